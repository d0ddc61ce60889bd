"""The account review of a portfolio: one account at a time, the batch engine, the CLI.

The portfolio is generated sample-like: the three sample accounts copied
under new ids until there are N, each copy's invoices multiplied by a factor
of its own (1.00 to 4.99), so that every account has its own billing history
and forecast (about 40 invoices and payments, 36-72 SLA measurements, a
stakeholder map, wallet estimates, surveys, escalations and opportunities
each; 31 KB of JSON an account). Contoso's delivery records (a year of time,
2,746 entries, about 290 KB) are left out of the copies: the figures stay
those of the accounts measured before they existed, and the delivery area's
own cost an account is measured by ``bench_delivery.py``. It is written as
JSON Lines.

1. review, one at a time against the batch engine: ``review`` in a loop and
   ``review_many(workers=1)`` (the batch engine, in this process) on the same
   ``--compare`` accounts, through the shared harness (one thread, warmed
   up, interleaved, median and best of ``--rounds``, at least five), and
   whether each side's reviews are identical to the one-at-a-time ones;
2. the whole command end to end on all N accounts: ``accountkit review
   FILE.jsonl --format jsonl -o OUT --workers W`` read, reviewed and written,
   for each W of ``--workers``; wall time and the peak memory of the command
   and its workers together (their resident sets summed, sampled every 0.1 s
   from /proc).

There is no peer library that reviews an account.

Usage: python benchmarks/bench_review.py [--accounts 50000] [--compare 600]
       [--rounds 5] [--workers 1 2]
"""

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from _timing import compare

from accountkit.account import (
    Account,
    review,
    review_many,
    sample_portfolio,
)
from accountkit.serialization import iter_portfolio, to_dict

DAY = date(2026, 6, 30)


def write_portfolio(path: Path, count: int) -> int:
    """Write ``count`` sample-like accounts as JSON Lines; return the bytes."""
    samples = [to_dict(a) for a in sample_portfolio()]
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            account = dict(samples[number % 3])
            account.pop("delivery", None)
            account["id"] = f"{account['id']}-{number:06d}"
            factor = Decimal(100 + number % 400) / 100
            account["invoices"] = [
                {
                    **invoice,
                    "amount": {
                        **invoice["amount"],
                        "amount": str(
                            (Decimal(invoice["amount"]["amount"]) * factor).quantize(
                                Decimal("0.01")
                            )
                        ),
                    },
                }
                for invoice in account["invoices"]
            ]
            line = json.dumps(account, separators=(",", ":")) + "\n"
            size += len(line)
            out.write(line)
    return size


def read(path: Path, count: int) -> list[Account]:
    """Read the first ``count`` accounts of the file."""
    found: list[Account] = []
    with path.open("rb") as stream:
        for item in iter_portfolio(stream, lines=True):
            if not isinstance(item, Account):
                message = f"bad account: {item}"
                raise SystemExit(message)
            found.append(item)
            if len(found) == count:
                break
    return found


def one_by_one(accounts: list[Account], rounds: int) -> None:
    """Time review one at a time and the batch engine, interleaved."""
    alone = [review(a, as_of=DAY) for a in accounts]
    count = len(accounts)

    def accuracy(_: str, result: object) -> str:
        different = sum(a != b for a, b in zip(alone, result, strict=True))  # type: ignore[call-overload]
        return f"{different} of {count:,} reviews differ from one at a time"

    timings = compare(
        f"review of {count:,} accounts (times for all of them)",
        {
            "review, one at a time": lambda: [review(a, as_of=DAY) for a in accounts],
            "batch engine (review_many, 1 process)": lambda: review_many(
                accounts, as_of=DAY
            ),
        },
        accuracy,
        ours="batch engine (review_many, 1 process)",
        repeat=rounds,
    )
    for name, timing in timings.items():
        print(
            f"  {name}: {timing.median / count * 1e3:.2f} ms an account "
            f"(best {timing.best / count * 1e3:.2f})"
        )


def _tree_rss(pid: int) -> int:
    """Return the resident set of ``pid`` and its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        number = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0")), []).append(number)
        rss[number] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack += children.get(current, [])
    return total


def command(path: Path, out: Path, workers: int) -> tuple[float, int, int, str]:
    """Run the command on ``path``.

    Returns wall time, peak memory, lines out and the output's SHA-256.
    """
    argv = [
        sys.executable,
        "-m",
        "accountkit",
        "review",
        str(path),
        "--as-of",
        DAY.isoformat(),
        "--format",
        "jsonl",
        "--output",
        str(out),
        "--workers",
        str(workers),
        "--no-progress",
    ]
    began = time.perf_counter()
    process = subprocess.Popen(argv, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.1)

    watcher = threading.Thread(target=sample)
    watcher.start()
    _, err = process.communicate()
    done.set()
    watcher.join()
    elapsed = time.perf_counter() - began
    if process.returncode != 0:
        message = f"the command failed ({process.returncode}): {err.decode()}"
        raise SystemExit(message)
    digest = hashlib.sha256()
    lines = 0
    with out.open("rb") as written:
        for line in written:
            digest.update(line)
            lines += 1
    return elapsed, peak, lines, digest.hexdigest()


def main() -> None:
    """Generate the portfolio, compare the two review paths, run the command."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--compare", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "accounts.jsonl"
        began = time.perf_counter()
        size = write_portfolio(path, options.accounts)
        print(
            f"generated {options.accounts:,} accounts, {size / 1e6:,.0f} MB of JSON "
            f"Lines, in {time.perf_counter() - began:.0f} s"
        )
        accounts = read(path, min(options.compare, options.accounts))
        one_by_one(accounts, options.rounds)
        print(f"accountkit review on {options.accounts:,} accounts, end to end")
        print(
            "  workers   wall s   ms an account   peak memory   reviews written"
            "   same output"
        )
        digests: list[str] = []
        for workers in options.workers:
            elapsed, peak, lines, digest = command(
                path, Path(folder) / "out.jsonl", workers
            )
            digests.append(digest)
            each = elapsed / options.accounts * 1e3
            print(
                f"  {workers:7d}  {elapsed:7.1f}   {each:13.2f}"
                f"   {peak / 2**30:8.2f} GiB   {lines:>15,}   {digest == digests[0]}"
            )


if __name__ == "__main__":
    main()
