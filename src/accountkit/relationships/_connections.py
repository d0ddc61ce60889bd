"""Connections from our team to the client's people.

Independent paths, single points of failure, and warm introduction paths. All
of it walks the "who knows whom" graph: our team members are tied to the
stakeholders they have a relationship with (strength above 0), stakeholders to
each other by influence in either direction; conflicts carry no introductions.
A path starts at one of our team members and never passes through another (a
colleague can make the approach themselves).
"""

import heapq
import math
from collections import deque
from collections.abc import Iterable
from itertools import pairwise
from typing import NamedTuple

import attrs

from accountkit._checked import checked
from accountkit._validators import whole_number
from accountkit.errors import ValidationError
from accountkit.relationships._graph import MapView, check_people, view_of
from accountkit.relationships._map import StakeholderMap

__all__ = [
    "ConnectionRisk",
    "PathRank",
    "WarmPath",
    "connection_risks",
    "warm_paths",
]

Adjacency = dict[str, dict[str, float]]

_ROOT = "\x00team"
"""The virtual node tied to every team member with strength 1."""


def _directed(view: MapView, start: Iterable[str] | None = None) -> Adjacency:
    """Return the walkable graph: root -> members -> stakeholders <-> stakeholders."""
    members = view.team if start is None else tuple(start)
    graph: Adjacency = {_ROOT: dict.fromkeys(members, 1.0)}
    graph.update({m: {} for m in view.team})
    graph.update({p: {} for p in view.people})
    for tie in view.ties:
        if tie.strength > 0:
            graph[tie.member][tie.stakeholder] = tie.strength
    for a, b, strength in zip(
        view.influencer.tolist(),
        view.influenced.tolist(),
        view.strength.tolist(),
        strict=True,
    ):
        for one, other in (
            (view.people[a], view.people[b]),
            (view.people[b], view.people[a]),
        ):
            graph[one][other] = max(strength, graph[one].get(other, 0.0))
    return graph


# --- independent paths and cut people ---------------------------------------------


@attrs.frozen(kw_only=True)
class ConnectionRisk:
    """How safely our team reaches one decision maker.

    ``paths`` is the number of vertex-disjoint paths from our team to them (no
    person, on either side, shared by two paths): by Menger's theorem, the
    number of people who must be lost before we are cut off. ``critical`` are
    the people whose loss alone would cut us off.
    """

    stakeholder: str
    paths: int
    critical: tuple[str, ...]
    """Team members and client people on every path, in map order (team
    first); empty when ``paths`` is not 1."""

    @property
    def reachable(self) -> bool:
        """Whether any path reaches them at all."""
        return self.paths > 0


_Node = tuple[str, int]
"""A person's entry (0) or exit (1) in the split graph."""


class _Flow:
    """Unit-capacity max flow on the split graph.

    Each person ``v`` becomes ``(v, 0) -> (v, 1)`` of capacity 1, so paths
    share no one.
    """

    def __init__(self, graph: Adjacency, target: str) -> None:
        self.graph = graph
        self.target = target
        self.residual: dict[_Node, dict[_Node, int]] = {(_ROOT, 0): {}}
        for node, neighbours in graph.items():
            if node not in {_ROOT, target}:
                self._arc((node, 0), (node, 1))
            tail = (node, 0) if node == _ROOT else (node, 1)
            for other in neighbours:
                self._arc(tail, (other, 0))

    def _arc(self, u: _Node, v: _Node) -> None:
        self.residual.setdefault(u, {})[v] = 1
        self.residual.setdefault(v, {}).setdefault(u, 0)

    def _augment(self) -> bool:
        """Push one unit along a shortest residual path; False if none is left."""
        source, sink = (_ROOT, 0), (self.target, 0)
        parent: dict[_Node, _Node] = {source: source}
        queue = deque([source])
        while queue and sink not in parent:
            u = queue.popleft()
            for v, left in self.residual[u].items():
                if left > 0 and v not in parent:
                    parent[v] = u
                    queue.append(v)
        if sink not in parent:
            return False
        v = sink
        while v != source:
            u = parent[v]
            self.residual[u][v] -= 1
            self.residual[v][u] += 1
            v = u
        return True

    def paths(self) -> list[list[str]]:
        """Return a maximum set of vertex-disjoint root -> target paths."""
        while self._augment():
            pass
        # A person's exit carries the flow to exactly one next person (each
        # carries at most one unit); residual 0 on a forward arc means used.
        onward = {
            u[0]: v[0]
            for u, outs in self.residual.items()
            if u[1] == 1
            for v, left in outs.items()
            if v[1] == 0 and left == 0 and v[0] in self.graph[u[0]]
        }
        paths = []
        for member in self.graph[_ROOT]:
            if self.residual[(_ROOT, 0)][(member, 0)] == 0:
                path = [member]
                while path[-1] != self.target:
                    path.append(onward[path[-1]])
                paths.append(path)
        return paths


def _reaches(graph: Adjacency, target: str, without: str) -> bool:
    seen = {_ROOT, without}
    queue = deque([_ROOT])
    while queue:
        node = queue.popleft()
        for other in graph[node]:
            if other == target:
                return True
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return False


@checked
def connection_risks(
    board: StakeholderMap, *, targets: Iterable[str] | None = None
) -> tuple[ConnectionRisk, ...]:
    """Count independent paths to each decision maker, and who would cut us off.

    The paths run from our team; the critical people are those whose loss
    alone would cut us off.

    Parameters
    ----------
    board
        The map; departed stakeholders are left out.
    targets
        The people to reach; by default everyone holding a decision role
        (economic buyer, decision maker, approver), in map order.

    Returns
    -------
    tuple of ConnectionRisk
        One per target, in the order given.

    Raises
    ------
    ValidationError
        If the map has nobody on it or a target is unknown or departed.

    Notes
    -----
    The paths are counted as a maximum flow with unit vertex capacities from
    a source tied to every team member (Menger's theorem: the most
    vertex-disjoint paths equal the fewest people whose removal separates
    us) [#]_, augmenting along shortest paths [#]_. The critical people are
    the cut vertices between our team and the target: each person on the one
    path is removed in turn and the target searched for again.

    References
    ----------
    .. [#] K. Menger, "Zur allgemeinen Kurventheorie", Fundamenta
       Mathematicae 10, 1927.
    .. [#] J. Edmonds, R. M. Karp, "Theoretical improvements in algorithmic
       efficiency for network flow problems", Journal of the ACM 19(2), 1972.

    Examples
    --------
    Ana knows the IT director, who has the CIO's ear; nobody else reaches
    the CIO:

    >>> from accountkit.relationships import (BuyingRole, Influence, Relationship,
    ...     Stakeholder, StakeholderMap)
    >>> board = StakeholderMap(
    ...     stakeholders=(
    ...         Stakeholder(id="cio", name="Cio", roles=(BuyingRole.DECISION_MAKER,)),
    ...         Stakeholder(id="itd", name="Itd")),
    ...     influences=(Influence(source="itd", target="cio", strength=0.7),),
    ...     relationships=(
    ...         Relationship(member="ana", stakeholder="itd", strength=0.8),))
    >>> [(r.stakeholder, r.paths, r.critical) for r in connection_risks(board)]
    [('cio', 1, ('ana', 'itd'))]
    """
    where = "connection_risks"
    view = view_of(board, where=where)
    if targets is None:
        chosen = tuple(p for p in view.people if view.records[p].is_decision_maker)
    else:
        chosen = check_people(view, targets, where=where, path="targets")
    graph = _directed(view)
    risks = []
    for target in chosen:
        paths = _Flow(graph, target).paths()
        critical: tuple[str, ...] = ()
        if len(paths) == 1:
            order = {node: i for i, node in enumerate(graph)}
            on_path = sorted(paths[0][:-1], key=order.__getitem__)
            critical = tuple(n for n in on_path if not _reaches(graph, target, n))
        risks.append(
            ConnectionRisk(stakeholder=target, paths=len(paths), critical=critical)
        )
    return tuple(risks)


# --- warm introduction paths --------------------------------------------------------


class PathRank:
    """How :func:`warm_paths` ranks paths (a namespace of two strings)."""

    WIDEST = "widest"
    """By the weakest tie, higher first; among equals, by the product."""
    STRONGEST = "strongest"
    """By the product of the tie strengths, higher first."""


@attrs.frozen(kw_only=True)
class WarmPath:
    """A chain of introductions from one of our team to a stakeholder."""

    people: tuple[str, ...]
    """Our team member first, the target last."""
    strengths: tuple[float, ...]
    """The strength of each tie along the path (one fewer than people)."""
    width: float
    """The weakest tie's strength: the path is only as warm as that."""
    strength: float
    """The product of the tie strengths."""
    weakest: int
    """Where the weakest tie is (the first, if several): between
    ``people[weakest]`` and ``people[weakest + 1]``."""


# A path's label: the smaller the better, compared as tuples.
_Key = tuple[float, ...]


def _key(strengths: list[float], people: list[str], rank: str) -> tuple[object, ...]:
    product = math.prod(strengths)
    width = min(strengths, default=1.0)
    cost = -sum(math.log(s) for s in strengths)
    if rank == PathRank.WIDEST:
        return (-width, cost, len(people), tuple(people))
    return (cost, len(people), tuple(people), -product)


class _Search(NamedTuple):
    """One spur search of Yen's algorithm: where, and what it may not use."""

    graph: Adjacency
    target: str
    banned_nodes: set[str]
    banned_edges: set[tuple[str, str]]

    def allowed(self, node: str, other: str) -> bool:
        return other not in self.banned_nodes and (node, other) not in self.banned_edges


def _strongest(search: _Search, start: str, floor: float) -> list[str] | None:
    """Run Dijkstra on -log(strength) over ties of at least ``floor``.

    Ties in cost go to fewer hops, then to the earlier ids.
    """
    graph, target = search.graph, search.target
    heap: list[tuple[float, int, tuple[str, ...]]] = [(0.0, 0, (start,))]
    settled: set[str] = set()
    while heap:
        cost, hops, path = heapq.heappop(heap)
        node = path[-1]
        if node in settled:
            continue
        settled.add(node)
        if node == target:
            return list(path)
        for other, strength in graph[node].items():
            if other in settled or strength < floor or not search.allowed(node, other):
                continue
            heapq.heappush(heap, (cost - math.log(strength), hops + 1, (*path, other)))
    return None


def _widest_width(search: _Search, start: str) -> float | None:
    """Return the largest possible weakest tie on a path to the target.

    A max-min Dijkstra; ``None`` when no path reaches the target.
    """
    graph, target = search.graph, search.target
    best = {start: math.inf}
    heap = [(-math.inf, start)]
    while heap:
        negative, node = heapq.heappop(heap)
        width = -negative
        if node == target:
            return width
        if width < best.get(node, -1.0):
            continue
        for other, strength in graph[node].items():
            if not search.allowed(node, other):
                continue
            through = min(width, strength)
            if through > best.get(other, -1.0):
                best[other] = through
                heapq.heappush(heap, (-through, other))
    return None


def _best_spur(
    search: _Search, start: str, *, rank: str, cap: float
) -> list[str] | None:
    if rank == PathRank.STRONGEST:
        return _strongest(search, start, 0.0)
    width = _widest_width(search, start)
    if width is None:
        return None
    # The best total keeps the root's weakest tie ``cap``: any spur at least
    # min(width, cap) wide is as wide as the best, so take the strongest.
    return _strongest(search, start, min(width, cap))


def _ties(graph: Adjacency, path: list[str]) -> list[float]:
    return [graph[a][b] for a, b in pairwise(path)]


@checked
def warm_paths(
    board: StakeholderMap,
    target: str,
    *,
    k: int = 3,
    rank: str = PathRank.WIDEST,
    start: Iterable[str] | None = None,
) -> tuple[WarmPath, ...]:
    r"""Find the best chains of introductions from our team to ``target``.

    Parameters
    ----------
    board
        The map; departed stakeholders are left out.
    target
        The stakeholder to reach.
    k
        How many paths to return at most: the best and its next-best
        alternatives (each a different simple path).
    rank
        ``"widest"`` (the default): maximise the weakest tie, and among
        equally wide paths the product of the strengths; ``"strongest"``:
        maximise the product.
    start
        Our team members to start from; by default all of them.

    Returns
    -------
    tuple of WarmPath
        Best first; empty when no path reaches the target.

    Raises
    ------
    ValidationError
        If the map has nobody on it, the target is unknown or departed, a
        start is not a team member, ``k`` is below 1, or ``rank`` is unknown.

    Notes
    -----
    The strongest path maximises :math:`\prod_e s_e`, which is the shortest
    path for the lengths :math:`-\log s_e` (Dijkstra). The widest path
    maximises :math:`\min_e s_e`, the maximum capacity path [#]_ (a max-min
    Dijkstra gives the width :math:`w^*`); among the paths of width
    :math:`w^*` it takes the strongest, by running Dijkstra on the ties of
    at least :math:`w^*`.
    Alternatives come from Yen's algorithm [#]_, whose spur search keeps the
    root's weakest tie as a cap so that every candidate is the best
    completion of its root. Remaining ties in the ranking go to fewer hops,
    then to the earlier ids.

    References
    ----------
    .. [#] M. Pollack, "The maximum capacity through a network", Operations
       Research 8(5), 1960.
    .. [#] J. Y. Yen, "Finding the k shortest loopless paths in a network",
       Management Science 17(11), 1971.

    Examples
    --------
    >>> from accountkit.relationships import (Influence, Relationship, Stakeholder,
    ...     StakeholderMap)
    >>> people = tuple(Stakeholder(id=i, name=i) for i in ("cio", "itd", "pmo"))
    >>> board = StakeholderMap(stakeholders=people,
    ...     influences=(Influence(source="itd", target="cio", strength=0.5),
    ...                 Influence(source="pmo", target="cio", strength=0.9)),
    ...     relationships=(Relationship(member="ana", stakeholder="itd", strength=0.9),
    ...                    Relationship(member="raj", stakeholder="pmo", strength=0.6)))
    >>> [(p.people, p.width) for p in warm_paths(board, "cio")]
    [(('raj', 'pmo', 'cio'), 0.6), (('ana', 'itd', 'cio'), 0.5)]
    >>> strongest = warm_paths(board, "cio", rank="strongest")
    >>> [(p.people, round(p.strength, 2)) for p in strongest]
    [(('raj', 'pmo', 'cio'), 0.54), (('ana', 'itd', 'cio'), 0.45)]
    """
    where = "warm_paths"
    view = view_of(board, where=where)
    (goal,) = check_people(view, [target], where=where, path="target")
    count = whole_number(k, where=where, path="k", minimum=1)
    if rank not in {PathRank.WIDEST, PathRank.STRONGEST}:
        message = f"expected 'widest' or 'strongest', got {rank!r}"
        raise ValidationError(message, path="rank", root=where)
    members = _members(view, start, where)
    graph = _directed(view, members)
    found = _yen(graph, goal, count, rank)
    return tuple(_labelled(graph, path[1:]) for path in found)


def _members(view: MapView, start: Iterable[str] | None, where: str) -> tuple[str, ...]:
    if start is None:
        return view.team
    if isinstance(start, str):
        message = f"expected a collection of team member ids, got the string {start!r}"
        raise ValidationError(message, path="start", root=where)
    chosen = tuple(start)
    for position, member in enumerate(chosen):
        if member not in view.team:
            message = f"{member!r} is not one of our team members on this map"
            raise ValidationError(message, path=("start", position), root=where)
    return chosen


def _yen(graph: Adjacency, target: str, k: int, rank: str) -> list[list[str]]:
    first = _best_spur(
        _Search(graph, target, set(), set()), _ROOT, rank=rank, cap=math.inf
    )
    if first is None:
        return []
    found = [first]
    candidates: list[tuple[tuple[object, ...], list[str]]] = []
    seen = {tuple(first)}
    while len(found) < k:
        last = found[-1]
        for i in range(len(last) - 1):
            root = last[: i + 1]
            banned_edges = {
                (p[i], p[i + 1]) for p in found if len(p) > i + 1 and p[: i + 1] == root
            }
            banned_nodes = set(root[:-1])
            root_ties = _ties(graph, root)
            cap = min(root_ties, default=math.inf)
            search = _Search(graph, target, banned_nodes, banned_edges)
            spur = _best_spur(search, root[-1], rank=rank, cap=cap)
            if spur is None:
                continue
            path = root[:-1] + spur
            if tuple(path) in seen:
                continue
            seen.add(tuple(path))
            shown = path[1:]
            heapq.heappush(candidates, (_key(_ties(graph, path), shown, rank), path))
        if not candidates:
            break
        found.append(heapq.heappop(candidates)[1])
    return found


def _labelled(graph: Adjacency, people: list[str]) -> WarmPath:
    strengths = _ties(graph, people)
    width = min(strengths)
    at = strengths.index(width)
    return WarmPath(
        people=tuple(people),
        strengths=tuple(strengths),
        width=width,
        strength=math.prod(strengths),
        weakest=at,
    )
