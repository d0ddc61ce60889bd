"""The deal P&L and its waterfall, worked by hand; the deal becoming a contract."""

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from tests.strategies.deals import deals

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.contracts import (
    ContractKind,
    Frequency,
    PaymentTerms,
    billing_schedule,
    contract_value,
)
from accountkit.deals import (
    CostKind,
    Deal,
    DealCost,
    Effort,
    RoleRate,
    deal_contract,
    deal_pnl,
)
from accountkit.periods import Period


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def rich_deal(**changes: object) -> Deal:
    """Two years, two roles, two units, every kind of cost, both escalations.

    The figures worked by hand in the tests below:

    Year 1, day costs engineer 600 and lead 900, list 1,000 and 1,500:
      labour 200 x 600 + 50 x 900 = 165,000.00; list 200,000 + 75,000 = 275,000.00
      one-time: transition 20,000 + ramp-up 5,000 = 25,000.00
      contingency 10 % of (165,000 + 25,000) = 19,000.00
      cost 209,000.00
    Year 2, costs up 5 % (630, 945), list up 3 % (1,030, 1,545):
      labour 200 x 630 + 30.5 x 945 = 126,000 + 28,822.50 = 154,822.50
      list 200 x 1,030 + 30.5 x 1,545 = 206,000 + 47,122.50 = 253,122.50
      one-time: other 1,234.56; pass-through 10,000.00, recharged at +5 % 10,500.00
      contingency 10 % of (154,822.50 + 1,234.56) = 15,605.706 -> 15,605.71
      cost 154,822.50 + 1,234.56 + 10,000 + 15,605.71 = 181,662.77
    Cost 390,662.77; at a 25 % margin the price is 390,662.77 / 0.75 =
    520,883.69333... rounded up: 520,883.70. Less the recharge, the service
    price is 510,383.70, split over the years by list price 275,000.00 :
    253,122.50: 26,576,318.468 and 24,462,051.532 cents; the leftover cent
    goes to year 2's larger remainder: 265,763.18 and 244,620.52.
    """
    fields: dict[str, object] = {
        "id": "d1",
        "name": "Managed data platform",
        "client": "acme",
        "currency": "EUR",
        "start": date(2027, 1, 1),
        "years": 2,
        "lead_unit": "apps",
        "rates": (
            RoleRate(role="engineer", price=eur("1000"), cost=eur("600")),
            RoleRate(role="lead", price=eur("1500"), cost=eur("900")),
        ),
        "effort": (
            Effort(role="engineer", deal_year=1, days=Decimal(200)),
            Effort(role="lead", deal_year=1, days=Decimal(50)),
            Effort(role="engineer", deal_year=2, days=Decimal(200), unit="data"),
            Effort(role="lead", deal_year=2, days=Decimal("30.5")),
        ),
        "costs": (
            DealCost(
                id="tx", kind=CostKind.TRANSITION, deal_year=1, amount=eur("20000")
            ),
            DealCost(
                id="ramp",
                kind=CostKind.RAMP_UP,
                deal_year=1,
                amount=eur("5000"),
                unit="data",
            ),
            DealCost(
                id="licences",
                kind=CostKind.PASS_THROUGH,
                deal_year=2,
                amount=eur("10000"),
                markup_rate=Decimal("0.05"),
            ),
            DealCost(
                id="misc", kind=CostKind.OTHER, deal_year=2, amount=eur("1234.56")
            ),
        ),
        "contingency_rate": Decimal("0.10"),
        "cost_escalation_rate": Decimal("0.05"),
        "price_escalation_rate": Decimal("0.03"),
        "target_margin": Decimal("0.25"),
        "volume_unit": "user",
        "volumes": (Decimal(1000), Decimal(0)),
    }
    fields.update(changes)
    return Deal(**fields)  # type: ignore[arg-type]


def test_years_worked_by_hand() -> None:
    first, second = deal_pnl(rich_deal()).years
    assert first.deal_year == 1
    assert first.period == Period(date(2027, 1, 1), date(2028, 1, 1))
    assert first.labour_cost == eur("165000.00")
    assert first.list_price == eur("275000.00")
    assert first.one_time_cost == eur("25000.00")
    assert first.pass_through_cost == eur("0.00")
    assert first.recharge == eur("0.00")
    assert first.contingency == eur("19000.00")
    assert first.cost == eur("209000.00")
    assert first.revenue == eur("265763.18")
    assert first.margin == eur("56763.18")
    # 56,763.18 / 265,763.18 = 0.213587...
    assert first.margin_rate == Decimal("0.2136")
    assert first.volume == Decimal(1000)
    assert first.unit_price == eur("265.76")
    assert second.deal_year == 2
    assert second.period == Period(date(2028, 1, 1), date(2029, 1, 1))
    assert second.labour_cost == eur("154822.50")
    assert second.list_price == eur("253122.50")
    assert second.one_time_cost == eur("1234.56")
    assert second.pass_through_cost == eur("10000.00")
    assert second.recharge == eur("10500.00")
    assert second.contingency == eur("15605.71")
    assert second.cost == eur("181662.77")
    assert second.revenue == eur("255120.52")  # 244,620.52 + 10,500
    assert second.margin == eur("73457.75")
    # 73,457.75 / 255,120.52 = 0.287933...
    assert second.margin_rate == Decimal("0.2879")
    assert second.volume == Decimal(0)
    assert second.unit_price is None  # no volume to price per unit


def test_totals_worked_by_hand() -> None:
    pnl = deal_pnl(rich_deal())
    assert pnl.deal_id == "d1"
    assert pnl.cost == eur("390662.77")
    assert pnl.price == eur("520883.70")
    assert pnl.acv == eur("260441.85")  # 520,883.70 / 2
    assert pnl.service_price == eur("510383.70")
    assert pnl.list_price == eur("528122.50")
    # 1 - 510,383.70 / 528,122.50 = 0.0335884...
    assert pnl.discount_rate == Decimal("0.0336")
    assert pnl.margin == eur("130220.93")
    # 130,220.93 / 520,883.70 = 0.2500000...: the target, never below it
    assert pnl.margin_rate == Decimal("0.2500")
    assert pnl.basis == (
        "price built up from cost at a target margin of 0.25, rounded up to "
        "the minor unit"
    )


def test_waterfall_worked_by_hand() -> None:
    steps = deal_pnl(rich_deal()).steps
    assert [(s.code, s.amount, s.total) for s in steps] == [
        ("labour", eur("319822.50"), eur("319822.50")),  # 165,000 + 154,822.50
        ("transition", eur("20000.00"), eur("339822.50")),
        ("ramp_up", eur("5000.00"), eur("344822.50")),
        ("other", eur("1234.56"), eur("346057.06")),
        ("contingency", eur("34605.71"), eur("380662.77")),  # 19,000 + 15,605.71
        ("pass_through", eur("10000.00"), eur("390662.77")),  # the cost
        ("pass_through_markup", eur("500.00"), eur("391162.77")),
        ("margin", eur("129720.93"), eur("520883.70")),  # the price
    ]
    assert [s.label for s in steps] == [
        "delivery effort at day cost",
        "transition",
        "ramp-up",
        "other costs",
        "risk contingency",
        "pass-through costs",
        "markup on pass-through",
        "margin",
    ]


def test_price_set_top_down() -> None:
    """600,000 set: service 589,500.00 split 275,000 : 253,122.50.

    58,950,000 x 27,500,000 / 52,812,250 = 30,696,003.29 cents and
    58,950,000 x 25,312,250 / 52,812,250 = 28,253,996.71: floors 306,960.03
    and 282,539.96, the leftover cent to year 2's larger remainder (.71),
    282,539.97, and its recharge of 10,500.00 on top.
    """
    pnl = deal_pnl(rich_deal(target_margin=None, price=eur("600000")))
    assert pnl.price == eur("600000")
    assert pnl.service_price == eur("589500.00")
    assert [y.revenue for y in pnl.years] == [eur("306960.03"), eur("293039.97")]
    assert pnl.margin == eur("209337.23")  # 600,000 - 390,662.77
    assert pnl.margin_rate == Decimal("0.3489")  # 0.348895...
    # 1 - 589,500 / 528,122.50 = -0.116218...: a premium over list
    assert pnl.discount_rate == Decimal("-0.1162")
    assert pnl.basis == "price set top-down"
    assert pnl.steps[-1].total == eur("600000.00")


def test_target_margin_price_rounds_up() -> None:
    """Cost 100.00 at 30 %: 100 / 0.7 = 142.857... rounds up to 142.86."""
    deal = Deal(
        id="d",
        name="",
        client="c",
        currency="EUR",
        start=date(2027, 1, 1),
        years=1,
        lead_unit="u",
        rates=(RoleRate(role="r", price=eur("0"), cost=eur("100")),),
        effort=(Effort(role="r", deal_year=1, days=Decimal(1)),),
        target_margin=Decimal("0.3"),
    )
    pnl = deal_pnl(deal)
    assert pnl.price == eur("142.86")
    assert pnl.margin_rate == Decimal("0.3000")  # 42.86 / 142.86 = 0.30001...
    # no list price: no discount, and the service price falls in its one year
    assert pnl.discount_rate is None
    assert pnl.years[0].revenue == eur("142.86")


def test_service_price_spread_evenly_without_a_list_price() -> None:
    """Nothing on the rate card: 100.01 over 3 years is 33.34, 33.34, 33.33."""
    deal = Deal(
        id="d",
        name="",
        client="c",
        currency="EUR",
        start=date(2027, 1, 1),
        years=3,
        lead_unit="u",
        rates=(RoleRate(role="r", price=eur("0"), cost=eur("10")),),
        effort=(Effort(role="r", deal_year=1, days=Decimal(1)),),
        price=eur("100.01"),
    )
    assert [y.revenue for y in deal_pnl(deal).years] == [
        eur("33.34"),
        eur("33.34"),
        eur("33.33"),
    ]


def test_a_price_below_the_recharges_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        deal_pnl(rich_deal(target_margin=None, price=eur("10000")))
    assert str(caught.value) == (
        "deal_pnl.price: the price EUR 10,000.00 is below the pass-through "
        "recharges EUR 10,500.00: nothing would be left for the service"
    )


def test_target_margin_below_recharges_is_refused_at_target_margin() -> None:
    deal = rich_deal(
        effort=(),
        costs=(
            DealCost(
                id="lic",
                kind=CostKind.PASS_THROUGH,
                deal_year=1,
                amount=eur("100"),
                markup_rate=Decimal("0.5"),
            ),
        ),
        target_margin=Decimal("0.1"),
    )
    # cost 100, price 100 / 0.9 = 111.12 < the recharge 150.00
    with pytest.raises(ValidationError, match=r"^deal_pnl\.target_margin: "):
        deal_pnl(deal)


@given(deal=deals)
@settings(max_examples=60)
def test_the_parts_always_add_up(deal: Deal) -> None:
    """Every column adds up to its total, and the waterfall ends at the price."""
    pnl = deal_pnl(deal)
    currency = deal.currency

    def total(field: str) -> Money:
        return Money.total((getattr(y, field) for y in pnl.years), currency=currency)

    assert total("revenue") == pnl.price
    assert total("cost") == pnl.cost
    assert total("margin") == pnl.margin
    assert total("list_price") == pnl.list_price
    assert pnl.steps[-1].total == pnl.price
    assert Money.total((s.amount for s in pnl.steps), currency=currency) == pnl.price
    assert pnl.steps[5].total == pnl.cost  # after pass-through: the whole cost
    for year in pnl.years:
        parts = (
            year.labour_cost,
            year.one_time_cost,
            year.pass_through_cost,
            year.contingency,
        )
        assert Money.total(parts, currency=currency) == year.cost
    if deal.target_margin is not None and pnl.price.amount:
        margin = pnl.margin.amount / pnl.price.amount
        assert margin >= deal.target_margin


def test_deal_contract_carries_the_price_exactly() -> None:
    deal = rich_deal(payment_terms=PaymentTerms.net(45))
    contract = deal_contract(
        deal, signed_on=date(2026, 12, 1), contract_id="sow-7", parent_id="msa-1"
    )
    assert contract.id == "sow-7"
    assert contract.title == "Managed data platform"
    assert contract.kind is ContractKind.SOW
    assert contract.client == "acme"
    assert contract.currency == "EUR"
    assert contract.term == Period(date(2027, 1, 1), date(2029, 1, 1))
    assert contract.signed_on == date(2026, 12, 1)
    assert contract.parent_id == "msa-1"
    assert contract.payment_terms == PaymentTerms.net(45)
    assert [
        (c.id, c.amount, c.frequency, c.start, c.end) for c in contract.charges
    ] == [
        (
            "service",
            eur("265763.18"),
            Frequency.ANNUAL,
            date(2027, 1, 1),
            date(2028, 1, 1),
        ),
        (
            "service",
            eur("244620.52"),
            Frequency.ANNUAL,
            date(2028, 1, 1),
            date(2029, 1, 1),
        ),
        (
            "pass-through",
            eur("10500.00"),
            Frequency.ONE_TIME,
            date(2028, 1, 1),
            date(2029, 1, 1),
        ),
    ]
    value = contract_value(contract)
    assert value.tcv == eur("520883.70")
    lines = billing_schedule(contract)
    assert [(line.bill_on, line.amount) for line in lines] == [
        (date(2027, 1, 1), eur("265763.18")),
        (date(2028, 1, 1), eur("244620.52")),
        (date(2028, 1, 1), eur("10500.00")),
    ]


def test_deal_contract_defaults() -> None:
    contract = deal_contract(rich_deal(), signed_on=date(2026, 12, 1))
    assert contract.id == "d1"
    assert contract.kind is ContractKind.SOW
    assert contract.parent_id is None
    assert contract.payment_terms == PaymentTerms.net(30)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"target_margin": None},
            (
                "Deal.target_margin: give exactly one of target_margin (price built "
                "up from cost) and price (set top-down)"
            ),
        ),
        (
            {"price": eur("1")},
            (
                "Deal.target_margin: give exactly one of target_margin (price built "
                "up from cost) and price (set top-down)"
            ),
        ),
        (
            {"target_margin": Decimal(1)},
            "Deal.target_margin: a margin on the price is below 1, got 1",
        ),
        (
            {"years": 16},
            "Deal.years: a deal runs at most 15 years, got 16",
        ),
        (
            {"years": 0},
            "Deal.years: expected a whole number of at least 1, got 0",
        ),
        (
            {"effort": (Effort(role="tester", deal_year=1, days=Decimal(1)),)},
            "Deal.effort[0].role: role 'tester' is not on the rate card",
        ),
        (
            {"effort": (Effort(role="lead", deal_year=3, days=Decimal(1)),)},
            "Deal.effort[0].deal_year: the deal runs 2 years, got year 3",
        ),
        (
            {
                "effort": (
                    Effort(role="lead", deal_year=1, days=Decimal(1)),
                    Effort(role="lead", deal_year=1, days=Decimal(2)),
                )
            },
            (
                "Deal.effort[1]: lead in year 1 is given twice (effort[0] and here): "
                "one line per role, year and unit"
            ),
        ),
        (
            {
                "rates": (
                    RoleRate(role="lead", price=eur("1"), cost=eur("1")),
                    RoleRate(role="lead", price=eur("2"), cost=eur("1")),
                ),
                "effort": (),
            },
            "Deal.rates[1]: role 'lead' has two rates (rates[0] and here)",
        ),
        (
            {
                "costs": (
                    DealCost(id="x", kind=CostKind.OTHER, deal_year=3, amount=eur("1")),
                )
            },
            "Deal.costs[0].deal_year: the deal runs 2 years, got year 3",
        ),
        (
            {
                "costs": (
                    DealCost(id="x", kind=CostKind.OTHER, deal_year=1, amount=eur("1")),
                    DealCost(id="x", kind=CostKind.OTHER, deal_year=2, amount=eur("1")),
                )
            },
            "Deal.costs[1].id: id 'x' is used twice (costs[0] and here)",
        ),
        (
            {"volumes": (Decimal(1),)},
            "Deal.volumes: one volume per deal year (2), got 1",
        ),
        (
            {"volume_unit": ""},
            "Deal.volume_unit: volumes need a volume_unit saying what they count",
        ),
        (
            {"volumes": (Decimal(1), Decimal(-1))},
            "Deal.volumes[1]: expected a volume of 0 or more, got Decimal('-1')",
        ),
        (
            {"volumes": (Decimal(1), "many")},
            "Deal.volumes[1]: expected a volume of 0 or more, got 'many'",
        ),
        (
            {"contingency_rate": Decimal("1.1")},
            (
                "Deal.contingency_rate: must be at least 0 and at most 1 (a share of "
                "the cost at risk, 0.1 for 10%), got 1.1"
            ),
        ),
        (
            {"cost_escalation_rate": Decimal("-0.01")},
            (
                "Deal.cost_escalation_rate: must be at least 0 and at most 1 (a "
                "yearly rate, 0.03 for 3%), got -0.01"
            ),
        ),
        (
            {"lead_unit": ""},
            "Deal.lead_unit: expected a non-empty identifier, got ''",
        ),
    ],
)
def test_deal_refusals(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rich_deal(**changes)
    assert str(caught.value) == message


def test_amounts_in_another_currency_refused() -> None:
    with pytest.raises(CurrencyMismatchError) as caught:
        rich_deal(liability_cap=Money("1", "USD"))
    assert str(caught.value) == ("Deal.liability_cap: in USD, but the deal is in EUR")
    with pytest.raises(CurrencyMismatchError, match=r"^Deal\.rates\[1\]\.cost: "):
        rich_deal(
            rates=(
                RoleRate(role="engineer", price=eur("1"), cost=eur("1")),
                RoleRate(role="lead", price=eur("1"), cost=Money("1", "USD")),
            )
        )


def test_markup_only_on_pass_through() -> None:
    with pytest.raises(ValidationError) as caught:
        DealCost(
            id="x",
            kind=CostKind.TRANSITION,
            deal_year=1,
            amount=eur("1"),
            markup_rate=Decimal("0.1"),
        )
    assert str(caught.value) == (
        "DealCost.markup_rate: only a pass-through cost is recharged with a "
        "markup; a transition cost is recovered through the price, got 0.1"
    )


def test_deal_defaults() -> None:
    deal = Deal(
        id="d",
        name="n",
        client="c",
        currency="EUR",
        start=date(2027, 3, 31),
        years=1,
        lead_unit="u",
        rates=(),
        effort=(),
        price=eur("1"),
    )
    assert deal.costs == ()
    assert deal.contingency_rate == Decimal(0)
    assert deal.cost_escalation_rate == Decimal(0)
    assert deal.price_escalation_rate == Decimal(0)
    assert deal.target_margin is None
    assert deal.payment_terms == PaymentTerms.net(30)
    assert deal.liability_cap is None
    assert deal.volume_unit == ""
    assert deal.volumes == ()
    assert deal.approved_level is None
    assert deal.description == ""
    assert deal.term == Period(date(2027, 3, 31), date(2028, 3, 31))
    cost = DealCost(id="x", kind=CostKind.OTHER, deal_year=1, amount=eur("1"))
    assert cost.markup_rate == Decimal(0)
    assert cost.unit is None
    assert Effort(role="r", deal_year=1, days=Decimal(1)).unit is None


def test_year_period_from_the_anchor() -> None:
    """Years are added to the start, never chained: Jan 31 + 12 months."""
    deal = attrs.evolve(rich_deal(), start=date(2028, 2, 29))
    assert deal.year_period(2) == Period(date(2029, 2, 28), date(2030, 2, 28))
    with pytest.raises(ValidationError, match=r"runs 2 years, got year 3"):
        deal.year_period(3)
    with pytest.raises(ValidationError, match=r"at least 1, got 0"):
        deal.year_period(0)


def test_volumes_accept_whole_numbers() -> None:
    deal = rich_deal(volumes=(1000, 2000))
    assert deal.volumes == (Decimal(1000), Decimal(2000))
