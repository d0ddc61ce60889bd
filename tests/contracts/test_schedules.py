import functools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import Money, Period, ValidationError, add_months
from accountkit.contracts import (
    ChangeRequest,
    ChangeStatus,
    FixedFee,
    Frequency,
    Milestone,
    PaymentTerms,
    Rate,
    RateCard,
    Tier,
    TimeAndMaterials,
    Timing,
    Unit,
    UnitPrice,
    Usage,
    billing_schedule,
    contract_value,
    contract_years,
)
from builders import eur, sow
from strategies.contracts import contracts, day_spans, lone_fixed_fees, money_in

make = functools.partial(sow, term=Period.year(2026))


def monthly(amount: str = "1000", **kwargs) -> FixedFee:
    return FixedFee(id="run", amount=eur(amount), frequency=Frequency.MONTHLY, **kwargs)


def summary(lines):
    return [
        (str(line.service_period.start), str(line.bill_on), str(line.amount.amount))
        for line in lines
    ]


# --- fixed fees ------------------------------------------------------------------


def test_monthly_in_advance_bills_on_the_first_day_of_each_month():
    lines = billing_schedule(make([monthly()], term=Period.quarter(2026, 1)))
    assert summary(lines) == [
        ("2026-01-01", "2026-01-01", "1000.00"),
        ("2026-02-01", "2026-02-01", "1000.00"),
        ("2026-03-01", "2026-03-01", "1000.00"),
    ]


def test_in_arrears_bills_on_the_day_after_the_period():
    lines = billing_schedule(
        make([monthly(timing=Timing.ARREARS)], term=Period.quarter(2026, 1))
    )
    assert [str(line.bill_on) for line in lines] == [
        "2026-02-01",
        "2026-03-01",
        "2026-04-01",
    ]


def test_periods_count_from_the_term_start_by_anchor_not_by_chaining():
    # A term starting on 31 January bills on the 31st, or the month's last day:
    # Jan 31, Feb 29 (2024), Mar 31 - not Mar 29 as chained steps would give.
    term = Period(date(2024, 1, 31), date(2024, 4, 30))
    lines = billing_schedule(make([monthly()], term=term))
    assert [str(line.bill_on) for line in lines] == [
        "2024-01-31",
        "2024-02-29",
        "2024-03-31",
    ]


def test_partial_last_period_is_prorated_by_actual_days():
    """Term 21 Jan - 1 Apr 2026, monthly from the 21st: the last period, 21 Mar to
    21 Apr, has 31 days of which 11 are in the term: 3,100.00 x 11/31 = 1,100.00."""
    term = Period(date(2026, 1, 21), date(2026, 4, 1))
    lines = billing_schedule(make([monthly("3100.00")], term=term))
    assert summary(lines)[-1] == ("2026-03-21", "2026-03-21", "1100.00")
    assert lines[-1].basis == "monthly fee EUR 3,100.00 x 11/31 days"


def test_calendar_aligned_fee_prorates_the_first_calendar_month():
    """Starting 15 Jan: 17 of January's 31 days, 1,000.00 x 17/31 = 548.387 -> 548.39."""
    term = Period(date(2026, 1, 15), date(2026, 3, 1))
    lines = billing_schedule(make([monthly(calendar_aligned=True)], term=term))
    assert summary(lines) == [
        ("2026-01-15", "2026-01-15", "548.39"),
        ("2026-02-01", "2026-02-01", "1000.00"),
    ]


def test_quarterly_and_annual_fees():
    term = Period(date(2026, 1, 1), date(2028, 1, 1))
    quarterly = FixedFee(id="q", amount=eur("300"), frequency=Frequency.QUARTERLY)
    annual = FixedFee(id="a", amount=eur("1200"), frequency=Frequency.ANNUAL)
    lines = billing_schedule(make([quarterly, annual], term=term))
    assert [line.bill_on for line in lines if line.charge_id == "q"] == [
        date(2026, 1, 1),
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2027, 1, 1),
        date(2027, 4, 1),
        date(2027, 7, 1),
        date(2027, 10, 1),
    ]
    assert [str(line.amount) for line in lines if line.charge_id == "a"] == [
        "EUR 1,200.00"
    ] * 2


def test_escalation_applies_on_each_anniversary():
    """1,000.00 a month with 3% a year: year 2 bills 1,030.00, year 3 1,060.90."""
    term = Period(date(2026, 1, 1), date(2029, 1, 1))
    lines = billing_schedule(make([monthly(escalation_rate="0.03")], term=term))
    amounts = {(line.bill_on.year, line.amount.amount) for line in lines}
    assert amounts == {
        (2026, Decimal("1000.00")),
        (2027, Decimal("1030.00")),
        (2028, Decimal("1060.90")),
    }
    assert "contract year 3" in lines[-1].basis


def test_a_period_crossing_an_anniversary_bills_each_side_at_its_rate():
    """Quarterly calendar-aligned, term from 15 Jan 2026, 10% escalation. Q1 2027
    (90 days) has 14 days before the anniversary at 900.00 and 76 after at 990.00:
    V(15 Jan) = 900 x 14/90 = 140.00; V(1 Apr) = 140 + 990 x 76/90 = 976.00;
    lines 140.00 and 836.00, together the 976.00 the quarter is worth."""
    term = Period(date(2026, 1, 15), date(2027, 4, 1))
    fee = FixedFee(
        id="q",
        amount=eur("900"),
        frequency=Frequency.QUARTERLY,
        calendar_aligned=True,
        escalation_rate="0.10",
    )
    lines = billing_schedule(make([fee], term=term))
    last_quarter = [line for line in lines if line.bill_on == date(2027, 1, 1)]
    assert summary(last_quarter) == [
        ("2027-01-01", "2027-01-01", "140.00"),
        ("2027-01-15", "2027-01-01", "836.00"),
    ]


def test_one_time_fee_bills_once_in_full():
    setup = FixedFee(id="setup", amount=eur("25000"), frequency=Frequency.ONE_TIME)
    arrears = FixedFee(
        id="exit",
        amount=eur("500"),
        frequency=Frequency.ONE_TIME,
        timing=Timing.ARREARS,
    )
    lines = billing_schedule(make([setup, arrears]))
    assert summary(lines) == [
        ("2026-01-01", "2026-01-01", "25000.00"),
        ("2026-01-01", "2027-01-01", "500.00"),
    ]


def test_due_dates_follow_the_payment_terms():
    contract = make(
        [monthly()], term=Period.month(2026, 1), payment_terms=PaymentTerms.net(45)
    )
    (line,) = billing_schedule(contract)
    assert line.due_on == date(2026, 2, 15)


def test_period_filter_keeps_lines_billed_inside_it():
    lines = billing_schedule(make([monthly()]), period=Period.quarter(2026, 2))
    assert [line.bill_on.month for line in lines] == [4, 5, 6]


def test_a_replaced_fee_bills_the_old_price_before_and_the_new_after():
    """Replaced from 16 March: March has 31 days; old 1,000.00 x 15/31 = 483.87;
    new 1,100.00: V(16 Mar) = 1,100 x 15/31 = 532.26, V(1 Apr) = 1,100.00, so the
    new version bills 567.74."""
    change = ChangeRequest(
        id="CR-1",
        raised_on=date(2026, 3, 1),
        status=ChangeStatus.APPROVED,
        effective_on=date(2026, 3, 16),
        replace=(monthly("1100"),),
    )
    lines = billing_schedule(
        make([monthly()], term=Period.quarter(2026, 1), changes=[change])
    )
    assert summary(lines) == [
        ("2026-01-01", "2026-01-01", "1000.00"),
        ("2026-02-01", "2026-02-01", "1000.00"),
        ("2026-03-01", "2026-03-01", "483.87"),
        ("2026-03-16", "2026-03-16", "567.74"),
    ]


# --- milestones -------------------------------------------------------------------


def test_milestones_bill_on_acceptance_or_for_a_forecast_on_the_planned_date():
    done = Milestone(
        id="m1",
        amount=eur("5000"),
        planned_on=date(2026, 3, 1),
        accepted_on=date(2026, 3, 9),
    )
    open_ = Milestone(id="m2", amount=eur("7000"), planned_on=date(2026, 6, 30))
    contract = make([done, open_])
    assert summary(billing_schedule(contract)) == [
        ("2026-03-09", "2026-03-09", "5000.00")
    ]
    forecast = billing_schedule(contract, forecast=True)
    assert [(line.charge_id, str(line.bill_on)) for line in forecast] == [
        ("m1", "2026-03-09"),
        ("m2", "2026-06-30"),
    ]


# --- time and materials --------------------------------------------------------------


CARD = RateCard(
    (
        Rate(
            role="engineer",
            unit=Unit.HOUR,
            price=eur("100"),
            effective_from=date(2026, 1, 1),
        ),
        Rate(
            role="engineer",
            unit=Unit.HOUR,
            price=eur("110"),
            effective_from=date(2026, 7, 1),
        ),
        Rate(
            role="architect",
            unit=Unit.DAY,
            price=eur("1200"),
            effective_from=date(2026, 1, 1),
        ),
    )
)


def hours(role: str, month: int, quantity: str, charge_id: str = "tm") -> Usage:
    return Usage(
        charge_id=charge_id,
        period=Period.month(2026, month),
        quantity=quantity,
        role=role,
    )


def test_time_and_materials_bills_usage_at_the_rate_in_effect():
    contract = make([TimeAndMaterials(id="tm", rate_card=CARD)])
    usage = [
        hours("engineer", 6, "10"),
        hours("engineer", 7, "10"),
        hours("architect", 7, "2.5"),
    ]
    lines = billing_schedule(contract, usage=usage)
    assert [
        (line.bill_on.isoformat(), str(line.amount.amount), line.basis)
        for line in lines
    ] == [
        ("2026-07-01", "1000.00", "10 hours of engineer at EUR 100.00"),
        ("2026-08-01", "1100.00", "10 hours of engineer at EUR 110.00"),
        ("2026-08-01", "3000.00", "2.5 days of architect at EUR 1,200.00"),
    ]


def test_time_and_materials_stops_at_the_cap():
    contract = make([TimeAndMaterials(id="tm", rate_card=CARD, cap=eur("1500"))])
    usage = [
        hours("engineer", 1, "10"),
        hours("engineer", 2, "10"),
        hours("engineer", 3, "5"),
    ]
    lines = billing_schedule(contract, usage=usage)
    assert [str(line.amount.amount) for line in lines] == ["1000.00", "500.00", "0.00"]
    assert "cut from EUR 1,000.00 to the cap of EUR 1,500.00" in lines[1].basis


def test_usage_straddling_a_rate_change_must_be_split():
    contract = make([TimeAndMaterials(id="tm", rate_card=CARD)])
    usage = [
        Usage(
            charge_id="tm",
            period=Period(date(2026, 6, 15), date(2026, 7, 15)),
            quantity=5,
            role="engineer",
        )
    ]
    with pytest.raises(
        ValidationError,
        match=r"billing_schedule\.usage\[0\]\.period: the rate for 'engineer' changes on 2026-07-01",
    ):
        billing_schedule(contract, usage=usage)


@pytest.mark.parametrize(
    ("usage", "fragment"),
    [
        (
            [hours("engineer", 1, "1", charge_id="nope")],
            r"usage\[0\]\.charge_id: no charge 'nope'",
        ),
        (
            [Usage(charge_id="tm", period=Period.month(2026, 1), quantity=1)],
            r"usage\[0\]\.role: time and materials usage needs the role",
        ),
        ([hours("qa", 1, "1")], r"usage\[0\]\.role: no rate for 'qa'"),
        (
            [Usage(charge_id="run", period=Period.month(2026, 1), quantity=1)],
            r"usage\[0\]\.charge_id: charge 'run' is a FixedFee",
        ),
        (
            [
                Usage(
                    charge_id="tm",
                    period=Period(date(2026, 12, 1), date(2027, 1, 2)),
                    quantity=1,
                    role="engineer",
                )
            ],
            r"usage\[0\]\.period: .* is not within one window",
        ),
    ],
)
def test_bad_usage_is_named_with_its_position(usage, fragment):
    contract = make([TimeAndMaterials(id="tm", rate_card=CARD), monthly()])
    with pytest.raises(ValidationError, match=fragment):
        billing_schedule(contract, usage=usage)


def test_usage_quantity_must_not_be_negative():
    with pytest.raises(ValidationError, match=r"Usage\.quantity: must not be negative"):
        Usage(
            charge_id="tm", period=Period.month(2026, 1), quantity=-1, role="engineer"
        )


# --- unit prices ------------------------------------------------------------------------


TICKETS = UnitPrice(
    id="tickets",
    tiers=(
        Tier(up_to=100, unit_price=eur("10")),
        Tier(up_to=None, unit_price=eur("8")),
    ),
    unit="ticket",
    minimum=eur("900"),
)


def tickets(month: int, quantity: int) -> Usage:
    return Usage(
        charge_id="tickets", period=Period.month(2026, month), quantity=quantity
    )


def test_unit_price_bills_the_period_usage_or_the_minimum():
    """Jan 150 tickets: 100 x 10 + 50 x 8 = 1,400.00. Feb 50 tickets: 500.00, below
    the 900.00 minimum, so 900.00. Mar nothing reported: the minimum, 900.00."""
    contract = make([TICKETS], term=Period.quarter(2026, 1))
    lines = billing_schedule(contract, usage=[tickets(1, 150), tickets(2, 50)])
    assert [(str(line.bill_on), str(line.amount.amount)) for line in lines] == [
        ("2026-02-01", "1400.00"),
        ("2026-03-01", "900.00"),
        ("2026-04-01", "900.00"),
    ]
    assert (
        lines[1].basis
        == "50 tickets priced graduated; minimum commitment EUR 900.00 applies"
    )
    assert lines[2].basis == "no usage; minimum commitment EUR 900.00 applies"


def test_unit_usage_within_a_period_is_summed_before_pricing():
    """Two half-month records of 60 tickets: 120 in January, priced together through
    the tiers: 100 x 10 + 20 x 8 = 1,160.00 (not 2 x 600.00)."""
    first = Usage(
        charge_id="tickets",
        period=Period(date(2026, 1, 1), date(2026, 1, 16)),
        quantity=60,
    )
    second = Usage(
        charge_id="tickets",
        period=Period(date(2026, 1, 16), date(2026, 2, 1)),
        quantity=60,
    )
    lines = billing_schedule(
        make([TICKETS], term=Period.month(2026, 1)), usage=[first, second]
    )
    assert [str(line.amount.amount) for line in lines] == ["1160.00"]


def test_unit_usage_straddling_a_billing_period_must_be_split():
    straddle = Usage(
        charge_id="tickets",
        period=Period(date(2026, 1, 20), date(2026, 2, 10)),
        quantity=5,
    )
    with pytest.raises(
        ValidationError,
        match=r"usage\[0\]\.period: straddles the billing period ending 2026-02-01",
    ):
        billing_schedule(
            make([TICKETS], term=Period.quarter(2026, 1)), usage=[straddle]
        )


# --- properties --------------------------------------------------------------------------


@given(lone_fixed_fees(), day_spans(1500))
def test_schedule_total_equals_tcv_for_fixed_fee_contracts(fee, term):
    contract = make([fee], term=term)
    total = Money.total(
        (line.amount for line in billing_schedule(contract)), currency="EUR"
    )
    value = contract_value(contract)
    assert total == value.tcv
    assert Money.total((y.total for y in value.years), currency="EUR") == value.tcv


@given(
    money_in("EUR", max_units=10**8),
    st.integers(1, 60),
    st.sampled_from([Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL]),
)
def test_whole_periods_bill_the_fee_exactly_n_times(amount, periods, frequency):
    months = frequency.months or 12
    start = date(2026, 1, 31)
    term = Period(start, add_months(start, periods * months))
    fee = FixedFee(id="fee", amount=amount, frequency=frequency)
    lines = billing_schedule(make([fee], term=term))
    assert len(lines) == periods
    assert all(line.amount == amount.rounded() for line in lines)


@given(lone_fixed_fees(recurring_only=True), day_spans(1500), st.data())
def test_splitting_a_fee_by_a_change_never_creates_or_loses_a_minor_unit(
    fee, term, data
):
    """Replacing a fee by the same fee on any day leaves the total billed unchanged:
    the pieces of every billing period add up to exactly what the period bills."""
    day = data.draw(
        st.dates(min_value=term.start, max_value=term.end - timedelta(days=1))
    )
    same = ChangeRequest(
        id="CR",
        raised_on=term.start,
        status=ChangeStatus.APPROVED,
        effective_on=day,
        replace=(fee,),
    )
    whole = billing_schedule(make([fee], term=term))
    split = billing_schedule(make([fee], term=term, changes=[same]))
    total = Money.total((line.amount for line in whole), currency="EUR")
    assert Money.total((line.amount for line in split), currency="EUR") == total


@given(contracts(currency="EUR"), st.data())
def test_period_filters_partition_the_schedule(contract, data):
    lines = billing_schedule(contract, forecast=True)
    if not lines:
        return
    cut = data.draw(
        st.dates(
            min_value=lines[0].bill_on, max_value=lines[-1].bill_on + timedelta(days=1)
        )
    )
    low, high = date(1, 1, 1), date(9999, 12, 31)
    before = (
        billing_schedule(contract, forecast=True, period=Period(low, cut))
        if cut > low
        else ()
    )
    after = billing_schedule(contract, forecast=True, period=Period(cut, high))
    assert before + after == lines


@given(contracts(currency="EUR"))
def test_contract_years_cover_the_term_and_values_add_up(contract):
    amended = contract.amended()
    years = contract_years(amended.term)
    assert years[0].start == amended.term.start
    assert years[-1].end == amended.term.end
    assert sum(y.days for y in years) == amended.term.days
    value = contract_value(contract)
    assert Money.total((y.total for y in value.years), currency="EUR") == value.tcv
    assert value.tcv == value.recurring + value.one_time
    counted = [c.value for c in value.charges if c.value is not None]
    assert Money.total(counted, currency="EUR") == value.tcv
    assert value.without_value == tuple(
        c.charge_id for c in value.charges if c.value is None
    )
