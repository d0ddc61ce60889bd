"""The one kernel of delivery's time: hours, cost and value by group and period.

Every figure the package derives from time entries -- one person's
utilisation, the firm's utilisation by person and month, an engagement's cost
in the client P&L -- is a sum of hours, and of hours times the rate in effect
on their day, by a group (a person, an engagement) and a period. This module
computes those sums once, in whole numbers: hours in units of
``1 / hour_scale`` of an hour, rates in ``1 / rate_scale`` of the currency, so
that cost is exact (in ``1 / (hour_scale * rate_scale)``) until a caller
rounds it, once, to the minor unit. The object paths scale to the digits
their Decimals carry; the array path works in hundredths of an hour and whole
minor units.

Sums are int64 while they cannot overflow, Python integers otherwise (never
a wrapped or rounded total).
"""

from collections.abc import Sequence
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

__all__ = ["Sums", "rate_index", "sums"]

_EXACT_FLOAT: Final = 2**53
"""Whole numbers below this add exactly in float64 (bincount's weights)."""
_INT64: Final = 2**63


@attrs.frozen
class Sums:
    """Hours and money by group and period, exact.

    Each table has a row per group and a column per period: ``hours`` and
    ``billable`` in ``1 / hour_scale`` hours, ``cost`` and ``standard`` (the
    billable hours at the bill rate) in ``1 / (hour_scale * rate_scale)`` of
    the currency.
    """

    hours: NDArray[Any]
    billable: NDArray[Any]
    cost: NDArray[Any]
    standard: NDArray[Any]
    hour_scale: int
    rate_scale: int


def rate_index(
    person: NDArray[np.int64],
    day: NDArray[np.int64],
    rate_person: NDArray[np.int64],
    rate_from: NDArray[np.int64],
    people: int,
) -> NDArray[np.int64]:
    """Return, for each entry, the index of the rate in effect (-1: none yet).

    ``rate_person`` and ``rate_from`` (days since 1970) list every rate
    change; a person's changes are in date order. An entry's rate is the last
    of its person's changes on or before its day: with at most ``k`` changes
    a person, ``k`` vectorised comparisons, whatever the number of entries.
    """
    order = np.lexsort((rate_from, rate_person))
    counts = np.bincount(rate_person, minlength=people)
    width = int(counts.max()) if counts.size else 0
    first = np.cumsum(counts) - counts
    slot = np.arange(order.size) - np.repeat(first, counts)
    starts = np.full((people, max(width, 1)), np.iinfo(np.int64).max)
    which = np.full((people, max(width, 1)), -1, dtype=np.int64)
    sorted_person = rate_person[order]
    starts[sorted_person, slot] = rate_from[order]
    which[sorted_person, slot] = order
    seen = np.zeros(person.shape, dtype=np.int64)
    for column in range(width):
        seen += day >= starts[person, column]
    found = which[person, np.maximum(seen - 1, 0)]
    return np.where(seen > 0, found, -1)


def _totals(keys: NDArray[np.int64], values: NDArray[Any], size: int) -> NDArray[Any]:
    """Return the sums of non-negative whole ``values`` by ``keys``, exactly."""
    if values.dtype == object:
        out = np.zeros(size, dtype=object)
        for key, value in zip(keys.tolist(), values.tolist(), strict=True):
            out[key] += value
        return out
    if values.size == 0 or float(values.sum(dtype=np.float64)) < _EXACT_FLOAT:
        counted = np.bincount(keys, weights=values, minlength=size)
        return np.rint(counted).astype(np.int64)
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, keys, values)
    return out


def _product(hours: NDArray[Any], rates: NDArray[Any]) -> NDArray[Any]:
    """Multiply exactly: int64 when no product or sum can overflow it."""
    if object not in {hours.dtype, rates.dtype} and hours.size:
        bound = int(hours.max()) * int(rates.max()) * hours.size
        if bound < _INT64:
            product: NDArray[Any] = hours * rates
            return product
    exact: NDArray[Any] = hours.astype(object) * rates.astype(object)
    return exact


def sums(
    group: NDArray[np.int64],
    period: NDArray[np.int64],
    hours: NDArray[Any],
    billable: NDArray[np.bool_],
    rates: tuple[NDArray[Any], NDArray[Any]],
    *,
    shape: tuple[int, int],
    scales: tuple[int, int],
) -> Sums:
    """Sum hours, cost and standard value by group and period.

    ``group`` and ``period`` are each entry's row and column (an entry with a
    period of -1 is outside every period and left out); ``hours`` whole
    units of ``1 / hour_scale``; ``rates`` each entry's cost and bill rate in
    ``1 / rate_scale``; ``shape`` the number of groups and periods.
    """
    groups, periods = shape
    inside = period >= 0
    if not inside.all():
        group, period, hours = group[inside], period[inside], hours[inside]
        billable = billable[inside]
        rates = (rates[0][inside], rates[1][inside])
    keys = group * periods + period
    size = groups * periods
    paid = keys[billable]
    paid_hours = hours[billable]

    def table(values: NDArray[Any], where: NDArray[np.int64]) -> NDArray[Any]:
        return _totals(where, values, size).reshape(groups, periods)

    return Sums(
        hours=table(hours, keys),
        billable=table(paid_hours, paid),
        cost=table(_product(hours, rates[0]), keys),
        standard=table(_product(paid_hours, rates[1][billable]), paid),
        hour_scale=scales[0],
        rate_scale=scales[1],
    )


def whole(values: Sequence[int]) -> NDArray[Any]:
    """Return whole numbers as int64, or as Python integers if one is too big."""
    if all(-_INT64 < value < _INT64 for value in values):
        return np.asarray(values, dtype=np.int64)
    return np.asarray(values, dtype=object)
