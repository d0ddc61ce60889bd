from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, Period, ValidationError
from accountkit.contracts import (
    ChangeRequest,
    ChangeStatus,
    FixedFee,
    Frequency,
    Milestone,
    charge_window,
)
from builders import THREE_YEARS, eur, sow
from strategies.contracts import contracts

TERM = THREE_YEARS


def fee(charge_id: str = "run", amount: str = "1000", **kwargs: object) -> FixedFee:
    return FixedFee(
        id=charge_id, amount=eur(amount), frequency=Frequency.MONTHLY, **kwargs
    )


def change(
    change_id: str = "CR-1",
    *,
    effective_on: date = date(2027, 1, 1),
    status: ChangeStatus = ChangeStatus.APPROVED,
    **kwargs: object,
) -> ChangeRequest:
    return ChangeRequest(
        id=change_id,
        raised_on=effective_on - timedelta(days=30),
        status=status,
        effective_on=effective_on,
        **kwargs,  # type: ignore[arg-type]
    )


# --- validation ---------------------------------------------------------------


def test_a_charge_in_another_currency_names_its_path():
    usd_fee = FixedFee(id="run", amount=Money("1", "USD"), frequency=Frequency.MONTHLY)
    with pytest.raises(CurrencyMismatchError) as info:
        sow(charges=(fee("a"), usd_fee))
    assert (
        str(info.value)
        == "Contract.charges[1].amount: in USD, but the contract is in EUR"
    )
    assert isinstance(info.value, ValidationError)


def test_a_charge_added_by_a_change_in_another_currency_is_refused():
    usd_fee = FixedFee(id="new", amount=Money("1", "USD"), frequency=Frequency.MONTHLY)
    with pytest.raises(
        CurrencyMismatchError, match=r"Contract\.changes\[0\]\.add\[0\]\.amount"
    ):
        sow(changes=(change(add=(usd_fee,), status=ChangeStatus.PROPOSED),))


def test_a_change_effective_before_the_contract_starts_is_refused():
    early = change(effective_on=date(2025, 12, 15), add=(fee("new"),))
    with pytest.raises(ValidationError) as info:
        sow(changes=(early,))
    assert str(info.value) == (
        "Contract.changes[0].effective_on: 2025-12-15 is before the contract starts "
        "(2026-01-01)"
    )


def test_removing_a_charge_the_contract_does_not_have_is_refused():
    with pytest.raises(
        ValidationError, match=r"Contract\.changes\[0\]\.remove\[0\]: no charge 'ghost'"
    ):
        sow(charges=(fee(),), changes=(change(remove=("ghost",)),))


def test_a_proposed_change_is_not_applied_so_not_checked_for_effect():
    proposed = change(remove=("ghost",), status=ChangeStatus.PROPOSED)
    assert sow(charges=(fee(),), changes=(proposed,)).amended().charges == (fee(),)


def test_a_charge_outside_the_term_is_refused():
    with pytest.raises(
        ValidationError,
        match=r"Contract\.charges\[0\]\.end: 2029-06-01 is outside the term",
    ):
        sow(charges=(fee(end=date(2029, 6, 1)),))


def test_duplicate_ids_over_overlapping_days_are_refused():
    with pytest.raises(
        ValidationError, match=r"Contract\.charges\[1\]\.id: id 'run' is also used"
    ):
        sow(charges=(fee(), fee(amount="5")))


def test_versions_of_a_charge_over_separate_windows_may_share_an_id():
    first = fee(end=date(2027, 1, 1))
    second = fee(amount="1100", start=date(2027, 1, 1))
    assert sow(charges=(first, second)).charges == (first, second)


def test_change_request_ids_are_unique():
    with pytest.raises(
        ValidationError, match=r"Contract\.changes\[1\]\.id: change request id 'CR-1'"
    ):
        sow(changes=(change(add=(fee("a"),)), change(add=(fee("b"),))))


def test_a_change_request_must_change_something():
    with pytest.raises(ValidationError, match="changes nothing"):
        change()


def test_a_contract_cannot_be_its_own_parent():
    with pytest.raises(ValidationError, match=r"Contract\.parent_id"):
        sow(parent_id="C-1")


def test_unknown_currency_is_named():
    with pytest.raises(
        ValidationError, match=r"^Contract\.currency: unknown currency code"
    ):
        sow(currency="EURO")


# --- as_of and amended ----------------------------------------------------------


def test_replacing_a_charge_splits_it_at_the_effective_date():
    raise_fee = change(replace=(fee(amount="1100"),))
    signed = sow(charges=(fee(),), changes=(raise_fee,))
    assert signed.as_of(date(2026, 12, 31)).charges == (fee(),)
    assert signed.as_of(date(2027, 1, 1)).charges == (
        fee(end=date(2027, 1, 1)),
        fee(amount="1100", start=date(2027, 1, 1)),
    )
    assert signed.charges == (fee(),)  # the original keeps its history
    assert signed.changes == (raise_fee,)


def test_removal_stops_a_charge_the_day_before_and_drops_one_not_yet_started():
    later = fee("later", start=date(2027, 6, 1))
    stop = change(remove=("run", "later"))
    amended = sow(charges=(fee(), later), changes=(stop,)).amended()
    assert amended.charges == (fee(end=date(2027, 1, 1)),)


def test_added_charges_start_on_the_effective_date():
    amended = sow(changes=(change(add=(fee("new"),)),)).amended()
    assert amended.charges == (fee("new", start=date(2027, 1, 1)),)


def test_extending_the_term_extends_charges_that_follow_it():
    extend = change(term_end=date(2030, 1, 1))
    amended = sow(
        charges=(fee(), fee("fixed", end=date(2027, 1, 1))), changes=(extend,)
    ).amended()
    assert amended.term == Period(date(2026, 1, 1), date(2030, 1, 1))
    assert [charge_window(c, amended.term) for c in amended.charges] == [
        Period(date(2026, 1, 1), date(2030, 1, 1)),
        Period(date(2026, 1, 1), date(2027, 1, 1)),
    ]


def test_ending_the_term_early_clips_and_drops_charges():
    shorten = change(term_end=date(2027, 1, 1), effective_on=date(2026, 10, 1))
    later = fee("later", start=date(2027, 3, 1))
    amended = sow(
        charges=(fee(end=date(2028, 1, 1)), later), changes=(shorten,)
    ).amended()
    assert amended.term.end == date(2027, 1, 1)
    assert amended.charges == (fee(end=date(2027, 1, 1)),)


def test_removing_a_milestone_keeps_it_if_already_accepted():
    done = Milestone(
        id="m1",
        amount=eur("500"),
        planned_on=date(2026, 3, 1),
        accepted_on=date(2026, 3, 5),
    )
    open_ = Milestone(id="m2", amount=eur("500"), planned_on=date(2027, 3, 1))
    amended = sow(
        charges=(done, open_), changes=(change(remove=("m1", "m2")),)
    ).amended()
    assert amended.charges == (done,)


def test_changes_apply_in_effective_order_not_list_order():
    second = change(
        "CR-2", effective_on=date(2028, 1, 1), replace=(fee(amount="1200"),)
    )
    first = change("CR-1", effective_on=date(2027, 1, 1), replace=(fee(amount="1100"),))
    amended = sow(charges=(fee(),), changes=(second, first)).amended()
    assert [(c.amount, c.start, c.end) for c in amended.charges] == [
        (eur("1000"), None, date(2027, 1, 1)),
        (eur("1100"), date(2027, 1, 1), date(2028, 1, 1)),
        (eur("1200"), date(2028, 1, 1), None),
    ]


def test_as_of_refuses_a_non_date():
    with pytest.raises(ValidationError, match=r"Contract\.as_of\.on: expected a date"):
        sow().as_of("2026-01-01")  # type: ignore[arg-type]


@given(contracts(), st.data())
def test_as_of_before_the_first_change_is_the_contract_as_signed(signed, data):
    effective = [
        c.effective_on for c in signed.changes if c.status is ChangeStatus.APPROVED
    ]
    first = min(effective, default=signed.term.end + timedelta(days=1))
    day = data.draw(st.dates(max_value=first - timedelta(days=1)))
    assert signed.as_of(day) == attrs.evolve(signed, changes=())


@given(contracts())
def test_amended_is_as_of_the_last_change(signed):
    effective = [
        c.effective_on for c in signed.changes if c.status is ChangeStatus.APPROVED
    ]
    last = max(effective, default=signed.term.start)
    assert signed.as_of(last) == signed.amended()


@given(contracts())
def test_changes_that_are_not_approved_never_take_effect(signed):
    approved_only = attrs.evolve(
        signed,
        changes=tuple(c for c in signed.changes if c.status is ChangeStatus.APPROVED),
    )
    assert signed.amended() == approved_only.amended()
