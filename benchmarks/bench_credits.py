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
>= 95.0 -> 25%, below -> 50%); at-risk 12% of the invoice. Every side's
credit per invoice is checked against exact ones (each cell's credit in
Python decimals, rounded half up to the cent, summed and capped); every side
runs through the shared harness.

Usage: python benchmarks/bench_credits.py
"""

from decimal import ROUND_HALF_UP, Decimal

from _timing import compare, floor

import numpy as np  # isort: skip - after the harness has pinned the threads

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

    exact = exact_credits(measured, charges)

    def accuracy(_: str, result: object) -> str:
        found = getattr(result, "issued", result)
        if not isinstance(found, np.ndarray):  # pandas: dollars, as floats
            found = np.round(found.to_numpy() * 100).astype(np.int64)  # type: ignore[attr-defined]
        off = int((found.reshape(exact.shape) != exact).sum())
        return f"{off:,} of {exact.size:,} invoices off by a cent or more"

    cells = CONTRACTS * MONTHS * LEVELS
    timings = compare(
        f"service credits, {CONTRACTS:,} contracts x {MONTHS} months x {LEVELS} "
        f"levels = {cells:,} cells",
        {
            "pandas long format": pandas_long,
            "numpy by hand (exact integers)": numpy_exact,
            "accountkit assess_arrays": ours,
        },
        accuracy,
        ours="accountkit assess_arrays",
    )
    floor(
        measured.nbytes + charges.nbytes,
        timings["accountkit assess_arrays"].best,
        ours,
    )


def exact_credits(measured: np.ndarray, charges: np.ndarray) -> np.ndarray:
    """Each invoice's credit in cents, worked in Python decimals: the reference."""
    cent, rates = Decimal("0.01"), (Decimal("0.10"), Decimal("0.25"), Decimal("0.50"))
    result = np.empty(charges.shape, dtype=np.int64)
    for (contract, month), cents in np.ndenumerate(charges):
        charge = Decimal(int(cents)) / 100
        owed = Decimal(0)
        for value in measured[contract, month].tolist():
            percent = Decimal(value).scaleb(-PLACES)
            if percent >= Decimal("99.9"):
                continue
            rate = (
                rates[0] if percent >= 99 else rates[1] if percent >= 95 else rates[2]
            )
            owed += (charge * rate).quantize(cent, rounding=ROUND_HALF_UP)
        cap = (charge * Decimal("0.12")).quantize(cent, rounding=ROUND_HALF_UP)
        result[contract, month] = int(min(owed, cap) * 100)
    return result


if __name__ == "__main__":
    main()
