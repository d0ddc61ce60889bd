"""Indexation: fixed fees, rate cards and unit prices reviewed against an index.

The worked case, by hand. A three-year contract from 2025-01-01 bills EUR
10,000.00 a month, reviewed on each anniversary against the index three months
before (lag 3), the change read to a tenth of a percent (3 places), upward
only (floor 0) and at most 5% (cap 0.05):

- base, 2024-10: 130.0;
- review 2026-01-01, index 2025-10: 134.4 / 130.0 - 1 = 3.3846...% -> 3.4%;
  the fee is 10,000.00 x 1.034 = 10,340.00;
- review 2027-01-01, index 2026-10: 143.2 / 134.4 - 1 = 6.5476...% -> 6.5%,
  held to the cap 5%; the fee is 10,000.00 x 1.034 x 1.05 = 10,857.00.

TCV = 12 x (10,000.00 + 10,340.00 + 10,857.00) = 374,364.00.
"""

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import Money, Period, ValidationError
from accountkit.contracts import (
    Contract,
    ContractKind,
    FixedFee,
    Frequency,
    Indexation,
    IndexSeries,
    IndexValue,
    Rate,
    RateCard,
    Tier,
    TimeAndMaterials,
    Unit,
    UnitPrice,
    Usage,
    billing_arrays,
    billing_schedule,
    contract_value,
)

TERM = Period(date(2025, 1, 1), date(2028, 1, 1))


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def cpi(*values: tuple[str, str], assumed: str | None = None) -> IndexSeries:
    return IndexSeries(
        id="cpi",
        name="Consumer prices",
        values=tuple(
            IndexValue(month=date.fromisoformat(month + "-01"), value=value)
            for month, value in values
        ),
        assumed_change=assumed,
    )


PUBLISHED = cpi(("2024-10", "130.0"), ("2025-10", "134.4"), ("2026-10", "143.2"))
CLAUSE = Indexation(index="cpi", lag_months=3, floor="0", cap="0.05", change_places=3)


def contract(*charges, indices=(PUBLISHED,), term=TERM) -> Contract:
    return Contract(
        id="C-1",
        title="Managed service",
        kind=ContractKind.SOW,
        client="northwind",
        currency="EUR",
        term=term,
        signed_on=date(2024, 12, 1),
        charges=charges,
        indices=indices,
    )


def monthly(**more) -> FixedFee:
    fields = {
        "id": "run",
        "amount": eur("10000.00"),
        "frequency": Frequency.MONTHLY,
        "indexation": CLAUSE,
    }
    fields.update(more)
    return FixedFee(**fields)


def test_the_fee_moves_at_each_review_by_the_capped_rounded_change():
    lines = billing_schedule(contract(monthly()))
    by_year = {(line.bill_on.year, line.amount) for line in lines}
    assert by_year == {
        (2025, eur("10000.00")),
        (2026, eur("10340.00")),
        (2027, eur("10857.00")),
    }
    assert len(lines) == 36


def test_each_line_names_the_index_values_it_used():
    lines = billing_schedule(contract(monthly()))
    assert lines[0].basis == "monthly fee EUR 10,000.00"
    assert lines[12].basis == (
        "monthly fee EUR 10,340.00 (EUR 10,000.00 indexed; review 2026-01-01: cpi "
        "2025-10 134.4 over 2024-10 130.0, change 3.3846...%, rounded to 3.4%)"
    )
    assert lines[24].basis == (
        "monthly fee EUR 10,857.00 (EUR 10,000.00 indexed; review 2027-01-01: cpi "
        "2026-10 143.2 over 2025-10 134.4, change 6.5476...%, rounded to 6.5%, "
        "held to the cap 5%)"
    )


def test_tcv_under_the_published_index():
    """12 x (10,000.00 + 10,340.00 + 10,857.00) = 374,364.00."""
    assert contract_value(contract(monthly())).tcv == eur("374364.00")


def test_tcv_under_a_stated_assumption_where_the_index_is_not_published():
    """2026-10 unpublished, 2% assumed: 10,000 x 1.034 x 1.02 = 10,546.80;
    TCV = 12 x (10,000.00 + 10,340.00 + 10,546.80) = 370,641.60."""
    assumed = cpi(("2024-10", "130.0"), ("2025-10", "134.4"), assumed="0.02")
    value = contract_value(contract(monthly(), indices=(assumed,)))
    assert value.tcv == eur("370641.60")
    last = billing_schedule(contract(monthly(), indices=(assumed,)))[-1]
    assert last.basis.endswith(
        "review 2027-01-01: cpi 2026-10 not published, assumed change 2%)"
    )


def test_a_review_without_its_index_value_or_an_assumption_is_refused():
    partial = cpi(("2024-10", "130.0"), ("2025-10", "134.4"))
    with pytest.raises(ValidationError) as caught:
        billing_schedule(contract(monthly(), indices=(partial,)))
    assert str(caught.value) == (
        "Indexation.index: cpi has no value for 2026-10 (the review on 2027-01-01) "
        "and no assumed change; give the value or state an assumption "
        "(IndexSeries.assumed_change)"
    )


def test_the_base_month_must_be_published():
    late = cpi(("2025-10", "134.4"), ("2026-10", "143.2"))
    with pytest.raises(ValidationError) as caught:
        billing_schedule(contract(monthly(), indices=(late,)))
    assert str(caught.value) == (
        "Indexation.index: cpi has no value for 2024-10, the base month of the "
        "price reviews"
    )


def test_the_floor_holds_a_falling_index():
    """Index 130.0 -> 127.4 (-2%): upward only, the fee stays 10,000.00; without
    the floor it falls to 9,800.00."""
    falling = cpi(("2024-10", "130.0"), ("2025-10", "127.4"), ("2026-10", "127.4"))
    floored = billing_schedule(contract(monthly(), indices=(falling,)))
    assert floored[12].amount == eur("10000.00")
    assert floored[12].basis.endswith("change -2%, raised to the floor 0%)")
    free = monthly(indexation=attrs.evolve(CLAUSE, floor=None))
    assert billing_schedule(contract(free, indices=(falling,)))[12].amount == eur(
        "9800.00"
    )


def test_the_exact_change_is_kept_without_change_places():
    """10,000 x 134.4/130 = 10,338.4615... -> 10,338.46."""
    exact = monthly(indexation=attrs.evolve(CLAUSE, change_places=None))
    assert billing_schedule(contract(exact))[12].amount == eur("10338.46")


def test_a_fixed_review_date_splits_the_period_it_falls_in():
    """Quarterly EUR 9,000.00 from 2025-01-01, reviewed every 15 February from
    2025 (lag 1: the index for January over the January before). Q1 2025 bills
    45 days (1 Jan - 14 Feb) at 9,000.00 and 45 days at 9,000 x 1.05 =
    9,450.00, of 90: 4,500.00 + 4,725.00 = 9,225.00."""
    series = IndexSeries(
        id="cpi",
        values=(
            IndexValue(month=date(2024, 1, 1), value="100"),
            IndexValue(month=date(2025, 1, 1), value="105"),
        ),
        assumed_change="0",
    )
    fee = FixedFee(
        id="q",
        amount=eur("9000.00"),
        frequency=Frequency.QUARTERLY,
        indexation=Indexation(index="cpi", review_on=date(2025, 2, 15), lag_months=1),
    )
    lines = billing_schedule(
        contract(
            fee, indices=(series,), term=Period(date(2025, 1, 1), date(2025, 7, 1))
        )
    )
    assert [(line.service_period.start, line.amount) for line in lines] == [
        (date(2025, 1, 1), eur("4500.00")),
        (date(2025, 2, 15), eur("4725.00")),
        (date(2025, 4, 1), eur("9450.00")),
    ]


def test_a_rate_card_is_indexed_and_rounded_to_the_minor_unit():
    """EUR 150.00 a day x 1.034 = 155.10; 10 days in February 2026 = 1,551.00."""
    card = RateCard(
        rates=(
            Rate(
                role="architect",
                unit=Unit.DAY,
                price=eur("150.00"),
                effective_from=TERM.start,
            ),
        )
    )
    charge = TimeAndMaterials(id="tm", rate_card=card, indexation=CLAUSE)
    usage = [
        Usage(
            charge_id="tm",
            period=Period.month(2025, 11),
            quantity="10",
            role="architect",
        ),
        Usage(
            charge_id="tm",
            period=Period.month(2026, 2),
            quantity="10",
            role="architect",
        ),
    ]
    lines = billing_schedule(contract(charge), usage=usage)
    assert [line.amount for line in lines] == [eur("1500.00"), eur("1551.00")]
    assert lines[1].basis.startswith(
        "10 days of architect at EUR 155.10 (EUR 150.00 indexed; review 2026-01-01:"
    )
    straddling = Usage(
        charge_id="tm",
        period=Period(date(2025, 12, 15), date(2026, 1, 15)),
        quantity="10",
        role="architect",
    )
    with pytest.raises(ValidationError) as caught:
        billing_schedule(contract(charge), usage=[straddling])
    assert str(caught.value) == (
        "billing_schedule.usage[0].period: the rate for 'architect' changes on "
        "2026-01-01, inside this usage period; split the usage at that date"
    )


def test_a_unit_price_and_its_minimum_are_indexed():
    """1,000 tickets at EUR 2.00 in March 2026: 2,000.00 x 1.034 = 2,068.00; a
    month with no usage bills the minimum 500.00 x 1.034 = 517.00."""
    charge = UnitPrice(
        id="tickets",
        tiers=(Tier(up_to=None, unit_price=eur("2.00")),),
        unit="ticket",
        minimum=eur("500.00"),
        indexation=CLAUSE,
    )
    usage = [Usage(charge_id="tickets", period=Period.month(2026, 3), quantity="1000")]
    lines = {
        line.service_period.start: line
        for line in billing_schedule(contract(charge), usage=usage)
    }
    assert lines[date(2026, 3, 1)].amount == eur("2068.00")
    assert lines[date(2026, 3, 1)].basis.startswith(
        "1000 tickets priced graduated (indexed; review 2026-01-01:"
    )
    assert lines[date(2026, 4, 1)].amount == eur("517.00")
    assert lines[date(2025, 4, 1)].amount == eur("500.00")


@given(
    st.decimals(min_value="50", max_value="500", places=1),
    st.sampled_from([None, 0, 3]),
    st.integers(0, 6),
)
def test_an_index_that_does_not_move_changes_nothing(level, places, lag):
    """Property: with every index value equal, the schedule is the unindexed one."""
    months = [date(y, m, 1) for y in range(2024, 2028) for m in range(1, 13)]
    flat = IndexSeries(
        id="cpi", values=tuple(IndexValue(month=m, value=level) for m in months)
    )
    clause = Indexation(index="cpi", lag_months=lag, change_places=places)
    indexed = billing_schedule(contract(monthly(indexation=clause), indices=(flat,)))
    plain = billing_schedule(contract(monthly(indexation=None), indices=()))
    assert [(x.service_period, x.bill_on, x.amount) for x in indexed] == [
        (x.service_period, x.bill_on, x.amount) for x in plain
    ]


def test_the_batch_path_bills_the_indexed_fees():
    arrays = billing_arrays([contract(monthly())])
    assert int(arrays.amount_minor.sum()) == 37436400


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: contract(monthly(indexation=attrs.evolve(CLAUSE, index="rpi"))),
            (
                "Contract.charges[0].indexation.index: no index 'rpi' among the "
                "contract's indices (known: ['cpi'])"
            ),
        ),
        (
            lambda: contract(monthly(), indices=(PUBLISHED, PUBLISHED)),
            "Contract.indices[1].id: id 'cpi' is used twice (indices[0] and here)",
        ),
        (
            lambda: monthly(escalation_rate="0.03"),
            (
                "FixedFee.indexation: a fee escalates by a fixed rate or by an index, not "
                "both; leave one null"
            ),
        ),
        (
            lambda: monthly(frequency=Frequency.ONE_TIME),
            "FixedFee.indexation: a one-time fee does not escalate; leave it null",
        ),
        (
            lambda: Indexation(index="cpi", floor="0.05", cap="0.02"),
            "Indexation.floor: the floor 0.05 is above the cap 0.02",
        ),
        (
            lambda: Indexation(index="cpi", lag_months=25),
            "Indexation.lag_months: a lag of at most 24 months, got 25",
        ),
        (
            lambda: Indexation(index="cpi", change_places=7),
            "Indexation.change_places: at most 6 decimal places, got 7",
        ),
        (
            lambda: IndexValue(month=date(2025, 1, 2), value="100"),
            (
                "IndexValue.month: an index value is for a month: give its first day, "
                "got 2025-01-02"
            ),
        ),
        (
            lambda: IndexValue(month=date(2025, 1, 1), value="0"),
            "IndexValue.value: an index value is above 0, got 0",
        ),
        (
            lambda: cpi(("2025-02", "100"), ("2025-01", "101")),
            (
                "IndexSeries.values[1].month: 2025-01-01 follows 2025-02-01: months go in "
                "ascending order, each once"
            ),
        ),
        (
            lambda: cpi(("2025-01", "100"), ("2025-01", "101")),
            (
                "IndexSeries.values[1].month: 2025-01-01 follows 2025-01-01: months go in "
                "ascending order, each once"
            ),
        ),
        (
            lambda: cpi(("2025-01", "100"), assumed="1.5"),
            (
                "IndexSeries.assumed_change: must be at least -0.5 and at most 1 (a "
                "yearly change, 0.02 for 2%), got 1.5"
            ),
        ),
    ],
)
def test_bad_indexation_is_refused_where_it_is(make, message):
    with pytest.raises(ValidationError) as caught:
        make()
    assert str(caught.value) == message


def test_the_defaults_are_anniversary_reviews_without_lag_floor_cap_or_rounding():
    clause = Indexation(index="cpi")
    assert (
        clause.review_on,
        clause.lag_months,
        clause.floor,
        clause.cap,
        clause.change_places,
    ) == (None, 0, None, None, None)
    assert (
        PUBLISHED.value_for(date(2025, 10, 1)),
        PUBLISHED.value_for(date(2025, 9, 1)),
    ) == (
        Decimal("134.4"),
        None,
    )


def test_a_published_value_after_an_assumed_one_is_measured_against_the_assumption():
    """2025-10 is not published (2% assumed: 130.0 x 1.02 = 132.6); 2026-10 is
    135.252, so the next change is 135.252 / 132.6 - 1 = 2% exactly. No cap:
    10,000 x 1.02 = 10,200.00, then x 1.02 = 10,404.00."""
    gap = cpi(("2024-10", "130.0"), ("2026-10", "135.252"), assumed="0.02")
    clause = Indexation(index="cpi", lag_months=3)
    lines = billing_schedule(contract(monthly(indexation=clause), indices=(gap,)))
    assert [str(line.amount) for line in lines[::12]] == [
        "EUR 10,000.00",
        "EUR 10,200.00",
        "EUR 10,404.00",
    ]
    assert lines[24].basis.endswith(
        "review 2027-01-01: cpi 2026-10 135.252 over 2025-10 132.6, change 2%)"
    )


def test_a_change_exactly_at_the_floor_or_the_cap_is_not_said_to_be_held():
    """A flat index: 0% is the floor itself. 130.0 -> 136.5 is 5%, the cap
    itself: the words say the change, no more."""
    flat = cpi(("2024-10", "130.0"), ("2025-10", "130.0"), ("2026-10", "136.5"))
    lines = billing_schedule(contract(monthly(), indices=(flat,)))
    assert lines[12].basis.endswith("2025-10 130.0 over 2024-10 130.0, change 0%)")
    assert lines[24].basis.endswith("2026-10 136.5 over 2025-10 130.0, change 5%)")
    assert lines[24].amount == eur("10500.00")


def test_the_edges_of_an_indexation_clause_are_accepted():
    clause = Indexation(
        index="cpi", lag_months=24, change_places=6, floor="0.03", cap="0.03"
    )
    assert (clause.lag_months, clause.change_places, clause.floor) == (
        24,
        6,
        clause.cap,
    )
    assert IndexValue(month=date(2025, 1, 1), value="0.5").value == Decimal("0.5")
