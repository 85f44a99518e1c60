"""``zwxmt score``: the assessment of ZJG-9.2-T2 from the command line.

``zwxmt score INPUT -o OUTPUT`` reads raw metrics or sub-index scores (CSV, JSON lines or
Parquet; columns in ``docs/schema.md``), writes one result row per account and period, and
writes every refused row to ``OUTPUT-stem.rejects.csv`` with row number, field and reason.
``--regions`` and ``--averages`` also write the region results (ZJG-9.1) and the province
same-type averages.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from zwxmt.cli._common import out
from zwxmt.io import rejects_path, write_rejects, write_table
from zwxmt.rulebook import DEFAULT_RULEBOOK, load_rulebook
from zwxmt.scoring.engine import score
from zwxmt.scoring.frame import read_frame
from zwxmt.scoring.parameters import ScoringSection
from zwxmt.scoring.result import ScoreResult

__all__ = ["load_scores", "register"]


def load_scores(args: argparse.Namespace) -> tuple[ScoreResult, list[Any], int]:
    book = load_rulebook(args.rulebook)
    section = book.section(ScoringSection)
    frame, rejects, n = read_frame(args.input, section)
    return score(frame, book), rejects, n


def _public(columns: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in columns.items() if not k.startswith("_")}


def _cmd_score(args: argparse.Namespace) -> int:
    result, rejects, n = load_scores(args)
    if args.period != "month":
        result = result.aggregate(args.period)
    write_table(args.output, result.to_columns(input_order=True))
    rej_path = rejects_path(args.output)
    write_rejects(rej_path, rejects)
    rejected = len({r.row for r in rejects})
    scored = n - rejected
    if args.regions:
        write_table(args.regions, _public(dict(result.regions().columns)))
    if args.averages:
        # the file form the cleanup rules read (ZJG-6.5.1(1)): the averages under the
        # account-result names operation_index and total
        avg = result.province_platform_averages()
        write_table(args.averages, {
            "platform": avg["platform"], "period": avg["period"], "accounts": avg["accounts"],
            "operation_index": avg["province_platform_average_operation"],
            "total": avg["province_platform_average_total"]})
    vetoed = int(np.count_nonzero(result.vetoes))
    out(f"rows read = {n} = scored {scored} + rejected {rejected}; "
         f"{len(result)} {args.period} results ({vetoed} with a veto) -> {args.output}; "
         f"rejects -> {rej_path} (rulebook {result.rulebook})")
    return 0


def register(sub: Any) -> None:
    """Add ``score`` to the ``zwxmt`` command line."""
    p = sub.add_parser("score", help="score accounts (ZJG-9.2-T2): raw metrics or sub-scores")
    p.add_argument("input", help="CSV, JSON lines or Parquet (columns: docs/schema.md)")
    p.add_argument("-o", "--output", required=True, help="result file (.csv/.jsonl/.parquet)")
    p.add_argument("--rulebook", default=DEFAULT_RULEBOOK, help="bundled name or a file")
    p.add_argument("--period", choices=("month", "quarter", "year"), default="month",
                   help="monthly results, or quarterly/yearly from the months (ZJG-9.2)")
    p.add_argument("--regions", help="also write county/city/province results here")
    p.add_argument("--averages", help="also write province same-platform averages here")
    p.set_defaults(handler=_cmd_score)
