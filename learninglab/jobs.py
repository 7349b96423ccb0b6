"""Background jobs with progress: slow work a person asked for, done by a Celery worker.

A feature registers what a kind of job does, once, at import time, in a module its
AppConfig.ready imports (a worker never loads the URLs or views):

    from learninglab import jobs

    def cohort_export(job):
        rows = ...
        job.progress(0, len(rows))
        ...
        job.progress(done, len(rows))     # every so many rows: one UPDATE each time
        return "cohort.csv", data         # or write job.file yourself and return None

    jobs.register(
        "prototypes.cohort_export",
        cohort_export,
        label=_("Cohort export"),
        back=lambda job: (reverse("..."), _("Back to the cohort overview")),  # optional
        lists_others=exports_naming,  # optional: files that name others (see register)
    )

and starts one from a view with `Job.start(request.user, "prototypes.cohort_export",
{"programme": 7})`, then redirects to `job_url(job)`: a page that shows the progress
and, when the work is done, the download link; only the job's owner sees it.

A runner that cannot do its work raises `JobFailed` with a message for the person; any
other exception is logged and the person reads a general message. Either way the job
is marked failed: the person never gets an error page.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from learninglab import privacy
from learninglab.models import Job

logger = logging.getLogger(__name__)

GENERAL_FAILURE = _(
    "Something went wrong while preparing this file. Please try again later; "
    "if it keeps failing, tell the people who run the platform."
)

REMOVED_AFTER_ERASURE = _(
    "This file was removed because someone listed in it had their personal data "
    "erased. You can prepare it again."
)


class JobFailed(Exception):
    """Raised by a runner with a message (translatable) for the job's owner."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class JobKind:
    kind: str
    runner: Callable[[Job], Any]
    label: Any
    # (url, link text) of the page the job was started from, for its progress page.
    back: Callable[[Job], tuple[str, Any]] | None = None
    # For kinds whose files name people besides the owner: given a person being
    # erased, a filter on Job for the jobs of this kind whose files may name them.
    lists_others: Callable[[Any], Q] | None = None


_registry: dict[str, JobKind] = {}


def register(
    kind: str, runner: Callable[[Job], Any], *, label=None, back=None, lists_others=None
) -> None:
    """Declare what a job of `kind` does. `runner(job)` returns (filename, bytes) or
    writes `job.file` and `job.filename` itself and returns None. `back(job)`, if
    given, returns the (url, link text) that the progress page links back to.

    A kind whose files hold other people's data (a list of a programme's students)
    gives `lists_others(person)`: a filter (Q) on Job for the jobs whose files may
    name `person`. When that person erases their account, those files are removed
    (see `erase_jobs`), as their name must be found nowhere after."""
    if kind in _registry:
        raise ValueError(f"Job kind {kind!r} is registered twice.")
    _registry[kind] = JobKind(kind, runner, label or kind, back, lists_others)


def runner_for(kind: str) -> JobKind:
    try:
        return _registry[kind]
    except KeyError:
        raise LookupError(f"No job kind {kind!r} is registered.") from None


def label_for(kind: str):
    entry = _registry.get(kind)
    return entry.label if entry else kind


def back_link(job: Job) -> tuple[str, Any] | None:
    """The (url, link text) the job's progress page links back to, if its kind says."""
    entry = _registry.get(job.kind)
    return entry.back(job) if entry and entry.back else None


def job_url(job: Job) -> str:
    """The page where the owner follows the job and downloads its file."""
    return reverse("jobs:detail", args=[job.pk])


def run(job_id: int) -> None:
    """Do the work of a queued job and record the outcome. Safe to deliver twice: the
    job is claimed from `queued` to `running` in one UPDATE, so only one worker runs it."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING
    )
    if not claimed:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    try:
        result = runner_for(job.kind).runner(job)
        if result is not None:
            filename, content = result
            job.filename = filename
            job.file.save(filename, ContentFile(content), save=False)
    except JobFailed as failure:
        _fail(job, failure.message)
        return
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(job, GENERAL_FAILURE)
        return
    job.status = Job.Status.DONE
    job.finished_at = timezone.now()
    if job.total_steps:
        job.done_steps = job.total_steps
    job.save(
        update_fields=["status", "finished_at", "file", "filename", "done_steps", "total_steps"]
    )


def _fail(job: Job, message) -> None:
    # The message is kept in the owner's language: the person reads it, nobody else.
    with translation.override(job.owner.preferred_language or None):
        job.error = str(message)
    job.status = Job.Status.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "done_steps", "total_steps"])


# Personal data: a job belongs to its owner, and so does its file.


def export_jobs(user):
    return [
        {
            "kind": job.kind,
            "parameters": job.params,
            "status": job.status,
            "file_name": job.filename,
            "error": job.error,
            "created_at": job.created_at.isoformat(),
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        }
        for job in Job.objects.filter(owner=user)
    ]


def erase_jobs(user):
    """Delete the person's jobs and, once that is committed, their files. Others' files
    that may name them go too (see `remove_files_listing`)."""
    _delete_with_files(Job.objects.filter(owner=user))
    remove_files_listing(user)


def remove_files_listing(person) -> None:
    """Remove the files of other people's finished jobs that may name `person`, as the
    kinds that list others say (`lists_others` at `register`). The jobs stay, failed,
    so that their owners read on the job's page why the file is gone and that they can
    prepare it again. A query per such kind, and one per job found; the files leave
    the storage once the erasure commits.

    Runs before the apps' own entries erase what the filters look at (memberships):
    this entry is registered before theirs (learninglab's AppConfig.ready imports this
    module before it finds the apps' privacy.py), and entries run in that order."""
    for kind in _registry.values():
        if kind.lists_others is None:
            continue
        listing = (
            Job.objects.filter(kind=kind.kind, status=Job.Status.DONE)
            .filter(kind.lists_others(person))
            .exclude(file="")
            .select_related("owner")
        )
        for job in listing:
            storage, name = job.file.storage, job.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
            job.file = job.filename = ""
            job.status = Job.Status.FAILED
            # Like any failure: in the owner's language, the only one who reads it.
            with translation.override(job.owner.preferred_language or None):
                job.error = str(REMOVED_AFTER_ERASURE)
            job.save(update_fields=["file", "filename", "status", "error"])


def forget_old(now=None) -> int:
    """Delete the jobs older than `Job.KEEP_FOR` and their files: an export holds
    personal data, kept no longer than its owner needs to download it."""
    now = now or timezone.now()
    return _delete_with_files(Job.objects.filter(created_at__lt=now - Job.KEEP_FOR))


def _delete_with_files(jobs) -> int:
    """Delete these jobs and, once that is committed, their files."""
    files = [job.file for job in jobs.exclude(file="").only("pk", "file")]
    deleted, _by_model = jobs.delete()
    for file in files:
        transaction.on_commit(lambda file=file: file.delete(save=False))
    return deleted


privacy.register("learninglab.jobs", models=[Job], export=export_jobs, erase=erase_jobs)
