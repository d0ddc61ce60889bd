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

__all__ = ["CONTRACTS", "RENEWAL_WARNING_DAYS", "ContractEnd", "ContractPosition"]

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
