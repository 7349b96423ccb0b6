"""Brochures: what a showcase publishes (only people who consented), the PDF made in
Celery and kept when a new one fails, the approval by a second coordinator, access."""

import gc
import io
import re
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader
from wagtail.models import Page, Workflow

from courses.models import Role
from home import brochures
from home.models import BrochurePage, BrochurePdf
from learninglab import consent as consents
from learninglab.consent import Consent
from learninglab.storage import private_storage
from prototypes.models import Iteration, Notification, Prototype, Quote, Reflection
from tests.factories import UserFactory, enrol, make_team, make_team_world

pytestmark = pytest.mark.django_db

BROCHURE = Consent.Purpose.BROCHURE
ANSWER = "We cooked with twelve neighbours on Saturday and planned a second dinner together."


def give_consent(person, programme):
    return consents.give(person, BROCHURE, programme, language="en")


def offer_quote(person, team, words):
    reflection = Reflection.objects.create(
        author=person, team=team, period=1, answers=[{"prompt": "What?", "answer": words}]
    )
    return Quote.offer(reflection, words)


def make_brochure(programme, teams, title="Resultaten van de wijk", **fields):
    """A draft brochure under `programme` with a heading, a text and one showcase per team."""
    page = BrochurePage(
        title=title,
        live=False,
        intro=fields.pop("intro", "Wat de teams deze lente bouwden."),
        body=[
            ("heading", "Onze teams"),
            ("text", "<p>Twaalf weken werk in de wijk.</p>"),
            *[("showcase", {"team": team, "introduction": ""}) for team in teams],
        ],
        **fields,
    )
    programme.add_child(instance=page)
    page.save_revision()
    return page


def publish(page, django_capture_on_commit_callbacks):
    """Publish as the workflow does, and run what is queued on commit (the PDF)."""
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


def pdf_text(page) -> str:
    pdf = BrochurePdf.objects.get(page=page)
    with pdf.file.open("rb") as file:
        return text_of(file.read())


def download_text(response) -> str:
    return text_of(b"".join(response.streaming_content))


def text_of(data: bytes) -> str:
    """The PDF's text with its line breaks undone, so a phrase wrapped in a box is found."""
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


@pytest.fixture
def world():
    """Team "De Wijkkeuken" with: Anna, who consented and offered a quote; Bram, who
    offered a quote but never consented; Cato, who consented, offered a quote, then
    withdrew her consent. Plus an accepted iteration and a filled canvas."""
    world = make_team_world()
    programme, team = world["a"], world["team"]
    people = {
        name: UserFactory(display_name=name, preferred_language="en")
        for name in ["Anna Consent", "Bram Silent", "Cato Withdrawn"]
    }
    for person in people.values():
        team.members.create(user=person, role=Role.RESIDENT)
    give_consent(people["Anna Consent"], programme)
    offer_quote(people["Anna Consent"], team, "Anna says the kitchen brought us together")
    offer_quote(people["Bram Silent"], team, "Bram says nobody should read this")
    withdrawn = give_consent(people["Cato Withdrawn"], programme)
    offer_quote(people["Cato Withdrawn"], team, "Cato says this must disappear")
    consents.withdraw(withdrawn)
    prototype = Prototype.objects.get(team=team)
    prototype.social_value_proposition = "Warm meals that bring neighbours together"
    prototype.save()
    Iteration.objects.create(
        prototype=prototype,
        number=1,
        we_believe="Neighbours will pay for a shared dinner",
        we_learned="They pay when they cook along",
        status=Iteration.Status.ACCEPTED,
    )
    world["people"].update(people)
    world["brochure"] = make_brochure(programme, [team])
    return world


def test_only_consenting_members_and_their_quotes_appear_on_the_page_and_in_the_pdf(
    world, django_capture_on_commit_callbacks
):
    page = publish(world["brochure"], django_capture_on_commit_callbacks)
    html = Client().get(page.url).content.decode()
    text = pdf_text(page)
    for published in [html, text]:
        assert "De Wijkkeuken" in published
        assert "Anna Consent" in published
        assert "Anna says the kitchen brought us together" in published
        assert "Warm meals that bring neighbours together" in published
        assert "They pay when they cook along" in published
        for hidden in ["Bram Silent", "Bram says", "Cato Withdrawn", "Cato says"]:
            assert hidden not in published
        # Members without consent are not named at all, not even by their email.
        assert world["people"]["member"].email not in published


def test_withdrawing_consent_removes_the_person_from_the_page_and_remakes_the_pdf(
    world, django_capture_on_commit_callbacks
):
    page = publish(world["brochure"], django_capture_on_commit_callbacks)
    anna = world["people"]["Anna Consent"]
    assert "Anna Consent" in pdf_text(page)
    with (
        mock.patch("learninglab.pagecache.purge") as purge,
        django_capture_on_commit_callbacks(execute=True),
    ):
        consents.withdraw(Consent.objects.get(user=anna, withdrawn_at=None))
    assert purge.called
    html = Client().get(page.url).content.decode()
    assert "Anna Consent" not in html and "Anna says" not in html
    assert "Anna Consent" not in pdf_text(page) and "Anna says" not in pdf_text(page)


def test_after_a_withdrawal_the_old_pdf_is_not_served_even_while_or_if_no_new_one_is_made(
    world, django_capture_on_commit_callbacks
):
    page = publish(world["brochure"], django_capture_on_commit_callbacks)
    old = BrochurePdf.objects.get(page=page).file.name
    download = reverse("brochures:pdf", args=[page.pk])
    assert "Anna Consent" in download_text(Client().get(download))
    anna = world["people"]["Anna Consent"]

    with (
        mock.patch("home.tasks.render_brochure_pdf.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        consents.withdraw(Consent.objects.get(user=anna, withdrawn_at=None))
    # Once the withdrawal is committed, before a worker made the new PDF: the one with
    # Anna is gone.
    delay.assert_called_once_with(page.pk)
    assert Client().get(download).status_code == 404
    assert f'href="{download}"' not in Client().get(page.url).content.decode()
    assert not private_storage().exists(old)
    # The new PDF cannot be made: still nothing with Anna is served.
    with mock.patch("weasyprint.HTML.write_pdf", side_effect=RuntimeError("no fonts")):
        brochures.make_pdf(page.pk)
    pdf = BrochurePdf.objects.get(page=page)
    assert pdf.status == BrochurePdf.Status.FAILED and not pdf.file
    assert Client().get(download).status_code == 404


def test_a_pdf_queued_again_while_it_was_made_is_not_kept(
    world, django_capture_on_commit_callbacks
):
    page = publish(world["brochure"], django_capture_on_commit_callbacks)
    made = brochures.render_pdf

    def withdrawn_meanwhile(page):
        data = made(page)
        BrochurePdf.queue(page.pk, discard=True)  # as a withdrawal during the render does
        return data

    with mock.patch("home.brochures.render_pdf", withdrawn_meanwhile):
        brochures.make_pdf(page.pk)
    pdf = BrochurePdf.objects.get(page=page)
    # Left for the run queued after it, which makes the PDF as the page is now.
    assert pdf.status == BrochurePdf.Status.QUEUED and not pdf.file


def test_publishing_only_queues_the_pdf_which_a_worker_makes_after_the_commit(
    world, django_capture_on_commit_callbacks
):
    page = world["brochure"]
    with (
        mock.patch("home.brochures.render_pdf", wraps=brochures.render_pdf) as render,
        mock.patch("home.tasks.render_brochure_pdf.delay", wraps=lambda page_id: None) as delay,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        page.get_latest_revision().publish()
        # Publishing renders nothing; it queues the PDF, which the page shows.
        assert not render.called
        assert BrochurePdf.objects.get(page=page).status == BrochurePdf.Status.QUEUED
        response = Client().get(page.url)
        assert "data-job-running" in response.content.decode()
        status = Client().get(reverse("brochures:pdf_status", args=[page.pk])).json()
        assert not status["finished"] and status["status"] == "queued"
        assert not delay.called
    for callback in callbacks:
        callback()
    delay.assert_called_once_with(page.pk)
    assert not render.called


def test_the_worker_makes_a_pdf_that_visitors_download(world, django_capture_on_commit_callbacks):
    page = publish(world["brochure"], django_capture_on_commit_callbacks)
    pdf = BrochurePdf.objects.get(page=page)
    assert pdf.status == BrochurePdf.Status.READY and pdf.generated_at and pdf.file
    response = Client().get(reverse("brochures:pdf", args=[page.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = download_text(response)
    assert "Resultaten van de wijk" in text and "Anna Consent" in text
    # The contents list the sections with their page numbers; every page is numbered.
    reader_pages = text.count(" / ")
    assert reader_pages >= 3
    html = Client().get(page.url).content.decode()
    assert reverse("brochures:pdf", args=[page.pk]) in html
    status = Client().get(reverse("brochures:pdf_status", args=[page.pk])).json()
    assert status["finished"] and status["status"] == "ready"


def test_a_failed_pdf_is_reported_to_the_coordinator_and_the_last_good_one_stays(
    world, django_capture_on_commit_callbacks, english_interface
):
    page = publish(world["brochure"], django_capture_on_commit_callbacks)
    good = BrochurePdf.objects.get(page=page).file.name
    coordinator = world["people"]["coordinator"]
    mail.outbox.clear()
    with mock.patch("weasyprint.HTML.write_pdf", side_effect=RuntimeError("no fonts")):
        publish(page, django_capture_on_commit_callbacks)
    pdf = BrochurePdf.objects.get(page=page)
    assert pdf.status == BrochurePdf.Status.FAILED
    assert "no fonts" in pdf.error
    assert pdf.file.name == good
    [email] = mail.outbox
    assert email.to == [coordinator.email]
    assert page.title in email.subject
    notification = Notification.objects.get(recipient=coordinator)
    assert notification.kind == "brochure_pdf_failed"
    assert notification.local_link == f"/admin/pages/{page.pk}/edit/"
    # Visitors still download the last good PDF, and see nothing of the failure.
    response = Client().get(reverse("brochures:pdf", args=[page.pk]))
    assert response.status_code == 200 and "Anna Consent" in download_text(response)
    assert "no fonts" not in Client().get(page.url).content.decode()
    # The coordinator sees the failure on the page.
    client = Client()
    client.force_login(coordinator)
    assert "no fonts" in client.get(page.url).content.decode()


@pytest.mark.parametrize(("consenting", "shown"), [(4, False), (5, True)])
def test_a_figure_about_fewer_than_five_people_is_not_published(
    consenting, shown, django_capture_on_commit_callbacks, english_interface
):
    world = make_team_world()
    programme = world["a"]
    team = make_team(
        programme,
        name="Vijf of vier",
        members=[
            (UserFactory(display_name=f"Person {n}"), Role.STUDENT) for n in range(consenting)
        ],
    )
    for member in team.members.all():
        give_consent(member.user, programme)
    page = publish(make_brochure(programme, [team]), django_capture_on_commit_callbacks)
    [showcase] = brochures.context(page)["showcases"].values()
    labels = [str(figure.label) for figure in showcase.figures]
    assert ("Team members" in labels) is shown
    html = Client().get("/en" + page.url[3:]).content.decode()
    assert ("fewer than 5 people" in html) is not shown
    # The PDF is in the brochure's own language.
    with translation.override(page.locale.language_code):
        note = gettext(
            "Figures about the team's members are not shown: fewer than 5 people are behind them."
        )
    assert (" ".join(note.split()) in pdf_text(page)) is not shown
    # The work's counts are shown whatever the team's size.
    assert "Iterations tested" in labels and "Coaching sessions held" in labels


def test_the_context_takes_as_many_queries_for_one_showcase_as_for_three():
    world = make_team_world()
    programme = world["a"]
    teams = [
        make_team(programme, name=f"Team {n}", members=[(UserFactory(), Role.STUDENT)])
        for n in range(3)
    ]
    small, large = make_brochure(programme, teams[:1]), make_brochure(programme, teams)
    counts = []
    for page in [small, large]:
        page = BrochurePage.objects.get(pk=page.pk)
        page.programme  # noqa: B018 (loaded apart: the page's own query)
        with CaptureQueriesContext(connection) as captured:
            brochures.context(page)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_showcase_of_another_programmes_team_is_refused(english_interface):
    world = make_team_world()
    stranger = make_team(world["b"], name="Elders Team")
    page = make_brochure(world["a"], [world["team"]])
    page.body = [("showcase", {"team": stranger, "introduction": ""})]
    with pytest.raises(Exception, match="Elders Team"):
        page.full_clean()


# Access


def test_a_draft_brochure_and_its_pdf_are_not_found_by_visitors(world):
    page = world["brochure"]
    BrochurePdf.objects.create(page=page, status=BrochurePdf.Status.READY, file="brochures/x.pdf")
    assert Client().get(page.url or f"/nl/{page.slug}/").status_code == 404
    assert Client().get(reverse("brochures:pdf", args=[page.pk])).status_code == 404
    assert Client().get(reverse("brochures:pdf_status", args=[page.pk])).status_code == 404


def test_an_unpublished_brochure_pdf_is_gone(world, django_capture_on_commit_callbacks):
    page = publish(world["brochure"], django_capture_on_commit_callbacks)
    page.unpublish()
    assert Client().get(reverse("brochures:pdf", args=[page.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "can_edit"),
    [
        ("coordinator", True),
        ("other_coordinator", False),
        ("coach", False),
        ("member", False),
    ],
)
def test_only_the_programmes_coordinators_edit_its_brochure(world, persona, can_edit):
    client = Client()
    client.force_login(world["people"][persona])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world["brochure"].pk]))
    assert (response.status_code == 200) is can_edit


def test_the_team_chooser_offers_only_the_coordinators_teams(world):
    stranger = make_team(world["b"], name="Elders Team")
    client = Client()
    client.force_login(world["people"]["coordinator"])
    html = client.get(reverse("brochure_team_chooser:choose")).content.decode()
    assert "De Wijkkeuken" in html and "Elders Team" not in html
    chosen = client.get(reverse("brochure_team_chooser:chosen", args=[stranger.pk]))
    assert chosen.status_code == 404


# The approval workflow


def test_a_brochure_needs_a_second_coordinator_to_approve_it(
    world, django_capture_on_commit_callbacks
):
    page, programme = world["brochure"], world["a"]
    first = world["people"]["coordinator"]
    second = UserFactory(display_name="Second Coordinator")
    enrol(second, programme, Role.COORDINATOR)
    workflow = page.get_workflow()
    assert workflow == Workflow.objects.get(name="Brochure approval")
    # The modules beside it do not follow it.
    module = Page.objects.child_of(programme).exclude(pk=page.pk).first().specific
    assert module.get_workflow() != workflow
    # Nobody publishes a brochure directly.
    assert not page.permissions_for_user(first).can_publish()

    workflow.start(page, first)
    page.refresh_from_db()
    task = page.current_workflow_task
    assert task.get_actions(page, first) == []
    assert task.get_actions(page, world["people"]["other_coordinator"]) == []
    assert [name for name, _label, _modal in task.get_actions(page, second)][:2] == [
        "reject",
        "approve",
    ]
    assert not task.get_task_states_user_can_moderate(first).exists()
    assert not task.get_task_states_user_can_moderate(world["people"]["other_coordinator"]).exists()
    assert task.get_task_states_user_can_moderate(second).exists()

    with django_capture_on_commit_callbacks(execute=True):
        page.current_workflow_task_state.approve(user=second)
    page.refresh_from_db()
    assert page.live
    assert BrochurePdf.objects.get(page=page).status == BrochurePdf.Status.READY


def test_the_publish_button_is_refused_for_brochures(world):
    client = Client()
    client.force_login(world["people"]["coordinator"])
    page = world["brochure"]
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(url).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/media/images/wijk.width-1200.jpg", "images/wijk.width-1200.jpg"),
        ("https://brochure.invalid/media/images/a%20b.jpg", "images/a b.jpg"),
        ("https://example.org/media/images/wijk.jpg", None),
        ("file:///etc/passwd", None),
        ("/media/../private/secret.pdf", None),
        ("/static/css/site.css", None),
    ],
)
def test_the_pdf_reads_only_files_of_the_sites_storage(url, name):
    assert brochures.storage_name(url) == name


def test_the_contents_give_the_page_each_section_starts_on(django_capture_on_commit_callbacks):
    world = make_team_world()
    programme = world["a"]
    short = make_team(programme, name="Het Buurtfornuis")
    long = make_team(programme, name="De Lange Tafel")
    # A canvas of two pages, so that the next section is not simply one page further.
    for field in brochures.KEY_CANVAS_FIELDS:
        setattr(long.prototype, field, "Neighbours cook together every Saturday. " * 30)
    long.prototype.save()
    last = make_team(programme, name="De Open Keuken")
    page = publish(
        make_brochure(programme, [short, long, last]), django_capture_on_commit_callbacks
    )
    with BrochurePdf.objects.get(page=page).file.open("rb") as file:
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(file).pages]

    contents = pages[1]
    starts = {}
    for title in ["Onze teams", "Het Buurtfornuis", "De Lange Tafel", "De Open Keuken"]:
        listed = re.search(rf"{title} (\d+)", contents)
        assert listed, f"{title} is not in the contents: {contents}"
        # The section's first page is the first one after the contents that names it.
        first = next(n for n, text in enumerate(pages[2:], start=3) if title in text)
        starts[title] = first
        assert int(listed.group(1)) == first, title
    assert starts["De Open Keuken"] - starts["De Lange Tafel"] >= 2
    # Every page says which it is, of how many.
    assert all(text.rstrip().endswith(f"{n} / {len(pages)}") for n, text in enumerate(pages[1:], 2))


def footer_lines(pdf_page) -> set[float]:
    """The heights (in points from the bottom) of the lines of text in the page's bottom
    margin, 24 mm or 68 points."""
    heights = set()

    def visit(text, matrix, text_matrix, *_font):
        height = matrix[5] + text_matrix[5] * matrix[3]
        if text.strip() and height < 68:
            heights.add(round(height, 1))

    pdf_page.extract_text(visitor_text=visit)
    return heights


def test_a_title_too_long_for_the_footer_is_cut_short_there_not_wrapped(
    django_capture_on_commit_callbacks,
):
    world = make_team_world()
    team = make_team(world["a"], name="Het Buurtfornuis")
    title = (
        "Wat we samen leerden in twaalf weken ondernemen met bewoners, studenten en partners"
        " in Overvecht en Kanaleneiland, voorjaar 2027"
    )
    page = publish(
        make_brochure(world["a"], [team], title=title), django_capture_on_commit_callbacks
    )
    with BrochurePdf.objects.get(page=page).file.open("rb") as file:
        pages = PdfReader(file).pages
        # Every page but the cover has one footer line: the title, cut short with an
        # ellipsis (its text stays whole for copying), and the page number.
        for number, pdf_page in enumerate(pages[1:], 2):
            assert len(footer_lines(pdf_page)) == 1, number
            text = " ".join(pdf_page.extract_text().split())
            assert text.endswith(f"{title} {number} / {len(pages)}")


def test_the_pdf_is_made_without_the_cycle_collector_which_comes_back_after(world):
    seen = []

    def write_pdf(*args, **kwargs):
        seen.append(gc.isenabled())
        raise RuntimeError("WeasyPrint failed")

    assert gc.isenabled()
    with mock.patch("weasyprint.HTML.write_pdf", write_pdf), pytest.raises(RuntimeError):
        brochures.render_pdf(world["brochure"])
    assert seen == [False]
    assert gc.isenabled()
