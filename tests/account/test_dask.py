"""The review beyond one machine: Dask, on a LocalCluster of two processes.

The recipe of the how-to "Reviewing a large portfolio" (docs/recipes) is run
as it is printed there; its reviews and merged summary must be those of
reviewing the same accounts on one machine.
"""

import importlib.util
import json
from datetime import date
from pathlib import Path

import attrs
import pytest
from distributed import Client, LocalCluster

from accountkit.account import (
    Account,
    PortfolioSummary,
    review_many,
    sample_portfolio,
)
from accountkit.serialization import to_json

DAY = date(2026, 6, 30)
RECIPE = Path(__file__).resolve().parents[2] / "docs" / "recipes" / "review_on_dask.py"


def _recipe():
    spec = importlib.util.spec_from_file_location("review_on_dask", RECIPE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def _portfolio(count: int) -> list[Account]:
    """Sample accounts under new ids; every other one billed twice as much."""
    out = []
    for n in range(count):
        account = sample_portfolio()[n % 3]
        if n % 2:
            invoices = tuple(
                attrs.evolve(i, amount=i.amount * 2) for i in account.invoices or ()
            )
            account = attrs.evolve(account, invoices=invoices)
        out.append(attrs.evolve(account, id=f"{account.id}-{n}"))
    return out


@pytest.mark.usefixtures("client")
def test_the_recipe_gives_the_reviews_and_summary_of_one_machine(tmp_path):
    accounts = _portfolio(12)
    files = [accounts[0:5], accounts[5:6], accounts[6:12]]
    source = tmp_path / "accounts"
    source.mkdir()
    for number, part in enumerate(files):
        lines = "".join(to_json(a) + "\n" for a in part)
        (source / f"part-{number}.jsonl").write_text(lines, encoding="utf-8")
    (source / "part-3.jsonl").write_text('{"id": "x"}\n\n', encoding="utf-8")

    summary, written = _recipe().review_dataset(
        str(source / "*.jsonl"), str(tmp_path / "out"), DAY
    )

    alone = review_many(accounts, as_of=DAY)
    expected = PortfolioSummary.of(alone)
    assert (summary.reviewed, summary.not_reviewed) == (12, 1)
    assert attrs.evolve(summary, not_reviewed=0) == expected
    assert len(written) == 4
    read_back = [
        json.loads(line)
        for name in written
        for line in Path(name).read_text(encoding="utf-8").splitlines()
    ]
    assert read_back == [json.loads(to_json(r)) for r in alone]


def test_review_many_on_the_clusters_executor_is_review_many_here(client):
    accounts = _portfolio(7)
    here = review_many(accounts, as_of=DAY)
    there = review_many(
        accounts, as_of=DAY, executor=client.get_executor(), workers=2, block=2
    )
    assert there == here
