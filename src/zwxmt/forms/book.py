"""The three forms as workbooks: template, write, read, and telling which form a file is.

``zjg-t1`` (账号开设申请表, 表1) and ``hn-a1`` (备案登记表) hold one record per sheet;
``hn-a2`` (排查及清理整合情况表) one row per account, its header fields (填表单位, 填报人,
联系电话, 统计时间, the title's region) repeated on every record. zwxmt's own fields go on
the sheet :data:`~zwxmt.forms.extras.SHEET`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zwxmt.errors import InputError
from zwxmt.forms import hn_a1, hn_a2, zjg_t1
from zwxmt.forms.cells import CellValueError
from zwxmt.forms.contacts import mask
from zwxmt.forms.extras import EXTRA_FIELDS, EXTRA_KEYS, SHEET, read_extras, write_extras
from zwxmt.forms.fields import CONTACT_KINDS, Field, Record
from zwxmt.forms.sheet import CellReject, SheetForm
from zwxmt.forms.xlsx import FormBook, Grid, read_grids

__all__ = [
    "FORM_CODES",
    "ExtraSheet",
    "FormRead",
    "detect_form",
    "form_fields",
    "mask_records",
    "read_form",
    "workbook_bytes",
    "write_form",
    "write_template",
]

#: The forms by their command-line code.
FORM_CODES = ("zjg-t1", "hn-a1", "hn-a2")
_SHEET_FORMS: dict[str, SheetForm] = {"zjg-t1": zjg_t1.FORM, "hn-a1": hn_a1.FORM}


def form_fields(code: str) -> tuple[Field, ...]:
    """Every field of a form's records, in printed order, then zwxmt's."""
    _check(code)
    own = hn_a2.FORM_FIELDS if code == "hn-a2" else _SHEET_FORMS[code].fields
    return (*own, *EXTRA_FIELDS)


def _check(code: str) -> None:
    if code not in FORM_CODES:
        raise InputError(f"unknown form {code!r}: expected one of {', '.join(FORM_CODES)}")


@dataclass
class FormRead:
    """Records read from a workbook, where each came from, and what was refused."""

    form: str
    records: list[Record] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # "sheet!row" of each record
    rejects: list[CellReject] = field(default_factory=list)
    rejected: int = 0  # records (sheets or rows) refused
    skipped: dict[str, int] = field(default_factory=dict)


def mask_records(code: str, records: Sequence[Record]) -> list[Record]:
    """The records with every contact (phone, QQ, WeChat id) masked."""
    kinds = {f.key: f.kind for f in form_fields(code) if f.kind in CONTACT_KINDS}
    return [{k: mask(v, kinds[k]) if k in kinds and isinstance(v, str) else v  # type: ignore[arg-type]
             for k, v in rec.items()} for rec in records]


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_names(form: SheetForm, records: Sequence[Record]) -> list[str]:
    names: list[str] = []
    for i, rec in enumerate(records, start=1):
        label = rec.get(form.name_field) if form.name_field else None
        base = _BAD_SHEET_CHARS.sub("_", f"{i} {label}" if label else f"{form.name_zh}{i}")
        names.append(base[:31])
    return names


#: A plain table written after the form and zwxmt's sheet: (sheet name, header, rows).
ExtraSheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]


def _plain_sheets(book: FormBook, sheets: Sequence[ExtraSheet]) -> None:
    for name, header, rows in sheets:
        ws = book.sheet(name, landscape=True, widths=[16] * len(header))
        for c, text in enumerate(header):
            book.put(ws, 0, c, text, "plain_bold")
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                book.put(ws, r, c, value, "plain_cell")


def workbook_bytes(code: str, records: Sequence[Record], *, mask_contacts: bool = False,
                   template: bool = False, extra_sheets: Sequence[ExtraSheet] = ()) -> bytes:
    """The filled (or blank) form as XLSX bytes; the same records give the same bytes."""
    _check(code)
    _within_options(code, records)
    book = FormBook()
    if code == "hn-a2":
        if template:
            records = []
        header = records[0] if records else {}
        _same_header(records)
        placed = hn_a2.write_inventory_sheet(book, header, records, mask_contacts=mask_contacts)
        write_extras(book, sorted(((hn_a2.SHEET_NAME, placed[i] + 1, rec.get("name"), rec)
                                   for i, rec in enumerate(records)), key=lambda x: x[1]))
        _plain_sheets(book, extra_sheets)
        return book.bytes()
    form = _SHEET_FORMS[code]
    if template or not records:
        form.write_sheet(book, form.name_zh, {}, mask_contacts=mask_contacts)
        return book.bytes()
    names = _sheet_names(form, records)
    for name, rec in zip(names, records, strict=True):
        form.write_sheet(book, name, rec, mask_contacts=mask_contacts)
    write_extras(book, [(name, 0, rec.get(form.name_field or ""), rec)
                        for name, rec in zip(names, records, strict=True)])
    _plain_sheets(book, extra_sheets)
    return book.bytes()


def _within_options(code: str, records: Sequence[Record]) -> None:
    """Refuse, before anything is written, a value outside a field's printed options."""
    problems = []
    for i, rec in enumerate(records, start=1):
        for f in form_fields(code):
            try:
                f.check_option(rec.get(f.key))
            except CellValueError as exc:
                problems.append(f"record {i}, {f.label} ({f.key}): {exc}; allowed: {exc.allowed}")
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InputError("values outside the printed options are never written into the "
                         "form: " + "; ".join(problems[:5]) + more)


def _same_header(records: Sequence[Record]) -> None:
    for i, rec in enumerate(records[1:], start=2):
        for f in hn_a2.HEADER_FIELDS:
            if rec.get(f.key) != records[0].get(f.key):
                raise InputError(f"record {i}: {f.label} ({f.key}) differs from record 1: "
                                 "one HN-A2 form has one header")


def write_form(code: str, records: Sequence[Record], path: str | Path, *,
               mask_contacts: bool = False, extra_sheets: Sequence[ExtraSheet] = ()) -> None:
    """Write the filled form to ``path`` atomically."""
    from zwxmt.table import atomic_path

    data = workbook_bytes(code, records, mask_contacts=mask_contacts,
                          extra_sheets=extra_sheets)
    with atomic_path(path) as tmp, tmp.open("wb") as fh:
        fh.write(data)


def write_template(code: str, path: str | Path) -> None:
    """Write the blank form as printed."""
    from zwxmt.table import atomic_path

    data = workbook_bytes(code, [], template=True)
    with atomic_path(path) as tmp, tmp.open("wb") as fh:
        fh.write(data)


def detect_form(grids: Sequence[Grid]) -> str | None:
    """Which form a workbook holds: the first sheet that is one decides."""
    for grid in grids:
        if grid.name == SHEET:
            continue
        if hn_a2.is_inventory(grid):
            return "hn-a2"
        for code, form in _SHEET_FORMS.items():
            if form.matches(grid):
                return code
    return None


def read_form(path: str | Path, code: str | None = None) -> FormRead:
    """Read a filled form; ``code`` None detects the form from the sheets.

    A record with any refused value is left out whole and its values are in the rejects
    (sheet, cell, field, value, what is allowed)."""
    grids = read_grids(path)
    if code is None:
        code = detect_form(grids)
        if code is None:
            raise InputError(f"{path}: no sheet is one of the forms {', '.join(FORM_CODES)} "
                             "(their printed headers were not found)")
    _check(code)
    extras: dict[tuple[str, int], tuple[str | None, Record]] = {}
    out = FormRead(code)
    for grid in grids:
        if grid.name == SHEET:
            extras, rej = read_extras(grid)
            out.rejects += rej
    for grid in grids:
        if grid.name == SHEET:
            continue
        if code == "hn-a2":
            inv = hn_a2.read_inventory(grid)
            if inv is None:
                _unknown_sheet(out, grid, code)
                continue
            out.rejects += inv.rejects
            out.rejected += len(inv.rejected_rows)
            for k, v in inv.skipped.items():
                out.skipped[k] = out.skipped.get(k, 0) + v
            for row, rec in zip(inv.row_numbers, inv.rows, strict=True):
                _add(out, grid.name, row, {**inv.header, **rec}, extras, rec.get("name"))
            continue
        form = _SHEET_FORMS[code]
        if not form.matches(grid):
            _unknown_sheet(out, grid, code)
            continue
        rec, rej = form.read_sheet(grid)
        if rej:
            out.rejects += rej
            out.rejected += 1
            continue
        _add(out, grid.name, 0, rec, extras, rec.get(form.name_field or ""))
    return out


def _unknown_sheet(out: FormRead, grid: Grid, code: str) -> None:
    if any(str(v).strip() for row in grid.rows for v in row):
        out.skipped["other sheets"] = out.skipped.get("other sheets", 0) + 1


def _add(out: FormRead, sheet: str, row: int, rec: Record,
         extras: dict[tuple[str, int], tuple[str | None, Record]], name: object) -> None:
    extra: Record = dict.fromkeys(EXTRA_KEYS)
    got = extras.get((sheet, row))
    if got is not None:
        written_name, values = got
        if written_name is not None and name is not None and written_name != name:
            out.rejects.append(CellReject(
                SHEET, f"row for {sheet}!{row}", "名称", written_name,
                f"the zwxmt sheet names {written_name!r} where the form has {name!r}: "
                "the form was edited after zwxmt wrote it", "the 名称 of the form's row"))
            out.rejected += 1
            return
        extra = values
    out.records.append({**rec, **extra})
    out.sources.append(f"{sheet}!{row}" if row else sheet)
