"""Strategies for accountkit.finance: invoices, payments, credit notes, open items."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from accountkit import Money, Period
from accountkit.contracts import Contract
from accountkit.finance import (
    AgeingReport,
    AgeingRow,
    Attainment,
    BacklogPeriod,
    Candidate,
    CountbackDso,
    CreditNote,
    Delivery,
    Forecast,
    InitialState,
    Instalment,
    Invoice,
    ItemVariance,
    LeakageLine,
    LineItem,
    OpenItem,
    OrderBook,
    Payment,
    Penetration,
    PeriodVariance,
    PortfolioWallet,
    PriceVolumeMix,
    RevenueLeakage,
    RevenueVariance,
    ServiceLineShare,
    Settlement,
    Smoothing,
    SmoothingMethod,
    UnconsumedCap,
    WalletAllocation,
    WalletReport,
    WalletShare,
    ageing,
    attainment,
    forecast,
    open_items,
    order_book,
    penetration,
    portfolio_wallet,
    price_volume_mix,
    revenue_leakage,
    revenue_variance,
    share_of_wallet,
    wallet_allocation,
    wallet_by_service_line,
)
from builders import monthly
from strategies.contracts import ids, money_in, payment_terms

__all__ = ["fixed_forecasts", "invoices", "ledgers", "series", "wallet_reports"]

CURRENCIES = ("EUR", "JPY", "KWD", "USD")
"""Currencies of 2, 0, 3 and 2 decimal places: the minor unit is not always a cent."""

days = st.one_of(
    st.integers(0, 400).map(lambda n: date(2024, 1, 1) + timedelta(days=n)),
    # the whole calendar a review may use, leaving room for terms and payments
    st.dates(date(2, 1, 1), date(9997, 12, 31)),
)
"""Days mostly within 13 months of each other (so items overlap and age), and
sometimes anywhere in the supported range."""


def positive_in(currency: str) -> st.SearchStrategy[Money]:
    """Amounts of 1 minor unit to 10**8 of them, in ``currency``."""
    return st.integers(1, 10**8).map(
        lambda units: Money.from_minor_units(units, currency)
    )


positive = positive_in("EUR")


@st.composite
def invoices(
    draw: st.DrawFn,
    invoice_id: str | None = None,
    customer: str | None = None,
    currency: str = "EUR",
) -> Invoice:
    issued = draw(days)
    style = draw(st.sampled_from(["due", "terms", "instalments"]))
    fields: dict[str, object] = {
        "id": invoice_id or draw(ids),
        "customer": customer or draw(st.sampled_from(["acme", "globex", "initech"])),
        "issued_on": issued,
        "amount": draw(positive_in(currency)),
        "disputed": draw(st.booleans()),
        "reporting_amount": draw(st.none() | money_in("USD")),
    }
    if style == "due":
        fields["due_on"] = issued + timedelta(days=draw(st.integers(0, 90)))
    elif style == "terms":
        fields["payment_terms"] = draw(payment_terms)
    else:
        first = draw(st.integers(1, 99))
        fields["instalments"] = (
            Instalment(share=f"0.{first:02d}", due_on=issued + timedelta(days=30)),
            Instalment(
                share=f"0.{100 - first:02d}", due_on=issued + timedelta(days=60)
            ),
        )
    return Invoice(**fields)  # type: ignore[arg-type]


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[Invoice], list[Payment], list[CreditNote]]:
    """A customer ledger in one currency (any of :data:`CURRENCIES`)."""
    currency = draw(st.sampled_from(CURRENCIES))
    found = [
        draw(invoices(invoice_id=f"I{n}", currency=currency))
        for n in range(draw(st.integers(1, 5)))
    ]
    cash = [
        Payment(
            id=f"P{n}",
            customer=(target := draw(st.sampled_from(found))).customer,
            received_on=draw(days),
            amount=draw(positive_in(currency)),
            invoice_id=draw(st.none() | st.just(target.id)),
        )
        for n in range(draw(st.integers(0, 4)))
    ]
    credits_ = [
        CreditNote(
            id=f"C{n}",
            customer=(target := draw(st.sampled_from(found))).customer,
            issued_on=draw(days),
            amount=draw(positive_in(currency)),
            invoice_id=draw(st.none() | st.just(target.id)),
        )
        for n in range(draw(st.integers(0, 2)))
    ]
    return found, cash, credits_


st.register_type_strategy(Invoice, invoices())
st.register_type_strategy(
    Instalment,
    st.builds(
        Instalment,
        share=st.decimals(min_value="0.01", max_value=1, places=2),
        due_on=days,
    ),
)
st.register_type_strategy(
    Payment,
    st.builds(
        Payment,
        id=ids,
        customer=ids,
        received_on=days,
        amount=positive,
        invoice_id=st.none() | ids,
    ),
)
st.register_type_strategy(
    CreditNote,
    st.builds(
        CreditNote,
        id=ids,
        customer=ids,
        issued_on=days,
        amount=positive,
        invoice_id=st.none() | ids,
    ),
)
st.register_type_strategy(
    OpenItem,
    st.builds(lambda ledger, day: open_items(*ledger, as_of=day), ledgers(), days)
    .filter(bool)
    .map(lambda items: items[0]),
)


def _report(
    ledger: tuple[list[Invoice], list[Payment], list[CreditNote]], day: date
) -> AgeingReport:
    currency = ledger[0][0].amount.currency  # a ledger is in one currency
    return ageing(open_items(*ledger, as_of=day), as_of=day, currency=currency)


reports = st.builds(_report, ledgers(), days)
st.register_type_strategy(AgeingReport, reports)
st.register_type_strategy(AgeingRow, reports.map(lambda r: r.total))

st.register_type_strategy(
    Settlement,
    st.builds(
        lambda amount, issued, due_in, paid_in: Settlement(
            amount=amount,
            issued_on=issued,
            due_on=issued + timedelta(days=due_in),
            paid_on=issued + timedelta(days=paid_in),
        ),
        positive,
        days,
        st.integers(0, 90),
        st.integers(0, 200),
    ),
)
st.register_type_strategy(
    CountbackDso,
    st.builds(
        CountbackDso,
        days=st.decimals(min_value=0, max_value=1000, places=6),
        periods=st.integers(0, 24),
        complete=st.booleans(),
    ),
)


# --- forecasting ---------------------------------------------------------------------

unit = st.floats(0, 1)
values = st.floats(-1e4, 1e4, allow_nan=False)
series = st.lists(values, min_size=8, max_size=30)
"""Series long enough for every non-seasonal model to be fitted."""

FITTED = [m for m in SmoothingMethod if m.linear]
"""The linear models: any real series, any state."""
MULTIPLICATIVE = [
    m for m in SmoothingMethod if m is not SmoothingMethod.AUTO and not m.linear
]
"""Models with a multiplicative part: positive series and states."""
positive_series = st.lists(st.floats(900, 1100), min_size=8, max_size=30)
"""Series a model that multiplies follows without breaking down: from any
state positive_states gives, no forecast reaches zero."""


@st.composite
def smoothings(draw: st.DrawFn, method: SmoothingMethod | None = None) -> Smoothing:
    chosen = method or draw(st.sampled_from(FITTED))
    alpha = draw(unit)
    return Smoothing(
        alpha=alpha,
        beta_star=draw(unit) if chosen.trend else None,
        gamma=draw(st.floats(0, 1 - alpha)) if chosen.seasonal else None,
        phi=draw(st.floats(0.8, 1.0)) if chosen.damped else None,
    )


@st.composite
def initial_states(
    draw: st.DrawFn, method: SmoothingMethod | None = None, period: int = 4
) -> InitialState:
    chosen = method or draw(st.sampled_from(FITTED))
    return InitialState(
        level=draw(values),
        trend=draw(st.floats(-100, 100)) if chosen.trend else None,
        seasonal=tuple(draw(st.lists(values, min_size=period, max_size=period)))
        if chosen.seasonal
        else None,
    )


@st.composite
def fixed_forecasts(draw: st.DrawFn, *, linear: bool | None = None) -> Forecast:
    """Forecasts with every parameter given: quick, and any model (linear
    ones on any series, the others on positive series from positive
    states)."""
    kinds = {True: FITTED, False: MULTIPLICATIVE, None: FITTED + MULTIPLICATIVE}
    method = draw(st.sampled_from(kinds[linear]))
    if method.linear:
        data, initial = draw(series), draw(initial_states(method))
    else:
        data, initial = draw(positive_series), draw(positive_states(method))
    return forecast(
        data,
        draw(st.integers(1, 6)),
        method=method,
        seasonal_periods=4 if method.seasonal else None,
        smoothing=draw(smoothings(method)),
        initial=initial,
    )


@st.composite
def positive_states(draw: st.DrawFn, method: SmoothingMethod) -> InitialState:
    """Initial states under which a multiplicative model stays positive."""
    level = draw(st.floats(900, 1100))
    trend = None
    if method.trend_kind == "A":
        trend = draw(st.floats(-0.01, 0.01)) * level
    elif method.trend_kind == "M":
        trend = draw(st.floats(0.99, 1.01))
    seasonal = None
    if method.season_kind == "M":
        seasonal = tuple(draw(st.lists(st.floats(0.8, 1.2), min_size=4, max_size=4)))
    elif method.season_kind == "A":
        seasonal = tuple(draw(st.lists(st.floats(-0.1, 0.1), min_size=4, max_size=4)))
        seasonal = tuple(level * term for term in seasonal)
    return InitialState(level=level, trend=trend, seasonal=seasonal)


st.register_type_strategy(Smoothing, smoothings())
st.register_type_strategy(InitialState, initial_states())
st.register_type_strategy(
    Candidate,
    st.builds(
        Candidate,
        method=st.sampled_from(FITTED + MULTIPLICATIVE),
        aicc=st.none() | st.floats(-1e6, 1e6),
        note=st.text(max_size=20),
    ),
)
st.register_type_strategy(Forecast, fixed_forecasts())


# --- share of wallet -----------------------------------------------------------------

amounts = st.integers(0, 10**9).map(lambda cents: Money.from_minor_units(cents, "EUR"))
lines = st.sampled_from(["cloud", "apps", "security", "data", "network"])


@st.composite
def wallet_reports(draw: st.DrawFn) -> WalletReport:
    wallet = draw(st.dictionaries(lines, amounts, max_size=4))
    ours = draw(
        st.dictionaries(lines, amounts, min_size=0 if wallet else 1, max_size=4)
    )
    return wallet_by_service_line(
        wallet, ours, account=draw(st.none() | st.sampled_from(["north", "south"]))
    )


st.register_type_strategy(WalletShare, st.builds(share_of_wallet, amounts, amounts))
st.register_type_strategy(WalletReport, wallet_reports())
st.register_type_strategy(
    ServiceLineShare,
    wallet_reports().flatmap(lambda r: st.sampled_from(r.lines)),
)
st.register_type_strategy(
    PortfolioWallet,
    st.lists(wallet_reports(), min_size=1, max_size=3).map(portfolio_wallet),
)
st.register_type_strategy(
    WalletAllocation,
    st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 10), min_size=1)
    .map(wallet_allocation)
    .flatmap(st.sampled_from),
)
units = st.lists(
    st.sampled_from(["finance", "hr", "ops", "sales"]), min_size=1, unique=True
)
services = st.lists(lines, min_size=1, unique=True)
st.register_type_strategy(
    Penetration,
    st.tuples(units, services).flatmap(
        lambda us: st.lists(
            st.tuples(st.sampled_from(us[0]), st.sampled_from(us[1]))
        ).map(lambda pairs: penetration(pairs, units=us[0], service_lines=us[1]))
    ),
)


# --- revenue against contract ------------------------------------------------------

euros = st.integers(-(10**8), 10**8).map(lambda c: Money.from_minor_units(c, "EUR"))
quantities = st.decimals(min_value=0, max_value=10**4, places=2)
line_items = st.builds(
    LineItem, item=st.sampled_from("ABCDE"), quantity=quantities, unit_price=amounts
)
item_lists = st.lists(line_items, max_size=4, unique_by=lambda x: x.item)
mixes = st.tuples(item_lists, item_lists).filter(lambda pair: pair[0] or pair[1])
st.register_type_strategy(LineItem, line_items)
st.register_type_strategy(
    PriceVolumeMix, mixes.map(lambda pair: price_volume_mix(*pair))
)
st.register_type_strategy(
    ItemVariance,
    mixes.map(lambda pair: price_volume_mix(*pair)).flatmap(
        lambda r: st.sampled_from(r.items)
    ),
)
deliveries = st.builds(
    Delivery,
    item=st.sampled_from(["dev", "pm", "qa"]),
    delivered=quantities,
    contract_rate=amounts,
    billed_quantity=quantities,
    billed=amounts,
)
leakages = st.lists(deliveries, min_size=1, max_size=3).map(revenue_leakage)
st.register_type_strategy(Delivery, deliveries)
st.register_type_strategy(RevenueLeakage, leakages)
st.register_type_strategy(
    LeakageLine, leakages.flatmap(lambda r: st.sampled_from(r.lines))
)
st.register_type_strategy(
    UnconsumedCap,
    st.builds(
        lambda cap, part, ends: UnconsumedCap(
            contract_id="C-1",
            charge_id="tm",
            cap=cap,
            billed=cap - part,
            projected=cap - part,
            unconsumed=part,
            ends=ends,
        ),
        amounts,
        amounts,
        days,
    ),
)


@st.composite
def order_books(draw: st.DrawFn) -> OrderBook:
    count = draw(st.integers(1, 6))
    months = [Period.month(2026, m) for m in range(1, count + 1)]
    flows = st.lists(euros, min_size=count, max_size=count)
    return order_book(
        draw(euros),
        months,
        bookings=draw(flows),
        revenue=draw(flows),
        adjustments=draw(st.none() | flows),
    )


st.register_type_strategy(OrderBook, order_books())
st.register_type_strategy(
    BacklogPeriod, order_books().flatmap(lambda b: st.sampled_from(b.periods))
)


@st.composite
def billing_histories(draw: st.DrawFn) -> tuple[Contract, list[Invoice]]:
    contract = monthly(fee=draw(positive).amount)
    months = draw(st.integers(0, 12))
    bills = [
        Invoice(
            id=f"I-{m}",
            customer="acme",
            issued_on=date(2026, m, 1),
            amount=draw(positive),
            due_on=date(2026, m, 28),
            contract_id="C-1",
        )
        for m in range(1, months + 1)
    ]
    return contract, bills


MONTHS = [Period.month(2026, m) for m in range(1, 13)]
variances = billing_histories().map(lambda h: revenue_variance(h[0], h[1], MONTHS))
st.register_type_strategy(RevenueVariance, variances)
st.register_type_strategy(
    PeriodVariance, variances.flatmap(lambda r: st.sampled_from(r.periods))
)
st.register_type_strategy(
    Attainment,
    st.tuples(billing_histories(), st.integers(1, 12)).map(
        lambda pair: attainment(
            pair[0][0],
            pair[0][1],
            year=Period.year(2026),
            as_of=date(2026, pair[1], 28),
        )
    ),
)


# --- exchange rates ---------------------------------------------------------

from accountkit.finance import Conversion, FxQuote, FxRate, FxRates  # noqa: E402
from strategies.core import currencies as _currencies  # noqa: E402

fx_days = st.dates(date(2024, 1, 1), date(2026, 12, 31))
fx_rates_decimal = st.builds(
    lambda units, places: Decimal(units).scaleb(-places),
    st.integers(1, 10**9),
    st.integers(0, 6),
)


@st.composite
def fx_rates(draw: st.DrawFn) -> FxRate:
    """A rate between two different currencies."""
    base = draw(_currencies())
    quote = draw(_currencies().filter(lambda c: c != base))
    return FxRate(
        base=base,
        quote=quote,
        rate=draw(fx_rates_decimal),
        on=draw(fx_days),
        source=draw(st.sampled_from(["", "ECB", "Bloomberg close"])),
    )


@st.composite
def fx_tables(draw: st.DrawFn) -> FxRates:
    """A table of rates, no pair quoted twice on a day."""
    found: dict[tuple[frozenset[str], date], FxRate] = {}
    for rate in draw(st.lists(fx_rates(), max_size=6)):
        found.setdefault((frozenset((rate.base, rate.quote)), rate.on), rate)
    pivot = draw(st.none() | _currencies())
    return FxRates(rates=tuple(found.values()), pivot=pivot)


@st.composite
def fx_conversions(draw: st.DrawFn) -> Conversion:
    """A conversion at a table's direct rate."""
    rate = draw(fx_rates())
    table = FxRates(rates=(rate,))
    units = draw(st.integers(0, 10**9))
    amount = Money(Decimal(units).scaleb(-2), rate.base)
    return table.convert(amount, rate.quote, on=rate.on)


st.register_type_strategy(FxRate, fx_rates())
st.register_type_strategy(FxRates, fx_tables())
st.register_type_strategy(Conversion, fx_conversions())
st.register_type_strategy(FxQuote, fx_conversions().map(lambda c: c.quote))
