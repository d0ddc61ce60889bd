"""Money: an exact decimal amount in one ISO 4217 currency.

Money is never binary floating point. Amounts are :class:`~decimal.Decimal`,
arithmetic is exact, currencies never mix silently, and rounding happens only
when asked for, with the rounding mode named.

Examples
--------
>>> from decimal import Decimal
>>> fee = Money("1234.50", "EUR")
>>> fee
Money('1234.50', 'EUR')
>>> print(fee)
EUR 1,234.50
>>> fee * Decimal("0.035")
Money('43.20750', 'EUR')
>>> (fee * Decimal("0.035")).rounded()
Money('43.21', 'EUR')
>>> [str(part) for part in Money("100.00", "EUR").allocate([1, 1, 1])]
['EUR 33.34', 'EUR 33.33', 'EUR 33.33']
"""

import decimal
import functools
import heapq
import numbers
import operator
import re
import typing
from collections.abc import Callable, Iterable, Sequence
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from fractions import Fraction
from typing import Final, overload

import attrs

from accountkit._currencies import MINOR_UNITS
from accountkit.errors import (
    CurrencyMismatchError,
    PathSegment,
    ValidationError,
    format_path,
    shorten,
)

__all__ = [
    "DEFAULT_ROUNDING",
    "MAX_FRACTION_DIGITS",
    "MAX_INTEGER_DIGITS",
    "QUOTIENT_DIGITS",
    "ROUNDING_MODES",
    "Money",
    "check_currency",
    "check_rounding",
    "minor_units",
    "round_quotient",
    "to_decimal",
]

DEFAULT_ROUNDING: Final = ROUND_HALF_UP
"""Rounding mode of :meth:`Money.rounded` unless the caller names another.

Half-up ("commercial rounding") is what invoices and most tax authorities use;
pass ``rounding=decimal.ROUND_HALF_EVEN`` for banker's rounding.
"""

ROUNDING_MODES: Final = frozenset(
    getattr(decimal, name) for name in dir(decimal) if name.startswith("ROUND_")
)
"""The rounding modes of the :mod:`decimal` module, by their string values."""

MAX_INTEGER_DIGITS: Final = 30
"""Most digits before the decimal point an amount may have (below 10**30)."""

MAX_FRACTION_DIGITS: Final = 60
"""Most digits after the decimal point an amount may have.

Together with :data:`MAX_INTEGER_DIGITS` this bounds every amount, so that no
input (``"1e999999999"``) can make arithmetic or formatting hang or explode.
"""

QUOTIENT_DIGITS: Final = 34
"""Significant digits kept by division (decimal128 precision).

Division is the one operation that cannot always be exact (1/3). A quotient
with more digits than this is rounded half-even at the 34th significant digit,
far below any currency's minor unit. To split an amount into parts that add up
to it, use :meth:`Money.allocate` instead.
"""

# Every sum, difference and product of two valid amounts fits in this precision,
# so exact arithmetic never rounds; Inexact is trapped to prove it.
_EXACT = Context(
    prec=2 * (MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS) + 2,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)
# Rounding on request (quantize, integral part): the same room, Inexact allowed.
_ROUNDING = Context(
    prec=_EXACT.prec,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_QUOTIENT = Context(
    prec=QUOTIENT_DIGITS,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
# ASCII digits only: Python's \d and Decimal() also read Arabic-Indic or
# full-width digits, which no amount in a CRM export is meant to hold
_DECIMAL_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_MAX_TEXT_LENGTH: Final = 200
_AMOUNT_OF: Final = operator.attrgetter("amount")
_CURRENCY_EXAMPLE: Final = "expected an ISO 4217 code such as 'EUR'"


def minor_units(currency: str) -> int:
    """Return the number of digits of a currency's minor unit.

    Parameters
    ----------
    currency
        ISO 4217 alphabetic code, upper case.

    Returns
    -------
    int
        2 for EUR (cents), 0 for JPY, 3 for KWD and BHD, 4 for CLF.

    Raises
    ------
    ValidationError
        If the code is not a known ISO 4217 currency.

    Examples
    --------
    >>> minor_units("EUR"), minor_units("JPY"), minor_units("KWD")
    (2, 0, 3)
    """
    return MINOR_UNITS[check_currency(currency, where="minor_units")]


_SHOWN_CODE = 12
"""An unknown currency code is echoed up to this many characters."""


def check_currency(
    currency: object,
    *,
    where: str = "",
    path: PathSegment | Sequence[PathSegment] = "currency",
) -> str:
    """Return ``currency`` if it is a known ISO 4217 code, else raise.

    Parameters
    ----------
    currency
        The value to check.
    where
        Name of the caller or class, used as the root of the error's path.
    path
        Name of the field or argument being checked.

    Raises
    ------
    ValidationError
        If ``currency`` is not a string holding a known upper-case ISO 4217 code.

    Examples
    --------
    >>> check_currency("KWD")
    'KWD'
    >>> check_currency("eur")
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: currency: unknown currency code 'eur' ...
    """
    if not isinstance(currency, str):
        message = f"expected a currency code string, got {type(currency).__name__}"
        raise ValidationError(message, path=path, root=where)
    if currency not in MINOR_UNITS:
        hint = (
            f"; did you mean '{currency.upper()}'?"
            if currency.upper() in MINOR_UNITS
            else ""
        )
        shown = (
            currency if len(currency) <= _SHOWN_CODE else currency[:_SHOWN_CODE] + "..."
        )
        message = f"unknown currency code {shown!r} ({_CURRENCY_EXAMPLE}){hint}"
        raise ValidationError(message, path=path, root=where)
    return currency


def to_decimal(
    value: object,
    *,
    where: str = "",
    path: PathSegment | Sequence[PathSegment] = "amount",
) -> Decimal:
    """Convert a ``Decimal``, ``int`` or decimal string to a bounded, finite Decimal.

    This is the one gate every amount, price and rate passes on its way in.

    Parameters
    ----------
    value
        A :class:`~decimal.Decimal`, an integer, or a string written as a decimal
        number (``"1234.50"``, ``"-3"``, ``"1.5e3"``; no spaces, no separators).
    where, path
        Root and field name for the error message.

    Returns
    -------
    Decimal
        The same number. Positive exponents are written out (``1E+3`` becomes
        ``1000``) and negative zero becomes zero; the value never changes.

    Raises
    ------
    TypeError
        If ``value`` is a binary floating-point number: money is never a float.
    ValidationError
        If ``value`` is of another type, not a decimal number, NaN or infinite, or
        outside the bounds :data:`MAX_INTEGER_DIGITS` and
        :data:`MAX_FRACTION_DIGITS`.

    Examples
    --------
    >>> to_decimal("1234.50")
    Decimal('1234.50')
    >>> to_decimal(0.1)
    Traceback (most recent call last):
    ...
    TypeError: amount: a float is not an exact amount (0.1); pass Decimal('0.1') ...
    >>> to_decimal("1e999999999")
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: amount: '1e999999999' is too large ...
    """
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        message = f"expected a decimal number, got the boolean {value}"
        raise ValidationError(message, path=path, root=where)
    elif isinstance(value, numbers.Integral):
        number = Decimal(int(value))
    elif isinstance(value, str):
        number = _parse_decimal_text(value, where=where, path=path)
        return _bounded(number, where=where, path=path, shown=value)
    elif isinstance(value, numbers.Real) and not isinstance(value, numbers.Rational):
        steps = (path,) if isinstance(path, str | int) else path
        location = format_path(where, steps)
        message = (
            f"{location + ': ' if location else ''}a float is not an exact amount "
            f"({value!r}); pass Decimal({str(value)!r}) or the string {str(value)!r}"
        )
        raise TypeError(message)
    else:
        message = (
            f"expected a Decimal, an int or a decimal string, "
            f"got {type(value).__name__} {value!r}"
        )
        raise ValidationError(message, path=path, root=where)
    return _bounded(number, where=where, path=path)


def _parse_decimal_text(
    text: str, *, where: str, path: PathSegment | Sequence[PathSegment]
) -> Decimal:
    if len(text) > _MAX_TEXT_LENGTH or _DECIMAL_TEXT.fullmatch(text) is None:
        message = f"not a decimal number: {shorten(text)!r}"
        raise ValidationError(message, path=path, root=where)
    return Decimal(text)


def _bounded(
    number: Decimal,
    *,
    where: str,
    path: PathSegment | Sequence[PathSegment],
    shown: str | None = None,
) -> Decimal:
    if not number.is_finite():
        message = f"{number} is not an amount (expected a finite decimal number)"
        raise ValidationError(message, path=path, root=where)
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):  # pragma: no cover - finite numbers have ints
        message = f"{number} is not an amount"
        raise ValidationError(message, path=path, root=where)
    if number.adjusted() >= MAX_INTEGER_DIGITS:
        message = (
            f"{shorten(shown or str(number))!r} is too large (at most "
            f"{MAX_INTEGER_DIGITS} digits before the decimal point)"
        )
        raise ValidationError(message, path=path, root=where)
    if -exponent > MAX_FRACTION_DIGITS:
        message = (
            f"{shorten(shown or str(number))!r} has too many decimal places (at most "
            f"{MAX_FRACTION_DIGITS} digits after the decimal point)"
        )
        raise ValidationError(message, path=path, root=where)
    if exponent > 0:
        number = number.quantize(Decimal(1), context=_EXACT)
    if number.is_zero() and number.is_signed():
        number = number.copy_abs()
    return number


def _money_amount(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, where="Money", path="amount")


def _money_currency(_instance: object, _attribute: object, value: str) -> None:
    check_currency(value, where="Money")


def _exactly(
    operation: Callable[..., Decimal], *operands: Decimal, what: str
) -> Decimal:
    try:
        return operation(*operands)
    except Inexact as err:
        message = (
            f"the {what} cannot be held exactly (more than "
            f"{_EXACT.prec} significant digits)"
        )
        raise ValidationError(message, root="Money") from err
    except DecimalException as err:  # pragma: no cover - operands are finite
        message = f"the {what} is not a number"
        raise ValidationError(message, root="Money") from err


def _factor(value: object, *, operation: str) -> Decimal | None:
    """Return ``value`` as an exact Decimal multiplier, None if not a number."""
    if isinstance(value, Money):
        return None
    if isinstance(value, float):
        message = (
            f"cannot {operation} money by a float ({value!r}); pass "
            f"Decimal({str(value)!r}) instead"
        )
        raise TypeError(message)
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, numbers.Integral):
        number = Decimal(int(value))
    else:
        return None
    if not number.is_finite():
        message = f"cannot {operation} money by {number}"
        raise ValidationError(message, root="Money")
    return number


@attrs.frozen(repr=False)
class Money:
    """An exact amount of money in one currency.

    Parameters
    ----------
    amount
        The amount, as a :class:`~decimal.Decimal`, an ``int`` or a decimal string.
        Stored as given (``"1234.5"`` keeps one decimal place); see
        :meth:`rounded` to round to the currency's minor unit.
    currency
        ISO 4217 alphabetic code, upper case (``"EUR"``, ``"JPY"``, ``"KWD"``).

    Raises
    ------
    TypeError
        If ``amount`` is a float.
    ValidationError
        If ``amount`` is not a finite decimal number within
        :data:`MAX_INTEGER_DIGITS` and :data:`MAX_FRACTION_DIGITS`, or
        ``currency`` is not a known ISO 4217 code.

    Notes
    -----
    Addition, subtraction, negation and multiplication by an integer or a
    Decimal are exact. Division carries :data:`QUOTIENT_DIGITS` significant
    digits. Amounts in different currencies never combine: adding or comparing
    them raises :class:`~accountkit.errors.CurrencyMismatchError`. Equal amounts
    with different trailing zeros are equal (``Money("1.5", "EUR") ==
    Money("1.50", "EUR")``) and hash alike.

    Operators follow Python's protocol: combining money with an unrelated type
    (``Money(...) + "1"``) returns ``NotImplemented`` and Python raises its
    usual ``TypeError``.

    Examples
    --------
    >>> Money("1234.50", "EUR") + Money(5, "EUR")
    Money('1239.50', 'EUR')
    >>> Money("10.00", "EUR") / Money("4", "EUR")
    Decimal('2.50')
    >>> -Money("3", "JPY")
    Money('-3', 'JPY')
    >>> Money("1.5", "EUR") < Money("2", "EUR")
    True
    """

    amount: Decimal = attrs.field(converter=_money_amount)
    currency: str = attrs.field(validator=_money_currency)

    # --- alternative constructors -------------------------------------------

    @classmethod
    def zero(cls, currency: str) -> "Money":
        """Return zero in ``currency``, written with its minor unit digits.

        Examples
        --------
        >>> Money.zero("EUR"), Money.zero("JPY")
        (Money('0.00', 'EUR'), Money('0', 'JPY'))
        """
        known = _ZEROS.get(currency) if cls is Money else None
        if known is not None:
            return known
        digits = MINOR_UNITS[check_currency(currency, where="Money.zero")]
        made = cls(Decimal(0).scaleb(-digits, context=_EXACT), currency)
        if cls is Money:
            _ZEROS[currency] = made  # immutable, so one zero a currency serves
        return made

    @classmethod
    def from_minor_units(cls, units: int, currency: str) -> "Money":
        """Build an amount from a whole number of minor units (cents, fils).

        Examples
        --------
        >>> Money.from_minor_units(123450, "EUR")
        Money('1234.50', 'EUR')
        >>> Money.from_minor_units(1500, "KWD")
        Money('1.500', 'KWD')
        """
        if isinstance(units, bool) or not isinstance(units, numbers.Integral):
            message = f"expected a whole number of minor units, got {units!r}"
            raise ValidationError(message, path="units", root="Money.from_minor_units")
        digits = MINOR_UNITS[check_currency(currency, where="Money.from_minor_units")]
        return cls(Decimal(int(units)).scaleb(-digits, context=_EXACT), currency)

    @classmethod
    def from_fraction(
        cls,
        value: Fraction | Decimal | int,
        currency: str,
        *,
        rounding: str = DEFAULT_ROUNDING,
    ) -> "Money":
        r"""Round an exact rational amount to the currency's minor unit.

        Prorations (a fee times 10/31 days) and escalations are rational numbers
        that a decimal cannot always hold; this rounds them exactly, without an
        intermediate decimal approximation.

        Parameters
        ----------
        value
            The exact amount, as a :class:`~fractions.Fraction`, Decimal or int.
        currency
            ISO 4217 code.
        rounding
            A :mod:`decimal` rounding mode; :data:`DEFAULT_ROUNDING` unless given.

        Raises
        ------
        TypeError
            If ``value`` is a float.
        ValidationError
            If the currency or rounding mode is unknown, or the value is not finite.

        Notes
        -----
        With :math:`u = |value| \cdot 10^{m}` (``m`` the minor-unit digits), the
        magnitude is rounded by :func:`round_quotient` in integer arithmetic and
        the sign put back (``ROUND_CEILING`` and ``ROUND_FLOOR`` swap for negative
        values), so every mode behaves as it does for decimals.

        Examples
        --------
        >>> from fractions import Fraction
        >>> Money.from_fraction(Fraction(3100 * 11, 31), "EUR")
        Money('1100.00', 'EUR')
        >>> Money.from_fraction(Fraction(100, 3), "EUR")
        Money('33.33', 'EUR')
        >>> Money.from_fraction(Fraction(-5, 2), "JPY")
        Money('-3', 'JPY')
        """
        where = "Money.from_fraction"
        digits = MINOR_UNITS[check_currency(currency, where=where)]
        mode = check_rounding(rounding, where=where)
        exact = _fraction(value, where=where)
        scaled = abs(exact) * 10**digits
        units = round_quotient(
            scaled.numerator, scaled.denominator, _mirrored(mode, negative=exact < 0)
        )
        signed = -units if exact < 0 else units
        return cls(Decimal(signed).scaleb(-digits, context=_EXACT), currency)

    @classmethod
    def total(cls, items: Iterable["Money"], *, currency: str) -> "Money":
        """Add up amounts of one currency exactly.

        Parameters
        ----------
        items
            The amounts to add. May be empty.
        currency
            The currency every item must be in, and of the result (so that the
            total of nothing is a well-defined zero).

        Returns
        -------
        Money
            The exact sum; ``Money.zero(currency)`` for no items.

        Raises
        ------
        CurrencyMismatchError
            If an item is in another currency; the message gives its position.
        ValidationError
            If an item is not :class:`Money`.

        Examples
        --------
        >>> fees = [Money("10.50", "EUR"), Money("0.25", "EUR")]
        >>> Money.total(fees, currency="EUR")
        Money('10.75', 'EUR')
        >>> Money.total([], currency="USD")
        Money('0.00', 'USD')
        """
        check_currency(currency, where="Money.total")
        if type(items) is not list and not isinstance(items, Iterable):
            message = f"expected an iterable of Money, got {type(items).__name__}"
            raise ValidationError(message, path="items", root="Money.total")
        values: list[object] = list(items)
        zero = cls.zero(currency)
        for value in values:
            if not isinstance(value, Money) or value.currency != currency:
                _refuse_total(values, currency)
        checked = typing.cast("list[Money]", values)
        try:
            # each sum in the exact context, which traps what it cannot hold
            result = functools.reduce(_EXACT.add, map(_AMOUNT_OF, checked), zero.amount)
        except Inexact as err:
            message = f"the total needs more than {_EXACT.prec} significant digits"
            raise ValidationError(message, root="Money.total") from err
        return _derived(result, currency) if cls is Money else cls(result, currency)

    # --- properties ------------------------------------------------------------

    @property
    def minor_units(self) -> int:
        """Digits of this currency's minor unit (2 for EUR, 0 for JPY)."""
        return MINOR_UNITS[self.currency]

    # --- conversion --------------------------------------------------------------

    def rounded(self, rounding: str = DEFAULT_ROUNDING) -> "Money":
        """Round to the currency's minor unit.

        Parameters
        ----------
        rounding
            A :mod:`decimal` rounding mode; :data:`DEFAULT_ROUNDING`
            (``ROUND_HALF_UP``) unless given.

        Raises
        ------
        ValidationError
            If ``rounding`` is not a :mod:`decimal` rounding mode.

        Examples
        --------
        >>> from decimal import ROUND_HALF_EVEN
        >>> Money("2.675", "EUR").rounded()
        Money('2.68', 'EUR')
        >>> Money("2.665", "EUR").rounded(ROUND_HALF_EVEN)
        Money('2.66', 'EUR')
        >>> Money("1234.5", "JPY").rounded()
        Money('1235', 'JPY')
        """
        check_rounding(rounding, where="Money.rounded")
        amount = self.amount.quantize(
            _UNITS[self.minor_units], rounding=rounding, context=_ROUNDING
        )
        if amount.adjusted() >= MAX_INTEGER_DIGITS:
            # rounding up carried into one digit too many: the constructor says so
            return Money(amount, self.currency)
        # finite, at the minor unit; -0.00 (a small negative amount rounded
        # to nothing) is made +0.00, as the constructor makes it
        return _trusted(
            amount.copy_abs() if amount.is_zero() else amount, self.currency
        )

    def to_minor_units(self) -> int:
        """Return the amount as a whole number of minor units.

        Raises
        ------
        ValidationError
            If the amount has more decimal places than the currency's minor unit
            (round it first).

        Examples
        --------
        >>> Money("1234.50", "EUR").to_minor_units()
        123450
        """
        scaled = self.amount.scaleb(self.minor_units, context=_EXACT)
        if scaled != scaled.to_integral_value(context=_ROUNDING):
            message = (
                f"{self!r} has more than {self.minor_units} decimal places; "
                "call rounded() first"
            )
            raise ValidationError(message, root="Money.to_minor_units")
        return int(scaled)

    def allocate(self, weights: Sequence[int | Decimal]) -> list["Money"]:
        r"""Split the amount by weights into parts that add up to it exactly.

        Parameters
        ----------
        weights
            Non-negative integers or Decimals, one per part, with a positive sum.

        Returns
        -------
        list[Money]
            One part per weight, in order. Each part is a whole number of minor
            units (or of the amount's own smallest digit, when the amount is finer
            than the minor unit), and the parts sum to exactly this amount.

        Raises
        ------
        TypeError
            If a weight is a float.
        ValidationError
            If there are no weights, a weight is negative or not a number, or the
            weights sum to zero.

        Notes
        -----
        Largest-remainder (Hamilton) method [#]_: with :math:`A` the amount in units and
        :math:`w_i` the weights, each part first gets
        :math:`\lfloor A w_i / \sum w \rfloor` units; the units left over go one
        each to the parts with the largest remainders, earlier parts first on
        ties. A negative amount is split as its absolute value, then negated.

        References
        ----------
        .. [#] M. Fowler, *Patterns of Enterprise Application Architecture*,
           "Money" pattern (allocation without losing pennies), 2002.

        Examples
        --------
        >>> Money("100.00", "EUR").allocate([1, 1, 1])
        [Money('33.34', 'EUR'), Money('33.33', 'EUR'), Money('33.33', 'EUR')]
        >>> Money("-5", "JPY").allocate([Decimal("0.7"), Decimal("0.3")])
        [Money('-4', 'JPY'), Money('-1', 'JPY')]
        """
        shares = _integer_weights(weights)
        exponent = self.amount.as_tuple().exponent
        if not isinstance(exponent, int):  # pragma: no cover - amounts are finite
            message = f"{self!r} cannot be allocated"
            raise ValidationError(message, root="Money.allocate")
        unit_exponent = min(exponent, -self.minor_units)
        units = int(self.amount.scaleb(-unit_exponent, context=_EXACT))
        magnitude, sign = abs(units), (-1 if units < 0 else 1)
        if not magnitude:
            nothing = _trusted(
                Decimal(0).scaleb(unit_exponent, context=_EXACT), self.currency
            )
            return [nothing] * len(shares)
        whole = sum(shares)
        parts: list[int] = []
        remainders: list[int] = []
        for share in shares:
            part, remainder = divmod(magnitude * share, whole)
            parts.append(part)
            remainders.append(remainder)
        leftover = magnitude - sum(parts)
        # nlargest is stable, so equal remainders favour earlier parts.
        for index in heapq.nlargest(
            leftover, range(len(parts)), key=remainders.__getitem__
        ):
            parts[index] += 1
        currency = self.currency
        return [
            _trusted(
                Decimal(sign * part).scaleb(unit_exponent, context=_EXACT), currency
            )
            for part in parts
        ]

    # --- arithmetic ----------------------------------------------------------

    def _check_same_currency(self, other: "Money", verb: str) -> None:
        if other.currency != self.currency:
            message = (
                f"cannot {verb} {self.currency} and {other.currency} amounts "
                f"({self!r}, {other!r}); convert one first"
            )
            raise CurrencyMismatchError(message)

    def __add__(self, other: "Money") -> "Money":
        if type(other) is not Money and not isinstance(other, Money):
            return NotImplemented
        return self._combined(other, _EXACT.add, "add", "sum")

    def __radd__(self, other: object) -> "Money":
        """Add to ``0``, so that ``sum()`` of amounts needs no start value.

        Examples
        --------
        >>> sum([Money("1.50", "EUR"), Money("2.25", "EUR")])
        Money('3.75', 'EUR')
        """
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: "Money") -> "Money":
        if type(other) is not Money and not isinstance(other, Money):
            return NotImplemented
        return self._combined(other, _EXACT.subtract, "subtract", "difference")

    def _combined(
        self,
        other: "Money",
        operation: Callable[[Decimal, Decimal], Decimal],
        verb: str,
        what: str,
    ) -> "Money":
        """Add or subtract exactly: the checks of _exactly and _derived in line.

        Amounts are added and subtracted far more than anything else is done
        with them, so the usual case costs no call beyond the operation.
        """
        if other.currency != self.currency:
            self._check_same_currency(other, verb)
        try:
            result = operation(self.amount, other.amount)
        except DecimalException:
            result = _exactly(operation, self.amount, other.amount, what=what)
        if result.adjusted() >= MAX_INTEGER_DIGITS:
            return Money(result, self.currency)  # which says it is too large
        money = _new(Money)
        _set(money, "amount", result)
        _set(money, "currency", self.currency)
        return money

    def __mul__(self, factor: int | Decimal) -> "Money":
        number = _factor(factor, operation="multiply")
        if number is None:
            return NotImplemented
        product = _exactly(_EXACT.multiply, self.amount, number, what="product")
        return Money(product, self.currency)

    __rmul__ = __mul__

    @overload
    def __truediv__(self, other: "Money") -> Decimal: ...
    @overload
    def __truediv__(self, other: int | Decimal) -> "Money": ...
    def __truediv__(self, other: "Money | int | Decimal") -> "Money | Decimal":
        if isinstance(other, Money):
            self._check_same_currency(other, "divide")
            return self._quotient(other.amount)
        number = _factor(other, operation="divide")
        if number is None:
            return NotImplemented
        return Money(self._quotient(number), self.currency)

    def _quotient(self, divisor: Decimal) -> Decimal:
        if divisor.is_zero():
            message = f"cannot divide {self!r} by zero"
            raise ValidationError(message, root="Money")
        return _QUOTIENT.divide(self.amount, divisor)

    def __neg__(self) -> "Money":
        if self.amount.is_zero():
            return self  # never -0: zero is unsigned
        return _trusted(self.amount.copy_negate(), self.currency)

    def __pos__(self) -> "Money":
        return self

    def __abs__(self) -> "Money":
        return Money(self.amount.copy_abs(), self.currency)

    # --- ordering (within one currency) ----------------------------------

    def __lt__(self, other: "Money") -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._check_same_currency(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: "Money") -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._check_same_currency(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: "Money") -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._check_same_currency(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: "Money") -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._check_same_currency(other, "compare")
        return self.amount >= other.amount

    # --- display -------------------------------------------------------------

    def __repr__(self) -> str:
        return f"Money({format(self.amount, 'f')!r}, {self.currency!r})"

    def __str__(self) -> str:
        """Show the code and the amount with thousands separators.

        At least the minor unit's digits are shown; extra digits are never
        hidden (``EUR 1.005``).
        """
        shown = self.amount
        exponent = shown.as_tuple().exponent
        if isinstance(exponent, int) and exponent > -self.minor_units:
            unit = Decimal(1).scaleb(-self.minor_units, context=_EXACT)
            shown = shown.quantize(unit, context=_EXACT)
        return f"{self.currency} {shown:,f}"


def check_rounding(rounding: object, *, where: str = "") -> str:
    """Return ``rounding`` if it is a :mod:`decimal` rounding mode, else raise.

    Raises
    ------
    ValidationError
        Naming the modes that exist.

    Examples
    --------
    >>> check_rounding("ROUND_HALF_EVEN")
    'ROUND_HALF_EVEN'
    """
    if not isinstance(rounding, str) or rounding not in ROUNDING_MODES:
        message = (
            f"unknown rounding mode {rounding!r} (expected one of "
            f"{', '.join(sorted(ROUNDING_MODES))})"
        )
        raise ValidationError(message, path="rounding", root=where)
    return rounding


def _mirrored(rounding: str, *, negative: bool) -> str:
    """Return the mode that rounds a magnitude as ``rounding`` rounds a negative."""
    if not negative:
        return rounding
    return {ROUND_CEILING: ROUND_FLOOR, ROUND_FLOOR: ROUND_CEILING}.get(
        rounding, rounding
    )


class _Integers(typing.Protocol):
    """Python ints or numpy integer arrays: what round_quotient computes with."""

    def __add__(self, other: typing.Any, /) -> typing.Any: ...  # noqa: ANN401
    def __mul__(self, other: typing.Any, /) -> typing.Any: ...  # noqa: ANN401
    def __floordiv__(self, other: typing.Any, /) -> typing.Any: ...  # noqa: ANN401
    def __mod__(self, other: typing.Any, /) -> typing.Any: ...  # noqa: ANN401


_N = typing.TypeVar("_N", bound=_Integers)


def _check_integers(value: object, name: str, least: int) -> None:
    """Refuse what :func:`round_quotient` cannot round: not whole, or too small."""
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind is not None:  # a numpy integer or array of them (numpy is not imported)
        if kind not in "iuO":  # object arrays hold Python ints too big for int64
            message = f"expected whole numbers, got an array of {value.dtype}"  # type: ignore[attr-defined]
            raise ValidationError(message, path=name, root="round_quotient")
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        message = (
            f"expected a whole number of at least {least}, got {type(value).__name__}"
        )
        if isinstance(value, int | float | Decimal):
            message += f" {shorten(repr(value))}"
        raise ValidationError(message, path=name, root="round_quotient")


def round_quotient(numerator: _N, denominator: _N | int, rounding: str) -> _N:
    """Round ``numerator / denominator`` to a whole number, for non-negative values.

    Works element-wise on numpy integer arrays as on Python ints, so the scalar
    and the array paths of accountkit share one rounding rule.

    Parameters
    ----------
    numerator
        Non-negative integer(s).
    denominator
        Positive integer(s).
    rounding
        A :mod:`decimal` rounding mode. For non-negative values ``ROUND_CEILING``
        acts as ``ROUND_UP`` and ``ROUND_FLOOR`` as ``ROUND_DOWN``.

    Examples
    --------
    >>> from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP
    >>> round_quotient(5, 2, ROUND_HALF_UP), round_quotient(5, 2, ROUND_HALF_EVEN)
    (3, 2)
    >>> round_quotient(7, 3, ROUND_HALF_UP)
    2
    """
    for name, value, least in (
        ("numerator", numerator, 0),
        ("denominator", denominator, 1),
    ):
        _check_integers(value, name, least)
    quotient = numerator // denominator
    twice = (numerator % denominator) * 2
    inexact = twice > 0
    if rounding in {ROUND_DOWN, ROUND_FLOOR}:
        step = twice * 0
    elif rounding in {ROUND_UP, ROUND_CEILING}:
        step = inexact
    elif rounding == ROUND_HALF_UP:
        step = twice >= denominator
    elif rounding == ROUND_HALF_DOWN:
        step = twice > denominator
    elif rounding == ROUND_HALF_EVEN:
        step = (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
    elif rounding == ROUND_05UP:
        last = quotient % 10
        step = inexact & ((last == 0) | (last == 5))  # noqa: PLR2004 - the 05UP rule
    else:
        message = f"unknown rounding mode {rounding!r}"
        raise ValidationError(message, path="rounding", root="round_quotient")
    return typing.cast("_N", quotient + step * 1)


def _fraction(value: object, *, where: str) -> Fraction:
    """Return ``value`` as an exact Fraction (a Fraction, int, or finite Decimal)."""
    if isinstance(value, float):
        message = (
            f"{where}: a float is not exact ({value!r}); pass a Fraction or Decimal"
        )
        raise TypeError(message)
    if isinstance(value, Fraction):
        return value
    return Fraction(to_decimal(value, where=where, path="value"))


_new: Final = object.__new__
_set: Final = object.__setattr__


def _trusted(amount: Decimal, currency: str) -> Money:
    """Build Money from parts already known valid, skipping re-validation.

    Only for amounts derived exactly from a valid amount without growing it
    (allocation parts), where the checks of the constructor cannot fail.
    """
    money = object.__new__(Money)
    object.__setattr__(money, "amount", amount)
    object.__setattr__(money, "currency", currency)
    return money


def of_checked(amount: Decimal, currency: str) -> Money:
    """Build Money from parts :func:`to_decimal` and :func:`check_currency` returned.

    Those are the constructor's only two checks, so they are not run again:
    the JSON reader checks each part where it reads it, to name the field,
    and builds every amount this way.
    """
    return _trusted(amount, currency)


def _derived(amount: Decimal, currency: str) -> Money:
    """Build the exact sum or difference of valid amounts of ``currency``.

    Its digits after the point are those of an operand, it is finite and
    never negative zero (the operands are not, and exact addition gives
    +0): only its size can break a bound, and then the constructor says so.
    """
    if amount.adjusted() < MAX_INTEGER_DIGITS:
        return _trusted(amount, currency)
    return Money(amount, currency)


_ZEROS: dict[str, Money] = {}
"""``Money.zero`` of each currency asked for so far."""

_UNITS = {digits: Decimal(1).scaleb(-digits) for digits in set(MINOR_UNITS.values())}
"""The minor unit (``0.01`` for two digits) of each number of digits."""


def _refuse_total(values: list[object], currency: str) -> typing.NoReturn:
    """Raise at the first item not Money, else the first in another currency."""
    for index, value in enumerate(values):
        if not isinstance(value, Money):
            message = f"expected Money, got {type(value).__name__}"
            raise ValidationError(message, path=("items", index), root="Money.total")
    checked = typing.cast("list[Money]", values)
    index = next(i for i, v in enumerate(checked) if v.currency != currency)
    message = (
        f"cannot total a {checked[index].currency} amount (items[{index}]) "
        f"into {currency}"
    )
    raise CurrencyMismatchError(message)


def _integer_weights(weights: Sequence[int | Decimal]) -> list[int]:
    """Check allocation weights and scale them to integers of one common unit."""
    where = "Money.allocate"
    if isinstance(weights, str | bytes) or not isinstance(weights, Sequence):
        message = f"expected a sequence of weights, got {type(weights).__name__}"
        raise ValidationError(message, path="weights", root=where)
    if not weights:
        message = "at least one weight is needed"
        raise ValidationError(message, path="weights", root=where)
    numbers_: list[Decimal] = []
    for index, weight in enumerate(weights):
        if isinstance(weight, float):
            message = (
                f"{where}.weights[{index}]: a float weight ({weight!r}) is not "
                "exact; pass an int or a Decimal"
            )
            raise TypeError(message)
        number = to_decimal(weight, where=where, path=("weights", index))
        if number < 0:
            message = f"must not be negative, got {number}"
            raise ValidationError(message, path=("weights", index), root=where)
        numbers_.append(number)
    if not any(numbers_):
        message = "the weights sum to zero; at least one must be positive"
        raise ValidationError(message, path="weights", root=where)
    finest = min(_exponent(number) for number in numbers_)
    return [int(number.scaleb(-finest, context=_EXACT)) for number in numbers_]


def _exponent(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0
