"""A submitted iteration never changes: not through the interface, the admin, the model,
the queryset, nor (on PostgreSQL) plain SQL. Its status still follows its reviews."""

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.urls import get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.snippets.models import get_snippet_models

from prototypes.models import Evidence, FrozenIterationError, Iteration, Prototype, Team
from prototypes.models.iterations import deleting_team_work
from tests.factories import make_team_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_team_world()


@pytest.fixture
def submitted(world):
    """Iteration 1 of the team, filled in, with a document, and submitted."""
    member = world["people"]["member"]
    iteration = Prototype.objects.for_team(world["team"]).start_iteration(by=member)
    iteration.edit({"we_believe": "Buren koken graag samen", "we_learned": "Vrijdag"}, by=member)
    add_evidence(iteration, uploaded_by=member)
    iteration.submit(by=member)
    return iteration


def add_evidence(iteration, name="verslag.pdf", uploaded_by=None):
    return Evidence.objects.create(
        iteration=iteration,
        uploaded_by=uploaded_by,
        kind=Evidence.Kind.DOCUMENT,
        file=ContentFile(b"%PDF-1.4", name=name),
        original_name=name,
        content_type="application/pdf",
        size=8,
    )


def stored(iteration):
    return Iteration.objects.get(pk=iteration.pk)


# The interface


def test_the_edit_page_of_a_submitted_iteration_sends_back_with_the_reason(
    client, world, submitted, english_interface
):
    client.force_login(world["people"]["member"])
    edit = reverse("prototypes:iteration_edit", args=[world["team"].pk, 1])

    page = client.get(edit, follow=True)
    posted = client.post(edit, {"we_believe": "Iets anders"}, follow=True)

    detail = reverse("prototypes:iteration_detail", args=[world["team"].pk, 1])
    for response in (page, posted):
        assert response.redirect_chain == [(detail, 302)]
        html = response.content.decode()
        assert "is submitted and can no longer change" in html
        assert "<textarea" not in html
    assert stored(submitted).we_believe == "Buren koken graag samen"


def test_a_submitted_iteration_cannot_be_submitted_again(client, world, submitted):
    client.force_login(world["people"]["member"])
    submitted_at = stored(submitted).submitted_at

    response = client.post(reverse("prototypes:iteration_submit", args=[world["team"].pk, 1]))

    assert response.status_code == 302
    assert stored(submitted).submitted_at == submitted_at


def test_iterations_and_evidence_are_not_editable_in_any_admin(client):
    get_resolver().url_patterns  # noqa: B018 - loading the URLs registers the admin viewsets.
    admin_models = {getattr(viewset, "model", None) for viewset in viewsets.viewsets}

    for model in (Iteration, Evidence):
        assert model not in admin_models
        assert model not in get_snippet_models()
        assert not admin.site.is_registered(model)


# The model


def test_saving_changed_content_of_a_submitted_iteration_raises(submitted):
    iteration = stored(submitted)
    iteration.we_believe = "Iets anders"

    with pytest.raises(FrozenIterationError):
        iteration.save()
    with pytest.raises(FrozenIterationError):
        iteration.save(update_fields=["we_believe"])
    assert stored(submitted).we_believe == "Buren koken graag samen"


def test_its_number_and_prototype_are_frozen_too(world, submitted):
    iteration = stored(submitted)
    iteration.number = 7
    with pytest.raises(FrozenIterationError):
        iteration.save()

    iteration = stored(submitted)
    iteration.prototype = Prototype.objects.for_team(world["other_team"])
    with pytest.raises(FrozenIterationError):
        iteration.save()


def test_edit_refuses_a_submitted_iteration(world, submitted):
    with pytest.raises(FrozenIterationError):
        stored(submitted).edit({"we_learned": "Iets anders"}, by=world["people"]["member"])


def test_reviews_may_still_move_the_status_but_never_back_to_draft(submitted):
    iteration = stored(submitted)
    iteration.status = Iteration.Status.REVISE
    iteration.save()
    iteration.status = Iteration.Status.ACCEPTED
    iteration.save(update_fields=["status"])
    assert stored(submitted).status == Iteration.Status.ACCEPTED

    iteration.status = Iteration.Status.DRAFT
    with pytest.raises(FrozenIterationError):
        iteration.save()
    assert stored(submitted).status == Iteration.Status.ACCEPTED


def test_a_draft_saves_freely(world):
    draft = Prototype.objects.for_team(world["team"]).start_iteration(by=None)
    draft.we_believe = "Nog niet zeker"
    draft.save()

    assert stored(draft).we_believe == "Nog niet zeker"


def test_evidence_cannot_be_added_to_or_removed_from_a_submitted_iteration(submitted):
    with pytest.raises(FrozenIterationError):
        add_evidence(submitted, name="nog-een.pdf")
    with pytest.raises(FrozenIterationError):
        submitted.evidence.get().delete()
    assert submitted.evidence.count() == 1


# The queryset


def test_queryset_update_of_content_refuses_when_any_row_is_submitted(world, submitted):
    draft_of_other_team = Prototype.objects.for_team(world["other_team"]).start_iteration(by=None)

    with pytest.raises(FrozenIterationError):
        Iteration.objects.update(we_learned="Iets anders")
    with pytest.raises(FrozenIterationError):
        Iteration.objects.filter(pk=submitted.pk).update(number=5)
    with pytest.raises(FrozenIterationError):
        Iteration.objects.filter(pk=submitted.pk).update(status=Iteration.Status.DRAFT)

    assert stored(submitted).we_learned == "Vrijdag"
    assert stored(draft_of_other_team).we_learned == ""
    # Drafts alone still update.
    Iteration.objects.filter(pk=draft_of_other_team.pk).update(we_learned="Mag wel")
    assert stored(draft_of_other_team).we_learned == "Mag wel"


def test_queryset_may_update_the_status_of_submitted_iterations(submitted):
    Iteration.objects.filter(pk=submitted.pk).update(status=Iteration.Status.ACCEPTED)

    assert stored(submitted).status == Iteration.Status.ACCEPTED


def test_bulk_update_of_submitted_content_refuses(submitted):
    iteration = stored(submitted)
    iteration.we_believe = "Iets anders"

    with pytest.raises(FrozenIterationError):
        Iteration.objects.bulk_update([iteration], ["we_believe"])
    with pytest.raises(FrozenIterationError):
        Iteration.objects.bulk_update([iteration], ["status"])
    assert stored(submitted).we_believe == "Buren koken graag samen"


# The database itself


def run_sql(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_postgresql_refuses_plain_sql_that_changes_a_submitted_iteration(postgres, submitted):
    with pytest.raises(DatabaseError, match="frozen"):
        run_sql(
            "UPDATE prototypes_iteration SET we_believe = %s WHERE id = %s",
            ["Iets anders", submitted.pk],
        )
    with pytest.raises(DatabaseError, match="frozen"):
        run_sql("UPDATE prototypes_iteration SET status = 'draft' WHERE id = %s", [submitted.pk])

    assert stored(submitted).we_believe == "Buren koken graag samen"


def test_postgresql_lets_the_status_of_a_submitted_iteration_change(postgres, submitted):
    run_sql("UPDATE prototypes_iteration SET status = 'accepted' WHERE id = %s", [submitted.pk])

    assert stored(submitted).status == Iteration.Status.ACCEPTED


def test_postgresql_refuses_adding_or_removing_evidence_of_a_submitted_iteration(
    postgres, submitted
):
    evidence = submitted.evidence.get()
    with pytest.raises(DatabaseError, match="frozen"):
        run_sql("DELETE FROM prototypes_evidence WHERE id = %s", [evidence.pk])
    with pytest.raises(DatabaseError, match="frozen"):
        run_sql(
            "INSERT INTO prototypes_evidence (iteration_id, kind, file, original_name,"
            " content_type, size, caption, uploaded_at)"
            " VALUES (%s, 'document', 'x.pdf', 'x.pdf', 'application/pdf', 1, '', now())",
            [submitted.pk],
        )
    with pytest.raises(DatabaseError, match="frozen"):
        run_sql("UPDATE prototypes_evidence SET caption = 'anders' WHERE id = %s", [evidence.pk])

    assert submitted.evidence.count() == 1


def test_postgresql_lets_a_draft_change(postgres, world):
    draft = Prototype.objects.for_team(world["team"]).start_iteration(by=None)

    run_sql("UPDATE prototypes_iteration SET we_believe = 'ok' WHERE id = %s", [draft.pk])

    assert stored(draft).we_believe == "ok"


def test_a_whole_team_with_submitted_work_can_still_be_deleted(postgres, world, submitted):
    with pytest.raises(DatabaseError), transaction.atomic():
        Team.objects.filter(pk=world["team"].pk).delete()

    with deleting_team_work():
        Team.objects.filter(pk=world["team"].pk).delete()

    assert not Iteration.objects.filter(pk=submitted.pk).exists()
    assert not Evidence.objects.filter(iteration_id=submitted.pk).exists()


def test_deleting_a_person_keeps_the_iterations_they_submitted(postgres, world, submitted):
    world["people"]["member"].delete()

    iteration = stored(submitted)
    assert iteration.submitted_by is None and iteration.created_by is None
    assert iteration.we_believe == "Buren koken graag samen"
    assert iteration.evidence.get().uploaded_by is None
