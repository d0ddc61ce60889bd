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
from accountkit.health._scorers import score_values

__all__ = ["Evaluation", "evaluate", "static_weights"]


class Evaluation(NamedTuple):
    """Per account (rows) and node (columns) of the flattened scorecard."""

    nodes: list[Node]
    scores: NDArray[np.float64]
    """Score of each node; NaN where it has none."""
    counted: NDArray[np.bool_]
    """Whether the node's weight counts in its parent's mean."""
    shares: NDArray[np.float64]
    """Its normalised weight among its counted siblings (0 when not counted)."""
    present: NDArray[np.bool_]
    """Whether a measure has a value of its own (observed or overridden)."""
    overall: NDArray[np.float64]
    """The scorecard's score per account; NaN when nothing could be scored."""
    completeness: NDArray[np.float64]
    """Configured weight of the measures with a value, over all weight."""


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


def evaluate(
    scorecard: Scorecard,
    raw: NDArray[np.float64],
    overrides: NDArray[np.float64] | None = None,
    *,
    where: str,
) -> Evaluation:
    """Score ``raw`` (accounts x measures, NaN for missing) on ``scorecard``.

    ``overrides`` (accounts x nodes, NaN for none) replaces node scores.
    """
    nodes = flatten(scorecard)
    accounts = raw.shape[0]
    size = len(nodes)
    scores = np.full((accounts, size), np.nan)
    counted = np.zeros((accounts, size), dtype=bool)
    present = np.zeros((accounts, size), dtype=bool)
    children: dict[int, list[int]] = {}
    for index, node in enumerate(nodes):
        children.setdefault(node.parent, []).append(index)
    column = 0
    columns: dict[int, int] = {}
    for index, node in enumerate(nodes):
        if node.measure is not None:
            columns[index] = column
            column += 1
    for index in reversed(range(size)):
        node = nodes[index]
        if node.measure is not None:
            values = score_values(node.measure.scorer, raw[:, columns[index]])
            own = ~np.isnan(values)
            policy = node.measure.missing or scorecard.missing
            if policy is MissingPolicy.FAIL and not own.all():
                row = int(np.argmin(own))
                message = (
                    f"{where}: measure {node.id!r} has no value"
                    + (f" (account {row})" if accounts > 1 else "")
                    + " and its missing-data policy is 'fail'"
                )
                raise InsufficientDataError(message)
            filled = {
                MissingPolicy.ZERO: 0.0,
                MissingPolicy.NEUTRAL: node.measure.neutral,
            }.get(policy, np.nan)
            scores[:, index] = np.where(own, values, filled)
            counted[:, index] = own | (policy is not MissingPolicy.EXCLUDE)
            present[:, index] = own
        else:
            _aggregate(index, children[index], nodes, scores, counted)
        if overrides is not None:
            given = ~np.isnan(overrides[:, index])
            scores[:, index] = np.where(given, overrides[:, index], scores[:, index])
            counted[:, index] |= given
            present[:, index] |= given
    top = children.get(-1, [])
    overall, top_counted = _mean(top, nodes, scores, counted)
    del top_counted
    shares = _shares(nodes, children, counted)
    weights = static_weights(nodes)
    covered = _covered(nodes, present, overrides)
    completeness = covered @ weights if size else np.zeros(accounts)
    return Evaluation(nodes, scores, counted, shares, present, overall, completeness)


def _mean(
    members: list[int],
    nodes: list[Node],
    scores: NDArray[np.float64],
    counted: NDArray[np.bool_],
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Weighted mean of the counted members; NaN when none has a score."""
    weight = np.array([nodes[m].weight for m in members])
    part = scores[:, members]
    use = counted[:, members]
    numerator = (np.nan_to_num(part) * use) @ weight
    denominator = use @ weight
    valued = (~np.isnan(part) & use).any(axis=1) & (denominator > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(
            valued, numerator / np.where(denominator > 0, denominator, 1.0), np.nan
        )
    return mean, valued | use.any(axis=1)


def _aggregate(
    index: int,
    members: list[int],
    nodes: list[Node],
    scores: NDArray[np.float64],
    counted: NDArray[np.bool_],
) -> None:
    mean, keep = _mean(members, nodes, scores, counted)
    scores[:, index] = mean
    counted[:, index] = keep


def _shares(
    nodes: list[Node], children: dict[int, list[int]], counted: NDArray[np.bool_]
) -> NDArray[np.float64]:
    shares = np.zeros(counted.shape)
    for members in children.values():
        weight = np.array([nodes[m].weight for m in members])
        use = counted[:, members] * weight
        total = use.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares[:, members] = np.where(
                total > 0, use / np.where(total > 0, total, 1.0), 0.0
            )
    return shares


def _covered(
    nodes: list[Node],
    present: NDArray[np.bool_],
    overrides: NDArray[np.float64] | None,
) -> NDArray[np.float64]:
    """1 for measures with a value, and for everything under an overridden group."""
    covered = np.zeros(present.shape)
    for index, node in enumerate(nodes):
        if node.measure is not None:
            covered[:, index] = present[:, index]
    if overrides is None:
        return covered
    for index, node in enumerate(nodes):
        if node.measure is None:
            continue
        ancestor = node.parent
        while ancestor >= 0:
            covered[:, index] = np.maximum(
                covered[:, index], ~np.isnan(overrides[:, ancestor])
            )
            ancestor = nodes[ancestor].parent
    return covered
