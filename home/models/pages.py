from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import BodyBlock
from learninglab.pagecache import AnonymousPageCacheMixin


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
