"""The people on a stakeholder map, how they influence each other, and our ties.

Three records: :class:`Stakeholder` (someone in the client's organisation),
:class:`Influence` (one person's sway over another, or a conflict between them)
and :class:`Relationship` (one of our team members and a stakeholder), with the
scales they use: :class:`BuyingRole`, :class:`Attitude`,
:class:`PoliticalStatus`, :class:`DecisionOrientation`, :class:`InfluenceKind`
and :class:`RelationshipLevel`.
"""

import enum
from datetime import date
from typing import Any

import attrs

from accountkit._validators import (
    boolean,
    identifier,
    member_of,
    optional_date,
    real_number,
    text,
)
from accountkit.errors import ValidationError

__all__ = [
    "Attitude",
    "BuyingRole",
    "DecisionOrientation",
    "Influence",
    "InfluenceKind",
    "PoliticalStatus",
    "Relationship",
    "RelationshipLevel",
    "Stakeholder",
    "unit_float",
]


class BuyingRole(enum.Enum):
    """A part a person plays in the client's buying decisions.

    The roles of Miller Heiman's buying influences (economic, technical, user
    buyer and coach), of MEDDICC (economic buyer, champion) and of relationship
    mapping tools (decision maker, approver), plus procurement and gatekeeper.
    A person may hold several.
    """

    ECONOMIC_BUYER = "economic_buyer"
    """Releases the money and has the final say on it."""
    DECISION_MAKER = "decision_maker"
    """Makes the decision the economic buyer signs off."""
    APPROVER = "approver"
    """Must approve, and can veto, the decision (a board, a CFO, legal)."""
    TECHNICAL_BUYER = "technical_buyer"
    """Screens options against specifications; can say no, cannot say yes."""
    USER_BUYER = "user_buyer"
    """Uses or supervises the use of what is bought."""
    PROCUREMENT = "procurement"
    """Runs the commercial process: tenders, terms, price."""
    GATEKEEPER = "gatekeeper"
    """Controls access to other people."""
    INFLUENCER = "influencer"
    """Has no formal part in the decision but is listened to."""
    CHAMPION = "champion"
    """Has power and sells our case inside the client when we are not there."""
    COACH = "coach"
    """Guides us through the client's organisation and buying process."""


DECISION_ROLES = frozenset(
    {BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER, BuyingRole.APPROVER}
)
"""The roles that make, fund or can veto a decision."""

CHAMPION_ROLES = frozenset({BuyingRole.CHAMPION, BuyingRole.COACH})
"""The roles that argue for us inside the client."""


class Attitude(enum.Enum):
    """How a person stands towards us, on an ordered scale from -2 to +2.

    Compare attitudes through :attr:`score` (``a.score > 0`` is supportive).
    """

    CHAMPION = "champion"
    """+2: prefers us and argues for us."""
    SUPPORTER = "supporter"
    """+1: favours us."""
    NEUTRAL = "neutral"
    """0: no preference, or unknown."""
    SKEPTIC = "skeptic"
    """-1: doubts us or favours another option."""
    BLOCKER = "blocker"
    """-2: works against us."""

    @property
    def score(self) -> int:
        """The attitude as a number, from +2 (champion) down to -2 (blocker).

        Examples
        --------
        >>> [a.score for a in Attitude]
        [2, 1, 0, -1, -2]
        """
        return _ATTITUDE_SCORES[self]


_ATTITUDE_SCORES = {
    Attitude.CHAMPION: 2,
    Attitude.SUPPORTER: 1,
    Attitude.NEUTRAL: 0,
    Attitude.SKEPTIC: -1,
    Attitude.BLOCKER: -2,
}


class PoliticalStatus(enum.Enum):
    """Where a person stands in the client's informal power structure.

    The three levels of Altify's relationship maps; people in the inner circle
    or the political structure are key players.
    """

    INNER_CIRCLE = "inner_circle"
    """Controls outcomes and decides what happens."""
    POLITICAL_STRUCTURE = "political_structure"
    """Trusted by the inner circle to make things happen."""
    OUTSIDE = "outside"
    """Outside the power structure: is told what happened."""


class DecisionOrientation(enum.Enum):
    """What weighs most when a person decides (Altify's account map attribute)."""

    FINANCIAL = "financial"
    """Cost, return and budget."""
    TECHNICAL = "technical"
    """How well it works and fits."""
    RELATIONSHIP = "relationship"
    """Who they know and trust."""
    BUSINESS = "business"
    """The business outcome it serves."""


class InfluenceKind(enum.Enum):
    """Whether a tie between two stakeholders is influence or conflict."""

    INFLUENCE = "influence"
    """The source's view carries weight with the target."""
    CONFLICT = "conflict"
    """The two work against each other; the tie carries no influence."""


class RelationshipLevel(enum.Enum):
    """How a stakeholder sees one of our team: the four rungs of the ladder.

    Ordered from :attr:`VENDOR` up to :attr:`TRUSTED_ADVISOR`; compare rungs
    through :attr:`rank`.
    """

    VENDOR = "vendor"
    """Rung 0: a supplier whose product may be relevant."""
    CREDIBLE_SOURCE = "credible_source"
    """Rung 1: meets or exceeds expectations consistently."""
    PROBLEM_SOLVER = "problem_solver"
    """Rung 2: proactively solves the client's existing problems."""
    TRUSTED_ADVISOR = "trusted_advisor"
    """Rung 3: explores emerging needs with the client in confidence."""

    @property
    def rank(self) -> int:
        """The rung, from 0 (vendor) to 3 (trusted advisor).

        Examples
        --------
        >>> RelationshipLevel.PROBLEM_SOLVER.rank
        2
        """
        return _LADDER.index(self)


_LADDER = tuple(RelationshipLevel)


def unit_float(
    value: object, *, where: str, path: str | tuple[str | int, ...], low_open: bool
) -> float:
    """Return ``value`` as a float in [0, 1] (or (0, 1] when ``low_open``).

    ``int``, ``float`` and ``Decimal`` are accepted; ``bool``, strings, NaN and
    values out of range are a :class:`~accountkit.errors.ValidationError`.
    """
    return real_number(value, where=where, path=path, low=0, high=1, low_open=low_open)


def _optional_unit(value: object, where: str, path: str) -> float | None:
    return (
        None
        if value is None
        else unit_float(value, where=where, path=path, low_open=False)
    )


def _power(value: object) -> float | None:
    return _optional_unit(value, "Stakeholder", "power")


def _interest(value: object) -> float | None:
    return _optional_unit(value, "Stakeholder", "interest")


def _roles(_: "Stakeholder", attribute: "attrs.Attribute[Any]", value: object) -> None:
    if not isinstance(value, tuple):
        message = f"expected a tuple of BuyingRole, got {type(value).__name__}"
        raise ValidationError(message, path=attribute.name, root="Stakeholder")
    seen: set[BuyingRole] = set()
    for index, role in enumerate(value):
        if not isinstance(role, BuyingRole):
            message = f"expected a BuyingRole, got {role!r}"
            raise ValidationError(message, path=("roles", index), root="Stakeholder")
        if role in seen:
            message = f"{role.value} is listed twice"
            raise ValidationError(message, path=("roles", index), root="Stakeholder")
        seen.add(role)


def _optional(
    kind: type[enum.Enum],
) -> Any:  # noqa: ANN401 - an attrs validator
    return attrs.validators.optional(member_of(kind))


@attrs.frozen(kw_only=True)
class Stakeholder:
    """A person in the client's organisation who matters to the account.

    Parameters
    ----------
    id
        A stable key (the CRM contact id); influences and relationships refer
        to it.
    name, title, unit
        Who they are, their job title and their organisational unit.
    reports_to
        The id of their line manager on the map, if the manager is on it.
    roles
        The parts they play in buying decisions (none, one or several).
    attitude
        How they stand towards us.
    political_status
        Where they stand in the informal power structure, if assessed.
    orientation
        What weighs most when they decide, if known.
    power, interest
        Formal power over, and interest in, our work, each in [0, 1], for a
        Mendelow grid; ``None`` when not assessed.
    confirmed_on
        When someone last confirmed this entry is right.
    departed
        They have left the client (or the role): kept for history, left out of
        every analysis, and a red flag if they were our champion.

    Raises
    ------
    ValidationError
        If a field is out of range, a role is listed twice, or the person is
        their own manager.

    Examples
    --------
    >>> cfo = Stakeholder(id="cfo", name="Dana Reyes", title="CFO",
    ...                   roles=(BuyingRole.ECONOMIC_BUYER,),
    ...                   attitude=Attitude.SUPPORTER, power=0.9, interest=0.4)
    >>> cfo.attitude.score
    1
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text)
    title: str = attrs.field(default="", validator=text)
    unit: str = attrs.field(default="", validator=text)
    reports_to: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )
    roles: tuple[BuyingRole, ...] = attrs.field(default=(), validator=_roles)
    attitude: Attitude = attrs.field(
        default=Attitude.NEUTRAL, validator=member_of(Attitude)
    )
    political_status: PoliticalStatus | None = attrs.field(
        default=None, validator=_optional(PoliticalStatus)
    )
    orientation: DecisionOrientation | None = attrs.field(
        default=None, validator=_optional(DecisionOrientation)
    )
    power: float | None = attrs.field(default=None, converter=_power)
    interest: float | None = attrs.field(default=None, converter=_interest)
    confirmed_on: date | None = attrs.field(default=None, validator=optional_date)
    departed: bool = attrs.field(default=False, validator=boolean)

    def __attrs_post_init__(self) -> None:
        if self.reports_to == self.id:
            message = f"{self.id!r} cannot report to themselves"
            raise ValidationError(message, path="reports_to", root="Stakeholder")

    @property
    def is_decision_maker(self) -> bool:
        """Whether they make, fund or can veto the decision (see ``DECISION_ROLES``).

        Examples
        --------
        >>> approver = Stakeholder(id="a", name="A", roles=(BuyingRole.APPROVER,))
        >>> approver.is_decision_maker
        True
        """
        return not DECISION_ROLES.isdisjoint(self.roles)

    @property
    def is_champion(self) -> bool:
        """Whether they argue for us (a champion or coach role, or attitude).

        Examples
        --------
        >>> Stakeholder(id="a", name="A", attitude=Attitude.CHAMPION).is_champion
        True
        """
        return self.attitude is Attitude.CHAMPION or not CHAMPION_ROLES.isdisjoint(
            self.roles
        )


def _strength_open(value: object) -> float:
    return unit_float(value, where="Influence", path="strength", low_open=True)


@attrs.frozen(kw_only=True)
class Influence:
    """The ``source`` person's sway over the ``target`` person.

    The target *defers to* the source: influence analyses pass the target's
    standing on to the source. A :attr:`InfluenceKind.CONFLICT` tie records
    that the two work against each other instead and carries no influence.

    Parameters
    ----------
    source, target
        Stakeholder ids.
    strength
        How strong the tie is, in (0, 1]: 1 means the target does what the
        source says; 0.2 means the source is one voice among several.
    kind
        Influence (the default) or conflict.

    Examples
    --------
    >>> Influence(source="cfo", target="cio", strength=0.6).kind
    <InfluenceKind.INFLUENCE: 'influence'>
    """

    source: str = attrs.field(validator=identifier)
    target: str = attrs.field(validator=identifier)
    strength: float = attrs.field(converter=_strength_open)
    kind: InfluenceKind = attrs.field(
        default=InfluenceKind.INFLUENCE, validator=member_of(InfluenceKind)
    )


def _strength_closed(value: object) -> float:
    return unit_float(value, where="Relationship", path="strength", low_open=False)


@attrs.frozen(kw_only=True)
class Relationship:
    """One of our team members' relationship with a stakeholder.

    Parameters
    ----------
    member
        Our team member's id (never a stakeholder id).
    stakeholder
        The stakeholder's id.
    strength
        How strong the tie is, in [0, 1]; 0 records that they have met but
        have no relationship to speak of.
    level
        Where the stakeholder puts us on the ladder, today.
    desired_level
        Where we want to be; ``None`` when today's level is enough.
    last_contact_on
        When they last interacted; ``None`` if never.

    Examples
    --------
    >>> tie = Relationship(member="ana", stakeholder="cio", strength=0.7,
    ...                    level=RelationshipLevel.CREDIBLE_SOURCE,
    ...                    desired_level=RelationshipLevel.TRUSTED_ADVISOR)
    >>> tie.gap
    2
    """

    member: str = attrs.field(validator=identifier)
    stakeholder: str = attrs.field(validator=identifier)
    strength: float = attrs.field(converter=_strength_closed)
    level: RelationshipLevel = attrs.field(
        default=RelationshipLevel.VENDOR, validator=member_of(RelationshipLevel)
    )
    desired_level: RelationshipLevel | None = attrs.field(
        default=None, validator=_optional(RelationshipLevel)
    )
    last_contact_on: date | None = attrs.field(default=None, validator=optional_date)

    @property
    def gap(self) -> int:
        """Rungs between today's level and the desired one (0 if none wanted)."""
        if self.desired_level is None:
            return 0
        return max(self.desired_level.rank - self.level.rank, 0)
