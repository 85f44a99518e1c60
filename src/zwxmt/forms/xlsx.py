"""XLSX in and out for the forms: deterministic writing (xlsxwriter), reading (calamine).

Writing uses xlsxwriter: it writes merged ranges, borders, wrapping, A4 print setup and page
breaks, and with a fixed creation time every run writes the same bytes (its zip entries carry
a fixed timestamp; openpyxl stamps the current time). Text always goes in with
``write_string`` and the workbook refuses to turn strings into formulas, so a cell that
begins with ``=``, ``+``, ``-`` or ``@`` stays text. Reading uses python-calamine (Rust), the
project's reader for the table layer. Both are in the optional extra ``xlsx``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zwxmt.errors import InputError
from zwxmt.table import atomic_path

__all__ = [
    "FIXED_CREATED",
    "LINE_HEIGHT",
    "FormBook",
    "Grid",
    "cell_ref",
    "read_grids",
    "text_lines",
]

#: The creation time written into every workbook's document properties, so that two runs
#: write identical bytes (the files say nothing true about when they were made).
FIXED_CREATED = dt.datetime(2000, 1, 1, 0, 0, 0)

_NEEDS = "XLSX needs the optional extra: pip install 'zwxmt[xlsx]'"


def cell_ref(row: int, col: int) -> str:
    """``C7`` for row 6, column 2 (both 0-based)."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


@dataclass(frozen=True)
class Grid:
    """One sheet's values, row-major from A1 (blank cells are "")."""

    name: str
    rows: tuple[tuple[Any, ...], ...]
    merged: tuple[tuple[int, int, int, int], ...]
    width: int = -1  # computed from the rows when not given

    def __post_init__(self) -> None:
        if self.width < 0:
            object.__setattr__(self, "width", max((len(r) for r in self.rows), default=0))

    def get(self, r: int, c: int) -> Any:
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return ""

    @property
    def height(self) -> int:
        return len(self.rows)


def read_grids(path: str | Path) -> list[Grid]:
    """Every sheet of an XLSX (or XLS/ODS) file, with absolute positions."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise InputError(_NEEDS) from None
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for a broken file
        raise InputError(f"{path}: not a readable spreadsheet ({exc})") from None
    grids = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        try:
            merged = tuple((a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or ()))
        except Exception:  # pragma: no cover - merged ranges are known for XLSX only
            merged = ()
        grids.append(Grid(name, tuple(tuple(r) for r in rows), merged))
    return grids


#: Points per printed line of 11-point text (xlsxwriter does not fit row heights to wrapped
#: text, and a spreadsheet program opening the file does not either).
LINE_HEIGHT = 15.0


def text_lines(value: object, width: float) -> int:
    """Lines a value takes when wrapped in a cell ``width`` characters wide (a CJK character
    is two)."""
    if not isinstance(value, str) or not value:
        return 1
    lines = 0
    for line in value.split("\n"):
        units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        lines += max(1, math.ceil(units / max(width - 1, 1)))
    return lines


#: Cell styles of the forms (宋体 as the printed forms; 仿宋 for filled values).
_STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter",
              "font_name": "宋体"},
    "caption": {"font_size": 11, "align": "center", "valign": "vcenter", "font_name": "宋体"},
    "block": {"font_size": 11, "align": "left", "valign": "vcenter", "font_name": "宋体"},
    "label": {"border": 1, "align": "center", "valign": "vcenter", "text_wrap": True,
              "font_size": 11, "font_name": "宋体"},
    "hint": {"border": 1, "align": "left", "valign": "top", "text_wrap": True,
             "font_size": 10, "font_name": "宋体", "font_color": "#404040"},
    "value": {"border": 1, "align": "left", "valign": "vcenter", "text_wrap": True,
              "font_size": 11, "font_name": "仿宋"},
    "number": {"border": 1, "align": "right", "valign": "vcenter", "font_size": 11,
               "font_name": "仿宋", "num_format": "0"},
    "money": {"border": 1, "align": "right", "valign": "vcenter", "font_size": 11,
              "font_name": "仿宋", "num_format": "0.00"},
    "date": {"border": 1, "align": "center", "valign": "vcenter", "font_size": 11,
             "font_name": "仿宋", "num_format": "yyyy-mm-dd"},
    "date_zh": {"border": 1, "align": "left", "valign": "vcenter", "font_size": 11,
                "font_name": "仿宋", "num_format": 'yyyy"年"m"月"d"日"'},
    "group": {"border": 1, "bold": True, "align": "left", "valign": "vcenter",
              "font_size": 11, "font_name": "宋体", "bg_color": "#F2F2F2"},
    "note": {"align": "left", "valign": "top", "text_wrap": True, "font_size": 10,
             "font_name": "宋体"},
    "plain": {"font_size": 11, "font_name": "宋体", "valign": "vcenter"},
    "plain_bold": {"font_size": 11, "font_name": "宋体", "bold": True, "border": 1,
                   "text_wrap": True, "valign": "vcenter"},
    "plain_cell": {"font_size": 11, "font_name": "宋体", "border": 1, "text_wrap": True,
                   "valign": "vcenter"},
}


class FormBook:
    """A workbook being written: sheets, styles, safe cells; :meth:`save` writes it atomically."""

    def __init__(self) -> None:
        try:
            import xlsxwriter
        except ImportError:
            raise InputError(_NEEDS) from None
        self._buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self._buffer, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False})
        self.book.set_properties({"created": FIXED_CREATED, "author": "zwxmt",
                                  "title": "", "comments": ""})
        self.styles = {k: self.book.add_format(v) for k, v in _STYLES.items()}

    def sheet(self, name: str, *, landscape: bool = False, widths: Sequence[float] = ()) -> Any:
        """A new sheet set up to print on A4 (fit to one page wide, centred)."""
        ws = self.book.add_worksheet(name[:31])
        ws.set_paper(9)  # A4
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
        ws.center_horizontally()
        ws.fit_to_pages(1, 0)
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        return ws

    def put(self, ws: Any, r: int, c: int, value: Any, style: str, *,
            r2: int | None = None, c2: int | None = None) -> None:
        """Write one (possibly merged) cell; text always as text, never a formula."""
        fmt = self.styles[style]
        r2 = r if r2 is None else r2
        c2 = c if c2 is None else c2
        merged = (r2, c2) != (r, c)
        if merged:
            ws.merge_range(r, c, r2, c2, "", fmt)
        if value is None or value == "":
            if not merged:
                ws.write_blank(r, c, None, fmt)
        elif isinstance(value, bool):
            ws.write_string(r, c, "是" if value else "否", fmt)
        elif isinstance(value, int | float):
            ws.write_number(r, c, value, fmt)
        elif isinstance(value, dt.datetime | dt.date):
            d = value if isinstance(value, dt.datetime) else dt.datetime(
                value.year, value.month, value.day)
            ws.write_datetime(r, c, d, fmt)
        else:
            ws.write_string(r, c, str(value), fmt)

    def bytes(self) -> bytes:
        self.book.close()
        return self._buffer.getvalue()

    def save(self, path: str | Path) -> None:
        data = self.bytes()
        with atomic_path(path) as tmp, tmp.open("wb") as fh:
            fh.write(data)

