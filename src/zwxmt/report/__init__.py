"""The monthly 通报 (月度通报) as one self-contained HTML page.

:func:`write_report` writes the page of a main job (:class:`zwxmt.pipeline.MainJob`) for a
county, a city or the province and one month: summary, ranking, vetoes, region and host-unit
results, the cleanup measures with their clauses, the review findings and charts. The CLI is
``zwxmt report`` and ``zwxmt assess --report PATH``; ``make demo`` writes the example
county's. See docs/report.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zwxmt.io import atomic_write_text
from zwxmt.report.data import ReportData, report_data, resolve_scope
from zwxmt.report.page import CSP, render_page

if TYPE_CHECKING:
    from zwxmt.pipeline.job import MainJob
    from zwxmt.regions import RegionIndex

__all__ = ["CSP", "ReportData", "render_page", "report_data", "report_html", "resolve_scope",
           "write_report"]


def report_html(job: MainJob, *, scope: str | None = None, period: str | None = None,
                regions: RegionIndex | None = None, charts: bool = True) -> str:
    """The 通报 page of ``job`` for ``scope`` (``province``, a city or county code; default:
    the scores' one county or city, else the province) and ``period`` (``YYYY-MM``; default:
    the latest month)."""
    data = report_data(job, scope=scope, period=period, regions=regions)
    return render_page(data, job=job if charts else None, regions=regions)


def write_report(job: MainJob, path: str | Path, *, scope: str | None = None,
                 period: str | None = None, regions: RegionIndex | None = None,
                 charts: bool = True) -> Path:
    """Write the 通报 page to ``path`` atomically; returns the path."""
    out = Path(path)
    atomic_write_text(out, report_html(job, scope=scope, period=period, regions=regions,
                                       charts=charts))
    return out
