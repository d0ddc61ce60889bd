"""A firm's time as arrays: hours, cost and utilisation by person and month."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit._arrays import check_ndim, day_array, float_array, whole_array
from accountkit._checked import checked
from accountkit._frames import frame, whole_numbers
from accountkit.delivery import _kernel
from accountkit.delivery._people import Leave, Person
from accountkit.delivery._time import SECONDS_AN_HOUR, available_seconds, bounds_of
from accountkit.delivery._utilisation import Capacity
from accountkit.errors import ValidationError
from accountkit.money import check_currency
from accountkit.periods import Period

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TimeArrays", "TimeTable", "available_hours", "time_arrays"]

_HUNDREDTHS: Final = 100
"""The array path counts hours in hundredths (a time sheet's 0.01 h)."""
_DAY_UNITS: Final = 24 * _HUNDREDTHS
_SLACK: Final = 1e-6
"""How far from a hundredth a float's hours may be and still be that hundredth."""


class TimeTable(NamedTuple):
    """Hours and money by row (a person or an engagement) and month, as arrays."""

    label: str
    """What a row is: ``"person"`` or ``"engagement"`` (row i is code i)."""
    months: NDArray[np.datetime64]
    """The first day of each month (of each part month at the ends)."""
    currency: str
    """The currency of ``cost`` and ``standard_value``."""
    hours: NDArray[np.float64]
    """Hours recorded, by row and month."""
    billable_hours: NDArray[np.float64]
    """The billable ones."""
    cost: NDArray[Any]
    """Every hour at its day's cost rate, in whole minor units, rounded half-up
    once a cell (int64; Python integers if a total outgrows it)."""
    standard_value: NDArray[Any]
    """Billable hours at their day's bill rate, in minor units, the same way."""
    available_hours: NDArray[np.float64] | None
    """The hours each person could work (as given), or ``None``."""
    utilisation: NDArray[np.float64] | None
    """Billable over available hours in percent, unrounded; NaN where nothing
    was available (undefined, not 0); ``None`` without available hours."""

    def to_frame(self) -> "pd.DataFrame":
        """Return a tidy DataFrame: one row per person (or engagement) and month.

        Columns: the row's code (``person`` or ``engagement``), ``month``
        (its first day), ``hours``, ``billable_hours``, ``cost`` and
        ``standard_value`` (whole minor units, ``Int64``) and, with available
        hours, ``available_hours`` and ``utilisation``. Needs pandas (``pip
        install 'accountkit[pandas]'``).

        Examples
        --------
        >>> import numpy as np
        >>> from datetime import date
        >>> from accountkit import Period
        >>> seen = time_arrays(
        ...     person=[0, 0, 1], engagement=[0, 0, 0],
        ...     day=np.array(["2026-02-02", "2026-03-02", "2026-02-03"],
        ...                  dtype="datetime64[D]"),
        ...     hours=[8.0, 7.5, 4.0], billable=[True, False, True],
        ...     rate_person=[0, 1], rate_from=["2026-01-01", "2026-01-01"],
        ...     cost_rate=[7000, 5000], bill_rate=[15000, 10000], currency="EUR",
        ...     period=Period(date(2026, 2, 1), date(2026, 4, 1)))
        >>> seen.by_person.to_frame()
           person      month  hours  billable_hours   cost  standard_value
        0       0 2026-02-01    8.0             8.0  56000          120000
        1       0 2026-03-01    7.5             0.0  52500               0
        2       1 2026-02-01    4.0             4.0  20000           40000
        3       1 2026-03-01    0.0             0.0      0               0
        """
        rows, columns = self.hours.shape
        where = "TimeTable.to_frame"
        table: dict[str, Any] = {
            self.label: np.repeat(np.arange(rows), columns),
            "month": np.tile(self.months.astype("datetime64[ns]"), rows),
            "hours": self.hours.reshape(-1),
            "billable_hours": self.billable_hours.reshape(-1),
            "cost": whole_numbers(self.cost.reshape(-1).tolist(), where=where),
            "standard_value": whole_numbers(
                self.standard_value.reshape(-1).tolist(), where=where
            ),
        }
        if self.available_hours is not None and self.utilisation is not None:
            table["available_hours"] = self.available_hours.reshape(-1)
            table["utilisation"] = self.utilisation.reshape(-1)
        return frame(table, where=where)


class TimeArrays(NamedTuple):
    """A firm's time added up by person and month and by engagement and month."""

    by_person: TimeTable
    by_engagement: TimeTable


def _codes(value: ArrayLike, *, path: str, where: str) -> NDArray[np.int64]:
    codes = whole_array(value, where=where, path=path, ndim=1)
    if codes.size and codes.min() < 0:
        index = int(np.argmax(codes < 0))
        message = f"a code is a row number from 0, got {codes[index]} at index {index}"
        raise ValidationError(message, path=path, root=where)
    return codes


def _hundredths(value: ArrayLike, *, where: str) -> NDArray[np.int64]:
    """Return hours as whole hundredths, each above 0 and at most 24 hours."""
    hours = np.asarray(value)
    # huge hours overflow the sum and the scaling: refused below as above 24
    with np.errstate(over="ignore", invalid="ignore"):
        if hours.dtype.kind != "f" or not np.isfinite(hours.sum()):
            # one sum finds a NaN or an infinity; float_array says where
            hours = float_array(value, where=where, path="hours", ndim=1)
        check_ndim(hours, 1, where=where, path="hours")
        scaled = hours * _HUNDREDTHS
        units = np.rint(scaled)
        # the checks reduce first and look for the place only when one fails
        np.subtract(scaled, units, out=scaled)
        np.abs(scaled, out=scaled)
    if scaled.max(initial=0) > _SLACK:
        index = int(np.argmax(scaled > _SLACK))
        message = f"{hours[index]} at index {index} is not in hundredths of an hour"
        raise ValidationError(message, path="hours", root=where)
    if units.size and (units.min() <= 0 or units.max() > _DAY_UNITS):
        index = int(np.argmax((units <= 0) | (units > _DAY_UNITS)))
        message = (
            f"must be above 0 and at most 24 hours, got {hours[index]} at index {index}"
        )
        raise ValidationError(message, path="hours", root=where)
    whole: NDArray[np.int64] = units.astype(np.int64)
    return whole


def _flags(value: ArrayLike, *, where: str) -> NDArray[np.bool_]:
    flags = np.asarray(value)
    check_ndim(flags, 1, where=where, path="billable")
    if flags.dtype.kind != "b":
        message = f"expected booleans, got an array of {flags.dtype}"
        raise ValidationError(message, path="billable", root=where)
    return flags


def _check_days(
    person: NDArray[np.int64],
    day: NDArray[np.int64],
    units: NDArray[np.int64],
    where: str,
) -> None:
    """Refuse a person's day of more than 24 hours, naming its first entry."""
    if not day.size:
        return
    first = int(day.min())
    span = int(day.max()) - first + 1
    keys = person * span
    keys += day
    keys -= first
    totals = np.bincount(keys, weights=units)
    if totals.max() > _DAY_UNITS:
        index = int(np.argmax(totals[keys] > _DAY_UNITS))
        when = np.datetime64(int(day[index]), "D")
        message = (
            f"person {person[index]} has {totals[keys[index]] / _HUNDREDTHS} hours on "
            f"{when} (the first entry of the day at index {index}); a day has 24"
        )
        raise ValidationError(message, path="hours", root=where)


def _rates(
    rate_person: ArrayLike,
    rate_from: ArrayLike,
    money: tuple[ArrayLike, ArrayLike],
    where: str,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    people = _codes(rate_person, path="rate_person", where=where)
    starts = day_array(rate_from, where=where, path="rate_from").view(np.int64)
    cost = whole_array(money[0], where=where, path="cost_rate", ndim=1)
    bill = whole_array(money[1], where=where, path="bill_rate", ndim=1)
    if not (len(people) == len(starts) == len(cost) == len(bill)):
        sizes = f"{len(people)}, {len(starts)}, {len(cost)}, {len(bill)}"
        message = (
            f"rate_person, rate_from, cost_rate and bill_rate differ in length "
            f"({sizes})"
        )
        raise ValidationError(message, root=where)
    for name, values in (("cost_rate", cost), ("bill_rate", bill)):
        if values.size and values.min() < 0:
            index = int(np.argmax(values < 0))
            message = f"a rate is not negative, got {values[index]} at index {index}"
            raise ValidationError(message, path=name, root=where)
    order = np.lexsort((starts, people))
    repeated = (np.diff(people[order]) == 0) & (np.diff(starts[order]) == 0)
    if repeated.any():
        message = "a person has two rates from the same day"
        raise ValidationError(message, path="rate_from", root=where)
    return people, starts, cost, bill


@checked
def time_arrays(
    *,
    person: ArrayLike,
    engagement: ArrayLike,
    day: ArrayLike,
    hours: ArrayLike,
    billable: ArrayLike,
    rate_person: ArrayLike,
    rate_from: ArrayLike,
    cost_rate: ArrayLike,
    bill_rate: ArrayLike,
    currency: str,
    period: Period,
    available: ArrayLike | None = None,
) -> TimeArrays:
    r"""Add up a firm's time entries by person and month and by engagement and month.

    The array path of :func:`monthly_utilisation` and :func:`client_pnl`'s
    time cost, on the same kernel: each entry is priced at its person's rate
    in effect on its day, exactly in whole numbers, and each cell is rounded
    half-up to the minor unit once.

    Parameters
    ----------
    person, engagement
        Each entry's person and engagement as row numbers from 0 (pandas'
        ``Categorical.codes``, say): row ``i`` of the result is code ``i``.
    day
        Each entry's day (``datetime64[D]`` or ISO text).
    hours
        Each entry's hours (float), in hundredths of an hour, above 0 and at
        most 24; a person's entries on a day at most 24 together.
    billable
        Each entry's billable flag (booleans).
    rate_person, rate_from, cost_rate, bill_rate
        The rate changes: whose, from which day, and the cost and standard
        bill rate per hour in whole minor units (cents).
    currency
        The rates' currency.
    period
        The months to add up (a part month at either end is its own column);
        entries outside it are left out.
    available
        Each person's available hours by month (:func:`available_hours`),
        for utilisation.

    Raises
    ------
    ValidationError
        For arrays of different lengths or of the wrong kind, negative codes
        or rates, hours not in hundredths or above 24 a day, an entry before
        its person's first rate, two rates of a person from one day, or
        available hours of the wrong shape.

    Notes
    -----
    .. math::

        \text{cost}_{r,m} = \Big[\tfrac{1}{100} \sum_{e \in (r, m)}
        h_e \cdot c_{p(e), d(e)}\Big]

    with hours :math:`h_e` in hundredths, rates :math:`c` in minor units and
    :math:`[\cdot]` rounding half-up; the sums are exact integers.
    """
    where = "time_arrays"
    check_currency(currency, where=where)
    people_codes = _codes(person, path="person", where=where)
    work = _codes(engagement, path="engagement", where=where)
    days = day_array(day, where=where, path="day").view(np.int64)
    units = _hundredths(hours, where=where)
    paid = _flags(billable, where=where)
    if not (len(people_codes) == len(work) == len(days) == len(units) == len(paid)):
        sizes = ", ".join(str(len(a)) for a in (people_codes, work, days, units, paid))
        message = (
            f"person, engagement, day, hours and billable differ in length ({sizes})"
        )
        raise ValidationError(message, root=where)
    rate_people, starts, cost, bill = _rates(
        rate_person, rate_from, (cost_rate, bill_rate), where
    )
    headcount = int(max(rate_people.max(initial=-1), people_codes.max(initial=-1))) + 1
    _check_days(people_codes, days, units, where)
    which = _kernel.rate_index(people_codes, days, rate_people, starts, headcount)
    if (which < 0).any():
        index = int(np.argmax(which < 0))
        message = (
            f"person {people_codes[index]} has no rate on "
            f"{np.datetime64(int(days[index]), 'D')} (index {index})"
        )
        raise ValidationError(message, path="day", root=where)
    bounds = bounds_of(period)
    edges = np.asarray(bounds, dtype="datetime64[D]").astype(np.int64)
    column = _kernel.period_column(days, edges)
    months = np.asarray(bounds[:-1], dtype="datetime64[D]")
    periods = len(bounds) - 1
    spare = _available(available, (headcount, periods), where)
    scales = (_HUNDREDTHS, 1)
    by_person = _kernel.person_sums(
        which,
        column,
        units,
        paid,
        (rate_people, cost, bill),
        shape=(headcount, periods),
        scales=scales,
        hour_top=_DAY_UNITS,
    )
    by_engagement = _kernel.sums(
        work,
        column,
        units,
        paid,
        (cost[which], bill[which]),
        shape=(int(work.max(initial=-1)) + 1, periods),
        scales=scales,
        tops=(_DAY_UNITS, max(int(cost.max(initial=0)), int(bill.max(initial=0)))),
    )
    tables = [
        _table(label, sums, months, currency, spare)
        for label, sums in (("person", by_person), ("engagement", by_engagement))
    ]
    return TimeArrays(by_person=tables[0], by_engagement=tables[1])


def _table(
    label: str,
    sums: _kernel.Sums,
    months: NDArray[np.datetime64],
    currency: str,
    spare: NDArray[np.float64] | None,
) -> TimeTable:
    """Return the kernel's sums as a table: hours as floats, money in cents.

    The rates are whole minor units, so money comes in ``1 / hour_scale`` of
    a minor unit, and is rounded half-up to it (the sums are not negative).
    """
    billable_hours = sums.billable / sums.hour_scale
    people = label == "person"
    scale = sums.hour_scale * sums.rate_scale
    return TimeTable(
        label=label,
        months=months,
        currency=currency,
        hours=sums.hours / sums.hour_scale,
        billable_hours=billable_hours,
        cost=(sums.cost + scale // 2) // scale,
        standard_value=(sums.standard + scale // 2) // scale,
        available_hours=spare if people else None,
        utilisation=_utilisation(billable_hours, spare) if people else None,
    )


def _available(
    value: ArrayLike | None, shape: tuple[int, int], where: str
) -> NDArray[np.float64] | None:
    if value is None:
        return None
    spare = float_array(value, where=where, path="available", ndim=2)
    if spare.shape != shape:
        message = (
            f"expected a row per person and a column per month {shape}, "
            f"got {spare.shape}"
        )
        raise ValidationError(message, path="available", root=where)
    return spare


def _utilisation(
    billable: NDArray[np.float64], available: NDArray[np.float64] | None
) -> NDArray[np.float64] | None:
    if available is None:
        return None
    share = np.full(billable.shape, np.nan)
    np.divide(billable * 100, available, out=share, where=available > 0)
    return share


@checked
def available_hours(
    people: Sequence[Person],
    *,
    period: Period,
    leave: Sequence[Leave] = (),
    capacity: Capacity = Capacity.NET,
) -> NDArray[np.float64]:
    """Return each person's available hours in each month of ``period``.

    A row per person (in the order given), a column per month: the working
    hours of their calendar while they were with the firm, less leave when
    net; what :func:`time_arrays` takes as ``available``, and the hours
    :func:`monthly_utilisation` counts.

    Examples
    --------
    >>> from datetime import date, time
    >>> from accountkit import Money, Period
    >>> from accountkit.contracts import BusinessCalendar
    >>> from accountkit.delivery import Leave, Person, RateChange
    >>> office = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    >>> rate = RateChange(effective_from=date(2026, 1, 1), cost_rate=Money("1", "EUR"),
    ...                   bill_rate=Money("1", "EUR"))
    >>> ana = Person(id="ana", name="Ana", role="dev", calendar=office, rates=(rate,))
    >>> away = Leave(person="ana", start=date(2026, 2, 26), end=date(2026, 2, 27))
    >>> available_hours([ana], period=Period(date(2026, 2, 1), date(2026, 4, 1)),
    ...                 leave=[away])
    array([[144., 176.]])
    """
    known = {person.id for person in people}
    for index, record in enumerate(leave):
        if record.person not in known:
            message = f"no person {record.person!r} among the people"
            raise ValidationError(
                message, path=("leave", index, "person"), root="available_hours"
            )
    seconds = available_seconds(
        people, bounds_of(period), leave=leave, net=capacity is Capacity.NET
    )
    return seconds / SECONDS_AN_HOUR
