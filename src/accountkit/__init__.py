"""accountkit: typed models and calculators for running large client accounts.

The core names live here: :class:`~accountkit.money.Money`,
:class:`~accountkit.periods.Period`, month arithmetic and the errors. The
domain packages are imported on first use, so ``import accountkit`` stays light
(it loads neither numpy nor cattrs):

- :mod:`accountkit.contracts`: agreements, charges, billing schedules, SLAs;
- :mod:`accountkit.finance`: receivables, debtor days, revenue, forecasting;
- :mod:`accountkit.relationships`: stakeholders and influence graphs;
- :mod:`accountkit.health`: account health scorecards;
- :mod:`accountkit.serialization`: JSON in and out for every model.

Examples
--------
>>> import accountkit
>>> accountkit.Money("99.90", "EUR") * 3
Money('299.70', 'EUR')
"""

import importlib
from types import ModuleType
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
    from accountkit import contracts, finance, health, relationships, serialization

__all__ = [
    "AccountkitError",
    "ConvergenceError",
    "CurrencyMismatchError",
    "InsufficientDataError",
    "MissingDependencyError",
    "Money",
    "Period",
    "ValidationError",
    "__version__",
    "add_months",
    "contracts",
    "end_of_month",
    "finance",
    "health",
    "minor_units",
    "relationships",
    "serialization",
]

__version__ = "0.1.0.dev0"
"""The version of this release of accountkit."""

_LAZY_SUBMODULES = frozenset(
    {"contracts", "finance", "health", "relationships", "serialization"}
)


def __getattr__(name: str) -> ModuleType:
    """Import a domain package the first time it is used."""
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"accountkit.{name}")
    message = f"module 'accountkit' has no attribute {name!r}"
    raise AttributeError(message)


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_SUBMODULES)
