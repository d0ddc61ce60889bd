"""One argument check for every public function, read from its annotations.

:func:`checked` wraps a public function so that each argument a caller passes
is checked against the function's type annotation before the body runs, and
a wrong one is a :class:`~accountkit.errors.ValidationError` naming the
function, the argument and, inside a list or mapping, the index or key::

    open_items.payments[0]: expected a Payment, got str

The rules, one per kind of annotation:

- a class (a model, ``Money``, ``Period``, ...): an instance of it;
- ``date``: a date that is not a datetime; ``datetime``: an aware one;
- ``int``: an int that is not a bool; ``float``: a finite int, float or
  Decimal; ``str`` and ``bool``: exactly that;
- ``Decimal``: what :func:`~accountkit.money.to_decimal` reads (a float is its
  documented ``TypeError``);
- ``Sequence[X]`` and ``Iterable[X]``: a collection that is not text or a
  mapping, each item an ``X``; an iterator is not consumed to check it;
- ``Mapping[K, V]``, ``tuple[X, Y]``, ``Literal[...]``, ``type[...]``,
  ``Callable`` and unions of these, as written;
- numpy array-likes, ``object``, ``Any`` and type variables: left to the
  function (array inputs have their own checks in :mod:`accountkit._arrays`).

One parameter name carries a rule of its own wherever it appears: ``places``
(decimal places to round to) is a whole number from 0 to :data:`MAX_PLACES`,
as it sets the amount of work.

Defaults are not checked: they are the function's own. The checks cost about a
microsecond an argument, plus an ``isinstance`` an item of a collection.
"""

import functools
import inspect
import math
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from accountkit._validators import article
from accountkit.errors import (
    MAX_PROBLEMS,
    PathSegment,
    Problem,
    ValidationError,
    shorten,
)
from accountkit.money import Money, to_decimal

__all__ = ["MAX_PLACES", "checked", "listed"]

MAX_PLACES = 28
"""The most decimal places a result is rounded to (Decimal's default
precision); more would be work without meaning."""

P = ParamSpec("P")
R = TypeVar("R")

Check = Callable[[object, tuple[PathSegment, ...]], None]
"""A check returns when the value fits and raises :class:`_RefusedError` if not."""

Test = Callable[[object], str | None]
"""A test of one value: ``None`` when it fits, else what was expected."""


class _RefusedError(Exception):
    """Values that do not fit: where (relative to the function) and why.

    ``path`` is the outermost place checked; ``problems`` has one record for
    each item of a collection that did not fit, or for the value itself.
    """

    def __init__(self, path: tuple[PathSegment, ...], problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.path = path
        self.problems = problems

    @property
    def depth(self) -> int:
        """How deep inside the argument the first problem lies."""
        return len(self.problems[0].path)


_HINTS = {Money: "Money (an amount with its currency, such as Money('100', 'EUR'))"}


T = TypeVar("T")


def listed(values: Iterable[object], kind: type[T], *, root: str, name: str) -> list[T]:
    """Return ``values`` as a list, each checked to be a ``kind``.

    For an argument that may be an iterator, which :func:`checked` does not
    consume to check it.

    Raises
    ------
    ValidationError
        At ``root.name[index]``, naming the first item that is not a ``kind``.
    """
    found: list[T] = []
    for index, item in enumerate(values):
        if not isinstance(item, kind):
            message = f"expected {article(kind.__name__)}, got {type(item).__name__}"
            raise ValidationError(message, path=(name, index), root=root)
        found.append(item)
    return found


def _name(kind: type) -> str:
    if kind in _HINTS:
        return _HINTS[kind]
    return article(kind.__name__)


def _got(value: object) -> str:
    kind = type(value).__name__
    if isinstance(value, bool | int | float | Decimal | str | date):
        return f"{kind} {shorten(repr(value))}"
    return kind


def _refuse(path: tuple[PathSegment, ...], expected: str, value: object) -> None:
    raise _RefusedError(path, [Problem(path, f"{expected}, got {_got(value)}")])


def _each(
    path: tuple[PathSegment, ...],
    pairs: Iterable[tuple[PathSegment, object]],
    check: Check,
) -> None:
    """Check every item, and refuse them all at once (up to MAX_PROBLEMS)."""
    problems: list[Problem] = []
    for step, item in pairs:
        try:
            check(item, (*path, step))
        except _RefusedError as refusal:
            problems.extend(refusal.problems)
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise _RefusedError(path, problems[:MAX_PROBLEMS])


def _leaf(test: Test) -> Check:
    def check(value: object, path: tuple[PathSegment, ...]) -> None:
        expected = test(value)
        if expected is not None:
            _refuse(path, expected, value)

    return check


def _instance(kind: type) -> Check:
    expected = f"expected {_name(kind)}"
    return _leaf(lambda value: None if isinstance(value, kind) else expected)


def _plain_date(value: object) -> str | None:
    if isinstance(value, datetime) or not isinstance(value, date):
        return "expected a date"
    return None


def _aware(value: object) -> str | None:
    if not isinstance(value, datetime):
        return "expected a datetime"
    if value.utcoffset() is None:
        return "expected a timezone-aware datetime"
    return None


def _whole(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "expected a whole number (an int)"
    return None


def _real(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "expected a number"
    if isinstance(value, int):
        return None
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    return None if finite else "expected a finite number"


def _exact(value: object, path: tuple[PathSegment, ...]) -> None:
    try:
        to_decimal(value, path=path)
    except ValidationError as err:
        raise _RefusedError(path, [Problem(path, err.problems[0].message)]) from None


def _is_type(value: object) -> str | None:
    return None if isinstance(value, type) else "expected a class"


def _is_type_or_alias(value: object) -> str | None:
    """Accept a class, or a generic alias such as ``list[Account]``."""
    if isinstance(value, type) or typing.get_origin(value) is not None:
        return None
    return "expected a class"


def _callable(value: object) -> str | None:
    return None if callable(value) else "expected a function"


def _literal(options: tuple[object, ...]) -> Check:
    expected = "expected one of " + ", ".join(repr(option) for option in options)

    def test(value: object) -> str | None:
        if any(value == option and type(value) is type(option) for option in options):
            return None
        return expected

    return _leaf(test)


def _any_of(checks: list[Check], expected: str) -> Check:
    def check(value: object, path: tuple[PathSegment, ...]) -> None:
        deepest: _RefusedError | None = None
        for one in checks:
            try:
                one(value, path)
            except _RefusedError as refusal:
                if deepest is None or refusal.depth > deepest.depth:
                    deepest = refusal
            else:
                return
        # An item inside the right kind of collection is the better report.
        if deepest is not None and deepest.depth > len(path):
            raise deepest
        _refuse(path, f"expected {expected}", value)

    return check


def _collection(item: Check | None, described: str, kind: type | None = None) -> Check:
    """Check a collection and (unless an iterator) each of its items.

    With ``kind``, the items' check is ``isinstance(item, kind)``: items all
    of exactly that class pass in one pass at C speed (``set(map(type,
    ...))``), and only otherwise is each checked (and named) in turn.
    """
    exactly = frozenset() if kind is None else frozenset({kind})

    def check(value: object, path: tuple[PathSegment, ...]) -> None:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            _refuse(path, f"expected {described}", value)
        # An iterator is not consumed to check it: the function reads it once.
        if item is not None and isinstance(value, Sequence | set | frozenset):
            if exactly and set(map(type, value)) <= exactly:
                return
            _each(path, enumerate(value), item)

    return check


def _pair(checks: list[Check], described: str) -> Check:
    def check(value: object, path: tuple[PathSegment, ...]) -> None:
        if not isinstance(value, tuple) or len(value) != len(checks):
            _refuse(path, f"expected {described}", value)
            return
        for index, (one, each) in enumerate(zip(checks, value, strict=True)):
            one(each, (*path, index))  # a pair's parts: the first problem is enough

    return check


def _mapping(key: Check, item: Check, described: str) -> Check:
    def check(value: object, path: tuple[PathSegment, ...]) -> None:
        if not isinstance(value, Mapping):
            _refuse(path, f"expected {described}", value)
            return
        named = [
            (name if isinstance(name, str) else shorten(repr(name)), name, each)
            for name, each in value.items()
        ]
        _each(path, ((shown, name) for shown, name, _ in named), key)
        _each(path, ((shown, each) for shown, _, each in named), item)

    return check


def _anything(value: object, path: tuple[PathSegment, ...]) -> None:
    """Accept any value (an annotation left to the function)."""


_SCALARS: dict[object, Check] = {
    int: _leaf(_whole),
    float: _leaf(_real),
    Decimal: _exact,
    date: _leaf(_plain_date),
    datetime: _leaf(_aware),
    type: _leaf(_is_type),
}
_COLLECTIONS = (Sequence, Iterable, list, tuple, set, frozenset)


def _describe(annotation: object) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in _COLLECTIONS:
        inner = args[0] if args else None
        if isinstance(inner, type) and inner.__module__.startswith("accountkit"):
            return f"a list of {inner.__name__} records"
        return "a list"
    if origin in (Mapping, dict):
        return "a mapping"
    if isinstance(annotation, type):
        return _name(annotation)
    if origin is typing.Literal:
        return " or ".join(repr(arg) for arg in typing.get_args(annotation))
    return "a value of another kind"


def _union(args: tuple[object, ...]) -> Check | None:
    checks = [_compile(arg) for arg in args]
    if any(check is None for check in checks):
        return None
    names = [_describe(arg) for arg in args if arg is not type(None)]
    none = " or None" if type(None) in args else ""
    return _any_of([c for c in checks if c is not None], " or ".join(names) + none)


def _generic(origin: object, args: tuple[object, ...]) -> Check | None:  # noqa: PLR0911 - a return a kind
    if origin is typing.Literal:
        return _literal(args)
    if origin is type:
        return _leaf(_is_type_or_alias)
    if origin is Callable:
        return _leaf(_callable)
    if origin is tuple and args and args[-1] is not ...:
        return _pair([_compile(arg) or _anything for arg in args], "a pair")
    if origin in _COLLECTIONS:
        inner = args[0] if args else None
        # a class checked by isinstance (not a scalar with its own rules)
        plain = inner if isinstance(inner, type) and inner not in _SCALARS else None
        return _collection(
            _compile(inner) if args else None, _describe(origin[args]), plain
        )
    if origin in (Mapping, dict):
        key, item = (_compile(arg) or _anything for arg in args)
        return _mapping(key, item, "a mapping")
    return None


def _compile(annotation: object) -> Check | None:  # noqa: PLR0911 - a return a kind
    """Build the check of one annotation, or ``None`` to leave it unchecked."""
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if annotation in (Any, object) or isinstance(annotation, TypeVar | str):
        return None
    if "numpy" in repr(annotation):
        return None
    if annotation is type(None):
        return _literal((None,))
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        return _union(typing.get_args(annotation))
    if origin is not None:
        return _generic(origin, typing.get_args(annotation))
    if annotation is Callable:
        return _leaf(_callable)
    if isinstance(annotation, type):
        return _instance(annotation)
    return None


def _places(value: object) -> str | None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= MAX_PLACES
    ):
        return f"expected a whole number from 0 to {MAX_PLACES}"
    return None


_NAMED: dict[str, Check] = {"places": _leaf(_places)}


def _checks(function: Callable[..., object]) -> dict[str, Check]:
    try:
        hints = typing.get_type_hints(function)
    except NameError:  # an annotation only a type checker can resolve
        hints = {
            name: parameter.annotation
            for name, parameter in inspect.signature(function).parameters.items()
            if not isinstance(parameter.annotation, str)
        }
    compiled = {}
    for name, parameter in inspect.signature(function).parameters.items():
        check = _NAMED.get(name) or _compile(hints.get(name, Any))
        if check is not None and parameter.kind not in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ):
            compiled[name] = check
    return compiled


def _by_name(compiled: dict[str, Check]) -> Check:
    """Check an argument, whose path is its name, by the check of that name."""

    def check(value: object, path: tuple[PathSegment, ...]) -> None:
        compiled[str(path[-1])](value, path)

    return check


def checked(function: Callable[P, R]) -> Callable[P, R]:
    """Check every argument of ``function`` against its annotation, then call it.

    A wrong argument is a :class:`~accountkit.errors.ValidationError` at
    ``function.argument`` (and ``[index]`` or ``['key']`` inside it).
    """
    # the signature is read on the first call, not at import: a hundred
    # public functions are defined when the library is imported
    positional: list[str] = []
    compiled: dict[str, Check] | None = None
    where = function.__name__

    @functools.wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        nonlocal compiled, positional
        if compiled is None:
            # two threads calling first at once both work it out, the same
            positional = [
                name
                for name, parameter in inspect.signature(function).parameters.items()
                if parameter.kind
                in (
                    inspect.Parameter.POSITIONAL_ONLY,
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                )
            ]
            compiled = _checks(function)
        given = [*zip(positional, args, strict=False), *kwargs.items()]
        try:
            _each(
                (),
                [(name, value) for name, value in given if name in compiled],
                _by_name(compiled),
            )
        except _RefusedError as refusal:
            raise ValidationError(problems=refusal.problems, root=where) from None
        except TypeError as err:  # a float for an exact amount, at its path
            message = f"{where}.{err}"
            raise TypeError(message) from None
        return function(*args, **kwargs)

    return call


def unchecked(function: Callable[P, R]) -> Callable[P, R]:
    """Return ``function`` without the argument checks :func:`checked` added.

    For callers inside the library whose arguments are already known good:
    the account review passes the fields of a validated :class:`Account` and
    values it made from them, and a public function passes its own checked
    arguments on to another. Checking them again at every call can find
    nothing and cost 0.1-0.2 ms of a review's 3 ms.
    """
    inner = getattr(function, "__wrapped__", function)
    return typing.cast("Callable[P, R]", inner)
