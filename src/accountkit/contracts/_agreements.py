"""Contracts and the change requests that amend them."""

import enum
from collections.abc import Iterator, Sequence
from datetime import date

import attrs

from accountkit._checked import checked
from accountkit._validators import (
    check_unique_ids,
    identifier,
    member_of,
    optional_date,
    plain_date,
    text,
)
from accountkit.contracts._charges import (
    Charge,
    FixedFee,
    Milestone,
    TimeAndMaterials,
    UnitPrice,
)
from accountkit.contracts._index import IndexSeries, index_for
from accountkit.contracts._terms import PaymentTerms, RenewalTerms
from accountkit.errors import CurrencyMismatchError, PathSegment, ValidationError
from accountkit.money import Money, check_currency
from accountkit.periods import Period, check_date

__all__ = [
    "ChangeRequest",
    "ChangeStatus",
    "Contract",
    "ContractKind",
    "charge_window",
]

Path = tuple[PathSegment, ...]

_NO_AUTO_RENEWAL = RenewalTerms()
_NET_30 = PaymentTerms.net(30)


class ContractKind(enum.Enum):
    """The kind of agreement."""

    MSA = "msa"
    """Master services agreement: the legal frame that statements of work sit under."""
    SOW = "sow"
    """Statement of work under an MSA: scope, commercials, term."""
    WORK_ORDER = "work_order"
    """A smaller order under an MSA or SOW."""


class ChangeStatus(enum.Enum):
    """Where a change request stands; only approved ones take effect."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


def _charge_ids(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple):
        message = f"expected a list of charge ids, got {type(value).__name__}"
        raise ValidationError(message, path="remove", root="ChangeRequest")
    for index, charge_id in enumerate(value):
        if not isinstance(charge_id, str) or not charge_id:
            message = f"expected a charge id, got {charge_id!r}"
            raise ValidationError(message, path=("remove", index), root="ChangeRequest")
        if charge_id in value[:index]:
            message = f"{charge_id!r} is listed twice"
            raise ValidationError(message, path=("remove", index), root="ChangeRequest")


@attrs.frozen(kw_only=True)
class ChangeRequest:
    """A change to a contract: charges added, removed or replaced, the term moved.

    Parameters
    ----------
    id
        Identifies the change request within its contract.
    raised_on
        When it was raised.
    status
        Proposed, approved, rejected or withdrawn; only approved changes take
        effect.
    effective_on
        The first day the change applies. Charges it removes or replaces stop
        the day before; charges it adds or replaces start on it (or later, if
        they say so).
    add
        New charges.
    remove
        Ids of charges that stop.
    replace
        Charges that take the place of the charge with the same id.
    term_end
        A new end of the term (the first day after it, like ``Period.end``): an
        extension, or an early end.
    description
        Free text for people.

    Raises
    ------
    ValidationError
        If the request changes nothing or lists a charge twice.
    """

    id: str = attrs.field(validator=identifier)
    raised_on: date = attrs.field(validator=plain_date)
    status: ChangeStatus = attrs.field(validator=member_of(ChangeStatus))
    effective_on: date = attrs.field(validator=plain_date)
    add: tuple[Charge, ...] = ()
    remove: tuple[str, ...] = attrs.field(default=(), validator=_charge_ids)
    replace: tuple[Charge, ...] = ()
    term_end: date | None = attrs.field(default=None, validator=optional_date)
    description: str = attrs.field(default="", validator=text)

    def __attrs_post_init__(self) -> None:
        if not (self.add or self.remove or self.replace or self.term_end):
            message = (
                "changes nothing: add, remove or replace a charge, or move term_end"
            )
            raise ValidationError(message, root="ChangeRequest")


@checked
def charge_window(charge: Charge, term: Period) -> Period | None:
    """Return the days a charge runs within ``term``; ``None`` for a milestone.

    A charge without its own ``start`` or ``end`` takes the term's.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit import Money, Period
    >>> fee = FixedFee(id="run", amount=Money("10", "EUR"), frequency=Frequency.MONTHLY,
    ...                end=date(2026, 7, 1))
    >>> charge_window(fee, Period.year(2026))
    Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 7, 1))
    """
    if isinstance(charge, Milestone):
        return None
    return Period(charge.start or term.start, charge.end or term.end)


def _amounts(charge: Charge) -> Iterator[tuple[Path, Money]]:
    """Yield every amount of money a charge holds, with its path in the charge."""
    if isinstance(charge, FixedFee | Milestone):
        yield ("amount",), charge.amount
    elif isinstance(charge, TimeAndMaterials):
        for index, rate in enumerate(charge.rate_card.rates):
            yield ("rate_card", "rates", index, "price"), rate.price
        if charge.cap is not None:
            yield ("cap",), charge.cap
    elif isinstance(charge, UnitPrice):
        for index, tier in enumerate(charge.tiers):
            yield ("tiers", index, "unit_price"), tier.unit_price
            if tier.flat_fee is not None:
                yield ("tiers", index, "flat_fee"), tier.flat_fee
        if charge.minimum is not None:
            yield ("minimum",), charge.minimum


def _check_charges(
    charges: Sequence[Charge], currency: str, term: Period, path: Path
) -> None:
    """Check currency, window and id uniqueness of charges on a contract."""
    _check_money(charges, currency, path)
    versions: dict[str, list[tuple[int, Period | None]]] = {}
    for index, charge in enumerate(charges):
        if not isinstance(charge, FixedFee | TimeAndMaterials | UnitPrice | Milestone):
            message = f"expected a charge, got {type(charge).__name__}"
            raise ValidationError(message, path=(*path, index), root="Contract")
        window = None
        if not isinstance(charge, Milestone):
            _check_inside(charge, term, (*path, index))
            window = charge_window(charge, term)
        versions.setdefault(charge.id, []).append((index, window))
    for charge_id, found in versions.items():
        _check_versions(charge_id, found, path)


def _check_inside(
    charge: FixedFee | TimeAndMaterials | UnitPrice, term: Period, path: Path
) -> None:
    for bound in ("start", "end"):
        value: date | None = getattr(charge, bound)
        if value is not None and not term.start <= value <= term.end:
            message = (
                f"{value.isoformat()} is outside the term "
                f"[{term.start.isoformat()}, {term.end.isoformat()})"
            )
            raise ValidationError(message, path=(*path, bound), root="Contract")
    if charge.start is not None and charge.start >= term.end:
        message = f"starts on or after the end of the term ({term.end.isoformat()})"
        raise ValidationError(message, path=(*path, "start"), root="Contract")


def _check_versions(
    charge_id: str, found: list[tuple[int, Period | None]], path: Path
) -> None:
    """Two charges may share an id only as versions over days that do not overlap."""
    if len(found) < 2:  # noqa: PLR2004 - one charge needs no check
        return
    for position, (index, window) in enumerate(found):
        for earlier_index, earlier in found[:position]:
            if window is None or earlier is None or window.overlap(earlier) is not None:
                message = (
                    f"id {charge_id!r} is also used by charges[{earlier_index}] on "
                    "overlapping days; ids are unique, except for versions of a charge "
                    "over separate windows"
                )
                raise ValidationError(
                    message, path=(*path, index, "id"), root="Contract"
                )


def _end_before(charge: Charge, day: date, term: Period) -> Charge | None:
    """Return the charge stopped the day before ``day``, or None if it never ran."""
    if isinstance(charge, Milestone):
        accepted = charge.accepted_on is not None and charge.accepted_on < day
        return charge if accepted else None
    window = charge_window(charge, term)
    if window is None or window.start >= day:
        return None
    if window.end <= day:
        return charge
    return attrs.evolve(charge, end=day)


def _start_from(charge: Charge, day: date, term: Period, path: Path) -> Charge:
    """Return a charge added by a change, starting no earlier than ``day``."""
    if isinstance(charge, Milestone):
        return charge
    start = max(charge.start or day, day)
    if charge.end is not None and charge.end <= start:
        message = f"ends ({charge.end.isoformat()}) before the change takes effect"
        raise ValidationError(message, path=(*path, "end"), root="Contract")
    return attrs.evolve(charge, start=None if start == term.start else start)


def _clip_to_term(charge: Charge, term: Period) -> Charge | None:
    """Fit a charge into a (shortened) term; None if it no longer runs at all."""
    if isinstance(charge, Milestone):
        return charge
    if charge.start is not None and charge.start >= term.end:
        return None
    if charge.end is not None and charge.end > term.end:
        return attrs.evolve(charge, end=term.end)
    return charge


def _apply(
    term: Period, charges: list[Charge], change: ChangeRequest, path: Path
) -> tuple[Period, list[Charge]]:
    """Fold one approved change into a term and charges."""
    day = change.effective_on
    if day < term.start:
        message = (
            f"{day.isoformat()} is before the contract starts "
            f"({term.start.isoformat()})"
        )
        raise ValidationError(message, path=(*path, "effective_on"), root="Contract")
    new_term = term
    if change.term_end is not None:
        if change.term_end <= term.start:
            message = f"{change.term_end.isoformat()} is not after the term's start"
            raise ValidationError(message, path=(*path, "term_end"), root="Contract")
        new_term = Period(term.start, change.term_end)
    known = {charge.id for charge in charges}
    stopping = dict.fromkeys(change.remove, "remove")
    stopping.update(dict.fromkeys((c.id for c in change.replace), "replace"))
    for position, (charge_id, field) in enumerate(stopping.items()):
        if charge_id not in known:
            index = (
                change.remove.index(charge_id)
                if field == "remove"
                else position - len(change.remove)
            )
            message = (
                f"no charge {charge_id!r} to {field} (the contract has {sorted(known)})"
            )
            raise ValidationError(message, path=(*path, field, index), root="Contract")
    kept: list[Charge] = []
    for charge in charges:
        stopped = _end_before(charge, day, term) if charge.id in stopping else charge
        if stopped is not None:
            kept.append(stopped)
    for field, added in (("add", change.add), ("replace", change.replace)):
        for index, charge in enumerate(added):
            kept.append(_start_from(charge, day, new_term, (*path, field, index)))
    fitted = [_clip_to_term(charge, new_term) for charge in kept]
    return new_term, [charge for charge in fitted if charge is not None]


def _in_order(changes: Sequence[ChangeRequest]) -> list[tuple[int, ChangeRequest]]:
    """Approved changes with their positions, in the order they take effect."""
    approved = [
        (i, c) for i, c in enumerate(changes) if c.status is ChangeStatus.APPROVED
    ]
    return sorted(
        approved, key=lambda item: (item[1].effective_on, item[1].raised_on, item[0])
    )


def _changes(
    _instance: object, _attribute: object, value: tuple[ChangeRequest, ...]
) -> None:
    for index, change in enumerate(value):
        if not isinstance(change, ChangeRequest):
            message = f"expected a ChangeRequest, got {type(change).__name__}"
            raise ValidationError(message, path=("changes", index), root="Contract")
        if any(earlier.id == change.id for earlier in value[:index]):
            message = f"change request id {change.id!r} is used twice"
            raise ValidationError(
                message, path=("changes", index, "id"), root="Contract"
            )


@attrs.frozen(kw_only=True)
class Contract:
    """An agreement with a client: its term, commercials and change history.

    Parameters
    ----------
    id
        Identifies the contract.
    title
        What people call it.
    kind
        MSA, SOW or work order.
    client
        Who the contract is with.
    currency
        ISO 4217 code; every amount in the contract is in it.
    term
        The contracted period, half-open.
    signed_on
        When it was signed.
    parent_id
        The agreement this one sits under (a SOW's MSA).
    renewal
        How it renews.
    payment_terms
        When its invoices fall due (net 30 unless given).
    charges
        The charges as signed. Versions of one charge over separate windows may
        share an id.
    changes
        Every change request raised against it, whatever its status.
    indices
        The index series its charges' price reviews name
        (:class:`IndexSeries`), with the values the user supplies.

    Raises
    ------
    ValidationError
        If an id is reused, a charge runs outside the term, or a change request
        cannot apply (effective before the contract starts, removing a charge the
        contract does not have, ...); the message gives the field's path.
    CurrencyMismatchError
        If an amount is not in the contract's currency (it is also a
        ``ValidationError`` and names the path).

    Notes
    -----
    ``charges`` stay as signed and ``changes`` keep the whole history. The
    calculators work on :meth:`amended`, the contract with every approved
    change applied from its effective date; :meth:`as_of` shows the contract as
    it stood on a day.
    """

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=text)
    kind: ContractKind = attrs.field(validator=member_of(ContractKind))
    client: str = attrs.field(validator=identifier)
    currency: str = attrs.field()
    term: Period
    signed_on: date = attrs.field(validator=plain_date)
    parent_id: str | None = None
    renewal: RenewalTerms = _NO_AUTO_RENEWAL
    payment_terms: PaymentTerms = _NET_30
    charges: tuple[Charge, ...] = ()
    changes: tuple[ChangeRequest, ...] = attrs.field(default=(), validator=_changes)
    indices: tuple[IndexSeries, ...] = ()

    @currency.validator
    def _currency(self, _attribute: object, value: str) -> None:
        check_currency(value, where="Contract")

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.term, Period):
            message = f"expected a Period, got {type(self.term).__name__}"
            raise ValidationError(message, path="term", root="Contract")
        if self.parent_id is not None and self.parent_id == self.id:
            message = "a contract cannot sit under itself"
            raise ValidationError(message, path="parent_id", root="Contract")
        _check_charges(self.charges, self.currency, self.term, ("charges",))
        check_unique_ids(
            (series.id for series in self.indices),
            named="indices",
            root="Contract",
            path=("indices",),
        )
        _check_indexed(self.charges, self.indices, ("charges",))
        for index, change in enumerate(self.changes):
            for field in ("add", "replace"):
                _check_money(
                    getattr(change, field), self.currency, ("changes", index, field)
                )
                _check_indexed(
                    getattr(change, field), self.indices, ("changes", index, field)
                )
        self._fold(None)

    def _fold(self, through: date | None) -> tuple[Period, tuple[Charge, ...]]:
        term, charges = self.term, list(self.charges)
        for index, change in _in_order(self.changes):
            if through is not None and change.effective_on > through:
                break
            term, charges = _apply(term, charges, change, ("changes", index))
        _check_charges(charges, self.currency, term, ("charges",))
        return term, tuple(charges)

    def as_of(self, on: date) -> "Contract":
        """Return the contract as it stood on ``on``.

        Every approved change effective on or before ``on`` is folded into the
        charges and term: charges it removed or replaced stop the day before it
        took effect, charges it added start on that day. The result carries no
        change requests (those in effect are folded in, the others were not yet
        in effect); this contract keeps the whole history.

        Examples
        --------
        >>> from datetime import date
        >>> from accountkit import Money, Period
        >>> monthly = Frequency.MONTHLY
        >>> fee = FixedFee(id="run", amount=Money("1000", "EUR"), frequency=monthly)
        >>> raise_fee = ChangeRequest(
        ...     id="CR-1", raised_on=date(2026, 5, 10), status=ChangeStatus.APPROVED,
        ...     effective_on=date(2026, 7, 1),
        ...     replace=(FixedFee(id="run", amount=Money("1100", "EUR"),
        ...                       frequency=Frequency.MONTHLY),),
        ... )
        >>> contract = Contract(
        ...     id="C-1", title="Run", kind=ContractKind.SOW, client="Northwind",
        ...     currency="EUR", term=Period.year(2026), signed_on=date(2025, 12, 1),
        ...     charges=(fee,), changes=(raise_fee,),
        ... )
        >>> def show(c):
        ...     return [(str(x.amount), x.start, x.end) for x in c.charges]
        >>> show(contract.as_of(date(2026, 6, 30)))
        [('EUR 1,000.00', None, None)]
        >>> show(contract.as_of(date(2026, 7, 1)))  # doctest: +NORMALIZE_WHITESPACE
        [('EUR 1,000.00', None, datetime.date(2026, 7, 1)),
         ('EUR 1,100.00', datetime.date(2026, 7, 1), None)]
        """
        day = check_date(on, where="Contract.as_of", path="on")
        term, charges = self._fold(day)
        return attrs.evolve(self, term=term, charges=charges, changes=())

    def amended(self) -> "Contract":
        """Return the contract with every approved change applied.

        What the calculators work on; the same as :meth:`as_of` a day after the
        last approved change takes effect.
        """
        if not self.changes:
            return self
        term, charges = self._fold(None)
        return attrs.evolve(self, term=term, charges=charges, changes=())


def _check_indexed(
    charges: Sequence[Charge], indices: Sequence[IndexSeries], path: Path
) -> None:
    """Refuse a price review that names an index the contract does not carry."""
    for index, charge in enumerate(charges):
        clause = getattr(charge, "indexation", None)
        if clause is not None:
            index_for(
                clause.index, indices, (*path, index, "indexation", "index"), "Contract"
            )


def _check_money(charges: Sequence[Charge], currency: str, path: Path) -> None:
    for index, charge in enumerate(charges):
        for where, amount in _amounts(charge):
            if amount.currency != currency:
                message = f"in {amount.currency}, but the contract is in {currency}"
                raise CurrencyMismatchError(
                    message, path=(*path, index, *where), root="Contract"
                )
