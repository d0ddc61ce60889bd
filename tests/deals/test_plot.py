"""The trade-off picture (matplotlib)."""

import math
import sys

import matplotlib as mpl
import pytest

from accountkit import Money
from accountkit.deals import BidResponse, plot_price_to_win, price_to_win
from accountkit.errors import MissingDependencyError, ValidationError

mpl.use("Agg")  # no screen in CI; the test process only

REFERENCE = Money("100000", "EUR")


def plan():
    """The curve through 75 % at the reference and 25 % at 1.2 times it (the
    two-price history of test_bids), a cost of 80,000 and three points."""
    curve = BidResponse(
        a=-11 * math.log(3),
        b=10 * math.log(3),
        variance_a=1.0,
        variance_b=1.0,
        covariance_ab=-1.0,
        bids=16,
        wins=8,
        log_likelihood=-9.0,
        iterations=5,
        ratio_low=1.0,
        ratio_high=1.2,
    )
    return price_to_win(
        curve, reference=REFERENCE, cost=Money("80000", "EUR"), points=3
    )


def test_the_chance_and_the_worth_by_price():
    drawn = plan()
    ax = plot_price_to_win(
        drawn,
        price=Money("115000", "EUR"),
        floor=Money("101000", "EUR"),
        title="Landing zone",
    )
    chance, best, bid = ax.get_lines()
    prices = [100000.0, float(drawn.best.price.amount), 110000.0, 120000.0]
    assert list(chance.get_xdata()) == prices
    # 75 % at the reference, even at 1.1, 25 % at 1.2
    ys = chance.get_ydata()
    assert ys[0] == pytest.approx(75, abs=1e-12)
    assert ys[2] == pytest.approx(50, abs=1e-12)
    assert ys[3] == pytest.approx(25, abs=1e-12)
    assert list(best.get_xdata()) == [float(drawn.best.price.amount)] * 2
    assert list(bid.get_xdata()) == [115000.0, 115000.0]
    (worth,) = ax.figure.axes[1].get_lines()
    # the expected margin at 110,000: 30,000 x 0.5
    assert worth.get_ydata()[2] == 15000.0
    assert ax.get_title() == "Landing zone"
    assert ax.get_xlabel() == "price (EUR)"
    assert ax.get_ylabel() == "chance of winning (%)"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == [
        "chance of winning",
        "95% interval",
        f"best price {drawn.best.price}",
        "bid EUR 115,000.00",
        "below the walk-away EUR 101,000.00",
        "expected margin",
    ]


def test_without_a_price_or_a_floor_only_the_best_is_marked():
    ax = plot_price_to_win(plan())
    assert len(ax.get_lines()) == 2
    assert ax.get_title() == ""


def test_plotting_without_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(
        MissingDependencyError, match=r"pip install 'accountkit\[plot\]'"
    ):
        plot_price_to_win(plan())


def test_only_a_price_to_win_can_be_drawn():
    with pytest.raises(ValidationError, match="plan: expected a PriceToWin"):
        plot_price_to_win("plan")  # type: ignore[arg-type]
