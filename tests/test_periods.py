import calendar
import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import Period, ValidationError, add_months, end_of_month
from strategies.core import dates, periods

# --- add_months ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 1, 31), 2, date(2024, 3, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
    ],
)
def test_add_months_clamps_to_month_end(anchor, months, expected):
    assert add_months(anchor, months) == expected


def test_chaining_drifts_but_anchoring_does_not():
    """DOMAIN-NOTES: Jan 31 +1 +1 = Mar 29 (2024), but Jan 31 +2 = Mar 31."""
    chained = add_months(add_months(date(2024, 1, 31), 1), 1)
    assert chained == date(2024, 3, 29)
    assert add_months(date(2024, 1, 31), 2) == date(2024, 3, 31)


def test_add_months_refuses_datetimes_and_non_integers():
    with pytest.raises(ValidationError, match=r"^add_months\.anchor: expected a date"):
        add_months(datetime(2026, 1, 1, tzinfo=UTC), 1)
    with pytest.raises(ValidationError, match=r"^add_months\.months: expected a whole"):
        add_months(date(2026, 1, 1), 1.0)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="months: expected a whole"):
        add_months(date(2026, 1, 1), months=True)


def test_add_months_out_of_range_is_a_validation_error():
    with pytest.raises(ValidationError, match="outside years 1 to 9999"):
        add_months(date(9999, 12, 1), 1)


def test_the_last_month_of_the_calendar_has_its_31_days():
    """December 9999 has no month after it to measure against: 31 October
    plus two months is 31 December 9999, and 30 November plus one is the
    30th (not clamped short)."""
    assert add_months(date(9999, 10, 31), 2) == date(9999, 12, 31)
    assert add_months(date(9999, 11, 30), 1) == date(9999, 12, 30)
    assert end_of_month(date(9999, 12, 5)) == date(9999, 12, 31)


@given(dates(), st.integers(-2400, 2400))
def test_add_months_moves_the_month_index_and_clamps_the_day(anchor, months):
    result = add_months(anchor, months)
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month_offset = divmod(index, 12)
    assert (result.year, result.month) == (year, month_offset + 1)
    last_day = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(anchor.day, last_day)


@given(dates().filter(lambda d: d.day <= 28), st.integers(-600, 600))
def test_add_months_is_reversible_when_no_clamping_happens(anchor, months):
    assert add_months(add_months(anchor, months), -months) == anchor


def test_end_of_month():
    assert end_of_month(date(2024, 2, 10)) == date(2024, 2, 29)
    assert end_of_month(date(2100, 2, 1)) == date(2100, 2, 28)  # not a leap year
    assert end_of_month(date(2026, 12, 31)) == date(2026, 12, 31)


# --- Period -------------------------------------------------------------------


def test_period_is_half_open():
    period = Period(date(2026, 1, 1), date(2026, 1, 31))
    assert date(2026, 1, 1) in period
    assert date(2026, 1, 30) in period
    assert date(2026, 1, 31) not in period
    assert period.days == 30
    assert period.last_day == date(2026, 1, 30)


@pytest.mark.parametrize("end", [date(2026, 1, 1), date(2025, 12, 31)])
def test_end_not_after_start_is_a_validation_error(end):
    with pytest.raises(ValidationError, match=r"^Period\.end: must be after start"):
        Period(date(2026, 1, 1), end)


def test_period_refuses_datetimes_and_strings():
    with pytest.raises(
        ValidationError, match=r"^Period\.start: expected a date, got datetime"
    ):
        Period(datetime(2026, 1, 1, tzinfo=UTC), date(2026, 2, 1))  # type: ignore[arg-type]
    with pytest.raises(
        ValidationError, match=r"^Period\.end: expected a date, got str"
    ):
        Period(date(2026, 1, 1), "2026-02-01")  # type: ignore[arg-type]


def test_membership_refuses_datetimes():
    with pytest.raises(ValidationError, match="expected a date, got datetime"):
        _ = datetime(2026, 1, 5, tzinfo=UTC) in Period.month(2026, 1)


def test_month():
    assert Period.month(2026, 2) == Period(date(2026, 2, 1), date(2026, 3, 1))
    assert Period.month(2024, 2).days == 29
    assert Period.month(2026, 12) == Period(date(2026, 12, 1), date(2027, 1, 1))


def test_quarter():
    assert Period.quarter(2026, 1) == Period(date(2026, 1, 1), date(2026, 4, 1))
    assert Period.quarter(2026, 4) == Period(date(2026, 10, 1), date(2027, 1, 1))


def test_fiscal_quarter():
    # An April-March fiscal year 2026: Q1 is Apr-Jun 2026, Q4 is Jan-Mar 2027.
    assert Period.quarter(2026, 1, start_month=4) == Period(
        date(2026, 4, 1), date(2026, 7, 1)
    )
    assert Period.quarter(2026, 4, start_month=4) == Period(
        date(2027, 1, 1), date(2027, 4, 1)
    )


def test_year_and_fiscal_year():
    assert Period.year(2026) == Period(date(2026, 1, 1), date(2027, 1, 1))
    assert Period.year(2026, start_month=4) == Period(
        date(2026, 4, 1), date(2027, 4, 1)
    )
    # Named by the year it ends in: FY2026 of a July-June year began July 2025.
    fy = Period.year(2026, start_month=7, named_by="end")
    assert fy == Period(date(2025, 7, 1), date(2026, 7, 1))
    assert Period.year(2026, named_by="end") == Period.year(2026)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (
            lambda: Period.month(2026, 13),
            r"Period\.month\.month: expected a month from 1 to 12",
        ),
        (lambda: Period.month(2026, 0), "expected a month from 1 to 12"),
        (
            lambda: Period.quarter(2026, 5),
            r"Period\.quarter\.quarter: expected a quarter",
        ),
        (lambda: Period.year(2026, start_month=0), r"Period\.year\.start_month"),
        (lambda: Period.year(2026, named_by="middle"), r"Period\.year\.named_by"),  # type: ignore[arg-type]
        (lambda: Period.month("2026", 1), r"Period\.month\.year: expected a whole"),  # type: ignore[arg-type]
    ],
)
def test_constructor_arguments_are_checked(call, fragment):
    with pytest.raises(ValidationError, match=fragment):
        call()


def test_overlap():
    q1 = Period.quarter(2026, 1)
    feb = Period.month(2026, 2)
    assert q1.overlap(feb) == feb
    assert Period.month(2026, 1).overlap(Period.month(2026, 2)) is None
    straddle = Period(date(2026, 3, 15), date(2026, 4, 15))
    assert q1.overlap(straddle) == Period(date(2026, 3, 15), date(2026, 4, 1))


def test_overlap_refuses_non_periods():
    with pytest.raises(ValidationError, match="expected a Period"):
        Period.month(2026, 1).overlap((date(2026, 1, 1), date(2026, 2, 1)))  # type: ignore[arg-type]


def test_months_clips_partial_months():
    term = Period(date(2026, 1, 15), date(2026, 3, 10))
    assert list(term.months()) == [
        Period(date(2026, 1, 15), date(2026, 2, 1)),
        Period(date(2026, 2, 1), date(2026, 3, 1)),
        Period(date(2026, 3, 1), date(2026, 3, 10)),
    ]


def test_months_within_one_month():
    inside = Period(date(2026, 2, 3), date(2026, 2, 10))
    assert list(inside.months()) == [inside]


def test_months_reaches_the_end_of_the_calendar():
    last = Period(date(9999, 11, 20), date(9999, 12, 31))
    assert [m.start for m in last.months()] == [date(9999, 11, 20), date(9999, 12, 1)]


def test_periods_order_by_start_then_end():
    a = Period(date(2026, 1, 1), date(2026, 2, 1))
    b = Period(date(2026, 1, 1), date(2026, 3, 1))
    c = Period(date(2026, 1, 2), date(2026, 1, 3))
    assert sorted([c, b, a]) == [a, b, c]


@given(periods(), periods())
def test_periods_compare_as_their_start_and_end(one, other):
    """Each comparison is the comparison of (start, end); equal periods are
    neither less nor greater."""
    pair, others = (one.start, one.end), (other.start, other.end)
    assert (one < other, one <= other, one > other, one >= other) == (
        pair < others,
        pair <= others,
        pair > others,
        pair >= others,
    )
    same = Period(one.start, one.end)
    assert (one <= same, one >= same, one < same, one > same) == (
        True,
        True,
        False,
        False,
    )


@pytest.mark.parametrize("other", [(date(2026, 1, 1), date(2026, 2, 1)), None, 3])
def test_a_period_does_not_compare_with_other_things(other):
    month = Period(date(2026, 1, 1), date(2026, 2, 1))
    for compare in (
        lambda: month < other,
        lambda: month <= other,
        lambda: month > other,
        lambda: month >= other,
    ):
        with pytest.raises(TypeError, match="not supported between instances"):
            compare()


@given(periods())
def test_months_partition_the_period(period):
    months = list(period.months())
    assert months[0].start == period.start
    assert months[-1].end == period.end
    for before, after in itertools.pairwise(months):
        assert before.end == after.start
        assert after.start.day == 1
    assert sum(m.days for m in months) == period.days


@given(periods(), periods())
def test_overlap_is_symmetric_and_inside_both(a, b):
    shared = a.overlap(b)
    assert shared == b.overlap(a)
    if shared is not None:
        assert a.start <= shared.start < shared.end <= a.end
        assert b.start <= shared.start < shared.end <= b.end


@given(periods(), periods(), dates())
def test_a_day_is_in_the_overlap_iff_it_is_in_both(a, b, day):
    shared = a.overlap(b)
    in_both = day in a and day in b
    assert in_both == (shared is not None and day in shared)


@given(periods(max_days=60), st.integers(0, 59))
def test_membership_matches_the_half_open_definition(period, offset):
    day = period.start + timedelta(days=offset)
    assert (day in period) == (offset < period.days)


def test_a_term_is_built_from_its_last_day():
    """1 January to 31 December 2026, both included: the calendar year, 365
    days; a one-day term has equal days; a last day before the first, or the
    last day of the calendar, is refused."""
    assert Period.through(date(2026, 1, 1), date(2026, 12, 31)) == Period.year(2026)
    assert Period.through(date(2026, 3, 5), date(2026, 3, 5)).days == 1
    with pytest.raises(ValidationError) as caught:
        Period.through(date(2026, 3, 5), date(2026, 3, 4))
    assert str(caught.value) == (
        "Period.through.last_day: must not be before first_day (2026-03-05), got "
        "2026-03-04"
    )
    with pytest.raises(ValidationError, match="past the end of the calendar"):
        Period.through(date(2026, 1, 1), date.max)
