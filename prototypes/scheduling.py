"""Finding times when a coach and a team can meet.

`suggest_slots` is pure: it takes people's weekly windows and one-off exceptions (any
objects with the fields of `AvailabilityWindow` and `AvailabilityException`) and returns
the slots of the coming days, best first. `suggest_for_team` loads them for a team.

How wall-clock times become instants
------------------------------------
Windows are wall-clock times ("Tuesday 09:00–12:00") read on each date in the
programme's time zone, so a window is at 09:00 local on both sides of a daylight-saving
change. Every instant is aware and in UTC. A wall-clock time is read as the *first
instant the clock shows it, or a later time*:

- a time the clock shows twice (02:30 on the last Sunday of October in Europe/Amsterdam)
  means its first occurrence, still in summer time;
- a time the clock skips (02:30 on the last Sunday of March) means the moment of the
  change, when the clock jumps to 03:00.

This reading never runs backwards, so a window never ends before it starts: a window of
02:00–04:00 on the day in March lasts from 03:00 to 04:00 summer time, one hour, and a
window of 02:15–02:45 on that day is empty.
"""

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

UTC = datetime.UTC

Interval = tuple[datetime.datetime, datetime.datetime]


@dataclass(frozen=True)
class Slot:
    """A time the coach is free, with the team members who are not."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    missing: tuple = field(default=())

    @property
    def everyone_free(self) -> bool:
        return not self.missing


def wall_clock_instant(day: datetime.date, time: datetime.time, zone) -> datetime.datetime:
    """The first instant (in UTC) at which the clock in `zone` shows `time` on `day`, or
    the moment of the change when the clock skips `time` (see the module's docstring)."""
    naive = datetime.datetime.combine(day, time)
    first = naive.replace(tzinfo=zone, fold=0)
    instant = first.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == naive:
        return instant  # The time exists; fold=0 is its first occurrence.
    # The clock skips this time. fold=1 reads it with the offset after the change, which
    # lands before the change; fold=0 with the offset before, which lands after it. The
    # change lies between: find it to the second (a few steps, only on such days).
    before = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    after = instant
    offset_before = before.astimezone(zone).utcoffset()
    while after - before > datetime.timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(zone).utcoffset() == offset_before:
            before = middle
        else:
            after = middle
    return after.replace(microsecond=0)


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping intervals; touching ones become one."""
    merged: list[list[datetime.datetime]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _subtract(intervals: list[Interval], away: Interval) -> list[Interval]:
    away_start, away_end = away
    result = []
    for start, end in intervals:
        if away_end <= start or end <= away_start:
            result.append((start, end))
            continue
        if start < away_start:
            result.append((start, away_start))
        if away_end < end:
            result.append((away_end, end))
    return result


def free_intervals(
    day: datetime.date, zone, windows: Iterable[Any], exceptions: Iterable[Any]
) -> list[Interval]:
    """When one person is free on `day`: their weekly windows of that weekday and the
    date's extra windows, less the times (or the whole day) they are away."""
    exceptions = [exception for exception in exceptions if exception.date == day]
    intervals = [
        (
            wall_clock_instant(day, window.starts_at, zone),
            wall_clock_instant(day, window.ends_at, zone),
        )
        for window in windows
        if window.weekday == day.weekday()
    ]
    intervals += [
        (
            wall_clock_instant(day, exception.starts_at, zone),
            wall_clock_instant(day, exception.ends_at, zone),
        )
        for exception in exceptions
        if exception.kind == "free" and exception.starts_at is not None
    ]
    intervals = _merge(intervals)
    for exception in exceptions:
        if exception.kind != "away":
            continue
        if exception.starts_at is None:
            return []  # Away all day.
        intervals = _subtract(
            intervals,
            (
                wall_clock_instant(day, exception.starts_at, zone),
                wall_clock_instant(day, exception.ends_at, zone),
            ),
        )
    return intervals


def _covers(intervals: list[Interval], start: datetime.datetime, end: datetime.datetime) -> bool:
    return any(free_start <= start and end <= free_end for free_start, free_end in intervals)


def suggest_slots(
    *,
    zone,
    coach: Hashable,
    members: Sequence[Hashable],
    windows_by_person: Mapping[Hashable, Iterable[Any]],
    exceptions_by_person: Mapping[Hashable, Iterable[Any]],
    start: datetime.datetime,
    duration: datetime.timedelta,
    days: int = 14,
    step: datetime.timedelta = datetime.timedelta(minutes=30),
    limit: int | None = 12,
    per_day: int | None = None,
) -> list[Slot]:
    """The times in the `days` after `start` when the coach is free for `duration`,
    best first: those where every member is free, then those with one member missing,
    and so on; earlier before later among equals. Each slot names the missing members
    (as given in `members`, in that order).

    Slots start every `step` from the start of each of the coach's free intervals, and
    also at the start of each member's free interval within it, so a member's short
    window is not missed. Only slots that start after `start` and before `start + days`
    (days of 24 hours, also across a change to or from summer time) are returned. Windows are read in `zone` (a `zoneinfo.ZoneInfo`), see the module's
    docstring; `start` must be aware. People without windows are never free.

    With `per_day`, each date keeps at most that many slots, none overlapping another
    of that date (the better ones are kept), so that a long window does not fill the
    list with one day's half hours and the choice spreads over the days.
    """
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    start = start.astimezone(UTC)
    until = start + datetime.timedelta(days=days)
    first_day = start.astimezone(zone).date()
    slots = []
    for offset in range(days + 1):
        day = first_day + datetime.timedelta(days=offset)
        coach_free = free_intervals(
            day, zone, windows_by_person.get(coach, ()), exceptions_by_person.get(coach, ())
        )
        if not coach_free:
            continue
        members_free = {
            member: free_intervals(
                day, zone, windows_by_person.get(member, ()), exceptions_by_person.get(member, ())
            )
            for member in members
        }
        candidates = set()
        for coach_start, coach_end in coach_free:
            moment = coach_start
            while moment + duration <= coach_end:
                candidates.add(moment)
                moment += step
            for intervals in members_free.values():
                candidates.update(
                    member_start
                    for member_start, _ in intervals
                    if coach_start <= member_start and member_start + duration <= coach_end
                )
        for moment in candidates:
            end = moment + duration
            if not (start < moment < until) or not _covers(coach_free, moment, end):
                continue
            missing = tuple(
                member for member in members if not _covers(members_free[member], moment, end)
            )
            slots.append(Slot(starts_at=moment, ends_at=end, missing=missing))
    slots.sort(key=lambda slot: (len(slot.missing), slot.starts_at))
    if per_day is not None:
        slots = _spread(slots, zone, per_day)
    return slots if limit is None else slots[:limit]


def _spread(slots: list[Slot], zone, per_day: int) -> list[Slot]:
    """The ranked slots without those that overlap a better one of the same date or
    exceed `per_day` on it."""
    kept_by_day = defaultdict(list)
    kept = []
    for slot in slots:
        taken = kept_by_day[slot.starts_at.astimezone(zone).date()]
        if len(taken) >= per_day or any(
            other.starts_at < slot.ends_at and slot.starts_at < other.ends_at for other in taken
        ):
            continue
        taken.append(slot)
        kept.append(slot)
    return kept


def suggest_for_team(
    team, coach, duration_minutes: int, now=None, days: int = 14, limit=12, per_day=3
):
    """The best slots for `coach` to meet `team` in the next `days` days, as
    `suggest_slots` (missing members as user objects; at most `per_day` slots a date,
    none overlapping), with windows read in the team's programme time zone.

    Three queries however many members, windows and exceptions (the current members,
    their and the coach's windows, the exceptions of those dates); one more when
    `team.programme` was not fetched with the team.
    """
    from prototypes.models import AvailabilityException, AvailabilityWindow

    now = now or timezone.now()
    zone = team.programme.zone
    today = now.astimezone(zone).date()
    members = [member.user for member in team.members.current(on=today).select_related("user")]
    people = [coach.pk, *(member.pk for member in members)]
    windows = defaultdict(list)
    for window in AvailabilityWindow.objects.filter(user_id__in=people):
        windows[window.user_id].append(window)
    exceptions = defaultdict(list)
    for exception in AvailabilityException.objects.filter(
        user_id__in=people, date__range=(today, today + datetime.timedelta(days=days))
    ):
        exceptions[exception.user_id].append(exception)
    slots = suggest_slots(
        zone=zone,
        coach=coach.pk,
        members=[member.pk for member in members],
        windows_by_person=windows,
        exceptions_by_person=exceptions,
        start=now,
        duration=datetime.timedelta(minutes=duration_minutes),
        days=days,
        limit=limit,
        per_day=per_day,
    )
    by_pk = {member.pk: member for member in members}
    return [
        Slot(
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            missing=tuple(by_pk[pk] for pk in slot.missing),
        )
        for slot in slots
    ]
