"""Coverage: who the key players are, whom we reach, and how many of us reach them.

Key players are the people a relationship map must cover: the decision makers
(economic buyer, decision maker, approver), the inner circle and political
structure (Altify's political status), and anyone whose influence score is
well above the map's average.
"""

import enum
from collections.abc import Iterable

import attrs

from accountkit._checked import checked
from accountkit.errors import ValidationError
from accountkit.relationships._graph import MapView, view_of
from accountkit.relationships._influence import InfluenceScores, pagerank_view
from accountkit.relationships._map import StakeholderMap
from accountkit.relationships._people import (
    DECISION_ROLES,
    Attitude,
    BuyingRole,
    PoliticalStatus,
    Stakeholder,
    unit_float,
)

__all__ = [
    "DEFAULT_REQUIRED_ROLES",
    "Cover",
    "Coverage",
    "KeyPlayer",
    "RoleCover",
    "Threading",
    "coverage",
    "key_players",
    "multithreading",
]

DEFAULT_REQUIRED_ROLES = (
    BuyingRole.ECONOMIC_BUYER,
    BuyingRole.DECISION_MAKER,
    BuyingRole.TECHNICAL_BUYER,
    BuyingRole.USER_BUYER,
    BuyingRole.CHAMPION,
)
"""The roles a complete map names someone for, after Miller Heiman's buying
influences and MEDDICC."""

DEFAULT_INFLUENCE_RATIO = 1.5
"""Someone whose influence is at least this many times the map's average
(``1 / people``) is a key player."""

DEFAULT_THREAD_STRENGTH = 0.5
"""A relationship at least this strong counts as a thread."""

_KEY_STATUSES = frozenset(
    {PoliticalStatus.INNER_CIRCLE, PoliticalStatus.POLITICAL_STRUCTURE}
)


class Cover(enum.Enum):
    """How well we cover a key player."""

    SUPPORTIVE = "supportive"
    """We have a relationship with them and they favour us (attitude above 0)."""
    SOME_COVER = "some_cover"
    """We have a relationship with them, but they are neutral or against us."""
    NO_COVER = "no_cover"
    """Nobody on our team has a relationship with them."""


@attrs.frozen(kw_only=True)
class KeyPlayer:
    """A person the map must cover, why, and how well we do."""

    stakeholder: str
    reasons: tuple[str, ...]
    """Why they are key: ``"decision role"``, ``"political status"``,
    ``"influence"``."""
    influence: float
    """Their influence score (capped PageRank over the whole map)."""
    attitude: int
    """Their attitude score, -2 to +2."""
    cover: Cover
    members: tuple[str, ...]
    """Our team members with a relationship of strength above 0 with them,
    strongest first."""


@attrs.frozen(kw_only=True)
class RoleCover:
    """Who holds one buying role (empty when nobody does).

    A champion's attitude counts as holding the champion role: MEDDICC's
    champion is someone with power who sells for us, whatever the CRM's role
    field says.
    """

    role: BuyingRole
    stakeholders: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Coverage:
    """How completely the map covers the buying roles and the key players.

    ``status`` is the map's maturity from 0 to 3:

    - 0: no contacts (nobody on our team has a relationship above 0);
    - 1: contacts, but no key player among them;
    - 2: key players covered, but none of them supportive;
    - 3: at least one supportive key player.
    """

    roles: tuple[RoleCover, ...]
    missing_roles: tuple[BuyingRole, ...]
    key_players: tuple[KeyPlayer, ...]
    status: int
    status_reason: str
    champions: tuple[str, ...]
    """Present stakeholders who argue for us: a champion or coach role, or a
    champion's attitude."""

    @property
    def has_champion(self) -> bool:
        """Whether someone on the map (not departed) champions or coaches us."""
        return bool(self.champions)


@attrs.frozen(kw_only=True)
class Threading:
    """How many of our team hold a strong relationship with one key player."""

    stakeholder: str
    members: tuple[str, ...]
    """Team members whose relationship is at least the threshold, strongest
    first."""

    @property
    def threads(self) -> int:
        """The number of strong relationships."""
        return len(self.members)

    @property
    def single_threaded(self) -> bool:
        """Whether losing one team member (or fewer) loses the relationship."""
        return len(self.members) <= 1


def _ratio(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        message = f"expected a number of 0 or more, got {value!r}"
        raise ValidationError(message, path="influence_ratio", root=where)
    return float(value)


def _key_reasons(
    view: MapView, scores: InfluenceScores, ratio: float
) -> dict[str, tuple[str, ...]]:
    threshold = ratio / len(view.people)
    found: dict[str, tuple[str, ...]] = {}
    for person in view.people:
        record = view.records[person]
        reasons = []
        if not DECISION_ROLES.isdisjoint(record.roles):
            reasons.append("decision role")
        if record.political_status in _KEY_STATUSES:
            reasons.append("political status")
        if scores.scores[person] >= threshold:
            reasons.append("influence")
        if reasons:
            found[person] = tuple(reasons)
    return found


def _members_of(view: MapView, person: str, minimum: float) -> tuple[str, ...]:
    ties = [t for t in view.ties if t.stakeholder == person and t.strength >= minimum]
    ties = [t for t in ties if t.strength > 0]
    ties.sort(key=lambda t: (-t.strength, t.member))
    return tuple(t.member for t in ties)


@checked
def key_players(
    board: StakeholderMap, *, influence_ratio: float = DEFAULT_INFLUENCE_RATIO
) -> tuple[KeyPlayer, ...]:
    """Return the people the map must cover, in map order, with their cover.

    A key player holds a decision role (economic buyer, decision maker,
    approver), is in the inner circle or the political structure, or has an
    influence score (capped PageRank) of at least ``influence_ratio`` times
    the average, ``1 / people``. Departed stakeholders are never key players.

    Raises
    ------
    ValidationError
        If the map has nobody on it or ``influence_ratio`` is negative.

    Examples
    --------
    >>> from accountkit.relationships import (
    ...     Attitude, BuyingRole, Relationship, Stakeholder, StakeholderMap)
    >>> board = StakeholderMap(
    ...     stakeholders=(
    ...         Stakeholder(id="cfo", name="Cfo", roles=(BuyingRole.ECONOMIC_BUYER,),
    ...                     attitude=Attitude.SUPPORTER),
    ...         Stakeholder(id="pm", name="Pm")),
    ...     relationships=(
    ...         Relationship(member="ana", stakeholder="cfo", strength=0.6),))
    >>> [(k.stakeholder, k.reasons, k.cover.value) for k in key_players(board)]
    [('cfo', ('decision role',), 'supportive')]
    """
    where = "key_players"
    view = view_of(board, where=where)
    scores = pagerank_view(view, where=where)
    return _key_players(view, scores, _ratio(influence_ratio, where))


def _key_players(
    view: MapView, scores: InfluenceScores, ratio: float
) -> tuple[KeyPlayer, ...]:
    players = []
    for person, reasons in _key_reasons(view, scores, ratio).items():
        members = _members_of(view, person, 0.0)
        attitude = view.records[person].attitude.score
        if not members:
            cover = Cover.NO_COVER
        elif attitude > 0:
            cover = Cover.SUPPORTIVE
        else:
            cover = Cover.SOME_COVER
        players.append(
            KeyPlayer(
                stakeholder=person,
                reasons=reasons,
                influence=scores.scores[person],
                attitude=attitude,
                cover=cover,
                members=members,
            )
        )
    return tuple(players)


def _roles(value: Iterable[BuyingRole], where: str) -> tuple[BuyingRole, ...]:
    roles = tuple(value)
    for position, role in enumerate(roles):
        if not isinstance(role, BuyingRole):
            message = f"expected a BuyingRole, got {role!r}"
            raise ValidationError(
                message, path=("required_roles", position), root=where
            )
    return tuple(dict.fromkeys(roles))


def _holds(person: Stakeholder, role: BuyingRole) -> bool:
    return role in person.roles or (
        role is BuyingRole.CHAMPION and person.attitude is Attitude.CHAMPION
    )


@checked
def coverage(
    board: StakeholderMap,
    *,
    required_roles: Iterable[BuyingRole] = DEFAULT_REQUIRED_ROLES,
    influence_ratio: float = DEFAULT_INFLUENCE_RATIO,
) -> Coverage:
    """Report the named buying roles, the key players' cover and the map's status.

    The status runs from 0 (no contacts) to 3 (a supportive key player).

    Parameters
    ----------
    board
        The map; departed stakeholders are left out.
    required_roles
        The roles a complete map names someone for.
    influence_ratio
        See :func:`key_players`.

    Raises
    ------
    ValidationError
        If the map has nobody on it, or an option is invalid.

    Notes
    -----
    The buckets and the status follow relationship-mapping practice (Altify's
    relationship map: key players by political status and support, coverage
    by contact). A key player is *supportive* when we have a relationship with
    them (strength above 0) and their attitude is above neutral, *some cover*
    when we have one and they are neutral or against us, *no cover* when we
    have none.

    Examples
    --------
    >>> from accountkit.relationships import (
    ...     Attitude, BuyingRole, Relationship, Stakeholder, StakeholderMap)
    >>> board = StakeholderMap(
    ...     stakeholders=(
    ...         Stakeholder(id="cfo", name="Cfo", roles=(BuyingRole.ECONOMIC_BUYER,)),
    ...         Stakeholder(id="lead", name="Lead", roles=(BuyingRole.COACH,),
    ...                     attitude=Attitude.CHAMPION)),
    ...     relationships=(
    ...         Relationship(member="ana", stakeholder="cfo", strength=0.4),))
    >>> report = coverage(board)
    >>> report.status, report.status_reason
    (2, 'key players are covered, but none of them is supportive')
    >>> [role.value for role in report.missing_roles]
    ['decision_maker', 'technical_buyer', 'user_buyer']
    >>> report.champions
    ('lead',)
    """
    where = "coverage"
    view = view_of(board, where=where)
    roles = _roles(required_roles, where)
    scores = pagerank_view(view, where=where)
    players = _key_players(view, scores, _ratio(influence_ratio, where))
    holders = tuple(
        RoleCover(
            role=role,
            stakeholders=tuple(p for p in view.people if _holds(view.records[p], role)),
        )
        for role in roles
    )
    contacts = any(t.strength > 0 for t in view.ties)
    covered = [k for k in players if k.cover is not Cover.NO_COVER]
    if not contacts:
        status, reason = 0, "nobody on our team has a relationship on the map"
    elif not covered:
        status, reason = 1, "we have contacts, but no key player among them"
    elif not any(k.cover is Cover.SUPPORTIVE for k in covered):
        status, reason = 2, "key players are covered, but none of them is supportive"
    else:
        status, reason = 3, "at least one covered key player supports us"
    return Coverage(
        roles=holders,
        missing_roles=tuple(h.role for h in holders if not h.stakeholders),
        key_players=players,
        status=status,
        status_reason=reason,
        champions=tuple(p for p in view.people if view.records[p].is_champion),
    )


@checked
def multithreading(
    board: StakeholderMap,
    *,
    min_strength: float = DEFAULT_THREAD_STRENGTH,
    influence_ratio: float = DEFAULT_INFLUENCE_RATIO,
) -> tuple[Threading, ...]:
    """Count, for each key player, our team members with a strong relationship.

    One thread is a single point of failure: if that team member leaves or
    falls out with the stakeholder, the relationship goes with them.

    Parameters
    ----------
    board
        The map.
    min_strength
        The relationship strength, in [0, 1], that counts as a thread.
    influence_ratio
        See :func:`key_players`.

    Examples
    --------
    >>> from accountkit.relationships import (
    ...     BuyingRole, Relationship, Stakeholder, StakeholderMap)
    >>> board = StakeholderMap(
    ...     stakeholders=(Stakeholder(id="cio", name="Cio",
    ...                               roles=(BuyingRole.DECISION_MAKER,)),),
    ...     relationships=(Relationship(member="ana", stakeholder="cio", strength=0.9),
    ...                    Relationship(member="raj", stakeholder="cio", strength=0.3)))
    >>> [(t.stakeholder, t.members, t.single_threaded) for t in multithreading(board)]
    [('cio', ('ana',), True)]
    """
    where = "multithreading"
    view = view_of(board, where=where)
    minimum = unit_float(min_strength, where=where, path="min_strength", low_open=False)
    scores = pagerank_view(view, where=where)
    reasons = _key_reasons(view, scores, _ratio(influence_ratio, where))
    return tuple(
        Threading(stakeholder=person, members=_members_of(view, person, minimum))
        for person in reasons
    )
