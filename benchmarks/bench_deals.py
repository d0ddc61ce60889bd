"""Price-to-win: fitting the bid-response curve, accountkit against its peers.

The job: fit the logit bid-response curve to a history of won and lost bids
(price over reference, won or not), as ``fit_bid_response`` does, on
histories of 200 and 5,000 simulated bids (even at 1.05, slope 12). Peers:
statsmodels' ``Logit`` (what a data scientist reaches for; Newton by
default) and the strongest short one: ten lines of numpy Newton (IRLS) on
arrays. accountkit's side takes the records (``BidOutcome``), the peers take
arrays, each built before the clock starts.

Beside each time, each side's largest difference in (a, b) from the exact
maximum, computed once by Newton in ``numpy.longdouble`` to convergence.

Usage: python benchmarks/bench_deals.py
"""

import math
import random

from _timing import compare

import numpy as np  # isort: skip - after the harness has pinned the threads

from accountkit import Money
from accountkit.deals import BidOutcome, fit_bid_response

SIZES = (200, 5_000)


def numpy_newton(
    ratios: np.ndarray, won: np.ndarray, dtype: type = np.float64
) -> tuple[float, float]:
    """Newton's method for rho = 1 / (1 + e^(a + b r)) on arrays (IRLS)."""
    x = np.column_stack([np.ones(len(ratios), dtype=dtype), ratios.astype(dtype)])
    y = 1 - won.astype(dtype)  # the logit of losing is a + b r
    beta = np.zeros(2, dtype=dtype)
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ beta)))
        m = (x * (p * (1 - p))[:, None]).T @ x
        g = x.T @ (y - p)
        det = m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]
        step = (
            np.array([m[1, 1] * g[0] - m[0, 1] * g[1], m[0, 0] * g[1] - m[1, 0] * g[0]])
            / det
        )
        beta = beta + step
        if np.max(np.abs(step)) < 1e-15:
            break
    return float(beta[0]), float(beta[1])


def main() -> None:
    """Time the fit on each history size and print the rows."""
    import statsmodels.api as sm  # noqa: PLC0415 - the peer is optional

    for size in SIZES:
        run(size, sm)


def run(size: int, sm: object) -> None:
    """Time the three sides on a simulated history of ``size`` bids."""
    rng = random.Random(20261130 + size)
    reference = Money("100000", "EUR")
    bids = []
    for _ in range(size):
        per_mille = rng.randrange(800, 1300)
        chance = 1 / (1 + math.exp(-12 * 1.05 + 12 * per_mille / 1000))
        bids.append(
            BidOutcome(
                price=Money(per_mille * 100, "EUR"),
                reference=reference,
                won=rng.random() < chance,
            )
        )
    ratios = np.array([float(b.ratio) for b in bids])
    won = np.array([b.won for b in bids])
    exact = numpy_newton(ratios, won, np.longdouble)
    design = sm.add_constant(ratios)  # type: ignore[attr-defined]
    lost = (~won).astype(float)

    def accuracy(_: str, result: object) -> str:
        a, b = result  # type: ignore[misc]
        off = max(abs(a - exact[0]), abs(b - exact[1]))
        return f"(a, b) within {off:.1e} of the exact maximum"

    def ours() -> tuple[float, float]:
        curve = fit_bid_response(bids)
        return curve.a, curve.b

    def statsmodels_logit() -> tuple[float, float]:
        fitted = sm.Logit(lost, design).fit(disp=0, tol=1e-12)  # type: ignore[attr-defined]
        return float(fitted.params[0]), float(fitted.params[1])

    compare(
        f"Fit the bid-response curve to {size:,} bids",
        {
            "accountkit fit_bid_response": ours,
            "statsmodels Logit": statsmodels_logit,
            "numpy Newton (10 lines)": lambda: numpy_newton(ratios, won),
        },
        accuracy,
        ours="accountkit fit_bid_response",
    )


if __name__ == "__main__":
    main()
