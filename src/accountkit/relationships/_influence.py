"""Influence scores: PageRank (capped or normalised) and Katz centrality.

Influence runs from the person whose view carries weight to the person who
defers; standing flows the other way, from each person to those they defer to,
so rank collects at the people others listen to.

One kernel, :func:`influence_arrays`, scores many maps at once on a flat edge
list (``numpy.bincount`` over all edges of all maps per iteration, each map
stopping at its own convergence); :func:`influence_scores` and
:func:`influence_scores_many` call it and label the result.
"""

import enum
import math
import typing
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit._arrays import float_array
from accountkit._checked import checked
from accountkit._frames import frame
from accountkit._identity import Derived
from accountkit._validators import real_number, whole_number
from accountkit.errors import ConvergenceError, ValidationError
from accountkit.relationships._graph import MapView, check_people, view_of
from accountkit.relationships._map import StakeholderMap

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "InfluenceArrays",
    "InfluenceMethod",
    "InfluenceScores",
    "ScoreExplanation",
    "explanation",
    "influence_arrays",
    "influence_scores",
    "influence_scores_many",
    "katz_scores",
    "pagerank_view",
]

DEFAULT_ALPHA = 0.85
"""PageRank's damping factor: the chance of following a tie rather than teleporting."""
DEFAULT_TOLERANCE: float | None = None
"""By default, scores are exact: each map is solved directly (see
:data:`DIRECT_LIMIT`); a number instead iterates until the L1 change of a
map's scores in one step is below its size times that number."""
DEFAULT_MAX_ITERATIONS = 100
DIRECT_LIMIT = 500
"""The most people on a map that is solved directly (a dense system of that
many equations: 2 MB) when no tolerance is given."""
EXACT = 1e-10
"""Without a tolerance, a map too large to solve directly iterates until its
scores are within this of the exact ones (in L1)."""
KATZ_SAFETY = 0.9
"""The automatic Katz attenuation is this share of ``1 / max(lambda_max, 1)``."""


class InfluenceMethod(enum.Enum):
    """How influence scores are computed."""

    CAPPED = "capped"
    """PageRank on raw strengths; a person's ties are scaled down only when they
    add up to more than 1, and what they leave over goes to the teleport vector."""
    NORMALIZED = "normalized"
    """Standard weighted PageRank: each person's ties scaled to add up to 1
    (what :func:`networkx.pagerank` computes)."""
    KATZ = "katz"
    """Katz centrality: every walk counts, attenuated per step (see
    :func:`katz_scores`)."""


@attrs.frozen(kw_only=True)
class ScoreExplanation:
    """Where one person's score comes from.

    ``base + sum(contributions.values()) == score`` up to float rounding.
    """

    person: str
    score: float
    base: float
    """The part that comes from no one: the teleport share (PageRank) or the
    constant term (Katz)."""
    contributions: dict[str, float]
    """What each person passes on to this one, largest first."""


@attrs.frozen(kw_only=True)
class InfluenceScores:
    """Influence scores of the people on a map, and how each came about.

    PageRank scores are non-negative and add up to 1 over the map; Katz scores
    have unit Euclidean norm. Departed stakeholders have no score.
    """

    method: InfluenceMethod
    alpha: float
    """The damping factor (PageRank) or attenuation factor (Katz) used."""
    scores: dict[str, float]
    """Each person's score, in map order."""
    base: dict[str, float]
    """Each person's score that comes from no one (see :class:`ScoreExplanation`)."""
    flows: dict[str, dict[str, float]]
    """For each person, what each of those who defer to them passes on."""
    iterations: int
    """Power iterations used: 0 when the scores were solved directly (Katz,
    and PageRank without a tolerance on a map of up to
    :data:`~accountkit.relationships._influence.DIRECT_LIMIT` people)."""
    on: tuple[str, ...] = ()
    """The people a personalized score measures influence on (empty: everyone)."""

    def ranking(self) -> list[tuple[str, float]]:
        """Return ``(person, score)`` pairs, highest first, ties by id.

        Examples
        --------
        >>> from accountkit.relationships import Influence, Stakeholder, StakeholderMap
        >>> pair = (Stakeholder(id="a", name="A"), Stakeholder(id="b", name="B"))
        >>> board = StakeholderMap(
        ...     stakeholders=pair,
        ...     influences=(Influence(source="a", target="b", strength=1),))
        >>> [person for person, _ in influence_scores(board).ranking()]
        ['a', 'b']
        """
        return highest_first(self.scores)

    def explain(self, person: str) -> ScoreExplanation:
        """Return where ``person``'s score comes from.

        Raises
        ------
        ValidationError
            If ``person`` has no score here.
        """
        return explanation(
            person, self.scores, self.base, self.flows, where="InfluenceScores.explain"
        )


def explanation(
    person: str,
    scores: dict[str, float],
    base: dict[str, float],
    parts: dict[str, dict[str, float]],
    *,
    where: str,
) -> ScoreExplanation:
    """Return ``person``'s score split into its base and its parts, largest first."""
    if person not in scores:
        message = f"no score for {person!r} (unknown or departed)"
        raise ValidationError(message, path="person", root=where)
    return ScoreExplanation(
        person=person,
        score=scores[person],
        base=base[person],
        contributions=dict(highest_first(parts.get(person, {}))),
    )


def highest_first(scores: dict[str, float]) -> list[tuple[str, float]]:
    """Return ``(person, score)`` pairs, highest score first, ties by id."""
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


class InfluenceArrays(NamedTuple):
    """PageRank scores of many maps, as arrays."""

    scores: NDArray[np.float64]
    """One score per person, people of all maps one after the other."""
    iterations: NDArray[np.int64]
    """Power iterations each map needed."""
    sizes: NDArray[np.int64] | None = None
    """The number of people in each map, as given."""

    def to_frame(self) -> "pd.DataFrame":
        """Return a DataFrame with one row per person.

        Columns ``map`` (its position, from 0), ``person`` (the person's
        position within the map, from 0), ``score`` and ``iterations`` (of
        the map). Needs pandas (``pip install 'accountkit[pandas]'``).

        Examples
        --------
        >>> result = influence_arrays([2, 1], [0], [1], [0.5])
        >>> result.to_frame()[["map", "person"]]
           map  person
        0    0       0
        1    0       1
        2    1       0
        """
        sizes = (
            np.array([len(self.scores)], dtype=np.int64)
            if self.sizes is None
            else self.sizes
        )
        starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
        return frame(
            {
                "map": np.repeat(np.arange(len(sizes)), sizes),
                "person": np.arange(len(self.scores)) - starts,
                "score": self.scores,
                "iterations": np.repeat(self.iterations, sizes),
            },
            where="InfluenceArrays.to_frame",
        )


class _Run(NamedTuple):
    scores: NDArray[np.float64]
    previous: NDArray[np.float64]
    """The iterate each map's final scores were computed from."""
    iterations: NDArray[np.int64]
    edge_weights: NDArray[np.float64]
    """Per edge, the share of the deferring person's standing it carries."""
    base: NDArray[np.float64]
    """Per person, the teleport part of the final scores."""


@checked
def influence_arrays(
    sizes: ArrayLike,
    influencer: ArrayLike,
    influenced: ArrayLike,
    strength: ArrayLike,
    *,
    method: InfluenceMethod | str = InfluenceMethod.CAPPED,
    alpha: float = DEFAULT_ALPHA,
    personalization: ArrayLike | None = None,
    tol: float | None = DEFAULT_TOLERANCE,
    max_iter: int = DEFAULT_MAX_ITERATIONS,
) -> InfluenceArrays:
    r"""Compute PageRank influence scores for many maps at once, from arrays.

    People are numbered across all maps: map 0's people are ``0 ..
    sizes[0] - 1``, map 1's follow, and so on. Each tie says that
    ``influencer[e]``'s view carries weight with ``influenced[e]``, with
    ``strength[e]``; both ends must be in the same map. Repeated ties add up.

    Parameters
    ----------
    sizes
        The number of people in each map (integers, zero or more).
    influencer, influenced
        Per tie, the global index of each end.
    strength
        Per tie, its strength in (0, 1].
    method
        ``"capped"`` (the default) or ``"normalized"``; see Notes.
    alpha
        The damping factor, in [0, 1].
    personalization
        Per person, a non-negative teleport weight, normalised within each
        map (each map needs some weight); uniform when not given.
    tol, max_iter
        ``None`` (the default): exact scores. Each map of up to 500 people
        is solved directly (see Notes), to within rounding; a larger map
        iterates until its scores are within 1e-10 of the fixed point (in
        L1), at most ``max_iter`` steps. A number: every map iterates, as
        :func:`networkx.pagerank` does, until the L1 change of its scores
        in one step is below ``size * tol``, at most ``max_iter`` steps.

    Returns
    -------
    InfluenceArrays
        Scores (each map's add up to 1) and iterations per map.

    Raises
    ------
    ValidationError
        If the arrays differ in length, an index is out of range or crosses
        maps, a tie is a self-loop, a strength is outside (0, 1] or NaN, or an
        option is out of range.
    ConvergenceError
        If a map has not converged after ``max_iter`` steps.

    Notes
    -----
    With :math:`w_{ij}` the strength with which :math:`i` defers to
    :math:`j`, :math:`s_i = \sum_j w_{ij}`, and the teleport vector
    :math:`p`, the transition weights are

    - capped: :math:`P_{ij} = w_{ij} / \max(s_i, 1)`, leaving
      :math:`\ell_i = 1 - \min(s_i, 1)` of :math:`i`'s standing unassigned,
      so a single tie of strength 0.2 passes on a fifth of a vote, not a whole
      one;
    - normalized: :math:`P_{ij} = w_{ij} / s_i` and :math:`\ell_i = 1` for
      people who defer to no one (dangling nodes), else 0.

    The scores are the fixed point of :math:`x = \alpha (x P + (x \cdot
    \ell) p) + (1 - \alpha) p`. Without a tolerance, a map is solved
    directly: :math:`x (I - \alpha P) = (\alpha\, x \cdot \ell + 1 -
    \alpha)\, p`, a scalar times :math:`p`, so :math:`x` is :math:`p (I -
    \alpha P)^{-1}` divided by its sum; the matrix is non-singular for
    :math:`\alpha < 1`. One LU factorisation a map (LAPACK's, the maps of
    one size in one call); a score a hair below zero from rounding is set
    to zero. Larger maps, :math:`\alpha = 1`, or
    a given ``tol`` iterate :math:`x_{k+1} = \alpha (x_k P + (x_k \cdot
    \ell) p) + (1 - \alpha) p` from the uniform vector; the step
    contracts the L1 distance to the fixed point by :math:`\alpha`, so
    without a tolerance they stop when the change is below
    :math:`10^{-10} (1 - \alpha) / \alpha` (at :math:`\alpha = 1`,
    below :math:`n \cdot 10^{-10}`, with no bound on the error). The
    normalized form is Page et al.'s with dangling
    mass sent to the personalization vector, as networkx does [#]_ [#]_.

    References
    ----------
    .. [#] L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank citation
       ranking: bringing order to the Web", Stanford InfoLab, 1999.
    .. [#] A. N. Langville, C. D. Meyer, "Deeper inside PageRank", Internet
       Mathematics 1(3), 2004 (dangling nodes and personalization).

    Examples
    --------
    Two maps: in the first, ``1`` defers to ``0`` with strength 0.5; in the
    second, ``3`` defers fully to ``2``:

    >>> import numpy as np
    >>> result = influence_arrays([2, 2], [0, 2], [1, 3], [0.5, 1.0])
    >>> np.round(result.scores, 4).tolist()
    [0.5876, 0.4124, 0.6491, 0.3509]
    """
    where = "influence_arrays"
    size_of, source, target, weight = _check_arrays(
        sizes, influencer, influenced, strength
    )
    kind = _method(method, where)
    run = _pagerank(
        size_of,
        target,
        source,
        weight,
        method=kind,
        alpha=alpha,
        personalization=personalization,
        tol=tol,
        max_iter=max_iter,
        where=where,
    )
    return InfluenceArrays(
        scores=run.scores, iterations=run.iterations, sizes=size_of.astype(np.int64)
    )


def _indexes(values: ArrayLike, name: str, where: str) -> NDArray[np.intp]:
    array = np.asarray(values)
    if array.ndim != 1 or not (
        np.issubdtype(array.dtype, np.integer) or array.size == 0
    ):
        message = "expected a one-dimensional array of whole-number indexes"
        raise ValidationError(message, path=name, root=where)
    return array.astype(np.intp)


def _check_arrays(
    sizes: ArrayLike, influencer: ArrayLike, influenced: ArrayLike, strength: ArrayLike
) -> tuple[NDArray[np.int64], NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    where = "influence_arrays"
    size_of = np.asarray(sizes)
    if size_of.ndim != 1 or not np.issubdtype(size_of.dtype, np.integer):
        message = "expected a one-dimensional array of whole numbers"
        raise ValidationError(message, path="sizes", root=where)
    if (size_of < 0).any():
        message = f"must not be negative, got {int(size_of.min())}"
        raise ValidationError(message, path="sizes", root=where)
    ends = [
        _indexes(influencer, "influencer", where),
        _indexes(influenced, "influenced", where),
    ]
    weight = float_array(strength, where=where, path="strength", ndim=1)
    lengths = {len(ends[0]), len(ends[1]), len(weight)}
    if weight.ndim != 1 or len(lengths) != 1:
        message = (
            f"influencer, influenced and strength differ in length "
            f"({len(ends[0])}, {len(ends[1])}, {len(weight)})"
        )
        raise ValidationError(message, root=where)
    total = int(size_of.sum())
    for name, array in zip(("influencer", "influenced"), ends, strict=True):
        bad = np.flatnonzero((array < 0) | (array >= total))
        if bad.size:
            message = f"index {int(array[bad[0]])} is outside 0..{total - 1}"
            raise ValidationError(message, path=(name, int(bad[0])), root=where)
    node_map = np.repeat(np.arange(len(size_of)), size_of)
    crossing = np.flatnonzero(node_map[ends[0]] != node_map[ends[1]])
    if crossing.size:
        message = "the tie joins people of two different maps"
        raise ValidationError(
            message, path=("influenced", int(crossing[0])), root=where
        )
    loops = np.flatnonzero(ends[0] == ends[1])
    if loops.size:
        message = "a person cannot influence themselves"
        raise ValidationError(message, path=("influenced", int(loops[0])), root=where)
    bad = np.flatnonzero(~((weight > 0) & (weight <= 1)))
    if bad.size:
        message = f"must be in (0, 1], got {float(weight[bad[0]])}"
        raise ValidationError(message, path=("strength", int(bad[0])), root=where)
    return size_of.astype(np.int64), ends[0], ends[1], weight


def _method(method: object, where: str) -> InfluenceMethod:
    try:
        kind = InfluenceMethod(method)
    except ValueError:
        kind = None
    if kind not in {InfluenceMethod.CAPPED, InfluenceMethod.NORMALIZED}:
        message = f"expected 'capped' or 'normalized', got {method!r}"
        raise ValidationError(message, path="method", root=where)
    return typing.cast("InfluenceMethod", kind)


def _check_options(
    alpha: object, tol: object, max_iter: object, where: str
) -> tuple[float, float | None, int]:
    return (
        real_number(alpha, where=where, path="alpha", low=0, high=1),
        None
        if tol is None
        else real_number(tol, where=where, path="tol", low=0, low_open=True),
        whole_number(max_iter, where=where, path="max_iter", minimum=1),
    )


def _teleport(
    personalization: ArrayLike | None,
    size_of: NDArray[np.int64],
    node_map: NDArray[np.intp],
    where: str,
) -> NDArray[np.float64]:
    total = int(size_of.sum())
    if personalization is None:
        return 1.0 / size_of[node_map].astype(np.float64)
    weights = float_array(personalization, where=where, path="personalization")
    if weights.shape != (total,):
        message = f"expected one weight per person ({total}), got shape {weights.shape}"
        raise ValidationError(message, path="personalization", root=where)
    bad = np.flatnonzero(~(weights >= 0) | ~np.isfinite(weights))
    if bad.size:
        message = f"must be finite and not negative, got {weights[bad[0]]!r}"
        raise ValidationError(
            message, path=("personalization", int(bad[0])), root=where
        )
    per_map = np.bincount(node_map, weights=weights, minlength=len(size_of))
    empty = np.flatnonzero((per_map <= 0) & (size_of > 0))
    if empty.size:
        message = f"map {int(empty[0])} has no teleport weight on anyone"
        raise ValidationError(message, path="personalization", root=where)
    return weights / np.where(per_map > 0, per_map, 1.0)[node_map]


def _pagerank(
    size_of: NDArray[np.int64],
    tail: NDArray[np.intp],
    head: NDArray[np.intp],
    weight: NDArray[np.float64],
    *,
    method: InfluenceMethod,
    alpha: float,
    personalization: ArrayLike | None,
    tol: float | None,
    max_iter: int,
    where: str,
) -> _Run:
    # ``tail`` defers to ``head``: standing flows tail -> head.
    damping, tol, max_iter = _check_options(alpha, tol, max_iter, where)
    maps = len(size_of)
    total = int(size_of.sum())
    node_map = np.repeat(np.arange(maps, dtype=np.intp), size_of)
    p = _teleport(personalization, size_of, node_map, where)
    out = np.bincount(tail, weights=weight, minlength=total)
    if method is InfluenceMethod.CAPPED:
        scale = 1.0 / np.maximum(out, 1.0)
        leftover = np.maximum(1.0 - out * scale, 0.0)
    else:
        scale = np.divide(1.0, out, out=np.zeros(total), where=out > 0)
        leftover = (out == 0).astype(np.float64)
    edge_weights = weight * scale[tail]
    weighted = edge_weights * damping
    scores, previous = np.empty(total), np.empty(total)
    iterations = np.zeros(maps, dtype=np.int64)
    direct = (size_of > 0) & (size_of <= DIRECT_LIMIT) & (tol is None) & (damping < 1)
    if direct.any():
        _solve(
            direct, size_of, node_map, tail=tail, head=head, weighted=weighted, p=p
        ).into(scores)
    previous[:] = scores
    rest = (size_of > 0) & ~direct
    if rest.any():
        work = _Work.start(
            size_of,
            tail=tail,
            head=head,
            weighted=weighted,
            leftover=leftover,
            p=p,
            damping=damping,
            threshold=_thresholds(size_of, tol, damping),
        )
        if not rest.all():
            work = work.keep(rest[work.map_ids], work.x)
        _iterate(work, max_iter, into=(scores, previous, iterations))
    lost = np.bincount(node_map, weights=previous * leftover, minlength=maps)
    base = (damping * lost[node_map] + (1.0 - damping)) * p
    return _Run(scores, previous, iterations, weighted, base)


def _thresholds(
    size_of: NDArray[np.int64], tol: float | None, damping: float
) -> NDArray[np.float64]:
    """Per map, the L1 change of one step below which it has converged."""
    if tol is not None:
        return (size_of * tol).astype(np.float64)
    # Without a tolerance, the scores are to be within EXACT of the fixed
    # point, which is within damping / (1 - damping) of the last step's change
    # (the step contracts the L1 distance to it by damping).  At damping 1
    # there is no such bound: the change itself is held to EXACT per person.
    if damping < 1:
        return np.full(len(size_of), EXACT * (1 - damping) / damping)
    return (size_of * EXACT).astype(np.float64)


_CELLS = 1 << 20
"""The most matrix cells solved at once (8 MB): a portfolio's maps are solved
in chunks, so that their dense systems never all exist together."""


class _Systems(NamedTuple):
    """The maps to solve, smallest first, and where their ties go."""

    cells: NDArray[np.int64]
    """Per tie, its cell in the maps' matrices laid out one after another."""
    values: NDArray[np.float64]
    """Per tie, its entry of :math:`I - \alpha P` (off the diagonal)."""
    teleport: NDArray[np.float64]
    """Each map's teleport vector, in the maps' order."""
    sizes: list[int]
    counts: list[int]
    """How many maps of each size."""
    people: NDArray[np.intp]
    """Each solved person's position in the caller's arrays, in this order."""

    def into(self, scores: NDArray[np.float64]) -> None:
        r"""Solve each map and write its scores.

        At the fixed point :math:`x (I - \alpha P) = c\, p`, with the scalar
        :math:`c = \alpha\, x \cdot \ell + 1 - \alpha`; so :math:`x` is
        :math:`y = p (I - \alpha P)^{-1}` scaled to add up to 1. The matrix
        is non-singular for :math:`\alpha < 1` (its rows are diagonally
        dominant) and :math:`y \ge p`, so the sum is at least 1: one LU
        factorisation a map, LAPACK's, the maps of one size in one call (in
        chunks of at most :data:`_CELLS` cells).
        """
        total = sum(
            size * size * count
            for size, count in zip(self.sizes, self.counts, strict=True)
        )
        # every matrix at once when they fit, else each chunk's ties picked out
        # (bincount of no ties gives integers)
        every = (
            np.bincount(self.cells, weights=self.values, minlength=total).astype(
                np.float64, copy=False
            )
            if total <= _CELLS
            else None
        )
        cell = person = 0
        for size, count in zip(self.sizes, self.counts, strict=True):
            step = max(1, _CELLS // (size * size))
            for first in range(0, count, step):
                maps = min(step, count - first)
                cells, people = maps * size * size, maps * size
                if every is not None:
                    matrix = every[cell : cell + cells]
                else:
                    mine = (self.cells >= cell) & (self.cells < cell + cells)
                    matrix = np.bincount(
                        self.cells[mine] - cell,
                        weights=self.values[mine],
                        minlength=cells,
                    ).astype(np.float64, copy=False)
                matrix = matrix.reshape(maps, size, size)
                matrix[:, np.arange(size), np.arange(size)] += 1.0
                # the transpose of a row-major I - alpha P is the system's
                # matrix in the column-major order LAPACK reads
                rhs = self.teleport[person : person + people].reshape(maps, size, 1)
                solved = np.linalg.solve(matrix.transpose(0, 2, 1), rhs)[:, :, 0]
                # Rounding may leave a score of zero a hair below it: not a score.
                np.maximum(solved, 0.0, out=solved)
                solved /= solved.sum(axis=1, keepdims=True)
                scores[self.people[person : person + people]] = solved.ravel()
                cell, person = cell + cells, person + people


def _solve(
    direct: NDArray[np.bool_],
    size_of: NDArray[np.int64],
    node_map: NDArray[np.intp],
    *,
    tail: NDArray[np.intp],
    head: NDArray[np.intp],
    weighted: NDArray[np.float64],
    p: NDArray[np.float64],
) -> _Systems:
    """Lay out the matrices of the maps marked ``direct``, smallest first."""
    chosen = np.flatnonzero(direct)
    chosen = chosen[np.argsort(size_of[chosen], kind="stable")]
    sizes = size_of[chosen]
    starts = np.cumsum(size_of) - size_of
    first = starts[chosen]
    # where each chosen map's matrix begins in the layout
    begins = np.full(len(size_of), -1, dtype=np.int64)
    begins[chosen] = np.cumsum(sizes * sizes) - sizes * sizes
    # a tie's cell is its map's begin + (tail - first) * size + (head - first):
    # the part that depends on the map alone is worked out once a map
    size = size_of.astype(np.int64)
    begin = begins - starts * (size + 1)
    owner = node_map[tail]
    edges = slice(None) if len(chosen) == len(size_of) else begins[owner] >= 0
    owner = owner[edges]
    people = np.repeat(first - np.cumsum(sizes) + sizes, sizes) + np.arange(
        int(sizes.sum())
    )
    distinct, counts = np.unique(sizes, return_counts=True)
    return _Systems(
        cells=begin[owner] + tail[edges] * size[owner] + head[edges],
        values=-weighted[edges],
        teleport=p[people],
        sizes=distinct.tolist(),
        counts=counts.tolist(),
        people=people,
    )


class _Work(NamedTuple):
    """The maps still iterating, renumbered from 0 (people and maps)."""

    x: NDArray[np.float64]
    tail: NDArray[np.intp]
    head: NDArray[np.intp]
    weighted: NDArray[np.float64]
    leftover: NDArray[np.float64]
    pull: NDArray[np.float64]
    teleport: NDArray[np.float64]
    node_map: NDArray[np.intp]
    starts: NDArray[np.intp]
    threshold: NDArray[np.float64]
    node_ids: NDArray[np.intp]
    """Each working person's position in the caller's arrays."""
    map_ids: NDArray[np.intp]
    """Each working map's position in the caller's arrays."""

    @classmethod
    def start(
        cls,
        size_of: NDArray[np.int64],
        *,
        tail: NDArray[np.intp],
        head: NDArray[np.intp],
        weighted: NDArray[np.float64],
        leftover: NDArray[np.float64],
        p: NDArray[np.float64],
        damping: float,
        threshold: NDArray[np.float64],
    ) -> "_Work":
        total = int(size_of.sum())
        map_ids = np.flatnonzero(size_of > 0)
        sizes = size_of[map_ids]
        return cls(
            x=1.0 / np.repeat(sizes, sizes).astype(np.float64),
            tail=tail,
            head=head,
            weighted=weighted,
            leftover=leftover,
            pull=damping * p,
            teleport=(1.0 - damping) * p,
            node_map=np.repeat(np.arange(len(sizes), dtype=np.intp), sizes),
            starts=(np.cumsum(sizes) - sizes).astype(np.intp),
            threshold=threshold[map_ids],
            node_ids=np.arange(total, dtype=np.intp),
            map_ids=map_ids,
        )

    def keep(self, maps: NDArray[np.bool_], x: NDArray[np.float64]) -> "_Work":
        """Return the work left for ``maps``, continuing from ``x``."""
        nodes = maps[self.node_map]
        renumber = np.cumsum(nodes) - 1
        edges = nodes[self.tail]
        sizes = np.diff(np.append(self.starts, len(self.x)))[maps]
        return _Work(
            x=x[nodes],
            tail=renumber[self.tail[edges]],
            head=renumber[self.head[edges]],
            weighted=self.weighted[edges],
            leftover=self.leftover[nodes],
            pull=self.pull[nodes],
            teleport=self.teleport[nodes],
            node_map=np.repeat(np.arange(len(sizes), dtype=np.intp), sizes),
            starts=(np.cumsum(sizes) - sizes).astype(np.intp),
            threshold=self.threshold[maps],
            node_ids=self.node_ids[nodes],
            map_ids=self.map_ids[maps],
        )


_COMPACT_BELOW = 0.75
"""Drop converged maps from the working arrays once fewer than this share of
the working people are still iterating."""


def _iterate(
    work: _Work,
    max_iter: int,
    *,
    into: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]],
) -> None:
    # Each map's result is copied out at the step it converges, so it stops
    # exactly where it would alone; converged maps keep stepping (cheaper than
    # masking) until they are dropped from the working arrays.
    scores, previous, iterations = into
    active = np.ones(len(work.map_ids), dtype=bool)
    x = work.x
    for step in range(1, max_iter + 1):
        if not active.any():
            break
        lost = np.add.reduceat(x * work.leftover, work.starts)
        new = lost[work.node_map] * work.pull
        new += work.teleport
        new += np.bincount(
            work.head, weights=x[work.tail] * work.weighted, minlength=len(x)
        )
        change = np.add.reduceat(np.abs(new - x), work.starts)
        settled = active & (change < work.threshold)
        if settled.any():
            done = settled[work.node_map]
            scores[work.node_ids[done]] = new[done]
            previous[work.node_ids[done]] = x[done]
            iterations[work.map_ids[settled]] = step
            active &= ~settled
            if active.any() and active[work.node_map].mean() < _COMPACT_BELOW:
                work = work.keep(active, new)
                active = np.ones(len(work.map_ids), dtype=bool)
                x = work.x
                continue
        x = new
    if active.any():
        first = int(work.map_ids[np.flatnonzero(active)[0]])
        message = (
            f"PageRank did not converge in {max_iter} iterations for "
            f"{int(active.sum())} map(s), the first being map {first}; raise "
            "max_iter, raise tol or lower alpha"
        )
        raise ConvergenceError(message)


# --- the object API -----------------------------------------------------------------


def _on_weights(
    view: MapView, on: Iterable[str] | None, where: str
) -> tuple[tuple[str, ...], NDArray[np.float64] | None]:
    if on is None:
        return (), None
    targets = check_people(view, on, where=where, path="on")
    if not targets:
        message = "name at least one stakeholder to measure influence on"
        raise ValidationError(message, path="on", root=where)
    weights = np.zeros(len(view.people))
    weights[[view.index[t] for t in targets]] = 1.0
    return targets, weights


def _label(
    view: MapView,
    run: _Run,
    start: int,
    edges: slice,
    *,
    method: InfluenceMethod,
    alpha: float,
    on: tuple[str, ...],
    iterations: int,
) -> InfluenceScores:
    people = view.people
    stop = start + len(people)
    scores = dict(zip(people, run.scores[start:stop].tolist(), strict=True))
    base = dict(zip(people, run.base[start:stop].tolist(), strict=True))
    flows: dict[str, dict[str, float]] = {person: {} for person in people}
    amounts = (run.previous[view.influenced + start] * run.edge_weights[edges]).tolist()
    # A map has at most one tie per ordered pair, so nothing adds up here.
    for source, target, amount in zip(
        view.influenced.tolist(), view.influencer.tolist(), amounts, strict=True
    ):
        flows[people[target]][people[source]] = amount
    return InfluenceScores(
        method=method,
        alpha=alpha,
        scores=scores,
        base=base,
        flows=flows,
        iterations=iterations,
        on=on,
    )


@checked
def influence_scores(
    board: StakeholderMap,
    *,
    method: InfluenceMethod | str = InfluenceMethod.CAPPED,
    alpha: float = DEFAULT_ALPHA,
    on: Iterable[str] | None = None,
    tol: float | None = DEFAULT_TOLERANCE,
    max_iter: int = DEFAULT_MAX_ITERATIONS,
) -> InfluenceScores:
    r"""Score how much influence each person on the map has, by PageRank.

    Parameters
    ----------
    board
        The map; departed stakeholders are left out.
    method
        ``"capped"`` (the default: weak ties pass on only their strength) or
        ``"normalized"`` (standard PageRank, as :func:`networkx.pagerank`).
    alpha
        The damping factor, in [0, 1].
    on
        Measure influence *on* these people (say the economic buyer and the
        approvers): the walk restarts at them, so scores collect at the people
        they defer to, directly or through others. ``None`` for influence on
        everyone.
    tol, max_iter
        ``None`` (the default): exact scores (see :func:`influence_arrays`).
        A number: iterate until the L1 change is below ``len(people) *
        tol`` (networkx's rule); at most ``max_iter`` steps.

    Returns
    -------
    InfluenceScores
        Scores adding up to 1, with :meth:`~InfluenceScores.explain` for
        each.

    Raises
    ------
    ValidationError
        If the map has nobody on it, ``on`` names someone unknown or departed,
        or an option is out of range.
    ConvergenceError
        If the iteration has not converged after ``max_iter`` steps.

    See Also
    --------
    influence_arrays : the kernel, with the formula.
    katz_scores : counts every walk, not only where a random walk ends.

    Notes
    -----
    Each tie :math:`s \to t` of strength :math:`w` (``Influence(source=s,
    target=t)``) makes :math:`t` pass :math:`w` of its standing to
    :math:`s` (capped) or :math:`w / \sum w_t` of it (normalized). Person
    :math:`j`'s score is its base :math:`((1 - \alpha) + \alpha\, x \cdot
    \ell)\, p_j` plus :math:`\alpha x_i P_{ij}` from each :math:`i` who defers
    to them, with :math:`x` the previous iterate: that split is what
    :meth:`InfluenceScores.explain` reports.

    Examples
    --------
    A CIO who defers weakly (0.2) to a CFO: capped, the tie moves a fifth of a
    vote; normalised, the single weak tie passes the CIO's whole vote.

    >>> from accountkit.relationships import Influence, Stakeholder, StakeholderMap
    >>> board = StakeholderMap(
    ...     stakeholders=(Stakeholder(id="cfo", name="Cfo"),
    ...                   Stakeholder(id="cio", name="Cio")),
    ...     influences=(Influence(source="cfo", target="cio", strength=0.2),))
    >>> capped = influence_scores(board)
    >>> {k: round(v, 4) for k, v in capped.scores.items()}
    {'cfo': 0.5392, 'cio': 0.4608}
    >>> normalized = influence_scores(board, method="normalized")
    >>> {k: round(v, 4) for k, v in normalized.scores.items()}
    {'cfo': 0.6491, 'cio': 0.3509}
    >>> why = capped.explain("cfo")
    >>> round(why.base, 4), {k: round(v, 4) for k, v in why.contributions.items()}
    (0.4608, {'cio': 0.0783})
    """
    where = "influence_scores"
    kind = _method(method, where)
    view = view_of(board, where=where)
    return pagerank_view(
        view, where=where, method=kind, alpha=alpha, on=on, tol=tol, max_iter=max_iter
    )


def pagerank_view(
    view: MapView,
    *,
    where: str,
    method: InfluenceMethod = InfluenceMethod.CAPPED,
    alpha: float = DEFAULT_ALPHA,
    on: Iterable[str] | None = None,
    tol: float | None = DEFAULT_TOLERANCE,
    max_iter: int = DEFAULT_MAX_ITERATIONS,
) -> InfluenceScores:
    """Score the people of an indexed map (the other analyses start here)."""
    kind = method
    targets, weights = _on_weights(view, on, where)
    # the same map scored the same way (as a review's analyses each do) is
    # run once; the options' types are in the key, so that a value refused
    # (True for 1.0) is never answered from one accepted
    runs = _RUNS(view.board)
    key = (kind, targets, *((type(v), v) for v in (alpha, tol, max_iter)))
    run = runs.get(key)
    if run is None:
        sizes = np.array([len(view.people)], dtype=np.int64)
        run = _pagerank(
            sizes,
            view.influenced,
            view.influencer,
            view.strength,
            method=kind,
            alpha=alpha,
            personalization=weights,
            tol=tol,
            max_iter=max_iter,
            where=where,
        )
        for array in run:
            array.setflags(write=False)
        if len(runs) < _RUNS_KEPT:
            runs[key] = run
    return _label(
        view,
        run,
        0,
        slice(None),
        method=kind,
        alpha=float(alpha),
        on=targets,
        iterations=int(run.iterations[0]),
    )


_RUNS: Derived[StakeholderMap, dict[tuple[object, ...], _Run]] = Derived(lambda _: {})
"""Per map, the runs of the kernel by method, people measured on and options."""

_RUNS_KEPT = 64
"""The most runs kept for one map."""


@checked
def influence_scores_many(
    boards: Sequence[StakeholderMap],
    *,
    method: InfluenceMethod | str = InfluenceMethod.CAPPED,
    alpha: float = DEFAULT_ALPHA,
    tol: float | None = DEFAULT_TOLERANCE,
    max_iter: int = DEFAULT_MAX_ITERATIONS,
) -> list[InfluenceScores]:
    """Score the influence of everyone on many maps at once.

    The same as calling :func:`influence_scores` on each map (the results are
    identical), in one pass of the kernel over all maps' ties: the way to score
    a portfolio.

    Raises
    ------
    ValidationError
        If a map has nobody on it (the path names which), or an option is out
        of range.
    ConvergenceError
        If a map has not converged after ``max_iter`` steps.

    Examples
    --------
    >>> from accountkit.relationships import Influence, Stakeholder, StakeholderMap
    >>> pair = (Stakeholder(id="a", name="A"), Stakeholder(id="b", name="B"))
    >>> maps = [StakeholderMap(stakeholders=pair),
    ...         StakeholderMap(stakeholders=pair, influences=(
    ...             Influence(source="a", target="b", strength=1),))]
    >>> [round(s.scores["a"], 4) for s in influence_scores_many(maps)]
    [0.5, 0.6491]
    """
    where = "influence_scores_many"
    kind = _method(method, where)
    views: list[MapView] = []
    for position, board in enumerate(boards):
        try:
            views.append(view_of(board, where=where))
        except ValidationError as err:
            message = err.problems[0].message
            raise ValidationError(
                message, path=("boards", position), root=where
            ) from err
    sizes = np.array([len(v.people) for v in views], dtype=np.int64)
    starts = (np.cumsum(sizes) - sizes).astype(np.intp)
    edge_counts = [len(v.strength) for v in views]
    if views:
        tail = np.concatenate(
            [v.influenced + s for v, s in zip(views, starts, strict=True)]
        )
        head = np.concatenate(
            [v.influencer + s for v, s in zip(views, starts, strict=True)]
        )
        weight = np.concatenate([v.strength for v in views])
    else:
        tail = head = np.zeros(0, dtype=np.intp)
        weight = np.zeros(0)
    run = _pagerank(
        sizes,
        tail,
        head,
        weight,
        method=kind,
        alpha=alpha,
        personalization=None,
        tol=tol,
        max_iter=max_iter,
        where=where,
    )
    results: list[InfluenceScores] = []
    edge_start = 0
    for view, start, count, steps in zip(
        views, starts.tolist(), edge_counts, run.iterations.tolist(), strict=True
    ):
        edges = slice(edge_start, edge_start + count)
        edge_start += count
        results.append(
            _label(
                view,
                run,
                start,
                edges,
                method=kind,
                alpha=float(alpha),
                on=(),
                iterations=steps,
            )
        )
    return results


@checked
def katz_scores(
    board: StakeholderMap, *, alpha: float | None = None, beta: float = 1.0
) -> InfluenceScores:
    r"""Score influence by Katz centrality: every chain of deference counts.

    Parameters
    ----------
    board
        The map; departed stakeholders are left out.
    alpha
        The attenuation per step. ``None`` (the default) picks
        :math:`0.9 / \max(\lambda_{max}, 1)`, safely below
        :math:`1/\lambda_{max}`; a given value must be positive and below
        :math:`1/\lambda_{max}`.
    beta
        The score everyone has of their own, positive.

    Returns
    -------
    InfluenceScores
        Scores with unit Euclidean norm (as networkx normalises them), each
        with its explanation.

    Raises
    ------
    ValidationError
        If the map has nobody on it, or ``alpha`` would make the series
        diverge (:math:`\alpha \ge 1/\lambda_{max}`), or ``beta`` is not
        positive.

    Notes
    -----
    With :math:`W_{ij}` the strength with which :math:`i` defers to
    :math:`j`, the scores solve :math:`x_j = \alpha \sum_i W_{ij} x_i +
    \beta`, that is :math:`x = \beta (I - \alpha W^T)^{-1} \mathbf{1}`: the
    sum over all walks into :math:`j`, a walk of length :math:`k` weighted
    :math:`\alpha^k`. The series converges only when :math:`\alpha <
    1/\lambda_{max}` (the spectral radius of :math:`W`), which networkx does
    not check [#]_. Solved directly (no iteration), then divided by
    :math:`\lVert x \rVert_2`.

    References
    ----------
    .. [#] L. Katz, "A new status index derived from sociometric analysis",
       Psychometrika 18(1), 1953.

    Examples
    --------
    >>> from accountkit.relationships import Influence, Stakeholder, StakeholderMap
    >>> board = StakeholderMap(
    ...     stakeholders=(Stakeholder(id="cfo", name="Cfo"),
    ...                   Stakeholder(id="cio", name="Cio")),
    ...     influences=(Influence(source="cfo", target="cio", strength=0.5),))
    >>> katz = katz_scores(board)
    >>> katz.alpha, {k: round(v, 4) for k, v in katz.scores.items()}
    (0.9, {'cfo': 0.8232, 'cio': 0.5677})
    """
    where = "katz_scores"
    view = view_of(board, where=where)
    n = len(view.people)
    matrix = np.zeros((n, n))
    np.add.at(matrix, (view.influenced, view.influencer), view.strength)
    radius = float(np.abs(np.linalg.eigvals(matrix)).max()) if n else 0.0
    attenuation = _katz_alpha(alpha, radius, where)
    constant = real_number(beta, where=where, path="beta", low=0, low_open=True)
    if not math.isfinite(constant):
        message = f"expected a finite number, got {beta!r}"
        raise ValidationError(message, path="beta", root=where)
    raw = np.linalg.solve(np.eye(n) - attenuation * matrix.T, np.full(n, constant))
    norm = float(np.linalg.norm(raw))
    scores = raw / norm
    people = view.people
    flows: dict[str, dict[str, float]] = {person: {} for person in people}
    passed = (attenuation * view.strength * scores[view.influenced]).tolist()
    for i, j, amount in zip(
        view.influenced.tolist(), view.influencer.tolist(), passed, strict=True
    ):
        flows[people[j]][people[i]] = amount
    return InfluenceScores(
        method=InfluenceMethod.KATZ,
        alpha=attenuation,
        scores=dict(zip(people, scores.tolist(), strict=True)),
        base=dict.fromkeys(people, constant / norm),
        flows=flows,
        iterations=0,
    )


def _katz_alpha(alpha: float | None, radius: float, where: str) -> float:
    if alpha is None:
        return KATZ_SAFETY / max(radius, 1.0)
    attenuation = real_number(alpha, where=where, path="alpha", low=0, low_open=True)
    if attenuation * radius >= 1:
        message = (
            f"{alpha!r} is at or above 1/lambda_max = {1 / radius:.6g}, where the "
            "Katz series diverges; leave alpha=None for a safe value"
        )
        raise ValidationError(message, path="alpha", root=where)
    return attenuation
