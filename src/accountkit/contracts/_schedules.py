"""Billing schedules: every invoice line a contract produces."""

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

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
from accountkit.contracts._checks import identifier, non_negative_decimal
from accountkit.errors import ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money, to_decimal
from accountkit.periods import Period, add_months

__all__ = ["BillingLine", "Usage", "billing_schedule", "contract_years"]

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


def contract_years(term: Period) -> tuple[Period, ...]:
    """Split a term into contract years counted from its start; the last may be short.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Period
    >>> [str(y.end) for y in contract_years(Period(date(2026, 3, 1), date(2028, 6, 1)))]
    ['2027-03-01', '2028-03-01', '2028-06-01']
    """
    return tuple(
        Period(year.start, min(year.end, term.end))
        for year in _grid(term.start, _MONTHS_PER_YEAR, term)
    )


# --- fixed fees -----------------------------------------------------------------


def _fee_in_year(fee: FixedFee, year: int) -> Fraction:
    """Return the fee per full billing period in contract year ``year`` (0-based)."""
    if fee.escalation_rate is None or year <= 0:
        return Fraction(fee.amount.amount)
    return Fraction(fee.amount.amount) * (1 + Fraction(fee.escalation_rate)) ** year


def _year_index(term_start: date, day: date) -> int:
    """Which contract year ``day`` falls in (0-based; negative before the term)."""
    months = (
        (day.year - term_start.year) * _MONTHS_PER_YEAR + day.month - term_start.month
    )
    year = months // _MONTHS_PER_YEAR
    while add_months(term_start, year * _MONTHS_PER_YEAR) > day:
        year -= 1
    while add_months(term_start, (year + 1) * _MONTHS_PER_YEAR) <= day:
        year += 1
    return year


def _by_contract_year(term: Period, within: Period) -> list[tuple[int, Period]]:
    """Split ``within`` at contract anniversaries; pair each piece with its year."""
    year = _year_index(term.start, within.start)
    start, pieces = within.start, []
    while start < within.end:
        end = min(add_months(term.start, (year + 1) * _MONTHS_PER_YEAR), within.end)
        pieces.append((year, Period(start, end)))
        start, year = end, year + 1
    return pieces


def _accrued(fee: FixedFee, term: Period, period: Period, until: date) -> Fraction:
    """Return the exact value accrued from the start of ``period`` to ``until``."""
    if until <= period.start:
        return Fraction(0)
    pieces = _by_contract_year(term, Period(period.start, until))
    return sum(
        (
            _fee_in_year(fee, year) * Fraction(piece.days, period.days)
            for year, piece in pieces
        ),
        Fraction(0),
    )


def _fixed_fee_lines(
    fee: FixedFee, term: Period, rounding: str
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
    months = fee.frequency.months or _MONTHS_PER_YEAR
    anchor = date(window.start.year, 1, 1) if fee.calendar_aligned else term.start
    currency = fee.amount.currency

    def rounded(value: Fraction) -> Money:
        return Money.from_fraction(value, currency, rounding=rounding)

    for period in _grid(anchor, months, window):
        covered = period.overlap(window)
        if covered is None:  # pragma: no cover - the grid only yields meeting periods
            continue
        bill_on = covered.start if fee.timing is Timing.ADVANCE else covered.end
        for year, piece in _by_contract_year(term, covered):
            before = rounded(_accrued(fee, term, period, piece.start))
            after = rounded(_accrued(fee, term, period, piece.end))
            yield piece, bill_on, after - before, _fee_basis(fee, year, piece, period)


def _fee_basis(fee: FixedFee, year: int, piece: Period, period: Period) -> str:
    label = f"{fee.frequency.value} fee {fee.amount}"
    if year > 0 and fee.escalation_rate is not None:
        escalated = Money.from_fraction(_fee_in_year(fee, year), fee.amount.currency)
        label = (
            f"{fee.frequency.value} fee {escalated} ({fee.amount} escalated by "
            f"{fee.escalation_rate} a year, contract year {year + 1})"
        )
    if piece != period:
        label += f" x {piece.days}/{period.days} days"
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
    charge: TimeAndMaterials, records: Iterable[tuple[int, Usage]], rounding: str
) -> Iterator[tuple[Period, date, Money, str]]:
    currency = charge.rate_card.rates[0].price.currency
    billed = Money.zero(currency)
    for index, record in sorted(records, key=lambda item: (item[1].period, item[0])):
        role = record.role or ""
        changes = charge.rate_card.changes_within(
            role, record.period.start, record.period.end
        )
        if changes:
            message = (
                f"the rate for {role!r} changes on {changes[0].isoformat()}, inside "
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
        amount = (rate.price * record.quantity).rounded(rounding)
        basis = f"{record.quantity} {rate.unit.value}s of {role} at {rate.price}"
        if charge.cap is not None and billed + amount > charge.cap:
            allowed = max(charge.cap - billed, Money.zero(currency))
            basis += f", cut from {amount} to the cap of {charge.cap}"
            amount = allowed
        billed += amount
        yield record.period, record.period.end, amount, basis


def _unit_lines(
    charge: UnitPrice,
    term: Period,
    records: Sequence[tuple[int, Usage]],
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
            rounding=rounding,
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
    rounding: str,
) -> tuple[Money, str] | None:
    priced = price_units(charge, quantity).rounded(rounding) if reported else None
    minimum = None
    if charge.minimum is not None:
        minimum = Money.from_fraction(
            Fraction(charge.minimum.amount) * Fraction(covered.days, period.days),
            charge.minimum.currency,
            rounding=rounding,
        )
    if priced is None and minimum is None:
        return None
    what = (
        f"{quantity} {charge.unit}s priced {charge.mode.value}"
        if reported
        else "no usage"
    )
    if minimum is not None and (priced is None or priced < minimum):
        share = "" if covered == period else f" x {covered.days}/{period.days} days"
        return minimum, f"{what}; minimum commitment {charge.minimum}{share} applies"
    if priced is None:  # pragma: no cover - handled above
        return None
    return priced, what


# --- the schedule ----------------------------------------------------------------


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

    where :math:`f_y` is the fee per period in contract year :math:`y`
    (:math:`f_y = f_0 (1 + r)^y` with escalation rate :math:`r`) and
    :math:`|P|` is the number of days in :math:`P`. A full period bills exactly
    its rounded fee, and the parts of a period split by a change request, an
    anniversary or the charge's own window add up to it to the minor unit: no
    unit is ever created or lost. A period that crosses a contract anniversary
    of an escalating fee bills one line per side.

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
            charge, term, records, forecast=forecast, rounding=rounding
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


def _charge_lines(
    charge: Charge,
    term: Period,
    records: Sequence[tuple[int, Usage]],
    *,
    forecast: bool,
    rounding: str,
) -> Iterator[tuple[Period, date, Money, str]]:
    if isinstance(charge, FixedFee):
        yield from _fixed_fee_lines(charge, term, rounding)
    elif isinstance(charge, Milestone):
        line = _milestone_line(charge, forecast=forecast, rounding=rounding)
        if line is not None:
            yield line
    elif isinstance(charge, TimeAndMaterials):
        yield from _time_lines(charge, records, rounding)
    else:
        yield from _unit_lines(charge, term, records, rounding)
