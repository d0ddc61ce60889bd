from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import ValidationError
from accountkit.contracts import (
    BusinessCalendar,
    TimeSpan,
    Weekday,
    WorkingWindow,
    add_business_time,
    business_time_between,
)
from builders import DESK
from builders import march_2019 as local
from strategies.contracts import calendars, instants


@pytest.mark.parametrize(
    ("created", "hours", "due"),
    [
        (local(4, 14), 4, local(4, 18)),  # exactly at close of business: stays Monday
        (local(4, 14), 6, local(6, 12)),  # Tuesday 5th is a holiday
        (local(4, 20), 4, local(6, 14)),  # created after hours: starts Wednesday 10:00
    ],
)
def test_published_deadline_cases(created, hours, due):
    """Hours Mon-Fri 10:00-18:00, holidays Tuesday 5 and Thursday 7 March 2019.

    The cases were quoted in issue 4 without a source that can be cited, so
    each is worked by hand: Monday 4 March 14:00 + 4 h = 18:00, the close,
    still Monday. + 6 h: 4 h to Monday's close, Tuesday is a holiday, 2 h
    into Wednesday: 12:00. Created at 20:00 Monday, after the close: the clock
    starts at Wednesday's 10:00 (Tuesday a holiday), + 4 h = 14:00.
    """
    assert add_business_time(DESK, created, timedelta(hours=hours)) == due


def test_microsoft_dynamics_365_published_sla_examples():
    """Microsoft Learn, Dynamics 365 Customer Service, "Manage changes to
    customer service and holiday schedules": hours 9-5, a failure duration of
    12 hours, a case created at 10:00 with the next day a holiday: 7 hours
    today, the holiday skipped, 5 hours the day after: 14:00. And "SLA time
    calculation scenarios": hours 8-5 Monday to Friday, a case created on
    Wednesday 14 June 2023 at 15:00; warning after 24 hours of working time on
    Monday 19 June at 12:00, failure after 48 on Thursday 22 June at 09:00."""
    nine_to_five = BusinessCalendar.weekdays(
        time(9), time(17), timezone="UTC", holidays=frozenset({date(2023, 6, 15)})
    )
    created = datetime(2023, 6, 14, 10, tzinfo=UTC)
    assert add_business_time(nine_to_five, created, timedelta(hours=12)) == (
        datetime(2023, 6, 16, 14, tzinfo=UTC)
    )
    eight_to_five = BusinessCalendar.weekdays(time(8), time(17), timezone="UTC")
    case = datetime(2023, 6, 14, 15, tzinfo=UTC)
    assert add_business_time(eight_to_five, case, timedelta(hours=24)) == (
        datetime(2023, 6, 19, 12, tzinfo=UTC)
    )
    assert add_business_time(eight_to_five, case, timedelta(hours=48)) == (
        datetime(2023, 6, 22, 9, tzinfo=UTC)
    )


def test_a_ticket_created_on_a_saturday_starts_on_monday():
    saturday = local(9, 11)
    assert add_business_time(DESK, saturday, timedelta(hours=1)) == local(11, 11)


def test_split_shifts_skip_the_gap():
    """09:00-12:00 and 13:00-17:00: 4 hours from 10:00 is 10-12 (2 h) + 13-15 (2 h)."""
    windows = tuple(
        WorkingWindow(weekday=Weekday.MONDAY, start=start, end=end)
        for start, end in ((time(9), time(12)), (time(13), time(17)))
    )
    shifts = BusinessCalendar(timezone="UTC", windows=windows)
    monday = datetime(2025, 3, 3, 10, tzinfo=UTC)
    assert add_business_time(shifts, monday, timedelta(hours=4)) == datetime(
        2025, 3, 3, 15, tzinfo=UTC
    )
    assert business_time_between(
        shifts, monday, datetime(2025, 3, 3, 18, tzinfo=UTC)
    ) == timedelta(hours=6)


def test_a_window_to_midnight_runs_into_the_next_day():
    night = BusinessCalendar(
        timezone="UTC",
        windows=(
            WorkingWindow(weekday=Weekday.MONDAY, start=time(22), end=time(0)),
            WorkingWindow(weekday=Weekday.TUESDAY, start=time(0), end=time(6)),
        ),
    )
    start = datetime(2025, 3, 3, 23, tzinfo=UTC)
    assert add_business_time(night, start, timedelta(hours=3)) == datetime(
        2025, 3, 4, 2, tzinfo=UTC
    )


def test_partial_closures_take_time_out_of_a_day():
    closure = TimeSpan(
        datetime(2019, 3, 4, 12, tzinfo=UTC), datetime(2019, 3, 4, 14, tzinfo=UTC)
    )
    half_day = BusinessCalendar.weekdays(time(10), time(18), timezone="UTC")
    closed = BusinessCalendar(
        timezone="UTC", windows=half_day.windows, closures=(closure,)
    )
    monday = datetime(2019, 3, 4, 10, tzinfo=UTC)
    assert add_business_time(closed, monday, timedelta(hours=3)) == datetime(
        2019, 3, 4, 15, tzinfo=UTC
    )


def test_working_hours_follow_the_local_clock_across_a_dst_change():
    """London moves to BST on 30 March 2025: 10:00 local is 10:00 UTC on Friday the
    28th and 09:00 UTC on Monday the 31st. 8 h from Friday 10:00 local is Friday
    18:00 local; 9 h is Monday 11:00 local (10:00 UTC)."""
    london = BusinessCalendar.weekdays(time(10), time(18), timezone="Europe/London")
    friday = datetime(2025, 3, 28, 10, tzinfo=UTC)
    assert add_business_time(london, friday, timedelta(hours=9)) == datetime(
        2025, 3, 31, 10, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (
            lambda: BusinessCalendar(timezone="UTC", windows=()),
            r"BusinessCalendar\.windows: a calendar needs at least one",
        ),
        (
            lambda: BusinessCalendar(timezone="Mars/Olympus", windows=DESK.windows),
            r"unknown time zone 'Mars/Olympus'",
        ),
        (
            lambda: WorkingWindow(weekday=Weekday.MONDAY, start=time(18), end=time(10)),
            r"WorkingWindow\.end: must be after start",
        ),
        (
            lambda: BusinessCalendar(
                timezone="UTC",
                windows=(
                    WorkingWindow(weekday=Weekday.MONDAY, start=time(9), end=time(12)),
                    WorkingWindow(weekday=Weekday.MONDAY, start=time(11), end=time(14)),
                ),
            ),
            r"BusinessCalendar\.windows\[1\]: overlaps windows\[0\] on monday",
        ),
        (
            lambda: add_business_time(DESK, local(4, 14), timedelta(0)),
            r"add_business_time\.duration: expected a positive",
        ),
        (
            lambda: add_business_time(
                DESK,
                datetime(2019, 3, 4, 14),  # noqa: DTZ001 - naive on purpose
                timedelta(hours=1),
            ),
            r"add_business_time\.start: expected a timezone-aware",
        ),
        (
            lambda: business_time_between(DESK, local(5, 10), local(4, 10)),
            r"business_time_between\.end: ends .* before it starts",
        ),
    ],
)
def test_bad_calendars_and_arguments_are_named(make, fragment):
    with pytest.raises(ValidationError, match=fragment):
        make()


def test_a_calendar_with_every_day_a_holiday_is_refused_not_looped_on():
    monday_only = BusinessCalendar(
        timezone="UTC",
        windows=(WorkingWindow(weekday=Weekday.MONDAY, start=time(9), end=time(17)),),
        holidays=frozenset(date(2025, 1, 6) + timedelta(weeks=w) for w in range(600)),
    )
    with pytest.raises(ValidationError, match="no working time within ten years"):
        add_business_time(
            monday_only, datetime(2025, 1, 1, tzinfo=UTC), timedelta(hours=1)
        )


@given(calendars, instants(60), st.integers(1, 60 * 60))
def test_business_time_to_the_deadline_is_the_duration_added(calendar, start, minutes):
    duration = timedelta(minutes=minutes)
    deadline = add_business_time(calendar, start, duration)
    assert deadline > start
    assert business_time_between(calendar, start, deadline) == duration


@given(calendars, instants(60), st.integers(1, 600), st.integers(1, 600))
def test_deadlines_grow_with_the_duration(calendar, start, shorter, extra):
    first = add_business_time(calendar, start, timedelta(minutes=shorter))
    second = add_business_time(calendar, start, timedelta(minutes=shorter + extra))
    assert second > first
