"""The review's growth area: the pipeline, the win rate, and the priced deals.

With a bid history, the pipeline is also weighted at the chances the fitted
bid-response curve gives each priced opportunity; each deal in the pipeline
is checked against the approval matrix and its walk-away margin.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from accountkit.account._basis import (
    HUNDRED,
    YEAR_DAYS,
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    percent,
    rounded,
    zero,
)
from accountkit.account._model import Account, Opportunity, Stage
from accountkit.deals import (
    Approvals,
    BidResponse,
    DealPnL,
    deal_approvals,
    deal_pnl,
    fit_bid_response,
    price_to_win,
)
from accountkit.errors import ConvergenceError, InsufficientDataError
from accountkit.money import Money

if TYPE_CHECKING:
    from accountkit.account._revenue import RevenuePosition

__all__ = ["GROWTH", "BidFit", "GrowthPosition", "PricedOpportunity"]

_RATIO_PLACES = Decimal("0.0001")


@attrs.frozen(kw_only=True)
class BidFit:
    """The bid-response curve fitted to the account's bid history, in brief.

    Attributes
    ----------
    bids, wins
        How many bids it was fitted on, and how many of them won.
    pseudo_r2
        McFadden's pseudo-R², to four places: how much better than a flat
        win rate price explains the outcomes (0 nothing, towards 1 more).
    at_reference
        The chance of winning at the reference price, in %.
    even_ratio
        The price over its reference where the chance is even, to four
        places; ``None`` when the curve is flat or is never even at a
        positive price.
    ratio_low, ratio_high
        The range of ratios the history has tried, to four places: the curve
        is read with confidence inside it.
    """

    bids: int
    wins: int
    pseudo_r2: Decimal | None
    at_reference: Decimal
    even_ratio: Decimal | None
    ratio_low: Decimal
    ratio_high: Decimal


@attrs.frozen(kw_only=True)
class PricedOpportunity:
    """An open opportunity with a priced deal or a reference price.

    Attributes
    ----------
    opportunity, name
        Its id and name.
    price
        What it is bid at: the deal's price (TCV), else the opportunity's
        value.
    cost
        The deal's cost; ``None`` without a deal.
    margin_rate
        The deal's margin on its price, in %; ``None`` without a deal.
    probability
        The chance the account team recorded, in %.
    fitted_probability
        The chance the fitted curve gives at the price over the reference,
        in %; ``None`` without a curve or a reference.
    fitted_low, fitted_high
        Its 95 % interval, in %.
    best_price
        The price that maximises the expected margin on the fitted curve,
        given the deal's cost; ``None`` without a curve, a reference and a
        deal.
    best_extrapolated
        Whether that price lies outside the ratios the history has tried.
    required_level
        The highest approval level the deal needs; ``None`` when none, or
        without a deal or an approval matrix.
    approved_level
        The level it is signed off at.
    approved
        Whether that sign-off covers the level needed; ``None`` without a
        deal or an approval matrix.
    below_walk_away
        Whether the margin is below the matrix's walk-away margin; ``None``
        without a deal or an approval matrix.
    needs
        Why each approval is needed, highest level first.
    """

    opportunity: str
    name: str
    price: Money
    cost: Money | None
    margin_rate: Decimal | None
    probability: Decimal
    fitted_probability: Decimal | None
    fitted_low: Decimal | None
    fitted_high: Decimal | None
    best_price: Money | None
    best_extrapolated: bool
    required_level: str | None
    approved_level: str | None
    approved: bool | None
    below_walk_away: bool | None
    needs: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class GrowthPosition:
    """The pipeline and the win rate over the last 12 months.

    ``recorded`` is false when the account records no opportunities at all:
    the pipeline measures are then missing, not zero.
    """

    recorded: bool
    open_pipeline: Money
    weighted_pipeline: Money
    won: int
    lost: int
    win_rate: Decimal | None
    pipeline_cover: Decimal | None
    """Weighted pipeline over the contracted value of the year, in %."""
    lost_opportunities: tuple[str, ...] = ()
    """Ids of the opportunities lost in the 12 months."""
    bids_recorded: bool = False
    """Whether the account records a bid history at all."""
    fit: BidFit | None = None
    """The bid-response curve fitted to the bid history, when it could be."""
    fit_note: str = ""
    """Why there is no curve (no history recorded, or too thin or separated
    to fit); empty when there is one."""
    fitted_pipeline: Money | None = None
    """The open pipeline weighted at the fitted chance where an opportunity
    has a reference, and at its recorded chance elsewhere; ``None`` without a
    curve."""
    priced: tuple[PricedOpportunity, ...] = ()
    """The open opportunities with a priced deal or a reference price."""
    note: str = ""
    """Why the position could not be computed, when it could not (its
    measures are then missing); empty otherwise."""


def _position(
    account: Account, day: date, earlier: Mapping[str, Any]
) -> GrowthPosition:
    revenue: RevenuePosition = earlier["revenue"]
    nothing = zero(account)
    since = day - timedelta(days=YEAR_DAYS)
    listed = account.opportunities or ()
    still_open = [o for o in listed if o.is_open]
    weighted = sum((o.value * o.probability for o in still_open), nothing).rounded()
    decided = [o for o in listed if not o.is_open and since < o.close_on <= day]
    won = sum(o.stage is Stage.WON for o in decided)
    contracted = (
        None
        if revenue.attainment is None
        else revenue.attainment.contracted_for_year.amount
    )
    recorded = account.opportunities is not None
    curve, fit_note = _curve(account)
    # each deal priced once: its price weights the pipeline and heads its line
    pnls = {o.id: deal_pnl(o.deal) for o in still_open if o.deal is not None}
    priced = tuple(
        _priced(account, o, curve, pnls.get(o.id))
        for o in still_open
        if o.deal is not None or o.reference is not None
    )
    return GrowthPosition(
        recorded=recorded,
        open_pipeline=sum((o.value for o in still_open), nothing),
        weighted_pipeline=weighted,
        won=won,
        lost=len(decided) - won,
        win_rate=percent(Decimal(won), Decimal(len(decided))),
        pipeline_cover=None
        if contracted is None or not recorded
        else percent(weighted.amount, contracted),
        lost_opportunities=tuple(
            sorted(o.id for o in decided if o.stage is Stage.LOST)
        ),
        bids_recorded=account.bids is not None,
        fit=None if curve is None else _fit(curve),
        fit_note=fit_note,
        fitted_pipeline=None
        if curve is None
        else sum(
            (o.value * _chance(o, pnls.get(o.id), curve) for o in still_open),
            nothing,
        ).rounded(),
        priced=priced,
    )


def _curve(account: Account) -> tuple[BidResponse | None, str]:
    """Fit the bid history, or say why there is no curve."""
    if account.bids is None:
        return None, "no bid history recorded"
    try:
        return fit_bid_response(account.bids), ""
    except (InsufficientDataError, ConvergenceError) as refused:
        return None, f"no bid-response curve: {refused}"


def _ratio(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(_RATIO_PLACES, rounding="ROUND_HALF_UP")


def _in_percent(chance: float) -> Decimal:
    return rounded(Decimal(repr(chance)) * HUNDRED)


def _fit(curve: BidResponse) -> BidFit:
    r2 = curve.pseudo_r2
    even = None if curve.b == 0 else -curve.a / curve.b
    if even is not None and even <= 0:
        even = None  # never even at a positive price: no ratio to report
    return BidFit(
        bids=curve.bids,
        wins=curve.wins,
        pseudo_r2=None if r2 is None else _ratio(r2),
        at_reference=_in_percent(curve.win_probability(1)),
        even_ratio=None if even is None else _ratio(even),
        ratio_low=_ratio(curve.ratio_low),
        ratio_high=_ratio(curve.ratio_high),
    )


def _chance(
    opportunity: Opportunity, pnl: DealPnL | None, curve: BidResponse
) -> Decimal:
    """Return the fitted chance where there is a reference, else the recorded one."""
    if opportunity.reference is None:
        return opportunity.probability
    ratio = _over(_bid(opportunity, pnl), opportunity.reference)
    return Decimal(repr(curve.win_probability(ratio)))


def _over(price: Money, reference: Money) -> float:
    """Return a price over its reference, exactly divided, as a float."""
    return float(Fraction(price.amount) / Fraction(reference.amount))


def _bid(opportunity: Opportunity, pnl: DealPnL | None) -> Money:
    """Return what the opportunity is bid at (as :attr:`Opportunity.price`)."""
    return opportunity.value if pnl is None else pnl.price


def _priced(
    account: Account,
    opportunity: Opportunity,
    curve: BidResponse | None,
    pnl: DealPnL | None,
) -> PricedOpportunity:
    deal = opportunity.deal
    price = _bid(opportunity, pnl)
    reference = opportunity.reference
    fitted = low = high = None
    best = None
    extrapolated = False
    if curve is not None and reference is not None:
        ratio = _over(price, reference)
        fitted = _in_percent(curve.win_probability(ratio))
        low, high = (_in_percent(end) for end in curve.interval(ratio))
        if pnl is not None and pnl.cost.amount > 0 and curve.b > 0:
            plan = price_to_win(curve, reference=reference, cost=pnl.cost)
            best, extrapolated = plan.best.price, plan.extrapolated
    approvals: Approvals | None = None
    if deal is not None and account.approvals is not None:
        approvals = deal_approvals(deal, account.approvals)
    return PricedOpportunity(
        opportunity=opportunity.id,
        name=opportunity.name,
        price=price,
        cost=None if pnl is None else pnl.cost,
        margin_rate=None
        if pnl is None or pnl.margin_rate is None
        else rounded(pnl.margin_rate * HUNDRED),
        probability=rounded(opportunity.probability * HUNDRED),
        fitted_probability=fitted,
        fitted_low=low,
        fitted_high=high,
        best_price=best,
        best_extrapolated=extrapolated,
        required_level=None if approvals is None else approvals.required_level,
        approved_level=None if deal is None else deal.approved_level,
        approved=None if approvals is None else approvals.approved,
        below_walk_away=None if approvals is None else approvals.below_walk_away,
        needs=()
        if approvals is None
        else tuple(f"{n.level}: {n.reason}" for n in approvals.needs),
    )


def _measures(growth: GrowthPosition) -> dict[str, object]:
    return {"win_rate": growth.win_rate, "pipeline_cover": growth.pipeline_cover}


def _flags(
    account: Account, _day: date, growth: GrowthPosition, limits: Thresholds
) -> Iterable[Flag]:
    yield from _deal_flags(account, growth)
    if growth.win_rate is not None and growth.win_rate < limits.win_rate:
        yield Flag(
            priority=Priority.WATCH,
            area=Area.GROWTH,
            code="growth.win_rate_low",
            message=(
                f"win rate {growth.win_rate}% over the last 12 months "
                f"({growth.won} won, {growth.lost} lost)"
            ),
            evidence=growth.lost_opportunities,
        )


def _deal_flags(account: Account, growth: GrowthPosition) -> Iterable[Flag]:
    walk_away = (
        None if account.approvals is None else account.approvals.walk_away_margin
    )
    for deal in growth.priced:
        if deal.below_walk_away:
            yield Flag(
                priority=Priority.NOW,
                area=Area.GROWTH,
                code="growth.deal_below_walk_away",
                message=(
                    f"{deal.name}: priced at {deal.price}, a margin of "
                    f"{deal.margin_rate}%, below the walk-away margin of "
                    f"{rounded((walk_away or Decimal(0)) * HUNDRED)}%"
                ),
                evidence=(deal.opportunity,),
            )
        if deal.approved is False:
            signed = deal.approved_level or "nobody"
            yield Flag(
                priority=Priority.THIS_MONTH,
                area=Area.GROWTH,
                code="growth.deal_below_approval",
                message=(
                    f"{deal.name}: priced at {deal.price} needs {deal.required_level}"
                    f" sign-off; signed off by {signed}"
                ),
                evidence=(deal.opportunity, *deal.needs),
            )


GROWTH = ReviewArea("growth", _position, _measures, _flags)
"""The pipeline and the win rate."""
