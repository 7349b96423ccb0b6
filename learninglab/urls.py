from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from learninglab import health, job_urls, pagecache
from learninglab.accounts.views import switch_language

# Without a language prefix: machine-facing URLs, signed links, feeds and downloads.
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # The admin signs in through allauth's throttled login.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("language/<str:code>/", switch_language, name="switch_language"),
    path("invitations/", include("courses.invitation_urls")),
    path("evidence/", include("prototypes.evidence_urls")),
    path("feedback/", include("prototypes.feedback_urls")),
    path("calendar/", include("prototypes.calendar_urls")),
    path("unsubscribe/", include("prototypes.unsubscribe_urls")),
    path("jobs/", include(job_urls.downloads)),
    path("brochures/", include("home.brochure_urls")),
]

# Public media (page images) in development; a web server or bucket serves them in production.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if getattr(settings, "MAILBOX_ENABLED", False):
    urlpatterns += [path("dev/mailbox/", include("learninglab.mailbox.urls"))]

# With a language prefix (/nl/, /en/): everything a person reads.
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("learninglab.accounts.urls")),
    path("jobs/", include(job_urls.pages)),
    path("", include("courses.urls")),
    path("", include("prototypes.urls")),
    path("", include("home.urls")),
    # Wagtail's pages, answered to visitors from the page cache before routing.
    path("", include(pagecache.wagtail_urlpatterns())),
    prefix_default_language=True,
)
