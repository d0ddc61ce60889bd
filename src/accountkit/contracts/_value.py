"""What a contract is worth, how change requests moved it, and when it renews."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

from accountkit._checked import checked
from accountkit.contracts._agreements import (
    ChangeRequest,
    ChangeStatus,
    Contract,
    ContractKind,
    charge_window,
)
from accountkit.contracts._charges import (
    Charge,
    FixedFee,
    Frequency,
    Milestone,
    TimeAndMaterials,
)
from accountkit.contracts._schedules import Usage, charge_lines, contract_years
from accountkit.errors import ValidationError
from accountkit.money import DEFAULT_ROUNDING, Money
from accountkit.periods import Period, add_months, check_date

__all__ = [
    "ChangeImpact",
    "ChangeLog",
    "ChargeValue",
    "ContractValue",
    "RenewalStatus",
    "StatusTotal",
    "YearValue",
    "change_log",
    "contract_value",
    "renewal_status",
]

_MONTHS_PER_YEAR = 12
_TERM_YEARS_PLACES = 6


@attrs.frozen(kw_only=True)
class YearValue:
    """The value falling in one contract year.

    Attributes
    ----------
    period
        The contract year (the last may be short).
    recurring
        Recurring value: periodic fees, usage and committed usage.
    one_time
        One-time fees and milestones.
    total
        ``recurring + one_time``.
    """

    period: Period
    recurring: Money
    one_time: Money
    total: Money


@attrs.frozen(kw_only=True)
class ChargeValue:
    """What one charge (or one version of it) contributes to the contract value.

    Attributes
    ----------
    charge_id
        The charge.
    recurring
        Whether the value counts as recurring (in ACV) or one-time (not in ACV).
    value
        Its contribution to TCV; ``None`` when it has no contracted value (time
        and materials without a cap, and no usage supplied): it is left out of
        TCV, which names it in :attr:`ContractValue.without_value`, rather
        than counted as zero.
    basis
        How it was counted ("billing schedule", "not-to-exceed cap", ...).
    """

    charge_id: str
    recurring: bool
    value: Money | None
    basis: str


@attrs.frozen(kw_only=True)
class ContractValue:
    """Total and annual contract value, with the figures behind them.

    Attributes
    ----------
    tcv
        Total contract value: every contracted payment over the term, one-time
        fees and milestones included, escalations applied.
    acv
        Annual contract value: recurring value per contract year (one-time fees
        and milestones excluded), rounded to the minor unit.
    recurring
        Recurring value over the whole term.
    one_time
        One-time fees and milestones.
    term_years
        Length of the term in years (whole months / 12, plus the fraction of a
        last partial month), to six decimal places.
    years
        Value per contract year.
    charges
        Value per charge.
    without_value
        The charges with no contracted value (uncapped time and materials
        without usage), left out of TCV and ACV: the totals are then a lower
        bound, and say so.
    note
        Why the value is zero when the contract has no charges of its own (an
        MSA's worth is in the contracts under it); empty otherwise.
    """

    tcv: Money
    acv: Money
    recurring: Money
    one_time: Money
    term_years: Decimal
    years: tuple[YearValue, ...]
    charges: tuple[ChargeValue, ...]
    without_value: tuple[str, ...] = ()
    note: str = ""


def _term_years(term: Period) -> Fraction:
    """Whole months from the start, plus the used fraction of the next, over 12."""
    months = (
        (term.end.year - term.start.year) * _MONTHS_PER_YEAR
        + term.end.month
        - term.start.month
    )
    while add_months(term.start, months) > term.end:
        months -= 1
    reached = add_months(term.start, months)
    rest = Fraction(0)
    if reached < term.end:
        following = add_months(term.start, months + 1)
        rest = Fraction((term.end - reached).days, (following - reached).days)
    return (months + rest) / _MONTHS_PER_YEAR


def _is_recurring(charge: Charge) -> bool:
    if isinstance(charge, Milestone):
        return False
    return not (isinstance(charge, FixedFee) and charge.frequency is Frequency.ONE_TIME)


def _spread(amount: Money, service: Period, years: Sequence[Period]) -> list[Money]:
    """Split an amount over contract years by the days of ``service`` in each."""
    days = [
        overlap.days if (overlap := service.overlap(year)) is not None else 0
        for year in years
    ]
    if not any(days):
        nearest = 0 if service.start < years[0].start else len(years) - 1
        days[nearest] = 1
    return amount.allocate(days)


@checked
def contract_value(
    contract: Contract,
    *,
    usage: Sequence[Usage] = (),
    rounding: str = DEFAULT_ROUNDING,
) -> ContractValue:
    r"""Return what the contract is worth: TCV, ACV and the value per year.

    Parameters
    ----------
    contract
        The contract; every approved change applies from its effective date.
    usage
        Usage to price time-and-materials and unit-price charges with; without
        it they count only what is committed.
    rounding
        Rounding mode for billing lines and ACV (half-up unless given).

    Returns
    -------
    ContractValue
        The figures, per year and per charge, with how each charge was counted.

    Notes
    -----
    Definitions vary between companies; these are accountkit's:

    - **TCV** is the sum of every contracted payment over the term: the billing
      schedule of fixed fees (escalated, prorated) and milestones (accepted or
      planned), plus usage-priced charges at their committed value — a
      time-and-materials charge at its not-to-exceed cap (nothing if it has
      none), a unit-price charge at its minimum commitments — or, when usage
      for the charge is supplied, at what that usage bills.
    - **ACV** is recurring value (TCV less one-time fees and milestones) per
      year of term: :math:`ACV = R / Y` with :math:`Y` = whole months of the
      term over 12, plus the used fraction of a last partial month.
    - A contract year runs from an anniversary of the term's start; a line
      whose service period crosses an anniversary is split between the years by
      days, to the minor unit. A T&M cap is spread over the years by the days of
      the charge's window in each.

    Examples
    --------
    The issue's worked case: a three-year ramp (162,000, 171,000, 180,000 a
    year) plus a one-time implementation fee of 25,000.

    >>> from datetime import date
    >>> from accountkit import Money, Period
    >>> term = Period(date(2026, 1, 1), date(2029, 1, 1))
    >>> ramp = tuple(
    ...     FixedFee(id="service", amount=Money(fee, "EUR"), frequency=Frequency.ANNUAL,
    ...              start=year.start, end=year.end)
    ...     for fee, year in zip(("162000", "171000", "180000"), contract_years(term))
    ... )
    >>> setup = FixedFee(id="setup", amount=Money("25000", "EUR"),
    ...                  frequency=Frequency.ONE_TIME)
    >>> contract = Contract(id="C-9", title="Managed network", kind=ContractKind.SOW,
    ...                     client="Contoso", currency="EUR", term=term,
    ...                     signed_on=date(2025, 11, 20), charges=(*ramp, setup))
    >>> value = contract_value(contract)
    >>> print(value.tcv, "|", value.acv)
    EUR 538,000.00 | EUR 171,000.00
    >>> [str(year.total) for year in value.years]
    ['EUR 187,000.00', 'EUR 171,000.00', 'EUR 180,000.00']
    """
    amended = contract.amended()
    currency = amended.currency
    years = contract_years(amended.term)
    zero = Money.zero(currency)
    recurring_by_year = [zero] * len(years)
    one_time_by_year = [zero] * len(years)
    values: dict[int, tuple[Money, str]] = {}
    priced_with_usage: set[int] = set()
    for position, supplied, line in charge_lines(
        amended, usage=usage, forecast=True, rounding=rounding
    ):
        if supplied:
            priced_with_usage.add(position)
        if _is_recurring(amended.charges[position]):
            target, span = recurring_by_year, line.service_period
        else:  # a one-time amount belongs to the year it is billed in
            target = one_time_by_year
            span = Period(line.bill_on, line.bill_on + timedelta(days=1))
        shares = _spread(line.amount, span, years)
        for index, share in enumerate(shares):
            target[index] += share
        total, _ = values.get(position, (zero, ""))
        values[position] = (total + line.amount, "billing schedule")
    charges: list[ChargeValue] = []
    for position, charge in enumerate(amended.charges):
        value: Money | None
        value, basis = values.get(position, (zero, "no lines"))
        if isinstance(charge, TimeAndMaterials) and position not in priced_with_usage:
            value, basis = _committed_time(
                charge, amended.term, years, recurring_by_year
            )
        elif position in priced_with_usage:
            basis = "billing schedule priced with the usage supplied"
        charges.append(
            ChargeValue(
                charge_id=charge.id,
                recurring=_is_recurring(charge),
                value=value,
                basis=basis,
            )
        )
    recurring = Money.total(recurring_by_year, currency=currency)
    one_time = Money.total(one_time_by_year, currency=currency)
    term_years = _term_years(amended.term)
    return ContractValue(
        tcv=recurring + one_time,
        acv=Money.from_fraction(
            Fraction(recurring.amount) / term_years, currency, rounding=rounding
        ),
        recurring=recurring,
        one_time=one_time,
        term_years=_six_places(term_years),
        years=tuple(
            YearValue(period=year, recurring=r, one_time=o, total=r + o)
            for year, r, o in zip(
                years, recurring_by_year, one_time_by_year, strict=True
            )
        ),
        charges=tuple(charges),
        without_value=tuple(c.charge_id for c in charges if c.value is None),
        note=_note(amended),
    )


def _note(amended: Contract) -> str:
    """Say why a contract with no charges of its own is worth nothing alone."""
    if amended.charges:
        return ""
    if amended.kind is ContractKind.MSA:
        return (
            "no charges of its own: an MSA is worth the contracts under it "
            "(see rolled_value)"
        )
    return "no charges of its own"


def _six_places(value: Fraction) -> Decimal:
    """Round a non-negative Fraction half-up to a Decimal of six places."""
    whole, rest = divmod(value.numerator * 10**_TERM_YEARS_PLACES, value.denominator)
    if 2 * rest >= value.denominator:
        whole += 1
    return Decimal(f"{whole}E-{_TERM_YEARS_PLACES}")


def _committed_time(
    charge: TimeAndMaterials,
    term: Period,
    years: Sequence[Period],
    recurring_by_year: list[Money],
) -> tuple[Money | None, str]:
    if charge.cap is None:
        return (
            None,
            "no contracted value: time and materials without a cap (no usage supplied)",
        )
    window = charge_window(charge, term) or term
    for index, share in enumerate(_spread(charge.cap, window, years)):
        recurring_by_year[index] += share
    return charge.cap, "not-to-exceed cap (no usage supplied)"


# --- change requests -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ChangeImpact:
    """What one change request does (or would do) to the contract's value.

    Attributes
    ----------
    change_id, status, raised_on, effective_on, description
        From the change request.
    tcv_delta
        TCV after the change less TCV before it. For an approved change, before
        means with the approved changes that take effect earlier; for any other,
        with every approved change (what approving it now would add). ``None``
        if the change cannot apply (see ``problem``).
    acv_before, acv_after
        ACV on either side of the change, on the same basis.
    problem
        Why the change cannot apply to the contract, if it cannot.
    """

    change_id: str
    status: ChangeStatus
    raised_on: date
    effective_on: date
    description: str
    tcv_delta: Money | None
    acv_before: Money | None
    acv_after: Money | None
    problem: str | None = None


@attrs.frozen(kw_only=True)
class StatusTotal:
    """Change requests of one status: how many, and their value."""

    status: ChangeStatus
    count: int
    tcv_delta: Money


@attrs.frozen(kw_only=True)
class ChangeLog:
    """The change-request tracker of a contract.

    Attributes
    ----------
    entries
        One per change request, in the order they were raised.
    by_status
        Count and TCV delta per status (approved, proposed, rejected,
        withdrawn); a delta that cannot be computed counts as zero.
    """

    entries: tuple[ChangeImpact, ...]
    by_status: tuple[StatusTotal, ...]


@checked
def change_log(contract: Contract, *, usage: Sequence[Usage] = ()) -> ChangeLog:
    """Return the change-request tracker: the value each change added or removed.

    Parameters
    ----------
    contract
        The contract with its change history.
    usage
        Usage to value usage-priced charges with (see :func:`contract_value`).

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Money, Period
    >>> monthly = Frequency.MONTHLY
    >>> fee = FixedFee(id="run", amount=Money("1000", "EUR"), frequency=monthly)
    >>> uplift = ChangeRequest(
    ...     id="CR-1", raised_on=date(2026, 5, 2), status=ChangeStatus.APPROVED,
    ...     effective_on=date(2026, 7, 1),
    ...     replace=(FixedFee(id="run", amount=Money("1200", "EUR"),
    ...                       frequency=Frequency.MONTHLY),),
    ... )
    >>> contract = Contract(
    ...     id="C-1", title="Run", kind=ContractKind.SOW, client="Acme", currency="EUR",
    ...     term=Period.year(2026), signed_on=date(2025, 12, 1), charges=(fee,),
    ...     changes=(uplift,),
    ... )
    >>> entry = change_log(contract).entries[0]
    >>> print(entry.tcv_delta, "|", entry.acv_before, "->", entry.acv_after)
    EUR 1,200.00 | EUR 12,000.00 -> EUR 13,200.00
    """
    approved = sorted(
        (c for c in contract.changes if c.status is ChangeStatus.APPROVED),
        key=lambda c: (c.effective_on, c.raised_on, contract.changes.index(c)),
    )
    signed = attrs.evolve(contract, changes=())
    values = [contract_value(signed, usage=usage)]
    for count in range(1, len(approved) + 1):
        applied = attrs.evolve(contract, changes=tuple(approved[:count]))
        values.append(contract_value(applied, usage=usage))
    everything = values[-1]
    entries = []
    for change in sorted(contract.changes, key=lambda c: (c.raised_on, c.id)):
        if change.status is ChangeStatus.APPROVED:
            step = approved.index(change)
            before, after = values[step], values[step + 1]
            entries.append(_impact(change, before, after))
        else:
            entries.append(_hypothetical(contract, approved, change, everything, usage))
    return ChangeLog(
        entries=tuple(entries), by_status=_totals(entries, contract.currency)
    )


def _impact(
    change: ChangeRequest, before: ContractValue, after: ContractValue
) -> ChangeImpact:
    return ChangeImpact(
        change_id=change.id,
        status=change.status,
        raised_on=change.raised_on,
        effective_on=change.effective_on,
        description=change.description,
        tcv_delta=after.tcv - before.tcv,
        acv_before=before.acv,
        acv_after=after.acv,
    )


def _hypothetical(
    contract: Contract,
    approved: Sequence[ChangeRequest],
    change: ChangeRequest,
    before: ContractValue,
    usage: Sequence[Usage],
) -> ChangeImpact:
    as_approved = attrs.evolve(change, status=ChangeStatus.APPROVED)
    try:
        after = contract_value(
            attrs.evolve(contract, changes=(*approved, as_approved)), usage=usage
        )
    except ValidationError as err:
        return ChangeImpact(
            change_id=change.id,
            status=change.status,
            raised_on=change.raised_on,
            effective_on=change.effective_on,
            description=change.description,
            tcv_delta=None,
            acv_before=before.acv,
            acv_after=None,
            problem=str(err),
        )
    return _impact(change, before, after)


def _totals(entries: Sequence[ChangeImpact], currency: str) -> tuple[StatusTotal, ...]:
    return tuple(
        StatusTotal(
            status=status,
            count=sum(1 for e in entries if e.status is status),
            tcv_delta=Money.total(
                (
                    e.tcv_delta
                    for e in entries
                    if e.status is status and e.tcv_delta is not None
                ),
                currency=currency,
            ),
        )
        for status in ChangeStatus
    )


# --- renewal -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RenewalStatus:
    """Where a contract stands against its end date on a given day.

    Attributes
    ----------
    as_of
        The day the status is for.
    term
        The term in force on that day: the contracted term, or the renewal term
        it has rolled into.
    renewals
        How many times it has auto-renewed by then.
    expires_on
        The last day of ``term``.
    notice_deadline
        The last day notice can be given so that at least the notice period
        remains before the term ends (the last day of the term when there is no
        notice period).
    days_to_expiry
        Days from ``as_of`` to ``expires_on``: 0 on the last day, negative once
        expired.
    days_to_notice_deadline
        Days from ``as_of`` to ``notice_deadline``; negative once it has passed.
    auto_renew
        Whether the contract renews by itself.
    next_term
        The term it will renew into if no notice is given; ``None`` if it does
        not auto-renew.
    """

    as_of: date
    term: Period
    renewals: int
    expires_on: date
    notice_deadline: date
    days_to_expiry: int
    days_to_notice_deadline: int
    auto_renew: bool
    next_term: Period | None


@checked
def renewal_status(contract: Contract, *, as_of: date) -> RenewalStatus:
    """Return the expiry and notice position of a contract on ``as_of``.

    The term is the amended one (an approved extension moves it). An
    auto-renewing contract whose term has passed by ``as_of`` is taken to have
    renewed, as often as needed, each renewal counted from the end of the
    contracted term (``add_months(end, k * renewal_months)``).

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Period
    >>> contract = Contract(
    ...     id="C-1", title="Hosting", kind=ContractKind.SOW, client="Acme",
    ...     currency="EUR", term=Period(date(2024, 1, 1), date(2027, 1, 1)),
    ...     signed_on=date(2023, 12, 1),
    ...     renewal=RenewalTerms(auto_renew=True, renewal_months=12, notice_days=90),
    ... )
    >>> status = renewal_status(contract, as_of=date(2026, 9, 1))
    >>> status.expires_on, status.notice_deadline, status.days_to_notice_deadline
    (datetime.date(2026, 12, 31), datetime.date(2026, 10, 3), 32)
    >>> status.next_term
    Period(start=datetime.date(2027, 1, 1), end=datetime.date(2028, 1, 1))
    >>> renewal_status(contract, as_of=date(2027, 3, 1)).renewals
    1
    """
    day = check_date(as_of, where="renewal_status", path="as_of")
    amended = contract.amended()
    terms = amended.renewal
    end = amended.term.end
    term, renewals = amended.term, 0
    if terms.auto_renew:
        while day >= term.end:
            renewals += 1
            term = Period(term.end, add_months(end, renewals * terms.renewal_months))
    next_term = (
        Period(term.end, add_months(end, (renewals + 1) * terms.renewal_months))
        if terms.auto_renew
        else None
    )
    expires_on = term.end - timedelta(days=1)
    deadline = term.end - timedelta(days=max(terms.notice_days, 1))
    return RenewalStatus(
        as_of=day,
        term=term,
        renewals=renewals,
        expires_on=expires_on,
        notice_deadline=deadline,
        days_to_expiry=(expires_on - day).days,
        days_to_notice_deadline=(deadline - day).days,
        auto_renew=terms.auto_renew,
        next_term=next_term,
    )
