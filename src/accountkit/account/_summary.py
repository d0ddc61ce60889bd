"""The portfolio at a glance, from summaries that merge.

A :class:`PortfolioSummary` of some reviews merges with the summary of
others into the summary of all of them, in any grouping and any order, so a
portfolio reviewed in partitions (blocks of a stream, or the partitions of a
Dask bag) is summed up where each partition is reviewed and only the small
summaries travel.
"""

import heapq
from collections import Counter
from collections.abc import Iterable
from datetime import date

import attrs

from accountkit._checked import listed
from accountkit._validators import count, finite_float, whole_number
from accountkit.account._basis import Area, Priority
from accountkit.account._review import AccountReview, ReviewFailure
from accountkit.errors import ValidationError
from accountkit.finance import Conversion, FxRates
from accountkit.money import DEFAULT_ROUNDING, Money, check_currency

__all__ = [
    "TOTALS",
    "AccountLine",
    "ColourCount",
    "ConvertedTotal",
    "CurrencyTotal",
    "FlagCount",
    "PortfolioSummary",
    "standing",
]

_BAND_ORDER = {"red": 0, "amber": 1, None: 2, "green": 3}

TOTALS = (
    "billed_to_date",
    "contracted_for_year",
    "open",
    "overdue",
    "service_credits",
)
"""What is totalled per currency, in this order: billed to date and
contracted for the year (revenue), open and overdue receivables, and service
credits this year."""


def standing(
    band: str | None, score: float | None, name: str, account: str
) -> tuple[int, float, str, str]:
    """Return where an account stands, worst first.

    Red, then amber, then no colour (insufficient data), then green, then
    other bands; within a colour the lowest score first (no score last),
    then by name and id.
    """
    return (
        _BAND_ORDER.get(band, len(_BAND_ORDER)),
        float("inf") if score is None else score,
        name,
        account,
    )


_SCORE = attrs.validators.optional(finite_float("score", low=0, high=100))


def _in_order(line: "AccountLine") -> tuple[object, ...]:
    """Order the worst lines totally: by standing, then by everything else.

    Two lines may tie on colour, score, name and id (a portfolio may hold an
    id twice); the rest of the line settles it, so that summaries merged in
    any order keep the same worst lines.
    """
    return (*line.standing(), line.currency, -line.now, -line.flags, line.first_flag)


@attrs.frozen(kw_only=True)
class ColourCount:
    """How many accounts have a colour (``band`` None: no colour)."""

    band: str | None
    accounts: int = attrs.field(validator=count)


@attrs.frozen(kw_only=True)
class FlagCount:
    """How many flags of an area and priority, on how many accounts."""

    area: Area
    priority: Priority
    flags: int = attrs.field(validator=count)
    accounts: int = attrs.field(validator=count)


@attrs.frozen(kw_only=True)
class CurrencyTotal:
    """One total of one currency, over the accounts that have it.

    ``accounts`` counts the accounts whose reviews have the figure: missing
    is not zero, so an account without it adds nothing and is not counted.
    """

    measure: str
    """One of :data:`TOTALS`."""
    amount: Money
    accounts: int = attrs.field(validator=count)


@attrs.frozen(kw_only=True)
class ConvertedTotal:
    """One total of the whole portfolio in one currency, and how it was made.

    The per-currency totals of a measure, each converted at a rate table's
    rate (rounded once each, as :meth:`~accountkit.finance.FxRates.convert`
    does) and added.
    """

    measure: str
    """One of :data:`TOTALS`."""
    amount: Money
    accounts: int = attrs.field(validator=count)
    """The accounts whose reviews have the figure, in every currency."""
    conversions: tuple[Conversion, ...]
    """One for each currency that was converted, with its rate and route."""


@attrs.frozen(kw_only=True)
class AccountLine:
    """One account in the list of the worst."""

    account: str
    name: str
    currency: str
    band: str | None
    score: float | None = attrs.field(validator=_SCORE)
    now: int = attrs.field(validator=count)
    """Its flags to act on now."""
    flags: int = attrs.field(validator=count)
    first_flag: str
    """The message of its first flag ('' without flags)."""

    def standing(self) -> tuple[int, float, str, str]:
        """Return where it stands, worst first (see :func:`standing`)."""
        return standing(self.band, self.score, self.name, self.account)


@attrs.frozen(kw_only=True)
class PortfolioSummary:
    """Counts by colour, flags by area, totals per currency, and the worst accounts.

    Build one with :meth:`of`; combine with :meth:`merge` (or
    :meth:`merged`). Merging is associative and commutative: the summary of
    partitions merged is the summary of the whole portfolio.

    Examples
    --------
    >>> from datetime import date
    >>> from accountkit.account import review_many, sample_portfolio
    >>> reviews = review_many(sample_portfolio(), as_of=date(2026, 6, 30))
    >>> whole = PortfolioSummary.of(reviews)
    >>> first, rest = PortfolioSummary.of(reviews[:1]), PortfolioSummary.of(reviews[1:])
    >>> first.merge(rest) == whole
    True
    >>> [(c.band, c.accounts) for c in whole.colours]
    [('red', 1), ('amber', 1), ('green', 1)]
    >>> [line.name for line in whole.worst]
    ['Contoso Health', 'Northwind Logistics', 'Fabrikam Retail']
    """

    as_of: date | None
    """The review day (``None`` when nothing is summed up)."""
    reviewed: int = attrs.field(validator=count)
    not_reviewed: int = attrs.field(validator=count)
    colours: tuple[ColourCount, ...]
    """Worst colour first; only colours some account has."""
    flags: tuple[FlagCount, ...]
    """By area in review order, then by priority."""
    totals: tuple[CurrencyTotal, ...]
    """By currency, then in the order of :data:`TOTALS`."""
    worst: tuple[AccountLine, ...]
    """The ``keep`` worst accounts, worst first."""
    keep: int = attrs.field(default=10, validator=count)

    @classmethod
    def of(
        cls,
        reviews: Iterable[AccountReview | ReviewFailure],
        *,
        keep: int = 10,
    ) -> "PortfolioSummary":
        """Sum up ``reviews`` (failures are counted as not reviewed).

        Raises
        ------
        ValidationError
            If the reviews are of different days, an item is neither a
            review nor a failure, or ``keep`` is below 0.
        """
        return _of(reviews, keep)

    def merge(self, other: "PortfolioSummary") -> "PortfolioSummary":
        """Return the summary of both portfolios.

        Raises
        ------
        ValidationError
            If the two are of different review days.
        """
        return _merge(self, other)

    def totals_in(
        self,
        currency: str,
        *,
        rates: FxRates,
        on: date | None = None,
        rounding: str = DEFAULT_ROUNDING,
    ) -> tuple[ConvertedTotal, ...]:
        """Return each of :data:`TOTALS` for the whole portfolio in ``currency``.

        Each currency's total is converted at ``rates`` on ``on`` (the
        review day unless given) and the results added; a total already in
        ``currency`` is added as it is. A measure no account has is left out
        (missing is not zero).

        Raises
        ------
        ValidationError
            If the table has no rate for a currency on the day (money in two
            currencies is never added without one), or as
            :meth:`~accountkit.finance.FxRates.convert`.

        Examples
        --------
        >>> from datetime import date
        >>> from accountkit.account import review_many, sample_portfolio
        >>> from accountkit.finance import FxRate, FxRates
        >>> day = date(2026, 6, 30)
        >>> ecb = FxRates(pivot="EUR", rates=(
        ...     FxRate(base="EUR", quote="USD", rate="1.0850", on=day, source="ECB"),
        ...     FxRate(base="EUR", quote="GBP", rate="0.8550", on=day, source="ECB")))
        >>> summary = PortfolioSummary.of(review_many(sample_portfolio(), as_of=day))
        >>> totals = summary.totals_in("EUR", rates=ecb)
        >>> [(t.measure, str(t.amount)) for t in totals][:2]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('billed_to_date', 'EUR 1,235,133.80'),
         ('contracted_for_year', 'EUR 2,193,443.75')]
        """
        day = self.as_of if on is None else on
        if day is None:
            message = "an empty summary has no review day: give on="
            raise ValidationError(message, path="on", root="PortfolioSummary.totals_in")
        check_currency(currency, where="PortfolioSummary.totals_in")
        found = []
        for measure in TOTALS:
            parts = [t for t in self.totals if t.measure == measure]
            if not parts:
                continue
            conversions = tuple(
                rates.convert(t.amount, currency, on=day, rounding=rounding)
                for t in parts
                if t.amount.currency != currency
            )
            kept = [t.amount for t in parts if t.amount.currency == currency]
            amount = Money.total(
                [*kept, *(c.converted for c in conversions)], currency=currency
            )
            found.append(
                ConvertedTotal(
                    measure=measure,
                    amount=amount,
                    accounts=sum(t.accounts for t in parts),
                    conversions=conversions,
                )
            )
        return tuple(found)

    @classmethod
    def merged(cls, parts: Iterable["PortfolioSummary"]) -> "PortfolioSummary":
        """Return the summary of every part (the empty summary for none).

        Raises
        ------
        ValidationError
            If a part is not a summary, or the parts are of different days.
        """
        where = "PortfolioSummary.merged"
        checked = listed(parts, PortfolioSummary, root=where, name="parts")
        return _merged(checked, where, "parts")


_KEEP = 10
"""How many worst accounts a summary keeps by default."""


class _Tally:
    """Counts and totals being added up, from reviews or from summaries."""

    def __init__(self) -> None:
        self.day: date | None = None
        self.reviewed = 0
        self.failed = 0
        self.colours: Counter[str | None] = Counter()
        self.flags: Counter[tuple[Area, Priority]] = Counter()
        self.flagged: Counter[tuple[Area, Priority]] = Counter()
        self.amounts: dict[tuple[str, str], Money] = {}
        self.counted: Counter[tuple[str, str]] = Counter()
        self.lines: list[AccountLine] = []

    def same_day(self, day: date) -> str:
        """Say why ``day`` cannot be added ('' if it can) and keep it."""
        if self.day is not None and day != self.day:
            return f"{day.isoformat()}, the others as of {self.day.isoformat()}"
        self.day = day
        return ""

    def total(self, currency: str, measure: str, amount: Money, accounts: int) -> None:
        key = (currency, measure)
        known = self.amounts.get(key)
        self.amounts[key] = amount if known is None else known + amount
        self.counted[key] += accounts

    def review(self, item: AccountReview) -> None:
        self.reviewed += 1
        self.colours[item.band] += 1
        kinds = Counter((f.area, f.priority) for f in item.flags)
        self.flags.update(kinds)
        self.flagged.update(kinds.keys())
        for measure, amount in _figures(item):
            self.total(amount.currency, measure, amount, 1)
        self.lines.append(_line(item))

    def part(self, part: PortfolioSummary) -> None:
        self.reviewed += part.reviewed
        self.failed += part.not_reviewed
        for colour in part.colours:
            self.colours[colour.band] += colour.accounts
        for flag in part.flags:
            self.flags[flag.area, flag.priority] += flag.flags
            self.flagged[flag.area, flag.priority] += flag.accounts
        for total in part.totals:
            self.total(
                total.amount.currency, total.measure, total.amount, total.accounts
            )
        self.lines += part.worst

    def summary(self, keep: int) -> PortfolioSummary:
        return PortfolioSummary(
            as_of=self.day,
            reviewed=self.reviewed,
            not_reviewed=self.failed,
            colours=_colours(self.colours),
            flags=_flags(self.flags, self.flagged),
            totals=_totals(self.amounts, self.counted),
            worst=tuple(heapq.nsmallest(keep, self.lines, key=_in_order)),
            keep=keep,
        )


def _of(
    reviews: Iterable[AccountReview | ReviewFailure], keep: int
) -> PortfolioSummary:
    where = "PortfolioSummary.of"
    whole_number(keep, where=where, path="keep", minimum=0)
    given: object = reviews
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        message = f"expected reviews, got {type(reviews).__name__}"
        raise ValidationError(message, path="reviews", root=where)
    tally = _Tally()
    for index, item in enumerate(reviews):
        if isinstance(item, ReviewFailure):
            tally.failed += 1
            continue
        if not isinstance(item, AccountReview):
            message = (
                f"expected an AccountReview or ReviewFailure, got {type(item).__name__}"
            )
            raise ValidationError(message, path=("reviews", index), root=where)
        other = tally.same_day(item.as_of)
        if other:
            message = f"reviewed as of {other}"
            raise ValidationError(message, path=("reviews", index), root=where)
        tally.review(item)
    return tally.summary(keep)


def _figures(item: AccountReview) -> Iterable[tuple[str, Money]]:
    """Give the figures of one review that are totalled, where it has them."""
    found = item.revenue.attainment
    if found is not None:
        yield "billed_to_date", found.billed_to_date
        yield "contracted_for_year", found.contracted_for_year
    if item.receivables.recorded:
        yield "open", item.receivables.open
        yield "overdue", item.receivables.overdue
    if item.service.recorded:
        yield "service_credits", item.service.credits_this_year


def _line(item: AccountReview) -> AccountLine:
    return AccountLine(
        account=item.account,
        name=item.name,
        currency=item.currency,
        band=item.band,
        score=item.health.score,
        now=sum(f.priority is Priority.NOW for f in item.flags),
        flags=len(item.flags),
        first_flag=item.flags[0].message if item.flags else "",
    )


def _colours(counts: Counter[str | None]) -> tuple[ColourCount, ...]:
    order = sorted(
        counts, key=lambda b: (_BAND_ORDER.get(b, len(_BAND_ORDER)), b or "")
    )
    return tuple(ColourCount(band=b, accounts=counts[b]) for b in order)


_AREA_ORDER = {area: index for index, area in enumerate(Area)}


def _flags(
    flags: Counter[tuple[Area, Priority]], flagged: Counter[tuple[Area, Priority]]
) -> tuple[FlagCount, ...]:
    order = sorted(flags, key=lambda k: (_AREA_ORDER[k[0]], k[1].value))
    return tuple(
        FlagCount(area=a, priority=p, flags=flags[a, p], accounts=flagged[a, p])
        for a, p in order
    )


_MEASURE_ORDER = {measure: index for index, measure in enumerate(TOTALS)}


def _totals(
    amounts: dict[tuple[str, str], Money], counted: Counter[tuple[str, str]]
) -> tuple[CurrencyTotal, ...]:
    order = sorted(amounts, key=lambda k: (k[0], _MEASURE_ORDER[k[1]]))
    return tuple(
        CurrencyTotal(measure=m, amount=amounts[c, m], accounts=counted[c, m])
        for c, m in order
    )


def _merge(one: PortfolioSummary, other: PortfolioSummary) -> PortfolioSummary:
    if not isinstance(other, PortfolioSummary):
        message = f"expected a PortfolioSummary, got {type(other).__name__}"
        raise ValidationError(message, path="other", root="PortfolioSummary.merge")
    return _merged([one, other], "PortfolioSummary.merge", "other")


def _merged(
    parts: Iterable[PortfolioSummary], where: str, path: str
) -> PortfolioSummary:
    """Merge every part in one pass (the parts of many blocks, or two)."""
    tally = _Tally()
    keep: int | None = None
    for part in parts:
        other = "" if part.as_of is None else tally.same_day(part.as_of)
        if other:
            message = f"cannot merge reviews as of {other}"
            raise ValidationError(message, path=path, root=where)
        keep = part.keep if keep is None else min(keep, part.keep)
        tally.part(part)
    return tally.summary(_KEEP if keep is None else keep)
