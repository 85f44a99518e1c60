"""Raw metrics → sub-index scores (子指标得分, 0-100): the conversions 表2 leaves open.

``ZJG-9.2-T2`` names, for each index, the basis of each sub-index (编发数量, 原创比例, 编发天数,
严重表述错误, …) and its weight; it does not say how a count becomes a 0-100 score. Each
conversion here reads a named parameter of ``[scoring.conversion]`` (recorded in
``docs/assumptions.md``). All functions are pure, vectorised over rows, and use the platform
code array to index per-platform parameter arrays.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from zwxmt.arrays import F64, I8
from zwxmt.scoring.formulas import communication_index, formula_inputs
from zwxmt.scoring.parameters import PLATFORMS, ScoringSection

__all__ = [
    "cluster_subscores",
    "diligence_subscores",
    "growth_subscores",
    "health_subscores",
    "operation_score",
    "raw_communication_index",
]

#: A platform code array, or one code when every row of the block has that platform.
PlatformArg = I8 | int


def per_platform(values: F64, platform: PlatformArg) -> F64 | float:
    """``values[platform]`` per row; a scalar when the block has one platform or all agree."""
    if isinstance(platform, int):
        return float(values[platform])
    if np.all(values == values[0]):
        return float(values[0])
    out: F64 = np.take(values, platform.astype(np.intp))
    return out


def _penalised(count: F64, penalty: float) -> F64:
    """100 minus ``penalty`` points per finding, floor 0."""
    out: F64 = np.maximum(100.0 - penalty * count, 0.0)
    return out


def _pro_rata(value: F64, target: F64 | float) -> F64:
    """100 · value / target, capped at 100."""
    out: F64 = np.minimum(value * (100.0 / target), 100.0)
    return out


def raw_communication_index(section: ScoringSection, metrics: Mapping[str, F64],
                            platform: PlatformArg) -> F64:
    """运营指数 raw value: the platform's WCI/BCI/DCI from raw counts, or the given one.

    ``ZJG-9.2-T2-operation``: "WCI 等综合折算" (微信), "BCI 等综合折算" (微博, 头条),
    "DCI 等综合折算" (抖音). Rows of one formula are computed together; a given index (column
    ``wci``/``bci``/``dci``, here ``given_index``) takes precedence over the counts.
    """
    given = metrics["given_index"]
    if isinstance(platform, int):
        # one platform in the block: its formula over the whole block, no gather
        formula = section.formula_for(PLATFORMS[platform])
        computed = communication_index(formula, metrics)
        todo = np.isnan(given)
        return computed if todo.all() else np.where(todo, computed, given)
    out = np.array(given, dtype=np.float64, copy=True)
    todo = np.isnan(out)
    by_formula: dict[str, list[int]] = {}
    for code, name in enumerate(PLATFORMS):
        by_formula.setdefault(section.platforms[name].operation_formula.value, []).append(code)  # type: ignore[index]
    for formula_name, codes in by_formula.items():
        mask = platform == codes[0]
        for code in codes[1:]:
            mask |= platform == code
        mask &= todo
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            continue
        formula = section.operation_formulas[formula_name]
        cols = {k: np.take(metrics[k], rows) for k in formula_inputs(formula)}
        out[rows] = communication_index(formula, cols)
    return out


def operation_score(section: ScoringSection, raw_index: F64, platform: PlatformArg,
                    peer_max: F64) -> F64:
    """运营指数 sub-score (综合折算): 100 · raw / reference, capped at 100.

    The reference is the highest raw index of the same platform in the province in the period
    (``operation_mode = "peer_max"``, ``peer_max`` one per row) or the per-platform target
    (``"target"``). A reference of 0 (nobody was read) gives 0.
    """
    conv = section.conversion
    if conv.operation_mode.value == "target":
        ref: F64 | float = per_platform(np.array(
            [conv.operation_targets[p].value for p in PLATFORMS]), platform)  # type: ignore[index]
        ref = np.broadcast_to(ref, raw_index.shape)
    else:
        ref = peer_max
    out = np.zeros_like(raw_index)
    np.divide(raw_index * 100.0, ref, out=out, where=ref > 0)
    np.minimum(out, 100.0, out=out)
    return out


def diligence_subscores(section: ScoringSection, metrics: Mapping[str, F64],
                        platform: PlatformArg) -> dict[str, F64]:
    """勤勉指数 sub-scores (``ZJG-9.2-T2-diligence``): 编发数量, 原创比例, 编发天数.

    编发数量: pro rata to the platform's monthly target (``posts_targets``); 原创比例:
    100 · original_posts / posts (0 without posts); 编发天数: pro rata to ``posting_days_target``.
    """
    conv = section.conversion
    targets = np.array([conv.posts_targets[p].value for p in PLATFORMS])  # type: ignore[index]
    posts = metrics["posts"]
    ratio = np.zeros_like(posts)
    np.divide(metrics["original_posts"] * 100.0, posts, out=ratio, where=posts > 0)
    np.minimum(ratio, 100.0, out=ratio)
    target = per_platform(targets, platform)
    return {
        "posts_score": _pro_rata(posts, target),
        "original_score": ratio,
        "posting_days_score": _pro_rata(metrics["posting_days"],
                                        conv.posting_days_target.value),
    }


def health_subscores(section: ScoringSection, metrics: Mapping[str, F64]) -> dict[str, F64]:
    """健康指数 sub-scores (``ZJG-9.2-T2-health``): 100 less points per error or finding;
    办事服务 (政务微信 only) is 100 · the available share (NaN elsewhere: not applicable)."""
    conv = section.conversion
    return {
        "serious_errors_score": _penalised(metrics["serious_errors"],
                                           conv.serious_error_penalty.value),
        "service_score": metrics["service_availability"] * 100.0,
        "poor_response_score": _penalised(metrics["poor_responses"],
                                          conv.poor_response_penalty.value),
        "general_errors_score": _penalised(metrics["general_errors"],
                                           conv.general_error_penalty.value),
    }


def cluster_subscores(section: ScoringSection, metrics: Mapping[str, F64]) -> dict[str, F64]:
    """集群指数 sub-scores (``ZJG-9.2-T2-cluster``): 内部协同完成率 · 100, and 未按要求使用平台
    as 100 less points per finding."""
    return {
        "coordination_score": metrics["coordination_rate"] * 100.0,
        "platform_use_score": _penalised(metrics["platform_misuse"],
                                         section.conversion.platform_misuse_penalty.value),
    }


def growth_subscores(section: ScoringSection, operation: F64, diligence: F64,
                     operation_last_year: F64, diligence_last_year: F64) -> dict[str, F64]:
    """成长指数 sub-scores (``ZJG-9.2-T2-growth``): 运营/勤勉指数同比变化.

    neutral + points · (index − index a year earlier), clipped to [0, 100]; the neutral score
    where last year's index is unknown (NaN), e.g. an account under a year old.
    """
    conv = section.conversion
    neutral = conv.growth_neutral.value
    k = conv.growth_points_per_index_point.value

    def mapped(now: F64, before: F64) -> F64:
        change = now - before
        change[np.isnan(before)] = 0.0  # no baseline: the neutral score
        change *= k
        change += neutral
        np.clip(change, 0.0, 100.0, out=change)
        return change

    return {"operation_yoy_score": mapped(operation, operation_last_year),
            "diligence_yoy_score": mapped(diligence, diligence_last_year)}
