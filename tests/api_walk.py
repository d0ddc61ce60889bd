"""Walk accountkit's public API: every public module and what its __all__ exports.

Shared by the public-API test and the serialization round-trip property, so that
every model a later package adds is covered without anyone listing it.
"""

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType

import attrs

import accountkit

__all__ = ["public_models", "public_modules", "public_names"]


def public_modules() -> list[ModuleType]:
    """Every importable module of accountkit whose dotted name has no private part."""
    modules = [accountkit]
    for info in pkgutil.walk_packages(accountkit.__path__, prefix="accountkit."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        modules.append(importlib.import_module(info.name))
    return modules


def public_names() -> Iterator[tuple[ModuleType, str, object]]:
    """Yield (module, name, object) for every name in every public __all__."""
    for module in public_modules():
        for name in getattr(module, "__all__", ()):
            yield module, name, getattr(module, name)


def public_models() -> list[type]:
    """Every attrs class exported by a public module, each once, by name."""
    found: dict[str, type] = {}
    for _, _, obj in public_names():
        if isinstance(obj, type) and attrs.has(obj):
            found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[key] for key in sorted(found)]
