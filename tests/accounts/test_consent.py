"""Consent: giving, seeing and withdrawing it, on the model and on the person's page."""

import datetime
import re

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Role
from learninglab import consent as consents
from learninglab import pagecache, privacy
from learninglab.consent import Consent, consent_given, consent_withdrawn
from tests.factories import UserFactory, enrol, make_programme, translate

BROCHURE = Consent.Purpose.BROCHURE
NOW = datetime.datetime(2027, 3, 1, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def programme(db):
    return make_programme(modules=1)


@pytest.fixture
def person(db):
    return UserFactory(display_name="Sam de Vries", preferred_language="en")


class Listener:
    """Records the consents a signal was sent for."""

    def __init__(self, signal):
        self.signal, self.consents = signal, []

    def __call__(self, sender, consent, **kwargs):
        self.consents.append(consent)

    def __enter__(self):
        self.signal.connect(self)
        return self

    def __exit__(self, *exc):
        self.signal.disconnect(self)


@time_machine.travel(NOW, tick=False)
def test_give_records_the_wording_shown_in_the_language_and_the_time(person, programme):
    consent = consents.give(person, BROCHURE, programme, language="nl")

    consent.refresh_from_db()
    assert consent.user == person
    assert consent.programme_id == programme.pk
    assert consent.language == "nl"
    assert consent.wording == consents.wording(BROCHURE, "nl")
    assert consent.given_at == NOW
    assert consent.is_active
    english = consents.wording(BROCHURE, "en")
    assert english.startswith("My name, and the quotes I offer from my reflections")


def test_giving_again_while_active_keeps_the_first(person, programme):
    first = consents.give(person, BROCHURE, programme, language="en")
    again = consents.give(person, BROCHURE, programme, language="nl")

    assert again.pk == first.pk
    assert again.language == "en"
    assert Consent.objects.count() == 1


def test_a_translation_of_the_programme_records_the_default_locale_page(person, programme):
    english_programme = translate(programme, "en")

    consent = consents.give(person, BROCHURE, english_programme, language="en")

    assert consent.programme_id == programme.pk


def test_the_database_holds_one_active_consent_per_purpose_and_programme(person, programme):
    consents.give(person, BROCHURE, programme, language="en")

    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            user=person, purpose=BROCHURE, programme=programme, wording="x", language="en"
        )


def test_withdrawn_consents_stay_as_history_and_consent_can_be_given_again(person, programme):
    with time_machine.travel(NOW, tick=False):
        first = consents.give(person, BROCHURE, programme, language="en")
    later = NOW + datetime.timedelta(days=3)
    consents.withdraw(first, at=later)
    second = consents.give(person, BROCHURE, programme, language="nl")

    first.refresh_from_db()
    assert first.withdrawn_at == later
    assert not first.is_active
    assert second.pk != first.pk
    assert second.is_active
    assert list(person.consents.order_by("pk")) == [first, second]


def test_withdrawing_twice_changes_nothing_and_signals_once(
    person, programme, django_capture_on_commit_callbacks
):
    consent = consents.give(person, BROCHURE, programme, language="en")
    with Listener(consent_withdrawn) as listener:
        with django_capture_on_commit_callbacks(execute=True):
            consents.withdraw(consent, at=NOW)
        stale = Consent.objects.get(pk=consent.pk)
        stale.withdrawn_at = None  # as read by a second tab before the first withdrew
        with django_capture_on_commit_callbacks(execute=True):
            consents.withdraw(stale, at=NOW + datetime.timedelta(hours=1))

    assert listener.consents == [consent]
    stale.refresh_from_db()
    assert stale.withdrawn_at == NOW


def test_withdrawing_drops_every_cached_page(person, programme, django_capture_on_commit_callbacks):
    consent = consents.give(person, BROCHURE, programme, language="en")
    before = pagecache.generation()

    with django_capture_on_commit_callbacks(execute=True):
        consents.withdraw(consent)

    assert pagecache.generation() != before


def test_signals_are_sent_on_commit_only(person, programme, django_capture_on_commit_callbacks):
    with Listener(consent_given) as given, Listener(consent_withdrawn) as withdrawn:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            consent = consents.give(person, BROCHURE, programme, language="en")
            consents.withdraw(consent)
        assert given.consents == [] and withdrawn.consents == []

        for callback in callbacks:
            callback()

    assert given.consents == [consent]
    assert withdrawn.consents == [consent]
    assert withdrawn.consents[0].withdrawn_at is not None


def test_nothing_is_signalled_when_the_transaction_rolls_back(
    person, programme, django_capture_on_commit_callbacks
):
    with Listener(consent_withdrawn) as withdrawn:
        consent = consents.give(person, BROCHURE, programme, language="en")
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            consents.withdraw(consent)
            raise RuntimeError("rolled back")

    assert withdrawn.consents == []
    assert Consent.objects.get(pk=consent.pk).is_active


def test_consenting_user_ids_counts_only_active_consents_in_one_query(
    programme, django_assert_num_queries
):
    other_programme = make_programme(title="Kanaleneiland", modules=1)
    given, withdrawn, elsewhere, never = UserFactory.create_batch(4)
    consents.give(given, BROCHURE, programme, language="nl")
    consents.withdraw(consents.give(withdrawn, BROCHURE, programme, language="nl"))
    consents.give(elsewhere, BROCHURE, other_programme, language="nl")
    people = [given, withdrawn, elsewhere, never]

    with django_assert_num_queries(1):
        ids = consents.consenting_user_ids(BROCHURE, programme, (p.pk for p in people))

    assert ids == {given.pk}


def test_export_lists_consents_and_erasure_deletes_them(person, programme):
    withdrawn = consents.give(person, BROCHURE, programme, language="en")
    consents.withdraw(withdrawn)
    consents.give(person, BROCHURE, programme, language="nl")

    exported = privacy.export_person(person)["learninglab.consents"]

    assert [item["language"] for item in exported] == ["nl", "en"]
    assert exported[1]["withdrawn_at"] is not None
    assert exported[0]["programme"] == programme.title
    assert exported[0]["wording"] == consents.wording(BROCHURE, "nl")

    privacy.erase_person(person)

    assert not Consent.objects.filter(user=person).exists()


def test_erasure_tells_listeners_the_person_is_no_longer_published(
    person, programme, django_capture_on_commit_callbacks
):
    consent = consents.give(person, BROCHURE, programme, language="en")

    with (
        Listener(consent_withdrawn) as withdrawn,
        django_capture_on_commit_callbacks(execute=True),
    ):
        consents.erase_consents(person)

    assert [c.pk for c in withdrawn.consents] == [consent.pk]
    assert withdrawn.consents[0].withdrawn_at <= timezone.now()


# The person's page: /<lang>/privacy/consent/

PAGE = "/en/privacy/consent/"


def give_url(programme):
    return f"/en/privacy/consent/programmes/{programme.pk}/"


def agree(programme):
    return {f"programme-{programme.pk}-agree": "on"}


@pytest.fixture
def enrolled(person, programme):
    enrol(person, programme, Role.RESIDENT)
    return person


@pytest.fixture
def signed_in(client, enrolled):
    client.force_login(enrolled)
    return client


def test_the_page_shows_the_purpose_in_full_with_an_unticked_box(signed_in, programme):
    response = signed_in.get(PAGE)

    assert response.status_code == 200
    content = response.content.decode()
    assert programme.title in content
    assert consents.wording(BROCHURE, "en") in content
    checkbox = re.search(r"<input type=\"checkbox\"[^>]*>", content).group(0)
    assert "checked" not in checkbox.replace("unchecked", "")
    assert "Give my consent" in content


def test_the_profile_and_the_reflections_link_to_the_page(signed_in):
    assert PAGE.encode() in signed_in.get("/en/account/profile/").content


def test_giving_records_the_wording_in_the_pages_language(signed_in, programme, enrolled):
    response = signed_in.post(
        f"/nl/privacy/consent/programmes/{programme.pk}/", agree(programme), follow=True
    )

    consent = Consent.objects.get(user=enrolled)
    assert consent.language == "nl"
    assert consent.wording == consents.wording(BROCHURE, "nl")
    assert consent.programme_id == programme.pk
    assert response.redirect_chain[-1][0] == "/nl/privacy/consent/"


def test_giving_without_ticking_the_box_changes_nothing(signed_in, programme):
    response = signed_in.post(give_url(programme), {})

    assert response.status_code == 400
    assert "Tick “I agree to this” to give your consent" in response.content.decode()
    assert not Consent.objects.exists()


def test_giving_for_a_programme_one_is_not_in_is_a_404(signed_in, programme):
    elsewhere = make_programme(title="Kanaleneiland", modules=1)

    assert signed_in.post(give_url(elsewhere), agree(elsewhere)).status_code == 404
    assert signed_in.post("/en/privacy/consent/programmes/999999/", {}).status_code == 404
    assert signed_in.get(give_url(programme)).status_code == 405
    assert not Consent.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, programme):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.post(give_url(programme), agree(programme)).status_code == 302
    assert not Consent.objects.exists()


def test_withdrawing_asks_first_and_says_what_happens(signed_in, enrolled, programme):
    consent = consents.give(enrolled, BROCHURE, programme, language="en")
    url = f"/en/privacy/consent/{consent.pk}/withdraw/"

    page = signed_in.get(url).content.decode()

    assert "taken off the website at once" in page
    assert "not been printed yet" in page
    assert Consent.objects.get(pk=consent.pk).is_active


def test_withdrawing_takes_effect_on_commit_and_twice_is_no_error(
    signed_in, enrolled, programme, django_capture_on_commit_callbacks
):
    consent = consents.give(enrolled, BROCHURE, programme, language="en")
    url = f"/en/privacy/consent/{consent.pk}/withdraw/"

    with (
        Listener(consent_withdrawn) as withdrawn,
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = signed_in.post(url, follow=True)
        second = signed_in.post(url, follow=True)

    assert [c.pk for c in withdrawn.consents] == [consent.pk]
    assert "Your consent is withdrawn" in first.content.decode()
    assert second.status_code == 200
    assert "You had already withdrawn this consent" in second.content.decode()
    assert not Consent.objects.get(pk=consent.pk).is_active


def test_someone_elses_consent_is_a_404(signed_in, programme):
    other = UserFactory()
    consent = consents.give(other, BROCHURE, programme, language="en")

    assert signed_in.get(f"/en/privacy/consent/{consent.pk}/withdraw/").status_code == 404
    assert signed_in.post(f"/en/privacy/consent/{consent.pk}/withdraw/").status_code == 404
    assert signed_in.post("/en/privacy/consent/abc/withdraw/").status_code == 404
    assert Consent.objects.get(pk=consent.pk).is_active


def test_the_history_shows_wording_and_times_on_the_programmes_clock(
    signed_in, enrolled, programme
):
    with time_machine.travel(NOW, tick=False):
        consent = consents.give(enrolled, BROCHURE, programme, language="nl")
    consents.withdraw(consent, at=NOW + datetime.timedelta(days=30))
    consents.give(enrolled, BROCHURE, programme, language="en")

    content = signed_in.get(PAGE).content.decode()

    # 09:30 UTC is 10:30 in Amsterdam in March, 11:30 after the clocks changed.
    assert "Given on 1 March 2027, 10:30" in content
    assert "withdrawn on 31 March 2027, 11:30" in content
    assert consents.wording(BROCHURE, "nl") in content
    assert "in force" in content


def test_the_page_costs_the_same_queries_however_much_there_is(client, db):
    def person_with(count):
        person = UserFactory()
        for number in range(count):
            programme = make_programme(title=f"Programme {count}-{number}", modules=0)
            enrol(person, programme, Role.STUDENT)
            consents.withdraw(consents.give(person, BROCHURE, programme, language="en"))
            consents.give(person, BROCHURE, programme, language="en")
        return person

    counts = []
    for person in (person_with(1), person_with(4)):
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
