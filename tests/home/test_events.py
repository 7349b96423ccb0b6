"""Events and workshops: registering, the waiting list, cancelling, the emails and
who may edit them."""

import datetime
import threading

import icalendar
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from courses.models import SITE_EDITORS, ProgrammePage, Role
from home import events
from home.models import EventIndexPage, EventPage, EventRegistration, HomePage
from learninglab import privacy
from tests.factories import UserFactory, enrol, make_programme, translate

from .events_site import BEFORE, STARTS_AT, agenda, event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def before_the_event():
    with time_machine.travel(BEFORE, tick=False):
        yield


@pytest.fixture
def workshop():
    return event(agenda(), capacity=2)


def register_url(page):
    return page.url + "register/"


def post_registration(client, page, name="Fatima El Amrani", email="fatima@example.org", **extra):
    with_commit = {"name": name, "email": email, "remarks": extra.pop("remarks", "")}
    return client.post(register_url(page), with_commit, **extra)


def register(page, email, name="Iemand"):
    return events.register(page, name=name, email=email)


def cancel_path(registration):
    return registration.event.url + f"cancel/{events.make_token(registration)}/"


# Page types -------------------------------------------------------------------------------


def test_event_pages_go_on_the_home_page_and_under_a_programme():
    assert HomePage in EventIndexPage.allowed_parent_page_models()
    assert ProgrammePage in EventIndexPage.allowed_parent_page_models()
    assert EventIndexPage.allowed_subpage_models() == [EventPage]
    assert EventPage.allowed_parent_page_models() == [EventIndexPage]
    assert EventPage.allowed_subpage_models() == []
    assert EventIndexPage in ProgrammePage.allowed_subpage_models()


def test_event_page_shows_its_time_in_amsterdam(client, workshop):
    response = client.get(workshop.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "19:00" in html
    assert response.context["page"].places_left() == 2


def test_translations_share_the_schedule_and_capacity_through_wagtail_localize(workshop):
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    translate(workshop.get_parent(), "en")
    english = Locale.objects.get(language_code="en")
    source, _ = TranslationSource.get_or_create_from_instance(workshop)
    source.create_or_update_translation(english, fallback=True)

    later = STARTS_AT + datetime.timedelta(days=7)
    workshop.starts_at, workshop.ends_at = later, later + datetime.timedelta(hours=2)
    workshop.capacity = 30
    workshop.save_revision().publish()
    source.update_from_db()
    translation, _ = source.create_or_update_translation(english, fallback=True)

    translation = EventPage.objects.get(pk=translation.pk)
    assert (translation.starts_at, translation.capacity) == (later, 30)
    assert translation.registrations_of_event().count() == 0


# Registering -----------------------------------------------------------------------------


def test_visitor_registers_and_gets_a_dutch_confirmation_with_the_event(
    client, django_capture_on_commit_callbacks, workshop
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(client, workshop, remarks="Ik kom met een rolstoel.")

    registration = EventRegistration.objects.get()
    assert registration.status == EventRegistration.Status.CONFIRMED
    assert registration.remarks == "Ik kom met een rolstoel."
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.context["registration"] == registration
    assert page["Cache-Control"].count("private")

    [message] = mail.outbox
    assert message.to == ["fatima@example.org"]
    assert workshop.title in message.subject
    assert "maandag 15 maart 2027, 19:00" in message.body  # Dutch, Amsterdam time
    _, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert cancel_path(registration) in message.body
    [(filename, content, content_type)] = message.attachments
    assert filename.endswith(".ics")
    assert content_type.startswith("text/calendar")
    [item] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert item.decoded("dtstart") == datetime.datetime(2027, 3, 15, 18, 0, tzinfo=datetime.UTC)
    assert item.decoded("dtend") == datetime.datetime(2027, 3, 15, 20, 0, tzinfo=datetime.UTC)
    assert str(item["summary"]) == workshop.title
    assert "Zamenhofdreef" in str(item["location"])


def test_signed_in_person_finds_their_name_and_address_filled_in(client, workshop):
    person = UserFactory(display_name="Noor Bakker", email="noor@example.org")
    client.force_login(person)

    html = client.get(register_url(workshop)).content.decode()

    assert 'value="Noor Bakker"' in html
    assert 'value="noor@example.org"' in html


def test_registration_is_linked_to_the_signed_in_account(client, workshop):
    person = UserFactory(email="noor@example.org")
    client.force_login(person)

    post_registration(client, workshop, email="noor@example.org")

    assert EventRegistration.objects.get().user == person


def test_at_capacity_the_next_person_goes_on_the_waiting_list(
    client, django_capture_on_commit_callbacks, workshop
):
    register(workshop, "een@example.org")
    register(workshop, "twee@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(client, workshop, email="drie@example.org")

    registration = EventRegistration.objects.get(email="drie@example.org")
    assert registration.status == EventRegistration.Status.WAITING
    assert registration.waiting_position() == 1
    page = client.get(response["Location"])
    assert page.context["position"] == 1
    [message] = mail.outbox
    assert message.subject.endswith(workshop.title)
    assert "maart" in message.body  # in Dutch, the language of the page
    assert message.attachments == []
    assert workshop.places_left() == 0


def test_full_event_without_waiting_list_says_so_and_keeps_the_form(client):
    page = event(agenda(), capacity=1, waiting_list=False)
    register(page, "een@example.org")

    response = post_registration(client, page, name="Sem", email="sem@example.org")

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].non_field_errors()
    assert 'value="Sem"' in html
    assert not EventRegistration.objects.filter(email="sem@example.org").exists()


def test_same_email_twice_is_refused_with_a_clear_message(client, workshop):
    post_registration(client, workshop, email="fatima@example.org")

    response = post_registration(client, workshop, email="Fatima@Example.org")

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert 'value="Fatima@Example.org"' in response.content.decode()
    assert EventRegistration.objects.count() == 1


def test_the_database_refuses_a_second_active_registration():
    page = event(agenda())
    register(page, "fatima@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        EventRegistration.objects.create(
            event=page, name="Dubbel", email="FATIMA@example.org", status="confirmed"
        )


def test_after_cancelling_the_same_email_may_register_again(workshop):
    registration = register(workshop, "fatima@example.org")
    events.cancel(registration)

    again = register(workshop, "fatima@example.org")

    assert again.status == EventRegistration.Status.CONFIRMED


def test_registering_in_english_gets_english_email_and_counts_for_both_languages(
    client, django_capture_on_commit_callbacks, workshop
):
    english = translate(workshop, "en")
    register(workshop, "een@example.org")
    assert english.capacity == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(client, english, email="jo@example.org")

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject.startswith("You are registered")
    assert "/en/" in message.body
    assert workshop.places_left() == 0
    # The same address cannot take a second place through the other language.
    again = post_registration(client, workshop, email="jo@example.org")
    assert again.context["form"].errors["email"]


def test_registration_closed_before_it_opens_and_after_it_closes(client):
    index = agenda()
    closed = event(index, registration_closes_at=BEFORE - datetime.timedelta(hours=1))
    not_yet = event(index, title="Later", registration_opens_at=BEFORE + datetime.timedelta(days=1))

    for page in (closed, not_yet):
        response = post_registration(client, page)
        assert response.status_code == 200
        assert '<form method="post"' not in response.content.decode()
    assert client.get(closed.url).context["registration_state"] == "closed"
    assert not EventRegistration.objects.exists()


def test_registration_closes_when_the_event_starts(workshop):
    with time_machine.travel(STARTS_AT, tick=False), pytest.raises(events.Refused) as refused:
        register(workshop, "laat@example.org")
    assert refused.value.reason == events.Refused.CLOSED


@pytest.mark.parametrize(
    ("name", "email", "field"),
    [
        ("", "fatima@example.org", "name"),
        ("   ", "fatima@example.org", "name"),
        ("Fatima", "geen-adres", "email"),
        ("Fatima", "", "email"),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_stays(client, workshop, name, email, field):
    response = post_registration(client, workshop, name=name, email=email, remarks="Vegetarisch")

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    html = response.content.decode()
    assert "Vegetarisch" in html
    if email:
        assert f'value="{email}"' in html
    assert not EventRegistration.objects.exists()


def test_registrations_are_rate_limited_per_address(client, settings, workshop):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "event_registration": "1/m/ip"}
    post_registration(client, workshop, email="een@example.org")

    response = post_registration(client, workshop, name="Twee", email="twee@example.org")

    assert response.status_code == 429
    assert "veel aanmeldingen via deze internetverbinding" in response.content.decode()
    assert 'value="twee@example.org"' in response.content.decode()
    assert EventRegistration.objects.count() == 1


# Cancelling -------------------------------------------------------------------------------


def test_cancel_link_asks_first_and_a_post_cancels_and_promotes_the_waiting_list(
    client, django_capture_on_commit_callbacks, workshop
):
    first = register(workshop, "een@example.org")
    register(workshop, "twee@example.org")
    waiting = register(workshop, "drie@example.org", name="Drie")
    later = register(workshop, "vier@example.org")
    assert later.waiting_position() == 2
    mail.outbox.clear()

    # Opening the link (as a mail scanner does) changes nothing.
    shown = client.get(cancel_path(first))
    assert shown.status_code == 200
    first.refresh_from_db()
    assert first.status == EventRegistration.Status.CONFIRMED

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(cancel_path(first))

    assert done.status_code == 200
    first.refresh_from_db()
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert first.status == EventRegistration.Status.CANCELLED
    assert waiting.status == EventRegistration.Status.CONFIRMED
    assert waiting.promoted_at is not None
    assert later.waiting_position() == 1
    [message] = mail.outbox
    assert message.to == ["drie@example.org"]
    assert workshop.title in message.subject
    assert "maart" in message.body
    [(_, content, _)] = message.attachments
    assert icalendar.Calendar.from_ical(content).walk("VEVENT")


def test_raising_the_capacity_moves_the_waiting_list_up(
    django_capture_on_commit_callbacks, workshop
):
    register(workshop, "een@example.org")
    register(workshop, "twee@example.org")
    waiting = register(workshop, "drie@example.org")
    mail.outbox.clear()

    workshop.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        workshop.save_revision().publish()

    waiting.refresh_from_db()
    assert waiting.status == EventRegistration.Status.CONFIRMED
    assert [message.to for message in mail.outbox] == [["drie@example.org"]]


def test_a_used_cancel_link_says_it_was_cancelled_already(client, workshop):
    registration = register(workshop, "een@example.org")
    client.post(cancel_path(registration))

    again = client.post(cancel_path(registration))

    assert again.status_code == 200
    assert again.context["cancelled"] and not again.context["done"]


@pytest.mark.parametrize("tamper", ["id", "signature", "other_event"])
def test_a_tampered_cancel_link_cancels_nothing(client, workshop, tamper):
    registration = register(workshop, "een@example.org")
    other = register(
        event(
            agenda(HomePage.objects.first()) if False else EventIndexPage.objects.get(),
            title="Ander",
        ),
        "een@example.org",
    )
    token = events.make_token(registration)
    if tamper == "id":
        token = f"{other.pk}/" + token.split("/", 1)[1]
    elif tamper == "signature":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    page = other.event if tamper == "other_event" else workshop

    response = client.post(page.url + f"cancel/{token}/")

    assert response.status_code == 404
    assert EventRegistration.objects.active().count() == 2


# Concurrency ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_for_the_last_place_at_once_get_one_place(postgres):
    page = event(agenda(), capacity=1)
    barrier = threading.Barrier(2)
    results = []

    def take(email):
        try:
            barrier.wait()
            results.append(register(page, email).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(f"{n}@example.org",)) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["confirmed", "waiting"]
    assert EventRegistration.objects.confirmed().count() == 1


# Lists ------------------------------------------------------------------------------------


def index_queries(client, index):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(index.url)
    assert response.status_code == 200
    return len(queries)


def test_the_index_lists_upcoming_and_past_with_the_same_queries_for_few_and_many(client):
    index = agenda()
    past = event(index, title="Vorig jaar", starts_at=STARTS_AT - datetime.timedelta(days=400))
    upcoming = event(index, title="Binnenkort", capacity=3)
    register(upcoming, "een@example.org")
    few = index_queries(client, index)

    for n in range(12):
        page = event(
            index, title=f"Bijeenkomst {n}", starts_at=STARTS_AT + datetime.timedelta(days=n)
        )
        register(page, f"{n}@example.org")
        event(index, title=f"Terugblik {n}", starts_at=STARTS_AT - datetime.timedelta(days=40 + n))
    many = index_queries(client, index)

    assert few == many
    response = client.get(index.url)
    html = response.content.decode()
    assert upcoming.title in html
    assert response.context["upcoming"][0].places_left() == 2
    assert "Bijeenkomst 11" not in html  # on the second page
    assert "Bijeenkomst 11" in client.get(index.url + "?page=2").content.decode()
    assert past.title in client.get(index.url + "?past=2").content.decode()


# Who may edit -----------------------------------------------------------------------------


def test_coordinators_edit_the_events_of_their_own_programme_and_site_editors_all():
    programme = make_programme(title="Overvecht", modules=0)
    other = make_programme(title="Kanaleneiland", modules=0)
    coordinator = UserFactory()
    other_coordinator = UserFactory()
    enrol(coordinator, programme, Role.COORDINATOR)
    enrol(other_coordinator, other, Role.COORDINATOR)
    workshops = agenda(programme)
    own = event(workshops)
    network = event(agenda(), title="Netwerkborrel")

    assert own.permissions_for_user(coordinator).can_edit()
    assert workshops.permissions_for_user(coordinator).can_add_subpage()
    assert not own.permissions_for_user(other_coordinator).can_edit()
    assert not network.permissions_for_user(coordinator).can_edit()
    site_editor = UserFactory()
    site_editor.groups.add(Group.objects.get(name=SITE_EDITORS))
    assert own.permissions_for_user(site_editor).can_edit()
    assert network.permissions_for_user(site_editor).can_edit()


# Personal data ----------------------------------------------------------------------------


def test_export_and_erase_cover_registrations_by_account_and_by_address(workshop):
    person = UserFactory(email="fatima@example.org")
    register(workshop, "fatima@example.org")
    register(workshop, "twee@example.org")
    waiting = register(workshop, "drie@example.org")

    exported = privacy.export_person(person)["home.event_registrations"]
    assert [row["email"] for row in exported] == ["fatima@example.org"]

    privacy.erase_person(person)

    assert not EventRegistration.objects.filter(email="fatima@example.org").exists()
    waiting.refresh_from_db()
    assert waiting.status == EventRegistration.Status.CONFIRMED
