"""review(): every position worked by hand on a small account, and properties."""

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings

from accountkit import Period, ValidationError
from accountkit.account import (
    Account,
    AccountPlan,
    Area,
    Cost,
    Escalation,
    Opportunity,
    Priority,
    ServiceAgreement,
    Severity,
    Stage,
    SurveyKind,
    SurveyResponse,
    WalletEstimate,
    default_scorecard,
    review,
    review_many,
    sample_portfolio,
)
from accountkit.contracts import (
    CreditRegime,
    FlatCredit,
    Measurement,
    PeriodCharges,
    ServiceLevel,
)
from accountkit.finance import Invoice, Payment
from accountkit.health import Override
from accountkit.serialization import from_json, to_json
from builders import eur, monthly
from strategies.account import accounts, review_days

DAY = date(2026, 5, 15)


def _invoice(number: int, month: int) -> Invoice:
    issued = date(2026, month, 1)
    return Invoice(
        id=f"I{number}",
        customer="acme",
        issued_on=issued,
        amount=eur("1000"),
        due_on=date.fromordinal(issued.toordinal() + 30),
        contract_id="C-1",
    )


def acme() -> Account:
    """The small account every case below is worked on (see each test)."""
    invoices = tuple(_invoice(n, n) for n in range(1, 6))
    payments = (
        Payment(
            id="P1",
            customer="acme",
            received_on=date(2026, 2, 10),
            amount=eur("1000"),
            invoice_id="I1",
        ),
        Payment(
            id="P2",
            customer="acme",
            received_on=date(2026, 3, 1),
            amount=eur("1000"),
            invoice_id="I2",
        ),
    )
    months = [Period.month(2026, m) for m in range(1, 5)]
    sla = ServiceAgreement(
        id="SLA-1",
        contract_id="C-1",
        levels=(
            ServiceLevel(
                id="avail",
                name="Availability",
                target=Decimal(99),
                rule=FlatCredit(rate=Decimal("0.05")),
            ),
        ),
        regime=CreditRegime(at_risk_rate=Decimal("0.10")),
        measurements=tuple(
            Measurement(service_level_id="avail", period=m, value=Decimal(v))
            for m, v in zip(months, ["99.5", "98.0", "99.2", "97"], strict=True)
        ),
        charges=tuple(PeriodCharges(period=m, amount=eur("1000")) for m in months),
    )
    nps = [10, 10, 9, 9, 8, 7, 6, 5, 10, 9]
    csat = [5, 4, 3, 2, 5]
    surveys = tuple(
        SurveyResponse(kind=kind, score=s, answered_on=date(2026, 4, 1))
        for kind, scores in ((SurveyKind.NPS, nps), (SurveyKind.CSAT, csat))
        for s in scores
    )
    return Account(
        id="acme",
        name="Acme",
        currency="EUR",
        contracts=(monthly(fee=1000),),
        invoices=invoices,
        payments=payments,
        credit_notes=(),
        service=(sla,),
        wallet=(
            WalletEstimate(
                service_line="desk",
                wallet=eur("10000"),
                ours=eur("2000"),
                estimated_on=date(2025, 5, 1),
            ),
            WalletEstimate(
                service_line="desk",
                wallet=eur("10000"),
                ours=eur("3000"),
                estimated_on=date(2026, 4, 1),
            ),
            WalletEstimate(
                service_line="cloud",
                wallet=eur("5000"),
                ours=eur("0"),
                estimated_on=date(2026, 4, 1),
            ),
        ),
        surveys=surveys,
        escalations=(
            Escalation(
                id="E1",
                title="Outage",
                severity=Severity.HIGH,
                raised_on=date(2026, 1, 10),
                closed_on=date(2026, 1, 20),
            ),
            Escalation(
                id="E2",
                title="Report late",
                severity=Severity.LOW,
                raised_on=date(2026, 3, 1),
                closed_on=date(2026, 3, 31),
            ),
            Escalation(
                id="E3",
                title="Slow desk",
                severity=Severity.MEDIUM,
                raised_on=date(2026, 4, 1),
            ),
        ),
        opportunities=(
            Opportunity(
                id="O1",
                name="a",
                stage=Stage.PROPOSING,
                value=eur("10000"),
                probability=Decimal("0.3"),
                close_on=date(2026, 9, 1),
            ),
            Opportunity(
                id="O2",
                name="b",
                stage=Stage.QUALIFYING,
                value=eur("5000"),
                probability=Decimal("0.5"),
                close_on=date(2026, 10, 1),
            ),
            Opportunity(
                id="O3",
                name="c",
                stage=Stage.WON,
                value=eur("4000"),
                probability=Decimal(1),
                close_on=date(2026, 2, 1),
            ),
            Opportunity(
                id="O4",
                name="d",
                stage=Stage.LOST,
                value=eur("4000"),
                probability=Decimal(0),
                close_on=date(2025, 12, 1),
            ),
            Opportunity(
                id="O5",
                name="e",
                stage=Stage.LOST,
                value=eur("4000"),
                probability=Decimal(0),
                close_on=date(2025, 3, 1),
            ),
        ),
        costs=(Cost(id="K1", incurred_on=date(2026, 3, 31), amount=eur("3000")),),
        plan=(AccountPlan(year=2026, revenue=eur("15000"), margin=Decimal("0.45")),),
    )


@pytest.fixture(scope="module")
def seen():
    return review(acme(), as_of=DAY)


def test_receivables_by_hand(seen):
    """On 15 May: I3 (due 31 Mar, 45 days late) is 31-60, I4 (due 1 May) 1-30,
    I5 (due 31 May) not yet due; I1 and I2 are paid. Open 3,000, overdue 2,000,
    over 30 days 1,000 = 33.33 %. Countback: the 3,000 owed exhausts the sales of
    16 Apr-15 May (I5, 30 days), 16 Mar-15 Apr (I4, 31 days) and 16 Feb-15 Mar
    (I3, 28 days): 89 days."""
    owed = seen.receivables
    assert owed.labels == ("not yet due", "1-30", "31-60", "61-90", "over 90")
    assert owed.buckets == (eur("1000"), eur("1000"), eur("1000"), eur("0"), eur("0"))
    assert (owed.open, owed.overdue, owed.over_30) == (
        eur("3000"),
        eur("2000"),
        eur("1000"),
    )
    assert owed.over_30_share == Decimal("33.33")
    assert owed.debtor_days == Decimal("89.00")


def test_service_levels_by_hand(seen):
    """January-April 2026 measured: Feb (98.0) and Apr (97) miss 99, so 2 of 4
    met = 50 %; each miss costs 5 % of 1,000 = 50, so 100 of 4,000 = 2.5 %.
    April, the last period, failed, and the level is critical."""
    service = seen.service
    assert (service.results, service.met, service.attainment) == (
        4,
        2,
        Decimal("50.00"),
    )
    assert service.credits_this_year == eur("100")
    assert service.fees_this_year == eur("4000")
    assert service.credit_share == Decimal("2.50")
    assert [(f.agreement, f.level, f.name, f.critical) for f in service.failed] == [
        ("SLA-1", "avail", "Availability", True)
    ]
    assert (service.failed[0].first_day, service.failed[0].last_day) == (
        date(2026, 4, 1),
        date(2026, 4, 30),
    )
    assert service.critical_failed == service.failed
    # month by month: January and March met, February and April failed (the
    # level is critical)
    assert [
        (m.first_day, m.last_day, m.met, m.failed, m.critical_failed)
        for m in service.months
    ] == [
        (date(2026, 1, 1), date(2026, 1, 31), 1, 0, 0),
        (date(2026, 2, 1), date(2026, 2, 28), 0, 1, 1),
        (date(2026, 3, 1), date(2026, 3, 31), 1, 0, 0),
        (date(2026, 4, 1), date(2026, 4, 30), 0, 1, 1),
    ]


def test_revenue_margin_and_growth_by_hand(seen):
    """Billed 5 x 1,000 = contracted to date: 100 %. Costs 3,000 against 5,000
    billed: 40 % margin (plan 45 %). Pipeline: 10,000 x 0.3 + 5,000 x 0.5 = 5,500
    weighted of 15,000 open, 45.83 % of the year's 12,000 contracted. Decided in
    the 12 months: O3 won, O4 lost (O5 is older): 50 %. The year's projection:
    five months billed at 1,000 and a flat series forecast flat, 7 x 1,000
    more: 12,000, 3,000 short of the plan's 15,000."""
    assert seen.revenue.attainment_rate == Decimal("100.00")
    assert seen.revenue.margin == Decimal("40.00")
    assert seen.revenue.plan_margin == Decimal("45.00")
    assert seen.revenue.projection == eur("12000.00")
    assert seen.revenue.projection_vs_plan == eur("-3000.00")
    growth = seen.growth
    assert (growth.open_pipeline, growth.weighted_pipeline) == (
        eur("15000"),
        eur("5500.00"),
    )
    assert (growth.won, growth.lost, growth.win_rate) == (1, 1, Decimal("50.00"))
    assert growth.pipeline_cover == Decimal("45.83")


def test_wallet_surveys_and_escalations_by_hand(seen):
    """Wallet now: 3,000 of 10,000 + 5,000 = 20 %; a year earlier (as of 15 May
    2025) only the May 2025 desk estimate: 2,000 of 10,000 = 20 %, trend 0.
    NPS: 6 promoters (9-10), 2 detractors (0-6) of 10 = 60 % - 20 % = +40;
    CSAT: 5, 4 and 5 are three of five answers = 60 %. Escalations: E1 took 10 days, E2 30:
    20 days on average; E3 is open (44 days)."""
    assert (seen.wallet.share, seen.wallet.share_a_year_ago, seen.wallet.trend) == (
        Decimal("20.00"),
        Decimal("20.00"),
        Decimal("0.00"),
    )
    assert seen.relationships.nps == pytest.approx(40.0)
    assert seen.relationships.csat == pytest.approx(60.0)
    assert seen.escalations.open == ("E3",)
    assert seen.escalations.oldest_open_days == 44
    assert seen.escalations.mean_days_to_close == Decimal("20.00")


def test_health_scores_the_positions(seen):
    """Each measure's raw value is the position the review computed, and the
    score is worked by hand from the default scorecard (missing measures are
    excluded, groups keep their weights since each has a measure):

    - financial (30): attainment 100 on 80->100 scores 100 (weight 3), 89
      debtor days are past the last tier (60): 0 (2), 33.33 % over 30 days on
      25->0: 0 (2), margin 40 on 0->30: 100 (2): (300 + 200) / 9 = 55.556;
    - delivery (30): SLA attainment 50 on 80->100: 0 (3), credits 2.5 % on
      5->0: 50 (2), one open escalation between good 0 and poor 3: 60 (2),
      20 days to close on 30->5: 40 (1): (100 + 120 + 40) / 8 = 32.5;
    - relationship (25): NPS 40 on -50->50: 90 (2), CSAT 60 on 50->90: 25
      (2); alignment, map status and threading missing: (180 + 50) / 4 = 57.5;
    - growth (15): wallet share 20 on 5->40: 42.857 (2), trend 0 on -5->5: 50
      (1), win rate 50 on 10->50: 100 (1), cover 45.83 on 0->30: 100 (1);
      penetration missing: (85.714 + 50 + 100 + 100) / 5 = 67.143.

    - delivery economics (15): no delivery records, every measure missing:
      the group has no score and the others keep their weights among
      themselves.

    Overall (16.667 + 9.75 + 14.375 + 10.071) = 50.863, amber (50 < s <= 75)
    but red by the worst-of rule, the critical SLA measure scoring red.
    Completeness: the missing measures weigh 4 of relationship's 8 (12.5 of
    the scorecard's 115), 1 of growth's 6 (2.5) and the whole of delivery
    economics (15): (115 - 30) / 115 = 0.7391."""
    raw = {m.id: m.raw for m in seen.health.measures}
    assert raw["overdue_30_share"] == pytest.approx(33.33)
    assert raw["debtor_days"] == pytest.approx(89.0)
    assert raw["sla_attainment"] == pytest.approx(50.0)
    assert raw["nps"] == pytest.approx(40.0)
    assert raw["open_escalations"] == 1
    assert raw["map_status"] is None  # no stakeholder map: missing, excluded
    groups = {g.id: g.score for g in seen.health.groups}
    assert groups.pop("economics") is None
    assert groups == pytest.approx(
        {
            "financial": 500 / 9,
            "delivery": 32.5,
            "relationship": 57.5,
            "growth": (300 / 7 * 2 + 50 + 100 + 100) / 5,
        }
    )
    assert seen.health.score == pytest.approx(
        0.30 * 500 / 9 + 0.30 * 32.5 + 0.25 * 57.5 + 0.15 * (600 / 7 + 250) / 5
    )
    assert round(seen.health.score, 2) == 50.86
    assert seen.health.completeness == pytest.approx(85 / 115)
    # SLA attainment 50 % on linear 80 -> 100 scores 0: red, and it is critical
    assert seen.health.band == "red"
    assert sum(m.contribution or 0 for m in seen.health.measures) == pytest.approx(
        seen.health.score
    )


def test_flags_name_what_to_do_first(seen):
    """Each flag with its code, its words and the records behind it: April's
    critical failure (the last period), 89 debtor days (> 60: now) with the
    overdue invoices I3 and I4, I3 alone more than 30 days overdue (33.33 %
    > 20 %: now), credits 2.5 % > 2 %, E3 open 44 days (> 30: watch), margin
    40 % below the plan's 45 %."""
    flags = {f.code: f for f in seen.flags}
    expected = {
        "service.critical_failure": (
            Priority.NOW,
            Area.SERVICE,
            "critical service level Availability (SLA-1) failed in April 2026",
            ("SLA-1/avail/2026-04-01",),
        ),
        "receivables.debtor_days_high": (
            Priority.NOW,
            Area.RECEIVABLES,
            "debtor days at 89.00",
            ("I3", "I4"),
        ),
        "receivables.overdue_30": (
            Priority.NOW,
            Area.RECEIVABLES,
            (
                "EUR 1,000.00 (33.33% of receivables) is more than 30 days "
                "overdue, on invoice I3"
            ),
            ("I3",),
        ),
        "service.credits_high": (
            Priority.THIS_MONTH,
            Area.SERVICE,
            "service credits are 2.50% of fees this year (EUR 100.00)",
            (),
        ),
        "escalations.open_medium": (
            Priority.WATCH,
            Area.ESCALATIONS,
            "escalation E3 open 44 days: Slow desk",
            ("E3",),
        ),
        "revenue.margin_below_plan": (
            Priority.THIS_MONTH,
            Area.REVENUE,
            "margin 40.00% is below the plan's 45.00%",
            (),
        ),
        "service.attainment_low": (
            Priority.THIS_MONTH,
            Area.SERVICE,
            "service levels met 50.00% of the time in 12 months (2 of 4 results)",
            (),
        ),
    }
    for code, want in expected.items():
        got = flags[code]
        assert (got.priority, got.area, got.message, got.evidence) == want
    order = [(f.priority.value, list(Area).index(f.area)) for f in seen.flags]
    assert order == sorted(order)


def test_review_refuses_what_is_not_an_account():
    with pytest.raises(ValidationError, match="expected an Account"):
        review("acme", as_of=DAY)  # type: ignore[arg-type]


def test_a_custom_scorecard_scores_only_what_it_names():
    card = default_scorecard()
    only_money = type(card)(name="money", groups=card.groups[:1])
    result = review(acme(), as_of=DAY, scorecard=only_money)
    assert [g.id for g in result.health.groups] == ["financial"]


@given(account=accounts, day=review_days)
@settings(max_examples=15, deadline=None)
def test_review_is_deterministic(account, day):
    first, second = review(account, as_of=day), review(account, as_of=day)
    assert first == second
    assert to_json(first) == to_json(second)
    score = first.health.score
    assert score is None or 0 <= score <= 100
    order = [
        (f.priority.value, list(Area).index(f.area), f.message) for f in first.flags
    ]
    assert order == sorted(order)


def test_review_many_gives_what_review_gives_in_order():
    """Eight trimmed-down copies, in two worker processes and in this one."""
    accounts = [attrs.evolve(acme(), id=f"acme-{n}", client="acme") for n in range(8)]
    one_by_one = [review(a, as_of=DAY) for a in accounts]
    seen: list[tuple[int, int]] = []
    assert (
        review_many(accounts, as_of=DAY, progress=lambda *p: seen.append(p))
        == one_by_one
    )
    assert seen[-1] == (8, 8)
    assert review_many(accounts, as_of=DAY, workers=2) == one_by_one


def test_review_many_names_what_is_wrong():
    with pytest.raises(
        ValidationError, match=r"review_many.accounts\[1\]: expected an Account"
    ):
        review_many([acme(), "acme"], as_of=DAY)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="workers"):
        review_many([acme()], as_of=DAY, workers=0)


def test_the_account_teams_overrides_apply_until_they_expire():
    """An override of NPS to 10 replaces its score (the raw +40 would score 90
    on the line -50 -> 50) while in force; after its expiry the measure is
    scored again and the expiry is flagged."""
    note = Override(
        target="nps",
        score=10,
        author="dana",
        reason="survey taken during the outage",
        set_on=date(2026, 5, 1),
        expires_on=date(2026, 5, 31),
    )
    account = attrs.evolve(acme(), overrides=(note,))
    during = {m.id: m for m in review(account, as_of=DAY).health.measures}["nps"]
    assert (during.status.value, during.score) == ("overridden", 10.0)
    later = review(account, as_of=date(2026, 6, 15))
    assert {m.id: m for m in later.health.measures}["nps"].score == pytest.approx(90.0)
    assert (
        Priority.WATCH,
        Area.HEALTH,
        "health.override_expired",
        "override of Net promoter score by dana expired on 2026-05-31",
        ("nps",),
    ) in [(f.priority, f.area, f.code, f.message, f.evidence) for f in later.flags]
    assert from_json(Account, to_json(account)) == account


def test_blockers_are_flagged():
    """Contoso's integration architect is a blocker (severity 1): flagged."""
    contoso = sample_portfolio()[1]
    seen = review(contoso, as_of=date(2026, 6, 30))
    assert "owen" in [b.stakeholder for b in seen.relationships.blockers]
    assert (
        Priority.THIS_MONTH,
        Area.RELATIONSHIPS,
        "relationships.blocker",
        "Owen Hughes could block us (attitude blocker)",
        ("owen",),
    ) in [(f.priority, f.area, f.code, f.message, f.evidence) for f in seen.flags]


def test_an_old_wallet_estimate_is_scored_but_flagged_stale():
    """acme's latest estimates are of 1 April 2026; reviewed on 1 May 2027 they
    are 395 days old, past the 365 the default scorecard allows."""
    later = review(acme(), as_of=date(2027, 5, 1))
    wallet = {m.id: m for m in later.health.measures}["share_of_wallet"]
    assert later.wallet.estimated_on == date(2026, 4, 1)
    assert (wallet.status.value, wallet.observed_on) == ("stale", date(2026, 4, 1))
    assert (
        Priority.WATCH,
        Area.HEALTH,
        "health.stale_measure",
        "Share of wallet (%) is stale: observed 395 days ago, valid for 365",
        ("share_of_wallet",),
    ) in [(f.priority, f.area, f.code, f.message, f.evidence) for f in later.flags]


def test_the_worst_of_rule_is_the_reason_for_red(seen):
    """acme's health score, 50.9, is amber by itself (amber above 50); SLA
    attainment, critical, is red (50 % met scores 0), so the worst-of rule
    makes the account red - and the review says that, not the score."""
    assert (seen.health.band, seen.band) == ("red", "red")
    assert seen.band_reason == (
        "Service levels met, last 12 months (%) is red and critical, so the "
        "account is red whatever the health score 50.9 on the 'IT services "
        "account' scorecard"
    )
