"""A person's own data: the download of everything the platform holds about them, and
the erasure of their account. Both walk the personal-data registry (learninglab.privacy),
so every app's part is included without this module knowing the apps."""

import json
import logging
import posixpath
import shutil
import tempfile
import zipfile

from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from learninglab import jobs, pagecache, privacy
from learninglab.models import Job

logger = logging.getLogger(__name__)

DOWNLOAD = "accounts.personal_data"
# Small downloads stay in memory while they are packed; larger ones go to a temporary file.
IN_MEMORY_BYTES = 10 * 1024 * 1024


def start_download(user) -> Job:
    """The person's download being prepared, or a new one: asking twice while one is
    on its way does not pack everything twice."""
    waiting = (
        Job.objects.visible_to(user)
        .filter(kind=DOWNLOAD, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .first()
    )
    return waiting or Job.start(user, DOWNLOAD)


def pack_download(job: Job):
    """The job's runner: a ZIP with `data.json` (every registry entry's export, by entry
    name) and the files entries point at, under the names they give. One step per entry
    and per file; reads every file once."""
    user = job.owner
    entries = privacy.entries()
    files = privacy.person_files(user)
    job.progress(0, len(entries) + len(files))
    with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES) as buffer:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            data = {}
            for done, entry in enumerate(entries, start=1):
                data[entry.name] = entry.export(user)
                job.progress(done)
            # Entries give dates as ISO text; the encoder only guards against one that
            # forgets.
            text = json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
            archive.writestr("data.json", text)
            missing = _add_files(archive, files, job, done_before=len(entries))
            with translation.override(user.preferred_language or None):
                readme = render_to_string(
                    "account/personal_data_readme.txt",
                    {"user": user, "when": timezone.now(), "missing": missing},
                )
            archive.writestr("README.txt", readme)
        buffer.seek(0)
        job.filename = f"learning-lab-{timezone.localdate():%Y-%m-%d}.zip"
        job.file.save(job.filename, File(buffer), save=False)


def _add_files(archive, files, job, done_before) -> list[str]:
    """Copy each file into the archive; the names of those not found in storage."""
    names, missing = {"data.json", "README.txt"}, []
    for done, (_entry, (name, storage, path)) in enumerate(files, start=done_before + 1):
        name = _unique(_safe_name(name), names)
        try:
            with storage.open(path, "rb") as source, archive.open(name, "w") as target:
                shutil.copyfileobj(source, target)
        except FileNotFoundError:
            # A row whose file is gone (a storage restored from an older backup): the
            # download says so rather than failing as a whole.
            logger.warning("Personal data download %s: no file %s", job.pk, path)
            missing.append(name)
        job.progress(done)
    return missing


def _safe_name(name: str) -> str:
    """A name inside the ZIP that cannot point outside the folder it is unpacked in."""
    parts = [part for part in posixpath.normpath(name).split("/") if part not in {"", ".", ".."}]
    return "/".join(get_valid_filename(part) for part in parts) or "file"


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}{dot}{extension}"
    taken.add(candidate)
    return candidate


def downloads_naming(person) -> Q:
    """The downloads that may name `person`, for their erasure: anyone's. Others' data
    names people in text copied at the time (a notification "Noor added evidence", an
    entry of the admin's log), from any programme or none, so which downloads do cannot
    be told without opening each one. Downloads are few and kept a week, and their
    owners can prepare them again."""
    return Q()


jobs.register(
    DOWNLOAD,
    pack_download,
    label=_("A download of your data"),
    lists_others=downloads_naming,
)


def erase_account(user) -> None:
    """Erase the person's data in every app (learninglab.privacy.erase_person) in one
    transaction; files follow once it commits. Public pages that showed their name are
    rendered afresh. The caller signs the person out."""
    with transaction.atomic():
        privacy.erase_person(user)
        pagecache.purge_on_commit()
