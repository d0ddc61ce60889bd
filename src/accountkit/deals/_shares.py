r"""Revenue, cost and margin of a deal shared between the business units in it.

The lead unit signs the deal and bills the client for all of it; each other
unit's share of the revenue reaches it by a transfer entry. Every part is
allocated from a rounded whole by largest remainders, so the units add up to
the deal exactly.
"""

from collections.abc import Sequence
from decimal import Decimal

import attrs

from accountkit._checked import checked
from accountkit._ratios import rate_of
from accountkit._validators import decimal, identifier, non_negative_decimal
from accountkit.deals._deal import CostKind, Deal
from accountkit.deals._pnl import RATE_PLACES, deal_pnl, labour_lines
from accountkit.errors import ValidationError
from accountkit.money import Money

__all__ = ["RevenueSplit", "Transfer", "UnitShare", "UnitSplit", "revenue_split"]


@attrs.frozen(kw_only=True)
class UnitShare:
    """A business unit's agreed share of a deal's revenue.

    Parameters
    ----------
    unit
        The business unit.
    weight
        Its share, in any proportion (``60`` and ``40``, or ``0.6`` and
        ``0.4``): the revenue is split in proportion to the weights.
    """

    unit: str = attrs.field(validator=identifier)
    weight: Decimal = attrs.field(converter=decimal, validator=non_negative_decimal)


@attrs.frozen(kw_only=True)
class UnitSplit:
    """One unit's part of the deal over its whole term.

    Attributes
    ----------
    unit
        The business unit.
    revenue
        Its share of the revenue.
    cost
        The cost it bears: its own effort and costs, and its part of the
        contingency.
    margin
        ``revenue - cost``.
    margin_rate
        ``margin / revenue`` to four places; ``None`` without revenue.
    """

    unit: str
    revenue: Money
    cost: Money
    margin: Money
    margin_rate: Decimal | None


@attrs.frozen(kw_only=True)
class Transfer:
    """A revenue transfer from the unit that bills to a unit that delivers.

    Attributes
    ----------
    deal_year
        The year of the deal, 1 for the first.
    from_unit
        The lead unit, which books the client's payments.
    to_unit
        The unit receiving its share.
    amount
        Its share of that year's revenue.
    """

    deal_year: int
    from_unit: str
    to_unit: str
    amount: Money


@attrs.frozen(kw_only=True)
class RevenueSplit:
    """A deal's revenue, cost and margin by business unit, and the transfers.

    Attributes
    ----------
    deal_id
        The deal.
    booked_by
        The lead unit, which bills the client.
    basis
        How the revenue was shared, in words.
    units
        Each unit's part, the lead first, then by name; they add up to the
        deal's price, cost and margin exactly.
    transfers
        Year by year, what the lead unit passes to each other unit.
    """

    deal_id: str
    booked_by: str
    basis: str
    units: tuple[UnitSplit, ...]
    transfers: tuple[Transfer, ...]


def _check_shares(shares: Sequence[UnitShare]) -> None:
    seen: dict[str, int] = {}
    for index, share in enumerate(shares):
        if share.unit in seen:
            message = (
                f"unit {share.unit!r} has two shares (shares[{seen[share.unit]}] "
                "and here)"
            )
            raise ValidationError(message, path=("shares", index), root="revenue_split")
        seen[share.unit] = index
    if shares and not any(share.weight for share in shares):
        message = "the shares' weights sum to 0: give at least one a weight"
        raise ValidationError(message, path="shares", root="revenue_split")


def _unit_costs(deal: Deal, year: int, contingency: Money) -> dict[str, Money]:
    """Return each unit's cost in ``year``: own lines plus its contingency part.

    The year's contingency is allocated in proportion to each unit's labour
    and one-time costs, the base it was computed on.
    """
    currency = deal.currency
    direct: dict[str, Money] = {}
    at_risk: dict[str, Money] = {}
    for unit, amount in labour_lines(deal, year, at="cost"):
        direct[unit] = direct.get(unit, Money.zero(currency)) + amount
        at_risk[unit] = at_risk.get(unit, Money.zero(currency)) + amount
    for cost in deal.costs:
        if cost.deal_year != year:
            continue
        unit = cost.unit or deal.lead_unit
        direct[unit] = direct.get(unit, Money.zero(currency)) + cost.amount
        if cost.kind is not CostKind.PASS_THROUGH:
            at_risk[unit] = at_risk.get(unit, Money.zero(currency)) + cost.amount
    weights = [at_risk[unit].to_minor_units() for unit in at_risk]
    if contingency.amount and any(weights):
        for unit, part in zip(at_risk, contingency.allocate(weights), strict=True):
            direct[unit] += part
    return direct


@checked
def revenue_split(
    deal: Deal, shares: Sequence[UnitShare] | None = None
) -> RevenueSplit:
    r"""Return the deal's revenue, cost and margin by business unit, with transfers.

    Parameters
    ----------
    deal
        The priced deal; its effort and costs name the units that bear them
        (the lead unit where they name none).
    shares
        The agreed shares of the revenue. ``None`` shares it by effort: in
        proportion to each unit's cost in each year, so every unit earns
        about the deal's margin.

    Returns
    -------
    RevenueSplit
        Each unit's revenue, cost and margin, adding up to the deal's exactly,
        and the transfer entries from the lead unit.

    Raises
    ------
    ValidationError
        If a unit has two shares, or every weight is 0; or the deal cannot be
        priced (see :func:`deal_pnl`).

    Notes
    -----
    Year by year: the year's revenue :math:`R_y` (from :func:`deal_pnl`) is
    allocated by the weights :math:`w_u` (agreed, or each unit's cost
    :math:`c_{u,y}` that year; a year without cost falls back to the whole
    deal's costs) by largest remainders, so
    :math:`\sum_u R_{u,y} = R_y` exactly. Each unit bears its own effort
    (the P&L's rounded lines) and costs, and the year's contingency is
    allocated over the units by their labour and one-time costs. The lead
    unit transfers :math:`R_{u,y}` to each other unit :math:`u` with revenue
    in year :math:`y`. Summing the years gives each unit's totals; the units
    add up to the deal's price, cost and margin to the minor unit.

    Examples
    --------
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from accountkit import Money
    >>> from accountkit.deals import Deal, Effort, RoleRate, UnitShare
    >>> deal = Deal(id="d1", name="Data platform", client="acme", currency="EUR",
    ...             start=date(2027, 1, 1), years=1, lead_unit="apps",
    ...             rates=(RoleRate(role="engineer", price=Money("900", "EUR"),
    ...                             cost=Money("600", "EUR")),),
    ...             effort=(Effort(role="engineer", deal_year=1, days=Decimal(10)),
    ...                     Effort(role="engineer", deal_year=1, days=Decimal(20),
    ...                            unit="data")),
    ...             price=Money("30000", "EUR"))
    >>> split = revenue_split(deal, [UnitShare(unit="apps", weight=Decimal(1)),
    ...                              UnitShare(unit="data", weight=Decimal(2))])
    >>> [(u.unit, str(u.revenue.amount), str(u.margin.amount)) for u in split.units]
    [('apps', '10000.00', '4000.00'), ('data', '20000.00', '8000.00')]
    >>> [(t.from_unit, t.to_unit, str(t.amount.amount)) for t in split.transfers]
    [('apps', 'data', '20000.00')]
    """
    given = list(shares) if shares is not None else None
    if given is not None:
        _check_shares(given)
    pnl = deal_pnl(deal)
    currency = deal.currency
    costs = [_unit_costs(deal, row.deal_year, row.contingency) for row in pnl.years]
    named = {unit for year_costs in costs for unit in year_costs}
    named |= {share.unit for share in given or ()}
    units = [deal.lead_unit, *sorted(named - {deal.lead_unit})]
    nothing = Money.zero(currency)
    totals = {
        u: Money.total((c.get(u, nothing) for c in costs), currency=currency)
        for u in units
    }
    revenue = dict.fromkeys(units, nothing)
    cost = dict.fromkeys(units, nothing)
    transfers: list[Transfer] = []
    for row, year_costs in zip(pnl.years, costs, strict=True):
        if given is not None:
            weights = {s.unit: s.weight for s in given}
        else:
            source = (
                year_costs if any(m.amount for m in year_costs.values()) else totals
            )
            weights = {u: Decimal(m.to_minor_units()) for u, m in source.items()}
        parts = _allocate(row.revenue, weights, units)
        for unit in units:
            revenue[unit] += parts[unit]
            cost[unit] += year_costs.get(unit, nothing)
            if unit != deal.lead_unit and parts[unit].amount:
                transfers.append(
                    Transfer(
                        deal_year=row.deal_year,
                        from_unit=deal.lead_unit,
                        to_unit=unit,
                        amount=parts[unit],
                    )
                )
    splits = tuple(
        UnitSplit(
            unit=unit,
            revenue=revenue[unit],
            cost=cost[unit],
            margin=revenue[unit] - cost[unit],
            margin_rate=rate_of(revenue[unit] - cost[unit], revenue[unit], RATE_PLACES),
        )
        for unit in units
    )
    basis = (
        "agreed shares"
        if given is not None
        else "by effort: each unit's cost, year by year"
    )
    return RevenueSplit(
        deal_id=deal.id,
        booked_by=deal.lead_unit,
        basis=basis,
        units=splits,
        transfers=tuple(transfers),
    )


def _allocate(
    amount: Money, weights: dict[str, Decimal], units: list[str]
) -> dict[str, Money]:
    ordered = [weights.get(unit, Decimal(0)) for unit in units]
    if not any(ordered):
        message = (
            "nothing to share the revenue by: no unit has a cost in the deal; "
            "give agreed shares"
        )
        raise ValidationError(message, path="shares", root="revenue_split")
    return dict(zip(units, amount.allocate(ordered), strict=True))
