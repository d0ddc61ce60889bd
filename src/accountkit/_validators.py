"""attrs validators and converters shared by the models of every package.

Each names the model and field in its error, e.g.
``FixedFee.amount: must not be negative, got Money('-1', 'EUR')``.
"""

import enum
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import Money, to_decimal
from accountkit.periods import check_date

if TYPE_CHECKING:
    import attrs

__all__ = [
    "article",
    "as_float",
    "boolean",
    "check_rising",
    "check_unique_ids",
    "check_window",
    "count",
    "decimal",
    "exact_decimal",
    "finite_float",
    "fraction_between",
    "identifier",
    "member_of",
    "non_negative_decimal",
    "non_negative_money",
    "optional_date",
    "optional_decimal",
    "optional_non_negative_money",
    "plain_date",
    "positive_money",
    "real_number",
    "same_currency",
    "text",
    "tuple_of",
    "whole_number",
]


def _fail(instance: object, attribute: "attrs.Attribute[Any]", message: str) -> None:
    raise ValidationError(message, path=attribute.name, root=type(instance).__name__)


def boolean(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    """Check for ``True`` or ``False`` (not 0, 1 or text)."""
    if not isinstance(value, bool):
        _fail(instance, attribute, f"expected true or false, got {value!r}")


def identifier(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    """Check for a non-empty string without surrounding whitespace."""
    if not isinstance(value, str) or not value or value != value.strip():
        _fail(instance, attribute, f"expected a non-empty identifier, got {value!r}")


def text(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    """Check for a string."""
    if not isinstance(value, str):
        _fail(instance, attribute, f"expected a string, got {type(value).__name__}")


def plain_date(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    """Check for a date, not a datetime."""
    check_date(value, where=type(instance).__name__, path=attribute.name)


def optional_date(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    """Check for a date or None."""
    if value is not None:
        check_date(value, where=type(instance).__name__, path=attribute.name)


def non_negative_money(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    """Check for Money of zero or more."""
    if not isinstance(value, Money):
        _fail(instance, attribute, f"expected Money, got {type(value).__name__}")
    elif value.amount < 0:
        _fail(instance, attribute, f"must not be negative, got {value!r}")


def positive_money(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    """Check for Money greater than zero."""
    if not isinstance(value, Money) or value.amount <= 0:
        _fail(
            instance, attribute, f"expected a positive amount of money, got {value!r}"
        )


def optional_non_negative_money(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    """Check for Money of zero or more, or None."""
    if value is not None:
        non_negative_money(instance, attribute, value)


def non_negative_decimal(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    """Check for a finite Decimal of zero or more."""
    number = to_decimal(value, where=type(instance).__name__, path=attribute.name)
    if number < 0:
        _fail(instance, attribute, f"must not be negative, got {number}")


def fraction_between(
    low: Decimal,
    high: Decimal,
    *,
    low_open: bool = False,
    meaning: str = "",
) -> Callable[[object, "attrs.Attribute[Any]", object], None]:
    """Return a validator for a Decimal rate or share with a meaningful range.

    ``None`` passes (an optional field); ``meaning`` says in words why the
    bound is there (``"a credit is at most the whole charge"``).
    """
    opening = "above" if low_open else "at least"

    def check(
        instance: object, attribute: "attrs.Attribute[Any]", value: object
    ) -> None:
        if value is None:
            return
        number = to_decimal(value, where=type(instance).__name__, path=attribute.name)
        if number < low or (low_open and number == low) or number > high:
            why = f" ({meaning})" if meaning else ""
            _fail(
                instance,
                attribute,
                f"must be {opening} {low} and at most {high}{why}, got {number}",
            )

    return check


def member_of(
    kind: type[enum.Enum],
) -> Callable[[object, "attrs.Attribute[Any]", object], None]:
    """Return a validator that accepts only members of the enum ``kind``."""

    def check(
        instance: object, attribute: "attrs.Attribute[Any]", value: object
    ) -> None:
        if not isinstance(value, kind):
            allowed = ", ".join(f"{kind.__name__}.{member.name}" for member in kind)
            _fail(instance, attribute, f"expected one of {allowed}, got {value!r}")

    return check


def whole_number(value: object, *, where: str, path: str, minimum: int) -> int:
    """Return ``value`` if it is an ``int`` (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        message = f"expected a whole number of at least {minimum}, got {value!r}"
        raise ValidationError(message, path=path, root=where)
    return value


def count(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    """Check for a count: a whole number (not a bool) of at least 0."""
    whole_number(value, where=type(instance).__name__, path=attribute.name, minimum=0)


def real_number(
    value: object,
    *,
    where: str,
    path: str | tuple[str | int, ...],
    low: float,
    high: float = math.inf,
    low_open: bool = False,
) -> float:
    """Return ``value`` as a float in ``[low, high]`` (``(low, high]`` if open).

    ``int``, ``float`` and ``Decimal`` are accepted; ``bool``, text, NaN and
    values out of range are a ValidationError naming ``where`` and ``path``.
    """
    interval = (
        f"{'(' if low_open else '['}{low:g}, {high:g}{']' if high < math.inf else ')'}"
    )
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        message = f"expected a number in {interval}, got {value!r}"
        raise ValidationError(message, path=path, root=where)
    number = float(value)
    above = number > low if low_open else number >= low
    if math.isnan(number) or not above or number > high:
        message = f"must be in {interval}, got {value}"
        raise ValidationError(message, path=path, root=where)
    return number


def as_float(value: object) -> Any:  # noqa: ANN401 - a converter; validators check
    """Convert an ``int`` or ``Decimal`` (not a bool) to float; leave the rest.

    What is left (text, None, ...) is for the field's validator to refuse.
    """
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return float(value)
    return value


def finite_float(
    name: str, *, low: float = -math.inf, high: float = math.inf
) -> "Callable[[object, attrs.Attribute[Any], Any], None]":
    """Return an attrs validator for a finite float in ``[low, high]``.

    Errors name the field ``name`` under the class of the instance.
    """

    def check(instance: object, _attribute: "attrs.Attribute[Any]", value: Any) -> None:  # noqa: ANN401
        where = type(instance).__name__
        real_number(value, where=where, path=name, low=low, high=high)
        if math.isinf(float(value)):
            message = f"must be finite, got {value}"
            raise ValidationError(message, path=name, root=where)

    return check


def optional_decimal(value: object) -> Decimal | None:
    """Convert a Decimal, int or decimal string to a Decimal; keep None.

    Like :func:`decimal`, it leaves what it cannot convert to the field's
    validator.
    """
    return None if value is None else decimal(value)


def decimal(value: object) -> Decimal:
    """Convert a Decimal, int or decimal string to a Decimal.

    A converter does not know its field, so a value it cannot convert is
    passed on unchanged for the field's validator to refuse by name
    (``FlatCredit.rate: a float is not an exact amount (0.03)``): every field
    with this converter has a validator that reads the value as a decimal
    (:func:`exact_decimal`, :func:`fraction_between`), and a test checks it.
    """
    try:
        return to_decimal(value, path=())
    except (TypeError, ValidationError):
        return value  # type: ignore[return-value]  # the validator refuses it


def exact_decimal(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    """Check that a field holds an exact decimal (``None`` passes), naming it."""
    if value is not None:
        to_decimal(value, where=type(instance).__name__, path=attribute.name)


def check_window(instance: object, start: date | None, end: date | None) -> None:
    """Raise if both bounds of a charge's own window are set and not in order."""
    if start is not None and end is not None and end <= start:
        message = f"must be after start ({start.isoformat()}), got {end.isoformat()}"
        raise ValidationError(message, path="end", root=type(instance).__name__)


def same_currency(
    owner: str, amounts: Iterable[tuple[tuple[str | int, ...], Money]]
) -> None:
    """Raise CurrencyMismatchError at the first amount in another currency."""
    expected: str | None = None
    for path, amount in amounts:
        if expected is None:
            expected = amount.currency
        elif amount.currency != expected:
            message = f"in {amount.currency}, but the other amounts are in {expected}"
            raise CurrencyMismatchError(message, path=path, root=owner)


def article(name: str) -> str:
    """Return ``name`` after its article: "an Invoice", "a UnitPrice".

    "An" before a vowel, except a U said "you" (every U-name of the library:
    Unit, Usage, UnitShare).
    """
    return f"{'an' if name[:1] in 'AEIO' else 'a'} {name}"


def tuple_of(
    kind: type, *, optional: bool = False
) -> "Callable[[object, attrs.Attribute[Any], Any], None]":
    """Return a validator for a tuple of ``kind`` records, naming a stray item.

    Errors read ``Account.escalations[0]: expected an Escalation, got str``.
    With ``optional``, ``None`` (not recorded) passes too.
    """

    def check(instance: object, attribute: "attrs.Attribute[Any]", value: Any) -> None:  # noqa: ANN401 - checked here
        where = type(instance).__name__
        if value is None and optional:
            return
        if not isinstance(value, tuple):
            message = f"expected a tuple of {kind.__name__}, got {type(value).__name__}"
            raise ValidationError(message, path=attribute.name, root=where)
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                message = f"expected {named}, got {type(item).__name__}"
                raise ValidationError(message, path=(attribute.name, index), root=where)

    named = article(kind.__name__)
    return check


def check_rising(
    bounds: Sequence[Decimal | int | None],
    *,
    start: Decimal | int,
    start_name: str,
    where: tuple[str, str, str],
) -> None:
    """Refuse ``up_to`` bounds that do not rise, or that follow an open one.

    ``where`` is the model, its field and one step's noun
    (``("UnitPrice", "tiers", "tier")``); the first bound must lie above
    ``start``, named ``start_name`` in the message.
    """
    root, field, noun = where
    previous: Decimal | int | None = start
    for index, bound in enumerate(bounds):
        if previous is None:
            message = f"follows an open-ended {noun}; only the last {noun} may be open"
            raise ValidationError(message, path=(field, index), root=root)
        if bound is not None and bound <= previous:
            message = (
                f"up_to {bound} must be above {start_name} {previous}; {noun}s go "
                "in ascending order without overlap"
            )
            raise ValidationError(message, path=(field, index, "up_to"), root=root)
        previous, start_name = bound, f"the previous {noun}'s"


def check_unique_ids(
    ids: Iterable[str],
    *,
    named: str,
    root: str,
    path: tuple[str, ...] = (),
    what: str = "id",
) -> None:
    """Refuse the first id that appears twice, at its place, naming the first.

    ``named`` is what the items are called in the message (``contracts``,
    ``tickets``), ``what`` what their id is called (``ticket id``); ``path``
    leads to the list within ``root``.

    Raises
    ------
    ValidationError
        ``id 'X' is used twice (contracts[1] and here)`` at the second.
    """
    seen: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in seen:
            message = (
                f"{what} {ident!r} is used twice ({named}[{seen[ident]}] and here)"
            )
            raise ValidationError(message, path=(*path, index, "id"), root=root)
        seen[ident] = index
