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

import datetime as dt
import itertools
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt import months
from zwxmt.arrays import F64, I8, B
from zwxmt.io import Reject
from zwxmt.rulebook import DEFAULT_RULEBOOK, Rulebook, load_rulebook
from zwxmt.scoring.frame import ScoringFrame
from zwxmt.scoring.inputs import Layer, RowsRejected, frame_from_columns, read_input
from zwxmt.scoring.parameters import INDEX_SUBS, INDEXES, OPTIONAL_SUBS, SUBSCORES, ScoringSection
from zwxmt.scoring.peers import PeerStatistics
from zwxmt.scoring.result import ScoreResult
from zwxmt.scoring.subscores import (
    PlatformArg,
    cluster_subscores,
    diligence_subscores,
    growth_subscores,
    health_subscores,
    operation_score,
    per_platform,
    raw_communication_index,
)
from zwxmt.table.failures import Counts, Failures

__all__ = ["combine", "index_value", "peer_pass", "peer_statistics", "resolve_section", "score"]



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
    book.check_in_force(first, "scoring")
    book.check_in_force(last, "scoring")


def out_of_force(frame: ScoringFrame, rulebook: object = None) -> tuple[B, str]:
    """The rows of months the scoring part of the rulebook does not cover (``ZJG-9.2``: 表2
    from 2023-01), and the reason to give for each."""
    book = rulebook if isinstance(rulebook, Rulebook) else load_rulebook(
        DEFAULT_RULEBOOK if rulebook is None else
        rulebook if isinstance(rulebook, (str, Path)) else str(rulebook))
    meta = book.meta
    start, rule = meta.start("scoring")
    first = months.of_date(start) + (start.day > 1)   # a month in force from its first day
    period = np.asarray(frame.period, dtype=np.int64)
    bad: B = period < first
    if meta.effective_to is not None:
        bad |= period > months.of_date(meta.effective_to)
    return bad, (f"not in force: 表2 of rulebook {book.name!r} scores months from "
                 f"{start:%Y-%m} ({rule})")


def reject_out_of_force(frame: ScoringFrame, rulebook: object = None, *, row_offset: int = 0,
                        ) -> tuple[ScoringFrame, list[Reject]]:
    """The frame without its out-of-force rows (:func:`out_of_force`) and one reject per such
    row, numbered ``frame.rows + row_offset``: a batch with a 2022 month scores its other rows
    instead of failing as a whole."""
    bad, reason = out_of_force(frame, rulebook)
    if not bad.any():
        return frame, []
    labels = months.labels(np.asarray(frame.period, dtype=np.int64)[bad])
    rejects = [Reject(int(r) + row_offset, "period", reason, str(m))
               for r, m in zip(frame.rows[bad], labels, strict=True)]
    return frame.take(np.flatnonzero(~bad)), rejects


def index_value(section: ScoringSection, index: str, subs: Mapping[str, F64],
                platform: PlatformArg) -> F64:
    """One index: Σ weight(platform, sub) · sub-score over the index's rows of 表2.

    ``platform`` is the code array, or one code for a block of one platform. A sub-index a
    platform does not have (办事服务 outside 政务微信) has weight 0 and its score, NaN there, is
    not read.
    """
    total: F64 | None = None
    for sub in INDEX_SUBS[index]:
        w = per_platform(section.sub_weight_array(sub), platform)
        if isinstance(w, float) and w == 0.0:
            continue
        x = subs[sub]
        if sub in OPTIONAL_SUBS and not isinstance(w, float):
            x = np.where(w > 0, x, 0.0)
        if total is None:
            total = w * x
        else:
            total += w * x
    if total is None:  # no weighted row for this platform: an empty sum
        total = np.zeros_like(next(iter(subs.values())))
    return total


def combine(section: ScoringSection, subs: Mapping[str, F64],
            platform: PlatformArg, vetoes: I8,
            known: Mapping[str, F64] | None = None) -> tuple[dict[str, F64], F64, F64]:
    """The audit layer: sub-index scores → five indices and the total.

    Returns ``(indices, total, health_before_veto)``. A vetoed row's 健康指数 becomes
    ``account_health_after_veto`` (0) before the total is formed. ``known`` passes indices
    already computed from the same sub-scores (the engine's first pass), to skip recomputing.
    """
    indices = {name: (known[name] if known and name in known
                      else index_value(section, name, subs, platform)) for name in INDEXES}
    health_before = indices["health"]
    # 一票否决 (ZJG-9.2-T2-VD): the account loses its 健康指数 for the period.
    vetoed = vetoes != 0
    if vetoed.any() and section.vetoes.zero_vetoed_account_health.value:
        indices["health"] = np.where(vetoed, section.vetoes.account_health_after_veto.value,
                                     health_before)
    else:
        indices["health"] = health_before.copy()
    total: F64 | None = None
    for name in INDEXES:
        w_row = per_platform(section.index_weight_array(name), platform)
        if total is None:
            total = w_row * indices[name]
        else:
            total += w_row * indices[name]
    assert total is not None
    return indices, total, health_before


# -- the raw layer, in passes so that peers can be frozen between them ----------------------
#
# Elementwise work runs over blocks of ``_BLOCK`` rows written into preallocated outputs: the
# temporaries of a block stay in cache and are recycled by the allocator, which is much
# faster than whole-column temporaries. Every value depends only on its own row (and the
# frozen peers), so blocking changes no bit of the result.

_BLOCK = 1 << 15

Block = Mapping[str, npt.NDArray[Any]]


@dataclass(frozen=True)
class _Plan:
    """The blocks of a frame (slice, platform code or None) and the threads to run them on."""

    blocks: list[tuple[slice, int | None]]
    threads: int = 1


Segments = _Plan


def _segments(platform: I8, threads: int = 1) -> _Plan:
    """Blocks of at most ``_BLOCK`` rows; when the frame's rows come in few runs of one
    platform (frames are partitioned by platform when built), blocks never straddle a run and
    carry its platform code, so weights are scalars and formulas need no gather."""
    n = int(platform.shape[0])
    if n == 0:
        return _Plan([(slice(0, 0), None)], threads)
    change = np.flatnonzero(platform[1:] != platform[:-1]) + 1
    if change.size > max(8, n // 4096):
        return _Plan([(slice(i, min(n, i + _BLOCK)), None) for i in range(0, n, _BLOCK)],
                     threads)
    bounds = [0, *change.tolist(), n]
    out: list[tuple[slice, int | None]] = []
    for start, end in itertools.pairwise(bounds):
        code = int(platform[start])
        out.extend((slice(i, min(end, i + _BLOCK)), code) for i in range(start, end, _BLOCK))
    return _Plan(out, threads)


def _blocks(n: int, plan: _Plan, fn: Any) -> dict[str, npt.NDArray[Any]]:
    """Run ``fn(slice, platform) -> {name: array}`` over the blocks into whole columns.

    With ``plan.threads > 1`` the blocks after the first run on a thread pool (numpy releases
    the GIL inside its loops); each block writes only its own rows, so the result is the same
    bit for bit.
    """
    first_sl, first_code = plan.blocks[0]
    part: Block = fn(first_sl, first_code)
    out = {k: np.empty(n, dtype=v.dtype) for k, v in part.items()}

    def put(sl: slice, values: Block) -> None:
        for k, v in values.items():
            out[k][sl] = v

    put(first_sl, part)
    rest = plan.blocks[1:]
    if plan.threads > 1 and len(rest) > 1:
        with ThreadPoolExecutor(max_workers=plan.threads) as pool:
            list(pool.map(lambda b: put(b[0], fn(b[0], b[1])), rest))
    else:
        for sl, code in rest:
            put(sl, fn(sl, code))
    return out


def _pass_a(frame: ScoringFrame, section: ScoringSection, segs: Segments,
            detail: bool = False) -> dict[str, F64]:
    """Per-row work that needs no peer: the raw index (``_raw_index``) and ``_diligence``;
    with ``detail`` also the 勤勉/健康/集群 sub-scores (raw layer). The audit layer's given
    sub-scores are passed through."""
    if frame.mode == "subscores":
        subs = dict(frame.metrics)
        subs["_raw_index"] = np.full(len(frame), np.nan)
        subs["_diligence"] = index_value(section, "diligence", subs, frame.platform)
        return subs

    def block(sl: slice, code: int | None) -> dict[str, F64]:
        m = {k: v[sl] for k, v in frame.metrics.items()}
        p: PlatformArg = frame.platform[sl] if code is None else code
        subs = diligence_subscores(section, m, p)
        out = {"_raw_index": raw_communication_index(section, m, p),
               "_diligence": index_value(section, "diligence", subs, p)}
        if detail:
            out.update(subs)
            out.update(health_subscores(section, m))
            out.update(cluster_subscores(section, m))
        return out

    return _blocks(len(frame), segs, block)


def _pass_b(frame: ScoringFrame, section: ScoringSection, segs: Segments,
            peers: PeerStatistics, a: Mapping[str, F64], detail: bool = False,
            ) -> dict[str, F64]:
    """运营指数: the reference (peer maximum) of each row, the sub-score and the index."""
    if frame.mode == "subscores":
        return {"_peer_max": np.full(len(frame), np.nan), "operation": a["operation"],
                "_operation": index_value(section, "operation", a, frame.platform)}

    def block(sl: slice, code: int | None) -> dict[str, F64]:
        p: PlatformArg = frame.platform[sl] if code is None else code
        peer_max = peers.peer_max(frame.period[sl], p)
        op = operation_score(section, a["_raw_index"][sl], p, peer_max)
        out = {"_operation": index_value(section, "operation", {"operation": op}, p)}
        if detail:
            out.update({"_peer_max": peer_max, "operation": op})
        return out

    return _blocks(len(frame), segs, block)


def _pass_c(frame: ScoringFrame, section: ScoringSection, segs: Segments,
            peers: PeerStatistics, a: Mapping[str, F64], b: Mapping[str, F64],
            detail: bool = False) -> dict[str, F64]:
    """成长指数 from the baselines, then the five indices and the total (vetoes applied).
    With ``detail``, also every sub-score, the baselines and 健康指数 before the veto."""
    raw = frame.mode == "raw"

    def block(sl: slice, code: int | None) -> dict[str, F64]:
        p: PlatformArg = frame.platform[sl] if code is None else code
        op_last, dil_last = peers.last_year(frame.account.codes[sl], frame.period[sl])
        known = {"operation": b["_operation"][sl], "diligence": a["_diligence"][sl]}
        if raw:
            m = {k: v[sl] for k, v in frame.metrics.items()}
            subs = health_subscores(section, m)
            subs.update(cluster_subscores(section, m))
            subs.update(growth_subscores(section, known["operation"], known["diligence"],
                                         op_last, dil_last))
            if detail:
                subs.update(diligence_subscores(section, m, p))
                subs["operation"] = b["operation"][sl]
        else:
            subs = {k: v[sl] for k, v in a.items() if not k.startswith("_")}
        indices, total, health_before = combine(section, subs, p, frame.vetoes[sl], known)
        # 运营 and 勤勉指数 are the known columns of passes a and b: not copied again
        out = {f"_index_{k}": v for k, v in indices.items() if k not in known}
        out["_total"] = total
        if detail:
            out.update({"_health_before": health_before, "_op_last": op_last,
                        "_dil_last": dil_last})
            out.update({k: v for k, v in subs.items() if k in SUBSCORES})
        return out

    return _blocks(len(frame), segs, block)


def _peers_and_operation(
    frame: ScoringFrame, section: ScoringSection, rulebook: str, segs: Segments,
    a: Mapping[str, F64], peers: PeerStatistics | None,
) -> tuple[PeerStatistics, dict[str, F64]]:
    if peers is not None:
        peers.check(frame, rulebook)
        return peers, _pass_b(frame, section, segs, peers, a)
    built = PeerStatistics.build(rulebook, frame, a["_raw_index"],
                                 section.conversion.growth_lag_months.value)
    b = _pass_b(frame, section, segs, built, a)
    return built.with_baseline(frame, b["_operation"], a["_diligence"]), b


def peer_pass(frame: ScoringFrame, section: ScoringSection, rulebook: str) -> PeerStatistics:
    """The first pass: peer maxima and each account's monthly 运营/勤勉指数 baseline."""
    segs = _segments(frame.platform)
    return _peers_and_operation(frame, section, rulebook, segs, _pass_a(frame, section, segs),
                                None)[0]


def _details(frame: ScoringFrame, section: ScoringSection,
             peers: PeerStatistics) -> dict[str, F64]:
    """Every intermediate of the rows of ``frame`` (sub-scores, raw index, reference,
    baselines, 健康指数 before the veto), recomputed with the same peers: bit-identical to
    what scoring computed, materialised only when output or an explanation asks for them."""
    segs = _segments(frame.platform)
    a = _pass_a(frame, section, segs, detail=True)
    b = _pass_b(frame, section, segs, peers, a, detail=True)
    c = _pass_c(frame, section, segs, peers, a, b, detail=True)
    out = {k: v for k, v in c.items() if k in SUBSCORES}
    if frame.mode == "subscores":
        out.update({k: v for k, v in a.items() if k in SUBSCORES})
    out.update({"raw_index": a["_raw_index"], "peer_max": b["_peer_max"],
                "operation_last_year": c["_op_last"], "diligence_last_year": c["_dil_last"],
                "health_before_veto": c["_health_before"]})
    return out


def peer_statistics(frame: ScoringFrame | Any, rulebook: object = None) -> PeerStatistics:
    """The first pass over the whole frame (``rulebook``: a name, path or Rulebook), to score
    any slice of it later with ``score(part, peers=...)``. Any tabular input is validated
    strictly first (:func:`zwxmt.scoring.inputs.frame_from_columns`)."""
    section, name = resolve_section(rulebook)
    if not isinstance(frame, ScoringFrame):
        frame = frame_from_columns(frame, section)
    return peer_pass(frame, section, name)


def score(source: ScoringFrame | Any, rulebook: object = None, *,
          peers: PeerStatistics | None = None, threads: int = 1, layer: Layer | None = None,
          encoding: str | None = None, sheet: str | int | None = None,
          as_of: dt.date | None = None, strict: bool = False) -> ScoreResult:
    """Score every row of a scoring input (monthly results).

    ``source`` is a :class:`ScoringFrame`, or any tabular input — a path (CSV, GBK CSV,
    JSON lines, Parquet, XLSX), a pyarrow table, a pandas or polars frame, a mapping of
    columns — validated exactly as ``zwxmt score`` validates a file
    (:func:`zwxmt.scoring.inputs.read_input`): the rows refused are in
    :attr:`ScoreResult.failures` and :attr:`ScoreResult.counts` says rows read = used +
    rejected; with ``strict`` any refused row raises :class:`RowsRejected`.

    Without ``peers`` the frame is taken as the whole province and its peer statistics are
    computed first; with ``peers`` (from :func:`peer_statistics` on the whole frame),
    a slice scores exactly as it does inside the whole. Ranks and region results are computed
    on demand from the result (:meth:`ScoreResult.ranks`, :meth:`ScoreResult.regions`), and so
    are the sub-scores and other intermediates (:attr:`ScoreResult.subscores`). ``threads``
    runs the row-wise passes on that many threads (the result does not change).
    """
    if threads < 1:
        raise ValueError("threads must be at least 1")
    section, name = resolve_section(rulebook)
    if isinstance(source, ScoringFrame):
        frame = source
        failures, counts, origin = Failures.empty(), Counts(len(frame), len(frame), 0), ""
    else:
        got = read_input(source, section, layer=layer, encoding=encoding, sheet=sheet,
                         as_of=as_of)
        if strict and len(got.failures):
            raise RowsRejected(got)
        frame, failures, counts, origin = got.frame, got.failures, got.counts, got.source
    _check_in_force(frame, rulebook)
    segs = _segments(frame.platform, threads)
    a = _pass_a(frame, section, segs)
    peers, b = _peers_and_operation(frame, section, name, segs, a, peers)
    c = _pass_c(frame, section, segs, peers, a, b)
    known = {"operation": b["_operation"], "diligence": a["_diligence"]}
    frozen = peers
    return ScoreResult(
        section=section, rulebook=name, period_kind="month", period=frame.period,
        account=frame.account, platform=frame.platform, level=frame.level, city=frame.city,
        county=frame.county, rows=frame.rows,
        indices={k: known[k] if k in known else c[f"_index_{k}"] for k in INDEXES},
        total=c["_total"],
        vetoes=frame.vetoes, months=None,
        metrics=frame.metrics if frame.mode == "raw" else None, mode=frame.mode,
        detail_source=lambda: _details(frame, section, frozen), peers=frozen,
        failures=failures, counts=counts, source=origin)
