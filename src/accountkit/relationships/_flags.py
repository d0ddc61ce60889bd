"""Red flags on a stakeholder map, as of a date."""

import enum
from datetime import date

import attrs

from accountkit._checked import checked
from accountkit.errors import ValidationError
from accountkit.periods import check_date
from accountkit.relationships._coverage import (
    DEFAULT_INFLUENCE_RATIO,
    _key_reasons,
    _ratio,
)
from accountkit.relationships._graph import MapView, view_of
from accountkit.relationships._influence import pagerank_view
from accountkit.relationships._map import StakeholderMap
from accountkit.relationships._people import BuyingRole

__all__ = ["FlagKind", "RedFlag", "red_flags"]

DEFAULT_STALE_DAYS = 90
"""A relationship not touched for longer than this is stale."""
DEFAULT_UNCONFIRMED_DAYS = 180
"""An entry not confirmed for longer than this may be out of date."""


class FlagKind(enum.Enum):
    """What a red flag is about; listed most serious first."""

    CHAMPION_DEPARTED = "champion_departed"
    """Our champion or coach has left: the leading controllable churn signal."""
    NO_ECONOMIC_BUYER = "no_economic_buyer"
    """Nobody on the map holds the purse."""
    NO_CHAMPION = "no_champion"
    """Nobody on the map argues for us."""
    KEY_PLAYER_NOT_CONTACTED = "key_player_not_contacted"
    """A key player nobody on our team has ever been in touch with."""
    STALE_RELATIONSHIP = "stale_relationship"
    """A relationship not touched for too long."""
    UNCONFIRMED_ENTRY = "unconfirmed_entry"
    """An entry nobody has confirmed for too long, or ever."""
    RELATIONSHIP_GAP = "relationship_gap"
    """A relationship below the level we want it at."""


@attrs.frozen(kw_only=True)
class RedFlag:
    """One thing wrong with the map, and whom it concerns."""

    kind: FlagKind
    detail: str
    stakeholder: str | None = None
    member: str | None = None
    days: int | None = None
    """How many days it has been (stale, unconfirmed), where that applies."""


def _days(value: object, name: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        message = f"expected a whole number of days, 0 or more, got {value!r}"
        raise ValidationError(message, path=name, root=where)
    return value


def _missing_people(board: StakeholderMap, view: MapView) -> list[RedFlag]:
    flags = [
        RedFlag(
            kind=FlagKind.CHAMPION_DEPARTED,
            stakeholder=person.id,
            detail=f"{person.name} argued for us and has left",
        )
        for person in board.stakeholders
        if person.departed and person.is_champion
    ]
    present = [view.records[p] for p in view.people]
    if not any(BuyingRole.ECONOMIC_BUYER in p.roles for p in present):
        flags.append(
            RedFlag(kind=FlagKind.NO_ECONOMIC_BUYER, detail="nobody holds the budget")
        )
    if not any(p.is_champion for p in present):
        flags.append(RedFlag(kind=FlagKind.NO_CHAMPION, detail="nobody argues for us"))
    return flags


def _uncontacted_key_players(
    view: MapView, day: date, ratio: float, where: str
) -> list[RedFlag]:
    if not view.people:
        return []
    contacted = {
        t.stakeholder
        for t in view.ties
        if t.last_contact_on is not None and t.last_contact_on <= day
    }
    scores = pagerank_view(view, where=where)
    return [
        RedFlag(
            kind=FlagKind.KEY_PLAYER_NOT_CONTACTED,
            stakeholder=person,
            detail=f"key player ({', '.join(reasons)}) never contacted",
        )
        for person, reasons in _key_reasons(view, scores, ratio).items()
        if person not in contacted
    ]


def _stale_relationships(view: MapView, day: date, stale: int) -> list[RedFlag]:
    return [
        RedFlag(
            kind=FlagKind.STALE_RELATIONSHIP,
            stakeholder=tie.stakeholder,
            member=tie.member,
            days=(day - tie.last_contact_on).days,
            detail=f"last contact {tie.last_contact_on.isoformat()}",
        )
        for tie in view.ties
        if tie.last_contact_on is not None
        and tie.last_contact_on <= day
        and (day - tie.last_contact_on).days > stale
    ]


def _unconfirmed_entries(view: MapView, day: date, unconfirmed: int) -> list[RedFlag]:
    flags = []
    for person in (view.records[p] for p in view.people):
        if person.confirmed_on is None:
            flags.append(
                RedFlag(
                    kind=FlagKind.UNCONFIRMED_ENTRY,
                    stakeholder=person.id,
                    detail="never confirmed",
                )
            )
        elif (age := (day - person.confirmed_on).days) > unconfirmed:
            flags.append(
                RedFlag(
                    kind=FlagKind.UNCONFIRMED_ENTRY,
                    stakeholder=person.id,
                    days=age,
                    detail=f"last confirmed {person.confirmed_on.isoformat()}",
                )
            )
    return flags


def _relationship_gaps(view: MapView) -> list[RedFlag]:
    return [
        RedFlag(
            kind=FlagKind.RELATIONSHIP_GAP,
            stakeholder=tie.stakeholder,
            member=tie.member,
            detail=(
                f"{tie.level.value} -> {tie.desired_level.value} "
                f"({tie.gap} rung{'s' if tie.gap > 1 else ''} to climb)"
            ),
        )
        for tie in view.ties
        if tie.desired_level is not None and tie.gap > 0
    ]


@checked
def red_flags(
    board: StakeholderMap,
    *,
    as_of: date,
    stale_after_days: int = DEFAULT_STALE_DAYS,
    unconfirmed_after_days: int = DEFAULT_UNCONFIRMED_DAYS,
    influence_ratio: float = DEFAULT_INFLUENCE_RATIO,
) -> tuple[RedFlag, ...]:
    """List what is wrong with the map on ``as_of``, most serious first.

    Parameters
    ----------
    board
        The map. Unlike the other analyses this one also looks at departed
        stakeholders (a departed champion is a flag) and works on a map with
        nobody on it (it reports the missing economic buyer and champion).
    as_of
        The day to judge by; contacts dated after it are ignored, so a past
        review can be rebuilt.
    stale_after_days
        A relationship whose last contact is more than this many days before
        ``as_of`` is stale.
    unconfirmed_after_days
        An entry confirmed more than this many days before ``as_of``, or
        never, is flagged.
    influence_ratio
        Who counts as a key player (see :func:`key_players`).

    Returns
    -------
    tuple of RedFlag
        By :class:`FlagKind` (most serious first), then in map order.

    Raises
    ------
    ValidationError
        If ``as_of`` is not a date or an option is out of range.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.relationships import (Attitude, BuyingRole, Relationship,
    ...     Stakeholder, StakeholderMap)
    >>> board = StakeholderMap(
    ...     stakeholders=(
    ...         Stakeholder(id="cfo", name="Cfo", roles=(BuyingRole.ECONOMIC_BUYER,),
    ...                     confirmed_on=date(2026, 9, 1)),
    ...         Stakeholder(id="old", name="Old", attitude=Attitude.CHAMPION,
    ...                     departed=True)),
    ...     relationships=(Relationship(member="ana", stakeholder="cfo", strength=0.5,
    ...                                 last_contact_on=date(2026, 6, 30)),))
    >>> for flag in red_flags(board, as_of=date(2026, 11, 23)):
    ...     print(flag.kind.value, flag.stakeholder, flag.days)
    champion_departed old None
    no_champion None None
    stale_relationship cfo 146
    """
    where = "red_flags"
    day = check_date(as_of, where=where, path="as_of")
    stale = _days(stale_after_days, "stale_after_days", where)
    unconfirmed = _days(unconfirmed_after_days, "unconfirmed_after_days", where)
    ratio = _ratio(influence_ratio, where)
    view = view_of(board, where=where, require_people=False)
    flags = [
        *_missing_people(board, view),
        *_uncontacted_key_players(view, day, ratio, where),
        *_stale_relationships(view, day, stale),
        *_unconfirmed_entries(view, day, unconfirmed),
        *_relationship_gaps(view),
    ]
    order = {kind: i for i, kind in enumerate(FlagKind)}
    people = {p.id: i for i, p in enumerate(board.stakeholders)}
    flags.sort(
        key=lambda f: (
            order[f.kind],
            people.get(f.stakeholder, -1) if f.stakeholder else -1,
            f.member or "",
        )
    )
    return tuple(flags)
