"""Array kernels for billing: month arithmetic and fixed-fee lines in numpy.

Dates are ``datetime64[D]`` at the edges and whole day numbers (days since
1970-01-01, ``int64``) inside; amounts are whole minor units (``int64``, or
Python ints in an object array when a product could overflow 63 bits). The
object API (:func:`~accountkit.contracts.billing_schedule`) and the portfolio
API (:func:`~accountkit.contracts.billing_arrays`) both call these, so each
formula has one implementation.

A date on a monthly grid is a month index ``M`` (``year * 12 + month - 1``)
and the day of the month it aims for; it lands on ``min(day, length of M)``.
First days and lengths of the few hundred months a portfolio spans come from a
lookup table, so the grid costs integer indexing only.
"""

import typing
from datetime import date
from typing import Final, NamedTuple

import numpy as np
from numpy.typing import NDArray

from accountkit.money import round_quotient

__all__ = [
    "DAY",
    "MONTH",
    "SAFE_FEE",
    "FeeLines",
    "add_months",
    "day_numbers",
    "end_of_month",
    "fee_lines",
    "months_between",
]

DAY: Final = "datetime64[D]"
MONTH: Final = "datetime64[M]"
SAFE_FEE: Final = 2**62 // 366
"""Fees (in minor units) below this, times any period's days, fit in int64."""

_MONTHS_PER_YEAR: Final = 12
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()

Dates = NDArray[np.datetime64]
Ints = NDArray[np.int64]


def day_numbers(days: typing.Iterable[date]) -> Ints:
    """Return dates as day numbers (days since 1970-01-01), fast."""
    return np.fromiter((d.toordinal() - _EPOCH_ORDINAL for d in days), dtype=np.int64)


def _as_days(numbers: Ints) -> Dates:
    return typing.cast("Dates", numbers.astype(np.int64).view(DAY))


def _split(numbers: Ints) -> tuple[Ints, Ints]:
    """Month index and 0-based day of the month of each day number."""
    month = _as_days(numbers).astype(MONTH).astype(np.int64)
    first = month.astype(MONTH).astype(DAY).astype(np.int64)
    return month, numbers - first


class _Months:
    """First day and length of every month between two month indexes."""

    def __init__(self, low: int, high: int) -> None:
        months = np.arange(low, high + 2, dtype=np.int64).astype(MONTH)
        firsts = months.astype(DAY).astype(np.int64)
        self.low = low
        self.first = firsts[:-1]
        self.length = np.diff(firsts)

    def day(self, month: Ints, day: Ints) -> Ints:
        """Return the day number of 0-based ``day`` in ``month``, clamped to its end."""
        index = month - self.low
        return typing.cast(
            "Ints", self.first[index] + np.minimum(day, self.length[index] - 1)
        )


def add_months(days: Dates, months: Ints) -> Dates:
    """Add whole months element-wise, clamping to the end of shorter months.

    The array form of :func:`accountkit.periods.add_months`.
    """
    numbers = days.astype(np.int64)
    month, day = _split(numbers)
    target = month + months
    if not target.size:
        return days.copy()
    table = _Months(int(target.min()), int(target.max()))
    return _as_days(table.day(target, day))


def end_of_month(days: Dates) -> Dates:
    """Return the last day of each date's month."""
    return typing.cast(
        "Dates", (days.astype(MONTH) + 1).astype(DAY) - np.timedelta64(1, "D")
    )


def months_between(anchor: Dates, days: Dates) -> Ints:
    """Return ``k`` with ``add_months(anchor, k) <= days < add_months(anchor, k+1)``."""
    count = (days.astype(MONTH) - anchor.astype(MONTH)).astype(np.int64)
    return typing.cast(
        "Ints", np.where(add_months(anchor, count) > days, count - 1, count)
    )


class FeeLines(NamedTuple):
    """Fixed-fee lines, one row per line (a period, or a side of an anniversary)."""

    charge: Ints
    """Row of the charge in the input arrays."""
    start: Dates
    """First day the line covers."""
    end: Dates
    """First day after the line."""
    bill_on: Dates
    """When the line is invoiced."""
    amount: NDArray[np.int64] | NDArray[np.object_]
    """Amount in minor units."""
    year: Ints
    """Contract year of the line (0 for the first)."""
    period_days: Ints
    """Days in the full billing period the line belongs to."""


def fee_lines(
    *,
    anchor: Ints,
    months: Ints,
    window_start: Ints,
    window_end: Ints,
    term_start: Ints,
    fees: NDArray[np.int64] | NDArray[np.object_],
    advance: NDArray[np.bool_],
    rounding: str,
) -> FeeLines:
    r"""Compute the lines of recurring fixed fees, one charge per row of the inputs.

    Parameters
    ----------
    anchor
        Day number where each charge's grid of billing periods starts counting.
    months
        Months per billing period (1, 3 or 12).
    window_start, window_end
        Day numbers of the days each charge runs, half-open.
    term_start
        Day number of the start of each charge's contract term (its
        anniversaries escalate it).
    fees
        Fee per full billing period in minor units, one column per contract year
        (``fees[i, y]``); enough columns for every year the windows reach, plus
        one. ``int64`` when every fee is below :data:`SAFE_FEE`, else an object
        array of Python ints (exact, slower).
    advance
        Billed in advance (else in arrears).
    rounding
        A :mod:`decimal` rounding mode.

    Returns
    -------
    FeeLines
        The lines, charge by charge in order of their periods.

    Notes
    -----
    See :func:`~accountkit.contracts.billing_schedule` for the convention. A
    billing period :math:`P` crosses at most one anniversary :math:`c`; the
    fee accrued from its start to :math:`t` is
    :math:`V(t) = (f_y \cdot |[P_0, \min(t, c))| + f_{y+1} \cdot
    |[c, \max(t, c))|) / |P|` and a line over :math:`[a, b)` bills
    :math:`\mathrm{round}(V(b)) - \mathrm{round}(V(a))`, in integers.
    """
    anchor_month, anchor_day = _split(anchor)
    term_month, term_day = _split(term_start)
    start_month, _ = _split(window_start)
    last_month, _ = _split(window_end - 1)
    first = _grid_index(anchor_month, anchor_day, months, start_month, window_start)
    last = _grid_index(anchor_month, anchor_day, months, last_month, window_end - 1)
    counts = last - first + 1
    row = np.repeat(np.arange(len(anchor)), counts)
    step = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    start_index = anchor_month[row] + (first[row] + step) * months[row]
    end_index = start_index + months[row]
    low = int(min(start_index.min(initial=0), term_month.min(initial=0)))
    high = (
        int(max(end_index.max(initial=0), term_month.max(initial=0)))
        + 2 * _MONTHS_PER_YEAR
    )
    table = _Months(low, high)
    period_start = table.day(start_index, anchor_day[row])
    period_end = table.day(end_index, anchor_day[row])
    covered_start = np.maximum(period_start, window_start[row])
    covered_end = np.minimum(period_end, window_end[row])
    # Contract year of the period's first day: whole months since the term start,
    # less one if the day of the month has not been reached yet.
    elapsed = start_index - term_month[row]
    elapsed -= table.day(start_index, term_day[row]) > period_start
    year = np.maximum(np.floor_divide(elapsed, _MONTHS_PER_YEAR), 0)
    anniversary = table.day(
        term_month[row] + (year + 1) * _MONTHS_PER_YEAR, term_day[row]
    )
    split = (anniversary > covered_start) & (anniversary < covered_end)

    pieces = 1 + split.astype(np.int64)
    line = np.repeat(np.arange(len(row)), pieces)
    second = np.zeros(len(line), dtype=bool)
    second[(np.cumsum(pieces) - 1)[split]] = True
    start = np.where(second, anniversary[line], covered_start[line])
    end = np.where(split[line] & ~second, anniversary[line], covered_end[line])
    after = second | (covered_start[line] >= anniversary[line])
    line_year = year[line] + after.astype(np.int64)

    charge = row[line]
    fee_now = fees[charge, year[line]]
    fee_next = fees[charge, year[line] + 1]
    origin = period_start[line]
    boundary = anniversary[line]
    days_in_period = period_end[line] - origin

    def accrued(until: Ints) -> NDArray[np.int64] | NDArray[np.object_]:
        before = np.maximum(np.minimum(until, boundary) - origin, 0)
        beyond = np.maximum(until - boundary, 0)
        return typing.cast(
            "NDArray[np.int64] | NDArray[np.object_]",
            fee_now * before + fee_next * beyond,
        )

    amount = round_quotient(accrued(end), days_in_period, rounding) - round_quotient(
        accrued(start), days_in_period, rounding
    )
    bill_on = np.where(advance[charge], covered_start[line], covered_end[line])
    return FeeLines(
        charge=charge,
        start=_as_days(start),
        end=_as_days(end),
        bill_on=_as_days(bill_on),
        amount=amount,
        year=line_year,
        period_days=days_in_period,
    )


def _grid_index(
    anchor_month: Ints, anchor_day: Ints, months: Ints, month: Ints, day: Ints
) -> Ints:
    """Index of the grid period holding each day (one per charge)."""
    elapsed = month - anchor_month
    table = _Months(int(month.min(initial=0)), int(month.max(initial=0)))
    elapsed -= table.day(month, anchor_day) > day
    return typing.cast("Ints", np.floor_divide(elapsed, months))
