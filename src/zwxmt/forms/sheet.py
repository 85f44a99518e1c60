"""Forms that hold one record per sheet (表1 ``ZJG-6.1.1-T1``, 备案登记表 ``HN-A1``).

A form is its printed layout: boxes (merged cells) of printed text, labels, and the values
the record fills. A value box is found, when the form is read, from the printed label that
anchors it (the label's position in the sheet plus the box's offset from it in the layout),
so a form whose office inserted a row above, or moved the table one column right, still
reads. A box whose printed text holds ``{}`` (``单位名称（盖章）：{}``) holds its value inside
the printed text, as offices fill those lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zwxmt.forms.cells import (
    CellValueError,
    flexible_pattern,
    is_blank,
    norm,
    pick_ticks,
    render_date,
)
from zwxmt.forms.composite import COMPOSITES
from zwxmt.forms.contacts import mask
from zwxmt.forms.fields import CONTACT_KINDS, Field, Record
from zwxmt.forms.xlsx import LINE_HEIGHT, FormBook, Grid, cell_ref, text_lines

__all__ = ["Box", "CellReject", "SheetForm"]


@dataclass(frozen=True, order=True)
class CellReject:
    """One refused value: the sheet, the cell (``C7``), the field, the value, what is allowed."""

    sheet: str
    cell: str
    field: str
    value: str
    reason: str
    allowed: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"sheet": self.sheet, "cell": self.cell, "field": self.field,
                "value": self.value, "reason": self.reason, "allowed": self.allowed}

    def message(self) -> str:
        allowed = f"; allowed: {self.allowed}" if self.allowed else ""
        return f"sheet {self.sheet!r}, cell {self.cell}, {self.field}: {self.reason}{allowed}"


@dataclass(frozen=True)
class Box:
    """A printed cell (``r..r2`` x ``c..c2``, 0-based, merged when larger than one cell).

    ``text``: the printed words; with ``field`` and a ``{}`` in ``text`` the value is written
    into the text. ``anchor``: the printed label (and which occurrence of it) that locates a
    value box when the form is read. ``boxes``: the value is shown as ☑/□ printed options.
    """

    r: int
    c: int
    r2: int
    c2: int
    style: str
    text: str = ""
    field: str | None = None
    anchor: tuple[str, int] | None = None
    boxes: bool = False
    composite: str | None = None  # several fields in one cell (see zwxmt.forms.composite)


def prepared(f: Field, value: Any, mask_contacts: bool) -> Any:
    """A value checked against the printed options (never written outside them) and, on
    request, its contact masked."""
    f.check_option(value)
    if mask_contacts and f.kind in CONTACT_KINDS and isinstance(value, str):
        return mask(value, f.kind)  # type: ignore[arg-type]
    return value


def read_composite(sheet: str, where: str, name: str, raw: Any, fields: Mapping[str, Field],
                   record: Record) -> list[CellReject]:
    """Split a composite cell into its fields, validating each; fills ``record``."""
    comp = COMPOSITES[name]
    if is_blank(raw):
        record.update(dict.fromkeys(comp.keys))
        return []
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
    try:
        parts = comp.split(text)
    except CellValueError as exc:
        record.update(dict.fromkeys(comp.keys))
        label = "/".join(fields[k].label for k in comp.keys)
        return [CellReject(sheet, where, label, text, str(exc), exc.allowed)]
    rejects = []
    for key in comp.keys:
        f = fields[key]
        try:
            record[key] = f.parse(parts.get(key))
        except CellValueError as exc:
            record[key] = None
            rejects.append(CellReject(sheet, where, f.key, text, str(exc), exc.allowed))
    return rejects


def _label_key(text: Any) -> str:
    return norm(str(text)).rstrip(":") if isinstance(text, str) else ""


@dataclass(frozen=True)
class SheetForm:
    """A one-record-per-sheet form: fields, printed layout, print setup."""

    code: str
    cite: str
    name_zh: str
    fields: tuple[Field, ...]
    layout: tuple[Box, ...]
    widths: tuple[float, ...]
    row_heights: Mapping[int, float]
    breaks: tuple[int, ...] = ()
    name_field: str | None = None  # the field that names the sheet of a record
    #: printed tables: (header label, rows printed, the label printed after the table); a
    #: row an office added to one is refused, not dropped
    tables: tuple[tuple[str, int, str], ...] = ()

    @property
    def by_key(self) -> dict[str, Field]:
        return {f.key: f for f in self.fields}

    # -- writing ---------------------------------------------------------------------------

    def _value(self, f: Field, value: Any, box: Box, mask_contacts: bool) -> Any:
        value = prepared(f, value, mask_contacts)
        if box.boxes:
            return f.render_boxes(value)
        if f.kind == "date" and ("{}" in box.text or value is None):
            return render_date(value)  # the printed blank 年  月  日 when not given
        if f.kind == "ticks":
            return "、".join(value or ())
        if f.kind == "yesno" and value is not None:
            return "是" if value else "否"
        return value

    def write_sheet(self, book: FormBook, name: str, record: Record, *,
                    mask_contacts: bool = False) -> None:
        """Write ``record`` as one printed sheet named ``name``."""
        ws = book.sheet(name, widths=self.widths)
        heights = dict(self.row_heights)
        fields = self.by_key
        for box in self.layout:
            value: Any = box.text
            style = box.style
            if box.composite is not None:
                comp = COMPOSITES[box.composite]
                value = comp.render({k: prepared(fields[k], record.get(k), mask_contacts)
                                     for k in comp.keys})
            elif box.field is not None:
                f = fields[box.field]
                inner = self._value(f, record.get(box.field), box, mask_contacts)
                if f.kind == "ticks" and f.other_label is not None:
                    other = record.get(f"{box.field}_other") or ""
                    inner = f"{inner}\n{f.other_label}{f.other_hint}{other or '_' * 26}"
                if "{}" in box.text:
                    value = box.text.replace("{}", "" if inner is None else str(inner))
                else:
                    value = inner
                    if f.kind == "date" and value is not None:
                        style = "date_zh"
                    elif f.kind == "count" and value is not None:
                        style = "number"
                    elif f.kind == "money" and value is not None:
                        style = "money"
            book.put(ws, box.r, box.c, value, style, r2=box.r2, c2=box.c2)
            if style not in ("title", "note"):  # wrapped text: rows tall enough to print it
                width = sum(self.widths[box.c:box.c2 + 1])
                need = text_lines(value, width) * LINE_HEIGHT / (box.r2 - box.r + 1)
                for r in range(box.r, box.r2 + 1):
                    heights[r] = max(heights.get(r, LINE_HEIGHT), need)
        for row, height in sorted(heights.items()):
            ws.set_row(row, height)
        if self.breaks:
            ws.set_h_pagebreaks(list(self.breaks))
        ws.print_area(0, 0, max(b.r2 for b in self.layout), len(self.widths) - 1)

    # -- reading ---------------------------------------------------------------------------

    def matches(self, grid: Grid) -> bool:
        """Whether a sheet is this form: most of its printed labels are there."""
        labels = {_label_key(b.text) for b in self.layout
                  if b.field is None and b.style == "label" and b.text}
        present = {_label_key(v) for row in grid.rows for v in row if isinstance(v, str)}
        return len(labels & present) >= max(3, len(labels) // 2)

    def _label_positions(self, grid: Grid) -> dict[str, list[tuple[int, int]]]:
        index: dict[str, list[tuple[int, int]]] = {}
        for r, row in enumerate(grid.rows):
            for c, v in enumerate(row):
                key = _label_key(v)
                if key:
                    index.setdefault(key, []).append((r, c))
        return index

    def _layout_positions(self) -> dict[tuple[str, int], Box]:
        seen: dict[str, int] = {}
        out: dict[tuple[str, int], Box] = {}
        for box in self.layout:
            if box.field is None and box.composite is None and box.text:
                key = _label_key(box.text)
                k = seen.get(key, 0)
                seen[key] = k + 1
                out[(key, k)] = box
        return out

    def read_sheet(self, grid: Grid) -> tuple[Record, list[CellReject]]:
        """The record a sheet holds and every value it refuses (sheet, cell, allowed)."""
        fields = self.by_key
        found = self._label_positions(grid)
        printed = self._layout_positions()
        record: Record = {}
        rejects: list[CellReject] = []
        taken: set[tuple[int, int]] = set()
        for box in self.layout:
            if box.composite is not None:
                raw, pos = self._locate(grid, box, found, printed, taken)
                where = cell_ref(*pos) if pos is not None else cell_ref(box.r, box.c)
                rejects += read_composite(grid.name, where, box.composite, raw, fields, record)
                continue
            if box.field is None:
                continue
            f = fields[box.field]
            raw, pos = self._locate(grid, box, found, printed, taken)
            if pos is not None:
                taken.add(pos)
            where = cell_ref(*pos) if pos is not None else cell_ref(box.r, box.c)
            other = ""
            if f.kind == "ticks" and f.other_label is not None and isinstance(raw, str):
                try:
                    chosen, other = pick_ticks(raw, f.options, f.synonyms, f.other_label)
                except CellValueError as exc:
                    rejects.append(CellReject(grid.name, where, f.key, str(raw), str(exc),
                                              exc.allowed))
                    continue
                record[f.key] = chosen
                record[f"{f.key}_other"] = other or None
                continue
            try:
                record[f.key] = f.parse(raw)
            except CellValueError as exc:
                rejects.append(CellReject(grid.name, where, f.key, str(raw), str(exc),
                                          exc.allowed))
        for f in self.fields:
            if f.kind == "ticks" and f.other_label is not None:
                record.setdefault(f"{f.key}_other", None)
        rejects += self._added_rows(grid, found)
        return record, rejects

    def _added_rows(self, grid: Grid, found: Mapping[str, Sequence[tuple[int, int]]],
                    ) -> list[CellReject]:
        out = []
        for header, printed, after in self.tables:
            top = found.get(_label_key(header))
            if not top:
                continue
            hr, hc = top[0]
            stop = _label_key(after)
            r = hr + printed + 1
            while r < grid.height and not any(
                    _label_key(v).startswith(stop) for v in grid.rows[r]):
                if any(not is_blank(v) for v in grid.rows[r][hc:]):
                    out.append(CellReject(
                        grid.name, cell_ref(r, hc), header, "", f"a row added to the table "
                        f"under {header}: the form prints {printed} rows",
                        f"at most {printed} rows (file further ones on a second form)"))
                r += 1
        return out

    def _locate(self, grid: Grid, box: Box, found: Mapping[str, Sequence[tuple[int, int]]],
                printed: Mapping[tuple[str, int], Box], taken: set[tuple[int, int]],
                ) -> tuple[Any, tuple[int, int] | None]:
        if "{}" in box.text:
            return self._inline(grid, box, taken)
        if box.anchor is None:
            return grid.get(box.r, box.c), (box.r, box.c)
        key = _label_key(box.anchor[0])
        hits = found.get(key, ())
        label = printed.get((key, box.anchor[1]))
        if label is None:  # pragma: no cover - a layout error, caught by the tests
            raise AssertionError(f"{self.code}: no printed label {box.anchor}")
        if box.anchor[1] < len(hits):
            lr, lc = hits[box.anchor[1]]
            pos = (lr + box.r - label.r, lc + box.c - label.c)
        else:
            pos = (box.r, box.c)
        return grid.get(*pos), pos

    def _inline(self, grid: Grid, box: Box, taken: set[tuple[int, int]],
                ) -> tuple[Any, tuple[int, int] | None]:
        before, _, after = box.text.partition("{}")
        pat = re.compile("^" + flexible_pattern(before) + r"(?P<v>.*?)" +
                         flexible_pattern(after) + r"\s*$", re.S)
        for r, row in enumerate(grid.rows):
            for c, v in enumerate(row):
                if (r, c) in taken or not isinstance(v, str) or is_blank(v):
                    continue
                m = pat.match(v.strip())
                if m is not None and (before.strip() or after.strip()):
                    value = m.group("v").strip().strip("_").strip()
                    return value, (r, c)
        return None, None
