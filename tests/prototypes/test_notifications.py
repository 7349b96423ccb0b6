"""The notification centre: a person sees only their own notifications, newest first and
a page at a time, opens each at what it is about (on this site only), and marks one or
all as read; the header counts the unread ones for one query, and none for visitors."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from prototypes.models import CoachingSession, Notification
from prototypes.reminders import scan
from prototypes.views_notifications import PER_PAGE
from tests.factories import TEAM_PERSONAS, make_team_world

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 3, 11, 0, tzinfo=datetime.UTC)
CENTRE = "/en/notifications/"


@pytest.fixture(autouse=True)
def frozen():
    """Every test at NOW, signing in included (a session from another time expires)."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    return make_team_world()


@pytest.fixture
def member(world):
    return world["people"]["member"]


def notify(person, title="Your team has news", created_at=NOW, link="/en/my-programme/", **kw):
    return Notification.objects.create(
        recipient=person,
        kind="test",
        title=title,
        body=kw.pop("body", "Read what changed."),
        link=link,
        created_at=created_at,
        **kw,
    )


def notification_queries(queries):
    return [query for query in queries if "prototypes_notification" in query["sql"]]


# --- Who may see what -----------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client, member):
    notification = notify(member)

    for url in [
        CENTRE,
        f"/en/notifications/{notification.pk}/open/",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    for url in [f"/en/notifications/{notification.pk}/read/", "/en/notifications/read/"]:
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("persona", [p for p in TEAM_PERSONAS if p not in {"member", "anonymous"}])
def test_no_one_else_may_open_or_mark_a_persons_notification(client, world, member, persona):
    notification = notify(member, title="Only for the member")
    client.force_login(world["people"][persona])

    assert client.get(f"/en/notifications/{notification.pk}/open/").status_code == 404
    assert client.post(f"/en/notifications/{notification.pk}/read/").status_code == 404
    client.post("/en/notifications/read/")
    html = client.get(CENTRE).content.decode()

    assert "Only for the member" not in html
    notification.refresh_from_db()
    assert notification.read_at is None


# --- The list -------------------------------------------------------------------------


def test_the_centre_lists_the_persons_notifications_newest_first(client, member, english_interface):
    notify(member, "Older news", created_at=NOW - datetime.timedelta(days=3))
    notify(member, "Newest news", created_at=NOW - datetime.timedelta(hours=2))
    notify(member, "Read news", created_at=NOW - datetime.timedelta(days=1), read_at=NOW)
    notify(member, "Just in", created_at=NOW - datetime.timedelta(seconds=30))
    client.force_login(member)

    html = client.get(CENTRE).content.decode()

    assert html.index("Just in") < html.index("Newest news") < html.index("Read news")
    assert html.index("Read news") < html.index("Older news")
    assert ">Just now</time>" in html
    # Django puts a no-break space between a number and its unit.
    assert "2\xa0hours ago" in html and "3\xa0days ago" in html
    assert '<time datetime="2027-03-03T10:00:00+01:00">' in html
    # Unread is said in words, not by colour alone: once per unread notification.
    assert html.count('<span class="badge badge--unread">Unread</span>') == 3
    assert "You have 3 unread notifications." in html


def test_someone_without_notifications_is_told_what_will_come(client, member, english_interface):
    client.force_login(member)

    html = client.get(CENTRE).content.decode()

    assert "No notifications yet." in html
    assert "Mark all as read" not in html


def test_the_centre_shows_a_page_at_a_time(client, member, english_interface):
    for number in range(PER_PAGE + 5):
        notify(member, f"News {number:02}", created_at=NOW - datetime.timedelta(minutes=number))
    client.force_login(member)

    first = client.get(CENTRE).content.decode()
    second = client.get(CENTRE + "?page=2").content.decode()
    beyond = client.get(CENTRE + "?page=99").content.decode()

    assert first.count('class="notification ') == PER_PAGE
    assert "News 00" in first and f"News {PER_PAGE - 1:02}" in first
    assert f"News {PER_PAGE:02}" not in first
    assert 'href="?page=2" rel="next">Older</a>' in first
    assert second.count('class="notification ') == 5
    assert 'href="?page=1" rel="prev">Newer</a>' in second
    assert "Page 2 of 2" in second
    # A page beyond the last shows the last.
    assert "Page 2 of 2" in beyond


def test_the_page_costs_the_same_queries_for_one_or_thirty(client, member):
    notify(member)
    client.force_login(member)
    client.get(CENTRE)  # the first request fills caches the next ones reuse
    with CaptureQueriesContext(connection) as one:
        client.get(CENTRE)
    for number in range(29):
        notify(member, f"News {number}")
    with CaptureQueriesContext(connection) as thirty:
        client.get(CENTRE)

    assert len(one) == len(thirty)
    # The count for the header and the page's summary, the page's count and its rows.
    assert len(notification_queries(thirty)) == 3


@pytest.mark.parametrize(
    ("language", "ago", "heading"),
    [("nl", "2\xa0uur", '<html lang="nl">'), ("en", "2\xa0hours ago", '<html lang="en">')],
)
def test_the_centre_speaks_the_persons_language(client, member, language, ago, heading):
    notify(member, created_at=NOW - datetime.timedelta(hours=2))
    client.force_login(member)

    response = client.get(f"/{language}/notifications/")

    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    assert ago in html
    with translation.override(language):
        assert reverse("prototypes:notification_open", args=[1]).startswith(f"/{language}/")


# --- Opening and marking --------------------------------------------------------------


def test_opening_a_reminder_marks_it_read_and_goes_to_its_session(
    client, world, member, django_capture_on_commit_callbacks
):
    starts = NOW + datetime.timedelta(days=1)
    session = CoachingSession.plan(
        team=world["team"], coach=world["people"]["coach"], starts_at=starts
    )
    with django_capture_on_commit_callbacks(execute=True):
        scan()
    notification = Notification.objects.get(recipient=member)
    client.force_login(member)

    response = client.get(f"/nl/notifications/{notification.pk}/open/")

    with translation.override("nl"):
        assert response["Location"] == reverse(
            "prototypes:session_detail", args=[world["team"].pk, session.pk]
        )
    assert client.get(response["Location"]).status_code == 200
    notification.refresh_from_db()
    assert notification.read_at is not None
    # Opening it again keeps the moment it was first read.
    first_read = notification.read_at
    client.get(f"/nl/notifications/{notification.pk}/open/")
    notification.refresh_from_db()
    assert notification.read_at == first_read


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example.org/session",
        "//evil.example.org/session",
        "/\\evil.example.org/session",
        "javascript:alert(1)",
        "",
    ],
)
def test_a_notification_never_sends_anyone_off_the_site(client, member, link, english_interface):
    notification = notify(member, link=link)
    client.force_login(member)

    html = client.get(CENTRE).content.decode()
    response = client.get(f"/en/notifications/{notification.pk}/open/", follow=True)

    # The list does not link it, and opening it anyway stays in the centre.
    assert f"/en/notifications/{notification.pk}/open/" not in html
    assert response.redirect_chain == [(CENTRE, 302)]
    assert "This notification has no page to open." in response.content.decode()


def test_mark_one_as_read_and_come_back_to_its_page(client, member, english_interface):
    for number in range(PER_PAGE + 1):
        notify(member, f"News {number:02}", created_at=NOW - datetime.timedelta(minutes=number))
    oldest = Notification.objects.get(title=f"News {PER_PAGE:02}")
    client.force_login(member)

    response = client.post(f"/en/notifications/{oldest.pk}/read/", {"page": "2"})

    assert response["Location"] == CENTRE + "?page=2"
    oldest.refresh_from_db()
    assert oldest.read_at == NOW
    assert Notification.objects.unread().count() == PER_PAGE
    html = client.get(response["Location"]).content.decode()
    assert f"Marked as read: News {PER_PAGE:02}" in html
    assert "badge--unread" not in html
    assert client.get(f"/en/notifications/{oldest.pk}/read/").status_code == 405


def test_mark_all_as_read_leaves_what_came_in_after_the_page_was_shown(
    client, member, world, english_interface
):
    notify(member, "Seen one", created_at=NOW - datetime.timedelta(hours=1))
    notify(member, "Seen two", created_at=NOW - datetime.timedelta(minutes=5))
    others = notify(world["people"]["team_mate"], "Someone else's")
    client.force_login(member)
    html = client.get(CENTRE).content.decode()
    assert 'name="seen_at" value="2027-03-03T12:00:00+01:00"' in html
    notify(member, "Came in meanwhile", created_at=NOW + datetime.timedelta(minutes=1))

    with time_machine.travel(NOW + datetime.timedelta(minutes=2), tick=False):
        response = client.post(
            "/en/notifications/read/", {"seen_at": "2027-03-03T12:00:00+01:00"}, follow=True
        )

    assert "2 notifications marked as read." in response.content.decode()
    unread = Notification.objects.unread()
    assert sorted(unread.values_list("title", flat=True)) == ["Came in meanwhile", "Someone else's"]
    assert others in unread


def test_mark_all_as_read_without_a_moment_marks_everything_so_far(client, member):
    notify(member)
    notify(member, "Another")
    client.force_login(member)

    client.post("/en/notifications/read/", {"seen_at": "not a date"})

    assert not Notification.objects.unread().exists()


# --- The header -----------------------------------------------------------------------


def test_the_header_counts_the_unread_ones(client, member, english_interface):
    notify(member)
    notify(member)
    notify(member, read_at=NOW)
    client.force_login(member)

    html = client.get("/en/my-programme/").content.decode()

    assert (
        '<a href="/en/notifications/">Notifications <span class="badge">2'
        '<span class="visually-hidden"> unread</span></span></a>'
    ) in html
    Notification.objects.mark_read()
    html = client.get("/en/my-programme/").content.decode()
    assert '<a href="/en/notifications/">Notifications</a>' in html


def test_the_header_marks_the_centre_as_the_current_page(client, member, english_interface):
    client.force_login(member)

    html = client.get(CENTRE).content.decode()

    assert '<a href="/en/notifications/" aria-current="page">Notifications</a>' in html


def test_the_header_asks_once_whether_one_or_thirty_are_unread(client, member):
    client.force_login(member)
    notify(member)
    client.get("/en/my-programme/")  # the first request fills caches the next ones reuse
    with CaptureQueriesContext(connection) as one:
        client.get("/en/my-programme/")
    for number in range(29):
        notify(member, f"News {number}")
    with CaptureQueriesContext(connection) as thirty:
        html = client.get("/en/my-programme/").content.decode()

    assert len(one) == len(thirty)
    assert len(notification_queries(one)) == len(notification_queries(thirty)) == 1
    assert '<span class="badge">30<span class="visually-hidden">' in html


def test_visitors_get_no_link_and_cost_no_query(client, member):
    notify(member)

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/").content.decode()

    assert notification_queries(queries) == []
    assert "/en/notifications/" not in html


def test_a_cached_visitors_page_never_carries_anyones_count(client, member, settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    notify(member, "Private news")
    signed_in = type(client)()
    signed_in.force_login(member)
    try:
        members_page = signed_in.get("/en/").content.decode()
        client.get("/en/")
        with CaptureQueriesContext(connection) as queries:
            visitors_page = client.get("/en/").content.decode()
        members_page_again = signed_in.get("/en/").content.decode()
    finally:
        cache.clear()

    assert queries.captured_queries == []  # served from the cache
    assert "/en/notifications/" in members_page and "/en/notifications/" in members_page_again
    assert '<span class="badge">1<span' in members_page_again
    assert "/en/notifications/" not in visitors_page
