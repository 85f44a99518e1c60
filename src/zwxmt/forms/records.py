"""Form records as files (JSON lines, CSV, Parquet): one record per line, field keys as
columns, in the form's printed order then zwxmt's. Reading validates every value with the
field's own parser, so a records file takes what the form takes (是/否, 2023年1月31日, …).
Files are read and written by the table layer (:func:`zwxmt.table.read_raw`,
:func:`zwxmt.table.write_table`: CSV with BOM, formula-safe, atomic)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zwxmt.errors import EmptyInputError, InputError
from zwxmt.forms.book import form_fields
from zwxmt.forms.cells import parse_column
from zwxmt.forms.fields import Record
from zwxmt.forms.sheet import CellReject
from zwxmt.table import read_raw, write_table

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
    write_table(records_columns(code, records, sources), path)


def read_records(path: str | Path, code: str) -> tuple[list[Record], list[CellReject]]:
    """Records of a form from a file; a record with a refused value goes to the rejects."""
    try:
        raw = read_raw(path, allow_empty=True)
    except EmptyInputError:  # no record written: a JSON lines file of no line
        return [], []
    header = raw.column_names
    fields = form_fields(code)
    known = {f.key for f in fields} | {SOURCE}
    unknown = [h for h in header if h not in known]
    if unknown:
        raise InputError(f"{path}: columns not in the {code} records: {', '.join(unknown)} "
                         f"(expected {', '.join(f.key for f in fields)})")
    name = Path(path).name
    n = raw.num_rows
    numbers = raw.row_numbers
    ok = [True] * n
    values: dict[str, list[Any]] = {}
    rejects: list[CellReject] = []
    for f in fields:  # column by column, each distinct value parsed once
        column = raw.table.column(f.key).to_pylist() if f.key in header else [None] * n
        got, errors = parse_column(column, f.parse)
        if f.kind == "ticks":
            got = [() if g is None else g for g in got]
        values[f.key] = got
        for j, err in errors.items():
            ok[j] = False
            rejects.append(CellReject(name, f"row {numbers[j]}", f.key, str(column[j]),
                                      str(err), err.allowed))
    keys = [f.key for f in fields]
    records = [{k: values[k][j] for k in keys} for j in range(n) if ok[j]]
    return records, sorted(rejects, key=lambda r: (int(r.cell.split()[1]), r.field))
