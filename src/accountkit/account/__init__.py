"""One client account: the aggregate, its default health scorecard and review.

:class:`Account` holds everything the other packages model for one client;
:func:`review` turns it into an :class:`AccountReview` for a day, the monthly
service review of an account manager.
"""

from accountkit.account._model import (
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
from accountkit.account._render import render_portfolio, render_review
from accountkit.account._review import (
    THRESHOLDS,
    AccountReview,
    Area,
    EscalationPosition,
    Flag,
    GrowthPosition,
    Priority,
    ReceivablesPosition,
    RelationshipPosition,
    RevenuePosition,
    ServicePosition,
    SeverityCount,
    Thresholds,
    WalletPosition,
    review,
    review_many,
)
from accountkit.account._sample import SAMPLE_DAY, load_portfolio, sample_portfolio
from accountkit.account._scorecard import WALLET_VALID_DAYS, default_scorecard

__all__ = [
    "SAMPLE_DAY",
    "THRESHOLDS",
    "WALLET_VALID_DAYS",
    "Account",
    "AccountPlan",
    "AccountReview",
    "Area",
    "Cost",
    "Escalation",
    "EscalationPosition",
    "Flag",
    "Footprint",
    "GrowthPosition",
    "Opportunity",
    "Priority",
    "ReceivablesPosition",
    "RelationshipPosition",
    "RevenuePosition",
    "ServiceAgreement",
    "ServicePosition",
    "Severity",
    "SeverityCount",
    "Stage",
    "SurveyKind",
    "SurveyResponse",
    "Thresholds",
    "WalletEstimate",
    "WalletPosition",
    "default_scorecard",
    "load_portfolio",
    "render_portfolio",
    "render_review",
    "review",
    "review_many",
    "sample_portfolio",
]
