"""Contracts: agreements, commercial models, billing schedules, payment terms, SLAs.

Floor 1 of accountkit. It builds on :mod:`accountkit.money` and
:mod:`accountkit.periods` and is used by :mod:`accountkit.finance`.
Its models and calculators arrive with the contracts and SLA work; the package
exists now so that the layout, imports and documentation are in place.
"""

__all__: list[str] = []
