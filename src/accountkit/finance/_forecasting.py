r"""Forecasting billed revenue: exponential smoothing with prediction intervals."""

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from statistics import NormalDist
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit._checked import checked
from accountkit._frames import categorical, frame
from accountkit._validators import as_float, finite_float, real_number, whole_number
from accountkit.errors import InsufficientDataError, ValidationError
from accountkit.finance import _dated, _ets, _family
from accountkit.finance._ets import DAMPING_BOUNDS, SmoothingMethod, Spec
from accountkit.finance._ets_fit import BOUNDS as _FIT_BOUNDS
from accountkit.finance._ets_models import Filtered, Start, admissible, filter_series
from accountkit.periods import Period

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DAMPING_BOUNDS",
    "MAX_HORIZON",
    "MAX_MAGNITUDE",
    "Candidate",
    "Forecast",
    "ForecastArrays",
    "InitialState",
    "Smoothing",
    "SmoothingMethod",
    "StatePaths",
    "forecast",
    "forecast_many",
]

_DEFAULT_COVERAGE = 0.95


def _unit(
    name: str, *, optional: bool
) -> "Callable[[object, attrs.Attribute[Any], Any], None]":
    def check(instance: object, _attribute: "attrs.Attribute[Any]", value: Any) -> None:  # noqa: ANN401
        if value is None and optional:
            return
        real_number(value, where=type(instance).__name__, path=name, low=0.0, high=1.0)

    return check


def _optional_float(value: object) -> Any:  # noqa: ANN401 - as above
    return None if value is None else as_float(value)


@attrs.frozen(kw_only=True)
class Smoothing:
    r"""The smoothing parameters of an exponential smoothing model.

    Parameters
    ----------
    alpha
        Level smoothing, in [0, 1].
    beta_star
        Trend smoothing in the Holt-Winters (error-free) form
        :math:`\beta^*`, in [0, 1]; trend models only. It is statsmodels'
        ``ExponentialSmoothing`` ``smoothing_trend``; the state space form uses
        :math:`\beta = \alpha\beta^*` (statsmodels' ``ETSModel``).
    gamma
        Seasonal smoothing, in [0, 1 - alpha]; seasonal models only.
    phi
        Damping, in (0, 1]; damped models only.

    Raises
    ------
    ValidationError
        If a parameter is not a number in its range.
    """

    alpha: float = attrs.field(
        converter=as_float, validator=_unit("alpha", optional=False)
    )
    beta_star: float | None = attrs.field(
        default=None,
        converter=_optional_float,
        validator=_unit("beta_star", optional=True),
    )
    gamma: float | None = attrs.field(
        default=None, converter=_optional_float, validator=_unit("gamma", optional=True)
    )
    phi: float | None = attrs.field(default=None, converter=_optional_float)

    def __attrs_post_init__(self) -> None:
        if self.gamma is not None and self.gamma > 1.0 - self.alpha:
            message = (
                f"must be at most 1 - alpha = {1.0 - self.alpha:g}, got {self.gamma:g}"
            )
            raise ValidationError(message, path="gamma", root="Smoothing")
        if self.phi is not None:
            real_number(
                self.phi,
                where="Smoothing",
                path="phi",
                low=0.0,
                high=1.0,
                low_open=True,
            )


def _seasonal_terms(value: object) -> Any:  # noqa: ANN401 - as above
    if value is None or isinstance(value, str) or not isinstance(value, Sequence):
        return value
    return tuple(as_float(term) for term in value)


def _check_seasonal(
    _instance: object, _attribute: "attrs.Attribute[Any]", value: object
) -> None:
    if value is None:
        return
    if not isinstance(value, tuple):
        message = f"expected a sequence of numbers, got {type(value).__name__}"
        raise ValidationError(message, path="seasonal", root="InitialState")
    for index, term in enumerate(value):
        real_number(term, where="InitialState", path=("seasonal", index), low=-math.inf)


@attrs.frozen(kw_only=True)
class InitialState:
    r"""The state a model starts from, before the first observation.

    Parameters
    ----------
    level
        Initial level :math:`\ell_0`.
    trend
        Initial trend :math:`b_0`; trend models only.
    seasonal
        Initial seasonal terms, one per season, in the order of the first
        season's observations: ``seasonal[i]`` is added to observation ``i``
        (and ``i + m``, ... until updated). Seasonal models only.
    """

    level: float = attrs.field(converter=as_float, validator=finite_float("level"))
    trend: float | None = attrs.field(default=None, converter=_optional_float)
    seasonal: tuple[float, ...] | None = attrs.field(
        default=None, converter=_seasonal_terms, validator=_check_seasonal
    )

    def __attrs_post_init__(self) -> None:
        if self.trend is not None:
            finite_float("trend")(self, attrs.fields(InitialState).trend, self.trend)


@attrs.frozen(kw_only=True)
class Candidate:
    """A model considered by automatic selection, and what became of it.

    Attributes
    ----------
    method
        The model.
    aicc
        Its corrected Akaike information criterion, or ``None`` if it was not
        fitted (or fits perfectly).
    note
        Why it was not fitted, ``"a perfect fit"``, or ``""``.
    """

    method: SmoothingMethod
    aicc: float | None
    note: str = ""


@attrs.frozen(kw_only=True)
class Forecast:
    r"""A fitted exponential smoothing model and its forecasts.

    Attributes
    ----------
    method
        The model fitted (after any fall-back to a simpler one).
    requested
        The model asked for (``SmoothingMethod.AUTO`` for automatic selection).
    seasonal_periods
        Observations per season for seasonal models, else ``None``.
    smoothing
        The smoothing parameters, given or fitted.
    initial
        The initial state, given or fitted.
    mean
        Point forecasts for steps ``1 .. horizon``.
    lower, upper
        Prediction interval bounds at ``coverage``.
    coverage
        The interval's nominal coverage (0.95 for a 95% interval).
    fitted
        One-step-ahead fitted values of the observations.
    residuals
        Observations minus fitted values; ``None`` where the observation is
        missing (the fitted value there is the model's one-step forecast).
    sse
        Sum of squared residuals.
    sigma2
        The error variance, ``sse / (n - estimated)`` as R's ``ets`` has it
        (each estimate costs a degree of freedom): ``sse / n``, statsmodels'
        figure, only when nothing was estimated. The intervals use it.
    aicc
        Corrected AIC, or ``None`` when ``n <= k + 1`` or the fit is perfect
        (``sse == 0``, where it is minus infinity).
    log_likelihood
        The Gaussian log-likelihood, the error variance profiled out (plus
        :math:`-\sum \log|\hat y_t|` with a multiplicative error), as R's
        ``ets`` and statsmodels' ``ETSModel`` define it; ``None`` for a
        perfect fit.
    aic, bic
        :math:`-2\log L + 2k` and :math:`-2\log L + k\log n`, ``k``
        counting the estimates and :math:`\sigma^2`; ``None`` for a perfect
        fit.
    variances
        The forecast variance at each step: from the error weights (a linear
        model), from the closed form of Hyndman et al. (2008, §6.3) for a
        multiplicative error on additive parts, or on a multiplicative
        season up to one season ahead, else from simulated paths.
    periods
        The month or quarter each forecast is for, when the series is dated
        (a pandas Series with monthly or quarterly dates, or ``start``);
        empty otherwise.
    estimated
        How many smoothing parameters and initial states were estimated
        (the seasonal terms count ``m - 1``: their sum is fixed); the
        information criteria count one more, :math:`\sigma^2`.
    total_spreads
        The standard deviation of the sum of the first ``h`` forecasts, for
        each ``h`` (what :meth:`total` gives).
    observations
        ``n``, the length of the series.
    weights
        The error weights :math:`c_0 = 1, c_1, \dots, c_{h-1}` of a linear
        state space model (all parts additive); empty for a model with a
        multiplicative part, whose intervals are simulated.
    candidates
        The models automatic selection weighed (empty otherwise).
    notes
        Fall-backs to simpler models, and why.
    """

    method: SmoothingMethod
    requested: SmoothingMethod
    seasonal_periods: int | None
    smoothing: Smoothing
    initial: InitialState
    mean: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    coverage: float
    fitted: tuple[float, ...]
    residuals: tuple[float | None, ...]
    sse: float
    sigma2: float
    aicc: float | None
    observations: int
    weights: tuple[float, ...]
    candidates: tuple[Candidate, ...] = ()
    notes: tuple[str, ...] = ()
    log_likelihood: float | None = None
    aic: float | None = None
    bic: float | None = None
    variances: tuple[float, ...] = ()
    periods: tuple[Period, ...] = ()
    estimated: int = 0
    total_spreads: tuple[float, ...] = ()

    @property
    def horizon(self) -> int:
        """How many steps ahead the forecast runs."""
        return len(self.mean)

    def variance(self, step: int) -> float:
        r"""Return the forecast variance ``step`` steps ahead.

        .. math:: \sigma_h^2 = \sigma^2 \sum_{j=0}^{h-1} c_j^2

        With a multiplicative part, :attr:`variances`: the closed form where
        there is one, else the variance of the simulated paths.
        """
        h = _step(step, self.horizon, "Forecast.variance")
        if not self.method.linear:
            return self.variances[h - 1]
        return self.sigma2 * math.fsum(c * c for c in self.weights[:h])

    def interval(self, coverage: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """Return the prediction interval bounds at another ``coverage``.

        Normal intervals around the means where the variance has a closed
        form (see :attr:`variances`); otherwise the quantiles of the same
        simulated paths that gave ``lower`` and ``upper``.
        """
        z = _quantile(coverage, "Forecast.interval")
        if not self.method.linear and not self._exact():
            tail = (1 - coverage) / 2
            low, high = np.quantile(self._simulated(), [tail, 1 - tail], axis=0)
            return tuple(map(float, low)), tuple(map(float, high))
        spreads = [z * math.sqrt(self.variance(h)) for h in range(1, self.horizon + 1)]
        return (
            tuple(m - s for m, s in zip(self.mean, spreads, strict=True)),
            tuple(m + s for m, s in zip(self.mean, spreads, strict=True)),
        )

    def total(self, steps: int | None = None) -> tuple[float, float]:
        r"""Return the mean and standard deviation of the sum of the next ``steps``.

        The errors of successive forecasts are correlated; the sum of the
        first :math:`H` has variance
        :math:`\sigma^2 \sum_{i=1}^{H} \big(\sum_{j=0}^{H-i} c_j\big)^2`
        for a linear model. With a multiplicative error on additive parts
        (or a multiplicative season, up to a season ahead) each step's shock
        has its own variance :math:`\sigma^2\theta_k` (see
        :attr:`variances`) and the sum's is
        :math:`\sum_{k \le H} \sigma^2\theta_k \big(\sum_{j=k}^{H} f_j
        c_{j-k}\big)^2`, :math:`f` the known seasonal terms or 1; other
        models take the spread of the simulated paths' sums. All steps
        when ``steps`` is ``None``; zero steps sum to ``(0.0, 0.0)``.
        """
        count = self.horizon if steps is None else steps
        if count != 0:
            count = _step(count, self.horizon, "Forecast.total")
        if count == 0:
            return 0.0, 0.0
        if self.total_spreads:
            return math.fsum(self.mean[:count]), self.total_spreads[count - 1]
        if not self.method.linear:
            sums = self._simulated()[:, :count].sum(axis=1)
            return math.fsum(self.mean[:count]), float(np.std(sums))
        return total(self.mean, self.weights, self.sigma2, count)

    def _exact(self) -> bool:
        """Say whether the variances have a closed form (else they are simulated)."""
        model = _family.model_of(self.method, self.seasonal_periods or 1)
        return _family.exact(model, self.horizon)

    def simulate(self, paths: int = 1000, *, seed: int = 0) -> NDArray[np.float64]:
        """Return ``(paths, horizon)`` simulated futures of the fitted model.

        Each path runs the model on from its last state with errors drawn
        normal with variance :attr:`sigma2` (added, or multiplying the
        forecast by one plus them with a multiplicative error), the state
        moving on with each simulated value, as R's ``simulate.ets`` does.
        ``seed`` seeds numpy's generator: the same call gives the same
        paths, and the default paths are those behind a simulated interval.

        Raises
        ------
        ValidationError
            ``paths`` is not a whole number from 1 to 1,000,000, or ``seed``
            not a whole number.
        """
        count = whole_number(paths, where="Forecast.simulate", path="paths", minimum=1)
        if count > _MAX_PATHS:
            message = f"expected at most {_MAX_PATHS:,} paths, got {count:,}"
            raise ValidationError(message, path="paths", root="Forecast.simulate")
        start = whole_number(seed, where="Forecast.simulate", path="seed", minimum=0)
        found: NDArray[np.float64] = _family.simulated_paths(
            self._general(), self.horizon, paths=count, seed=start
        )[0]
        return found

    def states(self) -> "StatePaths":
        """Return the states of the fitted model over the series.

        The level, trend and seasonal terms before the first observation and
        after each, as the fitted model's filter runs over the series.
        """
        filtered = self._general().filtered
        m = self.seasonal_periods if self.method.seasonal else None
        return StatePaths(
            level=filtered.level[0].copy(),
            trend=filtered.growth[0].copy() if self.method.trend else None,
            seasonal=filtered.seasons[0, :, ::-1].copy() if m else None,
        )

    def _general(self) -> _family.General:
        """Return the fitted model as the general filter runs it."""
        y = np.array(self.fitted) + np.array(
            [math.nan if r is None else r for r in self.residuals]
        )
        fixed = {
            "alpha": self.smoothing.alpha,
            "beta": self.smoothing.alpha * (self.smoothing.beta_star or 0.0),
            "gamma": self.smoothing.gamma or 0.0,
            "phi": self.smoothing.phi if self.smoothing.phi is not None else 1.0,
        }
        start = Start(
            alpha=np.array([fixed["alpha"]]),
            beta=np.array([fixed["beta"]]),
            gamma=np.array([fixed["gamma"]]),
            phi=np.array([fixed["phi"]]),
            level=np.array([self.initial.level]),
            growth=np.array([self.initial.trend or 0.0]),
            seasons=np.array([(self.initial.seasonal or (0.0,))[::-1]]),
        )
        model = _family.model_of(self.method, self.seasonal_periods or 1)
        filtered = filter_series(model, start, y[None])
        return _family.General(model, start, filtered, self.estimated)

    def _simulated(self) -> NDArray[np.float64]:
        """Return the seeded simulated paths ``(paths, horizon)`` of the forecast."""
        return self.simulate(_family.DEFAULT_PATHS)


class StatePaths(NamedTuple):
    """The states of a fitted model over its series (:meth:`Forecast.states`).

    Row ``t`` is the state after ``t`` observations: row 0 the initial
    state, row ``n`` the one the forecasts start from.
    """

    level: NDArray[np.float64]
    """``(n + 1,)``: the level."""
    trend: NDArray[np.float64] | None
    """``(n + 1,)``: the trend (growth); ``None`` without one."""
    seasonal: NDArray[np.float64] | None
    """``(n + 1, m)``: the seasonal terms, ``seasonal[t, j]`` the one
    observation ``t + j`` uses (so row 0 is ``initial.seasonal``);
    ``None`` without a season."""


def total(
    mean: tuple[float, ...], weights: tuple[float, ...], sigma2: float, count: int
) -> tuple[float, float]:
    """Return :meth:`Forecast.total` of the first ``count`` steps of a forecast."""
    partial = np.cumsum(weights[:count])
    variance = sigma2 * float(np.sum(partial**2))
    return math.fsum(mean[:count]), math.sqrt(variance)


def _step(step: object, horizon: int, where: str) -> int:
    h = whole_number(step, where=where, path="step", minimum=1)
    if h > horizon:
        message = f"must be at most the horizon ({horizon}), got {h}"
        raise ValidationError(message, path="step", root=where)
    return h


def _quantile(coverage: object, where: str) -> float:
    level = real_number(
        coverage, where=where, path="coverage", low=0.0, high=1.0, low_open=True
    )
    if level >= 1.0:
        message = f"must be below 1, got {coverage}"
        raise ValidationError(message, path="coverage", root=where)
    return NormalDist().inv_cdf(0.5 + level / 2.0)


_NO_TOTALS: NDArray[np.float64] = np.empty((0, 0))


class ForecastArrays(NamedTuple):
    """Forecasts of many series, as arrays (one row per series).

    Parameters that a row's model does not have are NaN.
    """

    methods: tuple[SmoothingMethod, ...]
    """The model fitted to each series."""
    mean: NDArray[np.float64]
    """Point forecasts, ``(series, horizon)``."""
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    sse: NDArray[np.float64]
    sigma2: NDArray[np.float64]
    aicc: NDArray[np.float64]
    """Corrected AIC, NaN where ``n <= k + 1``."""
    alpha: NDArray[np.float64]
    beta_star: NDArray[np.float64]
    gamma: NDArray[np.float64]
    phi: NDArray[np.float64]
    weights: NDArray[np.float64]
    """Error weights :math:`c_j`, ``(series, horizon)``; NaN for a model with
    a multiplicative part (its forecast errors are not a weighted sum)."""
    notes: tuple[str, ...]
    """Fall-backs to simpler models, and why."""
    log_likelihood: NDArray[np.float64]
    """The Gaussian log-likelihood with the error variance profiled out."""
    aic: NDArray[np.float64]
    bic: NDArray[np.float64]
    variance: NDArray[np.float64]
    """The forecast variance at each step, ``(series, horizon)``: from the
    error weights, or from simulated paths with a multiplicative part."""
    periods: tuple[Period, ...] = ()
    """The periods the forecasts are for, when the data are dated."""
    names: tuple[str, ...] = ()
    """Each series' name (its row or column label), for a DataFrame."""
    total_spread: NDArray[np.float64] = _NO_TOTALS
    """``(series, horizon)``: the standard deviation of the sum of the first
    ``h`` forecasts, column ``h - 1`` (see :meth:`Forecast.total`)."""

    def to_frame(self) -> "pd.DataFrame":
        """Return a tidy DataFrame: one row per series and step ahead.

        Columns ``series`` (its row, from 0), ``step`` (from 1), ``method``
        (the model, a categorical of the model names), ``mean``, ``lower``,
        ``upper``, then the series' own figures repeated on each of its
        steps: ``sse``, ``sigma2``, ``aicc``, ``alpha``, ``beta_star``,
        ``gamma`` and ``phi`` (NaN where undefined or not in the model).
        Needs pandas (``pip install 'accountkit[pandas]'``).

        Examples
        --------
        >>> import numpy as np
        >>> months = np.arange(24)
        >>> result = forecast_many(np.stack([100 + 2.0 * months]), 2, method="AAN")
        >>> result.to_frame()[["series", "step", "method", "mean"]].round(6)
           series  step method   mean
        0       0     1    AAN  148.0
        1       0     2    AAN  150.0
        """
        where = "ForecastArrays.to_frame"
        series, steps = self.mean.shape
        names = [m.value for m in SmoothingMethod]
        codes = np.array([names.index(m.value) for m in self.methods], dtype=np.int64)
        each = {
            name: np.repeat(getattr(self, name), steps)
            for name in ("sse", "sigma2", "aicc", "alpha", "beta_star", "gamma", "phi")
        }
        return frame(
            {
                "series": np.repeat(np.arange(series), steps),
                "step": np.tile(np.arange(1, steps + 1), series),
                "method": categorical(np.repeat(codes, steps), names, where=where),
                "mean": self.mean.reshape(-1),
                "lower": self.lower.reshape(-1),
                "upper": self.upper.reshape(-1),
                **each,
            },
            where=where,
        )


# --- fitting -------------------------------------------------------------------------


class _Result(NamedTuple):
    spec: Spec
    fit: _ets.Fit
    estimated: int
    loglik: NDArray[np.float64]
    """The log-likelihood of each series, the error variance profiled out."""
    general: "_family.General | None" = None
    """The fitted model, for a model with a multiplicative part."""

    @property
    def k(self) -> int:
        """What the information criteria count: the estimates and sigma^2."""
        return self.estimated + 1

    def sigma2(self, observed: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return each series' error variance (:func:`_family.error_variance`)."""
        return _family.error_variance(self.fit.sse, observed, self.estimated)

    def aic(self) -> NDArray[np.float64]:
        found: NDArray[np.float64] = -2 * self.loglik + 2 * self.k
        return found

    def aicc(self, n: NDArray[np.float64]) -> NDArray[np.float64]:
        """AICc of each series, ``n`` its observations; NaN where ``n - k - 1 <= 0``."""
        room = n - self.k - 1
        with np.errstate(divide="ignore", invalid="ignore"):
            found: NDArray[np.float64] = np.where(
                room > 0, self.aic() + 2.0 * self.k * (self.k + 1) / room, np.nan
            )
        return found

    def bic(self, n: NDArray[np.float64]) -> NDArray[np.float64]:
        """BIC of each series, ``n`` its observations."""
        found: NDArray[np.float64] = -2 * self.loglik + self.k * np.log(n)
        return found


def _gaussian_loglik(sse: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    """Return the log-likelihood of Gaussian errors at sigma^2 = SSE/n."""
    with np.errstate(divide="ignore"):
        found: NDArray[np.float64] = -0.5 * n * (np.log(2.0 * np.pi * sse / n) + 1)
    return found


def _fit_spec(
    y: NDArray[np.float64],
    spec: Spec,
    smoothing: Smoothing | None,
    initial: InitialState | None,
    bounds: "Bounds | None" = None,
) -> _Result:
    estimated = _estimated(spec, smoothing, initial)
    gappy = np.isnan(y).any(axis=1)
    if not spec.method.linear or gappy.all() or bounds:
        # a model that multiplies, series with gaps, or bounds: the linear
        # kernel's exact initial state needs every observation, and it
        # searches its own region
        return _fit_general(y, spec, smoothing, initial, estimated, bounds=bounds)
    if gappy.any():
        # each series as it would be fitted alone: the complete ones by the
        # kernel, the ones with gaps by likelihood
        whole = _fit_spec(y[~gappy], spec, smoothing, initial)
        broken = _fit_general(y[gappy], spec, smoothing, initial, estimated)
        return _joined((whole, np.flatnonzero(~gappy)), (broken, np.flatnonzero(gappy)))
    fixed = None
    if smoothing is not None:
        fixed = (
            smoothing.alpha,
            smoothing.beta_star or 0.0,
            smoothing.gamma or 0.0,
            smoothing.phi if smoothing.phi is not None else float(spec.method.trend),
        )
    start = None
    if initial is not None:
        start = (initial.level, initial.trend or 0.0, initial.seasonal or (0.0,))
    result = _ets.fit(y, spec, smoothing=fixed, initial=start)
    found = _Result(spec, result, estimated, _gaussian_loglik(result.sse, y.shape[1]))
    return found if smoothing is not None else _admissible_rows(y, spec, found)


def _admissible_rows(y: NDArray[np.float64], spec: Spec, found: _Result) -> _Result:
    """Fit again the rows the linear kernel fitted outside the admissible region.

    The kernel searches R's usual bounds only; the fit by likelihood keeps
    to the admissible region (:func:`._ets_models.admissible`) too, as R's
    ``ets`` does.
    """
    fit = found.fit
    model = _family.model_of(spec.method, spec.period)
    given = Start(
        alpha=fit.alpha,
        beta=fit.alpha * fit.beta_star,
        gamma=fit.gamma,
        phi=fit.phi,
        level=fit.level,
        growth=fit.trend,
        seasons=fit.seasons,
    )
    outside = np.flatnonzero(~admissible(model, given))
    if outside.size == 0:
        return found
    inside = np.flatnonzero(admissible(model, given))
    again = _fit_general(y[outside], spec, None, None, found.estimated)
    kept = found._replace(
        fit=_ets.Fit(*(part[inside] for part in fit)), loglik=found.loglik[inside]
    )
    return _joined((kept, inside), (again, outside))


def _joined(*parts: tuple[_Result, NDArray[np.intp]]) -> _Result:
    """Return one result of a linear model from results for some of its rows.

    Each part is a result and the rows (of the whole batch) it is for. The
    linear model forecasts from the fitted record alone, so no filtered
    model is kept.
    """
    first = parts[0][0]
    rows = sum(len(where) for _, where in parts)
    fields = []
    for index, sample in enumerate(first.fit):
        joined = np.empty((rows, *sample.shape[1:]), dtype=sample.dtype)
        for result, where in parts:
            joined[where] = result.fit[index]
        fields.append(joined)
    loglik = np.empty(rows)
    for result, where in parts:
        loglik[where] = result.loglik
    return first._replace(fit=_ets.Fit(*fields), loglik=loglik, general=None)


def _fit_general(
    y: NDArray[np.float64],
    spec: Spec,
    smoothing: Smoothing | None,
    initial: InitialState | None,
    estimated: int,
    *,
    bounds: "Bounds | None" = None,
) -> _Result:
    rows = y.shape[0]
    fixed: dict[str, NDArray[np.float64]] = {}
    if smoothing is not None:
        fixed["alpha"] = np.full(rows, smoothing.alpha)
        if smoothing.beta_star is not None:
            fixed["beta"] = np.full(rows, smoothing.alpha * smoothing.beta_star)
        if smoothing.gamma is not None:
            fixed["gamma"] = np.full(rows, smoothing.gamma)
        if smoothing.phi is not None:
            fixed["phi"] = np.full(rows, smoothing.phi)
    if initial is not None:
        fixed["level"] = np.full(rows, initial.level)
        if initial.trend is not None:
            fixed["growth"] = np.full(rows, initial.trend)
        if initial.seasonal is not None:
            terms = np.asarray(initial.seasonal[::-1], dtype=np.float64)
            fixed["seasons"] = np.tile(terms, (rows, 1))
    return _by_likelihood(y, spec, fixed, estimated, bounds)


def _by_likelihood(
    y: NDArray[np.float64],
    spec: Spec,
    held: dict[str, NDArray[np.float64]],
    estimated: int,
    bounds: "Bounds | None",
) -> _Result:
    """Fit ``spec`` by likelihood with ``held`` values and within ``bounds``."""
    record, loglik, general = _family.fit_general(
        y,
        spec.method,
        spec.period,
        held,
        _relevant(bounds, spec.method),
        estimated=estimated,
    )
    return _Result(spec, record, estimated, loglik, general)


def _smoothing_of(method: SmoothingMethod) -> dict[str, bool]:
    """Say which smoothing parameters ``method`` has."""
    return {
        "alpha": True,
        "beta_star": method.trend,
        "gamma": method.seasonal,
        "phi": method.damped,
    }


def _relevant(bounds: "Bounds | None", method: SmoothingMethod) -> "Bounds | None":
    """Return the bounds on the parameters ``method`` has."""
    if not bounds:
        return None
    has = _smoothing_of(method)
    return {name: pair for name, pair in bounds.items() if has[name]} or None


def _held(fixed: "dict[str, float | tuple[float, ...]]", spec: Spec) -> int:
    """Return how many of the model's estimates ``fixed`` holds."""
    seasons = fixed.get("seasonal")
    return sum(1 for name in fixed if name != "seasonal") + (
        spec.period - 1 if seasons is not None else 0
    )


def _fit_held(
    y: NDArray[np.float64],
    spec: Spec,
    fixed: "dict[str, float | tuple[float, ...]] | None",
    estimated: int,
    bounds: "Bounds | None" = None,
) -> _Result:
    """Fit with some parameters and initial states held, by likelihood."""
    given = fixed or {}
    rows = y.shape[0]
    names = {"alpha": "alpha", "beta_star": "beta_star", "gamma": "gamma"}
    names |= {"phi": "phi", "level": "level", "trend": "growth"}
    held: dict[str, NDArray[np.float64]] = {
        names[key]: np.full(rows, value)
        for key, value in given.items()
        if key != "seasonal" and isinstance(value, float)
    }
    seasonal = given.get("seasonal")
    if isinstance(seasonal, tuple):
        terms = np.asarray(seasonal[::-1], dtype=np.float64)
        held["seasons"] = np.tile(terms, (rows, 1))
    return _by_likelihood(y, spec, held, estimated, bounds)


_HOLDABLE = ("alpha", "beta_star", "gamma", "phi", "level", "trend", "seasonal")


def _check_held(
    fixed: object,
    method: SmoothingMethod,
    period: int | None,
    where: str,
) -> "dict[str, float | tuple[float, ...]] | None":
    """Check what ``fixed`` holds; return it as floats (``None`` for nothing)."""
    if fixed is None:
        return None
    if not isinstance(fixed, dict):
        message = f"expected a dict of names and values, got {type(fixed).__name__}"
        raise ValidationError(message, path="fixed", root=where)
    if method is SmoothingMethod.AUTO:
        message = "holding values needs a method, not 'auto'"
        raise ValidationError(message, path="fixed", root=where)
    present = {
        **_smoothing_of(method),
        "level": True,
        "trend": method.trend,
        "seasonal": method.seasonal,
    }
    found: dict[str, float | tuple[float, ...]] = {}
    for key, value in fixed.items():
        if key not in _HOLDABLE:
            message = f"expected one of {', '.join(_HOLDABLE)}, got {key!r}"
            raise ValidationError(message, path=("fixed", str(key)), root=where)
        if not present[key]:
            message = f"{method.value} has no {key}"
            raise ValidationError(message, path=("fixed", key), root=where)
        if key == "seasonal":
            found[key] = _held_terms(value, period, where)
            continue
        low, high = _HELD_RANGE.get(key, (-math.inf, math.inf))
        found[key] = real_number(
            value,
            where=where,
            path=("fixed", key),
            low=low,
            high=high,
            low_open=key == "phi",
        )
    alpha, gamma = found.get("alpha"), found.get("gamma")
    if isinstance(alpha, float) and isinstance(gamma, float) and gamma > 1 - alpha:
        message = f"must be at most 1 - alpha = {1 - alpha:g}, got {gamma:g}"
        raise ValidationError(message, path=("fixed", "gamma"), root=where)
    return found or None


_HELD_RANGE = {
    "alpha": (0.0, 1.0),
    "beta_star": (0.0, 1.0),
    "gamma": (0.0, 1.0),
    "phi": (0.0, 1.0),
}


def _held_terms(value: object, period: int | None, where: str) -> tuple[float, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        message = f"expected {period} numbers, got {type(value).__name__}"
        raise ValidationError(message, path=("fixed", "seasonal"), root=where)
    terms = tuple(
        real_number(term, where=where, path=("fixed", "seasonal", i), low=-math.inf)
        for i, term in enumerate(value)
    )
    if len(terms) != period:
        message = f"needs {period} seasonal terms, got {len(terms)}"
        raise ValidationError(message, path=("fixed", "seasonal"), root=where)
    return terms


Bounds = dict[str, tuple[float, float]]
"""Bounds on smoothing parameters: name to ``(low, high)``."""
_BOUNDED = ("alpha", "beta_star", "gamma", "phi")


def _check_bounds(
    bounds: "dict[str, Sequence[float]] | None",
    method: SmoothingMethod,
    held: "dict[str, float | tuple[float, ...]] | None",
    where: str,
) -> Bounds | None:
    """Check ``bounds``: names the model has, each ``0 <= low < high <= 1``.

    Their types (a dict of sequences) are the public functions' to check.
    """
    if bounds is None:
        return None
    has = _smoothing_of(method)
    found: Bounds = {}
    for key, pair in bounds.items():
        if key not in _BOUNDED:
            message = f"expected one of {', '.join(_BOUNDED)}, got {key!r}"
            raise ValidationError(message, path=("bounds", str(key)), root=where)
        if method is not SmoothingMethod.AUTO and not has[key]:
            message = f"{method.value} has no {key}"
            raise ValidationError(message, path=("bounds", key), root=where)
        if held is not None and key in held:
            message = f"{key} is held by fixed: it cannot be bounded too"
            raise ValidationError(message, path=("bounds", key), root=where)
        found[key] = _pair(pair, key, where)
    _check_gamma_room(found, held, where)
    return found or None


def _pair(pair: Sequence[float], key: str, where: str) -> tuple[float, float]:
    """Check one ``(low, high)``: two numbers, ``0 <= low < high <= 1``."""
    if len(pair) != 2:  # noqa: PLR2004 - a pair
        message = f"expected (low, high), got {pair!r}"
        raise ValidationError(message, path=("bounds", key), root=where)
    low, high = (
        real_number(
            value,
            where=where,
            path=("bounds", key, i),
            low=0.0,
            high=1.0,
            low_open=key == "phi",
        )
        for i, value in enumerate(pair)
    )
    if not low < high:
        message = f"expected low < high, got ({low:g}, {high:g})"
        raise ValidationError(message, path=("bounds", key), root=where)
    return low, high


def _check_gamma_room(
    found: Bounds, held: "dict[str, float | tuple[float, ...]] | None", where: str
) -> None:
    """Refuse a gamma bound that leaves no room below ``1 - alpha``."""
    if "gamma" not in found:
        return
    alpha = (held or {}).get("alpha")
    largest = (
        alpha
        if isinstance(alpha, float)
        else found.get("alpha", _FIT_BOUNDS["alpha"])[1]
    )
    low = found["gamma"][0]
    if not low < 1 - largest:
        message = (
            f"gamma stays below 1 - alpha, and alpha may be {largest:g}: a lower "
            f"bound of {low:g} needs alpha held or bounded below {1 - low:g}"
        )
        raise ValidationError(message, path=("bounds", "gamma"), root=where)


def _estimated(
    spec: Spec, smoothing: Smoothing | None, initial: InitialState | None
) -> int:
    return (0 if smoothing is not None else spec.parameters) + (
        0 if initial is not None else spec.states
    )


class _Request(NamedTuple):
    method: SmoothingMethod
    period: int | None
    smoothing: Smoothing | None = None
    initial: InitialState | None = None
    fixed: "dict[str, float | tuple[float, ...]] | None" = None
    """Some parameters and initial states held (the rest estimated)."""
    bounds: "Bounds | None" = None
    """Where the estimated smoothing parameters are searched, if narrowed."""

    def spec(self, method: SmoothingMethod) -> Spec:
        return Spec(method, self.period if method.seasonal and self.period else 1)


class _Choice(NamedTuple):
    results: list[_Result]
    pick: NDArray[np.intp]
    """Per series, the index of its result."""
    candidates: list[Candidate]
    notes: list[str]


def _observed_rows(errors: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return each row's observations (its errors are NaN where missing)."""
    found: NDArray[np.float64] = (~np.isnan(errors)).sum(axis=1).astype(np.float64)
    return found


def _observed(y: NDArray[np.float64]) -> int:
    """Return the observations a fit rests on (the fewest of any row)."""
    return int((~np.isnan(y)).sum(axis=1).min())


def _choose(y: NDArray[np.float64], request: _Request, where: str) -> _Choice:
    """Fit the requested model (or the candidates) and pick one per series."""
    if request.method is SmoothingMethod.AUTO:
        return _choose_auto(y, request, where)
    n = _observed(y)
    notes: list[str] = []
    method: SmoothingMethod | None = request.method
    while method is not None:
        spec = request.spec(method)
        estimated = _estimated(spec, request.smoothing, request.initial)
        if request.fixed:
            estimated = spec.parameters + spec.states - _held(request.fixed, spec)
        needed = _ets.minimum_length(spec, estimated=estimated)
        if n >= needed:
            result = (
                _fit_held(y, spec, request.fixed, estimated, request.bounds)
                if request.fixed
                else _fit_spec(
                    y, spec, request.smoothing, request.initial, request.bounds
                )
            )
            return _Choice([result], np.zeros(y.shape[0], dtype=np.intp), [], notes)
        reason = f"{method.value} needs at least {needed} observations, got {n}"
        if request.smoothing is not None or method.simpler is None:
            message = f"{where}: {reason}"
            raise InsufficientDataError(message)
        notes.append(f"{reason}: fell back to {method.simpler.value}")
        method = method.simpler
    message = f"{where}: no model to fall back to"  # pragma: no cover - ANN ends it
    raise InsufficientDataError(message)  # pragma: no cover


def _choose_auto(y: NDArray[np.float64], request: _Request, where: str) -> _Choice:
    n = _observed(y)
    candidates: list[Candidate] = []
    results: list[_Result] = []
    pool = _auto_pool(y, request.period)
    for method in pool:
        spec = request.spec(method)
        needed = _ets.minimum_length(spec, estimated=spec.parameters + spec.states)
        if n < needed:
            note = f"needs at least {needed} observations, got {n}"
            candidates.append(Candidate(method=method, aicc=None, note=note))
            continue
        result = _fit_spec(y, spec, None, None, request.bounds)
        if not method.linear:  # a model that multiplies, for positive series only
            eligible = (np.isnan(y) | (y > 0)).all(axis=1)
            result = result._replace(loglik=np.where(eligible, result.loglik, np.nan))
        results.append(result)
    if not results:
        message = f"{where}: too short for any model ({n} observations; ANN needs 4)"
        raise InsufficientDataError(message)
    each = _observed_rows(y)
    table = np.stack([r.aicc(each) for r in results])
    pick = np.argmin(np.where(np.isnan(table), np.inf, table), axis=0)
    if y.shape[0] == 1:
        ranked = sorted(
            results, key=lambda r: np.nan_to_num(r.aicc(each)[0], nan=np.inf)
        )
        candidates[:0] = [
            Candidate(
                method=r.spec.method,
                aicc=_finite_or_none(r.aicc(each)[0]),
                note="" if math.isfinite(r.aicc(each)[0]) else "a perfect fit",
            )
            for r in ranked
        ]
    return _Choice(results, pick, candidates, [])


_AUTO_LINEAR = ("ANN", "AAN", "AAdN")
_AUTO_SEASONAL = ("ANA", "AAA", "AAdA")
_AUTO_MULTIPLICATIVE = ("MNN", "MAN", "MAdN")
_AUTO_MULTIPLICATIVE_SEASONAL = ("MNA", "MAA", "MAdA", "MNM", "MAM", "MAdM")


def _auto_pool(y: NDArray[np.float64], period: int | None) -> list[SmoothingMethod]:
    """Return the models automatic selection weighs, as R's ``ets`` does.

    Error A or M, trend N, A or Ad, season N, A or M; the season only with
    ``seasonal_periods``; a multiplicative part only on positive series (in
    a batch, fitted when any series is positive and weighed only for
    those);
    never an additive error with a multiplicative season, nor a
    multiplicative trend (R's ``restrict`` and ``allow.multiplicative.trend``
    defaults: they are unstable or rarely better).
    """
    names = list(_AUTO_LINEAR)
    positive = bool((np.isnan(y) | (y > 0)).all(axis=1).any())
    if positive:
        names += _AUTO_MULTIPLICATIVE
    if period is not None:
        names += _AUTO_SEASONAL
        if positive:
            names += _AUTO_MULTIPLICATIVE_SEASONAL
    return [SmoothingMethod(name) for name in names]


def _finite_or_none(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


MAX_MAGNITUDE = 1e15
"""The largest size of a value a forecast takes (a quadrillion a period):
beyond it the fit's squares and differences lose the precision they need, or
overflow. Scale larger series (to thousands, say) before forecasting."""


def _rows(
    values: NDArray[np.float64], where: str, path: str, *, gaps: bool = False
) -> NDArray[np.float64]:
    bad = ~np.isfinite(values) & ~(gaps & np.isnan(values))
    if bad.any():
        position = tuple(int(i) for i in np.argwhere(bad)[0])
        message = f"must be a finite number, got {values[position]}"
        raise ValidationError(message, path=(path, *position), root=where)
    with np.errstate(invalid="ignore"):
        huge = np.abs(values) > MAX_MAGNITUDE
    if huge.any():
        position = tuple(int(i) for i in np.argwhere(huge)[0])
        message = (
            f"must be at most {MAX_MAGNITUDE:g} in size, got {values[position]:g}; "
            "scale the series (to thousands, say) before forecasting"
        )
        raise ValidationError(message, path=(path, *position), root=where)
    return values


def table_values(
    values: object, where: str, *, gaps: bool = False
) -> NDArray[np.float64]:
    """Return a table of series ``(series, observations)`` as float64, checked.

    With ``gaps``, NaN marks a missing value; a series with no value at all
    is refused.
    """
    array = np.asarray(values)
    if array.ndim != 2 or not np.issubdtype(array.dtype, np.number):  # noqa: PLR2004 - a table
        message = (
            "expected a 2-D array of numbers (series, observations), "
            f"got shape {array.shape}"
        )
        raise ValidationError(message, path="values", root=where)
    found = _rows(array.astype(np.float64), where, "values", gaps=gaps)
    empty = np.flatnonzero(np.isnan(found).all(axis=1) & (found.shape[1] > 0))
    if empty.size:
        message = "has no values (every one is missing)"
        raise ValidationError(message, path=("values", int(empty[0])), root=where)
    return found


def series_values(
    series: object, where: str, *, gaps: bool = False
) -> NDArray[np.float64]:
    """Return one series as the float64 row :func:`forecast` fits, checked.

    With ``gaps``, a missing value (``None`` or NaN) is NaN; without, it is
    refused.
    """
    if isinstance(series, np.ndarray):
        if series.ndim != 1 or not np.issubdtype(series.dtype, np.number):
            message = (
                f"expected a 1-D array of numbers, got shape {series.shape} "
                f"of {series.dtype}"
            )
            raise ValidationError(message, path="series", root=where)
        return _rows(series.astype(np.float64), where, "series", gaps=gaps)
    if isinstance(series, str | bytes) or not isinstance(series, Sequence):
        message = f"expected a sequence of numbers, got {type(series).__name__}"
        raise ValidationError(message, path="series", root=where)
    values = [
        math.nan
        if gaps and (value is None or (isinstance(value, float) and math.isnan(value)))
        else real_number(value, where=where, path=("series", index), low=-math.inf)
        for index, value in enumerate(series)
    ]
    return _rows(np.array(values, dtype=np.float64), where, "series", gaps=gaps)


def _trimmed(
    y: NDArray[np.float64], where: str
) -> tuple[NDArray[np.float64], int, list[str]]:
    """Return the series without its missing ends, the count left out first.

    And notes saying what was left out.
    """
    present = np.flatnonzero(~np.isnan(y))
    if present.size == 0:
        message = f"{where}: every value of the series is missing"
        raise InsufficientDataError(message)
    first, last = int(present[0]), int(present[-1])
    notes = []
    if first:
        notes.append(f"left out {first} missing value{'s' * (first > 1)} at the start")
    after = y.size - 1 - last
    if after:
        notes.append(
            f"left out {after} missing value{'s' * (after > 1)} at the end: the "
            "forecast runs from the last value observed"
        )
    return y[first : last + 1], first, notes


def _method(method: object, where: str) -> SmoothingMethod:
    if isinstance(method, SmoothingMethod):
        return method
    try:
        return SmoothingMethod(method)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in SmoothingMethod)
        message = f"expected one of {allowed}, got {method!r}"
        raise ValidationError(message, path="method", root=where) from None


MAX_HORIZON = 120
"""The most steps a forecast runs ahead (ten years of monthly periods); it
bounds the work a call can ask for."""
_MAX_PATHS = 1_000_000
"""The most paths :meth:`Forecast.simulate` draws in one call."""


def _options(
    method: object,
    seasonal_periods: object,
    horizon: object,
    where: str,
) -> tuple[SmoothingMethod, int | None, int]:
    chosen = _method(method, where)
    steps = whole_number(horizon, where=where, path="horizon", minimum=1)
    if steps > MAX_HORIZON:
        message = (
            f"expected at most {MAX_HORIZON} steps (ten years of months), got "
            f"{steps}; a forecast further out says nothing"
        )
        raise ValidationError(message, path="horizon", root=where)
    period = None
    if seasonal_periods is not None:
        period = whole_number(
            seasonal_periods, where=where, path="seasonal_periods", minimum=2
        )
    elif chosen.seasonal:
        message = (
            f"{chosen.value} is seasonal: give seasonal_periods (12 for monthly data)"
        )
        raise ValidationError(message, path="seasonal_periods", root=where)
    return chosen, period, steps


def _check_fixed(
    method: SmoothingMethod,
    period: int | None,
    smoothing: Smoothing | None,
    initial: InitialState | None,
    where: str,
) -> None:
    if smoothing is None:
        if initial is not None:
            message = "an initial state needs the smoothing parameters too"
            raise ValidationError(message, path="initial", root=where)
        return
    if method is SmoothingMethod.AUTO:
        message = "fixed smoothing parameters need a method, not 'auto'"
        raise ValidationError(message, path="smoothing", root=where)
    wanted = {
        "beta_star": method.trend,
        "gamma": method.seasonal,
        "phi": method.damped,
    }
    for name, needed in wanted.items():
        given = getattr(smoothing, name) is not None
        if given != needed:
            verb = "needs" if needed else "has no"
            message = f"{method.value} {verb} {name}"
            raise ValidationError(message, path=("smoothing", name), root=where)
    if initial is None:
        return
    if (initial.trend is not None) != method.trend:
        verb = "needs" if method.trend else "has no"
        message = f"{method.value} {verb} an initial trend"
        raise ValidationError(message, path=("initial", "trend"), root=where)
    terms = initial.seasonal
    if method.seasonal and (terms is None or len(terms) != period):
        message = (
            f"needs {period} seasonal terms, got {0 if terms is None else len(terms)}"
        )
        raise ValidationError(message, path=("initial", "seasonal"), root=where)
    if not method.seasonal and terms is not None:
        message = f"{method.value} has no seasonal terms"
        raise ValidationError(message, path=("initial", "seasonal"), root=where)


class _Paths(NamedTuple):
    mean: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    variance: NDArray[np.float64]
    weights: NDArray[np.float64]
    """NaN for a model with a multiplicative part (it has none)."""
    total_spread: NDArray[np.float64]


def _check_positive(
    method: SmoothingMethod, y: NDArray[np.float64], where: str, path: str
) -> None:
    """Refuse a series that is not positive for a model that multiplies."""
    if method.linear or method is SmoothingMethod.AUTO:
        return
    bad = y <= 0
    if bad.any():
        position = tuple(int(i) for i in np.argwhere(bad)[0])
        message = (
            f"{method.value} multiplies by the level: it needs positive values, "
            f"got {y[position]:g}"
        )
        raise ValidationError(message, path=(path, *position), root=where)


def _paths(
    results: list[_Result],
    pick: NDArray[np.intp],
    horizon: int,
    n: int,
    coverage: float,
) -> _Paths:
    count = len(pick)
    found = _Paths(*(np.full((count, horizon), np.nan) for _ in range(6)))
    observed = _observed_rows(results[0].fit.errors)
    z = _quantile(coverage, "forecast")
    for index, result in enumerate(results):
        rows = pick == index
        if not rows.any():
            continue
        fitted = result.general
        if result.spec.method.linear or fitted is None:
            m, w = _ets.forecast_paths(result.fit, result.spec, horizon, n)
            sigma2 = result.sigma2(observed)
            variance = sigma2[:, None] * np.cumsum(w**2, axis=1)
            spread = z * np.sqrt(variance)
            found.mean[rows], found.weights[rows] = m[rows], w[rows]
            found.lower[rows] = (m - spread)[rows]
            found.upper[rows] = (m + spread)[rows]
            found.variance[rows] = variance[rows]
            partial = np.cumsum(w, axis=1)
            totals = sigma2[:, None] * np.cumsum(np.square(partial), axis=1)
            found.total_spread[rows] = np.sqrt(totals)[rows]
            continue
        general = _family.General(
            fitted.model,
            Start(*(part[rows] for part in fitted.start)),
            Filtered(*(part[rows] for part in fitted.filtered)),
            fitted.estimated,
        )
        band = (
            _family.exact_band(general, horizon, coverage)
            if _family.exact(general.model, horizon)
            else _family.paths_of(general, horizon, coverage)
        )
        found.mean[rows], found.lower[rows], found.upper[rows] = band[:3]
        found.variance[rows] = band.variance
        found.total_spread[rows] = band.total_spread
    return found


def _pick(
    results: list[_Result], pick: NDArray[np.intp], field: str
) -> NDArray[np.float64]:
    out = np.empty(len(pick))
    for index, result in enumerate(results):
        rows = pick == index
        values = getattr(result.fit, field)
        out[rows] = values[rows]
    return out


@checked
def forecast_many(
    values: ArrayLike,
    horizon: int,
    *,
    method: SmoothingMethod | str = SmoothingMethod.AUTO,
    seasonal_periods: int | None = None,
    coverage: float = _DEFAULT_COVERAGE,
    series_axis: int | None = None,
    start: Period | None = None,
    bounds: "dict[str, Sequence[float]] | None" = None,
) -> ForecastArrays:
    r"""Fit exponential smoothing to every row of ``values`` and forecast them.

    The batch path for portfolios: accounts x months in, arrays out, the same
    model fitting as :func:`forecast` (which calls it with one row).

    Parameters
    ----------
    values
        Observations, shape ``(series, observations)``, oldest first;
        or a pandas ``DataFrame``, whose dates tell which axis holds the
        series (months down the index: each column is a series), or
        ``series_axis`` when it has no dates. NaN marks a missing value:
        it updates nothing, and a series with one is fitted by likelihood
        (the others as they would be alone). The table's columns stay
        aligned, so gaps at a series' ends are carried through as the
        inner ones (:func:`forecast` leaves them out, with a note); a
        series with no value at all is refused.
    horizon
        Steps to forecast, at least 1.
    method
        The model, or ``SmoothingMethod.AUTO`` to pick per series by AICc.
    seasonal_periods
        Observations per season (12 for monthly data); needed by seasonal
        models, and lets ``AUTO`` consider them.
    coverage
        Coverage of the prediction intervals, in (0, 1).
    series_axis
        For a ``DataFrame`` without dates: 0 if each row is a series, 1 if
        each column is. A table whose orientation neither its dates nor this
        say is refused, never guessed.
    start
        The month or quarter of the first value (a
        :class:`~accountkit.periods.Period`), for an array; a ``DataFrame``
        with dates brings its own. Dated data give ``seasonal_periods`` when
        it is not given (12 for months, 4 for quarters).
    bounds
        Where to search the estimated smoothing parameters, as for
        :func:`forecast`: the same bounds for every series.

    Returns
    -------
    ForecastArrays
        One row per series.

    Raises
    ------
    ValidationError
        If ``values`` is not a 2-D array of finite numbers, or an option is bad.
    InsufficientDataError
        If the series are too short for any model.

    See Also
    --------
    forecast : one series, with the fitted model as a record.

    Examples
    --------
    >>> import numpy as np
    >>> months = np.arange(24)
    >>> values = np.stack([100 + 2.0 * months, 80 - 1.5 * months])
    >>> result = forecast_many(values, 3, method="AAN")
    >>> np.round(result.mean, 6)
    array([[148. , 150. , 152. ],
           [ 44. ,  42.5,  41. ]])
    """
    where = "forecast_many"
    table = _dated.pandas_table(values, series_axis, where)
    calendar = None if start is None else _dated.calendar_of(start, where)
    data: object = values
    if table is not None:
        data, dated, names = table
        calendar = _given_once(dated, calendar, where)
    elif series_axis is not None:
        message = (
            "series_axis is for a pandas DataFrame; an array holds one series a row"
        )
        raise ValidationError(message, path="series_axis", root=where)
    else:
        names = ()
    seasonal_periods = _season(method, seasonal_periods, calendar)
    chosen, period, steps = _options(method, seasonal_periods, horizon, where)
    _quantile(coverage, where)  # checked before any fitting
    box = _check_bounds(bounds, chosen, None, where)
    y = table_values(data, where, gaps=True)
    if y.shape[0] == 0:
        message = "expected at least one series"
        raise ValidationError(message, path="values", root=where)
    _check_positive(chosen, y, where, "values")
    choice = _choose(y, _Request(chosen, period, bounds=box), where)
    arrays = _arrays(y, choice, steps, float(coverage))
    return arrays._replace(
        periods=_future(calendar, y.shape[1], steps),
        names=tuple(str(name) for name in names),
    )


def _given_once(
    dated: "_dated.Calendar | None", calendar: "_dated.Calendar | None", where: str
) -> "_dated.Calendar | None":
    """Return the dates of the data or of ``start``; refuse both."""
    if dated is not None and calendar is not None:
        message = "the data's dates give the first period: leave start out"
        raise ValidationError(message, path="start", root=where)
    return dated or calendar


def _season(
    method: object, seasonal_periods: int | None, calendar: "_dated.Calendar | None"
) -> int | None:
    """Return the season length asked for, or the dates' (12 months, 4 quarters)."""
    if seasonal_periods is not None or calendar is None:
        return seasonal_periods
    chosen = method if isinstance(method, SmoothingMethod) else None
    if chosen is None:
        try:
            chosen = SmoothingMethod(method)
        except ValueError:
            return None  # _options says what is wrong with the method
    return (
        calendar.season if chosen.seasonal or chosen is SmoothingMethod.AUTO else None
    )


def _future(
    calendar: "_dated.Calendar | None", observed: int, steps: int
) -> tuple[Period, ...]:
    """Return the periods of the ``steps`` forecasts after ``observed`` values."""
    if calendar is None:
        return ()
    return tuple(calendar.period(observed + step) for step in range(steps))


def _arrays(
    y: NDArray[np.float64], choice: _Choice, steps: int, coverage: float
) -> ForecastArrays:
    results, pick, notes = choice.results, choice.pick, choice.notes
    n = y.shape[1]
    paths = _paths(results, pick, steps, n, coverage)
    sse = _pick(results, pick, "sse")
    observed = (~np.isnan(y)).sum(axis=1)
    criteria = {
        name: np.empty(len(pick)) for name in ("loglik", "aic", "aicc", "bic", "sigma2")
    }
    parameters = {
        name: np.full(len(pick), np.nan)
        for name in ("alpha", "beta_star", "gamma", "phi")
    }
    for index, result in enumerate(results):
        rows = pick == index
        criteria["loglik"][rows] = result.loglik[rows]
        criteria["aic"][rows] = result.aic()[rows]
        criteria["aicc"][rows] = result.aicc(_observed_rows(y))[rows]
        criteria["bic"][rows] = result.bic(_observed_rows(y))[rows]
        criteria["sigma2"][rows] = result.sigma2(observed.astype(np.float64))[rows]
        for name, shown in _smoothing_of(result.spec.method).items():
            if shown:
                parameters[name][rows] = getattr(result.fit, name)[rows]
    return ForecastArrays(
        methods=tuple(results[i].spec.method for i in pick),
        mean=paths.mean,
        lower=paths.lower,
        upper=paths.upper,
        sse=sse,
        sigma2=criteria["sigma2"],
        aicc=criteria["aicc"],
        weights=paths.weights,
        notes=tuple(notes),
        log_likelihood=criteria["loglik"],
        aic=criteria["aic"],
        bic=criteria["bic"],
        variance=paths.variance,
        total_spread=paths.total_spread,
        alpha=parameters["alpha"],
        beta_star=parameters["beta_star"],
        gamma=parameters["gamma"],
        phi=parameters["phi"],
    )


@checked
def forecast(
    series: Sequence[float | int | Decimal] | NDArray[np.float64],
    horizon: int,
    *,
    method: SmoothingMethod | str = SmoothingMethod.AUTO,
    seasonal_periods: int | None = None,
    smoothing: Smoothing | None = None,
    initial: InitialState | None = None,
    coverage: float = _DEFAULT_COVERAGE,
    start: Period | None = None,
    fixed: "dict[str, float | Sequence[float]] | None" = None,
    bounds: "dict[str, Sequence[float]] | None" = None,
) -> Forecast:
    r"""Fit an exponential smoothing model to ``series`` and forecast it.

    Parameters
    ----------
    series
        Observations, oldest first: numbers (``Decimal`` amounts welcome), or
        a pandas ``Series``. A missing value (``None`` or NaN) inside the
        series updates nothing; missing values at its ends are left out, with
        a note.
    horizon
        Steps to forecast, at least 1.
    method
        A member of the ETS family (:class:`SmoothingMethod`: ``ANN`` simple
        smoothing, ``AAN`` Holt's trend, ``MAM`` Holt-Winters multiplicative,
        ``MAdM`` and the rest), or ``auto``: every candidate of R's default
        pool the series is long enough for, the smallest AICc winning.
    seasonal_periods
        Observations per season; needed by seasonal models.
    smoothing
        Fixed smoothing parameters; fitted when ``None``.
    initial
        Fixed initial state (needs ``smoothing``); fitted when ``None``.
    coverage
        Coverage of the prediction intervals, in (0, 1).
    start
        The month or quarter of the first value (a
        :class:`~accountkit.periods.Period`), so that the forecasts say which
        periods they are for. A pandas ``Series`` with monthly or quarterly
        dates (a ``PeriodIndex``, or a ``DatetimeIndex`` of month or quarter
        starts or ends) brings its own.
        Dated data give ``seasonal_periods`` when it is not given (12 for
        months, 4 for quarters).
    fixed
        Some values to hold while the rest are estimated, by name:
        ``alpha``, ``beta_star``, ``gamma``, ``phi``, ``level``, ``trend``
        and ``seasonal`` (all the model's terms, oldest first), for a named
        method. ``{"phi": 0.9}`` fits a damped trend with its damping held.
        Such a fit is by maximum likelihood, whatever the model.
    bounds
        Where to search the estimated smoothing parameters, by name:
        ``alpha``, ``beta_star``, ``gamma`` and ``phi``, each ``(low,
        high)`` with ``0 <= low < high <= 1`` (``phi`` above 0), as
        statsmodels' ``bounds``. Without them the search runs over R's usual
        region (:math:`0 < \alpha, \beta^* < 1`, :math:`\gamma < 1 -
        \alpha`, :math:`0.8 \le \phi \le 0.995`); ``gamma`` stays below
        :math:`1 - \alpha` within its bounds. For ``auto`` each candidate
        takes the bounds it has. A bounded fit is by maximum likelihood,
        whatever the model.

    Returns
    -------
    Forecast
        The model, its forecasts, intervals and diagnostics.

    Raises
    ------
    ValidationError
        If the series holds a NaN or a non-number, the horizon is below 1, or
        the options do not fit the method.
    InsufficientDataError
        If the series is too short for any model (or for a model with fixed
        parameters).

    Notes
    -----
    The models are the ETS state space models [#]_ (§8.5, Tables 8.7 and
    8.8; Hyndman, Koehler, Snyder and Grose 2002): an additive (A) or
    multiplicative (M) error, a trend that is none (N), additive (A, ``Ad``
    damped) or multiplicative (M), and a season that is none, additive or
    multiplicative. The linear models (every part additive) are below; for
    the others see :mod:`accountkit.finance` and the how-to. With level
    :math:`\ell`, trend :math:`b` and seasonal terms :math:`s`:

    .. math::

        \hat y_t = \ell_{t-1} + \phi b_{t-1} + s_{t-m}, \qquad
        e_t = y_t - \hat y_t, \\
        \ell_t = \ell_{t-1} + \phi b_{t-1} + \alpha e_t, \quad
        b_t = \phi b_{t-1} + \alpha\beta^* e_t, \quad
        s_t = s_{t-m} + \gamma e_t,

    and the :math:`h`-step forecast is
    :math:`\ell_n + (\phi + \dots + \phi^h) b_n + s_{n+h-m(k+1)}`.

    **Fitting** minimises the one-step sum of squared errors. The errors are
    linear in the initial state, so for given smoothing parameters the best
    initial state is an exact least-squares solution (seasonal terms summing
    to zero), and the search runs over the smoothing parameters only: a grid
    shared by all series, then a damped Newton method with finite-difference
    derivatives, bounded to :math:`0 \le \alpha, \beta^* \le 1`,
    :math:`0 \le \gamma \le 1 - \alpha` and
    :math:`0.8 \le \phi \le 0.995` (statsmodels' damping range; fable's
    upper bound is 0.98). That region lies inside the models' stability
    region.

    **Intervals** are :math:`\hat y_{n+h} \pm z\,\sigma_h` with
    :math:`\sigma_h^2 = \sigma^2 \big(1 + \sum_{j=1}^{h-1} c_j^2\big)`,
    :math:`c_j = \alpha + \alpha\beta^*\phi_j + \gamma d_{j,m}`,
    :math:`\phi_j = \phi + \dots + \phi^j` and :math:`d_{j,m} = 1` when
    :math:`m` divides :math:`j` [#]_ (§8.7, Table 8.8; Hyndman et al. 2008,
    Table 6.1), with :math:`\sigma^2 = SSE/(n - k)`, :math:`k` the
    smoothing parameters and initial states estimated, as R's ``ets`` has
    it (statsmodels divides by :math:`n`; the two agree when nothing is
    estimated). On 1,000 monthly series of 48, about 17 estimates each for
    a seasonal model, dividing by :math:`n` alone left 95 % intervals
    holding 82 % of the next year's values rather than 88 %
    (``benchmarks/bench_forecasting_auto.py``).

    **A model with a multiplicative part** is fitted by maximum likelihood,
    minimising R's :math:`n\log\sum e_t^2 + 2\sum\log|\hat y_t|` (relative
    errors :math:`e_t = (y_t - \hat y_t)/\hat y_t` with a multiplicative
    error) over the smoothing parameters and the initial state together, in
    R's usual region (:math:`\beta < \alpha`, :math:`\gamma < 1 - \alpha`)
    by a quasi-Newton method (BFGS) from the two best of four starts, with
    the exact gradient (the filter run back, by the adjoint method).

    **Admissible fits only**, as R's ``ets``: for a seasonal model the usual
    region holds parameters whose forecasts never forget the starting
    state (an eigenvalue of the discount matrix :math:`F - g w^\top`
    outside the unit circle; Hyndman et al. 2008, ch. 10). A fit that ends
    there, by either kernel, is searched again by likelihood with every
    step kept admissible.

    **Forecasts of a model with a multiplicative part** are the model run
    on with no error. Its intervals are
    normal, :math:`\hat y_{n+h} \pm z\sqrt{v_h}`, where the variance
    :math:`v_h` has a closed form (Hyndman et al. 2008, §6.3): a
    multiplicative error on additive parts (class 2), and a multiplicative
    season without a multiplicative trend up to one season ahead (class 3);
    otherwise they are the quantiles of 5,000 simulated paths (seeded, so
    a forecast is reproducible). Both are as R's ``forecast.ets`` gives
    them. It needs positive values.

    **Selection** (``auto``) weighs R's default pool: ANN, AAN, AAdN, and
    with ``seasonal_periods`` ANA, AAA, AAdA; on a positive series also
    MNN, MAN, MAdN and MNA, MAA, MAdA, MNM, MAM, MAdM (never an additive
    error with a multiplicative season, nor a multiplicative trend: ask for
    those by name). It uses :math:`AICc = -2\log L + 2k + 2k(k+1)/(n-k-1)`,
    :math:`k` counting smoothing parameters, free initial states and
    :math:`\sigma^2`; for a linear model
    :math:`-2\log L = n\log(2\pi\,SSE/n) + n`. A model needs
    :math:`n \ge k + 1` observations, and a seasonal one two full seasons; a
    requested model the series is too short for falls back (the season
    first, then the damping, then the trend: MAdM → MAdN → MAN → MNN) with a
    note saying why.

    References
    ----------
    .. [#] R. J. Hyndman and G. Athanasopoulos, *Forecasting: Principles and
       Practice*, 3rd ed., OTexts, 2021, ch. 8.
    .. [#] R. J. Hyndman, A. B. Koehler, J. K. Ord and R. D. Snyder,
       *Forecasting with Exponential Smoothing: The State Space Approach*,
       Springer, 2008.

    Examples
    --------
    Holt's method with fixed parameters (checked against statsmodels 0.15):

    >>> sales = [100, 104, 108, 115, 118, 124, 130, 133]
    >>> result = forecast(
    ...     sales, 3, method="AAN",
    ...     smoothing=Smoothing(alpha=0.5, beta_star=0.4),
    ...     initial=InitialState(level=96, trend=4))
    >>> [round(x, 5) for x in result.mean]
    [138.61161, 143.57087, 148.53013]
    >>> [round(x, 6) for x in result.lower]
    [135.844857, 140.193617, 144.334141]
    >>> round(result.sse, 6)
    15.941703
    """
    where = "forecast"
    calendar = None if start is None else _dated.calendar_of(start, where)
    dated = _dated.from_pandas(series, where)
    if dated is not None:
        values, from_index = dated
        calendar = _given_once(from_index, calendar, where)
        values = _rows(values, where, "series", gaps=True)
    else:
        values = series_values(series, where, gaps=True)
    seasonal_periods = _season(method, seasonal_periods, calendar)
    chosen, period, steps = _options(method, seasonal_periods, horizon, where)
    _quantile(coverage, where)  # checked before any fitting
    _check_fixed(chosen, period, smoothing, initial, where)
    held = _check_held(fixed, chosen, period, where)
    box = _check_bounds(bounds, chosen, held, where)
    if box is not None and smoothing is not None:
        message = "smoothing holds every parameter: there is nothing to bound"
        raise ValidationError(message, path="bounds", root=where)
    if held is not None and (smoothing is not None or initial is not None):
        message = (
            "give either fixed (some values held) or smoothing and initial "
            "(all of them), not both"
        )
        raise ValidationError(message, path="fixed", root=where)
    if values.size == 0:
        message = f"{where}: the series is empty"
        raise InsufficientDataError(message)
    values, skipped, trimmed = _trimmed(values, where)
    if calendar is not None:
        calendar = calendar.later(skipped)
    y = values[None, :]
    _check_positive(chosen, y[0], where, "series")
    choice = _choose(y, _Request(chosen, period, smoothing, initial, held, box), where)
    if np.isnan(choice.results[int(choice.pick[0])].loglik[0]):
        message = (
            f"{choice.results[0].spec.method.value} breaks down on this series: a "
            "part that multiplies became zero or negative (or the values "
            "overflowed); give another method or other fixed values"
        )
        raise ValidationError(message, path="series", root=where)
    arrays = _arrays(y, choice, steps, float(coverage))
    result = choice.results[int(choice.pick[0])]
    fit = result.fit
    spec = result.spec
    method_used = spec.method
    errors = fit.errors[0]
    fitted = (
        result.general.filtered.fitted[0]
        if result.general is not None
        else y[0] - errors
    )
    seasonal = tuple(float(v) for v in fit.seasons[0]) if method_used.seasonal else None
    return Forecast(
        method=method_used,
        requested=chosen,
        seasonal_periods=period if method_used.seasonal else None,
        smoothing=Smoothing(
            alpha=float(fit.alpha[0]),
            beta_star=float(fit.beta_star[0]) if method_used.trend else None,
            gamma=float(fit.gamma[0]) if method_used.seasonal else None,
            phi=float(fit.phi[0]) if method_used.damped else None,
        ),
        initial=InitialState(
            level=float(fit.level[0]),
            trend=float(fit.trend[0]) if method_used.trend else None,
            seasonal=seasonal,
        ),
        mean=tuple(float(v) for v in arrays.mean[0]),
        lower=tuple(float(v) for v in arrays.lower[0]),
        upper=tuple(float(v) for v in arrays.upper[0]),
        coverage=float(coverage),
        fitted=tuple(float(v) for v in fitted),
        residuals=tuple(None if math.isnan(v) else float(v) for v in errors),
        sse=float(arrays.sse[0]),
        sigma2=float(arrays.sigma2[0]),
        aicc=_finite_or_none(arrays.aicc[0]),
        observations=y.shape[1],
        weights=tuple(float(v) for v in arrays.weights[0])
        if method_used.linear
        else (),
        candidates=tuple(choice.candidates),
        notes=(*trimmed, *choice.notes),
        log_likelihood=_finite_or_none(arrays.log_likelihood[0]),
        aic=_finite_or_none(arrays.aic[0]),
        bic=_finite_or_none(arrays.bic[0]),
        variances=tuple(float(v) for v in arrays.variance[0]),
        periods=_future(calendar, y.shape[1], steps),
        estimated=result.estimated,
        total_spreads=tuple(float(v) for v in arrays.total_spread[0]),
    )
