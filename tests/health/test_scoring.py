import math
from datetime import date, timedelta

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit import (
    CurrencyMismatchError,
    InsufficientDataError,
    Money,
    ValidationError,
)
from accountkit.health import (
    Band,
    Bands,
    Direction,
    GoodAveragePoor,
    Group,
    Linear,
    Measure,
    MeasureStatus,
    MissingPolicy,
    Observation,
    Override,
    PercentOfGoal,
    Scorecard,
    ThresholdTiers,
    Tier,
    compare,
    roll_up,
    score,
    score_many,
    trend,
)
from strategies.health import AS_OF, raw_values, scorecards, scorers, values_near

GOAL = PercentOfGoal(goal=100)  # the raw value is the score


def seen(day: date = AS_OF, **values: float) -> list[Observation]:
    return [Observation(measure=k, value=v, observed_on=day) for k, v in values.items()]


def three_groups(policy: MissingPolicy) -> Scorecard:
    return Scorecard(
        name="cs",
        missing=policy,
        groups=(
            Group(id="support", weight=40, measures=(Measure(id="csat", scorer=GOAL),)),
            Group(
                id="adoption", weight=35, measures=(Measure(id="usage", scorer=GOAL),)
            ),
            Group(
                id="relationship",
                weight=25,
                measures=(
                    Measure(id="nps", scorer=GOAL),
                    Measure(id="exec", scorer=GOAL),
                ),
            ),
        ),
    )


# --- worked cases ----------------------------------------------------------------------


def test_gainsight_weighted_average_worked_case():
    """Gainsight's documentation: weights 20, 15, 22 on 47, 59, 21 give 40.12.

    (20 x 47 + 15 x 59 + 22 x 21) / 57 = 2,287 / 57 = 40.1228.
    """
    card = Scorecard(
        name="cs",
        measures=(
            Measure(id="a", weight=20, scorer=GOAL),
            Measure(id="b", weight=15, scorer=GOAL),
            Measure(id="c", weight=22, scorer=GOAL),
        ),
    )
    result = score(card, seen(a=47, b=59, c=21), as_of=AS_OF)
    assert round(result.score, 2) == 40.12
    assert result.score == pytest.approx(2287 / 57)
    assert sum(part for _, _, part in result.explain()) == pytest.approx(result.score)


@pytest.mark.parametrize(
    ("policy", "expected", "completeness"),
    [
        # (0.40 x 40 + 0.35 x 80) / 0.75 = 44 / 0.75
        (MissingPolicy.EXCLUDE, 58.67, 0.75),
        # 16 + 28 + 0.25 x 0
        (MissingPolicy.ZERO, 44.0, 0.75),
        # 16 + 28 + 0.25 x 50
        (MissingPolicy.NEUTRAL, 56.5, 0.75),
        # weights kept, nothing added: as zero
        (MissingPolicy.FIXED, 44.0, 0.75),
    ],
)
def test_missing_data_worked_case(policy, expected, completeness):
    """The issue's case: Support 40% scoring 40, Adoption 35% scoring 80,
    Relationship 25% with every measure missing."""
    result = score(three_groups(policy), seen(csat=40, usage=80), as_of=AS_OF)
    assert round(result.score, 2) == expected
    assert result.completeness == pytest.approx(completeness)
    relationship = next(g for g in result.groups if g.id == "relationship")
    if policy is MissingPolicy.EXCLUDE:
        assert relationship.score is None
        assert relationship.weight == 0
    if policy is MissingPolicy.NEUTRAL:
        assert relationship.score == 50


def test_one_scorecard_gives_each_pattern_of_missing_measures_its_own_weights():
    """The shares depend on which measures count; scored in turn on one
    scorecard, each pattern gets its own. Group weights 40/35/25, nps and
    exec equal inside relationship:

    - all four: csat 0.40, usage 0.35, nps 0.125, exec 0.125;
    - nps missing: exec carries relationship's 0.25 alone;
    - relationship missing: 40/75 and 35/75;
    - all four again: as the first.
    """
    card = three_groups(MissingPolicy.EXCLUDE)
    every = {"csat": 40, "usage": 80, "nps": 60, "exec": 20}
    cases = [
        (every, {"csat": 0.4, "usage": 0.35, "nps": 0.125, "exec": 0.125}),
        (
            {k: v for k, v in every.items() if k != "nps"},
            {"csat": 0.4, "usage": 0.35, "nps": 0.0, "exec": 0.25},
        ),
        (
            {"csat": 40, "usage": 80},
            {"csat": 40 / 75, "usage": 35 / 75, "nps": 0.0, "exec": 0.0},
        ),
        (every, {"csat": 0.4, "usage": 0.35, "nps": 0.125, "exec": 0.125}),
    ]
    for values, weights in cases:
        result = score(card, seen(**values), as_of=AS_OF)
        assert {m.id: m.weight for m in result.measures} == pytest.approx(weights)
        assert result.score == pytest.approx(
            sum(weights[k] * v for k, v in values.items())
        )


def test_fail_policy_refuses_to_score():
    with pytest.raises(InsufficientDataError, match="measure 'nps' has no value"):
        score(
            three_groups(MissingPolicy.FAIL),
            seen(csat=40, usage=80, exec=70),
            as_of=AS_OF,
        )


def test_a_measure_policy_overrides_the_scorecard_default():
    """nps missing scores 0 by its own policy; exec is excluded by default.
    Relationship = 0; overall 0.4 x 40 + 0.35 x 80 + 0.25 x 0 = 44."""
    card = three_groups(MissingPolicy.EXCLUDE)
    relationship = card.groups[2]
    nps = attrs.evolve(relationship.measures[0], missing=MissingPolicy.ZERO)
    card = attrs.evolve(
        card,
        groups=(
            *card.groups[:2],
            attrs.evolve(relationship, measures=(nps, relationship.measures[1])),
        ),
    )
    result = score(card, seen(csat=40, usage=80), as_of=AS_OF)
    assert result.score == pytest.approx(44)
    status = {m.id: m.status for m in result.measures}
    assert status["nps"] is MeasureStatus.DEFAULTED
    assert status["exec"] is MeasureStatus.MISSING


def test_rag_bands_exclude_their_lower_bound():
    """0-50 red, 51-75 amber, 76-100 green: 50 is red and 50.01 amber."""
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL),))
    bands = [
        score(card, seen(a=v), as_of=AS_OF).band for v in (0, 50, 50.01, 75, 75.01, 100)
    ]
    assert bands == ["red", "red", "amber", "amber", "green", "green"]


def test_per_measure_bands_and_the_worst_of_rule():
    """Availability is critical with its own bands (red up to 99): at 98.5 it is
    red, so the account is red though the score is 0.5 x 98.5 + 0.5 x 90 = 94.25."""
    strict = Bands(bands=(Band(name="red", upper=99), Band(name="green", upper=100)))
    card = Scorecard(
        name="cs",
        worst_of=True,
        measures=(
            Measure(id="availability", scorer=GOAL, bands=strict, critical=True),
            Measure(id="csat", scorer=GOAL),
        ),
    )
    result = score(card, seen(availability=98.5, csat=90), as_of=AS_OF)
    assert result.score == pytest.approx(94.25)
    assert result.band == "red"
    assert "worst-of rule: availability in red" in result.flags
    assert (
        score(
            attrs.evolve(card, worst_of=False),
            seen(availability=98.5, csat=90),
            as_of=AS_OF,
        ).band
        == "green"
    )


# --- observations, overrides, staleness ---------------------------------------------


def test_the_latest_observation_on_or_before_the_day_counts():
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL),))
    history = [
        Observation(measure="a", value=30, observed_on=AS_OF - timedelta(days=40)),
        Observation(measure="a", value=60, observed_on=AS_OF - timedelta(days=10)),
        Observation(measure="a", value=90, observed_on=AS_OF + timedelta(days=1)),
    ]
    assert score(card, history, as_of=AS_OF).score == 60


def test_an_old_observation_is_flagged_stale_but_scored():
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL, valid_days=30),))
    old = [Observation(measure="a", value=70, observed_on=AS_OF - timedelta(days=45))]
    result = score(card, old, as_of=AS_OF)
    assert result.score == 70
    assert result.measures[0].status is MeasureStatus.STALE
    assert result.flags == ("a is stale: observed 45 days ago, valid for 30",)


def test_overrides_apply_until_they_expire():
    """An override of the relationship group to 90 by ana, until 31 July:
    0.4 x 40 + 0.35 x 80 + 0.25 x 90 = 66.5. After it expires, it is flagged."""
    card = three_groups(MissingPolicy.EXCLUDE)
    hand = Override(
        target="relationship",
        score=90,
        author="ana",
        reason="QBR went well",
        set_on=date(2026, 6, 1),
        expires_on=date(2026, 7, 31),
    )
    result = score(card, seen(csat=40, usage=80), as_of=AS_OF, overrides=[hand])
    assert result.score == pytest.approx(66.5)
    assert result.completeness == pytest.approx(1.0)
    assert next(g for g in result.groups if g.id == "relationship").overridden == (
        "ana: QBR went well"
    )
    assert {part for part, _, _ in result.explain()} == {
        "csat",
        "usage",
        "relationship",
    }
    later = score(
        card, seen(csat=40, usage=80), as_of=date(2026, 8, 1), overrides=[hand]
    )
    assert later.score == pytest.approx(176 / 3)  # 44 / 0.75, exactly
    assert later.flags == ("override of relationship by ana expired on 2026-07-31",)


def test_a_measure_override_replaces_its_score():
    card = three_groups(MissingPolicy.EXCLUDE)
    hand = Override(
        target="usage",
        score=20,
        author="raj",
        reason="licences lapsing",
        set_on=AS_OF,
        expires_on=AS_OF,
    )
    result = score(card, seen(csat=40, usage=80), as_of=AS_OF, overrides=[hand])
    usage = next(m for m in result.measures if m.id == "usage")
    assert (usage.score, usage.status, usage.raw) == (20, MeasureStatus.OVERRIDDEN, 80)
    assert result.score == pytest.approx((0.40 * 40 + 0.35 * 20) / 0.75)


def test_unknown_names_are_refused_with_their_path():
    card = three_groups(MissingPolicy.EXCLUDE)
    with pytest.raises(
        ValidationError, match=r"observations\[0\].measure: no measure 'nsp'"
    ):
        score(card, seen(nsp=5), as_of=AS_OF)
    bad = Override(
        target="sales", score=1, author="x", reason="", set_on=AS_OF, expires_on=AS_OF
    )
    with pytest.raises(
        ValidationError, match=r"overrides\[0\].target: no measure or group"
    ):
        score(card, [], as_of=AS_OF, overrides=[bad])


def test_an_id_used_twice_is_named():
    with pytest.raises(
        ValidationError, match=r"groups\[0\].measures\[0\].id: id 'a' is also used"
    ):
        Scorecard(
            name="cs",
            measures=(Measure(id="a", scorer=GOAL),),
            groups=(Group(id="g", measures=(Measure(id="a", scorer=GOAL),)),),
        )


# --- change, trend, roll-up ----------------------------------------------------------


def test_compare_names_what_moved_the_score():
    """May: csat 60, usage 80 -> (24 + 28) / 0.75 = 69.33.
    June: csat 30, usage 80 -> (12 + 28) / 0.75 = 53.33; csat moved it by -16."""
    card = three_groups(MissingPolicy.EXCLUDE)
    may = score(
        card, seen(date(2026, 5, 31), csat=60, usage=80), as_of=date(2026, 5, 31)
    )
    june = score(card, seen(csat=30, usage=80), as_of=AS_OF)
    move = compare(may, june)
    assert move.change == pytest.approx(-16)
    assert move.measures[0].id == "csat"
    assert move.measures[0].change == pytest.approx(-16)
    assert sum(m.change for m in move.measures) == pytest.approx(move.change)


def test_trend_against_thirty_days_earlier_and_slope():
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL),))
    snaps = [
        score(card, [Observation(measure="a", value=v, observed_on=d)], as_of=d)
        for d, v in (
            (date(2026, 4, 30), 50),
            (date(2026, 5, 30), 60),
            (date(2026, 6, 29), 80),
        )
    ]
    result = trend(snaps, days=30)
    assert (result.latest, result.previous, result.change) == (80, 60, 20)
    # least squares through (0, 50), (30, 60), (60, 80): slope 0.5 a day = 15 per 30
    assert result.slope_per_30_days == pytest.approx(15)


def test_roll_up_by_hand():
    """Scores 90 (revenue 100), 40 (300), 70 (600): mean 66.67,
    revenue-weighted (9,000 + 12,000 + 42,000) / 1,000 = 63; one of three red."""
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL),))
    snaps = [
        score(card, seen(a=v), as_of=AS_OF, account=n)
        for n, v in (("x", 90), ("y", 40), ("z", 70))
    ]
    result = roll_up(
        snaps, revenue=[Money(100, "EUR"), Money(300, "EUR"), Money(600, "EUR")]
    )
    assert result.mean == pytest.approx(200 / 3)
    assert result.revenue_weighted == pytest.approx(63)
    assert result.share_in_worst_band == pytest.approx(1 / 3)
    assert (result.worst_account, result.worst_score) == ("y", 40)


# --- scorers ---------------------------------------------------------------------------


def test_scorers_by_hand():
    tiers = ThresholdTiers(
        tiers=(Tier(bound=90, score=100), Tier(bound=75, score=60)), otherwise=10
    )
    assert [tiers.score(v) for v in (95, 90, 80, 75, 70)] == [100, 100, 60, 60, 10]
    assert Linear(worst=0, best=200).score(50) == 25
    assert Linear(worst=200, best=0).score(50) == 75
    assert [GoodAveragePoor(good=90, poor=70).score(v) for v in (95, 80, 70)] == [
        100,
        60,
        0,
    ]
    assert PercentOfGoal(goal=80).score(100) == 100
    lower = ThresholdTiers(
        tiers=(Tier(bound=30, score=100),), direction=Direction.LOWER_IS_BETTER
    )
    assert (lower.score(30), lower.score(31)) == (100, 0)


def _by_definition(scorer, value: float) -> float:
    """Each scorer as its docstring defines it, one value at a time."""
    if isinstance(scorer, ThresholdTiers):
        if scorer.direction is Direction.HIGHER_IS_BETTER:
            reached = [t for t in scorer.tiers if t.bound <= value]
            best = max(reached, key=lambda t: t.bound, default=None)
        else:
            reached = [t for t in scorer.tiers if t.bound >= value]
            best = min(reached, key=lambda t: t.bound, default=None)
        return scorer.otherwise if best is None else best.score
    if isinstance(scorer, GoodAveragePoor):
        up = scorer.good > scorer.poor
        if (value >= scorer.good) if up else (value <= scorer.good):
            return 100.0
        if (value <= scorer.poor) if up else (value >= scorer.poor):
            return 0.0
        return 60.0
    if isinstance(scorer, Linear):
        share = (value - scorer.worst) / (scorer.best - scorer.worst)
        return min(max(share * 100, 0.0), 100.0)
    return min(max(value / scorer.goal * 100, 0.0), 100.0)


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_every_scorer_scores_as_its_definition_says(data):
    """Tier and good/average/poor scores are exactly the configured ones, also
    on a cut and one double either side of it; linear scores agree to rounding."""
    scorer = data.draw(scorers)
    values = data.draw(st.lists(values_near(scorer), min_size=1, max_size=8))
    got = [scorer.score(v) for v in values]
    want = [_by_definition(scorer, v) for v in values]
    if isinstance(scorer, ThresholdTiers | GoodAveragePoor):
        assert got == want
    else:
        assert got == pytest.approx(want, rel=1e-9, abs=1e-9)
    assert math.isnan(scorer.score(math.nan))


def test_tier_scores_come_out_exactly_as_configured():
    """33.3 is not a sum of differences of the other scores: it must be looked up."""
    tiers = ThresholdTiers(
        tiers=(
            Tier(bound=10, score=0.1),
            Tier(bound=20, score=33.3),
            Tier(bound=30, score=70.7),
        ),
        direction=Direction.LOWER_IS_BETTER,
        otherwise=0.3,
    )
    assert [tiers.score(v) for v in (5, 10, 10.5, 20, 25, 30, 31)] == [
        0.1,
        0.1,
        33.3,
        33.3,
        70.7,
        70.7,
        0.3,
    ]


def test_many_blocks_give_what_each_account_gives():
    """More accounts than one block (8,192) holds, with every missing-data
    policy: each account scores as it does alone, also across block edges."""
    card = Scorecard(
        name="blocks",
        groups=(
            Group(
                id="a",
                weight=3,
                measures=(
                    Measure(id="x", scorer=GOAL, weight=2),
                    Measure(
                        id="y",
                        scorer=Linear(worst=0, best=50),
                        missing=MissingPolicy.NEUTRAL,
                        neutral=40,
                    ),
                ),
            ),
            Group(
                id="b",
                weight=1,
                measures=(
                    Measure(
                        id="z",
                        scorer=GoodAveragePoor(good=1, poor=5),
                        missing=MissingPolicy.FIXED,
                    ),
                ),
            ),
        ),
        measures=(Measure(id="w", scorer=GOAL, missing=MissingPolicy.ZERO),),
    )
    rng = np.random.default_rng(3)
    raw = rng.uniform(0, 100, (2 * 8192 + 7, 4))
    raw[rng.random(raw.shape) < 0.3] = np.nan
    many = score_many(card, raw)
    for row in [0, 8191, 8192, 8193, 16383, 16384, 16390, *rng.integers(0, 16391, 20)]:
        one = score_many(card, raw[row : row + 1])
        assert many.score[row] == one.score[0] or (
            math.isnan(many.score[row]) and math.isnan(one.score[0])
        )
        assert many.completeness[row] == one.completeness[0]
        np.testing.assert_array_equal(many.measures[row], one.measures[0])
        np.testing.assert_array_equal(many.groups[row], one.groups[0])


# --- properties ------------------------------------------------------------------------


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_scores_stay_between_0_and_100_and_completeness_within_1(data):
    card = data.draw(scorecards())
    values = data.draw(raw_values(card))
    result = score_many(card, [values])
    overall = result.score[0]
    assert math.isnan(overall) or 0 <= overall <= 100 + 1e-9
    assert 0 <= result.completeness[0] <= 1 + 1e-12


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_the_batch_gives_what_one_account_gives(data):
    card = data.draw(scorecards())
    rows = [data.draw(raw_values(card)) for _ in range(3)]
    many = score_many(card, rows)
    for row, overall in zip(rows, many.score, strict=True):
        observed = [
            Observation(measure=m, value=v, observed_on=AS_OF)
            for m, v in zip(card.measure_ids, row, strict=True)
            if not math.isnan(v)
        ]
        one = score(card, observed, as_of=AS_OF)
        if one.score is None:
            assert math.isnan(overall)
        else:
            assert overall == pytest.approx(one.score, rel=1e-12, abs=1e-12)
            assert sum(p for _, _, p in one.explain()) == pytest.approx(
                one.score, abs=1e-9
            )


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_raising_one_measure_never_lowers_the_score(data):
    card = data.draw(scorecards())
    values = data.draw(raw_values(card))
    observed = [
        Observation(measure=m, value=v, observed_on=AS_OF)
        for m, v in zip(card.measure_ids, values, strict=True)
        if not math.isnan(v)
    ]
    if not observed:
        return
    target = data.draw(st.sampled_from(observed)).measure
    base = score(card, observed, as_of=AS_OF)
    if base.score is None:  # every weight is zero: nothing to be monotone in
        return
    part = next(m for m in base.measures if m.id == target)
    higher = data.draw(st.floats(part.score, 100))
    hand = Override(
        target=target,
        score=higher,
        author="t",
        reason="",
        set_on=AS_OF,
        expires_on=AS_OF,
    )
    raised = score(card, observed, as_of=AS_OF, overrides=[hand])
    assert raised.score >= base.score - 1e-9


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_excluding_missing_measures_is_scoring_without_them(data):
    card = data.draw(scorecards(policy=MissingPolicy.EXCLUDE))
    card = _all_exclude(card)
    values = data.draw(raw_values(card))
    kept = {
        m for m, v in zip(card.measure_ids, values, strict=True) if not math.isnan(v)
    }
    observed = [
        Observation(measure=m, value=v, observed_on=AS_OF)
        for m, v in zip(card.measure_ids, values, strict=True)
        if m in kept
    ]
    full = score(card, observed, as_of=AS_OF)
    reduced = _without(card, kept)
    if reduced is None:
        assert full.score is None
        return
    alone = score(reduced, observed, as_of=AS_OF)
    if full.score is None:
        assert alone.score is None
    else:
        assert alone.score == pytest.approx(full.score, rel=1e-12, abs=1e-12)


def _all_exclude(card: Scorecard) -> Scorecard:
    def fix(m: Measure) -> Measure:
        return attrs.evolve(m, missing=None)

    return attrs.evolve(
        card,
        measures=tuple(fix(m) for m in card.measures),
        groups=tuple(
            attrs.evolve(g, measures=tuple(fix(m) for m in g.measures))
            for g in card.groups
        ),
    )


def _without(card: Scorecard, kept: set[str]) -> Scorecard | None:
    measures = tuple(m for m in card.measures if m.id in kept)
    groups = tuple(
        attrs.evolve(g, measures=tuple(m for m in g.measures if m.id in kept))
        for g in card.groups
        if any(m.id in kept for m in g.measures)
    )
    if not measures and not groups:
        return None
    return attrs.evolve(card, measures=measures, groups=groups)


def test_score_many_names_a_bad_shape_and_infinity():
    card = three_groups(MissingPolicy.EXCLUDE)
    with pytest.raises(
        ValidationError, match=r"values: expected shape \(accounts, 4\)"
    ):
        score_many(card, [[1, 2, 3]])
    with pytest.raises(
        ValidationError, match=r"values\[0\]\[2\]: must be finite or NaN"
    ):
        score_many(card, [[1, 2, np.inf, 4]])


# --- boundaries, fields and edges (issue 14's mutants) --------------------------------


def _one(value: float, day: date = AS_OF, *, account: str | None = None):
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL),))
    observed = [Observation(measure="a", value=value, observed_on=day)]
    return score(card, observed, as_of=day, account=account)


def test_an_overridden_group_contributes_its_weight_times_its_score():
    """Relationship (weight 0.25) overridden to 90 contributes 22.5; csat and
    usage 16 and 28: 66.5 in all."""
    card = three_groups(MissingPolicy.EXCLUDE)
    hand = Override(
        target="relationship",
        score=90,
        author="ana",
        reason="QBR",
        set_on=AS_OF,
        expires_on=AS_OF,
    )
    result = score(card, seen(csat=40, usage=80), as_of=AS_OF, overrides=[hand])
    parts = {part: value for part, _, value in result.explain()}
    assert parts == pytest.approx({"csat": 16.0, "usage": 28.0, "relationship": 22.5})


def test_of_two_overrides_set_the_same_day_the_later_listed_wins():
    card = three_groups(MissingPolicy.EXCLUDE)
    first, second = (
        Override(
            target="usage",
            score=s,
            author="ana",
            reason="r",
            set_on=AS_OF,
            expires_on=AS_OF,
        )
        for s in (20, 60)
    )
    result = score(
        card, seen(csat=40, usage=80), as_of=AS_OF, overrides=[first, second]
    )
    usage = next(m for m in result.measures if m.id == "usage")
    assert usage.score == 60


def test_every_score_names_its_parent_group():
    card = three_groups(MissingPolicy.EXCLUDE)
    result = score(card, seen(csat=40, usage=80, nps=10, exec=20), as_of=AS_OF)
    assert [(m.id, m.group) for m in result.measures] == [
        ("csat", "support"),
        ("usage", "adoption"),
        ("nps", "relationship"),
        ("exec", "relationship"),
    ]
    assert [(g.id, g.parent) for g in result.groups] == [
        ("support", None),
        ("adoption", None),
        ("relationship", None),
    ]


def test_an_observation_exactly_valid_days_old_is_current():
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL, valid_days=30),))
    on_the_day = [Observation(measure="a", value=70, observed_on=AS_OF - timedelta(30))]
    result = score(card, on_the_day, as_of=AS_OF)
    assert (result.measures[0].status, result.flags) == (MeasureStatus.SCORED, ())
    a_day_older = [
        Observation(measure="a", value=70, observed_on=AS_OF - timedelta(31))
    ]
    assert score(card, a_day_older, as_of=AS_OF).measures[0].status is (
        MeasureStatus.STALE
    )


def test_score_many_band_codes_and_group_ids():
    """Default bands red <= 50 < amber <= 75 < green: 50 is red (0), 50.5 amber
    (1), 75 amber, 75.5 and 100 green (2), no data -1."""
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL),))
    result = score_many(card, [[50], [50.5], [75], [75.5], [100], [np.nan]])
    assert result.band.tolist() == [0, 1, 1, 2, 2, -1]
    grouped = score_many(three_groups(MissingPolicy.EXCLUDE), [[40, 80, 10, 20]])
    assert grouped.group_ids == ("support", "adoption", "relationship")


def test_score_many_refuses_text():
    with pytest.raises(ValidationError) as caught:
        score_many(three_groups(MissingPolicy.EXCLUDE), [["a", 1, 2, 3]])
    assert str(caught.value).startswith(
        "score_many.values: expected numbers (NaN for missing), got could not "
        "convert string to float"
    )


def test_compare_counts_a_measure_missing_on_one_side_as_contributing_nothing():
    """May: only usage (80, weight 0.35 of 0.35: contribution 80). June: csat
    40 and usage 80: 16 + 28 over 0.75 -> contributions 21.33 and 37.33. The
    change of csat is 21.33 - 0 and of usage 37.33 - 80."""
    card = three_groups(MissingPolicy.EXCLUDE)
    may = score(card, seen(date(2026, 5, 31), usage=80), as_of=date(2026, 5, 31))
    june = score(card, seen(csat=40, usage=80), as_of=AS_OF)
    moved = {m.id: (m.before, m.after, m.change) for m in compare(may, june).measures}
    assert moved["csat"] == pytest.approx((0.0, 16 / 0.75, 16 / 0.75))
    assert moved["usage"] == pytest.approx((80.0, 28 / 0.75, 28 / 0.75 - 80))


def test_compare_and_trend_with_no_score_have_no_change():
    """Nothing observed, measures excluded when missing: no score, so no change
    to report."""
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL),))
    unscored = score(card, [], as_of=AS_OF)
    scored = score(card, seen(date(2026, 5, 1), a=70), as_of=date(2026, 5, 1))
    assert unscored.score is None
    assert compare(scored, unscored).change is None
    assert compare(unscored, scored).change is None
    result = trend([scored, unscored], days=30)
    assert (result.latest, result.previous, result.change) == (None, 70, None)


def test_trend_needs_a_positive_window_and_a_score():
    snap = _one(50)
    with pytest.raises(ValidationError) as caught:
        trend([snap], days=0)
    assert str(caught.value) == "trend.days: must be in (0, inf), got 0"
    assert trend([snap], days=1).previous is None
    with pytest.raises(ValidationError) as caught:
        trend([])
    assert str(caught.value) == "trend.history: expected at least one HealthScore"


def test_two_days_are_enough_for_a_slope():
    """50 on 1 May, 80 on 31 May: 30 points in 30 days."""
    result = trend([_one(50, date(2026, 5, 1)), _one(80, date(2026, 5, 31))])
    assert result.slope_per_30_days == pytest.approx(30)
    assert trend([_one(50)]).slope_per_30_days is None


def test_roll_up_of_nothing_scored_and_its_revenue_checks():
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL),))
    unscored = score(card, [], as_of=AS_OF)
    empty = roll_up([unscored])
    assert (empty.accounts, empty.mean, empty.worst_account) == (0, None, None)
    with pytest.raises(ValidationError) as caught:
        roll_up([unscored], revenue=[Money(1, "EUR"), Money(2, "EUR")])
    assert str(caught.value) == "roll_up.revenue: has 2 values for 1 scores"
    one = roll_up([_one(50)], revenue=[Money(1, "EUR")])
    assert one.revenue_weighted == 50


def test_roll_up_names_the_lowest_score_not_the_first_name():
    """Account a scores 90, b 40: b is the worst."""
    result = roll_up([_one(90, account="a"), _one(40, account="b")])
    assert (result.worst_account, result.worst_score) == ("b", 40)


def test_an_override_cannot_expire_before_it_is_set():
    with pytest.raises(ValidationError) as caught:
        Override(
            target="a",
            score=1,
            author="x",
            reason="",
            set_on=AS_OF,
            expires_on=AS_OF - timedelta(1),
        )
    assert str(caught.value) == (
        "Override.expires_on: must not be before set_on (2026-06-30)"
    )


def test_what_weighs_nothing_is_not_part_of_the_explanation():
    """A measure of weight 0 and a group of weight 0 overridden explain nothing."""
    card = Scorecard(
        name="cs",
        measures=(Measure(id="a", scorer=GOAL), Measure(id="z", scorer=GOAL, weight=0)),
        groups=(Group(id="g", weight=0, measures=(Measure(id="b", scorer=GOAL),)),),
    )
    hand = Override(
        target="g", score=10, author="x", reason="", set_on=AS_OF, expires_on=AS_OF
    )
    result = score(card, seen(a=40, z=90), as_of=AS_OF, overrides=[hand])
    assert result.explain() == [("a", 1.0, 40.0)]


def test_compare_counts_a_measure_gone_after_as_contributing_nothing():
    card = three_groups(MissingPolicy.EXCLUDE)
    june = score(card, seen(csat=40, usage=80), as_of=AS_OF)
    july = score(card, seen(date(2026, 7, 31), usage=80), as_of=date(2026, 7, 31))
    moved = {m.id: (m.before, m.after, m.change) for m in compare(june, july).measures}
    assert moved["csat"] == pytest.approx((16 / 0.75, 0.0, -16 / 0.75))


def test_a_trend_window_reaching_the_first_day_of_the_calendar():
    """30 days back from 0001-01-31 is 0001-01-01, the first day there is."""
    first, later = _one(50, date(1, 1, 1)), _one(80, date(1, 1, 31))
    result = trend([first, later], days=30)
    assert (result.previous, result.change) == (50, 30)
    assert trend([first, later], days=31).previous is None


def test_roll_up_with_a_zero_score_ties_and_no_revenue():
    """Scores 0 and 0.5: mean 0.25, the 0 is worst. Two accounts tied at 40:
    the first by name is named. Revenue of 0 in all weighs nothing: no
    weighted mean. Revenue in two currencies is refused."""
    result = roll_up([_one(0.5, account="a"), _one(0, account="b")])
    assert (result.mean, result.worst_account, result.worst_score) == (0.25, "b", 0)
    tied = roll_up([_one(40, account="b"), _one(40, account="a")])
    assert tied.worst_account == "a"
    nothing = roll_up([_one(40)], revenue=[Money(0, "EUR")])
    assert nothing.revenue_weighted is None
    with pytest.raises(CurrencyMismatchError) as caught:
        roll_up([_one(1), _one(2)], revenue=[Money(1, "EUR"), Money(1, "USD")])
    assert str(caught.value).startswith("roll_up.revenue[1]: in USD, but revenue[0]")


def test_of_two_observations_on_one_day_the_later_listed_counts():
    card = Scorecard(name="cs", measures=(Measure(id="a", scorer=GOAL),))
    result = score(card, seen(a=20) + seen(a=60), as_of=AS_OF)
    assert result.score == 60


def test_an_observation_must_be_finite():
    with pytest.raises(ValidationError) as caught:
        Observation(measure="a", value=math.inf, observed_on=AS_OF)
    assert str(caught.value) == "Observation.value: must be finite, got inf"


def test_the_trend_window_is_thirty_days_by_default():
    """50 on 31 May, 80 on 30 June (30 days later): compared with 50. A day
    less apart (1 June) and there is no point 30 days back."""
    assert trend([_one(50, date(2026, 5, 31)), _one(80)]).change == 30
    assert trend([_one(50, date(2026, 6, 1)), _one(80)]).previous is None


def test_the_worst_of_rule_needs_a_critical_measure_in_the_worst_band():
    """csat (not critical) at 10 is red, availability (critical) at 99.5 green:
    no worst-of flag, the band is the score's: 0.5 x 99.5 + 0.5 x 10 = 54.75,
    amber."""
    strict = Bands(bands=(Band(name="red", upper=99), Band(name="green", upper=100)))
    card = Scorecard(
        name="cs",
        worst_of=True,
        measures=(
            Measure(id="availability", scorer=GOAL, bands=strict, critical=True),
            Measure(id="csat", scorer=GOAL),
        ),
    )
    result = score(card, seen(availability=99.5, csat=10), as_of=AS_OF)
    assert (result.score, result.band, result.flags) == (54.75, "amber", ())


def test_equal_contributions_are_explained_in_id_order():
    """b (weight 1) at 60 and a (weight 2) at 30 each contribute 20."""
    card = Scorecard(
        name="cs",
        measures=(
            Measure(id="b", scorer=GOAL, weight=1),
            Measure(id="a", scorer=GOAL, weight=2),
        ),
    )
    result = score(card, seen(b=60, a=30), as_of=AS_OF)
    assert [part for part, _, _ in result.explain()] == ["a", "b"]
    assert [value for _, _, value in result.explain()] == pytest.approx([20, 20])
