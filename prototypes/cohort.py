"""The cohort overview: every team of a programme run at a glance, for its coordinators.

One row per team: phase, current members (students and residents apart), last activity,
iterations by state, reviews waiting, coaching sessions held, reflection rate, and what
is overdue. The counts are the impact dashboard's (`dashboard.counts_per_team`); the
thresholds are the reminders' (a review waits too long after `ReviewWaiting.waited`, a
team is inactive after `TeamInactive.quiet_for`); deliverables are judged by the rules
of `prototypes.deliverables`. A fixed number of queries, whatever the number of teams.

The reflection rate is the reflections written by the team's current members for the
periods that have ended (programme weeks, or four-week periods in continuation; a
member counts from the period in which they joined), over the reflections those periods
asked of them.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import ModulePage
from prototypes.dashboard import TeamRow, counts_per_team, share
from prototypes.deliverables import is_done, work_of_teams
from prototypes.models import Iteration, Reflection, Team, TeamMember
from prototypes.models.reflections import started_periods
from prototypes.models.reviews import newer_iteration_exists
from prototypes.reminders import WORKING_PHASES, ReviewWaiting, TeamInactive


@dataclasses.dataclass
class CohortRow:
    """One team in the cohort overview."""

    team: Team
    counts: TeamRow
    waiting: int = 0  # iterations waiting for a review (0 or 1: only the latest waits)
    waiting_since: datetime.datetime | None = None
    review_late: bool = False
    overdue_deliverables: int = 0
    inactive: bool = False
    written: int = 0
    expected: int = 0

    @property
    def rate(self) -> int | None:
        return share(self.written, self.expected)

    @property
    def is_overdue(self) -> bool:
        return bool(self.overdue_deliverables or self.review_late or self.inactive)

    @property
    def statuses(self) -> list[tuple[str, str, int]]:
        """(state, label, count) of the team's iterations, in the states' order."""
        return [
            (status, label, self.counts.statuses[status])
            for status, label in Iteration.Status.choices
            if self.counts.statuses.get(status)
        ]


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    label: str
    sort_key: object  # a function of a CohortRow


COLUMNS = [
    Column("team", _("Team"), lambda row: row.team.name.casefold()),
    Column("phase", _("Phase"), lambda row: Team.Phase.values.index(row.team.phase)),
    Column("students", _("Students"), lambda row: row.counts.students),
    Column("residents", _("Residents"), lambda row: row.counts.residents),
    Column("activity", _("Last activity"), lambda row: row.team.last_activity_at),
    Column("iterations", _("Iterations"), lambda row: row.counts.iterations),
    Column("reviews", _("Reviews waiting"), lambda row: row.waiting),
    Column("sessions", _("Sessions held"), lambda row: row.counts.held),
    Column("reflections", _("Reflection rate"), lambda row: -1 if row.rate is None else row.rate),
    Column(
        "overdue",
        _("Overdue"),
        lambda row: row.overdue_deliverables + row.review_late + row.inactive,
    ),
]
SORTS = {column.key: column for column in COLUMNS}


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the overview shows: read from the query string, anything unknown ignored."""

    phase: str = ""
    overdue: bool = False
    search: str = ""
    sort: str = "team"
    descending: bool = False

    @classmethod
    def from_query(cls, query) -> "Filters":
        phase = query.get("phase", "")
        sort = query.get("sort", "team")
        return cls(
            phase=phase if phase in Team.Phase.values else "",
            overdue=query.get("overdue") == "1",
            search=query.get("q", "").strip()[:150],
            sort=sort if sort in SORTS else "team",
            descending=query.get("dir") == "desc",
        )

    def query(self, **changes) -> dict:
        """The query string's values of these filters with `changes`, without defaults."""
        values = dataclasses.replace(self, **changes)
        query = {
            "phase": values.phase,
            "overdue": "1" if values.overdue else "",
            "q": values.search,
            "sort": values.sort if values.sort != "team" else "",
            "dir": "desc" if values.descending else "",
        }
        return {key: value for key, value in query.items() if value}


def overview(programme, filters: Filters = Filters(), now=None) -> list[CohortRow]:
    """The rows of the cohort overview of `programme` (its default-locale page).
    Thirteen queries, whatever the number of teams, members and iterations."""
    now = now or timezone.now()
    teams = Team.objects.filter(programme=programme)
    if filters.phase:
        teams = teams.filter(phase=filters.phase)
    if filters.search:
        teams = teams.filter(name__icontains=filters.search)
    team_list = list(teams.order_by("name", "pk"))
    for team in team_list:
        team.programme = programme  # every team's, read once
    counts = counts_per_team(teams, programme)
    rows = {
        team.pk: CohortRow(team=team, counts=counts.get(team.pk) or TeamRow()) for team in team_list
    }

    _reviews_waiting(teams, rows, now)
    _overdue_deliverables(programme, rows)
    _reflection_rates(teams, programme, rows, now)
    for row in rows.values():
        row.inactive = (
            row.team.phase in WORKING_PHASES
            and row.team.last_activity_at <= now - TeamInactive.quiet_for
        )

    result = list(rows.values())
    if filters.overdue:
        result = [row for row in result if row.is_overdue]
    # Ties keep the name order; rows come sorted by name already.
    result.sort(key=SORTS[filters.sort].sort_key, reverse=filters.descending)
    return result


def _reviews_waiting(teams, rows, now) -> None:
    """The teams' latest iterations submitted and not yet reviewed. One query."""
    waiting = (
        Iteration.objects.filter(prototype__team__in=teams, status=Iteration.Status.SUBMITTED)
        .exclude(newer_iteration_exists())
        .values_list("prototype__team_id", "submitted_at")
    )
    for team_id, submitted_at in waiting:
        row = rows[team_id]
        row.waiting += 1
        row.waiting_since = submitted_at
        row.review_late = submitted_at is not None and submitted_at <= now - ReviewWaiting.waited


def _overdue_deliverables(programme, rows) -> None:
    """Deliverables past their due date and not done, for the teams in the programme
    phase (as the deliverable reminders; a team in continuation has none). Four queries:
    the modules, and the teams' work in three."""
    modules = list(ModulePage.objects.child_of(programme).live().order_by("week", "path"))
    today = programme.today()
    past_due = [
        (module, block)
        for module in modules
        for block, due in module.body_with_due_dates()
        if due is not None and today > due
    ]
    in_programme = [pk for pk, row in rows.items() if row.team.phase == Team.Phase.PROGRAMME]
    work = work_of_teams(in_programme)
    for team_id in in_programme:
        rows[team_id].overdue_deliverables = sum(
            not is_done(block.value["completed_by"], module, programme, work[team_id])
            for module, block in past_due
        )


def _reflection_rates(teams, programme, rows, now) -> None:
    """Reflections written and expected per team (see the module docstring). Two
    queries: the current members, and who wrote which period."""
    today = timezone.localtime(now, programme.zone).date()
    members = defaultdict(dict)  # team id -> {user id: joined on}
    for team_id, user_id, joined_on in (
        TeamMember.objects.current(on=today)
        .filter(team__in=teams)
        .values_list("team_id", "user_id", "joined_on")
    ):
        members[team_id][user_id] = joined_on
    written = set(
        Reflection.objects.filter(team__in=teams).values_list(
            "team_id", "author_id", "kind", "period"
        )
    )
    for team_id, row in rows.items():
        ended = [period for period in started_periods(row.team, today) if period.last_day < today]
        for user_id, joined_on in members[team_id].items():
            for period in ended:
                if joined_on > period.last_day:
                    continue
                row.expected += 1
                row.written += (team_id, user_id, period.kind, period.number) in written
