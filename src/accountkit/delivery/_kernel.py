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


_CHUNK: Final = 1 << 16
"""Entries a pass of the fast path takes at a time: its temporaries stay in
the processor's cache instead of going to memory and back for each step."""


def rate_index(
    person: NDArray[np.int64],
    day: NDArray[np.int64],
    rate_person: NDArray[np.int64],
    rate_from: NDArray[np.int64],
    people: int,
) -> NDArray[np.int64]:
    """Return, for each entry, the index of the rate in effect (-1: none yet).

    ``rate_person`` and ``rate_from`` (days since 1970) list every rate
    change. An entry's rate is the last of its person's changes on or before
    its day: with at most ``k`` changes a person, ``k`` vectorised
    comparisons, whatever the number of entries.
    """
    order = np.lexsort((rate_from, rate_person))
    counts = np.bincount(rate_person, minlength=people)
    width = max(int(counts.max()) if counts.size else 0, 1)
    first = np.cumsum(counts) - counts
    slot = np.arange(order.size) - np.repeat(first, counts)
    starts = np.full((people, width), np.iinfo(np.int64).max)
    which = np.full(people * width + 1, -1, dtype=np.int64)
    sorted_person = rate_person[order]
    starts[sorted_person, slot] = rate_from[order]
    which[sorted_person * width + slot] = order
    found = np.empty(person.size, dtype=np.int64)
    for start in range(0, person.size, _CHUNK):
        part = slice(start, start + _CHUNK)
        who, when = person[part], day[part]
        spot = who * width
        spot -= 1
        for column in range(width):
            spot += when >= starts[who, column]
        # no rate yet points at the last cell, which holds -1
        spot[when < starts[who, 0]] = people * width
        found[part] = which[spot]
    return found


def period_column(
    day: NDArray[np.int64], edges: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Return each day's period between sorted ``edges`` (-1: outside them all).

    A table of the days from the first edge to the last, looked up: one
    gather, however the days are ordered.
    """
    first, span = int(edges[0]), int(edges[-1] - edges[0])
    table = np.full(span + 2, -1, dtype=np.int64)
    table[1:-1] = np.repeat(np.arange(edges.size - 1), np.diff(edges))
    return table[np.clip(day - first, -1, span) + 1]


def _exact_float(values: NDArray[Any], bound: int) -> bool:
    """Whether whole ``values`` adding up to at most ``bound`` add exactly as floats."""
    return values.dtype != object and bound < _EXACT_FLOAT


def _totals(
    keys: NDArray[np.int64], values: NDArray[Any], size: int, bound: int
) -> NDArray[Any]:
    """Return the sums of non-negative whole ``values`` by ``keys``, exactly.

    ``bound`` is at least the total of ``values``: below 2**53 bincount's
    float sums are exact; otherwise int64 (or Python integers) add them.
    """
    if _exact_float(values, bound):
        counted = np.bincount(keys, weights=values, minlength=size)
        return np.rint(counted).astype(np.int64)
    if values.dtype == object or bound >= _INT64:
        out = np.zeros(size, dtype=object)
        for key, value in zip(keys.tolist(), values.tolist(), strict=True):
            out[key] += value
        return out
    exact = np.zeros(size, dtype=np.int64)
    np.add.at(exact, keys, values)
    return exact


def _top(values: NDArray[Any]) -> int:
    return int(values.max()) if values.size else 0


def _times(values: NDArray[Any], factor: NDArray[Any], bound: int) -> NDArray[Any]:
    """Multiply exactly: floats or int64 within their bounds, else Python integers."""
    if _exact_float(values, bound) and factor.dtype != object:
        floats: NDArray[Any] = values.astype(np.float64) * factor
        return floats
    if bound < _INT64 and object not in {values.dtype, factor.dtype}:
        whole: NDArray[Any] = values * factor
        return whole
    exact: NDArray[Any] = values.astype(object) * factor.astype(object)
    return exact


def _fast(arrays: tuple[NDArray[Any], ...], top: int, bound: int) -> bool:
    """Return whether the chunked path is exact for these inputs.

    It is for int64 inputs whose largest weight ``top`` a float holds
    exactly and whose total ``bound`` an int64 does.
    """
    whole = all(a.dtype == np.int64 for a in arrays)
    return whole and top < _EXACT_FLOAT and bound < _INT64


def _chunked(
    entries: tuple[
        NDArray[np.int64], NDArray[np.int64], NDArray[Any], NDArray[np.bool_]
    ],
    rates: tuple[NDArray[Any], ...],
    *,
    rows: int,
    periods: int,
    tops: tuple[int, int],
) -> list[NDArray[np.int64]]:
    """Add up hours, billable hours and each rate times each, chunk by chunk.

    Returns the hours, the billable hours, and for each of ``rates`` the
    hours (then the billable hours) times it, each a table of ``rows`` by
    ``periods``. An entry outside the periods (-1) goes to a column of its
    own that is dropped, rather than being selected out.

    ``tops`` are the largest weight and the bound on the whole total. A
    chunk is small enough for its float sums to be exact (its entries times
    the largest weight below 2**53) and, within that, at least four times
    the table, so that adding each chunk's table to the total costs little
    beside the chunk itself; the totals are added up as floats while the
    whole total is below 2**53, else in int64.
    """
    group, period, hours, billable = entries
    top, bound = tops
    width = periods + 1
    size = rows * width
    step = max(min(max(_CHUNK, 4 * size), (_EXACT_FLOAT - 1) // max(top, 1)), 1)
    floats = bound < _EXACT_FLOAT
    kind = np.float64 if floats else np.int64
    totals = [np.zeros(size, dtype=kind) for _ in range(2 + len(rates))]
    for start in range(0, hours.size, step):
        part = slice(start, start + step)
        keys = group[part] * width
        keys += period[part]
        keys += 1
        worked = hours[part].astype(np.float64)
        paid = worked * billable[part]
        weights = [worked, paid]
        weights += [
            (worked if index == 0 else paid) * rate[part]
            for index, rate in enumerate(rates)
        ]
        for index, weight in enumerate(weights):
            counted = np.bincount(keys, weights=weight, minlength=size)
            totals[index] += counted if floats else np.rint(counted).astype(np.int64)
    return [
        np.rint(total).astype(np.int64).reshape(rows, width)[:, 1:] for total in totals
    ]


def sums(
    group: NDArray[np.int64],
    period: NDArray[np.int64],
    hours: NDArray[Any],
    billable: NDArray[np.bool_],
    rates: tuple[NDArray[Any], NDArray[Any]],
    *,
    shape: tuple[int, int],
    scales: tuple[int, int],
    tops: tuple[int, int] | None = None,
) -> Sums:
    """Sum hours, cost and standard value by group and period.

    ``group`` and ``period`` are each entry's row and column (an entry with a
    period of -1 is outside every period and left out); ``hours`` whole
    units of ``1 / hour_scale``; ``rates`` each entry's cost and bill rate in
    ``1 / rate_scale``; ``shape`` the number of groups and periods; ``tops``
    bounds on the largest hours and the largest rate, when the caller knows
    them (else they are found).
    """
    groups, periods = shape
    hour_top, rate_top = tops or (_top(hours), max(_top(rates[0]), _top(rates[1])))
    hour_bound = hour_top * hours.size
    money_bound = hour_bound * rate_top
    if _fast((hours, *rates), hour_top * rate_top, money_bound):
        found = _chunked(
            (group, period, hours, billable),
            rates,
            rows=groups,
            periods=periods,
            tops=(hour_top * rate_top, money_bound),
        )
        return Sums(
            hours=found[0],
            billable=found[1],
            cost=found[2],
            standard=found[3],
            hour_scale=scales[0],
            rate_scale=scales[1],
        )
    inside = period >= 0
    if not inside.all():
        group, period, hours = group[inside], period[inside], hours[inside]
        billable = billable[inside]
        rates = (rates[0][inside], rates[1][inside])
    keys = group * periods + period
    size = groups * periods
    # non-billable hours count as 0 billable: multiplying is cheaper than
    # selecting, and adds the same
    paid = hours * billable

    def table(values: NDArray[Any], bound: int) -> NDArray[Any]:
        return _totals(keys, values, size, bound).reshape(groups, periods)

    return Sums(
        hours=table(hours, hour_bound),
        billable=table(paid, hour_bound),
        cost=table(_times(hours, rates[0], money_bound), money_bound),
        standard=table(_times(paid, rates[1], money_bound), money_bound),
        hour_scale=scales[0],
        rate_scale=scales[1],
    )


def person_sums(
    which: NDArray[np.int64],
    period: NDArray[np.int64],
    hours: NDArray[Any],
    billable: NDArray[np.bool_],
    rate_table: tuple[NDArray[np.int64], NDArray[Any], NDArray[Any]],
    *,
    shape: tuple[int, int],
    scales: tuple[int, int],
    hour_top: int | None = None,
) -> Sums:
    """Sum hours, cost and standard value by person and period, through the rates.

    ``which`` is each entry's rate (:func:`rate_index`); ``rate_table`` each
    rate's person, cost rate and bill rate. A person's cost is, rate by
    rate, the rate times the hours worked at it: the hours are added up by
    rate and period (a small table), then multiplied, exactly as the sum of
    each entry's cost, with a third of the passes over the entries.
    ``hour_top`` bounds the largest hours, when the caller knows it.
    """
    people, periods = shape
    owner, cost_rate, bill_rate = rate_table
    rates = owner.size
    top = _top(hours) if hour_top is None else hour_top
    hour_bound = top * hours.size
    money_bound = hour_bound * max(_top(cost_rate), _top(bill_rate))
    if _fast((hours,), top, hour_bound):
        worked, charged = _chunked(
            (which, period, hours, billable),
            (),
            rows=rates,
            periods=periods,
            tops=(top, hour_bound),
        )
    else:
        inside = period >= 0
        if not inside.all():
            which, period = which[inside], period[inside]
            hours, billable = hours[inside], billable[inside]
        keys = which * periods + period
        paid = hours * billable
        size = rates * periods
        worked = _totals(keys, hours, size, hour_bound).reshape(rates, periods)
        charged = _totals(keys, paid, size, hour_bound).reshape(rates, periods)

    def by_person(values: NDArray[Any], kind: object) -> NDArray[Any]:
        out: NDArray[Any] = np.zeros((people, periods), dtype=kind)  # type: ignore[call-overload]
        np.add.at(out, owner, values)
        return out

    exact = money_bound >= _INT64 or object in {hours.dtype, cost_rate.dtype}
    kind = object if exact else np.int64
    if exact:
        worked, charged = worked.astype(object), charged.astype(object)
        cost_rate, bill_rate = cost_rate.astype(object), bill_rate.astype(object)
    return Sums(
        hours=by_person(worked, kind),
        billable=by_person(charged, kind),
        cost=by_person(worked * cost_rate[:, None], kind),
        standard=by_person(charged * bill_rate[:, None], kind),
        hour_scale=scales[0],
        rate_scale=scales[1],
    )


def whole(values: Sequence[int]) -> NDArray[Any]:
    """Return whole numbers as int64, or as Python integers if one is too big."""
    if all(-_INT64 < value < _INT64 for value in values):
        return np.asarray(values, dtype=np.int64)
    return np.asarray(values, dtype=object)
