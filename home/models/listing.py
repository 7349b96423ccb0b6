"""What the public site's index pages share: an introduction, a place in the main menu,
and their children in this language, a page at a time."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from learninglab.pagecache import AnonymousPageCacheMixin

PER_PAGE = 10


class IndexPage(AnonymousPageCacheMixin, Page):
    """The base of a section's index (news, partners, funding): one per home page."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    # An index is what the main menu is for: ticked by default, editors may untick it.
    show_in_menus_default = True

    class Meta:
        abstract = True


def published_children(index, model):
    """The live, public pages of `model` below `index`, in the index's own language.

    Translations are separate trees, so the children already share the index's locale;
    a child behind a view restriction is left out for everyone, as the menu does.
    """
    return model.objects.child_of(index).live().public()


def page_of(request, items, per_page=PER_PAGE):
    """The page of `items` named by ?page= (the first for anything that is not a number)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
