"""JSON in and out for every accountkit model.

This is the one module that knows cattrs. It builds its own converters (never the
global one) and keeps serialization out of the models.

The JSON shape is exact and stable:

- money is ``{"amount": "1234.50", "currency": "EUR"}`` with the amount as a
  string, so no digit is ever lost; other decimals (rates, prices) are strings;
- dates are ISO 8601 (``"2026-01-31"``); datetimes ISO 8601 with a UTC offset
  (a datetime without one is ambiguous and refused); times of day ``"HH:MM"``;
  durations ISO 8601 in days, hours, minutes and seconds (``"P1DT4H"``);
- enums travel by value; tuples, lists and sets as arrays;
- a field that holds one of several record types (a union) carries a ``"type"``
  tag naming the record in snake case (``{"type": "fixed_fee", ...}``).

On input, a JSON number is read with :class:`~decimal.Decimal`, never through a
binary float. Unknown keys are refused unless ``strict=False``. Every problem in
a document is reported at once, in one
:class:`~accountkit.errors.ValidationError`, each with its JSON path.

Examples
--------
>>> from accountkit import Money, Period
>>> to_json(Money("1234.50", "EUR"))
'{"amount": "1234.50", "currency": "EUR"}'
>>> from_json(Money, '{"amount": 1234.50, "currency": "EUR"}')
Money('1234.50', 'EUR')
>>> to_dict(Period.month(2026, 2))
{'start': '2026-02-01', 'end': '2026-03-01'}
>>> from_dict(Money, {"amount": "abc", "currency": "EUX", "note": "x"})
Traceback (most recent call last):
...
accountkit.errors.ValidationError: 3 problems:
  $.amount: not a decimal number: 'abc'
  $.currency: unknown currency code 'EUX' (expected an ISO 4217 code such as 'EUR')
  $.note: unknown field (Money has amount, currency); ...
"""

import codecs
import enum
import functools
import json
import math
import re
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any, Final, NamedTuple, TypeVar, runtime_checkable

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from accountkit import errors
from accountkit._checked import checked
from accountkit._json_schema import SCHEMAS, json_schema
from accountkit.errors import Problem, ValidationError, format_path, shorten

if typing.TYPE_CHECKING:
    from accountkit.account import Account, AccountReview
from accountkit._currencies import MINOR_UNITS
from accountkit.money import Money, check_currency, of_checked, to_decimal

__all__ = [
    "LENIENT_HINT",
    "MAX_ACCOUNT_CHARACTERS",
    "MAX_PROBLEMS",
    "REVIEW_SCHEMA_VERSION",
    "SCHEMAS",
    "TAG_KEY",
    "Readable",
    "from_dict",
    "from_json",
    "iter_portfolio",
    "json_schema",
    "parse_json",
    "read_portfolio",
    "read_reviews",
    "schema",
    "tag_of",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

TAG_KEY: Final = "type"
"""The key that names which record a union-typed value holds."""

MAX_PROBLEMS: Final = errors.MAX_PROBLEMS
"""Reading a portfolio stops collecting after this many problems (the accounts
after that are reported as not read), so a file of junk cannot make reading
run on or fill memory with error reports."""

REVIEW_SCHEMA_VERSION: Final = "1"
"""The version of the review document's shape (``accountkit review --format
json``, schema ``"review"``); it changes when a field is renamed or removed."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_JSON_ROOT: Final = "$"
# Everything raised while reading input becomes a located problem: cattrs'
# exception groups, our ValidationErrors, and whatever a model's validator
# raises (CurrencyMismatchError, say). The promise is one ValidationError per
# failed read, so the catch is deliberately broad.
_STRUCTURE_ERRORS = (Exception,)

Hook = Callable[[Any, Any], Any]


# --- the public functions ----------------------------------------------------


@checked
def to_dict(obj: object) -> Any:  # noqa: ANN401 - JSON values are dynamically typed
    """Return ``obj`` as plain JSON values (dicts, lists, strings, numbers, bools).

    Parameters
    ----------
    obj
        An accountkit model (or a list, tuple or dict of them).

    Returns
    -------
    Any
        A value :func:`json.dumps` accepts as is: money and decimals as strings,
        dates as ISO 8601 strings, enums by value, unions tagged with ``"type"``.

    Examples
    --------
    >>> to_dict(Money("0.10", "USD"))
    {'amount': '0.10', 'currency': 'USD'}
    """
    try:
        plain = _converter(strict=True).unstructure(obj)
        if not _plain_json(plain):
            _check_json_values(plain, ())
    except RecursionError:
        message = "cannot write a value that contains itself (or nests too deeply)"
        raise ValidationError(message, root=_JSON_ROOT) from None
    return plain


_JSON_SCALARS: Final = frozenset({str, int, bool, type(None)})


def _plain_json(value: object) -> bool:
    """Say whether ``value`` is made only of exactly JSON's types, quickly.

    No paths are kept: when the answer is no, :func:`_check_json_values`
    walks it again to find (and name) what is wrong, or to accept it after
    all (subclasses of JSON's types pass there).
    """
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            mapping = typing.cast("dict[object, object]", item)
            if any(type(key) is not str for key in mapping):
                return False
            stack.extend(mapping.values())
        elif kind is list:
            stack.extend(typing.cast("list[object]", item))
        elif kind is float:
            if not math.isfinite(typing.cast("float", item)):
                return False
        elif kind not in _JSON_SCALARS:
            return False
    return True


def _check_json_values(value: object, path: tuple[str | int, ...]) -> None:
    """Raise if ``value`` holds anything but JSON values (an unsupported object)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                message = f"a key must be a string, got {_describe(key)}"
                raise ValidationError(message, path=path, root=_JSON_ROOT)
            _check_json_values(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json_values(item, (*path, index))
    elif not isinstance(value, str | int | float | bool | type(None)):
        message = (
            f"cannot write a {type(value).__name__} as JSON; to_dict takes "
            "accountkit models and lists or dicts of them"
        )
        raise ValidationError(message, path=path, root=_JSON_ROOT)
    elif isinstance(value, float) and not math.isfinite(value):
        message = f"cannot write the non-finite number {value} as JSON"
        raise ValidationError(message, path=path, root=_JSON_ROOT)


@checked
def from_dict(cls: type[T], data: object, *, strict: bool = True) -> T:
    """Build a ``cls`` from plain JSON values, checking every field.

    Parameters
    ----------
    cls
        The model to build.
    data
        Plain JSON values, as :func:`json.loads` returns them (best with
        ``parse_float=Decimal``; binary floats are refused where money or a
        decimal is expected).
    strict
        Refuse keys the model does not have (the default). Pass ``False`` to
        ignore them, as a CRM payload often carries extra fields.

    Returns
    -------
    T
        The model, equal to the one the data was made from.

    Raises
    ------
    ValidationError
        Listing every problem found, each with its JSON path, such as
        ``$.invoices[2].amount.amount: not a decimal number: 'abc'``.

    Examples
    --------
    >>> from_dict(Money, {"amount": "5", "currency": "JPY", "crm_id": 7}, strict=False)
    Money('5', 'JPY')
    """
    try:
        return _converter(strict=strict).structure(data, cls)
    except _STRUCTURE_ERRORS as err:
        problems = _problems(err, ())
        raise ValidationError(problems=problems, root=_JSON_ROOT) from err


@checked
def to_json(obj: object, *, indent: int | None = None) -> str:
    """Return ``obj`` as JSON text.

    Parameters
    ----------
    obj
        An accountkit model (or a list, tuple or dict of them).
    indent
        Indent nested values by this many spaces (0 to 16); compact when
        ``None``.

    Examples
    --------
    >>> print(to_json(Money("7", "KWD"), indent=2))
    {
      "amount": "7",
      "currency": "KWD"
    }
    """
    if indent is not None and not 0 <= indent <= _MAX_INDENT:
        message = f"expected 0 to {_MAX_INDENT} spaces, got {indent}"
        raise ValidationError(message, path="indent", root="to_json")
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent, allow_nan=False)


_MAX_INDENT = 16


@checked
def from_json(cls: type[T], text: str | bytes, *, strict: bool = True) -> T:
    """Build a ``cls`` from JSON text.

    Numbers are parsed with :class:`~decimal.Decimal`, so ``1234.50`` keeps both
    decimal places; ``NaN``, ``Infinity`` and duplicate keys are refused.

    Parameters
    ----------
    cls
        The model to build.
    text
        The JSON document.
    strict
        Refuse unknown keys (the default); ``False`` ignores them.

    Raises
    ------
    ValidationError
        If the text is not well-formed JSON, or for every problem
        :func:`from_dict` finds.

    Examples
    --------
    >>> from_json(Money, '{"amount": 1e3, "currency": "EUR"}')
    Money('1000', 'EUR')
    >>> from_json(Money, '{"amount": "1",')
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: $: malformed JSON: Expecting property name ...
    """
    data = parse_json(text)
    return from_dict(cls, data, strict=strict)


@checked
def parse_json(text: str | bytes) -> Any:  # noqa: ANN401 - JSON values are dynamically typed
    """Parse JSON text the one way accountkit reads JSON.

    Numbers with a fraction or an exponent become :class:`~decimal.Decimal`
    (from the number's text, never through a binary float); ``NaN``,
    ``Infinity``, duplicate keys, nesting deeper than Python's recursion
    limit and bytes that are not UTF-8 are refused.
    :func:`from_json` and the portfolio readers use it; use it when you
    need the plain values first.

    Raises
    ------
    ValidationError
        At ``$``, saying what is wrong with the text and where.

    Examples
    --------
    >>> parse_json('{"amount": 12.50}')
    {'amount': Decimal('12.50')}
    >>> parse_json('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: $: malformed JSON: duplicate key 'a' in an object
    """
    if not isinstance(text, str | bytes | bytearray):
        message = f"expected JSON text (str or bytes), got {type(text).__name__}"
        raise ValidationError(message, root=_JSON_ROOT)
    if isinstance(text, bytes | bytearray):
        text = _decoded(text)
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_refuse_constant,
            object_pairs_hook=_unique_keys,
        )
    except (ValueError, RecursionError) as err:
        raise _malformed(err) from None


def _decoded(data: bytes | bytearray) -> str:
    """Return UTF-8 ``data`` (a byte order mark allowed) as text."""
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _not_utf8(err.object[err.start], err.start) from None


def _not_utf8(byte: int, offset: int) -> ValidationError:
    message = (
        f"the text is not UTF-8: byte {byte:#04x} at offset {offset} cannot be decoded"
    )
    return ValidationError(message, root=_JSON_ROOT)


def _malformed(
    err: ValueError | RecursionError, *, line: int = 0, column: int = 0
) -> ValidationError:
    """Return the error that says why JSON text could not be decoded.

    ``line`` and ``column`` say where the decoded text starts in a longer
    stream (0 and 0 when it is the whole document).
    """
    if isinstance(err, json.JSONDecodeError):
        where = f"line {line + err.lineno}"
        column = column if err.lineno == 1 else 0
        message = f"malformed JSON: {err.msg} at {where} column {column + err.colno}"
    elif isinstance(err, RecursionError):
        message = (
            "arrays and objects are nested too deeply to read (an account is "
            "about eight levels deep)"
        )
    else:
        text_of = str(err)
        if "integer string conversion" in text_of:
            text_of = f"a number has more than {sys.get_int_max_str_digits()} digits"
        message = f"malformed JSON: {shorten(text_of)}"
    return ValidationError(message, root=_JSON_ROOT)


@checked
def read_portfolio(
    text: str | bytes, *, strict: bool = True
) -> "list[Account | ValidationError]":
    """Read one account (a JSON object) or a portfolio (an array), account by account.

    Each account is read on its own, so one bad account never hides the
    others: the result has, in the document's order, either the
    :class:`~accountkit.account.Account` or the
    :class:`~accountkit.errors.ValidationError` listing every problem of that
    account, each at its JSON path from the document's root
    (``$[3].service[0].charges``). An account whose id an earlier account
    already has is refused at its ``id``. To read a file or a stream without
    holding all of it, use :func:`iter_portfolio`.

    Parameters
    ----------
    text
        The JSON document.
    strict
        Refuse what CRM exports do but the JSON shape does not allow (the
        default). ``False`` reads them: unknown fields are ignored, a
        date-time at midnight in a date field is its day as written, and
        currency codes may be in any case.

    Raises
    ------
    ValidationError
        When the text is not JSON, or is neither an object nor an array.

    Notes
    -----
    After :data:`MAX_PROBLEMS` problems, reading stops: the next account is
    reported as not read, and the rest are left out of the result.

    Examples
    --------
    >>> found = read_portfolio('[{"id": "a", "name": "A", "currency": "EUR"},'
    ...                        ' {"id": "b", "name": "B", "currency": "eur"}]')
    >>> [type(item).__name__ for item in found]
    ['Account', 'ValidationError']
    >>> print(found[1])  # doctest: +ELLIPSIS
    $[1].currency: unknown currency code 'eur' (...); did you mean 'EUR'?
    """
    if not isinstance(text, str):
        text = _decoded(text)
    return [item for _, item in _accounts(_document(_Text(text)), strict=strict)]


@checked
def read_reviews(
    text: str | bytes, *, strict: bool = True
) -> "tuple[AccountReview, ...]":
    """Read the reviews of an earlier review's output, checking every field.

    The text is what ``accountkit review`` wrote: the review document
    (``--format json``: an object with its ``schema_version`` and
    ``reviews``) or JSON Lines (``--format jsonl``: one review a line; blank
    lines are skipped). What else the document holds (its summary, what was
    not reviewed) is derived from the reviews and is not read. Keep each
    month's output, and these give the pages their health over time (see
    :func:`accountkit.html.render_site`).

    They are told apart as :func:`iter_portfolio` tells its inputs apart:
    the text is JSON Lines when its first line is a whole JSON value and one
    document otherwise; a one-line document is told by its
    ``schema_version``.

    Parameters
    ----------
    text
        The output, as text or UTF-8 bytes.
    strict
        Refuse fields a review does not have (the default); ``False``
        ignores them.

    Raises
    ------
    ValidationError
        When the text is not JSON, a document is of another schema version
        or has no list of reviews, or a review is not a review: every
        problem of a document, each at its JSON path
        (``$.reviews[2].health.score``); in JSON Lines, the problems of the
        first line that is not a review, at ``line 3: $...``.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import Account, review
    >>> bare = Account(id="a", name="A", currency="EUR")
    >>> seen = review(bare, as_of=date(2026, 5, 31))
    >>> read_reviews(to_json(seen)) == (seen,)  # JSON Lines: one review
    True
    >>> try:
    ...     read_reviews('{"schema_version": "0", "reviews": []}')
    ... except ValidationError as err:
    ...     print(err)
    $.schema_version: expected a review document of schema version '1', got '0'
    """
    from accountkit.account import AccountReview  # noqa: PLC0415 - the edge loads it

    if not isinstance(text, str):
        text = _decoded(text)
    first = text.lstrip(" \t\r\n").partition("\n")[0]
    try:
        head = _DECODER.decode(first) if first else None
    except (ValueError, RecursionError):
        return _review_document(parse_json(text), AccountReview, strict=strict)
    if isinstance(head, Mapping) and "schema_version" in head:
        return _review_document(parse_json(text), AccountReview, strict=strict)
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip(" \t\r"):
            continue
        try:
            found.append(from_dict(AccountReview, parse_json(line), strict=strict))
        except ValidationError as err:
            raise ValidationError(
                problems=err.problems, root=f"line {number}: {_JSON_ROOT}"
            ) from None
    return tuple(found)


def _review_document(
    data: object, kind: "type[AccountReview]", *, strict: bool
) -> "tuple[AccountReview, ...]":
    """Read the reviews of a review document, every problem at once."""
    if not isinstance(data, Mapping):
        message = f"expected a review document (an object), got {_describe(data)}"
        raise ValidationError(message, root=_JSON_ROOT)
    version = data.get("schema_version")
    if version != REVIEW_SCHEMA_VERSION:
        message = (
            f"expected a review document of schema version "
            f"{REVIEW_SCHEMA_VERSION!r}, got {shorten(repr(version))}"
        )
        raise ValidationError(message, path="schema_version", root=_JSON_ROOT)
    if "reviews" not in data:
        message = "required field is missing"
        raise ValidationError(message, path="reviews", root=_JSON_ROOT)
    listed = data["reviews"]
    if not isinstance(listed, list):
        message = f"expected a list of reviews, got {_describe(listed)}"
        raise ValidationError(message, path="reviews", root=_JSON_ROOT)
    found = []
    problems: list[Problem] = []
    for index, item in enumerate(listed):
        try:
            found.append(from_dict(kind, item, strict=strict))
        except ValidationError as err:
            problems.extend(p.within(("reviews", index)) for p in err.problems)
    if problems:
        raise ValidationError(problems=problems, root=_JSON_ROOT)
    return tuple(found)


@runtime_checkable
class Readable(typing.Protocol):
    """What :func:`iter_portfolio` reads: a file opened in binary or text mode.

    Anything with a ``read(size)`` method that returns bytes (UTF-8) or text,
    and an empty value at the end: ``open(path, "rb")``, ``sys.stdin``,
    :class:`io.BytesIO`.
    """

    def read(self, size: int = -1, /) -> str | bytes:
        """Return up to ``size`` bytes or characters; nothing at the end."""


MAX_ACCOUNT_CHARACTERS: Final = 64 << 20
"""The longest account :func:`iter_portfolio` reads: one line of JSON Lines,
one element of an array or one whole single-account document (64 Mi
characters, about 2,000 times a sample account). Reading holds one account's
text and parsed values at a time, at worst about 30 bytes per character."""

_CHUNK: Final = 1 << 20
_ELEMENT: Final = "an element of the array"
_WHOLE: Final = "the document"
_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")


@checked
def iter_portfolio(
    stream: Readable, *, strict: bool = True, lines: bool | None = None
) -> "Iterator[Account | ValidationError]":
    r"""Read accounts from a stream one at a time, holding one account at a time.

    The stream holds JSON Lines (one account a line; blank lines are
    skipped), a JSON array of accounts, or one account (an object). Each
    account is given as soon as it is read, as an
    :class:`~accountkit.account.Account` or as the
    :class:`~accountkit.errors.ValidationError` listing its problems (with
    the rules of :func:`read_portfolio`). In a JSON array the paths are
    ``$[3].invoices[0].amount``; in JSON Lines each line is a document of its
    own and its problems start ``line 4: $``, and a line that is not JSON is
    reported and the next line read.

    Parameters
    ----------
    stream
        An open file, binary (UTF-8, a byte order mark allowed) or text.
    strict
        As for :func:`read_portfolio`.
    lines
        ``True``: JSON Lines. ``False``: one JSON document (an array or an
        object). ``None`` (the default) tells them apart exactly: a stream
        whose first character is ``[`` is an array; otherwise it is JSON
        Lines when its first line is a whole JSON value (or when there is
        nothing but whitespace: no accounts), and one document when it is
        not (a pretty-printed account).

    Raises
    ------
    ValidationError
        When reading cannot go on: the stream is not UTF-8, a JSON
        array (or document) is malformed at a line and column, an account is
        longer than :data:`MAX_ACCOUNT_CHARACTERS`, or the document is
        neither an object nor an array. It is raised where reading stops;
        the accounts before it have been given.

    Examples
    --------
    >>> import io
    >>> stream = io.BytesIO(b'{"id": "a", "name": "A", "currency": "EUR"}\n'
    ...                     b'{"id": "b", "name": "B", "currency": "EUX"}\n')
    >>> for item in iter_portfolio(stream):
    ...     print(getattr(item, "name", item))  # doctest: +ELLIPSIS
    A
    line 2: $.currency: unknown currency code 'EUX' (...)
    """
    return (item for _, item in located_portfolio(stream, strict=strict, lines=lines))


def located_portfolio(
    stream: Readable, *, strict: bool = True, lines: bool | None = None
) -> "Iterator[tuple[str, Account | ValidationError]]":
    """Give what :func:`iter_portfolio` gives, each with where it was read.

    The place is ``$[3]`` in an array, ``line 4: $`` in JSON Lines and ``$``
    for a single account: the root of the paths of a review's problems on
    the command line. (For the edges; not in the public API.)
    """
    return _accounts(raw_portfolio(stream, lines=lines), strict=strict)


def _accounts(
    values: "Iterable[tuple[str, tuple[str | int, ...], object]]", *, strict: bool
) -> "Iterator[tuple[str, Account | ValidationError]]":
    """Read each JSON value as an account, in order; ids must not repeat.

    ``values`` gives each value with the root and path of its problems; a
    value that is already a :class:`ValidationError` is given as it is.
    """
    order = StreamOrder()
    for root, where, item in values:
        place = format_path(root, where)
        stop = order.stop(root, where)
        if stop is not None:
            yield place, stop
            return
        yield (
            place,
            order.admit(root, where, read_account(root, where, item, strict=strict)),
        )


class Line(NamedTuple):
    """A line of JSON Lines not decoded yet (decoded where it is read)."""

    text: str


def read_account(
    root: str, where: tuple[str | int, ...], item: object, *, strict: bool
) -> "Account | ValidationError":
    """Read one value of a stream as an account, or say what is wrong with it.

    ``item`` is a decoded JSON value, a :class:`Line` still to decode, or the
    :class:`ValidationError` met when reading it. What cannot be read is
    cross-checked too: one report, not waves. (For the edges; not in the
    public API.)
    """
    from accountkit.account import Account  # noqa: PLC0415 - the edge loads it

    if isinstance(item, Line):
        item = _decoded_line(root, item.text)
    if isinstance(item, ValidationError):
        return item
    try:
        return from_dict(Account, item, strict=strict)
    except ValidationError as err:
        problems = list(err.problems)
        problems += [
            p for p in _cross_checked(Account, item, strict=strict) if p not in problems
        ]
        return ValidationError(problems=[p.within(where) for p in problems], root=root)


class StreamOrder:
    """What reading a stream in order decides: the problem cap, repeated ids.

    (For the edges; not in the public API.)
    """

    def __init__(self) -> None:
        self._first: dict[str, str] = {}
        self._problems = 0

    def stop(self, root: str, where: tuple[str | int, ...]) -> ValidationError | None:
        """Return why the value at ``where`` is not read, if the cap is reached."""
        if self._problems < MAX_PROBLEMS:
            return None
        message = (
            f"not read: {self._problems:,} problems were found before this "
            f"account (at most {MAX_PROBLEMS:,} are collected); fix those "
            "and read the document again"
        )
        return ValidationError(message, path=where, root=root)

    def admit(
        self,
        root: str,
        where: tuple[str | int, ...],
        read: "Account | ValidationError",
    ) -> "Account | ValidationError":
        """Count a value's problems; refuse an account whose id came before."""
        if isinstance(read, ValidationError):
            self.count(read)
            return read
        repeated = self.repeated(root, where, read.id)
        return read if repeated is None else repeated

    def count(self, error: ValidationError) -> None:
        """Count the problems of a value that could not be read."""
        self._problems += len(error.problems)

    def repeated(
        self, root: str, where: tuple[str | int, ...], account: str
    ) -> ValidationError | None:
        """Say whether an account read earlier has the id ``account``."""
        named = format_path(root, where).removesuffix(": $")
        earlier = self._first.setdefault(account, named)
        if earlier == named:
            return None
        message = f"account id {account!r} is used twice ({earlier} and here)"
        return ValidationError(message, path=(*where, "id"), root=root)


def _decoded_line(root: str, text: str) -> object:
    """Decode one line of JSON Lines (or say, at its line, why it is not JSON)."""
    try:
        return _DECODER.decode(text)
    except (ValueError, RecursionError) as err:
        message = _malformed(err).problems[0].message.replace(" at line 1 ", " at ")
        return ValidationError(message, root=root)


def raw_portfolio(
    stream: Readable, *, lines: bool | None = None
) -> "Iterator[tuple[str, tuple[str | int, ...], object]]":
    """Give a stream's accounts undecoded where possible, with their roots and paths.

    JSON Lines give each line as a :class:`Line`; a JSON array gives its
    elements decoded (the array must be decoded to be split). Read each with
    :func:`read_account` and keep them in order with :class:`StreamOrder`:
    :func:`located_portfolio` does all three in one process, the command
    line does the reading in its workers. (For the edges; not in the public
    API.)
    """
    text = _Text(stream)
    if lines is None:
        first = text.first()
        lines = not first or (first != "[" and text.first_line_is_json())
    return _lines(text) if lines else _document(text)


class _Text:
    """A stream read as text a chunk at a time, and where in it reading is.

    ``buffer[pos:]`` is what is read but not yet taken; ``line`` and
    ``column`` are those of ``buffer[0]`` in the stream (from 0), so an error
    can say where it is in the whole stream.
    """

    def __init__(self, stream: "Readable | str") -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._bytes = 0
        self.buffer = stream if isinstance(stream, str) else ""
        self.eof = isinstance(stream, str)
        self.pos = 0
        self.line = 0
        self.column = 0
        self._started = self.eof
        self._head = b""
        # newlines in buffer[:_seen], counted once however many lines ask
        self._seen = 0
        self._seen_lines = 0
        if self.buffer.startswith("\ufeff"):
            self.pos = 1
            self.column = -1

    def more(self, size: int = 0) -> bool:
        """Read about ``size`` (or a chunk) more characters; say whether any came."""
        if self.eof:
            return False
        assert not isinstance(self._stream, str)  # noqa: S101 - eof otherwise
        chunk = self._stream.read(size or _CHUNK)
        if not isinstance(chunk, str | bytes | bytearray):
            message = f"the stream gave {type(chunk).__name__}, not bytes or text"
            raise ValidationError(message, root=_JSON_ROOT)
        if isinstance(chunk, str):
            decoded = chunk
        else:
            pending = len(self._decoder.getstate()[0])
            self._head += bytes(chunk[: max(0, 3 - len(self._head))])
            try:
                decoded = self._decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as err:
                # offsets are counted after a byte order mark, as parse_json does
                bom = 3 if self._head == codecs.BOM_UTF8 else 0
                offset = self._bytes - pending + err.start - bom
                raise _not_utf8(err.object[err.start], offset) from None
            self._bytes += len(chunk)
        if not self._started and decoded:
            self._started = True
            decoded = decoded.removeprefix("\ufeff")
        self.eof = not chunk
        taken = self.buffer[: self.pos]
        self.line += taken.count("\n")
        last = taken.rfind("\n")
        self.column = self.column + len(taken) if last < 0 else len(taken) - last - 1
        self.buffer = self.buffer[self.pos :] + decoded
        self.pos = 0
        self._seen = self._seen_lines = 0
        return bool(decoded) or not self.eof

    def line_of(self, pos: int) -> int:
        """Return the line (from 0) in the stream of ``buffer[pos]``.

        The newlines before ``pos`` are counted from where the last question
        left off, so asking line after line costs one pass over the buffer,
        not one pass a line. Asked in reading order: ``pos`` never goes back
        while the buffer stays (reading more starts the count again).
        """
        self._seen_lines += self.buffer.count("\n", self._seen, pos)
        self._seen = pos
        return self.line + self._seen_lines

    def taken(self, end: int) -> None:
        """Move to ``end``, past text with no newline in it (a line's own text).

        The count of :meth:`line_of` moves with it, so the line's characters
        are not scanned again for newlines it cannot hold.
        """
        self.pos = self._seen = end

    def skip_whitespace(self) -> str:
        """Move past whitespace; return the next character ('' at the end)."""
        while True:
            end = _WHITESPACE.match(self.buffer, self.pos)
            self.pos = end.end() if end else self.pos
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.more():
                return ""

    def first(self) -> str:
        """Return the first character that is not whitespace ('' if none)."""
        return self.skip_whitespace()

    def first_line_is_json(self) -> bool:
        """Say whether the first line (from ``pos``) is a whole JSON value."""
        end = self._line_end()
        if end is None:
            return False
        try:
            _DECODER.decode(self.buffer[self.pos : end])
        except (ValueError, RecursionError):
            return False
        return True

    def _line_end(self) -> int | None:
        """Return where the line at ``pos`` ends, reading as far as it needs."""
        scanned = 0
        while True:
            end = self.buffer.find("\n", self.pos + scanned)
            if end < 0:
                scanned = len(self.buffer) - self.pos
                if scanned <= MAX_ACCOUNT_CHARACTERS and self.more():
                    continue
                end = len(self.buffer)
            return None if end - self.pos > MAX_ACCOUNT_CHARACTERS else end

    def where(self, pos: int) -> tuple[int, int]:
        """Return the line and column (from 0) in the stream of ``buffer[pos]``."""
        newlines = self.buffer.count("\n", 0, pos)
        if not newlines:
            return self.line, self.column + pos
        return self.line + newlines, pos - self.buffer.rfind("\n", 0, pos) - 1

    def malformed(self, err: ValueError | RecursionError, pos: int) -> ValidationError:
        """Return the error for JSON that is malformed at or after ``pos``."""
        line, column = self.where(pos)
        return _malformed(err, line=line, column=column)

    def too_long(self, named: str) -> ValidationError:
        """Return the error for an account longer than the limit."""
        message = (
            f"{named} is longer than {MAX_ACCOUNT_CHARACTERS:,} characters, "
            "the most one account may be; it was not read"
        )
        return ValidationError(message, root=_JSON_ROOT)

    def value(self) -> object:
        """Decode the JSON value at ``pos`` (reading as much as it needs)."""
        size = _CHUNK
        while True:
            try:
                item, end = _DECODER.raw_decode(self.buffer, self.pos)
            except ValueError as err:
                if self.eof:
                    raise self.malformed(err, self.pos) from None
            except RecursionError as err:
                raise self.malformed(err, self.pos) from None
            else:
                if end - self.pos > MAX_ACCOUNT_CHARACTERS:
                    raise self.too_long(_ELEMENT)
                # a number at the very end of what is read may go on
                if end < len(self.buffer) or self.eof:
                    self.pos = end
                    return item
            if len(self.buffer) - self.pos > MAX_ACCOUNT_CHARACTERS:
                raise self.too_long(_ELEMENT)
            size = max(size, len(self.buffer) - self.pos)
            self.more(size)


def _document(
    text: _Text,
) -> "Iterator[tuple[str, tuple[str | int, ...], object]]":
    """Give the accounts of one JSON document: an array, or one object."""
    first = text.skip_whitespace()
    if first == "[":
        yield from _array(text)
        return
    while len(text.buffer) - text.pos <= MAX_ACCOUNT_CHARACTERS:
        if not text.more(max(_CHUNK, len(text.buffer))):
            break
    else:
        raise text.too_long(_WHOLE)
    try:
        data = _DECODER.decode(text.buffer[text.pos :])
    except (ValueError, RecursionError) as err:
        raise text.malformed(err, text.pos) from None
    if not isinstance(data, Mapping):
        message = (
            "expected an account (an object) or a portfolio (an array of "
            f"accounts), got {_describe(data)}"
        )
        raise ValidationError(message, root=_JSON_ROOT)
    yield _JSON_ROOT, (), data


def _array(text: _Text) -> "Iterator[tuple[str, tuple[str | int, ...], object]]":
    """Give the elements of the JSON array at ``pos``, one at a time."""
    text.pos += 1
    index = 0
    if text.skip_whitespace() == "]":
        text.pos += 1
    else:
        while True:
            text.skip_whitespace()
            yield _JSON_ROOT, (index,), text.value()
            index += 1
            after = text.skip_whitespace()
            text.pos += 1
            if after == "]":
                break
            if after != ",":
                text.pos -= 1
                err = json.JSONDecodeError("Expecting ',' delimiter", "", 0)
                raise text.malformed(err, text.pos)
    if text.skip_whitespace():
        err = json.JSONDecodeError("Extra data", "", 0)
        raise text.malformed(err, text.pos)


def _lines(text: _Text) -> "Iterator[tuple[str, tuple[str | int, ...], object]]":
    """Give each non-blank line of JSON Lines, as a :class:`Line`, with its root."""
    while text.skip_whitespace():
        number = text.line_of(text.pos) + 1
        root = f"line {number}: {_JSON_ROOT}"
        end = text._line_end()  # noqa: SLF001 - its own module
        if end is None:
            yield (
                root,
                (),
                ValidationError(
                    text.too_long(f"line {number}").problems[0].message, root=root
                ),
            )
            # skip the rest of the line, however long it is
            while (newline := text.buffer.find("\n", text.pos)) < 0:
                text.pos = len(text.buffer)
                if not text.more():
                    break
            else:
                text.pos = newline
            continue
        line = Line(text.buffer[text.pos : end])
        text.taken(end)  # a line holds no newline: none to count
        yield root, (), line


@checked
def schema(name: str) -> dict[str, Any]:
    """Return one of the JSON Schemas (draft 2020-12) shipped with accountkit.

    ``"account"`` and ``"portfolio"`` (one account or an array of them)
    describe what strict reading accepts; ``"review"`` describes the document
    ``accountkit review --format json`` writes. They are generated from the
    models (see :func:`json_schema`) and a test keeps the shipped files equal
    to what the models give. Value rules that need code (a known currency,
    references between records) are the models' to check.

    Raises
    ------
    ValidationError
        If ``name`` is not one of :data:`SCHEMAS`.

    Examples
    --------
    >>> schema("review")["properties"]["schema_version"]
    {'const': '1'}
    >>> sorted(schema("account")["$defs"]["Account"]["required"])
    ['currency', 'id', 'name']
    """
    if name not in SCHEMAS:
        message = f"no schema {name!r} (shipped: {', '.join(SCHEMAS)})"
        raise ValidationError(message, path="name", root="schema")
    text = resources.files("accountkit.schemas").joinpath(f"{name}.schema.json")
    loaded: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return loaded


def _cross_checked(
    account: "type[Account]", item: object, *, strict: bool
) -> list[Problem]:
    """Cross-check the parts of an account document that can be read.

    Each section's records are read one by one; those that cannot be read
    are left out, and references to them are not reported (see
    :meth:`~accountkit.account.Account.cross_check`).
    """
    if not isinstance(item, Mapping):
        return []
    converter = _converter(strict=strict)
    hints = typing.get_type_hints(account)
    parts: dict[str, object] = {}
    unreadable: dict[str, list[str]] = {}
    for field in attrs.fields(account):
        raw = item.get(field.name)
        if raw is None:
            continue
        kind = hints[field.name]
        records = [m for m in _union_members(kind) if typing.get_origin(m) is tuple]
        if records and isinstance(raw, list):
            element = typing.get_args(records[0])[0]
            read: list[object] = []
            for record in raw:
                try:
                    read.append(converter.structure(record, element))
                except _STRUCTURE_ERRORS:
                    ident = record.get("id") if isinstance(record, Mapping) else None
                    if isinstance(ident, str):
                        unreadable.setdefault(field.name, []).append(ident)
            parts[field.name] = tuple(read)
            continue
        try:
            parts[field.name] = converter.structure(raw, kind)
        except _STRUCTURE_ERRORS:
            continue
    return account.cross_check(parts, unreadable=unreadable)


@checked
def tag_of(cls: type) -> str:
    """Return the ``"type"`` tag a record carries when it sits in a union.

    The tag is the class name in snake case.

    Examples
    --------
    >>> tag_of(Money)
    'money'
    >>> class TimeAndMaterials: ...
    >>> tag_of(TimeAndMaterials)
    'time_and_materials'
    """
    return re.sub(
        r"(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z])(?=[a-z])", r"_\1\2", cls.__name__
    ).lower()


# --- JSON text ---------------------------------------------------------------


def _refuse_constant(name: str) -> object:
    message = f"{name} is not a number JSON allows"
    raise ValueError(message)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                message = f"duplicate key {key!r} in an object"
                raise ValueError(message)
            seen.add(key)
    return result


_DECODER: Final = json.JSONDecoder(
    parse_float=Decimal,
    parse_constant=_refuse_constant,
    object_pairs_hook=_unique_keys,
)
"""The decoder of :func:`parse_json`, for reading a stream value by value."""


# --- errors: cattrs' exception tree to our problems --------------------------


def _problems(  # noqa: PLR0911 - one return per kind of exception reads best
    err: BaseException, path: tuple[str | int, ...]
) -> list[Problem]:
    """Flatten an exception raised while structuring into located problems."""
    if isinstance(err, ValidationError):
        return [problem.within(path) for problem in err.problems]
    if isinstance(err, ClassValidationError):
        found: list[Problem] = []
        for sub in err.exceptions:
            note = _note(sub, AttributeValidationNote)
            step: tuple[str | int, ...] = (
                (note.name,) if isinstance(note, AttributeValidationNote) else ()
            )
            found += _problems(sub, (*path, *step))
        return found
    if isinstance(err, IterableValidationError):
        found = []
        for sub in err.exceptions:
            note = _note(sub, IterableValidationNote)
            step = (note.index,) if isinstance(note, IterableValidationNote) else ()
            found += _problems(sub, (*path, *step))
        return found
    if isinstance(err, BaseValidationError):  # pragma: no cover - other cattrs groups
        return [p for sub in err.exceptions for p in _problems(sub, path)]
    if isinstance(err, ForbiddenExtraKeysError):
        return [_unknown_key(err.cl, key, path) for key in sorted(err.extra_fields)]
    if isinstance(err, KeyError):
        return [Problem(path, "required field is missing")]
    if isinstance(err, cattrs.errors.StructureHandlerNotFoundError):
        return [Problem(path, f"accountkit cannot read values of type {err.type_!r}")]
    return [Problem(path, str(err) or type(err).__name__)]


def _note(err: BaseException, kind: type) -> object:
    for note in getattr(err, "__notes__", ()):
        if note.__class__ is kind:
            return note
    return None


LENIENT_HINT: Final = "when reading leniently (strict=False)"
"""How messages say that lenient reading would accept a value; the command line
says ``--lenient`` instead."""


def _unknown_key(cls: type, key: str, path: tuple[str | int, ...]) -> Problem:
    fields = ", ".join(field.name for field in attrs.fields(cls))
    message = f"unknown field ({cls.__name__} has {fields}); ignored {LENIENT_HINT}"
    return Problem((*path, key), message)


def _fail(message: str) -> typing.NoReturn:
    raise ValidationError(message)


def _describe(value: object) -> str:
    kinds = {
        str: "string",
        bool: "boolean",
        int: "whole number",
        float: "float",
        Decimal: "number",
        list: "array",
        tuple: "array",
        dict: "object",
        type(None): "null",
    }
    kind = kinds.get(type(value), type(value).__name__)
    text = repr(value)
    shown = shorten(text)
    return f"{kind} {shown}" if value is not None else "null"


# --- primitive hooks ---------------------------------------------------------


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        _fail(f"expected a string, got {_describe(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(f"expected a whole number, got {_describe(value)}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        _fail(f"expected true or false, got {_describe(value)}")
    return value


def _structure_float(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        _fail(f"expected a number, got {_describe(value)}")
    number = float(value)
    if not math.isfinite(number):
        _fail(f"expected a finite number, got {value}")
    return number


@functools.lru_cache(maxsize=8192)
def _decimal_text(text: str) -> Decimal:
    """Read a decimal written as text; amounts repeat, and a Decimal is immutable."""
    return to_decimal(text, path=())


def _structure_decimal(value: object, _: object) -> Decimal:
    if type(value) is str:
        return _decimal_text(value)
    if isinstance(value, float):
        _fail(
            f"got the binary float {value!r}, which is not exact; send decimals as "
            "strings or parse JSON with parse_float=Decimal"
        )
    return to_decimal(value, path=())


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


@functools.lru_cache(maxsize=8192)
def _iso_day(text: str) -> date | None:
    """Return the day ``YYYY-MM-DD`` names; ``None`` when it is not that form.

    Days repeat across a portfolio (month starts, due dates), so the parsed
    ones are kept; a ``date`` is immutable, so sharing it is safe.
    """
    if _ISO_DATE.fullmatch(text) is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _structure_date(value: object, _: object) -> date:
    if isinstance(value, str):
        day = _iso_day(value)
        if day is not None:
            return day
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or _ISO_DATE.fullmatch(value) is None:
        hint = (
            f"; a date-time at midnight is read as its day {LENIENT_HINT}"
            if isinstance(value, str) and _MIDNIGHT.fullmatch(value)
            else ""
        )
        _fail(f"expected an ISO 8601 date (YYYY-MM-DD), got {_describe(value)}{hint}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"not a calendar date: {value!r}")


_MIDNIGHT = re.compile(
    r"(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)


def _structure_date_leniently(value: object, cls: object) -> date:
    """Read a date, also from a CRM's date-time at midnight (the day as written).

    The day is taken as written, whatever the offset: converting it through
    a time zone would move it. A date-time with a time of day is refused: it
    may stand for another day where the reader is.
    """
    if isinstance(value, str) and "T" in value:
        midnight = _MIDNIGHT.fullmatch(value)
        if midnight is None:
            _fail(
                f"expected a date, got the date and time {_describe(value)}; only "
                "a date-time at midnight is read as its day (shifting it through "
                "a time zone would be a guess)"
            )
        value = midnight.group(1)
    return _structure_date(value, cls)


def _structure_datetime(value: object, _: object) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif (
        isinstance(value, str)
        and _ISO_DATE.match(value)
        and len(value) > len("YYYY-MM-DD")
    ):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            _fail(f"not an ISO 8601 date and time: {value!r}")
    else:
        _fail(
            "expected an ISO 8601 date and time with a UTC offset "
            f"(2026-01-31T09:00:00+01:00), got {_describe(value)}"
        )
    if moment.tzinfo is None or moment.utcoffset() is None:
        _fail(
            f"{value!s} has no UTC offset, so it is ambiguous; add one "
            "(+00:00 or Z for UTC)"
        )
    return moment


_ISO_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_ISO_DURATION = re.compile(
    r"(?P<sign>-)?P(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d{1,6})?)S)?)?"
)


def _structure_time(value: object, _: object) -> time:
    if isinstance(value, time):
        if value.tzinfo is not None:
            _fail(f"expected a local time of day without a zone, got {value!r}")
        return value
    if not isinstance(value, str) or _ISO_TIME.fullmatch(value) is None:
        _fail(f"expected a time of day (HH:MM or HH:MM:SS), got {_describe(value)}")
    try:
        return time.fromisoformat(value)
    except ValueError:
        _fail(f"not a time of day: {value!r}")


def _unstructure_time(value: time) -> str:
    return value.isoformat(
        timespec="minutes" if not value.second and not value.microsecond else "auto"
    )


def _structure_timedelta(value: object, _: object) -> timedelta:
    if isinstance(value, timedelta):
        return value
    match = _ISO_DURATION.fullmatch(value) if isinstance(value, str) else None
    if match is None or value in {"P", "-P", "PT", "-PT"} or str(value).endswith("T"):
        _fail(
            "expected an ISO 8601 duration in days, hours, minutes and seconds "
            f"(PT4H, P1DT2H30M), got {_describe(value)}"
        )
    parts = match.groupdict()
    duration = timedelta(
        days=int(parts["days"] or 0),
        hours=int(parts["hours"] or 0),
        minutes=int(parts["minutes"] or 0),
        seconds=0,
        microseconds=0,
    ) + _seconds(parts["seconds"])
    return -duration if parts["sign"] else duration


def _seconds(text: str | None) -> timedelta:
    if not text:
        return timedelta(0)
    whole, _, fraction = text.partition(".")
    return timedelta(seconds=int(whole), microseconds=int((fraction + "000000")[:6]))


def _unstructure_timedelta(value: timedelta) -> str:
    sign = "-" if value < timedelta(0) else ""
    size = -value if sign else value
    hours, rest = divmod(size.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(
        f"{amount}{unit}" for amount, unit in ((hours, "H"), (minutes, "M")) if amount
    )
    if seconds or size.microseconds:
        fraction = f".{size.microseconds:06d}".rstrip("0") if size.microseconds else ""
        clock += f"{seconds}{fraction}S"
    days = f"{size.days}D" if size.days else ""
    if not days and not clock:
        return "PT0S"
    return f"{sign}P{days}{'T' + clock if clock else ''}"


def _unstructure_datetime(value: datetime) -> str:
    return value.isoformat()


def _unstructure_date(value: date) -> str:
    return value.isoformat()


# --- Money -------------------------------------------------------------------


_MONEY_KEYS: Final = ("amount", "currency")


def _money_field(
    value: Mapping[str, object], key: str, problems: list[Problem], *, strict: bool
) -> Any:  # noqa: ANN401 - Decimal or str
    """Read one field of a money object, adding what is wrong to ``problems``."""
    if key not in value:
        problems.append(Problem((key,), "required field is missing"))
        return None
    try:
        if key == "amount":
            return _structure_decimal(value[key], Decimal)
        return _currency(value[key], strict=strict)
    except ValidationError as err:
        problems.extend(problem.within((key,)) for problem in err.problems)
        return None


def _money_structurer(*, strict: bool) -> Hook:
    def structure(value: object, _: object) -> Money:
        if type(value) is dict and len(value) == 2:  # noqa: PLR2004 - the two keys
            # the usual shape, read at once; anything else is read key by key
            amount, currency = value.get("amount"), value.get("currency")
            if (
                type(amount) is str
                and type(currency) is str
                and currency in MINOR_UNITS
            ):
                try:
                    return of_checked(_decimal_text(amount), currency)
                except ValidationError:
                    pass  # said below, at its key
        if not isinstance(value, Mapping):
            _fail(
                'expected money as an object {"amount": "...", "currency": "..."}, '
                f"got {_describe(value)}"
            )
        problems: list[Problem] = []
        amount, currency = (
            _money_field(value, key, problems, strict=strict) for key in _MONEY_KEYS
        )
        if strict:
            problems += [
                _unknown_key(Money, key, ())
                for key in sorted(map(str, value))
                if key not in _MONEY_KEYS
            ]
        if problems:
            raise ValidationError(problems=problems)
        # both parts have just passed the constructor's checks
        return of_checked(amount, currency)

    return structure


def _currency(value: object, *, strict: bool) -> str:
    """Check a currency code; read leniently, its case does not matter."""
    if not strict and isinstance(value, str) and value.upper() in MINOR_UNITS:
        return value.upper()
    try:
        return check_currency(value, path=())
    except ValidationError as err:
        if strict and isinstance(value, str) and value.upper() in MINOR_UNITS:
            message = f"{err.problems[0].message} It is accepted {LENIENT_HINT}."
            raise ValidationError(message) from None
        raise


def _unstructure_money(value: Money) -> dict[str, str]:
    return {"amount": format(value.amount, "f"), "currency": value.currency}


# --- enums -------------------------------------------------------------------


def _is_enum(cls: object) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def _enum_structurer(cls: type[enum.Enum]) -> Hook:
    by_value = {member.value: member for member in cls}
    allowed = ", ".join(repr(v) for v in by_value)

    def structure(value: object, _: object) -> enum.Enum:
        if isinstance(value, bool) or value not in by_value:
            _fail(f"expected one of {allowed}, got {_describe(value)}")
        return by_value[value]

    return structure


# --- collections -------------------------------------------------------------


def _is_homogeneous_sequence(cls: object) -> bool:
    origin = typing.get_origin(cls)
    if origin is tuple:
        args = typing.get_args(cls)
        return len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004 - tuple[X, ...]
    return origin in {list, Sequence, frozenset, set}


def _sequence_structurer(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    def factory(cls: Any) -> Hook:  # noqa: ANN401 - a typing construct
        origin = typing.get_origin(cls)
        element_type = typing.get_args(cls)[0]
        element_hook = converter.get_structure_hook(element_type)
        is_set = origin in {frozenset, set}

        def structure(value: object, _: object) -> object:
            if not isinstance(value, list | tuple):
                _fail(f"expected an array, got {_describe(value)}")
            items: list[object] = []
            problems: list[Problem] = []
            for index, element in enumerate(value):
                try:
                    item = element_hook(element, element_type)
                except _STRUCTURE_ERRORS as err:
                    problems += _problems(err, (index,))
                    continue
                if is_set and item in items:
                    problems.append(Problem((index,), "duplicate value in a set"))
                items.append(item)
            if problems:
                raise ValidationError(problems=problems)
            if is_set:
                return frozenset(items)
            return tuple(items) if origin in {tuple, Sequence} else items

        return structure

    return factory


def _sequence_unstructurer(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(cls: Any) -> Callable[[Any], Any]:  # noqa: ANN401 - a typing construct
        origin = typing.get_origin(cls)
        element_hook = converter.get_unstructure_hook(typing.get_args(cls)[0])

        def unstructure(value: Iterable[object]) -> list[Any]:
            items = [element_hook(element) for element in value]
            if origin in {frozenset, set}:
                items.sort(key=lambda item: json.dumps(item, sort_keys=True))
            return items

        return unstructure

    return factory


def _is_mapping(cls: object) -> bool:
    return typing.get_origin(cls) in {dict, Mapping}


def _mapping_structurer(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    def factory(cls: Any) -> Hook:  # noqa: ANN401 - a typing construct
        key_type, value_type = typing.get_args(cls)
        key_hook = converter.get_structure_hook(key_type)
        value_hook = converter.get_structure_hook(value_type)

        def structure(value: object, _: object) -> dict[object, object]:
            if not isinstance(value, Mapping):
                _fail(f"expected an object, got {_describe(value)}")
            result: dict[object, object] = {}
            problems: list[Problem] = []
            for raw_key, raw_value in value.items():
                step = str(raw_key)
                try:
                    result[key_hook(raw_key, key_type)] = value_hook(
                        raw_value, value_type
                    )
                except _STRUCTURE_ERRORS as err:
                    problems += _problems(err, (step,))
            if problems:
                raise ValidationError(problems=problems)
            return result

        return structure

    return factory


# --- unions ------------------------------------------------------------------


def _union_members(cls: object) -> tuple[object, ...]:
    if typing.get_origin(cls) in {typing.Union, types.UnionType}:
        return typing.get_args(cls)
    return ()


def _is_record_union(cls: object) -> bool:
    records = [m for m in _union_members(cls) if m is not type(None)]
    return len(records) > 1 and all(attrs.has(m) for m in records)  # type: ignore[arg-type]


def _is_scalar_union(cls: object) -> bool:
    members = _union_members(cls)
    return bool(members) and all(m in _SCALAR_CHECKS for m in members)


_SCALAR_CHECKS: dict[object, Callable[[object], bool]] = {
    str: lambda v: isinstance(v, str),
    int: lambda v: isinstance(v, int) and not isinstance(v, bool),
    bool: lambda v: isinstance(v, bool),
    float: lambda v: isinstance(v, int | float | Decimal) and not isinstance(v, bool),
    type(None): lambda v: v is None,
}


def _scalar_union_structurer(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    def factory(cls: Any) -> Hook:  # noqa: ANN401 - a typing construct
        members = typing.get_args(cls)
        names = " or ".join(getattr(m, "__name__", str(m)) for m in members)
        optional = type(None) in members
        hooks = [
            (_SCALAR_CHECKS[member], converter.get_structure_hook(member), member)
            for member in members
            if member is not type(None)
        ]

        def structure(value: object, _: object) -> object:
            if value is None and optional:
                return None
            for check, hook, member in hooks:
                if check(value):
                    return hook(value, member)
            _fail(f"expected {names}, got {_describe(value)}")

        return structure

    return factory


def _is_optional_record(cls: object) -> bool:
    """Say whether ``cls`` is ``X | None`` for one type ``X`` not a scalar."""
    members = _union_members(cls)
    return (
        len(members) == 2  # noqa: PLR2004 - X and None
        and type(None) in members
        and not _is_scalar_union(cls)
    )


def _optional_structurer(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    """Read ``X | None``: null, or what ``X``'s hook (found once) reads."""

    def factory(cls: Any) -> Hook:  # noqa: ANN401 - a typing construct
        (member,) = (m for m in typing.get_args(cls) if m is not type(None))
        hook = converter.get_structure_hook(member)

        def structure(value: object, _: object) -> object:
            return None if value is None else hook(value, member)

        return structure

    return factory


def _record_tags(cls: object) -> dict[str, type]:
    tags: dict[str, type] = {}
    for member in _union_members(cls):
        if member is type(None):
            continue
        member = typing.cast("type", member)  # _is_record_union checked it
        tag = tag_of(member)
        if tag in tags or TAG_KEY in attrs.fields_dict(member):
            message = f"cannot tag {member.__name__} in {cls!r}: tag {tag!r} clashes"
            raise TypeError(message)
        tags[tag] = member
    return tags


def _record_union_structurer(converter: cattrs.Converter) -> Callable[[Any], Hook]:
    def factory(cls: Any) -> Hook:  # noqa: ANN401 - a typing construct
        tags = _record_tags(cls)
        optional = type(None) in typing.get_args(cls)
        allowed = ", ".join(repr(tag) for tag in tags)

        def structure(value: object, _: object) -> object:
            if value is None and optional:
                return None
            if not isinstance(value, Mapping):
                _fail(
                    f"expected an object tagged with {TAG_KEY!r}, "
                    f"got {_describe(value)}"
                )
            tag = value.get(TAG_KEY)
            if not isinstance(tag, str) or tag not in tags:
                shown = repr(tag) if isinstance(tag, str) else _describe(tag)
                found = "missing" if TAG_KEY not in value else f"unknown: {shown}"
                message = f"record type {found} (expected one of {allowed})"
                raise ValidationError(message, path=TAG_KEY)
            payload = {key: item for key, item in value.items() if key != TAG_KEY}
            return converter.structure(payload, tags[tag])

        return structure

    return factory


def _record_union_unstructurer(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(cls: Any) -> Callable[[Any], Any]:  # noqa: ANN401 - a typing construct
        _record_tags(cls)  # fail early on clashing tags

        def unstructure(value: object) -> object:
            if value is None:
                return None
            fields = converter.unstructure(value, unstructure_as=type(value))
            return {TAG_KEY: tag_of(type(value)), **fields}

        return unstructure

    return factory


# --- records -----------------------------------------------------------------


def _record_structurer(
    converter: cattrs.Converter, *, strict: bool
) -> Callable[[Any], Hook]:
    def factory(cls: Any) -> Hook:  # noqa: ANN401 - an attrs class
        generated = cattrs.gen.make_dict_structure_fn(cls, converter)
        # a null for a field with a default is an absent field: the default
        defaulted = {
            field.name
            for field in attrs.fields(cls)
            if field.default is not attrs.NOTHING and field.default is not None
        }
        has_currency = attrs.fields_dict(cls).get("currency") is not None and (
            attrs.fields_dict(cls)["currency"].type is str
        )
        currency = not strict and has_currency

        def structure(value: object, _: object) -> object:
            if type(value) is not dict and not isinstance(value, Mapping):
                _fail(f"expected an object for {cls.__name__}, got {_describe(value)}")
            if currency or (
                defaulted
                and None in value.values()
                and any(value.get(key, ...) is None for key in defaulted)
            ):
                value = {
                    key: item
                    for key, item in value.items()
                    if not (item is None and key in defaulted)
                }
                code = value.get("currency")
                if currency and isinstance(code, str) and code.upper() in MINOR_UNITS:
                    value["currency"] = code.upper()
            try:
                return generated(value, cls)
            except _STRUCTURE_ERRORS as err:
                if not has_currency or "currency" not in value:
                    raise
                # the model checks its currency only once built: say it now
                problems = _problems(err, ())
                if any(p.path[:1] == ("currency",) for p in problems):
                    raise
                try:
                    _currency(value["currency"], strict=strict)
                except ValidationError as wrong:
                    problems += [p.within(("currency",)) for p in wrong.problems]
                raise ValidationError(problems=problems) from err

        return structure

    return factory


# --- the converter -----------------------------------------------------------


@functools.cache
def _converter(*, strict: bool) -> cattrs.Converter:
    """Build the converter; strict ones refuse unknown keys."""
    converter = cattrs.Converter(
        forbid_extra_keys=strict,
        detailed_validation=True,
        prefer_attrib_converters=False,
    )
    for cls, structure in (
        (str, _structure_str),
        (int, _structure_int),
        (bool, _structure_bool),
        (float, _structure_float),
        (Decimal, _structure_decimal),
        (date, _structure_date),
        (datetime, _structure_datetime),
        (time, _structure_time),
        (timedelta, _structure_timedelta),
    ):
        converter.register_structure_hook(cls, structure)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_unstructure_hook(date, _unstructure_date)
    converter.register_unstructure_hook(datetime, _unstructure_datetime)
    converter.register_unstructure_hook(time, _unstructure_time)
    converter.register_unstructure_hook(timedelta, _unstructure_timedelta)
    converter.register_structure_hook(Money, _money_structurer(strict=strict))
    converter.register_unstructure_hook(Money, _unstructure_money)
    converter.register_structure_hook_factory(_is_enum, _enum_structurer)
    converter.register_structure_hook_factory(
        _is_homogeneous_sequence, _sequence_structurer(converter)
    )
    converter.register_unstructure_hook_factory(
        _is_homogeneous_sequence, _sequence_unstructurer(converter)
    )
    converter.register_structure_hook_factory(
        _is_mapping, _mapping_structurer(converter)
    )
    converter.register_structure_hook_factory(
        _is_optional_record, _optional_structurer(converter)
    )
    converter.register_structure_hook_factory(
        _is_scalar_union, _scalar_union_structurer(converter)
    )
    converter.register_structure_hook_factory(
        _is_record_union, _record_union_structurer(converter)
    )
    converter.register_unstructure_hook_factory(
        _is_record_union, _record_union_unstructurer(converter)
    )
    converter.register_structure_hook_factory(
        attrs.has, _record_structurer(converter, strict=strict)
    )
    if not strict:
        converter.register_structure_hook(date, _structure_date_leniently)
    return converter
