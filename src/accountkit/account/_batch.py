"""The review of a portfolio: accounts in blocks, on any executor.

:func:`iter_reviews` takes accounts from any iterable (a list, or
:func:`~accountkit.serialization.iter_portfolio` reading a file) a block at a
time and gives their reviews in order, so memory is bounded by the blocks in
flight, not by the portfolio. Each block is reviewed by the batch engine
(:func:`review_block`): every account's revenue forecast is made in one
:func:`~accountkit.finance.forecast_many` call per shape of history, then
each account is reviewed as :func:`~accountkit.account.review` reviews it,
with those forecasts. The blocks run in this process, in a pool of worker
processes, or on any :class:`concurrent.futures.Executor` (a Dask cluster's
``client.get_executor()``).
"""

import functools
import io
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from datetime import date
from types import MappingProxyType
from typing import Literal, overload

from accountkit._checked import checked
from accountkit._validators import whole_number
from accountkit.account._basis import THRESHOLDS, Thresholds
from accountkit.account._model import Account
from accountkit.account._revenue import forecast_of
from accountkit.account._review import (
    AccountReview,
    ReviewFailure,
    check_review_day,
    review_unchecked,
)
from accountkit.errors import AccountkitError, Problem, ValidationError
from accountkit.finance._revenue import OUTLOOKS, outlooks
from accountkit.health import Scorecard

__all__ = [
    "BLOCK",
    "MAX_WORKERS",
    "iter_reviews",
    "review_block",
    "review_lines",
    "review_many",
]

BLOCK = 250
"""Accounts reviewed together by default: enough to share the forecasts, and
about 30 MB of sample-sized accounts in memory."""

MAX_WORKERS = 1024
"""The most workers (processes, or an executor's workers kept busy) a review
runs on: each holds two blocks in flight."""


@checked
def review_block(
    accounts: Sequence[tuple[int, Account]],
    *,
    as_of: date,
    scorecard: Scorecard | None = None,
    thresholds: Thresholds = THRESHOLDS,
    collect: bool = False,
) -> list[AccountReview | ReviewFailure]:
    """Review a block of numbered accounts together: the batch engine.

    The reviews are those :func:`~accountkit.account.review` gives each
    account alone. What is shared is work, not results: the revenue
    forecasts of the whole block are made at once (one
    :func:`~accountkit.finance.forecast_many` call for each length of
    history), and a forecast is used only for the account whose history it
    was made from. With ``collect`` an account that cannot be reviewed is a
    :class:`ReviewFailure` at its number; without, its error is raised.

    This is the function the executors run; it is public so that a custom
    scheduler can run blocks itself.

    Raises
    ------
    ValidationError
        If the day is outside :data:`~accountkit.account.REVIEW_DAYS`, or
        (without ``collect``) an account cannot be reviewed.
    """
    as_of = check_review_day(as_of, "review_block")
    keys = [forecast_of(account, as_of) for _, account in accounts]
    made = outlooks(key for key in keys if key is not None)
    token = OUTLOOKS.set(MappingProxyType(made))
    try:
        return [
            _one(index, account, as_of, scorecard, thresholds, collect=collect)
            for index, account in accounts
        ]
    finally:
        OUTLOOKS.reset(token)


def _one(
    index: int,
    account: Account,
    day: date,
    scorecard: Scorecard | None,
    thresholds: Thresholds,
    *,
    collect: bool,
) -> AccountReview | ReviewFailure:
    if not collect:
        return review_unchecked(account, day, scorecard, thresholds)
    try:
        return review_unchecked(account, day, scorecard, thresholds)
    except AccountkitError as err:
        problems = (
            err.problems
            if isinstance(err, ValidationError)
            else (Problem((), str(err)),)
        )
        return ReviewFailure(
            index=index, account=account.id, name=account.name, problems=problems
        )


@overload
def iter_reviews(
    accounts: Iterable[Account],
    *,
    as_of: date,
    scorecard: Scorecard | None = ...,
    thresholds: Thresholds = ...,
    workers: int = ...,
    executor: Executor | None = ...,
    block: int = ...,
    errors: Literal["raise"] = ...,
) -> Iterator[AccountReview]: ...


@overload
def iter_reviews(
    accounts: Iterable[Account],
    *,
    as_of: date,
    scorecard: Scorecard | None = ...,
    thresholds: Thresholds = ...,
    workers: int = ...,
    executor: Executor | None = ...,
    block: int = ...,
    errors: Literal["collect"],
) -> Iterator[AccountReview | ReviewFailure]: ...


@checked
def iter_reviews(
    accounts: Iterable[Account],
    *,
    as_of: date,
    scorecard: Scorecard | None = None,
    thresholds: Thresholds = THRESHOLDS,
    workers: int = 1,
    executor: Executor | None = None,
    block: int = BLOCK,
    errors: Literal["raise", "collect"] = "raise",
) -> Iterator[AccountReview] | Iterator[AccountReview | ReviewFailure]:
    """Review accounts as they come, a block at a time, and give the reviews in order.

    Parameters
    ----------
    accounts
        Any iterable of accounts, read a block at a time (an iterator is
        never read ahead by more than the blocks in flight).
    as_of, scorecard, thresholds
        As for :func:`~accountkit.account.review`.
    workers
        Without ``executor``: how many worker processes review the blocks
        (1, the default, reviews them in this process). With ``executor``:
        how many of its workers to keep busy.
    executor
        Where to run the blocks: any :class:`concurrent.futures.Executor`,
        such as a :class:`~concurrent.futures.ProcessPoolExecutor` or a Dask
        cluster's ``client.get_executor()``. It is not shut down. A
        process-based executor needs the script's work under
        ``if __name__ == "__main__":`` (see the how-to "Reviewing a large
        portfolio").
    block
        Accounts a block (default :data:`BLOCK`).
    errors
        ``"raise"`` (the default): the first account that cannot be reviewed
        raises its error. ``"collect"``: it takes its place as a
        :class:`ReviewFailure`, and every other account is reviewed.

    Yields
    ------
    AccountReview or ReviewFailure
        In the order of ``accounts``; the same as
        :func:`~accountkit.account.review` gives each alone.

    Raises
    ------
    ValidationError
        If an item is not an :class:`Account` (at its index, when reached),
        the day is out of range, ``workers`` or ``block`` is below 1, or
        ``errors`` is neither ``"raise"`` nor ``"collect"``.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import sample_portfolio
    >>> for seen in iter_reviews(sample_portfolio(), as_of=date(2026, 6, 30)):
    ...     print(seen.name, seen.band)
    Northwind Logistics amber
    Contoso Health red
    Fabrikam Retail green
    """
    where = "iter_reviews"
    day = check_review_day(as_of, where)
    count = whole_number(workers, where=where, path="workers", minimum=1)
    if count > MAX_WORKERS:
        message = f"expected at most {MAX_WORKERS} workers, got {count:,}"
        raise ValidationError(message, path="workers", root=where)
    size = whole_number(block, where=where, path="block", minimum=1)
    if isinstance(accounts, Sequence) and count > 1:
        # share a known portfolio out in at least two blocks a worker
        size = max(1, min(size, math.ceil(len(accounts) / (2 * count))))
    run = functools.partial(
        review_block,
        as_of=day,
        scorecard=scorecard,
        thresholds=thresholds,
        collect=errors == "collect",
    )
    blocks = _blocks(accounts, size, where)
    if executor is None and count == 1:
        return (outcome for numbered in blocks for outcome in run(numbered))
    return _pooled(blocks, run, executor, count)


def _blocks(
    accounts: Iterable[object], size: int, where: str
) -> Iterator[list[tuple[int, Account]]]:
    """Cut ``accounts`` into numbered blocks, checking each item on the way."""
    current: list[tuple[int, Account]] = []
    for index, account in enumerate(accounts):
        if not isinstance(account, Account):
            message = f"expected an Account, got {type(account).__name__}"
            raise ValidationError(message, path=("accounts", index), root=where)
        current.append((index, account))
        if len(current) == size:
            yield current
            current = []
    if current:
        yield current


def _pooled(
    blocks: Iterator[list[tuple[int, Account]]],
    run: Callable[[list[tuple[int, Account]]], list[AccountReview | ReviewFailure]],
    executor: Executor | None,
    count: int,
) -> Iterator[AccountReview | ReviewFailure]:
    """Run the blocks on ``executor`` (or a pool of ``count`` processes), in order."""
    own = executor is None
    pool = ProcessPoolExecutor(max_workers=count) if executor is None else executor
    pending: deque[Future[list[AccountReview | ReviewFailure]]] = deque()
    try:
        for numbered in blocks:
            pending.append(pool.submit(run, numbered))
            while len(pending) >= 2 * count:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        if own:
            pool.shutdown(cancel_futures=True)


@overload
def review_many(
    accounts: Iterable[Account],
    *,
    as_of: date,
    scorecard: Scorecard | None = ...,
    thresholds: Thresholds = ...,
    workers: int = ...,
    executor: Executor | None = ...,
    block: int = ...,
    progress: Callable[[int, int], None] | None = ...,
    errors: Literal["raise"] = ...,
) -> list[AccountReview]: ...


@overload
def review_many(
    accounts: Iterable[Account],
    *,
    as_of: date,
    scorecard: Scorecard | None = ...,
    thresholds: Thresholds = ...,
    workers: int = ...,
    executor: Executor | None = ...,
    block: int = ...,
    progress: Callable[[int, int], None] | None = ...,
    errors: Literal["collect"],
) -> list[AccountReview | ReviewFailure]: ...


@checked
def review_many(
    accounts: Iterable[Account],
    *,
    as_of: date,
    scorecard: Scorecard | None = None,
    thresholds: Thresholds = THRESHOLDS,
    workers: int = 1,
    executor: Executor | None = None,
    block: int = BLOCK,
    progress: Callable[[int, int], None] | None = None,
    errors: Literal["raise", "collect"] = "raise",
) -> list[AccountReview] | list[AccountReview | ReviewFailure]:
    """Review every account of a portfolio, in order: :func:`iter_reviews` as a list.

    The reviews are those :func:`~accountkit.account.review` gives one
    account at a time, made by the batch engine (:func:`review_block`) a
    block at a time, in this process, in ``workers`` processes, or on
    ``executor``. ``progress`` is called with (accounts done, accounts in
    all) as reviews come in.

    Parameters
    ----------
    errors
        ``"raise"`` (the default): the first account that cannot be reviewed
        raises its error. ``"collect"``: it takes its place in the result as
        a :class:`ReviewFailure`, and every other account is reviewed.

    Raises
    ------
    ValidationError
        If an item is not an :class:`Account` (at its index), ``workers``
        or ``block`` is not a whole number of at least 1, or ``errors`` is
        neither ``"raise"`` nor ``"collect"``.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import sample_portfolio
    >>> seen = review_many(sample_portfolio(), as_of=date(2026, 6, 30))
    >>> [(r.name, r.band) for r in seen]  # doctest: +NORMALIZE_WHITESPACE
    [('Northwind Logistics', 'amber'), ('Contoso Health', 'red'),
     ('Fabrikam Retail', 'green')]
    """
    items = list(accounts)
    found: list[AccountReview | ReviewFailure] = []
    for outcome in iter_reviews(
        items,
        as_of=as_of,
        scorecard=scorecard,
        thresholds=thresholds,
        workers=workers,
        executor=executor,
        block=block,
        errors=errors,
    ):
        found.append(outcome)
        if progress is not None:
            progress(len(found), len(items))
    return found


@checked
def review_lines(
    lines: Iterable[str],
    *,
    as_of: date,
    strict: bool = True,
    scorecard: Scorecard | None = None,
    thresholds: Thresholds = THRESHOLDS,
) -> list[AccountReview | ReviewFailure]:
    r"""Review the accounts of some lines of JSON Lines: one partition of a dataset.

    The function to map over the partitions of a JSON Lines dataset on a
    cluster (``dask.bag.read_text(...).map_partitions(review_lines, ...)``;
    see the how-to "Reviewing a large portfolio"). Each line is read with
    :func:`~accountkit.serialization.iter_portfolio` (the same rules as on
    one machine, ids unique within the lines given) and the accounts are
    reviewed by :func:`review_block`.

    Returns
    -------
    list of AccountReview or ReviewFailure
        One per non-blank line, in order. A line that cannot be read or
        reviewed is a :class:`ReviewFailure` whose ``index`` is the line's
        position among ``lines`` (from 0), with its problems at their paths
        within the line.

    Raises
    ------
    ValidationError
        If the day is outside :data:`~accountkit.account.REVIEW_DAYS`, or an
        item of ``lines`` is not one line of text.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import sample_portfolio
    >>> from accountkit.serialization import to_json
    >>> lines = [to_json(a) + "\n" for a in sample_portfolio()] + ["{oops\n"]
    >>> for seen in review_lines(lines, as_of=date(2026, 6, 30)):
    ...     print(type(seen).__name__, seen.index if seen.name == "" else seen.name)
    AccountReview Northwind Logistics
    AccountReview Contoso Health
    AccountReview Fabrikam Retail
    ReviewFailure 3
    """
    from accountkit.serialization import located_portfolio  # noqa: PLC0415

    as_of = check_review_day(as_of, "review_lines")
    text = io.StringIO("".join(_line(line) for line in lines))
    found: list[tuple[int, Account | ValidationError]] = [
        (int(place.removeprefix("line ").partition(":")[0]) - 1, item)
        for place, item in located_portfolio(text, strict=strict, lines=True)
    ]
    reviewed = iter(
        review_block(
            [(i, a) for i, a in found if isinstance(a, Account)],
            as_of=as_of,
            scorecard=scorecard,
            thresholds=thresholds,
            collect=True,
        )
    )
    return [
        next(reviewed)
        if isinstance(item, Account)
        else ReviewFailure(index=index, account="", name="", problems=item.problems)
        for index, item in found
    ]


def _line(line: object) -> str:
    if not isinstance(line, str):
        message = f"expected a line of text, got {type(line).__name__}"
        raise ValidationError(message, path="lines", root="review_lines")
    text = line.rstrip("\r\n")
    if "\n" in text:
        message = "expected one line, got text with a line break inside"
        raise ValidationError(message, path="lines", root="review_lines")
    return text + "\n"
