"""Health: configurable, explainable account health scorecards.

Floor 3 of accountkit. It reads results of the floors below, never their
internals.

- Scorers turn a raw value into 0-100: :class:`ThresholdTiers`,
  :class:`Linear`, :class:`GoodAveragePoor`, :class:`PercentOfGoal`.
- A :class:`Scorecard` holds weighted :class:`Measure` s and (nested)
  :class:`Group` s, a :class:`MissingPolicy` and RAG :class:`Bands`.
- :func:`score` scores one account from :class:`Observation` s (with
  :class:`Override` s) into an explained :class:`HealthScore`;
  :func:`score_many` scores an accounts x measures array.
- :func:`compare` explains a change, :func:`trend` a direction,
  :func:`roll_up` a portfolio; :func:`nps` and :func:`csat` turn survey answers
  into measures.
"""

from accountkit._publish import publish
from accountkit.health._scorecard import (
    DEFAULT_BANDS,
    Band,
    Bands,
    Group,
    Measure,
    MissingPolicy,
    Scorecard,
)
from accountkit.health._scorers import (
    Direction,
    GoodAveragePoor,
    Linear,
    PercentOfGoal,
    Scorer,
    ThresholdTiers,
    Tier,
)
from accountkit.health._scoring import (
    GroupScore,
    HealthArrays,
    HealthScore,
    MeasureChange,
    MeasureScore,
    MeasureStatus,
    Observation,
    Override,
    RollUp,
    ScoreChange,
    Trend,
    compare,
    roll_up,
    score,
    score_many,
    trend,
)
from accountkit.health._surveys import (
    DEFAULT_MINIMUM_RESPONSES,
    SurveyResult,
    csat,
    nps,
)

__all__ = [
    "DEFAULT_BANDS",
    "DEFAULT_MINIMUM_RESPONSES",
    "Band",
    "Bands",
    "Direction",
    "GoodAveragePoor",
    "Group",
    "GroupScore",
    "HealthArrays",
    "HealthScore",
    "Linear",
    "Measure",
    "MeasureChange",
    "MeasureScore",
    "MeasureStatus",
    "MissingPolicy",
    "Observation",
    "Override",
    "PercentOfGoal",
    "RollUp",
    "ScoreChange",
    "Scorecard",
    "Scorer",
    "SurveyResult",
    "ThresholdTiers",
    "Tier",
    "Trend",
    "compare",
    "csat",
    "nps",
    "roll_up",
    "score",
    "score_many",
    "trend",
]

publish(__name__, globals(), __all__)
