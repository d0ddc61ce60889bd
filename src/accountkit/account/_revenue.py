"""The review's revenue area: billed against contract and plan, and margin."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from accountkit._checked import unchecked
from accountkit.account._basis import (
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    as_percent,
    percent,
    zero,
)
from accountkit.account._model import Account
from accountkit.errors import AccountkitError, InsufficientDataError
from accountkit.finance import Attainment, attainment
from accountkit.finance._revenue import OutlookKey, outlook_key
from accountkit.money import Money
from accountkit.periods import Period

__all__ = ["REVENUE", "RevenuePosition"]


@attrs.frozen(kw_only=True)
class RevenuePosition:
    """Billed against contract in the calendar year, and against plan."""

    attainment: Attainment | None
    attainment_rate: Decimal | None
    """Billed to date / contracted to date, in %."""
    plan: Money | None
    projection: Money | None
    """The year-end projection, the lower of the forecast and the run rate.
    The forecast follows the billing but cannot know that a contract expires;
    the run rate follows the contracts but not billing that falls short."""
    projection_vs_plan: Money | None
    margin: Decimal | None
    """(billed - costs) / billed in the year to date, in %; None without
    costs in the year, or without invoices and credit notes recorded."""
    plan_margin: Decimal | None
    note: str
    """Why there is no attainment, when there is none."""


def _arguments(account: Account, day: date) -> tuple[str, dict[str, Any] | None]:
    """Return why there is no attainment, or the arguments to compute it."""
    year = Period(date(day.year, 1, 1), date(day.year + 1, 1, 1))
    in_year = [c for c in account.contracts or () if c.term.overlap(year) is not None]
    if account.contracts is None:
        return "no contracts recorded", None
    if account.invoices is None:
        return "no invoices recorded", None
    if account.credit_notes is None:
        # billing is net of credit notes: without them it would be overstated
        return "no credit notes recorded, so billing cannot be netted of them", None
    if not in_year:
        return "no contract runs this year", None
    return "", {
        "contracts": in_year,
        "invoices": [i for i in account.invoices if i.issued_on <= day],
        "year": year,
        "as_of": day,
        "credit_notes": [c for c in account.credit_notes if c.issued_on <= day],
    }


def forecast_of(account: Account, day: date) -> OutlookKey | None:
    """Return what the revenue position will forecast (for the batch review)."""
    _, arguments = _arguments(account, day)
    if arguments is None:
        return None
    try:
        return outlook_key(**arguments)
    except AccountkitError:
        return None  # the position says why


def _position(account: Account, day: date, _: Mapping[str, Any]) -> RevenuePosition:
    year = Period(date(day.year, 1, 1), date(day.year + 1, 1, 1))
    plan = account.plan_for(day.year)
    found: Attainment | None = None
    note, arguments = _arguments(account, day)
    if arguments is not None:
        try:
            found = unchecked(attainment)(**arguments)
        except InsufficientDataError as err:
            note = f"no attainment: {err}"
    rate = projection = versus = None
    if found is not None:
        rate = percent(found.billed_to_date.amount, found.contracted_to_date.amount)
        projection = found.run_rate
        if found.forecast is not None:
            projection = min(found.forecast, found.run_rate)
        if plan is not None:
            versus = projection - plan.revenue
    return RevenuePosition(
        attainment=found,
        attainment_rate=rate,
        plan=None if plan is None else plan.revenue,
        projection=projection,
        projection_vs_plan=versus,
        margin=_margin(account, day, year),
        plan_margin=as_percent(None if plan is None else plan.margin),
        note=note,
    )


def _margin(account: Account, day: date, year: Period) -> Decimal | None:
    costs = [
        c.amount
        for c in account.costs or ()
        if c.incurred_on in year and c.incurred_on <= day
    ]
    if not costs or account.invoices is None or account.credit_notes is None:
        return None
    nothing = zero(account)
    billed = sum(
        (
            i.amount
            for i in account.invoices
            if i.issued_on in year and i.issued_on <= day
        ),
        nothing,
    ) - sum(
        (
            c.amount
            for c in account.credit_notes or ()
            if c.issued_on in year and c.issued_on <= day
        ),
        nothing,
    )
    return percent((billed - sum(costs, nothing)).amount, billed.amount)


def _measures(revenue: RevenuePosition) -> dict[str, object]:
    return {"revenue_attainment": revenue.attainment_rate, "margin": revenue.margin}


def _flags(
    _account: Account, _day: date, revenue: RevenuePosition, limits: Thresholds
) -> Iterable[Flag]:
    rate = revenue.attainment_rate
    if rate is not None and rate < limits.attainment_watch:
        yield Flag(
            priority=Priority.NOW
            if rate < limits.attainment_now
            else Priority.THIS_MONTH,
            area=Area.REVENUE,
            code="revenue.attainment_low",
            message=f"billed {rate}% of what the contracts schedule to date",
        )
    versus, plan = revenue.projection_vs_plan, revenue.plan
    if (
        versus is not None
        and plan is not None
        and plan.amount > 0
        and -versus.amount / plan.amount > limits.plan_shortfall
    ):
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.REVENUE,
            code="revenue.below_plan",
            message=(
                f"year-end projection {revenue.projection} is {-versus} below plan"
            ),
        )
    margin, target = revenue.margin, revenue.plan_margin
    if margin is not None and target is not None and margin < target:
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.REVENUE,
            code="revenue.margin_below_plan",
            message=f"margin {margin}% is below the plan's {target}%",
        )


REVENUE = ReviewArea("revenue", _position, _measures, _flags)
"""Revenue against contract and plan, and margin."""
