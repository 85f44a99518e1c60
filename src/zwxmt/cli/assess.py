"""``zwxmt assess``: the main job on files, into an output folder.

``assess`` is the assessment as a county or the province runs it (考核与清理整合): scores, activity,
review findings, cleanup recommendations and the inventory form (``HN-A2``) from one set of
inputs. Files are written atomically; rejected rows go to ``<input>.rejects.csv`` in the
output folder; one summary line per input says "rows read = N = processed + rejected".
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from zwxmt.cleanup.inventory import write_inventory
from zwxmt.errors import InputError
from zwxmt.examples import example_file, example_regions
from zwxmt.examples.job import EXAMPLE_AS_OF, EXAMPLE_INPUTS
from zwxmt.io import write_rejects, write_table
from zwxmt.pipeline.files import run_main_job_files
from zwxmt.regions import zhejiang_regions

__all__ = ["register"]

_OPTIONAL = ("posts", "events", "profiles", "review_posts", "reviews", "messages", "lexicon",
             "inspection", "province_averages")


def _cmd_assess(args: argparse.Namespace) -> int:

    files: dict[str, Any] = {k: getattr(args, k) for k in ("accounts", "metrics", *_OPTIONAL)}
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
                             rulebook=args.rulebook, **files)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    write_table(out / "scores.csv", job.score_columns())
    written.append(out / "scores.csv")
    write_table(out / "host_units.csv", dict(job.host_units().columns))    # ZJG-9.1
    written.append(out / "host_units.csv")
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
        # criteria not evaluated for the account, and why (a value not given, never 0)
        "not_evaluated": ["; ".join(f"{n.code} {n.cite}: {n.reason}" for n in r.not_evaluated)
                          for r in recs],
    })
    written.append(out / "recommendations.csv")
    written += write_inventory(run, out / "inventory.csv", regions=regions)
    for source, rejects in job.rejects.items():
        if rejects:
            path = out / f"{source.replace(' ', '_')}.rejects.csv"
            write_rejects(path, rejects)
            written.append(path)
    lines = [f"main job at {as_of} (rulebook {args.rulebook}):", *job.summary_lines(),
             "scoring columns by source:", *(f"  {x}" for x in job.source_lines()),
             *(["not evaluated per criterion (value not given):",
                *(f"  {x}" for x in run.not_evaluated_lines())]
               if run.not_evaluated_lines() else []),
             *[f"wrote {p}" for p in written]]
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
    p.set_defaults(handler=_cmd_assess)
