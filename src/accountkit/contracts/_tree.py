"""Contracts as a tree: an MSA with its SOWs and work orders, and their value rolled up.

A contract names the contract it sits under in ``parent_id``. An MSA usually
has no charges of its own (its value is its children's), so its
:func:`~accountkit.contracts.contract_value` alone is zero; the tree shows the
value where it is, with a breakdown per child.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from accountkit._checked import checked
from accountkit._validators import check_unique_ids
from accountkit.contracts._agreements import Contract
from accountkit.contracts._schedules import BillingLine, Usage, billing_schedule
from accountkit.contracts._value import (
    ChangeImpact,
    ContractValue,
    change_log,
    contract_value,
)
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money
from accountkit.periods import Period

if TYPE_CHECKING:
    from datetime import date

__all__ = [
    "ContractNode",
    "RolledValue",
    "TreeChange",
    "TreeLine",
    "contract_tree",
    "rolled_value",
    "tree_changes",
    "tree_schedule",
]

UsageByContract = Mapping[str, Sequence[Usage]]
"""Usage records by the id of the contract whose charges they are for."""


@attrs.frozen(kw_only=True)
class ContractNode:
    """A contract and the contracts under it, in the order given."""

    contract: Contract
    children: tuple["ContractNode", ...] = ()

    def walk(self) -> tuple[Contract, ...]:
        """Return this contract and every one below it, parents first.

        Examples
        --------
        >>> from accountkit.account import sample_portfolio
        >>> (root,) = contract_tree(sample_portfolio()[0].contracts)
        >>> [c.id for c in root.walk()]
        ['NW-MSA', 'NW-SOW-1', 'NW-SOW-2']
        """
        found = [self.contract]
        for child in self.children:
            found.extend(child.walk())
        return tuple(found)


attrs.resolve_types(ContractNode)  # the children's type names the class itself


@checked
def contract_tree(contracts: Iterable[Contract]) -> tuple[ContractNode, ...]:
    """Arrange contracts by ``parent_id``: the top ones, each with those below it.

    The top contracts and each contract's children keep the order they were
    given in.

    Raises
    ------
    ValidationError
        If two contracts share an id, a ``parent_id`` names no contract
        given, or parents run in a cycle (``A -> B -> A``; a contract under
        itself too), each at the offending contract.

    Examples
    --------
    >>> from accountkit.account import sample_portfolio
    >>> [(n.contract.id, [c.contract.id for c in n.children])
    ...  for n in contract_tree(sample_portfolio()[0].contracts)]
    [('NW-MSA', ['NW-SOW-1', 'NW-SOW-2'])]
    """
    given = list(contracts)
    check_unique_ids((c.id for c in given), named="contracts", root="contracts")
    where = {contract.id: index for index, contract in enumerate(given)}
    for index, contract in enumerate(given):
        parent = contract.parent_id
        if parent is not None and parent not in where:
            message = f"no contract {parent!r} among the contracts given"
            raise ValidationError(message, path=(index, "parent_id"), root="contracts")
        _no_cycle(given, where, index)
    children: dict[str | None, list[Contract]] = {}
    for contract in given:
        children.setdefault(contract.parent_id, []).append(contract)

    def node(contract: Contract) -> ContractNode:
        below = tuple(node(child) for child in children.get(contract.id, ()))
        return ContractNode(contract=contract, children=below)

    return tuple(node(contract) for contract in children.get(None, ()))


def _no_cycle(given: Sequence[Contract], where: dict[str, int], index: int) -> None:
    seen = [given[index].id]
    parent = given[index].parent_id
    while parent is not None:
        if parent in seen:
            cycle = " -> ".join([*seen[seen.index(parent) :], parent])
            message = f"parents run in a cycle: {cycle}"
            raise ValidationError(message, path=(index, "parent_id"), root="contracts")
        seen.append(parent)
        parent = given[where[parent]].parent_id


@attrs.frozen(kw_only=True)
class RolledValue:
    """A contract's value with the values of the contracts under it.

    Parameters
    ----------
    contract_id, title
        The contract.
    own
        Its own :class:`~accountkit.contracts.ContractValue` (zero for an MSA
        without charges).
    children
        Each contract under it, rolled up the same way.
    tcv
        Its own TCV and its children's, added.
    """

    contract_id: str
    title: str
    own: ContractValue
    children: tuple["RolledValue", ...]
    tcv: Money

    @property
    def basis(self) -> str:
        """Say how the total is made, from its own TCV and each child's.

        Examples
        --------
        >>> from accountkit.account import sample_portfolio
        >>> (root,) = contract_tree(sample_portfolio()[0].contracts)
        >>> print(rolled_value(root).basis)  # doctest: +NORMALIZE_WHITESPACE
        NW-MSA EUR 0.00 + NW-SOW-1 EUR 1,440,000.00 + NW-SOW-2 EUR 210,720.00
        = EUR 1,650,720.00
        """
        parts = [f"{self.contract_id} {self.own.tcv}"]
        parts += [f"{child.contract_id} {child.tcv}" for child in self.children]
        return " + ".join(parts) + f" = {self.tcv}"


attrs.resolve_types(RolledValue)  # the children's type names the class itself


def _usage_in(node: ContractNode, usage: UsageByContract, where: str) -> None:
    """Refuse usage for a contract that is not in the tree (it would be lost)."""
    if not isinstance(usage, Mapping):
        message = f"expected usage by contract id, got {type(usage).__name__}"
        raise ValidationError(message, path="usage", root=where)
    known = {contract.id for contract in node.walk()}
    for contract_id in usage:
        if contract_id not in known:
            message = (
                f"no contract {contract_id!r} in the tree (it has {sorted(known)})"
            )
            raise ValidationError(message, path=("usage", contract_id), root=where)


@checked
def rolled_value(
    node: ContractNode,
    *,
    usage: UsageByContract | None = None,
    rounding: str = DEFAULT_ROUNDING,
) -> RolledValue:
    """Return a contract's TCV with those of the contracts under it added.

    Each contract is valued by :func:`~accountkit.contracts.contract_value`
    (with its own records in ``usage``, by contract id, and ``rounding``);
    the tree's TCV is their sum. ACV and the value per year are left per
    contract: contracts under one MSA run on terms of their own, so their
    years do not line up. A contract with charges of no contracted value
    (uncapped time and materials) says so in its own
    :attr:`~accountkit.contracts.ContractValue.without_value`.

    Raises
    ------
    CurrencyMismatchError
        If a contract under it is in another currency (convert first).
    ValidationError
        If ``usage`` names a contract that is not in the tree.
    """
    given = {} if usage is None else usage
    _usage_in(node, given, "rolled_value")
    return _rolled(node, given, rounding)


def _rolled(node: ContractNode, usage: UsageByContract, rounding: str) -> RolledValue:
    own = contract_value(
        node.contract, usage=usage.get(node.contract.id, ()), rounding=rounding
    )
    children = tuple(_rolled(child, usage, rounding) for child in node.children)
    currency = node.contract.currency
    for index, child in enumerate(children):
        if child.tcv.currency != currency:
            message = (
                f"{child.contract_id} is in {child.tcv.currency}, but "
                f"{node.contract.id} is in {currency}: convert before adding"
            )
            raise CurrencyMismatchError(
                message, path=("children", index), root="rolled_value"
            )
    tcv = Money.total([own.tcv, *(child.tcv for child in children)], currency=currency)
    return RolledValue(
        contract_id=node.contract.id,
        title=node.contract.title,
        own=own,
        children=children,
        tcv=tcv,
    )


@attrs.frozen(kw_only=True)
class TreeLine:
    """One billing line of a contract in a tree, with the contract it is on."""

    contract_id: str
    line: BillingLine


@attrs.frozen(kw_only=True)
class TreeChange:
    """One change request of a contract in a tree, with its effect on value."""

    contract_id: str
    impact: ChangeImpact


@checked
def tree_schedule(
    node: ContractNode,
    *,
    period: Period | None = None,
    usage: UsageByContract | None = None,
    forecast: bool = False,
    rounding: str = DEFAULT_ROUNDING,
) -> tuple[TreeLine, ...]:
    """Return the billing lines of a contract and every contract under it.

    Each contract's lines are its :func:`~accountkit.contracts.billing_schedule`
    (with ``period``, its own records in ``usage``, ``forecast`` and
    ``rounding``); together they run by bill date, then in the tree's order
    (parents first), so the tree bills exactly what its contracts bill.

    Examples
    --------
    >>> from accountkit import Period
    >>> from accountkit.account import sample_portfolio
    >>> (root,) = contract_tree(sample_portfolio()[0].contracts)
    >>> june = tree_schedule(root, period=Period.month(2026, 6))
    >>> [(t.contract_id, str(t.line.amount)) for t in june]
    [('NW-SOW-1', 'EUR 40,000.00'), ('NW-SOW-2', 'EUR 15,000.00')]
    """
    given = {} if usage is None else usage
    _usage_in(node, given, "tree_schedule")
    order: list[tuple[date, int, int, TreeLine]] = []
    for rank, contract in enumerate(node.walk()):
        lines = billing_schedule(
            contract,
            period=period,
            usage=given.get(contract.id, ()),
            forecast=forecast,
            rounding=rounding,
        )
        order += [
            (line.bill_on, rank, place, TreeLine(contract_id=contract.id, line=line))
            for place, line in enumerate(lines)
        ]
    return tuple(item for *_, item in sorted(order, key=lambda o: o[:3]))


@checked
def tree_changes(
    node: ContractNode, *, usage: UsageByContract | None = None
) -> tuple[TreeChange, ...]:
    """Return the change requests of a contract and every contract under it.

    Each contract's :func:`~accountkit.contracts.change_log` entries, by the
    day they were raised, then in the tree's order (the contract how-to shows
    an MSA's changes this way).
    """
    given = {} if usage is None else usage
    _usage_in(node, given, "tree_changes")
    order: list[tuple[date, int, int, TreeChange]] = []
    for rank, contract in enumerate(node.walk()):
        entries = change_log(contract, usage=given.get(contract.id, ())).entries
        order += [
            (
                entry.raised_on,
                rank,
                place,
                TreeChange(contract_id=contract.id, impact=entry),
            )
            for place, entry in enumerate(entries)
        ]
    return tuple(item for *_, item in sorted(order, key=lambda o: o[:3]))
