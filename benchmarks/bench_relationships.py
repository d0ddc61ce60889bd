"""Influence scores for a portfolio: accountkit against networkx.pagerank.

500 stakeholder maps of 60 people, each with 180 influence ties (random
strengths in (0, 1]); the standard weighted PageRank (``method="normalized"``,
which matches ``networkx.pagerank``) of every map, three ways, in one process:

1. networkx: ``networkx.pagerank(G)`` on each map's prebuilt ``DiGraph`` (graph
   construction not timed: the most favourable case for networkx).
2. accountkit, the array path: ``influence_arrays`` on the portfolio's edge
   list, all maps in one call.
3. accountkit, the object path: ``influence_scores_many`` on the 500
   ``StakeholderMap`` records, returning labelled, explained results; against
   networkx starting from the same records (``to_networkx`` + ``pagerank``).

The script checks that all three agree to 1e-9 and prints the times and ratios.

Usage: python benchmarks/bench_relationships.py
"""

import numpy as np
from _timing import best_of

from accountkit.relationships import (
    Influence,
    Stakeholder,
    StakeholderMap,
    influence_arrays,
    influence_scores_many,
)

MAPS, PEOPLE, TIES = 500, 60, 180


def portfolio(rng: np.random.Generator) -> list[StakeholderMap]:
    """Draw the maps: distinct ordered pairs, no self-ties."""
    maps = []
    people = tuple(Stakeholder(id=f"p{i}", name=f"Person {i}") for i in range(PEOPLE))
    for _ in range(MAPS):
        cells = rng.choice(PEOPLE * PEOPLE, size=TIES * 2, replace=False)
        pairs = [(int(c) // PEOPLE, int(c) % PEOPLE) for c in cells]
        pairs = [(a, b) for a, b in pairs if a != b][:TIES]
        strengths = rng.uniform(0.01, 1.0, len(pairs)).round(3)
        ties = tuple(
            Influence(source=f"p{a}", target=f"p{b}", strength=float(w))
            for (a, b), w in zip(pairs, strengths, strict=True)
        )
        maps.append(StakeholderMap(stakeholders=people, influences=ties))
    return maps


def main() -> None:
    """Time the three ways and check they agree."""
    import networkx as nx  # noqa: PLC0415 - the peer is optional (the bench extra)

    maps = portfolio(np.random.default_rng(7))
    graphs = [m.to_networkx() for m in maps]
    deferring = []
    for graph in graphs:
        reverse = nx.DiGraph()
        reverse.add_nodes_from(graph)
        reverse.add_weighted_edges_from(
            (b, a, d["weight"]) for a, b, d in graph.edges(data=True)
        )
        deferring.append(reverse)

    index = {f"p{i}": i for i in range(PEOPLE)}
    sizes = np.full(MAPS, PEOPLE)
    influencer = np.array(
        [index[t.source] + k * PEOPLE for k, m in enumerate(maps) for t in m.influences]
    )
    influenced = np.array(
        [index[t.target] + k * PEOPLE for k, m in enumerate(maps) for t in m.influences]
    )
    strength = np.array([t.strength for m in maps for t in m.influences])

    def with_networkx() -> list[dict[str, float]]:
        return [nx.pagerank(g) for g in deferring]

    def with_networkx_from_records() -> list[dict[str, float]]:
        result = []
        for m in maps:
            graph = m.to_networkx()
            result.append(nx.pagerank(graph.reverse(copy=True)))
        return result

    def with_arrays() -> object:
        return influence_arrays(
            sizes, influencer, influenced, strength, method="normalized"
        )

    def with_records() -> object:
        return influence_scores_many(maps, method="normalized")

    peer, expected = best_of(with_networkx)
    peer_records, _ = best_of(with_networkx_from_records)
    arrays, got_arrays = best_of(with_arrays)
    records, got_records = best_of(with_records)
    flat = np.array([row[f"p{i}"] for row in expected for i in range(PEOPLE)])  # type: ignore[union-attr]
    worst_arrays = float(np.abs(flat - got_arrays.scores).max())  # type: ignore[attr-defined]
    worst_records = max(
        abs(row[p] - result.scores[p])
        for row, result in zip(expected, got_records, strict=True)  # type: ignore[call-overload]
        for p in row
    )
    print(f"PageRank of {MAPS} maps x {PEOPLE} people ({TIES} ties each)")
    print(f"  networkx.pagerank on prebuilt graphs   : {peer:7.3f} s")
    print(
        f"  accountkit influence_arrays            : {arrays:7.3f} s  "
        f"({peer / arrays:5.1f}x faster; max difference {worst_arrays:.1e})"
    )
    print(f"  networkx from the records (to_networkx): {peer_records:7.3f} s")
    print(
        f"  accountkit influence_scores_many       : {records:7.3f} s  "
        f"({peer_records / records:5.1f}x faster than networkx from the records, "
        f"{peer / records:4.1f}x than on prebuilt graphs; "
        f"max difference {worst_records:.1e})"
    )


if __name__ == "__main__":
    main()
