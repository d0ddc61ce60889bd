"""Strategies for accountkit.contracts: valid terms, charges and contracts."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from accountkit import Money, Period
from accountkit.contracts import (
    Adjustment,
    AdjustmentKind,
    BillingLine,
    BusinessCalendar,
    ChangeImpact,
    ChangeLog,
    ChangeRequest,
    ChangeStatus,
    ChargeValue,
    Combination,
    Contract,
    ContractKind,
    ContractNode,
    ContractValue,
    CreditOutcome,
    CreditRegime,
    CreditTier,
    Downtime,
    EarlyPaymentDiscount,
    EarnbackMode,
    EarnbackTerms,
    FixedFee,
    FlatCredit,
    Frequency,
    Fulfilment,
    Incentive,
    Indexation,
    IndexSeries,
    IndexValue,
    LevelResult,
    LinearShortfallCredit,
    Measurement,
    Milestone,
    Obligation,
    Outage,
    PaymentTerms,
    Penalty,
    PeriodCharges,
    PeriodResult,
    PersistentFailure,
    PointBand,
    PointRatchet,
    PoolAllocationCredit,
    RatchetBand,
    Rate,
    RateCard,
    RenewalStatus,
    RenewalTerms,
    RolledValue,
    ServiceCreditReport,
    ServiceLevel,
    ServicePoints,
    Side,
    StatusTotal,
    TerminationTrigger,
    Ticket,
    TicketClock,
    TicketCompliance,
    TicketTarget,
    Tier,
    TieredCredit,
    TierMode,
    TierUse,
    TimeAndMaterials,
    TimeSpan,
    Timing,
    Unit,
    UnitPrice,
    Usage,
    Waiver,
    WaiverKind,
    Weekday,
    WorkingWindow,
    YearValue,
    assess_service_levels,
    billing_schedule,
    change_log,
    contract_tree,
    contract_value,
    downtime,
    renewal_status,
    rolled_value,
    rule_credit,
    ticket_clock,
    ticket_compliance,
    tier_breakdown,
)
from strategies.core import currencies, dates

__all__ = [
    "contracts",
    "day_spans",
    "fixed_fees",
    "lone_fixed_fees",
    "milestones",
    "money_in",
    "payment_terms",
    "rate_cards",
    "terms",
    "time_and_materials",
    "unit_prices",
]

ids = st.text(
    alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=8
).filter(lambda s: s.strip() == s)


def money_in(currency: str, *, max_units: int = 10**9) -> st.SearchStrategy[Money]:
    """Non-negative money in ``currency`` with up to 2 decimal places."""
    return st.builds(
        lambda units, places: Money(Decimal(units).scaleb(-places), currency),
        st.integers(0, max_units),
        st.integers(0, 2),
    )


payment_terms = st.one_of(
    st.builds(PaymentTerms.net, st.integers(0, 120)),
    st.builds(PaymentTerms.end_of_month, st.integers(0, 60)),
    st.builds(PaymentTerms.months_after_end_of_month, st.integers(0, 6)),
    st.builds(PaymentTerms.day_of_month, st.integers(1, 31), st.integers(1, 3)),
    st.builds(
        PaymentTerms.day_on_or_after, st.integers(1, 31), days=st.integers(0, 90)
    ),
    st.builds(
        PaymentTerms.end_of_month_then_day, st.integers(0, 31), days=st.integers(0, 90)
    ),
    st.builds(
        lambda days, rate, within: PaymentTerms.net(days).with_discount(
            rate, days=min(within, days)
        ),
        st.integers(0, 120),
        st.decimals("0.0001", "0.5", places=4),
        st.integers(0, 30),
    ),
)

renewal_terms = st.builds(
    RenewalTerms,
    auto_renew=st.booleans(),
    renewal_months=st.integers(1, 36),
    notice_days=st.integers(0, 180),
)


def terms(*, max_months: int = 60) -> st.SearchStrategy[Period]:
    """Contract terms: whole months from a start date, or arbitrary day counts."""
    whole = st.builds(
        lambda start, months: Period(start, _months_later(start, months)),
        dates(),
        st.integers(1, max_months),
    )
    ragged = st.builds(
        lambda start, days: Period(start, start + timedelta(days=days)),
        dates(),
        st.integers(1, max_months * 31),
    )
    return st.one_of(whole, ragged)


def _months_later(start: date, months: int) -> date:
    from accountkit import add_months  # noqa: PLC0415

    return add_months(start, months)


@st.composite
def _window(draw: st.DrawFn, term: Period) -> tuple[date | None, date | None]:
    """An optional own window inside ``term``."""
    start = end = None
    if draw(st.booleans()) and term.days > 1:
        offset = draw(st.integers(0, term.days - 1))
        start = term.start + timedelta(days=offset)
    if draw(st.booleans()):
        low = (start or term.start) + timedelta(days=1)
        span = (term.end - low).days
        if span >= 0:
            end = low + timedelta(days=draw(st.integers(0, span)))
    return start, end


@st.composite
def fixed_fees(
    draw: st.DrawFn, currency: str, term: Period, charge_id: str
) -> FixedFee:
    frequency = draw(st.sampled_from(Frequency))
    start, end = draw(_window(term))
    escalation = None
    if frequency is not Frequency.ONE_TIME and draw(st.booleans()):
        escalation = draw(st.decimals(min_value="-0.2", max_value="0.2", places=3))
    return FixedFee(
        id=charge_id,
        amount=draw(money_in(currency, max_units=10**7)),
        frequency=frequency,
        timing=draw(st.sampled_from(Timing)),
        escalation_rate=escalation,
        calendar_aligned=draw(st.booleans()),
        start=start,
        end=end,
        description=draw(st.text(max_size=10)),
    )


@st.composite
def rate_cards(draw: st.DrawFn, currency: str) -> RateCard:
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(["engineer", "architect", "analyst"]), dates()),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    return RateCard(
        tuple(
            Rate(
                role=role,
                unit=draw(st.sampled_from(Unit)),
                price=draw(money_in(currency, max_units=10**6)),
                effective_from=day,
            )
            for role, day in keys
        )
    )


@st.composite
def time_and_materials(
    draw: st.DrawFn, currency: str, term: Period, charge_id: str
) -> TimeAndMaterials:
    start, end = draw(_window(term))
    return TimeAndMaterials(
        id=charge_id,
        rate_card=draw(rate_cards(currency)),
        cap=draw(st.none() | money_in(currency)),
        start=start,
        end=end,
    )


@st.composite
def tier_lists(draw: st.DrawFn, currency: str) -> tuple[Tier, ...]:
    bounds = sorted(draw(st.sets(st.integers(1, 10**6), max_size=4)))
    uppers: list[int | None] = [*bounds]
    if not uppers or draw(st.booleans()):
        uppers.append(None)
    return tuple(
        Tier(
            up_to=upper,
            unit_price=draw(money_in(currency, max_units=10**4)),
            flat_fee=draw(st.none() | money_in(currency, max_units=10**5)),
        )
        for upper in uppers
    )


@st.composite
def unit_prices(
    draw: st.DrawFn, currency: str, term: Period, charge_id: str
) -> UnitPrice:
    start, end = draw(_window(term))
    return UnitPrice(
        id=charge_id,
        tiers=draw(tier_lists(currency)),
        mode=draw(st.sampled_from(TierMode)),
        unit=draw(st.sampled_from(["ticket", "device", "GB"])),
        minimum=draw(st.none() | money_in(currency, max_units=10**6)),
        frequency=draw(
            st.sampled_from([f for f in Frequency if f is not Frequency.ONE_TIME])
        ),
        start=start,
        end=end,
    )


@st.composite
def milestones(
    draw: st.DrawFn, currency: str, term: Period, charge_id: str
) -> Milestone:
    planned = term.start + timedelta(days=draw(st.integers(0, term.days - 1)))
    accepted = draw(
        st.none() | st.just(planned + timedelta(days=draw(st.integers(-30, 60))))
    )
    return Milestone(
        id=charge_id,
        amount=draw(money_in(currency)),
        planned_on=planned,
        accepted_on=accepted,
    )


def lone_fixed_fees(*, recurring_only: bool = False) -> st.SearchStrategy[FixedFee]:
    """A EUR fixed fee with the term's own window, any frequency and timing."""
    frequencies = [
        f for f in Frequency if not (recurring_only and f is Frequency.ONE_TIME)
    ]
    return st.builds(
        lambda amount, frequency, timing, escalation, aligned: FixedFee(
            id="fee",
            amount=amount,
            frequency=frequency,
            timing=timing,
            escalation_rate=None if frequency is Frequency.ONE_TIME else escalation,
            calendar_aligned=aligned,
        ),
        money_in("EUR", max_units=10**8),
        st.sampled_from(frequencies),
        st.sampled_from(Timing),
        st.none() | st.decimals(min_value="-0.1", max_value="0.25", places=3),
        st.booleans(),
    )


def day_spans(max_days: int) -> st.SearchStrategy[Period]:
    """Periods of 1 to ``max_days`` days."""
    return st.builds(
        lambda start, days: Period(start, start + timedelta(days=days)),
        dates(),
        st.integers(1, max_days),
    )


CHARGE_KINDS = (fixed_fees, time_and_materials, unit_prices, milestones)


@st.composite
def _charges(
    draw: st.DrawFn, currency: str, term: Period, taken: set[str], n: int
) -> tuple:
    found = []
    for _ in range(n):
        charge_id = draw(ids.filter(lambda s: s not in taken))
        taken.add(charge_id)
        kind = draw(st.sampled_from(CHARGE_KINDS))
        found.append(draw(kind(currency, term, charge_id)))
    return tuple(found)


@st.composite
def _change_requests(
    draw: st.DrawFn, currency: str, term: Period, taken: set[str]
) -> tuple[ChangeRequest, ...]:
    """Changes of any status that add charges or extend the term."""
    found = []
    for index in range(draw(st.integers(0, 3))):
        status = draw(st.sampled_from(ChangeStatus))
        effective = term.start + timedelta(days=draw(st.integers(0, term.days - 1)))
        remaining = Period(effective, term.end)
        added = draw(_charges(currency, remaining, taken, draw(st.integers(0, 2))))
        extend = draw(st.none() | st.integers(1, 400))
        term_end = None if extend is None else term.end + timedelta(days=extend)
        if not added and term_end is None:
            term_end = term.end + timedelta(days=30)
        found.append(
            ChangeRequest(
                id=f"CR-{index}",
                raised_on=effective - timedelta(days=draw(st.integers(0, 90))),
                status=status,
                effective_on=effective,
                add=added,
                term_end=term_end,
            )
        )
    return tuple(found)


@st.composite
def contracts(
    draw: st.DrawFn, *, currency: str | None = None, max_charges: int = 4
) -> Contract:
    code = currency or draw(currencies())
    term = draw(terms())
    taken: set[str] = set()
    charges = draw(_charges(code, term, taken, draw(st.integers(0, max_charges))))
    contract_id = draw(ids)
    return Contract(
        id=contract_id,
        title=draw(st.text(max_size=20)),
        kind=draw(st.sampled_from(ContractKind)),
        client=draw(ids),
        currency=code,
        term=term,
        signed_on=term.start - timedelta(days=draw(st.integers(0, 60))),
        parent_id=draw(st.none() | ids.filter(lambda p: p != contract_id)),
        renewal=draw(renewal_terms),
        payment_terms=draw(payment_terms),
        charges=charges,
        changes=draw(_change_requests(code, term, taken)),
    )


def _any_charge(kind: object) -> st.SearchStrategy[object]:
    return st.builds(lambda code, term: (code, term), currencies(), terms()).flatmap(
        lambda pair: kind(pair[0], pair[1], "C-1")
    )  # type: ignore[operator]


@st.composite
def _tier_uses(draw: st.DrawFn) -> TierUse:
    price = draw(unit_prices(draw(currencies()), Period.year(2026), "U"))
    last = price.tiers[-1].up_to
    quantity = draw(st.integers(1, int(last) if last is not None else 10**7))
    return draw(st.sampled_from(tier_breakdown(price, quantity)))


index_values = st.builds(
    IndexValue,
    month=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 1)).map(
        lambda day: day.replace(day=1)
    ),
    value=st.decimals(min_value="0.1", max_value="1000", places=1),
)
index_series = st.builds(
    IndexSeries,
    id=ids,
    values=st.lists(index_values, max_size=5, unique_by=lambda v: v.month).map(
        lambda found: tuple(sorted(found, key=lambda v: v.month))
    ),
    name=st.text(max_size=10),
    assumed_change=st.none() | st.decimals(min_value="-0.5", max_value=1, places=3),
)


@st.composite
def indexations(draw: st.DrawFn) -> Indexation:
    floor = draw(st.none() | st.decimals(min_value="-0.5", max_value="0.1", places=2))
    return Indexation(
        index=draw(ids),
        review_on=draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31))),
        lag_months=draw(st.integers(0, 24)),
        floor=floor,
        cap=draw(st.none() | st.decimals(min_value="0.1", max_value=1, places=2)),
        change_places=draw(st.none() | st.integers(0, 6)),
    )


@st.composite
def obligations(draw: st.DrawFn) -> Obligation:
    """A monthly, weekly or one-off obligation with some occurrences fulfilled."""
    start = draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    rule = draw(
        st.sampled_from(
            [None, "FREQ=MONTHLY;BYMONTHDAY=10", "FREQ=WEEKLY;BYDAY=MO", "FREQ=YEARLY"]
        )
    )
    shell = Obligation(
        id=draw(ids),
        title=draw(st.text(max_size=10)),
        side=Side.PROVIDER,
        start=start,
        rule=rule,
    )
    days = shell.occurrences(Period(start, start + timedelta(days=120)))
    chosen = (
        draw(st.lists(st.sampled_from(days), unique=True, max_size=3)) if days else []
    )
    fulfilments = tuple(
        Fulfilment(
            due_on=day,
            done_on=draw(
                st.none() | st.just(day + timedelta(days=draw(st.integers(0, 9))))
            ),
            waived=False,
            note=draw(st.text(max_size=5)),
        )
        for day in chosen
    )
    return attrs.evolve(
        shell,
        side=draw(st.sampled_from(Side)),
        until=draw(st.none() | st.just(start + timedelta(days=400))),
        owner=draw(st.text(max_size=8)),
        grace_days=draw(st.integers(0, 10)),
        contract_id=draw(st.none() | ids),
        reminder=draw(st.booleans()),
        fulfilments=fulfilments,
    )


st.register_type_strategy(Obligation, obligations())
st.register_type_strategy(
    Fulfilment,
    st.builds(
        Fulfilment,
        due_on=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
        done_on=st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31)),
        note=st.text(max_size=5),
    )
    | st.builds(
        lambda day, note: Fulfilment(due_on=day, waived=True, note=note),
        st.dates(date(2020, 1, 1), date(2030, 12, 31)),
        st.text(max_size=5),
    ),
)
st.register_type_strategy(IndexValue, index_values)
st.register_type_strategy(IndexSeries, index_series)
st.register_type_strategy(Indexation, indexations())
st.register_type_strategy(PaymentTerms, payment_terms)
st.register_type_strategy(
    EarlyPaymentDiscount,
    st.builds(
        EarlyPaymentDiscount,
        rate=st.decimals("0.0001", "0.5", places=4),
        days=st.integers(0, 60),
    ),
)
st.register_type_strategy(RenewalTerms, renewal_terms)
st.register_type_strategy(FixedFee, _any_charge(fixed_fees))
st.register_type_strategy(TimeAndMaterials, _any_charge(time_and_materials))
st.register_type_strategy(UnitPrice, _any_charge(unit_prices))
st.register_type_strategy(Milestone, _any_charge(milestones))
st.register_type_strategy(RateCard, currencies().flatmap(rate_cards))
st.register_type_strategy(
    Rate, currencies().flatmap(rate_cards).map(lambda card: card.rates[0])
)
st.register_type_strategy(
    Tier, currencies().flatmap(tier_lists).map(lambda tiers: tiers[0])
)
st.register_type_strategy(TierUse, _tier_uses())
st.register_type_strategy(Contract, contracts())
st.register_type_strategy(
    ChangeRequest,
    st.builds(lambda c: c, contracts())
    .filter(lambda c: bool(c.changes))
    .map(lambda c: c.changes[0]),
)


# --- results of the calculators --------------------------------------------------

usages = st.builds(
    Usage,
    charge_id=ids,
    period=st.from_type(Period),
    quantity=st.decimals(min_value=0, max_value=10**6, places=2),
    role=st.none() | st.sampled_from(["engineer", "analyst"]),
)


def _results_of(contract: Contract) -> tuple:
    return (
        billing_schedule(contract, forecast=True),
        contract_value(contract),
        change_log(contract),
        renewal_status(contract, as_of=contract.term.start),
    )


results = contracts(max_charges=3).map(_results_of)
st.register_type_strategy(Usage, usages)
st.register_type_strategy(
    BillingLine, results.filter(lambda r: bool(r[0])).map(lambda r: r[0][0])
)
st.register_type_strategy(ContractValue, results.map(lambda r: r[1]))
st.register_type_strategy(YearValue, results.map(lambda r: r[1].years[0]))
st.register_type_strategy(
    ChargeValue,
    results.filter(lambda r: bool(r[1].charges)).map(lambda r: r[1].charges[0]),
)
st.register_type_strategy(ChangeLog, results.map(lambda r: r[2]))
st.register_type_strategy(
    ChangeImpact,
    results.filter(lambda r: bool(r[2].entries)).map(lambda r: r[2].entries[0]),
)
st.register_type_strategy(StatusTotal, results.map(lambda r: r[2].by_status[0]))
st.register_type_strategy(RenewalStatus, results.map(lambda r: r[3]))


# --- service measurement ---------------------------------------------------------

_START = datetime(2025, 4, 1, tzinfo=UTC)


def instants(days: int = 40) -> st.SearchStrategy[datetime]:
    """Aware instants within ``days`` days of 2025-04-01, to the minute."""
    return st.integers(0, days * 24 * 60).map(lambda m: _START + timedelta(minutes=m))


def time_spans(days: int = 40) -> st.SearchStrategy[TimeSpan]:
    """Half-open spans of 1 minute to 3 days."""
    return st.builds(
        lambda start, minutes: TimeSpan(start, start + timedelta(minutes=minutes)),
        instants(days),
        st.integers(1, 3 * 24 * 60),
    )


outages = st.builds(
    lambda span, weight: Outage(start=span.start, end=span.end, weight=weight),
    time_spans(),
    st.sampled_from([Decimal(1), Decimal("0.5"), Decimal("0.25"), Decimal("0.1")]),
)

st.register_type_strategy(TimeSpan, time_spans())
st.register_type_strategy(Outage, outages)
st.register_type_strategy(
    Downtime,
    st.builds(
        downtime,
        st.lists(outages, max_size=5),
        time_spans(),
    ),
)


# --- business calendars ---------------------------------------------------------

ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]


@st.composite
def working_windows(draw: st.DrawFn) -> tuple[WorkingWindow, ...]:
    """One or two windows (a split shift) on some weekdays."""
    found = []
    for weekday in draw(st.sets(st.sampled_from(Weekday), min_size=1)):
        first_start = draw(st.integers(0, 10))
        first_end = draw(st.integers(first_start + 1, 14))
        found.append(
            WorkingWindow(weekday=weekday, start=time(first_start), end=time(first_end))
        )
        if draw(st.booleans()):
            second_start = draw(st.integers(first_end, 22))
            end = draw(
                st.sampled_from(
                    [time(0), *(time(h) for h in range(second_start + 1, 24))]
                )
            )
            found.append(
                WorkingWindow(weekday=weekday, start=time(second_start), end=end)
            )
    return tuple(found)


calendars = st.builds(
    lambda zone, windows, holidays: BusinessCalendar(
        timezone=zone, windows=windows, holidays=frozenset(holidays)
    ),
    st.sampled_from(ZONES),
    working_windows(),
    st.sets(
        st.dates(min_value=date(2025, 3, 1), max_value=date(2025, 6, 1)), max_size=10
    ),
)
st.register_type_strategy(BusinessCalendar, calendars)
st.register_type_strategy(
    WorkingWindow, working_windows().map(lambda windows: windows[0])
)


# --- service levels and credit rules ---------------------------------------------

rates = st.decimals(min_value=0, max_value=1, places=2)


@st.composite
def _descending(draw: st.DrawFn, below: Decimal, count: int) -> list[Decimal]:
    values = sorted(
        draw(
            st.sets(
                st.decimals(min_value=50, max_value=below, places=2),
                min_size=count,
                max_size=count,
            )
        ),
        reverse=True,
    )
    return [v for v in values if v < below]


@st.composite
def service_levels(draw: st.DrawFn) -> ServiceLevel:
    """Higher-is-better levels (availability-like) with any credit rule."""
    target = draw(st.decimals(min_value=90, max_value="99.99", places=2))
    kind = draw(st.sampled_from(["tiered", "linear", "pool", "points", "flat", "none"]))
    bounds = draw(_descending(target, draw(st.integers(0, 3))))
    rule: object = None
    if kind == "tiered":
        # rates never fall away from the target (TieredCredit refuses that)
        steps = sorted(draw(rates) for _ in range(len(bounds) + 1))
        rule = TieredCredit(
            (
                *(
                    CreditTier(bound=b, rate=r)
                    for b, r in zip(bounds, steps[:-1], strict=True)
                ),
                CreditTier(bound=None, rate=steps[-1]),
            )
        )
    elif kind == "linear":
        rule = LinearShortfallCredit(maximum_rate=draw(st.none() | rates))
    elif kind == "pool":
        rule = PoolAllocationCredit(
            category="c", category_allocation=draw(rates), allocation=draw(rates)
        )
    elif kind == "points":
        rule = ServicePoints(
            bands=(
                *(PointBand(bound=b, points=i + 1) for i, b in enumerate(bounds)),
                PointBand(bound=None, points=len(bounds) + 1),
            ),
            rate_per_point=draw(rates),
            free_points=draw(st.integers(0, 2)),
        )
    elif kind == "flat":
        rule = FlatCredit(rate=draw(rates))
    return ServiceLevel(
        id=draw(ids),
        name=draw(st.text(max_size=10)),
        target=target,
        critical=draw(st.booleans()),
        minimum=draw(st.none() | st.just(target - 5)),
        rule=rule,  # type: ignore[arg-type]
    )


def _outcome(level: ServiceLevel, measured: Decimal) -> CreditOutcome:
    return rule_credit(
        level,
        measured,
        charges=Money("1000", "EUR"),
        at_risk_amount=Money("100", "EUR"),
    )


st.register_type_strategy(ServiceLevel, service_levels())
st.register_type_strategy(
    CreditOutcome,
    st.builds(
        _outcome, service_levels(), st.decimals(min_value=0, max_value=100, places=3)
    ),
)
for _rule in (
    TieredCredit,
    LinearShortfallCredit,
    PoolAllocationCredit,
    ServicePoints,
    FlatCredit,
):
    st.register_type_strategy(
        _rule,
        service_levels()
        .filter(lambda lv, kind=_rule: isinstance(lv.rule, kind))
        .map(lambda lv: lv.rule),
    )
st.register_type_strategy(
    CreditTier,
    st.builds(
        CreditTier,
        bound=st.none() | st.decimals(min_value=0, max_value=100, places=2),
        rate=rates,
    ),
)
st.register_type_strategy(
    PointBand,
    st.builds(
        PointBand,
        bound=st.none() | st.decimals(min_value=0, max_value=100, places=2),
        points=st.integers(0, 10),
    ),
)


# --- credit regimes and assessments ------------------------------------------------

_LEVEL_IDS = ["a", "b", "c"]
shares_ = st.decimals(min_value=0, max_value=1, places=2)
months_2026 = st.integers(1, 12).map(lambda m: Period.month(2026, m))

incentives_ = st.builds(
    Incentive,
    service_level_id=st.sampled_from(_LEVEL_IDS),
    threshold=st.decimals(min_value=90, max_value=100, places=2),
    rate=shares_,
    cap=st.none() | shares_,
    offset_only=st.booleans(),
)
persistent_failures = st.builds(
    PersistentFailure,
    service_level_id=st.sampled_from(_LEVEL_IDS),
    failures=st.integers(1, 4),
    window=st.integers(1, 6),
    rate=shares_,
)
termination_triggers = st.builds(
    TerminationTrigger,
    share=shares_,
    periods=st.integers(1, 3),
    window=st.integers(1, 6),
)

credit_regimes = st.builds(
    CreditRegime,
    at_risk_rate=shares_,
    pool_percentage=st.none() | st.decimals(min_value=1, max_value=3, places=1),
    annual_cap=st.none() | money_in("EUR"),
    rolling=st.booleans(),
    minimum_credit=st.none() | money_in("EUR", max_units=10**4),
    combination=st.sampled_from(Combination),
    earnback=st.none()
    | st.builds(
        EarnbackTerms, periods=st.integers(1, 6), mode=st.sampled_from(EarnbackMode)
    ),
    incentives=st.lists(incentives_, max_size=2).map(tuple),
    persistent=st.lists(persistent_failures, max_size=2).map(tuple),
    termination=st.lists(termination_triggers, max_size=2).map(tuple),
)
measurements_ = st.builds(
    Measurement,
    service_level_id=st.sampled_from(_LEVEL_IDS),
    period=months_2026,
    value=st.decimals(min_value=80, max_value=100, places=2),
    incident=st.none() | st.sampled_from(["INC-1", "INC-2"]),
)
waivers_ = st.builds(
    Waiver,
    target=st.sampled_from(_LEVEL_IDS),
    period=months_2026,
    reason=st.text(max_size=10),
    approved_by=ids,
    share=shares_,
    kind=st.sampled_from(WaiverKind),
)


@st.composite
def credit_reports(draw: st.DrawFn) -> ServiceCreditReport:
    """An assessment in EUR, JPY (no minor unit), KWD (three places) or USD,
    with monthly charges from nothing to 100,000 units."""
    currency = draw(st.sampled_from(("EUR", "JPY", "KWD", "USD")))
    regime = draw(
        credit_regimes.map(
            lambda r: attrs.evolve(
                r,
                pool_percentage=None,
                annual_cap=None
                if r.annual_cap is None
                else Money(r.annual_cap.amount, currency).rounded(),
                minimum_credit=None
                if r.minimum_credit is None
                else Money(r.minimum_credit.amount, currency).rounded(),
            )
        )
    )
    charged = draw(
        st.lists(st.integers(0, 10**5), min_size=12, max_size=12).map(
            lambda units: [Money(u, currency) for u in units]
        )
    )
    levels = [
        ServiceLevel(id=i, name=i, target="99", rule=FlatCredit(rate=draw(shares_)))
        for i in _LEVEL_IDS
    ]
    found = {
        (m.service_level_id, m.period): m
        for m in draw(st.lists(measurements_, max_size=8))
    }
    return assess_service_levels(
        levels,
        regime,
        measurements=list(found.values()),
        charges=[
            PeriodCharges(period=Period.month(2026, m), amount=charged[m - 1])
            for m in range(1, 13)
        ],
        waivers=draw(st.lists(waivers_, max_size=3)),
        penalties=[
            Penalty(id="p", period=Period.month(2026, 2), amount=Money("50", currency))
        ],
    )


@st.composite
def point_ratchets(draw: st.DrawFn, currency: str = "EUR") -> PointRatchet:
    """A ratchet of one to three bands over a free threshold of 0 to 5 points."""
    free = draw(st.integers(0, 5))
    tops = sorted(draw(st.sets(st.integers(free + 1, free + 12), max_size=2)))
    multipliers = sorted(
        draw(
            st.lists(
                st.decimals(min_value=0, max_value=3, places=2),
                min_size=len(tops) + 1,
                max_size=len(tops) + 1,
            )
        )
    )
    return PointRatchet(
        free_points=free,
        point_value=draw(
            money_in(currency, max_units=500).filter(lambda m: m.amount > 0)
        ),
        bands=tuple(
            RatchetBand(up_to=top, multiplier=multiplier)
            for top, multiplier in zip([*tops, None], multipliers, strict=True)
        ),
    )


reports = credit_reports()
st.register_type_strategy(PointRatchet, point_ratchets())
st.register_type_strategy(
    RatchetBand,
    st.builds(
        RatchetBand,
        up_to=st.none() | st.integers(0, 500),
        multiplier=st.decimals(min_value=0, max_value=3, places=2),
    ),
)
st.register_type_strategy(CreditRegime, credit_regimes)
st.register_type_strategy(Incentive, incentives_)
st.register_type_strategy(PersistentFailure, persistent_failures)
st.register_type_strategy(TerminationTrigger, termination_triggers)
st.register_type_strategy(
    EarnbackTerms,
    st.builds(
        EarnbackTerms, periods=st.integers(1, 6), mode=st.sampled_from(EarnbackMode)
    ),
)
st.register_type_strategy(Measurement, measurements_)
st.register_type_strategy(Waiver, waivers_)
st.register_type_strategy(
    PeriodCharges, st.builds(PeriodCharges, period=months_2026, amount=money_in("EUR"))
)
st.register_type_strategy(
    Penalty,
    st.builds(
        Penalty,
        id=ids,
        period=months_2026,
        amount=money_in("EUR"),
        reason=st.text(max_size=8),
    ),
)
st.register_type_strategy(ServiceCreditReport, reports)
st.register_type_strategy(PeriodResult, reports.map(lambda r: r.periods[0]))
st.register_type_strategy(LevelResult, reports.map(lambda r: r.levels[0]))
st.register_type_strategy(
    Adjustment,
    st.builds(
        Adjustment,
        kind=st.sampled_from(AdjustmentKind),
        amount=money_in("EUR"),
        reference=ids,
        description=st.text(max_size=10),
    ),
)


# --- tickets ---------------------------------------------------------------------------

_OFFICE = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
ticket_targets = st.builds(
    TicketTarget,
    priority=st.sampled_from(["P1", "P2", "P3"]),
    response=st.integers(1, 8).map(lambda h: timedelta(hours=h)),
    resolution=st.integers(8, 40).map(lambda h: timedelta(hours=h)),
)


@st.composite
def tickets(draw: st.DrawFn) -> Ticket:
    created = draw(instants(20))
    answered = draw(
        st.none() | st.integers(1, 3000).map(lambda m: created + timedelta(minutes=m))
    )
    # a ticket is answered at the latest when it is resolved
    earliest = (
        1 if answered is None else int((answered - created).total_seconds() // 60)
    )
    resolved = draw(
        st.none()
        | st.integers(earliest, 9000).map(lambda m: created + timedelta(minutes=m))
    )
    holds = draw(st.lists(time_spans(25), max_size=2))
    return Ticket(
        id=draw(ids),
        priority=draw(st.sampled_from(["P1", "P2", "P3"])),
        created_at=created,
        responded_at=answered,
        resolved_at=resolved,
        holds=tuple(holds),
    )


def _clock_of(ticket: Ticket) -> TicketClock:
    targets = [
        TicketTarget(
            priority=p, response=timedelta(hours=2), resolution=timedelta(hours=8)
        )
        for p in ("P1", "P2", "P3")
    ]
    return ticket_clock(ticket, targets, _OFFICE)


st.register_type_strategy(TicketTarget, ticket_targets)
st.register_type_strategy(Ticket, tickets())
st.register_type_strategy(TicketClock, tickets().map(_clock_of))
st.register_type_strategy(
    TicketCompliance,
    st.lists(tickets(), max_size=4, unique_by=lambda t: t.id).map(
        lambda found: ticket_compliance(
            found,
            [
                TicketTarget(
                    priority=p,
                    response=timedelta(hours=2),
                    resolution=timedelta(hours=8),
                )
                for p in ("P1", "P2", "P3")
            ],
            _OFFICE,
            period=TimeSpan(_START, _START + timedelta(days=30)),
            as_of=_START + timedelta(days=31),
        )
    ),
)


# --- contract trees ----------------------------------------------------------


@st.composite
def contract_nodes(draw: st.DrawFn) -> ContractNode:
    """A bare MSA with up to three drawn contracts under it."""
    drawn = draw(st.lists(contracts(currency="EUR"), max_size=3))
    top = draw(contracts(currency="EUR"))
    top = attrs.evolve(top, id="MSA", parent_id=None, charges=(), changes=())
    below = [
        attrs.evolve(c, id=f"C{i}", parent_id="MSA", changes=())
        for i, c in enumerate(drawn)
    ]
    (root,) = contract_tree([top, *below])
    return root


st.register_type_strategy(ContractNode, contract_nodes())
st.register_type_strategy(RolledValue, contract_nodes().map(rolled_value))
