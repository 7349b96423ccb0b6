"""The documents library: reports and other documents of chosen collections."""

import itertools

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtail.search import index

from learninglab.pagecache import AnonymousPageCacheMixin

from .documents import SiteDocument


def visible_collections(request, collections):
    """Those of `collections` whose view restrictions (their own and their ancestors')
    this request passes, as Wagtail's document serve view decides.

    Queries for the restrictions and their groups, and for the person's groups per
    restriction that names groups: none of them per collection or per document.
    """
    restrictions = list(
        CollectionViewRestriction.objects.select_related("collection").prefetch_related("groups")
    )
    passed = {restriction.pk: restriction.accept_request(request) for restriction in restrictions}
    return [
        collection
        for collection in collections
        if all(
            passed[restriction.pk]
            for restriction in restrictions
            if collection.path.startswith(restriction.collection.path)
        )
    ]


def public_collection_ids():
    """The ids of the collections anyone may see: under no view restriction at all."""
    restricted = models.Q()
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        restricted |= models.Q(path__startswith=path)
    return Collection.objects.exclude(restricted).values_list("pk", flat=True)


def published_collection_ids():
    """The ids of the collections whose documents the public site publishes: chosen by a
    live library page that anyone may open, and under no view restriction.

    Only these are for everyone: the root collection, where coordinators attach
    documents to modules, has no view restriction but is no library's. Three queries
    when listed, however many libraries and collections there are.
    """
    libraries = DocumentLibraryPage.objects.live().public()
    chosen = DocumentLibraryPage.collections.through.objects.filter(
        documentlibrarypage__in=libraries
    ).values("collection_id")
    return public_collection_ids().filter(pk__in=chosen)


class DocumentLibraryPage(AnonymousPageCacheMixin, Page):
    """Documents of chosen collections, grouped by collection.

    A document of a private collection is listed only to people its collection's view
    restriction lets in, and never to visitors; its download goes through Wagtail's
    serve view, which checks the same restriction again.
    """

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    collections = ParentalManyToManyField(
        "wagtailcore.Collection",
        related_name="+",
        verbose_name=_("collections"),
        help_text=_(
            "The collections whose documents are listed. Documents of a private collection "
            "are only listed to people who may open them."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("collections", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    show_in_menus_default = True

    class Meta:
        verbose_name = _("documents library")

    def get_context(self, request, *args, **kwargs):
        """A handful of queries, the same for ten documents or a thousand."""
        context = super().get_context(request, *args, **kwargs)
        chosen = list(self.collections.order_by("path"))
        collections = visible_collections(request, chosen)
        # Say that there is more to see after signing in, without naming what.
        context["some_hidden"] = len(collections) < len(chosen)
        documents = SiteDocument.objects.filter(collection__in=collections).order_by(
            "collection__path", "-created_at", "title"
        )
        by_collection = {collection.pk: collection for collection in collections}
        context["sections"] = [
            (by_collection[collection_id], list(items))
            for collection_id, items in itertools.groupby(documents, key=lambda d: d.collection_id)
        ]
        return context
