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
from accountkit.delivery._people import (
    Leave,
    Person,
    TimeEntry,
    check_days,
    working_hours,
)
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money
from accountkit.periods import Period

__all__ = ["Capacity", "Utilisation", "utilisation"]

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
    person: Person,
    entries: Sequence[TimeEntry],
    leave: Sequence[Leave],
    billed: Money | None,
) -> None:
    where = "utilisation"
    check_days(entries, root=where)
    groups: tuple[tuple[str, Sequence[TimeEntry | Leave]], ...] = (
        ("entries", entries),
        ("leave", leave),
    )
    for name, records in groups:
        for index, record in enumerate(records):
            if record.person != person.id:
                message = f"is {record.person!r}'s, not {person.id!r}'s"
                raise ValidationError(message, path=(name, index, "person"), root=where)
    for index, entry in enumerate(entries):
        if person.rate_on(entry.day) is None:
            message = f"{entry.day} is before {person.id!r}'s first rate"
            raise ValidationError(message, path=("entries", index, "day"), root=where)
    if billed is not None and billed.currency != person.currency:
        message = f"in {billed.currency}, the rates are in {person.currency}"
        raise CurrencyMismatchError(message, path="billed", root=where)


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
    _check(person, entries, leave, billed)
    away = {day for record in leave for day in record.days()}
    available = Fraction(0)
    day = period.start
    while day < period.end:
        if person.employed_on(day) and not (capacity is Capacity.NET and day in away):
            available += Fraction(working_hours(person.calendar, day))
        day += timedelta(days=1)
    inside = [e for e in entries if e.day in period]
    billable = sum((Fraction(e.hours) for e in inside if e.billable), Fraction(0))
    recorded = sum((Fraction(e.hours) for e in inside), Fraction(0))
    standard = Fraction(0)
    cost = Fraction(0)
    for entry in inside:
        rates = person.rate_on(entry.day)
        if rates is None:  # pragma: no cover - checked above
            continue
        cost += Fraction(entry.hours) * Fraction(rates.cost_rate.amount)
        if entry.billable:
            standard += Fraction(entry.hours) * Fraction(rates.bill_rate.amount)
    currency = person.currency
    money = Fraction(billed.amount) if billed is not None else None
    return Utilisation(
        person=person.id,
        role=person.role,
        start=period.start,
        last_day=period.end - timedelta(days=1),
        capacity=capacity,
        available_hours=_exact(available),
        recorded_hours=_exact(recorded),
        billable_hours=_exact(billable),
        non_billable_hours=_exact(recorded - billable),
        utilisation=_percent(billable, available),
        bench_hours=_exact(max(available - recorded, Fraction(0))),
        standard_value=Money.from_fraction(standard, currency, rounding=rounding),
        cost=Money.from_fraction(cost, currency, rounding=rounding),
        billed=billed,
        realisation=None if money is None else _percent(money, standard),
        effective_rate=None
        if money is None or not billable
        else Money.from_fraction(money / billable, currency, rounding=rounding),
    )


def _exact(value: Fraction) -> Decimal:
    """Write hours as a Decimal.

    Exact for the half and quarter hours of a roster; a third of an hour is
    written to the decimal context's 28 digits.
    """
    return Decimal(value.numerator) / Decimal(value.denominator)
