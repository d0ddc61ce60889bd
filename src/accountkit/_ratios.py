"""Exact ratios rounded to decimal places: the one rounding rule of the floors above."""

from decimal import Decimal
from fractions import Fraction

from accountkit._checked import MAX_PLACES
from accountkit._validators import whole_number
from accountkit.errors import ValidationError
from accountkit.money import Money, check_rounding, round_quotient

__all__ = ["MAX_PLACES", "rate_of", "rounded"]


def rounded(value: Fraction, places: int, rounding: str, *, where: str) -> Decimal:
    """Round an exact ratio to ``places`` decimal places (sign kept).

    ``rounding`` is a :mod:`decimal` rounding mode, applied to the magnitude
    and mirrored for negative values so that ceiling and floor keep their
    meaning; ``where`` names the caller in the error for a bad mode.
    """
    check_rounding(rounding, where=where)
    whole_number(places, where=where, path="places", minimum=0)
    if places > MAX_PLACES:
        message = f"expected a whole number from 0 to {MAX_PLACES}, got {places!r}"
        raise ValidationError(message, path="places", root=where)
    scaled = abs(value) * 10**places
    mirrored = {"ROUND_CEILING": "ROUND_FLOOR", "ROUND_FLOOR": "ROUND_CEILING"}
    mode = mirrored.get(rounding, rounding) if value < 0 else rounding
    units = round_quotient(scaled.numerator, scaled.denominator, mode)
    return Decimal(-units if value < 0 else units).scaleb(-places)


def rate_of(part: Money, whole: Money, places: int) -> Decimal | None:
    """Return ``part / whole`` rounded half-up, or ``None`` when ``whole`` is 0."""
    if whole.amount == 0:
        return None
    exact = Fraction(part.amount) / Fraction(whole.amount)
    return rounded(exact, places, "ROUND_HALF_UP", where="rate")
