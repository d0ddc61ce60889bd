"""Aged debt: open items in buckets of days past due (or since issue)."""

import itertools
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal, NamedTuple

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit._arrays import check_ndim, day_array, float_array, whole_array
from accountkit._checked import checked, unchecked
from accountkit._frames import categorical, frame
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.finance._open_items import OpenItem
from accountkit.money import Money, check_currency
from accountkit.periods import check_date

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AgeingArrays", "AgeingReport", "AgeingRow", "ageing", "ageing_arrays"]

_DENSE_CODES: Final = 1_000_000
"""Integer customer codes spanning at most this range factorize without sorting."""
_EXACT_FLOAT: Final = 2**53
"""Whole numbers below this add exactly in float64 (bincount's weights)."""

Basis = Literal["due", "invoice"]


class AgeingArrays(NamedTuple):
    """Aged amounts per customer and bucket, as arrays."""

    customers: NDArray[np.generic]
    """The distinct customers, sorted: one row each."""
    labels: tuple[str, ...]
    """The bucket labels: one column each."""
    amounts: NDArray[np.int64] | NDArray[np.float64]
    """Amounts per customer (row) and bucket (column), in the input's units."""

    def to_frame(self) -> "pd.DataFrame":
        """Return a tidy DataFrame: one row per customer and bucket.

        Columns ``customer``, ``bucket`` (an ordered categorical of
        ``labels``, youngest first) and ``amount`` (the input's units and
        dtype). Needs pandas (``pip install 'accountkit[pandas]'``).

        Examples
        --------
        >>> import numpy as np
        >>> aged = ageing_arrays(
        ...     np.array(["2026-07-10", "2026-05-01"], dtype="datetime64[D]"),
        ...     np.array([1000, 250]), np.array(["acme", "acme"]),
        ...     as_of=np.datetime64("2026-06-30"))
        >>> aged.to_frame()[lambda f: f.amount > 0]
          customer      bucket  amount
        0     acme  not yet due    1000
        2     acme        31-60     250
        """
        where = "AgeingArrays.to_frame"
        rows, columns = self.amounts.shape
        return frame(
            {
                "customer": np.repeat(self.customers, columns),
                "bucket": categorical(
                    np.tile(np.arange(columns), rows), self.labels, where=where
                ),
                "amount": self.amounts.reshape(-1),
            },
            where=where,
        )


def _labels(bounds: Sequence[int], basis: Basis) -> tuple[str, ...]:
    if basis == "due":
        lows = [1, *(b + 1 for b in bounds[:-1])]
        return (
            "not yet due",
            *(f"{lo}-{hi}" for lo, hi in zip(lows, bounds, strict=True)),
            f"over {bounds[-1]}",
        )
    lows = [0, *(b + 1 for b in bounds[:-1])]
    return (
        *(f"{lo}-{hi}" for lo, hi in zip(lows, bounds, strict=True)),
        f"over {bounds[-1]}",
    )


def _whole_days(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _bounds(buckets: Sequence[int], where: str) -> list[int]:
    bounds = list(buckets)
    if (
        not bounds
        or not all(_whole_days(b) for b in bounds)
        or any(b >= c for b, c in itertools.pairwise(bounds))
    ):
        message = (
            "expected increasing positive whole numbers of days, "
            f"got {tuple(buckets)!r}"
        )
        raise ValidationError(message, path="buckets", root=where)
    return bounds


def _factorize(
    codes: NDArray[np.generic],
) -> tuple[NDArray[np.generic], NDArray[np.intp], bool]:
    """Return the candidate codes, each item's row, and whether some may be absent.

    Integer codes in a compact range are their own rows (offset from the
    smallest), every code of the range a candidate; the caller drops the rows
    of codes that never occur. Anything else goes through a sort, which
    yields only codes that occur.
    """
    if codes.dtype.kind in "iu" and codes.size:
        low, high = int(codes.min()), int(codes.max())
        if high - low <= max(4 * codes.size, _DENSE_CODES):
            if low == 0 and codes.dtype == np.intp:
                return np.arange(high + 1), codes.astype(np.intp, copy=False), True
            offset = np.subtract(codes, low, dtype=np.intp)
            return np.arange(low, high + 1), offset, True
    names, row = np.unique(codes, return_inverse=True)
    return names, row.reshape(-1).astype(np.intp), False


def _sums(
    cells: NDArray[np.intp], values: NDArray[np.generic], size: int
) -> NDArray[np.generic]:
    """Per cell, the sum of its items' values: exact for whole numbers."""
    if values.dtype.kind == "f":
        return np.bincount(cells, weights=values, minlength=size)
    # bincount adds in float64: exact while no partial sum can reach 2**53,
    # which the largest size times the count bounds (the precise sum of
    # sizes decides only when that bound does not)
    if not values.size or (
        len(values) * max(abs(int(values.min())), abs(int(values.max()))) < _EXACT_FLOAT
        or int(np.abs(values).sum(dtype=np.float64)) < _EXACT_FLOAT
    ):
        return np.rint(np.bincount(cells, weights=values, minlength=size)).astype(
            np.int64
        )
    totals = np.zeros(size, dtype=np.int64)
    np.add.at(totals, cells, values.astype(np.int64))
    return totals


def _day(as_of: object, *, where: str) -> NDArray[np.datetime64]:
    """``as_of`` as a day: a date, or a datetime64 that is not NaT."""
    if isinstance(as_of, np.datetime64) and not np.isnat(as_of):
        return np.asarray(as_of, dtype="datetime64[D]")
    day = check_date(as_of, where=where, path="as_of")
    return np.asarray(day, dtype="datetime64[D]")


@checked
def ageing_arrays(
    dates: ArrayLike,
    amounts: ArrayLike,
    customers: ArrayLike,
    *,
    as_of: date | np.datetime64,
    basis: Basis = "due",
    buckets: Sequence[int] = (30, 60, 90),
) -> AgeingArrays:
    r"""Age amounts into buckets by customer, for many items at once.

    Parameters
    ----------
    dates
        ``datetime64[D]``: due dates when ``basis="due"``, issue dates when
        ``basis="invoice"``.
    amounts
        Open amounts: integers in minor units (exact), or floats.
    customers
        A customer code per item (strings or integers).
    as_of
        The day the report is for.
    basis
        ``"due"``: days past due, with a *not yet due* column first;
        ``"invoice"``: days since issue.
    buckets
        Inclusive upper bounds of the buckets in days, increasing; a last,
        open bucket follows. Widths may differ.

    Returns
    -------
    AgeingArrays
        Amounts per customer and bucket; each row adds up to the customer's
        open total.

    Raises
    ------
    ValidationError
        If the arrays differ in length, ``basis`` is unknown, or the bounds are
        not increasing positive whole numbers.

    Notes
    -----
    With :math:`d` the days past due (``as_of - due``) or since issue, an item
    falls in the first bucket whose upper bound :math:`b` has :math:`d \le b`;
    with ``basis="due"`` items with :math:`d \le 0` are *not yet due*. So a
    30-day-old item is in 1-30 (or 0-30), never 31-60.

    Examples
    --------
    >>> import numpy as np
    >>> due = np.array(["2024-07-10", "2024-06-14", "2024-05-01", "2024-03-21"],
    ...                dtype="datetime64[D]")
    >>> aged = ageing_arrays(due, np.array([100_000, 200_000, 150_000, 80_000]),
    ...                      np.array(["acme"] * 4), as_of=np.datetime64("2024-06-30"))
    >>> aged.labels
    ('not yet due', '1-30', '31-60', '61-90', 'over 90')
    >>> aged.amounts.tolist()
    [[100000, 200000, 150000, 0, 80000]]
    """
    where = "ageing_arrays"
    bounds = _bounds(buckets, where)
    days_of = day_array(dates, where=where, path="dates")
    values = np.asarray(amounts)
    values = (
        float_array(values, where=where, path="amounts", ndim=1)
        if values.dtype.kind == "f"
        else whole_array(values, where=where, path="amounts", ndim=1)
    )
    codes = np.asarray(customers)
    check_ndim(codes, 1, where=where, path="customers")
    if not (len(days_of) == len(values) == len(codes)):
        sizes = f"{len(days_of)}, {len(values)}, {len(codes)}"
        message = f"dates, amounts and customers differ in length ({sizes})"
        raise ValidationError(message, root=where)
    edges = np.array([0, *bounds] if basis == "due" else bounds, dtype=np.int64)
    names, row, sparse = _factorize(codes)
    rows = len(names)
    width = len(edges) + 1
    # Bucket-major cells: an item's cell is its bucket times the rows plus its
    # row. The bucket is the number of bounds its age exceeds, looked up from
    # its age clipped to the bounds' range (the same count for every age below
    # the first bound, or above the last).
    age = np.subtract(_day(as_of, where=where).astype(np.int64), days_of.view(np.int64))
    np.clip(age, edges[0], edges[-1] + 1, out=age)
    if edges[0]:
        age -= edges[0]
    step = np.searchsorted(edges, np.arange(edges[0], edges[-1] + 2), side="left")
    cells = (step * rows)[age]
    cells += row
    table = np.ascontiguousarray(
        _sums(cells, values, rows * width).reshape(width, rows).T
    )
    if sparse:
        # a row whose total is not zero has an item: only when some total is
        # zero are the rows looked at again, to drop codes that never occur
        present = table.any(axis=1)
        if not present.all():
            present = np.zeros(rows, dtype=bool)
            present[row] = True
            names, table = names[present], table[present]
    return AgeingArrays(
        customers=names,
        labels=_labels(bounds, basis),
        amounts=table,
    )


@attrs.frozen(kw_only=True)
class AgeingRow:
    """One customer's open amounts by bucket.

    Attributes
    ----------
    buckets
        One amount per label of the report; they add up to ``total``.
    disputed
        The part of ``total`` on disputed invoices.
    """

    customer: str
    buckets: tuple[Money, ...]
    total: Money
    disputed: Money


@attrs.frozen(kw_only=True)
class AgeingReport:
    """The aged debt report.

    Attributes
    ----------
    as_of, basis, labels
        The day, the basis (``"due"`` or ``"invoice"``) and the bucket labels.
    rows
        One per customer, sorted.
    total
        The column totals (customer ``"total"``).
    escalations
        Items more than the escalation threshold past due, most overdue first.
    currency
        The currency of the amounts (the reporting currency when asked for).
    """

    as_of: date
    basis: str
    labels: tuple[str, ...]
    rows: tuple[AgeingRow, ...]
    total: AgeingRow
    escalations: tuple[OpenItem, ...]
    currency: str


def _amount(item: OpenItem, *, reporting: bool) -> Money:
    if not reporting:
        return item.open
    if item.reporting_open is None:
        message = f"item {item.reference} has no amount in the reporting currency"
        raise ValidationError(message, path="items", root="ageing")
    return item.reporting_open


@checked
def ageing(
    items: Sequence[OpenItem],
    *,
    as_of: date,
    basis: Basis = "due",
    buckets: Sequence[int] = (30, 60, 90),
    escalate_after: int = 30,
    reporting: bool = False,
    currency: str | None = None,
) -> AgeingReport:
    """Return the aged debt report for open items.

    Parameters
    ----------
    items
        Open items, from :func:`open_items` for the same ``as_of``.
    as_of
        The day the report is for.
    basis
        ``"due"`` ages by days past due (delinquency) with a *not yet due*
        column; ``"invoice"`` by days since issue (billing age).
    buckets
        Inclusive upper bounds in days (see :func:`ageing_arrays`).
    escalate_after
        List items more than this many days past due for escalation ("no
        invoice more than 30 days late").
    reporting
        Report in the reporting currency (each item's ``reporting_open``) rather
        than the transaction currency.
    currency
        The report's currency. Taken from the items when not given; with no
        items it must be given (an empty report in a guessed currency would
        be wrong money). When given, every item must be in it.

    Returns
    -------
    AgeingReport
        Rows per customer and a total; every row's buckets add up to its
        outstanding total (items not yet due are a column, never dropped).

    Raises
    ------
    CurrencyMismatchError
        If items are in several transaction currencies and ``reporting`` is off,
        or in another currency than ``currency``.
    ValidationError
        If there are no items and no ``currency``.

    Notes
    -----
    Unlike the aged receivables report of some ERPs [#]_, items not yet due are a
    column of their own, so every row's buckets add up to its outstanding total.

    References
    ----------
    .. [#] Odoo, "Aged Partner Balance"; ERPNext, "Accounts Receivable" report
       (ageing by due or posting date, with configurable ranges).

    Examples
    --------
    The worked case, as of 2024-06-30:

    >>> from datetime import date
    >>> from accountkit import Money
    >>> from accountkit.finance import ItemKind, OpenItem
    >>> def item(ref, issued, due, amount):
    ...     return OpenItem(customer="acme", kind=ItemKind.INVOICE, reference=ref,
    ...                     instalment=None, issued_on=issued, due_on=due,
    ...                     original=Money(amount, "EUR"), open=Money(amount, "EUR"),
    ...                     reporting_open=None, disputed=False)
    >>> items = [item("INV1", date(2024, 6, 10), date(2024, 7, 10), "1000"),
    ...          item("INV2", date(2024, 5, 15), date(2024, 6, 14), "2000"),
    ...          item("INV3", date(2024, 4, 1), date(2024, 5, 1), "1500"),
    ...          item("INV4", date(2024, 2, 20), date(2024, 3, 21), "800")]
    >>> report = ageing(items, as_of=date(2024, 6, 30))
    >>> [str(amount) for amount in report.total.buckets]
    ['EUR 1,000.00', 'EUR 2,000.00', 'EUR 1,500.00', 'EUR 0.00', 'EUR 800.00']
    >>> [e.reference for e in report.escalations]
    ['INV4', 'INV3']
    """
    day = check_date(as_of, where="ageing", path="as_of")
    amounts = [_amount(item, reporting=reporting) for item in items]
    bounds = _bounds(buckets, "ageing")
    currency = _currency_of(amounts, currency)
    digits = Money.zero(currency).minor_units
    minor = np.array([_minor(a.amount, digits) for a in amounts], dtype=np.int64)
    dates = np.array(
        [i.due_on if basis == "due" else i.issued_on for i in items],
        dtype="datetime64[D]",
    )
    customers = np.array([i.customer for i in items], dtype=object)
    aged = unchecked(ageing_arrays)(
        dates, minor, customers, as_of=day, basis=basis, buckets=bounds
    )
    zero = Money.zero(currency)
    # one pass over the items, not one a customer
    in_dispute: dict[str, list[Money]] = {}
    for item, amount in zip(items, amounts, strict=True):
        if item.disputed:
            in_dispute.setdefault(item.customer, []).append(amount)
    rows = []
    for index, customer in enumerate(aged.customers.tolist()):
        cells = tuple(
            Money.from_minor_units(int(v), currency) for v in aged.amounts[index]
        )
        disputed = Money.total(in_dispute.get(customer, ()), currency=currency)
        rows.append(
            AgeingRow(
                customer=str(customer),
                buckets=cells,
                total=Money.total(cells, currency=currency),
                disputed=disputed,
            )
        )
    columns = tuple(
        Money.total((row.buckets[c] for row in rows), currency=currency)
        for c in range(len(aged.labels))
    )
    total = AgeingRow(
        customer="total",
        buckets=columns or tuple(zero for _ in aged.labels),
        total=Money.total(columns, currency=currency),
        disputed=Money.total((r.disputed for r in rows), currency=currency),
    )
    late = sorted(
        (
            i
            for i in items
            if (day - i.due_on).days > escalate_after and i.open.amount > 0
        ),
        key=lambda i: (i.due_on, i.reference),
    )
    return AgeingReport(
        as_of=day,
        basis=basis,
        labels=aged.labels,
        rows=tuple(rows),
        total=total,
        escalations=tuple(late),
        currency=currency,
    )


def _currency_of(amounts: Sequence[Money], given: str | None) -> str:
    """Return the report's currency: ``given``, or the items' one currency."""
    found = sorted({a.currency for a in amounts})
    if given is not None:
        check_currency(given, where="ageing")
        others = [c for c in found if c != given]
        if others:
            message = f"items in {', '.join(others)}, but the report is in {given}"
            raise CurrencyMismatchError(message, path="items", root="ageing")
        return given
    if len(found) > 1:
        message = (
            f"items in {', '.join(found)}; age one currency at a time, or "
            "pass reporting=True with reporting-currency amounts"
        )
        raise CurrencyMismatchError(message, path="items", root="ageing")
    if not found:
        message = (
            "no items to take the currency from: pass currency= for an empty report"
        )
        raise ValidationError(message, path="currency", root="ageing")
    return found[0]


def _minor(amount: Decimal, digits: int) -> int:
    scaled = amount.scaleb(digits)
    if scaled != scaled.to_integral_value():
        message = f"{amount} has more decimal places than the currency's minor unit"
        raise ValidationError(message, path="items", root="ageing")
    return int(scaled)
