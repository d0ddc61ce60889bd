"""Deals: pricing the next deal and learning from the ones won and lost.

Floor 2, beside :mod:`accountkit.finance`: it may use
:mod:`accountkit.contracts`.

- The deal: :class:`Deal` with its rate card (:class:`RoleRate`), effort by
  role and year (:class:`Effort`) and other costs (:class:`DealCost`);
  :func:`deal_pnl` builds its P&L by year and the waterfall from cost to
  price (:class:`DealPnL`), and :func:`deal_contract` turns it into a
  :class:`~accountkit.contracts.Contract`.
- Price-to-win: :class:`BidOutcome` records a priced, decided bid;
  :func:`fit_bid_response` fits the logit bid-response curve to them
  (:class:`BidResponse`): the chance of winning at a price with its
  interval, and the price that maximises the expected contribution;
  :func:`price_to_win` turns it into a bid for a deal, with the trade-off
  curve of price, win probability and expected margin, which
  :func:`plot_price_to_win` draws.
- Approvals: an :class:`ApprovalMatrix` of :class:`ApprovalRule` lines;
  :func:`deal_approvals` says which levels a deal needs and why.
- Revenue shared between business units: :func:`revenue_split` shares
  revenue, cost and margin exactly, with the transfer entries.
"""

from typing import TYPE_CHECKING

from accountkit._publish import lazy, publish
from accountkit.deals._approvals import (
    ApprovalMatrix,
    ApprovalNeed,
    ApprovalRule,
    Approvals,
    Measure,
    deal_approvals,
)
from accountkit.deals._bids import (
    MAX_POINTS,
    BidOutcome,
    BidResponse,
    PriceToWin,
    TradeOffPoint,
    fit_bid_response,
    price_to_win,
)
from accountkit.deals._deal import (
    MAX_DEAL_YEARS,
    CostKind,
    Deal,
    DealCost,
    Effort,
    RoleRate,
)
from accountkit.deals._pnl import (
    DealPnL,
    DealYear,
    WaterfallStep,
    deal_contract,
    deal_pnl,
)
from accountkit.deals._shares import (
    RevenueSplit,
    Transfer,
    UnitShare,
    UnitSplit,
    revenue_split,
)

__all__ = [
    "MAX_DEAL_YEARS",
    "MAX_POINTS",
    "ApprovalMatrix",
    "ApprovalNeed",
    "ApprovalRule",
    "Approvals",
    "BidOutcome",
    "BidResponse",
    "CostKind",
    "Deal",
    "DealCost",
    "DealPnL",
    "DealYear",
    "Effort",
    "Measure",
    "PriceToWin",
    "RevenueSplit",
    "RoleRate",
    "TradeOffPoint",
    "Transfer",
    "UnitShare",
    "UnitSplit",
    "WaterfallStep",
    "deal_approvals",
    "deal_contract",
    "deal_pnl",
    "fit_bid_response",
    "plot_price_to_win",
    "price_to_win",
    "revenue_split",
]

if TYPE_CHECKING:  # served lazily (_LAZY, at the end): it needs matplotlib
    from accountkit.deals._plot import plot_price_to_win

_LAZY = ("accountkit.deals._plot",)
__getattr__, __dir__ = lazy(__name__, globals(), _LAZY)
publish(__name__, globals(), [name for name in __all__ if name in globals()])
