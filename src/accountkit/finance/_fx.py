"""Exchange rates: an exact, dated table, and conversions that say which rate they used.

A rate says that one unit of ``base`` buys ``rate`` units of ``quote`` on a
day (``EUR/USD 1.0850``: one euro buys 1.0850 dollars). A table answers for any
two currencies on a day with the latest rate on or before it:

- **direct**, when the table quotes the pair;
- **inverse**, when it quotes the pair the other way round (``1 / rate``);
- **cross**, through the table's ``pivot`` currency (central banks quote
  every rate against one: the ECB against the euro), as
  ``pivot/quote / pivot/base``.

The rate is kept as an exact fraction of the quoted decimals, so an inverse or
a cross rate loses nothing; the amount is rounded once, to the target
currency's minor unit, with an explicit rounding mode. A missing rate is an
error, never a silent mix of currencies.
"""

import functools
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from accountkit._validators import decimal
from accountkit.errors import ValidationError
from accountkit.money import (
    DEFAULT_ROUNDING,
    Money,
    check_currency,
    check_rounding,
    to_decimal,
)

__all__ = ["Conversion", "FxQuote", "FxRate", "FxRates"]

_ROOT = "FxRates"


def _positive_rate(
    instance: object, attribute: "attrs.Attribute[Decimal]", value: object
) -> None:
    del instance
    rate = to_decimal(value, where="FxRate", path=attribute.name)
    if rate <= 0:
        message = f"expected a positive rate, got {rate}"
        raise ValidationError(message, path=attribute.name, root="FxRate")


def _currency(instance: object, attribute: "attrs.Attribute[str]", value: str) -> None:
    del instance
    check_currency(value, where="FxRate", path=attribute.name)


@attrs.frozen(kw_only=True)
class FxRate:
    """One quoted rate: one ``base`` buys ``rate`` ``quote`` on the day ``on``.

    Parameters
    ----------
    base, quote
        ISO 4217 codes, different.
    rate
        Units of ``quote`` for one unit of ``base``; positive, read as the
        models read every decimal (a float is refused: give a string or a
        Decimal).
    on
        The day the rate is for.
    source
        Where it comes from (``"ECB reference rate"``), shown with every
        conversion that uses it.

    Examples
    --------
    >>> from datetime import date
    >>> rate = FxRate(base="EUR", quote="USD", rate="1.0850", on=date(2026, 6, 30))
    >>> rate.pair, rate.rate
    ('EUR/USD', Decimal('1.0850'))
    """

    base: str = attrs.field(validator=_currency)
    quote: str = attrs.field(validator=_currency)
    rate: Decimal = attrs.field(converter=decimal, validator=_positive_rate)
    on: date = attrs.field(validator=attrs.validators.instance_of(date))
    source: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    def __attrs_post_init__(self) -> None:
        if self.base == self.quote:
            message = f"a rate needs two currencies, got {self.base} twice"
            raise ValidationError(message, path="quote", root="FxRate")

    @property
    def pair(self) -> str:
        """The pair as markets write it, base first (``EUR/USD``)."""
        return f"{self.base}/{self.quote}"


@attrs.frozen(kw_only=True)
class FxQuote:
    """The rate a table gives for one pair on a day, and the rates it rests on.

    Parameters
    ----------
    base, quote
        One ``base`` buys :attr:`rate` ``quote``.
    on
        The day asked for.
    legs
        The table's rates used: one (direct or inverse) or two (a cross
        through the pivot).
    """

    base: str
    quote: str
    on: date
    legs: tuple[FxRate, ...]

    @property
    def rate(self) -> Fraction:
        """The exact rate, ``quote`` per ``base``, from the legs."""
        rate = Fraction(1)
        currency = self.base
        for leg in self.legs:
            if leg.base == currency:
                rate *= Fraction(leg.rate)
                currency = leg.quote
            else:
                rate /= Fraction(leg.rate)
                currency = leg.base
        return rate

    @property
    def route(self) -> str:
        """How the rate was found (``direct``, ``inverse`` or ``cross via EUR``)."""
        if len(self.legs) == 2:  # noqa: PLR2004 - a cross has two legs
            first, second = self.legs
            (pivot,) = {first.base, first.quote} & {second.base, second.quote}
            return f"cross via {pivot}"
        return "direct" if self.legs[0].base == self.base else "inverse"

    @property
    def basis(self) -> str:
        """The rates used, each with its day and source."""
        return "; ".join(
            f"{leg.pair} {leg.rate} on {leg.on.isoformat()}"
            + (f" ({leg.source})" if leg.source else "")
            for leg in self.legs
        )


@attrs.frozen(kw_only=True)
class Conversion:
    """An amount converted, with the rate, its route and the rounding used.

    Parameters
    ----------
    amount
        What was converted.
    converted
        The result, rounded once to its currency's minor unit.
    quote
        The rate used (:class:`FxQuote`).
    rounding
        The :mod:`decimal` rounding mode of the one rounding.
    """

    amount: Money
    converted: Money
    quote: FxQuote
    rounding: str

    @property
    def basis(self) -> str:
        """Say how the amount was converted, for a report.

        Examples
        --------
        >>> from datetime import date
        >>> from accountkit import Money
        >>> table = FxRates(rates=(FxRate(base="EUR", quote="USD", rate="1.0850",
        ...                              on=date(2026, 6, 30), source="ECB"),))
        >>> done = table.convert(Money("100", "USD"), "EUR", on=date(2026, 6, 30))
        >>> print(done.basis)  # doctest: +NORMALIZE_WHITESPACE
        USD 100.00 -> EUR 92.17 (inverse: EUR/USD 1.0850 on 2026-06-30 (ECB);
        ROUND_HALF_UP)
        """
        return (
            f"{self.amount} -> {self.converted} "
            f"({self.quote.route}: {self.quote.basis}; {self.rounding})"
        )


def _rates(value: object) -> tuple[FxRate, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        message = f"expected a list of FxRate, got {type(value).__name__}"
        raise ValidationError(message, path="rates", root=_ROOT)
    found = tuple(value)
    for index, item in enumerate(found):
        if not isinstance(item, FxRate):
            message = f"expected an FxRate, got {type(item).__name__}"
            raise ValidationError(message, path=("rates", index), root=_ROOT)
    return found


def _pivot(
    instance: object, attribute: "attrs.Attribute[str | None]", value: str | None
) -> None:
    del instance, attribute
    if value is not None:
        check_currency(value, where="FxRates", path="pivot")


@attrs.frozen(kw_only=True)
class FxRates:
    """A table of dated exchange rates.

    Parameters
    ----------
    rates
        The quoted rates. Two rates for the same pair on the same day are
        refused (which would be the rate?), in either direction.
    pivot
        The currency cross rates go through (``"EUR"`` for ECB reference
        rates); without one, only quoted pairs and their inverses are known.

    Notes
    -----
    For a pair on a day the table takes, for each rate it needs, the latest
    one on or before the day; a cross takes both legs that way, and the
    quote shows each leg's own day. With ``max_age_days``, a leg older than
    that is refused, not used.

    The convention of central banks' reference rates [#]_: every rate is
    quoted against one currency, and a cross rate between two others is
    derived from their rates against it.

    References
    ----------
    .. [#] European Central Bank, "Euro foreign exchange reference rates":
       every rate is quoted against the euro, and a cross rate between two
       other currencies is derived from their euro rates.

    Examples
    --------
    Cross a dollar amount into sterling through the euro. With EUR/USD
    1.0850 and EUR/GBP 0.8550, a dollar is 0.8550 / 1.0850 = 0.788018...
    pounds, so 1,000 dollars are 788.02 pounds (half up):

    >>> from datetime import date
    >>> from accountkit import Money
    >>> day = date(2026, 6, 30)
    >>> table = FxRates(pivot="EUR", rates=(
    ...     FxRate(base="EUR", quote="USD", rate="1.0850", on=day, source="ECB"),
    ...     FxRate(base="EUR", quote="GBP", rate="0.8550", on=day, source="ECB")))
    >>> done = table.convert(Money("1000", "USD"), "GBP", on=day)
    >>> done.converted, done.quote.route, done.quote.rate
    (Money('788.02', 'GBP'), 'cross via EUR', Fraction(171, 217))
    """

    rates: tuple[FxRate, ...] = attrs.field(converter=_rates)
    pivot: str | None = attrs.field(default=None, validator=_pivot)

    def __attrs_post_init__(self) -> None:
        seen: dict[tuple[frozenset[str], date], int] = {}
        for index, item in enumerate(self.rates):
            key = (frozenset((item.base, item.quote)), item.on)
            if key in seen:
                message = (
                    f"two {item.pair} rates on {item.on.isoformat()} "
                    f"(rates[{seen[key]}] and here)"
                )
                raise ValidationError(message, path=("rates", index), root=_ROOT)
            seen[key] = index

    @functools.cached_property
    def _by_pair(self) -> dict[frozenset[str], list[FxRate]]:
        found: dict[frozenset[str], list[FxRate]] = {}
        for item in self.rates:
            found.setdefault(frozenset((item.base, item.quote)), []).append(item)
        for listed in found.values():
            listed.sort(key=lambda r: r.on)
        return found

    def _leg(
        self, one: str, other: str, on: date, max_age_days: int | None
    ) -> FxRate | None:
        latest = None
        for item in self._by_pair.get(frozenset((one, other)), ()):
            if item.on > on:
                break
            latest = item
        if latest is None:
            return None
        if max_age_days is not None and (on - latest.on).days > max_age_days:
            return None
        return latest

    def quote(
        self, base: str, quote: str, *, on: date, max_age_days: int | None = None
    ) -> FxQuote:
        """Return the rate of ``base`` in ``quote`` on the day ``on``.

        Raises
        ------
        ValidationError
            If a currency is unknown, the two are the same, or the table has
            no rate for the pair on or before the day (nor both legs of a
            cross), or only ones older than ``max_age_days``.

        Examples
        --------
        >>> from datetime import date
        >>> table = FxRates(rates=(FxRate(base="EUR", quote="USD", rate="1.0850",
        ...                              on=date(2026, 6, 30)),))
        >>> table.quote("USD", "EUR", on=date(2026, 7, 3)).rate
        Fraction(200, 217)
        """
        check_currency(base, where="FxRates.quote", path="base")
        check_currency(quote, where="FxRates.quote", path="quote")
        if not isinstance(on, date):
            message = f"expected a date, got {type(on).__name__}"
            raise ValidationError(message, path="on", root="FxRates.quote")
        if base == quote:
            message = f"the rate of {base} in itself is 1; nothing to look up"
            raise ValidationError(message, path="quote", root="FxRates.quote")
        direct = self._leg(base, quote, on, max_age_days)
        if direct is not None:
            return FxQuote(base=base, quote=quote, on=on, legs=(direct,))
        pivot = self.pivot
        if pivot is not None and pivot not in (base, quote):
            first = self._leg(base, pivot, on, max_age_days)
            second = self._leg(pivot, quote, on, max_age_days)
            if first is not None and second is not None:
                return FxQuote(base=base, quote=quote, on=on, legs=(first, second))
        stale = "" if max_age_days is None else f" within {max_age_days} days"
        through = f", nor both {base}/{pivot} and {pivot}/{quote}" if pivot else ""
        message = (
            f"no {base}/{quote} rate on or before {on.isoformat()}{stale}"
            f"{through}; money in two currencies is never added without one"
        )
        raise ValidationError(message, path="rates", root=_ROOT)

    def convert(
        self,
        amount: Money,
        quote: str,
        *,
        on: date,
        rounding: str = DEFAULT_ROUNDING,
        max_age_days: int | None = None,
    ) -> Conversion:
        """Convert ``amount`` into ``quote`` at the table's rate on ``on``.

        The amount times the exact rate is rounded once, to the minor unit
        of ``quote``, with ``rounding``. An amount already in ``quote`` is
        refused: there is no rate to show.

        Raises
        ------
        ValidationError
            If ``amount`` is not Money, the rounding mode is unknown, or as
            :meth:`quote`.

        Examples
        --------
        >>> from datetime import date
        >>> from accountkit import Money
        >>> table = FxRates(rates=(FxRate(base="EUR", quote="USD", rate="1.0850",
        ...                              on=date(2026, 6, 30)),))
        >>> table.convert(Money("100", "EUR"), "USD", on=date(2026, 6, 30)).converted
        Money('108.50', 'USD')
        """
        if not isinstance(amount, Money):
            message = f"expected Money, got {type(amount).__name__}"
            raise ValidationError(message, path="amount", root="FxRates.convert")
        check_rounding(rounding)
        found = self.quote(amount.currency, quote, on=on, max_age_days=max_age_days)
        exact = Fraction(amount.amount) * found.rate
        converted = Money.from_fraction(exact, quote, rounding=rounding)
        return Conversion(
            amount=amount, converted=converted, quote=found, rounding=rounding
        )
