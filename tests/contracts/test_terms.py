from datetime import UTC, date, datetime

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
