"""Influence scores for a portfolio: accountkit against networkx and igraph.

500 stakeholder maps of 60 people, each with 180 influence ties (random
strengths in (0, 1]); the standard weighted PageRank (``method="normalized"``,
which matches ``networkx.pagerank``) of every map. Each side's largest error
is measured against the exact scores: every map's linear system solved in
Python fractions... too slow for 30,000 people, so against the scores solved
with LAPACK and refined once in extended precision (``numpy.longdouble``),
whose residual the script prints.

1. networkx: ``networkx.pagerank(G)`` on each map's prebuilt ``DiGraph`` (graph
   construction not timed: the most favourable case for networkx), at its
   default tolerance (1e-6) and at 1e-12 (max_iter raised).
2. python-igraph: ``Graph.pagerank`` (PRPACK) on each prebuilt graph: the
   strongest peer, exact to rounding.
3. accountkit, the array path: ``influence_arrays`` on the portfolio's edge
   list, all maps in one call, exact by default (each map solved directly);
   also with networkx's tolerance, iterating as networkx does.
4. accountkit, the object path: ``influence_scores_many`` on the 500
   ``StakeholderMap`` records, returning labelled, explained results; against
   networkx starting from the same records (``to_networkx`` + ``pagerank``).

Every side runs through the shared harness (``_timing.compare``).

Usage: python benchmarks/bench_relationships.py
"""

from _timing import compare, floor

import numpy as np  # isort: skip - after the harness has pinned the threads

from accountkit.relationships import (
    Influence,
    Stakeholder,
    StakeholderMap,
    influence_arrays,
    influence_scores_many,
)

ALPHA = 0.85


def draw_maps(
    rng: np.random.Generator, count: int, people: tuple[int, int], ties: float
) -> list[StakeholderMap]:
    """Draw ``count`` maps of ``people`` (low, high) people, ``ties`` a person.

    Each tie joins a distinct ordered pair of two people, with a strength
    in [0.01, 1].
    """
    maps = []
    for _ in range(count):
        n = int(rng.integers(people[0], people[1] + 1))
        cells = rng.choice(n * n, size=min(n * n, int(ties * n) * 2), replace=False)
        pairs = [(int(c) // n, int(c) % n) for c in cells]
        pairs = [(a, b) for a, b in pairs if a != b][: int(ties * n)]
        strengths = rng.uniform(0.01, 1.0, len(pairs)).round(3)
        maps.append(
            StakeholderMap(
                stakeholders=tuple(
                    Stakeholder(id=f"p{i}", name=f"Person {i}") for i in range(n)
                ),
                influences=tuple(
                    Influence(source=f"p{a}", target=f"p{b}", strength=float(w))
                    for (a, b), w in zip(pairs, strengths, strict=True)
                ),
            )
        )
    return maps


class Portfolio:
    """The maps as the kernel's arrays, igraph and networkx graphs, exact scores."""

    def __init__(self, maps: list[StakeholderMap]) -> None:
        import igraph  # noqa: PLC0415 - the peers are optional (the bench extra)
        import networkx as nx  # noqa: PLC0415

        self.maps = maps
        self.sizes = np.array([len(m.stakeholders) for m in maps])
        starts = np.cumsum(self.sizes) - self.sizes
        number = [
            [int(t.source[1:]) + start, int(t.target[1:]) + start]
            for m, start in zip(maps, starts.tolist(), strict=True)
            for t in m.influences
        ]
        ends = np.array(number, dtype=np.intp).reshape(-1, 2)
        self.influencer, self.influenced = ends[:, 0], ends[:, 1]
        self.strength = np.array([t.strength for m in maps for t in m.influences])
        self.names = [
            (k, f"p{i}") for k, size in enumerate(self.sizes) for i in range(size)
        ]
        self.networkx, self.igraph = [], []
        for m in maps:
            graph = nx.DiGraph()
            graph.add_nodes_from(p.id for p in m.stakeholders)
            graph.add_weighted_edges_from(
                (t.target, t.source, t.strength) for t in m.influences
            )
            self.networkx.append(graph)
            tree = igraph.Graph(
                n=len(m.stakeholders),
                edges=[(int(t.target[1:]), int(t.source[1:])) for t in m.influences],
                directed=True,
            )
            tree.es["weight"] = [t.strength for t in m.influences]
            self.igraph.append(tree)
        self.exact, self.residual = exact_scores(
            self.sizes, self.influenced, self.influencer, self.strength
        )

    def error(self, result: object) -> str:
        """Return the largest difference of a side's scores from the exact ones."""
        if isinstance(result, list) and result and isinstance(result[0], dict):
            scores = np.array([result[k][p] for k, p in self.names])
        elif isinstance(result, list):
            scores = np.array([result[k].scores[p] for k, p in self.names])
        else:
            scores = np.asarray(getattr(result, "scores", result))
        return f"largest error {float(np.abs(scores - self.exact).max()):.1e}"


def exact_scores(
    sizes: np.ndarray, tail: np.ndarray, head: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, float]:
    """Each map's normalized PageRank from its dense system, refined once.

    Written here from the definition (Page et al.; a dangling person's
    standing spread uniformly), not through accountkit: with P the ties
    scaled to add up to 1 a person (1/n for everyone from a dangling one),
    x (I - a P) = (1 - a) / n. Solved with LAPACK in float64, then refined
    once with the residual in extended precision (numpy.longdouble).
    Returns the scores and the largest residual after the refinement.
    """
    scores = np.empty(int(sizes.sum()))
    starts = np.cumsum(sizes) - sizes
    owner = np.repeat(np.arange(len(sizes)), sizes)[tail]
    worst = 0.0
    for n in np.unique(sizes).tolist():
        chosen = np.flatnonzero(sizes == n)
        group = np.full(len(sizes), -1)
        group[chosen] = np.arange(len(chosen))
        edges = np.flatnonzero(group[owner] >= 0)
        dense = np.zeros((len(chosen), n, n))
        start = starts[owner[edges]]
        np.add.at(
            dense,
            (group[owner[edges]], tail[edges] - start, head[edges] - start),
            weight[edges],
        )
        out = dense.sum(axis=2, keepdims=True)
        dense = np.where(out > 0, dense / np.where(out > 0, out, 1), 1.0 / n)
        matrix = np.eye(n) - ALPHA * dense.transpose(0, 2, 1)
        rhs = np.full((len(chosen), n, 1), (1 - ALPHA) / n)
        x = np.linalg.solve(matrix, rhs)
        wide = matrix.astype(np.longdouble)
        residual = rhs.astype(np.longdouble) - wide @ x.astype(np.longdouble)
        x = x + np.linalg.solve(matrix, residual.astype(np.float64))
        left = rhs.astype(np.longdouble) - wide @ x.astype(np.longdouble)
        worst = max(worst, float(np.abs(left).max()))
        people = (starts[chosen][:, None] + np.arange(n)).ravel()
        scores[people] = x[:, :, 0].ravel()
    return scores, worst


def arrays_job(title: str, data: Portfolio) -> None:
    """Time the kernel on arrays against networkx and igraph on graphs."""
    import networkx as nx  # noqa: PLC0415 - the peers are optional (the bench extra)

    def arrays(**options: float) -> object:
        return influence_arrays(
            data.sizes,
            data.influencer,
            data.influenced,
            data.strength,
            method="normalized",
            **options,
        )

    print(f"reference: dense solve refined once, largest residual {data.residual:.1e}")
    timings = compare(
        title,
        {
            "networkx.pagerank, tol 1e-6": lambda: [
                nx.pagerank(g) for g in data.networkx
            ],
            "networkx.pagerank, tol 1e-12": lambda: [
                nx.pagerank(g, tol=1e-12, max_iter=10_000) for g in data.networkx
            ],
            "igraph Graph.pagerank (PRPACK)": lambda: np.concatenate(
                [g.pagerank(weights="weight") for g in data.igraph]
            ),
            "accountkit influence_arrays, tol 1e-6": lambda: arrays(tol=1e-6),
            "accountkit influence_arrays (exact)": arrays,
        },
        lambda _, result: data.error(result),
        ours="accountkit influence_arrays (exact)",
    )
    floor(
        data.sizes.nbytes
        + data.influencer.nbytes
        + data.influenced.nbytes
        + data.strength.nbytes,
        timings["accountkit influence_arrays (exact)"].best,
        arrays,
    )


def main() -> None:
    """Time every side, interleaved, and print each one's largest error."""
    import networkx as nx  # noqa: PLC0415 - the peers are optional (the bench extra)

    large = Portfolio(draw_maps(np.random.default_rng(7), 500, (60, 60), 3))
    arrays_job("PageRank of 500 maps x 60 people (180 ties each), arrays in", large)
    compare(
        "the same 500 maps from StakeholderMap records, labelled results",
        {
            "networkx, to_networkx() + pagerank": lambda: [
                nx.pagerank(m.to_networkx().reverse(copy=True)) for m in large.maps
            ],
            "accountkit influence_scores_many": lambda: influence_scores_many(
                large.maps, method="normalized"
            ),
        },
        lambda _, result: large.error(result),
        ours="accountkit influence_scores_many",
        repeat=5,
    )
    usual = Portfolio(draw_maps(np.random.default_rng(8), 5_000, (5, 30), 2.5))
    arrays_job(
        "PageRank of 5,000 maps of 5-30 people (2.5 ties a person), arrays in",
        usual,
    )


if __name__ == "__main__":
    main()
