"""Service levels and the credit rules that turn a missed level into money."""

import enum
from collections.abc import Sequence
from decimal import Decimal
from typing import TypeAlias

import attrs

from accountkit._checked import checked
from accountkit._validators import (
    count,
    decimal,
    exact_decimal,
    fraction_between,
    identifier,
    member_of,
    optional_decimal,
    text,
)
from accountkit.contracts._charges import Frequency
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money, to_decimal

__all__ = [
    "CreditOutcome",
    "CreditRule",
    "CreditTier",
    "Direction",
    "FlatCredit",
    "LinearShortfallCredit",
    "PointBand",
    "PoolAllocationCredit",
    "ServiceLevel",
    "ServicePoints",
    "TieredCredit",
    "credit_for",
    "meets",
    "rule_credit",
]

_HUNDRED = Decimal(100)


class Direction(enum.Enum):
    """Whether a higher or a lower measurement is better."""

    HIGHER_IS_BETTER = "higher_is_better"
    """Availability, first-time fix rate: met at or above the target."""
    LOWER_IS_BETTER = "lower_is_better"
    """Response time, backlog: met at or below the target."""


_CREDIT_RATE = fraction_between(
    Decimal(0), Decimal(1), meaning="a credit is at most the whole charge"
)
"""Credit rates are fractions of the affected charges, from 0 to 1."""


@attrs.frozen(kw_only=True)
class CreditTier:
    """One band of a :class:`TieredCredit`.

    Parameters
    ----------
    bound
        Where the band ends away from the target: its lower bound (inclusive)
        when higher is better, its upper bound (inclusive) when lower is better.
        ``None`` for the last, open band.
    rate
        Credit as a fraction of the affected charges (``Decimal("0.10")``).
    """

    bound: Decimal | None = attrs.field(
        converter=optional_decimal, validator=exact_decimal
    )
    rate: Decimal = attrs.field(converter=decimal, validator=_CREDIT_RATE)


def _tiers(
    _instance: object, _attribute: object, value: tuple[CreditTier, ...]
) -> None:
    if not value:
        message = "at least one tier is needed"
        raise ValidationError(message, path="tiers", root="TieredCredit")
    if value[-1].bound is not None:
        message = "the last tier must be open (bound null), so every value has a band"
        raise ValidationError(
            message, path=("tiers", len(value) - 1, "bound"), root="TieredCredit"
        )
    never_falls(
        [tier.rate for tier in value],
        ("tiers", "tier", "rate"),
        root="TieredCredit",
        worse="earn a smaller credit",
    )


def never_falls(
    steps: Sequence[Decimal | int],
    names: tuple[str, str, str],
    *,
    root: str,
    worse: str,
    order: str = "run away from the target",
) -> None:
    """Refuse a step table whose values fall away from the target.

    ``names`` are the table's field, one step's noun and the value's name
    (``("tiers", "tier", "rate")``); ``worse`` says what a worse result must
    not do; ``order`` how the steps run.
    """
    field, noun, what = names
    for index in range(1, len(steps)):
        before, value = steps[index - 1], steps[index]
        if value < before:
            message = (
                f"{value} is below the {what} of the {noun} before it ({before}): "
                f"{noun}s {order}, and a worse result must not {worse}"
            )
            raise ValidationError(message, path=(field, index, what), root=root)


@attrs.frozen
class TieredCredit:
    """A step table: the band the measurement falls in sets the credit rate [#]_.

    Bands run away from the target without gaps: when higher is better, the
    first band is ``[bound_1, target)``, the next ``[bound_2, bound_1)``, and the
    last everything below; each band includes its lower bound. When lower is
    better the bands mirror (``(target, bound_1]``, ...), each including its upper
    bound. A measurement that meets the target earns nothing. A rate never
    falls from one tier to the next (a worse result never earns a smaller
    credit): a table whose rates fall is refused, as a tier entered out of
    order would be.

    References
    ----------
    .. [#] Amazon Web Services, "Amazon Compute Service Level Agreement"
       (region-level monthly uptime percentage: below 99.99% but at least 99.0%,
       10% service credit; below 99.0% but at least 95.0%, 30%; below 95.0%,
       100%).

    Examples
    --------
    >>> from decimal import Decimal
    >>> from accountkit import Money
    >>> ec2 = TieredCredit((CreditTier(bound="99.0", rate="0.10"),
    ...                     CreditTier(bound="95.0", rate="0.30"),
    ...                     CreditTier(bound=None, rate="1")))
    >>> level = ServiceLevel(id="region", name="Region", target="99.99", rule=ec2)
    >>> rule_credit(level, Decimal("99.000"), charges=Money("1000", "USD")).amount
    Money('100.00', 'USD')
    """

    tiers: tuple[CreditTier, ...] = attrs.field(validator=_tiers)


@attrs.frozen(kw_only=True)
class LinearShortfallCredit:
    r"""Credit rate equal to the shortfall below the target, in points [#]_.

    :math:`rate = \max(target - actual, 0) / 100` (mirrored when lower is
    better), optionally capped at ``maximum_rate``.

    References
    ----------
    .. [#] UK Government Crown Commercial Service, call-off contract service
       credit regimes (service credit = shortfall below the service level
       percentage, applied to the charges).

    Examples
    --------
    >>> from decimal import Decimal
    >>> from accountkit import Money
    >>> level = ServiceLevel(id="fix", name="Fixes in time", target="98",
    ...                      rule=LinearShortfallCredit())
    >>> rule_credit(level, Decimal("75"), charges=Money("50000", "GBP")).amount
    Money('11500.00', 'GBP')
    """

    maximum_rate: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=_CREDIT_RATE
    )


_SHARE = fraction_between(Decimal(0), Decimal(1), meaning="a share")


@attrs.frozen(kw_only=True)
class PoolAllocationCredit:
    r"""A share of the at-risk amount, by category and service level [#]_.

    :math:`credit = category\_allocation \times allocation \times at\_risk`,
    where the at-risk amount is the regime's at-risk rate times the period's
    invoice.

    References
    ----------
    .. [#] The "at-risk amount / pool allocation percentage" mechanism of US
       IT outsourcing agreements (e.g. state government managed-services
       contracts): each critical service level is allocated a share of a pool,
       and the allocations may not exceed the pool percentage.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from accountkit import Money
    >>> rule = PoolAllocationCredit(category="service desk", category_allocation="0.5",
    ...                             allocation="0.4")
    >>> level = ServiceLevel(id="sd", name="Speed to answer", target="95", rule=rule)
    >>> rule_credit(level, Decimal("90"), charges=Money("100000", "USD"),
    ...             at_risk_amount=Money("10000", "USD")).amount
    Money('2000.00', 'USD')
    """

    category: str = attrs.field(validator=text)
    category_allocation: Decimal = attrs.field(converter=decimal, validator=_SHARE)
    allocation: Decimal = attrs.field(converter=decimal, validator=_SHARE)

    @property
    def share(self) -> Decimal:
        """The share of the at-risk amount this level puts at stake."""
        return self.category_allocation * self.allocation


@attrs.frozen(kw_only=True)
class PointBand:
    """One band of a :class:`ServicePoints` table: a bound and the points it scores.

    ``bound`` works as in :class:`CreditTier`: the band's lower bound (inclusive)
    when higher is better, ``None`` for the last, open band.
    """

    bound: Decimal | None = attrs.field(
        converter=optional_decimal, validator=exact_decimal
    )
    points: int = attrs.field(validator=count)


def _point_bands(
    _instance: object, _attribute: object, value: tuple[PointBand, ...]
) -> None:
    if not value or value[-1].bound is not None:
        message = "needs at least one band, and the last must be open (bound null)"
        raise ValidationError(message, path="bands", root="ServicePoints")
    never_falls(
        [band.points for band in value],
        ("bands", "band", "points"),
        root="ServicePoints",
        worse="score fewer points",
    )


@attrs.frozen(kw_only=True)
class ServicePoints:
    r"""Severity bands award points; a repeat failure scores more [#]_.

    Points in a period are the band's points, times ``repeat_multiplier`` when the
    service level also failed in the previous period. A band never scores fewer
    points than the one before it: a table that does is refused. Money is
    :math:`\max(points - free\_points, 0) \times rate\_per\_point \times
    charges`.

    References
    ----------
    .. [#] UK Government, Model Services Contract, Schedule 7.1 (service points
       per severity band, doubled for a repeat failure in consecutive measurement
       periods, converted to service credits at a rate per point).

    Examples
    --------
    >>> from decimal import Decimal
    >>> from accountkit import Money
    >>> bands = (PointBand(bound="99", points=0), PointBand(bound="98", points=1),
    ...          PointBand(bound="97", points=2), PointBand(bound="96", points=3),
    ...          PointBand(bound=None, points=4))
    >>> rule = ServicePoints(bands=bands, rate_per_point="0.01")
    >>> level = ServiceLevel(id="avail", name="Availability", target="99", rule=rule)
    >>> first = rule_credit(level, Decimal("96.5"), charges=Money("100000", "GBP"))
    >>> second = rule_credit(level, Decimal("98.5"), charges=Money("100000", "GBP"),
    ...                      failed_last_period=True)
    >>> (first.points, first.amount), (second.points, second.amount)
    ((3, Money('3000.00', 'GBP')), (2, Money('2000.00', 'GBP')))
    """

    bands: tuple[PointBand, ...] = attrs.field(validator=_point_bands)
    rate_per_point: Decimal = attrs.field(converter=decimal, validator=_CREDIT_RATE)
    repeat_multiplier: int = 2
    free_points: int = 0


@attrs.frozen(kw_only=True)
class FlatCredit:
    """A fixed share of the charges for each failure.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from accountkit import Money
    >>> level = ServiceLevel(id="report", name="Monthly report on time", target="1",
    ...                      rule=FlatCredit(rate="0.02"))
    >>> rule_credit(level, Decimal("0"), charges=Money("40000", "EUR")).amount
    Money('800.00', 'EUR')
    """

    rate: Decimal = attrs.field(converter=decimal, validator=_CREDIT_RATE)


CreditRule: TypeAlias = (
    TieredCredit
    | LinearShortfallCredit
    | PoolAllocationCredit
    | ServicePoints
    | FlatCredit
)
"""Any credit rule; in JSON, tagged with ``"type"``."""


@attrs.frozen(kw_only=True)
class ServiceLevel:
    """A measured commitment: what is measured, the target, and what a miss costs.

    Parameters
    ----------
    id, name
        How the contract refers to it.
    target
        The level to meet, in the measurement's unit (percent for availability).
    direction
        Whether higher or lower is better.
    critical
        Whether a miss earns a credit (a critical service level) or is only
        reported (a key measurement).
    minimum
        An optional floor (or ceiling, when lower is better) below which
        performance is flagged as a serious failure.
    rule
        How a miss turns into a credit; ``None`` for no credit.
    measurement_period
        How often the level is measured and assessed (monthly by default); the
        assessment takes one measurement per level and period.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    target: Decimal = attrs.field(converter=decimal, validator=exact_decimal)
    direction: Direction = attrs.field(
        default=Direction.HIGHER_IS_BETTER, validator=member_of(Direction)
    )
    critical: bool = True
    minimum: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=exact_decimal
    )
    rule: CreditRule | None = None
    measurement_period: Frequency = attrs.field(
        default=Frequency.MONTHLY, validator=member_of(Frequency)
    )

    def __attrs_post_init__(self) -> None:
        if self.measurement_period is Frequency.ONE_TIME:
            message = (
                "a service level is measured every period: monthly, quarterly or annual"
            )
            raise ValidationError(
                message, path="measurement_period", root="ServiceLevel"
            )
        bounds = _bounds(self.rule)
        # A points table may start with a zero-point band at the target itself.
        inclusive = isinstance(self.rule, ServicePoints)
        for index, bound in enumerate(bounds):
            previous = self.target if index == 0 else bounds[index - 1]
            at_target = inclusive and index == 0 and bound == previous
            if not (at_target or _beyond(bound, previous, self.direction)):
                side = (
                    "below" if self.direction is Direction.HIGHER_IS_BETTER else "above"
                )
                message = (
                    f"bound {bound} must lie {side} {previous} (the target or the "
                    "previous band); bands run away from the target without overlap"
                )
                field = "tiers" if isinstance(self.rule, TieredCredit) else "bands"
                raise ValidationError(
                    message, path=("rule", field, index, "bound"), root="ServiceLevel"
                )


def _bounds(rule: CreditRule | None) -> list[Decimal]:
    if isinstance(rule, TieredCredit):
        return [t.bound for t in rule.tiers if t.bound is not None]
    if isinstance(rule, ServicePoints):
        return [b.bound for b in rule.bands if b.bound is not None]
    return []


def _beyond(bound: Decimal, previous: Decimal, direction: Direction) -> bool:
    if direction is Direction.HIGHER_IS_BETTER:
        return bound < previous
    return bound > previous


@checked
def meets(level: ServiceLevel, measured: Decimal) -> bool:
    """Tell whether ``measured`` meets the level's target (exactly at it is met).

    Examples
    --------
    >>> from decimal import Decimal
    >>> from accountkit import Money
    >>> level = ServiceLevel(id="a", name="Availability", target="99.95")
    >>> meets(level, Decimal("99.95")), meets(level, Decimal("99.9499"))
    (True, False)

    Raises
    ------
    ValidationError
        If ``level`` is not a :class:`ServiceLevel`, or ``measured`` is not
        an exact, finite decimal (a float is a ``TypeError``).
    """
    return _met(level, to_decimal(measured, where="meets", path="measured"))


def _met(level: ServiceLevel, value: Decimal) -> bool:
    if level.direction is Direction.HIGHER_IS_BETTER:
        return value >= level.target
    return value <= level.target


def _in_band(measured: Decimal, bound: Decimal | None, direction: Direction) -> bool:
    if bound is None:
        return True
    if direction is Direction.HIGHER_IS_BETTER:
        return measured >= bound
    return measured <= bound


@attrs.frozen(kw_only=True)
class CreditOutcome:
    """What one service level earns in one period, and why.

    Attributes
    ----------
    met
        Whether the target was met.
    below_minimum
        Whether the measurement was also beyond the minimum level.
    band
        Which band (0-based) the measurement fell in, for banded rules.
    rate
        The credit as a fraction of the charges, where the rule works that way.
    points
        Service points scored, for :class:`ServicePoints`.
    amount
        The credit before any cap, rounded to the minor unit.
    basis
        The rule, band and formula that produced the amount, in words.
    """

    met: bool
    below_minimum: bool
    band: int | None
    rate: Decimal | None
    points: int | None
    amount: Money
    basis: str


@checked
def rule_credit(
    level: ServiceLevel,
    measured: Decimal,
    *,
    charges: Money,
    at_risk_amount: Money | None = None,
    failed_last_period: bool = False,
    rounding: str = DEFAULT_ROUNDING,
) -> CreditOutcome:
    """Return the credit one measurement earns under its service level's rule.

    Parameters
    ----------
    level
        The service level, with its rule.
    measured
        The period's measurement, compared with the target exactly.
    charges
        The charges the credit is a share of (the affected service's, or the
        invoice's).
    at_risk_amount
        The period's at-risk amount; needed by :class:`PoolAllocationCredit`.
    failed_last_period
        Whether the level failed in the previous period (repeat failures score
        more under :class:`ServicePoints`).
    rounding
        Rounding of the amount to the minor unit.

    Raises
    ------
    ValidationError
        If the measurement is not a finite decimal, or a pool rule has no at-risk
        amount.
    """
    return credit_for(
        level,
        to_decimal(measured, where="rule_credit", path="measured"),
        charges=charges,
        at_risk_amount=at_risk_amount,
        failed_last_period=failed_last_period,
        rounding=rounding,
    )


def credit_for(
    level: ServiceLevel,
    value: Decimal,
    *,
    charges: Money,
    at_risk_amount: Money | None,
    failed_last_period: bool,
    rounding: str,
) -> CreditOutcome:
    """Do :func:`rule_credit`'s work on checked arguments (the regime calls this)."""
    met = _met(level, value)
    floor = level.minimum
    below = floor is not None and not _in_band(value, floor, level.direction)
    rule = level.rule
    if met or rule is None or not level.critical:
        why = (
            "target met"
            if met
            else "no credit: "
            + ("no rule" if rule is None else "key measurement, reported only")
        )
        priced = _Priced(Money.zero(charges.currency), why)
    elif isinstance(rule, PoolAllocationCredit):
        if at_risk_amount is None:
            message = "a pool allocation credit needs the period's at-risk amount"
            raise ValidationError(message, path="at_risk_amount", root="rule_credit")
        if at_risk_amount.currency != charges.currency:
            message = (
                f"in {at_risk_amount.currency}, but the charges are in "
                f"{charges.currency}"
            )
            raise CurrencyMismatchError(
                message, path="at_risk_amount", root="rule_credit"
            )
        priced = _Priced(
            at_risk_amount * rule.share,
            f"pool allocation {rule.category_allocation} ({rule.category}) x "
            f"{rule.allocation} x at-risk {at_risk_amount}",
            rate=rule.share,
        )
    else:
        priced = _price(
            rule, level, value, charges, failed_last_period=failed_last_period
        )
    return CreditOutcome(
        met=met,
        below_minimum=below,
        band=priced.band,
        rate=priced.rate,
        points=priced.points,
        amount=priced.amount.rounded(rounding),
        basis=priced.basis,
    )


@attrs.frozen
class _Priced:
    """A rule's exact amount and how it got there."""

    amount: Money
    basis: str
    rate: Decimal | None = None
    band: int | None = None
    points: int | None = None


def _price(
    rule: TieredCredit | LinearShortfallCredit | ServicePoints | FlatCredit,
    level: ServiceLevel,
    value: Decimal,
    charges: Money,
    *,
    failed_last_period: bool,
) -> _Priced:
    """Price a missed level under a rule that works on the charges."""
    if isinstance(rule, TieredCredit):
        band = _band_of(value, [t.bound for t in rule.tiers], level.direction)
        rate = rule.tiers[band].rate
        where = _band_text(rule.tiers, band, level)
        return _Priced(
            charges * rate, f"tier {band + 1} ({where}): {rate} x {charges}", rate, band
        )
    if isinstance(rule, LinearShortfallCredit):
        higher = level.direction is Direction.HIGHER_IS_BETTER
        gap = (level.target - value) if higher else (value - level.target)
        rate = gap / _HUNDRED
        if rule.maximum_rate is not None:
            rate = min(rate, rule.maximum_rate)
        basis = (
            f"shortfall {gap} points below target {level.target}: {rate} x {charges}"
        )
        return _Priced(charges * rate, basis, rate)
    if isinstance(rule, ServicePoints):
        band = _band_of(value, [b.bound for b in rule.bands], level.direction)
        multiplier = rule.repeat_multiplier if failed_last_period else 1
        points = rule.bands[band].points * multiplier
        chargeable = max(points - rule.free_points, 0)
        repeat = (
            f" x {multiplier} (failed last period too)" if failed_last_period else ""
        )
        basis = (
            f"band {band + 1}: {rule.bands[band].points} points{repeat} = {points}; "
            f"{chargeable} chargeable x {rule.rate_per_point} x {charges}"
        )
        return _Priced(
            charges * rule.rate_per_point * chargeable, basis, band=band, points=points
        )
    return _Priced(
        charges * rule.rate, f"flat {rule.rate} x {charges} per failure", rule.rate
    )


def _band_of(value: Decimal, bounds: list[Decimal | None], direction: Direction) -> int:
    """Return the first band (from the target outwards) that holds ``value``."""
    return next(
        i for i, bound in enumerate(bounds) if _in_band(value, bound, direction)
    )


def _band_text(tiers: tuple[CreditTier, ...], band: int, level: ServiceLevel) -> str:
    upper = level.target if band == 0 else tiers[band - 1].bound
    lower = tiers[band].bound
    if level.direction is Direction.HIGHER_IS_BETTER:
        return f"below {upper}" + (f", at least {lower}" if lower is not None else "")
    return f"above {upper}" + (f", at most {lower}" if lower is not None else "")
