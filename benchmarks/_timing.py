"""Timing shared by the benchmark scripts (run them from the repository root)."""

import os
import statistics
import time
from collections.abc import Callable, Mapping

__all__ = ["Timing", "best_of", "interleaved", "pin_threads"]


def pin_threads(count: int = 1) -> None:
    """Pin BLAS and OpenMP threads to ``count`` (call before importing numpy).

    Polars reads ``POLARS_MAX_THREADS`` when it is first imported; it is not
    set here, so polars runs with its own default (one thread per core), and
    the scripts say so.
    """
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMBA_NUM_THREADS",
    ):
        os.environ[name] = str(count)


def best_of(call: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Return the best wall time of ``repeat`` runs of ``call``, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - began)
    return min(times), result


class Timing:
    """The runs of one side: median and best, and its last result."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.result: object = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)


def interleaved(
    calls: Mapping[str, Callable[[], object]], repeat: int = 7
) -> dict[str, Timing]:
    """Time each call ``repeat`` times, in turn (ABCABC...), after a warm-up each.

    Interleaving spreads a busy moment of a shared machine over every side
    instead of one.
    """
    timings = {name: Timing() for name in calls}
    for name, call in calls.items():
        timings[name].result = call()
    for _ in range(repeat):
        for name, call in calls.items():
            began = time.perf_counter()
            timings[name].result = call()
            timings[name].times.append(time.perf_counter() - began)
    return timings
