"""Betweenness: hand-checked shapes and networkx as the oracle."""

import math

import networkx as nx
import pytest
from hypothesis import given

from accountkit.relationships import (
    Influence,
    InfluenceKind,
    Stakeholder,
    StakeholderMap,
    broker_scores,
)
from strategies.relationships import stakeholder_maps


def shape(*edges: tuple[str, str], people: str = "") -> StakeholderMap:
    ids = dict.fromkeys([*people, *(p for e in edges for p in e)])
    return StakeholderMap(
        stakeholders=tuple(Stakeholder(id=i, name=i) for i in ids),
        influences=tuple(Influence(source=a, target=b, strength=0.5) for a, b in edges),
    )


def test_the_centre_of_a_star_brokers_every_pair():
    """Four leaves: C(4, 2) = 6 unordered pairs, all through the centre;
    normalised 6 * 2 / ((5 - 1)(5 - 2)) = 1."""
    star = shape(("c", "a"), ("b", "c"), ("c", "d"), ("e", "c"))
    scores = broker_scores(star).scores
    assert scores == {"c": 1.0, "a": 0.0, "b": 0.0, "d": 0.0, "e": 0.0}
    assert broker_scores(star, normalized=False).scores["c"] == 6.0


def test_a_square_splits_each_pair_between_two_routes():
    """a-b-c-d-a: a and c are joined by two shortest paths, one via b and one
    via d, so b gets 1/2 for that pair (and likewise d); unnormalised 0.5."""
    square = shape(("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"))
    assert broker_scores(square, normalized=False).scores == {
        "a": 0.5,
        "b": 0.5,
        "c": 0.5,
        "d": 0.5,
    }


def test_conflicts_broker_nothing():
    line = StakeholderMap(
        stakeholders=tuple(Stakeholder(id=i, name=i) for i in "abc"),
        influences=(
            Influence(source="a", target="b", strength=0.5),
            Influence(
                source="b", target="c", strength=0.5, kind=InfluenceKind.CONFLICT
            ),
        ),
    )
    assert broker_scores(line).scores == {"a": 0.0, "b": 0.0, "c": 0.0}


def test_explanations_split_a_score_by_source():
    line = shape(("a", "b"), ("b", "c"))
    why = broker_scores(line, normalized=False).explain("b")
    assert (why.score, why.base, why.contributions) == (1.0, 0.0, {"a": 0.5, "c": 0.5})
    assert broker_scores(line).ranking()[0] == ("b", 1.0)


def test_one_and_two_people_broker_nothing():
    assert broker_scores(shape(people="a")).scores == {"a": 0.0}
    assert broker_scores(shape(("a", "b"))).scores == {"a": 0.0, "b": 0.0}


@given(
    stakeholder_maps(min_people=1, max_people=14).filter(
        lambda m: any(not p.departed for p in m.stakeholders)
    )
)
def test_scores_are_networkx_betweenness(m):
    graph = nx.Graph()
    present = [p.id for p in m.stakeholders if not p.departed]
    graph.add_nodes_from(present)
    graph.add_edges_from(
        (t.source, t.target)
        for t in m.influences
        if t.kind is InfluenceKind.INFLUENCE
        and t.source in present
        and t.target in present
    )
    for normalized in (True, False):
        result = broker_scores(m, normalized=normalized)
        expected = nx.betweenness_centrality(graph, normalized=normalized)
        assert result.scores == pytest.approx(expected, abs=1e-9)
        for person, score in result.scores.items():
            assert math.fsum(
                result.explain(person).contributions.values()
            ) == pytest.approx(score, abs=1e-9)
