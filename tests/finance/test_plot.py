"""The revenue picture (matplotlib)."""

import sys
from datetime import date

import matplotlib as mpl
import numpy as np
import pytest

from accountkit import Money, Period
from accountkit.errors import MissingDependencyError, ValidationError
from accountkit.finance import (
    InitialState,
    Invoice,
    Smoothing,
    forecast,
    plot_revenue,
    revenue_variance,
)
from builders import monthly

mpl.use("Agg")  # no screen in CI; the test process only

MONTHS = [Period.month(2026, m) for m in range(1, 5)]


def result():
    """1,000 a month contracted; billed 1,000 in January and 900 in February."""
    contract = monthly()
    bills = [
        Invoice(
            id=f"I-{m}",
            customer="acme",
            issued_on=date(2026, m, 1),
            amount=Money(amount, "EUR"),
            due_on=date(2026, m, 20),
            contract_id="C-1",
        )
        for m, amount in ((1, 1000), (2, 900))
    ]
    return revenue_variance(contract, bills, MONTHS)


def test_bars_are_billed_and_the_step_is_contracted():
    ax = plot_revenue(result(), title="Run")
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == [1000, 900, 0, 0]
    contracted = ax.get_lines()[0].get_ydata()
    assert list(contracted) == [1000, 1000, 1000, 1000, 1000]
    assert ax.get_title() == "Run"
    assert ax.get_ylabel() == "EUR"


def test_the_forecast_starts_after_the_last_billed_month():
    """ANN at alpha 0.5 from level 1,000 on 1,000, 900: forecast 950 flat."""
    model = forecast(
        [1000, 900],
        2,
        method="ANN",
        smoothing=Smoothing(alpha=0.5),
        initial=InitialState(level=1000),
    )
    ax = plot_revenue(result(), projection=model)
    line = ax.get_lines()[1]
    assert list(line.get_ydata()) == [950, 950]
    assert list(line.get_xdata()) == list(
        np.array([date(2026, 3, 10), date(2026, 4, 10)], dtype="datetime64[D]")
    )


def test_plotting_without_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(
        MissingDependencyError, match=r"pip install 'accountkit\[plot\]'"
    ):
        plot_revenue(result())


def test_only_a_revenue_variance_can_be_drawn():
    with pytest.raises(ValidationError, match="result: expected a RevenueVariance"):
        plot_revenue([1, 2, 3])
