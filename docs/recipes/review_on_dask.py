"""Review a JSON Lines dataset across a Dask cluster (the how-to's recipe).

Each worker reads its own files (one partition per file), reviews their
accounts with the batch engine, writes their reviews as JSON Lines, and sums
them up; only the small summaries travel back and are merged.

Usage: python review_on_dask.py "accounts/*.jsonl" reviews/ 2026-06-30
"""

import sys
from datetime import date
from pathlib import Path

import dask.bag as db
from dask.distributed import Client, LocalCluster

from accountkit.account import AccountReview, PortfolioSummary, review_lines
from accountkit.serialization import to_json


def review_dataset(
    pattern: str, out: str, as_of: date
) -> tuple[PortfolioSummary, list[str]]:
    """Review every account of the files matching ``pattern`` on the cluster.

    The reviews go to ``out`` as JSON Lines, a file per partition; returns
    the merged summary and the files written, in the order of the input's.
    """
    lines = db.read_text(pattern, blocksize=None)  # a partition per file
    outcomes = lines.map_partitions(review_lines, as_of=as_of)
    summary = outcomes.reduction(PortfolioSummary.of, PortfolioSummary.merged)
    written = (
        outcomes.filter(lambda seen: isinstance(seen, AccountReview))
        .map(to_json)
        .to_textfiles(f"{out}/reviews-*.jsonl", compute=False)
    )
    merged, *_ = db.compute(summary, *written)
    return merged, sorted(str(p) for p in Path(out).glob("reviews-*.jsonl"))


if __name__ == "__main__":  # the guard every process-based cluster needs
    pattern, out, day = sys.argv[1:4]
    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        summary, files = review_dataset(pattern, out, date.fromisoformat(day))
    print(f"{summary.reviewed:,} accounts reviewed, {summary.not_reviewed:,} not")
    print(
        ", ".join(f"{c.band or 'no colour'}: {c.accounts:,}" for c in summary.colours)
    )
