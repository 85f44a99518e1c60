"""What the monthly 通报 shows: the main job's tables cut to one scope and one period.

A scope is the province (``province``), a city or a county (its division code); a period a
month ``YYYY-MM`` of the scores. :func:`report_data` picks, from the main job, the rows of
every table the page shows, through :mod:`zwxmt.views` only, so the page's numbers are the
result tables' numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from zwxmt import views
from zwxmt.errors import InputError

if TYPE_CHECKING:
    from zwxmt.pipeline.job import MainJob
    from zwxmt.regions import RegionIndex

__all__ = ["ReportData", "report_data", "resolve_scope"]

LEVEL_ZH = {"province": "省", "city": "市", "county": "县（市、区）"}


@dataclass(frozen=True)
class ReportData:
    """The tables of one 通报 (one scope, one period), each a mapping of columns."""

    scope: str                 # "province", a city or a county code
    scope_level: str           # province | city | county
    scope_name: str
    period: str
    as_of: str
    rulebook: str
    periods: tuple[str, ...]   # every period of the scores, for the charts
    ranking: views.Columns     # the scope's account results of the period, best first
    vetoes: views.Columns      # the ranking's vetoed rows
    regions: views.Columns     # region results of the period inside the scope
    region_history: views.Columns  # the scope's own region result over the periods
    host_units: views.Columns | None
    measures: views.Columns    # accounts with a measure other than 保留, or a ground
    measure_counts: Mapping[str, int]
    findings: views.Columns | None   # review findings of the period (None: no review run)
    finding_counts: Mapping[str, int]
    rejects: Mapping[str, int]       # rejected input rows per input
    counts: tuple[tuple[str, int, int], ...]  # (input, read, processed)
    names: Mapping[str, str]         # account id -> name
    region_names: Mapping[str, str]  # region code -> name


def _name(code: str, level: str, regions: RegionIndex | None) -> str:
    if level == "province":
        return "浙江省"
    if regions is not None and code in regions:
        return str(regions[code].name)
    return code


def resolve_scope(scores: Mapping[str, npt.NDArray[Any]], scope: str | None) -> tuple[str, str]:
    """The scope and its level: the one county (or city) of the scores when not given."""
    counties = np.unique(scores["county"][scores["county"] != ""])
    cities = np.unique(scores["city"][scores["city"] != ""])
    if scope is None:
        if counties.size == 1 and np.all(scores["county"] == counties[0]):
            return str(counties[0]), "county"
        if cities.size == 1:
            return str(cities[0]), "city"
        return "province", "province"
    if scope in ("province", "浙江省", "全省"):
        return "province", "province"
    if scope in counties:
        return scope, "county"
    if scope in cities:
        return scope, "city"
    raise InputError(f"scope {scope!r} is neither 'province' nor a city or county code of the "
                     f"scores (counties: {', '.join(map(str, counties[:10]))})")


def _in_scope(cols: Mapping[str, npt.NDArray[Any]], scope: str, level: str
              ) -> npt.NDArray[np.bool_]:
    n = len(next(iter(cols.values())))
    if level == "province":
        return np.ones(n, dtype=np.bool_)
    return np.asarray(cols[level] == scope, dtype=np.bool_)


def report_data(job: MainJob, *, scope: str | None = None, period: str | None = None,
                regions: RegionIndex | None = None) -> ReportData:
    """The 通报 of ``scope`` (default: the scores' one county or city, else the province) for
    ``period`` (default: the latest month of the scores)."""
    result = job.scores
    cols = views.score_columns(result)
    scope, level = resolve_scope(cols, scope)
    periods = tuple(str(p) for p in np.unique(cols["period"]))
    if not periods:
        raise InputError("no scored account-month: nothing to report")
    period = period or periods[-1]
    if period not in periods:
        raise InputError(f"period {period!r} not in the scores ({periods[0]}..{periods[-1]})")
    ours = _in_scope(cols, scope, level)
    rows = views.take(cols, ours & (cols["period"] == period))
    order = np.lexsort((rows["account_id"], -rows["total"]))
    ranking = views.take(rows, order)
    ranking["rank"] = _competition_rank(ranking["total"],
                                        result.section.results.rank_resolution.value)
    labels = views.veto_labels(result)
    ranking["vetoes_zh"] = np.array(
        ["；".join(labels.get(part.split(" [")[0], part) for part in str(v).split("; "))
         if v else "" for v in ranking["vetoes"]], dtype=np.str_)
    vetoes = views.take(ranking, ranking["vetoes"] != "")

    reg = views.region_columns(result)
    if level == "province":
        inside = np.ones(len(reg["region"]), dtype=np.bool_)
    elif level == "city":
        inside = (reg["region"] == scope) | ((reg["region_level"] == "county")
                                             & (reg["city"] == scope))
    else:
        inside = (reg["region_level"] == "county") & (reg["region"] == scope)
    region_rows = views.take(reg, inside & (reg["period"] == period))
    own = (reg["region_level"] == level) & (reg["region"] == scope)
    history = views.take(reg, own)
    history = views.take(history, np.argsort(history["period"], kind="stable"))

    names = views.account_names(job)
    region_names = {str(c): _name(str(c), "county", regions)
                    for c in np.unique(np.concatenate([cols["county"], cols["city"]]))
                    if str(c)}
    region_names["province"] = "浙江省"

    # the measures of the scope's counties (a city's through its counties in the scores)
    all_measures = views.measure_columns(job.cleanup)
    if level == "county":
        all_measures = views.take(all_measures, all_measures["county"] == scope)
    elif level == "city":
        city_of = dict(zip(cols["county"].tolist(), cols["city"].tolist(), strict=True))
        city = np.array([city_of.get(str(c), "") for c in all_measures["county"]],
                        dtype=np.str_)
        all_measures = views.take(all_measures, city == scope)
    listed = (all_measures["measure"] != "keep") | (all_measures["criteria"] != "")
    measures = views.take(all_measures, listed)
    m_codes, m_counts = np.unique(all_measures["measure_zh"], return_counts=True)

    findings = None
    f_counts: dict[str, int] = {}
    if job.review is not None:
        f = views.review_finding_columns(job.review)
        scope_accounts = np.unique(cols["account_id"][ours])
        keep = (np.asarray(f["period"], dtype=np.str_) == period) & np.isin(
            np.asarray(f["account_id"], dtype=np.str_), scope_accounts)
        findings = views.take(f, keep)
        t, c = np.unique(np.asarray(findings["title_zh"], dtype=np.str_), return_counts=True)
        f_counts = {str(k): int(v) for k, v in zip(t, c, strict=True)}

    return ReportData(
        scope=scope, scope_level=level, scope_name=region_names.get(scope, scope),
        period=period, as_of=str(job.as_of), rulebook=job.rulebook, periods=periods,
        ranking=ranking, vetoes=vetoes, regions=region_rows, region_history=history,
        host_units=_host_units_in_scope(job, scope, level), measures=measures,
        measure_counts={str(k): int(v) for k, v in zip(m_codes, m_counts, strict=True)},
        findings=findings, finding_counts=f_counts,
        rejects={c.name: c.read - c.processed for c in job.counts if c.read > c.processed},
        counts=tuple((c.name, c.read, c.processed) for c in job.counts),
        names=names, region_names=region_names)


def _host_units_in_scope(job: MainJob, scope: str, level: str) -> views.Columns:
    """The host units of ``scope``: a county's own; a city's or the province's all (a host
    unit's results are ranked within its county, ZJG-9.1)."""
    hu = views.host_unit_columns(job)
    if level != "county":
        return hu
    return views.take(hu, np.asarray(hu["county"], dtype=np.str_) == scope)


def _competition_rank(total: npt.NDArray[np.float64], resolution: float
                      ) -> npt.NDArray[np.int64]:
    """1, 2, 2, 4 over totals sorted best first; totals equal at the rulebook's
    ``rank_resolution`` share a rank, as the scores' ranks do (``ZJG-9.1``)."""
    key = np.rint(np.asarray(total) / resolution)
    n = key.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.ones(n, dtype=np.bool_)
    new[1:] = key[1:] != key[:-1]
    start = np.where(new, np.arange(n), 0)
    out: npt.NDArray[np.int64] = (np.maximum.accumulate(start) + 1).astype(np.int64)
    return out
