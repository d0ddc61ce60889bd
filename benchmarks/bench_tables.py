"""Reading accounts from CSV tables against reading the CSV and building the records.

The data: ``--accounts`` accounts with ``--rows`` invoices between them
(1,000,000 by default), written by :func:`accountkit.tables.write_tables` as
``accounts.csv`` and ``invoices.csv`` (the sample's invoices copied under new
ids and days, amounts varied). The same accounts are built three ways, each
checked to equal the others:

1. ``accountkit``: :func:`accountkit.tables.read_tables` on the folder: every
   cell through the JSON reader's rules, every problem at its cell;
2. ``pandas``: ``pandas.read_csv(dtype=str)`` on both files, then the same
   ``Invoice`` and ``Account`` records built from the frame's columns (the
   amounts and days parsed from their text, as the models require);
3. ``polars``: ``polars.read_csv`` with every column as text, then the
   same records (the fastest CSV parser a user would pick);
4. ``csv``: Python's :mod:`csv` module and the same records: the ten lines
   a user would write without either.

Both of the peers build the records the way a user would write it, with the
public constructors, so they pay the models' own validation, and so does
accountkit. The target (issue 16) is accountkit within twice the pandas
path. Every side runs through the shared harness (one thread, warmed up on
the whole data, interleaved, median and best of ``--rounds``, at least
five), and each side's accounts are checked against the generated ones.

Usage: python benchmarks/bench_tables.py [--rows 1000000] [--accounts 1000]
       [--rounds 3]
"""

import argparse
import csv
import sys
import tempfile
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from _timing import compare

import pandas as pd  # isort: skip - after the harness has pinned the threads
import polars as pl  # isort: skip

from accountkit import Money
from accountkit.account import Account, sample_portfolio
from accountkit.finance import Invoice
from accountkit.tables import read_tables, write_tables


def portfolio(rows: int, accounts: int) -> list[Account]:
    """Return ``accounts`` accounts holding ``rows`` invoices between them."""
    template = sample_portfolio()[0]
    base = [i for i in template.invoices or () if i.due_on is not None]
    each = rows // accounts
    found = []
    for number in range(accounts):
        invoices = []
        for k in range(each):
            model = base[k % len(base)]
            shift = timedelta(days=k // len(base))
            factor = Decimal(1 + (number * 7 + k) % 13) / 4
            invoices.append(
                Invoice(
                    id=f"A{number}-I{k}",
                    customer=f"a{number}",
                    issued_on=model.issued_on + shift,
                    amount=Money(
                        (model.amount.amount * factor).quantize(Decimal("0.01")), "EUR"
                    ),
                    due_on=(model.due_on or model.issued_on) + shift,
                    disputed=k % 17 == 0,
                )
            )
        found.append(
            Account(
                id=f"a{number}",
                name=f"Account {number}",
                currency="EUR",
                invoices=tuple(invoices),
            )
        )
    return found


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _invoice(*cells: str) -> Invoice:
    """Build an invoice from its seven cells of text."""
    ident, customer, issued, amount, currency, due, disputed = cells
    return Invoice(
        id=ident,
        customer=customer,
        issued_on=_day(issued),
        amount=Money(amount, currency),
        due_on=_day(due) if due else None,
        disputed=disputed == "true",
    )


def _accounts(
    heads: Iterable[tuple[str, str, str]], invoices: dict[str, list[Invoice]]
) -> list[Account]:
    return [
        Account(id=i, name=n, currency=c, invoices=tuple(invoices.get(i, ())))
        for i, n, c in heads
    ]


_CELLS = (
    "id",
    "customer",
    "issued_on",
    "amount",
    "amount.currency",
    "due_on",
    "disputed",
)
"""The invoice columns each peer reads, in ``_invoice``'s order."""


def _grouped(
    accounts: Iterable[str], *cells: Iterable[str]
) -> dict[str, list[Invoice]]:
    """Build each row's invoice and group them by account, in file order."""
    invoices: dict[str, list[Invoice]] = {}
    for account, *row in zip(accounts, *cells, strict=True):
        invoices.setdefault(account, []).append(_invoice(*row))
    return invoices


def by_pandas(folder: Path) -> list[Account]:
    """Read both files with pandas (as text), then build the records."""
    heads = pd.read_csv(folder / "accounts.csv", dtype=str, keep_default_na=False)
    table = pd.read_csv(folder / "invoices.csv", dtype=str, keep_default_na=False)
    invoices = _grouped(table["account"], *(table[name] for name in _CELLS))
    return _accounts(
        zip(heads["id"], heads["name"], heads["currency"], strict=True), invoices
    )


def by_polars(folder: Path) -> list[Account]:
    """Read both files with polars (as text), then build the records."""
    heads = pl.read_csv(folder / "accounts.csv", infer_schema=False)
    table = pl.read_csv(folder / "invoices.csv", infer_schema=False)
    columns = [table[n].fill_null("").to_list() for n in ("account", *_CELLS)]
    invoices = _grouped(*columns)
    head = [heads[n].to_list() for n in ("id", "name", "currency")]
    return _accounts(zip(*head, strict=True), invoices)


def by_csv(folder: Path) -> list[Account]:
    """Read both files with the csv module, then build the records."""
    with (folder / "accounts.csv").open(encoding="utf-8", newline="") as stream:
        heads = [(r["id"], r["name"], r["currency"]) for r in csv.DictReader(stream)]
    invoices: dict[str, list[Invoice]] = {}
    with (folder / "invoices.csv").open(encoding="utf-8", newline="") as stream:
        rows = csv.reader(stream)
        header = next(rows)
        at = [header.index(c) for c in _CELLS]
        key = header.index("account")
        for row in rows:
            invoices.setdefault(row[key], []).append(_invoice(*(row[i] for i in at)))
    return _accounts(heads, invoices)


def main() -> None:
    """Time the four ways to the same accounts, interleaved."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as where:
        folder = Path(where) / "tables"
        accounts = portfolio(arguments.rows, arguments.accounts)
        write_tables(accounts, folder)
        size = (folder / "invoices.csv").stat().st_size
        print(
            f"{arguments.rows:,} invoices in {arguments.accounts:,} accounts; "
            f"invoices.csv {size / 2**20:.0f} MiB; Python {sys.version.split()[0]}, "
            f"pandas {pd.__version__}, polars {pl.__version__}"
        )
        sides: dict[str, Callable[[Path], list[Account | object]]] = {
            "accountkit read_tables": read_tables,
            "pandas.read_csv + records": by_pandas,
            "polars.read_csv + records": by_polars,
            "csv module + records": by_csv,
        }

        def accuracy(_: str, result: object) -> str:
            if result == accounts:
                return f"the same {len(accounts):,} accounts"
            return "accounts differ from the generated ones"

        timings = compare(
            f"{arguments.rows:,} invoices of {arguments.accounts:,} accounts "
            "from CSV to records",
            {
                name: (lambda call=call: call(folder))  # type: ignore[misc]
                for name, call in sides.items()
            },
            accuracy,
            ours="accountkit read_tables",
            repeat=arguments.rounds,
            keep=False,
        )
        for name, timing in timings.items():
            print(f"  {name}: {timing.median / arguments.rows * 1e6:.2f} us a row")


if __name__ == "__main__":
    main()
