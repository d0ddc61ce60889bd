"""Fitting the ETS family by maximum likelihood, against R and statsmodels.

The reference fits are R's ``forecast::ets`` on fpp2's ``oil`` and
``austourists`` (see ``test_ets_family.py`` for where the figures come
from). R's ``lik`` is ``n log SSE`` (plus ``2 sum log |yhat|`` with a
multiplicative error); ``test_ets_family.py`` shows our likelihood equals
R's at R's own parameters to 1e-9, so a fit here may be compared with
R's ``loglik`` directly: ``lik = -2 loglik``.
"""

import functools
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from accountkit.finance._ets_fit import BOUNDS, fit, heuristic_state
from accountkit.finance._ets_models import Model, Start, likelihood

REFERENCE = Path(__file__).parent / "data" / "r_ets_reference.json"


@functools.cache
def _reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


MODELS = sorted(_reference()["models"])


def _series(name: str) -> tuple[Model, np.ndarray, dict]:
    reference = _reference()
    r = reference["models"][name]
    model = Model.named(name, reference["periods"][r["data"]])
    return model, np.array([reference["series"][r["data"]]]), r


def _in_bounds(model: Model, start: Start) -> None:
    """The parameters lie in R's usual region; the seasons add up as R's."""
    alpha = start.alpha[0]
    low, high = BOUNDS["alpha"]
    assert low <= alpha <= high
    if model.trend != "N":
        assert 0 < start.beta[0] < alpha
    if model.season != "N":
        assert 0 < start.gamma[0] < 1 - alpha
        total = start.seasons[0].sum()
        assert total == pytest.approx(
            model.period if model.season == "M" else 0.0, abs=1e-9
        )
    if model.damped:
        assert BOUNDS["phi"][0] <= start.phi[0] <= BOUNDS["phi"][1]


@pytest.mark.parametrize("name", MODELS)
def test_every_fit_is_at_least_as_likely_as_rs(name):
    """Our fit's lik is never above R's, for all 19 models (it is below on
    most: R's Nelder-Mead stops early; MAN, MAdN and MMN by 13-18)."""
    model, y, r = _series(name)
    found = fit(model, y)
    _in_bounds(model, found.start)
    assert found.objective[0] <= -2 * r["loglik"] + 1e-6
    assert found.objective[0] == pytest.approx(
        likelihood(model, found.start, y)[0], rel=1e-12
    )


statsmodels_ets = pytest.importorskip("statsmodels.tsa.exponential_smoothing.ets")
pd = pytest.importorskip("pandas")
_KINDS = {"A": "add", "M": "mul", "N": None}


@pytest.mark.parametrize("name", MODELS)
def test_every_fit_is_as_likely_as_statsmodels(name):
    """statsmodels 0.15.0's ``ETSModel.fit`` on the same series: our
    log-likelihood is within 1e-4 of its ``llf`` or above. (Its ``llf`` of
    MNM, MMM and MAM exceeds the likelihood of its own parameters by up to
    7e-5; evaluated by the formula both share, its MNM optimum is ours to
    1e-9.)"""
    model, y, _ = _series(name)
    n = y.shape[1]
    ours = -0.5 * fit(model, y).objective[0] - n / 2 * (math.log(2 * math.pi / n) + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = statsmodels_ets.ETSModel(
            pd.Series(y[0]),
            error=_KINDS[model.error],
            trend=_KINDS[model.trend],
            damped_trend=model.damped,
            seasonal=_KINDS[model.season],
            seasonal_periods=model.period if model.period > 1 else None,
        ).fit(disp=False)
    assert ours >= theirs.llf - 1e-4


def test_a_fixed_parameter_stays_and_the_rest_are_estimated():
    """AAdN on oil with phi fixed at 0.9: phi is exactly 0.9 and the fit is
    no better than the free one (a constraint cannot help). With R's
    parameters and initial state all fixed, nothing moves and the objective
    is R's lik."""
    model, y, r = _series("AAdN")
    free = fit(model, y)
    held = fit(model, y, fixed={"phi": np.array([0.9])})
    assert held.start.phi[0] == 0.9
    assert held.objective[0] >= free.objective[0] - 1e-9
    given = {
        "alpha": np.array([r["alpha"]]),
        "beta": np.array([r["beta"]]),
        "phi": np.array([r["phi"]]),
        "level": np.array([r["initstate"][0]]),
        "growth": np.array([r["initstate"][1]]),
    }
    everything = fit(model, y, fixed=given)
    assert everything.start.alpha[0] == r["alpha"]
    assert everything.objective[0] == pytest.approx(-2 * r["loglik"], rel=1e-8)


@pytest.mark.parametrize("name", ["MAM", "AAdA", "MNM"])
def test_with_rs_initial_state_fixed_the_parameters_do_at_least_as_well(name):
    """R's initial state held, the smoothing estimated: R's own parameters
    are one choice, so the fit's lik is at most R's; the state is R's."""
    model, y, r = _series(name)
    state = r["initstate"]
    trended = model.trend != "N"
    given = {
        "level": np.array([state[0]]),
        "seasons": np.array([state[1 + trended :]]),
    }
    if trended:
        given["growth"] = np.array([state[1]])
    found = fit(model, y, fixed=given)
    np.testing.assert_array_equal(found.start.seasons, given["seasons"])
    assert found.start.level[0] == state[0]
    assert found.objective[0] <= -2 * r["loglik"] + 1e-6


def test_the_heuristic_recovers_an_exact_season_and_line():
    """y = 10 + 0.5 t + s with s = (1, -1, 2, -2) repeating (additive), and
    y = (10 + 0.5 t) x (1.1, 0.9, 1.2, 0.8) without a trend in the season
    ratios' mean: a 2x4 moving average of a straight line plus a pure
    season is the line, so the decomposition gives the season exactly;
    the line fitted to the first 10 adjusted values is 10 + 0.5 t, so the
    level before t = 1 is 10 and the growth 0.5. The state keeps the newest
    term first: the one of observation 4 (index 3), -2."""
    t = np.arange(1, 25, dtype=np.float64)
    pattern = np.array([1.0, -1.0, 2.0, -2.0])
    y = (10 + 0.5 * t + np.tile(pattern, 6))[None, :]
    level, growth, seasons = heuristic_state(Model.named("AAA", 4), y)
    assert level[0] == pytest.approx(10.0)
    assert growth[0] == pytest.approx(0.5)
    np.testing.assert_allclose(seasons[0], pattern[::-1], atol=1e-12)
    level, growth, seasons = heuristic_state(Model.named("ANN"), y)
    assert (level[0], growth[0]) == (pytest.approx(y[0, :10].mean()), 0.0)


def test_a_batch_is_fitted_row_by_row():
    """Series fitted together give, bit for bit, what each gives alone: every
    sum runs along a row, the same way whatever the batch (forecast_many's
    rows must be forecast's)."""
    for name in ("MAM", "MAdA", "MMdM", "ANA"):
        model, y, _ = _series(name)
        rows = np.concatenate([y, y[:, ::-1] * 1.5, y * 0.7 + 3])
        together = fit(model, rows)
        for row in range(3):
            alone = fit(model, rows[row : row + 1])
            assert together.objective[row] == alone.objective[0]
            for part, single in zip(together.start, alone.start, strict=True):
                np.testing.assert_array_equal(part[row], single[0])


def test_two_seasons_are_enough_for_the_heuristic_season():
    """y = 10 + s over two seasons, s = (1, -1, 2, -2): the 2x4 moving average
    is 10 where it exists, so each position has one detrended value (the
    other falls where the average does not reach) and it is s itself."""
    pattern = np.array([1.0, -1.0, 2.0, -2.0])
    y = (10 + np.tile(pattern, 2))[None, :]
    level, _, seasons = heuristic_state(Model.named("ANA", 4), y)
    np.testing.assert_allclose(seasons[0], pattern[::-1], atol=1e-12)
    assert level[0] == pytest.approx(10.0)


@pytest.mark.parametrize("rate", [1.02, 0.98])
def test_the_heuristic_growth_of_a_multiplicative_trend(rate):
    """y = 100 rate^t, t = 1..20: the straight line a + b t fitted to the
    first 10 values (numpy's polyfit, independently) gives the first two
    points a + b and a + 2b; the growth is their ratio and the level the
    first over it."""
    t = np.arange(1, 21, dtype=np.float64)
    y = (100 * rate**t)[None, :]
    slope, intercept = np.polyfit(t[:10], y[0, :10], 1)
    first, second = intercept + slope, intercept + 2 * slope
    level, growth, _ = heuristic_state(Model.named("MMN"), y)
    assert growth[0] == pytest.approx(second / first, rel=1e-12)
    assert level[0] == pytest.approx(first * first / second, rel=1e-12)


def test_a_line_below_zero_falls_back_to_the_first_two_values():
    """0.5, then eight 0.25s and a jump to 100: the line fitted to the first
    ten is below zero at t = 1 (checked with polyfit), so no growth can come
    from it: the growth is y2 / y1 = 0.5 and the level y1 = 0.5 (values
    below 1, so that a floor moved to 1 would show)."""
    values = [0.5] + [0.25] * 8 + [100.0] * 6
    slope, intercept = np.polyfit(np.arange(1, 11), values[:10], 1)
    assert intercept + slope < 0
    level, growth, _ = heuristic_state(Model.named("MMN"), np.array([values]))
    assert (level[0], growth[0]) == (0.5, 0.5)


def test_a_start_outside_the_bounds_moves_a_tenth_inside():
    """Bounds (0.6, 0.8): a start of 0.1 moves to 0.62, one of 0.9 to 0.78,
    one inside stays; without bounds nothing moves."""
    from accountkit.finance._ets_fit import _inside  # noqa: PLC0415

    np.testing.assert_allclose(
        _inside(np.array([0.1, 0.9, 0.7]), (0.6, 0.8)), [0.62, 0.78, 0.7]
    )
    values = np.array([0.1, 0.9])
    assert _inside(values, None) is values


def test_gamma_starts_inside_its_box_and_below_one_minus_alpha():
    """A gamma box (0.1, 0.5) with alpha 0.7: gamma can reach only
    0.3 x 0.9999 = 0.29997, so a start of share 0.5 is 0.1 + 0.5 x 0.19997;
    a share of 0.95 is held to 0.9 of the way. Without a box, gamma is the
    share of 1 - alpha."""
    from accountkit.finance import _ets_fit  # noqa: PLC0415

    model = Model.named("ANA", 4)
    boxed = _ets_fit._Layout(model, ("gamma",), gamma_box=(0.1, 0.5))
    alpha = np.array([0.7, 0.7])
    found = _ets_fit._gamma_start(boxed, alpha, np.array([0.5, 0.95]))
    np.testing.assert_allclose(
        found, [0.1 + 0.5 * 0.19997, 0.1 + 0.9 * 0.19997], rtol=1e-12
    )
    plain = _ets_fit._Layout(model, ("gamma",))
    np.testing.assert_allclose(
        _ets_fit._gamma_start(plain, alpha, np.array([0.5, 0.95])), [0.15, 0.285]
    )


def test_the_heuristic_fills_a_missing_value_from_its_neighbours():
    """A gap in y = 10 + 0.5 t is filled by the line through its neighbours,
    so the heuristic sees the whole line: level 10, growth 0.5."""
    y = (10 + 0.5 * np.arange(1, 21, dtype=np.float64))[None, :]
    y[0, 4] = np.nan
    level, growth, _ = heuristic_state(Model.named("AAN"), y)
    assert (level[0], growth[0]) == (pytest.approx(10.0), pytest.approx(0.5))
    assert np.isnan(y[0, 4])  # the caller's series is left as it was


LAYOUTS = [
    ("MAdM", {}, {}),
    ("MAN", {"beta_star": np.array([0.3])}, {}),
    ("MMN", {}, {"alpha": (0.1, 0.6)}),
    ("MNA", {}, {"alpha": (0.05, 0.5), "gamma": (0.2, 0.4)}),
    ("MAdA", {"alpha": np.array([0.3])}, {"gamma": (0.1, 0.3), "phi": (0.85, 0.9)}),
    # gamma's room below 1 - alpha is less than its own upper bound
    ("ANA", {}, {"alpha": (0.5, 0.8), "gamma": (0.1, 0.45)}),
]


def _layout_case(name: str, fixed: dict, bounds: dict):
    """The fitter's layout and a point inside it, on austourists."""
    from accountkit.finance import _ets_fit  # noqa: PLC0415 - its private parts

    reference = _reference()
    model = Model.named(name, 4 if name[-1] != "N" else 1)
    y = np.array([reference["series"]["austourists"]])
    layout = _ets_fit._Layout(
        model,
        _ets_fit._coordinates(model, fixed),
        beta_share="beta_star" in fixed,
        limits={**BOUNDS, **{k: v for k, v in bounds.items() if k != "gamma"}},
        gamma_box=bounds.get("gamma"),
    )
    level, growth, seasons = heuristic_state(model, y)
    base = Start(
        alpha=fixed.get("alpha", np.array([0.0])),
        beta=fixed.get("beta_star", np.array([0.0])),
        gamma=np.array([0.0]),
        phi=np.array([1.0]),
        level=level,
        growth=growth,
        seasons=seasons,
    )
    # a point inside every layout's bounds, moved a little at random
    sensible = Start(
        alpha=np.array(
            [0.65 if "alpha" in bounds and bounds["alpha"][0] > 0.3 else 0.3]
        ),
        beta=np.array([0.09]),
        gamma=np.array([0.25]),
        phi=np.array([0.875]),
        level=level,
        growth=growth,
        seasons=seasons,
    )
    u = _ets_fit._from_start(layout, sensible, _ets_fit._scale(y))
    u += np.random.default_rng(len(name)).uniform(-0.1, 0.1, u.shape)
    return _ets_fit, layout, base, y, u


@pytest.mark.parametrize(("name", "fixed", "bounds"), LAYOUTS)
def test_the_search_gradient_is_its_objectives_slope(name, fixed, bounds):
    """The gradient in the search's coordinates (the model's, by the chain
    rule through the logistic bounds, the share beta / alpha, gamma's room
    below 1 - alpha and the seasons' sum) against central differences."""
    fitter, layout, base, y, u = _layout_case(name, fixed, bounds)
    scale = fitter._scale(y)
    value, gradient = fitter._gradient(layout, base, y, u, scale)
    assert value[0] == fitter._objective(layout, base, y, u, scale)[0]
    for i in range(u.shape[1]):
        step = np.zeros_like(u)
        step[0, i] = 1e-6
        ahead = fitter._objective(layout, base, y, u + step, scale)[0]
        behind = fitter._objective(layout, base, y, u - step, scale)[0]
        slope = (ahead - behind) / 2e-6
        assert gradient[0, i] == pytest.approx(slope, rel=1e-5, abs=1e-5)


@pytest.mark.parametrize(("name", "fixed", "bounds"), LAYOUTS)
def test_coordinates_and_parameters_map_back_and_forth(name, fixed, bounds):
    """From coordinates to parameters and back gives the coordinates (the
    parameters lie inside their bounds, gamma below 1 - alpha)."""
    fitter, layout, base, y, u = _layout_case(name, fixed, bounds)
    scale = fitter._scale(y)
    start = fitter._to_start(layout, base, u, scale)
    np.testing.assert_allclose(
        fitter._from_start(layout, start, scale), u, rtol=1e-9, atol=1e-9
    )
    assert start.gamma[0] < 1 - start.alpha[0] or layout.model.season == "N"
    for key, (low, high) in bounds.items():
        value = {
            "alpha": start.alpha,
            "gamma": start.gamma,
            "phi": start.phi,
        }[key][0]
        assert low < value < high


def test_a_parameter_at_its_bound_has_a_finite_coordinate():
    """A start on a bound (alpha = 0.9999, the top) maps to a large but
    finite coordinate, not to infinity or NaN."""
    from accountkit.finance._ets_fit import _logit  # noqa: PLC0415

    top = _logit(np.array([BOUNDS["alpha"][1]]), BOUNDS["alpha"])[0]
    bottom = _logit(np.array([BOUNDS["alpha"][0]]), BOUNDS["alpha"])[0]
    assert top == pytest.approx(math.log((1 - 1e-9) / 1e-9))
    assert bottom == pytest.approx(-math.log((1 - 1e-9) / 1e-9))
