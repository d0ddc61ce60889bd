"""What an account keeps about its delivery: people, time, budgets, demand."""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from accountkit._validators import (
    decimal,
    fraction_between,
    identifier,
    plain_date,
    tuple_of,
)
from accountkit.delivery._budgets import BudgetLine, Expense
from accountkit.delivery._people import Leave, Person, TimeEntry, check_days
from accountkit.delivery._pnl import Engagement
from accountkit.delivery._resourcing import Demand, Leaver, leaver_problems
from accountkit.errors import Problem, ValidationError

__all__ = ["DeliveryRecords", "Progress"]


@attrs.frozen(kw_only=True)
class Progress:
    """How complete an engagement's fixed-price work was on a day.

    ``complete`` is a fraction (``"0.40"`` for 40 %), as the project manager
    reports it; earned value is the budget at completion times it.
    """

    engagement: str = attrs.field(validator=identifier)
    day: date = attrs.field(validator=plain_date)
    complete: Decimal = attrs.field(
        converter=decimal,
        validator=fraction_between(
            Decimal(0), Decimal(1), meaning="work is from 0 to 1 complete"
        ),
    )


def _optional(kind: type) -> Any:  # noqa: ANN401 - an attrs field
    """Return a part's field: ``None`` when not recorded, else a tuple."""
    return attrs.field(default=None, validator=tuple_of(kind, optional=True))


@attrs.frozen(kw_only=True)
class DeliveryRecords:
    """An account's delivery records, checked against each other.

    Parameters
    ----------
    people
        Everyone who delivers the account.
    engagements
        The account's engagements (each may name the contract it delivers).
    entries
        Time entries: on the engagements, or on internal codes (bench,
        training) that are not client work.
    leave, expenses
        Leave, and the engagements' expenses.
    budgets, progress, demand, leavers
        Monthly budgets, reported progress of fixed-price work, resource
        demand and leaver records; each ``None`` when not kept (what would be
        computed from it is then missing, never zero), a tuple, perhaps
        empty, when it is.

    Raises
    ------
    ValidationError
        Every problem at once, each at its path: an id used twice, a record
        naming a person or an engagement that is not there, a person's day
        above 24 hours, a leaver record that disagrees with the person, two
        engagements delivering one contract (whose invoices could go to
        either).
    """

    people: tuple[Person, ...] = attrs.field(validator=tuple_of(Person))
    engagements: tuple[Engagement, ...] = attrs.field(validator=tuple_of(Engagement))
    entries: tuple[TimeEntry, ...] = attrs.field(validator=tuple_of(TimeEntry))
    leave: tuple[Leave, ...] = attrs.field(default=(), validator=tuple_of(Leave))
    expenses: tuple[Expense, ...] = attrs.field(default=(), validator=tuple_of(Expense))
    budgets: tuple[BudgetLine, ...] | None = _optional(BudgetLine)
    progress: tuple[Progress, ...] | None = _optional(Progress)
    demand: tuple[Demand, ...] | None = _optional(Demand)
    leavers: tuple[Leaver, ...] | None = _optional(Leaver)

    def __attrs_post_init__(self) -> None:
        problems = list(_problems(self))
        if problems:
            raise ValidationError(problems=problems, root="DeliveryRecords")


def _repeated(items: Iterable[str], section: str) -> Iterable[Problem]:
    seen: dict[str, int] = {}
    for index, key in enumerate(items):
        if key in seen:
            message = f"id {key!r} is used twice ({section}[{seen[key]}] and here)"
            yield Problem((section, index, "id"), message)
        else:
            seen[key] = index


def _unknown(
    records: Sequence[Any], section: str, field: str, known: set[str], what: str
) -> Iterable[Problem]:
    for index, record in enumerate(records):
        if getattr(record, field) not in known:
            message = f"no {what} {getattr(record, field)!r} in the records"
            yield Problem((section, index, field), message)


def _problems(records: DeliveryRecords) -> Iterable[Problem]:
    yield from _repeated((p.id for p in records.people), "people")
    yield from _repeated((e.id for e in records.engagements), "engagements")
    yield from _repeated((e.id for e in records.expenses), "expenses")
    yield from _repeated((d.id for d in records.demand or ()), "demand")
    people = {p.id for p in records.people}
    work = {e.id for e in records.engagements}
    yield from _unknown(records.entries, "entries", "person", people, "person")
    yield from _unknown(records.leave, "leave", "person", people, "person")
    yield from _unknown(records.expenses, "expenses", "engagement", work, "engagement")
    yield from _unknown(
        records.budgets or (), "budgets", "engagement", work, "engagement"
    )
    yield from _unknown(
        records.progress or (), "progress", "engagement", work, "engagement"
    )
    rates = {p.id: p for p in records.people}
    for index, entry in enumerate(records.entries):
        who = rates.get(entry.person)
        if who is not None and who.rate_on(entry.day) is None:
            message = f"{entry.day} is before {entry.person!r}'s first rate"
            yield Problem(("entries", index, "day"), message)
    try:
        check_days(records.entries, root="DeliveryRecords")
    except ValidationError as err:
        yield from err.problems
    if records.leavers is not None:
        yield from leaver_problems(records.people, records.leavers, None)
    delivered: dict[str, int] = {}
    for index, engagement in enumerate(records.engagements):
        contract = engagement.contract_id
        if contract is None:
            continue
        if contract in delivered:
            message = (
                f"contract {contract!r} is delivered by "
                f"engagements[{delivered[contract]}] already: its invoices "
                "could go to either"
            )
            yield Problem(("engagements", index, "contract_id"), message)
        delivered.setdefault(contract, index)
    seen: dict[tuple[str, date], int] = {}
    for index, line in enumerate(records.budgets or ()):
        key = (line.engagement, line.month)
        if key in seen:
            message = f"{line.month} is budgeted twice (budgets[{seen[key]}] and here)"
            yield Problem(("budgets", index, "month"), message)
        seen[key] = index
