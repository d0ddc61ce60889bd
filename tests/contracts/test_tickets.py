from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given

from accountkit import ValidationError
from accountkit.contracts import (
    BusinessCalendar,
    HoldPolicy,
    Ticket,
    TicketTarget,
    TimeSpan,
    add_business_time,
    ticket_clock,
    ticket_compliance,
)
from builders import DESK
from builders import march_2019 as local
from strategies.contracts import tickets

P2 = TicketTarget(
    priority="P2", response=timedelta(hours=4), resolution=timedelta(hours=6)
)


def test_published_cases_through_the_ticket_clock():
    """Created Mon 14:00: response (4 h) due Mon 18:00, resolution (6 h) Wed 12:00;
    created Mon 20:00: response due Wed 14:00 (issue 4's published cases)."""
    early = ticket_clock(
        Ticket(id="A", priority="P2", created_at=local(4, 14)), [P2], DESK
    )
    late = ticket_clock(
        Ticket(id="B", priority="P2", created_at=local(4, 20)), [P2], DESK
    )
    assert (early.response_due, early.resolution_due, late.response_due) == (
        local(4, 18),
        local(6, 12),
        local(6, 14),
    )


def test_holds_pause_business_time_by_default():
    """On hold Mon 15:00-20:00: the clock runs 14:00-15:00 (1 h), pauses for the
    3 business hours of the hold, and needs 5 more from Wednesday 10:00: 15:00."""
    held = Ticket(
        id="A",
        priority="P2",
        created_at=local(4, 14),
        holds=(TimeSpan(local(4, 15), local(4, 20)),),
    )
    assert ticket_clock(held, [P2], DESK).resolution_due == local(6, 15)


def test_wall_clock_holds_give_back_their_whole_length():
    """The same hold gives back its 5 wall-clock hours: 6 + 5 = 11 business hours
    from Mon 14:00 -> Mon 4 h + Wed 7 h -> Wed 17:00."""
    held = Ticket(
        id="A",
        priority="P2",
        created_at=local(4, 14),
        holds=(TimeSpan(local(4, 15), local(4, 20)),),
    )
    clock = ticket_clock(held, [P2], DESK, hold_policy=HoldPolicy.WALL_CLOCK)
    assert clock.resolution_due == local(6, 17)


def test_breach_warnings_at_a_fraction_of_the_allowed_time():
    clock = ticket_clock(
        Ticket(id="A", priority="P2", created_at=local(4, 14)),
        [P2],
        DESK,
        warn_at="0.5",
    )
    assert clock.response_warning == local(4, 16)
    assert clock.resolution_warning == local(4, 17)


def test_outcomes():
    ticket = Ticket(
        id="A",
        priority="P2",
        created_at=local(4, 14),
        responded_at=local(4, 18),
        resolved_at=local(6, 12, 1),
    )
    clock = ticket_clock(ticket, [P2], DESK)
    assert (clock.responded_in_time, clock.resolved_in_time) == (True, False)


def test_compliance_counts_overdue_open_tickets_and_leaves_out_ones_not_yet_due():
    """Three tickets created Monday 4 March: A answered and resolved in time; B
    answered late and unresolved; C (created 14:00) open. As of Mon 17:00: B's
    resolution, due 16:00, is overdue; C's response (due 18:00) and resolution
    (due Wed 12:00) may still be met, so C is left out. As of Wed 15:00, C is
    overdue on both."""
    found = [
        Ticket(
            id="A",
            priority="P2",
            created_at=local(4, 10),
            responded_at=local(4, 11),
            resolved_at=local(4, 12),
        ),
        Ticket(
            id="B", priority="P2", created_at=local(4, 10), responded_at=local(4, 15)
        ),
        Ticket(id="C", priority="P2", created_at=local(4, 14)),
    ]
    march = TimeSpan(local(1, 0), datetime(2019, 4, 1, tzinfo=UTC))
    early = ticket_compliance(found, [P2], DESK, period=march, as_of=local(4, 17))
    assert (early.response_met, early.response_breached, early.response_percent) == (
        1,
        1,
        Decimal(50),
    )
    assert (early.resolution_met, early.resolution_breached, early.breached) == (
        1,
        1,
        ("B",),
    )
    later = ticket_compliance(found, [P2], DESK, period=march, as_of=local(6, 15))
    assert (later.response_breached, later.resolution_breached, later.breached) == (
        2,
        2,
        ("B", "C"),
    )


def test_compliance_with_no_outcomes_is_undefined_not_zero():
    result = ticket_compliance(
        [], [P2], DESK, period=TimeSpan(local(1, 0), local(8, 0)), as_of=local(8, 0)
    )
    assert (result.tickets, result.response_percent, result.resolution_percent) == (
        0,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (
            lambda: ticket_clock(
                Ticket(id="A", priority="P9", created_at=local(4, 14)), [P2], DESK
            ),
            r"no target for priority 'P9'",
        ),
        (
            lambda: ticket_clock(
                Ticket(id="A", priority="P2", created_at=local(4, 14)),
                [P2],
                DESK,
                warn_at="1.5",
            ),
            r"ticket_clock\.warn_at",
        ),
        (
            lambda: Ticket(
                id="A",
                priority="P2",
                created_at=local(4, 14),
                responded_at=local(4, 13),
            ),
            r"Ticket\.responded_at: .* before the ticket was created",
        ),
        (
            lambda: Ticket(id="A", priority="P2", created_at=datetime(2019, 3, 4, 14)),  # noqa: DTZ001
            r"Ticket\.created_at: expected a timezone-aware",
        ),
        (
            lambda: TicketTarget(
                priority="P2", response=timedelta(0), resolution=timedelta(hours=1)
            ),
            r"TicketTarget\.response: expected a positive duration",
        ),
    ],
)
def test_bad_tickets_are_named(make, fragment):
    with pytest.raises(ValidationError, match=fragment):
        make()


@given(tickets())
def test_holds_never_bring_a_deadline_forward(ticket):
    office = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    targets = [
        TicketTarget(
            priority=p, response=timedelta(hours=2), resolution=timedelta(hours=8)
        )
        for p in ("P1", "P2", "P3")
    ]
    plain = add_business_time(office, ticket.created_at, timedelta(hours=8))
    for policy in HoldPolicy:
        clock = ticket_clock(ticket, targets, office, hold_policy=policy)
        assert clock.resolution_due >= plain
        assert clock.resolution_warning <= clock.resolution_due
