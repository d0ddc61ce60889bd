"""Indexation: prices reviewed against an index the user supplies (CPI-style)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from accountkit._ratios import rounded
from accountkit._validators import (
    decimal,
    exact_decimal,
    fraction_between,
    identifier,
    optional_date,
    optional_decimal,
    plain_date,
    text,
    whole_number,
)
from accountkit.errors import ValidationError
from accountkit.periods import Period, add_months

__all__ = ["IndexSeries", "IndexValue", "Indexation"]

_MONTHS_PER_YEAR: Final = 12
_LONGEST_LAG: Final = 24
_MOST_PLACES: Final = 6
_CHANGE = fraction_between(
    Decimal("-0.5"), Decimal(1), meaning="a yearly change, 0.02 for 2%"
)


def _first_of_month(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    plain_date(instance, attribute, value)
    if isinstance(value, date) and value.day != 1:
        message = f"an index value is for a month: give its first day, got {value}"
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


def _positive(
    instance: object, attribute: "attrs.Attribute[Any]", value: object
) -> None:
    exact_decimal(instance, attribute, value)
    if isinstance(value, Decimal) and value <= 0:
        message = f"an index value is above 0, got {value}"
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


@attrs.frozen(kw_only=True)
class IndexValue:
    """The published value of an index for one month (its first day)."""

    month: date = attrs.field(validator=_first_of_month)
    value: Decimal = attrs.field(converter=decimal, validator=_positive)


def _ascending(
    _instance: object, _attribute: object, value: tuple[IndexValue, ...]
) -> None:
    for index in range(1, len(value)):
        if value[index].month <= value[index - 1].month:
            message = (
                f"{value[index].month} follows {value[index - 1].month}: months go "
                "in ascending order, each once"
            )
            raise ValidationError(
                message, path=("values", index, "month"), root="IndexSeries"
            )


@attrs.frozen(kw_only=True)
class IndexSeries:
    """An index the user supplies, month by month (a consumer price index, say).

    Parameters
    ----------
    id
        How a contract's indexation names it (``uk-cpi``).
    values
        The published values, one per month, in ascending order.
    name
        What people call it ("UK CPI, ONS series D7BT").
    assumed_change
        The yearly change assumed at a review whose index value is not
        published yet (0.02 for 2%): the stated assumption behind a contract
        value that runs into the future. Without it such a review is an error.
    """

    id: str = attrs.field(validator=identifier)
    values: tuple[IndexValue, ...] = attrs.field(validator=_ascending)
    name: str = attrs.field(default="", validator=text)
    assumed_change: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=_CHANGE
    )

    def value_for(self, month: date) -> Decimal | None:
        """Return the published value for ``month`` (its first day), or None."""
        return next((v.value for v in self.values if v.month == month), None)


def _lag(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    whole_number(value, where=type(instance).__name__, path=attribute.name, minimum=0)
    if isinstance(value, int) and value > _LONGEST_LAG:
        message = f"a lag of at most {_LONGEST_LAG} months, got {value}"
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


def _places(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is None:
        return
    whole_number(value, where=type(instance).__name__, path=attribute.name, minimum=0)
    if isinstance(value, int) and value > _MOST_PLACES:
        message = f"at most {_MOST_PLACES} decimal places, got {value}"
        raise ValidationError(
            message, path=attribute.name, root=type(instance).__name__
        )


@attrs.frozen(kw_only=True)
class Indexation:
    r"""A price reviewed every year against an index.

    At each review the price moves by the index's change since the last
    review: the value for the review month less ``lag_months``, over the value
    a year before it. The change may be rounded (``change_places``) and is then
    held between ``floor`` and ``cap`` (a collar when both are given). The
    price in review year :math:`k` is
    :math:`\mathrm{round}(p_0 \prod_{j \le k} (1 + c_j))`, rounded once to
    the minor unit from the signed price, as a fixed escalation is.

    Parameters
    ----------
    index
        The :class:`IndexSeries` (by id) among the contract's ``indices``.
    review_on
        The first review, then every year on the same day; ``None`` for each
        anniversary of the term's start.
    lag_months
        How many months before the review month the index value is taken
        (0 to 24; 3 for "the index published for the month three months
        before").
    floor, cap
        The least and the most a review may change the price by (0 for
        "upward only"; 0.05 for "at most 5%").
    change_places
        Decimal places the change is rounded to, half up, before the floor and
        cap (3 for a change read to a tenth of a percent); ``None`` for the
        exact change.

    Examples
    --------
    >>> clause = Indexation(index="uk-cpi", lag_months=3, floor="0", cap="0.05")
    >>> clause.floor, clause.cap, clause.review_on
    (Decimal('0'), Decimal('0.05'), None)
    """

    index: str = attrs.field(validator=identifier)
    review_on: date | None = attrs.field(default=None, validator=optional_date)
    lag_months: int = attrs.field(default=0, validator=_lag)
    floor: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=_CHANGE
    )
    cap: Decimal | None = attrs.field(
        default=None, converter=optional_decimal, validator=_CHANGE
    )
    change_places: int | None = attrs.field(default=None, validator=_places)

    def __attrs_post_init__(self) -> None:
        if self.floor is not None and self.cap is not None and self.floor > self.cap:
            message = f"the floor {self.floor} is above the cap {self.cap}"
            raise ValidationError(message, path="floor", root="Indexation")

    def anchor(self, term: Period) -> date:
        """Return the day price years count from (a year before the first review)."""
        if self.review_on is None:
            return term.start
        return add_months(self.review_on, -_MONTHS_PER_YEAR)

    def review_dates(self, term: Period) -> tuple[date, ...]:
        """Return the days the price is reviewed within ``term``, in order.

        A year after :meth:`anchor`, then every year on the same day (the
        29th of February falls on the 28th in other years); a review on or
        after the end of the term never happens.
        """
        anchor = self.anchor(term)
        found: list[date] = []
        while (
            review := add_months(anchor, (len(found) + 1) * _MONTHS_PER_YEAR)
        ) < term.end:
            found.append(review)
        return tuple(found)

    def factors(
        self, series: IndexSeries, *, term: Period, years: int
    ) -> list[tuple[Fraction, str]]:
        """Return the price factor and the latest review's words, year by year.

        Year 0 (before the first review) is ``(1, "")``; year ``k`` carries the
        product of the first ``k`` changes. A review on or after the end of
        the term never happens: its year keeps the price before it.
        """
        anchor = self.anchor(term)
        month = _month(add_months(anchor, -self.lag_months))
        previous = series.value_for(month)
        if previous is None:
            message = (
                f"{series.id} has no value for {month:%Y-%m}, the base month of "
                f"the price reviews"
            )
            raise ValidationError(message, path="index", root="Indexation")
        last: tuple[date, Fraction, str] = (month, Fraction(previous), str(previous))
        found = [(Fraction(1), "")]
        reviews = self.review_dates(term)
        for year in range(1, years):
            if year > len(reviews):
                found.append(found[-1])
                continue
            review = reviews[year - 1]
            change, value, words = self._review(series, review, last)
            factor = found[-1][0] * (1 + change)
            found.append((factor, f"review {review}: {words}"))
            last = (_month(add_months(review, -self.lag_months)), *value)
        return found

    def _review(
        self, series: IndexSeries, review: date, last: tuple[date, Fraction, str]
    ) -> tuple[Fraction, tuple[Fraction, str], str]:
        """Return a review's change, the index value it leaves, and its words.

        The value comes exact and in words (assumed values have no published
        text).
        """
        month = _month(add_months(review, -self.lag_months))
        published = series.value_for(month)
        before, value_before, shown_before = last
        if published is None:
            if series.assumed_change is None:
                message = (
                    f"{series.id} has no value for {month:%Y-%m} (the review on "
                    f"{review}) and no assumed change; give the value or state an "
                    "assumption (IndexSeries.assumed_change)"
                )
                raise ValidationError(message, path="index", root="Indexation")
            raw = Fraction(series.assumed_change)
            words = (
                f"{series.id} {month:%Y-%m} not published, assumed change {_pct(raw)}"
            )
            value = value_before * (1 + raw)
            shown = _shown(value)
        else:
            value, shown = Fraction(published), str(published)
            raw = value / value_before - 1
            words = (
                f"{series.id} {month:%Y-%m} {published} over {before:%Y-%m} "
                f"{shown_before}, change {_pct(raw)}"
            )
        change = raw
        if self.change_places is not None:
            # rounded once from the exact change (no decimal division first)
            change = Fraction(
                rounded(raw, self.change_places, "ROUND_HALF_UP", where="Indexation")
            )
            if change != raw:
                words += f", rounded to {_pct(change)}"
        if self.floor is not None and change < self.floor:
            change = Fraction(self.floor)
            words += f", raised to the floor {_pct(change)}"
        if self.cap is not None and change > self.cap:
            change = Fraction(self.cap)
            words += f", held to the cap {_pct(change)}"
        return change, (value, shown), words


def _month(day: date) -> date:
    return day.replace(day=1)


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _shown(value: Fraction) -> str:
    """Write an index value exactly, or to 4 places and "..." when it runs on."""
    exact = _decimal(value)
    if Fraction(exact) == value:
        return f"{exact.normalize():f}"
    return f"{exact:.4f}..."


def _pct(change: Fraction) -> str:
    """Write a change as a percentage, to at most 4 places ("..." beyond)."""
    percent = change * 100
    shown = f"{_decimal(percent):.4f}".rstrip("0").rstrip(".")
    exact = Fraction(Decimal(shown)) == percent
    return f"{shown}%" if exact else f"{shown}...%"


def index_for(
    name: str, indices: Sequence[IndexSeries], path: tuple[str | int, ...], root: str
) -> IndexSeries:
    """Return the series ``name`` among ``indices``, or say it is missing."""
    for series in indices:
        if series.id == name:
            return series
    known = sorted(s.id for s in indices)
    message = f"no index {name!r} among the contract's indices (known: {known})"
    raise ValidationError(message, path=path, root=root)
