"""``zwxmt report``: the monthly 通报 of a county, a city or the province as one HTML page.

``zwxmt report INPUTS -o report.html`` runs the main job on a folder of inputs (standard
names: ``accounts.csv``, ``monthly_metrics.csv``, ``posts.csv``… see ``zwxmt.cli._inputs``;
any input can also be named with its option, as for ``zwxmt assess``) and writes the page
for ``--scope`` (``province``, a city or county code; default: the inputs' one county or
city) and ``--period`` (``YYYY-MM``; default: the latest month). See docs/report.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from zwxmt.cli._common import out
from zwxmt.cli._inputs import add_input_arguments, load_job
from zwxmt.pipeline.job import STEPS
from zwxmt.progress import Progress
from zwxmt.report import write_report

__all__ = ["add_report_arguments", "register"]


def add_report_arguments(p: argparse.ArgumentParser) -> None:
    """The options that choose what the 通报 covers."""
    p.add_argument("--scope", help="province, or a city or county division code "
                                   "(default: the inputs' one county or city, else province)")
    p.add_argument("--period", help="the month reported, YYYY-MM (default: the latest)")
    p.add_argument("--no-charts", dest="charts", action="store_false",
                   help="leave the charts out (they need the extra zwxmt[charts])")


def _cmd_report(args: argparse.Namespace) -> int:
    with Progress((*STEPS, "report"), quiet=args.quiet, description="zwxmt report") as step:
        job, regions, _ = load_job(args, step, folder=args.inputs)
        step("report")
        path = write_report(job, args.output, scope=args.scope, period=args.period,
                            regions=regions, charts=args.charts)
    out(f"wrote the 通报 {path}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "report", help="the monthly 通报 as one self-contained HTML page",
        description="Run the main job and write the monthly 通报 of a county, a city or the "
                    "province: summary, ranking, vetoes, region results, cleanup measures "
                    "with their clauses, review findings and charts, in one HTML file with "
                    "no external asset, print-ready on A4. See docs/report.md.")
    p.add_argument("inputs", nargs="?", type=Path,
                   help="a folder of inputs under their standard names (optional)")
    p.add_argument("-o", "--output", required=True, type=Path, help="the HTML file to write")
    add_input_arguments(p)
    add_report_arguments(p)
    p.set_defaults(handler=_cmd_report)
