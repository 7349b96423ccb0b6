"""News: newest first, a page at a time, in the site's page tree where editors put it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from courses.models import SITE_EDITORS, ProgrammePage, Role
from home.models import BrochurePage, HomePage, NewsIndexPage, NewsPage, StandardPage
from tests.factories import UserFactory, enrol, make_programme
from tests.home.events_site import agenda
from tests.home.network_site import home, news, news_index, publish

pytestmark = pytest.mark.django_db


class NewsPageTypeTests(WagtailPageTestCase):
    def test_news_lives_below_its_index_below_the_home_page(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage, ProgrammePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(StandardPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)


def test_news_is_listed_newest_first(client):
    index = news_index()
    news(index, title="Oud bericht", date=datetime.date(2027, 1, 5))
    news(index, title="Nieuw bericht", date=datetime.date(2027, 3, 5))

    content = client.get(index.url).content.decode()

    assert content.index("Nieuw bericht") < content.index("Oud bericht")
    assert "5 maart 2027" in content


def test_drafts_and_private_news_are_not_listed(client):
    index = news_index()
    draft = NewsPage(title="Nog geheim", intro="Concept.", live=False)
    index.add_child(instance=draft)
    draft.save_revision()
    private = news(index, title="Alleen intern")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    content = client.get(index.url).content.decode()

    assert "Nog geheim" not in content
    assert "Alleen intern" not in content


def test_news_is_paginated_and_bad_page_numbers_show_a_page(client):
    index = news_index()
    for day in range(1, 13):
        news(index, title=f"Bericht {day:02d}", date=datetime.date(2027, 3, day))

    first = client.get(index.url).content.decode()
    second = client.get(index.url, {"page": 2}).content.decode()

    assert "Bericht 12" in first and "Bericht 02" not in first
    assert "Bericht 02" in second and "Bericht 01" in second and "Bericht 12" not in second
    assert 'rel="next"' in first
    for bad in ["abc", "0", "-1", "99999", "1' OR 1=1"]:
        assert client.get(index.url, {"page": bad}).status_code == 200


def test_news_index_costs_the_same_queries_for_few_and_many_items(
    client, django_assert_max_num_queries
):
    index = news_index()
    news(index, title="Een")
    client.get(index.url)  # warm what is read once per process (site, locales)
    with django_assert_max_num_queries(100) as few:
        client.get(index.url)
    for number in range(12):
        news(index, title=f"Bericht {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(index.url)
    assert response.content.decode().count('class="card"') == 10


def test_news_item_links_its_programme_only_while_it_is_public(client):
    programme = make_programme(title="Overvecht, voorjaar 2027", modules=0)
    item = news(news_index(), programme=programme, body=[("text", "<p>Het verhaal.</p>")])

    content = client.get(item.url).content.decode()
    assert "Het verhaal." in content
    assert programme.url in content

    PageViewRestriction.objects.create(page=programme, restriction_type=PageViewRestriction.LOGIN)
    assert programme.url not in client.get(item.url).content.decode()


def test_site_editors_may_add_and_publish_news():
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=SITE_EDITORS))
    index = news_index()

    permissions = index.permissions_for_user(editor)

    assert permissions.can_add_subpage()
    assert permissions.can_publish_subpage()
    assert home().permissions_for_user(editor).can_add_subpage()


def test_the_index_pages_are_in_the_main_menu_by_default(client):
    index = news_index()

    assert index.show_in_menus
    content = client.get("/nl/").content.decode()
    nav = content[content.index('class="site-nav"') : content.index("</nav>")]
    assert f'href="{index.url}"' in nav


def test_coordinators_write_their_programmes_news_which_the_sites_index_lists_too(client):
    site_news = news_index()
    programme = make_programme(modules=0)
    other = make_programme(title="Kanaleneiland, najaar 2027", modules=0)
    coordinator = UserFactory()
    enrol(coordinator, programme, Role.COORDINATOR)

    assert NewsIndexPage.can_create_at(programme)
    assert programme.permissions_for_user(coordinator).can_add_subpage()
    assert not other.permissions_for_user(coordinator).can_add_subpage()
    assert not site_news.permissions_for_user(coordinator).can_add_subpage()

    programme_news = news_index(parent=programme)
    news(programme_news, title="Presentaties van de teams")
    news(site_news, title="Algemeen bericht")

    assert "Presentaties van de teams" in client.get(site_news.url).content.decode()
    own = client.get(programme_news.url).content.decode()
    assert "Presentaties van de teams" in own
    assert "Algemeen bericht" not in own


def test_a_programmes_page_links_its_own_workshops_news_and_brochures(
    client, django_assert_max_num_queries
):
    programme = make_programme(modules=1)
    workshops = agenda(parent=programme)
    programme_news = news_index(parent=programme)
    draft = BrochurePage(title="Nog niet klaar", slug="brochure", live=False)
    programme.add_child(instance=draft)
    private = news_index(parent=make_programme(title="Ander programma", modules=0))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    html = client.get(programme.url).content.decode()

    own = html[
        html.index('id="own-pages"') : html.index("</section>", html.index('id="own-pages"'))
    ]
    assert (
        f'<a href="{workshops.url}">Agenda</a> <span class="meta">Workshops en activiteiten' in own
    )
    # A title that says what the page is gets no label repeating it.
    assert f'<a href="{programme_news.url}">Nieuws</a></li>' in own
    assert "Nog niet klaar" not in html
    # A module is listed among the modules, not here.
    assert "Week 1" not in own
    # Nothing of another programme, and nothing hidden from visitors.
    assert private.url not in html

    # The list costs the same queries however many pages a programme has.
    client.get(programme.url)
    with django_assert_max_num_queries(200) as few:
        client.get(programme.url)
    publish(programme, BrochurePage(title="Wat het opleverde", slug="opbrengst"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(programme.url).content.decode()
    assert 'Wat het opleverde</a> <span class="meta">Brochure' in html


def test_a_programme_without_pages_of_its_own_shows_no_empty_list(client):
    programme = make_programme(modules=1)

    assert 'id="own-pages"' not in client.get(programme.url).content.decode()


@pytest.mark.parametrize(
    ("model", "parent"),
    [
        ("newsindexpage", "home"),
        ("partnerindexpage", "home"),
        ("fundingindexpage", "home"),
        ("documentlibrarypage", "home"),
        ("newspage", "news"),
    ],
)
def test_site_editors_get_the_admin_form_of_each_page(client, model, parent):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=SITE_EDITORS))
    client.force_login(editor)
    parent_page = home() if parent == "home" else news_index()

    response = client.get(f"/admin/pages/add/home/{model}/{parent_page.pk}/")

    assert response.status_code == 200
