from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given

from accountkit import ValidationError
from accountkit.contracts import DueBasis, PaymentTerms, RenewalTerms
from strategies.contracts import payment_terms
from strategies.core import dates


def test_net_30_from_the_last_day_of_january_in_a_leap_year():
    """Issue 3 worked case: 2024-01-31 + 30 days = 2024-03-01 (February has 29)."""
    assert PaymentTerms.net(30).due_date(date(2024, 1, 31)) == date(2024, 3, 1)


def test_months_after_end_of_month_adds_months_before_taking_the_month_end():
    """Issue 3 worked case: 2020-06-11, one month after end of month -> 2020-07-31.

    The buggy order (end of June = 06-30, plus one month = 07-30) is one day early.
    """
    assert PaymentTerms.months_after_end_of_month(1).due_date(
        date(2020, 6, 11)
    ) == date(2020, 7, 31)


def test_day_of_month_in_the_next_month():
    """Issue 3 worked case: day 21 of the next month from 2024-01-31 -> 2024-02-21."""
    assert PaymentTerms.day_of_month(21).due_date(date(2024, 1, 31)) == date(
        2024, 2, 21
    )


def test_day_of_month_clamps_to_the_end_of_a_short_month():
    assert PaymentTerms.day_of_month(31).due_date(date(2023, 1, 10)) == date(
        2023, 2, 28
    )
    assert PaymentTerms.day_of_month(30).due_date(date(2024, 1, 10)) == date(
        2024, 2, 29
    )


def test_end_of_month_plus_days():
    # End of February 2026 is the 28th; + 15 days = 15 March.
    assert PaymentTerms.end_of_month(15).due_date(date(2026, 2, 3)) == date(2026, 3, 15)
    assert PaymentTerms.end_of_month().due_date(date(2026, 4, 30)) == date(2026, 4, 30)


def test_day_of_month_in_the_same_month_after_the_day_is_bad_data():
    terms = PaymentTerms.day_of_month(10, months_after=0)
    assert terms.due_date(date(2026, 3, 5)) == date(2026, 3, 10)
    with pytest.raises(ValidationError, match="before the issue date"):
        terms.due_date(date(2026, 3, 20))


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (
            lambda: PaymentTerms.net(-1),
            r"PaymentTerms\.days: expected a whole number of days from 0 to 3650",
        ),
        (
            lambda: PaymentTerms.day_of_month(0),
            r"PaymentTerms\.day: expected a day from 1 to 31",
        ),
        (lambda: PaymentTerms.day_of_month(32), "expected a day from 1 to 31"),
        (
            lambda: PaymentTerms(basis=DueBasis.NET, days=30, day=5),
            r"PaymentTerms\.day: must be null",
        ),
        (
            lambda: PaymentTerms(basis=DueBasis.NET, months=1),
            r"PaymentTerms\.months: must be 0",
        ),
        (lambda: PaymentTerms.net(days=True), "days from 0 to 3650, got True"),
    ],
)
def test_bad_terms_are_validation_errors(make, fragment):
    with pytest.raises(ValidationError, match=fragment):
        make()


def test_due_date_refuses_a_datetime():
    with pytest.raises(ValidationError, match=r"PaymentTerms\.due_date\.issued_on"):
        PaymentTerms.net(30).due_date(datetime(2026, 1, 1, tzinfo=UTC))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("terms", "text"),
    [
        (PaymentTerms.net(30), "net 30 days"),
        (PaymentTerms.end_of_month(15), "end of month + 15 days"),
        (PaymentTerms.months_after_end_of_month(2), "end of month + 2 months"),
        (PaymentTerms.day_of_month(21), "day 21 of the next month"),
    ],
)
def test_terms_read_as_people_write_them(terms, text):
    assert str(terms) == text


@given(payment_terms, dates())
def test_due_date_is_never_before_the_issue_date(terms, issued_on):
    assert terms.due_date(issued_on) >= issued_on


def test_renewal_terms_are_checked():
    with pytest.raises(
        ValidationError, match=r"RenewalTerms\.renewal_months: expected a whole number"
    ):
        RenewalTerms(auto_renew=True, renewal_months=0)
    with pytest.raises(ValidationError, match=r"RenewalTerms\.notice_days"):
        RenewalTerms(notice_days=-5)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: PaymentTerms.net(10**9),
            (
                "PaymentTerms.days: expected a whole number of days from 0 to 3650, "
                "got 1000000000"
            ),
        ),
        (
            lambda: RenewalTerms(auto_renew=True, renewal_months=10**30),
            (
                "RenewalTerms.renewal_months: expected a whole number of renewal_months "
                "from 1 to 120, got 1000000000000000000000000000000"
            ),
        ),
        (
            lambda: RenewalTerms(notice_days=3651),
            (
                "RenewalTerms.notice_days: expected a whole number of notice_days from "
                "0 to 3650, got 3651"
            ),
        ),
    ],
)
def test_terms_longer_than_ten_years_are_refused(make, message):
    """3,650 days and 120 months are accepted; one more is a data error that
    would otherwise run due dates off the calendar."""
    with pytest.raises(ValidationError) as caught:
        make()
    assert str(caught.value) == message
    assert PaymentTerms.net(3650).days == 3650
    assert RenewalTerms(renewal_months=120, notice_days=3650).renewal_months == 120


def test_renewal_terms_default_to_no_auto_renewal_12_months_and_90_days_notice():
    terms = RenewalTerms()
    assert (terms.auto_renew, terms.renewal_months, terms.notice_days) == (
        False,
        12,
        90,
    )


@pytest.mark.parametrize(
    ("terms", "text"),
    [
        (PaymentTerms.net(30), "net 30 days"),
        (PaymentTerms.end_of_month(), "end of month"),
        (PaymentTerms.end_of_month(15), "end of month + 15 days"),
        (PaymentTerms.months_after_end_of_month(1), "end of month + 1 month"),
        (PaymentTerms.months_after_end_of_month(2), "end of month + 2 months"),
        (PaymentTerms.day_of_month(10, 0), "day 10 of the invoice month"),
        (PaymentTerms.day_of_month(10), "day 10 of the next month"),
        (
            PaymentTerms.day_of_month(10, 2),
            "day 10 of the month 2 months after the invoice month",
        ),
    ],
)
def test_terms_read_as_contracts_write_them(terms, text):
    assert str(terms) == text


def test_a_huge_value_is_shown_by_its_first_40_characters():
    """A 61-digit number of days: the message shows 40 digits and '...'."""
    with pytest.raises(ValidationError) as caught:
        PaymentTerms.net(10**60)
    assert str(caught.value) == (
        "PaymentTerms.days: expected a whole number of days from 0 to 3650, got "
        "1" + "0" * 39 + "..."
    )
    with pytest.raises(ValidationError) as caught:
        PaymentTerms.net(10**39)
    assert str(caught.value).endswith("got 1" + "0" * 39)


def test_day_of_month_terms_may_fall_due_on_the_issue_day():
    """Day 10 of the invoice month, issued on the 10th: due that day."""
    terms = PaymentTerms.day_of_month(10, 0)
    assert terms.due_date(date(2026, 3, 10)) == date(2026, 3, 10)


def test_a_41_character_value_is_cut_at_40():
    with pytest.raises(ValidationError) as caught:
        PaymentTerms.net(10**40)
    assert str(caught.value).endswith("got 1" + "0" * 39 + "...")


@pytest.mark.parametrize(
    ("issued", "due"),
    [
        ("2019-01-01", "2019-02-15"),
        ("2019-01-15", "2019-02-15"),
        ("2019-01-31", "2019-03-15"),
    ],
)
def test_at_least_31_days_then_the_15th(issued, due):
    """Odoo's "the 15th of the month, min 31 days from now" (its test_payment_term
    cases 21-23, account tests of Odoo 12): 2019-01-01 + 31 = 02-01, next 15th is
    02-15; 01-15 + 31 = 02-15, the 15th itself; 01-31 + 31 = 03-03, so 03-15."""
    terms = PaymentTerms.day_on_or_after(15, days=31)
    assert terms.due_date(date.fromisoformat(issued)) == date.fromisoformat(due)


def test_day_on_or_after_clamps_in_a_short_month():
    """10 days from 2024-02-05 is 02-15; day 31 clamps to 02-29, after it."""
    terms = PaymentTerms.day_on_or_after(31, days=10)
    assert terms.due_date(date(2024, 2, 5)) == date(2024, 2, 29)
    # 2024-02-25 + 10 = 03-06: the 31st of March.
    assert terms.due_date(date(2024, 2, 25)) == date(2024, 3, 31)
    # Past the clamped day of the month: 2023-01-25 + 5 = 01-30, day 29 -> 02-28.
    assert PaymentTerms.day_on_or_after(29, days=5).due_date(date(2023, 1, 25)) == date(
        2023, 2, 28
    )


@pytest.mark.parametrize(
    ("days", "day", "issued", "due"),
    [
        (30, 10, "2023-12-12", "2024-02-10"),
        (30, 31, "2023-12-12", "2024-02-29"),
        (0, 29, "2024-05-23", "2024-06-29"),
        (0, 31, "2024-05-23", "2024-06-30"),
        (15, 30, "2024-05-24", "2024-07-30"),
        (15, 31, "2024-05-23", "2024-07-31"),
        (30, 0, "2024-04-22", "2024-05-31"),
    ],
)
def test_days_end_of_month_on_the(days, day, issued, due):
    """Odoo 17's "days end of month on the" tests (test_account_payment_term:
    test_payment_term_days_end_of_month_on_the, _nb_days_0, _nb_days_15 and
    _days_next_month_0). 2023-12-12 + 30 = 2024-01-11, end of January, then
    the 10th of February; day 31 clamps to 29 February; day 0 is the month
    end itself (2024-04-22 + 30 = 05-22, so 05-31)."""
    terms = PaymentTerms.end_of_month_then_day(day, days=days)
    assert terms.due_date(date.fromisoformat(issued)) == date.fromisoformat(due)


@pytest.mark.parametrize(
    ("terms", "text"),
    [
        (PaymentTerms.day_on_or_after(15, days=31), "at least 31 days, then day 15"),
        (
            PaymentTerms.end_of_month_then_day(10, days=30),
            "30 days, end of month, then day 10",
        ),
        (PaymentTerms.end_of_month_then_day(0, days=30), "30 days, then end of month"),
        (
            PaymentTerms.net(30).with_discount("0.02", days=10),
            "net 30 days, 2% within 10 days",
        ),
        (
            PaymentTerms.end_of_month(15).with_discount("0.015", days=7),
            "end of month + 15 days, 1.5% within 7 days",
        ),
    ],
)
def test_new_terms_read_as_people_write_them(terms, text):
    assert str(terms) == text


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: PaymentTerms.day_on_or_after(0, days=31),
            "PaymentTerms.day: expected a day from 1 to 31, got 0",
        ),
        (
            lambda: PaymentTerms.day_on_or_after(32, days=31),
            "PaymentTerms.day: expected a day from 1 to 31, got 32",
        ),
        (
            lambda: PaymentTerms.end_of_month_then_day(-1),
            "PaymentTerms.day: expected a day from 0 to 31, got -1",
        ),
        (
            lambda: PaymentTerms.end_of_month_then_day(32),
            "PaymentTerms.day: expected a day from 0 to 31, got 32",
        ),
        (
            lambda: PaymentTerms(basis=DueBasis.DAY_ON_OR_AFTER, day=5, months=1),
            "PaymentTerms.months: must be 0 for day_on_or_after terms; use days",
        ),
        (
            lambda: PaymentTerms(basis=DueBasis.END_OF_MONTH_THEN_DAY, day=5, months=2),
            "PaymentTerms.months: must be 0 for end_of_month_then_day terms; use days",
        ),
        (
            lambda: PaymentTerms(basis=DueBasis.NET, months=1),
            "PaymentTerms.months: must be 0 for net terms; use days",
        ),
        (
            lambda: PaymentTerms.day_of_month(5).__class__(
                basis=DueBasis.DAY_OF_MONTH, day=5, months=1, days=3
            ),
            "PaymentTerms.days: must be 0 for day-of-month terms",
        ),
        (
            lambda: PaymentTerms.net(30).with_discount("0.02", days=31),
            (
                "PaymentTerms.discount.days: the discount's 31 days are longer than the "
                "30 days to pay"
            ),
        ),
        (
            lambda: PaymentTerms.net(30).with_discount("0", days=10),
            (
                "EarlyPaymentDiscount.rate: must be above 0 and at most 0.5 (0.02 for 2%), "
                "got 0"
            ),
        ),
        (
            lambda: PaymentTerms.net(30).with_discount("0.51", days=10),
            (
                "EarlyPaymentDiscount.rate: must be above 0 and at most 0.5 (0.02 for 2%), "
                "got 0.51"
            ),
        ),
        (
            lambda: PaymentTerms.net(30).with_discount("0.02", days=-1),
            (
                "EarlyPaymentDiscount.days: expected a whole number of days from 0 to "
                "3650, got -1"
            ),
        ),
    ],
)
def test_bad_new_terms_say_which_field(make, message):
    with pytest.raises(ValidationError) as caught:
        make()
    assert str(caught.value) == message


def test_a_discount_as_long_as_the_terms_and_the_edges_of_the_rate_are_accepted():
    terms = PaymentTerms.net(30).with_discount("0.5", days=30)
    assert terms.discount is not None
    assert (terms.discount.rate, terms.discount.days) == (Decimal("0.5"), 30)
    assert PaymentTerms.net(30).with_discount("0.0001", days=0).discount is not None


def test_the_discount_date_counts_from_the_issue_date():
    """2/10 net 30 issued 2026-03-02: the discount runs to 03-12 inclusive."""
    terms = PaymentTerms.net(30).with_discount("0.02", days=10)
    assert terms.discount_date(date(2026, 3, 2)) == date(2026, 3, 12)
    assert PaymentTerms.net(30).discount_date(date(2026, 3, 2)) is None
    with pytest.raises(
        ValidationError, match=r"PaymentTerms\.discount_date\.issued_on"
    ):
        terms.discount_date("2026-03-02")  # type: ignore[arg-type]


def test_the_new_defaults_are_no_day_and_no_discount():
    terms = PaymentTerms.net(30)
    assert (terms.day, terms.discount, terms.months) == (None, None, 0)
    assert PaymentTerms.end_of_month_then_day(10).days == 0


def test_a_float_discount_rate_is_refused_by_name():
    with pytest.raises(TypeError) as caught:
        PaymentTerms.net(30).with_discount(0.02, days=10)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "EarlyPaymentDiscount.rate: a float is not an exact amount (0.02); pass "
        "Decimal('0.02') or the string '0.02'"
    )
