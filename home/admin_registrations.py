"""The admin's list of event registrations, with a CSV and Excel export.

Whoever may edit an event page sees its registrations: site editors all of them, a
programme's coordinators those of the events under their programme. Nobody adds or
changes registrations in the admin; people cancel their own through their link.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from home.models import EventPage, EventRegistration

READ_ACTIONS = {"view", "export"}


def editable_events(user):
    """The event pages (every language) the person may edit in the admin."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return EventPage.objects.filter(pk__in=pages.values("pk"))


class RegistrationPermissionPolicy(BasePermissionPolicy):
    """Registrations may be viewed by the editors of their event; never added or edited."""

    def user_has_permission(self, user, action):
        return action in READ_ACTIONS and user.is_active and editable_events(user).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            action in READ_ACTIONS and editable_events(user).filter(pk=instance.event_id).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not READ_ACTIONS & set(actions):
            return EventRegistration.objects.none()
        return EventRegistration.objects.filter(event__in=editable_events(user))

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        # Only asked by Wagtail for notifications, which registrations do not send.
        return get_user_model().objects.none()


register_permission_policy(EventRegistration, RegistrationPermissionPolicy(EventRegistration))


class RegistrationIndexView(IndexView):
    def get_base_queryset(self):
        return (
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["view"]
            )
            .select_related("event")
            .order_by("event__title", "status", "created_at", "pk")
        )


class RegistrationViewSet(ModelViewSet):
    """Registrations per event, for the people who organise it."""

    model = EventRegistration
    index_view_class = RegistrationIndexView
    icon = "group"
    menu_label = _("Event registrations")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["name", "email", "status", "event", "created_at"]
    list_filter = ["status"]
    list_export = ["event", "name", "email", "status", "remarks", "created_at", "cancelled_at"]
    export_filename = "event-registrations"
    search_fields = ["name", "email", "event__title"]
    form_fields = ["name", "email", "remarks"]
    copy_view_enabled = False


registration_viewset = RegistrationViewSet("event_registrations")
