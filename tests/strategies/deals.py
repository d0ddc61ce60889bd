"""Strategies for accountkit.deals: valid bids and fitted curves."""

from decimal import Decimal

from hypothesis import strategies as st

from accountkit import Money
from accountkit.deals import BidOutcome, BidResponse

__all__ = ["bid_outcomes", "bid_responses"]

_AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2)

bid_outcomes = st.builds(
    lambda currency, price, reference, won: BidOutcome(
        price=Money(price, currency), reference=Money(reference, currency), won=won
    ),
    st.sampled_from(["EUR", "USD", "GBP"]),
    _AMOUNTS,
    _AMOUNTS,
    st.booleans(),
)

_FINITE = st.floats(-1e6, 1e6, allow_nan=False)

bid_responses = st.builds(
    BidResponse,
    a=_FINITE,
    b=_FINITE,
    variance_a=st.floats(0, 1e6),
    variance_b=st.floats(0, 1e6),
    covariance_ab=_FINITE,
    bids=st.integers(0, 10_000),
    wins=st.integers(0, 10_000),
    log_likelihood=st.floats(-1e6, 0),
    iterations=st.integers(0, 100),
)

st.register_type_strategy(BidOutcome, bid_outcomes)
st.register_type_strategy(BidResponse, bid_responses)
