"""The review's obligations area, on the sample accounts and by hand."""

from datetime import date

import attrs

from accountkit.account import (
    SERVICE_REPORT_DAY,
    Account,
    obligations_of,
    review,
    sample_portfolio,
)
from accountkit.account._basis import Area, Priority
from accountkit.contracts import ObligationStatus, Side

DAY = date(2026, 6, 30)
NORTHWIND, CONTOSO, FABRIKAM = sample_portfolio()


def test_contoso_owes_its_june_security_report():
    """Due 20 June with 5 days' grace (deadline 25 June): 5 days overdue on the
    30th, and the only overdue occurrence of the year (March's was sent on the
    24th, inside its grace)."""
    seen = review(CONTOSO, as_of=DAY)
    position = seen.obligations
    assert (position.recorded, position.month_start, position.month_end) == (
        True,
        date(2026, 6, 1),
        date(2026, 6, 30),
    )
    assert [(o.obligation_id, o.due_on, o.status) for o in position.calendar] == [
        ("CH-OB-KPI", date(2026, 6, 5), ObligationStatus.DONE),
        ("CH-OB-DATA", date(2026, 6, 8), ObligationStatus.DONE),
        ("CH-SLA-1.report-2026-05-01", date(2026, 6, 10), ObligationStatus.DONE),
        ("CH-OB-SEC", date(2026, 6, 20), ObligationStatus.OVERDUE),
    ]
    (late,) = position.overdue
    assert (late.obligation_id, late.deadline, late.days_overdue, late.owner) == (
        "CH-OB-SEC",
        date(2026, 6, 25),
        5,
        "Security lead",
    )
    flags = [f for f in seen.flags if f.area is Area.OBLIGATIONS]
    assert [(f.priority, f.code, f.message, f.evidence) for f in flags] == [
        (
            Priority.THIS_MONTH,
            "obligations.overdue_provider",
            (
                "Quarterly information security report, due 2026-06-20, is 5 days "
                "overdue (we owe it)"
            ),
            ("CH-OB-SEC/2026-06-20",),
        )
    ]


def test_a_clients_overdue_obligation_is_watched():
    """The client's test data, never sent: a watch flag, owed by the client."""
    unsent = attrs.evolve(CONTOSO.obligations[2], fulfilments=())
    account = attrs.evolve(CONTOSO, obligations=(*CONTOSO.obligations[:2], unsent))
    flags = [f for f in review(account, as_of=DAY).flags if f.area is Area.OBLIGATIONS]
    assert [(f.priority, f.code) for f in flags] == [
        (Priority.THIS_MONTH, "obligations.overdue_provider"),
        (Priority.WATCH, "obligations.overdue_client"),
    ]
    assert flags[1].message == (
        "Client supplies anonymised test data for the release, due 2026-06-08, is "
        "22 days overdue (the client owes it)"
    )


def test_without_a_register_the_terms_and_service_reports_still_fall_due():
    """Northwind's register removed: the calendar keeps the notice deadline of
    NW-SOW-2 (2026-09-01 less 90 days = 2026-06-03, passed) and May's service
    report (due on the 10th, done: every level was measured)."""
    bare = attrs.evolve(NORTHWIND, obligations=None)
    position = review(bare, as_of=DAY).obligations
    assert position.recorded is False
    assert [(o.obligation_id, o.due_on, o.status) for o in position.calendar] == [
        ("NW-SOW-2.renewal_notice", date(2026, 6, 3), ObligationStatus.PASSED),
        ("NW-SLA-1.report-2026-05-01", date(2026, 6, 10), ObligationStatus.DONE),
    ]
    assert position.overdue == ()


def test_a_service_report_is_overdue_when_a_level_was_not_measured():
    """June's measurements of one level removed: the report for May stays done,
    and with the review on 11 July the report for June (due 10 July) is
    overdue by a day."""
    agreement = NORTHWIND.service[0]
    june = [
        m
        for m in agreement.measurements
        if not (
            m.period.start == date(2026, 6, 1) and m.service_level_id == "availability"
        )
    ]
    account = attrs.evolve(
        NORTHWIND,
        service=(
            attrs.evolve(agreement, measurements=tuple(june)),
            *NORTHWIND.service[1:],
        ),
    )
    due = date(2026, 7, SERVICE_REPORT_DAY)
    report = next(
        o for o in obligations_of(account) if o.id == "NW-SLA-1.report-2026-06-01"
    )
    assert (report.start, report.fulfilments, report.side) == (due, (), Side.PROVIDER)
    assert report.title == "Service report of NW-SLA-1 for June 2026"
    overdue = review(account, as_of=date(2026, 7, 11)).obligations.overdue
    assert [(o.obligation_id, o.days_overdue) for o in overdue] == [
        ("NW-SLA-1.report-2026-06-01", 1)
    ]


def test_an_account_with_nothing_has_an_empty_calendar():
    empty = Account(id="acme", name="Acme", currency="EUR")
    position = review(empty, as_of=DAY).obligations
    assert (position.recorded, position.calendar, position.overdue, position.note) == (
        False,
        (),
        (),
        "",
    )
