"""The admin's registration lists: the editors of an event see its registrations and
export them; a coordinator of another programme sees none of them."""

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.models import SITE_EDITORS, Role
from home import events
from tests.factories import UserFactory, enrol, make_programme

from .events_site import BEFORE, agenda, event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with time_machine.travel(BEFORE, tick=False):
        programme = make_programme(title="Overvecht", modules=0)
        other = make_programme(title="Kanaleneiland", modules=0)
        coordinator, other_coordinator = UserFactory(), UserFactory()
        enrol(coordinator, programme, Role.COORDINATOR)
        enrol(other_coordinator, other, Role.COORDINATOR)
        own = event(agenda(programme), title="Canvasworkshop")
        network = event(agenda(), title="Netwerkborrel")
        events.register(own, name="Amira", email="amira@example.org")
        events.register(network, name="Bram", email="bram@example.org")
    return {"coordinator": coordinator, "other_coordinator": other_coordinator}


def test_a_coordinator_sees_and_exports_the_registrations_of_their_programme(client, world):
    client.force_login(world["coordinator"])

    html = client.get(reverse("event_registrations:index")).content.decode()
    export = client.get(reverse("event_registrations:index") + "?export=csv")

    assert "amira@example.org" in html
    assert "bram@example.org" not in html
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert len(rows) == 2
    assert "amira@example.org" in rows[1] and "Canvasworkshop" in rows[1]


def test_a_coordinator_of_another_programme_sees_none_of_them(client, world):
    client.force_login(world["other_coordinator"])

    response = client.get(reverse("event_registrations:index"))

    assert response.status_code in (302, 403)
    assert b"amira@example.org" not in response.content


def test_a_site_editor_sees_every_registration(client, world):
    site_editor = UserFactory()
    site_editor.groups.add(Group.objects.get(name=SITE_EDITORS))
    client.force_login(site_editor)

    html = client.get(reverse("event_registrations:index")).content.decode()

    assert "amira@example.org" in html and "bram@example.org" in html


def test_nobody_edits_registrations_in_the_admin(client, world):
    from home.models import EventRegistration

    client.force_login(world["coordinator"])
    registration = EventRegistration.objects.get(email="amira@example.org")

    response = client.get(reverse("event_registrations:edit", args=[registration.pk]))

    assert response.status_code in (302, 403)
