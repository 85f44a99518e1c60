"""Form records as files (JSON lines, CSV, Parquet): one record per line, field keys as
columns, in the form's printed order then zwxmt's. Reading validates every value with the
field's own parser, so a records file takes what the form takes (是/否, 2023年1月31日, …)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zwxmt.errors import InputError
from zwxmt.forms.book import form_fields
from zwxmt.forms.cells import parse_column
from zwxmt.forms.fields import Record
from zwxmt.forms.sheet import CellReject
from zwxmt.io import read_table, write_table

__all__ = ["SOURCE", "read_records", "records_columns", "write_records"]

#: The column naming where a record came from (sheet!row); ignored on input.
SOURCE = "source"


def records_columns(code: str, records: Sequence[Record],
                    sources: Sequence[str] | None = None) -> dict[str, list[Any]]:
    fields = form_fields(code)
    cols: dict[str, list[Any]] = {}
    if sources is not None:
        cols[SOURCE] = list(sources)
    for f in fields:
        cols[f.key] = [f.to_json(rec.get(f.key)) for rec in records]
    return cols


def write_records(path: str | Path, code: str, records: Sequence[Record],
                  sources: Sequence[str] | None = None) -> None:
    """Write records (atomically) as JSON lines, CSV or Parquet, by the file's extension."""
    write_table(path, records_columns(code, records, sources))


def read_records(path: str | Path, code: str) -> tuple[list[Record], list[CellReject]]:
    """Records of a form from a file; a record with a refused value goes to the rejects."""
    header, rows = read_table(path)
    fields = form_fields(code)
    known = {f.key for f in fields} | {SOURCE}
    unknown = [h for h in header if h not in known]
    if unknown:
        raise InputError(f"{path}: columns not in the {code} records: {', '.join(unknown)} "
                         f"(expected {', '.join(f.key for f in fields)})")
    at = {h: i for i, h in enumerate(header)}
    name = Path(path).name
    n = len(rows)
    ok = [True] * n
    values: dict[str, list[Any]] = {}
    rejects: list[CellReject] = []
    for f in fields:  # column by column, each distinct value parsed once
        i = at.get(f.key)
        raw = [row[i] if i is not None and i < len(row) else None for row in rows]
        got, errors = parse_column(raw, f.parse)
        if f.kind == "ticks":
            got = [() if g is None else g for g in got]
        values[f.key] = got
        for j, err in errors.items():
            ok[j] = False
            rejects.append(CellReject(name, f"row {j + 2}", f.key, str(raw[j]), str(err),
                                      err.allowed))
    keys = [f.key for f in fields]
    records = [{k: values[k][j] for k in keys} for j in range(n) if ok[j]]
    return records, sorted(rejects, key=lambda r: (int(r.cell.split()[1]), r.field))
