"""Erasing an account: the person's name, addresses and files are found nowhere after
(not even in files others prepared that listed them), their team's history stays and
says "former member", and bad input erases nothing."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from courses.models import Role
from home.models import EventRegistration
from learninglab.accounts import personal_data
from learninglab.models import Job
from learninglab.privacy import FORMER_MEMBER
from prototypes import cohort_export
from prototypes.models import (
    ActionItem,
    CoachingSession,
    Evidence,
    Iteration,
    Notification,
    Reflection,
    Review,
    SessionParticipant,
    TeamMember,
)
from tests.factories import PASSWORD, UserFactory, enrol, make_programme

from .helpers import sign_in
from .personal_world import EMAIL, NAME, NEEDLES, OTHER_EMAIL, build_person_world

pytestmark = pytest.mark.django_db

TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")


@pytest.fixture
def world():
    return build_person_world()


def erase(client, person, password=PASSWORD, confirmation=EMAIL, language="en"):
    return client.post(
        f"/{language}/account/erase/", {"password": password, "confirmation": confirmation}
    )


def found_in_database(needles) -> list[str]:
    """Every table and column (text, varchar, JSON) of the database that holds one of
    `needles`, case-insensitively: Wagtail's revisions and logs and allauth's addresses
    included, and whatever a later feature adds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s) "
            "ORDER BY table_name, column_name",
            [list(TEXT_TYPES)],
        )
        columns = cursor.fetchall()
        patterns = [f"%{needle}%" for needle in needles]
        found = []
        for table, column in columns:
            quoted_table, quoted_column = (connection.ops.quote_name(n) for n in (table, column))
            cursor.execute(
                f"SELECT {quoted_column}::text FROM {quoted_table} "
                f"WHERE {quoted_column}::text ILIKE ANY(%s) LIMIT 1",
                [patterns],
            )
            row = cursor.fetchone()
            if row:
                found.append(f"{table}.{column}: {row[0][:120]!r}")
    return found


def credit_export(coordinator, programme, django_capture_on_commit_callbacks) -> Job:
    """A CSV credit export of `programme` that `coordinator` prepared (run on commit)."""
    enrol(coordinator, programme, Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        job = Job.start(
            coordinator, cohort_export.KIND, {"programme": programme.pk, "format": "csv"}
        )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return job


def private_files() -> set[Path]:
    root = Path(settings.PRIVATE_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def found_in_private_storage(needles, ignore=frozenset()) -> list[str]:
    """The files of the private storage that hold one of `needles`, but those in `ignore`
    (left by other tests of the run, whose database rows are rolled back but whose files
    stay)."""
    lowered = [needle.lower().encode() for needle in needles]
    return [
        str(path)
        for path in private_files() - ignore
        if any(needle in path.read_bytes().lower() for needle in lowered)
    ]


@pytest.mark.postgres
def test_after_erasure_the_person_is_found_nowhere(
    client, django_capture_on_commit_callbacks, postgres
):
    earlier_files = private_files()
    world = build_person_world()
    person = world["person"]
    evidence_file = Path(settings.PRIVATE_ROOT) / world["evidence"].file.name
    # A download prepared before: its ZIP holds everything (compressed).
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:personal_data"))
    download = Job.objects.filter(owner=person).exclude(file="").get()
    download_file = Path(settings.PRIVATE_ROOT) / download.file.name
    # A credit export of their programme that its coordinator prepared: it lists them.
    # A CSV is plain text, so the scan sees their name and address in it.
    coordinator = UserFactory(display_name="Cora Ordinator", preferred_language="en")
    export = credit_export(coordinator, world["a"], django_capture_on_commit_callbacks)
    export_file = Path(settings.PRIVATE_ROOT) / export.file.name
    assert download_file.exists() and evidence_file.exists()
    assert found_in_database(NEEDLES), "the scan should see the person before erasure"
    assert str(export_file) in found_in_private_storage(NEEDLES, ignore=earlier_files)

    with django_capture_on_commit_callbacks(execute=True):
        response = erase(client, person)

    assert response.status_code == 302
    assert found_in_database(NEEDLES) == []
    assert found_in_private_storage(NEEDLES, ignore=earlier_files) == []
    assert not evidence_file.exists()
    assert not download_file.exists()
    assert not export_file.exists()


def test_files_others_prepared_that_list_the_person_are_removed_and_say_why(
    client, world, django_capture_on_commit_callbacks
):
    person = world["person"]
    # Their programme's credit export; another programme's, which does not list them.
    export = credit_export(
        UserFactory(preferred_language="en"), world["a"], django_capture_on_commit_callbacks
    )
    elsewhere = credit_export(
        UserFactory(preferred_language="en"),
        make_programme(title="Lunetten, najaar 2027", modules=0),
        django_capture_on_commit_callbacks,
    )
    # Their team mate's download of their own data: a notification in it names the
    # person (the ZIP is compressed, so it is opened to see it).
    with django_capture_on_commit_callbacks(execute=True):
        download = personal_data.start_download(world["team_mate"])
    download.refresh_from_db()
    with download.file.open("rb") as handle:
        data = zipfile.ZipFile(io.BytesIO(handle.read())).read("data.json").decode()
    assert NAME in json.loads(data)["prototypes.reminders"]["notifications"][0]["title"]
    removed = [(job.file.storage, job.file.name) for job in (export, download)]
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        erase(client, person)

    for storage, name in removed:
        assert not storage.exists(name)
    for job in (export, download):
        job.refresh_from_db()
        assert (job.status, job.file.name, job.filename) == (Job.Status.FAILED, "", "")
        assert "someone listed in it had their personal data erased" in job.error
    elsewhere.refresh_from_db()
    assert elsewhere.status == Job.Status.DONE
    assert elsewhere.file.storage.exists(elsewhere.file.name)
    # The coordinator's page says why the file is gone, and leads back to where it is
    # prepared again.
    reader = Client()
    reader.force_login(export.owner)
    page = reader.get(f"/en/jobs/{export.pk}/").content.decode()
    assert "This file was removed because someone listed in it had their personal" in page
    assert "You can prepare it again." in page
    assert reverse("prototypes:cohort_overview", args=[world["a"].pk]) in page
    assert reverse("job_downloads:download", args=[export.pk]) not in page
    assert reader.get(reverse("job_downloads:download", args=[export.pk])).status_code == 404


def test_event_registrations_under_each_of_the_persons_addresses_go(
    client, world, django_capture_on_commit_callbacks
):
    """One was made without an account, under their other address in capitals."""
    person = world["person"]
    assert world["other_registration"].user is None
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        erase(client, person)

    assert not EventRegistration.objects.filter(email__iexact=OTHER_EMAIL).exists()
    assert not EventRegistration.objects.filter(name__icontains="Quixtrom").exists()


def test_team_history_stays_and_says_former_member(
    client, world, django_capture_on_commit_callbacks
):
    person, team = world["person"], world["team"]
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        erase(client, person)

    person.refresh_from_db()
    assert str(person) == "former member"
    iteration = Iteration.objects.get(pk=world["iteration"].pk)
    assert iteration.submitted_by == person and iteration.created_by == person
    assert Review.objects.filter(coach=person).count() == 1
    assert TeamMember.objects.get(team=team, user=person).left_on is not None
    assert not TeamMember.objects.current().filter(user=person).exists()
    held = SessionParticipant.objects.get(user=person)
    assert held.attended and held.session.starts_at < iteration.submitted_at
    assert ActionItem.objects.get(owner=person).description == "Ask the library for a room"
    # The session they were to coach is called off; the team is told.
    called_off = CoachingSession.objects.get(coach=person, place="Library")
    assert called_off.status == CoachingSession.Status.CANCELLED
    told = Notification.objects.get(recipient=world["outsider"])
    assert told.title == "Coaching session of Repair Café cancelled"
    # What was theirs alone has gone.
    assert not Reflection.objects.filter(author=person).exists()
    assert not Evidence.objects.filter(uploaded_by=person).exists()
    # Where the team's logged history copied their name, it says who they were now, in
    # the site's language (the language of stored history).
    with translation.override(settings.LANGUAGE_CODE):
        former = str(FORMER_MEMBER)
    logged = ModelLogEntry.objects.for_instance(team).get(action="wagtail.edit")
    assert logged.data["changes"][0]["person"] == former
    assert logged.user == person

    reader = Client()
    reader.force_login(world["team_mate"])
    page = reader.get(
        reverse("prototypes:iteration_detail", args=[team.pk, iteration.number]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "former member" in html
    assert NAME not in html and EMAIL not in html


def test_erasure_signs_the_person_out_everywhere(world, django_capture_on_commit_callbacks):
    person = world["person"]
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        assert sign_in(device, EMAIL, language="en").status_code == 302
    assert Session.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = erase(laptop, person)

    assert response["Location"] == "/en/"
    assert "Your account is erased" in laptop.get("/en/", follow=True).content.decode()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    profile = phone.get("/en/account/profile/")
    assert profile.status_code == 302 and reverse("account_login") in profile["Location"]
    # And they cannot sign in again.
    assert sign_in(Client(), EMAIL, language="en").status_code == 200


def test_confirmation_page_says_what_goes_and_what_stays(client, world):
    client.force_login(world["person"])

    response = client.get("/en/account/erase/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "What goes" in html and "What stays" in html
    assert "former member" in html
    # They coordinate programme B alone: they are told, and may still go on.
    assert "You are the only coordinator of Kanaleneiland" in html
    assert 'name="password"' in html and 'name="confirmation"' in html


@pytest.mark.parametrize(
    ("password", "confirmation", "message"),
    [
        ("not-my-password", EMAIL, "Incorrect password."),
        (PASSWORD, "", "This field is required."),
        (PASSWORD, "someone.else@example.org", "This is not the address you sign in with."),
        ("", EMAIL, "This field is required."),
    ],
)
def test_bad_input_erases_nothing_and_says_why(client, world, password, confirmation, message):
    person = world["person"]
    client.force_login(person)

    response = erase(client, person, password=password, confirmation=confirmation)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # What they typed is kept (the password excepted).
    if confirmation:
        assert f'value="{confirmation}"' in html
    person.refresh_from_db()
    assert person.email == EMAIL and person.display_name == NAME and person.is_active
    assert person.erased_at is None
    assert Reflection.objects.filter(author=person).exists()
    assert Evidence.objects.filter(uploaded_by=person).exists()
    assert client.get("/en/account/profile/").status_code == 200


def test_too_many_password_attempts_are_refused(client, world):
    person = world["person"]
    client.force_login(person)
    for _attempt in range(10):
        erase(client, person, password="guess")

    response = erase(client, person)

    assert "Too many failed login attempts" in response.content.decode()
    person.refresh_from_db()
    assert person.erased_at is None


def test_someone_without_a_password_is_asked_to_set_one(client, world):
    person = world["person"]
    person.set_unusable_password()
    person.save()
    client.force_login(person)

    html = client.get("/en/account/erase/").content.decode()

    assert reverse("account_set_password") in html
    assert 'name="confirmation"' not in html


def test_erased_account_is_anonymous_in_the_user_table(
    client, world, django_capture_on_commit_callbacks
):
    person = world["person"]
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        erase(client, person)

    erased = get_user_model().objects.get(pk=person.pk)
    assert erased.email == f"former-member-{person.pk}@invalid"
    assert erased.display_name == ""
    assert not erased.is_active and not erased.has_usable_password()
    assert erased.erased_at is not None
    assert not erased.groups.exists()
