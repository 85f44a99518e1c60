"""Demo section: the example county's monthly assessment report (月度考核通报).

Reads the main job's scores of 龙游县 (:func:`zwxmt.pipeline.example_job`: the bundled monthly
metrics, 2025-10..2026-10, with the diligence counts and 14天未更新 from the posts and the health
inputs from the review audit) and prints, for the latest month: the accounts
ranked by total within the county (ZJG-9.1) with their five indices (ZJG-9.2-T2), the vetoes
of the whole year (ZJG-9.2-T2-V1..V4) and the region results with the veto deduction
(ZJG-9.2-T2-VD), then the quarter's county result.
"""

from __future__ import annotations

import numpy as np

from zwxmt.examples import EXAMPLE_COUNTY, example_accounts
from zwxmt.examples.job import example_job
from zwxmt.scoring.parameters import PLATFORMS_ZH

__all__ = ["demo_section"]

_REPORT_MONTH = "2026-10"


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def demo_section() -> str:
    """The monthly report of the example county, as text."""

    job = example_job()
    result = job.scores
    cols = result.to_columns()
    names = {a.account_id: a.name for a in example_accounts()}
    lines = [f"== 月度考核通报 / monthly assessment: 龙游县 ({EXAMPLE_COUNTY}), {_REPORT_MONTH} "
             f"[ZJG-9.2-T2, rulebook {result.rulebook}]",
             f"scored {len(result)} account-months of the main job, months "
             f"{min(cols['period'])}..{max(cols['period'])}"]
    month = np.flatnonzero(cols["period"] == _REPORT_MONTH)
    month = month[np.lexsort((cols["account_id"][month], cols["county_rank"][month]))]
    lines.append(f"{'rank':>4}  {_pad('account', 26)}{_pad('platform', 9)}{'total':>7}"
                 f"{'运营':>7}{'勤勉':>7}{'健康':>7}{'集群':>7}{'成长':>7}  同类排名  vetoes")
    for i in month:
        acc = str(cols["account_id"][i])
        vetoes = str(cols["vetoes"][i])
        lines.append(
            f"{cols['county_rank'][i]:>4}  {_pad(names.get(acc, acc), 26)}"
            f"{_pad(PLATFORMS_ZH[str(cols['platform'][i])][2:], 9)}{cols['total'][i]:>7.2f}"
            f"{cols['operation_index'][i]:>7.2f}{cols['diligence_index'][i]:>7.2f}"
            f"{cols['health_index'][i]:>7.2f}{cols['cluster_index'][i]:>7.2f}"
            f"{cols['growth_index'][i]:>7.2f}  "
            f"{cols['province_platform_rank'][i]:>3}/{cols['province_platform_accounts'][i]:<4}"
            f"  {vetoes}")
    vetoed = np.flatnonzero(result.vetoes != 0)
    lines.append("vetoes (一票否决) in the year:")
    for i in vetoed[np.argsort(cols["period"][vetoed])]:
        acc = str(cols["account_id"][i])
        lines.append(f"  {cols['period'][i]}  {names.get(acc, acc)} ({acc}): {cols['vetoes'][i]}"
                     f" -> 健康指数 {result.health_before_veto[i]:.2f} → "
                     f"{result.indices['health'][i]:.2f}")
    regions = result.regions().columns
    lines.append("region results (ZJG-9.1; deduction ZJG-9.2-T2-VD):")
    for i in np.flatnonzero(np.isin(regions["period"], ["2026-05", _REPORT_MONTH])):
        lines.append(
            f"  {regions['period'][i]} {regions['region_level'][i]:<8} "
            f"{regions['region'][i]:<8} accounts {regions['accounts'][i]:>3}  "
            f"健康 {regions['health_index_before_deduction'][i]:6.2f} − "
            f"{regions['health_deduction'][i]:6.2f} = {regions['health_index'][i]:6.2f}  "
            f"total {regions['total'][i]:6.2f}")
    quarterly = result.aggregate("quarter")
    quarter = quarterly.regions().columns
    lines.append("quarters (ZJG-9.2; a veto in any month deducts the quarter, ZJG-9.2-T2-VD):")
    for i in np.flatnonzero(quarter["region_level"] == "county"):
        lines.append(f"  {quarter['period'][i]} county {quarter['region'][i]} (months: "
                     f"{quarter['months'][i]}): 健康 "
                     f"{quarter['health_index_before_deduction'][i]:6.2f} − "
                     f"{quarter['health_deduction'][i]:6.2f} = "
                     f"{quarter['health_index'][i]:6.2f}, total {quarter['total'][i]:.2f}")
    hosts = job.host_units().columns
    units = {a.host_unit_id: a.host_unit_name or a.host_unit_id for a in example_accounts()}
    latest_h = np.flatnonzero(hosts["period"] == _REPORT_MONTH)
    order = latest_h[np.argsort(hosts["county_rank"][latest_h], kind="stable")]
    lines.append(f"host units (主办单位, ZJG-9.1), {_REPORT_MONTH}, ranked in the county "
                 f"(method: {job.host_units().method} of their accounts):")
    for i in order[:5]:
        unit = units.get(str(hosts["host_unit"][i]), "")
        lines.append(f"  {hosts['county_rank'][i]:>3}  {_pad(unit, 24)} accounts "
                     f"{hosts['accounts'][i]}  total {hosts['total'][i]:6.2f}")
    lines.append(f"  ... {len(order)} host units in all")
    return "\n".join(line.rstrip() for line in lines)
