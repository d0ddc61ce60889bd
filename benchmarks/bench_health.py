"""Health scores for a portfolio: accountkit's score_many against pandas.

100,000 accounts x 12 measures with about 15% of values missing, on a scorecard
of four weighted groups of three measures (tiers, linear, good/average/poor and
percent-of-goal scorers), missing measures excluded and weights renormalised.

1. pandas: the same scoring written the way an analyst would — a DataFrame of
   raw values, one scored column per measure (``pd.cut`` for tiers, ``clip``
   for linear and percent of goal, ``np.select`` for good/average/poor), then
   weighted means with renormalisation per group and overall.
2. accountkit: ``score_many(scorecard, values)``.

The script checks that both give the same scores and prints the ratio.

Usage: python benchmarks/bench_health.py
"""

import numpy as np
from _timing import best_of

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


def main() -> None:
    """Time both and check they agree."""
    card = scorecard()
    values = raw_values(np.random.default_rng(12))
    ids = list(card.measure_ids)
    peer_time, theirs = best_of(lambda: with_pandas(values, ids), repeat=7)
    ours_time, result = best_of(lambda: score_many(card, values), repeat=7)
    ours = result.score  # type: ignore[attr-defined]
    same = np.allclose(ours, theirs, rtol=1e-12, atol=1e-9, equal_nan=True)
    print(f"Health scores, {ACCOUNTS:,} accounts x 12 measures, {MISSING:.0%} missing")
    print(f"  pandas, written by hand : {peer_time:6.3f} s")
    print(
        f"  accountkit score_many   : {ours_time:6.3f} s"
        f"  ({peer_time / ours_time:4.1f}x faster; same scores: {same})"
    )


if __name__ == "__main__":
    main()
