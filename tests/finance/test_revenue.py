import re
from datetime import date
from decimal import Decimal
from statistics import NormalDist

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, Period, ValidationError
from accountkit.contracts import (
    ChangeRequest,
    ChangeStatus,
    Contract,
    ContractKind,
    FixedFee,
    Frequency,
    Milestone,
    Tier,
    UnitPrice,
    Usage,
    billing_schedule,
)
from accountkit.finance import (
    CreditNote,
    Invoice,
    attainment,
    billed_by_period,
    contracted_by_period,
    revenue_variance,
)
from builders import monthly
from strategies.contracts import contracts

MONTHS_2026 = [Period.month(2026, m) for m in range(1, 13)]


def eur(amount: str | int) -> Money:
    return Money(amount, "EUR")


def bill(number: str, day: date, amount: int | str, contract_id: str | None = "C-1"):
    return Invoice(
        id=number,
        customer="acme",
        issued_on=day,
        amount=eur(amount),
        due_on=day,
        contract_id=contract_id,
    )


# --- contracted and billed ---------------------------------------------------------------


def test_contracted_revenue_follows_the_change_requests():
    """1,000 a month, raised to 1,100 from 1 July by an approved change."""
    raise_fee = ChangeRequest(
        id="CR-1",
        raised_on=date(2026, 5, 10),
        status=ChangeStatus.APPROVED,
        effective_on=date(2026, 7, 1),
        replace=(FixedFee(id="run", amount=eur(1100), frequency=Frequency.MONTHLY),),
    )
    contract = monthly("C-1", 1000, Period.year(2026), changes=(raise_fee,))
    figures = contracted_by_period(
        contract, [Period.month(2026, 6), Period.month(2026, 7)]
    )
    assert figures == (eur(1000), eur(1100))
    assert contracted_by_period(contract, Period.year(2026)) == (eur(12600),)


def test_billed_revenue_nets_credit_notes_and_keeps_to_its_contracts():
    """Jan: 1,000 on C-1, 400 on C-2, 50 credited on C-1's invoice in Feb."""
    invoices = [
        bill("I-1", date(2026, 1, 5), 1000),
        bill("I-2", date(2026, 1, 9), 400, contract_id="C-2"),
    ]
    note = CreditNote(
        id="CN-1",
        customer="acme",
        issued_on=date(2026, 2, 3),
        amount=eur(50),
        invoice_id="I-1",
    )
    months = MONTHS_2026[:2]
    everything = billed_by_period(invoices, months, credit_notes=[note], currency="EUR")
    only_one = billed_by_period(
        invoices, months, credit_notes=[note], contract_ids=["C-1"], currency="EUR"
    )
    assert everything == (eur(1400), eur(-50))
    assert only_one == (eur(1000), eur(-50))


def test_a_day_counts_in_the_period_it_falls_in_and_nowhere_between_periods():
    """January, then March and April: each bill lands by its day, the first
    and last days of a period inside it, the days of the gap (February) and
    outside every period in none. Contracted revenue lands the same way."""
    periods = [Period.month(2026, 1), Period.month(2026, 3), Period.month(2026, 4)]
    days_amounts = [
        (date(2025, 12, 31), 1),  # before the first period
        (date(2026, 1, 1), 10),  # its first day
        (date(2026, 1, 31), 100),  # its last day
        (date(2026, 2, 1), 1_000),  # the gap
        (date(2026, 2, 28), 10_000),  # the gap's last day
        (date(2026, 3, 1), 100_000),
        (date(2026, 3, 31), 1_000_000),
        (date(2026, 4, 1), 10_000_000),
        (date(2026, 4, 30), 100_000_000),
        (date(2026, 5, 1), 1_000_000_000),  # after the last
    ]
    invoices = [
        bill(f"I-{n}", day, amount) for n, (day, amount) in enumerate(days_amounts)
    ]
    assert billed_by_period(invoices, periods, currency="EUR") == (
        eur(110),
        eur(1_100_000),
        eur(110_000_000),
    )
    contract = monthly("C-1", 1000, Period(date(2025, 12, 1), date(2026, 6, 1)))
    assert contracted_by_period(contract, periods) == (eur(1000), eur(1000), eur(1000))


def test_contracted_revenue_of_every_kind_of_charge_by_hand():
    """Q1 2026: a monthly fee of 1,000; a one-time set-up fee of 250 (in advance:
    1 Jan); tickets at 10 each up to 100 and 8 beyond, at least 900 a month, in
    arrears (Jan 150 tickets: 1,000 + 400 = 1,400 on 1 Feb; Feb 50 tickets: 500,
    below the minimum, so 900 on 1 Mar; Mar none reported: 900 on 1 Apr); a
    milestone of 2,000 accepted on 15 Feb and one of 3,000 planned for 20 Mar,
    not accepted. Only the ticket usage counts (a record of another charge is
    not this contract's).

    Jan 1,000 + 250 = 1,250; Feb 1,000 + 1,400 + 2,000 = 4,400; Mar 1,000 +
    900 (+ 3,000 when forecast) = 1,900 or 4,900; Apr 900.
    """
    tickets = UnitPrice(
        id="tickets",
        tiers=(
            Tier(up_to=100, unit_price=eur(10)),
            Tier(up_to=None, unit_price=eur(8)),
        ),
        unit="ticket",
        minimum=eur(900),
    )
    charges = (
        FixedFee(id="run", amount=eur(1000), frequency=Frequency.MONTHLY),
        FixedFee(id="setup", amount=eur(250), frequency=Frequency.ONE_TIME),
        tickets,
        Milestone(
            id="m1",
            amount=eur(2000),
            planned_on=date(2026, 2, 10),
            accepted_on=date(2026, 2, 15),
        ),
        Milestone(id="m2", amount=eur(3000), planned_on=date(2026, 3, 20)),
    )
    contract = attrs.evolve(
        monthly("C-1", term=Period.quarter(2026, 1)), charges=charges
    )
    usage = [
        Usage(charge_id="tickets", period=Period.month(2026, 1), quantity=150),
        Usage(charge_id="tickets", period=Period.month(2026, 2), quantity=50),
        Usage(charge_id="elsewhere", period=Period.month(2026, 2), quantity=7),
    ]
    months = [Period.month(2026, m) for m in range(1, 5)]
    assert contracted_by_period(contract, months, usage=usage) == (
        eur(1250),
        eur(4400),
        eur(4900),
        eur(900),
    )
    assert contracted_by_period(
        contract, months, usage=usage, forecast_milestones=False
    ) == (eur(1250), eur(4400), eur(1900), eur(900))


@given(contract=contracts(max_charges=3), forecast=st.booleans())
@settings(max_examples=60, deadline=None)
def test_contracted_revenue_adds_up_the_billing_schedule(contract, forecast):
    """Every month of the term holds exactly the schedule's lines billed in it."""
    first = contract.term.start
    months = [
        Period.month(
            first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1
        )
        for k in range(contract.term.days // 28 + 3)
    ]
    expected = [Money.zero(contract.currency) for _ in months]
    for line in billing_schedule(contract, forecast=forecast):
        for index, month in enumerate(months):
            if line.bill_on in month:
                expected[index] += line.amount
    found = contracted_by_period(contract, months, forecast_milestones=forecast)
    assert found == tuple(expected)
    assert [str(m.amount) for m in found] == [str(m.amount) for m in expected]


def test_an_invoice_in_another_currency_is_named():
    dollars = Invoice(
        id="I-9",
        customer="acme",
        issued_on=date(2026, 1, 5),
        amount=Money(5, "USD"),
        due_on=date(2026, 1, 5),
    )
    with pytest.raises(CurrencyMismatchError, match=r"invoices\[0\].amount: in USD"):
        billed_by_period([dollars], MONTHS_2026[:1], currency="EUR")


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        (
            [Period.month(2026, 2), Period.month(2026, 1)],
            r"periods\[1\]: starts 2026-01-01",
        ),
        (
            [Period.year(2026), Period.month(2026, 3)],
            r"periods\[1\]: starts 2026-03-01",
        ),
        ([], "periods: expected a non-empty sequence"),
    ],
)
def test_periods_must_be_in_order_and_apart(periods, message):
    with pytest.raises(ValidationError, match=message):
        contracted_by_period(monthly("C-1", 1000, Period.year(2026)), periods)


# --- variance ---------------------------------------------------------------------------


def test_variance_per_period_and_to_date_by_hand():
    """Contract 1,000 a month. Billed Jan 1,000, Feb 800, Mar 1,300.

    Variance 0, -200, +300; rates 0, -0.2, +0.3.
    Cumulative: contracted 1,000, 2,000, 3,000; billed 1,000, 1,800, 3,100;
    variance 0, -200, +100; rates 0, -0.1, +0.0333.
    """
    contract = monthly("C-1", 1000, Period.year(2026))
    invoices = [
        bill("I-1", date(2026, 1, 1), 1000),
        bill("I-2", date(2026, 2, 1), 800),
        bill("I-3", date(2026, 3, 1), 1300),
        bill("I-4", date(2026, 3, 2), 75, contract_id=None),
    ]
    result = revenue_variance(contract, invoices, MONTHS_2026[:3])
    rows = [
        (
            str(p.variance),
            p.variance_rate,
            str(p.cumulative_variance),
            p.cumulative_rate,
        )
        for p in result.periods
    ]
    assert rows == [
        ("EUR 0.00", 0, "EUR 0.00", 0),
        ("EUR -200.00", Decimal("-0.2"), "EUR -200.00", Decimal("-0.1")),
        ("EUR 300.00", Decimal("0.3"), "EUR 100.00", Decimal("0.0333")),
    ]
    assert result.variance == eur(100)
    assert result.unmatched == ("I-4",)


def test_a_period_with_nothing_contracted_has_no_rate():
    contract = monthly("C-1", 1000, Period(date(2026, 2, 1), date(2026, 4, 1)))
    result = revenue_variance(
        contract, [bill("I-1", date(2026, 1, 20), 500)], MONTHS_2026[:2]
    )
    assert result.periods[0].variance == eur(500)
    assert result.periods[0].variance_rate is None


@given(
    fee=st.integers(1, 10**6),
    start_month=st.integers(1, 12),
    length=st.integers(1, 24),
)
@settings(max_examples=30, deadline=None)
def test_billing_exactly_the_schedule_leaves_no_variance(fee, start_month, length):
    start = date(2026, start_month, 1)
    term = Period(
        start,
        date(
            2026 + (start_month + length - 1) // 12,
            (start_month + length - 1) % 12 + 1,
            1,
        ),
    )
    contract = monthly("C-1", fee, term)
    invoices = [
        bill(f"I-{i}", line.bill_on, line.amount.amount)
        for i, line in enumerate(billing_schedule(contract))
    ]
    periods = list(term.months())
    result = revenue_variance(contract, invoices, periods)
    assert all(p.variance == eur(0) for p in result.periods)
    assert (
        result.periods[-1].cumulative_billed == result.periods[-1].cumulative_contracted
    )


def test_a_portfolio_in_two_currencies_is_refused():
    dollars = Contract(
        id="C-2",
        title="Run",
        kind=ContractKind.SOW,
        client="acme",
        currency="USD",
        term=Period.year(2026),
        signed_on=date(2025, 12, 1),
    )
    with pytest.raises(CurrencyMismatchError, match="contracts in EUR, USD"):
        revenue_variance(
            [monthly("C-1", 10, Period.year(2026)), dollars], [], MONTHS_2026
        )


# --- attainment -------------------------------------------------------------------------


def test_attainment_by_hand_with_an_expiring_contract():
    """C-1: 1,000 a month all 2026. C-2: 500 a month, January to September.

    Billed as contracted through June. As of 30 June: billed and contracted
    to date 6 x 1,500 = 9,000; contracted for the year 12,000 + 4,500 = 16,500.
    Run rate: C-1 6,000 + 6 x 1,000; C-2 3,000 + 3 x 500 (it ends in
    September) = 16,500. The monthly billing is a flat 1,500, so the forecast
    is 6 x 1,500 more with no spread: 18,000 - a forecast does not know that
    C-2 ends - and the target is certain to be reached.
    """
    one = monthly("C-1", 1000, Period.year(2026))
    two = monthly("C-2", 500, Period(date(2026, 1, 1), date(2026, 10, 1)))
    invoices = [
        bill(f"I-{c}-{m}", date(2026, m, 1), fee, contract_id=c)
        for m in range(1, 7)
        for c, fee in (("C-1", 1000), ("C-2", 500))
    ]
    result = attainment(
        [one, two], invoices, year=Period.year(2026), as_of=date(2026, 6, 30)
    )
    assert result.billed_to_date == eur(9000)
    assert result.contracted_to_date == eur(9000)
    assert result.contracted_for_year == eur(16500)
    assert result.run_rate == eur(16500)
    assert result.forecast == eur(18000)
    assert result.forecast_lower == result.forecast_upper == eur(18000)
    assert result.gap_to_target == eur(-1500)
    assert result.probability == 1.0
    assert "C-2 ends 2026-10-01: its run rate stops there" in result.notes


def test_the_probability_follows_the_forecast_total():
    """P = 1 - Phi((target - projected total) / its standard deviation).

    The standard deviation is read off the reported 95 % interval (its half
    width over z = 1.959964), not from a second forecast: billed to 30 June
    is 970 + 1,040 + 990 + 930 + 1,070 + 1,000 = 6,000 (by hand), the year's
    target 12 x 1,000 = 12,000, and the projection is what the forecast adds
    to the 6,000."""
    contract = monthly("C-1", 1000, Period(date(2025, 1, 1), date(2027, 1, 1)))
    amounts = [
        1000,
        940,
        1080,
        990,
        1010,
        900,
        1100,
        980,
        1030,
        950,
        1060,
        1000,
        970,
        1040,
        990,
        930,
        1070,
        1000,
    ]
    invoices = [
        bill(f"I-{i}", date(2025 + i // 12, i % 12 + 1, 3), amount)
        for i, amount in enumerate(amounts)
    ]
    result = attainment(
        contract, invoices, year=Period.year(2026), as_of=date(2026, 6, 30)
    )
    assert sum(amounts[12:]) == 970 + 1040 + 990 + 930 + 1070 + 1000 == 6000
    assert result.billed_to_date == eur(6000)
    assert result.forecast_lower < result.forecast < result.forecast_upper
    half_width = (result.forecast_upper - result.forecast_lower).amount / 2
    spread = float(half_width) / 1.959963984540054
    projected = float(result.forecast.amount)
    expected = 1 - NormalDist().cdf((12000 - projected) / spread)
    # the bounds are rounded to cents: the spread is known to about 1e-5
    assert result.probability == pytest.approx(expected, abs=1e-4)
    assert 0 < result.probability < 1
    assert re.search(r"forecast: \w+ on 18 months of billing", " ".join(result.notes))


def test_too_little_history_gives_no_forecast_but_a_run_rate():
    contract = monthly("C-1", 1000, Period.year(2026))
    invoices = [bill("I-1", date(2026, 1, 1), 1000)]
    result = attainment(
        contract, invoices, year=Period.year(2026), as_of=date(2026, 2, 10)
    )
    assert result.forecast is None
    assert result.probability is None
    assert result.run_rate == eur(12000)
    assert result.gap_to_target == eur(0)
    assert result.notes[-1] == "no forecast: 1 months of billing history, 4 needed"


def test_as_of_must_fall_in_the_year():
    with pytest.raises(ValidationError, match="as_of: 2027-01-01 is outside the year"):
        attainment(
            monthly("C-1", 1, Period.year(2026)),
            [],
            year=Period.year(2026),
            as_of=date(2027, 1, 1),
        )
