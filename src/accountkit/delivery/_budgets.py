"""Engagement budgets against actuals: what was planned, spent and still to spend."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs
import numpy as np

from accountkit._checked import checked
from accountkit._ratios import rounded
from accountkit._validators import (
    decimal,
    identifier,
    non_negative_decimal,
    non_negative_money,
    plain_date,
    text,
)
from accountkit.delivery import _kernel
from accountkit.delivery._people import Person, TimeEntry
from accountkit.delivery._time import columns
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money

__all__ = ["BudgetLine", "BudgetPosition", "Expense", "budget_position"]


@attrs.frozen(kw_only=True)
class Expense:
    """Money spent on an engagement outside people's time (travel, licences)."""

    id: str = attrs.field(validator=identifier)
    engagement: str = attrs.field(validator=identifier)
    day: date = attrs.field(validator=plain_date)
    amount: Money = attrs.field(validator=non_negative_money)
    description: str = attrs.field(default="", validator=text)


@attrs.frozen(kw_only=True)
class BudgetLine:
    """The budget of an engagement for one month: cost and hours.

    ``month`` is the month's first day.
    """

    engagement: str = attrs.field(validator=identifier)
    month: date = attrs.field(validator=plain_date)
    cost: Money = attrs.field(validator=non_negative_money)
    hours: Decimal = attrs.field(converter=decimal, validator=non_negative_decimal)

    def __attrs_post_init__(self) -> None:
        if self.month.day != 1:
            message = f"a budget is for a month: give its first day, got {self.month}"
            raise ValidationError(message, path="month", root="BudgetLine")


@attrs.frozen(kw_only=True)
class BudgetPosition:
    """An engagement's budget against what was spent, on a day.

    Attributes
    ----------
    budget_at_completion, budget_to_date
        The whole budget, and the part of it for the months up to the day's.
    actual_to_date
        Every recorded hour on the engagement from the first budgeted month
        up to the day, at its cost rate, plus its expenses in those days
        (what came before the budget is not spent from it).
    hours_budgeted_to_date, hours_to_date
        The same in hours.
    estimate_to_complete
        The budget of the months after the day's (the rest of the plan holds).
    estimate_at_completion
        ``actual_to_date + estimate_to_complete``.
    variance_at_completion
        ``budget_at_completion - estimate_at_completion`` (negative: an
        overrun).
    spent_share
        ``actual_to_date / budget_to_date`` in percent (2 places); ``None``
        with nothing budgeted yet.
    """

    engagement: str
    as_of: date
    budget_at_completion: Money
    budget_to_date: Money
    actual_to_date: Money
    hours_budgeted_to_date: Decimal
    hours_to_date: Decimal
    estimate_to_complete: Money
    estimate_at_completion: Money
    variance_at_completion: Money
    spent_share: Decimal | None


@checked
def budget_position(
    engagement: str,
    *,
    budget: Sequence[BudgetLine],
    people: Sequence[Person],
    entries: Sequence[TimeEntry],
    expenses: Sequence[Expense] = (),
    as_of: date,
    rounding: str = DEFAULT_ROUNDING,
) -> BudgetPosition:
    """Return an engagement's budget, actuals to date and estimates on ``as_of``.

    A budget month counts as "to date" when it starts on or before
    ``as_of``; the estimate to complete is the budget of the later months
    (a bottom-up estimate would replace it; earned value's BAC/CPI is
    :func:`earned_value`).

    Raises
    ------
    ValidationError
        For no budget for the engagement, a budget month given twice, or a
        time entry of a person not given (or before their first rate).
    CurrencyMismatchError
        For money in more than one currency.

    Examples
    --------
    >>> from datetime import date, time
    >>> from accountkit import Money
    >>> from accountkit.contracts import BusinessCalendar
    >>> from accountkit.delivery import BudgetLine, Person, RateChange, TimeEntry
    >>> office = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    >>> ana = Person(id="ana", name="Ana", role="dev", calendar=office,
    ...              rates=(RateChange(effective_from=date(2026, 1, 1),
    ...                                cost_rate=Money("70", "EUR"),
    ...                                bill_rate=Money("150", "EUR")),))
    >>> plan = [BudgetLine(engagement="C-1", month=date(2026, m, 1),
    ...                    cost=Money("10000", "EUR"), hours="140") for m in (1, 2, 3)]
    >>> worked = [TimeEntry(person="ana", engagement="C-1", day=date(2026, 1, d),
    ...                     hours="8") for d in range(5, 30)]
    >>> seen = budget_position("C-1", budget=plan, people=[ana], entries=worked,
    ...                        as_of=date(2026, 1, 31))
    >>> [str(m) for m in (seen.actual_to_date, seen.estimate_at_completion,
    ...                   seen.variance_at_completion)]
    ['EUR 14,000.00', 'EUR 34,000.00', 'EUR -4,000.00']
    >>> seen.spent_share
    Decimal('140.00')
    """
    where = "budget_position"
    lines = _lines(engagement, budget, where)
    currency = lines[0].cost.currency
    since = min(line.month for line in lines)
    cost, hours = _actuals(
        engagement, (people, entries, expenses), (since, as_of), currency, where
    )
    done = [b for b in lines if b.month <= as_of]
    rest = [b for b in lines if b.month > as_of]

    def money(value: Fraction) -> Money:
        return Money.from_fraction(value, currency, rounding=rounding)

    total = sum((Fraction(b.cost.amount) for b in lines), Fraction(0))
    to_date = sum((Fraction(b.cost.amount) for b in done), Fraction(0))
    to_complete = sum((Fraction(b.cost.amount) for b in rest), Fraction(0))
    eac = cost + to_complete
    share = (
        rounded(cost * 100 / to_date, 2, "ROUND_HALF_UP", where="budget_position")
        if to_date
        else None
    )
    return BudgetPosition(
        engagement=engagement,
        as_of=as_of,
        budget_at_completion=money(total),
        budget_to_date=money(to_date),
        actual_to_date=money(cost),
        hours_budgeted_to_date=sum((b.hours for b in done), Decimal(0)),
        hours_to_date=Decimal(hours.numerator) / Decimal(hours.denominator),
        estimate_to_complete=money(to_complete),
        estimate_at_completion=money(eac),
        variance_at_completion=money(total - eac),
        spent_share=share,
    )


def _lines(
    engagement: str, budget: Sequence[BudgetLine], where: str
) -> list[BudgetLine]:
    """Return the engagement's budget lines, each month once, in one currency."""
    seen: dict[date, int] = {}
    lines: list[BudgetLine] = []
    for index, line in enumerate(budget):
        if line.engagement != engagement:
            continue
        if line.month in seen:
            message = (
                f"{line.month} is budgeted twice (budget[{seen[line.month]}] and here)"
            )
            raise ValidationError(message, path=("budget", index, "month"), root=where)
        seen[line.month] = index
        if lines:
            _same(line.cost, lines[0].cost.currency, ("budget", index, "cost"), where)
        lines.append(line)
    if not lines:
        message = f"no budget for {engagement!r}"
        raise ValidationError(message, path="budget", root=where)
    return lines


def _actuals(
    engagement: str,
    records: tuple[Sequence[Person], Sequence[TimeEntry], Sequence[Expense]],
    days: tuple[date, date],
    currency: str,
    where: str,
) -> tuple[Fraction, Fraction]:
    """Return the cost and the hours recorded on the engagement in ``days``.

    ``days`` are the first and the last day counted.
    """
    people, entries, expenses = records
    since, as_of = days
    by_id = {p.id: p for p in people}
    mine: list[TimeEntry] = []
    for index, entry in enumerate(entries):
        if entry.engagement != engagement or not since <= entry.day <= as_of:
            continue
        who = by_id.get(entry.person)
        rates = None if who is None else who.rate_on(entry.day)
        if rates is None:
            message = f"no person {entry.person!r} with a rate on {entry.day}"
            raise ValidationError(message, path=("entries", index), root=where)
        _same(rates.cost_rate, currency, ("entries", index), where)
        mine.append(entry)
    # the time is priced on the kernel every path shares (a day before the
    # budget starts has nothing to price)
    if not mine:
        return _expenses(engagement, expenses, days, currency, where), Fraction(0)
    involved = list({e.person: by_id[e.person] for e in mine}.values())
    cols = columns(involved, mine, [since, as_of + timedelta(days=1)], root=where)
    sums = _kernel.sums(
        np.zeros(len(mine), dtype=np.int64),
        cols.period,
        cols.hours,
        cols.billable,
        (cols.cost_rate, cols.bill_rate),
        shape=(1, 1),
        scales=cols.scales,
    )
    scale = sums.hour_scale * sums.rate_scale
    cost = Fraction(int(sums.cost[0, 0]), scale)
    hours = Fraction(int(sums.hours[0, 0]), sums.hour_scale)
    return cost + _expenses(engagement, expenses, days, currency, where), hours


def _expenses(
    engagement: str,
    expenses: Sequence[Expense],
    days: tuple[date, date],
    currency: str,
    where: str,
) -> Fraction:
    """Return the engagement's expenses in ``days`` (first and last day)."""
    since, as_of = days
    spent = Fraction(0)
    for index, expense in enumerate(expenses):
        if expense.engagement == engagement and since <= expense.day <= as_of:
            _same(expense.amount, currency, ("expenses", index, "amount"), where)
            spent += Fraction(expense.amount.amount)
    return spent


def _same(
    amount: Money, currency: str, path: tuple[str | int, ...], where: str
) -> None:
    if amount.currency != currency:
        message = f"in {amount.currency}, the budget is in {currency}"
        raise CurrencyMismatchError(message, path=path, root=where)
