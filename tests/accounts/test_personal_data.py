"""A person's download of everything the platform holds about them: complete for every
registered model, plain JSON, with their files, prepared in the background, theirs only."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from home.models import EventRegistration
from learninglab import privacy
from learninglab.accounts import personal_data
from learninglab.models import Job
from tests.factories import UserFactory

from .personal_world import ANSWER, EMAIL, FILE_TEXT, NAME, OTHER_EMAIL, build_person_world

pytestmark = pytest.mark.django_db

OUR_APPS = {"learninglab", "accounts", "courses", "prototypes", "home"}


@pytest.fixture
def world():
    return build_person_world()


def user_fields(model):
    """The fields of `model` that point at a person (foreign keys and many-to-many)."""
    user_model = get_user_model()
    return [
        field
        for field in model._meta.get_fields()
        if field.is_relation
        and field.related_model is user_model
        and (field.concrete or field.many_to_many)
        and not field.auto_created
    ]


def rows_pointing_at(model, person) -> bool:
    if model is get_user_model():
        return True
    return any(
        model._default_manager.filter(**{field.name: person}).exists()
        for field in user_fields(model)
    )


def is_empty(exported) -> bool:
    if isinstance(exported, dict):
        return all(is_empty(value) for value in exported.values())
    return exported in (None, [], "", {})


def test_export_has_every_registered_model_that_holds_rows_of_the_person(world):
    person = world["person"]
    exported = privacy.export_person(person)

    holding = {
        entry.name: [model for model in entry.models if rows_pointing_at(model, person)]
        for entry in privacy.entries()
    }
    empty = [name for name, models in holding.items() if models and is_empty(exported[name])]
    assert not empty, f"These entries hold rows of the person but export nothing: {empty}"


def test_the_person_has_rows_in_every_model_of_ours_that_points_at_people(world):
    """Keeps the world above complete: a new model pointing at people needs a row here,
    so the export and erasure tests cover it."""
    person = world["person"]
    missing = sorted(
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        # Page types point at people through Wagtail's own fields (owner, locked by).
        and not issubclass(model, Page)
        and user_fields(model)
        and not rows_pointing_at(model, person)
    )
    assert not missing, f"Give the person of personal_world.py a row in: {missing}"


def test_export_is_plain_json_with_dates_as_text(world):
    exported = privacy.export_person(world["person"])

    # No encoder: a date left as a date object fails here.
    text = json.dumps(exported)

    assert EMAIL in text
    assert ANSWER in text
    assert '"interview.odt"' in text
    assert json.loads(text)["accounts.user"]["display_name"] == NAME


def test_export_has_event_registrations_under_each_of_the_persons_addresses(
    world, django_assert_num_queries
):
    """The second registration was made without an account, under the person's other
    address in capitals: only allauth's list of their addresses links it to them."""
    person = world["person"]

    with django_assert_num_queries(1):
        found = list(EventRegistration.objects.of_person(person))
    exported = privacy.export_person(person)["home.event_registrations"]

    assert set(found) == {world["registration"], world["other_registration"]}
    assert {row["email"] for row in exported} == {EMAIL, OTHER_EMAIL.upper()}


def test_download_is_a_zip_of_the_data_and_the_persons_files(
    client, world, django_capture_on_commit_callbacks
):
    person = world["person"]
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:personal_data"))

    job = Job.objects.filter(owner=person, kind=personal_data.DOWNLOAD).latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE
    assert job.done_steps == job.total_steps == len(privacy.entries()) + 1
    download = client.get(reverse("job_downloads:download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert "data.json" in names and "README.txt" in names
    data = json.loads(archive.read("data.json"))
    now = json.loads(json.dumps(privacy.export_person(person)))
    # The download lists itself as it was while being packed.
    assert data.pop("learninglab.jobs")[0]["status"] == "running"
    now.pop("learninglab.jobs")
    assert data == now
    [evidence_name] = [name for name in names if name.startswith("evidence/")]
    assert evidence_name.endswith("interview.odt")
    assert FILE_TEXT.encode() in archive.read(evidence_name)


def test_a_download_on_its_way_is_not_started_twice(client, world):
    client.force_login(world["person"])

    # Not run: the on-commit hook that hands it to a worker is never called here.
    client.post(reverse("accounts:personal_data"))
    client.post(reverse("accounts:personal_data"))

    queued = Job.objects.filter(owner=world["person"], kind=personal_data.DOWNLOAD)
    assert queued.filter(status=Job.Status.QUEUED).count() == 1


def test_the_data_page_lists_earlier_downloads(client, english_interface, world):
    client.force_login(world["person"])

    response = client.get("/en/account/data/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Prepare my download" in html
    assert reverse("accounts:erase") in html
    job = Job.objects.get(owner=world["person"])
    assert reverse("jobs:detail", args=[job.pk]) in html


def test_the_data_page_costs_the_same_queries_however_many_downloads(client):
    person = UserFactory()
    client.force_login(person)
    Job.objects.create(owner=person, kind=personal_data.DOWNLOAD, status=Job.Status.DONE)
    client.get(reverse("accounts:personal_data"))  # sessions and caches warmed up

    counts = []
    for more in (0, 20):
        for _job in range(more):
            Job.objects.create(owner=person, kind=personal_data.DOWNLOAD)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("accounts:personal_data")).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_profile_links_to_the_data_page(client, world):
    client.force_login(world["person"])

    response = client.get(reverse("accounts:profile"))

    assert reverse("accounts:personal_data") in response.content.decode()


@pytest.mark.parametrize("who", ["team_mate", "coach", "outsider", "superuser"])
def test_nobody_else_reaches_the_persons_download(
    client, world, who, django_capture_on_commit_callbacks
):
    owner = world["person"]
    with django_capture_on_commit_callbacks(execute=True):
        job = personal_data.start_download(owner)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    other = UserFactory(is_superuser=True, is_staff=True) if who == "superuser" else world[who]
    client.force_login(other)

    for url in [
        reverse("jobs:detail", args=[job.pk]),
        reverse("jobs:status", args=[job.pk]),
        reverse("job_downloads:download", args=[job.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_anonymous_visitor_is_sent_to_sign_in(client):
    for url in [reverse("accounts:personal_data"), reverse("accounts:erase")]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert not Job.objects.exists()


def test_a_file_missing_from_storage_is_named_in_the_readme(
    client, world, django_capture_on_commit_callbacks
):
    evidence = world["evidence"]
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(world["person"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:personal_data"))

    job = Job.objects.filter(kind=personal_data.DOWNLOAD).latest("pk")
    assert job.status == Job.Status.DONE
    with job.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert not [name for name in archive.namelist() if name.startswith("evidence/")]
    assert "interview.odt" in archive.read("README.txt").decode()


def test_unsafe_names_stay_inside_the_download():
    assert personal_data._safe_name("../../etc/passwd") == "etc/passwd"
    assert personal_data._safe_name("/evidence/1-a b.odt") == "evidence/1-a_b.odt"
    taken = {"a.txt"}
    assert personal_data._unique("a.txt", taken) == "a-2.txt"
