"""The batch credit path against the per-contract assessment, cell by cell."""

from decimal import Decimal

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit import Money, Period, ValidationError
from accountkit.contracts import (
    CAP_NAMES,
    CreditRegime,
    CreditTier,
    Direction,
    LinearShortfallCredit,
    Measurement,
    PeriodCharges,
    PointBand,
    ServiceLevel,
    ServicePoints,
    TieredCredit,
    assess_arrays,
    assess_service_levels,
)
from strategies.contracts import point_ratchets, service_levels

PLACES = 2


def _cap_code(cap: str | None) -> int:
    """The batch path's cap code for the report's description of the cap."""
    if cap is None:
        return CAP_NAMES.index("none")
    if cap.startswith("at or below the minimum credit"):
        return CAP_NAMES.index("minimum credit")
    return CAP_NAMES.index(cap)


def _measured(data: st.DataObject, shape: tuple[int, int, int]) -> np.ndarray:
    """Measurements from 80.00 to 100.00 (scaled by 100), one per cell."""
    cells = int(np.prod(shape))
    drawn = data.draw(
        st.lists(st.integers(8000, 10000), min_size=cells, max_size=cells)
    )
    return np.array(drawn).reshape(shape)


def _assert_batch_is_the_report(levels, regime, measured, charges, batch) -> None:
    """Each contract's per-contract report, cell by cell against the batch."""
    periods = measured.shape[1]
    months = [Period.month(2026 + m // 12, m % 12 + 1) for m in range(periods)]
    for contract in range(measured.shape[0]):
        report = assess_service_levels(
            levels,
            regime,
            measurements=[
                Measurement(
                    service_level_id=level.id,
                    period=month,
                    value=Decimal(int(measured[contract, p, i])).scaleb(-PLACES),
                )
                for p, month in enumerate(months)
                for i, level in enumerate(levels)
            ],
            charges=[
                PeriodCharges(
                    period=month,
                    amount=Money.from_minor_units(int(charges[contract, p]), "EUR"),
                )
                for p, month in enumerate(months)
            ],
        )
        assert [
            r.issued_total.to_minor_units() for r in report.periods
        ] == batch.issued[contract].tolist()
        assert [r.raw.to_minor_units() for r in report.levels] == batch.raw[
            contract
        ].reshape(-1).tolist()
        assert [_cap_code(r.cap) for r in report.periods] == batch.cap[
            contract
        ].tolist()


@settings(max_examples=60)
@given(
    st.lists(
        service_levels(), min_size=1, max_size=4, unique_by=lambda level: level.id
    ),
    st.integers(1, 3),
    st.integers(1, 14),
    st.data(),
)
def test_batch_credits_match_the_report(levels, contracts, periods, data):
    rate = data.draw(st.decimals(min_value="0.01", max_value=1, places=2))
    minimum = data.draw(st.none() | st.integers(0, 500).map(lambda v: Money(v, "EUR")))
    annual = data.draw(
        st.none() | st.integers(1000, 20000).map(lambda v: Money(v, "EUR"))
    )
    regime = CreditRegime(
        at_risk_rate=rate,
        minimum_credit=minimum,
        annual_cap=annual,
        rolling=data.draw(st.booleans()),
    )
    measured = _measured(data, (contracts, periods, len(levels)))
    charges = np.array(
        data.draw(
            st.lists(
                st.integers(0, 10**7),
                min_size=contracts * periods,
                max_size=contracts * periods,
            )
        )
    ).reshape(contracts, periods)
    batch = assess_arrays(
        levels, regime, measured, charges, currency="EUR", places=PLACES
    )
    _assert_batch_is_the_report(levels, regime, measured, charges, batch)


def test_shapes_are_checked():
    with pytest.raises(
        ValidationError, match=r"assess_arrays: expected measured of shape"
    ):
        assess_arrays(
            [],
            CreditRegime(at_risk_rate="0.1"),
            np.zeros((1, 2, 3)),
            np.zeros((1, 2)),
            currency="EUR",
        )


def _under_a_ratchet(level: ServiceLevel) -> ServiceLevel:
    """The level, its points table (if any) priced by the ratchet alone."""
    if isinstance(level.rule, ServicePoints):
        rule = attrs.evolve(level.rule, rate_per_point=0, free_points=0)
        return attrs.evolve(level, rule=rule)
    return level


@settings(max_examples=60)
@given(
    st.lists(
        service_levels(), min_size=1, max_size=4, unique_by=lambda level: level.id
    ),
    point_ratchets(),
    st.integers(1, 3),
    st.integers(1, 6),
    st.data(),
)
def test_batch_ratchet_matches_the_report(levels, ratchet, contracts, periods, data):
    """The period's points priced together and shared back by points, cell by
    cell as the per-contract assessment does (Money.allocate)."""
    points = ServiceLevel(
        id="points-zz",
        name="points",
        target="99",
        rule=ServicePoints(
            bands=(PointBand(bound="95", points=3), PointBand(bound=None, points=7)),
            rate_per_point=0,
        ),
    )
    levels = [_under_a_ratchet(level) for level in levels] + [points]
    regime = CreditRegime(at_risk_rate=1, ratchet=ratchet)
    measured = _measured(data, (contracts, periods, len(levels)))
    charges = np.full((contracts, periods), 10**7)
    batch = assess_arrays(
        levels, regime, measured, charges, currency="EUR", places=PLACES
    )
    _assert_batch_is_the_report(levels, regime, measured, charges, batch)


def test_a_lower_is_better_tier_holds_its_bound():
    """Resolution within 4 hours; tiers: up to 8 hours 10 %, beyond 25 %. A
    month resolved in exactly 8 hours is in the first tier (its bound is
    inclusive, as above a target for higher-is-better): 10 % of 100,000
    cents is 10,000; 8.0001 hours is beyond: 25,000."""
    tiers = TieredCredit(
        (CreditTier(bound="8", rate="0.10"), CreditTier(bound=None, rate="0.25"))
    )
    level = ServiceLevel(
        id="fix",
        name="Resolution",
        target="4",
        direction=Direction.LOWER_IS_BETTER,
        rule=tiers,
    )
    measured = np.array([[[80_000], [80_001], [40_000]]])
    # every cell reported, and no mask at all: one answer
    for reported in (None, np.ones(measured.shape, dtype=bool)):
        result = assess_arrays(
            [level],
            CreditRegime(at_risk_rate="1"),
            measured,
            np.full((1, 3), 100_000),
            currency="USD",
            reported=reported,
        )
        assert result.issued.tolist() == [[10_000, 25_000, 0]]
        # exactly at the target (4 hours) is met
        assert result.met[..., 0].tolist() == [[False, False, True]]


def _availability() -> ServiceLevel:
    """Availability 99.9 %; tiers: from 99.0 % 10 %, from 95.0 % 25 %, below 50 %."""
    tiers = TieredCredit(
        (
            CreditTier(bound="99.0", rate="0.10"),
            CreditTier(bound="95.0", rate="0.25"),
            CreditTier(bound=None, rate="0.50"),
        )
    )
    return ServiceLevel(id="up", name="Availability", target="99.9", rule=tiers)


def test_a_higher_is_better_tier_holds_its_bound_and_the_invoice_nets():
    """Months at exactly 99.0 % and 95.0 % are in the tiers those bounds
    open (10 % and 25 % of 100,000 cents), 94.9999 % below (50 %, capped at
    the 12 % at risk: 12,000), 99.9 % met; each net invoice is the charge
    less what was issued."""
    measured = np.array([[[990_000], [950_000], [949_999], [999_000]]])
    # every cell reported, and no mask at all: one answer
    for reported in (None, np.ones(measured.shape, dtype=bool)):
        result = assess_arrays(
            [_availability()],
            CreditRegime(at_risk_rate="0.12"),
            measured,
            np.full((1, 4), 100_000),
            currency="USD",
            reported=reported,
        )
        assert result.raw[..., 0].tolist() == [[10_000, 25_000, 50_000, 0]]
        assert result.issued.tolist() == [[10_000, 12_000, 12_000, 0]]
        assert result.net.tolist() == [[90_000, 88_000, 88_000, 100_000]]
        assert result.met[..., 0].tolist() == [[False, False, False, True]]


def test_a_bound_finer_than_the_measurements_is_refused():
    """Measurements in hundredths of a per cent (places=2) cannot hold a
    target of 99.995: refused at places, not rounded."""
    level = attrs.evolve(_availability(), target=Decimal("99.995"))
    with pytest.raises(ValidationError) as raised:
        assess_arrays(
            [level],
            CreditRegime(at_risk_rate="1"),
            np.array([[[9_990]]]),
            np.full((1, 1), 100_000),
            currency="USD",
            places=2,
        )
    assert str(raised.value) == (
        "assess_arrays.places: 99.995 has more decimal places than the "
        "measurement scale allows"
    )


def test_an_unreported_cell_earns_nothing():
    """Two levels over two months; the second level's first month was not
    reported: it is met and earns nothing, the rest as measured (a miss at
    98 % earns 25 % of 100,000 cents on each level that missed)."""
    levels = [_availability(), attrs.evolve(_availability(), id="up2")]
    measured = np.array([[[980_000, 980_000], [980_000, 999_500]]])
    reported = np.array([[[True, False], [True, True]]])
    result = assess_arrays(
        levels,
        CreditRegime(at_risk_rate="1"),
        measured,
        np.full((1, 2), 100_000),
        currency="USD",
        reported=reported,
    )
    assert result.met.tolist() == [[[False, True], [False, True]]]
    assert result.raw.tolist() == [[[25_000, 0], [25_000, 0]]]
    assert result.issued.tolist() == [[25_000, 25_000]]


def test_reported_of_another_shape_is_refused():
    """reported must be shaped as the measurements."""
    with pytest.raises(ValidationError) as raised:
        assess_arrays(
            [_availability()],
            CreditRegime(at_risk_rate="1"),
            np.array([[[990_000], [950_000]]]),
            np.full((1, 2), 100_000),
            currency="USD",
            reported=np.array([[True, True]]),
        )
    assert str(raised.value) == (
        "assess_arrays.reported: reported has shape (1, 2), measured (1, 2, 1)"
    )


@pytest.mark.parametrize(
    ("rolling", "issued", "capped"),
    [
        # the contract year: periods 0-11, then 12-13
        (False, [600, 400, 600, 400], [False, True, False, True]),
        # the twelve periods ending with each: p12 looks back to p1 (400
        # used), p13 to p2 (400 + 600 = 1,000 used: nothing left)
        (True, [600, 400, 600, 0], [False, True, False, True]),
    ],
)
def test_the_annual_cap_over_the_contract_year_or_a_rolling_twelve(
    rolling, issued, capped
):
    """Fourteen months; 600 cents of credit (10 % of 6,000) in months 0, 11,
    12 and 13, nothing in between; an annual cap of 10.00. Month 11 finds
    600 used and gets 400 either way; then the contract year starts afresh
    at month 12, while the rolling twelve months still hold month 11's 400
    at month 12 and months 11 and 12 at month 13."""
    missed = [0, 11, 12, 13]
    measured = np.full((1, 14, 1), 999_000)
    measured[0, missed, 0] = 990_000
    result = assess_arrays(
        [_availability()],
        CreditRegime(
            at_risk_rate="1", annual_cap=Money("10.00", "USD"), rolling=rolling
        ),
        measured,
        np.full((1, 14), 6_000),
        currency="USD",
    )
    assert result.issued[0, missed].tolist() == issued
    assert (result.cap[0, missed] == CAP_NAMES.index("annual cap")).tolist() == capped
    assert result.issued.sum() == sum(issued)


def test_a_linear_shortfall_credits_the_points_missed_either_way():
    """One invoice of 50,000.00 in the first month: fixes in time, target
    98 % (higher is better), at 75 % miss by 23 points, 23 % of it is
    11,500.00 (the rule's documented case); resolution within 4 hours (lower
    is better), at 6.5 hours misses by 2.5, 2.5 % of it is 1,250.00. The
    second month is exactly at both targets and earns nothing."""
    higher = ServiceLevel(
        id="fix", name="Fixes", target="98", rule=LinearShortfallCredit()
    )
    lower = ServiceLevel(
        id="res",
        name="Resolution",
        target="4",
        direction=Direction.LOWER_IS_BETTER,
        rule=LinearShortfallCredit(),
    )
    measured = np.array([[[7_500, 650], [9_800, 400]]])
    result = assess_arrays(
        [higher, lower],
        CreditRegime(at_risk_rate="1"),
        measured,
        np.array([[5_000_000, 100_000]]),
        currency="USD",
        places=2,
    )
    assert result.raw.tolist() == [[[1_150_000, 125_000], [0, 0]]]
