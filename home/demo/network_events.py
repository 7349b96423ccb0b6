"""The network's events on the demo site: a conference on job creation through social
enterprise, a networking meeting, and the programme's own workshop on the social
business model canvas, in Dutch (the default) and English, with registrations.

Dates follow the build (whole days ahead, at a fixed time in Amsterdam), so the agenda
looks alive whenever the demo is built and a rerun on the same day changes nothing.
The workshop is full and has a waiting list.
"""

import datetime
import zoneinfo

from home.models import EventIndexPage, EventPage, EventRegistration

from . import programme as demo_programme
from .blocks import text

AGENDA = {
    "nl": {
        "title": "Agenda",
        "slug": "agenda",
        "intro": "Bijeenkomsten, workshops en "
        "conferenties van het netwerk. Iedereen is welkom; aanmelden kan zonder account.",
    },
    "en": {
        "title": "Events",
        "slug": "events",
        "intro": "Meetings, workshops and conferences "
        "of the network. Everyone is welcome; no account is needed to register.",
    },
}
WORKSHOPS = {
    "nl": {
        "title": "Workshops",
        "slug": "workshops",
        "intro": "Workshops van deze ronde, open voor deelnemers en andere belangstellenden.",
    },
    "en": {
        "title": "Workshops",
        "slug": "workshops",
        "intro": "Workshops of this round, open to participants and anyone interested.",
    },
}

# (days after the build, start and end time in Amsterdam, synchronised fields, content)
CONFERENCE = (
    24,
    (datetime.time(9, 30), datetime.time(16, 30)),
    {"kind": EventPage.Kind.CONFERENCE, "capacity": 100, "waiting_list": True},
    {
        "nl": {
            "title": "Conferentie: werk maken met sociaal ondernemen",
            "slug": "conferentie-werk-sociaal-ondernemen",
            "summary": "Een dag met ondernemers, gemeente, vakbonden en bewoners over banen "
            "die sociale ondernemingen in de wijk maken.",
            "place": "Wijkcentrum De Dreef",
            "address": "Zamenhofdreef 40, Utrecht",
            "body": [
                text(
                    "<h2>Ochtend</h2><p>Sociale ondernemers vertellen over hun werk: jongeren "
                    "met autisme die gebruikte computers opknappen en verkopen, een "
                    "cateringproject voor jongeren, en vrouwen die van restpartijen stof "
                    "kussens naaien die naast designmerken worden verkocht.</p>"
                    "<h2>Middag: workshops</h2><ul><li>Diensten voor bewoners: veiligheid en "
                    "welzijn, een computerhulppunt, een winkel met overgebleven voedsel</li>"
                    "<li>Voedsel uit de wijk: een kas op het dak die restwarmte gebruikt</li>"
                    "<li>Milieu en hergebruik: repareren en upcyclen</li></ul>"
                )
            ],
        },
        "en": {
            "title": "Conference: creating jobs through social enterprise",
            "slug": "conference-jobs-social-enterprise",
            "summary": "A day with entrepreneurs, the municipality, unions and residents "
            "about the jobs social enterprises create in the neighbourhood.",
            "place": "De Dreef community centre",
            "address": "Zamenhofdreef 40, Utrecht",
            "body": [
                text(
                    "<h2>Morning</h2><p>Social entrepreneurs talk about their work: young "
                    "people with autism who refurbish and sell used computers, a catering "
                    "project for young people, and women who sew cushions from surplus "
                    "fabric, sold next to design brands.</p>"
                    "<h2>Afternoon: workshops</h2><ul><li>Services for residents: safety "
                    "and well-being, a computer help desk, a surplus-food shop</li>"
                    "<li>Food from the neighbourhood: a rooftop greenhouse heated with "
                    "surplus heat</li><li>Environment and reuse: repairing and "
                    "upcycling</li></ul>"
                )
            ],
        },
    },
)
NETWORKING = (
    10,
    (datetime.time(17, 0), datetime.time(19, 0)),
    {"kind": EventPage.Kind.NETWORKING, "capacity": None, "waiting_list": False},
    {
        "nl": {
            "title": "Netwerkborrel sociale ondernemers",
            "slug": "netwerkborrel",
            "summary": "Ontmoet sociale ondernemers, bedrijven en organisaties die willen "
            "helpen groeien. Met een korte pitch van drie teams.",
            "place": "Broedplaats Oost, begane grond",
            "address": "Vaartsche Rijn 12, Utrecht",
            "body": [],
        },
        "en": {
            "title": "Networking drinks for social entrepreneurs",
            "slug": "networking-drinks",
            "summary": "Meet social entrepreneurs and the companies and organisations that "
            "want to help them grow. With a short pitch by three teams.",
            "place": "Broedplaats Oost, ground floor",
            "address": "Vaartsche Rijn 12, Utrecht",
            "body": [],
        },
    },
)
CANVAS_WORKSHOP = (
    17,
    (datetime.time(19, 0), datetime.time(21, 0)),
    {
        "kind": EventPage.Kind.WORKSHOP,
        "capacity": 16,
        "waiting_list": True,
        "online_url": "https://meet.example.org/canvas-workshop",
    },
    {
        "nl": {
            "title": "Workshop: het sociale businessmodel-canvas",
            "slug": "workshop-sociaal-businessmodel-canvas",
            "summary": "Vul samen het canvas in voor je eigen idee: voor wie, met wie, wat "
            "het de wijk oplevert en hoe het zichzelf betaalt.",
            "place": "Buurthuis De Boog",
            "address": "Zamenhofdreef 1, Utrecht",
            "body": [
                text(
                    "<p>Neem je idee mee, hoe klein ook. We werken in kleine groepen en "
                    "sluiten af met een eerste testkaart. Ook online te volgen.</p>"
                )
            ],
        },
        "en": {
            "title": "Workshop: the social business model canvas",
            "slug": "workshop-social-business-model-canvas",
            "summary": "Fill in the canvas for your own idea together: for whom, with whom, "
            "what it brings the neighbourhood and how it pays for itself.",
            "place": "De Boog community house",
            "address": "Zamenhofdreef 1, Utrecht",
            "body": [
                text(
                    "<p>Bring your idea, however small. We work in small groups and end "
                    "with a first test card. You can also follow it online.</p>"
                )
            ],
        },
    },
)

EVENTS = [CONFERENCE, NETWORKING, CANVAS_WORKSHOP]

FIRST_NAMES = [
    "Amira",
    "Bram",
    "Chayenne",
    "Daan",
    "Esra",
    "Fenna",
    "Goran",
    "Hanna",
    "Ilias",
    "Jet",
    "Kofi",
    "Lotte",
    "Mehmet",
    "Noor",
    "Olaf",
    "Priya",
    "Quinten",
    "Rosa",
]


def build(builder, homes, locales, programmes):
    """The agenda below the home page and the workshops below the programme, in every
    language, with demo registrations (written directly: no emails)."""
    zone = zoneinfo.ZoneInfo(demo_programme.TIME_ZONE)
    today = builder.now.astimezone(zone).date()
    languages = [code for code in locales if code != "nl"]

    def index(parent, content):
        source = builder.child(
            parent["nl"], EventIndexPage, {**content["nl"], "show_in_menus": True}
        )
        pages = {"nl": source}
        for language in languages:
            pages[language] = builder.translation(
                source, locales[language], {**content[language], "show_in_menus": True}
            )
        return pages

    def event(indexes, spec):
        days_ahead, (start, end), shared, content = spec
        day = today + datetime.timedelta(days=days_ahead)
        extra = {
            **shared,
            "starts_at": datetime.datetime.combine(day, start, tzinfo=zone),
            "ends_at": datetime.datetime.combine(day, end, tzinfo=zone),
            "registration_closes_at": None,
        }
        pages = {"nl": builder.child(indexes["nl"], EventPage, {**content["nl"], **extra})}
        for language in languages:
            pages[language] = builder.translation(
                pages["nl"], locales[language], {**content[language], **extra}
            )
        return pages

    agenda = index(homes, AGENDA)
    conference = event(agenda, CONFERENCE)
    networking = event(agenda, NETWORKING)
    workshop = event(index(programmes, WORKSHOPS), CANVAS_WORKSHOP)

    registered_at = datetime.datetime.combine(today, datetime.time(9), tzinfo=zone)
    _register(conference, ["nl", "en", "nl", "nl", "en"], registered_at)
    _register(networking, ["nl", "nl", "en"], registered_at)
    # Every place taken and two on the waiting list.
    _register(workshop, ["nl"] * 14 + ["en"] * 4, registered_at)


def _register(pages, languages, registered_at):
    """Registrations of demo visitors, in the languages given; the first `capacity`
    confirmed, the rest on the waiting list. Found again by address on a rerun."""
    capacity = pages["nl"].capacity
    for n, (name, language) in enumerate(zip(FIRST_NAMES, languages, strict=False)):
        email = f"{name.lower()}.{pages['nl'].slug[:12]}@example.org"
        confirmed = capacity is None or n < capacity
        EventRegistration.objects.get_or_create(
            event__translation_key=pages["nl"].translation_key,
            email=email,
            defaults={
                "event": pages[language],
                "name": name,
                "status": EventRegistration.Status.CONFIRMED
                if confirmed
                else EventRegistration.Status.WAITING,
                "remarks": "Ik kom met de rolstoel." if n == 1 else "",
                "created_at": registered_at - datetime.timedelta(hours=len(languages) - n),
            },
        )
