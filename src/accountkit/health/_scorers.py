"""Scorers: how a measure's raw value becomes a score from 0 to 100."""

import enum
from collections.abc import Sequence

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
    "ThresholdTiers",
    "Tier",
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
    """Score ``raw`` (rows x one column per scorer); NaN (missing) stays NaN.

    Columns of one kind of scorer are scored together, as one block.
    """
    out = np.empty(raw.shape)
    kinds: dict[type, list[int]] = {}
    for column, scorer in enumerate(scorers):
        kinds.setdefault(type(scorer), []).append(column)
    with np.errstate(over="ignore", invalid="ignore"):  # clipped to [0, 100]
        for kind, columns in kinds.items():
            chosen = [scorers[c] for c in columns]
            block = raw[:, columns]
            if kind is ThresholdTiers:
                scored = np.stack(
                    [_tier_scores(t, block[:, i]) for i, t in enumerate(chosen)],  # type: ignore[arg-type]
                    axis=1,
                )
            else:
                scored = _block(kind, chosen, block)
            out[:, columns] = np.where(np.isnan(block), np.nan, scored)
    return out


def _block(
    kind: type, scorers: list[Scorer], block: NDArray[np.float64]
) -> NDArray[np.float64]:
    def vector(name: str) -> NDArray[np.float64]:
        return np.array([getattr(s, name) for s in scorers])

    if kind is Linear:
        worst = vector("worst")
        return np.clip((block - worst) * FULL / (vector("best") - worst), 0.0, FULL)
    if kind is PercentOfGoal:
        return np.clip(block * FULL / vector("goal"), 0.0, FULL)
    good, poor = vector("good"), vector("poor")
    sign = np.where(good > poor, 1.0, -1.0)
    signed = block * sign
    return np.where(
        signed >= good * sign, FULL, np.where(signed <= poor * sign, 0.0, AVERAGE)
    )


def _tier_scores(
    scorer: ThresholdTiers, values: NDArray[np.float64]
) -> NDArray[np.float64]:
    higher = scorer.direction is Direction.HIGHER_IS_BETTER
    ordered = sorted(scorer.tiers, key=lambda t: t.bound)
    bounds = np.array([t.bound for t in ordered])
    scores = np.array([t.score for t in ordered])
    if higher:
        # the tier with the highest bound at or below the value
        at = np.searchsorted(bounds, values, side="right") - 1
        found = at >= 0
    else:
        # the tier with the lowest bound at or above the value
        at = np.searchsorted(bounds, values, side="left")
        found = at < len(bounds)
    safe = np.clip(at, 0, len(bounds) - 1)
    return np.where(found, scores[safe], scorer.otherwise)
