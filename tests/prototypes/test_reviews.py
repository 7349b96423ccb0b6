"""Coach reviews: the queue, the review form on the programme's rubric, and the team reading it."""

import datetime
import re

import pytest
import time_machine
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.models import Role
from prototypes.models import Iteration, Prototype, Review, ReviewNotEditableError, Rubric
from tests.factories import TEAM_PERSONAS, UserFactory, enrol, make_team, make_team_world

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world():
    return make_team_world()


def submitted_iteration(team, by=None, when=NOW):
    """A submitted iteration of the team, with a test card, submitted at `when`."""
    prototype = Prototype.objects.get(team=team)
    with time_machine.travel(when, tick=False):
        iteration = prototype.start_iteration(by=by)
        iteration.edit({"we_believe": "Buren willen samen koken."}, by=by)
        iteration.submit(by=by)
    return iteration


def review_url(team, number):
    return reverse("prototypes:review_form", args=[team.pk, number])


def detail_url(team, number):
    return reverse("prototypes:iteration_detail", args=[team.pk, number])


def filled_in(rubric_size=5, decision="accepted", scores=None, **comments):
    scores = scores or [3] * rubric_size
    data = {f"score_{index}": score for index, score in enumerate(scores)}
    data.update(
        test_card_comment="De meting is helder.",
        learning_card_comment="Wat volgt hieruit?",
        comment="Goed werk.",
        decision=decision,
    )
    data.update(comments)
    return data


# Access to the review form, persona by persona


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_a_coach_of_the_team_opens_the_review_form(client, world, persona):
    iteration = submitted_iteration(world["team"])
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)

    get = client.get(review_url(world["team"], iteration.number))
    post = client.post(review_url(world["team"], iteration.number), filled_in())

    if persona == "anonymous":
        assert get.status_code == 302 and "/accounts/login/" in get["Location"]
        assert post.status_code == 302 and "/accounts/login/" in post["Location"]
    elif persona == "coach":
        assert get.status_code == 200
        assert post.status_code == 302
    else:
        assert get.status_code == 404
        assert post.status_code == 404
    expected = 1 if persona == "coach" else 0
    assert Review.objects.filter(iteration=iteration).count() == expected


def test_a_draft_cannot_be_reviewed(client, world):
    prototype = Prototype.objects.get(team=world["team"])
    draft = prototype.start_iteration(by=world["people"]["member"])
    client.force_login(world["people"]["coach"])

    assert client.get(review_url(world["team"], draft.number)).status_code == 404
    with pytest.raises(ReviewNotEditableError):
        Review.record(draft, world["people"]["coach"], rubric=[], scores=[], decision="accepted")


# Reviewing from the queue


def test_the_coach_reviews_from_the_queue_and_the_team_reads_it(client, world, english_interface):
    team, coach = world["team"], world["people"]["coach"]
    iteration = submitted_iteration(team, by=world["people"]["member"])
    client.force_login(coach)

    queue = client.get(reverse("prototypes:review_queue")).content.decode()
    assert review_url(team, iteration.number) in queue

    form = client.get(review_url(team, iteration.number)).content.decode()
    assert "<legend>Understanding of the question</legend>" in form
    assert "The evidence answers the test card’s measure." in form  # a level description
    response = client.post(
        review_url(team, iteration.number),
        filled_in(scores=[4, 3, 2, 3, 1], decision="revise"),
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(team, iteration.number)

    review = Review.objects.get(iteration=iteration, coach=coach)
    assert review.scores == [4, 3, 2, 3, 1]
    assert review.decision == Review.Decision.REVISE
    assert review.test_card_comment == "De meting is helder."
    assert (
        review_url(team, iteration.number)
        not in client.get(reverse("prototypes:review_queue")).content.decode()
    )

    client.force_login(world["people"]["member"])
    page = client.get(detail_url(team, iteration.number)).content.decode()
    assert "Review by Coach" in page
    assert "Understanding of the question" in page
    assert "4 – Excellent" in page
    assert "1 – Beginning" in page
    assert "De meting is helder." in page
    assert "Wat volgt hieruit?" in page
    assert "Goed werk." in page
    assert "Revise" in page


def test_bad_input_keeps_everything_typed_with_clear_messages(client, world, english_interface):
    team = world["team"]
    iteration = submitted_iteration(team)
    client.force_login(world["people"]["coach"])
    data = filled_in(test_card_comment="Bewaar dit alstublieft.")
    del data["score_2"]
    del data["decision"]

    response = client.post(review_url(team, iteration.number), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a level for “Quality of evidence”." in html
    assert "Choose a decision: accepted, or revise." in html
    assert "Bewaar dit alstublieft." in html
    assert (
        'name="score_0" value="3" id="id_score_0_3" aria-describedby="id_score_0_3_description" checked'
        in html
    )
    assert 'role="alert"' in html
    assert not Review.objects.exists()


def test_one_review_per_coach_per_iteration(world):
    team, coach = world["team"], world["people"]["coach"]
    iteration = submitted_iteration(team)
    rubric = Rubric.objects.for_programme(world["a"]).snapshot()

    first = Review.record(iteration, coach, rubric=rubric, scores=[2] * 5, decision="revise")
    again = Review.record(iteration, coach, rubric=rubric, scores=[4] * 5, decision="accepted")

    assert again.pk == first.pk
    assert Review.objects.filter(iteration=iteration).count() == 1
    with pytest.raises(IntegrityError):
        Review.objects.create(
            iteration=iteration, coach=coach, rubric=rubric, scores=[1] * 5, decision="revise"
        )


def test_a_coach_changes_the_review_until_the_team_starts_a_new_iteration(client, world):
    team, coach = world["team"], world["people"]["coach"]
    iteration = submitted_iteration(team)
    client.force_login(coach)
    client.post(review_url(team, iteration.number), filled_in(decision="revise"))

    response = client.post(
        review_url(team, iteration.number), filled_in(decision="accepted", comment="Toch goed.")
    )
    assert response.status_code == 302
    review = Review.objects.get(iteration=iteration)
    assert review.decision == "accepted"
    assert review.comment == "Toch goed."

    Prototype.objects.get(team=team).start_iteration(by=world["people"]["member"])

    assert client.get(review_url(team, iteration.number)).status_code == 302
    response = client.post(review_url(team, iteration.number), filled_in(decision="revise"))
    assert response.status_code == 302
    assert response["Location"] == detail_url(team, iteration.number)
    review.refresh_from_db()
    assert review.decision == "accepted"
    with pytest.raises(ReviewNotEditableError):
        Review.record(iteration, coach, rubric=review.rubric, scores=[1] * 5, decision="revise")


def test_a_changed_rubric_does_not_change_old_reviews(client, world, english_interface):
    team, coach = world["team"], world["people"]["coach"]
    iteration = submitted_iteration(team)
    client.force_login(coach)
    client.post(review_url(team, iteration.number), filled_in(scores=[3, 3, 3, 3, 3]))

    rubric = Rubric.objects.get(programme=world["a"])
    first = rubric.criteria.order_by("sort_order").first()
    first.name = "Begrip van de buurt"
    first.level_3 = "Een nieuwe omschrijving"
    first.save()
    rubric.criteria.order_by("sort_order").last().delete()

    client.force_login(world["people"]["member"])
    page = client.get(detail_url(team, iteration.number)).content.decode()
    assert "Understanding of the question" in page
    assert "Next step" in page
    assert "Begrip van de buurt" not in page
    assert "Een nieuwe omschrijving" not in page
    # A new review is scored on the rubric as it is now.
    client.force_login(coach)
    second = submitted_iteration_after(team)
    form = client.get(review_url(team, second.number)).content.decode()
    assert "Begrip van de buurt" in form
    assert "Next step" not in form


def submitted_iteration_after(team):
    prototype = Prototype.objects.get(team=team)
    iteration = prototype.start_iteration(by=None)
    iteration.submit(by=None)
    return iteration


# The iteration's status follows its reviews


def test_the_iterations_status_follows_the_decisions(world):
    team, coach = world["team"], world["people"]["coach"]
    second_coach = UserFactory()
    team.coaches.add(second_coach)
    iteration = submitted_iteration(team)
    rubric = Rubric.objects.for_programme(world["a"]).snapshot()

    def status():
        iteration.refresh_from_db()
        return iteration.status

    assert status() == Iteration.Status.SUBMITTED
    Review.record(iteration, coach, rubric=rubric, scores=[3] * 5, decision="accepted")
    assert status() == Iteration.Status.ACCEPTED
    Review.record(iteration, second_coach, rubric=rubric, scores=[2] * 5, decision="revise")
    assert status() == Iteration.Status.REVISE
    Review.record(iteration, second_coach, rubric=rubric, scores=[3] * 5, decision="accepted")
    assert status() == Iteration.Status.ACCEPTED
    # The content stayed as submitted.
    assert iteration.we_believe == "Buren willen samen koken."


def test_a_review_is_not_the_teams_activity(world):
    team = world["team"]
    iteration = submitted_iteration(team)
    before = type(team).objects.get(pk=team.pk).last_activity_at
    rubric = Rubric.objects.for_programme(world["a"]).snapshot()

    with time_machine.travel(NOW + datetime.timedelta(days=3), tick=False):
        Review.record(
            iteration, world["people"]["coach"], rubric=rubric, scores=[3] * 5, decision="revise"
        )

    assert type(team).objects.get(pk=team.pk).last_activity_at == before


# The queue


def test_the_queue_lists_the_oldest_first_with_how_long_each_waited(client, world):
    coach = world["people"]["coach"]
    later_team = make_team(world["a"], name="Buurtfietsen", coaches=[coach])
    old = submitted_iteration(world["team"], when=NOW - datetime.timedelta(days=3))
    recent = submitted_iteration(later_team, when=NOW - datetime.timedelta(hours=5))
    submitted_iteration(world["other_team"])  # Another coach's team.

    with time_machine.travel(NOW, tick=False):
        client.force_login(coach)
        with override_english():
            response = client.get(reverse("prototypes:review_queue"))

    waiting = response.context["waiting"]
    assert [item["iteration"] for item in waiting] == [old, recent]
    assert [item["waited"] for item in waiting] == ["3\xa0days", "5\xa0hours"]
    html = response.content.decode()
    assert "waiting for 3\xa0days" in html
    assert review_url(world["other_team"], 1) not in html


def override_english():
    from django.utils import translation

    return translation.override("en")


def test_the_queue_leaves_out_drafts_reviewed_and_superseded_iterations(world):
    coach = world["people"]["coach"]
    team = world["team"]
    first = submitted_iteration(team)
    Review.record(
        first,
        coach,
        rubric=Rubric.objects.for_programme(world["a"]).snapshot(),
        scores=[3] * 5,
        decision="revise",
    )
    second = submitted_iteration_after(team)
    other = make_team(world["a"], name="Taalcafé", coaches=[coach])
    superseded = submitted_iteration(other)
    submitted_iteration_after(Prototype.objects.get(team=other).team)
    Prototype.objects.get(team=other).start_iteration(by=None)  # A draft.

    from prototypes.models.reviews import review_queue

    assert list(review_queue(coach)) == [second]
    assert superseded not in list(review_queue(coach))


def test_the_queue_costs_the_same_for_one_and_for_fifty(client, world, django_assert_num_queries):
    coach = world["people"]["coach"]
    submitted_iteration(world["team"])
    client.force_login(coach)
    url = reverse("prototypes:review_queue")
    client.get(url)  # Warm the session and the language.
    with_one = count_queries(client, url)

    for index in range(49):
        team = make_team(world["a"], name=f"Team {index}", coaches=[coach])
        submitted_iteration(team)
    with django_assert_num_queries(with_one):
        response = client.get(url)
    assert len(response.context["waiting"]) == 50


def test_the_iteration_page_costs_the_same_for_one_and_for_three_reviews(
    client, world, django_assert_num_queries
):
    team = world["team"]
    iteration = submitted_iteration(team)
    rubric = Rubric.objects.for_programme(world["a"]).snapshot()
    coach = world["people"]["coach"]
    Review.record(iteration, coach, rubric=rubric, scores=[3] * 5, decision="revise")
    client.force_login(world["people"]["member"])
    url = detail_url(team, iteration.number)
    client.get(url)  # Warm the session and the language.
    with_one = count_queries(client, url)

    for index in range(2):
        extra = UserFactory(display_name=f"Coach {index}")
        enrol(extra, world["a"], Role.COACH)
        team.coaches.add(extra)
        Review.record(iteration, extra, rubric=rubric, scores=[2] * 5, decision="accepted")

    with django_assert_num_queries(with_one):
        assert client.get(url).status_code == 200


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# The rubric in the Wagtail admin


def rubric_form(criteria):
    """The rubric edit form's data: `criteria` are (pk or "", name, four levels)."""
    return nested_form_data(
        {
            "criteria": inline_formset(
                [
                    {
                        "id": pk,
                        "name": name,
                        "level_1": levels[0],
                        "level_2": levels[1],
                        "level_3": levels[2],
                        "level_4": levels[3],
                        "ORDER": str(position + 1),
                    }
                    for position, (pk, name, levels) in enumerate(criteria)
                ],
                initial=sum(1 for pk, *_rest in criteria if pk),
            )
        }
    )


def test_the_rubric_list_offers_each_of_the_coordinators_programmes_with_the_default(
    client, world, english_interface
):
    client.force_login(world["people"]["coordinator"])

    response = client.get(reverse("rubrics:index"))

    assert response.status_code == 200
    rubric = Rubric.objects.get(programme=world["a"])
    assert [criterion.name for criterion in rubric.criteria.order_by("sort_order")] == [
        "Understanding of the question",
        "Involvement of stakeholders",
        "Quality of evidence",
        "Depth of learning",
        "Next step",
    ]
    assert reverse("rubrics:edit", args=[rubric.pk]) in response.content.decode()
    assert not Rubric.objects.filter(programme=world["b"]).exists()


def test_a_coordinator_changes_their_programmes_rubric(client, world):
    rubric = Rubric.objects.for_programme(world["a"])
    client.force_login(world["people"]["coordinator"])
    criteria = [
        (criterion.pk, criterion.name, criterion.levels)
        for criterion in rubric.criteria.order_by("sort_order")
    ][:4]
    criteria[0] = (criteria[0][0], "Begrip van de buurt", ["a", "b", "c", "d"])
    data = rubric_form(criteria)
    # The last criterion is taken out.
    fifth = rubric.criteria.order_by("sort_order").last()
    data.update(
        {
            "criteria-4-id": str(fifth.pk),
            "criteria-4-name": fifth.name,
            "criteria-4-level_1": "1",
            "criteria-4-level_2": "2",
            "criteria-4-level_3": "3",
            "criteria-4-level_4": "4",
            "criteria-4-ORDER": "5",
            "criteria-4-DELETE": "1",
            "criteria-TOTAL_FORMS": "5",
            "criteria-INITIAL_FORMS": "5",
        }
    )

    response = client.post(reverse("rubrics:edit", args=[rubric.pk]), data)

    assert response.status_code == 302
    snapshot = Rubric.objects.get(pk=rubric.pk).snapshot()
    assert len(snapshot) == 4
    assert snapshot[0] == {"name": "Begrip van de buurt", "levels": ["a", "b", "c", "d"]}


@pytest.mark.parametrize("persona", ["other_coordinator", "coach", "member"])
def test_another_programmes_rubric_is_not_theirs_to_change(client, world, persona):
    rubric = Rubric.objects.for_programme(world["a"])
    client.force_login(world["people"][persona])

    response = client.get(reverse("rubrics:edit", args=[rubric.pk]))

    if persona == "other_coordinator":
        assert response.status_code == 404
    else:
        # No admin at all: Wagtail sends them away from it.
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("rubrics:index"))
    response = client.post(reverse("rubrics:edit", args=[rubric.pk]), rubric_form([]))
    assert response.status_code in {302, 404}
    assert len(Rubric.objects.get(pk=rubric.pk).snapshot()) == 5


def test_nobody_adds_or_deletes_a_rubric(client, world):
    rubric = Rubric.objects.for_programme(world["a"])
    client.force_login(world["people"]["coordinator"])

    assert client.get(reverse("rubrics:add")).status_code in {302, 403}
    client.post(reverse("rubrics:delete", args=[rubric.pk]))

    assert Rubric.objects.filter(pk=rubric.pk).exists()


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_the_queue_shows_only_the_persons_own_teams(client, world, persona):
    iteration = submitted_iteration(world["team"])
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)

    response = client.get(reverse("prototypes:review_queue"))

    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == 200
    listed = [item["iteration"] for item in response.context["waiting"]]
    assert listed == ([iteration] if persona == "coach" else [])


def test_the_coachs_earlier_review_is_filled_in_when_they_come_back(client, world):
    team, coach = world["team"], world["people"]["coach"]
    iteration = submitted_iteration(team)
    client.force_login(coach)
    client.post(
        review_url(team, iteration.number),
        filled_in(scores=[1, 2, 3, 4, 1], decision="revise", comment="Nog eens testen."),
    )

    html = client.get(review_url(team, iteration.number)).content.decode()

    assert 'id="id_score_1_2" aria-describedby="id_score_1_2_description" checked' in html
    assert 'id="id_score_3_4" aria-describedby="id_score_3_4_description" checked' in html
    assert 'id="id_score_1_3" aria-describedby="id_score_1_3_description" checked' not in html
    assert "Nog eens testen." in html
    assert re.search(r'name="decision" value="revise"[^>]*checked', html)
    assert not re.search(r'name="decision" value="accepted"[^>]*checked', html)


def test_the_dutch_page_says_a_revision_is_asked_not_a_button_word(client, world):
    team, coach = world["team"], world["people"]["coach"]
    iteration = submitted_iteration(team)
    rubric = Rubric.objects.for_programme(world["a"]).snapshot()
    Review.record(iteration, coach, rubric=rubric, scores=[2] * 5, decision="revise")
    client.force_login(world["people"]["member"])

    url = detail_url(team, iteration.number)
    assert url.startswith("/nl/")
    html = client.get(url).content.decode()

    assert '<span class="badge badge--revise">Bijstellen gevraagd</span>' in html  # the state
    assert '<span class="badge badge--revise">Bijstellen</span>' in html  # the decision
    assert "Aanpassen" not in html
