"""The Mendelow grid, checked by hand."""

import pytest

from accountkit.errors import ValidationError
from accountkit.relationships import (
    Influence,
    Quadrant,
    Stakeholder,
    StakeholderMap,
    mendelow_grid,
)

# The PMO defers to the CFO with 0.6 (capped PageRank): with p the PMO's score,
# p = 0.85 * 0.5 * ((1 - p) + 0.4 p) + 0.075 = 0.5 - 0.255 p, so p = 0.5 / 1.255
# = 0.398406 and the CFO has 0.601594; relative to the top, 1 and p / (1 - p).
P = 0.5 / 1.255
RELATIVE_PMO = P / (1 - P)
CONVERGED = 2e-5  # PageRank's stopping rule, as in test_influence.py


def grid(**options: float) -> dict[str, object]:
    m = StakeholderMap(
        stakeholders=(
            Stakeholder(id="cfo", name="Cfo", power=0.9, interest=0.2),
            Stakeholder(id="pmo", name="Pmo", power=0.2, interest=0.9),
            Stakeholder(id="new", name="New"),
        ),
        influences=(Influence(source="cfo", target="pmo", strength=0.6),),
    )
    return {p.stakeholder: p for p in mendelow_grid(m, **options)}


def test_power_blends_formal_power_with_relative_influence():
    """CFO: 0.5 * 0.9 + 0.5 * 1 = 0.95 (high), interest 0.2 (low): keep
    satisfied. PMO: 0.5 * 0.2 + 0.5 * 0.6623 = 0.431 (low), interest 0.9:
    keep informed."""
    placed = grid()
    assert placed["cfo"].power == pytest.approx(0.95, abs=CONVERGED)
    assert placed["cfo"].quadrant is Quadrant.KEEP_SATISFIED
    assert placed["pmo"].influence == pytest.approx(RELATIVE_PMO, abs=CONVERGED)
    assert placed["pmo"].power == pytest.approx(0.1 + 0.5 * RELATIVE_PMO, abs=CONVERGED)
    assert placed["pmo"].quadrant is Quadrant.KEEP_INFORMED


def test_without_formal_power_influence_alone_counts_and_no_interest_no_quadrant():
    placed = grid()["new"]
    assert placed.formal_power is None
    assert placed.power == placed.influence
    assert placed.quadrant is None


def test_the_weight_moves_power_between_formal_and_computed():
    assert grid(influence_weight=0)["pmo"].power == 0.2
    assert grid(influence_weight=1)["cfo"].power == 1.0


def test_thresholds_are_inclusive():
    just_below = grid(power_threshold=0.9, interest_threshold=0.21, influence_weight=0)
    assert just_below["cfo"].quadrant is Quadrant.KEEP_SATISFIED
    placed = grid(power_threshold=0.9, interest_threshold=0.2, influence_weight=0)[
        "cfo"
    ]
    assert placed.quadrant is Quadrant.MANAGE_CLOSELY
    assert (
        grid(power_threshold=1.0, interest_threshold=1.0)["pmo"].quadrant
        is Quadrant.MONITOR
    )


def test_options_lie_in_the_unit_interval():
    with pytest.raises(
        ValidationError,
        match=r"^mendelow_grid\.influence_weight: must be in \[0, 1\], got 2",
    ):
        grid(influence_weight=2)
