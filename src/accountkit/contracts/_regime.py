"""Credit regimes: caps, earnback, incentives, waivers, and the monthly assessment."""

import enum
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

import attrs

from accountkit._checked import checked
from accountkit._validators import (
    check_rising,
    count,
    decimal,
    exact_decimal,
    fraction_between,
    identifier,
    member_of,
    non_negative_decimal,
    optional_decimal,
    positive_money,
    text,
    whole_number,
)
from accountkit.contracts._sla import (
    CreditOutcome,
    Direction,
    PoolAllocationCredit,
    ServiceLevel,
    ServicePoints,
    credit_for,
    never_falls,
)
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money
from accountkit.periods import Period

__all__ = [
    "Adjustment",
    "AdjustmentKind",
    "Combination",
    "CreditRegime",
    "EarnbackMode",
    "EarnbackTerms",
    "Incentive",
    "LevelResult",
    "Measurement",
    "Penalty",
    "PeriodCharges",
    "PeriodResult",
    "PersistentFailure",
    "PointRatchet",
    "RatchetBand",
    "ServiceCreditReport",
    "TerminationTrigger",
    "Waiver",
    "WaiverKind",
    "assess_service_levels",
]

_MONTHS_PER_YEAR = 12


_SHARE = fraction_between(Decimal(0), Decimal(1), meaning="a share of the charges")


def _positive_int(
    instance: object, attribute: "attrs.Attribute[int]", value: object
) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        message = f"expected a whole number >= 1, got {value!r}"
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


class Combination(enum.Enum):
    """How failures of several service levels caused by one incident combine."""

    SUM = "sum"
    """Every failed service level earns its credit."""
    LARGEST = "largest"
    """Only the largest credit from the incident counts."""


class EarnbackMode(enum.Enum):
    """How a credit that may be earned back is handled meanwhile."""

    REFUND = "refund"
    """The credit is taken now and refunded if earned back."""
    HOLD_BACK = "hold_back"
    """The credit is held back, taken only if not earned back."""


@attrs.frozen(kw_only=True)
class EarnbackTerms:
    """A credit is returned if its service level is met in each of the next periods.

    Parameters
    ----------
    periods
        How many following periods must all meet the level.
    mode
        Refund (credit now, repay later) or hold back (credit later, if at all).
    """

    periods: int = attrs.field(validator=_positive_int)
    mode: EarnbackMode = attrs.field(
        default=EarnbackMode.REFUND, validator=member_of(EarnbackMode)
    )


@attrs.frozen(kw_only=True)
class Incentive:
    """A bonus for beating a service level's incentive threshold.

    Parameters
    ----------
    service_level_id
        The service level whose measurement earns it.
    threshold
        Performance strictly beyond this (above when higher is better) earns it.
    rate
        Bonus as a share of the period's charges.
    cap
        Most the bonus may be in a period, as a share of the charges.
    offset_only
        The bonus can only reduce the period's credits (set-off), never add to
        the invoice.
    """

    service_level_id: str = attrs.field(validator=identifier)
    threshold: Decimal = attrs.field(converter=decimal, validator=exact_decimal)
    rate: Decimal = attrs.field(converter=decimal, validator=_SHARE)
    cap: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=_SHARE
    )
    offset_only: bool = False


@attrs.frozen(kw_only=True)
class PersistentFailure:
    """A surcharge when a service level fails often within a rolling window.

    Each block of ``failures`` failures of the level within ``window``
    consecutive periods (the current one included) is one persistent
    failure, and adds a penalty of ``rate`` times the charges of the last
    twelve periods (annual fees): the first at the Nth failure in the
    window, the next at the 2Nth, and so on [#]_. A failure counts towards
    one block only.

    References
    ----------
    .. [#] A published persistent-service-level-failure clause (Crossref and
       CSI): "Ten (10) Service Level #1 failures in a rolling twelve (12)
       month period constitutes a Persistent Service Level Failure", with
       each further one at "a total of twenty (20), thirty (30), forty (40),
       etc." failures in the same rolling period.
    """

    service_level_id: str = attrs.field(validator=identifier)
    failures: int = attrs.field(validator=_positive_int)
    window: int = attrs.field(validator=_positive_int)
    rate: Decimal = attrs.field(converter=decimal, validator=_SHARE)


@attrs.frozen(kw_only=True)
class TerminationTrigger:
    """A right to terminate, reported as a flag, never acted on silently.

    It is reached when the credits are at least ``share`` of the charges in
    ``periods`` of any ``window`` consecutive periods (20% in 2 of any 4).
    """

    share: Decimal = attrs.field(converter=decimal, validator=_SHARE)
    periods: int = attrs.field(validator=_positive_int)
    window: int = attrs.field(validator=_positive_int)


@attrs.frozen(kw_only=True)
class RatchetBand:
    """One band of a :class:`PointRatchet`: the points it reaches and its multiplier.

    ``up_to`` is the last point of the band, counted over all the period's
    points (the free ones included); ``None`` for the last, open band.
    """

    up_to: int | None = attrs.field(validator=attrs.validators.optional(count))
    multiplier: Decimal = attrs.field(converter=decimal, validator=non_negative_decimal)


def _ratchet_bands(
    instance: object, _attribute: object, value: tuple[RatchetBand, ...]
) -> None:
    if not value or value[-1].up_to is not None:
        message = "needs at least one band, and the last must be open (up_to null)"
        raise ValidationError(message, path="bands", root="PointRatchet")
    check_rising(
        [band.up_to for band in value],
        start=instance.free_points if isinstance(instance, PointRatchet) else 0,
        start_name="the free points,",
        where=("PointRatchet", "bands", "band"),
    )
    never_falls(
        [band.multiplier for band in value],
        ("bands", "band", "multiplier"),
        root="PointRatchet",
        worse="cost less a point",
        order="rise with the period's points",
    )


@attrs.frozen(kw_only=True)
class PointRatchet:
    r"""Service points priced together, per period, at a rate that rises by band.

    The points every :class:`ServicePoints` level scores in a period are added
    up; the first ``free_points`` cost nothing, and each point beyond costs
    ``point_value`` times the multiplier of the band it falls in, counted over
    the period's points [#]_. The deduction is shared back to the levels in
    proportion to their points (largest remainder, exact to the minor unit).

    Under a ratchet the levels' own ``rate_per_point`` and ``free_points`` must
    be 0: the ratchet prices their points, and two prices for one point would be
    a guess about which the contract meant.

    Parameters
    ----------
    free_points
        Points a period may score without a deduction (the threshold).
    point_value
        The money one point costs at a multiplier of 1.
    bands
        The ratchet: each band's last point and multiplier, the last band open.

    References
    ----------
    .. [#] UK PPP/PFI payment mechanisms in the style of HM Treasury's
       Standardisation of PFI Contracts (SoPC4): "Ratchet - Service Performance
       Shortfalls", whose worked example frees 20 points a month and values
       points 21-100 at 1.0, 101-200 at 1.2 and 201 upwards at 1.5 times
       GBP 3.00 (ppponline.affinitext.com, book 3131, section 5.2).

    Examples
    --------
    The published example: 120 points in a month cost
    :math:`80 \times 3.00 \times 1.0 + 20 \times 3.00 \times 1.2 = 312.00`.

    >>> from accountkit import Money
    >>> ratchet = PointRatchet(
    ...     free_points=20, point_value=Money("3.00", "GBP"),
    ...     bands=(RatchetBand(up_to=100, multiplier="1.0"),
    ...            RatchetBand(up_to=200, multiplier="1.2"),
    ...            RatchetBand(up_to=None, multiplier="1.5")))
    >>> ratchet.deduction(120)
    Money('312.00', 'GBP')
    >>> ratchet.working(120)
    '120 points, 20 free; 80 x GBP 3.00 x 1.0 + 20 x GBP 3.00 x 1.2 = GBP 312.00'
    """

    free_points: int = attrs.field(validator=count)
    point_value: Money = attrs.field(validator=positive_money)
    bands: tuple[RatchetBand, ...] = attrs.field(validator=_ratchet_bands)

    def _pieces(self, points: int) -> list[tuple[int, Decimal]]:
        """Return (points, multiplier) for each band the points reach."""
        pieces, floor = [], self.free_points
        for band in self.bands:
            top = points if band.up_to is None else min(points, band.up_to)
            if top > floor:
                pieces.append((top - floor, band.multiplier))
            if band.up_to is not None:
                floor = max(floor, band.up_to)
        return pieces

    def deduction(self, points: int, *, rounding: str = DEFAULT_ROUNDING) -> Money:
        """Return what ``points`` in one period cost, rounded once to the minor unit.

        Raises
        ------
        ValidationError
            If ``points`` is not a whole number of at least 0.
        """
        whole_number(points, where="PointRatchet.deduction", path="points", minimum=0)
        exact = Money.total(
            (
                self.point_value * (count_ * multiplier)
                for count_, multiplier in self._pieces(points)
            ),
            currency=self.point_value.currency,
        )
        return exact.rounded(rounding)

    def working(self, points: int, *, rounding: str = DEFAULT_ROUNDING) -> str:
        """Return the deduction for ``points`` with its working, in words."""
        pieces = self._pieces(points)
        terms = " + ".join(
            f"{count_} x {self.point_value} x {multiplier}"
            for count_, multiplier in pieces
        )
        free = f"{points} points, {self.free_points} free"
        if not pieces:
            return f"{free}; nothing to deduct"
        return f"{free}; {terms} = {self.deduction(points, rounding=rounding)}"


@attrs.frozen(kw_only=True)
class CreditRegime:
    """The contract's rules for turning service-level credits into invoice money.

    Parameters
    ----------
    at_risk_rate
        Share of a period's charges at risk: the monthly cap on credits.
    pool_percentage
        For pool-allocated credits, the most the allocations of all critical
        service levels may add up to (2.5 for 250%).
    annual_cap
        Most the credits may total over a year.
    rolling
        Apply the annual cap over the rolling twelve periods ending with each
        period (else over each year of twelve periods from the first).
    minimum_credit
        A period's credits are issued only when strictly greater than this.
    combination
        How failures from one incident combine.
    ratchet
        Prices the period's service points together by band (see
        :class:`PointRatchet`), instead of each level at its own rate.
    earnback, incentives, persistent, termination
        The other mechanisms, if the contract has them.
    """

    at_risk_rate: Decimal = attrs.field(converter=decimal, validator=_SHARE)
    pool_percentage: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=exact_decimal
    )
    annual_cap: Money | None = None
    rolling: bool = False
    minimum_credit: Money | None = None
    combination: Combination = attrs.field(
        default=Combination.SUM, validator=member_of(Combination)
    )
    earnback: EarnbackTerms | None = None
    incentives: tuple[Incentive, ...] = ()
    persistent: tuple[PersistentFailure, ...] = ()
    termination: tuple[TerminationTrigger, ...] = ()
    ratchet: PointRatchet | None = None


@attrs.frozen(kw_only=True)
class Measurement:
    """What a service level achieved in a period.

    ``incident`` links failures of several levels to one cause, for
    :class:`Combination`.
    """

    service_level_id: str = attrs.field(validator=identifier)
    period: Period
    value: Decimal = attrs.field(converter=decimal, validator=exact_decimal)
    incident: str | None = None


@attrs.frozen(kw_only=True)
class PeriodCharges:
    """The invoice amount of a period, before service credits."""

    period: Period
    amount: Money


@attrs.frozen(kw_only=True)
class Penalty:
    """A charge the provider pays beyond credits (late delivery of a report, say)."""

    id: str = attrs.field(validator=identifier)
    period: Period
    amount: Money
    reason: str = attrs.field(default="", validator=text)


class WaiverKind(enum.Enum):
    """Why a credit or penalty is set aside."""

    WAIVER = "waiver"
    """Agreed to set it aside."""
    RELIEF = "relief"
    """The failure was the customer's doing."""


@attrs.frozen(kw_only=True)
class Waiver:
    """Removes all or part of one service level's credit (or one penalty) in a period.

    Parameters
    ----------
    target
        The service level id, or the penalty id, it applies to.
    period
        The period.
    share
        How much of the credit it removes (1 for all).
    reason, approved_by
        The audit trail.
    kind
        A waiver, or relief for a customer-caused failure.
    """

    target: str = attrs.field(validator=identifier)
    period: Period
    reason: str = attrs.field(validator=text)
    approved_by: str = attrs.field(validator=identifier)
    share: Decimal = attrs.field(
        default=Decimal(1), converter=decimal, validator=_SHARE
    )
    kind: WaiverKind = attrs.field(
        default=WaiverKind.WAIVER, validator=member_of(WaiverKind)
    )


class AdjustmentKind(enum.Enum):
    """What an invoice adjustment line is."""

    CREDIT = "credit"
    EARNBACK = "earnback"
    INCENTIVE = "incentive"
    PENALTY = "penalty"
    WAIVER = "waiver"


@attrs.frozen(kw_only=True)
class Adjustment:
    """One line netted against a period's invoice; negative lowers the invoice."""

    kind: AdjustmentKind
    amount: Money
    reference: str
    description: str


@attrs.frozen(kw_only=True)
class LevelResult:
    """One service level in one period: what was measured and what it earned.

    Attributes
    ----------
    measured
        The measurement; ``None`` if none was reported.
    met
        Whether the target was met (``None`` when not measured).
    raw
        The credit the rule gives, before waivers and caps.
    waived
        How much of it waivers or relief removed (``raw = waived + charged``).
    charged
        What remained after waivers and the incident combination.
    issued
        Its share of the period's credit after the minimum, monthly and annual
        caps (the amount an earnback would return).
    basis
        The rule, band and any waiver, in words.
    """

    period: Period
    service_level_id: str
    measured: Decimal | None
    met: bool | None
    band: int | None
    points: int | None
    raw: Money
    waived: Money
    charged: Money
    issued: Money
    basis: str


@attrs.frozen(kw_only=True)
class PeriodResult:
    """One period's credits, the caps that bound them, and the netted invoice.

    Attributes
    ----------
    charges
        The invoice before adjustments.
    at_risk
        The monthly cap: the at-risk rate times the charges.
    raw_total, charged_total
        Credits before and after waivers and incident combination.
    issued_total
        Credits on the invoice, after the minimum and the caps.
    cap
        Which cap bound the credits, if any ("monthly at-risk amount", ...).
    annual_cap_used
        Credits counted against the annual cap so far (this period included).
    flags
        Termination triggers and minimum-level failures, in words.
    adjustments
        The lines netted against the invoice.
    net
        The invoice after adjustments.
    """

    period: Period
    charges: Money
    at_risk: Money
    raw_total: Money
    charged_total: Money
    issued_total: Money
    cap: str | None
    annual_cap_used: Money
    flags: tuple[str, ...]
    adjustments: tuple[Adjustment, ...]
    net: Money


@attrs.frozen(kw_only=True)
class ServiceCreditReport:
    """The assessment of every service level over every period, explained."""

    periods: tuple[PeriodResult, ...]
    levels: tuple[LevelResult, ...]


def _check_inputs(
    levels: Sequence[ServiceLevel],
    regime: CreditRegime,
    measurements: Sequence[Measurement],
    charges: Sequence[PeriodCharges],
) -> tuple[dict[str, ServiceLevel], list[PeriodCharges], str]:
    where = "assess_service_levels"
    known = {level.id: level for level in levels}
    if len(known) != len(levels):
        message = "service level ids must be unique"
        raise ValidationError(message, path="levels", root=where)
    ordered = sorted(charges, key=lambda c: c.period)
    if not ordered:
        message = "at least one period of charges is needed"
        raise ValidationError(message, path="charges", root=where)
    currency = ordered[0].amount.currency
    for index, entry in enumerate(ordered):
        if entry.amount.currency != currency:
            message = f"in {entry.amount.currency}, the other charges are in {currency}"
            raise CurrencyMismatchError(
                message, path=("charges", index, "amount"), root=where
            )
        if index and entry.period.overlap(ordered[index - 1].period) is not None:
            message = "periods of charges overlap"
            raise ValidationError(
                message, path=("charges", index, "period"), root=where
            )
    periods = {c.period for c in ordered}
    for index, measurement in enumerate(measurements):
        if measurement.service_level_id not in known:
            message = (
                f"no service level {measurement.service_level_id!r} "
                f"(known: {sorted(known)})"
            )
            raise ValidationError(
                message, path=("measurements", index, "service_level_id"), root=where
            )
        if measurement.period not in periods:
            message = "not one of the contract's charged periods"
            raise ValidationError(
                message, path=("measurements", index, "period"), root=where
            )
    _check_references(known, regime, where)
    _check_pool(levels, regime, where)
    check_ratchet(levels, regime, currency, where)
    return known, ordered, currency


def check_ratchet(
    levels: Sequence[ServiceLevel], regime: CreditRegime, currency: str, where: str
) -> None:
    """Refuse a ratchet with nothing to price, in another currency, or twice priced."""
    ratchet = regime.ratchet
    if ratchet is None:
        return
    if ratchet.point_value.currency != currency:
        message = f"in {ratchet.point_value.currency}, the charges are in {currency}"
        raise CurrencyMismatchError(
            message, path=("regime", "ratchet", "point_value"), root=where
        )
    scored = [
        (index, level.rule)
        for index, level in enumerate(levels)
        if isinstance(level.rule, ServicePoints)
    ]
    if not scored:
        message = "the ratchet prices service points, and no service level scores any"
        raise ValidationError(message, path=("regime", "ratchet"), root=where)
    for index, rule in scored:
        for field in ("rate_per_point", "free_points"):
            if getattr(rule, field):
                message = (
                    f"must be 0 under the regime's ratchet, which prices the points "
                    f"(got {getattr(rule, field)})"
                )
                raise ValidationError(
                    message, path=("levels", index, "rule", field), root=where
                )


def _check_references(
    known: dict[str, ServiceLevel], regime: CreditRegime, where: str
) -> None:
    """Refuse a persistent-failure rule or incentive on a level not assessed.

    Either would otherwise never fire, silently: a typo in a level id would
    waive a penalty or an incentive the contract provides.
    """
    rules: tuple[tuple[str, Sequence[PersistentFailure | Incentive]], ...] = (
        ("persistent", regime.persistent),
        ("incentives", regime.incentives),
    )
    for field, listed in rules:
        for index, rule in enumerate(listed):
            if rule.service_level_id not in known:
                message = (
                    f"no service level {rule.service_level_id!r} "
                    f"(known: {sorted(known)})"
                )
                path = ("regime", field, index, "service_level_id")
                raise ValidationError(message, path=path, root=where)


def _check_pool(
    levels: Sequence[ServiceLevel], regime: CreditRegime, where: str
) -> None:
    if regime.pool_percentage is not None:
        total = sum(
            (
                level.rule.share
                for level in levels
                if level.critical and isinstance(level.rule, PoolAllocationCredit)
            ),
            Decimal(0),
        )
        if total > regime.pool_percentage:
            message = (
                f"pool allocations of the critical service levels add up to {total}, "
                f"above the pool percentage {regime.pool_percentage}"
            )
            raise ValidationError(message, path="levels", root=where)


@checked
def assess_service_levels(
    levels: Sequence[ServiceLevel],
    regime: CreditRegime,
    *,
    measurements: Sequence[Measurement],
    charges: Sequence[PeriodCharges],
    waivers: Sequence[Waiver] = (),
    penalties: Sequence[Penalty] = (),
    rounding: str = DEFAULT_ROUNDING,
) -> ServiceCreditReport:
    r"""Assess every service level in every period and net the result into invoices.

    The mechanics follow common outsourcing practice [#]_.

    Parameters
    ----------
    levels
        The contract's service levels.
    regime
        Caps, minimum credit, earnback, incentives, persistent failures and
        termination triggers.
    measurements
        What each level achieved in each period.
    charges
        The invoice amount of each period, before credits; it also sets the
        periods assessed, in order.
    waivers
        Waivers and relief, by service level (or penalty) and period.
    penalties
        Other penalties to net into the invoices.
    rounding
        Rounding of credits to the minor unit.

    Returns
    -------
    ServiceCreditReport
        Per period and service level, every figure with the rule, band and cap
        behind it, and the invoice adjustments.

    Raises
    ------
    ValidationError
        For a measurement of an unknown service level or outside the charged
        periods, overlapping periods, or pool allocations above the pool.

    Notes
    -----
    For each period, in this order:

    1. each critical level's credit from its rule (:func:`rule_credit`), its
       repeat-failure state carried from the previous period; under a
       :class:`PointRatchet` the period's service points are priced together
       and shared back to their levels by points;
    2. waivers remove their share of the level's credit;
    3. failures sharing an incident combine by the regime's
       :class:`Combination`;
    4. the total is issued only if strictly greater than the minimum credit;
    5. it is capped at the at-risk amount (``at_risk_rate * charges``) — several
       failures sum, then cap — and then at what is left of the annual cap;
    6. the issued total is apportioned back to the levels by their charged
       credits (largest remainder), which is what an earnback returns;
    7. persistent-failure surcharges and penalties are added, waivers of
       penalties netted, incentives added (set-off ones only up to the credits),
       earnbacks due this period returned;
    8. termination triggers are checked and reported as flags.

    Earnback: a credit issued for a level in period :math:`p` is returned in
    period :math:`p + N` if the level met its target in each of periods
    :math:`p+1 \dots p+N`; it is forfeited as soon as one of them fails, or if
    :math:`p + N` lies beyond the last period. With ``HOLD_BACK`` the credit is
    not taken in :math:`p` but in the period it is forfeited.

    References
    ----------
    .. [#] Gartner and ISG outsourcing practice: at-risk amount, pool allocation,
       earnback and performance-credit mechanics as used in US managed-services
       contracts; UK Model Services Contract Schedule 7.1 (service credit caps).

    Examples
    --------
    Three failures in a month sum, then cap at the at-risk amount (10% of
    $100,000): $2,000 + $5,000 + $6,000 = $13,000, issued $10,000.

    >>> from accountkit import Money, Period
    >>> from accountkit.contracts import (CreditRegime, FlatCredit, Measurement,
    ...                                   PeriodCharges, ServiceLevel)
    >>> month = Period.month(2026, 1)
    >>> levels = [ServiceLevel(id=f"sl{i}", name=f"SL {i}", target="99",
    ...                        rule=FlatCredit(rate=rate))
    ...           for i, rate in enumerate(("0.02", "0.05", "0.06"))]
    >>> report = assess_service_levels(
    ...     levels, CreditRegime(at_risk_rate="0.10"),
    ...     measurements=[
    ...         Measurement(service_level_id=f"sl{i}", period=month, value="90")
    ...         for i in range(3)
    ...     ],
    ...     charges=[PeriodCharges(period=month, amount=Money("100000", "USD"))])
    >>> result = report.periods[0]
    >>> print(result.raw_total, "->", result.issued_total, "|", result.cap)
    USD 13,000.00 -> USD 10,000.00 | monthly at-risk amount
    >>> print(result.net)
    USD 90,000.00
    """
    walk = _Walk(
        levels, regime, measurements, charges, waivers=waivers, rounding=rounding
    )
    for index, entry, rows, at_risk, issued in walk:
        walk.state.assess(
            index,
            entry,
            rows,
            issued,
            at_risk=at_risk,
            ordered=walk.ordered,
            measured=walk.measured,
            waivers=waivers,
            penalties=penalties,
            rounding=rounding,
        )
    return ServiceCreditReport(
        periods=tuple(walk.state.period_results), levels=tuple(walk.state.levels)
    )


class IssuedPeriod(NamedTuple):
    """What a period issued, and which levels met their targets in it."""

    period: Period
    charges: Money
    issued: Money
    """The credits issued (after the minimum credit and the caps)."""
    met: tuple[tuple[str, bool | None], ...]
    """Each level's id and whether it met its target (None: not measured)."""


def issued_credits(
    levels: Sequence[ServiceLevel],
    regime: CreditRegime,
    *,
    measurements: Sequence[Measurement],
    charges: Sequence[PeriodCharges],
    waivers: Sequence[Waiver] = (),
    rounding: str = DEFAULT_ROUNDING,
) -> list[IssuedPeriod]:
    """Return each period's issued credits: :func:`assess_service_levels` up to them.

    The same checks of the inputs against each other and the same walk
    through the periods (one implementation: the report is built on this
    walk), without the report around the figures: no allocation to the
    levels, adjustments, flags or net invoice. The arguments' types are not
    checked again: for callers whose inputs are validated models and that
    need only the totals (the account review); not in the public API.
    """
    return [
        IssuedPeriod(
            entry.period,
            entry.amount,
            issued.total,
            tuple(
                (row.level.id, None if row.outcome is None else row.outcome.met)
                for row in rows
            ),
        )
        for _, entry, rows, _, issued in _Walk(
            levels, regime, measurements, charges, waivers=waivers, rounding=rounding
        )
    ]


class _Walk:
    """The periods of an assessment in order, each with its rows and issued total.

    Iterating assesses each level of each period (:meth:`_State.row`) and
    works out what the period issues (:meth:`_State.issue`), carrying the
    repeat failures and the annual cap from period to period.
    """

    def __init__(
        self,
        levels: Sequence[ServiceLevel],
        regime: CreditRegime,
        measurements: Sequence[Measurement],
        charges: Sequence[PeriodCharges],
        *,
        waivers: Sequence[Waiver],
        rounding: str,
    ) -> None:
        known, self.ordered, currency = _check_inputs(
            levels, regime, measurements, charges
        )
        self.state = _State(
            known=known, regime=regime, periods=len(self.ordered), currency=currency
        )
        self.measured = {(m.service_level_id, m.period): m for m in measurements}
        self._levels, self._relief = levels, (waivers, rounding)

    def __iter__(
        self,
    ) -> Iterator[tuple[int, PeriodCharges, list["_Row"], Money, "_Issued"]]:
        state, (_, rounding) = self.state, self._relief
        for index, entry in enumerate(self.ordered):
            at_risk = (entry.amount * state.regime.at_risk_rate).rounded(rounding)
            rows = [
                state.row(
                    level,
                    self.measured.get((level.id, entry.period)),
                    entry,
                    at_risk,
                    self._relief,
                )
                for level in self._levels
            ]
            if state.regime.ratchet is not None:
                _ratchet(rows, state.regime.ratchet, entry.period, self._relief)
            yield index, entry, rows, at_risk, state.issue(index, rows, at_risk)


def _ratchet(
    rows: Sequence["_Row"],
    ratchet: PointRatchet,
    period: Period,
    relief: tuple[Sequence[Waiver], str],
) -> None:
    """Price the period's points together and share the deduction by points."""
    waivers, rounding = relief
    scoring = [
        row
        for row in rows
        if row.outcome is not None
        and row.outcome.points
        and isinstance(row.level.rule, ServicePoints)
    ]
    if not scoring:
        return
    points = [row.outcome.points or 0 for row in scoring if row.outcome is not None]
    total = sum(points)
    working = ratchet.working(total, rounding=rounding)
    shares = ratchet.deduction(total, rounding=rounding).allocate(points)
    for row, scored, share in zip(scoring, points, shares, strict=True):
        # The rule's own words up to its pricing: "band 2: 1 points x 2 (...) = 2".
        scoring_text = row.basis.split("; ", 1)[0]
        row.raw = share
        row.waived = _waived(waivers, row.level.id, period, share, rounding)
        row.basis = (
            f"{scoring_text}; {share} for its {scored} of the period's points "
            f"under the ratchet: {working}"
        ) + _waiver_note(waivers, row.level.id, period)


@attrs.define
class _Row:
    level: ServiceLevel
    measurement: Measurement | None
    outcome: CreditOutcome | None
    raw: Money
    waived: Money
    basis: str


class _Issued(NamedTuple):
    """What a period issues, and the figures on the way there."""

    charged: list[Money]
    """Each level's credit after waivers and incident combination."""
    charged_total: Money
    total: Money
    """Issued: after the minimum credit, the at-risk amount and the annual cap."""
    cap: str | None
    used: Money
    """The annual cap used before this period."""


@attrs.define
class _Held:
    """A credit that may still be earned back."""

    issued_in: int
    level_id: str
    amount: Money
    held_back: bool


@attrs.define
class _State:
    known: dict[str, ServiceLevel]
    regime: CreditRegime
    periods: int
    currency: str
    failures: dict[str, list[bool]] = attrs.field(factory=dict)
    counted: dict[int, set[int]] = attrs.field(factory=dict)
    """Per persistent-failure rule, the failures already in a penalised block."""
    issued: list[Money] = attrs.field(factory=list)
    open_earnbacks: list[_Held] = attrs.field(factory=list)
    triggers: dict[int, list[bool]] = attrs.field(factory=dict)
    levels: list[LevelResult] = attrs.field(factory=list)
    period_results: list[PeriodResult] = attrs.field(factory=list)

    @property
    def zero(self) -> Money:
        return Money.zero(self.currency)

    def row(
        self,
        level: ServiceLevel,
        found: Measurement | None,
        entry: PeriodCharges,
        at_risk: Money,
        relief: tuple[Sequence[Waiver], str],
    ) -> _Row:
        """Assess one level in one period: ``relief`` is (waivers, rounding)."""
        waivers, rounding = relief
        history = self.failures.setdefault(level.id, [])
        if found is None:
            history.append(False)
            return _Row(level, None, None, self.zero, self.zero, "not measured")
        outcome = credit_for(
            level,
            found.value,
            charges=entry.amount,
            at_risk_amount=at_risk,
            failed_last_period=bool(history) and history[-1],
            rounding=rounding,
        )
        history.append(not outcome.met)
        if not waivers:
            return _Row(level, found, outcome, outcome.amount, self.zero, outcome.basis)
        waived = _waived(waivers, level.id, entry.period, outcome.amount, rounding)
        basis = outcome.basis + _waiver_note(waivers, level.id, entry.period)
        return _Row(level, found, outcome, outcome.amount, waived, basis)

    def issue(self, index: int, rows: Sequence[_Row], at_risk: Money) -> "_Issued":
        """Work out what the period at ``index`` issues, and record it."""
        regime, currency = self.regime, self.currency
        incidents = [
            None if r.measurement is None else r.measurement.incident for r in rows
        ]
        charged = _combine(
            [r.raw - r.waived for r in rows], incidents, regime.combination
        )
        charged_total = Money.total(charged, currency=currency)
        issued_total, cap = charged_total, None
        if regime.minimum_credit is not None and charged_total <= regime.minimum_credit:
            issued_total = self.zero
            cap = f"at or below the minimum credit {regime.minimum_credit}"
        if issued_total > at_risk:
            issued_total, cap = at_risk, "monthly at-risk amount"
        used = self._annual_used(index)
        if regime.annual_cap is not None and used + issued_total > regime.annual_cap:
            issued_total, cap = max(regime.annual_cap - used, self.zero), "annual cap"
        self.issued.append(issued_total)
        return _Issued(charged, charged_total, issued_total, cap, used)

    def assess(
        self,
        index: int,
        entry: PeriodCharges,
        rows: Sequence[_Row],
        issued: "_Issued",
        *,
        at_risk: Money,
        ordered: Sequence[PeriodCharges],
        measured: dict[tuple[str, Period], Measurement],
        waivers: Sequence[Waiver],
        penalties: Sequence[Penalty],
        rounding: str,
    ) -> None:
        """Build the period's results on what it issues (:meth:`issue`)."""
        regime, currency = self.regime, self.currency
        invoice = entry.amount
        charged, charged_total, issued_total, cap, used = issued
        if issued_total.amount:
            # only what was charged can be issued (the caps only lower it),
            # so some charged credit is positive: the levels share by them
            parts = issued_total.allocate([c.amount for c in charged])
        else:
            # nothing issued: each level's part is this zero. Every total here
            # is written to the minor unit or finer (rounded credits and
            # at-risk amounts, zeros, the annual cap less rounded credits), and
            # allocate writes its parts in exactly that unit.
            parts = [issued_total] * len(rows)
        held_now = self.zero
        for row, charge, part in zip(rows, charged, parts, strict=True):
            self.levels.append(_level_result(entry.period, row, charge, part))
            if part.amount and regime.earnback is not None:
                hold = regime.earnback.mode is EarnbackMode.HOLD_BACK
                self.open_earnbacks.append(_Held(index, row.level.id, part, hold))
                if hold:
                    held_now += part
        adjustments: list[Adjustment] = []
        taken = issued_total - held_now
        if taken.amount:
            # Held back is all or nothing (the regime's mode), so what is taken
            # here was never held back.
            description = f"service credits {charged_total}" + (
                f", {cap}" if cap else ""
            )
            adjustments.append(
                _line(AdjustmentKind.CREDIT, -taken, "service credits", description)
            )
        adjustments += self._earnbacks(index)
        adjustments += _penalties(penalties, waivers, entry.period, currency, rounding)
        adjustments += self._persistent(index, ordered, rounding)
        adjustments += _incentives(
            regime,
            known=self.known,
            measured=measured,
            period=entry.period,
            invoice=invoice,
            credit_total=taken,
            rounding=rounding,
        )
        flags = self._flags(rows, issued_total, invoice)
        net = invoice + Money.total((a.amount for a in adjustments), currency=currency)
        self.period_results.append(
            PeriodResult(
                period=entry.period,
                charges=invoice,
                at_risk=at_risk,
                raw_total=Money.total((r.raw for r in rows), currency=currency),
                charged_total=charged_total,
                issued_total=issued_total,
                cap=cap,
                annual_cap_used=used + issued_total,
                flags=flags,
                adjustments=tuple(adjustments),
                net=net,
            )
        )

    def _annual_used(self, index: int) -> Money:
        if self.regime.rolling:
            window = self.issued[max(0, index - (_MONTHS_PER_YEAR - 1)) : index]
        else:
            window = self.issued[(index // _MONTHS_PER_YEAR) * _MONTHS_PER_YEAR : index]
        return Money.total(window, currency=self.currency)

    def _earnbacks(self, index: int) -> list[Adjustment]:
        terms = self.regime.earnback
        if terms is None:
            return []
        lines = []
        for held in list(self.open_earnbacks):
            if held.issued_in == index:
                continue
            due = held.issued_in + terms.periods
            failed = any(self.failures[held.level_id][held.issued_in + 1 : index + 1])
            runs_past_end = due >= self.periods and index == self.periods - 1
            if failed or runs_past_end:
                self.open_earnbacks.remove(held)
                why = (
                    "failed again" if failed else "the window runs past the last period"
                )
                if held.held_back:
                    lines.append(
                        _line(
                            AdjustmentKind.CREDIT,
                            -held.amount,
                            held.level_id,
                            f"held-back credit forfeited: {why}",
                        )
                    )
            elif index == due:
                self.open_earnbacks.remove(held)
                if not held.held_back:
                    lines.append(
                        _line(
                            AdjustmentKind.EARNBACK,
                            held.amount,
                            held.level_id,
                            f"earned back: met in each of {terms.periods} periods",
                        )
                    )
        return lines

    def _persistent(
        self, index: int, ordered: Sequence[PeriodCharges], rounding: str
    ) -> list[Adjustment]:
        """Penalties for persistent failures in the period at ``index``.

        A persistent failure is each block of ``failures`` failures of the
        level within the rolling window: the first at the Nth failure, the
        next at the 2Nth, and so on. A failure counts towards one block only;
        a failure beyond the block (the N+1th) adds nothing until a new block
        is complete.
        """
        lines = []
        for number, rule in enumerate(self.regime.persistent):
            history = self.failures[rule.service_level_id]
            if not history[index]:
                continue
            used = self.counted.setdefault(number, set())
            start = max(0, index + 1 - rule.window)
            fresh = [
                at for at in range(start, index + 1) if history[at] and at not in used
            ]
            if len(fresh) < rule.failures:
                continue
            used.update(fresh[: rule.failures])
            year = ordered[max(0, index + 1 - _MONTHS_PER_YEAR) : index + 1]
            fees = Money.total((c.amount for c in year), currency=self.currency)
            amount = (fees * rule.rate).rounded(rounding)
            lines.append(
                _line(
                    AdjustmentKind.PENALTY,
                    -amount,
                    rule.service_level_id,
                    f"persistent failure: {rule.failures} failures in "
                    f"{rule.window} periods not yet counted; {rule.rate} x "
                    f"annual fees {fees}",
                )
            )
        return lines

    def _flags(
        self, rows: Sequence[_Row], issued: Money, invoice: Money
    ) -> tuple[str, ...]:
        flags = [
            f"{row.level.id} below its minimum service level"
            for row in rows
            if row.outcome is not None and row.outcome.below_minimum
        ]
        for number, trigger in enumerate(self.regime.termination):
            history = self.triggers.setdefault(number, [])
            history.append(
                invoice.amount > 0 and issued.amount >= invoice.amount * trigger.share
            )
            recent = history[-trigger.window :]
            if history[-1] and sum(recent) >= trigger.periods:
                flags.append(
                    f"termination trigger: credits of at least {trigger.share} of the "
                    f"charges in {sum(recent)} of the last {len(recent)} periods "
                    f"({trigger.periods} of any {trigger.window})"
                )
        return tuple(flags)


def _line(
    kind: AdjustmentKind, amount: Money, reference: str, description: str
) -> Adjustment:
    return Adjustment(
        kind=kind, amount=amount, reference=reference, description=description
    )


def _level_result(
    period: Period, row: _Row, charged: Money, issued: Money
) -> LevelResult:
    outcome = row.outcome
    return LevelResult(
        period=period,
        service_level_id=row.level.id,
        measured=None if row.measurement is None else row.measurement.value,
        met=None if outcome is None else outcome.met,
        band=None if outcome is None else outcome.band,
        points=None if outcome is None else outcome.points,
        raw=row.raw,
        waived=row.waived,
        charged=charged,
        issued=issued,
        basis=row.basis,
    )


def _waived(
    waivers: Sequence[Waiver], target: str, period: Period, amount: Money, rounding: str
) -> Money:
    share = min(
        sum(
            (w.share for w in waivers if w.target == target and w.period == period),
            Decimal(0),
        ),
        Decimal(1),
    )
    return (amount * share).rounded(rounding) if share else Money.zero(amount.currency)


def _waiver_note(waivers: Sequence[Waiver], target: str, period: Period) -> str:
    return "".join(
        f"; {w.kind.value} of {w.share} ({w.reason}, approved by {w.approved_by})"
        for w in waivers
        if w.target == target and w.period == period
    )


def _combine(
    amounts: Sequence[Money], incidents: Sequence[str | None], combination: Combination
) -> list[Money]:
    """Keep only the largest credit per incident when combination is LARGEST."""
    result = list(amounts)
    if combination is Combination.SUM:
        return result
    for incident in {i for i in incidents if i is not None}:
        members = [k for k, i in enumerate(incidents) if i == incident]
        keep = max(members, key=lambda k: (amounts[k].amount, -k))
        for k in members:
            if k != keep:
                result[k] = Money.zero(amounts[k].currency)
    return result


def _penalties(
    penalties: Sequence[Penalty],
    waivers: Sequence[Waiver],
    period: Period,
    currency: str,
    rounding: str,
) -> list[Adjustment]:
    lines: list[Adjustment] = []
    for index, penalty in enumerate(penalties):
        if penalty.period != period:
            continue
        if penalty.amount.currency != currency:
            message = f"in {penalty.amount.currency}, the charges are in {currency}"
            raise CurrencyMismatchError(
                message,
                path=("penalties", index, "amount"),
                root="assess_service_levels",
            )
        lines.append(
            _line(
                AdjustmentKind.PENALTY,
                -penalty.amount,
                penalty.id,
                penalty.reason or "penalty",
            )
        )
        waived = _waived(waivers, penalty.id, period, penalty.amount, rounding)
        if waived.amount:
            note = _waiver_note(waivers, penalty.id, period).removeprefix("; ")
            lines.append(_line(AdjustmentKind.WAIVER, waived, penalty.id, note))
    return lines


def _incentives(
    regime: CreditRegime,
    *,
    known: dict[str, ServiceLevel],
    measured: dict[tuple[str, Period], Measurement],
    period: Period,
    invoice: Money,
    credit_total: Money,
    rounding: str,
) -> list[Adjustment]:
    lines = []
    room = credit_total
    for incentive in regime.incentives:
        level = known[incentive.service_level_id]  # checked on the way in
        found = measured.get((incentive.service_level_id, period))
        if found is None:
            continue
        higher = level.direction is Direction.HIGHER_IS_BETTER
        beyond = (
            found.value > incentive.threshold
            if higher
            else found.value < incentive.threshold
        )
        if not beyond:
            continue
        bonus = (invoice * incentive.rate).rounded(rounding)
        if incentive.cap is not None:
            bonus = min(bonus, (invoice * incentive.cap).rounded(rounding))
        note = (
            f"incentive: {found.value} beyond {incentive.threshold}; "
            f"{incentive.rate} x {invoice}"
        )
        if incentive.offset_only:
            bonus = min(bonus, room)
            room -= bonus
            note += ", set off against credits only"
        if bonus.amount:
            lines.append(_line(AdjustmentKind.INCENTIVE, bonus, level.id, note))
    return lines
