"""The likelihood's gradient, closed-form variances, states and simulation.

The gradient (:func:`likelihood_gradient`) is checked by hand on a small
case and against central differences of the likelihood on every model of
the family, R's reference series with a missing value among them. The
forecast variances of classes 2 and 3 (Hyndman et al. 2008, §6.3) are
checked against their closed form for MNN, worked out below, and against
the variance of simulated paths.
"""

import json
import math
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest

from accountkit.errors import ValidationError
from accountkit.finance import (
    InitialState,
    Smoothing,
    SmoothingMethod,
    forecast,
)
from accountkit.finance._ets_models import (
    Model,
    Start,
    filter_series,
    likelihood,
    likelihood_gradient,
)
from accountkit.finance._family import General, exact, exact_band, paths_of

REFERENCE = Path(__file__).parent / "data" / "r_ets_reference.json"
NAMES = [s.value for s in SmoothingMethod if s is not SmoothingMethod.AUTO]


def _one(**values: float) -> Start:
    return Start(
        alpha=np.array([values.get("alpha", 0.5)]),
        beta=np.array([values.get("beta", 0.0)]),
        gamma=np.array([values.get("gamma", 0.0)]),
        phi=np.array([values.get("phi", 1.0)]),
        level=np.array([values.get("level", 10.0)]),
        growth=np.array([values.get("growth", 0.0)]),
        seasons=np.zeros((1, 1)),
    )


def test_the_gradient_of_a_small_case_worked_by_hand():
    """ANN from level 10, alpha 0.5, on y = (12, 13): e1 = 2, level 11,
    e2 = 2, SSE 8 and L = 2 log 8. With dL/de_t = 2 n e_t / SSE = e_t / 2:
    de1/dalpha = 0 and de2/dalpha = -e1 = -2, so dL/dalpha = -2; de1/dl0 = -1
    and de2/dl0 = -(1 - alpha) = -0.5, so dL/dl0 = -1 - 0.5 = -1.5. Nothing
    else moves it."""
    value, gradient = likelihood_gradient(
        Model.named("ANN"), _one(), np.array([[12.0, 13.0]])
    )
    assert value[0] == pytest.approx(2 * math.log(8))
    assert gradient.alpha[0] == pytest.approx(-2.0)
    assert gradient.level[0] == pytest.approx(-1.5)
    assert (gradient.beta[0], gradient.gamma[0], gradient.phi[0]) == (0, 0, 0)
    assert gradient.growth[0] == 0


def test_beta_moves_the_gradient_through_its_share_of_alpha():
    """AAN from level 10, growth 1, alpha 0.5, beta 0.1 on y = (12, 13):
    e1 = 1, level 11.5, growth 1 + 0.1 = 1.1 (b' = b + beta e), forecast
    12.6 and e2 = 0.4: SSE 1.16. de2/dbeta = -e1 = -1, so dL/dbeta =
    (2 * 2 * 0.4 / 1.16) * -1; de2/dalpha = -e1 = -1 the same way."""
    start = _one(beta=0.1, growth=1.0)
    value, gradient = likelihood_gradient(
        Model.named("AAN"), start, np.array([[12.0, 13.0]])
    )
    assert value[0] == pytest.approx(2 * math.log(1.16))
    assert gradient.beta[0] == pytest.approx(-1.6 / 1.16)
    assert gradient.alpha[0] == pytest.approx(-1.6 / 1.16)
    # dl0: de1 = -1; the level moves by 1 - alpha = 0.5 and the growth by
    # -beta = -0.1, so de2 = -0.4: dL/dl0 = (4 / 1.16)(1 * -1 + 0.4 * -0.4) = -4
    assert gradient.level[0] == pytest.approx(-4.0)


def _starts(model: Model, rows: int, rng: np.random.Generator) -> Start:
    m = model.period
    if model.season == "M":
        seasons = 1 + rng.uniform(-0.1, 0.1, (rows, m))
    elif model.season == "A":
        seasons = rng.uniform(-5, 5, (rows, m))
    else:
        seasons = np.zeros((rows, 1))
    return Start(
        alpha=rng.uniform(0.1, 0.6, rows),
        beta=rng.uniform(0.01, 0.08, rows),
        gamma=rng.uniform(0.05, 0.3, rows),
        phi=rng.uniform(0.85, 0.97, rows) if model.damped else np.ones(rows),
        level=rng.uniform(30, 50, rows),
        growth=rng.uniform(1.0, 1.02, rows)
        if model.trend == "M"
        else rng.uniform(-0.5, 0.5, rows),
        seasons=seasons,
    )


def _differences(model: Model, start: Start, y: np.ndarray) -> Start:
    """Central differences of the likelihood in every parameter and state."""
    found = []
    for name, part in zip(Start._fields, start, strict=True):
        columns = part.shape[1] if part.ndim == 2 else 1
        slopes = np.empty(part.shape)
        for column in range(columns):
            step = 1e-6 * max(1.0, float(np.abs(part).max()))
            shifted = []
            for sign in (1, -1):
                moved = part.copy()
                if part.ndim == 2:
                    moved[:, column] += sign * step
                else:
                    moved += sign * step
                shifted.append(likelihood(model, start._replace(**{name: moved}), y))
            slope = (shifted[0] - shifted[1]) / (2 * step)
            if part.ndim == 2:
                slopes[:, column] = slope
            else:
                slopes = slope
        found.append(slopes)
    return Start(*found)


@pytest.mark.parametrize("name", NAMES)
def test_the_gradient_is_the_likelihoods_slope_for_every_model(name):
    """austourists (quarterly, m = 4), its 10th value missing in a second
    row: each derivative agrees with central differences to 1e-5, and the
    objective is likelihood()'s, bit for bit."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    model = Model.named(name, 4 if name[-1] != "N" else 1)
    series = np.array(reference["series"]["austourists"])
    y = np.stack([series, series])
    y[1, 9] = np.nan
    start = _starts(model, 2, np.random.default_rng(len(name) + NAMES.index(name)))
    value, gradient = likelihood_gradient(model, start, y)
    np.testing.assert_array_equal(value, likelihood(model, start, y))
    assert np.isfinite(value).all()
    expected = _differences(model, start, y)
    for field in Start._fields:
        ours, theirs = getattr(gradient, field), getattr(expected, field)
        if field == "beta" and model.trend == "N":
            theirs = np.zeros_like(theirs)  # beta is not in the model
        if field == "seasons" and model.season == "N":
            continue  # the placeholder term is never read
        np.testing.assert_allclose(
            ours, theirs, rtol=1e-5, atol=1e-5 * np.abs(theirs).max() + 1e-9
        )


def test_without_a_trend_or_season_their_parameters_have_no_slope():
    """MNN: beta, gamma, phi and the growth do not enter; their derivatives
    are exactly 0."""
    y = np.array([[12.0, 13.0, 11.5, 12.5]])
    _, gradient = likelihood_gradient(Model.named("MNN"), _one(), y)
    assert (gradient.beta[0], gradient.gamma[0], gradient.phi[0]) == (0, 0, 0)
    assert gradient.growth[0] == 0


@pytest.mark.parametrize(
    ("name", "period", "horizon", "expected"),
    [
        ("MNN", 1, 30, True),
        ("MAdA", 12, 30, True),
        ("MNM", 12, 12, True),
        ("MNM", 12, 13, False),
        ("MAdM", 4, 4, True),
        ("MAdM", 4, 5, False),
        ("MMN", 1, 1, False),
        ("MMdM", 4, 1, False),
        ("ANM", 4, 1, False),
        ("AAdM", 4, 1, False),
        ("AAA", 4, 30, True),
    ],
)
def test_which_models_have_a_closed_form_variance(name, period, horizon, expected):
    """Classes 1 and 2 at any horizon, class 3 (M error and season, no M
    trend) up to one season ahead; a multiplicative trend, or a
    multiplicative season with an additive error, never."""
    assert exact(Model.named(name, period), horizon) is expected


def _general(name: str, period: int, start: Start, y: np.ndarray) -> General:
    model = Model.named(name, period)
    return General(model, start, filter_series(model, start, y))


def test_the_mnn_variance_is_its_closed_form():
    r"""MNN: y = l (1 + e) and l' = l (1 + alpha e), so E[l_{n+h-1}^2] =
    l^2 (1 + alpha^2 s^2)^{h-1} and v_h = l^2 ((1 + s^2)(1 + alpha^2
    s^2)^{h-1} - 1). From level 10, alpha 0.5 on y = (12, 8.8): errors 0.2
    and -0.2 (level 11 then 9.9), s^2 = 0.04; the interval is normal."""
    general = _general("MNN", 1, _one(), np.array([[12.0, 8.8]]))
    assert general.sigma2[0] == pytest.approx(0.04)
    band = exact_band(general, 4, 0.9)
    level, s2 = 9.9, 0.04
    expected = [
        level**2 * ((1 + s2) * (1 + 0.25 * s2) ** (h - 1) - 1) for h in range(1, 5)
    ]
    np.testing.assert_allclose(band.variance[0], expected, rtol=1e-12)
    np.testing.assert_allclose(band.mean[0], [level] * 4, rtol=1e-12)
    z = NormalDist().inv_cdf(0.95)
    np.testing.assert_allclose(
        band.upper[0] - band.mean[0], z * np.sqrt(expected), rtol=1e-12
    )
    np.testing.assert_allclose(
        band.mean[0] - band.lower[0], z * np.sqrt(expected), rtol=1e-12
    )


def test_a_class_three_variance_is_a_class_two_ones_times_the_season():
    """MAM up to one season ahead is MAN times the known seasonal terms:
    the same data divided by a season of (1.2, 0.8, 1.1, 0.9) and run as
    MAN from the same state give variances smaller by each term squared."""
    season = np.array([1.2, 0.8, 1.1, 0.9])
    t = np.arange(16)
    plain = 50 + 0.5 * t + np.array([1.0, -2.0, 0.5, 1.5] * 4)
    common = {"alpha": 0.3, "beta": 0.05, "growth": 0.5, "level": 50.0}
    man = _general("MAN", 1, _one(**common), plain[None])
    mam_start = _one(**common)._replace(gamma=np.array([0.0]))
    mam_start = mam_start._replace(seasons=season[::-1][None].copy())
    mam = _general("MAM", 4, mam_start, (plain * season[t % 4])[None])
    np.testing.assert_allclose(mam.sigma2, man.sigma2, rtol=1e-12)
    ours, theirs = exact_band(mam, 4, 0.95), exact_band(man, 4, 0.95)
    np.testing.assert_allclose(
        ours.variance[0], theirs.variance[0] * season**2, rtol=1e-10
    )
    np.testing.assert_allclose(ours.mean[0], theirs.mean[0] * season, rtol=1e-12)


@pytest.mark.parametrize(("name", "horizon"), [("MAdA", 9), ("MAdM", 4)])
def test_the_closed_form_agrees_with_simulated_paths(name, horizon):
    """200,000 simulated paths of a damped class 2 and class 3 model: their
    variance, and the spread of their sums, is within 2 % of the closed form
    at every step (the standard
    error of a sample variance of 200,000 is about 0.3 %, more for the
    heavier tails of products of errors)."""
    period = 4
    rng = np.random.default_rng(7)
    t = np.arange(36)
    y = (100 + t) * (1 + 0.1 * np.sin(2 * np.pi * t / period))
    y = (y * np.exp(rng.normal(0, 0.05, 36)))[None]
    start = Start(
        alpha=np.array([0.3]),
        beta=np.array([0.1]),
        gamma=np.array([0.2]),
        phi=np.array([0.9]),
        level=np.array([100.0]),
        growth=np.array([1.0]),
        seasons=np.array([[1.1, 0.9, 1.05, 0.95]])
        if name.endswith("M")
        else np.array([[5.0, -5.0, 3.0, -3.0]]),
    )
    general = _general(name, period, start, y)
    closed = exact_band(general, horizon, 0.95)
    simulated = paths_of(general, horizon, 0.95, paths=200_000)
    np.testing.assert_allclose(closed.variance, simulated.variance, rtol=0.02)
    np.testing.assert_array_equal(closed.mean, simulated.mean)
    # and the spread of their running sums (a total of the first h steps),
    # the first of which is the first step alone
    np.testing.assert_allclose(closed.total_spread, simulated.total_spread, rtol=0.02)
    np.testing.assert_allclose(
        closed.total_spread[:, 0], np.sqrt(closed.variance[:, 0]), rtol=1e-12
    )


def test_no_closed_form_is_refused():
    """MAM beyond one season, and MMN at all, have no closed form."""
    start = _one(growth=1.0)._replace(seasons=np.ones((1, 4)))
    general = _general("MAM", 4, start, np.array([[10.0, 11.0, 12.0, 13.0]]))
    with pytest.raises(ValueError, match="MAM has no closed-form variance 5 steps"):
        exact_band(general, 5, 0.95)
    general = _general("MMN", 1, _one(growth=1.0), np.array([[10.0, 11.0]]))
    with pytest.raises(ValueError, match="MMN has no closed-form variance 1 steps"):
        exact_band(general, 1, 0.95)


def test_a_forecasts_interval_at_another_coverage_is_normal_where_exact():
    """MNN fitted to a positive series: the 80 % interval is the mean plus or
    minus z(0.9) times the square root of each step's variance, and the
    95 % one is the forecast's own bounds."""
    values = [100.0, 104.0, 98.0, 103.0, 107.0, 101.0, 99.0, 105.0, 102.0, 106.0]
    found = forecast(values, 3, method="MNN", coverage=0.95)
    low, high = found.interval(0.8)
    z = NormalDist().inv_cdf(0.9)
    spread = [z * math.sqrt(found.variance(h)) for h in (1, 2, 3)]
    np.testing.assert_allclose(high, np.add(found.mean, spread), rtol=1e-12)
    np.testing.assert_allclose(low, np.subtract(found.mean, spread), rtol=1e-12)
    same = found.interval(0.95)
    np.testing.assert_allclose(same[0], found.lower, rtol=1e-12)
    np.testing.assert_allclose(same[1], found.upper, rtol=1e-12)


def test_the_state_paths_of_a_seasonal_model_worked_by_hand():
    """ANA, m = 2, alpha = gamma = 0.5, level 10, seasons (1, -1), on
    y = (12, 8, 12, 10). Step by step (forecast, error, level, new term):
    11, 1, 10.5, 1.5; 9.5, -1.5, 9.75, -1.75; 11.25, 0.75, 10.125, 1.875;
    8.375, 1.625, 10.9375, -0.9375. Row t lists the terms observations t
    and t + 1 use."""
    found = forecast(
        [12.0, 8.0, 12.0, 10.0],
        2,
        method="ANA",
        seasonal_periods=2,
        smoothing=Smoothing(alpha=0.5, gamma=0.5),
        initial=InitialState(level=10.0, seasonal=(1.0, -1.0)),
    )
    states = found.states()
    np.testing.assert_allclose(states.level, [10, 10.5, 9.75, 10.125, 10.9375])
    assert states.trend is None
    assert states.seasonal is not None
    np.testing.assert_allclose(
        states.seasonal,
        [[1, -1], [-1, 1.5], [1.5, -1.75], [-1.75, 1.875], [1.875, -0.9375]],
    )
    assert found.mean == pytest.approx((10.9375 + 1.875, 10.9375 - 0.9375))


def test_the_state_paths_of_a_trend_model():
    """AAN from level 10, trend 1, alpha 0.5, beta* 0.2 (beta 0.1) on
    y = (12, 13): level 10, 11.5, 12.6 + 0.5 * 0.4 = 12.8 and trend 1, 1.1,
    1.1 + 0.1 * 0.4 = 1.14; no season."""
    found = forecast(
        [12.0, 13.0],
        1,
        method="AAN",
        smoothing=Smoothing(alpha=0.5, beta_star=0.2),
        initial=InitialState(level=10.0, trend=1.0),
    )
    states = found.states()
    np.testing.assert_allclose(states.level, [10, 11.5, 12.8])
    assert states.trend is not None
    np.testing.assert_allclose(states.trend, [1, 1.1, 1.14])
    assert states.seasonal is None


def test_simulated_futures_are_the_model_run_on_with_drawn_errors():
    """ANN from level 10, alpha 0.5 on y = (12, 13, 11, 14): levels 11, 12,
    11.5, 12.75, and errors 2, 2, -1, 2.5, so sigma^2 = 15.25 / 4. A path
    is 12.75 + e1, then 12.75 + 0.5 e1 + e2, with e = sigma z and z numpy's
    seeded normal draws (paths x horizon); another seed, other paths."""
    found = forecast(
        [12.0, 13.0, 11.0, 14.0],
        2,
        method="ANN",
        smoothing=Smoothing(alpha=0.5),
        initial=InitialState(level=10.0),
    )
    paths = found.simulate(50, seed=3)
    z = np.random.default_rng(3).standard_normal((50, 2)) * math.sqrt(15.25 / 4)
    np.testing.assert_allclose(paths[:, 0], 12.75 + z[:, 0], rtol=1e-12)
    np.testing.assert_allclose(paths[:, 1], 12.75 + 0.5 * z[:, 0] + z[:, 1], rtol=1e-12)
    np.testing.assert_array_equal(found.simulate(50, seed=3), paths)
    assert not np.array_equal(found.simulate(50, seed=4), paths)
    assert found.simulate().shape == (1000, 2)
    np.testing.assert_array_equal(found.simulate()[:, 0], found.simulate(1000)[:, 0])


def test_simulated_multiplicative_futures_multiply():
    """MNN from level 10, alpha 0.5 on y = (12, 8.8): level 9.9 and
    sigma^2 = 0.04; a path is 9.9 (1 + e1), then 9.9 (1 + 0.5 e1)(1 + e2)."""
    found = forecast(
        [12.0, 8.8],
        2,
        method="MNN",
        smoothing=Smoothing(alpha=0.5),
        initial=InitialState(level=10.0),
    )
    paths = found.simulate(20, seed=0)
    e = np.random.default_rng(0).standard_normal((20, 2)) * 0.2
    np.testing.assert_allclose(paths[:, 0], 9.9 * (1 + e[:, 0]), rtol=1e-12)
    np.testing.assert_allclose(
        paths[:, 1], 9.9 * (1 + 0.5 * e[:, 0]) * (1 + e[:, 1]), rtol=1e-12
    )


@pytest.mark.parametrize(
    ("paths", "seed", "where", "message"),
    [
        (0, 0, "paths", "expected a whole number of at least 1, got 0"),
        (True, 0, "paths", "expected a whole number of at least 1, got True"),
        (2.0, 0, "paths", "expected a whole number of at least 1, got 2.0"),
        (1_000_001, 0, "paths", "expected at most 1,000,000 paths, got 1,000,001"),
        (10, -1, "seed", "expected a whole number of at least 0, got -1"),
        (10, "1", "seed", "expected a whole number of at least 0, got '1'"),
    ],
)
def test_a_bad_simulation_is_refused(paths, seed, where, message):
    """The number of paths is 1 to 1,000,000, the seed a whole number."""
    found = forecast([12.0, 13.0, 11.0, 14.0], 2, method="ANN")
    with pytest.raises(ValidationError) as raised:
        found.simulate(paths, seed=seed)
    assert str(raised.value) == f"Forecast.simulate.{where}: {message}"
