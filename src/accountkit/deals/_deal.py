"""The deal being priced: effort, rates, costs, risk, indexation and terms."""

import enum
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs

from accountkit._validators import (
    check_unique_ids,
    decimal,
    fraction_between,
    identifier,
    member_of,
    non_negative_decimal,
    non_negative_money,
    optional_decimal,
    optional_non_negative_money,
    plain_date,
    text,
    tuple_of,
    whole_number,
)
from accountkit.contracts import PaymentTerms
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import Money, check_currency
from accountkit.periods import Period, add_months

__all__ = ["MAX_DEAL_YEARS", "CostKind", "Deal", "DealCost", "Effort", "RoleRate"]

MAX_DEAL_YEARS: Final = 15
"""The longest deal priced, in years."""
_MONTHS_PER_YEAR: Final = 12
_NET_30 = PaymentTerms.net(30)
_RATE = fraction_between(Decimal(0), Decimal(1), meaning="a yearly rate, 0.03 for 3%")


def _year(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    whole_number(value, where=type(instance).__name__, path=attribute.name, minimum=1)


@attrs.frozen(kw_only=True)
class RoleRate:
    """What a day of one role is sold for and what it costs.

    Parameters
    ----------
    role
        The role (``architect``).
    price
        Its day rate on the rate card (list price), in the deal's first year.
    cost
        Its fully loaded day cost in the deal's first year.
    """

    role: str = attrs.field(validator=identifier)
    price: Money = attrs.field(validator=non_negative_money)
    cost: Money = attrs.field(validator=non_negative_money)


@attrs.frozen(kw_only=True)
class Effort:
    """The days one role works in one year of the deal.

    Parameters
    ----------
    role
        A role on the deal's rate card.
    deal_year
        The year of the deal, 1 for the first. A phased plan puts each phase's
        effort in the years it runs.
    days
        Working days (fractions allowed).
    unit
        The business unit that delivers it; ``None`` for the deal's lead unit.
    """

    role: str = attrs.field(validator=identifier)
    deal_year: int = attrs.field(validator=_year)
    days: Decimal = attrs.field(converter=decimal, validator=non_negative_decimal)
    unit: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )


class CostKind(enum.Enum):
    """What a cost outside the delivery effort is for."""

    TRANSITION = "transition"
    """Taking the service over: knowledge transfer, set-up, tooling."""
    RAMP_UP = "ramp_up"
    """The team not yet at full productivity: shadowing, parallel running."""
    PASS_THROUGH = "pass_through"  # noqa: S105 - a cost kind, not a password
    """Bought in and recharged to the client (licences, hardware, travel)."""
    OTHER = "other"
    """Any other cost of the deal, recovered through the price."""


_MARKUP = fraction_between(
    Decimal(0), Decimal(10), meaning="a pass-through markup, 0.05 for 5%"
)


@attrs.frozen(kw_only=True)
class DealCost:
    """A cost of the deal other than its delivery effort.

    Parameters
    ----------
    id
        Identifies it within the deal.
    kind
        Transition, ramp-up, pass-through or other.
    deal_year
        The year of the deal it falls in, 1 for the first.
    amount
        What it costs us.
    markup_rate
        What a pass-through cost is recharged at over its cost (0.05 for
        5%); 0 for every other kind, whose cost is recovered through the
        price.
    unit
        The business unit that bears it; ``None`` for the deal's lead unit.
    description
        Free text for people.
    """

    id: str = attrs.field(validator=identifier)
    kind: CostKind = attrs.field(validator=member_of(CostKind))
    deal_year: int = attrs.field(validator=_year)
    amount: Money = attrs.field(validator=non_negative_money)
    markup_rate: Decimal = attrs.field(
        default=Decimal(0), converter=decimal, validator=_MARKUP
    )
    unit: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )
    description: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if self.markup_rate and self.kind is not CostKind.PASS_THROUGH:
            message = (
                f"only a pass-through cost is recharged with a markup; a "
                f"{self.kind.value} cost is recovered through the price, got "
                f"{self.markup_rate}"
            )
            raise ValidationError(message, path="markup_rate", root="DealCost")


def _decimals(value: object) -> Any:  # noqa: ANN401 - a converter; checks follow
    """Convert each of a tuple's numbers to a Decimal; leave the rest."""
    if isinstance(value, tuple):
        return tuple(decimal(item) for item in value)
    return value


def _years(_instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    whole_number(value, where="Deal", path=attribute.name, minimum=1)
    if isinstance(value, int) and value > MAX_DEAL_YEARS:
        message = f"a deal runs at most {MAX_DEAL_YEARS} years, got {value}"
        raise ValidationError(message, path=attribute.name, root="Deal")


_MARGIN = fraction_between(
    Decimal(0), Decimal(1), meaning="a margin on the price, below 1"
)
_CONTINGENCY = fraction_between(
    Decimal(0), Decimal(1), meaning="a share of the cost at risk, 0.1 for 10%"
)


@attrs.frozen(kw_only=True)
class Deal:
    r"""A multi-year deal as it is priced.

    Parameters
    ----------
    id
        Identifies the deal (an opportunity carries it).
    name
        What people call it.
    client
        Who it is for.
    currency
        ISO 4217 code; every amount is in it.
    start
        The first day of the deal; deal year :math:`k` runs from
        ``add_months(start, 12 (k - 1))`` for twelve months.
    years
        How many years it runs (1 to :data:`MAX_DEAL_YEARS`).
    lead_unit
        The business unit that signs and books the deal.
    rates
        The rate card: each role's list day rate and day cost.
    effort
        Days by role, year and delivering unit.
    costs
        Transition, ramp-up, pass-through and other costs.
    contingency_rate
        Risk contingency as a share of the delivery, transition, ramp-up and
        other costs (pass-through carries no delivery risk).
    cost_escalation_rate
        The yearly rise of day costs from year 2 (wage inflation).
    price_escalation_rate
        The yearly rise of the rate card from year 2: the fixed escalation
        the contract will carry, as a
        :class:`~accountkit.contracts.FixedFee`'s ``escalation_rate``.
    target_margin
        Price built up from cost: the margin on the price to reach (0.25
        for 25%). Exactly one of ``target_margin`` and ``price``.
    price
        Price set top-down: the total contract value.
    payment_terms
        When the client's invoices fall due (net 30 unless given).
    liability_cap
        Our liability under the contract; ``None`` for unlimited.
    volume_unit
        What the deal's volume assumptions count (``ticket``, ``user``);
        empty without them.
    volumes
        The assumed volume in each year, year 1 first; empty, or one per
        year.
    approved_level
        The approval level the price has already been signed off at
        (a level of an :class:`ApprovalMatrix`); ``None`` before any.
    description
        Free text for people.

    Raises
    ------
    ValidationError
        If a role has no rate, an effort or cost falls after the last year,
        a line repeats, neither or both of ``target_margin`` and ``price`` are
        given, or volumes do not give one per year; the path names the field.
    CurrencyMismatchError
        If an amount is not in the deal's currency.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    client: str = attrs.field(validator=identifier)
    currency: str
    start: date = attrs.field(validator=plain_date)
    years: int = attrs.field(validator=_years)
    lead_unit: str = attrs.field(validator=identifier)
    rates: tuple[RoleRate, ...] = attrs.field(validator=tuple_of(RoleRate))
    effort: tuple[Effort, ...] = attrs.field(validator=tuple_of(Effort))
    costs: tuple[DealCost, ...] = attrs.field(default=(), validator=tuple_of(DealCost))
    contingency_rate: Decimal = attrs.field(
        default=Decimal(0), converter=decimal, validator=_CONTINGENCY
    )
    cost_escalation_rate: Decimal = attrs.field(
        default=Decimal(0), converter=decimal, validator=_RATE
    )
    price_escalation_rate: Decimal = attrs.field(
        default=Decimal(0), converter=decimal, validator=_RATE
    )
    target_margin: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=_MARGIN
    )
    price: Money | None = attrs.field(
        default=None, validator=optional_non_negative_money
    )
    payment_terms: PaymentTerms = _NET_30
    liability_cap: Money | None = attrs.field(
        default=None, validator=optional_non_negative_money
    )
    volume_unit: str = attrs.field(default="", validator=text)
    volumes: tuple[Decimal, ...] = attrs.field(default=(), converter=_decimals)
    approved_level: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )
    description: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        check_currency(self.currency, where="Deal")
        self._check_pricing()
        self._check_money()
        self._check_lines()
        self._check_volumes()

    @property
    def term(self) -> Period:
        """The whole deal, half-open."""
        return Period(self.start, add_months(self.start, _MONTHS_PER_YEAR * self.years))

    def year_period(self, year: int) -> Period:
        """Return deal year ``year`` (1 for the first), half-open."""
        whole_number(year, where="Deal.year_period", path="year", minimum=1)
        if year > self.years:
            message = f"the deal runs {self.years} years, got year {year}"
            raise ValidationError(message, path="year", root="Deal.year_period")
        return Period(
            add_months(self.start, _MONTHS_PER_YEAR * (year - 1)),
            add_months(self.start, _MONTHS_PER_YEAR * year),
        )

    def _check_pricing(self) -> None:
        if (self.target_margin is None) == (self.price is None):
            message = (
                "give exactly one of target_margin (price built up from cost) "
                "and price (set top-down)"
            )
            raise ValidationError(message, path="target_margin", root="Deal")
        if self.target_margin is not None and self.target_margin >= 1:
            message = f"a margin on the price is below 1, got {self.target_margin}"
            raise ValidationError(message, path="target_margin", root="Deal")

    def _amounts(self) -> Iterator[tuple[tuple[str | int, ...], Money]]:
        for index, rate in enumerate(self.rates):
            yield ("rates", index, "price"), rate.price
            yield ("rates", index, "cost"), rate.cost
        for index, cost in enumerate(self.costs):
            yield ("costs", index, "amount"), cost.amount
        if self.price is not None:
            yield ("price",), self.price
        if self.liability_cap is not None:
            yield ("liability_cap",), self.liability_cap

    def _check_money(self) -> None:
        for path, amount in self._amounts():
            if amount.currency != self.currency:
                message = f"in {amount.currency}, but the deal is in {self.currency}"
                raise CurrencyMismatchError(message, path=path, root="Deal")

    def _check_lines(self) -> None:
        roles: dict[str, int] = {}
        for index, rate in enumerate(self.rates):
            if rate.role in roles:
                message = (
                    f"role {rate.role!r} has two rates (rates[{roles[rate.role]}] "
                    "and here)"
                )
                raise ValidationError(message, path=("rates", index), root="Deal")
            roles[rate.role] = index
        lines: dict[tuple[str, int, str | None], int] = {}
        for index, line in enumerate(self.effort):
            if line.role not in roles:
                message = f"role {line.role!r} is not on the rate card"
                raise ValidationError(
                    message, path=("effort", index, "role"), root="Deal"
                )
            self._check_year(line.deal_year, ("effort", index, "deal_year"))
            key = (line.role, line.deal_year, line.unit)
            if key in lines:
                message = (
                    f"{line.role} in year {line.deal_year} is given twice "
                    f"(effort[{lines[key]}] and here): one line per role, year "
                    "and unit"
                )
                raise ValidationError(message, path=("effort", index), root="Deal")
            lines[key] = index
        check_unique_ids(
            (c.id for c in self.costs), named="costs", root="Deal", path=("costs",)
        )
        for index, cost in enumerate(self.costs):
            self._check_year(cost.deal_year, ("costs", index, "deal_year"))

    def _check_year(self, year: int, path: tuple[str | int, ...]) -> None:
        if year > self.years:
            message = f"the deal runs {self.years} years, got year {year}"
            raise ValidationError(message, path=path, root="Deal")

    def _check_volumes(self) -> None:
        if not isinstance(self.volumes, tuple):
            message = f"expected a tuple of numbers, got {type(self.volumes).__name__}"
            raise ValidationError(message, path="volumes", root="Deal")
        if self.volumes and len(self.volumes) != self.years:
            message = (
                f"one volume per deal year ({self.years}), got {len(self.volumes)}"
            )
            raise ValidationError(message, path="volumes", root="Deal")
        if self.volumes and not self.volume_unit:
            message = "volumes need a volume_unit saying what they count"
            raise ValidationError(message, path="volume_unit", root="Deal")
        given: tuple[object, ...] = self.volumes
        for index, volume in enumerate(given):
            if not isinstance(volume, Decimal) or not volume.is_finite() or volume < 0:
                message = f"expected a volume of 0 or more, got {volume!r}"
                raise ValidationError(message, path=("volumes", index), root="Deal")
