"""JSON Schemas (draft 2020-12) generated from the models' type annotations.

The schemas describe exactly the shape :mod:`accountkit.serialization` reads
(``direction="input"``) and writes (``direction="output"``): amounts and other
decimals are strings on output and strings or numbers on input, dates ISO 8601
strings, enums by value, unions tagged with ``"type"``. They describe the
strict shape; lenient reading also accepts what
:func:`~accountkit.serialization.read_portfolio` documents. Value rules that
need code (a known currency code, a due date after the issue date, references
between records) are checked by the models, not by the schema.
"""

import enum
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from accountkit.errors import ValidationError, shorten
from accountkit.money import Money

__all__ = ["DRAFT", "SCHEMAS", "json_schema", "schema_documents"]

DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema accountkit generates."""

Direction = Literal["input", "output"]

_DECIMAL_TEXT: Final = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_DATE: Final = r"^\d{4}-\d{2}-\d{2}$"
_TIME: Final = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"
_DURATION: Final = r"^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,6})?S)?)?$"
_CURRENCY: Final = r"^[A-Z]{3}$"


def json_schema(
    cls: object, *, direction: Direction = "input", title: str | None = None
) -> dict[str, Any]:
    """Return the JSON Schema of ``cls`` as it is read or written.

    Parameters
    ----------
    cls
        An accountkit model, or a type built of them (``list[Account]``).
    direction
        ``"input"``: what :func:`~accountkit.serialization.from_dict` accepts
        (decimals as strings or numbers; fields with a default may be absent
        or null). ``"output"``: what :func:`~accountkit.serialization.to_dict`
        writes (decimals as strings; every field present).
    title
        The schema's title (default: the type's name).

    Returns
    -------
    dict
        A draft 2020-12 schema with every record under ``$defs``.

    Raises
    ------
    TypeError
        If a type in ``cls`` has no JSON shape (a programming error).

    Examples
    --------
    >>> schema = json_schema(Money, direction="output")
    >>> schema["$ref"], schema["$defs"]["Money"]["required"]
    ('#/$defs/Money', ['amount', 'currency'])
    """
    if direction not in ("input", "output"):
        message = f"direction must be 'input' or 'output', got {direction!r}"
        raise ValidationError(message, path="direction", root="json_schema")
    builder = _Builder(direction)
    root = builder.of(cls)
    name = title or getattr(cls, "__name__", None) or str(cls)
    return {
        "$schema": DRAFT,
        "title": name,
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


class _Builder:
    def __init__(self, direction: Direction) -> None:
        self.direction = direction
        self.defs: dict[str, dict[str, Any]] = {}

    def of(self, kind: object) -> dict[str, Any]:
        """Return the schema of ``kind`` (a reference for records)."""
        if kind is Any or kind is object:
            return {}
        simple = self._simple(kind)
        if simple is not None:
            return simple
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return {"enum": [member.value for member in kind]}
        if isinstance(kind, type) and attrs.has(kind):
            return self._record(kind)
        return self._generic(kind)

    def _generic(self, kind: object) -> dict[str, Any]:
        """Return the schema of a generic alias (union, literal, collection)."""
        origin = typing.get_origin(kind)
        arguments = typing.get_args(kind)
        if origin in {typing.Union, types.UnionType}:
            return self._union(arguments)
        if origin is Literal:
            return {"enum": list(arguments)}
        if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
            return {"type": "array", "items": self.of(arguments[0])}
        if origin in {list, Sequence}:
            return {"type": "array", "items": self.of(arguments[0])}
        if origin in {frozenset, set}:
            return {
                "type": "array",
                "items": self.of(arguments[0]),
                "uniqueItems": True,
            }
        if origin in {dict, Mapping}:
            return {"type": "object", "additionalProperties": self.of(arguments[1])}
        message = f"no JSON shape for {shorten(repr(kind))}"
        raise ValidationError(message, path="cls", root="json_schema")

    def _simple(self, kind: object) -> dict[str, Any] | None:
        decimal = (
            {"type": "string", "pattern": _DECIMAL_TEXT}
            if self.direction == "output"
            else {
                "anyOf": [
                    {"type": "string", "pattern": _DECIMAL_TEXT},
                    {"type": "number"},
                ]
            }
        )
        table: dict[object, dict[str, Any]] = {
            str: {"type": "string"},
            bool: {"type": "boolean"},
            int: {"type": "integer"},
            float: {"type": "number"},
            Decimal: decimal,
            date: {"type": "string", "format": "date", "pattern": _DATE},
            datetime: {"type": "string", "format": "date-time"},
            time: {"type": "string", "pattern": _TIME},
            timedelta: {"type": "string", "pattern": _DURATION},
            type(None): {"type": "null"},
        }
        if kind is Money:
            self.defs.setdefault(
                "Money",
                {
                    "type": "object",
                    "description": "An exact amount in an ISO 4217 currency.",
                    "properties": {
                        "amount": decimal,
                        "currency": {"type": "string", "pattern": _CURRENCY},
                    },
                    "required": ["amount", "currency"],
                    "additionalProperties": False,
                },
            )
            return {"$ref": "#/$defs/Money"}
        return table.get(kind)

    def _union(self, members: tuple[object, ...]) -> dict[str, Any]:
        records = [m for m in members if isinstance(m, type) and attrs.has(m)]
        others = [m for m in members if m not in records]
        from accountkit.serialization import TAG_KEY, tag_of  # noqa: PLC0415

        choices = [self.of(m) for m in others]
        if len(records) > 1:
            choices += [
                {
                    "allOf": [
                        self.of(record),
                        {
                            "properties": {TAG_KEY: {"const": tag_of(record)}},
                            "required": [TAG_KEY],
                        },
                    ]
                }
                for record in records
            ]
            for record in records:
                # the tag is a property of a tagged record
                self.defs[record.__name__]["properties"].setdefault(
                    TAG_KEY, {"type": "string"}
                )
        else:
            choices += [self.of(record) for record in records]
        return {"anyOf": choices}

    def _record(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        reference = {"$ref": f"#/$defs/{name}"}
        if name in self.defs:
            return reference
        self.defs[name] = {}  # a placeholder, in case the record refers to itself
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            shape = self.of(hints[field.name])
            if field.name == "currency" and hints[field.name] is str:
                shape = {"type": "string", "pattern": _CURRENCY}
            has_default = field.default is not attrs.NOTHING
            if self.direction == "input" and has_default and field.default is not None:
                # null is the field left out: its default
                shape = {"anyOf": [shape, {"type": "null"}]}
            properties[field.name] = shape
            if self.direction == "output" or not has_default:
                required.append(field.name)
        summary = (cls.__doc__ or "").strip().split("\n\n", 1)[0]
        self.defs[name] = {
            "type": "object",
            "description": " ".join(summary.split()),
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        return reference


SCHEMAS: Final = ("account", "portfolio", "review", "mapping")
"""The schemas accountkit ships, by name: an account and a portfolio as read
(strict), the review document ``accountkit review --format json`` writes, and
the table mappings ``accountkit review FOLDER --mapping FILE`` reads."""


def schema_documents() -> dict[str, dict[str, Any]]:
    """Return every shipped schema, generated afresh from the models, by name."""
    from accountkit.account import (  # noqa: PLC0415
        Account,
        AccountReview,
        ConvertedTotal,
        PortfolioSummary,
    )
    from accountkit.serialization import REVIEW_SCHEMA_VERSION  # noqa: PLC0415
    from accountkit.tables import TableMapping, table_layout  # noqa: PLC0415

    account = json_schema(Account, title="accountkit account")
    portfolio = json_schema(
        Account | list[Account],
        title="accountkit portfolio: one account or an array of accounts",
    )
    review = json_schema(
        list[AccountReview], direction="output", title="accountkit review document"
    )
    summary = json_schema(PortfolioSummary, direction="output")
    converted = json_schema(list[ConvertedTotal], direction="output")
    problem = {
        "type": "object",
        "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
        "required": ["path", "message"],
        "additionalProperties": False,
    }
    document = {
        "$schema": DRAFT,
        "title": review["title"],
        "description": (
            "What 'accountkit review --format json' writes: the reviews of the "
            "accounts that could be reviewed, the problems of those that "
            "could not, the portfolio summary and, with --rates, the "
            "portfolio's totals in one currency. 'accountkit review --format "
            "jsonl' writes one AccountReview a line."
        ),
        "type": "object",
        "properties": {
            "schema_version": {"const": REVIEW_SCHEMA_VERSION},
            "as_of": {"type": "string", "format": "date", "pattern": _DATE},
            "reviews": {"type": "array", "items": review["items"]},
            "not_reviewed": {"type": "array", "items": problem},
            "summary": {"$ref": "#/$defs/PortfolioSummary"},
            "totals_in": {"type": "array", "items": converted["items"]},
        },
        "required": ["schema_version", "as_of", "reviews", "not_reviewed", "summary"],
        "additionalProperties": False,
        "$defs": {**review["$defs"], **summary["$defs"], **converted["$defs"]},
    }
    mapping = json_schema(
        dict[str, TableMapping],
        title="accountkit table mappings: how to read other systems' exports",
    )
    mapping["propertyNames"] = {"enum": [table.name for table in table_layout()]}
    return {
        "account": account,
        "portfolio": portfolio,
        "review": document,
        "mapping": mapping,
    }
