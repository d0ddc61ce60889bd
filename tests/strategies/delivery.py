"""Strategies for accountkit.delivery: people, their time and leave, and results."""

from datetime import date, time, timedelta
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from accountkit import Money, Period, add_months
from accountkit.contracts import BusinessCalendar
from accountkit.delivery import (
    Attrition,
    BudgetLine,
    BudgetPosition,
    Capacity,
    ClientPnl,
    DeliveryRecords,
    Demand,
    EarnedValue,
    Engagement,
    Expense,
    Leave,
    Leaver,
    Person,
    PnlLine,
    Progress,
    RateChange,
    RevenueItem,
    RevenueKind,
    RoleUtilisation,
    Staffing,
    TimeEntry,
    Utilisation,
    attrition,
    budget_position,
    client_pnl,
    earned_value,
    role_utilisation,
    staffing,
    utilisation,
)
from strategies.contracts import ids

__all__ = ["people"]

_DAYS = st.dates(date(2024, 1, 1), date(2027, 12, 31))
_OFFICE = BusinessCalendar.weekdays(time(9), time(17), timezone="Europe/Paris")


def _money(low: int = 0) -> st.SearchStrategy[Money]:
    return st.integers(low, 10**6).map(lambda cents: Money(Decimal(cents) / 100, "EUR"))


rate_changes = st.builds(
    RateChange, effective_from=_DAYS, cost_rate=_money(), bill_rate=_money()
)


@st.composite
def people(draw: st.DrawFn) -> Person:
    """A person at the office, with one to three rates in date order."""
    starts = sorted(draw(st.sets(_DAYS, min_size=1, max_size=3)))
    rates = tuple(
        RateChange(
            effective_from=day, cost_rate=draw(_money()), bill_rate=draw(_money())
        )
        for day in starts
    )
    joined = draw(st.none() | _DAYS)
    return Person(
        id=draw(ids),
        name=draw(st.text(max_size=10)),
        role=draw(ids),
        calendar=_OFFICE,
        rates=rates,
        grade=draw(st.text(max_size=5)),
        joined_on=joined,
        last_day=None
        if joined is None
        else joined + timedelta(days=draw(st.integers(1, 900))),
    )


time_entries = st.builds(
    TimeEntry,
    person=ids,
    engagement=ids,
    day=_DAYS,
    hours=st.integers(1, 48).map(lambda halves: Decimal(halves) / 2),
    billable=st.booleans(),
    activity=st.text(max_size=8),
)
leaves = st.builds(
    lambda person, start, span, reason: Leave(
        person=person, start=start, end=start + timedelta(days=span), reason=reason
    ),
    ids,
    _DAYS,
    st.integers(0, 20),
    st.text(max_size=8),
)


@st.composite
def utilisations(draw: st.DrawFn) -> Utilisation:
    someone = draw(people())
    first = someone.rates[0].effective_from
    month = Period.month(first.year, first.month)
    records = [
        TimeEntry(
            person=someone.id,
            engagement="C-1",
            day=max(first, month.start) + timedelta(days=offset),
            hours=Decimal(2),
            billable=billable,
        )
        for offset, billable in draw(
            st.lists(st.tuples(st.integers(0, 2), st.booleans()), max_size=5)
        )
    ]
    return utilisation(
        someone,
        records,
        period=Period(month.start, month.end + timedelta(days=3)),
        billed=draw(st.none() | _money()),
        capacity=draw(st.sampled_from(Capacity)),
    )


earned_values = st.builds(
    lambda bac, pv, ev, ac: earned_value(
        budget_at_completion=bac, planned_value=pv, earned_value=ev, actual_cost=ac
    ),
    _money(),
    _money(),
    _money(),
    _money(),
)

st.register_type_strategy(RateChange, rate_changes)
st.register_type_strategy(Person, people())
st.register_type_strategy(TimeEntry, time_entries)
st.register_type_strategy(Leave, leaves)
st.register_type_strategy(Utilisation, utilisations())
st.register_type_strategy(EarnedValue, earned_values)


@st.composite
def demands(draw: st.DrawFn) -> Demand:
    opened = draw(_DAYS)
    filled = draw(
        st.none() | st.integers(0, 90).map(lambda n: opened + timedelta(days=n))
    )
    return Demand(
        id=draw(ids),
        role=draw(ids),
        opened_on=opened,
        requested_start=opened + timedelta(days=draw(st.integers(0, 90))),
        filled_on=filled,
        filled_by=None if filled is None else draw(ids),
        engagement=draw(st.text(max_size=6)),
    )


staffings = st.builds(
    lambda found, day: staffing(
        found, period=Period.month(day.year, day.month), as_of=day
    ),
    st.lists(demands(), max_size=4, unique_by=lambda d: d.id),
    _DAYS,
)
leavers = st.builds(
    Leaver,
    person=ids,
    last_day=_DAYS,
    voluntary=st.booleans(),
    reason=st.text(max_size=6),
)


@st.composite
def attritions(draw: st.DrawFn) -> Attrition:
    """Attrition over a month, with leaver records for its leavers or without."""
    found = draw(st.lists(people(), max_size=4, unique_by=lambda p: p.id))
    day = draw(_DAYS)
    period = Period.month(day.year, day.month)
    records = [
        Leaver(person=p.id, last_day=p.last_day, voluntary=draw(st.booleans()))
        for p in found
        if p.last_day is not None
    ]
    return attrition(
        found, period=period, leavers=draw(st.sampled_from([None, records]))
    )


st.register_type_strategy(Leaver, leavers)
st.register_type_strategy(Demand, demands())
st.register_type_strategy(Staffing, staffings)
st.register_type_strategy(Attrition, attritions())


expenses = st.builds(
    Expense,
    id=ids,
    engagement=ids,
    day=_DAYS,
    amount=_money(),
    description=st.text(max_size=6),
)
budget_lines = st.builds(
    BudgetLine,
    engagement=ids,
    month=_DAYS.map(lambda day: day.replace(day=1)),
    cost=_money(),
    hours=st.integers(0, 400).map(Decimal),
)
budget_positions = st.builds(
    lambda lines, day: budget_position(
        "C-1",
        budget=[attrs.evolve(line, engagement="C-1") for line in lines],
        people=[],
        entries=[],
        as_of=day,
    ),
    st.lists(budget_lines, min_size=1, max_size=4, unique_by=lambda b: b.month),
    _DAYS,
)
st.register_type_strategy(Expense, expenses)
st.register_type_strategy(BudgetLine, budget_lines)
st.register_type_strategy(BudgetPosition, budget_positions)


engagements = st.builds(
    Engagement,
    id=ids,
    name=st.text(max_size=8),
    service_line=ids,
    contract_id=st.none() | ids,
)
revenue_items = st.builds(
    RevenueItem,
    engagement=ids,
    day=_DAYS,
    amount=_money(1),
    kind=st.sampled_from(list(RevenueKind)),
    reference=st.text(max_size=6),
)


@st.composite
def client_pnls(draw: st.DrawFn) -> ClientPnl:
    """A P&L of one or two engagements over a month or two, from drawn time."""
    work = [
        Engagement(id=f"E{n}", name=f"E{n}", service_line=draw(st.sampled_from("ab")))
        for n in range(draw(st.integers(1, 2)))
    ]
    start = draw(_DAYS).replace(day=1)
    period = Period(start, add_months(start, draw(st.integers(1, 2))))
    ana = Person(
        id="ana",
        name="Ana",
        role="dev",
        calendar=_OFFICE,
        rates=(
            RateChange(
                effective_from=date(2024, 1, 1),
                cost_rate=draw(_money()),
                bill_rate=draw(_money()),
            ),
        ),
    )
    entries = [
        TimeEntry(
            person="ana",
            engagement=draw(st.sampled_from(work)).id,
            day=start + timedelta(days=offset),
            hours=Decimal(draw(st.integers(1, 32))) / 4,
            billable=draw(st.booleans()),
        )
        for offset in draw(st.sets(st.integers(0, 40), max_size=4))
    ]
    revenue = [
        RevenueItem(
            engagement=draw(st.sampled_from(work)).id,
            day=start + timedelta(days=draw(st.integers(0, 40))),
            amount=draw(_money(1)),
            kind=draw(st.sampled_from(list(RevenueKind))),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return client_pnl(
        work, period=period, people=[ana], entries=entries, revenue=revenue
    )


role_utilisations = st.builds(
    lambda lines: role_utilisation(lines)[0],
    st.lists(utilisations(), min_size=1, max_size=1),
)
st.register_type_strategy(Engagement, engagements)
st.register_type_strategy(RevenueItem, revenue_items)
st.register_type_strategy(ClientPnl, client_pnls())
st.register_type_strategy(PnlLine, client_pnls().map(lambda pnl: pnl.total))
st.register_type_strategy(RoleUtilisation, role_utilisations)


progresses = st.builds(
    Progress,
    engagement=ids,
    day=_DAYS,
    complete=st.integers(0, 100).map(lambda n: Decimal(n) / 100),
)


@st.composite
def delivery_records(draw: st.DrawFn) -> DeliveryRecords:
    """Records of one or two people on one engagement, a few days' time."""
    team = draw(st.lists(people(), min_size=1, max_size=2, unique_by=lambda p: p.id))
    work = Engagement(id="E1", name="Run", service_line="run")
    entries = [
        TimeEntry(
            person=person.id,
            engagement=draw(st.sampled_from(["E1", "BENCH"])),
            day=change.effective_from,
            hours=Decimal(draw(st.integers(1, 16))) / 2,
            billable=draw(st.booleans()),
        )
        for person in team
        for change in person.rates[:2]
        if person.employed_on(change.effective_from)
    ]
    start = draw(_DAYS).replace(day=1)
    return DeliveryRecords(
        people=tuple(team),
        engagements=(work,),
        entries=tuple(entries),
        budgets=draw(
            st.none()
            | st.just(
                (
                    BudgetLine(
                        engagement="E1", month=start, cost=draw(_money()), hours="10"
                    ),
                )
            )
        ),
        progress=draw(
            st.none() | st.just((Progress(engagement="E1", day=start, complete="0.5"),))
        ),
        demand=draw(
            st.none()
            | st.lists(demands(), max_size=2, unique_by=lambda d: d.id).map(tuple)
        ),
        leavers=draw(
            st.none()
            | st.just(
                tuple(
                    Leaver(person=p.id, last_day=p.last_day, voluntary=True)
                    for p in team
                    if p.last_day is not None
                )
            )
        ),
    )


st.register_type_strategy(Progress, progresses)
st.register_type_strategy(DeliveryRecords, delivery_records())
