"""pandas DataFrames from accountkit's results (an optional dependency).

Every ``to_frame`` builds its frame here, so that pandas is imported only
when a frame is asked for, and a missing pandas is a
:class:`~accountkit.errors.MissingDependencyError` naming the extra.

The frames are tidy (one row per observation, one column per variable) with
typed columns: amounts as whole minor units (``Int64``, exact; missing is
``<NA>``, never zero), dates as ``datetime64``, names and codes as strings,
categories in their order.
"""

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from accountkit.errors import MissingDependencyError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from numpy.typing import NDArray

__all__ = ["categorical", "frame", "strings", "whole_numbers"]


def _pandas(where: str) -> ModuleType:
    """Return pandas, or say how to install it."""
    try:
        import pandas  # noqa: PLC0415, ICN001 - an optional dependency
    except ModuleNotFoundError as err:
        message = (
            f"{where} needs pandas; install it with pip install 'accountkit[pandas]'"
        )
        raise MissingDependencyError(message) from err
    return pandas


def frame(columns: Mapping[str, Any], *, where: str) -> "pd.DataFrame":
    """Build a DataFrame of ``columns`` (already typed), in their order."""
    _pandas(where)
    import pandas as pd  # noqa: PLC0415 - checked just above

    return pd.DataFrame(dict(columns))


def categorical(
    codes: "NDArray[np.integer[Any]]", categories: Sequence[str], *, where: str
) -> "pd.Categorical":
    """Build an ordered categorical of ``categories`` from integer ``codes``.

    A code of -1 is missing (``NaN`` in the frame).
    """
    _pandas(where)
    import pandas as pd  # noqa: PLC0415 - checked just above

    kind = pd.CategoricalDtype(list(categories), ordered=True)
    return pd.Categorical.from_codes(codes, dtype=kind)


def strings(
    values: Sequence[str | None], *, where: str
) -> "pd.api.extensions.ExtensionArray":
    """Build a column of text, ``<NA>`` where a value is None."""
    _pandas(where)
    import pandas as pd  # noqa: PLC0415 - checked just above

    return pd.array(list(values), dtype="string")


def whole_numbers(
    values: Sequence[int | None], *, where: str
) -> "pd.api.extensions.ExtensionArray":
    """Build a column of whole numbers (``Int64``), ``<NA>`` where None."""
    _pandas(where)
    import pandas as pd  # noqa: PLC0415 - checked just above

    return pd.array(list(values), dtype="Int64")
