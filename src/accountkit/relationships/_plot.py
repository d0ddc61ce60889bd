"""Draw a stakeholder map with matplotlib (the optional ``plot`` extra)."""

import math
from typing import TYPE_CHECKING

from accountkit._checked import checked
from accountkit._plotting import axes_for
from accountkit.relationships._graph import MapView, view_of
from accountkit.relationships._influence import InfluenceScores, pagerank_view
from accountkit.relationships._map import StakeholderMap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["org_chart_layout", "plot_map"]

_ATTITUDE_COLOURS = {
    2: "#1a9850",
    1: "#91cf60",
    0: "#d9d9d9",
    -1: "#fc8d59",
    -2: "#d73027",
}
"""Champion green to blocker red (ColorBrewer's RdYlGn, colour-blind aware)."""
_TEAM_COLOUR = "#4575b4"
_CONFLICT_COLOUR = "#d73027"
_SMALLEST, _LARGEST = 300.0, 2400.0
"""Marker areas (points squared) of the least and the most influential person."""


@checked
def org_chart_layout(board: StakeholderMap) -> dict[str, tuple[float, float]]:
    """Place each present person on an org chart, and our team below it.

    Managers sit one row above their reports, centred over them; people whose
    manager is not on the map start a tree of their own, side by side in map
    order. Our team members sit on a row under the lowest row, each under the
    people they have relationships with. Rows are one unit apart, people one
    unit apart within a row.

    Returns
    -------
    dict
        ``(x, y)`` per stakeholder id and team member id; ``y`` is 0 for the
        top row and negative below it.

    Examples
    --------
    >>> from accountkit.relationships import Stakeholder, StakeholderMap
    >>> board = StakeholderMap(stakeholders=(
    ...     Stakeholder(id="ceo", name="Ceo"),
    ...     Stakeholder(id="cfo", name="Cfo", reports_to="ceo"),
    ...     Stakeholder(id="cio", name="Cio", reports_to="ceo")))
    >>> org_chart_layout(board)
    {'cfo': (0.0, -1.0), 'cio': (1.0, -1.0), 'ceo': (0.5, 0.0)}
    """
    view = view_of(board, where="org_chart_layout")
    return _layout(view)


def _layout(view: MapView) -> dict[str, tuple[float, float]]:
    reports: dict[str, list[str]] = {p: [] for p in view.people}
    roots = []
    for person in view.people:
        manager = view.records[person].reports_to
        if manager in reports:
            reports[manager].append(person)
        else:
            roots.append(person)
    place: dict[str, tuple[float, float]] = {}
    next_x = 0.0

    def put(person: str, depth: int) -> float:
        nonlocal next_x
        below = [put(child, depth + 1) for child in reports[person]]
        if below:
            x = (below[0] + below[-1]) / 2
        else:
            x, next_x = next_x, next_x + 1
        place[person] = (x, float(-depth))
        return x

    for root in roots:
        put(root, 0)
    bottom = min((y for _, y in place.values()), default=0.0) - 1.5
    wanted = {}
    for member in view.team:
        xs = [place[t.stakeholder][0] for t in view.ties if t.member == member]
        wanted[member] = sum(xs) / len(xs)
    order = sorted(view.team, key=lambda m: (wanted[m], m))
    width = max((x for x, _ in place.values()), default=0.0)
    step = width / max(len(order) - 1, 1) if len(order) > 1 else 0.0
    start = 0.0 if len(order) > 1 else width / 2
    for i, member in enumerate(order):
        place[member] = (start + i * step, bottom)
    return place


@checked
def plot_map(
    board: StakeholderMap,
    *,
    ax: "Axes | None" = None,
    scores: InfluenceScores | None = None,
    title: str = "",
) -> "Axes":
    """Draw the map as an org chart with its influence, conflicts and our ties.

    People are circles coloured by attitude (champion green to blocker red)
    and sized by influence score; arrows run from the person whose view
    carries weight to the person who defers, as thick as the tie is strong;
    conflicts are red dashes; grey lines are reporting lines; our team are
    blue squares on the bottom row, with dotted lines to the people they know
    (darker for stronger relationships).

    Parameters
    ----------
    board
        The map; departed stakeholders are left out.
    ax
        The axes to draw on; a new figure when not given.
    scores
        Influence scores to size people by; capped PageRank when not given.
    title
        A title for the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed (``pip install 'accountkit[plot]'``).
    ValidationError
        If the map has nobody on it.
    """
    where = "plot_map"

    view = view_of(board, where=where)
    sizes = (scores or pagerank_view(view, where=where)).scores
    place = _layout(view)
    ax = axes_for(ax, where=where, figsize=(10, 6.5), layout="constrained")
    from matplotlib.lines import Line2D  # noqa: PLC0415 - there once axes_for returns

    top = max(sizes.values()) or 1.0
    areas = {
        p: _SMALLEST + (_LARGEST - _SMALLEST) * sizes.get(p, 0.0) / top
        for p in view.people
    }
    _draw_lines(ax, view, place, areas)
    for person in view.people:
        record = view.records[person]
        x, y = place[person]
        area = areas[person]
        ax.scatter(
            [x],
            [y],
            s=area,
            color=_ATTITUDE_COLOURS[record.attitude.score],
            edgecolors="#333333",
            linewidths=1.5 if record.is_decision_maker else 0.5,
            zorder=3,
        )
        label = f"{record.name}\n{record.title}" if record.title else record.name
        ax.annotate(
            label,
            (x, y),
            xytext=(0, -24),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7,
            zorder=4,
        )
    for member in view.team:
        x, y = place[member]
        ax.scatter([x], [y], s=_SMALLEST, marker="s", color=_TEAM_COLOUR, zorder=3)
        ax.annotate(
            member,
            (x, y),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=7,
            color=_TEAM_COLOUR,
        )
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=name)
        for name, colour in (
            ("champion", _ATTITUDE_COLOURS[2]),
            ("supporter", _ATTITUDE_COLOURS[1]),
            ("neutral", _ATTITUDE_COLOURS[0]),
            ("skeptic", _ATTITUDE_COLOURS[-1]),
            ("blocker", _ATTITUDE_COLOURS[-2]),
        )
    ]
    handles.append(
        Line2D([], [], marker="s", linestyle="", color=_TEAM_COLOUR, label="our team")
    )
    ax.legend(handles=handles, loc="upper left", fontsize=7, frameon=False)
    ax.margins(0.12, 0.18)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def _draw_lines(
    ax: "Axes",
    view: MapView,
    place: dict[str, tuple[float, float]],
    areas: dict[str, float],
) -> None:
    # Arrows stop at the edge of each marker: its radius in points, plus a gap.
    edge = {person: math.sqrt(area / math.pi) + 2 for person, area in areas.items()}
    for person in view.people:
        manager = view.records[person].reports_to
        if manager in place:
            (x0, y0), (x1, y1) = place[manager], place[person]
            ax.plot([x0, x1], [y0, y1], color="#bbbbbb", linewidth=1, zorder=1)
    for a, b, strength in zip(
        view.influencer.tolist(),
        view.influenced.tolist(),
        view.strength.tolist(),
        strict=True,
    ):
        ax.annotate(
            "",
            xy=place[view.people[b]],
            xytext=place[view.people[a]],
            arrowprops={
                "arrowstyle": "-|>",
                "linewidth": 0.5 + 2.5 * strength,
                "color": "#555555",
                "shrinkA": edge[view.people[a]],
                "shrinkB": edge[view.people[b]],
                "mutation_scale": 14,
                "connectionstyle": "arc3,rad=0.15",
            },
            zorder=2,
        )
    for a, b, _ in view.conflicts:
        (x0, y0), (x1, y1) = place[a], place[b]
        ax.plot([x0, x1], [y0, y1], color=_CONFLICT_COLOUR, linestyle="--", zorder=2)
    for tie in view.ties:
        if tie.strength > 0:
            (x0, y0), (x1, y1) = place[tie.member], place[tie.stakeholder]
            ax.plot(
                [x0, x1],
                [y0, y1],
                color=_TEAM_COLOUR,
                linestyle=":",
                alpha=0.3 + 0.7 * tie.strength,
                zorder=1,
            )
