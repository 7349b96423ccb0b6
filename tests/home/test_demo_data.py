"""`manage.py demo_data`: one complete programme in Dutch and English, safe to run twice.

Building the demo publishes a few dozen pages, so it runs once for this module (inside
a transaction that is rolled back afterwards) and each test works on that build.
"""

import datetime
import io
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Page, Revision

from courses.models import ContactMoment, Membership, ModulePage, ModuleProgress, ProgrammePage
from home.demo import network_events, network_site, past_run, people
from home.demo.build import DEMO_NAMESPACE
from home.models import BrochurePage, BrochurePdf, HomePage
from learninglab.consent import Consent
from prototypes.models import (
    ActionItem,
    AvailabilityWindow,
    CoachingSession,
    FeedbackAnswer,
    Iteration,
    Notification,
    Prototype,
    Quote,
    Reflection,
    ReflectionScore,
    Reminder,
    Review,
    SessionParticipant,
    Team,
    TeamMember,
    TeamPhaseChange,
)
from prototypes.reminders import scan

# Every test here runs among the database tests, before any transactional test has
# emptied the tables: the module-wide demo fixture needs the migrated site.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# A Wednesday; the demo programme then started on Monday 15 February 2027.
NOW = datetime.datetime(2027, 3, 3, 11, 0, tzinfo=datetime.UTC)
PERSONAS = {person.email: person for person in people.PERSONAS}

DUTCH_WORDS = {"de", "het", "een", "je", "jullie", "wat", "van", "met", "wie", "niet", "ook"}
ENGLISH_WORDS = {"the", "a", "you", "your", "what", "of", "with", "who", "not", "too", "and"}


def run_demo(now=NOW):
    out = io.StringIO()
    with time_machine.travel(now, tick=False):
        call_command("demo_data", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "addresses": EmailAddress.objects.count(),
        "memberships": Membership.objects.count(),
        "progress": ModuleProgress.objects.count(),
        "contact moments": ContactMoment.objects.count(),
        "teams": Team.objects.count(),
        "team members": TeamMember.objects.count(),
        "coaching": Team.coaches.through.objects.count(),
        "prototypes": Prototype.objects.count(),
        "availability": AvailabilityWindow.objects.count(),
        "sessions": CoachingSession.objects.count(),
        "session answers": SessionParticipant.objects.count(),
        "action items": ActionItem.objects.count(),
        "reflections": Reflection.objects.count(),
        "scores": ReflectionScore.objects.count(),
        "iterations": Iteration.objects.count(),
        "reviews": Review.objects.count(),
        "phase changes": TeamPhaseChange.objects.count(),
        "consents": Consent.objects.count(),
        "quotes": Quote.objects.count(),
        "brochure PDFs": list(BrochurePdf.objects.values_list("page_id", "queued_at")),
    }


def prose(value):
    """Every sentence in a block value: strings with a space, not choices or links."""
    if isinstance(value, dict):
        return " ".join(prose(item) for item in value.values())
    if isinstance(value, list):
        return " ".join(prose(item) for item in value)
    return value if isinstance(value, str) and " " in value else ""


def language_of(text):
    words = re.findall(r"[a-z]+", re.sub(r"<[^>]+>", " ", text).lower())
    dutch = sum(word in DUTCH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    return "nl" if dutch > english else "en"


def module_text(module):
    body = [block["value"] for block in module.body.get_prep_value()]
    return " ".join([module.summary, module.learning_goals, prose(body)])


def sign_in(client, email):
    with translation.override("nl"):
        url = reverse("account_login")
    return client.post(url, {"login": email, "password": people.PASSWORD})


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            output = run_demo()
            yield output
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            # Wagtail caches the site's root paths, which named pages now rolled back.
            cache.clear()


@pytest.fixture
def programme(demo, db):
    return ProgrammePage.objects.get(slug="sociaal-ondernemen-overvecht")


@pytest.fixture
def english_programme(programme):
    return programme.get_translation(programme.get_translations().get().locale)


def test_refuses_when_demo_data_is_not_allowed(db, settings):
    settings.DEMO_DATA_ALLOWED = False
    users_before = get_user_model().objects.count()

    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        call_command("demo_data", stdout=io.StringIO())

    assert get_user_model().objects.count() == users_before


def test_refuses_to_run_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learninglab.settings.production",
        "SECRET_KEY": "a-production-like-secret-key-that-is-long-enough-0123456789",
        "ALLOWED_HOSTS": "learninglab.example.org",
        # Nothing listens here: the command must refuse before it touches a database.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "demo_data"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 1
    assert "DEMO_DATA_ALLOWED" in result.stderr
    assert "Demo ready" not in result.stdout


def test_running_again_changes_nothing(demo, db):
    before = counts()

    run_demo()

    assert counts() == before


def test_teams_mix_students_and_residents_with_a_coach(programme):
    teams = Team.objects.filter(programme=programme).prefetch_related("members", "coaches")

    assert {team.phase for team in teams} == {Team.Phase.PROGRAMME, Team.Phase.STOPPED}
    for team in teams:
        roles = {member.role for member in team.members.all()}
        assert roles == {"student", "resident"}, team.name
        assert team.coaches.exists(), team.name
        assert team.neighbourhood_question
    coach = get_user_model().objects.get(email="coach@example.org")
    assert coach.coached_teams.filter(programme=programme).count() == 2
    student_team = Team.objects.get(members__user__email="student@example.org")
    assert student_team.prototype.social_value_proposition


def test_running_in_a_later_week_moves_the_dates_without_duplicates(programme):
    before = counts()

    run_demo(NOW + datetime.timedelta(weeks=5))

    programme.refresh_from_db()
    assert programme.start_date == datetime.date(2027, 3, 22)
    # Only the pages with dates changed, once per language: the programme page and its
    # earlier run, and the network's news, funding calls and events, dated from the build.
    dated = 2 + len(network_site.NEWS) + len(network_site.FUNDING) + len(network_events.EVENTS)
    assert counts() == {**before, "revisions": before["revisions"] + 2 * dated}


def test_a_session_was_held_last_week_and_the_next_is_planned(programme):
    team = Team.objects.get(programme=programme, name="Moederscafé De Verbinding")
    held, planned = team.coaching_sessions.exclude(uid=CHECK_IN).order_by("starts_at")

    assert held.status == CoachingSession.Status.HELD
    assert held.starts_at < NOW < planned.starts_at
    assert held.shared_notes and held.private_notes
    assert held.participants.filter(attended=False).count() == 1
    assert held.action_items.filter(done_at__isnull=False).count() == 1
    # Wall-clock times in the programme's zone: 09:30 on Wednesday of week 2.
    local = held.starts_at.astimezone(programme.zone)
    assert (local.date(), local.time()) == (datetime.date(2027, 2, 24), datetime.time(9, 30))
    assert planned.status == CoachingSession.Status.PROPOSED
    assert planned.participants.filter(answer=SessionParticipant.Answer.PENDING).exists()


def test_reflections_of_the_past_weeks_answer_the_modules_prompts(programme):
    reflections = Reflection.objects.filter(team__programme=programme)

    assert {reflection.period for reflection in reflections} == {1, 2}
    assert set(reflections.values_list("visibility", flat=True)) == {"private", "coach", "team"}
    for reflection in reflections:
        assert reflection.scores.count() == 4
        assert reflection.answers[0]["prompt"] in module_text(
            ModulePage.objects.get(locale__language_code="nl", week=reflection.period)
        )


def test_residents_keep_their_availability_around_school_hours(programme):
    resident = get_user_model().objects.get(email="resident@example.org")

    notes = set(resident.availability_windows.values_list("note", flat=True))

    assert "Na het brengen naar school" in notes


def test_programme_is_in_its_third_week(programme, english_programme):
    with time_machine.travel(NOW, tick=False):
        assert programme.current_week() == 3
    assert programme.start_date == datetime.date(2027, 2, 15)
    assert programme.start_date.weekday() == 0
    assert (programme.weeks, programme.time_zone, programme.enrolment_open) == (
        12,
        "Europe/Amsterdam",
        True,
    )
    assert english_programme.start_date == programme.start_date
    assert english_programme.title != programme.title
    assert english_programme.live and programme.live


def test_twelve_modules_in_each_language(programme, english_programme):
    dutch = ModulePage.objects.child_of(programme).live().order_by("week")
    english = ModulePage.objects.child_of(english_programme).live().order_by("week")

    assert [module.week for module in dutch] == list(range(1, 13))
    assert [module.week for module in english] == list(range(1, 13))
    for nl, en in zip(dutch, english, strict=True):
        assert en.translation_key == nl.translation_key
        assert nl.summary and nl.body and nl.learning_goals
        assert en.summary != nl.summary and en.title != nl.title
        assert language_of(module_text(nl)) == "nl", nl.title
        assert language_of(module_text(en)) == "en", en.title
        assert 1 <= nl.contact_moments.count() == en.contact_moments.count() <= 2
        assert {block.block_type for block in nl.body} >= {
            "text",
            "activity",
            "resource",
            "reflection_prompt",
            "deliverable",
        }


def test_persona_logins_sign_in_with_the_demo_password(demo, client):
    for email in [*PERSONAS, people.ADMIN_EMAIL]:
        response = sign_in(client, email)

        assert response.status_code == 302, email
        user = get_user_model().objects.get(email=email)
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()


def test_everyone_has_a_verified_address_and_one_role(programme):
    memberships = {m.user.email: m.role for m in programme.memberships.select_related("user")}

    assert {email: memberships[email] for email in PERSONAS} == {
        email: person.role for email, person in PERSONAS.items()
    }
    assert len(memberships) == len(people.PEOPLE) >= 14
    for email in [*memberships, people.ADMIN_EMAIL]:
        assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()
    assert get_user_model().objects.get(email=people.ADMIN_EMAIL).is_superuser


def test_student_has_done_the_first_two_weeks(programme):
    student = get_user_model().objects.get(email="student@example.org")

    done = ModuleProgress.objects.filter(user=student).values_list("module__week", flat=True)

    assert sorted(done) == [1, 2]
    assert all(p.module.locale_id == programme.locale_id for p in student.module_progress.all())


def test_coordinator_can_open_the_wagtail_admin(demo, client):
    sign_in(client, "coordinator@example.org")

    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("language", ["nl", "en"])
def test_home_programme_and_module_pages_render(programme, client, language):
    home = HomePage.objects.get(depth=2, locale__language_code=language)
    programme_page = programme.get_translations(inclusive=True).get(locale=home.locale).specific
    module = ModulePage.objects.child_of(programme_page).get(week=3)

    for page, text in [
        (home, home.intro),
        (programme_page, programme_page.summary),
        (module, module.summary),
    ]:
        response = client.get(page.url)

        assert response.status_code == 200, page.url
        assert page.url.startswith(f"/{language}/")
        assert escape(text) in response.content.decode()


def test_participant_sees_the_whole_module_in_their_language(english_programme, client):
    sign_in(client, "student@example.org")
    module = ModulePage.objects.child_of(english_programme).get(week=3)

    response = client.get(module.url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Collecting dreams on the square" in page
    assert "Dream market on the square" in page


# --- The earlier run and its brochure ------------------------------------------------

ENTERPRISES = ["Koffiebar Opstap", "Buurtverbinders Overvecht"]
STOPPED = "Jongerenplek Het Dak"


@pytest.fixture
def earlier_run(demo, db):
    return ProgrammePage.objects.get(slug=past_run.PROGRAMME["nl"]["slug"])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_earlier_run_lists_its_launched_and_continuing_enterprises(
    programme, earlier_run, client, language
):
    page = earlier_run.get_translations(inclusive=True).get(locale__language_code=language)

    html = client.get(page.url).content.decode()

    assert page.live and page.url.startswith(f"/{language}/")
    assert page.specific.end_date < programme.start_date
    assert page.title != earlier_run.title or language == "nl"
    for name in ENTERPRISES:
        assert name in html
    assert STOPPED not in html


def test_the_earlier_runs_phases_were_changed_by_its_coordinator(earlier_run):
    teams = {team.name: team for team in Team.objects.filter(programme=earlier_run)}

    assert {name: team.phase for name, team in teams.items()} == {
        demo.name: demo.phase for demo in past_run.TEAMS
    }
    for team in teams.values():
        change = team.phase_changes.get()
        assert (change.from_phase, change.to_phase) == (Team.Phase.PROGRAMME, team.phase)
        assert change.changed_by.email == "coordinator@example.org"
    # A resident joined the continuing team after the twelve weeks.
    joined = teams["Buurtverbinders Overvecht"].members.filter(joined_on__gt=earlier_run.end_date)
    assert joined.count() == 1
    for name in ENTERPRISES:
        assert teams[name].prototype.iterations.get().status == Iteration.Status.ACCEPTED
    coordinators = earlier_run.memberships.filter(role="coordinator")
    assert set(coordinators.values_list("user__email", flat=True)) == {
        "coordinator@example.org",
        "coordinator2@example.org",
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_brochure_names_and_quotes_only_members_who_consent(earlier_run, client, language):
    page = BrochurePage.objects.live().get(locale__language_code=language)

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert page.get_parent().specific.translation_key == earlier_run.translation_key
    assert "Fatima Ziani" in html and "Wie hier leert, leert straks een ander." in html
    # Rachid never consented; Mirjam consented, offered a quote, then withdrew.
    for hidden in ["Rachid Benali", "Mirjam Dekker", "Ik ken nu de helft"]:
        assert hidden not in html
    assert Consent.objects.get(user__email="mirjam.dekker@example.org").withdrawn_at
    assert not Consent.objects.filter(user__email="rachid.benali@example.org").exists()
    # Its PDF waits for the worker that `make demo` starts.
    assert BrochurePdf.objects.get(page=page).status == BrochurePdf.Status.QUEUED


def test_the_brochure_counts_what_stakeholders_answered(earlier_run, client):
    page = BrochurePage.objects.live().get(locale__language_code="en")

    html = client.get(page.url).content.decode()

    for demo in past_run.TEAMS[:2]:
        team = Team.objects.get(programme=earlier_run, name=demo.name)
        answers = FeedbackAnswer.objects.filter(link__iteration__prototype__team=team)
        assert answers.count() == len(demo.feedback) > 0
        # Answered in the week the team tested, before the run ended.
        assert all(answer.created_at.date() < earlier_run.end_date for answer in answers)
        assert f"<dt>Answers from stakeholders</dt><dd>{len(demo.feedback)}</dd>" in html


# --- Reminders, for real --------------------------------------------------------------

CHECK_IN = uuid.uuid5(DEMO_NAMESPACE, "verbinding-check-in")
# Who is reminded of the check-in: its coach and the members who did not decline.
REMINDED = [
    "coach@example.org",
    "noah.visser@example.org",
    "resident@example.org",
    "student@example.org",
]


def check_in_reminders(lead):
    return Reminder.objects.filter(
        kind=Reminder.Kind.SESSION_COMING,
        object_id=CoachingSession.objects.get(uid=CHECK_IN).pk,
        key__startswith=f"session_coming:{lead}:",
    )


def test_a_check_in_starts_just_over_two_hours_after_the_build(programme):
    check_in = CoachingSession.objects.get(uid=CHECK_IN)

    assert check_in.starts_at == NOW + datetime.timedelta(hours=2, minutes=5)
    assert check_in.team.name == "Moederscafé De Verbinding"
    assert check_in.status == CoachingSession.Status.PROPOSED


def test_the_build_sends_the_reminders_due_and_fills_the_notification_centres(programme):
    sent = check_in_reminders("24h")

    assert sorted(sent.values_list("recipient__email", flat=True)) == REMINDED
    assert set(sent.values_list("state", flat=True)) == {Reminder.State.SENT}
    session = CoachingSession.objects.get(uid=CHECK_IN)
    for reminder in sent:
        notification = reminder.notification
        assert notification.recipient_id == reminder.recipient_id
        assert notification.read_at is None
        assert notification.local_link == reminder.link
        assert notification.link.endswith(f"/teams/{session.team_id}/sessions/{session.pk}/")
        assert "14:05" in notification.title
    # The member who declined is not reminded.
    assert not Notification.objects.filter(
        recipient__email="nadia.haddou@example.org", reminder__in=check_in_reminders("24h")
    ).exists()


def test_a_persona_reads_the_reminder_in_the_notification_centre(programme, client):
    notification = Notification.objects.get(
        recipient__email="student@example.org", reminder__in=check_in_reminders("24h")
    )

    # On the demo's day: the persona is in the team from the programme's start.
    with time_machine.travel(NOW, tick=False):
        sign_in(client, "student@example.org")
        html = client.get("/nl/notifications/").content.decode()
        response = client.get(f"/nl/notifications/{notification.pk}/open/", follow=True)

    assert escape(notification.title) in html
    # The header counts it among the unread, in the page's language.
    with translation.override("nl"):
        assert f'class="visually-hidden"> {translation.gettext("unread")}</span>' in html
    assert response.status_code == 200
    assert response.redirect_chain == [(notification.link, 302)]
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_beat_sends_the_reminder_of_two_hours_before_a_few_minutes_later(
    programme, django_capture_on_commit_callbacks
):
    starts_at = CoachingSession.objects.get(uid=CHECK_IN).starts_at

    for minute in [NOW + datetime.timedelta(minutes=1), starts_at - datetime.timedelta(hours=2)]:
        with (
            time_machine.travel(minute, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            scan()

    reminded = [message for message in mail.outbox if "Moederscafé" in message.subject]
    assert sorted(message.to[0] for message in reminded) == REMINDED
    assert set(check_in_reminders("2h").values_list("state", flat=True)) == {Reminder.State.SENT}


def test_the_summary_says_how_many_reminders_went_out_and_where_to_read_them(demo):
    assert re.search(r"\b([1-9][0-9]*) reminders sent now\b", demo)
    assert "/nl/notifications/" in demo and "/dev/mailbox/" in demo


def test_building_again_sends_nothing_twice(demo, db):
    before = (Reminder.objects.count(), Notification.objects.count())

    run_demo()

    assert (Reminder.objects.count(), Notification.objects.count()) == before
    assert mail.outbox == []


def test_the_reminders_can_be_read_in_the_development_mailbox(
    programme, client, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    settings.MAILBOX_ENABLED = True

    # Built again a day later: the check-in moved with the build, so it is reminded again.
    run_demo(NOW + datetime.timedelta(days=1))

    html = client.get("/dev/mailbox/").content.decode()
    assert check_in_reminders("24h").filter(state=Reminder.State.SENT).count() == 2 * len(REMINDED)
    for reminder in check_in_reminders("24h").filter(key__endswith=":1"):
        assert escape(reminder.notification.title) in html
