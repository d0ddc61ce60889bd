"""Give objects defined in private modules their public package as home.

Packages keep their logic in private modules (``contracts/_charges.py``) and
re-export it. Setting ``__module__`` to the package makes reprs, pickles, type
hints in the docs and error messages name the public path
(``accountkit.contracts.FixedFee``) rather than the private one.

A package may also serve some names lazily (:func:`lazy`): the private
modules the account review never uses (plots, backtests, what-if analyses)
are imported on first use of one of their names, so that ``import
accountkit.account`` does not pay for them.
"""

import importlib
import inspect
import typing
from collections.abc import Callable, Iterable, Mapping, MutableMapping

__all__ = ["lazy", "publish"]


def publish(
    package: str, namespace: Mapping[str, object], names: Iterable[str]
) -> None:
    """Set ``__module__`` of the classes and functions in ``names`` to ``package``."""
    for name in names:
        obj = namespace[name]
        if inspect.isclass(obj) or inspect.isfunction(obj):
            obj.__module__ = package


def lazy(
    package: str, namespace: MutableMapping[str, object], modules: Iterable[str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return a package's ``__getattr__`` and ``__dir__`` serving ``modules``.

    The package's ``__all__`` names what it offers; those it has not
    imported are in ``modules``. The first use of one of them imports the
    modules in turn until one has it, each putting the names of its
    ``__all__`` that the package offers in the package's namespace,
    published (:func:`publish`); later uses are plain attribute reads.
    """
    pending = list(modules)

    def __getattr__(name: str) -> object:  # noqa: N807 - the module protocol
        offered = set(typing.cast("Iterable[str]", namespace["__all__"]))
        # the modules are imported in turn until one serves the name
        while name in offered and name not in namespace and pending:
            loaded = importlib.import_module(pending.pop(0))
            names = [n for n in getattr(loaded, "__all__", ()) if n in offered]
            for each in names:
                namespace[each] = getattr(loaded, each)
            publish(package, namespace, names)
        if name in namespace:
            return namespace[name]
        message = f"module {package!r} has no attribute {name!r}"
        raise AttributeError(message)

    def __dir__() -> list[str]:  # noqa: N807 - the module protocol
        return sorted({*namespace, *typing.cast("Iterable[str]", namespace["__all__"])})

    return __getattr__, __dir__
