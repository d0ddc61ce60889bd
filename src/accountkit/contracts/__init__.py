"""Contracts: agreements, commercial models, billing schedules, payment terms.

Floor 1 of accountkit. It builds on :mod:`accountkit.money` and
:mod:`accountkit.periods` and is used by :mod:`accountkit.finance`.

- Agreements: :class:`Contract` (MSA, SOW, work order) with its term, renewal and
  payment terms, charges and :class:`ChangeRequest` history.
- Charges (a union, tagged ``"type"`` in JSON): :class:`FixedFee`,
  :class:`TimeAndMaterials` against a :class:`RateCard`, tiered
  :class:`UnitPrice`, and :class:`Milestone`.
- Calculators: :func:`price_units` and :func:`tier_breakdown`.
"""

from accountkit._publish import publish
from accountkit.contracts._agreements import (
    ChangeRequest,
    ChangeStatus,
    Contract,
    ContractKind,
    charge_window,
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
from accountkit.contracts._terms import DueBasis, PaymentTerms, RenewalTerms

__all__ = [
    "ChangeRequest",
    "ChangeStatus",
    "Charge",
    "Contract",
    "ContractKind",
    "DueBasis",
    "FixedFee",
    "Frequency",
    "Milestone",
    "PaymentTerms",
    "Rate",
    "RateCard",
    "RenewalTerms",
    "Tier",
    "TierMode",
    "TierUse",
    "TimeAndMaterials",
    "Timing",
    "Unit",
    "UnitPrice",
    "charge_window",
    "price_units",
    "tier_breakdown",
]

publish(__name__, globals(), __all__)
