"""The review as pages: a static site for 1,000 accounts.

The three sample accounts copied under new ids until there are 1,000
(Contoso's delivery records included), reviewed once, then written as a site
with ``render_site``: the time to write the pages (median and best of three,
after a warm-up), the largest account page, the portfolio's pages (1,000
accounts a page) and the total size. There is no peer: no library writes an
account review as pages.

Usage: python benchmarks/bench_html.py [--accounts 1000]
"""

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import attrs

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
    times = []
    with tempfile.TemporaryDirectory() as folder:
        render_site(reviews[:3], Path(folder) / "warm")
        for run in range(3):
            began = time.perf_counter()
            written = render_site(reviews, Path(folder) / f"run{run}")
            times.append(time.perf_counter() - began)
        sizes = {p: p.stat().st_size for p in written}
    listing = [size for p, size in sizes.items() if p.parent.name != "accounts"]
    accounts = [size for p, size in sizes.items() if p.parent.name == "accounts"]
    print(f"{count:,} accounts reviewed in {reviewed:.1f} s (two workers)")
    print(
        f"  the site ({len(written):,} pages): median {statistics.median(times):.2f} s,"
        f" best {min(times):.2f} s"
    )
    print(
        f"  largest account page {max(accounts) / 1024:.1f} KB; {len(listing)} "
        f"portfolio page(s), the largest {max(listing) / 1024:.1f} KB; in all "
        f"{sum(sizes.values()) / 1024 / 1024:.1f} MB"
    )


if __name__ == "__main__":
    main()
