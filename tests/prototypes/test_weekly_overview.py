"""The weekly overview: on Monday at 08:00 where the programme runs, each current member
and coach of a team at work gets one email (with the reminders they get in a weekly
digest, if any) and one notification, telling what happened in their teams in the last
seven days and what comes in the next seven; nobody gets it twice, nor late, nor with
nothing in it. Tasks run inline; scans and digests are run as beat would run them."""

import datetime
import logging
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from courses.models import Role
from prototypes import digests, reminders
from prototypes.feedback import store_answer
from prototypes.models import (
    ActionItem,
    CoachingSession,
    Delivery,
    FeedbackLink,
    Iteration,
    Notification,
    NotificationKind,
    NotificationPreference,
    QuietHours,
    Reflection,
    Reminder,
    Review,
    Team,
    TeamMember,
)
from prototypes.reminders import ScanResult
from tests.factories import (
    UserFactory,
    add_module,
    enrol,
    make_programme,
    make_team,
    make_team_world,
)
from tests.prototypes.test_reminder_kinds import (
    BUILT,
    build_teams,
    emails,
    submit_iteration,
    utc,
)

pytestmark = pytest.mark.django_db

KIND = NotificationKind.WEEKLY_DIGEST
DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)

# The programme of make_team_world starts on Monday 1 February 2027. Monday 1 March (week
# 5) at 08:00 in Amsterdam is 07:00 UTC in winter time.
MONDAY = utc(2027, 3, 1, 7, 0)


@pytest.fixture
def world():
    with time_machine.travel(BUILT, tick=False):
        return make_team_world()


@pytest.fixture
def monday(run_scan):
    """Scan and send the digests at `moment`, as beat does each minute."""

    def run(moment):
        run_scan(moment)
        with time_machine.travel(moment, tick=False):
            return digests.send_due()

    return run


def overviews():
    """The overview emails sent so far: those whose rows include an overview."""
    return [m for m in mail.outbox if "weekly_digest" in unsubscribed_kinds(m)]


def unsubscribed_kinds(message):
    from prototypes.delivery import read_unsubscribe_token

    url = message.extra_headers["List-Unsubscribe"].split(">")[0][1:]
    return read_unsubscribe_token(url.rstrip("/").rsplit("/", 1)[1])[1]


def recipients():
    return sorted(m.to[0] for m in overviews())


# --- Who gets it ------------------------------------------------------------------------


def test_each_member_and_coach_with_news_gets_one_at_eight_on_monday(world, monday):
    submit_iteration(world["team"], MONDAY - 3 * DAY)

    assert monday(MONDAY - MINUTE) == 0
    assert overviews() == []
    assert monday(MONDAY) == 4
    # The reflection of week 5 is due for every member; the team's coach has an
    # iteration to review; the other team's coach has nothing to hear of, and
    # coordinators are in no team.
    assert recipients() == emails(world, "member", "team_mate", "coach", "other_team_member")
    quiet_coach = Reminder.objects.get(kind=KIND, recipient=world["people"]["other_coach"])
    assert (quiet_coach.state, quiet_coach.dropped_reason) == (Reminder.State.DROPPED, "empty")
    assert not Notification.objects.filter(kind=KIND, recipient=quiet_coach.recipient).exists()
    assert Notification.objects.filter(kind=KIND).count() == 4

    # Scanned and sent again that minute, that day and the next: nothing more.
    for moment in [MONDAY, MONDAY + MINUTE, MONDAY + DAY, MONDAY + 2 * DAY]:
        monday(moment)
    assert len(overviews()) == 4
    assert Notification.objects.filter(kind=KIND).count() == 4
    assert Reminder.objects.filter(kind=KIND).count() == 5
    row = Reminder.objects.get(kind=KIND, recipient=world["people"]["member"])
    assert row.key == f"weekly_digest:2027-W09:{world['people']['member'].pk}"


def test_no_one_in_a_stopped_team_nor_who_left_the_team(world, monday):
    Team.objects.filter(pk=world["other_team"].pk).update(phase=Team.Phase.STOPPED)
    TeamMember.objects.filter(user=world["people"]["team_mate"]).update(
        left_on=datetime.date(2027, 2, 26)
    )
    submit_iteration(world["team"], MONDAY - 3 * DAY)

    monday(MONDAY)

    assert recipients() == emails(world, "member", "coach")
    assert not Reminder.objects.filter(recipient=world["people"]["team_mate"]).exists()


def test_someone_who_left_after_the_scan_gets_nothing(world, monday, run_scan):
    run_scan(MONDAY)
    TeamMember.objects.filter(user=world["people"]["team_mate"]).update(
        left_on=datetime.date(2027, 2, 28)
    )
    with time_machine.travel(MONDAY, tick=False):
        digests.send_due()

    assert world["people"]["team_mate"].email not in recipients()
    row = Reminder.objects.get(kind=KIND, recipient=world["people"]["team_mate"])
    assert row.dropped_reason == "left"


def test_off_sends_no_email_but_leaves_the_notification(world, monday):
    member = world["people"]["member"]
    NotificationPreference.set(member, KIND, Delivery.OFF)

    monday(MONDAY)

    assert member.email not in recipients()
    assert world["people"]["team_mate"].email in recipients()
    row = Reminder.objects.get(kind=KIND, recipient=member)
    assert (row.state, row.dropped_reason) == (Reminder.State.DROPPED, "off")
    notification = Notification.objects.get(recipient=member, kind=KIND)
    assert notification.reminder == row


def test_it_waits_for_the_end_of_quiet_hours_with_the_notification_made_on_time(world, monday):
    member = world["people"]["member"]
    QuietHours.objects.create(
        user=member, starts_at=datetime.time(22, 0), ends_at=datetime.time(9, 0)
    )

    monday(MONDAY)
    assert member.email not in recipients()
    assert Notification.objects.filter(recipient=member, kind=KIND).count() == 1
    monday(MONDAY + datetime.timedelta(hours=1) - MINUTE)
    assert member.email not in recipients()
    monday(MONDAY + datetime.timedelta(hours=1))
    assert recipients().count(member.email) == 1
    assert Notification.objects.filter(recipient=member, kind=KIND).count() == 1


# --- What it says -----------------------------------------------------------------------


@pytest.fixture
def busy_week(world):
    """A week of team De Wijkkeuken before Monday 1 March, and what comes after it."""
    team, people = world["team"], world["people"]
    member, team_mate, coach = people["member"], people["team_mate"], people["coach"]
    with time_machine.travel(BUILT, tick=False):
        add_module(
            world["a"],
            5,
            body=[
                (
                    "deliverable",
                    {
                        "title": "Test card",
                        "description": "<p>Hand in your test card.</p>",
                        "due_day": "3",
                        "completed_by": "iteration",
                    },
                )
            ],
        )
    iteration = submit_iteration(team, utc(2027, 2, 23, 10, 0))
    with time_machine.travel(utc(2027, 2, 24, 13, 0), tick=False):
        held = CoachingSession.plan(team=team, coach=coach, starts_at=utc(2027, 2, 24, 14, 0))
    with time_machine.travel(utc(2027, 2, 24, 16, 0), tick=False):
        held.record(
            coach, attended_user_ids=[member.pk], shared_notes="", private_notes="Secret note"
        )
        ActionItem.objects.create(
            session=held,
            description="Call the housing association",
            owner=member,
            due_on=datetime.date(2027, 3, 4),
        )
        done = ActionItem.objects.create(session=held, description="Print flyers", owner=team_mate)
    with time_machine.travel(utc(2027, 2, 25, 9, 0), tick=False):
        Review.record(iteration, coach, rubric=[], scores=[], decision="revise")
    with time_machine.travel(utc(2027, 2, 26, 9, 0), tick=False):
        done.tick(by=team_mate)
        link = FeedbackLink.objects.create(iteration=iteration, label="for the neighbours")
        store_answer(
            link, {"real_need": 4, "would_use": "yes", "would_pay": "no", "would_partner": "no"}
        )
    Reflection.objects.create(
        author=team_mate,
        team=team,
        kind=Reflection.Kind.WEEKLY,
        period=4,
        answers=[{"prompt": "What did you learn?", "answer": "A private thought"}],
        created_at=utc(2027, 2, 27, 12, 0),
    )
    with time_machine.travel(utc(2027, 2, 28, 12, 0), tick=False):
        CoachingSession.plan(team=team, coach=coach, starts_at=utc(2027, 3, 3, 14, 0))
        # Next week's session is not in this overview.
        CoachingSession.plan(team=team, coach=coach, starts_at=utc(2027, 3, 9, 14, 0))
    mail.outbox.clear()
    return world


def overview_of(person):
    [message] = [m for m in overviews() if m.to == [person.email]]
    return message


def test_an_english_member_reads_what_happened_and_what_comes(busy_week, monday):
    member = busy_week["people"]["member"]
    member.preferred_language = "en"
    member.save()

    monday(MONDAY)

    message = overview_of(member)
    assert message.subject == "Learning Lab: your week"
    for line in [
        "== De Wijkkeuken ==",
        "- Iteration 1 submitted",
        "- Iteration 1 reviewed: Revise",
        "- 1 stakeholder answer received",
        "- 1 coaching session held",
        "- 1 action item done",
        "- 1 reflection written",
        "- Coaching session: Wednesday 3 March, 15:00 to 16:00 (Europe/Amsterdam)",
        "- Due Thursday 4 March: Test card",
        "- Your reflection: Week 5, by Sunday 7 March",
        "- Your action item: Call the housing association (by Thursday 4 March)",
    ]:
        assert line in message.body, line
    # Counts only of what others wrote; nothing a coach keeps private; nothing later.
    for secret in ["A private thought", "Secret note", "Print flyers", "9 March"]:
        assert secret not in message.body
    with translation.override("en"):
        workspace = reverse("prototypes:team_workspace", args=[busy_week["team"].pk])
    assert workspace in message.body
    html = message.alternatives[0][0]
    assert 'lang="en"' in html and "<li>Iteration 1 reviewed: Revise</li>" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribed_kinds(message) == [KIND]
    notification = Notification.objects.get(recipient=member, kind=KIND)
    assert notification.title == "Your week in Learning Lab"
    assert notification.body == (
        "De Wijkkeuken: 6 updates from the last 7 days; 4 things in the next 7 days."
    )
    assert notification.link == workspace


def test_a_dutch_member_reads_it_in_dutch_with_no_reflection_they_wrote(busy_week, monday):
    team_mate = busy_week["people"]["team_mate"]
    Reflection.objects.create(
        author=team_mate, team=busy_week["team"], kind=Reflection.Kind.WEEKLY, period=5
    )

    monday(MONDAY)

    message = overview_of(team_mate)
    html = message.alternatives[0][0]
    assert 'lang="nl"' in html
    assert "woensdag 3 maart, 15:00" in message.body
    assert "/nl/" in message.body
    assert "Week 5, by" not in message.body and "Week 5, uiterlijk" not in message.body
    # The member's own action items are theirs alone.
    assert "Call the housing association" not in message.body


def test_the_coach_reads_the_team_and_what_waits_for_review(busy_week, monday):
    coach, team = busy_week["people"]["coach"], busy_week["team"]
    coach.preferred_language = "en"
    coach.save()
    submit_iteration(team, utc(2027, 2, 27, 10, 0), number=2)

    monday(MONDAY)

    body = overview_of(coach).body
    assert "- Iteration 2 submitted" in body
    assert "- Iteration 2 waits for your review" in body
    assert "Your reflection" not in body
    assert "Coaching session: Wednesday 3 March" in body


def test_one_email_holds_the_overview_and_the_weekly_updates(busy_week, monday, run_scan):
    member = busy_week["people"]["member"]
    member.preferred_language = "en"
    member.save()
    NotificationPreference.set(member, NotificationKind.REVIEW_RECEIVED, Delivery.WEEKLY)
    iteration = Iteration.objects.get(prototype__team=busy_week["team"], number=1)
    run_scan(utc(2027, 2, 25, 10, 0))  # the review's notice, held for Monday
    assert (
        Reminder.objects.get(recipient=member, kind=NotificationKind.REVIEW_RECEIVED).state
        == Reminder.State.DIGEST
    )
    assert iteration.reviews.exists()

    monday(MONDAY)

    message = overview_of(member)
    assert message.subject == "Learning Lab: your week, and 1 update for you"
    # One Monday email: every other email the member got is a reminder of its own.
    own = set(Reminder.objects.values_list("message_id", flat=True))
    rest = [m for m in mail.outbox if m.to == [member.email] and m is not message]
    assert all(m.extra_headers["Message-ID"] in own for m in rest)
    assert set(unsubscribed_kinds(message)) == {KIND, NotificationKind.REVIEW_RECEIVED}
    assert "Your coach reviewed iteration 1" in message.body
    assert "- Iteration 1 reviewed: Revise" in message.body
    assert message.body.index("== De Wijkkeuken ==") < message.body.index("Your coach reviewed")


# --- At the edges of time ---------------------------------------------------------------


def test_in_the_week_summer_time_begins_it_comes_at_eight_summer_time(world, monday):
    # Monday 29 March 2027, the day after the change: 08:00 in Amsterdam is 06:00 UTC.
    summer_monday = utc(2027, 3, 29, 6, 0)
    assert monday(summer_monday - MINUTE) == 0
    assert monday(summer_monday) == 3
    row = Reminder.objects.get(kind=KIND, recipient=world["people"]["member"])
    assert row.key.startswith("weekly_digest:2027-W13:")
    assert row.due_at == summer_monday


def test_in_a_programme_elsewhere_it_comes_at_eight_there(world, monday):
    new_york = zoneinfo.ZoneInfo("America/New_York")
    with time_machine.travel(BUILT, tick=False):
        programme = make_programme(
            title="Brooklyn, spring 2027", modules=0, time_zone="America/New_York"
        )
        person = UserFactory(preferred_language="en")
        enrol(person, programme, Role.RESIDENT)
        make_team(programme, name="Bed-Stuy Kitchen", members=[(person, Role.RESIDENT)])
    eight_there = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=new_york)  # 13:00 UTC

    monday(MONDAY)
    assert person.email not in recipients()
    monday(eight_there - MINUTE)
    assert person.email not in recipients()
    monday(eight_there)
    assert recipients().count(person.email) == 1
    assert "Your reflection: Week 5, by Sunday 7 March" in overview_of(person).body


def test_a_scan_after_downtime_drops_a_late_overview_and_logs_it(world, monday, caplog):
    caplog.set_level(logging.INFO, logger="prototypes")

    monday(utc(2027, 3, 3, 20, 0))  # Wednesday evening

    assert overviews() == []
    rows = Reminder.objects.filter(kind=KIND)
    assert set(rows.values_list("dropped_reason", flat=True)) == {"late"}
    assert "dropped when found: late" in caplog.text
    assert not Notification.objects.filter(kind=KIND).exists()


def test_an_overview_not_sent_on_its_day_is_dropped_and_logged(world, run_scan, caplog):
    caplog.set_level(logging.INFO, logger="prototypes")
    run_scan(MONDAY)  # no digest run on Monday: the worker was down

    with time_machine.travel(MONDAY + DAY + MINUTE, tick=False):
        assert digests.send_due() == 0

    assert overviews() == []
    assert set(Reminder.objects.filter(kind=KIND).values_list("dropped_reason", flat=True)) == {
        "late"
    }
    assert "reminders dropped: late" in caplog.text


# --- What it costs ----------------------------------------------------------------------


def test_the_scan_costs_the_same_queries_for_2_or_20_teams(world):
    kind = reminders.KINDS[KIND]

    def queries_of_scan():
        Reminder.objects.all().delete()
        with (
            time_machine.travel(MONDAY, tick=False),
            CaptureQueriesContext(connection) as context,
        ):
            result = ScanResult()
            reminders.record(kind, MONDAY, result)
        return len(context.captured_queries), result.created

    queries_of_scan()  # content types are cached for the process after once
    two, created_for_two = queries_of_scan()
    build_teams(world, 18, BUILT)
    twenty, created_for_twenty = queries_of_scan()

    assert (created_for_two, created_for_twenty) == (5, 5 + 18 * 3)
    assert two == twenty


def test_scans_after_the_first_of_the_week_build_no_rows_again(world):
    """The scan runs every minute for days after each Monday morning."""
    kind = reminders.KINDS[KIND]
    reminders.record(kind, MONDAY, ScanResult())
    assert Reminder.objects.filter(kind=KIND).count() == 5
    for later in [MONDAY + MINUTE, MONDAY + 2 * DAY]:
        assert kind.occurrences(later) == []
    # A week on, the next week's are built.
    assert len(kind.occurrences(MONDAY + 7 * DAY)) == 5


def test_from_thursday_to_sunday_the_scan_looks_for_no_overviews(world, django_assert_num_queries):
    kind = reminders.KINDS[KIND]
    # Eight on Monday morning comes last at UTC-12 (20:00 UTC), first at UTC+14 (18:00
    # UTC the day before): from three days after the last to the next first, no overview
    # is recent enough to record anywhere.
    last = utc(2027, 3, 1, 20, 0) + kind.lookback
    first = utc(2027, 3, 7, 18, 0)
    with django_assert_num_queries(0):
        for moment in [last + MINUTE, MONDAY + 4 * DAY, first - MINUTE]:
            assert kind.occurrences(moment) == []
    assert kind.latest_anywhere(last) == last - kind.lookback
    assert kind.latest_anywhere(first) == first
    # Up to then it looks, and on Tuesday finds the overviews not recorded yet.
    with CaptureQueriesContext(connection) as looking:
        kind.occurrences(last)
    assert looking.captured_queries
    assert len(kind.occurrences(MONDAY + DAY)) == 5


def test_sending_an_overview_costs_the_same_queries_for_a_coach_of_1_or_10_teams(world):
    coach = world["people"]["coach"]
    coach.preferred_language = "en"
    coach.save(update_fields=["preferred_language"])

    def queries_of_sending():
        Reminder.objects.all().delete()
        Notification.objects.all().delete()
        mail.outbox.clear()
        with time_machine.travel(MONDAY, tick=False):
            reminders.record(reminders.KINDS[KIND], MONDAY, ScanResult())
            with CaptureQueriesContext(connection) as context:
                assert digests.send_digest(coach.pk, MONDAY) == 1
        return len(context.captured_queries)

    submit_iteration(world["team"], MONDAY - 3 * DAY)
    one = queries_of_sending()
    for team in build_teams_coached_by(world, coach, 9):
        submit_iteration(team, MONDAY - 3 * DAY)
    assert queries_of_sending() == one
    assert overview_of(coach).body.count("waits for your review") == 10


def build_teams_coached_by(world, coach, count):
    teams = []
    with time_machine.travel(BUILT, tick=False):
        for number in range(count):
            teams.append(
                make_team(
                    world["a"],
                    name=f"Coached {number}",
                    members=[(UserFactory(), Role.STUDENT)],
                    coaches=[coach],
                )
            )
    return teams
