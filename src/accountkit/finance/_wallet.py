"""Share of wallet, whitespace, the Wallet Allocation Rule, and penetration."""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from accountkit._checked import checked
from accountkit._ratios import rate_of, rounded
from accountkit._validators import whole_number
from accountkit.errors import CurrencyMismatchError, Problem, ValidationError
from accountkit.money import Money

__all__ = [
    "DEFAULT_RATE_PLACES",
    "Penetration",
    "PortfolioWallet",
    "ServiceLineShare",
    "WalletAllocation",
    "WalletReport",
    "WalletShare",
    "penetration",
    "portfolio_wallet",
    "share_of_wallet",
    "wallet_allocation",
    "wallet_by_service_line",
]

DEFAULT_RATE_PLACES = 4
"""Decimal places of the shares and rates here (0.2500 is 25.00%)."""
_HALF_UP = "ROUND_HALF_UP"


@attrs.frozen(kw_only=True)
class WalletShare:
    """Our revenue against the client's total spend in a category.

    Attributes
    ----------
    ours
        Our revenue from the client.
    wallet
        The client's estimated spend in the same category and period.
    share
        ``ours / wallet`` as a fraction; ``None`` when the wallet is zero.
    whitespace
        ``wallet - ours``: what the client spends elsewhere. Negative when the
        wallet estimate is below our revenue (then ``over_wallet`` is set).
    over_wallet
        True when our revenue exceeds the wallet estimate: the estimate is too
        low or it does not cover the same services as our revenue.
    """

    ours: Money
    wallet: Money
    share: Decimal | None
    whitespace: Money
    over_wallet: bool


def _check_amount(value: object, path: tuple[str | int, ...], where: str) -> Money:
    if not isinstance(value, Money):
        message = f"expected Money, got {type(value).__name__}"
        raise ValidationError(message, path=path, root=where)
    if value.amount < 0:
        message = f"must not be negative, got {value}"
        raise ValidationError(message, path=path, root=where)
    return value


def _same_currency(
    ours: Money, wallet: Money, path: tuple[str | int, ...], where: str
) -> None:
    if ours.currency != wallet.currency:
        message = f"wallet in {wallet.currency}, our revenue in {ours.currency}"
        raise CurrencyMismatchError(message, path=path, root=where)


def _share(ours: Money, wallet: Money, places: int) -> WalletShare:
    return WalletShare(
        ours=ours,
        wallet=wallet,
        share=rate_of(ours, wallet, places),
        whitespace=wallet - ours,
        over_wallet=ours > wallet,
    )


@checked
def share_of_wallet(
    ours: Money, wallet: Money, *, places: int = DEFAULT_RATE_PLACES
) -> WalletShare:
    r"""Return our share of the client's spend, and the whitespace.

    Parameters
    ----------
    ours
        Our revenue from the client over a period.
    wallet
        The client's estimated total spend on the same services over the same
        period.
    places
        Decimal places of the share (half-up).

    Returns
    -------
    WalletShare
        Share, whitespace and a flag when the wallet is below our revenue.

    Raises
    ------
    ValidationError
        If an amount is negative or not :class:`~accountkit.money.Money`.
    CurrencyMismatchError
        If the two amounts are in different currencies.

    Notes
    -----
    .. math:: \text{share} = \frac{\text{ours}}{\text{wallet}}, \qquad
              \text{whitespace} = \text{wallet} - \text{ours}

    Share of wallet is the share of a customer's spend in a category that goes
    to one supplier [#]_. A wallet estimate below our own revenue is reported
    as it is (a share above 1, negative whitespace) and flagged: capping it
    would hide a wrong estimate or a category mismatch.

    References
    ----------
    .. [#] T. L. Keiningham, L. Aksoy, A. Buoye and B. Cooil, "Customer Loyalty
       Isn't Enough. Grow Your Share of Wallet", *Harvard Business Review*,
       October 2011.

    Examples
    --------
    >>> from accountkit import Money
    >>> result = share_of_wallet(Money("2500", "EUR"), Money("10000", "EUR"))
    >>> result.share, result.whitespace, result.over_wallet
    (Decimal('0.2500'), Money('7500', 'EUR'), False)
    """
    where = "share_of_wallet"
    whole_number(places, where=where, path="places", minimum=0)
    _check_amount(ours, ("ours",), where)
    _check_amount(wallet, ("wallet",), where)
    _same_currency(ours, wallet, ("wallet",), where)
    return _share(ours, wallet, places)


@attrs.frozen(kw_only=True)
class ServiceLineShare:
    """Share of wallet in one service line.

    Attributes
    ----------
    service_line
        The service line.
    position
        Share, whitespace and the over-wallet flag; ``None`` when the client's
        spend on this line has no estimate (we bill in it, but cannot say what
        share that is).
    ours
        Our revenue in the line.
    mix
        The line's part of our revenue from the client (``None`` when we have
        none at all).
    """

    service_line: str
    ours: Money
    position: WalletShare | None
    mix: Decimal | None


@attrs.frozen(kw_only=True)
class WalletReport:
    """Share of wallet by service line for one account.

    Attributes
    ----------
    account
        The account, when named.
    lines
        One per service line, largest whitespace first (lines without an
        estimate last), ties by name.
    total
        Over the lines that have an estimate.
    unestimated
        Service lines we bill in that have no wallet estimate.
    """

    account: str | None
    lines: tuple[ServiceLineShare, ...]
    total: WalletShare
    unestimated: tuple[str, ...]


def _by_whitespace(line: ServiceLineShare) -> tuple[int, Decimal, str]:
    if line.position is None:
        return (1, Decimal(0), line.service_line)
    return (0, -line.position.whitespace.amount, line.service_line)


def _lines(
    wallet: Mapping[str, Money],
    ours: Mapping[str, Money],
    places: int,
    where: str,
    currency: str | None = None,
) -> tuple[list[ServiceLineShare], str]:
    """Return the lines sorted by whitespace, and their currency.

    ``currency`` is the currency to use when there are no amounts at all (a
    portfolio whose accounts have no estimates); without it that is an error.
    """
    problems: list[Problem] = []
    currencies = set() if currency is None else {currency}
    for name, source in (("wallet", wallet), ("ours", ours)):
        if not isinstance(source, Mapping):
            kind = type(source).__name__
            message = f"expected a mapping of service line to Money, got {kind}"
            raise ValidationError(message, path=name, root=where)
        for line, amount in source.items():
            try:
                _check_amount(amount, (name, line), where)
            except ValidationError as error:
                problems.extend(error.problems)
                continue
            currencies.add(amount.currency)
    if problems:
        raise ValidationError(problems=problems, root=where)
    if len(currencies) > 1:
        message = f"amounts in {', '.join(sorted(currencies))}: use one currency"
        raise CurrencyMismatchError(message, path="wallet", root=where)
    if not currencies:
        message = "no service lines: give a wallet estimate or our revenue"
        raise ValidationError(message, path="wallet", root=where)
    (unit,) = currencies
    zero = Money.zero(unit)
    our_total = Money.total(ours.values(), currency=unit)
    shares = []
    for line in sorted(set(wallet) | set(ours)):
        revenue = ours.get(line, zero)
        estimate = wallet.get(line)
        shares.append(
            ServiceLineShare(
                service_line=line,
                ours=revenue,
                position=None
                if estimate is None
                else _share(revenue, estimate, places),
                mix=rate_of(revenue, our_total, places),
            )
        )
    shares.sort(key=_by_whitespace)
    return shares, unit


def _report(
    account: str | None, lines: list[ServiceLineShare], currency: str, places: int
) -> WalletReport:
    estimated = [line for line in lines if line.position is not None]
    total = _share(
        Money.total((line.ours for line in estimated), currency=currency),
        Money.total(
            (line.position.wallet for line in estimated if line.position is not None),
            currency=currency,
        ),
        places,
    )
    return WalletReport(
        account=account,
        lines=tuple(lines),
        total=total,
        unestimated=tuple(
            sorted(line.service_line for line in lines if line.position is None)
        ),
    )


@checked
def wallet_by_service_line(
    wallet: Mapping[str, Money],
    ours: Mapping[str, Money],
    *,
    account: str | None = None,
    places: int = DEFAULT_RATE_PLACES,
) -> WalletReport:
    r"""Return share of wallet and whitespace per service line, largest gap first.

    Parameters
    ----------
    wallet
        The client's estimated spend per service line.
    ours
        Our revenue per service line (lines we do not bill in may be left out).
    account
        A name for the report.
    places
        Decimal places of shares and mix (half-up).

    Returns
    -------
    WalletReport
        Lines sorted by whitespace, the total, and the lines we bill in that
        have no estimate.

    Raises
    ------
    ValidationError
        If an amount is negative or not Money (every one is named), or there
        are no lines.
    CurrencyMismatchError
        If the amounts are not all in one currency.

    Notes
    -----
    Per line :math:`\ell`: share :math:`o_\ell / w_\ell`, whitespace
    :math:`w_\ell - o_\ell`, and mix :math:`o_\ell / \sum_k o_k`, the line's
    part of our revenue. The total covers only lines with an estimate, so that
    numerator and denominator describe the same services.

    Examples
    --------
    >>> from accountkit import Money
    >>> def eur(x): return Money(x, "EUR")
    >>> report = wallet_by_service_line(
    ...     {"cloud": eur(4000), "apps": eur(5000), "security": eur(1000)},
    ...     {"cloud": eur(1500), "apps": eur(1000)})
    >>> [(x.service_line, str(x.position.whitespace)) for x in report.lines]
    [('apps', 'EUR 4,000.00'), ('cloud', 'EUR 2,500.00'), ('security', 'EUR 1,000.00')]
    >>> report.total.share
    Decimal('0.2500')
    """
    where = "wallet_by_service_line"
    whole_number(places, where=where, path="places", minimum=0)
    lines, currency = _lines(wallet, ours, places, where)
    return _report(account, lines, currency, places)


@attrs.frozen(kw_only=True)
class PortfolioWallet:
    """Share of wallet across many accounts.

    Attributes
    ----------
    service_lines
        Per service line, summed over the accounts that estimate it, largest
        whitespace first.
    accounts
        The accounts' reports, largest total whitespace first.
    total
        Over every estimated line of every account.
    """

    service_lines: tuple[ServiceLineShare, ...]
    accounts: tuple[WalletReport, ...]
    total: WalletShare


@checked
def portfolio_wallet(
    reports: Sequence[WalletReport], *, places: int = DEFAULT_RATE_PLACES
) -> PortfolioWallet:
    """Return share of wallet by service line and by account across a portfolio.

    Parameters
    ----------
    reports
        One :func:`wallet_by_service_line` report per account, all in one
        currency.
    places
        Decimal places of shares and mix (half-up).

    Raises
    ------
    ValidationError
        If ``reports`` is empty or holds something else.
    CurrencyMismatchError
        If the reports are in different currencies.

    Examples
    --------
    >>> from accountkit import Money
    >>> def eur(x): return Money(x, "EUR")
    >>> north = wallet_by_service_line({"cloud": eur(4000)}, {"cloud": eur(1000)})
    >>> south = wallet_by_service_line({"cloud": eur(6000)}, {"cloud": eur(4000)})
    >>> portfolio_wallet([north, south]).service_lines[0].position.share
    Decimal('0.5000')
    """
    where = "portfolio_wallet"
    whole_number(places, where=where, path="places", minimum=0)
    given: object = reports
    if isinstance(given, str) or not isinstance(given, Sequence) or not given:
        message = "expected a non-empty sequence of WalletReport"
        raise ValidationError(message, path="reports", root=where)
    for index, report in enumerate(reports):
        if not isinstance(report, WalletReport):
            message = f"expected a WalletReport, got {type(report).__name__}"
            raise ValidationError(message, path=("reports", index), root=where)
    currency = reports[0].total.ours.currency
    for index, report in enumerate(reports):
        _same_currency(
            reports[0].total.ours, report.total.ours, ("reports", index), where
        )
    wallet: dict[str, Money] = {}
    ours: dict[str, Money] = {}
    for report in reports:
        for line in report.lines:
            if line.position is None:
                continue
            name = line.service_line
            wallet[name] = wallet.get(name, Money.zero(currency)) + line.position.wallet
            ours[name] = ours.get(name, Money.zero(currency)) + line.ours
    lines, _ = _lines(wallet, ours, places, where, currency)
    combined = _report(None, lines, currency, places)
    accounts = sorted(
        reports, key=lambda r: (-r.total.whitespace.amount, r.account or "")
    )
    return PortfolioWallet(
        service_lines=combined.lines, accounts=tuple(accounts), total=combined.total
    )


# --- the Wallet Allocation Rule ------------------------------------------------


@attrs.frozen(kw_only=True)
class WalletAllocation:
    r"""A brand's expected share of a customer's wallet under the WAR.

    Attributes
    ----------
    brand
        The brand (supplier).
    score
        The customer's rating of it (higher is preferred).
    rank
        Its rank among the brands the customer uses, 1 the best; tied brands
        share the average of the ranks they span (e.g. 2.5).
    share
        :math:`(1 - \text{rank}/(N+1)) \times 2/N`, rounded so the shares of
        all brands add up to exactly 1.
    """

    brand: str
    score: Decimal
    rank: Decimal
    share: Decimal


@checked
def wallet_allocation(
    scores: Mapping[str, int | Decimal], *, places: int = DEFAULT_RATE_PLACES
) -> tuple[WalletAllocation, ...]:
    r"""Return each brand's share of a customer's wallet by the Wallet Allocation Rule.

    Parameters
    ----------
    scores
        The customer's rating of each brand they use (satisfaction, NPS
        likelihood, ...); higher is preferred. Whole numbers or Decimals.
    places
        Decimal places of the shares.

    Returns
    -------
    tuple[WalletAllocation, ...]
        Best rank first, ties by brand.

    Raises
    ------
    ValidationError
        If there are no brands or a score is not a whole number or Decimal.

    Notes
    -----
    The Wallet Allocation Rule [#]_ turns a customer's ranking of the
    :math:`N` brands they use into expected shares of their spend:

    .. math:: \text{share}_i = \Big(1 - \frac{\text{rank}_i}{N + 1}\Big)
              \frac{2}{N}

    The shares add up to 1 for any :math:`N` (the ranks add up to
    :math:`N(N+1)/2`). Tied brands take the mean of the ranks they span, which
    keeps that sum and gives them equal shares. Rounded shares are fixed by
    largest remainder so they still add up to exactly 1.

    References
    ----------
    .. [#] T. L. Keiningham, L. Aksoy, A. Buoye and B. Cooil, "Customer Loyalty
       Isn't Enough. Grow Your Share of Wallet", *Harvard Business Review*,
       October 2011.

    Examples
    --------
    >>> result = wallet_allocation({"us": 9, "rival": 7, "other": 4})
    >>> [(a.brand, str(a.share)) for a in result]
    [('us', '0.5000'), ('rival', '0.3333'), ('other', '0.1667')]
    """
    where = "wallet_allocation"
    whole_number(places, where=where, path="places", minimum=0)
    given: object = scores
    if not isinstance(given, Mapping) or not given:
        message = "expected a non-empty mapping of brand to score"
        raise ValidationError(message, path="scores", root=where)
    ratings: dict[str, Decimal] = {}
    for brand, score in given.items():
        if (
            isinstance(score, bool)
            or not isinstance(score, int | Decimal)
            or (isinstance(score, Decimal) and not score.is_finite())
        ):
            message = f"expected a whole number or finite Decimal, got {score!r}"
            raise ValidationError(message, path=("scores", brand), root=where)
        ratings[str(brand)] = Decimal(score)
    ordered = sorted(ratings, key=lambda b: (-ratings[b], b))
    n = len(ordered)
    ranks: dict[str, Fraction] = {}
    start = 0
    while start < n:
        stop = start
        while stop + 1 < n and ratings[ordered[stop + 1]] == ratings[ordered[start]]:
            stop += 1
        mean_rank = Fraction(start + 1 + stop + 1, 2)
        for brand in ordered[start : stop + 1]:
            ranks[brand] = mean_rank
        start = stop + 1
    exact = [(1 - ranks[b] / (n + 1)) * Fraction(2, n) for b in ordered]
    units = _largest_remainder(exact, 10**places)
    return tuple(
        WalletAllocation(
            brand=brand,
            score=ratings[brand],
            rank=rounded(ranks[brand], 1, _HALF_UP, where=where).normalize(),
            share=Decimal(unit).scaleb(-places),
        )
        for brand, unit in zip(ordered, units, strict=True)
    )


def _largest_remainder(parts: Sequence[Fraction], total: int) -> list[int]:
    """Round fractions summing to 1 into whole units summing to ``total``."""
    scaled = [part * total for part in parts]
    floors = [int(value) for value in scaled]
    left = total - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


# --- penetration ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Penetration:
    """How deep the relationship goes: units and service lines with active work.

    Attributes
    ----------
    units
        The client's organisational units we have active work in.
    service_lines
        Our service lines with active work at the client.
    unit_rate
        ``len(units)`` over the units known.
    service_line_rate
        ``len(service_lines)`` over our service lines.
    cell_rate
        Active (unit, service line) pairs over all pairs.
    whitespace
        For each unit, the service lines with no work there (units with none
        missing are left out): where to grow.
    """

    units: tuple[str, ...]
    service_lines: tuple[str, ...]
    unit_rate: Decimal
    service_line_rate: Decimal
    cell_rate: Decimal
    whitespace: dict[str, tuple[str, ...]]


def _names(values: object, path: str, where: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        message = f"expected a collection of names, got {type(values).__name__}"
        raise ValidationError(message, path=path, root=where)
    names = tuple(dict.fromkeys(str(v) for v in values))
    if not names:
        message = "must name at least one"
        raise ValidationError(message, path=path, root=where)
    return names


@checked
def penetration(
    active: Iterable[tuple[str, str]],
    *,
    units: Iterable[str],
    service_lines: Iterable[str],
    places: int = DEFAULT_RATE_PLACES,
) -> Penetration:
    r"""Return how many of the client's units and our service lines have work.

    Parameters
    ----------
    active
        ``(unit, service line)`` pairs where we have active work.
    units
        Every organisational unit of the client we know of.
    service_lines
        Every service line we sell.
    places
        Decimal places of the rates (half-up).

    Raises
    ------
    ValidationError
        If a pair names an unknown unit or service line (each is named), or
        ``units`` or ``service_lines`` is empty.

    Notes
    -----
    .. math:: \text{unit rate} = \frac{|U_{active}|}{|U|}, \quad
              \text{line rate} = \frac{|L_{active}|}{|L|}, \quad
              \text{cell rate} = \frac{|A|}{|U|\,|L|}

    Examples
    --------
    >>> result = penetration(
    ...     [("finance", "cloud"), ("finance", "apps"), ("hr", "apps")],
    ...     units=["finance", "hr", "sales", "ops"],
    ...     service_lines=["cloud", "apps", "security"])
    >>> result.unit_rate, result.service_line_rate, result.cell_rate
    (Decimal('0.5000'), Decimal('0.6667'), Decimal('0.2500'))
    """
    where = "penetration"
    whole_number(places, where=where, path="places", minimum=0)
    known_units = _names(units, "units", where)
    known_lines = _names(service_lines, "service_lines", where)
    given: object = active
    if isinstance(given, str) or not isinstance(given, Iterable):
        message = f"expected (unit, service line) pairs, got {type(active).__name__}"
        raise ValidationError(message, path="active", root=where)
    problems: list[Problem] = []
    pairs: set[tuple[str, str]] = set()
    for index, pair in enumerate(given):
        if not isinstance(pair, tuple | list) or len(pair) != 2:  # noqa: PLR2004 - a pair
            problems.append(
                Problem(
                    ("active", index),
                    f"expected a (unit, service line) pair, got {pair!r}",
                )
            )
            continue
        unit, line = str(pair[0]), str(pair[1])
        if unit not in known_units:
            problems.append(Problem(("active", index, 0), f"unknown unit {unit!r}"))
        if line not in known_lines:
            problems.append(
                Problem(("active", index, 1), f"unknown service line {line!r}")
            )
        pairs.add((unit, line))
    if problems:
        raise ValidationError(problems=problems, root=where)
    used_units = tuple(u for u in known_units if any(p[0] == u for p in pairs))
    used_lines = tuple(s for s in known_lines if any(p[1] == s for p in pairs))

    def rate(part: int, whole: int) -> Decimal:
        return rounded(Fraction(part, whole), places, _HALF_UP, where=where)

    return Penetration(
        units=used_units,
        service_lines=used_lines,
        unit_rate=rate(len(used_units), len(known_units)),
        service_line_rate=rate(len(used_lines), len(known_lines)),
        cell_rate=rate(len(pairs), len(known_units) * len(known_lines)),
        whitespace={
            unit: missing
            for unit in known_units
            if (missing := tuple(s for s in known_lines if (unit, s) not in pairs))
        },
    )
