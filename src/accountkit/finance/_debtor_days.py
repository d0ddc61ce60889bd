"""Debtor days: DSO and its family, each with its convention explicit."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, NamedTuple

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit._arrays import whole_array
from accountkit._checked import checked, unchecked
from accountkit._frames import frame
from accountkit._ratios import rounded
from accountkit.errors import (
    CurrencyMismatchError,
    InsufficientDataError,
    ValidationError,
)
from accountkit.money import DEFAULT_ROUNDING, Money
from accountkit.periods import check_date

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CountbackArrays",
    "CountbackDso",
    "Settlement",
    "average_days_delinquent",
    "average_days_to_pay",
    "best_possible_dso",
    "collection_effectiveness",
    "countback_dso",
    "countback_dso_arrays",
    "days_beyond_terms",
    "simple_dso",
]

_HUNDRED = 100


def _decimal(value: Fraction, places: int, rounding: str) -> Decimal:
    """Round an exact ratio to ``places`` decimal places (sign kept)."""
    return rounded(value, places, rounding, where="debtor days")


def _exact(amount: Money) -> Fraction:
    return Fraction(amount.amount)


def _one_currency(*amounts: Money | None) -> None:
    # Each is Money: the argument check of every caller (@checked) saw to it.
    currencies = {a.currency for a in amounts if a is not None}
    if len(currencies) > 1:
        message = f"amounts in {', '.join(sorted(currencies))}; compare like with like"
        raise CurrencyMismatchError(message)


def _divide(numerator: Fraction, denominator: Fraction, what: str) -> Fraction:
    """Divide by a quantity that must be positive, or say why it cannot.

    The denominators of the DSO family are sales, a collectible amount or a
    count: zero or negative, the ratio is undefined.
    """
    if denominator == 0:
        message = f"{what} is zero, so the ratio is undefined (not 0, not infinite)"
        raise InsufficientDataError(message)
    if denominator < 0:
        message = (
            f"{what} is negative ({float(denominator):g}), so the ratio is "
            "undefined: more was credited than sold"
        )
        raise InsufficientDataError(message)
    return numerator / denominator


def _days(days: int, where: str, path: str = "days") -> int:
    if days <= 0:
        message = f"expected a positive whole number of {path}, got {days!r}"
        raise ValidationError(message, path=path, root=where)
    return days


@checked
def simple_dso(
    receivables: Money,
    credit_sales: Money,
    *,
    days: int,
    opening_receivables: Money | None = None,
    places: int = 6,
    rounding: str = DEFAULT_ROUNDING,
) -> Decimal:
    r"""Return days sales outstanding: receivables over credit sales, times days.

    Parameters
    ----------
    receivables
        Receivables at the end of the period.
    credit_sales
        Credit sales over the period (exclude cash sales; VAT treatment must
        match the receivables).
    days
        Days in the period, by the convention you report in (365 or 360 for a
        year, the actual days of a month, 90 for a quarter).
    opening_receivables
        Receivables at the start; when given, the average of opening and ending
        receivables is used instead of the ending balance.
    places, rounding
        Rounding of the result (6 places, half-up, unless given).

    Raises
    ------
    InsufficientDataError
        If credit sales are zero.

    Notes
    -----
    :math:`DSO = \frac{AR}{S} \times d`, with :math:`AR` the ending (or average)
    receivables, :math:`S` the credit sales and :math:`d` the days [#]_.

    References
    ----------
    .. [#] Credit Research Foundation, "Days Sales Outstanding" (standard
       definition and its variants).

    Examples
    --------
    >>> from accountkit import Money
    >>> simple_dso(Money("200000", "EUR"), Money("2000000", "EUR"), days=365)
    Decimal('36.500000')
    """
    _one_currency(receivables, credit_sales, opening_receivables)
    balance = _exact(receivables)
    if opening_receivables is not None:
        balance = (balance + _exact(opening_receivables)) / 2
    ratio = _divide(balance, _exact(credit_sales), "credit sales")
    return _decimal(ratio * _days(days, "simple_dso"), places, rounding)


@checked
def best_possible_dso(
    current_receivables: Money,
    credit_sales: Money,
    *,
    days: int,
    places: int = 6,
    rounding: str = DEFAULT_ROUNDING,
) -> Decimal:
    r"""Return best possible DSO: only current (not yet due) receivables count.

    :math:`BPDSO = \frac{AR_{current}}{S} \times d`: the DSO the customer would
    have if everything past due were paid.

    Examples
    --------
    >>> from accountkit import Money
    >>> best_possible_dso(Money("4000", "EUR"), Money("10000", "EUR"), days=30)
    Decimal('12.000000')
    """
    _one_currency(current_receivables, credit_sales)
    ratio = _divide(_exact(current_receivables), _exact(credit_sales), "credit sales")
    return _decimal(ratio * _days(days, "best_possible_dso"), places, rounding)


@checked
def average_days_delinquent(
    receivables: Money,
    current_receivables: Money,
    credit_sales: Money,
    *,
    days: int,
    places: int = 6,
    rounding: str = DEFAULT_ROUNDING,
) -> Decimal:
    r"""Return average days delinquent: DSO less best possible DSO.

    :math:`ADD = DSO - BPDSO = \frac{AR - AR_{current}}{S} \times d`, computed
    exactly and rounded once.

    Examples
    --------
    Total 15,000, current 4,000, sales 10,000 over 30 days: DSO 45, BPDSO 12,
    ADD 33.

    >>> from accountkit import Money
    >>> average_days_delinquent(Money("15000", "EUR"), Money("4000", "EUR"),
    ...                         Money("10000", "EUR"), days=30)
    Decimal('33.000000')
    """
    _one_currency(receivables, current_receivables, credit_sales)
    late = _exact(receivables) - _exact(current_receivables)
    ratio = _divide(late, _exact(credit_sales), "credit sales")
    return _decimal(ratio * _days(days, "average_days_delinquent"), places, rounding)


@checked
def collection_effectiveness(
    opening_receivables: Money,
    credit_sales: Money,
    closing_receivables: Money,
    closing_current: Money,
    *,
    sales_basis: Literal["period", "monthly"] = "period",
    months: int = 1,
    places: int = 6,
    rounding: str = DEFAULT_ROUNDING,
) -> Decimal:
    r"""Return the collection effectiveness index, in percent.

    Parameters
    ----------
    opening_receivables
        Receivables at the start of the period.
    credit_sales
        Credit sales over the period.
    closing_receivables, closing_current
        Total receivables, and the current (not yet due) part, at the end.
    sales_basis
        The two published conventions: ``"period"`` uses the period's sales;
        ``"monthly"`` divides them by ``months`` (sales per month).
    months
        Months in the period, for ``sales_basis="monthly"``.

    Notes
    -----
    :math:`CEI = 100 \times \frac{B + S - E}{B + S - E_{current}}`, with
    :math:`S` the sales term of the chosen convention.

    Examples
    --------
    >>> from accountkit import Money
    >>> eur = lambda amount: Money(amount, "EUR")
    >>> collection_effectiveness(eur("100000"), eur("1000000"), eur("120000"),
    ...                          eur("100000"))
    Decimal('98.000000')
    """
    _one_currency(
        opening_receivables, credit_sales, closing_receivables, closing_current
    )
    sales = _exact(credit_sales)
    if sales_basis == "monthly":
        sales /= _days(months, "collection_effectiveness", "months")
    opening = _exact(opening_receivables)
    collected = opening + sales - _exact(closing_receivables)
    collectible = opening + sales - _exact(closing_current)
    ratio = _divide(collected, collectible, "the collectible amount")
    return _decimal(ratio * _HUNDRED, places, rounding)


# --- countback ---------------------------------------------------------------------


class CountbackArrays(NamedTuple):
    """Countback DSO per customer, as arrays."""

    days: NDArray[np.float64]
    """DSO in days (the exact ratio below, as a float)."""
    numerator: NDArray[np.int64]
    """Exact DSO is ``numerator / denominator`` days."""
    denominator: NDArray[np.int64]
    """Exact DSO is ``numerator / denominator`` days."""
    periods: NDArray[np.int64]
    """Periods of sales the receivables reached back into."""
    complete: NDArray[np.bool_]
    """False where the receivables exceed the usable sales history (the days are
    then the whole usable history: a floor, not the DSO)."""

    def to_frame(self) -> "pd.DataFrame":
        """Return a DataFrame with one row per customer, in the input's order.

        Columns ``days``, ``numerator``, ``denominator``, ``periods`` and
        ``complete``. Needs pandas (``pip install 'accountkit[pandas]'``).

        Examples
        --------
        >>> result = countback_dso_arrays(
        ...     [21_200_000, 0], [[10_000_000, 8_000_000, 7_000_000]] * 2, [30, 30, 30])
        >>> result.to_frame().round(6)
                days  numerator  denominator  periods  complete
        0  73.714286        516            7        3      True
        1   0.000000          0            1        0      True
        """
        return frame(self._asdict(), where="CountbackArrays.to_frame")


@checked
def countback_dso_arrays(
    receivables: ArrayLike,
    sales: ArrayLike,
    period_days: ArrayLike,
) -> CountbackArrays:
    r"""Return countback DSO for many customers at once.

    Parameters
    ----------
    receivables
        Receivables per customer in minor units, shape ``(customers,)``.
    sales
        Credit sales per customer and period in minor units, newest period
        first, shape ``(customers, periods)``.
    period_days
        Days in each period, shape ``(periods,)`` or ``(customers, periods)``.

    Notes
    -----
    Receivables are exhausted against sales, newest period first [#]_: each period
    wholly covered counts its days; the period where the receivables run out
    counts the covered fraction of its days. Counting stops at the first period
    with zero or negative sales (there is nothing to count back against).

    .. math:: DSO = \sum_{j<k} d_j + \frac{AR - \sum_{j<k} S_j}{S_k} d_k

    References
    ----------
    .. [#] Credit Research Foundation, "countback" (exhaustion) method of DSO.

    Examples
    --------
    >>> sales = [[10_000_000, 8_000_000, 7_000_000]]
    >>> result = countback_dso_arrays([21_200_000], sales, [30, 30, 30])
    >>> round(float(result.days[0]), 6), bool(result.complete[0])
    (73.714286, True)
    """
    where = "countback_dso_arrays"
    owed = whole_array(receivables, where=where, path="receivables", ndim=1)
    history = whole_array(sales, where=where, path="sales")
    if history.ndim != 2 or history.shape[0] != owed.shape[0]:  # noqa: PLR2004 - a table
        message = f"expected sales of shape (customers, periods); got {history.shape}"
        raise ValidationError(message, path="sales", root="countback_dso_arrays")
    days = whole_array(period_days, where=where, path="period_days")
    if (days <= 0).any():
        message = "a period has no days: every period_days must be at least 1"
        raise ValidationError(message, path="period_days", root=where)
    if days.shape not in {history.shape[1:], history.shape}:
        message = (
            f"expected one length a period, shape ({history.shape[1]},), or one "
            f"a customer and period, shape {history.shape}; got shape {days.shape}"
        )
        raise ValidationError(message, path="period_days", root=where)
    owing = owed > 0
    if history.shape[1] == 0:
        zeros = np.zeros(len(owed), dtype=np.int64)
        return CountbackArrays(
            days=zeros.astype(np.float64),
            numerator=zeros,
            denominator=zeros + 1,
            periods=zeros,
            complete=~owing,
        )
    # Count back a period at a time, newest first, while any customer still
    # owes: most exhaust their receivables within a few periods, so the work
    # is a few passes over the customers, not over the whole table.
    rows = len(owed)
    left = owed.astype(np.int64)  # what the periods counted so far leave owed
    counted = np.zeros(rows, dtype=np.int64)  # periods counted back into
    exhausted = np.zeros(rows, dtype=bool)
    live = owing.copy()
    own_lengths = days.ndim != 1
    counted_days = np.zeros(rows, dtype=np.int64) if own_lengths else None
    for period in range(history.shape[1]):
        # a contiguous copy of the column: its cells are a row apart
        sold = history[:, period].copy()
        # a period with zero or negative sales ends the count: nothing behind it
        live &= sold > 0
        counted += live
        reached = live & (sold >= left)
        exhausted |= reached
        live ^= reached  # (reached is within live)
        sold *= live
        left -= sold
        if counted_days is not None:
            counted_days += days[:, period] * live
        if not live.any():
            break
    if counted_days is None:
        # one length for every customer: the days of the periods wholly
        # counted are a running sum of the lengths
        running = np.zeros(len(days) + 1, dtype=np.int64)
        np.cumsum(days, out=running[1:])
        counted_days = running[counted - exhausted]
    # the period where the receivables ran out is the last one counted
    last = np.maximum(counted - 1, 0)
    # each customer's cell of its last period, as a position in the flat table
    # (a one-dimensional gather, several times faster than a two-dimensional one)
    cell = np.arange(0, rows * history.shape[1], history.shape[1]) + last
    sales_k = np.where(exhausted, history.reshape(-1)[cell], 1)
    days_k = days.reshape(-1)[cell] if own_lengths else days[last]
    numerator = np.where(
        exhausted, counted_days * sales_k + left * days_k, counted_days
    )
    denominator = sales_k
    periods = counted
    complete = ~owing | exhausted
    return CountbackArrays(
        days=numerator / denominator,
        numerator=numerator.astype(np.int64, copy=False),
        denominator=denominator.astype(np.int64, copy=False),
        periods=periods.astype(np.int64, copy=False),
        complete=complete,
    )


@attrs.frozen(kw_only=True)
class CountbackDso:
    """Countback DSO and how far back it reached.

    Attributes
    ----------
    days
        The DSO (when ``complete``); otherwise the whole usable history, a floor.
    periods
        Periods of sales counted back into.
    complete
        Whether the receivables were exhausted within the usable history.
    """

    days: Decimal
    periods: int
    complete: bool


@checked
def countback_dso(
    receivables: Money,
    sales: Sequence[Money],
    *,
    period_days: Sequence[int],
    allow_partial: bool = False,
    places: int = 6,
    rounding: str = DEFAULT_ROUNDING,
) -> CountbackDso:
    """Return countback (exhaustion) DSO for one customer or one ledger.

    Parameters
    ----------
    receivables
        Receivables now.
    sales
        Credit sales per period, newest first.
    period_days
        Actual days in each period, same order.
    allow_partial
        Return a flagged result (``complete=False``) when the receivables exceed
        the usable sales history; by default that is an error, never a silently
        short figure.

    Raises
    ------
    InsufficientDataError
        If the receivables exceed the usable history and ``allow_partial`` is off.

    See Also
    --------
    countback_dso_arrays : the same for many customers (the same kernel).

    Examples
    --------
    Receivables 212,000 against sales of 100,000, 80,000 and 70,000 in 30-day
    months: 30 + 30 + 32,000 / 70,000 x 30 = 73.714286 days.

    >>> from accountkit import Money
    >>> eur = lambda amount: Money(amount, "EUR")
    >>> countback_dso(eur("212000"), [eur("100000"), eur("80000"), eur("70000")],
    ...               period_days=[30, 30, 30]).days
    Decimal('73.714286')
    """
    _one_currency(receivables, *sales)
    if len(period_days) != len(sales):
        message = f"{len(period_days)} period lengths for {len(sales)} periods of sales"
        raise ValidationError(message, path="period_days", root="countback_dso")
    digits = receivables.minor_units
    result = unchecked(countback_dso_arrays)(
        [_minor(receivables, digits)],
        [[_minor(s, digits) for s in sales]],
        [list(period_days)],
    )
    complete = bool(result.complete[0])
    if not complete and not allow_partial:
        periods = int(result.periods[0])
        message = (
            f"receivables {receivables} exceed the usable sales history "
            f"({periods} period{'' if periods == 1 else 's'}); the DSO is at least "
            f"{int(result.numerator[0])} days"
        )
        raise InsufficientDataError(message)
    exact = Fraction(int(result.numerator[0]), int(result.denominator[0]))
    return CountbackDso(
        days=_decimal(exact, places, rounding),
        periods=int(result.periods[0]),
        complete=complete,
    )


def _minor(amount: Money, digits: int) -> int:
    scaled = amount.amount.scaleb(digits)
    if scaled != scaled.to_integral_value():
        message = f"{amount} has more decimal places than the currency's minor unit"
        raise ValidationError(message, root="countback_dso")
    return int(scaled)


# --- days to pay --------------------------------------------------------------


def _check_day(
    instance: object, attribute: "attrs.Attribute[date]", value: object
) -> None:
    check_date(value, where=type(instance).__name__, path=attribute.name)


@attrs.frozen(kw_only=True)
class Settlement:
    """A paid invoice: how much, when issued, when due and when paid.

    An invoice settled with an early-payment discount counts at its whole
    amount, paid on the day the discounted payment arrived: the days to pay
    measure when the debt was cleared, and the discount is a price given for
    clearing it early, not a debt left unpaid.
    """

    amount: Money
    issued_on: date = attrs.field(validator=_check_day)
    due_on: date = attrs.field(validator=_check_day)
    paid_on: date = attrs.field(validator=_check_day)


def _mean(
    values: Sequence[tuple[int, Fraction]], *, weighted: bool, what: str
) -> Fraction:
    if weighted:
        total = sum((weight for _, weight in values), Fraction(0))
        return _divide(
            sum((days * weight for days, weight in values), Fraction(0)), total, what
        )
    return _divide(
        Fraction(sum(days for days, _ in values)), Fraction(len(values)), what
    )


@checked
def average_days_to_pay(
    settlements: Sequence[Settlement],
    *,
    weighted: bool = False,
    places: int = 6,
    rounding: str = DEFAULT_ROUNDING,
) -> Decimal:
    r"""Return the average days from invoice to payment.

    With ``weighted=True`` each invoice counts by its amount (weighted average
    days to pay): :math:`\sum a_i t_i / \sum a_i`.

    Examples
    --------
    >>> from datetime import date, timedelta
    >>> from accountkit import Money
    >>> start = date(2024, 1, 1)
    >>> paid = [Settlement(amount=Money(a, "EUR"), issued_on=start, due_on=start,
    ...                    paid_on=start + timedelta(days=d))
    ...         for a, d in (("1000", 15), ("3000", 30), ("2000", 45))]
    >>> average_days_to_pay(paid), average_days_to_pay(paid, weighted=True)
    (Decimal('30.000000'), Decimal('32.500000'))
    """
    _one_currency(*(s.amount for s in settlements))
    values = [((s.paid_on - s.issued_on).days, _exact(s.amount)) for s in settlements]
    return _decimal(
        _mean(values, weighted=weighted, what="the settlements"), places, rounding
    )


@checked
def days_beyond_terms(
    settlements: Sequence[Settlement],
    *,
    early: Literal["signed", "clamp"] = "signed",
    weighted: bool = True,
    places: int = 6,
    rounding: str = DEFAULT_ROUNDING,
) -> Decimal:
    r"""Return the (weighted) average days paid after the due date.

    Parameters
    ----------
    settlements
        Paid invoices.
    early
        Early payments count as negative days (``"signed"``) or as zero
        (``"clamp"``).
    weighted
        Weight each payment by its amount (the default), or count each equally.

    Examples
    --------
    Payments of 100 to 500 at -10, -5, 0, 5 and 10 days against the due date:
    signed, (-1,000 - 1,000 + 0 + 2,000 + 5,000) / 1,500 = 3.33 days.

    >>> from datetime import date, timedelta
    >>> from accountkit import Money
    >>> due = date(2024, 3, 1)
    >>> paid = [Settlement(amount=Money(a, "EUR"), issued_on=due - timedelta(days=30),
    ...                    due_on=due, paid_on=due + timedelta(days=d))
    ...         for a, d in (("100", -10), ("200", -5), ("300", 0), ("400", 5),
    ...                      ("500", 10))]
    >>> days_beyond_terms(paid, places=2)
    Decimal('3.33')
    >>> days_beyond_terms(paid, early="clamp", places=2)
    Decimal('4.67')
    """
    _one_currency(*(s.amount for s in settlements))
    values = [
        (
            max((s.paid_on - s.due_on).days, 0)
            if early == "clamp"
            else (s.paid_on - s.due_on).days,
            _exact(s.amount),
        )
        for s in settlements
    ]
    return _decimal(
        _mean(values, weighted=weighted, what="the settlements"), places, rounding
    )
