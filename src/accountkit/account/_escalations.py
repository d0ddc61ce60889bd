"""The review's escalations area: what is open, and how fast they close."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from accountkit.account._basis import (
    YEAR_DAYS,
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    rounded,
)
from accountkit.account._model import Account, Escalation, Severity

__all__ = ["ESCALATIONS", "EscalationPosition", "SeverityCount"]


@attrs.frozen(kw_only=True)
class SeverityCount:
    """How many escalations of one severity are open."""

    severity: Severity
    count: int


@attrs.frozen(kw_only=True)
class EscalationPosition:
    """Escalations open on the review day and how fast they get closed.

    ``recorded`` is false when the account records no escalations at all:
    the escalation measures are then missing, not zero.
    """

    recorded: bool
    open: tuple[str, ...]
    """Ids of the open escalations, most severe and oldest first."""
    open_by_severity: tuple[SeverityCount, ...]
    oldest_open_days: int | None
    closed_last_year: int
    mean_days_to_close: Decimal | None
    note: str = ""
    """Why the position could not be computed, when it could not (its
    measures are then missing); empty otherwise."""


def _open(account: Account, day: date) -> list[Escalation]:
    return sorted(
        (e for e in account.escalations or () if e.is_open(day)),
        key=lambda e: (list(Severity).index(e.severity), e.raised_on, e.id),
    )


def _position(account: Account, day: date, _: Mapping[str, Any]) -> EscalationPosition:
    since = day - timedelta(days=YEAR_DAYS)
    still_open = _open(account, day)
    days = [
        e.days_open(day)
        for e in account.escalations or ()
        if e.closed_on is not None and since < e.closed_on <= day
    ]
    return EscalationPosition(
        recorded=account.escalations is not None,
        open=tuple(e.id for e in still_open),
        open_by_severity=tuple(
            SeverityCount(severity=level, count=n)
            for level in Severity
            if (n := sum(e.severity is level for e in still_open))
        ),
        oldest_open_days=max((e.days_open(day) for e in still_open), default=None),
        closed_last_year=len(days),
        mean_days_to_close=None
        if not days
        else rounded(Decimal(sum(days)) / len(days)),
    )


def _measures(escalations: EscalationPosition) -> dict[str, object]:
    return {
        "open_escalations": len(escalations.open) if escalations.recorded else None,
        "days_to_close": escalations.mean_days_to_close,
    }


def _flags(
    account: Account, day: date, escalations: EscalationPosition, limits: Thresholds
) -> Iterable[Flag]:
    del escalations  # the open ones are found again with their records
    for item in _open(account, day):
        age = item.days_open(day)
        what = f"escalation {item.id} open {age} days: {item.title}"
        if item.severity is Severity.CRITICAL:
            priority, message = Priority.NOW, f"critical {what}"
        elif item.severity is Severity.HIGH:
            priority, message = Priority.THIS_MONTH, f"high {what}"
        elif age > limits.escalation_days:
            priority, message = Priority.WATCH, what
        else:
            continue
        yield Flag(
            priority=priority,
            area=Area.ESCALATIONS,
            code=f"escalations.open_{item.severity.value}",
            message=message,
            evidence=(item.id,),
        )


ESCALATIONS = ReviewArea("escalations", _position, _measures, _flags)
"""Escalations open and closed."""
