"""A plain, slow reference for recurring fixed-fee billing, used as a test oracle.

It follows the documented convention literally, one day at a time, with none of
the kernel's closed forms: the fee accrued from the start of a billing period to
day t is the sum, over each day before t, of that day's contract-year fee divided
by the days in the period; a line over [a, b) bills round(V(b)) - round(V(a)).
"""

import itertools
from datetime import date, timedelta
from fractions import Fraction

from accountkit import Money, Period, add_months
from accountkit.contracts import FixedFee, Timing

__all__ = ["reference_fee_lines"]


def _year_of(term_start: date, day: date) -> int:
    year = 0
    while add_months(term_start, 12 * (year + 1)) <= day:
        year += 1
    return year


def _fee(fee: FixedFee, year: int, rounding: str) -> Fraction:
    rate = Fraction(fee.escalation_rate or 0)
    exact = Fraction(fee.amount.amount) * (1 + rate) ** year
    return Fraction(
        Money.from_fraction(exact, fee.amount.currency, rounding=rounding).amount
    )


def reference_fee_lines(
    fee: FixedFee, term: Period, rounding: str
) -> list[tuple[Period, date, Money]]:
    # The documented rule, written out here rather than taken from the code
    # under test: a charge runs over its own dates, each defaulting to the term's.
    window = Period(fee.start or term.start, fee.end or term.end)
    months = fee.frequency.months
    assert months is not None
    anchor = date(window.start.year, 1, 1) if fee.calendar_aligned else term.start
    step = 0  # the anchor never lies after the window's start
    while add_months(anchor, (step + 1) * months) <= window.start:
        step += 1
    lines = []
    while add_months(anchor, step * months) < window.end:
        period = Period(
            add_months(anchor, step * months), add_months(anchor, (step + 1) * months)
        )
        step += 1
        covered = period.overlap(window)
        if covered is None:
            continue

        def accrued(until: date, period: Period = period) -> Fraction:
            total, day = Fraction(0), period.start
            while day < until:
                total += _fee(fee, _year_of(term.start, max(day, term.start)), rounding)
                day += timedelta(days=1)
            return total / period.days

        def rounded(value: Fraction) -> Money:
            return Money.from_fraction(value, fee.amount.currency, rounding=rounding)

        cuts = [covered.start]
        year = 1
        while add_months(term.start, 12 * year) < covered.end:
            boundary = add_months(term.start, 12 * year)
            if boundary > covered.start:
                cuts.append(boundary)
            year += 1
        cuts.append(covered.end)
        bill_on = covered.start if fee.timing is Timing.ADVANCE else covered.end
        for low, high in itertools.pairwise(cuts):
            lines.append(
                (
                    Period(low, high),
                    bill_on,
                    rounded(accrued(high)) - rounded(accrued(low)),
                )
            )
    return lines
