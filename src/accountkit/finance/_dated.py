"""Dates in and out of forecasting: monthly and quarterly series.

A forecast of dated data says which periods its forecasts are for. Dates
come with a pandas ``Series`` (a monthly or quarterly ``PeriodIndex``, or a
``DatetimeIndex`` of month or quarter starts or ends) or as the period of
the first observation (``start``), and must run without a break: a missing
month is a row with a missing value, not a row left out. pandas is never
imported here: a pandas object can only be one if pandas is already loaded.
"""

import itertools
import sys
from datetime import date, timedelta
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from numpy.typing import NDArray

from accountkit.errors import ValidationError
from accountkit.periods import Period, add_months

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Calendar", "calendar_of", "from_pandas", "pandas_table"]

_MONTHLY = 1
_QUARTERLY = 3
_SEASON = {_MONTHLY: 12, _QUARTERLY: 4}


class Calendar(NamedTuple):
    """The dates of a series: the first observation's period and the step."""

    first: Period
    months: int
    """1 for monthly data, 3 for quarterly."""

    @property
    def season(self) -> int:
        """Observations a year: 12 or 4."""
        return _SEASON[self.months]

    def period(self, index: int) -> Period:
        """Return the period of observation ``index`` (0 is the first)."""
        first = add_months(self.first.start, index * self.months)
        return Period(first, add_months(first, self.months))

    def later(self, skipped: int) -> "Calendar":
        """Return the calendar of the series without its first ``skipped``."""
        return Calendar(self.period(skipped), self.months)


def calendar_of(start: object, where: str) -> Calendar:
    """Return the calendar whose first period is ``start`` (a month or quarter)."""
    if not isinstance(start, Period):
        message = (
            f"expected a Period (a month or a quarter), got {type(start).__name__}"
        )
        raise ValidationError(message, path="start", root=where)
    first = start.start
    for months in (_MONTHLY, _QUARTERLY):
        if first.day == 1 and start.end == add_months(first, months):
            return Calendar(start, months)
    message = (
        f"expected a calendar month or quarter (starting on the 1st), got "
        f"{start.start} to {start.last_day}"
    )
    raise ValidationError(message, path="start", root=where)


def _pandas() -> ModuleType | None:
    """Return pandas if it is loaded (a pandas object implies it is)."""
    return sys.modules.get("pandas")


def from_pandas(
    series: object, where: str
) -> tuple[NDArray[np.float64], Calendar | None] | None:
    """Return a pandas Series' values (NaN where missing) and its calendar.

    ``None`` when ``series`` is not a pandas Series. A Series without dates
    (a plain ``RangeIndex``, say) has no calendar.

    Raises
    ------
    ValidationError
        If the values are not numbers, or the dates are not monthly or
        quarterly, or skip a period.
    """
    pd = _pandas()
    if pd is None or not isinstance(series, pd.Series):
        return None
    try:
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError):
        message = f"expected a Series of numbers, got dtype {series.dtype}"
        raise ValidationError(message, path="series", root=where) from None
    return values, _calendar(pd, series.index, where, ("series", "index"))


def _calendar(
    pd: ModuleType, index: "pd.Index", where: str, path: tuple[str, str]
) -> Calendar | None:
    """Return the calendar of a pandas index of dates (``None`` for other indexes)."""
    if isinstance(index, pd.DatetimeIndex):
        if len(index) < 2:  # noqa: PLR2004 - a frequency needs two dates
            message = "two dates at least are needed to tell the frequency"
            raise ValidationError(message, path=path, root=where)
        months = _datetime_step(index, where, path)
        index = index.to_period("M" if months == _MONTHLY else "Q")
    if not isinstance(index, pd.PeriodIndex):
        return None
    code = index.freqstr[:1]
    if code not in ("M", "Q"):
        message = (
            f"expected monthly or quarterly periods, got frequency {index.freqstr}"
        )
        raise ValidationError(message, path=path, root=where)
    if len(index) == 0:
        message = "the series has no dates"
        raise ValidationError(message, path=path, root=where)
    expected = pd.period_range(index[0], periods=len(index), freq=index.freq)
    if not index.equals(expected):
        broken = int(np.argmax(index.to_numpy() != expected.to_numpy()))
        message = (
            f"the periods must run on without a break: {index[broken]} comes "
            f"where {expected[broken]} belongs (a missing period is a row with a "
            "missing value)"
        )
        raise ValidationError(message, path=(*path, broken), root=where)
    first = index[0]
    start = first.start_time.date()
    last = first.end_time.date()
    return Calendar(
        Period(start, last + timedelta(days=1)),
        _MONTHLY if code == "M" else _QUARTERLY,
    )


def _datetime_step(index: "pd.DatetimeIndex", where: str, path: tuple[str, str]) -> int:
    """Return 1 or 3: the months between dates of month or quarter starts or ends."""
    days = [stamp.date() for stamp in index]
    starts = all(day.day == 1 for day in days)
    ends = all((day + timedelta(days=1)).day == 1 for day in days)
    if starts or ends:
        anchor = [date(day.year, day.month, 1) for day in days]
        for months in (_MONTHLY, _QUARTERLY):
            if all(add_months(a, months) == b for a, b in itertools.pairwise(anchor)):
                return months
    message = (
        "expected dates one month or one quarter apart, all on the first or "
        f"all on the last day of their month; got {days[0]}, {days[1]}, ..."
    )
    raise ValidationError(message, path=path, root=where)


def pandas_table(
    values: object, series_axis: int | None, where: str
) -> tuple[object, Calendar | None, tuple[object, ...]] | None:
    """Return a DataFrame's series as rows, their calendar and their names.

    ``None`` when ``values`` is not a pandas DataFrame. The dates tell which
    axis holds the series: dates down the index make each column a series,
    dates across the columns make each row one. Without dates on either,
    ``series_axis`` must say (0: each row a series; 1: each column).

    Raises
    ------
    ValidationError
        If the orientation is not said and the dates do not tell it, or
        ``series_axis`` contradicts the dates.
    """
    pd = _pandas()
    if pd is None or not isinstance(values, pd.DataFrame):
        return None
    down = _calendar(pd, values.index, where, ("values", "index"))
    across = _calendar(pd, values.columns, where, ("values", "columns"))
    told = {None: None, "down": 1, "across": 0}
    by_dates = told["down" if down else "across" if across else None]
    if series_axis not in (None, 0, 1):
        message = (
            f"expected 0 (each row a series) or 1 (each column), got {series_axis!r}"
        )
        raise ValidationError(message, path="series_axis", root=where)
    if by_dates is None and series_axis is None:
        message = (
            f"a table of shape {values.shape} without dates on either axis: say "
            "which axis holds the series, series_axis=0 (each row a series) or "
            "series_axis=1 (each column)"
        )
        raise ValidationError(message, path="series_axis", root=where)
    if by_dates is not None and series_axis is not None and series_axis != by_dates:
        where_dates = "down the index" if down else "across the columns"
        message = (
            f"the dates run {where_dates}, so the series are along axis {by_dates}, "
            f"not {series_axis}"
        )
        raise ValidationError(message, path="series_axis", root=where)
    axis = by_dates if by_dates is not None else series_axis
    table = values if axis == 0 else values.T
    return table.to_numpy(), down or across, tuple(table.index)
