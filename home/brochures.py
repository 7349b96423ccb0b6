"""What a brochure shows, for its page and its PDF alike, and the PDF itself.

`context(page)` reads everything the page's showcases show in a fixed number of
queries, whatever the number of showcases; the page template and the PDF template
draw from it, so the two cannot disagree. It is read from live consent every time: a
person who withdraws is gone from the next render of the page and of the PDF.

What a showcase publishes about people:

- Names: only current members of the team with an active brochure consent for the
  programme (`learninglab.consent`), by their display name; never an email address,
  so a member without a display name is not named either.
- Quotes: only those `Quote.objects.publishable` returns (offered, not withdrawn,
  author consenting), with the author's display name.
- Figures: counts of the team's work (iterations tested and accepted, stakeholder
  answers, coaching sessions held) are always shown. Figures about the people
  (members, attendance at coaching) are shown only when at least `MIN_GROUP_SIZE` of
  the team's current members consented; otherwise the brochure says they are not
  shown because fewer than five people are behind them. The figures are the
  dashboard's own counts (`prototypes.dashboard.counts_per_team`).
"""

import contextlib
import dataclasses
import gc
import logging
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from learninglab import consent, pagecache
from prototypes import dashboard
from prototypes.dashboard import MIN_GROUP_SIZE
from prototypes.models import Iteration, Team, TeamMember
from prototypes.models.quotes import Quote

# The canvas blocks a showcase shows: what the enterprise does and for whom.
KEY_CANVAS_FIELDS = [
    "beneficiaries",
    "social_value_proposition",
    "customers",
    "key_activities",
    "revenue",
    "impact_measures",
]
TEST_CARD_FIELDS = ["we_believe", "to_verify_we_will", "and_measure", "we_are_right_if"]
LEARNING_CARD_FIELDS = ["we_observed", "we_learned", "therefore_we_will"]
# Relative URLs in the PDF's HTML (images) resolve against this; the fetcher below
# reads them from the storage and refuses everything else, so rendering a brochure
# never reaches the network.
PDF_BASE_URL = "https://brochure.invalid/"

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Figure:
    label: str
    value: str | int | None
    shown: bool = True


@dataclasses.dataclass(frozen=True)
class Card:
    title: str
    lines: list[dict]


@dataclasses.dataclass
class Showcase:
    team: Team
    canvas: list[dict]
    iteration: Iteration | None
    test_card: Card | None
    learning_card: Card | None
    figures: list[Figure]
    people_figures_hidden: bool
    names: list[str]
    quotes: list[dict]


def context(page) -> dict:
    """Everything the brochure's page and PDF show besides its own fields: the
    showcases by team id, and the contents (headings and showcases, in order).
    Eight queries whatever the number of showcases (ten for the first render of a
    page whose programme is not loaded yet)."""
    programme = page.programme
    team_ids = [block.value["team"].pk for block in page.showcase_blocks() if block.value["team"]]
    showcases = _showcases(programme, team_ids) if team_ids else {}
    contents = []
    for block in page.body:
        if block.block_type == "heading":
            contents.append({"anchor": f"section-{block.id}", "title": block.value})
        elif block.block_type == "showcase" and block.value["team"]:
            showcase = showcases.get(block.value["team"].pk)
            if showcase:
                contents.append({"anchor": f"section-{block.id}", "title": showcase.team.name})
    return {"programme": programme, "showcases": showcases, "contents": contents}


def _showcases(programme, team_ids) -> dict[int, Showcase]:
    teams = Team.objects.filter(pk__in=team_ids, programme=programme).select_related("prototype")
    teams = {team.pk: team for team in teams}
    if not teams:
        return {}
    counts = dashboard.counts_per_team(Team.objects.filter(pk__in=teams), programme)
    accepted = {}
    for iteration in Iteration.objects.filter(
        prototype__team__in=teams, status=Iteration.Status.ACCEPTED
    ).order_by("number"):
        accepted[iteration.prototype_id] = iteration
    members = list(
        TeamMember.objects.current()
        .filter(team__in=teams)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    consenting = consent.consenting_user_ids(
        consent.Consent.Purpose.BROCHURE, programme, {member.user_id for member in members}
    )
    quotes = {}
    for quote in (
        Quote.objects.publishable(programme)
        .filter(team__in=teams)
        .select_related("author")
        .order_by("created_at", "pk")
    ):
        quotes.setdefault(quote.team_id, []).append(
            {"text": quote.text, "author": quote.author.display_name}
        )
    names, consenting_count = {}, {}
    for member in members:
        if member.user_id in consenting:
            consenting_count[member.team_id] = consenting_count.get(member.team_id, 0) + 1
            if member.user.display_name:
                names.setdefault(member.team_id, []).append(member.user.display_name)

    showcases = {}
    for team in teams.values():
        prototype = getattr(team, "prototype", None)
        iteration = accepted.get(prototype.pk) if prototype else None
        people_shown = consenting_count.get(team.pk, 0) >= MIN_GROUP_SIZE
        showcases[team.pk] = Showcase(
            team=team,
            canvas=[
                block
                for block in (prototype._blocks(KEY_CANVAS_FIELDS) if prototype else [])
                if block["value"].strip()
            ],
            iteration=iteration,
            test_card=_card(iteration, _("Test card"), TEST_CARD_FIELDS),
            learning_card=_card(iteration, _("Learning card"), LEARNING_CARD_FIELDS),
            figures=_figures(counts.get(team.pk) or dashboard.TeamRow(), people_shown),
            people_figures_hidden=not people_shown,
            names=names.get(team.pk, []),
            # A quote's author is named only while they consent, which publishable
            # checks; without a display name the quote stays, unsigned.
            quotes=quotes.get(team.pk, []),
        )
    return showcases


def _card(iteration, title, fields) -> Card | None:
    if iteration is None:
        return None
    lines = [
        {"label": Iteration._meta.get_field(name).verbose_name, "value": getattr(iteration, name)}
        for name in fields
        if getattr(iteration, name).strip()
    ]
    return Card(title=title, lines=lines) if lines else None


def _figures(row, people_shown) -> list[Figure]:
    """The team's figures for a public brochure; see the module's docstring."""
    figures = [
        Figure(_("Iterations tested"), row.iterations),
        Figure(_("Iterations accepted"), row.accepted),
        Figure(_("Answers from stakeholders"), row.feedback),
        Figure(_("Coaching sessions held"), row.held),
    ]
    if people_shown:
        figures.append(Figure(_("Team members"), row.members))
        if row.attendance is not None:
            figures.append(Figure(_("Attendance at coaching sessions"), f"{row.attendance}%"))
    return figures


def storage_fetcher():
    """WeasyPrint's way to the brochure's images: files of the default storage only,
    read through the storage (local folder or bucket). Any other address is refused
    (WeasyPrint leaves that image out), so a brochure never makes the worker fetch
    anything from the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StorageFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            name = storage_name(url)
            if name is None or not default_storage.exists(name):
                raise ValueError(f"Not a file of this site: {url}")
            with default_storage.open(name) as file:
                return URLFetcherResponse(url, body=file.read())

    return StorageFetcher()


def storage_name(url) -> str | None:
    """The default storage's name of the file at `url` (as written in the HTML), or None."""
    probe = "probe"
    base = urlsplit(urljoin(PDF_BASE_URL, default_storage.url(probe)))
    prefix = base.path[: -len(probe)]
    target = urlsplit(urljoin(PDF_BASE_URL, url))
    if (target.scheme, target.netloc) != (base.scheme, base.netloc):
        return None
    if not target.path.startswith(prefix):
        return None
    name = unquote(target.path[len(prefix) :])
    return name if name and ".." not in name.split("/") else None


def render_pdf(page) -> bytes:
    """The brochure as a PDF, in the page's language, from the same context as its
    page. Renders images' renditions where missing; takes seconds, so only a Celery
    worker calls it (`home.tasks.render_brochure_pdf`)."""
    import weasyprint

    with cycle_collector_paused():
        with translation.override(page.locale.language_code):
            html = render_to_string(
                "home/brochure_pdf.html", {"page": page, "self": page, **context(page)}
            )
        return weasyprint.HTML(
            string=html, base_url=PDF_BASE_URL, url_fetcher=storage_fetcher()
        ).write_pdf()


@contextlib.contextmanager
def cycle_collector_paused():
    """Python's cycle collector off for the block, back as it was afterwards.

    The brochure's templates and WeasyPrint allocate millions of small objects; the
    collector, woken every few hundred allocations, walks the worker's heap and the
    growing box tree again and again while little of it is garbage yet: about a sixth
    of the PDF's time. Off, the box tree's cycles are freed in one pass once it is back
    on, and peak memory hardly changes. The switch is process-wide: meant for a worker
    process that makes one PDF at a time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def make_pdf(page_id) -> None:
    """Make the PDF of a live brochure and keep it as its current file, or, when that
    fails, keep the last good one, record the error and tell the programme's
    coordinators. Safe to run twice: each run makes the PDF from the page as it is."""
    from home.models import BrochurePage, BrochurePdf

    page = BrochurePage.objects.live().filter(pk=page_id).first()
    if page is None:
        # Unpublished or deleted since it was queued: there is nothing to print.
        BrochurePdf.objects.filter(page_id=page_id, status__in=["queued", "rendering"]).update(
            status=BrochurePdf.Status.FAILED, error="The brochure is not published."
        )
        return
    pdf, _created = BrochurePdf.objects.update_or_create(
        page=page, defaults={"status": BrochurePdf.Status.RENDERING}
    )
    queued_at = pdf.queued_at
    try:
        data = render_pdf(page)
    except Exception as error:
        logger.exception("The PDF of brochure %s could not be made", page.pk)
        pdf.status = BrochurePdf.Status.FAILED
        pdf.error = f"{type(error).__name__}: {error}"[:2000]
        pdf.save(update_fields=["status", "error"])
        pagecache.purge_on_commit()
        report_failure(page, pdf)
        return
    if BrochurePdf.objects.filter(pk=pdf.pk).exclude(queued_at=queued_at).exists():
        # Queued again while this one was made (someone withdrew, or the page was
        # published again): it may hold what must not be printed any more, and the run
        # queued after this one makes the PDF as the page is now.
        return
    previous = pdf.file.name if pdf.file else ""
    pdf.file.save(f"brochure-{page.pk}.pdf", ContentFile(data), save=False)
    pdf.status = BrochurePdf.Status.READY
    pdf.generated_at = timezone.now()
    pdf.error = ""
    pdf.save(update_fields=["file", "status", "generated_at", "error"])
    if previous and previous != pdf.file.name:
        pdf.file.storage.delete(previous)
    pagecache.purge_on_commit()


def report_failure(page, pdf) -> None:
    """Tell the coordinators of the brochure's programme that its PDF could not be made:
    an email in each one's language and a notification in the site. One email each."""
    from courses.models import Membership
    from prototypes.models import Notification

    coordinators = [
        membership.user
        for membership in Membership.objects.coordinators()
        .filter(programme=page.programme)
        .select_related("user")
    ]
    link = reverse("wagtailadmin_pages:edit", args=[page.pk])
    for person in coordinators:
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            context = {"page": page, "pdf": pdf, "person": person, "url": absolute(link)}
            subject = " ".join(
                render_to_string("home/email/brochure_failed_subject.txt", context).split()
            )
            Notification.objects.create(
                recipient=person,
                kind="brochure_pdf_failed",
                title=subject,
                body=str(FAILURE_NOTE),
                link=link,
            )
            mail.send_mail(
                subject,
                render_to_string("home/email/brochure_failed.txt", context),
                None,
                [person.email],
            )


FAILURE_NOTE = _(
    "The previous PDF stays available. Look at the brochure's images and text, then "
    "submit it for approval again to make a new PDF."
)


def absolute(path) -> str:
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)
