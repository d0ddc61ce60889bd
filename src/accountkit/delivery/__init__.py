"""Delivery economics: people, time, utilisation and realisation, earned value.

On floor 2 beside :mod:`accountkit.finance`: it may use
:mod:`accountkit.contracts` (a person's working calendar is a
:class:`~accountkit.contracts.BusinessCalendar`).
"""

from accountkit._publish import publish
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
from accountkit.delivery._resourcing import (
    Attrition,
    Demand,
    Leaver,
    Staffing,
    attrition,
    headcount,
    staffing,
)
from accountkit.delivery._utilisation import Capacity, Utilisation, utilisation

__all__ = [
    "Attrition",
    "BudgetLine",
    "BudgetPosition",
    "Capacity",
    "Demand",
    "EarnedValue",
    "Expense",
    "Leave",
    "Leaver",
    "Person",
    "RateChange",
    "Staffing",
    "TimeEntry",
    "Utilisation",
    "attrition",
    "budget_position",
    "earned_value",
    "headcount",
    "staffing",
    "utilisation",
    "working_hours",
]

publish(__name__, globals(), __all__)
