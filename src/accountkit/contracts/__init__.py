"""Contracts: agreements, commercial models, billing schedules, payment terms.

Floor 1 of accountkit. It builds on :mod:`accountkit.money` and
:mod:`accountkit.periods` and is used by :mod:`accountkit.finance`.

- Agreements: :class:`Contract` (MSA, SOW, work order) with its term, renewal and
  payment terms, charges and :class:`ChangeRequest` history.
- Charges (a union, tagged ``"type"`` in JSON): :class:`FixedFee`,
  :class:`TimeAndMaterials` against a :class:`RateCard`, tiered
  :class:`UnitPrice`, and :class:`Milestone`.
- Service levels: :func:`availability` and :func:`downtime` from
  :class:`Outage` intervals; business time on a :class:`BusinessCalendar`.
- Calculators: :func:`price_units`, :func:`contract_value`,
  :func:`billing_schedule`, :func:`change_log` and :func:`renewal_status`.
"""

from accountkit._publish import publish
from accountkit.contracts._agreements import (
    ChangeRequest,
    ChangeStatus,
    Contract,
    ContractKind,
    charge_window,
)
from accountkit.contracts._availability import (
    Downtime,
    Outage,
    TimeSpan,
    availability,
    downtime,
    merge_spans,
)
from accountkit.contracts._calendars import (
    BusinessCalendar,
    Weekday,
    WorkingWindow,
    add_business_time,
    business_time_between,
)
from accountkit.contracts._charges import (
    Charge,
    FixedFee,
    Frequency,
    Milestone,
    Rate,
    RateCard,
    Tier,
    TierMode,
    TierUse,
    TimeAndMaterials,
    Timing,
    Unit,
    UnitPrice,
    price_units,
    tier_breakdown,
)
from accountkit.contracts._schedules import (
    BillingArrays,
    BillingLine,
    FeeArrays,
    Usage,
    billing_arrays,
    billing_schedule,
    contract_years,
    due_dates,
    fixed_fee_arrays,
)
from accountkit.contracts._sla import (
    CreditOutcome,
    CreditRule,
    CreditTier,
    Direction,
    FlatCredit,
    LinearShortfallCredit,
    PointBand,
    PoolAllocationCredit,
    ServiceLevel,
    ServicePoints,
    TieredCredit,
    meets,
    rule_credit,
)
from accountkit.contracts._terms import DueBasis, PaymentTerms, RenewalTerms
from accountkit.contracts._value import (
    ChangeImpact,
    ChangeLog,
    ChargeValue,
    ContractValue,
    RenewalStatus,
    StatusTotal,
    YearValue,
    change_log,
    contract_value,
    renewal_status,
)

__all__ = [
    "BillingArrays",
    "BillingLine",
    "BusinessCalendar",
    "ChangeImpact",
    "ChangeLog",
    "ChangeRequest",
    "ChangeStatus",
    "Charge",
    "ChargeValue",
    "Contract",
    "ContractKind",
    "ContractValue",
    "CreditOutcome",
    "CreditRule",
    "CreditTier",
    "Direction",
    "Downtime",
    "DueBasis",
    "FeeArrays",
    "FixedFee",
    "FlatCredit",
    "Frequency",
    "LinearShortfallCredit",
    "Milestone",
    "Outage",
    "PaymentTerms",
    "PointBand",
    "PoolAllocationCredit",
    "Rate",
    "RateCard",
    "RenewalStatus",
    "RenewalTerms",
    "ServiceLevel",
    "ServicePoints",
    "StatusTotal",
    "Tier",
    "TierMode",
    "TierUse",
    "TieredCredit",
    "TimeAndMaterials",
    "TimeSpan",
    "Timing",
    "Unit",
    "UnitPrice",
    "Usage",
    "Weekday",
    "WorkingWindow",
    "YearValue",
    "add_business_time",
    "availability",
    "billing_arrays",
    "billing_schedule",
    "business_time_between",
    "change_log",
    "charge_window",
    "contract_value",
    "contract_years",
    "downtime",
    "due_dates",
    "fixed_fee_arrays",
    "meets",
    "merge_spans",
    "price_units",
    "renewal_status",
    "rule_credit",
    "tier_breakdown",
]

publish(__name__, globals(), __all__)
