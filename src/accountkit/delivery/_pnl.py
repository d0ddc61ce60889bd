"""The client P&L: revenue less the direct cost of delivering it, line by line."""

import bisect
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import attrs
import numpy as np

from accountkit._checked import checked
from accountkit._ratios import rate_of
from accountkit._validators import (
    check_unique_ids,
    identifier,
    member_of,
    plain_date,
    positive_money,
    text,
)
from accountkit.contracts import Contract, billing_schedule
from accountkit.delivery import _kernel
from accountkit.delivery._budgets import Expense
from accountkit.delivery._people import Person, TimeEntry, check_days
from accountkit.delivery._time import bounds_of, columns, hours_of, money_of
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money
from accountkit.periods import Period

__all__ = [
    "ClientPnl",
    "Engagement",
    "PnlLine",
    "RevenueItem",
    "RevenueKind",
    "client_pnl",
]

_PLACES = 2


@attrs.frozen(kw_only=True)
class Engagement:
    """A piece of client work the P&L reports on.

    Parameters
    ----------
    id
        The code time entries, expenses and revenue name.
    name
        What people call it (the P&L shows it).
    service_line
        The service line it belongs to; the P&L adds up by it.
    contract_id
        The contract it delivers, whose billing schedule is its contracted
        revenue (none: no contracted revenue, shown as missing).
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    service_line: str = attrs.field(validator=identifier)
    contract_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )


class RevenueKind(enum.Enum):
    """What a revenue item does to revenue."""

    BILLED = "billed"
    """Invoiced: adds to revenue."""
    CREDIT_NOTE = "credit_note"
    """A credit note against the engagement's invoices: takes away."""
    SLA_CREDIT = "sla_credit"
    """A service credit issued under the contract's SLA: takes away."""


@attrs.frozen(kw_only=True)
class RevenueItem:
    """Money billed or credited on an engagement, on a day.

    ``amount`` is positive whatever the kind; the kind says which way it
    goes. ``reference`` names the document (an invoice, a credit note, the
    month a service credit is for), for the line's explanation.
    """

    engagement: str = attrs.field(validator=identifier)
    day: date = attrs.field(validator=plain_date)
    amount: Money = attrs.field(validator=positive_money)
    kind: RevenueKind = attrs.field(
        default=RevenueKind.BILLED, validator=member_of(RevenueKind)
    )
    reference: str = attrs.field(default="", validator=text)


@attrs.frozen(kw_only=True)
class PnlLine:
    """Revenue, direct cost and contribution margin of one line of the P&L.

    A line is an engagement in a month; a total leaves out what it adds up
    over (``engagement``, ``name`` and ``service_line`` are ``None`` when it
    adds up over them; ``start`` and ``last_day`` span what it covers).

    Attributes
    ----------
    contracted
        The contract's billing schedule in the line's days (bill dates);
        ``None`` for an engagement without a contract.
    billed, credit_notes, sla_credits
        Invoiced, and taken back by credit notes and by service credits.
    revenue
        ``billed - credit_notes - sla_credits``.
    hours, billable_hours
        Every hour recorded on the engagement, and the billable ones.
    standard_value
        The billable hours at their person's standard bill rate on their day
        (rounded once a line): what the time was worth at list price, for
        realisation (billed over standard value).
    time_cost
        Every hour at its person's cost rate of its day, rounded once a line.
    expenses
        The engagement's expenses in the line's days.
    cost
        ``time_cost + expenses``: the direct cost of delivery.
    margin
        ``revenue - cost``: the contribution margin.
    margin_percent
        ``margin / revenue`` in percent (2 places); ``None`` without revenue.
    basis
        Where each figure came from, in words.
    """

    engagement: str | None
    name: str | None
    service_line: str | None
    start: date
    last_day: date
    contracted: Money | None
    billed: Money
    credit_notes: Money
    sla_credits: Money
    revenue: Money
    hours: Decimal
    billable_hours: Decimal
    standard_value: Money
    time_cost: Money
    expenses: Money
    cost: Money
    margin: Money
    margin_percent: Decimal | None
    basis: tuple[str, ...]


@attrs.frozen(kw_only=True)
class ClientPnl:
    """The client P&L over a period: by line, and added up every way.

    Every total is the sum of its lines, exactly: the margin of the account
    is the sum of the lines' margins to the minor unit.

    Attributes
    ----------
    lines
        One per engagement per month (engagements in the order given).
    by_engagement, by_service_line, by_month
        The lines added up (service lines sorted, months in order).
    total
        Every line added up: the account's P&L.
    """

    currency: str
    start: date
    last_day: date
    lines: tuple[PnlLine, ...]
    by_engagement: tuple[PnlLine, ...]
    by_service_line: tuple[PnlLine, ...]
    by_month: tuple[PnlLine, ...]
    total: PnlLine


@dataclass
class _Cell:
    """The money of one line while it is added up (exact Decimals)."""

    billed: Decimal = Decimal(0)
    credit_notes: Decimal = Decimal(0)
    sla_credits: Decimal = Decimal(0)
    expenses: Decimal = Decimal(0)
    contracted: Decimal | None = None
    documents: dict[RevenueKind, list[str]] = field(default_factory=dict)
    spent: list[str] = field(default_factory=list)
    schedule: int = 0


def _same(amount: Money, currency: str, path: tuple[str | int, ...]) -> None:
    if amount.currency != currency:
        message = f"in {amount.currency}, the P&L is in {currency}"
        raise CurrencyMismatchError(message, path=path, root="client_pnl")


def _check(
    engagements: Sequence[Engagement],
    records: tuple[Sequence[TimeEntry], Sequence[Expense], Sequence[RevenueItem]],
    contracts: Sequence[Contract],
) -> None:
    """Refuse repeated ids and records that name no engagement."""
    where = "client_pnl"
    check_unique_ids(
        (e.id for e in engagements),
        named="engagements",
        root=where,
        path=("engagements",),
    )
    check_unique_ids(
        (c.id for c in contracts), named="contracts", root=where, path=("contracts",)
    )
    entries, expenses, revenue = records
    check_days(entries, root=where)
    known = {e.id for e in engagements}
    contract_ids = {c.id for c in contracts}
    for index, engagement in enumerate(engagements):
        if engagement.contract_id is not None and (
            engagement.contract_id not in contract_ids
        ):
            message = f"no contract {engagement.contract_id!r} among the contracts"
            raise ValidationError(
                message, path=("engagements", index, "contract_id"), root=where
            )
    found: tuple[tuple[str, Sequence[Expense | RevenueItem]], ...] = (
        ("expenses", expenses),
        ("revenue", revenue),
    )
    for name, items in found:
        for index, item in enumerate(items):
            if item.engagement not in known:
                message = f"no engagement {item.engagement!r} among the engagements"
                raise ValidationError(
                    message, path=(name, index, "engagement"), root=where
                )


def _column(bounds: Sequence[date], day: date) -> int | None:
    """Return the month ``day`` falls in (``None``: outside the period)."""
    if not bounds[0] <= day < bounds[-1]:
        return None
    return bisect.bisect_right(bounds, day) - 1


_FIELD = {
    RevenueKind.BILLED: "billed",
    RevenueKind.CREDIT_NOTE: "credit_notes",
    RevenueKind.SLA_CREDIT: "sla_credits",
}


def _cells(
    engagements: Sequence[Engagement],
    bounds: Sequence[date],
    *,
    records: tuple[Sequence[Expense], Sequence[RevenueItem]],
    currency: str,
) -> list[list[_Cell]]:
    """Return each engagement's revenue and expenses in each month."""
    row_of = {e.id: row for row, e in enumerate(engagements)}
    cells = [[_Cell() for _ in bounds[1:]] for _ in engagements]
    expenses, revenue = records
    for index, expense in enumerate(expenses):
        _same(expense.amount, currency, ("expenses", index, "amount"))
        at = _column(bounds, expense.day)
        if at is not None:
            cell = cells[row_of[expense.engagement]][at]
            cell.expenses += expense.amount.amount
            cell.spent.append(expense.id)
    for index, item in enumerate(revenue):
        _same(item.amount, currency, ("revenue", index, "amount"))
        at = _column(bounds, item.day)
        if at is not None:
            cell = cells[row_of[item.engagement]][at]
            name = _FIELD[item.kind]
            setattr(cell, name, getattr(cell, name) + item.amount.amount)
            cell.documents.setdefault(item.kind, []).append(item.reference or "?")
    return cells


def _schedule(
    cells: list[list[_Cell]],
    engagements: Sequence[Engagement],
    bounds: Sequence[date],
    *,
    contracts: Sequence[Contract],
    currency: str,
    rounding: str,
) -> None:
    """Add each engagement's contracted revenue (its billing lines) to its cells."""
    by_id = {c.id: c for c in contracts}
    for row, engagement in enumerate(engagements):
        if engagement.contract_id is None:
            continue
        contract = by_id[engagement.contract_id]
        if contract.currency != currency:
            message = f"in {contract.currency}, the P&L is in {currency}"
            raise CurrencyMismatchError(
                message, path=("engagements", row, "contract_id"), root="client_pnl"
            )
        totals = [Decimal(0)] * len(cells[row])
        scheduled = billing_schedule(
            contract, period=Period(bounds[0], bounds[-1]), rounding=rounding
        )
        for line in scheduled:
            at = _column(bounds, line.bill_on)
            if at is not None:
                totals[at] += line.amount.amount
                cells[row][at].schedule += 1
        for cell, total in zip(cells[row], totals, strict=True):
            cell.contracted = total


def _basis(
    cell: _Cell, hours: Decimal, billable: Decimal, contract: str | None
) -> tuple[str, ...]:
    said = []
    if contract is not None:
        said.append(
            f"contracted: {cell.schedule} billing line(s) of {contract} billed in "
            "these days"
        )
    labels = {
        RevenueKind.BILLED: "billed",
        RevenueKind.CREDIT_NOTE: "credit notes",
        RevenueKind.SLA_CREDIT: "SLA credits",
    }
    said.extend(
        f"{labels[kind]}: {', '.join(cell.documents[kind])}"
        for kind in RevenueKind
        if kind in cell.documents
    )
    if hours:
        said.append(
            f"time: {hours} h recorded ({billable} billable), each hour at its "
            "person's cost rate on its day"
        )
    if cell.spent:
        said.append(f"expenses: {', '.join(cell.spent)}")
    return tuple(said)


def _line(
    keys: tuple[str | None, str | None, str | None],
    days: tuple[date, date],
    *,
    money: dict[str, Money],
    contracted: Money | None,
    hours: tuple[Decimal, Decimal],
    basis: tuple[str, ...],
) -> PnlLine:
    revenue = money["billed"] - money["credit_notes"] - money["sla_credits"]
    cost = money["time_cost"] + money["expenses"]
    margin = revenue - cost
    return PnlLine(
        engagement=keys[0],
        name=keys[1],
        service_line=keys[2],
        start=days[0],
        last_day=days[1],
        contracted=contracted,
        billed=money["billed"],
        credit_notes=money["credit_notes"],
        sla_credits=money["sla_credits"],
        revenue=revenue,
        hours=hours[0],
        billable_hours=hours[1],
        standard_value=money["standard_value"],
        time_cost=money["time_cost"],
        expenses=money["expenses"],
        cost=cost,
        margin=margin,
        margin_percent=rate_of(margin * 100, revenue, _PLACES),
        basis=basis,
    )


_ADDED = (
    "billed",
    "credit_notes",
    "sla_credits",
    "standard_value",
    "time_cost",
    "expenses",
)


def _added(
    lines: Sequence[PnlLine],
    keys: tuple[str | None, str | None, str | None],
    currency: str,
) -> PnlLine:
    """Return the sum of ``lines`` (the days from the first's to the last's)."""
    money = {
        name: Money.total((getattr(line, name) for line in lines), currency=currency)
        for name in _ADDED
    }
    scheduled = [line.contracted for line in lines if line.contracted is not None]
    contracted = Money.total(scheduled, currency=currency) if scheduled else None
    return _line(
        keys,
        (min(line.start for line in lines), max(line.last_day for line in lines)),
        money=money,
        contracted=contracted,
        hours=(
            sum((part.hours for part in lines), Decimal(0)),
            sum((part.billable_hours for part in lines), Decimal(0)),
        ),
        basis=(f"the sum of {len(lines)} line(s)",),
    )


@checked
def client_pnl(
    engagements: Sequence[Engagement],
    *,
    period: Period,
    people: Sequence[Person],
    entries: Sequence[TimeEntry],
    expenses: Sequence[Expense] = (),
    revenue: Sequence[RevenueItem] = (),
    contracts: Sequence[Contract] = (),
    currency: str | None = None,
    rounding: str = DEFAULT_ROUNDING,
) -> ClientPnl:
    r"""Return the client P&L of ``engagements`` over ``period``, month by month.

    For each engagement and month:

    .. math::

        \text{revenue} &= \text{billed} - \text{credit notes}
                          - \text{SLA credits} \\
        \text{cost} &= \sum_{e} h_e \, c_{p(e), d(e)} + \text{expenses} \\
        \text{margin} &= \text{revenue} - \text{cost}

    where the sum runs over every time entry :math:`e` on the engagement in
    the month, billable or not, :math:`c_{p,d}` being person :math:`p`'s cost
    rate on day :math:`d`; the time cost is rounded to the minor unit once a
    line. Revenue counts by document date, expenses by their day, contracted
    revenue by bill date. Time on codes that are not among ``engagements``
    (bench, training) is not client cost and is left out.

    Parameters
    ----------
    engagements
        The engagements, each with its service line and contract.
    period
        The months to report (a part month at either end is its own line).
    people
        Everyone whose time is recorded on the engagements.
    entries, expenses
        Time and expenses.
    revenue
        Invoices, credit notes and service credits, by engagement.
    contracts
        The contracts the engagements name, for contracted revenue.
    currency
        The P&L's currency (default: the people's rates').
    rounding
        Rounding of each line's time cost.

    Raises
    ------
    ValidationError
        For repeated ids, a record naming no engagement (or a contract not
        given), an entry of a person not given or before their first rate,
        or a person's day above 24 hours.
    CurrencyMismatchError
        For money in another currency than the P&L's.

    Examples
    --------
    >>> from datetime import date, time
    >>> from accountkit import Money, Period
    >>> from accountkit.contracts import BusinessCalendar
    >>> from accountkit.delivery import (Engagement, Expense, Person, RateChange,
    ...                                  RevenueItem, RevenueKind, TimeEntry)
    >>> office = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    >>> ana = Person(id="ana", name="Ana", role="dev", calendar=office,
    ...              rates=(RateChange(effective_from=date(2026, 1, 1),
    ...                                cost_rate=Money("70", "EUR"),
    ...                                bill_rate=Money("150", "EUR")),))
    >>> work = [Engagement(id="E1", name="Data platform", service_line="data")]
    >>> time_ = [TimeEntry(person="ana", engagement="E1", day=date(2026, 3, d),
    ...                    hours="8", billable=d != 6) for d in range(2, 7)]
    >>> money = [RevenueItem(engagement="E1", day=date(2026, 3, 31),
    ...                      amount=Money("4800", "EUR"), reference="INV-7"),
    ...          RevenueItem(engagement="E1", day=date(2026, 3, 31),
    ...                      amount=Money("240", "EUR"), kind=RevenueKind.SLA_CREDIT,
    ...                      reference="2026-03")]
    >>> spent = [Expense(id="X1", engagement="E1", day=date(2026, 3, 4),
    ...                  amount=Money("300", "EUR"))]
    >>> pnl = client_pnl(work, period=Period.month(2026, 3), people=[ana],
    ...                  entries=time_, expenses=spent, revenue=money)
    >>> line = pnl.total
    >>> [str(m) for m in (line.revenue, line.time_cost, line.cost, line.margin)]
    ['EUR 4,560.00', 'EUR 2,800.00', 'EUR 3,100.00', 'EUR 1,460.00']
    >>> line.margin_percent, line.hours, line.billable_hours
    (Decimal('32.02'), Decimal('40'), Decimal('32'))
    """
    where = "client_pnl"
    _check(engagements, (entries, expenses, revenue), contracts)
    bounds = bounds_of(period)
    cols = columns(people, entries, bounds, root=where)
    unit = currency if currency is not None else cols.currency
    if not people and currency is None:
        message = "give the P&L's currency: there are no people to take it from"
        raise ValidationError(message, path="currency", root=where)
    if people and unit != cols.currency:
        message = f"in {cols.currency}, the P&L is in {unit}"
        raise CurrencyMismatchError(message, path=("people", 0, "rates"), root=where)
    row_of = {e.id: row for row, e in enumerate(engagements)}
    group = np.asarray(
        [row_of.get(entry.engagement, -1) for entry in entries], dtype=np.int64
    )
    ours = group >= 0
    sums = _kernel.sums(
        group[ours],
        cols.period[ours],
        cols.hours[ours],
        cols.billable[ours],
        (cols.cost_rate[ours], cols.bill_rate[ours]),
        shape=(len(engagements), len(bounds) - 1),
        scales=cols.scales,
    )
    cells = _cells(
        engagements,
        bounds,
        records=(expenses, revenue),
        currency=unit,
    )
    _schedule(
        cells,
        engagements,
        bounds,
        contracts=contracts,
        currency=unit,
        rounding=rounding,
    )
    lines = []
    for row, engagement in enumerate(engagements):
        for column, cell in enumerate(cells[row]):
            hours = hours_of(sums.hours[row, column], sums.hour_scale)
            billable = hours_of(sums.billable[row, column], sums.hour_scale)
            money = {
                "billed": Money(cell.billed, unit),
                "credit_notes": Money(cell.credit_notes, unit),
                "sla_credits": Money(cell.sla_credits, unit),
                "standard_value": money_of(
                    sums.standard[row, column], sums, unit, rounding
                ),
                "time_cost": money_of(sums.cost[row, column], sums, unit, rounding),
                "expenses": Money(cell.expenses, unit),
            }
            lines.append(
                _line(
                    (engagement.id, engagement.name, engagement.service_line),
                    (bounds[column], bounds[column + 1] - timedelta(days=1)),
                    money=money,
                    contracted=None
                    if cell.contracted is None
                    else Money(cell.contracted, unit),
                    hours=(hours, billable),
                    basis=_basis(cell, hours, billable, engagement.contract_id),
                )
            )
    return _totals(engagements, lines, period, unit)


def _totals(
    engagements: Sequence[Engagement],
    lines: Sequence[PnlLine],
    period: Period,
    currency: str,
) -> ClientPnl:
    """Return the P&L with ``lines`` added up by engagement, service line, month."""
    empty = _line(
        (None, None, None),
        (period.start, period.last_day),
        money={name: Money.zero(currency) for name in _ADDED},
        contracted=None,
        hours=(Decimal(0), Decimal(0)),
        basis=("no engagements",),
    )
    by_engagement = tuple(
        _added(
            [part for part in lines if part.engagement == e.id],
            (e.id, e.name, e.service_line),
            currency,
        )
        for e in engagements
    )
    services = sorted({e.service_line for e in engagements})
    by_service = tuple(
        _added(
            [part for part in lines if part.service_line == s],
            (None, None, s),
            currency,
        )
        for s in services
    )
    months = sorted({part.start for part in lines})
    by_month = tuple(
        _added(
            [part for part in lines if part.start == m], (None, None, None), currency
        )
        for m in months
    )
    return ClientPnl(
        currency=currency,
        start=period.start,
        last_day=period.last_day,
        lines=tuple(lines),
        by_engagement=by_engagement,
        by_service_line=by_service,
        by_month=by_month,
        total=_added(lines, (None, None, None), currency) if lines else empty,
    )
