"""Obligations on both sides of a contract, and the service delivery calendar.

An obligation recurs by an RFC 5545 rule (``FREQ=MONTHLY;BYMONTHDAY=10``),
evaluated by :mod:`dateutil.rrule`; its fulfilments say which occurrences were
done or waived. :func:`obligation_calendar` lists the occurrences of any period
with their status on a day, and :func:`calendar_text` renders a month of them.
"""

import enum
import functools
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, Final

import attrs
from dateutil.rrule import rrule, rrulestr

from accountkit._checked import checked
from accountkit._validators import (
    check_unique_ids,
    count,
    identifier,
    member_of,
    optional_date,
    plain_date,
    text,
)
from accountkit.contracts._agreements import Contract
from accountkit.errors import ValidationError
from accountkit.periods import Period, check_date

__all__ = [
    "Fulfilment",
    "Obligation",
    "ObligationStatus",
    "Occurrence",
    "Side",
    "calendar_text",
    "contract_obligations",
    "obligation_calendar",
]

_TOO_FINE: Final = re.compile(r"FREQ\s*=\s*(HOURLY|MINUTELY|SECONDLY)", re.IGNORECASE)
_WITH_START: Final = re.compile(r"DTSTART", re.IGNORECASE)


class Side(enum.Enum):
    """Who owes an obligation."""

    PROVIDER = "provider"
    """The provider (us): reports, reviews, certificates we deliver."""
    CLIENT = "client"
    """The client: approvals, data, access, payments it owes us."""


class ObligationStatus(enum.Enum):
    """Where an occurrence stands on the calendar's day."""

    DONE = "done"
    """Fulfilled (on its day or late: see :attr:`Occurrence.late`)."""
    DUE = "due"
    """Not done yet, and its deadline (the day plus the grace) not passed."""
    OVERDUE = "overdue"
    """Not done, and its deadline passed."""
    WAIVED = "waived"
    """Set aside by agreement."""
    PASSED = "passed"
    """A reminder (a date derived from the terms, whose fulfilment nothing
    records) whose day has gone: never overdue."""


@attrs.frozen(kw_only=True)
class Fulfilment:
    """What happened to one occurrence of an obligation.

    Parameters
    ----------
    due_on
        The occurrence (its day under the rule).
    done_on
        When it was done; ``None`` with ``waived`` false means done on a day
        not recorded.
    waived
        Set aside by agreement instead.
    note
        Free text (who approved a waiver, where the report is).
    """

    due_on: date = attrs.field(validator=plain_date)
    done_on: date | None = attrs.field(default=None, validator=optional_date)
    waived: bool = False
    note: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if self.waived and self.done_on is not None:
            message = "an occurrence is done or waived, not both; leave done_on null"
            raise ValidationError(message, path="done_on", root="Fulfilment")


def _rule(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is None:
        return
    text(instance, attribute, value)
    where = type(instance).__name__
    if isinstance(value, str) and _TOO_FINE.search(value):
        message = f"obligations fall on days: FREQ=DAILY or coarser, got {value!r}"
        raise ValidationError(message, path=attribute.name, root=where)
    if isinstance(value, str) and _WITH_START.search(value):
        message = f"give the first day in start, not in the rule: {value!r}"
        raise ValidationError(message, path=attribute.name, root=where)
    try:
        rrulestr(str(value), dtstart=datetime(2000, 1, 1))  # noqa: DTZ001 - days only
    except (ValueError, TypeError) as err:
        message = f"not an RFC 5545 recurrence rule ({err}): {value!r}"
        raise ValidationError(message, path=attribute.name, root=where) from None


@attrs.frozen(kw_only=True)
class Obligation:
    """Something one side of a contract must do, once or on a recurrence.

    Parameters
    ----------
    id, title
        How it is known ("monthly KPI report").
    side
        Who owes it.
    start
        Its first possible day (the rule's DTSTART); the only day when there
        is no rule.
    rule
        An RFC 5545 recurrence rule without DTSTART, daily or coarser
        (``FREQ=MONTHLY;BYMONTHDAY=10``, ``FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31``,
        ``FREQ=MONTHLY;BYDAY=1MO``); ``None`` for a single occurrence on
        ``start``.
    until
        The last day an occurrence may fall on (inclusive); ``None`` for no end
        but the rule's own.
    owner
        Who on that side answers for it.
    grace_days
        Days after an occurrence before it is overdue.
    contract_id
        The contract it comes from, when known.
    reminder
        A date to keep whose fulfilment nothing records (a notice deadline, a
        price review): after its day it is passed, never overdue.
    fulfilments
        What was done or waived, one per occurrence at most.

    Raises
    ------
    ValidationError
        If the rule is not a recurrence rule, is finer than daily or carries
        its own DTSTART, ``until`` is before ``start``, or a fulfilment names a
        day that is not an occurrence (or one already fulfilled).

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Period
    >>> report = Obligation(id="kpi", title="Monthly KPI report", side=Side.PROVIDER,
    ...                     start=date(2026, 1, 1), rule="FREQ=MONTHLY;BYMONTHDAY=10")
    >>> report.occurrences(Period(date(2026, 1, 1), date(2026, 4, 1)))
    (datetime.date(2026, 1, 10), datetime.date(2026, 2, 10), datetime.date(2026, 3, 10))
    """

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=text)
    side: Side = attrs.field(validator=member_of(Side))
    start: date = attrs.field(validator=plain_date)
    rule: str | None = attrs.field(default=None, validator=_rule)
    until: date | None = attrs.field(default=None, validator=optional_date)
    owner: str = attrs.field(default="", validator=text)
    grace_days: int = attrs.field(default=0, validator=count)
    contract_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )
    reminder: bool = False
    fulfilments: tuple[Fulfilment, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.until is not None and self.until < self.start:
            message = f"{self.until} is before the start {self.start}"
            raise ValidationError(message, path="until", root="Obligation")
        seen: set[date] = set()
        for index, done in enumerate(self.fulfilments):
            path = ("fulfilments", index, "due_on")
            if done.due_on in seen:
                message = f"{done.due_on} is fulfilled twice"
                raise ValidationError(message, path=path, root="Obligation")
            seen.add(done.due_on)
            day = Period(done.due_on, done.due_on + timedelta(days=1))
            if not self.occurrences(day):
                message = f"{done.due_on} is not an occurrence of {self.rule_text}"
                raise ValidationError(message, path=path, root="Obligation")

    @property
    def rule_text(self) -> str:
        """The recurrence in words for messages (the rule, or the single day)."""
        return self.rule if self.rule is not None else f"the single day {self.start}"

    def occurrences(self, period: Period) -> tuple[date, ...]:
        """Return the days it falls on within ``period``, in order."""
        if not isinstance(period, Period):
            message = f"expected a Period, got {type(period).__name__}"
            raise ValidationError(message, path="period", root="Obligation.occurrences")
        last = period.end - timedelta(days=1)
        if self.until is not None:
            last = min(last, self.until)
        first = max(period.start, self.start)
        if last < first:
            return ()
        if self.rule is None:
            return (self.start,) if first <= self.start <= last else ()
        recurrence = _recurrence(self.rule, self.start)
        if recurrence is None:  # pragma: no cover - one RRULE given
            return ()
        found = recurrence.between(_midnight(first), _midnight(last), inc=True)
        return tuple(moment.date() for moment in found)


@functools.lru_cache(maxsize=4096)
def _recurrence(rule: str, start: date) -> rrule | None:
    """Parse a rule from its first day once (a review reads it many times)."""
    found = rrulestr(rule, dtstart=_midnight(start))
    return found if isinstance(found, rrule) else None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


@attrs.frozen(kw_only=True)
class Occurrence:
    """One day an obligation falls on, and where it stands.

    Attributes
    ----------
    deadline
        The day plus the grace days: overdue after it.
    done_on
        When it was done (``None`` if not done, or done on a day not recorded).
    late
        Done after its deadline.
    days_overdue
        Days past the deadline on the calendar's day, for an overdue one.
    """

    obligation_id: str
    title: str
    side: Side
    owner: str
    contract_id: str | None
    due_on: date
    deadline: date
    status: ObligationStatus
    done_on: date | None
    late: bool
    days_overdue: int | None
    note: str


@checked
def obligation_calendar(
    obligations: Sequence[Obligation], period: Period, *, as_of: date
) -> tuple[Occurrence, ...]:
    """Return every occurrence in ``period`` with its status on ``as_of``.

    A fulfilment counts only from its ``done_on`` (a report done after
    ``as_of`` is not done yet on ``as_of``); a fulfilment without a day counts
    whatever the day.

    Returns
    -------
    tuple[Occurrence, ...]
        By day, then obligation id.

    Raises
    ------
    ValidationError
        If an item is not an :class:`Obligation`, ids repeat, ``period`` is not
        a Period or ``as_of`` not a date.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Period
    >>> done = Fulfilment(due_on=date(2026, 1, 10), done_on=date(2026, 1, 9))
    >>> report = Obligation(
    ...     id="kpi", title="Monthly KPI report", side=Side.PROVIDER,
    ...     start=date(2026, 1, 1), rule="FREQ=MONTHLY;BYMONTHDAY=10", grace_days=2,
    ...     fulfilments=(done,))
    >>> quarter = Period(date(2026, 1, 1), date(2026, 4, 1))
    >>> for o in obligation_calendar([report], quarter, as_of=date(2026, 3, 11)):
    ...     print(o.due_on, o.status.value, o.days_overdue)
    2026-01-10 done None
    2026-02-10 overdue 27
    2026-03-10 due None
    """
    # @checked has refused what is not a Period, a date or a list of obligations
    where = "obligation_calendar"
    day = check_date(as_of, where=where, path="as_of")
    check_unique_ids(
        (o.id for o in obligations),
        named="obligations",
        root=where,
        path=("obligations",),
    )
    found = [
        _occurrence(obligation, due, day)
        for obligation in obligations
        for due in obligation.occurrences(period)
    ]
    return tuple(sorted(found, key=lambda o: (o.due_on, o.obligation_id)))


def _occurrence(obligation: Obligation, due: date, day: date) -> Occurrence:
    deadline = due + timedelta(days=obligation.grace_days)
    record = next((f for f in obligation.fulfilments if f.due_on == due), None)
    done = (
        record is not None
        and not record.waived
        and (record.done_on is None or record.done_on <= day)
    )
    if record is not None and record.waived:
        status = ObligationStatus.WAIVED
    elif done:
        status = ObligationStatus.DONE
    elif day <= deadline:
        status = ObligationStatus.DUE
    elif obligation.reminder:
        status = ObligationStatus.PASSED
    else:
        status = ObligationStatus.OVERDUE
    done_on = record.done_on if done and record is not None else None
    return Occurrence(
        obligation_id=obligation.id,
        title=obligation.title,
        side=obligation.side,
        owner=obligation.owner,
        contract_id=obligation.contract_id,
        due_on=due,
        deadline=deadline,
        status=status,
        done_on=done_on,
        late=done_on is not None and done_on > deadline,
        days_overdue=(day - deadline).days
        if status is ObligationStatus.OVERDUE
        else None,
        note="" if record is None else record.note,
    )


@checked
def contract_obligations(contract: Contract) -> tuple[Obligation, ...]:
    """Return the dates a contract's own terms set, as reminders.

    - the renewal notice deadline (the last day to give notice before the end
      of the term, as :func:`renewal_status` counts it);
    - each price review of an indexed charge (once a year from its first
      review, within the term).

    Their ids are ``<contract>.renewal_notice`` and
    ``<contract>.<charge>.price_review-<day>``, one a review on the days the
    pricing uses (:meth:`~accountkit.contracts.Indexation.review_dates`); all
    are reminders (never overdue).
    """
    amended = contract.amended()  # @checked has refused what is not a Contract
    term = amended.term
    deadline = term.end - timedelta(days=max(amended.renewal.notice_days, 1))
    found = [
        Obligation(
            id=f"{amended.id}.renewal_notice",
            title=f"Last day to give notice on {amended.title} "
            f"({amended.renewal.notice_days} days before {term.end})",
            side=Side.PROVIDER,
            start=max(deadline, term.start),
            contract_id=amended.id,
            reminder=True,
        )
    ]
    for charge in amended.charges:
        clause = getattr(charge, "indexation", None)
        if clause is None:
            continue
        found += [
            Obligation(
                id=f"{amended.id}.{charge.id}.price_review-{review.isoformat()}",
                title=f"Price review of {charge.id} against {clause.index}",
                side=Side.PROVIDER,
                start=review,
                contract_id=amended.id,
                reminder=True,
            )
            # one a review, on the days the pricing uses
            for review in clause.review_dates(term)
        ]
    return tuple(found)


_MARKS: Final = {
    ObligationStatus.DONE: "done",
    ObligationStatus.DUE: "due",
    ObligationStatus.OVERDUE: "OVERDUE",
    ObligationStatus.WAIVED: "waived",
    ObligationStatus.PASSED: "passed",
}


@checked
def calendar_text(occurrences: Iterable[Occurrence], period: Period) -> str:
    """Render the occurrences of ``period`` as a delivery calendar, day by day.

    One line per occurrence: the day, the status (overdue in capitals, with
    its days), who owes it, and the title; a heading names the period.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Period
    >>> report = Obligation(id="kpi", title="Monthly KPI report", side=Side.PROVIDER,
    ...                     start=date(2026, 1, 1), rule="FREQ=MONTHLY;BYMONTHDAY=10")
    >>> march = Period.month(2026, 3)
    >>> print(calendar_text(obligation_calendar([report], march,
    ...                                         as_of=date(2026, 3, 12)), march))
    Delivery calendar 2026-03-01 to 2026-03-31
      Tue 10 Mar  OVERDUE 2d  provider  Monthly KPI report
    """
    last = period.end - timedelta(days=1)  # @checked has refused a non-Period
    lines = [f"Delivery calendar {period.start} to {last}"]
    shown = [o for o in occurrences if period.start <= o.due_on <= last]
    for item in shown:
        mark = _MARKS[item.status]
        if item.days_overdue is not None:
            mark += f" {item.days_overdue}d"
        if item.late:
            mark += " late"
        who = item.side.value + (f" ({item.owner})" if item.owner else "")
        lines.append(f"  {item.due_on:%a %d %b}  {mark:<10}  {who:<8}  {item.title}")
    if not shown:
        lines.append("  nothing falls due")
    return "\n".join(lines)
