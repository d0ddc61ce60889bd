"""Aged debt and countback DSO for portfolios: accountkit against the usual code.

1. Ageing 1,000,000 open invoices into buckets (not yet due, 1-30, 31-60, 61-90,
   over 90) by 5,000 customers: pandas ``pd.cut`` + ``groupby`` against
   ``accountkit.finance.ageing_arrays``.
2. Countback DSO for 5,000 customers x 24 months: a plain Python loop and
   the strongest hand-written numpy (ten lines: count back one period at a
   time over every customer, stopping when none still owes) against
   ``accountkit.finance.countback_dso_arrays``; threads pinned to one,
   every side warmed up, runs interleaved, median and best of seven, and
   each side's largest error against the exact days (the kernel's
   numerator / denominator, checked against Python fractions).

Both run on the same generated data in one process; the script checks that the
results agree and prints the times and ratios.

Usage: python benchmarks/bench_receivables.py
"""

from fractions import Fraction

from _timing import best_of, interleaved, pin_threads

pin_threads(1)

import numpy as np  # noqa: E402 - after pinning the threads

from accountkit.finance import ageing_arrays, countback_dso_arrays  # noqa: E402

INVOICES, CUSTOMERS, MONTHS = 1_000_000, 5_000, 24


def ageing_benchmark(rng: np.random.Generator) -> None:
    """Time ageing with pandas and with accountkit; check they agree."""
    import pandas as pd  # noqa: PLC0415 - the peer is optional (the bench extra)

    as_of = np.datetime64("2026-06-30")
    due = as_of - rng.integers(-60, 400, INVOICES).astype("timedelta64[D]")
    cents = rng.integers(1_000, 5_000_000, INVOICES)
    customers = rng.integers(0, CUSTOMERS, INVOICES)

    def with_pandas() -> pd.DataFrame:
        frame = pd.DataFrame({"customer": customers, "due": due, "amount": cents})
        late = (as_of - frame["due"].to_numpy()).astype("timedelta64[D]").astype(int)
        frame["bucket"] = pd.cut(
            late,
            bins=[-np.inf, 0, 30, 60, 90, np.inf],
            labels=["not yet due", "1-30", "31-60", "61-90", "over 90"],
            right=True,
        )
        return frame.pivot_table(
            index="customer",
            columns="bucket",
            values="amount",
            aggfunc="sum",
            observed=False,
        ).fillna(0)

    def with_accountkit() -> object:
        return ageing_arrays(due, cents, customers, as_of=as_of)

    pandas_time, table = best_of(with_pandas)
    ours, aged = best_of(with_accountkit)
    same = np.array_equal(table.to_numpy().astype(np.int64), aged.amounts)  # type: ignore[union-attr]
    print(f"ageing {INVOICES:,} invoices by {CUSTOMERS:,} customers")
    print(f"  pandas pd.cut + pivot_table  : {pandas_time:7.3f} s")
    print(
        f"  accountkit ageing_arrays     : {ours:7.3f} s  "
        f"({pandas_time / ours:4.1f}x faster; same table: {same})"
    )


def countback_loop(
    owed: np.ndarray, sales: np.ndarray, lengths: list[int]
) -> list[float]:
    """Countback DSO per customer with a plain Python loop."""
    result = []
    for amount, history in zip(owed.tolist(), sales.tolist(), strict=True):
        days, left = 0.0, amount
        for value, length in zip(history, lengths, strict=True):
            if value <= 0:
                break
            if left <= value:
                days += left / value * length
                break
            days += length
            left -= value
        result.append(days)
    return result


def countback_numpy(
    owed: np.ndarray, sales: np.ndarray, lengths: np.ndarray
) -> np.ndarray:
    """Countback DSO as a data scientist would write it in numpy (floats)."""
    left = owed.astype(np.float64)
    days = np.zeros(len(owed))
    live = owed > 0
    for period in range(sales.shape[1]):
        sold = sales[:, period]
        live &= sold > 0
        taken = np.where(live, np.minimum(left, sold), 0.0)
        days += np.where(live, taken / np.where(live, sold, 1) * lengths[period], 0.0)
        left -= taken
        live &= left > 0
        if not live.any():
            break
    return days


def countback_benchmark(rng: np.random.Generator) -> None:
    """Time countback DSO three ways, interleaved; print each one's accuracy."""
    sales = rng.integers(100_000, 10_000_000, (CUSTOMERS, MONTHS))
    owed = (sales[:, :4].sum(axis=1) * rng.random(CUSTOMERS)).astype(np.int64)
    lengths = [31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28] * 2
    days = np.array(lengths)
    timings = interleaved(
        {
            "plain Python loop": lambda: np.array(countback_loop(owed, sales, lengths)),
            "hand-written numpy": lambda: countback_numpy(owed, sales, days),
            "accountkit countback arrays": lambda: countback_dso_arrays(
                owed, sales, lengths
            ),
        },
        repeat=7,
    )
    arrays = timings["accountkit countback arrays"].result
    exact = [
        Fraction(int(n), int(d))
        for n, d in zip(arrays.numerator, arrays.denominator, strict=True)  # type: ignore[union-attr]
    ]
    kernel = timings["accountkit countback arrays"]
    print(f"countback DSO for {CUSTOMERS:,} customers x {MONTHS} months")
    for name, timing in timings.items():
        result = timing.result
        found = result.days if name.startswith("accountkit") else result  # type: ignore[union-attr]
        error = max(
            abs(Fraction(float(v)) - e) for v, e in zip(found, exact, strict=True)
        )
        print(
            f"  {name:28}: median {timing.median * 1e3:8.2f} ms, best "
            f"{timing.best * 1e3:8.2f} ms ({timing.median / kernel.median:6.1f}x"
            f" accountkit's time); largest error {float(error):.1e} days"
        )


def main() -> None:
    """Run both benchmarks."""
    rng = np.random.default_rng(20261123)
    ageing_benchmark(rng)
    countback_benchmark(rng)


if __name__ == "__main__":
    main()
