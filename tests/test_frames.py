"""pandas DataFrames from the array results and the reviews.

Each frame is checked cell by cell against the arrays it comes from (the
mapping of rows to array positions is the contract), with its column names
and dtypes, and missing values where data is missing.
"""

import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs
import numpy as np
import pandas as pd
import pytest

import test_every_function as every
from accountkit import Money
from accountkit.account import (
    REVIEW_COLUMNS,
    Priority,
    default_scorecard,
    review,
    review_frame,
    review_many,
    sample_portfolio,
)
from accountkit.contracts import CAP_NAMES, assess_arrays, billing_arrays
from accountkit.errors import MissingDependencyError, ValidationError
from accountkit.finance import ageing_arrays, countback_dso_arrays, forecast_many
from accountkit.health import score_many
from accountkit.relationships import influence_arrays

DAY = date(2026, 6, 30)


def test_ageing_is_one_row_per_customer_and_bucket():
    aged = ageing_arrays(
        np.array(["2026-07-10", "2026-05-01", "2026-06-20"], dtype="datetime64[D]"),
        np.array([1000, 250, 75]),
        np.array(["b", "a", "a"]),
        as_of=np.datetime64("2026-06-30"),
    )
    table = aged.to_frame()
    assert list(table.columns) == ["customer", "bucket", "amount"]
    assert len(table) == 2 * len(aged.labels)
    assert table["bucket"].cat.ordered
    assert list(table["bucket"].cat.categories) == list(aged.labels)
    assert table["amount"].dtype == np.int64
    for row in table.itertuples():
        c = list(aged.customers).index(row.customer)
        b = aged.labels.index(row.bucket)
        assert row.amount == aged.amounts[c, b]
    # by hand: a has 250 due 2026-05-01 (60 days late: 31-60) and 75 due
    # 2026-06-20 (10 days: 1-30); b has 1000 not yet due
    nonzero = table[table.amount > 0]
    assert list(zip(nonzero.customer, nonzero.bucket, nonzero.amount, strict=True)) == [
        ("a", "1-30", 75),
        ("a", "31-60", 250),
        ("b", "not yet due", 1000),
    ]


def test_countback_is_one_row_per_customer_in_order():
    result = countback_dso_arrays(
        [21_200_000, 30_000_000], [[10_000_000, 8_000_000, 7_000_000]] * 2, [30] * 3
    )
    table = result.to_frame()
    assert list(table.columns) == [
        "days",
        "numerator",
        "denominator",
        "periods",
        "complete",
    ]
    assert table["complete"].dtype == bool
    # 21.2m: 30 + 30 + (3.2/7) x 30 = 516/7 days; 30m exceeds the 25m of sales
    assert Fraction(int(table.numerator[0]), int(table.denominator[0])) == Fraction(
        516, 7
    )
    assert (bool(table.complete[0]), bool(table.complete[1])) == (True, False)
    assert table.days.tolist() == result.days.tolist()


def test_forecasts_are_one_row_per_series_and_step():
    months = np.arange(24)
    values = np.stack([100 + 2.0 * months, 80 - 1.5 * months, 50 + 0.0 * months])
    result = forecast_many(values, 3, method="AAN")
    table = result.to_frame()
    assert list(table.columns) == [
        "series",
        "step",
        "method",
        "mean",
        "lower",
        "upper",
        "sse",
        "sigma2",
        "aicc",
        "alpha",
        "beta_star",
        "gamma",
        "phi",
    ]
    assert len(table) == 9
    assert table.series.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert table.step.tolist() == [1, 2, 3] * 3
    for row in table.itertuples():
        assert row.mean == result.mean[row.series, row.step - 1]
        assert row.lower == result.lower[row.series, row.step - 1]
        assert row.upper == result.upper[row.series, row.step - 1]
        assert row.method == result.methods[row.series].value
        assert row.sse == result.sse[row.series]
    # AAN has no seasonal or damping parameter
    assert table.gamma.isna().all()
    assert table.phi.isna().all()
    # the straight lines continue by hand: 148, 150, 152 and 44, 42.5, 41
    assert table["mean"].round(6).tolist()[:6] == [
        148.0,
        150.0,
        152.0,
        44.0,
        42.5,
        41.0,
    ]


def test_health_is_one_row_per_account_with_named_measure_columns():
    card = default_scorecard()
    values = np.full((2, len(card.measure_ids)), np.nan)
    values[0, :] = 100.0  # every measure at its best, for the first account
    result = score_many(card, values)
    table = result.to_frame()
    names = [b.name for b in card.bands.bands]
    assert list(table.columns[:3]) == ["score", "band", "completeness"]
    assert [c for c in table.columns if c.startswith("measure:")] == [
        f"measure:{m}" for m in card.measure_ids
    ]
    assert [c for c in table.columns if c.startswith("group:")] == [
        f"group:{g}" for g in result.group_ids
    ]
    assert list(table.band.cat.categories) == names
    assert table.band[0] == names[result.band[0]]
    assert pd.isna(table.band[1])  # nothing scored: no band, not the worst
    assert np.isnan(table.score[1])
    assert table.score[0] == result.score[0]
    for i, measure in enumerate(card.measure_ids):
        assert table[f"measure:{measure}"].tolist()[0] == result.measures[0, i]


def test_influence_is_one_row_per_person_with_its_map():
    result = influence_arrays([3, 2], [0, 1, 3], [1, 2, 4], [1.0, 0.5, 1.0])
    table = result.to_frame()
    assert table["map"].tolist() == [0, 0, 0, 1, 1]
    assert table.person.tolist() == [0, 1, 2, 0, 1]
    assert table.score.tolist() == result.scores.tolist()
    assert (
        table.iterations.tolist()
        == [result.iterations[0]] * 3 + [result.iterations[1]] * 2
    )
    # each map's scores add up to 1
    assert table.groupby("map")["score"].sum().round(12).tolist() == [1.0, 1.0]


def test_credits_are_one_row_per_contract_and_period():
    sla = every.SLA
    measured = np.array([[[999_000] * 3, [100] * 3]])
    result = assess_arrays(
        sla.levels, sla.regime, measured, [[100_000, 100_000]], currency="EUR"
    )
    table = result.to_frame()
    assert list(table.columns) == [
        "contract",
        "period",
        "levels_missed",
        "credit_before_caps",
        "issued",
        "cap",
        "net",
    ]
    assert list(table.cap.cat.categories) == list(CAP_NAMES)
    for row in table.itertuples():
        assert row.issued == result.issued[row.contract, row.period]
        assert row.net == result.net[row.contract, row.period]
        assert row.credit_before_caps == result.raw[row.contract, row.period].sum()
        assert row.levels_missed == (~result.met[row.contract, row.period]).sum()
        assert row.cap == CAP_NAMES[result.cap[row.contract, row.period]]


def test_billing_lines_give_their_last_day_not_the_exclusive_end():
    arrays = billing_arrays([every.CONTRACT])
    table = arrays.to_frame()
    assert list(table.columns) == [
        "contract",
        "charge_id",
        "service_start",
        "service_last",
        "bill_on",
        "due_on",
        "amount_minor",
        "currency",
    ]
    assert len(table) == len(arrays.contract)
    expected = (arrays.service_end - np.timedelta64(1, "D")).tolist()
    assert table.service_last.dt.date.tolist() == expected
    assert table.amount_minor.tolist() == arrays.amount_minor.tolist()


def test_the_review_table_has_one_row_per_account_and_missing_is_not_zero():
    reviews = review_many(sample_portfolio(), as_of=DAY)
    bare = review(
        attrs.evolve(
            sample_portfolio()[0],
            id="bare",
            invoices=None,
            payments=None,
            credit_notes=None,
            service=None,
        ),
        as_of=DAY,
    )
    table = review_frame([*reviews, bare])
    assert tuple(table.columns) == REVIEW_COLUMNS
    assert str(table["account"].dtype) == "string"
    assert str(table["open_minor"].dtype) == "Int64"
    assert table["as_of"].dt.date.tolist() == [DAY] * 4
    for row, seen in zip(table.itertuples(), reviews, strict=False):
        assert row.name == seen.name
        assert row.flags == len(seen.flags)
        assert row.flags_now == sum(f.priority is Priority.NOW for f in seen.flags)
        assert row.flags_this_month == sum(
            f.priority is Priority.THIS_MONTH for f in seen.flags
        )
        assert row.flags_watch == sum(f.priority is Priority.WATCH for f in seen.flags)
        assert row.flags == row.flags_now + row.flags_this_month + row.flags_watch
        if seen.flags:
            assert row.first_flag == seen.flags[0].code
        else:
            assert pd.isna(row.first_flag)
        cents = seen.receivables.open.amount * 100
        assert row.open_minor == int(cents)
        billed = seen.revenue.attainment.billed_to_date.amount * 100
        assert row.billed_to_date_minor == int(billed)
        assert row.score == seen.health.score
    # Northwind: 55,000.00 EUR open is 5,500,000 cents
    assert table.open_minor[0] == 5_500_000
    last = table.iloc[3]
    assert pd.isna(last.open_minor)
    assert pd.isna(last.billed_to_date_minor)
    assert pd.isna(last.service_credits_minor)
    assert np.isnan(last.debtor_days)
    assert np.isnan(last.debtor_days_at_least)
    # the sample's countbacks all account for what is owed: no floors
    assert table.debtor_days[:3].tolist() == [30.0, 91.0, 10.59]
    assert table.debtor_days_at_least[:3].isna().all()


def test_the_review_table_keeps_a_debtor_days_floor_apart_from_the_figure():
    """Contoso owes GBP 186,000; with its invoices of the six months to the
    review day gone but one, the countback cannot account for what is owed:
    its debtor days are missing and the floor has its own column."""
    contoso = sample_portfolio()[1]
    cut = attrs.evolve(
        contoso,
        invoices=tuple(i for i in contoso.invoices if i.issued_on < date(2026, 6, 1)),
    )
    seen = review_many([cut], as_of=DAY)[0]
    floor = seen.receivables.debtor_days_at_least
    assert seen.receivables.debtor_days is None
    assert floor == Decimal("0.00")  # June billed nothing: the count stops there
    row = review_frame([seen]).iloc[0]
    assert np.isnan(row.debtor_days)
    assert row.debtor_days_at_least == 0.0


def test_an_amount_finer_than_the_minor_unit_is_refused_not_rounded():
    seen = review_many(sample_portfolio()[:1], as_of=DAY)[0]
    odd = attrs.evolve(
        seen,
        receivables=attrs.evolve(seen.receivables, open=Money("1.005", "EUR")),
    )
    with pytest.raises(
        ValidationError,
        match=r"^review_frame\.open_minor: Money\('1\.005', 'EUR'\) is finer than",
    ):
        review_frame([odd])
    with pytest.raises(ValidationError, match=r"^review_frame\.reviews\[0\]"):
        review_frame(["x"])  # type: ignore[list-item]
    # an iterator is not read by the argument guard: the function names it
    with pytest.raises(
        ValidationError, match=r"^review_frame\.reviews\[1\]: expected an AccountReview"
    ):
        review_frame(iter([seen, "x"]))  # type: ignore[list-item]
    assert Decimal("1.005") * 100 != int(Decimal("1.005") * 100)


def test_without_pandas_a_frame_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    aged = ageing_arrays(["2026-05-01"], [100], ["a"], as_of=np.datetime64(DAY))
    with pytest.raises(
        MissingDependencyError,
        match=(
            r"^AgeingArrays\.to_frame needs pandas; install it with pip install "
            r"'accountkit\[pandas\]'$"
        ),
    ):
        aged.to_frame()
    with pytest.raises(MissingDependencyError, match=r"^review_frame needs pandas"):
        review_frame(review_many(sample_portfolio()[:1], as_of=DAY))
