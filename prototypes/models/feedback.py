"""Feedback from stakeholders who have no account, through a signed link.

A team member makes a link for an iteration and sends it to a stakeholder. The link's
token (prototypes.feedback) is signed over the link's id alone; whether the link has
expired, been revoked or been used up is read from here. Answers are records of their
own: they may arrive after the iteration was submitted, because the freeze guards only
the iteration's content and its evidence.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LINK_LIFETIME = datetime.timedelta(days=30)
MAX_ANSWERS_PER_LINK = 50


def default_expiry():
    return timezone.now() + LINK_LIFETIME


class FeedbackLinkQuerySet(models.QuerySet):
    def for_iteration(self, iteration):
        return self.filter(iteration=iteration)

    def with_answer_counts(self):
        """Each link with `answer_total`, counted in the same query."""
        return self.annotate(answer_total=Count("answers"))


class FeedbackLink(models.Model):
    """A link a team member sends to a stakeholder to ask for feedback on an iteration."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        USED_UP = "used_up", _("Used up")

    iteration = models.ForeignKey(
        "prototypes.Iteration",
        on_delete=models.CASCADE,
        related_name="feedback_links",
        verbose_name=_("iteration"),
    )
    label = models.CharField(
        _("label"),
        max_length=120,
        blank=True,
        help_text=_("Who the link is for, e.g. “for the housing association”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), default=default_expiry)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    max_answers = models.PositiveIntegerField(_("most answers"), default=MAX_ANSWERS_PER_LINK)

    objects = FeedbackLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback link")
        verbose_name_plural = _("feedback links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="feedback_link_expires_after_creation",
            ),
        ]

    def __str__(self):
        return self.label or _("Feedback link %(id)s") % {"id": self.pk}

    def get_absolute_url(self):
        return reverse("feedback:answer", args=[self.token])

    @property
    def token(self) -> str:
        from prototypes.feedback import make_token  # which imports these models

        return make_token(self)

    def state(self, answer_count=None) -> str:
        """Open, expired, revoked or used up. Counts the answers (one query) unless the
        caller passes the count (see `with_answer_counts`)."""
        if self.revoked_at is not None:
            return self.State.REVOKED
        if timezone.now() >= self.expires_at:
            return self.State.EXPIRED
        if answer_count is None:
            answer_count = getattr(self, "answer_total", None)
        if answer_count is None:
            answer_count = self.answers.count()
        if answer_count >= self.max_answers:
            return self.State.USED_UP
        return self.State.OPEN

    def revoke(self):
        """Close the link for good; answers already given stay."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
            self.iteration.team.touch(self.revoked_at)


class FeedbackAnswer(models.Model):
    """What one stakeholder answered through a feedback link, stored only after they
    agreed. Their name and organisation are optional personal data of someone without
    an account; `forget_stakeholder` removes them."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    NEED_CHOICES = [
        (1, _("Not at all")),
        (2, _("A little")),
        (3, _("Somewhat")),
        (4, _("Quite")),
        (5, _("Very much")),
    ]

    link = models.ForeignKey(
        FeedbackLink, on_delete=models.CASCADE, related_name="answers", verbose_name=_("link")
    )
    real_need = models.PositiveSmallIntegerField(
        _("Does this meet a real need?"),
        choices=NEED_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    would_use = models.CharField(_("Would you use it?"), max_length=5, choices=Answer.choices)
    would_pay = models.CharField(_("Would you pay for it?"), max_length=5, choices=Answer.choices)
    would_partner = models.CharField(
        _("Would you partner in it?"), max_length=5, choices=Answer.choices
    )
    better = models.TextField(_("What would make it better?"), blank=True)
    name = models.CharField(_("your name"), max_length=150, blank=True)
    organisation = models.CharField(_("your organisation"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    # When the stakeholder agreed that the team stores their answer: never empty.
    consented_at = models.DateTimeField(_("agreed at"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(real_need__gte=1, real_need__lte=5),
                name="feedback_answer_real_need_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(would_use__in=["yes", "maybe", "no"])
                & models.Q(would_pay__in=["yes", "maybe", "no"])
                & models.Q(would_partner__in=["yes", "maybe", "no"]),
                name="feedback_answer_yes_maybe_no",
            ),
        ]

    def __str__(self):
        return self.name or _("Anonymous stakeholder")

    def forget_stakeholder(self):
        """Erase who the stakeholder is (name and organisation); the answers stay. A team
        member does this when the stakeholder asks (prototypes.views_feedback)."""
        self.name = ""
        self.organisation = ""
        self.save(update_fields=["name", "organisation"])
