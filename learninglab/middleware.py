from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import get_urlconf, is_valid_path


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, but a 404 from a URL that exists without a language
    prefix (healthz, signed links, feeds, downloads, the admin) stays a 404.

    Django redirects every unprefixed 404 to the same path under /nl/, hoping the
    language prefix was forgotten; Wagtail's catch-all page route makes every such
    path look valid, so a wrong token in a feed URL would become a redirect instead.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and is_valid_path(request.path_info, get_urlconf()):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
