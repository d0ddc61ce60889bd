"""The review's delivery area (issue 18), worked by hand.

Acme's run contract C-1 (EUR 25,000 a month from 1 April 2026) is delivered
by engagement RUN. Reviewed on 30 June 2026; the window is April to June
(22, 21 and 22 weekdays).

- Ana (dev, cost 60, bill 100) works every weekday: 6 billable hours and 2 of
  rework. Bo (dev, cost 40, bill 80) works 8 billable hours every weekday to
  his last day, Friday 29 May (43 days). Cy (pm, cost 50, bill 90) joins on
  1 June: 4 hours a day on RUN, not billable, and 4 on the bench.
- Available: Ana 65 x 8 = 520, Bo 43 x 8 = 344, Cy 22 x 8 = 176: 1,040.
  Billable: 390 + 344 = 734: utilisation 70.58 %.
- Standard value: 390 x 100 + 344 x 80 = 66,520.00; billed 75,000.00:
  realisation 112.75 %.
- RUN's hours: 520 + 344 + 88 = 952, of which 218 not billable: 22.90 %.
- Cost: Ana 520 x 60 = 31,200; Bo 344 x 40 = 13,760; Cy 88 x 50 = 4,400 (the
  bench is not client cost): 49,360.00, plus an expense of 640.00: 50,000.00.
  Revenue: 75,000 less a credit note of 1,000: 74,000.00. Margin 24,000.00,
  32.43 % (24/74), 7.57 points below the plan's 40 %.
- Budget: 12,000 a month for April to July (BAC 48,000); 60 % complete on
  26 June: EV 28,800; AC 50,000: CPI 0.5760; EAC 48,000 / 0.576 = 83,333.33.
- Attrition over July 2025 to June 2026: 2 people on 1 July 2025 (Ana, Bo), 2
  on 30 June 2026 (Ana, Cy); 1 leaver: 50.00 %.
- Demand: D1 (pm, wanted 18 May, filled 25 May: late) is the window's only
  request due: fulfilment 0.00 %; D2 (dev, wanted 6 July) is open.
"""

from datetime import date, time, timedelta
from decimal import Decimal

import attrs
import pytest

from accountkit import Money, Period
from accountkit.account import (
    Account,
    AccountPlan,
    RoleCount,
    Thresholds,
    review,
    sample_portfolio,
)
from accountkit.account._basis import Area, Priority
from accountkit.contracts import (
    BusinessCalendar,
    Contract,
    ContractKind,
    FixedFee,
    Frequency,
)
from accountkit.delivery import (
    BudgetLine,
    DeliveryRecords,
    Demand,
    Engagement,
    Expense,
    Leaver,
    Person,
    Progress,
    RateChange,
    TimeEntry,
)
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.finance import CreditNote, Invoice

DAY = date(2026, 6, 30)
OFFICE = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
WINDOW = Period(date(2026, 4, 1), date(2026, 7, 1))


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def _person(ident: str, role: str, cost: str, bill: str, **dates: date) -> Person:
    return Person(
        id=ident,
        name=ident.title(),
        role=role,
        calendar=OFFICE,
        rates=(
            RateChange(
                effective_from=date(2025, 1, 1),
                cost_rate=eur(cost),
                bill_rate=eur(bill),
            ),
        ),
        **dates,
    )


TEAM = (
    _person("ana", "dev", "60", "100"),
    _person("bo", "dev", "40", "80", last_day=date(2026, 5, 29)),
    _person("cy", "pm", "50", "90", joined_on=date(2026, 6, 1)),
)


def _weekdays(start: date, end: date) -> list[date]:
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [d for d in days if d.weekday() < 5]


def _entries() -> list[TimeEntry]:
    found = []
    for day in _weekdays(date(2026, 4, 1), DAY):
        found += [
            TimeEntry(person="ana", engagement="RUN", day=day, hours="6"),
            TimeEntry(
                person="ana", engagement="RUN", day=day, hours="2", billable=False
            ),
        ]
        if day <= date(2026, 5, 29):
            found.append(TimeEntry(person="bo", engagement="RUN", day=day, hours="8"))
        if day >= date(2026, 6, 1):
            found += [
                TimeEntry(
                    person="cy", engagement="RUN", day=day, hours="4", billable=False
                ),
                TimeEntry(
                    person="cy", engagement="BENCH", day=day, hours="4", billable=False
                ),
            ]
    return found


RECORDS = DeliveryRecords(
    people=TEAM,
    engagements=(
        Engagement(id="RUN", name="Run", service_line="operations", contract_id="C-1"),
    ),
    entries=tuple(_entries()),
    expenses=(
        Expense(id="X1", engagement="RUN", day=date(2026, 5, 12), amount=eur("640")),
    ),
    budgets=tuple(
        BudgetLine(
            engagement="RUN", month=date(2026, m, 1), cost=eur("12000"), hours="600"
        )
        for m in (4, 5, 6, 7)
    ),
    progress=(Progress(engagement="RUN", day=date(2026, 6, 26), complete="0.6"),),
    demand=(
        Demand(
            id="D1",
            role="pm",
            opened_on=date(2026, 4, 15),
            requested_start=date(2026, 5, 18),
            filled_on=date(2026, 5, 25),
            filled_by="cy",
        ),
        Demand(
            id="D2",
            role="dev",
            opened_on=date(2026, 6, 1),
            requested_start=date(2026, 7, 6),
        ),
    ),
    leavers=(Leaver(person="bo", last_day=date(2026, 5, 29), voluntary=True),),
)
CONTRACT = Contract(
    id="C-1",
    title="Run",
    kind=ContractKind.SOW,
    client="acme",
    currency="EUR",
    term=Period(date(2026, 4, 1), date(2027, 4, 1)),
    signed_on=date(2026, 3, 1),
    charges=(FixedFee(id="fee", amount=eur("25000"), frequency=Frequency.MONTHLY),),
)


def _invoice(ident: str, day: date, amount: str, contract: str | None) -> Invoice:
    return Invoice(
        id=ident,
        customer="acme",
        issued_on=day,
        amount=eur(amount),
        due_on=day + timedelta(days=30),
        contract_id=contract,
    )


ACME = Account(
    id="acme",
    name="Acme",
    currency="EUR",
    contracts=(CONTRACT,),
    invoices=(
        _invoice("INV-4", date(2026, 4, 1), "25000", "C-1"),
        _invoice("INV-5", date(2026, 5, 1), "25000", "C-1"),
        _invoice("INV-6", date(2026, 6, 1), "25000", "C-1"),
        _invoice("INV-X", date(2026, 5, 15), "500", None),
    ),
    credit_notes=(
        CreditNote(
            id="CN-1",
            customer="acme",
            issued_on=date(2026, 5, 20),
            amount=eur("1000"),
            invoice_id="INV-5",
        ),
    ),
    plan=(AccountPlan(year=2026, revenue=eur("300000"), margin="0.40"),),
    delivery=RECORDS,
)


def test_the_position_by_hand():
    position = review(ACME, as_of=DAY).delivery
    assert position.recorded is True
    assert (position.window_start, position.window_end) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert (position.available_hours, position.billable_hours) == (
        Decimal(1040),
        Decimal(734),
    )
    assert position.utilisation == Decimal("70.58")
    assert (position.standard_value, position.billed) == (eur("66520"), eur("75000"))
    assert position.realisation == Decimal("112.75")
    assert [(n.engagement, n.name, n.share) for n in position.non_billable] == [
        ("RUN", "Run", Decimal("22.90"))
    ]
    total = position.pnl.total
    assert (total.revenue, total.time_cost, total.cost, total.margin) == (
        eur("74000"),
        eur("49360"),
        eur("50000"),
        eur("24000"),
    )
    assert (total.contracted, total.credit_notes) == (eur("75000"), eur("1000"))
    assert (position.margin, position.plan_margin) == (Decimal("32.43"), Decimal(40))
    assert position.unattributed == ("INV-X",)
    assert position.headcount == (
        RoleCount(role="dev", people=1),
        RoleCount(role="pm", people=1),
    )


def test_earned_value_from_the_reported_progress():
    (item,) = review(ACME, as_of=DAY).delivery.budgets
    assert (item.engagement, item.name, item.complete, item.progress_on) == (
        "RUN",
        "Run",
        Decimal("0.6"),
        date(2026, 6, 26),
    )
    assert (item.budget.budget_at_completion, item.budget.actual_to_date) == (
        eur("48000"),
        eur("50000"),
    )
    assert (
        item.earned.planned_value,
        item.earned.earned_value,
        item.earned.cpi,
        item.earned.estimate_at_completion,
    ) == (eur("36000"), eur("28800"), Decimal("0.5760"), eur("83333.33"))
    assert review(ACME, as_of=DAY).delivery.worst_cpi == Decimal("0.5760")


def test_attrition_and_staffing():
    position = review(ACME, as_of=DAY).delivery
    left = position.attrition
    assert (left.start, left.last_day) == (date(2025, 7, 1), date(2026, 6, 30))
    assert (left.headcount_start, left.headcount_end, left.leavers) == (2, 2, 1)
    assert (left.annualised, left.voluntary) == (Decimal("50.00"), 1)
    asks = position.staffing
    assert (asks.due, asks.filled_in_time, asks.fulfilment_rate, asks.open) == (
        1,
        0,
        Decimal("0.00"),
        ("D2",),
    )


def test_the_measures_the_scorecard_reads():
    health = review(ACME, as_of=DAY).health
    raw = {m.id: m.raw for m in health.measures}
    assert {
        k: raw[k]
        for k in (
            "utilisation",
            "realisation",
            "delivery_margin",
            "cost_performance",
            "attrition",
            "fulfilment",
        )
    } == {
        "utilisation": pytest.approx(70.58),
        "realisation": pytest.approx(112.75),
        "delivery_margin": pytest.approx(32.43),
        "cost_performance": pytest.approx(0.576),
        "attrition": pytest.approx(50.0),
        "fulfilment": pytest.approx(0.0),
    }


def test_the_flags_in_order():
    flags = [f for f in review(ACME, as_of=DAY).flags if f.area is Area.DELIVERY]
    assert [(f.priority, f.code, f.message, f.evidence) for f in flags] == [
        (
            Priority.NOW,
            "delivery.cost_overrun",
            (
                "Run: CPI 0.5760 (60% complete on 2026-06-26); at this rate it costs "
                "EUR 83,333.33 against a budget of EUR 48,000.00"
            ),
            ("RUN",),
        ),
        (
            Priority.THIS_MONTH,
            "delivery.non_billable",
            "Run: 22.90% of the hours since 2026-04-01 were not billable",
            ("RUN",),
        ),
        (
            Priority.THIS_MONTH,
            "delivery.margin_below_plan",
            "client P&L margin 32.43% this year, 7.57 points below the plan's 40.00%",
            (),
        ),
        (
            Priority.WATCH,
            "delivery.attrition_high",
            (
                "attrition 50.00% over the 12 months to 2026-06-30 (1 left, average "
                "headcount 2.00)"
            ),
            (),
        ),
        (
            Priority.WATCH,
            "delivery.open_demand",
            "request D2 for a dev from 2026-07-06 is still open",
            ("D2",),
        ),
    ]


def _codes(account: Account, **limits: object) -> list[str]:
    seen = review(account, as_of=DAY, thresholds=Thresholds(**limits))
    return [f.code for f in seen.flags if f.area is Area.DELIVERY]


@pytest.mark.parametrize(
    ("limits", "code", "raised"),
    [
        ({"utilisation": "70.58"}, "delivery.low_utilisation", False),
        ({"utilisation": "70.59"}, "delivery.low_utilisation", True),
        ({"non_billable": "22.90"}, "delivery.non_billable", False),
        ({"non_billable": "22.89"}, "delivery.non_billable", True),
        ({"margin_gap": "7.57"}, "delivery.margin_below_plan", False),
        ({"margin_gap": "7.56"}, "delivery.margin_below_plan", True),
        ({"cpi_watch": "0.576"}, "delivery.cost_overrun", False),
        ({"cpi_watch": "0.5761"}, "delivery.cost_overrun", True),
        ({"attrition": "50"}, "delivery.attrition_high", False),
        ({"attrition": "49.99"}, "delivery.attrition_high", True),
    ],
)
def test_each_flag_at_its_threshold(limits, code, raised):
    assert (code in _codes(ACME, **limits)) is raised


@pytest.mark.parametrize(("limit", "raised"), [("90.20", False), ("90.21", True)])
def test_low_realisation_at_its_threshold(limit, raised):
    """At EUR 20,000 a month the window bills 60,000.00 for time worth
    66,520.00: 90.20 % (0.901984)."""
    lower = attrs.evolve(
        ACME,
        invoices=tuple(
            attrs.evolve(i, amount=eur("20000")) if i.contract_id else i
            for i in ACME.invoices
        ),
    )
    assert review(lower, as_of=DAY).delivery.realisation == Decimal("90.20")
    assert ("delivery.low_realisation" in _codes(lower, realisation=limit)) is raised


def test_cost_overrun_is_acted_on_now_only_below_its_second_threshold():
    """CPI 0.5760: 'now' under a cpi_now of 0.5761, 'this month' at 0.576."""

    def priority(now: str) -> Priority:
        seen = review(ACME, as_of=DAY, thresholds=Thresholds(cpi_now=now))
        return next(f.priority for f in seen.flags if f.code == "delivery.cost_overrun")

    assert priority("0.5761") is Priority.NOW
    assert priority("0.576") is Priority.THIS_MONTH


def test_a_late_request_a_budget_without_progress_and_a_loss():
    """D2 wanted from 29 June is a day late; without progress the budget's
    estimate (50,000 + July's 12,000 = 62,000 against 48,000) is over; with
    no plan, a margin below zero (fee cut to 10,000 a month: 30,000 - 1,000 -
    50,000 = -21,000, -72.41 %) is acted on now."""
    late = attrs.evolve(RECORDS.demand[1], requested_start=date(2026, 6, 29))
    cheap = attrs.evolve(
        ACME,
        invoices=tuple(
            attrs.evolve(i, amount=eur("10000")) if i.contract_id else i
            for i in ACME.invoices
        ),
        plan=None,
        delivery=attrs.evolve(RECORDS, demand=(RECORDS.demand[0], late), progress=()),
    )
    flags = {
        f.code: f for f in review(cheap, as_of=DAY).flags if f.area is Area.DELIVERY
    }
    assert flags["delivery.unfilled_demand"].message == (
        "no dev yet for request D2, wanted from 2026-06-29 (1 day ago)"
    )
    assert flags["delivery.over_budget"].message == (
        "Run: estimated at EUR 62,000.00 against a budget of EUR 48,000.00"
    )
    assert (
        flags["delivery.negative_margin"].priority,
        flags["delivery.negative_margin"].message,
    ) == (
        Priority.NOW,
        "client P&L margin -72.41% this year",
    )
    two_days = attrs.evolve(late, requested_start=date(2026, 6, 28))
    earlier = attrs.evolve(
        cheap, delivery=attrs.evolve(cheap.delivery, demand=(two_days,))
    )
    message = next(
        f.message
        for f in review(earlier, as_of=DAY).flags
        if f.code == "delivery.unfilled_demand"
    )
    assert message == "no dev yet for request D2, wanted from 2026-06-28 (2 days ago)"
    wanted_today = attrs.evolve(late, requested_start=DAY)
    today = attrs.evolve(
        cheap, delivery=attrs.evolve(cheap.delivery, demand=(wanted_today,))
    )
    message = next(
        f.message
        for f in review(today, as_of=DAY).flags
        if f.code == "delivery.unfilled_demand"
    )
    assert message == "no dev yet for request D2, wanted from 2026-06-30 (today)"


def test_without_delivery_records_every_measure_is_missing():
    bare = attrs.evolve(ACME, delivery=None)
    seen = review(bare, as_of=DAY)
    position = seen.delivery
    assert (
        position.recorded,
        position.utilisation,
        position.pnl,
        position.budgets,
    ) == (
        False,
        None,
        None,
        (),
    )
    assert (
        position.available_hours,
        position.billable_hours,
        position.billed,
        position.standard_value,
    ) == (Decimal(0), Decimal(0), eur("0"), eur("0"))
    assert (position.window_start, position.window_end) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert [f for f in seen.flags if f.area is Area.DELIVERY] == []
    raw = {m.id: m.raw for m in seen.health.measures}
    assert [raw[k] for k in ("utilisation", "delivery_margin", "attrition")] == [
        None,
        None,
        None,
    ]
    assert bare.recorded("delivery") is False
    assert ACME.recorded("delivery") is True


def test_unrecorded_demand_and_leavers_leave_their_measures_missing():
    quiet = attrs.evolve(
        ACME, delivery=attrs.evolve(RECORDS, demand=None, leavers=None)
    )
    position = review(quiet, as_of=DAY).delivery
    assert position.staffing is None
    assert position.attrition.voluntary is None
    raw = {m.id: m.raw for m in review(quiet, as_of=DAY).health.measures}
    assert raw["fulfilment"] is None


def test_the_sample_contoso_tells_its_story():
    """Contoso's delivery year (tools/make_sample_portfolio.py): the P&L's
    revenue is the six invoices of 2026 (6 x 62,000 = 372,000.00) less the
    service credits CH-SLA-1 issued this year (the service area's 7,204.40):
    364,795.60; the rework shows as non-billable hours and the flags say so."""
    contoso = sample_portfolio()[1]
    seen = review(contoso, as_of=DAY)
    total = seen.delivery.pnl.total
    assert (total.billed, total.sla_credits, total.revenue) == (
        Money("372000", "GBP"),
        seen.service.credits_this_year,
        Money("364795.60", "GBP"),
    )
    codes = {f.code for f in seen.flags if f.area is Area.DELIVERY}
    assert codes == {
        "delivery.cost_overrun",
        "delivery.non_billable",
        "delivery.margin_below_plan",
        "delivery.unfilled_demand",
        "delivery.attrition_high",
    }


def test_records_that_disagree_are_refused_all_at_once():
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(
            RECORDS,
            people=(*TEAM, TEAM[0]),
            entries=(
                *RECORDS.entries[:2],
                TimeEntry(person="zed", engagement="RUN", day=DAY, hours="1"),
                TimeEntry(
                    person="ana", engagement="RUN", day=date(2024, 1, 2), hours="1"
                ),
                TimeEntry(
                    person="ana", engagement="RUN", day=date(2026, 4, 1), hours="17"
                ),
            ),
            expenses=(
                Expense(id="X1", engagement="ZZZ", day=DAY, amount=eur("1")),
                Expense(id="X1", engagement="RUN", day=DAY, amount=eur("1")),
            ),
            engagements=(
                *RECORDS.engagements,
                Engagement(
                    id="RUN2", name="Run 2", service_line="ops", contract_id="C-1"
                ),
            ),
            budgets=(*RECORDS.budgets, RECORDS.budgets[0]),
            progress=(Progress(engagement="NOPE", day=DAY, complete="1"),),
            leavers=(Leaver(person="bo", last_day=DAY, voluntary=True),),
        )
    assert str(caught.value) == (
        "10 problems:\n"
        "  DeliveryRecords.people[3].id: id 'ana' is used twice (people[0] and here)\n"
        "  DeliveryRecords.expenses[1].id: id 'X1' is used twice (expenses[0] and "
        "here)\n"
        "  DeliveryRecords.entries[2].person: no person 'zed' in the records\n"
        "  DeliveryRecords.expenses[0].engagement: no engagement 'ZZZ' in the records\n"
        "  DeliveryRecords.progress[0].engagement: no engagement 'NOPE' in the "
        "records\n"
        "  DeliveryRecords.entries[3].day: 2024-01-02 is before 'ana''s first rate\n"
        "  DeliveryRecords.entries[4].hours: 'ana' has 25 hours on 2026-04-01 with "
        "this entry; a day has 24\n"
        "  DeliveryRecords.leavers[0].last_day: 2026-06-30, but 'bo''s last day is "
        "2026-05-29\n"
        "  DeliveryRecords.engagements[1].contract_id: contract 'C-1' is delivered "
        "by engagements[0] already: its invoices could go to either\n"
        "  DeliveryRecords.budgets[4].month: 2026-04-01 is budgeted twice "
        "(budgets[0] and here)"
    )


def test_a_person_who_left_without_a_leaver_record_is_refused_when_leavers_are_kept():
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(RECORDS, leavers=())
    assert str(caught.value) == (
        "DeliveryRecords.people[1].last_day: left on 2026-05-29 with no leaver record"
    )


def test_the_account_checks_the_records_contracts_and_currency():
    gbp = attrs.evolve(
        TEAM[0],
        rates=(
            RateChange(
                effective_from=date(2025, 1, 1),
                cost_rate=Money("60", "GBP"),
                bill_rate=Money("100", "GBP"),
            ),
        ),
    )
    with pytest.raises(CurrencyMismatchError) as caught:
        attrs.evolve(ACME, delivery=attrs.evolve(RECORDS, people=(gbp, *TEAM[1:])))
    assert str(caught.value) == (
        "2 problems:\n"
        "  Account.delivery.people[0].rates[0].cost_rate: in GBP, but the account is "
        "in EUR\n"
        "  Account.delivery.people[0].rates[0].bill_rate: in GBP, but the account is "
        "in EUR"
    )
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(ACME, contracts=())
    assert (
        "Account.delivery.engagements[0].contract_id: no such record in the account: 'C-1'"
        in str(caught.value)
    )


def test_the_words_of_the_utilisation_and_realisation_flags():
    lower = attrs.evolve(
        ACME,
        invoices=tuple(
            attrs.evolve(i, amount=eur("20000")) if i.contract_id else i
            for i in ACME.invoices
        ),
    )
    seen = review(
        lower, as_of=DAY, thresholds=Thresholds(utilisation="75", realisation="95")
    )
    words = {f.code: (f.priority, f.message) for f in seen.flags}
    assert words["delivery.low_utilisation"] == (
        Priority.WATCH,
        (
            "team utilisation 70.58% since 2026-04-01 (734 billable of 1040 available "
            "hours)"
        ),
    )
    assert words["delivery.low_realisation"] == (
        Priority.THIS_MONTH,
        (
            "realisation 90.20% since 2026-04-01: billed EUR 60,000.00 for time worth "
            "EUR 66,520.00"
        ),
    )


def test_only_credit_notes_on_an_engagements_invoices_reduce_its_revenue():
    """A credit note on account (no invoice) and one on INV-X (no contract)
    stay out of the P&L: revenue is still 74,000.00."""
    more = attrs.evolve(
        ACME,
        credit_notes=(
            *ACME.credit_notes,
            CreditNote(
                id="CN-2", customer="acme", issued_on=date(2026, 6, 2), amount=eur("50")
            ),
            CreditNote(
                id="CN-3",
                customer="acme",
                issued_on=date(2026, 6, 3),
                amount=eur("60"),
                invoice_id="INV-X",
            ),
        ),
    )
    total = review(more, as_of=DAY).delivery.pnl.total
    assert (total.credit_notes, total.revenue) == (eur("1000"), eur("74000"))


def test_progress_counts_up_to_the_review_day_and_not_after():
    """A report of 0.9 complete on 1 July is not yet known; one of 0.7 on the
    review day itself is: EV 33,600, CPI 0.6720."""
    later = Progress(engagement="RUN", day=date(2026, 7, 1), complete="0.9")
    today = Progress(engagement="RUN", day=DAY, complete="0.7")
    for reports, cpi in (
        ((*RECORDS.progress, later), Decimal("0.5760")),
        ((*RECORDS.progress, today, later), Decimal("0.6720")),
    ):
        account = attrs.evolve(ACME, delivery=attrs.evolve(RECORDS, progress=reports))
        (item,) = review(account, as_of=DAY).delivery.budgets
        assert item.earned.cpi == cpi


def test_a_budget_with_progress_above_the_cpi_limit_is_not_over_budget():
    """With a CPI limit of 0.5 the CPI 0.5760 is no overrun, and the budget's
    own estimate (62,000 against 48,000) is not flagged as well: progress
    speaks for the budget."""
    assert _codes(ACME, cpi_watch="0.5", cpi_now="0.5") == [
        "delivery.non_billable",
        "delivery.margin_below_plan",
        "delivery.attrition_high",
        "delivery.open_demand",
    ]


def test_a_margin_of_exactly_zero_or_without_revenue_raises_no_loss():
    """Without a plan: revenue equal to cost (margin 0.00 %) is no loss; with
    no revenue at all the margin is undefined and nothing is said of it."""
    even = attrs.evolve(
        ACME,
        plan=None,
        invoices=(
            _invoice("INV-4", date(2026, 4, 1), "50000", "C-1"),
            ACME.invoices[3],
        ),
        credit_notes=(),
    )
    seen = review(even, as_of=DAY)
    assert seen.delivery.margin == Decimal("0.00")
    codes = [f.code for f in seen.flags if f.area is Area.DELIVERY]
    assert "delivery.negative_margin" not in codes
    nothing = attrs.evolve(even, invoices=(ACME.invoices[3],), credit_notes=())
    seen = review(nothing, as_of=DAY)
    assert (seen.delivery.margin, seen.delivery.realisation) == (None, Decimal("0.00"))
    assert "delivery.negative_margin" not in [f.code for f in seen.flags]


def test_a_budget_estimated_exactly_on_budget_is_not_over():
    """Without progress, a budget whose estimate equals it is not over
    budget: April to June budgeted at 15,000, 15,000 and 20,000 (the 50,000
    spent) and July at 12,000: BAC 62,000 = EAC 50,000 + 12,000."""
    costs = {4: "15000", 5: "15000", 6: "20000", 7: "12000"}
    exact = tuple(
        attrs.evolve(line, cost=eur(costs[line.month.month]))
        for line in RECORDS.budgets
    )
    account = attrs.evolve(
        ACME, delivery=attrs.evolve(RECORDS, budgets=exact, progress=None)
    )
    (item,) = review(account, as_of=DAY).delivery.budgets
    assert (item.budget.estimate_at_completion, item.budget.variance_at_completion) == (
        eur("62000"),
        eur("0"),
    )
    assert "delivery.over_budget" not in _codes(account)


def test_mid_month_attrition_looks_at_the_twelve_whole_months_before():
    """Reviewed on 15 June, attrition covers June 2025 to May 2026 (the month
    under way is not whole): Bo's last day, 29 May, is in it."""
    left = review(ACME, as_of=date(2026, 6, 15)).delivery.attrition
    assert (left.start, left.last_day, left.leavers) == (
        date(2025, 6, 1),
        date(2026, 5, 31),
        1,
    )


def test_progress_is_a_fraction_and_a_budget_names_an_engagement():
    assert Progress(engagement="RUN", day=DAY, complete="1").complete == Decimal(1)
    with pytest.raises(ValidationError) as caught:
        Progress(engagement="RUN", day=DAY, complete="1.01")
    assert str(caught.value) == (
        "Progress.complete: must be at least 0 and at most 1 (work is from 0 to 1 "
        "complete), got 1.01"
    )
    stray = BudgetLine(
        engagement="GONE", month=date(2026, 4, 1), cost=eur("1"), hours="1"
    )
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(RECORDS, budgets=(stray,))
    assert str(caught.value) == (
        "DeliveryRecords.budgets[0].engagement: no engagement 'GONE' in the records"
    )
