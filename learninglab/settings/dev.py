"""Local development and the demo: debug on, emails go to a local mailbox."""

from .base import *  # noqa: F403
from .base import MAILBOX_DIR, env

DEBUG = env.bool("DEBUG", default=True)
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(MAILBOX_DIR))
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The development mailbox page lists what EMAIL_FILE_PATH holds.
MAILBOX_ENABLED = True
