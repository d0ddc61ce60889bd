"""People who deliver an engagement: their calendar, rates, time and leave."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

import attrs

from accountkit._checked import checked
from accountkit._validators import (
    decimal,
    identifier,
    non_negative_money,
    optional_date,
    plain_date,
    text,
)
from accountkit.contracts import BusinessCalendar
from accountkit.errors import ValidationError
from accountkit.money import Money, to_decimal

__all__ = ["Leave", "Person", "RateChange", "TimeEntry", "working_hours"]

_HOURS_A_DAY: Final = Decimal(24)
_SECONDS_AN_HOUR: Final = 3600


@attrs.frozen(kw_only=True)
class RateChange:
    """A person's cost rate and standard bill rate per hour, from a day on."""

    effective_from: date = attrs.field(validator=plain_date)
    cost_rate: Money = attrs.field(validator=non_negative_money)
    bill_rate: Money = attrs.field(validator=non_negative_money)

    def __attrs_post_init__(self) -> None:
        if self.cost_rate.currency != self.bill_rate.currency:
            message = (
                f"in {self.bill_rate.currency}, but the cost rate is in "
                f"{self.cost_rate.currency}"
            )
            raise ValidationError(message, path="bill_rate", root="RateChange")


def _rates(
    _instance: object, _attribute: object, value: tuple[RateChange, ...]
) -> None:
    if not value:
        message = "needs at least one rate"
        raise ValidationError(message, path="rates", root="Person")
    for index in range(1, len(value)):
        if value[index].effective_from <= value[index - 1].effective_from:
            message = (
                f"{value[index].effective_from} is not after "
                f"{value[index - 1].effective_from}: rates go in date order, one a day"
            )
            raise ValidationError(
                message, path=("rates", index, "effective_from"), root="Person"
            )
        if value[index].cost_rate.currency != value[0].cost_rate.currency:
            message = f"in {value[index].cost_rate.currency}, the first rate is not"
            raise ValidationError(
                message, path=("rates", index, "cost_rate"), root="Person"
            )


@attrs.frozen(kw_only=True)
class Person:
    """Someone who delivers: role, grade, working calendar and rates.

    Parameters
    ----------
    id, name
        Who it is.
    role
        What they do on engagements ("architect"); utilisation is reported by it.
    calendar
        Their home working calendar: working hours per weekday and holidays.
    rates
        Cost rate and standard bill rate per hour, effective-dated, in date
        order; the first applies from its day.
    grade
        Seniority, for people.
    joined_on, last_day
        Their first day and their last (``None``: before the records start,
        and still here).
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    role: str = attrs.field(validator=identifier)
    calendar: BusinessCalendar
    rates: tuple[RateChange, ...] = attrs.field(validator=_rates)
    grade: str = attrs.field(default="", validator=text)
    joined_on: date | None = attrs.field(default=None, validator=optional_date)
    last_day: date | None = attrs.field(default=None, validator=optional_date)

    def __attrs_post_init__(self) -> None:
        if (
            self.joined_on is not None
            and self.last_day is not None
            and self.last_day < self.joined_on
        ):
            message = (
                f"{self.last_day} is before the day they joined ({self.joined_on})"
            )
            raise ValidationError(message, path="last_day", root="Person")

    @property
    def currency(self) -> str:
        """The currency of their rates."""
        return self.rates[0].cost_rate.currency

    def rate_on(self, day: date) -> RateChange | None:
        """Return the rates in effect on ``day`` (``None`` before the first)."""
        found = None
        for change in self.rates:
            if change.effective_from <= day:
                found = change
        return found

    def employed_on(self, day: date) -> bool:
        """Whether ``day`` is within their time with the firm."""
        after_joining = self.joined_on is None or self.joined_on <= day
        return after_joining and (self.last_day is None or day <= self.last_day)


def _hours(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    number = to_decimal(value, where=type(instance).__name__, path=attribute.name)
    if not 0 < number <= _HOURS_A_DAY:
        message = f"must be above 0 and at most 24 hours, got {number}"
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


@attrs.frozen(kw_only=True)
class TimeEntry:
    """Hours a person recorded on one day against an engagement.

    Parameters
    ----------
    person, engagement
        Who, and the engagement (a contract id, or an internal code for
        non-client work).
    day
        The day worked.
    hours
        More than 0, at most 24.
    billable
        Whether the hours may be billed to the client.
    activity
        What the time was for ("rework", "bench", "training").
    """

    person: str = attrs.field(validator=identifier)
    engagement: str = attrs.field(validator=identifier)
    day: date = attrs.field(validator=plain_date)
    hours: Decimal = attrs.field(converter=decimal, validator=_hours)
    billable: bool = True
    activity: str = attrs.field(default="", validator=text)


@attrs.frozen(kw_only=True)
class Leave:
    """Days a person is away (holiday, sickness, training off the job).

    ``start`` and ``end`` are the first and the last day (inclusive); a leave
    day that is not a working day of the person's calendar takes nothing
    away.
    """

    person: str = attrs.field(validator=identifier)
    start: date = attrs.field(validator=plain_date)
    end: date = attrs.field(validator=plain_date)
    reason: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            message = f"{self.end} is before the first day {self.start}"
            raise ValidationError(message, path="end", root="Leave")

    def days(self) -> Sequence[date]:
        """Return each day of the leave, in order."""
        span = (self.end - self.start).days + 1
        return [self.start + timedelta(days=n) for n in range(span)]


def check_days(entries: Sequence[TimeEntry], *, root: str) -> None:
    """Refuse the entry that takes a person's day above 24 hours, at its place.

    Each entry is at most 24 hours; together, one person's entries on one
    day (on any engagements) are too.
    """
    totals: dict[tuple[str, date], Decimal] = {}
    for index, entry in enumerate(entries):
        key = (entry.person, entry.day)
        total = totals.get(key, Decimal(0)) + entry.hours
        if total > _HOURS_A_DAY:
            message = (
                f"{entry.person!r} has {total} hours on {entry.day} with this "
                "entry; a day has 24"
            )
            raise ValidationError(message, path=("entries", index, "hours"), root=root)
        totals[key] = total


def working_seconds(calendar: BusinessCalendar, day: date) -> int:
    """Return the wall-clock seconds ``calendar`` works on ``day`` (0 on a holiday)."""
    if day in calendar.holidays:
        return 0
    seconds = 0
    for window in calendar.windows:
        if window.weekday.index != day.weekday():
            continue
        opens = datetime.combine(day, window.start)
        closes = (
            datetime.combine(day + timedelta(days=1), time(0))
            if window.end == time(0)
            else datetime.combine(day, window.end)
        )
        seconds += int((closes - opens).total_seconds())
    return seconds


@checked
def working_hours(calendar: BusinessCalendar, day: date) -> Decimal:
    """Return the hours ``calendar`` works on ``day`` (0 on a holiday).

    Wall-clock hours of the day's windows: the rostered day, whatever a
    change of clocks does to it. A closure (part of a day off) is not taken
    away: capacity counts whole days off, as leave.
    """
    return Decimal(working_seconds(calendar, day)) / _SECONDS_AN_HOUR
