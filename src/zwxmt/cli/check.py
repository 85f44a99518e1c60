"""``zwxmt check INPUT --rulebook R --as-of DATE -o OUTPUT``: the spot-check verdict per account.

The inputs are those of ``zwxmt cleanup`` (the account registry, optional posts, events and
profiles; CSV in UTF-8 or GB18030, JSON lines, Parquet or XLSX), read through the declared
schemas. OUTPUT has one row per account: 合格 / 不合格 / 待定, each failing item with its clause
and evidence, the items not evaluated and why, the consequence (e.g. 全县通报, ``HN-5.3-veto``)
and the rulebook's name, content hash and the zwxmt version. Every refused input row is in the
one failure-cases table ``NAME.failures.csv``; the outputs appear together or not at all. Exit
status 3 when every accounts row is refused or ``--max-rejects`` is exceeded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa

from zwxmt.cli._common import stopped
from zwxmt.errors import InputError, RulebookError
from zwxmt.provenance import write_provenance
from zwxmt.regions import RegionIndex, read_regions, zhejiang_regions
from zwxmt.rulebook import bundled_rulebooks, load_rulebook
from zwxmt.table import OutputSet
from zwxmt.table.failures import RejectPolicy, stop_reasons

__all__ = ["regions_for", "register"]


def regions_for(jurisdiction: str, regions: Path | None, *, example: bool = False
                ) -> RegionIndex:
    """The regions and populations of a run: the user's file, the example county's, or
    Zhejiang's census for a Zhejiang rulebook — never Zhejiang's for another jurisdiction."""
    from zwxmt.examples import example_regions

    if regions is not None:
        return read_regions(regions)
    if example:
        return example_regions()
    if "浙江" in jurisdiction:
        return zhejiang_regions()
    raise InputError(
        f"the rulebook's jurisdiction is {jurisdiction}: zwxmt ships no census for it; give "
        "its divisions and resident populations with --regions FILE (docs/rulebooks.md)")


def _cmd_check(args: argparse.Namespace) -> int:
    from zwxmt.checks.run import run_check
    from zwxmt.examples import example_file
    from zwxmt.examples.job import EXAMPLE_AS_OF, EXAMPLE_FILES

    files: dict[str, Any] = {k: getattr(args, k) for k in ("posts", "events", "profiles")}
    if args.example:
        for key, name in EXAMPLE_FILES.items():
            if key in files and files.get(key) is None:
                files[key] = Path(str(example_file(name)))
        accounts = args.input or Path(str(example_file(EXAMPLE_FILES["accounts"])))
        as_of = args.as_of or EXAMPLE_AS_OF
    else:
        if args.input is None:
            raise InputError("give the accounts file INPUT (or --example)")
        if args.as_of is None:
            raise InputError("give the monitoring point --as-of YYYY-MM-DD")
        accounts, as_of = args.input, args.as_of
    book = load_rulebook(args.rulebook, on=as_of, part="checks")
    if not book.has_section("checks"):
        with_checks = [n for n in bundled_rulebooks() if load_rulebook(n).has_section("checks")]
        raise RulebookError(f"rulebook {book.name!r} sets no spot checks (no [checks] section); "
                            f"rulebooks with checks: {', '.join(with_checks)} (the national "
                            "checklist of 国办秘函〔2019〕19号 is national-2019)")
    regions = regions_for(book.meta.jurisdiction, args.regions, example=args.example)
    run = run_check(accounts, regions, as_of, rulebook=book, encoding=args.encoding, **files)
    out = Path(args.output)
    stem = out.name.split(".")[0]
    policy = RejectPolicy.parse(args.max_rejects)
    stop = stop_reasons(run.counts, policy, required=("accounts",))
    bom = not args.no_bom
    written: list[Path] = []
    # the verdicts, the failing items, the failure cases and the provenance: together or not
    with OutputSet(out.parent, manifest=None) as outputs:
        written.append(outputs.write(out.with_name(f"{stem}.failures.csv"), run.failures.table,
                                     bom=bom))
        if not stop:
            written.append(outputs.write(out, pa.table(run.table()), bom=bom))
            if args.items_out:
                items = run.failing_items()
                keys = ("account_id", "item", "clause", "label_zh", "evidence")
                written.append(outputs.write(args.items_out, pa.table(
                    {k: pa.array([r[k] for r in items], pa.string()) for k in keys}), bom=bom))
            written.append(write_provenance(out, run.stamp, as_of=as_of, files=written,
                                            command="check", outputs=outputs))
    lines = [c.line() for c in run.counts]
    if stop:
        return stopped([*lines, *run.failures.head_text(), f"wrote {written[0]}"], stop)
    stamp = run.stamp
    lines = [f"check at {as_of.isoformat()}, rulebook {stamp['rulebook']} "
             f"(hash {stamp['rulebook_hash']}, zwxmt {stamp['zwxmt_version']})",
             *run.summary_lines()]
    lines += [f"notice: {n}" for n in run.notices]
    if len(run.failures):
        lines += ["failure cases (first 10):", *(f"  {x}" for x in run.failures.head_text())]
    lines += [f"wrote {p}" for p in written]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check", help="spot-check verdict per account (合格/不合格, 单项否决)",
        description="Run a rulebook's pass/fail checks (national-2019: 国办秘函〔2019〕19号 "
                    "单项否决; hengnan: HN-5.3 monthly spot check; liaoning; guizhou) over the "
                    "inputs of zwxmt cleanup: one failing item makes the account 不合格.")
    p.add_argument("input", nargs="?", type=Path, help="accounts file (csv, jsonl, parquet)")
    p.add_argument("-o", "--output", required=True, help="verdicts: .csv, .jsonl, .parquet")
    p.add_argument("--rulebook", required=True,
                   help="national-2019, hengnan, liaoning, guizhou, or a rulebook file")
    p.add_argument("--as-of", type=dt.date.fromisoformat, help="monitoring point YYYY-MM-DD")
    p.add_argument("--posts", type=Path, help="posts: post_id, account_id, published_at, ...")
    p.add_argument("--events", type=Path, help="events: account_id, event, date, rectified_on")
    p.add_argument("--profiles", type=Path, help="profiles: account_id and profile columns")
    p.add_argument("--regions", type=Path, help="divisions and resident populations (CSV: "
                   "code, name, level, parent_code, population, census_year)")
    p.add_argument("--items-out", help="also write one row per failing item (clause, evidence)")
    p.add_argument("--encoding", help="encoding of the CSV inputs (default: detected)")
    p.add_argument("--max-rejects", metavar="N|P%",
                   help="stop with exit status 3 (writing only the failure cases) when an "
                        "input has more than N rejected rows or P%% of its rows rejected")
    p.add_argument("--no-bom", action="store_true",
                   help="write CSV without the UTF-8 byte-order mark Excel needs")
    p.add_argument("--example", action="store_true",
                   help="the bundled example county's files for the inputs not given")
    p.set_defaults(handler=_cmd_check)
