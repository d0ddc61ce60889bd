"""The trade-off picture of a bid: price against the chance and the worth."""

from typing import TYPE_CHECKING

from accountkit._checked import checked
from accountkit._plotting import axes_for, drawn
from accountkit.deals._bids import PriceToWin
from accountkit.money import Money

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_price_to_win"]

_CHANCE = "#2f6f9f"
_WORTH = "#c46b1a"
_MARK = "#333333"


@checked
def plot_price_to_win(
    plan: PriceToWin,
    *,
    price: Money | None = None,
    floor: Money | None = None,
    ax: "Axes | None" = None,
    title: str = "",
) -> "Axes":
    """Draw the trade-off: the chance of winning and the expected margin by price.

    Parameters
    ----------
    plan
        The trade-off (:func:`price_to_win`).
    price
        The price on the table, marked with a dashed line, if given.
    floor
        The lowest price the firm may bid (the walk-away margin's), shaded
        below, if given.
    ax
        Where to draw the chance of winning; the expected margin goes on a
        second axis sharing its prices. A new figure when ``None``.
    title
        A title for the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes of the chance: its line in %, with the 95 % band; the
        expected margin's line is on its twin axis, and a dotted line marks
        the best price.

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed (``pip install 'accountkit[plot]'``).
    ValidationError
        If ``plan`` is not a :class:`PriceToWin`.
    """
    ax = axes_for(ax, where="plot_price_to_win", figsize=(8, 4))
    prices = drawn(point.price for point in plan.curve)
    ax.plot(
        prices,
        [100 * point.win_probability for point in plan.curve],
        color=_CHANCE,
        label="chance of winning",
    )
    ax.fill_between(
        prices,
        [100 * point.low for point in plan.curve],
        [100 * point.high for point in plan.curve],
        color=_CHANCE,
        alpha=0.15,
        label="95% interval",
    )
    ax.set_ylabel("chance of winning (%)")
    ax.set_xlabel(f"price ({plan.reference.currency})")
    worth = ax.twinx()
    worth.plot(
        prices,
        drawn(point.expected_margin for point in plan.curve),
        color=_WORTH,
        label="expected margin",
    )
    worth.set_ylabel(f"expected margin ({plan.reference.currency})")
    best = drawn([plan.best.price])[0]
    ax.axvline(best, color=_MARK, linestyle=":", label=f"best price {plan.best.price}")
    if price is not None:
        ax.axvline(drawn([price])[0], color=_MARK, linestyle="--", label=f"bid {price}")
    if floor is not None:
        ax.axvspan(
            prices[0],
            drawn([floor])[0],
            color=_MARK,
            alpha=0.08,
            label=f"below the walk-away {floor}",
        )
    lines, labels = ax.get_legend_handles_labels()
    more, more_labels = worth.get_legend_handles_labels()
    ax.legend(lines + more, labels + more_labels, loc="best", framealpha=0.9)
    if title:
        ax.set_title(title)
    return ax
