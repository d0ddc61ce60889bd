"""Utilisation and realisation: how much of people's time is billable, and billed."""

import enum
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs

from accountkit._checked import checked
from accountkit._ratios import rounded
from accountkit._validators import check_unique_ids
from accountkit.delivery import _kernel
from accountkit.delivery._people import Leave, Person, TimeEntry, check_days
from accountkit.delivery._time import (
    SECONDS_AN_HOUR,
    available_seconds,
    bounds_of,
    columns,
    exact,
    money_of,
)
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money
from accountkit.periods import Period

__all__ = [
    "Capacity",
    "RoleUtilisation",
    "Utilisation",
    "monthly_utilisation",
    "role_utilisation",
    "utilisation",
]

_HUNDRED: Final = 100


class Capacity(enum.Enum):
    """What utilisation is a share of."""

    NET = "net"
    """The calendar's working hours less leave: the time a person could work."""
    GROSS = "gross"
    """The calendar's working hours, leave included (leave lowers utilisation)."""


@attrs.frozen(kw_only=True)
class Utilisation:
    """One person's utilisation and realisation over a period.

    Attributes
    ----------
    start, last_day
        The period, first and last day.
    available_hours
        Working hours of the person's calendar on the days they were with the
        firm, less leave when the capacity is net.
    recorded_hours, billable_hours, non_billable_hours
        Hours recorded, and their split (billable + non-billable = recorded).
    utilisation
        Billable over available hours, in percent to 2 places; ``None`` with
        no available hours (undefined, never 0 or infinite).
    bench_hours
        Available hours with nothing recorded (never below 0).
    standard_value
        Billable hours at the standard bill rate in effect on each day.
    cost
        Every recorded hour, billable or not, at the cost rate of its day.
    billed, realisation, effective_rate
        What was billed for the time (when given), its share of the standard
        value in percent, and per billable hour (rounded to the minor unit);
        ``None`` when not given or undefined.
    """

    person: str
    role: str
    start: date
    last_day: date
    capacity: Capacity
    available_hours: Decimal
    recorded_hours: Decimal
    billable_hours: Decimal
    non_billable_hours: Decimal
    utilisation: Decimal | None
    bench_hours: Decimal
    standard_value: Money
    cost: Money
    billed: Money | None
    realisation: Decimal | None
    effective_rate: Money | None


def _percent(part: Fraction, whole: Fraction) -> Decimal | None:
    if not whole:
        return None
    return rounded(part * _HUNDRED / whole, 2, "ROUND_HALF_UP", where="utilisation")


def _check(
    people: Sequence[Person],
    records: tuple[Sequence[TimeEntry], Sequence[Leave]],
    root: str,
) -> None:
    """Refuse records of people not given, and days above 24 hours."""
    entries, leave = records
    check_days(entries, root=root)
    known = {person.id for person in people}
    groups: tuple[tuple[str, Sequence[TimeEntry | Leave]], ...] = (
        ("entries", entries),
        ("leave", leave),
    )
    for name, found in groups:
        for index, record in enumerate(found):
            if record.person not in known:
                message = (
                    f"is {record.person!r}'s, not {people[0].id!r}'s"
                    if len(people) == 1
                    else f"no person {record.person!r} among the people"
                )
                raise ValidationError(message, path=(name, index, "person"), root=root)


def _lines(
    people: Sequence[Person],
    entries: Sequence[TimeEntry],
    bounds: Sequence[date],
    *,
    leave: Sequence[Leave],
    capacity: Capacity,
    rounding: str,
    root: str,
) -> list[Utilisation]:
    """Return each person's utilisation in each period between ``bounds``.

    Person by person, period by period (the periods of one person together).
    """
    _check(people, (entries, leave), root)
    check_unique_ids(
        (p.id for p in people), named="people", root=root, path=("people",)
    )
    cols = columns(people, entries, bounds, root=root)
    sums = _kernel.person_sums(
        cols.rate,
        cols.period,
        cols.hours,
        cols.billable,
        cols.rate_table,
        shape=(len(people), len(bounds) - 1),
        scales=cols.scales,
    )
    seconds = available_seconds(
        people, bounds, leave=leave, net=capacity is Capacity.NET
    )
    lines = []
    for row, person in enumerate(people):
        for column in range(len(bounds) - 1):
            available = Fraction(int(seconds[row, column]), SECONDS_AN_HOUR)
            recorded = Fraction(int(sums.hours[row, column]), sums.hour_scale)
            billable = Fraction(int(sums.billable[row, column]), sums.hour_scale)
            lines.append(
                Utilisation(
                    person=person.id,
                    role=person.role,
                    start=bounds[column],
                    last_day=bounds[column + 1] - timedelta(days=1),
                    capacity=capacity,
                    available_hours=exact(available),
                    recorded_hours=exact(recorded),
                    billable_hours=exact(billable),
                    non_billable_hours=exact(recorded - billable),
                    utilisation=_percent(billable, available),
                    bench_hours=exact(max(available - recorded, Fraction(0))),
                    standard_value=money_of(
                        sums.standard[row, column], sums, person.currency, rounding
                    ),
                    cost=money_of(
                        sums.cost[row, column], sums, person.currency, rounding
                    ),
                    billed=None,
                    realisation=None,
                    effective_rate=None,
                )
            )
    return lines


@checked
def utilisation(
    person: Person,
    entries: Sequence[TimeEntry],
    *,
    period: Period,
    leave: Sequence[Leave] = (),
    billed: Money | None = None,
    capacity: Capacity = Capacity.NET,
    rounding: str = DEFAULT_ROUNDING,
) -> Utilisation:
    r"""Return a person's utilisation over ``period``, and realisation if billed.

    .. math::

        \text{utilisation} = \frac{\text{billable hours}}{\text{available hours}},
        \qquad
        \text{realisation} = \frac{\text{billed}}{\sum_d h_d \, r_d},
        \qquad
        \text{effective rate} = \frac{\text{billed}}{\text{billable hours}}

    where :math:`h_d` are the billable hours of day :math:`d` and :math:`r_d`
    the standard bill rate in effect that day.

    Parameters
    ----------
    person
        Whose time; their calendar gives the working hours.
    entries
        Their time entries; only the days in ``period`` count.
    period
        The period (a month, say).
    leave
        Their leave; a leave day that is not a working day takes nothing away.
    billed
        What the client was billed for this time, for realisation.
    capacity
        Net of leave (the default) or gross.
    rounding
        Rounding of the effective rate to the minor unit.

    Raises
    ------
    ValidationError
        For an entry or leave of another person, an entry before the person's
        first rate, entries above 24 hours on a day, or money in another
        currency.

    Examples
    --------
    The worked case: 20 working days of 8 hours, 2 days' leave, 120 billable
    hours at a standard EUR 150, EUR 16,200 billed.

    >>> from datetime import date, time, timedelta
    >>> from accountkit import Money, Period
    >>> from accountkit.contracts import BusinessCalendar
    >>> from accountkit.delivery import Leave, Person, RateChange, TimeEntry
    >>> office = BusinessCalendar.weekdays(time(9), time(17), timezone="Europe/Paris")
    >>> ana = Person(id="ana", name="Ana", role="architect", calendar=office,
    ...              rates=(RateChange(effective_from=date(2026, 1, 1),
    ...                                cost_rate=Money("70", "EUR"),
    ...                                bill_rate=Money("150", "EUR")),))
    >>> days = [date(2026, 2, 2) + timedelta(days=n) for n in range(26)]
    >>> worked = [d for d in days if d.weekday() < 5][:15]
    >>> entries = [TimeEntry(person="ana", engagement="C-1", day=d, hours="8")
    ...            for d in worked]
    >>> away = Leave(person="ana", start=date(2026, 2, 26), end=date(2026, 2, 27))
    >>> seen = utilisation(ana, entries, period=Period.month(2026, 2), leave=[away],
    ...                    billed=Money("16200", "EUR"))
    >>> seen.available_hours, seen.utilisation, seen.realisation
    (Decimal('144'), Decimal('83.33'), Decimal('90.00'))
    >>> str(seen.standard_value), str(seen.effective_rate)
    ('EUR 18,000.00', 'EUR 135.00')
    """
    if billed is not None and billed.currency != person.currency:
        message = f"in {billed.currency}, the rates are in {person.currency}"
        raise CurrencyMismatchError(message, path="billed", root="utilisation")
    (seen,) = _lines(
        [person],
        entries,
        [period.start, period.end],
        leave=leave,
        capacity=capacity,
        rounding=rounding,
        root="utilisation",
    )
    if billed is None:
        return seen
    money = Fraction(billed.amount)
    billable = Fraction(seen.billable_hours)
    return attrs.evolve(
        seen,
        billed=billed,
        realisation=_percent(money, Fraction(seen.standard_value.amount)),
        effective_rate=Money.from_fraction(
            money / billable, person.currency, rounding=rounding
        )
        if billable
        else None,
    )


@checked
def monthly_utilisation(
    people: Sequence[Person],
    entries: Sequence[TimeEntry],
    *,
    period: Period,
    leave: Sequence[Leave] = (),
    capacity: Capacity = Capacity.NET,
    rounding: str = DEFAULT_ROUNDING,
) -> tuple[Utilisation, ...]:
    """Return every person's utilisation in every month of ``period``.

    :func:`utilisation` for each person and month (a part month at either
    end of the period is its own line), computed in one pass over the
    entries: person by person in the order given, months in order.

    Raises
    ------
    ValidationError
        For repeated people, an entry or leave of a person not given, an entry
        before its person's first rate, or a day above 24 hours.
    CurrencyMismatchError
        For people whose rates are in different currencies.
    """
    return tuple(
        _lines(
            people,
            entries,
            bounds_of(period),
            leave=leave,
            capacity=capacity,
            rounding=rounding,
            root="monthly_utilisation",
        )
    )


@attrs.frozen(kw_only=True)
class RoleUtilisation:
    """The utilisation of everyone in a role over a period (a month, say).

    Sums of the people's figures; ``people`` counts those with time
    available or recorded in the period (not those who had left or not yet
    joined); ``utilisation`` is their billable over their available hours
    (not a mean of percentages), ``None`` with no available hours.
    """

    role: str
    start: date
    last_day: date
    people: int
    available_hours: Decimal
    recorded_hours: Decimal
    billable_hours: Decimal
    utilisation: Decimal | None
    bench_hours: Decimal
    standard_value: Money
    cost: Money


@checked
def role_utilisation(lines: Sequence[Utilisation]) -> tuple[RoleUtilisation, ...]:
    """Add up people's utilisation by role and period (roles sorted, then days).

    Raises
    ------
    CurrencyMismatchError
        For lines in more than one currency.
    """
    groups: dict[tuple[str, date, date], list[Utilisation]] = {}
    for line in lines:
        groups.setdefault((line.role, line.start, line.last_day), []).append(line)
    found = []
    for (role, start, last_day), members in sorted(groups.items()):
        currency = members[0].cost.currency
        available = sum((m.available_hours for m in members), Decimal(0))
        billable = sum((m.billable_hours for m in members), Decimal(0))
        found.append(
            RoleUtilisation(
                role=role,
                start=start,
                last_day=last_day,
                people=sum(
                    bool(m.available_hours or m.recorded_hours) for m in members
                ),
                available_hours=available,
                recorded_hours=sum((m.recorded_hours for m in members), Decimal(0)),
                billable_hours=billable,
                utilisation=_percent(Fraction(billable), Fraction(available)),
                bench_hours=sum((m.bench_hours for m in members), Decimal(0)),
                standard_value=Money.total(
                    (m.standard_value for m in members), currency=currency
                ),
                cost=Money.total((m.cost for m in members), currency=currency),
            )
        )
    return tuple(found)
