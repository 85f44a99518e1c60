"""zwxmt.scoring: the assessment of 政务新媒体 accounts (考核评价): ZJG-9.1, ZJG-9.2 and 表2.

Vectorised over every account-period of a province:

- :func:`read_input` — any tabular input (files, pandas, polars, Arrow, column mappings)
  validated against the declared ``metrics`` / ``subscores`` schemas (:mod:`.inputs`);
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
from zwxmt.scoring.frame import LEVELS, Categorical, ScoringFrame, frame_from_table
from zwxmt.scoring.inputs import (
    AVERAGES,
    METRICS,
    RAW_COLUMNS,
    SUBSCORE_COLUMNS,
    SUBSCORES_INPUT,
    RowsRejected,
    ScoringInput,
    frame_from_columns,
    read_input,
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
from zwxmt.scoring.result import PlatformAverages, Ranks, RegionResults, ScoreResult

__all__ = [
    "AVERAGES",
    "INDEXES",
    "INDEX_SUBS",
    "LEVELS",
    "METRICS",
    "PLATFORMS",
    "RAW_COLUMNS",
    "SUBSCORES",
    "SUBSCORES_INPUT",
    "SUBSCORE_COLUMNS",
    "Categorical",
    "Explanation",
    "Parameter",
    "PeerStatistics",
    "PeerStatisticsMismatch",
    "PeriodKind",
    "PlatformAverages",
    "PlatformTable",
    "Ranks",
    "RegionResults",
    "RowsRejected",
    "ScoreResult",
    "ScoringFrame",
    "ScoringInput",
    "ScoringSection",
    "combine",
    "communication_index",
    "frame_from_columns",
    "frame_from_table",
    "index_value",
    "peer_statistics",
    "period_label",
    "read_input",
    "score",
]
