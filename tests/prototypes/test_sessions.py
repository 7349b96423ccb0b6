"""Coaching sessions: who sees a session and its list, who answers, moves, cancels and
records it, private notes that only the session's coach reads, action items members
tick off, and the emails that tell everyone about a move or cancellation."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prototypes.models import (
    ActionItem,
    CoachingSession,
    Reminder,
    SessionParticipant,
    TeamMember,
)
from tests.factories import TEAM_PERSONAS, UserFactory, make_team_world

pytestmark = pytest.mark.django_db

SEES = {"member", "team_mate", "coach", "coordinator"}
MEMBERS = {"member", "team_mate"}
RUNS = {"coach"}
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
# Thursday 4 March 2027, 15:00 in Amsterdam (CET, UTC+1).
STARTS = datetime.datetime(2027, 3, 4, 14, 0, tzinfo=datetime.UTC)
PRIVATE = "Member seems tired; ask about the childcare."


@pytest.fixture(autouse=True)
def early_march_2027():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def world():
    world = make_team_world()
    world["session"] = CoachingSession.plan(
        team=world["team"],
        coach=world["people"]["coach"],
        starts_at=STARTS,
        place="Buurthuis De Boog",
        agenda="Plan the tasting evening.",
    )
    return world


def login(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    return person


def url(name, session, *extra):
    return reverse(f"prototypes:{name}", args=[session.team_id, session.pk, *extra])


def assert_allowed(response, persona, allowed, ok=(200,)):
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in allowed:
        assert response.status_code in ok
    else:
        assert response.status_code == 404


def hold(world, private_notes=PRIVATE):
    """The session took place: travel past it and record it as the coach."""
    session = world["session"]
    session.record(
        world["people"]["coach"],
        attended_user_ids=[world["people"]["member"].pk],
        shared_notes="We chose the menu.",
        private_notes=private_notes,
    )
    return session


# The session page


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_the_session_page_is_for_those_who_see_the_team(client, world, persona):
    login(client, world, persona)

    response = client.get(url("session_detail", world["session"]))

    assert_allowed(response, persona, SEES)
    if persona in SEES:
        page = response.content.decode()
        assert "Buurthuis De Boog" in page
        assert "Plan the tasting evening." in page


def test_the_page_shows_the_time_in_the_programmes_zone_and_who_comes_in_words(
    client, world, english_interface
):
    session = world["session"]
    session.respond(world["people"]["member"], SessionParticipant.Answer.CONFIRMED)
    client.force_login(world["people"]["coach"])

    page = client.get(url("session_detail", session)).content.decode()

    assert "Thursday 4 March 2027, 15:00" in page
    assert "Europe/Amsterdam" in page
    assert "Coming (1)" in page
    assert "Not answered yet (1)" in page
    assert "Proposed" in page


def test_the_session_page_costs_the_same_queries_for_2_or_12_people_and_items(
    client, world, django_assert_num_queries
):
    session = world["session"]
    client.force_login(world["people"]["coach"])
    client.get(url("session_detail", session))
    with CaptureQueriesContext(connection) as few:
        client.get(url("session_detail", session))
    for number in range(10):
        person = UserFactory()
        SessionParticipant.objects.create(session=session, user=person, answer="declined")
        ActionItem.objects.create(
            session=session, description=f"Item {number}", owner=person, done_by=person
        )

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url("session_detail", session))


# The list of a team's sessions


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_the_session_list_is_for_those_who_see_the_team(client, world, persona):
    login(client, world, persona)

    response = client.get(reverse("prototypes:session_list", args=[world["team"].pk]))

    assert_allowed(response, persona, SEES)


def test_the_list_puts_upcoming_and_past_apart_in_the_same_queries_for_1_or_many(
    client, world, django_assert_num_queries, english_interface
):
    team, coach = world["team"], world["people"]["coach"]
    client.force_login(coach)
    list_url = reverse("prototypes:session_list", args=[team.pk])
    client.get(list_url)  # warm the per-request caches of the first visit
    with CaptureQueriesContext(connection) as one:
        client.get(list_url)
    for day in range(1, 8):
        CoachingSession.plan(
            team=team, coach=coach, starts_at=STARTS + datetime.timedelta(days=day)
        )
        CoachingSession.plan(team=team, coach=coach, starts_at=NOW - datetime.timedelta(days=day))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(list_url)

    page = response.content.decode()
    upcoming, past = page.split('id="past"')
    assert upcoming.count("session-list__item") == 8
    assert past.count("session-list__item") == 7


# Answering


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_invited_members_answer(client, world, persona):
    person = login(client, world, persona)
    session = world["session"]

    response = client.post(url("session_respond", session), {"answer": "declined"})

    assert_allowed(response, persona, MEMBERS, ok=(302,))
    answers = dict(session.participants.values_list("user_id", "answer"))
    if persona in MEMBERS:
        assert answers[person.pk] == "declined"
    else:
        assert set(answers.values()) == {"pending"}


def test_a_session_is_confirmed_once_everyone_answered_and_someone_comes(world):
    session = world["session"]
    member, mate = world["people"]["member"], world["people"]["team_mate"]

    session.respond(member, SessionParticipant.Answer.CONFIRMED)
    assert session.status == "proposed"
    session.respond(mate, SessionParticipant.Answer.DECLINED)
    assert session.status == "confirmed"
    session.respond(member, SessionParticipant.Answer.DECLINED)
    assert session.status == "proposed"
    participant = session.participants.get(user=member)
    assert participant.answered_at is not None


def test_who_joins_is_asked_and_who_left_is_no_longer_waited_for(world):
    session, team = world["session"], world["team"]
    session.respond(world["people"]["member"], SessionParticipant.Answer.CONFIRMED)
    newcomer = UserFactory()
    earlier = world["session"].starts_at - datetime.timedelta(days=30)

    joined = TeamMember.objects.create(
        team=team, user=newcomer, role="resident", joined_on=earlier.date()
    )

    assert session.participants.get(user=newcomer).answer == SessionParticipant.Answer.PENDING
    # The team mate has not answered and leaves the team: only the newcomer is waited for.
    leaving = team.members.get(user=world["people"]["team_mate"])
    leaving.joined_on = earlier.date()
    leaving.left_on = NOW.date() - datetime.timedelta(days=1)
    leaving.save()
    assert set(session.participants.values_list("user", flat=True)) == {
        world["people"]["member"].pk,
        newcomer.pk,
    }
    # Once the newcomer has gone again, everyone left has answered and someone comes.
    joined.delete()
    session.refresh_from_db()
    assert session.status == CoachingSession.Status.CONFIRMED


def test_a_session_that_has_started_keeps_its_invitations(world):
    session, team = world["session"], world["team"]
    with time_machine.travel(STARTS + datetime.timedelta(minutes=5)):
        TeamMember.objects.create(team=team, user=UserFactory(), role="student")

    assert session.participants.count() == 2


def leave(world, persona, left_on):
    """The person leaves the team as the team's admin form records it: their membership
    saved with the day they left."""
    membership = world["team"].members.get(user=world["people"][persona])
    membership.joined_on = datetime.date(2027, 1, 4)
    membership.left_on = left_on
    membership.save()


def test_who_left_is_no_longer_invited_to_coming_sessions_whatever_they_answered(world):
    session, team = world["session"], world["team"]
    member, mate, coach = (world["people"][p] for p in ("member", "team_mate", "coach"))
    held = CoachingSession.plan(team=team, coach=coach, starts_at=NOW - datetime.timedelta(days=2))
    held.record(coach, attended_user_ids=[member.pk], shared_notes="", private_notes="")
    session.respond(member, SessionParticipant.Answer.CONFIRMED)
    session.respond(mate, SessionParticipant.Answer.DECLINED)
    assert session.status == CoachingSession.Status.CONFIRMED

    leave(world, "member", NOW.date() - datetime.timedelta(days=1))

    assert list(session.participants.values_list("user", flat=True)) == [mate.pk]
    session.refresh_from_db()
    assert session.status == CoachingSession.Status.PROPOSED  # no one left who comes
    # The session held is a record and stays one; their calendar feed keeps only it.
    assert held.participants.get(user=member).attended is True
    assert list(CoachingSession.objects.of_person(member)) == [held]


def test_who_leaves_today_is_asked_to_todays_sessions_but_not_to_later_ones(world):
    session, team = world["session"], world["team"]
    member, coach = world["people"]["member"], world["people"]["coach"]
    this_afternoon = CoachingSession.plan(
        team=team, coach=coach, starts_at=NOW + datetime.timedelta(hours=4)
    )
    session.respond(member, SessionParticipant.Answer.CONFIRMED)

    leave(world, "member", NOW.date())
    next_week = CoachingSession.plan(
        team=team, coach=coach, starts_at=STARTS + datetime.timedelta(days=7)
    )

    assert this_afternoon.participants.filter(user=member).exists()
    assert not session.participants.filter(user=member).exists()
    assert set(next_week.participants.values_list("user", flat=True)) == {
        world["people"]["team_mate"].pk
    }


def test_an_answer_without_a_choice_or_after_the_start_changes_nothing(
    client, world, english_interface
):
    session = world["session"]
    client.force_login(world["people"]["member"])

    response = client.post(url("session_respond", session), {"answer": "maybe"}, follow=True)
    assert "Say whether you are coming." in response.content.decode()

    with time_machine.travel(STARTS + datetime.timedelta(minutes=5), tick=False):
        response = client.post(
            url("session_respond", session), {"answer": "confirmed"}, follow=True
        )
    assert "This session can no longer be answered." in response.content.decode()
    assert set(session.participants.values_list("answer", flat=True)) == {"pending"}


# Moving and cancelling


def move_data(date="2027-03-11", time="16:30", duration="90"):
    return {"date": date, "time": time, "duration_minutes": duration}


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_the_teams_coach_moves_a_session(client, world, persona):
    login(client, world, persona)
    session = world["session"]

    page = client.get(url("session_move", session))
    response = client.post(url("session_move", session), move_data())

    assert_allowed(page, persona, RUNS)
    assert_allowed(response, persona, RUNS, ok=(302,))
    session.refresh_from_db()
    assert (session.sequence == 1) == (persona in RUNS)


def test_moving_reads_the_time_in_the_programmes_zone_and_asks_everyone_again(client, world):
    session = world["session"]
    for person in ("member", "team_mate"):
        session.respond(world["people"][person], SessionParticipant.Answer.CONFIRMED)
    assert session.status == "confirmed"
    client.force_login(world["people"]["coach"])

    # 28 March 2027 is the first day of summer time in Amsterdam (UTC+2).
    client.post(url("session_move", session), move_data(date="2027-03-29", time="10:00"))

    session.refresh_from_db()
    assert session.starts_at == datetime.datetime(2027, 3, 29, 8, 0, tzinfo=datetime.UTC)
    assert session.duration_minutes == 90
    assert session.sequence == 1
    assert session.status == "proposed"
    assert set(session.participants.values_list("answer", flat=True)) == {"pending"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (move_data(date="2027-02-27"), "Choose a time in the future."),
        (move_data(date=""), "Enter the new date."),
        (move_data(time="25:00"), "Enter a time."),
        (move_data(duration="5"), "A session takes at least 15 minutes."),
    ],
)
def test_a_bad_new_time_is_refused_and_kept(client, world, english_interface, data, message):
    session = world["session"]
    client.force_login(world["people"]["coach"])

    response = client.post(url("session_move", session), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{data["duration_minutes"]}"' in page
    session.refresh_from_db()
    assert session.sequence == 0
    assert mail.outbox == []


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_the_teams_coach_cancels_a_session(client, world, persona):
    login(client, world, persona)
    session = world["session"]

    asked = client.get(url("session_cancel", session))
    response = client.post(url("session_cancel", session))

    assert_allowed(asked, persona, RUNS)
    assert_allowed(response, persona, RUNS, ok=(302,))
    session.refresh_from_db()
    assert (session.status == "cancelled") == (persona in RUNS)


def test_a_cancelled_session_cannot_be_moved_or_cancelled_again(client, world, english_interface):
    session = world["session"]
    client.force_login(world["people"]["coach"])
    client.post(url("session_cancel", session))

    again = client.post(url("session_cancel", session), follow=True)
    asked = client.get(url("session_cancel", session), follow=True)
    moved = client.post(url("session_move", session), move_data(), follow=True)

    assert "This session was already cancelled or held." in again.content.decode()
    assert "This session was already cancelled or held." in asked.content.decode()
    assert "A cancelled or held session cannot be moved." in moved.content.decode()
    session.refresh_from_db()
    assert session.sequence == 1


def test_moving_emails_everyone_in_their_language(
    client, world, django_capture_on_commit_callbacks
):
    people = world["people"]
    people["team_mate"].preferred_language = "en"
    people["team_mate"].save()
    people["coach"].preferred_language = "en"
    people["coach"].save()
    client.force_login(people["coach"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("session_move", world["session"]), move_data())

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {people[p].email for p in ("member", "team_mate", "coach")}
    english = by_address[people["team_mate"].email]
    assert english.subject == "Coaching session of De Wijkkeuken moved"
    assert "Thursday 11 March 2027, 16:30 to 18:00 (Europe/Amsterdam)" in english.body
    assert "Thursday 4 March 2027, 15:00" in english.body
    html = english.alternatives[0]
    assert html.mimetype == "text/html"
    assert "Open the session" in html.content
    assert "/en/teams/" in english.body
    assert "Please say again whether you are coming." in english.body
    assert "Please say again" not in by_address[people["coach"].email].body
    dutch = by_address[people["member"].email]
    assert "/nl/teams/" in dutch.body
    assert "donderdag 11 maart 2027, 16:30" in dutch.body


def test_cancelling_emails_everyone_in_their_language(
    client, world, django_capture_on_commit_callbacks
):
    people = world["people"]
    people["member"].preferred_language = "en"
    people["member"].save()
    client.force_login(people["coach"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("session_cancel", world["session"]))

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        people[p].email for p in ("member", "team_mate", "coach")
    )
    english = next(m for m in mail.outbox if m.to == [people["member"].email])
    assert english.subject == "Coaching session of De Wijkkeuken cancelled"
    assert "on Thursday 4 March 2027, 15:00 is cancelled" in english.body


def told(kind):
    """Who got an email of `kind` so far, sorted."""
    ids = set(Reminder.objects.filter(kind=kind).values_list("message_id", flat=True))
    return sorted(m.to[0] for m in mail.outbox if m.extra_headers.get("Message-ID") in ids)


def test_who_left_is_neither_reminded_of_a_session_nor_told_it_moved(
    world, run_scan, django_capture_on_commit_callbacks
):
    session, people = world["session"], world["people"]
    session.respond(people["member"], SessionParticipant.Answer.CONFIRMED)
    leave(world, "member", NOW.date() - datetime.timedelta(days=1))
    staying = sorted(people[p].email for p in ("team_mate", "coach"))

    run_scan(STARTS - datetime.timedelta(days=1))
    assert told(Reminder.Kind.SESSION_COMING) == staying

    with django_capture_on_commit_callbacks(execute=True):
        session.move(STARTS + datetime.timedelta(days=7), by=people["coach"])
    assert told(Reminder.Kind.SESSION_CHANGED) == staying


# After the session


def record_data(world, **fields):
    return {
        "attended": [world["people"]["member"].pk],
        "shared_notes": "We chose the menu.",
        "private_notes": PRIVATE,
        **fields,
    }


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_the_teams_coach_records_a_session(client, world, persona):
    login(client, world, persona)
    session = world["session"]

    with time_machine.travel(STARTS + datetime.timedelta(hours=2), tick=False):
        page = client.get(url("session_record", session))
        response = client.post(url("session_record", session), record_data(world))

    assert_allowed(page, persona, RUNS)
    assert_allowed(response, persona, RUNS, ok=(302,))
    session.refresh_from_db()
    assert (session.status == "held") == (persona in RUNS)


def test_recording_keeps_attendance_and_notes(client, world, english_interface):
    session = world["session"]
    client.force_login(world["people"]["coach"])

    with time_machine.travel(STARTS + datetime.timedelta(hours=2), tick=False):
        client.post(url("session_record", session), record_data(world))
        page = client.get(url("session_detail", session)).content.decode()

    session.refresh_from_db()
    assert session.status == "held"
    assert session.shared_notes == "We chose the menu."
    assert session.private_notes == PRIVATE
    attended = dict(session.participants.values_list("user__display_name", "attended"))
    assert attended == {"Member": True, "Team Mate": False}
    assert "was there" in page and "was not there" in page


def test_a_session_cannot_be_recorded_before_it_starts(client, world, english_interface):
    session = world["session"]
    client.force_login(world["people"]["coach"])

    response = client.post(url("session_record", session), record_data(world))

    assert response.status_code == 400
    page = response.content.decode()
    assert "A session can be recorded once it has started." in page
    assert "We chose the menu." in page
    session.refresh_from_db()
    assert session.status == "proposed"


@pytest.mark.parametrize("persona", [*TEAM_PERSONAS, "second_coach_of_the_team"])
def test_private_notes_are_read_by_the_sessions_coach_alone(client, world, persona):
    second = UserFactory(display_name="Second Coach")
    world["team"].coaches.add(second)
    world["team"].save()
    world["people"]["second_coach_of_the_team"] = second
    with time_machine.travel(STARTS + datetime.timedelta(hours=2), tick=False):
        hold(world)
    login(client, world, persona)

    detail = client.get(url("session_detail", world["session"]))
    record_page = client.get(url("session_record", world["session"]))
    elsewhere = [
        client.get(reverse("prototypes:session_list", args=[world["team"].pk])),
        client.get(url("session_ics", world["session"])),
    ]

    assert (PRIVATE in detail.content.decode()) == (persona == "coach")
    assert (PRIVATE in record_page.content.decode()) == (persona == "coach")
    for response in elsewhere:
        assert PRIVATE not in response.content.decode()


def test_another_coach_recording_leaves_the_private_notes_alone(client, world):
    second = UserFactory(display_name="Second Coach")
    world["team"].coaches.add(second)
    world["team"].save()
    with time_machine.travel(STARTS + datetime.timedelta(hours=2), tick=False):
        hold(world)
        client.force_login(second)
        client.post(
            url("session_record", world["session"]),
            record_data(world, private_notes="overwritten", shared_notes="Menu chosen."),
        )

    world["session"].refresh_from_db()
    assert world["session"].private_notes == PRIVATE
    assert world["session"].shared_notes == "Menu chosen."


# Action items


def item_data(world, **fields):
    return {
        "description": "Ask the housing association for the kitchen",
        "owner": world["people"]["team_mate"].pk,
        "due_on": "2027-03-18",
        **fields,
    }


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_the_teams_coach_adds_action_items(client, world, persona):
    login(client, world, persona)

    response = client.post(url("action_item_add", world["session"]), item_data(world))

    assert_allowed(response, persona, RUNS, ok=(302,))
    assert ActionItem.objects.count() == (1 if persona in RUNS else 0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"description": ""}, "Describe what was agreed."),
        ({"owner": "other_team_member"}, "Choose a member of the team."),
        ({"owner": "coach"}, "Choose a member of the team."),
        ({"due_on": "next week"}, "Enter a date."),
    ],
)
def test_a_bad_action_item_is_refused_and_kept(client, world, english_interface, fields, message):
    if "owner" in fields:
        fields["owner"] = world["people"][fields["owner"]].pk
    data = item_data(world, **fields)
    client.force_login(world["people"]["coach"])

    response = client.post(url("action_item_add", world["session"]), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if data["description"]:
        assert data["description"] in page
    assert ActionItem.objects.count() == 0


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_members_and_the_coach_tick_off_action_items(client, world, persona):
    item = ActionItem.objects.create(
        session=world["session"], description="Book the kitchen", owner=world["people"]["member"]
    )
    person = login(client, world, persona)

    response = client.post(url("action_item_tick", world["session"], item.pk), {"done": "1"})

    assert_allowed(response, persona, MEMBERS | RUNS, ok=(302,))
    item.refresh_from_db()
    if persona in MEMBERS | RUNS:
        assert item.done_by == person
        assert item.done_at is not None
    else:
        assert item.done_at is None


def test_an_action_item_ticked_off_shows_who_and_when_and_can_be_undone(
    client, world, english_interface
):
    item = ActionItem.objects.create(session=world["session"], description="Book the kitchen")
    client.force_login(world["people"]["team_mate"])

    client.post(url("action_item_tick", world["session"], item.pk), {"done": "1"})
    page = client.get(url("session_detail", world["session"])).content.decode()
    assert "by Team Mate on 1 March 2027" in page
    assert "Mark “Book the kitchen” as not done" in page

    client.post(url("action_item_tick", world["session"], item.pk), {"done": "0"})
    item.refresh_from_db()
    assert item.done_at is None and item.done_by is None


def test_an_item_of_another_session_is_not_found(client, world):
    other = CoachingSession.plan(
        team=world["other_team"], coach=world["people"]["other_coach"], starts_at=STARTS
    )
    item = ActionItem.objects.create(session=other, description="Fix the bikes")
    client.force_login(world["people"]["coach"])

    response = client.post(url("action_item_tick", world["session"], item.pk), {"done": "1"})

    assert response.status_code == 404


# On the team's workspace


def test_the_workspace_shows_the_next_sessions_in_the_same_queries_for_1_or_many(
    client, world, django_assert_num_queries, english_interface
):
    team, coach = world["team"], world["people"]["coach"]
    client.force_login(world["people"]["member"])
    workspace = reverse("prototypes:team_workspace", args=[team.pk])
    client.get(workspace)
    with CaptureQueriesContext(connection) as one:
        client.get(workspace)
    for day in range(1, 6):
        CoachingSession.plan(
            team=team, coach=coach, starts_at=STARTS + datetime.timedelta(days=day)
        )

    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(workspace).content.decode()

    assert "Coaching sessions" in page
    assert page.count("session-list__item") == 3
    assert url("session_detail", world["session"]) in page
    assert reverse("prototypes:session_list", args=[team.pk]) in page
