import functools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.contracts import (
    FixedFee,
    Frequency,
    Rate,
    RateCard,
    Tier,
    TierMode,
    TimeAndMaterials,
    Unit,
    UnitPrice,
    price_units,
    tier_breakdown,
)
from builders import eur
from strategies.contracts import tier_lists

ISSUE_TIERS = (
    Tier(up_to=1000, unit_price=eur("0.10")),
    Tier(up_to=10000, unit_price=eur("0.05")),
    Tier(up_to=None, unit_price=eur("0.01")),
)


def test_graduated_price_of_the_worked_case():
    """Issue 3: 1,000 @ 0.10 + 9,000 @ 0.05 + 5,000 @ 0.01 = 100 + 450 + 50 = 600.00."""
    assert price_units(UnitPrice(id="u", tiers=ISSUE_TIERS), 15000) == eur("600.00")


def test_volume_price_of_the_worked_case():
    """Issue 3: all 15,000 units at the band reached, 0.01 -> 150.00."""
    price = UnitPrice(id="u", tiers=ISSUE_TIERS, mode=TierMode.VOLUME)
    assert price_units(price, 15000) == eur("150.00")


def test_upper_bounds_are_inclusive():
    """Issue 3: 10,000 units fall in the second band (volume: 10,000 x 0.05 = 500)."""
    volume = UnitPrice(id="u", tiers=ISSUE_TIERS, mode=TierMode.VOLUME)
    assert price_units(volume, 10000) == eur("500.00")
    # One more unit falls off the cliff into the third band: 10,001 x 0.01.
    assert price_units(volume, 10001) == eur("100.01")
    graduated = UnitPrice(id="u", tiers=ISSUE_TIERS)
    # 1,000 x 0.10 + 9,000 x 0.05 = 550.00, nothing in the third band yet.
    assert [use.tier for use in tier_breakdown(graduated, 10000)] == [0, 1]


def test_breakdown_explains_each_band():
    uses = tier_breakdown(UnitPrice(id="u", tiers=ISSUE_TIERS), 15000)
    assert [(u.tier, u.units, u.amount) for u in uses] == [
        (0, Decimal(1000), eur("100.00")),
        (1, Decimal(9000), eur("450.00")),
        (2, Decimal(5000), eur("50.00")),
    ]


def test_flat_fees_apply_per_band_used_or_reached():
    tiers = (
        Tier(up_to=100, unit_price=eur("1.00"), flat_fee=eur("10")),
        Tier(up_to=None, unit_price=eur("0.50"), flat_fee=eur("20")),
    )
    # Graduated 150: 100 x 1.00 + 10 + 50 x 0.50 + 20 = 155.00.
    assert price_units(UnitPrice(id="u", tiers=tiers), 150) == eur("155.00")
    # Volume 150: 150 x 0.50 + 20 = 95.00.
    assert price_units(
        UnitPrice(id="u", tiers=tiers, mode=TierMode.VOLUME), 150
    ) == eur("95.00")


def test_zero_units_cost_nothing():
    assert price_units(UnitPrice(id="u", tiers=ISSUE_TIERS), 0) == eur("0.00")


def test_fractional_quantities_are_exact():
    # 2.5 GB at 0.10 = 0.250.
    assert price_units(UnitPrice(id="u", tiers=ISSUE_TIERS), Decimal("2.5")) == eur(
        "0.250"
    )


def test_quantity_above_a_closed_last_band_is_refused():
    tiers = (Tier(up_to=100, unit_price=eur("1")),)
    with pytest.raises(
        ValidationError, match="101 exceeds the last tier's upper bound 100"
    ):
        price_units(UnitPrice(id="u", tiers=tiers), 101)


def test_negative_quantity_is_refused():
    with pytest.raises(
        ValidationError, match=r"price_units\.quantity: must not be negative"
    ):
        price_units(UnitPrice(id="u", tiers=ISSUE_TIERS), -1)


@pytest.mark.parametrize(
    ("tiers", "fragment"),
    [
        ((), r"UnitPrice\.tiers: at least one tier"),
        (
            (
                Tier(up_to=100, unit_price=eur("1")),
                Tier(up_to=100, unit_price=eur("1")),
            ),
            r"UnitPrice\.tiers\[1\]\.up_to: up_to 100 must be above the previous tier's 100",
        ),
        (
            (
                Tier(up_to=500, unit_price=eur("1")),
                Tier(up_to=100, unit_price=eur("1")),
            ),
            r"tiers\[1\]\.up_to: up_to 100 must be above",
        ),
        (
            (
                Tier(up_to=None, unit_price=eur("1")),
                Tier(up_to=100, unit_price=eur("1")),
            ),
            r"tiers\[1\]: follows an open-ended tier",
        ),
    ],
)
def test_tiers_out_of_order_or_overlapping_are_refused(tiers, fragment):
    with pytest.raises(ValidationError, match=fragment):
        UnitPrice(id="u", tiers=tiers)


def test_tiers_in_two_currencies_are_refused():
    tiers = (
        Tier(up_to=10, unit_price=eur("1")),
        Tier(up_to=None, unit_price=Money("1", "USD")),
    )
    with pytest.raises(
        CurrencyMismatchError, match=r"UnitPrice\.tiers\[1\]\.unit_price: in USD"
    ):
        UnitPrice(id="u", tiers=tiers)


def test_tier_bounds_must_be_positive():
    with pytest.raises(ValidationError, match=r"Tier\.up_to: must be positive"):
        Tier(up_to=0, unit_price=eur("1"))


def test_negative_prices_are_refused():
    with pytest.raises(
        ValidationError, match=r"Tier\.unit_price: must not be negative"
    ):
        Tier(up_to=None, unit_price=eur("-1"))
    with pytest.raises(
        ValidationError, match=r"FixedFee\.amount: must not be negative"
    ):
        FixedFee(id="f", amount=eur("-5"), frequency=Frequency.MONTHLY)


def test_fixed_fee_checks():
    with pytest.raises(
        ValidationError, match=r"FixedFee\.escalation_rate: a one-time fee"
    ):
        FixedFee(
            id="f",
            amount=eur("5"),
            frequency=Frequency.ONE_TIME,
            escalation_rate="0.03",
        )
    with pytest.raises(
        ValidationError,
        match=r"FixedFee\.escalation_rate: must be above -1 and at most 1 \(a yearly",
    ):
        FixedFee(
            id="f", amount=eur("5"), frequency=Frequency.MONTHLY, escalation_rate=-1
        )
    with pytest.raises(ValidationError, match=r"FixedFee\.end: must be after start"):
        FixedFee(
            id="f",
            amount=eur("5"),
            frequency=Frequency.MONTHLY,
            start=date(2026, 3, 1),
            end=date(2026, 3, 1),
        )
    with pytest.raises(ValidationError, match=r"FixedFee\.frequency: expected one of"):
        FixedFee(id="f", amount=eur("5"), frequency="monthly")  # type: ignore[arg-type]
    with pytest.raises(
        ValidationError, match=r"FixedFee\.id: expected a non-empty identifier"
    ):
        FixedFee(id=" f", amount=eur("5"), frequency=Frequency.MONTHLY)


def _rate(role: str, price: str, day: date) -> Rate:
    return Rate(role=role, unit=Unit.HOUR, price=eur(price), effective_from=day)


def test_rate_card_applies_a_rate_from_its_effective_date():
    card = RateCard(
        (_rate("dev", "100", date(2026, 1, 1)), _rate("dev", "110", date(2026, 7, 1)))
    )
    assert card.rate_for("dev", date(2026, 6, 30)).price == eur("100")
    assert card.rate_for("dev", date(2026, 7, 1)).price == eur("110")
    assert card.changes_within("dev", date(2026, 6, 1), date(2026, 8, 1)) == [
        date(2026, 7, 1)
    ]


def test_rate_card_refuses_two_rates_for_one_role_on_one_day():
    with pytest.raises(
        ValidationError, match=r"RateCard\.rates\[1\]: a second rate for 'dev'"
    ):
        RateCard(
            (
                _rate("dev", "100", date(2026, 1, 1)),
                _rate("dev", "120", date(2026, 1, 1)),
            )
        )


def test_rate_card_names_a_missing_role_or_day():
    card = RateCard((_rate("dev", "100", date(2026, 1, 1)),))
    with pytest.raises(ValidationError, match="no rate for 'qa' on 2026-02-01"):
        card.rate_for("qa", date(2026, 2, 1))
    with pytest.raises(ValidationError, match="no rate for 'dev' on 2025-12-31"):
        card.rate_for("dev", date(2025, 12, 31))


def test_rate_card_and_cap_share_a_currency():
    card = RateCard((_rate("dev", "100", date(2026, 1, 1)),))
    with pytest.raises(CurrencyMismatchError, match=r"TimeAndMaterials\.cap: in USD"):
        TimeAndMaterials(id="tm", rate_card=card, cap=Money("1000", "USD"))


# --- properties of tiered prices --------------------------------------------------

quantities = st.integers(0, 2 * 10**6)


@given(tier_lists("EUR"), quantities, st.integers(1, 1000))
def test_graduated_price_is_continuous_and_monotone_without_flat_fees(
    tiers, quantity, step
):
    bare = tuple(Tier(up_to=t.up_to, unit_price=t.unit_price) for t in tiers)
    price = UnitPrice(id="u", tiers=bare)
    last = bare[-1].up_to
    assume(last is None or quantity + step <= last)
    low, high = price_units(price, quantity), price_units(price, quantity + step)
    steepest = max(t.unit_price.amount for t in bare)
    assert Money.zero("EUR") <= high - low <= Money(steepest * step, "EUR")


@given(tier_lists("EUR"), quantities)
def test_volume_price_is_the_documented_step_function(tiers, quantity):
    price = UnitPrice(id="u", tiers=tiers, mode=TierMode.VOLUME)
    last = tiers[-1].up_to
    assume(last is None or quantity <= last)
    if quantity == 0:
        assert price_units(price, quantity) == eur("0")
        return
    # The band is the one whose range (previous bound, up_to] holds the
    # quantity: as many bands lie wholly below it as bounds are under it.
    band = tiers[sum(1 for t in tiers if t.up_to is not None and t.up_to < quantity)]
    expected = band.unit_price * quantity + (band.flat_fee or Money.zero("EUR"))
    assert price_units(price, quantity) == expected


@given(tier_lists("EUR"), quantities)
def test_graduated_breakdown_covers_every_unit_once(tiers, quantity):
    price = UnitPrice(id="u", tiers=tiers)
    last = tiers[-1].up_to
    assume(last is None or quantity <= last)
    uses = tier_breakdown(price, quantity)
    assert sum((u.units for u in uses), Decimal(0)) == quantity


@pytest.mark.parametrize(
    ("rate", "accepted"),
    [("-0.9999", True), ("1", True), ("1.0001", False), ("3", False), ("-1", False)],
)
def test_escalation_rates_are_bounded_at_exactly_their_limits(rate, accepted):
    """A yearly escalation is above -100 % and at most +100 %: 1 is accepted,
    1.0001 and 3 (300 % a year) are refused, with the bound in the message."""
    make = functools.partial(
        FixedFee, id="f", amount=eur("5"), frequency=Frequency.MONTHLY
    )
    if accepted:
        assert make(escalation_rate=rate).escalation_rate == Decimal(rate)
    else:
        with pytest.raises(ValidationError) as caught:
            make(escalation_rate=rate)
        assert str(caught.value) == (
            "FixedFee.escalation_rate: must be above -1 and at most 1 (a yearly "
            "change of the fee; a fee that more than doubles in a year is a new "
            f"price, for a change request), got {rate}"
        )
