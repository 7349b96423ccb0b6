"""Teams in the Wagtail admin: coordinators form and change their programmes' teams.

Who may do what is decided by prototypes.rules; every view here fetches teams through
`Team.objects.manageable_by(user)`, so another programme's team is a 404. Each create
and edit is logged with what changed (fields, members, coaches), shown in the history.
"""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Locale
from wagtail.permission_policies.base import BasePermissionPolicy

from courses.models import Membership, ProgrammePage, Role
from prototypes import rules as team_rules
from prototypes.models import Prototype, Team, TeamMember
from prototypes.models.iterations import deleting_team_work

CREATED = "prototypes.team.create"
EDITED = "prototypes.team.edit"


def coordinators_and_superusers():
    """Everyone who may work in the admin screens of team work: the active superusers
    and coordinators (each limited to their programmes by the permission policies)."""
    User = get_user_model()
    return User.objects.filter(
        Q(is_superuser=True) | Q(memberships__role=Role.COORDINATOR), is_active=True
    ).distinct()


class TeamPermissionPolicy(BasePermissionPolicy):
    """Team permissions from our rules instead of Django's permission tables: superusers
    and coordinators may work on teams, each coordinator only on their own programmes'."""

    def user_has_permission(self, user, action):
        if not user.is_active or not user.is_authenticated:
            return False
        return user.is_superuser or bool(team_rules.coordinated_programme_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return user.is_active and team_rules.can_manage_team(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return Team.objects.manageable_by(user)

    def users_with_any_permission(self, actions):
        return coordinators_and_superusers()


def people_of_managed_programmes(user):
    """Only people of the programmes the person manages may be picked, so a coordinator
    never sees anyone else's name in a list."""
    User = get_user_model()
    if user is None or user.is_superuser:
        return User.objects.filter(is_active=True)
    return User.objects.filter(
        is_active=True,
        memberships__programme_id__in=team_rules.coordinated_programme_ids(user),
    ).distinct()


def programmes_managed_by(user):
    """The default-locale programmes a team may belong to, as far as the person goes."""
    programmes = ProgrammePage.objects.filter(locale=Locale.get_default())
    if user is None:
        return programmes.none()
    return programmes.manageable_by(user).order_by("-start_date", "title")


class TeamMemberAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "user" in self.fields:
            self.fields["user"].queryset = people_of_managed_programmes(for_user).order_by(
                "display_name", "email"
            )

    class Meta:
        model = TeamMember
        fields = ["user", "role", "joined_on", "left_on"]


class MembersPanel(InlinePanel):
    """The team's members, with the person list limited to the coordinator's people."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["form"] = TeamMemberAdminForm
        formset["inherit_kwargs"] = ["for_user"]
        return options


class TeamAdminForm(WagtailAdminModelForm):
    """Limits every choice to the coordinator's own programmes and people, and refuses
    members who are not students or residents, and coaches who do not coach, there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "programme" in self.fields:
            self.fields["programme"].queryset = programmes_managed_by(user)
        if "coaches" in self.fields:
            self.fields["coaches"].queryset = people_of_managed_programmes(user).order_by(
                "display_name", "email"
            )

    def clean(self):
        cleaned_data = super().clean()
        programme = cleaned_data.get("programme") or (
            self.instance.programme if self.instance.programme_id else None
        )
        if programme is None:
            return cleaned_data
        roles = dict(Membership.objects.filter(programme=programme).values_list("user_id", "role"))
        for coach in cleaned_data.get("coaches") or []:
            if roles.get(coach.pk) != Role.COACH:
                self.add_error(
                    "coaches",
                    gettext("%(person)s is not a coach of %(programme)s.")
                    % {"person": coach, "programme": programme},
                )
        self._clean_members(programme, roles)
        return cleaned_data

    def _clean_members(self, programme, roles):
        formset = self.formsets.get("members")
        if formset is None or not formset.is_valid():
            return
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("user") is None:
                continue
            person, role = data["user"], data.get("role")
            programme_role = roles.get(person.pk)
            if programme_role not in Role.participants():
                form.add_error(
                    "user",
                    gettext("%(person)s is not a student or resident of %(programme)s.")
                    % {"person": person, "programme": programme},
                )
            elif role and role != programme_role:
                form.add_error(
                    "role",
                    gettext("%(person)s takes part in %(programme)s as %(role)s.")
                    % {
                        "person": person,
                        "programme": programme,
                        "role": Role(programme_role).label.lower(),
                    },
                )
            elif data.get("left_on") is None:
                other = (
                    TeamMember.objects.current()
                    .filter(user=person, team__programme=programme, left_on__isnull=True)
                    .exclude(team_id=self.instance.pk)
                    .select_related("team")
                    .first()
                )
                if other is not None:
                    form.add_error(
                        "user",
                        gettext(
                            "%(person)s is still a member of %(team)s. To move them, "
                            "first set the day they left that team."
                        )
                        % {"person": person, "team": other.team},
                    )


def describe_change(change: dict) -> str:
    """One entry of a team's logged changes as a sentence in the reader's language."""
    field = change.get("field")
    if field == "phase":
        return gettext("phase: %(before)s → %(after)s") % {
            "before": _phase_label(change.get("before")),
            "after": _phase_label(change.get("after")),
        }
    if field in {"programme", "name", "neighbourhood_question"}:
        label = Team._meta.get_field(field).verbose_name
        if not change.get("before"):
            return gettext("%(field)s: “%(after)s”") % {
                "field": label,
                "after": Truncator(change.get("after") or "").chars(80),
            }
        return gettext("%(field)s: “%(before)s” → “%(after)s”") % {
            "field": label,
            "before": Truncator(change.get("before") or "").chars(80),
            "after": Truncator(change.get("after") or "").chars(80),
        }
    person = change.get("person", "")
    if field == "coaches":
        if change.get("change") == "added":
            return gettext("coaches: added %(person)s") % {"person": person}
        return gettext("coaches: removed %(person)s") % {"person": person}
    if field == "members":
        kind = change.get("change")
        if kind == "added":
            return gettext("members: added %(person)s (%(role)s)") % {
                "person": person,
                "role": _role_label(change.get("role")),
            }
        if kind == "removed":
            return gettext("members: removed %(person)s (%(role)s)") % {
                "person": person,
                "role": _role_label(change.get("role")),
            }
        if kind == "role":
            return gettext("members: %(person)s’s role %(before)s → %(after)s") % {
                "person": person,
                "before": _role_label(change.get("before")),
                "after": _role_label(change.get("after")),
            }
        if kind == "left_on":
            if change.get("after"):
                return gettext("members: %(person)s left on %(date)s") % {
                    "person": person,
                    "date": _date_label(change["after"]),
                }
            return gettext("members: %(person)s is back in the team") % {"person": person}
        if kind == "joined_on":
            return gettext("members: %(person)s joined on %(date)s") % {
                "person": person,
                "date": _date_label(change.get("after")),
            }
    return str(field)


def _phase_label(value):
    try:
        return Team.Phase(value).label
    except ValueError:
        return value or "–"


def _role_label(value):
    try:
        return Role(value).label.lower()
    except ValueError:
        return value or "–"


def _date_label(value):
    if not value:
        return "–"
    return date_format(datetime.date.fromisoformat(value), "j F Y")


class TeamChangeFormatter(LogFormatter):
    """Shows a team's log entry with the changes it stored, one per line."""

    def format_message(self, log_entry):
        changes = (log_entry.data or {}).get("changes") or []
        if not changes:
            return self.message
        # Plain text: Wagtail capitalises the message, which would drop any HTML's safety.
        return gettext("%(action)s: %(changes)s") % {
            "action": self.message,
            "changes": "; ".join(describe_change(change) for change in changes),
        }


class TeamCreatedFormatter(TeamChangeFormatter):
    label = _("Create team")
    message = _("Created")


class TeamEditedFormatter(TeamChangeFormatter):
    label = _("Change team")
    message = _("Changed")


class ManageableTeamsMixin:
    """Every team view fetches through the person's manageable teams: anything else is a 404."""

    def get_queryset(self):
        return Team.objects.manageable_by(self.request.user).select_related("programme")


class TeamIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Team.objects.manageable_by(self.request.user).select_related("programme")


class LoggedChangesMixin:
    """Saves the team through the form, then logs the changes between before and after."""

    log_action_code = EDITED

    def save_instance(self):
        # The form has already copied its data onto the instance: compare with the
        # team as it is stored.
        pk = self.form.instance.pk
        before = Team.objects.get(pk=pk).history_snapshot() if pk else {}
        instance = self.form.save()
        if self.log_action_code == CREATED:
            Prototype.objects.get_or_create(team=instance)
        changes = Team.history_changes(before, instance.history_snapshot())
        if changes or self.log_action_code == CREATED:
            log(
                instance=instance,
                action=self.log_action_code,
                user=self.request.user,
                data={"changes": changes},
                content_changed=bool(changes),
            )
        return instance


class TeamCreateView(LoggedChangesMixin, generic.CreateView):
    log_action_code = CREATED


class TeamEditView(ManageableTeamsMixin, LoggedChangesMixin, generic.EditView):
    log_action_code = EDITED


class TeamDeleteView(ManageableTeamsMixin, generic.DeleteView):
    def delete_action(self):
        # Deleting a team deletes its submitted iterations too, which the database
        # otherwise refuses (see prototypes.models.iterations).
        with deleting_team_work():
            super().delete_action()


class TeamHistoryView(history.HistoryView):
    def get_base_object_queryset(self):
        return Team.objects.manageable_by(self.request.user)


class TeamUsageView(usage.UsageView):
    def get_base_object_queryset(self):
        return Team.objects.manageable_by(self.request.user)


def manageable_programmes(request):
    return programmes_managed_by(request.user if request is not None else None)


class TeamFilterSet(WagtailFilterSet):
    """Filters by programme (only the person's own) and by phase."""

    programme = django_filters.ModelChoiceFilter(
        label=_("programme"), queryset=manageable_programmes
    )
    phase = django_filters.ChoiceFilter(label=_("phase"), choices=Team.Phase.choices)

    class Meta:
        model = Team
        fields = ["programme", "phase"]


class TeamViewSet(ModelViewSet):
    """Coordinators' team screens: list, create, edit with members and coaches, history."""

    model = Team
    icon = "group"
    menu_label = _("Teams")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = TeamIndexView
    add_view_class = TeamCreateView
    edit_view_class = TeamEditView
    delete_view_class = TeamDeleteView
    history_view_class = TeamHistoryView
    usage_view_class = TeamUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    filterset_class = TeamFilterSet
    search_fields = ["name"]
    list_display = [
        "name",
        Column("programme", label=_("programme")),
        Column("get_phase_display", label=_("phase"), sort_key="phase"),
        DateColumn("last_activity_at", label=_("last activity")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("name"),
            FieldPanel("neighbourhood_question"),
            FieldPanel("phase"),
            FieldPanel("coaches", widget=forms.CheckboxSelectMultiple),
            MembersPanel("members", label=_("Members")),
        ],
        base_form_class=TeamAdminForm,
    )
