"""The review's receivables area at its boundaries, each worked by hand.

The review day is 30 June 2026. Documents dated on the review day count, those
dated the day after do not; an invoice due on the review day is not overdue;
one 30 days overdue is in 1-30, one 31 days overdue is "more than 30 days".
"""

from datetime import date
from decimal import Decimal

import pytest

from accountkit.account import Account, Priority, Thresholds, review
from accountkit.finance import CreditNote, Invoice, Payment
from builders import eur, monthly

DAY = date(2026, 6, 30)
NEXT = date(2026, 7, 1)


def _invoice(key: str, issued: date, due: date, **fields: object) -> Invoice:
    return Invoice(
        id=key,
        customer="acme",
        issued_on=issued,
        amount=eur("1000"),
        due_on=due,
        contract_id="C-1",
        **fields,  # type: ignore[arg-type]
    )


def _account(*extra: Invoice, disputed: bool = False) -> Account:
    """A due 31 May (30 days late), B due 30 May (31 days late, 100 paid on
    the review day), C issued and due on the review day (100 credited that
    day), E issued the day after. Payments and credits dated the day after
    do not count."""
    invoices = (
        _invoice("A", date(2026, 5, 1), date(2026, 5, 31)),
        _invoice("B", date(2026, 4, 30), date(2026, 5, 30), disputed=disputed),
        _invoice("C", DAY, DAY),
        _invoice("E", NEXT, date(2026, 7, 31)),
        *extra,
    )
    payments = (
        Payment(
            id="P1", customer="acme", received_on=DAY, amount=eur("100"), invoice_id="B"
        ),
        Payment(
            id="P2",
            customer="acme",
            received_on=NEXT,
            amount=eur("1000"),
            invoice_id="A",
        ),
    )
    notes = (
        CreditNote(
            id="N1", customer="acme", issued_on=DAY, amount=eur("100"), invoice_id="C"
        ),
        CreditNote(
            id="N2", customer="acme", issued_on=NEXT, amount=eur("500"), invoice_id="A"
        ),
    )
    return Account(
        id="acme",
        name="Acme",
        currency="EUR",
        contracts=(monthly(),),
        invoices=invoices,
        payments=payments,
        credit_notes=notes,
    )


def test_documents_on_the_review_day_count_and_the_day_after_do_not():
    """Open: A 1,000 (1-30), B 900 (31-60), C 900 (not yet due) = 2,800;
    overdue 1,900; over 30 days 900 = 900 / 2,800 = 32.14 %."""
    owed = review(_account(), as_of=DAY).receivables
    assert owed.buckets == (eur("900"), eur("1000"), eur("900"), eur("0"), eur("0"))
    assert (owed.open, owed.overdue, owed.over_30) == (
        eur("2800"),
        eur("1900"),
        eur("900"),
    )
    assert owed.over_30_share == Decimal("32.14")
    assert owed.overdue_invoices == ("A", "B")
    assert owed.over_30_invoices == ("B",)
    assert owed.disputed_invoices == ()


def test_countback_reaches_back_through_the_months_billed():
    """Sales: June 1,000 (C), May 1,000 (A), April 1,000 (B; E is July).
    2,800 owed: June's 1,000 (30 days) + May's 1,000 (31 days) + 800 of
    April's 1,000 over its 30 days (24) = 85 days."""
    assert review(_account(), as_of=DAY).receivables.debtor_days == Decimal("85.00")


def test_only_six_months_of_billing_count_for_debtor_days():
    """With the only sale on 31 December 2025, outside the six months to
    30 June (1 January to 30 June), there are no debtor days; a sale on
    1 January, the first day of the window, gives some."""

    def alone(issued: date) -> Account:
        return Account(
            id="acme",
            name="Acme",
            currency="EUR",
            contracts=(monthly(),),
            invoices=(_invoice("Z", issued, issued),),
            payments=(),
            credit_notes=(),
        )

    assert review(alone(date(2025, 12, 31)), as_of=DAY).receivables.debtor_days is None
    assert (
        review(alone(date(2026, 1, 1)), as_of=DAY).receivables.debtor_days is not None
    )


@pytest.mark.parametrize(
    ("watch", "now", "expected"),
    [
        ("32.14", "50", None),
        ("32.13", "50", Priority.THIS_MONTH),
        ("10", "32.14", Priority.THIS_MONTH),
        ("10", "32.13", Priority.NOW),
    ],
)
def test_the_overdue_flag_fires_above_its_thresholds_not_at_them(watch, now, expected):
    """The share is 32.14 %: a threshold at exactly that value does not fire."""
    limits = Thresholds(over_30_watch=Decimal(watch), over_30_now=Decimal(now))
    seen = review(_account(), as_of=DAY, thresholds=limits)
    found = [f for f in seen.flags if f.code == "receivables.overdue_30"]
    assert [f.priority for f in found] == ([] if expected is None else [expected])
    if found:
        assert found[0].message == (
            "EUR 900.00 (32.14% of receivables) is more than 30 days overdue, on "
            "invoice B"
        )
        assert found[0].evidence == ("B",)


@pytest.mark.parametrize(
    ("watch", "now", "expected"),
    [
        ("85", "90", None),
        ("84.99", "90", Priority.THIS_MONTH),
        ("45", "85", Priority.THIS_MONTH),
        ("45", "84.99", Priority.NOW),
    ],
)
def test_the_debtor_days_flag_fires_above_its_thresholds_not_at_them(
    watch, now, expected
):
    """Debtor days are 85.00: a threshold at exactly 85 does not fire."""
    limits = Thresholds(debtor_days_watch=Decimal(watch), debtor_days_now=Decimal(now))
    seen = review(_account(), as_of=DAY, thresholds=limits)
    found = [f for f in seen.flags if f.code == "receivables.debtor_days_high"]
    assert [f.priority for f in found] == ([] if expected is None else [expected])
    if found:
        assert (found[0].message, found[0].evidence) == (
            "debtor days at 85.00",
            ("A", "B"),
        )


def test_a_dispute_is_flagged_only_when_there_is_one():
    quiet = review(_account(), as_of=DAY)
    assert "receivables.disputed" not in [f.code for f in quiet.flags]
    seen = review(_account(disputed=True), as_of=DAY)
    [flag] = [f for f in seen.flags if f.code == "receivables.disputed"]
    assert (flag.priority, flag.message, flag.evidence) == (
        Priority.THIS_MONTH,
        "EUR 900.00 is in dispute, on invoice B",
        ("B",),
    )


def test_a_flag_names_three_invoices_then_counts_the_rest():
    """Four invoices more than 30 days overdue (B, F1, F2, F3): three named."""
    more = tuple(
        _invoice(f"F{n}", date(2026, 4, 1), date(2026, 5, 1)) for n in (1, 2, 3)
    )
    seen = review(_account(*more), as_of=DAY, thresholds=Thresholds(over_30_watch=0))
    [flag] = [f for f in seen.flags if f.code == "receivables.overdue_30"]
    assert flag.message.endswith("on invoices B, F1, F2 and 1 more")
    assert flag.evidence == ("B", "F1", "F2", "F3")


def test_a_cent_left_open_is_still_overdue_and_a_cent_disputed_is_flagged():
    """B is paid but for 0.01 (999.99 on the review day): the cent stays open,
    overdue and, B being disputed, in dispute - small residuals never vanish."""
    account = _account(disputed=True)
    account = Account(
        id="acme",
        name="Acme",
        currency="EUR",
        contracts=account.contracts,
        invoices=account.invoices,
        payments=(
            Payment(
                id="P1",
                customer="acme",
                received_on=DAY,
                amount=eur("999.99"),
                invoice_id="B",
            ),
        ),
        credit_notes=(),
    )
    owed = review(account, as_of=DAY).receivables
    assert owed.over_30 == eur("0.01")
    assert owed.over_30_invoices == ("B",)
    assert owed.disputed == eur("0.01")
    seen = review(account, as_of=DAY)
    assert "receivables.disputed" in [f.code for f in seen.flags]


@pytest.mark.parametrize(
    ("count", "ending"),
    [(2, "on invoices B, F1"), (3, "on invoices B, F1, F2")],
)
def test_two_or_three_invoices_are_all_named(count, ending):
    more = tuple(
        _invoice(f"F{n}", date(2026, 4, 1), date(2026, 5, 1)) for n in range(1, count)
    )
    seen = review(_account(*more), as_of=DAY, thresholds=Thresholds(over_30_watch=0))
    [flag] = [f for f in seen.flags if f.code == "receivables.overdue_30"]
    assert flag.message.endswith(ending)
