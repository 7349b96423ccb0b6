"""After the programme: coordinators move a team into continuation (or mark it stopped
or launched), continuing teams keep their reminders and reflections, take new residents
by invitation, and the programme's public page lists its continuing and launched
enterprises."""

import datetime
import zoneinfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse

from courses.invitations import accept
from courses.models import Invitation, Membership, Role
from learninglab import pagecache
from prototypes.models import Team, TeamInvitation, TeamMember, TeamPhaseChange
from prototypes.models.reflections import started_periods
from prototypes.reminders import ReflectionDue, TeamInactive
from tests.factories import TEAM_PERSONAS, UserFactory, make_team_world

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def world():
    return make_team_world()


def phase_url(team):
    return reverse("prototypes:team_phase", args=[team.pk])


def invite_url(team):
    return reverse("prototypes:team_invite", args=[team.pk])


def login(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    return person


# --- Moving a team between phases --------------------------------------------------------


def test_the_coordinator_moves_a_team_into_continuation_and_it_is_recorded(
    client, world, english_interface, django_capture_on_commit_callbacks
):
    team, coordinator = world["team"], world["people"]["coordinator"]
    client.force_login(coordinator)
    page = client.get(phase_url(team))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="continuation"' in html
    assert 'value="programme"' not in html  # the phase it is in already

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            phase_url(team), {"phase": "continuation", "note": "Gaat door met de buurt."}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("prototypes:cohort_overview", args=[world["a"].pk])
    team.refresh_from_db()
    assert team.phase == Team.Phase.CONTINUATION
    change = TeamPhaseChange.objects.get(team=team)
    assert (change.from_phase, change.to_phase, change.changed_by) == (
        "programme",
        "continuation",
        coordinator,
    )
    assert change.note == "Gaat door met de buurt."
    assert change.changed_at is not None
    followed = client.get(response["Location"])
    assert "De Wijkkeuken moved from Programme to Continuation." in followed.content.decode()
    history = client.get(phase_url(team)).content.decode()
    assert "Programme → Continuation, by Coordinator" in history


@pytest.mark.parametrize("data", [{}, {"phase": "programme"}, {"phase": "somewhere"}])
def test_a_phase_that_is_missing_or_not_offered_is_refused_and_the_note_kept(
    client, world, english_interface, data
):
    client.force_login(world["people"]["coordinator"])
    response = client.post(phase_url(world["team"]), {**data, "note": "Mijn reden"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please check what you entered" in html
    assert "Mijn reden" in html
    assert not TeamPhaseChange.objects.exists()
    world["team"].refresh_from_db()
    assert world["team"].phase == Team.Phase.PROGRAMME


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_the_programmes_coordinators_change_the_phase(client, world, persona):
    login(client, world, persona)
    team = world["team"]
    responses = [
        client.get(phase_url(team)),
        client.post(phase_url(team), {"phase": "stopped"}),
        client.get(invite_url(team)),
        client.post(invite_url(team), {"email": "new@example.org", "role": "resident"}),
    ]
    codes = [response.status_code for response in responses]
    if persona == "coordinator":
        assert codes == [200, 302, 302, 302]
    elif persona == "anonymous":
        assert codes == [302] * 4
        assert all(reverse("account_login") in r["Location"] for r in responses)
    else:
        assert codes == [404] * 4
        team.refresh_from_db()
        assert team.phase == Team.Phase.PROGRAMME
        assert not Invitation.objects.exists()


# --- Continuation keeps the team at work ---------------------------------------------------


def test_continuation_keeps_reflections_and_reminders_going_stopped_and_launched_do_not(world):
    team, other = world["team"], world["other_team"]
    Team.objects.filter(pk=team.pk).update(phase=Team.Phase.CONTINUATION)
    Team.objects.filter(pk=other.pk).update(phase=Team.Phase.STOPPED)
    team.refresh_from_db()
    # Programme A ends on Sunday 25 April 2027; the first four-week period ends 23 May.
    assert team.programme.end_date == datetime.date(2027, 4, 25)
    due = datetime.datetime(2027, 5, 23, 18, 5, tzinfo=AMSTERDAM)
    with time_machine.travel(due, tick=False):
        periods = started_periods(team)
        assert [(period.kind, period.number) for period in periods] == [("continuation", 1)]
        reminded = {(row.object_id, row.recipient_id) for row in ReflectionDue().occurrences(due)}
        assert (team.pk, world["people"]["member"].pk) in reminded
        assert (team.pk, world["people"]["team_mate"].pk) in reminded
        assert not any(team_id == other.pk for team_id, _user in reminded)

        Team.objects.update(last_activity_at=due - datetime.timedelta(days=20))
        inactive = {row.object_id for row in TeamInactive().occurrences(due)}
        assert inactive == {team.pk}

        Team.objects.filter(pk=team.pk).update(phase=Team.Phase.LAUNCHED)
        assert ReflectionDue().occurrences(due) == []
        assert TeamInactive().occurrences(due) == []


def test_the_team_page_links_the_phase_for_the_coordinator_only(client, world):
    workspace = reverse("prototypes:team_workspace", args=[world["team"].pk])
    for persona, linked in [("coordinator", True), ("coach", False), ("member", False)]:
        client.force_login(world["people"][persona])
        assert (phase_url(world["team"]) in client.get(workspace).content.decode()) is linked


def test_continuing_members_keep_their_workspace_and_coaching(client, world):
    Team.objects.filter(pk=world["team"].pk).update(phase=Team.Phase.CONTINUATION)
    for persona in ("member", "team_mate", "coach"):
        client.force_login(world["people"][persona])
        workspace = reverse("prototypes:team_workspace", args=[world["team"].pk])
        assert client.get(workspace).status_code == 200
    assert client.get(reverse("prototypes:session_plan", args=[world["team"].pk])).status_code in (
        200,
        302,
    )


# --- New residents in a continuing team ------------------------------------------------------


def test_a_new_resident_is_invited_into_a_continuing_team_and_joins_it_on_accepting(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    team = world["team"]
    Team.objects.filter(pk=team.pk).update(phase=Team.Phase.CONTINUATION)
    client.force_login(world["people"]["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(team), {"email": "Samira@Example.org", "name": "Samira", "role": "resident"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="samira@example.org")
    assert invitation.role == Role.RESIDENT
    assert TeamInvitation.objects.get(invitation=invitation).team == team
    assert [message.to for message in mailoutbox] == [["samira@example.org"]]

    samira = UserFactory(email="samira@example.org", display_name="Samira")
    EmailAddress.objects.create(user=samira, email=samira.email, verified=True, primary=True)
    assert accept(invitation, samira)

    membership = TeamMember.objects.current().get(team=team, user=samira)
    assert membership.role == Role.RESIDENT
    assert Membership.objects.get(user=samira).role == Role.RESIDENT
    client.force_login(samira)
    workspace = reverse("prototypes:team_workspace", args=[team.pk])
    assert client.get(workspace).status_code == 200
    # Accepting twice changes nothing.
    assert not accept(invitation, samira)
    assert TeamMember.objects.filter(team=team, user=samira).count() == 1


def test_an_invitation_without_a_team_joins_no_team(world):
    invitation = Invitation.objects.create(
        programme=world["a"], email="nobody@example.org", role=Role.RESIDENT
    )
    person = UserFactory(email="nobody@example.org")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    accept(invitation, person)
    assert not TeamMember.objects.filter(user=person).exists()


def test_a_team_that_stopped_before_the_invitation_was_accepted_is_not_joined(world):
    team = world["team"]
    invitation = Invitation.objects.create(
        programme=world["a"], email="late@example.org", role=Role.RESIDENT
    )
    TeamInvitation.objects.create(invitation=invitation, team=team)
    Team.objects.filter(pk=team.pk).update(phase=Team.Phase.STOPPED)
    person = UserFactory(email="late@example.org")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    accept(invitation, person)
    assert not TeamMember.objects.filter(user=person).exists()
    assert Membership.objects.filter(user=person).exists()


@pytest.mark.parametrize(
    "data, error",
    [
        ({"email": "", "role": "resident"}, "Enter the email address"),
        ({"email": "not-an-address", "role": "resident"}, "Enter an email address"),
        ({"email": "ok@example.org", "role": "coach"}, "Select a valid choice"),
    ],
)
def test_bad_invitations_are_explained_and_what_was_typed_is_kept(
    client, world, english_interface, data, error
):
    team = world["team"]
    Team.objects.filter(pk=team.pk).update(phase=Team.Phase.CONTINUATION)
    client.force_login(world["people"]["coordinator"])
    response = client.post(invite_url(team), {**data, "name": "Typed Name"})
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert 'value="Typed Name"' in html
    assert not Invitation.objects.exists()


def test_someone_already_in_the_programme_is_not_invited_again(client, world, english_interface):
    team = world["team"]
    Team.objects.filter(pk=team.pk).update(phase=Team.Phase.CONTINUATION)
    client.force_login(world["people"]["coordinator"])
    email = world["people"]["other_team_member"].email
    response = client.post(invite_url(team), {"email": email, "role": "resident"})
    assert response.status_code == 200
    assert "Please check what you entered" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_team_still_in_the_programme_takes_no_invitations(client, world, english_interface):
    client.force_login(world["people"]["coordinator"])
    response = client.get(invite_url(world["team"]), follow=True)
    assert "Only a team in continuation takes new members this way." in (response.content.decode())


# --- The programme's public page --------------------------------------------------------------


def test_the_public_page_lists_continuing_and_launched_enterprises_without_names(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    a, team, other = world["a"], world["team"], world["other_team"]
    Team.objects.filter(pk=team.pk).update(neighbourhood_question="Hoe eten buren vaker samen?")
    public = a.url
    before = client.get(public).content.decode()
    assert "De Wijkkeuken" not in before  # still in the programme; and now cached

    coordinator = world["people"]["coordinator"]
    team.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        TeamPhaseChange.record(team, Team.Phase.CONTINUATION, by=coordinator)
        TeamPhaseChange.record(other, Team.Phase.STOPPED, by=coordinator)

    html = client.get(public).content.decode()
    assert "De Wijkkeuken" in html
    assert "Hoe eten buren vaker samen?" in html
    assert "Repair Café" not in html
    for persona in ("member", "team_mate", "other_team_member"):
        assert world["people"][persona].display_name not in html

    other.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        TeamPhaseChange.record(other, Team.Phase.LAUNCHED, by=coordinator)
    assert "Repair Café" in client.get(public).content.decode()
    cache.clear()


def test_a_phase_change_purges_the_page_cache(world, monkeypatch):
    purged = []
    monkeypatch.setattr(pagecache, "purge_on_commit", lambda: purged.append(True))
    TeamPhaseChange.record(world["team"], Team.Phase.LAUNCHED, by=None)
    assert purged == [True]
