"""The account review of a 1,000-account portfolio: reading it and reviewing it.

The portfolio is the three sample accounts, each copied under new ids until
there are 1,000 (sample-sized: about 40 invoices and payments, 36-72 SLA
measurements, a stakeholder map, wallet estimates, surveys, escalations and
opportunities each). There is no peer library that reviews an account; the
target (issue 8) is seconds, not minutes.

1. read: ``load_portfolio`` on the JSON of the whole portfolio (the one JSON
   reader: duplicate keys refused, numbers read exactly, every record and
   cross-reference validated);
2. review: ``review(account, as_of=...)`` for every account, one at a time;
3. the same with ``review_many(..., workers=os.cpu_count())``, as the
   ``accountkit review`` command does for portfolios of more than 50 accounts.

To compare two versions, run this script of each in turn on the same machine
(BLAS pinned to one thread: ``OPENBLAS_NUM_THREADS=1``), alternating.

Usage: python benchmarks/bench_review.py
"""

import os
from datetime import date

import attrs
from _timing import best_of

from accountkit.account import load_portfolio, review, review_many, sample_portfolio
from accountkit.serialization import to_json

ACCOUNTS = 1_000
DAY = date(2026, 6, 30)


def portfolio() -> list:
    """1,000 accounts: the sample ones under new ids (client ids follow)."""
    samples = sample_portfolio()
    out = []
    for number in range(ACCOUNTS):
        account = samples[number % len(samples)]
        out.append(attrs.evolve(account, id=f"{account.id}-{number:04d}"))
    return out


def main() -> None:
    """Time reading and reviewing the portfolio."""
    accounts = portfolio()
    text = to_json(accounts)
    read_time, loaded = best_of(lambda: load_portfolio(text), repeat=1)
    review_time, reviews = best_of(
        lambda: [review(a, as_of=DAY) for a in accounts], repeat=1
    )
    workers = os.cpu_count() or 1
    pooled_time, pooled = best_of(
        lambda: review_many(accounts, as_of=DAY, workers=workers), repeat=1
    )
    same = pooled == reviews
    red = sum(r.band == "red" for r in reviews)  # type: ignore[attr-defined]
    print(
        f"Account review, {len(loaded):,} accounts ({len(text) / 1e6:.1f} MB of JSON)"
    )  # type: ignore[arg-type]
    print(f"  read and validate : {read_time:6.2f} s")
    print(
        f"  review            : {review_time:6.2f} s"
        f"  ({review_time / ACCOUNTS * 1e3:.1f} ms an account; {red} red)"
    )
    print(f"  review_many, {workers} workers: {pooled_time:6.2f} s  (same: {same})")
    best = min(review_time, pooled_time)
    print(f"  total             : {read_time + best:6.2f} s  (target: seconds)")


if __name__ == "__main__":
    main()
