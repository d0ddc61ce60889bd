"""Billing schedules for 10,000 three-year contracts with monthly fees.

Two jobs, every side through the shared harness (one thread each, warmed up,
interleaved, median and best of five or more), each side's bill dates checked
against exact ones (``dateutil.relativedelta`` months added to the start
date, the day held to the month's end: the rule a contract bills by) and
its total against the fees:

1. From columns (10,000 contracts, 360,000 lines):
   ``accountkit.contracts.fixed_fee_arrays``; pandas vectorised by hand
   (repeat the rows, add whole months with period arithmetic, clamp the day
   to the month's length); polars ``date_ranges`` with a ``1mo`` interval,
   exploded (the strongest peer).
2. From contract objects (1,000 contracts, the slow sides alone take
   seconds): ``billing_arrays`` (the portfolio path), ``billing_schedule``
   per contract (records), and the pandas idiom most users write,
   ``pd.date_range(start, periods=36, freq=pd.DateOffset(months=1))`` in a
   loop, which steps from the previous date and so drifts after February
   for contracts starting on the 31st.

Usage: python benchmarks/bench_billing.py [--contracts N]
"""

import argparse
import random
from datetime import date

from _timing import compare
from dateutil.relativedelta import relativedelta

import numpy as np  # isort: skip - after the harness has pinned the threads

from accountkit import Money, Period, add_months
from accountkit.contracts import (
    Contract,
    ContractKind,
    FixedFee,
    Frequency,
    billing_arrays,
    billing_schedule,
    fixed_fee_arrays,
)

MONTHS = 36


def portfolio(size: int) -> list[Contract]:
    """Three-year contracts with a monthly fee, starting on any day of 2023-2025."""
    rng = random.Random(20261123)
    book = []
    for index in range(size):
        start = date(
            rng.randrange(2023, 2026),
            rng.randrange(1, 13),
            rng.randrange(1, 32) % 28 + 1,
        )
        if index % 10 == 0:  # every tenth starts on a month end, where chaining drifts
            start = date(start.year, 1, 31)
        fee = FixedFee(
            id="run",
            amount=Money.from_minor_units(rng.randrange(100_000, 5_000_000), "EUR"),
            frequency=Frequency.MONTHLY,
        )
        book.append(
            Contract(
                id=f"C-{index}",
                title="Managed service",
                kind=ContractKind.SOW,
                client=f"client-{index % 500}",
                currency="EUR",
                term=Period(start, add_months(start, MONTHS)),
                signed_on=start,
                charges=(fee,),
            )
        )
    return book


def exact_dates(starts: np.ndarray) -> np.ndarray:
    """Every contract's 36 bill dates by dateutil: the reference."""
    return np.array(
        [
            start + relativedelta(months=k)
            for start in starts.astype(date).tolist()
            for k in range(MONTHS)
        ],
        dtype="datetime64[D]",
    )


def dates_of(result: object) -> tuple[np.ndarray, int]:
    """Return a side's bill dates (contract by contract) and its total in cents."""
    import pandas as pd  # noqa: PLC0415 - the peer is optional (the bench extra)

    if isinstance(result, pd.DataFrame):
        return (
            result["bill_on"].to_numpy().astype("datetime64[D]"),
            int(result["amount"].sum()),
        )
    if isinstance(result, list):  # billing_schedule's records
        lines = [line for schedule in result for line in schedule]
        return (
            np.array([line.bill_on for line in lines], dtype="datetime64[D]"),
            sum(line.amount.to_minor_units() for line in lines),
        )
    if hasattr(result, "bill_on"):
        return result.bill_on, int(result.amount_minor.sum())  # type: ignore[attr-defined]
    return (  # polars
        result["bill_on"].to_numpy().astype("datetime64[D]"),  # type: ignore[index]
        int(result["amount"].sum()),  # type: ignore[index]
    )


def main() -> None:
    """Run both jobs and print each side's time, ratio and accuracy."""
    import pandas as pd  # noqa: PLC0415 - the peers are optional (the bench extra)
    import polars as pl  # noqa: PLC0415

    parser = argparse.ArgumentParser()
    parser.add_argument("--contracts", type=int, default=10_000)
    size = parser.parse_args().contracts
    book = portfolio(size)
    starts = np.array([c.term.start for c in book], dtype="datetime64[D]")
    ends = np.array([c.term.end for c in book], dtype="datetime64[D]")
    fees = np.array(
        [c.charges[0].amount.to_minor_units() for c in book], dtype=np.int64
    )

    def pandas_loop(count: int) -> pd.DataFrame:
        frames = []
        for index, start in enumerate(starts[:count]):
            dates = pd.date_range(
                pd.Timestamp(start), periods=MONTHS, freq=pd.DateOffset(months=1)
            )
            frames.append(
                pd.DataFrame(
                    {"contract": index, "bill_on": dates, "amount": fees[index]}
                )
            )
        return pd.concat(frames, ignore_index=True)

    def pandas_vectorised() -> pd.DataFrame:
        frame = pd.DataFrame(
            {"contract": np.arange(size), "start": starts, "amount": fees}
        )
        lines = frame.loc[frame.index.repeat(MONTHS)].reset_index(drop=True)
        step = lines.groupby("contract").cumcount().to_numpy()
        start = lines["start"].to_numpy().astype("datetime64[D]")
        month = start.astype("datetime64[M]") + step.astype("timedelta64[M]")
        first = month.astype("datetime64[D]")
        length = ((month + 1).astype("datetime64[D]") - first).astype(int)
        day = (start - start.astype("datetime64[M]").astype("datetime64[D]")).astype(
            int
        )
        lines["bill_on"] = first + np.minimum(day, length - 1).astype("timedelta64[D]")
        return lines

    table = pl.DataFrame({"start": starts, "end": ends, "amount": fees})

    def with_polars() -> pl.DataFrame:
        return table.select(
            pl.date_ranges("start", "end", "1mo", closed="left").alias("bill_on"),
            "amount",
        ).explode("bill_on")

    for count, title, sides, ours in (
        (
            size,
            f"billing lines from columns, {size:,} contracts x {MONTHS} months",
            {
                "pandas vectorised by hand": pandas_vectorised,
                "polars date_ranges + explode": with_polars,
                "accountkit fixed_fee_arrays": lambda: fixed_fee_arrays(
                    starts, ends, fees
                ),
            },
            "accountkit fixed_fee_arrays",
        ),
        (
            1_000,
            f"billing lines from Contract objects, 1,000 contracts x {MONTHS} months",
            {
                "pandas date_range(DateOffset) loop": lambda: pandas_loop(1_000),
                "accountkit billing_schedule per contract": lambda: [
                    billing_schedule(c) for c in book[:1_000]
                ],
                "accountkit billing_arrays": lambda: billing_arrays(book[:1_000]),
            },
            "accountkit billing_arrays",
        ),
    ):
        exact = exact_dates(starts[:count])
        total = int(fees[:count].sum()) * MONTHS

        def accuracy(
            _: str, result: object, exact: np.ndarray = exact, total: int = total
        ) -> str:
            dates, cents = dates_of(result)
            wrong = int((dates != exact).sum()) if len(dates) == len(exact) else -1
            return (
                f"{wrong:,} of {len(exact):,} dates wrong; "
                f"total {'exact' if cents == total else f'off by {cents - total:,}'}"
            )

        compare(title, sides, accuracy, ours=ours, repeat=5)


if __name__ == "__main__":
    main()
