"""The ``accountkit`` command (also ``python -m accountkit``).

``accountkit review ACCOUNTS --as-of 2026-06-30 [--format text|json|jsonl]
[--output FILE] [--workers N] [--no-progress] [--lenient]`` reviews one
account or a portfolio; ``accountkit review --sample`` reviews the sample
portfolio shipped with accountkit (as of 2026-06-30 unless ``--as-of`` says
otherwise). ``ACCOUNTS`` is a JSON file (one account, or an array of them), a
JSON Lines file (``.jsonl`` or ``.ndjson``: one account a line), or ``-`` for
standard input (either; told apart by :func:`~accountkit.serialization.iter_portfolio`).
The accounts are read, reviewed and written a block at a time, so memory is
bounded by the blocks in flight, not by the file; only ``--format text`` of a
portfolio holds every review, to list them worst first.

Exit status: 0 when every account was reviewed; 3 when some accounts could
not be reviewed (the others are, and each one that could not is listed with
its problems on standard error); 2 when the input is unusable (not readable,
not JSON, or no account in it valid). Problems are printed with their JSON
paths (``$[3].invoices[0].amount``, or ``line 4: $.currency`` in JSON
Lines), never with a traceback.
"""

import argparse
import functools
import gc
import importlib.util
import itertools
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple, Self, TextIO

import attrs

from accountkit import __version__
from accountkit.errors import AccountkitError, Problem, ValidationError, format_path

if TYPE_CHECKING:
    from accountkit.account import AccountReview, PortfolioSummary
    from accountkit.finance import FxRates

__all__ = [
    "EXIT_INVALID_INPUT",
    "EXIT_OK",
    "EXIT_SOME_NOT_REVIEWED",
    "MAX_HISTORY",
    "WORKERS",
    "main",
]

EXIT_OK = 0
"""Every account was reviewed."""
EXIT_INVALID_INPUT = 2
"""Exit status for unusable input (unreadable, not JSON, or no valid account)."""
EXIT_SOME_NOT_REVIEWED = 3
"""Some accounts could not be reviewed; the others were."""
WORKERS = os.cpu_count() or 1
"""Worker processes by default (``--workers``): one a CPU. Input of one
block (250 accounts or fewer) is reviewed in the command's own
process, where starting workers would cost more than it saves. On this
project's two-core machine two workers review 2,000 accounts end to end in
half the time one does (see the how-to "Reviewing a large portfolio")."""
PROGRESS_EVERY = 0.5
"""Seconds between redraws of the progress line (on a terminal)."""
MAX_HISTORY = 24
"""The most months ``--history`` reviews each account on (two years)."""
_LINES_SUFFIXES = (".jsonl", ".ndjson")
_HELD = frozenset({"text", "csv", "xlsx"})
"""The formats written from all the reviews at the end, not one at a time."""
BLOCK = 250
"""Accounts a worker reads, reviews and writes at a time."""
_MERGE_EVERY = 1000
"""Per-account summaries kept before they are merged into one."""


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
        help=(
            "a JSON file (one account, or an array of them), a JSON Lines file "
            "(.jsonl: one account a line), a folder of CSV tables (accounts.csv, "
            "invoices.csv, ...), or - for standard input"
        ),
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
        choices=("text", "json", "jsonl", "csv", "xlsx"),
        default="text",
        help=(
            "a readable review (default), the review document as JSON, JSON "
            "Lines (one review a line), CSV (the portfolio table; with --output "
            "DIR, an existing folder, every table, a file each) or an Excel "
            "workbook (xlsx, with "
            "--output FILE; needs accountkit[excel])"
        ),
    )
    review.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="write to FILE instead of standard output",
    )
    review.add_argument(
        "--workers",
        type=_workers,
        default=WORKERS,
        metavar="N",
        help=f"review in N worker processes (default: {WORKERS})",
    )
    review.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress line on standard error (shown on a terminal otherwise)",
    )
    review.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help=(
            "with a folder of CSV tables: a JSON file saying how to read another "
            "system's export (by table: file, columns, constants, date_format, "
            "ignore)"
        ),
    )
    review.add_argument(
        "--date-format",
        metavar="FORMAT",
        help=(
            "with a folder of CSV tables: the strptime format of its dates "
            "(%%d/%%m/%%Y, say); ISO 8601 when not given"
        ),
    )
    review.add_argument(
        "--rates",
        type=Path,
        metavar="FILE",
        help=(
            "a JSON rate table (pivot and dated rates, with their sources): the "
            "portfolio's totals are also given in one currency (with --sample, "
            "the sample's rates unless given)"
        ),
    )
    review.add_argument(
        "--currency",
        metavar="CODE",
        help="the currency of those totals (default: the rate table's pivot)",
    )
    review.add_argument(
        "--html",
        type=Path,
        metavar="DIR",
        help=(
            "also write the reviews as a static site in DIR: a portfolio page "
            "and a page per account, self-contained, opening from file:// "
            "(needs pip install 'accountkit[html]')"
        ),
    )
    review.add_argument(
        "--history",
        type=_months_back,
        default=0,
        metavar="N",
        help=(
            "with --html: also review each account on the last day of each of "
            "the N months before the review day's, and chart its health over "
            "time (0 to 24; default 0)"
        ),
    )
    review.add_argument(
        "--earlier",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help=(
            "with --html: an earlier review's output (--format json or jsonl) "
            "whose reviews chart each account's health over time; repeat for "
            "each month kept (instead of --history)"
        ),
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
    if arguments.format == "xlsx" and arguments.output is None:
        parser.error("review: --format xlsx writes a workbook: give --output FILE")
    if arguments.html is not None and not _importable("jinja2"):
        parser.error(
            "review: --html needs Jinja2; install it with "
            "pip install 'accountkit[html]'"
        )
    if arguments.history and arguments.html is None:
        parser.error("review: --history charts the pages of --html: give --html DIR")
    if arguments.earlier and arguments.html is None:
        parser.error("review: --earlier charts the pages of --html: give --html DIR")
    if arguments.earlier and arguments.history:
        parser.error(
            "review: --earlier gives the reviews --history would compute: "
            "give one of them"
        )
    if arguments.format == "xlsx" and not _importable("openpyxl"):
        parser.error(
            "review: --format xlsx needs openpyxl; install it with "
            "pip install 'accountkit[excel]'"
        )
    return _review(arguments)


def _importable(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # None in sys.modules, or no spec
        return False


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = f"expected a date as YYYY-MM-DD, got {text[:40]!r}"
        raise argparse.ArgumentTypeError(message) from None


def _months_back(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = -1
    if not 0 <= count <= MAX_HISTORY:
        message = f"expected a whole number from 0 to {MAX_HISTORY}, got {text[:40]!r}"
        raise argparse.ArgumentTypeError(message)
    return count


def _history_days(day: date, months: int) -> tuple[date, ...]:
    """Return the last days of the ``months`` months before ``day``'s, oldest first."""
    found = []
    first = date(day.year, day.month, 1)
    for _ in range(months):
        last = first - timedelta(days=1)
        found.append(last)
        first = date(last.year, last.month, 1)
    return tuple(reversed(found))


def _workers(text: str) -> int:
    from accountkit.account import MAX_WORKERS  # noqa: PLC0415 - lazy

    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_WORKERS:
        message = f"expected a whole number from 1 to {MAX_WORKERS}, got {text[:40]!r}"
        raise argparse.ArgumentTypeError(message)
    return count


def _said(error: AccountkitError) -> str:
    """Return an error's text as the command line says it (options, not arguments)."""
    return _said_text(str(error))


def _said_text(text: str) -> str:
    from accountkit.serialization import LENIENT_HINT  # noqa: PLC0415

    return text.replace(LENIENT_HINT, "with --lenient")


class _Problems:
    """What could not be read or reviewed, each as (path, message)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        """Each error as the command says it, for when nothing could be read."""
        self.found: list[tuple[str, str]] = []
        self.accounts = 0
        """Accounts (or places) with problems."""
        self.stopped = ""
        """Why reading stopped before the end, if it did."""

    def add(self, error: ValidationError, *, within: str = "") -> None:
        self.accounts += 1
        if not within:
            self.errors.append(_said(error))
        for problem in error.problems:
            where = problem.place(within or error.root)
            self.found.append((where, _said_text(problem.message)))


def _open(arguments: argparse.Namespace) -> "tuple[IO[bytes], bool | None]":
    """Open the input and say whether it is JSON Lines (None: tell from it)."""
    if arguments.accounts == "-":
        return sys.stdin.buffer, None
    source = Path(arguments.accounts)
    try:
        stream = source.open("rb")
    except OSError as err:
        message = f"cannot read {source}: {err.strerror}"
        raise ValidationError(message, root="$") from None
    suffix = source.suffix.lower()
    return stream, (
        True if suffix in _LINES_SUFFIXES else None if suffix != ".json" else False
    )


Raw = tuple[str, tuple[str | int, ...], object]
"""A value of the input as read, not yet an account: its root, path and value."""


class Outcome(NamedTuple):
    """What a worker made of one value of the input."""

    problem: "ValidationError | None"
    """Why it could not be read as an account (None when it could)."""
    account: str = ""
    """The id of the account read."""
    failure: "tuple[Problem, ...]" = ()
    """Why it could not be reviewed."""
    text: str = ""
    """The review as the output format writes it (json and jsonl)."""
    seen: "AccountReview | None" = None
    """The review itself (text format)."""
    summary: "PortfolioSummary | None" = None
    """The summary of this one account."""
    history: "tuple[AccountReview, ...]" = ()
    """Its reviews on earlier days (``--history``), oldest first."""


def review_raw(
    values: list[Raw],
    *,
    as_of: date,
    strict: bool,
    form: str,
    hold: bool = False,
    history: tuple[date, ...] = (),
) -> list[Outcome]:
    """Read, review and write a block of the input: the work of a worker.

    Reading happens here, not in the main process, so that workers share
    the reading and writing as well as the reviewing; the main process only
    splits the input, keeps the order (repeated ids, the problem cap) and
    writes what comes back.
    """
    collecting = gc.isenabled()
    gc.disable()  # a block's records hold no cycles: counting references frees them
    try:
        return _review_raw(
            values, as_of=as_of, strict=strict, form=form, hold=(hold, history)
        )
    finally:
        if collecting:
            gc.enable()


def _review_raw(
    values: list[Raw],
    *,
    as_of: date,
    strict: bool,
    form: str,
    hold: tuple[bool, tuple[date, ...]],
) -> list[Outcome]:
    from accountkit.account import (  # noqa: PLC0415 - the command loads what it needs
        Account,
        AccountReview,
        PortfolioSummary,
        review,
        review_block,
    )
    from accountkit.serialization import read_account, to_json  # noqa: PLC0415

    read = [
        read_account(root, where, value, strict=strict) for root, where, value in values
    ]
    accounts = [(i, a) for i, a in enumerate(read) if isinstance(a, Account)]
    reviewed = dict(
        zip(
            (i for i, _ in accounts),
            review_block(accounts, as_of=as_of, collect=True),
            strict=True,
        )
    )
    outcomes = []
    for index, item in enumerate(read):
        if isinstance(item, ValidationError):
            outcomes.append(Outcome(problem=item))
            continue
        result = reviewed[index]
        summary = PortfolioSummary.of([result])
        if not isinstance(result, AccountReview):
            outcomes.append(
                Outcome(None, account=item.id, failure=result.problems, summary=summary)
            )
            continue
        text = ""
        if form == "jsonl":
            text = to_json(result)
        elif form == "json":
            text = _nested(to_json(result, indent=2), 4)
        outcomes.append(
            Outcome(
                None,
                account=item.id,
                text=text,
                seen=result if hold[0] or form in _HELD else None,
                summary=summary,
                history=tuple(review(item, as_of=day) for day in hold[1]),
            )
        )
    return outcomes


def _raw(arguments: argparse.Namespace, problems: _Problems) -> Iterator[Raw]:
    """Give the values of the input; note in ``problems`` if reading stops."""
    from accountkit.account import sample_portfolio  # noqa: PLC0415 - lazy
    from accountkit.serialization import raw_portfolio, to_dict  # noqa: PLC0415

    if arguments.sample:
        for index, account in enumerate(sample_portfolio()):
            yield "$", (index,), to_dict(account)
        return
    if arguments.accounts != "-" and Path(arguments.accounts).is_dir():
        yield from _tables(arguments)
        return
    stream, lines = _open(arguments)
    try:
        yield from raw_portfolio(stream, lines=lines)
    except ValidationError as err:
        # the rest cannot be read: what was read is still reviewed
        problems.add(err)
        problems.stopped = _said(err)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _tables(arguments: argparse.Namespace) -> Iterator[Raw]:
    """Give the accounts of a folder of CSV tables, each at its row."""
    from accountkit.serialization import from_json, to_dict  # noqa: PLC0415 - lazy
    from accountkit.tables import TableMapping, located_tables  # noqa: PLC0415

    mappings: dict[str, TableMapping] = {}
    if arguments.mapping is not None:
        try:
            text = arguments.mapping.read_bytes()
        except OSError as err:
            message = f"cannot read {arguments.mapping}: {err.strerror}"
            raise ValidationError(message, root="--mapping") from None
        mappings = from_json(dict[str, TableMapping], text, strict=True)
    for place, item in located_tables(
        arguments.accounts,
        mappings=mappings,
        strict=not arguments.lenient,
        date_format=arguments.date_format,
    ):
        if isinstance(item, ValidationError):
            yield place or arguments.accounts, (), item
        else:
            yield place, (), to_dict(item)


def _blocks(values: Iterator[Raw], size: int) -> Iterator[list[Raw]]:
    block: list[Raw] = []
    for value in values:
        block.append(value)
        if len(block) == size:
            yield block
            block = []
    if block:
        yield block


def _outcomes(
    blocks: Iterator[list[Raw]],
    work: "Callable[[list[Raw]], list[Outcome]]",
    workers: int,
) -> Iterator[tuple[Raw, Outcome]]:
    """Run ``work`` on each block (in ``workers`` processes), in order."""
    ahead = list(itertools.islice(blocks, 2))
    blocks = itertools.chain(ahead, blocks)
    if workers == 1 or len(ahead) < 2:  # noqa: PLR2004 - one block: no pool
        for block in blocks:
            yield from zip(block, work(block), strict=True)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[tuple[list[Raw], Future[list[Outcome]]]] = deque()
        try:
            for block in blocks:
                pending.append((block, pool.submit(work, block)))
                while len(pending) >= 2 * workers:
                    done, future = pending.popleft()
                    yield from zip(done, future.result(), strict=True)
            while pending:
                done, future = pending.popleft()
                yield from zip(done, future.result(), strict=True)
        finally:
            for _, future in pending:
                future.cancel()


def _review(arguments: argparse.Namespace) -> int:
    from accountkit.account import (  # noqa: PLC0415 - the command loads what it needs
        REVIEW_DAYS,
        SAMPLE_DAY,
    )

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
    given = _given(arguments, day)
    if given is None:
        return EXIT_INVALID_INPUT
    rates, earlier = given
    problems = _Problems()
    try:
        with _Output(arguments, day, rates, earlier) as output:
            summary = _run(arguments, day, output, problems)
            if not output.started:
                what = "\n".join(problems.errors)
                print(
                    f"accountkit: invalid input:\n{what or '$: no accounts'}",
                    file=sys.stderr,
                )
                return EXIT_INVALID_INPUT
            output.finish(problems.found, summary)
    except OSError as err:
        print(f"accountkit: cannot write: {err.strerror}", file=sys.stderr)
        return EXIT_INVALID_INPUT
    except ValidationError as err:
        print(f"accountkit: invalid input:\n{_said(err)}", file=sys.stderr)
        return EXIT_INVALID_INPUT
    return _verdict(summary, problems)


def _rates(arguments: argparse.Namespace, day: date) -> "tuple[FxRates, str] | None":
    """Read the rate table asked for, and say the currency of the totals.

    The sample's own rates go with the sample reviewed on its day; on another
    day they are used only when a currency is asked for (and then refused if
    they do not cover the day).

    Raises
    ------
    ValidationError
        If the file is not a rate table, or no currency is given for a table
        without a pivot.
    """
    from accountkit.account import SAMPLE_DAY, sample_rates  # noqa: PLC0415
    from accountkit.finance import FxRates  # noqa: PLC0415
    from accountkit.serialization import from_json  # noqa: PLC0415

    if arguments.rates is not None:
        table = from_json(FxRates, arguments.rates.read_bytes())
    elif arguments.sample and (day == SAMPLE_DAY or arguments.currency is not None):
        table = sample_rates()
    elif arguments.currency is not None:
        message = "--currency needs a rate table (--rates FILE)"
        raise ValidationError(message, path="currency", root="accountkit review")
    else:
        return None
    currency = arguments.currency or table.pivot
    if currency is None:
        message = "the rate table has no pivot: give --currency"
        raise ValidationError(message, path="currency", root="accountkit review")
    return table, currency.upper()


def _given(
    arguments: argparse.Namespace, day: date
) -> "tuple[tuple[FxRates, str] | None, tuple[AccountReview, ...]] | None":
    """Read the rate table and the earlier reviews; ``None`` (said) if refused."""
    try:
        rates = _rates(arguments, day)
    except (OSError, ValidationError) as err:
        said = err.strerror if isinstance(err, OSError) else _said(err)
        print(f"accountkit: --rates: {said}", file=sys.stderr)
        return None
    try:
        earlier = _earlier(arguments.earlier, day, strict=not arguments.lenient)
    except (OSError, ValidationError) as err:
        said = str(err) if isinstance(err, OSError) else _said(err)
        print(f"accountkit: --earlier {said}", file=sys.stderr)
        return None
    return rates, earlier


def _earlier(
    files: "Sequence[Path]", day: date, *, strict: bool
) -> "tuple[AccountReview, ...]":
    """Read the reviews of each earlier output, in the order given.

    Raises
    ------
    OSError
        If a file cannot be read (its name is in the message).
    ValidationError
        If a file is not a review's output (at the file and the JSON path),
        or holds a review not before ``day`` or a review of an account on a
        day another review already is of.
    """
    from accountkit.serialization import read_reviews  # noqa: PLC0415

    found: list[AccountReview] = []
    seen: dict[tuple[str, date], Path] = {}
    for path in files:
        try:
            text = path.read_bytes()
        except OSError as err:
            message = f"{path}: cannot read: {err.strerror}"
            raise OSError(message) from None
        try:
            reviews = read_reviews(text, strict=strict)
        except ValidationError as err:
            raise ValidationError(
                problems=err.problems, root=f"{path}: {err.root}"
            ) from None
        for past in reviews:
            key = (past.account, past.as_of)
            if past.as_of >= day:
                message = (
                    f"its review of {past.account!r} is of {past.as_of}, not before "
                    f"the review day ({day})"
                )
            elif key in seen:
                message = (
                    f"a second review of {past.account!r} on {past.as_of} "
                    f"(the first is in {seen[key]})"
                )
            else:
                seen[key] = path
                found.append(past)
                continue
            raise ValidationError(message, root=str(path))
    return tuple(found)


def _run(
    arguments: argparse.Namespace, day: date, output: "_Output", problems: _Problems
) -> "PortfolioSummary":
    """Read, review and write every account; return the portfolio's summary."""
    from accountkit.account import PortfolioSummary  # noqa: PLC0415
    from accountkit.serialization import StreamOrder  # noqa: PLC0415

    order = StreamOrder()
    show = not arguments.no_progress and sys.stderr.isatty()
    progress = _Progress(sys.stderr) if show else None
    parts: list[PortfolioSummary] = []
    unread = 0
    work = functools.partial(
        review_raw,
        as_of=day,
        strict=not arguments.lenient,
        form=arguments.format,
        hold=arguments.html is not None,
        history=_history_days(day, arguments.history),
    )
    outcomes = _outcomes(
        _blocks(_raw(arguments, problems), BLOCK), work, arguments.workers
    )
    try:
        for number, ((root, where, _), outcome) in enumerate(outcomes):
            stop = order.stop(root, where)
            if stop is not None:
                problems.add(stop)
                unread += 1
                break
            if outcome.problem is not None:
                order.count(outcome.problem)
            refused = outcome.problem or order.repeated(root, where, outcome.account)
            if refused is not None:
                problems.add(refused)
                unread += 1
                continue
            output.start()
            if outcome.failure:
                place = format_path(root, where)
                problems.add(ValidationError(problems=outcome.failure), within=place)
            else:
                output.review(outcome.text, outcome.seen, outcome.history)
            if outcome.summary is not None:
                parts.append(outcome.summary)
            if len(parts) >= _MERGE_EVERY:
                parts = [PortfolioSummary.merged(parts)]
            if progress is not None:
                progress.update(number + 1)
    finally:
        if progress is not None:
            progress.close()
    summary = PortfolioSummary.merged(parts)
    return attrs.evolve(summary, not_reviewed=summary.not_reviewed + unread)


def _verdict(summary: "PortfolioSummary", problems: _Problems) -> int:
    """Report what was not reviewed on standard error; return the exit status."""
    if not problems.found:
        return EXIT_OK
    total = summary.reviewed + problems.accounts
    head = (
        f"accountkit: {problems.accounts} of {total} accounts could not be reviewed:"
        if not problems.stopped
        else (
            f"accountkit: {summary.reviewed} accounts reviewed; reading stopped "
            "before the end of the input:"
        )
    )
    lines = [head, *(f"  {path}: {text}" for path, text in problems.found)]
    print("\n".join(lines), file=sys.stderr)
    return EXIT_SOME_NOT_REVIEWED


class _Output:
    """Where the reviews go, in the format asked for, as they come.

    Nothing is opened or written until :meth:`start`: input with no account
    in it leaves no output behind.
    """

    def __init__(
        self,
        arguments: argparse.Namespace,
        day: date,
        rates: "tuple[FxRates, str] | None" = None,
        earlier: "tuple[AccountReview, ...]" = (),
    ) -> None:
        self._rates = rates
        self._format: str = arguments.format
        self._path: Path | None = arguments.output
        self._day = day
        self._stream: TextIO = sys.stdout
        self._held: list[AccountReview] = []
        self._html: Path | None = arguments.html
        self._pages: list[AccountReview] = []
        self._history: list[AccountReview] = list(earlier)
        self._count = 0
        self.started = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        if self._stream is not sys.stdout:
            self._stream.close()

    def start(self) -> None:
        """Open the output and write what comes before the reviews (once)."""
        if self.started:
            return
        self.started = True
        if self._path is not None and not self._folder_or_book:
            self._stream = self._path.open("w", encoding="utf-8")
        if self._format == "json":
            from accountkit.serialization import REVIEW_SCHEMA_VERSION  # noqa: PLC0415

            self._stream.write(
                "{\n"
                f'  "schema_version": "{REVIEW_SCHEMA_VERSION}",\n'
                f'  "as_of": "{self._day.isoformat()}",\n'
                '  "reviews": ['
            )

    def review(
        self,
        text: str,
        seen: "AccountReview | None",
        history: "tuple[AccountReview, ...]" = (),
    ) -> None:
        """Write one review (``text`` as its format writes it)."""
        if self._format == "jsonl":
            self._stream.write(text + "\n")
        elif self._format == "json":
            self._stream.write(("," if self._count else "") + "\n" + text)
        elif seen is not None:
            self._held.append(seen)
        if self._html is not None and seen is not None:
            self._pages.append(seen)
            self._history.extend(history)
        self._count += 1

    def finish(
        self, problems: list[tuple[str, str]], summary: "PortfolioSummary"
    ) -> None:
        from accountkit.account import render_portfolio, render_review  # noqa: PLC0415
        from accountkit.serialization import to_json  # noqa: PLC0415

        shown = (
            self._format == "json"
            or (self._format == "text" and len(self._held) > 1)
            or self._html is not None
        )
        totals = (
            summary.totals_in(self._rates[1], rates=self._rates[0])
            if self._rates is not None and shown
            else ()
        )
        if self._format == "json":
            listed = [{"path": path, "message": text} for path, text in problems]
            converted = (
                ',\n  "totals_in": ' + _nested(to_json(totals, indent=2), 2).lstrip()
                if self._rates is not None and shown
                else ""
            )
            self._stream.write(
                ("\n  ]" if self._count else "]")
                + ',\n  "not_reviewed": '
                + _nested(to_json(listed, indent=2), 2).lstrip()
                + ',\n  "summary": '
                + _nested(to_json(summary, indent=2), 2).lstrip()
                + converted
                + "\n}\n"
            )
        elif self._format in ("csv", "xlsx"):
            self._tables()
        elif self._format == "text":
            if len(self._held) == 1:
                self._stream.write(render_review(self._held[0]))
            else:
                self._stream.write(render_portfolio(self._held, totals=totals))
        if self._html is not None and self._pages:
            from accountkit.html import render_site  # noqa: PLC0415 - optional

            written = render_site(
                self._pages, self._html, totals=totals, history=self._history
            )
            print(
                f"accountkit: wrote {len(written)} pages in {self._html}",
                file=sys.stderr,
            )

    @property
    def _folder_or_book(self) -> bool:
        """Whether the output is a workbook or a folder of CSV files."""
        if self._format == "xlsx":
            return True
        return self._format == "csv" and self._path is not None and self._path.is_dir()

    def _tables(self) -> None:
        from accountkit.tables import (  # noqa: PLC0415 - the command loads what it needs
            review_tables,
            write_csv,
            write_review_tables,
            write_workbook,
        )

        if self._format == "xlsx" and self._path is not None:
            write_workbook(self._held, self._path)
        elif self._path is not None and self._folder_or_book:
            write_review_tables(self._held, self._path)
        else:
            write_csv(review_tables(self._held)["portfolio"], self._stream)


def _nested(text: str, spaces: int) -> str:
    """Indent every line of ``text`` by ``spaces``, as json.dumps nests it."""
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))


class _Progress:
    """A progress line on a terminal: accounts reviewed and the rate."""

    def __init__(
        self, stream: TextIO, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._start = clock()
        self._drawn = -PROGRESS_EVERY
        self._done = 0

    def update(self, done: int) -> None:
        self._done = done
        now = self._clock() - self._start
        if now - self._drawn >= PROGRESS_EVERY:
            self._draw(now)

    def _draw(self, now: float) -> None:
        self._drawn = now
        rate = self._done / now if now > 0 else 0.0
        self._stream.write(f"\rreviewed {self._done:,} accounts ({rate:,.0f} a second)")
        self._stream.flush()

    def close(self) -> None:
        self._draw(self._clock() - self._start)
        self._stream.write("\n")
        self._stream.flush()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
