"""Array kernels for billing: month arithmetic and fixed-fee lines in numpy.

Dates are ``datetime64[D]``, amounts whole minor units (``int64``, or Python
ints in an object array when a product could overflow 63 bits). The object API
(:func:`~accountkit.contracts.billing_schedule`) and the portfolio API
(:func:`~accountkit.contracts.billing_arrays`) both call these, so each formula
has one implementation.
"""

import typing
from typing import Final, NamedTuple

import numpy as np
from numpy.typing import NDArray

from accountkit.money import round_quotient

__all__ = [
    "SAFE_FEE",
    "FeeLines",
    "add_months",
    "end_of_month",
    "fee_lines",
    "months_between",
]

DAY: Final = "datetime64[D]"
MONTH: Final = "datetime64[M]"
_MONTHS_PER_YEAR: Final = 12
# Fees (in minor units) below this times any period's days fit in int64.
SAFE_FEE: Final = 2**62 // 366

Dates = NDArray[np.datetime64]
Ints = NDArray[np.int64]


def add_months(days: Dates, months: Ints) -> Dates:
    """Add whole months element-wise, clamping to the end of shorter months.

    The array form of :func:`accountkit.periods.add_months`: the day of the month
    of ``days`` is kept where the target month has it, else the month's last day.
    """
    month = days.astype(MONTH)
    target = month + months.astype("timedelta64[M]")
    first = target.astype(DAY)
    length = ((target + 1).astype(DAY) - first).astype(np.int64)
    day = (days - month.astype(DAY)).astype(np.int64)
    return typing.cast(
        "Dates", first + np.minimum(day, length - 1).astype("timedelta64[D]")
    )


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


def _period_index(anchor: Dates, months: Ints, days: Dates) -> Ints:
    """Which period ``[anchor + k*months, anchor + (k+1)*months)`` holds each day."""
    return np.floor_divide(months_between(anchor, days), months)


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
    anchor: Dates,
    months: Ints,
    window_start: Dates,
    window_end: Dates,
    term_start: Dates,
    fees: NDArray[np.int64] | NDArray[np.object_],
    advance: NDArray[np.bool_],
    rounding: str,
) -> FeeLines:
    r"""Compute the lines of recurring fixed fees, one charge per row of the inputs.

    Parameters
    ----------
    anchor
        Where each charge's grid of billing periods starts counting.
    months
        Months per billing period (1, 3 or 12).
    window_start, window_end
        The days each charge runs, half-open.
    term_start
        Start of each charge's contract term (its anniversaries escalate it).
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
    charges = np.arange(len(anchor))
    first = _period_index(anchor, months, window_start)
    last = _period_index(anchor, months, window_end - np.timedelta64(1, "D"))
    counts = last - first + 1
    row = np.repeat(charges, counts)
    step = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    index = first[row] + step
    span = months[row]
    period_start = add_months(anchor[row], index * span)
    period_end = add_months(anchor[row], (index + 1) * span)
    covered_start = np.maximum(period_start, window_start[row])
    covered_end = np.minimum(period_end, window_end[row])
    year = np.maximum(
        months_between(term_start[row], period_start) // _MONTHS_PER_YEAR, 0
    )
    anniversary = add_months(term_start[row], (year + 1) * _MONTHS_PER_YEAR)
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
    days_in_period = (period_end[line] - origin).astype(np.int64)

    def accrued(until: Dates) -> NDArray[np.int64] | NDArray[np.object_]:
        before = (np.minimum(until, boundary) - origin).astype(np.int64)
        beyond = np.maximum((until - boundary).astype(np.int64), 0)
        return typing.cast(
            "NDArray[np.int64] | NDArray[np.object_]",
            fee_now * np.maximum(before, 0) + fee_next * beyond,
        )

    amount = round_quotient(accrued(end), days_in_period, rounding) - round_quotient(
        accrued(start), days_in_period, rounding
    )
    bill_on = np.where(advance[charge], covered_start[line], covered_end[line])
    return FeeLines(
        charge=charge,
        start=start,
        end=end,
        bill_on=bill_on,
        amount=amount,
        year=line_year,
        period_days=days_in_period,
    )
