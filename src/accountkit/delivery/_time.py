"""Time entries as the kernel's columns, and the hours people could work.

The object paths (one person's utilisation, the firm's by month, the client
P&L) turn their records into the kernel's whole-number columns here, and get
each person's available time by period from their calendar, so that every
path counts hours, cost and capacity the one way.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from accountkit.delivery import _kernel
from accountkit.delivery._people import Leave, Person, TimeEntry, working_seconds
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import Money
from accountkit.periods import Period

if TYPE_CHECKING:
    from accountkit.contracts import BusinessCalendar

__all__ = [
    "Columns",
    "available_seconds",
    "bounds_of",
    "columns",
    "day_number",
    "exact",
    "hours_of",
    "money_of",
]

SECONDS_AN_HOUR: Final = 3600
_EPOCH: Final = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Return days since 1 January 1970 (numpy's ``datetime64[D]`` count)."""
    return (day - _EPOCH).days


def bounds_of(period: Period) -> list[date]:
    """Return the first day of each month of ``period`` (clipped), and its end."""
    return [month.start for month in period.months()] + [period.end]


def available_seconds(
    people: Sequence[Person],
    bounds: Sequence[date],
    *,
    leave: Sequence[Leave],
    net: bool,
) -> NDArray[np.int64]:
    """Return each person's working seconds in each period between ``bounds``.

    The days of their calendar within their time with the firm, less their
    leave days when ``net``. A row per person, a column per period.
    """
    first, end = bounds[0], bounds[-1]
    span = (end - first).days
    # people who share a calendar (equal, not only the same object) share
    # its days
    cumulative: dict[BusinessCalendar, NDArray[np.int64]] = {}
    edges = np.asarray([(b - first).days for b in bounds], dtype=np.int64)
    table = np.zeros((len(people), len(bounds) - 1), dtype=np.int64)
    away: dict[str, set[date]] = {}
    for record in leave:
        away.setdefault(record.person, set()).update(record.days())
    for row, person in enumerate(people):
        key = person.calendar
        if key not in cumulative:
            daily = [
                working_seconds(person.calendar, first + timedelta(days=n))
                for n in range(span)
            ]
            cumulative[key] = np.concatenate(([0], np.cumsum(daily, dtype=np.int64)))
        running = cumulative[key]
        low = 0 if person.joined_on is None else (person.joined_on - first).days
        high = span if person.last_day is None else (person.last_day - first).days + 1
        low = min(max(low, 0), span)
        high = max(min(high, span), low)
        starts = np.clip(edges[:-1], low, high)
        ends = np.clip(edges[1:], low, high)
        table[row] = running[ends] - running[starts]
        if net:
            for day in away.get(person.id, ()):
                if first <= day < end and person.employed_on(day):
                    column = int(np.searchsorted(edges, (day - first).days, "right"))
                    table[row, column - 1] -= working_seconds(person.calendar, day)
    return table


def _places(values: Sequence[Decimal]) -> int:
    """Return decimal places enough to write every one of ``values`` exactly.

    Equal values need the same places (2.5 and 2.50 are both written with
    one), so each distinct value is looked at once: a year of time sheets
    holds a handful of distinct hours.
    """
    found = 0
    for value in set(values):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > found:
            found = -exponent
    return found


@attrs.frozen
class Columns:
    """Time entries as the kernel's columns, with the scales they are in."""

    hours: NDArray[Any]
    billable: NDArray[np.bool_]
    cost_rate: NDArray[Any]
    bill_rate: NDArray[Any]
    period: NDArray[np.int64]
    person: NDArray[np.int64]
    rate: NDArray[np.int64]
    rate_table: tuple[NDArray[np.int64], NDArray[Any], NDArray[Any]]
    scales: tuple[int, int]
    currency: str


def columns(
    people: Sequence[Person],
    entries: Sequence[TimeEntry],
    bounds: Sequence[date],
    *,
    root: str,
) -> Columns:
    """Return ``entries`` as columns: each with its person's rates on its day.

    Raises
    ------
    ValidationError
        For an entry of a person not among ``people``, or before their first
        rate.
    CurrencyMismatchError
        For people whose rates are in different currencies.
    """
    rows = {person.id: index for index, person in enumerate(people)}
    currency = people[0].currency if people else "XXX"
    for index, someone in enumerate(people):
        if someone.currency != currency:
            message = f"rates in {someone.currency}, the first person's in {currency}"
            raise CurrencyMismatchError(
                message, path=("people", index, "rates"), root=root
            )
    changes = [change for person in people for change in person.rates]
    hour_scale = 10 ** _places([entry.hours for entry in entries])
    rate_scale = 10 ** _places(
        [c.cost_rate.amount for c in changes] + [c.bill_rate.amount for c in changes]
    )
    person = np.empty(len(entries), dtype=np.int64)
    for index, entry in enumerate(entries):
        found = rows.get(entry.person)
        if found is None:
            message = f"no person {entry.person!r} among the people"
            raise ValidationError(message, path=("entries", index, "person"), root=root)
        person[index] = found
    days = np.asarray([day_number(entry.day) for entry in entries], dtype=np.int64)
    rate_person = np.asarray(
        [row for row, p in enumerate(people) for _ in p.rates], dtype=np.int64
    )
    rate_from = np.asarray([day_number(c.effective_from) for c in changes], np.int64)
    which = _kernel.rate_index(person, days, rate_person, rate_from, len(people))
    if (which < 0).any():
        index = int(np.argmax(which < 0))
        message = (
            f"{entries[index].day} is before {entries[index].person!r}'s first rate"
        )
        raise ValidationError(message, path=("entries", index, "day"), root=root)
    edges = np.asarray([day_number(b) for b in bounds], dtype=np.int64)
    period = _kernel.period_column(days, edges)
    cost = _kernel.whole([int(c.cost_rate.amount * rate_scale) for c in changes])
    bill = _kernel.whole([int(c.bill_rate.amount * rate_scale) for c in changes])
    return Columns(
        hours=_kernel.whole([int(entry.hours * hour_scale) for entry in entries]),
        billable=np.asarray([entry.billable for entry in entries], dtype=np.bool_),
        cost_rate=cost[which],
        bill_rate=bill[which],
        period=period,
        person=person,
        rate=which,
        rate_table=(rate_person, cost, bill),
        scales=(hour_scale, rate_scale),
        currency=currency,
    )


def hours_of(units: object, scale: int) -> Decimal:
    """Return a whole count of ``1 / scale`` hours as exact Decimal hours."""
    return exact(Fraction(int(units), scale))  # type: ignore[call-overload]


def money_of(units: object, sums: _kernel.Sums, currency: str, rounding: str) -> Money:
    """Round a kernel sum of money to the minor unit, once."""
    whole = Fraction(int(units), sums.hour_scale * sums.rate_scale)  # type: ignore[call-overload]
    return Money.from_fraction(whole, currency, rounding=rounding)


def exact(value: Fraction) -> Decimal:
    """Write an exact number of hours as a Decimal.

    Exact for the decimal hours a time sheet holds; a third of an hour (from
    seconds of a calendar) is written to the decimal context's 28 digits.
    """
    return Decimal(value.numerator) / Decimal(value.denominator)
