"""Iterations of a prototype as tested with stakeholders, and their evidence.

A submitted iteration never changes: its content is frozen in the interface, the admin,
the ORM and, on PostgreSQL, by a database trigger. The next change is a new iteration.
"""

import contextlib

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.expressions import Value
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.storage import private_storage


class FrozenIterationError(Exception):
    """Raised when something tries to change the content of a submitted iteration."""


@contextlib.contextmanager
def deleting_team_work():
    """Allow deleting the evidence of submitted iterations, for the one case where that is
    right: a whole team (or prototype) is being deleted. Runs the block in a transaction;
    on PostgreSQL it tells the database trigger for that transaction only."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL learninglab.deleting_team_work = 'on'")
        yield


class IterationQuerySet(models.QuerySet):
    def for_team(self, team):
        return self.filter(prototype__team=team)

    def timeline(self):
        """Newest first, with who created and submitted each: one query however many."""
        return self.select_related("created_by", "submitted_by").order_by("-number")

    def update(self, **kwargs):
        """Refuse to change the content of submitted iterations, or to make them drafts
        again. Costs one query more when the update touches frozen fields. bulk_update()
        goes through here too."""
        if self._touches_frozen(kwargs) and self.exclude(status=Iteration.Status.DRAFT).exists():
            raise FrozenIterationError(
                "A submitted iteration's content cannot change; start a new iteration."
            )
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        """As update(), checked before Django opens its transaction, so a refusal leaves
        the caller's transaction usable."""
        objs = list(objs)
        kwargs = dict.fromkeys(fields)
        if self._touches_frozen(kwargs) and (
            self.filter(pk__in=[obj.pk for obj in objs])
            .exclude(status=Iteration.Status.DRAFT)
            .exists()
        ):
            raise FrozenIterationError(
                "A submitted iteration's content cannot change; start a new iteration."
            )
        return super().bulk_update(objs, fields, batch_size=batch_size)

    bulk_update.alters_data = True

    def _touches_frozen(self, kwargs) -> bool:
        for key, value in kwargs.items():
            name = self.model._meta.get_field(key).name
            if name in Iteration.FROZEN_FIELDS:
                return True
            if name == "status":
                # Reviews move a submitted iteration on; nothing may make it a draft
                # again. A computed value (bulk_update's CASE) is checked as if it could.
                plain = value.value if isinstance(value, Value) else value
                if not isinstance(plain, str) or plain == Iteration.Status.DRAFT:
                    return True
        return False


class Iteration(models.Model):
    """A numbered version of a team's prototype: a test card, who was involved, the
    evidence, and a learning card."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        # With a context: the Dutch word must read as a state, not as a button.
        REVISE = "revise", pgettext_lazy("iteration status", "Revise")

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
    TEST_CARD_FIELDS = CONTENT_FIELDS[:4]
    LEARNING_CARD_FIELDS = CONTENT_FIELDS[6:]
    # What may not change once submitted: the content, and which prototype's number it is.
    # The database trigger (migration 0002) guards the same columns.
    FROZEN_FIELDS = [*CONTENT_FIELDS, "number", "prototype"]

    objects = IterationQuerySet.as_manager()

    class Meta:
        verbose_name = _("iteration")
        verbose_name_plural = _("iterations")
        ordering = ["prototype", "number"]
        constraints = [
            models.UniqueConstraint(fields=["prototype", "number"], name="iteration_number_unique"),
        ]

    def __str__(self):
        return _("Iteration %(number)s") % {"number": self.number}

    def save(self, *args, **kwargs):
        """Refuse to change a submitted iteration's content, compared with the stored row
        (one query more when the save may touch frozen fields)."""
        if not self._state.adding and self.pk is not None:
            self._check_not_frozen(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    @property
    def is_frozen(self):
        return self.status != self.Status.DRAFT

    @property
    def team(self):
        return self.prototype.team

    def _check_not_frozen(self, update_fields=None):
        names = set(self.FROZEN_FIELDS) | {"status"}
        if update_fields is not None:
            names &= {self._meta.get_field(name).name for name in update_fields}
            if not names:
                return
        columns = [self._meta.get_field(name).attname for name in sorted(names)]
        stored = Iteration.objects.filter(pk=self.pk).values(*columns, "status").first()
        if stored is None or stored["status"] == self.Status.DRAFT:
            return
        changed = [column for column in columns if stored[column] != getattr(self, column)]
        if changed == ["status"] and self.status != self.Status.DRAFT:
            return  # Reviews move a submitted iteration on.
        if changed:
            raise FrozenIterationError(
                f"Iteration {self.number} is {stored['status']}; its content cannot change "
                f"({', '.join(changed)}). Start a new iteration instead."
            )

    def edit(self, data, by):
        """Change the draft's content (a dict of CONTENT_FIELDS) and record activity."""
        if self.is_frozen:
            raise FrozenIterationError(f"Iteration {self.number} is submitted.")
        for name in self.CONTENT_FIELDS:
            if name in data:
                setattr(self, name, data[name])
        self.save()
        self.team.touch()

    def submit(self, by):
        """Hand the draft in for review. From now on its content never changes."""
        if self.is_frozen:
            raise FrozenIterationError(f"Iteration {self.number} is already submitted.")
        self.status = self.Status.SUBMITTED
        self.submitted_at = timezone.now()
        self.submitted_by = by
        self.save(update_fields=["status", "submitted_at", "submitted_by"])
        self.team.touch(self.submitted_at)

    def changed_fields(self, other) -> set[str]:
        """The content fields whose text differs between this iteration and another."""
        return {
            name
            for name in self.CONTENT_FIELDS
            if getattr(self, name).strip() != getattr(other, name).strip()
        }


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

    def save(self, *args, **kwargs):
        """Evidence is part of the iteration's content: none is added to a submitted one
        (one query to read the iteration's stored state)."""
        if self._state.adding:
            self._check_iteration_is_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_iteration_is_draft()
        return super().delete(*args, **kwargs)

    def _check_iteration_is_draft(self):
        if not Iteration.objects.filter(
            pk=self.iteration_id, status=Iteration.Status.DRAFT
        ).exists():
            raise FrozenIterationError(
                "Evidence cannot be added to or removed from a submitted iteration."
            )

    @classmethod
    def attach(cls, iteration, checked, caption, by):
        """Store a checked upload (prototypes.uploads.CheckedFile) as evidence of a draft
        iteration and record the team's activity. Writes the file to the private
        storage; if the row cannot be saved, the file is removed again."""
        evidence = cls(
            iteration=iteration,
            kind=checked.kind,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            caption=caption,
            uploaded_by=by,
        )
        evidence.file.save(checked.name, checked.content, save=False)
        try:
            with transaction.atomic():
                evidence.save()
        except BaseException:
            evidence.file.storage.delete(evidence.file.name)
            raise
        iteration.prototype.team.touch(evidence.uploaded_at)
        return evidence

    def remove(self):
        """Delete this evidence of a draft iteration, its file included once the
        deletion is committed (delete_evidence_file), and record the team's activity."""
        team = self.iteration.prototype.team
        self.delete()
        team.touch()

    @property
    def is_photo(self):
        return self.kind == self.Kind.PHOTO

    def get_download_url(self):
        return reverse("evidence:download", args=[self.pk])


@receiver(post_delete, sender=Evidence, dispatch_uid="prototypes.delete_evidence_file")
def delete_evidence_file(sender, instance, **kwargs):
    """However the row goes (removed by a member, or with its whole team), its file
    leaves the private storage once the deletion is committed, and never if it is
    rolled back. Being a receiver makes deletions fetch the rows: one query per
    cascade."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
