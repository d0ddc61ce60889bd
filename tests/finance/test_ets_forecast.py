"""The whole ETS family through ``forecast`` and ``forecast_many``.

R's figures as in ``test_ets_family.py`` (``forecast::ets`` fits of fpp2's
``oil`` and ``austourists``, written by statsmodels' ``fit_ets.R``): given
R's parameters and initial state, ``forecast`` gives R's fitted values,
point forecasts and log-likelihood; estimated, it is at least as likely.
Models with a multiplicative part get simulated intervals (seeded).
"""

import functools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit import InsufficientDataError, ValidationError
from accountkit.finance import (
    InitialState,
    Smoothing,
    SmoothingMethod,
    forecast,
    forecast_many,
)
from accountkit.finance._ets_models import Model, Start, simulate

REFERENCE = Path(__file__).parent / "data" / "r_ets_reference.json"
R_DAMPING_SUM = ("MAdM", "MMdM", "MMdN")


@functools.cache
def _reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def _given(name: str) -> tuple[list[float], int | None, Smoothing, InitialState, dict]:
    """R's series, season, parameters and initial state in the API's terms:
    beta_star = beta / alpha, and the seasonal terms oldest first (R keeps
    the newest first)."""
    reference = _reference()
    r = reference["models"][name]
    method = SmoothingMethod(name)
    period = reference["periods"][r["data"]]
    state = r["initstate"]
    smoothing = Smoothing(
        alpha=r["alpha"],
        beta_star=r["beta"] / r["alpha"] if method.trend else None,
        gamma=r["gamma"] if method.seasonal else None,
        phi=r["phi"] if method.damped else None,
    )
    initial = InitialState(
        level=state[0],
        trend=state[1] if method.trend else None,
        seasonal=tuple(state[1 + method.trend :][::-1]) if method.seasonal else None,
    )
    return (
        reference["series"][r["data"]],
        period if method.seasonal else None,
        smoothing,
        initial,
        r,
    )


MODELS = sorted(_reference()["models"])


@pytest.mark.parametrize("name", MODELS)
def test_given_rs_fit_the_forecast_is_rs(name):
    series, period, smoothing, initial, r = _given(name)
    seen = forecast(
        series,
        4,
        method=name,
        seasonal_periods=period,
        smoothing=smoothing,
        initial=initial,
    )
    n = len(series)
    np.testing.assert_allclose(seen.fitted, r["fitted"], rtol=1e-6)
    if name not in R_DAMPING_SUM:  # see test_ets_family.py: R's sum is off
        np.testing.assert_allclose(seen.mean, r["forecast"], rtol=1e-6)
    constant = -n / 2 * (math.log(2 * math.pi / n) + 1)
    assert seen.log_likelihood == pytest.approx(r["loglik"] + constant, rel=1e-6)
    assert seen.method is SmoothingMethod(name)
    assert seen.observations == n
    assert (seen.weights == ()) is (not SmoothingMethod(name).linear)


@pytest.mark.parametrize("name", ["MAM", "MNM", "MAdN", "ANA", "MMdM"])
def test_estimated_the_forecast_is_at_least_as_likely_as_rs(name):
    series, period, _, _, r = _given(name)
    seen = forecast(series, 8, method=name, seasonal_periods=period)
    n = len(series)
    constant = -n / 2 * (math.log(2 * math.pi / n) + 1)
    assert seen.log_likelihood >= r["loglik"] + constant - 1e-6
    k = (
        1
        + seen.method.trend
        + seen.method.damped
        + seen.method.seasonal
        + 1
        + seen.method.trend
        + (period - 1 if period else 0)
        + 1
    )
    assert seen.aic == pytest.approx(-2 * seen.log_likelihood + 2 * k)
    assert seen.bic == pytest.approx(-2 * seen.log_likelihood + k * math.log(n))
    assert seen.aicc == pytest.approx(seen.aic + 2 * k * (k + 1) / (n - k - 1))


def test_simulated_intervals_are_seeded_and_consistent():
    """MAM on austourists: the interval holds the point forecast; the same
    call gives the same interval; ``interval(0.95)`` gives the very bounds
    and ``variance`` the simulated variances; a wider coverage is wider;
    ``forecast_many`` gives each row what ``forecast`` gives it."""
    series, period, *_ = _given("MAM")
    seen = forecast(series, 6, method="MAM", seasonal_periods=period)
    again = forecast(series, 6, method="MAM", seasonal_periods=period)
    assert (seen.lower, seen.upper) == (again.lower, again.upper)
    assert all(
        lo < m < hi for lo, m, hi in zip(seen.lower, seen.mean, seen.upper, strict=True)
    )
    assert seen.interval(0.95) == (seen.lower, seen.upper)
    assert [seen.variance(h) for h in range(1, 7)] == list(seen.variances)
    wide = seen.interval(0.99)
    assert all(w < lo for w, lo in zip(wide[0], seen.lower, strict=True))
    batch = forecast_many(
        np.array([series, series]), 6, method="MAM", seasonal_periods=4
    )
    np.testing.assert_allclose(batch.mean[1], seen.mean, rtol=1e-9)
    np.testing.assert_allclose(batch.lower[1], seen.lower, rtol=1e-6)
    assert np.isnan(batch.weights).all()
    total, spread = seen.total(4)
    assert total == pytest.approx(sum(seen.mean[:4]))
    assert spread > math.sqrt(seen.variance(1))


def test_simulated_intervals_cover_as_they_say():
    """400 series drawn from MAN (level 100, growth 1, alpha 0.3, beta 0.05,
    errors N(0, 0.05^2)) over 40 periods and 4 more: the 80 % intervals of
    the true model, from its own filter, hold the next value in 80 % of
    series to sampling error (sd 2 %; within three sd) at steps 1 and 4."""
    model = Model.named("MAN")
    rows = 400
    start = Start(
        alpha=np.full(rows, 0.3),
        beta=np.full(rows, 0.05),
        gamma=np.zeros(rows),
        phi=np.ones(rows),
        level=np.full(rows, 100.0),
        growth=np.ones(rows),
        seasons=np.zeros((rows, 1)),
    )
    draws = np.random.default_rng(7).normal(0, 0.05, (rows, 44))
    paths = simulate(model, start, (start.level, start.growth, start.seasons), draws)
    history, future = paths[:, :40], paths[:, 40:]
    smoothing = Smoothing(alpha=0.3, beta_star=0.05 / 0.3)
    initial = InitialState(level=100.0, trend=1.0)
    inside = np.zeros((rows, 4), dtype=bool)
    for row in range(rows):
        seen = forecast(
            history[row],
            4,
            method="MAN",
            smoothing=smoothing,
            initial=initial,
            coverage=0.8,
        )
        inside[row] = (np.array(seen.lower) <= future[row]) & (
            future[row] <= np.array(seen.upper)
        )
    share = inside.mean(axis=0)
    assert abs(share[0] - 0.8) < 0.06
    assert abs(share[3] - 0.8) < 0.06


def test_a_multiplicative_model_needs_positive_values():
    with pytest.raises(ValidationError) as caught:
        forecast([5, 3, -1, 4, 6, 7, 8, 9], 2, method="MNN")
    assert str(caught.value) == (
        "forecast.series[2]: MNN multiplies by the level: it needs positive "
        "values, got -1"
    )
    with pytest.raises(ValidationError) as caught:
        forecast_many(
            np.array([[5.0, 3, 4, 6, 7, 8, 9, 0]]), 2, method="MAM", seasonal_periods=4
        )
    assert str(caught.value).startswith("forecast_many.values[0][7]: MAM multiplies")


def test_a_model_that_breaks_down_is_refused():
    """MMN with a growth of 0.5 a period from level 1: the forecast of a
    series of 100s collapses toward 0, then the level goes negative."""
    with pytest.raises(ValidationError) as caught:
        forecast(
            [100.0] * 10,
            2,
            method="MMN",
            smoothing=Smoothing(alpha=0.9999, beta_star=0.9999),
            initial=InitialState(level=1.0, trend=-0.5),
        )
    assert str(caught.value).startswith("forecast.series: MMN breaks down")


def test_a_perfect_fit_of_a_multiplicative_model_is_not_a_breakdown():
    """A flat series from its own level: every error is 0, the likelihood
    is infinite (no criterion then: None), the forecast is the level with
    no spread. Estimated too, the fit is perfect and chosen."""
    seen = forecast(
        [500.0] * 10,
        2,
        method="MNN",
        smoothing=Smoothing(alpha=0.5),
        initial=InitialState(level=500.0),
    )
    assert (seen.log_likelihood, seen.aic, seen.aicc) == (None, None, None)
    assert seen.mean == (500.0, 500.0)
    assert seen.lower == seen.upper == (500.0, 500.0)
    assert forecast([500.0] * 10, 2, method="MNN").mean == (500.0, 500.0)


def test_a_missing_value_inside_the_series_updates_nothing():
    """ANN, alpha 0.5 from level 10, on 12, a gap, 14: forecast 10, error 2,
    level 11; at the gap the forecast is 11 and the level stays 11; then
    forecast 11, error 3, level 12.5. Two observations: SSE 4 + 9 = 13,
    sigma^2 = 13 / 2; a linear model keeps its analytic interval, the first
    step's variance sigma^2. The gap's residual is None, not 0."""
    seen = forecast(
        [12.0, None, 14.0],
        2,
        method="ANN",
        smoothing=Smoothing(alpha=0.5),
        initial=InitialState(level=10.0),
    )
    assert seen.fitted == (10.0, 11.0, 11.0)
    assert seen.residuals == (2.0, None, 3.0)
    assert seen.mean == (12.5, 12.5)
    assert (seen.sse, seen.sigma2) == (13.0, 6.5)
    assert seen.variance(1) == pytest.approx(6.5)
    assert seen.weights == (1.0, 0.5)
    assert seen.notes == ()
    assert forecast(
        [12.0, math.nan, 14.0],
        2,
        method="ANN",
        smoothing=Smoothing(alpha=0.5),
        initial=InitialState(level=10.0),
    ).mean == (12.5, 12.5)


def test_missing_values_at_the_ends_are_left_out_with_a_note():
    seen = forecast(
        [None, None, 12.0, 14.0, None],
        1,
        method="ANN",
        smoothing=Smoothing(alpha=0.5),
        initial=InitialState(level=10.0),
    )
    assert seen.fitted == (10.0, 11.0)
    assert seen.observations == 2
    assert seen.notes == (
        "left out 2 missing values at the start",
        (
            "left out 1 missing value at the end: the forecast runs from the last "
            "value observed"
        ),
    )
    with pytest.raises(InsufficientDataError) as caught:
        forecast([None, math.nan], 1)
    assert str(caught.value) == "forecast: every value of the series is missing"


def test_gaps_are_fitted_by_likelihood_and_leave_the_rest_alike():
    """AAA on austourists with two values taken out: it is fitted (by the
    general fitter, the least-squares kernel needing every value), the
    forecasts move by under 1 %, and the gaps' residuals are None."""
    series, period, *_ = _given("AAA")
    holed = list(series)
    holed[10] = None
    holed[30] = None
    whole = forecast(series, 4, method="AAA", seasonal_periods=period)
    seen = forecast(holed, 4, method="AAA", seasonal_periods=period)
    assert [i for i, r in enumerate(seen.residuals) if r is None] == [10, 30]
    np.testing.assert_allclose(seen.mean, whole.mean, rtol=0.01)
    assert len(seen.weights) == 4  # still linear: analytic intervals


_values = st.lists(st.floats(-1e3, 1e3), min_size=6, max_size=30)


@settings(max_examples=30, deadline=None)
@given(_values)
def test_with_alpha_one_simple_smoothing_is_the_naive_forecast(values):
    """alpha = 1: the level is the last value, every forecast repeats it."""
    seen = forecast(values, 3, method="ANN", smoothing=Smoothing(alpha=1.0))
    assert seen.mean == pytest.approx((values[-1],) * 3, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(_values)
def test_with_alpha_zero_simple_smoothing_is_the_mean_forecast(values):
    """alpha = 0: the level never moves, so the best initial level is the
    one that minimises the squared errors: the series' mean."""
    seen = forecast(values, 2, method="ANN", smoothing=Smoothing(alpha=0.0))
    mean = math.fsum(values) / len(values)
    assert seen.mean == pytest.approx((mean, mean), abs=1e-6 * (1 + abs(mean)))
    assert seen.initial.level == pytest.approx(mean, abs=1e-6 * (1 + abs(mean)))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(1.0, 1e3), min_size=6, max_size=30))
def test_with_alpha_one_a_multiplicative_error_is_naive_too(values):
    """MNN, alpha = 1: the level is the last value whatever the error."""
    seen = forecast(values, 2, method="MNN", smoothing=Smoothing(alpha=1.0))
    assert seen.mean == pytest.approx((values[-1],) * 2, rel=1e-9)


def test_held_values_stay_and_the_rest_are_estimated():
    """AAdN on oil with phi held at 0.9: phi is 0.9, and the criteria count
    four estimates (alpha, beta, level, trend) plus sigma^2: k = 5. MAdN with
    phi and beta_star held keeps both. MAM with R's seasonal terms held
    keeps them, oldest first."""
    oil, _, _, _, _r = _given("AAdN")
    seen = forecast(oil, 3, method="AAdN", fixed={"phi": 0.9})
    assert seen.smoothing.phi == 0.9
    n, k = len(oil), 5
    assert seen.aicc == pytest.approx(
        -2 * seen.log_likelihood + 2 * k + 2 * k * (k + 1) / (n - k - 1)
    )
    both = forecast(oil, 3, method="MAdN", fixed={"phi": 0.9, "beta_star": 0.05})
    assert (both.smoothing.phi, both.smoothing.beta_star) == (0.9, 0.05)
    series, period, _, initial, _ = _given("MAM")
    held = forecast(
        series,
        4,
        method="MAM",
        seasonal_periods=period,
        fixed={"seasonal": initial.seasonal},
    )
    assert held.initial.seasonal == initial.seasonal


@pytest.mark.parametrize(
    ("fixed", "said"),
    [
        ({"phi": 1.5}, "forecast.fixed.phi: must be in (0, 1], got 1.5"),
        ({"gamma": 0.1}, "forecast.fixed.gamma: AAdN has no gamma"),
        (
            {"wat": 1},
            (
                "forecast.fixed.wat: expected one of alpha, beta_star, gamma, phi, "
                "level, trend, seasonal, got 'wat'"
            ),
        ),
        (
            [("phi", 0.9)],
            "forecast.fixed: expected a mapping or None, got list",
        ),
    ],
)
def test_held_values_are_checked(fixed, said):
    with pytest.raises(ValidationError) as caught:
        forecast(_given("AAdN")[0], 3, method="AAdN", fixed=fixed)
    assert str(caught.value) == said


def test_held_values_need_a_method_and_not_everything_given_too():
    oil = _given("AAdN")[0]
    with pytest.raises(ValidationError) as caught:
        forecast(oil, 3, fixed={"alpha": 0.5})
    assert (
        str(caught.value) == "forecast.fixed: holding values needs a method, not 'auto'"
    )
    with pytest.raises(ValidationError) as caught:
        forecast(
            oil, 3, method="ANN", smoothing=Smoothing(alpha=0.5), fixed={"level": 1.0}
        )
    assert str(caught.value).startswith("forecast.fixed: give either fixed")
    series, period, *_ = _given("MAM")
    with pytest.raises(ValidationError) as caught:
        forecast(
            series,
            2,
            method="MAM",
            seasonal_periods=period,
            fixed={"alpha": 0.6, "gamma": 0.5},
        )
    assert (
        str(caught.value)
        == "forecast.fixed.gamma: must be at most 1 - alpha = 0.4, got 0.5"
    )
    with pytest.raises(ValidationError) as caught:
        forecast(
            series,
            2,
            method="MAM",
            seasonal_periods=period,
            fixed={"seasonal": (1.0, 1.0)},
        )
    assert str(caught.value) == "forecast.fixed.seasonal: needs 4 seasonal terms, got 2"


def test_a_trend_with_a_gap_forecasts_from_its_last_state():
    """AAN, alpha 0.5, beta* 0.2 (beta 0.1), from level 10 and trend 1, on
    12, a gap, 14.7 (worked in test_ets_family.py): the level ends at 14.2
    and the trend at 1.2, so the forecasts are 15.4 and 16.6."""
    seen = forecast(
        [12.0, None, 14.7],
        2,
        method="AAN",
        smoothing=Smoothing(alpha=0.5, beta_star=0.2),
        initial=InitialState(level=10.0, trend=1.0),
    )
    assert seen.mean == pytest.approx((15.4, 16.6))


def test_the_simulated_spread_is_the_fitted_error_variance():
    """MNN from level 5 with alpha 0.5 on 6 and 5.5: relative errors 0.2
    and 0 (the level moved to 5.5), sigma^2 = 0.04 / 2 = 0.02; the next
    value is 5.5 (1 + e) with variance 5.5^2 x 0.02 = 0.605, which 5,000
    simulated paths give to within a few percent."""
    from accountkit.finance._family import DEFAULT_PATHS  # noqa: PLC0415

    assert DEFAULT_PATHS == 5000
    seen = forecast(
        [6.0, 5.5],
        1,
        method="MNN",
        smoothing=Smoothing(alpha=0.5),
        initial=InitialState(level=5.0),
    )
    assert seen.sigma2 == pytest.approx(0.02)
    assert seen.variance(1) == pytest.approx(0.605, rel=0.06)
    assert seen._simulated().shape == (5000, 1)


def test_with_alpha_zero_the_trend_share_is_reported_as_zero():
    """alpha = 0: beta = alpha x beta* is 0 whatever beta* is, so the fit
    reports beta* 0 (no NaN from 0 / 0)."""
    seen = forecast(
        [100.0, 102.0, 104.0, 106.0],
        1,
        method="MAN",
        smoothing=Smoothing(alpha=0.0, beta_star=0.5),
        initial=InitialState(level=98.0, trend=2.0),
    )
    assert seen.smoothing.beta_star == 0.0
    assert seen.mean == pytest.approx((108.0,))
