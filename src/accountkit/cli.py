"""The ``accountkit`` command (also ``python -m accountkit``).

``accountkit review ACCOUNTS.json --as-of 2026-06-30 [--format text|json]
[--lenient]`` reviews one account or a portfolio; ``accountkit review
--sample`` reviews the sample portfolio shipped with accountkit (as of
2026-06-30 unless ``--as-of`` says otherwise).

Exit status: 0 when every account was reviewed; 3 when some accounts could
not be reviewed (the others are, and each one that could not is listed with
its problems on standard error); 2 when the input is unusable (not readable,
not JSON, or no account in it valid). Problems are printed with their JSON
paths, never with a traceback.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from accountkit import __version__
from accountkit.errors import AccountkitError, ValidationError, format_path

if TYPE_CHECKING:
    from accountkit.account import Account

__all__ = [
    "EXIT_INVALID_INPUT",
    "EXIT_OK",
    "EXIT_SOME_NOT_REVIEWED",
    "MAX_INPUT_BYTES",
    "main",
]

EXIT_OK = 0
"""Every account was reviewed."""
EXIT_INVALID_INPUT = 2
"""Exit status for unusable input (unreadable, not JSON, or no valid account)."""
EXIT_SOME_NOT_REVIEWED = 3
"""Some accounts could not be reviewed; the others were."""
MAX_INPUT_BYTES = 256 << 20
"""The largest file the command reads (256 MiB, about 8,000 sample-sized
accounts); split a larger portfolio. Reading holds the parsed document in
memory: at worst about 30 bytes per byte of input (40 MB of five million tiny
junk objects peaks at 1.1 GB and is refused in 3.5 s), so 256 MiB bounds it
at about 8 GB."""
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
        help="a readable review (default) or the reviews as JSON",
    )
    review.add_argument(
        "--lenient",
        action="store_true",
        help=(
            "accept what CRM exports do: unknown fields (ignored), date-times at "
            "midnight in date fields (their day), currency codes in any case"
        ),
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
    if arguments.sample == (arguments.accounts is not None):
        parser.error("review: give an ACCOUNTS file or --sample (one of them)")
    return _review(arguments)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = f"expected a date as YYYY-MM-DD, got {text[:40]!r}"
        raise argparse.ArgumentTypeError(message) from None


def _said(error: AccountkitError) -> str:
    """Return an error's text as the command line says it (options, not arguments)."""
    return _said_text(str(error))


def _said_text(text: str) -> str:
    from accountkit.serialization import LENIENT_HINT  # noqa: PLC0415

    return text.replace(LENIENT_HINT, "with --lenient")


def _read(arguments: argparse.Namespace) -> "list[Account | ValidationError]":
    """Read the accounts to review, each an Account or what is wrong with it."""
    from accountkit.account import sample_portfolio  # noqa: PLC0415 - lazy
    from accountkit.serialization import read_portfolio  # noqa: PLC0415

    if arguments.sample:
        return list(sample_portfolio())
    source: Path = arguments.accounts
    try:
        size = source.stat().st_size
        if size > MAX_INPUT_BYTES:
            message = (
                f"{source} holds {size:,} bytes, more than the {MAX_INPUT_BYTES:,} "
                "the command reads; split the portfolio"
            )
            raise ValidationError(message, root="$")
        text = source.read_bytes()
    except OSError as err:
        message = f"cannot read {source}: {err.strerror}"
        raise ValidationError(message, root="$") from None
    return read_portfolio(text, strict=not arguments.lenient)


def _review(arguments: argparse.Namespace) -> int:
    from accountkit.account import (  # noqa: PLC0415 - the command loads what it needs
        REVIEW_DAYS,
        SAMPLE_DAY,
        AccountReview,
        ReviewFailure,
        render_portfolio,
        render_review,
        review_many,
    )
    from accountkit.serialization import (  # noqa: PLC0415
        REVIEW_SCHEMA_VERSION,
        to_json,
    )

    try:
        found = _read(arguments)
    except AccountkitError as err:
        print(f"accountkit: invalid input:\n{_said(err)}", file=sys.stderr)
        return EXIT_INVALID_INPUT
    places = [
        i for i, item in enumerate(found) if not isinstance(item, ValidationError)
    ]
    accounts = [item for item in found if not isinstance(item, ValidationError)]
    if not accounts:
        what = "\n".join(
            _said(err) for err in found if isinstance(err, ValidationError)
        )
        print(
            f"accountkit: invalid input:\n{what or '$: no accounts'}", file=sys.stderr
        )
        return EXIT_INVALID_INPUT
    day = arguments.as_of or (
        SAMPLE_DAY if arguments.sample else date.today()  # noqa: DTZ011 - a calendar day
    )
    first, last = REVIEW_DAYS
    if not first <= day <= last:
        print(
            f"accountkit: --as-of {day.isoformat()} is out of the supported date "
            f"range ({first.isoformat()} to {last.isoformat()})",
            file=sys.stderr,
        )
        return EXIT_INVALID_INPUT
    workers = (os.cpu_count() or 1) if len(accounts) > PARALLEL_FROM else 1
    results = review_many(
        accounts,
        as_of=day,
        workers=workers,
        progress=lambda done, total: _progress(done, total, sys.stderr),
        errors="collect",
    )
    reviews = [r for r in results if isinstance(r, AccountReview)]
    problems = [
        (format_path(err.root, p.path), p.message)
        for err in found
        if isinstance(err, ValidationError)
        for p in err.problems
    ] + [
        (format_path("$", [places[r.index], *p.path]), p.message)
        for r in results
        if isinstance(r, ReviewFailure)
        for p in r.problems
    ]
    if arguments.format == "json":
        document = {
            "schema_version": REVIEW_SCHEMA_VERSION,
            "as_of": day.isoformat(),
            "reviews": reviews,
            "not_reviewed": [
                {"path": path, "message": _said_text(message)}
                for path, message in problems
            ],
        }
        sys.stdout.write(to_json(document, indent=2) + "\n")
    elif len(reviews) == 1:
        sys.stdout.write(render_review(reviews[0]))
    else:
        sys.stdout.write(render_portfolio(reviews))
    if len(reviews) < len(found):
        head = (
            f"accountkit: {len(found) - len(reviews)} of {len(found)} accounts "
            "could not be reviewed:"
        )
        lines = [head, *(f"  {path}: {_said_text(text)}" for path, text in problems)]
        print("\n".join(lines), file=sys.stderr)
        return EXIT_SOME_NOT_REVIEWED
    return EXIT_OK


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
