"""The monthly 通报 as one self-contained HTML page (月度通报).

One file, no script, no external asset: styles are inline, charts are SVG images in
``data:`` URIs (their text drawn as paths), and a Content-Security-Policy forbids any other
load, so the page opens the same on a government intranet. Print CSS lays it out on A4.
Each number cell carries ``data-col`` (its column in the result tables) so a reader or a test
can match the page against the tables.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt import views
from zwxmt.display import label
from zwxmt.report.data import LEVEL_ZH, ReportData

__all__ = ["CSP", "render_page"]

#: The page's Content-Security-Policy: nothing but inline styles and data: images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

#: Rows of the review findings listed (the counts by kind cover all of them).
MAX_FINDING_ROWS = 300

_CSS = """
body{font-family:'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',
'Microsoft YaHei','PingFang SC','SimSun',sans-serif;margin:24px auto;max-width:1100px;
color:#222;font-size:14px;line-height:1.5}
h1{font-size:22px;text-align:center;margin:0 0 4px}
.sub{text-align:center;color:#555;margin:0 0 16px}
h2{font-size:17px;border-left:4px solid #b22;padding-left:8px;margin:22px 0 8px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:12px}
th,td{border:1px solid #bbb;padding:3px 5px;text-align:right}
th{background:#f1f1f1;font-weight:600}
td.t{text-align:left}
th{text-align:center}
td[data-col=account_name],td[data-col=account_id],td[data-col=platform_zh],
td[data-col=measure_zh],td[data-col=region_level_zh],td[data-col=region_name],
td[data-col=title_zh],td[data-col=rule],td[data-col=severity]{white-space:nowrap}
tr.veto td{background:#fdecec}
.facts td{text-align:left}
.note{color:#666;font-size:12px}
figure{margin:8px 0;text-align:center}
figure img{max-width:100%;height:auto}
figcaption{font-size:12px;color:#555}
@page{size:A4;margin:14mm 12mm}
@media print{
 body{margin:0;max-width:none;font-size:10.5pt}
 table{font-size:8.5pt}
 thead{display:table-header-group}
 tr,figure{page-break-inside:avoid;break-inside:avoid}
 h2{page-break-after:avoid;break-after:avoid}
 section.chart{page-break-inside:avoid}
}
"""


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _fmt(v: Any) -> tuple[str, bool]:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, bool):
        return ("是" if v else "否"), True
    if isinstance(v, float):
        return ("—" if math.isnan(v) else f"{v:.2f}"), False
    if isinstance(v, int):
        return str(v), False
    return str(v), True


def table(name: str, cols: Mapping[str, npt.NDArray[Any]], names: Sequence[str], *,
          headers: Mapping[str, str] | None = None, rows: int | None = None,
          veto_col: str | None = None) -> str:
    """An HTML table of the given columns (all rows, or the first ``rows``)."""
    keep = [c for c in names if c in cols]
    n = len(next(iter(cols.values()))) if cols else 0
    shown = n if rows is None else min(n, rows)
    heads = headers or {}
    head = "".join(f"<th>{_esc(heads.get(c, label(c)))}</th>" for c in keep)
    body = []
    for i in range(shown):  # the page's rows: one scope and one month, rendered once
        cls = ' class="veto"' if veto_col and str(cols[veto_col][i]) else ""
        cells = []
        for c in keep:
            text, is_text = _fmt(cols[c][i])
            t = ' class="t"' if is_text else ""
            cells.append(f'<td data-col="{_esc(c)}"{t}>{_esc(text)}</td>')
        body.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    note = "" if shown == n else f'<p class="note">列出前 {shown} 条，共 {n} 条。</p>'
    if n == 0:
        return f'<p class="note" data-table="{_esc(name)}">无。</p>'
    return (f'<table data-table="{_esc(name)}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>{note}")


def _facts(items: Sequence[tuple[str, Any]]) -> str:
    rows = "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in items)
    return f'<table class="facts" data-table="summary">{rows}</table>'


def _figure(svg: str, caption: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<section class="chart"><figure><img alt="{_esc(caption)}" '
            f'src="data:image/svg+xml;base64,{data}"><figcaption>{_esc(caption)}'
            "</figcaption></figure></section>")


def _charts(d: ReportData, job: Any, regions: Any) -> dict[str, str]:
    """The three charts as <figure>s, or a note when matplotlib or a CJK font is missing."""
    try:
        from zwxmt import charts

        rank = charts.ranking_chart(
            job.scores, d.period, county=d.scope if d.scope_level == "county" else None,
            names=d.names, top=40)
        level = d.scope_level
        region = charts.region_chart(job.scores, d.scope, level=level, regions=regions)
        measures = charts.measures_chart(job.cleanup, regions=regions)
        return {
            "ranking": _figure(charts.to_svg(rank), f"图1 {d.period} 账号总分排名及各指数得分"),
            "region": _figure(charts.to_svg(region),
                              f"图2 {d.scope_name} 考核结果逐月变化（▼ 一票否决扣分）"),
            "measures": _figure(charts.to_svg(measures), "图3 各县（市、区）清理整合措施"),
        }
    except ImportError:
        note = '<p class="note">未绘制图表：需要安装 zwxmt[charts]（matplotlib）。</p>'
    except Exception as exc:  # a missing font: say so on the page, keep the tables
        from zwxmt.errors import ZwxmtError

        if not isinstance(exc, ZwxmtError):
            raise
        note = f'<p class="note">未绘制图表：{_esc(exc.message)}</p>'
    return {"ranking": note, "region": "", "measures": ""}


_RANKING = ("rank", "account_name", "platform_zh", *views.INDEX_COLUMNS, "total",
            "county_rank", "province_platform_rank", "vetoes_zh")
_REGION = ("region_level_zh", "region_name", "accounts", "vetoed_accounts",
           *views.INDEX_COLUMNS, "health_index_before_deduction", "health_deduction", "total")
_HEADERS = {"rank": "名次", "account_name": "账号", "platform_zh": "平台",
            "vetoes_zh": "一票否决（条款）", "region_level_zh": "层级", "region_name": "地区",
            "county_rank": "县内排名", "province_platform_rank": "全省同类排名"}


def _with_labels(d: ReportData
                 ) -> tuple[views.Columns, views.Columns, views.Columns, views.Columns]:
    from zwxmt.scoring.parameters import PLATFORMS_ZH

    ranking = dict(d.ranking)
    ranking["account_name"] = np.array([d.names.get(str(a), str(a)) for a in
                                        ranking["account_id"]], dtype=np.str_)
    ranking["platform_zh"] = np.array([PLATFORMS_ZH.get(str(p), str(p)) for p in
                                       ranking["platform"]], dtype=np.str_)
    vetoes = views.take(ranking, ranking["vetoes"] != "")
    regions = dict(d.regions)
    regions["region_level_zh"] = np.array([LEVEL_ZH.get(str(v), str(v)) for v in
                                           regions["region_level"]], dtype=np.str_)
    regions["region_name"] = np.array([d.region_names.get(str(v), str(v)) for v in
                                       regions["region"]], dtype=np.str_)
    measures = dict(d.measures)
    measures["account_name"] = np.array([d.names.get(str(a), str(a)) for a in
                                         measures["account_id"]], dtype=np.str_)
    return ranking, vetoes, regions, measures


def render_page(d: ReportData, *, job: Any = None, regions: Any = None) -> str:
    """The 通报 page of ``d``; with the ``job`` (and ``regions`` for names) it has charts."""
    ranking, vetoes, region_rows, measures = _with_labels(d)
    n = len(ranking["total"])
    total = ranking["total"]
    own = views.select(d.regions, region=d.scope) if len(d.regions["region"]) else d.regions
    own_total = f"{float(own['total'][0]):.2f}" if len(own["total"]) else "—"
    deduction = f"{float(own['health_deduction'][0]):.2f}" if len(own["total"]) else "—"
    summary = [
        ("通报范围", f"{d.scope_name}（{LEVEL_ZH[d.scope_level]}）"), ("考核期间", d.period),
        ("评估日", d.as_of), ("规则库", d.rulebook), ("参评账号", f"{n}"),
        ("账号平均总分", f"{float(total.mean()):.2f}" if n else "—"),
        ("地区总分", own_total), ("一票否决账号", f"{len(vetoes['total'])}"),
        ("地区健康指数扣分", deduction),
        ("清理整合措施", "，".join(f"{k} {v}" for k, v in d.measure_counts.items()) or "—"),
        ("内容审核发现", "—" if d.findings is None else f"{len(d.findings['code'])}"),
    ]
    parts = [
        f"<h1>{_esc(d.scope_name)}政务新媒体考核通报</h1>",
        f'<p class="sub">{_esc(d.period)} · 评估日 {_esc(d.as_of)} · 依据 ZJG-9（考核评价）、'
        "ZJG-6.5.1（清理整合）</p>",
        "<h2>一、总体情况</h2>", _facts(summary),
    ]
    charts = _charts(d, job, regions) if job is not None else {
        "ranking": "", "region": "", "measures": ""}
    parts += ["<h2>二、账号排名</h2>",
              '<p class="note">按总分由高到低；总分 = 五项指数按表2权重加权（ZJG-9.2-T2）；'
              "一票否决账号健康指数计0（ZJG-9.2-T2-V1）。</p>",
              table("ranking", ranking, _RANKING, headers=_HEADERS, veto_col="vetoes_zh"),
              charts["ranking"]]
    parts += ["<h2>三、一票否决</h2>",
              table("vetoes", vetoes, ("account_name", "platform_zh", "account_id",
                                       "health_index", "total", "vetoes_zh"),
                    headers=_HEADERS)]
    parts += ["<h2>四、地区考核结果</h2>",
              '<p class="note">地区指数为所辖账号的平均；每个被否决账号扣减所在地区健康指数'
              "（ZJG-9.2-T2-VD）。</p>",
              table("regions", region_rows, _REGION, headers=_HEADERS), charts["region"]]
    parts.append("<h2>五、主办单位考核结果</h2>")
    if d.host_units is None:
        parts.append('<p class="note" data-table="host_units">本版本的考核结果不含主办单位结果'
                     "（ZJG-9.1 的“政务新媒体主办单位”考核），此处从略；结果提供主办单位表后"
                     "将在此列出。</p>")
    else:
        hu = d.host_units
        if "period" in hu:
            hu = views.take(hu, np.asarray(hu["period"], dtype=np.str_) == d.period)
        parts.append(table("host_units", hu, list(hu)))
    parts += ["<h2>六、清理整合措施</h2>",
              '<p class="note">开设一年以上的账号符合 ZJG-6.5.1 情形之一的予以注销；'
              "措施及认定依据的条款如下（保留且未触发任何标准的账号不列）。</p>",
              table("measures", measures, ("account_name", "account_id", "measure_zh",
                                              "criteria", "citations"),
                    headers={**_HEADERS, "citations": "条款"}),
              charts["measures"]]
    parts.append("<h2>七、内容审核发现</h2>")
    if d.findings is None:
        parts.append('<p class="note">本次未进行内容审核（未提供发布记录）。</p>')
    else:
        counts = {"title_zh": np.array(list(d.finding_counts), dtype=np.str_),
                  "count": np.array(list(d.finding_counts.values()), dtype=np.int64)}
        parts += [table("finding_counts", counts, ("title_zh", "count"),
                        headers={"title_zh": "问题", "count": "条数"}),
                  table("findings", d.findings, ("account_id", "title_zh", "rule", "severity",
                                                 "subject", "evidence"),
                        rows=MAX_FINDING_ROWS)]
    counts_cols = {"source": np.array([c[0] for c in d.counts], dtype=np.str_),
                   "read": np.array([c[1] for c in d.counts], dtype=np.int64),
                   "processed": np.array([c[2] for c in d.counts], dtype=np.int64)}
    parts += ["<h2>附：数据来源</h2>",
              table("inputs", counts_cols, ("source", "read", "processed")),
              f'<p class="note">由 zwxmt 生成；口径见 docs/pipeline.md。期间 {_esc(d.periods[0])}'
              f" 至 {_esc(d.periods[-1])}。</p>"]
    body = "\n".join(parts)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_esc(d.scope_name)} {_esc(d.period)} 政务新媒体考核通报</title>"
            f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>\n")
