"""Display (显示): short text and HTML views of every result object, for terminals and notebooks.

Each result class has a one-line ``__repr__`` and ``_repr_html_`` that call a function here.
The text is a line or a few: what the object is, its size and a summary; the HTML is that
summary and the first rows with Chinese labels, bounded to :data:`MAX_HTML_BYTES` whatever
the result's size (at most :data:`HEAD_ROWS` rows, :data:`MAX_COLUMNS` columns and
:data:`MAX_CELL_CHARS` characters a cell). Summaries are whole-column numpy reductions.

Results are read through :mod:`zwxmt.views` only.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from zwxmt import views

if TYPE_CHECKING:
    from zwxmt.activity.compute import Activity
    from zwxmt.cleanup.criteria import Findings
    from zwxmt.cleanup.pipeline import CleanupRun
    from zwxmt.cleanup.recommend import Recommendation
    from zwxmt.lifecycle.history import History
    from zwxmt.pipeline.job import MainJob
    from zwxmt.review.findings import FindingTable
    from zwxmt.rulebook import Rulebook
    from zwxmt.rules import Rule
    from zwxmt.scoring.explain import Explanation
    from zwxmt.scoring.result import RegionResults, ScoreResult

__all__ = [
    "HEAD_ROWS",
    "LABELS_ZH",
    "MAX_HTML_BYTES",
    "bounded",
    "html_table",
    "label",
]

#: The most bytes a ``_repr_html_`` returns.
MAX_HTML_BYTES = 100_000
#: Rows shown by a table view.
HEAD_ROWS = 10
MAX_COLUMNS = 24
MAX_CELL_CHARS = 120
#: Nodes of an explanation tree shown in HTML.
MAX_TREE_NODES = 200

#: Chinese labels of the columns the views show (unknown columns keep their name).
LABELS_ZH: Mapping[str, str] = {
    "account_id": "账号编码", "account_name": "账号名称", "period": "期间", "platform": "平台",
    "level": "层级", "city": "地市", "county": "县（市、区）", "months": "月数",
    "communication_index": "传播指数", "operation_index": "运营指数",
    "diligence_index": "勤勉指数", "health_index": "健康指数", "cluster_index": "集群指数",
    "growth_index": "成长指数", "total": "总分", "vetoes": "一票否决",
    "county_rank": "县内排名", "county_accounts": "县内账号数",
    "province_platform_rank": "全省同类排名", "province_platform_accounts": "全省同类账号数",
    "province_platform_average_operation": "全省同类平均运营指数",
    "province_platform_average_total": "全省同类平均总分",
    "region_level": "地区层级", "region": "地区", "accounts": "账号数",
    "vetoed_accounts": "被否决账号数", "health_index_before_deduction": "扣分前健康指数",
    "health_deduction": "健康指数扣分", "deducting_vetoes": "扣分否决数",
    "posts": "发布数", "original_posts": "原创数", "original_ratio": "原创比例",
    "posting_days": "发布天数", "longest_gap_days": "最长未更新天数",
    "gaps_14d": "14天以上未更新次数",
    "last_post_date": "最后发布日期", "veto_no_update_14d": "14天未更新", "reads": "阅读数",
    "code": "代码", "cite": "条款", "label_zh": "名称", "measure": "措施", "measure_zh": "整改措施",
    "holds": "符合条件账号数", "met": "认定账号数", "evaluated": "已评估",
    "criteria": "认定依据", "citations": "条款", "steps": "注销步骤", "rule": "条款",
    "severity": "严重程度", "veto_candidate": "可能否决", "subject": "对象", "evidence": "证据",
    "title_zh": "问题", "county_name": "县（市、区）名称", "host_unit": "主办单位",
    "host_unit_name": "主办单位", "keep": "保留", "change": "变更", "shut_down": "关停",
    "deregister": "注销", "merge": "整合", "rectify": "限期整改", "on": "日期", "event": "事件",
    "actor": "办理方", "state": "状态", "name": "名称", "value": "值", "weight": "权重",
    "read": "读入行数", "processed": "处理行数", "rejected": "拒收行数", "source": "输入",
}

_PERIOD_KIND_ZH = {"month": "月度", "quarter": "季度", "year": "年度"}

_STYLE = ("<style>.zwxmt-view{font-family:'Noto Sans CJK SC','Source Han Sans SC',"
          "'WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif;font-size:13px}"
          ".zwxmt-view table{border-collapse:collapse;margin:4px 0}"
          ".zwxmt-view th,.zwxmt-view td{border:1px solid #ccc;padding:2px 6px;"
          "text-align:right;white-space:nowrap}.zwxmt-view th{background:#f3f3f3}"
          ".zwxmt-view td.t{text-align:left}.zwxmt-view .note{color:#666}</style>")


def label(column: str) -> str:
    """The Chinese label of a column (the name itself when it has none)."""
    return LABELS_ZH.get(column, column)


# -- formatting ------------------------------------------------------------------------------

def _cell(value: Any) -> tuple[str, bool]:
    """Text of a cell and whether it is text (left-aligned)."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None:
        return "", True
    if isinstance(value, bool):
        return ("是" if value else "否"), True
    if isinstance(value, float):
        return ("—" if math.isnan(value) else f"{value:.2f}"), False
    if isinstance(value, int):
        return f"{value}", False
    text = str(value)
    if text == "NaT":
        return "", True
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text, True


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def html_table(columns: Mapping[str, npt.NDArray[Any]], *, rows: int = HEAD_ROWS,
               names: Sequence[str] | None = None, total: int | None = None) -> str:
    """The first ``rows`` rows of ``columns`` as an HTML table with Chinese headers;
    ``total`` is the full table's row count when ``columns`` holds only its head."""
    keep = [c for c in (names or list(columns)) if c in columns][:MAX_COLUMNS]
    n = len(next(iter(columns.values()))) if columns else 0
    if total is not None:
        rows, n = min(rows, n), total
    shown = min(n, rows)
    head = "".join(f"<th>{_esc(label(c))}</th>" for c in keep)
    body = []
    for i in range(shown):  # a bounded head, not a hot path
        cells = []
        for c in keep:
            text, is_text = _cell(columns[c][i])
            cls = ' class="t"' if is_text else ""
            cells.append(f"<td{cls}>{_esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = (f'<p class="note">前 {shown} 行，共 {n:,} 行</p>' if n > shown
            else f'<p class="note">共 {n:,} 行</p>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def _summary(title: str, items: Iterable[tuple[str, Any]]) -> str:
    rows = "".join(f"<tr><th>{_esc(k)}</th><td class=\"t\">{_esc(v)}</td></tr>"
                   for k, v in items)
    return f"<h4>{_esc(title)}</h4><table>{rows}</table>"


def bounded(parts: Sequence[str], *, limit: int = MAX_HTML_BYTES) -> str:
    """The parts in one ``<div>``, dropping trailing parts past ``limit`` bytes."""
    out = [_STYLE, '<div class="zwxmt-view">']
    size = sum(len(p.encode()) for p in out) + 64
    for p in parts:
        b = len(p.encode())
        if size + b > limit:
            out.append('<p class="note">（其余内容从略）</p>')
            break
        out.append(p)
        size += b
    out.append("</div>")
    return "".join(out)


def _span(labels: npt.NDArray[Any]) -> str:
    if labels.size == 0:
        return "—"
    ordered = np.sort(labels)
    lo, hi = str(ordered[0]), str(ordered[-1])
    return lo if lo == hi else f"{lo}..{hi}"


def _stats(x: npt.NDArray[np.float64]) -> str:
    ok = x[~np.isnan(x)]
    if ok.size == 0:
        return "—"
    return f"平均 {ok.mean():.2f}（最低 {ok.min():.2f}，最高 {ok.max():.2f}）"


# -- scores ----------------------------------------------------------------------------------

def _score_facts(r: ScoreResult) -> list[tuple[str, Any]]:
    from zwxmt.scoring.periods import period_labels

    n = len(r)
    periods = np.unique(r.period)
    labels = period_labels(r.period_kind, periods.astype(np.int32)) if n else np.array([])
    return [
        ("期间类型", _PERIOD_KIND_ZH.get(r.period_kind, r.period_kind)),
        ("期间", _span(labels)),
        ("账号期数", f"{n:,}"),
        ("账号数", f"{np.unique(r.account.codes).size:,}"),
        ("总分", _stats(r.total)),
        ("一票否决", f"{int(np.count_nonzero(r.vetoes)):,} 个账号期"),
        ("规则库", r.rulebook),
    ]


def score_result_text(r: ScoreResult) -> str:
    f = dict(_score_facts(r))
    return (f"<ScoreResult {f['期间类型']}考核结果 {f['期间']}: {f['账号期数']} account-periods, "
            f"{f['账号数']} accounts, rulebook {r.rulebook}; total {f['总分']}; "
            f"vetoed {f['一票否决']}>")


_SCORE_HEAD = ("account_id", "period", "platform", "county", *views.INDEX_COLUMNS, "total",
               "vetoes", "county_rank", "province_platform_rank")


def score_result_html(r: ScoreResult) -> str:
    cols = views.score_head(r, HEAD_ROWS)
    return bounded([_summary("考核结果（账号）", _score_facts(r)),
                    html_table(cols, names=_SCORE_HEAD, total=len(r))])


def _region_facts(rr: RegionResults) -> list[tuple[str, Any]]:
    c = rr.columns
    levels = np.asarray(c["region_level"])
    return [
        ("期间类型", _PERIOD_KIND_ZH.get(rr.period_kind, rr.period_kind)),
        ("期间", _span(np.asarray(c["period"]))),
        ("地区期数", f"{len(rr):,}（省 {int(np.count_nonzero(levels == 'province'))}，"
                    f"市 {int(np.count_nonzero(levels == 'city'))}，"
                    f"县 {int(np.count_nonzero(levels == 'county'))}）"),
        ("健康指数扣分",
         f"{int(np.count_nonzero(np.asarray(c['health_deduction']) > 0))} 个地区期"),
    ]


def region_results_text(rr: RegionResults) -> str:
    f = dict(_region_facts(rr))
    return (f"<RegionResults {f['期间类型']}地区考核结果 {f['期间']}: {f['地区期数']}; "
            f"deductions in {f['健康指数扣分']}>")


_REGION_HEAD = ("region_level", "region", "city", "period", "accounts", "vetoed_accounts",
                *views.INDEX_COLUMNS, "health_deduction", "total")


def region_results_html(rr: RegionResults) -> str:
    return bounded([_summary("考核结果（地区）", _region_facts(rr)),
                    html_table(views.region_columns(rr), names=_REGION_HEAD)])


# -- activity --------------------------------------------------------------------------------

def _activity_facts(a: Activity) -> list[tuple[str, Any]]:
    labels = a.grid.labels
    return [
        ("账号 × 月", f"{a.n_accounts:,} × {len(labels)}"),
        ("月份", f"{labels[0]}..{labels[-1]}" if labels else "—"),
        ("发布数", f"{int(a.posts.sum()):,}（原创 {int(a.original_posts.sum()):,}）"),
        (f"{a.gap_days}天以上未更新", f"{int(np.count_nonzero(a.veto_no_update_14d)):,} 个账号月"),
        ("未更新时段", f"{len(a.gaps):,}"),
    ]


def activity_text(a: Activity) -> str:
    f = _activity_facts(a)
    return ("<Activity 更新情况: " + "; ".join(f"{k} {v}" for k, v in f) + ">")


def activity_html(a: Activity) -> str:
    return bounded([_summary("更新情况", _activity_facts(a)),
                    html_table(views.activity_columns(a, accounts=1 + HEAD_ROWS // max(
                        len(a.grid.labels), 1)))])


# -- cleanup ---------------------------------------------------------------------------------

def findings_text(f: Findings) -> str:
    met = int(np.count_nonzero(f.met_matrix().any(axis=1))) if len(f.account_ids) else 0
    ne = f.not_evaluated
    return (f"<Findings 清理认定 at {f.as_of}: {len(f.account_ids):,} accounts, "
            f"{len(f.results)} criteria, {met:,} accounts meet one or more"
            + (f"; not evaluated: {', '.join(ne)}" if ne else "") + ">")


def findings_html(f: Findings) -> str:
    met = int(np.count_nonzero(f.met_matrix().any(axis=1))) if len(f.account_ids) else 0
    facts = [("评估日", f.as_of), ("账号数", f"{len(f.account_ids):,}"),
             ("开设满一年", f"{int(np.count_nonzero(f.eligible)):,}"),
             ("符合任一标准", f"{met:,}"),
             ("未评估（缺数据）", "、".join(f.not_evaluated) or "无")]
    return bounded([_summary("清理整合认定", facts),
                    html_table(views.criteria_columns(f), rows=len(f.results))])


def _measure_counts(run: CleanupRun) -> list[tuple[str, Any]]:
    from zwxmt.models import Measure

    measures = np.array([r.measure.value for r in run.recommendations], dtype=np.str_)
    return [(m.zh, int(np.count_nonzero(measures == m.value))) for m in Measure]


def cleanup_run_text(run: CleanupRun) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in _measure_counts(run) if v)
    return (f"<CleanupRun 清理整合 at {run.as_of}: {len(run.recommendations):,} accounts; "
            f"{counts or 'no account'}>")


def cleanup_run_html(run: CleanupRun) -> str:
    facts = [("评估日", run.as_of), ("账号数", f"{len(run.recommendations):,}"),
             *[(k, v) for k, v in _measure_counts(run) if v]]
    cols = views.measure_columns(run, keep=False)
    return bounded([_summary("清理整合措施", facts),
                    html_table(cols, names=("account_id", "county", "measure_zh", "criteria",
                                            "citations"))])


def recommendation_text(r: Recommendation) -> str:
    grounds = "; ".join(f"{c.code} [{c.cite}]" for c in r.criteria) or "no criterion met"
    return f"<Recommendation {r.account_id}: {r.measure.zh} ({r.measure.value}) — {grounds}>"


def recommendation_html(r: Recommendation) -> str:
    facts = [("账号编码", r.account_id), ("评估日", r.as_of), ("整改措施", r.measure.zh),
             ("开设满一年", "是" if r.eligible else "否")]
    crit: views.Columns = {
        "code": np.array([c.code for c in r.criteria], dtype=np.str_),
        "label_zh": np.array([c.label_zh for c in r.criteria], dtype=np.str_),
        "cite": np.array([c.cite for c in r.criteria], dtype=np.str_),
        "evidence": np.array(["，".join(f"{k}={v}" for k, v in c.evidence.items())
                              for c in r.criteria], dtype=np.str_),
    }
    parts = [_summary("整改措施建议", facts), html_table(crit, rows=len(r.criteria))]
    if r.lifecycle_events:
        parts.append("<p>注销步骤：" + _esc(" → ".join(f"{s.event}（{s.cite}）"
                                                   for s in r.lifecycle_events)) + "</p>")
    return bounded(parts)


# -- the main job ----------------------------------------------------------------------------

def _count_columns(job: MainJob) -> views.Columns:
    return {
        "source": np.array([c.name for c in job.counts], dtype=np.str_),
        "read": np.array([c.read for c in job.counts], dtype=np.int64),
        "processed": np.array([c.processed for c in job.counts], dtype=np.int64),
        "rejected": np.array([c.rejected for c in job.counts], dtype=np.int64),
    }


def main_job_text(job: MainJob) -> str:
    review = ("-" if job.review is None
              else f"{len(job.review.findings.columns['code']):,} findings")
    return "\n".join([
        f"<MainJob 主流程 at {job.as_of}, rulebook {job.rulebook}:",
        "  inputs: " + "; ".join(f"{c.name} {c.processed:,}/{c.read:,}" for c in job.counts),
        f"  scores: {score_result_text(job.scores)}",
        f"  cleanup: {cleanup_run_text(job.cleanup)}",
        f"  review: {review}>",
    ])


def main_job_html(job: MainJob) -> str:
    facts = [("评估日", job.as_of), ("规则库", job.rulebook),
             ("内容审核发现", "—" if job.review is None
              else f"{len(job.review.findings.columns['code']):,}")]
    return bounded([
        _summary("主流程", facts),
        "<h4>输入</h4>" + html_table(_count_columns(job), rows=len(job.counts)),
        _summary("考核结果（账号）", _score_facts(job.scores)),
        html_table(views.score_head(job.scores, HEAD_ROWS), names=_SCORE_HEAD,
                   total=len(job.scores)),
        _summary("清理整合措施", _measure_counts(job.cleanup)),
    ])


# -- explanation, rulebook, rule, history ------------------------------------------------------

def explanation_text(e: Explanation) -> str:
    value = "-" if e.value is None else f"{e.value:.2f}"
    cite = f" [{e.cite}]" if e.cite else ""
    return (f"<Explanation {e.label_zh} {e.name} = {value}{cite}; "
            f"{len(e.children)} children (.render() for the tree)>")


def explanation_html(e: Explanation) -> str:
    budget = [MAX_TREE_NODES]

    def node(x: Explanation) -> str:
        budget[0] -= 1
        value = "—" if x.value is None else f"{x.value:.2f}"
        weight = "" if x.weight is None else f" × {x.weight:g}"
        cite = f" <small>[{_esc(x.cite)}]</small>" if x.cite else ""
        note = f" <em>{_esc(x.note)}</em>" if x.note else ""
        params = "".join(f"<li class=\"note\">{_esc(p.name)} = {_esc(p.value)} "
                         f"[{_esc(p.cite)}]</li>" for p in x.parameters[:10])
        kids = []
        for c in x.children:
            if budget[0] <= 0:
                kids.append("<li>…</li>")
                break
            kids.append(node(c))
        inner = params + "".join(kids)
        sub = f"<ul>{inner}</ul>" if inner else ""
        return (f"<li><b>{_esc(x.label_zh)}</b> {_esc(x.name)} = {value}{weight}"
                f"{cite}{note}{sub}</li>")

    return bounded([f"<h4>评分说明</h4><ul>{node(e)}</ul>"])


def rulebook_text(b: Rulebook) -> str:
    m = b.meta
    to = m.effective_to or "…"
    return (f"<Rulebook {m.name} {m.version}: {m.title} ({m.jurisdiction}), in force "
            f"{m.effective_from}..{to} [{m.cite}]; sections {', '.join(b.section_names())}>")


def rulebook_html(b: Rulebook) -> str:
    m = b.meta
    facts = [("名称", m.name), ("标题", m.title), ("版本", m.version), ("适用地区", m.jurisdiction),
             ("施行", f"{m.effective_from} 至 {m.effective_to or '今'}"), ("依据", m.cite),
             ("来源", b.origin), ("章节", "、".join(b.section_names()))]
    return bounded([_summary("规则库", facts)])


def rule_text(r: Rule) -> str:
    excerpt = r.excerpt_zh if len(r.excerpt_zh) <= 60 else r.excerpt_zh[:59] + "…"
    title = f" {r.title_zh}" if r.title_zh else ""
    return f"<Rule {r.id} ({r.source} §{r.section}){title}: {excerpt}>"


def rule_html(r: Rule) -> str:
    facts = [("条款", r.id), ("文件", r.source), ("章节", r.section), ("标题", r.title_zh or "—"),
             ("原文", r.excerpt_zh[:4000]), ("Summary", r.summary_en[:2000]),
             ("主题", "、".join(r.topics))]
    return bounded([_summary("条款", facts)])


def history_text(h: History) -> str:
    last = f", last {h.records[-1].event.value} on {h.records[-1].on}" if h.records else ""
    return (f"<History {h.account_id}: {len(h.records)} events, state {h.state.zh} "
            f"({h.state.value}){last}>")


def history_html(h: History) -> str:
    recs = h.records[-HEAD_ROWS * 5:]
    cols: views.Columns = {
        "on": np.array([r.on.isoformat() for r in recs], dtype=np.str_),
        "event": np.array([f"{r.event.zh}（{r.event.value}）" for r in recs], dtype=np.str_),
        "actor": np.array([r.actor for r in recs], dtype=np.str_),
    }
    facts = [("账号编码", h.account_id), ("状态", f"{h.state.zh}（{h.state.value}）"),
             ("事件数", len(h.records))]
    note = "" if len(recs) == len(h.records) else f"<p class=\"note\">最近 {len(recs)} 个事件</p>"
    return bounded([_summary("账号生命周期", facts), note + html_table(cols, rows=len(recs))])


# -- review ----------------------------------------------------------------------------------

def finding_table_text(t: FindingTable) -> str:
    c = t.columns
    n = len(c["code"])
    vetoes = int(np.count_nonzero(np.asarray(c["veto_candidate"], dtype=np.bool_)))
    return f"<FindingTable 内容审核发现: {n:,} findings, {vetoes:,} veto candidates>"


def finding_table_html(t: FindingTable) -> str:
    c = t.columns
    codes, counts = np.unique(np.asarray(c["code"], dtype=np.str_), return_counts=True)
    facts = [("发现数", f"{len(c['code']):,}"),
             *[(str(k), int(v)) for k, v in zip(codes[:20], counts[:20], strict=True)]]
    return bounded([_summary("内容审核发现", facts), html_table(c)])
