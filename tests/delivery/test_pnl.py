"""The client P&L (issue 18), worked by hand.

February and March 2026, two engagements:

- E1 "Data platform" (service line data, contract C-1: EUR 10,000 a month).
  Ana (cost EUR 70 an hour, EUR 80 from 16 March) works 2-6 February, 8
  billable hours a day: 40 h x 70 = 2,800.00. In March she works 8 billable
  hours on the 16th (x 80 = 640.00) and 4 hours of non-billable rework on the
  13th (x 70 = 280.00); Bo (cost EUR 50) spends 2.25 non-billable hours on 2
  March (112.50). Expense X1 of 300.00 on 20 February. Invoiced 10,000 on 28
  February and 31 March; credit note CN-1 of 500 and a service credit of
  1,000 on 31 March.
- E2 "Support" (service line run, no contract). Bo works 7.5 billable hours
  on 9 February (375.00); expense X2 of 45.50 on 5 March; invoiced 1,200 on
  31 March.

Bo's 8 hours on the bench (10 February) are not on an engagement: not client
cost. An invoice of 1 April is outside the period.

Lines (revenue - cost = margin, margin / revenue):

- E1 February: 10,000.00 - (2,800.00 + 300.00) = 6,900.00; 69.00 %.
- E1 March: 10,000 - 500 - 1,000 = 8,500.00 - (640 + 280 + 112.50) =
  7,467.50; 87.85 % (0.87853); 14.25 hours, 8 billable.
- E2 February: 0 - 375.00 = -375.00; no revenue, no margin %.
- E2 March: 1,200.00 - 45.50 = 1,154.50; 96.21 % (0.96208).

Totals: E1 18,500.00 - 4,132.50 = 14,367.50 (77.66 %); E2 1,200.00 - 420.50
= 779.50 (64.96 %); February 10,000 - 3,475.00 = 6,525.00 (65.25 %); March
9,700 - 1,078.00 = 8,622.00 (88.89 %); the account 19,700.00 - 4,553.00 =
15,147.00 (76.89 %), 61.75 hours of which 55.5 billable.
"""

from datetime import date, time, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, Period, ValidationError
from accountkit.contracts import BusinessCalendar, FixedFee, Frequency
from accountkit.delivery import (
    Engagement,
    Expense,
    Person,
    RateChange,
    RevenueItem,
    RevenueKind,
    TimeEntry,
    client_pnl,
)
from builders import eur, sow

OFFICE = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
SPRING = Period(date(2026, 2, 1), date(2026, 4, 1))
CONTRACT = sow([FixedFee(id="run", amount=eur("10000"), frequency=Frequency.MONTHLY)])
WORK = (
    Engagement(id="E1", name="Data platform", service_line="data", contract_id="C-1"),
    Engagement(id="E2", name="Support", service_line="run"),
)


def rate(day: date, cost: str, bill: str) -> RateChange:
    return RateChange(effective_from=day, cost_rate=eur(cost), bill_rate=eur(bill))


ANA = Person(
    id="ana",
    name="Ana",
    role="architect",
    calendar=OFFICE,
    rates=(
        rate(date(2026, 1, 1), "70", "150"),
        rate(date(2026, 3, 16), "80", "160"),
    ),
)
BO = Person(
    id="bo",
    name="Bo",
    role="engineer",
    calendar=OFFICE,
    rates=(rate(date(2026, 1, 1), "50", "100"),),
)


def entry(who, where, day, hours, *, billable=True) -> TimeEntry:
    return TimeEntry(
        person=who, engagement=where, day=day, hours=hours, billable=billable
    )


ENTRIES = [
    *(entry("ana", "E1", date(2026, 2, d), "8") for d in range(2, 7)),
    entry("ana", "E1", date(2026, 3, 16), "8"),
    entry("ana", "E1", date(2026, 3, 13), "4", billable=False),
    entry("bo", "E1", date(2026, 3, 2), "2.25", billable=False),
    entry("bo", "E2", date(2026, 2, 9), "7.5"),
    entry("bo", "BENCH", date(2026, 2, 10), "8", billable=False),
]
EXPENSES = [
    Expense(id="X1", engagement="E1", day=date(2026, 2, 20), amount=eur("300")),
    Expense(id="X2", engagement="E2", day=date(2026, 3, 5), amount=eur("45.50")),
]


def item(where, day, amount, kind=RevenueKind.BILLED, reference=""):
    return RevenueItem(
        engagement=where, day=day, amount=eur(amount), kind=kind, reference=reference
    )


REVENUE = [
    item("E1", date(2026, 2, 28), "10000", reference="INV-1"),
    item("E1", date(2026, 3, 31), "10000", reference="INV-2"),
    item("E1", date(2026, 3, 31), "500", RevenueKind.CREDIT_NOTE, "CN-1"),
    item("E1", date(2026, 3, 31), "1000", RevenueKind.SLA_CREDIT, "2026-03"),
    item("E2", date(2026, 3, 31), "1200", reference="INV-3"),
    item("E2", date(2026, 4, 1), "999", reference="INV-4"),
]


def pnl(**more):
    fields = {
        "period": SPRING,
        "people": [ANA, BO],
        "entries": ENTRIES,
        "expenses": EXPENSES,
        "revenue": REVENUE,
        "contracts": [CONTRACT],
    }
    fields.update(more)
    return client_pnl(WORK, **fields)


def money(line):
    return tuple(
        str(m)
        for m in (
            line.billed,
            line.credit_notes,
            line.sla_credits,
            line.revenue,
            line.time_cost,
            line.expenses,
            line.cost,
            line.margin,
        )
    )


def test_each_line_by_hand():
    seen = pnl()
    assert [(ln.engagement, ln.start, ln.last_day) for ln in seen.lines] == [
        ("E1", date(2026, 2, 1), date(2026, 2, 28)),
        ("E1", date(2026, 3, 1), date(2026, 3, 31)),
        ("E2", date(2026, 2, 1), date(2026, 2, 28)),
        ("E2", date(2026, 3, 1), date(2026, 3, 31)),
    ]
    feb1, mar1, feb2, mar2 = seen.lines
    assert money(feb1) == (
        "EUR 10,000.00",
        "EUR 0.00",
        "EUR 0.00",
        "EUR 10,000.00",
        "EUR 2,800.00",
        "EUR 300.00",
        "EUR 3,100.00",
        "EUR 6,900.00",
    )
    assert (feb1.margin_percent, feb1.hours, feb1.billable_hours) == (
        Decimal("69.00"),
        Decimal(40),
        Decimal(40),
    )
    assert money(mar1) == (
        "EUR 10,000.00",
        "EUR 500.00",
        "EUR 1,000.00",
        "EUR 8,500.00",
        "EUR 1,032.50",
        "EUR 0.00",
        "EUR 1,032.50",
        "EUR 7,467.50",
    )
    assert (mar1.margin_percent, mar1.hours, mar1.billable_hours) == (
        Decimal("87.85"),
        Decimal("14.25"),
        Decimal(8),
    )
    assert money(feb2)[3:] == (
        "EUR 0.00",
        "EUR 375.00",
        "EUR 0.00",
        "EUR 375.00",
        "EUR -375.00",
    )
    assert (feb2.margin_percent, feb2.contracted) == (None, None)
    assert money(mar2)[3:] == (
        "EUR 1,200.00",
        "EUR 0.00",
        "EUR 45.50",
        "EUR 45.50",
        "EUR 1,154.50",
    )
    assert (mar2.margin_percent, mar2.hours) == (Decimal("96.21"), Decimal(0))
    assert (feb1.name, feb1.service_line, mar2.name, mar2.service_line) == (
        "Data platform",
        "data",
        "Support",
        "run",
    )


def test_standard_value_is_the_billable_hours_at_list_price():
    """E1 February: 40 billable hours x 150 = 6,000.00; E1 March: Ana's 8
    billable hours on the 16th at her new 160 = 1,280.00 (the rework and
    Bo's hours are not billable); E2 February: 7.5 x 100 = 750.00; E2 March:
    nothing. In all 8,030.00."""
    seen = pnl()
    assert [str(ln.standard_value) for ln in seen.lines] == [
        "EUR 6,000.00",
        "EUR 1,280.00",
        "EUR 750.00",
        "EUR 0.00",
    ]
    assert seen.total.standard_value == eur("8030")


def test_contracted_revenue_is_the_contracts_billing_schedule():
    """C-1 bills EUR 10,000 a month: one line in each month; E2 has no
    contract, so no contracted revenue (None, not 0)."""
    seen = pnl()
    assert [ln.contracted for ln in seen.lines] == [
        eur("10000"),
        eur("10000"),
        None,
        None,
    ]
    assert seen.by_engagement[0].contracted == eur("20000")
    assert seen.by_engagement[1].contracted is None
    assert seen.total.contracted == eur("20000")


def test_the_totals_by_engagement_service_line_month_and_account():
    seen = pnl()
    e1, e2 = seen.by_engagement
    assert (e1.engagement, e1.name, e1.service_line) == ("E1", "Data platform", "data")
    assert (e1.start, e1.last_day) == (date(2026, 2, 1), date(2026, 3, 31))
    assert (str(e1.revenue), str(e1.cost), str(e1.margin), e1.margin_percent) == (
        "EUR 18,500.00",
        "EUR 4,132.50",
        "EUR 14,367.50",
        Decimal("77.66"),
    )
    assert (str(e2.revenue), str(e2.cost), str(e2.margin), e2.margin_percent) == (
        "EUR 1,200.00",
        "EUR 420.50",
        "EUR 779.50",
        Decimal("64.96"),
    )
    assert [(s.service_line, s.engagement, s.margin) for s in seen.by_service_line] == [
        ("data", None, eur("14367.50")),
        ("run", None, eur("779.50")),
    ]
    feb, mar = seen.by_month
    assert (feb.start, feb.last_day, mar.start, mar.last_day) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
        date(2026, 3, 1),
        date(2026, 3, 31),
    )
    assert (str(feb.cost), str(feb.margin), feb.margin_percent) == (
        "EUR 3,475.00",
        "EUR 6,525.00",
        Decimal("65.25"),
    )
    assert (str(mar.revenue), str(mar.cost), mar.margin_percent) == (
        "EUR 9,700.00",
        "EUR 1,078.00",
        Decimal("88.89"),
    )
    total = seen.total
    assert money(total) == (
        "EUR 21,200.00",
        "EUR 500.00",
        "EUR 1,000.00",
        "EUR 19,700.00",
        "EUR 4,207.50",
        "EUR 345.50",
        "EUR 4,553.00",
        "EUR 15,147.00",
    )
    assert (total.margin_percent, total.hours, total.billable_hours) == (
        Decimal("76.89"),
        Decimal("61.75"),
        Decimal("55.5"),
    )
    assert (seen.currency, seen.start, seen.last_day) == (
        "EUR",
        date(2026, 2, 1),
        date(2026, 3, 31),
    )
    assert (total.engagement, total.name, total.service_line) == (None, None, None)
    assert total.basis == ("the sum of 4 line(s)",)


def test_each_line_says_where_its_figures_came_from():
    mar1 = pnl().lines[1]
    assert mar1.basis == (
        "contracted: 1 billing line(s) of C-1 billed in these days",
        "billed: INV-2",
        "credit notes: CN-1",
        "SLA credits: 2026-03",
        (
            "time: 14.25 h recorded (8 billable), each hour at its person's cost rate "
            "on its day"
        ),
    )
    assert pnl().lines[2].basis == (
        (
            "time: 7.5 h recorded (7.5 billable), each hour at its person's cost rate "
            "on its day"
        ),
    )
    assert pnl().lines[0].basis[-1] == "expenses: X1"


def test_time_cost_is_rounded_once_a_line_half_up():
    """Two quarter hours at EUR 33.33: 8.3325 each, 16.665 together, rounded
    once to 16.67 (rounding each entry would give 16.66); ROUND_HALF_EVEN
    gives 16.66."""
    odd = Person(
        id="cy",
        name="Cy",
        role="dev",
        calendar=OFFICE,
        rates=(rate(date(2026, 1, 1), "33.33", "40"),),
    )
    quarter = [
        entry("cy", "E2", date(2026, 2, 2), "0.25"),
        entry("cy", "E2", date(2026, 2, 3), "0.25"),
    ]
    seen = client_pnl(
        WORK[1:], period=Period.month(2026, 2), people=[odd], entries=quarter
    )
    assert seen.lines[0].time_cost == eur("16.67")
    even = client_pnl(
        WORK[1:],
        period=Period.month(2026, 2),
        people=[odd],
        entries=quarter,
        rounding="ROUND_HALF_EVEN",
    )
    assert even.lines[0].time_cost == eur("16.66")


def test_a_part_month_at_each_end_is_its_own_line():
    """15 February to 10 March: two lines, 15-28 February and 1-10 March;
    only Bo's 2.25 hours of 2 March fall inside."""
    seen = pnl(period=Period(date(2026, 2, 15), date(2026, 3, 11)))
    assert [(ln.start, ln.last_day) for ln in seen.lines[:2]] == [
        (date(2026, 2, 15), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 10)),
    ]
    assert [ln.hours for ln in seen.lines] == [
        Decimal(0),
        Decimal("2.25"),
        Decimal(0),
        Decimal(0),
    ]


def test_no_engagements_gives_an_empty_pnl_in_the_currency_given():
    seen = client_pnl([], period=SPRING, people=[], entries=[], currency="GBP")
    assert (seen.lines, seen.by_engagement, seen.by_month) == ((), (), ())
    assert (seen.total.margin, seen.total.margin_percent, seen.total.basis) == (
        Money("0", "GBP"),
        None,
        ("no engagements",),
    )
    assert (seen.total.hours, seen.total.billable_hours, seen.total.contracted) == (
        Decimal(0),
        Decimal(0),
        None,
    )
    assert (seen.total.start, seen.total.last_day) == (
        date(2026, 2, 1),
        date(2026, 3, 31),
    )


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (
            {
                "expenses": [
                    Expense(
                        id="X", engagement="E9", day=date(2026, 2, 2), amount=eur("1")
                    )
                ]
            },
            ValidationError,
            (
                "client_pnl.expenses[0].engagement: no engagement 'E9' among the "
                "engagements"
            ),
        ),
        (
            {"revenue": [item("E9", date(2026, 2, 2), "1")]},
            ValidationError,
            (
                "client_pnl.revenue[0].engagement: no engagement 'E9' among the "
                "engagements"
            ),
        ),
        (
            {"contracts": []},
            ValidationError,
            (
                "client_pnl.engagements[0].contract_id: no contract 'C-1' among the "
                "contracts"
            ),
        ),
        (
            {"contracts": [CONTRACT, CONTRACT]},
            ValidationError,
            (
                "client_pnl.contracts[1].id: id 'C-1' is used twice (contracts[0] and "
                "here)"
            ),
        ),
        (
            {"people": [ANA]},
            ValidationError,
            "client_pnl.entries[7].person: no person 'bo' among the people",
        ),
        (
            {"people": [], "entries": []},
            ValidationError,
            (
                "client_pnl.currency: give the P&L's currency: there are no people to "
                "take it from"
            ),
        ),
        (
            {"currency": "GBP"},
            CurrencyMismatchError,
            "client_pnl.people[0].rates: in EUR, the P&L is in GBP",
        ),
        (
            {
                "revenue": [
                    RevenueItem(
                        engagement="E1", day=date(2026, 2, 2), amount=Money("1", "GBP")
                    )
                ]
            },
            CurrencyMismatchError,
            "client_pnl.revenue[0].amount: in GBP, the P&L is in EUR",
        ),
        (
            {
                "expenses": [
                    Expense(
                        id="X",
                        engagement="E1",
                        day=date(2026, 2, 2),
                        amount=Money("1", "GBP"),
                    )
                ]
            },
            CurrencyMismatchError,
            "client_pnl.expenses[0].amount: in GBP, the P&L is in EUR",
        ),
        (
            {"contracts": [sow(currency="GBP")]},
            CurrencyMismatchError,
            "client_pnl.engagements[0].contract_id: in GBP, the P&L is in EUR",
        ),
        (
            {"entries": [*ENTRIES, entry("ana", "E2", date(2026, 2, 2), "16.5")]},
            ValidationError,
            (
                "client_pnl.entries[10].hours: 'ana' has 24.5 hours on 2026-02-02 with "
                "this entry; a day has 24"
            ),
        ),
    ],
)
def test_bad_input_is_refused_where_it_is(change, error, message):
    with pytest.raises(error) as caught:
        pnl(**change)
    assert str(caught.value) == message


def test_engagement_ids_may_not_repeat():
    with pytest.raises(ValidationError) as caught:
        client_pnl(
            [WORK[1], WORK[1]], period=SPRING, people=[], entries=[], currency="EUR"
        )
    assert str(caught.value) == (
        "client_pnl.engagements[1].id: id 'E2' is used twice (engagements[0] and here)"
    )


def test_the_defaults():
    e = Engagement(id="E", name="E", service_line="s")
    r = RevenueItem(engagement="E", day=date(2026, 1, 1), amount=eur("1"))
    assert (e.contract_id, r.kind, r.reference) == (None, RevenueKind.BILLED, "")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ana", "bo"]),
            st.sampled_from(["E1", "E2", "BENCH"]),
            st.integers(0, 58),
            st.integers(1, 32),
            st.booleans(),
        ),
        max_size=25,
    ).filter(lambda drawn: len({(w, d) for w, _, d, _, _ in drawn}) == len(drawn)),
    st.lists(
        st.tuples(
            st.sampled_from(["E1", "E2"]),
            st.integers(0, 58),
            st.integers(1, 10**7),
            st.sampled_from(list(RevenueKind)),
        ),
        max_size=8,
    ),
)
def test_the_lines_add_up_to_the_margin_exactly(worked, documents):
    """Property: on every line revenue - cost = margin; the lines add up to
    each total, and to the account's margin, to the cent; each line's time
    cost is its hours at their day's cost rates, summed exactly and rounded
    once (computed here with fractions, not the kernel)."""
    entries = [
        entry(
            who,
            where,
            SPRING.start + timedelta(days=day),
            Decimal(quarters) / 4,
            billable=paid,
        )
        for who, where, day, quarters, paid in worked
    ]
    revenue = [
        item(where, SPRING.start + timedelta(days=day), str(Decimal(cents) / 100), kind)
        for where, day, cents, kind in documents
    ]
    seen = pnl(entries=entries, revenue=revenue, expenses=EXPENSES)
    people = {"ana": ANA, "bo": BO}
    for line in seen.lines:
        assert line.revenue == line.billed - line.credit_notes - line.sla_credits
        assert line.cost == line.time_cost + line.expenses
        assert line.margin == line.revenue - line.cost
        exact = sum(
            (
                Fraction(e.hours)
                * Fraction(people[e.person].rate_on(e.day).cost_rate.amount)
                for e in entries
                if e.engagement == line.engagement
                and line.start <= e.day <= line.last_day
            ),
            Fraction(0),
        )
        assert line.time_cost == Money.from_fraction(exact, "EUR")
    for totals in (seen.by_engagement, seen.by_service_line, seen.by_month):
        assert (
            Money.total((t.margin for t in totals), currency="EUR") == seen.total.margin
        )
    assert (
        Money.total((ln.margin for ln in seen.lines), currency="EUR")
        == seen.total.margin
    )
    assert seen.total.hours == sum(
        (e.hours for e in entries if e.engagement != "BENCH"), Decimal(0)
    )
