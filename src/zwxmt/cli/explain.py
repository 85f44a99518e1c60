"""``zwxmt explain INPUT --account ID --period P``: the tree of one score, with every weight,
parameter and citation (``ZJG-9.2-T2``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from zwxmt.cli._common import out
from zwxmt.cli.score import InputRefused, add_input_options, load_scores
from zwxmt.table.failures import EXIT_REJECTS, rejects_verdict

__all__ = ["register"]


def _cmd_explain(args: argparse.Namespace) -> int:
    try:
        result, got = load_scores(args)
    except InputRefused as exc:
        sys.stderr.write(f"zwxmt: {exc}\n")
        return EXIT_REJECTS
    verdict = rejects_verdict(got.counts, name=got.source)
    if verdict is not None:
        sys.stderr.write(f"zwxmt: {verdict}\n" + "".join(
            f"  {line}\n" for line in got.failures.head_text(5)))
        return EXIT_REJECTS
    if len(got.failures):
        sys.stderr.write(f"zwxmt: {got.counts.rejected} of {got.counts.read} rows refused "
                         "(zwxmt score writes them to NAME.rejects.csv)\n")
    if len(args.period) != 7 or "Q" in args.period:
        result = result.aggregate("quarter" if "Q" in args.period else "year")
    try:
        tree = result.explain(args.account, args.period)
    except (KeyError, ValueError) as exc:
        sys.stderr.write(f"zwxmt: {exc.args[0]}\n")
        return 1
    if args.format == "json":
        out(json.dumps(tree.as_dict(), ensure_ascii=False, indent=2))
    else:
        out(tree.render())
    return 0


def register(sub: Any) -> None:
    """Add ``explain`` to the ``zwxmt`` command line."""
    p = sub.add_parser("explain", help="explain one account's score down to the clause")
    p.add_argument("input", help="the scoring input (CSV, JSON lines, Parquet or XLSX)")
    p.add_argument("--account", required=True, help="account_id")
    p.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn or YYYY")
    add_input_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_cmd_explain)
