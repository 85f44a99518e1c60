"""``zwxmt review INPUT -o OUTPUT``: the content-review audit on files.

INPUT is a folder holding ``review_posts`` and any of ``reviews``, ``messages``, ``lexicon``,
``accounts``, ``inspection`` (``.csv``, ``.xlsx``, ``.parquet`` or ``.jsonl``; see
:mod:`zwxmt.review.inputs`), or the publication log itself with the other files named by
options. OUTPUT receives every finding (CSV, JSON lines, Parquet or XLSX, by extension); the
per-account-period summary (the health-index inputs ``serious_errors``, ``general_errors``,
``poor_responses``) goes to ``--summary`` (default ``NAME.summary.csv`` beside OUTPUT) and the
failure cases of every input to one table, ``NAME.rejects.csv``. The outputs of a run appear
together or not at all.

One line per input states rows read = used + rejected. Exit status 3 (nothing but the
failure-cases table written) when every row of the publication log, or of any other input
that has rows, is rejected, or when an input's rejects exceed ``--max-rejects N|P%``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from zwxmt.cli._common import out
from zwxmt.io import rejects_path
from zwxmt.review.inputs import REQUIRED_ROLES, Loaded, find_inputs, load_inputs
from zwxmt.review.parameters import ReviewParameters
from zwxmt.review.report import run_review
from zwxmt.rulebook import load_rulebook
from zwxmt.table import EXIT_REJECTS, Failures, OutputSet, RejectPolicy, rejects_verdict
from zwxmt.table.options import TableOptions, add_arguments

__all__ = ["register", "stop_reasons", "summary_path"]


def summary_path(output: str | Path) -> Path:
    out = Path(output)
    return out.with_name(f"{out.name.split('.')[0]}.summary.csv")


def stop_reasons(loaded: list[Loaded], policy: RejectPolicy) -> list[str]:
    """Why the run stops with exit status 3: an input whose every row was rejected (the
    publication log also when it has no rows at all) or whose rejects exceed ``policy``."""
    reasons = []
    for item in loaded:
        required = item.role in REQUIRED_ROLES or item.counts.read > 0
        why = rejects_verdict(item.counts, policy, required=required, name=item.name)
        if why is not None:
            reasons.append(why)
    return reasons


def _cmd_review(args: argparse.Namespace) -> int:
    book = load_rulebook(args.rulebook)
    params = book.section(ReviewParameters)
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    if as_of is not None:
        book.check_in_force(as_of)
    options = TableOptions.from_args(args)
    policy = options.max_rejects
    files = find_inputs(args.input, reviews=args.reviews, messages=args.messages,
                        lexicon=args.lexicon, accounts=args.accounts,
                        inspection=args.inspection)
    inputs, loaded = load_inputs(files, params, as_of=as_of, encoding=options.encoding,
                                 sheet=options.sheet)
    failures = Failures.concat([item.failures for item in loaded])
    rejects = rejects_path(args.output)
    bom = options.bom
    lines = [line for item in loaded for line in item.notices]
    lines += [item.summary_line() for item in loaded]
    reasons = stop_reasons(loaded, policy)
    if reasons:
        with OutputSet(manifest=None) as outputs:
            outputs.write(rejects, failures.table, bom=bom)
        out("\n".join(lines))
        sys.stderr.write("".join(f"zwxmt: stopped (exit {EXIT_REJECTS}): {r}\n"
                                 for r in reasons)
                         + f"zwxmt: failure cases: {rejects}\n")
        return EXIT_REJECTS
    report = run_review(inputs, params, as_of=as_of, engine=args.engine)
    summary = Path(args.summary) if args.summary else summary_path(args.output)
    with OutputSet(manifest=None) as outputs:
        outputs.write(args.output, report.findings, bom=bom)
        outputs.write(summary, report.summary, bom=bom)
        outputs.write(rejects, failures.table, bom=bom)
    lines.append(f"failure cases: {rejects} ({len(failures)})")
    counts = report.findings.count_by_code()
    by_code = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    lines.append(f"findings: {len(report.findings)}" + (f" ({by_code})" if counts else ""))
    lines.append(f"summary: {summary} ({report.summary.num_rows} account-periods); "
                 f"as of {report.as_of}; lexicon engine {report.engine}")
    out("\n".join(lines))
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "review", help="audit a publication log: 三审, content, interaction, entrusted operation")
    p.add_argument("input", help="a folder of review files, or the publication log")
    p.add_argument("-o", "--output", required=True,
                   help="findings file (.csv/.jsonl/.parquet/.xlsx)")
    p.add_argument("--summary", help="per-account-period summary file")
    p.add_argument("--reviews", help="review records (审核记录)")
    p.add_argument("--messages", help="message log (留言记录)")
    p.add_argument("--lexicon", help="lexicon of terms tagged serious/general/advertising/opinion")
    p.add_argument("--accounts", help="accounts with their operators")
    p.add_argument("--inspection", help="inspection records (检查记录)")
    p.add_argument("--as-of", help="audit date YYYY-MM-DD (default: the latest date in the logs; "
                   "times after it are rejected, after today when not given)")
    p.add_argument("--engine", choices=("auto", "aho-corasick", "numpy"), default="auto",
                   help="lexicon matcher (auto: numpy for terms of up to 8 characters, "
                   "else aho-corasick if installed)")
    p.add_argument("--rulebook", default="zhejiang", help="rulebook name or file")
    add_arguments(p)
    p.set_defaults(handler=_cmd_review)
