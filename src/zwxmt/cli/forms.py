"""``zwxmt forms``: the official forms as offices fill them (docs/forms.md).

- ``zwxmt forms template FORM -o blank.xlsx``: the blank form as printed;
- ``zwxmt forms read FILE [--form FORM] -o records.{jsonl,csv,parquet}``: the records a
  filled workbook holds; refused values go to ``NAME.rejects.csv`` (sheet, cell, field, value,
  reason, allowed);
- ``zwxmt forms write RECORDS --form FORM -o filled.xlsx``: records into the printed form
  (表1 and HN-A1 one record per sheet, HN-A2 one row per account).

FORM is ``zjg-t1`` (账号开设申请表, 表1), ``hn-a1`` (备案登记表) or ``hn-a2``
(排查及清理整合情况表).
``--mask-contacts`` masks phone numbers, QQ numbers and WeChat ids in what is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zwxmt.cli._common import out
from zwxmt.forms.book import FORM_CODES, mask_records, read_form, write_form, write_template
from zwxmt.forms.records import read_records, write_records
from zwxmt.forms.sheet import CellReject
from zwxmt.table import write_table

__all__ = ["register"]


def _write_rejects(output: str | Path, rejects: Sequence[CellReject]) -> Path | None:
    """``NAME.rejects.csv`` beside the output."""
    target = Path(output)
    path = target.with_name(f"{target.name.split('.')[0]}.rejects.csv")
    if not rejects:
        return None
    cols: dict[str, list[Any]] = {k: [] for k in ("sheet", "cell", "field", "value", "reason",
                                                   "allowed")}
    for r in rejects:
        for k, v in r.as_dict().items():
            cols[k].append(v)
    write_table(cols, path)
    return path


def _cmd_template(args: argparse.Namespace) -> int:
    write_template(args.form, args.output)
    out(f"wrote {args.output}")
    return 0


def _cmd_read(args: argparse.Namespace) -> int:
    got = read_form(args.file, args.form)
    records = mask_records(got.form, got.records) if args.mask_contacts else got.records
    write_records(args.output, got.form, records, got.sources)
    unit = "rows" if got.form == "hn-a2" else "sheets"
    lines = [f"{got.form}: records read = {len(got.records) + got.rejected} = "
             f"{len(got.records)} processed + {got.rejected} rejected ({unit})"]
    if got.skipped:
        lines.append("skipped (not records): " + ", ".join(
            f"{k} {v}" for k, v in sorted(got.skipped.items())))
    lines += [f"  {r.message()}" for r in got.rejects[:20]]
    if len(got.rejects) > 20:
        lines.append(f"  … {len(got.rejects) - 20} more")
    lines.append(f"wrote {args.output}")
    path = _write_rejects(args.output, got.rejects)
    if path is not None:
        lines.append(f"wrote {path}")
    out("\n".join(lines))
    return 0


def _cmd_write(args: argparse.Namespace) -> int:
    records, rejects = read_records(args.records, args.form)
    write_form(args.form, records, args.output, mask_contacts=args.mask_contacts)
    lines = [f"{args.form}: records read = {len(records) + len({r.cell for r in rejects})} = "
             f"{len(records)} written + {len({r.cell for r in rejects})} rejected"]
    lines += [f"  {r.message()}" for r in rejects[:20]]
    lines.append(f"wrote {args.output}")
    path = _write_rejects(args.output, rejects)
    if path is not None:
        lines.append(f"wrote {path}")
    out("\n".join(lines))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "forms", help="the official forms (表1, HN-A1, HN-A2) as XLSX: template, read, write",
        description="Read and write the official forms as printed: 账号开设申请表 (zjg-t1, "
                    "ZJG-6.1.1-T1), 备案登记表 (hn-a1, HN-A1), 排查及清理整合情况表 (hn-a2, "
                    "HN-A2). See docs/forms.md.")
    forms = p.add_subparsers(dest="forms_command", required=True)
    t = forms.add_parser("template", help="the blank form as printed")
    t.add_argument("form", choices=FORM_CODES)
    t.add_argument("-o", "--output", required=True, help="the .xlsx to write")
    t.set_defaults(handler=_cmd_template)
    r = forms.add_parser("read", help="the records of a filled form, with its rejects")
    r.add_argument("file", type=Path, help="a filled form (.xlsx)")
    r.add_argument("--form", choices=FORM_CODES, help="the form (default: told from the sheets)")
    r.add_argument("-o", "--output", required=True, help="records: .jsonl, .csv or .parquet")
    r.add_argument("--mask-contacts", action="store_true",
                   help="mask phone numbers, QQ numbers and WeChat ids in the output")
    r.set_defaults(handler=_cmd_read)
    w = forms.add_parser("write", help="records into the printed form")
    w.add_argument("records", type=Path, help="records: .jsonl, .csv or .parquet")
    w.add_argument("--form", choices=FORM_CODES, required=True)
    w.add_argument("-o", "--output", required=True, help="the .xlsx to write")
    w.add_argument("--mask-contacts", action="store_true",
                   help="mask phone numbers, QQ numbers and WeChat ids in the form")
    w.set_defaults(handler=_cmd_write)
