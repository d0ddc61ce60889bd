"""Price-to-win: the logit bid-response fit, by hand and against statsmodels."""

import math
import statistics
from decimal import Decimal

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given
from hypothesis import strategies as st

from accountkit import CurrencyMismatchError, Money, ValidationError
from accountkit.deals import BidOutcome, BidResponse, _bids, fit_bid_response
from accountkit.errors import ConvergenceError, InsufficientDataError

REFERENCE = Money("100000", "EUR")


def bids(*rows: tuple[str, bool, int]) -> list[BidOutcome]:
    """``(price, won, how many)`` rows against the reference of 100,000."""
    return [
        BidOutcome(price=Money(price, "EUR"), reference=REFERENCE, won=won)
        for price, won, count in rows
        for _ in range(count)
    ]


TWO_PRICES = bids(
    ("100000", True, 6), ("100000", False, 2), ("120000", True, 2), ("120000", False, 6)
)


def given_curve(**fields: float) -> BidResponse:
    """A curve given by hand: a = -10, b = 10 (even odds at the reference)
    unless ``fields`` say otherwise."""
    return BidResponse(
        **{
            "a": -10.0,
            "b": 10.0,
            "variance_a": 1.0,
            "variance_b": 1.0,
            "covariance_ab": 0.0,
            "bids": 20,
            "wins": 10,
            "log_likelihood": -9.0,
            "iterations": 6,
            "ratio_low": 0.8,
            "ratio_high": 1.2,
            **fields,
        }
    )


def test_two_prices_give_back_their_win_rates():
    """With bids at two ratios only, the maximum-likelihood curve passes
    through both observed win rates: 6 of 8 at 1.0, 2 of 8 at 1.2. So
    a + b = log(0.25 / 0.75) = -log 3 and a + 1.2 b = log 3, whence b =
    10 log 3 and a = -11 log 3; the log-likelihood is 12 log 0.75 +
    4 log 0.25."""
    curve = fit_bid_response(TWO_PRICES)
    assert curve.a == pytest.approx(-11 * math.log(3), rel=1e-12)
    assert curve.b == pytest.approx(10 * math.log(3), rel=1e-12)
    assert curve.log_likelihood == pytest.approx(
        12 * math.log(0.75) + 4 * math.log(0.25), rel=1e-12
    )
    assert (curve.bids, curve.wins) == (16, 8)
    assert curve.win_probability(1) == pytest.approx(0.75, abs=1e-15)
    assert curve.win_probability(Decimal("1.2")) == pytest.approx(0.25, abs=1e-15)
    assert curve.win_probability(1.1) == pytest.approx(0.5, abs=1e-15)
    assert 1 <= curve.iterations < 100


def test_the_covariance_at_two_prices_is_the_inverse_information():
    """The information is sum rho (1 - rho) (1, r)'(1, r): at both ratios
    rho (1 - rho) = 3/16, eight bids each, so I = 1.5 [[2, 2.2], [2.2,
    2.44]], with determinant 2.25 * (4.88 - 4.84) = 0.09."""
    curve = fit_bid_response(TWO_PRICES)
    det = 2.25 * 0.04
    assert curve.variance_a == pytest.approx(1.5 * 2.44 / det, rel=1e-9)
    assert curve.covariance_ab == pytest.approx(-1.5 * 2.2 / det, rel=1e-9)
    assert curve.variance_b == pytest.approx(1.5 * 2 / det, rel=1e-9)


def simulated(seed: int, count: int = 300) -> list[BidOutcome]:
    """Bids at 0.8 to 1.3 times the reference; even odds at 1.05."""
    rng = np.random.default_rng(seed)
    ratios = rng.uniform(0.8, 1.3, count).round(4)
    won = rng.random(count) < 1 / (1 + np.exp(-12 + 12 / 1.05 * ratios))
    return [
        BidOutcome(
            price=Money(Decimal(str(r)) * 100_000, "EUR"), reference=REFERENCE, won=w
        )
        for r, w in zip(ratios.tolist(), won.tolist(), strict=True)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fit_is_statsmodels_logit(seed):
    """statsmodels' Logit fits P(win) = 1 / (1 + exp(-(c0 + c1 r))), so a =
    -c0 and b = -c1; its covariance of (c0, c1) is that of (a, b)."""
    history = simulated(seed)
    curve = fit_bid_response(history)
    ratios = np.array([float(b.ratio) for b in history])
    won = np.array([b.won for b in history], dtype=float)
    oracle = sm.Logit(won, sm.add_constant(ratios)).fit(disp=0, tol=1e-14)
    assert (curve.a, curve.b) == pytest.approx(-oracle.params, rel=1e-8)
    covariance = [
        [curve.variance_a, curve.covariance_ab],
        [curve.covariance_ab, curve.variance_b],
    ]
    assert np.array(covariance) == pytest.approx(oracle.cov_params(), rel=1e-8)
    assert curve.log_likelihood == pytest.approx(oracle.llf, rel=1e-12)


def test_the_interval_is_the_delta_methods_on_the_linear_predictor():
    """At r = 1.1 with statsmodels' covariance: eta = a + b r has variance
    (1, r) S (1, r)'; the normal 95 % interval of eta, mapped through the
    curve (which falls as eta rises), bounds the chance of winning."""
    history = simulated(4)
    curve = fit_bid_response(history)
    ratios = np.array([float(b.ratio) for b in history])
    won = np.array([b.won for b in history], dtype=float)
    oracle = sm.Logit(won, sm.add_constant(ratios)).fit(disp=0, tol=1e-14)
    x = np.array([1.0, 1.1])
    eta = -(x @ oracle.params)
    spread = math.sqrt(x @ oracle.cov_params() @ x)
    z = statistics.NormalDist().inv_cdf(0.975)
    low, high = curve.interval(1.1)
    assert low == pytest.approx(1 / (1 + math.exp(eta + z * spread)), rel=1e-7)
    assert high == pytest.approx(1 / (1 + math.exp(eta - z * spread)), rel=1e-7)
    assert low < curve.win_probability(1.1) < high
    narrow = curve.interval(1.1, coverage=0.5)
    assert low < narrow[0] < narrow[1] < high


@pytest.mark.parametrize("coverage", [0, 1, 1.5, -0.1, float("nan")])
def test_a_coverage_outside_zero_to_one_is_refused(coverage):
    with pytest.raises(ValidationError, match=r"BidResponse\.interval\.coverage"):
        fit_bid_response(TWO_PRICES).interval(1, coverage=coverage)


@given(
    st.floats(-30, 5),
    st.floats(0.5, 40),
    st.floats(0, 2),
)
def test_the_best_ratio_maximises_the_expected_contribution(a, b, cost):
    """On the curve, (r - c) rho(r) is highest at the best ratio: no point of
    a grid around it does better, and the slope there is zero."""
    curve = given_curve(a=a, b=b)
    best = curve.best_ratio(cost)
    assert best > cost

    def contribution(r: float) -> float:
        return (r - cost) * curve.win_probability(max(r, 0.0))

    peak = contribution(best)
    for step in (1e-6, 1e-3, 0.05, 0.5):
        assert peak >= contribution(best + step) - 1e-15
        assert peak >= contribution(best - step) - 1e-15
    residual = (best - cost) * b * (1 - curve.win_probability(best)) - 1
    assert abs(residual) < 1e-9


def test_the_best_ratio_of_the_two_price_history():
    """Cost at 0.8 of the reference: the root of (r - 0.8) b (1 - rho(r)) =
    1, with a = -11 log 3 and b = 10 log 3, found here by a plain scan of
    the contribution on a grid of 1e-5 (the best point of the grid is within
    a step of the root)."""
    curve = fit_bid_response(TWO_PRICES)
    grid = np.arange(0.8, 2.0, 1e-5)
    rho = 1 / (1 + np.exp(curve.a + curve.b * grid))
    scanned = grid[np.argmax((grid - 0.8) * rho)]
    assert curve.best_ratio(0.8) == pytest.approx(scanned, abs=1e-5)


def test_a_curve_that_does_not_fall_with_price_has_no_best_price():
    flat = given_curve(a=0.0, b=-0.5)
    with pytest.raises(InsufficientDataError, match="no price sensitivity"):
        flat.best_ratio(1)


@pytest.mark.parametrize(
    ("history", "message"),
    [
        (
            bids(("100000", True, 4), ("110000", False, 9), ("90000", False, 1)),
            "4 wins and 10 losses: the curve needs at least 5 of each",
        ),
        (
            bids(("100000", False, 4), ("110000", True, 9), ("90000", True, 1)),
            "10 wins and 4 losses: the curve needs at least 5 of each",
        ),
        ([], "0 wins and 0 losses: the curve needs at least 5 of each"),
        (
            bids(("100000", True, 6), ("100000", False, 6)),
            "every bid has the same ratio to its reference: nothing to learn",
        ),
    ],
)
def test_a_thin_history_is_refused(history, message):
    with pytest.raises(InsufficientDataError) as raised:
        fit_bid_response(history)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    "history",
    [
        # every win cheaper than every loss
        bids(("90000", True, 6), ("110000", False, 6)),
        # a tie at the boundary: still separated (quasi-complete)
        bids(("90000", True, 5), ("100000", True, 1), ("100000", False, 1))
        + bids(("110000", False, 5)),
        # every win dearer than every loss
        bids(("90000", False, 6), ("110000", True, 6)),
    ],
)
def test_wins_and_losses_separated_by_price_are_refused(history):
    with pytest.raises(InsufficientDataError, match="separated by price"):
        fit_bid_response(history)


def test_min_each_sets_how_thin_a_history_may_be():
    three_each = bids(
        ("90000", True, 2),
        ("110000", True, 1),
        ("90000", False, 1),
        ("120000", False, 2),
    )
    with pytest.raises(InsufficientDataError, match="at least 5 of each"):
        fit_bid_response(three_each)
    assert fit_bid_response(three_each, min_each=3).bids == 6
    with pytest.raises(InsufficientDataError, match="at least 4 of each"):
        fit_bid_response(three_each, min_each=4)
    with pytest.raises(ValidationError, match="min_each"):
        fit_bid_response(three_each, min_each=0)
    # one loss between two wins is not separated: one of each is enough
    one_loss = bids(("100000", True, 1), ("110000", False, 1), ("120000", True, 1))
    assert fit_bid_response(one_loss, min_each=1).wins == 2


def test_a_fit_that_runs_out_of_steps_says_so(monkeypatch):
    monkeypatch.setattr(_bids, "_MAX_STEPS", 1)
    with pytest.raises(ConvergenceError, match="did not converge in 1 Newton steps"):
        fit_bid_response(simulated(1))


def test_bids_in_two_currencies_are_refused():
    dollars = Money("100000", "USD")
    mixed = [
        *TWO_PRICES,
        BidOutcome(price=Money("90000", "USD"), reference=dollars, won=True),
    ]
    with pytest.raises(CurrencyMismatchError, match=r"outcomes\[16\]\.price"):
        fit_bid_response(mixed)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"price": Money("0", "EUR")},
            "BidOutcome.price: expected a positive amount of money",
        ),
        (
            {"reference": Money("-1", "EUR")},
            "BidOutcome.reference: expected a positive amount of money",
        ),
        ({"price": Money("1", "USD")}, "BidOutcome.reference: in EUR, but"),
        ({"won": "yes"}, "BidOutcome.won: expected true or false, got 'yes'"),
    ],
)
def test_a_bad_bid_is_refused_at_its_field(fields, message):
    valid = {"price": Money("1", "EUR"), "reference": REFERENCE, "won": True}
    with pytest.raises(ValidationError) as raised:
        BidOutcome(**{**valid, **fields})
    assert str(raised.value).startswith(message)


def test_a_bids_ratio_is_its_price_over_its_reference():
    bid = BidOutcome(price=Money("105000", "EUR"), reference=REFERENCE, won=False)
    assert bid.ratio == Decimal("1.05")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("b", math.inf, "BidResponse.b: must be finite"),
        ("variance_a", -1.0, "BidResponse.variance_a: must be in [0, inf)"),
        ("variance_b", -0.1, "BidResponse.variance_b: must be in [0, inf)"),
        ("log_likelihood", 0.5, "BidResponse.log_likelihood: must be in [-inf, 0]"),
        ("bids", -1, "BidResponse.bids: expected a whole number of at least 0"),
    ],
)
def test_a_curve_given_by_hand_is_checked(field, value, message):
    with pytest.raises(ValidationError) as raised:
        given_curve(**{field: value})
    assert str(raised.value).startswith(message)


def test_an_infinite_ratio_or_cost_is_refused():
    curve = fit_bid_response(TWO_PRICES)
    with pytest.raises(ValidationError, match=r"win_probability\.ratio: must be"):
        curve.win_probability(math.inf)
    with pytest.raises(ValidationError, match=r"best_ratio\.cost_ratio: must be"):
        curve.best_ratio(math.inf)


def test_a_flat_curve_has_no_best_price_either():
    """b = 0: the chance of winning does not change with the price."""
    flat = given_curve(a=0.0, b=0.0)
    with pytest.raises(InsufficientDataError, match=r"\(b = 0\)"):
        flat.best_ratio(1)


def test_the_fit_keeps_its_history_and_its_quality():
    """The two-price history spans 1.0 to 1.2; McFadden's pseudo-R2 by hand.

    The fit reproduces both win rates, so its log-likelihood is
    2 x (6 log 0.75 + 2 log 0.25) = -8.9974; a flat curve at 8 of 16 has
    16 log 0.5 = -11.0904. Pseudo-R2 = 1 - 8.9974 / 11.0904 = 0.1887.
    """
    curve = fit_bid_response(TWO_PRICES)
    assert curve.ratio_low == 1.0
    assert curve.ratio_high == 1.2
    fitted = 2 * (6 * math.log(0.75) + 2 * math.log(0.25))
    null = 16 * math.log(0.5)
    assert curve.log_likelihood == pytest.approx(fitted, abs=1e-12)
    assert curve.pseudo_r2 == pytest.approx(1 - fitted / null, abs=1e-12)
    assert round(curve.pseudo_r2, 4) == 0.1887
    assert given_curve(wins=0).pseudo_r2 is None
    assert given_curve(wins=20).pseudo_r2 is None
    # one win in twenty: l0 = log(1/20) + 19 log(19/20) = -3.97029...
    null_one = math.log(1 / 20) + 19 * math.log(19 / 20)
    assert given_curve(wins=1).pseudo_r2 == pytest.approx(1 - (-9.0) / null_one)
    assert given_curve(wins=19).pseudo_r2 == pytest.approx(1 - (-9.0) / null_one)
    # a variance below 1 is a variance like any other
    assert given_curve(variance_b=0.25).variance_b == 0.25


TWO_PRICE_CURVE = {"a": -11 * math.log(3), "b": 10 * math.log(3)}


def test_price_to_win_on_the_two_price_curve():
    """Reference 100,000, cost 80,000: c = 0.8.

    At 1.1 the curve is even (a + 1.1 b = 0), so the point at 110,000 wins
    half the time and its expected margin is 30,000 / 2 = 15,000.00 exactly.
    """
    curve = given_curve(**TWO_PRICE_CURVE, ratio_low=1.0, ratio_high=1.2)
    plan = _bids.price_to_win(
        curve, reference=REFERENCE, cost=Money("80000", "EUR"), points=3
    )
    assert plan.reference == REFERENCE
    assert plan.cost == Money("80000", "EUR")
    middle = next(p for p in plan.curve if p.price == Money("110000", "EUR"))
    assert middle.ratio == pytest.approx(1.1, abs=1e-15)
    assert middle.win_probability == pytest.approx(0.5, abs=1e-15)
    assert middle.margin == Money("30000.00", "EUR")
    assert middle.expected_margin == Money("15000.00", "EUR")
    assert middle.low < 0.5 < middle.high
    assert [p.price.amount for p in plan.curve] == sorted(
        p.price.amount for p in plan.curve
    )
    assert len(plan.curve) == 4  # three across the history, and the best
    assert plan.curve[0].price == Money("100000.00", "EUR")
    assert plan.curve[-1].price == Money("120000.00", "EUR")
    # the best satisfies (r - c) b (1 - rho(r)) = 1 to the cent's precision
    best = plan.best
    r = best.ratio
    rho = 1 / (1 + math.exp(curve.a + curve.b * r))
    assert (r - 0.8) * curve.b * (1 - rho) == pytest.approx(1, abs=1e-6)
    assert best.win_probability == pytest.approx(rho, abs=1e-15)
    assert best in plan.curve
    assert all(best.expected_margin >= p.expected_margin for p in plan.curve)
    assert plan.extrapolated is False


def test_price_to_win_outside_the_history_says_so():
    """A cost of 119,000 puts the best price above 1.2, where no bid was."""
    curve = given_curve(**TWO_PRICE_CURVE, ratio_low=1.0, ratio_high=1.2)
    plan = _bids.price_to_win(curve, reference=REFERENCE, cost=Money("119000", "EUR"))
    assert plan.best.ratio > 1.2
    assert plan.extrapolated is True
    assert len(plan.curve) == 22  # the default 21 points, and the best


def test_price_to_win_refusals():
    curve = given_curve()
    with pytest.raises(CurrencyMismatchError, match=r"^price_to_win\.cost: in USD"):
        _bids.price_to_win(curve, reference=REFERENCE, cost=Money("1", "USD"))
    with pytest.raises(ValidationError) as caught:
        _bids.price_to_win(curve, reference=REFERENCE, cost=Money("0", "EUR"))
    assert str(caught.value) == (
        "price_to_win.cost: expected a positive amount of money, got Money('0', 'EUR')"
    )
    with pytest.raises(ValidationError, match=r"^price_to_win\.points: "):
        _bids.price_to_win(curve, reference=REFERENCE, cost=Money("1", "EUR"), points=1)
    with pytest.raises(ValidationError) as caught:
        _bids.price_to_win(
            curve, reference=REFERENCE, cost=Money("1", "EUR"), points=1002
        )
    assert str(caught.value) == "price_to_win.points: at most 1001 points, got 1002"
    plan = _bids.price_to_win(
        curve, reference=REFERENCE, cost=Money("1", "EUR"), points=1001
    )
    assert len(plan.curve) in {1001, 1002}  # the best may fall on a point
    with pytest.raises(InsufficientDataError, match="does not fall"):
        _bids.price_to_win(
            given_curve(b=-1.0), reference=REFERENCE, cost=Money("1", "EUR")
        )
