"""Programmes in the Wagtail admin: each coordinator sees and edits only their own.

Admin access itself comes from groups kept in step with memberships (CoordinatorGroup,
the "Site editors" group). These hooks add what page permissions cannot express:
a site editor's rights over the public site do not reach into programmes, and a page
of a programme the person may not manage is a 404, never a 403 or a redirect. Wagtail
checks its own page permissions before some of these hooks run, so
courses.middleware.ProgrammeAdminMiddleware applies the same rule to every admin URL
that names a page.
"""

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from courses import admin_views
from courses import rules as access
from courses.models import ProgrammePage


def _404_unless_manageable(request, *pages):
    for page in pages:
        if page is not None and not access.can_manage_page(request.user, page):
            raise Http404


@hooks.register("before_create_page")
def guard_create_page(request, parent_page, page_class):
    if issubclass(page_class, ProgrammePage) and not access.can_add_programme(request.user):
        raise Http404
    _404_unless_manageable(request, parent_page)


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
@hooks.register("before_copy_page")
@hooks.register("before_unpublish_page")
@hooks.register("before_convert_alias_page")
def guard_page(request, page):
    _404_unless_manageable(request, page)


@hooks.register("before_move_page")
def guard_move_page(request, page, destination):
    _404_unless_manageable(request, page, destination)


@hooks.register("before_bulk_action")
def guard_bulk_action(request, action_type, objects, action_class_instance):
    if action_type == "page":
        _404_unless_manageable(request, *objects)


@hooks.register("construct_explorer_page_queryset")
def hide_other_programmes_in_explorer(parent_page, pages, request):
    return pages.exclude(access.pages_hidden_in_admin(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_other_programmes_in_chooser(pages, request):
    return pages.exclude(access.pages_hidden_in_admin(request.user))


# Invitations: a screen per programme, reached from the menu and the programme page.


@hooks.register("register_admin_urls")
def register_invitation_urls():
    return [path("invitations/", include(admin_views))]


class InvitationsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.manageable_programmes(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_invitations_menu_item():
    return InvitationsMenuItem(
        _("Invitations"),
        reverse("courses_invitations:programmes"),
        name="invitations",
        icon_name="mail",
        order=250,
    )


@hooks.register("register_page_header_buttons")
def invitations_button(page, user, view_name=None, next_url=None):
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, ProgrammePage):
        return []
    if not access.can_manage_programme(user, page.specific):
        return []
    url = reverse("courses_invitations:index", args=[page.pk])
    return [Button(_("Invitations"), url, icon_name="mail", priority=80)]
