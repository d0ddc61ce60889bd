"""Influence scores: hand-checked cases, networkx as the oracle, and invariants."""

import math
import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit.errors import ConvergenceError, ValidationError
from accountkit.relationships import (
    Attitude,
    BuyingRole,
    Influence,
    InfluenceMethod,
    Stakeholder,
    StakeholderMap,
    _influence,
    influence_arrays,
    influence_scores,
    influence_scores_many,
    katz_scores,
)
from strategies.relationships import stakeholder_maps

ALPHA = 0.85
# Without a tolerance a map is solved directly: the hand-worked scores hold
# to rounding (a few units in the last place).
EXACT = 1e-15
# networkx's rule: stop when a step changes the scores by less than
# n * 1e-6 (L1); the fixed point is then within alpha / (1 - alpha) of that.
NETWORKX = {"tol": 1e-6}
present_maps = stakeholder_maps(min_people=1, max_people=12).filter(
    lambda m: any(not p.departed for p in m.stakeholders)
)


def board(*ties: tuple[str, str, float], people: str = "") -> StakeholderMap:
    ids = dict.fromkeys([*people, *(p for s, t, _ in ties for p in (s, t))])
    return StakeholderMap(
        stakeholders=tuple(Stakeholder(id=i, name=i) for i in ids),
        influences=tuple(Influence(source=s, target=t, strength=w) for s, t, w in ties),
    )


def defers_to(m: StakeholderMap) -> nx.DiGraph:
    """The map as networkx sees it: an edge from each person to whom they defer."""
    graph = nx.DiGraph()
    graph.add_nodes_from(p.id for p in m.stakeholders if not p.departed)
    for tie in m.influences:
        if (
            tie.kind.value == "influence"
            and tie.source in graph
            and tie.target in graph
        ):
            graph.add_edge(tie.target, tie.source, weight=tie.strength)
    return graph


# --- hand-checked -------------------------------------------------------------------


def test_a_weak_tie_passes_only_its_strength_when_capped():
    """The CIO defers to the CFO with strength 0.2; the CFO defers to no one.

    Capped: the CIO passes 0.2 of her standing to the CFO and leaves 0.8 to the
    teleport vector, as the CFO (dangling) leaves all of his. With c the CIO's
    score, c = 0.85 * 0.5 * ((1 - c) + 0.8 c) + 0.15 * 0.5 = 0.5 - 0.085 c, so
    c = 0.5 / 1.085 = 0.460829...

    Normalised, the single tie carries her whole vote: c = 0.425 (1 - c) + 0.075,
    so c = 0.5 / 1.425 = 0.350877...
    """
    weak = board(("cfo", "cio", 0.2))
    capped = influence_scores(weak).scores
    assert capped["cio"] == pytest.approx(0.5 / 1.085, abs=EXACT)
    assert capped["cfo"] == pytest.approx(1 - 0.5 / 1.085, abs=EXACT)
    normalized = influence_scores(weak, method="normalized").scores
    assert normalized["cio"] == pytest.approx(0.5 / 1.425, abs=EXACT)


def test_full_strength_ties_make_both_variants_agree():
    """Rows that add up to exactly 1 are not scaled, and leave nothing over."""
    full = board(("a", "b", 0.5), ("c", "b", 0.5), ("b", "c", 1.0))
    capped = influence_scores(full).scores
    normalized = influence_scores(full, method=InfluenceMethod.NORMALIZED).scores
    assert capped == pytest.approx(normalized, abs=1e-12)


def test_rows_above_one_are_scaled_down_to_one():
    """b defers to a and c with 0.8 each (1.6): capped scales the row to 0.5
    each, which is what normalising does, so the two agree."""
    heavy = board(("a", "b", 0.8), ("c", "b", 0.8))
    assert influence_scores(heavy).scores == pytest.approx(
        influence_scores(heavy, method="normalized").scores, abs=1e-12
    )


def test_influence_on_the_economic_buyer():
    """Personalised on the CFO, who defers to the IT director (0.8) and to the
    buyer (0.2), both dangling. With x the CFO's score:
    x = 0.85 * (itd + buy) + 0.15, itd = 0.85 * 0.8 x, buy = 0.85 * 0.2 x,
    so x = 0.15 / (1 - 0.85**2) = 0.540540..., itd = 0.68 x, buy = 0.17 x.
    """
    m = board(("itd", "cfo", 0.8), ("buy", "cfo", 0.2), ("buy", "pmo", 1.0))
    scores = influence_scores(m, on=["cfo"]).scores
    x = 0.15 / (1 - 0.85**2)
    assert scores == pytest.approx(
        {"itd": 0.68 * x, "cfo": x, "buy": 0.17 * x, "pmo": 0.0}, abs=EXACT
    )


def test_each_score_is_its_base_plus_what_others_pass_on():
    m = board(("cfo", "cio", 0.2), ("cio", "itd", 0.9), ("itd", "cio", 0.4))
    result = influence_scores(m)
    why = result.explain("cio")
    assert list(why.contributions) == ["itd"]
    assert why.base + sum(why.contributions.values()) == pytest.approx(
        why.score, abs=1e-15
    )


def test_explaining_someone_without_a_score_is_an_error():
    with pytest.raises(
        ValidationError, match=r"InfluenceScores\.explain\.person: no score for 'zz'"
    ):
        influence_scores(board(("a", "b", 1.0))).explain("zz")


def test_departed_people_are_left_out():
    m = StakeholderMap(
        stakeholders=(
            Stakeholder(id="a", name="A"),
            Stakeholder(id="b", name="B"),
            Stakeholder(id="gone", name="Gone", departed=True),
        ),
        influences=(Influence(source="gone", target="a", strength=1.0),),
    )
    assert influence_scores(m).scores == {"a": 0.5, "b": 0.5}


def test_the_ranking_puts_the_most_listened_to_first():
    m = board(("boss", "a", 1.0), ("boss", "b", 1.0), ("a", "b", 0.3))
    assert [person for person, _ in influence_scores(m).ranking()] == ["boss", "a", "b"]


def test_katz_counts_every_walk():
    """The CIO defers to the CFO with 0.5; no cycles, so lambda_max = 0 and the
    safe alpha is 0.9. x_cio = beta = 1, x_cfo = 0.9 * 0.5 * 1 + 1 = 1.45,
    divided by sqrt(1 + 1.45**2)."""
    result = katz_scores(board(("cfo", "cio", 0.5)))
    norm = math.hypot(1, 1.45)
    assert result.alpha == 0.9
    assert result.scores == pytest.approx(
        {"cfo": 1.45 / norm, "cio": 1 / norm}, abs=1e-12
    )
    why = result.explain("cfo")
    assert why.base == pytest.approx(1 / norm)
    assert why.contributions == pytest.approx({"cio": 0.45 / norm})


def test_katz_alpha_stays_below_one_over_lambda_max():
    """A two-cycle of strength 1 has lambda_max = 1: alpha is 0.9."""
    cycle = board(("a", "b", 1.0), ("b", "a", 1.0))
    assert katz_scores(cycle).alpha == pytest.approx(0.9)


def test_katz_refuses_an_alpha_at_which_the_series_diverges():
    cycle = board(("a", "b", 1.0), ("b", "a", 1.0))
    with pytest.raises(ValidationError) as caught:
        katz_scores(cycle, alpha=1.0)
    assert str(caught.value).startswith(
        "katz_scores.alpha: 1.0 is at or above 1/lambda_max = 1, where the Katz series diverges"
    )


# --- networkx is the oracle -----------------------------------------------------------


@given(present_maps)
def test_the_normalized_variant_is_networkx_pagerank(m):
    """With networkx's tolerance, the same iterates as networkx; without
    one, the exact scores: networkx run to a tolerance of 1e-14 (its error
    then below 0.85 / 0.15 * 12 * 1e-14, under 1e-12)."""
    graph = defers_to(m)
    expected = nx.pagerank(graph)
    assert influence_scores(m, method="normalized", **NETWORKX).scores == (
        pytest.approx(expected, abs=1e-9)
    )
    exact = nx.pagerank(graph, tol=1e-14, max_iter=100_000)
    assert influence_scores(m, method="normalized").scores == pytest.approx(
        exact, abs=1e-12
    )


@given(present_maps, st.data())
def test_personalised_scores_are_networkx_personalised_pagerank(m, data):
    present = [p.id for p in m.stakeholders if not p.departed]
    on = data.draw(st.lists(st.sampled_from(present), min_size=1, unique=True))
    weights = dict.fromkeys(on, 1.0)
    expected = nx.pagerank(defers_to(m), personalization=weights)
    got = influence_scores(m, method="normalized", on=on, **NETWORKX).scores
    assert got == pytest.approx(expected, abs=1e-9)
    exact = nx.pagerank(
        defers_to(m), personalization=weights, tol=1e-14, max_iter=100_000
    )
    got = influence_scores(m, method="normalized", on=on).scores
    assert got == pytest.approx(exact, abs=1e-12)


@given(stakeholder_maps(min_people=2, max_people=12))
def test_katz_is_networkx_katz_with_the_same_alpha(m):
    if sum(not p.departed for p in m.stakeholders) < 2:
        return  # networkx's numpy Katz fails on a single node
    result = katz_scores(m)
    expected = nx.katz_centrality_numpy(
        defers_to(m), alpha=result.alpha, weight="weight"
    )
    assert result.scores == pytest.approx(expected, abs=1e-9)


def test_random_graphs_match_networkx_to_1e_9():
    """A seeded set of denser graphs than the strategy draws (up to 40 people)."""
    rng = random.Random(20261123)
    for _ in range(60):
        n = rng.randint(2, 40)
        pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
        chosen = rng.sample(pairs, rng.randint(0, min(len(pairs), 4 * n)))
        m = board(
            *((f"p{a}", f"p{b}", rng.uniform(0.01, 1.0)) for a, b in chosen),
            people=tuple(f"p{i}" for i in range(n)),
        )
        expected = nx.pagerank(defers_to(m))
        got = influence_scores(m, method="normalized", **NETWORKX).scores
        assert max(abs(got[k] - expected[k]) for k in expected) < 1e-9
        exact = nx.pagerank(defers_to(m), tol=1e-14, max_iter=100_000)
        got = influence_scores(m, method="normalized").scores
        assert max(abs(got[k] - exact[k]) for k in exact) < 1e-12


# --- invariants ------------------------------------------------------------------------


@given(present_maps, st.sampled_from(["capped", "normalized"]))
def test_scores_are_non_negative_and_add_up_to_one(m, method):
    scores = influence_scores(m, method=method).scores
    assert all(value >= 0 for value in scores.values())
    assert math.fsum(scores.values()) == pytest.approx(1.0, abs=1e-12)


@given(present_maps, st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_names_or_order(m, rng):
    present = [p for p in m.stakeholders if not p.departed]
    rename = {p.id: f"x{i}" for i, p in enumerate(rng.sample(present, len(present)))}
    shuffled = StakeholderMap(
        stakeholders=tuple(
            Stakeholder(id=rename[p.id], name=p.name)
            for p in rng.sample(present, len(present))
        ),
        influences=tuple(
            Influence(
                source=rename[t.source],
                target=rename[t.target],
                strength=t.strength,
                kind=t.kind,
            )
            for t in rng.sample(list(m.influences), len(m.influences))
            if t.source in rename and t.target in rename
        ),
    )
    before = influence_scores(m).scores
    after = influence_scores(shuffled).scores
    assert {rename[k]: v for k, v in before.items()} == pytest.approx(after, abs=1e-9)


@given(present_maps)
def test_every_explanation_adds_up_to_its_score(m):
    for result in (influence_scores(m), katz_scores(m)):
        for person, score in result.scores.items():
            why = result.explain(person)
            total = why.base + math.fsum(why.contributions.values())
            assert total == pytest.approx(score, abs=1e-12)


@settings(max_examples=60)  # five maps per example: enough draws, a fifth the time
@given(st.lists(present_maps, max_size=5), st.sampled_from(["capped", "normalized"]))
def test_the_batch_gives_exactly_what_each_map_gives_alone(maps, method):
    assert influence_scores_many(maps, method=method) == [
        influence_scores(m, method=method) for m in maps
    ]


# --- the array kernel ---------------------------------------------------------------


def test_the_array_kernel_scores_maps_side_by_side():
    """Map 0 is the weak-tie pair above (capped), map 1 an isolated person."""
    result = influence_arrays([2, 1], [0], [1], [0.2])
    assert result.scores[:2].tolist() == pytest.approx(
        [1 - 0.5 / 1.085, 0.5 / 1.085], abs=EXACT
    )
    assert result.scores[2] == 1.0
    assert result.iterations.tolist() == [0, 0]  # solved, not iterated
    iterated = influence_arrays([2, 1], [0], [1], [0.2], **NETWORKX)
    assert iterated.iterations[1] == 1
    assert iterated.iterations[0] > 1


def test_empty_maps_in_the_arrays_are_skipped():
    result = influence_arrays(np.array([0, 2, 0]), [0], [1], [1.0], method="normalized")
    assert result.scores.tolist() == pytest.approx(
        [1 - 0.5 / 1.425, 0.5 / 1.425], abs=EXACT
    )
    assert result.iterations[[0, 2]].tolist() == [0, 0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ([2], [0], [0], [0.5]),
            r"influence_arrays\.influenced\[0\]: a person cannot influence themselves",
        ),
        (
            ([1, 1], [0], [1], [0.5]),
            r"influence_arrays\.influenced\[0\]: the tie joins people of two different maps",
        ),
        (
            ([2], [0], [2], [0.5]),
            r"influence_arrays\.influenced\[0\]: index 2 is outside 0\.\.1",
        ),
        (
            ([2], [0], [1], [0.0]),
            r"influence_arrays\.strength\[0\]: must be in \(0, 1\], got 0\.0",
        ),
        (
            ([2], [0], [1], [np.nan]),
            (
                r"^influence_arrays\.strength: NaN at index 0 \(a missing value "
                r"is not a number\)$"
            ),
        ),
        (
            ([2], [0, 1], [1], [0.5]),
            r"influence_arrays: influencer, influenced and strength differ in length \(2, 1, 1\)",
        ),
        (([-1], [], [], []), r"influence_arrays\.sizes: must not be negative, got -1"),
        (
            ([2.0], [0], [1], [0.5]),
            r"influence_arrays\.sizes: expected a one-dimensional array of whole numbers",
        ),
    ],
)
def test_bad_arrays_are_named(arguments, message):
    with pytest.raises(ValidationError, match=message):
        influence_arrays(*arguments)


def test_a_map_with_no_teleport_weight_is_refused():
    with pytest.raises(
        ValidationError, match=r"personalization: map 1 has no teleport weight"
    ):
        influence_arrays([1, 1], [], [], [], personalization=[1.0, 0.0])


# --- bad input ----------------------------------------------------------------------------


def test_an_empty_map_has_no_influence_to_score():
    with pytest.raises(ValidationError) as caught:
        influence_scores(StakeholderMap())
    assert str(caught.value) == (
        "influence_scores.board: the map has nobody on it (every stakeholder departed, or none)"
    )


def test_a_batch_names_the_empty_map():
    with pytest.raises(
        ValidationError,
        match=r"^influence_scores_many\.boards\[1\]: the map has nobody",
    ):
        influence_scores_many([board(("a", "b", 1.0)), StakeholderMap()])


def test_influence_on_a_departed_person_is_refused():
    m = StakeholderMap(
        stakeholders=(
            Stakeholder(id="a", name="A"),
            Stakeholder(id="b", name="B", departed=True),
        )
    )
    with pytest.raises(
        ValidationError, match=r"^influence_scores\.on\[0\]: departed stakeholder 'b'"
    ):
        influence_scores(m, on=["b"])
    with pytest.raises(
        ValidationError, match=r"^influence_scores\.on\[0\]: unknown stakeholder 'z'"
    ):
        influence_scores(m, on=["z"])
    with pytest.raises(
        ValidationError,
        match=r"^influence_scores\.on: expected a list or None, got str",
    ):
        influence_scores(m, on="a")
    with pytest.raises(
        ValidationError, match=r"^influence_scores\.on: name at least one"
    ):
        influence_scores(m, on=[])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"alpha": 1.5}, r"influence_scores\.alpha: must be in \[0, 1\], got 1\.5"),
        (
            {"method": "katz"},
            r"influence_scores\.method: expected 'capped' or 'normalized', got 'katz'",
        ),
        ({"tol": 0}, r"influence_scores\.tol: must be in \(0, inf\), got 0"),
        (
            {"max_iter": 0},
            r"influence_scores\.max_iter: expected a whole number of at least 1, got 0",
        ),
    ],
)
def test_bad_options_are_named(options, message):
    with pytest.raises(ValidationError, match=message):
        influence_scores(board(("a", "b", 1.0)), **options)


def test_running_out_of_iterations_is_a_convergence_error():
    m = board(("a", "b", 1.0), ("b", "c", 1.0), ("c", "a", 0.1))
    with pytest.raises(
        ConvergenceError, match=r"did not converge in 2 iterations for 1 map\(s\)"
    ):
        influence_scores(m, max_iter=2, tol=1e-12)


def test_the_analyses_take_only_maps():
    with pytest.raises(
        ValidationError,
        match=r"^influence_scores\.board: expected a StakeholderMap, got dict",
    ):
        influence_scores({"stakeholders": []})  # type: ignore[arg-type]


_ = (Attitude, BuyingRole)


# --- boundaries, defaults and error paths (issue 14's mutants) ------------------------


def test_katz_refuses_alpha_times_lambda_max_of_one_or_more():
    """Three people all deferring to each other at strength 1: lambda_max = 2,
    so alpha 0.6 (0.6 x 2 = 1.2) diverges and 0.45 (0.9) does not."""
    clique = board(
        ("a", "b", 1.0),
        ("b", "a", 1.0),
        ("a", "c", 1.0),
        ("c", "a", 1.0),
        ("b", "c", 1.0),
        ("c", "b", 1.0),
    )
    with pytest.raises(ValidationError, match=r"^katz_scores\.alpha: 0\.6 is at or"):
        katz_scores(clique, alpha=0.6)
    assert katz_scores(clique, alpha=0.45).alpha == 0.45
    with pytest.raises(ValidationError) as caught:
        katz_scores(clique, beta=0)
    assert str(caught.value) == "katz_scores.beta: must be in (0, inf), got 0"


def test_ties_in_a_ranking_are_by_id():
    """Two people nobody defers to, and who defer to nobody, score alike."""
    m = board(people="ba")
    assert [person for person, _ in influence_scores(m).ranking()] == ["a", "b"]


def test_pagerank_runs_at_most_100_steps_by_default():
    """A line of 120 people, each deferring to the next, with alpha 0.99 and a
    tolerance of 1e-9 needs more than 100 steps (influence moves one person a
    step): the default cap is reached and named; with 1,000 allowed it
    settles."""
    ids = [f"p{i:03d}" for i in range(120)]
    line = board(*((ids[i + 1], ids[i], 1.0) for i in range(119)))
    with pytest.raises(ConvergenceError) as caught:
        influence_scores(line, alpha=0.99, tol=1e-9)
    assert str(caught.value).startswith(
        "PageRank did not converge in 100 iterations for 1 map(s)"
    )
    assert influence_scores(line, alpha=0.99, tol=1e-9, max_iter=1000).iterations > 100


def test_the_iteration_cap_is_exactly_the_steps_allowed():
    """A map that settles in n steps settles with max_iter = n, not n - 1."""
    m = board(("a", "b", 0.5), ("b", "c", 0.7), ("c", "a", 0.9))
    needed = influence_scores(m, **NETWORKX).iterations
    assert needed > 1
    assert influence_scores(m, max_iter=needed, **NETWORKX).iterations == needed
    with pytest.raises(ConvergenceError, match=f"did not converge in {needed - 1} "):
        influence_scores(m, max_iter=needed - 1, **NETWORKX)


def test_many_maps_without_any_tie_score_everyone_alike():
    result = influence_scores_many([board(people="ab"), board(people="xyz")])
    assert result[0].scores == pytest.approx({"a": 0.5, "b": 0.5})
    assert result[1].scores == pytest.approx({"x": 1 / 3, "y": 1 / 3, "z": 1 / 3})


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ([2], [[0]], [1], [0.5]),
            (
                "influence_arrays.influencer: expected a one-dimensional array of "
                "whole-number indexes"
            ),
        ),
        (
            ([2], [0.0], [1], [0.5]),
            (
                "influence_arrays.influencer: expected a one-dimensional array of "
                "whole-number indexes"
            ),
        ),
    ],
)
def test_indexes_must_be_one_column_of_whole_numbers(arguments, message):
    with pytest.raises(ValidationError) as caught:
        influence_arrays(*arguments)
    assert str(caught.value) == message


def test_a_negative_teleport_weight_is_named_at_its_index():
    with pytest.raises(ValidationError) as caught:
        influence_arrays([2], [0], [1], [0.5], personalization=[1.0, -1.0])
    assert str(caught.value) == (
        "influence_arrays.personalization[1]: must be finite and not negative, got "
        "np.float64(-1.0)"
    )


def test_one_map_scored_again_is_answered_afresh_for_each_way_of_scoring():
    """A map scored the same way twice (a review's analyses each do) is
    worked out once, but each answer is its own, and every other way of
    scoring it is worked out for itself. CFO <- CIO at 0.2 (the docstring's
    case): capped 0.5392/0.4608, normalized 0.6491/0.3509; with alpha 0
    everyone keeps their own vote (0.5 each); on the CIO alone, all that
    teleports lands on the CIO, the CFO gets 0.85 x 0.2 = 0.17 of the CIO's
    standing, and the two add up to 1: CIO 1 / 1.17 = 0.8547, CFO 0.1453."""
    cfo_cio = board(("cfo", "cio", 0.2))
    first = influence_scores(cfo_cio)
    first.scores["cfo"] = 99.0  # the caller's own copy
    again = influence_scores(cfo_cio)
    assert again.scores == pytest.approx({"cfo": 0.5392, "cio": 0.4608}, abs=1e-4)
    assert again.flows["cfo"] == pytest.approx({"cio": 0.0783}, abs=1e-4)
    assert influence_scores(cfo_cio, method="normalized").scores == pytest.approx(
        {"cfo": 0.6491, "cio": 0.3509}, abs=1e-4
    )
    assert influence_scores(cfo_cio, alpha=0).scores == {"cfo": 0.5, "cio": 0.5}
    on_cio = influence_scores(cfo_cio, on=["cio"])
    assert on_cio.on == ("cio",)
    assert on_cio.scores == pytest.approx(
        {"cfo": 0.17 / 1.17, "cio": 1 / 1.17}, abs=1e-4
    )
    # a refused option is refused however equal it is to one accepted
    with pytest.raises(ValidationError, match="alpha: expected a number, got bool"):
        influence_scores(cfo_cio, alpha=False)
    with pytest.raises(ValidationError, match="max_iter"):
        influence_scores(cfo_cio, max_iter=True)


# --- solved directly, or iterated to 1e-10 ------------------------------------------


def random_board(people: int, seed: int) -> StakeholderMap:
    """``people`` people, each deferring to up to three others at random."""
    rng = random.Random(seed)
    ties = {
        (f"p{rng.randrange(people)}", f"p{i}"): round(rng.uniform(0.05, 1.0), 3)
        for i in range(people)
        for _ in range(rng.randint(0, 3))
    }
    return board(
        *((s, t, w) for (s, t), w in ties.items() if s != t and (t, s) not in ties),
        people=tuple(f"p{i}" for i in range(people)),
    )


def test_maps_up_to_500_people_are_solved_and_larger_ones_iterate_to_1e_10():
    """500 people are solved (no iterations); 501 iterate until the scores are
    within 1e-10 (L1) of the fixed point. The oracle is networkx run to a
    tolerance of 1e-14 (its error then below 0.85 / 0.15 * 501e-14, 3e-11),
    so the two may differ by 1.3e-10 at most."""
    for people, solved in ((500, True), (501, False)):
        m = random_board(people, seed=people)
        result = influence_scores(m, method="normalized")
        assert (result.iterations == 0) is solved
        exact = nx.pagerank(defers_to(m), tol=1e-14, max_iter=100_000)
        assert math.fsum(abs(result.scores[k] - exact[k]) for k in exact) < 1.3e-10


def test_a_large_map_in_a_batch_iterates_while_the_small_ones_are_solved():
    small, large = random_board(3, seed=1), random_board(501, seed=2)
    both = influence_scores_many([small, large, small])
    assert both == [influence_scores(m) for m in (small, large, small)]
    assert [r.iterations == 0 for r in both] == [True, False, True]


def test_without_damping_the_scores_are_the_teleport_vector():
    """alpha 0: nobody passes anything on; everyone keeps 1 / n (or their
    share of the personalisation), solved without iterating."""
    m = board(("a", "b", 0.5), ("b", "c", 0.7))
    result = influence_scores(m, alpha=0.0)
    assert result.scores == {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}
    assert result.iterations == 0
    assert influence_scores(m, alpha=0.0, on=["b"]).scores == {
        "a": 0.0,
        "b": 1.0,
        "c": 0.0,
    }


def test_with_full_damping_the_scores_iterate_to_the_stationary_walk():
    """alpha 1 has no direct solution (the system is singular), so it
    iterates. a defers to b; b to a and c (0.5 each); c to a. The walk's
    stationary distribution: pa = pb / 2 + pc, pb = pa, pc = pb / 2, so
    (0.4, 0.4, 0.2). Iterated until a step changes the scores by less than
    3e-10, that is within about 1e-9 here (the walk contracts by 0.71 a
    step: its other eigenvalues are -1/2 +- i/2)."""
    m = board(("b", "a", 1.0), ("a", "b", 0.5), ("c", "b", 0.5), ("a", "c", 1.0))
    result = influence_scores(m, alpha=1.0)
    assert result.iterations > 0
    assert result.scores == pytest.approx({"a": 0.4, "b": 0.4, "c": 0.2}, abs=1e-9)


def test_with_full_damping_a_periodic_walk_does_not_converge():
    """a and b defer to each other and c to a: at alpha 1 the standing swings
    between a and b forever (1/3, 2/3 and back), which is named."""
    m = board(("b", "a", 1.0), ("a", "b", 1.0), ("a", "c", 1.0))
    with pytest.raises(ConvergenceError, match="did not converge in 100 iterations"):
        influence_scores(m, alpha=1.0)


def test_nobody_anyone_defers_to_scores_exactly_zero_when_personalised():
    """Measured on b alone, who defers to a: c, to whom nobody defers and who
    is not measured on, has no standing at all, not a rounding error's."""
    m = board(("a", "b", 0.5), ("a", "c", 0.5), ("b", "c", 0.4))
    scores = influence_scores(m, on=["b"]).scores
    assert scores["c"] == 0.0
    assert math.fsum(scores.values()) == 1.0


def test_maps_solved_in_chunks_score_as_all_at_once(monkeypatch):
    """A portfolio whose systems exceed the cells solved at once is solved a
    chunk at a time (a map larger than a chunk alone): the same scores, bit
    for bit, as the systems all solved together."""
    maps = [random_board(n, seed=n) for n in (3, 4, 4, 5, 8, 3, 4)]
    together = influence_scores_many(maps)
    monkeypatch.setattr(_influence, "_CELLS", 50)
    assert influence_scores_many(maps) == together
