"""The scoring kernel: a scorecard applied to accounts x measures arrays.

One implementation serves :func:`~accountkit.health.score` (one account, with
its explanation) and :func:`~accountkit.health.score_many` (many accounts).
Every node of the flattened scorecard gets, per account, a score (NaN when it
has none), whether it is *counted* (its weight is in its parent's
denominator) and its *share* (its normalised weight among its counted
siblings).
"""

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from accountkit.errors import InsufficientDataError
from accountkit.health._scorecard import MissingPolicy, Node, Scorecard, flatten
from accountkit.health._scorers import score_matrix

__all__ = ["Evaluation", "evaluate", "static_weights"]


class Evaluation(NamedTuple):
    """Scores of accounts (rows) on a scorecard."""

    nodes: list[Node]
    measures: NDArray[np.float64]
    """Each measure's score (columns in ``Scorecard.measure_ids`` order);
    NaN where it has none."""
    groups: NDArray[np.float64]
    """Each group's score (columns in scorecard order); NaN where none."""
    overall: NDArray[np.float64]
    """The scorecard's score per account; NaN when nothing could be scored."""
    completeness: NDArray[np.float64]
    """Configured weight of the measures with a value, over all weight."""
    scores: NDArray[np.float64] | None
    """With ``explain``: every node's score, columns in node order."""
    shares: NDArray[np.float64] | None
    """With ``explain``: each node's normalised weight among its counted
    siblings (0 when it does not count)."""


def static_weights(nodes: list[Node]) -> NDArray[np.float64]:
    """Each node's configured share of the whole scorecard (no renormalising)."""
    totals: dict[int, float] = {}
    for node in nodes:
        totals[node.parent] = totals.get(node.parent, 0.0) + node.weight
    out = np.zeros(len(nodes))
    for index, node in enumerate(nodes):
        total = totals[node.parent]
        share = node.weight / total if total > 0 else 0.0
        out[index] = share * (out[node.parent] if node.parent >= 0 else 1.0)
    return out


_ROWS = 4096
"""Accounts scored per block: the temporaries of a block stay in cache."""


class _Level(NamedTuple):
    groups: list[int]
    """Positions (among the groups) of the groups at this depth."""
    from_measures: NDArray[np.float64]
    """Weights, measures x these groups."""
    from_groups: NDArray[np.float64]
    """Weights, groups x these groups."""


class _Plan(NamedTuple):
    """A scorecard laid out for array scoring."""

    nodes: list[Node]
    measures: list[int]
    """Node index of each measure, in column order."""
    groups: list[int]
    """Node index of each group, in column order."""
    levels: list[_Level]
    """Groups by depth, deepest first."""
    top: _Level
    """The top level, as one pseudo-group."""
    fill: NDArray[np.float64]
    """Per measure, the score of a missing value (NaN: none)."""
    keep: NDArray[np.bool_]
    """Per measure, whether a missing value keeps its weight."""
    fail: list[int]
    """Measure columns whose missing-data policy is FAIL."""


def _level(
    nodes: list[Node], parents: list[int], measures: list[int], groups: list[int]
) -> _Level:
    """Return the weight matrices from members to the groups ``parents`` (-1: top)."""
    from_measures = np.zeros((len(measures), len(parents)))
    from_groups = np.zeros((len(groups), len(parents)))
    for column, parent in enumerate(parents):
        for row, index in enumerate(measures):
            if nodes[index].parent == parent:
                from_measures[row, column] = nodes[index].weight
        for row, index in enumerate(groups):
            if nodes[index].parent == parent:
                from_groups[row, column] = nodes[index].weight
    return _Level(
        [groups.index(p) for p in parents if p >= 0], from_measures, from_groups
    )


def _plan(scorecard: Scorecard) -> _Plan:
    nodes = flatten(scorecard)
    depth: list[int] = []
    for node in nodes:
        depth.append(depth[node.parent] + 1 if node.parent >= 0 else 0)
    measures = [i for i, n in enumerate(nodes) if n.measure is not None]
    groups = [i for i, n in enumerate(nodes) if n.measure is None]
    levels = [
        _level(nodes, [g for g in groups if depth[g] == d], measures, groups)
        for d in sorted({depth[g] for g in groups}, reverse=True)
    ]
    fill, keep, fail = [], [], []
    for column, index in enumerate(measures):
        measure = nodes[index].measure
        if measure is None:  # pragma: no cover - measures only
            continue
        policy = measure.missing or scorecard.missing
        defaults = {MissingPolicy.ZERO: 0.0, MissingPolicy.NEUTRAL: measure.neutral}
        fill.append(defaults.get(policy, np.nan))
        keep.append(policy is not MissingPolicy.EXCLUDE)
        if policy is MissingPolicy.FAIL:
            fail.append(column)
    return _Plan(
        nodes,
        measures,
        groups,
        levels,
        _level(nodes, [-1], measures, groups),
        np.array(fill),
        np.array(keep, dtype=bool),
        fail,
    )


class _State(NamedTuple):
    """Measures or groups, as floats for the matrix products.

    ``filled`` is the score where the node counts and has one (else 0),
    ``counts`` whether it counts, ``scored`` whether it counts with a score.
    """

    filled: NDArray[np.float64]
    counts: NDArray[np.float64]
    scored: NDArray[np.float64]


def evaluate(
    scorecard: Scorecard,
    raw: NDArray[np.float64],
    overrides: NDArray[np.float64] | None = None,
    *,
    where: str,
    explain: bool = False,
) -> Evaluation:
    """Score ``raw`` (accounts x measures, NaN for missing) on ``scorecard``.

    ``overrides`` (accounts x nodes, NaN for none) replaces node scores.
    Each level of groups is a few matrix products: weighted sums of the
    members' scores, of their counted weights, and counts of scored members.
    """
    plan = _plan(scorecard)
    if explain or raw.shape[0] <= _ROWS:
        return _run(plan, raw, overrides, where=where, explain=explain)
    parts = [
        _run(
            plan,
            raw[start : start + _ROWS],
            None if overrides is None else overrides[start : start + _ROWS],
            where=where,
            explain=False,
        )
        for start in range(0, raw.shape[0], _ROWS)
    ]
    return Evaluation(
        plan.nodes,
        np.concatenate([p.measures for p in parts]),
        np.concatenate([p.groups for p in parts]),
        np.concatenate([p.overall for p in parts]),
        np.concatenate([p.completeness for p in parts]),
        None,
        None,
    )


def _run(
    plan: _Plan,
    raw: NDArray[np.float64],
    overrides: NDArray[np.float64] | None,
    *,
    where: str,
    explain: bool,
) -> Evaluation:
    """Score one block of accounts (small enough to stay in cache)."""
    nodes = plan.nodes
    accounts = raw.shape[0]
    scorers = [nodes[i].measure.scorer for i in plan.measures]  # type: ignore[union-attr]
    measured = score_matrix(scorers, raw)
    own = ~np.isnan(measured)
    _check_fail(plan, own, where)
    values = np.where(own, measured, plan.fill)
    has = ~np.isnan(values)
    hand = None if overrides is None else ~np.isnan(overrides)
    if overrides is not None and hand is not None:
        given = hand[:, plan.measures]
        values = np.where(given, overrides[:, plan.measures], values)
        has |= given
        own = own | given
    measures = _State(
        filled=np.where(has, values, 0.0),
        counts=(own | plan.keep).astype(np.float64),
        scored=has.astype(np.float64),
    )
    size = len(plan.groups)
    group_scores = np.full((accounts, size), np.nan)
    groups = _State(
        filled=np.zeros((accounts, size)),
        counts=np.zeros((accounts, size)),
        scored=np.zeros((accounts, size)),
    )
    for level in plan.levels:
        mean, keep, scored = _weighted(measures, groups, level)
        if overrides is not None and hand is not None:
            columns = [plan.groups[g] for g in level.groups]
            given = hand[:, columns]
            mean = np.where(given, overrides[:, columns], mean)
            keep = keep | given
            scored = scored | given
        group_scores[:, level.groups] = mean
        groups.filled[:, level.groups] = np.where(scored, mean, 0.0)
        groups.counts[:, level.groups] = keep
        groups.scored[:, level.groups] = scored
    overall, _, _ = _weighted(measures, groups, plan.top)
    weights = static_weights(nodes)
    covered = own.astype(np.float64)
    if hand is not None:
        covered = _covered(plan, covered, hand)
    completeness = covered @ weights[plan.measures]
    scores = shares = None
    if explain:
        scores = np.empty((accounts, len(nodes)))
        scores[:, plan.measures] = values
        scores[:, plan.groups] = group_scores
        counted = np.zeros((accounts, len(nodes)), dtype=bool)
        counted[:, plan.measures] = measures.counts > 0
        counted[:, plan.groups] = groups.counts > 0
        shares = _shares(nodes, counted)
    return Evaluation(
        nodes,
        np.where(has, values, np.nan),
        group_scores,
        overall[:, 0],
        completeness,
        scores,
        shares,
    )


def _check_fail(plan: _Plan, own: NDArray[np.bool_], where: str) -> None:
    for column in plan.fail:
        if own[:, column].all():
            continue
        row = int(np.argmin(own[:, column]))
        node = plan.nodes[plan.measures[column]]
        message = (
            f"{where}: measure {node.id!r} has no value"
            + (f" (account {row})" if len(own) > 1 else "")
            + " and its missing-data policy is 'fail'"
        )
        raise InsufficientDataError(message)


def _weighted(
    measures: _State, groups: _State, level: _Level
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Weighted means of the counted members of the level's groups.

    A mean is NaN where no counted member has a score; a group counts at its
    parent when a member with weight counts. Returns the means, whether each
    group counts, and whether it has a score.
    """
    by_measure, by_group = level.from_measures, level.from_groups
    numerator = measures.filled @ by_measure + groups.filled @ by_group
    denominator = measures.counts @ by_measure + groups.counts @ by_group
    scored = (measures.scored @ by_measure + groups.scored @ by_group > 0) & (
        denominator > 0
    )
    mean = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=mean, where=scored)
    return mean, denominator > 0, scored


def _shares(nodes: list[Node], counted: NDArray[np.bool_]) -> NDArray[np.float64]:
    shares = np.zeros(counted.shape)
    siblings: dict[int, list[int]] = {}
    for index, node in enumerate(nodes):
        siblings.setdefault(node.parent, []).append(index)
    for members in siblings.values():
        weight = np.array([nodes[m].weight for m in members])
        use = counted[:, members] * weight
        total = use.sum(axis=1, keepdims=True)
        safe = np.where(total > 0, total, 1.0)
        shares[:, members] = np.where(total > 0, use / safe, 0.0)
    return shares


def _covered(
    plan: _Plan, covered: NDArray[np.float64], hand: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """Also count as covered every measure under an overridden group."""
    nodes = plan.nodes
    for column, index in enumerate(plan.measures):
        ancestor = nodes[index].parent
        while ancestor >= 0:
            covered[:, column] = np.maximum(covered[:, column], hand[:, ancestor])
            ancestor = nodes[ancestor].parent
    return covered
