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
    report = ageing(items, as_of=as_of, basis=basis)
    outstanding = Money.total((i.open for i in items), currency="EUR")
    assert report.total.total == outstanding
    assert Money.total(report.total.buckets, currency="EUR") == outstanding
    for row in report.rows:
        assert Money.total(row.buckets, currency="EUR") == row.total


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
