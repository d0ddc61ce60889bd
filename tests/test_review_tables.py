"""Reports to tables (issue 16): the review as rows, CSV files and a workbook.

Every figure is checked against the review's JSON document, the output
contract, which is written by another path (the serializer)."""

import csv
import io
import sys
from datetime import date
from decimal import Decimal

import attrs
import pytest

from accountkit.account import review_many, sample_portfolio
from accountkit.contracts import billing_schedule
from accountkit.errors import MissingDependencyError, ValidationError
from accountkit.periods import Period
from accountkit.serialization import to_dict
from accountkit.tables import (
    REVIEW_AREAS,
    record_rows,
    review_frames,
    review_tables,
    write_csv,
    write_review_tables,
    write_workbook,
)

DAY = date(2026, 6, 30)
REVIEWS = review_many(sample_portfolio(), as_of=DAY)
JSON = [to_dict(r) for r in REVIEWS]
TABLES = review_tables(REVIEWS)


def test_the_portfolio_table_has_a_row_per_account_with_its_figures():
    rows = TABLES["portfolio"]
    assert [r["account"] for r in rows] == ["northwind", "contoso", "fabrikam"]
    for row, plain in zip(rows, JSON, strict=True):
        debt = plain["receivables"]
        assert row["open"] == Decimal(debt["open"]["amount"])
        assert row["overdue"] == Decimal(debt["overdue"]["amount"])
        assert row["currency"] == debt["open"]["currency"]
        assert row["band"] == plain["band"]
        assert row["score"] == plain["health"]["score"]
        assert row["as_of"] == DAY
        first = plain["flags"][0]["code"] if plain["flags"] else None
        assert row["first_flag"] == first
        assert row["flags"] == len(plain["flags"])


def test_aged_debt_is_a_row_per_account_and_bucket():
    expected = [
        (plain["account"], label, Decimal(bucket["amount"]), bucket["currency"])
        for plain in JSON
        for label, bucket in zip(
            plain["receivables"]["labels"], plain["receivables"]["buckets"], strict=True
        )
    ]
    found = [
        (r["account"], r["bucket"], r["amount"], r["amount.currency"])
        for r in TABLES["aged_debt"]
    ]
    assert found == expected
    assert len(found) == 15  # three accounts, five buckets each


def test_flags_are_a_row_each_in_the_reviews_order():
    expected = [
        (p["account"], f["code"], f["priority"]) for p in JSON for f in p["flags"]
    ]
    found = [(r["account"], r["code"], r["priority"]) for r in TABLES["flags"]]
    assert found == expected


def test_the_health_breakdown_is_a_row_per_measure():
    expected = [
        (p["account"], m["id"], m["weight"], m["contribution"])
        for p in JSON
        for m in p["health"]["measures"]
    ]
    found = [
        (r["account"], r["id"], r["weight"], r["contribution"])
        for r in TABLES["health.measures"]
    ]
    assert found == expected


def test_each_area_is_a_table_with_a_row_per_account():
    for area in REVIEW_AREAS:
        assert [r["account"] for r in TABLES[area]] == [p["account"] for p in JSON]
    revenue = TABLES["revenue"][0]
    billed = JSON[0]["revenue"]["attainment"]["billed_to_date"]
    assert revenue["attainment.billed_to_date"] == Decimal(billed["amount"])
    assert revenue["attainment.billed_to_date.currency"] == billed["currency"]


def test_every_row_of_a_table_has_the_same_columns():
    for name, rows in TABLES.items():
        assert len({tuple(r) for r in rows}) <= 1, name


def test_a_list_of_records_is_a_table_even_where_one_account_has_none():
    failed = TABLES["service.failed"]
    expected = [
        (p["account"], f["level"], f["last_day"])
        for p in JSON
        for f in p["service"]["failed"]
    ]
    assert [(r["account"], r["level"], r["last_day"].isoformat()) for r in failed] == (
        expected
    )
    assert "failed" not in TABLES["service"][0]


def test_review_tables_refuses_what_is_not_a_review():
    with pytest.raises(
        ValidationError,
        match=r"review_tables\.reviews\[0\]: expected an AccountReview, got str",
    ):
        review_tables(["x"])


def test_record_rows_spreads_billing_lines_over_columns():
    contract = sample_portfolio()[0].contracts[1]
    lines = billing_schedule(
        contract, period=Period(date(2026, 1, 1), date(2026, 4, 1))
    )
    rows = record_rows(lines)
    assert [(r["charge_id"], r["amount"], r["amount.currency"]) for r in rows] == [
        (line.charge_id, line.amount.amount, line.amount.currency) for line in lines
    ]
    with pytest.raises(
        ValidationError, match=r"record_rows\.records\[0\]: expected a record, got int"
    ):
        record_rows([1])


def test_write_csv_writes_exact_text():
    out = io.StringIO()
    write_csv(
        [
            {
                "a": Decimal("1.50"),
                "b": None,
                "c": True,
                "d": date(2026, 1, 31),
                "e": 0.1,
            }
        ],
        out,
    )
    assert out.getvalue() == "a,b,c,d,e\n1.50,,true,2026-01-31,0.1\n"
    empty = io.StringIO()
    write_csv([], empty)
    assert empty.getvalue() == ""


def test_write_review_tables_writes_a_file_per_table(tmp_path):
    written = write_review_tables(REVIEWS, tmp_path / "out")
    assert [p.name for p in written] == [f"{name}.csv" for name in TABLES]
    with (tmp_path / "out" / "aged_debt.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [Decimal(r["amount"]) for r in rows] == [
        r["amount"] for r in TABLES["aged_debt"]
    ]


def test_the_workbook_holds_the_reviews_figures(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = write_workbook(REVIEWS, tmp_path / "review.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(TABLES)
    sheet = book["portfolio"]
    header = [c.value for c in sheet[1]]
    assert header == list(TABLES["portfolio"][0])
    for number, plain in enumerate(JSON, start=2):
        cells = dict(zip(header, sheet[number], strict=True))
        debt = plain["receivables"]
        assert Decimal(str(cells["open"].value)) == Decimal(debt["open"]["amount"])
        currency = debt["open"]["currency"]
        assert cells["open"].number_format == f'#,##0.00 "{currency}"'
        assert cells["as_of"].value.date() == DAY
        assert cells["as_of"].number_format == "yyyy-mm-dd"
        assert cells["name"].value == plain["name"]
    aged = book["aged_debt"]
    amounts = [
        Decimal(str(row[3])) for row in aged.iter_rows(min_row=2, values_only=True)
    ]
    assert amounts == [r["amount"] for r in TABLES["aged_debt"]]


def test_the_workbook_keeps_text_as_text(tmp_path):
    """A CRM's name that looks like a formula stays text; a control character
    is written as its escape."""
    openpyxl = pytest.importorskip("openpyxl")
    hostile = attrs.evolve(REVIEWS[0], name='=HYPERLINK("http://x","y")\x07')
    path = write_workbook([hostile], tmp_path / "r.xlsx")
    cell = openpyxl.load_workbook(path)["portfolio"]["B2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x","y")\\x07'


def test_review_frames_are_the_tables_with_dates_as_datetimes():
    pd = pytest.importorskip("pandas")
    frames = review_frames(REVIEWS)
    assert list(frames) == list(TABLES)
    portfolio = frames["portfolio"]
    assert str(portfolio["as_of"].dtype).startswith("datetime64")
    assert list(portfolio["as_of"]) == [pd.Timestamp(DAY)] * 3
    assert list(portfolio["open"]) == [r["open"] for r in TABLES["portfolio"]]
    assert isinstance(portfolio["open"][0], Decimal)
    aged = frames["aged_debt"]
    assert list(aged["amount"]) == [r["amount"] for r in TABLES["aged_debt"]]


def test_the_receivables_table_leaves_the_buckets_to_aged_debt():
    row = TABLES["receivables"][0]
    assert "labels" not in row
    assert "buckets" not in row
    assert row["open"] == Decimal(JSON[0]["receivables"]["open"]["amount"])


def test_a_workbook_that_cannot_be_written_is_a_validation_error(tmp_path):
    pytest.importorskip("openpyxl")
    with pytest.raises(ValidationError, match=r"write_workbook\.path: cannot write"):
        write_workbook(REVIEWS, tmp_path / "missing" / "review.xlsx")


def test_a_workbook_needs_openpyxl(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(
        MissingDependencyError, match=r"pip install 'accountkit\[excel\]'"
    ):
        write_workbook(REVIEWS, tmp_path / "review.xlsx")


def test_amounts_in_a_currency_without_cents_have_no_decimal_places(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    yen = attrs.evolve(REVIEWS[2], currency="JPY")
    path = write_workbook([yen], tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path)["portfolio"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("open") + 1)
    assert cell.number_format == '#,##0 "JPY"'


def test_the_workbook_header_is_bold_and_frozen(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = write_workbook(REVIEWS, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path)["flags"]
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"


def test_review_tables_that_cannot_be_written_are_a_validation_error(tmp_path):
    (tmp_path / "taken").write_text("", encoding="utf-8")
    with pytest.raises(
        ValidationError, match=r"write_review_tables\.folder: cannot write"
    ):
        write_review_tables(REVIEWS, tmp_path / "taken")


def test_review_frames_of_no_reviews_name_their_key_columns():
    pytest.importorskip("pandas")
    frames = review_frames([])
    assert list(frames["flags"].columns) == ["account", "name"]
    assert len(frames["flags"]) == 0


def test_write_review_tables_makes_the_folders_it_needs(tmp_path):
    written = write_review_tables(REVIEWS, tmp_path / "a" / "b")
    assert written[0] == tmp_path / "a" / "b" / "portfolio.csv"


def test_a_decimal_that_is_not_money_keeps_the_general_format(tmp_path):
    """Only amounts get a currency format; a share (service.credit_share,
    0.10) is a plain number."""
    openpyxl = pytest.importorskip("openpyxl")
    path = write_workbook(REVIEWS, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path)["service"]
    header = [c.value for c in sheet[1]]
    share = sheet.cell(row=2, column=header.index("credit_share") + 1)
    assert Decimal(str(share.value)) == TABLES["service"][0]["credit_share"]
    assert share.number_format == "General"


def test_review_frames_of_one_review_have_its_columns():
    pytest.importorskip("pandas")
    frames = review_frames(REVIEWS[:1])
    assert list(frames["portfolio"].columns) == list(TABLES["portfolio"][0])
    assert list(frames["portfolio"]["account"]) == ["northwind"]
