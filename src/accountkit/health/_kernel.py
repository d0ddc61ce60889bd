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

from accountkit._identity import Derived
from accountkit.errors import InsufficientDataError
from accountkit.health._scorecard import MissingPolicy, Node, Scorecard, flatten
from accountkit.health._scorers import (
    Scorer,
    ScorerTable,
    Scratch,
    compile_scorers,
    score_columns,
)

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


_ROWS = 8192
"""Accounts scored per block: the temporaries of a block stay in cache."""


class _Level(NamedTuple):
    groups: list[int]
    """Positions (among the groups) of the groups at this depth."""
    rows: slice | list[int]
    """The same positions, as a slice when they are consecutive (faster)."""
    from_measures: NDArray[np.float64]
    """Weights, these groups x measures."""
    from_groups: NDArray[np.float64]
    """Weights, these groups x groups."""


class _Plan(NamedTuple):
    """A scorecard laid out for array scoring.

    The kernel works on transposed blocks: one contiguous row per measure or
    group, one column per account, so every pass over a block runs along
    long rows.
    """

    nodes: list[Node]
    measures: list[int]
    """Node index of each measure, in column order."""
    groups: list[int]
    """Node index of each group, in column order."""
    levels: list[_Level]
    """Groups by depth, deepest first."""
    top: _Level
    """The top level, as one pseudo-group."""
    table: ScorerTable
    """The measures' scorers."""
    fill: NDArray[np.float64] | None
    """Per measure (a column), the score of a missing value (NaN: none);
    ``None`` when every missing value is excluded."""
    keep: NDArray[np.bool_] | None
    """Per measure (a column), whether a missing value keeps its weight;
    ``None`` when none does."""
    fail: list[int]
    """Measures whose missing-data policy is FAIL."""
    weights: NDArray[np.float64]
    """Each measure's configured share of the whole scorecard."""


def _level(
    nodes: list[Node], parents: list[int], measures: list[int], groups: list[int]
) -> _Level:
    """Return the weight matrices from members to the groups ``parents`` (-1: top)."""
    from_measures = np.zeros((len(parents), len(measures)))
    from_groups = np.zeros((len(parents), len(groups)))
    for row, parent in enumerate(parents):
        for column, index in enumerate(measures):
            if nodes[index].parent == parent:
                from_measures[row, column] = nodes[index].weight
        for column, index in enumerate(groups):
            if nodes[index].parent == parent:
                from_groups[row, column] = nodes[index].weight
    # each parent's weights as shares of their sum: the same means, and no
    # precision lost to tiny (even subnormal) configured weights
    sums = from_measures.sum(axis=1) + from_groups.sum(axis=1)
    total = np.where(sums > 0, sums, 1.0)[:, None]
    from_measures /= total
    from_groups /= total
    positions = [groups.index(p) for p in parents if p >= 0]
    consecutive = (
        positions == list(range(positions[0], positions[-1] + 1))
        if positions
        else False
    )
    rows: slice | list[int] = (
        slice(positions[0], positions[-1] + 1) if consecutive else positions
    )
    return _Level(positions, rows, from_measures, from_groups)


def _plan(scorecard: Scorecard) -> _Plan:
    """Return the scorecard's plan, made once while it is among the latest."""
    return _PLANS(scorecard)


def _make_plan(scorecard: Scorecard) -> _Plan:
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
    scorers: list[Scorer] = []
    fill, keep, fail = [], [], []
    for column, index in enumerate(measures):
        measure = nodes[index].measure
        if measure is None:  # pragma: no cover - measures only
            continue
        scorers.append(measure.scorer)
        policy = measure.missing or scorecard.missing
        defaults = {MissingPolicy.ZERO: 0.0, MissingPolicy.NEUTRAL: measure.neutral}
        fill.append(defaults.get(policy, np.nan))
        keep.append(policy is not MissingPolicy.EXCLUDE)
        if policy is MissingPolicy.FAIL:
            fail.append(column)
    plan = _Plan(
        nodes,
        measures,
        groups,
        levels,
        _level(nodes, [-1], measures, groups),
        compile_scorers(scorers),
        None if np.isnan(fill).all() else np.array(fill)[:, None],
        np.array(keep)[:, None] if any(keep) else None,
        fail,
        static_weights(nodes)[measures],
    )
    _read_only(plan)
    return plan


def _read_only(value: object) -> None:
    """Make every array in a (nested) plan read-only: it is shared by every score."""
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
    elif isinstance(value, tuple | list):
        for item in value:
            _read_only(item)


_PLANS: Derived[Scorecard, _Plan] = Derived(_make_plan)
"""Each scorecard's plan, made once (scorecards are frozen)."""


class _Work:
    """Memory for scoring blocks of one width, reused block after block.

    Measures and groups are held as *slabs* side by side, each measures (or
    groups) x accounts: the score where the node counts and has one (else
    0), whether it counts, and whether it counts with a score. One pass of
    :func:`_accumulate` per kind of member then gives a level's weighted
    sums of all three. When every missing value is excluded and nothing is overridden,
    a node counts exactly when it has a score, and the third slab is the
    second, so it is left out.
    """

    def __init__(self, plan: _Plan, width: int, *, simple: bool) -> None:
        measures, groups = len(plan.measures), len(plan.groups)
        self.width = width
        self.simple = simple
        self.columns = np.empty((measures, width))
        self.scratch = Scratch.like(self.columns)
        self.own = np.empty((measures, width), dtype=bool)
        slabs = width * (2 if simple else 3)
        self.measures = np.empty((measures, slabs))
        self.groups = np.zeros((groups, slabs))
        self.totals = [
            np.empty((len(level.from_measures), slabs))
            for level in [*plan.levels, plan.top]
        ]


class _Out(NamedTuple):
    """Where a block's results go: views into the whole evaluation's arrays."""

    values: NDArray[np.float64]
    """Measures x accounts."""
    groups: NDArray[np.float64]
    """Groups x accounts."""
    overall: NDArray[np.float64]
    completeness: NDArray[np.float64]


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
    Accounts are scored in blocks, transposed so that every pass runs along
    contiguous rows; each level of groups is a weighted sum per kind of
    member (see :class:`_Work`).
    """
    plan = _plan(scorecard)
    accounts = raw.shape[0]
    values = np.empty((len(plan.measures), accounts))
    groups = np.empty((len(plan.groups), accounts))
    overall, completeness = np.empty(accounts), np.empty(accounts)
    simple = plan.fill is None and plan.keep is None and overrides is None
    spaces: dict[int, _Work] = {}
    explained: tuple[NDArray[np.float64] | None, NDArray[np.float64] | None]
    explained = None, None
    for start in range(0, max(accounts, 1), _ROWS):
        stop = min(start + _ROWS, accounts)
        width = stop - start
        work = spaces.get(width) or spaces.setdefault(
            width, _Work(plan, width, simple=simple)
        )
        np.copyto(work.columns, raw[start:stop].T)
        explained = _run(
            plan,
            work,
            None if overrides is None else overrides[start:stop].T,
            _Out(
                values[:, start:stop],
                groups[:, start:stop],
                overall[start:stop],
                completeness[start:stop],
            ),
            where=where,
            explain=explain,
            first=start,
        )
    scores, shares = explained
    return Evaluation(
        plan.nodes, values.T, groups.T, overall, completeness, scores, shares
    )


def _run(
    plan: _Plan,
    work: _Work,
    overrides: NDArray[np.float64] | None,
    out: _Out,
    *,
    where: str,
    explain: bool,
    first: int,
) -> tuple[NDArray[np.float64] | None, NDArray[np.float64] | None]:
    """Score the block in ``work.columns`` (measures x accounts) into ``out``.

    Returns, with ``explain``, every node's score and share (accounts x nodes).
    """
    nodes, accounts, values = plan.nodes, work.width, out.values
    score_columns(plan.table, work.columns, out=values, scratch=work.scratch)
    own = np.isnan(values, out=work.own)
    np.logical_not(own, out=own)
    _check_fail(plan, own, where, first)
    has = own
    if plan.fill is not None:
        np.copyto(values, plan.fill, where=~own)
        has = ~np.isnan(values)
    hand = None if overrides is None else ~np.isnan(overrides)
    if overrides is not None and hand is not None:
        given = hand[plan.measures]
        np.copyto(values, overrides[plan.measures], where=given)
        has = has | given
        own = own | given
    counting = slice(accounts, 2 * accounts)
    measures = work.measures
    # scores are never negative, so fmax turns exactly the missing ones to 0
    np.fmax(values, 0.0, out=measures[:, :accounts])
    measures[:, counting] = own if plan.keep is None else own | plan.keep
    if not work.simple:
        measures[:, 2 * accounts :] = has
    groups = work.groups
    _score_groups(plan, work, out, overrides, hand)
    top, _, _ = _weighted(measures, groups, plan.top, work.totals[-1], accounts)
    out.overall[:] = top[0]
    covered = measures[:, counting] if work.simple else own.astype(np.float64)
    if hand is not None:
        covered = _covered(plan, covered, hand)
    out.completeness.fill(0.0)
    _accumulate(plan.weights[None, :], covered, out.completeness[None, :])
    if plan.fill is not None or overrides is not None:
        values[~has] = np.nan
    if not explain:
        return None, None
    every = np.empty((len(nodes), accounts))
    every[plan.measures] = values
    every[plan.groups] = out.groups
    counted = np.zeros((len(nodes), accounts), dtype=bool)
    counted[plan.measures] = measures[:, counting] > 0
    counted[plan.groups] = groups[:, counting] > 0
    return every.T, _shares(nodes, counted.T)


def _score_groups(
    plan: _Plan,
    work: _Work,
    out: _Out,
    overrides: NDArray[np.float64] | None,
    hand: NDArray[np.bool_] | None,
) -> None:
    """Score the groups level by level, deepest first, into ``out.groups``."""
    measures, groups, accounts = work.measures, work.groups, work.width
    counting = slice(accounts, 2 * accounts)
    for level, total in zip(plan.levels, work.totals, strict=False):
        mean, keep, present = _weighted(measures, groups, level, total, accounts)
        if overrides is not None and hand is not None:
            nodes_here = [plan.groups[g] for g in level.groups]
            given = hand[nodes_here]
            mean = np.where(given, overrides[nodes_here], mean)
            keep = keep | given
            present = present | given
        rows = level.rows
        out.groups[rows] = mean
        np.fmax(mean, 0.0, out=groups[rows, :accounts])
        groups[rows, counting] = keep
        if not work.simple:
            groups[rows, 2 * accounts :] = present


def _check_fail(plan: _Plan, own: NDArray[np.bool_], where: str, first: int) -> None:
    for row in plan.fail:
        if own[row].all():
            continue
        account = first + int(np.argmin(own[row]))
        node = plan.nodes[plan.measures[row]]
        message = (
            f"{where}: measure {node.id!r} has no value"
            + (f" (account {account})" if own.shape[1] > 1 or first else "")
            + " and its missing-data policy is 'fail'"
        )
        raise InsufficientDataError(message)


def _weighted(
    measures: NDArray[np.float64],
    groups: NDArray[np.float64],
    level: _Level,
    total: NDArray[np.float64],
    accounts: int,
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Weighted means of the counted members of the level's groups.

    ``measures`` and ``groups`` are slabs (see :class:`_Work`); ``total``
    receives the level's weighted sums. A mean is NaN where no counted
    member has a score; a group counts at its parent when a member with
    weight counts. Returns the means, whether each group counts, and
    whether it has a score.
    """
    total.fill(0.0)
    _accumulate(level.from_measures, measures, total)
    _accumulate(level.from_groups, groups, total)
    numerator = total[:, :accounts]
    counts = total[:, accounts : 2 * accounts] > 0
    scored = counts
    if total.shape[1] > 2 * accounts:
        scored = counts & (total[:, 2 * accounts :] > 0)
    mean = np.full(numerator.shape, np.nan)
    np.divide(numerator, total[:, accounts : 2 * accounts], out=mean, where=scored)
    return mean, counts, scored


def _accumulate(
    weights: NDArray[np.float64],
    members: NDArray[np.float64],
    total: NDArray[np.float64],
) -> None:
    """Add ``weights @ members`` to ``total``, term by term in member order.

    A BLAS matrix product sums in an order that depends on the number of
    columns, so an account scored alone could differ in the last bit from
    the same account scored in a block. Summing each row's nonzero terms
    in a fixed order makes every account's result independent of its
    block, and skips the zero weights (each member has one parent).
    """
    for row, line in enumerate(weights):
        target = total[row]
        for column in np.flatnonzero(line):
            target += line[column] * members[column]


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
    covered = covered.copy()
    nodes = plan.nodes
    for row, index in enumerate(plan.measures):
        ancestor = nodes[index].parent
        while ancestor >= 0:
            covered[row] = np.maximum(covered[row], hand[ancestor])
            ancestor = nodes[ancestor].parent
    return covered
