r"""Backtesting forecasts: rolling-origin evaluation and accuracy measures.

At each forecast origin the model is fitted to the values before it (all
of them, or the last ``window``) and forecasts the next ``horizon``; the
forecasts are compared with what happened. Every origin is one call of the
batch path (:func:`~accountkit.finance.forecast_many`) over all the series.

The measures (Hyndman and Koehler 2006; Hyndman and Athanasopoulos,
*Forecasting: Principles and Practice*, §5.8), with :math:`e = y - \hat y`:

.. math::

    \mathrm{MAE} = \overline{|e|}, \quad
    \mathrm{RMSE} = \sqrt{\overline{e^2}}, \quad
    \mathrm{MAPE} = 100\,\overline{|e / y|}, \quad
    \mathrm{sMAPE} = 200\,\overline{|e| / (|y| + |\hat y|)}, \quad
    \mathrm{MASE} = \overline{|e| / q},

where :math:`q` is the mean absolute error of the seasonal naive forecast
(:math:`y_t - y_{t-m}`, or :math:`y_t - y_{t-1}` without a season) on the
origin's own training values. An error whose scale is zero or undefined
(an actual of 0 for MAPE, :math:`y = \hat y = 0` for sMAPE, a constant
training series for MASE) is left out of that measure; a measure with
nothing left is NaN.
"""

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit._checked import checked
from accountkit._validators import whole_number
from accountkit.errors import InsufficientDataError, ValidationError
from accountkit.finance._ets import SmoothingMethod
from accountkit.finance._forecasting import _options, forecast_many, table_values

__all__ = ["Accuracy", "Backtest", "backtest"]

Array = NDArray[np.float64]

_WINDOWS = ("expanding", "sliding")


class Accuracy(NamedTuple):
    """Accuracy measures: per series (arrays) or over a batch (floats)."""

    mae: Array
    rmse: Array
    mape: Array
    """In percent."""
    smape: Array
    """In percent, from 0 to 200."""
    mase: Array


class Backtest(NamedTuple):
    """A rolling-origin evaluation of many series.

    Arrays are ``(series, origins, horizon)`` for the forecasts and
    ``(series,)`` for the measures.
    """

    origins: tuple[int, ...]
    """Each origin: how many values came before it (the first forecast is
    for the value at that index)."""
    forecasts: Array
    actuals: Array
    scale: Array
    """``(series, origins)``: the seasonal naive MAE of each training window."""
    methods: tuple[tuple[SmoothingMethod, ...], ...]
    """Per origin, the model fitted to each series."""
    by_series: Accuracy
    """Each series' measures over all its origins and steps."""
    overall: Accuracy
    """The measures over every series, origin and step (0-d arrays)."""
    by_step: Accuracy
    """``(horizon,)``: the measures of each step ahead over everything."""


def _measures(
    actual: Array, forecast: Array, scale: Array, axes: tuple[int, ...]
) -> Accuracy:
    """Return the measures over ``axes`` of ``(series, origins, horizon)`` arrays."""
    error = actual - forecast
    absolute = np.abs(error)
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(actual != 0, 100 * absolute / np.abs(actual), np.nan)
        total = np.abs(actual) + np.abs(forecast)
        symmetric = np.where(total != 0, 200 * absolute / total, np.nan)
        scaled = np.where(scale[:, :, None] > 0, absolute / scale[:, :, None], np.nan)
        return Accuracy(
            mae=absolute.mean(axis=axes),
            rmse=np.sqrt(np.square(error).mean(axis=axes)),
            mape=_nan_mean(percent, axes),
            smape=_nan_mean(symmetric, axes),
            mase=_nan_mean(scaled, axes),
        )


def _nan_mean(values: Array, axes: tuple[int, ...]) -> Array:
    """Return the mean of the values that are not NaN (NaN where there are none)."""
    present = ~np.isnan(values)
    count = present.sum(axis=axes)
    total = np.where(present, values, 0.0).sum(axis=axes)
    with np.errstate(divide="ignore", invalid="ignore"):
        found: Array = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return found


def _naive_scale(train: Array, period: int) -> Array:
    """Return each row's in-sample MAE of the seasonal naive forecast."""
    lag = period if train.shape[1] > period else 1
    found: Array = np.abs(train[:, lag:] - train[:, :-lag]).mean(axis=1)
    return found


def _origins(
    n: int, horizon: int, initial: int, step: int, where: str
) -> tuple[int, ...]:
    origins = tuple(range(initial, n - horizon + 1, step))
    if not origins:
        message = (
            f"{where}: no origin leaves {horizon} values to compare: {n} values, "
            f"the first {initial} to fit"
        )
        raise InsufficientDataError(message)
    return origins


@checked
def backtest(
    values: ArrayLike,
    horizon: int,
    *,
    initial: int,
    step: int = 1,
    window: str = "expanding",
    method: SmoothingMethod | str = SmoothingMethod.AUTO,
    seasonal_periods: int | None = None,
) -> Backtest:
    r"""Evaluate forecasts of every row of ``values`` from rolling origins.

    Parameters
    ----------
    values
        Observations, ``(series, observations)``, oldest first, finite.
    horizon
        Steps forecast from each origin, at least 1.
    initial
        Values before the first origin: the first training window.
    step
        Values between origins, at least 1.
    window
        ``"expanding"``: each origin fits everything before it;
        ``"sliding"``: only the last ``initial`` values.
    method, seasonal_periods
        As for :func:`~accountkit.finance.forecast_many` (the model is
        chosen again at each origin with ``auto``).

    Returns
    -------
    Backtest
        The forecasts and actual values of every origin, the measures per
        series, per step ahead and overall.

    Raises
    ------
    ValidationError
        If an argument is out of range or ``values`` is not a table of
        finite numbers.
    InsufficientDataError
        If no origin leaves ``horizon`` values to compare.

    Notes
    -----
    Origins run from ``initial`` while ``horizon`` values remain after them,
    every ``step``. See the module's notes for the measures.

    Examples
    --------
    Simple smoothing of a series that steps up by 1 each period, from
    origins 6, 7 and 8, two steps ahead:

    >>> import numpy as np
    >>> result = backtest(np.arange(10.0)[None, :], 2, initial=6, method="ANN")
    >>> result.origins
    (6, 7, 8)
    >>> result.actuals[0].tolist()
    [[6.0, 7.0], [7.0, 8.0], [8.0, 9.0]]
    """
    where = "backtest"
    y = table_values(values, where)
    _, _, steps = _options(method, seasonal_periods, horizon, where)
    first = whole_number(initial, where=where, path="initial", minimum=1)
    every = whole_number(step, where=where, path="step", minimum=1)
    if window not in _WINDOWS:
        message = f"expected 'expanding' or 'sliding', got {window!r}"
        raise ValidationError(message, path="window", root=where)
    origins = _origins(y.shape[1], steps, first, every, where)
    period = seasonal_periods if seasonal_periods is not None else 1
    forecasts = np.empty((y.shape[0], len(origins), steps))
    actuals = np.empty_like(forecasts)
    scale = np.empty((y.shape[0], len(origins)))
    methods = []
    for index, origin in enumerate(origins):
        train = y[:, origin - first if window == "sliding" else 0 : origin]
        result = forecast_many(
            train, steps, method=method, seasonal_periods=seasonal_periods
        )
        forecasts[:, index] = result.mean
        actuals[:, index] = y[:, origin : origin + steps]
        scale[:, index] = _naive_scale(train, period)
        methods.append(result.methods)
    return Backtest(
        origins=origins,
        forecasts=forecasts,
        actuals=actuals,
        scale=scale,
        methods=tuple(methods),
        by_series=_measures(actuals, forecasts, scale, (1, 2)),
        overall=_measures(actuals, forecasts, scale, (0, 1, 2)),
        by_step=_measures(actuals, forecasts, scale, (0, 1)),
    )
