"""When people can meet: each person's weekly availability and its one-off exceptions.

Windows are wall-clock times ("Tuesday 09:00–12:00"), read in the time zone of the
programme a session is planned for, so the same window is right on both sides of a
daylight-saving change. Finding free slots is in prototypes.scheduling.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OwnAvailabilityQuerySet(models.QuerySet):
    def of(self, user):
        """The person's own entries: nobody sees or changes anyone else's availability
        (other than through the slots a coach is offered), so anything else is a 404."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class AvailabilityWindow(models.Model):
    """A window of a weekday in which the person is free to meet, every week."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="availability_windows",
        verbose_name=_("person"),
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    note = models.CharField(
        _("note"),
        max_length=120,
        blank=True,
        help_text=_("For example “school pick-up 15:00”."),
    )

    objects = OwnAvailabilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="availability_window_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The window must end after it starts.")})


class AvailabilityException(models.Model):
    """A one-off change to the weekly pattern on one date: away (all day or for a few
    hours), or free at a time that is not in the weekly pattern."""

    class Kind(models.TextChoices):
        AWAY = "away", _("Not available")
        FREE = "free", _("Extra available")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="availability_exceptions",
        verbose_name=_("person"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.AWAY)
    # Both empty: the whole day.
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=120, blank=True)

    objects = OwnAvailabilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("availability exception")
        verbose_name_plural = _("availability exceptions")
        ordering = ["date", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(starts_at__isnull=True) & Q(ends_at__isnull=True))
                | (
                    Q(starts_at__isnull=False)
                    & Q(ends_at__isnull=False)
                    & Q(ends_at__gt=F("starts_at"))
                ),
                name="availability_exception_whole_day_or_window",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    @property
    def whole_day(self) -> bool:
        return self.starts_at is None

    def clean(self):
        if (self.starts_at is None) != (self.ends_at is None):
            raise ValidationError(
                _("Give both a start and an end time, or neither for the whole day.")
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The time must end after it starts.")})
        if self.kind == self.Kind.FREE and self.whole_day:
            raise ValidationError(
                {"starts_at": _("Say from when until when you are extra available.")}
            )
