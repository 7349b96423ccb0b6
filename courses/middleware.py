"""Admin URLs that name a page of someone else's programme answer 404.

Wagtail checks its own page permissions first in most page views and answers a
refusal with a redirect to the dashboard; that would tell a coordinator of one
programme that another's page exists. This middleware looks at the page ids an admin
URL carries before the view runs and applies `courses.rules.can_manage_page` to them.
"""

from functools import cache

from django.http import Http404
from django.urls import reverse
from wagtail.models import Page

from courses import rules as access

# URL keyword arguments that carry a page id in Wagtail's admin (and wagtail-localize).
PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
# Namespaces whose plain `pk` is a page id: revision comparison and the explorer API.
PAGE_PK_NAMESPACES = {"wagtailadmin_pages", "wagtailadmin_api:pages"}


@cache
def admin_prefix():
    return reverse("wagtailadmin_home")


class ProgrammeAdminMiddleware:
    """A few queries per admin request that names a page, none for anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(admin_prefix()):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        page_ids = [view_kwargs[name] for name in PAGE_ID_KWARGS if name in view_kwargs]
        match = request.resolver_match
        if match is not None and match.namespace in PAGE_PK_NAMESPACES and "pk" in view_kwargs:
            page_ids.append(view_kwargs["pk"])
        if not page_ids:
            return None
        for page in Page.objects.filter(pk__in=page_ids):
            if not access.can_manage_page(user, page):
                raise Http404
        return None
