"""Ticket SLAs: response and resolution deadlines, holds, warnings, compliance."""

import enum
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from decimal import Context, Decimal
from typing import Any, Final

import attrs

from accountkit._checked import checked
from accountkit._validators import check_unique_ids, identifier
from accountkit.contracts._availability import TimeSpan, merge_spans
from accountkit.contracts._calendars import BusinessCalendar, less_closures
from accountkit.errors import ValidationError
from accountkit.money import QUOTIENT_DIGITS, to_decimal

__all__ = [
    "HoldPolicy",
    "Ticket",
    "TicketClock",
    "TicketCompliance",
    "TicketTarget",
    "ticket_clock",
    "ticket_compliance",
]

_PERCENT: Final = Context(prec=QUOTIENT_DIGITS)
_HUNDRED: Final = Decimal(100)


class HoldPolicy(enum.Enum):
    """How time on hold (waiting for the customer) moves a ticket's deadline."""

    BUSINESS_TIME = "business_time"
    """The SLA clock pauses during holds: only business time on hold is given
    back, so a hold overnight moves nothing (the default)."""
    WALL_CLOCK = "wall_clock"
    """Each hold gives back its whole wall-clock length as business time."""


def _duration(
    instance: object, attribute: "attrs.Attribute[timedelta]", value: object
) -> None:
    if not isinstance(value, timedelta) or value <= timedelta(0):
        message = f"expected a positive duration, got {value!r}"
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


@attrs.frozen(kw_only=True)
class TicketTarget:
    """Business-time targets for one priority."""

    priority: str = attrs.field(validator=identifier)
    response: timedelta = attrs.field(validator=_duration)
    resolution: timedelta = attrs.field(validator=_duration)


def _aware(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is None:
        return
    if (
        not isinstance(value, datetime)
        or value.tzinfo is None
        or value.utcoffset() is None
    ):
        message = f"expected a timezone-aware datetime, got {value!r}"
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


@attrs.frozen(kw_only=True)
class Ticket:
    """An incident or request, with when it was answered and fixed.

    Parameters
    ----------
    id, priority
        The ticket and its priority (matching a :class:`TicketTarget`).
    created_at
        When it was raised.
    responded_at, resolved_at
        When it was first answered and when it was resolved; ``None`` while open.
    holds
        When it waited on the customer.
    """

    id: str = attrs.field(validator=identifier)
    priority: str = attrs.field(validator=identifier)
    created_at: datetime = attrs.field(validator=_aware)
    responded_at: datetime | None = attrs.field(default=None, validator=_aware)
    resolved_at: datetime | None = attrs.field(default=None, validator=_aware)
    holds: tuple[TimeSpan, ...] = ()

    def __attrs_post_init__(self) -> None:
        for field in ("responded_at", "resolved_at"):
            moment: datetime | None = getattr(self, field)
            if moment is not None and moment < self.created_at:
                message = f"{moment.isoformat()} is before the ticket was created"
                raise ValidationError(message, path=field, root="Ticket")
        responded, resolved = self.responded_at, self.resolved_at
        if responded is not None and resolved is not None and responded > resolved:
            message = (
                f"{responded.isoformat()} is after the ticket was resolved "
                f"({resolved.isoformat()}): a resolution answers the ticket"
            )
            raise ValidationError(message, path="responded_at", root="Ticket")


@attrs.frozen(kw_only=True)
class TicketClock:
    """A ticket's deadlines, warnings and outcome.

    Attributes
    ----------
    response_due, resolution_due
        Deadlines on business time, holds given back per the policy.
    response_warning, resolution_warning
        When the warning fraction of the allowed time is used up.
    responded_in_time, resolved_in_time
        ``True`` or ``False`` once answered or resolved; ``None`` while open.
    """

    ticket_id: str
    priority: str
    response_due: datetime
    resolution_due: datetime
    response_warning: datetime
    resolution_warning: datetime
    responded_in_time: bool | None
    resolved_in_time: bool | None


def _clock_spans(
    calendar: BusinessCalendar, start: datetime, holds: Sequence[TimeSpan]
) -> Iterator[TimeSpan]:
    merged = merge_spans(holds)
    for span in calendar.open_spans(start):
        yield from less_closures(span, merged)


def _due(
    calendar: BusinessCalendar,
    start: datetime,
    allowed: timedelta,
    holds: Sequence[TimeSpan],
    policy: HoldPolicy,
) -> datetime:
    if policy is HoldPolicy.BUSINESS_TIME:
        return _consume(_clock_spans(calendar, start, holds), start, allowed, calendar)
    extra = timedelta(0)
    due = _consume(calendar.open_spans(start), start, allowed, calendar)
    for hold in sorted(merge_spans(holds), key=lambda h: h.start):
        if hold.start >= due:
            break
        extra += hold.end - hold.start
        due = _consume(calendar.open_spans(start), start, allowed + extra, calendar)
    return due


def _consume(
    spans: Iterator[TimeSpan],
    start: datetime,
    allowed: timedelta,
    calendar: BusinessCalendar,
) -> datetime:
    remaining = allowed
    for span in spans:
        if span.end <= start:
            continue
        opens = max(span.start, start)
        if remaining <= span.end - opens:
            return (opens + remaining).astimezone(calendar.zone)
        remaining -= span.end - opens
    message = "no working time ahead"  # pragma: no cover - open_spans raises first
    raise ValidationError(message, root="ticket_clock")  # pragma: no cover


def _check_targets(
    targets: Sequence[TicketTarget], where: str
) -> Sequence[TicketTarget]:
    """Return the targets, one per priority, or say which priority repeats."""
    seen: dict[str, int] = {}
    for index, target in enumerate(targets):
        if target.priority in seen:
            message = (
                f"priority {target.priority!r} has two targets "
                f"(targets[{seen[target.priority]}] and here)"
            )
            raise ValidationError(
                message, path=("targets", index, "priority"), root=where
            )
        seen[target.priority] = index
    return targets


def _target_for(ticket: Ticket, targets: Sequence[TicketTarget]) -> TicketTarget:
    for target in targets:
        if target.priority == ticket.priority:
            return target
    known = sorted(t.priority for t in targets)
    message = f"no target for priority {ticket.priority!r} (targets for {known})"
    raise ValidationError(message, path="priority", root="ticket_clock")


@checked
def ticket_clock(
    ticket: Ticket,
    targets: Sequence[TicketTarget],
    calendar: BusinessCalendar,
    *,
    hold_policy: HoldPolicy = HoldPolicy.BUSINESS_TIME,
    warn_at: Decimal | str = "0.75",
) -> TicketClock:
    """Return a ticket's response and resolution deadlines, warnings and outcome.

    Parameters
    ----------
    ticket
        The ticket.
    targets
        Targets per priority.
    calendar
        The business hours the targets run on.
    hold_policy
        How holds move the deadlines (see :class:`HoldPolicy`).
    warn_at
        Fraction of the allowed time at which to warn (0.75 warns at 75%).

    Raises
    ------
    ValidationError
        If no target matches the ticket's priority or ``warn_at`` is not in
        (0, 1].

    Examples
    --------
    >>> from datetime import date, datetime, time, timedelta
    >>> desk = BusinessCalendar.weekdays(
    ...     time(10), time(18), timezone="Europe/London",
    ...     holidays=frozenset({date(2019, 3, 5), date(2019, 3, 7)}))
    >>> p2 = TicketTarget(priority="P2", response=timedelta(hours=4),
    ...                   resolution=timedelta(hours=6))
    >>> ticket = Ticket(id="INC-1", priority="P2",
    ...                 created_at=datetime(2019, 3, 4, 14, tzinfo=desk.zone),
    ...                 responded_at=datetime(2019, 3, 4, 17, 30, tzinfo=desk.zone))
    >>> clock = ticket_clock(ticket, [p2], desk)
    >>> def day_and_hour(moment):
    ...     return moment.strftime("%a %H:%M")
    >>> day_and_hour(clock.response_due), day_and_hour(clock.resolution_due)
    ('Mon 18:00', 'Wed 12:00')
    >>> clock.responded_in_time, clock.response_warning.strftime("%H:%M")
    (True, '17:00')
    """
    fraction = to_decimal(warn_at, where="ticket_clock", path="warn_at")
    if not 0 < fraction <= 1:
        message = f"expected a fraction in (0, 1], got {fraction}"
        raise ValidationError(message, path="warn_at", root="ticket_clock")
    target = _target_for(ticket, _check_targets(targets, "ticket_clock"))
    start = ticket.created_at

    def due(allowed: timedelta) -> datetime:
        return _due(calendar, start, allowed, ticket.holds, hold_policy)

    def share(allowed: timedelta) -> timedelta:
        microseconds = (allowed // timedelta(microseconds=1)) * fraction
        return timedelta(microseconds=int(microseconds))

    response_due, resolution_due = due(target.response), due(target.resolution)
    return TicketClock(
        ticket_id=ticket.id,
        priority=ticket.priority,
        response_due=response_due,
        resolution_due=resolution_due,
        response_warning=due(share(target.response)),
        resolution_warning=due(share(target.resolution)),
        responded_in_time=None
        if ticket.responded_at is None
        else ticket.responded_at <= response_due,
        resolved_in_time=None
        if ticket.resolved_at is None
        else ticket.resolved_at <= resolution_due,
    )


@attrs.frozen(kw_only=True)
class TicketCompliance:
    """Share of tickets answered and resolved in time over a period.

    Attributes
    ----------
    tickets
        Tickets created in the period.
    response_met, response_breached
        Answered in time; answered late or overdue unanswered by ``as_of``.
    resolution_met, resolution_breached
        The same for resolution.
    response_percent, resolution_percent
        ``100 * met / (met + breached)``; ``None`` when no ticket has an outcome
        yet (undefined, never 0 or 100).
    breached
        Ids of tickets that breached either target.
    """

    period: TimeSpan
    tickets: int
    response_met: int
    response_breached: int
    resolution_met: int
    resolution_breached: int
    response_percent: Decimal | None
    resolution_percent: Decimal | None
    breached: tuple[str, ...]


@checked
def ticket_compliance(
    tickets: Sequence[Ticket],
    targets: Sequence[TicketTarget],
    calendar: BusinessCalendar,
    *,
    period: TimeSpan,
    as_of: datetime,
    hold_policy: HoldPolicy = HoldPolicy.BUSINESS_TIME,
) -> TicketCompliance:
    """Return response and resolution compliance for tickets created in ``period``.

    A ticket still open at ``as_of`` counts as breached once its deadline has
    passed, and is left out while it may still be met.

    Examples
    --------
    >>> from datetime import UTC, datetime, time, timedelta
    >>> desk = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    >>> p3 = TicketTarget(priority="P3", response=timedelta(hours=2),
    ...                   resolution=timedelta(hours=8))
    >>> def at(day, hour):
    ...     return datetime(2025, 3, day, hour, tzinfo=UTC)
    >>> tickets = [
    ...     Ticket(id="A", priority="P3", created_at=at(3, 9), responded_at=at(3, 10),
    ...            resolved_at=at(3, 16)),
    ...     Ticket(id="B", priority="P3", created_at=at(3, 9), responded_at=at(3, 12)),
    ... ]
    >>> march = TimeSpan(at(1, 0), datetime(2025, 4, 1, tzinfo=UTC))
    >>> result = ticket_compliance(tickets, [p3], desk, period=march, as_of=at(10, 9))
    >>> result.response_percent, result.resolution_percent, result.breached
    (Decimal('50'), Decimal('50'), ('B',))
    """
    where = "ticket_compliance"
    _check_targets(targets, where)
    check_unique_ids(
        (t.id for t in tickets),
        named="tickets",
        root=where,
        path=("tickets",),
        what="ticket id",
    )
    counts = {"response": [0, 0], "resolution": [0, 0]}
    breached: list[str] = []
    considered = [t for t in tickets if period.start <= t.created_at < period.end]
    for ticket in considered:
        clock = ticket_clock(ticket, targets, calendar, hold_policy=hold_policy)
        late = False
        for name, done, due in (
            ("response", ticket.responded_at, clock.response_due),
            ("resolution", ticket.resolved_at, clock.resolution_due),
        ):
            if done is not None:
                counts[name][0 if done <= due else 1] += 1
                late |= done > due
            elif due < as_of:
                counts[name][1] += 1
                late = True
        if late:
            breached.append(ticket.id)
    return TicketCompliance(
        period=period,
        tickets=len(considered),
        response_met=counts["response"][0],
        response_breached=counts["response"][1],
        resolution_met=counts["resolution"][0],
        resolution_breached=counts["resolution"][1],
        response_percent=_percent(*counts["response"]),
        resolution_percent=_percent(*counts["resolution"]),
        breached=tuple(breached),
    )


def _percent(met: int, missed: int) -> Decimal | None:
    if met + missed == 0:
        return None
    return _PERCENT.divide(_HUNDRED * met, Decimal(met + missed))
