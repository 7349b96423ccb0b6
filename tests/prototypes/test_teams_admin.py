"""Teams in the Wagtail admin: coordinators form and change their own programmes' teams,
and every change is kept with who made it, when, and what changed."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.models import Role
from prototypes.models import Evidence, Team, TeamMember
from prototypes.models.iterations import deleting_team_work
from tests.factories import UserFactory, enrol, make_programme, make_team

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC)


@pytest.fixture
def world():
    """Programme A (under test) and programme B, with people in each."""
    a = make_programme(title="Overvecht, voorjaar 2027", modules=1)
    b = make_programme(title="Kanaleneiland, voorjaar 2027", modules=1)
    people = {}
    for name, programme, role in [
        ("coordinator", a, Role.COORDINATOR),
        ("sam", a, Role.RESIDENT),
        ("noor", a, Role.STUDENT),
        ("coach", a, Role.COACH),
        ("student_b", b, Role.STUDENT),
        ("coach_b", b, Role.COACH),
        ("coordinator_b", b, Role.COORDINATOR),
    ]:
        people[name] = UserFactory(display_name=name.replace("_", " ").title())
        enrol(people[name], programme, role)
    team_b = make_team(b, name="Kanaal Koken", members=[(people["student_b"], Role.STUDENT)])
    return {"a": a, "b": b, "team_b": team_b, "people": people}


def team_form(
    programme,
    name="De Wijkkeuken",
    phase=Team.Phase.PROGRAMME,
    coaches=(),
    members=(),
    initial=0,
):
    """The admin form's data; `members` are dicts of the member form's fields."""
    data = nested_form_data(
        {
            "programme": programme.pk,
            "name": name,
            "neighbourhood_question": "Hoe eten buren vaker samen?",
            "phase": phase,
            "members": inline_formset(list(members), initial=initial),
        }
    )
    # A multiple choice is posted as a repeated key, which the test client sends for a list.
    data["coaches"] = [coach.pk for coach in coaches]
    return data


def member(user, role, joined_on="2027-02-01", left_on="", pk=""):
    return {"id": pk, "user": user.pk, "role": role, "joined_on": joined_on, "left_on": left_on}


def test_a_coordinator_creates_a_team_with_members_and_a_coach(client, world):
    people = world["people"]
    client.force_login(people["coordinator"])

    response = client.post(
        reverse("teams:add"),
        team_form(
            world["a"],
            coaches=[people["coach"]],
            members=[member(people["sam"], Role.RESIDENT), member(people["noor"], Role.STUDENT)],
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    team = Team.objects.get(name="De Wijkkeuken")
    assert team.programme_id == world["a"].pk
    assert list(team.coaches.all()) == [people["coach"]]
    assert {m.user for m in team.members.all()} == {people["sam"], people["noor"]}
    assert team.prototype is not None


def edit_url(team):
    return reverse("teams:edit", args=[team.pk])


def existing(team):
    """The member rows of the team as the edit form posts them back."""
    return [
        member(
            m.user,
            m.role,
            m.joined_on.isoformat(),
            m.left_on.isoformat() if m.left_on else "",
            m.pk,
        )
        for m in team.members.order_by("pk")
    ]


def test_a_coordinator_moves_a_member_to_another_team(client, world, english_interface):
    people = world["people"]
    first = make_team(world["a"], name="De Wijkkeuken", members=[(people["sam"], Role.RESIDENT)])
    second = make_team(world["a"], name="Repair Café")
    client.force_login(people["coordinator"])

    # Joining the second team while still in the first is refused, with the way out.
    refused = client.post(
        edit_url(second),
        team_form(world["a"], name="Repair Café", members=[member(people["sam"], Role.RESIDENT)]),
    )
    assert refused.status_code == 200
    assert "is still a member of De Wijkkeuken" in refused.content.decode()

    rows = existing(first)
    rows[0]["left_on"] = "2027-03-01"
    left = client.post(edit_url(first), team_form(world["a"], members=rows, initial=1))
    joined = client.post(
        edit_url(second),
        team_form(
            world["a"],
            name="Repair Café",
            members=[member(people["sam"], Role.RESIDENT, joined_on="2027-03-02")],
        ),
    )

    assert left.status_code == 302 and joined.status_code == 302
    assert TeamMember.objects.get(team=first).left_on == datetime.date(2027, 3, 1)
    assert TeamMember.objects.get(team=second, user=people["sam"]).left_on is None


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_another_programmes_team_is_a_404_for_a_coordinator(client, world, view):
    client.force_login(world["people"]["coordinator"])

    response = client.get(reverse(f"teams:{view}", args=[world["team_b"].pk]))

    assert response.status_code == 404


def test_the_list_shows_only_the_coordinators_own_teams(client, world):
    own = make_team(world["a"], name="De Wijkkeuken")
    client.force_login(world["people"]["coordinator"])

    response = client.get(reverse("teams:index"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [own]


def test_the_list_filters_by_programme_and_phase(client, world):
    programme = world["a"]
    make_team(programme, name="De Wijkkeuken")
    launched = make_team(programme, name="Repair Café", phase=Team.Phase.LAUNCHED)
    client.force_login(world["people"]["coordinator"])

    response = client.get(
        reverse("teams:index"), {"programme": programme.pk, "phase": Team.Phase.LAUNCHED}
    )

    assert list(response.context["object_list"]) == [launched]
    # Only the coordinator's own programmes are offered to filter by.
    assert world["b"].title not in response.content.decode()


def test_people_of_another_programme_cannot_be_picked(client, world):
    people = world["people"]
    client.force_login(people["coordinator"])

    html = client.get(reverse("teams:add")).content.decode()

    assert "Sam" in html
    assert "Student B" not in html and "Coach B" not in html
    assert world["b"].title not in html.split('name="programme"')[1].split("</select>")[0]


def test_students_and_residents_as_coaches_and_coaches_as_members_are_refused(
    client, world, english_interface
):
    people = world["people"]
    client.force_login(people["coordinator"])

    response = client.post(
        reverse("teams:add"),
        team_form(
            world["a"],
            coaches=[people["sam"]],
            members=[member(people["coach"], Role.STUDENT), member(people["noor"], Role.RESIDENT)],
        ),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sam is not a coach of Overvecht, voorjaar 2027." in html
    assert "Coach is not a student or resident of Overvecht, voorjaar 2027." in html
    assert "Noor takes part in Overvecht, voorjaar 2027 as student." in html
    assert not Team.objects.filter(name="De Wijkkeuken").exists()


def test_people_of_another_programme_are_refused_even_when_posted(client, world):
    people = world["people"]
    client.force_login(people["coordinator"])

    response = client.post(
        reverse("teams:add"),
        team_form(
            world["a"],
            coaches=[people["coach_b"]],
            members=[member(people["student_b"], Role.STUDENT)],
        ),
    )

    assert response.status_code == 200
    assert not Team.objects.filter(name="De Wijkkeuken").exists()


def test_a_team_cannot_be_created_in_another_programme(client, world):
    client.force_login(world["people"]["coordinator"])

    response = client.post(reverse("teams:add"), team_form(world["b"]))

    assert response.status_code == 200
    assert not Team.objects.filter(name="De Wijkkeuken").exists()


def test_participants_and_coaches_have_no_team_screens(client, world):
    for persona in ["sam", "coach"]:
        client.force_login(world["people"][persona])
        response = client.get(reverse("teams:index"))
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("teams:index"))


def test_the_history_shows_who_changed_what_and_when(client, world, english_interface):
    people = world["people"]
    with time_machine.travel(NOW, tick=False):
        # Signed in at the travelled-to time, so the session has not expired.
        client.force_login(people["coordinator"])
        client.post(
            reverse("teams:add"),
            team_form(
                world["a"],
                coaches=[people["coach"]],
                members=[member(people["sam"], Role.RESIDENT)],
            ),
        )
    team = Team.objects.get(name="De Wijkkeuken")
    rows = existing(team)
    with time_machine.travel(NOW + datetime.timedelta(days=14), tick=False):
        client.force_login(people["coordinator"])
        response = client.post(
            edit_url(team),
            team_form(
                world["a"],
                phase=Team.Phase.CONTINUATION,
                coaches=[],
                members=[*rows, member(people["noor"], Role.STUDENT, joined_on="2027-03-15")],
                initial=len(rows),
            ),
        )
    assert response.status_code == 302, response.context["form"].errors

    entries = list(ModelLogEntry.objects.for_instance(team).order_by("timestamp"))
    assert [(e.action, e.user, e.timestamp) for e in entries] == [
        ("prototypes.team.create", people["coordinator"], NOW),
        ("prototypes.team.edit", people["coordinator"], NOW + datetime.timedelta(days=14)),
    ]
    html = client.get(reverse("teams:history", args=[team.pk])).content.decode()
    assert "members: added Sam (resident)" in html
    assert "coaches: added Coach" in html
    assert "phase: Programme → Continuation" in html
    assert "members: added Noor (student)" in html
    assert "coaches: removed Coach" in html
    assert "Coordinator" in html


def test_saving_without_changes_adds_nothing_to_the_history(client, world):
    people = world["people"]
    team = make_team(
        world["a"],
        members=[(people["sam"], Role.RESIDENT)],
        neighbourhood_question="Hoe eten buren vaker samen?",
    )
    client.force_login(people["coordinator"])

    response = client.post(edit_url(team), team_form(world["a"], members=existing(team), initial=1))

    assert response.status_code == 302
    assert not ModelLogEntry.objects.for_instance(team).exists()


def test_a_member_leaving_is_kept_in_the_history(client, world, english_interface):
    people = world["people"]
    team = make_team(world["a"], members=[(people["sam"], Role.RESIDENT)])
    client.force_login(people["coordinator"])
    rows = existing(team)
    rows[0]["left_on"] = "2027-03-01"

    client.post(edit_url(team), team_form(world["a"], members=rows, initial=1))

    html = client.get(reverse("teams:history", args=[team.pk])).content.decode()
    assert "members: Sam left on 1 March 2027" in html


def team_with_submitted_evidence(world):
    """A team of programme A whose submitted iteration has two files, and the files' paths
    in the private storage."""
    sam = world["people"]["sam"]
    team = make_team(world["a"], members=[(sam, Role.RESIDENT)])
    iteration = team.prototype.start_iteration(by=sam)
    paths = []
    for name in ["verslag.pdf", "interview.pdf"]:
        evidence = Evidence.objects.create(
            iteration=iteration,
            kind=Evidence.Kind.DOCUMENT,
            file=ContentFile(b"%PDF-1.4", name=name),
            original_name=name,
            content_type="application/pdf",
            size=8,
        )
        paths.append(Path(evidence.file.path))
    iteration.submit(by=sam)
    return team, paths


def test_a_coordinator_deletes_a_team_with_submitted_work_and_its_files(
    client, world, postgres, django_capture_on_commit_callbacks
):
    team, paths = team_with_submitted_evidence(world)
    assert all(path.is_file() for path in paths)
    assert all(path.is_relative_to(settings.PRIVATE_ROOT) for path in paths)
    client.force_login(world["people"]["coordinator"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("teams:delete", args=[team.pk]))

    assert response.status_code == 302
    assert not Team.objects.filter(pk=team.pk).exists()
    assert not any(path.exists() for path in paths)


def test_a_team_deletion_that_is_rolled_back_keeps_the_files(
    world, postgres, django_capture_on_commit_callbacks
):
    team, paths = team_with_submitted_evidence(world)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        deleting_team_work(),
    ):
        Team.objects.filter(pk=team.pk).delete()
        raise RuntimeError("Something after the deletion failed.")

    assert callbacks == []
    assert Evidence.objects.filter(iteration__prototype__team=team).count() == 2
    assert all(path.is_file() for path in paths)


def test_a_coordinator_opens_their_teams_edit_form_and_history(client, world):
    team = make_team(world["a"], members=[(world["people"]["sam"], Role.RESIDENT)])
    client.force_login(world["people"]["coordinator"])

    assert client.get(edit_url(team)).status_code == 200
    assert client.get(reverse("teams:history", args=[team.pk])).status_code == 200


def test_a_superuser_sees_every_programmes_teams(client, world):
    make_team(world["a"], name="De Wijkkeuken")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("teams:index"))

    assert {team.name for team in response.context["object_list"]} == {
        "De Wijkkeuken",
        "Kanaal Koken",
    }


def test_the_list_searches_by_name(client, world):
    make_team(world["a"], name="De Wijkkeuken")
    repair = make_team(world["a"], name="Repair Café")
    client.force_login(world["people"]["coordinator"])

    response = client.get(reverse("teams:index"), {"q": "repair"})

    assert list(response.context["object_list"]) == [repair]


def test_the_admin_menu_offers_teams_to_coordinators(client, world):
    client.force_login(world["people"]["coordinator"])

    response = client.get(reverse("wagtailadmin_home"))

    assert reverse("teams:index") in response.content.decode()
