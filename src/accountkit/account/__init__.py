"""One client account: the aggregate, its default health scorecard and review.

:class:`Account` holds everything the other packages model for one client;
:func:`review` turns it into an :class:`AccountReview` for a day, the monthly
service review of an account manager.
"""

from typing import TYPE_CHECKING

from accountkit._publish import lazy, publish
from accountkit.account._basis import (
    REVIEW_DAYS,
    THRESHOLDS,
    Area,
    Flag,
    Priority,
    Thresholds,
)
from accountkit.account._batch import (
    BLOCK,
    MAX_WORKERS,
    iter_reviews,
    review_block,
    review_lines,
    review_many,
)
from accountkit.account._contracts import (
    ContractEnd,
    ContractPosition,
    ContractTree,
    PriceReview,
)
from accountkit.account._delivery import (
    DeliveryPosition,
    EngagementBudget,
    NonBillable,
    RoleCount,
)
from accountkit.account._escalations import EscalationPosition, SeverityCount
from accountkit.account._growth import BidFit, GrowthPosition, PricedOpportunity
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
from accountkit.account._obligations import (
    SERVICE_REPORT_DAY,
    ObligationPosition,
    obligations_of,
)
from accountkit.account._receivables import ReceivablesPosition
from accountkit.account._relationships import MapPerson, RelationshipPosition
from accountkit.account._revenue import RevenuePosition
from accountkit.account._review import (
    AccountReview,
    ReviewFailure,
    review,
)
from accountkit.account._scorecard import WALLET_VALID_DAYS, default_scorecard
from accountkit.account._service import FailedLevel, ServiceMonth, ServicePosition
from accountkit.account._wallet import WalletPosition

if TYPE_CHECKING:  # served lazily (_LAZY, at the end): the review never uses them
    from accountkit.account._frame import REVIEW_COLUMNS, review_frame, review_rows
    from accountkit.account._render import render_portfolio, render_review
    from accountkit.account._sample import (
        SAMPLE_DAY,
        load_portfolio,
        sample_portfolio,
        sample_rates,
    )
    from accountkit.account._summary import (
        TOTALS,
        AccountLine,
        ColourCount,
        ConvertedTotal,
        CurrencyTotal,
        FlagCount,
        PortfolioSummary,
    )

__all__ = [
    "BLOCK",
    "MAX_WORKERS",
    "REVIEW_COLUMNS",
    "REVIEW_DAYS",
    "SAMPLE_DAY",
    "SERVICE_REPORT_DAY",
    "THRESHOLDS",
    "TOTALS",
    "WALLET_VALID_DAYS",
    "Account",
    "AccountLine",
    "AccountPlan",
    "AccountReview",
    "Area",
    "BidFit",
    "ColourCount",
    "ContractEnd",
    "ContractPosition",
    "ContractTree",
    "ConvertedTotal",
    "Cost",
    "CurrencyTotal",
    "DeliveryPosition",
    "EngagementBudget",
    "Escalation",
    "EscalationPosition",
    "FailedLevel",
    "Flag",
    "FlagCount",
    "Footprint",
    "GrowthPosition",
    "MapPerson",
    "NonBillable",
    "ObligationPosition",
    "Opportunity",
    "PortfolioSummary",
    "PriceReview",
    "PricedOpportunity",
    "Priority",
    "ReceivablesPosition",
    "RelationshipPosition",
    "RevenuePosition",
    "ReviewFailure",
    "RoleCount",
    "ServiceAgreement",
    "ServiceMonth",
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
    "iter_reviews",
    "load_portfolio",
    "obligations_of",
    "render_portfolio",
    "render_review",
    "review",
    "review_block",
    "review_frame",
    "review_lines",
    "review_many",
    "review_rows",
    "sample_portfolio",
    "sample_rates",
]

_LAZY = (  # tried in this order: the sample first, the command line's demo
    "accountkit.account._sample",
    "accountkit.account._frame",
    "accountkit.account._render",
    "accountkit.account._summary",
)
__getattr__, __dir__ = lazy(__name__, globals(), _LAZY)
publish(__name__, globals(), [name for name in __all__ if name in globals()])
