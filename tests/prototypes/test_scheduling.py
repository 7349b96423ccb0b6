"""Finding slots for a coaching session: wall-clock windows across daylight-saving
changes, exceptions, the ranking, and the team's slots from the database."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import Role
from prototypes.models import AvailabilityException, AvailabilityWindow, TeamMember
from prototypes.scheduling import suggest_for_team, suggest_slots, wall_clock_instant
from tests.factories import UserFactory, make_programme, make_team

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC
HOUR = datetime.timedelta(hours=1)
TUESDAY = 1
SUNDAY = 6


def t(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def window(weekday, start, end):
    return SimpleNamespace(weekday=weekday, starts_at=t(start), ends_at=t(end))


def away(date, start=None, end=None):
    return SimpleNamespace(
        date=date,
        kind="away",
        starts_at=t(start) if start else None,
        ends_at=t(end) if end else None,
    )


def free(date, start, end):
    return SimpleNamespace(date=date, kind="free", starts_at=t(start), ends_at=t(end))


def local(slot):
    return slot.starts_at.astimezone(AMSTERDAM)


def suggest(windows, exceptions=None, members=(), start=None, duration=HOUR, **options):
    return suggest_slots(
        zone=AMSTERDAM,
        coach="coach",
        members=list(members),
        windows_by_person=windows,
        exceptions_by_person=exceptions or {},
        start=start,
        duration=duration,
        limit=None,
        **options,
    )


# Reading wall-clock times


def test_an_ordinary_time_is_read_in_the_zone():
    instant = wall_clock_instant(datetime.date(2026, 7, 7), t("09:00"), AMSTERDAM)
    assert instant == datetime.datetime(2026, 7, 7, 7, 0, tzinfo=UTC)


def test_a_time_the_clock_shows_twice_means_its_first_occurrence():
    instant = wall_clock_instant(datetime.date(2026, 10, 25), t("02:30"), AMSTERDAM)
    assert instant == datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 summer time


def test_a_time_the_clock_skips_means_the_moment_of_the_change():
    instant = wall_clock_instant(datetime.date(2026, 3, 29), t("02:30"), AMSTERDAM)
    assert instant == datetime.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 summer time


# Daylight-saving changes


@pytest.mark.parametrize(
    "before, after",
    [
        (datetime.date(2026, 3, 24), datetime.date(2026, 3, 31)),  # clocks go forward 29 March
        (datetime.date(2026, 10, 20), datetime.date(2026, 10, 27)),  # and back 25 October
    ],
)
def test_a_weekly_window_is_at_the_same_clock_time_on_both_sides_of_a_change(before, after):
    start = datetime.datetime.combine(before, t("00:00"), tzinfo=UTC)
    slots = suggest({"coach": [window(TUESDAY, "09:00", "12:00")]}, start=start)

    by_day = {}
    for slot in slots:
        by_day.setdefault(local(slot).date(), []).append(local(slot).strftime("%H:%M"))
    assert by_day[before] == by_day[after] == ["09:00", "09:30", "10:00", "10:30", "11:00"]
    first_before = min(slot.starts_at for slot in slots if local(slot).date() == before)
    first_after = min(slot.starts_at for slot in slots if local(slot).date() == after)
    # The same wall-clock time is a different UTC hour on each side of the change.
    assert first_after - first_before != datetime.timedelta(days=7)
    assert all(slot.starts_at.tzinfo == UTC for slot in slots)


def test_a_window_over_the_skipped_hour_lasts_only_the_real_time():
    sunday = datetime.date(2026, 3, 29)
    start = datetime.datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    slots = suggest({"coach": [window(SUNDAY, "01:00", "04:00")]}, start=start, days=1)

    assert [local(slot).strftime("%H:%M") for slot in slots] == ["01:00", "01:30", "03:00"]
    assert all(local(slot).date() == sunday for slot in slots)
    assert all(slot.ends_at - slot.starts_at == HOUR for slot in slots)


def test_a_window_over_the_repeated_hour_lasts_the_real_time():
    start = datetime.datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    slots = suggest({"coach": [window(SUNDAY, "01:00", "04:00")]}, start=start, days=1)

    # 01:00 summer time (23:00 UTC) until 04:00 winter time (03:00 UTC): four real hours.
    assert slots[0].starts_at == datetime.datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert slots[-1].ends_at == datetime.datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    assert len(slots) == 7


def test_a_window_inside_the_skipped_hour_gives_no_slot():
    start = datetime.datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    slots = suggest({"coach": [window(SUNDAY, "02:00", "02:45")]}, start=start, days=1)
    assert slots == []


# Exceptions


TUESDAY_20 = datetime.date(2026, 10, 20)
MONDAY_19 = datetime.datetime(2026, 10, 19, 6, 0, tzinfo=UTC)


def test_away_all_day_removes_the_day():
    slots = suggest(
        {"coach": [window(TUESDAY, "09:00", "12:00")]},
        {"coach": [away(TUESDAY_20)]},
        start=MONDAY_19,
    )
    assert slots and all(local(slot).date() != TUESDAY_20 for slot in slots)


def test_away_for_hours_removes_only_those_hours():
    slots = suggest(
        {"coach": [window(TUESDAY, "09:00", "12:00")]},
        {"coach": [away(TUESDAY_20, "10:00", "11:00")]},
        start=MONDAY_19,
        days=2,
    )
    assert [local(slot).strftime("%H:%M") for slot in slots] == ["09:00", "11:00"]


def test_extra_hours_add_a_window_on_that_date():
    wednesday = datetime.date(2026, 10, 21)
    slots = suggest(
        {"coach": [window(TUESDAY, "09:00", "10:00")]},
        {"coach": [free(wednesday, "14:00", "15:30")]},
        start=MONDAY_19,
        days=3,
    )
    assert [local(slot).strftime("%a %H:%M") for slot in slots] == [
        "Tue 09:00",
        "Wed 14:00",
        "Wed 14:30",
    ]


def test_a_member_away_is_missing_and_the_coach_away_means_no_slot():
    windows = {
        "coach": [window(TUESDAY, "09:00", "10:00")],
        "ann": [window(TUESDAY, "09:00", "10:00")],
    }
    member_away = suggest(
        windows, {"ann": [away(TUESDAY_20)]}, members=["ann"], start=MONDAY_19, days=2
    )
    assert [slot.missing for slot in member_away] == [("ann",)]
    coach_away = suggest(
        windows, {"coach": [away(TUESDAY_20, "09:30", "10:00")]}, members=["ann"], start=MONDAY_19
    )
    assert all(local(slot).date() != TUESDAY_20 for slot in coach_away)


# Ranking and limits


def test_slots_where_everyone_is_free_come_first_then_the_fewest_missing():
    windows = {
        "coach": [window(TUESDAY, "09:00", "12:00")],
        "ann": [window(TUESDAY, "09:00", "12:00")],
        "bob": [window(TUESDAY, "10:00", "11:00")],
        "cas": [window(TUESDAY, "11:00", "12:00")],
    }
    slots = suggest(windows, members=["ann", "bob", "cas"], start=MONDAY_19, days=2)

    assert [(local(slot).strftime("%H:%M"), slot.missing) for slot in slots] == [
        ("10:00", ("cas",)),
        ("11:00", ("bob",)),
        ("09:00", ("bob", "cas")),
        ("09:30", ("bob", "cas")),
        ("10:30", ("bob", "cas")),
    ]
    assert not slots[0].everyone_free


def test_a_member_window_that_starts_off_the_step_is_still_found():
    windows = {
        "coach": [window(TUESDAY, "09:00", "12:00")],
        "ann": [window(TUESDAY, "10:15", "11:15")],
    }
    slots = suggest(windows, members=["ann"], start=MONDAY_19, days=2)
    assert slots[0].everyone_free and local(slots[0]).strftime("%H:%M") == "10:15"


def test_only_future_slots_in_the_next_days_and_at_most_the_limit():
    now = datetime.datetime(2026, 10, 20, 8, 15, tzinfo=UTC)  # Tuesday 10:15 in Amsterdam
    windows = {"coach": [window(TUESDAY, "09:00", "12:00")]}
    slots = suggest(windows, start=now)

    assert all(now < slot.starts_at < now + datetime.timedelta(days=14) for slot in slots)
    assert local(slots[0]).strftime("%a %d %H:%M") == "Tue 20 10:30"
    assert {local(slot).date() for slot in slots} == {
        datetime.date(2026, 10, 20),
        datetime.date(2026, 10, 27),
        datetime.date(2026, 11, 3),
    }
    limited = suggest_slots(
        zone=AMSTERDAM,
        coach="coach",
        members=[],
        windows_by_person=windows,
        exceptions_by_person={},
        start=now,
        duration=HOUR,
        limit=2,
    )
    assert limited == slots[:2]


def test_per_day_spreads_the_choice_over_the_days_without_overlaps():
    windows = {"coach": [window(weekday, "09:00", "17:00") for weekday in range(7)]}
    slots = suggest(windows, start=MONDAY_19, per_day=3)

    first_day = [local(slot).strftime("%H:%M") for slot in slots if local(slot).day == 19]
    assert first_day == ["09:00", "10:00", "11:00"]
    assert len({local(slot).date() for slot in slots[:12]}) == 4
    everyone_first = suggest(
        {**windows, "ann": [window(0, "15:00", "17:00")]},
        members=["ann"],
        start=MONDAY_19,
        per_day=2,
    )
    assert [local(slot).strftime("%d %H:%M") for slot in everyone_first[:3]] == [
        "19 15:00",
        "19 16:00",
        "26 15:00",
    ]


def test_no_coach_window_means_no_slot():
    assert (
        suggest({"ann": [window(TUESDAY, "09:00", "12:00")]}, members=["ann"], start=MONDAY_19)
        == []
    )


def test_the_start_must_be_aware():
    with pytest.raises(ValueError):
        suggest({}, start=datetime.datetime(2026, 10, 19, 9, 0))


# Properties, over dates around both changes


PEOPLE = ["coach", "ann", "bob", "cas"]
FIRST_DAYS = [
    datetime.date(2026, 3, 20),
    datetime.date(2026, 3, 27),
    datetime.date(2026, 10, 16),
    datetime.date(2026, 10, 23),
    datetime.date(2026, 7, 1),
]
# Daytime quarters: the DST hours themselves are covered by the examples above, where
# "inside the window on the clock" needs the rules of the module's docstring.
quarters = st.integers(min_value=6 * 4, max_value=22 * 4)


def quarter_time(quarter: int) -> datetime.time:
    return datetime.time(quarter // 4, quarter % 4 * 15)


@st.composite
def time_ranges(draw):
    start = draw(quarters.filter(lambda quarter: quarter < 22 * 4))
    end = draw(st.integers(min_value=start + 1, max_value=22 * 4))
    return quarter_time(start), quarter_time(end)


@st.composite
def availability(draw):
    first_day = draw(st.sampled_from(FIRST_DAYS))
    windows, exceptions = {}, {}
    # Windows most people share, so that some slots have everyone free.
    shared = draw(st.lists(st.tuples(st.integers(0, 6), time_ranges()), max_size=2))
    for person in PEOPLE:
        own = draw(st.lists(st.tuples(st.integers(0, 6), time_ranges()), max_size=4))
        windows[person] = [
            SimpleNamespace(weekday=weekday, starts_at=start, ends_at=end)
            for weekday, (start, end) in own + (shared if draw(st.integers(0, 3)) else [])
        ]
        exceptions[person] = []
        for offset, kind, times in draw(
            st.lists(
                st.tuples(
                    st.integers(0, 15),
                    st.sampled_from(["away", "free"]),
                    st.one_of(st.none(), time_ranges()),
                ),
                max_size=4,
            )
        ):
            if kind == "free" and times is None:
                continue  # Extra hours always have times (the form insists).
            start, end = times or (None, None)
            exceptions[person].append(
                SimpleNamespace(
                    date=first_day + datetime.timedelta(days=offset),
                    kind=kind,
                    starts_at=start,
                    ends_at=end,
                )
            )
    start_hour = draw(st.integers(0, 23))
    start = datetime.datetime.combine(first_day, datetime.time(start_hour), tzinfo=AMSTERDAM)
    duration = datetime.timedelta(minutes=draw(st.sampled_from([30, 45, 60, 90])))
    return windows, exceptions, start, duration


def free_on_the_clock(person, windows, exceptions, date, start, end) -> bool:
    """Whether the person is free from `start` to `end` on `date`, worked out quarter by
    quarter on the wall clock, independently of prototypes.scheduling."""
    today = [exception for exception in exceptions[person] if exception.date == date]
    ranges = [(w.starts_at, w.ends_at) for w in windows[person] if w.weekday == date.weekday()]
    ranges += [(e.starts_at, e.ends_at) for e in today if e.kind == "free"]
    aways = [(e.starts_at, e.ends_at) for e in today if e.kind == "away"]
    moment = datetime.datetime.combine(date, start)
    finish = datetime.datetime.combine(date, end)
    while moment < finish:
        quarter_start = moment.time()
        quarter_end = (moment + datetime.timedelta(minutes=15)).time()
        if not any(a <= quarter_start and quarter_end <= b for a, b in ranges):
            return False
        for a, b in aways:
            if a is None or (quarter_start < b and a < quarter_end):
                return False
        moment += datetime.timedelta(minutes=15)
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(availability())
def test_every_slot_is_inside_the_windows_of_those_free_and_ranked(case):
    windows, exceptions, start, duration = case
    slots = suggest_slots(
        zone=AMSTERDAM,
        coach="coach",
        members=PEOPLE[1:],
        windows_by_person=windows,
        exceptions_by_person=exceptions,
        start=start,
        duration=duration,
        limit=None,
    )
    for slot in slots:
        # Days of 24 hours: `start + 14 days` in Amsterdam would add days on the clock.
        assert start < slot.starts_at < start.astimezone(UTC) + datetime.timedelta(days=14)
        assert slot.ends_at - slot.starts_at == duration
        begins, ends = slot.starts_at.astimezone(AMSTERDAM), slot.ends_at.astimezone(AMSTERDAM)
        assert begins.date() == ends.date()
        # The coach is always free; the members named missing are exactly those who are not.
        for person in PEOPLE:
            is_free = free_on_the_clock(
                person, windows, exceptions, begins.date(), begins.time(), ends.time()
            )
            assert is_free == (person not in slot.missing), person
    keys = [(len(slot.missing), slot.starts_at) for slot in slots]
    assert keys == sorted(keys)
    assert len({slot.starts_at for slot in slots}) == len(slots)


# The team's slots, from the database


@pytest.fixture
def team_world(db):
    programme = make_programme(modules=1)
    coach = UserFactory(display_name="Coach")
    members = [UserFactory(display_name=name) for name in ["Ann", "Bob"]]
    team = make_team(
        programme,
        members=[(member, Role.RESIDENT) for member in members],
        coaches=[coach],
    )
    TeamMember.objects.filter(team=team).update(joined_on=datetime.date(2026, 9, 1))
    return team, coach, members


def test_the_team_slots_name_the_missing_members_and_ignore_who_left(team_world):
    team, coach, (ann, bob) = team_world
    for person in [coach, ann]:
        AvailabilityWindow.objects.create(
            user=person, weekday=TUESDAY, starts_at=t("09:00"), ends_at=t("10:00")
        )
    AvailabilityException.objects.create(user=ann, date=datetime.date(2026, 10, 27))
    now = datetime.datetime(2026, 10, 19, 6, 0, tzinfo=UTC)

    slots = suggest_for_team(team, coach, 60, now=now)

    assert [(local(slot).date().isoformat(), slot.missing) for slot in slots] == [
        ("2026-10-20", (bob,)),
        ("2026-10-27", (ann, bob)),
    ]
    TeamMember.objects.filter(user=bob).update(left_on=datetime.date(2026, 10, 1))
    assert suggest_for_team(team, coach, 60, now=now)[0].everyone_free


def test_the_team_slots_are_read_in_the_programme_time_zone(db):
    programme = make_programme(modules=1, time_zone="America/New_York")
    coach = UserFactory()
    team = make_team(programme, coaches=[coach])
    AvailabilityWindow.objects.create(
        user=coach, weekday=TUESDAY, starts_at=t("09:00"), ends_at=t("10:00")
    )
    slots = suggest_for_team(team, coach, 60, now=datetime.datetime(2026, 10, 19, tzinfo=UTC))
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert slots[0].starts_at.astimezone(new_york).strftime("%a %H:%M") == "Tue 09:00"


def test_the_team_slots_cost_the_same_queries_for_one_and_many_members(team_world):
    team, coach, members = team_world
    now = datetime.datetime(2026, 10, 19, 6, 0, tzinfo=UTC)

    def queries():
        with CaptureQueriesContext(connection) as context:
            suggest_for_team(team, coach, 60, now=now)
        return len(context.captured_queries)

    TeamMember.objects.filter(user=members[1]).delete()
    AvailabilityWindow.objects.create(
        user=coach, weekday=TUESDAY, starts_at=t("09:00"), ends_at=t("12:00")
    )
    few = queries()
    for index in range(8):
        person = UserFactory()
        TeamMember.objects.create(
            team=team, user=person, role=Role.STUDENT, joined_on=datetime.date(2026, 9, 1)
        )
        for weekday in range(7):
            AvailabilityWindow.objects.create(
                user=person, weekday=weekday, starts_at=t("09:00"), ends_at=t("17:00")
            )
        AvailabilityException.objects.create(user=person, date=datetime.date(2026, 10, 20 + index))
    assert queries() == few == 3
