"""Billing schedules for 10,000 three-year contracts with monthly fees.

Compares, on the same generated portfolio in one run:

1. ``accountkit.contracts.fixed_fee_arrays`` - the columnar path (from the
   columns a DataFrame holds);
2. ``accountkit.contracts.billing_arrays`` - the portfolio path from Contract
   objects (numpy arrays out);
3. ``accountkit.contracts.billing_schedule`` per contract - the object path;
4. pandas, the per-contract idiom: ``pd.date_range(start, periods=36,
   freq=pd.DateOffset(months=1))`` in a loop;
5. pandas, vectorised: repeat the rows 36 times, add whole months with period
   arithmetic and clamp the day to the month's length by hand.

Each pandas version bills the fee unprorated on each monthly date. The script
checks every version's bill dates and total against accountkit's and says where
they differ: ``pd.DateOffset`` steps from the previous date, so a contract
starting on the 31st drifts to the 28th/29th after February.

Usage: python benchmarks/bench_billing.py [--contracts N]
"""

import argparse
import random
from datetime import date

import numpy as np
from _timing import best_of

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


def main() -> None:
    """Run every version and print times, ratios and agreement."""
    import pandas as pd  # noqa: PLC0415 - the peer is optional (the bench extra)

    parser = argparse.ArgumentParser()
    parser.add_argument("--contracts", type=int, default=10_000)
    size = parser.parse_args().contracts
    book = portfolio(size)
    starts = np.array([c.term.start for c in book], dtype="datetime64[D]")
    fees = np.array(
        [c.charges[0].amount.to_minor_units() for c in book], dtype=np.int64
    )

    def pandas_loop() -> pd.DataFrame:
        frames = []
        for index, start in enumerate(starts):
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

    ends = np.array([c.term.end for c in book], dtype="datetime64[D]")
    columnar, columns = best_of(lambda: fixed_fee_arrays(starts, ends, fees), 3)
    ours, arrays = best_of(lambda: billing_arrays(book), 3)
    objects, schedules = best_of(lambda: [billing_schedule(c) for c in book], 1)
    loop, looped = best_of(pandas_loop, 1)
    vectorised, frame = best_of(pandas_vectorised, 3)

    expected_dates = arrays.bill_on
    expected_total = int(arrays.amount_minor.sum())
    object_total = sum(
        line.amount.to_minor_units() for lines in schedules for line in lines
    )
    loop_dates = looped["bill_on"].to_numpy().astype("datetime64[D]")
    vector_dates = frame["bill_on"].to_numpy().astype("datetime64[D]")
    lines = len(expected_dates)
    print(f"{size:,} contracts x {MONTHS} months = {lines:,} billing lines")
    same = columns.amount_minor.tolist() == arrays.amount_minor.tolist()
    print(f"  accountkit fixed_fee_arrays   : {columnar:7.3f} s  (same lines: {same})")
    print(f"  accountkit billing_arrays     : {ours:7.3f} s")
    print(
        f"  accountkit billing_schedule   : {objects:7.3f} s  "
        f"({objects / ours:5.1f}x arrays; "
        f"same total: {object_total == expected_total})"
    )
    print(
        f"  pandas date_range loop        : {loop:7.3f} s  "
        f"({loop / ours:5.1f}x arrays; "
        f"dates differing: {int((loop_dates != expected_dates).sum()):,})"
    )
    print(
        f"  pandas vectorised by hand     : {vectorised:7.3f} s  "
        f"({vectorised / columnar:5.1f}x columns; "
        f"dates differing: {int((vector_dates != expected_dates).sum()):,})"
    )


if __name__ == "__main__":
    main()
