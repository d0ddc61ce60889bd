import pickle
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    localcontext,
)
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, ValidationError, minor_units
from accountkit.money import (
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    ROUNDING_MODES,
    round_quotient,
    to_decimal,
)
from strategies.core import amounts, currencies, money, weights

# --- construction -------------------------------------------------------------


@pytest.mark.parametrize("amount", [Decimal("12.30"), 12, "12.30", "-0.5", "1e3"])
def test_accepts_decimal_int_and_decimal_text(amount):
    assert Money(amount, "EUR").amount == Decimal(str(amount))


def test_keeps_the_digits_it_was_given():
    assert repr(Money("1234.5", "EUR")) == "Money('1234.5', 'EUR')"
    assert repr(Money("1234.500", "EUR")) == "Money('1234.500', 'EUR')"


def test_writes_out_positive_exponents():
    assert repr(Money("1e3", "EUR")) == "Money('1000', 'EUR')"


def test_negative_zero_becomes_zero():
    assert repr(Money("-0.00", "EUR")) == "Money('0.00', 'EUR')"


@pytest.mark.parametrize("amount", [0.1, 1.0, float("nan")])
def test_float_amount_is_a_type_error(amount):
    with pytest.raises(TypeError, match="a float is not an exact amount"):
        Money(amount, "EUR")


def test_float_message_shows_the_exact_alternative():
    with pytest.raises(TypeError) as info:
        Money(0.1, "EUR")
    assert str(info.value) == (
        "Money.amount: a float is not an exact amount (0.1); pass Decimal('0.1') "
        "or the string '0.1'"
    )


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [
        ("NaN", "not a decimal number: 'NaN'"),
        (Decimal("NaN"), "NaN is not an amount (expected a finite decimal number)"),
        (Decimal("sNaN"), "sNaN is not an amount (expected a finite decimal number)"),
        ("Infinity", "not a decimal number"),
        (Decimal("-Infinity"), "-Infinity is not an amount (expected a finite"),
        ("1e999999999", "'1e999999999' is too large"),
        ("1e-999999999", "too many decimal places"),
        ("0E-1000", "too many decimal places"),
        ("1,234.50", "not a decimal number: '1,234.50'"),
        (" 12", "not a decimal number: ' 12'"),
        ("1_000", "not a decimal number: '1_000'"),
        ("", "not a decimal number: ''"),
        (True, "expected a decimal number, got the boolean True"),
        (None, "expected a Decimal, an int or a decimal string, got NoneType"),
        (Fraction(1, 3), "got Fraction"),
    ],
)
def test_bad_amount_is_a_validation_error(amount, fragment):
    with pytest.raises(ValidationError) as info:
        Money(amount, "EUR")
    assert str(info.value).startswith("Money.amount: ")
    assert fragment in str(info.value)


def test_amount_bounds_are_inclusive_of_the_largest_allowed():
    largest = "9" * MAX_INTEGER_DIGITS + "." + "9" * MAX_FRACTION_DIGITS
    assert Money(largest, "EUR").amount == Decimal(largest)
    with pytest.raises(ValidationError, match="too large"):
        Money("1" + "0" * MAX_INTEGER_DIGITS, "EUR")
    with pytest.raises(ValidationError, match="too many decimal places"):
        Money("0." + "0" * MAX_FRACTION_DIGITS + "1", "EUR")


def test_the_bounds_are_thirty_digits_before_the_point_and_200_characters():
    """Written out, not through the constants: 30 nines are an amount, a one
    and 30 zeros are not; a decimal written in 200 characters (leading zeros)
    is read, in 201 it is not read at all."""
    assert Money("9" * 30, "EUR").amount == Decimal("9" * 30)
    with pytest.raises(ValidationError, match="at most 30 digits before"):
        Money("1" + "0" * 30, "EUR")
    assert Money("0" * 199 + "7", "EUR").amount == Decimal(7)
    with pytest.raises(ValidationError, match="not a decimal number"):
        Money("0" * 200 + "7", "EUR")


def test_an_unknown_currency_is_shown_cut_after_twelve_characters():
    with pytest.raises(ValidationError) as info:
        Money("1", "ABCDEFGHIJKLM")
    assert "unknown currency code 'ABCDEFGHIJKL...'" in str(info.value)
    with pytest.raises(ValidationError) as whole:
        Money("1", "ABCDEFGHIJKL")
    assert "unknown currency code 'ABCDEFGHIJKL' (" in str(whole.value)


@pytest.mark.parametrize(("text", "written"), [("1E+1", "10"), ("5E+0", "5")])
def test_a_positive_exponent_is_written_out(text, written):
    assert format(Money(text, "JPY").amount, "f") == written
    assert Money(text, "JPY").amount.as_tuple().exponent == 0


def test_huge_integer_amount_is_refused_quickly():
    with pytest.raises(ValidationError, match="too large"):
        Money(10**4000, "EUR")


@pytest.mark.parametrize("currency", ["EUX", "eur", "", "EURO"])
def test_unknown_currency_is_a_validation_error(currency):
    with pytest.raises(ValidationError, match=r"^Money\.currency: unknown currency"):
        Money("1", currency)


def test_lower_case_currency_gets_a_hint():
    with pytest.raises(ValidationError, match="did you mean 'EUR'"):
        Money("1", "eur")


def test_non_string_currency_is_a_validation_error():
    with pytest.raises(ValidationError, match="expected a currency code string"):
        Money("1", 978)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "digits"),
    [
        ("EUR", 2),
        ("USD", 2),
        ("JPY", 0),
        ("KRW", 0),
        ("KWD", 3),
        ("BHD", 3),
        ("TND", 3),
        ("CLF", 4),
        ("XCG", 2),
        ("ZWG", 2),
    ],
)
def test_minor_units_follow_iso_4217(code, digits):
    """Minor-unit digits as listed in ISO 4217 List One (2025 edition)."""
    assert minor_units(code) == digits
    assert Money("1", code).minor_units == digits


# --- arithmetic ---------------------------------------------------------------


def test_addition_and_subtraction_are_exact():
    # 0.1 + 0.2 is 0.3 exactly, unlike binary floating point.
    assert Money("0.1", "EUR") + Money("0.2", "EUR") == Money("0.3", "EUR")
    assert Money("10.00", "EUR") - Money("0.01", "EUR") == Money("9.99", "EUR")


def test_multiplication_by_int_and_decimal():
    assert Money("19.99", "EUR") * 3 == Money("59.97", "EUR")
    assert 3 * Money("19.99", "EUR") == Money("59.97", "EUR")
    # 1234.50 x 0.035 = 43.2075, kept unrounded.
    assert (
        repr(Money("1234.50", "EUR") * Decimal("0.035")) == "Money('43.20750', 'EUR')"
    )


def test_multiplication_by_float_is_a_type_error():
    with pytest.raises(TypeError, match=r"cannot multiply money by a float \(1\.1\)"):
        Money("1", "EUR") * 1.1  # type: ignore[operator]


def test_multiplication_by_non_finite_decimal_is_a_validation_error():
    with pytest.raises(ValidationError, match="cannot multiply money by Infinity"):
        Money("1", "EUR") * Decimal("Infinity")


def test_division_by_int_decimal_and_money():
    assert Money("10.00", "EUR") / 4 == Money("2.50", "EUR")
    assert Money("10.00", "EUR") / Decimal("0.5") == Money("20", "EUR")
    assert Money("10.00", "EUR") / Money("4", "EUR") == Decimal("2.5")


def test_inexact_division_keeps_34_significant_digits():
    assert (Money("1", "EUR") / 3).amount == Decimal("0." + "3" * 34)
    assert Money("2", "EUR") / Money("3", "EUR") == Decimal("0." + "6" * 33 + "7")


def test_division_by_zero_is_a_validation_error():
    with pytest.raises(ValidationError, match=r"cannot divide .* by zero"):
        Money("1", "EUR") / 0
    with pytest.raises(ValidationError, match="by zero"):
        Money("1", "EUR") / Money("0", "EUR")


def test_mixing_currencies_is_a_currency_mismatch():
    eur, usd = Money("1", "EUR"), Money("1", "USD")
    with pytest.raises(CurrencyMismatchError, match="cannot add EUR and USD"):
        eur + usd
    with pytest.raises(CurrencyMismatchError, match="cannot subtract EUR and USD"):
        eur - usd
    with pytest.raises(CurrencyMismatchError, match="cannot compare EUR and USD"):
        eur < usd  # noqa: B015
    with pytest.raises(CurrencyMismatchError, match="cannot divide EUR and USD"):
        eur / usd


def test_currency_mismatch_is_a_value_error():
    assert issubclass(CurrencyMismatchError, ValueError)


def test_unrelated_operands_follow_pythons_protocol():
    with pytest.raises(TypeError):
        Money("1", "EUR") + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money("1", "EUR") * Money("1", "EUR")  # type: ignore[operator]
    assert Money("1", "EUR") != "1"


def test_negation_and_absolute_value():
    assert -Money("3.50", "EUR") == Money("-3.50", "EUR")
    assert abs(Money("-3.50", "EUR")) == Money("3.50", "EUR")
    assert +Money("3.50", "EUR") == Money("3.50", "EUR")


def test_ordering_within_one_currency():
    small, large = Money("1.50", "EUR"), Money("2", "EUR")
    assert small < large
    assert small <= large
    assert large > small
    assert large >= small
    assert sorted([large, small]) == [small, large]
    same = Money("1.5", "EUR")
    assert (small <= same, small >= same, small < same, small > same) == (
        True,
        True,
        False,
        False,
    )
    assert (large <= small, small >= large) == (False, False)


@pytest.mark.parametrize(
    "compare",
    [
        lambda m: m < 5,
        lambda m: m <= 5,
        lambda m: m > 5,
        lambda m: m >= 5,
    ],
)
def test_money_does_not_compare_with_a_number(compare):
    with pytest.raises(TypeError, match="not supported between instances"):
        compare(Money("1", "EUR"))


def test_a_subclass_totals_into_itself():
    class Fee(Money):
        pass

    total = Fee.total([Fee("1.50", "EUR"), Fee("2", "EUR")], currency="EUR")
    assert (type(total), total.amount) == (Fee, Decimal("3.50"))
    # a subclass's zero is its own, and never stands in for Money's
    assert type(Fee.zero("SEK")) is Fee
    assert type(Money.zero("SEK")) is Money
    assert type(Fee.zero("SEK")) is Fee


def test_a_subclass_adds_and_subtracts_with_money_into_money():
    """Sums and differences are Money, whichever side is a subclass."""

    class Fee(Money):
        pass

    for made in (
        Money("2.50", "EUR") + Fee("1", "EUR"),
        Fee("2.50", "EUR") + Money("1", "EUR"),
        Money("4.50", "EUR") - Fee("1", "EUR"),
        Fee("4.50", "EUR") - Money("1", "EUR"),
    ):
        assert (type(made), made.amount, made.currency) == (
            Money,
            Decimal("3.50"),
            "EUR",
        )


@pytest.mark.parametrize("other", [1, Decimal(1), "1", None])
def test_adding_or_subtracting_what_is_not_money_is_refused_by_python(other):
    """Not an AttributeError from inside: the operators say they do not
    apply, and Python raises its usual TypeError."""
    with pytest.raises(TypeError, match="unsupported operand type"):
        Money("1", "EUR") - other
    with pytest.raises(TypeError, match="unsupported operand type"):
        other - Money("1", "EUR")
    with pytest.raises(TypeError, match="unsupported operand type"):
        Money("1", "EUR") + other


def test_equal_amounts_with_different_trailing_zeros_are_equal_and_hash_alike():
    assert Money("1.5", "EUR") == Money("1.50", "EUR")
    assert hash(Money("1.5", "EUR")) == hash(Money("1.50", "EUR"))
    assert Money("1", "EUR") != Money("1", "USD")


def test_zero():
    assert repr(Money.zero("EUR")) == "Money('0.00', 'EUR')"
    assert repr(Money.zero("JPY")) == "Money('0', 'JPY')"
    assert repr(Money.zero("KWD")) == "Money('0.000', 'KWD')"


def test_total_adds_one_currency_exactly():
    items = [Money("0.10", "EUR"), Money("0.20", "EUR"), Money("-0.05", "EUR")]
    assert Money.total(items, currency="EUR") == Money("0.25", "EUR")
    # any iterable, not only a list
    assert Money.total(tuple(items), currency="EUR") == Money("0.25", "EUR")
    assert Money.total(iter(items), currency="EUR") == Money("0.25", "EUR")
    assert Money.total((m for m in items), currency="EUR") == Money("0.25", "EUR")


def test_total_of_nothing_is_zero_in_the_named_currency():
    assert Money.total([], currency="JPY") == Money("0", "JPY")


def test_total_names_the_item_in_another_currency():
    items = [Money("1", "EUR"), Money("1", "USD")]
    with pytest.raises(CurrencyMismatchError, match=r"USD amount \(items\[1\]\)"):
        Money.total(items, currency="EUR")


def test_total_refuses_things_that_are_not_money():
    with pytest.raises(
        ValidationError, match=r"^Money\.total\.items\[1\]: expected Money"
    ):
        Money.total([Money("1", "EUR"), Decimal(1)], currency="EUR")  # type: ignore[list-item]


def test_total_names_a_non_money_item_before_an_earlier_foreign_one():
    """Every item is Money before any currency is compared: an item that is
    not Money is named even behind one in another currency; among several,
    the first of each kind is named."""
    items = [Money("1", "EUR"), Money("1", "USD"), Money("1", "GBP"), 7, "x"]
    with pytest.raises(ValidationError, match=r"items\[3\]: expected Money, got int"):
        Money.total(items, currency="EUR")  # type: ignore[arg-type]
    with pytest.raises(CurrencyMismatchError, match=r"USD amount \(items\[1\]\)"):
        Money.total(items[:3], currency="EUR")


def test_minor_units_round_trip():
    assert Money.from_minor_units(123450, "EUR") == Money("1234.50", "EUR")
    assert Money("1234.50", "EUR").to_minor_units() == 123450
    assert Money("1234", "JPY").to_minor_units() == 1234
    assert Money("1.5", "KWD").to_minor_units() == 1500


def test_to_minor_units_refuses_sub_unit_amounts():
    with pytest.raises(ValidationError, match="call rounded"):
        Money("1.005", "EUR").to_minor_units()


def test_money_pickles():
    value = Money("1234.50", "EUR")
    assert pickle.loads(pickle.dumps(value)) == value  # noqa: S301 - our own bytes


# --- rounding -----------------------------------------------------------------


def test_rounded_defaults_to_half_up():
    # 2.675 lies exactly half way; half-up goes away from zero: 2.68.
    # (As a binary float, 2.675 is 2.67499999... and rounds to 2.67.)
    assert Money("2.675", "EUR").rounded() == Money("2.68", "EUR")
    assert Money("-2.675", "EUR").rounded() == Money("-2.68", "EUR")


def test_rounded_takes_another_mode():
    assert Money("2.665", "EUR").rounded(ROUND_HALF_EVEN) == Money("2.66", "EUR")
    assert Money("2.669", "EUR").rounded(ROUND_DOWN) == Money("2.66", "EUR")


def test_rounded_uses_the_currency_minor_unit():
    assert repr(Money("1234.5", "JPY").rounded()) == "Money('1235', 'JPY')"
    assert repr(Money("1.2345", "KWD").rounded()) == "Money('1.235', 'KWD')"
    assert repr(Money("7", "EUR").rounded()) == "Money('7.00', 'EUR')"


def test_rounded_refuses_an_unknown_mode():
    with pytest.raises(ValidationError, match="unknown rounding mode 'HALF_UP'"):
        Money("1", "EUR").rounded("HALF_UP")


@pytest.mark.parametrize("mode", [[], {}, None, 3])
def test_a_rounding_mode_that_is_not_text_is_refused_by_name(mode):
    """Not a TypeError from looking an unhashable value up in the modes."""
    with pytest.raises(ValidationError) as caught:
        Money("1", "EUR").rounded(mode)
    assert str(caught.value).startswith(
        f"Money.rounded.rounding: unknown rounding mode {mode!r} (expected one of "
        "ROUND_05UP, ROUND_CEILING,"
    )


# --- allocation -----------------------------------------------------------------


def test_allocate_worked_example_from_the_issue():
    parts = Money("100.00", "EUR").allocate([1, 1, 1])
    assert [repr(p) for p in parts] == [
        "Money('33.34', 'EUR')",
        "Money('33.33', 'EUR')",
        "Money('33.33', 'EUR')",
    ]


def test_allocate_by_unequal_weights():
    # 10.00 EUR = 1000 cents by 70:20:10 -> 700, 200, 100 cents, no remainder.
    parts = Money("10.00", "EUR").allocate([70, 20, 10])
    assert parts == [Money("7.00", "EUR"), Money("2.00", "EUR"), Money("1.00", "EUR")]


def test_allocate_gives_leftover_units_to_largest_remainders():
    # 0.05 EUR = 5 cents by 3:3:1 (sum 7): quotas 15/7=2.142, 2.142, 5/7=0.714.
    # Floors 2, 2, 0 leave 1 cent; the largest remainder is the third (0.714).
    parts = Money("0.05", "EUR").allocate([3, 3, 1])
    assert parts == [Money("0.02", "EUR"), Money("0.02", "EUR"), Money("0.01", "EUR")]


def test_allocate_negative_amount_mirrors_the_positive_split():
    parts = Money("-100.00", "EUR").allocate([1, 1, 1])
    assert parts == [
        Money("-33.34", "EUR"),
        Money("-33.33", "EUR"),
        Money("-33.33", "EUR"),
    ]


def test_allocate_in_a_zero_digit_currency():
    assert Money("100", "JPY").allocate([1, 2]) == [
        Money("33", "JPY"),
        Money("67", "JPY"),
    ]


def test_allocate_finer_than_the_minor_unit_keeps_the_amounts_digits():
    # 0.005 EUR is 5 thousandths; split 1:1 -> 3 and 2 thousandths.
    parts = Money("0.005", "EUR").allocate([1, 1])
    assert parts == [Money("0.003", "EUR"), Money("0.002", "EUR")]


def test_allocate_zero_weight_gets_nothing():
    parts = Money("1.00", "EUR").allocate([0, 1])
    assert parts == [Money("0.00", "EUR"), Money("1.00", "EUR")]


@pytest.mark.parametrize(
    ("amount", "currency", "written"),
    [
        ("0.00", "EUR", "0.00"),
        ("0", "EUR", "0.00"),  # written to the minor unit, like any part
        ("0.000", "EUR", "0.000"),  # finer than the minor unit: its own digits
        ("0", "JPY", "0"),
        ("-0.00", "EUR", "0.00"),
    ],
)
def test_allocating_zero_gives_each_part_zero_in_the_parts_unit(
    amount, currency, written
):
    parts = Money(amount, currency).allocate([3, 0, 1])
    assert [format(p.amount, "f") for p in parts] == [written] * 3
    assert {p.currency for p in parts} == {currency}


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ([], "at least one weight is needed"),
        ([0, 0], "the weights sum to zero"),
        ([1, -1], r"weights\[1\]: must not be negative"),
    ],
)
def test_allocating_zero_still_checks_the_weights(weights, fragment):
    with pytest.raises(ValidationError, match=fragment):
        Money.zero("EUR").allocate(weights)


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ([], "at least one weight is needed"),
        ([0, 0], "the weights sum to zero"),
        ([1, -1], r"weights\[1\]: must not be negative"),
        ([Decimal("NaN")], "NaN is not an amount"),
        ("11", "expected a sequence of weights"),
    ],
)
def test_allocate_refuses_bad_weights(weights, fragment):
    with pytest.raises(ValidationError, match=fragment):
        Money("1", "EUR").allocate(weights)


def test_allocate_refuses_float_weights():
    with pytest.raises(TypeError, match="a float weight"):
        Money("1", "EUR").allocate([0.5, 0.5])  # type: ignore[list-item]


@given(money(), weights())
def test_allocated_parts_add_up_exactly(value, shares):
    parts = value.allocate(shares)
    assert len(parts) == len(shares)
    assert Money.total(parts, currency=value.currency) == value


@given(money(), weights())
def test_each_part_is_within_one_unit_of_its_exact_share(value, shares):
    parts = value.allocate(shares)
    exponent = min(value.amount.as_tuple().exponent, -value.minor_units)
    unit = Fraction(Decimal(f"1E{exponent}"))
    whole = sum(Fraction(s) for s in shares)
    for part, share in zip(parts, shares, strict=True):
        exact = Fraction(value.amount) * Fraction(share) / whole
        assert abs(Fraction(part.amount) - exact) < unit


@given(money(), st.integers(1, 20))
def test_equal_weights_give_parts_at_most_one_unit_apart(value, count):
    parts = value.allocate([1] * count)
    amounts_in_units = sorted(p.amount for p in parts)
    spread = amounts_in_units[-1] - amounts_in_units[0]
    exponent = min(value.amount.as_tuple().exponent, -value.minor_units)
    assert spread <= Decimal(f"1E{exponent}")


# --- properties of arithmetic ---------------------------------------------------


@given(currencies(), amounts(), amounts(), amounts())
def test_addition_is_exact_commutative_and_associative(code, a, b, c):
    x, y, z = Money(a, code), Money(b, code), Money(c, code)
    assert x + y == y + x
    assert (x + y) + z == x + (y + z)
    assert (x + y) - y == x


@given(currencies(), amounts(), amounts())
def test_sum_equals_the_exact_rational_sum(code, a, b):
    total = Money(a, code) + Money(b, code)
    assert Fraction(total.amount) == Fraction(a) + Fraction(b)


@given(currencies(), amounts(), st.integers(-1000, 1000))
def test_multiplication_by_n_is_repeated_addition(code, a, n):
    value = Money(a, code)
    assert Fraction((value * n).amount) == Fraction(a) * n


@given(money())
def test_negation_is_an_involution_and_abs_is_non_negative(value):
    negated = -value
    assert -negated == value
    assert abs(value) >= Money.zero(value.currency)
    assert value + (-value) == Money.zero(value.currency)


@given(money())
def test_rounding_is_idempotent_and_within_half_a_unit(value):
    once = value.rounded()
    assert once.rounded() == once
    unit = Fraction(1, 10**value.minor_units)
    assert abs(Fraction(once.amount) - Fraction(value.amount)) <= unit / 2
    assert Money.from_minor_units(once.to_minor_units(), value.currency) == once


@given(currencies(), amounts(), amounts())
def test_ordering_agrees_with_the_amounts(code, a, b):
    assume(a != b)
    assert (Money(a, code) < Money(b, code)) == (a < b)


@given(currencies(), st.lists(amounts(), max_size=10))
def test_total_equals_the_exact_sum(code, values):
    total = Money.total([Money(v, code) for v in values], currency=code)
    assert Fraction(total.amount) == sum((Fraction(v) for v in values), Fraction(0))


# --- display --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Money("1234.50", "EUR"), "EUR 1,234.50"),
        (Money("1234.5", "EUR"), "EUR 1,234.50"),
        (Money("-1234567.5", "USD"), "USD -1,234,567.50"),
        (Money("1234", "JPY"), "JPY 1,234"),
        (Money("1.005", "EUR"), "EUR 1.005"),
        (Money("0", "KWD"), "KWD 0.000"),
    ],
)
def test_str_groups_thousands_and_never_hides_digits(value, text):
    assert str(value) == text


def test_to_decimal_is_the_shared_gate():
    assert to_decimal("0.035", path="rate") == Decimal("0.035")
    with pytest.raises(ValidationError, match=r"^Fee\.rate: not a decimal number"):
        to_decimal("3.5%", where="Fee", path="rate")


def test_error_messages_cut_long_inputs_short():
    with pytest.raises(ValidationError) as info:
        Money(10**4000, "EUR")
    assert len(str(info.value)) < 200


def test_total_refuses_a_non_iterable_and_names_a_bad_currency():
    with pytest.raises(
        ValidationError, match=r"^Money\.total\.items: expected an iterable"
    ):
        Money.total(5, currency="EUR")  # type: ignore[arg-type]
    with pytest.raises(
        ValidationError, match=r"^Money\.total\.currency: unknown currency"
    ):
        Money.total([], currency="XXX")


# --- rounding exact rationals ---------------------------------------------------


fractions_ = st.builds(Fraction, st.integers(-(10**12), 10**12), st.integers(1, 10**6))


def test_from_fraction_worked_cases():
    # 3,100 x 11/31 = 1,100 exactly; 100/3 = 33.333... -> 33.33; -2.5 JPY half-up -> -3.
    assert Money.from_fraction(Fraction(3100 * 11, 31), "EUR") == Money(
        "1100.00", "EUR"
    )
    assert Money.from_fraction(Fraction(100, 3), "EUR") == Money("33.33", "EUR")
    assert Money.from_fraction(Fraction(-5, 2), "JPY") == Money("-3", "JPY")
    assert Money.from_fraction(
        Fraction(-5, 2), "JPY", rounding=ROUND_HALF_EVEN
    ) == Money("-2", "JPY")


def test_from_fraction_refuses_floats_and_unknown_modes():
    with pytest.raises(TypeError, match="a float is not exact"):
        Money.from_fraction(0.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unknown rounding mode"):
        Money.from_fraction(Fraction(1, 3), "EUR", rounding="NEAREST")


@given(fractions_, currencies(), st.sampled_from(sorted(ROUNDING_MODES)))
def test_from_fraction_agrees_with_decimal_rounding(value, code, mode):
    """Decimal rounding of a 60-digit approximation is the oracle: a rational with
    denominator below 10**6 is never within 10**-40 of a rounding boundary unless it
    sits on it, and then the approximation is exact."""
    with localcontext(Context(prec=60)):
        approximation = Decimal(value.numerator) / Decimal(value.denominator)
    unit = Decimal(1).scaleb(-minor_units(code))
    oracle = approximation.quantize(unit, rounding=mode, context=Context(prec=80))
    assert Money.from_fraction(value, code, rounding=mode).amount == oracle


@given(
    st.integers(0, 10**15),
    st.integers(1, 10**6),
    st.sampled_from(sorted(ROUNDING_MODES)),
)
def test_round_quotient_is_the_same_for_ints_and_arrays(numerator, denominator, mode):
    scalar = round_quotient(numerator, denominator, mode)
    array = round_quotient(np.array([numerator], dtype=np.int64), denominator, mode)
    assert int(array[0]) == scalar


def test_sum_of_amounts_needs_no_start_value():
    """sum() starts at the integer 0; only that 0 is taken as no money."""
    assert sum([Money("1.50", "EUR"), Money("2.25", "EUR")]) == Money("3.75", "EUR")
    assert sum([Money("7", "JPY")]) == Money("7", "JPY")
    with pytest.raises(TypeError):
        1 + Money("1", "EUR")  # type: ignore[operator]
    with pytest.raises(TypeError):
        False + Money("1", "EUR")  # type: ignore[operator]
    with pytest.raises(CurrencyMismatchError):
        sum([Money("1", "EUR"), Money("1", "USD")])


@pytest.mark.parametrize(
    "text",
    # Arabic-Indic one-two, full-width one-two, and a mix (escaped for clarity)
    ["\u0661\u0662", "\uff11\uff12", "1\u0662.50"],
)
def test_amounts_are_written_in_ascii_digits(text):
    """Python's Decimal reads Arabic-Indic and full-width digits (as 12);
    an amount from a CRM holding them is refused, not silently read."""
    with pytest.raises(ValidationError, match="not a decimal number"):
        Money(text, "EUR")


def test_sums_and_differences_keep_the_bounds_at_exactly_the_largest_amount():
    """Arithmetic builds its result without the constructor's checks, except
    the size: at the largest amount it holds, one cent more is refused."""
    largest = "9" * MAX_INTEGER_DIGITS + ".99"
    below = Money("9" * MAX_INTEGER_DIGITS + ".98", "EUR")
    cent = Money("0.01", "EUR")
    assert below + cent == Money(largest, "EUR")
    assert (below + cent).amount == Decimal(largest)
    with pytest.raises(ValidationError, match="too large"):
        Money(largest, "EUR") + cent
    with pytest.raises(ValidationError, match="too large"):
        Money(largest, "EUR").__neg__() - cent
    with pytest.raises(ValidationError, match="too large"):
        Money.total([Money(largest, "EUR"), cent], currency="EUR")
    assert Money.total([below, cent], currency="EUR") == Money(largest, "EUR")


@given(
    a=st.decimals(-(10**6), 10**6, places=2),
    b=st.decimals(-(10**6), 10**6, places=3),
)
def test_a_sum_or_difference_is_what_the_constructor_builds(a, b):
    """Same amount, same digits, never a negative zero."""
    one, other = Money(a, "EUR"), Money(b, "EUR")
    for made, exact in ((one + other, a + b), (one - other, a - b)):
        built = Money(exact, "EUR")
        assert made == built
        assert str(made.amount) == str(built.amount)
        assert not (made.amount.is_zero() and made.amount.is_signed())
    assert Money.zero("EUR") is Money.zero("EUR")
    assert str(Money.zero("JPY").amount) == "0"


def test_rounding_keeps_the_bounds_at_exactly_the_largest_amount():
    """Rounding builds its result without the constructor's checks, except the
    size: an amount that rounds up to one digit too many is refused, and one
    that rounds to the largest amount is kept."""
    largest = "9" * MAX_INTEGER_DIGITS + ".99"
    assert Money("9" * MAX_INTEGER_DIGITS + ".994", "EUR").rounded() == Money(
        largest, "EUR"
    )
    with pytest.raises(ValidationError, match="too large"):
        Money("9" * MAX_INTEGER_DIGITS + ".995", "EUR").rounded()
    with pytest.raises(ValidationError, match="too large"):
        Money("-" + "9" * MAX_INTEGER_DIGITS + ".995", "EUR").rounded()


def test_a_small_negative_amount_rounds_to_an_unsigned_zero():
    rounded = Money("-0.004", "EUR").rounded()
    assert str(rounded.amount) == "0.00"
    assert not rounded.amount.is_signed()
    assert str(Money("-0.4", "JPY").rounded().amount) == "0"


def test_the_negation_of_zero_is_an_unsigned_zero():
    for zero in (Money("0.00", "EUR"), Money("0", "JPY"), Money("0.000", "KWD")):
        negated = -zero
        assert str(negated.amount) == str(zero.amount)
        assert not negated.amount.is_signed()
    assert str((-Money("0.10", "EUR")).amount) == "-0.10"


@given(value=st.decimals(-(10**9), 10**9, places=5))
def test_a_rounded_or_negated_amount_is_what_the_constructor_builds(value):
    """Same amount, same digits, never a negative zero."""
    money = Money(value, "EUR")
    for made, built in (
        (money.rounded(), Money(value.quantize(Decimal("0.01"), ROUND_HALF_UP), "EUR")),
        (-money, Money(-value, "EUR")),
    ):
        assert made == built
        assert str(made.amount) == str(built.amount)
        assert not (made.amount.is_zero() and made.amount.is_signed())


@pytest.mark.parametrize("units", [1.5, True, Decimal(1), "100"])
def test_from_minor_units_refuses_what_is_not_a_whole_number(units):
    with pytest.raises(
        ValidationError,
        match=r"^Money\.from_minor_units\.units: expected a whole number of minor units",
    ):
        Money.from_minor_units(units, "EUR")


def test_from_minor_units_takes_a_numpy_integer():
    assert (
        repr(Money.from_minor_units(np.int64(-250), "EUR")) == "Money('-2.50', 'EUR')"
    )


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (
            np.array([1.0]),
            2,
            r"numerator: expected whole numbers, got an array of float64",
        ),
        (
            1,
            np.array([2.0]),
            r"denominator: expected whole numbers, got an array of float64",
        ),
        (-1, 2, r"numerator: expected a whole number of at least 0, got int -1"),
        (True, 2, r"numerator: expected a whole number of at least 0, got bool True"),
        (1, 0, r"denominator: expected a whole number of at least 1, got int 0"),
        (1, 2.0, r"denominator: expected a whole number of at least 1, got float 2.0"),
        (1, "2", r"denominator: expected a whole number of at least 1, got str$"),
    ],
)
def test_round_quotient_refuses_what_it_cannot_round(numerator, denominator, message):
    with pytest.raises(ValidationError, match=r"^round_quotient\." + message):
        round_quotient(numerator, denominator, ROUND_HALF_UP)


@pytest.mark.parametrize(
    ("numerator", "denominator", "mode", "expected"),
    [
        # exact quotients never step, in any mode
        (4, 2, ROUND_UP, 2),
        (10, 2, ROUND_05UP, 5),
        (6, 3, ROUND_CEILING, 2),
        # exactly half: half-down stays, half-up steps
        (5, 2, ROUND_HALF_DOWN, 2),
        (5, 2, ROUND_HALF_UP, 3),
        (7, 4, ROUND_HALF_DOWN, 2),  # 1.75: past half
        # exactly half, half-even: to the even neighbour
        (3, 2, ROUND_HALF_EVEN, 2),
        (5, 2, ROUND_HALF_EVEN, 2),
        (7, 2, ROUND_HALF_EVEN, 4),
        (9, 2, ROUND_HALF_EVEN, 4),
    ],
)
def test_round_quotient_by_hand(numerator, denominator, mode, expected):
    assert round_quotient(numerator, denominator, mode) == expected
    array = round_quotient(np.array([numerator], dtype=np.int64), denominator, mode)
    assert array.tolist() == [expected]


def test_round_quotient_refuses_an_unknown_mode():
    with pytest.raises(
        ValidationError, match=r"^round_quotient\.rounding: unknown rounding mode 'UP'"
    ):
        round_quotient(7, 2, "UP")


def test_round_quotient_takes_an_object_array_of_big_integers():
    """An object array holds Python ints beyond int64: 10**30 / 3 rounds half up
    to 333...333 (30 digits, the last 3: the remainder 1/3 is below a half)."""
    result = round_quotient(np.array([10**30], dtype=object), 3, ROUND_HALF_UP)
    assert result.tolist() == [int("3" * 30)]
