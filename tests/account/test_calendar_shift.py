"""The review is the same in every 400-year cycle of the calendar.

The Gregorian calendar repeats every 400 years: the same weekdays, the same
leap years, the same month ends (400 years are exactly 146,097 days, 20,871
weeks). So an account whose every date is moved by 400 k years, reviewed on the
moved day, must give the same review with its dates moved: the same money, the
same flags, the same colours. Moving the sample accounts from year 26 to year
9626 exercises the whole supported date range (issue 14) with real accounts,
not only the years the samples were written in.
"""

import json
import re
from datetime import date

import pytest

from accountkit.account import Account, review, sample_portfolio
from accountkit.serialization import from_json, to_json

ISO_YEAR = re.compile(r"(?<![\d.])(20[0-3]\d)(?=-\d\d-\d\d)")
"""The year of an ISO date (2000-2039, the samples' range), in any text."""

PROSE_YEAR = re.compile(r"(?<=[A-Za-z] )(20[0-3]\d)(?![\d.,])")
"""A year written after a word, as in "failed in June 2026"."""


def _moved_text(text: str, years: int) -> str:
    text = ISO_YEAR.sub(lambda m: f"{int(m.group(1)) + years:04d}", text)
    return PROSE_YEAR.sub(lambda m: f"{int(m.group(1)) + years:04d}", text)


def _moved(value: object, years: int, key: str | None = None) -> object:
    """Every date in a JSON value moved by ``years`` (plan years too)."""
    if isinstance(value, dict):
        return {k: _moved(v, years, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_moved(v, years) for v in value]
    if isinstance(value, str):
        return _moved_text(value, years)
    if key == "year" and isinstance(value, int) and not isinstance(value, bool):
        return value + years
    return value


SAMPLES = sample_portfolio()
DAY = date(2026, 6, 30)
REVIEWS = {a.id: json.loads(to_json(review(a, as_of=DAY))) for a in SAMPLES}


@pytest.mark.parametrize("cycles", [c for c in range(-5, 20) if c])
def test_a_review_moved_by_400_years_is_the_same_review(cycles):
    years = 400 * cycles
    for account in SAMPLES:
        moved = from_json(
            Account, json.dumps(_moved(json.loads(to_json(account)), years))
        )
        seen = review(moved, as_of=date(DAY.year + years, DAY.month, DAY.day))
        assert json.loads(to_json(seen)) == _moved(REVIEWS[account.id], years)


def test_the_move_touches_dates_and_years_only():
    """The helper itself: ISO dates and prose years move, amounts do not."""
    text = "INV 2026-03-31 of EUR 2026.00, failed in June 2026"
    assert _moved_text(text, 400) == (
        "INV 2426-03-31 of EUR 2026.00, failed in June 2426"
    )
    assert _moved({"year": 2026, "amount": 2026}, -2000) == {
        "year": 26,
        "amount": 2026,
    }
