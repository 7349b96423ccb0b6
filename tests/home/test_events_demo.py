"""The demo's agenda: the conference, the networking drinks and the programme's canvas
workshop in Dutch and English, with registrations and a full workshop."""

import pytest

from courses.models import ProgrammePage
from home.models import EventIndexPage, EventPage, EventRegistration
from tests.home.test_demo_data import demo  # noqa: F401  (the module's demo build)

pytestmark = pytest.mark.django_db


def test_the_demo_has_events_in_both_languages_and_a_full_workshop(demo, client):  # noqa: F811
    events = EventPage.objects.live()
    assert {page.locale.language_code for page in events} == {"nl", "en"}
    assert set(events.values_list("kind", flat=True)) == {"conference", "workshop", "networking"}
    programme = ProgrammePage.objects.get(slug="sociaal-ondernemen-overvecht")
    workshops = EventIndexPage.objects.child_of(programme).get()
    workshop = EventPage.objects.child_of(workshops).get()
    assert workshop.is_full()
    assert workshop.registrations_of_event().waiting().count() == 2
    assert EventRegistration.objects.filter(event__locale__language_code="en").exists()

    for page in [*events, *EventIndexPage.objects.all()]:
        assert client.get(page.url).status_code == 200, page.url
    assert client.get(workshop.url + "register/").status_code == 200
