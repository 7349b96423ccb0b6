"""Reminders and the in-site notifications they leave.

`Reminder` is a ledger: one row per occurrence of a reminder (this session, a day
before, to this person), under a unique `key`, so that finding the same occurrence
twice creates nothing twice. A row is "pending" once found, "claimed" by the worker
that is about to send it, and "sent" right after its email went out; or "dropped",
with the reason, when it was no longer worth sending. Its `message_id` is fixed when
the row is made, so an email sent again after a crash carries the same Message-ID
and mail clients fold the two. See prototypes/reminders.py for the scan and the send.
"""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .preferences import NotificationKind


def message_id_for(key: str) -> str:
    """The Message-ID of a reminder's email: derived from its key, so it never changes."""
    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    return f"<reminder.{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


class Reminder(models.Model):
    """One occurrence of a reminder to one person, and where it is on its way out."""

    # Every kind is named once, with the preferences that choose how it is sent.
    Kind = NotificationKind

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        DROPPED = "dropped", _("Not sent")
        # Its recipient wants this kind in a digest: the digest collects it at `due_at`.
        DIGEST = "digest", _("Waiting for the digest")

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    # When it is to go out; quiet hours move it to their end (prototypes.delivery).
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    dropped_reason = models.CharField(_("why not sent"), max_length=40, blank=True)
    # Set each time a scan hands the row to a worker; a row enqueued or claimed longer
    # ago than REMINDER_LEASE_SECONDS and still not sent is handed out again.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    message_id = models.CharField(max_length=200)
    # What the reminder is about: the object, and the page that shows it.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    link = models.CharField(_("link"), max_length=300)
    # What the kind needs to tell whether the occurrence still holds when it is sent.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "pk"]
        indexes = [
            # The scan's hand-out looks only at rows not yet sent or dropped.
            models.Index(
                fields=["state", "due_at"],
                condition=models.Q(state__in=["pending", "claimed"]),
                name="reminder_open",
            ),
            # The digests (prototypes.digests) look only at rows waiting for one.
            models.Index(
                fields=["due_at"], condition=models.Q(state="digest"), name="reminder_digest"
            ),
            models.Index(fields=["content_type", "object_id"], name="reminder_subject"),
        ]

    def __str__(self):
        return self.key


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The person's own notifications: nobody sees anyone else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self, now=None) -> int:
        """Mark the unread ones among these read (one query); returns how many."""
        return self.unread().update(read_at=now or timezone.now())


class Notification(models.Model):
    """A message in a person's notification centre, linking to what it is about."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # One notification per reminder, however often the reminder is sent.
    reminder = models.OneToOneField(
        Reminder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title

    @property
    def local_link(self) -> str:
        """The link if it is a path on this site, else "": a notification never sends
        anyone to another site, whatever was stored in it."""
        link = self.link
        if not link.startswith("/") or link.startswith(("//", "/\\")):
            return ""
        if not url_has_allowed_host_and_scheme(link, allowed_hosts=set()):
            return ""
        return link
