"""``zwxmt assess``: the main job on files, into an output folder.

``assess`` is the assessment as a county or the province runs it (考核与清理整合): scores, activity,
review findings, cleanup recommendations and the inventory form (``HN-A2``) from one set of
inputs. Files are written atomically; rejected rows go to ``<input>.rejects.csv`` in the
output folder; one summary line per input says "rows read = N = processed + rejected".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from zwxmt.cleanup.inventory import write_inventory
from zwxmt.cli._inputs import add_input_arguments, load_job
from zwxmt.cli.report import add_report_arguments
from zwxmt.io import write_rejects, write_table
from zwxmt.pipeline.job import STEPS, MainJob
from zwxmt.progress import Progress
from zwxmt.regions import RegionIndex
from zwxmt.report import write_report

__all__ = ["register", "write_outputs"]


def _cmd_assess(args: argparse.Namespace) -> int:
    steps = (*STEPS, "write", *(("report",) if args.report else ()))
    with Progress(steps, quiet=args.quiet, description="zwxmt assess") as progress:
        job, regions, _ = load_job(args, progress)
        progress("write")
        lines = write_outputs(job, Path(args.output), regions)
        if args.report:
            progress("report")
            path = write_report(job, args.report, scope=args.scope, period=args.period,
                                regions=regions, charts=args.charts)
            lines.append(f"wrote the 通报 {path}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def write_outputs(job: MainJob, out: Path, regions: RegionIndex) -> list[str]:
    """Write the main job's output files into the folder ``out``; returns the summary lines
    and one ``wrote PATH`` line per file."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    write_table(out / "scores.csv", job.score_columns())
    written.append(out / "scores.csv")
    run = job.cleanup
    if job.activity is not None:
        write_table(out / "activity.csv", job.activity.table(run.history.accounts.account_id))
        written.append(out / "activity.csv")
    if job.review is not None:
        write_table(out / "findings.csv", job.review.findings.columns)
        write_table(out / "health_inputs.csv", job.review.summary)
        written += [out / "findings.csv", out / "health_inputs.csv"]
    recs = run.recommendations
    write_table(out / "recommendations.csv", {
        "account_id": [r.account_id for r in recs],
        "measure": [r.measure.value for r in recs],
        "measure_zh": [r.measure.zh for r in recs],
        "grounds": ["; ".join(f"{c.code} {c.cite}" for c in r.criteria) for r in recs],
    })
    written.append(out / "recommendations.csv")
    written += write_inventory(run, out / "inventory.csv", regions=regions)
    for source, rejects in job.rejects.items():
        if rejects:
            path = out / f"{source.replace(' ', '_')}.rejects.csv"
            write_rejects(path, rejects)
            written.append(path)
    return [f"main job at {job.as_of} (rulebook {job.rulebook}):", *job.summary_lines(),
            "scoring columns by source:", *(f"  {x}" for x in job.source_lines()),
            *[f"wrote {p}" for p in written]]


def register(sub: Any) -> None:
    p = sub.add_parser(
        "assess", help="the main job: activity, review, scores, cleanup and the HN-A2 form",
        description="Run the main job on one set of inputs: posts -> activity, review logs -> "
                    "health inputs, monthly metrics (with those replacing their own columns) "
                    "-> scores (ZJG-9.2-T2) -> cleanup measures and the inventory form "
                    "(ZJG-6.5.1, HN-A2). See docs/pipeline.md.")
    p.add_argument("-o", "--output", required=True, help="output folder")
    add_input_arguments(p)
    p.add_argument("--report", type=Path, metavar="PATH",
                   help="also write the monthly 通报 as one HTML page (docs/report.md)")
    add_report_arguments(p)
    p.set_defaults(handler=_cmd_assess)
