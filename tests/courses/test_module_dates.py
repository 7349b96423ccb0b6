"""Module, contact-moment and deliverable dates follow the programme's start, in its time zone."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from courses.models import ContactMoment, ModulePage
from tests.factories import UserFactory, add_module, enrol, make_programme, translate

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC


def add_contact_moment(module, weekday, start, end):
    moment = ContactMoment(
        module=module,
        title="Bijeenkomst",
        weekday=str(weekday),
        start_time=start,
        end_time=end,
        place="Buurthuis",
    )
    moment.save()
    return moment


def reload(module):
    return ModulePage.objects.get(pk=module.pk)


def test_module_weeks_follow_a_monday_start():
    programme = make_programme(modules=0, start_date=datetime.date(2027, 2, 1))
    module = reload(add_module(programme, 3, duration_weeks=2))

    assert module.start_date == datetime.date(2027, 2, 15)
    assert module.end_date == datetime.date(2027, 2, 28)


def test_module_weeks_follow_a_start_that_is_not_a_monday():
    # Wednesday 24 March 2027: every programme week runs Wednesday to Tuesday.
    programme = make_programme(modules=0, start_date=datetime.date(2027, 3, 24))
    module = reload(add_module(programme, 2))

    assert module.start_date == datetime.date(2027, 3, 31)
    assert module.end_date == datetime.date(2027, 4, 6)


def test_contact_moments_fall_on_their_weekday_within_the_programme_week():
    programme = make_programme(modules=0, start_date=datetime.date(2027, 3, 24))
    module = add_module(programme, 1)
    friday = add_contact_moment(module, 4, datetime.time(19), datetime.time(21))
    monday = add_contact_moment(module, 0, datetime.time(19), datetime.time(21))

    # The week of 24–30 March holds Friday the 26th and Monday the 29th.
    assert friday.starts_at().date() == datetime.date(2027, 3, 26)
    assert monday.starts_at().date() == datetime.date(2027, 3, 29)


def test_contact_moments_keep_their_local_time_across_the_daylight_saving_change():
    # Summer time starts in Amsterdam on Sunday 28 March 2027, inside week 1.
    programme = make_programme(modules=0, start_date=datetime.date(2027, 3, 24))
    module = add_module(programme, 1)
    before = add_contact_moment(module, 4, datetime.time(19), datetime.time(21))
    after = add_contact_moment(module, 0, datetime.time(19), datetime.time(21))

    assert before.starts_at().utcoffset() == datetime.timedelta(hours=1)
    assert after.starts_at().utcoffset() == datetime.timedelta(hours=2)
    assert before.starts_at().astimezone(UTC) == datetime.datetime(2027, 3, 26, 18, tzinfo=UTC)
    assert after.starts_at().astimezone(UTC) == datetime.datetime(2027, 3, 29, 17, tzinfo=UTC)
    assert after.ends_at() - after.starts_at() == datetime.timedelta(hours=2)


def test_contact_moments_use_the_programmes_own_time_zone():
    programme = make_programme(
        modules=0, start_date=datetime.date(2027, 3, 1), time_zone="America/New_York"
    )
    moment = add_contact_moment(add_module(programme, 1), 0, datetime.time(9), datetime.time(10))

    assert moment.starts_at() == datetime.datetime(
        2027, 3, 1, 9, tzinfo=zoneinfo.ZoneInfo("America/New_York")
    )
    assert moment.starts_at().astimezone(UTC).hour == 14


def test_deliverables_are_due_on_their_day_in_the_modules_week():
    programme = make_programme(modules=0, start_date=datetime.date(2027, 3, 24))
    module = add_module(
        programme,
        2,
        body=[
            (
                "deliverable",
                {"title": "Testkaart", "description": "<p>In</p>", "due_day": "4"},
            )
        ],
    )

    [(title, due, _value)] = reload(module).deliverables()

    # Week 2 runs from Wednesday 31 March; its Friday is 2 April.
    assert (title, due) == ("Testkaart", datetime.date(2027, 4, 2))


def test_the_module_page_shows_the_due_date_to_participants(client):
    programme = make_programme(modules=0, start_date=datetime.date(2027, 3, 24))
    module = add_module(
        programme,
        2,
        body=[("deliverable", {"title": "Testkaart", "description": "<p>In</p>", "due_day": "4"})],
    )
    student = UserFactory()
    enrol(student, programme)
    client.force_login(student)

    response = client.get(module.url)

    assert '<time datetime="2027-04-02">' in response.content.decode()


def test_an_english_module_has_the_same_dates_as_its_source():
    programme = make_programme(modules=0, start_date=datetime.date(2027, 3, 24))
    module = add_module(programme, 2)
    add_contact_moment(module, 0, datetime.time(19), datetime.time(21))

    english = reload(translate(module, "en"))

    assert (english.start_date, english.end_date) == (module.start_date, module.end_date)
    assert english.contact_moments.get().starts_at() == datetime.datetime(
        2027, 4, 5, 19, tzinfo=AMSTERDAM
    )


@pytest.mark.parametrize(
    ("moment", "week"),
    [
        # Sunday 7 February, 23:30 in Amsterdam is still week 1 ...
        (datetime.datetime(2027, 2, 7, 22, 30, tzinfo=UTC), 1),
        # ... and half an hour later it is Monday, week 2, although UTC still says Sunday.
        (datetime.datetime(2027, 2, 7, 23, 30, tzinfo=UTC), 2),
        (datetime.datetime(2027, 1, 31, 12, tzinfo=UTC), None),
        (datetime.datetime(2027, 4, 26, 12, tzinfo=UTC), None),
    ],
)
def test_the_current_week_is_read_in_the_programmes_time_zone(moment, week):
    programme = make_programme(modules=2, start_date=datetime.date(2027, 2, 1))
    first, second = (reload(m) for m in programme.get_children())

    with time_machine.travel(moment, tick=False):
        assert programme.current_week() == week
        assert first.is_current() == (week == 1)
        assert second.is_current() == (week == 2)


def test_the_module_page_costs_the_same_queries_for_one_or_five_contact_moments(
    client, django_assert_num_queries
):
    programme = make_programme(modules=0, start_date=datetime.date(2027, 3, 24))
    module = add_module(programme, 1)
    student = UserFactory()
    enrol(student, programme)
    client.force_login(student)

    add_contact_moment(module, 0, datetime.time(19), datetime.time(21))
    client.get(module.url)  # Warm the caches any earlier page would have filled.
    reset_queries()
    with CaptureQueriesContext(connection) as one:
        client.get(module.url)
    queries_for_one = len(one)  # Read now: reset_queries() below empties the log.

    for weekday in range(1, 5):
        add_contact_moment(module, weekday, datetime.time(19), datetime.time(21))
    reset_queries()
    with django_assert_num_queries(queries_for_one):
        response = client.get(module.url)
    assert response.content.decode().count("Buurthuis") == 5
