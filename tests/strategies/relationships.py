"""Strategies for accountkit.relationships: stakeholder maps and their analyses."""

from datetime import date, timedelta

import attrs
from hypothesis import strategies as st

from accountkit.relationships import (
    Alignment,
    Attitude,
    BlockerRisk,
    BrokerScores,
    BuyingRole,
    ConnectionRisk,
    Cover,
    Coverage,
    DecisionOrientation,
    Influence,
    InfluenceKind,
    InfluenceScores,
    KeyPlayer,
    MendelowPlacement,
    PoliticalStatus,
    RedFlag,
    Relationship,
    RelationshipLevel,
    RoleCover,
    ScoreExplanation,
    Stakeholder,
    StakeholderMap,
    Threading,
    WarmPath,
    alignment,
    broker_scores,
    connection_risks,
    coverage,
    influence_scores,
    katz_scores,
    mendelow_grid,
    red_flags,
)

__all__ = ["person_ids", "stakeholder_maps", "strengths"]

strengths = st.floats(min_value=0.01, max_value=1.0) | st.just(1.0)
"""Tie strengths in (0, 1], 1 itself included."""
unit = st.floats(min_value=0.0, max_value=1.0)
days = st.integers(0, 720).map(lambda n: date(2025, 1, 1) + timedelta(days=n))
person_ids = st.integers(0, 99).map(lambda n: f"p{n}")


@st.composite
def stakeholders(
    draw: st.DrawFn, person: str = "p0", managers: tuple[str, ...] = ()
) -> Stakeholder:
    return Stakeholder(
        id=person,
        name=draw(st.sampled_from(["Ada Lee", "Ben Okafor", "Chen Wu", ""])),
        title=draw(st.sampled_from(["", "CIO", "Head of Procurement"])),
        unit=draw(st.sampled_from(["", "IT", "Finance"])),
        reports_to=draw(st.none() | st.sampled_from(managers)) if managers else None,
        roles=tuple(draw(st.sets(st.sampled_from(BuyingRole), max_size=2))),
        attitude=draw(st.sampled_from(Attitude)),
        political_status=draw(st.none() | st.sampled_from(PoliticalStatus)),
        orientation=draw(st.none() | st.sampled_from(DecisionOrientation)),
        power=draw(st.none() | unit),
        interest=draw(st.none() | unit),
        confirmed_on=draw(st.none() | days),
        departed=draw(st.sampled_from([False, False, False, True])),
    )


@st.composite
def relationships(
    draw: st.DrawFn, member: str = "t0", person: str = "p0"
) -> Relationship:
    return Relationship(
        member=member,
        stakeholder=person,
        strength=draw(unit),
        level=draw(st.sampled_from(RelationshipLevel)),
        desired_level=draw(st.none() | st.sampled_from(RelationshipLevel)),
        last_contact_on=draw(st.none() | days),
    )


@st.composite
def stakeholder_maps(
    draw: st.DrawFn,
    *,
    min_people: int = 0,
    max_people: int = 8,
    departures: bool = True,
    conflicts: bool = True,
) -> StakeholderMap:
    """Draw a valid map: reporting lines only to earlier people (no cycles),
    at most one tie per pair of people, team ids distinct from stakeholder ids.
    """
    n = draw(st.integers(min_people, max_people))
    ids = [f"p{i}" for i in range(n)]
    people = [draw(stakeholders(ids[i], tuple(ids[:i]))) for i in range(n)]
    if not departures:
        people = [attrs.evolve(person, departed=False) for person in people]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = draw(
        st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([])
    )
    shapes = ["forward", "backward", "both"] + (["conflict"] if conflicts else [])
    ties: list[Influence] = []
    for a, b in chosen:
        shape = draw(st.sampled_from(shapes))
        if shape == "conflict":
            ties.append(
                Influence(
                    source=a,
                    target=b,
                    strength=draw(strengths),
                    kind=InfluenceKind.CONFLICT,
                )
            )
            continue
        if shape in {"forward", "both"}:
            ties.append(Influence(source=a, target=b, strength=draw(strengths)))
        if shape in {"backward", "both"}:
            ties.append(Influence(source=b, target=a, strength=draw(strengths)))
    team = [f"t{i}" for i in range(draw(st.integers(0, 3)))]
    links = [(m, p) for m in team for p in ids]
    ours = draw(st.lists(st.sampled_from(links), unique=True) if links else st.just([]))
    return StakeholderMap(
        stakeholders=tuple(people),
        influences=tuple(draw(st.permutations(ties))),
        relationships=tuple(draw(relationships(m, p)) for m, p in ours),
    )


peopled_maps = stakeholder_maps(min_people=1, departures=False)
"""Maps with at least one present person, for the analyses that need one."""

st.register_type_strategy(Stakeholder, stakeholders(managers=("p1", "p2")))
st.register_type_strategy(
    Influence,
    st.builds(
        Influence,
        source=st.just("p0"),
        target=st.just("p1"),
        strength=strengths,
        kind=st.sampled_from(InfluenceKind),
    ),
)
st.register_type_strategy(Relationship, relationships())
st.register_type_strategy(StakeholderMap, stakeholder_maps())

pagerank = peopled_maps.map(influence_scores)
st.register_type_strategy(InfluenceScores, pagerank | peopled_maps.map(katz_scores))
st.register_type_strategy(
    ScoreExplanation,
    pagerank.map(lambda scores: scores.explain(next(iter(scores.scores)))),
)
st.register_type_strategy(
    Alignment,
    peopled_maps.map(lambda m: alignment(m, on=[m.stakeholders[0].id])),
)
st.register_type_strategy(
    BlockerRisk,
    st.builds(
        BlockerRisk,
        stakeholder=person_ids,
        influence=unit,
        severity=unit,
        risk=unit,
        reasons=st.tuples(st.just("attitude blocker")),
    ),
)
coverages = peopled_maps.map(coverage)
st.register_type_strategy(Coverage, coverages)
st.register_type_strategy(
    RoleCover, coverages.filter(lambda c: c.roles).map(lambda c: c.roles[0])
)
st.register_type_strategy(
    KeyPlayer,
    st.builds(
        KeyPlayer,
        stakeholder=person_ids,
        reasons=st.just(("decision role",)),
        influence=unit,
        attitude=st.integers(-2, 2),
        cover=st.sampled_from(Cover),
        members=st.tuples(st.just("t0")),
    ),
)
st.register_type_strategy(
    Threading,
    st.builds(Threading, stakeholder=person_ids, members=st.tuples(st.just("t0"))),
)
st.register_type_strategy(
    ConnectionRisk,
    peopled_maps.map(lambda m: connection_risks(m, targets=[m.stakeholders[0].id])[0]),
)
st.register_type_strategy(
    WarmPath,
    st.builds(
        WarmPath,
        people=st.just(("t0", "p1", "p0")),
        strengths=st.tuples(strengths, strengths),
        width=strengths,
        strength=strengths,
        weakest=st.integers(0, 1),
    ),
)
st.register_type_strategy(BrokerScores, peopled_maps.map(broker_scores))
st.register_type_strategy(
    RedFlag,
    st.builds(lambda m, d: red_flags(m, as_of=d), stakeholder_maps(), days)
    .filter(bool)
    .map(lambda flags: flags[0]),
)
st.register_type_strategy(
    MendelowPlacement, peopled_maps.map(lambda m: mendelow_grid(m)[0])
)
