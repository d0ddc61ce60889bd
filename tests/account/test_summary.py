"""Portfolio summaries: what they count, and that partitions merge to the whole."""

import functools
import itertools
from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit import Money
from accountkit.account import (
    Area,
    PortfolioSummary,
    Priority,
    ReviewFailure,
    review,
    review_many,
    sample_portfolio,
)
from accountkit.errors import ValidationError
from accountkit.finance import FxRate, FxRates

DAY = date(2026, 6, 30)


@functools.cache
def _reviews():
    return tuple(review_many(sample_portfolio(), as_of=DAY))


@st.composite
def reviews(draw):
    """A sample review under a new id and name, with another colour and score."""
    # drawn by position: a review's repr is too long for hypothesis to show
    seen = _reviews()[draw(st.integers(0, len(_reviews()) - 1))]
    score = draw(st.one_of(st.none(), st.floats(0, 100)))
    return attrs.evolve(
        seen,
        account=draw(st.from_regex(r"[a-z]{1,6}", fullmatch=True)),
        name=draw(st.sampled_from(["Acme", "Globex", "Initech", "Umbrella"])),
        band=draw(st.sampled_from(["red", "amber", "green", None, "blue"])),
        health=attrs.evolve(seen.health, score=score),
    )


failures = st.builds(
    ReviewFailure,
    index=st.integers(0, 9),
    account=st.just("bad"),
    name=st.just("Bad"),
    problems=st.just(()),
)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(st.one_of(reviews(), failures), max_size=14),
    cuts=st.lists(st.integers(0, 14), max_size=4),
    keep=st.integers(0, 5),
    turn=st.integers(0, 5),
    backwards=st.booleans(),
)
def test_the_summaries_of_partitions_merge_to_the_summary_of_all(
    items, cuts, keep, turn, backwards
):
    whole = PortfolioSummary.of(items, keep=keep)
    # at least one part; empty parts too
    bounds = [0, *sorted(c for c in cuts if c <= len(items)), len(items)]
    parts = [
        PortfolioSummary.of(items[a:b], keep=keep)
        for a, b in itertools.pairwise(bounds)
    ]
    # in another order: rotated, and perhaps reversed
    turn %= len(parts)
    parts = parts[turn:] + parts[:turn]
    if backwards:
        parts.reverse()
    assert PortfolioSummary.merged(parts) == whole
    left = functools.reduce(PortfolioSummary.merge, parts)
    assert left == whole
    assert whole.reviewed + whole.not_reviewed == len(items)


def test_the_sample_summed_up_by_hand():
    """Counted from the three sample reviews field by field."""
    northwind, contoso, fabrikam = _reviews()
    summary = PortfolioSummary.of([northwind, contoso, fabrikam])
    assert summary.as_of == DAY
    assert (summary.reviewed, summary.not_reviewed, summary.keep) == (3, 0, 10)
    assert [(c.band, c.accounts) for c in summary.colours] == [
        ("red", 1),
        ("amber", 1),
        ("green", 1),
    ]
    # worst first: red, amber, green
    assert [line.account for line in summary.worst] == [
        contoso.account,
        northwind.account,
        fabrikam.account,
    ]
    worst = summary.worst[0]
    # the sample file: Contoso Health keeps its books in GBP
    assert (worst.name, worst.currency, worst.band) == ("Contoso Health", "GBP", "red")
    assert worst.score == contoso.health.score
    assert worst.flags == len(contoso.flags)
    assert worst.now == sum(f.priority is Priority.NOW for f in contoso.flags)
    assert worst.first_flag == contoso.flags[0].message
    # each (area, priority) once per flag, each account once per kind
    every = [f for r in (northwind, contoso, fabrikam) for f in r.flags]
    assert sum(f.flags for f in summary.flags) == len(every)
    for count in summary.flags:
        kind = (count.area, count.priority)
        assert count.flags == sum((f.area, f.priority) == kind for f in every)
        assert count.accounts == sum(
            any((f.area, f.priority) == kind for f in r.flags)
            for r in (northwind, contoso, fabrikam)
        )
    order = [(list(Area).index(c.area), c.priority.value) for c in summary.flags]
    assert order == sorted(order)


def test_totals_are_per_currency_and_count_only_accounts_that_have_the_figure():
    northwind, contoso, fabrikam = _reviews()
    unrecorded = attrs.evolve(
        fabrikam,
        account="quiet",
        receivables=attrs.evolve(fabrikam.receivables, recorded=False),
        revenue=attrs.evolve(fabrikam.revenue, attainment=None),
    )
    summary = PortfolioSummary.of([northwind, contoso, fabrikam, unrecorded])
    totals = {(t.amount.currency, t.measure): t for t in summary.totals}
    currencies = sorted({r.currency for r in (northwind, contoso, fabrikam)})
    assert [t.amount.currency for t in summary.totals] == sorted(
        t.amount.currency for t in summary.totals
    )
    for currency in currencies:
        mine = [r for r in (northwind, contoso, fabrikam) if r.currency == currency]
        opened = totals[currency, "open"]
        assert opened.accounts == len(mine)  # not the unrecorded one
        assert opened.amount == sum(
            (r.receivables.open for r in mine), Money.zero(currency)
        )
        billed = totals[currency, "billed_to_date"]
        assert billed.accounts == sum(r.revenue.attainment is not None for r in mine)
        service = totals[currency, "service_credits"]
        assert service.amount == sum(
            (r.service.credits_this_year for r in mine), Money.zero(currency)
        )
    # the service position of the unrecorded copy is recorded, so it counts
    assert totals[unrecorded.currency, "service_credits"].accounts == 1 + sum(
        r.currency == unrecorded.currency for r in (northwind, contoso, fabrikam)
    )


def test_keep_bounds_the_worst_list_at_exactly_its_value():
    items = list(_reviews())
    assert PortfolioSummary.of(items, keep=0).worst == ()
    assert len(PortfolioSummary.of(items, keep=2).worst) == 2
    assert len(PortfolioSummary.of(items, keep=3).worst) == 3
    merged = PortfolioSummary.of(items, keep=2).merge(
        PortfolioSummary.of(items, keep=1)
    )
    assert merged.keep == 1
    assert len(merged.worst) == 1
    with pytest.raises(
        ValidationError, match=r"^PortfolioSummary\.of\.keep: expected a whole number"
    ):
        PortfolioSummary.of(items, keep=-1)


def test_an_empty_summary_merges_with_any():
    summary = PortfolioSummary.of(_reviews())
    empty = PortfolioSummary.merged([])
    assert (empty.as_of, empty.reviewed, empty.colours, empty.worst) == (
        None,
        0,
        (),
        (),
    )
    assert PortfolioSummary.of([]) == empty
    assert empty.merge(summary) == summary
    assert summary.merge(empty) == summary


def test_reviews_of_different_days_are_not_summed_up_together():
    one = review(sample_portfolio()[0], as_of=DAY)
    other = review(sample_portfolio()[0], as_of=date(2026, 5, 31))
    with pytest.raises(
        ValidationError,
        match=(
            r"^PortfolioSummary\.of\.reviews\[1\]: reviewed as of 2026-05-31, the "
            r"others as of 2026-06-30$"
        ),
    ):
        PortfolioSummary.of([one, other])
    with pytest.raises(
        ValidationError,
        match=r"^PortfolioSummary\.merge\.other: cannot merge reviews as of 2026-05-31",
    ):
        PortfolioSummary.of([one]).merge(PortfolioSummary.of([other]))
    with pytest.raises(ValidationError, match=r"^PortfolioSummary\.of\.reviews\[0\]"):
        PortfolioSummary.of(["x"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"^PortfolioSummary\.merge\.other"):
        PortfolioSummary.of([one]).merge("x")  # type: ignore[arg-type]


def test_colours_and_the_worst_list_go_red_amber_none_green_then_others():
    """Ties on the colour's rank would fall to the score and the name; the
    scores and names here are chosen so that any such tie reorders them."""
    base = _reviews()[0]

    def seen(account, name, band, score):
        return attrs.evolve(
            base,
            account=account,
            name=name,
            band=band,
            health=attrs.evolve(base.health, score=score),
        )

    items = [
        seen("g", "Green", "green", 1.0),
        seen("n", "None", None, 5.0),
        seen("a", "Abe", "amber", 99.0),
        seen("r", "Zed", "red", 99.0),
        seen("b", "Blue", "blue", 0.0),
    ]
    summary = PortfolioSummary.of(items)
    assert [c.band for c in summary.colours] == ["red", "amber", None, "green", "blue"]
    assert [line.account for line in summary.worst] == ["r", "a", "n", "g", "b"]


def test_a_summary_keeps_ten_worst_by_default_and_scores_up_to_100():
    items = [
        attrs.evolve(r, account=f"{r.account}-{n}")
        for n in range(4)
        for r in _reviews()
    ]
    assert len(items) == 12
    summary = PortfolioSummary.of(items)
    assert (summary.keep, len(summary.worst)) == (10, 10)
    built = attrs.evolve(summary, worst=())
    assert (
        PortfolioSummary(
            as_of=None,
            reviewed=0,
            not_reviewed=0,
            colours=(),
            flags=(),
            totals=(),
            worst=(),
        ).keep
        == 10
    )
    assert built.keep == 10
    line = summary.worst[0]
    assert attrs.evolve(line, score=100.0).score == 100.0
    with pytest.raises(ValidationError, match=r"^AccountLine\.score: "):
        attrs.evolve(line, score=100.5)
    with pytest.raises(ValidationError, match=r"^AccountLine\.score: "):
        attrs.evolve(line, score=-0.5)


def test_what_is_not_reviews_or_summaries_is_refused_by_name():
    with pytest.raises(
        ValidationError,
        match=r"^PortfolioSummary\.of\.reviews: expected reviews, got int",
    ):
        PortfolioSummary.of(5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^PortfolioSummary\.of\.reviews: "):
        PortfolioSummary.of("reviews")  # type: ignore[arg-type]
    one = PortfolioSummary.of(_reviews())
    with pytest.raises(
        ValidationError,
        match=r"^PortfolioSummary\.merged\.parts\[1\]: expected a PortfolioSummary, got str",
    ):
        PortfolioSummary.merged([one, "x"])  # type: ignore[list-item]


@pytest.mark.parametrize("bad", [-1, True, 1.0, "1"])
def test_a_summary_count_is_a_whole_number_of_at_least_zero(bad):
    """Each count of a summary's records is checked and named; 0 is allowed."""
    seen = PortfolioSummary.of(review_many(sample_portfolio(), as_of=date(2026, 6, 30)))
    colour = seen.colours[0]
    assert attrs.evolve(colour, accounts=0).accounts == 0
    assert attrs.evolve(seen, not_reviewed=0).not_reviewed == 0
    for record, field in (
        (colour, "accounts"),
        (seen.flags[0], "flags"),
        (seen.worst[0], "now"),
        (seen, "reviewed"),
        (seen, "keep"),
    ):
        with pytest.raises(ValidationError) as caught:
            attrs.evolve(record, **{field: bad})
        assert str(caught.value) == (
            f"{type(record).__name__}.{field}: expected a whole number of at least "
            f"0, got {bad!r}"
        )


# --- totals in one currency (issue 17) ------------------------------------------


def _ecb():
    day = date(2026, 6, 30)
    return FxRates(
        pivot="EUR",
        rates=(
            FxRate(base="EUR", quote="USD", rate="1.0850", on=day, source="ECB"),
            FxRate(base="EUR", quote="GBP", rate="0.8550", on=day, source="ECB"),
        ),
    )


def test_the_portfolio_totals_in_one_currency_are_worked_by_hand():
    """The sample's billed to date: EUR 330,000 + GBP 372,000 / 0.8550
    (435,087.719... -> 435,087.72) + USD 510,000 / 1.0850 (470,046.082... ->
    470,046.08) = EUR 1,235,133.80; contracted for the year: 600,720 (480,000
    for the desk, and for data platform support 6 x 15,000 + 2 x 15,360 after
    its price review of 1 July, +2.4%) + 652,631.578... (652,631.58) +
    940,092.165... (940,092.17) = 2,193,443.75."""
    summary = PortfolioSummary.of(
        review_many(sample_portfolio(), as_of=date(2026, 6, 30))
    )
    totals = {t.measure: t for t in summary.totals_in("EUR", rates=_ecb())}
    billed = totals["billed_to_date"]
    assert billed.amount == Money("1235133.80", "EUR")
    assert billed.accounts == 3
    assert [(c.amount, c.converted, c.quote.route) for c in billed.conversions] == [
        (Money("372000", "GBP"), Money("435087.72", "EUR"), "inverse"),
        (Money("510000", "USD"), Money("470046.08", "EUR"), "inverse"),
    ]
    assert totals["contracted_for_year"].amount == Money("2193443.75", "EUR")
    assert list(totals) == [
        "billed_to_date",
        "contracted_for_year",
        "open",
        "overdue",
        "service_credits",
    ]


def test_totals_in_a_currency_without_a_rate_are_refused():
    summary = PortfolioSummary.of(
        review_many(sample_portfolio(), as_of=date(2026, 6, 30))
    )
    with pytest.raises(
        ValidationError, match=r"no GBP/EUR rate on or before 2026-06-30"
    ):
        summary.totals_in("EUR", rates=FxRates(rates=()))
    with pytest.raises(ValidationError, match=r"unknown currency code 'EUX'"):
        summary.totals_in("EUX", rates=_ecb())


def test_an_empty_summary_needs_a_day_for_its_totals():
    empty = PortfolioSummary.of([])
    with pytest.raises(ValidationError, match=r"an empty summary has no review day"):
        empty.totals_in("EUR", rates=_ecb())
    assert empty.totals_in("EUR", rates=_ecb(), on=date(2026, 6, 30)) == ()


def test_lines_that_tie_on_standing_keep_one_order_whichever_part_they_come_from():
    """Two reviews under one id, name, colour and score (found by the merge
    property once the sample grew a flag): the rest of the line settles it,
    currency first (EUR before GBP), whichever part holds which."""
    northwind, contoso, _ = _reviews()
    one = attrs.evolve(contoso, account="x", name="X", band="red")
    two = attrs.evolve(northwind, account="x", name="X", band="red")
    two = attrs.evolve(two, health=attrs.evolve(two.health, score=one.health.score))
    whole = PortfolioSummary.of([one, two], keep=1)
    swapped = PortfolioSummary.merged(
        [PortfolioSummary.of([two], keep=1), PortfolioSummary.of([one], keep=1)]
    )
    assert whole == swapped
    assert (whole.worst[0].currency, whole.worst[0].flags) == ("EUR", len(two.flags))
