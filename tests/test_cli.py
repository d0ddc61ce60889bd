import csv as csv_module
import io
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from accountkit import cli
from accountkit.account import PortfolioSummary, review, sample_portfolio
from accountkit.cli import _Progress, main
from accountkit.serialization import to_dict, to_json
from accountkit.tables import sample_tables
from builders import unknown_override


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
    June), Fabrikam green; Contoso's review shows its delivery area."""
    assert main(["review", "--sample"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Portfolio review: 3 accounts as of 30 June 2026"
    summary = [line.split()[:5] for line in lines[3:6]]
    assert summary == [
        ["Contoso", "Health", "GBP", "31.8", "[R]"],
        ["Northwind", "Logistics", "EUR", "81.5", "[A]"],
        ["Fabrikam", "Retail", "USD", "97.2", "[G]"],
    ]
    contoso = out[out.index("Contoso Health - review as of") :]
    assert (
        "now         escalations    critical escalation CH-E1 open 18 days" in contoso
    )
    assert (
        "this month  delivery       client P&L margin 8.93% this year, 6.07 points "
        "below the plan's 15.00%"
    ) in contoso
    assert "  delivery        utilisation 80.91%, realisation 105.30% since" in contoso


def test_review_as_json_carries_its_schema_version(capsys):
    assert (
        main(["review", "--sample", "--format", "json", "--as-of", "2026-03-31"]) == 0
    )
    text = capsys.readouterr().out
    data = json.loads(text)
    assert sorted(data) == [
        "as_of",
        "not_reviewed",
        "reviews",
        "schema_version",
        "summary",
    ]
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
    assert data["summary"] == json.loads(to_json(PortfolioSummary.of(expected)))
    # written a review at a time, and exactly what json.dumps writes of it all
    assert text == to_json(data, indent=2) + "\n"


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
    health rests on the three financial measures (10 + 6.67 + 6.67 of the
    scorecard's 115 points of weight = 20 %), below the 50 % a colour needs."""
    assert main(["review", str(CRM_EXPORT), "--as-of", "2026-06-30", "--lenient"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Globex Manufacturing - review as of 30 June 2026, in EUR"
    assert out[2] == (
        "Colour [-] no colour: insufficient data: the health score rests on 20% of "
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


def test_the_progress_line_counts_accounts_and_their_rate():
    """Redrawn at most every PROGRESS_EVERY seconds, and once more at the end;
    the clock starts at 100 s, so only differences from the start count."""
    shown = io.StringIO()
    ticks = iter([100.0, 100.1, 100.5, 100.6, 101.0, 102.0])
    line = _Progress(shown, clock=lambda: next(ticks))
    line.update(10)  # at 0.1 s: the first draw
    line.update(20)  # at 0.5 s: 0.4 s later, not drawn
    line.update(30)  # at 0.6 s: 0.5 s later, drawn
    line.update(40)  # at 1.0 s: not drawn
    line.close()  # at 2.0 s
    assert shown.getvalue() == (
        "\rreviewed 10 accounts (100 a second)"
        "\rreviewed 30 accounts (50 a second)"
        "\rreviewed 40 accounts (20 a second)\n"
    )


def test_a_progress_line_closed_at_once_shows_nothing_done():
    shown = io.StringIO()
    line = _Progress(shown, clock=lambda: 5.0)
    line.close()  # no time has passed: no rate to divide by
    assert shown.getvalue() == "\rreviewed 0 accounts (0 a second)\n"


def test_the_readme_shows_what_the_review_prints(capsys):
    """Each excerpt of the README's Quickstart output is printed as shown."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    shown = readme.split("```text\n", 1)[1].split("```", 1)[0]
    assert main(["review", "--sample"]) == 0
    out = capsys.readouterr().out
    excerpts = [part.strip("\n") for part in shown.split("...") if part.strip()]
    assert len(excerpts) == 3
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


def test_an_account_longer_than_the_limit_is_refused_and_the_rest_reviewed(
    tmp_path, monkeypatch, capsys
):
    """A 60-character limit: the long line is reported, the others reviewed."""
    monkeypatch.setattr("accountkit.serialization.MAX_ACCOUNT_CHARACTERS", 60)
    path = tmp_path / "accounts.jsonl"
    path.write_text(
        '{"id": "a", "name": "A", "currency": "EUR"}\n'
        '{"id": "b", "name": "' + "B" * 60 + '", "currency": "EUR"}\n',
        encoding="utf-8",
    )
    assert main(["review", str(path), "--as-of", "2026-06-30"]) == 3
    captured = capsys.readouterr()
    assert captured.out.startswith("A - review as of 30 June 2026, in EUR\n")
    assert captured.err == (
        "accountkit: 1 of 2 accounts could not be reviewed:\n"
        "  line 2: $: line 2 is longer than 60 characters, the most one account "
        "may be; it was not read\n"
    )


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


# --- streams: JSON Lines, standard input, --output, --workers ---------------------

DAY = date(2026, 6, 30)


def _sample_lines() -> str:
    return "".join(to_json(account) + "\n" for account in sample_portfolio())


def _reviewed_lines() -> list[str]:
    return [to_json(review(a, as_of=DAY)) for a in sample_portfolio()]


def test_json_lines_in_and_out_one_review_a_line(tmp_path, capsys):
    path = tmp_path / "accounts.jsonl"
    path.write_text(_sample_lines(), encoding="utf-8")
    assert (
        main(["review", str(path), "--as-of", "2026-06-30", "--format", "jsonl"]) == 0
    )
    assert capsys.readouterr().out.splitlines() == _reviewed_lines()


@pytest.mark.parametrize("form", ["lines", "array"])
def test_standard_input_is_read_in_either_form(form):
    text = _sample_lines() if form == "lines" else to_json(sample_portfolio())
    argv = ["review", "-", "--as-of", "2026-06-30", "--format", "jsonl"]
    result = subprocess.run(
        [sys.executable, "-m", "accountkit", *argv],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == _reviewed_lines()


def test_output_goes_to_the_file_named(tmp_path, capsys):
    out = tmp_path / "reviews.jsonl"
    assert main(["review", "--sample", "--format", "jsonl", "--output", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8").splitlines() == _reviewed_lines()


def test_an_unwritable_output_exits_2_without_a_traceback(tmp_path, capsys):
    out = tmp_path / "no-such-folder" / "reviews.jsonl"
    assert main(["review", "--sample", "--output", str(out)]) == 2
    assert capsys.readouterr().err == (
        "accountkit: cannot write: No such file or directory\n"
    )


def test_workers_give_the_same_output_as_one_process(tmp_path, capsys, monkeypatch):
    """Blocks of one account, so that the three go to the worker processes."""
    monkeypatch.setattr("accountkit.cli.BLOCK", 1)
    started: list[int] = []
    real = cli.ProcessPoolExecutor

    def pool(max_workers):
        started.append(max_workers)
        return real(max_workers=max_workers)

    monkeypatch.setattr(cli, "ProcessPoolExecutor", pool)
    path = tmp_path / "accounts.jsonl"
    path.write_text(_sample_lines(), encoding="utf-8")
    argv = ["review", str(path), "--as-of", "2026-06-30", "--format", "json"]
    assert main([*argv, "--workers", "1"]) == 0
    alone = capsys.readouterr().out
    assert started == []  # one worker: no pool
    assert main([*argv, "--workers", "2"]) == 0
    assert started == [2]
    assert capsys.readouterr().out == alone


@pytest.mark.parametrize("value", ["0", "x", "1025", "-1"])
def test_a_bad_worker_count_is_refused(value, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["review", "--sample", "--workers", value])
    assert caught.value.code == 2
    assert (
        f"argument --workers: expected a whole number from 1 to 1024, got {value!r}"
        in capsys.readouterr().err
    )


def test_a_bad_line_is_named_by_its_number_and_the_rest_reviewed(tmp_path, capsys):
    lines = _sample_lines().splitlines()
    lines.insert(1, '{"id": "x", "name": "X", "currency": "EUX"}')
    lines.insert(3, "{not json")
    path = tmp_path / "accounts.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = ["review", str(path), "--as-of", "2026-06-30", "--format", "jsonl"]
    assert main(argv) == 3
    captured = capsys.readouterr()
    assert captured.out.splitlines() == _reviewed_lines()
    assert captured.err == (
        "accountkit: 2 of 5 accounts could not be reviewed:\n"
        "  line 2: $.currency: unknown currency code 'EUX' (expected an ISO 4217 "
        "code such as 'EUR')\n"
        "  line 4: $: malformed JSON: Expecting property name enclosed in double "
        "quotes at column 2\n"
    )


def test_an_account_that_cannot_be_reviewed_is_named_by_its_line(tmp_path, capsys):
    """The override names a measure the scorecard lacks: the review fails."""
    bad = json.loads(to_json(sample_portfolio()[2]))
    bad["id"] = "bad"
    bad["overrides"] = [to_dict(unknown_override())]
    path = tmp_path / "accounts.jsonl"
    path.write_text(_sample_lines() + json.dumps(bad) + "\n", encoding="utf-8")
    argv = ["review", str(path), "--as-of", "2026-06-30", "--format", "json"]
    assert main(argv) == 3
    captured = capsys.readouterr()
    assert captured.err == (
        "accountkit: 1 of 4 accounts could not be reviewed:\n"
        "  line 4: $.overrides[0].target: no measure or group 'nope' in the "
        "scorecard\n"
    )
    data = json.loads(captured.out)
    assert data["not_reviewed"] == [
        {
            "path": "line 4: $.overrides[0].target",
            "message": "no measure or group 'nope' in the scorecard",
        }
    ]
    assert (data["summary"]["reviewed"], data["summary"]["not_reviewed"]) == (3, 1)
    assert captured.out == to_json(data, indent=2) + "\n"


def test_no_review_at_all_still_writes_the_document_json_would(tmp_path, capsys):
    path = tmp_path / "one.json"
    bad = json.loads(to_json(sample_portfolio()[0]))
    bad["overrides"] = [to_dict(unknown_override())]
    path.write_text(json.dumps([bad]), encoding="utf-8")
    assert main(["review", str(path), "--as-of", "2026-06-30", "--format", "json"]) == 3
    text = capsys.readouterr().out
    data = json.loads(text)
    assert (data["reviews"], data["summary"]["reviewed"]) == ([], 0)
    assert text == to_json(data, indent=2) + "\n"


def test_an_array_broken_midway_reviews_what_was_read_and_says_where_it_stopped(
    tmp_path, capsys
):
    text = to_json(sample_portfolio()[:2])[:-1] + ", {oops"
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    argv = ["review", str(path), "--as-of", "2026-06-30", "--format", "jsonl"]
    assert main(argv) == 3
    captured = capsys.readouterr()
    assert captured.out.splitlines() == _reviewed_lines()[:2]
    assert captured.err == (
        "accountkit: 2 accounts reviewed; reading stopped before the end of the "
        "input:\n"
        f"  $: malformed JSON: Expecting property name enclosed in double quotes "
        f"at line 1 column {len(text) - 3}\n"
    )


def test_progress_shows_on_a_terminal_unless_told_not_to(monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["review", "--sample", "--format", "jsonl"]) == 0
    assert terminal.getvalue().startswith("\rreviewed 1 accounts (")
    assert terminal.getvalue().endswith("\n")
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main(["review", "--sample", "--format", "jsonl", "--no-progress"]) == 0
    assert quiet.getvalue() == ""
    capsys.readouterr()


@pytest.mark.parametrize("day", ["0002-01-01", "9998-12-31"])
def test_the_first_and_last_supported_days_are_reviewed(day, capsys):
    assert main(["review", "--sample", "--as-of", day, "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["as_of"] for line in lines] == [day] * 3


def test_a_bad_day_is_echoed_up_to_40_characters(capsys):
    with pytest.raises(SystemExit):
        main(["review", "--sample", "--as-of", "x" * 50])
    err = capsys.readouterr().err
    assert f"expected a date as YYYY-MM-DD, got {'x' * 40!r}" in err


def test_the_summary_counts_what_the_problem_cap_left_unread(tmp_path, capsys):
    """One good account, then 260 junk objects of 4 problems each: after 250
    of them there are 1,000 problems, the 251st is 'not read' and reading
    stops. Not reviewed: 250 junk and the one not read."""
    good = to_json(sample_portfolio()[2])
    path = tmp_path / "junk.json"
    path.write_text("[" + ", ".join([good] + ['{"x": 1}'] * 260) + "]", "utf-8")
    argv = ["review", str(path), "--as-of", "2026-06-30", "--format", "json"]
    assert main(argv) == 3
    captured = capsys.readouterr()
    summary = json.loads(captured.out)["summary"]
    assert (summary["reviewed"], summary["not_reviewed"]) == (1, 251)
    assert "$[251]: not read: 1,000 problems were found before this account" in (
        captured.err
    )


# --- tables in and out (issue 16) ----------------------------------------------------


def test_review_of_a_folder_of_tables_is_the_review_of_the_json_sample(capsys):
    folder = str(sample_tables())
    assert main(["review", folder, "--as-of", "2026-06-30", "--format", "jsonl"]) == 0
    from_tables = capsys.readouterr().out
    assert main(["review", "--sample", "--format", "jsonl"]) == 0
    assert from_tables == capsys.readouterr().out


def test_review_as_csv_prints_the_portfolio_table(capsys):
    assert main(["review", "--sample", "--format", "csv"]) == 0
    rows = list(csv_module.DictReader(io.StringIO(capsys.readouterr().out)))
    reviewed = [to_dict(review(a, as_of=date(2026, 6, 30))) for a in sample_portfolio()]
    assert [r["account"] for r in rows] == [p["account"] for p in reviewed]
    for row, plain in zip(rows, reviewed, strict=True):
        assert row["open"] == plain["receivables"]["open"]["amount"]
        assert row["band"] == plain["band"]
        assert row["as_of"] == "2026-06-30"


def test_review_as_csv_into_a_folder_writes_every_table(tmp_path, capsys):
    assert main(["review", "--sample", "--format", "csv", "-o", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert {"portfolio.csv", "flags.csv", "aged_debt.csv", "service.csv"} <= set(names)
    assert capsys.readouterr().out == ""


def test_review_as_a_workbook_needs_an_output_file(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["review", "--sample", "--format", "xlsx"])
    assert info.value.code == 2
    assert (
        "--format xlsx writes a workbook: give --output FILE" in capsys.readouterr().err
    )
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "review.xlsx"
    assert main(["review", "--sample", "--format", "xlsx", "-o", str(target)]) == 0
    sheet = openpyxl.load_workbook(target)["portfolio"]
    assert [c.value for c in sheet["A"]][1:] == ["northwind", "contoso", "fabrikam"]


def test_review_of_a_folder_reports_each_problem_at_its_cell(tmp_path, capsys):
    folder = tmp_path / "tables"
    shutil.copytree(sample_tables(), folder)
    costs = folder / "costs.csv"
    costs.write_text(
        costs.read_text(encoding="utf-8").replace("\nnorthwind,", "\nnobody,", 1),
        encoding="utf-8",
    )
    invoices = folder / "invoices.csv"
    text = invoices.read_text(encoding="utf-8")
    invoices.write_text(text.replace(",40000.00,", ",40k,", 1), encoding="utf-8")
    code = main(["review", str(folder), "--as-of", "2026-06-30", "--format", "jsonl"])
    captured = capsys.readouterr()
    assert code == cli.EXIT_SOME_NOT_REVIEWED
    assert "costs.csv:2:account: no account 'nobody' in accounts" in captured.err
    assert "invoices.csv:2:amount: not a decimal number: '40k'" in captured.err
    reviewed = [json.loads(line)["account"] for line in captured.out.splitlines()]
    assert reviewed == ["contoso", "fabrikam"]


def test_review_of_a_folder_with_a_mapping_and_a_date_format(tmp_path, capsys):
    folder = tmp_path / "tables"
    shutil.copytree(sample_tables(), folder)
    (folder / "surveys.csv").rename(folder / "nps_export.csv")
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"surveys": {"file": "nps_export.csv"}}', encoding="utf-8")
    args = ["review", str(folder), "--as-of", "2026-06-30", "--format", "jsonl"]
    assert main([*args, "--mapping", str(mapping)]) == 0
    mapped = capsys.readouterr().out
    assert main(["review", "--sample", "--format", "jsonl"]) == 0
    assert mapped == capsys.readouterr().out
    dated = [*args, "--mapping", str(mapping), "--date-format", "%d/%m/%Y"]
    assert main(dated) == cli.EXIT_INVALID_INPUT
    err = capsys.readouterr().err
    assert "expected a date written as '%d/%m/%Y', got '2023-11-20'" in err


def test_review_as_a_workbook_without_openpyxl_says_how_to_install_it(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(SystemExit) as info:
        main(["review", "--sample", "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--format xlsx needs openpyxl; install it with" in err
    assert "pip install 'accountkit[excel]'" in err
    assert not (tmp_path / "r.xlsx").exists()


def test_the_sample_portfolio_totals_are_given_in_euros(capsys):
    """The sample's rates (1 EUR = 1.0850 USD = 0.8550 GBP), by hand: billed to
    date is EUR 330,000.00 (Northwind) + GBP 372,000.00 / 0.8550 (435,087.72)
    + USD 510,000.00 / 1.0850 (470,046.08) = EUR 1,235,133.80."""
    assert main(["review", "--sample"]) == 0
    out = capsys.readouterr().out
    assert (
        "Totals in EUR, each other currency converted once:\n"
        "  GBP at EUR/GBP 0.8550 on 2026-06-30 (illustrative reference rate), inverse\n"
        "  USD at EUR/USD 1.0850 on 2026-06-30 (illustrative reference rate), inverse\n"
    ) in out
    assert "  billed to date             EUR 1,235,133.80         3\n" in out


def test_totals_in_another_currency_from_a_rate_file(tmp_path, capsys):
    """USD through the pivot: the GBP total goes GBP -> USD by cross rate."""
    rates = tmp_path / "rates.json"
    rates.write_text(
        json.dumps(
            {
                "pivot": "EUR",
                "rates": [
                    {
                        "base": "EUR",
                        "quote": "USD",
                        "rate": "1.0850",
                        "on": "2026-06-30",
                    },
                    {
                        "base": "EUR",
                        "quote": "GBP",
                        "rate": "0.8550",
                        "on": "2026-06-30",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    assert (
        main(
            [
                "review",
                "--sample",
                "--rates",
                str(rates),
                "--currency",
                "usd",
                "--format",
                "json",
            ]
        )
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    totals = {t["measure"]: t for t in document["totals_in"]}
    assert totals["billed_to_date"]["amount"]["currency"] == "USD"
    routes = {
        c["amount"]["currency"]: c["quote"]["legs"]
        for c in totals["billed_to_date"]["conversions"]
    }
    assert sorted(routes) == ["EUR", "GBP"]
    assert len(routes["GBP"]) == 2  # a cross rate: two legs


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--rates", "missing.json"], "accountkit: --rates: No such file or directory"),
    ],
)
def test_rates_that_cannot_be_used_are_refused(
    arguments, said, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    portfolio = tmp_path / "p.json"
    portfolio.write_text(to_json(sample_portfolio()), encoding="utf-8")
    assert main(["review", str(portfolio), "--as-of", "2026-06-30", *arguments]) == 2
    err = capsys.readouterr().err
    assert err.startswith(said)


def test_currency_without_rates_says_what_it_needs(tmp_path, capsys):
    portfolio = tmp_path / "p.json"
    portfolio.write_text(to_json(sample_portfolio()), encoding="utf-8")
    assert (
        main(["review", str(portfolio), "--as-of", "2026-06-30", "--currency", "EUR"])
        == 2
    )
    assert capsys.readouterr().err == (
        "accountkit: --rates: accountkit review.currency: --currency needs a rate "
        "table (--rates FILE)\n"
    )


def test_a_total_without_a_rate_is_refused_and_nothing_is_written(capsys):
    assert main(["review", "--sample", "--currency", "JPY"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no EUR/JPY rate on or before 2026-06-30" in captured.err
