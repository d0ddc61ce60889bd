"""Key players, coverage buckets, map status and multi-threading."""

import pytest

from accountkit.errors import ValidationError
from accountkit.relationships import (
    Attitude,
    BuyingRole,
    Cover,
    Influence,
    PoliticalStatus,
    Relationship,
    Stakeholder,
    StakeholderMap,
    coverage,
    key_players,
    multithreading,
)


def person(pid: str, *roles: BuyingRole, **fields: object) -> Stakeholder:
    return Stakeholder(id=pid, name=pid, roles=roles, **fields)  # type: ignore[arg-type]


def ours(member: str, pid: str, strength: float = 0.6) -> Relationship:
    return Relationship(member=member, stakeholder=pid, strength=strength)


def test_key_players_come_from_roles_status_and_influence():
    """Five people; d, e and f defer fully to the hub h. Without ties each
    would score 1/5; h collects three votes, so h scores well above 1.5 / 5
    = 0.3 (networkx gives 0.546...), everyone else below."""
    m = StakeholderMap(
        stakeholders=(
            person("cfo", BuyingRole.ECONOMIC_BUYER),
            person("vp", political_status=PoliticalStatus.INNER_CIRCLE),
            person("h"),
            person("d"),
            person("e"),
            person("f"),
            person("out", political_status=PoliticalStatus.OUTSIDE),
        ),
        influences=tuple(Influence(source="h", target=t, strength=1.0) for t in "def"),
    )
    found = {k.stakeholder: k.reasons for k in key_players(m)}
    assert found == {
        "cfo": ("decision role",),
        "vp": ("political status",),
        "h": ("influence",),
    }


def test_a_high_ratio_leaves_only_the_formal_key_players():
    m = StakeholderMap(
        stakeholders=(person("cfo", BuyingRole.APPROVER), person("h"), person("d")),
        influences=(Influence(source="h", target="d", strength=1.0),),
    )
    assert [k.stakeholder for k in key_players(m, influence_ratio=3)] == ["cfo"]


def test_cover_buckets():
    m = StakeholderMap(
        stakeholders=(
            person("fan", BuyingRole.DECISION_MAKER, attitude=Attitude.SUPPORTER),
            person("cool", BuyingRole.DECISION_MAKER, attitude=Attitude.NEUTRAL),
            person("far", BuyingRole.DECISION_MAKER, attitude=Attitude.CHAMPION),
        ),
        relationships=(
            ours("ana", "fan"),
            ours("raj", "fan", 0.9),
            ours("ana", "cool"),
            ours("ana", "far", 0.0),
        ),
    )
    players = {k.stakeholder: k for k in key_players(m)}
    assert players["fan"].cover is Cover.SUPPORTIVE
    assert players["fan"].members == ("raj", "ana")
    assert players["cool"].cover is Cover.SOME_COVER
    # A relationship of strength 0 is a name in the CRM, not cover.
    assert players["far"].cover is Cover.NO_COVER
    assert players["far"].members == ()


def _status(*relationships: Relationship, attitude: Attitude = Attitude.NEUTRAL) -> int:
    m = StakeholderMap(
        stakeholders=(
            person("cfo", BuyingRole.ECONOMIC_BUYER, attitude=attitude),
            person("pm"),
        ),
        relationships=relationships,
    )
    return coverage(m).status


def test_map_status_runs_from_no_contacts_to_supportive_key_players():
    assert _status() == 0
    assert _status(ours("ana", "cfo", 0.0)) == 0
    assert _status(ours("ana", "pm")) == 1
    assert _status(ours("ana", "cfo")) == 2
    assert _status(ours("ana", "cfo"), attitude=Attitude.SUPPORTER) == 3


def test_coverage_names_the_missing_roles_and_the_champions():
    m = StakeholderMap(
        stakeholders=(
            person("cfo", BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER),
            person("arch", BuyingRole.TECHNICAL_BUYER, BuyingRole.COACH),
            person("gone", BuyingRole.CHAMPION, departed=True),
        )
    )
    report = coverage(m)
    assert [(r.role, r.stakeholders) for r in report.roles] == [
        (BuyingRole.ECONOMIC_BUYER, ("cfo",)),
        (BuyingRole.DECISION_MAKER, ("cfo",)),
        (BuyingRole.TECHNICAL_BUYER, ("arch",)),
        (BuyingRole.USER_BUYER, ()),
        (BuyingRole.CHAMPION, ()),
    ]
    assert report.missing_roles == (BuyingRole.USER_BUYER, BuyingRole.CHAMPION)
    assert report.champions == ("arch",)
    assert report.has_champion


def test_required_roles_can_be_chosen():
    m = StakeholderMap(stakeholders=(person("p", BuyingRole.PROCUREMENT),))
    report = coverage(
        m, required_roles=[BuyingRole.PROCUREMENT, BuyingRole.PROCUREMENT]
    )
    assert report.missing_roles == ()
    assert len(report.roles) == 1
    with pytest.raises(
        ValidationError, match=r"^coverage\.required_roles\[0\]: expected a BuyingRole"
    ):
        coverage(m, required_roles=["procurement"])  # type: ignore[list-item]


def test_multithreading_counts_strong_relationships_only():
    m = StakeholderMap(
        stakeholders=(
            person("cio", BuyingRole.DECISION_MAKER),
            person("cfo", BuyingRole.ECONOMIC_BUYER),
        ),
        relationships=(
            ours("ana", "cio", 0.5),
            ours("raj", "cio", 0.8),
            ours("lee", "cio", 0.49),
            ours("ana", "cfo", 0.9),
        ),
    )
    threads = {t.stakeholder: t for t in multithreading(m)}
    assert threads["cio"].members == ("raj", "ana")
    assert (threads["cio"].threads, threads["cio"].single_threaded) == (2, False)
    assert threads["cfo"].single_threaded
    assert multithreading(m, min_strength=0.85)[0].members == ()


def test_bad_options_are_named():
    m = StakeholderMap(stakeholders=(person("a"),))
    with pytest.raises(
        ValidationError, match=r"^multithreading\.min_strength: must be in \[0, 1\]"
    ):
        multithreading(m, min_strength=2)
    with pytest.raises(
        ValidationError,
        match=r"^key_players\.influence_ratio: expected a number of 0 or more",
    ):
        key_players(m, influence_ratio=-1)
    with pytest.raises(
        ValidationError, match=r"^coverage\.board: the map has nobody on it"
    ):
        coverage(StakeholderMap())


def test_a_champions_attitude_holds_the_champion_role():
    m = StakeholderMap(
        stakeholders=(
            person("fan", attitude=Attitude.CHAMPION),
            person("coach", BuyingRole.COACH),
        )
    )
    report = coverage(m, required_roles=[BuyingRole.CHAMPION, BuyingRole.COACH])
    assert [(r.role, r.stakeholders) for r in report.roles] == [
        (BuyingRole.CHAMPION, ("fan",)),
        (BuyingRole.COACH, ("coach",)),
    ]
    assert report.champions == ("fan", "coach")
