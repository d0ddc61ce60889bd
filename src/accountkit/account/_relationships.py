"""The review's relationships area: stakeholder cover, support and surveys."""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from accountkit._checked import unchecked
from accountkit._validators import finite_float
from accountkit.account._basis import (
    YEAR_DAYS,
    Area,
    Flag,
    Priority,
    ReviewArea,
    Thresholds,
)
from accountkit.account._model import Account, SurveyKind
from accountkit.health import csat, nps
from accountkit.relationships import (
    Attitude,
    BlockerRisk,
    BuyingRole,
    FlagKind,
    RedFlag,
    Relationship,
    StakeholderMap,
    alignment,
    coverage,
    multithreading,
    red_flags,
)

__all__ = ["BLOCKER_SEVERITY", "RELATIONSHIPS", "MapPerson", "RelationshipPosition"]

BLOCKER_SEVERITY = 0.5
"""A blocker risk this severe or worse (a skeptic is 0.5, a blocker 1) is flagged."""


@attrs.frozen(kw_only=True)
class MapPerson:
    """One person on the stakeholder map as the review sees them.

    What a picture of the map needs: who they are, how they stand towards
    us, how much they weigh in the decision, and which of our team know them.
    """

    stakeholder: str
    """The stakeholder's id."""
    name: str
    title: str
    roles: tuple[BuyingRole, ...]
    attitude: Attitude
    influence: float = attrs.field(validator=finite_float("influence", low=0, high=1))
    """Their influence on the decision (the personalised PageRank of
    :func:`~accountkit.relationships.alignment`); the people's influences add
    up to 1, and someone with no path of influence to the decision has 0."""
    ties: tuple[Relationship, ...]
    """Our team's relationships with them, in the map's order."""


@attrs.frozen(kw_only=True)
class RelationshipPosition:
    """Stakeholder cover, support, threading and survey results.

    ``names`` maps every stakeholder id of the map to the person's name, so
    that what the review says can name people.
    """

    map_status: int | None
    status_reason: str
    support: float | None
    champions: tuple[str, ...]
    missing_roles: tuple[str, ...]
    single_threaded: tuple[str, ...]
    blockers: tuple[BlockerRisk, ...]
    """Who could block us, most risky first (see
    :func:`~accountkit.relationships.alignment`)."""
    flags: tuple[RedFlag, ...]
    nps: float | None
    nps_responses: int
    csat: float | None
    csat_responses: int
    surveys_recorded: bool
    """Whether the account records surveys at all (an empty list is recorded:
    no answers; none recorded says nothing about answers)."""
    names: dict[str, str] = attrs.field(factory=dict)
    people: tuple[MapPerson, ...] = ()
    """The present (not departed) people on the map, most influential on the
    decision first (ties in the map's order); empty without a map."""
    note: str = ""
    """Why the position could not be computed, when it could not (its
    measures are then missing); empty otherwise."""

    def name_of(self, stakeholder: str) -> str:
        """Return the stakeholder's name (the id when the map has no such id)."""
        return self.names.get(stakeholder, stakeholder)


def _position(
    account: Account, day: date, _: Mapping[str, Any]
) -> RelationshipPosition:
    since = day - timedelta(days=YEAR_DAYS)
    answers = {
        kind: [
            s.score
            for s in account.surveys or ()
            if s.kind is kind and since < s.answered_on <= day
        ]
        for kind in SurveyKind
    }
    promoters = unchecked(nps)(answers[SurveyKind.NPS])
    satisfied = unchecked(csat)(answers[SurveyKind.CSAT])
    unmapped = RelationshipPosition(
        map_status=None,
        status_reason="no stakeholder map",
        support=None,
        champions=(),
        missing_roles=(),
        single_threaded=(),
        blockers=(),
        flags=(),
        nps=promoters.value,
        nps_responses=promoters.responses,
        csat=satisfied.value,
        csat_responses=satisfied.responses,
        surveys_recorded=account.surveys is not None,
    )
    board = account.stakeholders
    if board is None or not board.stakeholders:
        return unmapped
    cover = unchecked(coverage)(board)
    aligned = unchecked(alignment)(board)
    return attrs.evolve(
        unmapped,
        map_status=cover.status,
        status_reason=cover.status_reason,
        support=aligned.support,
        champions=cover.champions,
        missing_roles=tuple(role.value for role in cover.missing_roles),
        single_threaded=tuple(
            t.stakeholder for t in unchecked(multithreading)(board) if t.single_threaded
        ),
        blockers=aligned.blocker_risks,
        flags=unchecked(red_flags)(board, as_of=day),
        names={person.id: person.name for person in board.stakeholders},
        people=_people(board, aligned.influence),
    )


def _people(
    board: StakeholderMap, influence: dict[str, float]
) -> tuple[MapPerson, ...]:
    ties: dict[str, list[Relationship]] = {}
    for tie in board.relationships:
        ties.setdefault(tie.stakeholder, []).append(tie)
    present = [
        MapPerson(
            stakeholder=person.id,
            name=person.name,
            title=person.title,
            roles=person.roles,
            attitude=person.attitude,
            influence=influence[person.id],
            ties=tuple(ties.get(person.id, ())),
        )
        for person in board.stakeholders
        if not person.departed
    ]
    return tuple(sorted(present, key=lambda p: -p.influence))


def _measures(people: RelationshipPosition) -> dict[str, object]:
    return {
        "nps": people.nps,
        "csat": people.csat,
        "alignment": people.support,
        "map_status": people.map_status,
        "single_threaded": None
        if people.map_status is None
        else len(people.single_threaded),
    }


_PRIORITY = {
    FlagKind.CHAMPION_DEPARTED: Priority.NOW,
    FlagKind.NO_ECONOMIC_BUYER: Priority.THIS_MONTH,
    FlagKind.NO_CHAMPION: Priority.THIS_MONTH,
    FlagKind.KEY_PLAYER_NOT_CONTACTED: Priority.THIS_MONTH,
    FlagKind.STALE_RELATIONSHIP: Priority.WATCH,
    FlagKind.UNCONFIRMED_ENTRY: Priority.WATCH,
    FlagKind.RELATIONSHIP_GAP: Priority.WATCH,
}


def _flags(
    _account: Account, _day: date, people: RelationshipPosition, _limits: Thresholds
) -> Iterable[Flag]:
    for red in people.flags:
        name = None if red.stakeholder is None else people.name_of(red.stakeholder)
        who = " and ".join(
            x for x in (name, None if red.member is None else f"our {red.member}") if x
        )
        shown = who and not (name and red.detail.startswith(name))
        yield Flag(
            priority=_PRIORITY[red.kind],
            area=Area.RELATIONSHIPS,
            code=f"relationships.{red.kind.value}",
            message=f"{who}: {red.detail}" if shown else red.detail,
            evidence=tuple(x for x in (red.stakeholder,) if x),
        )
    for blocker in people.blockers:
        if blocker.severity >= BLOCKER_SEVERITY:
            yield Flag(
                priority=Priority.THIS_MONTH,
                area=Area.RELATIONSHIPS,
                code="relationships.blocker",
                message=(
                    f"{people.name_of(blocker.stakeholder)} could block us "
                    f"({'; '.join(blocker.reasons)})"
                ),
                evidence=(blocker.stakeholder,),
            )
    if people.single_threaded:
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.RELATIONSHIPS,
            code="relationships.single_threaded",
            message="single-threaded key players: "
            + ", ".join(people.name_of(s) for s in people.single_threaded),
            evidence=people.single_threaded,
        )
    if people.nps is not None and people.nps < 0:
        yield Flag(
            priority=Priority.THIS_MONTH,
            area=Area.RELATIONSHIPS,
            code="relationships.nps_negative",
            message=(
                f"NPS is negative ({people.nps:+.0f} from "
                f"{people.nps_responses} answers)"
            ),
        )


RELATIONSHIPS = ReviewArea("relationships", _position, _measures, _flags)
"""Stakeholders, alignment, threading and surveys."""
