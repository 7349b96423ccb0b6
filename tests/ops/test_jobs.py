"""Background jobs: the owner follows the progress and downloads the file; anyone else
gets a 404; a failure is told to the owner in their language and never answers 500."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from learninglab import jobs, privacy, tasks
from learninglab.models import Job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def count_to_three(job):
    for done in range(4):
        job.progress(done, 3)
    return "three.csv", b"one,two,three\n"


def refuse(job):
    raise jobs.JobFailed(jobs.GENERAL_FAILURE)


def crash(job):
    raise RuntimeError("disk on fire")


@pytest.fixture(autouse=True)
def kinds(monkeypatch):
    for kind, runner in [("tests.count", count_to_three), ("tests.refuse", refuse)]:
        monkeypatch.setitem(jobs._registry, kind, jobs.JobKind(kind, runner, "Counting"))
    monkeypatch.setitem(jobs._registry, "tests.crash", jobs.JobKind("tests.crash", crash, "Crash"))


@pytest.fixture
def owner():
    return UserFactory(preferred_language="en")


def start(owner, kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = Job.start(owner, kind, {"n": 3})
    job.refresh_from_db()
    return job


def test_a_job_runs_on_commit_and_keeps_its_file(owner, django_capture_on_commit_callbacks):
    job = start(owner, "tests.count", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.DONE
    assert (job.done_steps, job.total_steps) == (3, 3)
    assert job.filename == "three.csv"
    assert job.file.read() == b"one,two,three\n"
    assert job.finished_at is not None


def test_an_unknown_kind_is_refused_before_anything_is_stored(owner):
    with pytest.raises(LookupError):
        Job.start(owner, "tests.nothing")
    assert not Job.objects.exists()


def test_a_job_delivered_twice_runs_once(owner, django_capture_on_commit_callbacks):
    job = start(owner, "tests.count", django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(done_steps=0)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.done_steps == 0


def test_progress_page_shows_the_count_to_the_owner(client, owner):
    job = Job.objects.create(owner=owner, kind="tests.count", status=Job.Status.RUNNING)
    job.progress(37, 200)
    client.force_login(owner)
    response = client.get(f"/en/jobs/{job.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<progress id="job-progress" max="200" value="37">' in html
    assert "37 of 200" in html
    assert 'aria-live="polite"' in html
    assert f'href="/en/jobs/{job.pk}/"' in html  # the Refresh link, for pages without script
    assert "js/job-progress.js" in html
    assert "no-cache" in response["Cache-Control"]

    status = client.get(f"/en/jobs/{job.pk}/status/").json()
    assert status["done"] == 37
    assert status["total"] == 200
    assert status["text"] == "37 of 200"
    assert status["finished"] is False
    assert status["download_url"] == ""


def test_the_page_links_the_download_once_done(client, owner, django_capture_on_commit_callbacks):
    job = start(owner, "tests.count", django_capture_on_commit_callbacks)
    client.force_login(owner)
    html = client.get(f"/en/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/download/"' in html
    assert "Refresh" not in html
    assert client.get(f"/en/jobs/{job.pk}/status/").json()["download_url"] == (
        f"/jobs/{job.pk}/download/"
    )

    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"one,two,three\n"
    assert 'attachment; filename="three.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_a_refused_job_tells_its_owner_why_in_their_language(
    client, django_capture_on_commit_callbacks
):
    dutch = UserFactory(preferred_language="nl")
    job = start(dutch, "tests.refuse", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    with translation.override("nl"):
        assert job.error == str(jobs.GENERAL_FAILURE)
    client.force_login(dutch)
    response = client.get(f"/nl/jobs/{job.pk}/")
    assert response.status_code == 200
    assert job.error in response.content.decode()
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_crashing_job_is_logged_and_shown_as_failed(
    client, owner, caplog, django_capture_on_commit_callbacks
):
    job = start(owner, "tests.crash", django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert "disk on fire" not in job.error
    assert "Something went wrong" in job.error
    assert "disk on fire" in caplog.text
    client.force_login(owner)
    response = client.get(f"/en/jobs/{job.pk}/")
    assert response.status_code == 200
    assert "Something went wrong" in response.content.decode()
    assert client.get(f"/en/jobs/{job.pk}/status/").json()["finished"] is True


@pytest.mark.parametrize("who", ["someone_else", "superuser", "anonymous"])
def test_anyone_but_the_owner_gets_404(client, owner, who, django_capture_on_commit_callbacks):
    job = start(owner, "tests.count", django_capture_on_commit_callbacks)
    if who == "someone_else":
        client.force_login(UserFactory())
    elif who == "superuser":
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in (f"/en/jobs/{job.pk}/", f"/en/jobs/{job.pk}/status/", f"/jobs/{job.pk}/download/"):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302, url
            assert reverse("account_login") in response["Location"]
        else:
            assert response.status_code == 404, url


def test_privacy_exports_and_erases_the_jobs_and_their_files(
    owner, django_capture_on_commit_callbacks
):
    job = start(owner, "tests.count", django_capture_on_commit_callbacks)
    others = start(UserFactory(), "tests.count", django_capture_on_commit_callbacks)
    exported = privacy.export_person(owner)["learninglab.jobs"]
    assert [(row["kind"], row["file_name"]) for row in exported] == [("tests.count", "three.csv")]

    storage, name = job.file.storage, job.file.name
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_person(owner)
    assert not Job.objects.filter(owner=owner).exists()
    assert not storage.exists(name)
    assert Job.objects.filter(pk=others.pk).exists()
    assert others.file.storage.exists(others.file.name)


def test_jobs_are_forgotten_with_their_files_after_a_week(
    owner, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)):
        old = start(owner, "tests.count", django_capture_on_commit_callbacks)
    with time_machine.travel(datetime.datetime(2027, 3, 7, 12, tzinfo=datetime.UTC)):
        recent = start(owner, "tests.count", django_capture_on_commit_callbacks)
    storage, name = old.file.storage, old.file.name

    with (
        time_machine.travel(datetime.datetime(2027, 3, 8, 13, tzinfo=datetime.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.forget_old_jobs()

    assert list(Job.objects.all()) == [recent]
    assert not storage.exists(name)
    assert recent.file.storage.exists(recent.file.name)
