"""Strategies for accountkit.account: the Account aggregate and its review.

Accounts are drawn from the sample portfolio, trimmed at random (records
removed in ways that keep every reference valid, sections left not recorded),
and from bare accounts with nothing recorded. Reviews are expensive, so review results come from a small pool
computed once.
"""

import functools
from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from accountkit import Money
from accountkit.account import (
    Account,
    AccountLine,
    AccountPlan,
    AccountReview,
    Area,
    BidFit,
    ColourCount,
    ContractEnd,
    ContractPosition,
    ConvertedTotal,
    Cost,
    CurrencyTotal,
    DeliveryPosition,
    EngagementBudget,
    Escalation,
    EscalationPosition,
    FailedLevel,
    Flag,
    FlagCount,
    Footprint,
    GrowthPosition,
    MapPerson,
    NonBillable,
    Opportunity,
    PortfolioSummary,
    PricedOpportunity,
    Priority,
    ReceivablesPosition,
    RelationshipPosition,
    RevenuePosition,
    RoleCount,
    ServiceAgreement,
    ServiceMonth,
    ServicePosition,
    Severity,
    SeverityCount,
    Stage,
    SurveyKind,
    SurveyResponse,
    Thresholds,
    WalletEstimate,
    WalletPosition,
    review,
    sample_portfolio,
)
from accountkit.delivery import DeliveryRecords
from accountkit.finance import FxRate, FxRates

__all__ = ["accounts", "review_days", "reviews", "varied"]

days = st.dates(date(2025, 1, 1), date(2026, 12, 31))
review_days = st.dates(date(2025, 7, 1), date(2026, 9, 30))
names = st.text("abcdefghij -", min_size=1, max_size=12).map(str.strip).filter(bool)
keys = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
amounts = st.decimals(0, 10**7, places=2).map(lambda d: Money(d, "EUR"))


@functools.cache
def _portfolio() -> tuple[Account, ...]:
    return tuple(sample_portfolio())


@functools.cache
def _light(account_id: str) -> DeliveryRecords | None:
    """A sample account's delivery records with the last days of June only.

    The full year (2,746 entries for Contoso) would make every property over
    sample accounts slow, and a drawn account's text too long for hypothesis
    to show; three days (26, 29 and 30 June) keep every kind of record and
    its checks.
    """
    account = next(a for a in _portfolio() if a.id == account_id)
    if account.delivery is None:
        return None
    return attrs.evolve(
        account.delivery,
        entries=tuple(
            e for e in account.delivery.entries if e.day >= date(2026, 6, 26)
        ),
    )


@st.composite
def trimmed(draw: st.DrawFn) -> Account:
    """A sample account with some of its records left out."""
    account = draw(st.sampled_from(_portfolio()))

    def some(records: tuple[object, ...] | None) -> tuple[object, ...] | None:
        """Some of the records, or (one time in five) the section not recorded."""
        if records is None or draw(st.integers(0, 4)) == 0:
            return None
        keep = draw(
            st.lists(st.booleans(), min_size=len(records), max_size=len(records))
        )
        return tuple(r for r, k in zip(records, keep, strict=True) if k)

    return attrs.evolve(
        account,
        payments=some(account.payments) if draw(st.booleans()) else account.payments,
        credit_notes=None if draw(st.integers(0, 4)) == 0 else account.credit_notes,
        surveys=some(account.surveys),
        escalations=some(account.escalations),
        opportunities=some(account.opportunities),
        wallet=some(account.wallet),
        costs=some(account.costs) if draw(st.booleans()) else (),
        stakeholders=account.stakeholders if draw(st.booleans()) else None,
        plan=account.plan if draw(st.booleans()) else None,
        delivery=_light(account.id) if draw(st.booleans()) else None,
    )


@st.composite
def varied(draw: st.DrawFn) -> Account:
    """A trimmed sample account whose billing differs: invoices left out or
    multiplied (by 1 to 3), with the payments and credit notes of those left
    out, so that accounts in one portfolio have histories of their own."""
    account = draw(trimmed())
    if account.invoices is None:
        return account
    kept, dropped = [], set()
    for invoice in account.invoices:
        if draw(st.integers(0, 5)) == 0:
            dropped.add(invoice.id)
            continue
        factor = draw(st.integers(1, 3))
        kept.append(attrs.evolve(invoice, amount=invoice.amount * factor))

    def without(records: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        if records is None:
            return None
        return tuple(r for r in records if r.invoice_id not in dropped)

    return attrs.evolve(
        account,
        invoices=tuple(kept),
        payments=without(account.payments),
        credit_notes=without(account.credit_notes),
    )


bare = st.builds(
    Account,
    id=keys,
    name=names,
    currency=st.sampled_from(["EUR", "GBP", "JPY"]),
)
accounts = st.one_of(trimmed(), bare)


@functools.cache
def _pool() -> tuple[AccountReview, ...]:
    days_ = (date(2026, 6, 30), date(2025, 12, 31))
    return tuple(review(a, as_of=d) for a in _portfolio() for d in days_)


reviews = st.deferred(lambda: st.sampled_from(_pool()))


@functools.cache
def _summary() -> PortfolioSummary:
    return PortfolioSummary.of(r for r in _pool() if r.as_of == date(2026, 6, 30))


summaries = st.deferred(
    lambda: st.lists(
        st.sampled_from([r for r in _pool() if r.as_of == date(2026, 6, 30)])
    ).map(PortfolioSummary.of)
)

st.register_type_strategy(Account, accounts)
st.register_type_strategy(AccountReview, reviews)
st.register_type_strategy(PortfolioSummary, summaries)
st.register_type_strategy(
    AccountLine, st.deferred(lambda: st.sampled_from(_summary().worst))
)
st.register_type_strategy(
    ColourCount, st.deferred(lambda: st.sampled_from(_summary().colours))
)
st.register_type_strategy(
    FlagCount, st.deferred(lambda: st.sampled_from(_summary().flags))
)
st.register_type_strategy(
    CurrencyTotal, st.deferred(lambda: st.sampled_from(_summary().totals))
)
st.register_type_strategy(ServicePosition, reviews.map(lambda r: r.service))
st.register_type_strategy(ReceivablesPosition, reviews.map(lambda r: r.receivables))
st.register_type_strategy(RevenuePosition, reviews.map(lambda r: r.revenue))
st.register_type_strategy(WalletPosition, reviews.map(lambda r: r.wallet))
st.register_type_strategy(RelationshipPosition, reviews.map(lambda r: r.relationships))
st.register_type_strategy(
    MapPerson,
    st.deferred(
        lambda: st.sampled_from(
            [person for r in _pool() for person in r.relationships.people]
        )
    ),
)
st.register_type_strategy(GrowthPosition, reviews.map(lambda r: r.growth))
st.register_type_strategy(
    BidFit,
    st.deferred(
        lambda: st.sampled_from([r.growth.fit for r in _pool() if r.growth.fit])
    ),
)
st.register_type_strategy(
    PricedOpportunity,
    st.deferred(lambda: st.sampled_from([p for r in _pool() for p in r.growth.priced])),
)
st.register_type_strategy(EscalationPosition, reviews.map(lambda r: r.escalations))
st.register_type_strategy(DeliveryPosition, reviews.map(lambda r: r.delivery))
st.register_type_strategy(
    ServiceMonth,
    st.deferred(
        lambda: st.sampled_from([m for r in _pool() for m in r.service.months])
    ),
)
st.register_type_strategy(
    EngagementBudget,
    st.deferred(
        lambda: st.sampled_from([b for r in _pool() for b in r.delivery.budgets])
    ),
)
st.register_type_strategy(
    NonBillable,
    st.deferred(
        lambda: st.sampled_from([n for r in _pool() for n in r.delivery.non_billable])
    ),
)
st.register_type_strategy(
    RoleCount,
    st.deferred(
        lambda: st.sampled_from([c for r in _pool() for c in r.delivery.headcount])
    ),
)
st.register_type_strategy(ContractPosition, reviews.map(lambda r: r.contracts))
st.register_type_strategy(
    FailedLevel,
    st.deferred(
        lambda: st.sampled_from([f for r in _pool() for f in r.service.failed])
    ),
)
st.register_type_strategy(
    ContractEnd,
    st.builds(ContractEnd, contract=keys, title=names, last_day=days),
)
st.register_type_strategy(
    ServiceAgreement,
    st.deferred(lambda: st.sampled_from([s for a in _portfolio() for s in a.service])),
)
st.register_type_strategy(
    Flag,
    st.builds(
        Flag,
        priority=st.sampled_from(Priority),
        area=st.sampled_from(Area),
        code=st.from_regex(r"[a-z]+\.[a-z_]+", fullmatch=True),
        message=names,
        evidence=st.lists(keys, max_size=3).map(tuple),
    ),
)
st.register_type_strategy(
    SeverityCount,
    st.builds(
        SeverityCount, severity=st.sampled_from(Severity), count=st.integers(1, 9)
    ),
)
st.register_type_strategy(Thresholds, st.builds(Thresholds))


@st.composite
def escalations(draw: st.DrawFn) -> Escalation:
    raised = draw(days)
    closed = draw(
        st.none() | st.integers(0, 90).map(lambda n: raised + timedelta(days=n))
    )
    return Escalation(
        id=draw(keys),
        title=draw(names),
        severity=draw(st.sampled_from(Severity)),
        raised_on=raised,
        closed_on=closed,
    )


st.register_type_strategy(Escalation, escalations())
st.register_type_strategy(
    Opportunity,
    st.builds(
        Opportunity,
        id=keys,
        name=names,
        stage=st.sampled_from(Stage),
        value=amounts,
        probability=st.decimals(0, 1, places=2),
        close_on=days,
        service_line=keys,
    ),
)
st.register_type_strategy(
    SurveyResponse,
    st.sampled_from(SurveyKind).flatmap(
        lambda kind: st.builds(
            SurveyResponse,
            kind=st.just(kind),
            score=st.integers(0, 10) if kind is SurveyKind.NPS else st.integers(1, 5),
            answered_on=days,
            respondent=keys,
        )
    ),
)
st.register_type_strategy(
    WalletEstimate,
    st.builds(
        WalletEstimate,
        service_line=keys,
        wallet=amounts,
        ours=amounts,
        estimated_on=days,
    ),
)
st.register_type_strategy(Footprint, st.builds(Footprint, unit=keys, service_line=keys))
st.register_type_strategy(
    Cost, st.builds(Cost, id=keys, incurred_on=days, amount=amounts, description=names)
)
st.register_type_strategy(
    AccountPlan,
    st.builds(
        AccountPlan,
        year=st.integers(2020, 2030),
        revenue=amounts,
        margin=st.none() | st.decimals(0, 1, places=2),
        share_of_wallet=st.none() | st.decimals(0, 1, places=2),
    ),
)


@functools.cache
def _converted() -> tuple[ConvertedTotal, ...]:
    """The sample's totals in each of its currencies, at ECB-style rates."""
    day = date(2026, 6, 30)
    table = FxRates(
        pivot="EUR",
        rates=(
            FxRate(base="EUR", quote="USD", rate="1.0850", on=day, source="ECB"),
            FxRate(base="EUR", quote="GBP", rate="0.8550", on=day, source="ECB"),
        ),
    )
    return tuple(
        total
        for currency in ("EUR", "GBP", "USD")
        for total in _summary().totals_in(currency, rates=table)
    )


st.register_type_strategy(
    ConvertedTotal, st.deferred(lambda: st.sampled_from(_converted()))
)
