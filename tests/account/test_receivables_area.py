"""The review's receivables area at its boundaries, each worked by hand.

The review day is 30 June 2026. Documents dated on the review day count, those
dated the day after do not; an invoice due on the review day is not overdue;
one 30 days overdue is in 1-30, one 31 days overdue is "more than 30 days".
"""

from datetime import date
from decimal import Decimal

import pytest

from accountkit.account import Account, Priority, Thresholds, render_review, review
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


def _billed_on(*days: date) -> Account:
    """An account billed 1,000 on each day (due the same day), nothing paid."""
    return Account(
        id="acme",
        name="Acme",
        currency="EUR",
        contracts=(monthly(),),
        invoices=tuple(
            _invoice(f"Z{n}", day, day) for n, day in enumerate(days, start=1)
        ),
        payments=(),
        credit_notes=(),
    )


# one invoice in each of the six months to the review day, two of them on the
# last day of their month: January 31 and April 30
SIX_MONTHS = (
    date(2026, 1, 31),
    date(2026, 2, 1),
    date(2026, 3, 1),
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 6, 1),
)


def test_debtor_days_count_each_invoice_in_its_own_month():
    """6,000 owed against 1,000 of sales in each month, newest first: June 30
    days + May 31 + April 30 + March 31 + February 28 + all of January's
    1,000 for its 31 days = 181 days. (Were April 30 counted in May, April
    would have no sales and the count would stop there; were January 31
    counted in February, 150 days.) An invoice the day after the review day
    counts neither as owed nor as a sale."""
    owed = review(_billed_on(*SIX_MONTHS, NEXT), as_of=DAY).receivables
    assert (owed.open, owed.debtor_days, owed.debtor_days_at_least) == (
        eur("6000"),
        Decimal("181.00"),
        None,
    )


def test_debtor_days_past_the_billing_counted_back_are_a_floor_not_a_figure():
    """A seventh 1,000, billed on 31 December 2025 (before the six months):
    7,000 owed, and six months of sales account for 6,000 of it. The countback
    gives at least 181 days, not the debtor days: they are missing (never
    scored), the floor is kept, and since 181 is above both thresholds the
    debtor-days flag fires now, saying it is a floor."""
    seen = review(_billed_on(date(2025, 12, 31), *SIX_MONTHS), as_of=DAY)
    owed = seen.receivables
    assert (owed.open, owed.debtor_days, owed.debtor_days_at_least) == (
        eur("7000"),
        None,
        Decimal("181.00"),
    )
    [measure] = [m for m in seen.health.measures if m.id == "debtor_days"]
    assert measure.status.value == "missing"
    [flag] = [f for f in seen.flags if f.code == "receivables.debtor_days_high"]
    assert (flag.priority, flag.message) == (
        Priority.NOW,
        (
            "debtor days at least 181.00: what is owed exceeds the billing "
            "counted back (up to six months, stopping at a month without any)"
        ),
    )
    assert flag.evidence == tuple(f"Z{n}" for n in range(1, 8))  # all overdue
    assert "debtor days at least 181.00" in render_review(seen)


def test_a_month_without_billing_ends_the_countback():
    """Billed only on 1 January: June has no sales, so nothing can be
    counted back; the floor is 0 days, the debtor days are missing, and a
    floor below the thresholds raises no debtor-days flag. Billed only on
    31 December 2025, outside the six months: nothing to count back at
    all, so no floor either."""
    seen = review(_billed_on(date(2026, 1, 1)), as_of=DAY)
    assert (seen.receivables.debtor_days, seen.receivables.debtor_days_at_least) == (
        None,
        Decimal("0.00"),
    )
    assert "receivables.debtor_days_high" not in [f.code for f in seen.flags]
    before = review(_billed_on(date(2025, 12, 31)), as_of=DAY).receivables
    assert (before.debtor_days, before.debtor_days_at_least) == (None, None)


@pytest.mark.parametrize(
    ("watch", "now", "expected"),
    [
        ("181", "200", None),
        ("180.99", "200", Priority.THIS_MONTH),
        ("45", "181", Priority.THIS_MONTH),
        ("45", "180.99", Priority.NOW),
    ],
)
def test_a_floor_fires_the_flag_above_its_thresholds_not_at_them(watch, now, expected):
    limits = Thresholds(debtor_days_watch=Decimal(watch), debtor_days_now=Decimal(now))
    seen = review(
        _billed_on(date(2025, 12, 31), *SIX_MONTHS), as_of=DAY, thresholds=limits
    )
    found = [f for f in seen.flags if f.code == "receivables.debtor_days_high"]
    assert [f.priority for f in found] == ([] if expected is None else [expected])


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
