r"""Revenue against contract: variance per period, attainment, and its causes."""

import functools
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from statistics import NormalDist
from types import MappingProxyType
from typing import NamedTuple, TypeAlias

import attrs
import numpy as np

from accountkit._checked import checked
from accountkit._ratios import rate_of
from accountkit._validators import real_number, whole_number
from accountkit.contracts import Contract, Usage
from accountkit.contracts._schedules import bill_amounts
from accountkit.errors import (
    AccountkitError,
    CurrencyMismatchError,
    InsufficientDataError,
    Problem,
    ValidationError,
)
from accountkit.finance import _ets
from accountkit.finance._documents import CreditNote, Invoice
from accountkit.finance._ets import Spec
from accountkit.finance._forecasting import (
    SmoothingMethod,
    forecast,
    forecast_many,
    series_values,
)
from accountkit.finance._wallet import DEFAULT_RATE_PLACES
from accountkit.money import DEFAULT_ROUNDING, Money
from accountkit.periods import Period, check_date

__all__ = [
    "Attainment",
    "PeriodVariance",
    "RevenueVariance",
    "attainment",
    "billed_by_period",
    "contracted_by_period",
    "revenue_variance",
]

_HALF_UP = "ROUND_HALF_UP"
_DEFAULT_COVERAGE = 0.95


# --- inputs --------------------------------------------------------------------------


def _contracts(value: object, where: str) -> tuple[Contract, ...]:
    items: object = (value,) if isinstance(value, Contract) else value
    if isinstance(items, str) or not isinstance(items, Sequence) or not items:
        message = "expected a Contract or a non-empty sequence of them"
        raise ValidationError(message, path="contracts", root=where)
    problems = [
        Problem(("contracts", i), f"expected a Contract, got {type(c).__name__}")
        for i, c in enumerate(items)
        if not isinstance(c, Contract)
    ]
    if problems:
        raise ValidationError(problems=problems, root=where)
    found: tuple[Contract, ...] = tuple(items)
    currencies = {c.currency for c in found}
    if len(currencies) > 1:
        message = f"contracts in {', '.join(sorted(currencies))}: use one currency"
        raise CurrencyMismatchError(message, path="contracts", root=where)
    ids = [c.id for c in found]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        message = f"contract ids listed twice: {', '.join(twice)}"
        raise ValidationError(message, path="contracts", root=where)
    return found


def _periods(value: object, where: str) -> tuple[Period, ...]:
    if isinstance(value, Period):
        return (value,)
    if isinstance(value, str) or not isinstance(value, Sequence) or not value:
        message = "expected a non-empty sequence of Period"
        raise ValidationError(message, path="periods", root=where)
    found: list[Period] = []
    for index, period in enumerate(value):
        if not isinstance(period, Period):
            message = f"expected a Period, got {type(period).__name__}"
            raise ValidationError(message, path=("periods", index), root=where)
        if found and period.start < found[-1].end:
            message = (
                f"starts {period.start.isoformat()}, before the previous period "
                f"ends ({found[-1].end.isoformat()}): periods must be in order "
                "and must not overlap"
            )
            raise ValidationError(message, path=("periods", index), root=where)
        found.append(period)
    return tuple(found)


def _slots(periods: Sequence[Period]) -> Callable[[date], int | None]:
    """Return the finder of the period a day falls in (periods in order, apart)."""
    starts = [p.start for p in periods]
    ends = [p.end for p in periods]

    def slot(day: date) -> int | None:
        index = bisect_right(starts, day) - 1
        return index if index >= 0 and day < ends[index] else None

    return slot


# --- contracted and billed per period ------------------------------------------


@checked
def contracted_by_period(
    contracts: Contract | Sequence[Contract],
    periods: Period | Sequence[Period],
    *,
    usage: Sequence[Usage] = (),
    forecast_milestones: bool = True,
) -> tuple[Money, ...]:
    """Return what the contracts schedule to bill in each period.

    Parameters
    ----------
    contracts
        One contract, an account's or a portfolio's, in one currency.
    periods
        Ordered, non-overlapping periods (months, quarters, a year).
    usage
        Usage of time-and-materials and unit-price charges, by charge id.
    forecast_milestones
        Count milestones not yet accepted on their planned date (the default:
        what the contract expects); otherwise only accepted ones.

    Returns
    -------
    tuple[Money, ...]
        One amount per period: the billing lines whose bill date falls in it.

    Raises
    ------
    ValidationError
        If the periods overlap or are out of order, or usage names no charge.
    CurrencyMismatchError
        If the contracts are in different currencies.

    Notes
    -----
    Each contract bills by :func:`~accountkit.contracts.billing_schedule`, so
    every approved change request applies from its effective date: the
    contracted figure for a period is what the contract, as amended at that
    time, bills in it.
    """
    where = "contracted_by_period"
    found = _contracts(contracts, where)
    slots = _periods(periods, where)
    return _contracted(found, slots, usage, forecast_milestones)


def _contracted(
    contracts: Sequence[Contract],
    periods: Sequence[Period],
    usage: Sequence[Usage],
    forecast_milestones: bool,  # noqa: FBT001 - private
) -> tuple[Money, ...]:
    currency = contracts[0].currency
    totals = [0] * len(periods)
    slot = _slots(periods)
    for contract in contracts:
        amended = contract.amended()
        charges = {c.id for c in contract.charges}
        charges |= {c.id for c in amended.charges}
        own = [u for u in usage if u.charge_id in charges]
        # the lines billing_schedule gives, added up in minor units
        for bill_on, amount in bill_amounts(
            amended, usage=own, forecast=forecast_milestones, rounding=DEFAULT_ROUNDING
        ):
            index = slot(bill_on)
            if index is not None:
                totals[index] += amount
    return tuple(Money.from_minor_units(total, currency) for total in totals)


@checked
def billed_by_period(
    invoices: Sequence[Invoice],
    periods: Period | Sequence[Period],
    *,
    credit_notes: Sequence[CreditNote] = (),
    contract_ids: Sequence[str] | None = None,
    currency: str,
) -> tuple[Money, ...]:
    """Return what was billed in each period: invoices less credit notes.

    Parameters
    ----------
    invoices
        Invoices, counted by issue date.
    periods
        Ordered, non-overlapping periods.
    credit_notes
        Credit notes, counted by issue date against the invoice they credit.
    contract_ids
        Count only invoices naming one of these contracts (and the credit notes
        against them); every invoice when ``None``.
    currency
        The currency of the figures; an invoice in another is an error.

    Raises
    ------
    CurrencyMismatchError
        If a counted invoice or credit note is in another currency.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Money, Period
    >>> from accountkit.finance import Invoice
    >>> bill = Invoice(id="I-1", customer="acme", issued_on=date(2026, 1, 31),
    ...                amount=Money("900", "EUR"), due_on=date(2026, 3, 2))
    >>> billed_by_period([bill], [Period.month(2026, 1), Period.month(2026, 2)],
    ...                  currency="EUR")
    (Money('900.00', 'EUR'), Money('0.00', 'EUR'))
    """
    where = "billed_by_period"
    slots = _periods(periods, where)
    ledger = _Ledger(invoices, credit_notes, contract_ids, currency, where)
    totals, _ = _billed(ledger, slots)
    return totals


class _Ledger(NamedTuple):
    """The billing documents of a scope: what counts, in which currency."""

    invoices: Sequence[Invoice]
    credit_notes: Sequence[CreditNote]
    contract_ids: Sequence[str] | None
    currency: str
    where: str


def _billed(
    ledger: _Ledger, periods: Sequence[Period], *, by_contract_too: bool = False
) -> tuple[tuple[Money, ...], dict[str, list[Money]]]:
    """Return billed totals per period, and (if asked) per contract id per period."""
    wanted = None if ledger.contract_ids is None else set(ledger.contract_ids)
    currency, where = ledger.currency, ledger.where
    totals = [Money.zero(currency) for _ in periods]
    # a row of zeros is made only for a contract met for the first time
    by_contract: defaultdict[str, list[Money]] = defaultdict(
        lambda: [Money.zero(currency) for _ in periods]
    )

    slot = _slots(periods)

    def add(contract_id: str | None, day: date, amount: Money) -> None:
        index = slot(day)
        if index is None:
            return
        totals[index] += amount
        if by_contract_too and contract_id is not None:
            by_contract[contract_id][index] += amount

    counted: dict[str, str | None] = {}
    for index, invoice in enumerate(ledger.invoices):
        if not isinstance(invoice, Invoice):
            message = f"expected an Invoice, got {type(invoice).__name__}"
            raise ValidationError(message, path=("invoices", index), root=where)
        if wanted is not None and invoice.contract_id not in wanted:
            continue
        _check_currency(invoice.amount, currency, ("invoices", index), where)
        counted[invoice.id] = invoice.contract_id
        add(invoice.contract_id, invoice.issued_on, invoice.amount)
    for index, note in enumerate(ledger.credit_notes):
        if not isinstance(note, CreditNote):
            message = f"expected a CreditNote, got {type(note).__name__}"
            raise ValidationError(message, path=("credit_notes", index), root=where)
        if note.invoice_id not in counted:
            continue
        _check_currency(note.amount, currency, ("credit_notes", index), where)
        add(counted[note.invoice_id], note.issued_on, -note.amount)
    return tuple(totals), dict(by_contract)


def _check_currency(
    amount: Money, currency: str, path: tuple[str | int, ...], where: str
) -> None:
    if amount.currency != currency:
        message = f"in {amount.currency}, the figures are in {currency}"
        raise CurrencyMismatchError(message, path=(*path, "amount"), root=where)


@attrs.frozen(kw_only=True)
class PeriodVariance:
    """Billed against contracted revenue in one period, and to date.

    Attributes
    ----------
    period
        The period.
    contracted, billed
        What the contracts schedule to bill in it, and what was billed.
    variance
        ``billed - contracted``: positive is ahead of contract.
    variance_rate
        ``variance / contracted``; ``None`` when nothing was contracted.
    cumulative_contracted, cumulative_billed, cumulative_variance
        The same from the first period through this one.
    cumulative_rate
        ``cumulative_variance / cumulative_contracted``, or ``None``.
    """

    period: Period
    contracted: Money
    billed: Money
    variance: Money
    variance_rate: Decimal | None
    cumulative_contracted: Money
    cumulative_billed: Money
    cumulative_variance: Money
    cumulative_rate: Decimal | None


@attrs.frozen(kw_only=True)
class RevenueVariance:
    """Revenue against contract over a run of periods.

    Attributes
    ----------
    contracts
        The contracts measured.
    periods
        One row per period; the last row's cumulative figures are the totals.
    unmatched
        Invoices in the periods that name no contract in scope and were not
        counted (their ids): nothing is dropped silently.
    """

    contracts: tuple[str, ...]
    periods: tuple[PeriodVariance, ...]
    unmatched: tuple[str, ...]

    @property
    def variance(self) -> Money:
        """Billed less contracted over all the periods."""
        return self.periods[-1].cumulative_variance


def _rows(
    periods: Sequence[Period],
    contracted: Sequence[Money],
    billed: Sequence[Money],
    places: int,
) -> tuple[PeriodVariance, ...]:
    rows = []
    zero = Money.zero(contracted[0].currency)
    total_contracted, total_billed = zero, zero
    for period, planned, actual in zip(periods, contracted, billed, strict=True):
        total_contracted += planned
        total_billed += actual
        rows.append(
            PeriodVariance(
                period=period,
                contracted=planned,
                billed=actual,
                variance=actual - planned,
                variance_rate=rate_of(actual - planned, planned, places),
                cumulative_contracted=total_contracted,
                cumulative_billed=total_billed,
                cumulative_variance=total_billed - total_contracted,
                cumulative_rate=rate_of(
                    total_billed - total_contracted, total_contracted, places
                ),
            )
        )
    return tuple(rows)


def _unmatched(
    invoices: Sequence[Invoice], ids: set[str], clients: set[str], span: Period
) -> tuple[str, ...]:
    return tuple(
        sorted(
            i.id
            for i in invoices
            if i.contract_id not in ids
            and i.customer in clients
            and i.issued_on in span
        )
    )


@checked
def revenue_variance(
    contracts: Contract | Sequence[Contract],
    invoices: Sequence[Invoice],
    periods: Period | Sequence[Period],
    *,
    credit_notes: Sequence[CreditNote] = (),
    usage: Sequence[Usage] = (),
    places: int = DEFAULT_RATE_PLACES,
) -> RevenueVariance:
    r"""Return billed revenue against contracted revenue, per period and to date.

    Parameters
    ----------
    contracts
        One contract, an account's or a portfolio's, in one currency.
    invoices
        Invoices; one counts when it names one of the contracts
        (``Invoice.contract_id``), in the period of its issue date.
    periods
        Ordered, non-overlapping periods, e.g. the months of a fiscal year.
    credit_notes
        Credit notes against counted invoices, netted in their issue period.
    usage
        Usage of the contracts' usage-priced charges (their contracted value).
    places
        Decimal places of the variance rates (half-up).

    Returns
    -------
    RevenueVariance
        Per period, and cumulative.

    Raises
    ------
    ValidationError
        If the periods overlap or are out of order, or an input is not what it
        should be.
    CurrencyMismatchError
        If contracts or counted invoices are in different currencies.

    Notes
    -----
    .. math:: v_p = B_p - C_p, \qquad r_p = v_p / C_p, \qquad
              V_p = \sum_{q \le p} B_q - \sum_{q \le p} C_q

    where :math:`C_p` is what the contracts (as amended at the time, see
    :func:`contracted_by_period`) bill in period :math:`p` and :math:`B_p` what
    was invoiced less credited in it. Invoices of the contracts' clients that
    name no contract in scope are listed in ``unmatched``, not counted.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Money, Period
    >>> from accountkit.contracts import Contract, ContractKind, FixedFee, Frequency
    >>> from accountkit.finance import Invoice
    >>> fee = FixedFee(id="run", amount=Money("1000", "EUR"),
    ...                frequency=Frequency.MONTHLY)
    >>> contract = Contract(
    ...     id="C-1", title="Run", kind=ContractKind.SOW, client="acme",
    ...     currency="EUR", term=Period.year(2026), signed_on=date(2025, 12, 1),
    ...     charges=(fee,))
    >>> bills = [Invoice(id=f"I-{m}", customer="acme", issued_on=date(2026, m, 1),
    ...                  amount=Money(amount, "EUR"), due_on=date(2026, m, 28),
    ...                  contract_id="C-1")
    ...          for m, amount in ((1, "1000"), (2, "800"))]
    >>> months = [Period.month(2026, 1), Period.month(2026, 2)]
    >>> result = revenue_variance(contract, bills, months)
    >>> [(str(p.variance), p.variance_rate) for p in result.periods]
    [('EUR 0.00', Decimal('0.0000')), ('EUR -200.00', Decimal('-0.2000'))]
    >>> result.variance
    Money('-200.00', 'EUR')
    """
    where = "revenue_variance"
    whole_number(places, where=where, path="places", minimum=0)
    found = _contracts(contracts, where)
    slots = _periods(periods, where)
    currency = found[0].currency
    ids = {c.id for c in found}
    contracted = _contracted(found, slots, usage, True)  # noqa: FBT003
    ledger = _Ledger(invoices, credit_notes, sorted(ids), currency, where)
    billed, _ = _billed(ledger, slots)
    span = Period(slots[0].start, slots[-1].end)
    return RevenueVariance(
        contracts=tuple(sorted(ids)),
        periods=_rows(slots, contracted, billed, places),
        unmatched=_unmatched(invoices, ids, {c.client for c in found}, span),
    )


# --- attainment ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Attainment:
    """Where a (fiscal) year's billed revenue stands against contract.

    Attributes
    ----------
    year
        The year measured.
    as_of
        The last day of actuals.
    billed_to_date, contracted_to_date
        From the start of the year through ``as_of``.
    contracted_for_year
        What the contracts bill in the whole year: the target (the year's ACV
        as the contracts schedule it).
    run_rate
        Year-end projection from each contract's monthly billing so far,
        carried on only to the end of its term.
    forecast
        Year-end projection from an exponential smoothing forecast of the
        monthly billing; ``None`` when the history is too short (see
        ``notes``).
    forecast_lower, forecast_upper
        Its prediction interval at ``coverage``.
    coverage
        The interval's nominal coverage.
    gap_to_target
        ``contracted_for_year - forecast`` (``run_rate`` when there is no
        forecast): what is still to be found.
    probability
        Chance of reaching ``contracted_for_year`` under the forecast's
        normal errors; ``None`` without a forecast.
    notes
        How the projections were made, and anything left out.
    """

    year: Period
    as_of: date
    billed_to_date: Money
    contracted_to_date: Money
    contracted_for_year: Money
    run_rate: Money
    forecast: Money | None
    forecast_lower: Money | None
    forecast_upper: Money | None
    coverage: float
    gap_to_target: Money
    probability: float | None
    notes: tuple[str, ...]


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


@functools.lru_cache(maxsize=4096)
def _month(index: int) -> Period:
    """Return month ``index`` (months since year 0); periods are immutable."""
    return Period.month(index // 12, index % 12 + 1)


def _run_rate(
    contracts: Sequence[Contract],
    by_contract: dict[str, list[Money]],
    months: Sequence[Period],
    elapsed: int,
    notes: list[str],
) -> Money:
    """Billed so far plus each contract's monthly average over its remaining months."""
    currency = contracts[0].currency
    total = Money.zero(currency)
    for contract in contracts:
        row = by_contract.get(contract.id)
        if row is None:
            continue
        done = Money.total(row[:elapsed], currency=currency)
        total += done
        active = [
            m
            for m in months[:elapsed]
            if m.overlap(contract.amended().term) is not None
        ]
        if not active:
            continue
        end = min(contract.amended().term.end, months[-1].end)
        remaining = sum(1 for m in months[elapsed:] if m.start < end)
        if remaining < len(months) - elapsed:
            notes.append(
                f"{contract.id} ends {end.isoformat()}: its run rate stops there"
            )
        monthly = Fraction(done.amount) / len(active)
        total += Money.from_fraction(monthly * remaining, currency)
    return total


@checked
def attainment(
    contracts: Contract | Sequence[Contract],
    invoices: Sequence[Invoice],
    *,
    year: Period,
    as_of: date,
    credit_notes: Sequence[CreditNote] = (),
    usage: Sequence[Usage] = (),
    history_months: int = 36,
    seasonal_periods: int | None = None,
    coverage: float = _DEFAULT_COVERAGE,
) -> Attainment:
    r"""Return billed revenue to date against contract for a year, and projections.

    Parameters
    ----------
    contracts
        One contract, an account's or a portfolio's, in one currency.
    invoices
        Invoices naming the contracts (``Invoice.contract_id``).
    year
        The (fiscal) year, starting on the first of a month
        (:meth:`~accountkit.periods.Period.year`).
    as_of
        The last day of actuals; the months after the last complete one are
        projected.
    credit_notes
        Credit notes against the invoices.
    usage
        Usage of usage-priced charges.
    history_months
        How many complete months before ``as_of`` the forecast learns from
        (from the first month with billing).
    seasonal_periods
        Let the forecast consider seasonal models (12 for a yearly pattern in
        monthly billing; needs two years of history).
    coverage
        Coverage of the projection's interval.

    Returns
    -------
    Attainment
        Actuals, target, both projections, the gap and the chance of closing it.

    Raises
    ------
    ValidationError
        If ``as_of`` is outside the year, the year does not start on the first
        of a month, or an input is malformed.

    Notes
    -----
    **Run rate.** For each contract, the average monthly billing over the
    complete months of the year in which its term was active, carried on over
    the remaining months up to the end of its term: an expiring contract
    leaves the run-rate base when it ends.

    **Forecast.** The account's monthly billing (complete months, up to
    ``history_months`` of them) is forecast with :func:`forecast` (model
    chosen by AICc) for the months left in the year. The year-end projection
    is the billing of the complete months plus the forecast total
    :math:`\hat S`, whose standard deviation :math:`\sigma_S` accounts for the
    correlation of successive forecast errors (:meth:`Forecast.total`). The
    chance of reaching the target :math:`T` is

    .. math:: P = 1 - \Phi\Big(\frac{T - B - \hat S}{\sigma_S}\Big)

    with :math:`B` the billing of the complete months. Invoices of the current,
    incomplete month count in ``billed_to_date`` but not in the projections,
    where that month's forecast stands for the whole month.
    """
    setup = _setup(
        contracts,
        invoices,
        year=year,
        as_of=as_of,
        credit_notes=credit_notes,
        history_months=history_months,
        coverage=coverage,
    )
    found, day, months, elapsed, ledger = setup[:5]
    currency, z_level = found[0].currency, setup.z_level
    notes: list[str] = []
    following = day + timedelta(days=1)
    to_date = Period(year.start, following)
    billed_to_date = _billed(ledger, (to_date,))[0][0]
    # one schedule of each contract, split at the day after as_of (the sums
    # are exact, so the year is the two parts added)
    if following < year.end:
        rest = Period(following, year.end)
        contracted_to_date, later = _contracted(
            found,
            (to_date, rest),
            usage,
            True,  # noqa: FBT003
        )
        contracted_for_year = contracted_to_date + later
    else:
        (contracted_to_date,) = _contracted(found, (to_date,), usage, True)  # noqa: FBT003
        contracted_for_year = contracted_to_date

    in_year, by_contract = _billed(ledger, months, by_contract_too=True)
    run_rate = _run_rate(found, by_contract, months, elapsed, notes)
    complete = Money.total(in_year[:elapsed], currency=currency)
    to_forecast = _forecast_input(setup, seasonal_periods)

    projected = lower = upper = None
    probability = None
    if to_forecast is None:
        projected = lower = upper = complete
        probability = 1.0 if complete >= contracted_for_year else 0.0
    else:
        history, key = to_forecast
        try:
            mean, spread, method = outlook(key)
        except InsufficientDataError:
            notes.append(
                f"no forecast: {len(history)} months of billing history, 4 needed"
            )
        else:
            z = NormalDist().inv_cdf(0.5 + z_level / 2)
            base = Fraction(complete.amount)
            projected = Money.from_fraction(base + Fraction(mean), currency)
            lower = Money.from_fraction(base + Fraction(mean - z * spread), currency)
            upper = Money.from_fraction(base + Fraction(mean + z * spread), currency)
            # The shortfall stays exact; only its z-score (a statistic) is float.
            short = Fraction(contracted_for_year.amount) - base - Fraction(mean)
            probability = (
                (1.0 if short <= 0 else 0.0)
                if spread == 0
                else 1.0 - NormalDist().cdf(float(short / Fraction(spread)))
            )
            notes.append(
                f"forecast: {method.value} on {len(history)} months of billing"
            )
    target_gap = contracted_for_year - (
        projected if projected is not None else run_rate
    )
    return Attainment(
        year=year,
        as_of=day,
        billed_to_date=billed_to_date,
        contracted_to_date=contracted_to_date,
        contracted_for_year=contracted_for_year,
        run_rate=run_rate,
        forecast=projected,
        forecast_lower=lower,
        forecast_upper=upper,
        coverage=z_level,
        gap_to_target=target_gap,
        probability=None if probability is None else float(probability),
        notes=tuple(notes),
    )


class _Setup(NamedTuple):
    """What :func:`attainment` works from, checked."""

    found: tuple[Contract, ...]
    day: date
    months: list[Period]
    elapsed: int
    ledger: "_Ledger"
    months_back: int
    z_level: float


def _setup(
    contracts: Contract | Sequence[Contract],
    invoices: Sequence[Invoice],
    *,
    year: Period,
    as_of: date,
    credit_notes: Sequence[CreditNote],
    history_months: int,
    coverage: float,
) -> _Setup:
    """Check :func:`attainment`'s arguments and index the billing."""
    where = "attainment"
    found = _contracts(contracts, where)
    day = check_date(as_of, where=where, path="as_of")
    given: object = year
    if not isinstance(given, Period) or given.start.day != 1:
        message = "expected a Period starting on the first of a month"
        raise ValidationError(message, path="year", root=where)
    if day not in year:
        message = (
            f"{day.isoformat()} is outside the year {year.start} to {year.last_day}"
        )
        raise ValidationError(message, path="as_of", root=where)
    months_back = whole_number(
        history_months, where=where, path="history_months", minimum=4
    )
    z_level = real_number(
        coverage, where=where, path="coverage", low=0, high=1, low_open=True
    )
    months = list(year.months())
    following = day + timedelta(days=1)
    elapsed = sum(1 for m in months if m.end <= following)
    ids = sorted(c.id for c in found)
    ledger = _Ledger(invoices, credit_notes, ids, found[0].currency, where)
    return _Setup(found, day, months, elapsed, ledger, months_back, z_level)


_ANN = Spec(SmoothingMethod.ANN, 1)
_SHORTEST = _ets.minimum_length(_ANN, estimated=_ANN.parameters + _ANN.states)
"""The shortest history any model fits (four months)."""

OutlookKey: TypeAlias = tuple[tuple[Decimal, ...], int, int | None, float]
"""What an attainment forecast is of: the monthly billing history, the months
to forecast, the seasonal period and the interval's coverage."""


class Outlook(NamedTuple):
    """The forecast total of the months left in the year (see :func:`attainment`)."""

    mean: float
    spread: float
    method: SmoothingMethod


OUTLOOKS: ContextVar[Mapping[OutlookKey, Outlook]] = ContextVar(
    "accountkit_outlooks", default=MappingProxyType({})
)
"""Forecasts already made for exactly these inputs (see :func:`outlooks`)."""


def outlook(key: OutlookKey) -> Outlook:
    """Return the forecast total for ``key``: made earlier (in a batch) or now.

    A forecast made earlier for exactly the same inputs is the same forecast
    (``forecast_many`` gives each series bit for bit what ``forecast`` gives
    it alone), so the batch review can make them all at once.
    """
    known = OUTLOOKS.get().get(key)
    if known is not None:
        return known
    history, steps, seasonal_periods, coverage = key
    model = forecast(
        list(history), steps, seasonal_periods=seasonal_periods, coverage=coverage
    )
    mean, spread = model.total(steps)
    return Outlook(mean, spread, model.method)


def outlook_key(
    contracts: Contract | Sequence[Contract],
    invoices: Sequence[Invoice],
    *,
    year: Period,
    as_of: date,
    credit_notes: Sequence[CreditNote] = (),
    history_months: int = 36,
    seasonal_periods: int | None = None,
    coverage: float = _DEFAULT_COVERAGE,
) -> OutlookKey | None:
    """Return what :func:`attainment` would forecast, or None if nothing."""
    setup = _setup(
        contracts,
        invoices,
        year=year,
        as_of=as_of,
        credit_notes=credit_notes,
        history_months=history_months,
        coverage=coverage,
    )
    to_forecast = _forecast_input(setup, seasonal_periods)
    return None if to_forecast is None else to_forecast[1]


def _forecast_input(
    setup: _Setup, seasonal_periods: int | None
) -> tuple[list[Money], OutlookKey] | None:
    """Return the history :func:`attainment` forecasts, and its key.

    None when no month is left to forecast. One function, so that the
    batch's keys are exactly the ones attainment looks up.
    """
    remaining = len(setup.months) - setup.elapsed
    if remaining == 0:
        return None
    history = _history(setup.ledger, setup.months[0], setup.elapsed, setup.months_back)
    key = (tuple(m.amount for m in history), remaining, seasonal_periods, setup.z_level)
    return history, key


def outlooks(keys: Iterable[OutlookKey]) -> dict[OutlookKey, Outlook]:
    """Make the forecasts of many ``keys`` at once, one ``forecast_many`` a shape.

    Keys whose forecast would fail (too short a history, a value out of
    range) are left out: :func:`outlook` then makes them itself, and fails as
    it would have.
    """
    groups: defaultdict[tuple[int, int | None, float, int], list[OutlookKey]] = (
        defaultdict(list)
    )
    for key in dict.fromkeys(keys):
        history, steps, seasonal_periods, coverage = key
        if len(history) >= _SHORTEST:
            groups[len(history), seasonal_periods, coverage, steps].append(key)
    made: dict[OutlookKey, Outlook] = {}
    for (_, seasonal_periods, coverage, steps), members in groups.items():
        rows, kept = [], []
        for key in members:
            try:
                rows.append(series_values(list(key[0]), "forecast"))
            except ValidationError:
                continue
            kept.append(key)
        if not kept:
            continue
        try:
            arrays = forecast_many(
                np.stack(rows),
                steps,
                seasonal_periods=seasonal_periods,
                coverage=coverage,
            )
        except AccountkitError:  # pragma: no cover - each is made alone then
            continue
        for index, key in enumerate(kept):
            # what Forecast.total gives the same row alone, bit for bit
            mean = math.fsum(float(v) for v in arrays.mean[index, :steps])
            spread = float(arrays.total_spread[index, steps - 1])
            made[key] = Outlook(mean, spread, arrays.methods[index])
    return made


def _history(
    ledger: _Ledger, first: Period, elapsed: int, months_back: int
) -> list[Money]:
    """Monthly billing of the complete months, from the first with any billing."""
    end = _month_index(first.start) + elapsed
    months = [_month(i) for i in range(end - months_back, end)]
    totals, _ = _billed(ledger, months)
    start = next((i for i, t in enumerate(totals) if t.amount != 0), len(totals))
    return list(totals[start:])
