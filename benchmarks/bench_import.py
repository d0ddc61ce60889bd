"""How long importing accountkit takes, package by package, against pandas.

Runs `python -X importtime -c "import <module>"` several times in fresh
interpreters, reads the cumulative microseconds of the module from the
importtime report, and prints the median and best for the top-level package,
each subpackage (what `import accountkit.account`, which the review needs,
costs, say), and `import pandas` as the usual peer. Beside each it says
which heavy modules the import loads (numpy, cattrs, jinja2, pandas): the
top-level package must load none.

The importtime report adds its own cost (about a tenth); the figures are for
comparing imports with each other on one machine. Every interpreter reads
compiled bytecode, as a user's does after the first import: the script
gives them a bytecode cache of its own (``PYTHONPYCACHEPREFIX``, a temporary
folder, filled by one import of each module first) even where the machine
says not to write one (``PYTHONDONTWRITEBYTECODE``, set on the project's
machine, which made every import compile accountkit's sources while pandas
came compiled from its wheel).

Then the wall time of a fresh interpreter that imports ``accountkit``,
``accountkit.account`` or ``pandas``, against one that imports nothing,
through the shared harness (interleaved, median and best); beside each, the
heavy modules it loads.

Usage: python benchmarks/bench_import.py [--runs N]
"""

import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable

from _timing import compare

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|\s+(\S+)$")
CACHE = tempfile.mkdtemp(prefix="accountkit-pyc-")
ENVIRONMENT = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": CACHE,
}


def cumulative_us(module: str) -> int:
    """Return the cumulative import time of ``module`` in microseconds."""
    report = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        env=ENVIRONMENT,
    ).stderr
    for line in report.splitlines():
        match = LINE.search(line.rstrip())
        if match and match.group(3) == module:
            return int(match.group(2))
    message = f"no importtime line for {module}"
    raise SystemExit(message)


HEAVY = ("numpy", "cattrs", "jinja2", "pandas")
PACKAGES = (
    "accountkit",
    "accountkit.money",
    "accountkit.periods",
    "accountkit.serialization",
    "accountkit.contracts",
    "accountkit.finance",
    "accountkit.relationships",
    "accountkit.health",
    "accountkit.delivery",
    "accountkit.account",
)


def heavy_modules_loaded(module: str = "accountkit") -> list[str]:
    """Return which heavy modules importing ``module`` pulls in."""
    code = (
        f"import sys, {module}; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=ENVIRONMENT,
    ).stdout.strip()
    return [name for name in out.split(",") if name]


def main() -> None:
    """Time the imports and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    for module in (*PACKAGES, "pandas"):  # fill the bytecode cache
        if importlib.util.find_spec(module.split(".")[0]) is not None:
            cumulative_us(module)
    print(f"cumulative import time, ms (median and best of {runs} interpreters)")
    medians = {}
    for module in PACKAGES:
        times = [cumulative_us(module) / 1000 for _ in range(runs)]
        medians[module] = statistics.median(times)
        heavy = ", ".join(heavy_modules_loaded(module)) or "none"
        print(
            f"  {module:26} {medians[module]:7.1f} {min(times):7.1f}   loads: {heavy}"
        )
    ours = medians["accountkit"]
    if importlib.util.find_spec("pandas") is None:
        print("pandas not installed: pip install -e '.[bench]' for the comparison")
        return
    peer = statistics.median(cumulative_us("pandas") / 1000 for _ in range(runs))
    print(f"  {'pandas':26} {peer:7.1f}")
    print(f"ratio pandas / accountkit: {peer / ours:.1f}x")
    account = medians["accountkit.account"]
    print(f"ratio pandas / accountkit.account: {peer / account:.2f}x")

    def start(module: str) -> Callable[[], str]:
        code = f"import {module}" if module else "pass"
        return lambda: (
            subprocess.run([sys.executable, "-c", code], check=True, env=ENVIRONMENT)
            and module
        )

    compare(
        "a fresh interpreter, wall time",
        {
            "python -c pass": start(""),
            "import accountkit": start("accountkit"),
            "import pandas": start("pandas"),
            "import accountkit.account": start("accountkit.account"),
        },
        lambda _, module: (
            "loads: " + (", ".join(heavy_modules_loaded(str(module))) or "none")
            if module
            else "-"
        ),
        ours="import accountkit.account",
        repeat=runs,
    )


if __name__ == "__main__":
    main()
