"""The one way a plot gets matplotlib and its axes, and money as floats to draw.

matplotlib is an optional dependency; a drawing is the one place money
becomes a float.
"""

import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from accountkit.errors import MissingDependencyError, ValidationError
from accountkit.money import Money

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["axes_for", "drawn"]


def axes_for(ax: object, *, where: str, **figure: Any) -> "Axes":  # noqa: ANN401 - matplotlib's options
    """Return ``ax`` if it is matplotlib Axes, or new axes on a new figure.

    ``figure`` is passed to :func:`matplotlib.pyplot.subplots` for a new
    figure. Without matplotlib installed, say how to install it.
    """
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - an optional dependency
        from matplotlib.axes import Axes  # noqa: PLC0415
    except ModuleNotFoundError as err:
        message = (
            f"{where} needs matplotlib; install it with pip install 'accountkit[plot]'"
        )
        raise MissingDependencyError(message) from err
    if ax is None:
        _, made = plt.subplots(**figure)
        return typing.cast("Axes", made)
    if not isinstance(ax, Axes):
        message = f"expected matplotlib Axes or None, got {type(ax).__name__}"
        raise ValidationError(message, path="ax", root=where)
    return ax


def drawn(amounts: Iterable[Money]) -> NDArray[np.float64]:
    """Return amounts as floats to draw: a drawing is the one place money is float.

    The figures drawn are never computed with again; the exact ones stay in
    the result being drawn.
    """
    return np.array([amount.amount for amount in amounts], dtype=np.float64)
