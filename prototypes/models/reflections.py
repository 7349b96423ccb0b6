"""Impact reflections: what a participant learned and how they see themselves change.

Each week of the programme (and at mid-term and at the end) a participant writes a
reflection on the module's prompts and scores the programme's self-assessment scales.
Teams in continuation have no weeks: their reflections fall due every four weeks. The
author chooses who may read it (only themselves, their coach, or their team). A scale
cannot change once someone has scored it, so figures stay comparable over time.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCALE_MIN, SCALE_MAX = 1, 5

# The scales a programme gets when its coordinator has not set any.
DEFAULT_SCALES = [
    _("Confidence as a social entrepreneur"),
    _("Connection to the neighbourhood"),
    _("Understanding of the neighbourhood’s questions"),
    _("Working across backgrounds"),
]


class ReflectionScale(models.Model):
    """A self-assessment scale of a programme (1–5), scored in every reflection."""

    programme = models.ForeignKey(
        "courses.ProgrammePage",
        on_delete=models.CASCADE,
        related_name="reflection_scales",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=150)
    low_label = models.CharField(_("meaning of 1"), max_length=60, blank=True)
    high_label = models.CharField(_("meaning of 5"), max_length=60, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("asked"),
        default=True,
        help_text=_("Scales that are no longer asked keep their scores."),
    )

    class Meta:
        verbose_name = _("self-assessment scale")
        verbose_name_plural = _("self-assessment scales")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class Reflection(models.Model):
    """A participant's reflection for one period of their team's programme."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MIDTERM = "midterm", _("Mid-term")
        FINAL = "final", _("Final")
        CONTINUATION = "continuation", _("Continuation")

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Only me")
        COACH = "coach", _("Me and my coach")
        TEAM = "team", _("My team and coach")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("author"),
    )
    team = models.ForeignKey(
        "prototypes.Team",
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("team"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WEEKLY)
    # The programme week for weekly, mid-term and final reflections; the number of the
    # four-week period after the programme for continuation reflections.
    period = models.PositiveSmallIntegerField(_("week"))
    # The prompts as they were asked, with the answers: [{"prompt": …, "answer": …}].
    answers = models.JSONField(_("answers"), default=list, blank=True)
    visibility = models.CharField(
        _("who may read it"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.COACH,
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "team", "kind", "period"], name="one_reflection_per_period"
            ),
            models.CheckConstraint(condition=Q(period__gte=1), name="reflection_period_from_1"),
        ]

    def __str__(self):
        return f"{self.author} {self.get_kind_display()} {self.period}"


class ReflectionScore(models.Model):
    """The score a reflection gives on one scale."""

    reflection = models.ForeignKey(
        Reflection, on_delete=models.CASCADE, related_name="scores", verbose_name=_("reflection")
    )
    scale = models.ForeignKey(
        ReflectionScale, on_delete=models.PROTECT, related_name="scores", verbose_name=_("scale")
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["reflection", "scale"], name="one_score_per_scale"),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN) & Q(value__lte=SCALE_MAX),
                name="score_on_the_scale",
            ),
        ]

    def __str__(self):
        return f"{self.scale}: {self.value}"
