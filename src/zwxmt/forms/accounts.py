"""Forms as the accounts input (表单作为账号清单): an HN-A2 inventory or a set of HN-A1
records becomes the accounts table that ``zwxmt cleanup`` and ``zwxmt assess`` read.

Two meanings of 账号ID are kept apart: the forms' 账号ID is the platform's own id
(``platform_uid`` here; ``platform_account_id`` in HN-A1 records), while zwxmt's key that
joins its tables is ``account_id`` (账号编码). A form written by zwxmt carries the key, the
region and the level on its zwxmt sheet; a form filled by an office does not, so:

- ``account_id`` is derived as ``<platform>-<名称>`` (stable across runs of the same form);
- ``region_code``, ``county_code``, ``level`` and ``kind`` come from the arguments (the
  command's ``--region-code``/``--level``) or the row is rejected naming what is missing;
- the platform is the row's category group (HN-A2 note 1) or the 发布平台（系统） text
  (HN-A1), read with zwxmt's platform vocabulary (微视, 一点资讯 → other; 小程序 → wechat).

The result is columns named as the accounts input's (:data:`ACCOUNT_COLUMNS`), plus the
rejects; :func:`accounts_rows` gives them as header and rows for today's readers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from zwxmt.errors import InputError
from zwxmt.forms.sheet import CellReject
from zwxmt.io import Reject
from zwxmt.models.enums import Platform

__all__ = ["ACCOUNT_COLUMNS", "FORM_SOURCE", "FORM_SUFFIXES", "accounts_rows",
           "forms_to_accounts", "is_form_file", "read_accounts_input"]

#: The accounts input's columns that a form fills (the registry, then the profile).
ACCOUNT_COLUMNS: tuple[str, ...] = (
    "account_id", "name", "platform", "platform_uid", "kind", "level", "host_unit_id",
    "host_unit_name", "supervisor_unit_id", "region_code", "county_code", "opened_on",
    "certified", "status", "operation_mode", "operator_name", "operator_kind", "fans",
    "functions", "host_contact", "operator_contact", "funding_per_year", "operators_count",
    "has_dedicated_staff", "commit_fans", "commit_posts_per_month", "commit_average_reads",
)

#: Spreadsheet files: the accounts reader takes them as forms.
FORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

_A2_STATUS = {"正常运营": "normal", "停止运营": "suspended"}
_A1_STATUS = {"正常": "normal", "暂停": "suspended", "注销": "deregistered", "关停": "shut_down"}
_MODE = {"自营": "self_operated", "购买服务": "purchased_service"}


def is_form_file(path: str | Path) -> bool:
    """Whether the accounts reader should read ``path`` as a form (a spreadsheet)."""
    return str(path).lower().endswith(FORM_SUFFIXES)


def platform_code(text: str | None) -> str | None:
    """zwxmt's platform code for a category or 发布平台 text; None when not given."""
    if not text:
        return None
    try:
        return Platform(text).value
    except ValueError:
        pass
    if "小程序" in text or "微信" in text or "公众号" in text:
        return Platform.WECHAT.value
    if "微博" in text:
        return Platform.WEIBO.value
    if "头条" in text:
        return Platform.TOUTIAO.value
    if "抖音" in text:
        return Platform.DOUYIN.value
    if "客户端" in text or "APP" in text.upper():
        return Platform.APP.value
    return Platform.OTHER.value  # 微视, 一点资讯, …: platforms zwxmt does not score apart


def _contact(person: Any, phone: Any) -> str | None:
    text = " ".join(str(x) for x in (person, phone) if x)
    return text or None


def _a2_row(rec: Mapping[str, Any]) -> dict[str, Any]:
    mode = _MODE.get(rec.get("operation_mode") or "")
    host = rec.get("host_unit")
    operator = rec.get("operator_unit")
    entrusted = mode == "purchased_service" or (operator and operator != host)
    return {
        "platform": rec.get("zwxmt_platform") or platform_code(rec.get("category")),
        "platform_uid": rec.get("platform_uid"),
        "host_unit_id": rec.get("host_unit_id") or host,
        "host_unit_name": host,
        "supervisor_unit_id": rec.get("supervisor_unit_id"),
        "opened_on": rec.get("opened_on"),
        "certified": True if rec.get("certified_subject") else None,
        "status": rec.get("account_status") or _A2_STATUS.get(rec.get("status") or ""),
        "operation_mode": mode,
        "operator_name": operator if entrusted else None,
        "operator_kind": (rec.get("operator_kind") or "other") if entrusted and operator
        else None,
        "fans": rec.get("fans"),
        "functions": "、".join(rec.get("functions") or ()) or None,
        "host_contact": _contact(rec.get("host_head"), rec.get("host_phone")),
        "operator_contact": _contact(rec.get("operator_contact"), rec.get("operator_phone")),
        "funding_per_year": rec.get("funding_per_year"),
        "operators_count": rec.get("operators_count"),
        "has_dedicated_staff": rec.get("has_dedicated_staff"),
        **{k: rec.get(f"committed_{k[7:]}") for k in (
            "commit_fans", "commit_posts_per_month", "commit_average_reads")},
    }


def _a1_row(rec: Mapping[str, Any]) -> dict[str, Any]:
    host = rec.get("host_unit")
    operator = rec.get("operator_unit")
    entrusted = bool(operator) and operator != host
    return {
        "name": rec.get("account_name"),
        "platform": rec.get("zwxmt_platform") or platform_code(rec.get("platform")),
        "platform_uid": rec.get("platform_account_id") or rec.get("platform_uid"),
        "host_unit_id": rec.get("host_unit_id") or host,
        "host_unit_name": host,
        "supervisor_unit_id": rec.get("supervisor_unit_id") or rec.get("supervisor_unit"),
        "opened_on": rec.get("operating_since") or rec.get("registered_on"),
        "certified": rec.get("certified"),
        "status": rec.get("account_status") or _A1_STATUS.get(rec.get("status") or ""),
        "operation_mode": "purchased_service" if entrusted else "self_operated",
        "operator_name": operator if entrusted else None,
        "operator_kind": (rec.get("operator_kind") or "other") if entrusted else None,
        "fans": rec.get("fans"),
        "host_contact": _contact(rec.get("host_leader"), rec.get("host_phone")),
        "operator_contact": _contact(rec.get("operator_leader"), rec.get("operator_phone")),
    }


def forms_to_accounts(path: str | Path, *, region_code: str | None = None,
                      county_code: str | None = None, level: str | None = None,
                      kind: str | None = None,
                      ) -> tuple[dict[str, list[Any]], list[CellReject]]:
    """The accounts table (:data:`ACCOUNT_COLUMNS`, None for a value not given) of an HN-A2
    or HN-A1 workbook, and the rejects: refused cells, and records that lack what the
    accounts input needs (a platform, a region, a level, an opening date)."""
    cols, rejects, _ = _convert(path, {"region_code": region_code, "county_code": county_code,
                                       "level": level, "kind": kind})
    return cols, rejects


def _convert(path: str | Path, defaults: Mapping[str, str | None],
             ) -> tuple[dict[str, list[Any]], list[CellReject], int]:
    from zwxmt.forms.book import read_form

    read = read_form(path)
    if read.form not in ("hn-a2", "hn-a1"):
        raise InputError(f"{path}: a {read.form} form is not an accounts input "
                         "(give an HN-A2 inventory or HN-A1 records)")
    convert = _a2_row if read.form == "hn-a2" else _a1_row
    rows: list[dict[str, Any]] = []
    rejects = list(read.rejects)
    for rec, source in zip(read.records, read.sources, strict=True):
        row = {"name": rec.get("name"), **convert(rec)}
        for key, default in defaults.items():
            row[key] = rec.get(key) or default
        row["account_id"] = rec.get("account_id") or (
            f"{row['platform']}-{row['name']}" if row["platform"] and row["name"] else None)
        missing = [k for k in _NEEDED if not row.get(k)]
        if missing:
            sheet, _, where = source.partition("!")
            rejects += [CellReject(sheet, f"row {where}" if where else "sheet", k, "",
                                   f"the accounts input needs {k}: {_NEEDED[k]}")
                        for k in missing]
            continue
        rows.append(row)
    total = len(read.records) + read.rejected
    return {c: [r.get(c) for r in rows] for c in ACCOUNT_COLUMNS}, rejects, total


_NEEDED: Mapping[str, str] = {
    "name": "the account's 名称",
    "platform": "the platform: group the rows under 微博/微信/… (HN-A2 note 1), fill "
                "发布平台（系统） (HN-A1) or keep zwxmt's sheet",
    "level": "the administrative level: give --level (county, township, …) or keep zwxmt's sheet",
    "region_code": "the region: give --region-code or keep zwxmt's sheet",
    "opened_on": "开通时间 (HN-A2) or 正式运营时间/创建注册日期 (HN-A1)",
}


def as_rejects(rejects: Sequence[CellReject]) -> list[Reject]:
    """Form rejects as the batch rejects of :mod:`zwxmt.io` (row 0: a form has no data row
    number of its own; the field says sheet, cell and field)."""
    return [Reject(0, f"{r.sheet}!{r.cell} {r.field}", r.reason +
                   (f"; allowed: {r.allowed}" if r.allowed else ""), r.value) for r in rejects]


def accounts_rows(path: str | Path, **defaults: str | None,
                  ) -> tuple[tuple[list[str], list[list[Any]]], list[Reject], int]:
    """:func:`forms_to_accounts` as header and rows (what today's accounts reader takes),
    the rejects, and how many records the form held (accepted + refused)."""
    full = {k: defaults.get(k) for k in ("region_code", "county_code", "level", "kind")}
    cols, rejects, total = _convert(path, full)
    header = list(ACCOUNT_COLUMNS)
    rows = [list(r) for r in zip(*(cols[c] for c in header), strict=True)]
    return (header, rows), as_rejects(rejects), total


#: The source name of a form's own rejects (cells refused, records lacking what the accounts
#: input needs), beside the accounts reader's "accounts".
FORM_SOURCE = "accounts_form"


def read_accounts_input(path: str | Path, **form_defaults: str | None,
                        ) -> tuple[tuple[list[str], list[list[Any]]], list[Reject],
                                   int | None]:
    """The accounts input as header and rows, whatever the file: a table (CSV, JSON lines,
    Parquet) or a form (HN-A2, HN-A1 workbooks, by :func:`forms_to_accounts`). Returns also
    the form's rejects and how many records the form held (None for a table)."""
    if is_form_file(path):
        return accounts_rows(path, **form_defaults)
    from zwxmt.io import read_optional_table

    table = read_optional_table(path)
    assert table is not None  # a path was given
    return (list(table[0]), [list(r) for r in table[1]]), [], None

