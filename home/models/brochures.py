"""Brochures: a programme's results told to the neighbourhood, partners and funders.

A `BrochurePage` lives under its programme page, so the programme's coordinators edit
it through their admin group. Its body mixes text and images with showcases of the
programme's teams; page and PDF are drawn from one context (`home.brochures`), built
from live consent each time, so whoever withdraws is gone from the next render.

A brochure becomes public only through the "Brochure approval" workflow, approved by
another coordinator of the programme (`BrochureApprovalTask`): nobody publishes one
directly. Its PDF is made by a Celery worker on publication and kept in `BrochurePdf`,
one row per page and not a page field, so that revisions never copy or roll it back.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PagePermissionTester, Task, TaskState, WorkflowState
from wagtail.search import index

from home.blocks import BrochureBodyBlock
from learninglab.pagecache import AnonymousPageCacheMixin
from learninglab.storage import private_storage


class BrochurePermissionTester(PagePermissionTester):
    """Nobody publishes a brochure directly, superusers included: only the approval
    publishes it. When the workflow ends, Wagtail publishes the approved revision as
    the person who approved it, so that person, and only for that revision, may."""

    def can_publish(self):
        if not self.user.is_active or self.page.latest_revision_id is None:
            return False
        return (
            WorkflowState.objects.for_instance(self.page)
            .filter(
                status=WorkflowState.STATUS_APPROVED,
                current_task_state__revision_id=self.page.latest_revision_id,
                current_task_state__finished_by=self.user,
            )
            .exists()
        )


class BrochurePage(AnonymousPageCacheMixin, Page):
    """A programme's brochure: sections of text and images, and showcases of its teams
    that name only people who consented. Rendered as a page and as a PDF."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BrochureBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.ProgrammePage"]
    subpage_types = []
    template = "home/brochure_page.html"
    # What a programme's page calls it in its list of the programme's own pages.
    visitor_label = _("Brochure")

    class Meta:
        verbose_name = _("brochure")
        verbose_name_plural = _("brochures")

    @cached_property
    def programme(self):
        """The programme this brochure is about, its page in the default locale (whose
        teams and consents it shows). One query or two."""
        return self.get_parent().specific.default_locale_page

    def clean(self):
        super().clean()
        # The chooser offers only the teams of the editor's programmes; a coordinator of
        # two programmes could still pick another one's team, which is refused here.
        from prototypes.models import Team

        chosen = {block.value["team"].pk for block in self.showcase_blocks() if block.value["team"]}
        if not chosen or self.get_parent() is None:
            return
        ours = set(
            Team.objects.filter(pk__in=chosen, programme=self.programme).values_list(
                "pk", flat=True
            )
        )
        if strangers := chosen - ours:
            names = ", ".join(
                sorted(
                    block.value["team"].name
                    for block in self.showcase_blocks()
                    if block.value["team"] and block.value["team"].pk in strangers
                )
            )
            raise ValidationError(
                {
                    "body": _(
                        "A showcase can only show a team of this programme; "
                        "not %(teams)s. Choose another team."
                    )
                    % {"teams": names}
                }
            )

    def showcase_blocks(self):
        return [block for block in self.body if block.block_type == "showcase"]

    def get_workflow(self):
        # Assigned to the page type, not to a part of the page tree: a brochure follows
        # the "Brochure approval" workflow wherever it is, and the modules beside it
        # under the same programme page follow none (see the brochure_workflow
        # migration). Wagtail does this for snippets; pages look up the tree instead.
        return self.get_default_workflow()

    def permissions_for_user(self, user):
        return BrochurePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from home import brochures

        context = super().get_context(request, *args, **kwargs)
        context.update(brochures.context(self))
        context["pdf"] = BrochurePdf.objects.filter(page=self).first()
        # Editors also see why a PDF failed; the page is never cached for them.
        context["can_edit"] = (
            request.user.is_authenticated and self.permissions_for_user(request.user).can_edit()
        )
        return context


class BrochurePdfQuerySet(models.QuerySet):
    def downloadable(self):
        """PDFs with a good file of a brochure that is live and public (one join)."""
        return self.exclude(file="").filter(page__live=True)


class BrochurePdf(models.Model):
    """The PDF of one brochure and where its making is: queued when the page is
    published, rendering in a worker, ready, or failed. `file` holds the last good PDF,
    also while a new one is made or after one failed, so that a download never breaks,
    except after someone in it withdrew: that file is no good any more and goes at once
    (see `queue`). It lives in the private storage and a view that checks that the page
    is live and public serves it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be made")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    page = models.OneToOneField(
        BrochurePage, on_delete=models.CASCADE, related_name="pdf", verbose_name=_("brochure")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="brochures", blank=True)
    generated_at = models.DateTimeField(_("made at"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    error = models.TextField(_("error"), blank=True)

    objects = BrochurePdfQuerySet.as_manager()

    class Meta:
        verbose_name = _("brochure PDF")
        verbose_name_plural = _("brochure PDFs")

    def __str__(self):
        return f"{self.page} ({self.status})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)

    @classmethod
    def queue(cls, page_id, discard=False) -> "BrochurePdf":
        """Mark the page's PDF as waiting to be made. Its last good file stays, unless
        `discard`: when someone in it withdrew their consent or a quote, that file is no
        longer good, so it is not served from now on (and its bytes are deleted once the
        transaction commits), even if the new one fails."""
        pdf, _created = cls.objects.update_or_create(
            page_id=page_id,
            defaults={"status": cls.Status.QUEUED, "queued_at": timezone.now(), "error": ""},
        )
        if discard and pdf.file:
            storage, name = pdf.file.storage, pdf.file.name
            pdf.file, pdf.generated_at = "", None
            pdf.save(update_fields=["file", "generated_at"])
            transaction.on_commit(lambda: storage.delete(name))
        return pdf


class BrochureApprovalTask(Task):
    """Approval by a coordinator of the brochure's programme other than the person who
    submitted it (superusers too, but never their own submission). The approvers
    follow the programme's memberships, so the task needs no groups."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("brochure approval by a second coordinator")
        verbose_name_plural = _("brochure approvals by a second coordinator")

    @classmethod
    def get_description(cls):
        return _(
            "A coordinator of the brochure's programme approves; not the person who submitted it."
        )

    @staticmethod
    def _submitter_id(obj):
        state = obj.current_workflow_state
        return state.requested_by_id if state else None

    def _may_approve(self, obj, user) -> bool:
        from courses.models import ProgrammePage
        from courses.rules import can_manage_programme

        if not user.is_authenticated or user.pk == self._submitter_id(obj):
            return False
        programme = ProgrammePage.objects.programme_of(obj)
        return programme is not None and can_manage_programme(user, programme)

    def user_can_access_editor(self, obj, user):
        return self._may_approve(obj, user)

    def locked_for_user(self, obj, user):
        # The submitter cannot slip changes in while the brochure waits for approval.
        return not self._may_approve(obj, user)

    def get_actions(self, obj, user):
        if self._may_approve(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from courses.models import ProgrammePage

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).exclude(
            workflow_state__requested_by=user
        )
        if user.is_superuser:
            return states
        programmes = ProgrammePage.objects.manageable_by(user).values_list("path", flat=True)
        brochure_ids = [
            str(pk)
            for pk in BrochurePage.objects.filter(
                models.Q(pk__in=[]) if not programmes else _under_any(programmes)
            ).values_list("pk", flat=True)
        ]
        return states.filter(workflow_state__object_id__in=brochure_ids)


def _under_any(paths):
    query = models.Q()
    for path in paths:
        query |= models.Q(path__startswith=path)
    return query
