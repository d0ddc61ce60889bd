"""Bad arguments to public functions get accountkit errors naming what and where.

One row a class of bad input found by the hostile-integration corpus of issue
14; each call used to escape as a builtin error (TypeError, AttributeError,
decimal.InvalidOperation, a raw numpy ValueError) or to be accepted silently.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pytest

from accountkit import CurrencyMismatchError, Money, Period, ValidationError
from accountkit._checked import checked, unchecked
from accountkit.account import (
    default_scorecard,
    review_block,
    review_many,
    sample_portfolio,
)
from accountkit.contracts import (
    BusinessCalendar,
    FlatCredit,
    PaymentTerms,
    PoolAllocationCredit,
    ServiceLevel,
    Ticket,
    TicketTarget,
    TimeSpan,
    add_business_time,
    contract_years,
    due_dates,
    meets,
    merge_spans,
    rule_credit,
    ticket_compliance,
)
from accountkit.finance import (
    ageing_arrays,
    contracted_by_period,
    countback_dso,
    countback_dso_arrays,
    forecast,
    open_items,
    wallet_by_service_line,
)
from accountkit.health import roll_up, score_many
from accountkit.serialization import from_json
from builders import monthly

DAY = np.datetime64("2026-06-30")
LEVEL = ServiceLevel(id="a", name="A", target="99", rule=FlatCredit(rate="0.1"))


CASES = [
    (
        lambda: merge_spans(None),
        "merge_spans.spans: expected a list of TimeSpan records, got NoneType",
    ),
    (
        lambda: open_items(None, as_of=date(2026, 1, 1)),
        "open_items.invoices: expected a list of Invoice records, got NoneType",
    ),
    (
        lambda: open_items([], ["p"], as_of=date(2026, 1, 1)),
        "open_items.payments[0]: expected a Payment, got str 'p'",
    ),
    (
        lambda: meets(LEVEL, None),
        (
            "meets.measured: expected a Decimal, an int or a decimal string, got "
            "NoneType None"
        ),
    ),
    (
        lambda: meets(LEVEL, Decimal("NaN")),
        "meets.measured: NaN is not an amount (expected a finite decimal number)",
    ),
    (
        lambda: meets("a", Decimal(99)),
        "meets.level: expected a ServiceLevel, got str 'a'",
    ),
    (
        lambda: contract_years(None),
        "contract_years.term: expected a Period, got NoneType",
    ),
    (
        lambda: BusinessCalendar.weekdays(time(9), time(17), timezone=""),
        (
            "BusinessCalendar.timezone: unknown time zone '' (expected an IANA name "
            "such as 'Europe/London')"
        ),
    ),
    (
        lambda: score_many(default_scorecard(), np.array([["a"] * 18])),
        (
            "score_many.values: expected numbers (NaN for missing), got could not "
            "convert string to float: np.str_('a')"
        ),
    ),
    (
        lambda: countback_dso_arrays([np.nan], [[100]], [30]),
        (
            "countback_dso_arrays.receivables: NaN at index 0 (a missing value is not "
            "a number)"
        ),
    ),
    (
        lambda: countback_dso_arrays([100.5], [[100]], [30]),
        "countback_dso_arrays.receivables: not a whole number at index 0 (100.5)",
    ),
    (
        lambda: countback_dso_arrays([100], [[100, np.inf]], [30, 30]),
        "countback_dso_arrays.sales: infinite value at index [0, 1]",
    ),
    (
        lambda: countback_dso_arrays([100], [[100]], [0]),
        (
            "countback_dso_arrays.period_days: a period has no days: every "
            "period_days must be at least 1"
        ),
    ),
    (
        lambda: ageing_arrays(["2026-01-01", "NaT"], [1, 2], ["a", "b"], as_of=DAY),
        "ageing_arrays.dates: no date (NaT) at index 1",
    ),
    (
        lambda: ageing_arrays(
            np.zeros((2, 2), dtype="datetime64[D]"),
            [[1, 2], [3, 4]],
            ["a", "b"],
            as_of=DAY,
        ),
        "ageing_arrays.dates: expected a 1-dimensional array, got shape (2, 2)",
    ),
    (
        lambda: ageing_arrays(["2026-01-01"], [np.nan], ["a"], as_of=DAY),
        "ageing_arrays.amounts: NaN at index 0 (a missing value is not a number)",
    ),
    (
        lambda: due_dates(
            PaymentTerms.net(30), np.array(["2026-01-31", "NaT"], dtype="datetime64[D]")
        ),
        "due_dates.bill_on: no date (NaT) at index 1",
    ),
    (
        lambda: due_dates(
            PaymentTerms.net(30), np.array(["9999-12-20"], dtype="datetime64[D]")
        ),
        (
            "due_dates.bill_on: net 30 days puts the due date of 9999-12-20 (index 0) "
            "past the end of the calendar (9999-12-31)"
        ),
    ),
    (
        lambda: countback_dso(Decimal(5), [Money("1", "EUR")], period_days=[30]),
        (
            "countback_dso.receivables: expected Money (an amount with its "
            "currency, such as Money('100', 'EUR')), got Decimal Decimal('5')"
        ),
    ),
    (
        lambda: countback_dso(Money("5", "EUR"), None, period_days=[30]),
        "countback_dso.sales: expected a list of Money records, got NoneType",
    ),
]


@pytest.mark.parametrize(("call", "message"), CASES)
def test_a_bad_argument_is_named(call, message):
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value) == message


def test_a_float_measurement_is_refused_as_inexact():
    """A float is a TypeError, as everywhere money or a measure must be exact."""
    with pytest.raises(TypeError, match=r"^meets\.measured: a float is not an exact"):
        meets(LEVEL, 99.5)


def test_roll_up_refuses_revenue_in_two_currencies():
    """Weighting EUR against USD revenue would mean nothing; it used to average
    them as if they were one currency."""
    from accountkit.account import review, sample_portfolio  # noqa: PLC0415

    seen = [review(a, as_of=date(2026, 6, 30)) for a in sample_portfolio()[:2]]
    with pytest.raises(CurrencyMismatchError) as caught:
        roll_up(
            [r.health for r in seen],
            revenue=[Money("100", "EUR"), Money("100", "USD")],
        )
    assert str(caught.value) == (
        "roll_up.revenue[1]: in USD, but revenue[0] is in EUR: convert to one "
        "currency before weighting by revenue"
    )


def test_a_pool_credit_refuses_an_at_risk_amount_in_another_currency():
    level = ServiceLevel(
        id="a",
        name="A",
        target="99",
        rule=PoolAllocationCredit(
            category="run", category_allocation="0.5", allocation="0.4"
        ),
    )
    with pytest.raises(CurrencyMismatchError) as caught:
        rule_credit(
            level,
            Decimal(98),
            charges=Money("100000", "USD"),
            at_risk_amount=Money("10000", "EUR"),
        )
    assert str(caught.value) == (
        "rule_credit.at_risk_amount: in EUR, but the charges are in USD"
    )


def _ticket(key: str, responded: int | None = None, resolved: int | None = None):
    from datetime import UTC, datetime  # noqa: PLC0415

    created = datetime(2026, 3, 2, 9, tzinfo=UTC)
    return Ticket(
        id=key,
        priority="P1",
        created_at=created,
        responded_at=None
        if responded is None
        else created + timedelta(hours=responded),
        resolved_at=None if resolved is None else created + timedelta(hours=resolved),
    )


def test_a_ticket_answered_after_it_was_resolved_is_refused():
    assert _ticket("T", responded=2, resolved=2).responded_at is not None
    with pytest.raises(ValidationError) as caught:
        _ticket("T", responded=3, resolved=2)
    assert str(caught.value) == (
        "Ticket.responded_at: 2026-03-02T12:00:00+00:00 is after the ticket was "
        "resolved (2026-03-02T11:00:00+00:00): a resolution answers the ticket"
    )


def test_ticket_compliance_refuses_a_naive_as_of_and_repeated_ids():
    from datetime import UTC, datetime  # noqa: PLC0415

    desk = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    target = TicketTarget(
        priority="P1", response=timedelta(hours=1), resolution=timedelta(hours=8)
    )
    march = TimeSpan(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    naive = datetime(2026, 3, 31)  # noqa: DTZ001 - the naive instant under test
    with pytest.raises(ValidationError) as caught:
        ticket_compliance([], [target], desk, period=march, as_of=naive)
    assert str(caught.value) == (
        "ticket_compliance.as_of: expected a timezone-aware datetime, got "
        "datetime datetime.datetime(2026, 3, 31, 0, 0)"
    )
    with pytest.raises(ValidationError) as caught:
        ticket_compliance(
            [_ticket("T"), _ticket("T")],
            [target],
            desk,
            period=march,
            as_of=datetime(2026, 3, 31, tzinfo=UTC),
        )
    assert str(caught.value) == (
        "ticket_compliance.tickets[1].id: ticket id 'T' is used twice (tickets[0] "
        "and here)"
    )


def test_business_time_past_the_calendar_end_is_named():
    from datetime import UTC, datetime  # noqa: PLC0415

    desk = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    start = datetime(9999, 12, 30, 10, tzinfo=UTC)
    with pytest.raises(ValidationError) as caught:
        add_business_time(desk, start, timedelta(hours=30))
    assert str(caught.value) == (
        "add_business_time.duration: 1 day, 6:00:00 of business time from "
        "9999-12-30T10:00:00+00:00 runs past the end of the calendar (9999-12-31)"
    )


def test_a_forecast_of_values_near_the_float_limit_is_refused():
    """1e308 used to overflow into a LinAlgError; 1e15 (the bound) is read."""
    with pytest.raises(ValidationError) as caught:
        forecast([1e308] * 8, 3, method="AAN")
    assert str(caught.value) == (
        "forecast.series[0]: must be at most 1e+15 in size, got 1e+308; scale the "
        "series (to thousands, say) before forecasting"
    )
    assert forecast([1e15] * 8, 1, method="ANN").mean[0] == pytest.approx(1e15)


def test_a_priority_with_two_targets_is_refused():
    """Which of two P1 targets applies would be a guess (the first used to)."""
    from datetime import UTC, datetime  # noqa: PLC0415

    desk = BusinessCalendar.weekdays(time(9), time(17), timezone="UTC")
    targets = [
        TicketTarget(
            priority="P1", response=timedelta(hours=1), resolution=timedelta(hours=8)
        ),
        TicketTarget(
            priority="P1", response=timedelta(hours=2), resolution=timedelta(hours=9)
        ),
    ]
    march = TimeSpan(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    with pytest.raises(ValidationError) as caught:
        ticket_compliance(
            [], targets, desk, period=march, as_of=datetime(2026, 3, 31, tzinfo=UTC)
        )
    assert str(caught.value) == (
        "ticket_compliance.targets[1].priority: priority 'P1' has two targets "
        "(targets[0] and here)"
    )


class _Owed(Money):
    """A subclass: an instance of Money, though not of exactly that class."""


@pytest.mark.parametrize(
    ("sales", "refused"),
    [
        # every item of exactly the class passes at once; any other is named
        ([Money("1", "EUR"), "x"], [("sales", 1)]),
        (["x", Money("1", "EUR"), 3], [("sales", 0), ("sales", 2)]),
        ((Money("1", "EUR"), _Owed("1", "EUR"), None), [("sales", 2)]),
    ],
)
def test_every_item_of_a_list_is_checked_however_the_others_are(sales, refused):
    with pytest.raises(ValidationError) as caught:
        countback_dso(Money("1", "EUR"), sales, period_days=[30] * len(sales))
    assert [p.path for p in caught.value.problems] == refused
    assert all(
        p.message.startswith("expected Money (an amount with its currency")
        for p in caught.value.problems
    )


def test_a_list_of_a_subclass_or_of_nothing_passes_the_check():
    """A subclass instance is checked item by item and passes; an empty list
    has nothing to check (the function itself then decides)."""
    mixed = [Money("100", "EUR"), _Owed("100", "EUR")]
    found = countback_dso(Money("150", "EUR"), mixed, period_days=[30, 30])
    assert found.days == Decimal(45)
    with pytest.raises(ValidationError, match=r"^countback_dso\.period_days: 1 "):
        countback_dso(Money("1", "EUR"), [], period_days=[30])


def _money() -> Money:
    return Money("1", "EUR")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # the places of a result: 0 to 28, both ends allowed
        (
            lambda: countback_dso(_money(), [_money()], period_days=[30], places=29),
            "countback_dso.places: expected a whole number from 0 to 28, got int 29",
        ),
        (
            lambda: countback_dso(_money(), [_money()], period_days=[30], places=-1),
            "countback_dso.places: expected a whole number from 0 to 28, got int -1",
        ),
        # a datetime is not a day
        (
            lambda: open_items([], as_of=datetime(2026, 1, 1, tzinfo=UTC)),
            "open_items.as_of: expected a date, got datetime",
        ),
        # "an" before a vowel
        (
            lambda: open_items(["x"], as_of=date(2026, 1, 1)),
            "open_items.invoices[0]: expected an Invoice, got str 'x'",
        ),
        # a literal is its options, of their type
        (
            lambda: review_many([], as_of=date(2026, 6, 30), errors="x"),  # type: ignore[call-overload]
            "review_many.errors: expected one of 'raise', 'collect', got str 'x'",
        ),
        # one thing or a list of them: a list names its wrong item...
        (
            lambda: contracted_by_period([monthly(), "x"], [Period.month(2026, 1)]),  # type: ignore[list-item]
            "contracted_by_period.contracts[1]: expected a Contract, got str 'x'",
        ),
        # ... and anything else says both
        (
            lambda: contracted_by_period("x", [Period.month(2026, 1)]),  # type: ignore[arg-type]
            (
                "contracted_by_period.contracts: expected a Contract or a list of "
                "Contract records, got str 'x'"
            ),
        ),
        # pairs inside a list: each part checked, and a pair is a tuple of two
        (
            lambda: review_block([(0, "x")], as_of=date(2026, 6, 30)),  # type: ignore[list-item]
            "review_block.accounts[0][1]: expected an Account, got str 'x'",
        ),
        (
            lambda: review_block(
                [[0, sample_portfolio()[0]]],  # type: ignore[list-item]
                as_of=date(2026, 6, 30),
            ),
            "review_block.accounts[0]: expected a pair, got list",
        ),
        (
            lambda: review_block(
                [(0, sample_portfolio()[0], 1)],  # type: ignore[list-item]
                as_of=date(2026, 6, 30),
            ),
            "review_block.accounts[0]: expected a pair, got tuple",
        ),
        # mappings: their keys and their values, each by name
        (
            lambda: wallet_by_service_line({"a": "x"}, {}),  # type: ignore[dict-item]
            "wallet_by_service_line.wallet.a: expected Money",
        ),
        (
            lambda: wallet_by_service_line({1: _money()}, {}),  # type: ignore[dict-item]
            "wallet_by_service_line.wallet['1']: expected a str, got int 1",
        ),
        (
            lambda: wallet_by_service_line(["a"], {}),  # type: ignore[arg-type]
            "wallet_by_service_line.wallet: expected a mapping, got list",
        ),
        # a list of numbers is a list, not "a list of int records"
        (
            lambda: countback_dso(_money(), [_money()], period_days=None),  # type: ignore[arg-type]
            "countback_dso.period_days: expected a list, got NoneType",
        ),
    ],
)
def test_each_kind_of_annotation_refuses_by_name(call, message):
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value).startswith(message)


def test_the_ends_of_the_checked_ranges_and_kinds_are_accepted():
    """places 0 and 28, a class written as a generic alias, a subclass of
    date that is not a datetime: each passes the checks."""
    assert countback_dso(
        _money(), [_money()], period_days=[30], places=0
    ).days == Decimal(30)
    assert countback_dso(
        _money(), [_money()], period_days=[30], places=28
    ).days == Decimal(30)
    assert from_json(list[Money], '[{"amount": "1", "currency": "EUR"}]') == [_money()]


def test_an_iterator_argument_is_not_read_by_its_check():
    """The function reads an iterator once; checking its items would use it up."""
    seen = review_many(iter(sample_portfolio()), as_of=date(2026, 6, 30))
    assert [r.name for r in seen] == [
        "Northwind Logistics",
        "Contoso Health",
        "Fabrikam Retail",
    ]


def test_unchecked_is_the_function_without_its_argument_checks():
    """For callers inside the library with arguments known good: the same
    function, whose checks are simply not run (a wrong type then fails
    inside it, not at the door); a function that was never checked is
    itself."""

    @checked
    def halve(amount: Money) -> Money:
        return amount / 2

    assert unchecked(halve)(Money("3", "EUR")) == halve(Money("3", "EUR"))
    with pytest.raises(ValidationError, match=r"^halve\.amount: expected Money"):
        halve(Decimal(3))
    assert unchecked(halve)(Decimal(3)) == Decimal("1.5")

    def plain(value: int) -> int:
        return value

    assert unchecked(plain) is plain
