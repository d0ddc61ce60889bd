r"""Survey measures: Net Promoter Score and customer satisfaction."""

from collections.abc import Sequence

import attrs

from accountkit._checked import checked
from accountkit._validators import whole_number
from accountkit.errors import Problem, ValidationError

__all__ = ["DEFAULT_MINIMUM_RESPONSES", "SurveyResult", "csat", "nps"]

DEFAULT_MINIMUM_RESPONSES = 5
"""Below this many responses a survey measure is missing, not noisy."""

_NPS_HIGH = 10
_PROMOTER = 9
_DETRACTOR = 6
_CSAT_HIGH = 5
_SATISFIED = 4
_HUNDRED = 100


@attrs.frozen(kw_only=True)
class SurveyResult:
    """A survey measure and the counts behind it.

    Attributes
    ----------
    value
        The measure (NPS from -100 to 100, CSAT from 0 to 100); ``None`` when
        there were fewer responses than the minimum.
    responses
        How many responses.
    favourable, neutral, unfavourable
        NPS: promoters, passives, detractors. CSAT: 4s and 5s, 3s, 1s and 2s.
    """

    value: float | None
    responses: int
    favourable: int
    neutral: int
    unfavourable: int


def _answers(values: object, high: int, where: str) -> list[int]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        message = (
            f"expected a sequence of whole-number answers, got {type(values).__name__}"
        )
        raise ValidationError(message, path="responses", root=where)
    low = 0 if high == _NPS_HIGH else 1
    problems = [
        Problem(
            ("responses", i), f"expected a whole number from {low} to {high}, got {v!r}"
        )
        for i, v in enumerate(values)
        if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high
    ]
    if problems:
        raise ValidationError(problems=problems, root=where)
    return list(values)


@checked
def nps(
    responses: Sequence[int], *, minimum: int = DEFAULT_MINIMUM_RESPONSES
) -> SurveyResult:
    r"""Return the Net Promoter Score of 0-10 "how likely to recommend" answers.

    Parameters
    ----------
    responses
        Answers from 0 to 10.
    minimum
        Fewer responses than this give no value: a handful is noise.

    Raises
    ------
    ValidationError
        If an answer is not a whole number from 0 to 10 (each is named).

    Notes
    -----
    .. math:: NPS = 100 \times \frac{P - D}{N}

    with promoters :math:`P` answering 9-10, detractors :math:`D` 0-6, and
    passives (7-8) counted in :math:`N` only [#]_.

    References
    ----------
    .. [#] F. F. Reichheld, "The One Number You Need to Grow", *Harvard
       Business Review*, December 2003.

    Examples
    --------
    30% promoters and 20% detractors give +10:

    >>> result = nps([10] * 3 + [9] * 3 + [8] * 10 + [5] * 4)
    >>> result.value, result.favourable, result.unfavourable
    (10.0, 6, 4)
    """
    where = "nps"
    floor = whole_number(minimum, where=where, path="minimum", minimum=1)
    answers = _answers(responses, _NPS_HIGH, where)
    promoters = sum(1 for a in answers if a >= _PROMOTER)
    detractors = sum(1 for a in answers if a <= _DETRACTOR)
    count = len(answers)
    value = None if count < floor else _HUNDRED * (promoters - detractors) / count
    return SurveyResult(
        value=value,
        responses=count,
        favourable=promoters,
        neutral=count - promoters - detractors,
        unfavourable=detractors,
    )


@checked
def csat(
    responses: Sequence[int], *, minimum: int = DEFAULT_MINIMUM_RESPONSES
) -> SurveyResult:
    r"""Return customer satisfaction: the share of 4s and 5s on a 1-5 scale.

    Parameters
    ----------
    responses
        Answers from 1 to 5.
    minimum
        Fewer responses than this give no value.

    Raises
    ------
    ValidationError
        If an answer is not a whole number from 1 to 5 (each is named).

    Notes
    -----
    .. math:: CSAT = 100 \times \frac{n_4 + n_5}{N}

    Examples
    --------
    74 satisfied answers out of 107 give 69.16:

    >>> result = csat([5] * 40 + [4] * 34 + [3] * 20 + [2] * 13)
    >>> round(result.value, 2), result.responses
    (69.16, 107)
    """
    where = "csat"
    floor = whole_number(minimum, where=where, path="minimum", minimum=1)
    answers = _answers(responses, _CSAT_HIGH, where)
    satisfied = sum(1 for a in answers if a >= _SATISFIED)
    unhappy = sum(1 for a in answers if a < _SATISFIED - 1)
    count = len(answers)
    value = None if count < floor else _HUNDRED * satisfied / count
    return SurveyResult(
        value=value,
        responses=count,
        favourable=satisfied,
        neutral=count - satisfied - unhappy,
        unfavourable=unhappy,
    )
