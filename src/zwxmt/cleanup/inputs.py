"""Reading the cleanup inputs: accounts (with their profile), events, scores, averages.

Every reader returns the accepted data and a list of :class:`~zwxmt.io.Reject` naming row,
field and expectation, so that a batch writes every input row either to the output or to a
rejects file (house rule 4). Accounts are validated as :class:`~zwxmt.models.Account` (the
registry, ``HN-A1``) plus an :class:`AccountProfile` holding what the inventory form
(``HN-A2``) and the one-year commitment (``ZJG-6.1.1-T1``) need beyond it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from zwxmt.activity.compute import NO_DAY, MonthGrid, day_number
from zwxmt.cleanup.history import EVENT_KINDS, AccountTable, Events
from zwxmt.io import ColumnSpec, Reject, coerce_columns, reject_rows, resolve_header
from zwxmt.models import Account, Count, Money, ZwxmtModel, zh_field
from zwxmt.regions import RegionIndex

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_LABELS",
    "SCORE_COLUMNS",
    "AccountProfile",
    "AccountRecord",
    "Scores",
    "account_table",
    "read_accounts",
    "read_averages",
    "read_events",
    "read_scores",
    "scores_from_columns",
]


class AccountProfile(ZwxmtModel):
    """What the inventory form and the commitment check need beyond the account registry."""

    host_contact: str = zh_field("主办单位负责人及联系电话", default="")
    operator_contact: str = zh_field("运营单位联系人及联系电话", default="")
    funding_per_year: Money | None = zh_field("经费保障（元/年）", default=None)
    operators_count: Count | None = zh_field("运营人数", default=None, description="HN-A2(4)")
    has_dedicated_staff: bool | None = zh_field("有无专人运营", default=None)
    commit_fans: Count | None = zh_field("承诺粉丝数", default=None)
    commit_posts_per_month: float | None = zh_field("承诺发布频率", default=None, ge=0)
    commit_average_reads: float | None = zh_field("承诺平均阅读量", default=None, ge=0)


_PROFILE_KEYS = {k for name, f in AccountProfile.model_fields.items()
                 for k in (name, f.alias) if k}


@dataclass(frozen=True)
class AccountRecord:
    account: Account
    profile: AccountProfile
    row: int


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (
        isinstance(v, float) and math.isnan(v))


def read_accounts(header: Sequence[str], rows: Sequence[Sequence[Any]], regions: RegionIndex,
                  profiles: Mapping[str, AccountProfile] | None = None,
                  ) -> tuple[list[AccountRecord], list[Reject]]:
    """Validate account rows; columns may be English names or the forms' Chinese headers.

    ``operator_name``/``operator_kind`` give the operator (运营单位). A row whose region or
    county is not in ``regions`` is rejected: the population criteria need it.
    """
    out: list[AccountRecord] = []
    rejects: list[Reject] = []
    seen: dict[str, int] = {}
    for r, raw in enumerate(rows, start=1):
        data = {h: v for h, v in zip(header, raw, strict=False) if not _blank(v)}
        prof = {k: data.pop(k) for k in list(data) if k in _PROFILE_KEYS}
        if "operator_name" in data:
            data["operator"] = {"name": data.pop("operator_name"),
                                "kind": data.pop("operator_kind", "other"),
                                "rights_agreed": True, "confidentiality_agreement": True}
        data.pop("operator_kind", None)
        try:
            account = Account.model_validate(data)
            profile = AccountProfile.model_validate(prof)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(x) for x in err["loc"]) or "row"
                rejects.append(Reject(r, loc, err["msg"], str(err.get("input", ""))[:80]))
            continue
        if account.account_id in seen:
            rejects.append(Reject(r, "account_id", f"duplicate account id (first at row "
                                  f"{seen[account.account_id]})", account.account_id))
            continue
        county = account.county_code or account.region_code
        bad = [(f, c) for f, c in (("region_code", account.region_code), ("county_code", county))
               if c not in regions]
        if bad:
            for f, c in bad:
                rejects.append(Reject(r, f, "unknown region: no resident population for it", c))
            continue
        seen[account.account_id] = r
        if profiles is not None and account.account_id in profiles and not prof:
            profile = profiles[account.account_id]
        out.append(AccountRecord(account, profile, r))
    return out, rejects


def _num(v: float | int | None) -> float:
    return math.nan if v is None else float(v)


def account_table(records: Sequence[AccountRecord], regions: RegionIndex) -> AccountTable:
    """Columns of the accounts, with the populations the fan-share criteria read."""
    accs = [rec.account for rec in records]
    profs = [rec.profile for rec in records]
    county = [a.county_code or a.region_code for a in accs]
    return AccountTable(
        account_id=np.array([a.account_id for a in accs], dtype=object),
        platform=np.array([a.platform.value for a in accs], dtype=object),
        kind=np.array([a.kind.value for a in accs], dtype=object),
        level=np.array([a.level.value for a in accs], dtype=object),
        county=np.array(county, dtype=object),
        county_population=np.array([regions.population(c) for c in county], dtype=np.int64),
        region_population=np.array([regions.population(a.region_code) for a in accs],
                                   dtype=np.int64),
        fans=np.array([_num(a.fans) for a in accs], dtype=np.float64),
        opened=np.array([day_number(a.opened_on) for a in accs], dtype=np.int64),
        host_unit=np.array([a.host_unit_id for a in accs], dtype=object),
        supervised=np.array([bool(a.supervisor_unit_id) for a in accs], dtype=np.bool_),
        operators=np.array([-1 if p.operators_count is None else p.operators_count
                            for p in profs], dtype=np.int64),
        commit_fans=np.array([_num(p.commit_fans) for p in profs]),
        commit_posts_per_month=np.array([_num(p.commit_posts_per_month) for p in profs]),
        commit_average_reads=np.array([_num(p.commit_average_reads) for p in profs]),
    )


#: Event kinds accepted in Chinese as well.
EVENT_LABELS: Mapping[str, str] = {
    "notification": "notification", "通报": "notification", "被上级通报": "notification",
    "exposure": "exposure", "晾晒": "exposure",
    "incident": "incident", "安全事故": "incident", "泄密事故": "incident",
    "安全、泄密事故": "incident",
    "poor_interaction": "poor_interaction", "互动回应差": "poor_interaction",
    "weak_interaction": "weak_interaction", "互动交流差": "weak_interaction",
    "no_interaction": "no_interaction", "不互动回应": "no_interaction",
    "closure_requested": "closure_requested", "主动申请关停": "closure_requested",
    "host_unit_changed": "host_unit_changed", "主办单位变更": "host_unit_changed",
}

EVENT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("account_id", "账号编码", "str"),
    ColumnSpec("event", "事项", "str", choices=EVENT_LABELS,
               description="one of " + ", ".join(EVENT_KINDS)),
    ColumnSpec("date", "日期", "date"),
    ColumnSpec("rectified_on", "整改日期", "date", required=False,
               description="for an exposure (晾晒): the day it was rectified; blank if not yet"),
    ColumnSpec("note", "说明", "str", required=False, default=""),
)


def read_events(header: Sequence[str], rows: Sequence[Sequence[Any]],
                account_index: Mapping[str, int], as_of: dt.date,
                ) -> tuple[Events, list[Reject]]:
    """Typed events; reject unknown accounts, future dates and inconsistent rectifications."""
    c = coerce_columns(header, rows, EVENT_COLUMNS)
    ok = c.ok.copy()
    rejects = list(c.rejects)
    cols = c.columns
    at = resolve_header(header, EVENT_COLUMNS).get("rectified_on")
    has_rect = np.array([at is not None and at < len(row) and not _blank(row[at])
                         for row in rows], dtype=np.bool_)
    code = np.array([account_index.get(a, -1) for a in cols["account_id"]], dtype=np.int64)
    day = cols["date"].astype("datetime64[D]").astype(np.int64)
    rect = np.where(has_rect, cols["rectified_on"].astype("datetime64[D]").astype(np.int64),
                    NO_DAY)
    limit = day_number(as_of)
    checks = (
        (code < 0, "account_id", "unknown account: not in the account registry",
         cols["account_id"]),
        (day > limit, "date", f"date in the future: after the assessment date {as_of}",
         cols["date"]),
        (has_rect & (cols["event"] != "exposure"), "rectified_on",
         "only an exposure (晾晒) has a rectification date", cols["rectified_on"]),
        (has_rect & (rect < day), "rectified_on", "rectified before the exposure",
         cols["rectified_on"]),
        (has_rect & (rect > limit), "rectified_on",
         f"date in the future: after the assessment date {as_of}", cols["rectified_on"]),
    )
    rejects += reject_rows(ok, checks)
    return Events(code[ok], cols["event"][ok], day[ok], rect[ok]), sorted(rejects)


SCORE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("account_id", "账号编码", "str"),
    ColumnSpec("period", "考核周期", "month"),
    ColumnSpec("operation_index", "运营指数", "float", required=False, default=math.nan,
               min=0),
    ColumnSpec("total", "总分", "float", required=False, default=math.nan, min=0),
)


@dataclass(frozen=True)
class Scores:
    operation_index: npt.NDArray[np.float64]
    total: npt.NDArray[np.float64]
    rows_read: int
    accepted: int


def _scores_grid(header: Sequence[str], rows: Sequence[Sequence[Any]], specs: Sequence[ColumnSpec],
                 index: Mapping[str, int] | None, grid: MonthGrid, value_names: Sequence[str],
                 key_name: str) -> tuple[dict[str, npt.NDArray[np.float64]], list[Reject], int]:
    c = coerce_columns(header, rows, specs)
    ok = c.ok.copy()
    rejects = list(c.rejects)
    cols = c.columns
    keys = cols[key_name]
    if index is not None:
        row_of = np.array([index.get(k, -1) for k in keys], dtype=np.int64)
    else:
        uniq, inv = np.unique(np.asarray(keys, dtype=str), return_inverse=True)
        row_of = inv.ravel().astype(np.int64)
        index = {str(u): i for i, u in enumerate(uniq)}
    months = np.array([int(np.datetime64(m, "M").astype(np.int64)) for m in cols["period"]],
                      dtype=np.int64) - grid.first
    checks = (
        (row_of < 0, key_name, "unknown account: not in the account registry", keys),
        ((months < 0) | (months >= grid.n), "period",
         f"outside the assessment months {grid.labels[0]}..{grid.labels[-1]}", cols["period"]),
    )
    rejects += reject_rows(ok, checks)
    cell = row_of * grid.n + months
    idx = np.flatnonzero(ok)
    _, first, inverse = np.unique(cell[idx], return_index=True, return_inverse=True)
    dup = idx[first][inverse.ravel()] != idx
    for i, f in zip(idx[dup], idx[first][inverse.ravel()][dup], strict=True):
        rejects.append(Reject(int(i) + 1, "period",
                              f"given twice for this {key_name} (first at row {int(f) + 1})",
                              str(cols["period"][i])))
    ok[idx[dup]] = False
    n_rows = max(len(index), 0)
    out = {}
    for name in value_names:
        grid_values = np.full(n_rows * grid.n, np.nan)
        grid_values[cell[ok]] = cols[name][ok]
        out[name] = grid_values.reshape(n_rows, grid.n)
    out["_keys"] = np.array(sorted(index, key=lambda k: index[k]), dtype=object)
    return out, sorted(rejects), int(ok.sum())


def read_scores(header: Sequence[str], rows: Sequence[Sequence[Any]],
                account_index: Mapping[str, int], grid: MonthGrid,
                ) -> tuple[Scores, list[Reject]]:
    """The scoring engine's output (``account_id, period, …, operation_index, total``) as
    accounts x months grids; other columns (platform, level, city, county) are ignored."""
    out, rejects, accepted = _scores_grid(header, rows, SCORE_COLUMNS, account_index, grid,
                                          ("operation_index", "total"), "account_id")
    return Scores(out["operation_index"], out["total"], len(rows), accepted), rejects


def scores_from_columns(account_id: npt.NDArray[Any], period: npt.NDArray[Any],
                        operation_index: npt.NDArray[np.float64], total: npt.NDArray[np.float64],
                        account_index: Mapping[str, int], grid: MonthGrid) -> Scores:
    """Scores already in memory (the scoring engine's result columns, ``period`` as
    ``YYYY-MM``) as accounts x months grids. Rows of accounts outside ``account_index`` or of
    months outside ``grid`` are not part of this cleanup and are left out (``accepted``
    counts the rows placed); an account-month given twice keeps its last row."""
    labels, inv = np.unique(np.asarray(period, dtype=np.str_), return_inverse=True)
    month_of = np.array([int(np.datetime64(str(m), "M").astype(np.int64)) for m in labels],
                        dtype=np.int64)
    months = month_of[inv.reshape(-1)] - grid.first
    ids, id_inv = np.unique(np.asarray(account_id, dtype=np.str_), return_inverse=True)
    code_of = np.array([account_index.get(str(a), -1) for a in ids], dtype=np.int64)
    row_of = code_of[id_inv.reshape(-1)]
    ok = (row_of >= 0) & (months >= 0) & (months < grid.n)
    n_rows = max(account_index.values(), default=-1) + 1
    cell = row_of[ok] * grid.n + months[ok]
    out = []
    for values in (operation_index, total):
        grid_values = np.full(n_rows * grid.n, np.nan)
        grid_values[cell] = np.asarray(values, dtype=np.float64)[ok]
        out.append(grid_values.reshape(n_rows, grid.n))
    return Scores(out[0], out[1], len(row_of), int(ok.sum()))


AVERAGE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("platform", "平台", "str", description="the same-type key (platform)"),
    ColumnSpec("period", "考核周期", "month"),
    ColumnSpec("operation_index", "运营指数", "float", required=False, default=math.nan),
    ColumnSpec("total", "总分", "float", required=False, default=math.nan),
)


def read_averages(header: Sequence[str], rows: Sequence[Sequence[Any]], grid: MonthGrid,
                  effect_index: str) -> tuple[dict[tuple[str, str], float], list[Reject]]:
    """Province same-type averages per platform and month (``ZJG-6.5.1(1)``)."""
    out, rejects, _ = _scores_grid(header, rows, AVERAGE_COLUMNS, None, grid,
                                   ("operation_index", "total"), "platform")
    keys = out["_keys"]
    values = out[effect_index]
    labels = grid.labels
    result = {(str(keys[i]), labels[j]): float(values[i, j])
              for i, j in zip(*np.nonzero(np.isfinite(values)), strict=True)}
    return result, rejects
