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
    Contract,
    ContractKind,
    FixedFee,
    Frequency,
    contract_tree,
    contract_value,
    rolled_value,
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
    """NW-SOW-1: 36 months x 40,000 = 1,440,000; NW-SOW-2: 14 months (July
    2025 to August 2026) x 15,000 = 210,000; the MSA 0."""
    (root,) = contract_tree(sample_portfolio()[0].contracts)
    rolled = rolled_value(root)
    assert [(c.contract_id, c.tcv) for c in rolled.children] == [
        ("NW-SOW-1", Money("1440000", "EUR")),
        ("NW-SOW-2", Money("210000", "EUR")),
    ]
    assert rolled.tcv == Money("1650000", "EUR")


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
