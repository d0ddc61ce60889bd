"""One map seen as graphs.

Index arrays for the influence kernels, and the undirected "who knows whom"
graph the connection analyses walk.

Departed stakeholders are left out here, so every analysis leaves them out.
"""

from collections.abc import Iterable
from itertools import compress
from operator import attrgetter

import attrs
import numpy as np
from numpy.typing import NDArray

from accountkit.errors import ValidationError
from accountkit.relationships._map import StakeholderMap
from accountkit.relationships._people import InfluenceKind, Relationship, Stakeholder

__all__ = ["MapView", "check_people", "knows_graph", "view_of"]

_INFLUENCE = InfluenceKind.INFLUENCE
_SOURCE = attrgetter("source")
_TARGET = attrgetter("target")
_STRENGTH = attrgetter("strength")
_KIND = attrgetter("kind")


@attrs.frozen(eq=False)
class MapView:
    """The present (not departed) people of a map, indexed."""

    people: tuple[str, ...]
    index: dict[str, int]
    records: dict[str, Stakeholder]
    influencer: NDArray[np.intp]
    """Per influence tie, the index of the person whose view carries weight."""
    influenced: NDArray[np.intp]
    """Per influence tie, the index of the person who defers."""
    strength: NDArray[np.float64]
    conflicts: tuple[tuple[str, str, float], ...]
    team: tuple[str, ...]
    ties: tuple[Relationship, ...]
    """Our relationships with present stakeholders."""
    departed: frozenset[str]
    board: StakeholderMap
    """The map indexed (frozen: what is derived from it can be kept)."""


def view_of(board: object, *, where: str, require_people: bool = True) -> MapView:
    """Index the present people of ``board`` and their ties.

    Raises
    ------
    ValidationError
        If ``board`` is not a :class:`StakeholderMap`, or (with
        ``require_people``) it has nobody on it who has not departed.
    """
    if not isinstance(board, StakeholderMap):
        message = f"expected a StakeholderMap, got {type(board).__name__}"
        raise ValidationError(message, path="board", root=where)
    records = {p.id: p for p in board.stakeholders if not p.departed}
    if require_people and not records:
        message = "the map has nobody on it (every stakeholder departed, or none)"
        raise ValidationError(message, path="board", root=where)
    people = tuple(records)
    index = {person: i for i, person in enumerate(people)}
    # Reading 10**5 ties of a portfolio is the slow part of scoring it: read
    # each field across all ties with C-level map() calls.
    ties_all = board.influences
    source_ids = list(map(_SOURCE, ties_all))
    target_ids = list(map(_TARGET, ties_all))
    sources = list(map(index.get, source_ids))
    targets = list(map(index.get, target_ids))
    strengths = list(map(_STRENGTH, ties_all))
    kinds = list(map(_KIND, ties_all))
    conflicts: list[tuple[str, str, float]] = []
    if None in sources or None in targets or kinds.count(_INFLUENCE) != len(kinds):
        keep = [
            s is not None and t is not None and k is _INFLUENCE
            for s, t, k in zip(sources, targets, kinds, strict=True)
        ]
        conflicts = [
            (a, b, w)
            for a, b, w, s, t, k in zip(
                source_ids,
                target_ids,
                strengths,
                sources,
                targets,
                kinds,
                strict=True,
            )
            if s is not None and t is not None and k is not _INFLUENCE
        ]
        sources = list(compress(sources, keep))
        targets = list(compress(targets, keep))
        strengths = list(compress(strengths, keep))
    ties = tuple(t for t in board.relationships if t.stakeholder in index)
    return MapView(
        people=people,
        index=index,
        records=records,
        influencer=np.array(sources, dtype=np.intp),
        influenced=np.array(targets, dtype=np.intp),
        strength=np.array(strengths, dtype=np.float64),
        conflicts=tuple(conflicts),
        team=tuple(dict.fromkeys(t.member for t in ties)),
        ties=ties,
        departed=frozenset(p.id for p in board.stakeholders if p.id not in records),
        board=board,
    )


def check_people(
    view: MapView, people: Iterable[object], *, where: str, path: str
) -> tuple[str, ...]:
    """Return ``people`` as ids of present stakeholders.

    Raises a ValidationError naming the first that is not one.
    """
    if isinstance(people, str):
        message = f"expected a collection of stakeholder ids, got the string {people!r}"
        raise ValidationError(message, path=path, root=where)
    found: list[str] = []
    for position, person in enumerate(people):
        if not isinstance(person, str) or person not in view.index:
            known = "departed" if person in view.departed else "unknown"
            message = f"{known} stakeholder {person!r}"
            raise ValidationError(message, path=(path, position), root=where)
        found.append(person)
    return tuple(dict.fromkeys(found))


def knows_graph(view: MapView) -> dict[str, dict[str, float]]:
    """Return who knows whom, undirected, with the strength of each tie.

    Team members are tied to the stakeholders they have a relationship of
    strength above zero with; stakeholders to each other by influence in
    either direction (the stronger, where both are recorded). Conflicts carry
    no introductions and are left out. Nodes are listed team first, then
    stakeholders, in map order; neighbours in the order their ties appear.
    """
    graph: dict[str, dict[str, float]] = {m: {} for m in view.team}
    graph.update({p: {} for p in view.people})
    for tie in view.ties:
        if tie.strength > 0:
            _link(graph, tie.member, tie.stakeholder, tie.strength)
    for a, b, strength in zip(
        view.influencer.tolist(),
        view.influenced.tolist(),
        view.strength.tolist(),
        strict=True,
    ):
        _link(graph, view.people[a], view.people[b], strength)
    return graph


def _link(graph: dict[str, dict[str, float]], a: str, b: str, strength: float) -> None:
    best = max(strength, graph[a].get(b, 0.0))
    graph[a][b] = best
    graph[b][a] = best
