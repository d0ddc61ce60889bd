from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, Period, ValidationError
from accountkit.contracts import (
    Contract,
    ContractKind,
    Rate,
    RateCard,
    TimeAndMaterials,
    Unit,
    Usage,
)
from accountkit.finance import (
    Delivery,
    ItemStatus,
    LineItem,
    order_book,
    price_volume_mix,
    revenue_leakage,
    unconsumed_caps,
)


def eur(amount: str | int) -> Money:
    return Money(amount, "EUR")


def item(name: str, quantity: int | str, price: str | int) -> LineItem:
    return LineItem(item=name, quantity=quantity, unit_price=eur(price))


# --- price, volume, mix -------------------------------------------------------------------


def test_price_volume_mix_worked_case():
    """The issue's case: budget A 100 @ 10, B 50 @ 20; actual A 120 @ 9.50, B 40 @ 21.

    Price: A -0.5 x 120 = -60, B +1 x 40 = +40, total -20.
    Volume: A +20 x 10 = 200, B -10 x 20 = -200, total 0.
    Quantity: 10 more units at the budget mix (2/3, 1/3): A 66.67, B 66.66
    (66.666... each, the odd cent to the first), total 133.33.
    Mix: A (120 - 160 x 2/3) x 10 = 133.33, B (40 - 160/3) x 20 = -266.66,
    total -133.33 (volume - quantity). Total variance 1,980 - 2,000 = -20.
    """
    result = price_volume_mix(
        [item("A", 100, 10), item("B", 50, 20)],
        [item("A", 120, "9.50"), item("B", 40, 21)],
    )
    assert (result.budget, result.actual, result.total) == (
        eur(2000),
        eur(1980),
        eur(-20),
    )
    assert (result.price, result.volume) == (eur(-20), eur(0))
    assert (result.quantity, result.mix) == (eur("133.33"), eur("-133.33"))
    lines = [(x.item, x.price, x.quantity, x.mix, x.variance) for x in result.items]
    assert lines == [
        ("A", eur(-60), eur("66.67"), eur("133.33"), eur(140)),
        ("B", eur(40), eur("66.66"), eur("-266.66"), eur(-160)),
    ]


def test_new_and_dropped_items_get_their_own_lines():
    """Budget A 10 @ 5, B 5 @ 10; actual A 10 @ 5, C 2 @ 7.

    A unchanged; C is new (+14); B dropped (-50); total 64 - 100 = -36.
    """
    result = price_volume_mix(
        [item("A", 10, 5), item("B", 5, 10)], [item("A", 10, 5), item("C", 2, 7)]
    )
    assert (result.new, result.dropped, result.total) == (eur(14), eur(-50), eur(-36))
    assert (result.price, result.quantity, result.mix) == (eur(0), eur(0), eur(0))
    status = {x.item: (x.status, x.variance) for x in result.items}
    assert status == {
        "A": (ItemStatus.CONTINUING, eur(0)),
        "B": (ItemStatus.DROPPED, eur(-50)),
        "C": (ItemStatus.NEW, eur(14)),
    }


prices = st.integers(0, 10**6).map(lambda cents: Money.from_minor_units(cents, "EUR"))
quantities = st.decimals(min_value=0, max_value=10**4, places=2)
names = st.sampled_from(["a", "b", "c", "d", "e"])
item_lists = st.dictionaries(names, st.tuples(quantities, prices), max_size=5).map(
    lambda d: [LineItem(item=k, quantity=q, unit_price=p) for k, (q, p) in d.items()]
)


@given(item_lists, item_lists)
def test_the_effects_add_up_to_the_variance_exactly(budget, actual):
    if not budget and not actual:
        return
    result = price_volume_mix(budget, actual)
    parts = result.price + result.quantity + result.mix + result.new + result.dropped
    assert parts == result.total == result.actual - result.budget
    assert result.volume == result.quantity + result.mix
    for column in ("price", "quantity", "mix", "budget", "actual"):
        column_sum = Money.total(
            (getattr(x, column) for x in result.items), currency="EUR"
        )
        assert column_sum == getattr(result, column)


@given(item_lists.filter(bool))
def test_a_budget_met_exactly_has_no_variance(lines):
    result = price_volume_mix(lines, lines)
    assert result.total == result.price == result.quantity == result.mix == eur(0)


def test_an_item_twice_is_named():
    with pytest.raises(ValidationError, match=r"budget\[1\].item: 'A' listed twice"):
        price_volume_mix([item("A", 1, 1), item("A", 2, 1)], [])


def test_prices_in_two_currencies_are_refused():
    dollars = LineItem(item="B", quantity=1, unit_price=Money(1, "USD"))
    with pytest.raises(CurrencyMismatchError, match="prices in EUR, USD"):
        price_volume_mix([item("A", 1, 1)], [dollars])


# --- leakage ---------------------------------------------------------------------------


def test_leakage_by_hand_and_largest_first():
    """Architect: 120 h at 100, 110 billed for 10,450: unbilled 1,000, rate 550.
    Analyst: 80 h at 50 all billed at rate: no leakage.
    Totals: delivered 16,000, billed 14,450, leakage 1,550, realisation 0.9031.
    """
    result = revenue_leakage(
        [
            Delivery(
                item="analyst",
                delivered=80,
                contract_rate=eur(50),
                billed_quantity=80,
                billed=eur(4000),
            ),
            Delivery(
                item="architect",
                delivered=120,
                contract_rate=eur(100),
                billed_quantity=110,
                billed=eur(10450),
            ),
        ]
    )
    assert [x.item for x in result.lines] == ["architect", "analyst"]
    assert (result.delivered_value, result.billed) == (eur(16000), eur(14450))
    assert (result.unbilled, result.rate_leakage, result.leakage) == (
        eur(1000),
        eur(550),
        eur(1550),
    )
    assert str(result.realisation) == "0.9031"


@given(quantities, quantities, prices, prices)
def test_leakage_is_unbilled_plus_rate_leakage(delivered, billed_units, rate, billed):
    result = revenue_leakage(
        [
            Delivery(
                item="x",
                delivered=delivered,
                contract_rate=rate,
                billed_quantity=billed_units,
                billed=billed,
            )
        ]
    )
    assert result.leakage == result.unbilled + result.rate_leakage
    assert result.leakage == result.delivered_value - result.billed


def test_leakage_needs_deliveries():
    with pytest.raises(ValidationError, match="deliveries: expected a non-empty"):
        revenue_leakage([])


# --- unconsumed caps --------------------------------------------------------------------


def _build(cap: int) -> Contract:
    card = RateCard(
        rates=(
            Rate(
                role="dev",
                unit=Unit.HOUR,
                price=eur(100),
                effective_from=date(2026, 1, 1),
            ),
        )
    )
    return Contract(
        id="C-1",
        title="Build",
        kind=ContractKind.SOW,
        client="acme",
        currency="EUR",
        term=Period.year(2026),
        signed_on=date(2025, 12, 1),
        charges=(TimeAndMaterials(id="tm", rate_card=card, cap=eur(cap)),),
    )


SPENT = [
    Usage(charge_id="tm", period=Period.month(2026, m), quantity=50, role="dev")
    for m in range(1, 7)
]


def test_a_cap_that_will_not_be_drawn_is_reported():
    """30,000 in the 181 days to 30 June burns to 30,000 x 365 / 181 = 60,497.24."""
    [cap] = unconsumed_caps(_build(80000), usage=SPENT, as_of=date(2026, 6, 30))
    assert (cap.billed, cap.projected, cap.unconsumed) == (
        eur(30000),
        eur("60497.24"),
        eur("19502.76"),
    )
    assert cap.ends == date(2027, 1, 1)


def test_a_cap_on_course_to_be_drawn_is_not():
    assert unconsumed_caps(_build(60000), usage=SPENT, as_of=date(2026, 6, 30)) == ()


# --- order book --------------------------------------------------------------------------


def test_order_book_by_hand():
    """Opening 1,200; Jan +300 booked, 200 revenue, -50 descoped: 1,250;
    Feb 0 booked, 250 revenue: 1,000. Book-to-bill 300/450 = 0.67;
    coverage 1,000 / (450 / 2) = 4.44 months."""
    book = order_book(
        eur(1200),
        [Period.month(2026, 1), Period.month(2026, 2)],
        bookings=[eur(300), eur(0)],
        revenue=[eur(200), eur(250)],
        adjustments=[eur(-50), eur(0)],
    )
    assert [p.closing for p in book.periods] == [eur(1250), eur(1000)]
    assert str(book.book_to_bill) == "0.67"
    assert str(book.months_of_coverage) == "4.44"
    assert book.periods[1].book_to_bill == 0


def test_series_that_do_not_line_up_are_refused():
    with pytest.raises(ValidationError, match="revenue: has 1 values for 2 periods"):
        order_book(
            eur(0),
            [Period.month(2026, 1), Period.month(2026, 2)],
            bookings=[eur(1), eur(1)],
            revenue=[eur(1)],
        )


def test_periods_with_a_gap_are_refused():
    with pytest.raises(ValidationError, match=r"periods\[1\]: starts 2026-03-01"):
        order_book(
            eur(0),
            [Period.month(2026, 1), Period.month(2026, 3)],
            bookings=[eur(1), eur(1)],
            revenue=[eur(1), eur(1)],
        )


@given(st.lists(st.tuples(prices, prices, prices), min_size=1, max_size=12), prices)
def test_the_backlog_rolls_forward(flows, opening):
    months = [Period.month(2026, m) for m in range(1, len(flows) + 1)]
    book = order_book(
        opening,
        months,
        bookings=[b for b, _, _ in flows],
        revenue=[r for _, r, _ in flows],
        adjustments=[a for _, _, a in flows],
    )
    total = opening
    for b, r, a in flows:
        total = total + b - r + a
    assert book.closing == total
    for before, after in zip(book.periods, book.periods[1:], strict=False):
        assert after.opening == before.closing
