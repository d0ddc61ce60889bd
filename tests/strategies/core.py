"""Strategies for floor 0: currencies, amounts, Money, dates and periods."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from accountkit import Money, Period
from accountkit._currencies import MINOR_UNITS

__all__ = ["amounts", "currencies", "dates", "money", "periods", "weights"]

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)


def currencies() -> st.SearchStrategy[str]:
    """Any currency code accountkit knows."""
    return st.sampled_from(sorted(MINOR_UNITS))


def amounts(
    *, max_units: int = 10**15, min_exponent: int = -6, max_exponent: int = 3
) -> st.SearchStrategy[Decimal]:
    """Finite decimals ``units * 10**exponent``, negative ones included."""
    return st.builds(
        lambda units, exponent: Decimal(f"{units}E{exponent}"),
        st.integers(-max_units, max_units),
        st.integers(min_exponent, max_exponent),
    )


def money(currency: str | None = None) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (or any currency), with any number of places."""
    codes = st.just(currency) if currency is not None else currencies()
    return st.builds(Money, amounts(), codes)


def weights() -> st.SearchStrategy[list[int | Decimal]]:
    """Allocation weights: non-negative, at least one positive."""
    weight = st.one_of(
        st.integers(0, 1000),
        st.decimals(min_value=0, max_value=1000, places=3),
    )
    return st.lists(weight, min_size=1, max_size=12).filter(lambda ws: sum(ws) > 0)


def dates() -> st.SearchStrategy[date]:
    """Dates from 1900 to 2200."""
    return st.dates(MIN_DATE, MAX_DATE)


def periods(max_days: int = 4000) -> st.SearchStrategy[Period]:
    """Periods of one day up to ``max_days`` days."""
    return st.builds(
        lambda start, days: Period(start, start + timedelta(days=days)),
        dates(),
        st.integers(1, max_days),
    )


st.register_type_strategy(Money, money())
st.register_type_strategy(Period, periods())
