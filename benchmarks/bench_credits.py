"""Service credits for 10,000 contracts x 12 months x 10 service levels.

Compares, on the same generated portfolio in one run, threads pinned to
one, every side warmed up, runs interleaved (median and best of five):

1. ``accountkit.contracts.assess_arrays`` - exact integer numpy arithmetic;
2. pandas in long format (one row per contract, month and service level, 1.2M
   rows), as a user would write it: float percentages, ``np.select`` for the
   tier rates, a groupby to total each invoice, and ``clip`` at the at-risk
   amount;
3. the strongest hand-written numpy: exact integers too, ``np.select`` of
   each cell's rate over the whole table at once, each credit rounded half
   up as the library rounds, summed and capped (ten lines, for this one
   tier table; ``assess_arrays`` takes any rules and caps).

Each service level has an AWS-style tier table (target 99.9: >= 99.0 -> 10%,
>= 95.0 -> 25%, below -> 50%); at-risk 12% of the invoice. The script checks
the two agree on every invoice's credits (to the cent).

Usage: python benchmarks/bench_credits.py
"""

from _timing import interleaved, pin_threads

pin_threads(1)

import numpy as np  # noqa: E402 - after pinning the threads

from accountkit.contracts import (  # noqa: E402
    CreditRegime,
    CreditTier,
    ServiceLevel,
    TieredCredit,
    assess_arrays,
)

CONTRACTS, MONTHS, LEVELS = 10_000, 12, 10
PLACES = 4


def main() -> None:
    """Run both versions and print times, the ratio and agreement."""
    import pandas as pd  # noqa: PLC0415 - the peer is optional (the bench extra)

    rng = np.random.default_rng(20261123)
    # Mostly met, sometimes missed: availability in 1/10,000 of a percent.
    measured = np.where(
        rng.random((CONTRACTS, MONTHS, LEVELS)) < 0.9,
        rng.integers(999_000, 1_000_001, (CONTRACTS, MONTHS, LEVELS)),
        rng.integers(940_000, 999_000, (CONTRACTS, MONTHS, LEVELS)),
    )
    charges = rng.integers(1_000_000, 50_000_000, (CONTRACTS, MONTHS))  # cents
    tiers = TieredCredit(
        (
            CreditTier(bound="99.0", rate="0.10"),
            CreditTier(bound="95.0", rate="0.25"),
            CreditTier(bound=None, rate="0.50"),
        )
    )
    levels = [
        ServiceLevel(id=f"sl{i}", name=f"SL {i}", target="99.9", rule=tiers)
        for i in range(LEVELS)
    ]
    regime = CreditRegime(at_risk_rate="0.12")

    def ours() -> object:
        return assess_arrays(
            levels, regime, measured, charges, currency="USD", places=PLACES
        )

    def pandas_long() -> pd.Series:
        contract, month, _ = np.indices(measured.shape).reshape(3, -1)
        frame = pd.DataFrame(
            {
                "contract": contract,
                "month": month,
                "availability": measured.reshape(-1) / 10**PLACES,
                "charges": charges[contract, month] / 100,
            }
        )
        value = frame["availability"]
        rate = np.select(
            [value >= 99.9, value >= 99.0, value >= 95.0],
            [0.0, 0.10, 0.25],
            default=0.50,
        )
        frame["credit"] = (frame["charges"] * rate).round(2)
        totals = frame.groupby(["contract", "month"], sort=True).agg(
            credit=("credit", "sum"), charges=("charges", "first")
        )
        return totals["credit"].clip(upper=(totals["charges"] * 0.12).round(2))

    def half_up(numerator: np.ndarray, denominator: int) -> np.ndarray:
        quotient, remainder = np.divmod(numerator, denominator)
        rounded: np.ndarray = quotient + (2 * remainder >= denominator)
        return rounded

    def numpy_exact() -> np.ndarray:
        percent = np.select(
            [measured >= 999_000, measured >= 990_000, measured >= 950_000],
            [0, 10, 25],
            50,
        )
        owed = half_up(charges[:, :, None] * percent, 100).sum(axis=2)
        return np.minimum(owed, half_up(charges * 12, 100))

    timings = interleaved(
        {
            "accountkit assess_arrays": ours,
            "pandas long format": pandas_long,
            "hand-written numpy": numpy_exact,
        },
        repeat=5,
    )
    exact = timings["accountkit assess_arrays"].result.issued  # type: ignore[union-attr]
    answers = {
        "accountkit assess_arrays": exact,
        "pandas long format": np.round(
            timings["pandas long format"].result.to_numpy() * 100  # type: ignore[union-attr]
        )
        .astype(np.int64)
        .reshape(exact.shape),
        "hand-written numpy": timings["hand-written numpy"].result,
    }
    cells = CONTRACTS * MONTHS * LEVELS
    print(
        f"{CONTRACTS:,} contracts x {MONTHS} months x {LEVELS} levels = {cells:,} cells"
    )
    ours_median = timings["accountkit assess_arrays"].median
    for name, timing in timings.items():
        differing = int((answers[name] != exact).sum())
        print(
            f"  {name:26}: median {timing.median * 1e3:7.1f} ms, best "
            f"{timing.best * 1e3:7.1f} ms ({timing.median / ours_median:5.2f}x "
            f"accountkit's time); invoices off by a cent or more: {differing:,} "
            f"of {exact.size:,}"
        )


if __name__ == "__main__":
    main()
