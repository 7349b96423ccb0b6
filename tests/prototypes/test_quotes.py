"""Quotes a participant offers from their own reflections: offering one, bad input,
outsiders, and which quotes may be published (offered, not withdrawn, consented)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from learninglab import consent as consents
from learninglab import privacy
from learninglab.consent import Consent
from prototypes.models import Quote, Reflection
from prototypes.models.quotes import QUOTE_MAX_LENGTH, is_excerpt, quote_withdrawn
from tests.factories import TEAM_PERSONAS, make_team_world, translate

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


# Offering a quote on the reflection's page


def quote_url(reflection, language="en"):
    return (
        f"/{language}/teams/{reflection.team_id}/reflections/"
        f"{reflection.kind}/{reflection.period}/quote/"
    )


@pytest.fixture
def member_client(client, world):
    client.force_login(world["people"]["member"])
    return client


def test_the_reflection_pages_link_to_offering_a_quote_and_to_consent(client, world):
    reflection = world["reflection"]
    # In week 2 of the programme, when week 1's reflection is written and still open.
    with time_machine.travel(datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC)):
        client.force_login(world["people"]["member"])
        page = client.get(
            f"/en/teams/{reflection.team_id}/reflections/weekly/{reflection.period}/"
        ).content.decode()
        listing = client.get(f"/en/teams/{reflection.team_id}/reflections/").content.decode()

    assert "/en/privacy/consent/" in listing

    assert quote_url(reflection) in page
    assert "Offer a quote for publication" in page


def test_the_form_is_prefilled_with_an_answer_of_choice(member_client, world):
    url = quote_url(world["reflection"])

    first = member_client.get(url).content.decode()
    second = member_client.get(url + "?answer=1").content.decode()
    tampered = member_client.get(url + "?answer=99").content.decode()

    assert "Most of them had never met" in first
    assert "only published while your consent" in first
    assert "Ask the library for a room." in second.split("<textarea")[1]
    assert "Most of them had never met" in tampered.split("<textarea")[1]


def test_offering_without_consent_saves_and_says_it_is_not_published(member_client, world):
    response = member_client.post(
        quote_url(world["reflection"]),
        {"text": "Most of them had never met … they planned a second dinner themselves."},
        follow=True,
    )

    quote = Quote.objects.get()
    assert quote.author == world["people"]["member"]
    assert quote.reflection == world["reflection"]
    assert response.redirect_chain[-1][0] == "/en/privacy/consent/#quotes"
    content = response.content.decode()
    assert "will not be published unless you give your consent" in content
    assert "Not published: no consent" in content


def test_offering_with_consent_says_it_may_be_published(member_client, world):
    consent(world["people"]["member"], world["a"])

    response = member_client.post(
        quote_url(world["reflection"]), {"text": "Most of them had never met"}, follow=True
    )

    assert "It can appear in the brochures" in response.content.decode()
    assert "May be published" in response.content.decode()


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Write the quote: it cannot be empty."),
        ("   ", "Write the quote: it cannot be empty."),
        ("Most of them had never met. " * 20, "at most 500 characters long; this one has 559"),
        ("Our dinner changed the whole city.", "your own words from this reflection"),
    ],
)
def test_bad_quotes_come_back_with_a_message_and_what_was_typed(
    member_client, world, text, message
):
    response = member_client.post(quote_url(world["reflection"]), {"text": text})

    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    if text.strip():
        assert text.strip()[:40] in content
    assert not Quote.objects.exists()


@pytest.mark.parametrize("persona", [p for p in TEAM_PERSONAS if p not in {"member", "anonymous"}])
def test_nobody_else_can_offer_a_quote_from_a_reflection(client, world, persona):
    client.force_login(world["people"][persona])
    url = quote_url(world["reflection"])

    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Most of them had never met"}).status_code == 404
    assert not Quote.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(quote_url(world["reflection"]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_tampered_periods_are_a_404(member_client, world):
    team = world["team"]

    assert member_client.get(f"/en/teams/{team.pk}/reflections/weekly/2/quote/").status_code == 404
    assert member_client.get(f"/en/teams/{team.pk}/reflections/nope/1/quote/").status_code == 404
    assert member_client.get("/en/teams/999999/reflections/weekly/1/quote/").status_code == 404


# Withdrawing a quote from the consent page


def test_withdrawing_a_quote_and_again_is_no_error(member_client, world):
    quote = offer(world["reflection"])
    url = f"/en/privacy/quotes/{quote.pk}/withdraw/"

    first = member_client.post(url, follow=True)
    second = member_client.post(url, follow=True)

    quote.refresh_from_db()
    assert quote.withdrawn_at is not None
    assert "Your quote is withdrawn" in first.content.decode()
    assert second.status_code == 200
    assert "You had already withdrawn this quote" in second.content.decode()
    assert "Most of them had never met" not in second.content.decode()
    assert member_client.get(url).status_code == 405


def test_someone_elses_quote_is_a_404(client, world):
    quote = offer(world["reflection"])
    client.force_login(world["people"]["team_mate"])

    assert client.post(f"/en/privacy/quotes/{quote.pk}/withdraw/").status_code == 404
    assert client.post("/en/privacy/quotes/999999/withdraw/").status_code == 404
    quote.refresh_from_db()
    assert quote.withdrawn_at is None
