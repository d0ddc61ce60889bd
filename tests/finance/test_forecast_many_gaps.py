"""Missing values in a table of series: forecast_many as forecast, row by row.

A portfolio's months-by-accounts table has holes: a month an invoice run
failed, an account that started late. A missing value (NaN) updates
nothing; the other rows of the table are fitted as they would be alone.
"""

import numpy as np
import pytest

from accountkit.errors import ValidationError
from accountkit.finance import forecast, forecast_many

MONTHS = np.arange(30)
TABLE = np.stack(
    [
        1000 + 8 * MONTHS + 60 * np.sin(2 * np.pi * MONTHS / 12) + 9 * np.cos(MONTHS),
        800
        + 5 * MONTHS
        + 40 * np.sin(2 * np.pi * (MONTHS + 3) / 12)
        - 7 * np.sin(MONTHS),
        500
        - 2 * MONTHS
        + 25 * np.cos(2 * np.pi * MONTHS / 12)
        + 6 * np.cos(3 * MONTHS),
    ]
)


def _with_gap() -> np.ndarray:
    table = TABLE.copy()
    table[1, 7] = np.nan  # one month missing in the middle of the second
    return table


@pytest.mark.parametrize("method", ["AAA", "MAM", "ANN", "auto"])
def test_each_row_gets_what_it_gets_alone(method):
    """With a gap in the second row: the complete rows get, bit for bit,
    what forecast gives them alone (the linear kernel for a linear model),
    and the row with the gap what forecast gives it (by likelihood, the
    gap updating nothing)."""
    table = _with_gap()
    many = forecast_many(table, 4, method=method, seasonal_periods=12)
    for row in range(3):
        one = forecast(list(table[row]), 4, method=method, seasonal_periods=12)
        assert many.methods[row] is one.method
        assert tuple(many.mean[row]) == one.mean
        assert tuple(many.lower[row]) == one.lower
        assert many.sse[row] == one.sse
        assert many.sigma2[row] == one.sigma2
        assert many.aicc[row] == one.aicc


def test_criteria_count_each_rows_own_observations():
    """The row with a gap has 29 observations: its BIC is -2 log L + k log 29,
    the others' k log 30."""
    table = _with_gap()
    many = forecast_many(table, 2, method="ANN")
    k = 3  # alpha, the level and sigma^2
    assert many.bic[1] == pytest.approx(-2 * many.log_likelihood[1] + k * np.log(29))
    assert many.bic[0] == pytest.approx(-2 * many.log_likelihood[0] + k * np.log(30))


def test_a_table_without_gaps_is_fitted_as_before():
    """No gap: the linear kernel fits every row, the results as a batch
    without the gap's row (the gap does not move the others)."""
    complete = forecast_many(TABLE[[0, 2]], 3, method="AAdN")
    mixed = forecast_many(_with_gap(), 3, method="AAdN")
    np.testing.assert_array_equal(mixed.mean[[0, 2]], complete.mean)
    np.testing.assert_array_equal(mixed.alpha[[0, 2]], complete.alpha)


def test_a_series_with_no_value_is_refused():
    """A row that is all missing says which it is."""
    table = TABLE.copy()
    table[2] = np.nan
    with pytest.raises(ValidationError) as raised:
        forecast_many(table, 2)
    assert str(raised.value) == (
        "forecast_many.values[2]: has no values (every one is missing)"
    )


def test_infinity_is_still_refused():
    """Only NaN means missing: an infinite value is an error at its place."""
    table = TABLE.copy()
    table[0, 3] = np.inf
    with pytest.raises(ValidationError) as raised:
        forecast_many(table, 2)
    assert (
        str(raised.value)
        == "forecast_many.values[0][3]: must be a finite number, got inf"
    )
