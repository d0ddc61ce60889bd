"""Damped-trend forecasts for a portfolio: accountkit against statsmodels.

300 monthly revenue series of 36 months (trend, drift, noise); fit a damped
trend model (AAdN) to each and forecast 12 months:

1. statsmodels: ``ExponentialSmoothing(y, trend="add", damped_trend=True)``,
   ``.fit()`` and ``.forecast(12)`` on each series, one after the other.
2. accountkit: ``forecast_many(values, 12, method="AAdN")``, all series in one
   call.

The script prints both times, the ratio, and how often accountkit's in-sample
SSE is no worse than statsmodels' (both minimise it).

Usage: python benchmarks/bench_forecasting.py
"""

import warnings

import numpy as np
from _timing import best_of

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
    """Time both and compare their fits."""
    from statsmodels.tsa.holtwinters import (  # noqa: PLC0415 - the bench extra
        ExponentialSmoothing,
    )

    values = portfolio(np.random.default_rng(36))

    def with_statsmodels() -> tuple[np.ndarray, np.ndarray]:
        sse, means = np.empty(SERIES), np.empty((SERIES, HORIZON))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence chatter, per series
            for i, row in enumerate(values):
                fitted = ExponentialSmoothing(row, trend="add", damped_trend=True).fit()
                sse[i], means[i] = fitted.sse, fitted.forecast(HORIZON)
        return sse, means

    def with_accountkit() -> tuple[np.ndarray, np.ndarray]:
        result = forecast_many(values, HORIZON, method="AAdN")
        return result.sse, result.mean

    peer_time, peer = best_of(with_statsmodels, repeat=2)
    ours_time, ours = best_of(with_accountkit, repeat=3)
    peer_sse, _ = peer
    ours_sse, _ = ours
    no_worse = float(np.mean(ours_sse <= peer_sse * (1 + 1e-9)))
    ratio = np.median(peer_sse / ours_sse)
    print(f"Damped trend (AAdN), {SERIES} series x {MONTHS} months, {HORIZON} ahead")
    print(f"  statsmodels ExponentialSmoothing, one by one: {peer_time:7.3f} s")
    print(
        f"  accountkit forecast_many                     : {ours_time:7.3f} s"
        f"  ({peer_time / ours_time:5.1f}x faster)"
    )
    print(
        f"  in-sample SSE no worse than statsmodels: {no_worse:.1%} of series "
        f"(median statsmodels/accountkit SSE {ratio:.4f})"
    )


if __name__ == "__main__":
    main()
