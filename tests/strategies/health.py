"""Strategies for accountkit.health: scorers, scorecards, observations, scores."""

from datetime import date, timedelta

import numpy as np
from hypothesis import strategies as st

from accountkit.health import (
    Band,
    Bands,
    Direction,
    GoodAveragePoor,
    Group,
    GroupScore,
    HealthScore,
    Linear,
    Measure,
    MeasureChange,
    MeasureScore,
    MissingPolicy,
    Observation,
    Override,
    PercentOfGoal,
    RollUp,
    Scorecard,
    ScoreChange,
    SurveyResult,
    ThresholdTiers,
    Tier,
    Trend,
    compare,
    nps,
    roll_up,
    score,
    trend,
)

__all__ = ["AS_OF", "raw_values", "scorecards", "scored", "scorers", "values_near"]

AS_OF = date(2026, 6, 30)
finite = st.floats(-1e6, 1e6, allow_nan=False)
points = st.floats(0, 100)
weights = st.floats(0, 100, allow_subnormal=False)
"""Weights from 0 to 100; subnormal floats (5e-324) are left out, since a weight
that small underflows to 0 in a share of the total and says nothing a card
would mean (the property tests compare cards that differ only in it)."""

tiers = st.builds(Tier, bound=finite, score=points)
tier_sets = st.lists(tiers, min_size=1, max_size=4, unique_by=lambda t: t.bound).map(
    tuple
)
thresholds = st.builds(
    ThresholdTiers,
    tiers=tier_sets,
    direction=st.sampled_from(Direction),
    otherwise=points,
)
linears = (
    st.tuples(finite, finite)
    .filter(lambda p: p[0] != p[1])
    .map(lambda p: Linear(worst=p[0], best=p[1]))
)
gaps = (
    st.tuples(finite, finite)
    .filter(lambda p: p[0] != p[1])
    .map(lambda p: GoodAveragePoor(good=p[0], poor=p[1]))
)
goals = st.floats(1e-3, 1e6).map(lambda g: PercentOfGoal(goal=g))
scorers = st.one_of(thresholds, linears, gaps, goals)


@st.composite
def band_sets(draw: st.DrawFn) -> Bands:
    cuts = sorted(draw(st.sets(st.integers(1, 99), max_size=3)))
    names = ["red", "amber", "yellow", "green"]
    uppers = [*cuts, 100]
    return Bands(
        bands=tuple(Band(name=n, upper=u) for n, u in zip(names, uppers, strict=False))
    )


policies = st.sampled_from(
    [
        MissingPolicy.EXCLUDE,
        MissingPolicy.ZERO,
        MissingPolicy.NEUTRAL,
        MissingPolicy.FIXED,
    ]
)


@st.composite
def scorecards(draw: st.DrawFn, policy: MissingPolicy | None = None) -> Scorecard:
    """Two levels at most: top-level measures and groups of measures."""
    counter = iter(range(100))

    def measure() -> Measure:
        return Measure(
            id=f"m{next(counter)}",
            scorer=draw(scorers),
            weight=draw(weights),
            missing=draw(st.none() | policies),
            neutral=draw(points),
            critical=draw(st.booleans()),
        )

    top = [measure() for _ in range(draw(st.integers(0, 3)))]
    groups = []
    for g in range(draw(st.integers(0 if top else 1, 3))):
        members = tuple(measure() for _ in range(draw(st.integers(1, 3))))
        groups.append(Group(id=f"g{g}", weight=draw(weights), measures=members))
    return Scorecard(
        name="card",
        measures=tuple(top),
        groups=tuple(groups),
        missing=policy or draw(policies),
        bands=draw(band_sets()),
        worst_of=draw(st.booleans()),
    )


def values_near(
    scorer: ThresholdTiers | Linear | GoodAveragePoor | PercentOfGoal,
) -> st.SearchStrategy[float]:
    """Values anywhere, and exactly on or one double either side of a cut."""
    if isinstance(scorer, ThresholdTiers):
        cuts = [t.bound for t in scorer.tiers]
    elif isinstance(scorer, GoodAveragePoor):
        cuts = [scorer.good, scorer.poor]
    elif isinstance(scorer, Linear):
        cuts = [scorer.worst, scorer.best]
    else:
        cuts = [0.0, scorer.goal]
    edges = st.sampled_from(cuts).flatmap(
        lambda c: st.sampled_from(
            [c, float(np.nextafter(c, -np.inf)), float(np.nextafter(c, np.inf))]
        )
    )
    return edges | finite | st.floats(allow_nan=False, allow_infinity=False)


def raw_values(card: Scorecard) -> st.SearchStrategy[list[float]]:
    """One raw value (or NaN) per measure of ``card``."""
    count = len(card.measure_ids)
    return st.lists(finite | st.just(np.nan), min_size=count, max_size=count)


@st.composite
def scored(draw: st.DrawFn) -> HealthScore:
    card = draw(scorecards())
    values = draw(raw_values(card))
    seen = [
        Observation(
            measure=m,
            value=v,
            observed_on=AS_OF - timedelta(days=draw(st.integers(0, 60))),
        )
        for m, v in zip(card.measure_ids, values, strict=True)
        if not np.isnan(v)
    ]
    return score(
        card, seen, as_of=AS_OF, account=draw(st.sampled_from(["north", "south"]))
    )


st.register_type_strategy(Tier, tiers)
st.register_type_strategy(ThresholdTiers, thresholds)
st.register_type_strategy(Linear, linears)
st.register_type_strategy(GoodAveragePoor, gaps)
st.register_type_strategy(PercentOfGoal, goals)
st.register_type_strategy(Bands, band_sets())
st.register_type_strategy(Band, band_sets().flatmap(lambda b: st.sampled_from(b.bands)))
st.register_type_strategy(Scorecard, scorecards())
st.register_type_strategy(
    Measure,
    scorecards().flatmap(
        lambda c: st.sampled_from(
            [*c.measures, *(m for g in c.groups for m in g.measures)]
        )
    ),
)
st.register_type_strategy(
    Group,
    scorecards()
    .filter(lambda c: bool(c.groups))
    .flatmap(lambda c: st.sampled_from(c.groups)),
)
st.register_type_strategy(
    Observation,
    st.builds(
        Observation,
        measure=st.sampled_from(["m0", "m1"]),
        value=finite,
        observed_on=st.just(AS_OF),
    ),
)
st.register_type_strategy(
    Override,
    st.builds(
        Override,
        target=st.sampled_from(["m0", "g0"]),
        score=points,
        author=st.sampled_from(["ana", "raj"]),
        reason=st.text(max_size=20),
        set_on=st.just(AS_OF),
        expires_on=st.just(AS_OF + timedelta(days=30)),
    ),
)
st.register_type_strategy(HealthScore, scored())
st.register_type_strategy(
    MeasureScore,
    scored()
    .filter(lambda s: bool(s.measures))
    .flatmap(lambda s: st.sampled_from(s.measures)),
)
st.register_type_strategy(
    GroupScore,
    scored()
    .filter(lambda s: bool(s.groups))
    .flatmap(lambda s: st.sampled_from(s.groups)),
)
st.register_type_strategy(
    ScoreChange,
    st.tuples(scored(), scored())
    .filter(lambda p: p[0].scorecard == p[1].scorecard)
    .map(lambda p: compare(*p)),
)
st.register_type_strategy(
    MeasureChange,
    st.builds(
        MeasureChange, id=st.just("m0"), before=points, after=points, change=points
    ),
)
st.register_type_strategy(Trend, st.lists(scored(), min_size=1, max_size=3).map(trend))
st.register_type_strategy(RollUp, st.lists(scored(), max_size=3).map(roll_up))
st.register_type_strategy(
    SurveyResult, st.lists(st.integers(0, 10), max_size=30).map(nps)
)
