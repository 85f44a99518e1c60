"""``zwxmt cleanup INPUT -o OUTPUT``: the inventory form (``HN-A2``) with recommended measures.

INPUT is the account registry (CSV in UTF-8 or GB18030, JSON lines, Parquet or XLSX; the
columns of the ``accounts`` schema, ``zwxmt schema accounts``, English or Chinese headers,
optionally with the profile columns). Posts (streamed), events, scores, province averages and
profiles are optional inputs. OUTPUT is the form: ``.xlsx`` or ``.csv``/``.jsonl``/``.parquet``
with ``NAME.summary.csv`` and ``NAME.details.jsonl`` beside it. Every refused input row is in
the one failure-cases table ``NAME.failures.csv``; the outputs appear together or not at all;
the command prints, per input, "rows read = N = processed + rejected". Exit status 3 when every
accounts row is refused or ``--max-rejects`` is exceeded (only the failure cases written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from zwxmt.cleanup import parameters as _params  # registers the rulebook section
from zwxmt.cleanup.inventory import (
    SUMMARY_HEADERS,
    inventory_form,
    summary_by_county,
    write_inventory,
)
from zwxmt.cleanup.pipeline import CleanupRun, run_cleanup
from zwxmt.cli._common import stopped
from zwxmt.cli._inputs import accounts_source, add_form_options
from zwxmt.errors import InputError
from zwxmt.examples import example_file, example_regions
from zwxmt.examples.job import EXAMPLE_AS_OF, EXAMPLE_FILES, example_run
from zwxmt.regions import RegionIndex
from zwxmt.rulebook import DEFAULT_RULEBOOK, canonical_name, load_rulebook
from zwxmt.table import OutputSet
from zwxmt.table.failures import RejectPolicy, stop_reasons

__all__ = ["register"]

_ = _params


def _last_day_of_previous_month(today: dt.date) -> dt.date:
    return today.replace(day=1) - dt.timedelta(days=1)


def _cmd_cleanup(args: argparse.Namespace) -> int:
    from zwxmt.cli.check import regions_for

    files: dict[str, Any] = {k: getattr(args, k) for k in
                             ("posts", "events", "scores", "averages", "profiles")}
    given = any(v is not None for v in files.values()) or args.input is not None
    if args.example and not given and args.as_of in (None, EXAMPLE_AS_OF) \
            and args.first_month is None and canonical_name(args.rulebook) == DEFAULT_RULEBOOK:
        # the example county as the main job runs it: scored from its own metrics and posts

        run = example_run()
        as_of = EXAMPLE_AS_OF
        regions = example_regions()
        return _write_run(args, run, as_of, regions)
    if args.example:
        for key, name in EXAMPLE_FILES.items():
            if key != "accounts" and files.get(key) is None:
                files[key] = Path(str(example_file(name)))
        accounts = args.input or Path(str(example_file(EXAMPLE_FILES["accounts"])))
        as_of = args.as_of or EXAMPLE_AS_OF
        regions = example_regions()
    else:
        if args.input is None:
            raise InputError("give the accounts file INPUT (or --example)")
        accounts = args.input
        as_of = args.as_of or _last_day_of_previous_month(dt.date.today())
        if args.with_example_townships:
            regions = example_regions()
        else:
            # a Zhejiang rulebook reads Zhejiang's census; any other needs the user's regions
            book = load_rulebook(args.rulebook)
            regions = regions_for(book.meta.jurisdiction, args.regions)
    run = run_cleanup(accounts_source(accounts, args), regions, as_of,
                      first_month=args.first_month, rulebook=args.rulebook,
                      encoding=args.encoding, **files)
    return _write_run(args, run, as_of, regions)


def _write_run(args: argparse.Namespace, run: CleanupRun, as_of: dt.date,
               regions: RegionIndex) -> int:
    form = None
    if args.filing_unit and args.filled_by and args.phone:
        form = inventory_form(run, filing_unit=args.filing_unit, filled_by=args.filled_by,
                              phone=args.phone)
    out = Path(args.output)
    stem = out.name.split(".")[0]
    policy = RejectPolicy.parse(args.max_rejects)
    stop = stop_reasons(run.counts, policy, required=("accounts",))
    bom = not args.no_bom
    written: list[Path] = []
    # the form, its companions and the failure cases appear together or not at all
    with OutputSet(out.parent, manifest=None) as outputs:
        written.append(outputs.write(out.with_name(f"{stem}.failures.csv"), run.failures.table,
                                     bom=bom))
        if not stop:
            written += write_inventory(run, out, regions=regions, form=form, outputs=outputs,
                                       mask_contacts=args.mask_contacts)
            if args.activity_out and run.activity is not None:
                written.append(outputs.write(args.activity_out, run.activity.to_arrow(),
                                             bom=bom))
            if args.gaps_out and run.activity is not None:
                written.append(outputs.write(args.gaps_out, run.activity.gaps.to_arrow(),
                                             bom=bom))
    skipped = [f"not written: {path} (no posts given: activity unknown)"
               for path in (args.activity_out, args.gaps_out)
               if path and run.activity is None and not stop]
    if stop:
        return stopped([*run.summary_lines(), *run.failures.head_text(),
                        f"wrote {written[0]}"], stop)
    lines = [f"cleanup at {as_of.isoformat()} ({run.history.grid.labels[0]}.."
             f"{run.history.grid.labels[-1]}), rulebook {run.stamp.get('rulebook', args.rulebook)}"
             f" (hash {run.stamp.get('rulebook_hash', '-')}, zwxmt "
             f"{run.stamp.get('zwxmt_version', '-')})", *run.summary_lines(),
             *skipped]

    summary = summary_by_county(run, regions)
    for i, county in enumerate(summary["county"]):
        counts = ", ".join(f"{SUMMARY_HEADERS[m]} {summary[m][i]}"
                           for m in list(SUMMARY_HEADERS)[3:])
        lines.append(f"{county} {summary['county_name'][i]}: {summary['accounts'][i]} accounts: "
                     f"{counts}")
    lines += [f"notice: {n}" for n in run.notices]
    if len(run.failures):
        lines += ["failure cases (first 10):", *(f"  {x}" for x in run.failures.head_text())]
    if run.findings.not_evaluated:
        lines.append("not evaluated (data not given): " + ", ".join(run.findings.not_evaluated))
    missing = run.not_evaluated_lines()
    if missing:
        lines += ["not evaluated per criterion (value not given):", *(f"  {x}" for x in missing)]
    lines += [f"wrote {p}" for p in written]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "cleanup", help="cleanup criteria, measures and the inventory form (HN-A2)",
        description="Evaluate the exit criteria (ZJG-6.5.1, ZJG-6.1.2, ZJO-2.1, HN-4.1) for "
                    "every account and write the inventory form with the recommended measure.")
    p.add_argument("input", nargs="?", type=Path,
                   help="accounts file (csv, jsonl, parquet, or an HN-A2/HN-A1 form .xlsx)")
    p.add_argument("-o", "--output", required=True, help="the form: .xlsx, .csv, .jsonl")
    p.add_argument("--posts", type=Path, help="posts: post_id, account_id, published_at, "
                   "original, reads")
    p.add_argument("--events", type=Path, help="events: account_id, event, date, rectified_on")
    p.add_argument("--scores", type=Path, help="scores: account_id, period, operation_index, "
                   "total (the scoring engine's output)")
    p.add_argument("--averages", type=Path, help="province same-type averages: platform, "
                   "period, operation_index, total")
    p.add_argument("--profiles", type=Path, help="profiles: account_id and the AccountProfile "
                   "columns (staff, funding, contacts, commitments)")
    p.add_argument("--as-of", type=dt.date.fromisoformat,
                   help="assessment date (default: the last day of the previous month)")
    p.add_argument("--from", dest="first_month",
                   help="first month YYYY-MM (default: 12 months before the assessment month)")
    p.add_argument("--rulebook", default=DEFAULT_RULEBOOK,
                   help="zhejiang (default; former name zhejiang-2023), hengnan, liaoning, or a "
                        "rulebook file or folder (which may extend a bundled one)")
    p.add_argument("--regions", type=Path, help="divisions and resident populations (CSV: "
                   "code, name, level, parent_code, population, census_year); needed for a "
                   "rulebook outside Zhejiang")
    p.add_argument("--activity-out", help="also write the activity per account and month")
    p.add_argument("--gaps-out", help="also write the no-update runs of 14 days or more")
    p.add_argument("--encoding", help="encoding of the CSV inputs (default: UTF-8, UTF-8 with "
                   "BOM or GB18030, detected)")
    p.add_argument("--max-rejects", metavar="N|P%",
                   help="stop with exit status 3 (writing only the failure cases) when an "
                        "input has more than N rejected rows or P%% of its rows rejected; an "
                        "accounts file with every row rejected always stops")
    p.add_argument("--no-bom", action="store_true",
                   help="write CSV without the UTF-8 byte-order mark Excel needs")
    p.add_argument("--filing-unit", help="填表单位")
    p.add_argument("--filled-by", help="填报人")
    p.add_argument("--phone", help="联系电话")
    add_form_options(p)
    p.add_argument("--mask-contacts", action="store_true",
                   help="mask phone numbers in the form (138****5678)")
    p.add_argument("--example", action="store_true",
                   help="the bundled example county: alone, the main job's cleanup (scored "
                        "from the example's metrics and posts); with files, the example's "
                        "files for the inputs not given")
    p.add_argument("--with-example-townships", action="store_true",
                   help="add the example county's townships to the census regions")
    p.set_defaults(handler=_cmd_cleanup)
