"""The credit export of a programme run, for the university's credit administration:
one row per student of the programme, then a totals row, as CSV or Excel. Residents earn
no credits, so their names and addresses are not sent to the university.

It is prepared as a background job (learninglab.jobs, kind `KIND`) that the run's
coordinators start from the cohort overview and follow until they can download it.

What the columns count:

- *Modules done*: the programme's modules the person marked as done.
- *Iterations submitted*: the iterations of the person's teams submitted while they
  were a member, from the day they joined to the day they left (both included, on the
  programme's calendar). An iteration counts once per person even if they were in two
  of its team's stretches.
- *Reflections written*: every reflection the person wrote in a team of the programme,
  private ones included (that one was written is not what it says).
- *Sessions attended*: the held coaching sessions of the programme's teams that the
  coach recorded them as attending.

Six queries, whatever the number of people, teams and iterations.
"""

import csv
import dataclasses
import io
from collections import defaultdict

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from openpyxl import Workbook

from courses.models import Membership, ModulePage, ModuleProgress, ProgrammePage, Role
from learninglab import jobs
from prototypes import rules as access
from prototypes.models import CoachingSession, Iteration, Reflection, SessionParticipant, TeamMember

KIND = "prototypes.cohort_export"
FORMATS = ("csv", "xlsx")
# Rows written between two progress updates (each is one UPDATE).
PROGRESS_EVERY = 50

HEADER = [
    _("Name"),
    _("Email address"),
    _("Team"),
    _("Modules done"),
    _("Iterations submitted"),
    _("Reflections written"),
    _("Sessions attended"),
]


# A spreadsheet program reads a cell starting with one of these as a formula; names and
# team names are typed by people, so such a cell is written with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@dataclasses.dataclass
class CreditRow:
    name: str
    email: str
    teams: str
    modules: int = 0
    iterations: int = 0
    reflections: int = 0
    sessions: int = 0

    def cells(self) -> list:
        return [
            _as_text(self.name),
            _as_text(self.email),
            _as_text(self.teams),
            self.modules,
            self.iterations,
            self.reflections,
            self.sessions,
        ]


def credit_rows(programme) -> tuple[list[CreditRow], CreditRow]:
    """The rows of `programme` (its default-locale page), by name, and the totals row.
    Six queries (see the module docstring)."""
    memberships = list(
        Membership.objects.filter(programme=programme, role=Role.STUDENT)
        .select_related("user")
        .order_by("user__display_name", "user__email", "pk")
    )
    people = [membership.user_id for membership in memberships]
    modules = dict(
        ModuleProgress.objects.filter(
            user_id__in=people, module__in=ModulePage.objects.child_of(programme)
        )
        .values("user_id")
        .annotate(done=Count("pk"))
        .values_list("user_id", "done")
    )
    reflections = dict(
        Reflection.objects.filter(team__programme=programme, author_id__in=people)
        .values("author_id")
        .annotate(written=Count("pk"))
        .values_list("author_id", "written")
    )
    sessions = dict(
        SessionParticipant.objects.filter(
            session__team__programme=programme,
            session__status=CoachingSession.Status.HELD,
            attended=True,
            user_id__in=people,
        )
        .values("user_id")
        .annotate(attended=Count("session", distinct=True))
        .values_list("user_id", "attended")
    )
    submitted = defaultdict(list)  # team id -> [(iteration id, submitted on)]
    for pk, team_id, submitted_at in Iteration.objects.filter(
        prototype__team__programme=programme, submitted_at__isnull=False
    ).values_list("pk", "prototype__team_id", "submitted_at"):
        submitted[team_id].append((pk, timezone.localtime(submitted_at, programme.zone).date()))
    stretches = defaultdict(list)  # user id -> [(team name, team id, joined on, left on)]
    for user_id, team_id, team_name, joined_on, left_on in (
        TeamMember.objects.filter(team__programme=programme, user_id__in=people)
        .order_by("joined_on", "pk")
        .values_list("user_id", "team_id", "team__name", "joined_on", "left_on")
    ):
        stretches[user_id].append((team_name, team_id, joined_on, left_on))

    rows = []
    for membership in memberships:
        user = membership.user
        own = stretches[user.pk]
        iterations = {
            pk
            for _name, team_id, joined_on, left_on in own
            for pk, day in submitted[team_id]
            if joined_on <= day and (left_on is None or day <= left_on)
        }
        rows.append(
            CreditRow(
                name=user.display_name,
                email=user.email,
                teams=", ".join(dict.fromkeys(name for name, *_rest in own)),
                modules=modules.get(user.pk, 0),
                iterations=len(iterations),
                reflections=reflections.get(user.pk, 0),
                sessions=sessions.get(user.pk, 0),
            )
        )
    totals = CreditRow(
        name=str(_("Total")),
        email="",
        teams=ngettext("%(count)s student", "%(count)s students", len(rows)) % {"count": len(rows)},
        modules=sum(row.modules for row in rows),
        iterations=sum(row.iterations for row in rows),
        reflections=sum(row.reflections for row in rows),
        sessions=sum(row.sessions for row in rows),
    )
    return rows, totals


def _csv(rows, totals, report) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([str(label) for label in HEADER])
    for number, row in enumerate(rows, start=1):
        writer.writerow(row.cells())
        report(number)
    writer.writerow(totals.cells())
    # With a byte order mark, so that spreadsheet programs read the names' accents right.
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def _xlsx(rows, totals, report, title) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Credits"))[:31])
    sheet.append([str(label) for label in HEADER])
    for number, row in enumerate(rows, start=1):
        sheet.append(row.cells())
        report(number)
    sheet.append(totals.cells())
    workbook.properties.title = title
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def run_export(job):
    """The job's runner: the credit export of the programme in `job.params`, in the
    format asked for, in its owner's language. Refused if the owner no longer
    coordinates the programme."""
    programme = ProgrammePage.objects.filter(pk=job.params.get("programme")).first()
    file_format = job.params.get("format")
    if programme is None or file_format not in FORMATS:
        raise jobs.JobFailed(_("This export can no longer be prepared."))
    programme = programme.default_locale_page
    if not access.can_view_cohort(job.owner, programme):
        raise jobs.JobFailed(_("You no longer coordinate this programme."))
    with translation.override(job.owner.preferred_language or None):
        rows, totals = credit_rows(programme)
        job.progress(0, len(rows))

        def report(done):
            if done % PROGRESS_EVERY == 0:
                job.progress(done)

        stem = slugify(f"{_('credits')} {programme.title}") or "credits"
        filename = f"{stem}-{timezone.localdate():%Y-%m-%d}.{file_format}"
        if file_format == "csv":
            return filename, _csv(rows, totals, report)
        return filename, _xlsx(rows, totals, report, programme.title)


def back_to_cohort(job):
    programme = job.params.get("programme")
    if not isinstance(programme, int):
        return None
    return (
        reverse("prototypes:cohort_overview", args=[programme]),
        _("Back to the cohort overview"),
    )


def exports_naming(person) -> Q:
    """The credit exports that may list `person`: those of the programmes they are in,
    whatever their role now (they may have been a student when it was prepared). For
    their erasure (learninglab.jobs.remove_files_listing), before their memberships go.
    One query."""
    programmes = Membership.objects.filter(user=person).values_list("programme_id", flat=True)
    return Q(params__programme__in=list(programmes))


jobs.register(
    KIND,
    run_export,
    label=_("Credit export"),
    back=back_to_cohort,
    lists_others=exports_naming,
)
