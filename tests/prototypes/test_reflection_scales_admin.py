"""Self-assessment scales in the Wagtail admin: a coordinator manages their programme's
scales; a scale that has been scored keeps its name and meanings and stays."""

import datetime

import pytest
from django.urls import reverse

from prototypes.models import Reflection, ReflectionScale
from prototypes.models.reflections import find_period
from tests.factories import make_team_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_team_world()


def scored(world):
    """The first scale of programme A, scored in one reflection."""
    scales = list(ReflectionScale.objects.for_programme(world["a"]))
    team = world["team"]
    period = find_period(team, "weekly", 1)
    Reflection.write(
        world["people"]["member"],
        team,
        period,
        answers=[{"prompt": "Wat leerde je?", "answer": "Veel."}],
        scores={scales[0]: 4},
        visibility="private",
        now=datetime.datetime.combine(period.first_day, datetime.time(12), tzinfo=period.zone),
    )
    return scales[0]


def form(scale=None, **changes):
    data = {
        "programme": scale.programme_id if scale else "",
        "name": scale.name if scale else "",
        "low_label": scale.low_label if scale else "",
        "high_label": scale.high_label if scale else "",
        "sort_order": scale.sort_order if scale else 0,
    }
    if scale is None or scale.active:
        data["active"] = "on"
    data.update(changes)
    if data.get("active") is False:
        del data["active"]
    return data


def test_the_list_offers_the_default_scales_of_the_coordinators_programmes(
    client, world, english_interface
):
    client.force_login(world["people"]["coordinator"])

    response = client.get(reverse("reflection_scales:index"))

    assert response.status_code == 200
    scales = ReflectionScale.objects.filter(programme=world["a"])
    assert scales.count() == 4
    html = response.content.decode()
    for scale in scales:
        assert reverse("reflection_scales:edit", args=[scale.pk]) in html
    assert not ReflectionScale.objects.filter(programme=world["b"]).exists()


def test_a_coordinator_changes_a_scale_nobody_scored_and_adds_one(client, world):
    scale = ReflectionScale.objects.for_programme(world["a"]).first()
    client.force_login(world["people"]["coordinator"])

    changed = client.post(
        reverse("reflection_scales:edit", args=[scale.pk]),
        form(scale, name="Zelfvertrouwen", low_label="Weinig", high_label="Veel"),
    )
    added = client.post(
        reverse("reflection_scales:add"),
        form(programme=world["a"].pk, name="Plezier in het werk", sort_order=5),
    )

    assert changed.status_code == 302 and added.status_code == 302
    scale.refresh_from_db()
    assert (scale.name, scale.low_label, scale.high_label) == ("Zelfvertrouwen", "Weinig", "Veel")
    assert ReflectionScale.objects.filter(programme=world["a"], name="Plezier in het werk").exists()


def test_a_scale_cannot_be_added_to_another_coordinators_programme(client, world):
    client.force_login(world["people"]["coordinator"])

    response = client.post(
        reverse("reflection_scales:add"), form(programme=world["b"].pk, name="Niet van mij")
    )

    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    assert not ReflectionScale.objects.filter(name="Niet van mij").exists()


def test_a_scored_scale_keeps_its_name_and_meanings_but_can_stop_being_asked(
    client, world, english_interface
):
    scale = scored(world)
    client.force_login(world["people"]["coordinator"])
    url = reverse("reflection_scales:edit", args=[scale.pk])

    page = client.get(url)
    response = client.post(url, form(scale, name="Iets heel anders", active=False), follow=True)

    html = page.content.decode()
    assert "This scale has been scored in reflections" in html
    assert "Set it to not asked and add a new scale instead." in html
    assert page.context["form"].fields["name"].disabled
    assert reverse("reflection_scales:delete", args=[scale.pk]) not in html
    assert response.status_code == 200
    scale.refresh_from_db()
    assert scale.name != "Iets heel anders"
    assert not scale.active
    assert scale not in ReflectionScale.objects.for_programme(world["a"])


def test_a_scored_scale_cannot_be_deleted_one_that_nobody_scored_can(
    client, world, english_interface
):
    scale = scored(world)
    unscored = ReflectionScale.objects.for_programme(world["a"]).last()
    client.force_login(world["people"]["coordinator"])

    refused = client.post(reverse("reflection_scales:delete", args=[scale.pk]), follow=True)
    deleted = client.post(reverse("reflection_scales:delete", args=[unscored.pk]))

    assert refused.redirect_chain[0][0] == reverse("reflection_scales:edit", args=[scale.pk])
    assert "cannot be deleted" in refused.content.decode()
    assert ReflectionScale.objects.filter(pk=scale.pk).exists()
    assert deleted.status_code == 302
    assert not ReflectionScale.objects.filter(pk=unscored.pk).exists()


@pytest.mark.parametrize("persona", ["other_coordinator", "coach", "member"])
def test_another_programmes_scales_are_not_theirs_to_manage(client, world, persona):
    scale = ReflectionScale.objects.for_programme(world["a"]).first()
    client.force_login(world["people"][persona])

    response = client.get(reverse("reflection_scales:edit", args=[scale.pk]))

    if persona == "other_coordinator":
        assert response.status_code == 404
        index = client.get(reverse("reflection_scales:index")).content.decode()
        assert reverse("reflection_scales:edit", args=[scale.pk]) not in index
    else:
        # No admin at all: Wagtail sends them away from it.
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("reflection_scales:index"))
    client.post(reverse("reflection_scales:edit", args=[scale.pk]), form(scale, name="Weg"))
    client.post(reverse("reflection_scales:delete", args=[scale.pk]))
    scale.refresh_from_db()
    assert scale.name != "Weg"
