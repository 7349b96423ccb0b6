"""The reminder kinds beyond the coaching session (reflection due, deliverable due,
review waiting, team inactive) and the notices (session moved or cancelled, review
received, feedback received): who gets each and who does not, at the edges of time,
that scanning again sends nothing twice, and that the scan's queries stay flat.

Every kind is scanned together, as beat does; each test looks at the kind it is about.
Tasks run inline (tests/prototypes/test_reminders_worker.py runs a real worker)."""

import datetime
import logging

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from courses.models import Role
from prototypes import reminders
from prototypes.feedback import store_answer
from prototypes.models import (
    CoachingSession,
    FeedbackLink,
    Iteration,
    Notification,
    Reflection,
    Reminder,
    Review,
    Team,
    TeamMember,
)
from prototypes.reminders import ScanResult, deliver, scan
from tests.factories import (
    UserFactory,
    add_module,
    make_programme,
    make_team,
    make_team_world,
    translate,
)

pytestmark = pytest.mark.django_db

Kind = Reminder.Kind
SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


# The programme of make_team_world starts on Monday 1 February 2027, for 12 weeks.
BUILT = utc(2027, 1, 25, 9, 0)


@pytest.fixture
def world():
    """make_team_world, built (and last active) on Monday 25 January 2027."""
    with time_machine.travel(BUILT, tick=False):
        return make_team_world()


def sent(kind):
    """Who got an email of `kind` so far, sorted (one entry per email)."""
    return sorted(m.to[0] for m in of_kind(kind))


def emails(world, *personas):
    return sorted(world["people"][persona].email for persona in personas)


def of_kind(kind):
    """The emails of `kind` sent so far."""
    ids = set(Reminder.objects.filter(kind=kind).values_list("message_id", flat=True))
    return [m for m in mail.outbox if m.extra_headers.get("Message-ID") in ids]


def speaks_english(*people):
    get_user_model().objects.filter(pk__in=[p.pk for p in people]).update(preferred_language="en")


# --- Reflection due ---------------------------------------------------------------------

# Week 5 runs from Monday 1 to Sunday 7 March 2027: its reminder is due on Sunday at
# 18:00 in Amsterdam, 17:00 UTC in winter time.
WEEK_5_DUE = utc(2027, 3, 7, 17, 0)


def reflect(world, persona, week, kind=Reflection.Kind.WEEKLY, team="team"):
    Reflection.objects.create(
        author=world["people"][persona], team=world[team], kind=kind, period=week
    )


def test_at_the_end_of_the_week_members_who_did_not_reflect_are_reminded(world, run_scan):
    reflect(world, "member", 5)

    run_scan(WEEK_5_DUE - SECOND)
    assert sent(Kind.REFLECTION_DUE) == []

    run_scan(WEEK_5_DUE)
    # The member who wrote gets nothing; coaches and coordinators write no reflection.
    assert sent(Kind.REFLECTION_DUE) == emails(world, "team_mate", "other_team_member")

    run_scan(WEEK_5_DUE)
    run_scan(WEEK_5_DUE + datetime.timedelta(minutes=1))
    assert sent(Kind.REFLECTION_DUE) == emails(world, "team_mate", "other_team_member")


def test_the_reflection_reminder_links_to_the_form_in_the_recipients_language(world, run_scan):
    team_mate = world["people"]["team_mate"]
    speaks_english(team_mate)

    run_scan(WEEK_5_DUE)

    english = next(m for m in of_kind(Kind.REFLECTION_DUE) if m.to == [team_mate.email])
    assert english.subject == "Write your reflection: Week 5 (De Wijkkeuken)"
    assert "You can write it until Sunday 14 March 2027." in english.body
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html" and 'lang="en"' in html
    notification = Notification.objects.get(recipient=team_mate, kind=Kind.REFLECTION_DUE)
    with translation.override("en"):
        form = reverse("prototypes:reflection_form", args=[world["team"].pk, "weekly", 5])
    assert notification.link == form
    assert form in english.body


def test_who_left_the_team_or_joined_after_the_week_gets_none(world, run_scan):
    team = world["team"]
    TeamMember.objects.filter(user=world["people"]["team_mate"]).update(
        left_on=datetime.date(2027, 3, 5)
    )
    newcomer = UserFactory()
    TeamMember.objects.create(
        team=team, user=newcomer, role=Role.RESIDENT, joined_on=datetime.date(2027, 3, 8)
    )

    run_scan(WEEK_5_DUE + datetime.timedelta(days=1))  # newcomer is a member by now

    assert sent(Kind.REFLECTION_DUE) == emails(world, "member", "other_team_member")


def test_the_reminder_is_not_sent_to_who_wrote_between_the_scan_and_the_sending(
    world, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(WEEK_5_DUE, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        scan()
    reflect(world, "member", 5)

    with time_machine.travel(WEEK_5_DUE + SECOND, tick=False):
        deliver(
            list(Reminder.objects.filter(kind=Kind.REFLECTION_DUE).values_list("pk", flat=True))
        )

    assert sent(Kind.REFLECTION_DUE) == emails(world, "team_mate", "other_team_member")
    assert Reminder.objects.get(recipient=world["people"]["member"]).dropped_reason == "written"


def test_across_the_change_to_summer_time_the_week_ends_at_18_00_local(world, run_scan):
    # Week 8 ends on Sunday 28 March 2027, the night summer time begins: 18:00 in
    # Amsterdam is 16:00 UTC, no longer 17:00.
    due = utc(2027, 3, 28, 16, 0)

    run_scan(due - SECOND)
    assert sent(Kind.REFLECTION_DUE) == []
    run_scan(due)
    assert sent(Kind.REFLECTION_DUE) == emails(world, "member", "team_mate", "other_team_member")
    reminded = Reminder.objects.filter(kind=Kind.REFLECTION_DUE, state=Reminder.State.SENT)
    assert {tuple(row.data["period"]) for row in reminded} == {("weekly", 8)}


def test_a_scan_after_downtime_drops_an_old_reflection_reminder_and_logs_it(
    world, run_scan, caplog
):
    caplog.set_level(logging.INFO, logger="prototypes.reminders")

    run_scan(WEEK_5_DUE + 3 * DAY)

    assert sent(Kind.REFLECTION_DUE) == []
    dropped = Reminder.objects.filter(kind=Kind.REFLECTION_DUE, state=Reminder.State.DROPPED)
    assert dropped.count() == 3
    assert "dropped when found: late" in caplog.text


def test_in_continuation_the_reminder_comes_at_the_end_of_each_four_week_period(world, run_scan):
    # The programme ends on Sunday 25 April 2027; the first four-week period after it
    # ends on Sunday 23 May, 18:00 summer time (16:00 UTC).
    Team.objects.filter(pk=world["team"].pk).update(phase=Team.Phase.CONTINUATION)
    Team.objects.filter(pk=world["other_team"].pk).update(phase=Team.Phase.STOPPED)
    due = utc(2027, 5, 23, 16, 0)
    reflect(world, "member", 1, kind=Reflection.Kind.CONTINUATION)

    run_scan(due - SECOND)
    assert sent(Kind.REFLECTION_DUE) == []
    run_scan(due)
    # A stopped team is reminded of nothing.
    assert sent(Kind.REFLECTION_DUE) == emails(world, "team_mate")
    row = Reminder.objects.get(kind=Kind.REFLECTION_DUE, state=Reminder.State.SENT)
    assert row.key.endswith(f":continuation:1:{world['people']['team_mate'].pk}")


# --- Deliverable due --------------------------------------------------------------------

# Week 2 runs from Monday 8 February 2027; its deliverable is due on Thursday 11
# February, so the reminder goes out on Wednesday 10 February, 18:00 in Amsterdam.
DELIVERABLE_REMINDER = utc(2027, 2, 10, 17, 0)


def deliverable(title="Test card", completed_by="iteration", due_day="3"):
    return (
        "deliverable",
        {
            "title": title,
            "description": "<p>Hand in your first test card.</p>",
            "due_day": due_day,
            "completed_by": completed_by,
        },
    )


@pytest.fixture
def week_2(world):
    with time_machine.travel(BUILT, tick=False):
        return add_module(world["a"], 2, body=[deliverable()])


def submit_iteration(team, when, number=1):
    with time_machine.travel(when, tick=False):
        iteration = Iteration.objects.create(prototype=team.prototype, number=number)
        iteration.submit(by=None)
    return iteration


def test_the_day_before_the_due_date_members_of_teams_that_did_not_hand_in_are_reminded(
    world, week_2, run_scan
):
    submit_iteration(world["other_team"], utc(2027, 2, 9, 10, 0))

    run_scan(DELIVERABLE_REMINDER - SECOND)
    assert sent(Kind.DELIVERABLE_DUE) == []
    run_scan(DELIVERABLE_REMINDER)
    # The team that submitted gets nothing, nor do coaches.
    assert sent(Kind.DELIVERABLE_DUE) == emails(world, "member", "team_mate")

    run_scan(DELIVERABLE_REMINDER)
    run_scan(DELIVERABLE_REMINDER + datetime.timedelta(hours=1))
    assert sent(Kind.DELIVERABLE_DUE) == emails(world, "member", "team_mate")


def test_across_the_change_to_summer_time_the_deliverable_reminder_comes_at_18_00_local(
    world, run_scan
):
    # Week 9 begins on Monday 29 March 2027, its deliverable is due that Monday: the
    # reminder goes out on Sunday 28 March, the day summer time begins, at 18:00 in
    # Amsterdam, which is 16:00 UTC and no longer 17:00.
    with time_machine.travel(BUILT, tick=False):
        add_module(world["a"], 9, body=[deliverable(due_day="0")])
    due = utc(2027, 3, 28, 16, 0)

    run_scan(due - SECOND)
    assert sent(Kind.DELIVERABLE_DUE) == []
    run_scan(due)
    assert sent(Kind.DELIVERABLE_DUE) == emails(world, "member", "team_mate", "other_team_member")


def test_a_submission_before_the_module_began_does_not_count(world, week_2, run_scan):
    submit_iteration(world["other_team"], utc(2027, 2, 5, 10, 0))

    run_scan(DELIVERABLE_REMINDER)

    assert sent(Kind.DELIVERABLE_DUE) == emails(world, "member", "team_mate", "other_team_member")


def test_the_deliverable_reminder_names_it_in_the_recipients_language(world, week_2, run_scan):
    member = world["people"]["member"]
    speaks_english(member)

    run_scan(DELIVERABLE_REMINDER)

    english = next(m for m in of_kind(Kind.DELIVERABLE_DUE) if m.to == [member.email])
    assert english.subject == "Due Thursday 11 February: Test card"
    assert "has not handed it in yet" in english.body
    assert "Hand in your first test card." in english.alternatives[0][0]
    notification = Notification.objects.get(recipient=member, kind=Kind.DELIVERABLE_DUE)
    assert notification.link == week_2.url
    assert notification.title == english.subject


def test_an_english_reader_gets_the_title_and_link_of_the_english_module(world, week_2, run_scan):
    english = translate(week_2, "en")
    for block in english.body:
        block.value["title"] = "Trial card"
    english.save_revision().publish()
    member = world["people"]["member"]
    speaks_english(member)

    run_scan(DELIVERABLE_REMINDER)

    message = next(m for m in of_kind(Kind.DELIVERABLE_DUE) if m.to == [member.email])
    assert message.subject == "Due Thursday 11 February: Trial card"
    notification = Notification.objects.get(recipient=member, kind=Kind.DELIVERABLE_DUE)
    assert notification.link == english.url
    assert notification.link.startswith("/en/")
    dutch = Notification.objects.get(
        recipient=world["people"]["team_mate"], kind=Kind.DELIVERABLE_DUE
    )
    assert dutch.title.endswith(": Test card")  # the source's title, in Dutch


def test_a_team_that_hands_in_after_the_scan_is_not_reminded(
    world, week_2, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(DELIVERABLE_REMINDER, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        scan()
    submit_iteration(world["team"], DELIVERABLE_REMINDER + SECOND)

    rows = Reminder.objects.filter(kind=Kind.DELIVERABLE_DUE)
    with time_machine.travel(DELIVERABLE_REMINDER + 2 * SECOND, tick=False):
        deliver(list(rows.values_list("pk", flat=True)))

    assert sent(Kind.DELIVERABLE_DUE) == emails(world, "other_team_member")
    assert set(rows.exclude(state="sent").values_list("dropped_reason", flat=True)) == {"done"}


def test_a_scan_after_the_due_date_drops_the_deliverable_reminder(world, week_2, run_scan):
    run_scan(utc(2027, 2, 11, 23, 0))  # Friday 12 February, 00:00 in Amsterdam

    assert sent(Kind.DELIVERABLE_DUE) == []
    assert set(
        Reminder.objects.filter(kind=Kind.DELIVERABLE_DUE).values_list("dropped_reason", flat=True)
    ) == {"overdue"}


# --- Review waiting ---------------------------------------------------------------------

SUBMITTED = utc(2027, 3, 2, 10, 30)


@pytest.fixture
def second_coach(world):
    coach = UserFactory(display_name="Second Coach")
    Team.coaches.through.objects.create(team=world["team"], user=coach)
    return coach


def test_two_days_after_submission_each_coach_who_did_not_review_is_reminded(
    world, second_coach, run_scan
):
    iteration = submit_iteration(world["team"], SUBMITTED)
    with time_machine.travel(SUBMITTED + DAY, tick=False):
        Review.record(iteration, second_coach, rubric=[], scores=[], decision="revise")

    run_scan(SUBMITTED + 2 * DAY - SECOND)
    assert sent(Kind.REVIEW_WAITING) == []
    run_scan(SUBMITTED + 2 * DAY)
    # The coach who reviewed gets nothing, nor do members or another team's coach.
    assert sent(Kind.REVIEW_WAITING) == emails(world, "coach")

    run_scan(SUBMITTED + 2 * DAY)
    run_scan(SUBMITTED + 3 * DAY)
    assert sent(Kind.REVIEW_WAITING) == emails(world, "coach")
    notification = Notification.objects.get(kind=Kind.REVIEW_WAITING)
    with translation.override("nl"):
        assert notification.link == reverse(
            "prototypes:review_form", args=[world["team"].pk, iteration.number]
        )


def test_across_the_change_to_summer_time_a_review_waits_48_hours_not_two_wall_days(
    world, run_scan
):
    # Submitted on Friday 26 March 2027 at 10:30 in Amsterdam (09:30 UTC); the clocks go
    # forward on Sunday 28 March, so two days of waiting end at 11:30 there.
    submitted = utc(2027, 3, 26, 9, 30)
    submit_iteration(world["team"], submitted)

    run_scan(submitted + 2 * DAY - SECOND)
    assert sent(Kind.REVIEW_WAITING) == []
    run_scan(submitted + 2 * DAY)
    assert sent(Kind.REVIEW_WAITING) == emails(world, "coach")


def test_an_iteration_followed_by_a_newer_one_waits_for_no_review(world, run_scan):
    submit_iteration(world["team"], SUBMITTED)
    with time_machine.travel(SUBMITTED + DAY, tick=False):
        Iteration.objects.create(prototype=world["team"].prototype, number=2)

    run_scan(SUBMITTED + 2 * DAY)

    assert sent(Kind.REVIEW_WAITING) == []


def test_a_review_written_after_the_scan_stops_the_reminder(
    world, django_capture_on_commit_callbacks
):
    iteration = submit_iteration(world["team"], SUBMITTED)
    with (
        time_machine.travel(SUBMITTED + 2 * DAY, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        scan()
        Review.record(iteration, world["people"]["coach"], rubric=[], scores=[], decision="revise")
        deliver(
            list(Reminder.objects.filter(kind=Kind.REVIEW_WAITING).values_list("pk", flat=True))
        )

    assert sent(Kind.REVIEW_WAITING) == []
    assert Reminder.objects.get(kind=Kind.REVIEW_WAITING).dropped_reason == "reviewed"


# --- Team inactive ----------------------------------------------------------------------

QUIET = datetime.timedelta(days=14)


def test_after_14_days_without_activity_the_coaches_are_told_once(world, run_scan):
    busy = BUILT + 5 * DAY
    world["team"].touch(busy)
    world["b_team"] = make_team(world["b"], name="Gestopt", coaches=[UserFactory()])
    Team.objects.filter(pk=world["b_team"].pk).update(
        phase=Team.Phase.STOPPED, last_activity_at=BUILT
    )

    run_scan(BUILT + QUIET - SECOND)
    assert sent(Kind.TEAM_INACTIVE) == []
    run_scan(BUILT + QUIET)
    # Only the quiet team's coach; a stopped team is not watched.
    assert sent(Kind.TEAM_INACTIVE) == emails(world, "other_coach")

    run_scan(BUILT + QUIET + DAY)
    assert sent(Kind.TEAM_INACTIVE) == emails(world, "other_coach")
    run_scan(busy + QUIET)
    assert sent(Kind.TEAM_INACTIVE) == emails(world, "coach", "other_coach")
    run_scan(busy + QUIET + 3 * DAY)
    assert sent(Kind.TEAM_INACTIVE) == emails(world, "coach", "other_coach")


def test_across_the_change_to_summer_time_a_team_is_quiet_after_14_times_24_hours(world, run_scan):
    # Last active on Monday 22 March 2027 at 12:00 UTC; summer time begins on the 28th.
    last = utc(2027, 3, 22, 12, 0)
    world["team"].touch(last)
    world["other_team"].touch(last + 30 * DAY)

    run_scan(last + QUIET - SECOND)
    assert sent(Kind.TEAM_INACTIVE) == []
    run_scan(last + QUIET)
    assert sent(Kind.TEAM_INACTIVE) == emails(world, "coach")


def test_a_team_that_stalls_again_is_told_of_again(world, run_scan):
    run_scan(BUILT + QUIET)
    assert sent(Kind.TEAM_INACTIVE) == emails(world, "coach", "other_coach")

    world["team"].touch(BUILT + 20 * DAY)
    run_scan(BUILT + 20 * DAY + QUIET - SECOND)
    assert sent(Kind.TEAM_INACTIVE) == emails(world, "coach", "other_coach")
    run_scan(BUILT + 20 * DAY + QUIET)
    assert sent(Kind.TEAM_INACTIVE) == emails(world, "coach", "coach", "other_coach")


def test_activity_after_the_scan_stops_the_inactivity_reminder(
    world, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(BUILT + QUIET, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        scan()
        world["team"].touch()
        deliver(list(Reminder.objects.filter(kind=Kind.TEAM_INACTIVE).values_list("pk", flat=True)))

    assert sent(Kind.TEAM_INACTIVE) == emails(world, "other_coach")
    coachs = Reminder.objects.get(kind=Kind.TEAM_INACTIVE, recipient=world["people"]["coach"])
    assert coachs.dropped_reason == "active"


# --- Times elsewhere -------------------------------------------------------------------


def test_times_are_told_on_the_clock_of_the_programme_wherever_it_runs(
    run_scan, django_capture_on_commit_callbacks
):
    with time_machine.travel(BUILT, tick=False):
        programme = make_programme(
            title="Brooklyn, spring 2027", modules=0, time_zone="America/New_York"
        )
        coach, member = UserFactory(), UserFactory()
        team = make_team(
            programme, name="Bed-Stuy Kitchen", members=[(member, Role.RESIDENT)], coaches=[coach]
        )
    speaks_english(member)
    starts = utc(2027, 3, 3, 14, 0)  # 09:00 in New York, 15:00 in Amsterdam
    with time_machine.travel(starts - 3 * DAY, tick=False):
        session = CoachingSession.plan(team=team, coach=coach, starts_at=starts)

    run_scan(starts - DAY)
    [coming] = [m for m in of_kind(Kind.SESSION_COMING) if m.to == [member.email]]
    assert coming.subject == "Tomorrow at 09:00: coaching session of Bed-Stuy Kitchen"
    assert "Wednesday 3 March 2027, 09:00 to 10:00 (America/New_York)" in coming.body

    with (
        time_machine.travel(starts - DAY + SECOND, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        session.move(starts + datetime.timedelta(hours=1), by=coach)
    [moved] = [m for m in of_kind(Kind.SESSION_CHANGED) if m.to == [member.email]]
    assert "10:00" in moved.body and "09:00" in moved.body
    assert "15:00" not in moved.body and "16:00" not in moved.body


# --- Notices ----------------------------------------------------------------------------

NOW = utc(2027, 3, 1, 9, 0)


@pytest.fixture
def session(world):
    with time_machine.travel(NOW, tick=False):
        return CoachingSession.plan(
            team=world["team"], coach=world["people"]["coach"], starts_at=NOW + 3 * DAY
        )


def test_a_move_tells_everyone_once_through_the_ledger_with_a_notification(
    world, session, run_scan, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True) as enqueued,
    ):
        session.move(NOW + 4 * DAY, by=world["people"]["coach"])
    assert len(enqueued) == 1  # one batch, enqueued once the move committed

    assert sent(Kind.SESSION_CHANGED) == emails(world, "member", "team_mate", "coach")
    notification = Notification.objects.get(
        recipient=world["people"]["member"], kind=Kind.SESSION_CHANGED
    )
    assert notification.link == reverse(
        "prototypes:session_detail", args=[session.team_id, session.pk]
    )
    assert all(m.reply_to == [world["people"]["coach"].email] for m in mail.outbox)

    # Moved again: a new sequence, a new notice; scanning sends nothing twice.
    with (
        time_machine.travel(NOW + SECOND, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        session.move(NOW + 5 * DAY, by=world["people"]["coach"])
    run_scan(NOW + DAY)
    run_scan(NOW + DAY)
    assert len(sent(Kind.SESSION_CHANGED)) == 6


def test_a_change_rolled_back_tells_no_one(world, session, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True) as enqueued,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        session.cancel(by=world["people"]["coach"])
        raise RuntimeError("the request failed after the change")

    assert enqueued == []
    assert not Reminder.objects.exists()
    assert mail.outbox == []


def test_a_second_change_before_the_first_notice_went_out_supersedes_it(
    world, session, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as first:
            session.move(NOW + 4 * DAY, by=world["people"]["coach"])
        with django_capture_on_commit_callbacks(execute=True):
            session.cancel(by=world["people"]["coach"])
        for callback in first:
            callback()

    assert len(mail.outbox) == 3
    told = Reminder.objects.filter(state=Reminder.State.SENT)
    assert {row.data["change"] for row in told} == {"cancelled"}
    assert Reminder.objects.filter(dropped_reason="superseded").count() == 3


def test_a_new_review_tells_the_teams_members_once(world, django_capture_on_commit_callbacks):
    iteration = submit_iteration(world["team"], SUBMITTED)
    member = world["people"]["member"]
    speaks_english(member)
    coach = world["people"]["coach"]

    for decision in ["revise", "accepted"]:  # written, then changed
        with (
            time_machine.travel(SUBMITTED + DAY, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            Review.record(iteration, coach, rubric=[], scores=[], decision=decision)

    assert sent(Kind.REVIEW_RECEIVED) == emails(world, "member", "team_mate")
    english = next(m for m in mail.outbox if m.to == [member.email])
    assert english.subject == "Your coach reviewed iteration 1"
    assert "Coach reviewed iteration 1 of De Wijkkeuken. Decision: Revise." in english.body
    notification = Notification.objects.get(recipient=member)
    with translation.override("en"):
        assert notification.link == reverse(
            "prototypes:iteration_detail", args=[world["team"].pk, 1]
        )


def test_a_stakeholders_answer_tells_the_teams_members(world, django_capture_on_commit_callbacks):
    iteration = submit_iteration(world["team"], SUBMITTED)
    link = FeedbackLink.objects.create(iteration=iteration, label="for the housing association")
    answer = {"real_need": 4, "would_use": "yes", "would_pay": "maybe", "would_partner": "no"}

    with (
        time_machine.travel(SUBMITTED + DAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        store_answer(link, answer)

    assert sent(Kind.FEEDBACK_RECEIVED) == emails(world, "member", "team_mate")
    assert all("for the housing association" in m.body for m in mail.outbox)
    assert Notification.objects.filter(kind=Kind.FEEDBACK_RECEIVED).count() == 2


# --- The scan's cost --------------------------------------------------------------------


def build_teams(world, count, moment):
    """`count` teams of programme A, each with two members and a coach, made at `moment`."""
    teams = []
    with time_machine.travel(moment, tick=False):
        for number in range(count):
            teams.append(
                make_team(
                    world["a"],
                    name=f"Team {number}",
                    members=[(UserFactory(), Role.STUDENT), (UserFactory(), Role.RESIDENT)],
                    coaches=[UserFactory()],
                )
            )
    return teams


def submitted_everywhere(teams):
    for team in teams:
        submit_iteration(team, SUBMITTED)


KIND_CASES = {
    # kind: (what each team needs for it to be due, when it is due)
    Kind.REFLECTION_DUE: (None, WEEK_5_DUE),
    Kind.DELIVERABLE_DUE: (None, DELIVERABLE_REMINDER),
    Kind.REVIEW_WAITING: (submitted_everywhere, SUBMITTED + 2 * DAY),
    Kind.TEAM_INACTIVE: (None, BUILT + QUIET),
}


@pytest.mark.parametrize("kind", list(KIND_CASES))
def test_the_scan_of_each_kind_costs_the_same_queries_for_1_or_20_teams(world, week_2, kind):
    prepare, moment = KIND_CASES[kind]
    Team.objects.exclude(pk=world["team"].pk).delete()
    Site.get_site_root_paths()  # cached for the process after once

    def queries_of_scan():
        Reminder.objects.all().delete()
        with (
            time_machine.travel(moment, tick=False),
            CaptureQueriesContext(connection) as context,
        ):
            result = ScanResult()
            reminders.record(reminders.KINDS[kind], moment, result)
        return len(context.captured_queries), result.created

    teams = [world["team"]]
    if prepare:
        prepare(teams)
    queries_of_scan()  # content types are cached for the process after once
    one, created_for_one = queries_of_scan()
    more = build_teams(world, 19, BUILT)
    if prepare:
        prepare(more)
    twenty, created_for_twenty = queries_of_scan()

    assert created_for_one > 0
    assert created_for_twenty == 20 * created_for_one
    assert one == twenty


@pytest.mark.parametrize("kind", list(KIND_CASES))
def test_sending_each_kind_costs_a_fixed_number_of_queries_plus_one_per_email(world, week_2, kind):
    prepare, moment = KIND_CASES[kind]
    Team.objects.exclude(pk=world["team"].pk).delete()
    Site.get_site_root_paths()

    def queries_of_sending():
        Reminder.objects.all().delete()
        mail.outbox.clear()
        with time_machine.travel(moment, tick=False):
            reminders.record(reminders.KINDS[kind], moment, ScanResult())
            ids = list(Reminder.objects.filter(kind=kind).values_list("pk", flat=True))
            with CaptureQueriesContext(connection) as context:
                assert deliver(ids) == len(ids)
        return len(ids), len(context.captured_queries)

    teams = [world["team"]]
    if prepare:
        prepare(teams)
    queries_of_sending()
    few, few_queries = queries_of_sending()
    more = build_teams(world, 19, BUILT)
    if prepare:
        prepare(more)
    many, many_queries = queries_of_sending()

    assert many == 20 * few
    assert many_queries - few_queries == many - few


ANSWER = {"real_need": 4, "would_use": "yes", "would_pay": "maybe", "would_partner": "no"}


@pytest.mark.parametrize("kind", [Kind.REVIEW_RECEIVED, Kind.FEEDBACK_RECEIVED])
def test_sending_a_notice_costs_a_fixed_number_of_queries_plus_one_per_email(
    world, kind, django_capture_on_commit_callbacks
):
    def queries_of_sending(team):
        iteration = submit_iteration(team, SUBMITTED)
        with (
            time_machine.travel(SUBMITTED + DAY, tick=False),
            django_capture_on_commit_callbacks(execute=False),
        ):
            if kind == Kind.REVIEW_RECEIVED:
                coach = world["people"]["coach"]
                Review.record(iteration, coach, rubric=[], scores=[], decision="revise")
            else:
                store_answer(FeedbackLink.objects.create(iteration=iteration), ANSWER)
            ids = list(
                Reminder.objects.filter(kind=kind, state=Reminder.State.PENDING).values_list(
                    "pk", flat=True
                )
            )
            with CaptureQueriesContext(connection) as context:
                assert deliver(ids) == len(ids)
        return len(ids), len(context.captured_queries)

    few, few_queries = queries_of_sending(world["team"])
    crowd = [(UserFactory(), Role.STUDENT) for _ in range(12)]
    with time_machine.travel(BUILT, tick=False):
        big = make_team(
            world["a"], name="Groot team", members=crowd, coaches=[world["people"]["coach"]]
        )
    many, many_queries = queries_of_sending(big)

    assert (few, many) == (2, 12)
    assert many_queries - few_queries == many - few
