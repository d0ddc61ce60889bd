"""Alignment and blocker risks, checked by hand."""

import math

import pytest
from hypothesis import given

from accountkit.errors import ValidationError
from accountkit.relationships import (
    Attitude,
    BuyingRole,
    Influence,
    InfluenceKind,
    Stakeholder,
    StakeholderMap,
    alignment,
)
from strategies.relationships import stakeholder_maps

# Personalised on the CFO, who defers to the IT director (0.8) and to the buyer
# (0.2), both dangling: x_cfo = 0.15 / (1 - 0.85**2), x_itd = 0.68 x_cfo,
# x_buy = 0.17 x_cfo (see test_influence.py for the derivation).
X_CFO = 0.15 / (1 - 0.85**2)
X_ITD = 0.68 * X_CFO
X_BUY = 0.17 * X_CFO
# PageRank stops when a step changes the scores by less than n * 1e-6 (L1);
# the fixed point is then within alpha / (1 - alpha) of that, < 2e-5 here.
CONVERGED = 2e-5


def decision(*extra: Stakeholder, ties: tuple[Influence, ...] = ()) -> StakeholderMap:
    return StakeholderMap(
        stakeholders=(
            Stakeholder(id="cfo", name="Cfo", roles=(BuyingRole.ECONOMIC_BUYER,)),
            Stakeholder(id="itd", name="Itd", attitude=Attitude.BLOCKER),
            Stakeholder(id="buy", name="Buy", attitude=Attitude.SUPPORTER),
            *extra,
        ),
        influences=(
            Influence(source="itd", target="cfo", strength=0.8),
            Influence(source="buy", target="cfo", strength=0.2),
            *ties,
        ),
    )


def test_support_weighs_each_attitude_by_influence_on_the_decision():
    """support = -2 * x_itd + 1 * x_buy + 0 * x_cfo = -0.643243..."""
    result = alignment(decision())
    assert result.on == ("cfo",)
    assert result.support == pytest.approx(-2 * X_ITD + X_BUY, abs=CONVERGED)
    assert result.contributions == pytest.approx(
        {"itd": -2 * X_ITD, "buy": X_BUY, "cfo": 0.0}, abs=CONVERGED
    )
    assert list(result.contributions) == ["itd", "buy", "cfo"]


def test_a_blocker_with_the_deciders_ear_is_the_top_risk():
    (risk,) = alignment(decision()).blocker_risks
    assert risk.stakeholder == "itd"
    assert risk.severity == 1.0
    assert risk.risk == pytest.approx(X_ITD, abs=CONVERGED)
    assert risk.reasons == ("attitude blocker",)


def test_a_conflict_with_our_champion_is_a_risk_even_when_neutral():
    """The PMO is neutral but in conflict (0.6) with our champion: severity
    max(0 / 2, 0.6) = 0.6. The champion does not influence the CFO, so the PMO
    (who defers to no one and whom no one on the decision's path defers to)
    has no influence on it: risk 0 but listed, after the IT director."""
    result = alignment(
        decision(
            Stakeholder(id="pmo", name="Pmo"),
            Stakeholder(id="lead", name="Lead", attitude=Attitude.CHAMPION),
            ties=(
                Influence(
                    source="pmo",
                    target="lead",
                    strength=0.6,
                    kind=InfluenceKind.CONFLICT,
                ),
            ),
        )
    )
    assert [r.stakeholder for r in result.blocker_risks] == ["itd", "pmo"]
    pmo = result.blocker_risks[1]
    assert (pmo.severity, pmo.risk) == (0.6, 0.0)
    assert pmo.reasons == ("conflict with our champion Lead (0.6)",)


def test_a_skeptic_counts_half_as_severe_as_a_blocker():
    m = StakeholderMap(
        stakeholders=(
            Stakeholder(id="cio", name="Cio", roles=(BuyingRole.DECISION_MAKER,)),
            Stakeholder(id="arch", name="Arch", attitude=Attitude.SKEPTIC),
        ),
        influences=(Influence(source="arch", target="cio", strength=1.0),),
    )
    (risk,) = alignment(m).blocker_risks
    assert risk.severity == 0.5


def test_naming_the_decision_makers_overrides_the_roles():
    result = alignment(decision(), on=["itd"])
    # The IT director defers to no one: all influence on the decision is hers.
    assert result.influence == {"cfo": 0.0, "itd": 1.0, "buy": 0.0}
    assert result.support == -2.0


def test_a_map_without_decision_makers_needs_them_named():
    m = StakeholderMap(stakeholders=(Stakeholder(id="a", name="A"),))
    with pytest.raises(
        ValidationError,
        match=r"^alignment\.on: nobody on the map holds a decision role",
    ):
        alignment(m)


@given(stakeholder_maps(min_people=1, departures=False))
def test_support_lies_on_the_attitude_scale_and_adds_up(m):
    result = alignment(m, on=[m.stakeholders[0].id])
    assert -2 - 1e-12 <= result.support <= 2 + 1e-12
    assert math.fsum(result.contributions.values()) == pytest.approx(
        result.support, abs=1e-12
    )
    assert [r.risk for r in result.blocker_risks] == sorted(
        (r.risk for r in result.blocker_risks), reverse=True
    )
