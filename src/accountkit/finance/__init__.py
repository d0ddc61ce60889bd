"""Finance: receivables and debtor days, revenue against contract, forecasting.

Floor 2 of accountkit. It may use :mod:`accountkit.contracts` (payment terms,
billing schedules).

- Receivables: :class:`Invoice` (optionally in instalments), :class:`Payment`
  and :class:`CreditNote`; :func:`open_items` rebuilds what is open on any day.
"""

from accountkit._publish import publish
from accountkit.finance._ageing import (
    AgeingArrays,
    AgeingReport,
    AgeingRow,
    ageing,
    ageing_arrays,
)
from accountkit.finance._documents import CreditNote, Instalment, Invoice, Payment
from accountkit.finance._open_items import ItemKind, OpenItem, open_items

__all__ = [
    "AgeingArrays",
    "AgeingReport",
    "AgeingRow",
    "CreditNote",
    "Instalment",
    "Invoice",
    "ItemKind",
    "OpenItem",
    "Payment",
    "ageing",
    "ageing_arrays",
    "open_items",
]

publish(__name__, globals(), __all__)
