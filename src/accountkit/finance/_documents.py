"""Receivables documents: invoices (with instalments), payments and credit notes."""

from datetime import date, timedelta
from decimal import Decimal

import attrs

from accountkit._validators import identifier, optional_date, plain_date, positive_money
from accountkit.contracts import PaymentTerms
from accountkit.errors import CurrencyMismatchError, ValidationError
from accountkit.money import Money, to_decimal

__all__ = ["CreditNote", "Instalment", "Invoice", "Payment"]


def _share(value: object) -> Decimal:
    share = to_decimal(value, where="Instalment", path="share")
    if not 0 < share <= 1:
        message = f"must be in (0, 1], got {share}"
        raise ValidationError(message, path="share", root="Instalment")
    return share


@attrs.frozen(kw_only=True)
class Instalment:
    """A share of an invoice that falls due on its own date."""

    share: Decimal = attrs.field(converter=_share)
    due_on: date = attrs.field(validator=plain_date)


@attrs.frozen(kw_only=True)
class Invoice:
    """An invoice to a customer.

    Parameters
    ----------
    id, customer
        The invoice number and who owes it.
    issued_on
        The invoice date.
    amount
        What it bills, in its transaction currency (VAT included if the
        receivables ledger includes it: compare like with like).
    due_on
        When it falls due; or give ``payment_terms`` to derive it.
    payment_terms
        Terms to derive the due date from the issue date. Terms with an
        early-payment discount give the invoice a :attr:`discount_date` and
        :attr:`discount_amount` (and do so even beside an explicit ``due_on``).
    instalments
        A schedule of shares and due dates; the shares add up to 1. Each becomes
        an open item of its own, aged by its own due date.
    disputed
        The customer disputes it (reported separately in the aged debt report).
    reporting_amount
        The amount in the reporting currency, when that differs.
    contract_id
        The contract it bills under, when known: revenue against contract
        (:func:`revenue_variance`, :func:`attainment`) counts an invoice only
        against the contract it names.

    Raises
    ------
    ValidationError
        If there is neither a due date nor payment terms, a due date lies before
        the issue date, instalment shares do not add up to 1, or an
        early-payment discount is offered on instalments or runs past the due
        date.
    """

    id: str = attrs.field(validator=identifier)
    customer: str = attrs.field(validator=identifier)
    issued_on: date = attrs.field(validator=plain_date)
    amount: Money = attrs.field(validator=positive_money)
    due_on: date | None = attrs.field(default=None, validator=optional_date)
    payment_terms: PaymentTerms | None = None
    instalments: tuple[Instalment, ...] = ()
    disputed: bool = False
    reporting_amount: Money | None = None
    contract_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )

    def __attrs_post_init__(self) -> None:
        if self.due_on is None and self.payment_terms is None and not self.instalments:
            message = "give a due date, payment terms or an instalment schedule"
            raise ValidationError(message, path="due_on", root="Invoice")
        if self.due_on is not None and self.due_on < self.issued_on:
            message = (
                f"{self.due_on.isoformat()} is before the issue date "
                f"{self.issued_on.isoformat()}"
            )
            raise ValidationError(message, path="due_on", root="Invoice")
        self._check_discount()
        if self.instalments:
            total = sum((i.share for i in self.instalments), Decimal(0))
            if total != 1:
                message = f"instalment shares add up to {total}, not 1"
                raise ValidationError(message, path="instalments", root="Invoice")
            for index, instalment in enumerate(self.instalments):
                if instalment.due_on < self.issued_on:
                    message = (
                        f"{instalment.due_on.isoformat()} is before the issue date"
                    )
                    raise ValidationError(
                        message, path=("instalments", index, "due_on"), root="Invoice"
                    )

    def _check_discount(self) -> None:
        if self.payment_terms is None or self.payment_terms.discount is None:
            return
        path = ("payment_terms", "discount")
        if self.instalments:
            message = (
                "an early-payment discount applies to a whole invoice, not to "
                "instalments"
            )
            raise ValidationError(message, path=path, root="Invoice")
        last = self.payment_terms.discount_date(self.issued_on)
        if last is not None and last > self.due_date:
            message = (
                f"the discount runs to {last.isoformat()}, after the due date "
                f"{self.due_date.isoformat()}"
            )
            raise ValidationError(message, path=path, root="Invoice")

    @classmethod
    def in_instalments(
        cls,
        *,
        schedule: list[tuple[Decimal | str, int]],
        **fields: object,
    ) -> "Invoice":
        """Build an invoice paid in instalments due a number of days after issue.

        Examples
        --------
        >>> from datetime import date
        >>> from accountkit import Money
        >>> invoice = Invoice.in_instalments(
        ...     id="SINV-1", customer="acme", issued_on=date(2024, 1, 1),
        ...     amount=Money("100", "EUR"),
        ...     schedule=[("0.3", 30), ("0.5", 60), ("0.2", 90)])
        >>> [i.due_on.isoformat() for i in invoice.instalments]
        ['2024-01-31', '2024-03-01', '2024-03-31']
        """
        issued = fields.get("issued_on")
        if not isinstance(issued, date):
            message = "issued_on is needed to date the instalments"
            raise ValidationError(
                message, path="issued_on", root="Invoice.in_instalments"
            )
        instalments = tuple(
            Instalment(share=share, due_on=issued + timedelta(days=days))
            for share, days in schedule
        )
        return cls(instalments=instalments, **fields)  # type: ignore[arg-type]

    @property
    def due_date(self) -> date:
        """The day the invoice falls due (the last instalment's, for a schedule)."""
        if self.instalments:
            return max(i.due_on for i in self.instalments)
        if self.due_on is not None:
            return self.due_on
        if self.payment_terms is None:  # pragma: no cover - validated on construction
            message = "no due date"
            raise ValidationError(message, root="Invoice")
        return self.payment_terms.due_date(self.issued_on)

    @property
    def currency(self) -> str:
        """The transaction currency."""
        return self.amount.currency

    @property
    def discount_date(self) -> date | None:
        """The last day a payment earns the early-payment discount, if any."""
        if self.payment_terms is None:
            return None
        return self.payment_terms.discount_date(self.issued_on)

    @property
    def discount_amount(self) -> Money | None:
        """The early-payment discount, rounded to the minor unit, if any.

        Examples
        --------
        >>> from datetime import date
        >>> from accountkit import Money
        >>> from accountkit.contracts import PaymentTerms
        >>> invoice = Invoice(id="INV-7", customer="acme", issued_on=date(2026, 3, 2),
        ...                   amount=Money("1234.50", "EUR"),
        ...                   payment_terms=PaymentTerms.net(30).with_discount(
        ...                       "0.02", days=10))
        >>> invoice.discount_date, str(invoice.discount_amount)
        (datetime.date(2026, 3, 12), 'EUR 24.69')
        """
        terms = self.payment_terms
        if terms is None or terms.discount is None:
            return None
        return (self.amount * terms.discount.rate).rounded()


@attrs.frozen(kw_only=True)
class Payment:
    """Cash received from a customer, applied to an invoice or not (yet).

    Parameters
    ----------
    id, customer
        The receipt and who paid.
    received_on
        When the cash arrived.
    amount
        How much, in the currency received.
    invoice_id
        The invoice it pays, if the remittance said so.
    """

    id: str = attrs.field(validator=identifier)
    customer: str = attrs.field(validator=identifier)
    received_on: date = attrs.field(validator=plain_date)
    amount: Money = attrs.field(validator=positive_money)
    invoice_id: str | None = None


@attrs.frozen(kw_only=True)
class CreditNote:
    """A credit to a customer, against an invoice or on account.

    Parameters
    ----------
    id, customer
        The credit note and who it credits.
    issued_on
        Its date.
    amount
        How much it credits.
    invoice_id
        The invoice it reduces, if any.
    """

    id: str = attrs.field(validator=identifier)
    customer: str = attrs.field(validator=identifier)
    issued_on: date = attrs.field(validator=plain_date)
    amount: Money = attrs.field(validator=positive_money)
    invoice_id: str | None = None


def same_currency(
    expected: str, amount: Money, path: tuple[str | int, ...], root: str
) -> None:
    """Raise if ``amount`` is not in ``expected`` (there is no conversion)."""
    if amount.currency != expected:
        message = (
            f"in {amount.currency}, but it applies to {expected}; convert it first"
        )
        raise CurrencyMismatchError(message, path=path, root=root)
