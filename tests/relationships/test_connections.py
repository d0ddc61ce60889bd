"""Independent paths, critical people and warm introduction paths."""

import math
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit.errors import ValidationError
from accountkit.relationships import (
    BuyingRole,
    Influence,
    InfluenceKind,
    Relationship,
    Stakeholder,
    StakeholderMap,
    connection_risks,
    warm_paths,
)
from strategies.relationships import stakeholder_maps

ROOT = "__team__"


def org(
    ties: tuple[tuple[str, str, float], ...],
    ours: tuple[tuple[str, str, float], ...],
    *,
    deciders: tuple[str, ...] = ("cio",),
    extra: tuple[str, ...] = (),
) -> StakeholderMap:
    ids = dict.fromkeys(
        [
            *deciders,
            *extra,
            *(p for s, t, _ in ties for p in (s, t)),
            *(p for _, p, _ in ours),
        ]
    )
    return StakeholderMap(
        stakeholders=tuple(
            Stakeholder(
                id=i,
                name=i,
                roles=(BuyingRole.DECISION_MAKER,) if i in deciders else (),
            )
            for i in ids
        ),
        influences=tuple(Influence(source=s, target=t, strength=w) for s, t, w in ties),
        relationships=tuple(
            Relationship(member=m, stakeholder=p, strength=w) for m, p, w in ours
        ),
    )


def walkable(m: StakeholderMap, start: list[str] | None = None) -> nx.DiGraph:
    """The oracle's graph: root -> members -> stakeholders <-> stakeholders."""
    present = {p.id for p in m.stakeholders if not p.departed}
    graph = nx.DiGraph()
    graph.add_node(ROOT)
    graph.add_nodes_from(present)
    members = (
        start
        if start is not None
        else list(
            dict.fromkeys(r.member for r in m.relationships if r.stakeholder in present)
        )
    )
    for member in members:
        graph.add_edge(ROOT, member, weight=1.0)
    for r in m.relationships:
        if r.stakeholder in present and r.strength > 0 and r.member in members:
            graph.add_edge(r.member, r.stakeholder, weight=r.strength)
    for t in m.influences:
        if (
            t.kind is InfluenceKind.INFLUENCE
            and t.source in present
            and t.target in present
        ):
            for a, b in ((t.source, t.target), (t.target, t.source)):
                best = max(
                    t.strength,
                    graph.edges[a, b]["weight"] if graph.has_edge(a, b) else 0,
                )
                graph.add_edge(a, b, weight=best)
    return graph


# --- independent paths ----------------------------------------------------------------


def test_two_separate_routes_make_two_paths_and_no_critical_people():
    m = org(
        ties=(("itd", "cio", 0.7), ("pmo", "cio", 0.4)),
        ours=(("ana", "itd", 0.8), ("raj", "pmo", 0.5)),
    )
    (risk,) = connection_risks(m)
    assert (risk.stakeholder, risk.paths, risk.critical) == ("cio", 2, ())


def test_routes_through_one_person_make_that_person_critical():
    """Ana and Raj both reach the CIO only through the IT director."""
    m = org(
        ties=(("itd", "cio", 0.7), ("pmo", "itd", 0.4)),
        ours=(("ana", "itd", 0.8), ("raj", "pmo", 0.5)),
    )
    (risk,) = connection_risks(m)
    assert (risk.paths, risk.critical) == (1, ("itd",))


def test_a_lone_direct_relationship_makes_our_team_member_critical():
    m = org(ties=(), ours=(("ana", "cio", 0.9),))
    (risk,) = connection_risks(m)
    assert (risk.paths, risk.critical, risk.reachable) == (1, ("ana",), True)


def test_nobody_reaching_the_decision_maker_is_no_path_not_an_error():
    m = org(ties=(("itd", "pmo", 0.5),), ours=(("ana", "itd", 0.8),))
    (risk,) = connection_risks(m)
    assert (risk.paths, risk.critical, risk.reachable) == (0, (), False)


def test_targets_can_be_named():
    m = org(ties=(("itd", "cio", 0.5),), ours=(("ana", "itd", 0.8),))
    assert [r.stakeholder for r in connection_risks(m, targets=["itd"])] == ["itd"]
    with pytest.raises(
        ValidationError,
        match=r"^connection_risks\.targets\[0\]: unknown stakeholder 'zz'",
    ):
        connection_risks(m, targets=["zz"])


@given(stakeholder_maps(min_people=1, max_people=9, departures=False))
def test_path_counts_match_networkx_and_critical_people_cut_us_off(m):
    graph = walkable(m)
    for risk in connection_risks(m, targets=[p.id for p in m.stakeholders]):
        try:
            expected = len(list(nx.node_disjoint_paths(graph, ROOT, risk.stakeholder)))
        except nx.NetworkXNoPath:
            expected = 0
        assert risk.paths == expected
        cuts = set()
        if expected:
            for node in graph:
                if node not in {ROOT, risk.stakeholder}:
                    without = graph.subgraph(n for n in graph if n != node)
                    if not nx.has_path(without, ROOT, risk.stakeholder):
                        cuts.add(node)
        assert set(risk.critical) == cuts
        assert (len(cuts) > 0) == (expected == 1)


# --- warm paths ---------------------------------------------------------------------------


def test_widest_and_strongest_can_disagree():
    """Via the IT director: ties 0.9 and 0.3 (width 0.3, product 0.27). Via the
    PMO: 0.5 and 0.5 (width 0.5, product 0.25). The widest path goes via the
    PMO, the strongest via the IT director."""
    m = org(
        ties=(("itd", "cio", 0.3), ("pmo", "cio", 0.5)),
        ours=(("ana", "itd", 0.9), ("ana", "pmo", 0.5)),
    )
    widest = warm_paths(m, "cio")
    assert [p.people for p in widest] == [("ana", "pmo", "cio"), ("ana", "itd", "cio")]
    assert widest[0].width == 0.5
    assert widest[0].strength == 0.25
    strongest = warm_paths(m, "cio", rank="strongest")
    assert strongest[0].people == ("ana", "itd", "cio")
    assert strongest[0].strength == pytest.approx(0.27)
    assert (strongest[0].strengths, strongest[0].weakest) == ((0.9, 0.3), 1)


def test_among_equally_wide_paths_the_stronger_comes_first():
    """Both paths have width 0.4; products 0.4 * 0.9 = 0.36 and 0.4 * 0.5 = 0.2."""
    m = org(
        ties=(("itd", "cio", 0.9), ("pmo", "cio", 0.5)),
        ours=(("ana", "itd", 0.4), ("raj", "pmo", 0.4)),
    )
    assert [p.people for p in warm_paths(m, "cio")] == [
        ("ana", "itd", "cio"),
        ("raj", "pmo", "cio"),
    ]


def test_alternatives_are_distinct_and_limited_to_k():
    m = org(
        ties=(("a", "cio", 0.9), ("b", "cio", 0.8), ("c", "cio", 0.7), ("a", "b", 0.6)),
        ours=(("ana", "a", 0.9), ("ana", "b", 0.9), ("ana", "c", 0.9)),
    )
    paths = warm_paths(m, "cio", k=2)
    assert [p.people for p in paths] == [("ana", "a", "cio"), ("ana", "b", "cio")]
    assert len(warm_paths(m, "cio", k=10)) == 5


def test_paths_never_pass_through_another_team_member():
    m = org(
        ties=(), ours=(("ana", "itd", 0.9), ("raj", "itd", 0.9), ("raj", "cio", 0.2))
    )
    assert [p.people for p in warm_paths(m, "cio", k=5)] == [("raj", "cio")]


def test_no_path_gives_none_and_start_restricts_the_team():
    m = org(ties=(), ours=(("ana", "itd", 0.9), ("raj", "cio", 0.2)))
    assert warm_paths(m, "cio", start=["ana"]) == ()
    assert [p.people for p in warm_paths(m, "cio", start=["raj"])] == [("raj", "cio")]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"k": 0}, r"^warm_paths\.k: expected a whole number of at least 1, got 0"),
        ({"rank": "shortest"}, r"^warm_paths\.rank: expected 'widest' or 'strongest'"),
        (
            {"start": ["cio"]},
            r"^warm_paths\.start\[0\]: 'cio' is not one of our team members",
        ),
        (
            {"start": "ana"},
            r"^warm_paths\.start: expected a list or None, got str 'ana'$",
        ),
    ],
)
def test_bad_options_are_named(options, message):
    m = org(ties=(), ours=(("ana", "cio", 0.5),))
    with pytest.raises(ValidationError, match=message):
        warm_paths(m, "cio", **options)


def test_an_unknown_target_is_named():
    with pytest.raises(
        ValidationError, match=r"^warm_paths\.target\[0\]: unknown stakeholder 'zz'"
    ):
        warm_paths(org(ties=(), ours=()), "zz")


def _keys(graph: nx.DiGraph, path: list[str], rank: str) -> tuple[float, ...]:
    strengths = [graph.edges[a, b]["weight"] for a, b in pairwise(path)][1:]
    width, product = min(strengths), math.prod(strengths)
    key = (-width, -product) if rank == "widest" else (-product,)
    return tuple(round(x, 12) for x in key)


@given(
    stakeholder_maps(min_people=1, max_people=7, departures=False),
    st.sampled_from(["widest", "strongest"]),
    st.integers(1, 4),
)
def test_the_k_best_paths_are_the_k_best_of_all_simple_paths(m, rank, k):
    """Brute force: every simple path from our team to each person, ranked."""
    graph = walkable(m)
    for person in (p.id for p in m.stakeholders):
        every = sorted(
            _keys(graph, path, rank)
            for path in nx.all_simple_paths(graph, ROOT, person)
        )
        got = [
            _keys(graph, [ROOT, *p.people], rank)
            for p in warm_paths(m, person, k=k, rank=rank)
        ]
        assert got == every[:k]


@given(stakeholder_maps(min_people=2, max_people=7, departures=False), st.data())
def test_adding_a_tie_never_narrows_the_widest_path(m, data):
    target = m.stakeholders[0].id
    before = warm_paths(m, target, k=1)
    member = data.draw(st.sampled_from(["t0", "t1", "new"]))
    person = data.draw(st.sampled_from([p.id for p in m.stakeholders]))
    strength = data.draw(st.floats(0.01, 1.0))
    if any(r.member == member and r.stakeholder == person for r in m.relationships):
        return
    wider = StakeholderMap(
        stakeholders=m.stakeholders,
        influences=m.influences,
        relationships=(
            *m.relationships,
            Relationship(member=member, stakeholder=person, strength=strength),
        ),
    )
    after = warm_paths(wider, target, k=1)
    if before:
        assert after[0].width >= before[0].width
