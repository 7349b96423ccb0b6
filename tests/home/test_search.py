"""Site search on PostgreSQL's full-text search: the reader's language, public pages and
public documents only, never participant-only text, and no bad input that breaks it."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from courses.models import ModulePage, ProgrammePage
from home.models import DocumentLibraryPage
from tests.factories import UserFactory, add_module, make_programme, translate
from tests.home.network_site import collection, document, home, news, news_index, publish

pytestmark = pytest.mark.django_db
SEARCH = "/nl/search/"


@pytest.fixture(autouse=True)
def on_postgres(postgres):
    """Every test here needs PostgreSQL's full-text search."""


def titles(client, query, url=SEARCH, **params):
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_modules_index_only_their_public_summary():
    for model in (ModulePage, ProgrammePage):
        searched = {
            field.field_name
            for field in model.search_fields
            if field.__class__.__name__ == "SearchField"
        }
        assert searched == {"title", "summary"}


def test_a_word_in_a_module_summary_is_found_and_one_in_its_body_is_not(client):
    programme = make_programme(modules=0)
    add_module(
        programme,
        1,
        title="Week 1",
        summary="Kennismaken met de wijkbakkerij.",
        body=[("text", "<p>Alleen voor deelnemers: het geheime wachtwoord zonnebloem.</p>")],
    )

    assert "Week 1" in titles(client, "wijkbakkerij")
    found = titles(client, "zonnebloem")
    assert "Week 1" not in found
    assert "zonnebloem" not in found.split("</h1>", 1)[1].split("value=")[0]


def test_results_show_title_type_and_snippet(client):
    news(news_index(), title="Moederscafé opent", intro="Het café opent in maart in de wijk.")

    content = titles(client, "moederscafé")

    assert "Moederscafé opent" in content
    assert 'class="eyebrow">Nieuwsbericht' in content or 'class="eyebrow">News item' in content
    assert "Het café opent in maart" in content


def test_results_follow_the_language(client):
    index = news_index()
    dutch = news(index, title="Koffiebar opent", intro="Een koffiebar met leerplekken.")
    english = translate(dutch, "en")
    english.title = "Coffee bar opens"
    english.intro = "A coffee bar with learning places."
    english.save_revision().publish()

    dutch_results = titles(client, "koffiebar")
    assert "Koffiebar opent" in dutch_results
    assert "Coffee bar opens" not in titles(client, "coffee")
    english_results = titles(client, "coffee", url="/en/search/")
    assert "Coffee bar opens" in english_results
    assert "Koffiebar opent" not in titles(client, "koffiebar", url="/en/search/")
    assert Locale.objects.filter(language_code="en").exists()


def test_drafts_and_private_pages_are_never_found(client):
    index = news_index()
    draft = news(index, title="Concept klaproos")
    draft.unpublish()
    private = news(index, title="Intern klaproos")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    news(index, title="Openbaar klaproos")

    content = titles(client, "klaproos")

    assert "Openbaar klaproos" in content
    assert "Concept klaproos" not in content
    assert "Intern klaproos" not in content


def library(*collections):
    """A published library of `collections`, named after the first."""
    name = collections[0].name
    page = DocumentLibraryPage(title=name, slug=name.lower())
    page.collections = collections
    return publish(home(), page)


def test_public_documents_are_found_by_title_and_private_ones_never(client):
    reports = collection("Rapporten")
    secret = collection("Intern", restriction=CollectionViewRestriction.LOGIN)
    minutes = secret.add_child(name="Notulen")
    library(reports, secret, minutes)
    document("Jaarverslag buurtnetwerk", reports)
    document("Advies buurtnetwerk", secret)
    document("Notulen buurtnetwerk", minutes)

    content = titles(client, "buurtnetwerk")
    assert "Jaarverslag buurtnetwerk" in content
    assert "Advies buurtnetwerk" not in content
    assert "Notulen buurtnetwerk" not in content

    client.force_login(UserFactory())
    assert "Advies buurtnetwerk" not in titles(client, "buurtnetwerk")


@pytest.mark.parametrize("url", [SEARCH, "/en/search/"])
def test_only_documents_a_public_library_shows_are_found(client, url):
    """Not a module's handout in the root collection, nor a document of a collection
    that no library, or only a draft or private one, shows."""
    reports = collection("Rapporten")
    library(reports)
    document("Jaarverslag buurtkaart", reports)
    programme = make_programme(modules=0)
    handout = document("Werkblad buurtkaart", Collection.get_first_root_node())
    resource = {"title": "Werkblad", "description": "", "url": "", "document": handout}
    add_module(programme, 1, body=[("resource", resource)])
    document("Los buurtkaart", collection("Elders"))
    drafts = collection("Concepten")
    library(drafts).unpublish()
    document("Concept buurtkaart", drafts)
    hidden = collection("Verborgen")
    PageViewRestriction.objects.create(
        page=library(hidden), restriction_type=PageViewRestriction.LOGIN
    )
    document("Verborgen buurtkaart", hidden)

    content = titles(client, "buurtkaart", url=url)

    assert "Jaarverslag buurtkaart" in content
    for title in ("Werkblad", "Los", "Concept", "Verborgen"):
        assert f"{title} buurtkaart" not in content


@pytest.mark.parametrize(
    "query",
    [
        "'&|!:*()",
        "!!!",
        "a:*",
        "(café",
        '"open',
        "&&",
        "<script>alert(1)</script>",
        "\x00niets",
        "%",
        "\\",
    ],
)
def test_odd_characters_never_break_the_search(client, query):
    content = titles(client, query)
    assert "<script>alert(1)</script>" not in content


def test_an_empty_query_asks_for_words(client, english_interface):
    content = titles(client, "   ", url="/en/search/")
    assert "Type one or more words to search for." in content
    assert "results for" not in content


def test_a_very_long_query_is_shortened_with_a_message(client, english_interface):
    news(news_index(), title="Wijkverbinders", intro="Een netwerk van buurtverbinders.")

    content = titles(client, "wijkverbinders " + "x" * 5000, url="/en/search/")

    assert "Your search was shortened to its first 100 characters." in content
    assert 'value="wijkverbinders ' + "x" * 85 + '"' in content


def test_search_page_without_a_query_shows_only_the_form(client):
    response = client.get(SEARCH)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in content
    assert 'id="search-results"' not in content


def test_results_are_paginated_and_cost_the_same_queries_for_few_and_many(
    client, django_assert_max_num_queries
):
    index = news_index()
    news(index, title="Tulp 0", intro="Over tulpen.")
    reports = collection("Rapporten")
    library(reports)
    document("Tulp rapport", reports)
    titles(client, "tulp")
    with django_assert_max_num_queries(100) as few:
        titles(client, "tulp")
    for number in range(1, 15):
        news(index, title=f"Tulp {number}", intro="Over tulpen.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = titles(client, "tulp")
    assert first.count('class="search-result"') == 10
    second = titles(client, "tulp", page=2)
    assert second.count('class="search-result"') == 6
    assert "Tulp rapport" in second
    assert titles(client, "tulp", page="abc").count('class="search-result"') == 10


def test_header_has_an_accessible_search_box(client):
    content = client.get("/nl/").content.decode()
    form = content[content.index('role="search"') :]
    assert '<label for="header-search"' in form
    assert 'id="header-search" name="q"' in form
