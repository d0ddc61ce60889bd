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
    package: str,
    namespace: MutableMapping[str, object],
    modules: Mapping[str, Iterable[str]],
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return a package's ``__getattr__`` and ``__dir__`` serving ``modules``' names.

    ``modules`` maps each private module to the names the package takes from
    it. The first use of one of them imports the module, puts all its names
    in the package's namespace and publishes them (:func:`publish`); later
    uses are plain attribute reads.
    """
    names = {module: tuple(found) for module, found in modules.items()}
    home = {name: module for module, found in names.items() for name in found}

    def __getattr__(name: str) -> object:  # noqa: N807 - the module protocol
        module = home.get(name)
        if module is None:
            message = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(message)
        loaded = importlib.import_module(module)
        for each in names[module]:
            namespace[each] = getattr(loaded, each)
        publish(package, namespace, names[module])
        return namespace[name]

    def __dir__() -> list[str]:  # noqa: N807 - the module protocol
        return sorted({*namespace, *home})

    return __getattr__, __dir__
