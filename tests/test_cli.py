import json
import subprocess
import sys

import pytest

from accountkit.cli import main


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
