"""Every kind of page a person meets reads wholly in the language of its address.

Each page is rendered in Dutch and in English. `<html lang>` names the language, and
the page's text (what is shown and what a screen reader says) holds none of our
catalogue's interface strings in the other language: an English msgid on a Dutch
page means a string left untranslated, a Dutch msgstr on an English page means Dutch
hard-coded where English was due.
"""

import datetime
import io
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from PIL import Image
from wagtail.models import Locale

from courses import invitations
from courses.models import ContactMoment, Invitation, Role
from home.models import HomePage, StandardPage
from prototypes import feedback
from prototypes.models import Evidence, FeedbackLink, Prototype, Review, Rubric
from prototypes.uploads import check_upload
from tests.factories import (
    PASSWORD,
    UserFactory,
    add_module,
    enrol,
    make_programme,
    make_team,
    programme_index,
    translate,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "en"]
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# A Wednesday in week 2 of a programme that starts on Monday 1 February 2027.
NOW = datetime.datetime(2027, 2, 10, 10, 0, tzinfo=datetime.UTC)

# Where a catalogue string is cut into the literal text a page can show.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]*>")


def telling(piece: str) -> bool:
    """Long enough, and more than one word, not to turn up by chance ("Week", "Open")."""
    return len(piece) >= 12 and " " in piece


def pieces(text: str) -> set[str]:
    parts = (" ".join(part.split()) for part in PLACEHOLDER.split(text))
    return {part for part in parts if telling(part)}


def catalogue_pairs(path: Path = CATALOGUE):
    """(English, Dutch) for every string of the catalogue, plural forms included."""
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            yield entry.msgid, entry.msgstr_plural.get(0, "")
            yield entry.msgid_plural, entry.msgstr_plural.get(1, "")
        else:
            yield entry.msgid, entry.msgstr


def foreign_text(pairs) -> dict[str, dict[str, str]]:
    """Per language, the pieces of text that must not appear in it, and their msgid.

    Only strings whose Dutch differs from the English count; an empty msgstr differs,
    so a string nobody translated shows up as English on Dutch pages.
    """
    english, dutch = {}, {}
    for msgid, msgstr in pairs:
        if msgstr == msgid:
            continue
        english.update(dict.fromkeys(pieces(msgid), msgid))
        dutch.update(dict.fromkeys(pieces(msgstr), msgid))
    # Text that is the same in both languages ("CSV UTF-8 …") is no sign of either.
    shared = english.keys() & dutch.keys()
    return {
        "nl": {piece: msgid for piece, msgid in english.items() if piece not in shared},
        "en": {piece: msgid for piece, msgid in dutch.items() if piece not in shared},
    }


@cache
def foreign_in(language: str) -> dict[str, str]:
    return foreign_text(catalogue_pairs())[language]


class VisibleText(HTMLParser):
    """The text a person sees or hears: text nodes, plus labels given in attributes."""

    HIDDEN = {"script", "style", "template"}
    SPOKEN = {"aria-label", "title", "alt", "placeholder"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        self.handle_startendtag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.parts.extend(value for name, value in attrs if name in self.SPOKEN and value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def other_language_in(html: str, language: str) -> list[str]:
    """The msgids of the catalogue strings that show in the other language."""
    text = visible_text(html)
    return sorted({msgid for piece, msgid in foreign_in(language).items() if piece in text})


def assert_reads_in(response, language: str, status: int = 200):
    html = response.content.decode()
    assert response.status_code == status, html[:500]
    assert f'<html lang="{language}">' in html
    assert other_language_in(html, language) == []


# --- The checker itself ------------------------------------------------------------------


def test_an_untranslated_string_is_found_on_a_dutch_page():
    pairs = [("You are not taking part in a programme yet.", "")]
    foreign = foreign_text(pairs)["nl"]
    page = "<html lang='nl'><p>You are not taking part\n  in a programme yet.</p></html>"

    assert [msgid for piece, msgid in foreign.items() if piece in visible_text(page)] == [
        "You are not taking part in a programme yet."
    ]


def test_placeholders_and_markup_split_a_string_into_the_text_a_page_shows():
    assert pieces("You sign in with <strong>%(email)s</strong>. Change your address.") == {
        "You sign in with",
        ". Change your address.",
    }
    assert pieces("Week %(week)s") == set()


def test_only_visible_and_spoken_text_counts():
    html = (
        "<head><title>Deze week</title><style>.x::after{content:'Sign in to see'}</style></head>"
        "<script>var s = 'Sign in to see the whole module';</script>"
        '<nav aria-label="Kruimelpad"><img alt="Een foto" src="x.png"></nav>'
        "<p>Log in om de hele module te zien</p>"
    )

    assert visible_text(html) == "Deze week Kruimelpad Een foto Log in om de hele module te zien"


def test_every_string_of_the_dutch_catalogue_is_checked_in_both_directions():
    english_pieces = set(foreign_in("nl"))
    dutch_pieces = set(foreign_in("en"))

    assert "Sign in to see the whole module" in english_pieces
    assert "Log in om de hele module te zien" in dutch_pieces
    assert "%(weeks)s weeks" not in english_pieces
    assert "Week" not in english_pieces


# --- The site ------------------------------------------------------------------------------

MODULE_BODY = {
    "nl": [
        ("text", "<p>Lees het hoofdstuk over waardeproposities.</p>"),
        (
            "video",
            {
                "video": "https://youtu.be/dQw4w9WgXcQ",
                "title": "Wijkverhalen",
                "transcript": "Drie bewoners over hun straat.",
            },
        ),
        (
            "activity",
            {
                "title": "Wijkwandeling",
                "duration_minutes": 90,
                "grouping": "team",
                "instructions": "<p>Loop door Overvecht en noteer wat opvalt.</p>",
            },
        ),
        (
            "resource",
            {"title": "Canvas", "description": "Het canvas.", "url": "https://example.org/c"},
        ),
        ("reflection_prompt", {"prompt": "Wat heb je gezien?"}),
        (
            "deliverable",
            {
                "title": "Eerste test",
                "description": "<p>Een ingevulde testkaart.</p>",
                "due_day": "4",
                "completed_by": "iteration",
            },
        ),
    ],
    "en": [
        ("text", "<p>Read the chapter on value propositions.</p>"),
        (
            "video",
            {
                "video": "https://youtu.be/dQw4w9WgXcQ",
                "title": "Neighbourhood stories",
                "transcript": "Three residents about their street.",
            },
        ),
        (
            "activity",
            {
                "title": "Neighbourhood walk",
                "duration_minutes": 90,
                "grouping": "team",
                "instructions": "<p>Walk through Overvecht and note what stands out.</p>",
            },
        ),
        (
            "resource",
            {"title": "Canvas", "description": "The canvas.", "url": "https://example.org/c"},
        ),
        ("reflection_prompt", {"prompt": "What did you see?"}),
        (
            "deliverable",
            {
                "title": "First test",
                "description": "<p>A filled-in test card.</p>",
                "due_day": "4",
                "completed_by": "iteration",
            },
        ),
    ],
}


def in_english(page, **fields):
    """The page's published English translation, with English content."""
    english = translate(page, "en")
    for name, value in fields.items():
        setattr(english, name, value)
    english.save_revision().publish()
    return type(english).objects.get(pk=english.pk)


@pytest.fixture(autouse=True)
def frozen():
    # allauth's rate limits live in the cache; each test starts with none used.
    django_cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A programme of two modules and a site page, in Dutch and English.

    Publishing them takes a few seconds, so they are built once for this module, in a
    transaction rolled back at its end; each test adds its people inside its own.
    """
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_site()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            # Wagtail caches the site's root paths, which named pages now rolled back.
            django_cache.clear()


def build_site():
    home = HomePage.objects.get(locale=Locale.get_default())
    home.intro = "Samen werken aan de wijk."
    home.save_revision().publish()
    about = StandardPage(
        title="Over ons",
        slug="over-ons",
        intro="Wie wij zijn.",
        body=[("text", "<p>Studenten en bewoners uit Overvecht.</p>")],
    )
    home.add_child(instance=about)
    about.save_revision().publish()

    programme = make_programme(
        title="Overvecht, voorjaar 2027",
        modules=0,
        social_entrepreneurship="<p>Ondernemen voor de wijk.</p>",
        action_learning="<p>Leren door te doen.</p>",
        oasis_method="<p>Zeven stappen.</p>",
        continuation="<p>Teams gaan door met nieuwe bewoners.</p>",
    )
    first = add_module(
        programme,
        1,
        title="Kennismaken met de wijk",
        oasis_step="look",
        action_learning_focus="Vragen stellen",
        learning_goals="<ul><li>De wijk kennen</li></ul>",
        body=MODULE_BODY["nl"],
        contact_moments=[
            ContactMoment(
                title="Startbijeenkomst",
                weekday="1",
                start_time=datetime.time(13),
                end_time=datetime.time(16),
                place="Buurthuis De Boog",
            )
        ],
    )
    second = add_module(
        programme, 2, title="Dromen verzamelen", duration_weeks=2, oasis_step="dream"
    )
    coordinator = UserFactory(email="coordinator@example.org", display_name="Fatima")
    enrol(coordinator, programme, Role.COORDINATOR)

    in_english(home, intro="Working together for the neighbourhood.")
    in_english(programme_index(), title="Programmes")
    in_english(about, title="About us", intro="Who we are.", body=[("text", "<p>Us.</p>")])
    in_english(
        programme,
        title="Overvecht, spring 2027",
        summary="Building social enterprises in the neighbourhood together.",
        social_entrepreneurship="<p>Enterprise for the neighbourhood.</p>",
        action_learning="<p>Learning by doing.</p>",
        oasis_method="<p>Seven steps.</p>",
        continuation="<p>Teams go on with new residents.</p>",
    )
    in_english(
        first,
        title="Getting to know the neighbourhood",
        summary="Public summary of week 1.",
        action_learning_focus="Asking questions",
        learning_goals="<ul><li>Knowing the neighbourhood</li></ul>",
        body=MODULE_BODY["en"],
    )
    in_english(second, title="Collecting dreams", summary="Public summary of week 2.")
    return {
        "home": home,
        "about": about,
        "programme": programme,
        "first": first,
        "coordinator": coordinator,
    }


def url_in(page, language: str) -> str:
    return page.get_translation(Locale.objects.get(language_code=language)).url


@pytest.fixture
def student(site):
    user = UserFactory(email="student@example.org", display_name="Daan")
    enrol(user, site["programme"], Role.STUDENT)
    return user


def confirmed(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# --- Public pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["home", "about", "programme", "first"])
def test_public_pages_read_in_their_language(client, site, language, name):
    url = url_in(site[name], language)

    assert_reads_in(client.get(url), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_programme_index_reads_in_its_language(client, site, language):
    assert_reads_in(client.get(url_in(programme_index(), language)), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_not_found_reads_in_its_language(client, site, language):
    response = client.get(f"/{language}/bestaat-niet/")

    assert_reads_in(response, language, status=404)
    assert ("Pagina niet gevonden" if language == "nl" else "Page not found") in (
        response.content.decode()
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_reads_in_its_language(rf: RequestFactory, language):
    with translation.override(language):
        response = server_error(rf.get(f"/{language}/"))

    assert_reads_in(response, language, status=500)


# --- A participant's pages ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_participants_module_page_reads_in_its_language(client, site, student, language):
    client.force_login(student)
    first = url_in(site["first"], language)

    response = client.post(
        f"/{language}/modules/{site['first'].pk}/progress/",
        {"done": "1", "next": first},
        follow=True,
    )

    # The whole module, the message about marking it done and the undo button.
    assert 'class="done-form"' in response.content.decode()
    assert_reads_in(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_programme_reads_in_its_language(client, site, student, language):
    client.force_login(student)

    response = client.get(f"/{language}/my-programme/")

    assert '<progress id="programme-progress"' in response.content.decode()
    assert_reads_in(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_programme_without_a_programme_reads_in_its_language(client, site, language):
    client.force_login(UserFactory())

    assert_reads_in(client.get(f"/{language}/my-programme/"), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_members_programme_page_reads_in_its_language(client, site, student, language):
    client.force_login(student)

    assert_reads_in(client.get(url_in(site["programme"], language)), language)


# --- Accounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "accounts/login/",
        "accounts/signup/",
        "accounts/password/reset/",
        "accounts/password/reset/done/",
        "accounts/confirm-email/",
    ],
)
def test_a_visitors_account_pages_read_in_their_language(client, site, language, path):
    assert_reads_in(client.get(f"/{language}/{path}"), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_up_with_mistakes_reads_in_its_language(client, site, language):
    response = client.post(
        f"/{language}/accounts/signup/",
        {"email": "not-an-address", "display_name": "", "password1": "kort"},
    )

    assert 'class="error-summary"' in response.content.decode()
    assert_reads_in(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_too_many_attempts_reads_in_its_language(client, site, settings, language):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    login = {"login": "someone@example.org", "password": PASSWORD}
    client.post(f"/{language}/accounts/login/", login)

    assert_reads_in(client.post(f"/{language}/accounts/login/", login), language, status=429)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path", ["account/profile/", "accounts/email/", "accounts/password/change/"]
)
def test_a_signed_in_persons_account_pages_read_in_their_language(
    client, site, student, language, path
):
    client.force_login(confirmed(student))

    assert_reads_in(client.get(f"/{language}/{path}"), language)


# --- Invitations (no language prefix: the language cookie decides) ---------------------------


@pytest.fixture
def invitation(site):
    return Invitation.objects.create(
        programme=site["programme"],
        email="amina@example.org",
        role=Role.RESIDENT,
        invited_by=site["coordinator"],
    )


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_invitation_reads_in_the_visitors_language(client, invitation, language):
    response = in_language(client, language).get(invitations.invitation_path(invitation))

    assert "amina@example.org" in response.content.decode()
    assert_reads_in(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_invitation_for_someone_else_reads_in_its_language(
    client, invitation, student, language
):
    client.force_login(confirmed(student))

    response = in_language(client, language).get(invitations.invitation_path(invitation))

    assert_reads_in(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_expired_invitation_reads_in_its_language(client, invitation, language):
    invitation.expires_at = NOW - datetime.timedelta(days=1)
    invitation.save(update_fields=["expires_at"])

    response = in_language(client, language).get(invitations.invitation_path(invitation))

    assert_reads_in(response, language, status=410)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_broken_invitation_link_reads_in_its_language(client, site, language):
    response = in_language(client, language).get("/invitations/not-a-token/")

    assert_reads_in(response, language, status=400)


# --- Team work ----------------------------------------------------------------------------


def photo() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(output, format="PNG")
    return SimpleUploadedFile("markt.png", output.getvalue())


def reviewed_team(site, language):
    """Team "De Wijkkeuken": a filled-in canvas, iteration 1 with a photo, submitted and
    reviewed by its coach, and iteration 2, a draft with a photo of its own. The same
    coach coaches "Repair Café", whose submitted iteration 1 waits for a review.

    The programme's rubric is made in the page's language, as it is when a coach opens
    the first review form: its criteria are the coordinator's text from then on."""
    member = UserFactory(email="member@example.org", display_name="Sanne")
    coach = UserFactory(email="coach@example.org", display_name="Joost")
    enrol(member, site["programme"], Role.STUDENT)
    enrol(coach, site["programme"], Role.COACH)
    team = make_team(site["programme"], members=[(member, Role.STUDENT)], coaches=[coach])
    other_team = make_team(site["programme"], name="Repair Café", coaches=[coach])
    with translation.override(language):
        rubric = Rubric.objects.for_programme(site["programme"]).snapshot()

    prototype = Prototype.objects.for_team(team)
    prototype.save_canvas({"beneficiaries": "Buren", "customers": "Wijkcentra"}, by=member)
    first = prototype.start_iteration(by=member)
    first.edit(
        {"we_believe": "Buren willen samen koken.", "we_observed": "Twaalf buren kwamen."},
        by=member,
    )
    Evidence.attach(first, check_upload(photo(), 10 * 1024 * 1024), "Op de markt", member)
    first.submit(by=member)
    Review.record(
        first,
        coach,
        rubric=rubric,
        scores=[3] * len(rubric),
        decision=Review.Decision.REVISE,
        test_card_comment="De meting is helder.",
        comment="Goed begin.",
    )
    link = FeedbackLink.objects.create(
        iteration=first, label="voor de woningcorporatie", created_by=member
    )
    feedback.store_answer(
        link,
        {"real_need": 4, "would_use": "yes", "would_pay": "maybe", "would_partner": "no"},
    )
    second = prototype.start_iteration(by=member)
    Evidence.attach(second, check_upload(photo(), 10 * 1024 * 1024), "", member)

    waiting = Prototype.objects.for_team(other_team).start_iteration(by=None)
    waiting.submit(by=None)
    return {
        "member": member,
        "coach": coach,
        "team": team,
        "other_team": other_team,
        "link": link,
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path, shows",
    [
        ("", 'href="/{language}/teams/{team}/canvas/"'),
        ("canvas/", 'name="beneficiaries"'),
        ("iterations/", "/iterations/2/"),
        ("iterations/1/", "Goed begin."),
        ("iterations/2/", "/iterations/2/evidence/"),
        ("iterations/2/edit/", 'name="we_believe"'),
        ("iterations/compare/?a=1&b=2", "Buren willen samen koken."),
        ("iterations/1/evidence/", "Op de markt"),
        ("iterations/2/evidence/", 'type="file"'),
    ],
)
def test_a_team_members_pages_read_in_their_language(client, site, language, path, shows):
    world = reviewed_team(site, language)
    client.force_login(world["member"])

    response = client.get(f"/{language}/teams/{world['team'].pk}/{path}")

    assert shows.format(language=language, team=world["team"].pk) in (response.content.decode())
    assert_reads_in(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path, shows",
    [
        ("reviews/", "Repair Café"),
        ("teams/{other_team}/iterations/1/review/", 'name="decision"'),
        ("teams/{team}/iterations/1/", "Goed begin."),
        ("teams/{team}/canvas/", "Wijkcentra"),
    ],
)
def test_a_coachs_pages_read_in_their_language(client, site, language, path, shows):
    world = reviewed_team(site, language)
    client.force_login(world["coach"])
    path = path.format(team=world["team"].pk, other_team=world["other_team"].pk)

    response = client.get(f"/{language}/{path}")

    assert shows in response.content.decode()
    assert_reads_in(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_review_with_mistakes_reads_in_its_language(client, site, language):
    world = reviewed_team(site, language)
    client.force_login(world["coach"])

    response = client.post(
        f"/{language}/teams/{world['other_team'].pk}/iterations/1/review/",
        {"comment": "Nog niet af."},
    )

    assert 'class="error-summary"' in response.content.decode()
    assert_reads_in(response, language)


# --- A stakeholder's feedback pages (no language prefix: ?lang= or the browser decides) -----


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_stakeholders_feedback_page_reads_in_its_language(client, site, language):
    link = reviewed_team(site, language)["link"]

    response = client.get(f"/feedback/{link.token}/?lang={language}")

    assert "Buren willen samen koken." in response.content.decode()
    assert_reads_in(response, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_feedback_without_consent_reads_in_its_language(client, site, language):
    link = reviewed_team(site, language)["link"]

    response = client.post(
        f"/feedback/{link.token}/?lang={language}", {"better": "Een vaste avond."}
    )

    assert "Een vaste avond." in response.content.decode()
    assert_reads_in(response, language, status=400)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_thanks_for_feedback_page_reads_in_its_language(client, site, language):
    link = reviewed_team(site, language)["link"]

    assert_reads_in(client.get(f"/feedback/{link.token}/thanks/?lang={language}"), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_broken_feedback_link_reads_in_its_language(client, site, language):
    response = client.get("/feedback/not-a-token/", HTTP_ACCEPT_LANGUAGE=language)

    assert_reads_in(response, language, status=404)
