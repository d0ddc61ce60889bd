"""The ``accountkit`` command (also ``python -m accountkit``).

``accountkit review ACCOUNTS.json --as-of 2026-06-30 [--format text|json]``
reviews one account or a portfolio; ``accountkit review --sample`` reviews the
sample portfolio shipped with accountkit (as of 2026-06-30 unless ``--as-of``
says otherwise). ``accountkit demo [LEDGER.json]`` prints quarterly billing
totals and spreads service credits over a billing ledger.

Exit status: 0 on success, 2 when the input is invalid (each problem is
printed with its JSON path, no traceback).
"""

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from accountkit import __version__
from accountkit.errors import AccountkitError

__all__ = ["main"]

EXIT_INVALID_INPUT = 2
PROGRESS_FROM = 5
"""Portfolios of more accounts than this show a progress bar (on a terminal)."""
PARALLEL_FROM = 50
"""Portfolios of more accounts than this are reviewed on every CPU."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accountkit",
        description="Account-management calculators for large client accounts.",
    )
    parser.add_argument(
        "--version", action="version", version=f"accountkit {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    review = commands.add_parser(
        "review",
        help="review an account or a portfolio: health, money, service, people",
        description=(
            "Review each account as of a day: health with its explanation, "
            "service levels and credits, ageing and debtor days, revenue against "
            "contract and plan, share of wallet, stakeholder cover, growth, "
            "escalations, and one prioritised list of flags."
        ),
    )
    review.add_argument(
        "accounts",
        nargs="?",
        type=Path,
        help="a JSON file: one account (an object) or a portfolio (an array)",
    )
    review.add_argument(
        "--sample",
        action="store_true",
        help="review the sample portfolio shipped with accountkit instead",
    )
    review.add_argument(
        "--as-of",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the review day (default: 2026-06-30 with --sample, else today)",
    )
    review.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="a readable review (default) or the AccountReview as JSON",
    )
    review.add_argument(
        "--lenient",
        action="store_true",
        help="ignore unknown fields in the input instead of refusing them",
    )
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
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command == "review":
        if arguments.sample == (arguments.accounts is not None):
            parser.error("review: give an ACCOUNTS file or --sample (one of them)")
        return _review(arguments)
    from accountkit._demo import load_ledger, render_ledger  # noqa: PLC0415 - lazy

    try:
        ledger = load_ledger(arguments.ledger)
    except AccountkitError as err:
        print(f"accountkit: invalid input:\n{err}", file=sys.stderr)
        return EXIT_INVALID_INPUT
    sys.stdout.write(render_ledger(ledger))
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = f"expected a date as YYYY-MM-DD, got {text!r}"
        raise argparse.ArgumentTypeError(message) from None


def _review(arguments: argparse.Namespace) -> int:
    from accountkit.account import (  # noqa: PLC0415 - the command loads what it needs
        SAMPLE_DAY,
        load_portfolio,
        render_portfolio,
        render_review,
        review_many,
        sample_portfolio,
    )
    from accountkit.serialization import to_json  # noqa: PLC0415

    try:
        if arguments.sample:
            accounts = sample_portfolio()
            day = arguments.as_of or SAMPLE_DAY
        else:
            source: Path = arguments.accounts
            try:
                text = source.read_bytes()
            except OSError as err:
                print(
                    f"accountkit: cannot read {source}: {err.strerror}", file=sys.stderr
                )
                return EXIT_INVALID_INPUT
            accounts = load_portfolio(text, strict=not arguments.lenient)
            day = arguments.as_of or date.today()  # noqa: DTZ011 - a calendar day
        workers = (os.cpu_count() or 1) if len(accounts) > PARALLEL_FROM else 1
        reviews = review_many(
            accounts,
            as_of=day,
            workers=workers,
            progress=lambda done, total: _progress(done, total, sys.stderr),
        )
    except AccountkitError as err:
        print(f"accountkit: invalid input:\n{err}", file=sys.stderr)
        return EXIT_INVALID_INPUT
    if arguments.format == "json":
        sys.stdout.write(to_json(reviews, indent=2) + "\n")
    elif len(reviews) == 1:
        sys.stdout.write(render_review(reviews[0]))
    else:
        sys.stdout.write(render_portfolio(reviews))
    return 0


def _progress(done: int, total: int, stream: TextIO) -> None:
    """Draw a progress bar on ``stream`` when it is a terminal and worth it."""
    if total <= PROGRESS_FROM or not stream.isatty():
        return
    width = 30
    filled = width * done // total
    bar = "#" * filled + "-" * (width - filled)
    end = "\n" if done == total else ""
    stream.write(f"\rreviewing [{bar}] {done}/{total}{end}")
    stream.flush()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
