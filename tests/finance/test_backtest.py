"""Rolling-origin backtests and their accuracy measures, worked by hand."""

import math

import numpy as np
import pytest

from accountkit import InsufficientDataError, ValidationError
from accountkit.finance import SmoothingMethod, backtest, forecast_many


def test_a_rising_series_scored_by_hand():
    """0, 1, ..., 9 with simple smoothing from origins 6, 7 and 8, two steps
    ahead. The best alpha on a line is 1: the forecast is the last value, so
    the errors are 1 and 2 at every origin. MAE (1 + 2) / 2 = 1.5; RMSE
    sqrt((1 + 4) / 2) = 1.5811; MAPE 100 x mean(1/6, 2/7, 1/7, 2/8, 1/8,
    2/9) = 19.874; sMAPE 200 x mean(1/11, 2/12, 1/13, 2/14, 1/15, 2/16) =
    22.301; the naive scale of each training window is 1 (steps of 1), so
    MASE = MAE = 1.5. By step: MAE 1 and 2."""
    seen = backtest(np.arange(10.0)[None, :], 2, initial=6, method="ANN")
    assert seen.origins == (6, 7, 8)
    np.testing.assert_allclose(seen.forecasts[0], [[5, 5], [6, 6], [7, 7]], atol=1e-6)
    assert seen.actuals[0].tolist() == [[6.0, 7.0], [7.0, 8.0], [8.0, 9.0]]
    assert seen.scale.tolist() == [[1.0, 1.0, 1.0]]
    assert seen.methods == ((SmoothingMethod.ANN,),) * 3
    mape = 100 * np.mean([1 / 6, 2 / 7, 1 / 7, 2 / 8, 1 / 8, 2 / 9])
    smape = 200 * np.mean([1 / 11, 2 / 12, 1 / 13, 2 / 14, 1 / 15, 2 / 16])
    expected = (1.5, math.sqrt(2.5), mape, smape, 1.5)
    assert tuple(float(v[0]) for v in seen.by_series) == pytest.approx(
        expected, rel=1e-6
    )
    assert tuple(float(v) for v in seen.overall) == pytest.approx(expected, rel=1e-6)
    np.testing.assert_allclose(seen.by_step.mae, [1.0, 2.0], rtol=1e-6)
    np.testing.assert_allclose(seen.by_step.rmse, [1.0, 2.0], rtol=1e-6)


def test_sliding_windows_fit_the_last_values_only_and_steps_skip_origins():
    """Ten values, origins every 2 from 4 with 2 steps ahead: 4, 6, 8. A
    sliding window of 4 fits values 0-3, 2-5 and 4-7; each origin's
    forecasts are forecast_many's of that window."""
    rng = np.random.default_rng(11)
    y = 50 + np.cumsum(rng.normal(0, 3, (3, 10)), axis=1)
    seen = backtest(y, 2, initial=4, step=2, window="sliding", method="ANN")
    assert seen.origins == (4, 6, 8)
    for index, (lo, hi) in enumerate([(0, 4), (2, 6), (4, 8)]):
        alone = forecast_many(y[:, lo:hi], 2, method="ANN")
        np.testing.assert_array_equal(seen.forecasts[:, index], alone.mean)
        np.testing.assert_array_equal(seen.actuals[:, index], y[:, hi : hi + 2])
        np.testing.assert_allclose(
            seen.scale[:, index], np.abs(np.diff(y[:, lo:hi], axis=1)).mean(axis=1)
        )
    expanding = backtest(y, 2, initial=4, step=2, method="ANN")
    np.testing.assert_array_equal(
        expanding.forecasts[:, 2], forecast_many(y[:, :8], 2, method="ANN").mean
    )


def test_the_seasonal_scale_compares_a_season_apart():
    """With seasonal_periods 4 the scale of a training window is the mean of
    |y_t - y_(t-4)|: for 1, 5, 2, 6, 2, 6, 3, 7 that is (1 + 1 + 1 + 1) / 4 = 1."""
    y = np.array([[1.0, 5, 2, 6, 2, 6, 3, 7, 3, 7]])
    seen = backtest(y, 2, initial=8, method="ANA", seasonal_periods=4)
    assert seen.scale.tolist() == [[1.0]]


def test_undefined_errors_are_left_out_of_their_measure():
    """An actual of 0 has no percentage error; a constant training window has
    no naive scale: MAPE and MASE leave them out, and are NaN with nothing
    left."""
    flat = np.array([[4.0, 4.0, 4.0, 4.0, 4.0, 0.0]])
    seen = backtest(flat, 1, initial=5, method="ANN")
    assert seen.scale.tolist() == [[0.0]]
    assert math.isnan(seen.by_series.mape[0])
    assert math.isnan(seen.by_series.mase[0])
    assert seen.by_series.mae[0] == pytest.approx(4.0)
    assert seen.by_series.smape[0] == pytest.approx(200.0)


def test_bad_settings_are_refused():
    y = np.arange(1.0, 9.0)[None, :]
    with pytest.raises(InsufficientDataError) as caught:
        backtest(y, 3, initial=6)
    assert str(caught.value) == (
        "backtest: no origin leaves 3 values to compare: 8 values, the first 6 to fit"
    )
    with pytest.raises(ValidationError) as caught:
        backtest(y, 1, initial=4, window="rolling")
    assert str(caught.value) == (
        "backtest.window: expected 'expanding' or 'sliding', got 'rolling'"
    )
    with pytest.raises(ValidationError, match=r"^backtest.step: "):
        backtest(y, 1, initial=4, step=0)
    with pytest.raises(ValidationError, match=r"^backtest.values: expected a 2-D"):
        backtest(np.arange(8.0), 1, initial=4)
    with pytest.raises(ValidationError, match=r"^backtest.horizon: expected at most"):
        backtest(y, 121, initial=4)


def test_a_perfect_forecast_of_zero_has_no_percentage_errors():
    """Zeros forecast as zeros: the errors are 0, but no percentage (an
    actual of 0) nor symmetric percentage (0 / 0) is defined."""
    seen = backtest(np.zeros((1, 6)), 1, initial=5, method="ANN")
    assert seen.by_series.mae[0] == 0.0
    assert math.isnan(seen.by_series.mape[0])
    assert math.isnan(seen.by_series.smape[0])


def test_a_measure_averages_only_the_errors_it_defines():
    """Two steps ahead of 4, 4, 4, 4, 4: actuals 0 and 8, forecasts 4 and 4.
    MAPE leaves the 0 out: 100 x 4/8 = 50 (not (50 + 1) / 2 or over two)."""
    y = np.array([[4.0, 4.0, 4.0, 4.0, 4.0, 0.0, 8.0]])
    seen = backtest(y, 2, initial=5, method="ANN")
    assert seen.by_series.mape[0] == pytest.approx(50.0)
    assert seen.by_series.smape[0] == pytest.approx(100 * (4 / 4 + 4 / 12))


def test_a_window_no_longer_than_the_season_is_scaled_by_one_step():
    """Training values 1, 5, 2, 6 with seasonal_periods 4: no value has one a
    season before it, so the scale compares neighbours: (4 + 3 + 4) / 3."""
    y = np.array([[1.0, 5, 2, 6, 4]])
    seen = backtest(y, 1, initial=4, method="ANN", seasonal_periods=4)
    assert seen.scale[0, 0] == pytest.approx(11 / 3)


def test_the_horizon_may_be_120_and_the_first_window_one_value():
    y = np.arange(1.0, 131.0)[None, :]
    assert backtest(y, 120, initial=10, method="ANN").forecasts.shape == (1, 1, 120)
    with pytest.raises(ValidationError) as caught:
        backtest(y, 1, initial=0)
    assert str(caught.value) == (
        "backtest.initial: expected a whole number of at least 1, got 0"
    )
    with pytest.raises(InsufficientDataError):  # ANN needs 4 values
        backtest(y, 1, initial=1, method="ANN")
