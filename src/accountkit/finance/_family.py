"""The ETS models with a multiplicative part, as the forecasting API sees them.

Fitting by maximum likelihood (:mod:`._ets_fit`), the fitted model's figures
in the shape the linear kernel gives them (:class:`._ets.Fit`), and forecast
intervals by simulation: a model with a multiplicative part has no normal
forecast distribution, and for most of them no closed form of its variance
(Hyndman et al. 2008, §6.1: classes 2 and 3), so the intervals are the
quantiles of simulated future paths, as R's ``forecast.ets`` gives them with
``simulate = TRUE``. The draws are seeded: a forecast is reproducible, and
every series of a batch sees the same standard normal draws (scaled by its
own error), so a series forecast alone or in a batch gets the same interval.
"""

from collections.abc import Mapping
from statistics import NormalDist
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from accountkit.finance import _ets
from accountkit.finance._ets import SmoothingMethod
from accountkit.finance._ets_fit import fit
from accountkit.finance._ets_models import (
    Array,
    Filtered,
    Model,
    Start,
    filter_series,
    final_state,
    point_forecasts,
    simulate,
)

__all__ = [
    "DEFAULT_PATHS",
    "General",
    "error_variance",
    "exact",
    "exact_band",
    "fit_general",
    "model_of",
    "paths_of",
    "simulated_paths",
]

DEFAULT_PATHS = 5000
"""Simulated paths behind an interval (R's ``forecast.ets`` uses 5,000)."""
_ROWS = 1 << 20
"""Series x paths simulated at once, to bound memory."""


class General(NamedTuple):
    """A fitted model with a multiplicative part: enough to forecast it."""

    model: Model
    start: Start
    filtered: Filtered
    estimated: int = 0
    """How many parameters and initial states the fit estimated."""

    @property
    def sigma2(self) -> Array:
        """The variance of the model's errors (relative with an M error).

        See :func:`error_variance`.
        """
        return error_variance(self.filtered.sse, self.filtered.observed, self.estimated)


def error_variance(
    sse: Array, observed: NDArray[np.integer[Any]] | Array, estimated: int
) -> Array:
    r"""Return :math:`\sigma^2 = \mathrm{SSE} / (n - k)`, as R's ``ets`` has it.

    ``k`` counts the smoothing parameters and initial states estimated (the
    seasonal terms' sum is fixed, so ``m - 1`` of them): each costs the
    errors a degree of freedom, and dividing by ``n`` alone would leave
    the intervals too narrow when ``k`` is a good share of ``n`` (17 of 48
    months for a damped seasonal model). With nothing estimated it is
    ``SSE / n``, as statsmodels reports a model it was given.
    """
    degrees = np.maximum(observed - estimated, 1).astype(np.float64)
    found: Array = sse / degrees
    return found


def model_of(method: SmoothingMethod, period: int) -> Model:
    """Return the kernel's model for a method (``period`` 1 without a season)."""
    return Model.named(method.value, period if method.seasonal else 1)


def fit_general(
    y: Array,
    method: SmoothingMethod,
    period: int,
    fixed: Mapping[str, Array],
    bounds: Mapping[str, tuple[float, float]] | None = None,
    *,
    estimated: int = 0,
) -> tuple[_ets.Fit, Array, General]:
    """Fit ``method`` to each row of ``y``; return it as the linear kernel would.

    ``fixed`` holds values not to estimate, and ``bounds`` narrows where the
    rest are searched (see :func:`._ets_fit.fit`).
    Returns the :class:`._ets.Fit` (errors are the response residuals
    ``y - fitted``; ``sse`` sums the model's errors, relative ones with a
    multiplicative error), the log-likelihood per row, and the model itself.
    """
    model = model_of(method, period)
    found = fit(model, y, fixed=fixed, bounds=bounds)
    start = found.start
    filtered = filter_series(model, start, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        beta_star = np.where(start.alpha > 0, start.beta / start.alpha, 0.0)
    # the API's order: term i serves observations i, i + m, ... (the kernel
    # keeps the newest first, and after n observations the next is n)
    seasons = start.seasons[:, ::-1]
    final = np.roll(filtered.seasons[:, -1, ::-1], y.shape[1] % model.period, axis=1)
    record = _ets.Fit(
        alpha=start.alpha,
        beta_star=beta_star if method.trend else np.zeros_like(start.alpha),
        gamma=start.gamma if method.seasonal else np.zeros_like(start.alpha),
        phi=start.phi if method.trend else np.zeros_like(start.alpha),
        level=start.level,
        trend=start.growth,
        seasons=np.ascontiguousarray(seasons),
        errors=y - filtered.fitted,
        final_level=filtered.level[:, -1],
        final_trend=filtered.growth[:, -1],
        final_seasons=np.ascontiguousarray(final),
        sse=filtered.sse,
    )
    # a row whose model broke down (a part that multiplies went non-positive)
    # has no likelihood, whatever the filter's arithmetic gave
    loglik = np.where(found.objective < np.inf, filtered.log_likelihood(), np.nan)
    return record, loglik, General(model, start, filtered, estimated)


class Band(NamedTuple):
    """Forecasts of a batch: point forecasts and the simulated interval."""

    mean: Array
    lower: Array
    upper: Array
    variance: Array
    """The forecast variance at each step."""
    total_spread: Array
    """The standard deviation of the sum of the first ``h`` steps, for each
    ``h``."""


def paths_of(
    general: General,
    horizon: int,
    coverage: float,
    *,
    paths: int = DEFAULT_PATHS,
    seed: int = 0,
) -> Band:
    """Return point forecasts and simulated intervals for every series.

    Each series' errors are drawn normal with its own fitted variance, from
    one seeded matrix of standard normal draws shared by every series.
    """
    model, start, filtered = general.model, general.start, general.filtered
    mean = point_forecasts(model, start, final_state(filtered), horizon)
    draws = np.random.default_rng(seed).standard_normal((paths, horizon))
    sigma = np.sqrt(general.sigma2)
    rows = start.alpha.shape[0]
    lower = np.empty((rows, horizon))
    upper = np.empty((rows, horizon))
    variance = np.empty((rows, horizon))
    total_spread = np.empty((rows, horizon))
    chunk = max(1, _ROWS // paths)
    tail = (1 - coverage) / 2
    for first in range(0, rows, chunk):
        take = np.arange(first, min(rows, first + chunk))
        sample = _simulated(general, take, draws, sigma).reshape(
            take.size, paths, horizon
        )
        low, high = np.quantile(sample, [tail, 1 - tail], axis=1)
        lower[take], upper[take] = low, high
        variance[take] = sample.var(axis=1)
        total_spread[take] = np.cumsum(sample, axis=2).std(axis=1)
    return Band(mean, lower, upper, variance, total_spread)


def exact(model: Model, horizon: int) -> bool:
    """Say whether the forecast variance has a closed form for ``horizon`` steps.

    It has one for the linear models (class 1 of Hyndman et al. 2008,
    ch. 6), for a multiplicative error on an additive or no trend and
    season (class 2), and for a multiplicative error and season with an
    additive or no trend (class 3) up to one season ahead: until then
    the seasonal terms the forecasts use are known, and the rest of the
    model is a class 2 one.
    """
    if model.trend == "M" or (model.error == "A" and model.season == "M"):
        return False
    return model.season != "M" or horizon <= model.period


def exact_band(general: General, horizon: int, coverage: float) -> Band:
    r"""Return point forecasts and intervals from the exact forecast variance.

    For a class 2 model (Hyndman et al. 2008, §6.3; Hyndman, Koehler, Ord
    and Snyder 2005, *J. Forecasting* 24(1)), with :math:`\mu_h` the point
    forecasts (which are the means),

    .. math::

        v_h = (1 + \sigma^2)\,\theta_h - \mu_h^2, \quad
        \theta_1 = \mu_1^2, \quad
        \theta_h = \mu_h^2 + \sigma^2 \sum_{j=1}^{h-1} c_j^2\, \theta_{h-j},

    with :math:`c_j = \alpha + \beta \sum_{i=1}^{j} \phi^i + \gamma
    [j \bmod m = 0]`. A multiplicative season (class 3, ``h <= m``)
    multiplies a class 2 model's forecasts by known seasonal terms
    :math:`s`: :math:`\mu_h` is then the forecast without its season and
    the variance :math:`s_h^2 v_h`. The interval is the normal one,
    :math:`\mu_h \pm z \sqrt{v_h}`, as R's ``forecast.ets`` gives it.
    """
    model, start, filtered = general.model, general.start, general.filtered
    if not exact(model, horizon):
        message = f"{model.name} has no closed-form variance {horizon} steps ahead"
        raise ValueError(message)
    mean = point_forecasts(model, start, final_state(filtered), horizon)
    sigma2 = general.sigma2[:, None]
    base = mean
    factor = np.ones_like(mean)
    if model.season == "M":
        factor = filtered.seasons[:, -1, ::-1][:, :horizon]
        base = mean / factor
    weights = _class_two_weights(model, start, horizon)
    theta = np.empty_like(mean)
    for h in range(horizon):
        theta[:, h] = np.square(base[:, h]) + sigma2[:, 0] * _dot_rows(
            np.square(weights[:, :h]), theta[:, h - 1 :: -1] if h else theta[:, :0]
        )
    variance = ((1 + sigma2) * theta - np.square(base)) * np.square(factor)
    spread = NormalDist().inv_cdf(0.5 + coverage / 2) * np.sqrt(variance)
    totals = _total_variance(sigma2[:, 0] * theta.T, weights, factor)
    return Band(mean, mean - spread, mean + spread, variance, np.sqrt(totals))


def _total_variance(shock: Array, weights: Array, factor: Array) -> Array:
    r"""Return the variance of the sum of the first ``H`` forecasts, each ``H``.

    The forecast errors are sums of uncorrelated shocks: step :math:`k`'s,
    of variance :math:`\sigma^2 \theta_k` (``shock``, ``(h, B)``), enters
    step :math:`j \ge k` with weight :math:`f_j c_{j-k}` (:math:`c_0 = 1`;
    :math:`f` the known seasonal terms of a class 3 model, else 1). So
    :math:`\mathrm{Var} \sum_{j \le H} y_j = \sum_{k \le H} \sigma^2
    \theta_k \big(\sum_{j=k}^{H} f_j c_{j-k}\big)^2`.
    """
    rows, horizon = factor.shape
    found = np.zeros((rows, horizon))
    for k in range(horizon):
        # the shock of step k in steps k, k + 1, ...: f_j c_{j - k}
        reach = factor[:, k:].copy()
        reach[:, 1:] *= weights[:, : horizon - k - 1]
        found[:, k:] += shock[k][:, None] * np.square(np.cumsum(reach, axis=1))
    return found


def _class_two_weights(model: Model, start: Start, horizon: int) -> Array:
    r"""Return :math:`c_1, \dots, c_{h-1}` of each row, ``(B, horizon - 1)``."""
    j = np.arange(1, horizon, dtype=np.float64)
    found: Array = np.repeat(start.alpha[:, None], horizon - 1, axis=1)
    if model.trend != "N":
        phi = start.phi[:, None]
        powers = np.power(phi, j[None, :])
        found = found + start.beta[:, None] * np.cumsum(powers, axis=1)
    if model.season == "A":
        found = found + start.gamma[:, None] * (j % model.period == 0)[None, :]
    return found


def _dot_rows(a: Array, b: Array) -> Array:
    """Row-wise dot products (0 for rows of no columns)."""
    found: Array = (a * b).sum(axis=1)
    return found


def simulated_paths(
    general: General, horizon: int, *, paths: int = DEFAULT_PATHS, seed: int = 0
) -> Array:
    """Return ``(B, paths, horizon)`` simulated future paths of each series.

    The draws are those :func:`paths_of` uses, so their quantiles are its
    interval.
    """
    draws = np.random.default_rng(seed).standard_normal((paths, horizon))
    rows = general.start.alpha.shape[0]
    found: Array = _simulated(
        general, np.arange(rows), draws, np.sqrt(general.sigma2)
    ).reshape(rows, paths, horizon)
    return found


def _simulated(
    general: General, take: NDArray[np.intp], draws: Array, sigma: Array
) -> Array:
    """Return the simulated paths of the series ``take``, ``paths`` rows each."""
    model, start, filtered = general.model, general.start, general.filtered
    paths = draws.shape[0]
    index = np.repeat(take, paths)
    chosen = Start(*(part[index] for part in start))
    ends = tuple(part[index] for part in final_state(filtered))
    innovations = np.tile(draws, (take.size, 1)) * sigma[index][:, None]
    found: Array = simulate(model, chosen, (ends[0], ends[1], ends[2]), innovations)
    return found
