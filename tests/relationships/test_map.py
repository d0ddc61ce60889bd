import sys
from datetime import date

import networkx as nx
import pytest

from accountkit.errors import MissingDependencyError, ValidationError
from accountkit.relationships import (
    Attitude,
    BuyingRole,
    Influence,
    InfluenceKind,
    Relationship,
    RelationshipLevel,
    Stakeholder,
    StakeholderMap,
)


def people(*ids: str, **managers: str) -> tuple[Stakeholder, ...]:
    return tuple(
        Stakeholder(id=i, name=i.upper(), reports_to=managers.get(i)) for i in ids
    )


def tie(source: str, target: str, strength: float = 0.5, *, conflict: bool = False):
    kind = InfluenceKind.CONFLICT if conflict else InfluenceKind.INFLUENCE
    return Influence(source=source, target=target, strength=strength, kind=kind)


def test_an_empty_map_is_valid():
    assert StakeholderMap().team == ()


def test_the_team_is_listed_in_order_of_first_appearance():
    board = StakeholderMap(
        stakeholders=people("a", "b"),
        relationships=(
            Relationship(member="raj", stakeholder="a", strength=0.5),
            Relationship(member="ana", stakeholder="a", strength=0.5),
            Relationship(member="raj", stakeholder="b", strength=0.5),
        ),
    )
    assert board.team == ("raj", "ana")


def test_an_influence_on_someone_not_on_the_map_names_its_path():
    with pytest.raises(ValidationError) as caught:
        StakeholderMap(stakeholders=people("a"), influences=(tie("a", "zz"),))
    assert str(caught.value) == (
        "StakeholderMap.influences[0].target: unknown stakeholder 'zz'"
    )


def test_nobody_influences_themselves():
    with pytest.raises(ValidationError) as caught:
        StakeholderMap(stakeholders=people("a"), influences=(tie("a", "a"),))
    assert str(caught.value) == (
        "StakeholderMap.influences[0].target: 'a' cannot influence themselves"
    )


def test_a_second_tie_for_the_same_ordered_pair_is_refused():
    with pytest.raises(ValidationError) as caught:
        StakeholderMap(
            stakeholders=people("a", "b"),
            influences=(tie("a", "b"), tie("a", "b", 0.9)),
        )
    assert str(caught.value) == (
        "StakeholderMap.influences[1]: a second tie between 'a' and 'b' "
        "(first at influences[0])"
    )


def test_influence_may_run_both_ways_between_two_people():
    board = StakeholderMap(
        stakeholders=people("a", "b"), influences=(tie("a", "b"), tie("b", "a"))
    )
    assert len(board.influences) == 2


@pytest.mark.parametrize(
    "ties",
    [
        (tie("a", "b", conflict=True), tie("b", "a")),
        (tie("a", "b"), tie("b", "a", conflict=True)),
        (tie("a", "b", conflict=True), tie("b", "a", conflict=True)),
    ],
    ids=["influence after conflict", "conflict after influence", "two conflicts"],
)
def test_a_conflict_is_the_only_tie_between_two_people(ties):
    with pytest.raises(ValidationError, match=r"influences\[1\]: a second tie between"):
        StakeholderMap(stakeholders=people("a", "b"), influences=ties)


def test_a_reporting_cycle_is_shown_in_full():
    with pytest.raises(ValidationError) as caught:
        StakeholderMap(stakeholders=people("a", "b", "c", a="c", b="a", c="b"))
    assert str(caught.value) == (
        "StakeholderMap.stakeholders[0].reports_to: reporting lines go round in a "
        "circle: a -> c -> b -> a"
    )


def test_a_chain_of_managers_is_not_a_cycle():
    board = StakeholderMap(
        stakeholders=people("ceo", "cio", "itd", cio="ceo", itd="cio")
    )
    assert board.stakeholder("itd").reports_to == "cio"


def test_a_manager_not_on_the_map_is_refused():
    with pytest.raises(ValidationError) as caught:
        StakeholderMap(stakeholders=people("a", a="boss"))
    assert str(caught.value) == (
        "StakeholderMap.stakeholders[0].reports_to: unknown stakeholder 'boss'"
    )


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as caught:
        StakeholderMap(
            stakeholders=(*people("a", "b"), Stakeholder(id="a", name="Again")),
            influences=(tie("a", "x"),),
            relationships=(
                Relationship(member="b", stakeholder="a", strength=0.5),
                Relationship(member="m", stakeholder="y", strength=0.5),
                Relationship(member="m", stakeholder="y", strength=0.2),
            ),
        )
    assert str(caught.value) == (
        "6 problems:\n"
        "  StakeholderMap.stakeholders[2].id: duplicate id 'a' (first at stakeholders[0])\n"
        "  StakeholderMap.influences[0].target: unknown stakeholder 'x'\n"
        "  StakeholderMap.relationships[0].member: 'b' is a stakeholder id; team member ids must differ\n"
        "  StakeholderMap.relationships[1].stakeholder: unknown stakeholder 'y'\n"
        "  StakeholderMap.relationships[2].stakeholder: unknown stakeholder 'y'\n"
        "  StakeholderMap.relationships[2]: a second relationship between 'm' and 'y' (first at relationships[1])"
    )


def test_the_fields_hold_records():
    with pytest.raises(
        ValidationError,
        match=r"^StakeholderMap\.stakeholders\[0\]: expected a Stakeholder, got dict",
    ):
        StakeholderMap(stakeholders=({"id": "a"},))  # type: ignore[arg-type]
    with pytest.raises(
        ValidationError, match=r"^StakeholderMap\.influences: expected a tuple"
    ):
        StakeholderMap(influences=[tie("a", "b")])  # type: ignore[arg-type]


def test_looking_up_an_unknown_stakeholder_is_a_validation_error():
    with pytest.raises(ValidationError, match=r"unknown stakeholder 'zz'"):
        StakeholderMap(stakeholders=people("a")).stakeholder("zz")


# --- tabular rows ---------------------------------------------------------------


def test_rows_as_a_crm_exports_them():
    board = StakeholderMap.from_rows(
        [
            {
                "id": "c1",
                "name": "Ada Lee",
                "title": " CFO ",
                "roles": "Economic Buyer, approver",
                "attitude": "+1",
                "political_status": "Inner Circle",
                "orientation": "FINANCIAL",
                "power": "0.9",
                "interest": "0.35",
                "confirmed_on": "2026-09-30",
                "departed": "no",
            },
            {"id": "c2", "name": "Ben", "reports_to": "c1", "attitude": "skeptic"},
            {"id": "c3", "name": "Old", "departed": "Yes", "roles": ""},
        ],
        [{"source": "c1", "target": "c2", "strength": "0.6", "kind": "conflict"}],
        [
            {
                "member": "ana",
                "stakeholder": "c1",
                "strength": "1",
                "level": "credible-source",
                "desired_level": "Trusted Advisor",
                "last_contact_on": "2026-10-02",
            }
        ],
    )
    cfo, ben, old = board.stakeholders
    assert cfo.title == "CFO"
    assert cfo.roles == (BuyingRole.ECONOMIC_BUYER, BuyingRole.APPROVER)
    assert cfo.attitude is Attitude.SUPPORTER
    assert (cfo.power, cfo.interest) == (0.9, 0.35)
    assert cfo.confirmed_on == date(2026, 9, 30)
    assert not cfo.departed
    assert (ben.reports_to, ben.attitude) == ("c1", Attitude.SKEPTIC)
    assert old.departed
    assert old.roles == ()
    assert board.influences[0].kind is InfluenceKind.CONFLICT
    ours = board.relationships[0]
    assert (ours.strength, ours.level, ours.desired_level) == (
        1.0,
        RelationshipLevel.CREDIBLE_SOURCE,
        RelationshipLevel.TRUSTED_ADVISOR,
    )


def test_bad_cells_are_all_reported_with_their_paths():
    with pytest.raises(ValidationError) as caught:
        StakeholderMap.from_rows(
            [
                {"id": "a", "name": "A", "attitude": "keen", "power": "lots"},
                {"id": "b", "name": "B", "confirmed_on": "30/09/2026", "shoe": "9"},
                {"name": "C"},
            ],
            [{"source": "a", "target": "b", "strength": "1.5"}],
        )
    assert str(caught.value) == (
        "6 problems:\n"
        "  StakeholderMap.from_rows.stakeholders[0].attitude: unknown Attitude 'keen' "
        "(expected one of 'champion', 'supporter', 'neutral', 'skeptic', 'blocker')\n"
        "  StakeholderMap.from_rows.stakeholders[0].power: not a number: 'lots'\n"
        "  StakeholderMap.from_rows.stakeholders[1].confirmed_on: expected an ISO 8601 "
        "date (YYYY-MM-DD), got '30/09/2026'\n"
        "  StakeholderMap.from_rows.stakeholders[1]: unknown column 'shoe'\n"
        "  StakeholderMap.from_rows.stakeholders[2]: missing value(s) for id\n"
        "  StakeholderMap.from_rows.influences[0].strength: must be in (0, 1], got 1.5"
    )


def test_unknown_columns_are_ignored_when_not_strict():
    board = StakeholderMap.from_rows(
        [{"id": "a", "name": "A", "linkedin": "https://example.invalid/a"}],
        strict=False,
    )
    assert board.stakeholders == (Stakeholder(id="a", name="A"),)


def test_rows_that_break_the_map_report_under_from_rows():
    with pytest.raises(ValidationError) as caught:
        StakeholderMap.from_rows(
            [{"id": "a", "name": "A"}],
            [{"source": "a", "target": "b", "strength": "1"}],
        )
    assert str(caught.value) == (
        "StakeholderMap.from_rows.influences[0].target: unknown stakeholder 'b'"
    )


def test_a_row_must_be_a_mapping():
    with pytest.raises(ValidationError, match=r"stakeholders\[0\]: expected a mapping"):
        StakeholderMap.from_rows([["a", "A"]])  # type: ignore[list-item]


@pytest.mark.parametrize("cell", ["maybe", "2"])
def test_departed_takes_yes_no_true_false_or_one_zero(cell):
    with pytest.raises(ValidationError, match=r"departed: expected true or false"):
        StakeholderMap.from_rows([{"id": "a", "name": "A", "departed": cell}])


# --- networkx --------------------------------------------------------------------


def test_networkx_export_carries_people_ties_and_the_team():
    board = StakeholderMap(
        stakeholders=(
            Stakeholder(id="a", name="Ada", attitude=Attitude.CHAMPION),
            Stakeholder(id="b", name="Ben"),
            Stakeholder(id="gone", name="Gone", departed=True),
        ),
        influences=(tie("a", "b", 0.7), tie("gone", "a", 0.9), tie("a", "gone", 0.2)),
        relationships=(Relationship(member="ana", stakeholder="a", strength=0.4),),
    )
    graph = board.to_networkx()
    assert isinstance(graph, nx.DiGraph)
    assert sorted(graph.nodes) == ["a", "ana", "b"]
    assert graph.nodes["a"]["attitude"] == 2
    assert graph.nodes["ana"]["kind"] == "team"
    assert graph.edges["a", "b"] == {"weight": 0.7, "kind": "influence"}
    assert graph.edges["ana", "a"]["kind"] == "relationship"
    assert graph.number_of_edges() == 2


def test_networkx_export_without_networkx_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "networkx", None)
    with pytest.raises(
        MissingDependencyError, match=r"pip install 'accountkit\[graph\]'"
    ):
        StakeholderMap().to_networkx()
