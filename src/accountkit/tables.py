"""Accounts from tables and back: a folder of CSV files, or pandas DataFrames.

An account is a tree (contracts hold charges, a service agreement holds
levels and measurements); a spreadsheet is a set of flat tables. The layout
that joins them is derived from the models, so every field of an
:class:`~accountkit.account.Account` has a column and every list of records
a table (:func:`table_layout` lists them):

- ``accounts`` has a row per account (``id``, ``name``, ``currency``,
  ``client``, ``not_recorded``);
- each list of records is a table named by its place: ``invoices``,
  ``contracts``, ``contracts.charges``, ``service.levels.tiers``; a row names
  the account it belongs to in ``account`` and, below the first level, its
  parent record in ``<parent table>.id`` (``contracts.id`` in
  ``contracts.charges``);
- a record inside a row is spread over columns named by its path
  (``term.start``, ``payment_terms.days``); an amount of money is two
  columns, the amount (``amount``) and its currency (``amount.currency``);
  where a field holds one of several kinds of record, ``type`` (or
  ``rule.type``) names the kind as JSON does (``fixed_fee``);
- a list of codes (a stakeholder's ``roles``) is one cell, the codes
  separated by ``;``; a list of names (``units``) is a table of its own with
  a ``value`` column.

Every cell is read from its text, through the same reader and the same
validation as JSON (:mod:`accountkit.serialization`): amounts as decimals
(never through a binary float), dates in ISO 8601 unless a ``date_format``
is given, ``true``/``false``. An empty cell is a field not given: its
default, or "not recorded"; it is never zero. A table's file that is absent
means the section is not recorded for any account; present and without rows
for an account, recorded and empty (``not_recorded`` in ``accounts`` says
otherwise for one account).

Every problem is reported at once, each where it is: ``invoices.csv:5:amount``
(the file, the row as a spreadsheet numbers it, the header being row 1, and
the column as the file names it).
"""

import csv
import enum
import functools
import operator
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np

from accountkit._checked import checked, listed
from accountkit._currencies import MINOR_UNITS
from accountkit._frames import frame as _frame_of
from accountkit.account import Account, AccountReview, review_rows
from accountkit.errors import MissingDependencyError, Problem, ValidationError, shorten
from accountkit.money import Money
from accountkit.serialization import LENIENT_HINT, read_account, tag_of, to_dict

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ACCOUNTS",
    "REVIEW_AREAS",
    "CellProblem",
    "Column",
    "Table",
    "TableMapping",
    "read_frames",
    "read_tables",
    "record_rows",
    "review_frames",
    "review_tables",
    "sample_tables",
    "table_layout",
    "to_tables",
    "write_csv",
    "write_review_tables",
    "write_tables",
    "write_workbook",
]

ACCOUNTS: Final = "accounts"
"""The name of the table with a row per account."""
ACCOUNT_KEY: Final = "account"
"""The column naming a row's account in every other table."""
NOT_RECORDED: Final = "not_recorded"
"""The column of ``accounts`` listing the sections an account does not record."""
SEPARATOR: Final = ";"
"""Between the codes of a list of codes in one cell."""
_TYPE: Final = "type"
_VALUE: Final = "value"


@attrs.frozen
class Column:
    """One column of a table: which field of the row's record it holds.

    Parameters
    ----------
    name
        The column's name in the file (``amount.currency``).
    path
        The field's path in the row's record, as JSON has it
        (``("amount", "currency")``).
    kind
        How the cell's text is read: ``text`` as it is (names, codes,
        decimals and amounts, which the reader reads from their text),
        ``int``, ``bool`` (``true``/``false``), ``float``, ``date`` (ISO
        8601, or the ``date_format`` given), ``codes`` (a list of codes
        separated by ``;``).
    required
        Whether every row must have it: a field without a default in a
        record every row has.
    blank
        What an empty cell is: ``absent``, a field not given (its default);
        ``null``, None (a field that may be None and has no default of
        None); ``empty``, the empty text (a text field without a default).
    """

    name: str
    path: tuple[str, ...]
    kind: str
    required: bool = False
    blank: str = "absent"
    writes_empty: bool = True
    kind_path: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()
    """Where the row's tag is and which kinds of record have this field;
    empty when every row's record has it (an empty cell of a field of another
    kind stands for nothing)."""


@attrs.frozen
class Table:
    """One table of the layout: a list of records of an account.

    Parameters
    ----------
    name
        The table's name (``contracts.charges``); its file is ``<name>.csv``.
    parent
        The table whose records hold this list (``contracts``); ``accounts``
        for a section of the account, ``""`` for ``accounts`` itself.
    path
        Where the list sits in a parent record (``("rate_card", "rates")``).
    keys
        The columns that name the parent record: ``account`` and, below the
        first level, ``<table>.id`` of each parent.
    columns
        The record's columns, in the order files are written.
    tagged
        Whether rows carry a ``type`` column (a list of several kinds of
        record).
    kind_path, kinds
        Where the parent record's ``type`` tag is and which tags have this
        list (``("rule", "type")`` and ``tiered_credit`` for
        ``service.levels.tiers``); empty when every parent has it.
    section
        The account's field the table belongs to (``contracts`` for
        ``contracts.charges``).
    """

    name: str
    parent: str
    path: tuple[str, ...]
    keys: tuple[str, ...]
    columns: tuple[Column, ...]
    tagged: bool = False
    kind_path: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()
    section: str = ""
    defaulted: bool = False
    """Whether the list has a default (a parent without rows takes it)."""
    optional: tuple[str, ...] = ()
    """Where the optional record holding the list sits in the parent record
    (``("deal",)`` for ``opportunities.rates``); a parent without that record
    has no list. Empty when the list sits in the parent itself."""

    @property
    def file(self) -> str:
        """The table's file name in a folder (``contracts.charges.csv``)."""
        return f"{self.name}.csv"

    def column(self, name: str) -> Column | None:
        """Return the column called ``name``, or None."""
        return self._by_name.get(name)

    @functools.cached_property
    def _by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def scalar(self) -> bool:
        """Whether the list holds names, not records (one ``value`` column)."""
        return self.columns[0].name == _VALUE and len(self.columns) == 1

    @property
    def names(self) -> tuple[str, ...]:
        """The names of all the columns, the keys first."""
        return (*self.keys, *(c.name for c in self.columns))


@attrs.frozen
class TableMapping:
    """How to read one table from another system's export.

    Parameters
    ----------
    file
        The file (or DataFrame) to read instead of ``<table>.csv``.
    columns
        The layout's column name to the export's column name
        (``{"id": "Invoice No", "amount": "Grand Total"}``); columns not
        named here are looked for under their own name.
    constants
        The layout's column name to a value every row has, where the export
        has no column for it (``{"amount.currency": "GBP"}``).
    date_format
        The :func:`~datetime.datetime.strptime` format of this table's
        dates (``"%d-%m-%Y"``); ISO 8601 when not given.
    ignore
        Columns of the export to leave unread (otherwise, an unknown column
        is refused unless reading leniently).
    codes
        By the layout's column name, the export's values and the codes they
        stand for (``{"stage": {"Closed Won": "won"}}``); a value not listed
        is read as it is (and refused if it is not a code).
    percent
        The layout's columns the export gives in percent (``45`` for
        0.45); each is divided by 100 exactly.

    Examples
    --------
    >>> from accountkit.serialization import from_json
    >>> mapping = from_json(TableMapping, '{"file": "AR.csv", "columns": {'
    ...     '"id": "Voucher No", "account": "Party", "customer": "Party"}}')
    >>> mapping.columns["customer"]
    'Party'
    """

    file: str | None = None
    columns: Mapping[str, str] = attrs.field(factory=dict)
    constants: Mapping[str, str] = attrs.field(factory=dict)
    date_format: str | None = None
    ignore: tuple[str, ...] = ()
    codes: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    percent: tuple[str, ...] = ()


@attrs.frozen
class CellProblem(Problem):
    """A problem at a cell of a table: its file, row and column.

    The path is ``(file, row, column)``: the row as a spreadsheet numbers it
    (the header is row 1) or, in a DataFrame, the row's label; the column
    as the file names it (empty for the whole row).

    Examples
    --------
    >>> print(CellProblem(("invoices.csv", 5, "amount"), "not a decimal").located(""))
    invoices.csv:5:amount: not a decimal
    """

    def place(self, root: str) -> str:  # noqa: ARG002 - a cell is its own root
        """Render where the problem is: ``file:row:column``."""
        return ":".join(str(step) for step in self.path if step != "")

    def within(self, prefix: Sequence[str | int]) -> "CellProblem":  # noqa: ARG002
        """Return the problem itself: a cell's place does not nest."""
        return self


# --- the layout, from the models ---------------------------------------------


_SCALARS: Final[dict[type, str]] = {
    bool: "bool",
    int: "int",
    float: "float",
    date: "date",
}


def _members(kind: object) -> tuple[Any, ...]:
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        return tuple(m for m in typing.get_args(kind) if m is not type(None))
    return (kind,)


def _scalar(kind: object) -> str | None:
    """How a cell of this type is read (None: not a scalar)."""
    if not isinstance(kind, type) or attrs.has(kind) or kind is Money:
        return None
    return _SCALARS.get(kind, "text")  # the reader reads the rest from text


def _is_enum(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _tag(cls: type) -> str:
    return str(tag_of(cls))


@attrs.frozen
class _Place:
    """Where the walk of the models is: the table and the record's tag."""

    table: str
    keys: tuple[str, ...]
    section: str
    kind_path: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()
    optional: tuple[str, ...] = ()


class _Layout:
    """Walk the models and collect the tables, parents before children."""

    def __init__(self) -> None:
        self.tables: dict[str, Table | None] = {}

    def table(
        self,
        name: str,
        element: object,
        parent: str,
        path: tuple[str, ...],
        at: _Place,
        *,
        defaulted: bool = False,
    ) -> None:
        if name in self.tables:
            message = f"two lists would share the table {name!r}"
            raise TypeError(message)
        self.tables[name] = None  # keeps the order: parents first
        members = _members(element)
        columns: dict[str, Column] = {}
        keys = (ACCOUNT_KEY,) if name == ACCOUNTS else (*at.keys, f"{name}.id")
        section = at.section or (path[0] if path else "")
        tagged = len(members) > 1
        scalar = _scalar(members[0]) if not tagged else None
        if scalar is not None:
            columns[_VALUE] = Column(_VALUE, (_VALUE,), scalar, required=True)
        else:
            if tagged:
                columns[_TYPE] = Column(_TYPE, (_TYPE,), "text", required=True)
            for member in members:
                here = _Place(
                    name,
                    keys,
                    section,
                    (_TYPE,) if tagged else (),
                    frozenset({_tag(member)}) if tagged else frozenset(),
                )
                self.record(member, (), columns, here, required=not tagged)
        self.tables[name] = Table(
            name,
            parent,
            path,
            () if name == ACCOUNTS else at.keys,
            tuple(columns.values()),
            tagged=tagged,
            kind_path=at.kind_path,
            kinds=at.kinds,
            section=section,
            defaulted=defaulted,
            optional=at.optional,
        )

    def record(
        self,
        cls: type,
        prefix: tuple[str, ...],
        columns: dict[str, Column],
        at: _Place,
        *,
        required: bool,
    ) -> None:
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            needed = required and field.default is attrs.NOTHING
            kind = hints[field.name]
            name = ".".join((*prefix, field.name))
            shared = columns.get(name)
            self.field(
                kind,
                (*prefix, field.name),
                columns,
                at,
                required=needed,
                defaulted=field.default is not attrs.NOTHING,
            )
            if name in columns:
                column = _blank_rule(columns[name], kind, field.default)
                columns[name] = _owned(column, shared, at)

    def field(
        self,
        kind: object,
        path: tuple[str, ...],
        columns: dict[str, Column],
        at: _Place,
        *,
        required: bool,
        defaulted: bool = False,
    ) -> None:
        members = _members(kind)
        name = ".".join(path)
        if members == (Money,):
            self.add(columns, Column(name, (*path, "amount"), "text", required))
            currency = Column(f"{name}.currency", (*path, "currency"), "text", required)
            self.add(columns, currency)
        elif len(members) == 1 and typing.get_origin(members[0]) is frozenset:
            # a set of days (a calendar's holidays) is one cell, like codes
            self.add(columns, Column(name, path, "codes"))
        elif len(members) == 1 and typing.get_origin(members[0]) is tuple:
            element = typing.get_args(members[0])[0]
            if _is_enum(element):
                self.add(columns, Column(name, path, "codes"))
            else:
                child = path[-1] if at.table == ACCOUNTS else f"{at.table}.{path[-1]}"
                self.table(child, element, at.table, path, at, defaulted=defaulted)
        elif all(_scalar(m) is not None for m in members):
            kinds = {_scalar(m) for m in members}
            single = kinds.pop() if len(kinds) == 1 else "text"
            self.add(columns, Column(name, path, single or "text", required))
        elif all(attrs.has(m) for m in members):
            if type(None) in typing.get_args(kind) and not at.optional:
                at = attrs.evolve(at, optional=path)  # its lists need it present
            tagged = len(members) > 1
            if tagged:
                self.add(
                    columns, Column(f"{name}.type", (*path, _TYPE), "text", required)
                )
            for member in members:
                here = (
                    attrs.evolve(
                        at, kind_path=(*path, _TYPE), kinds=frozenset({_tag(member)})
                    )
                    if tagged
                    else at
                )
                self.record(
                    member, path, columns, here, required=required and not tagged
                )
        else:  # pragma: no cover - a model field no table can hold
            message = f"no column can hold {kind!r} at {name}"
            raise TypeError(message)

    @staticmethod
    def add(columns: dict[str, Column], column: Column) -> None:
        known = columns.get(column.name)
        if known is not None and (known.path, known.kind) != (column.path, column.kind):
            message = f"two fields would share the column {column.name!r}"
            raise TypeError(message)
        if known is not None:
            column = attrs.evolve(column, required=known.required and column.required)
        columns[column.name] = column


def _owned(column: Column, shared: Column | None, at: _Place) -> Column:
    """Say which kinds of record have the field: this one, or also the others'."""
    if shared is None:
        return attrs.evolve(column, kind_path=at.kind_path, kinds=at.kinds)
    if shared.kinds and at.kinds and shared.kind_path == at.kind_path:
        return attrs.evolve(column, kinds=shared.kinds | at.kinds)
    return attrs.evolve(column, kind_path=(), kinds=frozenset())


def _blank_rule(column: Column, kind: object, default: object) -> Column:
    """Say what an empty cell of ``column`` is, and whether "" can be written."""
    if type(None) in typing.get_args(kind):  # "" and None would both be empty cells
        blank = "null" if default is not None else "absent"
        return attrs.evolve(column, blank=blank, writes_empty=False)
    if kind is str and default is attrs.NOTHING:
        return attrs.evolve(column, blank="empty")
    return attrs.evolve(column, writes_empty=default == "" or kind is not str)


@functools.cache
def _layout() -> dict[str, Table]:
    walk = _Layout()
    walk.table(ACCOUNTS, Account, "", (), _Place(ACCOUNTS, (), ""))
    tables = {name: table for name, table in walk.tables.items() if table is not None}
    accounts = tables[ACCOUNTS]
    tables[ACCOUNTS] = attrs.evolve(
        accounts,
        columns=(*accounts.columns, Column(NOT_RECORDED, (NOT_RECORDED,), "codes")),
    )
    return tables


@functools.cache
def _children() -> dict[str, tuple[Table, ...]]:
    """Return each table's child tables, in the layout's order."""
    found: dict[str, list[Table]] = {}
    for table in _layout().values():
        if table.parent:
            found.setdefault(table.parent, []).append(table)
    return {name: tuple(tables) for name, tables in found.items()}


@functools.cache
def _sections() -> tuple[str, ...]:
    """Return the account's fields that may be not recorded (None), in order."""
    return tuple(field.name for field in attrs.fields(Account) if field.default is None)


def sample_tables() -> Path:
    """Return the folder of CSV files that holds the sample portfolio.

    Reading it gives the accounts of
    :func:`~accountkit.account.sample_portfolio`.

    Examples
    --------
    >>> sorted(path.name for path in sample_tables().glob("*.csv"))[:3]
    ['accounts.csv', 'bids.csv', 'budgets.csv']
    """
    return Path(str(resources.files("accountkit.data").joinpath("sample")))


@checked
def table_layout() -> tuple[Table, ...]:
    """Return the tables an account is read from and written to, parents first.

    Examples
    --------
    >>> layout = {table.name: table for table in table_layout()}
    >>> layout["invoices"].names[:6]
    ('account', 'id', 'customer', 'issued_on', 'amount', 'amount.currency')
    >>> layout["contracts.charges"].keys
    ('account', 'contracts.id')
    >>> layout["contracts.charges.rates"].path
    ('rate_card', 'rates')
    """
    return tuple(_layout().values())


# --- reading -----------------------------------------------------------------


_INT: Final = re.compile(r"[+-]?[0-9]{1,30}")
_NUMBER: Final = re.compile(
    r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?"
)


@attrs.define
class _Source:
    """One table as read: its rows' cells under the layout's column names."""

    table: Table
    name: str
    origin: dict[str, str]
    rows: list[tuple[str | int, Sequence[object]]]
    """Each row's number (or label) and its cells, as the file has them."""
    date_format: str | None
    codes: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    percent: frozenset[str] = frozenset()
    missing: set[str] = attrs.field(factory=set)
    header: set[str] = attrs.field(factory=set)
    broken: list[tuple[str, CellProblem]] = attrs.field(factory=list)
    """Rows that could not be split into cells, by the account they name."""
    frame: bool = False
    positions: dict[str, int] = attrs.field(factory=dict)
    """Each layout column's position in a row (its first, if it has two)."""
    constants: dict[str, object] = attrs.field(factory=dict)
    _plan: "list[_Step] | None" = None
    _fills: list[Column] = attrs.field(factory=list)

    def getter(
        self, names: tuple[str, ...]
    ) -> "Callable[[Sequence[object]], tuple[object, ...]] | None":
        """Return a function giving the cells of ``names`` (None: not all are there)."""
        if not all(name in self.positions for name in names):
            return None
        at = [self.positions[name] for name in names]
        if len(at) == 1:
            first = at[0]
            return lambda cells: (cells[first],)
        pick = operator.itemgetter(*at)
        return lambda cells: tuple(pick(cells))

    def cell(self, cells: Sequence[object], name: str) -> object:
        """Return the value of the layout's column ``name`` in a row (None: none)."""
        index = self.positions.get(name)
        if index is None:
            return self.constants.get(name)
        return cells[index]

    def translated(self, column: str, value: object) -> object:
        """Return a cell's value as the mapping says: a code, a fraction."""
        if column in self.codes and isinstance(value, str):
            value = self.codes[column].get(value, value)
        if column in self.percent:
            value = _percent(value)
        return value

    def where(self, row: str | int, column: str) -> tuple[str, str | int, str]:
        return (self.name, row, self.origin.get(column, column) if column else "")

    def plan(self, *, strict: bool) -> "list[_Step]":
        """Return how each column present is read: where, its path, its converter."""
        if self._plan is None:
            self._plan = []
            for column in self.table.columns:
                if column.name in self.header:
                    self._plan.append(
                        (
                            self.positions.get(column.name, -1),
                            column.name,
                            column.path,
                            self._converter(column, strict=strict),
                        )
                    )
            self._fills = [
                c
                for c in self.table.columns
                if c.blank != "absent" and c.name in self.header
            ]
        return self._plan

    def _converter(
        self, column: Column, *, strict: bool
    ) -> "Callable[[object], object] | None":
        mapped = column.name in self.codes or column.name in self.percent
        plain = column.kind == "text" or (
            column.kind == "date" and self.date_format is None
        )
        if plain and not mapped and not self.frame:
            return None  # the reader reads it from its text

        def convert(value: object) -> object:
            return _cell(
                self.translated(column.name, value), column, self, strict=strict
            )

        return convert

    def column_at(self, path: tuple[str | int, ...]) -> str:
        """Return the name (as the file has it) of the column a path within a row is."""
        if self.table.scalar:
            name = _VALUE
        else:
            steps = tuple(step for step in path if isinstance(step, str))
            name = self._paths.get(steps, ".".join(steps))
        return self.origin.get(name, name)

    @functools.cached_property
    def _paths(self) -> dict[tuple[str, ...], str]:
        found = {c.path: c.name for c in self.table.columns}
        for column in self.table.columns:
            if (
                column.path[-1] == "amount"
                and f"{column.name}.currency" in found.values()
            ):
                found.setdefault(column.path[:-1], column.name)
        return found


_Step = tuple[int, str, tuple[str, ...], "Callable[[object], object] | None"]


class _Problems:
    """Problems found while reading, by account (``""``: of no one account)."""

    def __init__(self) -> None:
        self.found: dict[str, list[CellProblem]] = {}

    def add(
        self, account: str, where: tuple[str, str | int, str], message: str
    ) -> None:
        self.found.setdefault(account, []).append(CellProblem(where, message))


def _blank(value: object) -> bool:
    """Whether a cell is empty: ``""``, None, NaN, NaT or pandas' NA."""
    if isinstance(value, str):
        return not value
    if value is None:
        return True
    try:
        return bool(value != value)  # noqa: PLR0124 - NaN and NaT differ from themselves
    except TypeError:  # pandas.NA: its truth is ambiguous
        return True


def _cell(  # noqa: PLR0911 - one branch per kind of cell
    value: object, column: Column, source: _Source, *, strict: bool
) -> object:
    """Return the JSON value of a cell; raise ValueError with what is wrong."""
    kind = column.kind
    if isinstance(value, str):
        if kind == "int" and _INT.fullmatch(value):
            return int(value)
        if kind == "float" and _NUMBER.fullmatch(value):
            return Decimal(value)
        if kind == "bool":
            text = value if strict else value.lower()
            return {"true": True, "false": False}.get(text, value)
        if kind == "codes":
            return [code.strip() for code in value.split(SEPARATOR)]
        if kind == "date" and source.date_format is not None:
            try:
                return datetime.strptime(value, source.date_format).date()  # noqa: DTZ007 - a day
            except ValueError:
                message = (
                    f"expected a date written as {source.date_format!r}, "
                    f"got {shorten(value)!r}"
                )
                raise ValueError(message) from None
        return value
    return _native(value, kind)


def _percent(value: object) -> object:
    """Divide a percentage by 100 exactly (what is not a number is kept)."""
    number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    if number or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        return Decimal(value).scaleb(-2)  # type: ignore[arg-type]  # checked above
    return value


def _native(value: object, kind: str) -> object:
    """Return a DataFrame's cell as the JSON reader takes it."""
    if hasattr(value, "item") and not isinstance(value, Decimal):
        value = value.item()  # a numpy scalar: its Python value
    to_pydatetime = getattr(value, "to_pydatetime", None)
    if to_pydatetime is not None:
        value = to_pydatetime()
    if isinstance(value, datetime) and kind == "date":
        if value.time() == datetime.min.time() and value.tzinfo is None:
            return value.date()
        return value.isoformat()
    if kind == "codes" and isinstance(value, list | tuple):
        return list(value)
    return value


def _unflatten(
    cells: Sequence[object],
    source: _Source,
    *,
    strict: bool,
    problems: _Problems,
    account: str,
    row: str | int,
) -> dict[str, Any]:
    """Build a row's record from its cells."""
    record: dict[str, Any] = {}
    for index, name, path, convert in source.plan(strict=strict):
        given = cells[index] if index >= 0 else source.constants[name]
        if type(given) is str:
            if not given:
                continue
        elif _blank(given):
            continue
        value = given
        if convert is not None:
            try:
                value = convert(given)
            except ValueError as err:
                problems.add(account, source.where(row, name), str(err))
                continue
        if len(path) == 1:
            record[path[0]] = value
        else:
            _put(record, path, value)
    _fill(record, source._fills)  # noqa: SLF001 - its own module
    return record


def _fill(record: dict[str, Any], columns: list[Column]) -> None:
    """Give the fields an empty cell stands for (None, "") where none was given."""
    for column in columns:
        if column.kinds and _get(record, column.kind_path) not in column.kinds:
            continue  # a field of another kind of record than this row's
        target = _get(record, column.path[:-1]) if column.path[:-1] else record
        if isinstance(target, dict) and column.path[-1] not in target:
            target[column.path[-1]] = None if column.blank == "null" else ""


def _put(record: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    for step in path[:-1]:
        record = record.setdefault(step, {})
    record[path[-1]] = value


def _get(record: object, path: tuple[str, ...]) -> object:
    for step in path:
        if not isinstance(record, dict):
            return None
        record = record.get(step)
    return record


@attrs.define
class _Document:
    """An account's JSON document as it is built, and where each part came from."""

    id: str
    value: dict[str, Any]
    not_recorded: frozenset[str]
    row: tuple[str, str | int]
    """Where the account's own row is: its file and row."""
    lists: dict[tuple[str | int, ...], list[tuple[str, str | int]]] = attrs.field(
        factory=dict
    )
    """For each list in the document, where each of its records came from."""
    files: set[str] = attrs.field(factory=set)

    @property
    def place(self) -> str:
        """The account's row as the command line names it (``accounts.csv:2``)."""
        return f"{self.row[0]}:{self.row[1]}"


class _Reader:
    """Join the rows of every table into accounts' documents, one account at a time.

    The rows of the tables below ``accounts`` are first grouped by the
    record they belong to (their cells stay tuples of text, which cost the
    garbage collector nothing); then each account's document is built, read
    and let go before the next, so the dicts of one account are alive at a
    time.
    """

    def __init__(self, sources: dict[str, _Source], *, strict: bool) -> None:
        self.sources = sources
        self.strict = strict
        self.problems = _Problems()
        layout = _layout()
        self.children = {
            name: [t for t in tables if t.name in sources]
            for name, tables in _children().items()
        }
        self.recorded = {layout[name].section for name in sources if name != ACCOUNTS}
        self.pending: dict[
            tuple[str, tuple[object, ...]], list[tuple[str | int, Sequence[object]]]
        ] = {}
        self.by_account: dict[object, list[tuple[str, tuple[object, ...]]]] = {}
        self.made: set[tuple[str, tuple[object, ...]]] = set()
        self.fed: set[tuple[str, tuple[object, ...]]] = set()
        """The records that had rows in a child table."""
        self.ids: set[str] = set()

    def read(self) -> Iterator[_Document]:
        """Give each account's document as soon as it is built."""
        for name in _layout():
            if name != ACCOUNTS and name in self.sources:
                self.collect(self.sources[name])
        accounts = self.sources.get(ACCOUNTS)
        if accounts is not None:
            self.ids = {
                ident
                for _, cells in accounts.rows
                if isinstance(
                    ident := accounts.translated("id", accounts.cell(cells, "id")), str
                )
            }
            yield from self.accounts(accounts)
            accounts.rows = []
        for key, rows in self.pending.items():
            for row, _ in rows:
                self.orphan(self.sources[key[0]], row, key[1])

    def collect(self, source: _Source) -> None:
        """Group a table's rows by the record they belong to."""
        table = source.table
        translate = any(key in source.codes for key in table.keys)
        getter = source.getter(table.keys)
        last: tuple[object, ...] | None = None
        group: list[tuple[str | int, Sequence[object]]] = []
        for row, cells in source.rows:
            if translate:
                keys = tuple(
                    source.translated(k, source.cell(cells, k)) for k in table.keys
                )
            elif getter is not None:
                keys = getter(cells)
            else:
                keys = tuple(source.cell(cells, k) for k in table.keys)
            if keys != last:  # rows of one record usually come together
                found = self.pending.get((table.name, keys))
                if found is None:
                    found = self.pending[(table.name, keys)] = []
                    self.by_account.setdefault(keys[0], []).append((table.name, keys))
                group, last = found, keys
            group.append((row, cells))
        source.rows = []  # grouped: the table's own list can go

    def accounts(self, source: _Source) -> Iterator[_Document]:
        first: dict[str, str | int] = {}
        for row, cells in source.rows:
            ident = source.translated("id", source.cell(cells, "id"))
            ident = ident if isinstance(ident, str) else ""
            if ident in first:
                message = (
                    f"account id {ident!r} is used twice "
                    f"(rows {first[ident]} and {row})"
                )
                self.problems.add("", source.where(row, "id"), message)
                continue
            first[ident] = row
            record = _unflatten(
                cells,
                source,
                strict=self.strict,
                problems=self.problems,
                account=ident,
                row=row,
            )
            codes = record.pop(NOT_RECORDED, [])
            document = _Document(ident, record, frozenset(codes), (source.name, row))
            unknown = sorted(set(codes) - set(_sections()))
            if unknown:
                message = (
                    f"not a section that may be not recorded: {', '.join(unknown)} "
                    f"(sections: {', '.join(_sections())})"
                )
                self.problems.add(ident, source.where(row, NOT_RECORDED), message)
            document.files.add(source.name)
            for section in _sections():
                wanted = section in self.recorded and section not in record
                if wanted and section not in document.not_recorded:
                    record[section] = [] if self._is_list(section) else {}
            self.made.add((ACCOUNTS, (ident,)))
            self.build(ACCOUNTS, record, (ident,), (), document)
            for key in self.by_account.pop(ident, ()):
                for left, _ in self.pending.pop(key, ()):
                    self.orphan(self.sources[key[0]], left, key[1])
            yield document

    @staticmethod
    def _is_list(section: str) -> bool:
        layout = _layout()
        return section in layout and layout[section].path == (section,)

    def build(
        self,
        name: str,
        record: dict[str, Any],
        keys: tuple[object, ...],
        at: tuple[str | int, ...],
        document: _Document,
    ) -> bool:
        """Give a record the rows of its child tables, and theirs, in order.

        Return whether any child table had rows for it.
        """
        fed = False
        for child in self.children.get(name, ()):
            rows = self.pending.pop((child.name, keys), None)
            if rows is None:
                self.empty(child, record, name)
                continue
            fed = True
            if child.section in document.not_recorded:
                for row, _ in rows:
                    message = (
                        f"account {document.id!r} lists {child.section!r} in "
                        f"{NOT_RECORDED} ({ACCOUNTS}), yet this row records one"
                    )
                    self.problems.add(
                        document.id, self.sources[child.name].where(row, ""), message
                    )
                continue
            self.fill(child, rows, record, keys=keys, at=at, document=document)
        return fed

    def fill(
        self,
        child: Table,
        rows: list[tuple[str | int, Sequence[object]]],
        record: dict[str, Any],
        *,
        keys: tuple[object, ...],
        at: tuple[str | int, ...],
        document: _Document,
    ) -> None:
        """Put a child table's rows of one record into its list."""
        source = self.sources[child.name]
        document.files.add(source.name)
        holder = record
        for step in child.path[:-1]:
            holder = holder.setdefault(step, {})
        listed: list[object] = holder.setdefault(child.path[-1], [])
        places = document.lists.setdefault((*at, *child.path), [])
        parents = bool(self.children.get(child.name))
        for row, cells in rows:
            value: object = _unflatten(
                cells,
                source,
                strict=self.strict,
                problems=self.problems,
                account=document.id,
                row=row,
            )
            if child.scalar:
                value = typing.cast("dict[str, Any]", value).get(_VALUE)
            listed.append(value)
            places.append((source.name, row))
            if parents and isinstance(value, dict):
                key = (*keys, value.get("id"))
                where = (*at, *child.path, len(listed) - 1)
                if (child.name, key) in self.fed:  # versions of a record: whose rows?
                    message = (
                        f"id {key[-1]!r} is used twice under the same "
                        f"{child.parent} record, and rows below name it: they "
                        "could belong to either"
                    )
                    place = (source.name, row, source.column_at(("id",)))
                    self.problems.add(document.id, place, message)
                self.made.add((child.name, key))
                if self.build(child.name, value, key, where, document):
                    self.fed.add((child.name, key))

    def empty(self, child: Table, record: dict[str, Any], name: str) -> None:
        """Give a record without rows in a child table present its empty list."""
        if name == ACCOUNTS and child.section not in record:
            return
        if name != ACCOUNTS and child.defaulted:
            return  # a parent without rows takes the list's default
        if child.kinds and _get(record, child.kind_path) not in child.kinds:
            return
        if child.optional and _get(record, child.optional) is None:
            return  # the optional record holding the list is absent
        holder = record
        for step in child.path[:-1]:
            holder = holder.setdefault(step, {})
        holder.setdefault(child.path[-1], [])

    def orphan(self, source: _Source, row: str | int, keys: tuple[object, ...]) -> None:
        table = source.table
        account = keys[0] if isinstance(keys[0], str) else ""
        if (ACCOUNTS, (account,)) not in self.made:
            message = (
                f"no account {account!r} in {ACCOUNTS}"
                if account
                else "no account named"
            )
            self.problems.add("", source.where(row, ACCOUNT_KEY), message)
            return
        for depth in range(2, len(keys) + 1):
            parent_table = table.keys[depth - 1].removesuffix(".id")
            if (parent_table, keys[:depth]) not in self.made:
                message = (
                    f"no {parent_table} record {keys[depth - 1]!r} "
                    f"in account {account!r}"
                )
                self.problems.add(
                    account, source.where(row, table.keys[depth - 1]), message
                )
                return

    def located(
        self, path: tuple[str | int, ...], document: _Document
    ) -> tuple[str, str | int, str]:
        """Return the cell (or row) a JSON path of a document came from."""
        for depth in range(len(path), 0, -1):
            index = path[depth - 1]
            rows = document.lists.get(path[: depth - 1])
            if isinstance(index, int) and rows is not None and index < len(rows):
                name, row = rows[index]
                source = self.by_name[name]
                rest = path[depth:]
                return (name, row, source.column_at(rest) if rest else "")
        name, row = document.row
        source = self.by_name[name]
        return (name, row, source.column_at(path) if path else "")

    @functools.cached_property
    def by_name(self) -> dict[str, _Source]:
        return {source.name: source for source in self.sources.values()}


def _header(
    source: _Source,
    header: Sequence[str],
    mapping: TableMapping,
    *,
    strict: bool,
    problems: list[tuple[str, CellProblem]],
) -> list[tuple[int, str]]:
    """Match a file's header to the layout; return (position, column) pairs."""
    table = source.table
    source.origin = {name: mapping.columns.get(name, name) for name in table.names}
    layout_of: dict[str, list[str]] = {}
    for ours, theirs in source.origin.items():
        layout_of.setdefault(theirs, []).append(ours)
    positions: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, name in enumerate(header):
        where = (source.name, 1, name)
        if name in seen:
            problems.append(
                (source.name, CellProblem(where, "the column appears twice"))
            )
            continue
        seen.add(name)
        taken = [o for o in layout_of.get(name, ()) if o not in mapping.constants]
        if taken:
            positions += [(index, one) for one in taken]
        elif name not in mapping.ignore and strict:
            message = (
                f"unknown column ({table.name} has {', '.join(table.names)}); "
                f"ignored {LENIENT_HINT}"
            )
            problems.append((source.name, CellProblem(where, message)))
    present = {ours for _, ours in positions} | set(mapping.constants)
    source.header = present
    for index, ours in positions:
        source.positions.setdefault(ours, index)
    source.constants = dict(mapping.constants)
    required = [*table.keys, *(c.name for c in table.columns if c.required)]
    for name in required:
        if name not in present:
            source.missing.add(name)
            where = (source.name, 1, source.origin[name])
            problems.append(
                (source.name, CellProblem(where, "required column is missing"))
            )
    return positions


def _csv_source(
    path: Path,
    source: _Source,
    mapping: TableMapping,
    *,
    strict: bool,
    problems: list[tuple[str, CellProblem]],
) -> None:
    """Read a CSV file's rows into ``source``."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = csv.reader(stream, strict=True)
            header = next(rows, None)
            if header is None:
                problems.append(
                    (
                        source.name,
                        CellProblem(
                            (source.name, 1, ""), "the file is empty: no header"
                        ),
                    )
                )
                return
            positions = _header(
                source, header, mapping, strict=strict, problems=problems
            )
            width = len(header)
            for number, row in enumerate(rows, start=2):
                if not row:
                    continue
                if len(row) != width:
                    message = f"has {len(row)} cells; the header has {width}"
                    key = next((i for i, ours in positions if ours == ACCOUNT_KEY), -1)
                    if source.table.name == ACCOUNTS:
                        key = next((i for i, ours in positions if ours == "id"), -1)
                    owner = row[key] if 0 <= key < len(row) else ""
                    source.broken.append(
                        (owner, CellProblem((source.name, number, ""), message))
                    )
                    continue
                source.rows.append((number, tuple(row)))  # untracked by the GC
    except UnicodeDecodeError as err:
        message = f"not UTF-8 text (byte {err.start})"
        problems.append((source.name, CellProblem((source.name, "", ""), message)))
    except csv.Error as err:
        message = f"not CSV: {err}"
        problems.append((source.name, CellProblem((source.name, "", ""), message)))
    except OSError as err:
        message = f"cannot read: {err.strerror}"
        problems.append((source.name, CellProblem((source.name, "", ""), message)))


def _frame_source(
    frame: "pd.DataFrame",
    source: _Source,
    mapping: TableMapping,
    *,
    strict: bool,
    problems: list[tuple[str, CellProblem]],
) -> None:
    """Read a DataFrame's rows into ``source``."""
    header = [str(name) for name in frame.columns]
    _header(source, header, mapping, strict=strict, problems=problems)
    for values in frame.itertuples(index=False, name=None):
        source.rows.append(("", values))
    for number, label in enumerate(frame.index):
        plain = label.item() if hasattr(label, "item") else label
        row: str | int = plain if isinstance(plain, int) else str(plain)
        source.rows[number] = (row, source.rows[number][1])


def _mapped(mappings: Mapping[str, TableMapping] | None) -> dict[str, TableMapping]:
    layout = _layout()
    given = dict(mappings or {})
    for name in given:
        if name not in layout:
            message = f"no table {name!r} (tables: {', '.join(layout)})"
            raise ValidationError(message, path=name, root="mappings")
    return given


def _read(
    sources: dict[str, _Source],
    problems: list[tuple[str, CellProblem]],
    *,
    strict: bool,
) -> list[tuple[str, Account | ValidationError]]:
    """Join the sources into accounts; report every problem where it is.

    Each account comes with its place (``accounts.csv:2``); the problems of
    no one account first, with the place ``""``.
    """
    reader = _Reader(sources, strict=strict)
    rank = {source.name: index for index, source in enumerate(sources.values())}

    def order(problem: Problem) -> tuple[int, int, str, str]:
        file, row, column = (*problem.path, "", "", "")[:3]
        number = row if isinstance(row, int) else -1
        return (rank.get(str(file), -1), number, str(row), str(column))

    results: list[tuple[str, Account | ValidationError]] = []
    claimed: set[str] = set()
    missing = {
        (s.name, s.origin.get(c, c)) for s in sources.values() for c in s.missing
    }
    broken: dict[str, list[Problem]] | None = None
    for document in reader.read():
        if broken is None:
            broken = _broken(sources, reader)
        ident = document.id
        found: list[Problem] = list(reader.problems.found.get(ident, []))
        found += broken.get(ident, [])
        for file, header in problems:
            if file in document.files:
                found.append(header)
                claimed.add(file)
        read = read_account("", (), document.value, strict=strict)
        document.value = {}  # read: the account's dicts can go
        if isinstance(read, ValidationError):
            found += _cells(read, reader, document, found, missing)
        results.append(
            (
                document.place,
                ValidationError(problems=sorted(found, key=order)) if found else read,
            )
        )
    if broken is None:
        broken = _broken(sources, reader)
    loose: list[Problem] = list(reader.problems.found.get("", []))
    loose += broken.get("", [])
    loose += [problem for file, problem in problems if file not in claimed]
    if loose:
        results.insert(0, ("", ValidationError(problems=sorted(loose, key=order))))
    return results


def _broken(sources: dict[str, _Source], reader: _Reader) -> dict[str, list[Problem]]:
    """Return the rows that could not be split into cells, by their account."""
    broken: dict[str, list[Problem]] = {}
    for source in sources.values():
        for owner, problem in source.broken:
            known = owner if owner in reader.ids else ""
            broken.setdefault(known, []).append(problem)
    return broken


def _cells(
    error: ValidationError,
    reader: _Reader,
    document: _Document,
    found: list[Problem],
    missing: set[tuple[str, str]],
) -> list[Problem]:
    """Place the problems at their cells: one a cell, none where a column is missing."""
    taken = {p.path for p in found}
    located: list[Problem] = []
    for problem in error.problems:
        cell = reader.located(problem.path, document)
        if cell in taken or (cell[0], cell[2]) in missing:
            continue
        taken.add(cell)
        located.append(CellProblem(cell, problem.message))
    return located


def _sources(
    names: Iterable[str], mappings: dict[str, TableMapping], date_format: str | None
) -> Iterator[tuple[str, _Source, TableMapping]]:
    layout = _layout()
    for name in names:
        mapping = mappings.get(name, TableMapping())
        table = layout[name]
        file = mapping.file or table.file
        source = _Source(
            table,
            file,
            {},
            [],
            mapping.date_format or date_format,
            codes=mapping.codes,
            percent=frozenset(mapping.percent),
        )
        yield name, source, mapping


@checked
def read_tables(
    folder: str | Path,
    *,
    mappings: Mapping[str, TableMapping] | None = None,
    strict: bool = True,
    date_format: str | None = None,
) -> list[Account | ValidationError]:
    """Read accounts from a folder of CSV files, one file per table.

    Each account is read on its own, so one bad account never hides the
    others: the result has, in the order of ``accounts.csv``, either the
    :class:`~accountkit.account.Account` or the
    :class:`~accountkit.errors.ValidationError` listing every problem of that
    account, each at its file, row and column
    (:class:`CellProblem`). Problems that belong to no account read (a file
    that is not a table, a row naming an account ``accounts.csv`` does not
    have, a row that cannot be split into cells) come first, in one error.

    Parameters
    ----------
    folder
        The folder: ``accounts.csv`` and a file per table it has
        (:func:`table_layout`); UTF-8, a byte order mark allowed.
    mappings
        How to read a table from another system's export, by table name.
    strict
        Refuse what the layout does not have (the default): unknown files
        and columns. ``False`` ignores them, and reads leniently as
        :func:`~accountkit.serialization.read_portfolio` does (date-times at
        midnight, currency codes in any case, ``TRUE``/``False``).
    date_format
        The :func:`~datetime.datetime.strptime` format of every date
        (``"%d/%m/%Y"``); ISO 8601 when not given. Never guessed from the data.

    Raises
    ------
    ValidationError
        When the folder cannot be listed, or a mapping names no table.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from accountkit.account import sample_portfolio
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = write_tables(sample_portfolio(), folder)
    >>> read_tables(folder) == list(sample_portfolio())
    True
    >>> invoices = folder / "invoices.csv"
    >>> text = invoices.read_text().replace(",2024-07-31,", ",31/07/2024,")
    >>> text = text.replace("NOR-0002,northwind,", "NOR-0002,,")
    >>> _ = invoices.write_text(text)
    >>> print(read_tables(folder)[0])  # doctest: +NORMALIZE_WHITESPACE
    2 problems:
      invoices.csv:2:due_on: expected an ISO 8601 date (YYYY-MM-DD), got string
        '31/07/2024'
      invoices.csv:3:customer: expected a non-empty identifier, got ''
    """
    return [
        item
        for _, item in located_tables(
            folder, mappings=mappings, strict=strict, date_format=date_format
        )
    ]


def located_tables(
    folder: str | Path,
    *,
    mappings: Mapping[str, TableMapping] | None = None,
    strict: bool = True,
    date_format: str | None = None,
) -> list[tuple[str, Account | ValidationError]]:
    """Give what :func:`read_tables` gives, each with its row of ``accounts.csv``.

    The place is ``accounts.csv:2``; problems of no one account come first,
    with the place ``""``. (For the edges; not in the public API.)
    """
    root = Path(folder)
    given = _mapped(mappings)
    try:
        present = {
            path.name for path in root.iterdir() if path.suffix.lower() == ".csv"
        }
    except OSError as err:
        message = f"cannot read the folder {root}: {err.strerror}"
        raise ValidationError(message, root="read_tables", path="folder") from None
    problems: list[tuple[str, CellProblem]] = []
    sources: dict[str, _Source] = {}
    for name, source, mapping in _sources(_layout(), given, date_format):
        if source.name in present:
            present.discard(source.name)
            _csv_source(
                root / source.name,
                source,
                mapping,
                strict=strict,
                problems=problems,
            )
            sources[name] = source
    for file in sorted(present) if strict else ():
        message = f"not a table of the layout (tables: {', '.join(_layout())})"
        problems.append((file, CellProblem((file, "", ""), message)))
    if ACCOUNTS not in sources:
        where = (f"{ACCOUNTS}.csv", "", "")
        problems.append(
            (where[0], CellProblem(where, "the folder has no accounts table"))
        )
    return _read(sources, problems, strict=strict)


@checked
def read_frames(
    frames: Mapping[str, Any],
    *,
    mappings: Mapping[str, TableMapping] | None = None,
    strict: bool = True,
    date_format: str | None = None,
) -> list[Account | ValidationError]:
    """Read accounts from pandas DataFrames, one per table.

    As :func:`read_tables`, with ``frames`` by table name (or by the
    ``file`` a mapping names) in place of files, and problems at the frame's
    name, the row's label and the column. Cells are read from their values:
    text as a CSV cell; whole numbers, Decimals, dates and timestamps at
    midnight as they are; an amount or a decimal that is a binary float is
    refused (read the column as text, ``dtype=str``, or as Decimals);
    ``None``, ``NaN``, ``NaT`` and ``<NA>`` are empty cells.

    Examples
    --------
    >>> import pandas as pd
    >>> frames = {
    ...     "accounts": pd.DataFrame({"id": ["a"], "name": ["Acme"],
    ...                               "currency": ["EUR"]}),
    ...     "invoices": pd.DataFrame({"account": ["a"], "id": ["INV-1"],
    ...                               "customer": ["acme"],
    ...                               "issued_on": pd.to_datetime(["2026-01-31"]),
    ...                               "amount": [1200.5], "amount.currency": ["EUR"]}),
    ... }
    >>> print(read_frames(frames)[0])  # doctest: +ELLIPSIS
    invoices:0:amount: got the binary float 1200.5, which is not exact; ...
    """
    given = _mapped(mappings)
    for name, frame in frames.items():
        if not hasattr(frame, "itertuples") or not hasattr(frame, "columns"):
            message = f"expected a pandas DataFrame, got {type(frame).__name__}"
            raise ValidationError(message, root="read_frames", path=("frames", name))
    problems: list[tuple[str, CellProblem]] = []
    sources: dict[str, _Source] = {}
    names = {str(name) for name in frames}
    for name, source, mapping in _sources(_layout(), given, date_format):
        key = mapping.file or name
        source.name = key
        if key in names:
            names.discard(key)
            source.frame = True
            _frame_source(
                frames[key], source, mapping, strict=strict, problems=problems
            )
            sources[name] = source
    for key in sorted(names) if strict else ():
        message = f"not a table of the layout (tables: {', '.join(_layout())})"
        problems.append((key, CellProblem((key, "", ""), message)))
    if ACCOUNTS not in sources:
        problems.append(
            (ACCOUNTS, CellProblem((ACCOUNTS, "", ""), "no accounts frame"))
        )
    return [item for _, item in _read(sources, problems, strict=strict)]


# --- writing -----------------------------------------------------------------


def _text(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """Write a value as a cell: exact digits, ISO dates, true/false, codes by ``;``.

    For the tables of accounts (JSON values) and of reports (Python values).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return SEPARATOR.join(_text(item) for item in value)
    return str(value)


class _Writer:
    """Spread accounts' JSON documents over the layout's tables."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, str]]] = {name: [] for name in _layout()}
        self.used: set[str] = set()
        self.children = _children()

    def account(self, document: dict[str, Any], recorded: set[str]) -> None:
        accounts = _layout()[ACCOUNTS]
        row = self.cells(accounts, document, ())
        absent = [s for s in _sections() if document.get(s) is None and s in recorded]
        if absent:
            row[NOT_RECORDED] = SEPARATOR.join(absent)
        self.rows[ACCOUNTS].append(row)
        self.used.add(ACCOUNTS)
        self.lists(ACCOUNTS, document, (str(document["id"]),))

    def lists(self, name: str, record: dict[str, Any], keys: tuple[str, ...]) -> bool:
        """Write a record's lists as rows of their tables; say whether any had rows."""
        rows = False
        for child in self.children.get(name, ()):
            items = _get(record, child.path)
            if not isinstance(items, list):
                continue
            rows = rows or bool(items)
            self.used.add(child.name)
            seen: dict[object, bool] = {}
            for item in items:
                if child.scalar:
                    row = dict(zip(child.keys, keys, strict=True))
                    row[_VALUE] = _text(item)
                    self.rows[child.name].append(row)
                    continue
                self.rows[child.name].append(self.cells(child, item, keys))
                if child.name in self.children:
                    ident = item.get("id")
                    below = self.lists(child.name, item, (*keys, str(ident)))
                    if (below or seen.get(ident)) and ident in seen:
                        message = (
                            f"id {ident!r} is used twice in one {name} record's "
                            f"{child.name}, and rows below name it: a table could "
                            "not say which it belongs to"
                        )
                        raise ValidationError(
                            message, root="to_tables", path="accounts"
                        )
                    seen[ident] = seen.get(ident, False) or below
        return rows

    @staticmethod
    def cells(
        table: Table, record: dict[str, Any], keys: tuple[str, ...]
    ) -> dict[str, str]:
        row = dict(zip(table.keys, keys, strict=True))
        for column in table.columns:
            if column.name == NOT_RECORDED:
                continue
            value = _get(record, column.path)
            if value == "" and not column.writes_empty:
                message = (
                    f"the empty text in {table.name}'s {column.name!r} cannot be "
                    "told from a value not given in a table (an empty cell)"
                )
                raise ValidationError(message, root="to_tables", path="accounts")
            if value is not None:
                row[column.name] = _text(value)
        return row


@checked
def to_tables(accounts: Iterable[Account]) -> dict[str, list[dict[str, str]]]:
    """Spread accounts over the layout's tables, each row a mapping of text cells.

    Only the tables the accounts have are given; a section no account
    records has no table. Reading the tables gives the accounts back
    exactly (:func:`read_tables`).

    Raises
    ------
    ValidationError
        When a record whose table has tables below it shares its id with
        another in the same place (the rows below could not say which).

    Examples
    --------
    >>> from accountkit.account import sample_portfolio
    >>> tables = to_tables(sample_portfolio())
    >>> tables["accounts"][0]["name"]
    'Northwind Logistics'
    >>> tables["invoices"][0]  # doctest: +NORMALIZE_WHITESPACE
    {'account': 'northwind', 'id': 'NOR-0001', 'customer': 'northwind',
     'issued_on': '2024-07-01', 'amount': '40000.00', 'amount.currency': 'EUR',
     'due_on': '2024-07-31', 'disputed': 'false', 'contract_id': 'NW-SOW-1'}
    """
    documents: list[dict[str, Any]] = []
    for index, account in enumerate(accounts):
        if not isinstance(account, Account):
            message = f"expected an Account, got {type(account).__name__}"
            raise ValidationError(message, root="to_tables", path=("accounts", index))
        documents.append(to_dict(account))
    recorded = {s for s in _sections() for d in documents if d.get(s) is not None}
    writer = _Writer()
    for document in documents:
        writer.account(document, recorded)
    return {name: rows for name, rows in writer.rows.items() if name in writer.used}


@checked
def write_tables(
    accounts: Iterable[Account], folder: str | Path, *, replace: bool = False
) -> list[Path]:
    r"""Write accounts to a folder of CSV files, one per table; return the files.

    The folder is made if it does not exist. Columns no row uses are left
    out (their cells would all be empty), except the keys and the required
    columns, which a file always has. Files are UTF-8 with ``\\n`` line
    ends, as :mod:`csv` quotes them.

    Parameters
    ----------
    accounts
        The accounts.
    folder
        Where to write.
    replace
        Remove the layout's files already in the folder first. Without it, a
        folder that has any is refused: files left from an earlier write
        would be read as part of these accounts.

    Raises
    ------
    ValidationError
        When the folder has the layout's files and ``replace`` is not given,
        or as :func:`to_tables`.
    """
    root = Path(folder)
    tables = to_tables(accounts)
    layout = _layout()
    old = [root / t.file for t in layout.values() if (root / t.file).exists()]
    if old and not replace:
        names = ", ".join(path.name for path in old[:5])
        message = (
            f"{root} already has tables ({names}); pass replace=True to remove "
            "them first, or write to an empty folder"
        )
        raise ValidationError(message, root="write_tables", path="folder")
    written: list[Path] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        for path in old:
            path.unlink()
        for name, rows in tables.items():
            table = layout[name]
            used = {column for row in rows for column in row}
            always = {c.name for c in table.columns if c.required} | set(table.keys)
            header = [c for c in table.names if c in used or c in always]
            path = root / table.file
            with path.open("w", encoding="utf-8", newline="") as stream:
                _write_rows(
                    stream,
                    [header, *([row.get(c, "") for c in header] for row in rows)],
                )
            written.append(path)
    except OSError as err:
        message = f"cannot write in {root}: {err.strerror}"
        raise ValidationError(message, root="write_tables", path="folder") from None
    return written


# --- reports to tables ---------------------------------------------------------

REVIEW_AREAS: Final = (
    "health",
    "service",
    "receivables",
    "revenue",
    "contracts",
    "wallet",
    "relationships",
    "growth",
    "escalations",
    "obligations",
)
"""The review's areas, each a table of :func:`review_tables` (in this order)."""

Rows = list[dict[str, Any]]


def _leaf(plain: object, value: object) -> object:
    """Return a cell's value: the JSON one, typed as the field's value is.

    The JSON is the output contract; the field only says that its text is a
    Decimal or a date.
    """
    if isinstance(plain, str):
        if isinstance(value, Decimal):
            return Decimal(plain)
        if isinstance(value, datetime):
            return datetime.fromisoformat(plain)
        if isinstance(value, date):
            return date.fromisoformat(plain)
    return plain


class _Spread:
    """Spread a record over a row, and its lists of records over tables."""

    def __init__(self, tables: dict[str, Rows]) -> None:
        self.tables = tables

    def record(
        self,
        name: str,
        value: object,
        keys: dict[str, Any],
        skip: frozenset[str] = frozenset(),
        plain: object = None,
    ) -> None:
        """Add a row for ``value`` (``plain``: its JSON, when already made)."""
        row = dict(keys)
        plain = to_dict(value) if plain is None else plain
        self.fields(name, plain, value, "", row=row, keys=keys, skip=skip)
        self.tables.setdefault(name, []).append(row)

    def fields(
        self,
        table: str,
        plain: object,
        value: object,
        prefix: str,
        *,
        row: dict[str, Any],
        keys: dict[str, Any],
        skip: frozenset[str] = frozenset(),
    ) -> None:
        if isinstance(value, Money):
            row[prefix] = value.amount
            row[f"{prefix}.currency"] = value.currency
        elif isinstance(plain, dict) and attrs.has(type(value)):
            for key, item in plain.items():
                if key not in skip:
                    named = f"{prefix}.{key}" if prefix else key
                    inner = getattr(value, key, None)
                    self.fields(table, item, inner, named, row=row, keys=keys)
        elif isinstance(plain, dict):
            row[prefix] = SEPARATOR.join(f"{k}={_joined(v)}" for k, v in plain.items())
        elif isinstance(plain, list) and _records_in(value, plain):
            items = list(value) if isinstance(value, Sequence) else [None] * len(plain)
            for each, item in zip(plain, items, strict=True):
                self.record(f"{table}.{prefix}", item, keys, plain=each)
        elif isinstance(plain, list):
            row[prefix] = SEPARATOR.join(_joined(p) for p in plain)
        else:
            row[prefix] = _leaf(plain, value)


def _records_in(value: object, plain: list[Any]) -> bool:
    """Whether a list holds records (a table of its own), even when empty."""
    return any(isinstance(p, dict) for p in plain) or (not plain and value == ())


def _joined(value: object) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, dict) and set(value) == {"amount", "currency"}:
        return f"{value['amount']} {value['currency']}"
    return "" if value is None else str(value)


def _tidy(tables: dict[str, Rows]) -> dict[str, Rows]:
    """Give every row of a table the same columns; drop the empty parents.

    A column that is None in every row and whose name heads other columns
    (a record not there, ``attainment`` beside ``attainment.year``) is left
    out.
    """
    tidy: dict[str, Rows] = {}
    for name, rows in tables.items():
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        dropped = {
            c
            for c in columns
            if all(row.get(c) is None for row in rows)
            and any(other.startswith(f"{c}.") for other in columns)
        }
        kept = [c for c in columns if c not in dropped]
        tidy[name] = [{c: row.get(c) for c in kept} for row in rows]
    return tidy


@checked
def review_tables(reviews: Iterable[AccountReview]) -> dict[str, Rows]:
    """Return reviews as tables of rows, for a spreadsheet or a DataFrame.

    - ``portfolio``: a row per account (:func:`~accountkit.account.review_rows`);
    - ``flags``: a row per flag, in the review's order;
    - ``aged_debt``: a row per account and ageing bucket (``bucket``,
      ``amount``, ``amount.currency``), for the accounts with receivables;
    - one table per area (:data:`REVIEW_AREAS`: ``service``, ``receivables``,
      ...), a row per account with the area's position spread over columns
      as the review's JSON names them (``attainment.billed_to_date``), and a
      table per list of records in it (``health.measures``,
      ``service.failed``, ``relationships.blockers``).

    Every row starts with ``account`` and ``name``. Values are Python
    values: amounts :class:`~decimal.Decimal` with their currency in the
    column beside (``open`` and ``open.currency``), dates as dates, codes as
    their text, lists of names joined by ``;``; a missing value is None.

    Raises
    ------
    ValidationError
        If an item is not an :class:`~accountkit.account.AccountReview`.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import review_many, sample_portfolio
    >>> reviews = review_many(sample_portfolio(), as_of=date(2026, 6, 30))
    >>> tables = review_tables(reviews)
    >>> [(r["bucket"], r["amount"]) for r in tables["aged_debt"] if r["account"] ==
    ...  "contoso"]  # doctest: +NORMALIZE_WHITESPACE
    [('not yet due', Decimal('62000.00')), ('1-30', Decimal('62000.00')),
     ('31-60', Decimal('62000.00')), ('61-90', Decimal('0.00')),
     ('over 90', Decimal('0.00'))]
    >>> tables["flags"][0]["code"]
    'service.critical_failure'
    """
    given = listed(reviews, AccountReview, root="review_tables", name="reviews")
    tables: dict[str, Rows] = {
        "portfolio": review_rows(given),
        "flags": [],
        "aged_debt": [],
    }
    spread = _Spread(tables)
    for item in given:
        keys = {"account": item.account, "name": item.name}
        for flag in item.flags:
            spread.record("flags", flag, keys, frozenset())
        debt = item.receivables
        if debt.recorded:
            for label, amount in zip(debt.labels, debt.buckets, strict=True):
                tables["aged_debt"].append(
                    {
                        **keys,
                        "bucket": label,
                        "amount": amount.amount,
                        "amount.currency": amount.currency,
                    }
                )
        for area in REVIEW_AREAS:
            skip = (
                frozenset({"labels", "buckets"})
                if area == "receivables"
                else frozenset()
            )
            spread.record(area, getattr(item, area), keys, skip)
    return _tidy(tables)


@checked
def review_frames(reviews: Iterable[AccountReview]) -> "dict[str, pd.DataFrame]":
    """Return :func:`review_tables` as pandas DataFrames, one per table.

    Amounts stay exact (:class:`~decimal.Decimal` objects, with the currency
    column beside); dates become ``datetime64``; a missing value is None or
    ``NaT``. Needs pandas (``pip install 'accountkit[pandas]'``).

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import review_many, sample_portfolio
    >>> frames = review_frames(review_many(sample_portfolio(), as_of=date(2026, 6, 30)))
    >>> frames["flags"].groupby("account")["code"].count().to_dict()
    {'contoso': 29, 'northwind': 9}
    """
    tables = review_tables(reviews)
    found: dict[str, pd.DataFrame] = {}
    for name, rows in tables.items():
        columns: dict[str, Any] = {}
        for column in rows[0] if rows else ("account", "name"):
            values = [row.get(column) for row in rows]
            if values and all(v is None or type(v) is date for v in values):
                columns[column] = np.array(
                    [np.datetime64("NaT") if v is None else v for v in values],
                    dtype="datetime64[D]",
                )
            else:
                columns[column] = values
        found[name] = _frame_of(columns, where="review_frames")
    return found


@checked
def record_rows(records: Iterable[object]) -> Rows:
    """Return records (billing lines, open items, any accountkit records) as rows.

    Each record is spread over columns as its JSON names them, amounts as
    :class:`~decimal.Decimal` with ``<field>.currency`` beside; lists of
    records inside it are left out (give them to this function on their
    own).

    Raises
    ------
    ValidationError
        If an item is not an attrs record.

    Examples
    --------
    >>> from accountkit.account import sample_portfolio
    >>> from accountkit.contracts import billing_schedule
    >>> from accountkit.periods import Period
    >>> contract = sample_portfolio()[0].contracts[1]
    >>> lines = billing_schedule(contract, period=Period.month(2026, 1))
    >>> rows = record_rows(lines)
    >>> {k: rows[0][k] for k in ("charge_id", "amount", "amount.currency")}
    ... # doctest: +NORMALIZE_WHITESPACE
    {'charge_id': 'NW-SOW-1-fee', 'amount': Decimal('40000.00'),
     'amount.currency': 'EUR'}
    """
    tables: dict[str, Rows] = {}
    spread = _Spread(tables)
    for index, item in enumerate(records):
        if not attrs.has(type(item)):
            message = f"expected a record, got {type(item).__name__}"
            raise ValidationError(message, path=("records", index), root="record_rows")
        spread.record("rows", item, {}, frozenset())
    return _tidy(tables).get("rows", [])


@checked
def write_csv(rows: Sequence[Mapping[str, Any]], stream: Any) -> None:  # noqa: ANN401 - any text stream
    """Write rows (of :func:`review_tables` or :func:`record_rows`) as CSV text.

    The header is the first row's keys; amounts are written with all their
    digits (``1234.50``), dates in ISO 8601, true/false, None as an empty
    cell.

    Examples
    --------
    >>> import io, sys
    >>> from decimal import Decimal
    >>> write_csv([{"account": "a", "open": Decimal("1.50"), "band": None}], sys.stdout)
    account,open,band
    a,1.50,
    """
    if not callable(getattr(stream, "write", None)):
        message = f"expected a text stream (with write), got {type(stream).__name__}"
        raise ValidationError(message, root="write_csv", path="stream")
    if not rows:
        return
    header = list(rows[0])
    _write_rows(
        stream, [header, *([_text(row.get(c)) for c in header] for row in rows)]
    )


def _write_rows(stream: Any, rows: Iterable[Sequence[str]]) -> None:  # noqa: ANN401 - any text stream
    r"""Write rows of cells as CSV, lines ended by ``\n``.

    A cell with a carriage return is quoted (its row written fully quoted):
    the csv module quotes only what the line ending holds, and a bare ``\r``
    in a cell would end the row for a reader.
    """
    plain = csv.writer(stream, lineterminator="\n")
    quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any("\r" in cell for cell in row) else plain).writerow(row)


@checked
def write_review_tables(
    reviews: Iterable[AccountReview], folder: str | Path
) -> list[Path]:
    """Write :func:`review_tables` to a folder, a CSV file per table.

    Returns the files written (``portfolio.csv``, ``flags.csv``,
    ``aged_debt.csv``, ``service.csv``, ...). The folder is made if it does
    not exist; files of the same names are replaced.
    """
    root = Path(folder)
    tables = review_tables(reviews)
    written: list[Path] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            path = root / f"{name}.csv"
            with path.open("w", encoding="utf-8", newline="") as stream:
                write_csv(rows, stream)
            written.append(path)
    except OSError as err:
        message = f"cannot write in {root}: {err.strerror}"
        raise ValidationError(
            message, root="write_review_tables", path="folder"
        ) from None
    return written


_SHEET_NAME: Final = re.compile(r"[\[\]:*?/\\]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _openpyxl() -> Any:  # noqa: ANN401 - an optional module
    try:
        import openpyxl  # noqa: PLC0415 - an optional dependency
    except ModuleNotFoundError as err:
        message = (
            "write_workbook needs openpyxl; install it with "
            "pip install 'accountkit[excel]'"
        )
        raise MissingDependencyError(message) from err
    return openpyxl


def _money_format(currency: object) -> str:
    places = MINOR_UNITS.get(currency, 2) if isinstance(currency, str) else 2
    digits = "0." + "0" * places if places else "0"
    return f'#,##{digits} "{currency}"'


@checked
def write_workbook(reviews: Iterable[AccountReview], path: str | Path) -> Path:
    r"""Write the monthly review as an Excel workbook, a sheet per table.

    The sheets are the tables of :func:`review_tables` (``portfolio``,
    ``flags``, ``aged_debt``, one per area and per list in an area), each
    with a bold header frozen at the top. Amounts are numbers in the
    currency's format (``#,##0.00 "EUR"``; places as the currency has them),
    with the currency code in the column beside; dates are dates; text is
    always text: a CRM's value that starts with ``=`` is never a formula, and
    a control character (which a workbook cannot hold) is written as its
    escape (``\x07``). Needs openpyxl (``pip install 'accountkit[excel]'``).

    Returns the path written.

    Raises
    ------
    MissingDependencyError
        If openpyxl is not installed.
    ValidationError
        If an item is not an :class:`~accountkit.account.AccountReview`.
    """
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    bold = openpyxl.styles.Font(bold=True)
    for name, rows in review_tables(reviews).items():
        sheet = book.create_sheet(_SHEET_NAME.sub("_", name)[:31])
        header = list(rows[0]) if rows else ["account", "name"]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for number, row in enumerate(rows, start=2):
            for column, key in enumerate(header, start=1):
                _put_cell(sheet.cell(row=number, column=column), key, row)
    target = Path(path)
    try:
        book.save(target)
    except OSError as err:
        message = f"cannot write {target}: {err.strerror}"
        raise ValidationError(message, root="write_workbook", path="path") from None
    return target


def _put_cell(cell: Any, key: str, row: dict[str, Any]) -> None:  # noqa: ANN401
    value = row.get(key)
    if isinstance(value, str):
        cell.value = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
        cell.data_type = "s"  # text, never a formula
    elif isinstance(value, Decimal):
        cell.value = value
        currency = row.get(f"{key}.currency", row.get("currency"))
        if f"{key}.currency" in row or key in _PORTFOLIO_AMOUNTS:
            cell.number_format = _money_format(currency)
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    else:
        cell.value = value


_PORTFOLIO_AMOUNTS: Final = frozenset(
    {
        "service_credits",
        "open",
        "overdue",
        "billed_to_date",
        "contracted_for_year",
        "projection",
    }
)
