"""Earned value: cost and schedule performance of fixed-price work (PMI)."""

from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs

from accountkit._checked import checked
from accountkit._ratios import rounded
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money

__all__ = ["EarnedValue", "earned_value"]

_INDEX_PLACES: Final = 4


@attrs.frozen(kw_only=True)
class EarnedValue:
    """The earned-value measures of one piece of work on one day.

    Attributes
    ----------
    budget_at_completion, planned_value, earned_value, actual_cost
        BAC, PV, EV and AC as given.
    cost_variance, schedule_variance
        CV = EV - AC and SV = EV - PV (negative: over cost, behind schedule).
    cpi, spi
        CPI = EV / AC and SPI = EV / PV, to 4 places; ``None`` when AC or PV
        is 0 (undefined).
    estimate_at_completion
        EAC = BAC / CPI (the cost efficiency so far holds), to the minor unit;
        ``None`` without a CPI or with nothing earned.
    estimate_to_complete, variance_at_completion
        ETC = EAC - AC and VAC = BAC - EAC.
    tcpi
        TCPI = (BAC - EV) / (BAC - AC): the efficiency the rest of the work
        needs to finish on budget, to 4 places; ``None`` when the budget is
        spent (BAC = AC).
    """

    budget_at_completion: Money
    planned_value: Money
    earned_value: Money
    actual_cost: Money
    cost_variance: Money
    schedule_variance: Money
    cpi: Decimal | None
    spi: Decimal | None
    estimate_at_completion: Money | None
    estimate_to_complete: Money | None
    variance_at_completion: Money | None
    tcpi: Decimal | None


def _index(numerator: Fraction, denominator: Fraction) -> Decimal | None:
    if not denominator:
        return None
    return rounded(
        numerator / denominator, _INDEX_PLACES, "ROUND_HALF_UP", where="earned_value"
    )


@checked
def earned_value(
    *,
    budget_at_completion: Money,
    planned_value: Money,
    earned_value: Money,
    actual_cost: Money,
    rounding: str = DEFAULT_ROUNDING,
) -> EarnedValue:
    """Return the earned-value measures, exact until each is rounded once.

    The definitions are the PMI's (*A Guide to the Project Management Body of
    Knowledge*, 6th ed., 2017, §7.4.2.2, table 7-1). EAC here is the
    "BAC / CPI" estimate, which assumes the cost efficiency so far holds;
    indices are rounded to 4 places, money to the minor unit, each from the
    exact value.

    Raises
    ------
    ValidationError
        If an amount is negative.
    CurrencyMismatchError
        If the amounts are not in one currency.

    Examples
    --------
    The worked case: BAC 100,000, PV 50,000, EV 40,000, AC 45,000.

    >>> from accountkit import Money
    >>> seen = earned_value(budget_at_completion=Money("100000", "EUR"),
    ...                     planned_value=Money("50000", "EUR"),
    ...                     earned_value=Money("40000", "EUR"),
    ...                     actual_cost=Money("45000", "EUR"))
    >>> str(seen.cost_variance), str(seen.schedule_variance)
    ('EUR -5,000.00', 'EUR -10,000.00')
    >>> seen.cpi, seen.spi, seen.tcpi
    (Decimal('0.8889'), Decimal('0.8000'), Decimal('1.0909'))
    >>> [str(m) for m in (seen.estimate_at_completion, seen.estimate_to_complete,
    ...                   seen.variance_at_completion)]
    ['EUR 112,500.00', 'EUR 67,500.00', 'EUR -12,500.00']
    """
    where = "earned_value"
    given = {
        "budget_at_completion": budget_at_completion,
        "planned_value": planned_value,
        "earned_value": earned_value,
        "actual_cost": actual_cost,
    }
    currency = budget_at_completion.currency
    for name, amount in given.items():
        if amount.amount < 0:
            message = f"must not be negative, got {amount}"
            raise ValidationError(message, path=name, root=where)
        if amount.currency != currency:
            message = f"in {amount.currency}, the budget is in {currency}"
            raise CurrencyMismatchError(message, path=name, root=where)
    bac, pv, ev, ac = (Fraction(m.amount) for m in given.values())

    def money(value: Fraction) -> Money:
        return Money.from_fraction(value, currency, rounding=rounding)

    eac = bac * ac / ev if ac and ev else None
    return EarnedValue(
        budget_at_completion=budget_at_completion,
        planned_value=planned_value,
        earned_value=earned_value,
        actual_cost=actual_cost,
        cost_variance=money(ev - ac),
        schedule_variance=money(ev - pv),
        cpi=_index(ev, ac),
        spi=_index(ev, pv),
        estimate_at_completion=None if eac is None else money(eac),
        estimate_to_complete=None if eac is None else money(eac - ac),
        variance_at_completion=None if eac is None else money(bac - eac),
        tcpi=_index(bac - ev, bac - ac),
    )
