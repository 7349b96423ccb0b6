"""Impact reflections: what is due, writing one on the module's prompts and the
programme's scales, who reads it at each visibility, locking, continuation periods, and
what the pages cost."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from courses.models import Role
from prototypes import rules as access
from prototypes.models import Reflection, ReflectionScale, ReflectionScore, Team, TeamMember
from prototypes.models.reflections import (
    GENERAL_PROMPTS,
    ReflectionLockedError,
    find_period,
    started_periods,
)
from tests.factories import (
    TEAM_PERSONAS,
    UserFactory,
    add_module,
    enrol,
    make_programme,
    make_team,
    make_team_world,
    translate,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Programme A starts on Monday 1 February 2027 and runs 12 weeks, until 25 April.
# Week 1 is 1–7 February: its reflections lock when 15 February begins in Amsterdam.


def at(month, day, hour=12, minute=0):
    """A moment in Amsterdam, where the programme runs."""
    return datetime.datetime(2027, month, day, hour, minute, tzinfo=AMSTERDAM)


def prompt(text):
    return ("reflection_prompt", {"prompt": text})


@pytest.fixture(autouse=True)
def lasting_sessions(settings):
    """Tests log in today and then travel to 2027: keep the session alive meanwhile."""
    settings.SESSION_COOKIE_AGE = 5 * 365 * 24 * 3600


@pytest.fixture
def world():
    """The team world, with a former member and a week 2 module with two prompts."""
    world = make_team_world()
    add_module(
        world["a"],
        2,
        title="De buurt in",
        body=[prompt("Wie heb je deze week ontmoet?"), prompt("Wat verraste je?")],
    )
    former = UserFactory(display_name="Former Member")
    enrol(former, world["a"], Role.STUDENT)
    TeamMember.objects.create(
        team=world["team"],
        user=former,
        role=Role.STUDENT,
        joined_on=datetime.date(2027, 1, 1),
        left_on=datetime.date(2027, 1, 20),
    )
    world["people"]["former_member"] = former
    return world


def list_url(team):
    return reverse("prototypes:reflections", args=[team.pk])


def form_url(team, kind="weekly", period=1):
    return reverse("prototypes:reflection_form", args=[team.pk, kind, period])


def shared_url(team):
    return reverse("prototypes:reflections_shared", args=[team.pk])


def scale_data(scales, value=3):
    return {f"score_{scale.pk}": value for scale in scales}


def write(author, team, kind="weekly", number=1, visibility="coach", answer="Ik leerde veel."):
    """A reflection written through the model, at a moment its period is open."""
    period = find_period(team, kind, number)
    scales = ReflectionScale.objects.for_programme(team.programme)
    return Reflection.write(
        author,
        team,
        period,
        answers=[{"prompt": "Wat leerde je?", "answer": answer}],
        scores=dict.fromkeys(scales, 3),
        visibility=visibility,
        now=datetime.datetime.combine(period.first_day, datetime.time(12), tzinfo=AMSTERDAM),
    )


# The programme's scales


def test_a_programme_gets_the_four_default_scales_once(world, english_interface):
    scales = list(ReflectionScale.objects.for_programme(world["a"]))

    assert [scale.name for scale in scales] == [
        "Confidence as a social entrepreneur",
        "Connection to the neighbourhood",
        "Understanding of the neighbourhood’s questions",
        "Working across backgrounds",
    ]
    scales[1].active = False
    scales[1].save()
    again = list(ReflectionScale.objects.for_programme(world["a"]))
    assert [scale.pk for scale in again] == [scales[0].pk, scales[2].pk, scales[3].pk]
    assert ReflectionScale.objects.filter(programme=world["a"]).count() == 4


def test_a_translated_programme_shares_the_scales_of_its_default_locale_page(world):
    english = translate(world["a"], "en")

    scales = list(ReflectionScale.objects.for_programme(english))

    assert {scale.programme_id for scale in scales} == {world["a"].pk}
    assert list(ReflectionScale.objects.for_programme(world["a"])) == scales


def test_a_scored_scale_cannot_change_or_be_deleted_but_can_stop_being_asked(world):
    write(world["people"]["member"], world["team"])
    scale = ReflectionScale.objects.for_programme(world["a"]).first()
    unscored = ReflectionScale.objects.create(programme=world["a"], name="Nieuw", sort_order=9)

    scale.name = "Iets anders"
    with pytest.raises(ValidationError) as cleaned:
        scale.full_clean()
    assert "name" in cleaned.value.message_dict
    with pytest.raises(ValidationError):
        scale.save()
    scale.refresh_from_db()
    scale.high_label = "Heel erg"
    with pytest.raises(ValidationError):
        scale.save()
    with pytest.raises(ValidationError):
        ReflectionScale.objects.get(pk=scale.pk).delete()

    scale.refresh_from_db()
    scale.active = False
    scale.save()
    unscored.name = "Nog nieuwer"
    unscored.full_clean()
    unscored.save()
    unscored.delete()
    assert not ReflectionScale.objects.get(pk=scale.pk).active
    assert ReflectionScore.objects.filter(scale=scale).count() == 1


# Who reads a reflection, at each visibility

READERS = {
    "private": {"member"},
    "coach": {"member", "coach"},
    "team": {"member", "team_mate", "coach"},
}
PERSONAS = [*TEAM_PERSONAS, "former_member"]


@pytest.mark.parametrize("visibility", READERS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_reads_a_reflection_at_each_visibility(client, world, visibility, persona):
    reflection = write(
        world["people"]["member"], world["team"], visibility=visibility, answer="Geheim antwoord"
    )
    person = world["people"][persona]
    may_read = persona in READERS[visibility]

    if person is None:
        assert not Reflection.objects.readable_by(_anonymous()).exists()
    else:
        assert access.can_read_reflection(person, reflection) is may_read
        assert Reflection.objects.readable_by(person).filter(pk=reflection.pk).exists() is may_read
        client.force_login(person)

    page = form_url(world["team"]) if persona == "member" else shared_url(world["team"])
    with time_machine.travel(at(2, 3), tick=False):
        response = client.get(page)

    if person is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif persona in {"member", "team_mate", "coach"}:
        assert response.status_code == 200
        assert ("Geheim antwoord" in response.content.decode()) is may_read
    else:
        # Not in the team (any more), another team's coach, or a coordinator: coordinators
        # see figures on the dashboards, never what someone wrote.
        assert response.status_code == 404


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_current_members_write_reflections(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)

    with time_machine.travel(at(2, 3), tick=False):
        listing = client.get(list_url(world["team"]))
        form = client.get(form_url(world["team"]))

    if person is None:
        assert listing.status_code == form.status_code == 302
        assert form["Location"].startswith(reverse("account_login"))
    elif persona in {"member", "team_mate"}:
        assert listing.status_code == form.status_code == 200
    elif persona == "coach":
        # A coach is sent to what the team shares with them, and writes nothing.
        assert listing.status_code == 302 and listing["Location"] == shared_url(world["team"])
        assert form.status_code == 404
    else:
        assert listing.status_code == form.status_code == 404


def test_the_shared_page_shows_each_readable_reflection_once_with_its_author(
    client, world, english_interface
):
    people = world["people"]
    write(people["member"], world["team"], visibility="team", answer="Voor het team")
    write(people["team_mate"], world["team"], visibility="coach", answer="Voor de coach")
    write(people["team_mate"], world["team"], number=2, visibility="private", answer="Voor mij")
    write(people["other_team_member"], world["other_team"], visibility="team", answer="Ander")

    client.force_login(people["coach"])
    with time_machine.travel(at(2, 10), tick=False):
        coach_sees = client.get(shared_url(world["team"])).content.decode()
    client.force_login(people["team_mate"])
    with time_machine.travel(at(2, 10), tick=False):
        mate_sees = client.get(shared_url(world["team"])).content.decode()

    assert coach_sees.count("Voor het team") == 1 and "Voor de coach" in coach_sees
    assert "Voor mij" not in coach_sees and "Ander" not in coach_sees
    assert "Member" in coach_sees
    # Said to the reader, not in the author's words ("me and my coach").
    assert "Shared with: its author and the coach" in coach_sees
    assert "Voor het team" in mate_sees
    # Their own reflections are on their own list, not here.
    assert "Voor de coach" not in mate_sees and "Voor mij" not in mate_sees


# Writing one


def test_a_member_writes_a_reflection_on_the_modules_prompts(client, world):
    member, team = world["people"]["member"], world["team"]
    scales = list(ReflectionScale.objects.for_programme(world["a"]))
    scales[0].low_label, scales[0].high_label = "Helemaal niet", "Helemaal"
    scales[0].save()
    client.force_login(member)
    url = form_url(team, period=2)

    with time_machine.travel(at(2, 10), tick=False):
        page = client.get(url)
        html = page.content.decode()
        response = client.post(
            url,
            {
                "answer_0": "De buurvrouw van nummer 12.",
                "answer_1": "",
                **scale_data(scales, 4),
                "visibility": "team",
            },
        )

    assert page.status_code == 200
    assert "Wie heb je deze week ontmoet?" in html and "Wat verraste je?" in html
    # Each scale is a fieldset with a legend, its meanings read out with it.
    assert f"<legend>{scales[0].name}</legend>" in html
    assert "Helemaal niet" in html and f'id="id_score_{scales[0].pk}_meaning"' in html
    assert response.status_code == 302 and response["Location"] == list_url(team)
    reflection = Reflection.objects.get(author=member, team=team)
    assert (reflection.kind, reflection.period, reflection.visibility) == ("weekly", 2, "team")
    assert reflection.answers == [
        {"prompt": "Wie heb je deze week ontmoet?", "answer": "De buurvrouw van nummer 12."},
        {"prompt": "Wat verraste je?", "answer": ""},
    ]
    assert {score.scale_id: score.value for score in reflection.scores.all()} == {
        scale.pk: 4 for scale in scales
    }
    assert Team.objects.get(pk=team.pk).last_activity_at == at(2, 10)


def test_changing_a_reflection_keeps_the_prompts_it_was_written_on(client, world):
    member, team = world["people"]["member"], world["team"]
    scales = list(ReflectionScale.objects.for_programme(world["a"]))
    client.force_login(member)
    url = form_url(team, period=2)
    with time_machine.travel(at(2, 10), tick=False):
        client.post(url, {"answer_0": "Eerst", **scale_data(scales, 2), "visibility": "coach"})
    module = world["a"].modules()[1]
    module.body = [prompt("Een nieuwe vraag?")]
    module.save_revision().publish()

    with time_machine.travel(at(2, 12), tick=False):
        page = client.get(url)
        client.post(
            url,
            {
                "answer_0": "Daarna",
                "answer_1": "Ook",
                **scale_data(scales, 5),
                "visibility": "private",
            },
        )

    assert "Wie heb je deze week ontmoet?" in page.content.decode()
    assert "Een nieuwe vraag?" not in page.content.decode()
    assert page.context["form"]["answer_0"].value() == "Eerst"
    reflection = Reflection.objects.get(author=member)
    assert [item["answer"] for item in reflection.answers] == ["Daarna", "Ook"]
    assert reflection.visibility == "private"
    assert set(reflection.scores.values_list("value", flat=True)) == {5}
    assert Reflection.objects.count() == 1


def test_prompts_come_from_the_module_in_the_readers_language(client, world):
    module = world["a"].modules()[1]
    english = translate(module, "en")
    english.body = [prompt("Who did you meet this week?")]
    english.save_revision().publish()
    client.force_login(world["people"]["member"])

    with time_machine.travel(at(2, 10), tick=False), translation.override("en"):
        english_page = client.get(form_url(world["team"], period=2)).content.decode()
    with time_machine.travel(at(2, 10), tick=False):
        dutch_page = client.get(form_url(world["team"], period=2)).content.decode()

    assert "Who did you meet this week?" in english_page
    assert "Wie heb je deze week ontmoet?" in dutch_page


def test_a_week_without_prompts_asks_the_general_questions(client, world, english_interface):
    client.force_login(world["people"]["member"])

    with time_machine.travel(at(2, 3), tick=False):
        html = client.get(form_url(world["team"], period=1)).content.decode()
    with time_machine.travel(at(4, 20), tick=False):
        final = client.get(form_url(world["team"], "final", 12)).content.decode()

    assert str(GENERAL_PROMPTS["weekly"][0]) in html
    assert str(GENERAL_PROMPTS["final"][1]) in final


def test_the_list_shows_what_is_due_and_what_was_written(client, world, english_interface):
    member, team = world["people"]["member"], world["team"]
    write(member, team, number=1)
    client.force_login(member)

    with time_machine.travel(at(3, 17), tick=False):  # week 7: the mid-term was week 6
        response = client.get(list_url(team))

    due = [(row.period.kind, row.period.number) for row in response.context["to_write"]]
    assert due == [("weekly", 7), ("midterm", 6), ("weekly", 6)]
    assert [row.reflection.period for row in response.context["written"]] == [1]
    assert [row.period.number for row in response.context["missed"]] == [5, 4, 3, 2]
    html = response.content.decode()
    assert form_url(team, "midterm", 6) in html and "Mid-term reflection (week 6)" in html


# Bad input


def test_a_score_outside_1_to_5_or_missing_is_refused_and_what_was_typed_stays(
    client, world, english_interface
):
    scales = list(ReflectionScale.objects.for_programme(world["a"]))
    client.force_login(world["people"]["member"])
    data = {"answer_0": "Wat ik typte", **scale_data(scales, 3), "visibility": "coach"}
    data[f"score_{scales[0].pk}"] = 6
    del data[f"score_{scales[1].pk}"]

    with time_machine.travel(at(2, 10), tick=False):
        response = client.post(form_url(world["team"], period=2), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Choose a score from 1 to 5 for “{scales[0].name}”." in html
    assert f"Choose a score from 1 to 5 for “{scales[1].name}”." in html
    assert "Wat ik typte" in html
    assert f'value="3" id="id_score_{scales[2].pk}_3" checked' in html
    assert not Reflection.objects.exists()


def test_a_reflection_without_any_answer_is_refused(client, world, english_interface):
    scales = list(ReflectionScale.objects.for_programme(world["a"]))
    client.force_login(world["people"]["member"])

    with time_machine.travel(at(2, 10), tick=False):
        response = client.post(
            form_url(world["team"], period=2),
            {"answer_0": "  ", **scale_data(scales), "visibility": "nobody"},
        )

    html = response.content.decode()
    assert "Answer at least one of the questions." in html
    assert "Choose who may read your reflection." in html
    assert not Reflection.objects.exists()


@pytest.mark.parametrize(
    "kind,period",
    [
        ("yearly", 1),
        ("weekly", 13),
        ("weekly", 0),
        ("midterm", 5),
        ("final", 11),
        ("continuation", 1),  # the team is not in continuation
    ],
)
def test_an_unknown_kind_or_period_is_a_404(client, world, kind, period):
    client.force_login(world["people"]["member"])

    with time_machine.travel(at(4, 20), tick=False):
        assert client.get(form_url(world["team"], kind, period)).status_code == 404


def test_a_week_that_has_not_started_cannot_be_written_yet(client, world, english_interface):
    client.force_login(world["people"]["member"])

    with time_machine.travel(at(2, 7, 23, 59), tick=False):
        response = client.get(form_url(world["team"], period=2), follow=True)

    assert response.redirect_chain[-1][0] == list_url(world["team"])
    assert "Week 2 has not started yet" in response.content.decode()


# Locking a week after the period ends, in the programme's time zone


def test_a_reflection_locks_a_week_after_its_week_ends(client, world, english_interface):
    member, team = world["people"]["member"], world["team"]
    scales = list(ReflectionScale.objects.for_programme(world["a"]))
    client.force_login(member)
    url = form_url(team, period=1)

    def post(answer):
        return client.post(url, {"answer_0": answer, **scale_data(scales), "visibility": "coach"})

    with time_machine.travel(at(2, 14, 23, 59), tick=False):
        assert post("Op het nippertje").status_code == 302
    # 23:30 UTC on 14 February is already 15 February in Amsterdam.
    with time_machine.travel(datetime.datetime(2027, 2, 14, 23, 30, tzinfo=datetime.UTC)):
        refused = post("Te laat")
        page = client.get(url)

    assert refused.status_code == 302 and refused["Location"] == url
    assert Reflection.objects.get(author=member).answers[0]["answer"] == "Op het nippertje"
    html = page.content.decode()
    assert "This reflection is locked" in html and "Op het nippertje" in html
    assert "<form" not in html.split('id="main"')[-1].split("</main>")[0]
    with pytest.raises(ReflectionLockedError):
        Reflection.write(
            member,
            team,
            find_period(team, "weekly", 1),
            answers=[],
            scores={},
            visibility="coach",
            now=at(2, 15, 0, 0),
        )


# Continuation


def test_a_team_in_continuation_reflects_every_four_weeks_after_the_programme(
    client, world, english_interface
):
    member, team = world["people"]["member"], world["team"]
    write(member, team, number=12)
    team.phase = Team.Phase.CONTINUATION
    team.save(update_fields=["phase"])
    scales = list(ReflectionScale.objects.for_programme(world["a"]))
    client.force_login(member)

    # The programme ends on Sunday 25 April; period 1 is 26 April – 23 May.
    with time_machine.travel(at(4, 25, 23), tick=False):
        assert started_periods(Team.objects.get(pk=team.pk)) == []
    with time_machine.travel(at(5, 24, 9), tick=False):
        listing = client.get(list_url(team))
        page = client.get(form_url(team, "continuation", 1))
        response = client.post(
            form_url(team, "continuation", 1),
            {
                "answer_0": "Een vaste plek gevonden.",
                **scale_data(scales),
                "visibility": "team",
            },
        )
        later = client.get(form_url(team, "continuation", 3))
        far_beyond = client.get(form_url(team, "continuation", 10**9))
        weekly = client.get(form_url(team, "weekly", 5))

    due = [(row.period.kind, row.period.number) for row in listing.context["to_write"]]
    assert due == [("continuation", 2), ("continuation", 1)]
    # What the member wrote in the programme is still on their list.
    assert [row.period.number for row in listing.context["written"]] == [12]
    assert str(GENERAL_PROMPTS["continuation"][0]) in page.content.decode()
    assert response.status_code == 302
    assert Reflection.objects.filter(kind="continuation", period=1, author=member).exists()
    assert later.status_code == 302  # period 3 has not started
    assert far_beyond.status_code == 404
    assert "This reflection is locked" in weekly.content.decode()
    period = find_period(team, "continuation", 1)
    assert period.locks_at == at(5, 31, 0, 0)


# Deliverables and the workspace


def test_the_workspace_links_members_and_coaches_to_reflections(client, world):
    team = world["team"]
    for persona, links in [
        ("member", [list_url(team), shared_url(team)]),
        ("coach", [shared_url(team)]),
        ("coordinator", []),
    ]:
        client.force_login(world["people"][persona])
        html = client.get(reverse("prototypes:team_workspace", args=[team.pk])).content.decode()
        for url in [list_url(team), shared_url(team)]:
            assert (f'href="{url}"' in html) is (url in links), (persona, url)


# What the pages cost


def _member_with_reflections(count, name):
    programme = make_programme(title=name, modules=1, start_date=datetime.date(2027, 2, 1))
    member, mate, coach = UserFactory(), UserFactory(), UserFactory()
    team = make_team(
        programme,
        name=name,
        members=[(member, Role.STUDENT), (mate, Role.RESIDENT)],
        coaches=[coach],
    )
    for number in range(1, count + 1):
        write(member, team, number=number, visibility="team")
    return team, member, coach


def test_the_list_and_shared_pages_cost_the_same_for_1_and_12_reflections(
    client, django_assert_num_queries
):
    small, small_member, small_coach = _member_with_reflections(1, "Klein")
    large, large_member, large_coach = _member_with_reflections(12, "Groot")

    with time_machine.travel(at(4, 20), tick=False):
        for (team_small, person_small), (team_large, person_large), url in [
            ((small, small_member), (large, large_member), list_url),
            ((small, small_coach), (large, large_coach), shared_url),
        ]:
            client.force_login(person_small)
            client.get(url(team_small))  # warm the caches
            reset_queries()  # the setup's many queries would fill the capture log
            with CaptureQueriesContext(connection) as one:
                assert client.get(url(team_small)).status_code == 200
            expected = len(one.captured_queries)  # read before the log is reset again
            client.force_login(person_large)
            client.get(url(team_large))
            reset_queries()
            with django_assert_num_queries(expected):
                response = client.get(url(team_large))
            assert response.status_code == 200
    assert len(response.context["reflections"]) == 12
