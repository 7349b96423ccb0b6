"""The brochure benchmark's data: a programme whose brochure shows every one of its teams.

Built with the project's own models as people would leave them: teams with members,
consents and offered quotes, a filled canvas and an accepted iteration, and a brochure
published as its approval would publish it (the PDF itself is left to the benchmark).
"""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Locale

from courses.models import Membership, ProgrammeIndexPage, ProgrammePage, Role
from home.models import BrochurePage, BrochurePdf
from learninglab import consent
from learninglab.accounts.models import User
from prototypes.models import Iteration, Prototype, Quote, Reflection, Team, TeamMember

# As long as what teams write in a canvas block or on a card: a sentence or two.
WORDS = "Buren die alleen eten; elke zaterdag koken we samen in de buurtkamer van de bibliotheek."
QUOTE = "Ik kende mijn buren niet, nu plannen we zelf de volgende maaltijd."


def image() -> Image:
    """A photo-sized picture, as an editor would upload one."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 1000), (11, 94, 74)).save(buffer, "JPEG", quality=85)
    return Image.objects.create(
        title="De wijk", file=ImageFile(buffer, name="wijk.jpg"), width=1600, height=1000
    )


def build_programme(teams: int, members: int, consenting: int) -> BrochurePage:
    index = ProgrammeIndexPage.objects.get(locale=Locale.get_default())
    programme = ProgrammePage(
        title="Sociaal ondernemen in de wijk — Overvecht",
        slug="overvecht",
        summary="Twaalf weken lang bouwen studenten en bewoners samen sociale ondernemingen.",
        start_date=datetime.date.today() - datetime.timedelta(weeks=14),
        weeks=12,
    )
    index.add_child(instance=programme)
    programme.save_revision().publish()
    coordinator = User.objects.create_user(
        email="coordinator@bench.example.org", display_name="Coördinator"
    )
    Membership.objects.create(user=coordinator, programme=programme, role=Role.COORDINATOR)

    built = []
    for number in range(1, teams + 1):
        team = Team.objects.create(
            programme=programme,
            name=f"Team {number:03d}: De Wijkkeuken",
            neighbourhood_question="Hoe leren buren elkaar kennen als er geen plek is om samen te komen?",
        )
        people = User.objects.bulk_create(
            User(
                email=f"team{number}-member{m}@bench.example.org",
                display_name=f"Deelnemer {number}.{m}",
                preferred_language="nl",
            )
            for m in range(members)
        )
        TeamMember.objects.bulk_create(
            TeamMember(team=team, user=person, role=Role.STUDENT if m % 2 else Role.RESIDENT)
            for m, person in enumerate(people)
        )
        for person in people[:consenting]:
            consent.give(person, consent.Consent.Purpose.BROCHURE, programme, language="nl")
        prototype = Prototype.objects.create(
            team=team,
            **dict.fromkeys(Prototype.CANVAS_FIELDS, WORDS),
        )
        Iteration.objects.create(
            prototype=prototype,
            number=1,
            status=Iteration.Status.ACCEPTED,
            we_believe=WORDS,
            to_verify_we_will=WORDS,
            and_measure=WORDS,
            we_are_right_if=WORDS,
            we_observed=WORDS,
            we_learned=WORDS,
            therefore_we_will=WORDS,
        )
        for author in people[:2]:
            reflection = Reflection.objects.create(
                author=author, team=team, period=1, answers=[{"prompt": "Wat?", "answer": QUOTE}]
            )
            Quote.offer(reflection, QUOTE)
        built.append(team)

    page = BrochurePage(
        title="Wat de wijk bouwde",
        slug="brochure",
        intro="Twaalf weken werk van studenten en bewoners, team voor team.",
        body=[
            ("heading", "Het programma"),
            ("text", f"<p>{WORDS}</p>" * 3),
            ("image", {"image": image(), "alt_text": "De wijk", "caption": "De wijk"}),
            ("heading", "De teams"),
            *[("showcase", {"team": team, "introduction": WORDS}) for team in built],
        ],
    )
    programme.add_child(instance=page)
    revision = page.save_revision()
    # Publishing queues the PDF on commit; the benchmark makes it itself, in a fresh
    # process, so that its time and memory are the making's alone.
    revision.publish()
    BrochurePdf.queue(page.pk)
    return page
