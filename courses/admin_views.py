"""Wagtail admin screens where coordinators invite people to their programme.

Every view finds its programme through `ProgrammePage.objects.manageable_by(user)`,
so a programme the person does not coordinate is a 404 by construction.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from courses import invitations
from courses.forms import InvitationForm, InvitationUploadForm
from courses.models import Invitation, ProgrammePage

PER_PAGE = 50


def manageable_programmes(user):
    """Default-locale programmes the person coordinates (all of them for superusers)."""
    return ProgrammePage.objects.manageable_by(user).filter(locale=Locale.get_default())


class ProgrammeListView(WagtailAdminTemplateMixin, TemplateView):
    """The programmes whose invitations the person manages, with their open invitations."""

    template_name = "courses/admin/invitation_programmes.html"
    page_title = _("Invitations")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programmes"] = (
            manageable_programmes(self.request.user)
            .annotate(
                open_invitations=Count(
                    "invitations",
                    filter=Q(
                        invitations__accepted_at__isnull=True,
                        invitations__expires_at__gt=timezone.now(),
                    ),
                    distinct=True,
                ),
                members=Count("memberships", distinct=True),
            )
            .order_by("-start_date", "title")
        )
        return context


class InvitationIndexView(WagtailAdminTemplateMixin, TemplateView):
    """One programme's invitations with their state, and the two ways to invite."""

    template_name = "courses/admin/invitation_index.html"
    page_title = _("Invitations")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        # A translation's id works too: invitations belong to the default-locale page.
        # (The URL names it `page_id`, so courses.middleware also answers 404 to people
        # without admin access instead of sending them to sign in.)
        programme = get_object_or_404(
            ProgrammePage.objects.manageable_by(request.user), pk=kwargs["page_id"]
        )
        self.programme = programme.default_locale_page
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.programme.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("courses_invitations:programmes"), "label": _("Invitations")},
            {"url": "", "label": self.programme.title},
        ]

    @cached_property
    def invite_form(self):
        return InvitationForm(programme=self.programme, prefix="invite")

    @cached_property
    def upload_form(self):
        return InvitationUploadForm(prefix="upload")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        listing = Invitation.objects.filter(programme=self.programme).select_related(
            "invited_by", "accepted_by"
        )
        paginator = WagtailPaginator(listing, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        for invitation in page:
            invitation.state = invitations.state_of(invitation)
        context.update(
            programme=self.programme,
            invitations=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            invite_form=self.invite_form,
            upload_form=self.upload_form,
            index_url=reverse("courses_invitations:index", args=[self.programme.pk]),
        )
        return context


class InviteView(InvitationIndexView):
    """Invite one person; a mistake shows the form again with what was typed."""

    http_method_names = ["post"]

    @cached_property
    def invite_form(self):
        return InvitationForm(self.request.POST, programme=self.programme, prefix="invite")

    def post(self, request, *args, **kwargs):
        form = self.invite_form
        if not form.is_valid():
            return self.render_to_response(self.get_context_data())
        outcome = invitations.invite(self.programme, [form.candidate()], invited_by=request.user)
        if outcome.skipped:
            # Someone else invited the same address a moment ago.
            form.add_error("email", str(outcome.skipped[0]))
            return self.render_to_response(self.get_context_data())
        messages.success(
            request,
            _("Invitation sent to %(email)s.") % {"email": outcome.invited[0].email},
        )
        return redirect("courses_invitations:index", self.programme.pk)


class UploadView(InvitationIndexView):
    """Invite everyone in a CSV file; the good rows go out even when others are bad."""

    http_method_names = ["post"]

    @cached_property
    def upload_form(self):
        return InvitationUploadForm(self.request.POST, self.request.FILES, prefix="upload")

    def post(self, request, *args, **kwargs):
        form = self.upload_form
        if not form.is_valid():
            return self.render_to_response(self.get_context_data())
        outcome = invitations.invite(self.programme, form.candidates, invited_by=request.user)
        skipped = sorted(form.skipped + outcome.skipped, key=lambda skip: skip.row or 0)
        upload = {"invited": outcome.invited, "skipped": skipped}
        return self.render_to_response(self.get_context_data(upload=upload))


app_name = "courses_invitations"
urlpatterns = [
    path("", ProgrammeListView.as_view(), name="programmes"),
    path("<int:page_id>/", InvitationIndexView.as_view(), name="index"),
    path("<int:page_id>/invite/", InviteView.as_view(), name="invite"),
    path("<int:page_id>/upload/", UploadView.as_view(), name="upload"),
]
