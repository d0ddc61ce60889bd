"""Aged debt and countback DSO for portfolios: accountkit against its peers.

1. Ageing 1,000,000 open invoices into buckets (not yet due, 1-30, 31-60, 61-90,
   over 90) by 5,000 customers, in exact integer cents: pandas ``pd.cut`` +
   ``pivot_table`` (what most users write), polars and duckdb (the strongest
   table engines), and ten lines of numpy (``bincount``), against
   ``accountkit.finance.ageing_arrays``; each side's table checked cell by
   cell against an exact one (Python integers summed per customer and
   bucket).
2. Countback DSO for 5,000 customers x 24 months: a plain Python loop and
   the strongest hand-written numpy (ten lines: count back one period at a
   time over every customer, stopping when none still owes) against
   ``accountkit.finance.countback_dso_arrays``; each side's largest error
   against the exact days (the kernel's numerator / denominator, checked
   against Python fractions).

Every side runs through the shared harness (``_timing.compare``): one thread
each, warmed up, interleaved, median and best of seven.

Usage: python benchmarks/bench_receivables.py [--countback-customers 5000]
"""

import argparse
from collections import defaultdict
from fractions import Fraction

from _timing import compare, floor

import numpy as np  # isort: skip - after the harness has pinned the threads

from accountkit.finance import ageing_arrays, countback_dso_arrays

INVOICES, CUSTOMERS, MONTHS = 1_000_000, 5_000, 24
BOUNDS = (0, 30, 60, 90)


def exact_ageing(
    late: np.ndarray, cents: np.ndarray, customers: np.ndarray
) -> np.ndarray:
    """Age in Python integers: the reference every side is checked on."""
    cells: defaultdict[tuple[int, int], int] = defaultdict(int)
    for day, amount, customer in zip(
        late.tolist(), cents.tolist(), customers.tolist(), strict=True
    ):
        cells[customer, sum(day > b for b in BOUNDS)] += amount
    table = np.zeros((CUSTOMERS, len(BOUNDS) + 1), dtype=object)
    for (customer, bucket), amount in cells.items():
        table[customer, bucket] = amount
    return table


def ageing_benchmark(rng: np.random.Generator) -> None:
    """Time ageing five ways, interleaved; check every table cell by cell."""
    import duckdb  # noqa: PLC0415 - the peers are optional (the bench extra)
    import pandas as pd  # noqa: PLC0415
    import polars as pl  # noqa: PLC0415

    as_of = np.datetime64("2026-06-30")
    due = as_of - rng.integers(-60, 400, INVOICES).astype("timedelta64[D]")
    cents = rng.integers(1_000, 5_000_000, INVOICES)
    customers = rng.integers(0, CUSTOMERS, INVOICES)
    late = (as_of - due).astype(np.int64)
    exact = exact_ageing(late, cents, customers)
    database = duckdb.connect()
    database.execute(f"SET threads TO {1}")
    frame = pl.DataFrame({"customer": customers, "due": due, "amount": cents})
    database.register("invoices", frame.to_arrow())

    def with_pandas() -> np.ndarray:
        table = pd.DataFrame({"customer": customers, "due": due, "amount": cents})
        # pandas keeps datetimes in seconds: days are counted explicitly
        days = (as_of - table["due"].to_numpy()).astype("timedelta64[D]")
        days = days.astype(np.int64)
        table["bucket"] = pd.cut(
            days, bins=[-np.inf, *BOUNDS, np.inf], labels=False, right=True
        )
        pivot = table.pivot_table(
            index="customer", columns="bucket", values="amount", aggfunc="sum"
        )
        return pivot.fillna(0).to_numpy().astype(np.int64)

    def with_polars() -> np.ndarray:
        days = (pl.lit(as_of) - pl.col("due")).dt.total_days()
        bucket = sum((days > b).cast(pl.Int8) for b in BOUNDS)
        summed = (
            frame.lazy()
            .with_columns(bucket=bucket)
            .group_by("customer", "bucket")
            .agg(pl.col("amount").sum())
            .collect()
        )
        table = np.zeros((CUSTOMERS, len(BOUNDS) + 1), dtype=np.int64)
        table[summed["customer"].to_numpy(), summed["bucket"].to_numpy()] = summed[
            "amount"
        ].to_numpy()
        return table

    def with_duckdb() -> np.ndarray:
        columns = ", ".join(
            f"sum(amount) FILTER (WHERE late {test}) AS b{k}"
            for k, test in enumerate(
                [
                    "<= 0",
                    "BETWEEN 1 AND 30",
                    "BETWEEN 31 AND 60",
                    "BETWEEN 61 AND 90",
                    "> 90",
                ]
            )
        )
        query = (
            f"SELECT customer, {columns} FROM (SELECT customer, amount, "
            f"DATE '2026-06-30' - due AS late FROM invoices) "
            "GROUP BY customer ORDER BY customer"
        )
        rows = database.execute(query).fetchnumpy()
        return np.stack(
            [np.nan_to_num(rows[f"b{k}"]).astype(np.int64) for k in range(5)], axis=1
        )

    def with_numpy() -> np.ndarray:
        days = (as_of - due).astype(np.int64)
        bucket = (days > 0).astype(np.int64)
        for b in BOUNDS[1:]:
            bucket += days > b
        sums = np.bincount(
            customers * 5 + bucket, weights=cents, minlength=5 * CUSTOMERS
        )
        return np.rint(sums).astype(np.int64).reshape(CUSTOMERS, 5)

    def with_accountkit() -> np.ndarray:
        return ageing_arrays(due, cents, customers, as_of=as_of).amounts

    def accuracy(_: str, table: object) -> str:
        wrong = int((np.asarray(table, dtype=object) != exact).any(axis=1).sum())
        return f"{wrong} of {CUSTOMERS:,} customers' rows off"

    timings = compare(
        f"ageing {INVOICES:,} invoices by {CUSTOMERS:,} customers into 5 buckets",
        {
            "pandas pd.cut + pivot_table": with_pandas,
            "polars (lazy group_by)": with_polars,
            "duckdb (SQL, FILTER)": with_duckdb,
            "numpy (bincount)": with_numpy,
            "accountkit ageing_arrays": with_accountkit,
        },
        accuracy,
        ours="accountkit ageing_arrays",
    )
    floor(
        due.nbytes + cents.nbytes + customers.nbytes,
        timings["accountkit ageing_arrays"].best,
        with_accountkit,
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
    kernel = countback_dso_arrays(owed, sales, lengths)
    exact = [
        Fraction(int(n), int(d))
        for n, d in zip(kernel.numerator, kernel.denominator, strict=True)
    ]
    # the kernel's fractions are themselves checked against the loop's, in
    # Python fractions: the reference does not trust the kernel
    assert exact == countback_fractions(owed, sales, lengths)

    def accuracy(_: str, result: object) -> str:
        found = getattr(result, "days", result)
        error = max(
            abs(Fraction(float(v)) - e) for v, e in zip(found, exact, strict=True)
        )
        return f"largest error {float(error):.1e} days"

    timings = compare(
        f"countback DSO for {CUSTOMERS:,} customers x {MONTHS} months",
        {
            "plain Python loop": lambda: np.array(countback_loop(owed, sales, lengths)),
            "numpy by hand (floats)": lambda: countback_numpy(owed, sales, days),
            "accountkit countback_dso_arrays": lambda: countback_dso_arrays(
                owed, sales, lengths
            ),
        },
        accuracy,
        ours="accountkit countback_dso_arrays",
    )
    floor(
        owed.nbytes + sales.nbytes,
        timings["accountkit countback_dso_arrays"].best,
        lambda: countback_dso_arrays(owed, sales, lengths),
    )


def countback_fractions(
    owed: np.ndarray, sales: np.ndarray, lengths: list[int]
) -> list[Fraction]:
    """Countback DSO per customer in Python fractions: exact."""
    result = []
    for amount, history in zip(owed.tolist(), sales.tolist(), strict=True):
        days, left = Fraction(0), amount
        for value, length in zip(history, lengths, strict=True):
            if value <= 0 or left <= 0:
                break
            if left <= value:
                days += Fraction(left, value) * length
                break
            days += length
            left -= value
        result.append(days)
    return result


def main() -> None:
    """Run both benchmarks."""
    global CUSTOMERS  # noqa: PLW0603 - the countback's size, from the command line
    parser = argparse.ArgumentParser()
    parser.add_argument("--countback-customers", type=int, default=CUSTOMERS)
    customers = parser.parse_args().countback_customers
    rng = np.random.default_rng(20261123)
    ageing_benchmark(rng)
    CUSTOMERS = customers
    countback_benchmark(rng)


if __name__ == "__main__":
    main()
