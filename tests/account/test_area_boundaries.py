"""The service, escalations and growth areas at their boundaries, by hand.

A review looks back 365 days: on 30 June 2026 that is from 30 June 2025
(excluded) to the review day (included).
"""

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest

from accountkit import Period, ValidationError
from accountkit.account import (
    Account,
    Escalation,
    Opportunity,
    Priority,
    ServiceAgreement,
    Severity,
    Stage,
    Thresholds,
    review,
)
from accountkit.contracts import (
    CreditRegime,
    FlatCredit,
    Measurement,
    PeriodCharges,
    ServiceLevel,
)
from accountkit.health import Override
from builders import eur, monthly

DAY = date(2026, 6, 30)
SINCE = DAY - timedelta(days=365)


def _account(**fields: object) -> Account:
    values: dict[str, object] = {
        "id": "acme",
        "name": "Acme",
        "currency": "EUR",
        "contracts": (monthly(term=Period(date(2025, 1, 1), date(2027, 1, 1))),),
    }
    values.update(fields)
    return Account(**values)  # type: ignore[arg-type]


def _agreement(months: list[Period], values: list[str]) -> ServiceAgreement:
    level = ServiceLevel(
        id="avail",
        name="Availability",
        target=Decimal(99),
        rule=FlatCredit(rate=Decimal("0.01")),
    )
    return ServiceAgreement(
        id="SLA-1",
        contract_id="C-1",
        levels=(level,),
        regime=CreditRegime(at_risk_rate=Decimal("0.10")),
        measurements=tuple(
            Measurement(service_level_id="avail", period=m, value=Decimal(v))
            for m, v in zip(months, values, strict=True)
        ),
        charges=tuple(PeriodCharges(period=m, amount=eur("1000")) for m in months),
    )


def _months(first: tuple[int, int], count: int) -> list[Period]:
    year, month = first
    out = []
    for _ in range(count):
        out.append(Period.month(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def test_the_service_window_ends_with_the_review_day_and_starts_after_a_year():
    """On 30 June 2026, June 2026 (ending 1 July, the day after the review day)
    is measured and is the latest period; July 2026 is not yet. Failing June
    and July: June's failure is the latest one. A period of another agreement
    ending on 2 July is not measured yet."""
    months = _months((2026, 5), 3)  # May, June, July 2026
    # a period ending 2 July (two days after the review day) is not over yet
    later = attrs.evolve(
        _agreement([Period(date(2026, 6, 2), date(2026, 7, 2))], ["98"]), id="SLA-2"
    )
    seen = review(
        _account(service=(_agreement(months, ["99.5", "98", "98"]), later)),
        as_of=DAY,
    )
    assert (seen.service.results, seen.service.met) == (2, 1)
    assert [f.reference for f in seen.service.failed] == ["SLA-1/avail/2026-06-01"]


def test_a_period_ending_a_year_before_the_review_day_is_left_out():
    """On 1 July 2026 the window starts after 1 July 2025: June 2025 (ending
    on 1 July 2025) is out, July 2025 is in. Twelve months in, all met."""
    months = _months((2025, 6), 13)  # June 2025 .. June 2026
    seen = review(
        _account(service=(_agreement(months, ["99.5"] * 13),)),
        as_of=date(2026, 7, 1),
    )
    assert (seen.service.results, seen.service.met) == (12, 12)


@pytest.mark.parametrize(("threshold", "flagged"), [("91.67", False), ("91.68", True)])
def test_service_attainment_is_flagged_below_its_threshold_not_at_it(
    threshold, flagged
):
    """July 2025 to June 2026, June missed: 11 of 12 = 91.67 %."""
    months = _months((2025, 7), 12)
    seen = review(
        _account(service=(_agreement(months, ["99.5"] * 11 + ["98"]),)),
        as_of=DAY,
        thresholds=Thresholds(sla_attainment=Decimal(threshold)),
    )
    assert seen.service.attainment == Decimal("91.67")
    codes = [f.code for f in seen.flags]
    assert ("service.attainment_low" in codes) is flagged


@pytest.mark.parametrize(("threshold", "flagged"), [("0.17", False), ("0.16", True)])
def test_credits_are_flagged_above_their_share_not_at_it(threshold, flagged):
    """June's 1 % credit, 10 of this year's 6,000 of fees = 0.17 %."""
    months = _months((2026, 1), 6)
    seen = review(
        _account(service=(_agreement(months, ["99.5"] * 5 + ["98"]),)),
        as_of=DAY,
        thresholds=Thresholds(credit_share=Decimal(threshold)),
    )
    assert seen.service.credit_share == Decimal("0.17")
    assert ("service.credits_high" in [f.code for f in seen.flags]) is flagged


def _escalation(key: str, severity: Severity, raised: date, closed: date | None = None):
    return Escalation(
        id=key, title=key, severity=severity, raised_on=raised, closed_on=closed
    )


def test_escalations_closed_in_the_year_and_open_by_severity():
    """Closed on 30 June 2025 (the day before the window) is out; closed on
    1 July 2025 is in (10 days). Open: one high, two medium."""
    seen = review(
        _account(
            escalations=(
                _escalation("OLD", Severity.LOW, date(2025, 6, 1), SINCE),
                _escalation("IN", Severity.LOW, date(2025, 6, 21), date(2025, 7, 1)),
                _escalation("H", Severity.HIGH, date(2026, 6, 1)),
                _escalation("M1", Severity.MEDIUM, date(2026, 6, 2)),
                _escalation("M2", Severity.MEDIUM, date(2026, 6, 3)),
            )
        ),
        as_of=DAY,
    )
    position = seen.escalations
    assert (position.closed_last_year, position.mean_days_to_close) == (
        1,
        Decimal("10.00"),
    )
    assert [(c.severity, c.count) for c in position.open_by_severity] == [
        (Severity.HIGH, 1),
        (Severity.MEDIUM, 2),
    ]
    assert position.open == ("H", "M1", "M2")


@pytest.mark.parametrize(("days", "flagged"), [(30, False), (31, True)])
def test_a_medium_escalation_is_watched_after_30_days_not_at_30(days, flagged):
    raised = DAY - timedelta(days=days)
    seen = review(
        _account(escalations=(_escalation("M", Severity.MEDIUM, raised),)), as_of=DAY
    )
    found = [f for f in seen.flags if f.code == "escalations.open_medium"]
    assert [f.priority for f in found] == ([Priority.WATCH] if flagged else [])


def _opportunity(key: str, stage: Stage, closed: date) -> Opportunity:
    return Opportunity(
        id=key,
        name=key,
        stage=stage,
        value=eur("1000"),
        probability=Decimal(0),
        close_on=closed,
    )


def test_the_win_rate_counts_what_closed_in_the_year():
    """Closed on 30 June 2025 is out, on 1 July 2025 and on the review day in,
    the day after out: one won (1 July 2025) and one lost (30 June 2026)."""
    seen = review(
        _account(
            opportunities=(
                _opportunity("OUT", Stage.WON, SINCE),
                _opportunity("W", Stage.WON, SINCE + timedelta(days=1)),
                _opportunity("L", Stage.LOST, DAY),
                _opportunity("LATER", Stage.LOST, DAY + timedelta(days=1)),
            )
        ),
        as_of=DAY,
    )
    growth = seen.growth
    assert (growth.won, growth.lost, growth.win_rate) == (1, 1, Decimal("50.00"))
    assert growth.lost_opportunities == ("L",)


@pytest.mark.parametrize(("threshold", "flagged"), [("50", False), ("50.01", True)])
def test_the_win_rate_is_flagged_below_its_threshold_not_at_it(threshold, flagged):
    seen = review(
        _account(
            opportunities=(
                _opportunity("W", Stage.WON, DAY),
                _opportunity("L", Stage.LOST, DAY),
            )
        ),
        as_of=DAY,
        thresholds=Thresholds(win_rate=Decimal(threshold)),
    )
    found = [f for f in seen.flags if f.code == "growth.win_rate_low"]
    assert [(f.priority, f.evidence) for f in found] == (
        [(Priority.WATCH, ("L",))] if flagged else []
    )


def test_review_refuses_thresholds_that_are_not_thresholds():
    with pytest.raises(ValidationError) as caught:
        review(_account(), as_of=DAY, thresholds={"win_rate": 10})  # type: ignore[arg-type]
    assert str(caught.value) == "review.thresholds: expected a Thresholds, got dict"


ESCALATIONS_ONLY = 3 / 46
"""Open escalations weigh 2 of the delivery group's 8, and the group 30 of
the scorecard's 115: 30/115 x 2/8 = 3/46 (6.52 %) of the weight."""


@pytest.mark.parametrize(
    ("limit", "flagged"), [(ESCALATIONS_ONLY, False), (0.0653, True)]
)
def test_incompleteness_is_flagged_below_its_limit_not_at_it(limit, flagged):
    """Only escalations recorded (none open): 3/46 of the weight; with no
    colour floor the account is green, and the watch flag fires below the
    limit only."""
    seen = review(
        _account(escalations=()),
        as_of=DAY,
        thresholds=Thresholds(completeness=limit, colour_completeness=0.0),
    )
    assert seen.health.completeness == pytest.approx(ESCALATIONS_ONLY)
    assert ("health.incomplete" in [f.code for f in seen.flags]) is flagged


def test_no_colour_says_insufficient_data_and_not_incomplete():
    """Below the colour floor the review says 'no colour' once, not also
    'incomplete'."""
    seen = review(_account(escalations=()), as_of=DAY)
    codes = [f.code for f in seen.flags if f.area.value == "health"]
    assert codes == ["health.insufficient_data"]


@pytest.mark.parametrize(
    ("expires", "flagged"),
    [(DAY, False), (DAY - timedelta(days=1), True)],
)
def test_an_override_expiring_on_the_review_day_is_still_in_force(expires, flagged):
    note = Override(
        target="open_escalations",
        score=50,
        author="dana",
        reason="one-off",
        set_on=date(2026, 6, 1),
        expires_on=expires,
    )
    seen = review(_account(escalations=(), overrides=(note,)), as_of=DAY)
    assert ("health.override_expired" in [f.code for f in seen.flags]) is flagged
    measure = {m.id: m for m in seen.health.measures}["open_escalations"]
    assert measure.status.value == ("scored" if flagged else "overridden")
