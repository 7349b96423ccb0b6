"""Self-assessment scales in the Wagtail admin: a programme's coordinators choose what
participants score themselves on in their reflections.

Coordinators see, add and change the scales of their own programmes; another
programme's scale is a 404 (as for teams, see prototypes.admin_views). A scale that has
been scored keeps its name and meanings and cannot be deleted (the model refuses too),
so figures stay comparable: it can be set to "not asked", and a new one added.
"""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.permission_policies.base import BasePermissionPolicy

from courses import rules as programme_rules
from courses.models import ProgrammePage
from prototypes import rules as team_rules
from prototypes.admin_views import (
    coordinators_and_superusers,
    manageable_programmes,
    programmes_managed_by,
)
from prototypes.models import ReflectionScale

ACTIONS = {"add", "change", "view", "delete"}
# What a scored scale keeps as it is.
FROZEN_FORM_FIELDS = ["programme", "name", "low_label", "high_label"]


def manageable_scales(user):
    """The scales the person may manage: all for superusers, their programmes' for
    coordinators, none for anyone else. One query at most before the scales."""
    if not user.is_active or not user.is_authenticated:
        return ReflectionScale.objects.none()
    if user.is_superuser:
        return ReflectionScale.objects.all()
    return ReflectionScale.objects.filter(
        programme_id__in=team_rules.coordinated_programme_ids(user)
    )


class ReflectionScalePermissionPolicy(BasePermissionPolicy):
    """Scale permissions from our rules: coordinators manage their programmes' scales;
    nobody deletes a scale that has been scored."""

    def user_has_permission(self, user, action):
        if action not in ACTIONS or not user.is_active or not user.is_authenticated:
            return False
        return user.is_superuser or bool(team_rules.coordinated_programme_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in ACTIONS or not user.is_active:
            return False
        if not programme_rules.can_manage_programme(user, instance.programme):
            return False
        return action != "delete" or not instance.is_scored()

    def instances_user_has_any_permission_for(self, user, actions):
        if not ACTIONS & set(actions):
            return ReflectionScale.objects.none()
        return manageable_scales(user)

    def users_with_any_permission(self, actions):
        return coordinators_and_superusers()


class ReflectionScaleForm(WagtailAdminModelForm):
    """Offers only the coordinator's own programmes; once a scale is scored, its
    programme, name and meanings are shown but cannot be changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "programme" in self.fields:
            self.fields["programme"].queryset = programmes_managed_by(self.for_user)
        if self.instance.is_scored():
            for name in FROZEN_FORM_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Scored in reflections: this can no longer change."
                    )


class ReflectionScaleFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("programme"), queryset=manageable_programmes
    )

    class Meta:
        model = ReflectionScale
        fields = ["programme", "active"]


class ReflectionScaleIndexView(generic.IndexView):
    def get(self, request, *args, **kwargs):
        # Each programme shows its default scales, even before its first reflection.
        programmes = ProgrammePage.objects.filter(
            locale=Locale.get_default(), reflection_scales__isnull=True
        )
        if not request.user.is_superuser:
            programmes = programmes.filter(
                pk__in=team_rules.coordinated_programme_ids(request.user)
            )
        for programme in programmes:
            ReflectionScale.objects.for_programme(programme)
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return (
            manageable_scales(self.request.user)
            .with_use()
            .select_related("programme")
            .order_by("programme__title", "sort_order", "pk")
        )


class ReflectionScaleEditView(generic.EditView):
    def get_queryset(self):
        return manageable_scales(self.request.user).select_related("programme")

    def get(self, request, *args, **kwargs):
        scale = self.get_object()
        if scale.is_scored():
            messages.warning(request, scale.frozen_error())
        return super().get(request, *args, **kwargs)


class ReflectionScaleDeleteView(generic.DeleteView):
    def get_queryset(self):
        return manageable_scales(self.request.user).select_related("programme")

    def dispatch(self, request, *args, **kwargs):
        if self.object.is_scored():
            messages.error(request, self.object.frozen_error())
            return redirect(self.edit_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class ReflectionScaleHistoryView(history.HistoryView):
    def get_base_object_queryset(self):
        return manageable_scales(self.request.user)


class ReflectionScaleUsageView(usage.UsageView):
    def get_base_object_queryset(self):
        return manageable_scales(self.request.user)


class ReflectionScaleViewSet(ModelViewSet):
    """Coordinators' scale screens: the scales of their programmes with whether they are
    asked and how often they were scored; add, change, and delete while unscored."""

    model = ReflectionScale
    icon = "pick"
    menu_label = _("Self-assessment scales")
    menu_order = 275
    add_to_admin_menu = True
    index_view_class = ReflectionScaleIndexView
    edit_view_class = ReflectionScaleEditView
    delete_view_class = ReflectionScaleDeleteView
    history_view_class = ReflectionScaleHistoryView
    usage_view_class = ReflectionScaleUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    filterset_class = ReflectionScaleFilterSet
    list_display = [
        "name",
        Column("programme", label=_("programme")),
        BooleanColumn("active", label=_("asked")),
        Column("times_scored", label=_("times scored")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("name"),
            FieldPanel("low_label"),
            FieldPanel("high_label"),
            FieldPanel("sort_order"),
            FieldPanel("active"),
        ],
        base_form_class=ReflectionScaleForm,
    )
