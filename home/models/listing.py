"""What the public site's index pages share: their children in this language, a page at a time."""

from django.core.paginator import Paginator

PER_PAGE = 10


def published_children(index, model):
    """The live, public pages of `model` below `index`, in the index's own language.

    Translations are separate trees, so the children already share the index's locale;
    a child behind a view restriction is left out for everyone, as the menu does.
    """
    return model.objects.child_of(index).live().public()


def page_of(request, items, per_page=PER_PAGE):
    """The page of `items` named by ?page= (the first for anything that is not a number)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
