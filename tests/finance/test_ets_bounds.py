"""Bounds on the smoothing parameters: where a fit may search, and refusals.

The series are built so that the unbounded fit lies outside the bounds
asked for (a random walk wants alpha near 1; a steady trend a damping near
the top of its range), so that a fit ignoring its bounds fails the test.
"""

import numpy as np
import pytest

from accountkit.errors import ValidationError
from accountkit.finance import Smoothing, forecast, forecast_many

WALK = list(100 + np.cumsum(np.random.default_rng(11).normal(0, 4, 40)).round(2))
"""A random walk: its best simple smoothing has alpha near 1."""
TREND = [100 + 3 * t + (2 if t % 2 else -2) for t in range(30)]
"""A straight line with alternating noise: an undamped trend fits best."""
SEASONAL = [
    200 * (1 + 0.2 * [1, -1, 0.5, -0.5][t % 4]) + 3 * t + (4 if t % 3 else -4)
    for t in range(32)
]


def test_alpha_stays_in_its_bounds():
    """ANN on a random walk: alone alpha goes above 0.9; held to (0.05, 0.2)
    it ends at the box's top (the likelihood rises with alpha there), and
    the fit is no better than the free one."""
    free = forecast(WALK, 3, method="ANN")
    held = forecast(WALK, 3, method="ANN", bounds={"alpha": (0.05, 0.2)})
    assert free.smoothing.alpha > 0.9
    assert 0.19 < held.smoothing.alpha <= 0.2
    assert held.log_likelihood is not None
    assert free.log_likelihood is not None
    assert held.log_likelihood < free.log_likelihood


def test_phi_stays_in_its_bounds():
    """AAdN on a straight line: the damping goes to the top of its default
    range (0.995); bounded to (0.85, 0.9) it ends at 0.9 or just below."""
    free = forecast(TREND, 3, method="AAdN")
    held = forecast(TREND, 3, method="AAdN", bounds={"phi": (0.85, 0.9)})
    assert free.smoothing.phi is not None
    assert held.smoothing.phi is not None
    assert free.smoothing.phi > 0.95
    assert 0.85 < held.smoothing.phi <= 0.9
    assert held.smoothing.phi > 0.89


def test_beta_star_and_gamma_stay_in_theirs():
    """MAA with beta* in (0.5, 0.6), gamma in (0.2, 0.3) and alpha in
    (0.05, 0.5) (so that gamma has room below 1 - alpha): each ends inside
    (at a bound, maybe: the fit may want to go further), and gamma below
    1 - alpha."""
    bounds = {"alpha": (0.05, 0.5), "beta_star": (0.5, 0.6), "gamma": (0.2, 0.3)}
    found = forecast(SEASONAL, 4, method="MAA", seasonal_periods=4, bounds=bounds)
    alpha, beta_star, gamma = (
        found.smoothing.alpha,
        found.smoothing.beta_star,
        found.smoothing.gamma,
    )
    assert beta_star is not None
    assert gamma is not None
    assert 0.05 <= alpha <= 0.5
    assert 0.5 <= beta_star <= 0.6
    assert 0.2 <= gamma <= 0.3
    assert gamma < 1 - alpha


def test_automatic_selection_applies_each_candidates_bounds():
    """auto on the random walk with alpha in (0.05, 0.1) and a gamma bound
    (which no non-seasonal candidate has): the winner's alpha is in its
    box."""
    found = forecast(WALK, 3, bounds={"alpha": (0.05, 0.1), "gamma": (0.0, 0.05)})
    assert 0.05 < found.smoothing.alpha <= 0.1
    assert found.candidates


def test_forecast_many_bounds_every_series():
    """Two random walks, alpha held to (0.3, 0.4): both fits inside."""
    other = list(np.array(WALK[::-1]) + 5)
    found = forecast_many([WALK, other], 2, method="ANN", bounds={"alpha": (0.3, 0.4)})
    assert ((found.alpha > 0.3) & (found.alpha <= 0.4)).all()


def test_a_linear_model_with_bounds_is_fitted_by_likelihood():
    """AAN bounded (the linear kernel searches its own region): the fit
    comes from the likelihood fitter, alpha inside (0.1, 0.3), and its
    log-likelihood is no better than the unbounded fit's."""
    free = forecast(TREND, 2, method="AAN")
    held = forecast(TREND, 2, method="AAN", bounds={"alpha": (0.1, 0.3)})
    assert 0.1 <= held.smoothing.alpha <= 0.3
    assert held.log_likelihood is not None
    assert free.log_likelihood is not None
    assert held.log_likelihood <= free.log_likelihood + 1e-9


@pytest.mark.parametrize(
    ("method", "bounds", "path", "message"),
    [
        ("ANN", [("alpha", (0.1, 0.2))], "bounds", "expected a mapping or None, got list"),
        ("ANN", {"beta": (0.1, 0.2)}, "bounds.beta", "expected one of alpha, beta_star, gamma, phi, got 'beta'"),
        ("AAN", {"phi": (0.8, 0.9)}, "bounds.phi", "AAN has no phi"),
        ("ANN", {"gamma": (0.1, 0.2)}, "bounds.gamma", "ANN has no gamma"),
        ("ANN", {"alpha": 0.2}, "bounds.alpha", "expected a list, got float 0.2"),
        ("ANN", {"alpha": "ab"}, "bounds.alpha", "expected a list, got str 'ab'"),
        ("ANN", {"alpha": (0.1, 0.2, 0.3)}, "bounds.alpha", "expected (low, high), got (0.1, 0.2, 0.3)"),
        ("ANN", {"alpha": (0.3, 0.2)}, "bounds.alpha", "expected low < high, got (0.3, 0.2)"),
        ("ANN", {"alpha": (0.2, 0.2)}, "bounds.alpha", "expected low < high, got (0.2, 0.2)"),
        ("ANN", {"alpha": (-0.1, 0.2)}, "bounds.alpha[0]", "must be in [0, 1], got -0.1"),
        ("ANN", {"alpha": (0.1, 1.5)}, "bounds.alpha[1]", "must be in [0, 1], got 1.5"),
        ("AAdN", {"phi": (0.0, 0.9)}, "bounds.phi[0]", "must be in (0, 1], got 0.0"),
        ("ANA", {"gamma": (0.1, 0.2)}, "bounds.gamma", "gamma stays below 1 - alpha, and alpha may be 0.9999: a lower bound of 0.1 needs alpha held or bounded below 0.9"),
        ("ANA", {"alpha": (0.1, 0.9), "gamma": (0.1, 0.2)}, "bounds.gamma", "gamma stays below 1 - alpha, and alpha may be 0.9: a lower bound of 0.1 needs alpha held or bounded below 0.9"),
    ],
)  # fmt: skip
def test_bad_bounds_are_refused(method, bounds, path, message):
    """Each bad bound names itself and what was wrong."""
    with pytest.raises(ValidationError) as raised:
        forecast(SEASONAL, 2, method=method, seasonal_periods=4, bounds=bounds)
    assert str(raised.value) == f"forecast.{path}: {message}"


def test_a_gamma_bound_with_room_below_one_minus_alpha_is_taken():
    """alpha bounded to (0.1, 0.85) leaves gamma room above 0.1: accepted;
    and with alpha held at 0.5 by fixed, a gamma bound up to 0.5 is too."""
    found = forecast(
        SEASONAL,
        2,
        method="ANA",
        seasonal_periods=4,
        bounds={"alpha": (0.1, 0.85), "gamma": (0.1, 0.14)},
    )
    assert found.smoothing.gamma is not None
    assert 0.1 < found.smoothing.gamma < 0.14
    held = forecast(
        SEASONAL,
        2,
        method="ANA",
        seasonal_periods=4,
        fixed={"alpha": 0.5},
        bounds={"gamma": (0.45, 0.49)},
    )
    assert held.smoothing.alpha == 0.5
    assert held.smoothing.gamma is not None
    assert 0.45 < held.smoothing.gamma < 0.49


def test_bounds_cannot_meet_held_or_given_parameters():
    """A parameter held by fixed cannot be bounded; smoothing holds them all;
    forecast_many checks its bounds as forecast does."""
    with pytest.raises(ValidationError) as raised:
        forecast(
            WALK, 2, method="ANN", fixed={"alpha": 0.3}, bounds={"alpha": (0.1, 0.5)}
        )
    assert str(raised.value) == (
        "forecast.bounds.alpha: alpha is held by fixed: it cannot be bounded too"
    )
    with pytest.raises(ValidationError) as raised:
        forecast(
            WALK,
            2,
            method="ANN",
            smoothing=Smoothing(alpha=0.3),
            bounds={"alpha": (0.1, 0.5)},
        )
    assert str(raised.value) == (
        "forecast.bounds: smoothing holds every parameter: there is nothing to bound"
    )
    with pytest.raises(ValidationError) as raised:
        forecast_many([WALK], 2, method="AAN", bounds={"phi": (0.8, 0.9)})
    assert str(raised.value) == "forecast_many.bounds.phi: AAN has no phi"
