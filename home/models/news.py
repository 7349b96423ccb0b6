"""News: short items about the network, newest first."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import BodyBlock
from learninglab.pagecache import AnonymousPageCacheMixin

from .listing import IndexPage, page_of


class NewsIndexPage(IndexPage):
    """The list of news items, newest first, a page at a time.

    Below the home page it lists all the site's news in its language; below a
    programme, where the programme's coordinators write it, that programme's news.
    """

    parent_page_types = ["home.HomePage", "courses.ProgrammePage"]
    subpage_types = ["home.NewsPage"]
    # What a programme's page calls it in its list of the programme's own pages.
    visitor_label = _("News")

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Everything below the index's parent: a programme's own news index adds to
        # the site's.
        items = (
            NewsPage.objects.descendant_of(self.get_parent())
            .live()
            .public()
            .select_related("image")
            .order_by("-date", "-first_published_at")
        )
        context["news_items"] = page_of(request, items)
        return context


class NewsPage(AnonymousPageCacheMixin, Page):
    """One news item: a date, a short introduction, an image and the story."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.CharField(
        _("introduction"), max_length=300, help_text=_("Shown in the list of news.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    programme = models.ForeignKey(
        "courses.ProgrammePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
        help_text=_("The programme this news is about, if any; linked below the item."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        PageChooserPanel("programme", "courses.ProgrammePage"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        programme = self.programme
        # The linked programme in the reader's language, and only while visitors may see it.
        if programme is not None:
            programme = programme.get_translation_or_none(self.locale) or programme
            programme = type(programme).objects.live().public().filter(pk=programme.pk).first()
        context["programme"] = programme
        return context
