r"""Price-to-win: the bid-response curve fitted to the firm's won and lost bids.

Each bid is priced against a reference (our estimate of the competitor's
price, the client's budget, or a should-cost), and what is learnt is how the
chance of winning falls as that ratio rises: the logit bid-response curve of
customized pricing, fitted by maximum likelihood.
"""

import math
import statistics
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
import numpy as np
from numpy.typing import NDArray

from accountkit._checked import checked
from accountkit._validators import (
    as_float,
    boolean,
    count,
    finite_float,
    positive_money,
    real_number,
    same_currency,
    whole_number,
)
from accountkit.errors import ConvergenceError, InsufficientDataError, ValidationError
from accountkit.money import Money

__all__ = [
    "BidOutcome",
    "BidResponse",
    "PriceToWin",
    "TradeOffPoint",
    "fit_bid_response",
    "price_to_win",
]

MIN_EACH = 5
"""The fewest wins, and the fewest losses, a fit needs by default."""
_Floats = NDArray[np.float64]

MAX_POINTS = 1001
"""The most points a trade-off curve shows."""
_MAX_STEPS = 100
_TOLERANCE = 1e-12


@attrs.frozen(kw_only=True)
class BidOutcome:
    """One deal the firm priced and the client decided.

    Parameters
    ----------
    price
        What we bid.
    reference
        What the bid is measured against, the same for every bid of a
        history: our estimate of the competitor's price, the client's
        budget, or a should-cost.
    won
        Whether the client chose us.
    """

    price: Money = attrs.field(validator=positive_money)
    reference: Money = attrs.field(validator=positive_money)
    won: bool = attrs.field(validator=boolean)

    def __attrs_post_init__(self) -> None:
        same_currency(
            "BidOutcome", [(("price",), self.price), (("reference",), self.reference)]
        )

    @property
    def ratio(self) -> Decimal:
        """The price over the reference."""
        return self.price.amount / self.reference.amount


@attrs.frozen(kw_only=True)
class BidResponse:
    r"""The fitted bid-response curve :math:`\rho(r) = 1 / (1 + e^{a + b r})`.

    ``r`` is a price over its reference; ``b > 0`` when a dearer bid wins
    less often.
    """

    a: float = attrs.field(converter=as_float, validator=finite_float("a"))
    b: float = attrs.field(converter=as_float, validator=finite_float("b"))
    variance_a: float = attrs.field(
        converter=as_float, validator=finite_float("variance_a", low=0)
    )
    """The estimates' covariance (with ``variance_b`` and ``covariance_ab``):
    the inverse of the information matrix at the maximum."""
    variance_b: float = attrs.field(
        converter=as_float, validator=finite_float("variance_b", low=0)
    )
    covariance_ab: float = attrs.field(
        converter=as_float, validator=finite_float("covariance_ab")
    )
    bids: int = attrs.field(validator=count)
    wins: int = attrs.field(validator=count)
    log_likelihood: float = attrs.field(
        converter=as_float, validator=finite_float("log_likelihood", high=0)
    )
    iterations: int = attrs.field(validator=count)
    """Newton steps taken."""
    ratio_low: float = attrs.field(
        converter=as_float, validator=finite_float("ratio_low", low=0)
    )
    """The lowest ratio in the history: the curve is read with confidence
    between ``ratio_low`` and ``ratio_high``, and extrapolated outside."""
    ratio_high: float = attrs.field(
        converter=as_float, validator=finite_float("ratio_high", low=0)
    )

    @property
    def pseudo_r2(self) -> float | None:
        r"""McFadden's pseudo-:math:`R^2`, :math:`1 - \ell / \ell_0`.

        :math:`\ell_0` is the log-likelihood of a flat curve at the history's
        win rate, :math:`w \log(w/n) + (n - w) \log(1 - w/n)`: 0 when price
        explains nothing, rising towards 1 as it explains more (McFadden,
        1974). ``None`` when every bid was won or every bid lost.

        Examples
        --------
        >>> curve = BidResponse(a=-10.0, b=10.0, variance_a=1.0, variance_b=1.0,
        ...                     covariance_ab=0.0, bids=20, wins=10,
        ...                     log_likelihood=-6.931471805599453, iterations=6,
        ...                     ratio_low=0.8, ratio_high=1.2)
        >>> round(curve.pseudo_r2, 12)
        0.5
        """
        n, w = self.bids, self.wins
        if w <= 0 or w >= n:
            return None
        null = w * math.log(w / n) + (n - w) * math.log(1 - w / n)
        return 1 - self.log_likelihood / null

    def win_probability(self, ratio: float | Decimal) -> float:
        """Return the chance of winning at ``ratio`` (a price over its reference).

        Examples
        --------
        >>> curve = BidResponse(a=-10.0, b=10.0, variance_a=1.0, variance_b=1.0,
        ...                     covariance_ab=0.0, bids=20, wins=10,
        ...                     log_likelihood=-9.0, iterations=6,
        ...                     ratio_low=0.8, ratio_high=1.2)
        >>> curve.win_probability(1)
        0.5
        """
        r = _ratio(ratio, "BidResponse.win_probability")
        return _logistic(self.a + self.b * r)

    def interval(
        self, ratio: float | Decimal, coverage: float = 0.95
    ) -> tuple[float, float]:
        r"""Return a ``coverage`` interval for the chance of winning at ``ratio``.

        The delta method on the linear predictor :math:`\eta = a + b r`, whose
        variance is :math:`(1, r)\, \Sigma\, (1, r)^T`; its normal interval is
        mapped through the curve, so the ends stay within (0, 1).
        """
        where = "BidResponse.interval"
        r = _ratio(ratio, where)
        level = real_number(
            coverage, where=where, path="coverage", low=0, high=1, low_open=True
        )
        if level >= 1:
            message = f"must be below 1, got {coverage}"
            raise ValidationError(message, path="coverage", root=where)
        variance = (
            self.variance_a + 2 * r * self.covariance_ab + r * r * self.variance_b
        )
        spread = math.sqrt(max(variance, 0.0))
        z = statistics.NormalDist().inv_cdf((1 + level) / 2)
        eta = self.a + self.b * r
        return _logistic(eta + z * spread), _logistic(eta - z * spread)

    def best_ratio(self, cost_ratio: float | Decimal) -> float:
        r"""Return the ratio that maximises the expected contribution.

        The expected contribution of a bid at :math:`r` is :math:`(r - c)\,
        \rho(r)`, with :math:`c` the cost over the same reference. Where its
        slope is zero, :math:`(r - c)\, b\, (1 - \rho(r)) = 1`; the left side
        rises with :math:`r` above :math:`c`, so the root is unique, found by
        bisection to the last bit (Phillips, 2005, ch. 11).

        Raises
        ------
        InsufficientDataError
            If the curve does not fall with price (``b <= 0``): then no
            price maximises the contribution, and the history says nothing
            about what to bid.
        """
        c = _ratio(cost_ratio, "BidResponse.best_ratio", "cost_ratio")
        if not self.b > 0:
            message = (
                f"the fitted curve does not fall as the price rises (b = {self.b:g}):"
                " the history shows no price sensitivity to price a bid on"
            )
            raise InsufficientDataError(message)

        def slope(r: float) -> float:
            return (r - c) * self.b * (1 - _logistic(self.a + self.b * r)) - 1

        low, high = c, c + 1 / self.b
        while slope(high) < 0:
            low, high = high, high + 2 * (high - c)
        while True:
            middle = (low + high) / 2
            if middle in {low, high}:
                return high
            if slope(middle) < 0:
                low = middle
            else:
                high = middle


def _ratio(value: object, where: str, path: str = "ratio") -> float:
    """Return ``value`` as a finite float of at least 0, or refuse it at ``path``."""
    r = real_number(value, where=where, path=path, low=0)
    if math.isinf(r):
        message = f"must be finite, got {value}"
        raise ValidationError(message, path=path, root=where)
    return r


def _logistic(eta: float) -> float:
    """Return ``1 / (1 + exp(eta))`` without overflow."""
    if eta >= 0:
        e = math.exp(-eta)
        return e / (1 + e)
    return 1 / (1 + math.exp(eta))


@checked
def fit_bid_response(
    outcomes: Sequence[BidOutcome], *, min_each: int = MIN_EACH
) -> BidResponse:
    r"""Fit the logit bid-response curve to won and lost bids.

    Parameters
    ----------
    outcomes
        The history: each bid's price, its reference, and whether it won,
        all in one currency.
    min_each
        The fewest wins and the fewest losses to fit on (at least 1).

    Returns
    -------
    BidResponse
        :math:`a` and :math:`b`, their covariance, and the fit's
        log-likelihood.

    Raises
    ------
    InsufficientDataError
        If there are fewer than ``min_each`` wins or losses, if every bid has
        the same ratio, or if the wins and the losses are separated (every
        win priced at or below every loss, or at or above): then the
        likelihood has no maximum, the curve would be a cliff, and no
        defensible probability can be read from it.
    ConvergenceError
        If Newton's method has not converged in 100 steps.
    CurrencyMismatchError
        If the bids are in more than one currency.

    Notes
    -----
    The chance of winning a bid priced at :math:`r` times its reference is
    :math:`\rho(r) = 1 / (1 + e^{a + b r})`, the logit bid-response curve of
    customized pricing [#]_; Friedman [#]_ and Gates [#]_ gave the
    competitive-bidding view, the chance of beating competitors' prices.
    :math:`a` and :math:`b` maximise the log-likelihood
    :math:`\sum_i w_i \log \rho(r_i) + (1 - w_i) \log (1 - \rho(r_i))`, found
    by Newton's method (iteratively reweighted least squares), each step
    halved until the likelihood rises; the covariance is the inverse of the
    information matrix :math:`\sum_i \rho_i (1 - \rho_i) (1, r_i)^T (1, r_i)`.

    References
    ----------
    .. [#] R. L. Phillips, *Pricing and Revenue Optimization*, Stanford
       University Press, 2005, ch. 11 (customized pricing).
    .. [#] L. Friedman, "A competitive-bidding strategy", *Operations
       Research* 4(1), 1956.
    .. [#] M. Gates, "Bidding strategies and probabilities", *Journal of the
       Construction Division* 93(1), 1967.

    Examples
    --------
    Eight bids at the reference price, six of them won; eight at 20 % above
    it, two won. With two prices the fit reproduces both win rates, so the
    curve passes through 75 % and 25 %, and half way between, at 1.1, it is
    even:

    >>> from accountkit import Money
    >>> ref = Money("100000", "EUR")
    >>> history = [BidOutcome(price=Money(p, "EUR"), reference=ref, won=w)
    ...            for p, w in [("100000", True)] * 6 + [("100000", False)] * 2
    ...                      + [("120000", True)] * 2 + [("120000", False)] * 6]
    >>> curve = fit_bid_response(history)
    >>> round(curve.win_probability(1), 6), round(curve.win_probability(1.1), 6)
    (0.75, 0.5)
    """
    where = "fit_bid_response"
    least = whole_number(min_each, where=where, path="min_each", minimum=1)
    same_currency(
        where,
        [(("outcomes", i, "price"), bid.price) for i, bid in enumerate(outcomes)],
    )
    ratios = [float(bid.ratio) for bid in outcomes]
    won = [bid.won for bid in outcomes]
    wins = sum(won)
    if wins < least or len(won) - wins < least:
        message = (
            f"{wins} wins and {len(won) - wins} losses: the curve needs at least "
            f"{least} of each"
        )
        raise InsufficientDataError(message)
    winning = [r for r, w in zip(ratios, won, strict=True) if w]
    losing = [r for r, w in zip(ratios, won, strict=True) if not w]
    if min(ratios) == max(ratios):
        message = "every bid has the same ratio to its reference: nothing to learn"
        raise InsufficientDataError(message)
    if max(winning) <= min(losing) or max(losing) <= min(winning):
        message = (
            "the wins and the losses are separated by price (every win at or on "
            "one side of every loss): the likelihood has no maximum, and the "
            "curve would be a cliff"
        )
        raise InsufficientDataError(message)
    return _newton(ratios, won)


def _log_likelihood(ratios: _Floats, lost: _Floats, a: float, b: float) -> float:
    """Return the log-likelihood of (a, b).

    A win adds log rho = -log(1 + e^eta), a loss log(1 - rho) = eta - log(1 +
    e^eta), with eta = a + b r.
    """
    eta = a + b * ratios
    return float(np.sum(lost * eta - np.logaddexp(0.0, eta)))


def _derivatives(
    ratios: _Floats, lost: _Floats, a: float, b: float
) -> tuple[tuple[float, float], tuple[float, float, float]]:
    """Return the log-likelihood's gradient in (a, b) and its information.

    The gradient is ``sum (rho - w) (1, r)``, the information ``sum rho (1 -
    rho) (1, r)'(1, r)`` as its three distinct entries (aa, ab, bb).
    """
    rho = np.exp(-np.logaddexp(0.0, a + b * ratios))  # 1 / (1 + e^eta), stably
    residual = rho - (1.0 - lost)  # d loglik / d eta
    weight = rho * (1.0 - rho)
    gradient = (float(np.sum(residual)), float(residual @ ratios))
    weighted = weight * ratios
    information = (
        float(np.sum(weight)),
        float(np.sum(weighted)),
        float(weighted @ ratios),
    )
    return gradient, information


def _newton(listed: list[float], won: list[bool]) -> BidResponse:
    wins = sum(won)
    share = wins / len(won)
    ratios = np.array(listed, dtype=np.float64)
    lost = np.array([0.0 if w else 1.0 for w in won])
    a, b = math.log((1 - share) / share), 0.0
    current = _log_likelihood(ratios, lost, a, b)
    for step in range(1, _MAX_STEPS + 1):
        (ga, gb), (iaa, iab, ibb) = _derivatives(ratios, lost, a, b)
        det = iaa * ibb - iab * iab
        da = (ibb * ga - iab * gb) / det
        db = (iaa * gb - iab * ga) / det
        scale = 1.0
        while True:
            trial = _log_likelihood(ratios, lost, a + scale * da, b + scale * db)
            if trial >= current or scale < 2**-30:
                break
            scale /= 2
        a, b, current = a + scale * da, b + scale * db, trial
        if abs(scale * da) <= _TOLERANCE * (1 + abs(a)) and abs(
            scale * db
        ) <= _TOLERANCE * (1 + abs(b)):
            # the covariance: the inverse of the information at the maximum
            _, (iaa, iab, ibb) = _derivatives(ratios, lost, a, b)
            det = iaa * ibb - iab * iab
            return BidResponse(
                a=a,
                b=b,
                variance_a=ibb / det,
                variance_b=iaa / det,
                covariance_ab=-iab / det,
                bids=len(won),
                wins=wins,
                log_likelihood=current,
                iterations=step,
                ratio_low=min(listed),
                ratio_high=max(listed),
            )
    message = f"the bid-response fit did not converge in {_MAX_STEPS} Newton steps"
    raise ConvergenceError(message)


@attrs.frozen(kw_only=True)
class TradeOffPoint:
    """One price on the trade-off curve: its chance of winning and its worth.

    Attributes
    ----------
    price
        The bid, to the minor unit.
    ratio
        ``price / reference``.
    win_probability
        The fitted chance of winning at it.
    low, high
        The 95 % interval of that chance (:meth:`BidResponse.interval`).
    margin
        ``price - cost``: what a win earns.
    expected_margin
        ``margin x win_probability`` to the minor unit: what the bid is worth
        before it is decided.
    """

    price: Money
    ratio: float
    win_probability: float
    low: float
    high: float
    margin: Money
    expected_margin: Money


@attrs.frozen(kw_only=True)
class PriceToWin:
    """The price that maximises expected margin, and the curve around it.

    Attributes
    ----------
    reference
        What the prices are measured against.
    cost
        The deal's cost.
    best
        The price where the expected margin peaks.
    curve
        Prices across the history's range of ratios, the best among them,
        cheapest first.
    extrapolated
        Whether the best price lies outside the ratios the history has seen:
        the curve is then read where no bid has tested it.
    """

    reference: Money
    cost: Money
    best: TradeOffPoint
    curve: tuple[TradeOffPoint, ...]
    extrapolated: bool


def _point(
    response: BidResponse, price: Money, reference: Money, cost: Money
) -> TradeOffPoint:
    ratio = float(Fraction(price.amount) / Fraction(reference.amount))
    chance = response.win_probability(ratio)
    low, high = response.interval(ratio)
    margin = price - cost
    return TradeOffPoint(
        price=price,
        ratio=ratio,
        win_probability=chance,
        low=low,
        high=high,
        margin=margin,
        expected_margin=Money.from_fraction(
            Fraction(margin.amount) * Fraction(chance), price.currency
        ),
    )


@checked
def price_to_win(
    response: BidResponse, *, reference: Money, cost: Money, points: int = 21
) -> PriceToWin:
    r"""Return the bid that maximises expected margin, with its trade-off curve.

    Parameters
    ----------
    response
        The fitted curve (:func:`fit_bid_response`).
    reference
        The new deal's reference, measured as the history's were (our
        estimate of the competitor's price, the client's budget, ...).
    cost
        The deal's cost (its ``DealPnL.cost``).
    points
        How many evenly spaced ratios across the history's range the curve
        shows (2 to :data:`MAX_POINTS`); the best price is added among them.

    Returns
    -------
    PriceToWin
        The best price, the curve of price, win probability and expected
        margin, and whether the best price lies outside the history.

    Raises
    ------
    InsufficientDataError
        If the curve does not fall with price (see
        :meth:`BidResponse.best_ratio`).
    CurrencyMismatchError
        If ``reference`` and ``cost`` are in different currencies.

    Notes
    -----
    With :math:`c` the cost over the reference, the best ratio :math:`r^*`
    solves :math:`(r - c)\, b\, (1 - \rho(r)) = 1` [#]_; the best price is
    :math:`r^*` times the reference, rounded to the minor unit. Each point's
    expected margin is :math:`(p - C)\, \rho(p / R)`.

    References
    ----------
    .. [#] R. L. Phillips, *Pricing and Revenue Optimization*, Stanford
       University Press, 2005, ch. 11 (the optimal customized price).

    Examples
    --------
    The curve through 75 % at the reference and 25 % at 1.2 times it, and a
    deal costing 80 % of its reference of 100,000:

    >>> import math
    >>> from accountkit import Money
    >>> curve = BidResponse(a=-11 * math.log(3), b=10 * math.log(3),
    ...                     variance_a=1.0, variance_b=1.0, covariance_ab=-1.0,
    ...                     bids=16, wins=8, log_likelihood=-8.99, iterations=5,
    ...                     ratio_low=1.0, ratio_high=1.2)
    >>> plan = price_to_win(curve, reference=Money("100000", "EUR"),
    ...                     cost=Money("80000", "EUR"), points=3)
    >>> plan.best.price, round(plan.best.win_probability, 4)
    (Money('104951.84', 'EUR'), 0.6352)
    >>> [str(p.price.amount) for p in plan.curve]
    ['100000.00', '104951.84', '110000.00', '120000.00']
    """
    where = "price_to_win"
    same_currency(where, [(("reference",), reference), (("cost",), cost)])
    for name, amount in (("reference", reference), ("cost", cost)):
        if amount.amount <= 0:
            message = f"expected a positive amount of money, got {amount!r}"
            raise ValidationError(message, path=name, root=where)
    many = whole_number(points, where=where, path="points", minimum=2)
    if many > MAX_POINTS:
        message = f"at most {MAX_POINTS} points, got {points}"
        raise ValidationError(message, path="points", root=where)
    c = Fraction(cost.amount) / Fraction(reference.amount)
    best_ratio = response.best_ratio(float(c))
    currency = reference.currency
    best = _point(
        response,
        Money.from_fraction(
            Fraction(best_ratio) * Fraction(reference.amount), currency
        ),
        reference,
        cost,
    )
    low, high = response.ratio_low, response.ratio_high
    prices = {
        Money.from_fraction(
            Fraction(low + (high - low) * k / (many - 1)) * Fraction(reference.amount),
            currency,
        )
        for k in range(many)
    }
    prices.add(best.price)
    curve = tuple(
        best if price == best.price else _point(response, price, reference, cost)
        for price in sorted(prices, key=lambda m: m.amount)
    )
    return PriceToWin(
        reference=reference,
        cost=cost,
        best=best,
        curve=curve,
        extrapolated=not low <= best_ratio <= high,
    )
