"""The Mendelow power-interest grid, with power informed by computed influence."""

import enum

import attrs

from accountkit._checked import checked
from accountkit.relationships._graph import view_of
from accountkit.relationships._influence import pagerank_view
from accountkit.relationships._map import StakeholderMap
from accountkit.relationships._people import unit_float

__all__ = ["MendelowPlacement", "Quadrant", "mendelow_grid"]


class Quadrant(enum.Enum):
    """The four quadrants of Mendelow's grid and the stance each calls for."""

    MANAGE_CLOSELY = "manage_closely"
    """High power, high interest: the key players; engage fully."""
    KEEP_SATISFIED = "keep_satisfied"
    """High power, low interest: meet their needs, do not overload them."""
    KEEP_INFORMED = "keep_informed"
    """Low power, high interest: keep them up to date; they can be allies."""
    MONITOR = "monitor"
    """Low power, low interest: watch, with minimal effort."""


@attrs.frozen(kw_only=True)
class MendelowPlacement:
    """Where one stakeholder sits on the grid, and from what."""

    stakeholder: str
    formal_power: float | None
    """The power entered on the map, if any."""
    influence: float
    """Their influence score relative to the most influential person (who has
    1)."""
    power: float
    """The power the grid uses (see :func:`mendelow_grid`)."""
    interest: float | None
    quadrant: Quadrant | None
    """``None`` when their interest has not been assessed."""


@checked
def mendelow_grid(
    board: StakeholderMap,
    *,
    power_threshold: float = 0.5,
    interest_threshold: float = 0.5,
    influence_weight: float = 0.5,
) -> tuple[MendelowPlacement, ...]:
    r"""Place each stakeholder in a quadrant of Mendelow's power-interest grid.

    Parameters
    ----------
    board
        The map; departed stakeholders are left out.
    power_threshold, interest_threshold
        Power or interest at or above these is high; each in [0, 1].
    influence_weight
        How much computed influence counts in the power, in [0, 1]: 0 uses
        the formal power alone, 1 the influence alone.

    Returns
    -------
    tuple of MendelowPlacement
        In map order.

    Raises
    ------
    ValidationError
        If the map has nobody on it or an option is outside [0, 1].

    Notes
    -----
    With :math:`f` the formal power entered on the map and :math:`r /
    r_{max}` the capped PageRank score relative to the highest,

    .. math:: \text{power} = (1 - w) f + w \, r / r_{max},

    or :math:`r / r_{max}` alone where no formal power was entered. Formal
    power says what the organisation chart grants; influence what the people
    around a person grant them. The grid and its quadrants are Mendelow's [#]_.

    References
    ----------
    .. [#] A. L. Mendelow, "Stakeholder mapping", Proceedings of the 2nd
       International Conference on Information Systems, Cambridge, MA, 1991.

    Examples
    --------
    >>> from accountkit.relationships import Influence, Stakeholder, StakeholderMap
    >>> board = StakeholderMap(
    ...     stakeholders=(Stakeholder(id="cfo", name="Cfo", power=0.9, interest=0.2),
    ...                   Stakeholder(id="pmo", name="Pmo", power=0.2, interest=0.9)),
    ...     influences=(Influence(source="cfo", target="pmo", strength=0.6),))
    >>> [(p.stakeholder, p.quadrant.value) for p in mendelow_grid(board)]
    [('cfo', 'keep_satisfied'), ('pmo', 'keep_informed')]
    """
    where = "mendelow_grid"
    view = view_of(board, where=where)
    power_high = unit_float(
        power_threshold, where=where, path="power_threshold", low_open=False
    )
    interest_high = unit_float(
        interest_threshold, where=where, path="interest_threshold", low_open=False
    )
    weight = unit_float(
        influence_weight, where=where, path="influence_weight", low_open=False
    )
    scores = pagerank_view(view, where=where).scores
    top = max(scores.values())
    placements = []
    for person in view.people:
        record = view.records[person]
        relative = scores[person] / top
        formal = record.power
        power = (
            relative if formal is None else (1 - weight) * formal + weight * relative
        )
        quadrant = None
        if record.interest is not None:
            quadrant = {
                (True, True): Quadrant.MANAGE_CLOSELY,
                (True, False): Quadrant.KEEP_SATISFIED,
                (False, True): Quadrant.KEEP_INFORMED,
                (False, False): Quadrant.MONITOR,
            }[power >= power_high, record.interest >= interest_high]
        placements.append(
            MendelowPlacement(
                stakeholder=person,
                formal_power=formal,
                influence=relative,
                power=power,
                interest=record.interest,
                quadrant=quadrant,
            )
        )
    return tuple(placements)
