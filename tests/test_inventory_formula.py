"""Issue #9: a cell that begins with ``=`` (or ``+``, ``-``, ``@``) in an account's name is
written into the HN-A2 workbook as text, never as a live formula."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from zwxmt.cli import main
from zwxmt.examples import example_file

PAYLOAD = "=cmd|' /C calc'!A0"


def test_a_formula_in_a_name_is_written_as_text(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(example_file("accounts.csv").read_text("utf-8"))))
    rows[0]["name"] = PAYLOAD
    src = tmp_path / "accounts.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "form.xlsx"
    assert main(["cleanup", str(src), "-o", str(out), "--as-of", "2026-10-31",
                 "--with-example-townships"]) == 0
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist()
                  if n.startswith("xl/worksheets/")]
        strings = z.read("xl/sharedStrings.xml").decode("utf-8") \
            if "xl/sharedStrings.xml" in z.namelist() else ""
    assert not any("<f>" in s or "<f " in s for s in sheets), "a live formula was written"
    assert "cmd|' /C calc'!A0".replace("'", "&apos;") in strings or \
        "cmd|' /C calc'!A0" in strings or any("calc" in s for s in sheets)
