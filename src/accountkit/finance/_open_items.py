"""Open items: what each customer still owes on a date."""

import enum
from collections.abc import Sequence
from datetime import date

import attrs

from accountkit._checked import checked
from accountkit.errors import ValidationError
from accountkit.finance._documents import CreditNote, Invoice, Payment, same_currency
from accountkit.money import Money
from accountkit.periods import check_date

__all__ = ["ItemKind", "OpenItem", "open_items"]


class ItemKind(enum.Enum):
    """What an open item is."""

    INVOICE = "invoice"
    """An invoice (or what is left of it)."""
    INSTALMENT = "instalment"
    """One instalment of an invoice paid in instalments."""
    OVERPAYMENT = "overpayment"
    """More was applied to an invoice than it billed: a negative item."""
    UNAPPLIED_CASH = "unapplied_cash"
    """Cash received with nothing left to apply it to: a negative item."""
    UNAPPLIED_CREDIT = "unapplied_credit"
    """A credit note with nothing left to apply it to: a negative item."""


@attrs.frozen(kw_only=True)
class OpenItem:
    """An amount still open on a customer's account.

    Attributes
    ----------
    kind
        Invoice, instalment, or a negative item (overpayment, unapplied cash or
        credit), which is never dropped.
    reference
        The invoice, payment or credit note it comes from.
    instalment
        Position of the instalment in its invoice's schedule, if any.
    issued_on
        The document date (the invoice date, or when the cash or credit came).
    due_on
        When it falls due (the document date for negative items).
    original
        What the document billed (the instalment's share for an instalment).
    open
        What is still open: positive is owed, negative is owed back.
    reporting_open
        ``open`` in the reporting currency, when the invoice gives one.
    disputed
        Whether the customer disputes the invoice.
    discount
        The early-payment discount the customer can still earn on the day the
        items are open on, if any.
    discount_until
        The last day a payment earns that discount.
    """

    customer: str
    kind: ItemKind
    reference: str
    instalment: int | None
    issued_on: date
    due_on: date
    original: Money
    open: Money
    reporting_open: Money | None
    disputed: bool
    discount: Money | None = None
    discount_until: date | None = None


@attrs.define
class _Slot:
    """An invoice (or instalment) being settled."""

    invoice: Invoice
    instalment: int | None
    due_on: date
    original: Money
    open: Money


def _slots(invoice: Invoice) -> list[_Slot]:
    if not invoice.instalments:
        return [_Slot(invoice, None, invoice.due_date, invoice.amount, invoice.amount)]
    parts = invoice.amount.allocate([i.share for i in invoice.instalments])
    return [
        _Slot(invoice, index, instalment.due_on, part, part)
        for index, (instalment, part) in enumerate(
            zip(invoice.instalments, parts, strict=True)
        )
    ]


def _apply(slots: Sequence[_Slot], amount: Money) -> Money:
    """Settle slots earliest due first; return what is left of ``amount``."""
    left = amount
    for slot in sorted(
        slots,
        key=lambda s: (s.due_on, s.invoice.issued_on, s.invoice.id, s.instalment or 0),
    ):
        if not left.amount:
            break
        if slot.open.amount <= 0:
            continue
        taken = min(slot.open, left)
        slot.open -= taken
        left -= taken
    return left


def _check(
    invoices: Sequence[Invoice],
    payments: Sequence[Payment],
    credit_notes: Sequence[CreditNote],
) -> dict[str, Invoice]:
    where = "open_items"
    by_id: dict[str, Invoice] = {}
    for index, invoice in enumerate(invoices):
        if not isinstance(invoice, Invoice):
            message = f"expected an Invoice, got {type(invoice).__name__}"
            raise ValidationError(message, path=("invoices", index), root=where)
        if invoice.id in by_id:
            message = f"invoice id {invoice.id!r} appears twice"
            raise ValidationError(message, path=("invoices", index, "id"), root=where)
        by_id[invoice.id] = invoice
    groups: tuple[tuple[str, Sequence[Payment | CreditNote]], ...] = (
        ("payments", payments),
        ("credit_notes", credit_notes),
    )
    for name, documents in groups:
        for index, document in enumerate(documents):
            target = document.invoice_id
            if target is None:
                continue
            if target not in by_id:
                message = f"no invoice {target!r}"
                raise ValidationError(
                    message, path=(name, index, "invoice_id"), root=where
                )
            invoice = by_id[target]
            if invoice.customer != document.customer:
                message = f"invoice {target!r} belongs to {invoice.customer!r}"
                raise ValidationError(
                    message, path=(name, index, "customer"), root=where
                )
            same_currency(
                invoice.currency, document.amount, (name, index, "amount"), where
            )
    return by_id


@checked
def open_items(
    invoices: Sequence[Invoice],
    payments: Sequence[Payment] = (),
    credit_notes: Sequence[CreditNote] = (),
    *,
    as_of: date,
) -> tuple[OpenItem, ...]:
    """Return what is still open on ``as_of``, item by item.

    Parameters
    ----------
    invoices, payments, credit_notes
        The ledger. Documents dated after ``as_of`` are ignored, so a report can
        be rebuilt for any past day.
    as_of
        The day the items are open on.

    Returns
    -------
    tuple[OpenItem, ...]
        By customer, then due date. Fully settled items are left out; every
        other amount, however small, stays. Overpayments and unapplied cash or
        credit are negative items.

    Raises
    ------
    ValidationError
        For duplicate invoice ids, a payment or credit note against an unknown
        invoice or another customer's, or in another currency.

    Notes
    -----
    Application order [#]_: payments applied to an invoice, then credit notes
    applied to an invoice (each to that invoice's instalments, earliest due
    first; any excess stays on the invoice as an overpayment); then each
    customer's unapplied payments and then unapplied credit notes, in date
    order, to the customer's open items in the same currency, earliest due
    first. What cannot be applied stays as unapplied cash or credit — including
    cash applied to an invoice not yet issued on ``as_of`` (a prepayment).

    Early-payment discounts: an invoice whose terms offer one (``2/10 net 30``)
    is settled in full when the payments and credit notes that name it, dated
    on or before its discount date, reach the invoice less the discount. The
    discount taken is then what they fall short of the whole amount, so a
    customer who pays in full earns nothing back and a settled invoice is never
    overpaid by its discount. Unapplied cash never earns a discount (nothing
    says which invoice it was meant for). Until the discount date passes, an
    open invoice shows the discount still on offer (:attr:`OpenItem.discount`);
    an invoice settled with a discount is closed, so ageing and debtor days
    count it as collected on the day the discounted payment arrived.

    References
    ----------
    .. [#] ERPNext, accounts receivable with payment schedules: one open item per
       instalment, payments allocated to the earliest due instalment first.

    Examples
    --------
    The worked case from a public ERP's test suite: 100 in instalments of 30%,
    50% and 20% at 30, 60 and 90 days, and a payment of 40.

    >>> from datetime import date
    >>> from accountkit import Money
    >>> invoice = Invoice.in_instalments(
    ...     id="SINV-1", customer="acme", issued_on=date(2024, 1, 1),
    ...     amount=Money("100", "EUR"),
    ...     schedule=[("0.3", 30), ("0.5", 60), ("0.2", 90)])
    >>> paid = Payment(id="PE-1", customer="acme", received_on=date(2024, 1, 15),
    ...                amount=Money("40", "EUR"), invoice_id="SINV-1")
    >>> [(item.instalment, str(item.open)) for item in
    ...  open_items([invoice], [paid], as_of=date(2024, 1, 31))]
    [(1, 'EUR 40.00'), (2, 'EUR 20.00')]
    """
    where = "open_items"
    day = check_date(as_of, where=where, path="as_of")
    by_id = _check(invoices, payments, credit_notes)
    live = [i for i in by_id.values() if i.issued_on <= day]
    slots = {invoice.id: _slots(invoice) for invoice in live}
    paid = [p for p in payments if p.received_on <= day]
    credited = [c for c in credit_notes if c.issued_on <= day]
    taken = {
        invoice.id: _discount_taken(invoice, [*paid, *credited]) for invoice in live
    }
    for invoice_id, discount in taken.items():
        if discount is not None:
            slots[invoice_id][0].open -= discount
    leftovers: list[OpenItem] = []
    overpaid: dict[str, Money] = {}
    applied: list[Payment | CreditNote] = [*paid, *credited]
    for document in applied:
        if document.invoice_id is None:
            continue
        if document.invoice_id not in slots:
            # Paid (or credited) ahead of its invoice: kept, applied to nothing else.
            kind = (
                ItemKind.UNAPPLIED_CASH
                if isinstance(document, Payment)
                else ItemKind.UNAPPLIED_CREDIT
            )
            leftovers.append(_negative(document, kind, document.amount))
            continue
        left = _apply(slots[document.invoice_id], document.amount)
        if left.amount:
            overpaid[document.invoice_id] = (
                overpaid.get(document.invoice_id, Money.zero(left.currency)) + left
            )
    unapplied: tuple[tuple[ItemKind, list[Payment | CreditNote]], ...] = (
        (ItemKind.UNAPPLIED_CASH, [p for p in paid if p.invoice_id is None]),
        (ItemKind.UNAPPLIED_CREDIT, [c for c in credited if c.invoice_id is None]),
    )
    for kind, documents in unapplied:
        for document in sorted(documents, key=_document_date):
            customer_slots = [
                slot
                for found in slots.values()
                for slot in found
                if slot.invoice.customer == document.customer
                and slot.invoice.currency == document.amount.currency
            ]
            left = _apply(customer_slots, document.amount)
            if left.amount:
                leftovers.append(_negative(document, kind, left))
    items = [
        _item(slot, day, taken=taken[slot.invoice.id] is not None)
        for found in slots.values()
        for slot in found
        if slot.open.amount
    ]
    items += [
        _overpayment(by_id[invoice_id], amount)
        for invoice_id, amount in overpaid.items()
    ]
    items += leftovers
    return tuple(
        sorted(
            items, key=lambda i: (i.customer, i.due_on, i.reference, i.instalment or 0)
        )
    )


def _document_date(document: Payment | CreditNote) -> date:
    return document.received_on if isinstance(document, Payment) else document.issued_on


def _reporting(invoice: Invoice, part: Money) -> Money | None:
    if invoice.reporting_amount is None:
        return None
    return (invoice.reporting_amount * (part / invoice.amount)).rounded()


def _discount_taken(
    invoice: Invoice, documents: Sequence[Payment | CreditNote]
) -> Money | None:
    """Return the early-payment discount a customer earned, or None.

    Cash and credits applied to the invoice by its discount date that reach the
    discounted amount settle it in full: the discount taken is what they fall
    short of the whole amount (never more than the discount, and nothing when
    they pay it all).
    """
    discount, last = invoice.discount_amount, invoice.discount_date
    if discount is None or last is None:
        return None
    in_time = sum(
        (
            d.amount
            for d in documents
            if d.invoice_id == invoice.id and _document_date(d) <= last
        ),
        Money.zero(invoice.currency),
    )
    if not invoice.amount - discount <= in_time < invoice.amount:
        return None
    return invoice.amount - in_time


def _item(slot: _Slot, day: date, *, taken: bool) -> OpenItem:
    invoice = slot.invoice
    last = invoice.discount_date
    offered = not taken and last is not None and day <= last
    return OpenItem(
        customer=invoice.customer,
        kind=ItemKind.INVOICE if slot.instalment is None else ItemKind.INSTALMENT,
        reference=invoice.id,
        instalment=slot.instalment,
        issued_on=invoice.issued_on,
        due_on=slot.due_on,
        original=slot.original,
        open=slot.open,
        reporting_open=_reporting(invoice, slot.open),
        disputed=invoice.disputed,
        discount=invoice.discount_amount if offered else None,
        discount_until=last if offered else None,
    )


def _overpayment(invoice: Invoice, amount: Money) -> OpenItem:
    return OpenItem(
        customer=invoice.customer,
        kind=ItemKind.OVERPAYMENT,
        reference=invoice.id,
        instalment=None,
        issued_on=invoice.issued_on,
        due_on=invoice.issued_on,
        original=invoice.amount,
        open=-amount,
        reporting_open=_reporting(invoice, -amount),
        disputed=invoice.disputed,
    )


def _negative(document: Payment | CreditNote, kind: ItemKind, left: Money) -> OpenItem:
    day = _document_date(document)
    return OpenItem(
        customer=document.customer,
        kind=kind,
        reference=document.id,
        instalment=None,
        issued_on=day,
        due_on=day,
        original=document.amount,
        open=-left,
        reporting_open=None,
        disputed=False,
    )
