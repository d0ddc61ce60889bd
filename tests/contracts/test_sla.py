from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import Money, ValidationError
from accountkit.contracts import (
    CreditTier,
    Direction,
    FlatCredit,
    LinearShortfallCredit,
    Outage,
    PointBand,
    PoolAllocationCredit,
    ServiceLevel,
    ServicePoints,
    TieredCredit,
    TimeSpan,
    availability,
    meets,
    rule_credit,
)
from strategies.contracts import service_levels

USD = "USD"
EC2 = TieredCredit(
    (
        CreditTier(bound="99.0", rate="0.10"),
        CreditTier(bound="95.0", rate="0.30"),
        CreditTier(bound=None, rate="1"),
    )
)
REGION = ServiceLevel(id="region", name="Region availability", target="99.99", rule=EC2)


def month_with(minutes_down: int, days: int) -> Decimal:
    start = datetime(2025, 4 if days == 30 else 5, 1, tzinfo=UTC)
    window = TimeSpan(start, start + timedelta(days=days))
    outage = Outage(
        start=start + timedelta(days=3),
        end=start + timedelta(days=3, minutes=minutes_down),
    )
    return availability([outage], window)


@pytest.mark.parametrize(
    ("minutes", "days", "credit"),
    [
        (4, 30, "0"),
        (5, 30, "100"),
        (432, 30, "100"),
        (433, 30, "300"),
        (433, 31, "100"),
    ],
)
def test_aws_ec2_region_tiers(minutes, days, credit):
    """Issue 4, after the AWS Compute SLA (region level): target 99.99%; >= 99.0 ->
    10%, >= 95.0 -> 30%, below -> 100% of $1,000. 4 minutes of 43,200 is 99.9907%
    (met); 5 is 99.9884% (10%); 432 is exactly 99.000% (still 10%: the lower bound is
    inclusive); 433 is 98.9977% (30%); 433 of 44,640 (31 days) is 99.0300% (10%)."""
    outcome = rule_credit(REGION, month_with(minutes, days), charges=Money("1000", USD))
    assert outcome.amount == Money(credit, USD)


def test_exactly_at_the_band_bound_explains_the_band():
    outcome = rule_credit(REGION, Decimal("99.000"), charges=Money("1000", USD))
    assert outcome.band == 0
    assert outcome.basis == "tier 1 (below 99.99, at least 99.0): 0.10 x USD 1,000.00"


def test_linear_shortfall_is_exact():
    """Issue 4: target 98%, actual 75% -> 23% of £50,000 = £11,500.00 (0.98 - 0.75 is
    exactly 0.23 in decimal, never 0.22999...)."""
    level = ServiceLevel(
        id="fix", name="Fixes", target="98", rule=LinearShortfallCredit()
    )
    outcome = rule_credit(level, Decimal(75), charges=Money("50000", "GBP"))
    assert outcome.rate == Decimal("0.23")
    assert outcome.amount == Money("11500.00", "GBP")


def test_linear_shortfall_can_be_capped_and_is_never_negative():
    capped = ServiceLevel(
        id="fix",
        name="Fixes",
        target="98",
        rule=LinearShortfallCredit(maximum_rate="0.15"),
    )
    assert rule_credit(
        capped, Decimal(75), charges=Money("50000", "GBP")
    ).amount == Money("7500", "GBP")
    assert rule_credit(
        capped, Decimal(99), charges=Money("50000", "GBP")
    ).amount == Money("0", "GBP")


def test_pool_allocation():
    """Issue 4: invoice $100,000, at-risk 10% ($10,000), allocations 50% x 40%
    -> $2,000."""
    rule = PoolAllocationCredit(
        category="service desk", category_allocation="0.5", allocation="0.4"
    )
    level = ServiceLevel(id="asa", name="Speed to answer", target="95", rule=rule)
    outcome = rule_credit(
        level,
        Decimal(90),
        charges=Money("100000", USD),
        at_risk_amount=Money("10000", USD),
    )
    assert outcome.amount == Money("2000", USD)


def test_pool_allocation_needs_the_at_risk_amount():
    rule = PoolAllocationCredit(
        category="c", category_allocation="0.5", allocation="0.4"
    )
    level = ServiceLevel(id="asa", name="Speed to answer", target="95", rule=rule)
    with pytest.raises(ValidationError, match="needs the period's at-risk amount"):
        rule_credit(level, Decimal(90), charges=Money("1", USD))


POINT_BANDS = (
    PointBand(bound="99", points=0),
    PointBand(bound="98", points=1),
    PointBand(bound="97", points=2),
    PointBand(bound="96", points=3),
    PointBand(bound=None, points=4),
)


def test_service_points_over_three_months():
    """Issue 4: bands >= 99 -> 0, 98-98.9 -> 1, 97-97.9 -> 2, 96-96.9 -> 3, below -> 4.
    96.5%, 98.5%, 96.5% score 3, then 1 x 2 (a repeat failure), then 3 x 2: 3, 2, 6;
    at 1% of £100,000 a point: £3,000, £2,000, £6,000."""
    level = ServiceLevel(
        id="a",
        name="Availability",
        target="99",
        rule=ServicePoints(bands=POINT_BANDS, rate_per_point="0.01"),
    )
    charges = Money("100000", "GBP")
    failed = False
    results = []
    for measured in ("96.5", "98.5", "96.5"):
        outcome = rule_credit(
            level, Decimal(measured), charges=charges, failed_last_period=failed
        )
        results.append((outcome.points, outcome.amount))
        failed = not outcome.met
    assert results == [
        (3, Money("3000", "GBP")),
        (2, Money("2000", "GBP")),
        (6, Money("6000", "GBP")),
    ]


def test_contiguous_point_bands_leave_no_gap():
    """98.95 falls in the 98-99 band: a band runs down from the previous bound, so
    there is no gap between 98.9 and 99."""
    level = ServiceLevel(
        id="a",
        name="Availability",
        target="99",
        rule=ServicePoints(bands=POINT_BANDS, rate_per_point="0.01"),
    )
    assert rule_credit(level, Decimal("98.95"), charges=Money("1", "GBP")).points == 1


def test_free_points_are_not_charged():
    rule = ServicePoints(bands=POINT_BANDS, rate_per_point="0.01", free_points=2)
    level = ServiceLevel(id="a", name="Availability", target="99", rule=rule)
    assert rule_credit(
        level, Decimal("96.5"), charges=Money("100000", "GBP")
    ).amount == Money("1000", "GBP")


def test_flat_credit():
    level = ServiceLevel(
        id="r", name="Report on time", target="1", rule=FlatCredit(rate="0.02")
    )
    assert rule_credit(
        level, Decimal(0), charges=Money("40000", "EUR")
    ).amount == Money("800", "EUR")


def test_lower_is_better_mirrors_the_bands():
    """Response within 4 hours: (4, 6] -> 5%, (6, 8] -> 10%, above 8 -> 20%."""
    rule = TieredCredit(
        (
            CreditTier(bound="6", rate="0.05"),
            CreditTier(bound="8", rate="0.10"),
            CreditTier(bound=None, rate="0.20"),
        )
    )
    level = ServiceLevel(
        id="resp",
        name="Response hours",
        target="4",
        direction=Direction.LOWER_IS_BETTER,
        rule=rule,
    )
    charges = Money("1000", "EUR")
    assert [
        rule_credit(level, Decimal(v), charges=charges).amount
        for v in ("4", "6", "6.01", "9")
    ] == [
        Money("0", "EUR"),
        Money("50", "EUR"),
        Money("100", "EUR"),
        Money("200", "EUR"),
    ]


def test_key_measurements_are_reported_without_credit():
    level = ServiceLevel(
        id="k", name="Key", target="99", critical=False, rule=FlatCredit(rate="0.1")
    )
    outcome = rule_credit(level, Decimal(50), charges=Money("1000", "EUR"))
    assert (outcome.met, outcome.amount, outcome.basis) == (
        False,
        Money("0", "EUR"),
        "no credit: key measurement, reported only",
    )


def test_minimum_level_is_flagged():
    level = ServiceLevel(
        id="a", name="A", target="99.5", minimum="98", rule=FlatCredit(rate="0.1")
    )
    assert rule_credit(level, Decimal("97.9"), charges=Money("1", "EUR")).below_minimum
    assert not rule_credit(level, Decimal(98), charges=Money("1", "EUR")).below_minimum


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (
            lambda: ServiceLevel(
                id="a",
                name="A",
                target="99.9",
                rule=TieredCredit(
                    (
                        CreditTier(bound="99.9", rate="0.1"),
                        CreditTier(bound=None, rate="1"),
                    )
                ),
            ),
            r"ServiceLevel\.rule\.tiers\[0\]\.bound: bound 99.9 must lie below 99.9",
        ),
        (
            lambda: ServiceLevel(
                id="a",
                name="A",
                target="99.9",
                rule=TieredCredit(
                    (
                        CreditTier(bound="95", rate="0.1"),
                        CreditTier(bound="99", rate="0.3"),
                        CreditTier(bound=None, rate="1"),
                    )
                ),
            ),
            r"tiers\[1\]\.bound: bound 99 must lie below 95",
        ),
        (
            lambda: TieredCredit((CreditTier(bound="99", rate="0.1"),)),
            r"TieredCredit\.tiers\[0\]\.bound: the last tier must be open",
        ),
        (
            lambda: TieredCredit(
                (
                    CreditTier(bound="99", rate="0.3"),
                    CreditTier(bound="95", rate="0.3"),
                    CreditTier(bound=None, rate="0.29"),
                )
            ),
            (
                r"^TieredCredit\.tiers\[2\]\.rate: 0\.29 is below the rate of the "
                r"tier before it \(0\.3\): tiers run away from the target, and a "
                r"worse result must not earn a smaller credit$"
            ),
        ),
        (
            lambda: ServicePoints(
                bands=(
                    PointBand(bound="99", points=2),
                    PointBand(bound="98", points=2),
                    PointBand(bound=None, points=1),
                ),
                rate_per_point="0.01",
            ),
            (
                r"^ServicePoints\.bands\[2\]\.points: 1 is below the points of the "
                r"band before it \(2\): bands run away from the target, and a worse "
                r"result must not score fewer points$"
            ),
        ),
        (
            lambda: TieredCredit(
                (CreditTier(bound="99", rate="0.5"), CreditTier(bound=None, rate="0.4"))
            ),
            r"^TieredCredit\.tiers\[1\]\.rate: 0\.4 is below the rate of the tier ",
        ),
        (
            lambda: ServicePoints(
                bands=(
                    PointBand(bound="99", points=3),
                    PointBand(bound=None, points=2),
                ),
                rate_per_point="0.01",
            ),
            r"^ServicePoints\.bands\[1\]\.points: 2 is below the points of the band ",
        ),
        (
            lambda: TieredCredit(()),
            r"^TieredCredit\.tiers: at least one tier is needed$",
        ),
        (
            lambda: ServicePoints(bands=(), rate_per_point="0.01"),
            r"^ServicePoints\.bands: needs at least one band, and the last must be open",
        ),
        (
            lambda: ServicePoints(
                bands=(PointBand(bound="99", points=1),), rate_per_point="0.01"
            ),
            r"^ServicePoints\.bands: needs at least one band, and the last must be open",
        ),
        (
            lambda: PointBand(bound=None, points=-1),
            r"^PointBand\.points: expected a whole number of at least 0, got -1$",
        ),
        (
            lambda: PointBand(bound=None, points=True),
            r"^PointBand\.points: expected a whole number of at least 0, got True$",
        ),
        (
            lambda: PointBand(bound=None, points="3"),
            r"^PointBand\.points: expected a whole number of at least 0, got '3'$",
        ),
        (
            lambda: PoolAllocationCredit(
                category="c", category_allocation="1.5", allocation="0.1"
            ),
            # the category's share, named as such (it used to be called 'allocation')
            (
                r"PoolAllocationCredit\.category_allocation: must be at least 0 and at "
                r"most 1 \(a share\), got 1\.5"
            ),
        ),
    ],
)
def test_overlapping_or_unsorted_bands_are_refused(make, fragment):
    with pytest.raises(ValidationError, match=fragment):
        make()


def test_equal_steps_away_from_the_target_are_allowed():
    """Only a fall is refused: a tier may keep the rate of the one before,
    and a band its points."""
    tiers = (
        CreditTier(bound="99", rate="0.1"),
        CreditTier(bound="95", rate="0.1"),
        CreditTier(bound=None, rate="1"),
    )
    assert [t.rate for t in TieredCredit(tiers).tiers] == [
        Decimal("0.1"),
        Decimal("0.1"),
        Decimal(1),
    ]
    bands = (PointBand(bound="99", points=0), PointBand(bound=None, points=0))
    assert ServicePoints(bands=bands, rate_per_point="0.01").bands == bands


def test_meeting_the_target_exactly_is_met():
    assert meets(REGION, Decimal("99.99"))
    assert not meets(REGION, Decimal("99.98999999999999999999999999999999"))


@given(
    service_levels(),
    st.decimals(min_value=0, max_value=100, places=4),
    st.decimals(min_value=0, max_value=100, places=4),
)
def test_credit_is_monotone_in_performance(level, first, second):
    """A better measurement never earns a larger credit (same history)."""
    better, worse = max(first, second), min(first, second)
    charges, at_risk = Money("10000", "EUR"), Money("1000", "EUR")
    good = rule_credit(level, better, charges=charges, at_risk_amount=at_risk)
    bad = rule_credit(level, worse, charges=charges, at_risk_amount=at_risk)
    assert good.amount <= bad.amount


@given(service_levels(), st.decimals(min_value=0, max_value=100, places=4))
def test_a_credit_never_exceeds_the_charges_at_risk(level, measured):
    charges = Money("10000", "EUR")
    outcome = rule_credit(
        level, measured, charges=charges, at_risk_amount=Money("1000", "EUR")
    )
    assert Money.zero("EUR") <= outcome.amount
    if isinstance(level.rule, ServicePoints):
        worst = max(b.points for b in level.rule.bands)
        assert outcome.amount <= (charges * level.rule.rate_per_point * worst).rounded()
    elif isinstance(level.rule, PoolAllocationCredit):
        assert outcome.amount <= Money("1000", "EUR")
    else:
        assert outcome.amount <= charges


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda r: CreditTier(bound=None, rate=r), "CreditTier.rate"),
        (lambda r: FlatCredit(rate=r), "FlatCredit.rate"),
        (
            lambda r: LinearShortfallCredit(maximum_rate=r),
            "LinearShortfallCredit.maximum_rate",
        ),
        (
            lambda r: ServicePoints(bands=POINT_BANDS, rate_per_point=r),
            "ServicePoints.rate_per_point",
        ),
    ],
)
def test_credit_rates_run_from_0_to_1(make, field):
    """A credit is a fraction of the affected charges: 0 and 1 are the edges,
    5 (500 % of the charge) and -0.01 are refused with the bound named."""
    assert make("1") is not None
    assert make("0") is not None
    for bad in ("5", "-0.01"):
        with pytest.raises(ValidationError) as caught:
            make(bad)
        assert str(caught.value) == (
            f"{field}: must be at least 0 and at most 1 (a credit is at most the "
            f"whole charge), got {bad}"
        )
