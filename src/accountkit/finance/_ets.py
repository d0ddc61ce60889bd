r"""The exponential smoothing kernel: additive-error ETS models on numpy arrays.

One implementation serves :func:`~accountkit.finance.forecast` (one series) and
:func:`~accountkit.finance.forecast_many` (many series as the rows of an array).

The models are the additive-error state space models of Hyndman et al.: ANN,
AAN, AAdN, AAA and AAdA. With state :math:`x = (\ell, b, s)` the one-step
forecast of observation :math:`t` is :math:`\ell + \phi b + s_{t-m}`, its
error :math:`e_t`, and the state moves on as

.. math::

    \ell_t = \ell_{t-1} + \phi b_{t-1} + \alpha e_t, \quad
    b_t = \phi b_{t-1} + \alpha \beta^* e_t, \quad
    s_t = s_{t-m} + \gamma e_t.

The errors are linear in the initial state, ``e = r + Z x0``, where ``r`` are
the errors from a zero initial state and column ``j`` of ``Z`` the errors that a
unit initial state ``j`` produces on a zero series. So for given smoothing
parameters the best initial state is a least-squares solution, found exactly,
and the parameter search runs only over the (at most four) smoothing
parameters: a grid shared by every series, then a damped Newton method per series.
"""

import enum
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DAMPING_BOUNDS",
    "Fit",
    "SmoothingMethod",
    "Spec",
    "fit",
    "forecast_paths",
    "minimum_length",
    "run",
]


class SmoothingMethod(enum.Enum):
    """Which exponential smoothing model to fit: error, trend, season.

    The names follow the ETS taxonomy of Hyndman and Athanasopoulos
    (*Forecasting: Principles and Practice*, §8.5): the error, the trend and
    the season, each ``A`` (additive), ``M`` (multiplicative) or ``N``
    (none), with ``d`` after a damped trend. ``MAdM`` is a multiplicative
    error, a damped additive trend and a multiplicative season.
    """

    ANN = "ANN"
    """Simple exponential smoothing: level only."""
    AAN = "AAN"
    """Holt's linear trend."""
    AADN = "AAdN"
    """Damped trend."""
    ANA = "ANA"
    """Level and additive season, no trend."""
    AAA = "AAA"
    """Holt-Winters additive: trend and additive seasonality."""
    AADA = "AAdA"
    """Damped trend with additive seasonality."""
    ANM = "ANM"
    """Additive error, multiplicative season (numerically delicate: left out
    of automatic selection, as R's ``ets`` leaves it out)."""
    AAM = "AAM"
    """Additive error, trend, multiplicative season (left out of automatic
    selection)."""
    AADM = "AAdM"
    """Additive error, damped trend, multiplicative season (left out of
    automatic selection)."""
    MNN = "MNN"
    """Simple exponential smoothing with a multiplicative error."""
    MAN = "MAN"
    """Holt's linear trend with a multiplicative error."""
    MADN = "MAdN"
    """Damped trend with a multiplicative error."""
    MNA = "MNA"
    """Multiplicative error, additive season."""
    MAA = "MAA"
    """Multiplicative error, trend, additive season."""
    MADA = "MAdA"
    """Multiplicative error, damped trend, additive season."""
    MNM = "MNM"
    """Multiplicative error and season."""
    MAM = "MAM"
    """Holt-Winters multiplicative: trend, multiplicative error and season."""
    MADM = "MAdM"
    """Damped trend, multiplicative error and season."""
    MMN = "MMN"
    """Multiplicative trend (growth as a ratio): left out of automatic
    selection unless asked for, as in R's ``ets``."""
    MMDN = "MMdN"
    """Damped multiplicative trend."""
    MMM = "MMM"
    """Multiplicative trend and season."""
    MMDM = "MMdM"
    """Damped multiplicative trend, multiplicative season."""
    AUTO = "auto"
    """The candidate with the smallest AICc."""

    @property
    def error(self) -> str:
        """``A`` or ``M`` (``N`` for ``auto``)."""
        return "N" if self is SmoothingMethod.AUTO else self.value[0]

    @property
    def trend_kind(self) -> str:
        """``N``, ``A`` or ``M``."""
        return "N" if self is SmoothingMethod.AUTO else self.value[1]

    @property
    def season_kind(self) -> str:
        """``N``, ``A`` or ``M``."""
        return "N" if self is SmoothingMethod.AUTO else self.value[-1]

    @property
    def trend(self) -> bool:
        """Whether the model has a trend."""
        return self.trend_kind != "N"

    @property
    def damped(self) -> bool:
        """Whether the trend is damped."""
        return "d" in self.value

    @property
    def seasonal(self) -> bool:
        """Whether the model has a season."""
        return self.season_kind != "N"

    @property
    def linear(self) -> bool:
        """Whether every part is additive (a linear state space model)."""
        return self is not SmoothingMethod.AUTO and "M" not in self.value

    @property
    def simpler(self) -> "SmoothingMethod | None":
        """The model to fall back to when a series is too short for this one.

        The season goes first, then the damping, then the trend.
        """
        if self is SmoothingMethod.AUTO:
            return None
        if self.seasonal:
            return SmoothingMethod(self.value[:-1] + "N")
        if self.damped:
            return SmoothingMethod(self.value.replace("d", ""))
        if self.trend:
            return SmoothingMethod(self.error + "NN")
        return None


DAMPING_BOUNDS = (0.8, 0.995)
r"""The range of the damping parameter :math:`\phi` when it is fitted."""

_GRID_POINTS = {1: 21, 2: 9, 3: 6, 4: 5}
"""Points per parameter of the starting grid, by the number of parameters."""
_FINEST_STEP = 1e-7
"""The search stops when a step this short (on the unit box) fails to help."""
_MAX_ROUNDS = 100
_DIFFERENCE = 1e-4
"""Step of the finite differences, on the unit box."""
_CURVATURE = 1e-6
"""The smallest shift of the Hessian, relative to its largest diagonal entry."""
_MEANINGFUL = 1e-11
"""The search stops when a step lowers the SSE by less than this fraction."""
_STIFFEST = 1e12
"""The search stops when the damping has grown past this: no step helps."""
_RANK_TOLERANCE = 1e-10
"""Columns of the initial-state design with a smaller pivot are dependent."""
_CHUNK = 1 << 18
"""Series x channels handled per filter pass, to bound memory."""


Parameters = tuple[
    NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]
]
"""(alpha, beta_star, gamma, phi), one element per parameter point."""

States = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]
"""Level ``(B, C)``, trend ``(B, C)`` and seasonal terms ``(B, C, m)``."""


class Spec(NamedTuple):
    """A concrete model: its method and season length (1 when not seasonal)."""

    method: SmoothingMethod
    period: int

    @property
    def parameters(self) -> int:
        """How many smoothing parameters the model has."""
        return 1 + self.method.trend + self.method.damped + self.method.seasonal

    @property
    def states(self) -> int:
        """How many free initial states: level, trend, ``period - 1`` seasons."""
        seasons = self.period - 1 if self.method.seasonal else 0
        return 1 + self.method.trend + seasons


def minimum_length(spec: Spec, *, estimated: int) -> int:
    """Return the fewest observations a fit estimating ``estimated`` values needs.

    ``estimated + 2`` leaves the variance and the AICc defined (``n - k - 1 > 0``
    with ``k = estimated + 1``); seasonal models whose initial seasons are
    estimated also need two full seasons.
    """
    needed = estimated + 2
    if spec.method.seasonal and estimated >= spec.states:
        needed = max(needed, 2 * spec.period)
    return needed


def _unit_to_parameters(unit: NDArray[np.float64], spec: Spec) -> Parameters:
    """Map points of the unit box to (alpha, beta_star, gamma, phi)."""
    columns = iter(np.moveaxis(unit, -1, 0))
    alpha = next(columns)
    zeros = np.zeros_like(alpha)
    beta = next(columns) if spec.method.trend else zeros
    gamma = next(columns) * (1.0 - alpha) if spec.method.seasonal else zeros
    if spec.method.damped:
        low, high = DAMPING_BOUNDS
        phi = low + next(columns) * (high - low)
    else:
        phi = np.ones_like(alpha) if spec.method.trend else zeros
    return alpha, beta, gamma, phi


def run(
    y: NDArray[np.float64], parameters: Parameters, states: States
) -> tuple[
    NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]
]:
    """Run the filter; return one-step errors and the final level, trend, seasons.

    ``y`` has shape ``(B, C, T)`` (or broadcasts to it); the parameters
    (alpha, beta_star, gamma, phi) ``(B, 1)``; initial states as
    :data:`States`, where ``seasons[..., i]`` is the seasonal term of
    observations ``i, i + m, ...``. Models without a trend pass ``phi = 0``;
    without seasons, ``m = 1`` zeros. Errors come back as ``(B, C, T)``.
    """
    alpha, beta_star, gamma, phi = parameters
    level, trend, seasons = (state.copy() for state in states)
    batch, channels = level.shape
    length = y.shape[-1]
    period = seasons.shape[-1]
    trended, seasonal = bool(np.any(phi)), period > 1
    observed = np.moveaxis(np.broadcast_to(y, (batch, channels, length)), -1, 0)
    errors = np.empty((length, batch, channels))
    beta = alpha * beta_star
    carried = np.empty((batch, channels))
    for t in range(length):
        if trended:
            np.multiply(phi, trend, out=trend)
            np.add(level, trend, out=carried)
        else:
            carried[...] = level
        error = errors[t]
        np.subtract(observed[t], carried, out=error)
        if seasonal:
            slot = seasons[..., t % period]
            error -= slot
            slot += gamma * error
        np.add(carried, alpha * error, out=level)
        if trended:
            trend += beta * error
    return np.moveaxis(errors, 0, -1), level, trend, seasons


def _unit_states(spec: Spec, batch: int) -> States:
    """Return the initial states of the unit channels, one per free initial state."""
    k, period = spec.states, spec.period
    level = np.zeros((batch, k))
    trend = np.zeros((batch, k))
    seasons = np.zeros((batch, k, period))
    level[:, 0] = 1.0
    if spec.method.trend:
        trend[:, 1] = 1.0
    if spec.method.seasonal:
        first = 1 + spec.method.trend
        for j in range(period - 1):
            seasons[:, first + j, j] = 1.0
            seasons[:, first + j, period - 1] = -1.0
    return level, trend, seasons


def _profile(
    y: NDArray[np.float64], parameters: Parameters, spec: Spec
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the SSE and the one-step errors with the best initial states.

    ``y`` is ``(B, C, T)`` — ``C`` series scored with the same parameters — and
    each parameter ``(B,)``. Returns SSE ``(B, C)`` and errors ``(B, C, T)``.
    """
    base, design = _linear_parts(y, parameters, spec)
    q, r = np.linalg.qr(design)
    diagonal = np.abs(np.diagonal(r, axis1=1, axis2=2))
    tolerance = diagonal.max(axis=1, keepdims=True) * _RANK_TOLERANCE
    q = q * (diagonal > tolerance)[:, None, :]
    # einsum, not matmul: BLAS blocks a product by its shape, so a series'
    # sums would run in another order when more series are fitted together,
    # and a near-perfect fit could then choose another model
    weights = np.einsum("bct,btk->bck", base, q)
    residual = base - np.einsum("bck,btk->bct", weights, q)
    return np.einsum("bct,bct->bc", residual, residual), residual


def _linear_parts(
    y: NDArray[np.float64], parameters: Parameters, spec: Spec
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Split the errors into ``base`` ``(B, C, T)`` and ``design`` ``(B, T, k)``.

    The errors from initial state ``x0`` are ``base + design @ x0``: ``base``
    are those of a zero initial state, column ``j`` of ``design`` those a unit
    initial state ``j`` causes on a zero series. One filter pass runs both.
    """
    batch, count, length = y.shape
    k, period = spec.states, spec.period
    inputs = np.zeros((batch, count + k, length))
    inputs[:, :count] = y
    unit_level, unit_trend, unit_seasons = _unit_states(spec, batch)
    level = np.zeros((batch, count + k))
    trend = np.zeros((batch, count + k))
    seasons = np.zeros((batch, count + k, period))
    level[:, count:], trend[:, count:], seasons[:, count:] = (
        unit_level,
        unit_trend,
        unit_seasons,
    )
    alpha, beta, gamma, phi = parameters
    columnar = (alpha[:, None], beta[:, None], gamma[:, None], phi[:, None])
    errors, *_ = run(inputs, columnar, (level, trend, seasons))
    return errors[:, :count], np.swapaxes(errors[:, count:], 1, 2)


def _initial_states(
    y: NDArray[np.float64], parameters: Parameters, spec: Spec
) -> NDArray[np.float64]:
    """Return the least-squares free initial states of each row of ``y``."""
    base, design = _linear_parts(y[:, None, :], parameters, spec)
    return -(np.linalg.pinv(design) @ base[:, 0, :, None])[:, :, 0]


def _grid(spec: Spec) -> NDArray[np.float64]:
    """Return the starting grid on the unit box, shape ``(G, p)``."""
    p = spec.parameters
    axis = np.linspace(0.0, 1.0, _GRID_POINTS[p])
    mesh = np.meshgrid(*([axis] * p), indexing="ij")
    return np.stack([m.ravel() for m in mesh], axis=-1)


def _grid_search(y: NDArray[np.float64], spec: Spec) -> NDArray[np.float64]:
    """Return each series' best grid point, shape ``(S, p)``."""
    grid = _grid(spec)
    count = y.shape[0]
    best = np.full(count, np.inf)
    chosen = np.zeros((count, spec.parameters))
    per_pass = max(1, _CHUNK // (count * y.shape[1] + 1))
    for start in range(0, len(grid), per_pass):
        points = grid[start : start + per_pass]
        sse, _ = _profile(
            np.broadcast_to(y, (len(points), *y.shape)),
            _unit_to_parameters(points, spec),
            spec,
        )
        at = sse.argmin(axis=0)
        lowest = sse[at, np.arange(count)]
        better = lowest < best
        best = np.where(better, lowest, best)
        chosen[better] = points[at[better]]
    return chosen


def _score(
    y: NDArray[np.float64], unit: NDArray[np.float64], spec: Spec
) -> NDArray[np.float64]:
    """Return the profiled SSE of ``y`` (``(S, T)``) at ``unit`` (``(S, P, p)``).

    Each of the ``P`` candidates of a series is scored with its best initial
    state; the result has shape ``(S, P)``.
    """
    count, candidates, p = unit.shape
    flat = unit.reshape(count * candidates, p)
    series = np.repeat(y, candidates, axis=0)[:, None, :]
    out = np.empty(count * candidates)
    per_pass = max(1, _CHUNK // ((spec.states + 1) * y.shape[1]))
    for start in range(0, len(flat), per_pass):
        stop = start + per_pass
        sse, _ = _profile(
            series[start:stop], _unit_to_parameters(flat[start:stop], spec), spec
        )
        out[start:stop] = sse[:, 0]
    return out.reshape(count, candidates)


def _stencil(p: int) -> tuple[NDArray[np.float64], list[tuple[int, int]]]:
    """Return the offsets (in units of the difference step) and the pairs."""
    eye = np.eye(p)
    pairs = [(i, j) for i in range(p) for j in range(i + 1, p)]
    rows = [np.zeros(p), *eye, *-eye, *(eye[i] + eye[j] for i, j in pairs)]
    return np.array(rows), pairs


def _refine(
    y: NDArray[np.float64], start: NDArray[np.float64], spec: Spec
) -> NDArray[np.float64]:
    """Refine each series' parameters by a damped Newton method on the unit box.

    The objective is the profiled SSE (the initial states solved for exactly at
    every point). Its gradient and Hessian come from finite differences —
    the SSE is smooth in the parameters and defined just outside the box, so
    the stencil may step over a bound. A coordinate at a bound whose gradient
    points out of the box is held there; the Hessian is shifted by a
    Levenberg-Marquardt term until the step is a descent that lowers the SSE.
    """
    count, p = start.shape
    offsets, pairs = _stencil(p)
    eye = np.eye(p)
    h = _DIFFERENCE
    here = start.copy()
    value = _score(y, here[:, None, :], spec)[:, 0]
    shift = np.zeros(count)
    active = np.arange(count)
    for _ in range(_MAX_ROUNDS):
        if len(active) == 0:
            break
        at = here[active]
        f = _score(y[active], at[:, None, :] + h * offsets, spec)
        centre, plus, minus = f[:, :1], f[:, 1 : 1 + p], f[:, 1 + p : 1 + 2 * p]
        gradient = (plus - minus) / (2 * h)
        hessian = np.zeros((len(active), p, p))
        diagonal = (plus - 2 * centre + minus) / h**2
        hessian[:, np.arange(p), np.arange(p)] = diagonal
        for column, (i, j) in enumerate(pairs):
            cross = f[:, 1 + 2 * p + column]
            mixed = (cross - plus[:, i] - plus[:, j] + centre[:, 0]) / h**2
            hessian[:, i, j] = hessian[:, j, i] = mixed
        held = ((at <= 0.0) & (gradient > 0.0)) | ((at >= 1.0) & (gradient < 0.0))
        free = ~held
        mask = free[:, :, None] & free[:, None, :]
        scale = np.maximum(np.abs(diagonal).max(axis=1), 1e-300)
        lowest = np.linalg.eigvalsh(np.where(mask, hessian, eye * scale[:, None, None]))
        floor = np.maximum(-lowest[:, 0], 0.0) + _CURVATURE * scale
        damping = np.maximum(shift[active] * scale, floor)
        system = (
            np.where(mask, hessian, 0.0)
            + (damping[:, None, None] + held[:, :, None] * scale[:, None, None]) * eye
        )
        step = -np.linalg.solve(system, (gradient * free)[:, :, None])[:, :, 0]
        trial = np.clip(at + step, 0.0, 1.0)
        trial_value = _score(y[active], trial[:, None, :], spec)[:, 0]
        better = trial_value < value[active]
        rows = active[better]
        gain = (value[rows] - trial_value[better]) / np.maximum(value[rows], 1e-300)
        here[rows] = trial[better]
        value[rows] = trial_value[better]
        shift[rows] /= 4.0
        failed = active[~better]
        shift[failed] = np.maximum(shift[failed] * 4.0, 1e-3)
        moved = np.abs(trial - at).max(axis=1)
        done = ~better & (moved < _FINEST_STEP)
        done[better] = gain < _MEANINGFUL
        done |= shift[active] > _STIFFEST
        active = active[~done]
    return here


class Fit(NamedTuple):
    """Fitted parameters and states of many series under one model."""

    alpha: NDArray[np.float64]
    beta_star: NDArray[np.float64]
    gamma: NDArray[np.float64]
    phi: NDArray[np.float64]
    level: NDArray[np.float64]
    """Initial level, per series."""
    trend: NDArray[np.float64]
    seasons: NDArray[np.float64]
    """Initial seasonal terms ``(S, m)``: term ``i`` is added to observation ``i``."""
    errors: NDArray[np.float64]
    """One-step errors ``(S, T)``."""
    final_level: NDArray[np.float64]
    final_trend: NDArray[np.float64]
    final_seasons: NDArray[np.float64]
    sse: NDArray[np.float64]


def fit(
    y: NDArray[np.float64],
    spec: Spec,
    *,
    smoothing: tuple[float, float, float, float] | None = None,
    initial: tuple[float, float, tuple[float, ...]] | None = None,
) -> Fit:
    """Fit ``spec`` to every row of ``y`` (``(S, T)``).

    ``smoothing`` fixes (alpha, beta_star, gamma, phi) for every series;
    ``initial`` also fixes (level, trend, seasons). Otherwise they are fitted.
    """
    count = y.shape[0]
    if smoothing is None:
        unit = _refine(y, _grid_search(y, spec), spec)
        alpha, beta, gamma, phi = _unit_to_parameters(unit, spec)
    else:
        alpha, beta, gamma, phi = (np.full(count, value) for value in smoothing)
    if initial is None:
        free = _initial_states(y, (alpha, beta, gamma, phi), spec)
        level, trend, seasons = _expand(free, spec)
    else:
        level = np.full(count, initial[0])
        trend = np.full(count, initial[1])
        seasons = np.tile(np.asarray(initial[2], dtype=np.float64), (count, 1))
    errors, end_level, end_trend, end_seasons = run(
        y[:, None, :],
        (alpha[:, None], beta[:, None], gamma[:, None], phi[:, None]),
        (level[:, None], trend[:, None], seasons[:, None, :]),
    )
    # contiguous, so that each series' sum runs the same way however many
    # series are fitted together (forecast_many gives what forecast gives)
    errors = np.ascontiguousarray(errors[:, 0])
    return Fit(
        alpha=alpha,
        beta_star=beta,
        gamma=gamma,
        phi=phi,
        level=level,
        trend=trend,
        seasons=seasons,
        errors=errors,
        final_level=end_level[:, 0],
        final_trend=end_trend[:, 0],
        final_seasons=end_seasons[:, 0],
        sse=np.einsum("st,st->s", errors, errors),
    )


def _expand(
    free: NDArray[np.float64], spec: Spec
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Turn free states into level, trend and ``m`` seasonal terms summing to 0."""
    count = free.shape[0]
    level = free[:, 0]
    trend = free[:, 1] if spec.method.trend else np.zeros(count)
    if spec.method.seasonal:
        first = 1 + spec.method.trend
        given = free[:, first:]
        seasons = np.concatenate([given, -given.sum(axis=1, keepdims=True)], axis=1)
    else:
        seasons = np.zeros((count, 1))
    return level, trend, seasons


def forecast_paths(
    result: Fit, spec: Spec, horizon: int, length: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Return point forecasts ``(S, h)`` and the error weights ``c_j`` ``(S, h)``.

    ``c_0 = 1`` and :math:`c_j = \alpha + \alpha\beta^*\phi_j + \gamma
    d_{j,m}` for ``j >= 1``, with :math:`\phi_j = \phi + \dots + \phi^j` and
    :math:`d_{j,m} = 1` when ``m`` divides ``j``: the ``h``-step forecast error
    is :math:`\sum_{j<h} c_j \varepsilon_{n+h-j}`.
    """
    steps = np.arange(1, horizon + 1)
    phi = result.phi[:, None]
    powers = phi ** steps[None, :]
    damped_sum = np.cumsum(powers, axis=1)
    slots = (length + steps - 1) % spec.period
    mean = (
        result.final_level[:, None]
        + damped_sum * result.final_trend[:, None]
        + result.final_seasons[:, slots]
    )
    lags = np.arange(1, horizon)
    seasonal = (lags % spec.period == 0) & spec.method.seasonal
    alpha = result.alpha[:, None]
    later = (
        alpha
        + alpha * result.beta_star[:, None] * damped_sum[:, : horizon - 1]
        + result.gamma[:, None] * seasonal[None, :]
    )
    weights = np.concatenate([np.ones((len(mean), 1)), later], axis=1)
    return mean, weights
