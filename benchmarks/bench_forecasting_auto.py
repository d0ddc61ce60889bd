"""Automatic ETS selection for a portfolio: accountkit against statsforecast.

1,000 monthly revenue series of 60 months; each is fitted on its first 48
months and forecast 12 ahead, with a 95 % prediction interval, by automatic
selection over the ETS family (the models R's ``ets`` weighs by default:
additive and multiplicative errors, no, additive and damped trends, no,
additive and multiplicative seasons, by AICc):

1. statsforecast: ``AutoETS(season_length=12).forecast(y, h=12, level=[95])``
   on each series, one after the other (what ``StatsForecast`` does on one
   core).
2. accountkit: ``forecast_many(values, 12, method="auto", seasonal_periods=12,
   coverage=0.95)``, all series in one call.

BLAS and OpenMP threads are pinned to one for both, both are warmed up, and
the runs are interleaved (ABAB...). Beside the times the script prints the
holdout accuracy of both over the last 12 months: MASE (scaled by the
in-sample seasonal naive error), the share of series where accountkit's MASE
is no worse, and how often the 95 % intervals hold the actual value.

The series: a level drawn log-normally around 1,000, a growth of -1 % to
+2 % a month, a season that is multiplicative for half the series and
additive for the rest (amplitude 5 % to 25 %), and noise that is
multiplicative (3 % to 10 %), with one series in four given a level shift
partway.

Usage: python benchmarks/bench_forecasting_auto.py [series] [rounds]
"""

import sys
import warnings

from _timing import compare

import numpy as np  # isort: skip - after the harness has pinned the threads

from accountkit.finance import forecast_many

MONTHS, HORIZON, PERIOD = 48, 12, 12


def portfolio(series: int, rng: np.random.Generator) -> np.ndarray:
    """Draw ``series`` monthly series of ``MONTHS + HORIZON`` months."""
    t = np.arange(MONTHS + HORIZON)
    level = 1000 * np.exp(rng.normal(0, 0.5, (series, 1)))
    growth = rng.uniform(-0.01, 0.02, (series, 1))
    amplitude = rng.uniform(0.05, 0.25, (series, 1))
    phase = rng.integers(0, PERIOD, (series, 1))
    wave = np.sin(2 * np.pi * (t + phase) / PERIOD) + 0.5 * np.cos(
        4 * np.pi * (t + phase) / PERIOD
    )
    trend = level * np.exp(growth * t)
    multiplicative = rng.random((series, 1)) < 0.5
    seasonal = np.where(
        multiplicative,
        trend * (1 + amplitude * wave),
        trend + level * amplitude * wave,
    )
    shift = np.where(
        (rng.random((series, 1)) < 0.25) & (t >= rng.integers(12, 40, (series, 1))),
        rng.uniform(0.8, 1.2, (series, 1)),
        1.0,
    )
    noise = np.exp(
        rng.normal(0, 1, (series, MONTHS + HORIZON))
        * rng.uniform(0.03, 0.10, (series, 1))
    )
    values: np.ndarray = seasonal * shift * noise
    return values


def mase(actual: np.ndarray, forecast: np.ndarray, history: np.ndarray) -> np.ndarray:
    """Return each series' holdout MASE, scaled by its seasonal naive error."""
    scale = np.abs(history[:, PERIOD:] - history[:, :-PERIOD]).mean(axis=1)
    found: np.ndarray = np.abs(actual - forecast).mean(axis=1) / scale
    return found


def main() -> None:
    """Time both, interleaved, and compare their holdout accuracy."""
    from statsforecast.models import AutoETS  # noqa: PLC0415 - the bench extra

    series = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    data = portfolio(series, np.random.default_rng(2026))
    history, actual = data[:, :MONTHS], data[:, MONTHS:]

    def with_statsforecast() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        mean = np.empty((series, HORIZON))
        lower, upper = np.empty_like(mean), np.empty_like(mean)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i, row in enumerate(history):
                found = AutoETS(season_length=PERIOD).forecast(
                    y=row, h=HORIZON, level=[95]
                )
                mean[i], lower[i], upper[i] = (
                    found["mean"],
                    found["lo-95"],
                    found["hi-95"],
                )
        return mean, lower, upper

    def with_accountkit() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        found = forecast_many(
            history, HORIZON, method="auto", seasonal_periods=PERIOD, coverage=0.95
        )
        return found.mean, found.lower, found.upper

    def accuracy(_: str, result: object) -> str:
        mean, lower, upper = result  # type: ignore[misc]
        score = mase(actual, mean, history)
        inside = float(np.mean((actual >= lower) & (actual <= upper)))
        return (
            f"holdout MASE mean {np.mean(score):.4f}, median "
            f"{np.median(score):.4f}; 95 % interval held {inside:.1%}"
        )

    compare(
        f"automatic ETS selection, {series} monthly series x {MONTHS} months, "
        f"{HORIZON} ahead with a 95 % interval",
        {"statsforecast AutoETS": with_statsforecast, "accountkit": with_accountkit},
        accuracy,
        ours="accountkit",
        repeat=rounds,
    )


if __name__ == "__main__":
    main()
