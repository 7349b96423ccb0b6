"""My programme: this week, every module in order, progress, and marking modules done."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection, reset_queries
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import ModuleProgress, Role
from tests.factories import UserFactory, enrol, make_programme, translate

pytestmark = pytest.mark.django_db

URL = "/nl/my-programme/"
# Wednesday of week 2 of a programme that starts on Monday 1 February 2027.
IN_WEEK_TWO = datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(IN_WEEK_TWO, tick=False):
        yield


@pytest.fixture
def programme():
    return make_programme(modules=4, start_date=datetime.date(2027, 2, 1))


@pytest.fixture
def student(programme):
    person = UserFactory()
    enrol(person, programme, Role.STUDENT)
    return person


def module_items(html):
    """The module list's items, as HTML fragments, in page order."""
    return re.findall(r'<li class="module-list__item.*?</li>', html, flags=re.S)


def modules_of(programme):
    return [module.specific for module in programme.get_children().order_by("path")]


def test_signing_in_lands_on_my_programme():
    assert resolve_url(settings.LOGIN_REDIRECT_URL) == URL


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_every_module_is_listed_in_week_order_with_its_dates(client, student):
    client.force_login(student)

    items = module_items(client.get(URL).content.decode())

    assert [re.search(r">(Week \d+)</a>", item).group(1) for item in items] == [
        "Week 1",
        "Week 2",
        "Week 3",
        "Week 4",
    ]
    assert '<time datetime="2027-02-08">' in items[1]
    assert '<time datetime="2027-02-14">' in items[1]


def test_this_week_is_highlighted_with_a_badge_not_colour_alone(client, student):
    client.force_login(student)

    html = client.get(URL).content.decode()
    items = module_items(html)

    current = [i for i, item in enumerate(items) if "module-list__item--current" in item]
    assert current == [1]
    assert "Deze week" in items[1]
    assert html.count("Deze week") == 1
    assert "Dit is week 2 van 12" in html


def test_the_highlight_moves_with_the_calendar(client, student):
    with time_machine.travel(datetime.datetime(2027, 2, 22, 8, tzinfo=datetime.UTC), tick=False):
        client.force_login(student)
        items = module_items(client.get(URL).content.decode())

    assert ["Deze week" in item for item in items] == [False, False, False, True]


def test_progress_starts_empty_and_has_an_accessible_label(client, student):
    client.force_login(student)

    html = client.get(URL).content.decode()

    assert '<label for="programme-progress">0 van 4 modules klaar</label>' in html
    assert '<progress id="programme-progress" max="4" value="0">' in html


def test_marking_a_module_done_moves_the_progress(client, programme, student):
    first = modules_of(programme)[0]
    client.force_login(student)

    response = client.post(
        f"/nl/modules/{first.pk}/progress/", {"done": "1", "next": URL}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain == [(URL, 302)]
    assert "“Week 1” staat nu op klaar." in html
    assert '<label for="programme-progress">1 van 4 modules klaar</label>' in html
    assert '<progress id="programme-progress" max="4" value="1">' in html
    assert "module-list__item--done" in module_items(html)[0]
    assert "Toch niet klaar" in module_items(html)[0]


def test_marking_done_twice_counts_once(client, programme, student):
    first = modules_of(programme)[0]
    client.force_login(student)

    for _ in range(2):
        client.post(f"/nl/modules/{first.pk}/progress/", {"done": "1", "next": URL})

    assert ModuleProgress.objects.filter(user=student).count() == 1


def test_undo_takes_the_module_out_of_the_progress(client, programme, student):
    first = modules_of(programme)[0]
    ModuleProgress.objects.create(user=student, module=first)
    client.force_login(student)

    response = client.post(
        f"/nl/modules/{first.pk}/progress/", {"done": "0", "next": URL}, follow=True
    )

    html = response.content.decode()
    assert "“Week 1” staat niet meer op klaar." in html
    assert '<label for="programme-progress">0 van 4 modules klaar</label>' in html
    assert not ModuleProgress.objects.filter(user=student).exists()


def test_marking_done_from_the_module_page_returns_there(client, programme, student):
    first = modules_of(programme)[0]
    client.force_login(student)

    response = client.post(
        f"/nl/modules/{first.pk}/progress/", {"done": "1", "next": first.url}, follow=True
    )

    assert response.redirect_chain == [(first.url, 302)]
    assert "Je hebt deze module op klaar gezet." in response.content.decode()


def test_a_foreign_next_address_is_ignored(client, programme, student):
    first = modules_of(programme)[0]
    client.force_login(student)

    response = client.post(
        f"/nl/modules/{first.pk}/progress/", {"done": "1", "next": "https://evil.example/"}
    )

    assert response["Location"] == first.url


def test_an_english_module_marks_its_dutch_source_done(client, programme, student):
    first = modules_of(programme)[0]
    english = translate(first, "en")
    client.force_login(student)

    client.post(f"/en/modules/{english.pk}/progress/", {"done": "1", "next": "/en/my-programme/"})

    assert ModuleProgress.objects.get(user=student).module_id == first.pk


def test_english_links_go_to_the_translation_where_there_is_one(client, programme, student):
    first, second, *_ = modules_of(programme)
    english_first = translate(first, "en")
    english_first.title = "Week one"
    english_first.save_revision().publish()
    client.force_login(student)

    html = client.get("/en/my-programme/").content.decode()
    items = module_items(html)

    assert f'href="{english_first.url}"' in items[0]
    assert english_first.url.startswith("/en/")
    assert ">Week one</a>" in items[0]
    # Not translated yet: the Dutch module, rather than nothing.
    assert f'href="{second.url}"' in items[1]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_page_costs_the_same_queries_for_4_and_40_modules(
    client, django_assert_num_queries, language
):
    def participant_of_programme_with(modules):
        programme = make_programme(modules=modules, start_date=datetime.date(2027, 2, 1))
        person = UserFactory()
        enrol(person, programme)
        for module in modules_of(programme)[:2]:
            ModuleProgress.objects.create(user=person, module=module)
            translate(module, "en")
        return person

    url = f"/{language}/my-programme/"
    client.force_login(participant_of_programme_with(4))
    client.get(url)  # Warm the caches (site root paths) the way any earlier page would.
    reset_queries()  # Setting up pages logs more queries than Django keeps.
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    queries_for_four = len(four)  # Read now: reset_queries() below empties the log.

    client.force_login(participant_of_programme_with(40))
    client.get(url)
    reset_queries()
    with django_assert_num_queries(queries_for_four):
        assert client.get(url).status_code == 200


def test_someone_without_a_programme_gets_a_friendly_explanation(client):
    client.force_login(UserFactory())

    response = client.get(URL)

    assert response.status_code == 200
    assert "Je doet nog niet mee aan een programma." in response.content.decode()


def test_a_coach_sees_the_modules_without_progress_or_done_buttons(client, programme):
    coach = UserFactory()
    enrol(coach, programme, Role.COACH)
    client.force_login(coach)

    html = client.get(URL).content.decode()

    assert len(module_items(html)) == 4
    assert "<progress" not in html
    assert "Markeer als klaar" not in html


def test_the_current_programme_comes_first_and_links_to_the_others(client, student, programme):
    earlier = make_programme(title="Najaar 2026", modules=2, start_date=datetime.date(2026, 9, 7))
    later = make_programme(title="Najaar 2027", modules=2, start_date=datetime.date(2027, 9, 6))
    enrol(student, earlier)
    enrol(student, later)
    client.force_login(student)

    html = client.get(URL).content.decode()

    assert f"<h1>{programme.title}</h1>" in html
    assert f'href="?programme={earlier.pk}"' in html
    assert f'href="?programme={later.pk}"' in html


def test_another_of_ones_own_programmes_can_be_opened(client, student):
    other = make_programme(title="Najaar 2026", modules=2, start_date=datetime.date(2026, 9, 7))
    enrol(student, other)
    client.force_login(student)

    response = client.get(URL, {"programme": other.pk})

    assert response.status_code == 200
    assert "<h1>Najaar 2026</h1>" in response.content.decode()


@pytest.mark.parametrize("asked_for", ["someone-elses", "nonsense"])
def test_a_programme_one_is_not_in_is_a_404(client, student, asked_for):
    others = make_programme(title="Andermans programma", modules=1)
    client.force_login(student)

    wanted = others.pk if asked_for == "someone-elses" else "abc"
    response = client.get(URL, {"programme": wanted})

    assert response.status_code == 404


def test_the_module_list_is_kept_until_progress_or_pages_change(client, programme, student):
    client.force_login(student)
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    with CaptureQueriesContext(connection) as cached:
        client.get(URL)
    assert len(cached) < len(first)

    module = modules_of(programme)[1]
    module.title = "Week 2: nieuwe titel"
    module.save_revision().publish()
    assert "Week 2: nieuwe titel" in client.get(URL).content.decode()

    client.post(reverse("courses:module_progress", args=[module.pk]), {"done": "1"})
    html = client.get(URL).content.decode()
    assert "1 van 4 modules klaar" in html
