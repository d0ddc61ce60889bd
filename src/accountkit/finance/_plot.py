"""A picture of revenue against contract, with the forecast (matplotlib)."""

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from accountkit._checked import checked
from accountkit._plotting import axes_for, drawn
from accountkit.finance._forecasting import Forecast
from accountkit.finance._revenue import RevenueVariance
from accountkit.periods import add_months

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_revenue"]

_BILLED = "#2f6f9f"
_CONTRACTED = "#333333"
_FORECAST = "#c46b1a"


@checked
def plot_revenue(
    result: RevenueVariance,
    *,
    projection: Forecast | None = None,
    ax: "Axes | None" = None,
    title: str = "",
) -> "Axes":
    """Draw billed against contracted revenue per period, and the forecast.

    Parameters
    ----------
    result
        Revenue against contract (:func:`revenue_variance`), usually monthly.
    projection
        A forecast of the periods after the last billed one (the same
        periods' length, e.g. :func:`forecast` of the monthly billing): its
        mean and prediction interval are drawn after the actuals.
    ax
        Where to draw; a new figure when ``None``.
    title
        A title for the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: bars for billed revenue, a step line for
        contracted revenue, a line and a band for the forecast.

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed (``pip install 'accountkit[plot]'``).
    ValidationError
        If ``result`` is not a :class:`RevenueVariance`.
    """
    ax = axes_for(ax, where="plot_revenue", figsize=(8, 4))
    starts = _days([row.period.start for row in result.periods])
    billed = drawn([row.billed for row in result.periods])
    planned = drawn([row.contracted for row in result.periods])
    ax.bar(starts, billed, width=20, align="edge", color=_BILLED, label="billed")
    ax.step(
        _days(
            [
                *(row.period.start for row in result.periods),
                result.periods[-1].period.end,
            ]
        ),
        [*planned, planned[-1]],
        where="post",
        color=_CONTRACTED,
        label="contracted",
    )
    if projection is not None:
        last = [r for r in result.periods if r.billed.amount != 0]
        anchor = (last[-1] if last else result.periods[0]).period.start
        ahead = [add_months(anchor, h + 1) for h in range(projection.horizon)]
        middle = _days([day.replace(day=10) for day in ahead])
        ax.plot(middle, projection.mean, color=_FORECAST, marker="o", label="forecast")
        ax.fill_between(
            middle,
            projection.lower,
            projection.upper,
            color=_FORECAST,
            alpha=0.2,
            label=f"{projection.coverage:.0%} interval",
        )
    ax.set_ylabel(result.periods[0].billed.currency)
    ax.legend(loc="best", frameon=True, framealpha=0.9)
    if title:
        ax.set_title(title)
    ax.figure.autofmt_xdate()
    return ax


def _days(days: list[date]) -> NDArray[np.datetime64]:
    return np.array(days, dtype="datetime64[D]")
