"""Hypothesis strategies for accountkit, one module per package.

Importing this package registers a strategy for every model, so that
``st.from_type(Model)`` draws valid instances of it.
"""

from strategies import (
    account,
    contracts,
    core,
    deals,
    delivery,
    finance,
    health,
    relationships,
)

__all__ = [
    "account",
    "contracts",
    "core",
    "deals",
    "delivery",
    "finance",
    "health",
    "relationships",
]
