"""``zwxmt assess``: the main job on files, into an output folder.

``assess`` is the assessment as a county or the province runs it (考核与清理整合): scores, activity,
review findings, cleanup recommendations and the inventory form (``HN-A2``) from one set of
inputs. Every input is read through the table layer (CSV in UTF-8 or GB18030, JSON lines,
Parquet, XLSX); the posts are streamed and the activity computed once. The outputs of one run
appear together or not at all (with ``manifest.json`` written last); every refused input row is
in the one failure-cases table ``failures.csv``; one summary line per input says "rows read =
N = processed + rejected". Exit status 3 when every row of a required input (accounts,
metrics) is refused or ``--max-rejects`` is exceeded: then only ``failures.csv`` is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from zwxmt.cleanup.inventory import write_inventory
from zwxmt.cleanup.results import measures_table
from zwxmt.errors import InputError
from zwxmt.examples import example_file, example_regions
from zwxmt.examples.job import EXAMPLE_AS_OF, EXAMPLE_INPUTS
from zwxmt.pipeline.files import run_main_job_files
from zwxmt.regions import zhejiang_regions
from zwxmt.table import OutputSet
from zwxmt.table.failures import EXIT_REJECTS, RejectPolicy, rejects_verdict

__all__ = ["register"]

_REQUIRED = ("accounts", "metrics")
_OPTIONAL = ("posts", "events", "profiles", "review_posts", "reviews", "messages", "lexicon",
             "inspection", "province_averages")


def _cmd_assess(args: argparse.Namespace) -> int:
    files: dict[str, Any] = {k: getattr(args, k) for k in ("accounts", "metrics", *_OPTIONAL)}
    policy = RejectPolicy.parse(args.max_rejects)
    if args.example:
        for key, name in EXAMPLE_INPUTS.items():
            if files.get(key) is None:
                files[key] = Path(str(example_file(name)))
        regions = example_regions()
        as_of = args.as_of or EXAMPLE_AS_OF
    else:
        if files["accounts"] is None or files["metrics"] is None:
            raise InputError("give --accounts and --metrics (or --example)")
        regions = example_regions() if args.with_example_townships else zhejiang_regions()
        if args.as_of is None:
            raise InputError("give the assessment date --as-of YYYY-MM-DD")
        as_of = args.as_of
    accounts, metrics = files.pop("accounts"), files.pop("metrics")
    job = run_main_job_files(accounts, metrics, regions, as_of, first_month=args.first_month,
                             rulebook=args.rulebook, encoding=args.encoding, **files)
    lines = [f"main job at {as_of} (rulebook {args.rulebook}):", *job.summary_lines(),
             "scoring columns by source:", *(f"  {x}" for x in job.source_lines()),
             *(f"notice: {n}" for n in job.notices)]
    missing = job.cleanup.not_evaluated_lines()
    if missing:  # criteria not evaluated for want of a value (never read as 0)
        lines += ["not evaluated per criterion (value not given):", *(f"  {x}" for x in missing)]
    verdicts = [rejects_verdict(c.counts, policy, required=c.name in _REQUIRED, name=c.name)
                for c in job.counts]
    stop = [v for v in verdicts if v is not None]
    out = Path(args.output)
    bom = not args.no_bom
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
                                       outputs=outputs)
    written.append(out / "manifest.json")
    if len(job.failures):
        lines += ["failure cases (first 10):", *(f"  {x}" for x in job.failures.head_text())]
    lines += [f"wrote {p}" for p in written]
    if stop:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stderr.write("zwxmt: stopped, nothing but the failure cases written: "
                         + "; ".join(stop) + "\n")
        return EXIT_REJECTS
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
    p.add_argument("--accounts", type=Path, help="account registry (csv, jsonl, parquet)")
    p.add_argument("--metrics", type=Path, help="monthly metrics (docs/schema.md, raw layer)")
    p.add_argument("--posts", type=Path, help="posts: post_id, account_id, published_at, ...")
    p.add_argument("--events", type=Path, help="account events (通报, 晾晒, ...)")
    p.add_argument("--profiles", type=Path, help="account profiles (staff, funding, ...)")
    p.add_argument("--review-posts", type=Path, help="the review's publication log (with text)")
    p.add_argument("--reviews", type=Path, help="三审 records")
    p.add_argument("--messages", type=Path, help="messages and replies")
    p.add_argument("--lexicon", type=Path, help="lexicon of wrong expressions")
    p.add_argument("--inspection", type=Path, help="inspection facts")
    p.add_argument("--province-averages", type=Path,
                   help="the province same-type averages the provincial platform publishes "
                        "(platform, period, operation_index, total); without them "
                        "ZJG-6.5.1(1) is not evaluated (a county's own mean is not the "
                        "province's)")
    p.add_argument("--as-of", type=dt.date.fromisoformat, help="assessment date")
    p.add_argument("--from", dest="first_month", help="first cleanup month YYYY-MM")
    p.add_argument("--rulebook", default="zhejiang-2023")
    p.add_argument("--example", action="store_true",
                   help="the bundled example county's files for the inputs not given")
    p.add_argument("--with-example-townships", action="store_true",
                   help="add the example county's townships to the census regions")
    p.add_argument("--encoding", help="encoding of the CSV inputs (default: UTF-8, UTF-8 with "
                   "BOM or GB18030, detected)")
    p.add_argument("--max-rejects", metavar="N|P%",
                   help="stop with exit status 3 (writing only the failure cases) when an "
                        "input has more than N rejected rows or P%% of its rows rejected; "
                        "a required input (accounts, metrics) with every row rejected always "
                        "stops")
    p.add_argument("--no-bom", action="store_true",
                   help="write CSV without the UTF-8 byte-order mark Excel needs")
    p.set_defaults(handler=_cmd_assess)
