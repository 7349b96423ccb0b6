"""The impact dashboard's figures, for one team or for every team of a programme run.

Pure query functions: each takes a team or a programme and the person looking, runs a
fixed number of grouped queries (whatever the number of teams, people, weeks, iterations
or sessions) and returns small dataclasses that the templates draw as charts and tables.

What private reflections may show (issue 4, "never reveals their content"):

- *Counts of reflections written* include every reflection, private ones too: that
  someone wrote a reflection for a week is not what they wrote.
- *Scale figures* (the change from a person's first to their latest reflection, averaged
  over a group: the students or the residents of one team or of the whole run) never use
  a private reflection: its scores enter no figure anyone sees, the author's included.
  Which shared reflections they use depends on who looks (`ScaleSource`):
  - a coach of every team behind the figure: reflections shared with the coach or the
    team, whatever the group's size; the coach may read each of them anyway;
  - a member of the team (on its dashboard): only reflections shared with the whole
    team, whatever the group's size; the member may read each of them anyway;
  - anyone else (coordinators; a coach looking at the whole run): reflections shared
    with the coach or the team, but only for groups of at least `MIN_GROUP_SIZE` people,
    so that no one's scores can be read back out of an average. A smaller group shows
    that its figure is hidden and why.
- The programme dashboard's per-team table holds counts only (reflections, iterations,
  feedback, sessions), never scale figures, and lists only the teams the person may see
  (`Team.objects.visible_to`): a coordinator every team, a coach the teams they coach.
  The run's totals and charts include every team for coordinators and coaches alike.
"""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.expressions import RowRange, Window
from django.db.models.functions import FirstValue, LastValue
from django.utils.translation import gettext_lazy as _

from courses.models import Role
from prototypes.models import (
    CoachingSession,
    Iteration,
    Reflection,
    ReflectionScale,
    ReflectionScore,
    Team,
    TeamMember,
)
from prototypes.rules import is_team_coach, is_team_member

# The fewest people behind a scale figure that someone who does not coach them may see.
MIN_GROUP_SIZE = 5


@dataclasses.dataclass(frozen=True)
class ScaleSource:
    """The reflections a person's scale figures are built from (never private ones), and
    the smallest group whose figure they may see. See the module's docstring."""

    visibilities: tuple[str, ...]
    min_group_size: int

    @property
    def team_only(self) -> bool:
        return self.visibilities == (Reflection.Visibility.TEAM,)


SHARED = (Reflection.Visibility.COACH, Reflection.Visibility.TEAM)
FOR_COACHES = ScaleSource(SHARED, 1)
FOR_MEMBERS = ScaleSource((Reflection.Visibility.TEAM,), 1)
FOR_OTHERS = ScaleSource(SHARED, MIN_GROUP_SIZE)

ROLES = [(Role.STUDENT.value, _("Students")), (Role.RESIDENT.value, _("Residents"))]


@dataclasses.dataclass
class Period:
    """How many reflections were written for one programme week or continuation period."""

    label: str
    weekly: int = 0
    midterm: int = 0
    final: int = 0
    continuation: int = 0

    @property
    def total(self) -> int:
        return self.weekly + self.midterm + self.final + self.continuation


@dataclasses.dataclass(frozen=True)
class ScaleGroup:
    """The average first and latest score of one group (students or residents) on one
    scale, over the people who scored at least two shared reflections."""

    role: str
    label: str
    people: int
    first: float | None
    latest: float | None
    change: float | None
    shown: bool


@dataclasses.dataclass(frozen=True)
class ScaleChange:
    scale: ReflectionScale
    groups: list[ScaleGroup]


@dataclasses.dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclasses.dataclass(frozen=True)
class IterationFeedback:
    number: int
    status_label: str
    answers: int


@dataclasses.dataclass(frozen=True)
class HeldSession:
    starts_at: datetime.datetime
    invited: int
    attended: int


def share(part: int, whole: int) -> int | None:
    """`part` of `whole` in whole percents, or None when there is nothing to share."""
    return round(100 * part / whole) if whole else None


@dataclasses.dataclass
class Figures:
    """Everything the dashboard shows for a set of teams (one team, or a whole run)."""

    students: int
    residents: int
    periods: list[Period]
    scales: list[ScaleChange]
    statuses: list[StatusCount]
    iterations: list[IterationFeedback]
    sessions: list[HeldSession]
    source: ScaleSource

    @property
    def reflections(self) -> int:
        return sum(period.total for period in self.periods)

    @property
    def iteration_total(self) -> int:
        return sum(status.count for status in self.statuses)

    @property
    def feedback(self) -> int:
        return sum(iteration.answers for iteration in self.iterations)

    @property
    def held(self) -> int:
        return len(self.sessions)

    @property
    def invited(self) -> int:
        return sum(session.invited for session in self.sessions)

    @property
    def attended(self) -> int:
        return sum(session.attended for session in self.sessions)

    @property
    def attendance(self) -> int | None:
        return share(self.attended, self.invited)


@dataclasses.dataclass
class TeamRow:
    """One team's counts in the programme dashboard's table (added up as rows are read)."""

    team: Team | None = None
    members: int = 0
    students: int = 0
    residents: int = 0
    reflections: int = 0
    iterations: int = 0
    accepted: int = 0
    # Iterations by state: {Iteration.Status value: count}.
    statuses: dict = dataclasses.field(default_factory=dict)
    feedback: int = 0
    held: int = 0
    invited: int = 0
    attended: int = 0

    @property
    def attendance(self) -> int | None:
        return share(self.attended, self.invited)


@dataclasses.dataclass(frozen=True)
class ProgrammeDashboard:
    figures: Figures
    teams: int
    rows: list[TeamRow]


def for_team(team: Team, viewer) -> Figures:
    """The dashboard of one team, as `viewer` may see it. Nine queries at most."""
    if is_team_coach(viewer, team):
        source = FOR_COACHES
    elif is_team_member(viewer, team):
        source = FOR_MEMBERS
    else:
        source = FOR_OTHERS
    figures, _rows = _figures(Team.objects.filter(pk=team.pk), team.programme, source)
    return figures


def for_programme(programme, viewer) -> ProgrammeDashboard:
    """The dashboard of a programme run (its page in the default locale) as `viewer`
    may see it: the run's figures over every team, and the per-team table of the teams
    the viewer may see. Ten queries, whatever the number of teams."""
    teams = Team.objects.filter(programme=programme)
    team_list = list(teams.order_by("name").only("pk", "name", "phase", "programme_id"))
    coached = set(teams.filter(coaches=viewer).values_list("pk", flat=True))
    visible = set(
        Team.objects.visible_to(viewer).for_programme(programme).values_list("pk", flat=True)
    )
    coaches_all = bool(team_list) and coached >= {team.pk for team in team_list}
    figures, per_team = _figures(teams, programme, FOR_COACHES if coaches_all else FOR_OTHERS)
    rows = [
        dataclasses.replace(per_team.get(team.pk) or TeamRow(), team=team)
        for team in team_list
        if team.pk in visible
    ]
    return ProgrammeDashboard(figures=figures, teams=len(team_list), rows=rows)


def _figures(teams, programme, source: ScaleSource):
    """The figures over `teams` (a queryset, used as a subquery), and the counts per team."""
    per_team = defaultdict(TeamRow)
    members = _members(teams, per_team)
    periods = _periods(teams, programme, per_team)
    statuses, iterations = _iterations(teams, per_team)
    sessions = _sessions(teams, per_team)
    scales = _scale_changes(teams, programme, source)
    figures = Figures(
        students=members[Role.STUDENT],
        residents=members[Role.RESIDENT],
        periods=periods,
        scales=scales,
        statuses=statuses,
        iterations=iterations,
        sessions=sessions,
        source=source,
    )
    return figures, per_team


def counts_per_team(teams, programme) -> dict[int, TeamRow]:
    """The per-team counts of the programme dashboard's table (members by role,
    reflections, iterations by state, feedback, sessions) for `teams` (a queryset),
    by team id. Four queries, whatever the number of teams; the cohort overview reads
    the same counts."""
    per_team = defaultdict(TeamRow)
    _members(teams, per_team)
    _periods(teams, programme, per_team)
    _iterations(teams, per_team)
    _sessions(teams, per_team)
    return per_team


def _members(teams, per_team) -> dict[str, int]:
    """The current members of `teams` by role, counted per team too. One query."""
    members = {role: 0 for role, _label in ROLES}
    for row in (
        TeamMember.objects.current()
        .filter(team__in=teams)
        .values("team_id", "role")
        .annotate(people=Count("user", distinct=True))
    ):
        members[row["role"]] = members.get(row["role"], 0) + row["people"]
        totals = per_team[row["team_id"]]
        totals.members += row["people"]
        if row["role"] == Role.STUDENT:
            totals.students += row["people"]
        elif row["role"] == Role.RESIDENT:
            totals.residents += row["people"]
    return members


def _periods(teams, programme, per_team) -> list[Period]:
    """Reflections written per programme week, then per continuation period. One query."""
    Kind = Reflection.Kind
    counts = (
        Reflection.objects.filter(team__in=teams)
        .values("team_id", "kind", "period")
        .annotate(written=Count("pk"))
    )
    weeks: dict[int, Period] = {}
    continuation: dict[int, Period] = {}
    for row in counts:
        per_team[row["team_id"]].reflections += row["written"]
        number = row["period"]
        if row["kind"] == Kind.CONTINUATION:
            period = continuation.setdefault(number, _continuation_period(number))
        else:
            period = weeks.setdefault(number, _week(number))
        setattr(period, row["kind"], getattr(period, row["kind"]) + row["written"])
    last_week = max([programme.weeks, *weeks])
    last_continuation = max(continuation, default=0)
    return [weeks.get(week) or _week(week) for week in range(1, last_week + 1)] + [
        continuation.get(number) or _continuation_period(number)
        for number in range(1, last_continuation + 1)
    ]


def _week(number) -> Period:
    return Period(label=_("Week %(number)s") % {"number": number})


def _continuation_period(number) -> Period:
    return Period(label=_("Continuation %(number)s") % {"number": number})


def _iterations(teams, per_team):
    """Iterations per state, and stakeholder answers per iteration. One query."""
    Status = Iteration.Status
    by_status = dict.fromkeys(Status.values, 0)
    iterations = []
    rows = (
        Iteration.objects.filter(prototype__team__in=teams)
        .values("prototype__team_id", "number", "status")
        .annotate(answers=Count("feedback_links__answers"))
        .order_by("prototype__team_id", "number")
    )
    for row in rows:
        totals = per_team[row["prototype__team_id"]]
        totals.iterations += 1
        totals.accepted += row["status"] == Status.ACCEPTED
        totals.statuses[row["status"]] = totals.statuses.get(row["status"], 0) + 1
        totals.feedback += row["answers"]
        by_status[row["status"]] += 1
        iterations.append(
            IterationFeedback(
                number=row["number"],
                status_label=Status(row["status"]).label,
                answers=row["answers"],
            )
        )
    statuses = [
        StatusCount(status=status, label=Status(status).label, count=count)
        for status, count in by_status.items()
    ]
    return statuses, iterations


def _sessions(teams, per_team) -> list[HeldSession]:
    """The held coaching sessions with how many were invited and came. One query."""
    sessions = []
    rows = (
        CoachingSession.objects.filter(team__in=teams, status=CoachingSession.Status.HELD)
        .values("team_id", "starts_at")
        .annotate(
            invited=Count("participants"),
            attended=Count("participants", filter=Q(participants__attended=True)),
        )
        .order_by("starts_at", "pk")
    )
    for row in rows:
        totals = per_team[row["team_id"]]
        totals.held += 1
        totals.invited += row["invited"]
        totals.attended += row["attended"]
        sessions.append(
            HeldSession(
                starts_at=row["starts_at"], invited=row["invited"], attended=row["attended"]
            )
        )
    return sessions


def _chronological(descending=False):
    """The order of a person's reflections in time: the programme's weeks (a week's
    weekly reflection before its mid-term, before its final), then continuation."""
    Kind = Reflection.Kind
    keys = [
        Case(
            When(reflection__kind=Kind.CONTINUATION, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        F("reflection__period"),
        Case(
            When(reflection__kind=Kind.MIDTERM, then=Value(1)),
            When(reflection__kind=Kind.FINAL, then=Value(2)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        F("reflection__created_at"),
        F("reflection_id"),
    ]
    return [key.desc() if descending else key.asc() for key in keys]


def _scale_changes(teams, programme, source: ScaleSource) -> list[ScaleChange]:
    """Per scale, students and residents apart: the average score of each person's
    first and latest shared reflection. Three queries: the scales, the people's roles,
    and one row per person and scale (window functions pick each person's first and
    latest score).

    A person's role is their role in the team (TeamMember.role, their latest membership
    if they rejoined); a person in two teams counts once per team."""
    scales = list(ReflectionScale.objects.filter(programme=programme))
    # Read apart rather than joined to every score: the latest membership wins.
    roles = {
        (team_id, user_id): role
        for team_id, user_id, role in TeamMember.objects.filter(team__in=teams)
        .order_by("joined_on", "pk")
        .values_list("team_id", "user_id", "role")
    }
    # One window over each person's scores of a scale, oldest first, read whole: one sort.
    window = {
        "partition_by": [F("reflection__team_id"), F("reflection__author_id"), F("scale_id")],
        "order_by": _chronological(),
        "frame": RowRange(start=None, end=None),
    }
    rows = (
        ReflectionScore.objects.filter(
            reflection__team__in=teams,
            reflection__visibility__in=source.visibilities,
            scale__programme=programme,
        )
        .annotate(
            first=Window(FirstValue("value"), **window),
            latest=Window(LastValue("value"), **window),
            scored=Window(Count("pk"), **window),
        )
        .values_list(
            "reflection__team_id",
            "reflection__author_id",
            "scale_id",
            "first",
            "latest",
            "scored",
        )
        .distinct()
    )
    # scale id -> role -> [(first, latest)] of the people who scored it at least twice.
    pairs = defaultdict(lambda: defaultdict(list))
    for team_id, author_id, scale_id, first, latest, scored in rows:
        if scored >= 2:
            pairs[scale_id][roles.get((team_id, author_id))].append((first, latest))
    changes = []
    for scale in scales:
        groups = []
        for role_value, label in ROLES:
            people = pairs[scale.pk][role_value]
            shown = len(people) >= max(source.min_group_size, 1)
            groups.append(
                ScaleGroup(
                    role=role_value,
                    label=label,
                    people=len(people),
                    first=_average(first for first, _latest in people) if shown else None,
                    latest=_average(latest for _first, latest in people) if shown else None,
                    change=_average(latest - first for first, latest in people) if shown else None,
                    shown=shown,
                )
            )
        changes.append(ScaleChange(scale=scale, groups=groups))
    return changes


def _average(values) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 1) if values else None
