"""``zwxmt assess``: the main job on files, into an output folder.

``assess`` is the assessment as a county or the province runs it (考核与清理整合): scores, activity,
review findings, cleanup recommendations and the inventory form (``HN-A2``) from one set of
inputs. Every input is read through the table layer (CSV in UTF-8 or GB18030, JSON lines,
Parquet, XLSX); the posts are streamed and the activity computed once. The outputs of one run
appear together or not at all (with ``manifest.json`` written last); every refused input row is
in the one failure-cases table ``failures.csv``; one summary line per input says "rows read =
N = processed + rejected". Exit status 3 when every row of a required input (accounts,
metrics) is refused or ``--max-rejects`` is exceeded: then only ``failures.csv`` is written.
``--report PATH`` also writes the monthly 通报 (``docs/report.md``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from zwxmt.cleanup.inventory import write_inventory
from zwxmt.cleanup.results import measures_table
from zwxmt.cli._common import stopped
from zwxmt.cli._inputs import add_input_arguments, load_job
from zwxmt.cli.report import add_report_arguments
from zwxmt.pipeline.job import STEPS, MainJob
from zwxmt.progress import Progress
from zwxmt.regions import RegionIndex
from zwxmt.report import write_report
from zwxmt.table import OutputSet
from zwxmt.table.failures import RejectPolicy, stop_reasons

__all__ = ["register", "write_outputs"]

_REQUIRED = ("accounts", "metrics")


def write_outputs(job: MainJob, out: Path, regions: RegionIndex, *, bom: bool = True,
                  policy: RejectPolicy | None = None,
                  mask_contacts: bool = False,
                  printed_form: bool = False) -> tuple[list[str], list[str]]:
    """Write the main job's output files into the folder ``out``, as one set.

    Returns the summary lines (with one ``wrote PATH`` line per file) and the reasons to stop
    (a required input with every row refused, or ``policy`` exceeded): when there are any, only
    the failure cases are written. ``mask_contacts`` masks the phone numbers of the
    inventory form; ``printed_form`` also writes it as the printed form ``inventory.xlsx``
    (``HN-A2``, the ``xlsx`` extra; it reads back as the accounts input)."""
    lines = [f"main job at {job.as_of} (rulebook {job.rulebook}):", *job.summary_lines(),
             "scoring columns by source:", *(f"  {x}" for x in job.source_lines()),
             *(f"notice: {n}" for n in job.notices)]
    missing = job.cleanup.not_evaluated_lines()
    if missing:  # criteria not evaluated for want of a value (never read as 0)
        lines += ["not evaluated per criterion (value not given):", *(f"  {x}" for x in missing)]
    policy = policy or RejectPolicy.parse(None)
    stop = stop_reasons(job.counts, policy, required=_REQUIRED)
    # every output of the run, the failure cases included, appears together or not at all
    written: list[Path] = []
    with OutputSet(out) as outputs:
        written.append(outputs.write("failures.csv", job.failures.table, bom=bom))
        if not stop:
            written.append(outputs.write(
                "scores.csv", job.scores.to_arrow(include_subscores=False), bom=bom))
            written.append(outputs.write(                                  # ZJG-9.1
                "host_units.csv", job.host_units().to_arrow(), bom=bom))
            run = job.cleanup
            if job.activity is not None:
                written.append(outputs.write("activity.csv", job.activity.to_arrow(), bom=bom))
            if job.review is not None:
                written.append(outputs.write("findings.csv", job.review.findings.columns,
                                             bom=bom))
                written.append(outputs.write("health_inputs.csv", job.review.summary, bom=bom))
            written.append(outputs.write("recommendations.csv",
                                         measures_table(run.recommendations), bom=bom))
            written += write_inventory(run, out / "inventory.csv", regions=regions,
                                       outputs=outputs, mask_contacts=mask_contacts)
            if printed_form:
                written += write_inventory(run, out / "inventory.xlsx", regions=regions,
                                           outputs=outputs, mask_contacts=mask_contacts)
    written.append(out / "manifest.json")
    if len(job.failures):
        lines += ["failure cases (first 10):", *(f"  {x}" for x in job.failures.head_text())]
    lines += [f"wrote {p}" for p in written]
    return lines, stop


def _cmd_assess(args: argparse.Namespace) -> int:
    policy = RejectPolicy.parse(args.max_rejects)
    steps = (*STEPS, "write", *(("report",) if args.report else ()))
    with Progress(steps, quiet=args.quiet, description="zwxmt assess") as progress:
        job, regions, _ = load_job(args, progress)
        progress("write")
        lines, stop = write_outputs(job, Path(args.output), regions, bom=not args.no_bom,
                                    policy=policy, mask_contacts=args.mask_contacts)
        if args.report and not stop:
            progress("report")
            path = write_report(job, args.report, scope=args.scope, period=args.period,
                                regions=regions, charts=args.charts)
            lines.append(f"wrote the 通报 {path}")
    if stop:
        return stopped(lines, stop)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "assess", help="the main job: activity, review, scores, cleanup and the HN-A2 form",
        description="Run the main job on one set of inputs: posts -> activity, review logs -> "
                    "health inputs, monthly metrics (with those replacing their own columns) "
                    "-> scores (ZJG-9.2-T2) -> cleanup measures and the inventory form "
                    "(ZJG-6.5.1, HN-A2). See docs/pipeline.md.")
    p.add_argument("-o", "--output", required=True, help="output folder")
    add_input_arguments(p)
    p.add_argument("--max-rejects", metavar="N|P%",
                   help="stop with exit status 3 (writing only the failure cases) when an "
                        "input has more than N rejected rows or P%% of its rows rejected; "
                        "a required input (accounts, metrics) with every row rejected always "
                        "stops")
    p.add_argument("--no-bom", action="store_true",
                   help="write CSV without the UTF-8 byte-order mark Excel needs")
    p.add_argument("--mask-contacts", action="store_true",
                   help="mask phone numbers in the inventory form (138****5678)")
    p.add_argument("--report", type=Path, metavar="PATH",
                   help="also write the monthly 通报 as one HTML page (docs/report.md)")
    add_report_arguments(p)
    p.set_defaults(handler=_cmd_assess)
