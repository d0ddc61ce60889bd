"""The stakeholder map: people, influence between them, and our relationships."""

import enum
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from accountkit._validators import tuple_of
from accountkit.errors import MissingDependencyError, Problem, ValidationError
from accountkit.relationships._people import (
    Attitude,
    BuyingRole,
    DecisionOrientation,
    Influence,
    InfluenceKind,
    PoliticalStatus,
    Relationship,
    RelationshipLevel,
    Stakeholder,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["StakeholderMap"]

Row = Mapping[str, object]
E = TypeVar("E", bound=enum.Enum)
_ROOT = "StakeholderMap"
_ROWS_ROOT = "StakeholderMap.from_rows"


@attrs.frozen(kw_only=True)
class StakeholderMap:
    """A client's stakeholders, the influence between them, and our relationships.

    Parameters
    ----------
    stakeholders
        The people, each with a unique id.
    influences
        Who influences whom (or is in conflict with whom), between people on
        the map. At most one tie per ordered pair; a conflict is one tie
        whichever way round it is written.
    relationships
        Our team members' relationships with the people on the map, at most
        one per team member and stakeholder. Team member ids must differ from
        stakeholder ids (both are nodes of one graph in the connection
        analyses).

    Raises
    ------
    ValidationError
        Listing every problem found, each with its path: a duplicate id, a
        reference to someone not on the map, a person influencing themselves,
        a duplicate tie, or a reporting line that goes round in a circle.

    Examples
    --------
    >>> people = (Stakeholder(id="ceo", name="Ceo"),
    ...           Stakeholder(id="cio", name="Cio", reports_to="ceo"))
    >>> board = StakeholderMap(stakeholders=people, influences=(
    ...     Influence(source="ceo", target="cio", strength=0.8),))
    >>> board.team
    ()
    >>> StakeholderMap(stakeholders=people, influences=(
    ...     Influence(source="ceo", target="cfo", strength=0.8),))
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: StakeholderMap.influences[0].target: unknown ...
    """

    stakeholders: tuple[Stakeholder, ...] = attrs.field(
        default=(), validator=tuple_of(Stakeholder)
    )
    influences: tuple[Influence, ...] = attrs.field(
        default=(), validator=tuple_of(Influence)
    )
    relationships: tuple[Relationship, ...] = attrs.field(
        default=(), validator=tuple_of(Relationship)
    )

    def __attrs_post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValidationError(problems=problems, root=_ROOT)

    @property
    def team(self) -> tuple[str, ...]:
        """Our team members, in the order they first appear in the relationships."""
        return tuple(dict.fromkeys(tie.member for tie in self.relationships))

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """Return the stakeholder with this id.

        Raises
        ------
        ValidationError
            If nobody on the map has that id.
        """
        for person in self.stakeholders:
            if person.id == stakeholder_id:
                return person
        message = f"unknown stakeholder {stakeholder_id!r}"
        raise ValidationError(message, path="stakeholder_id", root=_ROOT)

    @classmethod
    def from_rows(
        cls,
        stakeholders: Iterable[Row],
        influences: Iterable[Row] = (),
        relationships: Iterable[Row] = (),
        *,
        strict: bool = True,
    ) -> "StakeholderMap":
        """Build a map from flat records, as a CRM or a spreadsheet exports them.

        Each row is a mapping from column name to a string (or ``None``); the
        columns are the field names of :class:`Stakeholder`,
        :class:`Influence` and :class:`Relationship`. An empty cell means the
        field's default. Enum cells take the value or the name in any case
        with spaces or hyphens (``"Economic Buyer"``); ``roles`` holds several
        separated by ``;`` or ``,``; ``attitude`` also takes its score
        (``"-2"`` to ``"2"``); numbers are decimal strings; dates ISO 8601;
        ``departed`` is true/false, yes/no or 1/0.

        Parameters
        ----------
        stakeholders, influences, relationships
            The rows of each table.
        strict
            Refuse columns the records do not have (the default); with
            ``False`` they are ignored.

        Raises
        ------
        ValidationError
            Listing every bad cell with its path (``stakeholders[3].power``),
            then anything the map itself refuses.

        Examples
        --------
        >>> crm = StakeholderMap.from_rows(
        ...     [{"id": "c1", "name": "Ada", "roles": "Economic Buyer; approver",
        ...       "attitude": "1", "power": "0.9"},
        ...      {"id": "c2", "name": "Ben", "reports_to": "c1", "attitude": ""}],
        ...     [{"source": "c1", "target": "c2", "strength": "0.5"}],
        ...     [{"member": "me", "stakeholder": "c2", "strength": "0.8",
        ...       "level": "Problem Solver", "last_contact_on": "2026-10-02"}])
        >>> [role.value for role in crm.stakeholders[0].roles]
        ['economic_buyer', 'approver']
        >>> crm.relationships[0].level
        <RelationshipLevel.PROBLEM_SOLVER: 'problem_solver'>
        """
        problems: list[Problem] = []
        people = _records(Stakeholder, "stakeholders", stakeholders, problems, strict)
        ties = _records(Influence, "influences", influences, problems, strict)
        ours = _records(Relationship, "relationships", relationships, problems, strict)
        if problems:
            raise ValidationError(problems=problems, root=_ROWS_ROOT)
        try:
            return cls(stakeholders=people, influences=ties, relationships=ours)
        except ValidationError as err:
            raise ValidationError(problems=err.problems, root=_ROWS_ROOT) from err

    def to_networkx(self) -> "nx.DiGraph[str]":
        """Return the map as a :class:`networkx.DiGraph` (needs networkx).

        Stakeholders (without the departed) and team members are nodes with
        their fields as attributes and ``kind`` ``"stakeholder"`` or
        ``"team"``. Influence ties are edges ``source -> target`` with
        ``weight`` (the strength) and ``kind`` ``"influence"`` or
        ``"conflict"``; relationships are edges ``member -> stakeholder`` with
        ``kind`` ``"relationship"``.

        Raises
        ------
        MissingDependencyError
            If networkx is not installed (``pip install 'accountkit[graph]'``).
        """
        try:
            import networkx  # noqa: PLC0415, ICN001 - an optional dependency
        except ModuleNotFoundError as err:
            message = (
                "StakeholderMap.to_networkx needs networkx; install it with "
                "pip install 'accountkit[graph]'"
            )
            raise MissingDependencyError(message) from err
        graph: nx.DiGraph[str] = networkx.DiGraph()
        present = {p.id for p in self.stakeholders if not p.departed}
        for person in self.stakeholders:
            if person.id in present:
                graph.add_node(
                    person.id,
                    kind="stakeholder",
                    name=person.name,
                    title=person.title,
                    unit=person.unit,
                    reports_to=person.reports_to,
                    roles=tuple(role.value for role in person.roles),
                    attitude=person.attitude.score,
                    power=person.power,
                    interest=person.interest,
                )
        for member in self.team:
            graph.add_node(member, kind="team")
        for tie in self.influences:
            if tie.source in present and tie.target in present:
                graph.add_edge(
                    tie.source, tie.target, weight=tie.strength, kind=tie.kind.value
                )
        for ours in self.relationships:
            if ours.stakeholder in present:
                graph.add_edge(
                    ours.member,
                    ours.stakeholder,
                    weight=ours.strength,
                    kind="relationship",
                    level=ours.level.value,
                )
        return graph


# --- validation ----------------------------------------------------------------


def _problems(board: StakeholderMap) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for index, person in enumerate(board.stakeholders):
        if person.id in first:
            earlier = first[person.id]
            message = f"duplicate id {person.id!r} (first at stakeholders[{earlier}])"
            problems.append(Problem(("stakeholders", index, "id"), message))
        else:
            first[person.id] = index
    for index, person in enumerate(board.stakeholders):
        if person.reports_to is not None and person.reports_to not in first:
            message = f"unknown stakeholder {person.reports_to!r}"
            problems.append(Problem(("stakeholders", index, "reports_to"), message))
    problems.extend(_reporting_cycles(board.stakeholders, first))
    problems.extend(_influence_problems(board.influences, first))
    problems.extend(_relationship_problems(board.relationships, first))
    return problems


def _reporting_cycles(
    people: tuple[Stakeholder, ...], first: dict[str, int]
) -> list[Problem]:
    manager = {p.id: p.reports_to for p in people if p.reports_to in first}
    problems: list[Problem] = []
    settled: set[str] = set()
    for person in people:
        trail: list[str] = []
        on_trail: set[str] = set()
        current: str | None = person.id
        while current is not None and current not in settled:
            if current in on_trail:
                loop = trail[trail.index(current) :]
                shown = " -> ".join([*loop, current])
                where = min(first[member] for member in loop)
                message = f"reporting lines go round in a circle: {shown}"
                problems.append(Problem(("stakeholders", where, "reports_to"), message))
                break
            trail.append(current)
            on_trail.add(current)
            current = manager.get(current)
        settled.update(trail)
    return problems


def _influence_problems(
    ties: tuple[Influence, ...], first: dict[str, int]
) -> list[Problem]:
    # Influence may run both ways between two people (a -> b and b -> a); a
    # conflict is one tie between them, whichever way round it is written, and
    # rules out any other tie between the same two.
    problems: list[Problem] = []
    directed: dict[tuple[str, str], int] = {}
    conflicts: dict[frozenset[str], int] = {}
    pairs: dict[frozenset[str], int] = {}
    for index, tie in enumerate(ties):
        for end in ("source", "target"):
            if getattr(tie, end) not in first:
                message = f"unknown stakeholder {getattr(tie, end)!r}"
                problems.append(Problem(("influences", index, end), message))
        if tie.source == tie.target:
            message = f"{tie.source!r} cannot influence themselves"
            problems.append(Problem(("influences", index, "target"), message))
            continue
        pair = frozenset((tie.source, tie.target))
        if tie.kind is InfluenceKind.CONFLICT:
            earlier = pairs.get(pair)
        else:
            earlier = directed.get((tie.source, tie.target), conflicts.get(pair))
        if earlier is not None:
            message = (
                f"a second tie between {tie.source!r} and {tie.target!r} "
                f"(first at influences[{earlier}])"
            )
            problems.append(Problem(("influences", index), message))
            continue
        pairs.setdefault(pair, index)
        if tie.kind is InfluenceKind.CONFLICT:
            conflicts[pair] = index
        else:
            directed[tie.source, tie.target] = index
    return problems


def _relationship_problems(
    ties: tuple[Relationship, ...], first: dict[str, int]
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for index, tie in enumerate(ties):
        if tie.stakeholder not in first:
            message = f"unknown stakeholder {tie.stakeholder!r}"
            problems.append(Problem(("relationships", index, "stakeholder"), message))
        if tie.member in first:
            message = f"{tie.member!r} is a stakeholder id; team member ids must differ"
            problems.append(Problem(("relationships", index, "member"), message))
        key = (tie.member, tie.stakeholder)
        if key in seen:
            message = (
                f"a second relationship between {tie.member!r} and "
                f"{tie.stakeholder!r} (first at relationships[{seen[key]}])"
            )
            problems.append(Problem(("relationships", index), message))
        else:
            seen[key] = index
    return problems


# --- tabular import ------------------------------------------------------------


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _enum_cell(kind: type[E], cell: object) -> E:
    if isinstance(cell, kind):
        return cell
    if not isinstance(cell, str):
        message = f"expected text, got {type(cell).__name__}"
        raise TypeError(message)
    key = "_".join(cell.strip().lower().replace("-", " ").split())
    for member in kind:
        if key in {member.value, member.name.lower()}:
            return member
    allowed = ", ".join(repr(m.value) for m in kind)
    message = f"unknown {kind.__name__} {cell!r} (expected one of {allowed})"
    raise ValueError(message)


def _attitude_cell(cell: object) -> Attitude:
    if isinstance(cell, str):
        by_score = {str(a.score): a for a in Attitude} | {
            f"+{a.score}": a for a in Attitude if a.score > 0
        }
        if cell.strip() in by_score:
            return by_score[cell.strip()]
    return _enum_cell(Attitude, cell)


def _roles_cell(cell: object) -> tuple[BuyingRole, ...]:
    if not isinstance(cell, str):
        message = f"expected text, got {type(cell).__name__}"
        raise TypeError(message)
    parts = [part for part in cell.replace(",", ";").split(";") if part.strip()]
    return tuple(_enum_cell(BuyingRole, part) for part in parts)


def _number_cell(cell: object) -> Decimal:
    if isinstance(cell, Decimal | int) and not isinstance(cell, bool):
        return Decimal(cell)
    if not isinstance(cell, str):
        message = f"expected a decimal number as text, got {type(cell).__name__}"
        raise TypeError(message)
    try:
        return Decimal(cell.strip())
    except InvalidOperation as err:
        message = f"not a number: {cell!r}"
        raise ValueError(message) from err


def _date_cell(cell: object) -> date:
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        message = f"expected an ISO 8601 date, got {type(cell).__name__}"
        raise TypeError(message)
    try:
        return date.fromisoformat(cell.strip())
    except ValueError as err:
        message = f"expected an ISO 8601 date (YYYY-MM-DD), got {cell!r}"
        raise ValueError(message) from err


_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def _bool_cell(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, str) and cell.strip().lower() in _TRUE | _FALSE:
        return cell.strip().lower() in _TRUE
    message = f"expected true or false, got {cell!r}"
    raise ValueError(message)


def _text_cell(cell: object) -> str:
    if not isinstance(cell, str):
        message = f"expected text, got {type(cell).__name__}"
        raise TypeError(message)
    return cell.strip()


_PARSERS: dict[str, Any] = {
    "roles": _roles_cell,
    "attitude": _attitude_cell,
    "political_status": lambda cell: _enum_cell(PoliticalStatus, cell),
    "orientation": lambda cell: _enum_cell(DecisionOrientation, cell),
    "kind": lambda cell: _enum_cell(InfluenceKind, cell),
    "level": lambda cell: _enum_cell(RelationshipLevel, cell),
    "desired_level": lambda cell: _enum_cell(RelationshipLevel, cell),
    "power": _number_cell,
    "interest": _number_cell,
    "strength": _number_cell,
    "confirmed_on": _date_cell,
    "last_contact_on": _date_cell,
    "departed": _bool_cell,
}

R = TypeVar("R", Stakeholder, Influence, Relationship)


def _row_values(
    row: object,
    where: tuple[str, int],
    columns: dict[str, bool],
    problems: list[Problem],
    *,
    strict: bool,
) -> dict[str, object] | None:
    """Parse one row's cells; ``None`` (with the problems noted) if any is bad.

    ``columns`` maps each field name to whether the record requires it.
    """
    if not isinstance(row, Mapping):
        message = f"expected a mapping of column to value, got {type(row).__name__}"
        problems.append(Problem(where, message))
        return None
    found = len(problems)
    values: dict[str, object] = {}
    for column, cell in row.items():
        if column not in columns:
            if strict:
                problems.append(Problem(where, f"unknown column {column!r}"))
        elif not _blank(cell):
            parse = _PARSERS.get(column, _text_cell)
            try:
                values[column] = parse(cell)
            except (TypeError, ValueError) as err:
                problems.append(Problem((*where, column), str(err)))
    missing = [
        name for name, required in columns.items() if required and name not in values
    ]
    if missing:
        problems.append(Problem(where, f"missing value(s) for {', '.join(missing)}"))
    return values if len(problems) == found else None


def _records(
    kind: type[R],
    table: str,
    rows: Iterable[Row],
    problems: list[Problem],
    strict: bool,  # noqa: FBT001 - a private helper
) -> tuple[R, ...]:
    columns = {f.name: f.default is attrs.NOTHING for f in attrs.fields(kind)}
    records: list[R] = []
    for index, row in enumerate(rows):
        where = (table, index)
        values = _row_values(row, where, columns, problems, strict=strict)
        if values is None:
            continue
        try:
            records.append(kind(**typing.cast("dict[str, Any]", values)))
        except ValidationError as err:
            problems.extend(problem.within(where) for problem in err.problems)
    return tuple(records)
