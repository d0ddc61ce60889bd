"""Delivery economics: people, time, utilisation, the client P&L, budgets.

On floor 2 beside :mod:`accountkit.finance`: it may use
:mod:`accountkit.contracts` (a person's working calendar is a
:class:`~accountkit.contracts.BusinessCalendar`).
"""

from typing import TYPE_CHECKING

from accountkit._publish import lazy, publish
from accountkit.delivery._budgets import (
    BudgetLine,
    BudgetPosition,
    Expense,
    budget_position,
)
from accountkit.delivery._earned_value import EarnedValue, earned_value
from accountkit.delivery._people import (
    Leave,
    Person,
    RateChange,
    TimeEntry,
    working_hours,
)
from accountkit.delivery._pnl import (
    ClientPnl,
    Engagement,
    PnlLine,
    RevenueItem,
    RevenueKind,
    client_pnl,
)
from accountkit.delivery._records import DeliveryRecords, Progress
from accountkit.delivery._resourcing import (
    Attrition,
    Demand,
    Leaver,
    Staffing,
    attrition,
    headcount,
    staffing,
)
from accountkit.delivery._utilisation import (
    Capacity,
    RoleUtilisation,
    Utilisation,
    monthly_utilisation,
    role_utilisation,
    utilisation,
)

if TYPE_CHECKING:  # served lazily (_LAZY, at the end): the review never uses them
    from accountkit.delivery._time_arrays import (
        TimeArrays,
        TimeTable,
        available_hours,
        time_arrays,
    )

__all__ = [
    "Attrition",
    "BudgetLine",
    "BudgetPosition",
    "Capacity",
    "ClientPnl",
    "DeliveryRecords",
    "Demand",
    "EarnedValue",
    "Engagement",
    "Expense",
    "Leave",
    "Leaver",
    "Person",
    "PnlLine",
    "Progress",
    "RateChange",
    "RevenueItem",
    "RevenueKind",
    "RoleUtilisation",
    "Staffing",
    "TimeArrays",
    "TimeEntry",
    "TimeTable",
    "Utilisation",
    "attrition",
    "available_hours",
    "budget_position",
    "client_pnl",
    "earned_value",
    "headcount",
    "monthly_utilisation",
    "role_utilisation",
    "staffing",
    "time_arrays",
    "utilisation",
    "working_hours",
]

_LAZY = ("accountkit.delivery._time_arrays",)
__getattr__, __dir__ = lazy(__name__, globals(), _LAZY)
publish(__name__, globals(), [name for name in __all__ if name in globals()])
