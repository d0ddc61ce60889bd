"""accountkit: typed models and calculators for running large client accounts.

The core names live here: :class:`~accountkit.money.Money`,
:class:`~accountkit.periods.Period`, month arithmetic and the errors. The
domain packages are imported on first use, so ``import accountkit`` stays light
(it loads neither numpy nor cattrs):

- :mod:`accountkit.contracts`: agreements, charges, billing schedules, SLAs;
- :mod:`accountkit.finance`: receivables, debtor days, revenue, forecasting;
- :mod:`accountkit.relationships`: stakeholders and influence graphs;
- :mod:`accountkit.health`: account health scorecards;
- :mod:`accountkit.account`: the :class:`~accountkit.account.Account` aggregate
  (also ``accountkit.Account``) and its review;
- :mod:`accountkit.serialization`: JSON in and out for every model.

Examples
--------
>>> import accountkit
>>> accountkit.Money("99.90", "EUR") * 3
Money('299.70', 'EUR')
"""

import importlib
from typing import TYPE_CHECKING

from accountkit.errors import (
    AccountkitError,
    ConvergenceError,
    CurrencyMismatchError,
    InsufficientDataError,
    MissingDependencyError,
    ValidationError,
)
from accountkit.money import Money, minor_units
from accountkit.periods import Period, add_months, end_of_month

if TYPE_CHECKING:
    from accountkit import (
        account,
        contracts,
        finance,
        health,
        relationships,
        serialization,
    )
    from accountkit.account import Account, AccountReview, review

__all__ = [
    "Account",
    "AccountReview",
    "AccountkitError",
    "ConvergenceError",
    "CurrencyMismatchError",
    "InsufficientDataError",
    "MissingDependencyError",
    "Money",
    "Period",
    "ValidationError",
    "__version__",
    "account",
    "add_months",
    "contracts",
    "end_of_month",
    "finance",
    "health",
    "minor_units",
    "relationships",
    "review",
    "serialization",
]

__version__ = "0.1.0.dev0"
"""The version of this release of accountkit."""

_LAZY_SUBMODULES = frozenset(
    {"account", "contracts", "finance", "health", "relationships", "serialization"}
)
_LAZY_NAMES = {"Account": "account", "AccountReview": "account", "review": "account"}
"""Names served from a domain package, imported on first use."""


def __getattr__(name: str) -> object:
    """Import a domain package the first time it (or a name from it) is used."""
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"accountkit.{name}")
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(f"accountkit.{_LAZY_NAMES[name]}"), name)
    message = f"module 'accountkit' has no attribute {name!r}"
    raise AttributeError(message)


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_SUBMODULES | set(_LAZY_NAMES))
