"""Notification preferences: the defaults, each delivery mode, quiet hours and digest days
at their edges (across midnight and the changes to and from summer time), what the send
path does with each decision, the one-click unsubscribe without a login, and the
preferences page."""

import datetime
import logging
import smtplib
import zoneinfo

import pytest
import time_machine
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab import privacy
from prototypes import delivery, digests
from prototypes.delivery import Decision, decide
from prototypes.models import (
    CoachingSession,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    QuietHours,
    Reminder,
)
from tests import mail_servers
from tests.celery_worker import free_port
from tests.factories import UserFactory, enrol, make_programme, make_team_world

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC
KIND = NotificationKind.SESSION_COMING


def at(*args, zone=AMSTERDAM):
    """A moment given as Amsterdam's (or `zone`'s) wall clock."""
    return datetime.datetime(*args, tzinfo=zone)


def quiet(user, starts, ends):
    QuietHours.objects.create(user=user, starts_at=starts, ends_at=ends)


NIGHT = (datetime.time(21, 0), datetime.time(8, 0))


# --- The policy --------------------------------------------------------------------------


def test_without_preferences_everything_is_sent_at_once():
    person = UserFactory()
    now = at(2027, 3, 3, 3, 0)
    for kind in NotificationKind:
        assert decide(person, kind, now) == delivery.SEND_NOW, kind
    stored = NotificationPreference.objects.modes([person.pk])
    assert delivery.mode_for(stored, person.pk, NotificationKind.WEEKLY_DIGEST) == Delivery.WEEKLY
    assert delivery.mode_for(stored, person.pk, KIND) == Delivery.IMMEDIATELY


def test_each_mode():
    person = UserFactory()
    now = at(2027, 3, 3, 12, 0)  # a Wednesday
    NotificationPreference.set(person, KIND, Delivery.OFF)
    assert decide(person, KIND, now) == delivery.OFF
    NotificationPreference.set(person, KIND, Delivery.DAILY)
    assert decide(person, KIND, now) == Decision("digest", at(2027, 3, 4, 8, 0))
    NotificationPreference.set(person, KIND, Delivery.WEEKLY)
    assert decide(person, KIND, now) == Decision("digest", at(2027, 3, 8, 8, 0))
    NotificationPreference.set(person, KIND, Delivery.IMMEDIATELY)
    assert decide(person, KIND, now) == delivery.SEND_NOW
    # Other kinds keep their own mode.
    NotificationPreference.set(person, KIND, Delivery.OFF)
    assert decide(person, NotificationKind.REFLECTION_DUE, now) == delivery.SEND_NOW


@pytest.mark.parametrize("kind", NotificationKind)
def test_every_kind_follows_its_own_preference(kind):
    person, other = UserFactory(), UserFactory()
    now = at(2027, 3, 3, 12, 0)
    NotificationPreference.set(person, kind, Delivery.OFF)
    assert decide(person, kind, now) == delivery.OFF
    assert decide(other, kind, now) == delivery.SEND_NOW
    if kind != NotificationKind.WEEKLY_DIGEST:
        NotificationPreference.set(person, kind, Delivery.DAILY)
        assert decide(person, kind, now) == Decision("digest", at(2027, 3, 4, 8, 0))


def test_the_weekly_overview_is_sent_on_its_own_day_or_not_at_all():
    person = UserFactory()
    now = at(2027, 3, 3, 12, 0)
    assert decide(person, NotificationKind.WEEKLY_DIGEST, now) == delivery.SEND_NOW
    NotificationPreference.set(person, NotificationKind.WEEKLY_DIGEST, Delivery.OFF)
    assert decide(person, NotificationKind.WEEKLY_DIGEST, now) == delivery.OFF


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2027, 3, 3, 20, 59, 59), None),
        (at(2027, 3, 3, 21, 0), at(2027, 3, 4, 8, 0)),
        (at(2027, 3, 3, 23, 59), at(2027, 3, 4, 8, 0)),
        (at(2027, 3, 4, 0, 0), at(2027, 3, 4, 8, 0)),
        (at(2027, 3, 4, 7, 59, 59), at(2027, 3, 4, 8, 0)),
        (at(2027, 3, 4, 8, 0), None),
    ],
)
def test_quiet_hours_across_midnight_at_their_edges(now, expected):
    person = UserFactory()
    quiet(person, *NIGHT)
    decision = decide(person, KIND, now)
    assert decision == (delivery.SEND_NOW if expected is None else Decision("later", expected))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2027, 3, 3, 11, 59), None),
        (at(2027, 3, 3, 12, 0), at(2027, 3, 3, 13, 30)),
        (at(2027, 3, 3, 13, 29), at(2027, 3, 3, 13, 30)),
        (at(2027, 3, 3, 13, 30), None),
    ],
)
def test_quiet_hours_within_a_day(now, expected):
    person = UserFactory()
    quiet(person, datetime.time(12, 0), datetime.time(13, 30))
    decision = decide(person, KIND, now)
    assert decision == (delivery.SEND_NOW if expected is None else Decision("later", expected))


@pytest.mark.parametrize(
    ("now", "until_utc"),
    [
        # Saturday 27 March 2027, 22:00 CET: the night the clocks go forward. 08:00 CEST is
        # 06:00 UTC, ten hours on, not eleven.
        (datetime.datetime(2027, 3, 27, 21, 0, tzinfo=UTC), (2027, 3, 28, 6, 0)),
        # 03:30 CEST, just after the change.
        (datetime.datetime(2027, 3, 28, 1, 30, tzinfo=UTC), (2027, 3, 28, 6, 0)),
        # Saturday 24 October 2026, 23:00 CEST: the night the clocks go back. 08:00 CET is
        # 07:00 UTC, ten hours on, not nine.
        (datetime.datetime(2026, 10, 24, 21, 0, tzinfo=UTC), (2026, 10, 25, 7, 0)),
        # 02:30 that shows twice: both times are quiet, until the same 08:00 CET.
        (datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), (2026, 10, 25, 7, 0)),
        (datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), (2026, 10, 25, 7, 0)),
    ],
)
def test_quiet_hours_end_on_the_wall_clock_across_summer_time_changes(now, until_utc):
    person = UserFactory()
    quiet(person, *NIGHT)
    decision = decide(person, KIND, now)
    assert decision.action == "later"
    assert decision.at.astimezone(UTC) == datetime.datetime(*until_utc, tzinfo=UTC)


def test_quiet_hours_are_read_in_the_programmes_time_zone():
    person = UserFactory()
    enrol(person, make_programme(time_zone="America/New_York", modules=0))
    quiet(person, *NIGHT)
    new_york = zoneinfo.ZoneInfo("America/New_York")
    # 21:00 in Amsterdam is 15:00 in New York: not quiet there.
    assert decide(person, KIND, at(2027, 3, 3, 21, 0)) == delivery.SEND_NOW
    assert decide(person, KIND, at(2027, 3, 3, 21, 0, zone=new_york)) == Decision(
        "later", at(2027, 3, 4, 8, 0, zone=new_york)
    )


@pytest.mark.parametrize(
    ("now", "daily", "weekly"),
    [
        # Monday 1 March 2027 (CET).
        (at(2027, 3, 1, 7, 59), at(2027, 3, 1, 8, 0), at(2027, 3, 1, 8, 0)),
        (at(2027, 3, 1, 8, 0), at(2027, 3, 1, 8, 0), at(2027, 3, 1, 8, 0)),
        (at(2027, 3, 1, 8, 1), at(2027, 3, 2, 8, 0), at(2027, 3, 8, 8, 0)),
        # Sunday 7 March, late: tomorrow is the weekly digest's day.
        (at(2027, 3, 7, 23, 0), at(2027, 3, 8, 8, 0), at(2027, 3, 8, 8, 0)),
        # Sunday 28 March 2027, the clocks went forward: Monday's 08:00 is CEST.
        (at(2027, 3, 28, 12, 0), at(2027, 3, 29, 8, 0), at(2027, 3, 29, 8, 0)),
        # Sunday 25 October 2026, the clocks went back: Monday's 08:00 is CET.
        (at(2026, 10, 25, 12, 0), at(2026, 10, 26, 8, 0), at(2026, 10, 26, 8, 0)),
    ],
)
def test_digests_go_out_at_eight_on_the_wall_clock(now, daily, weekly):
    person = UserFactory()
    NotificationPreference.set(person, KIND, Delivery.DAILY)
    NotificationPreference.set(person, NotificationKind.REFLECTION_DUE, Delivery.WEEKLY)
    assert decide(person, KIND, now) == Decision("digest", daily)
    assert decide(person, NotificationKind.REFLECTION_DUE, now) == Decision("digest", weekly)
    # On both changes of the clock, 08:00 is a different hour in UTC.
    assert weekly.utcoffset() == weekly.astimezone(AMSTERDAM).utcoffset()


def test_deciding_for_a_batch_costs_three_queries_however_many_people(
    django_assert_num_queries,
):
    people = [UserFactory() for _ in range(5)]
    for person in people:
        quiet(person, *NIGHT)
    with django_assert_num_queries(3):
        preferences = delivery.Preferences(person.pk for person in people)
    now = at(2027, 3, 3, 22, 0)
    assert {preferences.decide(p.pk, KIND, now).action for p in people} == {"later"}


# --- The send path -----------------------------------------------------------------------

# Thursday 4 March 2027, 15:00 in Amsterdam; the day-before reminders are due on
# Wednesday at 15:00.
STARTS = datetime.datetime(2027, 3, 4, 14, 0, tzinfo=UTC)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world():
    world = make_team_world()
    with time_machine.travel(STARTS - 3 * DAY, tick=False):
        world["session"] = CoachingSession.plan(
            team=world["team"], coach=world["people"]["coach"], starts_at=STARTS
        )
    mail.outbox.clear()
    return world


def reminder_of(person):
    return Reminder.objects.get(recipient=person, data__lead="24h")


def test_off_sends_no_email_but_leaves_the_notification(world, run_scan):
    member = world["people"]["member"]
    NotificationPreference.set(member, KIND, Delivery.OFF)

    run_scan(STARTS - DAY)
    assert member.email not in [message.to[0] for message in mail.outbox]
    assert world["people"]["coach"].email in [message.to[0] for message in mail.outbox]
    row = reminder_of(member)
    assert (row.state, row.dropped_reason) == (Reminder.State.DROPPED, "off")
    assert Notification.objects.filter(recipient=member, reminder=row).exists()


def test_quiet_hours_send_it_when_they_end_if_it_still_holds(world, run_scan):
    member = world["people"]["member"]
    # Quiet in the afternoon, when the day-before reminder is due (15:00).
    quiet(member, datetime.time(14, 0), datetime.time(17, 0))

    run_scan(STARTS - DAY)
    assert member.email not in [message.to[0] for message in mail.outbox]
    row = reminder_of(member)
    assert row.state == Reminder.State.PENDING
    assert row.due_at == at(2027, 3, 3, 17, 0)
    assert row.attempts == 0
    # The notification is in the centre already; the email waits.
    assert Notification.objects.filter(recipient=member, reminder=row).count() == 1

    mail.outbox.clear()
    run_scan(at(2027, 3, 3, 16, 59))
    assert mail.outbox == []
    run_scan(at(2027, 3, 3, 17, 0))
    assert [message.to[0] for message in mail.outbox] == [member.email]
    assert reminder_of(member).state == Reminder.State.SENT
    assert Notification.objects.filter(recipient=member).count() == 1


def test_a_reminder_held_past_its_use_is_dropped_when_the_quiet_hours_end(world, run_scan):
    member = world["people"]["member"]
    quiet(member, datetime.time(12, 0), datetime.time(16, 0))
    # The day-before reminder (Wednesday 15:00) waits until 16:00: the session is then
    # still a day away, so it goes. The two-hours one (Thursday 13:00) waits until
    # 16:00 too, by when the session (15:00) has started.
    run_scan(STARTS - DAY)
    run_scan(at(2027, 3, 3, 16, 0))
    assert reminder_of(member).state == Reminder.State.SENT
    run_scan(STARTS - 2 * datetime.timedelta(hours=1))
    run_scan(at(2027, 3, 4, 16, 0))
    two_hours = Reminder.objects.get(recipient=member, data__lead="2h")
    assert (two_hours.state, two_hours.dropped_reason) == (Reminder.State.DROPPED, "started")


def test_a_digest_mode_keeps_the_row_for_the_digest(world, run_scan):
    member = world["people"]["member"]
    NotificationPreference.set(member, KIND, Delivery.DAILY)

    run_scan(STARTS - DAY)
    run_scan(STARTS - DAY + datetime.timedelta(minutes=10))
    assert member.email not in [message.to[0] for message in mail.outbox]
    row = reminder_of(member)
    assert (row.state, row.due_at) == (Reminder.State.DIGEST, at(2027, 3, 4, 8, 0))


def test_every_reminder_email_carries_a_one_click_unsubscribe(world, run_scan, client):
    member = world["people"]["member"]
    run_scan(STARTS - DAY)
    email = next(message for message in mail.outbox if message.to == [member.email])
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = email.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    url = header[1:-1]
    html = email.alternatives[0].content
    assert url in email.body and url in html
    assert "/nl/notifications/preferences/" in html

    path = "/" + url.split("/", 3)[3]
    response = client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert delivery.decide(member, KIND, STARTS) == delivery.OFF


def test_a_session_change_goes_to_no_one_who_turned_it_off(
    world, django_capture_on_commit_callbacks
):
    member = world["people"]["member"]
    NotificationPreference.set(member, NotificationKind.SESSION_CHANGED, Delivery.OFF)
    with (
        time_machine.travel(STARTS - 2 * DAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        world["session"].cancel(by=world["people"]["coach"])
    recipients = [message.to[0] for message in mail.outbox]
    assert member.email not in recipients
    assert world["people"]["team_mate"].email in recipients
    assert all("List-Unsubscribe" in message.extra_headers for message in mail.outbox)


# --- Digests ----------------------------------------------------------------------------


@pytest.fixture
def send_digests():
    def run(moment):
        with time_machine.travel(moment, tick=False):
            return digests.send_due()

    return run


def in_daily_digest(world, run_scan, *personas):
    for persona in personas:
        NotificationPreference.set(world["people"][persona], KIND, Delivery.DAILY)
    run_scan(STARTS - DAY)
    mail.outbox.clear()


def test_the_daily_digest_goes_out_once_at_eight(world, run_scan, send_digests):
    member = world["people"]["member"]
    member.preferred_language = "en"
    member.save()
    in_daily_digest(world, run_scan, "member")

    assert send_digests(at(2027, 3, 4, 7, 59)) == 0
    assert send_digests(at(2027, 3, 4, 8, 0)) == 1
    assert send_digests(at(2027, 3, 4, 8, 1)) == 0
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "Learning Lab: 1 update for you"
    assert reminder_of(member).link in email.body
    assert "Tomorrow at 15:00" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["Message-ID"] != reminder_of(member).message_id
    assert reminder_of(member).state == Reminder.State.SENT


def test_a_digest_whose_reminders_passed_is_not_sent(world, run_scan, send_digests):
    member = world["people"]["member"]
    NotificationPreference.set(member, KIND, Delivery.WEEKLY)
    run_scan(STARTS - DAY)
    # Monday 8 March, 08:00: the session was last Thursday.
    assert reminder_of(member).due_at == at(2027, 3, 8, 8, 0)
    assert send_digests(at(2027, 3, 8, 8, 0)) == 0
    row = reminder_of(member)
    assert (row.state, row.dropped_reason) == (Reminder.State.DROPPED, "started")


def test_a_digest_waits_for_the_end_of_quiet_hours(world, run_scan, send_digests):
    member = world["people"]["member"]
    in_daily_digest(world, run_scan, "member")
    quiet(member, datetime.time(22, 0), datetime.time(9, 0))

    assert send_digests(at(2027, 3, 4, 8, 0)) == 0
    assert reminder_of(member).due_at == at(2027, 3, 4, 9, 0)
    assert send_digests(at(2027, 3, 4, 9, 0)) == 1


def test_a_kind_turned_off_meanwhile_leaves_the_digest(world, run_scan, send_digests):
    member = world["people"]["member"]
    in_daily_digest(world, run_scan, "member")
    NotificationPreference.set(member, KIND, Delivery.OFF)
    assert send_digests(at(2027, 3, 4, 8, 0)) == 0
    assert reminder_of(member).dropped_reason == "off"


def test_a_mail_server_that_fails_leaves_the_digest_for_the_next_run(
    world, run_scan, send_digests, settings
):
    in_daily_digest(world, run_scan, "member", "team_mate")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    with pytest.raises(OSError):
        send_digests(at(2027, 3, 4, 8, 0))
    assert set(Reminder.objects.filter(data__lead="24h").values_list("state", flat=True)) >= {
        Reminder.State.DIGEST
    }

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests(at(2027, 3, 4, 8, 1)) == 2
    assert send_digests(at(2027, 3, 4, 8, 2)) == 0
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        world["people"][persona].email for persona in ["member", "team_mate"]
    )


def test_a_mail_server_down_for_hours_gives_up_on_no_digest(
    world, run_scan, send_digests, settings
):
    member = world["people"]["member"]
    in_daily_digest(world, run_scan, "member")
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    for minute in range(0, 60, 5):
        with pytest.raises(OSError):
            send_digests(at(2027, 3, 4, 8, minute))
    row = reminder_of(member)
    assert (row.state, row.attempts) == (Reminder.State.DIGEST, 0)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests(at(2027, 3, 4, 9, 0)) == 1
    assert [email.to for email in mail.outbox] == [[member.email]]


def test_a_digest_the_mail_server_keeps_refusing_is_given_up_and_logged(
    world, run_scan, send_digests, settings, caplog
):
    member = world["people"]["member"]
    in_daily_digest(world, run_scan, "member")
    assert reminder_of(member).attempts == 0  # held for the digest: not an attempt
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = "tests.mail_servers.RefusingBackend"
    mail_servers.REFUSED[member.email] = 550
    try:
        for minute in range(3):
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                send_digests(at(2027, 3, 4, 8, minute))
    finally:
        mail_servers.REFUSED.clear()
    row = reminder_of(member)
    assert (row.state, row.attempts) == (Reminder.State.DIGEST, 3)

    caplog.set_level(logging.ERROR, logger="prototypes.digests")
    assert send_digests(at(2027, 3, 4, 8, 3)) == 0
    row = reminder_of(member)
    assert (row.state, row.dropped_reason) == (Reminder.State.DROPPED, "failed")
    assert f"{row.key} dropped from its digest after 3 attempts" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests(at(2027, 3, 4, 8, 4)) == 0
    assert mail.outbox == []


def test_a_digest_keeps_its_message_id_when_sent_again(world, run_scan):
    member = world["people"]["member"]
    in_daily_digest(world, run_scan, "member")
    rows = list(Reminder.objects.filter(recipient=member, state=Reminder.State.DIGEST))
    first, again = digests.compose(rows), digests.compose(rows)
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]


def test_a_digests_unsubscribe_link_turns_off_each_kind_in_it(world, run_scan, client):
    member = world["people"]["member"]
    NotificationPreference.set(member, KIND, Delivery.DAILY)
    NotificationPreference.set(member, NotificationKind.REFLECTION_DUE, Delivery.DAILY)
    url = reverse(
        "unsubscribe:confirm",
        args=[delivery.unsubscribe_token(member, [KIND, NotificationKind.REFLECTION_DUE])],
    )
    page = client.get(url + "?lang=en").content.decode()
    assert "Coaching session coming, Reflection due" in page
    assert client.post(url).status_code == 200
    assert decide(member, KIND, STARTS) == delivery.OFF
    assert decide(member, NotificationKind.REFLECTION_DUE, STARTS) == delivery.OFF


# --- Unsubscribing -----------------------------------------------------------------------


def unsubscribe_url(person, kind=KIND):
    return reverse("unsubscribe:confirm", args=[delivery.unsubscribe_token(person, kind)])


def test_links_made_for_many_emails_are_the_ones_made_one_by_one(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://learninglab.example.org/"
    people = [UserFactory(), UserFactory()]
    with time_machine.travel(STARTS, tick=False):
        links = delivery.UnsubscribeLinks()
        for person in people:
            for kinds in [KIND, [KIND, NotificationKind.REFLECTION_DUE]]:
                token = delivery.unsubscribe_token(person, kinds)
                one = "https://learninglab.example.org" + reverse(
                    "unsubscribe:confirm", args=[token]
                )
                assert links.url(person, kinds) == one == delivery.unsubscribe_url(person, kinds)


def test_the_link_asks_first_in_the_persons_language(client):
    person = UserFactory(preferred_language="en")
    response = client.get(unsubscribe_url(person))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Coaching session coming" in response.content.decode()
    assert b"Stop these emails" in response.content
    # Looking changes nothing: mail scanners follow links.
    assert decide(person, KIND, STARTS) == delivery.SEND_NOW


def test_the_button_or_a_one_click_post_turns_the_kind_off_without_a_login(client):
    person = UserFactory(preferred_language="en")
    url = unsubscribe_url(person)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    assert decide(person, KIND, STARTS) == delivery.OFF
    assert decide(person, NotificationKind.REFLECTION_DUE, STARTS) == delivery.SEND_NOW
    # Used again, the same link still answers, and still means off.
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert NotificationPreference.objects.filter(user=person).count() == 1


def test_an_old_link_still_works(client):
    person = UserFactory()
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=UTC)):
        url = unsubscribe_url(person)
    with time_machine.travel(datetime.datetime(2029, 1, 1, tzinfo=UTC)):
        assert client.post(url).status_code == 200
    assert decide(person, KIND, STARTS) == delivery.OFF


@pytest.mark.parametrize(
    "token",
    [
        "made-up",
        signing.dumps([1, "session_coming"], salt="another.salt"),
        signing.dumps([1, "no_such_kind"], salt=delivery.UNSUBSCRIBE_SALT),
    ],
)
def test_a_changed_link_explains_itself(client, token):
    response = client.post(reverse("unsubscribe:confirm", args=[token]) + "?lang=en")
    assert response.status_code == 400
    assert b"This link does not work" in response.content
    assert not NotificationPreference.objects.exists()


def test_a_tampered_token_turns_nothing_off(client):
    person = UserFactory()
    other = UserFactory()
    token = delivery.unsubscribe_token(person, KIND)
    rest = token.split(":", 1)[1]
    forged = signing.dumps([other.pk, str(KIND)], salt=delivery.UNSUBSCRIBE_SALT).split(":", 1)[0]
    response = client.post(reverse("unsubscribe:confirm", args=[f"{forged}:{rest}"]))
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


# --- The preferences page ----------------------------------------------------------------

PAGE = "/en/notifications/preferences/"


def form_data(**changes):
    """What the page posts when nothing is changed, with `changes`."""
    data = {f"kind_{kind}": Delivery.IMMEDIATELY for kind in NotificationKind}
    data |= {"kind_weekly_digest": Delivery.WEEKLY, "quiet_from": "", "quiet_until": ""}
    return data | changes


def test_the_page_needs_an_account(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_page_shows_the_defaults_and_saves_changes(client, english_interface):
    person = UserFactory()
    client.force_login(person)
    response = client.get(PAGE)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["kind_session_coming"].value() == Delivery.IMMEDIATELY
    assert form["kind_weekly_digest"].value() == Delivery.WEEKLY
    assert reverse("accounts:profile") in response.content.decode()

    data = form_data(
        kind_session_coming=Delivery.DAILY,
        kind_weekly_digest=Delivery.OFF,
        quiet_from="21:00",
        quiet_until="08:00",
    )
    response = client.post(PAGE, data)
    assert response.status_code == 302
    assert decide(person, NotificationKind.WEEKLY_DIGEST, STARTS) == delivery.OFF
    assert decide(person, KIND, STARTS).action == "digest"
    hours = QuietHours.objects.get(user=person)
    assert (hours.starts_at, hours.ends_at) == NIGHT

    data |= {"quiet_from": "", "quiet_until": ""}
    assert client.post(PAGE, data).status_code == 302
    assert not QuietHours.objects.filter(user=person).exists()


@pytest.mark.parametrize(
    ("quiet_from", "quiet_until", "message"),
    [
        ("21:00", "21:00", "must end at another time than they start"),
        ("25:00", "08:00", "Give a time as hours and minutes"),
        ("21:00", "", "Give both times, or leave both empty"),
    ],
)
def test_bad_quiet_hours_come_back_as_typed(
    client, english_interface, quiet_from, quiet_until, message
):
    person = UserFactory()
    client.force_login(person)
    data = form_data(
        kind_reflection_due=Delivery.OFF, quiet_from=quiet_from, quiet_until=quiet_until
    )
    response = client.post(PAGE, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert f'value="{quiet_from}"' in content
    assert response.context["form"]["kind_reflection_due"].value() == Delivery.OFF
    assert not NotificationPreference.objects.exists()
    assert not QuietHours.objects.exists()


def test_a_mode_a_kind_does_not_offer_is_refused(client, english_interface):
    person = UserFactory()
    client.force_login(person)
    response = client.post(PAGE, form_data(kind_weekly_digest=Delivery.DAILY))
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_the_page_costs_the_same_queries_with_every_kind_stored(client, english_interface):
    def queries(person):
        client.force_login(person)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        return len(captured)

    bare, full = UserFactory(), UserFactory()
    for kind in NotificationKind:
        NotificationPreference.set(full, kind, Delivery.OFF)
    quiet(full, *NIGHT)
    assert queries(bare) == queries(full)


@pytest.mark.parametrize("page", ["/en/account/profile/", "/en/notifications/"])
def test_the_profile_and_the_notifications_link_to_the_preferences(client, english_interface, page):
    client.force_login(UserFactory())
    response = client.get(page)
    assert PAGE in response.content.decode()


def test_preferences_are_exported_and_erased_with_the_person():
    person = UserFactory()
    NotificationPreference.set(person, KIND, Delivery.OFF)
    quiet(person, *NIGHT)
    exported = privacy.export_person(person)["prototypes.preferences"]
    assert exported["notification_preferences"] == {"session_coming": "off"}
    assert exported["quiet_hours"] == {"from": "21:00", "until": "08:00"}
    privacy.erase_person(person)
    assert not NotificationPreference.objects.exists()
    assert not QuietHours.objects.exists()
