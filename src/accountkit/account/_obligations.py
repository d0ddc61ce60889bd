"""The review's obligations area: the month's delivery calendar and what is overdue."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Final

import attrs

from accountkit._checked import checked
from accountkit.account._basis import (
    MONTHS,
    YEAR_DAYS,
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
)
from accountkit.account._model import Account, ServiceAgreement
from accountkit.contracts import (
    Fulfilment,
    Obligation,
    ObligationStatus,
    Occurrence,
    Side,
    contract_obligations,
    obligation_calendar,
)
from accountkit.periods import Period

__all__ = ["OBLIGATIONS", "SERVICE_REPORT_DAY", "ObligationPosition", "obligations_of"]

SERVICE_REPORT_DAY: Final = 10
"""The day of the month after a measured period by which its service report
is due, for the reports derived from service agreements."""


@attrs.frozen(kw_only=True)
class ObligationPosition:
    """The review month's delivery calendar, and what is overdue on the day.

    ``recorded`` is false when the account keeps no obligations register; the
    calendar then holds only what the contracts' terms and service agreements
    imply (notice deadlines, price reviews, service reports).
    """

    recorded: bool
    month_start: date
    month_end: date
    """The review month, first and last day."""
    calendar: tuple[Occurrence, ...]
    """Every occurrence in the review month, by day."""
    overdue: tuple[Occurrence, ...]
    """Every occurrence overdue on the review day (due in the year before it),
    oldest first."""
    note: str = ""
    """Why the position could not be computed, when it could not."""


def _service_reports(
    agreement: ServiceAgreement, within: Period | None
) -> Iterable[Obligation]:
    """One report per charged period, due on the report day of the month after.

    It counts as done (on a day not recorded) when every level of the
    agreement has a measurement for the period.
    """
    levels = {level.id for level in agreement.levels}
    for charge in agreement.charges:
        period = charge.period
        due = period.end + timedelta(days=SERVICE_REPORT_DAY - 1)
        if within is not None and due not in within:
            continue
        measured = {
            m.service_level_id for m in agreement.measurements if m.period == period
        }
        done = (Fulfilment(due_on=due),) if levels and levels <= measured else ()
        yield Obligation(
            id=f"{agreement.id}.report-{period.start.isoformat()}",
            title=(
                f"Service report of {agreement.id} for "
                f"{MONTHS[period.start.month - 1]} {period.start.year:04d}"
            ),
            side=Side.PROVIDER,
            start=due,
            contract_id=agreement.contract_id,
            fulfilments=done,
        )


@checked
def obligations_of(
    account: Account, *, within: Period | None = None
) -> tuple[Obligation, ...]:
    """Return the account's obligations: its register, and what its terms imply.

    Derived from the terms: each contract's renewal notice deadline and price
    reviews (:func:`~accountkit.contracts.contract_obligations`, reminders),
    and a service report for each charged period of each service agreement,
    due on :data:`SERVICE_REPORT_DAY` of the month after and done when every
    level was measured. With ``within``, only the service reports due in
    that period are made (the review asks for the year before the review day
    and its month).

    Raises
    ------
    ValidationError
        If ``account`` is not an :class:`~accountkit.account.Account`.
    """
    derived = [  # @checked has refused what is not an Account
        *(o for c in account.contracts or () for o in contract_obligations(c)),
        *(o for a in account.service or () for o in _service_reports(a, within)),
    ]
    return (*(account.obligations or ()), *derived)


def _position(account: Account, day: date, _: Mapping[str, Any]) -> ObligationPosition:
    month = Period.month(day.year, day.month)
    year = Period(day - timedelta(days=YEAR_DAYS), day + timedelta(days=1))
    every = obligations_of(account, within=Period(year.start, month.end))
    late = [
        o
        for o in obligation_calendar(every, year, as_of=day)
        if o.status is ObligationStatus.OVERDUE
    ]
    return ObligationPosition(
        recorded=account.obligations is not None,
        month_start=month.start,
        month_end=month.end - timedelta(days=1),
        calendar=obligation_calendar(every, month, as_of=day),
        overdue=tuple(late),
    )


def _measures(_obligations: ObligationPosition) -> dict[str, object]:
    return {}


def _flags(
    account: Account, day: date, position: ObligationPosition, limits: Thresholds
) -> Iterable[Flag]:
    del account, day, limits
    for item in position.overdue:
        owed = "we owe" if item.side is Side.PROVIDER else "the client owes"
        yield Flag(
            priority=Priority.THIS_MONTH
            if item.side is Side.PROVIDER
            else Priority.WATCH,
            area=Area.OBLIGATIONS,
            code=f"obligations.overdue_{item.side.value}",
            message=(
                f"{item.title}, due {item.due_on}, is {item.days_overdue} days "
                f"overdue ({owed} it)"
            ),
            evidence=(f"{item.obligation_id}/{item.due_on}",),
        )


OBLIGATIONS = ReviewArea("obligations", _position, _measures, _flags)
"""Obligations on both sides, and the month's delivery calendar."""
