"""Who takes part in a programme, and how: memberships, invitations and progress."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    RESIDENT = "resident", _("Resident")
    COACH = "coach", _("Coach")
    COORDINATOR = "coordinator", _("Coordinator")

    @classmethod
    def participants(cls):
        return [cls.STUDENT, cls.RESIDENT]


class MembershipQuerySet(models.QuerySet):
    def participants(self):
        return self.filter(role__in=Role.participants())

    def coordinators(self):
        return self.filter(role=Role.COORDINATOR)

    def for_person(self, user):
        """The person's memberships of published programmes, the one to show first first.

        First the programme running now (the latest to start, if several), then the
        most recently started, then the next to start. One query, programmes included.
        """
        memberships = list(self.filter(user=user, programme__live=True).select_related("programme"))
        memberships.sort(key=lambda membership: membership.display_order())
        return memberships


class Membership(models.Model):
    """A person's role in one programme run: the only source of programme roles."""

    programme = models.ForeignKey(
        "courses.ProgrammePage",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("programme"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("joined at"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_role_per_programme"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.programme}"

    @property
    def is_participant(self):
        return self.role in Role.participants()

    def display_order(self):
        """Sort key: running programmes first, then past ones, then upcoming; newest first."""
        programme = self.programme
        today = programme.today()
        start = programme.start_date.toordinal()
        if programme.start_date <= today <= programme.end_date:
            return (0, -start)
        if programme.start_date < today:
            return (1, -start)
        return (2, start)


def default_invitation_expiry():
    return timezone.now() + datetime.timedelta(days=14)


class Invitation(models.Model):
    """An invitation to join a programme with a role, sent by email.

    The link carries a signed token of the invitation's id; accepting it (after
    signing up or in) creates the membership.
    """

    programme = models.ForeignKey(
        "courses.ProgrammePage",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("programme"),
    )
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), default=default_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.programme}"

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_used(self):
        return self.accepted_at is not None


class ModuleProgress(models.Model):
    """A participant marked a module as done (always the default-locale module page)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="progress"
    )
    done_at = models.DateTimeField(_("done at"), default=timezone.now)

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="module_done_once")]

    def __str__(self):
        return f"{self.user} – {self.module}"
