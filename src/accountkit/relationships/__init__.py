"""Relationships: the client's stakeholders, their influence, and our connections.

Floor 2 of accountkit, beside :mod:`accountkit.finance`; it uses neither
contracts nor finance.

- Models: :class:`Stakeholder`, :class:`Influence`, :class:`Relationship`,
  held and validated by :class:`StakeholderMap` (which also reads CRM rows and
  writes networkx graphs).
- Influence: :func:`influence_scores` (capped or normalised PageRank,
  optionally personalised), :func:`katz_scores`, and the batch paths
  :func:`influence_scores_many` and :func:`influence_arrays`.
- Standing: :func:`alignment` (support on a decision, blocker risks),
  :func:`key_players`, :func:`coverage` (roles, key player cover, map status)
  and :func:`multithreading`.
- Connections: :func:`connection_risks` (independent paths, people whose loss
  cuts us off), :func:`warm_paths` (introduction chains) and
  :func:`broker_scores` (betweenness).
- Judgement: :func:`red_flags` as of a date, and :func:`mendelow_grid`.
- Pictures: :func:`plot_map` draws a map with matplotlib (the ``plot``
  extra) on :func:`org_chart_layout`.
"""

from typing import TYPE_CHECKING

from accountkit._publish import lazy, publish
from accountkit.relationships._coverage import (
    DEFAULT_REQUIRED_ROLES,
    Cover,
    Coverage,
    KeyPlayer,
    RoleCover,
    Threading,
    coverage,
    key_players,
    multithreading,
)
from accountkit.relationships._flags import FlagKind, RedFlag, red_flags
from accountkit.relationships._influence import (
    InfluenceArrays,
    InfluenceMethod,
    InfluenceScores,
    ScoreExplanation,
    influence_arrays,
    influence_scores,
    influence_scores_many,
    katz_scores,
)
from accountkit.relationships._map import StakeholderMap
from accountkit.relationships._people import (
    Attitude,
    BuyingRole,
    DecisionOrientation,
    Influence,
    InfluenceKind,
    PoliticalStatus,
    Relationship,
    RelationshipLevel,
    Stakeholder,
)
from accountkit.relationships._support import Alignment, BlockerRisk, alignment

if TYPE_CHECKING:  # served lazily (_LAZY, at the end): the review never uses them
    from accountkit.relationships._brokers import BrokerScores, broker_scores
    from accountkit.relationships._connections import (
        ConnectionRisk,
        PathRank,
        WarmPath,
        connection_risks,
        warm_paths,
    )
    from accountkit.relationships._mendelow import (
        MendelowPlacement,
        Quadrant,
        mendelow_grid,
    )
    from accountkit.relationships._plot import org_chart_layout, plot_map

__all__ = [
    "DEFAULT_REQUIRED_ROLES",
    "Alignment",
    "Attitude",
    "BlockerRisk",
    "BrokerScores",
    "BuyingRole",
    "ConnectionRisk",
    "Cover",
    "Coverage",
    "DecisionOrientation",
    "FlagKind",
    "Influence",
    "InfluenceArrays",
    "InfluenceKind",
    "InfluenceMethod",
    "InfluenceScores",
    "KeyPlayer",
    "MendelowPlacement",
    "PathRank",
    "PoliticalStatus",
    "Quadrant",
    "RedFlag",
    "Relationship",
    "RelationshipLevel",
    "RoleCover",
    "ScoreExplanation",
    "Stakeholder",
    "StakeholderMap",
    "Threading",
    "WarmPath",
    "alignment",
    "broker_scores",
    "connection_risks",
    "coverage",
    "influence_arrays",
    "influence_scores",
    "influence_scores_many",
    "katz_scores",
    "key_players",
    "mendelow_grid",
    "multithreading",
    "org_chart_layout",
    "plot_map",
    "red_flags",
    "warm_paths",
]

_LAZY = (
    "accountkit.relationships._brokers",
    "accountkit.relationships._connections",
    "accountkit.relationships._mendelow",
    "accountkit.relationships._plot",
)
__getattr__, __dir__ = lazy(__name__, globals(), _LAZY)
publish(__name__, globals(), [name for name in __all__ if name in globals()])
