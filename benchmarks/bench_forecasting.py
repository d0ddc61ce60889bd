"""Damped-trend forecasts for a portfolio: accountkit, statsmodels, statsforecast.

300 monthly revenue series of 36 months (trend, drift, noise); fit a damped
trend model (AAdN) to each and forecast 12 months:

1. statsmodels: ``ExponentialSmoothing(y, trend="add", damped_trend=True)``,
   ``.fit()`` and ``.forecast(12)`` on each series, one after the other (the
   peer most users reach for).
2. statsforecast: ``AutoETS(model="AAN", damped=True)`` on each series (the
   strongest peer: numba-compiled, the same model fixed rather than chosen).
3. accountkit: ``forecast_many(values, 12, method="AAdN")``, all series in one
   call.

All three minimise the in-sample squared one-step errors (statsforecast and
accountkit through the likelihood, whose optimum for additive errors is the
same), so the accuracy beside each time is how close each side's SSE comes to
the best any side found for that series: the share of series within 1e-6 of
it, and the median excess. Every side runs through the shared harness.

Usage: python benchmarks/bench_forecasting.py
"""

import warnings

from _timing import compare

import numpy as np  # isort: skip - after the harness has pinned the threads

from accountkit.finance import forecast_many

SERIES, MONTHS, HORIZON = 300, 36, 12


def portfolio(rng: np.random.Generator) -> np.ndarray:
    """Draw the series: a slope, a random-walk drift and noise around 100."""
    t = np.arange(MONTHS)
    slope = rng.normal(0, 1, (SERIES, 1))
    walk = rng.normal(0, 2.5, (SERIES, MONTHS)).cumsum(axis=1)
    noise = rng.normal(0, 3, (SERIES, MONTHS))
    return 100 + slope * t + 0.5 * walk + noise


def main() -> None:
    """Time the three sides, interleaved, and compare their fits."""
    from statsforecast.models import AutoETS  # noqa: PLC0415 - the bench extra
    from statsmodels.tsa.holtwinters import (  # noqa: PLC0415
        ExponentialSmoothing,
    )

    values = portfolio(np.random.default_rng(36))

    def with_statsmodels() -> np.ndarray:
        sse = np.empty(SERIES)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence chatter, per series
            for i, row in enumerate(values):
                fitted = ExponentialSmoothing(row, trend="add", damped_trend=True).fit()
                sse[i] = fitted.sse
                fitted.forecast(HORIZON)
        return sse

    def with_statsforecast() -> np.ndarray:
        sse = np.empty(SERIES)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i, row in enumerate(values):
                found = AutoETS(model="AAN", damped=True).forecast(
                    y=row, h=HORIZON, fitted=True
                )
                sse[i] = float(np.sum((row - found["fitted"]) ** 2))
        return sse

    def with_accountkit() -> np.ndarray:
        result = forecast_many(values, HORIZON, method="AAdN")
        return np.asarray(result.sse)

    sides = {
        "statsmodels ExponentialSmoothing": with_statsmodels,
        "statsforecast AutoETS(model='AAN', damped)": with_statsforecast,
        "accountkit forecast_many": with_accountkit,
    }
    # the lowest SSE any side finds for each series (the sides are
    # deterministic: these are the SSEs the timed runs give)
    best = np.min([call() for call in sides.values()], axis=0)

    def accuracy(_: str, result: object) -> str:
        excess = np.asarray(result) / best - 1
        return (
            f"SSE within 1e-6 of the lowest on {np.mean(excess <= 1e-6):.1%} of "
            f"series; median excess {np.median(excess):.1e}, largest "
            f"{excess.max():.1e}"
        )

    compare(
        f"damped trend (AAdN), {SERIES} series x {MONTHS} months, {HORIZON} ahead",
        sides,
        accuracy,
        ours="accountkit forecast_many",
        repeat=5,
    )


if __name__ == "__main__":
    main()
