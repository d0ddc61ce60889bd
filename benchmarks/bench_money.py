"""Exact money arithmetic: accountkit against what a user would otherwise write.

Two jobs on the same generated amounts, in one run:

1. Total 100,000 invoice amounts in one currency. Peers: the plain-Decimal loop
   a careful user writes (``sum`` of Decimals, no currency check), a pandas
   float column sum (fast, but binary floating point, so not exact), and the
   strongest: a numpy sum of integer cents (exact, but the amounts must
   already be cents in an array).
2. Spread a credit over 10,000 lines pro rata (largest remainder). Peer: the same
   algorithm written by hand with Decimal and quantize.

Beside each time, each side's total against the exact one (Python integers
of cents); every side runs through the shared harness.

Usage: python benchmarks/bench_money.py
"""

import random
from decimal import ROUND_FLOOR, Decimal

from _timing import compare

import numpy as np  # isort: skip - after the harness has pinned the threads

from accountkit import Money

N_AMOUNTS = 100_000
N_LINES = 10_000


def hand_allocation(total_cents: int, weights: list[Decimal]) -> list[Decimal]:
    """Largest remainder as a user would write it with Decimal."""
    whole = sum(weights)
    quotas = [Decimal(total_cents) * w / whole for w in weights]
    floors = [q.quantize(Decimal(1), rounding=ROUND_FLOOR) for q in quotas]
    leftover = total_cents - int(sum(floors))
    order = sorted(range(len(quotas)), key=lambda i: (floors[i] - quotas[i], i))
    for i in order[:leftover]:
        floors[i] += 1
    return [f / 100 for f in floors]


def main() -> None:
    """Run both jobs and print times, ratios and accuracy."""
    import pandas as pd  # noqa: PLC0415 - the peer is optional (the bench extra)

    rng = random.Random(20261123)
    cents = [rng.randrange(1, 10_000_000) for _ in range(N_AMOUNTS)]
    decimals = [Decimal(c).scaleb(-2) for c in cents]
    amounts = [Money(d, "EUR") for d in decimals]
    column = pd.Series([float(d) for d in decimals])
    array = np.array(cents, dtype=np.int64)
    exact = sum(cents)

    def total_accuracy(_: str, result: object) -> str:
        found = getattr(result, "amount", result)
        if isinstance(found, float):
            off = Decimal(found) * 100 - exact
            return f"off by {off:.3e} cents (float)"
        cents_found = found if isinstance(found, int | np.integer) else found * 100
        return "exact" if cents_found == exact else f"off by {cents_found - exact}"

    compare(
        f"total of {N_AMOUNTS:,} EUR amounts",
        {
            "plain Decimal sum": lambda: sum(decimals, Decimal(0)),
            "pandas float Series.sum": lambda: float(column.sum()),
            "numpy int64 cents sum": lambda: int(array.sum()),
            "accountkit Money.total": lambda: Money.total(amounts, currency="EUR"),
        },
        total_accuracy,
        ours="accountkit Money.total",
    )

    weights = [Decimal(rng.randrange(1, 1000)) for _ in range(N_LINES)]
    credit = Money("123456.78", "EUR")
    reference = hand_allocation(12345678, weights)

    def split_accuracy(_: str, result: object) -> str:
        parts = [getattr(p, "amount", p) for p in result]  # type: ignore[attr-defined]
        total = "sums to the credit" if sum(parts) == credit.amount else "does not sum"
        same = sum(a != b for a, b in zip(parts, reference, strict=True))
        return f"{total}; {same} of {N_LINES:,} lines differ from the reference"

    compare(
        f"allocate a credit over {N_LINES:,} lines (largest remainder)",
        {
            "hand-written Decimal": lambda: hand_allocation(12345678, weights),
            "accountkit Money.allocate": lambda: credit.allocate(weights),
        },
        split_accuracy,
        ours="accountkit Money.allocate",
    )


if __name__ == "__main__":
    main()
