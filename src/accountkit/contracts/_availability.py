"""Availability measured from outage intervals."""

import itertools
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Context, Decimal
from fractions import Fraction
from typing import Final

import attrs

from accountkit._checked import checked
from accountkit._validators import text
from accountkit.errors import InsufficientDataError, ValidationError
from accountkit.money import QUOTIENT_DIGITS, to_decimal

__all__ = [
    "Downtime",
    "Outage",
    "TimeSpan",
    "availability",
    "downtime",
    "merge_spans",
]

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)
_MICROSECONDS_PER_MINUTE: Final = 60_000_000
_HUNDRED: Final = 100
_PERCENT = Context(prec=QUOTIENT_DIGITS)


def _aware(
    instance: object, attribute: "attrs.Attribute[datetime]", value: object
) -> None:
    where = type(instance).__name__
    if not isinstance(value, datetime):
        message = f"expected a timezone-aware datetime, got {type(value).__name__}"
        raise ValidationError(message, path=attribute.name, root=where)
    if value.tzinfo is None or value.utcoffset() is None:
        message = f"{value.isoformat()} has no time zone; an instant needs one"
        raise ValidationError(message, path=attribute.name, root=where)


def _after_start(
    instance: object, attribute: "attrs.Attribute[datetime]", value: datetime
) -> None:
    _aware(instance, attribute, value)
    start: datetime = instance.start  # type: ignore[attr-defined]
    if value <= start:
        message = (
            f"must be after start ({start.isoformat()}), got {value.isoformat()}; "
            "an interval is [start, end)"
        )
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


@attrs.frozen
class TimeSpan:
    """A half-open interval of instants ``[start, end)``.

    Raises
    ------
    ValidationError
        If a bound is naive (has no time zone) or ``end`` is not after ``start``.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> start, end = datetime(2025, 4, 1, tzinfo=UTC), datetime(2025, 5, 1, tzinfo=UTC)
    >>> april = TimeSpan(start, end)
    >>> april.minutes
    Decimal('43200')
    """

    start: datetime = attrs.field(validator=_aware)
    end: datetime = attrs.field(validator=_after_start)

    @property
    def minutes(self) -> Decimal:
        """Length in minutes, exact when whole, else to 34 significant digits."""
        return _minutes(_micros(self.end) - _micros(self.start))


def _weight(value: object) -> Decimal:
    weight = to_decimal(value, where="Outage", path="weight")
    if not 0 < weight <= 1:
        message = (
            f"must be in (0, 1], the share of users or sites affected; got {weight}"
        )
        raise ValidationError(message, path="weight", root="Outage")
    return weight


@attrs.frozen(kw_only=True)
class Outage:
    """A period when a service was down, wholly or for a share of its users.

    Parameters
    ----------
    start, end
        The outage, half-open, timezone-aware.
    weight
        Share of users, sites or capacity affected, in (0, 1]; 1 for a full
        outage. Downtime then counts in user-minutes: 30 minutes at 0.25 is 7.5.
    description
        Free text (the incident reference).
    """

    start: datetime = attrs.field(validator=_aware)
    end: datetime = attrs.field(validator=_after_start)
    weight: Decimal = attrs.field(default=Decimal(1), converter=_weight)
    description: str = attrs.field(default="", validator=text)

    @property
    def span(self) -> TimeSpan:
        """The interval of the outage."""
        return TimeSpan(self.start, self.end)


@attrs.frozen(kw_only=True)
class Downtime:
    """Downtime in a measurement window, and the availability it gives.

    Attributes
    ----------
    window_minutes
        Minutes the service was due to be available: the window, less
        maintenance when maintenance leaves the window.
    maintenance_minutes
        Minutes of maintenance inside the window.
    downtime_minutes
        Counted downtime (weighted: user-minutes for partial outages), after
        clipping, merging, removing maintenance and short outages.
    availability
        ``100 * (window - downtime) / window``, in percent, to 34 significant
        digits (exact when it terminates).
    counted
        The stretches of downtime that were counted, merged and clipped.
    ignored
        Stretches of downtime shorter than the minimum qualifying outage.
    """

    window_minutes: Decimal
    maintenance_minutes: Decimal
    downtime_minutes: Decimal
    availability: Decimal
    counted: tuple[TimeSpan, ...]
    ignored: tuple[TimeSpan, ...]


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def _moment(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def _minutes(micros: int | Fraction) -> Decimal:
    value = Fraction(micros) / _MICROSECONDS_PER_MINUTE
    return _PERCENT.divide(Decimal(value.numerator), Decimal(value.denominator))


@checked
def merge_spans(spans: Iterable[TimeSpan]) -> tuple[TimeSpan, ...]:
    """Merge overlapping or touching intervals; the result is sorted and disjoint.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> def at(h, m):
    ...     return datetime(2025, 4, 10, h, m, tzinfo=UTC)
    >>> merged = merge_spans([TimeSpan(at(10, 20), at(10, 50)),
    ...                       TimeSpan(at(10, 0), at(10, 30))])
    >>> [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in merged]
    [('10:00', '10:50')]
    """
    ordered = sorted((_micros(s.start), _micros(s.end)) for s in spans)
    merged: list[list[int]] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(TimeSpan(_moment(a), _moment(b)) for a, b in merged)


@checked
def downtime(
    outages: Sequence[Outage],
    window: TimeSpan,
    *,
    maintenance: Sequence[TimeSpan] = (),
    maintenance_leaves_window: bool = False,
    minimum_outage: timedelta | None = None,
) -> Downtime:
    r"""Return the downtime counted in a window, and the availability it gives.

    Parameters
    ----------
    outages
        What went down, when, and for what share of users.
    window
        The measurement period (a month, say), half-open.
    maintenance
        Agreed maintenance windows: downtime inside them does not count.
    maintenance_leaves_window
        Take maintenance out of the denominator too (a contract option). By
        default it only stops counting as downtime.
    minimum_outage
        Count only stretches of consecutive downtime at least this long ("outages
        of ten consecutive minutes or more").

    Returns
    -------
    Downtime
        The figures, and which stretches were counted or ignored.

    Raises
    ------
    ValidationError
        If an outage or window has naive datetimes or ends before it starts, or
        ``minimum_outage`` is not positive.
    InsufficientDataError
        If maintenance covers the whole window and leaves it, so there is nothing
        to measure.

    Notes
    -----
    Outages are clipped to the window. At each instant the downtime weight is the
    largest weight of the outages covering it — overlapping outages merge, they
    are never summed — and zero inside maintenance (removed once, however many
    outages overlap it). Consecutive instants with downtime form a stretch; a
    stretch shorter than ``minimum_outage`` is ignored. With :math:`W` the
    window's minutes (less maintenance when it leaves the window) and :math:`D`
    the counted weighted downtime, availability is :math:`100 (W - D) / W`, the
    monthly uptime percentage of cloud SLAs [#]_.

    References
    ----------
    .. [#] Amazon Web Services, "Amazon Compute Service Level Agreement":
       monthly uptime percentage from the minutes of unavailability in a month.

    Examples
    --------
    The issue's worked case, April 2025 (43,200 minutes):

    >>> from datetime import UTC, datetime
    >>> def at(d, h, m, month=4):
    ...     return datetime(2025, month, d, h, m, tzinfo=UTC)
    >>> april = TimeSpan(at(1, 0, 0), at(1, 0, 0, month=5))
    >>> outages = [Outage(start=at(31, 23, 50, month=3), end=at(1, 0, 20)),
    ...            Outage(start=at(10, 10, 0), end=at(10, 10, 30)),
    ...            Outage(start=at(10, 10, 20), end=at(10, 10, 50)),
    ...            Outage(start=at(10, 10, 45), end=at(10, 11, 0))]
    >>> upkeep = [TimeSpan(at(10, 10, 40), at(10, 11, 30))]
    >>> result = downtime(outages, april, maintenance=upkeep)
    >>> result.downtime_minutes, result.availability
    (Decimal('60'), Decimal('99.86111111111111111111111111111111'))
    >>> downtime(outages, april, maintenance=upkeep,
    ...          maintenance_leaves_window=True).availability
    Decimal('99.86095017381228273464658169177289')
    """
    # The arguments' kinds are checked on the way in (@checked).
    low, high = _micros(window.start), _micros(window.end)
    weighted = [
        (max(_micros(o.start), low), min(_micros(o.end), high), Fraction(o.weight))
        for o in outages
    ]
    weighted = [(a, b, w) for a, b, w in weighted if a < b]
    upkeep = [
        (max(a, low), min(b, high))
        for a, b in (
            (_micros(s.start), _micros(s.end)) for s in merge_spans(maintenance)
        )
    ]
    upkeep = [(a, b) for a, b in upkeep if a < b]
    segments = _segments(weighted, upkeep, low, high)
    stretches = _stretches(segments)
    shortest = _shortest(minimum_outage)
    counted = [s for s in stretches if s[1] - s[0] >= shortest]
    ignored = [s for s in stretches if s[1] - s[0] < shortest]
    down = sum((s[2] for s in counted), Fraction(0))
    maintained = sum(b - a for a, b in upkeep)
    window_length = (high - low) - (maintained if maintenance_leaves_window else 0)
    if window_length <= 0:
        message = "maintenance covers the whole window, so there is nothing to measure"
        raise InsufficientDataError(message)
    share = (window_length - down) / window_length * _HUNDRED
    return Downtime(
        window_minutes=_minutes(window_length),
        maintenance_minutes=_minutes(maintained),
        downtime_minutes=_minutes(down),
        availability=_PERCENT.divide(
            Decimal(share.numerator), Decimal(share.denominator)
        ),
        counted=tuple(TimeSpan(_moment(a), _moment(b)) for a, b, _ in counted),
        ignored=tuple(TimeSpan(_moment(a), _moment(b)) for a, b, _ in ignored),
    )


def _shortest(minimum_outage: timedelta | None) -> int:
    """Return the minimum qualifying outage in microseconds (0 for none)."""
    if minimum_outage is None:
        return 0
    if minimum_outage <= timedelta(0):
        message = f"expected a positive timedelta, got {minimum_outage!r}"
        raise ValidationError(message, path="minimum_outage", root="downtime")
    return minimum_outage // _MICROSECOND


def _segments(
    weighted: Sequence[tuple[int, int, Fraction]],
    upkeep: Sequence[tuple[int, int]],
    low: int,
    high: int,
) -> list[tuple[int, int, Fraction]]:
    """Cut the window at every boundary; give each piece its downtime weight."""
    cuts = sorted(
        {
            low,
            high,
            *(p for a, b, _ in weighted for p in (a, b)),
            *(p for s in upkeep for p in s),
        }
    )
    pieces = []
    for start, end in itertools.pairwise(cuts):
        if any(a <= start and end <= b for a, b in upkeep):
            continue
        weight = max(
            (w for a, b, w in weighted if a <= start and end <= b), default=Fraction(0)
        )
        if weight:
            pieces.append((start, end, weight))
    return pieces


def _stretches(
    pieces: Sequence[tuple[int, int, Fraction]],
) -> list[tuple[int, int, Fraction]]:
    """Join touching pieces into stretches of consecutive downtime (weighted total)."""
    stretches: list[tuple[int, int, Fraction]] = []
    for start, end, weight in pieces:
        amount = weight * (end - start)
        if stretches and stretches[-1][1] == start:
            first, _, total = stretches[-1]
            stretches[-1] = (first, end, total + amount)
        else:
            stretches.append((start, end, amount))
    return stretches


@checked
def availability(
    outages: Sequence[Outage],
    window: TimeSpan,
    *,
    maintenance: Sequence[TimeSpan] = (),
    maintenance_leaves_window: bool = False,
    minimum_outage: timedelta | None = None,
) -> Decimal:
    """Return availability in percent over ``window`` (see :func:`downtime`).

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> june = (datetime(2025, 6, 1, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC))
    >>> month = TimeSpan(*june)
    >>> out = Outage(start=datetime(2025, 6, 3, 9, tzinfo=UTC),
    ...              end=datetime(2025, 6, 3, 9, 43, 12, tzinfo=UTC))
    >>> availability([out], month)
    Decimal('99.9')
    """
    return downtime(
        outages,
        window,
        maintenance=maintenance,
        maintenance_leaves_window=maintenance_leaves_window,
        minimum_outage=minimum_outage,
    ).availability
