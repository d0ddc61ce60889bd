"""Reviews as a flat table for analysts: one row per account."""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from accountkit._checked import checked, listed
from accountkit._frames import frame, strings, whole_numbers
from accountkit.account._basis import Priority
from accountkit.account._review import AccountReview
from accountkit.errors import ValidationError
from accountkit.money import Money, minor_units

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["REVIEW_COLUMNS", "review_frame", "review_rows"]


def _minor(money: Money | None, column: str) -> int | None:
    """Return an amount in whole minor units, exactly (None when missing)."""
    if money is None:
        return None
    units = money.amount.scaleb(minor_units(money.currency))
    if units != units.to_integral_value():
        message = (
            f"{money!r} is finer than the currency's minor unit, so it cannot be "
            "given exactly in minor units"
        )
        raise ValidationError(message, path=column, root="review_frame")
    return int(units)


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _count(priority: Priority) -> Callable[[AccountReview], int]:
    return lambda r: sum(f.priority is priority for f in r.flags)


_Getter = Callable[[AccountReview], Any]

_TEXT: dict[str, _Getter] = {
    "account": lambda r: r.account,
    "name": lambda r: r.name,
    "currency": lambda r: r.currency,
    "band": lambda r: r.band,
    "band_reason": lambda r: r.band_reason,
    "first_flag": lambda r: r.flags[0].code if r.flags else None,
}
_COUNTS: dict[str, _Getter] = {
    "flags": lambda r: len(r.flags),
    "flags_now": _count(Priority.NOW),
    "flags_this_month": _count(Priority.THIS_MONTH),
    "flags_watch": _count(Priority.WATCH),
}
_FLOATS: dict[str, _Getter] = {
    "score": lambda r: r.health.score,
    "completeness": lambda r: r.health.completeness,
    "service_attainment": lambda r: _number(r.service.attainment),
    "debtor_days": lambda r: _number(r.receivables.debtor_days),
    "debtor_days_at_least": lambda r: _number(r.receivables.debtor_days_at_least),
    "revenue_attainment": lambda r: _number(r.revenue.attainment_rate),
    "margin": lambda r: _number(r.revenue.margin),
    "share_of_wallet": lambda r: _number(r.wallet.share),
    "utilisation": lambda r: _number(r.delivery.utilisation),
    "delivery_margin": lambda r: _number(r.delivery.margin),
}
_AMOUNTS: dict[str, _Getter] = {
    "service_credits_minor": lambda r: (
        r.service.credits_this_year if r.service.recorded else None
    ),
    "open_minor": lambda r: r.receivables.open if r.receivables.recorded else None,
    "overdue_minor": lambda r: (
        r.receivables.overdue if r.receivables.recorded else None
    ),
    "billed_to_date_minor": lambda r: (
        None if r.revenue.attainment is None else r.revenue.attainment.billed_to_date
    ),
    "contracted_for_year_minor": lambda r: (
        None
        if r.revenue.attainment is None
        else r.revenue.attainment.contracted_for_year
    ),
    "projection_minor": lambda r: r.revenue.projection,
}

REVIEW_COLUMNS = (
    *_TEXT,
    "as_of",
    *_FLOATS,
    *_COUNTS,
    *_AMOUNTS,
)
"""The columns of :func:`review_frame`, in order."""


@checked
def review_rows(reviews: Iterable[AccountReview]) -> list[dict[str, Any]]:
    """Return reviews as rows of a flat table, one per account, in Python values.

    The columns of :func:`review_frame` and in its order, for a spreadsheet
    rather than a DataFrame: amounts are :class:`~decimal.Decimal` in the
    account's currency (named without ``_minor``: ``open``, ``overdue``),
    ``as_of`` is a date, measures are floats, and a missing value is None.

    Raises
    ------
    ValidationError
        If an item is not an :class:`AccountReview`.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import review_many, sample_portfolio
    >>> rows = review_rows(review_many(sample_portfolio(), as_of=date(2026, 6, 30)))
    >>> {k: rows[1][k] for k in ("name", "band", "open", "currency")}
    ... # doctest: +NORMALIZE_WHITESPACE
    {'name': 'Contoso Health', 'band': 'red', 'open': Decimal('186000.00'),
     'currency': 'GBP'}
    """
    rows: list[dict[str, Any]] = []
    for item in listed(reviews, AccountReview, root="review_rows", name="reviews"):
        row: dict[str, Any] = {name: get(item) for name, get in _TEXT.items()}
        row["as_of"] = item.as_of
        row.update({name: _number(get(item)) for name, get in _FLOATS.items()})
        row.update({name: get(item) for name, get in _COUNTS.items()})
        for name, get in _AMOUNTS.items():
            money = get(item)
            row[name.removesuffix("_minor")] = None if money is None else money.amount
        rows.append(row)
    return rows


@checked
def review_frame(reviews: Iterable[AccountReview]) -> "pd.DataFrame":
    """Return reviews as a flat table: one row per account, typed columns.

    Columns (:data:`REVIEW_COLUMNS`): ``account``, ``name``, ``currency``,
    ``band`` (missing without a colour), ``band_reason`` and ``first_flag``
    (its code) as strings; ``as_of`` as a date; ``score``, ``completeness``,
    ``service_attainment``, ``debtor_days``, ``debtor_days_at_least`` (the
    floor, where the debtor days are missing for want of billing to count
    back through), ``revenue_attainment`` (billed
    against contracted to date, %), ``margin`` (%), ``share_of_wallet``
    (%), ``utilisation`` (the team's, last three months, %) and
    ``delivery_margin`` (the client P&L's this year, %) as floats, NaN where
    missing; the counts of flags in all and by
    priority; and amounts in whole minor units of the account's currency
    (``Int64``, exact, ``<NA>`` where not recorded: missing is not zero):
    service credits this year, open and overdue receivables, billed to date,
    contracted for the year and the year-end projection. Needs pandas
    (``pip install 'accountkit[pandas]'``).

    Raises
    ------
    ValidationError
        If an item is not an :class:`AccountReview`, or an amount is finer
        than its currency's minor unit.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import review_many, sample_portfolio
    >>> table = review_frame(review_many(sample_portfolio(), as_of=date(2026, 6, 30)))
    >>> table[["name", "band", "score", "open_minor"]].round(1)
                      name   band  score  open_minor
    0  Northwind Logistics  amber   81.5     5500000
    1       Contoso Health    red   31.8    18600000
    2      Fabrikam Retail  green   97.2     3000000
    """
    where = "review_frame"
    rows = listed(reviews, AccountReview, root=where, name="reviews")
    columns: dict[str, Any] = {
        name: strings([get(r) for r in rows], where=where)
        for name, get in _TEXT.items()
    }
    columns["as_of"] = np.array([r.as_of for r in rows], dtype="datetime64[D]")
    columns.update(
        {
            name: np.array(
                [np.nan if (v := get(r)) is None else v for r in rows], dtype=float
            )
            for name, get in _FLOATS.items()
        }
    )
    columns.update(
        {
            name: np.array([get(r) for r in rows], dtype=np.int64)
            for name, get in _COUNTS.items()
        }
    )
    columns.update(
        {
            name: whole_numbers([_minor(get(r), name) for r in rows], where=where)
            for name, get in _AMOUNTS.items()
        }
    )
    return frame(columns, where=where)
