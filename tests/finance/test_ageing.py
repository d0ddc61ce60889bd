from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.finance import Invoice, Payment, ageing, ageing_arrays, open_items
from strategies.finance import ledgers

AS_OF = date(2024, 6, 30)


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


WORKED = [
    Invoice(
        id="INV1",
        customer="acme",
        issued_on=date(2024, 6, 10),
        due_on=date(2024, 7, 10),
        amount=eur("1000"),
    ),
    Invoice(
        id="INV2",
        customer="acme",
        issued_on=date(2024, 5, 15),
        due_on=date(2024, 6, 14),
        amount=eur("2000"),
    ),
    Invoice(
        id="INV3",
        customer="acme",
        issued_on=date(2024, 4, 1),
        due_on=date(2024, 5, 1),
        amount=eur("2000"),
    ),
    Invoice(
        id="INV4",
        customer="acme",
        issued_on=date(2024, 2, 20),
        due_on=date(2024, 3, 21),
        amount=eur("800"),
    ),
]
PAID = [
    Payment(
        id="PE-1",
        customer="acme",
        received_on=date(2024, 5, 20),
        amount=eur("500"),
        invoice_id="INV3",
    )
]


def test_worked_case_by_due_date():
    """Issue 5, as of 2024-06-30: INV1 not yet due (1,000); INV2 16 days late
    (2,000, 1-30); INV3 60 days late, 1,500 after 500 paid (31-60: 60 is inclusive);
    INV4 101 days (800, over 90). Total 5,300."""
    report = ageing(open_items(WORKED, PAID, as_of=AS_OF), as_of=AS_OF)
    assert report.labels == ("not yet due", "1-30", "31-60", "61-90", "over 90")
    assert report.total.buckets == (
        eur("1000"),
        eur("2000"),
        eur("1500"),
        eur("0"),
        eur("800"),
    )
    assert report.total.total == eur("5300")


def test_worked_case_by_invoice_date():
    """By invoice date: INV1 20 days (0-30), INV2 46 (31-60), INV3 90 (61-90: 90 is
    inclusive), INV4 131 (over 90). Total 5,300 both ways."""
    report = ageing(open_items(WORKED, PAID, as_of=AS_OF), as_of=AS_OF, basis="invoice")
    assert report.labels == ("0-30", "31-60", "61-90", "over 90")
    assert report.total.buckets == (eur("1000"), eur("2000"), eur("1500"), eur("800"))
    assert report.total.total == eur("5300")


def test_escalation_lists_items_more_than_30_days_late():
    report = ageing(open_items(WORKED, PAID, as_of=AS_OF), as_of=AS_OF)
    assert [item.reference for item in report.escalations] == ["INV4", "INV3"]


def test_custom_unequal_buckets():
    report = ageing(
        open_items(WORKED, PAID, as_of=AS_OF), as_of=AS_OF, buckets=(7, 45, 120)
    )
    assert report.labels == ("not yet due", "1-7", "8-45", "46-120", "over 120")
    assert report.total.buckets == (
        eur("1000"),
        eur("0"),
        eur("2000"),
        eur("2300"),
        eur("0"),
    )


def test_disputed_amounts_are_reported_separately():
    disputed = Invoice(
        id="D",
        customer="globex",
        issued_on=date(2024, 5, 1),
        due_on=date(2024, 5, 31),
        amount=eur("300"),
        disputed=True,
    )
    report = ageing(open_items([*WORKED, disputed], PAID, as_of=AS_OF), as_of=AS_OF)
    assert [(row.customer, row.disputed) for row in report.rows] == [
        ("acme", eur("0")),
        ("globex", eur("300")),
    ]
    assert report.total.disputed == eur("300")


def test_negative_items_age_by_their_date_and_keep_the_sum():
    cash = Payment(
        id="PE-9", customer="acme", received_on=date(2024, 6, 20), amount=eur("100")
    )
    items = open_items(WORKED[:1], [cash], as_of=AS_OF)
    report = ageing(items, as_of=AS_OF)
    assert report.total.total == eur("900")


def test_reporting_currency():
    usd = Invoice(
        id="U",
        customer="acme",
        issued_on=date(2024, 6, 1),
        due_on=date(2024, 7, 1),
        amount=Money("100", "USD"),
        reporting_amount=eur("92"),
    )
    items = open_items([WORKED[0], usd], as_of=AS_OF)
    with pytest.raises(CurrencyMismatchError, match="items in EUR, USD"):
        ageing(items, as_of=AS_OF)
    report = ageing(open_items([usd], as_of=AS_OF), as_of=AS_OF, reporting=True)
    assert (report.currency, report.total.total) == ("EUR", eur("92"))


def test_a_fractional_bucket_is_refused_at_its_index():
    with pytest.raises(ValidationError) as caught:
        ageing([], as_of=AS_OF, buckets=(30, 60.5))
    assert str(caught.value) == (
        "ageing.buckets[1]: expected a whole number (an int), got float 60.5"
    )


@pytest.mark.parametrize("buckets", [(), (30, 30), (60, 30), (0, 30)])
def test_bad_buckets_are_refused(buckets):
    with pytest.raises(
        ValidationError,
        match=r"ageing\.buckets: expected increasing positive whole numbers",
    ):
        ageing([], as_of=AS_OF, buckets=buckets)


def test_arrays_of_different_lengths_are_refused():
    with pytest.raises(ValidationError, match="differ in length"):
        ageing_arrays(
            np.array(["2024-01-01"], dtype="datetime64[D]"),
            np.array([1, 2]),
            np.array(["a"]),
            as_of=AS_OF,
        )


# --- properties -----------------------------------------------------------------------

days = st.integers(0, 400).map(lambda n: date(2024, 1, 1) + timedelta(days=n))


@given(ledgers(), days, st.sampled_from(["due", "invoice"]))
def test_columns_always_add_up_to_the_outstanding_total(ledger, as_of, basis):
    items = list(open_items(*ledger, as_of=as_of))
    currency = ledger[0][0].amount.currency  # a ledger is in one currency
    report = ageing(items, as_of=as_of, basis=basis, currency=currency)
    outstanding = Money.total((i.open for i in items), currency=currency)
    assert report.currency == currency
    assert report.total.total == outstanding
    assert Money.total(report.total.buckets, currency=currency) == outstanding
    for row in report.rows:
        assert Money.total(row.buckets, currency=currency) == row.total


def _reference(dates, amounts, customers, *, as_of, basis, bounds):
    """A plain loop: the bucket of each item, by the documented rule."""
    names = sorted(set(customers))
    width = len(bounds) + (2 if basis == "due" else 1)
    table = {name: [0] * width for name in names}
    for day, amount, customer in zip(dates, amounts, customers, strict=True):
        age = (as_of - day).days
        edges = [0, *bounds] if basis == "due" else list(bounds)
        column = next((k for k, edge in enumerate(edges) if age <= edge), len(edges))
        table[customer][column] += amount
    return [table[name] for name in names]


@given(
    st.lists(
        st.tuples(days, st.integers(-(10**6), 10**8), st.sampled_from(["a", "b", "c"])),
        max_size=40,
    ),
    days,
    st.sampled_from(["due", "invoice"]),
    st.lists(st.integers(1, 200), min_size=1, max_size=4, unique=True).map(sorted),
)
def test_the_array_path_matches_a_plain_loop(rows, as_of, basis, bounds):
    dates = [r[0] for r in rows]
    amounts = [r[1] for r in rows]
    customers = [r[2] for r in rows]
    aged = ageing_arrays(
        np.array(dates, dtype="datetime64[D]"),
        np.array(amounts, dtype=np.int64),
        np.array(customers, dtype=object),
        as_of=as_of,
        basis=basis,
        buckets=bounds,
    )
    assert aged.amounts.tolist() == _reference(
        dates, amounts, customers, as_of=as_of, basis=basis, bounds=bounds
    )


@given(
    st.lists(
        st.tuples(days, st.integers(-(10**6), 10**8), st.integers(-3, 40)), max_size=40
    ),
    days,
    st.sampled_from(["due", "invoice"]),
)
def test_integer_customer_codes_take_the_dense_path_and_agree(rows, as_of, basis):
    dates = [r[0] for r in rows]
    amounts = [r[1] for r in rows]
    customers = [r[2] for r in rows]
    aged = ageing_arrays(
        np.array(dates, dtype="datetime64[D]"),
        np.array(amounts, dtype=np.int64),
        np.array(customers, dtype=np.int64),
        as_of=as_of,
        basis=basis,
    )
    assert aged.customers.tolist() == sorted(set(customers))
    assert aged.amounts.tolist() == _reference(
        dates, amounts, customers, as_of=as_of, basis=basis, bounds=[30, 60, 90]
    )


# --- defaults, boundaries and paths (issue 14's mutants) ------------------------------


def _invoice(ref: str, due: date, amount: str, **fields) -> Invoice:
    return Invoice(
        id=ref,
        customer=fields.pop("customer", "acme"),
        issued_on=due - timedelta(days=30),
        due_on=due,
        amount=eur(amount),
        **fields,
    )


def test_escalation_is_strictly_more_than_30_days_late_by_default():
    """Due 31 May (30 days late on 30 June): not escalated; due 30 May (31
    days): escalated, as is 0.50 five months late (any amount owed counts)."""
    items = open_items(
        [
            _invoice("ON-THE-DAY", date(2024, 5, 31), "100"),
            _invoice("A-DAY-MORE", date(2024, 5, 30), "100"),
            _invoice("FIFTY-CENTS", date(2024, 1, 31), "0.50"),
        ],
        as_of=AS_OF,
    )
    report = ageing(items, as_of=AS_OF)
    assert [i.reference for i in report.escalations] == ["FIFTY-CENTS", "A-DAY-MORE"]
    later = ageing(items, as_of=AS_OF, escalate_after=29).escalations
    assert [i.reference for i in later] == ["FIFTY-CENTS", "A-DAY-MORE", "ON-THE-DAY"]


def test_an_overpayment_is_never_escalated():
    items = open_items(
        [_invoice("INV", date(2024, 1, 31), "100")],
        [
            Payment(
                id="P",
                customer="acme",
                received_on=date(2024, 2, 1),
                amount=eur("150"),
                invoice_id="INV",
            )
        ],
        as_of=AS_OF,
    )
    assert [i.open for i in items] == [eur("-50")]
    assert ageing(items, as_of=AS_OF).escalations == ()


def test_reporting_needs_every_item_in_the_reporting_currency():
    items = open_items([_invoice("INV", date(2024, 6, 1), "100")], as_of=AS_OF)
    with pytest.raises(ValidationError) as caught:
        ageing(items, as_of=AS_OF, reporting=True)
    assert str(caught.value) == (
        "ageing.items: item INV has no amount in the reporting currency"
    )


def test_the_default_buckets_of_the_array_path():
    """Ages 0, 30, 31, 60, 61, 90, 91 days past due against (30, 60, 90)."""
    ages = [0, 30, 31, 60, 61, 90, 91]
    dates = np.array(
        [np.datetime64("2024-06-30") - np.timedelta64(a, "D") for a in ages]
    )
    aged = ageing_arrays(dates, [1, 2, 4, 8, 16, 32, 64], ["x"] * 7, as_of=AS_OF)
    assert aged.labels == ("not yet due", "1-30", "31-60", "61-90", "over 90")
    assert aged.amounts.tolist() == [[1, 2, 4 + 8, 16 + 32, 64]]
    by_issue = ageing_arrays(
        dates, [1, 2, 4, 8, 16, 32, 64], ["x"] * 7, as_of=AS_OF, basis="invoice"
    )
    assert by_issue.amounts.tolist() == [[1 + 2, 4 + 8, 16 + 32, 64]]


def test_the_array_path_takes_a_datetime64_day_and_float_amounts():
    """Float amounts are summed as floats (a data scientist's choice); the day
    may be a datetime64, but not NaT."""
    aged = ageing_arrays(
        ["2024-06-01"], [10.25], ["x"], as_of=np.datetime64("2024-06-30")
    )
    assert aged.amounts.tolist() == [[0.0, 10.25, 0.0, 0.0, 0.0]]
    with pytest.raises(ValidationError) as caught:
        ageing_arrays(["2024-06-01"], [1], ["x"], as_of=np.datetime64("NaT"))
    assert str(caught.value).startswith("ageing_arrays.as_of: expected a date")


def test_sums_beyond_float_precision_stay_exact():
    """Two amounts of 2**60 + 1 minor units: 2**61 + 2 exactly (a float sum
    would lose the 2)."""
    big = 2**60 + 1
    aged = ageing_arrays(
        ["2024-06-01", "2024-06-02"], [big, big], ["x", "x"], as_of=AS_OF
    )
    assert aged.amounts.tolist() == [[0, 2**61 + 2, 0, 0, 0]]
    # 2**53 - 1 + 2 is the first sum a float cannot hold: 2**53 + 1 exactly.
    edge = ageing_arrays(
        ["2024-06-01", "2024-06-02"], [2**53 - 1, 2], ["x", "x"], as_of=AS_OF
    )
    assert edge.amounts.tolist() == [[0, 2**53 + 1, 0, 0, 0]]
    empty = ageing_arrays(np.array([], "datetime64[D]"), [], [], as_of=AS_OF)
    assert empty.amounts.shape == (0, 5)


def test_customers_must_be_one_column_as_long_as_the_rest():
    with pytest.raises(ValidationError) as caught:
        ageing_arrays(["2024-06-01"], [1], [["x"]], as_of=AS_OF)
    assert str(caught.value) == (
        "ageing_arrays.customers: expected a 1-dimensional array, got shape (1, 1)"
    )
    with pytest.raises(ValidationError) as caught:
        ageing_arrays(["2024-06-01"], [1], ["x", "y"], as_of=AS_OF)
    assert str(caught.value) == (
        "ageing_arrays: dates, amounts and customers differ in length (1, 1, 2)"
    )


def test_amounts_finer_than_the_currency_are_refused():
    items = open_items([_invoice("INV", date(2024, 6, 1), "100.001")], as_of=AS_OF)
    with pytest.raises(ValidationError) as caught:
        ageing(items, as_of=AS_OF)
    assert str(caught.value) == (
        "ageing.items: 100.001 has more decimal places than the currency's minor unit"
    )


def test_an_empty_report_needs_its_currency_and_items_must_be_in_it():
    """With no items there is no currency to take: it used to be EUR, a guess."""
    with pytest.raises(ValidationError) as caught:
        ageing([], as_of=AS_OF)
    assert str(caught.value) == (
        "ageing.currency: no items to take the currency from: pass currency= for an "
        "empty report"
    )
    empty = ageing([], as_of=AS_OF, currency="JPY")
    assert (empty.currency, empty.total.total) == ("JPY", Money(0, "JPY"))
    items = open_items(WORKED, as_of=AS_OF)
    with pytest.raises(CurrencyMismatchError) as caught:
        ageing(items, as_of=AS_OF, currency="USD")
    assert str(caught.value) == "ageing.items: items in EUR, but the report is in USD"


def test_a_customer_whose_items_cancel_is_kept_and_an_absent_code_is_not():
    """Codes 0, 2 and 5 of the range 0..5: code 2's two items (+7 and -7, both
    due in the 1-30 bucket) add up to nothing but code 2 is there; codes 1,
    3 and 4 never occur and have no row. With every row's total non-zero,
    the absent codes are dropped all the same."""
    due = np.array(["2024-06-20", "2024-06-20", "2024-06-20", "2024-07-05"], "M8[D]")
    aged = ageing_arrays(
        due, np.array([7, -7, 5, 3]), np.array([2, 2, 0, 5]), as_of=AS_OF
    )
    assert aged.customers.tolist() == [0, 2, 5]
    assert aged.amounts.tolist() == [[0, 5, 0, 0, 0], [0, 0, 0, 0, 0], [3, 0, 0, 0, 0]]
    aged = ageing_arrays(due[2:], np.array([5, 3]), np.array([0, 5]), as_of=AS_OF)
    assert aged.customers.tolist() == [0, 5]
    assert aged.amounts.tolist() == [[0, 5, 0, 0, 0], [3, 0, 0, 0, 0]]


def test_ages_beyond_the_bounds_take_the_end_buckets():
    """Invoice basis, bounds 30/60: ages -400 (issued after the day), 0, 30,
    31, 61 and 5,000 days fall in 0-30, 0-30, 0-30, 31-60, over 60, over 60."""
    ages = np.array([-400, 0, 30, 31, 61, 5_000])
    issued = np.datetime64(AS_OF) - ages.astype("m8[D]")
    aged = ageing_arrays(
        issued,
        np.ones(6, dtype=np.int64),
        np.zeros(6, dtype=np.int64),
        as_of=AS_OF,
        basis="invoice",
        buckets=(30, 60),
    )
    assert aged.labels == ("0-30", "31-60", "over 60")
    assert aged.amounts.tolist() == [[3, 1, 2]]


def test_integer_codes_far_apart_are_sorted_rather_than_given_rows_each():
    """Codes 7 and 5,000,000,007 (more than four times the items, and more
    than a million, apart): a row for every code between would take 40 GB;
    they are sorted instead, and each keeps its own row."""
    due = np.array(["2024-06-20", "2024-07-05"], "M8[D]")
    codes = np.array([5_000_000_007, 7])
    aged = ageing_arrays(due, np.array([5, 3]), codes, as_of=AS_OF)
    assert aged.customers.tolist() == [7, 5_000_000_007]
    assert aged.amounts.tolist() == [[3, 0, 0, 0, 0], [0, 5, 0, 0, 0]]
