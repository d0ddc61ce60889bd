from datetime import date
from decimal import Decimal

import pytest

from accountkit.errors import ValidationError
from accountkit.relationships import (
    Attitude,
    BuyingRole,
    Influence,
    InfluenceKind,
    Relationship,
    RelationshipLevel,
    Stakeholder,
)


def test_attitude_runs_from_champion_plus_two_to_blocker_minus_two():
    assert [a.score for a in Attitude] == [2, 1, 0, -1, -2]
    assert Attitude.SKEPTIC.score < Attitude.NEUTRAL.score


def test_the_ladder_runs_from_vendor_to_trusted_advisor():
    assert [level.rank for level in RelationshipLevel] == [0, 1, 2, 3]
    assert RelationshipLevel.VENDOR.value == "vendor"


def test_gap_counts_rungs_to_the_desired_level():
    tie = Relationship(
        member="ana",
        stakeholder="cio",
        strength=0.5,
        level=RelationshipLevel.VENDOR,
        desired_level=RelationshipLevel.PROBLEM_SOLVER,
    )
    assert tie.gap == 2


def test_gap_is_zero_when_the_desired_level_is_reached_or_unset():
    above = Relationship(
        member="ana",
        stakeholder="cio",
        strength=0.5,
        level=RelationshipLevel.TRUSTED_ADVISOR,
        desired_level=RelationshipLevel.CREDIBLE_SOURCE,
    )
    unset = Relationship(member="ana", stakeholder="cio", strength=0.5)
    assert (above.gap, unset.gap) == (0, 0)


def test_strengths_accept_ints_and_decimals_as_floats():
    assert Influence(source="a", target="b", strength=1).strength == 1.0
    assert (
        Relationship(member="m", stakeholder="a", strength=Decimal("0.25")).strength
        == 0.25
    )


@pytest.mark.parametrize("strength", [0, -0.1, 1.0001, float("nan"), float("inf")])
def test_an_influence_strength_must_lie_in_the_half_open_unit_interval(strength):
    with pytest.raises(
        ValidationError, match=r"^Influence\.strength: must be in \(0, 1\]"
    ):
        Influence(source="a", target="b", strength=strength)


def test_a_relationship_may_have_strength_zero_but_not_below():
    assert Relationship(member="m", stakeholder="a", strength=0).strength == 0.0
    with pytest.raises(
        ValidationError, match=r"^Relationship\.strength: must be in \[0, 1\]"
    ):
        Relationship(member="m", stakeholder="a", strength=-0.01)


@pytest.mark.parametrize("strength", ["0.5", True, None])
def test_a_strength_must_be_a_number(strength):
    with pytest.raises(
        ValidationError, match=r"Influence\.strength: expected a number in \(0, 1\]"
    ):
        Influence(source="a", target="b", strength=strength)


def test_power_and_interest_lie_in_the_unit_interval():
    with pytest.raises(
        ValidationError, match=r"^Stakeholder\.power: must be in \[0, 1\], got 2"
    ):
        Stakeholder(id="a", name="A", power=2)
    with pytest.raises(ValidationError, match=r"^Stakeholder\.interest: must be in"):
        Stakeholder(id="a", name="A", interest=-1)


def test_nobody_reports_to_themselves():
    with pytest.raises(
        ValidationError,
        match=r"^Stakeholder\.reports_to: 'a' cannot report to themselves",
    ):
        Stakeholder(id="a", name="A", reports_to="a")


def test_a_role_is_listed_once():
    with pytest.raises(
        ValidationError, match=r"^Stakeholder\.roles\[1\]: approver is listed twice"
    ):
        Stakeholder(id="a", name="A", roles=(BuyingRole.APPROVER, BuyingRole.APPROVER))


def test_roles_must_be_buying_roles():
    with pytest.raises(
        ValidationError, match=r"^Stakeholder\.roles\[0\]: expected a BuyingRole"
    ):
        Stakeholder(id="a", name="A", roles=("approver",))  # type: ignore[arg-type]


def test_an_id_is_a_non_empty_trimmed_string():
    with pytest.raises(
        ValidationError, match=r"^Stakeholder\.id: expected a non-empty"
    ):
        Stakeholder(id=" a", name="A")


def test_a_champion_is_a_champion_or_coach_role_or_a_champions_attitude():
    assert Stakeholder(id="a", name="A", roles=(BuyingRole.COACH,)).is_champion
    assert Stakeholder(id="a", name="A", attitude=Attitude.CHAMPION).is_champion
    assert not Stakeholder(id="a", name="A", attitude=Attitude.SUPPORTER).is_champion


def test_decision_makers_hold_a_decision_role():
    for role in (
        BuyingRole.ECONOMIC_BUYER,
        BuyingRole.DECISION_MAKER,
        BuyingRole.APPROVER,
    ):
        assert Stakeholder(id="a", name="A", roles=(role,)).is_decision_maker
    assert not Stakeholder(
        id="a", name="A", roles=(BuyingRole.TECHNICAL_BUYER,)
    ).is_decision_maker


def test_dates_are_plain_dates():
    assert Stakeholder(id="a", name="A", confirmed_on=date(2026, 1, 5)).confirmed_on
    with pytest.raises(
        ValidationError, match=r"^Relationship\.last_contact_on: expected a date"
    ):
        Relationship(
            member="m", stakeholder="a", strength=0.5, last_contact_on="2026-01-05"
        )  # type: ignore[arg-type]


def test_influence_is_the_default_kind():
    assert (
        Influence(source="a", target="b", strength=0.5).kind is InfluenceKind.INFLUENCE
    )


@pytest.mark.parametrize("departed", ["yes", 1, None])
def test_departed_must_be_true_or_false(departed):
    """A flag given as text, a number or nothing is refused at its field
    (it was attrs' raw TypeError)."""
    with pytest.raises(ValidationError) as raised:
        Stakeholder(id="cfo", name="CFO", departed=departed)
    assert str(raised.value) == (
        f"Stakeholder.departed: expected true or false, got {departed!r}"
    )
