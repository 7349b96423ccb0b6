"""An email backend for tests with a real worker: Django's file backend, taking
EMAIL_SEND_DELAY seconds before each message as a distant mail server would, so that a
test can stop the worker in the middle of a batch. Other processes read what it wrote
with learninglab.mailbox.store.Mailbox."""

import os
import time

from django.core.mail.backends import filebased


class SlowFileBackend(filebased.EmailBackend):
    def write_message(self, message):
        time.sleep(float(os.environ.get("EMAIL_SEND_DELAY", "0")))
        super().write_message(message)
