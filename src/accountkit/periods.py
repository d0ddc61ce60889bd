"""Periods of dates and month arithmetic.

A :class:`Period` is a half-open range of dates ``[start, end)``: it contains its
start and not its end, so consecutive periods share a boundary without overlap
and a period's length is ``end - start``.

Months are always added from a fixed anchor with :func:`add_months`; adding one
month at a time drifts (31 January + 1 month + 1 month is 29 March, but 31
January + 2 months is 31 March).

Examples
--------
>>> from datetime import date
>>> q1 = Period.quarter(2026, 1)
>>> q1
Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 4, 1))
>>> q1.days, date(2026, 3, 31) in q1, date(2026, 4, 1) in q1
(90, True, False)
>>> add_months(date(2024, 1, 31), 1), add_months(date(2024, 1, 31), 2)
(datetime.date(2024, 2, 29), datetime.date(2024, 3, 31))
"""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Final, Literal

import attrs

from accountkit.errors import ValidationError

__all__ = ["Period", "add_months", "check_date", "end_of_month"]

_MONTHS_PER_YEAR: Final = 12
_MONTHS_PER_QUARTER: Final = 3
_QUARTERS_PER_YEAR: Final = 4


def check_date(value: object, *, where: str = "", path: str = "day") -> date:
    """Return ``value`` if it is a plain date (not a datetime), else raise.

    Parameters
    ----------
    value
        The value to check.
    where, path
        Root and field name for the error message.

    Raises
    ------
    ValidationError
        If ``value`` is not a :class:`~datetime.date`, or is a
        :class:`~datetime.datetime` (a date is a whole day; an instant is not).

    Examples
    --------
    >>> from datetime import date
    >>> check_date(date(2026, 1, 31))
    datetime.date(2026, 1, 31)
    >>> check_date("2026-01-31", where="Invoice", path="issued_on")
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: Invoice.issued_on: expected a date, got str ...
    """
    if type(value) is date:  # the common case, checked first
        return value
    if isinstance(value, datetime) or not isinstance(value, date):
        kind = "datetime" if isinstance(value, datetime) else type(value).__name__
        message = f"expected a date, got {kind} {value!r}"
        raise ValidationError(message, path=path, root=where)
    return value


def _check_whole(value: object, *, where: str, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        message = f"expected a whole number, got {type(value).__name__} {value!r}"
        raise ValidationError(message, path=path, root=where)
    return value


def _check_month(value: object, *, where: str, path: str = "month") -> int:
    month = _check_whole(value, where=where, path=path)
    if not 1 <= month <= _MONTHS_PER_YEAR:
        message = f"expected a month from 1 to 12, got {month}"
        raise ValidationError(message, path=path, root=where)
    return month


def _first_of_month(year: int, month: int, *, where: str) -> date:
    """Return the first day of ``month`` counted from January of ``year``.

    ``month`` may run past 12 (13 is January of the next year).
    """
    index = year * _MONTHS_PER_YEAR + (month - 1)
    target_year, target_month = divmod(index, _MONTHS_PER_YEAR)
    if not date.min.year <= target_year <= date.max.year:
        message = f"the date falls outside years 1 to 9999 (year {target_year})"
        raise ValidationError(message, root=where)
    return date(target_year, target_month + 1, 1)


def _days_in_month(day: date) -> int:
    """Return how many days the month of ``day`` has."""
    following = _next_month_start(day.replace(day=1))
    if following is None:  # December 9999
        return 31
    return (following - day.replace(day=1)).days


def _next_month_start(first: date) -> date | None:
    """Return the first of the month after ``first``, None past year 9999."""
    if first.month < _MONTHS_PER_YEAR:
        return date(first.year, first.month + 1, 1)
    if first.year == date.max.year:
        return None
    return date(first.year + 1, 1, 1)


def add_months(anchor: date, months: int) -> date:
    """Return the date ``months`` calendar months after ``anchor``.

    Parameters
    ----------
    anchor
        The date to count from. Always count from a fixed anchor: chaining
        one-month steps drifts at month ends.
    months
        Number of months to add; negative to go back.

    Returns
    -------
    date
        The same day of the month, clamped to the last day of the target month
        when that month is shorter.

    Raises
    ------
    ValidationError
        If ``anchor`` is not a date (a datetime is refused), ``months`` is not an
        integer, or the result falls outside years 1 to 9999.

    Examples
    --------
    >>> from datetime import date
    >>> add_months(date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> add_months(date(2024, 1, 31), 2)
    datetime.date(2024, 3, 31)
    >>> add_months(date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    >>> add_months(date(2026, 3, 31), -1)
    datetime.date(2026, 2, 28)
    """
    where = "add_months"
    start = check_date(anchor, where=where, path="anchor")
    count = _check_whole(months, where=where, path="months")
    first = _first_of_month(start.year, start.month + count, where=where)
    return first.replace(day=min(start.day, _days_in_month(first)))


def end_of_month(day: date) -> date:
    """Return the last day of the month ``day`` falls in.

    Examples
    --------
    >>> from datetime import date
    >>> end_of_month(date(2024, 2, 10)), end_of_month(date(2025, 2, 10))
    (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))
    """
    checked = check_date(day, where="end_of_month", path="day")
    return checked.replace(day=_days_in_month(checked))


def _period_start(
    _instance: "Period", attribute: "attrs.Attribute[date]", value: date
) -> None:
    check_date(value, where="Period", path=attribute.name)


def _period_end(
    instance: "Period", attribute: "attrs.Attribute[date]", value: date
) -> None:
    check_date(value, where="Period", path=attribute.name)
    if value <= instance.start:
        message = (
            f"must be after start ({instance.start.isoformat()}), got "
            f"{value.isoformat()}; a period is [start, end) and holds at least one day"
        )
        raise ValidationError(message, path=attribute.name, root="Period")


@attrs.frozen
class Period:
    """A half-open range of dates ``[start, end)``.

    Parameters
    ----------
    start
        First day in the period.
    end
        First day after the period; must be later than ``start``.

    Raises
    ------
    ValidationError
        If either bound is not a date (datetimes are refused: a period is made of
        whole days) or ``end`` is not after ``start``.

    Notes
    -----
    Periods order by start, then end. ``date in period`` tests membership;
    :meth:`overlap` intersects; :meth:`months` splits into calendar months.

    Examples
    --------
    >>> from datetime import date
    >>> term = Period(date(2026, 1, 15), date(2026, 3, 10))
    >>> term.days
    54
    >>> [(m.start.isoformat(), m.days) for m in term.months()]
    [('2026-01-15', 17), ('2026-02-01', 28), ('2026-03-01', 9)]
    """

    start: date = attrs.field(validator=_period_start)
    end: date = attrs.field(validator=_period_end)

    # Ordered by (start, end), as attrs' ``order=True`` orders (the same
    # class only), written out: the generated methods build each side's
    # tuple through a generator, and periods are sorted on every hot path.
    def __lt__(self, other: "Period") -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.start, self.end) < (other.start, other.end)

    def __le__(self, other: "Period") -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.start, self.end) <= (other.start, other.end)

    def __gt__(self, other: "Period") -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.start, self.end) > (other.start, other.end)

    def __ge__(self, other: "Period") -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.start, self.end) >= (other.start, other.end)

    @classmethod
    def through(cls, first_day: date, last_day: date) -> "Period":
        """Return the period from ``first_day`` to ``last_day``, both included.

        Contracts write terms by their last day ("1 January to 31 December
        2026"); a :class:`Period` ends the day after. Build a term from its
        last day with this, never by passing the last day as ``end``, which
        would leave that day out (and prorate December).

        Raises
        ------
        ValidationError
            If a day is not a date, ``last_day`` is before ``first_day``, or
            the day after ``last_day`` is past the end of the calendar.

        Examples
        --------
        >>> term = Period.through(date(2026, 1, 1), date(2026, 12, 31))
        >>> term == Period.year(2026), term.days, term.last_day
        (True, 365, datetime.date(2026, 12, 31))
        """
        where = "Period.through"
        first = check_date(first_day, where=where, path="first_day")
        last = check_date(last_day, where=where, path="last_day")
        if last < first:
            message = (
                f"must not be before first_day ({first.isoformat()}), "
                f"got {last.isoformat()}"
            )
            raise ValidationError(message, path="last_day", root=where)
        if last == date.max:
            message = "the day after it is past the end of the calendar"
            raise ValidationError(message, path="last_day", root=where)
        return cls(first, last + timedelta(days=1))

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        """Return the calendar month ``month`` of ``year``.

        Examples
        --------
        >>> Period.month(2024, 2).days
        29
        """
        where = "Period.month"
        first = _first_of_month(
            _check_whole(year, where=where, path="year"),
            _check_month(month, where=where),
            where=where,
        )
        return cls(first, add_months(first, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int, *, start_month: int = 1) -> "Period":
        """Return quarter ``quarter`` (1-4) of the year that starts in ``start_month``.

        Parameters
        ----------
        year
            The year, named as in :meth:`year` (by the calendar year the fiscal
            year starts in).
        quarter
            1 to 4.
        start_month
            First month of the (fiscal) year; 1 for calendar quarters.

        Examples
        --------
        >>> Period.quarter(2026, 1)
        Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 4, 1))
        >>> Period.quarter(2026, 4, start_month=4).start  # Jan-Mar 2027
        datetime.date(2027, 1, 1)
        """
        where = "Period.quarter"
        number = _check_whole(quarter, where=where, path="quarter")
        if not 1 <= number <= _QUARTERS_PER_YEAR:
            message = f"expected a quarter from 1 to 4, got {number}"
            raise ValidationError(message, path="quarter", root=where)
        fiscal = cls.year(year, start_month=start_month)
        first = add_months(fiscal.start, (number - 1) * _MONTHS_PER_QUARTER)
        return cls(first, add_months(first, _MONTHS_PER_QUARTER))

    @classmethod
    def year(
        cls,
        year: int,
        *,
        start_month: int = 1,
        named_by: Literal["start", "end"] = "start",
    ) -> "Period":
        """Return a calendar or fiscal year.

        Parameters
        ----------
        year
            The year's name.
        start_month
            First month of the year: 1 for a calendar year, 4 for a UK-style
            April-March fiscal year, 7 for July-June.
        named_by
            Whether ``year`` is the calendar year the fiscal year starts in
            (``"start"``, the default: FY2026 with ``start_month=4`` is April
            2026 to March 2027) or ends in (``"end"``: FY2026 with
            ``start_month=7`` is July 2025 to June 2026, as US companies and
            governments often name it). Irrelevant when ``start_month`` is 1.

        Examples
        --------
        >>> Period.year(2026, start_month=4)
        Period(start=datetime.date(2026, 4, 1), end=datetime.date(2027, 4, 1))
        >>> Period.year(2026, start_month=7, named_by="end").start
        datetime.date(2025, 7, 1)
        """
        where = "Period.year"
        number = _check_whole(year, where=where, path="year")
        first_month = _check_month(start_month, where=where, path="start_month")
        if named_by not in {"start", "end"}:
            message = f"expected 'start' or 'end', got {named_by!r}"
            raise ValidationError(message, path="named_by", root=where)
        if named_by == "end" and first_month != 1:
            number -= 1
        first = _first_of_month(number, first_month, where=where)
        return cls(first, add_months(first, _MONTHS_PER_YEAR))

    @property
    def days(self) -> int:
        """Number of days in the period (``end - start``)."""
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        """The last day inside the period (``end`` minus one day)."""
        return self.end - timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        """Tell whether ``day`` falls in ``[start, end)``.

        Raises
        ------
        ValidationError
            If ``day`` is not a date; a datetime is refused rather than guessed.
        """
        checked = check_date(day, where="Period.__contains__", path="day")
        return self.start <= checked < self.end

    def overlap(self, other: "Period") -> "Period | None":
        """Return the days both periods share, or ``None`` if they share none.

        Examples
        --------
        >>> a, b = Period.month(2026, 1), Period.quarter(2026, 1)
        >>> a.overlap(b) == a
        True
        >>> Period.month(2026, 1).overlap(Period.month(2026, 2)) is None
        True
        """
        if not isinstance(other, Period):
            message = f"expected a Period, got {type(other).__name__}"
            raise ValidationError(message, path="other", root="Period.overlap")
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Period(start, end) if start < end else None

    def months(self) -> Iterator["Period"]:
        """Yield the calendar months the period covers, clipped to the period.

        Examples
        --------
        >>> [m.days for m in Period.quarter(2026, 1).months()]
        [31, 28, 31]
        """
        first = self.start.replace(day=1)
        step = 0
        month_start: date | None = first
        while month_start is not None and month_start < self.end:
            following = _next_month_start(month_start)
            month_end = self.end if following is None else min(following, self.end)
            yield Period(max(month_start, self.start), month_end)
            step += 1
            month_start = None if following is None else add_months(first, step)
