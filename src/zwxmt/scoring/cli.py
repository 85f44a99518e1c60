"""``zwxmt score`` and ``zwxmt explain``: the assessment of ZJG-9.2-T2 from the command line.

``zwxmt score INPUT -o OUTPUT`` reads raw metrics or sub-index scores (CSV, JSON lines or
Parquet; columns in ``docs/schema.md``), writes one result row per account and period, and
writes every refused row to ``OUTPUT-stem.rejects.csv`` with row number, field and reason.
``--regions`` and ``--averages`` also write the region results (ZJG-9.1) and the province
same-type averages. ``zwxmt explain INPUT --account ID --period P`` prints the tree of one
score with every weight, parameter and citation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from zwxmt.calendar import parse_period
from zwxmt.io import rejects_path, write_rejects, write_table
from zwxmt.provenance import write_provenance
from zwxmt.rulebook import DEFAULT_RULEBOOK, Rulebook, load_rulebook
from zwxmt.scoring.engine import reject_out_of_force, score
from zwxmt.scoring.frame import read_frame
from zwxmt.scoring.result import ScoreResult
from zwxmt.scoring.tables import ScoringSection

__all__ = ["register"]


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _load(args: argparse.Namespace) -> tuple[ScoreResult, list[Any], int]:
    result, rejects, n, _ = _load_with_book(args)
    return result, rejects, n


def _load_with_book(args: argparse.Namespace) -> tuple[ScoreResult, list[Any], int, Rulebook]:
    book = load_rulebook(args.rulebook)
    section = book.section(ScoringSection)
    frame, rejects, n = read_frame(args.input, section)
    frame, out_of_force = reject_out_of_force(frame, book)   # row by row (ZJG-9.2)
    return score(frame, book), sorted([*rejects, *out_of_force]), n, book


def _public(columns: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in columns.items() if not k.startswith("_")}


def _period_end(label: str) -> dt.date:
    """The last day of the latest period scored: the provenance's assessment date."""
    return parse_period(label).end


def _cmd_score(args: argparse.Namespace) -> int:
    result, rejects, n, book = _load_with_book(args)
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
    written = [Path(p) for p in (args.output, rej_path, args.regions, args.averages) if p]
    periods: Any = result.to_columns().get("period", [])
    last = max((str(p) for p in periods), default="")
    as_of = _period_end(last) if last else dt.date.today()
    prov = write_provenance(args.output, book.stamp(), as_of=as_of, files=written,
                            command="score")
    vetoed = int(np.count_nonzero(result.vetoes))
    _out(f"rows read = {n} = scored {scored} + rejected {rejected}; "
         f"{len(result)} {args.period} results ({vetoed} with a veto) -> {args.output}; "
         f"rejects -> {rej_path} (rulebook {result.rulebook}, hash {book.content_hash}; "
         f"provenance -> {prov})")
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    result, _, _ = _load(args)
    if len(args.period) != 7 or "Q" in args.period:
        result = result.aggregate("quarter" if "Q" in args.period else "year")
    try:
        tree = result.explain(args.account, args.period)
    except KeyError as exc:
        sys.stderr.write(f"zwxmt: {exc.args[0]}\n")
        return 1
    if args.format == "json":
        _out(json.dumps(tree.as_dict(), ensure_ascii=False, indent=2))
    else:
        _out(tree.render())
    return 0


def register(sub: Any) -> None:
    """Add ``score`` and ``explain`` to the ``zwxmt`` command line."""
    p = sub.add_parser("score", help="score accounts (ZJG-9.2-T2): raw metrics or sub-scores")
    p.add_argument("input", help="CSV, JSON lines or Parquet (columns: docs/schema.md)")
    p.add_argument("-o", "--output", required=True, help="result file (.csv/.jsonl/.parquet)")
    p.add_argument("--rulebook", default=DEFAULT_RULEBOOK, help="bundled name or a file")
    p.add_argument("--period", choices=("month", "quarter", "year"), default="month",
                   help="monthly results, or quarterly/yearly from the months (ZJG-9.2)")
    p.add_argument("--regions", help="also write county/city/province results here")
    p.add_argument("--averages", help="also write province same-platform averages here")
    p.set_defaults(handler=_cmd_score)

    p = sub.add_parser("explain", help="explain one account's score down to the clause")
    p.add_argument("input", help="the scoring input file")
    p.add_argument("--account", required=True, help="account_id")
    p.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn or YYYY")
    p.add_argument("--rulebook", default=DEFAULT_RULEBOOK, help="bundled name or a file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_cmd_explain)
