from datetime import date, timedelta

import pytest
from hypothesis import given

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.contracts import PaymentTerms
from accountkit.finance import (
    CreditNote,
    Instalment,
    Invoice,
    ItemKind,
    OpenItem,
    Payment,
    open_items,
)
from strategies.finance import days, ledgers


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def invoice(
    invoice_id: str,
    issued: date,
    amount: str,
    *,
    customer: str = "acme",
    due: date | None = None,
    **kwargs,
) -> Invoice:
    return Invoice(
        id=invoice_id,
        customer=customer,
        issued_on=issued,
        amount=eur(amount),
        due_on=due or issued + timedelta(days=30),
        **kwargs,
    )


def payment(
    payment_id: str,
    received: date,
    amount: str,
    invoice_id: str | None = None,
    customer: str = "acme",
) -> Payment:
    return Payment(
        id=payment_id,
        customer=customer,
        received_on=received,
        amount=eur(amount),
        invoice_id=invoice_id,
    )


def opens(items):
    return [(i.reference, i.instalment, i.kind, i.open.amount) for i in items]


INSTALMENTS = Invoice.in_instalments(
    id="SINV-1",
    customer="acme",
    issued_on=date(2024, 1, 1),
    amount=eur("100"),
    schedule=[("0.3", 30), ("0.5", 60), ("0.2", 90)],
)


def test_erp_instalment_case():
    """ERPNext's accounts-receivable test: 100 in instalments of 30/50/20% at +30/60/90
    days; a payment of 40 settles instalment 1 (30) and 10 of instalment 2:
    instalment 2 outstanding 40, instalment 3 outstanding 20."""
    items = open_items(
        [INSTALMENTS],
        [payment("PE-1", date(2024, 1, 15), "40", "SINV-1")],
        as_of=date(2024, 3, 31),
    )
    assert [(i.instalment, i.open, i.due_on) for i in items] == [
        (1, eur("40.00"), date(2024, 3, 1)),
        (2, eur("20.00"), date(2024, 3, 31)),
    ]


def test_unapplied_cash_goes_to_the_oldest_due_first():
    old = invoice("OLD", date(2024, 1, 1), "300")
    new = invoice("NEW", date(2024, 2, 1), "500")
    items = open_items(
        [new, old], [payment("PE-1", date(2024, 3, 1), "400")], as_of=date(2024, 3, 31)
    )
    assert opens(items) == [("NEW", None, ItemKind.INVOICE, eur("400").amount)]


def test_explicit_application_comes_first():
    """Cash applied to NEW settles NEW even though OLD is older; unapplied cash
    then goes to OLD."""
    old = invoice("OLD", date(2024, 1, 1), "300")
    new = invoice("NEW", date(2024, 2, 1), "500")
    cash = [
        payment("PE-2", date(2024, 3, 2), "100"),
        payment("PE-1", date(2024, 3, 1), "500", "NEW"),
    ]
    items = open_items([old, new], cash, as_of=date(2024, 3, 31))
    assert opens(items) == [("OLD", None, ItemKind.INVOICE, eur("200").amount)]


def test_overpayments_and_unapplied_credit_stay_visible():
    one = invoice("A", date(2024, 1, 1), "100")
    items = open_items(
        [one],
        [
            payment("PE-1", date(2024, 1, 10), "130", "A"),
            payment("PE-2", date(2024, 1, 11), "5"),
        ],
        [
            CreditNote(
                id="CN-1", customer="acme", issued_on=date(2024, 1, 12), amount=eur("7")
            )
        ],
        as_of=date(2024, 1, 31),
    )
    assert opens(items) == [
        ("A", None, ItemKind.OVERPAYMENT, eur("-30").amount),
        ("PE-2", None, ItemKind.UNAPPLIED_CASH, eur("-5").amount),
        ("CN-1", None, ItemKind.UNAPPLIED_CREDIT, eur("-7").amount),
    ]


def test_a_cent_stays_open():
    items = open_items(
        [invoice("A", date(2024, 1, 1), "100.00")],
        [payment("PE-1", date(2024, 1, 5), "99.99", "A")],
        as_of=date(2024, 2, 1),
    )
    assert opens(items) == [("A", None, ItemKind.INVOICE, eur("0.01").amount)]


def test_documents_after_as_of_are_ignored():
    items = open_items(
        [invoice("A", date(2024, 1, 1), "100")],
        [payment("PE-1", date(2024, 2, 5), "100", "A")],
        as_of=date(2024, 2, 1),
    )
    assert opens(items) == [("A", None, ItemKind.INVOICE, eur("100").amount)]
    assert (
        open_items([invoice("B", date(2024, 3, 1), "100")], as_of=date(2024, 2, 1))
        == ()
    )


def test_credit_notes_apply_after_payments():
    items = open_items(
        [invoice("A", date(2024, 1, 1), "100")],
        [payment("PE-1", date(2024, 1, 20), "60", "A")],
        [
            CreditNote(
                id="CN-1",
                customer="acme",
                issued_on=date(2024, 1, 10),
                amount=eur("50"),
                invoice_id="A",
            )
        ],
        as_of=date(2024, 2, 1),
    )
    assert opens(items) == [("A", None, ItemKind.OVERPAYMENT, eur("-10").amount)]


def test_due_date_from_payment_terms():
    derived = Invoice(
        id="A",
        customer="acme",
        issued_on=date(2024, 1, 31),
        amount=eur("1"),
        payment_terms=PaymentTerms.net(30),
    )
    assert derived.due_date == date(2024, 3, 1)


def test_reporting_currency_is_carried_pro_rata():
    usd_invoice = Invoice(
        id="A",
        customer="acme",
        issued_on=date(2024, 1, 1),
        due_on=date(2024, 2, 1),
        amount=Money("1000", "USD"),
        reporting_amount=eur("920"),
    )
    items = open_items(
        [usd_invoice],
        [
            Payment(
                id="P",
                customer="acme",
                received_on=date(2024, 1, 5),
                amount=Money("250", "USD"),
                invoice_id="A",
            )
        ],
        as_of=date(2024, 1, 31),
    )
    assert (items[0].open, items[0].reporting_open) == (Money("750", "USD"), eur("690"))


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (
            lambda: open_items(
                [
                    invoice("A", date(2024, 1, 1), "1"),
                    invoice("A", date(2024, 1, 2), "1"),
                ],
                as_of=date(2024, 2, 1),
            ),
            ValidationError,
            r"open_items\.invoices\[1\]\.id: invoice id 'A' appears twice",
        ),
        (
            lambda: open_items(
                [invoice("A", date(2024, 1, 1), "1")],
                credit_notes=[
                    CreditNote(
                        id="C",
                        customer="acme",
                        issued_on=date(2024, 1, 2),
                        amount=eur("1"),
                        invoice_id="Z",
                    )
                ],
                as_of=date(2024, 2, 1),
            ),
            ValidationError,
            r"open_items\.credit_notes\[0\]\.invoice_id: no invoice 'Z'",
        ),
        (
            lambda: open_items(
                [invoice("A", date(2024, 1, 1), "1")],
                [
                    Payment(
                        id="P",
                        customer="acme",
                        received_on=date(2024, 1, 2),
                        amount=Money("1", "USD"),
                        invoice_id="A",
                    )
                ],
                as_of=date(2024, 2, 1),
            ),
            CurrencyMismatchError,
            r"open_items\.payments\[0\]\.amount: in USD, but it applies to EUR",
        ),
        (
            lambda: Invoice(
                id="A",
                customer="acme",
                issued_on=date(2024, 2, 1),
                amount=eur("1"),
                due_on=date(2024, 1, 1),
            ),
            ValidationError,
            r"Invoice\.due_on: 2024-01-01 is before the issue date 2024-02-01",
        ),
        (
            lambda: Invoice(
                id="A", customer="acme", issued_on=date(2024, 2, 1), amount=eur("1")
            ),
            ValidationError,
            r"Invoice\.due_on: give a due date",
        ),
        (
            lambda: Invoice(
                id="A",
                customer="acme",
                issued_on=date(2024, 2, 1),
                amount=eur("1"),
                instalments=(Instalment(share="0.5", due_on=date(2024, 3, 1)),),
            ),
            ValidationError,
            r"instalment shares add up to 0.5",
        ),
        (
            lambda: Payment(
                id="P", customer="acme", received_on=date(2024, 1, 2), amount=eur("0")
            ),
            ValidationError,
            r"Payment\.amount: expected a positive amount",
        ),
    ],
)
def test_bad_ledgers_are_named(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


# --- properties -------------------------------------------------------------------


@given(ledgers(), days)
def test_open_items_are_positive_unless_over_applied(ledger, as_of):
    for item in open_items(*ledger, as_of=as_of):
        if item.kind in {ItemKind.INVOICE, ItemKind.INSTALMENT}:
            assert item.open.amount > 0
            assert item.open <= item.original
        else:
            assert item.open.amount < 0


@given(ledgers(), days)
def test_nothing_is_lost(ledger, as_of):
    """Open amounts add up to invoices billed less cash received and credit given,
    up to as_of, currency by currency."""
    invoices, payments, credit_notes = ledger
    items = open_items(invoices, payments, credit_notes, as_of=as_of)
    for currency in {i.currency for i in invoices}:
        billed = Money.total(
            (
                i.amount
                for i in invoices
                if i.issued_on <= as_of and i.currency == currency
            ),
            currency=currency,
        )
        received = Money.total(
            (
                p.amount
                for p in payments
                if p.received_on <= as_of and p.amount.currency == currency
            ),
            currency=currency,
        )
        credited = Money.total(
            (
                c.amount
                for c in credit_notes
                if c.issued_on <= as_of and c.amount.currency == currency
            ),
            currency=currency,
        )
        outstanding = Money.total(
            (i.open for i in items if i.open.currency == currency), currency=currency
        )
        assert outstanding == billed - received - credited


@given(ledgers(), days)
def test_rebuilding_as_of_a_day_ignores_everything_after_it(ledger, as_of):
    """Dropping every document dated after as_of changes nothing (invoices a kept
    payment or credit note names are kept: they still refer to them)."""
    invoices, payments, credit_notes = ledger
    kept_payments = [p for p in payments if p.received_on <= as_of]
    kept_credits = [c for c in credit_notes if c.issued_on <= as_of]
    named = {d.invoice_id for d in (*kept_payments, *kept_credits)}
    kept_invoices = [i for i in invoices if i.issued_on <= as_of or i.id in named]
    assert open_items(invoices, payments, credit_notes, as_of=as_of) == open_items(
        kept_invoices, kept_payments, kept_credits, as_of=as_of
    )


def test_cash_paid_ahead_of_its_invoice_stays_visible():
    later = invoice("LATER", date(2024, 3, 1), "100")
    other = invoice("OTHER", date(2024, 1, 1), "50")
    items = open_items(
        [later, other],
        [payment("PE-1", date(2024, 2, 1), "100", "LATER")],
        as_of=date(2024, 2, 15),
    )
    assert opens(items) == [
        ("OTHER", None, ItemKind.INVOICE, eur("50").amount),
        ("PE-1", None, ItemKind.UNAPPLIED_CASH, eur("-100").amount),
    ]


# --- early-payment discounts ------------------------------------------------------
# Worked by hand: EUR 1,000.00 invoiced on 2026-03-02 on "2/10 net 30" is due on
# 2026-04-01; paid by 2026-03-12 (2 March + 10 days), EUR 980.00 settles it (the
# discount is 1,000.00 x 0.02 = 20.00).

TWO_TEN_NET_30 = PaymentTerms.net(30).with_discount("0.02", days=10)
ISSUED = date(2026, 3, 2)


def discounted(amount: str = "1000.00") -> Invoice:
    return Invoice(
        id="INV-1",
        customer="acme",
        issued_on=ISSUED,
        amount=eur(amount),
        payment_terms=TWO_TEN_NET_30,
    )


def paid(amount: str, on: date, pid: str = "PE-1", *, named: bool = True) -> Payment:
    return Payment(
        id=pid,
        customer="acme",
        received_on=on,
        amount=eur(amount),
        invoice_id="INV-1" if named else None,
    )


def settled(
    payments: list[Payment], credit_notes: list[CreditNote] | None = None
) -> bool:
    """Whether the ledger leaves nothing of the discounted invoice open at the
    end of April."""
    return (
        open_items(
            [discounted()], payments, credit_notes or [], as_of=date(2026, 4, 30)
        )
        == ()
    )


def test_the_invoice_carries_its_discount_date_and_amount():
    bill = discounted()
    assert bill.due_date == date(2026, 4, 1)
    assert bill.discount_date == date(2026, 3, 12)
    assert bill.discount_amount == eur("20.00")


def test_the_discount_is_rounded_to_the_minor_unit_half_up():
    """EUR 1,234.25 x 0.02 = 24.685, rounded half up to 24.69."""
    assert discounted("1234.25").discount_amount == eur("24.69")


def test_an_invoice_without_terms_or_without_a_discount_offers_none():
    plain = invoice("INV-9", ISSUED, "100.00")
    assert (plain.discount_date, plain.discount_amount) == (None, None)
    net = Invoice(
        id="INV-8",
        customer="acme",
        issued_on=ISSUED,
        amount=eur("100.00"),
        payment_terms=PaymentTerms.net(30),
    )
    assert (net.discount_date, net.discount_amount) == (None, None)


def test_an_open_invoice_shows_the_discount_on_offer_until_its_last_day():
    for day in (ISSUED, date(2026, 3, 12)):
        (item,) = open_items([discounted()], as_of=day)
        assert (item.open, item.discount, item.discount_until) == (
            eur("1000.00"),
            eur("20.00"),
            date(2026, 3, 12),
        )
    (late,) = open_items([discounted()], as_of=date(2026, 3, 13))
    assert (late.open, late.discount, late.discount_until) == (
        eur("1000.00"),
        None,
        None,
    )


def test_the_discounted_amount_paid_on_the_last_day_settles_the_invoice():
    assert settled([paid("980.00", date(2026, 3, 12))])


def test_the_discounted_amount_paid_a_day_late_leaves_the_discount_owed():
    (item,) = open_items(
        [discounted()], [paid("980.00", date(2026, 3, 13))], as_of=date(2026, 4, 30)
    )
    assert (item.kind, item.open, item.due_on, item.discount) == (
        ItemKind.INVOICE,
        eur("20.00"),
        date(2026, 4, 1),
        None,
    )


def test_payments_in_instalments_within_the_window_add_up():
    payments = [
        paid("500.00", date(2026, 3, 5)),
        paid("480.00", date(2026, 3, 12), "PE-2"),
    ]
    assert settled(payments)


def test_a_credit_note_in_the_window_counts_towards_the_discounted_amount():
    """100.00 credited and 880.00 paid by 03-12 reach the 980.00."""
    credit = CreditNote(
        id="CN-1",
        customer="acme",
        issued_on=date(2026, 3, 4),
        amount=eur("100.00"),
        invoice_id="INV-1",
    )
    assert settled([paid("880.00", date(2026, 3, 10))], [credit])


def test_paying_between_the_discounted_and_the_whole_amount_takes_only_the_shortfall():
    """990.00 paid in time: the discount taken is 10.00; nothing is owed back."""
    assert settled([paid("990.00", date(2026, 3, 10))])


def test_paying_the_whole_amount_in_time_earns_nothing_back():
    assert settled([paid("1000.00", date(2026, 3, 10))])
    (over,) = open_items(
        [discounted()], [paid("1010.00", date(2026, 3, 10))], as_of=date(2026, 4, 30)
    )
    assert (over.kind, over.open) == (ItemKind.OVERPAYMENT, eur("-10.00"))


def test_a_cent_short_of_the_discounted_amount_earns_no_discount():
    (item,) = open_items(
        [discounted()], [paid("979.99", date(2026, 3, 12))], as_of=date(2026, 3, 12)
    )
    # Still in the window: 20.01 open, and the discount still on offer.
    assert (item.open, item.discount) == (eur("20.01"), eur("20.00"))
    (after,) = open_items(
        [discounted()], [paid("979.99", date(2026, 3, 12))], as_of=date(2026, 3, 13)
    )
    assert (after.open, after.discount) == (eur("20.01"), None)


def test_unapplied_cash_never_earns_a_discount():
    (item,) = open_items(
        [discounted()],
        [paid("980.00", date(2026, 3, 10), named=False)],
        as_of=date(2026, 4, 30),
    )
    assert (item.reference, item.open) == ("INV-1", eur("20.00"))


def test_a_payment_after_as_of_does_not_take_the_discount_yet():
    (item,) = open_items(
        [discounted()], [paid("980.00", date(2026, 3, 11))], as_of=date(2026, 3, 10)
    )
    assert (item.open, item.discount) == (eur("1000.00"), eur("20.00"))


def test_a_discount_on_instalments_or_past_the_due_date_is_refused():
    with pytest.raises(ValidationError) as caught:
        Invoice(
            id="INV-1",
            customer="acme",
            issued_on=ISSUED,
            amount=eur("100.00"),
            payment_terms=TWO_TEN_NET_30,
            instalments=(Instalment(share="1", due_on=date(2026, 4, 1)),),
        )
    assert str(caught.value) == (
        "Invoice.payment_terms.discount: an early-payment discount applies to a "
        "whole invoice, not to instalments"
    )
    with pytest.raises(ValidationError) as caught:
        Invoice(
            id="INV-1",
            customer="acme",
            issued_on=ISSUED,
            amount=eur("100.00"),
            due_on=date(2026, 3, 11),
            payment_terms=TWO_TEN_NET_30,
        )
    assert str(caught.value) == (
        "Invoice.payment_terms.discount: the discount runs to 2026-03-12, after the "
        "due date 2026-03-11"
    )


def test_a_discount_running_to_the_due_date_itself_is_accepted():
    bill = Invoice(
        id="INV-1",
        customer="acme",
        issued_on=ISSUED,
        amount=eur("100.00"),
        due_on=date(2026, 3, 12),
        payment_terms=TWO_TEN_NET_30,
    )
    assert bill.discount_date == bill.due_date == date(2026, 3, 12)


def test_cash_against_another_customers_invoice_is_refused_at_its_customer():
    with pytest.raises(ValidationError) as caught:
        open_items(
            [discounted()],
            [
                Payment(
                    id="PE-9",
                    customer="globex",
                    received_on=date(2026, 3, 5),
                    amount=eur("10.00"),
                    invoice_id="INV-1",
                )
            ],
            as_of=date(2026, 3, 31),
        )
    assert str(caught.value) == (
        "open_items.payments[0].customer: invoice 'INV-1' belongs to 'acme'"
    )


def test_unapplied_cash_is_a_whole_negative_item():
    """Every field of the item cash with nothing to settle leaves."""
    cash = paid("50.00", date(2026, 3, 5), "PE-7", named=False)
    (item,) = open_items([], [cash], as_of=date(2026, 3, 31))
    assert item == OpenItem(
        customer="acme",
        kind=ItemKind.UNAPPLIED_CASH,
        reference="PE-7",
        instalment=None,
        issued_on=date(2026, 3, 5),
        due_on=date(2026, 3, 5),
        original=eur("50.00"),
        open=eur("-50.00"),
        reporting_open=None,
        disputed=False,
        discount=None,
        discount_until=None,
    )
