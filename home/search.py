"""Site search: the public pages of the reader's language and the documents the public
documents library publishes.

Wagtail's search backend does the matching (`wagtail.search.backends.database`: full-text
search on PostgreSQL, a simpler fallback on SQLite). What may be found is decided by the
querysets here and by what each page type indexes: module pages index only their public
summary, so participant-only text never reaches the index. Documents are found only in
the collections a public library shows: never the loose documents of the root collection,
which include those attached to modules, nor private ones.
"""

import unicodedata

from django.core.paginator import Paginator
from django.template.defaultfilters import filesizeformat, striptags, truncatewords
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from home.models import SiteDocument
from home.models.library import published_collection_ids

MAX_QUERY_LENGTH = 100
PER_PAGE = 10
SNIPPET_WORDS = 30
# The fields a page's snippet comes from, the first one filled in.
SNIPPET_FIELDS = ("search_description", "summary", "intro")


def clean_query(raw):
    """The query as searched: control characters out, spaces collapsed, at most
    MAX_QUERY_LENGTH characters. Returns the query and whether it was shortened."""
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in raw)
    text = " ".join(text.split())
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    return text[:MAX_QUERY_LENGTH].rstrip(), True


class Hits:
    """The page hits, then the document hits, as one sequence a paginator can slice.

    Each part is counted once and only the slice shown is fetched, so a page of results
    costs the same queries however many hits there are.
    """

    def __init__(self, pages, documents):
        self.parts = [pages, documents]
        self._counts = None

    def counts(self):
        if self._counts is None:
            self._counts = [part.count() for part in self.parts]
        return self._counts

    def count(self):
        return sum(self.counts())

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        found, offset = [], 0
        for part, size in zip(self.parts, self.counts(), strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                found.extend(part[low:high])
            offset += size
        return found


def search(query, request_page_number=None):
    """The paginator page of results for `query` in the active language."""
    pages = (
        Page.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .exclude(depth__lte=1)
        .search(query, operator="and")
    )
    documents = SiteDocument.objects.filter(collection__in=list(published_collection_ids())).search(
        query, operator="and"
    )
    results = Paginator(Hits(pages, documents), PER_PAGE).get_page(request_page_number)
    results.object_list = describe(list(results.object_list))
    return results


def describe(hits):
    """Title, type, snippet and address of each hit; the pages' own types in one query each."""
    page_ids = [hit.pk for hit in hits if isinstance(hit, Page)]
    specific = Page.objects.filter(pk__in=page_ids).specific().in_bulk() if page_ids else {}
    described = []
    for hit in hits:
        if isinstance(hit, Page):
            page = specific.get(hit.pk, hit)
            described.append(
                {
                    "title": page.title,
                    "kind": capfirst(page._meta.verbose_name),
                    "snippet": _snippet(page),
                    "url": page.get_url(),
                }
            )
        else:
            described.append(
                {
                    "title": hit.title,
                    "kind": _("Document"),
                    "snippet": f"{hit.file_extension.upper()} · {filesizeformat(hit.file_size)}"
                    if hit.file_size
                    else hit.file_extension.upper(),
                    "url": hit.url,
                }
            )
    return described


def _snippet(page):
    for name in SNIPPET_FIELDS:
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return truncatewords(striptags(value), SNIPPET_WORDS)
    return ""
