from django.shortcuts import render
from django.utils.translation import gettext as _

from home import search as site_search


def search(request):
    """The site search: GET ?q= and ?page=, results in the reader's language."""
    raw = request.GET.get("q", "")
    query, shortened = site_search.clean_query(raw)
    context = {"query": query, "results": None, "max_length": site_search.MAX_QUERY_LENGTH}
    if shortened:
        context["notice"] = _("Your search was shortened to its first %(count)d characters.") % {
            "count": site_search.MAX_QUERY_LENGTH
        }
    if "q" in request.GET and not query:
        context["notice"] = _("Type one or more words to search for.")
    if query:
        context["results"] = site_search.search(query, request.GET.get("page"))
    return render(request, "home/search.html", context)
