"""Give objects defined in private modules their public package as home.

Packages keep their logic in private modules (``contracts/_charges.py``) and
re-export it. Setting ``__module__`` to the package makes reprs, pickles, type
hints in the docs and error messages name the public path
(``accountkit.contracts.FixedFee``) rather than the private one.
"""

import inspect
from collections.abc import Iterable, Mapping

__all__ = ["publish"]


def publish(
    package: str, namespace: Mapping[str, object], names: Iterable[str]
) -> None:
    """Set ``__module__`` of the classes and functions in ``names`` to ``package``."""
    for name in names:
        obj = namespace[name]
        if inspect.isclass(obj) or inspect.isfunction(obj):
            obj.__module__ = package
