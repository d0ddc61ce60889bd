"""Health scores for a portfolio: accountkit's score_many against its peers.

100,000 accounts x 12 measures with about 15% of values missing, on a scorecard
of four weighted groups of three measures (tiers, linear, good/average/poor and
percent-of-goal scorers), missing measures excluded and weights renormalised.

The same scoring written by hand with pandas (``pd.cut``, ``clip``,
``np.select``, renormalised weighted means; what an analyst writes first),
polars (expressions on a frame built beforehand, missing values as nulls),
duckdb (one SQL query over the same frame) and numpy (a column at a time on a
column-major copy), against ``score_many(scorecard, values)``. Each side's
overall scores are checked against exact ones (the same rules in Python
fractions, on every account); every side runs through the shared harness.

Usage: python benchmarks/bench_health.py
"""

from fractions import Fraction

from _timing import compare, floor

import numpy as np  # isort: skip - after the harness has pinned the threads

from accountkit.health import (
    Direction,
    GoodAveragePoor,
    Group,
    Linear,
    Measure,
    PercentOfGoal,
    Scorecard,
    ThresholdTiers,
    Tier,
    score_many,
)

ACCOUNTS, MISSING = 100_000, 0.15

TIERS = ThresholdTiers(
    tiers=(
        Tier(bound=30, score=100),
        Tier(bound=45, score=70),
        Tier(bound=60, score=40),
    ),
    direction=Direction.LOWER_IS_BETTER,
)
SCORERS = [
    TIERS,
    Linear(worst=95, best=100),
    GoodAveragePoor(good=0, poor=3),
    PercentOfGoal(goal=1_000_000),
]
GROUP_WEIGHTS = [30, 25, 25, 20]
MEASURE_WEIGHTS = [5, 3, 2]


def scorecard() -> Scorecard:
    """Four groups (financial, delivery, relationship, growth) of three measures."""
    names = ["financial", "delivery", "relationship", "growth"]
    groups = []
    for g, (name, weight) in enumerate(zip(names, GROUP_WEIGHTS, strict=True)):
        measures = tuple(
            Measure(id=f"{name}_{m}", scorer=SCORERS[(g + m) % 4], weight=w)
            for m, w in enumerate(MEASURE_WEIGHTS)
        )
        groups.append(Group(id=name, weight=weight, measures=measures))
    return Scorecard(name="bench", groups=tuple(groups))


def raw_values(rng: np.random.Generator) -> np.ndarray:
    """Values in each scorer's useful range, then about 15% knocked out."""
    columns = []
    for g in range(4):
        for m in range(3):
            kind = (g + m) % 4
            if kind == 0:
                columns.append(rng.uniform(10, 80, ACCOUNTS))
            elif kind == 1:
                columns.append(rng.uniform(93, 100, ACCOUNTS))
            elif kind == 2:
                columns.append(rng.integers(0, 5, ACCOUNTS).astype(float))
            else:
                columns.append(rng.uniform(0, 1_500_000, ACCOUNTS))
    values = np.stack(columns, axis=1)
    values[rng.random(values.shape) < MISSING] = np.nan
    return values


def with_pandas(values: np.ndarray, ids: list[str]) -> np.ndarray:
    """Score the accounts the way an analyst would write it with pandas."""
    import pandas as pd  # noqa: PLC0415 - the peer is optional (the bench extra)

    frame = pd.DataFrame(values, columns=ids)
    scored = pd.DataFrame(index=frame.index)
    for g in range(4):
        for m in range(3):
            column = frame[ids[g * 3 + m]]
            kind = (g + m) % 4
            if kind == 0:
                tiers = pd.cut(
                    column,
                    bins=[-np.inf, 30, 45, 60, np.inf],
                    labels=[100.0, 70.0, 40.0, 0.0],
                    right=True,
                    ordered=False,
                )
                scored[ids[g * 3 + m]] = tiers.astype(float)
            elif kind == 1:
                scored[ids[g * 3 + m]] = ((column - 95) * 100 / 5).clip(0, 100)
            elif kind == 2:
                choice = np.select([column <= 0, column >= 3], [100.0, 0.0], 60.0)
                scored[ids[g * 3 + m]] = pd.Series(choice, index=frame.index).where(
                    column.notna()
                )
            else:
                scored[ids[g * 3 + m]] = (column * 100 / 1_000_000).clip(0, 100)
    group_scores = pd.DataFrame(index=frame.index)
    for g in range(4):
        block = scored.iloc[:, g * 3 : g * 3 + 3]
        weights = pd.Series(MEASURE_WEIGHTS, index=block.columns, dtype=float)
        numerator = block.mul(weights).sum(axis=1)
        denominator = block.notna().mul(weights).sum(axis=1)
        group_scores[g] = (numerator / denominator).where(denominator > 0)
    weights = pd.Series(GROUP_WEIGHTS, index=group_scores.columns, dtype=float)
    numerator = group_scores.mul(weights).sum(axis=1)
    denominator = group_scores.notna().mul(weights).sum(axis=1)
    return (numerator / denominator).where(denominator > 0).to_numpy()


KINDS = [(g + m) % 4 for g in range(4) for m in range(3)]


def exact_scores(values: np.ndarray) -> list[Fraction | None]:
    """Every account's overall score in Python fractions: the reference."""

    def measure(kind: int, x: Fraction) -> Fraction:
        if kind == 0:
            return next(
                (Fraction(s) for b, s in ((30, 100), (45, 70), (60, 40)) if x <= b),
                Fraction(0),
            )
        if kind == 1:
            return min(max((x - 95) * 100 / 5, Fraction(0)), Fraction(100))
        if kind == 2:
            return Fraction(100) if x <= 0 else Fraction(0) if x >= 3 else Fraction(60)
        return min(max(x * 100 / 1_000_000, Fraction(0)), Fraction(100))

    def mean(pairs: list[tuple[Fraction | None, int]]) -> Fraction | None:
        present = [(s, w) for s, w in pairs if s is not None]
        if not present:
            return None
        return sum(s * w for s, w in present) / sum(w for _, w in present)

    result = []
    for row in values.tolist():
        scored = [
            None if np.isnan(x) else measure(kind, Fraction(x))
            for kind, x in zip(KINDS, row, strict=True)
        ]
        groups = [
            mean(list(zip(scored[g * 3 : g * 3 + 3], MEASURE_WEIGHTS, strict=True)))
            for g in range(4)
        ]
        result.append(mean(list(zip(groups, GROUP_WEIGHTS, strict=True))))
    return result


def with_numpy(values: np.ndarray) -> np.ndarray:
    """Score in numpy by hand, a column at a time (column-major copy)."""
    columns = np.asfortranarray(values)
    scored = np.empty_like(columns)
    for j, kind in enumerate(KINDS):
        x = columns[:, j]
        if kind == 0:
            s = np.select([x <= 30, x <= 45, x <= 60], [100.0, 70.0, 40.0], 0.0)
        elif kind == 1:
            s = np.clip((x - 95) * 100 / 5, 0, 100)
        elif kind == 2:
            s = np.select([x <= 0, x >= 3], [100.0, 0.0], 60.0)
        else:
            s = np.clip(x * 100 / 1_000_000, 0, 100)
        scored[:, j] = np.where(np.isnan(x), np.nan, s)
    present = ~np.isnan(scored)
    filled = np.where(present, scored, 0.0)
    weights = np.array(MEASURE_WEIGHTS, dtype=float)
    groups = np.empty((len(values), 4))
    with np.errstate(invalid="ignore"):  # a group with nothing present is NaN
        for g in range(4):
            part = slice(g * 3, g * 3 + 3)
            groups[:, g] = (filled[:, part] @ weights) / (present[:, part] @ weights)
        present = ~np.isnan(groups)
        weights = np.array(GROUP_WEIGHTS, dtype=float)
        return (np.where(present, groups, 0.0) @ weights) / (present @ weights)


def polars_query(ids: list[str]) -> object:
    """Return the scoring as polars expressions over a frame of the measures."""
    import polars as pl  # noqa: PLC0415 - the peers are optional (the bench extra)

    scored = []
    for column, kind in zip(ids, KINDS, strict=True):
        x = pl.col(column)
        if kind == 0:
            s = (
                pl.when(x <= 30)
                .then(100.0)
                .when(x <= 45)
                .then(70.0)
                .when(x <= 60)
                .then(40.0)
                .otherwise(0.0)
            )
        elif kind == 1:
            s = ((x - 95) * 100 / 5).clip(0, 100)
        elif kind == 2:
            s = pl.when(x <= 0).then(100.0).when(x >= 3).then(0.0).otherwise(60.0)
        else:
            s = (x * 100 / 1_000_000).clip(0, 100)
        scored.append(pl.when(x.is_null()).then(None).otherwise(s))

    def mean(parts: list[object], weights: list[int]) -> object:
        top = sum(p.fill_null(0) * w for p, w in zip(parts, weights, strict=True))
        bottom = sum(
            p.is_not_null().cast(pl.Float64) * w
            for p, w in zip(parts, weights, strict=True)
        )
        return pl.when(bottom > 0).then(top / bottom)

    groups = [mean(scored[g * 3 : g * 3 + 3], MEASURE_WEIGHTS) for g in range(4)]
    return mean(groups, GROUP_WEIGHTS).alias("score")


def polars_scores(frame: object, query: object) -> np.ndarray:
    """Run the polars scoring on the frame; return the overall scores."""
    scores: np.ndarray = frame.select(query)["score"].to_numpy()  # type: ignore[attr-defined]
    return scores


def duckdb_query(ids: list[str]) -> str:
    """Return the scoring as one SQL query over a table of the measures."""
    scored = []
    for column, kind in zip(ids, KINDS, strict=True):
        if kind == 0:
            s = (
                f"CASE WHEN {column} <= 30 THEN 100.0 WHEN {column} <= 45 THEN 70.0 "
                f"WHEN {column} <= 60 THEN 40.0 ELSE 0.0 END"
            )
        elif kind == 1:
            s = f"least(greatest(({column} - 95) * 100 / 5, 0), 100)"
        elif kind == 2:
            s = (
                f"CASE WHEN {column} <= 0 THEN 100.0 WHEN {column} >= 3 THEN 0.0 "
                "ELSE 60.0 END"
            )
        else:
            s = f"least(greatest({column} * 100 / 1000000, 0), 100)"
        scored.append(
            f"CASE WHEN {column} IS NULL THEN NULL ELSE {s} END AS s_{column}"
        )

    def mean(parts: list[str], weights: list[int]) -> str:
        top = " + ".join(
            f"coalesce({p}, 0) * {w}" for p, w in zip(parts, weights, strict=True)
        )
        bottom = " + ".join(
            f"({p} IS NOT NULL)::DOUBLE * {w}"
            for p, w in zip(parts, weights, strict=True)
        )
        return f"CASE WHEN ({bottom}) > 0 THEN ({top}) / ({bottom}) END"

    groups = [
        mean([f"s_{c}" for c in ids[g * 3 : g * 3 + 3]], MEASURE_WEIGHTS) + f" AS g{g}"
        for g in range(4)
    ]
    overall = mean([f"g{g}" for g in range(4)], GROUP_WEIGHTS)
    return (
        f"SELECT {overall} AS score FROM (SELECT {', '.join(groups)} FROM "
        f"(SELECT {', '.join(scored)} FROM accounts))"
    )


def main() -> None:
    """Time every side, interleaved; check each against the exact scores."""
    import duckdb  # noqa: PLC0415 - the peers are optional (the bench extra)
    import polars as pl  # noqa: PLC0415

    card = scorecard()
    values = raw_values(np.random.default_rng(12))
    ids = list(card.measure_ids)
    exact = exact_scores(values)
    frame = pl.DataFrame(values, schema=ids, orient="row", nan_to_null=True)
    query = polars_query(ids)
    database = duckdb.connect()
    database.execute("SET threads TO 1")
    database.register("accounts", frame.to_arrow())
    sql = duckdb_query(ids)

    def accuracy(_: str, result: object) -> str:
        found = np.asarray(result, dtype=np.float64)
        worst, wrong = 0.0, 0
        for got, want in zip(found.tolist(), exact, strict=True):
            if want is None or np.isnan(got):
                wrong += (want is None) != bool(np.isnan(got))
                continue
            worst = max(worst, abs(float(Fraction(got) - want)))
        return f"largest error {worst:.1e}; {wrong} missing where not, or not where"

    timings = compare(
        f"health scores, {ACCOUNTS:,} accounts x 12 measures, {MISSING:.0%} missing",
        {
            "pandas, by hand": lambda: with_pandas(values, ids),
            "polars expressions": lambda: polars_scores(frame, query),
            "duckdb SQL": lambda: database.execute(sql).fetchnumpy()["score"],
            "numpy, by hand": lambda: with_numpy(values),
            "accountkit score_many": lambda: score_many(card, values).score,
        },
        accuracy,
        ours="accountkit score_many",
    )
    floor(
        values.nbytes,
        timings["accountkit score_many"].best,
        lambda: score_many(card, values),
    )


if __name__ == "__main__":
    main()
