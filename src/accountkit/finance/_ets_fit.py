r"""Fitting any ETS model by maximum likelihood, many series at once.

The likelihood is R's ``ets``: with the error variance profiled out, the
fit minimises

.. math:: L = n \log \sum_t e_t^2 + 2 \sum_t \log |\hat y_t| \;(\text{M error}),

over the smoothing parameters and the initial state (Hyndman et al. 2008,
§5.1; Hyndman and Athanasopoulos, FPP3 §8.6). The seasonal terms are
constrained as R constrains them: the ``m`` initial terms add up to 0
(additive) or to ``m`` (multiplicative), so ``m - 1`` of them are free.

The parameters stay in R's "usual" region by construction: each is a
logistic function of a free coordinate,

.. math::

    \alpha \in (\alpha_-, \alpha_+), \quad
    \beta = \alpha \beta^*,\ \beta^* \in (\beta_-, \beta_+), \quad
    \gamma = (1 - \alpha) \gamma^*,\ \gamma^* \in (\gamma_-, \gamma_+), \quad
    \phi \in (\phi_-, \phi_+),

so :math:`\beta < \alpha` and :math:`\gamma < 1 - \alpha` always hold. The
search is a quasi-Newton method (BFGS) on those coordinates, with
forward-difference gradients: every series, every perturbed point and every
trial step of the line search go through the filter in one batch. Several
starting points (the heuristic initial state of Hyndman et al. 2008,
§2.6.1, with a few smoothing parameters) are searched and the best kept.
"""

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from accountkit.finance._ets import DAMPING_BOUNDS
from accountkit.finance._ets_models import Array, Model, Start, likelihood

__all__ = [
    "BOUNDS",
    "Fitted",
    "fit",
    "heuristic_state",
]

BOUNDS: Mapping[str, tuple[float, float]] = {
    "alpha": (1e-4, 0.9999),
    "beta_star": (1e-4, 0.9999),
    "gamma_star": (1e-4, 0.9999),
    "phi": DAMPING_BOUNDS,
}
r"""The region each parameter is searched in: R's ``ets`` "usual" bounds,
with :math:`\beta` and :math:`\gamma` as shares of their upper limits, and
the damping range the linear models are fitted in (R stops at 0.98)."""

_PARAMETERS = ("alpha", "beta", "gamma", "phi")
_STARTS = ((0.1, 0.1, 0.1), (0.5, 0.1, 0.2), (0.9, 0.05, 0.05), (0.3, 0.01, 0.4))
"""Starting (alpha, beta_star, gamma_star); phi starts at 0.97."""
_MAX_ITERATIONS = 300
_TOLERANCE = 1e-10
"""A series stops when a step lowers its objective by less than this
(relative), or its gradient vanishes."""
_CURVATURE = 1e-12
"""A step whose curvature ``s'y`` is below this share of ``|s||y|`` leaves
the inverse Hessian as it was."""
_FLAT = 1e-8
"""A gradient no larger than this in any coordinate is a minimum."""
_DIFFERENCE = 1e-6
_STEPS = 2.0 ** -np.arange(0, 12)
"""The trial steps of the line search, all tried at once."""
_ARMIJO = 1e-4


class Fitted(NamedTuple):
    """The best fit of each series: its parameters and initial state."""

    start: Start
    objective: Array
    """R's ``lik`` at the fit (``inf`` where no start gave a finite one)."""
    iterations: NDArray[np.int64]


def heuristic_state(model: Model, y: Array) -> tuple[Array, Array, Array]:
    """Return a starting level, growth and seasons for each row of ``y``.

    Hyndman et al. (2008, §2.6.1): the seasonal terms from a classical
    decomposition of the first three seasons (two when the series is
    shorter); the level and growth from a straight line fitted to the first
    ``max(10, 2m)`` seasonally adjusted observations. Missing values are
    filled by the line through their neighbours first.
    """
    rows, n = y.shape
    m = model.period
    filled = _filled(y)
    seasons = np.zeros((rows, m)) if model.season != "M" else np.ones((rows, m))
    adjusted = filled
    if model.season != "N":
        span = min(n, 3 * m) if n >= 2 * m else n
        seasonal = _decompose(filled[:, :span], m, multiplicative=model.season == "M")
        # seasonal[:, j] belongs to observation j, j + m, ...; the state's
        # newest term (index 0) is the one of observation m - 1.
        seasons = seasonal[:, ::-1]
        index = np.arange(n) % m
        adjusted = (
            filled / seasonal[:, index]
            if model.season == "M"
            else filled - seasonal[:, index]
        )
    length = min(max(10, 2 * m), n)
    t = np.arange(1, length + 1, dtype=np.float64)
    window = adjusted[:, :length]
    slope = ((t - t.mean()) * (window - window.mean(axis=1, keepdims=True))).sum(
        axis=1
    ) / np.square(t - t.mean()).sum()
    intercept = window.mean(axis=1) - slope * t.mean()
    if model.trend == "N":
        return window.mean(axis=1), np.zeros(rows), seasons
    if model.trend == "A":
        return intercept, slope, seasons
    first = intercept + slope
    second = intercept + 2 * slope
    with np.errstate(all="ignore"):
        growth = second / first
    good = (first > 0) & (growth > 0) & np.isfinite(growth)
    fallback = np.maximum(adjusted[:, 1] / np.maximum(adjusted[:, 0], 1e-3), 1e-3)
    growth = np.where(good, growth, fallback)
    level = np.where(good, first / growth, np.maximum(adjusted[:, 0], 1e-3))
    return level, growth, seasons


def _filled(y: Array) -> Array:
    """Return ``y`` with its missing values interpolated along each row."""
    if not np.isnan(y).any():
        return y
    out = y.copy()
    positions = np.arange(y.shape[1])
    for row in np.flatnonzero(np.isnan(y).any(axis=1)):
        known = ~np.isnan(y[row])
        out[row] = np.interp(positions, positions[known], y[row, known])
    return out


def _decompose(y: Array, m: int, *, multiplicative: bool) -> Array:
    """Return ``(rows, m)`` seasonal indices by classical decomposition.

    A centred moving average of order ``m`` (2 x m when ``m`` is even) is
    the trend; the seasonal index of each position is the mean ratio (or
    difference) to it, normalised to average 1 (or 0).
    """
    rows, n = y.shape
    weights = np.r_[0.5, np.ones(m - 1), 0.5] / m if m % 2 == 0 else np.ones(m) / m
    half = len(weights) // 2
    trend = np.full((rows, n), np.nan)
    for centre in range(half, n - half):
        trend[:, centre] = (y[:, centre - half : centre + half + 1] * weights).sum(
            axis=1
        )
    # a series that is not positive gets no multiplicative model (its rows
    # are fitted in a batch only to be set aside): no warning for it here
    with np.errstate(divide="ignore", invalid="ignore"):
        detrended = y / trend if multiplicative else y - trend
    index = np.empty((rows, m))
    for position in range(m):
        column = detrended[:, position::m]
        present = ~np.isnan(column)
        count = present.sum(axis=1)
        total = np.where(present, column, 0.0).sum(axis=1)
        index[:, position] = np.where(
            count > 0, total / np.maximum(count, 1), 1.0 if multiplicative else 0.0
        )
    found: Array
    if multiplicative:
        index = np.maximum(index, 1e-2)
        found = index * m / index.sum(axis=1, keepdims=True)
    else:
        found = index - index.mean(axis=1, keepdims=True)
    return found


class _Layout(NamedTuple):
    """Which coordinates a search moves, and what the rest are fixed at."""

    model: Model
    free: tuple[str, ...]
    """The free coordinates in order: parameters, level, growth, seasons."""
    beta_share: bool = False
    """Whether ``beta`` of the fixed values is the share beta / alpha (given
    as ``beta_star`` with alpha free), rather than beta itself."""


def _scale(y: Array) -> Array:
    """Return each row's mean size: the unit its states move in."""
    seen = ~np.isnan(y)
    total = np.where(seen, np.abs(y), 0.0).sum(axis=1)
    found: Array = np.maximum(total / np.maximum(seen.sum(axis=1), 1), 1e-8)
    return found


def _logistic(u: Array, bounds: tuple[float, float]) -> Array:
    low, high = bounds
    with np.errstate(over="ignore"):
        found: Array = low + (high - low) / (1.0 + np.exp(-u))
    return found


def _exp(u: Array) -> Array:
    with np.errstate(over="ignore"):
        found: Array = np.exp(u)
    return found


def _logit(value: Array, bounds: tuple[float, float]) -> Array:
    low, high = bounds
    share = np.clip((value - low) / (high - low), 1e-9, 1 - 1e-9)
    return np.log(share / (1 - share))


def _coordinates(model: Model, fixed: Mapping[str, object]) -> tuple[str, ...]:
    names = ["alpha"]
    if model.trend != "N":
        names.append("beta")
    if model.season != "N":
        names.append("gamma")
    if model.damped:
        names.append("phi")
    names.append("level")
    if model.trend != "N":
        names.append("growth")
    if model.season != "N":
        names += [f"s{i}" for i in range(model.period - 1)]
    seasons_fixed = "seasons" in fixed
    return tuple(
        name
        for name in names
        if name not in fixed
        and not (name.startswith("s") and seasons_fixed)
        and not (name == "beta" and "beta_star" in fixed)
    )


def _to_start(layout: _Layout, base: Start, u: Array, scale: Array) -> Start:
    """Return the parameters and states of coordinates ``u`` ``(R, d)``.

    ``base`` holds each row's fixed values (and is what free ones replace).
    """
    model = layout.model
    column = {name: u[:, i] for i, name in enumerate(layout.free)}
    alpha = (
        _logistic(column["alpha"], BOUNDS["alpha"]) if "alpha" in column else base.alpha
    )
    beta = alpha * base.beta if layout.beta_share else base.beta
    if "beta" in column:
        beta = alpha * _logistic(column["beta"], BOUNDS["beta_star"])
    gamma = base.gamma
    if "gamma" in column:
        gamma = (1 - alpha) * _logistic(column["gamma"], BOUNDS["gamma_star"])
    phi = _logistic(column["phi"], BOUNDS["phi"]) if "phi" in column else base.phi
    level = column["level"] * scale if "level" in column else base.level
    growth = base.growth
    if "growth" in column:
        growth = (
            _exp(column["growth"]) if model.trend == "M" else column["growth"] * scale
        )
    seasons = base.seasons
    if "s0" in column:
        free = np.stack([column[f"s{i}"] for i in range(model.period - 1)], axis=1)
        if model.season == "M":
            seasons = np.concatenate(
                [free, (model.period - free.sum(axis=1))[:, None]], axis=1
            )
        else:
            free = free * scale[:, None]
            seasons = np.concatenate([free, -free.sum(axis=1)[:, None]], axis=1)
    return Start(alpha, beta, gamma, phi, level, growth, seasons)


def _from_start(layout: _Layout, start: Start, scale: Array) -> Array:
    """Return the coordinates of ``start`` (the inverse of :func:`_to_start`)."""
    model = layout.model
    columns = []
    for name in layout.free:
        if name == "alpha":
            columns.append(_logit(start.alpha, BOUNDS["alpha"]))
        elif name == "beta":
            columns.append(_logit(start.beta / start.alpha, BOUNDS["beta_star"]))
        elif name == "gamma":
            columns.append(
                _logit(start.gamma / (1 - start.alpha), BOUNDS["gamma_star"])
            )
        elif name == "phi":
            columns.append(_logit(start.phi, BOUNDS["phi"]))
        elif name == "level":
            columns.append(start.level / scale)
        elif name == "growth":
            columns.append(
                np.log(np.maximum(start.growth, 1e-12))
                if model.trend == "M"
                else start.growth / scale
            )
        else:
            term = start.seasons[:, int(name[1:])]
            columns.append(term if model.season == "M" else term / scale)
    return np.stack(columns, axis=1)


def _objective(layout: _Layout, base: Start, y: Array, u: Array) -> Array:
    return likelihood(layout.model, _to_start(layout, base, u, _scale(y)), y)


def _repeat(start: Start, times: int) -> Start:
    return Start(*(np.repeat(part, times, axis=0) for part in start))


def _gradient(layout: _Layout, base: Start, y: Array, u: Array, value: Array) -> Array:
    """Forward differences of the objective at each row's ``u``, in one batch."""
    rows, d = u.shape
    step = _DIFFERENCE * np.maximum(1.0, np.abs(u))
    points = np.repeat(u, d, axis=0)
    points[np.arange(rows * d), np.tile(np.arange(d), rows)] += step.reshape(-1)
    moved = _objective(layout, _repeat(base, d), np.repeat(y, d, axis=0), points)
    with np.errstate(invalid="ignore"):
        slopes: Array = (moved.reshape(rows, d) - value[:, None]) / step
    return np.where(np.isfinite(slopes), slopes, 0.0)


def _dot(a: Array, b: Array) -> Array:
    """Row-wise dot products, summed the same way whatever the batch."""
    found: Array = (a * b).sum(axis=-1)
    return found


def _apply(matrix: Array, vector: Array) -> Array:
    """Row-wise matrix-vector products, summed the same way whatever the batch."""
    found: Array = (matrix * vector[:, None, :]).sum(axis=-1)
    return found


def _search(
    layout: _Layout, base: Start, y: Array, u: Array
) -> tuple[Array, Array, NDArray[np.int64]]:
    """Minimise from ``u`` by BFGS; return the coordinates, objective, steps."""
    rows, d = u.shape
    value = _objective(layout, base, y, u)
    gradient = _gradient(layout, base, y, u, value)
    inverse = _first_inverse(gradient)
    active = np.isfinite(value)
    iterations = np.zeros(rows, dtype=np.int64)
    trials = len(_STEPS)
    for _ in range(_MAX_ITERATIONS):
        live = np.flatnonzero(active)
        if live.size == 0:
            break
        direction = -_apply(inverse[live], gradient[live])
        slope = _dot(direction, gradient[live])
        uphill = slope >= 0  # not a descent direction: restart from the gradient
        restart = live[uphill]
        inverse[restart] = _first_inverse(gradient[restart])
        direction[uphill] = -_apply(inverse[restart], gradient[restart])
        slope = _dot(direction, gradient[live])
        candidates = (
            u[live][:, None, :] + _STEPS[None, :, None] * direction[:, None, :]
        ).reshape(-1, d)
        tried = _objective(
            layout,
            _repeat(Start(*(part[live] for part in base)), trials),
            np.repeat(y[live], trials, axis=0),
            candidates,
        ).reshape(live.size, trials)
        enough = (
            tried <= value[live][:, None] + _ARMIJO * _STEPS[None, :] * slope[:, None]
        )
        chosen = np.where(enough.any(axis=1), enough.argmax(axis=1), -1)
        moved = chosen >= 0
        done = live[~moved]
        active[done] = False
        if not moved.any():
            break
        rows_moved = live[moved]
        new_u = candidates.reshape(live.size, trials, d)[moved, chosen[moved]]
        new_value = tried[moved, chosen[moved]]
        new_gradient = _gradient(
            layout,
            Start(*(part[rows_moved] for part in base)),
            y[rows_moved],
            new_u,
            new_value,
        )
        s = new_u - u[rows_moved]
        change = new_gradient - gradient[rows_moved]
        _update_inverse(inverse, rows_moved, s, change)
        gain = value[rows_moved] - new_value
        small = gain <= _TOLERANCE * np.maximum(1.0, np.abs(new_value))
        flat = np.abs(new_gradient).max(axis=1) < _FLAT
        u[rows_moved] = new_u
        value[rows_moved] = new_value
        gradient[rows_moved] = new_gradient
        iterations[rows_moved] += 1
        active[rows_moved[small | flat]] = False
    return u, value, iterations


def _first_inverse(gradient: Array) -> Array:
    """Return scaled identities: a first step moves no coordinate by more than 1."""
    size = np.maximum(np.abs(gradient).max(axis=1), 1.0)
    d = gradient.shape[1]
    found: Array = np.eye(d)[None] / size[:, None, None]
    return found


def _update_inverse(inverse: Array, rows: NDArray[np.intp], s: Array, y: Array) -> None:
    r"""Apply the BFGS update to the rows whose curvature condition holds.

    With :math:`\rho = 1 / s^\top y` and :math:`H` symmetric,
    :math:`H' = H - \rho (s\,(Hy)^\top + Hy\,s^\top)
    + (\rho^2\, y^\top H y + \rho)\, s s^\top`, written with row-wise
    sums so that a series gets the same update in any batch.
    """
    sy = _dot(s, y)
    good = sy > _CURVATURE * np.sqrt(_dot(s, s) * _dot(y, y))
    if not good.any():
        return
    which = rows[good]
    s, y, rho = s[good], y[good], 1.0 / sy[good]
    h = inverse[which]
    hy = _apply(h, y)
    outer = s[:, :, None] * hy[:, None, :]
    scale = rho * rho * _dot(y, hy) + rho
    inverse[which] = (
        h
        - rho[:, None, None] * (outer + outer.transpose(0, 2, 1))
        + scale[:, None, None] * (s[:, :, None] * s[:, None, :])
    )


def fit(
    model: Model,
    y: Array,
    *,
    fixed: Mapping[str, Array] | None = None,
) -> Fitted:
    """Fit ``model`` to each row of ``y`` by maximum likelihood.

    ``fixed`` holds values not to estimate, one per row: any of ``alpha``,
    ``beta`` (or ``beta_star``, the share beta / alpha), ``gamma`` and
    ``phi`` (the state space parameters), ``level``
    and ``growth`` ``(B,)``, and ``seasons`` ``(B, m)`` (newest first, all
    or none). Everything else is estimated; a model with nothing left to
    estimate is only evaluated.
    """
    given = dict(fixed or {})
    rows = y.shape[0]
    layout = _Layout(model, _coordinates(model, given), beta_share="beta_star" in given)
    level, growth, seasons = heuristic_state(model, y)
    starts = len(_STARTS) if layout.free else 1
    # every start of every series in one batch: row r * starts + j is
    # series r from start j
    alpha0, beta0, gamma0 = (
        np.tile(np.array(column, dtype=np.float64), rows)
        for column in zip(*_STARTS[:starts], strict=True)
    )

    def each(name: str, default: Array) -> Array:
        value = given.get(name)
        return np.repeat(default if value is None else value, starts, axis=0)

    first_alpha = each("alpha", np.zeros(rows)) if "alpha" in given else alpha0
    base = Start(
        alpha=first_alpha,
        beta=each("beta_star" if layout.beta_share else "beta", np.zeros(rows))
        if "beta" in given or layout.beta_share
        else first_alpha * beta0,
        gamma=each("gamma", np.zeros(rows))
        if "gamma" in given
        else (1 - first_alpha) * gamma0,
        phi=each("phi", np.full(rows, 0.97 if model.damped else 1.0)),
        level=each("level", level),
        growth=each("growth", growth),
        seasons=each("seasons", seasons),
    )
    y_all = np.repeat(y, starts, axis=0)
    if layout.free:
        scale = _scale(y_all)
        u, value, used = _search(layout, base, y_all, _from_start(layout, base, scale))
        start = _to_start(layout, base, u, scale)
    else:
        start = _to_start(layout, base, np.empty((rows, 0)), _scale(y))
        value, used = likelihood(model, start, y), np.zeros(rows, np.int64)
    # the best start of each series (the first of equals)
    table = np.where(np.isnan(value), np.inf, value).reshape(rows, starts)
    pick = np.arange(rows) * starts + table.argmin(axis=1)
    return Fitted(Start(*(part[pick] for part in start)), value[pick], used[pick])
