"""Run every quality gate of accountkit, the way CI does.

Gates: ruff (lint and format), mypy --strict, pytest with the derandomized
hypothesis profile (tests and the doctests in src/), and the Sphinx build with
-n -W (html and doctest builders). Every gate runs even when an earlier one
fails, so one run shows everything that needs fixing; the exit status is 0 only
when all pass.
"""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DOCS_OUT = ROOT / "docs" / "_build"

SPHINX = [PYTHON, "-m", "sphinx", "-E", "-n", "-W", "--keep-going", "-q"]

# The HTML build comes before pytest, whose docs tests read the built pages.
GATES: list[tuple[str, list[str]]] = [
    ("ruff check", [PYTHON, "-m", "ruff", "check", "."]),
    ("ruff format", [PYTHON, "-m", "ruff", "format", "--check", "."]),
    ("mypy --strict", [PYTHON, "-m", "mypy"]),
    ("sphinx html", [*SPHINX, "-b", "html", "docs", str(DOCS_OUT / "html")]),
    ("pytest", [PYTHON, "-m", "pytest", "-q", "--hypothesis-profile=ci"]),
    ("sphinx doctest", [*SPHINX, "-b", "doctest", "docs", str(DOCS_OUT / "doctest")]),
]


def main() -> int:
    """Run the gates in order and report each one's result and time."""
    failed: list[str] = []
    started = time.perf_counter()
    for name, command in GATES:
        print(f"==> {name}", flush=True)
        began = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, check=False)
        seconds = time.perf_counter() - began
        status = "ok" if result.returncode == 0 else f"FAILED ({result.returncode})"
        print(f"<== {name}: {status} in {seconds:.1f} s", flush=True)
        if result.returncode != 0:
            failed.append(name)
    total = time.perf_counter() - started
    if failed:
        print(f"FAILED gates: {', '.join(failed)} ({total:.0f} s)")
        return 1
    print(f"all {len(GATES)} gates passed ({total:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
