"""Earned value (PMI, PMBOK 6th ed., table 7-1), the issue's worked case and
the undefined edges."""

from decimal import Decimal

import pytest

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.delivery import earned_value


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def test_the_worked_case():
    """BAC 100,000, PV 50,000, EV 40,000, AC 45,000: CV = 40,000 - 45,000 =
    -5,000; SV = 40,000 - 50,000 = -10,000; CPI = 40/45 = 0.8889; SPI = 40/50 =
    0.8000; EAC = 100,000 / (40/45) = 112,500; ETC = 112,500 - 45,000 = 67,500;
    VAC = 100,000 - 112,500 = -12,500; TCPI = 60,000 / 55,000 = 1.0909."""
    seen = earned_value(
        budget_at_completion=eur("100000"),
        planned_value=eur("50000"),
        earned_value=eur("40000"),
        actual_cost=eur("45000"),
    )
    assert (seen.cost_variance, seen.schedule_variance) == (
        eur("-5000.00"),
        eur("-10000.00"),
    )
    assert (seen.cpi, seen.spi, seen.tcpi) == (
        Decimal("0.8889"),
        Decimal("0.8000"),
        Decimal("1.0909"),
    )
    assert (
        seen.estimate_at_completion,
        seen.estimate_to_complete,
        seen.variance_at_completion,
    ) == (eur("112500.00"), eur("67500.00"), eur("-12500.00"))
    assert (
        seen.budget_at_completion,
        seen.planned_value,
        seen.earned_value,
        seen.actual_cost,
    ) == (eur("100000"), eur("50000"), eur("40000"), eur("45000"))


def test_eac_is_rounded_once_from_the_exact_value():
    """BAC 100,000 x AC 30,000 / EV 35,000 = 85,714.2857... -> 85,714.29; ETC
    55,714.29 and VAC 14,285.71 from the same exact EAC."""
    seen = earned_value(
        budget_at_completion=eur("100000"),
        planned_value=eur("30000"),
        earned_value=eur("35000"),
        actual_cost=eur("30000"),
    )
    assert (
        seen.estimate_at_completion,
        seen.estimate_to_complete,
        seen.variance_at_completion,
    ) == (
        eur("85714.29"),
        eur("55714.29"),
        eur("14285.71"),
    )
    assert (seen.cpi, seen.spi) == (Decimal("1.1667"), Decimal("1.1667"))


def test_undefined_measures_are_none_never_zero_or_infinite():
    """Nothing spent, planned or earned yet: CPI, SPI and EAC undefined; the
    budget all spent: TCPI undefined."""
    start = earned_value(
        budget_at_completion=eur("1000"),
        planned_value=eur("0"),
        earned_value=eur("0"),
        actual_cost=eur("0"),
    )
    assert (
        start.cpi,
        start.spi,
        start.estimate_at_completion,
        start.estimate_to_complete,
    ) == (
        None,
        None,
        None,
        None,
    )
    assert (start.variance_at_completion, start.tcpi) == (None, Decimal("1.0000"))
    spent = earned_value(
        budget_at_completion=eur("1000"),
        planned_value=eur("1000"),
        earned_value=eur("800"),
        actual_cost=eur("1000"),
    )
    assert (spent.tcpi, spent.cpi) == (None, Decimal("0.8000"))


@pytest.mark.parametrize(
    ("amounts", "error", "message"),
    [
        (
            {"actual_cost": eur("-1")},
            ValidationError,
            "earned_value.actual_cost: must not be negative, got EUR -1.00",
        ),
        (
            {"planned_value": Money("1", "USD")},
            CurrencyMismatchError,
            "earned_value.planned_value: in USD, the budget is in EUR",
        ),
    ],
)
def test_bad_amounts_are_refused(amounts, error, message):
    given = {
        "budget_at_completion": eur("100"),
        "planned_value": eur("50"),
        "earned_value": eur("40"),
        "actual_cost": eur("45"),
    }
    given.update(amounts)
    with pytest.raises(error) as caught:
        earned_value(**given)
    assert str(caught.value) == message


def test_eac_needs_both_cost_and_earned_value():
    """Cost with nothing earned: CPI 0, EAC undefined (not a division by 0);
    value earned at no cost: CPI undefined, EAC undefined."""
    nothing_earned = earned_value(
        budget_at_completion=eur("1000"),
        planned_value=eur("100"),
        earned_value=eur("0"),
        actual_cost=eur("50"),
    )
    assert (nothing_earned.cpi, nothing_earned.estimate_at_completion) == (
        Decimal("0.0000"),
        None,
    )
    free = earned_value(
        budget_at_completion=eur("1000"),
        planned_value=eur("100"),
        earned_value=eur("100"),
        actual_cost=eur("0"),
    )
    assert (free.cpi, free.estimate_at_completion, free.estimate_to_complete) == (
        None,
        None,
        None,
    )
