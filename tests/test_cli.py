import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from accountkit.account import sample_portfolio
from accountkit.cli import _progress, main
from accountkit.serialization import to_json


def test_demo_over_the_sample_ledger(capsys):
    """Figures worked by hand from src/accountkit/data/sample_ledger.json.

    Northwind: Q1 = 3 x 41,250.00 = 123,750.00; Q2 = 3 x 43,312.50 = 129,937.50;
    billed 253,687.50. The EUR 1,000.00 credit is 100,000 cents spread by billed
    amount: a January share is 100,000 x 41,250 / 253,687.5 = 16,260.16 cents, an
    April share 17,073.17. Floors 3 x 16,260 + 3 x 17,073 = 99,999 leave one
    cent, which goes to the largest remainder (0.17, April, first of three):
    162.60 x 3, 170.74, 170.73, 170.73.
    Tailspin: JPY 100,000 in three equal parts: 33,334, 33,333, 33,333.
    """
    assert main(["demo"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "accountkit demo: billing ledger of 3 accounts"
    northwind = out[out.index("Northwind Logistics (EUR)") :]
    assert [line.split() for line in northwind[1:4]] == [
        ["2026", "Q1", "EUR", "123,750.00"],
        ["2026", "Q2", "EUR", "129,937.50"],
        ["billed", "EUR", "253,687.50"],
    ]
    spread = [line.split()[-1] for line in northwind[5:11]]
    assert spread == ["162.60", "162.60", "162.60", "170.74", "170.73", "170.73"]
    tailspin = out[out.index("Tailspin Air (JPY)") :]
    assert [line.split()[-1] for line in tailspin[4:7]] == [
        "33,334",
        "33,333",
        "33,333",
    ]
    contoso = out[out.index("Contoso Bank (GBP)") :]
    assert contoso[3].split() == ["billed", "GBP", "180,000.00"]


def _write_ledger(tmp_path, *, billed_in: str, credit_amount: str | None) -> str:
    """Write a one-account EUR ledger with one bill and an optional credit."""
    account = {
        "name": "Odd",
        "currency": "EUR",
        "billing": [
            {
                "period": {"start": "2026-01-01", "end": "2026-02-01"},
                "amount": {"amount": "10", "currency": billed_in},
            },
        ],
    }
    if credit_amount is not None:
        account["service_credit"] = {"amount": credit_amount, "currency": "EUR"}
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps({"accounts": [account]}), encoding="utf-8")
    return str(path)


def test_demo_reports_every_problem_in_a_bad_ledger(tmp_path, capsys):
    path = _write_ledger(tmp_path, billed_in="USD", credit_amount="1.0.0")
    assert main(["demo", path]) == 2
    err = capsys.readouterr().err
    assert "$.accounts[0].service_credit.amount: not a decimal number: '1.0.0'" in err


def test_demo_names_a_currency_clash_with_its_path(tmp_path, capsys):
    path = _write_ledger(tmp_path, billed_in="USD", credit_amount=None)
    assert main(["demo", path]) == 2
    err = capsys.readouterr().err
    assert (
        "$.accounts[0].billing[0].amount: billed in USD, but the account bills in EUR"
        in err
    )


def test_demo_reports_a_missing_file(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


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
    """The summary lists the three sample accounts with their RAG marks; the
    Contoso review leads with what the sample data makes urgent."""
    assert main(["review", "--sample"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Portfolio review: 3 accounts as of 2026-06-30"
    summary = [line.split()[:2] for line in lines[3:6]]
    assert summary == [
        ["Northwind", "Logistics"],
        ["Contoso", "Health"],
        ["Fabrikam", "Retail"],
    ]
    assert "[R]" in lines[4]
    assert "[G]" in lines[5]
    contoso = out[out.index("Contoso Health (contoso)") :]
    assert (
        "now         escalations    critical escalation CH-E1 open 18 days" in contoso
    )


def test_review_as_json_is_the_account_review(capsys):
    assert (
        main(["review", "--sample", "--format", "json", "--as-of", "2026-03-31"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert [item["account"] for item in data] == ["northwind", "contoso", "fabrikam"]
    assert {item["as_of"] for item in data} == {"2026-03-31"}
    assert all(item["health"]["band"] in {"red", "amber", "green"} for item in data)


def test_review_of_one_account_file(tmp_path, capsys):
    path = tmp_path / "fabrikam.json"
    path.write_text(to_json(sample_portfolio()[2]), encoding="utf-8")
    assert main(["review", str(path), "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Fabrikam Retail (fabrikam) - review as of 2026-06-30, USD")


def test_review_of_a_bad_file_lists_problems_by_path_and_exits_2(tmp_path):
    path = tmp_path / "accounts.json"
    path.write_text(
        '[{"id": "x", "name": "X", "currency": "EUR", "invoices": [{"id": 3}]}]'
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "accountkit",
            "review",
            str(path),
            "--as-of",
            "2026-06-30",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "$[0].invoices[0].id: expected a string" in result.stderr
    assert "$[0].invoices[0].amount: required field is missing" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


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
