import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from accountkit.account import review, sample_portfolio
from accountkit.cli import _progress, main
from accountkit.serialization import to_json


def test_command_requires_a_subcommand():
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


def test_python_dash_m_runs_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "accountkit", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("accountkit ")


# --- accountkit review -----------------------------------------------------------------


def test_review_of_the_sample_portfolio(capsys):
    """The summary lists the accounts worst first with their currencies:
    Contoso red, Northwind amber (its critical availability level failed in
    June), Fabrikam green."""
    assert main(["review", "--sample"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Portfolio review: 3 accounts as of 30 June 2026"
    summary = [line.split()[:5] for line in lines[3:6]]
    assert summary == [
        ["Contoso", "Health", "GBP", "30.2", "[R]"],
        ["Northwind", "Logistics", "EUR", "81.5", "[A]"],
        ["Fabrikam", "Retail", "USD", "97.2", "[G]"],
    ]
    contoso = out[out.index("Contoso Health - review as of") :]
    assert (
        "now         escalations    critical escalation CH-E1 open 18 days" in contoso
    )


def test_review_as_json_carries_its_schema_version(capsys):
    assert (
        main(["review", "--sample", "--format", "json", "--as-of", "2026-03-31"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert sorted(data) == ["as_of", "not_reviewed", "reviews", "schema_version"]
    assert (data["schema_version"], data["as_of"], data["not_reviewed"]) == (
        "1",
        "2026-03-31",
        [],
    )
    reviews = data["reviews"]
    assert [item["account"] for item in reviews] == ["northwind", "contoso", "fabrikam"]
    assert {item["as_of"] for item in reviews} == {"2026-03-31"}
    expected = [
        review(account, as_of=date(2026, 3, 31)) for account in sample_portfolio()
    ]
    assert reviews == json.loads(to_json(expected))


def test_review_of_one_account_file(tmp_path, capsys):
    path = tmp_path / "fabrikam.json"
    path.write_text(to_json(sample_portfolio()[2]), encoding="utf-8")
    assert main(["review", str(path), "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Fabrikam Retail - review as of 30 June 2026, in USD\n")


def _run(*argv):
    return subprocess.run(
        [sys.executable, "-m", "accountkit", *argv],
        capture_output=True,
        text=True,
        check=False,
    )


def test_review_of_a_bad_file_lists_problems_by_path_and_exits_2(tmp_path):
    path = tmp_path / "accounts.json"
    path.write_text(
        '[{"id": "x", "name": "X", "currency": "EUR", "invoices": [{"id": 3}]}]'
    )
    result = _run("review", str(path), "--as-of", "2026-06-30")
    assert result.returncode == 2
    assert "$[0].invoices[0].id: expected a string" in result.stderr
    assert "$[0].invoices[0].amount: required field is missing" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_one_broken_account_does_not_stop_the_others(tmp_path):
    """Northwind and Fabrikam are reviewed; Contoso, whose first invoice has
    lost its amount, is listed with its problem; the exit status is 3."""
    data = json.loads(to_json(sample_portfolio()))
    del data[1]["invoices"][0]["amount"]
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = _run("review", str(path), "--as-of", "2026-06-30")
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        "accountkit: 1 of 3 accounts could not be reviewed:",
        "  $[1].invoices[0].amount: required field is missing",
    ]
    assert result.stdout.startswith("Portfolio review: 2 accounts as of 30 June 2026")
    assert "Northwind Logistics - review as of" in result.stdout
    assert "Fabrikam Retail - review as of" in result.stdout
    assert "Contoso" not in result.stdout
    as_json = _run("review", str(path), "--as-of", "2026-06-30", "--format", "json")
    assert as_json.returncode == 3
    document = json.loads(as_json.stdout)
    assert [r["account"] for r in document["reviews"]] == ["northwind", "fabrikam"]
    assert document["not_reviewed"] == [
        {"path": "$[1].invoices[0].amount", "message": "required field is missing"}
    ]


def test_a_repeated_account_id_is_refused_at_its_path(tmp_path):
    data = json.loads(to_json(sample_portfolio()))
    data[2]["id"] = "northwind"
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = _run("review", str(path), "--as-of", "2026-06-30")
    assert result.returncode == 3
    assert (
        "  $[2].id: account id 'northwind' is used twice ($[0] and here)"
        in result.stderr.splitlines()
    )


CRM_EXPORT = Path(__file__).resolve().parent.parent / "docs" / "crm-export.json"


def test_a_crm_export_loads_in_one_run_with_lenient(capsys):
    """docs/crm-export.json: amounts as JSON numbers, null sections, date-times
    at midnight, extra fields, a lowercase currency. Leniently it loads; its
    health rests on the three financial measures (10 + 6.67 + 6.67 of 100
    points of weight = 23 %), below the 50 % a colour needs."""
    assert main(["review", str(CRM_EXPORT), "--as-of", "2026-06-30", "--lenient"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Globex Manufacturing - review as of 30 June 2026, in EUR"
    assert out[2] == (
        "Colour [-] no colour: insufficient data: the health score rests on 23% of "
        "its weight, below the 50% a colour needs"
    )
    assert "  escalations     not recorded" in out
    assert "  growth          not recorded" in out


def test_a_crm_export_lists_every_problem_in_strict_mode(capsys):
    """Without --lenient, every habit is one problem at its path, in one run:
    3 date-times in the contract, 2 in each of 6 invoices, 1 extra field in
    the contract, 1 in each invoice, 2 on the account, and its currency: 25."""
    assert main(["review", str(CRM_EXPORT), "--as-of", "2026-06-30"]) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[:2] == ["accountkit: invalid input:", "25 problems:"]
    assert (
        "  $[0].invoices[5].due_on: expected an ISO 8601 date (YYYY-MM-DD), got "
        "string '2026-07-01T00:00:00Z'; a date-time at midnight is read as its day "
        "with --lenient"
    ) in lines
    assert (
        "  $[0].currency: unknown currency code 'eur' (expected an ISO 4217 code "
        "such as 'EUR'); did you mean 'EUR'? It is accepted with --lenient."
    ) in lines
    assert sum("ignored with --lenient" in line for line in lines) == 9
    assert "strict=False" not in err


def test_review_of_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["review", str(tmp_path / "none.json"), "--as-of", "2026-06-30"]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["review"],
        ["review", "a.json", "--sample"],
        ["review", "--sample", "--as-of", "30/06/2026"],
    ],
)
def test_review_refuses_unclear_arguments(argv):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_for_portfolios():
    shown, hidden, small = _Terminal(), io.StringIO(), _Terminal()
    for done in range(1, 11):
        _progress(done, 10, shown)
        _progress(done, 10, hidden)
    _progress(1, 3, small)
    assert shown.getvalue().endswith(
        "\rreviewing [##############################] 10/10\n"
    )
    assert "[###---------------------------] 1/10" in shown.getvalue()
    assert hidden.getvalue() == ""
    assert small.getvalue() == ""


def test_the_readme_shows_what_the_review_prints(capsys):
    """Each excerpt of the README's Quickstart output is printed as shown."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    shown = readme.split("```text\n", 1)[1].split("```", 1)[0]
    assert main(["review", "--sample"]) == 0
    out = capsys.readouterr().out
    excerpts = [part.strip("\n") for part in shown.split("...") if part.strip()]
    assert len(excerpts) == 2
    for excerpt in excerpts:
        assert excerpt in out


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_review_day_at_the_calendar_edge_exits_2_without_a_traceback(day):
    result = _run("review", "--sample", "--as-of", day)
    assert result.returncode == 2
    assert result.stderr == (
        f"accountkit: --as-of {day} is out of the supported date range "
        "(0002-01-01 to 9998-12-31)\n"
    )
    assert result.stdout == ""


def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    """The size is checked before anything is read (a 10-byte limit here)."""
    monkeypatch.setattr("accountkit.cli.MAX_INPUT_BYTES", 10)
    path = tmp_path / "big.json"
    path.write_text('{"id": "a", "name": "A", "currency": "EUR"}', encoding="utf-8")
    assert main(["review", str(path), "--as-of", "2026-06-30"]) == 2


def test_a_junk_file_stops_at_the_problem_cap(tmp_path, capsys):
    """3,000 junk objects of 4 problems each (id, name and currency missing,
    x unknown): after 250 objects there are 1,000, so the 251st ($[250]) is
    reported as not read, the rest are left, and the command exits 2."""
    path = tmp_path / "junk.json"
    path.write_text("[" + ", ".join(['{"x": 1}'] * 3000) + "]", encoding="utf-8")
    assert main(["review", str(path), "--as-of", "2026-06-30"]) == 2
    err = capsys.readouterr().err
    assert (
        "$[250]: not read: 1,000 problems were found before this account (at most "
        "1,000 are collected); fix those and read the document again"
    ) in err


BAD_FILES = [
    (b"", "$: malformed JSON: Expecting value at line 1 column 1"),
    (b"\xff\xfe{}", "$: the text is not UTF-8: byte 0xff at offset 0"),
    (b"[" * 100_000, "$: arrays and objects are nested too deeply to read"),
    (b"1" * 10_000, "$: malformed JSON: a number has more than"),
    (b'"an account"', "$: expected an account (an object) or a portfolio"),
    (b'{"id": "a", "id": "b"}', "$: malformed JSON: duplicate key 'id'"),
    (b'{"id": "a", "name": "A", "currency": NaN}', "$: malformed JSON: NaN"),
    (b'[{"id": 1}]', "$[0].id: expected a string, got whole number 1"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_a_bad_file_exits_2_with_its_path_and_no_traceback(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = _run("review", str(path), "--as-of", "2026-06-30")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
