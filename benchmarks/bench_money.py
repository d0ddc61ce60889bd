"""Exact money arithmetic: accountkit against what a user would otherwise write.

Two jobs on the same generated amounts, in one run:

1. Total 100,000 invoice amounts in one currency. Peers: the plain-Decimal loop
   a careful user writes (``sum`` of Decimals, no currency check), and a pandas
   float column sum (fast, but binary floating point, so not exact).
2. Spread a credit over 10,000 lines pro rata (largest remainder). Peer: the same
   algorithm written by hand with Decimal and quantize.

Usage: python benchmarks/bench_money.py
"""

import importlib.util
import random
import timeit
from decimal import ROUND_FLOOR, Decimal

from accountkit import Money

N_AMOUNTS = 100_000
N_LINES = 10_000
REPEAT = 5


def best_of(call: object, number: int = 1) -> float:
    """Best wall time of ``REPEAT`` runs, in seconds."""
    return min(timeit.repeat(call, number=number, repeat=REPEAT)) / number


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
    """Run both jobs and print times and ratios."""
    rng = random.Random(20261123)
    cents = [rng.randrange(1, 10_000_000) for _ in range(N_AMOUNTS)]
    decimals = [Decimal(c).scaleb(-2) for c in cents]
    amounts = [Money(d, "EUR") for d in decimals]

    ours = best_of(lambda: Money.total(amounts, currency="EUR"))
    plain = best_of(lambda: sum(decimals, Decimal(0)))
    print(f"total of {N_AMOUNTS:,} amounts")
    print(f"  accountkit Money.total : {ours * 1000:8.2f} ms")
    print(
        f"  plain Decimal sum      : {plain * 1000:8.2f} ms  "
        f"(ratio {ours / plain:.2f}x)"
    )
    if importlib.util.find_spec("pandas") is not None:
        import pandas as pd  # noqa: PLC0415 - optional peer

        column = pd.Series([float(d) for d in decimals])
        floats = best_of(column.sum, number=20)
        exact = float(sum(decimals)) == column.sum()
        print(
            f"  pandas float sum       : {floats * 1000:8.2f} ms  "
            f"(exact: {exact}; ratio {ours / floats:.0f}x)"
        )

    weights = [Decimal(rng.randrange(1, 1000)) for _ in range(N_LINES)]
    credit = Money("123456.78", "EUR")
    ours = best_of(lambda: credit.allocate(weights))
    hand = best_of(lambda: hand_allocation(12345678, weights))
    check = [p.amount for p in credit.allocate(weights)] == hand_allocation(
        12345678, weights
    )
    print(f"allocate over {N_LINES:,} lines (same result: {check})")
    print(f"  accountkit allocate    : {ours * 1000:8.2f} ms")
    print(
        f"  hand-written Decimal   : {hand * 1000:8.2f} ms  (ratio {ours / hand:.2f}x)"
    )


if __name__ == "__main__":
    main()
