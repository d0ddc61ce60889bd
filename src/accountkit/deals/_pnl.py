r"""The deal's P&L: cost built up year by year, the price, and the steps between.

Every figure is exact in the deal's currency and rounded where the domain
rounds: each escalated day rate, each effort line, each recharge and each
year's contingency to the minor unit; the built-up price up to the minor
unit; the service price split over the years by allocation, so the years
add up to the total exactly.
"""

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

import attrs

from accountkit._checked import checked
from accountkit._ratios import rate_of, rounded
from accountkit.contracts import Contract, ContractKind, FixedFee, Frequency
from accountkit.deals._deal import CostKind, Deal, DealCost
from accountkit.errors import ValidationError
from accountkit.money import Money
from accountkit.periods import Period

__all__ = ["DealPnL", "DealYear", "WaterfallStep", "deal_contract", "deal_pnl"]

RATE_PLACES: Final = 4
"""Decimal places of the margin and discount rates reported (0.2500)."""

_ONE_TIME = (CostKind.TRANSITION, CostKind.RAMP_UP, CostKind.OTHER)


@attrs.frozen(kw_only=True)
class DealYear:
    """One year of the deal's P&L.

    Attributes
    ----------
    deal_year
        The year of the deal, 1 for the first.
    period
        The deal year, half-open.
    labour_cost
        The year's effort at its day costs.
    list_price
        The year's effort at its rate-card day rates.
    one_time_cost
        Transition, ramp-up and other costs falling in the year.
    pass_through_cost
        Pass-through costs falling in the year.
    recharge
        What the client is charged for them, markup included.
    contingency
        Risk contingency on the year's labour and one-time costs.
    cost
        Everything above: labour, one-time, pass-through and contingency.
    revenue
        What the client pays for the year: its share of the service price
        and its pass-through recharges. Summed over the years, the TCV; each
        year's is that year's contract value.
    margin
        ``revenue - cost`` (negative in a year of heavy transition).
    margin_rate
        ``margin / revenue`` to four places; ``None`` without revenue.
    volume
        The assumed volume, when the deal states volumes.
    unit_price
        ``revenue / volume`` to the minor unit: what the year's price comes to
        per unit of volume; ``None`` without a volume or with a zero one.
    """

    deal_year: int
    period: Period
    labour_cost: Money
    list_price: Money
    one_time_cost: Money
    pass_through_cost: Money
    recharge: Money
    contingency: Money
    cost: Money
    revenue: Money
    margin: Money
    margin_rate: Decimal | None
    volume: Decimal | None = None
    unit_price: Money | None = None


@attrs.frozen(kw_only=True)
class WaterfallStep:
    """One step of the walk from cost to price.

    Attributes
    ----------
    code
        Stable: ``labour``, ``transition``, ``ramp_up``, ``other``,
        ``contingency``, ``pass_through``, ``pass_through_markup``, ``margin``.
    label
        What the step is, in words.
    amount
        What the step adds.
    total
        The running total after it; the last step's is the price.
    """

    code: str
    label: str
    amount: Money
    total: Money


@attrs.frozen(kw_only=True)
class DealPnL:
    """What the deal costs, what it is priced at, and how one leads to the other.

    Attributes
    ----------
    deal_id
        The deal.
    cost
        Its whole cost over the term.
    price
        Total contract value (TCV): the service price and every recharge.
    acv
        Annual contract value: ``price / years`` to the minor unit.
    service_price
        The price less pass-through recharges: what the rate card is
        discounted to.
    list_price
        The effort at rate-card day rates, escalated.
    discount_rate
        ``1 - service_price / list_price`` to four places (negative for a
        premium over list); ``None`` without a list price.
    margin
        ``price - cost``.
    margin_rate
        ``margin / price`` to four places; ``None`` for a zero price.
    years
        The P&L year by year; each column adds up to the totals exactly.
    steps
        The waterfall from nothing through each cost to the price.
    basis
        How the price was set, in words.
    """

    deal_id: str
    cost: Money
    price: Money
    acv: Money
    service_price: Money
    list_price: Money
    discount_rate: Decimal | None
    margin: Money
    margin_rate: Decimal | None
    years: tuple[DealYear, ...]
    steps: tuple[WaterfallStep, ...]
    basis: str


def _escalated(amount: Money, rate: Decimal, year: int) -> Fraction:
    return Fraction(amount.amount) * (1 + Fraction(rate)) ** (year - 1)


def _money(value: Fraction, currency: str) -> Money:
    return Money.from_fraction(value, currency)


def _sum(amounts: Iterable[Money], currency: str) -> Money:
    return Money.total(amounts, currency=currency)


@attrs.frozen
class _Year:
    """A year's cost lines, before the price is known."""

    labour: Money
    listed: Money
    one_time: dict[CostKind, Money]
    pass_through: Money
    recharge: Money
    contingency: Money

    @property
    def cost(self) -> Money:
        parts = (self.labour, *self.one_time.values(), self.pass_through)
        return _sum((*parts, self.contingency), self.labour.currency)


def labour_lines(deal: Deal, year: int, *, at: str) -> list[tuple[str, Money]]:
    """Return each effort line of ``year`` as (its unit, days x day figure).

    ``at`` is ``"cost"`` or ``"price"``: the role's day cost or list day rate,
    escalated to the year and rounded, then times the days, rounded.
    """
    currency = deal.currency
    escalation = (
        deal.cost_escalation_rate if at == "cost" else deal.price_escalation_rate
    )
    day = {
        rate.role: _money(_escalated(getattr(rate, at), escalation, year), currency)
        for rate in deal.rates
    }
    return [
        (
            line.unit or deal.lead_unit,
            _money(Fraction(line.days) * Fraction(day[line.role].amount), currency),
        )
        for line in deal.effort
        if line.deal_year == year
    ]


def recharged(cost: DealCost) -> Money:
    """Return what a pass-through cost is recharged at: its markup on top."""
    return _money(
        Fraction(cost.amount.amount) * (1 + Fraction(cost.markup_rate)),
        cost.amount.currency,
    )


def _year_costs(deal: Deal, year: int) -> _Year:
    currency = deal.currency
    labour = _sum((m for _, m in labour_lines(deal, year, at="cost")), currency)
    listed = _sum((m for _, m in labour_lines(deal, year, at="price")), currency)
    costs = [cost for cost in deal.costs if cost.deal_year == year]
    one_time = {
        kind: _sum((c.amount for c in costs if c.kind is kind), currency)
        for kind in _ONE_TIME
    }
    passed = [c for c in costs if c.kind is CostKind.PASS_THROUGH]
    at_risk = Fraction((labour + _sum(one_time.values(), currency)).amount)
    return _Year(
        labour=labour,
        listed=listed,
        one_time=one_time,
        pass_through=_sum((c.amount for c in passed), currency),
        recharge=_sum((recharged(c) for c in passed), currency),
        contingency=_money(Fraction(deal.contingency_rate) * at_risk, currency),
    )


def _price(deal: Deal, cost: Money) -> tuple[Money, str]:
    if deal.price is not None:
        return deal.price, "price set top-down"
    margin = Fraction(deal.target_margin or 0)
    price = Money.from_fraction(
        Fraction(cost.amount) / (1 - margin), deal.currency, rounding=ROUND_CEILING
    )
    basis = (
        f"price built up from cost at a target margin of {deal.target_margin}, "
        "rounded up to the minor unit"
    )
    return price, basis


def _service_split(service: Money, years: list[_Year]) -> list[Money]:
    weights = [year.listed.to_minor_units() for year in years]
    if not any(weights):
        weights = [1] * len(years)
    return service.allocate(weights)


@checked
def deal_pnl(deal: Deal) -> DealPnL:
    r"""Return the deal's P&L by year and the waterfall from its cost to its price.

    Parameters
    ----------
    deal
        The deal.

    Returns
    -------
    DealPnL
        Cost, price (TCV), ACV, margin and discount from list, by year and in
        total, and the steps from cost to price.

    Raises
    ------
    ValidationError
        If the price (set, or built up) is below the pass-through recharges,
        leaving a negative price for the service.

    Notes
    -----
    In deal year :math:`y` a role's day rate and day cost are the first
    year's escalated, :math:`\mathrm{round}(r_1 (1 + g)^{y-1})` (the
    contracts package's fixed-escalation rule), and each effort line is
    days times the day figure, rounded. Contingency is
    :math:`\mathrm{round}(c \cdot (\text{labour} + \text{one-time}))` a year;
    a pass-through cost :math:`p` is recharged at
    :math:`\mathrm{round}(p (1 + \text{markup}))`.

    Built up from cost :math:`C` with target margin :math:`m`, the price is
    :math:`P = \lceil C / (1 - m) \rceil` to the minor unit, so the margin
    never falls below the target; set top-down, :math:`P` is given. The
    service price :math:`S = P - \text{recharges}` is allocated over the years
    in proportion to each year's list price (equally when there is none), by
    largest remainders, so the years add up to :math:`P` exactly; one-time
    costs are therefore recovered over the term, as outsourcing deals price
    transition, and a heavy first year may show a loss. Discount from list is
    :math:`1 - S / L` with :math:`L` the effort at rate-card rates.

    The waterfall walks from nothing through labour, transition, ramp-up,
    other costs, contingency and pass-through to the cost, then adds the
    pass-through markup and the margin to reach the price. TCV counts every
    payment; ACV is TCV over the years, as the deal has no one-time fees of
    its own [#]_.

    References
    ----------
    .. [#] DOMAIN-NOTES, "Contracts and dates": TCV includes one-time fees,
       ACV excludes them; and R. L. Phillips, *Pricing and Revenue
       Optimization*, Stanford University Press, 2005, ch. 11 (cost-plus
       and customized pricing).

    Examples
    --------
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from accountkit import Money
    >>> from accountkit.deals import Deal, Effort, RoleRate
    >>> deal = Deal(id="d1", name="Service desk", client="acme", currency="EUR",
    ...             start=date(2027, 1, 1), years=2, lead_unit="apps",
    ...             rates=(RoleRate(role="analyst", price=Money("800", "EUR"),
    ...                             cost=Money("500", "EUR")),),
    ...             effort=(Effort(role="analyst", deal_year=1, days=Decimal(100)),
    ...                     Effort(role="analyst", deal_year=2, days=Decimal(100))),
    ...             target_margin=Decimal("0.2"))
    >>> pnl = deal_pnl(deal)
    >>> pnl.cost, pnl.price
    (Money('100000.00', 'EUR'), Money('125000.00', 'EUR'))
    >>> pnl.margin_rate, pnl.discount_rate
    (Decimal('0.2000'), Decimal('0.2188'))
    >>> [(s.code, str(s.total.amount)) for s in pnl.steps if s.amount.amount]
    [('labour', '100000.00'), ('margin', '125000.00')]
    """
    currency = deal.currency
    years = [_year_costs(deal, year) for year in range(1, deal.years + 1)]
    cost = _sum((year.cost for year in years), currency)
    recharge = _sum((year.recharge for year in years), currency)
    price, basis = _price(deal, cost)
    service = price - recharge
    if service.amount < 0:
        message = (
            f"the price {price} is below the pass-through recharges {recharge}: "
            "nothing would be left for the service"
        )
        path = "price" if deal.price is not None else "target_margin"
        raise ValidationError(message, path=path, root="deal_pnl")
    shares = _service_split(service, years)
    listed = _sum((year.listed for year in years), currency)
    rows = tuple(
        _row(deal, number, year, share)
        for number, (year, share) in enumerate(zip(years, shares, strict=True), 1)
    )
    margin = price - cost
    return DealPnL(
        deal_id=deal.id,
        cost=cost,
        price=price,
        acv=Money.from_fraction(Fraction(price.amount) / deal.years, currency),
        service_price=service,
        list_price=listed,
        discount_rate=None
        if listed.amount == 0
        else rounded(
            1 - Fraction(service.amount) / Fraction(listed.amount),
            RATE_PLACES,
            ROUND_HALF_UP,
            where="deal_pnl",
        ),
        margin=margin,
        margin_rate=rate_of(margin, price, RATE_PLACES),
        years=rows,
        steps=_steps(years, price, cost, recharge),
        basis=basis,
    )


def _row(deal: Deal, number: int, year: _Year, share: Money) -> DealYear:
    revenue = share + year.recharge
    cost = year.cost
    volume = deal.volumes[number - 1] if deal.volumes else None
    return DealYear(
        deal_year=number,
        period=deal.year_period(number),
        labour_cost=year.labour,
        list_price=year.listed,
        one_time_cost=_sum(year.one_time.values(), deal.currency),
        pass_through_cost=year.pass_through,
        recharge=year.recharge,
        contingency=year.contingency,
        cost=cost,
        revenue=revenue,
        margin=revenue - cost,
        margin_rate=rate_of(revenue - cost, revenue, RATE_PLACES),
        volume=volume,
        unit_price=None
        if not volume
        else Money.from_fraction(
            Fraction(revenue.amount) / Fraction(volume), deal.currency
        ),
    )


_LABELS = {
    "labour": "delivery effort at day cost",
    "transition": "transition",
    "ramp_up": "ramp-up",
    "other": "other costs",
    "contingency": "risk contingency",
    "pass_through": "pass-through costs",
    "pass_through_markup": "markup on pass-through",
    "margin": "margin",
}


def _steps(
    years: list[_Year], price: Money, cost: Money, recharge: Money
) -> tuple[WaterfallStep, ...]:
    currency = price.currency

    def total(pick: "Iterable[Money]") -> Money:
        return _sum(pick, currency)

    passed = total(y.pass_through for y in years)
    amounts = [
        ("labour", total(y.labour for y in years)),
        *((kind.value, total(y.one_time[kind] for y in years)) for kind in _ONE_TIME),
        ("contingency", total(y.contingency for y in years)),
        ("pass_through", passed),
        ("pass_through_markup", recharge - passed),
        ("margin", price - cost - (recharge - passed)),
    ]
    steps: list[WaterfallStep] = []
    running = Money.zero(currency)
    for code, amount in amounts:
        running += amount
        steps.append(
            WaterfallStep(code=code, label=_LABELS[code], amount=amount, total=running)
        )
    return tuple(steps)


@checked
def deal_contract(
    deal: Deal,
    *,
    signed_on: date,
    contract_id: str | None = None,
    kind: ContractKind = ContractKind.SOW,
    parent_id: str | None = None,
) -> Contract:
    """Return the contract a priced deal becomes, its charges from the P&L.

    Parameters
    ----------
    deal
        The priced deal.
    signed_on
        When the contract is signed.
    contract_id
        The contract's id; the deal's unless given.
    kind
        A statement of work unless given.
    parent_id
        The agreement it sits under (an MSA), if any.

    Returns
    -------
    Contract
        Over the deal's term, with its payment terms, and charges: the
        service price of each year as one annual fee ``service`` billed in
        advance on the year's first day (one version per year), and each
        year's pass-through recharges as a one-time fee ``pass-through`` on
        the same day. Its :func:`~accountkit.contracts.contract_value` TCV
        is the deal's price exactly.

    Notes
    -----
    Annual billing keeps each year's price exact: a monthly fee could not
    hold a year's price that twelve does not divide. A contract billed
    monthly is the returned one with its ``service`` fees replaced.

    Examples
    --------
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from accountkit import Money
    >>> from accountkit.contracts import contract_value
    >>> from accountkit.deals import Deal, Effort, RoleRate
    >>> deal = Deal(id="d1", name="Service desk", client="acme", currency="EUR",
    ...             start=date(2027, 1, 1), years=2, lead_unit="apps",
    ...             rates=(RoleRate(role="analyst", price=Money("800", "EUR"),
    ...                             cost=Money("500", "EUR")),),
    ...             effort=(Effort(role="analyst", deal_year=1, days=Decimal(100)),
    ...                     Effort(role="analyst", deal_year=2, days=Decimal(100))),
    ...             price=Money("150000", "EUR"))
    >>> contract = deal_contract(deal, signed_on=date(2026, 12, 1))
    >>> [(c.id, str(c.amount.amount), c.start.isoformat()) for c in contract.charges]
    [('service', '75000.00', '2027-01-01'), ('service', '75000.00', '2028-01-01')]
    >>> contract_value(contract).tcv
    Money('150000.00', 'EUR')
    """
    pnl = deal_pnl(deal)
    charges: list[FixedFee] = []
    for row in pnl.years:
        year = row.deal_year
        fees = (
            (
                "service",
                row.revenue - row.recharge,
                Frequency.ANNUAL,
                f"{deal.name}: year {year}",
            ),
            (
                "pass-through",
                row.recharge,
                Frequency.ONE_TIME,
                f"pass-through recharges, year {year}",
            ),
        )
        charges.extend(
            FixedFee(
                id=ident,
                amount=amount,
                frequency=frequency,
                description=description,
                start=row.period.start,
                end=row.period.end,
            )
            for ident, amount, frequency, description in fees
            if amount.amount
        )
    return Contract(
        id=contract_id or deal.id,
        title=deal.name,
        kind=kind,
        client=deal.client,
        currency=deal.currency,
        term=deal.term,
        signed_on=signed_on,
        parent_id=parent_id,
        payment_terms=deal.payment_terms,
        charges=tuple(charges),
    )
