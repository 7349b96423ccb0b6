"""The demo programme's earlier run: twelve weeks that ended a few weeks before the
build, with what came of its teams.

One enterprise launched (a coffee bar that is a career path for young people without a
diploma), one carries on in continuation with a resident who joined after the twelve
weeks (a network of neighbourhood connectors), and one faded. The run's public page
lists the first two, and its published brochure showcases them, naming and quoting only
the members who consented: one member never consented and one withdrew.

Everything goes through the models' own ways of doing it (phase changes, iterations,
reviews, consent, quotes), once: a rerun finds each thing by its key and leaves it be.
The run has no modules of its own: its reflections answer the general questions.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from courses.models import Membership, ProgrammePage, Role
from home.models import BrochurePage
from learninglab import consent
from prototypes import reminders
from prototypes.models import (
    CoachingSession,
    FeedbackAnswer,
    FeedbackLink,
    Prototype,
    Quote,
    Reflection,
    ReflectionScale,
    ReflectionScore,
    Reminder,
    Review,
    SessionParticipant,
    Team,
    TeamMember,
    TeamPhaseChange,
)
from prototypes.models.reflections import find_period, prompts_for
from prototypes.models.reviews import Rubric

from . import programme
from .blocks import text
from .people import Person

# The run started fourteen weeks before the running one: twelve weeks and a break.
WEEKS_BEFORE_RUNNING = programme.WEEKS + 2
COORDINATOR = "coordinator@example.org"
BROCHURE = consent.Consent.Purpose.BROCHURE

PROGRAMME = {
    "nl": {
        "slug": "sociaal-ondernemen-overvecht-eerste-ronde",
        "title": "Sociaal ondernemen in de wijk — Overvecht, {season} (eerste ronde)",
        "summary": (
            "De eerste ronde in Overvecht, afgerond. Drie gemengde teams werkten twaalf "
            "weken aan een vraag uit de wijk: één onderneming is gestart, één gaat door in "
            "het vervolgtraject met nieuwe bewoners, en één is gestopt."
        ),
    },
    "en": {
        "slug": "social-enterprise-overvecht-first-round",
        "title": "Social enterprise in the neighbourhood — Overvecht, {season} (first round)",
        "summary": (
            "The first round in Overvecht, now finished. Three mixed teams spent twelve "
            "weeks on a question from the neighbourhood: one enterprise has launched, one "
            "carries on in the continuation with new residents, and one has stopped."
        ),
    },
}

# The second coordinator approves brochures that the first submits, and the other way round.
PEOPLE = [
    Person("coordinator2@example.org", "Jeroen Kuipers", Role.COORDINATOR),
    Person("milan.devries@example.org", "Milan de Vries", Role.STUDENT),
    Person("fatima.ziani@example.org", "Fatima Ziani", Role.RESIDENT),
    Person("jayden.kok@example.org", "Jayden Kok", Role.RESIDENT),
    Person("sophie.meijer@example.org", "Sophie Meijer", Role.STUDENT),
    Person("rachid.benali@example.org", "Rachid Benali", Role.RESIDENT),
    Person("iris.hoekstra@example.org", "Iris Hoekstra", Role.STUDENT),
    Person("thijs.brouwer@example.org", "Thijs Brouwer", Role.STUDENT),
    Person("esra.kaya@example.org", "Esra Kaya", Role.RESIDENT),
    Person("mirjam.dekker@example.org", "Mirjam Dekker", Role.RESIDENT),
    Person("ben.walker@example.org", "Ben Walker", Role.STUDENT, language="en"),
    Person("gloria.martina@example.org", "Gloria Martina", Role.RESIDENT),
    Person("winston.pinas@example.org", "Winston Pinas", Role.RESIDENT),
    Person("kim.bakker@example.org", "Kim Bakker", Role.STUDENT),
    Person("dylan.rozenberg@example.org", "Dylan Rozenberg", Role.RESIDENT),
    Person("yara.said@example.org", "Yara Said", Role.STUDENT),
]
# Demo people of the running programme who coordinated or coached this run too.
RETURNING = {
    COORDINATOR: Role.COORDINATOR,
    "coach@example.org": Role.COACH,
    "ingrid.bos@example.org": Role.COACH,
    "daniel.mensah@example.org": Role.COACH,
}


@dataclass(frozen=True)
class PastReflection:
    author: str
    kind: str
    answer: str
    scores: tuple[int, int, int, int]
    # Words from the answer that the author offers for the brochures.
    quote: str = ""


@dataclass(frozen=True)
class PastAnswer:
    """A stakeholder's answer through the team's feedback link, as the form stores it."""

    organisation: str
    real_need: int
    would_use: str
    would_pay: str
    would_partner: str
    better: str = ""


@dataclass(frozen=True)
class PastTeam:
    name: str
    question: str
    phase: str
    phase_note: str
    members: list[str]
    coaches: list[str]
    canvas: dict[str, str] = field(default_factory=dict)
    # The test and learning card of the iteration the coach accepted.
    iteration: dict[str, str] = field(default_factory=dict)
    # What stakeholders answered on that iteration, in the week it was tested.
    feedback: list[PastAnswer] = field(default_factory=list)
    reflections: list[PastReflection] = field(default_factory=list)
    # Members who joined after the twelve weeks, in continuation.
    joined_later: list[str] = field(default_factory=list)
    consenting: list[str] = field(default_factory=list)
    # Members who consented and then withdrew it.
    withdrawn: list[str] = field(default_factory=list)
    # The brochure's introduction of the team, per language (none: not showcased).
    showcase: dict[str, str] = field(default_factory=dict)


MIDTERM, FINAL = Reflection.Kind.MIDTERM, Reflection.Kind.FINAL
# Each team met its coach in these programme weeks, on Wednesday morning.
SESSION_WEEKS = (4, 9)
# The week the teams tested their iteration with stakeholders and asked for feedback.
FEEDBACK_WEEK = 6

TEAMS = [
    PastTeam(
        name="Koffiebar Opstap",
        question=(
            "Hoe krijgen jongeren uit Overvecht zonder diploma een eerste stap naar werk, "
            "in hun eigen wijk?"
        ),
        phase=Team.Phase.LAUNCHED,
        phase_note="Gestart: de koffiebar is open, met vier leerplekken.",
        members=[
            "milan.devries@example.org",
            "fatima.ziani@example.org",
            "jayden.kok@example.org",
            "sophie.meijer@example.org",
            "rachid.benali@example.org",
            "iris.hoekstra@example.org",
        ],
        coaches=["coach@example.org"],
        canvas={
            "beneficiaries": "Jongeren van 17 tot 23 uit de wijk zonder startkwalificatie.",
            "customers": "Bewoners, winkelend publiek en de kantoren rond het winkelcentrum.",
            "social_value_proposition": (
                "Een leerwerkplek achter de bar: jongeren leren het vak en krijgen een "
                "praktijkverklaring waarmee ze verder kunnen."
            ),
            "customer_value_proposition": "Goede koffie voor een eerlijke prijs, om de hoek.",
            "key_activities": "Koffie zetten en verkopen, leerplekken begeleiden, catering.",
            "partners": "ROC, de woningcorporatie, een koffiebranderij uit de stad.",
            "revenue": "Verkoop van koffie en lunch, catering voor bijeenkomsten in de wijk.",
            "impact_measures": "Aantal jongeren dat een praktijkverklaring haalt of doorstroomt.",
        },
        iteration={
            "we_believe": "Jongeren zonder diploma willen leren in een echte zaak in hun wijk.",
            "to_verify_we_will": "Twee zaterdagen een pop-up koffiebar draaien met vier jongeren.",
            "and_measure": "Hoeveel jongeren beide dagen komen en wat klanten besteden.",
            "we_are_right_if": "Drie van de vier jongeren komen terug en we draaien quitte.",
            "stakeholders": "Jongerenwerk, het ROC, winkeliers op het plein.",
            "we_observed": "Alle vier kwamen terug; twee namen een vriend mee.",
            "we_learned": "Verantwoordelijkheid voor de kassa gaf de jongeren trots.",
            "therefore_we_will": "Een vaste plek zoeken en een leerroute met het ROC opzetten.",
        },
        feedback=[
            PastAnswer("Jongerenwerk Overvecht", 5, "yes", "maybe", "yes"),
            PastAnswer(
                "Bakkerij op het plein",
                4,
                "yes",
                "yes",
                "maybe",
                "Open ook op zaterdagochtend, dan is het plein het drukst.",
            ),
            PastAnswer("", 5, "yes", "yes", "no", "Graag ook thee en iets hartigs."),
            PastAnswer(
                "Het ROC",
                4,
                "maybe",
                "no",
                "yes",
                "Leg vast wat de jongeren leren, dan kan het meetellen voor een diploma.",
            ),
            PastAnswer("", 3, "maybe", "maybe", "no"),
            PastAnswer("Woningcorporatie, team Overvecht", 4, "yes", "maybe", "yes"),
        ],
        reflections=[
            PastReflection(
                "fatima.ziani@example.org",
                MIDTERM,
                "Ik dacht eerst dat jongeren geen zin zouden hebben. Op het plein zag ik "
                "het tegendeel: ze stonden te trappelen om achter de bar te staan.",
                (3, 4, 3, 4),
            ),
            PastReflection(
                "fatima.ziani@example.org",
                FINAL,
                "Jayden stond na drie weken zelf de nieuwe jongens in te werken. Daar doen "
                "we het voor: wie hier leert, leert straks een ander.",
                (4, 5, 4, 5),
                quote="Wie hier leert, leert straks een ander.",
            ),
            PastReflection(
                "iris.hoekstra@example.org",
                FINAL,
                "Als student leerde ik: een plan klopt pas als de wijk het wil. Onze eerste "
                "begroting klopte niet, de tweede wel, dankzij de winkeliers.",
                (3, 4, 4, 4),
                quote="Een plan klopt pas als de wijk het wil.",
            ),
            PastReflection(
                "milan.devries@example.org",
                MIDTERM,
                "We hebben te lang gepraat en te weinig geprobeerd. Na de pop-up ging het "
                "ineens snel.",
                (2, 3, 3, 3),
            ),
            PastReflection(
                "rachid.benali@example.org",
                FINAL,
                "Ik help graag mee achter de schermen, met de inkoop en de sleutels.",
                (3, 3, 4, 3),
            ),
        ],
        consenting=[
            "milan.devries@example.org",
            "fatima.ziani@example.org",
            "jayden.kok@example.org",
            "sophie.meijer@example.org",
            "iris.hoekstra@example.org",
        ],
        showcase={
            "nl": (
                "Een koffiebar op het winkelcentrum die ook een leerplek is: jongeren "
                "zonder diploma leren er het vak, samen met bewoners die het runnen."
            ),
            "en": (
                "A coffee bar at the shopping centre that is also a place to learn: young "
                "people without a diploma learn the trade there, with the residents who "
                "run it."
            ),
        },
    ),
    PastTeam(
        name="Buurtverbinders Overvecht",
        question="Hoe vinden bewoners die er alleen voor staan de weg naar elkaar en naar hulp?",
        phase=Team.Phase.CONTINUATION,
        phase_note="Gaat door in het vervolgtraject, met een nieuwe bewoner erbij.",
        members=[
            "thijs.brouwer@example.org",
            "esra.kaya@example.org",
            "mirjam.dekker@example.org",
            "ben.walker@example.org",
            "gloria.martina@example.org",
        ],
        coaches=["ingrid.bos@example.org"],
        canvas={
            "beneficiaries": "Bewoners die weinig mensen kennen of de weg naar hulp niet vinden.",
            "customers": "Het buurtteam en de woningcorporatie, die de verbinders een vergoeding geven.",
            "social_value_proposition": (
                "Bewoners die de wijk kennen worden buurtverbinder: ze gaan op bezoek, "
                "luisteren en brengen mensen bij elkaar en bij de juiste hulp."
            ),
            "key_activities": "Huisbezoeken, een wekelijkse inloop, een training voor nieuwe verbinders.",
            "revenue": "Een vergoeding per verbinder van het buurtteam; giften van fondsen.",
            "impact_measures": "Aantal bewoners dat na drie maanden iemand in de buurt kent.",
        },
        iteration={
            "we_believe": "Bewoners doen eerder open voor een buurvrouw dan voor een instantie.",
            "to_verify_we_will": "In twee portieken aanbellen met koffie en een kaart van de wijk.",
            "and_measure": "Hoeveel mensen opendoen, en hoeveel naar de inloop komen.",
            "we_are_right_if": "Een op de vier komt daarna minstens één keer naar de inloop.",
            "stakeholders": "Het buurtteam, de huismeester, bewoners van twee portieken.",
            "we_observed": "Negen van de dertig kwamen naar de inloop, vooral ouderen.",
            "we_learned": "Een bekend gezicht opent deuren die een brief niet opent.",
            "therefore_we_will": "Meer verbinders werven en ze samen met het buurtteam trainen.",
        },
        feedback=[
            PastAnswer(
                "Buurtteam Overvecht",
                5,
                "yes",
                "maybe",
                "yes",
                "Spreek af wanneer een verbinder ons belt en wanneer niet.",
            ),
            PastAnswer("", 4, "yes", "no", "no", "Kom ook eens op een avond, dan ben ik thuis."),
            PastAnswer("Huismeester, twee portieken", 4, "maybe", "no", "yes"),
            PastAnswer("", 5, "yes", "no", "maybe"),
            PastAnswer(
                "Woningcorporatie, team Overvecht",
                4,
                "yes",
                "yes",
                "yes",
                "Een vergoeding per verbinder kunnen we een jaar lang proberen.",
            ),
        ],
        reflections=[
            PastReflection(
                "thijs.brouwer@example.org",
                MIDTERM,
                "Aanbellen vond ik doodeng. Gloria deed het voor en toen ging het vanzelf.",
                (2, 3, 3, 4),
            ),
            PastReflection(
                "thijs.brouwer@example.org",
                FINAL,
                "Ik heb geleerd: een wijk is geen probleem dat je oplost. Het zijn mensen, "
                "en die kennen elkaar vaak al, alleen nog niet allemaal.",
                (4, 4, 4, 5),
                quote="Een wijk is geen probleem dat je oplost. Het zijn mensen …",
            ),
            PastReflection(
                "ben.walker@example.org",
                FINAL,
                "I came for the credits and stayed for the coffee at the drop-in. Twelve "
                "weeks taught me more about listening than any lecture.",
                (3, 4, 4, 4),
                quote="Twelve weeks taught me more about listening than any lecture.",
            ),
            PastReflection(
                "mirjam.dekker@example.org",
                FINAL,
                "Ik ken nu de helft van mijn flat bij naam. Dat had ik nooit gedacht.",
                (4, 4, 5, 4),
                quote="Ik ken nu de helft van mijn flat bij naam.",
            ),
            PastReflection(
                "esra.kaya@example.org",
                MIDTERM,
                "Het buurtteam luistert nu naar ons, omdat wij mensen bereiken die zij niet zien.",
                (3, 3, 4, 4),
            ),
        ],
        joined_later=["winston.pinas@example.org"],
        consenting=[
            "thijs.brouwer@example.org",
            "esra.kaya@example.org",
            "ben.walker@example.org",
            "gloria.martina@example.org",
            "winston.pinas@example.org",
        ],
        withdrawn=["mirjam.dekker@example.org"],
        showcase={
            "nl": (
                "Een netwerk van buurtverbinders: bewoners die aanbellen, luisteren en "
                "mensen bij elkaar brengen. Na de twaalf weken gingen ze door, met nieuwe "
                "bewoners erbij."
            ),
            "en": (
                "A network of neighbourhood connectors: residents who ring doorbells, "
                "listen and bring people together. After the twelve weeks they carried on, "
                "joined by new residents."
            ),
        },
    ),
    PastTeam(
        name="Jongerenplek Het Dak",
        question="Waar kunnen jongeren 's avonds samenkomen zonder dat het overlast heet?",
        phase=Team.Phase.STOPPED,
        phase_note="Gestopt: geen vaste ruimte gevonden; de jongeren sloten aan bij de koffiebar.",
        members=[
            "kim.bakker@example.org",
            "dylan.rozenberg@example.org",
            "yara.said@example.org",
        ],
        coaches=["daniel.mensah@example.org"],
        canvas={
            "beneficiaries": "Jongeren van 14 tot 20 die 's avonds op straat hangen.",
            "social_value_proposition": "Een eigen plek, door jongeren zelf gerund.",
        },
        reflections=[
            PastReflection(
                "kim.bakker@example.org",
                MIDTERM,
                "Zonder ruimte hebben we niets om te testen. Misschien moeten we kleiner beginnen.",
                (2, 2, 3, 3),
            ),
        ],
    ),
]

BROCHURE_PAGE = {
    "nl": {
        "slug": "brochure",
        "title": "Wat de eerste ronde in Overvecht opleverde",
        "intro": (
            "Twaalf weken, drie teams, en twee ondernemingen die de wijk nu kent: een "
            "terugblik op de eerste ronde."
        ),
        "heading": "Twaalf weken in Overvecht",
        "text": (
            "<p>Studenten en bewoners begonnen met een vraag uit de wijk en eindigden met "
            "iets dat werkt. De koffiebar is open; de buurtverbinders gaan door met nieuwe "
            "bewoners. Een derde team stopte, en ook dat hoort erbij.</p>"
            "<p>Wie in deze brochure met naam of woorden staat, heeft daar zelf "
            "toestemming voor gegeven.</p>"
        ),
    },
    "en": {
        "slug": "brochure",
        "title": "What the first round in Overvecht achieved",
        "intro": (
            "Twelve weeks, three teams, and two enterprises the neighbourhood now knows: "
            "a look back at the first round."
        ),
        "heading": "Twelve weeks in Overvecht",
        "text": (
            "<p>Students and residents started with a question from the neighbourhood and "
            "ended with something that works. The coffee bar is open; the neighbourhood "
            "connectors carry on with new residents. A third team stopped, and that is "
            "part of it too.</p>"
            "<p>Everyone named or quoted in this brochure agreed to it themselves.</p>"
        ),
    },
}


def build(builder, locales, running, password):
    """The earlier run beside the running programme (`running`: its pages by language):
    its pages, people, teams and their work, consents, quotes and published brochure."""
    # Imported when called: the build module imports this one.
    from .build import DEFAULT_LANGUAGE

    start_date = builder.start_date - datetime.timedelta(weeks=WEEKS_BEFORE_RUNNING)
    pages = _programme_pages(builder, locales, running[DEFAULT_LANGUAGE].get_parent(), start_date)
    source = pages[DEFAULT_LANGUAGE]
    users = _people(builder, source, password)
    for demo in TEAMS:
        team = _team(source, demo, users, start_date)
        _work(team, demo, users)
        _sessions(team, demo, users)
        _consents(source, demo, users)
        if team.phase != demo.phase:
            TeamPhaseChange.record(team, demo.phase, by=users[COORDINATOR], note=demo.phase_note)
    _brochure(builder, locales, pages)
    return pages


def _programme_pages(builder, locales, index, start_date):
    """The run's programme page in every language, beside the running programme."""
    season = programme.seasons(start_date)

    def fields(language):
        content = PROGRAMME[language]
        return {
            # The pillars and the continuation are told as for the running programme.
            **programme.PROGRAMME[language],
            **content,
            "title": content["title"].format(season=season[language]),
            "start_date": start_date,
            "weeks": programme.WEEKS,
            "time_zone": programme.TIME_ZONE,
            "enrolment_open": False,
        }

    return _in_every_language(builder, locales, index, ProgrammePage, fields)


def _in_every_language(builder, locales, parent, model, fields):
    """A page under `parent` with `fields(language)`, and its translations, by language."""
    from .build import DEFAULT_LANGUAGE, TRANSLATIONS

    pages = {DEFAULT_LANGUAGE: builder.child(parent, model, fields(DEFAULT_LANGUAGE))}
    for language in TRANSLATIONS:
        pages[language] = builder.translation(
            pages[DEFAULT_LANGUAGE], locales[language], fields(language)
        )
    return pages


def _people(builder, programme_page, password):
    """The run's people with their memberships, by email address: its own, and the
    coordinator and coaches of the running programme who were there too."""
    from .build import _upsert

    users = {
        person.email: builder.person(person.email, person.display_name, person.language, password)
        for person in PEOPLE
    }
    roles = {person.email: person.role for person in PEOPLE} | RETURNING
    users |= {user.email: user for user in get_user_model().objects.filter(email__in=RETURNING)}
    for email, role in roles.items():
        _upsert(Membership, {"programme": programme_page, "user": users[email]}, {"role": role})
    return users


def _team(programme_page, demo, users, start_date):
    """The team with its members (some who joined after the twelve weeks), coaches and
    canvas. It is made in the programme's phase; its later phase is a recorded change."""
    from .build import _upsert

    team = _upsert(
        Team,
        {"programme": programme_page, "name": demo.name},
        {"neighbourhood_question": demo.question},
    )
    roles = {person.email: person.role for person in PEOPLE}
    later = programme_page.end_date + datetime.timedelta(days=10)
    for email in [*demo.members, *demo.joined_later]:
        _upsert(
            TeamMember,
            {"team": team, "user": users[email], "left_on": None},
            {
                "role": roles[email],
                "joined_on": later if email in demo.joined_later else start_date,
            },
        )
    coaches = {users[email].pk for email in demo.coaches}
    if set(team.coaches.values_list("pk", flat=True)) != coaches:
        team.coaches.set(coaches)
        team.save()
    _upsert(Prototype, {"team": team}, demo.canvas)
    return team


def _work(team, demo, users):
    """The accepted iteration, the reflections with their scores, and the quotes their
    authors offered from them; each made once, as the team and its coach did."""
    from .build import DEFAULT_LANGUAGE, _upsert

    programme_page = team.programme
    prototype = team.prototype
    if demo.iteration and not prototype.iterations.exists():
        author = users[demo.members[0]]
        iteration = prototype.start_iteration(by=author)
        iteration.edit(demo.iteration, by=author)
        iteration.submit(by=author)
        with translation.override(DEFAULT_LANGUAGE):
            rubric = Rubric.objects.for_programme(programme_page).snapshot()
        review = Review.record(
            iteration,
            users[demo.coaches[0]],
            rubric=rubric,
            scores=[3] * len(rubric),
            decision=Review.Decision.ACCEPTED,
            comment="Sterk getest met echte klanten; de volgende stap volgt uit wat jullie zagen.",
        )
        _deliver_on_commit(review)
    if demo.feedback:
        _feedback(prototype.iterations.get(number=1), demo, users[demo.members[0]])
    with translation.override(DEFAULT_LANGUAGE):
        scales = list(ReflectionScale.objects.for_programme(programme_page))
    for demo_reflection in demo.reflections:
        week = programme.WEEKS if demo_reflection.kind == FINAL else programme.WEEKS // 2
        with translation.override(DEFAULT_LANGUAGE):
            period = find_period(team, demo_reflection.kind, week)
            prompt = prompts_for(team, period)[0]
        reflection = _upsert(
            Reflection,
            {
                "author": users[demo_reflection.author],
                "team": team,
                "kind": demo_reflection.kind,
                "period": week,
            },
            {
                "answers": [{"prompt": prompt, "answer": demo_reflection.answer}],
                "visibility": Reflection.Visibility.COACH,
                "created_at": datetime.datetime.combine(
                    period.last_day, datetime.time(20), tzinfo=programme_page.zone
                ),
            },
        )
        for scale, value in zip(scales, demo_reflection.scores, strict=True):
            _upsert(ReflectionScore, {"reflection": reflection, "scale": scale}, {"value": value})
        if demo_reflection.quote and not reflection.quotes.exists():
            Quote.offer(reflection, demo_reflection.quote)


def _feedback(iteration, demo, author):
    """The stakeholders' answers on the team's iteration, through the one link the team
    made for them in the week it tested; made once. Stored as the feedback form stores
    them, each with the moment its stakeholder agreed, without the notices of the day:
    the run is over."""
    if iteration.feedback_links.exists():
        return
    programme_page = iteration.prototype.team.programme
    day = programme_page.date_in_week(FEEDBACK_WEEK, "3")
    made_at = datetime.datetime.combine(day, datetime.time(9), tzinfo=programme_page.zone)
    link = FeedbackLink.objects.create(
        iteration=iteration,
        label="Stakeholders van de test",
        created_by=author,
        created_at=made_at,
        expires_at=made_at + datetime.timedelta(days=14),
    )
    FeedbackAnswer.objects.bulk_create(
        FeedbackAnswer(
            link=link,
            real_need=answer.real_need,
            would_use=answer.would_use,
            would_pay=answer.would_pay,
            would_partner=answer.would_partner,
            better=answer.better,
            organisation=answer.organisation,
            language="nl",
            consented_at=made_at + datetime.timedelta(hours=3 + number),
            created_at=made_at + datetime.timedelta(hours=3 + number),
        )
        for number, answer in enumerate(demo.feedback)
    )


def _sessions(team, demo, users):
    """The coaching sessions the team held during the programme, and who came: the
    last member missed the second one. A session that moves with the build is a new
    version of its calendar event, as in the running programme."""
    from .build import DEMO_NAMESPACE, _upsert

    programme_page = team.programme
    for number, week in enumerate(SESSION_WEEKS):
        day = programme_page.date_in_week(week, "2")
        starts_at = datetime.datetime.combine(day, datetime.time(10), tzinfo=programme_page.zone)
        uid = uuid.uuid5(DEMO_NAMESPACE, f"{demo.name}-week-{week}")
        before = CoachingSession.objects.filter(uid=uid).values("starts_at", "sequence").first()
        session = _upsert(
            CoachingSession,
            {"uid": uid},
            {
                "team": team,
                "coach": users[demo.coaches[0]],
                "starts_at": starts_at,
                "sequence": 0
                if before is None
                else before["sequence"] + (before["starts_at"] != starts_at),
                "place": programme.BUURTKAMER["nl"],
                "agenda": "Waar staan jullie, wat hebben jullie getest, wat is de volgende stap?",
                "status": CoachingSession.Status.HELD,
                "shared_notes": "Samen teruggekeken op de laatste test en de volgende afgesproken.",
            },
        )
        for email in demo.members:
            _upsert(
                SessionParticipant,
                {"session": session, "user": users[email]},
                {
                    "answer": SessionParticipant.Answer.CONFIRMED,
                    "answered_at": starts_at - datetime.timedelta(days=2),
                    "attended": not (number and email == demo.members[-1]),
                },
            )


def _deliver_on_commit(review):
    """Send the team the notice of its review once the demo is committed, as the worker
    would, so the demo leaves no notice waiting for a worker that may not run."""
    ids = list(
        Reminder.objects.filter(
            kind=Reminder.Kind.REVIEW_RECEIVED, object_id=review.pk, state=Reminder.State.PENDING
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: reminders.deliver(ids))


def _consents(programme_page, demo, users):
    """Brochure consent of the members who gave it, given once, at the end of the
    twelve weeks (or when they joined); those who withdrew did so two weeks later."""
    end = datetime.datetime.combine(
        programme_page.end_date, datetime.time(18), tzinfo=programme_page.zone
    )
    for email in [*demo.consenting, *demo.withdrawn]:
        user = users[email]
        if consent.Consent.objects.for_purpose(BROCHURE, programme_page).filter(user=user).exists():
            continue
        joined = user.team_memberships.filter(team__programme=programme_page).first()
        at = max(end, datetime.datetime.combine(joined.joined_on, end.timetz()))
        given = consent.give(
            user, BROCHURE, programme_page, language=user.preferred_language, at=at
        )
        if email in demo.withdrawn:
            consent.withdraw(given, at=at + datetime.timedelta(weeks=2))


def _brochure(builder, locales, pages):
    """The run's brochure, published as an approved brochure is (its PDF is made by the
    worker on publication); a rerun publishes it again only if its content changed."""
    from .build import DEFAULT_LANGUAGE

    teams = {team.name: team.pk for team in Team.objects.filter(programme=pages[DEFAULT_LANGUAGE])}

    def fields(language):
        content = BROCHURE_PAGE[language]
        return {
            "slug": content["slug"],
            "title": content["title"],
            "intro": content["intro"],
            "body": [
                {"type": "heading", "value": content["heading"]},
                text(content["text"]),
                *[
                    {
                        "type": "showcase",
                        "value": {
                            "team": teams[demo.name],
                            "introduction": demo.showcase[language],
                        },
                    }
                    for demo in TEAMS
                    if demo.showcase
                ],
            ],
        }

    _in_every_language(builder, locales, pages[DEFAULT_LANGUAGE], BrochurePage, fields)
