"""The numpy paths against plain references: fixed-fee lines, portfolio arrays,
due dates."""

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit import Money, Period, ValidationError, add_months
from accountkit.contracts import (
    FixedFee,
    Frequency,
    Timing,
    billing_arrays,
    billing_schedule,
    due_dates,
    fixed_fee_arrays,
)
from accountkit.contracts._kernel import add_months as add_months_array
from accountkit.contracts._kernel import months_between
from accountkit.money import ROUNDING_MODES
from builders import sow
from reference_billing import reference_fee_lines
from strategies.contracts import contracts, day_spans, lone_fixed_fees, payment_terms
from strategies.core import dates


@settings(max_examples=60)
@given(
    lone_fixed_fees(recurring_only=True),
    day_spans(900),
    st.sampled_from(sorted(ROUNDING_MODES)),
)
def test_fixed_fee_lines_match_the_day_by_day_reference(fee, term, rounding):
    expected = reference_fee_lines(fee, term, rounding)
    lines = billing_schedule(sow([fee], term=term), rounding=rounding)
    assert [
        (line.service_period, line.bill_on, line.amount) for line in lines
    ] == expected


@given(dates(), st.integers(-1200, 1200))
def test_array_month_arithmetic_matches_the_scalar_one(day, months):
    shifted = add_months_array(
        np.array([day], dtype="datetime64[D]"), np.array([months])
    )
    assert shifted[0].astype(object) == add_months(day, months)


@given(dates(), dates())
def test_months_between_brackets_the_day(anchor, day):
    count = int(
        months_between(
            np.array([anchor], dtype="datetime64[D]"),
            np.array([day], dtype="datetime64[D]"),
        )[0]
    )
    assert add_months(anchor, count) <= day < add_months(anchor, count + 1)


@given(payment_terms, st.lists(dates(), min_size=1, max_size=20))
def test_due_dates_match_the_scalar_terms(terms, days):
    vectorized = due_dates(terms, np.array(days, dtype="datetime64[D]"))
    assert [d.astype(object) for d in vectorized] == [terms.due_date(d) for d in days]


@given(st.lists(contracts(max_charges=3), min_size=1, max_size=4), st.booleans())
def test_portfolio_arrays_hold_the_same_lines_as_the_schedules(book, forecast):
    arrays = billing_arrays(book, forecast=forecast)
    expected = [
        (
            index,
            line.charge_id,
            line.service_period.start,
            line.service_period.end,
            line.bill_on,
            line.due_on,
            line.amount,
        )
        for index, contract in enumerate(book)
        for line in billing_schedule(contract, forecast=forecast)
    ]
    actual = [
        (
            int(arrays.contract[i]),
            arrays.charge_id[i],
            arrays.service_start[i].astype(object),
            arrays.service_end[i].astype(object),
            arrays.bill_on[i].astype(object),
            arrays.due_on[i].astype(object),
            Money.from_minor_units(int(arrays.amount_minor[i]), arrays.currency[i]),
        )
        for i in range(len(arrays.contract))
    ]
    assert actual == expected


def test_huge_fees_compute_in_python_integers_without_overflow():
    fee = FixedFee(
        id="fee", amount=Money("900000000000000000", "EUR"), frequency=Frequency.MONTHLY
    )
    term = Period(date(2026, 1, 15), date(2026, 3, 1))
    lines = billing_schedule(sow([fee], term=term))
    assert lines[0].amount == Money("900000000000000000.00", "EUR")
    # 1 Feb to 1 Mar is not a full period from the 15th: 14 of 28 days.
    assert lines[1].amount == Money("450000000000000000.00", "EUR")


@given(
    st.lists(
        st.tuples(dates(), st.integers(1, 900), st.integers(0, 10**9)),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([1, 3, 12]),
    st.booleans(),
    st.booleans(),
)
def test_columns_bill_as_contracts_do(rows, months, advance, aligned):
    frequency = {1: Frequency.MONTHLY, 3: Frequency.QUARTERLY, 12: Frequency.ANNUAL}[
        months
    ]
    book = [
        sow(
            [
                FixedFee(
                    id="fee",
                    amount=Money.from_minor_units(fee, "EUR"),
                    frequency=frequency,
                    timing=Timing.ADVANCE if advance else Timing.ARREARS,
                    calendar_aligned=aligned,
                )
            ],
            term=Period(start, start + timedelta(days=days)),
        )
        for start, days, fee in rows
    ]
    expected = billing_arrays(book)
    columns = fixed_fee_arrays(
        np.array([c.term.start for c in book], dtype="datetime64[D]"),
        np.array([c.term.end for c in book], dtype="datetime64[D]"),
        np.array([fee for _, _, fee in rows], dtype=np.int64),
        months=months,
        advance=advance,
        calendar_aligned=aligned,
    )
    assert columns.contract.tolist() == expected.contract.tolist()
    assert columns.bill_on.tolist() == expected.bill_on.tolist()
    assert columns.service_start.tolist() == expected.service_start.tolist()
    assert columns.amount_minor.tolist() == expected.amount_minor.tolist()


def test_columns_take_a_fee_per_contract_year():
    """A ramp as columns: 100.00 a month in year 1, 120.00 after (last column repeats)."""
    lines = fixed_fee_arrays(
        np.array(["2026-01-01"], dtype="datetime64[D]"),
        np.array(["2029-01-01"], dtype="datetime64[D]"),
        np.array([[10_000, 12_000]], dtype=np.int64),
    )
    assert lines.amount_minor.tolist() == [10_000] * 12 + [12_000] * 24


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        (
            {"end": np.array(["2026-01-01"], dtype="datetime64[D]")},
            r"fixed_fee_arrays\.end\[0\]: the term ends on or before it starts",
        ),
        (
            {"fee_minor": np.array([-1])},
            r"fixed_fee_arrays\.fee_minor: expected whole, non-negative",
        ),
        (
            {"fee_minor": np.array([1.5])},
            r"^fixed_fee_arrays\.fee_minor: not a whole number at index 0 \(1\.5\)$",
        ),
        ({"fee_minor": np.array([1, 2])}, "differ in length"),
        ({"months": 2}, r"months: expected 1, 3 or 12"),
        (
            {"start": np.array(["not a date"])},
            r"fixed_fee_arrays\.start: expected dates",
        ),
        ({"rounding": "HALF"}, "unknown rounding mode 'HALF'"),
    ],
)
def test_columns_are_checked(kwargs, fragment):
    arguments = {
        "start": np.array(["2026-01-01"], dtype="datetime64[D]"),
        "end": np.array(["2027-01-01"], dtype="datetime64[D]"),
        "fee_minor": np.array([100]),
    }
    arguments.update(kwargs)
    with pytest.raises(ValidationError, match=fragment):
        fixed_fee_arrays(**arguments)
