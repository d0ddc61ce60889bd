"""Charges: the commercial models a contract bills by, and unit pricing."""

import enum
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import TypeAlias

import attrs

from accountkit._checked import checked
from accountkit._validators import (
    check_rising,
    check_window,
    fraction_between,
    identifier,
    member_of,
    non_negative_money,
    optional_date,
    optional_decimal,
    optional_non_negative_money,
    plain_date,
    same_currency,
    text,
)
from accountkit.contracts._index import Indexation
from accountkit.errors import ValidationError
from accountkit.money import Money, to_decimal

__all__ = [
    "Charge",
    "FixedFee",
    "Frequency",
    "Milestone",
    "Rate",
    "RateCard",
    "Tier",
    "TierMode",
    "TierUse",
    "TimeAndMaterials",
    "Timing",
    "Unit",
    "UnitPrice",
    "price_units",
    "tier_breakdown",
]


class Frequency(enum.Enum):
    """How often a charge bills."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    ONE_TIME = "one_time"

    @property
    def months(self) -> int | None:
        """Months per billing period; ``None`` for a one-time charge."""
        return {"monthly": 1, "quarterly": 3, "annual": 12}.get(self.value)


class Timing(enum.Enum):
    """Whether a period is billed at its start or after it ends."""

    ADVANCE = "advance"
    """Billed on the first day of the service period."""
    ARREARS = "arrears"
    """Billed on the day after the service period ends."""


class Unit(enum.Enum):
    """The unit a time-and-materials rate is quoted in."""

    HOUR = "hour"
    DAY = "day"


class TierMode(enum.Enum):
    """How a tiered unit price applies to a quantity."""

    GRADUATED = "graduated"
    """Each unit is priced in its own band (like income tax brackets)."""
    VOLUME = "volume"
    """Every unit is priced at the band the whole quantity reaches."""


_ESCALATION = fraction_between(
    Decimal(-1),
    Decimal(1),
    low_open=True,
    meaning=(
        "a yearly change of the fee; a fee that more than doubles in a year is a "
        "new price, for a change request"
    ),
)


@attrs.frozen(kw_only=True)
class FixedFee:
    r"""A fixed amount billed every period (or once).

    Parameters
    ----------
    id
        Identifies the charge within its contract; billing lines carry it.
    amount
        The fee per billing period (per year for ``ANNUAL``), before escalation.
    frequency
        How often it bills.
    timing
        Billed in advance (on the first day of the period, the default) or in
        arrears (on the day after the period).
    escalation_rate
        A yearly uplift as a fraction (``Decimal("0.03")`` for 3%), applied on
        each contract anniversary: in contract year :math:`k` (0 for the first)
        the fee is :math:`amount \times (1 + rate)^k`, rounded to the minor
        unit. ``None`` for no uplift.
    calendar_aligned
        Bill calendar months, quarters or years (periods starting on the 1st of
        January, April, July, October for quarters) rather than periods counted
        from the start of the contract term.
    indexation
        Price reviews against an index (see :class:`Indexation`), instead of a
        fixed escalation rate.
    start, end
        The charge's own window within the term, half-open like a
        :class:`~accountkit.periods.Period`; ``None`` means the term's start or
        end.
    description
        Free text for people.

    Raises
    ------
    ValidationError
        If the amount is negative, the window is empty, a one-time fee has an
        escalation rate or indexation, or a fee has both.
    """

    id: str = attrs.field(validator=identifier)
    amount: Money = attrs.field(validator=non_negative_money)
    frequency: Frequency = attrs.field(validator=member_of(Frequency))
    timing: Timing = attrs.field(default=Timing.ADVANCE, validator=member_of(Timing))
    escalation_rate: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=_ESCALATION
    )
    calendar_aligned: bool = False
    start: date | None = attrs.field(default=None, validator=optional_date)
    end: date | None = attrs.field(default=None, validator=optional_date)
    description: str = attrs.field(default="", validator=text)
    indexation: Indexation | None = None

    def __attrs_post_init__(self) -> None:
        check_window(self, self.start, self.end)
        for field in ("escalation_rate", "indexation"):
            if self.frequency is Frequency.ONE_TIME and getattr(self, field):
                message = "a one-time fee does not escalate; leave it null"
                raise ValidationError(message, path=field, root="FixedFee")
        if self.escalation_rate is not None and self.indexation is not None:
            message = (
                "a fee escalates by a fixed rate or by an index, not both; leave "
                "one null"
            )
            raise ValidationError(message, path="indexation", root="FixedFee")


@attrs.frozen(kw_only=True)
class Rate:
    """The price of one unit of a role's time, from a date on.

    Parameters
    ----------
    role
        The role, as the rate card names it ("senior consultant").
    unit
        Hour or day.
    price
        Price per unit.
    effective_from
        First day the rate applies; it applies until the role's next rate.
    """

    role: str = attrs.field(validator=identifier)
    unit: Unit = attrs.field(validator=member_of(Unit))
    price: Money = attrs.field(validator=non_negative_money)
    effective_from: date = attrs.field(validator=plain_date)


def _rates(_instance: object, _attribute: object, value: tuple[Rate, ...]) -> None:
    if not value:
        message = "a rate card needs at least one rate"
        raise ValidationError(message, path="rates", root="RateCard")
    seen: dict[tuple[str, date], int] = {}
    for index, rate in enumerate(value):
        key = (rate.role, rate.effective_from)
        if key in seen:
            message = (
                f"a second rate for {rate.role!r} from "
                f"{rate.effective_from.isoformat()} (the first is rates[{seen[key]}]); "
                "one role has one rate on a day"
            )
            raise ValidationError(message, path=("rates", index), root="RateCard")
        seen[key] = index
    same_currency(
        "RateCard", ((("rates", i, "price"), r.price) for i, r in enumerate(value))
    )


@attrs.frozen
class RateCard:
    """Effective-dated rates per role.

    A rate change mid-contract is a second rate for the role with a later
    ``effective_from``; the earlier rate applies until the day before.

    Raises
    ------
    ValidationError
        If there are no rates, or two rates for one role start on the same day.
    CurrencyMismatchError
        If the rates are in different currencies.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Money
    >>> card = RateCard((
    ...     Rate(role="engineer", unit=Unit.DAY, price=Money("800", "EUR"),
    ...          effective_from=date(2026, 1, 1)),
    ...     Rate(role="engineer", unit=Unit.DAY, price=Money("840", "EUR"),
    ...          effective_from=date(2027, 1, 1)),
    ... ))
    >>> card.rate_for("engineer", date(2026, 12, 31)).price
    Money('800', 'EUR')
    >>> card.rate_for("engineer", date(2027, 1, 1)).price
    Money('840', 'EUR')
    """

    rates: tuple[Rate, ...] = attrs.field(validator=_rates)

    def rate_for(self, role: str, on: date) -> Rate:
        """Return the rate for ``role`` in effect on ``on``.

        Raises
        ------
        ValidationError
            If the card has no rate for the role in effect on that day.
        """
        candidates = [
            r for r in self.rates if r.role == role and r.effective_from <= on
        ]
        if not candidates:
            roles = sorted({r.role for r in self.rates})
            message = f"no rate for {role!r} on {on.isoformat()} (the card has {roles})"
            raise ValidationError(message, path="role", root="RateCard.rate_for")
        return max(candidates, key=lambda rate: rate.effective_from)

    def changes_within(self, role: str, start: date, end: date) -> list[date]:
        """Return the days in ``(start, end)`` on which ``role``'s rate changes."""
        return sorted(
            r.effective_from
            for r in self.rates
            if r.role == role and start < r.effective_from < end
        )


@attrs.frozen(kw_only=True)
class TimeAndMaterials:
    """Time billed against a rate card, optionally up to a not-to-exceed cap.

    Parameters
    ----------
    id
        Identifies the charge within its contract.
    rate_card
        The rates per role.
    cap
        Not-to-exceed amount over the charge's whole window; billing stops at it.
    start, end
        The charge's own window within the term (``None``: the term's bounds).
    description
        Free text for people.
    indexation
        Price reviews of every rate on the card against an index: a rate in
        review year :math:`k` is the card's rate times the index factor,
        rounded to the minor unit.
    """

    id: str = attrs.field(validator=identifier)
    rate_card: RateCard
    cap: Money | None = attrs.field(default=None, validator=optional_non_negative_money)
    start: date | None = attrs.field(default=None, validator=optional_date)
    end: date | None = attrs.field(default=None, validator=optional_date)
    description: str = attrs.field(default="", validator=text)
    indexation: Indexation | None = None

    def __attrs_post_init__(self) -> None:
        check_window(self, self.start, self.end)
        if self.cap is not None:
            first = self.rate_card.rates[0].price
            same_currency(
                "TimeAndMaterials",
                ((("rate_card", "rates", 0, "price"), first), (("cap",), self.cap)),
            )


def _up_to(value: object) -> Decimal | None:
    bound = optional_decimal(value)
    if bound is not None and bound <= 0:
        message = f"must be positive, got {bound}"
        raise ValidationError(message, path="up_to", root="Tier")
    return bound


@attrs.frozen(kw_only=True)
class Tier:
    """One band of a tiered unit price.

    Parameters
    ----------
    up_to
        Inclusive upper bound of the band, in units; ``None`` for an open last
        band. A band starts just above the previous band's bound.
    unit_price
        Price per unit in this band.
    flat_fee
        A fixed amount added when the band is used (graduated) or reached
        (volume).
    """

    up_to: Decimal | None = attrs.field(converter=_up_to)
    unit_price: Money = attrs.field(validator=non_negative_money)
    flat_fee: Money | None = attrs.field(
        default=None, validator=optional_non_negative_money
    )


def _tiers(_instance: object, _attribute: object, value: tuple[Tier, ...]) -> None:
    if not value:
        message = "at least one tier is needed"
        raise ValidationError(message, path="tiers", root="UnitPrice")
    check_rising(
        [tier.up_to for tier in value],
        start=Decimal(0),
        start_name="the previous tier's",
        where=("UnitPrice", "tiers", "tier"),
    )
    same_currency(
        "UnitPrice",
        (
            (path, amount)
            for index, tier in enumerate(value)
            for path, amount in (
                (("tiers", index, "unit_price"), tier.unit_price),
                (("tiers", index, "flat_fee"), tier.flat_fee),
            )
            if amount is not None
        ),
    )


@attrs.frozen(kw_only=True)
class UnitPrice:
    """A price per unit consumed, in tiers, with an optional minimum commitment.

    Parameters
    ----------
    id
        Identifies the charge within its contract.
    tiers
        The bands, in ascending order of ``up_to``; only the last may be open.
    mode
        Graduated or volume pricing (see :class:`TierMode`).
    unit
        What is counted ("ticket", "device", "GB"), for people.
    minimum
        Minimum commitment per billing period: a period bills at least this.
    frequency
        The billing (and commitment) period: monthly, quarterly or annual.
    start, end
        The charge's own window within the term (``None``: the term's bounds).
    description
        Free text for people.
    indexation
        Price reviews against an index: a billing period's amount (and its
        minimum) is its tiered price times the index factor of the review year
        the period starts in, rounded once to the minor unit.
    """

    id: str = attrs.field(validator=identifier)
    tiers: tuple[Tier, ...] = attrs.field(validator=_tiers)
    mode: TierMode = attrs.field(
        default=TierMode.GRADUATED, validator=member_of(TierMode)
    )
    unit: str = attrs.field(default="unit", validator=identifier)
    minimum: Money | None = attrs.field(
        default=None, validator=optional_non_negative_money
    )
    frequency: Frequency = attrs.field(
        default=Frequency.MONTHLY, validator=member_of(Frequency)
    )
    start: date | None = attrs.field(default=None, validator=optional_date)
    end: date | None = attrs.field(default=None, validator=optional_date)
    description: str = attrs.field(default="", validator=text)
    indexation: Indexation | None = None

    def __attrs_post_init__(self) -> None:
        check_window(self, self.start, self.end)
        if self.frequency is Frequency.ONE_TIME:
            message = "a unit price bills per period: monthly, quarterly or annual"
            raise ValidationError(message, path="frequency", root="UnitPrice")
        if self.minimum is not None:
            same_currency(
                "UnitPrice",
                (
                    (("tiers", 0, "unit_price"), self.tiers[0].unit_price),
                    (("minimum",), self.minimum),
                ),
            )

    @property
    def currency(self) -> str:
        """The currency of the prices."""
        return self.tiers[0].unit_price.currency


@attrs.frozen(kw_only=True)
class Milestone:
    """A fixed amount billed when a deliverable is accepted.

    Parameters
    ----------
    id
        Identifies the charge within its contract.
    amount
        What the milestone bills.
    planned_on
        When acceptance is planned (used by forecasts until it is accepted).
    accepted_on
        When the client accepted the deliverable; ``None`` until then.
    description
        Free text for people.
    """

    id: str = attrs.field(validator=identifier)
    amount: Money = attrs.field(validator=non_negative_money)
    planned_on: date = attrs.field(validator=plain_date)
    accepted_on: date | None = attrs.field(default=None, validator=optional_date)
    description: str = attrs.field(default="", validator=text)


Charge: TypeAlias = FixedFee | TimeAndMaterials | UnitPrice | Milestone
"""Any charge a contract can carry; in JSON, tagged with ``"type"``."""


@attrs.frozen(kw_only=True)
class TierUse:
    """How one tier contributed to a unit price.

    Attributes
    ----------
    tier
        Position of the tier in the price's tiers.
    units
        Units priced in this tier.
    unit_price
        The tier's price per unit.
    flat_fee
        The tier's flat fee, if it applied.
    amount
        ``units * unit_price + flat_fee``.
    """

    tier: int
    units: Decimal
    unit_price: Money
    flat_fee: Money | None
    amount: Money


def _quantity(value: object) -> Decimal:
    quantity = to_decimal(value, where="price_units", path="quantity")
    if quantity < 0:
        message = f"must not be negative, got {quantity}"
        raise ValidationError(message, path="quantity", root="price_units")
    return quantity


def _bands(
    unit_price: UnitPrice,
) -> Iterator[tuple[int, Tier, Decimal, Decimal | None]]:
    lower = Decimal(0)
    for index, tier in enumerate(unit_price.tiers):
        yield index, tier, lower, tier.up_to
        if tier.up_to is not None:
            lower = tier.up_to


@checked
def tier_breakdown(
    unit_price: UnitPrice, quantity: Decimal | int
) -> tuple[TierUse, ...]:
    r"""Return how each tier contributes to the price of ``quantity`` units.

    Parameters
    ----------
    unit_price
        The tiered price.
    quantity
        Units consumed; zero or more, whole or fractional.

    Returns
    -------
    tuple[TierUse, ...]
        One entry per tier used: every band with units in it (graduated), or the
        one band the quantity reaches (volume). Empty for a quantity of zero.

    Raises
    ------
    ValidationError
        If the quantity is negative or above the last tier's bound.

    Notes
    -----
    Bands are bounded above, inclusive [#]_: a band with ``up_to`` :math:`u_i` holds
    the quantities :math:`u_{i-1} < q \le u_i` (with :math:`u_0 = 0`).
    Graduated: :math:`P(q) = \sum_i \left(\mathrm{clip}(q - u_{i-1}, 0,
    u_i - u_{i-1}) \, p_i + f_i [q > u_{i-1}]\right)`, continuous in
    :math:`q` without flat fees. Volume: :math:`P(q) = q \, p_j + f_j` for the
    band :math:`j` holding :math:`q` — a step function with a cliff at each bound.
    A quantity of zero reaches no band and costs nothing.

    References
    ----------
    .. [#] Stripe, "Tiered pricing" (graduated and volume modes, flat amounts per
       tier), Stripe Billing documentation.
    """
    amount_of = _quantity(quantity)
    uses: list[TierUse] = []
    last_bound: Decimal | None = Decimal(0)
    for index, tier, lower, upper in _bands(unit_price):
        last_bound = upper
        if amount_of <= lower:
            break
        if unit_price.mode is TierMode.VOLUME:
            if upper is None or amount_of <= upper:
                uses.append(_use(index, tier, amount_of))
                return tuple(uses)
            continue
        units = amount_of - lower if upper is None else min(amount_of, upper) - lower
        uses.append(_use(index, tier, units))
    else:
        if last_bound is not None and amount_of > last_bound:
            message = f"{amount_of} exceeds the last tier's upper bound {last_bound}"
            raise ValidationError(message, path="quantity", root="price_units")
    return tuple(uses)


def _use(index: int, tier: Tier, units: Decimal) -> TierUse:
    amount = tier.unit_price * units
    if tier.flat_fee is not None:
        amount += tier.flat_fee
    return TierUse(
        tier=index,
        units=units,
        unit_price=tier.unit_price,
        flat_fee=tier.flat_fee,
        amount=amount,
    )


@checked
def price_units(unit_price: UnitPrice, quantity: Decimal | int) -> Money:
    """Return the price of ``quantity`` units under a tiered unit price.

    Exact (not rounded); see :func:`tier_breakdown` for the formula and for how
    each tier contributed.

    Examples
    --------
    >>> from accountkit import Money
    >>> tiers = (
    ...     Tier(up_to=1000, unit_price=Money("0.10", "EUR")),
    ...     Tier(up_to=10000, unit_price=Money("0.05", "EUR")),
    ...     Tier(up_to=None, unit_price=Money("0.01", "EUR")),
    ... )
    >>> price_units(UnitPrice(id="api", tiers=tiers), 15000)
    Money('600.00', 'EUR')
    >>> price_units(UnitPrice(id="api", tiers=tiers, mode=TierMode.VOLUME), 15000)
    Money('150.00', 'EUR')
    """
    uses = tier_breakdown(unit_price, quantity)
    return Money.total((use.amount for use in uses), currency=unit_price.currency)
