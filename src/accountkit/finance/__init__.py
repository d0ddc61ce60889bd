"""Finance: receivables and debtor days, revenue against contract, forecasting.

Floor 2 of accountkit. It may use :mod:`accountkit.contracts` (billing schedules,
payment terms). Its models and calculators arrive with the receivables and
revenue work; the package exists now so that the layout, imports and
documentation are in place.
"""

__all__: list[str] = []
