"""Reminders of a coaching session coming: who gets one and when, in which language, that
the ledger makes every occurrence send once however often the scan runs, what a scan
after downtime drops, and what a lease that ran out hands out again.

Tasks run inline here; tests/prototypes/test_reminders_worker.py runs them on a real
worker and Redis."""

import contextlib
import datetime
import logging
import smtplib
from email import message_from_bytes

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from prototypes import reminders
from prototypes.models import (
    CoachingSession,
    Notification,
    Reminder,
    SessionParticipant,
    TeamMember,
)
from prototypes.reminders import deliver, scan
from tests import mail_servers
from tests.celery_worker import free_port
from tests.factories import UserFactory, make_team_world

pytestmark = pytest.mark.django_db

# Thursday 4 March 2027, 15:00 in Amsterdam (CET, UTC+1).
STARTS = datetime.datetime(2027, 3, 4, 14, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(hours=24)
TWO_HOURS = datetime.timedelta(hours=2)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def only_sessions_coming(monkeypatch):
    """These tests are about one kind: the scan looks for it alone here (the teams'
    weeks and quiet time would bring other reminders). The other kinds, and all of them
    scanned together, are tested in tests/prototypes/test_reminder_kinds.py."""
    monkeypatch.setattr(reminders, "SCANNED", [reminders.KINDS[Reminder.Kind.SESSION_COMING]])


@pytest.fixture
def refusing_server(settings):
    settings.EMAIL_BACKEND = "tests.mail_servers.RefusingBackend"
    yield mail_servers.REFUSED
    mail_servers.REFUSED.clear()


@pytest.fixture
def world():
    world = make_team_world()
    with time_machine.travel(STARTS - datetime.timedelta(days=3), tick=False):
        world["session"] = CoachingSession.plan(
            team=world["team"],
            coach=world["people"]["coach"],
            starts_at=STARTS,
            place="Buurthuis De Boog",
        )
    return world


def answer(world, persona, answer):
    SessionParticipant.objects.filter(
        session=world["session"], user=world["people"][persona]
    ).update(answer=answer)


def recipients(messages=None):
    return sorted(message.to[0] for message in (mail.outbox if messages is None else messages))


def emails_of(world, *personas):
    return sorted(world["people"][persona].email for persona in personas)


def test_a_day_before_members_who_did_not_decline_and_the_coach_get_one(world, run_scan):
    answer(world, "member", SessionParticipant.Answer.CONFIRMED)
    answer(world, "team_mate", SessionParticipant.Answer.DECLINED)

    run_scan(STARTS - DAY - SECOND)
    assert mail.outbox == []

    run_scan(STARTS - DAY)
    assert recipients() == emails_of(world, "member", "coach")
    assert not Reminder.objects.exclude(state=Reminder.State.SENT).exists()


def test_who_leaves_the_team_between_the_scan_and_the_sending_gets_none(
    world, django_capture_on_commit_callbacks
):
    answer(world, "team_mate", SessionParticipant.Answer.CONFIRMED)
    with (
        time_machine.travel(STARTS - DAY, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        scan()
        stay = TeamMember.objects.get(team=world["team"], user=world["people"]["team_mate"])
        stay.left_on = timezone.localdate()
        stay.save()
        deliver(list(Reminder.objects.values_list("pk", flat=True)))

    assert recipients() == emails_of(world, "member", "coach")
    row = Reminder.objects.get(recipient=world["people"]["team_mate"])
    assert (row.state, row.dropped_reason) == (Reminder.State.DROPPED, "left")


def test_two_hours_before_the_ones_not_answered_get_one_too(world, run_scan):
    run_scan(STARTS - DAY)
    mail.outbox.clear()

    run_scan(STARTS - TWO_HOURS - SECOND)
    assert mail.outbox == []
    get_user_model().objects.update(preferred_language="en")
    run_scan(STARTS - TWO_HOURS)
    assert recipients() == emails_of(world, "member", "team_mate", "coach")
    assert all(message.subject.startswith("Today at 15:00") for message in mail.outbox)


def test_the_subject_says_the_day_as_the_programmes_calendar_has_it(run_scan):
    world = make_team_world()
    # Saturday 6 March 2027, 01:00 in Amsterdam: two hours before is Friday 23:00.
    starts = datetime.datetime(2027, 3, 6, 0, 0, tzinfo=datetime.UTC)
    with time_machine.travel(starts - 3 * DAY, tick=False):
        CoachingSession.plan(team=world["team"], coach=world["people"]["coach"], starts_at=starts)
    get_user_model().objects.update(preferred_language="en")

    run_scan(starts - TWO_HOURS)
    assert {message.subject for message in mail.outbox} == {
        "Tomorrow at 01:00: coaching session of De Wijkkeuken"
    }


def test_a_cancelled_session_reminds_no_one(world, run_scan, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(STARTS - 2 * DAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        world["session"].cancel(by=world["people"]["coach"])
    mail.outbox.clear()  # the notices of the cancellation

    run_scan(STARTS - DAY)
    run_scan(STARTS - TWO_HOURS)
    assert mail.outbox == []
    assert not Reminder.objects.filter(kind=Reminder.Kind.SESSION_COMING).exists()


def test_scanning_again_sends_nothing_twice(world, run_scan):
    for moment in [STARTS - DAY, STARTS - DAY, STARTS - DAY + SECOND, STARTS - TWO_HOURS]:
        run_scan(moment)
        run_scan(moment)

    message_ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert len(message_ids) == 6  # three people, two reminders each
    assert len(set(message_ids)) == 6
    assert Reminder.objects.filter(state=Reminder.State.SENT).count() == 6
    assert Notification.objects.count() == 6


def test_the_email_is_in_the_recipients_language_and_in_the_programmes_time(world, run_scan):
    member = world["people"]["member"]
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    coach = world["people"]["coach"]
    coach.preferred_language = "nl"
    coach.save(update_fields=["preferred_language"])

    run_scan(STARTS - DAY)

    by_person = {message.to[0]: message for message in mail.outbox}
    english = by_person[member.email]
    assert english.subject == "Tomorrow at 15:00: coaching session of De Wijkkeuken"
    assert "Thursday 4 March 2027, 15:00 to 16:00 (Europe/Amsterdam)" in english.body
    assert "please do so" in english.body
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html" and 'lang="en"' in html
    assert "Buurthuis De Boog" in html
    assert english.extra_headers["Message-ID"].startswith("<reminder.")
    dutch = by_person[coach.email]
    assert "donderdag 4 maart 2027, 15:00" in dutch.body
    assert "please do so" not in dutch.body  # the coach is not asked to answer


def test_a_team_name_with_markup_is_plain_in_the_subject_and_escaped_in_the_html(world, run_scan):
    world["team"].name = "R&D <Lab>"
    world["team"].save(update_fields=["name"])
    member = world["people"]["member"]
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])

    run_scan(STARTS - DAY)

    email = next(message for message in mail.outbox if message.to == [member.email])
    assert email.subject == "Tomorrow at 15:00: coaching session of R&D <Lab>"
    html, _mimetype = email.alternatives[0]
    # The subject is the page's title and its heading.
    assert html.count("Tomorrow at 15:00: coaching session of R&amp;D &lt;Lab&gt;") == 2
    assert "R&D <Lab>" not in html
    assert Notification.objects.get(recipient=member).title == email.subject
    # The message the mail server gets holds both bodies, apart.
    parsed = message_from_bytes(email.message().as_bytes())
    parts = [part.get_content_type() for part in parsed.get_payload()]
    assert parts == ["text/plain", "text/html"]


def test_each_reminder_leaves_one_notification_linking_to_the_session(world, run_scan):
    run_scan(STARTS - DAY)

    member = world["people"]["member"]
    notification = Notification.objects.get(recipient=member)
    session = world["session"]
    with translation.override("nl"):
        assert notification.link == reverse(
            "prototypes:session_detail", args=[session.team_id, session.pk]
        )
    assert notification.link.startswith("/nl/")
    assert notification.read_at is None
    assert notification.reminder.recipient == member


def test_across_the_change_to_summer_time_a_day_before_is_24_hours(run_scan):
    world = make_team_world()
    # Sunday 28 March 2027, 10:00 in Amsterdam: summer time began at 02:00 that night,
    # so 10:00 CEST is 08:00 UTC, and 24 hours earlier is Saturday 09:00 CET.
    starts = datetime.datetime(2027, 3, 28, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(starts - 3 * DAY, tick=False):
        CoachingSession.plan(team=world["team"], coach=world["people"]["coach"], starts_at=starts)
    saturday_nine = datetime.datetime(2027, 3, 27, 8, 0, tzinfo=datetime.UTC)
    assert starts - saturday_nine == DAY

    run_scan(saturday_nine - SECOND)
    assert mail.outbox == []
    run_scan(saturday_nine)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert "10:00" in message.subject
        assert "zondag 28 maart 2027, 10:00 " in message.body


def test_a_scan_after_downtime_drops_what_is_stale_and_logs_it(world, run_scan, caplog):
    caplog.set_level(logging.INFO, logger="prototypes.reminders")

    # Down from before the day-before reminder until an hour before the session: only
    # the two-hour one still makes sense.
    run_scan(STARTS - datetime.timedelta(hours=1))
    assert recipients() == emails_of(world, "member", "team_mate", "coach")
    assert "15:00" in mail.outbox[0].subject
    dropped = Reminder.objects.filter(state=Reminder.State.DROPPED)
    assert sorted(dropped.values_list("dropped_reason", flat=True)) == ["superseded"] * 3
    assert caplog.text.count("dropped when found: superseded") == 3


def test_nothing_is_sent_for_a_session_that_already_started(world, run_scan, caplog):
    caplog.set_level(logging.INFO, logger="prototypes.reminders")

    run_scan(STARTS + datetime.timedelta(minutes=5))

    assert mail.outbox == []
    assert Reminder.objects.filter(state=Reminder.State.DROPPED).count() == 6
    assert set(Reminder.objects.values_list("dropped_reason", flat=True)) == {"started"}
    assert "dropped when found: started" in caplog.text


def test_a_day_before_one_is_not_sent_once_the_session_is_two_hours_away(
    world, django_capture_on_commit_callbacks
):
    # Found in time, but the worker only gets it when the two-hour one is due.
    with (
        time_machine.travel(STARTS - DAY, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        scan()
    ids = list(Reminder.objects.values_list("pk", flat=True))

    with time_machine.travel(STARTS - TWO_HOURS, tick=False):
        assert deliver(ids) == 0
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("dropped_reason", flat=True)) == {"superseded"}


@pytest.mark.parametrize(
    ("change", "reason"),
    [("cancel", "cancelled"), ("move", "moved"), ("decline", "declined")],
)
def test_what_changed_after_the_scan_is_seen_when_sending(
    world, django_capture_on_commit_callbacks, change, reason
):
    with time_machine.travel(STARTS - DAY, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as enqueued:
            scan()
        session, coach = world["session"], world["people"]["coach"]
        if change == "cancel":
            session.cancel(by=coach)
        elif change == "move":
            session.move(STARTS + 2 * DAY, by=coach)
        else:
            session.respond(world["people"]["member"], SessionParticipant.Answer.DECLINED)
        mail.outbox.clear()
        for callback in enqueued:
            callback()

    assert Reminder.objects.filter(dropped_reason=reason).count() == (
        1 if change == "decline" else 3
    )
    expected = [] if change != "decline" else emails_of(world, "team_mate", "coach")
    assert recipients() == expected


def test_a_moved_session_is_reminded_of_at_its_new_time(
    world, run_scan, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(STARTS - 2 * DAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        world["session"].move(STARTS + DAY, by=world["people"]["coach"])
    mail.outbox.clear()  # the notices of the move

    run_scan(STARTS - DAY)
    assert mail.outbox == []
    run_scan(STARTS)
    assert len(mail.outbox) == 3
    coming = Reminder.objects.filter(kind=Reminder.Kind.SESSION_COMING)
    assert coming.filter(key__endswith=":1").count() == 3


def test_a_row_whose_lease_ran_out_is_sent_again_with_the_same_message_id(
    world, run_scan, settings
):
    settings.REMINDER_LEASE_SECONDS = 300
    run_scan(STARTS - DAY)
    first = {message.to[0]: message.extra_headers["Message-ID"] for message in mail.outbox}
    mail.outbox.clear()
    # A worker claimed the member's reminder and died before marking it sent.
    member = world["people"]["member"]
    Reminder.objects.filter(recipient=member).update(
        state=Reminder.State.CLAIMED, claimed_at=STARTS - DAY, sent_at=None
    )

    run_scan(STARTS - DAY + datetime.timedelta(seconds=299))
    assert mail.outbox == []  # its worker may still be sending it
    run_scan(STARTS - DAY + datetime.timedelta(seconds=301))
    assert recipients() == [member.email]
    assert mail.outbox[0].extra_headers["Message-ID"] == first[member.email]
    assert Notification.objects.filter(recipient=member).count() == 1
    assert Reminder.objects.get(recipient=member).attempts == 2


def test_a_reminder_that_keeps_failing_is_given_up(world, run_scan, settings, caplog):
    settings.REMINDER_MAX_ATTEMPTS = 3
    run_scan(STARTS - DAY)
    mail.outbox.clear()
    member = world["people"]["member"]
    Reminder.objects.filter(recipient=member).update(
        state=Reminder.State.CLAIMED, claimed_at=STARTS - DAY, attempts=3
    )

    run_scan(STARTS - DAY + datetime.timedelta(minutes=10))
    assert mail.outbox == []
    assert Reminder.objects.get(recipient=member).dropped_reason == "failed"
    assert "dropped after 3 attempts" in caplog.text


def test_sending_a_batch_again_sends_nothing(world, run_scan):
    run_scan(STARTS - DAY)
    mail.outbox.clear()

    assert deliver(list(Reminder.objects.values_list("pk", flat=True))) == 0
    assert mail.outbox == []


def test_the_scan_costs_the_same_queries_for_one_session_as_for_many(
    world, django_capture_on_commit_callbacks
):
    def queries_of_scan(sessions):
        Reminder.objects.all().delete()
        CoachingSession.objects.all().delete()
        for number in range(sessions):
            with time_machine.travel(STARTS - 3 * DAY, tick=False):
                CoachingSession.plan(
                    team=world["team"],
                    coach=UserFactory(),
                    starts_at=STARTS + number * datetime.timedelta(minutes=5),
                )
        moment = STARTS - DAY + sessions * datetime.timedelta(minutes=5)
        with (
            time_machine.travel(moment, tick=False),
            CaptureQueriesContext(connection) as context,
            django_capture_on_commit_callbacks(execute=False),
        ):
            result = scan()
        assert result.handed_out == 3 * sessions
        return len(context.captured_queries)

    ContentType.objects.get_for_model(CoachingSession)  # cached for the process after once
    assert queries_of_scan(1) == queries_of_scan(20)


def test_sending_costs_a_fixed_number_of_queries_plus_one_per_email(
    world, django_capture_on_commit_callbacks
):
    def queries_of_sending(starts):
        with (
            time_machine.travel(starts - DAY, tick=False),
            django_capture_on_commit_callbacks(execute=False),
        ):
            scan()
        ids = list(
            Reminder.objects.filter(state=Reminder.State.PENDING).values_list("pk", flat=True)
        )
        with (
            time_machine.travel(starts - DAY, tick=False),
            CaptureQueriesContext(connection) as context,
        ):
            assert deliver(ids) == len(ids)
        return len(ids), len(context.captured_queries)

    few, few_queries = queries_of_sending(STARTS)
    for _ in range(10):
        TeamMember.objects.create(team=world["team"], user=UserFactory(), role="student")
    with time_machine.travel(STARTS - 3 * DAY, tick=False):
        CoachingSession.plan(
            team=world["team"], coach=world["people"]["coach"], starts_at=STARTS + DAY
        )
    many, many_queries = queries_of_sending(STARTS + DAY)

    assert (few, many) == (3, 13)
    assert many_queries - few_queries == many - few


class LedgerWatchingBackend(locmem.EmailBackend):
    """Django's test backend, noting for each email how many rows the ledger showed sent
    when it went out, and whether it had been built ahead."""

    log = []

    def send_messages(self, messages):
        for message in messages:
            sent = Reminder.objects.filter(state=Reminder.State.SENT).count()
            self.log.append((sent, message.built is not None))
        return super().send_messages(messages)


def test_each_email_goes_out_once_the_one_before_is_marked_sent_and_is_built_meanwhile(
    world, run_scan, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.LedgerWatchingBackend"
    LedgerWatchingBackend.log = []
    run_scan(STARTS - DAY)

    assert LedgerWatchingBackend.log == [(0, False), (1, True), (2, True)]
    assert Reminder.objects.filter(state=Reminder.State.SENT).count() == 3


class TakingOverBackend(locmem.EmailBackend):
    """Django's test backend, while which another worker takes over the batch (its
    lease ran out): it claims the rows anew."""

    def send_messages(self, messages):
        Reminder.objects.filter(state=Reminder.State.CLAIMED).update(claimed_at=STARTS)
        return super().send_messages(messages)


def test_a_worker_whose_rows_another_took_stops_after_the_email_in_flight(
    world, run_scan, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.TakingOverBackend"
    run_scan(STARTS - DAY)

    assert len(mail.outbox) == 1
    assert "was taken by another worker; stopping" in caplog.text
    assert set(Reminder.objects.values_list("state", "claimed_at")) == {
        (Reminder.State.CLAIMED, STARTS)
    }


def prepared_marks():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'reminder_mark_sent_%%'"
        )
        return cursor.fetchone()[0]


def test_a_mail_server_gone_halfway_leaves_the_rest_for_the_next_scan_and_sends_none_twice(
    world, run_scan, settings
):
    settings.EMAIL_BACKEND = "tests.mail_servers.GoneAfterOne"
    with pytest.raises(smtplib.SMTPServerDisconnected):
        run_scan(STARTS - DAY)
    rows = {row.state: row for row in Reminder.objects.all()}
    # The first went out; the second was in flight; the third was not tried.
    assert sorted(Reminder.objects.values_list("state", "attempts")) == [
        (Reminder.State.CLAIMED, 1),
        (Reminder.State.PENDING, 0),
        (Reminder.State.SENT, 1),
    ]
    # The connection outlives the task: nothing of the batch stays on it.
    assert prepared_marks() == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_scan(STARTS - DAY + datetime.timedelta(minutes=1))
    assert rows[Reminder.State.PENDING].recipient.email in recipients()
    run_scan(STARTS - DAY + datetime.timedelta(minutes=6))  # the lease ran out
    assert recipients() == emails_of(world, "member", "team_mate", "coach")
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.SENT}


def test_an_address_refused_for_good_drops_its_reminder_and_the_batch_goes_on(
    world, run_scan, settings, caplog, refusing_server
):
    team_mate = world["people"]["team_mate"]
    mail_servers.REFUSED[team_mate.email] = 550
    run_scan(STARTS - DAY)
    assert recipients() == emails_of(world, "member", "coach")
    row = Reminder.objects.get(recipient=team_mate)
    assert (row.state, row.dropped_reason) == (Reminder.State.DROPPED, "refused")
    assert f"Reminder {row.key} dropped: the mail server refused its address [550]" in caplog.text
    assert team_mate.email not in caplog.text
    run_scan(STARTS - DAY + datetime.timedelta(minutes=10))
    assert len(mail.outbox) == 2


def test_an_address_refused_for_now_is_tried_again_after_the_lease(
    world, run_scan, settings, refusing_server
):
    team_mate = world["people"]["team_mate"]
    mail_servers.REFUSED[team_mate.email] = 451
    run_scan(STARTS - DAY)
    assert recipients() == emails_of(world, "member", "coach")
    assert Reminder.objects.get(recipient=team_mate).state == Reminder.State.CLAIMED

    mail_servers.REFUSED.clear()
    run_scan(STARTS - DAY + datetime.timedelta(minutes=6))
    assert recipients() == emails_of(world, "member", "team_mate", "coach")
    assert Reminder.objects.get(recipient=team_mate).attempts == 2


def test_a_mail_server_down_for_hours_loses_nothing(world, run_scan, settings):
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    # Down for three hours, scanned every five minutes: far more than three leases.
    for minutes in range(0, 180, 5):
        with contextlib.suppress(OSError):
            run_scan(STARTS - DAY + datetime.timedelta(minutes=minutes))
    assert set(Reminder.objects.values_list("state", "attempts")) == {(Reminder.State.PENDING, 0)}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_scan(STARTS - DAY + datetime.timedelta(minutes=185))
    assert recipients() == emails_of(world, "member", "team_mate", "coach")


def test_a_mail_server_that_fails_leaves_the_batch_for_the_next_scan(world, run_scan, settings):
    # Nothing listens on a free port: the mail server refuses the connection.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    with pytest.raises(OSError):
        run_scan(STARTS - DAY)
    # Nothing was claimed: the server was down before any reminder was tried.
    assert set(Reminder.objects.values_list("state", "attempts")) == {(Reminder.State.PENDING, 0)}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_scan(STARTS - DAY + datetime.timedelta(minutes=1))
    assert mail.outbox == []  # within the lease
    run_scan(STARTS - DAY + datetime.timedelta(minutes=6))
    assert recipients() == emails_of(world, "member", "team_mate", "coach")
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {1}
