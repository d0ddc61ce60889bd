"""Demand, fulfilment and attrition (issue 18), worked by hand."""

from datetime import date, time
from decimal import Decimal

import pytest

from accountkit import Money, Period, ValidationError
from accountkit.contracts import BusinessCalendar
from accountkit.delivery import (
    Demand,
    Leaver,
    Person,
    RateChange,
    attrition,
    headcount,
    staffing,
)

FEBRUARY = Period.month(2026, 2)
Q1 = Period(date(2026, 1, 1), date(2026, 4, 1))
OFFICE = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
RATE = RateChange(
    effective_from=date(2026, 1, 1),
    cost_rate=Money("1", "EUR"),
    bill_rate=Money("1", "EUR"),
)


def hire(n: int, **dates) -> Person:
    return Person(
        id=f"p{n}", name=f"P{n}", role="dev", calendar=OFFICE, rates=(RATE,), **dates
    )


def ask(
    ident: str, requested: date, filled: date | None = None, opened=date(2026, 1, 5)
):
    return Demand(
        id=ident,
        role="dev",
        opened_on=opened,
        requested_start=requested,
        filled_on=filled,
        filled_by=None if filled is None else "ana",
    )


def test_the_issues_attrition_case():
    """3 leavers on an average headcount of 60 (61 at the start, 59 at the
    end) in a quarter: 3 / 60 = 5.00% for the quarter; x 12/3 = 20.00% a year."""
    staff = (
        [hire(n) for n in range(58)]
        + [hire(58 + n, last_day=date(2026, 1, 31)) for n in range(3)]
        + [hire(61, joined_on=date(2026, 3, 1))]
    )
    seen = attrition(staff, period=Q1)
    assert (seen.start, seen.last_day) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (seen.headcount_start, seen.headcount_end, seen.average_headcount) == (
        61,
        59,
        Decimal("60.00"),
    )
    assert (seen.leavers, seen.rate, seen.annualised) == (
        3,
        Decimal("5.00"),
        Decimal("20.00"),
    )


def test_a_leaver_on_the_last_day_counts_and_one_after_does_not():
    """A last day of 31 March is in the quarter; 1 April is not."""
    staff = [
        hire(0, last_day=date(2026, 3, 31)),
        hire(1, last_day=date(2026, 4, 1)),
        hire(2),
    ]
    seen = attrition(staff, period=Q1)
    assert (seen.leavers, seen.headcount_start, seen.headcount_end) == (1, 3, 3)
    # 1 / 3 = 33.33%; x 4 = 133.33%
    assert (seen.rate, seen.annualised) == (Decimal("33.33"), Decimal("133.33"))


def leaver(n: int, last: date, *, voluntary: bool = True) -> Leaver:
    return Leaver(person=f"p{n}", last_day=last, voluntary=voluntary)


def test_voluntary_attrition_from_leaver_records():
    """The issue's quarter again: of the 3 leavers 2 resigned and 1 was let
    go; a fourth left in December, before the quarter (its record is checked,
    not counted). Voluntary: 2 / 60 = 3.33% for the quarter; 2 x 12 / (60 x
    3) = 13.33% a year (from the exact 40/3, not from 3.33 x 4 = 13.32)."""
    staff = (
        [hire(n) for n in range(58)]
        + [hire(58 + n, last_day=date(2026, 1, 31)) for n in range(3)]
        + [hire(61, joined_on=date(2026, 3, 1)), hire(62, last_day=date(2025, 12, 31))]
    )
    records = [
        leaver(58, date(2026, 1, 31)),
        leaver(59, date(2026, 1, 31), voluntary=False),
        leaver(60, date(2026, 1, 31)),
        leaver(62, date(2025, 12, 31)),
    ]
    seen = attrition(staff, period=Q1, leavers=records)
    assert (seen.leavers, seen.rate, seen.annualised) == (
        3,
        Decimal("5.00"),
        Decimal("20.00"),
    )
    assert (seen.voluntary, seen.voluntary_rate, seen.voluntary_annualised) == (
        2,
        Decimal("3.33"),
        Decimal("13.33"),
    )
    plain = attrition(staff, period=Q1)
    assert (plain.voluntary, plain.voluntary_rate, plain.voluntary_annualised) == (
        None,
        None,
        None,
    )
    assert records[0].reason == ""


def test_headcount_by_role_counts_the_first_and_the_last_day():
    """p0 (dev) from 2 February, p1 (pm) to 27 February, p2 (dev) throughout:
    on 1 February dev 1 and pm 1; on 2 February dev 2 and pm 1; on 27
    February the same; on 28 February dev 2 and no pm (the role is gone)."""
    staff = [
        hire(0, joined_on=date(2026, 2, 2)),
        Person(
            id="p1",
            name="P1",
            role="pm",
            calendar=OFFICE,
            rates=(RATE,),
            last_day=date(2026, 2, 27),
        ),
        hire(2),
    ]
    assert headcount(staff, on=date(2026, 2, 1)) == {"dev": 1, "pm": 1}
    assert headcount(staff, on=date(2026, 2, 2)) == {"dev": 2, "pm": 1}
    assert headcount(staff, on=date(2026, 2, 27)) == {"dev": 2, "pm": 1}
    assert headcount(staff, on=date(2026, 2, 28)) == {"dev": 2}
    assert list(headcount([staff[1], staff[0]], on=date(2026, 2, 2))) == ["dev", "pm"]
    assert headcount([], on=date(2026, 2, 2)) == {}


def test_no_one_employed_leaves_the_rate_undefined():
    seen = attrition([hire(0, joined_on=date(2026, 5, 1))], period=Q1)
    assert (seen.average_headcount, seen.rate, seen.annualised) == (
        Decimal("0.00"),
        None,
        None,
    )


def test_attrition_is_annualised_by_whole_months_only():
    with pytest.raises(ValidationError) as caught:
        attrition([hire(0)], period=Period(date(2026, 1, 1), date(2026, 3, 15)))
    assert str(caught.value) == (
        "attrition.period: attrition is annualised by whole calendar months; "
        "2026-01-01 to 2026-03-15 is not (start and end on the 1st)"
    )


def test_fulfilment_time_to_fill_and_open_demand():
    """February: D1 filled 26 January for 2 February (in time); D2 filled 20
    February for 9 February (late); D3 open. 1 of 3 in time: 33.33%. Filled
    in February: D2 only, 39 days after it opened on 12 January."""
    demand = [
        ask("D1", date(2026, 2, 2), date(2026, 1, 26)),
        ask("D2", date(2026, 2, 9), date(2026, 2, 20), opened=date(2026, 1, 12)),
        ask("D3", date(2026, 2, 16)),
        ask("D4", date(2026, 3, 2)),
    ]
    seen = staffing(demand, period=FEBRUARY, as_of=date(2026, 2, 28))
    assert (seen.start, seen.last_day) == (date(2026, 2, 1), date(2026, 2, 28))
    assert (seen.due, seen.filled_in_time, seen.fulfilment_rate) == (
        3,
        1,
        Decimal("33.33"),
    )
    assert seen.mean_days_to_fill == Decimal("39.00")
    assert seen.open == ("D3", "D4")


def test_only_what_was_known_on_the_day_counts():
    """On 10 February D2 (filled on the 20th) is still open, D3 (wanted on the
    16th) is not yet due; filled on its requested start counts as in time."""
    demand = [
        ask("D1", date(2026, 2, 2), date(2026, 2, 2)),
        ask("D2", date(2026, 2, 9), date(2026, 2, 20)),
        ask("D3", date(2026, 2, 16)),
        ask("D5", date(2026, 2, 3), opened=date(2026, 2, 11)),
    ]
    seen = staffing(demand, period=FEBRUARY, as_of=date(2026, 2, 10))
    assert (seen.due, seen.filled_in_time, seen.open) == (2, 1, ("D2", "D3"))
    assert seen.mean_days_to_fill == Decimal("28.00")
    nothing = staffing([], period=FEBRUARY, as_of=date(2026, 2, 10))
    assert (nothing.due, nothing.fulfilment_rate, nothing.mean_days_to_fill) == (
        0,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: Demand(
                id="D1",
                role="dev",
                opened_on=date(2026, 1, 5),
                requested_start=date(2026, 2, 2),
                filled_on=date(2026, 1, 20),
            ),
            (
                "Demand.filled_by: give both filled_on and filled_by, or neither while it "
                "is open"
            ),
        ),
        (
            lambda: ask("D1", date(2026, 2, 2), date(2026, 1, 4)),
            "Demand.filled_on: 2026-01-04 is before it was opened (2026-01-05)",
        ),
        (
            lambda: staffing(
                [ask("D1", date(2026, 2, 2)), ask("D1", date(2026, 2, 3))],
                period=FEBRUARY,
                as_of=date(2026, 2, 28),
            ),
            "staffing.demand[1].id: id 'D1' is used twice (demand[0] and here)",
        ),
        (
            lambda: attrition([hire(0), hire(0)], period=Q1),
            "attrition.people[1].id: id 'p0' is used twice (people[0] and here)",
        ),
        (
            lambda: headcount([hire(0), hire(0)], on=date(2026, 1, 1)),
            "headcount.people[1].id: id 'p0' is used twice (people[0] and here)",
        ),
        (
            lambda: attrition(
                [hire(0, last_day=date(2026, 2, 27))],
                period=Q1,
                leavers=[leaver(0, date(2026, 2, 27)), leaver(0, date(2026, 2, 27))],
            ),
            (
                "attrition.leavers[1].person: 'p0' has a leaver record already "
                "(leavers[0])"
            ),
        ),
        (
            lambda: attrition(
                [hire(0)], period=Q1, leavers=[leaver(9, date(2026, 2, 27))]
            ),
            "attrition.leavers[0].person: no person 'p9' among the people",
        ),
        (
            lambda: attrition(
                [hire(0, last_day=date(2026, 2, 27))],
                period=Q1,
                leavers=[leaver(0, date(2026, 2, 26))],
            ),
            (
                "attrition.leavers[0].last_day: 2026-02-26, but 'p0''s last day is "
                "2026-02-27"
            ),
        ),
        (
            lambda: attrition(
                [hire(0), hire(1, last_day=date(2026, 3, 31))], period=Q1, leavers=[]
            ),
            "attrition.people[1].last_day: left on 2026-03-31 with no leaver record",
        ),
    ],
)
def test_bad_demand_and_people_are_refused(call, message):
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value) == message


def test_the_days_themselves_count_at_each_edge():
    """Filled the day it was opened; opened, wanted and filled on the day of
    the view: each counts (in time, due, filled)."""
    same_day = ask("D1", date(2026, 2, 10), date(2026, 2, 10), opened=date(2026, 2, 10))
    assert same_day.filled_on == same_day.opened_on
    seen = staffing([same_day], period=FEBRUARY, as_of=date(2026, 2, 10))
    assert (seen.due, seen.filled_in_time, seen.open, seen.mean_days_to_fill) == (
        1,
        1,
        (),
        Decimal("0.00"),
    )
