"""The harness shared by the benchmark scripts (run them from the repository root).

Every job is timed by :func:`compare`: each side warmed up (its warm-up's
result is the one checked), then the sides run in turn (ABCABC...), garbage
collected before each run so that a busy moment of a shared machine falls on all of
them, with BLAS, OpenMP, numba, polars and duckdb held to one thread each
(the same resources for every side), median and best reported, the ratio of
each side's median to accountkit's, and beside each time the side's accuracy
against an exact reference, which the script computes.

Importing this module sets the thread variables, so import it before numpy and
the peers; :func:`compare` also holds the thread pools already loaded to one
thread with threadpoolctl, whatever was imported first.
"""

import contextlib
import datetime as dt
import gc
import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator, Mapping

__all__ = ["THREADS", "Timing", "compare", "floor", "interleaved", "once"]

THREADS = 1
"""The threads every side may use."""

for _name in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMBA_NUM_THREADS",
    "POLARS_MAX_THREADS",
    "RAYON_NUM_THREADS",
):
    os.environ[_name] = str(THREADS)


@contextlib.contextmanager
def _pinned() -> Iterator[None]:
    """Hold the thread pools loaded so far (BLAS, OpenMP) to ``THREADS``."""
    try:
        from threadpoolctl import threadpool_limits  # noqa: PLC0415 - bench extra
    except ImportError:  # pragma: no cover - the bench extra has it
        yield
        return
    with threadpool_limits(limits=THREADS):
        yield


class Timing:
    """The runs of one side: median and best, its last result and accuracy."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.result: object = None
        self.accuracy = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)


def interleaved(
    calls: Mapping[str, Callable[[], object]],
    repeat: int = 7,
    accuracy: Callable[[str, object], str] | None = None,
    *,
    keep: bool = True,
) -> dict[str, Timing]:
    """Time each call ``repeat`` times, in turn (ABCABC...), after a warm-up each.

    The warm-up's result is the one kept (and described by ``accuracy``, at
    once); the timed runs' results are dropped as they come, and the
    garbage of earlier runs is collected before each run, outside the time,
    so that no side pays for another's. ``keep=False`` drops the warm-up's
    result too, once described (for results of a gigabyte).
    """
    timings = {name: Timing() for name in calls}
    with _pinned():
        for name, call in calls.items():
            result = call()
            if accuracy is not None:
                timings[name].accuracy = accuracy(name, result)
            timings[name].result = result if keep else None
            del result
        for _ in range(repeat):
            for name, call in calls.items():
                gc.collect()
                began = time.perf_counter()
                call()
                timings[name].times.append(time.perf_counter() - began)
    return timings


def once(call: Callable[[], object]) -> Timing:
    """Time one run of ``call`` (for jobs too long to repeat), threads pinned."""
    timing = Timing()
    with _pinned():
        began = time.perf_counter()
        timing.result = call()
        timing.times.append(time.perf_counter() - began)
    return timing


def _seconds(value: float) -> str:
    if value >= 1:
        return f"{value:8.2f} s "
    return f"{value * 1e3:8.2f} ms"


def compare(
    job: str,
    sides: Mapping[str, Callable[[], object]],
    accuracy: Callable[[str, object], str],
    *,
    ours: str,
    repeat: int = 7,
    keep: bool = True,
) -> dict[str, Timing]:
    """Time the sides of one job interleaved and print a row for each.

    ``accuracy(name, result)`` describes a side's result against the exact
    reference (say "largest error 1e-14 days" or "0 of 5,000 off"); ``ours``
    names accountkit's side, the one the others' ratios are against. A ratio
    above 1 means accountkit is that many times faster. The rows are printed
    as a Markdown table (job | side | median | best | ratio | accuracy), the
    form benchmarks/README.md records.
    """
    timings = interleaved(sides, max(repeat, 5), accuracy, keep=keep)
    base = timings[ours].median
    print(f"\n{job}")
    print(
        f"({dt.datetime.now(tz=dt.UTC).date()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {THREADS} thread(s) a side, "
        f"median and best of {max(repeat, 5)}, interleaved)"
    )
    print("| side | median | best | time / accountkit's | accuracy |")
    print("| --- | --- | --- | --- | --- |")
    for name, timing in timings.items():
        ratio = "1" if name == ours else f"{timing.median / base:.3g}x"
        print(
            f"| {name} | {_seconds(timing.median)} | {_seconds(timing.best)} "
            f"| {ratio} | {timing.accuracy} |"
        )
    return timings


def floor(nbytes: int, best: float, call: Callable[[], object] | None = None) -> None:
    """Print the time to stream ``nbytes`` once at this machine's copy speed.

    The speed is the best of five copies of 256 MB of float64 into an existing
    array (read and write counted): no kernel that reads its input once can
    beat ``nbytes`` at that speed. ``best`` is accountkit's best time, printed
    against it. With ``call`` (accountkit's side), also the most memory one
    call allocates at once, its result included, as ``tracemalloc`` sees it
    (numpy reports its arrays to it), against the input's size.
    """
    import numpy as np  # noqa: PLC0415 - after the thread variables

    source = np.ones(256 * 2**20 // 8)
    target = np.empty_like(source)
    fastest = float("inf")
    with _pinned():
        for _ in range(5):
            began = time.perf_counter()
            np.copyto(target, source)
            fastest = min(fastest, time.perf_counter() - began)
    speed = 2 * source.nbytes / fastest
    del source, target
    print(
        f"memory: the input is {nbytes / 1e6:.1f} MB; streamed once at this "
        f"machine's copy speed ({speed / 1e9:.1f} GB/s) that takes "
        f"{nbytes / speed * 1e3:.2f} ms; accountkit's best is "
        f"{best / (nbytes / speed):.1f}x that"
    )
    if call is not None:
        gc.collect()
        tracemalloc.start()
        result = call()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        del result
        print(
            f"peak memory of one call (its result included): {peak / 1e6:.1f} MB, "
            f"{peak / nbytes:.2f}x the input"
        )
