"""The monthly service review of an account: every calculator, one answer.

:func:`review` runs the library's calculators over an :class:`Account` for a
day and gathers what an account manager brings to a monthly service review:
health with its explanation, the SLA position and credits, ageing and debtor
days, revenue against contract and plan, share of wallet, stakeholder cover,
growth, escalations, and one prioritised list of flags across all of them.
"""

import enum
import functools
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import attrs

from accountkit._validators import whole_number
from accountkit.account._model import Account, Severity, Stage, SurveyKind
from accountkit.account._scorecard import default_scorecard
from accountkit.contracts import assess_service_levels
from accountkit.errors import InsufficientDataError, ValidationError
from accountkit.finance import (
    Attainment,
    Penetration,
    WalletReport,
    ageing,
    attainment,
    countback_dso,
    open_items,
    penetration,
    wallet_by_service_line,
)
from accountkit.health import HealthScore, Observation, Scorecard, csat, nps, score
from accountkit.money import Money
from accountkit.periods import Period, add_months, check_date
from accountkit.relationships import (
    BlockerRisk,
    FlagKind,
    RedFlag,
    alignment,
    coverage,
    multithreading,
    red_flags,
)

__all__ = [
    "AccountReview",
    "Area",
    "EscalationPosition",
    "Flag",
    "GrowthPosition",
    "Priority",
    "ReceivablesPosition",
    "RelationshipPosition",
    "RevenuePosition",
    "ServicePosition",
    "SeverityCount",
    "Thresholds",
    "WalletPosition",
    "review",
    "review_many",
]

PLACES = Decimal("0.01")
"""Percentages and days in a review are rounded half-up to 2 places."""
HUNDRED = Decimal(100)
YEAR_DAYS = 365
DSO_MONTHS = 6
"""Months of billing the countback DSO can count back through."""
BLOCKER_SEVERITY = 0.5
"""A blocker risk this severe or worse (a skeptic is 0.5, a blocker 1) is flagged."""
RENEWAL_WARNING_DAYS = 120
"""A contract ending within this many days without auto-renewal is flagged."""


@attrs.frozen(kw_only=True)
class Thresholds:
    """Where a review raises a flag; the defaults are documented on each."""

    sla_attainment: Decimal = Decimal(95)
    """Flag service levels met less often than this (%) over 12 months."""
    credit_share: Decimal = Decimal(2)
    """Flag credits above this share of fees (%) this year."""
    over_30_watch: Decimal = Decimal(10)
    """Flag receivables more than 30 days overdue above this share (%)..."""
    over_30_now: Decimal = Decimal(20)
    """... and act now above this share."""
    debtor_days_watch: Decimal = Decimal(45)
    """Flag debtor days above this..."""
    debtor_days_now: Decimal = Decimal(60)
    """... and act now above this."""
    attainment_watch: Decimal = Decimal(97)
    """Flag billing below this share (%) of what the contracts schedule..."""
    attainment_now: Decimal = Decimal(90)
    """... and act now below this."""
    plan_shortfall: Decimal = Decimal("0.05")
    """Flag a year-end projection short of plan by more than this fraction."""
    wallet_fall: Decimal = Decimal(2)
    """Flag a share of wallet that fell this many points or more in a year."""
    win_rate: Decimal = Decimal(25)
    """Flag a win rate below this (%)."""
    completeness: float = 0.75
    """Flag a health score resting on less than this share of its weight."""
    escalation_days: int = 30
    """Flag a medium or low escalation open longer than this."""


THRESHOLDS = Thresholds()
"""The default thresholds of :func:`review`."""


class Priority(enum.Enum):
    """How soon a flag needs acting on; a lower value is sooner."""

    NOW = 1
    """Act now, the account is at risk."""
    THIS_MONTH = 2
    """Act before the next review."""
    WATCH = 3
    """Keep an eye on it."""


class Area(enum.Enum):
    """What a flag is about, in the order a review walks through them."""

    HEALTH = "health"
    SERVICE = "service"
    ESCALATIONS = "escalations"
    RECEIVABLES = "receivables"
    REVENUE = "revenue"
    CONTRACTS = "contracts"
    RELATIONSHIPS = "relationships"
    WALLET = "wallet"
    GROWTH = "growth"


_AREA_ORDER = {area: index for index, area in enumerate(Area)}


@attrs.frozen(kw_only=True)
class Flag:
    """One thing for the account manager to act on."""

    priority: Priority
    area: Area
    message: str


@attrs.frozen(kw_only=True)
class ServicePosition:
    """Service levels over the 12 months to the review day.

    ``attainment`` is the share of measured (level, period) results that met
    their target; credits are those issued by the credit regimes (after caps
    and earnback) in the calendar year to date, and ``credit_share`` their
    share of the fees they were figured on.
    """

    results: int
    met: int
    attainment: Decimal | None
    failed_last_period: tuple[str, ...]
    """``agreement/level`` ids that failed in each agreement's latest period."""
    critical_failed: tuple[str, ...]
    """Those of them whose level is critical."""
    credits_this_year: Money
    fees_this_year: Money
    credit_share: Decimal | None


@attrs.frozen(kw_only=True)
class ReceivablesPosition:
    """What the client owes on the review day, aged by due date."""

    labels: tuple[str, ...]
    buckets: tuple[Money, ...]
    open: Money
    overdue: Money
    over_30: Money
    over_30_share: Decimal | None
    disputed: Money
    debtor_days: Decimal | None
    """Countback DSO over up to six months of billing; None with nothing
    billed."""


@attrs.frozen(kw_only=True)
class RevenuePosition:
    """Billed against contract in the calendar year, and against plan."""

    attainment: Attainment | None
    attainment_rate: Decimal | None
    """Billed to date / contracted to date, in %."""
    plan: Money | None
    projection: Money | None
    """The year-end projection, the lower of the forecast and the run rate.
    The forecast follows the billing but cannot know that a contract expires;
    the run rate follows the contracts but not billing that falls short."""
    projection_vs_plan: Money | None
    margin: Decimal | None
    """(billed - costs) / billed in the year to date, in %; None without
    costs."""
    plan_margin: Decimal | None
    note: str


@attrs.frozen(kw_only=True)
class WalletPosition:
    """Our share of the client's spend, its trend, and our footprint."""

    report: WalletReport | None
    estimated_on: date | None
    """The day of the latest estimate used (health flags it stale after a
    year)."""
    share: Decimal | None
    """Our share of the estimated wallet, in %."""
    share_a_year_ago: Decimal | None
    trend: Decimal | None
    """Change in share over the year, in percentage points."""
    plan_share: Decimal | None
    penetration: Penetration | None


@attrs.frozen(kw_only=True)
class RelationshipPosition:
    """Stakeholder cover, support, threading and survey results."""

    map_status: int | None
    status_reason: str
    support: float | None
    champions: tuple[str, ...]
    missing_roles: tuple[str, ...]
    single_threaded: tuple[str, ...]
    blockers: tuple[BlockerRisk, ...]
    """Who could block us, most risky first (see
    :func:`~accountkit.relationships.alignment`)."""
    flags: tuple[RedFlag, ...]
    nps: float | None
    nps_responses: int
    csat: float | None
    csat_responses: int


@attrs.frozen(kw_only=True)
class GrowthPosition:
    """The pipeline and the win rate over the last 12 months."""

    open_pipeline: Money
    weighted_pipeline: Money
    won: int
    lost: int
    win_rate: Decimal | None
    pipeline_cover: Decimal | None
    """Weighted pipeline over the contracted value of the year, in %."""


@attrs.frozen(kw_only=True)
class SeverityCount:
    """How many escalations of one severity are open."""

    severity: Severity
    count: int


@attrs.frozen(kw_only=True)
class EscalationPosition:
    """Escalations open on the review day and how fast they get closed."""

    open: tuple[str, ...]
    open_by_severity: tuple[SeverityCount, ...]
    oldest_open_days: int | None
    closed_last_year: int
    mean_days_to_close: Decimal | None


@attrs.frozen(kw_only=True)
class AccountReview:
    """Everything about one account on one day, with its flags in order."""

    account: str
    name: str
    as_of: date
    currency: str
    health: HealthScore
    service: ServicePosition
    receivables: ReceivablesPosition
    revenue: RevenuePosition
    wallet: WalletPosition
    relationships: RelationshipPosition
    growth: GrowthPosition
    escalations: EscalationPosition
    flags: tuple[Flag, ...]


def review(
    account: Account,
    *,
    as_of: date,
    scorecard: Scorecard | None = None,
    thresholds: Thresholds = THRESHOLDS,
) -> AccountReview:
    """Review ``account`` as of ``as_of``.

    Parameters
    ----------
    account
        The account.
    as_of
        The review day: only what is known on it counts.
    scorecard
        The health scorecard (default: :func:`default_scorecard`). Its
        measures are looked up by id among those the review computes; a
        measure the review does not compute is missing.
    thresholds
        Where flags are raised (default: :class:`Thresholds`).

    Returns
    -------
    AccountReview
        The same for the same account and day, every time.

    Raises
    ------
    ValidationError
        If ``account`` is not an :class:`Account` or the day is not a date.
    """
    where = "review"
    day = check_date(as_of, where=where, path="as_of")
    if not isinstance(account, Account):
        message = f"expected an Account, got {type(account).__name__}"
        raise ValidationError(message, path="account", root=where)
    service = _service(account, day)
    receivables = _receivables(account, day)
    revenue = _revenue(account, day)
    wallet = _wallet(account, day)
    relationships = _relationships(account, day)
    growth = _growth(account, day, revenue)
    escalations = _escalations(account, day)
    measures = _measures(
        service=service,
        receivables=receivables,
        revenue=revenue,
        wallet=wallet,
        relationships=relationships,
        growth=growth,
        escalations=escalations,
    )
    card = scorecard or default_scorecard()
    known = set(card.measure_ids)
    # the wallet measures are as old as the estimates behind them
    seen_on = (
        {}
        if wallet.estimated_on is None
        else dict.fromkeys(("share_of_wallet", "wallet_trend"), wallet.estimated_on)
    )
    health = score(
        card,
        [
            Observation(measure=k, value=v, observed_on=seen_on.get(k, day))
            for k, v in measures.items()
            if v is not None and k in known
        ],
        as_of=day,
        overrides=account.overrides,
        account=account.id,
    )
    seen = AccountReview(
        account=account.id,
        name=account.name,
        as_of=day,
        currency=account.currency,
        health=health,
        service=service,
        receivables=receivables,
        revenue=revenue,
        wallet=wallet,
        relationships=relationships,
        growth=growth,
        escalations=escalations,
        flags=(),
    )
    return attrs.evolve(seen, flags=_flags(account, day, seen, thresholds))


def review_many(
    accounts: Sequence[Account],
    *,
    as_of: date,
    scorecard: Scorecard | None = None,
    thresholds: Thresholds = THRESHOLDS,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[AccountReview]:
    """Review every account of a portfolio, in order, in ``workers`` processes.

    The reviews are those :func:`review` gives one account at a time; with
    ``workers`` above 1 the accounts are shared out among that many worker
    processes (worth it from a few dozen accounts). ``progress`` is called
    with (accounts done, accounts in all) after each one.

    Raises
    ------
    ValidationError
        If an item is not an :class:`Account` (at its index), or ``workers``
        is not a whole number of at least 1.
    """
    where = "review_many"
    count = whole_number(workers, where=where, path="workers", minimum=1)
    items = list(accounts)
    for index, account in enumerate(items):
        if not isinstance(account, Account):
            message = f"expected an Account, got {type(account).__name__}"
            raise ValidationError(message, path=("accounts", index), root=where)
    one = functools.partial(
        review, as_of=as_of, scorecard=scorecard, thresholds=thresholds
    )
    if count == 1 or len(items) < 2 * count:
        return _collect(map(one, items), len(items), progress)
    chunk = max(1, len(items) // (count * 8))
    with ProcessPoolExecutor(max_workers=count) as pool:
        return _collect(pool.map(one, items, chunksize=chunk), len(items), progress)


def _collect(
    results: Iterable[AccountReview],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> list[AccountReview]:
    """Gather ``results`` in order, reporting progress after each."""
    out: list[AccountReview] = []
    for result in results:
        out.append(result)
        if progress is not None:
            progress(len(out), total)
    return out


def _rounded(number: Decimal) -> Decimal:
    return number.quantize(PLACES, rounding=ROUND_HALF_UP)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else _rounded(part * HUNDRED / whole)


def _as_percent(fraction: Decimal | None) -> Decimal | None:
    return None if fraction is None else _rounded(fraction * HUNDRED)


def _zero(account: Account) -> Money:
    return Money.zero(account.currency)


# --- service levels -------------------------------------------------------------------


def _service(account: Account, day: date) -> ServicePosition:
    since = day - timedelta(days=YEAR_DAYS)
    year_start = date(day.year, 1, 1)
    results = met = 0
    failed: list[str] = []
    critical: list[str] = []
    issued, fees = _zero(account), _zero(account)
    for agreement in account.service:
        periods = {
            m.period
            for m in agreement.measurements
            if m.period.end <= day + timedelta(days=1) and m.period.end > since
        }
        if not periods:
            continue
        charges = [c for c in agreement.charges if c.period in periods]
        measured = [m for m in agreement.measurements if m.period in periods]
        report = assess_service_levels(
            agreement.levels,
            agreement.regime,
            measurements=measured,
            charges=charges,
            waivers=agreement.waivers,
        )
        last = max(periods)
        critical_levels = {level.id for level in agreement.levels if level.critical}
        for result in report.levels:
            if result.measured is None:
                continue
            results += 1
            met += bool(result.met)
            if result.period == last and not result.met:
                name = f"{agreement.id}/{result.service_level_id}"
                failed.append(name)
                if result.service_level_id in critical_levels:
                    critical.append(name)
        for period in report.periods:
            if period.period.start >= year_start:
                issued = issued + period.issued_total
                fees = fees + period.charges
    return ServicePosition(
        results=results,
        met=met,
        attainment=_percent(Decimal(met), Decimal(results)),
        failed_last_period=tuple(sorted(failed)),
        critical_failed=tuple(sorted(critical)),
        credits_this_year=issued,
        fees_this_year=fees,
        credit_share=_percent(issued.amount, fees.amount),
    )


# --- receivables ----------------------------------------------------------------------


def _receivables(account: Account, day: date) -> ReceivablesPosition:
    invoices = [i for i in account.invoices if i.issued_on <= day]
    items = open_items(
        invoices,
        [p for p in account.payments if p.received_on <= day],
        [c for c in account.credit_notes if c.issued_on <= day],
        as_of=day,
    )
    report = ageing(items, as_of=day)
    zero = _zero(account)
    row = report.total
    buckets = tuple(row.buckets) if items else tuple(zero for _ in report.labels)
    open_total = row.total if items else zero
    overdue = sum(buckets[1:], zero)
    over_30 = sum(buckets[2:], zero)
    disputed = row.disputed if items else zero
    return ReceivablesPosition(
        labels=report.labels,
        buckets=buckets,
        open=open_total,
        overdue=overdue,
        over_30=over_30,
        over_30_share=_percent(over_30.amount, open_total.amount),
        disputed=disputed,
        debtor_days=_debtor_days(account, day, open_total),
    )


def _debtor_days(account: Account, day: date, owed: Money) -> Decimal | None:
    """Countback DSO over the months before the review day, newest first."""
    months = []
    end = day + timedelta(days=1)
    for _ in range(DSO_MONTHS):
        start = add_months(end, -1)
        months.append(Period(start, end))
        end = start
    sales = [
        sum(
            (i.amount for i in account.invoices if i.issued_on in month),
            _zero(account),
        )
        for month in months
    ]
    if all(s.amount == 0 for s in sales):
        return None
    result = countback_dso(
        owed, sales, period_days=[m.days for m in months], allow_partial=True
    )
    return _rounded(result.days)


# --- revenue --------------------------------------------------------------------------


def _revenue(account: Account, day: date) -> RevenuePosition:
    year = Period(date(day.year, 1, 1), date(day.year + 1, 1, 1))
    plan = account.plan_for(day.year)
    found: Attainment | None = None
    note = ""
    in_year = [c for c in account.contracts if c.term.overlap(year) is not None]
    if in_year:
        try:
            found = attainment(
                in_year,
                [i for i in account.invoices if i.issued_on <= day],
                year=year,
                as_of=day,
                credit_notes=[c for c in account.credit_notes if c.issued_on <= day],
            )
        except InsufficientDataError as err:
            note = f"no attainment: {err}"
    else:
        note = "no contract runs this year"
    rate = projection = versus = None
    if found is not None:
        rate = _percent(found.billed_to_date.amount, found.contracted_to_date.amount)
        projection = found.run_rate
        if found.forecast is not None:
            projection = min(found.forecast, found.run_rate)
        if plan is not None:
            versus = projection - plan.revenue
    return RevenuePosition(
        attainment=found,
        attainment_rate=rate,
        plan=None if plan is None else plan.revenue,
        projection=projection,
        projection_vs_plan=versus,
        margin=_margin(account, day, year),
        plan_margin=_as_percent(None if plan is None else plan.margin),
        note=note,
    )


def _margin(account: Account, day: date, year: Period) -> Decimal | None:
    costs = [
        c.amount
        for c in account.costs
        if c.incurred_on in year and c.incurred_on <= day
    ]
    if not costs:
        return None
    zero = _zero(account)
    billed = sum(
        (
            i.amount
            for i in account.invoices
            if i.issued_on in year and i.issued_on <= day
        ),
        zero,
    ) - sum(
        (
            c.amount
            for c in account.credit_notes
            if c.issued_on in year and c.issued_on <= day
        ),
        zero,
    )
    spent = sum(costs, zero)
    return _percent((billed - spent).amount, billed.amount)


# --- wallet ---------------------------------------------------------------------------


def _latest_share(
    account: Account, day: date
) -> tuple[dict[str, Money], dict[str, Money]]:
    latest: dict[str, tuple[date, Money, Money]] = {}
    for estimate in account.wallet:
        if estimate.estimated_on > day:
            continue
        kept = latest.get(estimate.service_line)
        if kept is None or estimate.estimated_on >= kept[0]:
            latest[estimate.service_line] = (
                estimate.estimated_on,
                estimate.wallet,
                estimate.ours,
            )
    wallet = {line: w for line, (_, w, _) in latest.items()}
    ours = {line: o for line, (_, _, o) in latest.items()}
    return wallet, ours


def _wallet(account: Account, day: date) -> WalletPosition:
    plan = account.plan_for(day.year)
    plan_share = _as_percent(None if plan is None else plan.share_of_wallet)
    wallet, ours = _latest_share(account, day)
    report = share = before = trend = None
    if wallet:
        report = wallet_by_service_line(wallet, ours, account=account.id)
        share = _total_share(wallet, ours, account)
        then_wallet, then_ours = _latest_share(account, day - timedelta(days=YEAR_DAYS))
        before = _total_share(then_wallet, then_ours, account) if then_wallet else None
        if share is not None and before is not None:
            trend = share - before
    served = None
    if account.units:
        lines = sorted(
            {w.service_line for w in account.wallet}
            | {f.service_line for f in account.footprint}
        )
        if lines:
            served = penetration(
                [(f.unit, f.service_line) for f in account.footprint],
                units=account.units,
                service_lines=lines,
            )
    return WalletPosition(
        report=report,
        estimated_on=max(
            (e.estimated_on for e in account.wallet if e.estimated_on <= day),
            default=None,
        ),
        share=share,
        share_a_year_ago=before,
        trend=trend,
        plan_share=plan_share,
        penetration=served,
    )


def _total_share(
    wallet: dict[str, Money], ours: dict[str, Money], account: Account
) -> Decimal | None:
    zero = _zero(account)
    return _percent(sum(ours.values(), zero).amount, sum(wallet.values(), zero).amount)


# --- relationships --------------------------------------------------------------------


def _relationships(account: Account, day: date) -> RelationshipPosition:
    since = day - timedelta(days=YEAR_DAYS)
    answers = {
        kind: [
            s.score
            for s in account.surveys
            if s.kind is kind and since < s.answered_on <= day
        ]
        for kind in SurveyKind
    }
    promoters = nps(answers[SurveyKind.NPS])
    satisfied = csat(answers[SurveyKind.CSAT])
    board = account.stakeholders
    if board is None or not board.stakeholders:
        return RelationshipPosition(
            map_status=None,
            status_reason="no stakeholder map",
            support=None,
            champions=(),
            missing_roles=(),
            single_threaded=(),
            blockers=(),
            flags=(),
            nps=promoters.value,
            nps_responses=promoters.responses,
            csat=satisfied.value,
            csat_responses=satisfied.responses,
        )
    cover = coverage(board)
    aligned = alignment(board)
    return RelationshipPosition(
        map_status=cover.status,
        status_reason=cover.status_reason,
        support=aligned.support,
        champions=cover.champions,
        missing_roles=tuple(role.value for role in cover.missing_roles),
        single_threaded=tuple(
            t.stakeholder for t in multithreading(board) if t.single_threaded
        ),
        blockers=aligned.blocker_risks,
        flags=red_flags(board, as_of=day),
        nps=promoters.value,
        nps_responses=promoters.responses,
        csat=satisfied.value,
        csat_responses=satisfied.responses,
    )


# --- growth and escalations -----------------------------------------------------------


def _growth(account: Account, day: date, revenue: RevenuePosition) -> GrowthPosition:
    zero = _zero(account)
    since = day - timedelta(days=YEAR_DAYS)
    still_open = [o for o in account.opportunities if o.is_open]
    weighted = sum((o.value * o.probability for o in still_open), zero).rounded()
    decided = [
        o for o in account.opportunities if not o.is_open and since < o.close_on <= day
    ]
    won = sum(o.stage is Stage.WON for o in decided)
    lost = len(decided) - won
    contracted = (
        revenue.attainment.contracted_for_year.amount
        if revenue.attainment is not None
        else Decimal(0)
    )
    return GrowthPosition(
        open_pipeline=sum((o.value for o in still_open), zero),
        weighted_pipeline=weighted,
        won=won,
        lost=lost,
        win_rate=_percent(Decimal(won), Decimal(won + lost)),
        pipeline_cover=_percent(weighted.amount, contracted),
    )


def _escalations(account: Account, day: date) -> EscalationPosition:
    since = day - timedelta(days=YEAR_DAYS)
    still_open = sorted(
        (e for e in account.escalations if e.is_open(day)),
        key=lambda e: (list(Severity).index(e.severity), e.raised_on, e.id),
    )
    closed = [
        e
        for e in account.escalations
        if e.closed_on is not None and since < e.closed_on <= day
    ]
    days = [e.days_open(day) for e in closed]
    return EscalationPosition(
        open=tuple(e.id for e in still_open),
        open_by_severity=tuple(
            SeverityCount(severity=level, count=n)
            for level in Severity
            if (n := sum(e.severity is level for e in still_open))
        ),
        oldest_open_days=max((e.days_open(day) for e in still_open), default=None),
        closed_last_year=len(closed),
        mean_days_to_close=None
        if not days
        else _rounded(Decimal(sum(days)) / len(days)),
    )


# --- health measures and flags --------------------------------------------------------


def _measures(
    *,
    service: ServicePosition,
    receivables: ReceivablesPosition,
    revenue: RevenuePosition,
    wallet: WalletPosition,
    relationships: RelationshipPosition,
    growth: GrowthPosition,
    escalations: EscalationPosition,
) -> dict[str, object]:
    """Return the raw value of every measure the review computes (None: unknown)."""
    served = wallet.penetration
    return {
        "revenue_attainment": revenue.attainment_rate,
        "debtor_days": receivables.debtor_days,
        "overdue_30_share": receivables.over_30_share,
        "margin": revenue.margin,
        "sla_attainment": service.attainment,
        "credit_share": service.credit_share,
        "open_escalations": len(escalations.open),
        "days_to_close": escalations.mean_days_to_close,
        "nps": relationships.nps,
        "csat": relationships.csat,
        "alignment": relationships.support,
        "map_status": relationships.map_status,
        "single_threaded": None
        if relationships.map_status is None
        else len(relationships.single_threaded),
        "share_of_wallet": wallet.share,
        "wallet_trend": wallet.trend,
        "penetration": None if served is None else served.cell_rate * HUNDRED,
        "win_rate": growth.win_rate,
        "pipeline_cover": growth.pipeline_cover,
    }


_RELATIONSHIP_PRIORITY = {
    FlagKind.CHAMPION_DEPARTED: Priority.NOW,
    FlagKind.NO_ECONOMIC_BUYER: Priority.THIS_MONTH,
    FlagKind.NO_CHAMPION: Priority.THIS_MONTH,
    FlagKind.KEY_PLAYER_NOT_CONTACTED: Priority.THIS_MONTH,
    FlagKind.STALE_RELATIONSHIP: Priority.WATCH,
    FlagKind.UNCONFIRMED_ENTRY: Priority.WATCH,
    FlagKind.RELATIONSHIP_GAP: Priority.WATCH,
}


def _flags(
    account: Account, day: date, seen: AccountReview, limits: Thresholds
) -> tuple[Flag, ...]:
    """Return the flags of ``seen`` (a review without its flags), in order."""
    found: list[Flag] = []

    def flag(priority: Priority, area: Area, message: str) -> None:
        found.append(Flag(priority=priority, area=area, message=message))

    _health_flags(seen.health, limits, flag)
    _service_flags(seen.service, limits, flag)
    _escalation_flags(account, day, seen.escalations, limits, flag)
    _receivable_flags(seen.receivables, limits, flag)
    _revenue_flags(seen.revenue, limits, flag)
    _contract_flags(account, day, flag)
    _relationship_flags(seen.relationships, flag)
    _growth_flags(seen.wallet, seen.growth, limits, flag)
    return tuple(
        sorted(found, key=lambda f: (f.priority.value, _AREA_ORDER[f.area], f.message))
    )


Flagger = Callable[[Priority, Area, str], None]
"""Records one flag."""


def _health_flags(health: HealthScore, limits: Thresholds, flag: Flagger) -> None:
    for note in health.flags:
        flag(Priority.WATCH, Area.HEALTH, note)
    if health.band == "red":
        flag(Priority.NOW, Area.HEALTH, f"health is red ({_score_text(health)})")
    elif health.band == "amber":
        flag(
            Priority.THIS_MONTH, Area.HEALTH, f"health is amber ({_score_text(health)})"
        )
    if health.completeness < limits.completeness:
        share = f"{health.completeness:.0%}"
        flag(Priority.WATCH, Area.HEALTH, f"health rests on {share} of its weight")


def _score_text(health: HealthScore) -> str:
    return "no score" if health.score is None else f"{health.score:.1f}"


def _service_flags(service: ServicePosition, limits: Thresholds, flag: Flagger) -> None:
    for name in service.critical_failed:
        flag(Priority.NOW, Area.SERVICE, f"critical service level {name} failed")
    for name in service.failed_last_period:
        if name not in service.critical_failed:
            flag(Priority.THIS_MONTH, Area.SERVICE, f"service level {name} failed")
    met = service.attainment
    if met is not None and met < limits.sla_attainment:
        message = f"service levels met {met}% of the time in 12 months"
        flag(Priority.THIS_MONTH, Area.SERVICE, message)
    share = service.credit_share
    if share is not None and share > limits.credit_share:
        message = (
            f"service credits are {share}% of fees this year "
            f"({service.credits_this_year})"
        )
        flag(Priority.THIS_MONTH, Area.SERVICE, message)


def _escalation_flags(
    account: Account,
    day: date,
    escalations: EscalationPosition,
    limits: Thresholds,
    flag: Flagger,
) -> None:
    by_id = {e.id: e for e in account.escalations}
    for key in escalations.open:
        item = by_id[key]
        age = item.days_open(day)
        what = f"escalation {key} open {age} days: {item.title}"
        if item.severity is Severity.CRITICAL:
            flag(Priority.NOW, Area.ESCALATIONS, f"critical {what}")
        elif item.severity is Severity.HIGH:
            flag(Priority.THIS_MONTH, Area.ESCALATIONS, f"high {what}")
        elif age > limits.escalation_days:
            flag(Priority.WATCH, Area.ESCALATIONS, what)


def _receivable_flags(
    receivables: ReceivablesPosition, limits: Thresholds, flag: Flagger
) -> None:
    share = receivables.over_30_share
    if share is not None and share > limits.over_30_watch:
        message = (
            f"{receivables.over_30} ({share}% of receivables) is more than 30 days "
            "overdue"
        )
        urgent = share > limits.over_30_now
        flag(Priority.NOW if urgent else Priority.THIS_MONTH, Area.RECEIVABLES, message)
    days = receivables.debtor_days
    if days is not None and days > limits.debtor_days_watch:
        urgent = days > limits.debtor_days_now
        message = f"debtor days at {days}"
        flag(Priority.NOW if urgent else Priority.THIS_MONTH, Area.RECEIVABLES, message)
    if receivables.disputed.amount > 0:
        message = f"{receivables.disputed} is in dispute"
        flag(Priority.THIS_MONTH, Area.RECEIVABLES, message)


def _revenue_flags(revenue: RevenuePosition, limits: Thresholds, flag: Flagger) -> None:
    rate = revenue.attainment_rate
    if rate is not None and rate < limits.attainment_watch:
        urgent = rate < limits.attainment_now
        message = f"billed {rate}% of what the contracts schedule to date"
        flag(Priority.NOW if urgent else Priority.THIS_MONTH, Area.REVENUE, message)
    versus, plan = revenue.projection_vs_plan, revenue.plan
    if (
        versus is not None
        and plan is not None
        and plan.amount > 0
        and -versus.amount / plan.amount > limits.plan_shortfall
    ):
        message = f"year-end projection {revenue.projection} is {-versus} below plan"
        flag(Priority.THIS_MONTH, Area.REVENUE, message)
    margin, target = revenue.margin, revenue.plan_margin
    if margin is not None and target is not None and margin < target:
        message = f"margin {margin}% is below the plan's {target}%"
        flag(Priority.THIS_MONTH, Area.REVENUE, message)


def _contract_flags(account: Account, day: date, flag: Flagger) -> None:
    horizon = day + timedelta(days=RENEWAL_WARNING_DAYS)
    for contract in account.contracts:
        ends = contract.term.end
        if day < ends <= horizon and not contract.renewal.auto_renew:
            message = f"{contract.id} ({contract.title}) ends on {ends.isoformat()}"
            flag(Priority.THIS_MONTH, Area.CONTRACTS, message)


def _relationship_flags(relationships: RelationshipPosition, flag: Flagger) -> None:
    for red in relationships.flags:
        who = " and ".join(x for x in (red.stakeholder, red.member) if x)
        message = f"{who}: {red.detail}" if who else red.detail
        flag(_RELATIONSHIP_PRIORITY[red.kind], Area.RELATIONSHIPS, message)
    for blocker in relationships.blockers:
        if blocker.severity >= BLOCKER_SEVERITY:
            reasons = "; ".join(blocker.reasons)
            message = f"{blocker.stakeholder} could block us ({reasons})"
            flag(Priority.THIS_MONTH, Area.RELATIONSHIPS, message)
    if relationships.single_threaded:
        who = ", ".join(relationships.single_threaded)
        message = f"single-threaded key players: {who}"
        flag(Priority.THIS_MONTH, Area.RELATIONSHIPS, message)
    if relationships.nps is not None and relationships.nps < 0:
        message = f"NPS is negative ({relationships.nps:+.0f})"
        flag(Priority.THIS_MONTH, Area.RELATIONSHIPS, message)


def _growth_flags(
    wallet: WalletPosition, growth: GrowthPosition, limits: Thresholds, flag: Flagger
) -> None:
    if wallet.trend is not None and wallet.trend <= -limits.wallet_fall:
        message = f"share of wallet fell {-wallet.trend} points in a year"
        flag(Priority.THIS_MONTH, Area.WALLET, message)
    share, target = wallet.share, wallet.plan_share
    if share is not None and target is not None and share < target:
        message = f"share of wallet {share}% is below the plan's {target}%"
        flag(Priority.WATCH, Area.WALLET, message)
    if growth.win_rate is not None and growth.win_rate < limits.win_rate:
        message = f"win rate {growth.win_rate}% over the last 12 months"
        flag(Priority.WATCH, Area.GROWTH, message)
