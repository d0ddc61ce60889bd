"""The review's delivery area: utilisation, the client P&L, budgets, resourcing.

It reads the account's :class:`~accountkit.delivery.DeliveryRecords` and
joins them to what the rest of the account knows: the invoices and credit
notes billed under each engagement's contract and the service credits its
SLA issued are the revenue of the client P&L; the account plan's margin is
what the P&L's margin is held against.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from accountkit.account._basis import (
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    as_percent,
    percent,
)
from accountkit.account._model import Account
from accountkit.contracts._regime import issued_credits
from accountkit.delivery import (
    Attrition,
    BudgetPosition,
    ClientPnl,
    DeliveryRecords,
    Demand,
    EarnedValue,
    RevenueItem,
    RevenueKind,
    Staffing,
    attrition,
    budget_position,
    client_pnl,
    earned_value,
    headcount,
    monthly_utilisation,
    staffing,
)
from accountkit.money import Money
from accountkit.periods import Period, add_months

__all__ = [
    "DELIVERY",
    "DeliveryPosition",
    "EngagementBudget",
    "NonBillable",
    "RoleCount",
]

_WINDOW_MONTHS = 3
"""Utilisation, realisation and staffing look at the review month and the two
before it."""
_ATTRITION_MONTHS = 12


@attrs.frozen(kw_only=True)
class RoleCount:
    """How many people of a role are on the account on the review day."""

    role: str
    people: int


@attrs.frozen(kw_only=True)
class NonBillable:
    """The share of an engagement's hours that were not billable (%)."""

    engagement: str
    name: str
    share: Decimal


@attrs.frozen(kw_only=True)
class EngagementBudget:
    """An engagement's budget against its actuals, and its earned value.

    ``earned`` is there when progress has been reported on or before the
    review day (``complete``, as of ``progress_on``): earned value is the
    budget at completion times it.
    """

    engagement: str
    name: str
    budget: BudgetPosition
    complete: Decimal | None
    progress_on: date | None
    earned: EarnedValue | None


@attrs.frozen(kw_only=True)
class DeliveryPosition:
    """The account's delivery economics on the review day.

    ``recorded`` is false when the account keeps no delivery records: every
    delivery measure is then missing, never zero. Within the records,
    budgets, progress, demand and leavers may each be unrecorded, and what
    comes from them is missing too.

    Attributes
    ----------
    window_start, window_end
        The review month and the two before it (to the review day), for
        utilisation, realisation, non-billable work and staffing.
    available_hours, billable_hours, utilisation
        The team's available and billable hours in the window, and their
        ratio in % (net of leave; ``None`` with nothing available).
    standard_value, billed, realisation
        The billable hours on the engagements at standard rates, what the
        engagements billed, and billed over standard in %.
    non_billable
        Each engagement's non-billable share of its hours in the window.
    pnl
        The client P&L for the year to the review day.
    margin, plan_margin
        The P&L's contribution margin in %, and the account plan's margin
        for the year in % (``None``: no plan margin).
    unattributed
        Invoices of the year not billed under an engagement's contract (not
        in the P&L).
    budgets, worst_cpi
        Each budgeted engagement's position, and the lowest cost performance
        index among those with reported progress.
    attrition
        Leavers over the 12 whole months up to the review day.
    staffing
        Demand due in the window and how it was met (``None``: no demand
        recorded).
    headcount
        People on the account on the review day, by role.
    """

    recorded: bool
    window_start: date
    window_end: date
    available_hours: Decimal
    billable_hours: Decimal
    utilisation: Decimal | None
    standard_value: Money
    billed: Money
    realisation: Decimal | None
    non_billable: tuple[NonBillable, ...]
    pnl: ClientPnl | None
    margin: Decimal | None
    plan_margin: Decimal | None
    unattributed: tuple[str, ...]
    budgets: tuple[EngagementBudget, ...]
    worst_cpi: Decimal | None
    attrition: Attrition | None
    staffing: Staffing | None
    headcount: tuple[RoleCount, ...]
    note: str = ""
    """Why the position could not be computed, when it could not."""


def _revenue(account: Account, records: DeliveryRecords) -> list[RevenueItem]:
    """Return the account's invoices, credit notes and SLA credits by engagement."""
    by_contract = {
        e.contract_id: e.id for e in records.engagements if e.contract_id is not None
    }
    items = []
    invoices = {}
    for invoice in account.invoices or ():
        invoices[invoice.id] = invoice
        if invoice.contract_id in by_contract:
            items.append(
                RevenueItem(
                    engagement=by_contract[invoice.contract_id],
                    day=invoice.issued_on,
                    amount=invoice.amount,
                    reference=invoice.id,
                )
            )
    for note in account.credit_notes or ():
        billed = invoices.get(note.invoice_id or "")
        if billed is not None and billed.contract_id in by_contract:
            items.append(
                RevenueItem(
                    engagement=by_contract[billed.contract_id],
                    day=note.issued_on,
                    amount=note.amount,
                    kind=RevenueKind.CREDIT_NOTE,
                    reference=note.id,
                )
            )
    for agreement in account.service or ():
        if agreement.contract_id not in by_contract:
            continue
        assessed = issued_credits(
            agreement.levels,
            agreement.regime,
            measurements=agreement.measurements,
            charges=agreement.charges,
            waivers=agreement.waivers,
        )
        items.extend(
            RevenueItem(
                engagement=by_contract[agreement.contract_id],
                day=period.period.last_day,
                amount=period.issued,
                kind=RevenueKind.SLA_CREDIT,
                reference=f"{agreement.id}/{period.period.start.isoformat()}",
            )
            for period in assessed
            if period.issued.amount  # a period that issued nothing is no line
        )
    return items


def _budgets(records: DeliveryRecords, day: date) -> tuple[EngagementBudget, ...]:
    found = []
    budgeted = {line.engagement for line in records.budgets or ()}
    for engagement in records.engagements:
        if engagement.id not in budgeted:
            continue
        position = budget_position(
            engagement.id,
            budget=records.budgets or (),
            people=records.people,
            entries=records.entries,
            expenses=records.expenses,
            as_of=day,
        )
        reports = [
            p
            for p in records.progress or ()
            if p.engagement == engagement.id and p.day <= day
        ]
        latest = max(reports, key=lambda p: p.day, default=None)
        earned = (
            None
            if latest is None
            else earned_value(
                budget_at_completion=position.budget_at_completion,
                planned_value=position.budget_to_date,
                earned_value=Money.from_fraction(
                    position.budget_at_completion.amount * latest.complete,
                    position.budget_at_completion.currency,
                ),
                actual_cost=position.actual_to_date,
            )
        )
        found.append(
            EngagementBudget(
                engagement=engagement.id,
                name=engagement.name,
                budget=position,
                complete=None if latest is None else latest.complete,
                progress_on=None if latest is None else latest.day,
                earned=earned,
            )
        )
    return tuple(found)


def _window(day: date) -> Period:
    first = add_months(date(day.year, day.month, 1), 1 - _WINDOW_MONTHS)
    return Period(first, day + timedelta(days=1))


def _attrition_period(day: date) -> Period:
    following = day + timedelta(days=1)
    end = following if following.day == 1 else date(day.year, day.month, 1)
    return Period(add_months(end, -_ATTRITION_MONTHS), end)


def _empty(account: Account, day: date) -> DeliveryPosition:
    window = _window(day)
    nothing = Money.zero(account.currency)
    return DeliveryPosition(
        recorded=False,
        window_start=window.start,
        window_end=window.last_day,
        available_hours=Decimal(0),
        billable_hours=Decimal(0),
        utilisation=None,
        standard_value=nothing,
        billed=nothing,
        realisation=None,
        non_billable=(),
        pnl=None,
        margin=None,
        plan_margin=None,
        unattributed=(),
        budgets=(),
        worst_cpi=None,
        attrition=None,
        staffing=None,
        headcount=(),
    )


def _position(account: Account, day: date, _: Mapping[str, Any]) -> DeliveryPosition:
    records = account.delivery
    if records is None:
        return _empty(account, day)
    window = _window(day)
    team = monthly_utilisation(
        records.people, records.entries, period=window, leave=records.leave
    )
    available = sum((u.available_hours for u in team), Decimal(0))
    billable = sum((u.billable_hours for u in team), Decimal(0))
    revenue = _revenue(account, records)

    def pnl_of(period: Period) -> ClientPnl:
        return client_pnl(
            records.engagements,
            period=period,
            people=records.people,
            entries=records.entries,
            expenses=records.expenses,
            revenue=revenue,
            contracts=account.contracts or (),
            currency=account.currency,
        )

    recent = pnl_of(window)
    year = Period(date(day.year, 1, 1), day + timedelta(days=1))
    pnl = pnl_of(year)
    plan = account.plan_for(day.year)
    budgets = _budgets(records, day)
    indices = [b.earned.cpi for b in budgets if b.earned and b.earned.cpi is not None]
    billed_ids = {item.reference for item in revenue if item.kind is RevenueKind.BILLED}
    return DeliveryPosition(
        recorded=True,
        window_start=window.start,
        window_end=window.last_day,
        available_hours=available,
        billable_hours=billable,
        utilisation=percent(billable, available),
        standard_value=recent.total.standard_value,
        billed=recent.total.billed,
        realisation=percent(
            recent.total.billed.amount, recent.total.standard_value.amount
        ),
        non_billable=tuple(
            NonBillable(
                engagement=line.engagement or "", name=line.name or "", share=share
            )
            for line in recent.by_engagement
            if (share := percent(line.hours - line.billable_hours, line.hours))
            is not None
        ),
        pnl=pnl,
        margin=pnl.total.margin_percent,
        plan_margin=None if plan is None else as_percent(plan.margin),
        unattributed=tuple(
            i.id
            for i in account.invoices or ()
            if i.issued_on in year and i.id not in billed_ids
        ),
        budgets=budgets,
        worst_cpi=min(indices, default=None),
        attrition=attrition(
            records.people,
            period=_attrition_period(day),
            leavers=records.leavers,
        ),
        staffing=None
        if records.demand is None
        else staffing(records.demand, period=window, as_of=day),
        headcount=tuple(
            RoleCount(role=role, people=n)
            for role, n in headcount(records.people, on=day).items()
        ),
    )


def _measures(position: DeliveryPosition) -> dict[str, object]:
    return {
        "utilisation": position.utilisation,
        "realisation": position.realisation,
        "delivery_margin": position.margin,
        "cost_performance": position.worst_cpi,
        "attrition": None
        if position.attrition is None
        else position.attrition.annualised,
        "fulfilment": None
        if position.staffing is None
        else position.staffing.fulfilment_rate,
    }


def _flag(priority: Priority, code: str, message: str, *evidence: str) -> Flag:
    return Flag(
        priority=priority,
        area=Area.DELIVERY,
        code=f"delivery.{code}",
        message=message,
        evidence=evidence,
    )


def _money_flags(position: DeliveryPosition, limits: Thresholds) -> Iterable[Flag]:
    margin, plan = position.margin, position.plan_margin
    if margin is not None and plan is not None and margin < plan - limits.margin_gap:
        yield _flag(
            Priority.THIS_MONTH,
            "margin_below_plan",
            f"client P&L margin {margin}% this year, {plan - margin} points below "
            f"the plan's {plan}%",
        )
    elif margin is not None and margin < 0:
        yield _flag(
            Priority.NOW, "negative_margin", f"client P&L margin {margin}% this year"
        )
    for item in position.budgets:
        cpi = None if item.earned is None else item.earned.cpi
        if cpi is not None and cpi < limits.cpi_watch:
            yield _flag(
                Priority.NOW if cpi < limits.cpi_now else Priority.THIS_MONTH,
                "cost_overrun",
                f"{item.name}: CPI {cpi} ({item.complete:.0%} complete on "
                f"{item.progress_on}); at this rate it costs "
                f"{item.earned.estimate_at_completion} against a budget of "  # type: ignore[union-attr]
                f"{item.budget.budget_at_completion}",
                item.engagement,
            )
        elif item.earned is None and item.budget.variance_at_completion.amount < 0:
            yield _flag(
                Priority.THIS_MONTH,
                "over_budget",
                f"{item.name}: estimated at {item.budget.estimate_at_completion} "
                f"against a budget of {item.budget.budget_at_completion}",
                item.engagement,
            )


def _flags(
    account: Account, day: date, position: DeliveryPosition, limits: Thresholds
) -> Iterable[Flag]:
    # without records (or not computed) the position is empty: nothing to flag
    yield from _money_flags(position, limits)
    share = position.utilisation
    if share is not None and share < limits.utilisation:
        yield _flag(
            Priority.WATCH,
            "low_utilisation",
            f"team utilisation {share}% since {position.window_start} "
            f"({position.billable_hours} billable of {position.available_hours} "
            "available hours)",
        )
    real = position.realisation
    if real is not None and real < limits.realisation:
        yield _flag(
            Priority.THIS_MONTH,
            "low_realisation",
            f"realisation {real}% since {position.window_start}: billed "
            f"{position.billed} for time worth {position.standard_value}",
        )
    for item in position.non_billable:
        if item.share > limits.non_billable:
            yield _flag(
                Priority.THIS_MONTH,
                "non_billable",
                f"{item.name}: {item.share}% of the hours since "
                f"{position.window_start} were not billable",
                item.engagement,
            )
    asks = (
        {}
        if account.delivery is None
        else {d.id: d for d in account.delivery.demand or ()}
    )
    yield from _people_flags(position, limits, asks, day)


def _people_flags(
    position: DeliveryPosition,
    limits: Thresholds,
    asks: Mapping[str, Demand],
    day: date,
) -> Iterable[Flag]:
    left = position.attrition
    if (
        left is not None
        and left.annualised is not None
        and (left.annualised > limits.attrition)
    ):
        yield _flag(
            Priority.WATCH,
            "attrition_high",
            f"attrition {left.annualised}% over the 12 months to {left.last_day} "
            f"({left.leavers} left, average headcount {left.average_headcount})",
        )
    for ident in () if position.staffing is None else position.staffing.open:
        ask = asks[ident]
        late = (day - ask.requested_start).days
        if late >= 0:
            ago = "today" if not late else f"{late} day{'s' if late > 1 else ''} ago"
            yield _flag(
                Priority.THIS_MONTH,
                "unfilled_demand",
                f"no {ask.role} yet for request {ask.id}, wanted from "
                f"{ask.requested_start} ({ago})",
                ask.id,
            )
        else:
            yield _flag(
                Priority.WATCH,
                "open_demand",
                f"request {ask.id} for a {ask.role} from {ask.requested_start} is "
                "still open",
                ask.id,
            )


DELIVERY = ReviewArea("delivery", _position, _measures, _flags)
"""Utilisation, the client P&L, budgets and resourcing."""
