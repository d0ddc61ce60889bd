"""Alignment: how the people who sway a decision stand towards us.

Also who could block it.
"""

from collections.abc import Iterable

import attrs

from accountkit._checked import checked
from accountkit.errors import ValidationError
from accountkit.relationships._graph import MapView, check_people, view_of
from accountkit.relationships._influence import DEFAULT_ALPHA, pagerank_view
from accountkit.relationships._map import StakeholderMap

__all__ = ["Alignment", "BlockerRisk", "alignment"]

_SCALE_TOP = 2
"""The attitude scale runs from -2 to +2."""


@attrs.frozen(kw_only=True)
class BlockerRisk:
    """Someone who could block the decision, and how much that matters."""

    stakeholder: str
    influence: float
    """Their influence on the decision (personalised PageRank)."""
    severity: float
    """How strongly they stand against us, in [0, 1]: the larger of
    ``-attitude / 2`` and the strength of a conflict with one of our
    champions."""
    risk: float
    """``influence * severity``: the ranking key."""
    reasons: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Alignment:
    """Influence-weighted support for us on one decision.

    ``support`` runs from -2 (everyone who matters is a blocker) to +2
    (everyone who matters champions us); 0 is balanced or neutral.
    """

    on: tuple[str, ...]
    """The decision makers whose decision it is."""
    support: float
    influence: dict[str, float]
    """Each person's influence on the decision; they add up to 1."""
    contributions: dict[str, float]
    """Each person's ``influence * attitude``, largest in size first; they add
    up to ``support``."""
    blocker_risks: tuple[BlockerRisk, ...]
    """Highest risk first."""


@checked
def alignment(
    board: StakeholderMap,
    *,
    on: Iterable[str] | None = None,
    alpha: float = DEFAULT_ALPHA,
) -> Alignment:
    r"""Weigh each person's attitude by their influence on a decision.

    Parameters
    ----------
    board
        The map; departed stakeholders are left out.
    on
        The people who make the decision; by default everyone holding a
        decision role (economic buyer, decision maker, approver).
    alpha
        The damping factor of the personalised PageRank.

    Returns
    -------
    Alignment
        The support score, each person's part in it, and the blocker risks.

    Raises
    ------
    ValidationError
        If the map has nobody on it, no decision makers are named or found,
        or ``on`` names someone unknown or departed.

    Notes
    -----
    With :math:`r` the capped PageRank personalised on the decision makers
    (influence *on* the decision: it collects at the decision makers and at
    the people they defer to, directly or not) and :math:`a_i \in [-2, 2]`
    the attitude scores,

    .. math:: \text{support} = \frac{\sum_i r_i a_i}{\sum_i r_i}
              = \sum_i r_i a_i .

    People with no path of influence to the decision have :math:`r_i = 0`
    and do not count. A blocker risk is :math:`r_i \cdot s_i` with severity
    :math:`s_i = \max(-a_i / 2,\ c_i)`, :math:`c_i` the strongest conflict
    between :math:`i` and one of our champions; people with severity 0 are
    not listed.

    Examples
    --------
    A CFO who decides, an IT director who sways her strongly and is against
    us, and a supportive procurement lead she barely listens to:

    >>> from accountkit.relationships import (Attitude, BuyingRole, Influence,
    ...     Stakeholder, StakeholderMap)
    >>> board = StakeholderMap(
    ...     stakeholders=(
    ...         Stakeholder(id="cfo", name="Cfo", roles=(BuyingRole.ECONOMIC_BUYER,)),
    ...         Stakeholder(id="itd", name="Itd", attitude=Attitude.BLOCKER),
    ...         Stakeholder(id="buy", name="Buy", attitude=Attitude.SUPPORTER)),
    ...     influences=(Influence(source="itd", target="cfo", strength=0.8),
    ...                 Influence(source="buy", target="cfo", strength=0.2)))
    >>> result = alignment(board)
    >>> round(result.support, 4)
    -0.6432
    >>> [(b.stakeholder, round(b.risk, 4), b.reasons) for b in result.blocker_risks]
    [('itd', 0.3676, ('attitude blocker',))]
    """
    where = "alignment"
    view = view_of(board, where=where)
    targets = _decision_makers(view, on, where)
    scores = pagerank_view(view, where=where, alpha=alpha, on=targets)
    influence = scores.scores
    contributions = {
        person: weight * view.records[person].attitude.score
        for person, weight in influence.items()
    }
    ordered = sorted(contributions.items(), key=lambda item: (-abs(item[1]), item[0]))
    return Alignment(
        on=targets,
        support=sum(contributions.values()) / sum(influence.values()),
        influence=influence,
        contributions=dict(ordered),
        blocker_risks=_blocker_risks(view, influence),
    )


def _decision_makers(
    view: MapView, on: Iterable[str] | None, where: str
) -> tuple[str, ...]:
    if on is not None:
        targets = check_people(view, on, where=where, path="on")
    else:
        targets = tuple(p for p in view.people if view.records[p].is_decision_maker)
    if not targets:
        message = (
            "nobody on the map holds a decision role (economic buyer, decision "
            "maker, approver); name the decision makers with on="
        )
        raise ValidationError(message, path="on", root=where)
    return targets


def _blocker_risks(
    view: MapView, influence: dict[str, float]
) -> tuple[BlockerRisk, ...]:
    champions = {p for p in view.people if view.records[p].is_champion}
    conflict: dict[str, tuple[float, str]] = {}
    for a, b, strength in view.conflicts:
        for person, other in ((a, b), (b, a)):
            if other in champions and strength > conflict.get(person, (0.0, ""))[0]:
                conflict[person] = (strength, other)
    risks = []
    for person in view.people:
        score = view.records[person].attitude.score
        reasons = []
        against = max(-score, 0) / _SCALE_TOP
        if against > 0:
            reasons.append(f"attitude {view.records[person].attitude.value}")
        strength, champion = conflict.get(person, (0.0, ""))
        if strength > 0:
            name = view.records[champion].name
            reasons.append(f"conflict with our champion {name} ({strength:g})")
        severity = max(against, strength)
        if severity > 0:
            risks.append(
                BlockerRisk(
                    stakeholder=person,
                    influence=influence[person],
                    severity=severity,
                    risk=influence[person] * severity,
                    reasons=tuple(reasons),
                )
            )
    risks.sort(key=lambda r: (-r.risk, r.stakeholder))
    return tuple(risks)
