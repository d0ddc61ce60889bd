"""The batch review: blocks of accounts, shared forecasts, any executor.

The promise is that ``review_many`` and ``iter_reviews`` give exactly what
``review`` gives each account alone, whatever the block size and wherever
the blocks run; and that the batch engine really shares the forecasts.
"""

import itertools
import json
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountkit.account import (
    Account,
    AccountReview,
    ReviewFailure,
    iter_reviews,
    review,
    review_block,
    review_lines,
    review_many,
    sample_portfolio,
)
from accountkit.errors import Problem, ValidationError
from accountkit.finance import _revenue
from accountkit.serialization import to_dict, to_json
from builders import unknown_override
from strategies.account import accounts, varied

DAY = date(2026, 6, 30)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    portfolio=st.lists(st.one_of(varied(), accounts), min_size=1, max_size=12),
    day=st.sampled_from([DAY, date(2026, 3, 31), date(2026, 12, 31)]),
    block=st.integers(1, 8),
)
def test_the_batch_review_is_the_review_of_each_account_alone(portfolio, day, block):
    alone = [review(account, as_of=day) for account in portfolio]
    assert review_many(portfolio, as_of=day, block=block) == alone
    assert list(iter_reviews(iter(portfolio), as_of=day, block=block)) == alone


def test_the_sample_reviewed_in_blocks_is_the_sample_reviewed_alone():
    portfolio = sample_portfolio()
    alone = [review(account, as_of=DAY) for account in portfolio]
    for block in (1, 2, 3, 250):
        assert review_many(portfolio, as_of=DAY, block=block) == alone


def _copies(count: int) -> list[Account]:
    """Sample accounts under new ids, every other one billed twice as much."""
    samples = sample_portfolio()
    out = []
    for n in range(count):
        account = samples[n % 3]
        if n % 2:
            assert account.invoices is not None
            account = attrs.evolve(
                account,
                invoices=tuple(
                    attrs.evolve(i, amount=i.amount * 2) for i in account.invoices
                ),
            )
        out.append(attrs.evolve(account, id=f"{account.id}-{n}"))
    return out


def test_a_block_makes_its_forecasts_at_once_and_none_alone(monkeypatch):
    """Six accounts, six distinct histories: one forecast_many call per length
    of history and no single forecast; outside a block the table is empty."""
    single: list[object] = []
    batched: list[int] = []
    real_many = _revenue.forecast_many

    def counted(values, *args, **kwargs):
        batched.append(len(values))
        return real_many(values, *args, **kwargs)

    def refuse(*args, **_):
        single.append(args)
        raise AssertionError

    portfolio = _copies(6)
    alone = [review(account, as_of=DAY) for account in portfolio]
    monkeypatch.setattr(_revenue, "forecast", refuse)
    monkeypatch.setattr(_revenue, "forecast_many", counted)
    assert review_block(list(enumerate(portfolio)), as_of=DAY) == alone
    assert single == []
    # the sample's accounts all bill from the same month, so the six
    # histories (three, and the same doubled) have one length: one call
    assert batched == [6]
    assert dict(_revenue.OUTLOOKS.get()) == {}


def test_a_forecast_is_used_only_for_the_history_it_was_made_from():
    """A table made for other billing is never consulted for this one."""
    portfolio = _copies(2)
    alone = review(portfolio[0], as_of=DAY)
    wrong = _revenue.Outlook(mean=1.0, spread=0.0, method=_revenue.SmoothingMethod.ANN)
    key = _revenue.outlook_key(
        portfolio[0].contracts or (),
        portfolio[0].invoices or (),
        year=_revenue.Period.year(2026),
        as_of=DAY,
        credit_notes=portfolio[0].credit_notes or (),
    )
    assert key is not None
    other = ((*key[0][:-1], key[0][-1] + 1), *key[1:])
    token = _revenue.OUTLOOKS.set({other: wrong})  # type: ignore[dict-item]
    try:
        assert review(portfolio[0], as_of=DAY) == alone
    finally:
        _revenue.OUTLOOKS.reset(token)


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_any_executor_gives_the_same_reviews_in_order(kind):
    portfolio = _copies(7)
    alone = [review(account, as_of=DAY) for account in portfolio]
    pool = ThreadPoolExecutor(2) if kind == "threads" else ProcessPoolExecutor(2)
    with pool:
        seen = review_many(portfolio, as_of=DAY, executor=pool, block=2, workers=2)
        assert seen == alone
        # the executor is the caller's: still usable
        assert pool.submit(len, "ab").result() == 2
    assert review_many(portfolio, as_of=DAY, workers=2, block=3) == alone


def test_failures_are_collected_in_place_on_an_executor():
    good = _copies(3)
    # an override of a measure the scorecard lacks fails the whole account
    broken = attrs.evolve(good[1], overrides=(unknown_override(),))
    with ThreadPoolExecutor(2) as pool:
        seen = review_many(
            [good[0], broken, good[2]],
            as_of=DAY,
            executor=pool,
            block=1,
            errors="collect",
        )
    assert [type(s).__name__ for s in seen] == [
        "AccountReview",
        "ReviewFailure",
        "AccountReview",
    ]
    failure = seen[1]
    assert isinstance(failure, ReviewFailure)
    assert (failure.index, failure.account) == (1, broken.id)
    assert failure.problems == (
        Problem(
            ("overrides", 0, "target"), "no measure or group 'nope' in the scorecard"
        ),
    )
    with pytest.raises(ValidationError), ThreadPoolExecutor(2) as pool:
        review_many([good[0], broken], as_of=DAY, executor=pool, block=1)


def test_an_iterator_is_read_a_block_at_a_time():
    pulled: list[int] = []

    def source():
        for n, account in enumerate(itertools.cycle(sample_portfolio())):
            pulled.append(n)
            yield attrs.evolve(account, id=f"a-{n}")

    reviews = iter_reviews(source(), as_of=DAY, block=4)
    first = next(reviews)
    assert isinstance(first, AccountReview)
    assert len(pulled) == 4  # one block, not the endless portfolio
    for _ in range(4):
        next(reviews)
    assert len(pulled) == 8


def test_an_item_that_is_not_an_account_is_named_when_reached():
    def source():
        yield from sample_portfolio()
        yield "acme"

    reviews = iter_reviews(source(), as_of=DAY, block=2)
    with pytest.raises(
        ValidationError, match=r"^iter_reviews\.accounts\[3\]: expected an Account"
    ):
        list(reviews)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"workers": 0},
            r"iter_reviews\.workers: expected a whole number of at least 1",
        ),
        ({"workers": 1025}, r"iter_reviews\.workers: expected at most 1024 workers"),
        ({"block": 0}, r"iter_reviews\.block: expected a whole number of at least 1"),
        ({"executor": "pool"}, r"iter_reviews\.executor: expected"),
        ({"as_of": date(1, 1, 1)}, r"iter_reviews\.as_of: out of the supported"),
    ],
)
def test_bad_options_are_refused_before_any_work(options, message):
    arguments = {"as_of": DAY, **options}
    with pytest.raises(ValidationError, match=message):
        iter_reviews(sample_portfolio(), **arguments)


def test_workers_at_exactly_the_limit_are_accepted():
    [one] = iter_reviews(sample_portfolio()[:1], as_of=DAY, workers=1024)
    assert one.name == "Northwind Logistics"


def test_a_block_raises_the_first_failure_unless_told_to_collect():
    good = _copies(2)
    broken = attrs.evolve(good[1], overrides=(unknown_override(),))
    with pytest.raises(ValidationError, match="no measure or group 'nope'"):
        review_block([(0, good[0]), (1, broken)], as_of=DAY)
    seen = review_block([(0, good[0]), (7, broken)], as_of=DAY, collect=True)
    assert isinstance(seen[1], ReviewFailure)
    assert seen[1].index == 7


def test_an_executor_has_two_blocks_a_worker_in_flight():
    """The input is read only as far as the blocks in flight need."""
    pulled: list[int] = []

    def source():
        for n, account in enumerate(itertools.cycle(sample_portfolio())):
            pulled.append(n)
            yield attrs.evolve(account, id=f"a-{n}")

    with ThreadPoolExecutor(1) as pool:
        reviews = iter_reviews(source(), as_of=DAY, block=2, executor=pool)
        assert isinstance(next(reviews), AccountReview)
        assert len(pulled) == 4  # two blocks of two for one worker
        reviews.close()


def test_review_lines_reads_strictly_by_default_and_collects_failures():
    lines = [to_json(a) for a in sample_portfolio()]
    extra = json.loads(lines[0])
    extra["crm_owner"] = "someone"
    failing = json.loads(lines[1])
    failing["overrides"] = [to_dict(unknown_override())]
    outcomes = review_lines(
        [json.dumps(extra), json.dumps(failing), lines[2]], as_of=DAY
    )
    assert [type(o).__name__ for o in outcomes] == [
        "ReviewFailure",
        "ReviewFailure",
        "AccountReview",
    ]
    unread, failed = outcomes[0], outcomes[1]
    assert isinstance(unread, ReviewFailure)
    assert isinstance(failed, ReviewFailure)
    assert (unread.index, unread.account) == (0, "")
    assert [p.path for p in unread.problems] == [("crm_owner",)]
    assert (failed.index, failed.account, failed.name) == (
        1,
        "contoso",
        "Contoso Health",
    )
    lenient = review_lines([json.dumps(extra)], as_of=DAY, strict=False)
    assert isinstance(lenient[0], AccountReview)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (7, r"^review_lines\.lines: expected a line of text, got int$"),
        ('{"id": "a"}\n{"id": "b"}', r"^review_lines\.lines: expected one line, got"),
    ],
)
def test_review_lines_refuses_what_is_not_one_line(line, message):
    with pytest.raises(ValidationError, match=message):
        review_lines(iter([line]), as_of=DAY)


@pytest.mark.parametrize(
    ("call", "where"),
    [
        (
            lambda day: review_block([(0, sample_portfolio()[0])], as_of=day),
            "review_block",
        ),
        (lambda day: review_lines([], as_of=day), "review_lines"),
    ],
)
@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_a_day_outside_the_review_days_is_refused_by_every_entry(call, where, day):
    """As review and iter_reviews refuse it: never an OverflowError."""
    with pytest.raises(
        ValidationError, match=rf"^{where}\.as_of: out of the supported date range"
    ):
        call(day)
