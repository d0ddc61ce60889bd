"""Obligations, their recurrence (RFC 5545 through dateutil.rrule) and the calendar."""

from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from accountkit import Money, Period, ValidationError
from accountkit.contracts import (
    Contract,
    ContractKind,
    FixedFee,
    Frequency,
    Fulfilment,
    Indexation,
    IndexSeries,
    IndexValue,
    Obligation,
    ObligationStatus,
    RenewalTerms,
    Side,
    calendar_text,
    contract_obligations,
    obligation_calendar,
)

MARCH = Period.month(2026, 3)


def report(**more) -> Obligation:
    fields = {
        "id": "kpi",
        "title": "Monthly KPI report",
        "side": Side.PROVIDER,
        "start": date(2026, 1, 1),
        "rule": "FREQ=MONTHLY;BYMONTHDAY=10",
    }
    fields.update(more)
    return Obligation(**fields)


def test_a_quarterly_business_review_on_the_first_monday():
    """FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO from 2026-01-01: 5 Jan, 6 Apr, 6 Jul,
    5 Oct 2026 (the first Mondays of each quarter, read off a 2026 calendar)."""
    qbr = report(id="qbr", title="QBR", rule="FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO")
    assert qbr.occurrences(Period(date(2026, 1, 1), date(2027, 1, 1))) == (
        date(2026, 1, 5),
        date(2026, 4, 6),
        date(2026, 7, 6),
        date(2026, 10, 5),
    )


def test_the_last_day_of_each_month_and_a_single_day():
    month_end = report(rule="FREQ=MONTHLY;BYMONTHDAY=-1")
    assert month_end.occurrences(Period(date(2026, 1, 1), date(2026, 4, 1))) == (
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    )
    once = report(rule=None, start=date(2026, 3, 15))
    assert once.occurrences(MARCH) == (date(2026, 3, 15),)
    assert once.occurrences(Period.month(2026, 4)) == ()


def test_until_is_the_last_day_and_the_period_end_is_excluded():
    bounded = report(until=date(2026, 3, 10))
    assert bounded.occurrences(Period(date(2026, 1, 1), date(2026, 12, 1))) == (
        date(2026, 1, 10),
        date(2026, 2, 10),
        date(2026, 3, 10),
    )
    assert report().occurrences(Period(date(2026, 3, 1), date(2026, 3, 10))) == ()
    assert report().occurrences(Period(date(2026, 3, 10), date(2026, 3, 11))) == (
        date(2026, 3, 10),
    )


@given(
    st.sampled_from(
        [
            "FREQ=MONTHLY;BYMONTHDAY=10",
            "FREQ=WEEKLY;BYDAY=MO,TH",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=31",
            "FREQ=DAILY;INTERVAL=9",
        ]
    ),
    st.dates(date(2001, 1, 1), date(2090, 1, 1)),
    st.integers(1, 400),
    st.integers(0, 400),
)
def test_occurrences_are_the_rules_own(rule, start, offset, days):
    """Property: the occurrences in a period are what rrule gives directly."""
    obligation = report(rule=rule, start=start)
    period = Period(
        start + timedelta(days=offset), start + timedelta(days=offset + days + 1)
    )
    direct = rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time()))
    expected = tuple(
        moment.date()
        for moment in direct.between(
            datetime.combine(period.start, datetime.min.time()),
            datetime.combine(period.end - timedelta(days=1), datetime.min.time()),
            inc=True,
        )
    )
    assert obligation.occurrences(period) == expected


def test_the_calendar_gives_each_occurrence_its_status_on_the_day():
    """Grace 2 days; as of 14 March: January done on the 9th, February done
    late on the 20th (deadline the 12th), March not done and 2 days overdue
    (deadline 12 March), April due."""
    kpi = report(
        grace_days=2,
        owner="Service delivery manager",
        fulfilments=(
            Fulfilment(due_on=date(2026, 1, 10), done_on=date(2026, 1, 9)),
            Fulfilment(due_on=date(2026, 2, 10), done_on=date(2026, 2, 20)),
        ),
    )
    found = obligation_calendar(
        [kpi], Period(date(2026, 1, 1), date(2026, 5, 1)), as_of=date(2026, 3, 14)
    )
    assert [
        (o.due_on, o.deadline, o.status, o.done_on, o.late, o.days_overdue)
        for o in found
    ] == [
        (
            date(2026, 1, 10),
            date(2026, 1, 12),
            ObligationStatus.DONE,
            date(2026, 1, 9),
            False,
            None,
        ),
        (
            date(2026, 2, 10),
            date(2026, 2, 12),
            ObligationStatus.DONE,
            date(2026, 2, 20),
            True,
            None,
        ),
        (
            date(2026, 3, 10),
            date(2026, 3, 12),
            ObligationStatus.OVERDUE,
            None,
            False,
            2,
        ),
        (date(2026, 4, 10), date(2026, 4, 12), ObligationStatus.DUE, None, False, None),
    ]
    assert {
        (o.obligation_id, o.title, o.side, o.owner, o.contract_id, o.note)
        for o in found
    } == {
        (
            "kpi",
            "Monthly KPI report",
            Side.PROVIDER,
            "Service delivery manager",
            None,
            "",
        )
    }


def test_the_deadline_day_itself_is_still_due():
    kpi = report(grace_days=2)
    (on_deadline,) = obligation_calendar([kpi], MARCH, as_of=date(2026, 3, 12))
    (after,) = obligation_calendar([kpi], MARCH, as_of=date(2026, 3, 13))
    assert (on_deadline.status, after.status, after.days_overdue) == (
        ObligationStatus.DUE,
        ObligationStatus.OVERDUE,
        1,
    )


def test_a_fulfilment_counts_from_its_day_and_a_waiver_at_once():
    kpi = report(
        fulfilments=(
            Fulfilment(due_on=date(2026, 3, 10), done_on=date(2026, 3, 20)),
            Fulfilment(due_on=date(2026, 4, 10), waived=True, note="change freeze"),
        )
    )
    before = obligation_calendar([kpi], MARCH, as_of=date(2026, 3, 15))
    assert (before[0].status, before[0].done_on) == (ObligationStatus.OVERDUE, None)
    after = obligation_calendar([kpi], MARCH, as_of=date(2026, 3, 20))
    assert (after[0].status, after[0].done_on, after[0].late) == (
        ObligationStatus.DONE,
        date(2026, 3, 20),
        True,
    )
    (april,) = obligation_calendar([kpi], Period.month(2026, 4), as_of=date(2026, 3, 1))
    assert (april.status, april.note) == (ObligationStatus.WAIVED, "change freeze")


def test_a_fulfilment_without_a_day_is_done_on_a_day_not_recorded():
    kpi = report(fulfilments=(Fulfilment(due_on=date(2026, 3, 10)),))
    (item,) = obligation_calendar([kpi], MARCH, as_of=date(2026, 3, 1))
    assert (item.status, item.done_on, item.late) == (
        ObligationStatus.DONE,
        None,
        False,
    )


def test_a_reminder_passes_instead_of_going_overdue():
    notice = report(rule=None, start=date(2026, 3, 5), reminder=True)
    (item,) = obligation_calendar([notice], MARCH, as_of=date(2026, 3, 6))
    assert (item.status, item.days_overdue) == (ObligationStatus.PASSED, None)


def test_the_contract_terms_give_the_notice_deadline_and_the_price_reviews():
    """Term 2025-01-01 to 2028-01-01, 90 days' notice: the last day is
    2027-10-03 (2028-01-01 less 90 days). Reviews on each anniversary within
    the term: 2026-01-01 and 2027-01-01."""
    series = IndexSeries(
        id="cpi", values=(IndexValue(month=date(2024, 12, 1), value="100"),)
    )
    contract = Contract(
        id="C-9",
        title="Hosting",
        kind=ContractKind.SOW,
        client="northwind",
        currency="EUR",
        term=Period(date(2025, 1, 1), date(2028, 1, 1)),
        signed_on=date(2024, 12, 1),
        renewal=RenewalTerms(notice_days=90),
        indices=(series,),
        charges=(
            FixedFee(
                id="hosting",
                amount=Money("100", "EUR"),
                frequency=Frequency.MONTHLY,
                indexation=Indexation(index="cpi", lag_months=1),
            ),
        ),
    )
    notice, *reviews = contract_obligations(contract)
    assert (notice.id, notice.start, notice.reminder, notice.contract_id) == (
        "C-9.renewal_notice",
        date(2027, 10, 3),
        True,
        "C-9",
    )
    assert (
        notice.title == "Last day to give notice on Hosting (90 days before 2028-01-01)"
    )
    assert [(r.id, r.start, r.rule, r.reminder) for r in reviews] == [
        ("C-9.hosting.price_review-2026-01-01", date(2026, 1, 1), None, True),
        ("C-9.hosting.price_review-2027-01-01", date(2027, 1, 1), None, True),
    ]
    assert reviews[0].title == "Price review of hosting against cpi"


def test_price_reviews_from_the_29th_of_february_fall_where_the_pricing_puts_them():
    """A term from 2024-02-29: each anniversary is add_months(start, 12k), so
    2025, 2026 and 2027 review on the 28th and 2028 on the 29th. The
    reminders, the pricing and the review's next price review agree (an
    RFC 5545 yearly rule from the 28th would miss the 29th of 2028)."""
    series = IndexSeries(
        id="cpi",
        values=(IndexValue(month=date(2024, 2, 1), value="100"),),
        assumed_change="0.01",
    )
    clause = Indexation(index="cpi")
    term = Period(date(2024, 2, 29), date(2029, 1, 1))
    assert clause.review_dates(term) == (
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    )
    contract = Contract(
        id="C-7",
        title="Leap",
        kind=ContractKind.SOW,
        client="acme",
        currency="EUR",
        term=term,
        signed_on=date(2024, 2, 1),
        indices=(series,),
        charges=(
            FixedFee(
                id="fee",
                amount=Money("100", "EUR"),
                frequency=Frequency.MONTHLY,
                indexation=clause,
            ),
        ),
    )
    _, *reviews = contract_obligations(contract)
    assert [r.start for r in reviews] == list(clause.review_dates(term))
    assert [f[1][:18] for f in clause.factors(series, term=term, years=5)[1:]] == [
        "review 2025-02-28:",
        "review 2026-02-28:",
        "review 2027-02-28:",
        "review 2028-02-29:",
    ]


def test_the_text_calendar_of_a_month():
    kpi = report(grace_days=2, owner="SDM")
    qbr = Obligation(
        id="qbr-data",
        title="Client sends the quarter's volumes",
        side=Side.CLIENT,
        start=date(2026, 3, 2),
    )
    march = obligation_calendar([kpi, qbr], MARCH, as_of=date(2026, 3, 16))
    assert calendar_text(march, MARCH) == (
        "Delivery calendar 2026-03-01 to 2026-03-31\n"
        "  Mon 02 Mar  OVERDUE 14d  client    Client sends the quarter's volumes\n"
        "  Tue 10 Mar  OVERDUE 4d  provider (SDM)  Monthly KPI report"
    )
    assert calendar_text((), MARCH) == (
        "Delivery calendar 2026-03-01 to 2026-03-31\n  nothing falls due"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: report(rule="FREQ=HOURLY"),
            (
                "Obligation.rule: obligations fall on days: FREQ=DAILY or coarser, got "
                "'FREQ=HOURLY'"
            ),
        ),
        (
            lambda: report(rule="DTSTART:20260101\nRRULE:FREQ=MONTHLY"),
            (
                "Obligation.rule: give the first day in start, not in the rule: "
                "'DTSTART:20260101\\nRRULE:FREQ=MONTHLY'"
            ),
        ),
        (
            lambda: report(rule="FREQ=FORTNIGHTLY"),
            (
                "Obligation.rule: not an RFC 5545 recurrence rule (invalid 'FREQ': "
                "FORTNIGHTLY): 'FREQ=FORTNIGHTLY'"
            ),
        ),
        (
            lambda: report(until=date(2025, 12, 31)),
            "Obligation.until: 2025-12-31 is before the start 2026-01-01",
        ),
        (
            lambda: report(fulfilments=(Fulfilment(due_on=date(2026, 3, 11)),)),
            (
                "Obligation.fulfilments[0].due_on: 2026-03-11 is not an occurrence of "
                "FREQ=MONTHLY;BYMONTHDAY=10"
            ),
        ),
        (
            lambda: report(
                fulfilments=(
                    Fulfilment(due_on=date(2026, 3, 10)),
                    Fulfilment(due_on=date(2026, 3, 10), waived=True),
                )
            ),
            "Obligation.fulfilments[1].due_on: 2026-03-10 is fulfilled twice",
        ),
        (
            lambda: Fulfilment(
                due_on=date(2026, 3, 10), done_on=date(2026, 3, 10), waived=True
            ),
            (
                "Fulfilment.done_on: an occurrence is done or waived, not both; leave "
                "done_on null"
            ),
        ),
        (
            lambda: obligation_calendar(
                [report(), report()], MARCH, as_of=date(2026, 3, 1)
            ),
            (
                "obligation_calendar.obligations[1].id: id 'kpi' is used twice "
                "(obligations[0] and here)"
            ),
        ),
        (
            lambda: obligation_calendar(["kpi"], MARCH, as_of=date(2026, 3, 1)),
            "obligation_calendar.obligations[0]: expected an Obligation, got str 'kpi'",
        ),
        (
            lambda: report().occurrences("2026-03"),
            "Obligation.occurrences.period: expected a Period, got str",
        ),
    ],
)
def test_bad_obligations_are_refused_where_they_are(make, message):
    with pytest.raises(ValidationError) as caught:
        make()
    assert str(caught.value) == message


def test_the_defaults_of_an_obligation():
    plain = Obligation(id="x", title="X", side=Side.CLIENT, start=date(2026, 1, 1))
    assert (
        plain.rule,
        plain.until,
        plain.owner,
        plain.grace_days,
        plain.contract_id,
        plain.reminder,
        plain.fulfilments,
    ) == (None, None, "", 0, None, False, ())
    assert plain.rule_text == "the single day 2026-01-01"


def test_the_edges_of_an_obligation_and_its_calendar():
    """until on the start day itself; a fulfilment a day before an occurrence
    is not one; done on the deadline is not late; the last day of the period
    shows, the day after does not."""
    once = report(rule=None, start=date(2026, 3, 10), until=date(2026, 3, 10))
    assert once.occurrences(MARCH) == (date(2026, 3, 10),)
    with pytest.raises(ValidationError) as caught:
        report(fulfilments=(Fulfilment(due_on=date(2026, 3, 9)),))
    assert str(caught.value) == (
        "Obligation.fulfilments[0].due_on: 2026-03-09 is not an occurrence of "
        "FREQ=MONTHLY;BYMONTHDAY=10"
    )
    on_time = report(
        grace_days=2,
        fulfilments=(Fulfilment(due_on=date(2026, 3, 10), done_on=date(2026, 3, 12)),),
    )
    (item,) = obligation_calendar([on_time], MARCH, as_of=date(2026, 3, 31))
    assert (item.status, item.late) == (ObligationStatus.DONE, False)
    month_end = report(rule="FREQ=MONTHLY;BYMONTHDAY=-1")
    march = obligation_calendar([month_end], MARCH, as_of=date(2026, 3, 1))
    shown = calendar_text(march, MARCH)
    assert shown.endswith("Tue 31 Mar  due         provider  Monthly KPI report")
    april_first = report(rule=None, start=date(2026, 4, 1))
    assert "nothing falls due" in calendar_text(
        obligation_calendar(
            [april_first], Period.month(2026, 4), as_of=date(2026, 3, 1)
        ),
        MARCH,
    )


def test_a_first_review_on_the_last_day_of_the_term_is_no_review():
    """A term of exactly one year: the first anniversary is the term's end,
    so there is no price review to keep."""
    series = IndexSeries(
        id="cpi", values=(IndexValue(month=date(2025, 1, 1), value="100"),)
    )
    contract = Contract(
        id="C-1",
        title="One year",
        kind=ContractKind.SOW,
        client="acme",
        currency="EUR",
        term=Period(date(2025, 1, 1), date(2026, 1, 1)),
        signed_on=date(2024, 12, 1),
        indices=(series,),
        charges=(
            FixedFee(
                id="fee",
                amount=Money("100", "EUR"),
                frequency=Frequency.MONTHLY,
                indexation=Indexation(index="cpi"),
            ),
        ),
    )
    assert [o.id for o in contract_obligations(contract)] == ["C-1.renewal_notice"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: obligation_calendar([], "2026-03", as_of=date(2026, 3, 1)),
            "obligation_calendar.period: expected a Period, got str",
        ),
        (
            lambda: calendar_text((), "2026-03"),
            "calendar_text.period: expected a Period, got str",
        ),
        (
            lambda: contract_obligations("C-1"),
            "contract_obligations.contract: expected a Contract, got str",
        ),
    ],
)
def test_what_is_not_a_period_or_a_contract_is_refused(call, message):
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value).startswith(message)
