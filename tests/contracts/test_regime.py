from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, Period, ValidationError
from accountkit.contracts import (
    AdjustmentKind,
    Combination,
    CreditRegime,
    Direction,
    EarnbackMode,
    EarnbackTerms,
    FlatCredit,
    Incentive,
    Measurement,
    Penalty,
    PeriodCharges,
    PersistentFailure,
    PoolAllocationCredit,
    ServiceLevel,
    TerminationTrigger,
    Waiver,
    assess_service_levels,
)
from accountkit.contracts._regime import issued_credits
from accountkit.errors import AccountkitError
from strategies.contracts import service_levels

JAN, FEB, MAR, APR = (Period.month(2026, m) for m in (1, 2, 3, 4))


def usd(amount: str) -> Money:
    return Money(amount, "USD")


def flat(level_id: str, rate: str) -> ServiceLevel:
    return ServiceLevel(
        id=level_id, name=level_id, target="99", rule=FlatCredit(rate=rate)
    )


def measure(
    level_id: str, period: Period, value: str, incident: str | None = None
) -> Measurement:
    return Measurement(
        service_level_id=level_id, period=period, value=value, incident=incident
    )


def invoices(*periods: Period, amount: str = "100000") -> list[PeriodCharges]:
    return [PeriodCharges(period=p, amount=usd(amount)) for p in periods]


THREE = [flat("a", "0.02"), flat("b", "0.05"), flat("c", "0.06")]


def test_failures_sum_then_cap_at_the_at_risk_amount():
    """Issue 4: $2,000 + $5,000 + $6,000 against a $10,000 at-risk amount -> $10,000."""
    report = assess_service_levels(
        THREE,
        CreditRegime(at_risk_rate="0.10"),
        measurements=[measure(i, JAN, "90") for i in "abc"],
        charges=invoices(JAN),
    )
    period = report.periods[0]
    assert (period.raw_total, period.issued_total, period.cap) == (
        usd("13000"),
        usd("10000"),
        "monthly at-risk amount",
    )
    # The cap is shared back by the credits, 2:5:6 of 1,000,000 cents: quotas
    # 153,846.15 / 384,615.38 / 461,538.46; the floors leave one cent, which goes to
    # the largest remainder (c).
    assert [r.issued for r in report.levels] == [
        usd("1538.46"),
        usd("3846.15"),
        usd("4615.39"),
    ]


@pytest.mark.parametrize(
    ("currency", "written"), [("USD", "0.00"), ("JPY", "0"), ("BHD", "0.000")]
)
def test_a_period_with_nothing_issued_gives_each_level_a_zero_to_its_minor_unit(
    currency, written
):
    """All three met in January; b missed in February and c's credit there is
    waived in full: nothing is issued either month, and every level's share of
    the nothing is zero written to the currency's minor unit."""
    report = assess_service_levels(
        THREE,
        CreditRegime(at_risk_rate="0.10"),
        measurements=[
            *(measure(i, JAN, "99.5") for i in "abc"),
            measure("a", FEB, "99"),
            measure("c", FEB, "90"),
        ],
        charges=[
            PeriodCharges(period=p, amount=Money("100000", currency))
            for p in (JAN, FEB)
        ],
        waivers=[
            Waiver(target="c", period=FEB, share="1", reason="r", approved_by="a")
        ],
    )
    assert [format(p.issued_total.amount, "f") for p in report.periods] == [
        written,
        written,
    ]
    assert [
        (r.service_level_id, format(r.issued.amount, "f"), r.met) for r in report.levels
    ] == [
        ("a", written, True),
        ("b", written, True),
        ("c", written, True),
        ("a", written, True),
        ("b", written, None),
        ("c", written, False),
    ]
    waived = report.levels[-1]
    assert format(waived.waived.amount, "f") == format(waived.raw.amount, "f")
    assert waived.raw == Money("6000", currency)


def test_exactly_at_the_cap_is_the_cap():
    """$4,000 + $6,000 = $10,000, exactly the at-risk amount: issued in full."""
    levels = [flat("a", "0.04"), flat("c", "0.06")]
    report = assess_service_levels(
        levels,
        CreditRegime(at_risk_rate="0.10"),
        measurements=[measure("a", JAN, "90"), measure("c", JAN, "90")],
        charges=invoices(JAN),
    )
    assert report.periods[0].issued_total == usd("10000")
    assert report.periods[0].cap is None


def test_minimum_credit_is_strictly_greater_than():
    """With a $100 minimum, a $100.00 credit is not issued and $100.01 is."""
    level = ServiceLevel(id="a", name="a", target="99", rule=FlatCredit(rate="0.01"))
    regime = CreditRegime(at_risk_rate="0.10", minimum_credit=usd("100"))
    at = assess_service_levels(
        [level],
        regime,
        measurements=[measure("a", JAN, "90")],
        charges=invoices(JAN, amount="10000"),
    )
    above = assess_service_levels(
        [level],
        regime,
        measurements=[measure("a", JAN, "90")],
        charges=invoices(JAN, amount="10001"),
    )
    assert at.periods[0].issued_total == usd("0")
    assert at.periods[0].cap == "at or below the minimum credit USD 100.00"
    assert above.periods[0].issued_total == usd("100.01")


def test_worked_netting_case():
    """Issue 4: base $100,000; raw credits $13,000 capped at the 10% at-risk amount
    -> -$10,000; an earnback of a prior $2,000 credit -> +$2,000; an incentive of 1%
    -> +$1,000; a $500 penalty fully waived -> 0: net invoice $93,000.00.
    January: level x fails (2% -> $2,000, refundable after one period met).
    February: x meets, a/b/c fail, y beats its incentive threshold."""
    levels = [*THREE, flat("x", "0.02"), ServiceLevel(id="y", name="y", target="99.5")]
    regime = CreditRegime(
        at_risk_rate="0.10",
        earnback=EarnbackTerms(periods=1, mode=EarnbackMode.REFUND),
        incentives=(Incentive(service_level_id="y", threshold="99.9", rate="0.01"),),
    )
    measurements = [
        measure("x", JAN, "90"),
        *(measure(i, JAN, "100") for i in "abc"),
        measure("y", JAN, "99.5"),
        measure("x", FEB, "100"),
        *(measure(i, FEB, "90") for i in "abc"),
        measure("y", FEB, "99.95"),
    ]
    penalty = Penalty(
        id="late-report", period=FEB, amount=usd("500"), reason="monthly report late"
    )
    waiver = Waiver(
        target="late-report", period=FEB, reason="data feed outage", approved_by="cfo"
    )
    report = assess_service_levels(
        levels,
        regime,
        measurements=measurements,
        charges=invoices(JAN, FEB),
        penalties=[penalty],
        waivers=[waiver],
    )
    february = report.periods[1]
    assert [(a.kind, a.amount) for a in february.adjustments] == [
        (AdjustmentKind.CREDIT, usd("-10000")),
        (AdjustmentKind.EARNBACK, usd("2000")),
        (AdjustmentKind.PENALTY, usd("-500")),
        (AdjustmentKind.WAIVER, usd("500")),
        (AdjustmentKind.INCENTIVE, usd("1000")),
    ]
    assert february.net == usd("93000.00")
    assert report.periods[0].net == usd("98000")
    assert "approved by cfo" in february.adjustments[3].description


def test_earnback_is_forfeited_when_the_level_fails_again():
    regime = CreditRegime(at_risk_rate="0.10", earnback=EarnbackTerms(periods=2))
    levels = [flat("x", "0.02")]
    report = assess_service_levels(
        levels,
        regime,
        measurements=[
            measure("x", JAN, "90"),
            measure("x", FEB, "100"),
            measure("x", MAR, "90"),
            measure("x", APR, "100"),
        ],
        charges=invoices(JAN, FEB, MAR, APR),
    )
    kinds = [[a.kind for a in p.adjustments] for p in report.periods]
    assert AdjustmentKind.EARNBACK not in [k for period in kinds for k in period]


def test_earnback_returns_the_capped_amount_after_the_window():
    regime = CreditRegime(at_risk_rate="0.01", earnback=EarnbackTerms(periods=2))
    report = assess_service_levels(
        [flat("x", "0.02")],
        regime,
        measurements=[
            measure("x", JAN, "90"),
            measure("x", FEB, "100"),
            measure("x", MAR, "100"),
        ],
        charges=invoices(JAN, FEB, MAR),
    )
    # Raw $2,000, capped at 1% = $1,000; the $1,000 comes back in March.
    assert report.periods[0].issued_total == usd("1000")
    assert [(a.kind, a.amount) for a in report.periods[2].adjustments] == [
        (AdjustmentKind.EARNBACK, usd("1000"))
    ]


def test_earnback_window_past_the_end_is_forfeited():
    regime = CreditRegime(
        at_risk_rate="0.10",
        earnback=EarnbackTerms(periods=3, mode=EarnbackMode.HOLD_BACK),
    )
    report = assess_service_levels(
        [flat("x", "0.02")],
        regime,
        measurements=[measure("x", JAN, "90"), measure("x", FEB, "100")],
        charges=invoices(JAN, FEB),
    )
    # Held back in January (no credit line), forfeited in February: taken then.
    assert report.periods[0].adjustments == ()
    (line,) = report.periods[1].adjustments
    assert (line.kind, line.amount) == (AdjustmentKind.CREDIT, usd("-2000"))
    assert "window runs past the last period" in line.description


def test_held_back_credit_earned_back_is_never_taken():
    regime = CreditRegime(
        at_risk_rate="0.10",
        earnback=EarnbackTerms(periods=1, mode=EarnbackMode.HOLD_BACK),
    )
    report = assess_service_levels(
        [flat("x", "0.02")],
        regime,
        measurements=[measure("x", JAN, "90"), measure("x", FEB, "100")],
        charges=invoices(JAN, FEB),
    )
    assert [p.net for p in report.periods] == [usd("100000"), usd("100000")]


def test_annual_cap_limits_the_year():
    regime = CreditRegime(at_risk_rate="0.10", annual_cap=usd("15000"))
    report = assess_service_levels(
        [flat("a", "0.10")],
        regime,
        measurements=[measure("a", p, "90") for p in (JAN, FEB, MAR)],
        charges=invoices(JAN, FEB, MAR),
    )
    assert [p.issued_total for p in report.periods] == [
        usd("10000"),
        usd("5000"),
        usd("0"),
    ]
    assert [p.cap for p in report.periods] == [None, "annual cap", "annual cap"]
    assert [p.annual_cap_used for p in report.periods] == [
        usd("10000"),
        usd("15000"),
        usd("15000"),
    ]


def test_one_incident_counts_once_when_the_largest_only():
    regime = CreditRegime(at_risk_rate="0.20", combination=Combination.LARGEST)
    report = assess_service_levels(
        THREE,
        regime,
        measurements=[
            measure("a", JAN, "90", "INC-1"),
            measure("b", JAN, "90", "INC-1"),
            measure("c", JAN, "90", "INC-2"),
        ],
        charges=invoices(JAN),
    )
    assert [r.charged for r in report.levels] == [usd("0"), usd("5000"), usd("6000")]


def test_persistent_failure_adds_a_penalty():
    """Two failures of a in three periods: 1% of the fees of the periods so far."""
    regime = CreditRegime(
        at_risk_rate="0.10",
        persistent=(
            PersistentFailure(service_level_id="a", failures=2, window=3, rate="0.01"),
        ),
    )
    report = assess_service_levels(
        [flat("a", "0.02")],
        regime,
        measurements=[
            measure("a", JAN, "90"),
            measure("a", FEB, "100"),
            measure("a", MAR, "90"),
        ],
        charges=invoices(JAN, FEB, MAR),
    )
    penalties = [
        a for a in report.periods[2].adjustments if a.kind is AdjustmentKind.PENALTY
    ]
    assert [(p.amount, p.reference) for p in penalties] == [(usd("-3000"), "a")]


def test_termination_trigger_is_reported_as_a_flag():
    """Credits of at least 20% of the charges in 2 of any 4 periods."""
    regime = CreditRegime(
        at_risk_rate="0.30",
        termination=(TerminationTrigger(share="0.20", periods=2, window=4),),
    )
    report = assess_service_levels(
        [flat("a", "0.25")],
        regime,
        measurements=[
            measure("a", JAN, "90"),
            measure("a", FEB, "100"),
            measure("a", MAR, "90"),
        ],
        charges=invoices(JAN, FEB, MAR),
    )
    assert [bool(p.flags) for p in report.periods] == [False, False, True]
    assert "termination trigger" in report.periods[2].flags[0]


def test_a_waiver_removes_its_share_of_a_credit_with_an_audit_trail():
    waiver = Waiver(
        target="c",
        period=JAN,
        share="0.5",
        reason="change freeze",
        approved_by="ops-director",
    )
    report = assess_service_levels(
        [flat("c", "0.06")],
        CreditRegime(at_risk_rate="0.10"),
        measurements=[measure("c", JAN, "90")],
        charges=invoices(JAN),
        waivers=[waiver],
    )
    (level,) = report.levels
    assert (level.raw, level.waived, level.charged) == (
        usd("6000"),
        usd("3000"),
        usd("3000"),
    )
    assert "waiver of 0.5 (change freeze, approved by ops-director)" in level.basis


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        (
            {"measurements": [measure("zz", JAN, "90")]},
            r"measurements\[0\]\.service_level_id: no service level 'zz'",
        ),
        (
            {"measurements": [measure("a", APR, "90")]},
            r"measurements\[0\]\.period: not one of the contract's charged periods",
        ),
        ({"charges": []}, r"charges: at least one period"),
    ],
)
def test_bad_assessment_input_is_named(kwargs, fragment):
    arguments = {"measurements": [], "charges": invoices(JAN)}
    arguments.update(kwargs)
    with pytest.raises(ValidationError, match=fragment):
        assess_service_levels(THREE, CreditRegime(at_risk_rate="0.1"), **arguments)


def test_pool_allocations_above_the_pool_are_refused():
    levels = [
        ServiceLevel(
            id=f"p{i}",
            name="p",
            target="99",
            rule=PoolAllocationCredit(
                category="c", category_allocation="1", allocation="0.6"
            ),
        )
        for i in range(3)
    ]
    with pytest.raises(
        ValidationError, match=r"add up to 1.8, above the pool percentage 1.5"
    ):
        assess_service_levels(
            levels,
            CreditRegime(at_risk_rate="0.1", pool_percentage="1.5"),
            measurements=[],
            charges=invoices(JAN),
        )


# --- properties ----------------------------------------------------------------------

values = st.decimals(min_value=80, max_value=100, places=2)


@given(
    st.lists(values, min_size=3, max_size=3),
    st.lists(st.decimals(min_value=0, max_value=1, places=2), min_size=3, max_size=3),
    st.decimals(min_value="0.01", max_value="0.3", places=2),
    st.none() | st.integers(1000, 40000),
)
def test_credits_respect_caps_and_waived_plus_charged_is_raw(
    measured, shares, at_risk, annual
):
    regime = CreditRegime(
        at_risk_rate=at_risk, annual_cap=None if annual is None else usd(str(annual))
    )
    periods = (JAN, FEB, MAR)
    report = assess_service_levels(
        THREE,
        regime,
        measurements=[
            measure(level, p, str(v))
            for p in periods
            for level, v in zip("abc", measured, strict=True)
        ],
        charges=invoices(*periods),
        waivers=[
            Waiver(target=level, period=JAN, share=s, reason="r", approved_by="a")
            for level, s in zip("abc", shares, strict=True)
        ],
    )
    for level in report.levels:
        assert level.waived + level.charged == level.raw
    for period in report.periods:
        assert period.issued_total <= period.at_risk
        assert period.issued_total <= period.charged_total
        if annual is not None:
            assert period.annual_cap_used <= usd(str(annual))
        assert (
            Money.total(
                (lv.issued for lv in report.levels if lv.period == period.period),
                currency="USD",
            )
            == period.issued_total
        )


def test_set_off_incentives_only_reduce_credits():
    """A 5% incentive ($5,000) that may only be set off against the month's
    credits ($2,000) adds $2,000, leaving the invoice whole, never above it."""
    levels = [flat("a", "0.02"), ServiceLevel(id="y", name="y", target="99")]
    regime = CreditRegime(
        at_risk_rate="0.10",
        incentives=(
            Incentive(
                service_level_id="y", threshold="99.5", rate="0.05", offset_only=True
            ),
        ),
    )
    report = assess_service_levels(
        levels,
        regime,
        measurements=[measure("a", JAN, "90"), measure("y", JAN, "99.9")],
        charges=invoices(JAN),
    )
    assert [(a.kind, a.amount) for a in report.periods[0].adjustments] == [
        (AdjustmentKind.CREDIT, usd("-2000")),
        (AdjustmentKind.INCENTIVE, usd("2000")),
    ]
    assert report.periods[0].net == usd("100000")


def test_rolling_annual_cap_counts_the_last_twelve_periods():
    """A $25,000 cap over a rolling 12 periods with $10,000 a month: months 1-2 issue
    10,000 each, month 3 the remaining 5,000, then nothing until month 13, when
    month 1 leaves the window and 10,000 of room returns."""
    months = [Period.month(2026 + m // 12, m % 12 + 1) for m in range(13)]
    regime = CreditRegime(at_risk_rate="0.10", annual_cap=usd("25000"), rolling=True)
    report = assess_service_levels(
        [flat("a", "0.10")],
        regime,
        measurements=[measure("a", p, "90") for p in months],
        charges=invoices(*months),
    )
    issued = [p.issued_total for p in report.periods]
    assert issued[:4] == [usd("10000"), usd("10000"), usd("5000"), usd("0")]
    assert issued[12] == usd("10000")


def test_regime_shares_name_their_field_and_bound():
    """at_risk_rate 2 (200 % of the charges at risk) used to be refused with no
    field named; the message now names it and the bound."""
    with pytest.raises(ValidationError) as caught:
        CreditRegime(at_risk_rate="2")
    assert str(caught.value) == (
        "CreditRegime.at_risk_rate: must be at least 0 and at most 1 (a share of "
        "the charges), got 2"
    )
    assert CreditRegime(at_risk_rate="1").at_risk_rate == Decimal(1)


MAY, JUN = Period.month(2026, 5), Period.month(2026, 6)


def test_persistent_failure_counts_each_block_of_failures_once():
    """Two failures in any six periods make one persistent failure; a level
    failing January to May makes two: January + February (penalty in
    February) and March + April (penalty in April). March and May each bring
    only one uncounted failure. Each penalty is 1 % of the fees so far:
    February 1 % of 200,000 = 2,000; April 1 % of 400,000 = 4,000. The old
    rule charged every failing month from February on (2,000 + 3,000 + 4,000
    + 5,000 = 14,000 instead of 6,000); June (met) charges nothing."""
    regime = CreditRegime(
        at_risk_rate="0.10",
        persistent=(
            PersistentFailure(service_level_id="a", failures=2, window=6, rate="0.01"),
        ),
    )
    months = [JAN, FEB, MAR, APR, MAY, JUN]
    report = assess_service_levels(
        [flat("a", "0.02")],
        regime,
        measurements=[
            measure("a", m, v)
            for m, v in zip(months, ["90", "90", "90", "90", "90", "100"], strict=True)
        ],
        charges=invoices(*months),
    )
    penalties = [
        [a.amount for a in p.adjustments if a.kind is AdjustmentKind.PENALTY]
        for p in report.periods
    ]
    assert penalties == [[], [usd("-2000")], [], [usd("-4000")], [], []]


def test_persistent_failure_outside_the_window_starts_a_new_block():
    """Two failures in any three periods: January and March (penalty in March,
    1 % of 300,000 = 3,000). May's window, March to May, holds March (already
    counted) and May: one uncounted failure, no penalty. The old rule charged
    May too (3,000 + 5,000)."""
    regime = CreditRegime(
        at_risk_rate="0.10",
        persistent=(
            PersistentFailure(service_level_id="a", failures=2, window=3, rate="0.01"),
        ),
    )
    months = [JAN, FEB, MAR, APR, MAY]
    report = assess_service_levels(
        [flat("a", "0.02")],
        regime,
        measurements=[
            measure("a", m, v)
            for m, v in zip(months, ["90", "100", "90", "100", "90"], strict=True)
        ],
        charges=invoices(*months),
    )
    penalties = [
        [a.amount for a in p.adjustments if a.kind is AdjustmentKind.PENALTY]
        for p in report.periods
    ]
    assert penalties == [[], [], [usd("-3000")], [], []]


# --- boundaries, defaults and error paths (issue 14's mutants) ------------------------


def _issued(report) -> list[Money]:
    return [p.issued_total for p in report.periods]


def _kinds(report, kind: AdjustmentKind) -> list[list[Money]]:
    return [[a.amount for a in p.adjustments if a.kind is kind] for p in report.periods]


def test_counts_in_a_regime_are_at_least_one():
    with pytest.raises(ValidationError) as caught:
        TerminationTrigger(share="0.2", periods=0, window=4)
    assert str(caught.value) == (
        "TerminationTrigger.periods: expected a whole number >= 1, got 0"
    )
    assert TerminationTrigger(share="0.2", periods=1, window=1).periods == 1


def test_an_incentive_by_default_is_paid_beyond_the_credits():
    """Not offset-only (the default): a 5 % incentive on 100,000 adds 5,000 even
    with no credit to set it off against: net 105,000."""
    levels = [ServiceLevel(id="y", name="y", target="99")]
    regime = CreditRegime(
        at_risk_rate="0.10",
        incentives=(Incentive(service_level_id="y", threshold="99.5", rate="0.05"),),
    )
    report = assess_service_levels(
        levels, regime, measurements=[measure("y", JAN, "99.9")], charges=invoices(JAN)
    )
    assert _kinds(report, AdjustmentKind.INCENTIVE) == [[usd("5000")]]
    assert report.periods[0].net == usd("105000")


def test_an_incentive_needs_to_be_strictly_beyond_its_threshold_and_is_capped():
    """At 99.5 exactly: nothing. At 99.9 with rate 5 % capped at 3 %: 3,000."""
    levels = [ServiceLevel(id="y", name="y", target="99")]
    rule = Incentive(service_level_id="y", threshold="99.5", rate="0.05", cap="0.03")
    report = assess_service_levels(
        levels,
        CreditRegime(at_risk_rate="0.10", incentives=(rule,)),
        measurements=[measure("y", JAN, "99.5"), measure("y", FEB, "99.9")],
        charges=invoices(JAN, FEB),
    )
    assert _kinds(report, AdjustmentKind.INCENTIVE) == [[], [usd("3000")]]


def test_the_annual_cap_is_per_contract_year_by_default():
    """A 25,000 cap, 10,000 of credit a month failing in months 11 to 14.
    By contract year (the default): months 11 and 12 use 20,000 of year one;
    months 13 and 14 start year two: 10,000 each. Rolling, months 13 and 14
    would see 20,000 and 25,000 used in the last twelve: 5,000 then 0."""
    months = [Period.month(2026 + m // 12, m % 12 + 1) for m in range(14)]
    values = ["100"] * 10 + ["90"] * 4
    report = assess_service_levels(
        [flat("a", "0.10")],
        CreditRegime(at_risk_rate="0.10", annual_cap=usd("25000")),
        measurements=[measure("a", p, v) for p, v in zip(months, values, strict=True)],
        charges=invoices(*months),
    )
    assert _issued(report)[10:] == [usd("10000")] * 4
    rolling = assess_service_levels(
        [flat("a", "0.10")],
        CreditRegime(at_risk_rate="0.10", annual_cap=usd("25000"), rolling=True),
        measurements=[measure("a", p, v) for p, v in zip(months, values, strict=True)],
        charges=invoices(*months),
    )
    assert _issued(rolling)[10:] == [
        usd("10000"),
        usd("10000"),
        usd("5000"),
        usd("0"),
    ]


def test_the_rolling_cap_window_is_exactly_twelve_periods():
    """The rolling case above, every month: 10,000, 10,000, 5,000, then 0 until
    month 13 (month 1 leaves the window: 10,000 of room)."""
    months = [Period.month(2026 + m // 12, m % 12 + 1) for m in range(13)]
    report = assess_service_levels(
        [flat("a", "0.10")],
        CreditRegime(at_risk_rate="0.10", annual_cap=usd("25000"), rolling=True),
        measurements=[measure("a", p, "90") for p in months],
        charges=invoices(*months),
    )
    assert _issued(report) == [usd("10000"), usd("10000"), usd("5000")] + [
        usd("0")
    ] * 9 + [usd("10000")]


@pytest.mark.parametrize(
    ("levels", "charges", "error", "message"),
    [
        (
            [flat("a", "0.02"), flat("a", "0.05")],
            invoices(JAN),
            ValidationError,
            "assess_service_levels.levels: service level ids must be unique",
        ),
        (
            [flat("a", "0.02")],
            [*invoices(JAN), PeriodCharges(period=FEB, amount=Money("1", "EUR"))],
            CurrencyMismatchError,
            (
                "assess_service_levels.charges[1].amount: in EUR, the other charges "
                "are in USD"
            ),
        ),
        (
            [flat("a", "0.02")],
            [
                *invoices(JAN),
                PeriodCharges(
                    period=Period(JAN.start.replace(day=15), FEB.end), amount=usd("1")
                ),
            ],
            ValidationError,
            "assess_service_levels.charges[1].period: periods of charges overlap",
        ),
    ],
)
def test_levels_and_charges_are_checked(levels, charges, error, message):
    with pytest.raises(error) as caught:
        assess_service_levels(
            levels, CreditRegime(at_risk_rate="0.1"), measurements=[], charges=charges
        )
    assert str(caught.value) == message


_KEPT = PersistentFailure(service_level_id="a", failures=2, window=3, rate="0")
_TYPO = PersistentFailure(service_level_id="zz", failures=2, window=3, rate="0.01")


@pytest.mark.parametrize(
    ("regime", "where"),
    [
        (CreditRegime(at_risk_rate="0.1", persistent=(_KEPT, _TYPO)), "persistent[1]"),
        (
            CreditRegime(
                at_risk_rate="0.1",
                incentives=(Incentive(service_level_id="zz", threshold="1", rate="0"),),
            ),
            "incentives[0]",
        ),
    ],
)
def test_rules_on_a_level_not_assessed_are_refused(regime, where):
    """A typo in a level id would silently waive the penalty or incentive."""
    with pytest.raises(ValidationError) as caught:
        assess_service_levels(
            [flat("a", "0.02")], regime, measurements=[], charges=invoices(JAN)
        )
    assert str(caught.value) == (
        f"assess_service_levels.regime.{where}.service_level_id: no service level "
        "'zz' (known: ['a'])"
    )


def _pool(level_id: str, allocation: str, *, critical: bool = True) -> ServiceLevel:
    return ServiceLevel(
        id=level_id,
        name=level_id,
        target="99",
        critical=critical,
        rule=PoolAllocationCredit(
            category="c", category_allocation="1", allocation=allocation
        ),
    )


def test_pool_allocations_exactly_at_the_pool_and_of_key_levels():
    """Shares 1 x 0.6 + 1 x 0.4 = 1.0 = the pool: accepted. A key
    (non-critical) level's 0.6 is not an allocation. The credit: 1 x 0.4 x the
    at-risk amount (10 % of 100,000 = 10,000) = 4,000."""
    regime = CreditRegime(at_risk_rate="0.10", pool_percentage="1.0")
    report = assess_service_levels(
        [_pool("p", "0.6"), _pool("q", "0.4"), _pool("k", "0.6", critical=False)],
        regime,
        measurements=[measure("q", JAN, "90")],
        charges=invoices(JAN),
    )
    assert _issued(report) == [usd("4000")]


def test_a_level_not_measured_is_not_a_failure():
    """Two failures in any three periods: January fails, February is not
    measured, March passes. No persistent failure (a missing measurement is
    not a failure), and February's result says it was not measured."""
    regime = CreditRegime(
        at_risk_rate="0.10",
        persistent=(
            PersistentFailure(service_level_id="a", failures=2, window=3, rate="0.01"),
        ),
    )
    report = assess_service_levels(
        [flat("a", "0.02")],
        regime,
        measurements=[measure("a", JAN, "90"), measure("a", MAR, "100")],
        charges=invoices(JAN, FEB, MAR),
    )
    assert _kinds(report, AdjustmentKind.PENALTY) == [[], [], []]
    january, february, march = report.levels
    assert (february.measured, february.met, february.band, february.points) == (
        None,
        None,
        None,
        None,
    )
    assert (february.raw, february.basis) == (usd("0"), "not measured")
    assert (january.measured, january.met, january.band, january.points) == (
        Decimal(90),
        False,
        None,
        None,
    )
    assert (march.measured, march.met) == (Decimal(100), True)


def test_a_failure_exactly_a_window_ago_is_outside_it():
    """Two in any three: January fails, April fails. April's window is February
    to April, so January is out: no penalty."""
    regime = CreditRegime(
        at_risk_rate="0.10",
        persistent=(
            PersistentFailure(service_level_id="a", failures=2, window=3, rate="0.01"),
        ),
    )
    report = assess_service_levels(
        [flat("a", "0.02")],
        regime,
        measurements=[
            measure("a", m, v)
            for m, v in zip(
                [JAN, FEB, MAR, APR], ["90", "100", "100", "90"], strict=True
            )
        ],
        charges=invoices(JAN, FEB, MAR, APR),
    )
    assert _kinds(report, AdjustmentKind.PENALTY) == [[], [], [], []]


def test_a_persistent_failure_is_priced_on_the_last_twelve_periods_fees():
    """Two in any two, failing in months 13 and 14 of 100,000 each: 1 % of the
    last twelve periods' fees (months 3 to 14: 1,200,000) = 12,000."""
    months = [Period.month(2026 + m // 12, m % 12 + 1) for m in range(14)]
    values = ["100"] * 12 + ["90"] * 2
    report = assess_service_levels(
        [flat("a", "0.02")],
        CreditRegime(
            at_risk_rate="0.10",
            persistent=(
                PersistentFailure(
                    service_level_id="a", failures=2, window=2, rate="0.01"
                ),
            ),
        ),
        measurements=[measure("a", p, v) for p, v in zip(months, values, strict=True)],
        charges=invoices(*months),
    )
    assert _kinds(report, AdjustmentKind.PENALTY)[12:] == [[], [usd("-12000")]]


def test_an_earnback_is_forfeited_by_a_failure_in_the_very_next_period():
    """Earnback over 2 periods. January's credit (2,000) is forfeited by
    February's failure; February's comes back in April, after March and April
    are met. Nothing comes back in March."""
    regime = CreditRegime(at_risk_rate="0.10", earnback=EarnbackTerms(periods=2))
    report = assess_service_levels(
        [flat("x", "0.02")],
        regime,
        measurements=[
            measure("x", m, v)
            for m, v in zip(
                [JAN, FEB, MAR, APR], ["90", "90", "100", "100"], strict=True
            )
        ],
        charges=invoices(JAN, FEB, MAR, APR),
    )
    assert _kinds(report, AdjustmentKind.EARNBACK) == [[], [], [], [usd("2000")]]


def test_a_level_below_its_minimum_is_flagged():
    level = ServiceLevel(
        id="a", name="a", target="99", minimum="95", rule=FlatCredit(rate="0.02")
    )
    report = assess_service_levels(
        [level],
        CreditRegime(at_risk_rate="0.10"),
        measurements=[measure("a", JAN, "96"), measure("a", FEB, "94")],
        charges=invoices(JAN, FEB),
    )
    assert [p.flags for p in report.periods] == [
        (),
        ("a below its minimum service level",),
    ]


def test_a_period_without_charges_does_not_count_toward_termination():
    """One period in one with credits of at least 20 % of the charges: a period
    charged nothing issues nothing and is no trigger."""
    regime = CreditRegime(
        at_risk_rate="0.30",
        termination=(TerminationTrigger(share="0.20", periods=1, window=1),),
    )
    report = assess_service_levels(
        [flat("a", "0.25")],
        regime,
        measurements=[measure("a", JAN, "90"), measure("a", FEB, "90")],
        charges=[*invoices(JAN, amount="0"), *invoices(FEB)],
    )
    assert [bool(p.flags) for p in report.periods] == [False, True]


def test_waivers_of_more_than_the_whole_waive_the_whole():
    """0.6 + 0.6 of a 6,000 credit waives 6,000, not 7,200."""
    waivers = [
        Waiver(target="c", period=JAN, share="0.6", reason="r", approved_by="a"),
        Waiver(target="c", period=JAN, share="0.6", reason="s", approved_by="b"),
    ]
    report = assess_service_levels(
        [flat("c", "0.06")],
        CreditRegime(at_risk_rate="0.10"),
        measurements=[measure("c", JAN, "90")],
        charges=invoices(JAN),
        waivers=waivers,
    )
    (level,) = report.levels
    assert (level.raw, level.waived, level.charged) == (
        usd("6000"),
        usd("6000"),
        usd("0"),
    )


def test_a_penalty_is_described_by_its_reason_or_as_a_penalty():
    penalties = [
        Penalty(id="late-report", period=JAN, amount=usd("500"), reason="late report"),
        Penalty(id="p2", period=JAN, amount=usd("100")),
    ]
    report = assess_service_levels(
        [flat("a", "0.02")],
        CreditRegime(at_risk_rate="0.10"),
        measurements=[],
        charges=invoices(JAN),
        penalties=penalties,
    )
    assert [(a.amount, a.description) for a in report.periods[0].adjustments] == [
        (usd("-500"), "late report"),
        (usd("-100"), "penalty"),
    ]


def test_credits_exactly_at_the_annual_cap_are_not_capped():
    """A 20,000 cap and 10,000 a month: February brings the year to 20,000
    exactly, issued in full and not reported as capped."""
    report = assess_service_levels(
        [flat("a", "0.10")],
        CreditRegime(at_risk_rate="0.10", annual_cap=usd("20000")),
        measurements=[measure("a", JAN, "90"), measure("a", FEB, "90")],
        charges=invoices(JAN, FEB),
    )
    assert [(p.issued_total, p.cap) for p in report.periods] == [
        (usd("10000"), None),
        (usd("10000"), None),
    ]


def test_credits_of_exactly_the_trigger_share_count_toward_termination():
    """A 20 % flat credit on a 1.00 invoice is 0.20: exactly the share."""
    regime = CreditRegime(
        at_risk_rate="0.30",
        termination=(TerminationTrigger(share="0.20", periods=1, window=1),),
    )
    report = assess_service_levels(
        [flat("a", "0.20")],
        regime,
        measurements=[measure("a", JAN, "90")],
        charges=invoices(JAN, amount="1"),
    )
    assert report.periods[0].issued_total == usd("0.20")
    assert len(report.periods[0].flags) == 1


def test_a_waiver_applies_to_its_own_level_and_period_only():
    """c's February credit is waived: not its January one, nor d's February
    one, and only that result's basis cites the waiver."""
    waiver = Waiver(target="c", period=FEB, share="1", reason="r", approved_by="a")
    report = assess_service_levels(
        [flat("c", "0.06"), flat("d", "0.02")],
        CreditRegime(at_risk_rate="0.10"),
        measurements=[measure(i, p, "90") for p in (JAN, FEB) for i in "cd"],
        charges=invoices(JAN, FEB),
        waivers=[waiver],
    )
    flat_c = "flat 0.06 x USD 100,000.00 per failure"
    flat_d = "flat 0.02 x USD 100,000.00 per failure"
    assert [
        (lv.service_level_id, lv.waived, lv.charged, lv.basis) for lv in report.levels
    ] == [
        ("c", usd("0"), usd("6000"), flat_c),
        ("d", usd("0"), usd("2000"), flat_d),
        ("c", usd("6000"), usd("0"), flat_c + "; waiver of 1 (r, approved by a)"),
        ("d", usd("0"), usd("2000"), flat_d),
    ]


def test_a_penalty_in_another_currency_is_refused():
    with pytest.raises(CurrencyMismatchError) as caught:
        assess_service_levels(
            [flat("a", "0.02")],
            CreditRegime(at_risk_rate="0.10"),
            measurements=[],
            charges=invoices(JAN),
            penalties=[Penalty(id="p", period=JAN, amount=Money("1", "EUR"))],
        )
    assert str(caught.value) == (
        "assess_service_levels.penalties[0].amount: in EUR, the charges are in USD"
    )


def test_incentives_for_lower_is_better_and_unmeasured_periods():
    """Resolution time, lower is better, incentive below 4 hours: 4 exactly earns
    nothing, 3.5 earns 1 % (1,000); a period not measured earns nothing."""
    level = ServiceLevel(
        id="t", name="t", target="8", direction=Direction.LOWER_IS_BETTER
    )
    rule = Incentive(service_level_id="t", threshold="4", rate="0.01")
    report = assess_service_levels(
        [level],
        CreditRegime(at_risk_rate="0.10", incentives=(rule,)),
        measurements=[measure("t", JAN, "4"), measure("t", FEB, "3.5")],
        charges=invoices(JAN, FEB, MAR),
    )
    assert _kinds(report, AdjustmentKind.INCENTIVE) == [[], [usd("1000")], []]


def test_a_credit_outside_any_incident_is_kept_whole():
    """a (2,000) and b (5,000) share INC-1, c (6,000) has no incident: only a is
    dropped (the largest of INC-1 is kept), so 11,000 is charged."""
    report = assess_service_levels(
        THREE,
        CreditRegime(at_risk_rate="0.20", combination=Combination.LARGEST),
        measurements=[
            measure("a", JAN, "90", "INC-1"),
            measure("b", JAN, "90", "INC-1"),
            measure("c", JAN, "90"),
        ],
        charges=invoices(JAN),
    )
    assert [r.charged for r in report.levels] == [usd("0"), usd("5000"), usd("6000")]


def test_an_earnback_window_ending_exactly_after_the_last_period_is_forfeited():
    """Held back in January over 2 periods, with January and February charged:
    it would be earned back at the end of March, which is not assessed, so it is
    taken in February. Over 1 period it is earned back in February (never
    taken)."""
    measured = [measure("x", JAN, "90"), measure("x", FEB, "100")]
    two = assess_service_levels(
        [flat("x", "0.02")],
        CreditRegime(
            at_risk_rate="0.10",
            earnback=EarnbackTerms(periods=2, mode=EarnbackMode.HOLD_BACK),
        ),
        measurements=measured,
        charges=invoices(JAN, FEB),
    )
    assert [p.net for p in two.periods] == [usd("100000"), usd("98000")]
    assert (
        "window runs past the last period" in two.periods[1].adjustments[0].description
    )
    one = assess_service_levels(
        [flat("x", "0.02")],
        CreditRegime(
            at_risk_rate="0.10",
            earnback=EarnbackTerms(periods=1, mode=EarnbackMode.HOLD_BACK),
        ),
        measurements=measured,
        charges=invoices(JAN, FEB),
    )
    assert [p.adjustments for p in one.periods] == [(), ()]


@st.composite
def _assessments(draw):
    """Levels of any rule, a regime with every cap and mode, measurements of
    some levels in some of four months (incidents shared or not) and waivers."""
    levels = draw(
        st.lists(service_levels(), min_size=1, max_size=4, unique_by=lambda v: v.id)
    )
    months = (JAN, FEB, MAR, APR)
    regime = CreditRegime(
        at_risk_rate=draw(st.decimals(min_value="0.01", max_value="0.3", places=2)),
        minimum_credit=draw(st.none() | st.integers(0, 3000).map(str).map(usd)),
        annual_cap=draw(st.none() | st.integers(0, 40000).map(str).map(usd)),
        rolling=draw(st.booleans()),
        combination=draw(st.sampled_from(Combination)),
        earnback=draw(
            st.none()
            | st.builds(
                EarnbackTerms,
                periods=st.integers(1, 3),
                mode=st.sampled_from(EarnbackMode),
            )
        ),
        pool_percentage=draw(st.none() | st.just(Decimal("0.5"))),
    )
    measured = [
        measure(level.id, month, str(draw(values)), draw(st.sampled_from([None, "i"])))
        for month in months
        for level in levels
        if draw(st.booleans())
    ]
    waivers = [
        Waiver(
            target=level.id,
            period=month,
            share=draw(st.sampled_from(["0.5", "1"])),
            reason="r",
            approved_by="a",
        )
        for month in months
        for level in levels
        if draw(st.integers(0, 4)) == 0
    ]
    return levels, regime, measured, waivers


@given(_assessments())
def test_the_issued_credits_are_the_reports(inputs):
    """issued_credits walks the periods as assess_service_levels does: the same
    issued totals, the same met or not for every level, or the same refusal."""
    levels, regime, measured, waivers = inputs
    arguments = {
        "measurements": measured,
        "charges": invoices(JAN, FEB, MAR, APR),
        "waivers": waivers,
    }
    report, refused = _outcome(assess_service_levels, levels, regime, arguments)
    found, refused_too = _outcome(issued_credits, levels, regime, arguments)
    assert refused_too == refused
    if refused is not None:
        return
    assert [(p.period, p.charges, p.issued) for p in found] == [
        (p.period, p.charges, p.issued_total) for p in report.periods
    ]
    assert [m for p in found for m in p.met] == [
        (lv.service_level_id, lv.met) for lv in report.levels
    ]


def _outcome(function, levels, regime, arguments):
    """Return (what ``function`` gave, None) or (None, its error's type and text)."""
    try:
        return function(levels, regime, **arguments), None
    except AccountkitError as err:
        return None, (type(err), str(err))
