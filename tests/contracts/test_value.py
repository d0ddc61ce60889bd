from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import Money, Period, ValidationError
from accountkit.contracts import (
    ChangeRequest,
    ChangeStatus,
    FixedFee,
    Frequency,
    Milestone,
    Rate,
    RateCard,
    RenewalTerms,
    Tier,
    TimeAndMaterials,
    Unit,
    UnitPrice,
    Usage,
    change_log,
    contract_value,
    contract_years,
    renewal_status,
)
from builders import THREE_YEARS, eur, sow
from strategies.contracts import contracts

TERM = THREE_YEARS


SETUP = FixedFee(id="setup", amount=eur("25000"), frequency=Frequency.ONE_TIME)


def test_worked_case_with_a_monthly_ramp():
    """Issue 3: a recurring fee ramping 162,000 / 171,000 / 180,000 a year (billed
    monthly: 13,500 / 14,250 / 15,000) plus a one-time fee of 25,000.
    TCV = 162,000 + 171,000 + 180,000 + 25,000 = 538,000; ACV = 513,000 / 3 = 171,000."""
    years = contract_years(TERM)
    ramp = [
        FixedFee(
            id="service",
            amount=eur(monthly),
            frequency=Frequency.MONTHLY,
            start=y.start,
            end=y.end,
        )
        for monthly, y in zip(("13500", "14250", "15000"), years, strict=True)
    ]
    value = contract_value(sow([*ramp, SETUP]))
    assert value.tcv == eur("538000")
    assert value.acv == eur("171000")
    assert value.one_time == eur("25000")
    assert value.recurring == eur("513000")
    assert value.term_years == Decimal("3.000000")
    assert [y.recurring for y in value.years] == [
        eur("162000"),
        eur("171000"),
        eur("180000"),
    ]
    assert [y.one_time for y in value.years] == [eur("25000"), eur("0"), eur("0")]


def test_worked_case_with_an_escalating_fee_is_not_the_same_as_a_ramp():
    """An escalation rate compounds: 162,000 a year with 5% gives 162,000, 170,100 and
    178,605 (not the ramp's 171,000 and 180,000): TCV 510,705 + 25,000 = 535,705."""
    fee = FixedFee(
        id="service",
        amount=eur("162000"),
        frequency=Frequency.ANNUAL,
        escalation_rate="0.05",
    )
    value = contract_value(sow([fee, SETUP]))
    assert [y.recurring for y in value.years] == [
        eur("162000"),
        eur("170100"),
        eur("178605"),
    ]
    assert value.tcv == eur("535705")
    assert value.acv == eur("170235")


def test_acv_of_a_partial_final_year():
    """A term of 18 months at 1,000 a month: recurring 18,000 over 1.5 years -> ACV 12,000."""
    term = Period(date(2026, 1, 1), date(2027, 7, 1))
    fee = FixedFee(id="run", amount=eur("1000"), frequency=Frequency.MONTHLY)
    value = contract_value(sow([fee], term=term))
    assert value.tcv == eur("18000")
    assert value.term_years == Decimal("1.500000")
    assert value.acv == eur("12000")
    assert [y.total for y in value.years] == [eur("12000"), eur("6000")]


def test_usage_charges_count_only_what_is_committed_without_usage():
    """T&M counts its not-to-exceed cap (60,000); the unit price its minimum
    commitment (500 a month x 36 = 18,000); a T&M charge without a cap has no
    contracted value: left out of TCV, and named as such (not counted as 0)."""
    card = RateCard(
        (Rate(role="dev", unit=Unit.DAY, price=eur("800"), effective_from=TERM.start),)
    )
    capped = TimeAndMaterials(id="tm", rate_card=card, cap=eur("60000"))
    uncapped = TimeAndMaterials(id="tm2", rate_card=card)
    unit = UnitPrice(
        id="u", tiers=(Tier(up_to=None, unit_price=eur("2")),), minimum=eur("500")
    )
    value = contract_value(sow([capped, uncapped, unit]))
    assert value.tcv == eur("78000")
    assert {c.charge_id: (c.value, c.basis) for c in value.charges} == {
        "tm": (eur("60000"), "not-to-exceed cap (no usage supplied)"),
        "tm2": (
            None,
            "no contracted value: time and materials without a cap (no usage supplied)",
        ),
        "u": (eur("18000"), "billing schedule"),
    }
    assert value.without_value == ("tm2",)
    assert contract_value(sow([capped, unit])).without_value == ()
    # The cap is spread over the years by days (365, 365, 366 of 1,096) to the cent:
    # 60,000 x 365/1,096 = 19,981.7518 and x 366/1,096 = 20,036.4963; the floors
    # (19,981.75 + 19,981.75 + 20,036.49) leave one cent, which goes to the largest
    # remainder (year 3). Each year adds the 6,000 of unit-price minimums.
    assert [y.recurring for y in value.years] == [
        eur("25981.75"),
        eur("25981.75"),
        eur("26036.50"),
    ]


def test_usage_replaces_the_committed_value_when_supplied():
    card = RateCard(
        (Rate(role="dev", unit=Unit.DAY, price=eur("800"), effective_from=TERM.start),)
    )
    capped = TimeAndMaterials(id="tm", rate_card=card, cap=eur("60000"))
    usage = [
        Usage(charge_id="tm", period=Period.month(2026, 1), quantity=10, role="dev")
    ]
    value = contract_value(sow([capped]), usage=usage)
    assert value.tcv == eur("8000")
    assert value.charges[0].basis == "billing schedule priced with the usage supplied"


def test_milestones_count_in_tcv_but_not_in_acv():
    milestone = Milestone(id="m", amount=eur("30000"), planned_on=date(2027, 6, 1))
    value = contract_value(sow([milestone]))
    assert value.tcv == eur("30000")
    assert value.acv == eur("0")
    assert [y.one_time for y in value.years] == [eur("0"), eur("30000"), eur("0")]


# --- change log -----------------------------------------------------------------------


def _monthly(amount: str) -> FixedFee:
    return FixedFee(id="run", amount=eur(amount), frequency=Frequency.MONTHLY)


def test_change_log_values_each_change_and_sums_by_status():
    """Term 2026-2028, 1,000 a month (TCV 36,000, ACV 12,000).
    CR-1 approved from 2027: 1,200 a month -> +2,400 a year x 2 = +4,800; ACV 13,600.
    CR-2 proposed from 2028: 1,500 a month -> +300 x 12 = +3,600 on top of CR-1.
    CR-3 rejected: removes a charge that does not exist -> cannot apply."""
    cr1 = ChangeRequest(
        id="CR-1",
        raised_on=date(2026, 11, 1),
        status=ChangeStatus.APPROVED,
        effective_on=date(2027, 1, 1),
        replace=(_monthly("1200"),),
    )
    cr2 = ChangeRequest(
        id="CR-2",
        raised_on=date(2027, 10, 1),
        status=ChangeStatus.PROPOSED,
        effective_on=date(2028, 1, 1),
        replace=(_monthly("1500"),),
    )
    cr3 = ChangeRequest(
        id="CR-3",
        raised_on=date(2027, 11, 1),
        status=ChangeStatus.REJECTED,
        effective_on=date(2028, 1, 1),
        remove=("ghost",),
    )
    log = change_log(sow([_monthly("1000")], changes=[cr2, cr3, cr1]))
    assert [e.change_id for e in log.entries] == ["CR-1", "CR-2", "CR-3"]
    first, second, third = log.entries
    assert (first.tcv_delta, first.acv_before, first.acv_after) == (
        eur("4800"),
        eur("12000"),
        eur("13600"),
    )
    assert (second.tcv_delta, second.acv_before, second.acv_after) == (
        eur("3600"),
        eur("13600"),
        eur("14800"),
    )
    assert third.tcv_delta is None
    assert third.problem is not None
    assert "no charge 'ghost' to remove" in third.problem
    assert [(t.status, t.count, t.tcv_delta) for t in log.by_status] == [
        (ChangeStatus.PROPOSED, 1, eur("3600")),
        (ChangeStatus.APPROVED, 1, eur("4800")),
        (ChangeStatus.REJECTED, 1, eur("0")),
        (ChangeStatus.WITHDRAWN, 0, eur("0")),
    ]


@given(contracts(currency="EUR"))
def test_approved_deltas_add_up_to_the_change_in_value(contract):
    log = change_log(contract)
    approved = [e for e in log.entries if e.status is ChangeStatus.APPROVED]
    signed = contract_value(attrs.evolve(contract, changes=()))
    total = Money.total(
        (e.tcv_delta for e in approved if e.tcv_delta is not None), currency="EUR"
    )
    assert signed.tcv + total == contract_value(contract).tcv


# --- renewal -----------------------------------------------------------------------------


AUTO = RenewalTerms(auto_renew=True, renewal_months=12, notice_days=90)


def test_notice_deadline_and_days_to_expiry():
    """Term ends 2028-12-31 (end 2029-01-01); 90 days' notice -> by 2028-10-03
    (from 3 October to 1 January is 90 days)."""
    status = renewal_status(sow([], renewal=AUTO), as_of=date(2028, 9, 1))
    assert status.expires_on == date(2028, 12, 31)
    assert status.notice_deadline == date(2028, 10, 3)
    assert status.days_to_expiry == 121
    assert status.days_to_notice_deadline == 32
    assert status.next_term == Period(date(2029, 1, 1), date(2030, 1, 1))
    assert status.renewals == 0


def test_auto_renewal_rolls_the_term_forward_from_the_anchor():
    status = renewal_status(sow([], renewal=AUTO), as_of=date(2030, 6, 1))
    assert status.renewals == 2
    assert status.term == Period(date(2030, 1, 1), date(2031, 1, 1))
    assert status.next_term == Period(date(2031, 1, 1), date(2032, 1, 1))


def test_a_contract_that_does_not_renew_shows_it_has_expired():
    status = renewal_status(sow([]), as_of=date(2029, 1, 10))
    assert status.days_to_expiry == -10
    assert status.next_term is None
    assert status.term == TERM


def test_no_notice_period_means_notice_by_the_last_day():
    terms = RenewalTerms(auto_renew=True, notice_days=0)
    status = renewal_status(sow([], renewal=terms), as_of=date(2028, 12, 1))
    assert status.notice_deadline == date(2028, 12, 31)


def test_an_approved_extension_moves_the_expiry():
    extend = ChangeRequest(
        id="CR",
        raised_on=date(2028, 6, 1),
        status=ChangeStatus.APPROVED,
        effective_on=date(2028, 6, 1),
        term_end=date(2029, 7, 1),
    )
    status = renewal_status(sow([], changes=[extend]), as_of=date(2028, 9, 1))
    assert status.expires_on == date(2029, 6, 30)


def test_renewal_status_refuses_a_non_date():
    with pytest.raises(
        ValidationError, match=r"renewal_status\.as_of: expected a date"
    ):
        renewal_status(sow([]), as_of="2028-01-01")  # type: ignore[arg-type]


@given(contracts(), st.dates(min_value=date(1900, 1, 1), max_value=date(2300, 1, 1)))
def test_renewal_status_is_consistent(contract, day):
    status = renewal_status(contract, as_of=day)
    assert status.expires_on == status.term.last_day
    assert status.notice_deadline <= status.expires_on
    if contract.renewal.auto_renew:
        assert day < status.term.end
        assert status.next_term is not None
        assert status.next_term.start == status.term.end
