"""The review as pages: a static site for 1,000 accounts.

The three sample accounts copied under new ids until there are 1,000
(Contoso's delivery records included), reviewed once, then written as a site
with ``render_site``: the time to write the pages (through the shared
harness: median and best of five, after a warm-up), the largest account
page, the portfolio's pages (1,000 accounts a page) and the total size.
There is no peer: no library writes an account review as pages. The
accuracy beside the time: every account has its page, and each page names
its account.

Usage: python benchmarks/bench_html.py [--accounts 1000]
"""

import argparse
import itertools
import tempfile
import time
from datetime import date
from pathlib import Path

import attrs
from _timing import compare

from accountkit.account import review_many, sample_portfolio
from accountkit.html import render_site

DAY = date(2026, 6, 30)


def main() -> None:
    """Review the copies, then time the site."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=1000)
    count = parser.parse_args().accounts
    samples = sample_portfolio()
    accounts = [
        attrs.evolve(samples[n % 3], id=f"{samples[n % 3].id}-{n:05d}")
        for n in range(count)
    ]
    began = time.perf_counter()
    reviews = review_many(accounts, as_of=DAY, workers=2)
    reviewed = time.perf_counter() - began
    runs = itertools.count()
    with tempfile.TemporaryDirectory() as folder:

        def site() -> list[Path]:
            return render_site(reviews, Path(folder) / f"run{next(runs)}")

        def accuracy(_: str, result: object) -> str:
            # account pages are numbered in the reviews' order
            pages = sorted(p for p in result if p.parent.name == "accounts")  # type: ignore[attr-defined]
            unnamed = sum(
                review.name not in page.read_text(encoding="utf-8")
                for review, page in zip(reviews, pages, strict=False)
            )
            return (
                f"{len(pages):,} account pages for {count:,} accounts; "
                f"{unnamed} without their account's name"
            )

        timing = compare(
            f"the review as a static site, {count:,} accounts",
            {"accountkit render_site": site},
            accuracy,
            ours="accountkit render_site",
            repeat=5,
        )["accountkit render_site"]
        written = timing.result
        sizes = {p: p.stat().st_size for p in written}  # type: ignore[attr-defined]
    listing = [size for p, size in sizes.items() if p.parent.name != "accounts"]
    accounts = [size for p, size in sizes.items() if p.parent.name == "accounts"]
    print(f"{count:,} accounts reviewed in {reviewed:.1f} s (two workers)")
    print(
        f"  largest account page {max(accounts) / 1024:.1f} KB; {len(listing)} "
        f"portfolio page(s), the largest {max(listing) / 1024:.1f} KB; in all "
        f"{sum(sizes.values()) / 1024 / 1024:.1f} MB"
    )


if __name__ == "__main__":
    main()
