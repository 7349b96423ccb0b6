from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import BodyBlock
from learninglab.pagecache import AnonymousPageCacheMixin
from learninglab.storage import private_storage


class SiteDocument(AbstractDocument):
    """A Wagtail document whose file lives in the private storage.

    Documents are only ever streamed through Wagtail's serve view, which checks the
    privacy of their collection, so a private report has no direct URL at all.
    """

    file = models.FileField(storage=private_storage, upload_to="documents", verbose_name=_("file"))
    admin_form_fields = WagtailDocument.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class HomePage(AnonymousPageCacheMixin, Page):
    """The network's front page: an introduction and the programmes open to join."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from courses.models import ProgrammePage

        context = super().get_context(request, *args, **kwargs)
        context["open_programmes"] = (
            ProgrammePage.objects.live()
            .public()
            .filter(locale=self.locale, enrolment_open=True)
            .order_by("start_date")
        )
        return context


class StandardPage(AnonymousPageCacheMixin, Page):
    """A plain page of text and images: about us, privacy statement, contact."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
