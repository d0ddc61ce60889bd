"""A firm's time by person and month and by engagement and month.

10,000 people x 52 weeks, an entry each weekday of 2026 (2.61 million) on
2,000 engagements, hours in quarters, a third of the people with a rate rise
on 1 July: hours, billable hours, cost and standard value at the rate in
effect on each day, by person and month and by engagement and month.

- pandas: ``merge_asof`` of the rates onto the entries, then two ``groupby``
  sums (what a user would write first);
- polars: ``join_asof`` and two ``group_by`` sums (the strongest peer; one
  thread, as every side, through the shared harness);
- accountkit: ``time_arrays``.

Every side runs through the shared harness (one thread, warmed up,
interleaved, median and best of seven). The accuracy is each side's cost
cells, rounded half-up to the cent, against the exact integer result (hours
in hundredths times cents, summed in Python integers over a sample of
cells).

Then the review's cost of the delivery area: the sample's Contoso (a year
of time, 2,746 entries, seven people) reviewed with its delivery records and
without them, interleaved; the difference is what the area costs an account
that keeps such records.

Usage: python benchmarks/bench_delivery.py
"""

from datetime import date

from _timing import compare

import numpy as np  # isort: skip - after the harness has pinned the threads

from accountkit import Period
from accountkit.delivery import time_arrays

PEOPLE, ENGAGEMENTS = 10_000, 2_000
YEAR = Period(date(2026, 1, 1), date(2027, 1, 1))


def data(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Return the generated entries and rate changes, as time_arrays takes them."""
    # every weekday of 2026 (261): 5 January 2026 is a Monday
    offsets = np.arange(365)
    offsets = offsets[(offsets - 4) % 7 < 5]
    day = np.datetime64("2026-01-01") + np.tile(offsets, PEOPLE)
    person = np.repeat(np.arange(PEOPLE), offsets.size)
    size = day.size
    risers = np.arange(0, PEOPLE, 3)
    cost = rng.integers(3_000, 12_000, PEOPLE + risers.size)
    return {
        "person": person,
        "engagement": rng.integers(0, ENGAGEMENTS, size),
        "day": day,
        "hours": rng.integers(1, 41, size) * 0.25,
        "billable": rng.random(size) < 0.8,
        "rate_person": np.concatenate([np.arange(PEOPLE), risers]),
        "rate_from": np.concatenate(
            [
                np.full(PEOPLE, np.datetime64("2025-01-01")),
                np.full(risers.size, np.datetime64("2026-07-01")),
            ]
        ),
        "cost_rate": cost,
        "bill_rate": cost * 2,
    }


def main() -> None:
    """Time the three sides, interleaved, and print the figures."""
    import pandas as pd  # noqa: PLC0415 - the peers are optional (the bench extra)
    import polars as pl  # noqa: PLC0415

    columns = data(np.random.default_rng(18))
    entries = {
        k: columns[k] for k in ("person", "engagement", "day", "hours", "billable")
    }
    rates = {
        k: columns[k] for k in ("rate_person", "rate_from", "cost_rate", "bill_rate")
    }
    measures = ["hours", "billable_hours", "cost", "standard"]

    def with_pandas() -> tuple[object, object]:
        frame = pd.DataFrame(entries).sort_values("day")
        table = pd.DataFrame(
            {
                "person": rates["rate_person"],
                "day": rates["rate_from"].astype("datetime64[ns]"),
                "cost_rate": rates["cost_rate"],
                "bill_rate": rates["bill_rate"],
            }
        ).sort_values("day")
        frame["day"] = frame["day"].astype("datetime64[ns]")
        joined = pd.merge_asof(frame, table, on="day", by="person")
        joined["billable_hours"] = joined["hours"].where(joined["billable"], 0.0)
        joined["cost"] = joined["hours"] * joined["cost_rate"]
        joined["standard"] = joined["billable_hours"] * joined["bill_rate"]
        joined["month"] = joined["day"].dt.to_period("M")
        return (
            joined.groupby(["person", "month"])[measures].sum(),
            joined.groupby(["engagement", "month"])[measures].sum(),
        )

    def with_polars() -> tuple[object, object]:
        frame = pl.DataFrame(entries).sort("day")
        table = pl.DataFrame(
            {
                "person": rates["rate_person"],
                "day": rates["rate_from"],
                "cost_rate": rates["cost_rate"],
                "bill_rate": rates["bill_rate"],
            }
        ).sort("day")
        joined = (
            frame.join_asof(table, on="day", by="person", check_sortedness=False)
            .with_columns(
                billable_hours=pl.when(pl.col("billable"))
                .then(pl.col("hours"))
                .otherwise(0.0),
                month=pl.col("day").dt.truncate("1mo"),
            )
            .with_columns(
                cost=pl.col("hours") * pl.col("cost_rate"),
                standard=pl.col("billable_hours") * pl.col("bill_rate"),
            )
        )
        return (
            joined.group_by(["person", "month"]).agg(pl.col(measures).sum()),
            joined.group_by(["engagement", "month"]).agg(pl.col(measures).sum()),
        )

    def with_accountkit() -> object:
        return time_arrays(**columns, currency="EUR", period=YEAR)

    ours = with_accountkit()
    months = ours.by_person.months  # type: ignore[attr-defined]
    # the exact result, independently: Python integers over 200 people
    sample = np.random.default_rng(1).choice(PEOPLE, 200, replace=False)
    checked = _exact_cells(columns, sample, months)

    def accuracy(name: str, result: object) -> str:
        if name == "accountkit":
            cost = result.by_person.cost  # type: ignore[attr-defined]
        elif name == "pandas":
            cost = (
                result[0]  # type: ignore[index]
                .reset_index()
                .pivot_table(
                    index="person", columns="month", values="cost", fill_value=0.0
                )
                .to_numpy()
            )
        else:  # every person works in every month: the sorted cells make the table
            cost = (
                result[0]  # type: ignore[index]
                .sort(["person", "month"])["cost"]
                .to_numpy()
                .reshape(PEOPLE, months.size)
            )
        if cost.dtype.kind == "f":
            cost = np.floor(cost + 0.5).astype(np.int64)
        right = int((cost[sample] == checked).sum())
        return f"cost cells exact to the cent: {right} of {checked.size} checked"

    compare(
        "time by person and month and by engagement and month: "
        f"{columns['day'].size:,} entries, {PEOPLE:,} people, "
        f"{ENGAGEMENTS:,} engagements",
        {"pandas": with_pandas, "polars": with_polars, "accountkit": with_accountkit},
        accuracy,
        ours="accountkit",
    )


def _exact_cells(
    columns: dict[str, np.ndarray], sample: np.ndarray, months: np.ndarray
) -> np.ndarray:
    """Return the exact cost in cents of the ``sample`` people by month."""
    rows = {int(p): r for r, p in enumerate(sample)}
    totals = [[0] * months.size for _ in sample]
    rates: dict[int, list[tuple[int, int]]] = {}
    for who, start, cost in zip(
        columns["rate_person"].tolist(),
        columns["rate_from"].astype(np.int64).tolist(),
        columns["cost_rate"].tolist(),
        strict=True,
    ):
        rates.setdefault(who, []).append((start, cost))
    edges = np.append(
        months.astype(np.int64), np.datetime64("2027-01-01", "D").astype(np.int64)
    )
    mask = np.isin(columns["person"], sample)
    for who, day, hours in zip(
        columns["person"][mask].tolist(),
        columns["day"][mask].astype(np.int64).tolist(),
        columns["hours"][mask].tolist(),
        strict=True,
    ):
        rate = max((r for r in rates[who] if r[0] <= day), key=lambda r: r[0])[1]
        column = int(np.searchsorted(edges, day, side="right")) - 1
        totals[rows[who]][column] += round(hours * 100) * rate
    return np.array([[(t + 50) // 100 for t in row] for row in totals])


def review_cost() -> None:
    """Time Contoso's review with and without its delivery records."""
    import attrs  # noqa: PLC0415

    from accountkit.account import review, sample_portfolio  # noqa: PLC0415

    contoso = sample_portfolio()[1]
    bare = attrs.evolve(contoso, delivery=None)
    day = date(2026, 6, 30)

    def accuracy(_: str, result: object) -> str:
        # no reference to check against: say what the review holds
        recorded = getattr(getattr(result, "delivery", None), "recorded", False)
        return "delivery recorded" if recorded else "no delivery records"

    runs = compare(
        "Contoso's review, with and without its delivery records",
        {
            "with delivery": lambda: review(contoso, as_of=day),
            "without": lambda: review(bare, as_of=day),
        },
        accuracy,
        ours="with delivery",
        repeat=9,
    )
    extra = runs["with delivery"].median - runs["without"].median
    print(f"the delivery area: {extra * 1000:.1f} ms an account (medians)")


if __name__ == "__main__":
    main()
    review_cost()
