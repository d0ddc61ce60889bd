"""Scorers: how a measure's raw value becomes a score from 0 to 100."""

import enum
from collections.abc import Sequence
from typing import NamedTuple

import attrs
import numpy as np
from numpy.typing import NDArray

from accountkit._validators import as_float, finite_float
from accountkit.errors import ValidationError

__all__ = [
    "Direction",
    "GoodAveragePoor",
    "Linear",
    "PercentOfGoal",
    "Scorer",
    "ScorerTable",
    "Scratch",
    "ThresholdTiers",
    "Tier",
    "compile_scorers",
    "score_columns",
    "score_matrix",
    "score_values",
]

FULL = 100.0
AVERAGE = 60.0


class Direction(enum.Enum):
    """Whether a higher raw value is better or worse."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


@attrs.frozen(kw_only=True)
class Tier:
    """One tier of a threshold scorer: values from ``bound`` on score ``score``.

    Parameters
    ----------
    bound
        Where the tier starts: for higher-is-better, values at or above it;
        for lower-is-better, values at or below it.
    score
        The score of the tier, 0 to 100.
    """

    bound: float = attrs.field(converter=as_float, validator=finite_float("bound"))
    score: float = attrs.field(
        converter=as_float, validator=finite_float("score", low=0.0, high=FULL)
    )


def _tiers(instance: "ThresholdTiers", _attribute: object, value: object) -> None:
    if not isinstance(value, tuple) or not value:
        message = "expected at least one Tier"
        raise ValidationError(message, path="tiers", root="ThresholdTiers")
    bounds = [tier.bound for tier in value]
    if len(set(bounds)) != len(bounds):
        message = f"two tiers start at the same bound: {sorted(bounds)}"
        raise ValidationError(message, path="tiers", root="ThresholdTiers")
    del instance


@attrs.frozen(kw_only=True)
class ThresholdTiers:
    """Score by the tier the value falls in.

    Parameters
    ----------
    tiers
        The tiers, in any order; distinct bounds.
    direction
        Higher-is-better (a value scores the tier with the highest bound at or
        below it) or lower-is-better (the lowest bound at or above it).
    otherwise
        The score of a value beyond every tier's bound on the bad side.

    Examples
    --------
    >>> debtor_days = ThresholdTiers(
    ...     tiers=(Tier(bound=30, score=100), Tier(bound=45, score=60),
    ...            Tier(bound=60, score=30)),
    ...     direction=Direction.LOWER_IS_BETTER)
    >>> [debtor_days.score(days) for days in (25, 30, 31, 60, 75)]
    [100.0, 100.0, 60.0, 30.0, 0.0]
    """

    tiers: tuple[Tier, ...] = attrs.field(validator=_tiers)
    direction: Direction = Direction.HIGHER_IS_BETTER
    otherwise: float = attrs.field(
        default=0.0,
        converter=as_float,
        validator=finite_float("score", low=0.0, high=FULL),
    )

    def score(self, value: float) -> float:
        """Return the score of one raw value."""
        return float(score_values(self, np.array([value], dtype=np.float64))[0])


@attrs.frozen(kw_only=True)
class Linear:
    """Score linearly between a worst value (0) and a best value (100).

    Values beyond either anchor are held at 0 or 100. ``worst < best`` means
    higher is better; ``worst > best`` means lower is better.

    Examples
    --------
    >>> Linear(worst=90, best=100).score(97.5)
    75.0
    >>> Linear(worst=60, best=20).score(30)  # days to pay: fewer is better
    75.0
    """

    worst: float = attrs.field(converter=as_float, validator=finite_float("worst"))
    best: float = attrs.field(converter=as_float, validator=finite_float("best"))

    def __attrs_post_init__(self) -> None:
        if self.worst == self.best:
            message = f"must differ from worst ({self.worst:g})"
            raise ValidationError(message, path="best", root="Linear")

    def score(self, value: float) -> float:
        """Return the score of one raw value."""
        return float(score_values(self, np.array([value], dtype=np.float64))[0])


@attrs.frozen(kw_only=True)
class GoodAveragePoor:
    """Score 100 when a value is good, 0 when poor, 60 in between.

    ``good`` and ``poor`` are the cut-offs, reached inclusively; their order
    sets the direction (``good > poor``: higher is better).

    Examples
    --------
    >>> escalations = GoodAveragePoor(good=0, poor=3)
    >>> [escalations.score(n) for n in (0, 1, 2, 3, 5)]
    [100.0, 60.0, 60.0, 0.0, 0.0]
    """

    good: float = attrs.field(converter=as_float, validator=finite_float("good"))
    poor: float = attrs.field(converter=as_float, validator=finite_float("poor"))

    def __attrs_post_init__(self) -> None:
        if self.good == self.poor:
            message = f"must differ from good ({self.good:g})"
            raise ValidationError(message, path="poor", root="GoodAveragePoor")

    def score(self, value: float) -> float:
        """Return the score of one raw value."""
        return float(score_values(self, np.array([value], dtype=np.float64))[0])


@attrs.frozen(kw_only=True)
class PercentOfGoal:
    """Score the value as a percentage of a goal, capped at 100 and floored at 0.

    Examples
    --------
    >>> PercentOfGoal(goal=1_200_000).score(900_000)
    75.0
    """

    goal: float = attrs.field(converter=as_float, validator=finite_float("goal"))

    def __attrs_post_init__(self) -> None:
        if self.goal <= 0:
            message = f"must be above 0, got {self.goal:g}"
            raise ValidationError(message, path="goal", root="PercentOfGoal")

    def score(self, value: float) -> float:
        """Return the score of one raw value."""
        return float(score_values(self, np.array([value], dtype=np.float64))[0])


Scorer = ThresholdTiers | Linear | GoodAveragePoor | PercentOfGoal
"""Any scorer (tagged ``"type"`` in JSON)."""


def score_values(scorer: Scorer, values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Score an array of raw values; NaN (missing) stays NaN."""
    return score_matrix([scorer], values[:, None])[:, 0]


def score_matrix(
    scorers: Sequence[Scorer], raw: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Score ``raw`` (rows x one column per scorer); NaN (missing) stays NaN."""
    columns = np.ascontiguousarray(np.asarray(raw, dtype=np.float64).T)
    return score_columns(compile_scorers(scorers), columns).T


def score_columns(
    table: "ScorerTable",
    columns: NDArray[np.float64],
    out: NDArray[np.float64] | None = None,
    scratch: "Scratch | None" = None,
) -> NDArray[np.float64]:
    """Score ``columns`` (one contiguous row of values per scorer of ``table``).

    A scorer is an affine part held to [0, 100] plus a step part. The affine
    part is the whole of :class:`Linear` and :class:`PercentOfGoal`, as
    ``(x - shift) * 100 / span`` (the order of their definitions, so that a
    value on a round fraction of the span scores exactly); for the step
    scorers it is ``x * 0 / 1``, 0 for any finite value and NaN for NaN.
    The step part counts the cuts at or below each value (a strict cut
    ``x > c`` is ``x >= nextafter(c, inf)``, exact for finite doubles) and
    looks the count up in the scorer's row of scores, so a tier score comes
    out exactly as configured. Every pass runs over all scorers at once
    along contiguous rows: a handful of passes over the array whatever the
    mix of scorers. ``out`` and ``scratch`` (the shape of
    ``columns``) let a caller scoring block after block reuse its memory.
    """
    out = np.subtract(columns, table.shift, out=out)
    with np.errstate(over="ignore", invalid="ignore"):  # held to [0, 100]
        out *= table.factor
        out /= table.span
    np.clip(out, 0.0, FULL, out=out)
    if table.cuts:
        level, mask, positions, looked = scratch or Scratch.like(columns)
        level.fill(0)
        for cut in table.cuts:
            np.greater_equal(columns, cut, out=mask)
            level += mask.view(np.uint8)
        np.add(level, table.offsets, out=positions)
        table.scores.take(positions, out=looked, mode="clip")  # in range: no check
        out += looked
    return out


class Scratch(NamedTuple):
    """Working memory of :func:`score_columns` for one shape of block."""

    level: NDArray[np.uint8]
    mask: NDArray[np.bool_]
    positions: NDArray[np.intp]
    looked: NDArray[np.float64]

    @classmethod
    def like(cls, columns: NDArray[np.float64]) -> "Scratch":
        """Return scratch memory for blocks shaped like ``columns``."""
        shape = columns.shape
        return cls(
            np.empty(shape, dtype=np.uint8),
            np.empty(shape, dtype=bool),
            np.empty(shape, dtype=np.intp),
            np.empty(shape),
        )


class ScorerTable(NamedTuple):
    """Scorers as parameters, one row per scorer (see :func:`score_columns`)."""

    shift: NDArray[np.float64]
    factor: NDArray[np.float64]
    span: NDArray[np.float64]
    cuts: list[NDArray[np.float64]]
    """Per step, each scorer's cut (infinity: no such step); ascending."""
    scores: NDArray[np.float64]
    """Flat: per scorer, its score below every cut, then from each cut on."""
    offsets: NDArray[np.intp]
    """Where each scorer's scores start in ``scores``."""


def _steps(scorer: Scorer) -> tuple[float, list[tuple[float, float]]]:
    """Return a step scorer's score below every cut and its (cut, score) steps."""
    if isinstance(scorer, GoodAveragePoor):
        good, poor = scorer.good, scorer.poor
        if good > poor:
            return 0.0, [(_above(poor), AVERAGE), (good, FULL)]
        return FULL, [(_above(good), AVERAGE), (poor, 0.0)]
    assert isinstance(scorer, ThresholdTiers)  # noqa: S101 - the other step kind
    ordered = sorted(scorer.tiers, key=lambda t: t.bound)
    if scorer.direction is Direction.HIGHER_IS_BETTER:
        # the tier with the highest bound at or below the value
        return scorer.otherwise, [(t.bound, t.score) for t in ordered]
    # the tier with the lowest bound at or above the value
    after = [t.score for t in ordered[1:]] + [scorer.otherwise]
    return ordered[0].score, [
        (_above(t.bound), score) for t, score in zip(ordered, after, strict=True)
    ]


def _above(cut: float) -> float:
    """Return the least double above ``cut``: ``x > cut`` is ``x >= _above(cut)``."""
    return float(np.nextafter(cut, np.inf))


def compile_scorers(scorers: Sequence[Scorer]) -> ScorerTable:
    """Lay ``scorers`` out as a :class:`ScorerTable`."""
    width = len(scorers)
    shift, factor, span = (
        np.zeros((width, 1)),
        np.zeros((width, 1)),
        np.ones((width, 1)),
    )
    steps: list[tuple[float, list[tuple[float, float]]]] = []
    for column, scorer in enumerate(scorers):
        if isinstance(scorer, Linear):
            shift[column] = scorer.worst
            span[column] = scorer.best - scorer.worst
            factor[column] = FULL
            steps.append((0.0, []))
        elif isinstance(scorer, PercentOfGoal):
            span[column] = scorer.goal
            factor[column] = FULL
            steps.append((0.0, []))
        else:
            steps.append(_steps(scorer))
    most = max((len(cuts) for _, cuts in steps), default=0)
    cuts = [np.full((width, 1), np.inf) for _ in range(most)]
    scores = np.zeros((width, most + 1))
    for column, (below, pairs) in enumerate(steps):
        scores[column, 0] = below
        for index, (cut, value) in enumerate(pairs):
            cuts[index][column] = cut
            scores[column, index + 1] = value
    offsets = (np.arange(width, dtype=np.intp) * (most + 1))[:, None]
    return ScorerTable(shift, factor, span, cuts, scores.ravel(), offsets)
