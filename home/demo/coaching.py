"""The demo's coaching: when people can meet, a session held last week with its notes
and action items, a short check-in about to start, and one planned for next week that
not everyone has answered yet.

Times are wall-clock times in the programme's time zone, placed in programme weeks, so
the demo reads the same whichever week it is built in. The check-in is placed after the
moment of the build instead, so that the demo sends its reminders for real: the one of
"a day before" as it is built, the one of two hours before a few minutes later, when
Celery beat's scan finds it (see home/demo/build.py).
"""

import datetime
from dataclasses import dataclass, field

from prototypes.models import AvailabilityWindow

MON, TUE, WED, THU, FRI, SAT = range(6)


@dataclass(frozen=True)
class Window:
    weekday: int
    starts_at: datetime.time
    ends_at: datetime.time
    note: str = ""


def hours(start, end):
    return datetime.time(*start), datetime.time(*end)


# Residents fit the programme around work and childcare; students around lectures.
AVAILABILITY = {
    "resident@example.org": [
        Window(MON, *hours((9, 0), (11, 30)), "Na het brengen naar school"),
        Window(WED, *hours((9, 0), (11, 30)), "Na het brengen naar school"),
        Window(THU, *hours((19, 30), (21, 30)), "Als de kinderen slapen"),
    ],
    "nadia.haddou@example.org": [
        Window(MON, *hours((9, 30), (12, 0))),
        Window(WED, *hours((9, 0), (14, 30)), "Ophalen school 15:00"),
    ],
    "student@example.org": [
        Window(MON, *hours((9, 0), (12, 0))),
        Window(WED, *hours((9, 0), (17, 0))),
        Window(THU, *hours((13, 0), (17, 0))),
    ],
    "noah.visser@example.org": [
        Window(WED, *hours((10, 0), (17, 0))),
        Window(THU, *hours((19, 0), (21, 0))),
    ],
    "coach@example.org": [
        Window(MON, *hours((9, 0), (17, 0))),
        Window(WED, *hours((9, 0), (17, 0))),
        Window(THU, *hours((9, 0), (21, 30)), "Donderdagavond voor bewoners"),
    ],
    "ingrid.bos@example.org": [Window(TUE, *hours((9, 0), (16, 0)))],
    "emma.smit@example.org": [Window(TUE, *hours((13, 0), (17, 0)))],
    "ahmed.ouali@example.org": [Window(TUE, *hours((15, 0), (18, 0)), "Na mijn werk")],
}


@dataclass(frozen=True)
class Action:
    description: str
    owner: str
    due_weekday: int
    done: bool = False


@dataclass(frozen=True)
class Session:
    key: str  # stable, so a rerun updates the same session
    team: str
    coach: str
    place: str
    agenda: str
    # In a programme week, on a weekday, at a wall-clock time...
    week: int | None = None
    weekday: int | None = None
    time: datetime.time | None = None
    # ...or this long after the build, rounded up to five minutes.
    after_build: datetime.timedelta | None = None
    video_url: str = ""
    held: bool = False
    shared_notes: str = ""
    private_notes: str = ""
    # Who answered what; those not named have not answered.
    answers: dict[str, str] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()


SESSIONS = [
    Session(
        key="verbinding-week-2",
        team="Moederscafé De Verbinding",
        coach="coach@example.org",
        week=2,
        weekday=WED,
        time=datetime.time(9, 30),
        place="Buurtkamer, winkelcentrum Overvecht",
        agenda="Wat hebben de gesprekken met moeders opgeleverd? Welke vraag kiezen we?",
        held=True,
        shared_notes=(
            "Zes gesprekken gevoerd, vooral op het schoolplein. Moeders zoeken een plek "
            "zonder drempel; taal oefenen is voor velen de reden om te komen. "
            "Volgende stap: een proef-ochtend met koffie in de buurtkamer."
        ),
        private_notes="Samira neemt veel op zich; volgende keer vragen hoe het met de tijd gaat.",
        answers={
            "student@example.org": "confirmed",
            "resident@example.org": "confirmed",
            "noah.visser@example.org": "confirmed",
            "nadia.haddou@example.org": "declined",
        },
        absent=("nadia.haddou@example.org",),
        actions=(
            Action(
                "Buurtkamer vastleggen voor de proef-ochtend", "resident@example.org", MON, True
            ),
            Action("Test card voor de proef-ochtend schrijven", "student@example.org", THU),
        ),
    ),
    Session(
        key="verbinding-week-4",
        team="Moederscafé De Verbinding",
        coach="coach@example.org",
        week=4,
        weekday=WED,
        time=datetime.time(10, 0),
        place="Buurtkamer, winkelcentrum Overvecht",
        agenda="De proef-ochtend terugkijken en het canvas aanvullen.",
        answers={"resident@example.org": "confirmed", "student@example.org": "confirmed"},
    ),
    Session(
        key="verbinding-check-in",
        team="Moederscafé De Verbinding",
        coach="coach@example.org",
        # Just over two hours away: "a day before" is due at once, "two hours before"
        # a few minutes after the build.
        after_build=datetime.timedelta(hours=2, minutes=5),
        place="Videogesprek",
        video_url="https://meet.example.org/moederscafe-de-verbinding",
        agenda="Korte check-in: staat alles klaar voor de proef-ochtend?",
        # Nadia declined, so she is not reminded; Samira has not answered yet.
        answers={
            "student@example.org": "confirmed",
            "noah.visser@example.org": "confirmed",
            "nadia.haddou@example.org": "declined",
        },
    ),
]


def windows_for(email):
    return [
        AvailabilityWindow(
            weekday=window.weekday,
            starts_at=window.starts_at,
            ends_at=window.ends_at,
            note=window.note,
        )
        for window in AVAILABILITY.get(email, [])
    ]


@dataclass(frozen=True)
class DemoReflection:
    author: str
    team: str
    week: int
    answer: str
    # One score per scale of the programme, in the scales' order.
    scores: tuple[int, ...]
    visibility: str = "coach"


# Weeks 1 and 2 have passed; scores move a little, as they do in real programmes.
REFLECTIONS = [
    DemoReflection(
        "student@example.org",
        "Moederscafé De Verbinding",
        1,
        "Ik dacht dat ik de wijk kende, maar op het schoolplein hoorde ik verhalen die ik "
        "nooit had gehoord.",
        (2, 2, 2, 3),
    ),
    DemoReflection(
        "student@example.org",
        "Moederscafé De Verbinding",
        2,
        "Samira stelt betere vragen dan ik: ze begint bij wat mensen al doen.",
        (3, 3, 3, 4),
    ),
    DemoReflection(
        "resident@example.org",
        "Moederscafé De Verbinding",
        1,
        "Spannend om met studenten te werken. Ze luisteren goed.",
        (2, 4, 3, 2),
        "team",
    ),
    DemoReflection(
        "resident@example.org",
        "Moederscafé De Verbinding",
        2,
        "Ik heb zelf de buurtkamer gebeld. Dat durfde ik eerst niet.",
        (3, 4, 4, 3),
        "team",
    ),
    DemoReflection(
        "noah.visser@example.org",
        "Moederscafé De Verbinding",
        1,
        "Ik weet nog niet wat ik hier kan bijdragen.",
        (2, 1, 2, 2),
        "private",
    ),
    DemoReflection(
        "ahmed.ouali@example.org",
        "Wijksafari Overvecht",
        1,
        "Mijn buurjongens willen gids worden. Dat had ik niet verwacht.",
        (3, 4, 3, 3),
    ),
    DemoReflection(
        "emma.smit@example.org",
        "Wijksafari Overvecht",
        1,
        "De verhalen van Ahmed over het park veranderen hoe ik naar de wijk kijk.",
        (2, 2, 2, 3),
    ),
]
