"""Timing shared by the benchmark scripts (run them from the repository root)."""

import time
from collections.abc import Callable

__all__ = ["best_of"]


def best_of(call: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Return the best wall time of ``repeat`` runs of ``call``, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - began)
    return min(times), result
