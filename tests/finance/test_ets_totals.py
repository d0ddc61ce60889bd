"""The spread of a forecast total, and the error variance's degrees of freedom.

A total of the next months is what the account review forecasts (billing to
the year's end). Its variance has a closed form for the linear models and
for a multiplicative error on additive parts (worked by hand below for
MNN; against simulated sums in ``test_ets_gradient.py``); elsewhere it is
the spread of simulated sums. The batch path must give
each account what the one-at-a-time path gives it.
"""

import math
from decimal import Decimal

import attrs
import numpy as np
import pytest

from accountkit.finance import forecast, forecast_many
from accountkit.finance._ets_models import Model, Start, filter_series
from accountkit.finance._family import General, exact_band, paths_of
from accountkit.finance._forecasting import total
from accountkit.finance._revenue import outlook, outlooks


def _mnn() -> General:
    """MNN from level 10, alpha 0.5, on y = (12, 8.8): level 9.9, errors 0.2
    and -0.2, nothing estimated, so sigma^2 = SSE / n = 0.04."""
    model = Model.named("MNN")
    start = Start(
        alpha=np.array([0.5]),
        beta=np.zeros(1),
        gamma=np.zeros(1),
        phi=np.ones(1),
        level=np.array([10.0]),
        growth=np.zeros(1),
        seasons=np.zeros((1, 1)),
    )
    return General(model, start, filter_series(model, start, np.array([[12.0, 8.8]])))


def test_the_mnn_total_worked_by_hand():
    """y1 = l (1 + e1) and y2 = l (1 + alpha e1)(1 + e2): the shocks are
    l e1 (variance s^2 theta_1, theta_1 = l^2) and l (1 + alpha e1) e2
    (s^2 theta_2, theta_2 = l^2 (1 + alpha^2 s^2)); e1 enters y1 + y2 with
    weight 1 + alpha. With l = 9.9, s^2 = 0.04, alpha = 0.5:
    Var(y1) = 0.04 * 98.01 = 3.9204, Var(y1 + y2) = 0.04 * 98.01 *
    (2.25 + 1.01) = 12.780504."""
    general = _mnn()
    assert general.sigma2[0] == pytest.approx(0.04)
    band = exact_band(general, 2, 0.95)
    np.testing.assert_allclose(
        band.total_spread[0], [math.sqrt(3.9204), math.sqrt(12.780504)], rtol=1e-12
    )


def test_with_estimates_sigma2_loses_their_degrees_of_freedom():
    """The same filter with two estimates (alpha and the level): SSE 0.08
    over 2 - 2 = 0 degrees is floored at one, 0.08; with one, 0.08."""
    general = _mnn()
    assert General(*general[:3], estimated=1).sigma2[0] == pytest.approx(0.08)
    assert General(*general[:3], estimated=2).sigma2[0] == pytest.approx(0.08)
    assert General(*general[:3]).sigma2[0] == pytest.approx(0.04)


def test_a_linear_total_is_the_weights_formula():
    """Holt's method fitted to a line with noise: each total's spread is
    sigma^2 times the sum of the squared running sums of the weights."""
    values = [100 + 2.0 * t + (3 if t % 3 else -4) for t in range(20)]
    found = forecast(values, 5, method="AAN")
    for count in range(1, 6):
        expected = total(found.mean, found.weights, found.sigma2, count)
        assert found.total(count) == pytest.approx(expected, rel=1e-12)
    assert found.total(0) == (0.0, 0.0)


HISTORY = (
    1010.11, 999.49, 1052.03, 1060.9, 1016.4, 1046.23, 1161.26, 1252.67,
    1184.09, 1070.09, 1018.04, 1021.41, 848.05, 833.34, 754.28, 711.36,
    681.05, 664.04, 686.27, 745.96, 738.33, 823.62, 780.93, 803.2,
)  # fmt: skip


"""1,000 times the exponential of a random walk of N(0, 0.08^2) steps
(numpy's default_rng(0)), rounded to cents: automatic selection prefers
MNN (AICc 272.5) to ANN (275.6)."""


def test_the_batch_review_gives_a_multiplicative_winner_its_own_total():
    """A history on which automatic selection picks MNN: the batch of
    outlooks (forecast_many) gives the total and spread that the account
    alone (forecast) gets, finite, bit for bit; a second, linear, key
    beside it changes nothing."""
    key = (tuple(Decimal(str(v)) for v in HISTORY), 6, None, 0.95)
    line = (tuple(Decimal(100 + 2 * t) for t in range(24)), 6, None, 0.95)
    alone = forecast(list(HISTORY), 6)
    assert alone.method.value == "MNN"
    made = outlooks([key, line])
    mean, spread, method = made[key]
    assert method.value == "MNN"
    assert math.isfinite(spread)
    assert spread > 0
    assert (mean, spread) == outlook(key)[:2]
    assert (mean, spread) == alone.total(6)


def test_forecast_many_carries_each_rows_total_spreads():
    """forecast_many's total_spread row is what forecast gives that series
    alone (its total_spreads)."""
    rows = np.array([HISTORY, [v * 1.5 for v in HISTORY]])
    many = forecast_many(rows, 4)
    for i in range(2):
        one = forecast(list(rows[i]), 4)
        assert tuple(many.total_spread[i]) == one.total_spreads
        assert many.sigma2[i] == one.sigma2


def test_a_forecast_made_by_hand_falls_back_to_computing_its_total():
    """A Forecast without total_spreads (made by a caller) computes its total
    as before: from the weights for a linear model, from simulated paths
    (seeded) for the others, close to the closed form."""
    linear = forecast([100 + 2.0 * t + (3 if t % 3 else -4) for t in range(20)], 3)
    bare = attrs.evolve(linear, total_spreads=())
    assert bare.total(3) == pytest.approx(linear.total(3), rel=1e-12)
    multiplicative = forecast(list(HISTORY), 6)
    bare = attrs.evolve(multiplicative, total_spreads=())
    mean, spread = bare.total(6)
    assert mean == multiplicative.total(6)[0]
    assert spread == pytest.approx(multiplicative.total(6)[1], rel=0.05)


def test_simulated_paths_are_the_ones_behind_a_simulated_interval():
    """MAdM six steps ahead of a quarterly series (beyond a season, so
    simulated): the default paths of simulated_paths have, as their 5 % and
    95 % quantiles, exactly the 90 % interval paths_of gives."""
    from accountkit.finance._family import simulated_paths  # noqa: PLC0415

    model = Model.named("MAdM", 4)
    start = Start(
        alpha=np.array([0.3]),
        beta=np.array([0.05]),
        gamma=np.array([0.1]),
        phi=np.array([0.9]),
        level=np.array([100.0]),
        growth=np.array([1.0]),
        seasons=np.array([[1.1, 0.9, 1.05, 0.95]]),
    )
    y = np.array([[110.0, 92.0, 108.0, 97.0, 113.0, 90.0, 111.0, 99.0]])
    general = General(model, start, filter_series(model, start, y))
    band = paths_of(general, 6, 0.9)
    low, high = np.quantile(simulated_paths(general, 6)[0], [0.05, 0.95], axis=0)
    np.testing.assert_array_equal(low, band.lower[0])
    np.testing.assert_array_equal(high, band.upper[0])
