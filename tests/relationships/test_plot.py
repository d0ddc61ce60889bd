"""The org chart layout and the matplotlib drawing."""

import sys

import matplotlib as mpl
import pytest

from accountkit.errors import MissingDependencyError, ValidationError
from accountkit.relationships import (
    Attitude,
    Influence,
    InfluenceKind,
    Relationship,
    Stakeholder,
    StakeholderMap,
    org_chart_layout,
    plot_map,
)

mpl.use("Agg")  # no screen in CI; the test process only


def company() -> StakeholderMap:
    return StakeholderMap(
        stakeholders=(
            Stakeholder(id="ceo", name="Ceo"),
            Stakeholder(
                id="cfo", name="Cfo", reports_to="ceo", attitude=Attitude.CHAMPION
            ),
            Stakeholder(id="cio", name="Cio", reports_to="ceo", title="CIO"),
            Stakeholder(id="itd", name="Itd", reports_to="cio"),
            Stakeholder(id="ext", name="Ext"),
            Stakeholder(id="gone", name="Gone", departed=True),
        ),
        influences=(
            Influence(source="ceo", target="cfo", strength=0.5),
            Influence(source="cio", target="itd", strength=1.0),
            Influence(
                source="cfo", target="cio", strength=0.5, kind=InfluenceKind.CONFLICT
            ),
        ),
        relationships=(
            Relationship(member="ana", stakeholder="cfo", strength=0.5),
            Relationship(member="ana", stakeholder="itd", strength=0.5),
            Relationship(member="raj", stakeholder="ext", strength=0.9),
        ),
    )


def test_managers_sit_above_and_centred_over_their_reports():
    """Leaves get x = 0, 1, 2 left to right in map order (cfo, itd, ext); cio
    sits over itd, ceo halfway between cfo (0) and cio (1); the team row is
    1.5 under the lowest row, spread across the chart's width (0 to 2), ana
    (whose contacts average 0.5) left of raj (2)."""
    assert org_chart_layout(company()) == {
        "cfo": (0.0, -1.0),
        "itd": (1.0, -2.0),
        "cio": (1.0, -1.0),
        "ceo": (0.5, 0.0),
        "ext": (2.0, 0.0),
        "ana": (0.0, -3.5),
        "raj": (2.0, -3.5),
    }


def test_the_drawing_has_a_marker_per_person_and_an_arrow_per_influence():
    ax = plot_map(company(), title="Acme")
    markers = list(ax.collections)
    assert len(markers) == 5 + 2  # five present stakeholders, two team members
    arrows = [t for t in ax.texts if t.arrow_patch is not None]
    assert len(arrows) == 2
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1  # the conflict
    assert ax.get_title() == "Acme"
    ax.figure.clear()


def test_plotting_without_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(
        MissingDependencyError, match=r"pip install 'accountkit\[plot\]'"
    ):
        plot_map(company())


def test_an_empty_map_cannot_be_drawn():
    with pytest.raises(ValidationError, match=r"^plot_map\.board: the map has nobody"):
        plot_map(StakeholderMap())
