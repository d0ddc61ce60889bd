"""Deals: pricing the next deal and learning from the ones won and lost.

Floor 2, beside :mod:`accountkit.finance`: it may use
:mod:`accountkit.contracts`.

- Price-to-win: :class:`BidOutcome` records a priced, decided bid;
  :func:`fit_bid_response` fits the logit bid-response curve to them
  (:class:`BidResponse`): the chance of winning at a price with its
  interval, and the price that maximises the expected contribution.

Issue 22 builds the rest here: the deal model and its P&L, approvals, and
revenue shared between business units.
"""

from accountkit._publish import publish
from accountkit.deals._bids import BidOutcome, BidResponse, fit_bid_response

__all__ = ["BidOutcome", "BidResponse", "fit_bid_response"]

publish(__name__, globals(), __all__)
