import pytest

from accountkit import ValidationError
from accountkit.health import csat, nps


def test_nps_worked_case():
    """30% promoters, 20% detractors, 50% passives: NPS = 30 - 20 = +10."""
    answers = [10] * 15 + [9] * 15 + [8] * 30 + [7] * 20 + [6] * 10 + [0] * 10
    result = nps(answers)
    assert result.value == pytest.approx(10)
    assert (result.favourable, result.neutral, result.unfavourable) == (30, 50, 20)


def test_csat_worked_case():
    """74 of 107 answers are 4 or 5: 74 / 107 = 69.16%."""
    result = csat([5] * 50 + [4] * 24 + [3] * 20 + [1] * 13)
    assert round(result.value, 2) == 69.16
    assert (result.favourable, result.neutral, result.unfavourable) == (74, 20, 13)


def test_too_few_responses_give_no_value():
    assert nps([10, 10, 9], minimum=5).value is None
    assert csat([5, 5, 5, 5], minimum=5).value is None
    assert csat([5, 5, 5, 5, 1], minimum=5).value == 80


def test_answers_out_of_range_are_named():
    with pytest.raises(ValidationError) as caught:
        nps([10, 11, 12, -1])
    assert [p.path for p in caught.value.problems] == [
        ("responses", 1),
        ("responses", 2),
        ("responses", 3),
    ]
    with pytest.raises(ValidationError) as caught:
        nps([10, 3.5, True])
    assert str(caught.value) == (
        "2 problems:\n"
        "  nps.responses[1]: expected a whole number (an int), got float 3.5\n"
        "  nps.responses[2]: expected a whole number (an int), got bool True"
    )
    with pytest.raises(
        ValidationError, match=r"responses\[0\]: expected a whole number from 1"
    ):
        csat([0])
