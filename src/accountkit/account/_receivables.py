"""The review's receivables area: what the client owes, aged, and debtor days."""

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

import attrs

from accountkit._checked import unchecked
from accountkit.account._basis import (
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
    percent,
    rounded,
    zero,
)
from accountkit.account._model import Account
from accountkit.finance import OpenItem, ageing, countback_dso, open_items
from accountkit.money import Money
from accountkit.periods import Period, add_months

__all__ = ["DSO_MONTHS", "RECEIVABLES", "ReceivablesPosition"]

_NAMED = 3
"""A flag names this many invoices, then says how many more."""
DSO_MONTHS = 6
"""Months of billing the countback DSO can count back through."""
_OVER_30 = 2
"""The first ageing bucket more than 30 days overdue..."""
_OVERDUE_DAYS = 30
"""... which starts after this many days."""


@attrs.frozen(kw_only=True)
class ReceivablesPosition:
    """What the client owes on the review day, aged by due date.

    ``recorded`` is false unless invoices, payments and credit notes are all
    recorded (an empty list is recorded): without payments, every invoice
    would look unpaid, so the position is not computed and its measures are
    missing. ``overdue_invoices`` and ``over_30_invoices`` are the ids of the
    invoices behind those figures (an invoice counts once, with whatever is
    still open on it).
    """

    recorded: bool
    labels: tuple[str, ...]
    buckets: tuple[Money, ...]
    open: Money
    overdue: Money
    over_30: Money
    over_30_share: Decimal | None
    disputed: Money
    debtor_days: Decimal | None
    """Countback DSO over up to six months of billing; None with nothing
    billed, and None when the billing counted back cannot account for all
    that is owed (see ``debtor_days_at_least``)."""
    overdue_invoices: tuple[str, ...] = ()
    over_30_invoices: tuple[str, ...] = ()
    disputed_invoices: tuple[str, ...] = ()
    debtor_days_at_least: Decimal | None = None
    """When the countback ran out of billing before it accounted for all
    that is owed (it stops at a month without billing, and after six
    months): the days it did count, a floor. The debtor days are then not
    known, so they are missing, not this floor."""
    note: str = ""
    """Why the position could not be computed, when it could not (its
    measures are then missing); empty otherwise."""


def _position(account: Account, day: date, _: Mapping[str, Any]) -> ReceivablesPosition:
    nothing = zero(account)
    recorded = all(
        account.recorded(section)
        for section in ("invoices", "payments", "credit_notes")
    )
    if not recorded:
        return ReceivablesPosition(
            recorded=False,
            labels=(),
            buckets=(),
            open=nothing,
            overdue=nothing,
            over_30=nothing,
            over_30_share=None,
            disputed=nothing,
            debtor_days=None,
        )
    items = unchecked(open_items)(
        [i for i in account.invoices or () if i.issued_on <= day],
        [p for p in account.payments or () if p.received_on <= day],
        [c for c in account.credit_notes or () if c.issued_on <= day],
        as_of=day,
    )
    report = unchecked(ageing)(items, as_of=day, currency=account.currency)
    row = report.total
    buckets = tuple(row.buckets)
    open_total = row.total
    over_30 = sum(buckets[_OVER_30:], nothing)
    dso = _debtor_days(account, day, open_total)
    late = [
        (item, (day - item.due_on).days)
        for item in items
        if item.due_on < day and item.open.amount > 0
    ]
    return ReceivablesPosition(
        recorded=True,
        labels=report.labels,
        buckets=buckets,
        open=open_total,
        overdue=sum(buckets[1:], nothing),
        over_30=over_30,
        over_30_share=percent(over_30.amount, open_total.amount),
        disputed=row.disputed if items else nothing,
        debtor_days=None if dso is None or not dso.complete else dso.days,
        debtor_days_at_least=None if dso is None or dso.complete else dso.days,
        overdue_invoices=_ids(item for item, _ in late),
        over_30_invoices=_ids(item for item, days in late if days > _OVERDUE_DAYS),
        disputed_invoices=_ids(item for item in items if item.disputed),
    )


def _ids(items: Iterable[OpenItem]) -> tuple[str, ...]:
    return tuple(sorted({item.reference for item in items}))


class _Countback(NamedTuple):
    days: Decimal
    """Rounded to 2 places; a floor when not ``complete``."""
    complete: bool


def _debtor_days(account: Account, day: date, owed: Money) -> _Countback | None:
    """Countback DSO over the months before the review day, newest first."""
    months = []
    end = day + timedelta(days=1)
    for _ in range(DSO_MONTHS):
        start = add_months(end, -1)
        months.append(Period(start, end))
        end = start
    # each invoice into its month, in one pass (the months are contiguous,
    # newest first, so the one an invoice falls in is found by bisection)
    sales = [zero(account)] * len(months)
    starts = [month.start for month in reversed(months)]
    first, last = months[-1].start, months[0].end
    for invoice in account.invoices or ():
        if first <= invoice.issued_on < last:
            index = len(months) - bisect_right(starts, invoice.issued_on)
            sales[index] += invoice.amount
    if all(s.amount == 0 for s in sales):
        return None
    result = unchecked(countback_dso)(
        owed, sales, period_days=[m.days for m in months], allow_partial=True
    )
    return _Countback(rounded(result.days), result.complete)


def _measures(owed: ReceivablesPosition) -> dict[str, object]:
    return {"debtor_days": owed.debtor_days, "overdue_30_share": owed.over_30_share}


def _flags(
    _account: Account, _day: date, owed: ReceivablesPosition, limits: Thresholds
) -> Iterable[Flag]:
    share = owed.over_30_share
    if share is not None and share > limits.over_30_watch:
        yield Flag(
            priority=Priority.NOW
            if share > limits.over_30_now
            else Priority.THIS_MONTH,
            area=Area.RECEIVABLES,
            code="receivables.overdue_30",
            message=(
                f"{owed.over_30} ({share}% of receivables) is more than 30 days "
                f"overdue, on {_invoices(owed.over_30_invoices)}"
            ),
            evidence=owed.over_30_invoices,
        )
    days = owed.debtor_days
    floor = owed.debtor_days_at_least
    # a floor above a threshold is above it too
    high = days if days is not None else floor
    if high is not None and high > limits.debtor_days_watch:
        yield Flag(
            priority=Priority.NOW
            if high > limits.debtor_days_now
            else Priority.THIS_MONTH,
            area=Area.RECEIVABLES,
            code="receivables.debtor_days_high",
            message=f"debtor days at {days}"
            if days is not None
            else (
                f"debtor days at least {floor}: what is owed exceeds the billing "
                "counted back (up to six months, stopping at a month without any)"
            ),
            evidence=owed.overdue_invoices,
        )
    if owed.disputed.amount > 0:
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.RECEIVABLES,
            code="receivables.disputed",
            message=(
                f"{owed.disputed} is in dispute, on {_invoices(owed.disputed_invoices)}"
            ),
            evidence=owed.disputed_invoices,
        )


def _invoices(ids: tuple[str, ...]) -> str:
    shown = ", ".join(ids[:_NAMED]) + (
        f" and {len(ids) - _NAMED} more" if len(ids) > _NAMED else ""
    )
    return f"invoice{'s' if len(ids) > 1 else ''} {shown}"


RECEIVABLES = ReviewArea("receivables", _position, _measures, _flags)
"""Receivables, ageing and debtor days."""
