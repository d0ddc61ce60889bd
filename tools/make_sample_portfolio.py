"""Write the sample portfolio shipped with accountkit (three fictional accounts).

The accounts are built with accountkit's own models, so the file is valid by
construction; invoices come from each contract's billing schedule, and a
seeded generator picks payment delays, survey answers and SLA results, so the
file is the same on every run.

- Northwind Logistics (EUR): an MSA with two SOWs, one ending soon; mostly met
  service levels, a couple of late payers, a good map with one gap.
- Contoso Health (GBP): a struggling account: failed critical service levels,
  slow and disputed payments, a departed champion, a critical escalation, and
  a year of delivery records in which rework nobody pays for erodes the
  margin of its fixed-fee service.
- Fabrikam Retail (USD): a growing account: everything met, prompt payment,
  a rising share of wallet and a strong pipeline.

Usage: python tools/make_sample_portfolio.py  (rewrites
src/accountkit/data/sample_portfolio.json and the tables in
src/accountkit/data/sample/)
"""

import math
import random
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

import attrs

from accountkit import Money, Period
from accountkit.account import (
    Account,
    AccountPlan,
    Cost,
    Escalation,
    Footprint,
    Opportunity,
    ServiceAgreement,
    Severity,
    Stage,
    SurveyKind,
    SurveyResponse,
    WalletEstimate,
)
from accountkit.contracts import (
    BusinessCalendar,
    Contract,
    ContractKind,
    CreditRegime,
    FixedFee,
    FlatCredit,
    Frequency,
    Fulfilment,
    Indexation,
    IndexSeries,
    IndexValue,
    LinearShortfallCredit,
    Measurement,
    Obligation,
    PeriodCharges,
    RenewalTerms,
    ServiceLevel,
    Side,
    billing_schedule,
)
from accountkit.deals import (
    ApprovalMatrix,
    ApprovalRule,
    BidOutcome,
    CostKind,
    Deal,
    DealCost,
    Effort,
    Measure,
    RoleRate,
    deal_pnl,
)
from accountkit.delivery import (
    BudgetLine,
    DeliveryRecords,
    Demand,
    Engagement,
    Expense,
    Leave,
    Leaver,
    Person,
    Progress,
    RateChange,
    TimeEntry,
)
from accountkit.finance import Invoice, Payment
from accountkit.relationships import (
    Attitude,
    BuyingRole,
    Influence,
    PoliticalStatus,
    Relationship,
    RelationshipLevel,
    Stakeholder,
    StakeholderMap,
)
from accountkit.serialization import to_json
from accountkit.tables import write_tables

OUT = Path(__file__).parent.parent / "src" / "accountkit" / "data"
REVIEW_DAY = date(2026, 6, 30)
INNER_CIRCLE = 0.8
"""Stakeholders with this much power or more are in the inner circle."""
HISTORY = Period(date(2024, 7, 1), date(2026, 7, 1))
"""Two years of billing, to the sample's review day (2026-06-30)."""
SLA_MONTHS = [Period.month(2025 + m // 12, m % 12 + 1) for m in range(6, 18)]
"""July 2025 to June 2026."""


def _contract(  # noqa: PLR0917 - read as one line per contract below
    client: str,
    currency: str,
    key: str,
    title: str,
    monthly: str,
    term: tuple[date, date],
    *,
    parent: str | None = None,
    auto_renew: bool = False,
) -> Contract:
    fee = FixedFee(
        id=f"{key}-fee", amount=Money(monthly, currency), frequency=Frequency.MONTHLY
    )
    return Contract(
        id=key,
        title=title,
        kind=ContractKind.SOW,
        client=client,
        currency=currency,
        term=Period(*term),
        signed_on=term[0] - timedelta(days=30),
        parent_id=parent,
        renewal=RenewalTerms(auto_renew=auto_renew),
        charges=(fee,),
    )


def _indexed(contract: Contract) -> Contract:
    """Return the contract with its fee reviewed each anniversary against CPI.

    Lag 3, change read to a tenth of a percent, upward only, at most 5%: the
    review of 1 July 2026 reads April 2026 (102.4) over April 2025 (100.0),
    +2.4%, so EUR 15,000 becomes 15,360 for July and August 2026.
    """
    cpi = IndexSeries(
        id="eu-hicp",
        name="Euro area consumer prices (illustrative)",
        values=(
            IndexValue(month=date(2025, 4, 1), value="100.0"),
            IndexValue(month=date(2026, 4, 1), value="102.4"),
        ),
    )
    review = Indexation(
        index="eu-hicp", lag_months=3, floor="0", cap="0.05", change_places=3
    )
    (fee,) = contract.charges
    return attrs.evolve(
        contract,
        indices=(cpi,),
        charges=(attrs.evolve(fee, indexation=review),),
    )


def _billing(
    client: str,
    contracts: list[Contract],
    rng: random.Random,
    lateness: tuple[int, int],
) -> tuple[list[Invoice], list[Payment]]:
    """Invoices from the billing schedules; payments ``lateness`` days after due."""
    lines = [
        (line, contract)
        for contract in contracts
        for line in billing_schedule(contract, period=HISTORY)
    ]
    lines.sort(key=lambda pair: (pair[0].bill_on, pair[1].id))
    invoices, payments = [], []
    for number, (line, contract) in enumerate(lines, start=1):
        invoice = Invoice(
            id=f"{client[:3].upper()}-{number:04d}",
            customer=client,
            issued_on=line.bill_on,
            amount=line.amount,
            due_on=line.due_on,
            contract_id=contract.id,
        )
        invoices.append(invoice)
        paid_on = line.due_on + timedelta(days=rng.randint(*lateness))
        if paid_on <= REVIEW_DAY:
            payments.append(
                Payment(
                    id=f"PAY-{invoice.id}",
                    customer=client,
                    received_on=paid_on,
                    amount=invoice.amount,
                    invoice_id=invoice.id,
                )
            )
    return invoices, payments


def _sla(
    key: str,
    contract: Contract,
    rng: random.Random,
    failures: dict[str, set[int]],
) -> ServiceAgreement:
    """Availability (critical), first-time fix and reporting, measured monthly.

    ``failures`` names the months (0 = July 2025) each level fails in.
    """
    levels = (
        ServiceLevel(
            id="availability",
            name="Service availability",
            target=Decimal("99.5"),
            rule=LinearShortfallCredit(maximum_rate=Decimal("0.10")),
        ),
        ServiceLevel(
            id="first_time_fix",
            name="Incidents fixed first time",
            target=Decimal(80),
            critical=False,
            rule=FlatCredit(rate=Decimal("0.02")),
        ),
        ServiceLevel(
            id="p1_response",
            name="P1 incidents answered in 15 minutes",
            target=Decimal(95),
            rule=FlatCredit(rate=Decimal("0.03")),
        ),
    )
    good = {
        "availability": (99.6, 99.99),
        "first_time_fix": (81, 92),
        "p1_response": (96, 100),
    }
    bad = {
        "availability": (98.2, 99.4),
        "first_time_fix": (70, 79),
        "p1_response": (85, 94),
    }
    measurements = []
    for index, month in enumerate(SLA_MONTHS):
        for level in levels:
            low, high = (bad if index in failures.get(level.id, set()) else good)[
                level.id
            ]
            value = Decimal(str(round(rng.uniform(low, high), 2)))
            measurements.append(
                Measurement(service_level_id=level.id, period=month, value=value)
            )
    fee = contract.charges[0].amount  # type: ignore[union-attr]
    return ServiceAgreement(
        id=key,
        contract_id=contract.id,
        levels=levels,
        regime=CreditRegime(at_risk_rate=Decimal("0.12")),
        measurements=tuple(measurements),
        charges=tuple(PeriodCharges(period=m, amount=fee) for m in SLA_MONTHS),
    )


def _surveys(
    rng: random.Random, nps_scores: list[int], csat_scores: list[int]
) -> tuple[SurveyResponse, ...]:
    answers = []
    for kind, scores in ((SurveyKind.NPS, nps_scores), (SurveyKind.CSAT, csat_scores)):
        for number, value in enumerate(scores):
            answers.append(
                SurveyResponse(
                    kind=kind,
                    score=value,
                    answered_on=date(2026, 1, 10) + timedelta(days=rng.randint(0, 150)),
                    respondent=f"{kind.value}-{number + 1}",
                )
            )
    return tuple(answers)


def _people(
    rows: list[
        tuple[str, str, str, str | None, tuple[BuyingRole, ...], Attitude, float]
    ],
    *,
    departed: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[Stakeholder, ...]:
    return tuple(
        Stakeholder(
            id=key,
            name=name,
            title=title,
            reports_to=boss,
            roles=roles,
            attitude=attitude,
            power=power,
            interest=0.7,
            political_status=PoliticalStatus.INNER_CIRCLE
            if power >= INNER_CIRCLE
            else None,
            confirmed_on=date(2026, 3, 1),
            departed=key in departed,
        )
        for key, name, title, boss, roles, attitude, power in rows
    )


def _ties(
    pairs: list[tuple[str, str, float, RelationshipLevel]], last: date
) -> tuple[Relationship, ...]:
    return tuple(
        Relationship(
            member=member,
            stakeholder=stakeholder,
            strength=strength,
            level=level,
            last_contact_on=last,
        )
        for member, stakeholder, strength, level in pairs
    )


def _wallet(
    currency: str, lines: dict[str, tuple[str, str, str, str]]
) -> tuple[WalletEstimate, ...]:
    """Per line: wallet and ours a year before the review, then at the review."""
    estimates = []
    for line, (wallet_then, ours_then, wallet_now, ours_now) in lines.items():
        for day, wallet, ours in (
            (date(2025, 6, 15), wallet_then, ours_then),
            (date(2026, 6, 15), wallet_now, ours_now),
        ):
            estimates.append(
                WalletEstimate(
                    service_line=line,
                    wallet=Money(wallet, currency),
                    ours=Money(ours, currency),
                    estimated_on=day,
                )
            )
    return tuple(estimates)


def _costs(currency: str, monthly: str, rng: random.Random) -> tuple[Cost, ...]:
    """Delivery costs per month of 2026, around ``monthly``."""
    base = Decimal(monthly)
    return tuple(
        Cost(
            id=f"COST-2026-{month:02d}",
            incurred_on=date(2026, month, 28),
            amount=Money(
                (base * Decimal(str(round(rng.uniform(0.95, 1.05), 3)))).quantize(
                    Decimal(1)
                ),
                currency,
            ),
            description="delivery team and tooling",
        )
        for month in range(1, 7)
    )


def _bid_history(rng: random.Random, currency: str) -> tuple[BidOutcome, ...]:
    """Return forty decided bids, priced 85 % to 125 % of the competitor's.

    Each is won with the chance of a logit curve that is even at 1.03 times
    our estimate of the competitor's price.
    """
    bids = []
    for _ in range(40):
        reference = Decimal(rng.randrange(80, 600)) * 1000
        ratio = Decimal(rng.randrange(850, 1250)) / 1000
        chance = 1 / (1 + math.exp(-14 * 1.03 + 14 * float(ratio)))
        bids.append(
            BidOutcome(
                price=Money(reference * ratio, currency),
                reference=Money(reference, currency),
                won=rng.random() < chance,
            )
        )
    return tuple(bids)


def _approval_matrix(currency: str) -> ApprovalMatrix:
    """Return a delegation of authority: size, margin, discount, terms, liability."""
    levels = ("account-lead", "practice-head", "cfo", "board")

    def rule(level: str, measure: Measure, threshold: str) -> ApprovalRule:
        return ApprovalRule(level=level, measure=measure, threshold=threshold)

    return ApprovalMatrix(
        currency=currency,
        levels=levels,
        rules=(
            rule("account-lead", Measure.TCV, "0"),
            rule("practice-head", Measure.TCV, "250000"),
            rule("board", Measure.TCV, "2000000"),
            rule("practice-head", Measure.DISCOUNT, "0.10"),
            rule("cfo", Measure.DISCOUNT, "0.20"),
            rule("cfo", Measure.MARGIN, "0.25"),
            rule("board", Measure.MARGIN, "0.10"),
            rule("cfo", Measure.PAYMENT_DAYS, "60"),
            rule("cfo", Measure.LIABILITY, "1.5"),
        ),
        walk_away_margin=Decimal("0.12"),
    )


def _cloud_deal(client: str, currency: str) -> Deal:
    """Return the landing zone priced: three years, a transition, cloud tooling."""

    def eur(amount: str) -> Money:
        return Money(amount, currency)

    def days(role: str, year: int, count: int, unit: str | None = None) -> Effort:
        return Effort(role=role, deal_year=year, days=Decimal(count), unit=unit)

    return Deal(
        id="NW-D1",
        name="Cloud landing zone",
        client=client,
        currency=currency,
        start=date(2026, 11, 1),
        years=3,
        lead_unit="cloud",
        rates=(
            RoleRate(role="architect", price=eur("1250"), cost=eur("760")),
            RoleRate(role="engineer", price=eur("820"), cost=eur("520")),
            RoleRate(role="lead", price=eur("1050"), cost=eur("650")),
        ),
        effort=(
            days("architect", 1, 60),
            days("engineer", 1, 180),
            days("engineer", 1, 40, unit="security"),
            days("lead", 1, 40),
            days("engineer", 2, 150),
            days("engineer", 2, 20, unit="security"),
            days("lead", 2, 20),
            days("engineer", 3, 140),
            days("lead", 3, 20),
        ),
        costs=(
            DealCost(
                id="transition",
                kind=CostKind.TRANSITION,
                deal_year=1,
                amount=eur("28000"),
                description="knowledge transfer from the incumbent",
            ),
            DealCost(
                id="ramp-up", kind=CostKind.RAMP_UP, deal_year=1, amount=eur("9500")
            ),
            DealCost(
                id="tooling",
                kind=CostKind.PASS_THROUGH,
                deal_year=1,
                amount=eur("15000"),
                markup_rate=Decimal("0.05"),
                description="cloud governance tooling licences",
            ),
        ),
        contingency_rate=Decimal("0.08"),
        cost_escalation_rate=Decimal("0.04"),
        price_escalation_rate=Decimal("0.025"),
        target_margin=Decimal("0.22"),
        liability_cap=eur("400000"),
        volume_unit="workload",
        volumes=(Decimal(40), Decimal(90), Decimal(120)),
        approved_level="practice-head",
        description="priced bottom-up from the solution's effort",
    )


def northwind(rng: random.Random) -> Account:
    """Return Northwind Logistics: a steady account with a few things to watch."""
    client, eur = "northwind", "EUR"
    msa = Contract(
        id="NW-MSA",
        title="Master services agreement",
        kind=ContractKind.MSA,
        client=client,
        currency=eur,
        term=Period(date(2024, 1, 1), date(2029, 1, 1)),
        signed_on=date(2023, 11, 20),
    )
    desk = _contract(
        client,
        eur,
        "NW-SOW-1",
        "Managed service desk",
        "40000",
        (date(2024, 1, 1), date(2027, 1, 1)),
        parent=msa.id,
    )
    data = _contract(
        client,
        eur,
        "NW-SOW-2",
        "Data platform support",
        "15000",
        (date(2025, 7, 1), date(2026, 9, 1)),
        parent=msa.id,
    )
    data = _indexed(data)
    invoices, payments = _billing(client, [desk, data], rng, (-5, 20))
    board = StakeholderMap(
        stakeholders=_people(
            [
                (
                    "hanna",
                    "Hanna Berg",
                    "Chief Information Officer",
                    None,
                    (BuyingRole.ECONOMIC_BUYER,),
                    Attitude.SUPPORTER,
                    0.95,
                ),
                (
                    "tomas",
                    "Tomas Lind",
                    "Head of IT Operations",
                    "hanna",
                    (BuyingRole.DECISION_MAKER, BuyingRole.CHAMPION),
                    Attitude.CHAMPION,
                    0.8,
                ),
                (
                    "aylin",
                    "Aylin Kaya",
                    "Procurement Lead",
                    "hanna",
                    (BuyingRole.PROCUREMENT,),
                    Attitude.NEUTRAL,
                    0.5,
                ),
                (
                    "jonas",
                    "Jonas Falk",
                    "Data Platform Owner",
                    "tomas",
                    (BuyingRole.TECHNICAL_BUYER,),
                    Attitude.SKEPTIC,
                    0.6,
                ),
                (
                    "mira",
                    "Mira Holm",
                    "Service Desk Manager",
                    "tomas",
                    (BuyingRole.USER_BUYER,),
                    Attitude.SUPPORTER,
                    0.4,
                ),
            ]
        ),
        influences=(
            Influence(source="tomas", target="hanna", strength=0.7),
            Influence(source="jonas", target="tomas", strength=0.5),
            Influence(source="mira", target="tomas", strength=0.4),
        ),
        relationships=_ties(
            [
                ("ana", "hanna", 0.6, RelationshipLevel.CREDIBLE_SOURCE),
                ("ana", "tomas", 0.9, RelationshipLevel.TRUSTED_ADVISOR),
                ("ben", "tomas", 0.7, RelationshipLevel.PROBLEM_SOLVER),
                ("ben", "mira", 0.8, RelationshipLevel.PROBLEM_SOLVER),
                ("ana", "aylin", 0.4, RelationshipLevel.VENDOR),
            ],
            date(2026, 5, 12),
        ),
    )
    cloud = _cloud_deal(client, eur)
    # its own generator, so that the other accounts' draws stay as they were
    history = _bid_history(random.Random(22), eur)  # noqa: S311 - sample data
    return Account(
        id=client,
        name="Northwind Logistics",
        currency=eur,
        bids=history,
        approvals=_approval_matrix(eur),
        contracts=(msa, desk, data),
        invoices=tuple(invoices),
        payments=tuple(payments),
        credit_notes=(),
        service=(
            _sla("NW-SLA-1", desk, rng, {"first_time_fix": {10}, "availability": {11}}),
        ),
        stakeholders=board,
        wallet=_wallet(
            eur,
            {
                "service_desk": ("880000", "480000", "900000", "505000"),
                "data": ("350000", "0", "400000", "180000"),
                "cloud": ("500000", "0", "650000", "0"),
                "security": ("300000", "0", "320000", "0"),
            },
        ),
        units=("operations", "finance", "warehousing", "digital"),
        footprint=(
            Footprint(unit="operations", service_line="service_desk"),
            Footprint(unit="warehousing", service_line="service_desk"),
            Footprint(unit="digital", service_line="data"),
        ),
        surveys=_surveys(
            rng, [9, 10, 8, 7, 9, 6, 10, 8, 9, 7, 9, 5], [4, 5, 4, 3, 5, 4, 4, 5, 2, 4]
        ),
        escalations=(
            Escalation(
                id="NW-E1",
                title="Month-end batch overran",
                severity=Severity.HIGH,
                raised_on=date(2025, 11, 3),
                closed_on=date(2025, 11, 14),
            ),
            Escalation(
                id="NW-E2",
                title="Laptop refresh delayed",
                severity=Severity.MEDIUM,
                raised_on=date(2026, 3, 2),
                closed_on=date(2026, 3, 20),
            ),
            Escalation(
                id="NW-E3",
                title="Slow answers on the German desk",
                severity=Severity.MEDIUM,
                raised_on=date(2026, 6, 8),
            ),
        ),
        opportunities=(
            Opportunity(
                id="NW-O1",
                name="Data platform renewal",
                stage=Stage.NEGOTIATING,
                value=Money("200000", eur),
                probability=Decimal("0.7"),
                close_on=date(2026, 8, 15),
                service_line="data",
            ),
            Opportunity(
                id="NW-O2",
                name="Cloud landing zone",
                stage=Stage.PROPOSING,
                value=deal_pnl(cloud).price,
                probability=Decimal("0.3"),
                close_on=date(2026, 10, 1),
                service_line="cloud",
                deal=cloud,
                reference=Money("560000", eur),
            ),
            Opportunity(
                id="NW-O3",
                name="Warehouse scanners support",
                stage=Stage.WON,
                value=Money("90000", eur),
                probability=Decimal(1),
                close_on=date(2025, 12, 5),
                service_line="service_desk",
            ),
            Opportunity(
                id="NW-O4",
                name="SOC monitoring",
                stage=Stage.LOST,
                value=Money("150000", eur),
                probability=Decimal(0),
                close_on=date(2026, 2, 20),
                service_line="security",
            ),
        ),
        costs=_costs(eur, "44000", rng),
        obligations=(
            _meeting(
                "NW-OB-SR",
                "Monthly service review with the client",
                "FREQ=MONTHLY;BYDAY=-1TH",
                "NW-MSA",
            ),
        ),
        plan=(
            AccountPlan(
                year=2026,
                revenue=Money("700000", eur),
                margin=Decimal("0.22"),
                share_of_wallet=Decimal("0.30"),
            ),
        ),
    )


def _meeting(ident: str, title: str, rule: str, contract: str) -> Obligation:
    """Return a meeting we hold with the client, held every time in 2026."""
    shell = Obligation(
        id=ident,
        title=title,
        side=Side.PROVIDER,
        owner="Account manager",
        start=date(2026, 1, 1),
        rule=rule,
        contract_id=contract,
    )
    held = shell.occurrences(Period(date(2026, 1, 1), REVIEW_DAY))
    done = tuple(Fulfilment(due_on=day, done_on=day) for day in held)
    return attrs.evolve(shell, fulfilments=done)


def _contoso_obligations() -> tuple[Obligation, ...]:
    """Return Contoso's obligations register.

    Monthly KPI packs (done), a quarterly security report we owe (June's not
    sent: overdue on the review day) and the client's test data for the
    release (sent).
    """
    return (
        Obligation(
            id="CH-OB-KPI",
            title="Monthly KPI pack to the service board",
            side=Side.PROVIDER,
            owner="Service delivery manager",
            start=date(2026, 1, 1),
            rule="FREQ=MONTHLY;BYMONTHDAY=5",
            grace_days=2,
            contract_id="CH-SOW-1",
            fulfilments=tuple(
                Fulfilment(due_on=date(2026, month, 5), done_on=date(2026, month, 4))
                for month in range(1, 7)
            ),
        ),
        Obligation(
            id="CH-OB-SEC",
            title="Quarterly information security report",
            side=Side.PROVIDER,
            owner="Security lead",
            start=date(2026, 3, 20),
            rule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=20",
            grace_days=5,
            contract_id="CH-SOW-1",
            fulfilments=(
                Fulfilment(due_on=date(2026, 3, 20), done_on=date(2026, 3, 24)),
            ),
        ),
        Obligation(
            id="CH-OB-DATA",
            title="Client supplies anonymised test data for the release",
            side=Side.CLIENT,
            owner="Contoso test manager",
            start=date(2026, 6, 8),
            contract_id="CH-SOW-1",
            fulfilments=(
                Fulfilment(due_on=date(2026, 6, 8), done_on=date(2026, 6, 8)),
            ),
        ),
    )


UK_HOLIDAYS = frozenset(
    {
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
    }
)
"""England's bank holidays from July 2025 to June 2026."""
DELIVERY_YEAR = Period(date(2025, 7, 1), date(2026, 7, 1))


def _rework(day: date) -> Decimal:
    """Return the non-billable rework hours an engineer adds to a day.

    None before the release that broke e-prescribing (2 February 2026); 2.5
    hours a day while it is fixed (February, March), 1.5 in April and May,
    and 3 after the patient record sync outage of 12 June.
    """
    if day < date(2026, 2, 2):
        return Decimal(0)
    if day < date(2026, 4, 1):
        return Decimal("2.5")
    if day < date(2026, 6, 12):
        return Decimal("1.5")
    return Decimal(3)


def _contoso_team() -> tuple[Person, ...]:
    office = BusinessCalendar.weekdays(
        time(9), time(17), timezone="Europe/London", holidays=UK_HOLIDAYS
    )

    def rate(day: date, cost: str, bill: str) -> RateChange:
        return RateChange(
            effective_from=day,
            cost_rate=Money(cost, "GBP"),
            bill_rate=Money(bill, "GBP"),
        )

    start = DELIVERY_YEAR.start
    return (
        Person(
            id="ch-ade",
            name="Ade Bello",
            role="service-manager",
            grade="manager",
            calendar=office,
            rates=(rate(start, "65", "110"),),
        ),
        Person(
            id="ch-mei",
            name="Mei Chen",
            role="app-engineer",
            grade="senior",
            calendar=office,
            rates=(rate(start, "52", "90"),),
        ),
        Person(
            id="ch-tom",
            name="Tom Reid",
            role="app-engineer",
            grade="senior",
            calendar=office,
            rates=(rate(start, "50", "90"),),
            last_day=date(2026, 3, 31),
        ),
        Person(
            id="ch-zara",
            name="Zara Khan",
            role="app-engineer",
            grade="senior",
            calendar=office,
            rates=(rate(date(2026, 5, 11), "54", "90"),),
            joined_on=date(2026, 5, 11),
        ),
        Person(
            id="ch-ivan",
            name="Ivan Petrov",
            role="integration-engineer",
            grade="lead",
            calendar=office,
            rates=(rate(start, "58", "100"), rate(date(2026, 4, 1), "60", "100")),
        ),
        Person(
            id="ch-lucy",
            name="Lucy Grant",
            role="tester",
            grade="consultant",
            calendar=office,
            rates=(rate(date(2025, 9, 22), "44", "75"),),
            joined_on=date(2025, 9, 22),
        ),
        Person(
            id="ch-raj",
            name="Raj Patel",
            role="integration-engineer",
            grade="contractor",
            calendar=office,
            rates=(rate(date(2026, 2, 9), "75", "100"),),
            joined_on=date(2026, 2, 9),
            last_day=date(2026, 4, 30),
        ),
    )


_CONTOSO_LEAVE = (
    Leave(person="ch-mei", start=date(2025, 8, 11), end=date(2025, 8, 22)),
    Leave(person="ch-ade", start=date(2025, 12, 22), end=date(2026, 1, 2)),
    Leave(person="ch-ivan", start=date(2026, 4, 6), end=date(2026, 4, 10)),
    Leave(person="ch-lucy", start=date(2026, 5, 26), end=date(2026, 5, 29)),
)


def _contoso_time(team: tuple[Person, ...]) -> list[TimeEntry]:
    """Return the team's time entries, every working day of the year.

    7 billable hours and 1 of service admin on the engagement, plus the
    engineers' rework once it starts; Raj, brought in for the rework, bills
    nothing; Zara's first two days are induction (not client work).
    """
    away = {(r.person, d) for r in _CONTOSO_LEAVE for d in r.days()}
    entries = []
    day = DELIVERY_YEAR.start
    while day < DELIVERY_YEAR.end:
        for person in team:
            if (
                day.weekday() >= 5  # noqa: PLR2004 - Saturday and Sunday
                or day in UK_HOLIDAYS
                or (person.id, day) in away
                or not person.employed_on(day)
            ):
                continue
            entries.extend(_contoso_day(person, day))
        day += timedelta(days=1)
    return entries


def _contoso_day(person: Person, day: date) -> list[TimeEntry]:
    def entry(
        hours: Decimal, *, billable: bool, activity: str, code: str = "CH-AMS"
    ) -> TimeEntry:
        return TimeEntry(
            person=person.id,
            engagement=code,
            day=day,
            hours=hours,
            billable=billable,
            activity=activity,
        )

    if person.id == "ch-zara" and day < date(2026, 5, 13):
        return [
            entry(Decimal(8), billable=False, activity="induction", code="INDUCTION")
        ]
    if person.id == "ch-raj":
        return [entry(Decimal(8), billable=False, activity="rework")]
    found = [
        entry(Decimal(7), billable=True, activity="service"),
        entry(Decimal(1), billable=False, activity="service admin"),
    ]
    extra = _rework(day) if person.role != "service-manager" else Decimal(0)
    if extra:
        found.append(entry(extra, billable=False, activity="rework"))
    return found


def _contoso_delivery() -> DeliveryRecords:
    """Contoso's delivery year: a fixed-fee service whose margin erodes.

    The release of 2 February breaks e-prescribing; the engineers add rework
    hours nobody pays for, a contractor is brought in for ten weeks, a senior
    engineer resigns (last day 31 March) and is replaced six weeks late, and
    the outage of 12 June brings the rework back. The 2026 budget (GBP 46,000
    a month) is half spent by 30 June only on the calendar: the project
    manager reports the year's service 50 % delivered, while the cost is well
    past half.
    """
    team = _contoso_team()
    return DeliveryRecords(
        people=team,
        engagements=(
            Engagement(
                id="CH-AMS",
                name="Clinical applications management",
                service_line="applications",
                contract_id="CH-SOW-1",
            ),
        ),
        entries=tuple(_contoso_time(team)),
        leave=_CONTOSO_LEAVE,
        expenses=(
            Expense(
                id="CH-X1",
                engagement="CH-AMS",
                day=date(2026, 6, 19),
                amount=Money("1840.00", "GBP"),
                description="on-site recovery after the outage: travel and hotel",
            ),
        ),
        budgets=tuple(
            BudgetLine(
                engagement="CH-AMS",
                month=date(2026, month, 1),
                cost=Money("46000", "GBP"),
                hours="900",
            )
            for month in range(1, 13)
        ),
        progress=(
            Progress(engagement="CH-AMS", day=date(2026, 3, 31), complete="0.25"),
            Progress(engagement="CH-AMS", day=date(2026, 6, 30), complete="0.50"),
        ),
        demand=(
            Demand(
                id="CH-D1",
                role="tester",
                opened_on=date(2025, 8, 4),
                requested_start=date(2025, 10, 1),
                filled_on=date(2025, 9, 1),
                filled_by="ch-lucy",
                engagement="CH-AMS",
            ),
            Demand(
                id="CH-D2",
                role="app-engineer",
                opened_on=date(2026, 2, 16),
                requested_start=date(2026, 4, 1),
                filled_on=date(2026, 4, 27),
                filled_by="ch-zara",
                engagement="CH-AMS",
            ),
            Demand(
                id="CH-D3",
                role="integration-engineer",
                opened_on=date(2026, 6, 15),
                requested_start=date(2026, 6, 29),
                engagement="CH-AMS",
            ),
        ),
        leavers=(
            Leaver(
                person="ch-tom",
                last_day=date(2026, 3, 31),
                voluntary=True,
                reason="resigned: workload after the February release",
            ),
            Leaver(
                person="ch-raj",
                last_day=date(2026, 4, 30),
                voluntary=False,
                reason="contract assignment ended",
            ),
        ),
    )


def contoso(rng: random.Random) -> Account:
    """Return Contoso Health: an account in trouble on every front."""
    client, gbp = "contoso", "GBP"
    apps = _contract(
        client,
        gbp,
        "CH-SOW-1",
        "Clinical applications management",
        "62000",
        (date(2023, 10, 1), date(2026, 10, 1)),
    )
    invoices, payments = _billing(client, [apps], rng, (20, 75))
    disputed = invoices[-3]
    invoices[-3] = Invoice(
        id=disputed.id,
        customer=client,
        issued_on=disputed.issued_on,
        amount=disputed.amount,
        due_on=disputed.due_on,
        contract_id=disputed.contract_id,
        disputed=True,
    )
    payments = [p for p in payments if p.invoice_id != disputed.id]
    board = StakeholderMap(
        stakeholders=_people(
            [
                (
                    "grace",
                    "Grace Okafor",
                    "Chief Digital Officer",
                    None,
                    (BuyingRole.ECONOMIC_BUYER,),
                    Attitude.SKEPTIC,
                    0.95,
                ),
                (
                    "liam",
                    "Liam Price",
                    "Head of Clinical Systems",
                    "grace",
                    (BuyingRole.DECISION_MAKER, BuyingRole.CHAMPION),
                    Attitude.CHAMPION,
                    0.8,
                ),
                (
                    "priya",
                    "Priya Nair",
                    "Interim Head of Clinical Systems",
                    "grace",
                    (BuyingRole.DECISION_MAKER,),
                    Attitude.NEUTRAL,
                    0.8,
                ),
                (
                    "owen",
                    "Owen Hughes",
                    "Integration Architect",
                    "priya",
                    (BuyingRole.TECHNICAL_BUYER,),
                    Attitude.BLOCKER,
                    0.6,
                ),
            ],
            departed={"liam"},
        ),
        influences=(
            Influence(source="owen", target="priya", strength=0.7),
            Influence(source="priya", target="grace", strength=0.6),
        ),
        relationships=_ties(
            [
                ("sam", "liam", 0.9, RelationshipLevel.TRUSTED_ADVISOR),
                ("sam", "grace", 0.3, RelationshipLevel.VENDOR),
                ("kim", "owen", 0.5, RelationshipLevel.VENDOR),
            ],
            date(2026, 2, 10),
        ),
    )
    return Account(
        id=client,
        name="Contoso Health",
        currency=gbp,
        contracts=(apps,),
        invoices=tuple(invoices),
        payments=tuple(payments),
        credit_notes=(),
        service=(
            _sla(
                "CH-SLA-1",
                apps,
                rng,
                {
                    "availability": {7, 9, 11},
                    "p1_response": {8, 10, 11},
                    "first_time_fix": {2, 5, 6, 9, 10},
                },
            ),
        ),
        stakeholders=board,
        wallet=_wallet(
            gbp,
            {
                "applications": ("1400000", "700000", "1500000", "720000"),
                "infrastructure": ("900000", "150000", "950000", "60000"),
            },
        ),
        units=("clinical", "corporate"),
        footprint=(Footprint(unit="clinical", service_line="applications"),),
        surveys=_surveys(rng, [3, 6, 7, 4, 8, 5, 9, 2], [2, 3, 3, 4, 2, 3, 1, 4, 3]),
        escalations=(
            Escalation(
                id="CH-E1",
                title="Patient record sync outage",
                severity=Severity.CRITICAL,
                raised_on=date(2026, 6, 12),
            ),
            Escalation(
                id="CH-E2",
                title="Release broke e-prescribing",
                severity=Severity.HIGH,
                raised_on=date(2026, 2, 2),
                closed_on=date(2026, 3, 30),
            ),
        ),
        opportunities=(
            Opportunity(
                id="CH-O1",
                name="Applications renewal",
                stage=Stage.QUALIFYING,
                value=Money("750000", gbp),
                probability=Decimal("0.4"),
                close_on=date(2026, 9, 1),
                service_line="applications",
            ),
            Opportunity(
                id="CH-O2",
                name="Hosting migration",
                stage=Stage.LOST,
                value=Money("400000", gbp),
                probability=Decimal(0),
                close_on=date(2025, 11, 1),
                service_line="infrastructure",
            ),
        ),
        costs=_costs(gbp, "57000", rng),
        obligations=_contoso_obligations(),
        delivery=_contoso_delivery(),
        plan=(
            AccountPlan(
                year=2026,
                revenue=Money("800000", gbp),
                margin=Decimal("0.15"),
                share_of_wallet=Decimal("0.35"),
            ),
        ),
    )


def fabrikam(rng: random.Random) -> Account:
    """Return Fabrikam Retail: a healthy, growing account."""
    client, usd = "fabrikam", "USD"
    stores = _contract(
        client,
        usd,
        "FR-SOW-1",
        "Store systems support",
        "55000",
        (date(2024, 4, 1), date(2027, 4, 1)),
        auto_renew=True,
    )
    ecommerce = _contract(
        client,
        usd,
        "FR-SOW-2",
        "E-commerce platform operations",
        "30000",
        (date(2025, 1, 1), date(2027, 1, 1)),
    )
    invoices, payments = _billing(client, [stores, ecommerce], rng, (-10, 3))
    board = StakeholderMap(
        stakeholders=_people(
            [
                (
                    "diego",
                    "Diego Alvarez",
                    "CIO",
                    None,
                    (BuyingRole.ECONOMIC_BUYER,),
                    Attitude.CHAMPION,
                    0.95,
                ),
                (
                    "sara",
                    "Sara Kim",
                    "VP Store Technology",
                    "diego",
                    (BuyingRole.DECISION_MAKER,),
                    Attitude.SUPPORTER,
                    0.8,
                ),
                (
                    "noah",
                    "Noah Brooks",
                    "Director E-commerce",
                    "diego",
                    (BuyingRole.DECISION_MAKER, BuyingRole.TECHNICAL_BUYER),
                    Attitude.SUPPORTER,
                    0.7,
                ),
                (
                    "ella",
                    "Ella Ward",
                    "Store Operations Lead",
                    "sara",
                    (BuyingRole.USER_BUYER, BuyingRole.COACH),
                    Attitude.CHAMPION,
                    0.4,
                ),
            ]
        ),
        influences=(
            Influence(source="sara", target="diego", strength=0.6),
            Influence(source="noah", target="diego", strength=0.5),
            Influence(source="ella", target="sara", strength=0.5),
        ),
        relationships=_ties(
            [
                ("raj", "diego", 0.9, RelationshipLevel.TRUSTED_ADVISOR),
                ("lena", "diego", 0.6, RelationshipLevel.PROBLEM_SOLVER),
                ("raj", "sara", 0.8, RelationshipLevel.PROBLEM_SOLVER),
                ("lena", "sara", 0.7, RelationshipLevel.PROBLEM_SOLVER),
                ("lena", "noah", 0.8, RelationshipLevel.PROBLEM_SOLVER),
                ("raj", "noah", 0.6, RelationshipLevel.CREDIBLE_SOURCE),
                ("lena", "ella", 0.9, RelationshipLevel.TRUSTED_ADVISOR),
            ],
            date(2026, 5, 20),
        ),
    )
    return Account(
        id=client,
        name="Fabrikam Retail",
        currency=usd,
        contracts=(stores, ecommerce),
        invoices=tuple(invoices),
        payments=tuple(payments),
        credit_notes=(),
        service=(
            _sla("FR-SLA-1", stores, rng, {}),
            _sla("FR-SLA-2", ecommerce, rng, {}),
        ),
        stakeholders=board,
        wallet=_wallet(
            usd,
            {
                "stores": ("900000", "600000", "950000", "660000"),
                "ecommerce": ("700000", "150000", "800000", "360000"),
                "analytics": ("300000", "0", "350000", "60000"),
            },
        ),
        units=("stores", "online", "supply_chain"),
        footprint=(
            Footprint(unit="stores", service_line="stores"),
            Footprint(unit="online", service_line="ecommerce"),
            Footprint(unit="online", service_line="analytics"),
            Footprint(unit="supply_chain", service_line="analytics"),
        ),
        surveys=_surveys(rng, [10, 9, 9, 8, 10, 9, 7, 10, 9], [5, 5, 4, 4, 5, 4, 5, 5]),
        escalations=(
            Escalation(
                id="FR-E1",
                title="Black Friday checkout latency",
                severity=Severity.HIGH,
                raised_on=date(2025, 11, 28),
                closed_on=date(2025, 12, 1),
            ),
        ),
        opportunities=(
            Opportunity(
                id="FR-O1",
                name="Analytics managed service",
                stage=Stage.PROPOSING,
                value=Money("300000", usd),
                probability=Decimal("0.5"),
                close_on=date(2026, 9, 30),
                service_line="analytics",
            ),
            Opportunity(
                id="FR-O2",
                name="Supply-chain integration",
                stage=Stage.QUALIFYING,
                value=Money("250000", usd),
                probability=Decimal("0.25"),
                close_on=date(2026, 12, 15),
                service_line="analytics",
            ),
            Opportunity(
                id="FR-O3",
                name="E-commerce operations",
                stage=Stage.WON,
                value=Money("720000", usd),
                probability=Decimal(1),
                close_on=date(2024, 12, 1),
                service_line="ecommerce",
            ),
            Opportunity(
                id="FR-O4",
                name="Store analytics pilot",
                stage=Stage.WON,
                value=Money("60000", usd),
                probability=Decimal(1),
                close_on=date(2026, 3, 15),
                service_line="analytics",
            ),
        ),
        costs=_costs(usd, "61000", rng),
        obligations=(
            _meeting(
                "FR-OB-QBR",
                "Quarterly business review",
                "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
                "FR-SOW-1",
            ),
        ),
        plan=(
            AccountPlan(
                year=2026,
                revenue=Money("1000000", usd),
                margin=Decimal("0.25"),
                share_of_wallet=Decimal("0.45"),
            ),
        ),
    )


def portfolio() -> list[Account]:
    """Return the three sample accounts (the same every time)."""
    rng = random.Random(2026)  # noqa: S311 - sample data, not secrets
    return [northwind(rng), contoso(rng), fabrikam(rng)]


def main() -> None:
    """Write the sample portfolio as JSON, and as a folder of CSV tables."""
    path = OUT / "sample_portfolio.json"
    path.write_text(to_json(portfolio(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    written = write_tables(portfolio(), OUT / "sample", replace=True)
    print(f"wrote {len(written)} tables in {OUT / 'sample'}")


if __name__ == "__main__":
    main()
