"""Relationships: stakeholders, influence graphs, coverage and warm paths.

Floor 2 of accountkit, beside :mod:`accountkit.finance`; it uses neither
contracts nor finance. Its models and analyses arrive with the stakeholder work;
the package exists now so that the layout, imports and documentation are in
place.
"""

__all__: list[str] = []
