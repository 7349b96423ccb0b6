"""Stakeholder feedback without an account: members make and revoke signed links; a
stakeholder answers in their language, only with consent; the answers show on the
iteration to those who may see the team."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from prototypes.feedback import make_token
from prototypes.models import FeedbackAnswer, FeedbackLink, Prototype, Team
from tests.factories import TEAM_PERSONAS, make_team_world

pytestmark = pytest.mark.django_db

SEES = {"member", "team_mate", "coach", "coordinator"}
CHANGES = {"member", "team_mate"}
NOW = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)

ANSWER = {
    "real_need": "4",
    "would_use": "yes",
    "would_pay": "maybe",
    "would_partner": "no",
    "better": "Open on Saturdays, when people are at home.",
    "name": "Fatima Bakker",
    "organisation": "Woonstichting Overvecht",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def in_spring_2027():
    """Every test runs at NOW (time still moving) unless it travels on: links made today
    must not expire before the test is done."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The rate limits live in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    world = make_team_world()
    member = world["people"]["member"]
    prototype = Prototype.objects.get(team=world["team"])
    prototype.social_value_proposition = "Neighbours cook together and nobody eats alone."
    prototype.customer_value_proposition = "A warm meal for five euros, around the corner."
    prototype.save()
    iteration = prototype.start_iteration(by=member)
    iteration.edit({"we_believe": "Older residents want to eat together."}, by=member)
    world["iteration"] = iteration
    return world


@pytest.fixture
def link(world):
    return FeedbackLink.objects.create(
        iteration=world["iteration"],
        label="for the housing association",
        created_by=world["people"]["member"],
    )


def login(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    return person


def answer_url(link):
    return reverse("feedback:answer", args=[make_token(link)])


def detail_url(world):
    return reverse(
        "prototypes:iteration_detail", args=[world["team"].pk, world["iteration"].number]
    )


# Members make and revoke links


def assert_only_members_may(response, persona):
    """Members are redirected after the change; visitors are sent to sign in; anyone else gets a 404."""
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in CHANGES:
        assert response.status_code == 302
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_members_make_a_feedback_link(client, world, persona):
    login(client, world, persona)

    response = client.post(
        reverse(
            "prototypes:feedback_link_create",
            args=[world["team"].pk, world["iteration"].number],
        ),
        {"label": "for the housing association"},
    )

    assert_only_members_may(response, persona)
    made = FeedbackLink.objects.filter(iteration=world["iteration"])
    assert made.count() == (1 if persona in CHANGES else 0)


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_members_revoke_a_feedback_link(client, world, link, persona):
    login(client, world, persona)

    response = client.post(reverse("prototypes:feedback_link_revoke", args=[link.pk]))

    assert_only_members_may(response, persona)
    link.refresh_from_db()
    assert (link.revoked_at is not None) == (persona in CHANGES)


def test_a_new_link_expires_in_30_days_and_shows_its_url_and_answers_to_members(
    client, world, english_interface
):
    with time_machine.travel(NOW, tick=False):
        client.force_login(world["people"]["member"])
        client.post(
            reverse(
                "prototypes:feedback_link_create",
                args=[world["team"].pk, world["iteration"].number],
            ),
            {"label": "for the housing association"},
        )
        link = FeedbackLink.objects.get()
        response = client.get(detail_url(world))

    assert link.expires_at == NOW + datetime.timedelta(days=30)
    assert link.created_by == world["people"]["member"]
    page = response.content.decode()
    assert f"http://testserver/feedback/{make_token(link)}/" in page
    assert "for the housing association" in page
    assert "0 answers" in page
    assert "31 March 2027" in page


def test_coaches_see_no_feedback_links_to_copy(client, world, link):
    client.force_login(world["people"]["coach"])

    response = client.get(detail_url(world))

    assert response.status_code == 200
    assert make_token(link) not in response.content.decode()


# The stakeholder's page


def test_the_stakeholder_sees_the_team_its_test_and_its_value_propositions(client, link):
    response = client.get(answer_url(link), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "De Wijkkeuken" in page
    assert "Older residents want to eat together." in page
    assert "Neighbours cook together and nobody eats alone." in page
    assert "A warm meal for five euros, around the corner." in page
    assert 'name="viewport"' in page


def test_an_answer_with_consent_is_stored_and_thanked_for(client, world, link):
    team = world["team"]
    with time_machine.travel(NOW + datetime.timedelta(days=2), tick=False):
        response = client.post(answer_url(link), ANSWER, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("feedback:thanks", args=[make_token(link)]) + "?lang=en"
    )
    answer = FeedbackAnswer.objects.get()
    assert answer.link == link
    assert (answer.real_need, answer.would_use, answer.would_pay, answer.would_partner) == (
        4,
        "yes",
        "maybe",
        "no",
    )
    assert answer.name == "Fatima Bakker"
    assert answer.organisation == "Woonstichting Overvecht"
    assert answer.consented_at == NOW + datetime.timedelta(days=2)
    assert answer.language == "en"
    team = Team.objects.get(pk=team.pk)
    assert team.last_activity_at == NOW + datetime.timedelta(days=2)
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your feedback" in thanks.content.decode()


def test_without_consent_nothing_is_stored_and_the_form_keeps_what_was_typed(client, link):
    without_consent = {key: value for key, value in ANSWER.items() if key != "consent"}

    response = client.post(answer_url(link), without_consent, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert not FeedbackAnswer.objects.exists()
    page = response.content.decode()
    assert "Tick this box to send your answer. Without it, nothing is stored." in page
    assert "Open on Saturdays, when people are at home." in page
    assert 'value="Fatima Bakker"' in page
    assert 'value="Woonstichting Overvecht"' in page
    assert 'value="maybe" id="id_would_pay_1" required checked' in page
    assert 'aria-describedby="id_consent_error"' in page


def test_an_unanswered_question_is_marked_and_nothing_is_stored(client, link):
    incomplete = {key: value for key, value in ANSWER.items() if key != "would_pay"}

    response = client.post(answer_url(link), incomplete, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert not FeedbackAnswer.objects.exists()
    page = response.content.decode()
    assert '<p class="errorlist" id="id_would_pay_error">Choose one of the answers.</p>' in page
    assert 'name="consent" id="id_consent" required checked' in page


def test_name_and_organisation_are_optional(client, link):
    anonymous = {**ANSWER, "name": "", "organisation": ""}

    response = client.post(answer_url(link), anonymous)

    assert response.status_code == 302
    assert FeedbackAnswer.objects.get().name == ""


def test_feedback_arrives_on_a_submitted_iteration(client, world, link, postgres):
    world["iteration"].submit(by=world["people"]["member"])

    response = client.post(answer_url(link), ANSWER)

    assert response.status_code == 302
    assert FeedbackAnswer.objects.filter(link__iteration=world["iteration"]).count() == 1


# Links that take no answer


def test_an_expired_link_explains_itself(client, world):
    with time_machine.travel(NOW, tick=False):
        link = FeedbackLink.objects.create(iteration=world["iteration"])
    with time_machine.travel(NOW + datetime.timedelta(days=30, seconds=1), tick=False):
        shown = client.get(answer_url(link), HTTP_ACCEPT_LANGUAGE="en")
        posted = client.post(answer_url(link), ANSWER, HTTP_ACCEPT_LANGUAGE="en")

    assert shown.status_code == posted.status_code == 410
    assert "This link has expired" in shown.content.decode()
    assert not FeedbackAnswer.objects.exists()


def test_a_link_still_works_on_its_last_day(client, world):
    with time_machine.travel(NOW, tick=False):
        link = FeedbackLink.objects.create(iteration=world["iteration"])
    with time_machine.travel(NOW + datetime.timedelta(days=29, hours=23), tick=False):
        response = client.get(answer_url(link))

    assert response.status_code == 200


def test_a_revoked_link_explains_itself(client, link):
    link.revoke()

    shown = client.get(answer_url(link), HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(answer_url(link), ANSWER, HTTP_ACCEPT_LANGUAGE="en")

    assert shown.status_code == posted.status_code == 410
    assert "This link is closed" in shown.content.decode()
    assert not FeedbackAnswer.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: str(int(token.split(":")[0]) + 1) + ":" + token.split(":")[1],
        lambda token: signing.Signer(salt="another.salt").sign(token.split(":")[0]),
        lambda token: token.split(":")[0],
    ],
    ids=["signature changed", "id changed", "signed for something else", "unsigned"],
)
def test_a_tampered_link_explains_itself(client, link, tamper):
    token = tamper(make_token(link))

    shown = client.get(f"/feedback/{token}/", HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(f"/feedback/{token}/", ANSWER, HTTP_ACCEPT_LANGUAGE="en")

    assert shown.status_code == posted.status_code == 404
    assert "This link does not work" in shown.content.decode()
    assert not FeedbackAnswer.objects.exists()


def test_a_link_takes_at_most_its_number_of_answers(client, world):
    link = FeedbackLink.objects.create(iteration=world["iteration"], max_answers=2)
    for number in range(2):
        client.post(answer_url(link), ANSWER, REMOTE_ADDR=f"10.0.0.{number + 1}")

    shown = client.get(answer_url(link), HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(answer_url(link), ANSWER, REMOTE_ADDR="10.0.0.9")

    assert shown.status_code == posted.status_code == 429
    assert "This link has had all its answers" in shown.content.decode()
    assert FeedbackAnswer.objects.count() == 2


def test_a_link_takes_at_most_50_answers_by_default(link):
    assert link.max_answers == 50


def test_a_link_takes_at_most_10_answers_an_hour(client, link, redis_cache):
    with time_machine.travel(NOW, tick=False):
        sent = [
            client.post(answer_url(link), ANSWER, REMOTE_ADDR=f"10.0.1.{number}").status_code
            for number in range(11)
        ]
    with time_machine.travel(NOW + datetime.timedelta(hours=1, seconds=1), tick=False):
        later = client.post(answer_url(link), ANSWER, REMOTE_ADDR="10.0.1.99")

    assert sent == [302] * 10 + [429]
    assert later.status_code == 302
    assert FeedbackAnswer.objects.count() == 11


def test_one_address_sends_at_most_20_answers_an_hour(client, world, redis_cache):
    links = [FeedbackLink.objects.create(iteration=world["iteration"]) for _ in range(3)]
    with time_machine.travel(NOW, tick=False):
        sent = [
            client.post(answer_url(links[number // 10]), ANSWER, REMOTE_ADDR="10.0.2.1")
            for number in range(20)
        ]
        over = client.post(
            answer_url(links[2]), ANSWER, REMOTE_ADDR="10.0.2.1", HTTP_ACCEPT_LANGUAGE="en"
        )
        elsewhere = client.post(answer_url(links[2]), ANSWER, REMOTE_ADDR="10.0.2.2")

    assert [response.status_code for response in sent] == [302] * 20
    assert over.status_code == 429
    assert "Too many answers at once" in over.content.decode()
    assert elsewhere.status_code == 302
    assert FeedbackAnswer.objects.count() == 21


# Language: from the browser, with a switch on the page


@pytest.mark.parametrize("accept, expected", [("en-GB,en;q=0.9", "en"), ("nl-NL,nl;q=0.9", "nl")])
def test_the_page_speaks_the_browsers_language(client, link, accept, expected):
    response = client.get(answer_url(link), HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 200
    assert f'<html lang="{expected}">' in response.content.decode()
    assert response["Content-Language"] == expected


def test_the_switch_on_the_page_chooses_the_language(client, link):
    response = client.get(answer_url(link) + "?lang=en", HTTP_ACCEPT_LANGUAGE="nl")

    page = response.content.decode()
    assert '<html lang="en">' in page
    assert 'href="?lang=nl" lang="nl"' in page
    assert 'action="?lang=en"' in page
    assert "Your feedback for De Wijkkeuken" in page


def test_the_answer_keeps_the_language_chosen_on_the_page(client, link):
    client.post(answer_url(link) + "?lang=nl", ANSWER, HTTP_ACCEPT_LANGUAGE="en")

    assert FeedbackAnswer.objects.get().language == "nl"


# Answers on the iteration


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_answers_show_on_the_iteration_to_those_who_see_the_team(
    client, world, link, persona, english_interface
):
    client.post(answer_url(link), ANSWER)
    login(client, world, persona)

    response = client.get(detail_url(world))

    if persona in SEES:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Open on Saturdays, when people are at home." in page
        assert "Fatima Bakker, Woonstichting Overvecht" in page
        assert ("Remove name and organisation" in page) == (persona in CHANGES)
    elif persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 404


def test_the_iterations_feedback_costs_the_same_queries_for_1_and_50_answers(
    client, world, link, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_answers(count):
        FeedbackAnswer.objects.bulk_create(
            FeedbackAnswer(
                link=link,
                real_need=3,
                would_use="yes",
                would_pay="no",
                would_partner="maybe",
                better=f"Idea {number}",
                consented_at=NOW,
            )
            for number in range(count)
        )

    client.force_login(world["people"]["member"])
    add_answers(1)
    client.get(detail_url(world))  # Warm up the person's cached roles and the session.
    with CaptureQueriesContext(connection) as one:
        client.get(detail_url(world))
    add_answers(49)
    FeedbackLink.objects.create(iteration=world["iteration"], label="for the library")

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(detail_url(world))

    assert response.content.decode().count('class="feedback-answer"') == 50


# Personal data


def test_a_members_feedback_links_are_exported_and_no_longer_name_them_after_erasure(world, link):
    from learninglab import privacy

    member = world["people"]["member"]

    exported = privacy.export_person(member)["prototypes.feedback"]
    entry = next(entry for entry in privacy.entries() if entry.name == "prototypes.feedback")
    entry.erase(member)

    assert [made["label"] for made in exported["feedback_links_made"]] == [
        "for the housing association"
    ]
    link.refresh_from_db()
    assert link.created_by is None


def test_a_stakeholder_can_be_forgotten_while_the_answer_stays(client, link):
    client.post(answer_url(link), ANSWER)
    answer = FeedbackAnswer.objects.get()

    answer.forget_stakeholder()

    answer.refresh_from_db()
    assert (answer.name, answer.organisation) == ("", "")
    assert answer.better == ANSWER["better"]


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_members_remove_a_stakeholders_name(client, world, link, persona):
    client.post(answer_url(link), ANSWER)
    answer = FeedbackAnswer.objects.get()
    login(client, world, persona)

    response = client.post(reverse("prototypes:feedback_answer_forget", args=[answer.pk]))

    assert_only_members_may(response, persona)
    answer.refresh_from_db()
    assert (answer.name == "") == (persona in CHANGES)
    assert answer.better == ANSWER["better"]
