"""Admissible parameters: fits whose forecasts forget their starting state.

:func:`admissible` decides from the eigenvalues of the discount matrix. The
tests check its decisions against what the filter itself does: start it
twice, from levels 1 apart, on a long series, and see whether the two runs'
one-step forecasts come together (admissible) or drift apart (not).
"""

import numpy as np
import pytest

from accountkit.finance import _ets_fit
from accountkit.finance._ets_models import (
    Model,
    Start,
    admissible,
    filter_series,
    simulate,
)

SEASON_12 = np.array([5, -5, 3, -3, 2, -2, 4, -4, 1, -1, 0, 0], dtype=np.float64)


def _start(parameters: tuple[float, float, float, float], m: int, rows: int = 1):
    alpha, beta, gamma, phi = parameters
    return Start(
        alpha=np.full(rows, alpha),
        beta=np.full(rows, beta),
        gamma=np.full(rows, gamma),
        phi=np.full(rows, phi),
        level=np.full(rows, 100.0),
        growth=np.full(rows, 1.0),
        seasons=np.tile(SEASON_12[:m][None], (rows, 1)) - SEASON_12[:m].mean(),
    )


def _drift(model: Model, start: Start, steps: int = 3000) -> float:
    """How far apart the one-step forecasts of two runs end, their initial
    levels 1 apart, over the same noisy series."""
    y = 100 + np.random.default_rng(1).normal(0, 3, (1, steps))
    one = filter_series(model, start, y)
    other = filter_series(model, start._replace(level=start.level + 1), y)
    return float(np.abs(one.fitted[0, -20:] - other.fitted[0, -20:]).max())


@pytest.mark.parametrize(
    ("name", "m", "parameters", "expected"),
    [
        ("AAdA", 4, (0.3, 0.05, 0.1, 0.98), True),
        ("ANA", 12, (0.5, 0.0, 0.4, 1.0), True),
        ("AAA", 12, (0.3, 0.03, 0.1, 1.0), True),
        # inside R's usual region (beta < alpha, gamma < 1 - alpha), yet
        # an old state's effect grows (the largest eigenvalue 1.002)
        ("AAdA", 12, (0.9, 0.5, 0.09, 0.98), False),
        ("ANA", 12, (0.5, 0.0, 1.6, 1.0), False),
        ("MAdA", 12, (0.9, 0.5, 0.09, 0.98), False),
    ],
)
def test_admissible_is_what_the_filter_forgets(name, m, parameters, expected):
    """Admissible parameters: the runs' forecasts end within 1e-6 of each
    other; not admissible: more than 1 apart. The condition is the linear
    model's (a multiplicative error takes its additive twin's), so the drift
    is measured on the additive-error model."""
    model = Model.named(name, m)
    start = _start(parameters, m)
    assert admissible(model, start)[0] == expected
    twin = Model.named("A" + name[1:], m)
    drift = _drift(twin, start)
    if expected:
        assert drift < 1e-6
    else:
        assert drift > 1.0


def test_models_without_a_season_are_admissible_in_the_usual_bounds():
    """ANN, AAN and MAdN: every row admissible (the usual bounds lie inside
    the admissible region without a season)."""
    for name in ("ANN", "AAN", "MAdN"):
        start = _start((0.99, 0.98, 0.0, 0.8), 1, rows=3)._replace(
            seasons=np.zeros((3, 1))
        )
        assert admissible(Model.named(name), start).all()


def test_a_fit_outside_the_admissible_region_is_searched_again():
    """20 series drawn from AAdA with the parameters above that are not
    admissible: searched without the condition, some fits end outside the
    region; fit() searches those again and every fit ends inside, no better
    than the unconditioned search there (it searched a smaller region)."""
    model = Model.named("AAdA", 12)
    rows = 20
    start = _start((0.9, 0.5, 0.09, 0.98), 12, rows)
    innovations = np.random.default_rng(3).normal(0, 3, (rows, 48))
    y = simulate(model, start, (start.level, start.growth, start.seasons), innovations)
    found = _ets_fit.fit(model, y)
    assert admissible(model, found.start).all()
    original = _ets_fit._readmitted
    try:
        _ets_fit._readmitted = lambda _model, _y, fitted, _settings: fitted
        unchecked = _ets_fit.fit(model, y)
    finally:
        _ets_fit._readmitted = original
    outside = ~admissible(model, unchecked.start)
    assert outside.sum() >= 5
    inside = ~outside
    np.testing.assert_array_equal(found.objective[inside], unchecked.objective[inside])
    assert (found.objective[outside] >= unchecked.objective[outside] - 1e-9).all()


def test_a_linear_kernel_fit_outside_the_region_is_fitted_again(monkeypatch):
    """The linear kernel (which profiles the initial state) has not been seen
    to leave the admissible region, so the test makes it: its fit of the
    first of two series is moved to the parameters above. forecast_many then
    fits that series again by likelihood (within the region) and gives it
    what that fit gives; the second series keeps the kernel's fit."""
    from accountkit.finance import _ets, _family, forecast_many  # noqa: PLC0415

    model = Model.named("AAdA", 12)
    start = _start((0.9, 0.5, 0.09, 0.98), 12, 2)
    innovations = np.random.default_rng(3).normal(0, 3, (2, 48))
    y = simulate(model, start, (start.level, start.growth, start.seasons), innovations)
    honest = forecast_many(y, 3, method="AAdA", seasonal_periods=12)
    kernel = _ets.fit

    def outside(*args, **kwargs):
        found = kernel(*args, **kwargs)
        moved = found._replace(
            alpha=found.alpha.copy(),
            beta_star=found.beta_star.copy(),
            gamma=found.gamma.copy(),
            phi=found.phi.copy(),
        )
        moved.alpha[0], moved.beta_star[0] = 0.9, 0.5 / 0.9
        moved.gamma[0], moved.phi[0] = 0.09, 0.98
        return moved

    monkeypatch.setattr(_ets, "fit", outside)
    found = forecast_many(y, 3, method="AAdA", seasonal_periods=12)
    again, _, _ = _family.fit_general(y[:1], found.methods[0], 12, {}, estimated=5 + 13)
    assert found.alpha[0] == again.alpha[0]
    assert found.gamma[0] == again.gamma[0]
    assert found.phi[0] == again.phi[0]
    readmitted = Start(
        alpha=found.alpha,
        beta=found.alpha * found.beta_star,
        gamma=found.gamma,
        phi=found.phi,
        level=np.zeros(2),
        growth=np.zeros(2),
        seasons=np.zeros((2, 12)),
    )
    assert admissible(model, readmitted).all()
    assert found.alpha[1] == honest.alpha[1]
    np.testing.assert_array_equal(found.mean[1], honest.mean[1])
