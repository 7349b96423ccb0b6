from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from home import rules as document_rules
from home.admin_views import team_chooser_viewset
from home.models import BrochurePage


@hooks.register("register_admin_viewset")
def register_brochure_team_chooser():
    return team_chooser_viewset


@hooks.register("construct_page_action_menu")
def no_direct_publishing_of_brochures(menu_items, request, context):
    """A brochure is published by its approval, never by the publish button (which
    Wagtail offers on the create view from the programme page's permissions)."""
    if isinstance(context.get("page"), BrochurePage) or _creating_a_brochure(request):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def _creating_a_brochure(request):
    match = request.resolver_match
    kwargs = match.kwargs if match else {}
    return (kwargs.get("content_type_app_name"), kwargs.get("content_type_model_name")) == (
        "home",
        "brochurepage",
    )


@hooks.register("before_publish_page")
def refuse_direct_publishing_of_brochures(request, page):
    if isinstance(page, BrochurePage):
        messages.error(
            request,
            _(
                "A brochure is published when another coordinator of the programme "
                "approves it: save it as a draft, then submit it for approval."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("register_admin_viewset")
def register_event_registrations():
    from home.admin_registrations import registration_viewset

    return registration_viewset


@hooks.register("before_serve_document")
def serve_documents_only_where_they_are_shown(document, request):
    """Wagtail's own check knows only collection view restrictions, and a document
    attached to a module sits in the unrestricted root collection."""
    if not document_rules.can_download_document(request, document):
        raise Http404
