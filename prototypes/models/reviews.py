"""Coach reviews of submitted iterations, scored on their programme's rubric.

A review keeps the rubric it was scored on (a snapshot of its criteria and level
descriptions), so later changes to the rubric never change old scores. An iteration's
status follows its reviews: "revise" as soon as one of its reviews asks for a revision,
otherwise "accepted" once reviewed. A review is the coach's work, not the team's, so it
does not change the team's time of last activity (reminders measure the team's own work).
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from prototypes.models.iterations import Iteration

# The four levels every criterion is scored on, lowest first; a score is the level's number.
LEVELS = [
    (1, _("Beginning")),
    (2, _("Developing")),
    (3, _("Good")),
    (4, _("Excellent")),
]

# The rubric a programme gets when its coordinator has not set one: a criterion's name
# and what each of the four levels looks like.
DEFAULT_CRITERIA = [
    (
        _("Understanding of the question"),
        [
            _("The neighbourhood question is not yet clear to the team."),
            _("The team can name the question but not yet who it matters to, or why."),
            _(
                "The team explains the question and who it matters to, in the neighbourhood’s words."
            ),
            _("The team sharpened the question with what it heard and can say why it matters now."),
        ],
    ),
    (
        _("Involvement of stakeholders"),
        [
            _("No stakeholders were involved in this test."),
            _("Stakeholders were asked, but only people the team already knew."),
            _("Several kinds of stakeholders took part in the test."),
            _("Stakeholders shaped the test and the team knows who to involve next."),
        ],
    ),
    (
        _("Quality of evidence"),
        [
            _("There is no evidence yet, only opinions."),
            _("There is some evidence, but it does not answer the test card."),
            _("The evidence answers the test card’s measure."),
            _("The evidence is convincing and shows what the team did not expect, too."),
        ],
    ),
    (
        _("Depth of learning"),
        [
            _("The learning card repeats what the team already believed."),
            _("The team describes what happened, not yet what it learned from it."),
            _("The team draws a clear lesson from what it observed."),
            _("The team questions its own assumptions and changes its thinking."),
        ],
    ),
    (
        _("Next step"),
        [
            _("There is no next step yet."),
            _("The next step is vague or does not follow from the learning."),
            _("The next step follows from what the team learned."),
            _("The next step is concrete, testable and builds on the learning."),
        ],
    ),
]


class RubricQuerySet(models.QuerySet):
    def for_programme(self, programme):
        """The programme's rubric, made from the default criteria on first use, worded in
        the language active at that moment (the coordinator changes it in the admin).
        One query, or a few when the rubric is made."""
        programme = programme.default_locale_page
        with transaction.atomic():
            rubric, created = self.get_or_create(programme=programme)
            if created:
                RubricCriterion.objects.bulk_create(
                    RubricCriterion(
                        rubric=rubric,
                        sort_order=position,
                        name=str(name),
                        level_1=str(levels[0]),
                        level_2=str(levels[1]),
                        level_3=str(levels[2]),
                        level_4=str(levels[3]),
                    )
                    for position, (name, levels) in enumerate(DEFAULT_CRITERIA)
                )
        return rubric


class Rubric(ClusterableModel):
    """What coaches score an iteration on, set per programme by its coordinators: ordered
    criteria, each with a description of four levels."""

    programme = models.OneToOneField(
        "courses.ProgrammePage",
        on_delete=models.CASCADE,
        related_name="rubric",
        verbose_name=_("programme"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RubricQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return gettext("Rubric of %(programme)s") % {"programme": self.programme}

    def snapshot(self) -> list[dict]:
        """The criteria as a review keeps them: name and four level descriptions each.
        One query."""
        return [
            {"name": criterion.name, "levels": criterion.levels}
            for criterion in self.criteria.order_by("sort_order", "pk")
        ]


class RubricCriterion(Orderable):
    """One criterion of a rubric, with what each level looks like."""

    rubric = ParentalKey(
        Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric")
    )
    name = models.CharField(_("name"), max_length=150)
    level_1 = models.TextField(_("beginning"))
    level_2 = models.TextField(_("developing"))
    level_3 = models.TextField(_("good"))
    level_4 = models.TextField(_("excellent"))

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name

    @property
    def levels(self) -> list[str]:
        return [self.level_1, self.level_2, self.level_3, self.level_4]


class ReviewNotEditableError(Exception):
    """Raised when a review is written or changed after the team started a newer iteration."""


def newer_iteration_exists():
    """An expression: the iteration's team has started an iteration after it."""
    return Exists(
        Iteration.objects.filter(
            prototype_id=OuterRef("prototype_id"), number__gt=OuterRef("number")
        )
    )


def review_queue(coach):
    """The iterations waiting for this coach: submitted iterations of the teams they
    coach that they have not reviewed, still the latest of their team, oldest first.
    One query, with the team."""
    return (
        Iteration.objects.filter(prototype__team__coaches=coach)
        .exclude(status=Iteration.Status.DRAFT)
        .exclude(Exists(Review.objects.filter(iteration=OuterRef("pk"), coach=coach)))
        .exclude(newer_iteration_exists())
        .select_related("prototype__team")
        .order_by("submitted_at", "pk")
    )


class ReviewQuerySet(models.QuerySet):
    def for_display(self):
        """The reviews with their coach, oldest first: one query however many."""
        return self.select_related("coach").order_by("created_at", "pk")


class Review(models.Model):
    """A coach's review of a submitted iteration: a score per criterion of the rubric it
    was scored on (kept here as it was), a comment per card and a decision."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        # With a context: the Dutch word must read as a decision, not as a button.
        REVISE = "revise", pgettext_lazy("review decision", "Revise")

    iteration = models.ForeignKey(
        Iteration, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("iteration")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        verbose_name=_("coach"),
    )
    # [{"name": ..., "levels": [four descriptions]}, ...] as the rubric was when scored.
    rubric = models.JSONField(_("rubric as scored"), default=list)
    # One level (1–4) per criterion of `rubric`, in the same order.
    scores = models.JSONField(_("scores"), default=list)
    test_card_comment = models.TextField(_("comment on the test card"), blank=True)
    learning_card_comment = models.TextField(_("comment on the learning card"), blank=True)
    comment = models.TextField(_("general comment"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["iteration", "coach"], name="one_review_per_coach_per_iteration"
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=["accepted", "revise"]),
                name="review_decision_known",
            ),
        ]

    def __str__(self):
        return gettext("Review of iteration %(number)s by %(coach)s") % {
            "number": self.iteration.number,
            "coach": self.coach or gettext("a former coach"),
        }

    @classmethod
    def record(cls, iteration, coach, *, rubric, scores, decision, **comments):
        """Write or change `coach`'s review of a submitted iteration and move the
        iteration's status on. `rubric` is the snapshot scored on (a new review takes the
        programme's current rubric; a changed one keeps its own). Refused once the team
        has started a newer iteration. A few queries; locks the prototype as starting an
        iteration does, so the two cannot cross."""
        from prototypes.models.canvas import Prototype

        if not iteration.is_frozen:
            raise ReviewNotEditableError("A draft iteration cannot be reviewed.")
        with transaction.atomic():
            Prototype.objects.select_for_update().filter(pk=iteration.prototype_id).first()
            if iteration.prototype.iterations.filter(number__gt=iteration.number).exists():
                raise ReviewNotEditableError(
                    f"The team has started an iteration after iteration {iteration.number}."
                )
            review = cls.objects.filter(iteration=iteration, coach=coach).first()
            now = timezone.now()
            if review is None:
                review = cls(iteration=iteration, coach=coach, rubric=rubric, created_at=now)
            review.scores = [int(score) for score in scores]
            review.decision = decision
            for name in ["test_card_comment", "learning_card_comment", "comment"]:
                setattr(review, name, comments.get(name, ""))
            review.updated_at = now
            created = review.pk is None
            review.save()
            review.update_iteration_status()
            if created:
                from prototypes.reminders import notify_review_received

                notify_review_received(review)
        return review

    def update_iteration_status(self):
        """Let the iteration's status follow its reviews: "revise" if any review asks for
        it, else "accepted". A status change is allowed on a frozen iteration."""
        iteration = self.iteration
        decisions = set(iteration.reviews.values_list("decision", flat=True))
        if not decisions:
            status = Iteration.Status.SUBMITTED
        elif self.Decision.REVISE in decisions:
            status = Iteration.Status.REVISE
        else:
            status = Iteration.Status.ACCEPTED
        if iteration.status != status:
            iteration.status = status
            iteration.save(update_fields=["status"])

    def is_editable(self) -> bool:
        """Whether the coach may still change it: until the team starts a newer iteration.
        One query."""
        return not Iteration.objects.filter(
            prototype_id=self.iteration.prototype_id, number__gt=self.iteration.number
        ).exists()

    def scored_criteria(self) -> list[dict]:
        """Each criterion of the rubric as scored, with its score, level name and the
        description of that level, to show."""
        labels = dict(LEVELS)
        rows = []
        for criterion, score in zip(self.rubric, self.scores, strict=False):
            rows.append(
                {
                    "name": criterion["name"],
                    "score": score,
                    "level": labels.get(score, ""),
                    "description": criterion["levels"][score - 1] if 1 <= score <= 4 else "",
                }
            )
        return rows
