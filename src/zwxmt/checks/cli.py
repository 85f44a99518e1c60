"""``zwxmt check``: the per-account verdict of a rulebook's spot checks (合格/不合格)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from zwxmt.errors import InputError
from zwxmt.io import rejects_path, write_rejects, write_table
from zwxmt.provenance import write_provenance
from zwxmt.regions import RegionIndex, read_regions, zhejiang_regions
from zwxmt.rulebook import load_rulebook

__all__ = ["regions_for", "register"]

#: Exit code when every account row was rejected (nothing was checked).
ALL_REJECTED = 3


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
    from zwxmt.checks.run import run_check_files
    from zwxmt.cleanup.pipeline import EXAMPLE_AS_OF, EXAMPLE_FILES
    from zwxmt.examples import example_file

    files: dict[str, Any] = {k: getattr(args, k) for k in ("posts", "events", "profiles")}
    if args.example:
        for key, name in EXAMPLE_FILES.items():
            if key != "accounts" and files.get(key) is None:
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
    regions = regions_for(book.meta.jurisdiction, args.regions, example=args.example)
    run = run_check_files(accounts, regions, as_of, rulebook=args.rulebook, **files)
    out = Path(args.output)
    write_table(out, run.table())
    written = [out]
    if args.items_out:
        items = run.failing_items()
        keys = ("account_id", "item", "clause", "label_zh", "evidence")
        write_table(args.items_out, {k: [r[k] for r in items] for k in keys})
        written.append(Path(args.items_out))
    stem = out.name.split(".")[0]
    for source, rejects in run.rejects.items():
        path = rejects_path(out) if source == "accounts" else \
            out.with_name(f"{stem}.{source}.rejects.csv")
        if rejects:
            write_rejects(path, rejects)
            written.append(path)
    written.append(write_provenance(out, run.stamp, as_of=as_of, files=written,
                                    command="check"))
    stamp = run.stamp
    lines = [f"check at {as_of.isoformat()}, rulebook {stamp['rulebook']} "
             f"(hash {stamp['rulebook_hash']}, zwxmt {stamp['zwxmt_version']})",
             *run.summary_lines(), *(f"wrote {p}" for p in written)]
    sys.stdout.write("\n".join(lines) + "\n")
    if len(run.account_ids) == 0:
        sys.stderr.write("zwxmt: every account row was rejected: nothing checked\n")
        return ALL_REJECTED
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
    p.add_argument("--example", action="store_true",
                   help="the bundled example county's files for the inputs not given")
    p.set_defaults(handler=_cmd_check)
