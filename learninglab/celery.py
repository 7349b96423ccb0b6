"""The Celery app. Configuration comes from Django settings (CELERY_*)."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learninglab.settings.dev")

app = Celery("learninglab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The filesystem transport's options that name a folder it reads or writes.
FILESYSTEM_FOLDERS = ("data_folder_in", "data_folder_out", "control_folder", "processed_folder")


def make_local_folders(conf):
    """Create the folders the filesystem transport and beat's schedule file live in.

    Neither Celery nor kombu creates them, and a worker, beat or web process that
    starts before they exist fails on its first message.
    """
    folders = [Path(conf.beat_schedule_filename).parent]
    if conf.broker_url.startswith("filesystem:"):
        options = conf.broker_transport_options or {}
        folders += [Path(options[key]) for key in FILESYSTEM_FOLDERS if options.get(key)]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _make_local_folders(sender, source, **kwargs):
    # Every process (web, worker, beat) reads the configuration once, before its first
    # message, so the folders exist whichever of them starts first.
    make_local_folders(source)
