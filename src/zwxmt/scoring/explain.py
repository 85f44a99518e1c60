"""Explanation of a score (评分说明): the tree total → index → sub-index → raw metric.

For one account-period, every node carries its value, the weight it enters its parent with,
the clause it implements (``ZJG-9.2-T2-*``) and the rulebook parameters it read, each with its
own citation, so an auditor can recompute the score by hand. A veto appears as an exception
node under 健康指数 (Catala style: the exception that fired is in the trace).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zwxmt import display
from zwxmt.rulebook import Cited
from zwxmt.scoring.formulas import formula_inputs
from zwxmt.scoring.frame import LEVELS
from zwxmt.scoring.parameters import (
    INDEX_CITES,
    INDEX_SUBS,
    INDEXES,
    INDEXES_ZH,
    PLATFORMS,
    PLATFORMS_ZH,
    SUBSCORES_ZH,
    WciV2Formula,
    WciV14Formula,
)
from zwxmt.scoring.periods import period_label

if TYPE_CHECKING:
    from zwxmt.scoring.result import ScoreResult

__all__ = ["Explanation", "Parameter", "explain_row"]


@dataclass(frozen=True)
class Parameter:
    """A rulebook value a node used: its dotted name, value and citation."""

    name: str
    value: Any
    cite: str
    note: str = ""

    @classmethod
    def of(cls, name: str, cited: Cited[Any]) -> Parameter:
        return cls(name, cited.value, str(cited.cite), cited.note)


@dataclass(frozen=True)
class Explanation:
    """A node of the explanation tree."""

    name: str
    label_zh: str
    value: float | None
    cite: str = ""
    weight: float | None = None
    note: str = ""
    parameters: tuple[Parameter, ...] = ()
    children: tuple[Explanation, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "label_zh": self.label_zh,
                               "value": _json_num(self.value)}
        if self.weight is not None:
            out["weight"] = self.weight
        if self.cite:
            out["cite"] = self.cite
        if self.note:
            out["note"] = self.note
        if self.parameters:
            out["parameters"] = [
                {"name": p.name, "value": p.value, "cite": p.cite} | (
                    {"note": p.note} if p.note else {}) for p in self.parameters]
        if self.children:
            out["children"] = [c.as_dict() for c in self.children]
        return out

    def render(self, indent: int = 0) -> str:
        """A readable tree, one node per line, parameters indented under their node."""
        pad = "  " * indent
        value = "-" if self.value is None else _fmt(self.value)
        weight = "" if self.weight is None else f" × {self.weight:g}"
        cite = f" [{self.cite}]" if self.cite else ""
        lines = [f"{pad}{self.label_zh} {self.name} = {value}{weight}{cite}"]
        if self.note:
            lines.append(f"{pad}    ! {self.note}")
        for p in self.parameters:
            lines.append(f"{pad}    · {p.name} = {p.value} [{p.cite}]")
        lines.extend(c.render(indent + 1) for c in self.children)
        return "\n".join(lines)

    def find(self, name: str) -> Explanation:
        """The first node named ``name`` (depth first)."""
        if self.name == name:
            return self
        for c in self.children:
            try:
                return c.find(name)
            except KeyError:
                continue
        raise KeyError(name)

    def __repr__(self) -> str:
        return display.explanation_text(self)

    def _repr_html_(self) -> str:
        return display.explanation_html(self)


def _json_num(v: float | None) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def _fmt(v: float) -> str:
    if math.isnan(v):
        return "n/a"
    return f"{v:.6f}".rstrip("0").rstrip(".") if v != int(v) else f"{v:.0f}"


def _raw(name: str, label: str, value: float, cite: str) -> Explanation:
    return Explanation(name, label, float(value), cite=cite)


def _sub_children(result: ScoreResult, i: int, sub: str) -> tuple[
        tuple[Explanation, ...], tuple[Parameter, ...]]:
    """Raw metrics and parameters behind one sub-index score (raw layer only)."""
    m = result.metrics
    if m is None:
        return (), ()
    s = result.section
    conv = s.conversion
    platform = PLATFORMS[int(result.platform[i])]

    def raw(key: str, label: str, cite: str) -> Explanation:
        return _raw(key, label, float(m[key][i]), cite)

    if sub == "operation":
        formula_name = s.platforms[platform].operation_formula.value  # type: ignore[index]
        formula = s.operation_formulas[formula_name]

        given = not math.isnan(float(m["given_index"][i]))
        inputs: tuple[Explanation, ...] = () if given else tuple(
            raw(k, k, "ZJG-9.2-T2-operation") for k in formula_inputs(formula))
        params = [Parameter.of(f"platforms.{platform}.operation_formula",
                               s.platforms[platform].operation_formula)]  # type: ignore[index]
        if isinstance(formula, WciV14Formula):
            params += [Parameter.of(f"operation_formulas.{formula_name}.{k}", getattr(formula, k))
                       for k in ("group_weights", "term_weights", "peak_like_weight",
                                 "interaction_multiplier", "period_days", "exponent", "scale")]
        elif isinstance(formula, WciV2Formula):
            params += [Parameter.of(f"operation_formulas.{formula_name}.{k}", getattr(formula, k))
                       for k in ("index_weights", "term_weights", "exponent", "scale")]
        else:
            params += [Parameter.of(f"operation_formulas.{formula_name}.{k}", getattr(formula, k))
                       for k in ("activity_weight", "spread_weight", "term_weights", "scale")]
        index_node = Explanation(
            "communication_index", formula.title + (" (given)" if given else ""),
            float(result.raw_index[i]), cite="ZJG-9.2-T2-operation",
            note=formula.source, parameters=tuple(params), children=inputs)
        mode = conv.operation_mode
        ref_params = [Parameter.of("conversion.operation_mode", mode)]
        if mode.value == "target":
            ref_params.append(Parameter.of(f"conversion.operation_targets.{platform}",
                                           conv.operation_targets[platform]))  # type: ignore[index]
            ref_value = float(conv.operation_targets[platform].value)  # type: ignore[index]
            ref_label = "折算目标值"
        else:
            ref_value = float(result.peer_max[i])
            ref_label = f"全省{PLATFORMS_ZH[platform]}同期最高值"
        ref = Explanation("reference", ref_label, ref_value, cite="ZJG-9.2-T2-operation",
                          parameters=tuple(ref_params))
        return (index_node, ref), ()
    d = "ZJG-9.2-T2-diligence"
    h = "ZJG-9.2-T2-health"
    c = "ZJG-9.2-T2-cluster"
    if sub == "posts_score":
        return (raw("posts", "编发数量", d),), (
            Parameter.of(f"conversion.posts_targets.{platform}",
                         conv.posts_targets[platform]),)  # type: ignore[index]
    if sub == "original_score":
        return (raw("original_posts", "原创数量", d), raw("posts", "编发数量", d)), ()
    if sub == "posting_days_score":
        return (raw("posting_days", "编发天数", d),), (
            Parameter.of("conversion.posting_days_target", conv.posting_days_target),)
    if sub == "serious_errors_score":
        return (raw("serious_errors", "严重表述错误", h),), (
            Parameter.of("conversion.serious_error_penalty", conv.serious_error_penalty),)
    if sub == "service_score":
        return (raw("service_availability", "办事服务", h),), ()
    if sub == "poor_response_score":
        return (raw("poor_responses", "互动回应差", h),), (
            Parameter.of("conversion.poor_response_penalty", conv.poor_response_penalty),)
    if sub == "general_errors_score":
        return (raw("general_errors", "一般表述错误", h),), (
            Parameter.of("conversion.general_error_penalty", conv.general_error_penalty),)
    if sub == "coordination_score":
        return (raw("coordination_rate", "内部协同完成率", c),), ()
    if sub == "platform_use_score":
        return (raw("platform_misuse", "未按要求使用平台", c),), (
            Parameter.of("conversion.platform_misuse_penalty", conv.platform_misuse_penalty),)
    growth = (Parameter.of("conversion.growth_neutral", conv.growth_neutral),
              Parameter.of("conversion.growth_points_per_index_point",
                           conv.growth_points_per_index_point),
              Parameter.of("conversion.growth_lag_months", conv.growth_lag_months))
    g = "ZJG-9.2-T2-growth"
    if sub == "operation_yoy_score":
        return (_raw("operation_index", "本期运营指数", float(result.indices["operation"][i]), g),
                _raw("operation_index_last_year", "上年同期运营指数",
                     float(result.operation_last_year[i]), g)), growth
    return (_raw("diligence_index", "本期勤勉指数", float(result.indices["diligence"][i]), g),
            _raw("diligence_index_last_year", "上年同期勤勉指数",
                 float(result.diligence_last_year[i]), g)), growth


def explain_row(result: ScoreResult, i: int) -> Explanation:
    """The explanation tree of row ``i`` of ``result``."""
    s = result.section
    platform = PLATFORMS[int(result.platform[i])]
    table = s.platforms[platform]  # type: ignore[index]
    index_nodes = []
    for idx in INDEXES:
        subs = []
        for sub in INDEX_SUBS[idx]:
            w = table.sub_weights.get(sub)  # type: ignore[call-overload]
            if w is None:
                continue
            children, params = _sub_children(result, i, sub) if result.period_kind == "month" \
                else ((), ())
            subs.append(Explanation(
                sub, SUBSCORES_ZH[sub], float(result.subscores[sub][i]), cite=str(w.cite),
                weight=float(w.value), parameters=params, children=children))
        note = ""
        veto_nodes: list[Explanation] = []
        if idx == "health" and int(result.vetoes[i]):
            after = s.vetoes.account_health_after_veto
            note = (f"一票否决: 健康指数 {_fmt(float(result.health_before_veto[i]))} → "
                    f"{_fmt(float(after.value))}" if s.vetoes.zero_vetoed_account_health.value
                    else "一票否决: the region's 健康指数 is deducted (ZJG-9.2-T2-VD); the "
                         "account's own is kept (zero_vetoed_account_health = false)")
            veto_nodes = [Explanation(v.code, f"一票否决：{v.label_zh}", 1.0, cite=str(v.cite))
                          for v in s.vetoes.items if int(result.vetoes[i]) & v.bit]
            veto_nodes.append(Explanation(
                "veto_rule", "一票否决扣分规则", float(after.value), cite=str(after.cite),
                parameters=(Parameter.of("vetoes.account_health_after_veto", after),
                            Parameter.of("vetoes.region_health_deduction_per_veto",
                                         s.vetoes.region_health_deduction_per_veto))))
        iw = table.index_weights[idx]  # type: ignore[index]
        index_nodes.append(Explanation(
            f"{idx}_index", INDEXES_ZH[idx], float(result.indices[idx][i]),
            cite=INDEX_CITES[idx], weight=float(iw.value), note=note,
            children=tuple(veto_nodes + subs)))
    head = (f"{result.account.labels[result.account.codes[i]]} {PLATFORMS_ZH[platform]} "
            f"{LEVELS[int(result.level[i])]} "
            f"{_period(result, i)} (rulebook {result.rulebook}, {s.version})")
    return Explanation("total", "总分", float(result.total[i]), cite="ZJG-9.2-T2", note=head,
                       children=tuple(index_nodes))


def _period(result: ScoreResult, i: int) -> str:

    return period_label(result.period_kind, int(result.period[i]))
