"""Rubrics in the Wagtail admin: a programme's coordinators change its review criteria.

Every programme has exactly one rubric, made with the default criteria on first use, so
there is nothing to add or delete: coordinators edit the rubrics of their own programmes,
and another programme's rubric is a 404 (as for teams, see prototypes.admin_views).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.permission_policies.base import BasePermissionPolicy

from courses import rules as programme_rules
from courses.models import ProgrammePage
from prototypes import rules as team_rules
from prototypes.admin_views import coordinators_and_superusers
from prototypes.models import Rubric

EDIT_ACTIONS = {"change", "view"}


def manageable_rubrics(user):
    """The rubrics the person may change: all for superusers, their programmes' for
    coordinators, none for anyone else. One query at most before the rubrics."""
    if not user.is_active or not user.is_authenticated:
        return Rubric.objects.none()
    if user.is_superuser:
        return Rubric.objects.all()
    return Rubric.objects.filter(programme_id__in=team_rules.coordinated_programme_ids(user))


class RubricPermissionPolicy(BasePermissionPolicy):
    """Rubric permissions from our rules: coordinators change their programmes' rubrics;
    nobody adds or deletes one (each programme has exactly one)."""

    def user_has_permission(self, user, action):
        if action not in EDIT_ACTIONS or not user.is_active or not user.is_authenticated:
            return False
        return user.is_superuser or bool(team_rules.coordinated_programme_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            action in EDIT_ACTIONS
            and user.is_active
            and programme_rules.can_manage_programme(user, instance.programme)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not EDIT_ACTIONS & set(actions):
            return Rubric.objects.none()
        return manageable_rubrics(user)

    def users_with_any_permission(self, actions):
        return coordinators_and_superusers()


class RubricIndexView(generic.IndexView):
    def get(self, request, *args, **kwargs):
        # Each programme has a rubric to edit, even before its first review made one.
        programmes = ProgrammePage.objects.filter(locale=Locale.get_default(), rubric__isnull=True)
        if not request.user.is_superuser:
            programmes = programmes.filter(
                pk__in=team_rules.coordinated_programme_ids(request.user)
            )
        for programme in programmes:
            Rubric.objects.for_programme(programme)
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return manageable_rubrics(self.request.user).select_related("programme")


class RubricEditView(generic.EditView):
    def get_queryset(self):
        return manageable_rubrics(self.request.user).select_related("programme")


class RubricHistoryView(history.HistoryView):
    def get_base_object_queryset(self):
        return manageable_rubrics(self.request.user)


class RubricUsageView(usage.UsageView):
    def get_base_object_queryset(self):
        return manageable_rubrics(self.request.user)


class RubricViewSet(ModelViewSet):
    """Coordinators' rubric screens: a list of their programmes' rubrics, and an edit
    form with the criteria in order, each with its four level descriptions."""

    model = Rubric
    icon = "tasks"
    menu_label = _("Review rubrics")
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = RubricIndexView
    edit_view_class = RubricEditView
    history_view_class = RubricHistoryView
    usage_view_class = RubricUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "programme",
        DateColumn("updated_at", label=_("updated at")),
    ]
    edit_handler = ObjectList(
        [
            InlinePanel(
                "criteria",
                label=_("Criteria"),
                min_num=1,
                panels=[
                    FieldPanel("name"),
                    FieldPanel("level_1"),
                    FieldPanel("level_2"),
                    FieldPanel("level_3"),
                    FieldPanel("level_4"),
                ],
            ),
        ]
    )
