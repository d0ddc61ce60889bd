"""Contracts as a tree and their value rolled up (issue 17). Values are worked
by hand in each test."""

from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit import Money, Period
from accountkit.account import sample_portfolio
from accountkit.contracts import (
    ChangeRequest,
    ChangeStatus,
    Contract,
    ContractKind,
    FixedFee,
    Frequency,
    Rate,
    RateCard,
    TimeAndMaterials,
    Unit,
    Usage,
    billing_schedule,
    contract_tree,
    contract_value,
    rolled_value,
    tree_changes,
    tree_schedule,
)
from accountkit.errors import CurrencyMismatchError, ValidationError
from strategies.contracts import contracts

TERM = Period(date(2026, 1, 1), date(2027, 1, 1))


def _contract(
    ident: str, parent: str | None, *charges: FixedFee, currency: str = "EUR"
) -> Contract:
    return Contract(
        id=ident,
        title=f"contract {ident}",
        kind=ContractKind.MSA if parent is None else ContractKind.SOW,
        client="acme",
        currency=currency,
        term=TERM,
        signed_on=date(2025, 12, 1),
        parent_id=parent,
        charges=charges,
    )


def _fee(
    ident: str, amount: str, frequency: Frequency, currency: str = "EUR"
) -> FixedFee:
    return FixedFee(id=ident, amount=Money(amount, currency), frequency=frequency)


MSA = _contract("MSA", None)
RUN = _contract("SOW-RUN", "MSA", _fee("run", "1000", Frequency.MONTHLY))
SETUP = _contract("SOW-SETUP", "MSA", _fee("setup", "5000", Frequency.ONE_TIME))
ORDER = _contract("WO-1", "SOW-RUN", _fee("extra", "250", Frequency.QUARTERLY))


def test_an_msa_is_worth_what_its_children_are():
    """A year of 1,000 a month (12,000), a one-time 5,000, and under the run
    SOW a work order of 250 a quarter (1,000): 12,000 + 1,000 + 5,000 =
    18,000; the MSA itself has no charges (0)."""
    (root,) = contract_tree([MSA, RUN, SETUP, ORDER])
    rolled = rolled_value(root)
    assert rolled.own.tcv == Money("0", "EUR")
    assert [(c.contract_id, c.tcv) for c in rolled.children] == [
        ("SOW-RUN", Money("13000", "EUR")),
        ("SOW-SETUP", Money("5000", "EUR")),
    ]
    assert rolled.children[0].children[0].tcv == Money("1000", "EUR")
    assert rolled.tcv == Money("18000", "EUR")
    assert rolled.basis == (
        "MSA EUR 0.00 + SOW-RUN EUR 13,000.00 + SOW-SETUP EUR 5,000.00 = EUR 18,000.00"
    )
    assert rolled.title == "contract MSA"


def test_the_tree_keeps_the_order_given():
    roots = contract_tree([ORDER, SETUP, MSA, RUN])
    assert [n.contract.id for n in roots] == ["MSA"]
    assert [c.contract.id for c in roots[0].children] == ["SOW-SETUP", "SOW-RUN"]
    assert [c.id for c in roots[0].walk()] == ["MSA", "SOW-SETUP", "SOW-RUN", "WO-1"]


def test_contracts_without_a_parent_are_each_a_top():
    lone = attrs.evolve(SETUP, parent_id=None)
    assert [n.contract.id for n in contract_tree([MSA, lone])] == ["MSA", "SOW-SETUP"]
    assert contract_tree([]) == ()


def test_the_sample_msa_rolls_up_its_two_sows():
    """NW-SOW-1: 36 months x 40,000 = 1,440,000; NW-SOW-2: 12 months (July
    2025 to June 2026) x 15,000 = 180,000 and, after its price review of
    1 July 2026 (+2.4%), 2 x 15,360 = 30,720: 210,720; the MSA 0."""
    (root,) = contract_tree(sample_portfolio()[0].contracts)
    rolled = rolled_value(root)
    assert [(c.contract_id, c.tcv) for c in rolled.children] == [
        ("NW-SOW-1", Money("1440000", "EUR")),
        ("NW-SOW-2", Money("210720.00", "EUR")),
    ]
    assert rolled.tcv == Money("1650720.00", "EUR")


def test_an_unknown_parent_is_refused_at_its_contract():
    stray = attrs.evolve(ORDER, parent_id="SOW-NONE")
    with pytest.raises(ValidationError) as info:
        contract_tree([MSA, RUN, stray])
    assert str(info.value) == (
        "contracts[2].parent_id: no contract 'SOW-NONE' among the contracts given"
    )


def test_parents_in_a_cycle_are_refused():
    a = attrs.evolve(RUN, parent_id="WO-1")
    with pytest.raises(ValidationError) as info:
        contract_tree([a, ORDER])
    assert str(info.value) == (
        "contracts[0].parent_id: parents run in a cycle: SOW-RUN -> WO-1 -> SOW-RUN"
    )
    with pytest.raises(ValidationError, match=r"a contract cannot sit under itself"):
        attrs.evolve(MSA, parent_id="MSA")  # the model refuses the shortest cycle


def test_an_id_used_twice_is_refused():
    with pytest.raises(ValidationError) as info:
        contract_tree([MSA, RUN, RUN])
    assert str(info.value) == (
        "contracts[2].id: id 'SOW-RUN' is used twice (contracts[1] and here)"
    )


def test_a_child_in_another_currency_is_not_added():
    dollars = _contract(
        "SOW-USD", "MSA", _fee("usd", "10", Frequency.ONE_TIME, "USD"), currency="USD"
    )
    (root,) = contract_tree([MSA, dollars])
    with pytest.raises(CurrencyMismatchError) as info:
        rolled_value(root)
    assert str(info.value) == (
        "rolled_value.children[0]: SOW-USD is in USD, but MSA is in EUR: "
        "convert before adding"
    )


@settings(max_examples=30)
@given(drawn=st.lists(contracts(currency="EUR"), min_size=1, max_size=4))
def test_a_roll_up_is_the_sum_of_the_values_below_it(drawn):
    """Under a bare MSA, the tree's TCV is the sum of each contract's own TCV."""
    children = [
        attrs.evolve(c, id=f"C{i}", parent_id="MSA", changes=())
        for i, c in enumerate(drawn)
    ]
    (root,) = contract_tree([MSA, *children])
    total = sum(
        (contract_value(c).tcv.amount for c in children), start=Money("0", "EUR").amount
    )
    assert rolled_value(root).tcv == Money(total, "EUR")
    schedule = tree_schedule(root)
    assert sorted(
        (t.contract_id, t.line.bill_on, t.line.amount.amount) for t in schedule
    ) == sorted(
        (c.id, line.bill_on, line.amount.amount)
        for c in children
        for line in billing_schedule(c)
    )
    assert [t.line.bill_on for t in schedule] == sorted(
        t.line.bill_on for t in schedule
    )


def test_the_tree_bills_what_its_contracts_bill_in_date_order():
    """January 2026: the run SOW bills 1,000 on the 1st, the set-up SOW its
    5,000 on the 1st, the work order its first quarter (250) on the 1st; the
    tree orders the three by bill date, then parents first."""
    (root,) = contract_tree([MSA, RUN, SETUP, ORDER])
    january = tree_schedule(root, period=Period.month(2026, 1))
    assert [(t.contract_id, t.line.charge_id, t.line.amount) for t in january] == [
        ("SOW-RUN", "run", Money("1000.00", "EUR")),
        ("WO-1", "extra", Money("250.00", "EUR")),
        ("SOW-SETUP", "setup", Money("5000.00", "EUR")),
    ]


def test_the_tree_lists_each_contracts_changes_by_the_day_raised():
    """A change raised on the work order (2026-03-02) before one on the run SOW
    (2026-04-01): the tree lists them by that day, each with its contract."""
    run_change = ChangeRequest(
        id="CR-RUN",
        raised_on=date(2026, 4, 1),
        status=ChangeStatus.APPROVED,
        effective_on=date(2026, 7, 1),
        replace=(_fee("run", "1200", Frequency.MONTHLY),),
    )
    order_change = ChangeRequest(
        id="CR-WO",
        raised_on=date(2026, 3, 2),
        status=ChangeStatus.PROPOSED,
        effective_on=date(2026, 4, 1),
        remove=("extra",),
    )
    run = attrs.evolve(RUN, changes=(run_change,))
    order = attrs.evolve(ORDER, changes=(order_change,))
    (root,) = contract_tree([MSA, run, SETUP, order])
    found = tree_changes(root)
    assert [(t.contract_id, t.impact.change_id) for t in found] == [
        ("WO-1", "CR-WO"),
        ("SOW-RUN", "CR-RUN"),
    ]
    # 6 months at 200 more: +1,200.00
    assert found[1].impact.tcv_delta == Money("1200.00", "EUR")


def test_usage_goes_to_its_own_contract_and_a_stranger_is_refused():
    card = RateCard(
        (
            Rate(
                role="dev",
                unit=Unit.DAY,
                price=Money("800", "EUR"),
                effective_from=TERM.start,
            ),
        )
    )
    tm = attrs.evolve(
        _contract("SOW-TM", "MSA"),
        charges=(TimeAndMaterials(id="tm", rate_card=card),),
    )
    (root,) = contract_tree([MSA, tm, RUN])
    worked = [
        Usage(charge_id="tm", period=Period.month(2026, 2), quantity="5", role="dev")
    ]
    rolled = rolled_value(root, usage={"SOW-TM": worked})
    # 12,000 (run) + 5 days x 800 (4,000)
    assert rolled.tcv == Money("16000.00", "EUR")
    unpriced = rolled_value(root)
    assert unpriced.tcv == Money("12000.00", "EUR")
    assert unpriced.children[0].own.without_value == ("tm",)
    lines = tree_schedule(root, usage={"SOW-TM": worked}, period=Period.month(2026, 3))
    assert [(t.contract_id, t.line.amount) for t in lines] == [
        ("SOW-TM", Money("4000.00", "EUR")),
        ("SOW-RUN", Money("1000.00", "EUR")),
    ]
    for call in (rolled_value, tree_schedule, tree_changes):
        with pytest.raises(ValidationError) as caught:
            call(root, usage={"SOW-X": worked})
        assert str(caught.value) == (
            f"{call.__name__}.usage['SOW-X']: no contract 'SOW-X' in the tree (it has "
            "['MSA', 'SOW-RUN', 'SOW-TM'])"
        )


def test_a_contract_without_charges_says_why_it_is_worth_nothing_alone():
    assert contract_value(MSA).tcv == Money("0", "EUR")
    assert contract_value(MSA).note == (
        "no charges of its own: an MSA is worth the contracts under it (see "
        "rolled_value)"
    )
    bare_sow = attrs.evolve(RUN, charges=())
    assert contract_value(bare_sow).note == "no charges of its own"
    assert contract_value(RUN).note == ""
