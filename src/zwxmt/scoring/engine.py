"""The scoring engine (考核评分): sub-index scores → indices → total, with the vetoes.

``ZJG-9.2-T2`` (全省政务新媒体考核评价指标（新版）): each index is the weighted sum of its sub-index
scores by the platform's column of 表2, and the total is the weighted sum of the five indices;
"一票否决 … 出现该情况直接扣除账号主办单位所属层级该考核周期内健康指数分数" (``ZJG-9.2-T2-VD``):
a vetoed account loses its 健康指数 for the period (the region deduction is in
:mod:`zwxmt.scoring.regions`).

Two public layers: :func:`combine` is the audit interface (sub-index scores in, indices and
total out: exact arithmetic from 表2); :func:`score` also runs the raw layer
(:mod:`zwxmt.scoring.subscores`) when the frame holds raw metrics. Both are vectorised: per-row
weights come from indexing a per-platform weight array with the platform codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import numpy.typing as npt

from zwxmt.rulebook import DEFAULT_RULEBOOK, Rulebook, load_rulebook
from zwxmt.scoring.frame import ScoringFrame
from zwxmt.scoring.peers import PeerStatistics
from zwxmt.scoring.result import ScoreResult
from zwxmt.scoring.subscores import (
    cluster_subscores,
    diligence_subscores,
    growth_subscores,
    health_subscores,
    operation_score,
    raw_communication_index,
)
from zwxmt.scoring.tables import INDEX_SUBS, INDEXES, ScoringSection

__all__ = ["combine", "index_value", "peer_pass", "resolve_section", "score"]

F64 = npt.NDArray[np.float64]
I8 = npt.NDArray[np.int8]


def resolve_section(rulebook: object = None) -> tuple[ScoringSection, str]:
    """The scoring section and rulebook name of a name, path, :class:`Rulebook` or None."""
    if rulebook is None:
        rulebook = DEFAULT_RULEBOOK
    book = rulebook if isinstance(rulebook, Rulebook) else load_rulebook(
        rulebook if isinstance(rulebook, (str, Path)) else str(rulebook))
    return book.section(ScoringSection), book.name


def _check_in_force(frame: ScoringFrame, rulebook: object) -> None:
    if not len(frame):
        return
    book = rulebook if isinstance(rulebook, Rulebook) else load_rulebook(
        DEFAULT_RULEBOOK if rulebook is None else
        rulebook if isinstance(rulebook, (str, Path)) else str(rulebook))
    first, last = frame.period_range()
    book.check_in_force(first)
    book.check_in_force(last)


def index_value(section: ScoringSection, index: str, subs: Mapping[str, F64],
                platform: I8) -> F64:
    """One index: Σ weight(platform, sub) · sub-score over the index's rows of 表2.

    A sub-index a platform does not have (办事服务 outside 政务微信) has weight 0 and its
    score, NaN there, is not read.
    """
    total: F64 | None = None
    for sub in INDEX_SUBS[index]:
        w = section.sub_weight_array(sub)
        if not w.any():
            continue
        x = subs[sub]
        if np.all(w == w[0]):
            term = w[0] * x
        else:
            w_row = w[platform]
            term = w_row * np.where(w_row > 0, x, 0.0)
        total = term if total is None else total + term
    assert total is not None  # every index has a weighted row (validated)
    return total


def combine(section: ScoringSection, subs: Mapping[str, F64], platform: I8,
            vetoes: I8) -> tuple[dict[str, F64], F64, F64]:
    """The audit layer: sub-index scores → five indices and the total.

    Returns ``(indices, total, health_before_veto)``. A vetoed row's 健康指数 becomes
    ``account_health_after_veto`` (0) before the total is formed.
    """
    indices = {name: index_value(section, name, subs, platform) for name in INDEXES}
    health_before = indices["health"]
    # 一票否决 (ZJG-9.2-T2-VD): the account loses its 健康指数 for the period.
    indices["health"] = np.where(vetoes != 0, section.vetoes.account_health_after_veto.value,
                                 health_before)
    total: F64 | None = None
    for name in INDEXES:
        w = section.index_weight_array(name)
        term = (w[0] if np.all(w == w[0]) else w[platform]) * indices[name]
        total = term if total is None else total + term
    assert total is not None
    return indices, total, health_before


# -- the raw layer, in two stages so that peers can be frozen between them -------------------

def _stage_a(frame: ScoringFrame, section: ScoringSection) -> tuple[dict[str, F64], F64]:
    """Per-row work that needs no peer: raw index, 勤勉/健康/集群 sub-scores (raw layer), or the
    given sub-scores (audit layer). Returns ``(subscores, raw_index)``."""
    m = frame.metrics
    if frame.mode == "subscores":
        return dict(m), np.full(len(frame), np.nan)
    raw_index = raw_communication_index(section, m, frame.platform)
    subs: dict[str, F64] = {}
    subs.update(diligence_subscores(section, m, frame.platform))
    subs.update(health_subscores(section, m))
    subs.update(cluster_subscores(section, m))
    return subs, raw_index


def peer_pass(frame: ScoringFrame, section: ScoringSection, rulebook: str,
              stage: tuple[dict[str, F64], F64] | None = None) -> PeerStatistics:
    """The first pass: peer maxima and each account's monthly 运营/勤勉指数 baseline."""
    subs, raw_index = _stage_a(frame, section) if stage is None else stage
    peers = PeerStatistics.build(rulebook, frame, raw_index,
                                 section.conversion.growth_lag_months.value)
    if frame.mode == "subscores":
        operation = subs["operation"]
    else:
        op = operation_score(section, raw_index, frame.platform,
                             peers.peer_max(frame.period, frame.platform))
        operation = index_value(section, "operation", {"operation": op}, frame.platform)
    diligence = index_value(section, "diligence", subs, frame.platform)
    return peers.with_baseline(frame, operation, diligence)


def score(frame: ScoringFrame, rulebook: object = None, *,
          peers: PeerStatistics | None = None) -> ScoreResult:
    """Score every row of ``frame`` (monthly results).

    Without ``peers`` the frame is taken as the whole province and its peer statistics are
    computed first; with ``peers`` (from :meth:`PeerStatistics.from_frame` on the whole frame),
    a slice scores exactly as it does inside the whole. Ranks and region results are computed
    on demand from the result (:meth:`ScoreResult.ranks`, :meth:`ScoreResult.regions`).
    """
    section, name = resolve_section(rulebook)
    _check_in_force(frame, rulebook)
    stage = _stage_a(frame, section)
    if peers is None:
        peers = peer_pass(frame, section, name, stage)
    else:
        peers.check(frame, name)
    subs, raw_index = stage
    op_last, dil_last = peers.last_year(frame.account.codes, frame.period)
    if frame.mode == "raw":
        peer_max = peers.peer_max(frame.period, frame.platform)
        subs["operation"] = operation_score(section, raw_index, frame.platform, peer_max)
        operation = index_value(section, "operation", subs, frame.platform)
        diligence = index_value(section, "diligence", subs, frame.platform)
        subs.update(growth_subscores(section, operation, diligence, op_last, dil_last))
    else:
        peer_max = np.full(len(frame), np.nan)
    indices, total, health_before = combine(section, subs, frame.platform, frame.vetoes)
    return ScoreResult(
        section=section, rulebook=name, period_kind="month", period=frame.period,
        account=frame.account, platform=frame.platform, level=frame.level, city=frame.city,
        county=frame.county, rows=frame.rows, subscores=subs, indices=indices, total=total,
        vetoes=frame.vetoes, health_before_veto=health_before, raw_index=raw_index,
        peer_max=peer_max, operation_last_year=op_last, diligence_last_year=dil_last,
        months=None, metrics=frame.metrics if frame.mode == "raw" else None, mode=frame.mode)
