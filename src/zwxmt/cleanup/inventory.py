"""The inventory form 政务新媒体排查及清理整合情况表 (``HN-A2``) and its summary per county.

One :class:`~zwxmt.models.InventoryRow` per account, its 整改措施 column (``HN-A2(8)``) filled from
the recommendation; beside the form's own columns the written table adds the account code,
the county, the criteria met and their clauses, so a reader can check each measure. The
summary counts, per county, the accounts kept, changed, shut down, deregistered, merged and to
rectify. Written as CSV (or JSON lines/Parquet) with the form's Chinese headers, or as XLSX
when the optional ``xlsx`` extra (openpyxl) is installed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.cleanup.pipeline import CleanupRun
from zwxmt.cleanup.recommend import Recommendation
from zwxmt.errors import InputError
from zwxmt.models import AccountStatus, InventoryForm, InventoryRow, Measure
from zwxmt.regions import RegionIndex
from zwxmt.rules import cite
from zwxmt.table import OutputSet
from zwxmt.vocabulary import OperationMode, Platform

__all__ = [
    "EXTRA_HEADERS",
    "SUMMARY_HEADERS",
    "inventory_form",
    "inventory_rows",
    "inventory_table",
    "summary_by_county",
    "write_inventory",
]

RULE = cite("HN-A2")

#: Columns added after the form's own (not part of ``HN-A2``: for review).
EXTRA_HEADERS: Mapping[str, str] = {
    "account_id": "账号编码",
    "county": "所属县（市、区）",
    "criteria": "符合情形",
    "citations": "依据条款",
    "steps": "注销步骤",
    "not_evaluated": "未评估情形（缺少数据）",
}

#: Summary columns, measures in the order of ``HN-A2(8)`` then ``ZJO-2.1``, ``HN-4.1``.
SUMMARY_HEADERS: Mapping[str, str] = {
    "county": "县（市、区）区划代码",
    "county_name": "县（市、区）",
    "accounts": "账号数",
    Measure.KEEP.value: "保留",
    Measure.CHANGE.value: "变更",
    Measure.SHUT_DOWN.value: "关停",
    Measure.DEREGISTER.value: "注销",
    Measure.MERGE.value: "整合",
    Measure.RECTIFY.value: "限期整改",
}

#: 运营状态 as the form prints it (``HN-A2(5)``: 正常运营/停止运营).
_STATUS_ZH = {AccountStatus.NORMAL: "正常运营", AccountStatus.SUSPENDED: "停止运营",
              AccountStatus.DEREGISTERED: "注销", AccountStatus.SHUT_DOWN: "关停"}


def _push_frequency(posts: int, months: int) -> str:
    """推送频率 as posts a month over the window (``HN-A2``)."""
    if months <= 0:
        return ""
    return f"月均{posts / months:.1f}条"


def inventory_rows(run: CleanupRun) -> list[InventoryRow]:
    """One form row per account, 整改措施 from the recommendation (``HN-A2(8)``)."""
    h = run.history
    months = min(12, h.grid.n)
    posts = h.posts[:, h.grid.n - months:].sum(axis=1)
    reads = h.reads[:, h.grid.n - months:].sum(axis=1)
    vendors = run.params.platform_vendor
    rows = []
    for i, (rec, reco) in enumerate(zip(run.records, run.recommendations, strict=True)):
        a, p = rec.account, rec.profile
        host = a.host_unit_name or a.host_unit_id
        rows.append(InventoryRow(
            name=a.name, certified_subject=host, host_unit=host,
            host_contact=p.host_contact,
            operator_unit=a.operator.name if a.operator is not None else host,
            operator_contact=p.operator_contact, operation_mode=a.operation_mode,
            funding_per_year=p.funding_per_year, fans=a.fans,
            reads=int(reads[i]) if h.has_reads else None,
            push_frequency=_push_frequency(int(posts[i]), months) if h.has_activity else "",
            opened_on=a.opened_on, operators_count=p.operators_count,
            has_dedicated_staff=p.has_dedicated_staff, status=a.status,
            functions=a.functions, platform=a.platform,
            platform_vendor=vendors.of(a.platform), measure=reco.measure,
        ))
    return rows


def inventory_form(run: CleanupRun, *, filing_unit: str, filled_by: str,
                   phone: str) -> InventoryForm:
    """The whole form with its header: 填表单位, 填报人, 联系电话, 统计时间 (= as_of)."""
    return InventoryForm(filing_unit=filing_unit, filled_by=filled_by, phone=phone,
                         cutoff=run.as_of, rows=tuple(inventory_rows(run)))


def _criteria_text(reco: Recommendation) -> str:
    return "；".join(f"{c.label_zh}（{c.cite}）" for c in reco.criteria)


def _mapped(codes: npt.NDArray[Any], mapping: Any) -> npt.NDArray[Any]:
    """``mapping(code)`` of every cell, computed once per distinct code."""
    values = np.asarray(codes, dtype=object).astype(str)
    uniq, inv = np.unique(values, return_inverse=True)
    return np.array([mapping(u) for u in uniq], dtype=object)[inv.ravel()] if len(uniq) \
        else np.empty(0, dtype=object)


def _col(t: pa.Table, name: str, fill: Any = "") -> npt.NDArray[Any]:
    return np.asarray(pc.fill_null(t.column(name), fill).to_numpy(zero_copy_only=False))


def inventory_table(run: CleanupRun) -> tuple[dict[str, Any], dict[str, str]]:
    """The form as columns (English names) and the Chinese headers to write them with, built
    on whole columns from the validated accounts (:attr:`CleanupRun.accounts`)."""
    t = run.accounts
    h = run.history
    months = min(12, h.grid.n)
    posts = h.posts[:, h.grid.n - months:].sum(axis=1)
    reads = h.reads[:, h.grid.n - months:].sum(axis=1)
    vendors = run.params.platform_vendor
    host_name, host_id = _col(t, "host_unit_name"), _col(t, "host_unit_id")
    host = np.where(host_name != "", host_name, host_id)
    operator = _col(t, "operator_name")
    if h.has_activity and months > 0:
        push = np.char.add(np.char.add("月均", np.char.mod("%.1f", posts / months)), "条")
    else:
        push = np.full(len(posts), "", dtype=object)
    recs = run.recommendations
    cols: dict[str, Any] = {
        "name": _col(t, "name"),
        "certified_subject": host,
        "host_unit": host,
        "host_contact": _col(t, "host_contact"),
        "operator_unit": np.where(operator != "", operator, host),
        "operator_contact": _col(t, "operator_contact"),
        "operation_mode": _mapped(_col(t, "operation_mode"), lambda c: OperationMode(c).zh),
        # a value not given stays a blank cell, never 0 or 无 (HN-A2; docs/assumptions.md)
        "funding_per_year": t.column("funding_per_year"),
        "fans": t.column("fans"),
        "reads": pa.array(reads.astype(np.int64), mask=np.full(len(reads), not h.has_reads)),
        "push_frequency": np.asarray(push, dtype=object),
        "opened_on": t.column("opened_on"),
        "operators_count": t.column("operators_count"),
        "has_dedicated_staff": pc.if_else(t.column("has_dedicated_staff"), "有", "无"),
        "status": _mapped(_col(t, "status"), lambda c: _STATUS_ZH[AccountStatus(c)]),
        "functions": _col(t, "functions_zh"),
        "platform": _mapped(_col(t, "platform"), lambda c: Platform(c).zh),
        "platform_vendor": _mapped(_col(t, "platform"), lambda c: vendors.of(Platform(c))),
        "measure": _mapped(np.array([r.measure.value for r in recs], dtype=object),
                           lambda c: Measure(c).zh),
        "account_id": _col(t, "account_id"),
        "county": np.asarray(h.accounts.county, dtype=object).astype(str),
        "criteria": [_criteria_text(r) for r in recs],
        "citations": [" ".join(r.citations) for r in recs],
        "steps": [" → ".join(s.event for s in r.lifecycle_events) for r in recs],
        "not_evaluated": ["；".join(f"{n.code}（{n.cite}）: {n.reason}" for n in r.not_evaluated)
                          for r in recs],
    }
    headers = {**InventoryRow.chinese_headers(), **EXTRA_HEADERS}
    return cols, headers


def summary_by_county(run: CleanupRun, regions: RegionIndex | None = None
                      ) -> dict[str, list[Any]]:
    """Per county: accounts and how many get each measure."""
    counties = [str(c) for c in run.history.accounts.county]
    by: dict[str, Counter[str]] = {}
    for county, reco in zip(counties, run.recommendations, strict=True):
        by.setdefault(county, Counter())[reco.measure.value] += 1
    cols: dict[str, list[Any]] = {k: [] for k in SUMMARY_HEADERS}
    for county in sorted(by):
        c = by[county]
        cols["county"].append(county)
        name = regions[county].name if regions is not None and county in regions else ""
        cols["county_name"].append(name)
        cols["accounts"].append(sum(c.values()))
        for m in Measure:
            cols[m.value].append(c.get(m.value, 0))
    return cols


def _details(run: CleanupRun) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") | {"citations": list(r.citations)}
            for r in run.recommendations]


def write_inventory(run: CleanupRun, output: str | Path, *,
                    regions: RegionIndex | None = None, form: InventoryForm | None = None,
                    outputs: OutputSet | None = None) -> list[Path]:
    """Write the form (and its summary beside it); returns the files written.

    ``.xlsx``: one workbook with the form (header block and rows), the summary per county and
    the grounds of each measure. Otherwise the form as CSV/JSON lines/Parquet with the Chinese
    headers, plus ``NAME.summary.csv`` and ``NAME.details.jsonl``. With ``outputs`` the files
    join that :class:`~zwxmt.table.OutputSet` (they appear with the run's other outputs, or
    not at all); without, they are written as a set of their own.
    """
    if outputs is None:
        with OutputSet() as own:
            return write_inventory(run, output, regions=regions, form=form, outputs=own)
    out = Path(output)
    cols, headers = inventory_table(run)
    summary = summary_by_county(run, regions)
    if out.suffix.lower() == ".xlsx":
        _write_xlsx(outputs.stage(out), run, cols, headers, summary, form)
        return [out]
    outputs.write(out, _with_headers(cols, headers))
    stem = out.name.split(".")[0]
    summary_path = out.with_name(f"{stem}.summary.csv")
    outputs.write(summary_path, _with_headers(summary, SUMMARY_HEADERS))
    details_path = out.with_name(f"{stem}.details.jsonl")
    with outputs.stage(details_path).open("w", encoding="utf-8") as fh:
        for item in _details(run):
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return [out, summary_path, details_path]


def _with_headers(cols: Mapping[str, Any], headers: Mapping[str, str]) -> pa.Table:
    """Columns as an Arrow table under their Chinese headers (the form's)."""
    return pa.table({headers.get(k, k): v if isinstance(v, pa.ChunkedArray | pa.Array)
                     else pa.array(np.asarray(v) if isinstance(v, np.ndarray) else list(v))
                     for k, v in cols.items()})


def _write_xlsx(out: Path, run: CleanupRun, cols: Mapping[str, Sequence[Any]],
                headers: Mapping[str, str], summary: Mapping[str, Sequence[Any]],
                form: InventoryForm | None) -> None:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise InputError("XLSX needs the optional extra: pip install 'zwxmt[xlsx]'") from None
    wb = Workbook()
    ws = wb.active
    ws.title = "排查及清理整合情况表"
    ws.append(["政务新媒体排查及清理整合情况表"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([
        f"填表单位（盖章）：{form.filing_unit if form else ''}",
        f"填报人：{form.filled_by if form else ''}",
        f"联系电话：{form.phone if form else ''}",
        f"统计时间：截至{run.as_of.isoformat()}",
    ])
    cols = {k: v.to_pylist() if isinstance(v, pa.ChunkedArray | pa.Array) else list(v)
            for k, v in cols.items()}
    names = list(cols)
    ws.append([headers.get(n, n) for n in names])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    n = len(next(iter(cols.values()))) if cols else 0
    for i in range(n):
        ws.append([cols[k][i] for k in names])
    ss = wb.create_sheet("汇总")
    ss.append([SUMMARY_HEADERS[k] for k in summary])
    for i in range(len(summary["county"])):
        ss.append([summary[k][i] for k in summary])
    ds = wb.create_sheet("依据")
    ds.append(["账号编码", "整改措施", "情形", "依据条款", "证据"])
    for reco in run.recommendations:
        for c in reco.criteria:
            ds.append([reco.account_id, reco.measure.zh, c.label_zh, c.cite,
                       json.dumps(c.evidence, ensure_ascii=False)])
    with out.open("wb") as fh:
        wb.save(fh)

