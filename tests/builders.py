"""Short builders for the contracts tests: amounts in euros and a SOW around charges."""

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from accountkit import Money, Period
from accountkit.contracts import (
    BusinessCalendar,
    ChangeRequest,
    Charge,
    Contract,
    ContractKind,
    FixedFee,
    Frequency,
)

__all__ = ["DESK", "THREE_YEARS", "eur", "march_2019", "monthly", "sow"]

THREE_YEARS = Period(date(2026, 1, 1), date(2029, 1, 1))

if TYPE_CHECKING:
    from accountkit.health import Override


def eur(amount: str) -> Money:
    """An amount in euros."""
    return Money(amount, "EUR")


def sow(
    charges: Iterable[Charge] = (),
    *,
    term: Period = THREE_YEARS,
    changes: Iterable[ChangeRequest] = (),
    **fields: object,
) -> Contract:
    """A EUR statement of work for Northwind over ``term``, signed on its first day."""
    values: dict[str, object] = {
        "id": "C-1",
        "title": "Managed service",
        "kind": ContractKind.SOW,
        "client": "Northwind",
        "currency": "EUR",
        "term": term,
        "signed_on": term.start,
        "charges": tuple(charges),
        "changes": tuple(changes),
    }
    values.update(fields)
    return Contract(**values)  # type: ignore[arg-type]


DESK = BusinessCalendar.weekdays(
    time(10),
    time(18),
    timezone="Europe/London",
    holidays=frozenset({date(2019, 3, 5), date(2019, 3, 7)}),
)
"""The published business-hours cases' desk: Mon-Fri 10-18, two March holidays."""


def monthly(
    contract_id: str = "C-1",
    fee: int | str = 1000,
    term: Period | None = None,
    **fields: object,
) -> Contract:
    """A EUR SOW for client "acme" billing ``fee`` a month (charge "run"), 2026."""
    charge = FixedFee(id="run", amount=eur(str(fee)), frequency=Frequency.MONTHLY)
    return Contract(
        id=contract_id,
        title="Run",
        kind=ContractKind.SOW,
        client="acme",
        currency="EUR",
        term=term or Period.year(2026),
        signed_on=date(2025, 12, 1),
        charges=(charge,),
        **fields,
    )


def march_2019(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in March 2019 on the desk's local clock."""
    return datetime(2019, 3, day, hour, minute, tzinfo=DESK.zone)


def unknown_override() -> "Override":
    """An override of a measure no scorecard has: it fails the account's review."""
    from accountkit.health import Override  # noqa: PLC0415 - only some tests need it

    return Override(
        target="nope",
        score=1,
        author="x",
        reason="y",
        set_on=date(2026, 1, 1),
        expires_on=date(2026, 12, 31),
    )
