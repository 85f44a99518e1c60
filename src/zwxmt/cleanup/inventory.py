"""The inventory form 政务新媒体排查及清理整合情况表 (``HN-A2``) and its summary per county.

One :class:`~zwxmt.models.InventoryRow` per account, its 整改措施 column (``HN-A2(8)``) filled from
the recommendation; beside the form's own columns the written table adds the account code,
the county, the criteria met and their clauses, so a reader can check each measure. The
summary counts, per county, the accounts kept, changed, shut down, deregistered, merged and to
rectify. Written as CSV (or JSON lines/Parquet) with the form's Chinese headers, or, with
the optional ``xlsx`` extra, as the printed form (:mod:`zwxmt.forms.hn_a2`: grouped by
platform category, printed options only, a value not given a blank cell, zwxmt's fields on a
second sheet, the same bytes for the same run).
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
from zwxmt.models import AccountStatus, InventoryForm, InventoryRow, Measure
from zwxmt.provenance import write_provenance
from zwxmt.regions import RegionIndex
from zwxmt.rules import cite
from zwxmt.table import OutputSet
from zwxmt.vocabulary import OperationMode, Platform

__all__ = [
    "EXTRA_HEADERS",
    "SUMMARY_HEADERS",
    "inventory_form",
    "inventory_records",
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
    "account_status": "运行状态（登记）",
    "vendor_detail": "平台运营方",
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

#: 运营状态 as the form prints it (``HN-A2(5)``: 正常运营/停止运营): an account deregistered or
#: shut down is not operating; the registry's own status is in the column 运行状态（登记）.
_STATUS_ZH = {AccountStatus.NORMAL: "正常运营", AccountStatus.SUSPENDED: "停止运营",
              AccountStatus.DEREGISTERED: "停止运营", AccountStatus.SHUT_DOWN: "停止运营"}


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
            name=a.name, certified_subject=host if a.certified else "", host_unit=host,
            host_contact=p.host_contact,
            operator_unit=a.operator.name if a.operator is not None else host,
            operator_contact=p.operator_contact, operation_mode=a.operation_mode,
            funding_per_year=p.funding_per_year, fans=a.fans,
            reads=int(reads[i]) if h.has_reads else None,
            push_frequency=_push_frequency(int(posts[i]), months) if h.has_activity else "",
            opened_on=a.opened_on, operators_count=p.operators_count,
            has_dedicated_staff=p.has_dedicated_staff, status=a.status,
            functions=a.functions, platform=a.platform,
            platform_vendor=vendors.of(a.platform) if vendors else "", measure=reco.measure,
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
        # 认证主体: the host unit of a certified account, blank otherwise (docs/assumptions.md)
        "certified_subject": np.where(_col(t, "certified", True).astype(bool), host, ""),
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
        # HN-A2(7); blank where the rulebook names no vendors
        "platform_vendor": _mapped(_col(t, "platform"),
                                   lambda c: _printed_vendor(vendors.of(Platform(c)))
                                   if vendors else ""),
        "measure": _mapped(np.array([r.measure.value for r in recs], dtype=object),
                           lambda c: Measure(c).zh),
        "account_id": _col(t, "account_id"),
        "county": np.asarray(h.accounts.county, dtype=object).astype(str),
        "criteria": [_criteria_text(r) for r in recs],
        "citations": [" ".join(r.citations) for r in recs],
        "steps": [" → ".join(s.event for s in r.lifecycle_events) for r in recs],
        "not_evaluated": ["；".join(f"{n.code}（{n.cite}）: {n.reason}" for n in r.not_evaluated)
                          for r in recs],
        "account_status": _col(t, "status"),
        "vendor_detail": _mapped(_col(t, "platform"),
                                 lambda c: vendors.of(Platform(c)) if vendors else ""),
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
                    outputs: OutputSet | None = None, mask_contacts: bool = False,
                    ) -> list[Path]:
    """Write the form (and its summary beside it); returns the files written.

    ``.xlsx``: one workbook with the form as printed (:mod:`zwxmt.forms.hn_a2`), zwxmt's sheet
    (account key, region, grounds), the summary per county and the grounds of each measure
    (the ``xlsx`` extra). Otherwise the form as CSV/JSON lines/Parquet with the Chinese
    headers, plus ``NAME.summary.csv`` and ``NAME.details.jsonl``. With ``outputs`` the files
    join that :class:`~zwxmt.table.OutputSet` (they appear with the run's other outputs, or
    not at all); without, they are written as a set of their own. ``mask_contacts`` masks
    the phone numbers (138****5678).
    """
    if outputs is None:
        with OutputSet() as own:
            return write_inventory(run, output, regions=regions, form=form, outputs=own,
                                   mask_contacts=mask_contacts)
    out = Path(output)
    summary = summary_by_county(run, regions)
    if out.suffix.lower() == ".xlsx":
        _write_xlsx(outputs.stage(out), run, regions, summary, form, mask_contacts)
        return [out, write_provenance(out, run.stamp, as_of=run.as_of, files=[out],
                                      command="cleanup", outputs=outputs)]
    cols, headers = inventory_table(run)
    if mask_contacts:
        for key in ("host_contact", "operator_contact"):
            cols[key] = _mask_contact_text(cols[key])
    outputs.write(out, _with_headers(cols, headers))
    stem = out.name.split(".")[0]
    summary_path = out.with_name(f"{stem}.summary.csv")
    outputs.write(summary_path, _with_headers(summary, SUMMARY_HEADERS))
    details_path = out.with_name(f"{stem}.details.jsonl")
    with outputs.stage(details_path).open("w", encoding="utf-8") as fh:
        for item in _details(run):
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    files = [out, summary_path, details_path]
    return [*files, write_provenance(out, run.stamp, as_of=run.as_of, files=files,
                                     command="cleanup", outputs=outputs)]


def _with_headers(cols: Mapping[str, Any], headers: Mapping[str, str]) -> pa.Table:
    """Columns as an Arrow table under their Chinese headers (the form's)."""
    return pa.table({headers.get(k, k): v if isinstance(v, pa.ChunkedArray | pa.Array)
                     else pa.array(np.asarray(v) if isinstance(v, np.ndarray) else list(v))
                     for k, v in cols.items()})


def _mask_contact_text(values: Any) -> npt.NDArray[Any]:
    """"办公室主任 0570-7063314" → "办公室主任 0570-***3314", computed once per distinct text."""
    from zwxmt.forms.composite import split_phone
    from zwxmt.forms.contacts import mask

    def one(v: str) -> str:
        rest, phone = split_phone(v) if v else ("", None)
        return v if phone is None else " ".join(x for x in (rest, mask(phone, "phone")) if x)

    return _mapped(np.asarray(values, dtype=object), one)


#: The platform category rows of the form (``HN-A2(1)``) by zwxmt platform.
_CATEGORY = {Platform.WECHAT: "微信", Platform.WEIBO: "微博", Platform.TOUTIAO: "今日头条",
             Platform.DOUYIN: "抖音", Platform.APP: "移动客户端（APP）", Platform.OTHER: "其他"}
_VENDORS = ("新浪", "腾讯", "人民网", "其他")  # HN-A2(7)


def _printed_vendor(vendor: str) -> str | None:
    """平台类型 within the printed options (``HN-A2(7)``): 其他（字节跳动） is 其他."""
    if vendor in _VENDORS:
        return vendor
    return "其他" if vendor.startswith("其他") else None


def _unit_contact(text: str) -> tuple[str | None, str | None]:
    """"办公室主任 0570-7063314" as (person, phone); a text without a valid phone stays
    whole as the person."""
    from zwxmt.forms.composite import split_phone
    from zwxmt.forms.contacts import parse_phone

    if not text:
        return None, None
    person, phone = split_phone(text)
    if phone is None:
        return text, None
    try:
        return person or None, parse_phone(phone)
    except ValueError:
        return text, None


def _num(value: float | int | None) -> str | None:
    return None if value is None else str(value)


def inventory_records(run: CleanupRun, form: InventoryForm | None = None,
                      regions: RegionIndex | None = None) -> list[dict[str, Any]]:
    """The HN-A2 records of the run (one per account, the form's header on each) with
    zwxmt's fields (account key, region, grounds) for the form's second sheet.

    Values outside the printed options are mapped onto them: 运营状态 正常运营 for a normal
    account and 停止运营 otherwise (the registry's status goes to the second sheet);
    平台类型 其他 for a vendor the form does not print (其他（字节跳动）, kept beside)."""
    counties = {str(c) for c in run.history.accounts.county}
    region_name = None
    if regions is not None and len(counties) == 1 and next(iter(counties)) in regions:
        region_name = regions[next(iter(counties))].name
    header = {"region_name": region_name,
              "filing_unit": form.filing_unit if form else None,
              "filled_by": form.filled_by if form else None,
              "phone": form.phone if form else None, "cutoff": run.as_of}
    out = []
    for row, rec, reco in zip(inventory_rows(run), run.records, run.recommendations,
                              strict=True):
        a, p = rec.account, rec.profile
        host_head, host_phone = _unit_contact(p.host_contact)
        op_contact, op_phone = _unit_contact(p.operator_contact)
        vendor = row.platform_vendor
        printed_vendor = _printed_vendor(vendor)
        out.append({
            **header,
            "category": _CATEGORY[a.platform], "name": row.name,
            "certified_subject": row.certified_subject or None,
            "host_unit": row.host_unit, "host_head": host_head, "host_phone": host_phone,
            "operator_unit": row.operator_unit, "operator_contact": op_contact,
            "operator_phone": op_phone, "operation_mode": row.operation_mode.zh,
            "funding_per_year": row.funding_per_year, "fans": row.fans, "reads": row.reads,
            "push_frequency": row.push_frequency or None, "opened_on": row.opened_on,
            "has_dedicated_staff": p.has_dedicated_staff,
            "operators_count": p.operators_count,
            "status": "正常运营" if a.status is AccountStatus.NORMAL else "停止运营",
            "functions": tuple(f.zh for f in row.functions),
            "platform_vendor": printed_vendor, "measure": row.measure.zh,
            "account_id": a.account_id, "platform_uid": a.platform_uid or None,
            "zwxmt_platform": a.platform.value, "level": a.level.value, "kind": a.kind.value,
            "host_unit_id": a.host_unit_id, "supervisor_unit_id": a.supervisor_unit_id or None,
            "region_code": a.region_code, "county_code": a.county_code,
            "account_status": a.status.value,
            "operator_kind": a.operator.kind.value if a.operator is not None else None,
            "vendor_detail": vendor or None,
            "committed_fans": _num(p.commit_fans),
            "committed_posts_per_month": _num(p.commit_posts_per_month),
            "committed_average_reads": _num(p.commit_average_reads),
            "criteria": _criteria_text(reco) or None,
            "citations": " ".join(reco.citations) or None,
            "evidence": json.dumps([c.evidence for c in reco.criteria], ensure_ascii=False,
                                   sort_keys=True) if reco.criteria else None,
            "steps": " → ".join(s.event for s in reco.lifecycle_events) or None,
            "not_evaluated": "；".join(f"{n.code}（{n.cite}）: {n.reason}"
                                      for n in reco.not_evaluated) or None,
        })
    return out


def _write_xlsx(out: Path, run: CleanupRun, regions: RegionIndex | None,
                summary: Mapping[str, Sequence[Any]], form: InventoryForm | None,
                mask_contacts: bool = False) -> None:
    """The form as printed (``HN-A2``), zwxmt's sheet, the summary and the grounds; the same
    run writes the same bytes."""
    from zwxmt.forms.book import write_form

    grounds = [[reco.account_id, reco.measure.zh, c.label_zh, c.cite,
                json.dumps(c.evidence, ensure_ascii=False, sort_keys=True)]
               for reco in run.recommendations for c in reco.criteria]
    write_form("hn-a2", inventory_records(run, form, regions), out,
               mask_contacts=mask_contacts, extra_sheets=(
        ("汇总", [SUMMARY_HEADERS[k] for k in summary],
         [[summary[k][i] for k in summary] for i in range(len(summary["county"]))]),
        ("依据", ["账号编码", "整改措施", "情形", "依据条款", "证据"], grounds),
    ))
