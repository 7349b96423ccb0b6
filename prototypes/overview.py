"""The weekly overview's content: for each person, per team they work in (as a member
or as its coach), what happened in the last seven days and what comes in the next seven.

`weeks_of()` reads it for many people at once, in a fixed number of queries however many
people and teams. prototypes.reminders.WeeklyOverview records one overview per person
and week, and prototypes.digests sends it on Monday morning, in one email with the
reminders the person chose to get in a digest.

Of the team's reflections only the number written is told, never what anyone wrote.
"""

import dataclasses
import datetime

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from prototypes.deliverables import is_done, live_modules_of, translations_of, work_of_teams
from prototypes.models import (
    ActionItem,
    CoachingSession,
    FeedbackAnswer,
    Iteration,
    Reflection,
    Review,
    Team,
)
from prototypes.models.reflections import ReflectionPeriod, started_periods
from prototypes.models.reviews import newer_iteration_exists

WEEK = datetime.timedelta(days=7)


@dataclasses.dataclass
class TeamWeek:
    """One team's week as one person sees it. The lines are said in the active language
    and dated where the team's programme runs, so render them in the reader's language."""

    team: Team
    coach: bool
    url: str = ""
    # The last seven days.
    submitted: list[int] = dataclasses.field(default_factory=list)
    reviewed: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    feedback: int = 0
    sessions_held: int = 0
    items_done: int = 0
    reflections: int = 0
    # The next seven days.
    sessions: list[CoachingSession] = dataclasses.field(default_factory=list)
    deliverables: list[tuple[str, datetime.date]] = dataclasses.field(default_factory=list)
    reflections_due: list[ReflectionPeriod] = dataclasses.field(default_factory=list)
    my_items: list[dict] = dataclasses.field(default_factory=list)
    waiting: list[int] = dataclasses.field(default_factory=list)

    def happened(self) -> list[str]:
        """What happened in the team in the last seven days, a line each."""
        lines = [gettext("Iteration %(number)s submitted") % {"number": n} for n in self.submitted]
        lines += [
            gettext("Iteration %(number)s reviewed: %(decision)s")
            % {"number": number, "decision": Review.Decision(decision).label}
            for number, decision in self.reviewed
        ]
        counts = [
            ngettext(
                "%(count)s stakeholder answer received",
                "%(count)s stakeholder answers received",
                self.feedback,
            ),
            ngettext(
                "%(count)s coaching session held",
                "%(count)s coaching sessions held",
                self.sessions_held,
            ),
            ngettext("%(count)s action item done", "%(count)s action items done", self.items_done),
            ngettext(
                "%(count)s reflection written", "%(count)s reflections written", self.reflections
            ),
        ]
        numbers = [self.feedback, self.sessions_held, self.items_done, self.reflections]
        lines += [text % {"count": n} for text, n in zip(counts, numbers, strict=True) if n]
        return lines

    def coming(self) -> list[str]:
        """What comes for the person in the team in the next seven days, a line each."""
        zone = self.team.programme.zone
        lines = [
            gettext("Coaching session: %(when)s to %(end)s (%(zone)s)")
            % {
                "when": _date(timezone.localtime(session.starts_at, zone), "l j F, H:i"),
                "end": _date(timezone.localtime(session.ends_at, zone), "H:i"),
                "zone": zone.key,
            }
            for session in self.sessions
        ]
        lines += [
            gettext("Due %(date)s: %(title)s") % {"date": _date(due, "l j F"), "title": title}
            for title, due in self.deliverables
        ]
        lines += [
            gettext("Your reflection: %(period)s, by %(date)s")
            % {"period": period.title, "date": _date(period.last_day, "l j F")}
            for period in self.reflections_due
        ]
        for item in self.my_items:
            if item["due_on"]:
                line = gettext("Your action item: %(what)s (by %(date)s)") % {
                    "what": item["description"],
                    "date": _date(item["due_on"], "l j F"),
                }
            else:
                line = gettext("Your action item: %(what)s") % {"what": item["description"]}
            lines.append(line)
        lines += [
            gettext("Iteration %(number)s waits for your review") % {"number": number}
            for number in self.waiting
        ]
        return lines

    @property
    def happened_count(self) -> int:
        return (
            len(self.submitted)
            + len(self.reviewed)
            + self.feedback
            + self.sessions_held
            + self.items_done
            + self.reflections
        )

    @property
    def coming_count(self) -> int:
        return (
            len(self.sessions)
            + len(self.deliverables)
            + len(self.reflections_due)
            + len(self.my_items)
            + len(self.waiting)
        )


def _date(value, format_string) -> str:
    """A date or a wall-clock time (already in the programme's zone) in the active
    language; never moved into the site's time zone, as a template would."""
    return formats.date_format(value, format_string)


def weeks_of(roles, teams, languages, now) -> dict[int, list[TeamWeek]]:
    """{person id: [TeamWeek, ...]} for `roles`, {(person id, team id): is coach},
    of `teams` ({id: Team with its programme}); `languages` ({person id: language}) picks
    the deliverables' titles. A fixed number of queries however many people and teams:
    at most twelve."""
    since, until = now - WEEK, now + WEEK
    team_ids = {team_id for _person, team_id in roles}
    weeks = {}
    by_team = {team_id: [] for team_id in team_ids}
    for (person_id, team_id), coach in sorted(roles.items()):
        week = TeamWeek(team=teams[team_id], coach=coach)
        weeks.setdefault(person_id, []).append(week)
        by_team[team_id].append((person_id, week))
    if not team_ids:
        return weeks
    _happened(team_ids, by_team, since, now)
    _sessions_and_items(team_ids, by_team, since, now, until)
    _reflections(team_ids, teams, by_team, since, now)
    _deliverables(teams, by_team, languages, now)
    _waiting(team_ids, by_team)
    return weeks


def _happened(team_ids, by_team, since, now):
    """Iterations submitted, reviews written, stakeholders' answers: three queries."""
    submitted = Iteration.objects.filter(
        prototype__team_id__in=team_ids, submitted_at__gte=since, submitted_at__lt=now
    ).order_by("number")
    for team_id, number in submitted.values_list("prototype__team_id", "number"):
        for _person, week in by_team[team_id]:
            week.submitted.append(number)
    reviews = Review.objects.filter(
        iteration__prototype__team_id__in=team_ids, created_at__gte=since, created_at__lt=now
    ).order_by("created_at", "pk")
    for team_id, number, decision in reviews.values_list(
        "iteration__prototype__team_id", "iteration__number", "decision"
    ):
        for _person, week in by_team[team_id]:
            week.reviewed.append((number, decision))
    answers = (
        FeedbackAnswer.objects.filter(
            link__iteration__prototype__team_id__in=team_ids,
            created_at__gte=since,
            created_at__lt=now,
        )
        .order_by()
        .values_list("link__iteration__prototype__team_id")
        .annotate(count=Count("pk"))
    )
    for team_id, count in answers:
        for _person, week in by_team[team_id]:
            week.feedback = count


def _sessions_and_items(team_ids, by_team, since, now, until):
    """Sessions held and coming, action items done and each person's open ones: two
    queries."""
    sessions = CoachingSession.objects.filter(
        team_id__in=team_ids, starts_at__gte=since, starts_at__lt=until
    ).order_by("starts_at", "pk")
    for session in sessions:
        for _person, week in by_team[session.team_id]:
            if session.status == CoachingSession.Status.HELD and session.starts_at < now:
                week.sessions_held += 1
            elif session.is_open and session.starts_at >= now:
                week.sessions.append(session)
    people = {person for pairs in by_team.values() for person, _week in pairs}
    items = (
        ActionItem.objects.filter(session__team_id__in=team_ids)
        .filter(
            Q(done_at__gte=since, done_at__lt=now) | Q(done_at__isnull=True, owner_id__in=people)
        )
        .order_by("due_on", "pk")
        .values("session__team_id", "description", "due_on", "done_at", "owner_id")
    )
    for item in items:
        for person, week in by_team[item["session__team_id"]]:
            if item["done_at"] is not None:
                week.items_done += 1
            elif item["owner_id"] == person:
                week.my_items.append(item)


def _reflections(team_ids, teams, by_team, since, now):
    """How many reflections each team wrote, and the reflections each member still has
    to write for a period that ends in the next seven days: one query."""
    due = {}  # team id: periods ending in the next seven days
    for team_id in team_ids:
        team = teams[team_id]
        today = timezone.localtime(now, team.programme.zone).date()
        last = today + datetime.timedelta(days=6)
        due[team_id] = [p for p in started_periods(team, last) if today <= p.last_day <= last]
    numbers = {period.number for periods in due.values() for period in periods}
    people = {person for pairs in by_team.values() for person, _week in pairs}
    reflections = Reflection.objects.filter(team_id__in=team_ids).filter(
        Q(created_at__gte=since, created_at__lt=now) | Q(author_id__in=people, period__in=numbers)
    )
    written = set()
    for team_id, author_id, kind, period, created_at in reflections.values_list(
        "team_id", "author_id", "kind", "period", "created_at"
    ):
        written.add((team_id, author_id, kind, period))
        if since <= created_at < now:
            for _person, week in by_team[team_id]:
                week.reflections += 1
    for team_id, periods in due.items():
        for person, week in by_team[team_id]:
            if not week.coach:
                week.reflections_due = [
                    p for p in periods if (team_id, person, p.kind, p.number) not in written
                ]


def _deliverables(teams, by_team, languages, now):
    """The deliverables due in the next seven days that a team in the programme has not
    done, titled in each reader's language: none, or five queries when one is due."""
    programme_teams = [t for t in teams.values() if t.phase == Team.Phase.PROGRAMME]
    if not programme_teams:
        return
    programmes = {team.programme.pk: team.programme for team in programme_teams}
    due = []  # (module, block, due date)
    for module in live_modules_of(programmes.values()):
        today = timezone.localtime(now, module.programme.zone).date()
        for block, due_date in module.body_with_due_dates():
            if due_date and today <= due_date < today + WEEK:
                due.append((module, block, due_date))
    if not due:
        return
    work = work_of_teams([team.pk for team in programme_teams])
    pages = translations_of([module for module, *_ in due])
    for team in programme_teams:
        for module, block, due_date in due:
            if module.programme.pk != team.programme.pk:
                continue
            if is_done(block.value["completed_by"], module, team.programme, work[team.pk]):
                continue
            for person, week in by_team[team.pk]:
                page = pages.get((module.translation_key, languages.get(person)), module)
                # Translations keep their source's block ids.
                titles = {
                    b.id: b.value["title"] for b in page.body if b.block_type == "deliverable"
                }
                week.deliverables.append((titles.get(block.id, block.value["title"]), due_date))


def _waiting(team_ids, by_team):
    """The iterations waiting for each coach's review: the teams' latest submitted
    iterations the coach has not reviewed. Two queries."""
    coaches = {p for pairs in by_team.values() for p, week in pairs if week.coach}
    if not coaches:
        return
    iterations = list(
        Iteration.objects.filter(prototype__team_id__in=team_ids)
        .exclude(status=Iteration.Status.DRAFT)
        .exclude(newer_iteration_exists())
        .values_list("pk", "number", "prototype__team_id")
    )
    reviewed = set(
        Review.objects.filter(
            iteration_id__in=[pk for pk, *_ in iterations], coach_id__in=coaches
        ).values_list("iteration_id", "coach_id")
    )
    for pk, number, team_id in iterations:
        for person, week in by_team[team_id]:
            if week.coach and (pk, person) not in reviewed:
                week.waiting.append(number)
