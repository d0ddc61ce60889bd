"""A review you can defend: missing is not zero, one colour story, words a
client can read, every problem at once, and one bad account never hiding the
others. Each expectation is worked by hand in its docstring."""

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest

from accountkit import Period, ValidationError
from accountkit.account import (
    Account,
    Area,
    Cost,
    Escalation,
    Priority,
    ReviewFailure,
    ServiceAgreement,
    Severity,
    Thresholds,
    render_portfolio,
    render_review,
    review,
    review_many,
    sample_portfolio,
)
from accountkit.contracts import (
    CreditRegime,
    FlatCredit,
    Measurement,
    PeriodCharges,
    PoolAllocationCredit,
    ServiceLevel,
)
from accountkit.errors import CurrencyMismatchError, Problem
from accountkit.finance import Invoice, Payment
from accountkit.serialization import from_dict, to_dict
from builders import eur, monthly, unknown_override

JUNE_END = date(2026, 6, 30)


def _bare(**fields: object) -> Account:
    """An account with one 2026 contract and nothing else recorded."""
    values: dict[str, object] = {
        "id": "acme",
        "name": "Acme",
        "currency": "EUR",
        "contracts": (monthly(),),
    }
    values.update(fields)
    return Account(**values)  # type: ignore[arg-type]


def _invoice(month: int = 1, **fields: object) -> Invoice:
    """Invoice I1 for 1,000 under C-1, issued on the 1st of ``month`` 2026 and
    due 30 days later."""
    issued = date(2026, month, 1)
    values: dict[str, object] = {
        "id": "I1",
        "customer": "acme",
        "issued_on": issued,
        "amount": eur("1000"),
        "due_on": issued + timedelta(days=30),
        "contract_id": "C-1",
    }
    values.update(fields)
    return Invoice(**values)  # type: ignore[arg-type]


def _measure(seen, measure_id):
    return {m.id: m for m in seen.health.measures}[measure_id]


# --- missing is not zero ---------------------------------------------------------


def test_escalations_not_recorded_are_missing_not_a_perfect_zero():
    """No escalations key: 'open escalations' has no value and is left out of
    the score; an empty list is a recorded zero, which scores 100."""
    absent = review(_bare(), as_of=JUNE_END)
    assert absent.escalations.recorded is False
    assert (_measure(absent, "open_escalations").raw, absent.health.measures) != (0,)
    assert _measure(absent, "open_escalations").status.value == "missing"
    assert _measure(absent, "open_escalations").score is None
    recorded = review(_bare(escalations=()), as_of=JUNE_END)
    assert recorded.escalations.recorded is True
    zero = _measure(recorded, "open_escalations")
    assert (zero.raw, zero.score, zero.status.value) == (0, 100.0, "scored")


def test_opportunities_not_recorded_leave_the_pipeline_missing():
    """The contract schedules 12 x 1,000 in 2026. With no opportunities key the
    pipeline cover is missing; with an empty list it is a recorded 0 %."""
    invoices = (_invoice(),)
    absent = review(_bare(invoices=invoices, credit_notes=()), as_of=JUNE_END)
    assert (absent.growth.recorded, absent.growth.pipeline_cover) == (False, None)
    recorded = review(
        _bare(invoices=invoices, credit_notes=(), opportunities=()), as_of=JUNE_END
    )
    assert (recorded.growth.recorded, recorded.growth.pipeline_cover) == (
        True,
        Decimal("0.00"),
    )


def test_receivables_need_invoices_payments_and_credit_notes():
    """Without payments every invoice would look unpaid: the position is not
    computed until all three are recorded (empty lists count)."""
    invoice = _invoice(5)
    partial = review(_bare(invoices=(invoice,)), as_of=JUNE_END)
    assert (partial.receivables.recorded, partial.receivables.debtor_days) == (
        False,
        None,
    )
    assert _measure(partial, "debtor_days").status.value == "missing"
    whole = review(
        _bare(invoices=(invoice,), payments=(), credit_notes=()), as_of=JUNE_END
    )
    assert whole.receivables.recorded is True
    assert whole.receivables.overdue == eur("1000")
    assert whole.receivables.overdue_invoices == ("I1",)


def test_before_the_first_contract_the_review_gives_no_colour():
    """On 1 January 2020 no sample contract is in force: each account has no
    colour, and the flag says why, whatever its score."""
    for account in sample_portfolio():
        seen = review(account, as_of=date(2020, 1, 1))
        assert seen.contracts.in_force == ()
        assert seen.band is None
        assert seen.band_reason == (
            "insufficient data: no contract is in force on the review day"
        )
        flags = [(f.code, f.message) for f in seen.flags if f.area.value == "health"]
        assert (
            "health.insufficient_data",
            "no colour: no contract is in force on the review day",
        ) in flags


def test_no_contracts_recorded_says_so():
    seen = review(Account(id="acme", name="Acme", currency="EUR"), as_of=JUNE_END)
    assert (seen.band, seen.band_reason) == (
        None,
        "insufficient data: no contracts are recorded",
    )
    assert seen.contracts.recorded is False


def test_below_the_completeness_floor_there_is_no_colour():
    """Only escalations recorded: 'open escalations' (2 of the delivery
    group's 8, the group 30 of the scorecard's 115: 3/46, 6.52 % of the
    weight) and nothing else, below the 50 % floor; at a floor of 5 % the
    same account is green (no escalation open scores 100)."""
    account = _bare(escalations=())
    seen = review(account, as_of=JUNE_END)
    assert seen.health.completeness == pytest.approx(3 / 46)
    assert seen.band is None
    assert seen.band_reason == (
        "insufficient data: the health score rests on 7% of its weight, below "
        "the 50% a colour needs"
    )
    relaxed = review(
        account, as_of=JUNE_END, thresholds=Thresholds(colour_completeness=0.05)
    )
    assert (relaxed.band, relaxed.health.score) == ("green", 100.0)


def test_a_floor_at_exactly_the_completeness_gives_a_colour():
    """The floor is inclusive: completeness 3/46 and a floor of 3/46 give the
    health band."""
    seen = review(
        _bare(escalations=()),
        as_of=JUNE_END,
        thresholds=Thresholds(colour_completeness=3 / 46),
    )
    assert seen.band == "green"


# --- one colour story ------------------------------------------------------------


ANY_COMPLETENESS = Thresholds(colour_completeness=0.0)
"""These accounts record only service levels (and escalations): below the
default floor of 50 %, so the floor is lifted to see the colour rules."""


def _agreement(values: list[str]) -> ServiceAgreement:
    months = [Period.month(2026, m) for m in range(1, len(values) + 1)]
    return ServiceAgreement(
        id="SLA-1",
        contract_id="C-1",
        levels=(
            ServiceLevel(
                id="avail",
                name="Availability",
                target=Decimal(99),
                rule=FlatCredit(rate=Decimal("0.01")),
            ),
        ),
        regime=CreditRegime(at_risk_rate=Decimal("0.10")),
        measurements=tuple(
            Measurement(service_level_id="avail", period=m, value=Decimal(v))
            for m, v in zip(months, values, strict=True)
        ),
        charges=tuple(PeriodCharges(period=m, amount=eur("1000")) for m in months),
    )


def test_a_critical_failure_makes_green_at_best_amber():
    """Five months met and June missed: 5 of 6 = 83.33 % met (rounded, as the
    review shows it) scores (83.33 - 80) / 20 x 100 = 16.65 on the line
    80 -> 100; June's 1 % credit, 10 of 6,000 of fees = 0.17 %, scores
    (5 - 0.17) / 5 x 100 = 96.6. They are the only measures, weighted 3 and 2:
    (16.65 x 3 + 96.6 x 2) / 5 = 48.63, red. The colour stays red and the
    failure leads the flags."""
    seen = review(
        _bare(service=(_agreement(["99.5"] * 5 + ["98"]),)),
        as_of=JUNE_END,
        thresholds=ANY_COMPLETENESS,
    )
    assert seen.service.attainment == Decimal("83.33")
    assert seen.health.score == pytest.approx(48.63)
    assert seen.band == "red"
    assert [(f.code, f.evidence) for f in seen.flags[:2]] == [
        ("health.red", ()),
        ("service.critical_failure", ("SLA-1/avail/2026-06-01",)),
    ]


def test_green_by_score_with_a_critical_failure_is_amber_and_says_why():
    """Eleven months met, June missed (July 2025 to June 2026): 11 of 12 =
    91.67 % scores (91.67 - 80) / 20 x 100 = 58.35; this year's credits, 10 of
    6,000 = 0.17 %, score 96.6; escalations recorded and none open score 100
    (no days to close: missing). Weights 3, 2 and 2:
    (58.35 x 3 + 96.6 x 2 + 100 x 2) / 7 = 81.18, green by score and amber as
    the review's colour."""
    months = [Period.month(2025, m) for m in range(7, 13)] + [
        Period.month(2026, m) for m in range(1, 7)
    ]
    agreement = attrs.evolve(
        _agreement(["99.5"] * 12),
        measurements=tuple(
            Measurement(service_level_id="avail", period=m, value=Decimal(v))
            for m, v in zip(months, ["99.5"] * 11 + ["98"], strict=True)
        ),
        charges=tuple(PeriodCharges(period=m, amount=eur("1000")) for m in months),
    )
    contract = monthly(term=Period(date(2025, 7, 1), date(2027, 1, 1)))
    seen = review(
        _bare(contracts=(contract,), service=(agreement,), escalations=()),
        as_of=JUNE_END,
        thresholds=ANY_COMPLETENESS,
    )
    assert seen.health.score == pytest.approx(568.25 / 7)
    assert (seen.health.band, seen.band) == ("green", "amber")
    assert seen.band_reason == (
        "critical service level Availability (SLA-1) failed in June 2026; the "
        "health score 81.2 on the 'IT services account' scorecard alone would "
        "be green"
    )
    assert [f.code for f in seen.flags[:2]] == [
        "service.critical_failure",
        "health.amber",
    ]


# --- words a client can read -----------------------------------------------------


def test_the_text_names_people_and_gives_last_days():
    """Northwind on 30 June: the data platform SOW's term ends (exclusive) on
    1 September, so its last day is 31 August; Jonas Falk and Hanna Berg are
    named, never their ids."""
    text = render_review(review(sample_portfolio()[0], as_of=JUNE_END))
    assert (
        "Data platform support (NW-SOW-2) ends on 31 August 2026 and does not "
        "renew by itself"
    ) in text
    assert "Jonas Falk could block us (attitude skeptic)" in text
    assert "single-threaded key players: Hanna Berg" in text
    assert "2026-09-01" not in text
    assert "jonas" not in text
    assert "sla_attainment" not in text
    assert "    Open escalations                                    1 " in text


def test_a_sparse_account_renders_cleanly():
    """Nothing recorded but a contract: every area says so in words."""
    text = render_review(review(_bare(), as_of=JUNE_END))
    lines = text.splitlines()
    assert lines[0] == "Acme - review as of 30 June 2026, in EUR"
    for expected in (
        "  service levels  not recorded",
        "  receivables     not recorded (needs invoices, payments and credit notes)",
        "  revenue         no invoices recorded",
        "  contracts       1 contract in force",
        "  wallet          no wallet estimate",
        "  relationships   no stakeholder map; surveys not recorded",
        "  growth          not recorded",
        "  escalations     not recorded",
    ):
        assert expected in lines
    assert "no answers" not in text  # nobody recorded surveys: nothing is known
    assert "(0)" not in text
    assert "0 of 0" not in text
    assert "(- of fees)" not in text


def test_the_portfolio_table_is_worst_first_with_currencies():
    """Red, then amber, then no colour, then green; the lowest score first
    within a colour."""
    accounts = sample_portfolio()
    bare = _bare(id="zeta", name="Zeta", client="acme")
    reviews = review_many([*accounts, bare], as_of=JUNE_END)
    lines = render_portfolio(reviews).splitlines()
    assert lines[0] == "Portfolio review: 4 accounts as of 30 June 2026"
    assert [line.split()[:3] for line in lines[3:7]] == [
        ["Contoso", "Health", "GBP"],
        ["Northwind", "Logistics", "EUR"],
        ["Zeta", "EUR", "-"],
        ["Fabrikam", "Retail", "USD"],
    ]


# --- every problem at once -------------------------------------------------------


def test_the_account_reports_every_cross_check_problem_at_once():
    invoice = _invoice(customer="other", amount=eur("100"), contract_id="C-9")
    payment = Payment(
        id="P1",
        customer="acme",
        received_on=date(2026, 2, 1),
        amount=eur("1"),
        invoice_id="I9",
    )
    with pytest.raises(ValidationError) as caught:
        _bare(
            invoices=(invoice, invoice),
            payments=(payment,),
            units=("ops", "ops"),
            escalations=(
                Escalation(
                    id="E",
                    title="x",
                    severity=Severity.LOW,
                    raised_on=date(2026, 1, 1),
                ),
            )
            * 2,
        )
    assert not isinstance(caught.value, CurrencyMismatchError)
    assert caught.value.problems == (
        Problem(("invoices", 1, "id"), "id 'I1' is used twice (invoices[0] and here)"),
        Problem(
            ("escalations", 1, "id"), "id 'E' is used twice (escalations[0] and here)"
        ),
        Problem(("units", 1), "unit 'ops' is listed twice (units[0] and here)"),
        Problem(("invoices", 0, "contract_id"), "no such record in the account: 'C-9'"),
        Problem(("invoices", 1, "contract_id"), "no such record in the account: 'C-9'"),
        Problem(("payments", 0, "invoice_id"), "no such record in the account: 'I9'"),
        Problem(
            ("invoices", 0, "customer"),
            "belongs to 'other', not to this account ('acme')",
        ),
        Problem(
            ("invoices", 1, "customer"),
            "belongs to 'other', not to this account ('acme')",
        ),
    )


def test_a_service_agreement_checks_what_the_credit_regime_needs():
    """Charges for January only, measurements for January and February and
    of an unknown level, two levels with one id, overlapping charges."""
    level = ServiceLevel(
        id="avail", name="A", target=Decimal(99), rule=FlatCredit(rate=Decimal("0.01"))
    )
    january, february = Period.month(2026, 1), Period.month(2026, 2)
    with pytest.raises(ValidationError) as caught:
        ServiceAgreement(
            id="S",
            contract_id="C-1",
            levels=(level, level),
            regime=CreditRegime(at_risk_rate=Decimal("0.1")),
            measurements=(
                Measurement(
                    service_level_id="avail", period=january, value=Decimal(99)
                ),
                Measurement(
                    service_level_id="uptime", period=february, value=Decimal(9)
                ),
            ),
            charges=(
                PeriodCharges(period=january, amount=eur("10")),
                PeriodCharges(
                    period=Period(date(2026, 1, 15), date(2026, 1, 20)),
                    amount=eur("1"),
                ),
            ),
        )
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (("levels", 1, "id"), "id 'avail' is used twice (levels[0] and here)"),
        (
            ("charges", 1, "period"),
            (
                "overlaps charges[0] (2026-01-01 to 2026-01-31); charged periods must "
                "not overlap"
            ),
        ),
        (
            ("measurements", 1, "service_level_id"),
            "no service level 'uptime' in this agreement (it has avail)",
        ),
        (
            ("measurements", 1, "period"),
            (
                "no charges for 2026-02-01 to 2026-02-28: credits are figured on the "
                "period's charges, so each measured period needs them"
            ),
        ),
    ]


def test_an_agreement_without_charges_is_refused_where_it_is_built():
    """The failure the issue saw (a whole portfolio stopped with no path) is
    now a problem at the measurement's path when the account is read."""
    data = to_dict(sample_portfolio()[0])
    data["service"][0]["charges"] = []
    with pytest.raises(ValidationError) as caught:
        from_dict(Account, data)
    first = caught.value.problems[0]
    assert first.path == ("service", 0, "measurements", 0, "period")
    assert len(caught.value.problems) == 36


# --- one bad account never hides the others -------------------------------------


def test_review_many_collects_failures_in_place():
    """A scorecard override of a measure the scorecard lacks fails one
    account; errors='collect' keeps it in its place as a ReviewFailure."""
    broken = attrs.evolve(
        _bare(id="bad", client="acme"), overrides=(unknown_override(),)
    )
    results = review_many([_bare(), broken, _bare()], as_of=JUNE_END, errors="collect")
    assert [type(r).__name__ for r in results] == [
        "AccountReview",
        "ReviewFailure",
        "AccountReview",
    ]
    failure = results[1]
    assert isinstance(failure, ReviewFailure)
    assert (failure.index, failure.account, failure.name) == (1, "bad", "Acme")
    assert failure.problems == (
        Problem(
            ("overrides", 0, "target"), "no measure or group 'nope' in the scorecard"
        ),
    )
    with pytest.raises(ValidationError, match="no measure or group 'nope'"):
        review_many([_bare(), broken], as_of=JUNE_END)
    with pytest.raises(
        ValidationError,
        match=r"^review_many\.errors: expected one of 'raise', 'collect', got str 'ignore'$",
    ):
        review_many([_bare()], as_of=JUNE_END, errors="ignore")  # type: ignore[call-overload]


def test_an_area_that_cannot_be_computed_is_missing_and_says_why():
    """Two critical levels each allocated the whole pool (1 + 1 = 2) under a
    pool percentage of 1.5: the credit regime refuses to assess them. The
    review does not fail: the service position says why it is empty, its
    measures are missing, a flag names the area, and the other areas are
    reviewed as usual."""
    levels = tuple(
        ServiceLevel(
            id=name,
            name=name.title(),
            target=Decimal(99),
            rule=PoolAllocationCredit(
                category="run", category_allocation="1", allocation="1"
            ),
        )
        for name in ("avail", "latency")
    )
    month = Period.month(2026, 6)
    agreement = ServiceAgreement(
        id="SLA-1",
        contract_id="C-1",
        levels=levels,
        regime=CreditRegime(at_risk_rate=Decimal("0.1"), pool_percentage="1.5"),
        measurements=tuple(
            Measurement(service_level_id=level.id, period=month, value=Decimal(99))
            for level in levels
        ),
        charges=(PeriodCharges(period=month, amount=eur("1000")),),
    )
    seen = review(_bare(service=(agreement,), escalations=()), as_of=JUNE_END)
    assert seen.service.note == (
        "not computed: assess_service_levels.levels: pool allocations of the "
        "critical service levels add up to 2, above the pool percentage 1.5"
    )
    assert (seen.service.results, seen.service.attainment) == (0, None)
    assert _measure(seen, "sla_attainment").status.value == "missing"
    assert [(f.code, f.priority, f.area) for f in seen.flags][:2] == [
        ("health.insufficient_data", Priority.THIS_MONTH, Area.HEALTH),
        ("service.not_computed", Priority.THIS_MONTH, Area.SERVICE),
    ]
    assert seen.escalations.recorded is True
    text = render_review(seen)
    assert (
        "  service levels  not computed: assess_service_levels.levels: pool "
        "allocations of the critical service levels add up to 2, above the pool "
        "percentage 1.5"
    ) in text.splitlines()


@pytest.mark.parametrize(
    ("day", "accepted"),
    [
        (date(1, 12, 31), False),
        (date(2, 1, 1), True),
        (date(9998, 12, 31), True),
        (date(9999, 1, 1), False),
    ],
)
def test_the_review_day_is_within_the_supported_range(day, accepted):
    """A review looks back a year and a half and 120 days ahead: 0002-01-01 to
    9998-12-31 are the edges, both reviewable; a day beyond is refused by name
    rather than overflowing the calendar."""
    northwind = sample_portfolio()[0]
    if accepted:
        assert review(northwind, as_of=day).as_of == day
    else:
        with pytest.raises(ValidationError) as caught:
            review(northwind, as_of=day)
        assert str(caught.value) == (
            "review.as_of: out of the supported date range (0002-01-01 to "
            "9998-12-31: a review looks back a year and a half and 120 days "
            f"ahead), got {day.isoformat()}"
        )


def test_contract_parents_must_be_in_the_account_and_not_circle():
    """C-2 names a parent the account lacks; C-3 and C-4 are each other's
    parent. Both are reported at the parent's path; the cycle once."""
    contracts = (
        monthly("C-1"),
        monthly("C-2", parent_id="C-9"),
        monthly("C-3", parent_id="C-4"),
        monthly("C-4", parent_id="C-3"),
    )
    with pytest.raises(ValidationError) as caught:
        _bare(contracts=contracts)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (("contracts", 1, "parent_id"), "no such record in the account: 'C-9'"),
        (
            ("contracts", 2, "parent_id"),
            "its parents come back to it: C-3 -> C-4 -> C-3",
        ),
    ]


def test_a_level_measured_twice_in_a_period_is_refused():
    month = Period.month(2026, 1)
    reading = Measurement(service_level_id="avail", period=month, value=Decimal(99))
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(_agreement(["99.5"]), measurements=(reading, reading))
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            ("measurements", 1),
            (
                "'avail' is measured twice for 2026-01-01 to 2026-01-31 "
                "(measurements[0] and here)"
            ),
        )
    ]


@pytest.mark.parametrize(
    ("days_after", "flagged"),
    [(0, False), (1, True), (120, True), (121, False)],
)
def test_a_contract_is_flagged_from_120_days_before_it_ends(days_after, flagged):
    """A contract whose term ends (exclusive) ``days_after`` the review day:
    flagged from 1 to 120 days ahead; one ending on the review day itself has
    already run its last day, and one 121 days ahead is not yet due a flag."""
    ends = date.fromordinal(JUNE_END.toordinal() + days_after)
    contract = monthly(term=Period(date(2026, 1, 1), ends))
    seen = review(_bare(contracts=(contract,)), as_of=JUNE_END)
    assert [e.contract for e in seen.contracts.ending] == (["C-1"] if flagged else [])
    assert ("contracts.ending" in [f.code for f in seen.flags]) is flagged


def test_billing_is_not_netted_of_credit_notes_nobody_recorded():
    """Invoices recorded but no credit notes key: the billed revenue cannot be
    netted, so attainment and margin are missing and the note says why; with
    an empty list of credit notes both are computed."""
    invoice = _invoice()
    cost = Cost(id="K1", incurred_on=date(2026, 1, 15), amount=eur("400"))
    unknown = review(_bare(invoices=(invoice,), costs=(cost,)), as_of=JUNE_END)
    assert (unknown.revenue.attainment, unknown.revenue.margin) == (None, None)
    assert unknown.revenue.note == (
        "no credit notes recorded, so billing cannot be netted of them"
    )
    known = review(
        _bare(invoices=(invoice,), costs=(cost,), credit_notes=()), as_of=JUNE_END
    )
    assert known.revenue.margin == Decimal("60.00")
    assert known.revenue.attainment is not None


def test_recorded_surveys_without_answers_say_so():
    """An empty list of surveys is recorded: no answers in the 12 months."""
    text = render_review(review(_bare(surveys=()), as_of=JUNE_END))
    assert (
        "  relationships   no stakeholder map; NPS: no answers in 12 months; "
        "CSAT: no answers in 12 months"
    ) in text.splitlines()
