"""Engagement budgets against actuals (issue 18), worked by hand.

Three months budgeted at EUR 10,000 and 140 hours each. By 31 January, 25 days
of 8 hours at a cost rate of EUR 70 (200 hours, 14,000.00) and EUR 600.00 of
travel: actual 14,600.00 against 10,000.00 budgeted to date (146.00%); the
rest of the plan (20,000.00) holds, so EAC = 34,600.00 and VAC = -4,600.00.
"""

from datetime import date, time
from decimal import Decimal

import attrs
import pytest

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.contracts import BusinessCalendar
from accountkit.delivery import (
    BudgetLine,
    Expense,
    Person,
    RateChange,
    TimeEntry,
    budget_position,
)

OFFICE = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
ANA = Person(
    id="ana",
    name="Ana",
    role="dev",
    calendar=OFFICE,
    rates=(
        RateChange(
            effective_from=date(2026, 1, 1),
            cost_rate=Money("70", "EUR"),
            bill_rate=Money("150", "EUR"),
        ),
    ),
)
PLAN = [
    BudgetLine(
        engagement="C-1",
        month=date(2026, m, 1),
        cost=Money("10000", "EUR"),
        hours="140",
    )
    for m in (1, 2, 3)
]
WORKED = [
    TimeEntry(person="ana", engagement="C-1", day=date(2026, 1, d), hours="8")
    for d in range(5, 30)
]
EARLY = attrs.evolve(
    ANA,
    rates=(
        RateChange(
            effective_from=date(2025, 12, 1),
            cost_rate=Money("70", "EUR"),
            bill_rate=Money("150", "EUR"),
        ),
    ),
)
"""Ana with her rate from December 2025, for time before the budget."""
TRAVEL = Expense(
    id="X1", engagement="C-1", day=date(2026, 1, 20), amount=Money("600", "EUR")
)


def test_the_worked_case():
    other = TimeEntry(person="ana", engagement="C-2", day=date(2026, 1, 5), hours="8")
    later = TimeEntry(person="ana", engagement="C-1", day=date(2026, 2, 2), hours="8")
    seen = budget_position(
        "C-1",
        budget=[
            *PLAN,
            BudgetLine(
                engagement="C-2",
                month=date(2026, 1, 1),
                cost=Money("1", "EUR"),
                hours="1",
            ),
        ],
        people=[ANA],
        entries=[*WORKED, other, later],
        expenses=[TRAVEL],
        as_of=date(2026, 1, 31),
    )
    assert (seen.engagement, seen.as_of) == ("C-1", date(2026, 1, 31))
    assert (
        seen.budget_at_completion,
        seen.budget_to_date,
        seen.actual_to_date,
        seen.estimate_to_complete,
        seen.estimate_at_completion,
        seen.variance_at_completion,
    ) == (
        Money("30000.00", "EUR"),
        Money("10000.00", "EUR"),
        Money("14600.00", "EUR"),
        Money("20000.00", "EUR"),
        Money("34600.00", "EUR"),
        Money("-4600.00", "EUR"),
    )
    assert (seen.hours_budgeted_to_date, seen.hours_to_date, seen.spent_share) == (
        Decimal(140),
        Decimal(200),
        Decimal("146.00"),
    )


def test_a_month_starting_on_the_day_is_to_date_and_nothing_budgeted_yet_is_undefined():
    on_first = budget_position(
        "C-1", budget=PLAN, people=[ANA], entries=[], as_of=date(2026, 2, 1)
    )
    assert on_first.budget_to_date == Money("20000.00", "EUR")
    before = budget_position(
        "C-1", budget=PLAN, people=[ANA], entries=[], as_of=date(2025, 12, 31)
    )
    assert (before.budget_to_date, before.spent_share, before.estimate_to_complete) == (
        Money("0.00", "EUR"),
        None,
        Money("30000.00", "EUR"),
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: budget_position(
                "C-9", budget=PLAN, people=[ANA], entries=[], as_of=date(2026, 1, 31)
            ),
            ValidationError,
            "budget_position.budget: no budget for 'C-9'",
        ),
        (
            lambda: budget_position(
                "C-1",
                budget=[*PLAN, PLAN[0]],
                people=[ANA],
                entries=[],
                as_of=date(2026, 1, 31),
            ),
            ValidationError,
            "budget_position.budget[3].month: 2026-01-01 is budgeted twice (budget[0] and here)",
        ),
        (
            lambda: budget_position(
                "C-1",
                budget=PLAN,
                people=[],
                entries=WORKED[:1],
                as_of=date(2026, 1, 31),
            ),
            ValidationError,
            "budget_position.entries[0]: no person 'ana' with a rate on 2026-01-05",
        ),
        (
            lambda: budget_position(
                "C-1",
                budget=PLAN,
                people=[ANA],
                entries=[],
                expenses=[
                    Expense(
                        id="X",
                        engagement="C-1",
                        day=date(2026, 1, 2),
                        amount=Money("1", "USD"),
                    )
                ],
                as_of=date(2026, 1, 31),
            ),
            CurrencyMismatchError,
            "budget_position.expenses[0].amount: in USD, the budget is in EUR",
        ),
        (
            lambda: BudgetLine(
                engagement="C-1",
                month=date(2026, 1, 2),
                cost=Money("1", "EUR"),
                hours="1",
            ),
            ValidationError,
            "BudgetLine.month: a budget is for a month: give its first day, got 2026-01-02",
        ),
        (
            lambda: BudgetLine(
                engagement="C-1",
                month=date(2026, 1, 1),
                cost=Money("1", "EUR"),
                hours="-1",
            ),
            ValidationError,
            "BudgetLine.hours: must not be negative, got -1",
        ),
    ],
)
def test_bad_budgets_are_refused_where_they_are(call, error, message):
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_an_expense_after_the_day_waits_and_its_defaults():
    later = Expense(
        id="X2", engagement="C-1", day=date(2026, 2, 3), amount=Money("50", "EUR")
    )
    seen = budget_position(
        "C-1",
        budget=PLAN,
        people=[ANA],
        entries=[],
        expenses=[TRAVEL, later],
        as_of=date(2026, 1, 31),
    )
    assert seen.actual_to_date == Money("600.00", "EUR")
    assert TRAVEL.description == ""


def test_the_day_itself_counts_and_figures_are_exact_until_rounded():
    """As of 31 January: 7.5 hours on the 31st itself (525.00) and EUR 0.50 of
    expenses that day count; against a single budget month of 10,000.00 that
    is 525.50 / 10,000 = 5.255% -> 5.26% (half up); hours 7.5. March budgeted
    alone and viewed on 1 March: all of it to date, nothing left to complete."""
    single = [PLAN[0]]
    seen = budget_position(
        "C-1",
        budget=single,
        people=[ANA],
        entries=[
            TimeEntry(
                person="ana", engagement="C-1", day=date(2026, 1, 31), hours="7.5"
            )
        ],
        expenses=[
            Expense(
                id="X3",
                engagement="C-1",
                day=date(2026, 1, 31),
                amount=Money("0.50", "EUR"),
            )
        ],
        as_of=date(2026, 1, 31),
    )
    assert (seen.actual_to_date, seen.hours_to_date, seen.spent_share) == (
        Money("525.50", "EUR"),
        Decimal("7.5"),
        Decimal("5.26"),
    )
    march = budget_position(
        "C-1", budget=[PLAN[2]], people=[ANA], entries=[], as_of=date(2026, 3, 1)
    )
    assert (march.budget_to_date, march.estimate_to_complete) == (
        Money("10000.00", "EUR"),
        Money("0.00", "EUR"),
    )


def test_hours_of_zero_and_a_half_are_a_budget():
    assert (
        BudgetLine(
            engagement="C-1", month=date(2026, 1, 1), cost=Money("0", "EUR"), hours="0"
        ).hours
        == 0
    )
    assert BudgetLine(
        engagement="C-1", month=date(2026, 1, 1), cost=Money("0", "EUR"), hours="0.5"
    ).hours == Decimal("0.5")


def test_time_and_expenses_before_the_first_budgeted_month_are_not_spent_from_it():
    """Ana's 8 hours on 31 December 2025 (at a rate from 1 December) and a
    December expense fall before the budget's first month (January): the
    actuals are the worked case's 14,600.00, 200 hours; the 1st of January
    itself counts (8 more hours, 560.00)."""
    before = TimeEntry(
        person="ana", engagement="C-1", day=date(2025, 12, 31), hours="8"
    )
    spent = Expense(
        id="X0", engagement="C-1", day=date(2025, 12, 31), amount=Money("99", "EUR")
    )
    seen = budget_position(
        "C-1",
        budget=PLAN,
        people=[EARLY],
        entries=[before, *WORKED],
        expenses=[spent, TRAVEL],
        as_of=date(2026, 1, 31),
    )
    assert (seen.actual_to_date, seen.hours_to_date) == (
        Money("14600.00", "EUR"),
        Decimal(200),
    )
    first = TimeEntry(person="ana", engagement="C-1", day=date(2026, 1, 1), hours="8")
    seen = budget_position(
        "C-1",
        budget=PLAN,
        people=[EARLY],
        entries=[before, first, *WORKED],
        expenses=[TRAVEL],
        as_of=date(2026, 1, 31),
    )
    assert (seen.actual_to_date, seen.hours_to_date) == (
        Money("15160.00", "EUR"),
        Decimal(208),
    )


def test_a_day_before_the_budget_starts_has_spent_nothing_of_it():
    """On 31 December 2025, a month before the budget: nothing to date, the
    whole plan to complete, whatever was recorded in December."""
    december = TimeEntry(
        person="ana", engagement="C-1", day=date(2025, 12, 30), hours="8"
    )
    spent = Expense(
        id="X0", engagement="C-1", day=date(2025, 12, 30), amount=Money("9", "EUR")
    )
    seen = budget_position(
        "C-1",
        budget=PLAN,
        people=[EARLY],
        entries=[december],
        expenses=[spent],
        as_of=date(2025, 12, 31),
    )
    assert (seen.actual_to_date, seen.hours_to_date, seen.budget_to_date) == (
        Money("0.00", "EUR"),
        Decimal(0),
        Money("0.00", "EUR"),
    )
    assert (seen.estimate_at_completion, seen.spent_share) == (
        Money("30000.00", "EUR"),
        None,
    )
