"""``zwxmt review INPUT -o OUTPUT``: the content-review audit on files.

INPUT is a folder holding ``review_posts.csv`` and any of ``reviews.csv``, ``messages.csv``,
``lexicon.csv``, ``accounts.csv``, ``inspection.csv`` (see :mod:`zwxmt.review.inputs`), or
the publication log itself with the other files named by options. OUTPUT receives every
finding (CSV, JSON lines or Parquet, by extension); the per-account-period summary (the
health-index inputs ``serious_errors``, ``general_errors``, ``poor_responses``) goes to
``--summary`` (default ``NAME.summary.csv`` beside OUTPUT) and refused rows to
``NAME.rejects.csv``. One line per input file states rows read = processed + rejected.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from zwxmt.io import rejects_path, write_rejects, write_table
from zwxmt.review.inputs import find_inputs, load_inputs
from zwxmt.review.parameters import ReviewParameters
from zwxmt.review.report import run_review
from zwxmt.rulebook import load_rulebook

__all__ = ["register", "summary_path"]


def summary_path(output: str | Path) -> Path:
    out = Path(output)
    return out.with_name(f"{out.name.split('.')[0]}.summary.csv")


def _cmd_review(args: argparse.Namespace) -> int:
    book = load_rulebook(args.rulebook)
    params = book.section(ReviewParameters)
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    if as_of is not None:
        book.check_in_force(as_of)
    files = find_inputs(args.input, reviews=args.reviews, messages=args.messages,
                        lexicon=args.lexicon, accounts=args.accounts,
                        inspection=args.inspection)
    inputs, loaded = load_inputs(files, params)
    report = run_review(inputs, params, as_of=as_of, engine=args.engine)
    write_table(args.output, report.findings.as_columns())
    summary = Path(args.summary) if args.summary else summary_path(args.output)
    write_table(summary, report.summary)
    rejects = [r for got in loaded for r in got.rejects]
    lines: list[str] = [got.summary_line() for got in loaded]
    if rejects:
        write_rejects(rejects_path(args.output), sorted(rejects))
        lines.append(f"rejects: {rejects_path(args.output)}")
    counts = report.findings.count_by_code()
    by_code = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    lines.append(f"findings: {len(report.findings)}" + (f" ({by_code})" if counts else ""))
    lines.append(f"summary: {summary} ({len(report.summary['account_id'])} account-periods); "
                 f"as of {report.as_of}; lexicon engine {report.engine}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "review", help="audit a publication log: 三审, content, interaction, entrusted operation")
    p.add_argument("input", help="a folder of review files, or the publication log")
    p.add_argument("-o", "--output", required=True, help="findings file (.csv/.jsonl/.parquet)")
    p.add_argument("--summary", help="per-account-period summary file")
    p.add_argument("--reviews", help="review records (审核记录)")
    p.add_argument("--messages", help="message log (留言记录)")
    p.add_argument("--lexicon", help="lexicon of terms tagged serious/general/advertising/opinion")
    p.add_argument("--accounts", help="accounts with their operators")
    p.add_argument("--inspection", help="inspection records (检查记录)")
    p.add_argument("--as-of", help="audit date YYYY-MM-DD (default: the latest date in the logs)")
    p.add_argument("--engine", choices=("auto", "aho-corasick", "numpy"), default="auto",
                   help="lexicon matcher (auto: numpy for terms of up to 8 characters, "
                   "else aho-corasick if installed)")
    p.add_argument("--rulebook", default="zhejiang-2023", help="rulebook name or file")
    p.set_defaults(handler=_cmd_review)
