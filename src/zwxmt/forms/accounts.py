"""Forms as the accounts input (表单作为账号清单): an HN-A2 inventory or a set of HN-A1
records becomes the accounts table that ``zwxmt cleanup`` and ``zwxmt assess`` read.

Two meanings of 账号ID are kept apart: the forms' 账号ID is the platform's own id
(``platform_uid`` here; ``platform_account_id`` in HN-A1 records), while zwxmt's key that
joins its tables is ``account_id`` (账号编码). A form written by zwxmt carries the key, the
region and the level on its zwxmt sheet; a form filled by an office does not, so:

- ``account_id`` is derived as ``<platform>-<名称>`` (stable across runs of the same form);
- ``region_code``, ``county_code``, ``level`` and ``kind`` come from the arguments (the
  command's ``--region-code``/``--level``); a record still without one is refused by the
  accounts input's own checks (``missing_value``), the message naming the form's sheet and
  row and how to give it;
- the platform is the row's category group (HN-A2 note 1) or the 发布平台（系统） text
  (HN-A1), read with zwxmt's platform vocabulary (微视, 一点资讯 → other; 小程序 → wechat).

The result is columns named as the accounts input's (:data:`ACCOUNT_COLUMNS`), plus the
cells the form reader refused. :func:`read_form_accounts` gives them as a
:class:`~zwxmt.table.RawTable` (rows numbered as the sheet numbers them) with those refusals
as :class:`~zwxmt.table.Failures` (check ``form_value``), which
:func:`zwxmt.cleanup.inputs.read_accounts` validates with :data:`~zwxmt.cleanup.inputs.ACCOUNTS`
like any other tabular source: one failure-cases table, read = used + rejected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.errors import InputError
from zwxmt.forms.sheet import CellReject
from zwxmt.models.enums import Platform
from zwxmt.table import Counts, Failures, RawTable

__all__ = ["ACCOUNT_COLUMNS", "FORM_SUFFIXES", "AccountsForm", "FormAccounts",
           "forms_to_accounts", "is_form_file", "read_form_accounts"]

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
    or HN-A1 workbook, and the cells the form reader refused (their records left out whole).
    Whether each record holds what the accounts input needs is the accounts input's check
    (:func:`zwxmt.cleanup.inputs.read_accounts`)."""
    got = _convert(path, _read(path), {"region_code": region_code, "county_code": county_code,
                                       "level": level, "kind": kind})
    return got.columns, got.rejects


@dataclass(frozen=True)
class _Converted:
    columns: dict[str, list[Any]]
    rows: list[int]  # the sheet row of each record (HN-A1: its sheet's position + 2)
    labels: list[str]  # "sheet!row" or "sheet" of each record, for the messages
    rejects: list[CellReject]
    refused: int  # records the form reader refused


def _read(path: str | Path) -> Any:
    from zwxmt.forms.book import read_form

    return read_form(path)


def _convert(path: str | Path, read: Any, defaults: Mapping[str, str | None]) -> _Converted:
    if read.form not in ("hn-a2", "hn-a1"):
        raise InputError(f"{path}: a {read.form} form is not an accounts input "
                         "(give an HN-A2 inventory or HN-A1 records)")
    convert = _a2_row if read.form == "hn-a2" else _a1_row
    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    labels: list[str] = []
    sheets: dict[str, int] = {}
    for rec, source in zip(read.records, read.sources, strict=True):
        row = {"name": rec.get("name"), **convert(rec)}
        for key, default in defaults.items():
            row[key] = rec.get(key) or default
        row["account_id"] = rec.get("account_id") or (
            f"{row['platform']}-{row['name']}" if row["platform"] and row["name"] else None)
        rows.append(row)
        sheet, _, where = source.partition("!")
        number = int(where) if where.isdigit() and int(where) > 0 else 0
        if not number:  # one record per sheet (HN-A1): the sheet's position
            number = sheets.setdefault(sheet, len(sheets) + 2)
        numbers.append(number)
        labels.append(f"sheet {sheet} row {number}" if where.isdigit() and int(where) > 0
                      else f"sheet {sheet}")
    return _Converted({c: [r.get(c) for r in rows] for c in ACCOUNT_COLUMNS}, numbers, labels,
                      list(read.rejects), read.rejected)


#: What a form filled by an office may lack, and how to give it (appended to the message of
#: the accounts input's ``missing_value``).
NEEDED: Mapping[str, str] = {
    "name": "the account's 名称",
    "platform": "group the rows under 微博/微信/… (HN-A2 note 1), fill 发布平台（系统） "
                "(HN-A1) or keep zwxmt's sheet",
    "account_id": "名称 and the platform (the key is <platform>-<名称>) or zwxmt's sheet",
    "level": "give --level (county, township, …) or keep zwxmt's sheet",
    "region_code": "give --region-code or keep zwxmt's sheet",
    "opened_on": "开通时间 (HN-A2) or 正式运营时间/创建注册日期 (HN-A1)",
}


@dataclass(frozen=True)
class AccountsForm:
    """An accounts form (HN-A2 inventory, HN-A1 records) with what an office's form does not
    hold (``--region-code``, ``--county-code``, ``--level``, ``--kind``): pass it wherever the
    accounts input is taken (:func:`zwxmt.cleanup.run_cleanup`, the main job)."""

    path: Path
    defaults: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class FormAccounts:
    """An accounts form read: the accounts input's columns as a raw table (rows numbered as
    the sheet numbers them), the cells the form reader refused, and how to label a row."""

    raw: RawTable
    failures: Failures
    refused: int
    labels: dict[int, str]

    def finish(self, failures: Failures, counts: Counts) -> tuple[Failures, Counts]:
        """The accounts reader's failures and counts with the form's: each message names the
        form's sheet and row, and a missing value says how to give it."""
        t = failures.table
        if t.num_rows:
            rows = np.asarray(t.column("row").to_numpy(zero_copy_only=False), dtype=np.int64)
            where = pa.array([self.labels.get(int(r), "") for r in np.unique(rows)])
            at = np.searchsorted(np.unique(rows), rows)
            label = where.take(pa.array(at))
            column = t.column("column").combine_chunks()
            hint = pa.array([NEEDED.get(str(c), "") for c in column.to_pylist()], pa.string())
            missing = pc.equal(t.column("check"), "missing_value")
            hint = pc.if_else(pc.and_(missing, pc.not_equal(hint, "")),
                              pc.binary_join_element_wise("; ", hint, ""), "")
            message = pc.binary_join_element_wise(label, ": ", t.column("message"), "")
            message = pc.binary_join_element_wise(message, hint, "")
            t = t.set_column(t.schema.get_field_index("message"), "message", message)
            failures = Failures(t)
        return (Failures.concat([self.failures, failures]),
                Counts(read=counts.read + self.refused, used=counts.used,
                       rejected=counts.rejected + self.refused))


def is_form_file(path: Any) -> bool:
    """Whether ``path`` names a spreadsheet (it is then looked at as a form first)."""
    return isinstance(path, (str, Path)) and str(path).lower().endswith(FORM_SUFFIXES)


def read_form_accounts(source: Any) -> FormAccounts | None:
    """The accounts input of a form: ``source`` an :class:`AccountsForm` or the path of a
    spreadsheet holding an HN-A2 inventory or HN-A1 records (a :class:`FormAccounts`
    already read is returned as it is); None for anything else (a table, a plain
    spreadsheet table), which the accounts reader reads as it is."""
    if isinstance(source, FormAccounts):
        return source
    if isinstance(source, AccountsForm):
        path, defaults = source.path, source.defaults
    elif is_form_file(source) and Path(source).is_file():
        path, defaults = Path(source), {}
    else:
        return None
    try:
        import python_calamine  # noqa: F401
    except ImportError:  # without the forms' reader a spreadsheet is read as a plain table
        if isinstance(source, AccountsForm):
            raise InputError("an accounts form needs the optional extra: "
                             "pip install 'zwxmt[xlsx]'") from None
        return None
    from zwxmt.forms.book import detect_form, read_form
    from zwxmt.forms.xlsx import read_grids

    if detect_form(read_grids(path)) not in ("hn-a2", "hn-a1"):
        if isinstance(source, AccountsForm):
            raise InputError(f"{path}: not an accounts form (give an HN-A2 inventory or HN-A1 "
                             "records; a plain table needs no form options)")
        return None
    full = {k: defaults.get(k) for k in ("region_code", "county_code", "level", "kind")}
    got = _convert(path, read_form(path), full)
    table = pa.table({c: pa.array([None if v is None else str(v) for v in got.columns[c]],
                                  pa.string()) for c in ACCOUNT_COLUMNS})
    raw = RawTable(table, np.asarray(got.rows, dtype=np.int64), path.name)
    return FormAccounts(raw, _form_failures(path.name, got.rejects), got.refused,
                        dict(zip(got.rows, got.labels, strict=True)))


_ROW = re.compile(r"\d+$")


def _form_failures(file: str, rejects: Sequence[CellReject]) -> Failures:
    """The form reader's refused cells as failure records (check ``form_value``); the row is
    the cell's (0 for a one-record sheet), the message names sheet, cell and what is allowed."""
    if not rejects:
        return Failures.empty()
    rows = [int(m.group()) if (m := _ROW.search(r.cell)) else 0 for r in rejects]
    return Failures(pa.table({
        "file": pa.array([file] * len(rejects), pa.string()),
        "row": pa.array(rows, pa.int64()),
        "column": pa.array([r.field for r in rejects], pa.string()),
        "value": pa.array([r.value[:200] for r in rejects], pa.string()),
        "check": pa.array(["form_value"] * len(rejects), pa.string()),
        "message": pa.array([f"{r.sheet}!{r.cell} {r.field}: {r.reason}"
                             + (f"; allowed: {r.allowed}" if r.allowed else "")
                             for r in rejects], pa.string()),
    }))
