"""The review's contracts area: what is in force, and what ends soon."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from accountkit.account._basis import (
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    day_text,
)
from accountkit.account._model import Account
from accountkit.contracts import (
    Contract,
    ContractNode,
    ContractValue,
    RolledValue,
    contract_tree,
    rolled_value,
)
from accountkit.money import Money

__all__ = [
    "CONTRACTS",
    "RENEWAL_WARNING_DAYS",
    "ContractEnd",
    "ContractPosition",
    "ContractTree",
    "PriceReview",
]

RENEWAL_WARNING_DAYS = 120
"""A contract ending within this many days without auto-renewal is flagged."""


@attrs.frozen(kw_only=True)
class ContractEnd:
    """A contract whose term ends soon and does not renew by itself."""

    contract: str
    title: str
    last_day: date
    """The last day of the term (the day it ends on, included)."""


@attrs.frozen(kw_only=True)
class ContractTree:
    """A top contract (an MSA, say) with the contracts under it."""

    contract: str
    title: str
    contracts: int
    """How many contracts the tree holds, the top one included."""
    tcv: Money
    """The tree's TCV (:func:`~accountkit.contracts.rolled_value`; an
    account's contracts are all in its currency)."""
    basis: str
    """How the total is made."""
    without_value: tuple[str, ...]
    """``contract/charge`` of each charge with no contracted value (uncapped
    time and materials): the TCV is then a lower bound."""


@attrs.frozen(kw_only=True)
class PriceReview:
    """The next price review of an indexed charge after the review day."""

    contract: str
    charge: str
    index: str
    on: date


@attrs.frozen(kw_only=True)
class ContractPosition:
    """The contracts in force on the review day, and those ending soon.

    ``recorded`` is false when the account records no contracts at all.
    Without a contract in force the review gives no colour.
    """

    recorded: bool
    in_force: tuple[str, ...]
    """Ids of the contracts whose term holds the review day."""
    ending: tuple[ContractEnd, ...]
    """Contracts ending within :data:`RENEWAL_WARNING_DAYS` of the review day
    that do not renew by themselves, soonest first."""
    trees: tuple[ContractTree, ...] = ()
    """Each contract with contracts under it (an MSA with its SOWs), with the
    value of the whole tree; a contract on its own is not listed."""
    price_reviews: tuple[PriceReview, ...] = ()
    """The next review of each indexed charge in force, soonest first."""
    note: str = ""
    """Why the position could not be computed, when it could not (its
    measures are then missing); empty otherwise."""


def _position(account: Account, day: date, _: Mapping[str, Any]) -> ContractPosition:
    horizon = day + timedelta(days=RENEWAL_WARNING_DAYS)
    contracts = account.contracts or ()
    ending = [
        ContractEnd(contract=c.id, title=c.title, last_day=c.term.last_day)
        for c in contracts
        if day < c.term.end <= horizon and not c.renewal.auto_renew
    ]
    return ContractPosition(
        recorded=account.contracts is not None,
        in_force=tuple(sorted(c.id for c in contracts if day in c.term)),
        ending=tuple(sorted(ending, key=lambda e: (e.last_day, e.contract))),
        trees=tuple(_tree(node) for node in contract_tree(contracts) if node.children),
        price_reviews=tuple(
            sorted(_reviews(contracts, day), key=lambda r: (r.on, r.contract, r.charge))
        ),
    )


def _tree(node: ContractNode) -> ContractTree:
    # an account's contracts are all in its currency: the tree adds up
    rolled = rolled_value(node)
    return ContractTree(
        contract=node.contract.id,
        title=node.contract.title,
        contracts=len(node.walk()),
        tcv=rolled.tcv,
        basis=rolled.basis,
        without_value=tuple(
            f"{contract_id}/{charge}"
            for contract_id, value in _values(rolled)
            for charge in value.without_value
        ),
    )


def _values(rolled: RolledValue) -> Iterable[tuple[str, ContractValue]]:
    """Each contract of a rolled-up tree (by id) with its own value, parents first."""
    yield rolled.contract_id, rolled.own
    for child in rolled.children:
        yield from _values(child)


def _reviews(contracts: Iterable[Contract], day: date) -> Iterable[PriceReview]:
    for contract in contracts:
        amended = contract.amended()
        if day not in amended.term:
            continue
        for charge in amended.charges:
            clause = getattr(charge, "indexation", None)
            if clause is None:
                continue
            later = [d for d in clause.review_dates(amended.term) if d > day]
            if later:
                yield PriceReview(
                    contract=amended.id,
                    charge=charge.id,
                    index=clause.index,
                    on=later[0],
                )


def _measures(_: ContractPosition) -> dict[str, object]:
    return {}


def _flags(
    _account: Account, _day: date, contracts: ContractPosition, _limits: Thresholds
) -> Iterable[Flag]:
    for end in contracts.ending:
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.CONTRACTS,
            code="contracts.ending",
            message=(
                f"{end.title} ({end.contract}) ends on {day_text(end.last_day)} "
                "and does not renew by itself"
            ),
            evidence=(end.contract,),
        )


CONTRACTS = ReviewArea("contracts", _position, _measures, _flags)
"""Contracts in force and ending."""
