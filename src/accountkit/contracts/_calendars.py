"""Business calendars: working hours, holidays, and business time."""

import enum
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final

import attrs
from dateutil import tz

from accountkit._checked import checked
from accountkit._validators import member_of
from accountkit.contracts._availability import TimeSpan
from accountkit.errors import ValidationError

__all__ = [
    "BusinessCalendar",
    "Weekday",
    "WorkingWindow",
    "add_business_time",
    "business_time_between",
]

_SEARCH_DAYS: Final = 3653
"""How far ahead (ten years of days) to look for business time before giving up."""
_MIDNIGHT: Final = time(0)


class Weekday(enum.Enum):
    """A day of the week (ISO order: Monday first)."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def index(self) -> int:
        """0 for Monday to 6 for Sunday, as :meth:`datetime.date.weekday`."""
        return list(Weekday).index(self)


def _clock(instance: object, attribute: "attrs.Attribute[time]", value: object) -> None:
    if not isinstance(value, time) or value.tzinfo is not None:
        message = f"expected a local time of day without a zone, got {value!r}"
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


@attrs.frozen(kw_only=True)
class WorkingWindow:
    """Hours of work on one weekday, ``[start, end)`` in local time.

    ``end`` of ``00:00`` means midnight at the end of the day; a shift across
    midnight is two windows (22:00-00:00 on one day, 00:00-06:00 on the next).

    Raises
    ------
    ValidationError
        If a bound is not a plain time, or ``end`` is not after ``start``.
    """

    weekday: Weekday = attrs.field(validator=member_of(Weekday))
    start: time = attrs.field(validator=_clock)
    end: time = attrs.field(validator=_clock)

    def __attrs_post_init__(self) -> None:
        if self.end != _MIDNIGHT and self.end <= self.start:
            message = (
                f"must be after start ({self.start}); a shift across midnight is "
                "two windows"
            )
            raise ValidationError(message, path="end", root="WorkingWindow")

    def on(self, day: date, zone: tzinfo) -> TimeSpan:
        """Return the window on ``day`` as instants in ``zone``."""
        opens = _instant(day, self.start, zone)
        closes = (
            _instant(day + timedelta(days=1), _MIDNIGHT, zone)
            if self.end == _MIDNIGHT
            else _instant(day, self.end, zone)
        )
        return TimeSpan(opens, closes)


def _instant(day: date, clock: time, zone: tzinfo) -> datetime:
    """Return a local wall time as an instant; a time a DST change skips moves on."""
    moment = datetime.combine(day, clock, tzinfo=zone)
    return tz.resolve_imaginary(moment).astimezone(UTC)


def _known_zone(value: object) -> bool:
    # dateutil reads "" (and a name that is all blanks) as the machine's own
    # zone: a calendar must never depend on where it runs
    return (
        isinstance(value, str) and bool(value.strip()) and tz.gettz(value) is not None
    )


def _zone(_instance: object, _attribute: object, value: str) -> None:
    if not _known_zone(value):
        message = (
            f"unknown time zone {value!r} (expected an IANA name such as "
            "'Europe/London')"
        )
        raise ValidationError(message, path="timezone", root="BusinessCalendar")


def _windows(
    _instance: object, _attribute: object, value: tuple[WorkingWindow, ...]
) -> None:
    if not value:
        message = "a calendar needs at least one working window"
        raise ValidationError(message, path="windows", root="BusinessCalendar")
    for index, window in enumerate(value):
        for earlier_index, earlier in enumerate(value[:index]):
            if earlier.weekday is window.weekday and _overlap(earlier, window):
                message = (
                    f"overlaps windows[{earlier_index}] on {window.weekday.value}; "
                    "windows of one day must not overlap"
                )
                raise ValidationError(
                    message, path=("windows", index), root="BusinessCalendar"
                )


def _overlap(first: WorkingWindow, second: WorkingWindow) -> bool:
    def bounds(window: WorkingWindow) -> tuple[int, int]:
        end = (
            24 * 60
            if window.end == _MIDNIGHT
            else window.end.hour * 60 + window.end.minute
        )
        return window.start.hour * 60 + window.start.minute, end

    (a, b), (c, d) = bounds(first), bounds(second)
    return a < d and c < b


@attrs.frozen(kw_only=True)
class BusinessCalendar:
    """When the service desk works: weekly hours in a time zone, less holidays.

    Parameters
    ----------
    timezone
        IANA name (``"Europe/London"``); working hours are local wall-clock times
        there, so a DST change moves them with the clocks.
    windows
        Working windows per weekday; several on one day for split shifts.
    holidays
        Whole days off.
    closures
        Partial days off (a half-day holiday, a site closure), as instants.

    Raises
    ------
    ValidationError
        If the time zone is unknown, there are no windows, or two windows of one
        day overlap.

    Examples
    --------
    >>> from datetime import time
    >>> office = BusinessCalendar.weekdays(time(9), time(17), timezone="Europe/Paris")
    >>> len(office.windows)
    5
    """

    timezone: str = attrs.field(validator=_zone)
    windows: tuple[WorkingWindow, ...] = attrs.field(validator=_windows)
    holidays: frozenset[date] = frozenset()
    closures: tuple[TimeSpan, ...] = ()

    @classmethod
    def weekdays(
        cls,
        start: time,
        end: time,
        *,
        timezone: str,
        holidays: frozenset[date] = frozenset(),
    ) -> "BusinessCalendar":
        """Build a Monday-to-Friday calendar with the same hours each day."""
        days = list(Weekday)[:5]
        return cls(
            timezone=timezone,
            windows=tuple(WorkingWindow(weekday=d, start=start, end=end) for d in days),
            holidays=frozenset(holidays),
        )

    @property
    def zone(self) -> tzinfo:
        """The time zone as a :class:`datetime.tzinfo`."""
        found = tz.gettz(self.timezone)
        if found is None:  # pragma: no cover - validated on construction
            message = f"unknown time zone {self.timezone!r}"
            raise ValidationError(message, path="timezone", root="BusinessCalendar")
        return found

    def open_spans(self, since: datetime) -> Iterator[TimeSpan]:
        """Yield the working time from ``since`` on, in order, as instants.

        Raises
        ------
        ValidationError
            If no working time is found within ten years (every day a holiday).
        """
        zone = self.zone
        first = since.astimezone(zone).date() - timedelta(days=1)
        found_any = False
        for offset in range(_SEARCH_DAYS):
            day = first + timedelta(days=offset)
            if day in self.holidays:
                continue
            for window in sorted(
                (w for w in self.windows if w.weekday.index == day.weekday()),
                key=lambda w: w.start,
            ):
                for span in less_closures(window.on(day, zone), self.closures):
                    if span.end > since:
                        found_any = True
                        yield span
        if not found_any:
            message = "no working time within ten years; check the windows and holidays"
            raise ValidationError(message, root="BusinessCalendar")


def less_closures(span: TimeSpan, closures: tuple[TimeSpan, ...]) -> Iterator[TimeSpan]:
    pieces = [(span.start, span.end)]
    for closure in closures:
        cut = []
        for start, end in pieces:
            if closure.end <= start or closure.start >= end:
                cut.append((start, end))
                continue
            if start < closure.start:
                cut.append((start, closure.start))
            if closure.end < end:
                cut.append((closure.end, end))
        pieces = cut
    for start, end in pieces:
        yield TimeSpan(start, end)


def _positive(duration: object) -> bool:
    return isinstance(duration, timedelta) and duration > timedelta(0)


@checked
def add_business_time(
    calendar: BusinessCalendar, start: datetime, duration: timedelta
) -> datetime:
    """Return the instant ``duration`` of business time after ``start``.

    Parameters
    ----------
    calendar
        The working hours.
    start
        When the clock starts (a ticket's creation); outside working hours the
        clock starts at the next opening.
    duration
        Business time to add; must be positive.

    Returns
    -------
    datetime
        The deadline, in the calendar's time zone. A deadline that falls exactly
        at the close of a window stays there (18:00 that day, not 10:00 the
        next).

    Raises
    ------
    ValidationError
        If ``start`` is naive, ``duration`` is not positive, or the calendar has
        no working time ahead.

    Examples
    --------
    The published cases: hours Monday to Friday 10:00-18:00, holidays on
    5 and 7 March 2019.

    >>> from datetime import date, datetime, time, timedelta
    >>> desk = BusinessCalendar.weekdays(
    ...     time(10), time(18), timezone="Europe/London",
    ...     holidays=frozenset({date(2019, 3, 5), date(2019, 3, 7)}))
    >>> monday = datetime(2019, 3, 4, 14, 0, tzinfo=desk.zone)
    >>> add_business_time(desk, monday, timedelta(hours=4)).strftime("%a %d %H:%M")
    'Mon 04 18:00'
    >>> add_business_time(desk, monday, timedelta(hours=6)).strftime("%a %d %H:%M")
    'Wed 06 12:00'
    >>> late = datetime(2019, 3, 4, 20, 0, tzinfo=desk.zone)
    >>> add_business_time(desk, late, timedelta(hours=4)).strftime("%a %d %H:%M")
    'Wed 06 14:00'
    """
    where = "add_business_time"
    begin = start  # aware: checked on the way in (@checked)
    if not _positive(duration):
        message = f"expected a positive timedelta, got {duration!r}"
        raise ValidationError(message, path="duration", root=where)
    remaining = duration
    try:
        for span in calendar.open_spans(begin):
            opens = max(span.start, begin)
            available = span.end - opens
            if remaining <= available:
                return (opens + remaining).astimezone(calendar.zone)
            remaining -= available
    except OverflowError:
        message = (
            f"{duration} of business time from {begin.isoformat()} runs past the "
            "end of the calendar (9999-12-31)"
        )
        raise ValidationError(message, path="duration", root=where) from None
    message = "no working time ahead to add to"  # pragma: no cover - open_spans raises
    raise ValidationError(message, root=where)  # pragma: no cover


@checked
def business_time_between(
    calendar: BusinessCalendar, start: datetime, end: datetime
) -> timedelta:
    """Return the business time in ``[start, end)``.

    Raises
    ------
    ValidationError
        If an instant is naive or ``end`` is before ``start``.

    Examples
    --------
    >>> from datetime import datetime, time
    >>> desk = BusinessCalendar.weekdays(time(10), time(18), timezone="UTC")
    >>> friday = datetime(2019, 3, 8, 16, 0, tzinfo=desk.zone)
    >>> monday = datetime(2019, 3, 11, 11, 0, tzinfo=desk.zone)
    >>> business_time_between(desk, friday, monday)
    datetime.timedelta(seconds=10800)
    """
    where = "business_time_between"
    begin, until = start, end  # aware: checked on the way in (@checked)
    if until < begin:
        message = f"ends ({until.isoformat()}) before it starts ({begin.isoformat()})"
        raise ValidationError(message, path="end", root=where)
    total = timedelta(0)
    if until == begin:
        return total
    for span in calendar.open_spans(begin):
        if span.start >= until:
            break
        total += min(span.end, until) - max(span.start, begin)
    return total
