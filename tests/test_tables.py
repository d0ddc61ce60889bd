"""Accounts from tables and back (issue 16): the layout, reading, writing.

The problems' texts are the JSON reader's own (one set of rules); what these
tests pin is where each is reported: the file, the row as a spreadsheet
numbers it (the header is row 1) and the column as the file names it.
"""

import csv
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountkit import Money
from accountkit.account import Account, sample_portfolio
from accountkit.contracts import (
    FlatCredit,
    PoolAllocationCredit,
    Rate,
    RateCard,
    ServiceLevel,
    TimeAndMaterials,
    Unit,
)
from accountkit.errors import ValidationError
from accountkit.serialization import from_json
from accountkit.tables import (
    CellProblem,
    TableMapping,
    located_tables,
    read_frames,
    read_tables,
    sample_tables,
    table_layout,
    to_tables,
    write_tables,
)
from strategies.account import varied
from strategies.contracts import contracts, service_levels

SAMPLE = list(sample_portfolio())


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


def _set(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (``row`` as a spreadsheet numbers it: the header is 1)."""
    rows = _rows(path)
    rows[row - 1][rows[0].index(column)] = value
    _write(path, rows)


def _drop(path: Path, column: str) -> None:
    rows = _rows(path)
    at = rows[0].index(column)
    _write(path, [row[:at] + row[at + 1 :] for row in rows])


def _places(error: object) -> list[tuple[object, ...]]:
    assert isinstance(error, ValidationError)
    assert all(isinstance(p, CellProblem) for p in error.problems)
    return [(*p.path, p.message) for p in error.problems]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_tables(SAMPLE, tmp_path)
    return tmp_path


# --- the sample and round trips ------------------------------------------------


def test_the_shipped_folder_reads_as_the_json_sample():
    assert read_tables(sample_tables()) == SAMPLE


def test_the_shipped_folder_is_what_write_tables_writes(tmp_path):
    written = write_tables(SAMPLE, tmp_path)
    shipped = sorted(path.name for path in sample_tables().glob("*.csv"))
    assert sorted(path.name for path in written) == shipped
    for path in written:
        assert path.read_bytes() == (sample_tables() / path.name).read_bytes()


@st.composite
def portfolios(draw: st.DrawFn) -> list[Account]:
    """One to three varied sample accounts under distinct ids, some with
    contracts of every kind of charge added and service levels with every
    kind of credit rule."""
    found = []
    for index in range(draw(st.integers(1, 3))):
        account = attrs.evolve(draw(varied()), id=f"acct-{index}")
        if draw(st.booleans()) and account.contracts is not None:
            extra = draw(contracts(currency=account.currency))
            extra = attrs.evolve(
                extra, id=f"drawn-{index}", client=account.client, parent_id=None
            )
            account = attrs.evolve(account, contracts=(*account.contracts, extra))
        if account.service and draw(st.booleans()):
            agreement = account.service[0]
            levels = tuple(
                _rule_swapped(level, draw(service_levels()))
                for level in agreement.levels
            )
            agreement = attrs.evolve(agreement, levels=levels)
            account = attrs.evolve(account, service=(agreement, *account.service[1:]))
        found.append(account)
    return found


def _rule_swapped(level: ServiceLevel, drawn: ServiceLevel) -> ServiceLevel:
    """The level under a drawn rule, with the target and direction its bands
    were drawn against (bands must run away from the target)."""
    return attrs.evolve(
        level, rule=drawn.rule, target=drawn.target, direction=drawn.direction
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(accounts=portfolios())
def test_accounts_to_tables_and_back_is_exact(accounts, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    write_tables(accounts, folder)
    assert read_tables(folder) == accounts


def test_every_field_of_an_account_has_a_column_or_a_table():
    """Each field of Account is a column of accounts or the path of a table."""
    layout = table_layout()
    placed = {c.path[0] for c in layout[0].columns} | {t.path[0] for t in layout[1:]}
    assert {f.name for f in attrs.fields(Account)} <= placed


# --- problems, each where it is --------------------------------------------------


def test_a_bad_amount_an_unknown_invoice_and_a_missing_column_are_all_reported(
    folder,
):
    """The issue's case: three problems in three files, reported together."""
    _set(folder / "invoices.csv", 4, "amount", "12,000.00")
    _set(folder / "payments.csv", 3, "invoice_id", "NOR-9999")
    _drop(folder / "wallet.csv", "estimated_on")
    found = read_tables(folder)
    assert _places(found[0]) == [
        ("invoices.csv", 4, "amount", "not a decimal number: '12,000.00'"),
        ("payments.csv", 3, "invoice_id", "no such record in the account: 'NOR-9999'"),
        ("wallet.csv", 1, "estimated_on", "required column is missing"),
    ]
    # the other accounts have wallet rows too: the missing column is theirs
    for error in found[1:]:
        assert _places(error) == [
            ("wallet.csv", 1, "estimated_on", "required column is missing")
        ]


def test_the_file_row_and_column_are_rendered_as_file_row_column(folder):
    _set(folder / "invoices.csv", 2, "amount", "x")
    assert str(read_tables(folder)[0]) == (
        "invoices.csv:2:amount: not a decimal number: 'x'"
    )


def test_a_problem_in_a_nested_table_is_at_its_own_file(folder):
    _set(folder / "service.measurements.csv", 5, "value", "n/a")
    error = read_tables(folder)[0]
    assert _places(error) == [
        ("service.measurements.csv", 5, "value", "not a decimal number: 'n/a'")
    ]


def test_a_row_of_an_account_accounts_csv_does_not_have_is_reported_apart(folder):
    _set(folder / "costs.csv", 2, "account", "nobody")
    found = read_tables(folder)
    assert _places(found[0]) == [
        ("costs.csv", 2, "account", "no account 'nobody' in accounts")
    ]
    assert len(found) == 4  # the three accounts are still read
    assert found[1].costs == SAMPLE[0].costs[1:]


def test_a_row_whose_parent_record_is_not_there_is_reported(folder):
    _set(folder / "contracts.charges.csv", 2, "contracts.id", "NW-NONE")
    assert _places(read_tables(folder)[0]) == [
        (
            "contracts.charges.csv",
            2,
            "contracts.id",
            "no contracts record 'NW-NONE' in account 'northwind'",
        )
    ]


def test_an_account_id_used_twice_is_refused_at_its_second_row(folder):
    rows = _rows(folder / "accounts.csv")
    _write(folder / "accounts.csv", [*rows, rows[1]])
    found = read_tables(folder)
    assert _places(found[0]) == [
        ("accounts.csv", 5, "id", "account id 'northwind' is used twice (rows 2 and 5)")
    ]
    assert found[1:] == SAMPLE


def test_an_unknown_column_is_refused_unless_reading_leniently(folder):
    rows = _rows(folder / "costs.csv")
    _write(folder / "costs.csv", [[*rows[0], "note"], *[[*r, "x"] for r in rows[1:]]])
    error = read_tables(folder)[0]
    assert [p.path for p in error.problems] == [("costs.csv", 1, "note")]
    assert error.problems[0].message.startswith("unknown column (costs has account,")
    assert read_tables(folder, strict=False) == SAMPLE


def test_an_unknown_file_is_refused_unless_reading_leniently(folder):
    (folder / "invoice.csv").write_text("account,id\n", encoding="utf-8")
    found = read_tables(folder)
    assert [p.path for p in found[0].problems] == [("invoice.csv", "", "")]
    assert found[0].problems[0].message.startswith("not a table of the layout")
    assert found[1:] == SAMPLE
    assert read_tables(folder, strict=False) == SAMPLE


def test_a_row_with_too_many_cells_is_reported_and_left_out(folder):
    path = folder / "surveys.csv"
    rows = _rows(path)
    _write(path, [*rows[:2], [*rows[2], "extra"], *rows[3:]])
    found = read_tables(folder)
    width = len(rows[0])
    assert _places(found[0]) == [
        ("surveys.csv", 3, "", f"has {width + 1} cells; the header has {width}")
    ]


def test_a_file_not_in_utf8_is_reported(folder):
    (folder / "costs.csv").write_bytes(b"account,id\n\xff\n")
    assert [p.path for p in read_tables(folder)[0].problems] == [("costs.csv", "", "")]


def test_a_byte_order_mark_is_allowed(folder):
    path = folder / "accounts.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read_tables(folder) == SAMPLE


def test_a_folder_without_accounts_is_reported(folder):
    (folder / "accounts.csv").unlink()
    found = read_tables(folder)
    messages = [(p.path, p.message) for p in found[0].problems]
    assert (("accounts.csv", "", ""), "the folder has no accounts table") in messages


def test_a_folder_that_cannot_be_read_is_an_error(tmp_path):
    with pytest.raises(ValidationError, match=r"cannot read the folder"):
        read_tables(tmp_path / "nowhere")


# --- empty cells, sections, options ----------------------------------------------


def test_an_absent_file_is_a_section_not_recorded_and_an_empty_one_none(folder):
    (folder / "escalations.csv").unlink()
    rows = _rows(folder / "costs.csv")
    _write(folder / "costs.csv", rows[:1])
    found = read_tables(folder)
    assert [a.escalations for a in found] == [None, None, None]
    assert [a.costs for a in found] == [(), (), ()]


def test_not_recorded_names_the_sections_an_account_does_not_record(folder):
    # the sample's Northwind and Fabrikam list delivery as not recorded
    accounts = _rows(folder / "accounts.csv")
    at = accounts[0].index("not_recorded")
    assert accounts[2][at] == "bids;approvals"  # Contoso keeps delivery records
    _set(folder / "accounts.csv", 3, "not_recorded", "bids;approvals;wallet;plan")
    _drop_rows(folder / "wallet.csv", "contoso")
    _drop_rows(folder / "plan.csv", "contoso")
    found = read_tables(folder)
    assert (found[1].wallet, found[1].plan) == (None, None)
    assert found[0].wallet == SAMPLE[0].wallet


def _drop_rows(path: Path, account: str) -> None:
    rows = _rows(path)
    _write(path, [r for r in rows if r[0] != account])


def test_a_row_of_a_section_listed_as_not_recorded_is_refused(folder):
    _set(folder / "accounts.csv", 2, "not_recorded", "delivery;surveys")
    error = read_tables(folder)[0]
    assert error.problems[0].path == ("surveys.csv", 2, "")
    assert error.problems[0].message == (
        "account 'northwind' lists 'surveys' in not_recorded (accounts), "
        "yet this row records one"
    )


def test_not_recorded_refuses_what_is_not_a_section(folder):
    _set(folder / "accounts.csv", 2, "not_recorded", "delivery;id")
    error = read_tables(folder)[0]
    assert error.problems[0].path == ("accounts.csv", 2, "not_recorded")
    assert error.problems[0].message.startswith(
        "not a section that may be not recorded: id"
    )


def test_dates_in_another_format_are_read_only_when_the_format_is_given(folder):
    path = folder / "escalations.csv"
    rows = _rows(path)
    for column in ("raised_on", "closed_on"):
        at = rows[0].index(column)
        for row in rows[1:]:
            if row[at]:
                row[at] = date.fromisoformat(row[at]).strftime("%d/%m/%Y")
    _write(path, rows)
    mapping = {"escalations": TableMapping(date_format="%d/%m/%Y")}
    assert read_tables(folder, mappings=mapping) == SAMPLE
    wrong = {"escalations": TableMapping(date_format="%Y.%m.%d")}
    error = read_tables(folder, mappings=wrong)[0]
    assert _places(error)[:2] == [
        (
            "escalations.csv",
            2,
            "closed_on",
            "expected a date written as '%Y.%m.%d', got '14/11/2025'",
        ),
        (
            "escalations.csv",
            2,
            "raised_on",
            "expected a date written as '%Y.%m.%d', got '03/11/2025'",
        ),
    ]


def test_true_and_false_are_lower_case_unless_reading_leniently(folder):
    _set(folder / "invoices.csv", 2, "disputed", "FALSE")
    error = read_tables(folder)[0]
    assert _places(error) == [
        ("invoices.csv", 2, "disputed", "expected true or false, got string 'FALSE'")
    ]
    assert read_tables(folder, strict=False) == SAMPLE


def test_a_mapping_reads_another_systems_export(folder):
    """An ERP's receivables export: its own file, column names and currency."""
    rows = _rows(folder / "invoices.csv")
    header = rows[0]
    renamed = {"id": "Invoice No", "amount": "Grand Total", "issued_on": "Posting Date"}
    at = header.index("amount.currency")
    out = [[renamed.get(c, c) for c in header if c != "amount.currency"]]
    out += [
        r[:at] + r[at + 1 :]
        for r in rows[1:]
        if r[header.index("account")] == "northwind"
    ]
    (folder / "invoices.csv").unlink()
    _write(folder / "erp.csv", out)
    for other in ("invoices.instalments.csv",):
        (folder / other).unlink(missing_ok=True)
    mapping = TableMapping(
        file="erp.csv", columns=renamed, constants={"amount.currency": "EUR"}
    )
    found = read_tables(folder, mappings={"invoices": mapping})
    assert found[0] == SAMPLE[0]
    _set(folder / "erp.csv", 3, "Grand Total", "lots")
    error = read_tables(folder, mappings={"invoices": mapping})[0]
    assert _places(error) == [
        ("erp.csv", 3, "Grand Total", "not a decimal number: 'lots'")
    ]


def test_a_mapping_must_name_a_table_of_the_layout(folder):
    with pytest.raises(ValidationError, match=r"mappings\.invoice: no table 'invoice'"):
        read_tables(folder, mappings={"invoice": TableMapping()})


# --- writing -----------------------------------------------------------------------


def test_writing_into_a_folder_that_has_tables_is_refused_unless_replacing(folder):
    with pytest.raises(ValidationError, match=r"already has tables \(accounts\.csv"):
        write_tables(SAMPLE[:1], folder)
    write_tables(SAMPLE[:1], folder, replace=True)
    assert read_tables(folder) == SAMPLE[:1]


def test_to_tables_refuses_what_is_not_an_account():
    with pytest.raises(
        ValidationError,
        match=r"to_tables\.accounts\[0\]: expected an Account, got dict",
    ):
        to_tables([{}])


def test_empty_text_in_a_text_field_without_a_default_is_read_back():
    contract = SAMPLE[0].contracts[0]
    titled = attrs.evolve(
        SAMPLE[0],
        contracts=(attrs.evolve(contract, title=""), *SAMPLE[0].contracts[1:]),
    )
    assert read_frames({k: _frame(v, k) for k, v in to_tables([titled]).items()}) == [
        titled
    ]


def _frame(rows, name):
    """A DataFrame of a table's text rows (with its header when it has none)."""
    pd = pytest.importorskip("pandas")
    table = {t.name: t for t in table_layout()}[name]
    header = [*table.keys, *(c.name for c in table.columns if c.required)]
    return pd.DataFrame(rows, dtype=object, columns=None if rows else header)


# --- DataFrames ----------------------------------------------------------------------


def test_frames_of_text_read_as_the_files_do():
    frames = {name: _frame(rows, name) for name, rows in to_tables(SAMPLE).items()}
    assert read_frames(frames) == SAMPLE


def test_a_frame_with_typed_columns_is_read_from_its_values():
    pd = pytest.importorskip("pandas")
    frames = {name: _frame(rows, name) for name, rows in to_tables(SAMPLE).items()}
    costs = frames["costs"]
    costs["incurred_on"] = pd.to_datetime(costs["incurred_on"])
    costs["amount"] = [Decimal(text) for text in costs["amount"]]
    surveys = frames["surveys"]
    surveys["score"] = surveys["score"].astype("int64")
    assert read_frames(frames) == SAMPLE


def test_a_float_amount_in_a_frame_is_refused_at_its_label_and_column():
    pd = pytest.importorskip("pandas")
    frames = {name: _frame(rows, name) for name, rows in to_tables(SAMPLE).items()}
    costs = frames["costs"]
    costs.index = [f"c{i}" for i in range(len(costs))]
    costs["amount"] = costs["amount"].astype(float)
    error = read_frames(frames)[0]
    assert error.problems[0].path == ("costs", "c0", "amount")
    assert "binary float" in error.problems[0].message
    assert pd is not None


def test_a_missing_value_in_a_frame_is_an_empty_cell():
    pd = pytest.importorskip("pandas")
    frames = {name: _frame(rows, name) for name, rows in to_tables(SAMPLE).items()}
    frames["invoices"].loc[0, "customer"] = pd.NA
    frames["invoices"].loc[1, "due_on"] = None
    error = read_frames(frames)[0]
    # a customer is required text: an empty cell is the empty text, which
    # the model refuses; an invoice without a due day needs terms
    assert _places(error) == [
        ("invoices", 0, "customer", "expected a non-empty identifier, got ''"),
        (
            "invoices",
            1,
            "due_on",
            "give a due date, payment terms or an instalment schedule",
        ),
    ]


# --- the shipped examples of mappings ------------------------------------------


EXPORTS = Path(__file__).parents[1] / "docs" / "recipes" / "exports"


def _example_mappings():
    text = (EXPORTS / "mapping.json").read_text(encoding="utf-8")
    return from_json(dict[str, TableMapping], text)


def test_an_erp_receivables_export_is_read_through_its_mapping():
    """ERPNext's Accounts Receivable report (its column labels, dates as
    dd-mm-yyyy): each row an invoice of the party's account, the invoiced
    amount (not the outstanding one) as the invoice's amount."""
    (account,) = read_tables(EXPORTS, mappings=_example_mappings())
    assert [
        (
            i.id,
            i.customer,
            i.issued_on,
            i.due_on,
            str(i.amount.amount),
            i.amount.currency,
        )
        for i in account.invoices
    ] == [
        (
            "ACC-SINV-2026-00041",
            "northwind",
            date(2026, 4, 1),
            date(2026, 5, 1),
            "40000.00",
            "EUR",
        ),
        (
            "ACC-SINV-2026-00052",
            "northwind",
            date(2026, 5, 1),
            date(2026, 5, 31),
            "40000.00",
            "EUR",
        ),
        (
            "ACC-SINV-2026-00063",
            "northwind",
            date(2026, 6, 1),
            date(2026, 7, 1),
            "42500.50",
            "EUR",
        ),
    ]
    assert account.payments is None  # no payments export: not recorded


def test_a_crm_opportunities_report_is_read_through_its_mapping():
    """A Salesforce-style report: stage names mapped to stages, the
    probability in percent divided by 100 exactly, dates as dd/mm/yyyy, the
    account named by its name."""
    (account,) = read_tables(EXPORTS, mappings=_example_mappings())
    assert [
        (o.id, o.stage.value, o.probability, o.close_on, str(o.value.amount))
        for o in account.opportunities
    ] == [
        (
            "0065g00000XyZ1A",
            "proposing",
            Decimal("0.60"),
            date(2026, 9, 30),
            "180000.00",
        ),
        (
            "0065g00000XyZ2B",
            "negotiating",
            Decimal("0.80"),
            date(2026, 12, 31),
            "420000.00",
        ),
        ("0065g00000XyZ3C", "lost", Decimal("0.00"), date(2026, 3, 15), "95000.00"),
    ]


def test_a_stage_the_mapping_does_not_know_is_refused_at_its_cell(tmp_path):
    folder = tmp_path / "exports"
    shutil.copytree(EXPORTS, folder)
    report = folder / "Opportunities.csv"
    report.write_text(
        report.read_text(encoding="utf-8").replace("Closed Lost", "Parked"),
        encoding="utf-8",
    )
    (error,) = read_tables(folder, mappings=_example_mappings())
    assert [(p.path, p.message.split(" (")[0]) for p in error.problems] == [
        (
            ("Opportunities.csv", 4, "Stage"),
            (
                "expected one of 'qualifying', 'proposing', 'negotiating', 'won', "
                "'lost', got string 'Parked'"
            ),
        )
    ]


# --- versions of a charge, and the edges of reading -------------------------------


def _versioned(kind: str) -> Account:
    """Northwind with its SOW-1 fee in two versions (the same id, separate
    windows); with ``kind`` "rates" the second version is time and materials,
    whose rate card rows name the charge by its id."""
    account = SAMPLE[0]
    contract = account.contracts[1]
    fee = contract.charges[0]
    first = attrs.evolve(fee, end=date(2025, 1, 1))
    if kind == "rates":
        second = TimeAndMaterials(
            id=fee.id,
            rate_card=RateCard(
                rates=(
                    Rate(
                        role="engineer",
                        unit=Unit.DAY,
                        price=Money("800.00", "EUR"),
                        effective_from=date(2025, 1, 1),
                    ),
                )
            ),
            start=date(2025, 1, 1),
        )
    else:
        second = attrs.evolve(fee, start=date(2025, 1, 1))
    changed = attrs.evolve(contract, charges=(first, second))
    return attrs.evolve(
        account, contracts=(account.contracts[0], changed, *account.contracts[2:])
    )


def test_versions_of_a_charge_without_rows_below_them_round_trip(tmp_path):
    account = _versioned("fee")
    write_tables([account], tmp_path)
    assert read_tables(tmp_path) == [account]


def test_versions_of_a_charge_with_rows_below_them_are_refused_on_writing():
    with pytest.raises(
        ValidationError,
        match=r"to_tables\.accounts: id 'NW-SOW-1-fee' is used twice in one contracts record's contracts\.charges, and rows below name it",
    ):
        to_tables([_versioned("rates")])


def test_rows_below_a_charge_whose_id_is_used_twice_are_reported(folder):
    path = folder / "contracts.charges.csv"
    rows = _rows(path)
    _write(path, [*rows, rows[1]])  # NW-SOW-1-fee twice
    _write(
        folder / "contracts.charges.rates.csv",
        [
            [
                "account",
                "contracts.id",
                "contracts.charges.id",
                "role",
                "unit",
                "price",
                "price.currency",
                "effective_from",
            ],
            [
                "northwind",
                "NW-SOW-1",
                "NW-SOW-1-fee",
                "engineer",
                "day",
                "800.00",
                "EUR",
                "2025-01-01",
            ],
        ],
    )
    error = read_tables(folder)[0]
    # the first version takes the rows (and, a fixed fee, has no rate card);
    # the second is where the table cannot tell them apart
    assert [(p.path, p.message[:40]) for p in error.problems] == [
        (
            ("contracts.charges.csv", 2, "rate_card"),
            "unknown field (FixedFee has id, amount, ",
        ),
        (
            ("contracts.charges.csv", len(rows) + 1, "id"),
            "id 'NW-SOW-1-fee' is used twice under th",
        ),
    ]
    assert error.problems[1].message == (
        "id 'NW-SOW-1-fee' is used twice under the same contracts record, and rows "
        "below name it: they could belong to either"
    )


def test_the_first_row_of_a_ragged_file_belongs_to_its_account(folder):
    path = folder / "surveys.csv"
    rows = _rows(path)
    owner = rows[2][0]
    _write(path, [*rows[:2], [*rows[2], "extra"], *rows[3:]])
    found = read_tables(folder)
    assert len(found) == 3
    index = [a.id for a in SAMPLE].index(owner)
    assert [p.path for p in found[index].problems] == [("surveys.csv", 3, "")]
    assert [f for i, f in enumerate(found) if i != index] == [
        a for i, a in enumerate(SAMPLE) if i != index
    ]


def test_malformed_quoting_is_not_csv(folder):
    (folder / "costs.csv").write_text('account,id\nnorthwind,"a"b\n', encoding="utf-8")
    (error, *_) = read_tables(folder)
    assert error.problems[0].path == ("costs.csv", "", "")
    assert error.problems[0].message.startswith("not CSV: ")


def test_read_frames_refuses_an_unknown_column_unless_lenient():
    pd = pytest.importorskip("pandas")
    frames = {name: _frame(rows, name) for name, rows in to_tables(SAMPLE).items()}
    frames["costs"]["note"] = "x"
    error = read_frames(frames)[0]
    assert [p.path for p in error.problems] == [("costs", 1, "note")]
    assert read_frames(frames, strict=False) == SAMPLE
    assert pd is not None


def test_a_frame_reads_percentages_and_lists_of_codes_from_values():
    pytest.importorskip("pandas")
    frames = {name: _frame(rows, name) for name, rows in to_tables(SAMPLE).items()}
    deals = frames["opportunities"]
    deals["probability"] = [int(Decimal(p) * 100) for p in deals["probability"]]
    people = frames["stakeholders"]
    people["roles"] = [
        r.split(";") if isinstance(r, str) else r for r in people["roles"]
    ]
    mapping = {"opportunities": TableMapping(percent=("probability",))}
    assert read_frames(frames, mappings=mapping) == SAMPLE


def test_write_tables_makes_the_folders_it_needs(tmp_path):
    written = write_tables(SAMPLE, tmp_path / "a" / "b")
    assert written[0] == tmp_path / "a" / "b" / "accounts.csv"
    assert read_tables(tmp_path / "a" / "b") == SAMPLE


def test_writing_where_a_file_is_is_a_validation_error(tmp_path):
    (tmp_path / "taken").write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"write_tables\.folder: cannot write in"):
        write_tables(SAMPLE, tmp_path / "taken")


def test_to_tables_checks_what_an_iterator_gives():
    with pytest.raises(
        ValidationError, match=r"to_tables\.accounts\[1\]: expected an Account, got str"
    ):
        to_tables(iter([SAMPLE[0], "x"]))


def test_a_percentage_held_as_a_binary_float_is_refused():
    pytest.importorskip("pandas")
    frames = {name: _frame(rows, name) for name, rows in to_tables(SAMPLE).items()}
    deals = frames["opportunities"]
    deals["probability"] = [float(Decimal(p) * 100) for p in deals["probability"]]
    mapping = {"opportunities": TableMapping(percent=("probability",))}
    error = read_frames(frames, mappings=mapping)[0]
    assert error.problems[0].path == ("opportunities", 0, "probability")
    assert "binary float" in error.problems[0].message


def test_a_table_of_several_kinds_of_record_needs_its_type_column(folder):
    _drop(folder / "contracts.charges.csv", "type")
    error = read_tables(folder)[0]
    assert ("contracts.charges.csv", 1, "type") in [p.path for p in error.problems]
    assert "required column is missing" in [p.message for p in error.problems]


def test_each_account_is_placed_at_its_row_of_accounts():
    places = [place for place, _ in located_tables(sample_tables())]
    assert places == ["accounts.csv:2", "accounts.csv:3", "accounts.csv:4"]


def test_a_mapping_must_be_a_table_mapping(folder):
    with pytest.raises(ValidationError) as info:
        read_tables(folder, mappings={"invoices": {"file": "x.csv"}})
    assert str(info.value) == (
        "read_tables.mappings.invoices: expected a TableMapping, got dict"
    )


def test_read_frames_refuses_what_is_not_a_frame():
    with pytest.raises(ValidationError) as info:
        read_frames({"accounts": [{"id": "a"}]})
    assert str(info.value) == (
        "read_frames.frames.accounts: expected a pandas DataFrame, got list"
    )


def test_an_empty_cell_of_another_kinds_text_field_stands_for_nothing(tmp_path):
    """A pool credit's category is text without a default, so its empty cell is
    the empty text; on a flat credit's row of the same table it is a field the
    flat credit does not have, and reads as nothing (found by the round trip
    once levels drew every kind of rule)."""
    account = SAMPLE[0]
    agreement = account.service[0]
    first, second, *rest = agreement.levels
    pool = attrs.evolve(
        first,
        rule=PoolAllocationCredit(
            category="", category_allocation="0.5", allocation="0.2"
        ),
    )
    flat = attrs.evolve(second, rule=FlatCredit(rate="0.01"))
    changed = attrs.evolve(
        account,
        service=(
            attrs.evolve(agreement, levels=(pool, flat, *rest)),
            *account.service[1:],
        ),
    )
    write_tables([changed], tmp_path)
    assert read_tables(tmp_path) == [changed]
    column = next(
        c
        for t in table_layout()
        if t.name == "service.levels"
        for c in t.columns
        if c.name == "rule.category"
    )
    assert (column.blank, column.kind_path, column.kinds) == (
        "empty",
        ("rule", "type"),
        frozenset({"pool_allocation_credit"}),
    )


def test_a_carriage_return_in_a_cell_is_quoted_and_read_back(tmp_path):
    """A bare "\\r" is not quoted by the csv module when lines end in "\\n",
    and a reader ends the row there; its row is written fully quoted."""
    account = SAMPLE[0]
    contract = attrs.evolve(account.contracts[0], title="Master\rservices")
    changed = attrs.evolve(account, contracts=(contract, *account.contracts[1:]))
    write_tables([changed], tmp_path)
    assert read_tables(tmp_path) == [changed]
    lines = (tmp_path / "contracts.csv").read_bytes().decode("utf-8").split("\n")
    assert lines[1].startswith('"northwind","NW-MSA","Master\rservices","msa"')
    assert lines[2].startswith("northwind,NW-SOW-1,Managed service desk,sow")
