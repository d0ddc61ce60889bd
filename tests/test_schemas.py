"""The shipped JSON Schemas: generated from the models, and they hold for what
accountkit reads and writes."""

import json
from pathlib import Path

import jsonschema
import pytest

from accountkit import ValidationError
from accountkit._json_schema import schema_documents
from accountkit.account import sample_portfolio
from accountkit.cli import main
from accountkit.serialization import (
    SCHEMAS,
    from_dict,
    read_portfolio,
    schema,
    to_dict,
)
from accountkit.tables import TableMapping, read_tables, sample_tables

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "accountkit" / "data" / "sample_portfolio.json"
CRM_EXPORT = ROOT / "docs" / "crm-export.json"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("name", SCHEMAS)
def test_the_shipped_schemas_are_what_the_models_give(name):
    """Fails when a model changed and tools/make_schemas.py was not run."""
    assert schema(name) == schema_documents()[name]


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    jsonschema.Draft202012Validator.check_schema(schema(name))
    assert schema(name)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_sample_portfolio_is_valid():
    data = json.loads(SAMPLE.read_text("utf-8"))
    assert list(_validator("portfolio").iter_errors(data)) == []
    for account in data:
        assert list(_validator("account").iter_errors(account)) == []


def test_the_review_documents_of_the_sample_accounts_are_valid(capsys):
    for day in ("2026-06-30", "2020-01-01"):
        assert main(["review", "--sample", "--format", "json", "--as-of", day]) == 0
        document = json.loads(capsys.readouterr().out)
        assert len(document["reviews"]) == 3
        assert list(_validator("review").iter_errors(document)) == []
        # the sample's rates cover its own day only: totals in EUR then
        assert ("totals_in" in document) is (day == "2026-06-30")


def test_a_document_with_accounts_not_reviewed_is_valid(tmp_path, capsys):
    data = to_dict(sample_portfolio())
    del data[1]["name"]
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["review", str(path), "--format", "json", "--as-of", "2026-06-30"]) == 3
    document = json.loads(capsys.readouterr().out)
    assert document["not_reviewed"] == [
        {"path": "$[1].name", "message": "required field is missing"}
    ]
    assert list(_validator("review").iter_errors(document)) == []


def test_the_schema_refuses_what_strict_reading_refuses():
    """The CRM export breaks the strict shape (date-times, extra fields, a
    lowercase currency); what lenient reading makes of it is valid."""
    export = json.loads(CRM_EXPORT.read_text("utf-8"))
    errors = list(_validator("portfolio").iter_errors(export))
    assert errors
    [outcome] = read_portfolio(CRM_EXPORT.read_bytes())
    assert isinstance(outcome, ValidationError)
    [globex] = read_portfolio(CRM_EXPORT.read_bytes(), strict=False)
    assert list(_validator("account").iter_errors(to_dict(globex))) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"extra": 1}, "extra"),
        ({"currency": "eur"}, "currency"),
        ({"escalations": [{"id": "E"}]}, "escalations"),
        ({"name": None}, "name"),
    ],
)
def test_the_account_schema_refuses_a_bad_account(change, where):
    account = {"id": "a", "name": "A", "currency": "EUR", **change}
    errors = list(_validator("account").iter_errors(account))
    assert errors
    assert any(
        where in json.dumps(list(e.absolute_path)) or where in e.message for e in errors
    )


def test_amounts_are_strings_or_numbers_in_and_strings_out():
    money = schema("account")["$defs"]["Money"]["properties"]["amount"]
    assert [choice["type"] for choice in money["anyOf"]] == ["string", "number"]
    written = schema("review")["$defs"]["Money"]["properties"]["amount"]
    assert written["type"] == "string"


def test_an_unknown_schema_is_named():
    with pytest.raises(
        ValidationError,
        match=r"no schema 'x' \(shipped: account, portfolio, review, mapping\)",
    ):
        schema("x")


def test_each_line_of_the_json_lines_output_is_a_review_of_the_schema(capsys):
    """``--format jsonl`` writes one AccountReview a line: the review
    schema's ``$defs/AccountReview``."""
    review_schema = schema("review")
    line_schema = {
        "$schema": review_schema["$schema"],
        "$ref": "#/$defs/AccountReview",
        "$defs": review_schema["$defs"],
    }
    validator = jsonschema.Draft202012Validator(
        line_schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert main(["review", "--sample", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for line in lines:
        validator.validate(json.loads(line))
    broken = json.loads(lines[0])
    del broken["band"]
    assert not validator.is_valid(broken)


EXPORTS_MAPPING = ROOT / "docs" / "recipes" / "exports" / "mapping.json"


def test_the_example_mapping_is_valid():
    data = json.loads(EXPORTS_MAPPING.read_text("utf-8"))
    assert list(_validator("mapping").iter_errors(data)) == []


@pytest.mark.parametrize(
    ("mapping", "where"),
    [
        ({"invoice": {}}, "invoice"),  # not a table of the layout
        ({"invoices": {"columns": {"id": 3}}}, "3"),  # a column named by a number
        ({"invoices": {"colums": {}}}, "colums"),  # not a field of a mapping
        ({"invoices": {"percent": "probability"}}, "probability"),  # not a list
    ],
)
def test_the_mapping_schema_refuses_what_reading_a_mapping_refuses(mapping, where):
    errors = list(_validator("mapping").iter_errors(mapping))
    assert errors, mapping
    assert where in str(errors[0].message) or where in str(errors[0].path)
    with pytest.raises(ValidationError):
        _read_with(mapping)


def _read_with(mapping: object) -> None:
    """Read the sample's tables through a mapping given as JSON values."""
    read_tables(sample_tables(), mappings=from_dict(dict[str, TableMapping], mapping))
