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
search is a quasi-Newton method (BFGS) on those coordinates, with the
exact gradient (:func:`~._ets_models.likelihood_gradient`, the filter run
back) and a backtracking line search; every series still searching goes
through the filter in one batch at each step. Four starting points (the
heuristic initial state of Hyndman et al. 2008, §2.6.1, with a few
smoothing parameters) are tried; each series is searched from its best two
and the better end kept.
"""

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from accountkit.finance._ets import DAMPING_BOUNDS
from accountkit.finance._ets_models import (
    Array,
    Model,
    Start,
    admissible,
    likelihood,
    likelihood_gradient,
)

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
_SEARCHED = 2
"""How many of the starts, the best at the outset, each series is searched
from."""
_MAX_ITERATIONS = 300
_TOLERANCE = 1e-10
"""A series stops when a step lowers its objective by less than this
(relative), or its gradient vanishes."""
_CURVATURE = 1e-12
"""A step whose curvature ``s'y`` is below this share of ``|s||y|`` leaves
the inverse Hessian as it was."""
_FLAT = 1e-8
"""A gradient no larger than this in any coordinate is a minimum."""
_STEPS = 2.0 ** -np.arange(0, 30)
"""The trial steps of the line search, tried in turn."""
_ARMIJO = 1e-4


class Fitted(NamedTuple):
    """The best fit of each series: its parameters and initial state."""

    start: Start
    objective: Array
    """R's ``lik`` at the fit (``inf`` where no start gave a finite one)."""


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
    limits: Mapping[str, tuple[float, float]] = BOUNDS
    """The region of alpha, beta_star, gamma_star and phi."""
    admissible_only: bool = False
    """Whether the search keeps to admissible parameters (:func:`admissible`)."""
    gamma_box: tuple[float, float] | None = None
    r"""Bounds on gamma itself, when asked for: gamma then runs from the
    lower one to the upper one or :math:`(1 - \alpha)` times the share's
    upper limit, whichever is smaller."""

    def gamma_ceiling(self, alpha: Array) -> Array:
        """Return the most gamma may be: its share's upper limit of ``1 - alpha``."""
        found: Array = (1 - alpha) * self.limits["gamma_star"][1]
        return found

    def gamma_top(self, alpha: Array, high: float) -> Array:
        """Return the top of gamma's box: ``high`` or the ceiling, the smaller."""
        found: Array = np.minimum(high, self.gamma_ceiling(alpha))
        return found

    def gamma_of(self, alpha: Array, u: Array) -> tuple[Array, Array, Array]:
        """Return gamma at ``u``, its slope in ``u`` and its slope in alpha."""
        if self.gamma_box is None:
            share, slope = _slope(u, self.limits["gamma_star"])
            return (1 - alpha) * share, (1 - alpha) * slope, -share
        low, high = self.gamma_box
        top = self.gamma_top(alpha, high)
        share, slope = _slope(u, (0.0, 1.0))
        by_alpha = np.where(
            self.gamma_ceiling(alpha) < high, -share * self.limits["gamma_star"][1], 0.0
        )
        return low + (top - low) * share, (top - low) * slope, by_alpha

    def gamma_coordinate(self, alpha: Array, gamma: Array) -> Array:
        """Return the coordinate of ``gamma`` (the inverse of :meth:`gamma_of`)."""
        if self.gamma_box is None:
            return _logit(gamma / (1 - alpha), self.limits["gamma_star"])
        low, high = self.gamma_box
        top = self.gamma_top(alpha, high)
        return _logit((gamma - low) / (top - low), (0.0, 1.0))


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
    limits = layout.limits
    alpha = (
        _logistic(column["alpha"], limits["alpha"]) if "alpha" in column else base.alpha
    )
    beta = alpha * base.beta if layout.beta_share else base.beta
    if "beta" in column:
        beta = alpha * _logistic(column["beta"], limits["beta_star"])
    gamma = base.gamma
    if "gamma" in column:
        gamma = layout.gamma_of(alpha, column["gamma"])[0]
    phi = _logistic(column["phi"], limits["phi"]) if "phi" in column else base.phi
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
            columns.append(_logit(start.alpha, layout.limits["alpha"]))
        elif name == "beta":
            share = start.beta / start.alpha
            columns.append(_logit(share, layout.limits["beta_star"]))
        elif name == "gamma":
            columns.append(layout.gamma_coordinate(start.alpha, start.gamma))
        elif name == "phi":
            columns.append(_logit(start.phi, layout.limits["phi"]))
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


def _objective(layout: _Layout, base: Start, y: Array, u: Array, scale: Array) -> Array:
    start = _to_start(layout, base, u, scale)
    return _admitted(layout, start, likelihood(layout.model, start, y))


def _admitted(layout: _Layout, start: Start, value: Array) -> Array:
    """Return ``value``, infinite where the search may not go (not admissible)."""
    if not layout.admissible_only:
        return value
    found: Array = np.where(admissible(layout.model, start), value, np.inf)
    return found


def _repeat(start: Start, times: int) -> Start:
    return Start(*(np.repeat(part, times, axis=0) for part in start))


def _slope(u: Array, bounds: tuple[float, float]) -> tuple[Array, Array]:
    """Return a logistic parameter and its derivative at ``u``."""
    value = _logistic(u, bounds)
    low, high = bounds
    return value, (value - low) * (high - value) / (high - low)


def _gradient(
    layout: _Layout, base: Start, y: Array, u: Array, scale: Array
) -> tuple[Array, Array]:
    """Return the objective at each row's ``u`` and its gradient there.

    The model's gradient (:func:`likelihood_gradient`) by the chain rule
    through :func:`_to_start`'s map from coordinates to parameters.
    """
    model = layout.model
    start = _to_start(layout, base, u, scale)
    value, of = likelihood_gradient(model, start, y)
    value = _admitted(layout, start, value)
    column = {name: u[:, i] for i, name in enumerate(layout.free)}
    of_alpha = of.alpha
    if "beta" in column or layout.beta_share:
        share = start.beta / np.where(start.alpha > 0, start.alpha, 1.0)
        of_alpha = of_alpha + of.beta * share
    limits = layout.limits
    gamma_slope = np.zeros(len(value))
    if "gamma" in column:
        _, gamma_slope, by_alpha = layout.gamma_of(start.alpha, column["gamma"])
        of_alpha = of_alpha + of.gamma * by_alpha
    found = np.empty_like(u)
    for i, name in enumerate(layout.free):
        if name == "alpha":
            found[:, i] = of_alpha * _slope(column[name], limits["alpha"])[1]
        elif name == "beta":
            found[:, i] = (
                of.beta * start.alpha * _slope(column[name], limits["beta_star"])[1]
            )
        elif name == "gamma":
            found[:, i] = of.gamma * gamma_slope
        elif name == "phi":
            found[:, i] = of.phi * _slope(column[name], limits["phi"])[1]
        elif name == "level":
            found[:, i] = of.level * scale
        elif name == "growth":
            found[:, i] = of.growth * (start.growth if model.trend == "M" else scale)
        else:
            term = of.seasons[:, int(name[1:])] - of.seasons[:, -1]
            found[:, i] = term if model.season == "M" else term * scale
    good = np.isfinite(value)[:, None] & np.isfinite(found)
    return value, np.where(good, found, 0.0)


def _dot(a: Array, b: Array) -> Array:
    """Row-wise dot products, summed the same way whatever the batch."""
    found: Array = (a * b).sum(axis=-1)
    return found


def _apply(matrix: Array, vector: Array) -> Array:
    """Row-wise matrix-vector products, summed the same way whatever the batch."""
    found: Array = (matrix * vector[:, None, :]).sum(axis=-1)
    return found


def _search(layout: _Layout, base: Start, y: Array, u: Array) -> tuple[Array, Array]:
    """Minimise from ``u`` by BFGS; return the coordinates and the objective.

    The rows still searching are kept together (``work``), so that each
    round touches only them; a row leaves when it stops improving.
    """
    rows = u.shape[0]
    scale = _scale(y)
    value, gradient = _gradient(layout, base, y, u, scale)
    work = _Work(np.arange(rows), base, y, scale, u, value, gradient)
    work = work.keep(np.isfinite(value), (u, value))
    inverse = _first_inverse(work.gradient)
    for _ in range(_MAX_ITERATIONS):
        if work.rows.size == 0:
            break
        direction = -_apply(inverse, work.gradient)
        slope = _dot(direction, work.gradient)
        uphill = slope >= 0  # not a descent direction: restart from the gradient
        if uphill.any():
            inverse[uphill] = _first_inverse(work.gradient[uphill])
            direction[uphill] = -_apply(inverse[uphill], work.gradient[uphill])
            slope = _dot(direction, work.gradient)
        step = _line_search(layout, work, direction, slope)
        moved = step > 0
        if not moved.all():
            work = work.keep(moved, (u, value))
            inverse, direction, step = inverse[moved], direction[moved], step[moved]
        if work.rows.size == 0:
            break
        s = step[:, None] * direction
        new_u = work.u + s
        new_value, new_gradient = _gradient(
            layout, work.base, work.y, new_u, work.scale
        )
        _update_inverse(inverse, s, new_gradient - work.gradient)
        gain = work.value - new_value
        going = ~(
            (gain <= _TOLERANCE * np.maximum(1.0, np.abs(new_value)))
            | (np.abs(new_gradient).max(axis=1) < _FLAT)
        )
        work = work._replace(u=new_u, value=new_value, gradient=new_gradient)
        if not going.all():
            work = work.keep(going, (u, value))
            inverse = inverse[going]
    work.keep(np.zeros(work.rows.size, dtype=bool), (u, value))
    return u, value


class _Work(NamedTuple):
    """The rows a search is still moving, and where each of them is."""

    rows: NDArray[np.intp]
    """Their positions in the whole batch."""
    base: Start
    y: Array
    scale: Array
    u: Array
    value: Array
    gradient: Array

    def keep(self, which: NDArray[np.bool_], into: tuple[Array, Array]) -> "_Work":
        """Return the rows ``which``; write where the others ended into ``into``."""
        u, value = into
        done = ~which
        u[self.rows[done]] = self.u[done]
        value[self.rows[done]] = self.value[done]
        return _Work(
            self.rows[which],
            Start(*(part[which] for part in self.base)),
            self.y[which],
            self.scale[which],
            self.u[which],
            self.value[which],
            self.gradient[which],
        )


def _line_search(layout: _Layout, work: _Work, direction: Array, slope: Array) -> Array:
    """Return each row's step along ``direction`` (0 where none will do).

    Backtracking from the full step, halving until Armijo's condition
    holds: the first step every row tries, then the next for the rows
    still without one, and so on, at most :data:`_STEPS` times.
    """
    found = np.zeros(len(work.value))
    pending = np.arange(len(work.value))
    for step in _STEPS:
        tried = _objective(
            layout,
            Start(*(part[pending] for part in work.base)),
            work.y[pending],
            work.u[pending] + step * direction[pending],
            work.scale[pending],
        )
        enough = tried <= work.value[pending] + _ARMIJO * step * slope[pending]
        found[pending[enough]] = step
        pending = pending[~enough]
        if pending.size == 0:
            break
    return found


def _first_inverse(gradient: Array) -> Array:
    """Return scaled identities: a first step moves no coordinate by more than 1."""
    size = np.maximum(np.abs(gradient).max(axis=1), 1.0)
    d = gradient.shape[1]
    found: Array = np.eye(d)[None] / size[:, None, None]
    return found


def _update_inverse(inverse: Array, s: Array, y: Array) -> None:
    r"""Apply the BFGS update, in place, to the rows whose curvature holds.

    With :math:`\rho = 1 / s^\top y` and :math:`H` symmetric,
    :math:`H' = H - \rho (s\,(Hy)^\top + Hy\,s^\top)
    + (\rho^2\, y^\top H y + \rho)\, s s^\top = H - (s a^\top + a s^\top)`
    with :math:`a = \rho H y - \tfrac12 (\rho^2 y^\top H y + \rho) s`,
    written with row-wise sums so that a series gets the same update in
    any batch.
    """
    sy = _dot(s, y)
    good = sy > _CURVATURE * np.sqrt(_dot(s, s) * _dot(y, y))
    if not good.all():
        if good.any():
            part = inverse[good]
            _update_inverse(part, s[good], y[good])
            inverse[good] = part
        return
    rho = 1.0 / sy
    hy = _apply(inverse, y)
    half = rho * (0.5 * rho * _dot(y, hy) + 0.5)
    a = rho[:, None] * hy - half[:, None] * s
    outer = s[:, :, None] * a[:, None, :]
    inverse -= outer
    inverse -= outer.transpose(0, 2, 1)


def _inside(value: Array, bounds: tuple[float, float] | None) -> Array:
    """Return ``value`` moved a tenth of the way inside ``bounds`` if outside."""
    if bounds is None:
        return value
    low, high = bounds
    margin = (high - low) / 10
    found: Array = np.clip(value, low + margin, high - margin)
    return found


def _gamma_start(layout: _Layout, alpha: Array, share: Array) -> Array:
    """Return the starting gamma: its share of ``1 - alpha``, or of its box."""
    if layout.gamma_box is None:
        found: Array = (1 - alpha) * share
        return found
    low, high = layout.gamma_box
    top = layout.gamma_top(alpha, high)
    # the share as a point of the box, a tenth of the way in at least
    return low + (top - low) * np.clip(share, 0.1, 0.9)


def fit(
    model: Model,
    y: Array,
    *,
    fixed: Mapping[str, Array] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    admissible_only: bool = False,
) -> Fitted:
    r"""Fit ``model`` to each row of ``y`` by maximum likelihood.

    ``fixed`` holds values not to estimate, one per row: any of ``alpha``,
    ``beta`` (or ``beta_star``, the share beta / alpha), ``gamma`` and
    ``phi`` (the state space parameters), ``level``
    and ``growth`` ``(B,)``, and ``seasons`` ``(B, m)`` (newest first, all
    or none). Everything else is estimated; a model with nothing left to
    estimate is only evaluated. ``bounds`` narrows the region the
    estimates are searched in: ``alpha``, ``beta_star`` and ``phi`` (in
    place of :data:`BOUNDS`), and ``gamma`` (gamma itself, still below
    :math:`1 - \alpha`), each ``(low, high)``, checked by the caller.
    The fit is admissible (:func:`admissible`): a row whose best fit is not
    is searched again with every step kept admissible
    (``admissible_only``), and is infinite if no start is.
    """
    given = dict(fixed or {})
    rows = y.shape[0]
    box = dict(bounds or {})
    layout = _Layout(
        model,
        _coordinates(model, given),
        beta_share="beta_star" in given,
        limits={**BOUNDS, **{k: v for k, v in box.items() if k != "gamma"}},
        gamma_box=box.get("gamma"),
        admissible_only=admissible_only,
    )
    level, growth, seasons = heuristic_state(model, y)
    starts = len(_STARTS) if layout.free else 1
    # every start of every series in one batch: row r * starts + j is
    # series r from start j
    alpha0, beta0, gamma0 = (
        np.tile(np.array(column, dtype=np.float64), rows)
        for column in zip(*_STARTS[:starts], strict=True)
    )
    # a start outside the asked-for bounds moves a tenth of the way in
    alpha0 = _inside(alpha0, box.get("alpha"))
    beta0 = _inside(beta0, box.get("beta_star"))

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
        else _gamma_start(layout, first_alpha, gamma0),
        phi=each(
            "phi",
            _inside(np.full(rows, 0.97 if model.damped else 1.0), box.get("phi")),
        ),
        level=each("level", level),
        growth=each("growth", growth),
        seasons=each("seasons", seasons),
    )
    y_all = np.repeat(y, starts, axis=0)
    if not layout.free:
        start = _to_start(layout, base, np.empty((rows, 0)), _scale(y))
        value = likelihood(model, start, y)
        return Fitted(start, value)
    scale = _scale(y_all)
    u = _from_start(layout, base, scale)
    # search from the most promising starts of each series only
    kept = min(_SEARCHED, starts)
    first = _objective(layout, base, y_all, u, scale)
    order = np.argsort(
        np.where(np.isnan(first), np.inf, first).reshape(rows, starts),
        axis=1,
        kind="stable",
    )
    chosen = (np.arange(rows)[:, None] * starts + np.sort(order[:, :kept])).ravel()
    base = Start(*(part[chosen] for part in base))
    u, value = _search(layout, base, y_all[chosen], u[chosen])
    start = _to_start(layout, base, u, scale[chosen])
    # the best start of each series (the first of equals)
    table = np.where(np.isnan(value), np.inf, value).reshape(rows, kept)
    pick = np.arange(rows) * kept + table.argmin(axis=1)
    found = Fitted(Start(*(part[pick] for part in start)), value[pick])
    if layout.admissible_only:
        return found
    return _readmitted(model, y, found, (given, box))


def _readmitted(
    model: Model,
    y: Array,
    found: Fitted,
    settings: tuple[Mapping[str, Array], Mapping[str, tuple[float, float]]],
) -> Fitted:
    """Fit again, within the admissible region, the rows whose fit is not in it.

    The search runs over R's usual bounds, which for a seasonal model
    include parameters that are not admissible; R's ``ets`` keeps to both.
    Checking at the end costs one eigenvalue problem a row; searching again
    (every step checked) is left to the rare rows that need it.
    """
    inside = admissible(model, found.start)
    outside = np.flatnonzero(~inside & np.isfinite(found.objective))
    if outside.size == 0:
        return found
    given, box = settings
    again = fit(
        model,
        y[outside],
        fixed={name: value[outside] for name, value in given.items()},
        bounds=box,
        admissible_only=True,
    )
    start = Start(*(part.copy() for part in found.start))
    for part, better in zip(start, again.start, strict=True):
        part[outside] = better
    objective = found.objective.copy()
    objective[outside] = again.objective
    return Fitted(start, objective)
