"""Iterations of a prototype as tested with stakeholders, and their evidence.

A submitted iteration never changes: its content is frozen in the interface, the admin,
the ORM and, on PostgreSQL, by a database trigger. The next change is a new iteration.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.storage import private_storage


class Iteration(models.Model):
    """A numbered version of a team's prototype: a test card, who was involved, the
    evidence, and a learning card."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        REVISE = "revise", _("Revise")

    prototype = models.ForeignKey(
        "prototypes.Prototype",
        on_delete=models.CASCADE,
        related_name="iterations",
        verbose_name=_("prototype"),
    )
    number = models.PositiveIntegerField(_("number"))
    # The test card.
    we_believe = models.TextField(_("we believe that"), blank=True)
    to_verify_we_will = models.TextField(_("to verify that, we will"), blank=True)
    and_measure = models.TextField(_("and measure"), blank=True)
    we_are_right_if = models.TextField(_("we are right if"), blank=True)
    stakeholders = models.TextField(_("stakeholders involved"), blank=True)
    evidence_notes = models.TextField(_("notes"), blank=True)
    # The learning card.
    we_observed = models.TextField(_("we observed"), blank=True)
    we_learned = models.TextField(_("we learned"), blank=True)
    therefore_we_will = models.TextField(_("therefore we will"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    CONTENT_FIELDS = [
        "we_believe",
        "to_verify_we_will",
        "and_measure",
        "we_are_right_if",
        "stakeholders",
        "evidence_notes",
        "we_observed",
        "we_learned",
        "therefore_we_will",
    ]

    class Meta:
        verbose_name = _("iteration")
        verbose_name_plural = _("iterations")
        ordering = ["prototype", "number"]
        constraints = [
            models.UniqueConstraint(fields=["prototype", "number"], name="iteration_number_unique"),
        ]

    def __str__(self):
        return _("Iteration %(number)s") % {"number": self.number}

    @property
    def is_frozen(self):
        return self.status != self.Status.DRAFT


class Evidence(models.Model):
    """A photo or document that shows what an iteration's test found. Kept in the
    private storage; only a view that checks access hands it out."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    iteration = models.ForeignKey(
        Iteration, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("iteration")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to="evidence/%Y/%m")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.caption or self.original_name
