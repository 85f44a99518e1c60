"""The main job's inputs on the command line, shared by ``zwxmt assess`` and ``zwxmt report``.

Each input is an option (``--accounts``, ``--metrics``, ``--posts``…); a folder of inputs
(``INPUTS``) supplies those not given under their standard names (:data:`STANDARD_NAMES`,
the bundled example county's, with any of the extensions ``.csv``, ``.jsonl``,
``.parquet``, ``.xlsx``); ``--example`` supplies the bundled example county's files.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from zwxmt.errors import InputError
from zwxmt.examples import example_file, example_regions
from zwxmt.examples.job import EXAMPLE_AS_OF, EXAMPLE_INPUTS
from zwxmt.pipeline.files import run_main_job_files
from zwxmt.pipeline.job import MainJob
from zwxmt.regions import RegionIndex, zhejiang_regions

__all__ = ["FORM_OPTIONS", "OPTIONAL", "STANDARD_NAMES", "accounts_source", "add_form_options",
           "add_input_arguments", "load_job"]

#: What an accounts form filled by an office does not hold (zwxmt's sheet does).
FORM_OPTIONS = ("region_code", "county_code", "level", "kind")

OPTIONAL = ("posts", "events", "profiles", "review_posts", "reviews", "messages", "lexicon",
            "inspection", "province_averages")

#: Input -> the file stems looked for in a folder of inputs, in order.
STANDARD_NAMES: Mapping[str, tuple[str, ...]] = {
    **{k: (Path(v).stem,) for k, v in EXAMPLE_INPUTS.items()},
    "metrics": ("monthly_metrics", "metrics"),
    "province_averages": ("province_averages",),
}
_EXTENSIONS = (".csv", ".jsonl", ".parquet", ".xlsx")


def add_form_options(p: argparse.ArgumentParser) -> None:
    """What an accounts form filled by an office does not hold (zwxmt's sheet does)."""
    g = p.add_argument_group("accounts given as a form (HN-A2 or HN-A1 .xlsx, docs/forms.md)")
    g.add_argument("--region-code", help="区划代码 of the accounts the form lists")
    g.add_argument("--county-code", help="县（市、区）区划代码 (default: the region's)")
    g.add_argument("--level", help="层级: province, city, county or township")
    g.add_argument("--kind", help="账号类别: main, department, township or other")


def accounts_source(path: Any, args: argparse.Namespace) -> Any:
    """The accounts input: the path, or an :class:`~zwxmt.forms.AccountsForm` when a form
    option is given (a form without them is still recognised by the accounts reader)."""
    defaults = {k: getattr(args, k, None) for k in FORM_OPTIONS}
    if path is None or not any(defaults.values()):
        return path
    from zwxmt.forms.accounts import AccountsForm

    return AccountsForm(Path(path), defaults)


def add_input_arguments(p: argparse.ArgumentParser) -> None:
    """The input options of the main job."""
    p.add_argument("--accounts", type=Path,
                   help="account registry (csv, jsonl, parquet, xlsx, or an HN-A2/HN-A1 form)")
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
    p.add_argument("--rulebook", default="zhejiang",
                   help="zhejiang (former name zhejiang-2023) or a rulebook file")
    p.add_argument("--example", action="store_true",
                   help="the bundled example county's files for the inputs not given")
    p.add_argument("--with-example-townships", action="store_true",
                   help="add the example county's townships to the census regions")
    p.add_argument("--encoding", help="encoding of the CSV inputs (default: UTF-8, UTF-8 with "
                   "BOM or GB18030, detected)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar (none is shown either when stderr is not a terminal)")
    add_form_options(p)


def _from_folder(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of inputs")
    found: dict[str, Path] = {}
    for key, stems in STANDARD_NAMES.items():
        for stem in stems:
            hit = next((folder / (stem + e) for e in _EXTENSIONS
                        if (folder / (stem + e)).is_file()), None)
            if hit is not None:
                found[key] = hit
                break
    return found


def load_job(args: argparse.Namespace, progress: Callable[[str], None] | None = None,
             *, folder: Path | None = None) -> tuple[MainJob, RegionIndex, dt.date]:
    """Run the main job on the inputs the arguments name; returns it, the regions and the
    assessment date."""
    files: dict[str, Any] = {k: getattr(args, k) for k in ("accounts", "metrics", *OPTIONAL)}
    if folder is not None:
        for key, path in _from_folder(folder).items():
            if files.get(key) is None:
                files[key] = path
    if args.example:
        for key, name in EXAMPLE_INPUTS.items():
            if files.get(key) is None:
                files[key] = Path(str(example_file(name)))
        regions = example_regions()
        as_of = args.as_of or EXAMPLE_AS_OF
    else:
        if files["accounts"] is None or files["metrics"] is None:
            raise InputError("give --accounts and --metrics, a folder of inputs, or --example")
        regions = example_regions() if args.with_example_townships else zhejiang_regions()
        if args.as_of is None:
            raise InputError("give the assessment date --as-of YYYY-MM-DD")
        as_of = args.as_of
    accounts, metrics = accounts_source(files.pop("accounts"), args), files.pop("metrics")
    job = run_main_job_files(accounts, metrics, regions, as_of, first_month=args.first_month,
                             rulebook=args.rulebook, encoding=args.encoding,
                             progress=progress, **files)
    return job, regions, as_of
