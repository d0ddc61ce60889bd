"""Billing schedules: every invoice line a contract produces."""

import typing
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from accountkit._arrays import LAST_DAY, day_array, whole_array
from accountkit._checked import checked
from accountkit._frames import frame
from accountkit._validators import identifier, non_negative_decimal
from accountkit.contracts._agreements import Contract, charge_window
from accountkit.contracts._charges import (
    Charge,
    FixedFee,
    Frequency,
    Milestone,
    TimeAndMaterials,
    Timing,
    UnitPrice,
    price_units,
)
from accountkit.contracts._index import IndexSeries, index_for
from accountkit.contracts._kernel import (
    DAY,
    MONTH,
    SAFE_FEE,
    FeeLines,
    day_numbers,
    fee_lines,
)
from accountkit.contracts._kernel import add_months as add_months_array
from accountkit.contracts._kernel import end_of_month as end_of_month_array
from accountkit.contracts._terms import DueBasis, PaymentTerms
from accountkit.errors import ValidationError
from accountkit.money import (
    DEFAULT_ROUNDING,
    Money,
    check_rounding,
    round_quotient,
    to_decimal,
)
from accountkit.periods import Period, add_months

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BillingArrays",
    "BillingLine",
    "FeeArrays",
    "Usage",
    "billing_arrays",
    "billing_schedule",
    "contract_years",
    "due_dates",
    "fixed_fee_arrays",
]

_MONTHS_PER_YEAR = 12


def _quantity(value: object) -> Decimal:
    return to_decimal(value, where="Usage", path="quantity")


@attrs.frozen(kw_only=True)
class Usage:
    """What was consumed under a usage-priced charge in a period.

    Parameters
    ----------
    charge_id
        The :class:`TimeAndMaterials` or :class:`UnitPrice` charge it is billed
        under.
    period
        The days the usage happened in. For a unit price, a usage period must lie
        within one billing period; for time and materials, within one rate.
    quantity
        Units consumed: hours or days of a role (time and materials, in the rate's
        unit), or units of the priced thing.
    role
        The role that worked the time; time and materials only.
    """

    charge_id: str = attrs.field(validator=identifier)
    period: Period
    quantity: Decimal = attrs.field(converter=_quantity, validator=non_negative_decimal)
    role: str | None = None


@attrs.frozen(kw_only=True)
class BillingLine:
    """One invoice line: which charge, for which days, billed when, for how much.

    Attributes
    ----------
    charge_id
        The charge the line bills.
    service_period
        The days the line pays for.
    bill_on
        When it is invoiced.
    due_on
        When it falls due under the contract's payment terms.
    amount
        The amount, rounded to the currency's minor unit.
    basis
        How the amount was reached, in words ("monthly fee EUR 1,000.00 x 10/31
        days"), so it can be defended.
    """

    charge_id: str
    service_period: Period
    bill_on: date
    due_on: date
    amount: Money
    basis: str


# --- calendar grids ------------------------------------------------------------


def _grid(anchor: date, months: int, window: Period) -> Iterator[Period]:
    """Yield the periods ``[anchor + k*months, anchor + (k+1)*months)`` in ``window``.

    Every boundary is computed from the anchor, never by chaining.
    """
    offset = (window.start.year - anchor.year) * _MONTHS_PER_YEAR
    step = (offset + window.start.month - anchor.month) // months
    while add_months(anchor, step * months) > window.start:
        step -= 1
    while add_months(anchor, (step + 1) * months) <= window.start:
        step += 1
    while True:
        start = add_months(anchor, step * months)
        if start >= window.end:
            return
        yield Period(start, add_months(anchor, (step + 1) * months))
        step += 1


@checked
def contract_years(term: Period) -> tuple[Period, ...]:
    """Split a term into contract years counted from its start; the last may be short.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Period
    >>> [str(y.end) for y in contract_years(Period(date(2026, 3, 1), date(2028, 6, 1)))]
    ['2027-03-01', '2028-03-01', '2028-06-01']
    """
    if not isinstance(term, Period):
        message = f"expected a Period, got {type(term).__name__}"
        raise ValidationError(message, path="term", root="contract_years")
    return tuple(
        Period(year.start, min(year.end, term.end))
        for year in _grid(term.start, _MONTHS_PER_YEAR, term)
    )


# --- fixed fees -----------------------------------------------------------------


class _Pricing(NamedTuple):
    """How a charge's price moves from year to year.

    The day its price years count from, and the exact factor and words of each
    year (empty for a fixed price).
    """

    anchor: date
    factors: list[tuple[Fraction, str]]


def _pricing(
    charge: FixedFee | TimeAndMaterials | UnitPrice,
    term: Period,
    indices: Sequence[IndexSeries],
    until: date,
) -> _Pricing:
    """Return the price years of ``charge`` up to ``until`` (plus one)."""
    clause = charge.indexation
    if clause is None:
        return _Pricing(term.start, [])
    anchor = clause.anchor(term)
    series = index_for(
        clause.index, indices, ("charges", charge.id, "indexation"), "Contract"
    )
    years = _years_reached(anchor, until) + 2
    return _Pricing(anchor, clause.factors(series, term=term, years=years))


def _year_of(pricing: _Pricing, day: date) -> int:
    """Return the price year ``day`` falls in (0 before the first review)."""
    if not pricing.factors:
        return 0
    months = (day.year - pricing.anchor.year) * _MONTHS_PER_YEAR + (
        day.month - pricing.anchor.month
    )
    if add_months(pricing.anchor, months) > day:
        months -= 1
    return max(months // _MONTHS_PER_YEAR, 0)


def _fee_in_year(fee: FixedFee, year: int, pricing: _Pricing) -> Fraction:
    """Return the exact fee per full billing period in price year ``year``."""
    if pricing.factors:
        return Fraction(fee.amount.amount) * pricing.factors[year][0]
    if fee.escalation_rate is None or year <= 0:
        return Fraction(fee.amount.amount)
    return Fraction(fee.amount.amount) * (1 + Fraction(fee.escalation_rate)) ** year


FeeItem = tuple[FixedFee, Period, Sequence[IndexSeries]]
"""A recurring fee, its contract's term and the contract's index series."""


def fee_kernel(items: Sequence[FeeItem], rounding: str) -> FeeLines:
    """Run the fixed-fee kernel over recurring fees, each with its contract term."""
    windows = [charge_window(fee, term) or term for fee, term, _ in items]
    aligned = [
        date(window.start.year, 1, 1) if fee.calendar_aligned else term.start
        for (fee, term, _), window in zip(items, windows, strict=True)
    ]
    pricings = [
        _pricing(fee, term, indices, window.end)
        for (fee, term, indices), window in zip(items, windows, strict=True)
    ]
    years = [
        _years_reached(pricing.anchor, window.end) + 2
        for pricing, window in zip(pricings, windows, strict=True)
    ]
    rows = [
        _fee_row(fee, count, rounding, pricing)
        for (fee, _, _), count, pricing in zip(items, years, pricings, strict=True)
    ]
    largest = max((abs(value) for row in rows for value in row), default=0)
    # Fees too large for int64 products compute in Python ints (object arrays).
    kind = np.int64 if largest < SAFE_FEE else object
    table = np.zeros((len(items), max(years, default=1)), dtype=kind)
    for index, row in enumerate(rows):
        table[index, : len(row)] = row
    return fee_lines(
        anchor=day_numbers(aligned),
        months=np.array([fee.frequency.months for fee, _, _ in items], dtype=np.int64),
        window_start=day_numbers(w.start for w in windows),
        window_end=day_numbers(w.end for w in windows),
        term_start=day_numbers(pricing.anchor for pricing in pricings),
        fees=table,
        advance=np.array(
            [fee.timing is Timing.ADVANCE for fee, _, _ in items], dtype=bool
        ),
        rounding=rounding,
    )


def _fee_row(fee: FixedFee, count: int, rounding: str, pricing: _Pricing) -> list[int]:
    """Fee per period in minor units for price years ``0 .. count - 1``.

    Each year's escalated (or indexed) fee is rounded to the minor unit (the
    price on the invoice) before any proration.
    """
    digits = fee.amount.minor_units
    if fee.escalation_rate is None and not pricing.factors:
        exponent = fee.amount.amount.as_tuple().exponent
        exact = isinstance(exponent, int) and exponent >= -digits
        amount = fee.amount if exact else fee.amount.rounded(rounding)
        return [amount.to_minor_units()] * count
    row = []
    for year in range(count):
        value = _fee_in_year(fee, year, pricing) * 10**digits
        row.append(round_quotient(value.numerator, value.denominator, rounding))
    return row


def _years_reached(term_start: date, end: date) -> int:
    """How many contract years (from ``term_start``) the days before ``end`` touch."""
    months = (
        (end.year - term_start.year) * _MONTHS_PER_YEAR + end.month - term_start.month
    )
    return max(months // _MONTHS_PER_YEAR + 1, 1)


def _fixed_fee_lines(
    fee: FixedFee, term: Period, indices: Sequence[IndexSeries], rounding: str
) -> Iterator[tuple[Period, date, Money, str]]:
    window = charge_window(fee, term)
    if window is None:  # pragma: no cover - fees always have a window
        return
    if fee.frequency is Frequency.ONE_TIME:
        bill_on = window.start if fee.timing is Timing.ADVANCE else window.end
        yield (
            window,
            bill_on,
            fee.amount.rounded(rounding),
            f"one-time fee {fee.amount}",
        )
        return
    lines = fee_kernel([(fee, term, indices)], rounding)
    pricing = _pricing(fee, term, indices, window.end)
    currency = fee.amount.currency
    starts, ends, bills = (
        a.astype(object) for a in (lines.start, lines.end, lines.bill_on)
    )
    for index in range(len(lines.charge)):
        piece = Period(starts[index], ends[index])
        amount = Money.from_minor_units(int(lines.amount[index]), currency)
        period_days = int(lines.period_days[index])
        basis = _fee_basis(
            fee,
            (int(lines.year[index]), pricing),
            piece.days,
            period_days,
            rounding,
        )
        yield piece, bills[index], amount, basis


def _fee_basis(
    fee: FixedFee,
    priced: tuple[int, _Pricing],
    piece_days: int,
    period_days: int,
    rounding: str,
) -> str:
    year, pricing = priced
    label = f"{fee.frequency.value} fee {fee.amount}"
    if year > 0 and (fee.escalation_rate is not None or pricing.factors):
        escalated = Money.from_fraction(
            _fee_in_year(fee, year, pricing), fee.amount.currency, rounding=rounding
        )
        how = (
            f"indexed; {pricing.factors[year][1]}"
            if pricing.factors
            else f"escalated by {fee.escalation_rate} a year, contract year {year + 1}"
        )
        label = f"{fee.frequency.value} fee {escalated} ({fee.amount} {how})"
    if piece_days != period_days:
        label += f" x {piece_days}/{period_days} days"
    return label


# --- milestones -------------------------------------------------------------------


def _milestone_line(
    milestone: Milestone, *, forecast: bool, rounding: str
) -> tuple[Period, date, Money, str] | None:
    if milestone.accepted_on is not None:
        day, basis = (
            milestone.accepted_on,
            f"milestone accepted on {milestone.accepted_on}",
        )
    elif forecast:
        day, basis = (
            milestone.planned_on,
            f"milestone planned for {milestone.planned_on}",
        )
    else:
        return None
    return (
        Period(day, day + timedelta(days=1)),
        day,
        milestone.amount.rounded(rounding),
        basis,
    )


# --- usage ---------------------------------------------------------------------------


def _usage_for(
    charges: Sequence[Charge], term: Period, usage: Sequence[Usage]
) -> dict[int, list[tuple[int, Usage]]]:
    """Assign each usage record to the charge (version) whose window holds it."""
    assigned: dict[int, list[tuple[int, Usage]]] = {}
    for index, record in enumerate(usage):
        if not isinstance(record, Usage):
            message = f"expected Usage, got {type(record).__name__}"
            raise ValidationError(
                message, path=("usage", index), root="billing_schedule"
            )
        matches = [
            position
            for position, charge in enumerate(charges)
            if charge.id == record.charge_id
        ]
        if not matches:
            message = f"no charge {record.charge_id!r} on the contract"
            raise ValidationError(
                message, path=("usage", index, "charge_id"), root="billing_schedule"
            )
        holder = next(
            (
                position
                for position in matches
                if _holds(charges[position], term, record.period)
            ),
            None,
        )
        if holder is None:
            message = (
                f"{record.period.start.isoformat()} to {record.period.end.isoformat()} "
                f"is not within one window of charge {record.charge_id!r}"
            )
            raise ValidationError(
                message, path=("usage", index, "period"), root="billing_schedule"
            )
        charge = charges[holder]
        _check_kind(charge, record, index)
        assigned.setdefault(holder, []).append((index, record))
    return assigned


def _holds(charge: Charge, term: Period, period: Period) -> bool:
    window = charge_window(charge, term)
    return (
        window is not None and window.start <= period.start and period.end <= window.end
    )


def _check_kind(charge: Charge, record: Usage, index: int) -> None:
    where = ("usage", index)
    if isinstance(charge, TimeAndMaterials):
        if record.role is None:
            message = "time and materials usage needs the role that worked it"
            raise ValidationError(
                message, path=(*where, "role"), root="billing_schedule"
            )
    elif isinstance(charge, UnitPrice):
        if record.role is not None:
            message = "unit-price usage has no role"
            raise ValidationError(
                message, path=(*where, "role"), root="billing_schedule"
            )
    else:
        kind = type(charge).__name__
        message = f"charge {charge.id!r} is a {kind}, which is not usage-priced"
        raise ValidationError(
            message, path=(*where, "charge_id"), root="billing_schedule"
        )


def _time_lines(
    charge: TimeAndMaterials,
    records: Sequence[tuple[int, Usage]],
    pricing: _Pricing,
    rounding: str,
) -> Iterator[tuple[Period, date, Money, str]]:
    currency = charge.rate_card.rates[0].price.currency
    billed = Money.zero(currency)
    for index, record in sorted(records, key=lambda item: (item[1].period, item[0])):
        role = record.role or ""
        changes = charge.rate_card.changes_within(
            role, record.period.start, record.period.end
        ) + _reviews_within(pricing, record.period)
        if changes:
            message = (
                f"the rate for {role!r} changes on {min(changes).isoformat()}, inside "
                "this usage period; split the usage at that date"
            )
            raise ValidationError(
                message, path=("usage", index, "period"), root="billing_schedule"
            )
        try:
            rate = charge.rate_card.rate_for(role, record.period.start)
        except ValidationError as err:
            raise ValidationError(
                problems=[p.within(("usage", index)) for p in err.problems],
                root="billing_schedule",
            ) from err
        price, how = _indexed_price(rate.price, pricing, record.period.start, rounding)
        amount = (price * record.quantity).rounded(rounding)
        basis = f"{record.quantity} {rate.unit.value}s of {role} at {price}{how}"
        if charge.cap is not None and billed + amount > charge.cap:
            allowed = max(charge.cap - billed, Money.zero(currency))
            basis += f", cut from {amount} to the cap of {charge.cap}"
            amount = allowed
        billed += amount
        yield record.period, record.period.end, amount, basis


def _reviews_within(pricing: _Pricing, period: Period) -> list[date]:
    """Return the price reviews strictly inside ``period`` (a price change)."""
    return [
        review
        for year in range(1, len(pricing.factors))
        if period.start
        < (review := add_months(pricing.anchor, year * _MONTHS_PER_YEAR))
        < period.end
    ]


def _indexed_price(
    price: Money, pricing: _Pricing, day: date, rounding: str
) -> tuple[Money, str]:
    """Return ``price`` in the price year of ``day``, rounded, with its words."""
    year = _year_of(pricing, day)
    if not year:
        return price, ""
    factor, words = pricing.factors[year]
    indexed = Money.from_fraction(
        Fraction(price.amount) * factor, price.currency, rounding=rounding
    )
    return indexed, f" ({price} indexed; {words})"


def _unit_lines(
    charge: UnitPrice,
    term: Period,
    records: Sequence[tuple[int, Usage]],
    pricing: _Pricing,
    rounding: str,
) -> Iterator[tuple[Period, date, Money, str]]:
    window = charge_window(charge, term)
    if window is None:  # pragma: no cover - unit prices always have a window
        return
    months = charge.frequency.months or 1
    pending = list(records)
    for period in _grid(term.start, months, window):
        covered = period.overlap(window)
        if covered is None:  # pragma: no cover
            continue
        inside = [
            (i, r) for i, r in pending if covered.start <= r.period.start < covered.end
        ]
        for index, record in inside:
            if record.period.end > covered.end:
                message = (
                    f"straddles the billing period ending {covered.end.isoformat()}; "
                    "split the usage at that date"
                )
                raise ValidationError(
                    message, path=("usage", index, "period"), root="billing_schedule"
                )
        quantity = sum((r.quantity for _, r in inside), Decimal(0))
        line = _unit_amount(
            charge,
            quantity,
            reported=bool(inside),
            covered=covered,
            period=period,
            priced=(pricing, rounding),
        )
        if line is not None:
            yield covered, covered.end, *line


def _unit_amount(
    charge: UnitPrice,
    quantity: Decimal,
    *,
    reported: bool,
    covered: Period,
    period: Period,
    priced: tuple[_Pricing, str],
) -> tuple[Money, str] | None:
    pricing, rounding = priced
    year = _year_of(pricing, covered.start)
    factor, how = pricing.factors[year] if year else (Fraction(1), "")
    indexed = f" (indexed; {how})" if year else ""
    priced_amount = (
        Money.from_fraction(
            Fraction(price_units(charge, quantity).amount) * factor,
            charge.currency,
            rounding=rounding,
        )
        if reported
        else None
    )
    minimum = None
    if charge.minimum is not None:
        minimum = Money.from_fraction(
            Fraction(charge.minimum.amount)
            * factor
            * Fraction(covered.days, period.days),
            charge.minimum.currency,
            rounding=rounding,
        )
    if priced_amount is None and minimum is None:
        return None
    what = (
        f"{quantity} {charge.unit}s priced {charge.mode.value}"
        if reported
        else "no usage"
    )
    if minimum is not None and (priced_amount is None or priced_amount < minimum):
        share = "" if covered == period else f" x {covered.days}/{period.days} days"
        return (
            minimum,
            f"{what}; minimum commitment {charge.minimum}{share} applies{indexed}",
        )
    if priced_amount is None:  # pragma: no cover - handled above
        return None
    return priced_amount, what + indexed


# --- the schedule ----------------------------------------------------------------


@checked
def billing_schedule(
    contract: Contract,
    *,
    period: Period | None = None,
    usage: Sequence[Usage] = (),
    forecast: bool = False,
    rounding: str = DEFAULT_ROUNDING,
) -> tuple[BillingLine, ...]:
    r"""Return every invoice line the contract produces.

    Parameters
    ----------
    contract
        The contract; every approved change applies from its effective date
        (:meth:`Contract.amended`).
    period
        Only the lines billed within this period; all lines when ``None``.
    usage
        What was consumed under time-and-materials and unit-price charges.
    forecast
        Bill milestones not yet accepted on their planned date (for a forecast).
        Otherwise only accepted milestones bill, on their acceptance date.
    rounding
        Rounding mode for each line (half-up unless given).

    Returns
    -------
    tuple[BillingLine, ...]
        In order of bill date, then of the charges on the contract.

    Raises
    ------
    ValidationError
        If a usage record names no charge of the contract, lies outside its
        charge's window, straddles a billing period or a rate change, or lacks
        (or has) a role.

    Notes
    -----
    **Fixed fees** bill on a grid of periods of their frequency counted from the
    start of the term (or calendar months, quarters and years when
    ``calendar_aligned``); every boundary is ``add_months(anchor, k)``, never a
    chain of steps. In advance a line bills on the first day it covers; in
    arrears on the day after the last.

    *Proration* is by actual days. A line covering days :math:`[a, b)` of a
    billing period :math:`P` bills

    .. math:: \mathrm{round}(V(b)) - \mathrm{round}(V(a)),
              \qquad V(t) = \sum_{\text{days of } P \text{ before } t}
              \frac{f_{y(d)}}{|P|}

    where :math:`f_y` is the fee per period in contract year :math:`y`,
    rounded to the minor unit — the price the invoice shows after each uplift
    (:math:`f_y = \mathrm{round}(f_0 (1 + r)^y)` with escalation rate
    :math:`r`) — and :math:`|P|` is the number of days in :math:`P`. A full
    period bills exactly :math:`f_y`, and the parts of a period split by a
    change request, an anniversary or the charge's own window add up to it to
    the minor unit: no unit is ever created or lost. A period that crosses a
    contract anniversary of an escalating fee bills one line per side.

    **Milestones** bill on their acceptance date (or, with ``forecast``, their
    planned date). **Time and materials** bills each usage record in arrears at
    the role's rate on the first day of the record (a rate change inside a
    record is refused, not guessed), until the not-to-exceed cap is reached; the
    line that crosses the cap is cut to it. **Unit prices** bill each billing
    period in arrears: the period's quantities are summed and priced through the
    tiers, and the minimum commitment (prorated by days in a partial period)
    applies when the usage prices below it or none was reported.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Money, Period
    >>> monthly = Frequency.MONTHLY
    >>> fee = FixedFee(id="run", amount=Money("3100.00", "EUR"), frequency=monthly)
    >>> contract = Contract(
    ...     id="C-1", title="Service desk", kind=ContractKind.SOW, client="Northwind",
    ...     currency="EUR", term=Period(date(2026, 1, 21), date(2026, 4, 1)),
    ...     signed_on=date(2026, 1, 5), charges=(fee,),
    ... )
    >>> for line in billing_schedule(contract):
    ...     print(line.bill_on, line.amount, "|", line.basis)
    2026-01-21 EUR 3,100.00 | monthly fee EUR 3,100.00
    2026-02-21 EUR 3,100.00 | monthly fee EUR 3,100.00
    2026-03-21 EUR 1,100.00 | monthly fee EUR 3,100.00 x 11/31 days
    """
    if period is not None and not isinstance(period, Period):
        message = f"expected a Period or None, got {type(period).__name__}"
        raise ValidationError(message, path="period", root="billing_schedule")
    amended = contract.amended()
    found = charge_lines(amended, usage=usage, forecast=forecast, rounding=rounding)
    ordered = sorted(
        ((line.bill_on, position, line) for position, _, line in found),
        key=lambda item: (item[0], item[1], item[2].service_period),
    )
    return tuple(
        line for bill_on, _, line in ordered if period is None or bill_on in period
    )


def charge_lines(
    amended: Contract,
    *,
    usage: Sequence[Usage],
    forecast: bool,
    rounding: str,
) -> Iterator[tuple[int, bool, BillingLine]]:
    """Yield (charge position, usage was supplied, line) for an amended contract."""
    term = amended.term
    assigned = _usage_for(amended.charges, term, tuple(usage))
    for position, charge in enumerate(amended.charges):
        records = assigned.get(position, [])
        for service, bill_on, amount, basis in _charge_lines(
            charge,
            term,
            records,
            indices=amended.indices,
            forecast=forecast,
            rounding=rounding,
        ):
            line = BillingLine(
                charge_id=charge.id,
                service_period=service,
                bill_on=bill_on,
                due_on=amended.payment_terms.due_date(bill_on),
                amount=amount,
                basis=basis,
            )
            yield position, bool(records), line


def bill_amounts(
    amended: Contract,
    *,
    usage: Sequence[Usage],
    forecast: bool,
    rounding: str,
) -> Iterator[tuple[date, int]]:
    """Yield (bill day, amount in minor units) of each line of an amended contract.

    The lines of :func:`charge_lines`, with the same checks, for callers that
    only add them up: the recurring fixed fees come from one run of the fee
    kernel and no line record (nor its basis text) is made. Every line is
    rounded to the minor unit, so the amounts are exact.
    """
    term = amended.term
    assigned = _usage_for(amended.charges, term, tuple(usage))
    recurring: list[FeeItem] = []
    for position, charge in enumerate(amended.charges):
        if isinstance(charge, FixedFee) and charge.frequency is not Frequency.ONE_TIME:
            recurring.append((charge, term, amended.indices))
            continue
        records = assigned.get(position, [])
        for _, bill_on, amount, _ in _charge_lines(
            charge,
            term,
            records,
            indices=amended.indices,
            forecast=forecast,
            rounding=rounding,
        ):
            yield bill_on, amount.to_minor_units()
    if recurring:
        lines = fee_kernel(recurring, rounding)
        yield from zip(
            lines.bill_on.astype(object).tolist(), lines.amount.tolist(), strict=True
        )


def _charge_lines(
    charge: Charge,
    term: Period,
    records: Sequence[tuple[int, Usage]],
    *,
    indices: Sequence[IndexSeries],
    forecast: bool,
    rounding: str,
) -> Iterator[tuple[Period, date, Money, str]]:
    if isinstance(charge, FixedFee):
        yield from _fixed_fee_lines(charge, term, indices, rounding)
    elif isinstance(charge, Milestone):
        line = _milestone_line(charge, forecast=forecast, rounding=rounding)
        if line is not None:
            yield line
    else:
        window = charge_window(charge, term) or term
        last = max([window.end, *(r.period.end for _, r in records)])
        pricing = _pricing(charge, term, indices, last)
        if isinstance(charge, TimeAndMaterials):
            yield from _time_lines(charge, records, pricing, rounding)
        else:
            yield from _unit_lines(charge, term, records, pricing, rounding)


# --- portfolios as arrays -------------------------------------------------------------


class BillingArrays(NamedTuple):
    """Billing lines of many contracts as numpy arrays, one element per line.

    Build a DataFrame with ``pandas.DataFrame(arrays._asdict())``. Amounts are
    whole minor units (cents) in ``currency`` — exact, and summable with numpy.
    """

    contract: NDArray[np.int64]
    """Position of the line's contract in the input sequence."""
    charge_id: NDArray[np.object_]
    """The charge the line bills."""
    service_start: NDArray[np.datetime64]
    """First day the line covers."""
    service_end: NDArray[np.datetime64]
    """First day after the line."""
    bill_on: NDArray[np.datetime64]
    """When the line is invoiced."""
    due_on: NDArray[np.datetime64]
    """When it falls due under the contract's payment terms."""
    amount_minor: NDArray[np.int64] | NDArray[np.object_]
    """Amount in minor units of ``currency``."""
    currency: NDArray[np.object_]
    """ISO 4217 code of the amount."""

    def to_frame(self) -> "pd.DataFrame":
        """Return a DataFrame with one row per billing line.

        Columns ``contract``, ``charge_id``, ``service_start``,
        ``service_last`` (the last day the line covers: ``service_end`` less
        a day), ``bill_on``, ``due_on``, ``amount_minor`` and ``currency``.
        Needs pandas (``pip install 'accountkit[pandas]'``).
        """
        return frame(
            {
                "contract": self.contract,
                "charge_id": self.charge_id,
                "service_start": self.service_start,
                "service_last": self.service_end - np.timedelta64(1, "D"),
                "bill_on": self.bill_on,
                "due_on": self.due_on,
                "amount_minor": self.amount_minor,
                "currency": self.currency,
            },
            where="BillingArrays.to_frame",
        )


@checked
def due_dates(
    terms: PaymentTerms, bill_on: NDArray[np.datetime64]
) -> NDArray[np.datetime64]:
    """Return the due date of each bill date under ``terms`` (array form).

    The array form of :meth:`PaymentTerms.due_date`, tested against it.

    Raises
    ------
    ValidationError
        If a bill date is missing (NaT), a due date would fall past
        9999-12-31, or day-of-month terms put a due date before its bill date.
    """
    bill_on = day_array(bill_on, where="due_dates", path="bill_on")
    due = _due_dates(terms, bill_on)
    beyond = due > LAST_DAY
    if beyond.any():
        at = int(np.argmax(beyond))
        message = (
            f"{terms} puts the due date of {bill_on[at]} (index {at}) past the "
            "end of the calendar (9999-12-31)"
        )
        raise ValidationError(message, path="bill_on", root="due_dates")
    return due


def _due_dates(
    terms: PaymentTerms, bill_on: NDArray[np.datetime64]
) -> NDArray[np.datetime64]:
    days = np.timedelta64(terms.days, "D")
    if terms.basis is DueBasis.NET:
        return bill_on + days
    day = terms.day or 0
    if terms.basis is DueBasis.END_OF_MONTH_THEN_DAY:
        month_end = end_of_month_array(bill_on + days)
        next_length = end_of_month_array(month_end + np.timedelta64(1, "D")) - month_end
        return month_end + np.minimum(np.timedelta64(day, "D"), next_length)
    if terms.basis is DueBasis.DAY_ON_OR_AFTER:
        earliest = bill_on + days
        due = _clamped_days(earliest, day)
        later = due < earliest
        due[later] = _clamped_days(
            add_months_array(earliest[later], np.ones(int(later.sum()), np.int64)),
            day,
        )
        return due
    shifted = add_months_array(
        bill_on, np.full(len(bill_on), terms.months, dtype=np.int64)
    )
    if terms.basis is DueBasis.END_OF_MONTH:
        return end_of_month_array(shifted) + days
    due = _clamped_days(shifted, day)
    early = np.flatnonzero(due < bill_on)
    if early.size:
        first_early = int(early[0])
        message = (
            f"{terms} puts the due date {due[first_early]} before the bill date "
            f"{bill_on[first_early]}"
        )
        raise ValidationError(message, path="payment_terms", root="billing_arrays")
    return due


def _clamped_days(in_month: NDArray[np.datetime64], day: int) -> NDArray[np.datetime64]:
    """Return ``day`` of each date's month, or its last day if shorter."""
    first = in_month.astype(MONTH).astype(DAY)
    last_day = (end_of_month_array(in_month) - first).astype(np.int64)
    offset = np.minimum(day - 1, last_day).astype("timedelta64[D]")
    return typing.cast("NDArray[np.datetime64]", first + offset)


@checked
def billing_arrays(
    contracts: Sequence[Contract],
    *,
    forecast: bool = False,
    rounding: str = DEFAULT_ROUNDING,
) -> BillingArrays:
    """Return the billing lines of many contracts as arrays.

    The portfolio form of :func:`billing_schedule`, for data work: the same
    lines (same convention, same rounding), as numpy arrays instead of records.
    Recurring fixed fees, the bulk of a portfolio, are computed for all contracts
    at once in numpy.

    Parameters
    ----------
    contracts
        The contracts; each is taken with its approved changes applied.
    forecast
        Bill unaccepted milestones on their planned date.
    rounding
        Rounding mode for each line.

    Returns
    -------
    BillingArrays
        One element per line, ordered by contract, then as
        :func:`billing_schedule` orders a contract's lines.

    Notes
    -----
    Usage-priced charges bill what is committed without usage: unit-price
    minimum commitments; time and materials nothing. Price usage with
    :func:`billing_schedule`.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Money, Period
    >>> quarterly = Frequency.QUARTERLY
    >>> fee = FixedFee(id="run", amount=Money("500", "EUR"), frequency=quarterly)
    >>> book = [
    ...     Contract(id=f"C-{n}", title="Run", kind=ContractKind.SOW, client="Acme",
    ...              currency="EUR", term=Period.year(2026),
    ...              signed_on=date(2025, 12, 1), charges=(fee,))
    ...     for n in range(2)
    ... ]
    >>> arrays = billing_arrays(book)
    >>> arrays.contract.tolist(), int(arrays.amount_minor.sum())
    ([0, 0, 0, 0, 1, 1, 1, 1], 400000)
    >>> str(arrays.bill_on[1])
    '2026-04-01'
    """
    amended = [_amended(contract, index) for index, contract in enumerate(contracts)]
    recurring: list[FeeItem] = []
    homes: list[tuple[int, int]] = []
    rows: list[tuple[int, int, str, date, date, date, int, str]] = []
    for index, contract in enumerate(amended):
        for position, charge in enumerate(contract.charges):
            if (
                isinstance(charge, FixedFee)
                and charge.frequency is not Frequency.ONE_TIME
            ):
                recurring.append((charge, contract.term, contract.indices))
                homes.append((index, position))
                continue
            for service, bill_on, amount, _ in _charge_lines(
                charge,
                contract.term,
                (),
                indices=contract.indices,
                forecast=forecast,
                rounding=rounding,
            ):
                rows.append(
                    (
                        index,
                        position,
                        charge.id,
                        service.start,
                        service.end,
                        bill_on,
                        amount.to_minor_units(),
                        contract.currency,
                    )
                )
    parts = [_rows_to_columns(rows)]
    if recurring:
        parts.append(_fee_columns(recurring, homes, amended, rounding))
    columns = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    order = np.lexsort(
        (
            columns["service_start"],
            columns["position"],
            columns["bill_on"],
            columns["contract"],
        )
    )
    ordered = {key: value[order] for key, value in columns.items()}
    due = np.empty(len(order), dtype=DAY)
    for terms in {contract.payment_terms for contract in amended}:
        chosen = np.isin(
            ordered["contract"],
            [i for i, c in enumerate(amended) if c.payment_terms == terms],
        )
        due[chosen] = due_dates(terms, ordered["bill_on"][chosen])
    return BillingArrays(
        contract=ordered["contract"],
        charge_id=ordered["charge_id"],
        service_start=ordered["service_start"],
        service_end=ordered["service_end"],
        bill_on=ordered["bill_on"],
        due_on=due,
        amount_minor=ordered["amount_minor"],
        currency=ordered["currency"],
    )


def _amended(contract: Contract, index: int) -> Contract:
    if not isinstance(contract, Contract):
        message = f"expected a Contract, got {type(contract).__name__}"
        raise ValidationError(message, path=("contracts", index), root="billing_arrays")
    return contract.amended()


def _rows_to_columns(
    rows: Sequence[tuple[int, int, str, date, date, date, int, str]],
) -> dict[str, NDArray[Any]]:
    contract, position, charge_id, start, end, bill_on, amount, currency = (
        (list(column) for column in zip(*rows, strict=True))
        if rows
        else ([], [], [], [], [], [], [], [])
    )
    return {
        "contract": np.array(contract, dtype=np.int64),
        "position": np.array(position, dtype=np.int64),
        "charge_id": np.array(charge_id, dtype=object),
        "service_start": np.array(start, dtype=DAY),
        "service_end": np.array(end, dtype=DAY),
        "bill_on": np.array(bill_on, dtype=DAY),
        "amount_minor": np.array(amount, dtype=np.int64),
        "currency": np.array(currency, dtype=object),
    }


def _fee_columns(
    recurring: Sequence[FeeItem],
    homes: Sequence[tuple[int, int]],
    amended: Sequence[Contract],
    rounding: str,
) -> dict[str, NDArray[Any]]:
    lines = fee_kernel(recurring, rounding)
    home = np.array(homes, dtype=np.int64).reshape(-1, 2)
    ids = np.array([fee.id for fee, _, _ in recurring], dtype=object)
    currencies = np.array([amended[i].currency for i, _ in homes], dtype=object)
    return {
        "contract": home[lines.charge, 0],
        "position": home[lines.charge, 1],
        "charge_id": ids[lines.charge],
        "service_start": lines.start,
        "service_end": lines.end,
        "bill_on": lines.bill_on,
        "amount_minor": lines.amount,
        "currency": currencies[lines.charge],
    }


class FeeArrays(NamedTuple):
    """Billing lines of fixed fees given as columns, one element per line."""

    contract: NDArray[np.int64]
    """Row of the line's contract in the input columns."""
    service_start: NDArray[np.datetime64]
    """First day the line covers."""
    service_end: NDArray[np.datetime64]
    """First day after the line."""
    bill_on: NDArray[np.datetime64]
    """When the line is invoiced."""
    amount_minor: NDArray[np.int64] | NDArray[np.object_]
    """Amount in minor units."""


_PERIOD_MONTHS = frozenset({1, 3, 12})


@checked
def fixed_fee_arrays(
    start: ArrayLike,
    end: ArrayLike,
    fee_minor: ArrayLike,
    *,
    months: int = 1,
    advance: bool = True,
    calendar_aligned: bool = False,
    rounding: str = DEFAULT_ROUNDING,
) -> FeeArrays:
    """Return the billing lines of recurring fixed fees given as columns.

    For a portfolio held as columns (a DataFrame of contracts), without building
    :class:`Contract` objects: the same convention and the same kernel as
    :func:`billing_schedule`.

    Parameters
    ----------
    start, end
        Term of each contract, ``datetime64[D]`` (or anything numpy turns into
        it), half-open.
    fee_minor
        Fee per billing period in whole minor units: one per contract, or one row
        per contract with a column per contract year (a ramp or an escalation you
        computed); the last column repeats for later years.
    months
        Months per billing period: 1, 3 or 12.
    advance
        Bill in advance (else in arrears).
    calendar_aligned
        Bill calendar months, quarters or years rather than periods from each
        contract's start.
    rounding
        Rounding mode for prorated lines.

    Returns
    -------
    FeeArrays
        One element per line, by contract, then by period.

    Raises
    ------
    ValidationError
        If the columns differ in length, a term is empty, a fee is negative or not
        whole, or ``months`` is not 1, 3 or 12.

    Examples
    --------
    >>> import numpy as np
    >>> lines = fixed_fee_arrays(
    ...     np.array(["2026-01-31", "2026-02-15"], dtype="datetime64[D]"),
    ...     np.array(["2026-04-30", "2026-04-15"], dtype="datetime64[D]"),
    ...     np.array([100_000, 3_100], dtype=np.int64),
    ... )
    >>> [str(day) for day in lines.bill_on[:3]], lines.amount_minor[:3].tolist()
    (['2026-01-31', '2026-02-28', '2026-03-31'], [100000, 100000, 100000])
    """
    where = "fixed_fee_arrays"
    starts = _day_column(start, "start")
    ends = _day_column(end, "end")
    fees = whole_array(fee_minor, where=where, path="fee_minor")
    if fees.ndim == 1:
        fees = fees.reshape(-1, 1)
    if fees.ndim != 2:  # noqa: PLR2004 - a row of yearly fees a charge
        message = (
            "expected one fee (or a row of yearly fees) a charge, got shape "
            f"{fees.shape}"
        )
        raise ValidationError(message, path="fee_minor", root=where)
    if not (len(starts) == len(ends) == len(fees)):
        message = (
            f"start, end and fee_minor differ in length "
            f"({len(starts)}, {len(ends)}, {len(fees)})"
        )
        raise ValidationError(message, root=where)
    if fees.size and fees.min() < 0:
        message = "expected whole, non-negative minor units"
        raise ValidationError(message, path="fee_minor", root=where)
    empty = np.flatnonzero(ends <= starts)
    if empty.size:
        message = "the term ends on or before it starts"
        raise ValidationError(message, path=("end", int(empty[0])), root=where)
    if months not in _PERIOD_MONTHS:
        message = f"expected 1, 3 or 12 months per period, got {months!r}"
        raise ValidationError(message, path="months", root=where)
    check_rounding(rounding, where=where)
    reach = _contract_years_reached(starts, ends) + 2
    if fees.shape[1] < reach:
        fees = np.concatenate(
            [fees, np.repeat(fees[:, -1:], reach - fees.shape[1], axis=1)], axis=1
        )
    if fees.dtype.kind != "O" and fees.size and fees.max() >= SAFE_FEE:
        fees = fees.astype(object)
    anchor = starts
    if calendar_aligned:
        anchor = starts.view(DAY).astype("datetime64[Y]").astype(DAY).astype(np.int64)
    size = len(starts)
    lines = fee_lines(
        anchor=anchor,
        months=np.full(size, months, dtype=np.int64),
        window_start=starts,
        window_end=ends,
        term_start=starts,
        fees=fees if fees.dtype.kind == "O" else fees.astype(np.int64),
        advance=np.full(size, advance, dtype=bool),
        rounding=rounding,
    )
    return FeeArrays(
        contract=lines.charge,
        service_start=lines.start,
        service_end=lines.end,
        bill_on=lines.bill_on,
        amount_minor=lines.amount,
    )


def _day_column(values: ArrayLike, name: str) -> NDArray[np.int64]:
    return day_array(values, where="fixed_fee_arrays", path=name).astype(np.int64)


def _contract_years_reached(starts: NDArray[np.int64], ends: NDArray[np.int64]) -> int:
    if not len(starts):
        return 1
    spans = (ends - starts).max()
    return int(spans // 365) + 2
