"""Reminders, sent exactly once: the database is the source of truth, Redis only carries
ids to the workers.

Every minute Celery beat runs `scan()` (prototypes.tasks.scan_reminders), which

1. finds the occurrences that are due now (for each kind) and records each as a ledger
   row (`Reminder`) under its unique key, so finding it again creates nothing; an
   occurrence that is already stale when first found (the scan was down) is recorded
   as dropped, and logged;
2. hands out, in batches, the rows no worker has yet, or whose worker has held them
   longer than the lease (REMINDER_LEASE_SECONDS) without sending them: a worker that
   was killed, or a message Redis lost. It enqueues their ids once the transaction
   commits; nothing is ever scheduled ahead with an ETA.

The send task (`deliver()`) claims its rows atomically, drops those that no longer hold
(the session was cancelled, moved, or is about to start), and sends the others one by
one, each marked sent right after its email went out. A worker killed mid-batch leaves
at most the message it was handing to the mail server unmarked; the next worker sends
that one again, with the same Message-ID, and everything after it once.

The kinds the scan finds (`SCANNED`): a coaching session coming, a reflection due, a
deliverable due, a review waiting, a team inactive, and the weekly overview (whose rows
wait for the person's digest from the start: prototypes.digests sends them). Each kind
says when an occurrence is due, for whom, under which key, and why a row found or
claimed is no longer worth sending. Notices (a session moved or cancelled, a review or
feedback received) are not scanned: the change that causes them records their rows and
enqueues them on commit (`notify()`), and from there they go the same way.
"""

import contextlib
import dataclasses
import datetime
import io
import itertools
import logging
import secrets
import select
import smtplib
import time
import zoneinfo
from email.generator import NLCRE, BytesGenerator
from email.mime.multipart import MIMEMultipart
from email.policy import Compat32

import psycopg
import psycopg.errors
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import DatabaseError, InterfaceError, connection, transaction
from django.db.models import F, Model, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.templatetags.tz import do_timezone
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from psycopg import pq

from courses.models import ModulePage
from prototypes import delivery, overview
from prototypes.deliverables import is_done, live_modules_of, translations_of, work_of_teams
from prototypes.models import (
    CoachingSession,
    FeedbackAnswer,
    Iteration,
    Notification,
    Reflection,
    Reminder,
    Review,
    SessionParticipant,
    Team,
    TeamMember,
)
from prototypes.models.reflections import find_period, started_periods
from prototypes.models.reminders import message_id_for
from prototypes.models.reviews import newer_iteration_exists

logger = logging.getLogger(__name__)


# --- Kinds ----------------------------------------------------------------------------


class SessionComing:
    """A coaching session coming: a day and two hours before it starts, to the members
    who have not declined and to the coach. Not for cancelled or held sessions."""

    kind = Reminder.Kind.SESSION_COMING
    # Lead times, the longest first: an occurrence is due at `starts_at - lead`, and worth
    # sending only while the session is further away than the next shorter lead.
    leads = {"24h": datetime.timedelta(hours=24), "2h": datetime.timedelta(hours=2)}
    # A scan after downtime still records (as dropped) what it missed this long ago.
    lookback = datetime.timedelta(days=1)

    def still_due(self, lead, starts_at, now):
        """Why an occurrence should not be sent at `now`, or None if it should."""
        if starts_at <= now:
            return "started"
        shorter = [delta for delta in self.leads.values() if delta < self.leads[lead]]
        if shorter and starts_at - now <= max(shorter):
            return "superseded"
        return None

    def occurrences(self, now):
        """Every occurrence due by `now`, as unsaved Reminder rows, made as they are
        asked for: the scan records the first while the rest are still to be made. Two
        queries (sessions, then their members), whatever the number of sessions."""
        open_statuses = [CoachingSession.Status.PROPOSED, CoachingSession.Status.CONFIRMED]
        sessions = list(
            CoachingSession.objects.filter(
                status__in=open_statuses,
                starts_at__gt=now - self.lookback,
                starts_at__lte=now + max(self.leads.values()),
            ).values(
                "pk",
                "uid",
                "sequence",
                "starts_at",
                "team_id",
                "coach_id",
                "coach__preferred_language",
            )
        )
        if not sessions:
            return
        # Who, in which language (for the link), per session: the coach and the members.
        recipients = {session["pk"]: {} for session in sessions}
        for session in sessions:
            if session["coach_id"]:
                coach_language = session["coach__preferred_language"]
                recipients[session["pk"]][session["coach_id"]] = coach_language
        invited = (
            SessionParticipant.objects.filter(session_id__in=recipients)
            .exclude(answer=SessionParticipant.Answer.DECLINED)
            .values_list("session_id", "user_id", "user__preferred_language")
        )
        for session_id, user_id, language in invited:
            recipients[session_id][user_id] = language
        content_type = ContentType.objects.get_for_model(CoachingSession)
        for session in sessions:
            # The session's page once per language, not once per person.
            links = {
                language: _link(language, "session_detail", session["team_id"], session["pk"])
                for language in set(recipients[session["pk"]].values())
            }
            for lead, delta in self.leads.items():
                due_at = session["starts_at"] - delta
                if due_at > now:
                    continue
                for user_id, language in recipients[session["pk"]].items():
                    key = f"{self.kind}:{lead}:{session['uid']}:{user_id}:{session['sequence']}"
                    yield Reminder(
                        key=key,
                        kind=self.kind,
                        recipient_id=user_id,
                        due_at=due_at,
                        message_id=message_id_for(key),
                        content_type=content_type,
                        object_id=session["pk"],
                        link=links[language],
                        data={
                            "lead": lead,
                            "sequence": session["sequence"],
                            "starts_at": session["starts_at"].isoformat(),
                        },
                    )

    def stale_reason(self, row, now):
        """Why a row found by the scan is already not worth sending, or None."""
        starts_at = datetime.datetime.fromisoformat(row.data["starts_at"])
        return self.still_due(row.data["lead"], starts_at, now)

    def load(self, rows):
        """What drop_reason() and context() need for these rows (two queries)."""
        sessions = CoachingSession.objects.select_related("team__programme", "coach").in_bulk(
            {row.object_id for row in rows}
        )
        answers = {
            (session_id, user_id): answer
            for session_id, user_id, answer in SessionParticipant.objects.filter(
                session_id__in=sessions
            ).values_list("session_id", "user_id", "answer")
        }
        return {"sessions": sessions, "answers": answers}

    def drop_reason(self, row, loaded, now):
        """Why a claimed row should not be sent after all, or None."""
        session = loaded["sessions"].get(row.object_id)
        if session is None or not session.is_open:
            return "cancelled"
        if session.sequence != row.data["sequence"]:
            return "moved"
        if row.recipient_id != session.coach_id:
            answer = loaded["answers"].get((session.pk, row.recipient_id))
            if answer is None:
                # No longer invited: they left the team since the scan.
                return "left"
            if answer == SessionParticipant.Answer.DECLINED:
                return "declined"
        return self.still_due(row.data["lead"], session.starts_at, now)

    def context(self, row, loaded, now):
        session = loaded["sessions"][row.object_id]
        zone = session.team.programme.zone
        starts_at = _wall(session.starts_at, zone)
        # Said as the recipient's calendar has it: two hours before 01:00 is yesterday.
        days = (starts_at.date() - timezone.localtime(now, zone).date()).days
        return {
            "session": session,
            "team": session.team,
            "day": {0: "today", 1: "tomorrow"}.get(days, "later"),
            # Members who have not said yet are asked to; the coach is not.
            "asks_answer": row.recipient_id != session.coach_id,
            "starts_at": starts_at,
            "ends_at": _wall(session.ends_at, zone),
            "zone": zone,
        }


def _link(language, name, *args):
    """A path of the site in the recipient's language (links are fixed when recorded)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return reverse(f"prototypes:{name}", args=args)


def _wall(moment, zone):
    """`moment` as a clock in `zone` shows it, for an email: the date and time filters of
    a template would show it in the site's time zone, whatever the programme's."""
    return do_timezone(moment, zone)


def _row(kind, key, recipient, due_at, subject, link, data):
    """An unsaved ledger row: `recipient` is (user id, language), `subject` the
    (model, id) the reminder is about."""
    model, object_id = subject
    return Reminder(
        key=key,
        kind=kind,
        recipient_id=recipient[0],
        due_at=due_at,
        message_id=message_id_for(key),
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_id,
        link=link,
        data=data,
    )


# The phases in which a team is at work (and is reminded of its work).
WORKING_PHASES = [Team.Phase.PROGRAMME, Team.Phase.CONTINUATION]


def _current_members(team_ids, today):
    """{team id: {user id: (language, joined on)}} of the teams' current members. One query."""
    members = {team_id: {} for team_id in team_ids}
    rows = (
        TeamMember.objects.current(on=today)
        .filter(team_id__in=team_ids)
        .values_list("team_id", "user_id", "user__preferred_language", "joined_on")
    )
    for team_id, user_id, language, joined_on in rows:
        members[team_id][user_id] = (language, joined_on)
    return members


def _coaches(team_ids):
    """{team id: {user id: language}} of the teams' coaches. One query."""
    coaches = {team_id: {} for team_id in team_ids}
    rows = Team.coaches.through.objects.filter(team_id__in=team_ids).values_list(
        "team_id", "user_id", "user__preferred_language"
    )
    for team_id, user_id, language in rows:
        coaches[team_id][user_id] = language
    return coaches


def _member_pairs(team_ids):
    """{(team id, user id)} of the teams' current members, for checks when sending.
    One query."""
    return set(
        TeamMember.objects.current().filter(team_id__in=team_ids).values_list("team_id", "user_id")
    )


def _coach_pairs(team_ids):
    """{(team id, user id)} of the teams' coaches. One query."""
    return set(
        Team.coaches.through.objects.filter(team_id__in=team_ids).values_list("team_id", "user_id")
    )


class ReflectionDue:
    """A reflection due: at 18:00 on the last day of each of the team's periods (the
    Sunday of a programme week that starts on a Monday; the last day of a four-week
    continuation period), where the programme runs, to the current members who have not
    written that period's reflection. Only for teams in the programme or continuation."""

    kind = Reminder.Kind.REFLECTION_DUE
    at = datetime.time(18, 0)
    lookback = datetime.timedelta(days=7)
    # After this the next period's reminder is near: an older one is not sent.
    fresh_for = datetime.timedelta(days=2)

    def due_at(self, period):
        return delivery.wall_moment(period.last_day, self.at, period.zone)

    def occurrences(self, now):
        """Three queries (teams, members, reflections), whatever the number of teams."""
        today = timezone.localdate(now)
        due = {}
        for team in Team.objects.filter(phase__in=WORKING_PHASES).select_related("programme"):
            local_today = timezone.localtime(now, team.programme.zone).date()
            periods = [
                period
                for period in started_periods(team, local_today)
                if now - self.lookback < self.due_at(period) <= now
            ]
            if periods:
                due[team.pk] = periods
        if not due:
            return []
        members = _current_members(due, today)
        numbers = {period.number for periods in due.values() for period in periods}
        written = set(
            Reflection.objects.filter(team_id__in=due, period__in=numbers).values_list(
                "team_id", "author_id", "kind", "period"
            )
        )
        rows = []
        for team_id, periods in due.items():
            for period in periods:
                for user_id, (language, joined_on) in members[team_id].items():
                    if joined_on > period.last_day:
                        continue  # joined after the period
                    if (team_id, user_id, period.kind, period.number) in written:
                        continue
                    key = f"{self.kind}:{team_id}:{period.kind}:{period.number}:{user_id}"
                    rows.append(
                        _row(
                            self.kind,
                            key,
                            (user_id, language),
                            self.due_at(period),
                            (Team, team_id),
                            _link(language, "reflection_form", team_id, period.kind, period.number),
                            {"period": [period.kind, period.number]},
                        )
                    )
        return rows

    def stale_reason(self, row, now):
        if now - row.due_at > self.fresh_for:
            return "late"
        return None

    def load(self, rows):
        """Teams, who is still a member, who wrote (three queries)."""
        team_ids = {row.object_id for row in rows}
        teams = Team.objects.select_related("programme").in_bulk(team_ids)
        members = _member_pairs(team_ids)
        written = set(
            Reflection.objects.filter(
                team_id__in=team_ids, period__in={row.data["period"][1] for row in rows}
            ).values_list("team_id", "author_id", "kind", "period")
        )
        return {"teams": teams, "members": members, "written": written}

    def drop_reason(self, row, loaded, now):
        team = loaded["teams"].get(row.object_id)
        if team is None or team.phase not in WORKING_PHASES:
            return "team"
        if (team.pk, row.recipient_id) not in loaded["members"]:
            return "left"
        kind, number = row.data["period"]
        if (team.pk, row.recipient_id, kind, number) in loaded["written"]:
            return "written"
        period = find_period(team, kind, number)
        if period is None or period.is_locked(now):
            return "locked"
        # Measured from the period, not from `due_at`, which quiet hours may have moved.
        if now - self.due_at(period) > self.fresh_for:
            return "late"
        return None

    def context(self, row, loaded, now):
        team = loaded["teams"][row.object_id]
        return {"team": team, "period": find_period(team, *row.data["period"])}


class DeliverableDue:
    """A deliverable due: at 18:00 the day before its due date (where the programme
    runs), to the current members of each team in the programme for which the
    deliverable is not done (prototypes.deliverables)."""

    kind = Reminder.Kind.DELIVERABLE_DUE
    at = datetime.time(18, 0)
    before = datetime.timedelta(days=1)
    lookback = datetime.timedelta(days=2)

    def due_at(self, due_date, zone):
        return delivery.wall_moment(due_date - self.before, self.at, zone)

    def overdue(self, due_date, zone, now):
        return now >= delivery.wall_moment(
            due_date + datetime.timedelta(days=1), datetime.time.min, zone
        )

    def occurrences(self, now):
        """Six queries at most (teams, modules, the teams' work in three, members, the
        modules' translations), whatever the number of teams and modules."""
        teams = list(Team.objects.filter(phase=Team.Phase.PROGRAMME).select_related("programme"))
        programmes = {team.programme.pk: team.programme for team in teams}
        if not programmes:
            return []
        due = []  # (module, block, due date)
        for module in live_modules_of(programmes.values()):
            zone = module.programme.zone
            for block, due_date in module.body_with_due_dates():
                if due_date and now - self.lookback < self.due_at(due_date, zone) <= now:
                    due.append((module, block, due_date))
        if not due:
            return []
        team_ids = [
            team.pk for team in teams if any(m.programme == team.programme for m, *_ in due)
        ]
        work = work_of_teams(team_ids)
        members = _current_members(team_ids, timezone.localdate(now))
        pages = translations_of([module for module, *_ in due])
        rows = []
        for team in teams:
            for module, block, due_date in due:
                if module.programme != team.programme:
                    continue
                if is_done(block.value["completed_by"], module, team.programme, work[team.pk]):
                    continue
                for user_id, (language, _joined) in members[team.pk].items():
                    page = pages.get((module.translation_key, language), module)
                    key = f"{self.kind}:{module.pk}:{block.id}:{team.pk}:{user_id}"
                    rows.append(
                        _row(
                            self.kind,
                            key,
                            (user_id, language),
                            self.due_at(due_date, module.programme.zone),
                            (ModulePage, module.pk),
                            page.get_url() or "",
                            {"block": block.id, "team": team.pk, "due_date": due_date.isoformat()},
                        )
                    )
        return rows

    def stale_reason(self, row, now):
        due_date = datetime.date.fromisoformat(row.data["due_date"])
        # Just found by the scan, the row's due moment still carries the programme's zone.
        return "overdue" if self.overdue(due_date, row.due_at.tzinfo, now) else None

    def load(self, rows):
        """Teams, modules, the teams' work, members, translations (a fixed handful)."""
        team_ids = {row.data["team"] for row in rows}
        teams = Team.objects.select_related("programme").in_bulk(team_ids)
        modules = ModulePage.objects.live().in_bulk({row.object_id for row in rows})
        for row in rows:
            if row.object_id in modules and row.data["team"] in teams:
                modules[row.object_id].programme = teams[row.data["team"]].programme
        members = _member_pairs(team_ids)
        return {
            "teams": teams,
            "modules": modules,
            "work": work_of_teams(teams),
            "members": members,
            "pages": translations_of(modules.values()) if modules else {},
        }

    def block_of(self, module, block_id):
        for block, due_date in module.body_with_due_dates():
            if block.id == block_id and due_date is not None:
                return block, due_date
        return None, None

    def drop_reason(self, row, loaded, now):
        team = loaded["teams"].get(row.data["team"])
        module = loaded["modules"].get(row.object_id)
        if team is None or module is None or team.phase != Team.Phase.PROGRAMME:
            return "gone"
        block, due_date = self.block_of(module, row.data["block"])
        if block is None:
            return "gone"
        if (team.pk, row.recipient_id) not in loaded["members"]:
            return "left"
        if is_done(block.value["completed_by"], module, team.programme, loaded["work"][team.pk]):
            return "done"
        if self.overdue(due_date, team.programme.zone, now):
            return "overdue"
        return None

    def context(self, row, loaded, now):
        team = loaded["teams"][row.data["team"]]
        module = loaded["modules"][row.object_id]
        block, due_date = self.block_of(module, row.data["block"])
        language = row.recipient.preferred_language or settings.LANGUAGE_CODE
        page = loaded["pages"].get((module.translation_key, language), module)
        # Translations keep their source's block ids.
        titles = {b.id: b.value["title"] for b in page.body if b.block_type == "deliverable"}
        return {
            "team": team,
            "module": page,
            "title": titles.get(block.id, block.value["title"]),
            "description": block.value["description"],
            "due_date": due_date,
        }


class ReviewWaiting:
    """An iteration waiting for a review: to each coach of the team who has not reviewed
    it two days after it was submitted, while it is the team's latest iteration."""

    kind = Reminder.Kind.REVIEW_WAITING
    waited = datetime.timedelta(days=2)
    lookback = datetime.timedelta(days=7)

    def occurrences(self, now):
        """Three queries (iterations, coaches, reviews), whatever the number of teams."""
        iterations = list(
            Iteration.objects.exclude(status=Iteration.Status.DRAFT)
            .exclude(newer_iteration_exists())
            .filter(
                submitted_at__lte=now - self.waited,
                submitted_at__gt=now - self.waited - self.lookback,
            )
            .values("pk", "number", "submitted_at", "prototype__team_id")
        )
        if not iterations:
            return []
        coaches = _coaches({iteration["prototype__team_id"] for iteration in iterations})
        reviewed = set(
            Review.objects.filter(iteration_id__in=[i["pk"] for i in iterations]).values_list(
                "iteration_id", "coach_id"
            )
        )
        rows = []
        for iteration in iterations:
            team_id = iteration["prototype__team_id"]
            for coach_id, language in coaches[team_id].items():
                if (iteration["pk"], coach_id) in reviewed:
                    continue
                key = f"{self.kind}:{iteration['pk']}:{coach_id}"
                rows.append(
                    _row(
                        self.kind,
                        key,
                        (coach_id, language),
                        iteration["submitted_at"] + self.waited,
                        (Iteration, iteration["pk"]),
                        _link(language, "review_form", team_id, iteration["number"]),
                        {},
                    )
                )
        return rows

    def stale_reason(self, row, now):
        return None  # a review waits until it is written, however late the scan

    def load(self, rows):
        """Iterations with their team, their coaches and reviews (three queries)."""
        iterations = (
            Iteration.objects.select_related("prototype__team__programme")
            .annotate(superseded=newer_iteration_exists())
            .in_bulk({row.object_id for row in rows})
        )
        team_ids = {iteration.prototype.team_id for iteration in iterations.values()}
        coaches = _coach_pairs(team_ids)
        reviewed = set(
            Review.objects.filter(iteration_id__in=iterations).values_list(
                "iteration_id", "coach_id"
            )
        )
        return {"iterations": iterations, "coaches": coaches, "reviewed": reviewed}

    def drop_reason(self, row, loaded, now):
        iteration = loaded["iterations"].get(row.object_id)
        if iteration is None:
            return "gone"
        if (iteration.prototype.team_id, row.recipient_id) not in loaded["coaches"]:
            return "not_coach"
        if (iteration.pk, row.recipient_id) in loaded["reviewed"]:
            return "reviewed"
        if iteration.superseded:
            return "superseded"
        return None

    def context(self, row, loaded, now):
        iteration = loaded["iterations"][row.object_id]
        team = iteration.prototype.team
        return {
            "team": team,
            "iteration": iteration,
            "submitted_at": _wall(iteration.submitted_at, team.programme.zone),
            "days": (now - iteration.submitted_at).days,
        }


class TeamInactive:
    """A team inactive: to its coaches, once its last activity is 14 days old; once per
    stretch of inactivity (the key holds the day of the last activity, so a team that
    comes back to life and stalls again is reminded of again). Only for teams in the
    programme or continuation."""

    kind = Reminder.Kind.TEAM_INACTIVE
    quiet_for = datetime.timedelta(days=14)

    def occurrences(self, now):
        """Two queries (teams, coaches), whatever the number of teams."""
        teams = list(
            Team.objects.filter(
                phase__in=WORKING_PHASES, last_activity_at__lte=now - self.quiet_for
            ).values("pk", "last_activity_at", "programme__time_zone")
        )
        if not teams:
            return []
        coaches = _coaches({team["pk"] for team in teams})
        rows = []
        for team in teams:
            zone = zoneinfo.ZoneInfo(team["programme__time_zone"])
            last = team["last_activity_at"]
            for coach_id, language in coaches[team["pk"]].items():
                key = f"{self.kind}:{team['pk']}:{timezone.localtime(last, zone).date()}:{coach_id}"
                rows.append(
                    _row(
                        self.kind,
                        key,
                        (coach_id, language),
                        last + self.quiet_for,
                        (Team, team["pk"]),
                        _link(language, "team_workspace", team["pk"]),
                        {"last_activity_at": last.isoformat()},
                    )
                )
        return rows

    def stale_reason(self, row, now):
        return None  # still inactive, however late the scan: worth telling

    def load(self, rows):
        """Teams and their coaches (two queries)."""
        teams = Team.objects.select_related("programme").in_bulk({row.object_id for row in rows})
        coaches = _coach_pairs(teams)
        return {"teams": teams, "coaches": coaches}

    def drop_reason(self, row, loaded, now):
        team = loaded["teams"].get(row.object_id)
        if team is None or team.phase not in WORKING_PHASES:
            return "team"
        if (team.pk, row.recipient_id) not in loaded["coaches"]:
            return "not_coach"
        if team.last_activity_at.isoformat() != row.data["last_activity_at"]:
            return "active"
        return None

    def context(self, row, loaded, now):
        team = loaded["teams"][row.object_id]
        return {
            "team": team,
            "last_activity": _wall(team.last_activity_at, team.programme.zone),
            "days": (now - team.last_activity_at).days,
        }


class WeeklyOverview:
    """The weekly overview: on Mondays at 08:00 where the person's programme runs, to
    each current member and coach of a team at work (programme or continuation), what
    happened in their teams in the last seven days and what comes in the next seven
    (prototypes.overview). One per person and ISO week, however many teams.

    Its rows wait for the digest from the start: prototypes.digests sends the overview
    and the reminders the person gets in a digest as one Monday email, and leaves its
    notification (`notification()`). Someone for whom nothing happened and nothing
    comes gets neither."""

    kind = Reminder.Kind.WEEKLY_DIGEST
    # A scan after downtime still records (as dropped) an overview missed this long ago.
    lookback = datetime.timedelta(days=3)
    # Later than this after its Monday morning, last week's news is not worth an email.
    fresh_for = datetime.timedelta(days=1)

    @staticmethod
    def week_of(now, zone) -> datetime.datetime:
        """The last overview's moment at or before `now`: Monday 08:00 on `zone`'s clock."""
        day = now.astimezone(zone).date()
        monday = day - datetime.timedelta(days=(day.weekday() - delivery.DIGEST_WEEKDAY) % 7)
        moment = delivery.wall_moment(monday, delivery.DIGEST_TIME, zone)
        if moment > now:
            moment = delivery.wall_moment(
                monday - datetime.timedelta(days=7), delivery.DIGEST_TIME, zone
            )
        return moment

    def occurrences(self, now):
        """Five queries (teams, members, coaches, time zones, overviews recorded),
        whatever the number of teams; none on the days when no overview anywhere is
        recent enough to record. The week is read where the person's digests are (their
        last programme), else where their team works."""
        if now - self.latest_anywhere(now) > self.lookback:
            return []
        teams = dict(
            Team.objects.filter(phase__in=WORKING_PHASES).values_list("pk", "programme__time_zone")
        )
        if not teams:
            return []
        members = _current_members(teams, timezone.localdate(now))
        coaches = _coaches(teams)
        people = {}  # person id: (language, their first team)
        for team_id in sorted(teams):
            for user_id, (language, _joined) in members[team_id].items():
                people.setdefault(user_id, (language, team_id))
            for user_id, language in coaches[team_id].items():
                people.setdefault(user_id, (language, team_id))
        zones = delivery.zones_of(people) if people else {}
        named = {name: zoneinfo.ZoneInfo(name) for name in set(teams.values())}
        # The scan runs every minute for days after each Monday: who has this week's
        # overview already needs no row built and looked up again.
        recorded = set(
            Reminder.objects.filter(
                kind=self.kind, due_at__gte=now - self.lookback - datetime.timedelta(days=1)
            ).values_list("recipient_id", "due_at")
        )
        links, rows = {}, []
        for user_id, (language, team_id) in people.items():
            at = self.week_of(now, zones.get(user_id) or named[teams[team_id]])
            if now - at > self.lookback or (user_id, at) in recorded:
                continue
            if (language, team_id) not in links:
                links[language, team_id] = _link(language, "team_workspace", team_id)
            year, week, _day = at.date().isocalendar()
            row = _row(
                self.kind,
                f"{self.kind}:{year}-W{week:02d}:{user_id}",
                (user_id, language),
                at,
                (Team, team_id),
                links[language, team_id],
                {"at": at.isoformat()},
            )
            row.state = Reminder.State.DIGEST
            rows.append(row)
        return rows

    # Every offset from UTC a place has on a Monday morning: -12:00 to +14:00, in
    # quarter hours.
    OFFSETS = [
        datetime.timezone(datetime.timedelta(minutes=minutes))
        for minutes in range(-12 * 60, 14 * 60 + 1, 15)
    ]

    def latest_anywhere(self, now) -> datetime.datetime:
        """The latest overview's moment at or before `now` in any time zone: the scan
        looks for overviews every minute, and from Thursday to Sunday none is recent
        enough to record anywhere."""
        return max(self.week_of(now, zone) for zone in self.OFFSETS)

    def stale_reason(self, row, now):
        if now - datetime.datetime.fromisoformat(row.data["at"]) > self.fresh_for:
            return "late"
        return None

    def load(self, rows):
        """The teams each recipient works in now, and their weeks (prototypes.overview):
        a fixed number of queries however many people and teams."""
        people = {row.recipient_id: row.recipient.preferred_language for row in rows}
        working = {"user_id__in": people, "team__phase__in": WORKING_PHASES}
        roles = {
            (user_id, team_id): False
            for team_id, user_id in TeamMember.objects.current()
            .filter(**working)
            .values_list("team_id", "user_id")
        }
        for team_id, user_id in Team.coaches.through.objects.filter(**working).values_list(
            "team_id", "user_id"
        ):
            roles[user_id, team_id] = True
        teams = Team.objects.select_related("programme").in_bulk(
            {team_id for _user, team_id in roles}
        )
        return {"weeks": overview.weeks_of(roles, teams, people, timezone.now())}

    def drop_reason(self, row, loaded, now):
        if self.stale_reason(row, now):
            return "late"
        weeks = loaded["weeks"].get(row.recipient_id)
        if not weeks:
            return "left"
        if not any(week.happened_count or week.coming_count for week in weeks):
            return "empty"
        return None

    def context(self, row, loaded, now):
        """The teams with something to tell, each with its workspace's address."""
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        language = row.recipient.preferred_language
        weeks = [w for w in loaded["weeks"][row.recipient_id] if w.happened_count or w.coming_count]
        for week in weeks:
            week.url = base + _link(language, "team_workspace", week.team.pk)
        return {"weeks": weeks}

    def notification(self, row, loaded, now):
        """The overview in the notification centre: how much happened and comes."""
        person = row.recipient
        context = {**self.context(row, loaded, now), "person": person}
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            title, body = (
                " ".join(render_text(f"prototypes/email/{self.kind}{part}.txt", context).split())
                for part in ("_subject", "_notice")
            )
        return Notification(
            recipient=person, kind=self.kind, title=title, body=body, link=row.link, reminder=row
        )


# --- Notices --------------------------------------------------------------------------
#
# A notice tells of something that just happened. Its ledger rows are recorded in the
# transaction that made it happen, so a rolled-back change tells no one, and are handed
# to a worker as soon as that transaction commits, rather than at the next minute's
# scan: people hear at once. If the broker loses the batch, the scan hands the rows out
# again once their lease runs out, as it does any other reminder's.


def notify(rows, now=None):
    """Record notices (unsaved rows, due now) and enqueue them once the caller's
    transaction commits; a key recorded before is left alone. Three queries."""
    if not rows:
        return
    now = now or timezone.now()
    for row in rows:
        row.due_at = now
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    new = Reminder.objects.filter(
        key__in=[row.key for row in rows], state=Reminder.State.PENDING, enqueued_at__isnull=True
    )
    ids = list(new.values_list("pk", flat=True))
    Reminder.objects.filter(pk__in=ids).update(enqueued_at=now)
    from prototypes.tasks import send_reminders

    size = settings.REMINDER_BATCH_SIZE
    for start in range(0, len(ids), size):
        send_reminders.delay_on_commit(ids[start : start + size])


class SessionChanged:
    """A coaching session moved or cancelled: to the invited members and the coach, once
    per change (the key holds the session's sequence)."""

    kind = Reminder.Kind.SESSION_CHANGED

    def rows(self, session, change, previous_starts_at):
        """The notices of one change (one query: who is invited)."""
        people = dict(session.participants.values_list("user_id", "user__preferred_language"))
        if session.coach is not None:
            people[session.coach_id] = session.coach.preferred_language
        return [
            _row(
                self.kind,
                f"{self.kind}:{session.uid}:{session.sequence}:{user_id}",
                (user_id, language),
                None,
                (CoachingSession, session.pk),
                _link(language, "session_detail", session.team_id, session.pk),
                {
                    "change": change,
                    "sequence": session.sequence,
                    "previous_starts_at": previous_starts_at.isoformat(),
                },
            )
            for user_id, language in people.items()
        ]

    def load(self, rows):
        sessions = CoachingSession.objects.select_related("team__programme", "coach").in_bulk(
            {row.object_id for row in rows}
        )
        return {"sessions": sessions}

    def drop_reason(self, row, loaded, now):
        session = loaded["sessions"].get(row.object_id)
        if session is None:
            return "gone"
        if session.sequence != row.data["sequence"]:
            return "superseded"  # changed again: the later notice tells of it
        previous = datetime.datetime.fromisoformat(row.data["previous_starts_at"])
        if max(previous, session.starts_at) <= now:
            return "started"
        return None

    def context(self, row, loaded, now):
        session = loaded["sessions"][row.object_id]
        zone = session.team.programme.zone
        previous = datetime.datetime.fromisoformat(row.data["previous_starts_at"])
        return {
            "session": session,
            "team": session.team,
            # The coach gave the new time; only members are asked to answer again.
            "asks_answer": row.recipient_id != session.coach_id,
            "change": row.data["change"],
            "starts_at": _wall(session.starts_at, zone),
            "ends_at": _wall(session.ends_at, zone),
            "previous": _wall(previous, zone),
            "zone": zone,
            "reply_to": [session.coach.email] if session.coach else None,
        }


class IterationNotice:
    """A notice to a team's current members about something that happened to one of
    its iterations, once per thing (`model`) and member, linking to the iteration."""

    model = None
    # From the thing to its iteration, for select_related and for reading.
    iteration_path = ""
    # What else of the thing the email shows, read with it.
    related = ()

    def iteration_of(self, thing):
        for name in self.iteration_path.split("__"):
            thing = getattr(thing, name)
        return thing

    def rows(self, thing):
        """The notices of `thing` (one query: the team's members)."""
        iteration = self.iteration_of(thing)
        team_id = iteration.prototype.team_id
        members = _current_members([team_id], timezone.localdate())[team_id]
        return [
            _row(
                self.kind,
                f"{self.kind}:{thing.pk}:{user_id}",
                (user_id, language),
                None,
                (self.model, thing.pk),
                _link(language, "iteration_detail", team_id, iteration.number),
                {},
            )
            for user_id, (language, _joined) in members.items()
        ]

    def load(self, rows):
        """The things with their iteration and team, and who is still a member (two
        queries)."""
        things = self.model.objects.select_related(
            f"{self.iteration_path}__prototype__team", *self.related
        ).in_bulk({row.object_id for row in rows})
        team_ids = {self.iteration_of(thing).prototype.team_id for thing in things.values()}
        return {"things": things, "members": _member_pairs(team_ids)}

    def drop_reason(self, row, loaded, now):
        thing = loaded["things"].get(row.object_id)
        if thing is None:
            return "gone"
        if (self.iteration_of(thing).prototype.team_id, row.recipient_id) not in loaded["members"]:
            return "left"
        return None

    def context(self, row, loaded, now):
        iteration = self.iteration_of(loaded["things"][row.object_id])
        return {"iteration": iteration, "team": iteration.prototype.team}


class ReviewReceived(IterationNotice):
    """A review received: to the team's current members, once per review."""

    kind = Reminder.Kind.REVIEW_RECEIVED
    model = Review
    iteration_path = "iteration"
    related = ("coach",)

    def context(self, row, loaded, now):
        return {**super().context(row, loaded, now), "review": loaded["things"][row.object_id]}


class FeedbackReceived(IterationNotice):
    """Feedback received from a stakeholder: to the team's current members, once per
    answer."""

    kind = Reminder.Kind.FEEDBACK_RECEIVED
    model = FeedbackAnswer
    iteration_path = "link__iteration"

    def context(self, row, loaded, now):
        answer = loaded["things"][row.object_id]
        return {**super().context(row, loaded, now), "answer": answer, "link": answer.link}


def notify_session_changed(session, change, previous_starts_at):
    """Tell the invited members and the coach that `session` was "moved" or "cancelled"
    (prototypes.models.coaching), once the change commits."""
    notify(SessionChanged().rows(session, change, previous_starts_at))


def notify_review_received(review):
    """Tell the team's members that a coach reviewed their iteration (Review.record)."""
    notify(ReviewReceived().rows(review))


def notify_feedback_received(answer):
    """Tell the team's members that a stakeholder answered (prototypes.feedback)."""
    notify(FeedbackReceived().rows(answer))


# The kinds the scan looks for, and every kind a worker sends.
SCANNED = [
    SessionComing(),
    ReflectionDue(),
    DeliverableDue(),
    ReviewWaiting(),
    TeamInactive(),
    WeeklyOverview(),
]
KINDS = {
    kind.kind: kind for kind in [*SCANNED, SessionChanged(), ReviewReceived(), FeedbackReceived()]
}


# --- The scan ------------------------------------------------------------------------


@dataclasses.dataclass
class ScanResult:
    """What one scan did: rows recorded (dropped ones among them), and rows handed out."""

    created: int = 0
    dropped: int = 0
    handed_out: int = 0


def lease():
    return datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


def scan(now=None) -> ScanResult:
    """Record the occurrences due by `now` and hand out what no live worker holds.

    A fixed number of queries per kind, plus an insert and a hand-out per thousand new
    rows; two scans at once record and hand out each row once.
    """
    now = now or timezone.now()
    result = ScanResult()
    for kind in SCANNED:
        record(kind, now, result)
    # And what an earlier scan recorded whose lease ran out.
    result.handed_out += hand_out(now)
    return result


def record(kind, now, result):
    """Record the occurrences of `kind` due by `now` that the ledger does not hold yet,
    a thousand at a time as the kind finds them, and hand each thousand out as soon as
    it is in: workers send while the rest is found and recorded rather than after. The
    first chunk is one batch, so that a worker starts as soon as it can."""
    rows = iter(kind.occurrences(now))
    size = settings.REMINDER_BATCH_SIZE
    while chunk := list(itertools.islice(rows, size)):
        size = RECORD_CHUNK
        keys = [row.key for row in chunk]
        existing = set(Reminder.objects.filter(key__in=keys).values_list("key", flat=True))
        new = [row for row in chunk if row.key not in existing]
        if not new:
            continue
        for row in new:
            reason = kind.stale_reason(row, now)
            if reason:
                row.state, row.dropped_reason = Reminder.State.DROPPED, reason
                result.dropped += 1
                logger.info("Reminder %s dropped when found: %s", row.key, reason)
        # Another scan may insert the same keys meanwhile; the unique key keeps one of each.
        Reminder.objects.bulk_create(new, ignore_conflicts=True)
        result.created += len(new)
        result.handed_out += hand_out(now)


RECORD_CHUNK = 1000


def hand_out(now) -> int:
    """Enqueue, in batches, the due rows that are not sent and that no worker holds within
    its lease. Returns how many. Rows another scan is handing out are skipped."""
    expired = now - lease()
    with transaction.atomic():
        rows = list(
            Reminder.objects.filter(
                Q(state=Reminder.State.PENDING, enqueued_at__isnull=True)
                | Q(state=Reminder.State.PENDING, enqueued_at__lt=expired)
                | Q(state=Reminder.State.CLAIMED, claimed_at__lt=expired),
                due_at__lte=now,
            )
            .order_by("due_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", "attempts", "key", "enqueued_at")
        )
        given_up = {pk for pk, attempts, *_ in rows if attempts >= settings.REMINDER_MAX_ATTEMPTS}
        if given_up:
            Reminder.objects.filter(pk__in=given_up).update(
                state=Reminder.State.DROPPED, dropped_reason="failed"
            )
        ids = []
        for pk, attempts, key, enqueued_at in rows:
            if pk in given_up:
                logger.error("Reminder %s dropped after %s attempts", key, attempts)
                continue
            if enqueued_at is not None:
                # Its worker died, or the broker lost the message: the lease ran out.
                logger.warning("Reminder %s was not sent in time; handing it out again", key)
            ids.append(pk)
        Reminder.objects.filter(pk__in=ids).update(state=Reminder.State.PENDING, enqueued_at=now)
        from prototypes.tasks import send_reminders

        size = settings.REMINDER_BATCH_SIZE
        for start in range(0, len(ids), size):
            send_reminders.delay_on_commit(ids[start : start + size])
    return len(ids)


# --- Sending -------------------------------------------------------------------------


def deliver(ids, now=None) -> int:
    """Send the reminders `ids` that are still pending; returns how many were sent.

    Claims them first (a row another worker claimed is skipped), drops those that no
    longer hold, records their notifications, then sends each email and marks its row
    sent before the next. Queries: a fixed handful per batch, plus one update per email.

    When the mail server fails:
    - it is reached before anything is claimed: while it is down, no row is claimed and
      no attempt counted, so an outage of any length loses nothing (the rows are handed
      out again after their lease, and dropped only once stale);
    - an address it refuses for good drops that one reminder ("refused"), and the batch
      goes on; an address refused for now stays claimed and is tried again after the
      lease, up to REMINDER_MAX_ATTEMPTS;
    - if it goes away in the middle of the batch, the batch raises: the email in flight
      stays claimed (tried again after the lease, with the same Message-ID), and the
      rows not tried yet go back to the next scan, their attempt not counted.
    """
    now = now or timezone.now()
    with mail.get_connection() as mail_connection:
        return _claim_and_send(ids, now, mail_connection)


def _claim_and_send(ids, now, mail_connection) -> int:
    with transaction.atomic():
        claimed = list(
            Reminder.objects.filter(pk__in=ids, state=Reminder.State.PENDING)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=claimed).update(
            state=Reminder.State.CLAIMED, claimed_at=now, attempts=F("attempts") + 1
        )
    if not claimed:
        return 0
    rows = list(
        Reminder.objects.filter(pk__in=claimed)
        .select_related("recipient")
        .defer(*UNREAD_WHEN_SENDING)
    )
    # Every update below holds only while this worker's claim does: a row whose lease
    # ran out and that another worker took is left to that worker.
    mine = Reminder.objects.filter(state=Reminder.State.CLAIMED, claimed_at=now)
    to_send = []
    for kind_name in {row.kind for row in rows}:
        kind = KINDS[kind_name]
        of_kind = [row for row in rows if row.kind == kind_name]
        loaded = kind.load(of_kind)
        dropped = {}
        for row in of_kind:
            reason = kind.drop_reason(row, loaded, now)
            if reason:
                dropped.setdefault(reason, []).append(row.pk)
                logger.info("Reminder %s dropped when sending: %s", row.key, reason)
            else:
                to_send.append((row, kind.context(row, loaded, now)))
        for reason, pks in dropped.items():
            mine.filter(pk__in=pks).update(state=Reminder.State.DROPPED, dropped_reason=reason)
    messages = compose_all(to_send)
    # One notification per reminder, however often the row is sent.
    Notification.objects.bulk_create(
        [notification for _row, _email, notification in messages], ignore_conflicts=True
    )
    # Preferences hold back emails that are off, in quiet hours or for a digest.
    messages = delivery.hold_back(messages, mine, now)
    sent = 0
    with SentMarks(now) as marks:
        for index, (row, email, _notification) in enumerate(messages):
            try:
                mail_connection.send_messages([email])
            except smtplib.SMTPRecipientsRefused as error:
                _refused(row, error, mine)
                continue
            except Exception:
                untried = [later.pk for later, *_rest in messages[index + 1 :]]
                mine.filter(pk__in=untried).update(
                    state=Reminder.State.PENDING,
                    claimed_at=None,
                    enqueued_at=None,
                    attempts=F("attempts") - 1,
                )
                raise
            marks.send(row.pk)
            # The next email is built while the database confirms this one's mark; it
            # goes out only once the mark is confirmed.
            if index + 1 < len(messages):
                messages[index + 1][1].build_ahead()
            if not marks.confirmed():
                logger.warning("Reminder %s was taken by another worker; stopping", row.key)
                break
            sent += 1
    return sent


def _refused(row, error, mine) -> None:
    """The mail server refused the reminder's address: for good (a 5xx answer, such as
    "no such user"), the reminder is dropped; for now (4xx), it stays claimed and is
    tried again after the lease. Logged without the address."""
    codes = sorted({code for code, _text in error.recipients.values()})
    if codes and all(code >= 500 for code in codes):
        logger.warning(
            "Reminder %s dropped: the mail server refused its address %s", row.key, codes
        )
        mine.filter(pk=row.pk).update(state=Reminder.State.DROPPED, dropped_reason="refused")
    else:
        logger.warning("Reminder %s: its address refused for now %s; tried again", row.key, codes)


# What sending never reads, left out when the batch's rows are loaded: parsing the
# ledger's moments and the recipient's log-in times was a third of loading a row. A kind
# that came to read one would cost a query per row (the query counts in the tests see it).
UNREAD_WHEN_SENDING = [
    "enqueued_at",
    "claimed_at",
    "sent_at",
    "created_at",
    "recipient__password",
    "recipient__last_login",
    "recipient__date_joined",
]


# Written out rather than built by the ORM for each email: building the update is most
# of its cost, and it runs once per email sent.
# The table's name is the model's own, never anyone's input.
MARK_SENT = (
    f"UPDATE {Reminder._meta.db_table} SET state = %s, sent_at = %s"  # noqa: S608
    " WHERE id = %s AND state = %s AND claimed_at = %s"
)
# The same with PostgreSQL's own placeholders, for the statement SentMarks prepares.
MARK_SENT_POSTGRESQL = MARK_SENT % ("$1", "$2", "$3", "$4", "$5")


def mark_sent(cursor, pk, claimed_at) -> bool:
    """Mark one row sent if this worker's claim (made at `claimed_at`) still holds it;
    False when another worker took it after the lease ran out."""
    # Datetimes as the ORM would write them (SQLite stores them naive, in UTC).
    adapt = connection.ops.adapt_datetimefield_value
    cursor.execute(
        MARK_SENT,
        [
            Reminder.State.SENT.value,
            adapt(timezone.now()),
            pk,
            Reminder.State.CLAIMED.value,
            adapt(claimed_at),
        ],
    )
    return cursor.rowcount == 1


@contextlib.contextmanager
def commits_not_waiting_for_disk():
    """Let this connection's commits return before PostgreSQL has written them to disk.

    Each row is marked sent in a commit of its own, right after its email; waiting for
    the disk at each one is, on a busy database, a large share of sending an email.
    Every other session sees such a commit at once, so a killed worker loses nothing.
    Only a crash of the database server itself can lose the marks of its last moments
    (three times wal_writer_delay at most); their rows stay claimed and are sent again
    after the lease, with the same Message-ID, as after a killed worker.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        # The connection outlives the task: later work commits durably again.
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


class SentMarks:
    """Marks the rows of a batch sent, each in a commit of its own: `send(pk)` right
    after the row's email went out, then `confirmed()` before the next email goes out,
    True if this worker's claim (made at `claimed_at`) still held the row.

    On PostgreSQL `send()` only hands the update to the server, and `confirmed()` waits
    for its answer: what the worker does in between (building the next email) is done
    while the server updates and commits, which is otherwise time the worker spends
    waiting, once per email. The next email still leaves only after the mark is
    confirmed, so a killed worker leaves at most the one email in flight unmarked.

    The update is prepared once per batch and sent through psycopg's libpq interface
    (`psycopg.pq`): psycopg's own pipeline mode does the same through its cursor, but
    its bookkeeping cost a sixth of sending a reminder in the benchmark. Errors become
    Django's, and the update is logged where Django logs queries, so query counts
    include it. Elsewhere (SQLite) each mark is an ordinary update, done in `send()`.
    """

    def __init__(self, claimed_at):
        self.claimed_at = claimed_at
        self.pending = None  # PostgreSQL: (params, started) of the mark in flight
        self.marked = False  # elsewhere: what the last mark found

    def __enter__(self):
        self.stack = contextlib.ExitStack()
        self.stack.enter_context(commits_not_waiting_for_disk())
        self.cursor = self.stack.enter_context(connection.cursor())
        if connection.vendor == "postgresql":
            # Prepared once for the batch: the server then plans no update of its own.
            # Named for this batch alone, so a batch that failed before it could let go
            # of its statement is in no later batch's way.
            self.statement = f"reminder_mark_sent_{secrets.token_hex(4)}"
            self.cursor.execute(f"PREPARE {self.statement} AS {MARK_SENT_POSTGRESQL}")
            self.pgconn = connection.connection.pgconn
            self.claimed = self.claimed_at.isoformat().encode()
        return self

    def __exit__(self, exc_type, *exc):
        failed = exc_type is not None
        try:
            if self.pending is not None:
                self.confirmed()  # the last mark's answer, before the connection is reused
        except Exception:
            failed = True
            raise
        finally:
            try:
                if connection.vendor == "postgresql":
                    self._let_go(quietly=failed)
            finally:
                self.stack.close()

    def _let_go(self, quietly):
        """Deallocate the batch's statement, which would otherwise stay on the session
        as long as its connection lives. After a failure, quietly: a connection that
        broke has lost the statement already, and the first error is the one to tell."""
        try:
            self.cursor.execute(f"DEALLOCATE {self.statement}")
        except (DatabaseError, InterfaceError):
            if not quietly:
                raise

    def send(self, pk):
        if connection.vendor != "postgresql":
            self.marked = mark_sent(self.cursor, pk, self.claimed_at)
            return
        # Text parameters, as PostgreSQL reads them: an id and two moments with offsets.
        params = [
            Reminder.State.SENT.value.encode(),
            timezone.now().isoformat().encode(),
            str(int(pk)).encode(),
            Reminder.State.CLAIMED.value.encode(),
            self.claimed,
        ]
        with connection.wrap_database_errors:
            self.pgconn.send_query_prepared(self.statement.encode(), params)
            while self.pgconn.flush():
                self._wait(select.POLLOUT)
        self.pending = (params, time.monotonic())

    def confirmed(self) -> bool:
        if self.pending is None:
            return self.marked
        params, started = self.pending
        self.pending = None
        with connection.wrap_database_errors:
            result = self._result()
        if connection.queries_logged:
            connection.queries_log.append(
                {
                    "sql": f"EXECUTE {self.statement} -- {[p.decode() for p in params]}",
                    "time": f"{time.monotonic() - started:.3f}",
                }
            )
        if result.status != pq.ExecStatus.COMMAND_OK:
            # As psycopg's cursor would raise it, and Django would pass it on.
            with connection.wrap_database_errors:
                raise psycopg.errors.error_from_result(result)
        return result.command_tuples == 1

    def _result(self):
        """The answer to the mark in flight, waiting for it."""
        while True:
            self.pgconn.consume_input()
            if not self.pgconn.is_busy():
                break
            self._wait(select.POLLIN)
        result = self.pgconn.get_result()
        # libpq ends each query's results with none: the connection is then free again.
        while self.pgconn.get_result() is not None:
            pass
        return result

    def _wait(self, event):
        """Until the server can take more, or has answered (poll: any socket number)."""
        poller = select.poll()
        poller.register(self.pgconn.socket, event)
        poller.poll()


def compose(row, context):
    """The email and the notification of one reminder; see compose_all()."""
    return compose_all([(row, context)])[0]


def compose_all(pairs, merge=True):
    """The emails and notifications of reminders, each in its recipient's language:
    `(row, email, notification)` for each `(row, context)`, in the same order, the
    context being what the row's kind gives.

    Rendering the templates is most of what a reminder costs, and a batch mostly says
    the same to many people: the ten people of a team hear of the same session. So the
    templates are rendered once per kind, language and context, with placeholders where
    each person's name, link and unsubscribe link go, and these are filled in for each
    person, HTML-escaped in the HTML body as the template would have. The placeholders
    are random for each call, so nothing a person writes can contain one. With
    `merge=False` each reminder is rendered on its own; the tests compare the two.

    Templates get `person` (the name), `url`, `unsubscribe_url` and `preferences_url`
    besides the kind's context, and the HTML body gets the `subject`.
    """
    token = secrets.token_hex(16)
    groups = {}
    for row, context in pairs:
        language = row.recipient.preferred_language or settings.LANGUAGE_CODE
        key = (row.kind, language, _frozen(context)) if merge else (row.pk,)
        groups.setdefault(key, (language, context, []))[2].append(row)
    composed = {}
    unsubscribe = delivery.UnsubscribeLinks()
    preferences = {}  # the preferences page in each language
    for language, context, rows in groups.values():
        with translation.override(language):
            if language not in preferences:
                preferences[language] = delivery.preferences_url()
            personal = {row.pk: _personal(row, unsubscribe) for row in rows}
            shown = {
                **context,
                "preferences_url": preferences[language],
                **personal[rows[0].pk],
            }
            marks = {}
            if merge:
                marks = {name: f"{token}{name}" for name in PERSONAL}
                shown.update(marks)
            parts = _render(rows[0].kind, shown)
        for row in rows:
            composed[row.pk] = _message(row, context, parts, marks, personal[row.pk])
    return [composed[row.pk] for row, _context in pairs]


# What differs from one person to the next in the same reminder.
PERSONAL = ("person", "url", "unsubscribe_url")


def _personal(row, unsubscribe) -> dict:
    """What a reminder says to its recipient alone: their name, link and unsubscribe
    link (from `unsubscribe`, a delivery.UnsubscribeLinks)."""
    return {
        "person": str(row.recipient),
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + row.link,
        "unsubscribe_url": unsubscribe.url(row.recipient, row.kind),
    }


def _render(kind, shown) -> dict:
    """The four templates of a kind: subject, text and HTML body, notification."""
    template = f"prototypes/email/{kind}"
    subject = " ".join(render_text(f"{template}_subject.txt", shown).split())
    return {
        "subject": subject,
        "text": render_to_string(f"{template}.txt", shown),
        "html": render_to_string(f"{template}.html", {**shown, "subject": subject}),
        "notice": render_text(f"{template}_notice.txt", shown),
    }


def _message(row, context, parts, marks, personal):
    """One reminder's email and notification from the rendered parts."""

    def fill(text, escape=str):
        for name, mark in marks.items():
            text = text.replace(mark, escape(personal[name]))
        return text

    subject = " ".join(fill(parts["subject"]).split())
    email = ReminderEmail(
        subject=subject,
        body=fill(parts["text"]),
        to=[row.recipient.email],
        reply_to=context.get("reply_to"),
        headers={
            "Message-ID": row.message_id,
            "Auto-Submitted": "auto-generated",
            **delivery.unsubscribe_headers(personal),
        },
    )
    email.attach_alternative(fill(parts["html"], escape), "text/html")
    notification = Notification(
        recipient=row.recipient,
        kind=row.kind,
        title=subject,
        body=" ".join(fill(parts["notice"]).split()),
        link=row.link,
        reminder=row,
    )
    return row, email, notification


def _frozen(value):
    """A context value as something hashable, equal for values that render the same:
    model instances by their primary key, datetimes with their offset; a value it
    cannot compare is only equal to itself, so it is never merged with another."""
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, datetime.datetime):
        return ("datetime", value.isoformat(), str(value.tzinfo))
    if isinstance(value, dict):
        return tuple(sorted((name, _frozen(item)) for name, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    try:
        hash(value)
    except TypeError:
        return ("object", id(value))
    return value


def render_text(name, context) -> str:
    """A template rendered as plain text: its variables are not HTML-escaped."""
    return get_template(name).template.render(Context(context, autoescape=False))


class ReminderEmail(mail.EmailMultiAlternatives):
    """An email with a text and an HTML body, whose MIME boundary is chosen up front,
    and whose MIME message can be built ahead of sending (`build_ahead()`).

    Left to itself, the email package makes up a boundary when the message is turned
    into bytes, and searches both bodies for it through a regular expression compiled
    for that one boundary: a quarter of the cost of turning a reminder into bytes. 96
    random bits cannot occur in a body by chance, nor be guessed by whoever writes a
    session's agenda; and with no more, the Content-Type header fits on its line, which
    saves folding it (QuickFolding)."""

    built = None

    def build_ahead(self):
        """Build the MIME message now, for the backend's next `message()`: the send
        loop does it while it waits for the database."""
        self.built = self.message()

    def message(self):
        if self.built is not None:
            msg, self.built = self.built, None
            return msg
        msg = super().message()
        msg.policy = QUICK_FOLDING
        return msg

    def _create_alternatives(self, msg):
        # Django's own, but with the boundary, and a multipart that writes its bodies
        # quickly.
        if not self.alternatives:
            return msg
        body_msg = msg
        msg = ReminderMIME(
            _subtype=self.alternative_subtype,
            boundary=f"=_{secrets.token_hex(12)}",
            encoding=self.encoding or settings.DEFAULT_CHARSET,
        )
        if self.body:
            msg.attach(body_msg)
        for alternative in self.alternatives:
            msg.attach(self._create_mime_attachment(alternative.content, alternative.mimetype))
        return msg


class ReminderMIME(mail.SafeMIMEMultipart):
    """Django's multipart message, turned into bytes by QuickGenerator, and taking a
    plain subject as it is.

    Django passes every subject through email.header.Header, which gives back one of
    printable ASCII, single spaces and no more than a line as it is, at a tenth of the
    cost of building the message."""

    def __setitem__(self, name, val):
        if (
            name == "Subject"
            and isinstance(val, str)
            and val.isascii()
            and val.isprintable()
            and len(val) <= 78
            and val == val.strip()
            and "  " not in val
        ):
            # Printable: no line break, which is all Django's own check looks for.
            MIMEMultipart.__setitem__(self, name, val)
        else:
            super().__setitem__(name, val)

    def as_bytes(self, unixfrom=False, linesep="\n"):
        buffer = io.BytesIO()
        QuickGenerator(buffer, mangle_from_=False).flatten(self, unixfrom=unixfrom, linesep=linesep)
        return buffer.getvalue()


class QuickGenerator(BytesGenerator):
    """The email package's BytesGenerator (which Django's messages use), writing a body
    in one piece: it writes each line of it on its own, twice a line, a tenth of the
    cost of turning a reminder into bytes. The bytes are the same."""

    def _write_lines(self, lines):
        if lines:
            self.write(self._NL.join(NLCRE.split(lines)))


class QuickFolding(Compat32):
    """The email package's compat32 policy, which Django's messages use, writing a
    header that is plain ASCII as compat32 would without asking email.header.Header:
    as it is when it fits on its line, and on a line of its own after the name when it
    does not fit and holds no space to fold it at (a long unsubscribe link).

    compat32 passes every header through email.header.Header to fold it, at a cost of a
    fifth of sending a reminder; anything else still goes through it."""

    def _fold(self, name, value, sanitize):
        # Printable ASCII only: no line breaks of any kind, which Header would follow.
        if (
            isinstance(value, str)
            and value.isascii()
            and value.isprintable()
            and self.max_line_length
        ):
            if len(name) + 2 + len(value) <= self.max_line_length:
                return f"{name}: {value}{self.linesep}"
            if " " not in value:
                return f"{name}: {self.linesep} {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


QUICK_FOLDING = QuickFolding()
