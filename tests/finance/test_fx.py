"""Exchange rates (issue 17): an exact, dated table and conversions that say
which rate they used. Every figure is worked by hand in the test."""

from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import Money
from accountkit.errors import ValidationError
from accountkit.finance import FxRate, FxRates
from accountkit.money import minor_units
from strategies.finance import fx_rates

JUNE = date(2026, 6, 30)


def _rate(pair: str, rate: str, on: date = JUNE, source: str = "ECB") -> FxRate:
    base, quote = pair.split("/")
    return FxRate(base=base, quote=quote, rate=rate, on=on, source=source)


ECB = FxRates(
    pivot="EUR",
    rates=(
        _rate("EUR/USD", "1.0850"),
        _rate("EUR/GBP", "0.8550"),
        _rate("EUR/JPY", "171.25"),
    ),
)


def test_a_direct_rate_multiplies():
    """100 EUR x 1.0850 = 108.50 USD."""
    done = ECB.convert(Money("100", "EUR"), "USD", on=JUNE)
    assert done.converted == Money("108.50", "USD")
    assert done.quote.route == "direct"
    assert done.quote.rate == Fraction(217, 200)
    assert done.quote.legs == (ECB.rates[0],)
    assert done.rounding == "ROUND_HALF_UP"


def test_an_inverse_rate_divides_exactly():
    """100 USD / 1.0850 = 92.1658986... EUR, 92.17 half up."""
    done = ECB.convert(Money("100", "USD"), "EUR", on=JUNE)
    assert done.converted == Money("92.17", "EUR")
    assert done.quote.route == "inverse"
    assert done.quote.rate == Fraction(200, 217)


def test_a_cross_rate_goes_through_the_pivot():
    """1,000 USD in GBP: 1000 x 0.8550 / 1.0850 = 788.0184... GBP, 788.02."""
    done = ECB.convert(Money("1000", "USD"), "GBP", on=JUNE)
    assert done.converted == Money("788.02", "GBP")
    assert done.quote.route == "cross via EUR"
    assert done.quote.rate == Fraction(8550, 10850)
    assert [leg.pair for leg in done.quote.legs] == ["EUR/USD", "EUR/GBP"]
    assert done.basis == (
        "USD 1,000.00 -> GBP 788.02 (cross via EUR: EUR/USD 1.0850 on 2026-06-30 "
        "(ECB); EUR/GBP 0.8550 on 2026-06-30 (ECB); ROUND_HALF_UP)"
    )


def test_a_currency_without_minor_units_rounds_to_whole_units():
    """1,000 GBP in JPY: 1000 x 171.25 / 0.8550 = 200,292.397... JPY, 200,292."""
    done = ECB.convert(Money("1000", "GBP"), "JPY", on=JUNE)
    assert done.converted == Money("200292", "JPY")
    assert minor_units("JPY") == 0


def test_the_rounding_mode_is_the_callers():
    """100 USD / 1.0850 = 92.1658...: 92.16 rounding down, 92.17 half even."""
    down = ECB.convert(Money("100", "USD"), "EUR", on=JUNE, rounding=ROUND_DOWN)
    even = ECB.convert(Money("100", "USD"), "EUR", on=JUNE, rounding=ROUND_HALF_EVEN)
    assert (down.converted, even.converted) == (
        Money("92.16", "EUR"),
        Money("92.17", "EUR"),
    )
    with pytest.raises(ValidationError, match="rounding"):
        ECB.convert(Money("100", "USD"), "EUR", on=JUNE, rounding="HALF")


def test_the_latest_rate_on_or_before_the_day_is_used():
    table = FxRates(
        rates=(
            _rate("EUR/USD", "1.0800", date(2026, 6, 1)),
            _rate("EUR/USD", "1.0850", date(2026, 6, 30)),
            _rate("EUR/USD", "1.2000", date(2026, 7, 1)),
        )
    )
    assert table.quote("EUR", "USD", on=date(2026, 6, 29)).legs[0].rate == Decimal(
        "1.0800"
    )
    assert table.quote("EUR", "USD", on=date(2026, 6, 30)).legs[0].rate == Decimal(
        "1.0850"
    )
    assert table.quote("EUR", "USD", on=date(2026, 7, 15)).legs[0].rate == Decimal(
        "1.2000"
    )
    with pytest.raises(
        ValidationError, match=r"no EUR/USD rate on or before 2026-05-31"
    ):
        table.quote("EUR", "USD", on=date(2026, 5, 31))


def test_a_rate_older_than_the_limit_is_refused():
    table = FxRates(rates=(_rate("EUR/USD", "1.0850", date(2026, 6, 20)),))
    assert table.quote("EUR", "USD", on=JUNE, max_age_days=10).legs[0].on == date(
        2026, 6, 20
    )
    with pytest.raises(ValidationError) as info:
        table.quote("EUR", "USD", on=JUNE, max_age_days=9)
    assert str(info.value) == (
        "FxRates.rates: no EUR/USD rate on or before 2026-06-30 within 9 days; "
        "money in two currencies is never added without one"
    )


def test_without_a_rate_nothing_is_converted():
    with pytest.raises(ValidationError) as info:
        ECB.convert(Money("1", "USD"), "CHF", on=JUNE)
    assert str(info.value) == (
        "FxRates.rates: no USD/CHF rate on or before 2026-06-30, nor both "
        "USD/EUR and EUR/CHF; money in two currencies is never added without one"
    )
    direct_only = FxRates(rates=ECB.rates)
    with pytest.raises(
        ValidationError, match=r"no USD/GBP rate on or before 2026-06-30; "
    ):
        direct_only.convert(Money("1", "USD"), "GBP", on=JUNE)


def test_a_cross_needs_both_legs_on_or_before_the_day():
    table = FxRates(
        pivot="EUR",
        rates=(
            _rate("EUR/USD", "1.0850", JUNE),
            _rate("EUR/GBP", "0.8550", JUNE + timedelta(1)),
        ),
    )
    with pytest.raises(ValidationError, match=r"nor both USD/EUR and EUR/GBP"):
        table.quote("USD", "GBP", on=JUNE)
    legs = table.quote("USD", "GBP", on=JUNE + timedelta(1)).legs
    assert [leg.on for leg in legs] == [JUNE, JUNE + timedelta(1)]


def test_the_same_currency_has_no_rate_to_show():
    with pytest.raises(
        ValidationError, match=r"FxRates.quote.quote: the rate of EUR in itself is 1"
    ):
        ECB.convert(Money("1", "EUR"), "EUR", on=JUNE)


def test_a_pair_quoted_twice_on_a_day_is_refused_in_either_direction():
    with pytest.raises(ValidationError) as info:
        FxRates(rates=(_rate("EUR/USD", "1.08"), _rate("USD/EUR", "0.92")))
    assert str(info.value) == (
        "FxRates.rates[1]: two USD/EUR rates on 2026-06-30 (rates[0] and here)"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rate": "0"}, "FxRate.rate: expected a positive rate, got 0"),
        ({"rate": "-1.2"}, "FxRate.rate: expected a positive rate, got -1.2"),
        ({"rate": "Infinity"}, "FxRate.rate: not a decimal number: 'Infinity'"),
        ({"rate": "abc"}, "FxRate.rate: not a decimal number: 'abc'"),
        (
            {"rate": True},
            "FxRate.rate: expected a decimal number, got the boolean True",
        ),
        ({"quote": "EUR"}, "FxRate.quote: a rate needs two currencies, got EUR twice"),
        ({"quote": "EUX"}, "FxRate.quote: unknown currency code 'EUX'"),
    ],
)
def test_a_bad_rate_is_refused_by_name(change, message):
    fields = {"base": "EUR", "quote": "USD", "rate": "1.0850", "on": JUNE, **change}
    with pytest.raises(ValidationError) as info:
        FxRate(**fields)
    assert str(info.value).startswith(message)


def test_a_rate_given_as_a_binary_float_is_refused():
    with pytest.raises(TypeError) as info:
        FxRate(base="EUR", quote="USD", rate=1.085, on=JUNE)
    assert str(info.value) == (
        "FxRate.rate: a float is not an exact amount (1.085); "
        "pass Decimal('1.085') or the string '1.085'"
    )


def test_what_is_converted_must_be_money():
    with pytest.raises(
        ValidationError, match=r"FxRates.convert.amount: expected Money, got Decimal"
    ):
        ECB.convert(Decimal(1), "USD", on=JUNE)


@given(rate=fx_rates(), units=st.integers(0, 10**12))
def test_a_conversion_is_the_exact_product_rounded_once(rate, units):
    table = FxRates(rates=(rate,))
    amount = Money(Decimal(units).scaleb(-minor_units(rate.base)), rate.base)
    done = table.convert(amount, rate.quote, on=rate.on)
    exact = Fraction(amount.amount) * Fraction(rate.rate)
    step = Fraction(1, 10 ** minor_units(rate.quote))
    assert abs(Fraction(done.converted.amount) - exact) <= step / 2


@given(rate=fx_rates(), units=st.integers(0, 10**12))
def test_there_and_back_loses_no_more_than_the_two_roundings(rate, units):
    """Back = round(round(a x r) / r): off from a by at most half a unit of
    the target divided by the rate, plus half a unit of the source."""
    table = FxRates(rates=(rate,))
    amount = Money(Decimal(units).scaleb(-minor_units(rate.base)), rate.base)
    there = table.convert(amount, rate.quote, on=rate.on).converted
    back = table.convert(there, rate.base, on=rate.on).converted
    bound = Fraction(1, 2 * 10 ** minor_units(rate.quote)) / Fraction(rate.rate)
    bound += Fraction(1, 2 * 10 ** minor_units(rate.base))
    assert abs(Fraction(back.amount) - Fraction(amount.amount)) <= bound


def test_a_table_is_a_list_of_rates():
    with pytest.raises(
        ValidationError, match=r"FxRates.rates: expected a list of FxRate, got str"
    ):
        FxRates(rates="EUR/USD 1.08")
    with pytest.raises(
        ValidationError, match=r"FxRates.rates\[1\]: expected an FxRate, got int"
    ):
        FxRates(rates=(ECB.rates[0], 1))
    with pytest.raises(ValidationError, match=r"unknown currency code 'EUX'"):
        FxRates(rates=(), pivot="EUX")


def test_the_day_of_a_quote_must_be_a_date():
    with pytest.raises(
        ValidationError, match=r"FxRates.quote.on: expected a date, got str"
    ):
        ECB.quote("EUR", "USD", on="2026-06-30")


def test_a_cross_the_other_way_round_names_its_pivot():
    """GBP to USD: 1,000 x 1.0850 / 0.8550 = 1,269.0058... USD, 1,269.01."""
    done = ECB.convert(Money("1000", "GBP"), "USD", on=JUNE)
    assert done.quote.route == "cross via EUR"
    assert done.converted == Money("1269.01", "USD")
