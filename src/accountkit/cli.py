"""The ``accountkit`` command.

``accountkit demo [LEDGER.json]`` prints quarterly billing totals and spreads
service credits over a billing ledger (the sample shipped with accountkit when
no file is given). Exit status: 0 on success, 2 when the input is invalid (each
problem is printed with its JSON path).
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from accountkit import __version__
from accountkit.errors import AccountkitError

__all__ = ["main"]

EXIT_INVALID_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accountkit",
        description="Account-management calculators for large client accounts.",
    )
    parser.add_argument(
        "--version", action="version", version=f"accountkit {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="quarterly billing and service-credit allocation over a ledger",
        description=(
            "Total billing per calendar quarter and spread each account's service "
            "credit over its bills, pro rata, to the cent."
        ),
    )
    demo.add_argument(
        "ledger",
        nargs="?",
        type=Path,
        help="a ledger JSON file (default: the sample shipped with accountkit)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``accountkit`` command and return its exit status.

    Parameters
    ----------
    argv
        The arguments after the program name; ``sys.argv[1:]`` when ``None``.
    """
    arguments = _parser().parse_args(argv)
    from accountkit._demo import load_ledger, render_ledger  # noqa: PLC0415 - lazy

    try:
        ledger = load_ledger(arguments.ledger)
    except AccountkitError as err:
        print(f"accountkit: invalid input:\n{err}", file=sys.stderr)
        return EXIT_INVALID_INPUT
    sys.stdout.write(render_ledger(ledger))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
