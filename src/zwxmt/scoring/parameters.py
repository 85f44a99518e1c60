"""The scoring section of a rulebook (考核评价指标): 表2 weight tables and the conversions.

Implements the data side of ``ZJG-9.2-T2`` (全省政务新媒体考核评价指标（新版）): for each platform
the five index weights and the sub-index weights inside each index, exactly as 表2 prints them,
and every conversion 表2 leaves open as a named, cited parameter. Validation refuses a table
whose weights do not sum to 1, a missing platform, an unknown formula or an uncited value.

The structure of 表2 (which sub-index belongs to which index) is fixed here in code, as
:data:`INDEX_SUBS`; the weights are data.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, model_validator

from zwxmt.rulebook import Cited, RulebookSection, register_section
from zwxmt.rules import RuleId

__all__ = [
    "INDEXES",
    "INDEX_SUBS",
    "PLATFORMS",
    "SUBSCORES",
    "BciFormula",
    "Conversion",
    "OperationFormula",
    "PlatformTable",
    "ResultRules",
    "ScoringSection",
    "VetoItem",
    "VetoRules",
    "WciV2Formula",
    "WciV14Formula",
]

#: The four platforms of 表2, in code order (platform code = position).
PLATFORMS: tuple[str, ...] = ("wechat", "weibo", "toutiao", "douyin")
PLATFORMS_ZH: dict[str, str] = {
    "wechat": "政务微信", "weibo": "政务微博", "toutiao": "政务头条", "douyin": "政务抖音"}

#: The five indices of 表2, in order.
INDEXES: tuple[str, ...] = ("operation", "diligence", "health", "cluster", "growth")
INDEXES_ZH: dict[str, str] = {
    "operation": "运营指数", "diligence": "勤勉指数", "health": "健康指数",
    "cluster": "集群指数", "growth": "成长指数"}
INDEX_CITES: dict[str, str] = {i: f"ZJG-9.2-T2-{i}" for i in INDEXES}

#: 表2: the sub-indices (子指标) of each index, as output column names of the audit layer.
INDEX_SUBS: dict[str, tuple[str, ...]] = {
    "operation": ("operation",),
    "diligence": ("posts_score", "original_score", "posting_days_score"),
    "health": ("serious_errors_score", "service_score", "poor_response_score",
               "general_errors_score"),
    "cluster": ("coordination_score", "platform_use_score"),
    "growth": ("operation_yoy_score", "diligence_yoy_score"),
}
SUBSCORES: tuple[str, ...] = tuple(s for subs in INDEX_SUBS.values() for s in subs)
SUBSCORES_ZH: dict[str, str] = {
    "operation": "运营指数得分", "posts_score": "编发数量得分", "original_score": "原创比例得分",
    "posting_days_score": "编发天数得分", "serious_errors_score": "严重表述错误得分",
    "service_score": "办事服务得分", "poor_response_score": "互动回应差得分",
    "general_errors_score": "一般表述错误得分", "coordination_score": "内部协同完成率得分",
    "platform_use_score": "未按要求使用平台得分", "operation_yoy_score": "运营指数同比变化得分",
    "diligence_yoy_score": "勤勉指数同比变化得分",
}
#: Sub-indices a platform may omit (表2 prints 办事服务 for 政务微信 only).
OPTIONAL_SUBS: frozenset[str] = frozenset({"service_score"})

_TOLERANCE = 1e-9

#: Per-platform weight arrays of a section, derived once (keyed by id, holding the section).
_WEIGHT_ARRAYS: dict[int, tuple[ScoringSection, dict[str, npt.NDArray[np.float64]]]] = {}

Platform4 = Literal["wechat", "weibo", "toutiao", "douyin"]
IndexName = Literal["operation", "diligence", "health", "cluster", "growth"]
SubName = Literal[
    "operation", "posts_score", "original_score", "posting_days_score", "serious_errors_score",
    "service_score", "poor_response_score", "general_errors_score", "coordination_score",
    "platform_use_score", "operation_yoy_score", "diligence_yoy_score"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlatformTable(_Frozen):
    """One column of 表2: index weights and sub-index weights of one platform."""

    label_zh: str
    operation_formula: Cited[str]
    index_weights: dict[IndexName, Cited[float]]
    sub_weights: dict[SubName, Cited[float]]

    @model_validator(mode="after")
    def _sums(self) -> PlatformTable:
        missing = [i for i in INDEXES if i not in self.index_weights]
        if missing:
            raise ValueError(f"{self.label_zh}: index weights missing for {missing}")
        for name, w in list(self.index_weights.items()) + list(self.sub_weights.items()):
            if not 0.0 <= w.value <= 1.0:
                raise ValueError(f"{self.label_zh}: weight {name} = {w.value} is not in [0, 1]")
        total = sum(w.value for w in self.index_weights.values())
        if abs(total - 1.0) > _TOLERANCE:
            raise ValueError(f"{self.label_zh}: index weights sum to {total:g}, not 1")
        for index, subs in INDEX_SUBS.items():
            absent = [s for s in subs if s not in self.sub_weights and s not in OPTIONAL_SUBS]
            if absent:
                raise ValueError(f"{self.label_zh}: {index} sub-index weights missing {absent}")
            part = sum(self.sub_weights[s].value for s in subs if s in self.sub_weights)
            if abs(part - 1.0) > _TOLERANCE:
                raise ValueError(
                    f"{self.label_zh}: {index} sub-index weights sum to {part:g}, not 1")
        return self

    def sub_weight(self, sub: str) -> float:
        """The weight of ``sub`` inside its index (0 where 表2 has no such row)."""
        w = self.sub_weights.get(sub)  # type: ignore[call-overload]
        return 0.0 if w is None else float(w.value)


class WciV14Formula(_Frozen):
    """清博 WCI V14.2: four dimensions (整体, 篇均, 头条, 峰值) of reads, 在看, likes and, in the
    current form, shares (转发 RE: a fourth term weight)."""

    kind: Literal["wci_v14"]
    title: str
    source: str
    group_weights: Cited[tuple[float, float, float, float]]
    term_weights: Cited[tuple[float, float, float] | tuple[float, float, float, float]]
    peak_like_weight: Cited[float]
    interaction_multiplier: Cited[float]
    period_days: Cited[float]
    exponent: Cited[float]
    scale: Cited[float]


class WciV2Formula(_Frozen):
    """清博 WCI V2.0: a reading index and a like index of total, mean and maximum."""

    kind: Literal["wci_v2"]
    title: str
    source: str
    index_weights: Cited[tuple[float, float]]
    term_weights: Cited[tuple[float, float, float]]
    exponent: Cited[float]
    scale: Cited[float]


class BciFormula(_Frozen):
    """清博 BCI form: activity ln(posts+1) and spread of reposts, comments and likes."""

    kind: Literal["bci"]
    title: str
    source: str
    activity_weight: Cited[float]
    spread_weight: Cited[float]
    term_weights: Cited[tuple[float, float, float]]
    scale: Cited[float]


OperationFormula = Annotated[
    WciV14Formula | WciV2Formula | BciFormula, Field(discriminator="kind")]


class Conversion(_Frozen):
    """折算: raw metrics to 0-100 sub-index scores (choices recorded in docs/assumptions.md)."""

    operation_mode: Cited[Literal["peer_max", "target"]]
    operation_targets: dict[Platform4, Cited[float]]
    posts_targets: dict[Platform4, Cited[float]]
    posting_days_target: Cited[float]
    serious_error_penalty: Cited[float]
    general_error_penalty: Cited[float]
    poor_response_penalty: Cited[float]
    platform_misuse_penalty: Cited[float]
    growth_neutral: Cited[float]
    growth_points_per_index_point: Cited[float]
    growth_lag_months: Cited[int]

    @model_validator(mode="after")
    def _complete(self) -> Conversion:
        for name in ("operation_targets", "posts_targets"):
            table: dict[str, Cited[float]] = getattr(self, name)
            missing = [p for p in PLATFORMS if p not in table]
            if missing:
                raise ValueError(f"{name}: no value for {missing}")
            if any(v.value <= 0 for v in table.values()):
                raise ValueError(f"{name}: targets must be positive")
        if self.posting_days_target.value <= 0:
            raise ValueError("posting_days_target must be positive")
        if not 0 <= self.growth_neutral.value <= 100:
            raise ValueError("growth_neutral must be in [0, 100]")
        if self.growth_lag_months.value < 1:
            raise ValueError("growth_lag_months must be at least 1")
        return self


class VetoItem(_Frozen):
    """One 一票否决 item: its code, input column, Chinese term, bit in the veto mask, clause."""

    code: str
    column: str
    label_zh: str
    bit: int
    cite: RuleId


class VetoRules(_Frozen):
    """一票否决 (ZJG-9.2-T2-V1..V4) and the deduction rule (ZJG-9.2-T2-VD)."""

    items: tuple[VetoItem, ...]
    account_health_after_veto: Cited[float]
    zero_vetoed_account_health: Cited[bool]
    region_health_deduction_per_veto: Cited[float]

    @model_validator(mode="after")
    def _bits(self) -> VetoRules:
        bits = [v.bit for v in self.items]
        if len(set(bits)) != len(bits) or any(b <= 0 or b & (b - 1) for b in bits):
            raise ValueError("veto bits must be distinct powers of two")
        if max(bits, default=0) > 64:
            raise ValueError("at most 7 veto items (the mask is an int8)")
        return self


class ResultRules(_Frozen):
    """Ranks, region and period results (ZJG-9.1, ZJG-9.2)."""

    rank_resolution: Cited[float]
    region_aggregation: Cited[Literal["mean"]]
    period_aggregation: Cited[Literal["mean"]]
    host_unit_aggregation: Cited[Literal["mean", "max"]]

    @model_validator(mode="after")
    def _resolution(self) -> ResultRules:
        if not 100.0 / 65535 <= self.rank_resolution.value <= 100.0:
            raise ValueError("rank_resolution must be in [100/65535, 100]")
        return self


@register_section
class ScoringSection(RulebookSection):
    """The ``[scoring]`` table of a rulebook: 表2 and its conversions."""

    SECTION = "scoring"

    version: str
    platforms: dict[Platform4, PlatformTable]
    operation_formulas: dict[str, OperationFormula]
    conversion: Conversion
    vetoes: VetoRules
    results: ResultRules

    @model_validator(mode="after")
    def _complete(self) -> ScoringSection:
        missing = [p for p in PLATFORMS if p not in self.platforms]
        if missing:
            raise ValueError(f"表2 platform table missing for {missing}")
        for name, table in self.platforms.items():
            if table.operation_formula.value not in self.operation_formulas:
                raise ValueError(
                    f"{name}: operation_formula {table.operation_formula.value!r} is not "
                    f"defined (known: {sorted(self.operation_formulas)})")
        return self

    # -- arrays indexed by platform code (OpenFisca style: P.weight[platform_codes]) ----------

    def index_weight_array(self, index: str) -> npt.NDArray[np.float64]:
        """The index's weight per platform code (表2 top level)."""
        return self._arrays()[f"index:{index}"]

    def sub_weight_array(self, sub: str) -> npt.NDArray[np.float64]:
        """The sub-index's weight inside its index per platform code (0 where absent)."""
        return self._arrays()[f"sub:{sub}"]

    def _arrays(self) -> dict[str, npt.NDArray[np.float64]]:
        hit = _WEIGHT_ARRAYS.get(id(self))
        if hit is not None and hit[0] is self:
            return hit[1]
        arrays: dict[str, npt.NDArray[np.float64]] = {}
        for index in INDEXES:
            arrays[f"index:{index}"] = np.array(
                [self.platforms[p].index_weights[index].value  # type: ignore[index]
                 for p in PLATFORMS], dtype=np.float64)
        for sub in SUBSCORES:
            arrays[f"sub:{sub}"] = np.array(
                [self.platforms[p].sub_weight(sub) for p in PLATFORMS],  # type: ignore[index]
                dtype=np.float64)
        for arr in arrays.values():
            arr.flags.writeable = False
        if len(_WEIGHT_ARRAYS) > 64:
            _WEIGHT_ARRAYS.clear()
        _WEIGHT_ARRAYS[id(self)] = (self, arrays)  # the strong reference keeps the id valid
        return arrays

    def formula_for(self, platform: str) -> OperationFormula:
        return self.operation_formulas[self.platforms[platform].operation_formula.value]  # type: ignore[index]
