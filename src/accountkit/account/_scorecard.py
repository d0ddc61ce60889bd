"""The default health scorecard for an IT-services account.

Five groups (financial, delivery, relationship, growth, delivery economics),
each measure computed by the library's own calculators (see
:func:`~accountkit.account.review`). The docs page "Designing a health
scorecard" tabulates the measures, weights and scorers and explains each
choice.
"""

import functools

from accountkit._checked import checked
from accountkit.health import (
    Direction,
    GoodAveragePoor,
    Group,
    Linear,
    Measure,
    Scorecard,
    ThresholdTiers,
    Tier,
)

__all__ = ["WALLET_VALID_DAYS", "default_scorecard"]

WALLET_VALID_DAYS = 365
"""Wallet estimates older than this are flagged stale (and still scored)."""


@checked
def default_scorecard() -> Scorecard:
    """Return the default IT-services account scorecard.

    It is built once and the same (immutable) scorecard is returned every
    time, so what is derived from it is derived once.

    Its measures, weights and scorers, and the reasons for them, are on the
    page :doc:`/scorecard-design`.

    Missing measures are excluded and the weights renormalised; the review
    reports completeness. The two wallet measures are dated by the estimate
    behind them and flagged stale after :data:`WALLET_VALID_DAYS`. SLA
    attainment is critical: when it is red, the account is red whatever the
    rest says.

    Examples
    --------
    >>> card = default_scorecard()
    >>> card is default_scorecard()
    True
    >>> [(g.id, g.weight) for g in card.groups]  # doctest: +NORMALIZE_WHITESPACE
    [('financial', 30.0), ('delivery', 30.0), ('relationship', 25.0),
     ('growth', 15.0), ('economics', 15.0)]
    >>> len(card.measure_ids)
    24
    """
    return _built()


@functools.cache
def _built() -> Scorecard:
    def linear(
        id_: str,
        name: str,
        weight: float,
        worst: float,
        best: float,
        *,
        valid_days: int | None = None,
    ) -> Measure:
        return Measure(
            id=id_,
            name=name,
            weight=weight,
            scorer=Linear(worst=worst, best=best),
            valid_days=valid_days,
        )

    debtor_days = ThresholdTiers(
        tiers=(
            Tier(bound=30, score=100),
            Tier(bound=45, score=70),
            Tier(bound=60, score=40),
        ),
        direction=Direction.LOWER_IS_BETTER,
    )
    financial = Group(
        id="financial",
        name="Financial",
        weight=30,
        measures=(
            linear(
                "revenue_attainment", "Billed against contract to date (%)", 3, 80, 100
            ),
            Measure(
                id="debtor_days",
                name="Debtor days (countback)",
                weight=2,
                scorer=debtor_days,
            ),
            linear(
                "overdue_30_share", "Receivables over 30 days overdue (%)", 2, 25, 0
            ),
            linear("margin", "Margin this year (%)", 2, 0, 30),
        ),
    )
    delivery = Group(
        id="delivery",
        name="Delivery",
        weight=30,
        measures=(
            Measure(
                id="sla_attainment",
                name="Service levels met, last 12 months (%)",
                weight=3,
                scorer=Linear(worst=80, best=100),
                critical=True,
            ),
            linear("credit_share", "Service credits as a share of fees (%)", 2, 5, 0),
            Measure(
                id="open_escalations",
                name="Open escalations",
                weight=2,
                scorer=GoodAveragePoor(good=0, poor=3),
            ),
            linear("days_to_close", "Days to close an escalation", 1, 30, 5),
        ),
    )
    relationship = Group(
        id="relationship",
        name="Relationship",
        weight=25,
        measures=(
            linear("nps", "Net promoter score", 2, -50, 50),
            linear("csat", "Satisfied clients (CSAT %)", 2, 50, 90),
            linear("alignment", "Influence-weighted support (-2 to +2)", 2, -1, 1.5),
            linear("map_status", "Stakeholder map status (0-3)", 1, 0, 3),
            Measure(
                id="single_threaded",
                name="Single-threaded key players",
                weight=1,
                scorer=GoodAveragePoor(good=0, poor=2),
            ),
        ),
    )
    growth = Group(
        id="growth",
        name="Growth",
        weight=15,
        measures=(
            linear(
                "share_of_wallet",
                "Share of wallet (%)",
                2,
                5,
                40,
                valid_days=WALLET_VALID_DAYS,
            ),
            linear(
                "wallet_trend",
                "Share of wallet, change over a year (points)",
                1,
                -5,
                5,
                valid_days=WALLET_VALID_DAYS,
            ),
            linear("penetration", "Units x service lines served (%)", 1, 10, 60),
            linear("win_rate", "Win rate, last 12 months (%)", 1, 10, 50),
            linear(
                "pipeline_cover", "Weighted pipeline / annual contract (%)", 1, 0, 30
            ),
        ),
    )
    economics = Group(
        id="economics",
        name="Delivery economics",
        weight=15,
        measures=(
            linear("delivery_margin", "Client P&L margin this year (%)", 3, 5, 35),
            linear(
                "cost_performance", "Cost performance index, worst (CPI)", 2, 0.8, 1
            ),
            linear("utilisation", "Team utilisation, last 3 months (%)", 2, 50, 80),
            linear("realisation", "Realisation, last 3 months (%)", 2, 75, 100),
            linear("attrition", "Attrition, last 12 months (%)", 1, 30, 10),
            linear("fulfilment", "Resource requests filled in time (%)", 1, 50, 90),
        ),
    )
    return Scorecard(
        name="IT services account",
        groups=(financial, delivery, relationship, growth, economics),
        worst_of=True,
    )
