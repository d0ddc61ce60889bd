r"""Scoring accounts on a scorecard, explaining scores and their changes."""

import enum
import math
import typing
from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit._checked import checked
from accountkit._frames import categorical, frame
from accountkit._identity import Derived
from accountkit._validators import (
    as_float,
    identifier,
    plain_date,
    real_number,
    text,
)
from accountkit.errors import CurrencyMismatchError, ValidationError, shorten
from accountkit.health._kernel import Evaluation, evaluate
from accountkit.health._scorecard import (
    Bands,
    MissingPolicy,
    Node,
    Scorecard,
    flatten,
)
from accountkit.health._scorers import FULL
from accountkit.money import Money
from accountkit.periods import check_date

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GroupScore",
    "HealthArrays",
    "HealthScore",
    "MeasureChange",
    "MeasureScore",
    "MeasureStatus",
    "Observation",
    "Override",
    "RollUp",
    "ScoreChange",
    "Trend",
    "compare",
    "roll_up",
    "score",
    "score_many",
    "trend",
]


@attrs.frozen(kw_only=True)
class Observation:
    """A raw value of a measure, as observed on a day.

    Parameters
    ----------
    measure
        The measure's id.
    value
        The raw value (days, percent, count, ...), finite.
    observed_on
        When it was measured; the latest observation on or before the scoring
        date counts.
    """

    measure: str = attrs.field(validator=identifier)
    value: float = attrs.field(converter=as_float)
    observed_on: date = attrs.field(validator=plain_date)

    def __attrs_post_init__(self) -> None:
        real_number(self.value, where="Observation", path="value", low=-math.inf)
        if math.isinf(self.value):
            message = f"must be finite, got {self.value}"
            raise ValidationError(message, path="value", root="Observation")


@attrs.frozen(kw_only=True)
class Override:
    """A score set by hand for a measure or group, until it expires.

    Parameters
    ----------
    target
        The measure's or group's id.
    score
        The score to use, 0 to 100.
    author
        Who set it.
    reason
        Why.
    set_on, expires_on
        It applies from ``set_on`` through ``expires_on`` inclusive.
    """

    target: str = attrs.field(validator=identifier)
    score: float = attrs.field(converter=as_float)
    author: str = attrs.field(validator=identifier)
    reason: str = attrs.field(validator=text)
    set_on: date = attrs.field(validator=plain_date)
    expires_on: date = attrs.field(validator=plain_date)

    def __attrs_post_init__(self) -> None:
        real_number(self.score, where="Override", path="score", low=0.0, high=FULL)
        if self.expires_on < self.set_on:
            message = f"must not be before set_on ({self.set_on.isoformat()})"
            raise ValidationError(message, path="expires_on", root="Override")


class MeasureStatus(enum.Enum):
    """Where a measure's score came from."""

    SCORED = "scored"
    STALE = "stale"
    """Scored from an observation older than the measure's validity."""
    OVERRIDDEN = "overridden"
    MISSING = "missing"
    """No value; left out, or kept at weight with nothing added (``FIXED``)."""
    DEFAULTED = "defaulted"
    """No value; scored 0 or neutral by its missing-data policy."""


@attrs.frozen(kw_only=True)
class MeasureScore:
    """One measure's part in a health score.

    Attributes
    ----------
    id, name, group
        The measure and the group it is in (``None`` at the top level).
    raw
        The raw value used, if any.
    observed_on
        When it was observed.
    score
        Its score, 0 to 100; ``None`` when missing.
    status
        Scored, stale, overridden, missing or defaulted.
    weight
        Its effective share of the overall score: the product of its
        normalised weights up the tree (0 when left out).
    contribution
        ``weight x score``: the points it adds to the overall score.
    band
        Its RAG band.
    note
        Anything worth saying (the override's author and reason, staleness).
    """

    id: str
    name: str
    group: str | None
    raw: float | None
    observed_on: date | None
    score: float | None
    status: MeasureStatus
    weight: float
    contribution: float
    band: str | None
    note: str = ""


@attrs.frozen(kw_only=True)
class GroupScore:
    """A group's score.

    Attributes
    ----------
    id, name, parent
        The group and the group it is in (``None`` at the top level).
    score
        The weighted mean of its counted members; ``None`` when missing.
    weight
        Its effective share of the overall score.
    band
        Its RAG band.
    overridden
        ``"author: reason"`` when an override sets it, else ``""``.
    """

    id: str
    name: str
    parent: str | None
    score: float | None
    weight: float
    band: str | None
    overridden: str = ""


@attrs.frozen(kw_only=True)
class HealthScore:
    """An account's health on a scorecard, as of a day, with its explanation.

    Attributes
    ----------
    scorecard, account, as_of
        What was scored, whose, when.
    score
        0 to 100; ``None`` when nothing could be scored.
    band
        The RAG band (after the worst-of rule).
    completeness
        Configured weight of the measures with a value, over all the weight.
    measures, groups
        Every measure's and group's part, in scorecard order.
    flags
        Stale measures, expired overrides, the worst-of rule firing.
    worst_band
        The name of the scorecard's worst band (``"red"`` by default).
    """

    scorecard: str
    account: str | None
    as_of: date
    score: float | None
    band: str | None
    completeness: float
    measures: tuple[MeasureScore, ...]
    groups: tuple[GroupScore, ...]
    flags: tuple[str, ...] = ()
    worst_band: str = "red"

    def explain(self) -> list[tuple[str, float, float]]:
        """Return ``(id, weight, contribution)`` for what makes up the score.

        The measures that count (and overridden groups, which stand for their
        measures), largest contribution first; the contributions add up to the
        score.
        """
        overridden = {g.id for g in self.groups if g.overridden}
        parts = [
            (g.id, g.weight, g.weight * (g.score or 0.0))
            for g in self.groups
            if g.id in overridden and g.weight > 0
        ]
        hidden = self._under(overridden)
        parts += [
            (m.id, m.weight, m.contribution)
            for m in self.measures
            if m.weight > 0 and m.id not in hidden
        ]
        return sorted(parts, key=lambda p: (-p[2], p[0]))

    def _under(self, groups: set[str]) -> set[str]:
        parents = {g.id: g.parent for g in self.groups}
        hidden = set()
        for measure in self.measures:
            ancestor = measure.group
            while ancestor is not None:
                if ancestor in groups:
                    hidden.add(measure.id)
                    break
                ancestor = parents.get(ancestor)
        return hidden


# --- one account ----------------------------------------------------------------------


def _latest(
    observations: Sequence[Observation], known: set[str], as_of: date, where: str
) -> dict[str, Observation]:
    latest: dict[str, Observation] = {}
    for index, seen in enumerate(observations):
        if seen.measure not in known:
            message = f"no measure {seen.measure!r} in the scorecard"
            raise ValidationError(
                message, path=("observations", index, "measure"), root=where
            )
        if seen.observed_on > as_of:
            continue
        kept = latest.get(seen.measure)
        if kept is None or seen.observed_on >= kept.observed_on:
            latest[seen.measure] = seen
    return latest


@checked
def score(
    scorecard: Scorecard,
    observations: Sequence[Observation],
    *,
    as_of: date,
    overrides: Sequence[Override] = (),
    account: str | None = None,
) -> HealthScore:
    r"""Score an account on a scorecard, as of a day, and explain the score.

    Parameters
    ----------
    scorecard
        The scorecard.
    observations
        Raw values; for each measure the latest on or before ``as_of`` counts.
    as_of
        The scoring day.
    overrides
        Hand-set scores of measures or groups; those in force on ``as_of``
        apply, expired ones are flagged.
    account
        The account's name, for the record.

    Returns
    -------
    HealthScore
        The score, band, completeness, each measure's and group's part, flags.

    Raises
    ------
    ValidationError
        If an observation or override names no measure or group of the
        scorecard.
    InsufficientDataError
        If a measure whose policy is ``FAIL`` has no value.

    Notes
    -----
    At every level the score is the weighted mean of the members that count:

    .. math:: S_g = \frac{\sum_{i \in C_g} w_i s_i}{\sum_{i \in C_g} w_i}

    where weights are any non-negative numbers (normalised per level) and
    :math:`C_g` holds the members with a score, plus missing ones whose
    policy keeps them (``ZERO`` and ``NEUTRAL`` with their fill-in score,
    ``FIXED`` adding nothing). A group with no scored member is itself
    missing. Completeness is the configured weight of the measures with a
    value over all the weight. This is the weighted-average scheme of
    customer-success scorecards [#]_.

    References
    ----------
    .. [#] Gainsight, "Scorecards: weights and roll-up", product
       documentation: a weighted average of 20, 15 and 22 on scores 47, 59
       and 21 is 40.12.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.health import Measure, PercentOfGoal, Scorecard
    >>> card = Scorecard(name="cs", measures=(
    ...     Measure(id="a", weight=20, scorer=PercentOfGoal(goal=100)),
    ...     Measure(id="b", weight=15, scorer=PercentOfGoal(goal=100)),
    ...     Measure(id="c", weight=22, scorer=PercentOfGoal(goal=100))))
    >>> day = date(2026, 6, 30)
    >>> seen = [Observation(measure=m, value=v, observed_on=day)
    ...         for m, v in (("a", 47), ("b", 59), ("c", 21))]
    >>> result = score(card, seen, as_of=day)
    >>> round(result.score, 2), result.band
    (40.12, 'red')
    """
    where = "score"
    day = check_date(as_of, where=where, path="as_of")
    if not isinstance(scorecard, Scorecard):
        message = f"expected a Scorecard, got {type(scorecard).__name__}"
        raise ValidationError(message, path="scorecard", root=where)
    ids = scorecard.measure_ids
    latest = _latest(observations, set(ids), day, where)
    raw = np.array([[latest[m].value if m in latest else np.nan for m in ids]])
    active, flags = _active_overrides(scorecard, overrides, day, where)
    evaluation = evaluate(
        scorecard, raw, _override_row(scorecard, active), where=where, explain=True
    )
    return _record(scorecard, evaluation, _Inputs(latest, active, flags, day, account))


def _active_overrides(
    scorecard: Scorecard, overrides: Sequence[Override], day: date, where: str
) -> tuple[dict[str, Override], list[str]]:
    targets = {n.id for n in flatten(scorecard)}
    active: dict[str, Override] = {}
    flags = []
    for index, given in enumerate(overrides):
        if given.target not in targets:
            message = f"no measure or group {given.target!r} in the scorecard"
            raise ValidationError(
                message, path=("overrides", index, "target"), root=where
            )
        if given.set_on > day:
            continue
        if given.expires_on < day:
            flags.append(
                f"override of {given.target} by {given.author} expired on "
                f"{given.expires_on.isoformat()}"
            )
            continue
        kept = active.get(given.target)
        if kept is None or given.set_on >= kept.set_on:
            active[given.target] = given
    return active, flags


def _override_row(
    scorecard: Scorecard, active: dict[str, Override]
) -> NDArray[np.float64] | None:
    if not active:
        return None
    return np.array(
        [[active[n.id].score if n.id in active else np.nan for n in flatten(scorecard)]]
    )


def _effective(scorecard: Scorecard, evaluation: Evaluation) -> NDArray[np.float64]:
    """Each node's effective share of the overall score, for the first account.

    The share is the product of the node's weight over its counted siblings'
    weights up the tree, computed exactly and rounded once, so that a
    measure worth a tenth of the score reports 0.1, not 0.09999999999999999.
    It depends only on which nodes count, so each pattern of counted nodes
    is worked out once for a scorecard.
    """
    # score() always evaluates with explain=True, which fills the shares.
    shares = typing.cast("NDArray[np.float64]", evaluation.shares)
    counted = shares[0] > 0
    known = _SHARES(scorecard)
    pattern = counted.tobytes()
    found = known.get(pattern)
    if found is None:
        found = _exact_shares(evaluation.nodes, counted)
        found.setflags(write=False)
        if len(known) < _PATTERNS:
            known[pattern] = found
    return found


_PATTERNS = 4096
"""The most patterns of counted nodes whose shares are kept per scorecard."""

_SHARES: Derived[Scorecard, dict[bytes, NDArray[np.float64]]] = Derived(lambda _: {})
"""Per scorecard, the effective shares of each pattern of counted nodes."""


def _exact_shares(
    nodes: Sequence[Node], counted: NDArray[np.bool_]
) -> NDArray[np.float64]:
    totals: dict[int, Fraction] = {}
    for index, node in enumerate(nodes):
        if counted[index]:
            totals[node.parent] = totals.get(node.parent, Fraction(0)) + Fraction(
                node.weight
            )
    exact: list[Fraction] = []
    for index, node in enumerate(nodes):
        above = exact[node.parent] if node.parent >= 0 else Fraction(1)
        share = (
            Fraction(node.weight) / totals[node.parent]
            if counted[index]
            else Fraction(0)
        )
        exact.append(share * above)
    return np.array([float(x) for x in exact])


def _value(number: float) -> float | None:
    return None if math.isnan(number) else float(number)


class _Inputs(NamedTuple):
    """What one account was scored from."""

    latest: dict[str, Observation]
    active: dict[str, Override]
    flags: list[str]
    day: date
    account: str | None


def _record(
    scorecard: Scorecard, evaluation: Evaluation, inputs: _Inputs
) -> HealthScore:
    latest, active, flags, day, account = inputs
    nodes = evaluation.nodes
    # score() always evaluates with explain=True, which fills the scores.
    scores = typing.cast("NDArray[np.float64]", evaluation.scores)
    effective = _effective(scorecard, evaluation)
    measures = []
    groups = []
    worst_hit = []
    for index, node in enumerate(nodes):
        value = _value(scores[0, index])
        parent = nodes[node.parent].id if node.parent >= 0 else None
        if node.measure is None:
            groups.append(
                GroupScore(
                    id=node.id,
                    name=node.name,
                    parent=parent,
                    score=value,
                    weight=float(effective[index]),
                    band=None if value is None else scorecard.bands.band_of(value),
                    overridden=_by(active.get(node.id)),
                )
            )
            continue
        measure = node.measure
        seen = latest.get(node.id)
        bands: Bands = measure.bands or scorecard.bands
        band = None if value is None else bands.band_of(value)
        status, note = _status(
            measure.missing or scorecard.missing,
            seen,
            active.get(node.id),
            measure.valid_days,
            day,
        )
        if status is MeasureStatus.STALE:
            flags.append(f"{node.id} is stale: {note}")
        if measure.critical and band == bands.worst:
            worst_hit.append(node.id)
        measures.append(
            MeasureScore(
                id=node.id,
                name=node.name,
                group=parent,
                raw=None if seen is None else seen.value,
                observed_on=None if seen is None else seen.observed_on,
                score=value,
                status=status,
                weight=float(effective[index]),
                contribution=float(effective[index] * (value or 0.0)),
                band=band,
                note=note,
            )
        )
    overall = _value(evaluation.overall[0])
    band = None if overall is None else scorecard.bands.band_of(overall)
    if scorecard.worst_of and worst_hit and overall is not None:
        band = scorecard.bands.worst
        flags.append(f"worst-of rule: {', '.join(worst_hit)} in {band}")
    return HealthScore(
        scorecard=scorecard.name,
        account=account,
        as_of=day,
        score=overall,
        band=band,
        completeness=float(evaluation.completeness[0]),
        measures=tuple(measures),
        groups=tuple(groups),
        flags=tuple(flags),
        worst_band=scorecard.bands.worst,
    )


def _by(override: Override | None) -> str:
    return "" if override is None else f"{override.author}: {override.reason}"


def _status(
    policy: MissingPolicy,
    seen: Observation | None,
    override: Override | None,
    valid_days: int | None,
    day: date,
) -> tuple[MeasureStatus, str]:
    if override is not None:
        return MeasureStatus.OVERRIDDEN, (
            f"set by {_by(override)} until {override.expires_on.isoformat()}"
        )
    if seen is None:
        if policy in (MissingPolicy.ZERO, MissingPolicy.NEUTRAL):
            return MeasureStatus.DEFAULTED, f"no value: scored by policy {policy.value}"
        return MeasureStatus.MISSING, f"no value: policy {policy.value}"
    if valid_days is not None and seen.observed_on < day - timedelta(days=valid_days):
        age = (day - seen.observed_on).days
        return MeasureStatus.STALE, f"observed {age} days ago, valid for {valid_days}"
    return MeasureStatus.SCORED, ""


# --- many accounts --------------------------------------------------------------------


class HealthArrays(NamedTuple):
    """Scores of many accounts, as arrays (one row per account)."""

    score: NDArray[np.float64]
    """Overall score, NaN when nothing could be scored."""
    band: NDArray[np.int64]
    """Index into the scorecard's bands (0 is the worst), -1 without a score."""
    completeness: NDArray[np.float64]
    measures: NDArray[np.float64]
    """Every measure's score, columns in ``Scorecard.measure_ids`` order."""
    groups: NDArray[np.float64]
    """Every group's score, columns in ``group_ids`` order."""
    group_ids: tuple[str, ...]
    measure_ids: tuple[str, ...] = ()
    """The measures' ids, in the order of the columns of ``measures``."""
    band_names: tuple[str, ...] = ()
    """The scorecard's bands, worst first: what ``band`` counts from."""

    def to_frame(self) -> "pd.DataFrame":
        """Return a DataFrame with one row per account, in the input's order.

        Columns ``score``, ``band`` (an ordered categorical of the bands,
        worst first; missing without a score), ``completeness``, then one
        column per measure (``measure:<id>``) and per group
        (``group:<id>``), NaN where missing. Needs pandas
        (``pip install 'accountkit[pandas]'``).
        """
        where = "HealthArrays.to_frame"
        measures = self.measure_ids or tuple(
            str(i) for i in range(self.measures.shape[1])
        )
        return frame(
            {
                "score": self.score,
                "band": categorical(self.band, self.band_names, where=where),
                "completeness": self.completeness,
                **{f"measure:{m}": self.measures[:, i] for i, m in enumerate(measures)},
                **{
                    f"group:{g}": self.groups[:, i]
                    for i, g in enumerate(self.group_ids)
                },
            },
            where=where,
        )


@checked
def score_many(scorecard: Scorecard, values: ArrayLike) -> HealthArrays:
    """Score many accounts at once: accounts x measures in, arrays out.

    Parameters
    ----------
    scorecard
        The scorecard.
    values
        Raw values, shape ``(accounts, measures)``, columns in the order of
        :attr:`Scorecard.measure_ids`; NaN where missing.

    Returns
    -------
    HealthArrays
        The same scores as :func:`score` gives account by account (without
        overrides and staleness, which are per-account records).

    Raises
    ------
    ValidationError
        If ``values`` has the wrong shape or holds an infinity.
    InsufficientDataError
        If a measure whose policy is ``FAIL`` has no value.

    Examples
    --------
    >>> import numpy as np
    >>> from accountkit.health import Group, Measure, PercentOfGoal, Scorecard
    >>> card = Scorecard(name="cs", groups=(
    ...     Group(id="support", weight=40, measures=(
    ...         Measure(id="csat", scorer=PercentOfGoal(goal=100)),)),
    ...     Group(id="adoption", weight=35, measures=(
    ...         Measure(id="usage", scorer=PercentOfGoal(goal=100)),)),
    ...     Group(id="relationship", weight=25, measures=(
    ...         Measure(id="nps", scorer=PercentOfGoal(goal=100)),))))
    >>> result = score_many(card, [[40, 80, np.nan], [40, 80, 100]])
    >>> np.round(result.score, 2)
    array([58.67, 69.  ])
    """
    where = "score_many"
    try:
        raw = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        message = f"expected numbers (NaN for missing), got {shorten(str(err))}"
        raise ValidationError(message, path="values", root=where) from None
    width = len(scorecard.measure_ids)
    if raw.ndim != 2 or raw.shape[1] != width:  # noqa: PLR2004 - a table
        message = f"expected shape (accounts, {width}), got {raw.shape}"
        raise ValidationError(message, path="values", root=where)
    if np.isinf(raw).any():
        row, col = (int(i) for i in np.argwhere(np.isinf(raw))[0])
        message = f"must be finite or NaN, got {raw[row, col]}"
        raise ValidationError(message, path=("values", row, col), root=where)
    evaluation = evaluate(scorecard, raw, where=where)
    return HealthArrays(
        score=evaluation.overall,
        band=_band_codes(scorecard.bands, evaluation.overall),
        completeness=evaluation.completeness,
        measures=evaluation.measures,
        groups=evaluation.groups,
        group_ids=tuple(n.id for n in evaluation.nodes if n.measure is None),
        measure_ids=scorecard.measure_ids,
        band_names=tuple(band.name for band in scorecard.bands.bands),
    )


def _band_codes(bands: Bands, scores: NDArray[np.float64]) -> NDArray[np.int64]:
    """Each score's band (its position in ``bands``), -1 for no score.

    A score's band is the number of bands whose (inclusive) upper bound lies
    below it; a score above the last bound stays in the last band.
    """
    codes = np.zeros(scores.shape, dtype=np.int64)
    for band in bands.bands[:-1]:
        codes += scores > band.upper
    codes[np.isnan(scores)] = -1
    return codes


# --- change, trend, roll-up -----------------------------------------------------------


@attrs.frozen(kw_only=True)
class MeasureChange:
    """How much one measure moved the score between two snapshots.

    Attributes
    ----------
    id
        The measure (or overridden group).
    before, after
        Its contribution (points of the overall score) in each.
    change
        ``after - before``.
    """

    id: str
    before: float
    after: float
    change: float


@attrs.frozen(kw_only=True)
class ScoreChange:
    """The change of a score between two snapshots, and what moved it.

    Attributes
    ----------
    before, after
        The two scores.
    change
        ``after - before``; ``None`` when either is missing.
    measures
        Each measure's change of contribution, largest move first; they add
        up to ``change``.
    """

    before: float | None
    after: float | None
    change: float | None
    measures: tuple[MeasureChange, ...]


@checked
def compare(before: HealthScore, after: HealthScore) -> ScoreChange:
    """Explain the change between two scores of one account on one scorecard.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.health import Measure, PercentOfGoal, Scorecard
    >>> card = Scorecard(name="cs", measures=(
    ...     Measure(id="a", scorer=PercentOfGoal(goal=100)),
    ...     Measure(id="b", scorer=PercentOfGoal(goal=100))))
    >>> def at(day, a, b):
    ...     return score(card, [Observation(measure="a", value=a, observed_on=day),
    ...                         Observation(measure="b", value=b, observed_on=day)],
    ...                  as_of=day)
    >>> move = compare(at(date(2026, 5, 31), 80, 60), at(date(2026, 6, 30), 50, 70))
    >>> move.change, [(m.id, m.change) for m in move.measures]
    (-10.0, [('a', -15.0), ('b', 5.0)])
    """
    if before.scorecard != after.scorecard:
        message = f"scored on {after.scorecard!r}, the other on {before.scorecard!r}"
        raise ValidationError(message, path="after", root="compare")
    old = {part: value for part, _, value in before.explain()}
    new = {part: value for part, _, value in after.explain()}
    changes = [
        MeasureChange(
            id=part,
            before=old.get(part, 0.0),
            after=new.get(part, 0.0),
            change=new.get(part, 0.0) - old.get(part, 0.0),
        )
        for part in sorted(set(old) | set(new))
    ]
    changes.sort(key=lambda c: (-abs(c.change), c.id))
    change = (
        None
        if before.score is None or after.score is None
        else after.score - before.score
    )
    return ScoreChange(
        before=before.score, after=after.score, change=change, measures=tuple(changes)
    )


@attrs.frozen(kw_only=True)
class Trend:
    """Where a score is heading.

    Attributes
    ----------
    latest
        The latest score.
    previous
        The score ``days`` earlier (the latest snapshot on or before then).
    change
        ``latest - previous``.
    slope_per_30_days
        The least-squares slope over all the snapshots, in points per 30 days.
    """

    latest: float | None
    previous: float | None
    change: float | None
    slope_per_30_days: float | None


@checked
def trend(history: Sequence[HealthScore], *, days: int = 30) -> Trend:
    """Return the change against ``days`` earlier and the slope over snapshots.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.health import Measure, PercentOfGoal, Scorecard
    >>> card = Scorecard(name="cs", measures=(
    ...     Measure(id="a", scorer=PercentOfGoal(goal=100)),))
    >>> def at(day, a):
    ...     return score(card, [Observation(measure="a", value=a, observed_on=day)],
    ...                  as_of=day)
    >>> snaps = [at(date(2026, 4, 30), 70), at(date(2026, 5, 30), 64),
    ...          at(date(2026, 6, 29), 58)]
    >>> result = trend(snaps)
    >>> result.change, round(result.slope_per_30_days, 6)
    (-6.0, -6.0)
    """
    where = "trend"
    window = real_number(days, where=where, path="days", low=0, low_open=True)
    if not history:
        message = "expected at least one HealthScore"
        raise ValidationError(message, path="history", root=where)
    points = sorted(((s.as_of, s.score) for s in history), key=lambda p: p[0])
    latest_day, latest = points[-1]
    # A window reaching before the calendar's first day has no point before it.
    reach = (latest_day - date.min).days
    cutoff = latest_day - timedelta(days=window) if window <= reach else None
    earlier = [p for p in points if cutoff is not None and p[0] <= cutoff]
    previous = earlier[-1][1] if earlier else None
    change = None if latest is None or previous is None else latest - previous
    scored = [(d, s) for d, s in points if s is not None]
    slope = None
    if len({d for d, _ in scored}) >= 2:  # noqa: PLR2004 - two points make a line
        x = np.array([(d - scored[0][0]).days for d, _ in scored], dtype=np.float64)
        y = np.array([s for _, s in scored])
        slope = float(np.polyfit(x, y, 1)[0] * 30)
    return Trend(
        latest=latest, previous=previous, change=change, slope_per_30_days=slope
    )


@attrs.frozen(kw_only=True)
class RollUp:
    """Health across many accounts.

    Attributes
    ----------
    accounts
        How many were scored (with a score).
    mean
        Mean score.
    revenue_weighted
        Mean weighted by revenue; ``None`` without revenues.
    share_in_worst_band
        Share of the scored accounts in the worst band (red).
    worst_account, worst_score
        The account with the lowest score (ties by name), and that score.
    """

    accounts: int
    mean: float | None
    revenue_weighted: float | None
    share_in_worst_band: float | None
    worst_account: str | None
    worst_score: float | None


@checked
def roll_up(
    scores: Sequence[HealthScore], *, revenue: Sequence[Money] | None = None
) -> RollUp:
    r"""Roll account scores up: mean, revenue-weighted mean, share red, worst.

    Parameters
    ----------
    scores
        One score per account (the same scorecard).
    revenue
        Each account's revenue, in one currency, for the weighted mean.

    Notes
    -----
    .. math:: \bar S_R = \frac{\sum_a R_a S_a}{\sum_a R_a}

    over the accounts with a score. The worst band is judged from each
    score's own band (so the worst-of rule counts).

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Money
    >>> from accountkit.health import Measure, PercentOfGoal, Scorecard
    >>> card = Scorecard(name="cs", measures=(
    ...     Measure(id="a", scorer=PercentOfGoal(goal=100)),))
    >>> day = date(2026, 6, 30)
    >>> snaps = [score(card, [Observation(measure="a", value=v, observed_on=day)],
    ...                as_of=day, account=n) for n, v in (("x", 90), ("y", 40))]
    >>> result = roll_up(snaps, revenue=[Money(100, "EUR"), Money(300, "EUR")])
    >>> result.mean, result.revenue_weighted, result.share_in_worst_band
    (65.0, 52.5, 0.5)
    >>> result.worst_account, result.worst_score
    ('y', 40.0)
    """
    where = "roll_up"
    if revenue is not None:
        if len(revenue) != len(scores):
            message = f"has {len(revenue)} values for {len(scores)} scores"
            raise ValidationError(message, path="revenue", root=where)
        for index, amount in enumerate(revenue[1:], start=1):
            if amount.currency != revenue[0].currency:
                message = (
                    f"in {amount.currency}, but revenue[0] is in "
                    f"{revenue[0].currency}: convert to one currency before "
                    "weighting by revenue"
                )
                raise CurrencyMismatchError(
                    message, path=("revenue", index), root=where
                )
    scored = [i for i, s in enumerate(scores) if s.score is not None]
    if not scored:
        return RollUp(
            accounts=0,
            mean=None,
            revenue_weighted=None,
            share_in_worst_band=None,
            worst_account=None,
            worst_score=None,
        )
    values = [scores[i].score or 0.0 for i in scored]
    weighted = None
    if revenue is not None:
        weighted = _weighted_mean([Fraction(revenue[i].amount) for i in scored], values)
    red = sum(1 for i in scored if scores[i].band == scores[i].worst_band)
    low = min(scored, key=lambda i: (scores[i].score or 0.0, scores[i].account or ""))
    return RollUp(
        accounts=len(scored),
        mean=math.fsum(values) / len(values),
        revenue_weighted=weighted,
        share_in_worst_band=red / len(scored),
        worst_account=scores[low].account,
        worst_score=scores[low].score,
    )


def _weighted_mean(
    weights: Sequence[Fraction], values: Sequence[float]
) -> float | None:
    """Return the mean of ``values`` weighted by exact ``weights`` (None: no weight).

    The sums are exact; only the mean, a score, becomes a float.
    """
    total = sum(weights, Fraction(0))
    if total <= 0:
        return None
    pairs = zip(weights, values, strict=True)
    return float(sum((w * Fraction(v) for w, v in pairs), Fraction(0)) / total)
