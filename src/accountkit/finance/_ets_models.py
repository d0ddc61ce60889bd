r"""The whole ETS family as state space models: one filter for every model.

The models of Hyndman, Koehler, Snyder and Grose (2002) and of Hyndman and
Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed., §8.5): an
error that is additive (A) or multiplicative (M), a trend that is none (N),
additive (A) or multiplicative (M), either damped or not, and a season that
is none, additive or multiplicative, with ``m`` periods.

With level :math:`\ell`, growth :math:`b`, seasonal terms :math:`s` and
damping :math:`\phi` (1 when not damped), the one-step forecast of
observation :math:`t` is

.. math::

    q_t = \ell_{t-1} \;(\text{N}), \quad \ell_{t-1} + \phi b_{t-1} \;(\text{A}),
    \quad \ell_{t-1} b_{t-1}^{\phi} \;(\text{M}); \qquad
    \hat y_t = q_t, \quad q_t + s_{t-m}, \quad q_t s_{t-m},

the error is :math:`e_t = y_t - \hat y_t` (A) or
:math:`(y_t - \hat y_t) / \hat y_t` (M), and the state moves on as

.. math::

    \ell_t = q_t + \alpha (p_t - q_t), \quad
    b_t = \phi_b + \tfrac{\beta}{\alpha} (r_t - \phi_b), \quad
    s_t = s_{t-m} + \gamma (u_t - s_{t-m}),

where :math:`p_t` is :math:`y_t` without its season (:math:`y_t`,
:math:`y_t - s_{t-m}` or :math:`y_t / s_{t-m}`), :math:`\phi_b` the damped
growth (:math:`\phi b_{t-1}` or :math:`b_{t-1}^\phi`), :math:`r_t` the
level's change (:math:`\ell_t - \ell_{t-1}` or :math:`\ell_t / \ell_{t-1}`)
and :math:`u_t` the observation without its trend (:math:`y_t - q_t` or
:math:`y_t / q_t`). Written this way the same updates serve additive and
multiplicative errors: they are the error-correction forms of Hyndman et al.
(2008, Table 2.3) with :math:`e_t` substituted. :math:`\beta` is the state
space form's (statsmodels' ``ETSModel``, R's ``ets``), not Holt-Winters'
:math:`\beta^* = \beta / \alpha`.

The filter runs over the series of a batch at once (one row each), a loop
over time and numpy over the rows. A missing observation (NaN) updates
nothing: its error is 0, the state moves on as its forecast says.
"""

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Filtered",
    "Model",
    "Start",
    "admissible",
    "filter_series",
    "final_state",
    "likelihood",
    "likelihood_gradient",
    "point_forecasts",
    "simulate",
]

Array = NDArray[np.float64]
State = tuple[Array, Array, Array]
"""Level ``(B,)``, growth ``(B,)`` and seasonal terms ``(B, m)``, newest first."""

_ADDITIVE = "A"
_MULTIPLICATIVE = "M"
_NONE = "N"


class Model(NamedTuple):
    """One member of the family: error, trend, damping, season and period."""

    error: str
    """``A`` or ``M``."""
    trend: str
    """``N``, ``A`` or ``M``."""
    damped: bool
    season: str
    """``N``, ``A`` or ``M``."""
    period: int = 1
    """Observations per season (1 without a season)."""

    @property
    def name(self) -> str:
        """The model's name in the taxonomy: ``MAdM`` and the like."""
        return self.error + self.trend + ("d" if self.damped else "") + self.season

    @classmethod
    def named(cls, name: str, period: int = 1) -> "Model":
        """Return the model a name such as ``AAdN`` or ``MNM`` stands for."""
        damped = len(name) == 4  # noqa: PLR2004 - E, T, d, S
        return cls(name[0], name[1], damped, name[-1], period)


class Start(NamedTuple):
    """The parameters and initial state of a batch, one element per row.

    ``seasons[:, 0]`` is the most recent seasonal term before the first
    observation and ``seasons[:, m - 1]`` the oldest (the one the first
    observation uses), as R's ``ets`` orders ``initstate``.
    """

    alpha: Array
    beta: Array
    gamma: Array
    phi: Array
    level: Array
    growth: Array
    seasons: Array
    """``(B, m)``; ``(B, 1)`` of zeros without a season."""


class Filtered(NamedTuple):
    """What the filter gives for a batch of ``B`` series of ``n`` observations."""

    fitted: Array
    """``(B, n)``: each observation's one-step forecast."""
    errors: Array
    """``(B, n)``: the errors (relative for a multiplicative error); 0 where
    the observation is missing."""
    level: Array
    """``(B, n + 1)``: the level before the first observation and after each."""
    growth: Array
    """``(B, n + 1)``; zeros without a trend."""
    seasons: Array
    """``(B, n + 1, m)``: the seasonal terms, most recent first."""
    observed: NDArray[np.int64]
    """``(B,)``: observations that are not missing."""
    sse: Array
    """``(B,)``: the sum of squared errors."""
    log_scale: Array
    r"""``(B,)``: :math:`\sum_t \log |\hat y_t|` over the observations with a
    multiplicative error (0 with an additive error)."""

    def log_likelihood(self) -> Array:
        r"""Return the Gaussian log-likelihood with the variance profiled out.

        .. math:: -\tfrac{n}{2}\left(\log\tfrac{2\pi\,\mathrm{SSE}}{n} + 1\right)
                  - \sum_t \log|\hat y_t| \;(\text{M error}),

        which is R's ``ets`` ``loglik`` (``-0.5 * lik``) plus its constant
        :math:`-\tfrac{n}{2}(\log\tfrac{2\pi}{n} + 1)`, and statsmodels'
        ``ETSResults.llf``.
        """
        n = self.observed.astype(np.float64)
        with np.errstate(divide="ignore"):
            spread: Array = np.log(2 * math.pi * self.sse / n)
        return -0.5 * n * (spread + 1) - self.log_scale

    def r_likelihood(self) -> Array:
        r"""Return R's ``lik``: :math:`n \log \mathrm{SSE} + 2 \sum \log|\hat y_t|`.

        R's ``ets`` minimises it and reports ``loglik = -lik / 2``; it differs
        from :meth:`log_likelihood` by a constant of the series' length.
        """
        n = self.observed.astype(np.float64)
        with np.errstate(divide="ignore"):
            scale: Array = np.log(self.sse)
        return n * scale + 2 * self.log_scale


def _trend_part(
    model: Model,
    level: Array,
    growth: Array,
    phi: Array,
) -> tuple[Array, Array]:
    """Return the damped growth and the level with it (``q``), per row."""
    if model.trend == _ADDITIVE:
        damped = phi * growth
        return damped, level + damped
    if model.trend == _MULTIPLICATIVE:
        damped = np.power(growth, phi)
        return damped, level * damped
    return np.zeros_like(level), level


def _combine(model: Model, q: Array, season: Array) -> Array:
    if model.season == _ADDITIVE:
        return q + season
    if model.season == _MULTIPLICATIVE:
        return q * season
    return q


def _ratio(start: Start) -> Array:
    """Return beta / alpha (0 where alpha is 0: the growth then cannot learn)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        found: Array = np.where(start.alpha > 0, start.beta / start.alpha, 0.0)
    return found


def _advance(
    model: Model,
    start: Start,
    state: tuple[Array, Array, Array],
    parts: tuple[Array, Array],
    y: Array,
    *,
    ratio: Array,
) -> State:
    """Return the level, growth and newest seasonal term after observing ``y``.

    ``state`` is the level, growth and the seasonal term ``y`` uses;
    ``parts`` the damped growth and the level with it (``q``).
    """
    level, growth, oldest = state
    damped, q = parts
    if model.season == _ADDITIVE:
        plain = y - oldest
    elif model.season == _MULTIPLICATIVE:
        plain = y / oldest
    else:
        plain = y
    new_level = q + start.alpha * (plain - q)
    new_growth = growth
    if model.trend != _NONE:
        change = new_level - level if model.trend == _ADDITIVE else new_level / level
        new_growth = damped + ratio * (change - damped)
    newest = oldest
    if model.season != _NONE:
        detrended = y - q if model.season == _ADDITIVE else y / q
        newest = oldest + start.gamma * (detrended - oldest)
    return new_level, new_growth, newest


def _step(model: Model, start: Start, state: State, y: Array) -> State:
    """Return the state after observing ``y`` (one value per row)."""
    level, growth, seasons = state
    parts = _trend_part(model, level, growth, start.phi)
    new_level, new_growth, newest = _advance(
        model, start, (level, growth, seasons[:, -1]), parts, y, ratio=_ratio(start)
    )
    if model.season != _NONE:
        seasons = np.concatenate([newest[:, None], seasons[:, :-1]], axis=1)
    return new_level, new_growth, seasons


def filter_series(model: Model, start: Start, y: Array) -> Filtered:
    """Run the model over each row of ``y`` (``(B, n)``, NaN where missing)."""
    batch, n = y.shape
    m = start.seasons.shape[1]
    fitted = np.empty((batch, n))
    errors = np.zeros((batch, n))
    levels = np.empty((batch, n + 1))
    growths = np.empty((batch, n + 1))
    seasons = np.empty((batch, n + 1, m))
    state = (
        start.level.astype(np.float64),
        start.growth.astype(np.float64),
        start.seasons.astype(np.float64),
    )
    levels[:, 0], growths[:, 0], seasons[:, 0] = state
    # a row whose model breaks down (a zero forecast, say) runs on in NaN and
    # infinities; likelihood() says which rows they are
    with np.errstate(all="ignore"):
        for t in range(n):
            _, q = _trend_part(model, state[0], state[1], start.phi)
            forecast = _combine(model, q, state[2][:, -1])
            fitted[:, t] = forecast
            seen = y[:, t]
            present = ~np.isnan(seen)
            value = np.where(present, seen, forecast)
            errors[:, t] = _error(model, value, forecast)
            state = _step(model, start, state, value)
            levels[:, t + 1], growths[:, t + 1], seasons[:, t + 1] = state
    return Filtered(
        fitted=fitted,
        errors=errors,
        level=levels,
        growth=growths,
        seasons=seasons,
        observed=(~np.isnan(y)).sum(axis=1),
        sse=np.square(errors).sum(axis=1),
        log_scale=_log_scale(model, fitted, y),
    )


def _log_scale(model: Model, forecasts: Array, y: Array) -> Array:
    r"""Return :math:`\sum_t \log|\hat y_t|` over the observations (M error)."""
    if model.error == _ADDITIVE:
        return np.zeros(forecasts.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        logged = np.where(np.isnan(y), 0.0, np.log(np.abs(forecasts)))
    found: Array = logged.sum(axis=1)
    return found


def _error(model: Model, y: Array, forecast: Array) -> Array:
    """Return the errors: absolute, or relative with a multiplicative error."""
    if model.error == _ADDITIVE:
        found: Array = y - forecast
    else:
        found = (y - forecast) / forecast
    return found


def likelihood(model: Model, start: Start, y: Array) -> Array:
    """Return R's ``lik`` of each row, ``inf`` where the model breaks down.

    The filter without its paths, for the fitting's many evaluations: the
    same steps as :func:`filter_series` (the same values, bit for bit), with
    the seasonal terms in a ring instead of shifted each step. A row breaks
    down when a value stops being finite, or a part that multiplies stops
    being positive: a forecast with a multiplicative error, the level or
    growth with a multiplicative trend, a seasonal term with a
    multiplicative season.
    """
    return _run(model, start, y, None).objective


class _Run(NamedTuple):
    """What :func:`_run` leaves for the gradient: the objective and its parts."""

    objective: Array
    errors: Array
    sse: Array
    observed: NDArray[np.int64]
    level: Array
    """The level after the last observation."""


class _Taken(NamedTuple):
    """One step's inputs, recorded for the way back."""

    level: Array
    growth: Array
    oldest: Array
    value: Array
    """The observation, or the forecast where it is missing."""
    present: Array | None
    damped: Array
    """The damped growth (:func:`_trend_part`)."""
    q: Array
    """The level with it."""


def _run(model: Model, start: Start, y: Array, tape: list[_Taken] | None) -> _Run:
    """Run :func:`likelihood`'s filter, recording each step in ``tape``."""
    batch, n = y.shape
    level, growth = start.level, start.growth
    ring = start.seasons[:, ::-1].copy()  # ring[:, j] serves t = j, j + m, ...
    m = ring.shape[1]
    columns = np.ascontiguousarray(y.T)
    missing = bool(np.isnan(columns).any())
    errors = np.empty((batch, n))
    forecasts = np.empty((batch, n))
    # the smallest level, growth and seasonal term seen (NaN once one is)
    lowest = [np.full(batch, np.inf) for _ in range(3)]
    with np.errstate(all="ignore"):
        ratio = _ratio(start)
        for t in range(n):
            slot = t % m
            oldest = ring[:, slot]
            parts = _trend_part(model, level, growth, start.phi)
            forecast = _combine(model, parts[1], oldest)
            forecasts[:, t] = forecast
            value = columns[t]
            present = ~np.isnan(value) if missing else None
            if present is not None:
                value = np.where(present, value, forecast)
            if tape is not None:
                tape.append(
                    _Taken(level, growth, oldest.copy(), value, present, *parts)
                )
            errors[:, t] = _error(model, value, forecast)
            level, growth, ring[:, slot] = _advance(
                model, start, (level, growth, oldest), parts, value, ratio=ratio
            )
            if model.trend == _MULTIPLICATIVE:
                lowest[0] = np.minimum(lowest[0], level)
                lowest[1] = np.minimum(lowest[1], growth)
            if model.season == _MULTIPLICATIVE:
                lowest[2] = np.minimum(lowest[2], ring[:, slot])
        broken = ~((lowest[0] > 0) & (lowest[1] > 0) & (lowest[2] > 0))
        log_scale = _log_scale(model, forecasts, y)
        if model.error != _ADDITIVE:
            broken |= ~(forecasts > 0).all(axis=1)
        observed = (~np.isnan(y)).sum(axis=1)
        sse = np.square(errors).sum(axis=1)  # summed as filter_series sums
        found: Array = observed * np.log(sse) + 2 * log_scale
    # a perfect fit (no error at all) is minus infinity, not a breakdown
    found = np.where(broken | np.isnan(found) | (found == np.inf), np.inf, found)
    return _Run(found, errors, sse, observed, level)


def likelihood_gradient(model: Model, start: Start, y: Array) -> tuple[Array, Start]:
    r"""Return :func:`likelihood` and its gradient, by the adjoint method.

    The gradient comes back as a :class:`Start` of partial derivatives:
    with respect to alpha, beta, gamma, phi (the state space parameters),
    the initial level and growth, and each initial seasonal term (newest
    first), the seasonal terms taken as free (the constraint on their sum
    is the caller's). One run forward records each step; one run back
    carries the derivative of :math:`L = n \log \mathrm{SSE} + 2\sum
    \log|\hat y_t|` with respect to each state back through the steps
    (reverse-mode differentiation written out, Griewank and Walther,
    *Evaluating Derivatives*, 2nd ed., ch. 3): about three runs of the
    filter, whatever the number of parameters. Rows that break down get
    a gradient of no meaning; their objective says which they are.
    """
    tape: list[_Taken] = []
    run = _run(model, start, y, tape)
    batch = y.shape[0]
    m = start.seasons.shape[1]
    level, growth = np.zeros(batch), np.zeros(batch)
    ring = np.zeros((batch, m))
    alpha, ratio_part, gamma, phi = (np.zeros(batch) for _ in range(4))
    ratio = _ratio(start)
    following = run.level
    zero = np.zeros(batch)
    with np.errstate(all="ignore"):
        of_errors = 2 * run.observed[:, None] * run.errors / run.sse[:, None]
        for t in range(len(tape) - 1, -1, -1):
            taken = tape[t]
            slot = t % m
            back = _Adjoint(model, taken, start, zero)
            back.step(ratio, following, (level, growth, ring[:, slot]))
            back.error(of_errors[:, t])
            level, growth, ring[:, slot] = back.state(start.phi)
            alpha += back.alpha
            ratio_part += back.ratio
            gamma += back.gamma
            phi += back.phi
            following = taken.level
        known = start.alpha > 0
        beta = np.where(known, ratio_part / np.where(known, start.alpha, 1.0), 0.0)
    gradient = Start(
        alpha=alpha - beta * ratio,
        beta=beta,
        gamma=gamma,
        phi=phi,
        level=level,
        growth=growth,
        seasons=ring[:, ::-1],
    )
    return run.objective, gradient


class _Adjoint:
    """The derivatives of the objective with respect to one step's values.

    Filled in the order the way back needs: :meth:`step` (the state's
    updates), :meth:`error` (the error and the likelihood's own term),
    then :meth:`state` carries them through the forecast to the state the
    step started from.
    """

    def __init__(self, model: Model, taken: _Taken, start: Start, zero: Array) -> None:
        self.model, self.taken, self.start = model, taken, start
        self.damped, self.q = taken.damped, taken.q
        # one array of zeros for every part not yet reached (never changed
        # in place: each part is replaced by a new array when it is)
        self.value, self.of_q, self.season = zero, zero, zero
        self.before, self.of_damped, self.growth = zero, zero, zero
        self.alpha, self.ratio, self.gamma, self.phi = zero, zero, zero, zero

    def step(
        self, ratio: Array, following: Array, after: tuple[Array, Array, Array]
    ) -> None:
        """Go back through the level's, growth's and season's updates.

        ``after`` holds the derivatives with respect to the new level,
        growth and seasonal term; ``following`` is the new level.
        """
        model, start, taken, q = self.model, self.start, self.taken, self.q
        of_level, of_growth, of_season = after
        value, oldest = taken.value, taken.oldest
        if model.season != _NONE:  # s' = s + gamma (u - s)
            detrended = value - q if model.season == _ADDITIVE else value / q
            self.season = (1 - start.gamma) * of_season
            self.gamma = of_season * (detrended - oldest)
            of_detrended = start.gamma * of_season
            if model.season == _ADDITIVE:
                self.value, self.of_q = of_detrended, -of_detrended
            else:
                self.value = of_detrended / q
                self.of_q = -of_detrended * detrended / q
        if model.trend == _NONE:
            self.growth = of_growth
        else:  # b' = d + (beta / alpha) (c - d)
            level = taken.level
            additive = model.trend == _ADDITIVE
            change = following - level if additive else following / level
            self.of_damped = (1 - ratio) * of_growth
            self.ratio = of_growth * (change - self.damped)
            of_change = ratio * of_growth
            if model.trend == _ADDITIVE:
                of_level, self.before = of_level + of_change, -of_change
            else:
                of_level = of_level + of_change / level
                self.before = -of_change * change / level
        # l' = q + alpha (p - q), p the observation without its season
        plain = _deseasoned(model, value, oldest)
        self.of_q = self.of_q + (1 - start.alpha) * of_level
        self.alpha = of_level * (plain - q)
        of_plain = start.alpha * of_level
        if model.season == _MULTIPLICATIVE:
            self.value = self.value + of_plain / oldest
            self.season = self.season - of_plain * plain / oldest
        else:
            self.value = self.value + of_plain
            if model.season == _ADDITIVE:
                self.season = self.season - of_plain

    def error(self, of_error: Array) -> None:
        """Go back through the error and the forecast's ``log |f|`` term."""
        model, taken = self.model, self.taken
        forecast = _combine(model, self.q, taken.oldest)
        if model.error == _ADDITIVE:
            self.value = self.value + of_error
            of_forecast = -of_error
        else:
            self.value = self.value + of_error / forecast
            logged = 2 / forecast
            if taken.present is not None:
                logged = np.where(taken.present, logged, 0.0)
            of_forecast = logged - of_error * taken.value / np.square(forecast)
        if taken.present is not None:  # a missing observation is its forecast
            of_forecast = of_forecast + np.where(taken.present, 0.0, self.value)
        if model.season == _ADDITIVE:
            self.of_q = self.of_q + of_forecast
            self.season = self.season + of_forecast
        elif model.season == _MULTIPLICATIVE:
            self.of_q = self.of_q + of_forecast * taken.oldest
            self.season = self.season + of_forecast * self.q
        else:
            self.of_q = self.of_q + of_forecast

    def state(self, phi: Array) -> tuple[Array, Array, Array]:
        """Return the derivatives with respect to the step's starting state."""
        model, level, growth = self.model, self.taken.level, self.taken.growth
        if model.trend == _ADDITIVE:  # q = l + d, d = phi b
            of_damped = self.of_damped + self.of_q
            self.growth = of_damped * phi
            self.phi = of_damped * growth
            return self.before + self.of_q, self.growth, self.season
        if model.trend == _MULTIPLICATIVE:  # q = l d, d = b ** phi
            of_damped = self.of_damped + self.of_q * level
            self.growth = of_damped * phi * self.damped / growth
            self.phi = of_damped * self.damped * np.log(growth)
            return self.before + self.of_q * self.damped, self.growth, self.season
        return self.before + self.of_q, self.growth, self.season


def _deseasoned(model: Model, value: Array, season: Array) -> Array:
    """Return the observation without its seasonal term."""
    if model.season == _ADDITIVE:
        return value - season
    if model.season == _MULTIPLICATIVE:
        found: Array = value / season
        return found
    return value


def admissible(model: Model, start: Start) -> NDArray[np.bool_]:
    r"""Say which rows' parameters are admissible (forecastable).

    The linear model with these parameters discounts the past by
    :math:`D = F - g w^\top` (Hyndman et al. 2008, §3.3.1 and ch. 10): the
    effect of an old state dies out when every eigenvalue of :math:`D` lies
    in the unit circle. A seasonal model's state repeats itself in one
    direction (the seasonal terms and the level can trade a constant), so
    one eigenvalue is 1 whatever the parameters; the others must lie
    within :math:`1 + 10^{-10}`. R's ``ets`` fits only admissible
    parameters (with its usual bounds); so does :func:`._ets_fit.fit`. The
    condition is the linear model's, for either error. Models without a
    season are admissible wherever the usual bounds (:math:`0 < \beta <
    \alpha < 1`, :math:`0 < \phi \le 1`) hold.
    """
    rows = start.alpha.shape[0]
    if model.season == _NONE:
        return np.ones(rows, dtype=bool)
    m = model.period
    size = 2 + m
    phi = start.phi if model.damped else np.ones(rows)
    has_trend = model.trend != _NONE
    # the state (level, growth, s_t, ..., s_{t-m+1}); D = F - g w'
    discount = np.zeros((rows, size, size))
    discount[:, 0, 0] = 1.0
    discount[:, 0, 1] = phi if has_trend else 0.0
    discount[:, 1, 1] = phi if has_trend else 0.0
    discount[:, 2, size - 1] = 1.0
    for i in range(1, m):
        discount[:, 2 + i, 1 + i] = 1.0
    weights = np.zeros((rows, size))
    weights[:, 0] = 1.0
    weights[:, 1] = phi if has_trend else 0.0
    weights[:, size - 1] = 1.0
    gains = np.zeros((rows, size))
    gains[:, 0] = start.alpha
    gains[:, 1] = start.beta if has_trend else 0.0
    gains[:, 2] = start.gamma
    discount -= gains[:, :, None] * weights[:, None, :]
    with np.errstate(all="ignore"):
        roots = np.linalg.eigvals(discount)
    moduli = np.abs(roots)
    # leave out the one eigenvalue the seasonal redundancy fixes at 1
    nearest = np.abs(roots - 1).argmin(axis=1)
    moduli[np.arange(rows), nearest] = 0.0
    found: NDArray[np.bool_] = np.isfinite(moduli).all(axis=1) & (
        moduli.max(axis=1) <= 1 + 1e-10
    )
    return found


def final_state(filtered: Filtered) -> State:
    """Return the state after the last observation of each row."""
    return filtered.level[:, -1], filtered.growth[:, -1], filtered.seasons[:, -1]


def point_forecasts(model: Model, start: Start, state: State, horizon: int) -> Array:
    """Return ``(B, horizon)`` point forecasts: the model run on with no error.

    For a linear (additive) model they are the forecast means; with a
    multiplicative part they are the forecasts of the state with no error,
    as R's ``forecast.ets`` gives them (the mean differs from step
    :math:`m + 1` on; see Hyndman et al. 2008, §6.3).
    """
    found = np.empty((state[0].shape[0], horizon))
    for step in range(horizon):
        _, q = _trend_part(model, state[0], state[1], start.phi)
        found[:, step] = _combine(model, q, state[2][:, -1])
        state = _step(model, start, state, found[:, step])
    return found


def simulate(model: Model, start: Start, state: State, innovations: Array) -> Array:
    """Return future paths ``(B, h)`` driven by ``innovations`` ``(B, h)``.

    Each step's observation is the forecast plus the innovation (additive
    error) or the forecast times one plus it (multiplicative error), and
    the state moves on with it, as R's ``simulate.ets`` does.
    """
    batch, horizon = innovations.shape
    paths = np.empty((batch, horizon))
    for step in range(horizon):
        _, q = _trend_part(model, state[0], state[1], start.phi)
        forecast = _combine(model, q, state[2][:, -1])
        if model.error == _ADDITIVE:
            paths[:, step] = forecast + innovations[:, step]
        else:
            paths[:, step] = forecast * (1 + innovations[:, step])
        state = _step(model, start, state, paths[:, step])
    return paths
