"""Strategies for accountkit.deals: valid bids, fitted curves and deals."""

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from accountkit import Money
from accountkit.deals import (
    ApprovalMatrix,
    ApprovalNeed,
    ApprovalRule,
    Approvals,
    BidOutcome,
    BidResponse,
    CostKind,
    Deal,
    DealCost,
    DealPnL,
    DealYear,
    Effort,
    Measure,
    PriceToWin,
    RevenueSplit,
    RoleRate,
    TradeOffPoint,
    Transfer,
    UnitShare,
    UnitSplit,
    WaterfallStep,
    deal_approvals,
    deal_pnl,
    price_to_win,
    revenue_split,
)

__all__ = ["bid_outcomes", "bid_responses", "deals"]  # and one per model

_AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2)

bid_outcomes = st.builds(
    lambda currency, price, reference, won: BidOutcome(
        price=Money(price, currency), reference=Money(reference, currency), won=won
    ),
    st.sampled_from(["EUR", "USD", "GBP"]),
    _AMOUNTS,
    _AMOUNTS,
    st.booleans(),
)

_FINITE = st.floats(-1e6, 1e6, allow_nan=False)

bid_responses = st.builds(
    BidResponse,
    a=_FINITE,
    b=_FINITE,
    variance_a=st.floats(0, 1e6),
    variance_b=st.floats(0, 1e6),
    covariance_ab=_FINITE,
    bids=st.integers(0, 10_000),
    wins=st.integers(0, 10_000),
    log_likelihood=st.floats(-1e6, 0),
    iterations=st.integers(0, 100),
    ratio_low=st.floats(0, 1e3),
    ratio_high=st.floats(0, 1e3),
)

st.register_type_strategy(BidOutcome, bid_outcomes)
st.register_type_strategy(BidResponse, bid_responses)


_CURRENCIES = st.sampled_from(["EUR", "USD", "JPY"])
_DAY_FIGURES = st.decimals(min_value=Decimal(0), max_value=Decimal(3000), places=2)
_RATES = st.decimals(min_value=Decimal(0), max_value=Decimal("0.2"), places=3)


@st.composite
def _deal(draw: st.DrawFn) -> Deal:
    currency = draw(_CURRENCIES)
    places = 0 if currency == "JPY" else 2

    def money(low: int, high: int) -> Money:
        amount = draw(st.decimals(min_value=low, max_value=high, places=places))
        return Money(amount, currency)

    years = draw(st.integers(1, 4))
    roles = draw(
        st.lists(
            st.sampled_from(["pm", "dev", "qa", "ops"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    rates = tuple(
        RoleRate(role=role, price=money(0, 3000), cost=money(0, 2000)) for role in roles
    )
    units = st.sampled_from([None, "apps", "data", "cloud"])
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(roles), st.integers(1, years), units),
            max_size=8,
            unique=True,
        )
    )
    effort = tuple(
        Effort(
            role=role,
            deal_year=year,
            days=draw(st.decimals(min_value=0, max_value=400, places=1)),
            unit=unit,
        )
        for role, year, unit in keys
    )
    top_down = draw(st.booleans())
    costs = []
    for index in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(list(CostKind)))
        costs.append(
            DealCost(
                id=f"c{index}",
                kind=kind,
                deal_year=draw(st.integers(1, years)),
                amount=money(0, 50_000),
                # built up from a margin, the price covers the recharges only
                # when the markup is no more than the margin: keep it nil then
                markup_rate=draw(_RATES)
                if kind is CostKind.PASS_THROUGH and top_down
                else 0,
                unit=draw(units),
            )
        )
    recharges = sum((c.amount.amount * (1 + c.markup_rate) for c in costs), Decimal(0))
    price = Money(
        (
            recharges + draw(st.decimals(min_value=0, max_value=10**6, places=0))
        ).to_integral_value(rounding="ROUND_CEILING"),
        currency,
    )
    with_volumes = draw(st.booleans())
    return Deal(
        id="deal",
        name="A deal",
        client="client",
        currency=currency,
        start=draw(st.dates(date(2020, 1, 1), date(2035, 12, 31))),
        years=years,
        lead_unit="apps",
        rates=rates,
        effort=effort,
        costs=tuple(costs),
        contingency_rate=draw(_RATES),
        cost_escalation_rate=draw(_RATES),
        price_escalation_rate=draw(_RATES),
        target_margin=None
        if top_down
        else draw(st.decimals(min_value=0, max_value=Decimal("0.6"), places=2)),
        price=price if top_down else None,
        volume_unit="user" if with_volumes else "",
        volumes=tuple(
            draw(st.decimals(min_value=0, max_value=10**5, places=0))
            for _ in range(years)
        )
        if with_volumes
        else (),
    )


deals = _deal()


_IDS = st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True)
_LEVELS = ("account-lead", "practice-head", "cfo", "board")

role_rates = st.builds(
    lambda role, currency, price, cost: RoleRate(
        role=role, price=Money(price, currency), cost=Money(cost, currency)
    ),
    _IDS,
    _CURRENCIES.filter(lambda c: c != "JPY"),
    _DAY_FIGURES,
    _DAY_FIGURES,
)
efforts = st.builds(
    Effort,
    role=_IDS,
    deal_year=st.integers(1, 15),
    days=st.decimals(min_value=0, max_value=400, places=2),
    unit=st.none() | _IDS,
)
deal_costs = st.builds(
    lambda ident, kind, year, amount, markup, unit: DealCost(
        id=ident,
        kind=kind,
        deal_year=year,
        amount=Money(amount, "EUR"),
        markup_rate=markup if kind is CostKind.PASS_THROUGH else 0,
        unit=unit,
    ),
    _IDS,
    st.sampled_from(list(CostKind)),
    st.integers(1, 15),
    _DAY_FIGURES,
    _RATES,
    st.none() | _IDS,
)
unit_shares = st.builds(
    UnitShare, unit=_IDS, weight=st.decimals(min_value=0, max_value=100, places=2)
)
approval_rules = st.builds(
    ApprovalRule,
    level=st.sampled_from(_LEVELS),
    measure=st.sampled_from(list(Measure)),
    threshold=st.decimals(min_value=0, max_value=Decimal("0.99"), places=2),
)
approval_matrices = st.builds(
    lambda rules, walk_away: ApprovalMatrix(
        currency="EUR", levels=_LEVELS, rules=tuple(rules), walk_away_margin=walk_away
    ),
    st.lists(approval_rules, max_size=5),
    st.none() | st.decimals(min_value=-1, max_value=1, places=2),
)
deal_pnls = deals.map(deal_pnl)
deal_years = deal_pnls.map(lambda pnl: pnl.years[0])
waterfall_steps = deal_pnls.flatmap(lambda pnl: st.sampled_from(pnl.steps))
_EUR_DEALS = deals.filter(lambda d: d.currency == "EUR")
approvals = st.builds(deal_approvals, _EUR_DEALS, approval_matrices)
approval_needs = st.builds(
    ApprovalNeed,
    level=st.sampled_from(_LEVELS),
    measure=st.sampled_from(list(Measure)),
    value=st.none() | st.decimals(min_value=-1, max_value=10**9, places=4),
    threshold=st.decimals(min_value=0, max_value=10**9, places=2),
    reason=st.text(max_size=40),
)
revenue_splits = st.builds(
    revenue_split,
    deals,
    st.just(
        [
            UnitShare(unit="apps", weight=Decimal(3)),
            UnitShare(unit="data", weight=Decimal(1)),
        ]
    ),
)
unit_splits = revenue_splits.map(lambda split: split.units[0])
transfers = st.builds(
    lambda year, amount: Transfer(
        deal_year=year, from_unit="apps", to_unit="data", amount=Money(amount, "EUR")
    ),
    st.integers(1, 15),
    _DAY_FIGURES,
)
prices_to_win = st.builds(
    lambda cost: price_to_win(
        BidResponse(
            a=-11.0,
            b=10.0,
            variance_a=1.0,
            variance_b=1.0,
            covariance_ab=-0.9,
            bids=20,
            wins=10,
            log_likelihood=-9.0,
            iterations=5,
            ratio_low=0.8,
            ratio_high=1.3,
        ),
        reference=Money("100000", "EUR"),
        cost=Money(cost, "EUR"),
        points=5,
    ),
    st.decimals(min_value=1, max_value=99_999, places=2),
)
trade_off_points = prices_to_win.map(lambda plan: plan.best)

for _kind, _strategy in [
    (Deal, deals),
    (RoleRate, role_rates),
    (Effort, efforts),
    (DealCost, deal_costs),
    (UnitShare, unit_shares),
    (ApprovalRule, approval_rules),
    (ApprovalMatrix, approval_matrices),
    (DealPnL, deal_pnls),
    (DealYear, deal_years),
    (WaterfallStep, waterfall_steps),
    (Approvals, approvals),
    (ApprovalNeed, approval_needs),
    (RevenueSplit, revenue_splits),
    (UnitSplit, unit_splits),
    (Transfer, transfers),
    (PriceToWin, prices_to_win),
    (TradeOffPoint, trade_off_points),
]:
    st.register_type_strategy(_kind, _strategy)
