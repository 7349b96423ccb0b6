"""Quotes a participant offers from their own reflections: offering one, bad input,
outsiders, and which quotes may be published (offered, not withdrawn, consented)."""

import pytest
from django.core.exceptions import ValidationError

from learninglab import consent as consents
from learninglab import privacy
from learninglab.consent import Consent
from prototypes.models import Quote, Reflection
from prototypes.models.quotes import QUOTE_MAX_LENGTH, is_excerpt, quote_withdrawn
from tests.factories import make_team_world, translate

pytestmark = pytest.mark.django_db

BROCHURE = Consent.Purpose.BROCHURE
ANSWER = (
    "We cooked with twelve neighbours on Saturday. Most of them had never met, and by "
    "the end they planned a second dinner themselves."
)


@pytest.fixture
def world():
    world = make_team_world()
    world["reflection"] = write_reflection(world["people"]["member"], world["team"])
    return world


def write_reflection(author, team, answer=ANSWER, period=1):
    return Reflection.objects.create(
        author=author,
        team=team,
        period=period,
        answers=[
            {"prompt": "What did you do?", "answer": answer},
            {"prompt": "What next?", "answer": "Ask the library for a room."},
        ],
    )


def offer(reflection, text="Most of them had never met"):
    return Quote.offer(reflection, text)


def consent(person, programme):
    return consents.give(person, BROCHURE, programme, language="en")


# The excerpt rule


@pytest.mark.parametrize(
    "text",
    [
        "We cooked with twelve neighbours on Saturday.",
        "most of them   had never met",
        "We cooked with twelve neighbours … they planned a second dinner themselves.",
        "“We cooked with twelve neighbours ... a second dinner”",
        "Ask the library for a room.",
    ],
)
def test_a_quote_may_shorten_the_authors_words(text):
    assert is_excerpt(text, [ANSWER, "Ask the library for a room."])


@pytest.mark.parametrize(
    "text",
    [
        "We cooked with thirteen neighbours.",
        "a second dinner … We cooked",  # out of order
        "We cooked … Ask the library",  # across two answers
        "…",
    ],
)
def test_a_quote_may_not_put_words_in_the_authors_mouth(text):
    assert not is_excerpt(text, [ANSWER, "Ask the library for a room."])


def test_offering_records_author_team_and_reflection(world):
    quote = offer(world["reflection"], "  Most of them had never met  ")

    assert quote.author == world["people"]["member"]
    assert quote.team == world["team"]
    assert quote.reflection == world["reflection"]
    assert quote.text == "Most of them had never met"
    assert quote.withdrawn_at is None


@pytest.mark.parametrize(
    "text, message",
    [
        ("   ", "cannot be empty"),
        ("x" * (QUOTE_MAX_LENGTH + 1), "at most 500 characters"),
        ("Our dinner changed the whole city.", "your own words from this reflection"),
    ],
)
def test_bad_quotes_are_refused(world, english_interface, text, message):
    with pytest.raises(ValidationError) as error:
        offer(world["reflection"], text)

    assert message in " ".join(error.value.message_dict["text"])
    assert not Quote.objects.exists()


# What may be published


def test_publishable_holds_only_quotes_of_consenting_authors(world, django_assert_num_queries):
    people, team, programme = world["people"], world["team"], world["a"]
    consented = offer(world["reflection"])
    never = offer(write_reflection(people["team_mate"], team))
    withdrawn_consent_author = people["other_team_member"]
    withdrawn = offer(write_reflection(withdrawn_consent_author, world["other_team"]))
    consent(people["member"], programme)
    consents.withdraw(consent(withdrawn_consent_author, programme))
    withdrawn_quote = offer(world["reflection"], "they planned a second dinner themselves")
    withdrawn_quote.withdraw()

    with django_assert_num_queries(1):
        publishable = list(Quote.objects.publishable(programme))
    with django_assert_num_queries(1):
        for_team = list(Quote.objects.for_team(team))

    assert publishable == [consented]
    assert for_team == [consented]
    assert never not in publishable and withdrawn not in publishable


def test_consent_for_another_programme_does_not_publish(world):
    offer(world["reflection"])
    consent(world["people"]["member"], world["b"])

    assert not Quote.objects.publishable(world["a"]).exists()
    assert not Quote.objects.for_team(world["team"]).exists()


def test_publishable_accepts_the_programmes_translation(world):
    quote = offer(world["reflection"])
    consent(world["people"]["member"], world["a"])

    assert list(Quote.objects.publishable(translate(world["a"], "en"))) == [quote]


def test_withdrawing_a_quote_purges_pages_and_tells_brochures_on_commit(
    world, django_capture_on_commit_callbacks
):
    quote = offer(world["reflection"])
    told = []

    def listener(sender, quote, **kwargs):
        told.append(quote)

    quote_withdrawn.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert quote.withdraw() is True
        with django_capture_on_commit_callbacks(execute=True):
            assert quote.withdraw() is False
    finally:
        quote_withdrawn.disconnect(listener)

    assert told == [quote]


def test_export_lists_quotes_and_erasure_deletes_them(world):
    member = world["people"]["member"]
    offer(world["reflection"])
    offer(world["reflection"], "Ask the library for a room.").withdraw()

    exported = privacy.export_person(member)["prototypes.quotes"]["quotes_offered"]

    assert {item["text"] for item in exported} == {
        "Most of them had never met",
        "Ask the library for a room.",
    }
    privacy.erase_person(member)
    assert not Quote.objects.filter(author=member).exists()


def test_a_quote_goes_with_its_reflection(world):
    offer(world["reflection"])

    world["reflection"].delete()

    assert not Quote.objects.exists()
