"""The site's URLs plus the bare view the benchmark compares every page with."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from learninglab.urls import urlpatterns as site_urlpatterns

MAX_BYTES = 1024 * 1024


def bare(request):
    """A body of `?bytes=` bytes, no template, no query: what the middleware alone costs."""
    size = min(int(request.GET.get("bytes", 0) or 0), MAX_BYTES)
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


# Under the language prefix, like the pages, so LocaleMiddleware does the same work.
urlpatterns = [
    *i18n_patterns(path("bench/bare/", bare, name="bench_bare"), prefix_default_language=True),
    *site_urlpatterns,
]
