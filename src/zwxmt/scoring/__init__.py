"""zwxmt.scoring: the assessment of 政务新媒体 accounts (考核评价): ZJG-9.1, ZJG-9.2 and 表2.

Vectorised over every account-period of a province:

- :func:`score` — raw metrics or sub-index scores → the five indices (运营/勤勉/健康/集群/成长)
  and the total, with the 一票否决 vetoes (``ZJG-9.2-T2``);
- :func:`combine` — the audit layer alone: sub-index scores → indices → total;
- :class:`PeerStatistics` — the frozen first pass (peer maxima, 同比 baselines) for exact
  chunked scoring;
- :class:`ScoreResult` — ranks, province same-type averages, region results (``ZJG-9.1``),
  quarterly and yearly results, and :meth:`ScoreResult.explain`.
"""

from __future__ import annotations

from zwxmt.scoring.engine import combine, index_value, peer_statistics, score
from zwxmt.scoring.explain import Explanation, Parameter
from zwxmt.scoring.formulas import communication_index
from zwxmt.scoring.frame import (
    LEVELS,
    RAW_COLUMNS,
    SUBSCORE_COLUMNS,
    Categorical,
    ScoringFrame,
    frame_from_columns,
    read_frame,
)
from zwxmt.scoring.parameters import (
    INDEX_SUBS,
    INDEXES,
    PLATFORMS,
    SUBSCORES,
    PlatformTable,
    ScoringSection,
)
from zwxmt.scoring.peers import PeerStatistics, PeerStatisticsMismatch
from zwxmt.scoring.periods import PeriodKind, period_label
from zwxmt.scoring.result import Ranks, RegionResults, ScoreResult

__all__ = [
    "INDEXES",
    "INDEX_SUBS",
    "LEVELS",
    "PLATFORMS",
    "RAW_COLUMNS",
    "SUBSCORES",
    "SUBSCORE_COLUMNS",
    "Categorical",
    "Explanation",
    "Parameter",
    "PeerStatistics",
    "PeerStatisticsMismatch",
    "PeriodKind",
    "PlatformTable",
    "Ranks",
    "RegionResults",
    "ScoreResult",
    "ScoringFrame",
    "ScoringSection",
    "combine",
    "communication_index",
    "frame_from_columns",
    "index_value",
    "peer_statistics",
    "period_label",
    "read_frame",
    "score",
]
