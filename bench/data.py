"""The benchmark's data: one programme of twelve modules and one signed-up participant.

Built with the project's own models, as an editor and an invitation would leave them:
published pages with revisions, a verified email address, a membership.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from courses.models import (
    ContactMoment,
    Membership,
    ModulePage,
    ModuleProgress,
    OasisStep,
    ProgrammeIndexPage,
    ProgrammePage,
    Role,
)

PARTICIPANT_EMAIL = "deelnemer@bench.example.org"
PARTICIPANT_PASSWORD = "bench-participant-password"  # a throwaway database only
MODULES = 12
STEPS = list(OasisStep)


@dataclass
class BenchData:
    programme: ProgrammePage
    modules: list[ModulePage]
    participant_email: str
    participant_password: str


def paragraph(week: int, topic: str) -> str:
    return (
        f"<p>In week {week} werk je met je team aan {topic}. Jullie gaan de wijk in, "
        "praten met bewoners, winkeliers en organisaties, en leggen vast wat jullie zien "
        "en horen. Daarna kijken jullie samen terug: wat viel op, wat verraste, en wat "
        "betekent dat voor jullie vraag?</p>"
    )


def module_body(week: int) -> list:
    return [
        ("text", paragraph(week, "de vraag uit de wijk")),
        (
            "activity",
            {
                "title": f"Wijkwandeling week {week}",
                "duration_minutes": 90,
                "grouping": "team",
                "instructions": paragraph(week, "een wandeling langs plekken die ertoe doen"),
            },
        ),
        (
            "resource",
            {
                "title": "Het sociale business model",
                "description": "Een korte uitleg van de negen vakken van het canvas.",
                "url": "https://example.org/canvas",
                "document": None,
            },
        ),
        ("reflection_prompt", {"prompt": "Wat heb je deze week geleerd over de wijk?"}),
        (
            "deliverable",
            {
                "title": f"Verslag week {week}",
                "description": paragraph(week, "een kort verslag"),
                "due_day": "4",
                "completed_by": "reflection",
            },
        ),
    ]


def build(modules: int = MODULES, start_date: datetime.date | None = None) -> BenchData:
    """Create the programme, its modules and the participant (on an empty site)."""
    start_date = start_date or datetime.date.today() - datetime.timedelta(weeks=2)
    index = ProgrammeIndexPage.objects.get(locale=Locale.get_default())
    programme = ProgrammePage(
        title="Sociaal ondernemen in de wijk — Overvecht",
        slug="overvecht",
        summary=(
            "Twaalf weken lang werken studenten en jonge bewoners in gemengde teams aan een "
            "vraag uit de wijk, en bouwen samen een sociale onderneming."
        ),
        start_date=start_date,
        weeks=modules,
        enrolment_open=True,
        social_entrepreneurship=paragraph(1, "het sociale business model"),
        action_learning=paragraph(1, "leren door te doen"),
        oasis_method=paragraph(1, "de zeven stappen van Oasis"),
        continuation=paragraph(modules, "een vervolg na het programma"),
    )
    index.add_child(instance=programme)
    programme.save_revision().publish()

    pages = []
    for week in range(1, modules + 1):
        module = ModulePage(
            title=f"Week {week}: {STEPS[(week - 1) % len(STEPS)].label}",
            slug=f"week-{week}",
            week=week,
            oasis_step=STEPS[(week - 1) % len(STEPS)],
            action_learning_focus="Vragen stellen in plaats van antwoorden geven",
            summary=(
                f"In week {week} kijken we met een open blik naar de wijk en naar elkaar, "
                "en zetten we een volgende stap naar een eerste prototype."
            ),
            learning_goals=(
                "<ul><li>Je kunt beschrijven wat de wijk al heeft.</li>"
                "<li>Je kunt een vraag stellen die uitnodigt tot een gesprek.</li>"
                "<li>Je kunt terugkijken op wat je deed en wat het opleverde.</li></ul>"
            ),
            body=module_body(week),
        )
        module.contact_moments = [
            ContactMoment(
                title="Teambijeenkomst",
                weekday="1",
                start_time=datetime.time(13, 30),
                end_time=datetime.time(16, 30),
                place="Buurtkamer De Dreef",
            ),
            ContactMoment(
                title="Avondsessie voor bewoners",
                weekday="3",
                start_time=datetime.time(19, 0),
                end_time=datetime.time(21, 0),
                place="Wijkbibliotheek",
            ),
        ]
        programme.add_child(instance=module)
        module.save_revision().publish()
        pages.append(module)

    participant = get_user_model().objects.create_user(
        PARTICIPANT_EMAIL,
        PARTICIPANT_PASSWORD,
        display_name="Sam de Vries",
        preferred_language="nl",
    )
    EmailAddress.objects.create(
        user=participant, email=PARTICIPANT_EMAIL, verified=True, primary=True
    )
    Membership.objects.create(user=participant, programme=programme, role=Role.STUDENT)
    for module in pages[:2]:
        ModuleProgress.objects.create(user=participant, module=module)
    return BenchData(programme, pages, PARTICIPANT_EMAIL, PARTICIPANT_PASSWORD)
