"""Dates in and out of forecasting; the orientation of a table of series."""

from datetime import date

import numpy as np
import pytest

from accountkit import Period, ValidationError
from accountkit.finance import SmoothingMethod, forecast, forecast_many

pd = pytest.importorskip("pandas")

SERIES = [100.0, 120.0, 90.0, 110.0] * 4
"""Four quarters a year for four years, the same each year."""


def _days(periods: tuple[Period, ...]) -> list[tuple[date, date]]:
    return [(p.start, p.last_day) for p in periods]


def test_a_quarterly_series_says_which_quarters_it_forecasts():
    """16 quarters from 2022Q1 run to 2025Q4: the forecasts are for 2026Q1,
    Q2 and Q3; the dates give the season (4) for a seasonal model."""
    dated = pd.Series(SERIES, index=pd.period_range("2022Q1", periods=16, freq="Q"))
    seen = forecast(dated, 3, method="ANA")
    assert seen.seasonal_periods == 4
    assert _days(seen.periods) == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
    ]
    plain = forecast(SERIES, 3, method="ANA", seasonal_periods=4)
    assert plain.periods == ()
    assert plain.mean == seen.mean


@pytest.mark.parametrize(
    "index",
    [
        pd.period_range("2025-01", periods=6, freq="M"),
        pd.date_range("2025-01-01", periods=6, freq="MS"),
        pd.date_range("2025-01-31", periods=6, freq="ME"),
    ],
)
def test_monthly_dates_as_periods_or_month_starts_or_ends(index):
    seen = forecast(pd.Series([5.0, 6, 7, 8, 9, 10], index=index), 2, method="ANN")
    assert _days(seen.periods) == [
        (date(2025, 7, 1), date(2025, 7, 31)),
        (date(2025, 8, 1), date(2025, 8, 31)),
    ]


def test_start_dates_a_plain_series_and_leading_gaps_move_it():
    """Given start January 2025 and two missing values first, the series
    begins in March: six values run to August, the forecast is September."""
    seen = forecast(
        [None, None, 5.0, 6, 7, 8, 9, 10],
        1,
        method="ANN",
        start=Period.month(2025, 1),
    )
    assert _days(seen.periods) == [(date(2025, 9, 1), date(2025, 9, 30))]
    assert seen.notes[0] == "left out 2 missing values at the start"


def test_dates_that_skip_a_period_or_are_not_monthly_are_refused():
    index = pd.period_range("2025-01", periods=7, freq="M").delete(3)
    with pytest.raises(ValidationError) as caught:
        forecast(pd.Series(range(1, 7), index=index, dtype=float), 1)
    assert str(caught.value) == (
        "forecast.series.index[3]: the periods must run on without a break: "
        "2025-05 comes where 2025-04 belongs (a missing period is a row with a "
        "missing value)"
    )
    weekly = pd.Series(
        range(1, 7), index=pd.date_range("2025-01-06", periods=6, freq="W")
    )
    with pytest.raises(ValidationError, match="one month or one quarter apart"):
        forecast(weekly.astype(float), 1)
    with pytest.raises(ValidationError) as caught:
        forecast(
            [1.0, 2, 3, 4, 5], 1, start=Period(date(2025, 1, 1), date(2025, 1, 15))
        )
    assert str(caught.value) == (
        "forecast.start: expected a calendar month or quarter (starting on the "
        "1st), got 2025-01-01 to 2025-01-14"
    )
    dated = pd.Series(
        [1.0, 2, 3, 4, 5], index=pd.period_range("2025-01", periods=5, freq="M")
    )
    with pytest.raises(ValidationError) as caught:
        forecast(dated, 1, start=Period.month(2025, 1))
    assert str(caught.value) == (
        "forecast.start: the data's dates give the first period: leave start out"
    )


def test_a_table_of_months_by_series_is_read_down_its_columns():
    """36 months down the index, three accounts across: each column is a
    series (the dates say so), forecast for January 2028 on; the names are
    the columns'. The same table transposed gives the same forecasts."""
    months = pd.period_range("2025-01", periods=36, freq="M")
    rng = np.random.default_rng(5)
    data = 100 + np.cumsum(rng.normal(0, 5, (36, 3)), axis=0)
    table = pd.DataFrame(data, index=months, columns=["north", "south", "east"])
    seen = forecast_many(table, 2, method="AAN")
    assert seen.names == ("north", "south", "east")
    assert [p.start for p in seen.periods] == [date(2028, 1, 1), date(2028, 2, 1)]
    rows = forecast_many(data.T, 2, method="AAN")
    np.testing.assert_array_equal(seen.mean, rows.mean)
    across = forecast_many(table.T, 2, method="AAN")
    np.testing.assert_array_equal(across.mean, rows.mean)
    assert across.names == ("north", "south", "east")


def test_a_table_without_dates_needs_its_orientation_said():
    table = pd.DataFrame(np.arange(1.0, 25.0).reshape(6, 4))
    with pytest.raises(ValidationError) as caught:
        forecast_many(table, 1, method="ANN")
    assert str(caught.value) == (
        "forecast_many.series_axis: a table of shape (6, 4) without dates on "
        "either axis: say which axis holds the series, series_axis=0 (each row "
        "a series) or series_axis=1 (each column)"
    )
    by_rows = forecast_many(table, 1, method="ANN", series_axis=0)
    by_columns = forecast_many(table, 1, method="ANN", series_axis=1)
    assert (by_rows.mean.shape, by_columns.mean.shape) == ((6, 1), (4, 1))
    assert by_columns.names == ("0", "1", "2", "3")
    months = pd.DataFrame(
        np.ones((6, 2)), index=pd.period_range("2025-01", periods=6, freq="M")
    )
    with pytest.raises(ValidationError) as caught:
        forecast_many(months, 1, series_axis=0)
    assert str(caught.value) == (
        "forecast_many.series_axis: the dates run down the index, so the series "
        "are along axis 1, not 0"
    )
    with pytest.raises(ValidationError) as caught:
        forecast_many(np.ones((2, 8)), 1, series_axis=1)
    assert str(caught.value).startswith("forecast_many.series_axis: series_axis is for")
    assert SmoothingMethod.AUTO.season_kind == "N"


def _refusal(series: object, **options: object) -> str:
    with pytest.raises(ValidationError) as caught:
        forecast(series, 1, method="ANN", **options)
    return str(caught.value)


def test_every_bad_date_is_named():
    """A start that is not a Period; values that are not numbers; a single
    date (no frequency to tell); daily periods; a Series with no dates at
    all; weekly dates, named by their first two."""
    assert _refusal([1.0, 2, 3, 4, 5], start=date(2025, 1, 1)).startswith(
        "forecast.start: expected"
    )
    words = pd.Series(["a", "b", "c", "d", "e"], index=pd.RangeIndex(5), dtype=object)
    assert (
        _refusal(words)
        == "forecast.series: expected a Series of numbers, got dtype object"
    )
    one = pd.Series([5.0], index=pd.DatetimeIndex(["2025-01-31"]))
    assert _refusal(one) == (
        "forecast.series.index: two dates at least are needed to tell the frequency"
    )
    daily = pd.Series(
        [5.0] * 6, index=pd.period_range("2025-01-01", periods=6, freq="D")
    )
    assert _refusal(daily) == (
        "forecast.series.index: expected monthly or quarterly periods, got frequency D"
    )
    empty = pd.Series([], index=pd.PeriodIndex([], freq="M"), dtype=float)
    assert _refusal(empty) == "forecast.series.index: the series has no dates"
    weekly = pd.Series(
        [5.0] * 6, index=pd.date_range("2025-01-06", periods=6, freq="W")
    )
    assert _refusal(weekly) == (
        "forecast.series.index: expected dates one month or one quarter apart, "
        "all on the first or all on the last day of their month; got 2025-01-12, "
        "2025-01-19, ..."
    )


def test_quarter_ends_date_the_next_quarter():
    ends = pd.date_range("2025-03-31", periods=6, freq="QE")
    seen = forecast(pd.Series([5.0, 6, 7, 8, 9, 10], index=ends), 1, method="ANN")
    assert _days(seen.periods) == [(date(2026, 7, 1), date(2026, 9, 30))]


def test_two_dates_are_enough_to_tell_the_frequency():
    """Two month ends, and a forecast of fixed parameters: the next month."""
    from accountkit.finance import InitialState, Smoothing  # noqa: PLC0415

    two = pd.Series([5.0, 6.0], index=pd.date_range("2025-01-31", periods=2, freq="ME"))
    seen = forecast(
        two,
        1,
        method="ANN",
        smoothing=Smoothing(alpha=0.5),
        initial=InitialState(level=5.0),
    )
    assert _days(seen.periods) == [(date(2025, 3, 1), date(2025, 3, 31))]
