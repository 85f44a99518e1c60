"""Views (视图): the one place that reads result objects into plain columns.

The displays (:mod:`zwxmt.display`), the charts (:mod:`zwxmt.charts`) and the monthly report
(:mod:`zwxmt.report`) read results only through this module, with the results' public
accessors (``to_columns()``, ``regions().columns``, ``table()``…). When the results gain
``to_arrow()`` this module is the one to switch. Every function returns a mapping of column
name to a numpy array of equal length.

Nothing here imports a domain module at import time, so every result class can import
:mod:`zwxmt.display` (which imports this) without a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from zwxmt.activity.compute import Activity
    from zwxmt.cleanup.criteria import Findings
    from zwxmt.cleanup.pipeline import CleanupRun
    from zwxmt.pipeline.job import MainJob
    from zwxmt.regions import RegionIndex
    from zwxmt.review.report import ReviewReport
    from zwxmt.scoring.result import RegionResults, ScoreResult

__all__ = [
    "INDEX_COLUMNS",
    "Columns",
    "account_names",
    "activity_columns",
    "contributions",
    "criteria_columns",
    "host_unit_columns",
    "measure_columns",
    "measures_by_county",
    "region_columns",
    "review_finding_columns",
    "score_columns",
    "score_head",
    "select",
    "take",
    "veto_labels",
]

Columns = dict[str, npt.NDArray[Any]]

#: The five index columns of a score or region table (表2, ``ZJG-9.2-T2``), in order.
INDEX_COLUMNS: tuple[str, ...] = ("operation_index", "diligence_index", "health_index",
                                  "cluster_index", "growth_index")


def take(columns: Mapping[str, npt.NDArray[Any]], rows: Any) -> Columns:
    """The given rows (indices or a mask) of every column."""
    return {k: np.asarray(v)[rows] for k, v in columns.items()}


def select(columns: Mapping[str, npt.NDArray[Any]], **equal: Any) -> Columns:
    """The rows where each named column equals the given value."""
    n = len(next(iter(columns.values()))) if columns else 0
    mask = np.ones(n, dtype=np.bool_)
    for name, value in equal.items():
        mask &= np.asarray(columns[name]) == value
    return take(columns, mask)


# -- scores ----------------------------------------------------------------------------------

def score_columns(result: ScoreResult) -> Columns:
    """Account results (考核结果): identity, the five indices, total, vetoes, ranks."""
    return dict(result.to_columns(include_subscores=False))


def score_head(result: ScoreResult, rows: int) -> Columns:
    """The first ``rows`` rows of :func:`score_columns` (identity, indices, total, vetoes,
    ranks), without building the whole table: a display of a million-row result reads ten
    rows of it. Equal to ``score_columns(result)`` cut to its first rows (tested)."""
    from zwxmt.scoring.frame import LEVELS
    from zwxmt.scoring.parameters import INDEXES, PLATFORMS
    from zwxmt.scoring.periods import period_labels

    idx = np.arange(min(rows, len(result)))
    ranks = result.ranks()
    items = result.section.vetoes.items
    out: Columns = {
        "account_id": result.account.labels[result.account.codes[idx]],
        "period": period_labels(result.period_kind, result.period[idx]),
        "platform": np.array(PLATFORMS, dtype=np.str_)[result.platform[idx]],
        "level": np.array(LEVELS, dtype=np.str_)[result.level[idx]],
        "city": result.city.labels[result.city.codes[idx]],
        "county": result.county.labels[result.county.codes[idx]],
    }
    for name in INDEXES:
        out[f"{name}_index"] = result.indices[name][idx]
    out["total"] = result.total[idx]
    out["vetoes"] = np.array(["; ".join(f"{v.code} [{v.cite}]" for v in items if m & v.bit)
                              for m in result.vetoes[idx].tolist()], dtype=np.str_)
    out["county_rank"] = ranks.county_rank[idx]
    out["province_platform_rank"] = ranks.province_platform_rank[idx]
    return out


def contributions(result: ScoreResult, columns: Mapping[str, npt.NDArray[Any]]) -> Columns:
    """Each index's points in the total (index × its 表2 weight for the row's platform):
    ``<index>_points`` per index; they sum to ``total``."""
    from zwxmt.scoring.parameters import INDEXES, PLATFORMS

    labels, inverse = np.unique(np.asarray(columns["platform"], dtype=np.str_),
                                return_inverse=True)
    code = np.array([PLATFORMS.index(str(p)) for p in labels], dtype=np.intp)[
        inverse.reshape(-1)]
    out: Columns = {}
    for name in INDEXES:
        weight = result.section.index_weight_array(name)[code]
        out[f"{name}_points"] = weight * np.asarray(columns[f"{name}_index"], dtype=np.float64)
    return out


def region_columns(result: ScoreResult | RegionResults) -> Columns:
    """Region results (地区考核结果) per region and period, without the internal columns."""
    regions = result.regions() if hasattr(result, "regions") else result
    return {k: np.asarray(v) for k, v in regions.columns.items() if not k.startswith("_")}


def host_unit_columns(job: MainJob) -> Columns:
    """Host-unit results (主办单位考核结果, ``ZJG-9.1``) per month: one row per host unit and
    month, ranked within its county (:meth:`zwxmt.pipeline.MainJob.host_units`)."""
    cols = job.host_units().columns
    return {str(k): np.asarray(v) for k, v in cols.items() if not str(k).startswith("_")}


# -- activity --------------------------------------------------------------------------------

def activity_columns(activity: Activity, account_ids: npt.NDArray[Any] | None = None, *,
                     accounts: int | None = None) -> Columns:
    """Activity (更新情况) per account and month; ``accounts`` limits it to the first ones
    (account codes ``#0, #1…`` stand in when no ids are given)."""
    n = activity.n_accounts if accounts is None else min(accounts, activity.n_accounts)
    ids = (np.asarray(account_ids)[:n] if account_ids is not None
           else np.array([f"#{i}" for i in range(n)], dtype=np.str_))
    if n == activity.n_accounts and account_ids is not None:
        return dict(activity.table(ids))
    from zwxmt.activity.compute import NO_DAY
    n_p = len(activity.grid.labels)
    last = activity.last_post_day[:n].ravel()
    last_date = last.astype("datetime64[D]")
    last_date[last == NO_DAY] = np.datetime64("NaT")
    return {
        "account_id": np.repeat(ids, n_p),
        "period": np.tile(np.array(activity.grid.labels, dtype=np.str_), n),
        "posts": activity.posts[:n].ravel(),
        "original_posts": activity.original_posts[:n].ravel(),
        "posting_days": activity.posting_days[:n].ravel(),
        "longest_gap_days": activity.longest_gap_days[:n].ravel(),
        "last_post_date": last_date,
        "veto_no_update_14d": activity.veto_no_update_14d[:n].ravel(),
    }


# -- cleanup ---------------------------------------------------------------------------------

def criteria_columns(findings: Findings) -> Columns:
    """One row per cleanup criterion (退出标准): clause, label, measure, accounts meeting it,
    and whether it was evaluated (its data given)."""
    r = findings.results
    return {
        "code": np.array([c.code for c in r], dtype=np.str_),
        "cite": np.array([c.cite for c in r], dtype=np.str_),
        "label_zh": np.array([c.label_zh for c in r], dtype=np.str_),
        "measure_zh": np.array([c.measure.zh for c in r], dtype=np.str_),
        "holds": np.array([int(np.count_nonzero(c.holds)) for c in r], dtype=np.int64),
        "met": np.array([int(np.count_nonzero(c.met)) for c in r], dtype=np.int64),
        "evaluated": np.array([c.evaluated for c in r], dtype=np.bool_),
    }


def measure_columns(run: CleanupRun, *, keep: bool = True) -> Columns:
    """One row per account: the measure (整改措施), the criteria met with their clauses, and the
    account's county; ``keep=False`` leaves out the accounts kept (保留) without a ground."""
    recs = run.recommendations
    county = np.asarray(run.history.accounts.county, dtype=np.str_)
    cols: Columns = {
        "account_id": np.array([r.account_id for r in recs], dtype=np.str_),
        "county": county[: len(recs)],
        "measure": np.array([r.measure.value for r in recs], dtype=np.str_),
        "measure_zh": np.array([r.measure.zh for r in recs], dtype=np.str_),
        "criteria": np.array(["；".join(f"{c.label_zh}（{c.code}）" for c in r.criteria)
                              for r in recs], dtype=np.str_),
        "citations": np.array([" ".join(r.citations) for r in recs], dtype=np.str_),
        "steps": np.array([" → ".join(s.event for s in r.lifecycle_events) for r in recs],
                          dtype=np.str_),
    }
    if not keep:
        cols = take(cols, (cols["measure"] != "keep") | (cols["criteria"] != ""))
    return cols


def measures_by_county(run: CleanupRun, regions: RegionIndex | None = None) -> Columns:
    """Per county: accounts and how many get each measure (``summary_by_county``)."""
    from zwxmt.cleanup.inventory import summary_by_county

    return {k: np.asarray(v) for k, v in summary_by_county(run, regions).items()}


def veto_labels(result: ScoreResult) -> dict[str, str]:
    """Veto code -> its Chinese term and clause, e.g. ``14天未更新（ZJG-9.2-T2-V1）``."""
    return {v.code: f"{v.label_zh}（{v.cite}）" for v in result.section.vetoes.items}


def account_names(job: MainJob) -> dict[str, str]:
    """Account id -> account name (账号名称) from the job's registry."""
    return {r.account.account_id: r.account.name for r in job.cleanup.records}


# -- review ----------------------------------------------------------------------------------

def review_finding_columns(report: ReviewReport) -> Columns:
    """The review's findings (内容审核发现), one row per finding."""
    return {k: np.asarray(v) for k, v in report.findings.as_columns().items()}
