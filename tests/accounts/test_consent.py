"""Consent: giving, seeing and withdrawing it, on the model and on the person's page."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from learninglab import consent as consents
from learninglab import privacy
from learninglab.consent import Consent, consent_given, consent_withdrawn
from tests.factories import UserFactory, make_programme, translate

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
