"""Revenue shared between business units: worked by hand, and always adding up."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.deals.test_pnl import eur, rich_deal
from tests.strategies.deals import deals

from accountkit import Money, ValidationError
from accountkit.deals import (
    Deal,
    Effort,
    RoleRate,
    Transfer,
    UnitShare,
    UnitSplit,
    deal_pnl,
    revenue_split,
)

# The rich deal's costs by unit (its effort and costs worked in test_pnl):
# year 1: apps 200 x 600 + 50 x 900 + transition 20,000 = 185,000 at risk;
#         data ramp-up 5,000. Contingency 19,000 split 185,000 : 5,000 =
#         18,500 : 500, so apps 203,500.00 and data 5,500.00.
# year 2: apps lead 28,822.50 + other 1,234.56 = 30,057.06 at risk, plus the
#         licences 10,000; data 200 x 630 = 126,000. Contingency 1,560,571
#         cents split 3,005,706 : 12,600,000 = 300,570.68 : 1,260,000.32
#         cents, the leftover cent to apps: 3,005.71 and 12,600.00. So apps
#         43,062.77 and data 138,600.00.
APPS_COST = eur("246562.77")  # 203,500 + 43,062.77
DATA_COST = eur("144100.00")  # 5,500 + 138,600


def test_agreed_shares_worked_by_hand() -> None:
    """60 : 40 of each year's revenue (265,763.18 and 255,120.52).

    Year 1: 26,576,318 cents x 0.6 = 15,945,790.8 and x 0.4 = 10,630,527.2;
    the leftover cent to the larger remainder (.8): 159,457.91 and 106,305.27.
    Year 2: 25,512,052 x 0.6 = 15,307,231.2, x 0.4 = 10,204,820.8: 153,072.31
    and 102,048.21.
    """
    split = revenue_split(
        rich_deal(),
        [
            UnitShare(unit="data", weight=Decimal(40)),
            UnitShare(unit="apps", weight=Decimal(60)),
        ],
    )
    assert split.deal_id == "d1"
    assert split.booked_by == "apps"
    assert split.basis == "agreed shares"
    assert split.units == (
        UnitSplit(
            unit="apps",
            revenue=eur("312530.22"),
            cost=APPS_COST,
            margin=eur("65967.45"),
            margin_rate=Decimal("0.2111"),  # 0.211075...
        ),
        UnitSplit(
            unit="data",
            revenue=eur("208353.48"),
            cost=DATA_COST,
            margin=eur("64253.48"),
            margin_rate=Decimal("0.3084"),  # 0.308387...
        ),
    )
    assert split.transfers == (
        Transfer(
            deal_year=1, from_unit="apps", to_unit="data", amount=eur("106305.27")
        ),
        Transfer(
            deal_year=2, from_unit="apps", to_unit="data", amount=eur("102048.21")
        ),
    )


def test_shares_by_effort_worked_by_hand() -> None:
    """Each year's revenue in proportion to each unit's cost that year.

    Year 1: 26,576,318 cents x 203,500 / 209,000 = 25,876,941.21 and
    x 5,500 / 209,000 = 699,376.79: the leftover cent to data, 258,769.41
    and 6,993.77. Year 2: 25,512,052 x 43,062.77 / 181,662.77 = 6,047,577.21
    and x 138,600 / 181,662.77 = 19,464,474.79: 60,475.77 and 194,644.75.
    """
    split = revenue_split(rich_deal())
    assert split.basis == "by effort: each unit's cost, year by year"
    assert [
        (u.unit, u.revenue, u.cost, u.margin, u.margin_rate) for u in split.units
    ] == [
        ("apps", eur("319245.18"), APPS_COST, eur("72682.41"), Decimal("0.2277")),
        ("data", eur("201638.52"), DATA_COST, eur("57538.52"), Decimal("0.2854")),
    ]
    assert split.transfers == (
        Transfer(deal_year=1, from_unit="apps", to_unit="data", amount=eur("6993.77")),
        Transfer(
            deal_year=2, from_unit="apps", to_unit="data", amount=eur("194644.75")
        ),
    )


def test_a_unit_with_a_share_and_no_cost() -> None:
    """A sales unit's finder's share: revenue, no cost, all margin, and a
    transfer; units after the lead are in name order."""
    split = revenue_split(
        rich_deal(),
        [
            UnitShare(unit="apps", weight=Decimal(50)),
            UnitShare(unit="data", weight=Decimal(40)),
            UnitShare(unit="advisory", weight=Decimal(10)),
        ],
    )
    assert [u.unit for u in split.units] == ["apps", "advisory", "data"]
    advisory = split.units[1]
    # 10 % of 265,763.18 is 26,576.318 and of 255,120.52 is 25,512.052
    assert advisory.revenue == eur("52088.37")  # 26,576.32 + 25,512.05
    assert advisory.cost == eur("0.00")
    assert advisory.margin == eur("52088.37")
    assert advisory.margin_rate == Decimal("1.0000")
    assert [t.to_unit for t in split.transfers] == [
        "advisory",
        "data",
        "advisory",
        "data",
    ]


def test_a_unit_with_cost_and_no_share_keeps_its_loss() -> None:
    split = revenue_split(rich_deal(), [UnitShare(unit="apps", weight=Decimal(1))])
    data = split.units[1]
    assert data.unit == "data"
    assert data.revenue == eur("0.00")
    assert data.cost == DATA_COST
    assert data.margin == -DATA_COST
    assert data.margin_rate is None  # no revenue to measure it by
    assert split.transfers == ()  # nothing to pass on


def test_a_year_without_cost_is_shared_by_the_whole_deal() -> None:
    """Year 2 carries no cost; its revenue is shared by the deal's costs.

    Year 1: apps 10 days at 60 (600.00, list 1,000.00), data 10 days at 20
    (200.00, list 0). Year 2: 10 days at no cost (list 1,000.00). The price
    of 1,000.00 splits 1,000 : 1,000 over the years, 500.00 each. Year 1
    shares 600 : 200, 375.00 and 125.00; year 2 has no cost, so it shares
    by the whole deal's, 600 : 200 again.
    """
    deal = Deal(
        id="d",
        name="",
        client="c",
        currency="EUR",
        start=date(2027, 1, 1),
        years=2,
        lead_unit="apps",
        rates=(
            RoleRate(role="dev", price=eur("100"), cost=eur("60")),
            RoleRate(role="junior", price=eur("0"), cost=eur("20")),
            RoleRate(role="free", price=eur("100"), cost=eur("0")),
        ),
        effort=(
            Effort(role="dev", deal_year=1, days=Decimal(10)),
            Effort(role="junior", deal_year=1, days=Decimal(10), unit="data"),
            Effort(role="free", deal_year=2, days=Decimal(10)),
        ),
        price=eur("1000"),
    )
    split = revenue_split(deal)
    assert [(u.unit, u.revenue, u.cost) for u in split.units] == [
        ("apps", eur("750.00"), eur("600.00")),
        ("data", eur("250.00"), eur("200.00")),
    ]
    assert [(t.deal_year, t.amount) for t in split.transfers] == [
        (1, eur("125.00")),
        (2, eur("125.00")),
    ]


def test_nothing_to_share_by_is_refused() -> None:
    deal = rich_deal(effort=(), costs=())
    with pytest.raises(ValidationError) as caught:
        revenue_split(deal)
    assert str(caught.value) == (
        "revenue_split.shares: nothing to share the revenue by: no unit has a "
        "cost in the deal; give agreed shares"
    )


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        (
            [
                UnitShare(unit="a", weight=Decimal(1)),
                UnitShare(unit="a", weight=Decimal(2)),
            ],
            "revenue_split.shares[1]: unit 'a' has two shares (shares[0] and here)",
        ),
        (
            [UnitShare(unit="a", weight=Decimal(0))],
            (
                "revenue_split.shares: the shares' weights sum to 0: give at least one "
                "a weight"
            ),
        ),
        (
            ["a"],
            "revenue_split.shares[0]: expected a UnitShare, got str 'a'",
        ),
    ],
)
def test_bad_shares_refused(shares: list[object], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        revenue_split(rich_deal(), shares)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_a_negative_weight_refused() -> None:
    with pytest.raises(ValidationError, match=r"^UnitShare\.weight: must not be"):
        UnitShare(unit="a", weight=Decimal(-1))


@given(
    deal=deals,
    weights=st.lists(st.integers(0, 100), min_size=1, max_size=4).filter(any),
    agreed=st.booleans(),
)
@settings(max_examples=60)
def test_the_units_always_add_up(
    deal: Deal, weights: list[int], *, agreed: bool
) -> None:
    """Revenue, cost and margin over the units equal the deal's, to the cent;
    the lead's revenue and the transfers are the price."""
    pnl = deal_pnl(deal)
    shares = (
        [
            UnitShare(unit=u, weight=Decimal(w))
            for u, w in zip(["apps", "data", "cloud", "x"], weights, strict=False)
        ]
        if agreed
        else None
    )
    has_cost = any(y.cost.amount for y in pnl.years)
    if shares is None and not has_cost:
        with pytest.raises(ValidationError):
            revenue_split(deal, shares)
        return
    split = revenue_split(deal, shares)
    currency = deal.currency

    def total(field: str) -> Money:
        return Money.total((getattr(u, field) for u in split.units), currency=currency)

    assert total("revenue") == pnl.price
    assert total("cost") == pnl.cost
    assert total("margin") == pnl.margin
    passed = Money.total((t.amount for t in split.transfers), currency=currency)
    assert split.units[0].unit == "apps"
    assert split.units[0].revenue + passed == pnl.price
    for year in pnl.years:
        moved = [t.amount for t in split.transfers if t.deal_year == year.deal_year]
        assert Money.total(moved, currency=currency) <= year.revenue
