"""What is derived from an immutable object, kept by that object's identity.

A scorecard's scoring plan or its flattened nodes are the same every time
they are derived; an account review derives them once per account. A
:class:`Derived` keeps the latest few, keyed by the identity of the object
they come from, and holds that object, so that its identity cannot be
reused by another while the entry is kept. It is for frozen objects only:
an object that could change would be answered from what it was.
"""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Derived"]

K = TypeVar("K")
V = TypeVar("V")


class Derived(Generic[K, V]):
    """``make(key)``, made once for each of the latest ``size`` keys."""

    def __init__(self, make: Callable[[K], V], *, size: int = 16) -> None:
        self._make = make
        self._size = size
        self._kept: dict[int, tuple[K, V]] = {}
        self._lock = threading.Lock()

    def __call__(self, key: K) -> V:
        """Return what ``make`` derives from ``key``, made at most once while kept."""
        kept = self._kept.get(id(key))
        if kept is not None and kept[0] is key:
            return kept[1]
        value = self._make(key)
        with self._lock:
            while len(self._kept) >= self._size:
                # the oldest entry goes first
                del self._kept[next(iter(self._kept))]
            self._kept[id(key)] = (key, value)
        return value
