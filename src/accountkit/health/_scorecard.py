"""Scorecards: measures in weighted groups, missing-data policies, RAG bands."""

import enum
import itertools
from typing import NamedTuple

import attrs

from accountkit._identity import Derived
from accountkit._validators import as_float, finite_float, identifier, real_number, text
from accountkit.errors import Problem, ValidationError
from accountkit.health._scorers import FULL, Scorer

__all__ = [
    "DEFAULT_BANDS",
    "Band",
    "Bands",
    "Group",
    "Measure",
    "MissingPolicy",
    "Node",
    "Scorecard",
    "flatten",
]


class MissingPolicy(enum.Enum):
    """What a measure without a value does to the score."""

    EXCLUDE = "exclude"
    """Leave it out and renormalise its siblings' weights (the default)."""
    ZERO = "zero"
    """Score it 0."""
    NEUTRAL = "neutral"
    """Score it its neutral value (``Measure.neutral``, 50 unless set)."""
    FIXED = "fixed"
    """Keep its weight and let it add nothing: the score stays on the scale of
    all the configured weights (numerically like ``ZERO``, but the measure
    reads as missing, not as scored 0)."""
    FAIL = "fail"
    """Refuse to score: raise :class:`~accountkit.errors.InsufficientDataError`."""


@attrs.frozen(kw_only=True)
class Band:
    """A RAG band: a name and the highest score in it.

    Parameters
    ----------
    name
        ``"red"``, ``"amber"``, ``"green"`` or any label.
    upper
        The highest score in the band (inclusive); the band starts just above
        the previous band's ``upper`` (the first band starts at 0 inclusive).
    """

    name: str = attrs.field(validator=identifier)
    upper: float = attrs.field(converter=as_float)

    def __attrs_post_init__(self) -> None:
        real_number(self.upper, where="Band", path="upper", low=0.0, high=FULL)


def _bands(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple) or not value:
        message = "expected at least one Band"
        raise ValidationError(message, path="bands", root="Bands")
    uppers = [band.upper for band in value]
    if any(b <= a for a, b in itertools.pairwise(uppers)):
        message = f"upper bounds must increase, got {uppers}"
        raise ValidationError(message, path="bands", root="Bands")
    if uppers[-1] != FULL:
        message = f"the last band must reach 100, got {uppers[-1]:g}"
        raise ValidationError(
            message, path=("bands", len(uppers) - 1, "upper"), root="Bands"
        )
    names = [band.name for band in value]
    if len(set(names)) != len(names):
        message = f"band names must differ, got {names}"
        raise ValidationError(message, path="bands", root="Bands")


@attrs.frozen(kw_only=True)
class Bands:
    """Ordered RAG bands, worst first; each band but the first excludes its lower bound.

    With red up to 50, amber up to 75 and green up to 100, a score of 50 is red
    and 50.01 amber — the convention of the leading customer-success platform.

    Examples
    --------
    >>> [DEFAULT_BANDS.band_of(s) for s in (0, 50, 50.01, 75, 75.5, 100)]
    ['red', 'red', 'amber', 'amber', 'green', 'green']
    """

    bands: tuple[Band, ...] = attrs.field(validator=_bands)

    @property
    def worst(self) -> str:
        """The name of the worst (first) band."""
        return self.bands[0].name

    def band_of(self, score: float) -> str:
        """Return the name of the band ``score`` falls in."""
        for band in self.bands:
            if score <= band.upper:
                return band.name
        return self.bands[-1].name


DEFAULT_BANDS = Bands(
    bands=(
        Band(name="red", upper=50),
        Band(name="amber", upper=75),
        Band(name="green", upper=100),
    )
)
"""Red 0-50, amber above 50 to 75, green above 75 to 100."""


@attrs.frozen(kw_only=True)
class Measure:
    """One thing a scorecard measures, and how its raw value is scored.

    Parameters
    ----------
    id
        Identifies the measure; observations name it.
    scorer
        Maps the raw value to 0-100.
    weight
        Its weight among its siblings: any non-negative number, normalised
        per level.
    name
        For people.
    missing
        What a missing value does; the scorecard's default when ``None``.
    neutral
        The score used by :attr:`MissingPolicy.NEUTRAL`.
    bands
        RAG bands for this measure; the scorecard's when ``None``.
    critical
        With the scorecard's ``worst_of`` rule, this measure in the worst band
        puts the whole account in it.
    valid_days
        An observation older than this many days (as of the scoring date) is
        flagged stale; never when ``None``.
    """

    id: str = attrs.field(validator=identifier)
    scorer: Scorer
    weight: float = attrs.field(
        default=1.0, converter=as_float, validator=finite_float("weight", low=0.0)
    )
    name: str = attrs.field(default="", validator=text)
    missing: MissingPolicy | None = None
    neutral: float = attrs.field(default=50.0, converter=as_float)
    bands: Bands | None = None
    critical: bool = False
    valid_days: int | None = None

    def __attrs_post_init__(self) -> None:
        real_number(self.neutral, where="Measure", path="neutral", low=0.0, high=FULL)
        days: object = self.valid_days
        if days is not None and (
            isinstance(days, bool) or not isinstance(days, int) or days < 0
        ):
            message = f"expected a whole number of days or None, got {days!r}"
            raise ValidationError(message, path="valid_days", root="Measure")


@attrs.frozen(kw_only=True)
class Group:
    """Measures (and groups) scored together as their weighted mean.

    Parameters
    ----------
    id
        Identifies the group.
    weight
        Its weight among its siblings.
    measures, groups
        What it holds; at least one of either.
    name
        For people.
    """

    id: str = attrs.field(validator=identifier)
    weight: float = attrs.field(
        default=1.0, converter=as_float, validator=finite_float("weight", low=0.0)
    )
    measures: tuple[Measure, ...] = ()
    groups: tuple["Group", ...] = ()
    name: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if not self.measures and not self.groups:
            message = "holds no measures or groups"
            raise ValidationError(message, path="measures", root="Group")


attrs.resolve_types(Group)  # the nested "Group" annotation, for cattrs


@attrs.frozen(kw_only=True)
class Scorecard:
    """A health scorecard: weighted measures and groups, bands and policies.

    Parameters
    ----------
    name
        The scorecard's name.
    measures, groups
        The top level: measures and groups weighted against each other.
    missing
        The default policy for measures without a value.
    bands
        The overall RAG bands (and each measure's, unless it has its own).
    worst_of
        When a critical measure is in the worst band, so is the account.

    Raises
    ------
    ValidationError
        If an id is used twice anywhere in the tree (every one is named).
    """

    name: str = attrs.field(validator=identifier)
    measures: tuple[Measure, ...] = ()
    groups: tuple[Group, ...] = ()
    missing: MissingPolicy = MissingPolicy.EXCLUDE
    bands: Bands = DEFAULT_BANDS
    worst_of: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.measures and not self.groups:
            message = "holds no measures or groups"
            raise ValidationError(message, path="measures", root="Scorecard")
        seen: dict[str, tuple[str | int, ...]] = {}
        problems = []
        for node in _flatten(self):
            if node.id in seen:
                message = f"id {node.id!r} is also used at {_render(seen[node.id])}"
                problems.append(Problem((*node.path, "id"), message))
            else:
                seen[node.id] = node.path
        if problems:
            raise ValidationError(problems=problems, root="Scorecard")

    @property
    def measure_ids(self) -> tuple[str, ...]:
        """Return every measure's id, in the column order of ``score_many``."""
        return tuple(n.id for n in flatten(self) if n.measure is not None)


def _render(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(
        "."
    )


class Node(NamedTuple):
    """A measure or group in a scorecard, flattened depth first."""

    id: str
    name: str
    path: tuple[str | int, ...]
    """Where it is in the scorecard, as a field path."""
    parent: int
    """Index of the parent node; -1 for the top level."""
    weight: float
    measure: Measure | None
    """The measure; ``None`` for a group."""


def flatten(scorecard: Scorecard) -> list[Node]:
    """Return every node, parents before their children, in definition order."""
    return list(_FLAT(scorecard))


def _flatten(scorecard: Scorecard) -> tuple[Node, ...]:
    nodes: list[Node] = []

    def visit(
        measures: tuple[Measure, ...],
        groups: tuple[Group, ...],
        parent: int,
        path: tuple[str | int, ...],
    ) -> None:
        for index, measure in enumerate(measures):
            nodes.append(
                Node(
                    measure.id,
                    measure.name or measure.id,
                    (*path, "measures", index),
                    parent,
                    measure.weight,
                    measure,
                )
            )
        for index, group in enumerate(groups):
            here = (*path, "groups", index)
            nodes.append(
                Node(group.id, group.name or group.id, here, parent, group.weight, None)
            )
            visit(group.measures, group.groups, len(nodes) - 1, here)

    visit(scorecard.measures, scorecard.groups, -1, ())
    return tuple(nodes)


_FLAT: Derived[Scorecard, tuple[Node, ...]] = Derived(_flatten)
"""Each scorecard's nodes, flattened once (scorecards are frozen)."""
