"""Impact reflections: what a participant learned and how they see themselves change.

Each week of the programme (and at mid-term and at the end) a participant writes a
reflection on the module's prompts and scores the programme's self-assessment scales.
Teams in continuation have no weeks: their reflections fall due every four weeks. The
author chooses who may read it (only themselves, their coach, or their team). A scale
cannot change once someone has scored it, so figures stay comparable over time.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SCALE_MIN, SCALE_MAX = 1, 5

# Continuation teams reflect once every this many weeks after the programme's end.
CONTINUATION_WEEKS = 4
# A reflection can be changed until this long after its period ends, then it is locked.
EDITABLE_AFTER_PERIOD = datetime.timedelta(weeks=1)

# The scales a programme gets when its coordinator has not set any.
DEFAULT_SCALES = [
    _("Confidence as a social entrepreneur"),
    _("Connection to the neighbourhood"),
    _("Understanding of the neighbourhood’s questions"),
    _("Working across backgrounds"),
]


# What a scale is: once someone scored it, these never change (figures stay comparable).
FROZEN_SCALE_FIELDS = ["programme_id", "name", "low_label", "high_label"]


class ReflectionScaleQuerySet(models.QuerySet):
    def for_programme(self, programme):
        """The programme's scales that are asked, in order. The four default scales are
        made on first use (worded in the language active then; coordinators change them
        in the admin). One query to check, a few more the first time, and one when the
        queryset is read."""
        programme = programme.default_locale_page
        if not self.filter(programme=programme).exists():
            from courses.models import ProgrammePage

            with transaction.atomic():
                # Lock the programme so two first reflections cannot both add the defaults.
                ProgrammePage.objects.select_for_update().filter(pk=programme.pk).first()
                if not self.filter(programme=programme).exists():
                    self.bulk_create(
                        ReflectionScale(programme=programme, name=str(name), sort_order=position)
                        for position, name in enumerate(DEFAULT_SCALES)
                    )
        return self.filter(programme=programme, active=True).order_by("sort_order", "pk")

    def with_use(self):
        """Each scale with `times_scored`: how many reflections scored it (one query)."""
        return self.annotate(times_scored=models.Count("scores"))


class ReflectionScale(models.Model):
    """A self-assessment scale of a programme (1–5), scored in every reflection.

    Once a reflection scored it, its name, meanings and programme never change and it
    cannot be deleted, so figures stay comparable: it can only stop being asked.
    """

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

    objects = ReflectionScaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment scale")
        verbose_name_plural = _("self-assessment scales")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.frozen_changes():
            raise ValidationError(self.frozen_error())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_scored():
            raise ValidationError(self.frozen_error())
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        changed = self.frozen_changes()
        if changed:
            message = self.frozen_error()
            field_names = [name.removesuffix("_id") for name in changed]
            raise ValidationError(dict.fromkeys(field_names, message))

    def is_scored(self) -> bool:
        """Whether any reflection scored this scale (one query, unless `with_use` counted)."""
        if self.pk is None:
            return False
        if hasattr(self, "times_scored"):
            return self.times_scored > 0
        return self.scores.exists()

    def frozen_changes(self) -> list[str]:
        """The frozen fields changed since the scale was read, if it has been scored.
        Two queries at most."""
        if self.pk is None or not self.is_scored():
            return []
        stored = type(self).objects.filter(pk=self.pk).values(*FROZEN_SCALE_FIELDS).first()
        if stored is None:
            return []
        return [name for name in FROZEN_SCALE_FIELDS if stored[name] != getattr(self, name)]

    def frozen_error(self) -> str:
        return gettext(
            "This scale has been scored in reflections, so its name and meanings can no "
            "longer change and it cannot be deleted: that keeps the figures comparable. "
            "Set it to not asked and add a new scale instead."
        )


@dataclass(frozen=True)
class ReflectionPeriod:
    """One period a reflection is written for: a programme week (weekly, mid-term and
    final reflections) or a four-week period after the programme (continuation), with
    its first and last day in the programme's time zone."""

    kind: str
    number: int
    first_day: datetime.date
    last_day: datetime.date
    zone: datetime.tzinfo

    @property
    def locks_at(self) -> datetime.datetime:
        """The moment it can no longer change: a week after the period's last day ends,
        where the programme runs."""
        day_after = self.last_day + datetime.timedelta(days=1)
        return datetime.datetime.combine(day_after, datetime.time.min, tzinfo=self.zone) + (
            EDITABLE_AFTER_PERIOD
        )

    @property
    def last_editable_day(self) -> datetime.date:
        """The last day, where the programme runs, on which it can still change."""
        return self.last_day + EDITABLE_AFTER_PERIOD

    def is_locked(self, now=None) -> bool:
        return (now or timezone.now()) >= self.locks_at

    def has_started(self, today) -> bool:
        return self.first_day <= today

    @property
    def title(self) -> str:
        return period_title(self.kind, self.number)

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.number)


def period_title(kind, number) -> str:
    """How a period is named to people, in the active language."""
    if kind == Reflection.Kind.CONTINUATION:
        return gettext("Continuation, period %(number)s") % {"number": number}
    if kind == Reflection.Kind.MIDTERM:
        return gettext("Mid-term reflection (week %(number)s)") % {"number": number}
    if kind == Reflection.Kind.FINAL:
        return gettext("Final reflection (week %(number)s)") % {"number": number}
    return gettext("Week %(number)s") % {"number": number}


def programme_periods(programme) -> list[ReflectionPeriod]:
    """Every period of the programme, in order: each week, with the mid-term reflection
    after week `weeks // 2` and the final one after the last week. No query."""
    Kind = Reflection.Kind
    midterm, final = programme.weeks // 2, programme.weeks
    periods = []
    for week in range(1, programme.weeks + 1):
        first = programme.start_date + datetime.timedelta(weeks=week - 1)
        last = first + datetime.timedelta(days=6)
        kinds = [Kind.WEEKLY]
        if week == midterm:
            kinds.append(Kind.MIDTERM)
        if week == final:
            kinds.append(Kind.FINAL)
        periods.extend(ReflectionPeriod(kind, week, first, last, programme.zone) for kind in kinds)
    return periods


def continuation_period(programme, number) -> ReflectionPeriod:
    """The `number`th four-week period after the programme's last day."""
    first = programme.end_date + datetime.timedelta(weeks=CONTINUATION_WEEKS * (number - 1), days=1)
    last = first + datetime.timedelta(weeks=CONTINUATION_WEEKS, days=-1)
    return ReflectionPeriod(Reflection.Kind.CONTINUATION, number, first, last, programme.zone)


def started_periods(team, today=None) -> list[ReflectionPeriod]:
    """The team's periods that have begun by `today` (in the programme's time zone), in
    order: programme weeks, or for a team in continuation the four-week periods after
    the programme. No query beyond the team's programme."""
    programme = team.programme
    today = today or programme.today()
    if team.phase == team.Phase.CONTINUATION:
        periods = []
        number = 1
        while (period := continuation_period(programme, number)).has_started(today):
            periods.append(period)
            number += 1
        return periods
    return [period for period in programme_periods(programme) if period.has_started(today)]


def find_period(team, kind, number) -> ReflectionPeriod | None:
    """The team's period of that kind and number, started or not, or None if the team
    has no such period (an unknown kind, a week outside the programme, a continuation
    period for a team that is not in continuation). No query beyond the programme."""
    in_continuation = team.phase == team.Phase.CONTINUATION
    # The period is stored in a small integer; further on the dates would not even exist.
    if in_continuation and kind == Reflection.Kind.CONTINUATION and 1 <= number <= 32767:
        return continuation_period(team.programme, number)
    # A team in continuation keeps its programme weeks, so what it wrote stays readable.
    if kind == Reflection.Kind.CONTINUATION:
        return None
    for period in programme_periods(team.programme):
        if period.key == (kind, number):
            return period
    return None


class ReflectionLockedError(Exception):
    """Raised when a reflection is written or changed after its period locked."""


class ReflectionQuerySet(models.QuerySet):
    def readable_by(self, user):
        """The reflections the person may read (see prototypes.rules.can_read_reflection):
        their own; those shared with the coach, for the team's coaches; those shared with
        the team, also for its current members. Coordinators read none. One query."""
        from prototypes.models.teams import Team, TeamMember

        if not user.is_authenticated:
            return self.none()
        Visibility = Reflection.Visibility
        coached = Team.objects.filter(coaches=user).values("pk")
        member_of = TeamMember.objects.current().filter(user=user).values("team_id")
        return self.filter(
            Q(author=user)
            | Q(visibility__in=[Visibility.COACH, Visibility.TEAM], team_id__in=coached)
            | Q(visibility=Visibility.TEAM, team_id__in=member_of)
        )

    def for_display(self):
        """With author and scores (and their scales): two queries however many."""
        return self.select_related("author").prefetch_related(
            models.Prefetch(
                "scores",
                queryset=ReflectionScore.objects.select_related("scale").order_by(
                    "scale__sort_order", "scale__pk"
                ),
            )
        )

    def programme_weeks_by_current_members(self, team) -> set[int]:
        """The programme weeks for which a current member of the team wrote a reflection
        (weekly, mid-term or final). One query."""
        return set(
            self.filter(
                team=team,
                author_id__in=team.members.current().values("user_id"),
            )
            .exclude(kind=Reflection.Kind.CONTINUATION)
            .values_list("period", flat=True)
            .distinct()
        )


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

    objects = ReflectionQuerySet.as_manager()

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

    @property
    def title(self) -> str:
        return period_title(self.kind, self.period)

    @property
    def shared_with_display(self) -> str:
        """Who reads it, said to someone other than its author."""
        return {
            self.Visibility.PRIVATE: gettext("only its author"),
            self.Visibility.COACH: gettext("its author and the coach"),
            self.Visibility.TEAM: gettext("the team and the coach"),
        }[self.visibility]

    @classmethod
    def write(cls, author, team, period, *, answers, scores, visibility, now=None):
        """Write or change `author`'s reflection for a period of their team: `answers`
        as [{"prompt": …, "answer": …}], `scores` as {scale: value}. Refused once the
        period has locked. Counts as the team's activity. A few queries."""
        now = now or timezone.now()
        if period.is_locked(now):
            raise ReflectionLockedError(
                f"{period.kind} {period.number} locked at {period.locks_at}"
            )
        with transaction.atomic():
            reflection, created = cls.objects.select_for_update().get_or_create(
                author=author,
                team=team,
                kind=period.kind,
                period=period.number,
                defaults={"answers": answers, "visibility": visibility, "created_at": now},
            )
            if not created:
                reflection.answers = answers
                reflection.visibility = visibility
                reflection.save(update_fields=["answers", "visibility", "updated_at"])
            ReflectionScore.objects.bulk_create(
                [
                    ReflectionScore(reflection=reflection, scale=scale, value=value)
                    for scale, value in scores.items()
                ],
                update_conflicts=True,
                unique_fields=["reflection", "scale"],
                update_fields=["value"],
            )
            team.touch(now)
        return reflection


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


# The questions asked when the module of the week has no reflection prompt, by kind.
GENERAL_PROMPTS = {
    Reflection.Kind.WEEKLY: [
        _("What did you do this week, and what did you learn from it?"),
        _("What will you do differently next week?"),
    ],
    Reflection.Kind.MIDTERM: [
        _("Halfway through the programme: what has changed for you, and for the neighbourhood?"),
        _("What do you want to learn in the second half?"),
    ],
    Reflection.Kind.FINAL: [
        _(
            "Looking back on the whole programme: what has changed for you, and for the "
            "neighbourhood?"
        ),
        _("What do you take with you, and what would you like to go on with?"),
    ],
    Reflection.Kind.CONTINUATION: [
        _("What did the team achieve in these four weeks, and what did you learn?"),
        _("What changed in the neighbourhood because of your work?"),
        _("What will you do in the next four weeks?"),
    ],
}


def prompts_for(team, period) -> list[str]:
    """The questions for a new reflection: the reflection prompts of the module that
    covers the period's week, from its translation in the active language when there is
    one; the general questions of the kind when it has none (and for continuation).
    Two or three queries."""
    from wagtail.models import Locale

    from courses.models import ModulePage

    prompts = []
    if period.kind != Reflection.Kind.CONTINUATION:
        module = (
            ModulePage.objects.child_of(team.programme)
            .live()
            .filter(week__lte=period.number, week__gt=period.number - models.F("duration_weeks"))
            .order_by("week", "path")
            .first()
        )
        if module is not None:
            active = Locale.get_active()
            if active.pk != module.locale_id:
                translated = (
                    ModulePage.objects.live()
                    .filter(locale=active, translation_key=module.translation_key)
                    .first()
                )
                module = translated or module
            prompts = [
                block.value["prompt"]
                for block in module.body
                if block.block_type == "reflection_prompt" and block.value["prompt"].strip()
            ]
    return prompts or [str(prompt) for prompt in GENERAL_PROMPTS[period.kind]]
