"""Array inputs checked the one way: shape, kind of number, NaN and infinity.

The batch functions take numpy arrays (or anything ``numpy.asarray`` reads)
from data scientists; what they cannot use is refused here with the argument
and the first offending index named, never passed on to surprise a kernel
(NaN cast to 0, 100.5 truncated to 100) or to escape as a raw numpy error.
"""

import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit.errors import ValidationError, shorten

__all__ = ["LAST_DAY", "check_ndim", "day_array", "float_array", "whole_array"]

LAST_DAY = np.datetime64("9999-12-31", "D")
"""The last day of the calendar ``datetime.date`` knows."""


def _numbers(value: ArrayLike, *, where: str, path: str) -> NDArray[np.generic]:
    try:
        array = np.asarray(value)
    except (ValueError, OverflowError) as err:  # ragged lists, huge ints
        message = f"expected a rectangular array of numbers ({err})"
        raise ValidationError(message, path=path, root=where) from None
    if array.dtype.kind not in "biuf":
        kind = "numbers too large" if array.dtype.kind == "O" else array.dtype
        message = f"expected numbers, got an array of {kind}"
        raise ValidationError(message, path=path, root=where)
    return array


def check_ndim(
    array: NDArray[np.generic], ndim: int | None, *, where: str, path: str
) -> None:
    """Refuse an array of another number of dimensions than ``ndim`` (if set)."""
    if ndim is not None and array.ndim != ndim:
        message = f"expected a {ndim}-dimensional array, got shape {array.shape}"
        raise ValidationError(message, path=path, root=where)


def _index(mask: NDArray[np.bool_]) -> str:
    first = tuple(int(i) for i in np.argwhere(mask)[0])
    return str(first[0]) if len(first) == 1 else str(list(first))


def float_array(
    value: ArrayLike,
    *,
    where: str,
    path: str,
    ndim: int | None = None,
    allow_nan: bool = False,
) -> NDArray[np.float64]:
    """Return ``value`` as float64, refusing text, infinity and (unless allowed) NaN.

    Examples
    --------
    >>> float_array([[1, 2.5]], where="f", path="x", ndim=2)
    array([[1. , 2.5]])
    >>> float_array([1.0, float("inf")], where="f", path="x")
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: f.x: infinite value at index 1
    """
    array = _numbers(value, where=where, path=path).astype(np.float64, copy=False)
    check_ndim(array, ndim, where=where, path=path)
    infinite = np.isinf(array)
    if infinite.any():
        message = f"infinite value at index {_index(infinite)}"
        raise ValidationError(message, path=path, root=where)
    missing = np.isnan(array)
    if not allow_nan and missing.any():
        message = f"NaN at index {_index(missing)} (a missing value is not a number)"
        raise ValidationError(message, path=path, root=where)
    return array


def whole_array(
    value: ArrayLike, *, where: str, path: str, ndim: int | None = None
) -> NDArray[np.int64]:
    """Return ``value`` as int64, refusing fractions, NaN and infinity.

    Examples
    --------
    >>> whole_array([100, 250.0], where="f", path="cents")
    array([100, 250])
    >>> whole_array([100.5], where="f", path="cents")
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: f.cents: not a whole number at index 0 (100.5)
    """
    array = _numbers(value, where=where, path=path)
    if array.dtype.kind == "f":
        array = float_array(array, where=where, path=path)
        fractional = array != np.floor(array)
        if fractional.any():
            at = _index(fractional)
            shown = array[tuple(np.argwhere(fractional)[0])]
            message = f"not a whole number at index {at} ({shown})"
            raise ValidationError(message, path=path, root=where)
        too_big = np.abs(array) >= 2.0**63
        if too_big.any():
            message = f"too large for a whole number at index {_index(too_big)}"
            raise ValidationError(message, path=path, root=where)
    whole = array.astype(np.int64, copy=False)
    check_ndim(whole, ndim, where=where, path=path)
    return whole


def day_array(value: ArrayLike, *, where: str, path: str) -> NDArray[np.datetime64]:
    """Return ``value`` as datetime64[D], one-dimensional, with no NaT.

    Examples
    --------
    >>> day_array(["2026-01-31", "NaT"], where="f", path="dates")
    Traceback (most recent call last):
    ...
    accountkit.errors.ValidationError: f.dates: no date (NaT) at index 1
    """
    try:
        days = np.asarray(value, dtype="datetime64[D]")
    except (TypeError, ValueError, OverflowError) as err:
        message = f"expected dates (datetime64[D] or ISO strings): {shorten(str(err))}"
        raise ValidationError(message, path=path, root=where) from None
    check_ndim(days, 1, where=where, path=path)
    missing = np.isnat(days)
    if missing.any():
        message = f"no date (NaT) at index {_index(missing)}"
        raise ValidationError(message, path=path, root=where)
    return days
