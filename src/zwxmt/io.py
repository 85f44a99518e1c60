"""Tabular input and output: CSV, JSON lines and (with the ``parquet`` extra) Parquet.

Batch entry points never drop a row silently (house rule 4). :func:`coerce_columns` turns raw
text columns into typed numpy arrays against a declared :class:`ColumnSpec` list and returns,
beside the arrays, every failure as a :class:`Reject` naming the row (1-based data row, the
header excluded), the field and what was expected. Writers write atomically: to a temporary
file in the target folder, then ``os.replace``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import math
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import numpy.typing as npt

from zwxmt.errors import InputError

__all__ = [
    "ColumnSpec",
    "Reject",
    "Table",
    "atomic_open",
    "atomic_write_text",
    "coerce_columns",
    "read_optional_table",
    "read_table",
    "reject_rows",
    "rejects_path",
    "table_format",
    "write_rejects",
    "write_table",
]

Kind = Literal["str", "int", "float", "bool", "date", "month"]
Table = dict[str, npt.NDArray[Any]]

_TRUE = {"true", "1", "yes", "y", "t", "是", "☑是", "√"}
_FALSE = {"false", "0", "no", "n", "f", "否", "☑否", ""}


@dataclass(frozen=True)
class ColumnSpec:
    """A column of a batch input: English name, Chinese alias, type and bounds."""

    name: str
    zh: str
    kind: Kind
    required: bool = True
    default: Any = None
    min: float | None = None
    max: float | None = None
    choices: Mapping[str, str] | None = None  # accepted input (any case) -> canonical value
    description: str = ""
    cite: str = ""


@dataclass(frozen=True, order=True)
class Reject:
    """One refused input row: where, which field, what it held and why."""

    row: int
    field: str
    reason: str
    value: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "value": self.value, "reason": self.reason}


@dataclass
class _Coerced:
    columns: Table
    ok: npt.NDArray[np.bool_]
    rejects: list[Reject] = field(default_factory=list)


def table_format(path: str | Path) -> str:
    """``csv``, ``jsonl`` or ``parquet`` from the file name."""
    name = str(path).lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    raise InputError(f"cannot tell the format of {str(path)!r}: use .csv, .jsonl or .parquet")


def _require_pyarrow() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - depends on the optional extra
        raise InputError(
            "Parquet needs the optional extra: pip install 'zwxmt[parquet]'") from None
    return pq


def read_table(path: str | Path) -> tuple[list[str], list[list[Any]]]:
    """Read a file into a header and rows of raw values (text for CSV).

    JSON lines: one object per line; the header is the union of keys in first-seen order.
    A line that is not a JSON object raises :class:`InputError` with its row number.
    """
    fmt = table_format(path)
    if fmt == "csv":
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            return [h.strip() for h in header], [row for row in reader]
    if fmt == "jsonl":
        objects: list[dict[str, Any]] = []
        with open(path, encoding="utf-8") as fh:
            for i, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"not valid JSON: {exc.msg}", row=i) from None
                if not isinstance(obj, dict):
                    raise InputError("a JSON line must be an object", row=i)
                objects.append(obj)
        keys: list[str] = []
        seen: set[str] = set()
        for obj in objects:
            for key in obj:
                if key not in seen:
                    seen.add(key)
                    keys.append(key)
        return keys, [[obj.get(k) for k in keys] for obj in objects]
    pq = _require_pyarrow()
    tbl = pq.read_table(path)
    cols = tbl.column_names
    data = [tbl.column(c).to_pylist() for c in cols]
    return list(cols), [list(r) for r in zip(*data, strict=True)] if data else []


def read_optional_table(
    path: str | Path | None,
) -> tuple[list[str], list[list[Any]]] | None:
    """:func:`read_table` for an optional input: None for no path; an empty file is an error."""
    if path is None:
        return None
    header, rows = read_table(path)
    if not header:
        raise InputError(f"{path}: empty file (no header)")
    return header, rows


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (
        isinstance(v, float) and math.isnan(v))


def _parse(kind: Kind, raw: Any, spec: ColumnSpec) -> Any:
    if kind == "str":
        return str(raw).strip()
    if kind == "int":
        if isinstance(raw, bool):
            raise ValueError("expected a whole number, got a boolean")
        f = float(raw)
        if not f.is_integer():
            raise ValueError("expected a whole number")
        return int(f)
    if kind == "float":
        if isinstance(raw, bool):
            raise ValueError("expected a number, got a boolean")
        f = float(raw)
        if math.isnan(f) or math.isinf(f):
            raise ValueError("expected a finite number")
        return f
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        key = str(raw).strip().lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise ValueError("expected true/false (是/否)")
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        return dt.date.fromisoformat(str(raw).strip()[:10])
    if kind == "month":
        text = str(raw).strip()
        d = dt.date.fromisoformat(text + "-01") if len(text) == 7 else None
        if d is None:
            raise ValueError("expected a month YYYY-MM")
        return text
    raise AssertionError(kind)  # pragma: no cover


_DTYPES: dict[Kind, Any] = {
    "str": object, "int": np.int64, "float": np.float64, "bool": np.bool_,
    "date": "datetime64[D]", "month": object,
}


def _expected(spec: ColumnSpec) -> str:
    words = {
        "str": "text", "int": "a whole number", "float": "a number", "bool": "true/false",
        "date": "a date YYYY-MM-DD", "month": "a month YYYY-MM",
    }[spec.kind]
    if spec.choices is not None:
        words = "one of " + ", ".join(sorted(set(spec.choices.values())))
    if spec.min is not None and spec.max is not None:
        words += f" in [{spec.min:g}, {spec.max:g}]"
    elif spec.min is not None:
        words += f" >= {spec.min:g}"
    elif spec.max is not None:
        words += f" <= {spec.max:g}"
    return words


def resolve_header(header: Sequence[str], specs: Sequence[ColumnSpec]) -> dict[str, int]:
    """Map each spec's name to its column index, accepting the English or the Chinese name.

    Raises :class:`InputError` when a required column is missing or a column is given twice.
    """
    index: dict[str, int] = {}
    positions = {h: i for i, h in enumerate(header)}
    for spec in specs:
        hits = [positions[k] for k in (spec.name, spec.zh) if k and k in positions]
        if len(set(hits)) > 1:
            raise InputError(f"column given twice, as {spec.name!r} and {spec.zh!r}")
        if hits:
            index[spec.name] = hits[0]
        elif spec.required:
            raise InputError(
                f"missing column {spec.name!r} ({spec.zh}): expected {_expected(spec)}")
    return index


def coerce_columns(
    header: Sequence[str], rows: Sequence[Sequence[Any]], specs: Sequence[ColumnSpec],
    *, first_row: int = 1,
) -> _Coerced:
    """Type every declared column; collect every failure instead of stopping at the first.

    Returns typed arrays (one entry per input row; a rejected row's values are placeholders)
    and ``ok``, the mask of rows with no failure. Rows are numbered from ``first_row``.
    """
    n = len(rows)
    index = resolve_header(header, specs)
    ok = np.ones(n, dtype=np.bool_)
    rejects: list[Reject] = []
    columns: Table = {}
    for spec in specs:
        col = index.get(spec.name)
        values: list[Any] = []
        placeholder = {"str": "", "int": 0, "float": 0.0, "bool": False,
                       "date": dt.date(1970, 1, 1), "month": "1970-01"}[spec.kind]
        for r, row in enumerate(rows):
            raw = row[col] if col is not None and col < len(row) else None
            if _blank(raw):
                if spec.required and spec.default is None and spec.kind != "bool":
                    rejects.append(Reject(r + first_row, spec.name,
                                          f"missing value: expected {_expected(spec)}", ""))
                    ok[r] = False
                    values.append(placeholder)
                else:
                    values.append(spec.default if spec.default is not None else placeholder)
                continue
            try:
                value = _parse(spec.kind, raw, spec)
                if spec.choices is not None:
                    key = str(value).strip().lower()
                    if key not in spec.choices:
                        raise ValueError("not an accepted value")
                    value = spec.choices[key]
                if spec.min is not None and value < spec.min:
                    raise ValueError("below the minimum")
                if spec.max is not None and value > spec.max:
                    raise ValueError("above the maximum")
            except (ValueError, TypeError) as exc:
                rejects.append(Reject(
                    r + first_row, spec.name, f"{exc}: expected {_expected(spec)}",
                    "" if raw is None else str(raw)))
                ok[r] = False
                values.append(placeholder)
                continue
            values.append(value)
        columns[spec.name] = np.array(values, dtype=_DTYPES[spec.kind]) if values else \
            np.empty(0, dtype=_DTYPES[spec.kind])
    return _Coerced(columns, ok, sorted(rejects))


#: One vectorised check of a batch: (rows that fail, field, reason, the field's values).
Check = tuple[npt.NDArray[np.bool_], str, str, Sequence[Any] | npt.NDArray[Any]]


def reject_rows(
    ok: npt.NDArray[np.bool_], checks: Sequence[Check],
    row_numbers: npt.NDArray[np.integer] | None = None,
) -> list[Reject]:
    """Apply checks in order to the rows still ``ok``; clear ``ok`` (in place) where one fails.

    A row is reported once, for the first check it fails. Rows are numbered ``row_numbers[i]``,
    or ``i + 1`` (1-based data rows) when none are given.
    """
    rejects: list[Reject] = []
    for bad, field_name, reason, values in checks:
        for i in np.flatnonzero(ok & bad).tolist():
            row = int(row_numbers[i]) if row_numbers is not None else i + 1
            rejects.append(Reject(row, field_name, reason, str(values[i])))
        ok &= ~bad
    return rejects


def rejects_path(output: str | Path) -> Path:
    """Where the rejects of a batch written to ``output`` go: ``NAME.rejects.csv`` beside it."""
    out = Path(output)
    stem = out.name.split(".")[0]
    return out.with_name(f"{stem}.rejects.csv")


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success move it over ``path`` atomically."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def _cell(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def write_table(path: str | Path, columns: Mapping[str, Sequence[Any] | npt.NDArray[Any]],
                *, headers: Mapping[str, str] | None = None) -> None:
    """Write columns to CSV, JSON lines or Parquet (by extension), atomically.

    ``headers`` renames columns on output (e.g. to a form's Chinese headers).
    """
    names = list(columns)
    out_names = [headers.get(n, n) if headers else n for n in names]
    data = [list(columns[n]) for n in names]
    nrows = len(data[0]) if data else 0
    fmt = table_format(path)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(out_names)
        for i in range(nrows):
            writer.writerow(["" if (c := _cell(col[i])) is None else c for col in data])
        # utf-8-sig so that spreadsheet programs read the Chinese headers correctly
        with atomic_open(path, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(buf.getvalue())
    elif fmt == "jsonl":
        with atomic_open(path, "w", encoding="utf-8") as fh:
            for i in range(nrows):
                obj = {k: _cell(col[i]) for k, col in zip(out_names, data, strict=True)}
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    else:
        pq = _require_pyarrow()
        import pyarrow as pa

        tbl = pa.table({k: [_cell(v) for v in col] for k, col in
                        zip(out_names, data, strict=True)})
        with atomic_open(path, "wb") as fh:
            pq.write_table(tbl, fh)


def write_rejects(path: str | Path, rejects: Sequence[Reject]) -> None:
    """Write the rejects report (row, field, value, reason) as CSV, atomically."""
    write_table(path, {
        "row": [r.row for r in rejects],
        "field": [r.field for r in rejects],
        "value": [r.value for r in rejects],
        "reason": [r.reason for r in rejects],
    })
