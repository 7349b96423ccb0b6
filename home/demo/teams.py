"""The demo's teams: mixed teams of students and residents, each with a coach, one of
which has already stopped (not every enterprise makes it, and that is normal)."""

from dataclasses import dataclass, field

from prototypes.models import Team


@dataclass(frozen=True)
class DemoTeam:
    name: str
    question: str
    members: list[str]
    coaches: list[str]
    phase: str = Team.Phase.PROGRAMME
    canvas: dict[str, str] = field(default_factory=dict)


TEAMS = [
    DemoTeam(
        name="Moederscafé De Verbinding",
        question=(
            "Hoe vinden moeders in Overvecht die net in de wijk wonen elkaar, "
            "en een plek om te leren en te werken?"
        ),
        members=[
            "student@example.org",
            "resident@example.org",
            "noah.visser@example.org",
            "nadia.haddou@example.org",
        ],
        coaches=["coach@example.org"],
        canvas={
            "beneficiaries": "Moeders met jonge kinderen die nieuw zijn in Overvecht en weinig mensen kennen.",
            "customers": "Buurtbewoners en kantoren in de buurt die koffie en lunch kopen; de woningcorporatie die de ruimte huurt.",
            "social_value_proposition": "Een vaste plek waar moeders elkaar ontmoeten, Nederlands oefenen en werkervaring opdoen in de horeca.",
            "customer_value_proposition": "Betaalbare koffie en lunch met eten uit de wijk, en catering voor bijeenkomsten.",
            "channels": "Het consultatiebureau, de basisschool, moskee en kerk, en mond-tot-mondreclame.",
            "key_activities": "Het café runnen, taalkoffie op dinsdag, een leerwerkplek per seizoen.",
            "key_resources": "De buurtkamer op het winkelcentrum, vrijwilligers, een koffiemachine uit een donatie.",
            "partners": "Woningcorporatie, buurtteam, ROC-opleiding horeca.",
        },
    ),
    DemoTeam(
        name="Wijksafari Overvecht",
        question="Hoe laten we bezoekers de verborgen plekken en verhalen van Overvecht zien?",
        members=[
            "emma.smit@example.org",
            "ahmed.ouali@example.org",
            "lukas.schneider@example.org",
            "derya.yilmaz@example.org",
        ],
        coaches=["ingrid.bos@example.org", "coach@example.org"],
        canvas={
            "beneficiaries": "Jongeren uit de wijk die gids worden en zo werkervaring en trots opdoen.",
            "customers": "Studenten, bedrijfsuitjes en bezoekers van buiten die de wijk willen leren kennen.",
            "social_value_proposition": "Bewoners vertellen zelf het verhaal van hun wijk.",
        },
    ),
    DemoTeam(
        name="Startersloket",
        question="Waar kunnen bewoners met een bedrijfsidee terecht zonder de weg te moeten kennen?",
        members=["sem.dejong@example.org", "kevin.martis@example.org"],
        coaches=["daniel.mensah@example.org"],
        phase=Team.Phase.STOPPED,
        canvas={
            "beneficiaries": "Bewoners met een idee voor een eigen bedrijf.",
            "social_value_proposition": "Eén loket in de wijk, in gewone taal.",
        },
    ),
]
