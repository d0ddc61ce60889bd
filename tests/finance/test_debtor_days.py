from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import (
    CurrencyMismatchError,
    InsufficientDataError,
    Money,
    ValidationError,
)
from accountkit.finance import (
    Settlement,
    average_days_delinquent,
    average_days_to_pay,
    best_possible_dso,
    collection_effectiveness,
    countback_dso,
    countback_dso_arrays,
    days_beyond_terms,
    simple_dso,
)


def eur(amount: str | int) -> Money:
    return Money(amount, "EUR")


def test_simple_dso():
    """Issue 5: 200,000 / 2,000,000 x 365 = 36.5."""
    assert simple_dso(eur("200000"), eur("2000000"), days=365) == Decimal("36.5")


def test_simple_dso_on_average_receivables():
    """(150,000 + 250,000) / 2 = 200,000 average: the same 36.5 days."""
    assert simple_dso(
        eur("250000"), eur("2000000"), days=365, opening_receivables=eur("150000")
    ) == Decimal("36.5")


def test_countback_worked_case():
    """Issue 5: 212,000 against 100,000 / 80,000 / 70,000 in 30-day months:
    30 + 30 + 32,000 / 70,000 x 30 = 73.714286."""
    result = countback_dso(
        eur("212000"),
        [eur("100000"), eur("80000"), eur("70000")],
        period_days=[30, 30, 30],
    )
    assert (result.days, result.periods, result.complete) == (
        Decimal("73.714286"),
        3,
        True,
    )


def test_countback_uses_actual_days_per_period():
    """120 against 100 (31 days) then 50 (28 days): 31 + 20/50 x 28 = 42.2."""
    result = countback_dso(eur("120"), [eur("100"), eur("50")], period_days=[31, 28])
    assert result.days == Decimal("42.2")


def test_countback_says_when_receivables_exceed_the_history():
    with pytest.raises(InsufficientDataError) as caught:
        countback_dso(eur("300"), [eur("100"), eur("100")], period_days=[30, 30])
    assert str(caught.value) == (
        "receivables EUR 300.00 exceed the usable sales history (2 periods); the "
        "DSO is at least 60 days"
    )
    partial = countback_dso(
        eur("300"), [eur("100"), eur("100")], period_days=[30, 30], allow_partial=True
    )
    assert (partial.days, partial.complete) == (Decimal(60), False)


def test_countback_stops_at_a_period_without_sales():
    """A month of zero sales ends the count: 150 against 100 then 0 then 500 cannot
    reach the 500; the usable history (30 days) is exhausted."""
    with pytest.raises(InsufficientDataError) as caught:
        countback_dso(
            eur("150"), [eur("100"), eur("0"), eur("500")], period_days=[30, 30, 30]
        )
    assert str(caught.value) == (
        "receivables EUR 150.00 exceed the usable sales history (1 period); the "
        "DSO is at least 30 days"
    )


def test_best_possible_dso_and_average_days_delinquent():
    """Issue 5: total 15,000, current 4,000, sales 10,000 over 30 days: DSO 45,
    BPDSO 12, ADD 33."""
    assert simple_dso(eur("15000"), eur("10000"), days=30) == Decimal(45)
    assert best_possible_dso(eur("4000"), eur("10000"), days=30) == Decimal(12)
    assert average_days_delinquent(
        eur("15000"), eur("4000"), eur("10000"), days=30
    ) == Decimal(33)


def test_collection_effectiveness_both_conventions():
    """Issue 5: (100,000 + 1,000,000 - 120,000) / (100,000 + 1,000,000 - 100,000)
    = 98%. Monthly convention over 12 months: sales 83,333.33...:
    (183,333.33 - 120,000) / (183,333.33 - 100,000) = 76%."""
    args = (eur("100000"), eur("1000000"), eur("120000"), eur("100000"))
    assert collection_effectiveness(*args) == Decimal(98)
    assert collection_effectiveness(*args, sales_basis="monthly", months=12) == Decimal(
        76
    )


def _settled(amount: str, days: int, *, due_in: int = 0) -> Settlement:
    start = date(2024, 1, 1)
    return Settlement(
        amount=eur(amount),
        issued_on=start,
        due_on=start + timedelta(days=due_in),
        paid_on=start + timedelta(days=days),
    )


def test_days_to_pay():
    """Issue 5: 1,000 / 3,000 / 2,000 paid after 15 / 30 / 45 days: weighted
    (15,000 + 90,000 + 90,000) / 6,000 = 32.5; simple mean 30."""
    paid = [_settled("1000", 15), _settled("3000", 30), _settled("2000", 45)]
    assert average_days_to_pay(paid, weighted=True) == Decimal("32.5")
    assert average_days_to_pay(paid) == Decimal(30)


def test_days_beyond_terms_signed_and_clamped():
    """Issue 5: 100..500 at -10, -5, 0, 5, 10 days: signed 5,000 / 1,500 = 3.33;
    clamped 7,000 / 1,500 = 4.67."""
    paid = [
        _settled(a, 30 + d, due_in=30)
        for a, d in (("100", -10), ("200", -5), ("300", 0), ("400", 5), ("500", 10))
    ]
    assert days_beyond_terms(paid, places=2) == Decimal("3.33")
    assert days_beyond_terms(paid, early="clamp", places=2) == Decimal("4.67")
    assert days_beyond_terms(paid, weighted=False) == Decimal(0)


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (
            lambda: simple_dso(eur("1"), eur("0"), days=30),
            InsufficientDataError,
            "credit sales is zero",
        ),
        (
            lambda: collection_effectiveness(eur("0"), eur("0"), eur("0"), eur("0")),
            InsufficientDataError,
            "collectible amount is zero",
        ),
        (lambda: average_days_to_pay([]), InsufficientDataError, "settlements is zero"),
        (
            lambda: simple_dso(eur("1"), Money("1", "USD"), days=30),
            CurrencyMismatchError,
            "compare like with like",
        ),
        (
            lambda: simple_dso(eur("1"), eur("1"), days=0),
            ValidationError,
            r"simple_dso\.days",
        ),
        (
            lambda: countback_dso(eur("1"), [eur("1")], period_days=[30, 31]),
            ValidationError,
            r"countback_dso\.period_days",
        ),
    ],
)
def test_undefined_and_bad_input(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


# --- properties -----------------------------------------------------------------------

cents = st.integers(0, 10**9)


@given(cents, cents, st.integers(1, 10**9), st.sampled_from([30, 360, 365]))
def test_dso_is_monotone_in_receivables(first, second, sales, days):
    low, high = sorted((first, second))
    assert simple_dso(
        Money.from_minor_units(low, "EUR"),
        Money.from_minor_units(sales, "EUR"),
        days=days,
    ) <= simple_dso(
        Money.from_minor_units(high, "EUR"),
        Money.from_minor_units(sales, "EUR"),
        days=days,
    )


def _loop(owed: int, sales: list[int], lengths: list[int]) -> tuple[Fraction, bool]:
    """A plain Python countback, as a user would write it."""
    if owed <= 0:
        return Fraction(0), True
    days, left = Fraction(0), owed
    for amount, length in zip(sales, lengths, strict=True):
        if amount <= 0:
            return days, False
        if left <= amount:
            return days + Fraction(left * length, amount), True
        days += length
        left -= amount
    return days, False


@given(
    st.lists(
        st.tuples(
            st.integers(-100, 10**7),
            st.lists(st.integers(-5, 10**6), min_size=6, max_size=6),
        ),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.integers(28, 31), min_size=6, max_size=6),
)
def test_countback_arrays_match_a_plain_loop(rows, lengths):
    owed = [r[0] for r in rows]
    sales = [r[1] for r in rows]
    result = countback_dso_arrays(owed, sales, lengths)
    for index, (amount, history) in enumerate(rows):
        days, complete = _loop(amount, history, lengths)
        assert (
            Fraction(int(result.numerator[index]), int(result.denominator[index]))
            == days
        )
        assert bool(result.complete[index]) == complete


@given(st.integers(1, 10**8), st.lists(st.integers(1, 10**6), min_size=1, max_size=12))
def test_the_scalar_and_array_paths_agree(owed, sales):
    lengths = [30] * len(sales)
    arrays = countback_dso_arrays([owed], [sales], lengths)
    if not arrays.complete[0]:
        with pytest.raises(InsufficientDataError):
            countback_dso(
                Money.from_minor_units(owed, "EUR"),
                [Money.from_minor_units(s, "EUR") for s in sales],
                period_days=lengths,
            )
        return
    scalar = countback_dso(
        Money.from_minor_units(owed, "EUR"),
        [Money.from_minor_units(s, "EUR") for s in sales],
        period_days=lengths,
    )
    exact = Fraction(int(arrays.numerator[0]), int(arrays.denominator[0]))
    assert abs(Fraction(scalar.days) - exact) <= Fraction(1, 2 * 10**6)
    assert np.isclose(float(scalar.days), arrays.days[0], atol=1e-6)


@pytest.mark.parametrize(
    ("places", "message"),
    [
        (-1, "simple_dso.places: expected a whole number from 0 to 28, got int -1"),
        (
            10**6,
            "simple_dso.places: expected a whole number from 0 to 28, got int 1000000",
        ),
    ],
)
def test_places_are_bounded_so_rounding_cannot_run_on(places, message):
    """28 places (Decimal's precision) is the most; 10**6 used to run on."""
    with pytest.raises(ValidationError) as caught:
        simple_dso(eur("100"), eur("300"), days=90, places=places)
    assert str(caught.value) == message
    assert simple_dso(eur("100"), eur("300"), days=90, places=28) == Decimal(30)


def test_negative_credit_sales_leave_the_dso_undefined():
    """More credited than sold (-300): a DSO of -30 days used to come out."""
    with pytest.raises(InsufficientDataError) as caught:
        simple_dso(eur("100"), eur("-300"), days=90)
    assert str(caught.value) == (
        "credit sales is negative (-300), so the ratio is undefined: more was "
        "credited than sold"
    )


# --- defaults, boundaries and edges (issue 14's mutants) -------------------------------


def test_six_places_half_up_is_the_default_rounding():
    """By hand: 1 / 3 x 1 day = 0.333333 to six places; 2 / 3 = 0.666667 (the
    seventh digit rounds up); 1 / 2,000,000 = 0.0000005 exactly, a half, which
    half-up takes to 0.000001 and half-even would take to 0.000000."""
    assert str(simple_dso(eur("1"), eur("3"), days=1)) == "0.333333"
    assert str(simple_dso(eur("2"), eur("3"), days=1)) == "0.666667"
    assert str(simple_dso(eur("1"), eur("2000000"), days=1)) == "0.000001"
    assert str(best_possible_dso(eur("1"), eur("3"), days=1)) == "0.333333"
    assert str(average_days_delinquent(eur("2"), eur("1"), eur("3"), days=1)) == (
        "0.333333"
    )
    assert str(average_days_to_pay([_settled("1", 1), _settled("2", 2)])) == "1.500000"
    assert str(days_beyond_terms([_settled("1", 1), _settled("2", 0)])) == "0.333333"
    countback = countback_dso(eur("1"), [eur("3")], period_days=[1])
    assert str(countback.days) == "0.333333"
    # (0 + 1 - 0) / (0 + 3 - 0) x 100 = 33.333333 %
    effectiveness = collection_effectiveness(eur("0"), eur("3"), eur("2"), eur("0"))
    assert str(effectiveness) == "33.333333"


def test_one_day_is_a_period_and_zero_is_not():
    """days=1 is the shortest period: 1 / 2 x 1 = 0.5 days."""
    assert simple_dso(eur("1"), eur("2"), days=1) == Decimal("0.5")
    with pytest.raises(ValidationError) as caught:
        simple_dso(eur("1"), eur("2"), days=0)
    assert str(caught.value) == (
        "simple_dso.days: expected a positive whole number of days, got 0"
    )
    with pytest.raises(ValidationError) as caught:
        collection_effectiveness(
            eur("1"), eur("2"), eur("1"), eur("0"), sales_basis="monthly", months=0
        )
    assert str(caught.value) == (
        "collection_effectiveness.months: expected a positive whole number of "
        "months, got 0"
    )
    one_day = countback_dso_arrays([10], [[20]], [1])
    assert one_day.days.tolist() == [0.5]
    with pytest.raises(ValidationError) as caught:
        countback_dso_arrays([10], [[20]], [0])
    assert str(caught.value) == (
        "countback_dso_arrays.period_days: a period has no days: every period_days "
        "must be at least 1"
    )


def test_one_minor_unit_owed_is_owed():
    """1 cent against 100 cents over 30 days: 0.3 days, counted in 1 period."""
    result = countback_dso_arrays([1], [[100]], [30])
    assert (result.days.tolist(), result.periods.tolist()) == ([0.3], [1])


def test_monthly_sales_default_to_one_month():
    """(100 + 1,000 - 120) / (100 + 1,000 - 100) = 98 % with sales over one month,
    the default; over two months sales are 500 a month: (100 + 500 - 120) /
    (100 + 500 - 100) = 96 %."""
    args = (eur("100"), eur("1000"), eur("120"), eur("100"))
    assert collection_effectiveness(*args, sales_basis="monthly") == Decimal(98)
    assert collection_effectiveness(*args, sales_basis="monthly", months=2) == (
        Decimal(96)
    )


def test_countback_arrays_refuse_sales_that_are_not_a_table():
    with pytest.raises(ValidationError) as caught:
        countback_dso_arrays([100], [100], [30])
    assert str(caught.value) == (
        "countback_dso_arrays.sales: expected sales of shape (customers, periods); "
        "got (1,)"
    )
    with pytest.raises(ValidationError, match=r"got \(1, 1\)$"):
        countback_dso_arrays([100, 200], [[100]], [30])


def test_countback_with_no_periods_of_sales():
    """No history: nothing owed is 0 days, complete; something owed is 0 days
    counted, incomplete (the DSO is unknown, not 0)."""
    result = countback_dso_arrays([0, 50], np.zeros((2, 0), dtype=np.int64), [])
    assert result.days.tolist() == [0.0, 0.0]
    assert result.numerator.tolist() == [0, 0]
    assert result.denominator.tolist() == [1, 1]
    assert result.periods.tolist() == [0, 0]
    assert result.complete.tolist() == [True, False]


def test_countback_with_one_period_and_nothing_owed():
    """One period of 100 against 40 owed: 40 / 100 x 30 = 12 days in 1 period;
    nothing owed: 0 days, 0 periods, complete, denominator 1."""
    result = countback_dso_arrays([40, 0], [[100], [100]], [30])
    assert result.days.tolist() == [12.0, 0.0]
    assert result.numerator.tolist() == [1200, 0]
    assert result.denominator.tolist() == [100, 1]
    assert result.periods.tolist() == [1, 0]
    assert result.complete.tolist() == [True, True]


def test_receivables_exactly_equal_to_a_period_end_there():
    """100 owed against 100 then 100 (30 days each): the first period covers it
    exactly, so 30 days in 1 period (not 2)."""
    result = countback_dso(eur("100"), [eur("100"), eur("100")], period_days=[30, 30])
    assert (result.days, result.periods, result.complete) == (Decimal(30), 1, True)


def test_amounts_finer_than_the_currency_are_refused_by_countback():
    with pytest.raises(ValidationError) as caught:
        countback_dso(eur("100.001"), [eur("100")], period_days=[30])
    assert str(caught.value) == (
        "countback_dso: EUR 100.001 has more decimal places than the currency's "
        "minor unit"
    )


def test_countback_counts_a_period_of_one_minor_unit():
    """Sales of exactly 1 cent still count: 5 cents owed against 1 cent then
    10, 30 days each: the first period is covered (30 days, 4 cents left),
    the second covers the rest, 4/10 of its 30 days: 42 days, exactly
    (30 x 10 + 4 x 30) / 10 = 420 / 10, from two periods."""
    result = countback_dso_arrays([5], [[1, 10]], [30, 30])
    assert (int(result.numerator[0]), int(result.denominator[0])) == (420, 10)
    assert result.days[0] == 42.0
    assert (int(result.periods[0]), bool(result.complete[0])) == (2, True)


@given(
    st.lists(
        st.tuples(
            st.integers(-100, 10**7),
            st.lists(st.integers(-5, 10**6), min_size=4, max_size=4),
            st.lists(st.integers(1, 31), min_size=4, max_size=4),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_each_customer_may_count_its_own_period_lengths(rows):
    """Lengths of shape (customers, periods): each customer's countback is the
    plain loop's over its own lengths."""
    result = countback_dso_arrays(
        [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    )
    for index, (amount, history, lengths) in enumerate(rows):
        days, complete = _loop(amount, history, lengths)
        assert (
            Fraction(int(result.numerator[index]), int(result.denominator[index]))
            == days
        )
        assert bool(result.complete[index]) == complete


@pytest.mark.parametrize(
    ("lengths", "shape"),
    [([30, 30], "(2,)"), ([[30, 30, 30], [31, 31, 31]], "(2, 3)"), ([[30]], "(1, 1)")],
)
def test_period_lengths_of_another_shape_are_refused(lengths, shape):
    """One customer, three periods: lengths are (3,) or (1, 3), nothing else."""
    with pytest.raises(ValidationError) as raised:
        countback_dso_arrays([5], [[1, 2, 3]], lengths)
    assert str(raised.value) == (
        "countback_dso_arrays.period_days: expected one length a period, shape "
        f"(3,), or one a customer and period, shape (1, 3); got shape {shape}"
    )
