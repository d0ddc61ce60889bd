"""How long `import accountkit` takes, against `import pandas` (the usual peer).

Runs `python -X importtime -c "import <module>"` several times in fresh
interpreters, reads the cumulative microseconds of the top-level module from
the importtime report, and prints the median for each and their ratio. It also
checks that importing accountkit loads neither numpy nor cattrs.

Usage: python benchmarks/bench_import.py [--runs N]
"""

import argparse
import importlib.util
import re
import statistics
import subprocess
import sys

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|\s+(\S+)$")


def cumulative_us(module: str) -> int:
    """Return the cumulative import time of ``module`` in microseconds."""
    report = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    for line in report.splitlines():
        match = LINE.search(line.rstrip())
        if match and match.group(3) == module:
            return int(match.group(2))
    message = f"no importtime line for {module}"
    raise SystemExit(message)


def heavy_modules_loaded() -> list[str]:
    """Return which heavy modules `import accountkit` pulls in (should be none)."""
    code = (
        "import sys, accountkit; "
        "print(','.join(m for m in ('numpy', 'cattrs') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    return [name for name in out.split(",") if name]


def main() -> None:
    """Time the imports and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    ours = statistics.median(cumulative_us("accountkit") for _ in range(runs))
    print(f"import accountkit: {ours / 1000:.1f} ms (median of {runs})")
    print(f"heavy modules loaded by it: {heavy_modules_loaded() or 'none'}")
    if importlib.util.find_spec("pandas") is None:
        print("pandas not installed: pip install -e '.[bench]' for the comparison")
        return
    peer = statistics.median(cumulative_us("pandas") for _ in range(runs))
    print(f"import pandas:     {peer / 1000:.1f} ms (median of {runs})")
    print(f"ratio pandas / accountkit: {peer / ours:.1f}x")


if __name__ == "__main__":
    main()
