"""Service credits for 10,000 contracts x 12 months x 10 service levels.

Compares, on the same generated portfolio in one run:

1. ``accountkit.contracts.assess_arrays`` - exact integer numpy arithmetic;
2. pandas in long format (one row per contract, month and service level, 1.2M
   rows), as a user would write it: float percentages, ``np.select`` for the
   tier rates, a groupby to total each invoice, and ``clip`` at the at-risk
   amount.

Each service level has an AWS-style tier table (target 99.9: >= 99.0 -> 10%,
>= 95.0 -> 25%, below -> 50%); at-risk 12% of the invoice. The script checks
the two agree on every invoice's credits (to the cent).

Usage: python benchmarks/bench_credits.py
"""

import numpy as np
from _timing import best_of

from accountkit.contracts import (
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

    accountkit_time, result = best_of(ours)
    pandas_time, frame = best_of(pandas_long)
    exact = result.issued.reshape(-1)
    floats = np.round(frame.to_numpy() * 100).astype(np.int64)
    cells = CONTRACTS * MONTHS * LEVELS
    print(
        f"{CONTRACTS:,} contracts x {MONTHS} months x {LEVELS} levels = {cells:,} cells"
    )
    print(f"  accountkit assess_arrays : {accountkit_time:7.3f} s")
    ratio = pandas_time / accountkit_time
    print(f"  pandas long format       : {pandas_time:7.3f} s  ({ratio:4.1f}x slower)")
    differing = int((exact != floats).sum())
    print(f"  invoices off by a cent or more: {differing:,} of {exact.size:,}")


if __name__ == "__main__":
    main()
