"""The array path of delivery's time (issue 18): equal to the object path.

``time_arrays`` adds up columns on the kernel that ``monthly_utilisation``
and ``client_pnl`` use for records; a property checks that the two paths
agree cell by cell, and the hand-worked cases below pin the array path on
its own.
"""

from datetime import date, time, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import Money, Period, ValidationError
from accountkit.contracts import BusinessCalendar
from accountkit.delivery import (
    Capacity,
    Engagement,
    Leave,
    Person,
    RateChange,
    TimeEntry,
    _kernel,
    available_hours,
    client_pnl,
    monthly_utilisation,
    time_arrays,
)

OFFICE = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
SPRING = Period(date(2026, 2, 1), date(2026, 4, 1))
DAY0 = date(2026, 1, 20)


def columns(**change):
    """Ana (0) at EUR 70.00 and 150.00 an hour (7000 and 15000 cents), 80.00 and 160.00 from 16 March; Bo (1) at 50.00 and
    100.00. Entries: Ana 8 h on 2 February (engagement 0, billable), 7.5 h
    on 16 March (engagement 1, not billable); Bo 4 h on 3 February
    (engagement 0, billable) and 2.25 h on 31 January (outside)."""
    values = {
        "person": [0, 0, 1, 1],
        "engagement": [0, 1, 0, 0],
        "day": ["2026-02-02", "2026-03-16", "2026-02-03", "2026-01-31"],
        "hours": [8.0, 7.5, 4.0, 2.25],
        "billable": [True, False, True, True],
        "rate_person": [0, 0, 1],
        "rate_from": ["2026-01-01", "2026-03-16", "2026-01-01"],
        "cost_rate": [7000, 8000, 5000],
        "bill_rate": [15000, 16000, 10000],
        "currency": "EUR",
        "period": SPRING,
    }
    values.update(change)
    return values


def test_the_tables_by_hand():
    """By person: Ana February 8 h, 8 billable, cost 8 x 70 = 560.00,
    standard 8 x 150 = 1,200.00; March 7.5 h at 80 = 600.00, none billable.
    Bo February 4 h, cost 200.00, standard 400.00; his 31 January is outside.
    By engagement: 0 has February 12 h (cost 760.00, standard 1,600.00); 1
    has March 7.5 h (600.00)."""
    seen = time_arrays(**columns())
    person, work = seen.by_person, seen.by_engagement
    assert (person.label, work.label, person.currency) == (
        "person",
        "engagement",
        "EUR",
    )
    assert person.months.tolist() == [date(2026, 2, 1), date(2026, 3, 1)]
    assert person.hours.tolist() == [[8.0, 7.5], [4.0, 0.0]]
    assert person.billable_hours.tolist() == [[8.0, 0.0], [4.0, 0.0]]
    assert person.cost.tolist() == [[56000, 60000], [20000, 0]]
    assert person.standard_value.tolist() == [[120000, 0], [40000, 0]]
    assert person.cost.dtype == np.int64
    assert work.hours.tolist() == [[12.0, 0.0], [0.0, 7.5]]
    assert work.cost.tolist() == [[76000, 0], [0, 60000]]
    assert work.standard_value.tolist() == [[160000, 0], [0, 0]]
    assert (person.available_hours, person.utilisation) == (None, None)
    assert (work.available_hours, work.utilisation) == (None, None)


def test_utilisation_with_available_hours_and_nan_where_none():
    """Available 160 and 176 hours for Ana, 0 and 80 for Bo: Ana 8/160 = 5 %
    and 0/176 = 0 %; Bo undefined in February (NaN, not 0), 0 % in March."""
    spare = [[160.0, 176.0], [0.0, 80.0]]
    seen = time_arrays(**columns(), available=spare).by_person
    assert seen.available_hours.tolist() == spare
    assert seen.utilisation[0].tolist() == [5.0, 0.0]
    assert np.isnan(seen.utilisation[1, 0])
    assert seen.utilisation[1, 1] == 0.0
    frame = seen.to_frame()
    assert list(frame.columns) == [
        "person",
        "month",
        "hours",
        "billable_hours",
        "cost",
        "standard_value",
        "available_hours",
        "utilisation",
    ]
    assert frame["cost"].dtype == pd.Int64Dtype()
    assert (
        frame["month"].tolist()
        == [pd.Timestamp("2026-02-01"), pd.Timestamp("2026-03-01")] * 2
    )
    assert frame["cost"].tolist() == [56000, 60000, 20000, 0]
    assert time_arrays(**columns()).by_engagement.to_frame()["engagement"].tolist() == [
        0,
        0,
        1,
        1,
    ]


def test_half_a_cent_rounds_up_once_a_cell():
    """0.25 h at 3,333 cents is 833.25 cents; two of them 1,666.5, rounded
    half-up once to 1,667 (each rounded first would give 1,666)."""
    seen = time_arrays(
        **columns(
            person=[0, 0],
            engagement=[0, 0],
            day=["2026-02-02", "2026-02-03"],
            hours=[0.25, 0.25],
            billable=[True, True],
            rate_person=[0],
            rate_from=["2026-01-01"],
            cost_rate=[3333],
            bill_rate=[3333],
        )
    )
    assert seen.by_person.cost.tolist() == [[1667, 0]]
    assert seen.by_engagement.standard_value.tolist() == [[1667, 0]]


def test_available_hours_by_hand():
    """February 2026 has 20 weekdays (160 h), March 22 (176 h); Ana's leave
    on 26-27 February takes 16 h when net; Bo joins on 16 March (12 weekdays,
    96 h)."""
    rate = RateChange(
        effective_from=date(2026, 1, 1),
        cost_rate=Money("1", "EUR"),
        bill_rate=Money("1", "EUR"),
    )
    ana = Person(id="ana", name="Ana", role="dev", calendar=OFFICE, rates=(rate,))
    bo = Person(
        id="bo",
        name="Bo",
        role="dev",
        calendar=OFFICE,
        rates=(rate,),
        joined_on=date(2026, 3, 16),
    )
    away = Leave(person="ana", start=date(2026, 2, 26), end=date(2026, 2, 27))
    seen = available_hours([ana, bo], period=SPRING, leave=[away])
    assert seen.tolist() == [[144.0, 176.0], [0.0, 96.0]]
    gross = available_hours(
        [ana, bo], period=SPRING, leave=[away], capacity=Capacity.GROSS
    )
    assert gross.tolist() == [[160.0, 176.0], [0.0, 96.0]]
    with pytest.raises(ValidationError) as caught:
        available_hours([bo], period=SPRING, leave=[away])
    assert str(caught.value) == (
        "available_hours.leave[0].person: no person 'ana' among the people"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"hours": [8.0, 7.5, 4.0]},
            "time_arrays: person, engagement, day, hours and billable differ in length (4, 4, 4, 3, 4)",
        ),
        (
            {"hours": [8.0, 7.5, 4.0, 0.333]},
            "time_arrays.hours: 0.333 at index 3 is not in hundredths of an hour",
        ),
        (
            {"hours": [8.0, 0.01, 0.0, 1.0]},
            "time_arrays.hours: must be above 0 and at most 24 hours, got 0.0 at index 2",
        ),
        (
            {"hours": [8.0, 24.01, 1.0, 1.0]},
            "time_arrays.hours: must be above 0 and at most 24 hours, got 24.01 at index 1",
        ),
        (
            {"hours": [8.0, float("nan"), 1.0, 1.0]},
            "time_arrays.hours: NaN at index 1 (a missing value is not a number)",
        ),
        (
            {"hours": [[8.0, 7.5, 4.0, 2.25]]},
            "time_arrays.hours: expected a 1-dimensional array, got shape (1, 4)",
        ),
        (
            {"person": [0, 0, -1, 1]},
            "time_arrays.person: a code is a row number from 0, got -1 at index 2",
        ),
        (
            {"engagement": [0, 0.5, 0, 0]},
            "time_arrays.engagement: not a whole number at index 1 (0.5)",
        ),
        (
            {"billable": [1, 0, 1, 1]},
            "time_arrays.billable: expected booleans, got an array of int64",
        ),
        (
            {"day": ["2026-02-02", "NaT", "2026-02-03", "2026-01-31"]},
            "time_arrays.day: no date (NaT) at index 1",
        ),
        (
            {"rate_from": ["2026-01-01", "2026-03-16"]},
            "time_arrays: rate_person, rate_from, cost_rate and bill_rate differ in length (3, 2, 3, 3)",
        ),
        (
            {"cost_rate": [0, -1, 5000]},
            "time_arrays.cost_rate: a rate is not negative, got -1 at index 1",
        ),
        (
            {"bill_rate": [7000, 1, -5]},
            "time_arrays.bill_rate: a rate is not negative, got -5 at index 2",
        ),
        (
            {"rate_from": ["2026-01-01", "2026-01-01", "2026-01-01"]},
            "time_arrays.rate_from: a person has two rates from the same day",
        ),
        (
            {"rate_from": ["2026-01-01", "2026-03-16", "2026-02-04"]},
            "time_arrays.day: person 1 has no rate on 2026-02-03 (index 2)",
        ),
        (
            {"person": [0, 0, 2, 1]},
            "time_arrays.day: person 2 has no rate on 2026-02-03 (index 2)",
        ),
        (
            {"currency": "EURO"},
            "time_arrays.currency: unknown currency code 'EURO' (expected an ISO 4217 code such as 'EUR')",
        ),
        (
            {
                "day": ["2026-02-02", "2026-02-02", "2026-02-03", "2026-01-31"],
                "hours": [8.0, 16.5, 4.0, 2.25],
            },
            "time_arrays.hours: person 0 has 24.5 hours on 2026-02-02 (the first entry of the day at index 0); a day has 24",
        ),
        (
            {"available": [[1.0, 2.0]]},
            "time_arrays.available: expected a row per person and a column per month (2, 2), got (1, 2)",
        ),
    ],
)
def test_bad_columns_are_refused_where_they_are(change, message):
    with pytest.raises(ValidationError) as caught:
        time_arrays(**columns(**change))
    assert str(caught.value) == message


def test_a_rate_of_zero_is_accepted():
    """Ana at no cost before 16 March: her February costs nothing."""
    seen = time_arrays(**columns(cost_rate=[0, 8000, 5000]))
    assert seen.by_person.cost.tolist() == [[0, 60000], [20000, 0]]


def test_one_entry_of_24_hours_and_one_of_a_hundredth_are_accepted():
    seen = time_arrays(
        **columns(
            day=["2026-02-02", "2026-03-16", "2026-02-03", "2026-02-04"],
            hours=[24.0, 7.5, 0.01, 1.0],
        )
    )
    assert seen.by_person.hours[:, 0].tolist() == [24.0, 1.01]


def test_a_day_of_exactly_24_hours_is_accepted():
    seen = time_arrays(
        **columns(
            day=["2026-02-02", "2026-02-02", "2026-02-03", "2026-01-31"],
            hours=[8.0, 16.0, 4.0, 2.25],
        )
    )
    assert seen.by_person.hours[0].tolist() == [24.0, 0.0]


def test_no_entries_gives_tables_of_zeros():
    seen = time_arrays(
        **columns(
            person=[],
            engagement=[],
            day=np.array([], dtype="datetime64[D]"),
            hours=np.array([]),
            billable=np.array([], dtype=bool),
        )
    )
    assert seen.by_person.hours.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert seen.by_engagement.hours.shape == (0, 2)


def test_the_kernel_stays_exact_past_floats_and_int64():
    """Sums a float cannot hold (above 2**53) and totals an int64 cannot
    (above 2**63) come out exact: the kernel moves to int64 and then to
    Python integers."""
    hours = np.array([2400, 2400, 1], dtype=np.int64)
    big = np.array([2**50, 2**50, 3], dtype=np.int64)
    period = np.array([0, 0, 0])
    group = np.array([0, 0, 0])
    paid = np.array([True, True, False])
    seen = _kernel.sums(
        group, period, hours, paid, (big, big), shape=(1, 1), scales=(1, 1)
    )
    assert int(seen.cost[0, 0]) == 2 * 2400 * 2**50 + 3
    assert int(seen.standard[0, 0]) == 2 * 2400 * 2**50
    huge = np.array([2**62, 2**62, 3], dtype=np.int64)
    seen = _kernel.sums(
        group, period, hours, paid, (huge, huge), shape=(1, 1), scales=(1, 1)
    )
    assert seen.cost.dtype == object
    assert seen.cost[0, 0] == 2 * 2400 * 2**62 + 3
    by_person = _kernel.person_sums(
        np.array([0, 0, 1]),
        period,
        hours,
        paid,
        (np.array([0, 0]), huge[:2], huge[:2]),
        shape=(1, 1),
        scales=(1, 1),
    )
    assert by_person.cost[0, 0] == 4801 * 2**62
    assert by_person.standard[0, 0] == 4800 * 2**62


def _people(rates):
    return [
        Person(
            id=f"p{n}",
            name=f"P{n}",
            role="dev",
            calendar=OFFICE,
            rates=tuple(
                RateChange(
                    effective_from=DAY0 + timedelta(days=offset),
                    cost_rate=Money(Decimal(cost) / 100, "EUR"),
                    bill_rate=Money(Decimal(cost * 2) / 100, "EUR"),
                )
                for offset, cost in changes
            ),
        )
        for n, changes in enumerate(rates)
    ]


@given(
    st.lists(
        st.lists(
            st.tuples(st.integers(0, 60), st.integers(1, 20_000)),
            min_size=1,
            max_size=3,
            unique_by=lambda change: change[0],
        ).map(sorted),
        min_size=1,
        max_size=4,
    ),
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.integers(0, 2),
            st.integers(0, 80),
            st.integers(1, 40),
            st.booleans(),
        ),
        max_size=30,
    ),
)
def test_the_array_path_equals_the_object_path(rates, drawn):
    """Property: for any people, rates and entries, time_arrays gives the
    hours, cost and standard value of monthly_utilisation (by person) and of
    client_pnl (by engagement), to the cent."""
    people = _people(rates)
    first = {n: DAY0 + timedelta(days=changes[0][0]) for n, changes in enumerate(rates)}
    kept, seen_days = [], set()
    for who, where, offset, quarters, paid in drawn:
        day = DAY0 + timedelta(days=offset)
        if who >= len(people) or day < first[who] or (who, day) in seen_days:
            continue
        seen_days.add((who, day))
        kept.append(
            TimeEntry(
                person=f"p{who}",
                engagement=f"E{where}",
                day=day,
                hours=Decimal(quarters) / 4,
                billable=paid,
            )
        )
    arrays = time_arrays(
        person=[int(e.person[1:]) for e in kept],
        engagement=[int(e.engagement[1:]) for e in kept],
        day=np.array([e.day for e in kept], dtype="datetime64[D]"),
        hours=[float(e.hours) for e in kept],
        billable=np.array([e.billable for e in kept], dtype=bool),
        rate_person=[n for n, changes in enumerate(rates) for _ in changes],
        rate_from=np.array(
            [DAY0 + timedelta(days=o) for changes in rates for o, _ in changes],
            dtype="datetime64[D]",
        ),
        cost_rate=[c for changes in rates for _, c in changes],
        bill_rate=[2 * c for changes in rates for _, c in changes],
        currency="EUR",
        period=SPRING,
        available=available_hours(people, period=SPRING),
    )
    lines = monthly_utilisation(people, kept, period=SPRING)
    table = arrays.by_person
    for index, line in enumerate(lines):
        row, column = divmod(index, 2)
        assert table.cost[row, column] == line.cost.to_minor_units()
        assert table.standard_value[row, column] == line.standard_value.to_minor_units()
        assert Decimal(str(table.hours[row, column])) == line.recorded_hours
        assert Decimal(str(table.billable_hours[row, column])) == line.billable_hours
        assert Decimal(str(table.available_hours[row, column])) == line.available_hours
    work = [Engagement(id=f"E{n}", name=f"E{n}", service_line="s") for n in range(3)]
    pnl = client_pnl(work, period=SPRING, people=people, entries=kept)
    rows = arrays.by_engagement.cost.shape[0]
    for line in pnl.lines:
        row = int(line.engagement[1:])
        column = 0 if line.start.month == 2 else 1
        cents = 0 if row >= rows else arrays.by_engagement.cost[row, column]
        assert cents == line.time_cost.to_minor_units()


def test_the_exact_paths_leave_out_entries_outside_the_periods():
    """Hours too fine for int64 (2**70 units) take the Python-integer paths of
    both sums; the second entry (period -1) is outside and counts nowhere.

    By group: 0 in period 0 has 2**70 hours at cost 2 and bill 3, billable;
    1 has 7 billable hours in period 0 (cost 17, bill 29: 119 and 203) and 5
    non-billable in period 1 (cost 13: 65). By person, through the rates
    (rate 0 is person 0's, rates 1 and 2 person 1's), the same figures."""
    hours = np.array([2**70, 3, 5, 7], dtype=object)
    period = np.array([0, -1, 1, 0])
    paid = np.array([True, True, False, True])
    cost = np.array([2, 17, 13, 17], dtype=object)
    bill = np.array([3, 29, 23, 29], dtype=object)
    seen = _kernel.sums(
        np.array([0, 1, 1, 1]),
        period,
        hours,
        paid,
        (cost, bill),
        shape=(2, 2),
        scales=(10, 100),
    )
    expected = {
        "hours": [[2**70, 0], [7, 5]],
        "billable": [[2**70, 0], [7, 0]],
        "cost": [[2**71, 0], [119, 65]],
        "standard": [[3 * 2**70, 0], [203, 0]],
    }
    assert {k: getattr(seen, k).tolist() for k in expected} == expected
    assert (seen.hour_scale, seen.rate_scale) == (10, 100)
    by_person = _kernel.person_sums(
        np.array([0, 1, 2, 1]),
        period,
        hours,
        paid,
        (
            np.array([0, 1, 1]),
            np.array([2, 17, 13], dtype=object),
            np.array([3, 29, 23], dtype=object),
        ),
        shape=(2, 2),
        scales=(10, 100),
    )
    assert {k: getattr(by_person, k).tolist() for k in expected} == expected
    assert (by_person.hour_scale, by_person.rate_scale) == (10, 100)
