"""Readers (读取): any file or in-memory table an office holds, as one :class:`RawTable`.

Files, by suffix:

* ``.csv``, ``.tsv``, ``.txt``: every column read as text by ``pyarrow.csv`` (no type guessing:
  the schema layer parses). Encoding: UTF-8 (with or without BOM) when the file is valid
  UTF-8, else GB18030 (a superset of GBK and GB2312), unless ``encoding`` is given.
* ``.jsonl``, ``.ndjson``: JSON lines by ``pyarrow.json``; ``.json``: JSON lines or one array
  of objects.
* ``.parquet``, ``.pq``: ``pyarrow.parquet``, types kept.
* ``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``: the first sheet (or ``sheet``) through
  ``fastexcel`` (Rust calamine, Arrow out; the ``xlsx`` extra): numbers and dates typed, each
  column's type inferred from all its rows (a column mixing kinds is read as text).

In memory: a ``pyarrow`` Table, RecordBatch or RecordBatchReader; anything exporting the Arrow
C stream (``__arrow_c_stream__``: polars, pandas >= 2.2, duckdb...); a pandas DataFrame (its
index is dropped); a mapping of column name -> sequence or array.

Row numbers (``RawTable.row_numbers``) are what an auditor looks up: in CSV and spreadsheets the
header is row 1 and the first data row row 2 (blank lines of a CSV are skipped by the reader,
so after a blank line the number counts records, not lines; an empty spreadsheet row keeps its
number and is dropped); in JSON lines the line number; in memory the position + 2, as if the
frame were a sheet under a header.

A CSV cell that a spreadsheet-safe writer prefixed with ``'`` (``'=SUM(A1)``, see
:mod:`zwxmt.table.write`) is read back without that one quote.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.arrays import I64
from zwxmt.errors import EmptyInputError, HeaderError, UnreadableInputError
from zwxmt.table.convert import label_months
from zwxmt.table.parse import column_array

__all__ = [
    "CSV_SUFFIXES",
    "JSON_SUFFIXES",
    "PARQUET_SUFFIXES",
    "XLSX_SUFFIXES",
    "RawTable",
    "file_format",
    "iter_raw_batches",
    "read_raw",
]

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet", ".pq")
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")

_BLOCK = 1 << 22  # 4 MiB: pyarrow's default (1 MiB) is smaller than one 200,000-char post
_SNIFF = 1 << 16
_QUOTED_FORMULA = r"^'('*[=+\-@\t\r])"


@dataclass(frozen=True)
class RawTable:
    """An input as read: columns named as in its header (unique), cells as given, and the
    spreadsheet row number of every row."""

    table: pa.Table
    row_numbers: I64
    source: str
    notices: tuple[str, ...] = field(default=())

    @property
    def num_rows(self) -> int:
        return int(self.table.num_rows)

    @property
    def column_names(self) -> list[str]:
        return list(self.table.column_names)


def file_format(path: str | Path) -> str:
    """``csv``, ``json``, ``parquet`` or ``xlsx`` from a file's suffix."""
    suffix = Path(path).suffix.lower()
    for fmt, suffixes in (("csv", CSV_SUFFIXES), ("json", JSON_SUFFIXES),
                          ("parquet", PARQUET_SUFFIXES), ("xlsx", XLSX_SUFFIXES)):
        if suffix in suffixes:
            return fmt
    raise UnreadableInputError(
        f"{Path(path).name}: unknown file type {suffix or '(none)'!r}; expected .csv, .tsv, "
        ".jsonl, .json, .parquet or .xlsx")


def _name(source: Any) -> str:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    mod = type(source).__module__.split(".")[0]
    return f"<{mod}.{type(source).__name__}>"


def _unique_header(names: list[str], source: str) -> list[str]:
    """Header names trimmed; a blank name becomes ``column N``; a name given twice is an error
    naming it (issue #9: it must not silently keep the last)."""
    out = []
    for i, raw in enumerate(names):
        name = "" if raw is None else str(raw).strip()
        out.append(name or f"column {i + 1}")
    seen: dict[str, int] = {}
    for i, name in enumerate(out):
        if name in seen:
            raise HeaderError(f"column {name!r} is given twice (columns {seen[name] + 1} and "
                              f"{i + 1})", check="duplicate_column", file=source, field=name)
        seen[name] = i
    return out


def _finish(table: pa.Table, rows: I64, source: str, *, allow_empty: bool,
            header: list[str] | None = None, unquote: bool = False) -> RawTable:
    names = _unique_header(header if header is not None else list(table.column_names), source)
    table = label_months(table).rename_columns(names)
    if unquote:
        cols = []
        for col in table.columns:
            if pa.types.is_string(col.type) and pc.any(pc.starts_with(col, "'")).as_py():
                col = pc.replace_substring_regex(col, _QUOTED_FORMULA, r"\1")
            cols.append(col)
        table = pa.table(cols, names=names)
    if table.num_rows == 0 and not allow_empty:
        raise EmptyInputError(f"{source}: the header is there but no data rows")
    return RawTable(table, np.asarray(rows, dtype=np.int64), source)


# --- CSV ------------------------------------------------------------------------------------


def _sniff_encoding(path: Path, encoding: str | None) -> str:
    if encoding:
        try:
            return codecs.lookup(encoding).name
        except LookupError:
            raise UnreadableInputError(f"{path.name}: unknown encoding {encoding!r}") from None
    with path.open("rb") as f:
        head = f.read(_SNIFF)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _csv_header(path: Path, encoding: str, delimiter: str) -> list[str] | None:
    """The first record of a CSV file (None when the file holds nothing but blank lines)."""
    size = _SNIFF
    while True:
        with path.open("rb") as f:
            head = f.read(size)
            at_end = len(head) < size
        text = head.decode(encoding, errors="replace").lstrip("\ufeff")
        lines = text.splitlines(keepends=True)
        if not at_end and len(lines) <= 1:
            size *= 4  # a header longer than the sniffed block
            continue
        try:
            for rec in csv.reader(io.StringIO(text), delimiter=delimiter):
                if rec and any(c.strip() for c in rec):
                    return rec
        except csv.Error as exc:  # binary garbage, a stray NUL or CR: not a CSV file
            raise UnreadableInputError(
                f"{path.name}: not a well-formed CSV file (its header: {exc})") from None
        return None


def _csv_options(path: Path, encoding: str, ncols: int, block: int) -> tuple[Any, Any, Any]:
    import pyarrow.csv as pcsv

    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    read = pcsv.ReadOptions(autogenerate_column_names=True, block_size=block,
                            encoding="utf8" if encoding == "utf-8" else encoding)
    parse = pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
    convert = pcsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(ncols)},
                                  strings_can_be_null=False, quoted_strings_can_be_null=False)
    return read, parse, convert


def _csv_error(path: Path, exc: Exception) -> UnreadableInputError:
    text = str(exc)
    if "UTF8" in text.upper():
        return UnreadableInputError(
            f"{path.name}: not UTF-8 past its first block; give the encoding "
            "(--encoding gb18030)")
    # pyarrow quotes the offending row; never copy it (it may hold contacts), keep the reason
    hit = re.search(r"Expected \d+ columns, got \d+", text)
    reason = hit.group(0) if hit else text.split(":")[0][:200]
    if hit:
        # which record: pyarrow does not say, so count the fields of each record once
        where = _ragged_record(path)
        if where:
            reason += f", in the record that starts on line {where}"
    return UnreadableInputError(f"{path.name}: not a well-formed CSV file ({reason})")


def _ragged_record(path: Path) -> int | None:
    """The line on which the first record with a different number of fields starts (the slow
    path, only for an error message)."""
    try:
        enc = _sniff_encoding(path, None)
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        with path.open(encoding=enc, errors="replace", newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            width = None
            line = 1
            for rec in reader:
                if rec:
                    width = len(rec) if width is None else width
                    if len(rec) != width:
                        return line
                line = reader.line_num + 1
    except (OSError, csv.Error):
        return None
    return None


def _read_csv(path: Path, encoding: str | None, allow_empty: bool) -> RawTable:
    import pyarrow.csv as pcsv

    if path.stat().st_size == 0:
        raise EmptyInputError(f"{path.name}: the file is empty")
    enc = _sniff_encoding(path, encoding)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    block = _BLOCK
    while True:
        header = _csv_header(path, enc, delimiter)  # again after a change of encoding
        if header is None:
            raise EmptyInputError(f"{path.name}: the file is empty")
        read, parse, convert = _csv_options(path, enc, len(header), block)
        try:
            table = pcsv.read_csv(path, read_options=read, parse_options=parse,
                                  convert_options=convert)
            break
        except pa.ArrowInvalid as exc:
            msg = str(exc)
            if ("straddl" in msg or "block" in msg.lower()) and block <= path.stat().st_size:
                block = min(max(block * 8, path.stat().st_size + 1), 2**31 - 1)
                continue
            if "UTF8" in msg.upper() and enc == "utf-8" and encoding is None:
                enc = "gb18030"
                continue
            raise _csv_error(path, exc) from None
        except (UnicodeDecodeError, LookupError) as exc:
            raise UnreadableInputError(
                f"{path.name}: cannot be decoded as {enc} ({exc}); give --encoding") from None
    data = table.slice(1)
    rows = np.arange(2, data.num_rows + 2, dtype=np.int64)
    return _finish(data, rows, path.name, allow_empty=allow_empty, header=header, unquote=True)


# --- JSON -----------------------------------------------------------------------------------


def _read_json(path: Path, encoding: str | None, allow_empty: bool) -> RawTable:
    import pyarrow.json as pj

    if path.stat().st_size == 0:
        raise EmptyInputError(f"{path.name}: the file is empty")
    enc = _sniff_encoding(path, encoding)
    source: Path | io.BytesIO = path
    if enc != "utf-8" or not _is_utf8(path):
        # JSON is UTF-8 by definition; an office's GB18030 export is transcoded in memory.
        enc = "gb18030" if enc == "utf-8" else enc
        try:
            source = io.BytesIO(path.read_bytes().decode(enc).encode("utf-8"))
        except UnicodeDecodeError as exc:
            raise UnreadableInputError(
                f"{path.name}: cannot be decoded as {enc} ({exc.reason}); give --encoding") \
                from None
    data = source.getvalue() if isinstance(source, io.BytesIO) else None
    if data is not None:
        first = data[:_SNIFF]
    else:
        with path.open("rb") as f:
            first = f.read(_SNIFF)
    first = first.lstrip(codecs.BOM_UTF8).lstrip()
    if not first:
        raise EmptyInputError(f"{path.name}: the file is empty")
    try:
        if first.startswith(b"["):
            table = _objects_table(json.loads(
                data if data is not None else path.read_bytes().lstrip(codecs.BOM_UTF8)))
        else:
            try:
                table = pj.read_json(source, read_options=pj.ReadOptions(block_size=_BLOCK * 4))
            except pa.ArrowInvalid as exc:
                if "changed from" not in str(exc) and "straddl" not in str(exc):
                    raise
                # Mixed types in one field (a number here, text there): the slow, exact path.
                lines = (data if data is not None else path.read_bytes()).splitlines()
                table = _objects_table([json.loads(line) for line in lines if line.strip()])
    except (pa.ArrowInvalid, json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise UnreadableInputError(
            f"{path.name}: not valid JSON lines ({str(exc).splitlines()[0][:200]})") from None
    rows = np.arange(1, table.num_rows + 1, dtype=np.int64)
    return _finish(table, rows, path.name, allow_empty=allow_empty)


def _is_utf8(path: Path) -> bool:
    """True when the whole file decodes as UTF-8 (read in blocks, nothing kept)."""
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 24), b""):
                dec.decode(block)
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _objects_table(objects: Any) -> pa.Table:
    if not isinstance(objects, list):
        raise UnreadableInputError("expected JSON objects, one per line, or an array of them")
    names: dict[str, None] = {}
    for obj in objects:
        if not isinstance(obj, dict):
            raise UnreadableInputError("expected one JSON object per line")
        names.update(dict.fromkeys(obj))
    return pa.table({k: column_array([o.get(k) for o in objects]) for k in names})


# --- Parquet and spreadsheets ---------------------------------------------------------------


def _read_parquet(path: Path, allow_empty: bool) -> RawTable:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise UnreadableInputError(f"{path.name}: not a Parquet file ({exc})") from None
    rows = np.arange(2, table.num_rows + 2, dtype=np.int64)
    return _finish(table, rows, path.name, allow_empty=allow_empty)


def _read_xlsx(path: Path, sheet: str | int | None, allow_empty: bool) -> RawTable:
    try:
        import fastexcel
    except ImportError:
        raise UnreadableInputError(
            f"{path.name}: reading spreadsheets needs the xlsx extra: "
            "pip install 'zwxmt[xlsx]'") from None
    ref = 0 if sheet is None else sheet
    try:
        book = fastexcel.read_excel(str(path))
        head = book.load_sheet(ref, header_row=None, n_rows=1, dtypes="string").to_arrow()
        if head.num_rows == 0:
            raise EmptyInputError(f"{path.name}: the sheet is empty")
        # Typed cells (numbers exact, dates as dates), each column's type inferred from all
        # its rows; a column mixing kinds comes as text.
        batch = book.load_sheet(ref, header_row=0, schema_sample_rows=None).to_arrow()
    except (EmptyInputError, UnreadableInputError):
        raise
    except Exception as exc:  # fastexcel raises its own exception family
        raise UnreadableInputError(
            f"{path.name}: cannot read sheet {sheet if sheet is not None else 1} "
            f"({str(exc).splitlines()[0][:200]})") from None
    header = [head.column(i)[0].as_py() for i in range(head.num_columns)]
    data = pa.Table.from_batches([batch])
    width = min(len(header), data.num_columns)
    header, data = header[:width], data.select(list(range(width)))
    rows = np.arange(2, data.num_rows + 2, dtype=np.int64)
    # Spreadsheet columns past the last header cell that hold nothing are not columns.
    keep = [i for i, h in enumerate(header)
            if (h is not None and str(h).strip()) or data.column(i).null_count < data.num_rows]
    data = data.select(keep)
    header = [header[i] for i in keep]
    # An empty spreadsheet row keeps its number but is no record.
    if data.num_columns:
        empty = np.ones(data.num_rows, dtype=bool)
        for col in data.columns:
            blank = pc.is_null(col)
            if pa.types.is_string(col.type):
                blank = pc.or_(blank, pc.equal(pc.utf8_trim_whitespace(col), ""))
            empty &= np.asarray(pc.fill_null(blank, True).to_numpy(zero_copy_only=False),
                                dtype=bool)
        if empty.any():
            data = data.filter(pa.array(~empty))
            rows = rows[~empty]
    return _finish(data, rows, path.name, allow_empty=allow_empty, header=header)


# --- in memory ------------------------------------------------------------------------------


def _from_memory(source: Any) -> pa.Table:
    if isinstance(source, pa.Table):
        return source
    if isinstance(source, pa.RecordBatch):
        return pa.Table.from_batches([source])
    if isinstance(source, pa.RecordBatchReader):
        return source.read_all()
    if type(source).__module__.split(".")[0] == "pandas" and hasattr(source, "columns"):
        try:
            return pa.Table.from_pandas(source, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            return pa.table({str(k): column_array(source[k]) for k in source.columns})
    if hasattr(source, "__arrow_c_stream__"):
        return pa.RecordBatchReader.from_stream(source).read_all()
    if isinstance(source, Mapping):
        cols = {str(k): column_array(v) for k, v in source.items()}
        lengths = {len(v) for v in cols.values()}
        if len(lengths) > 1:
            raise UnreadableInputError(
                "the columns given have different lengths: "
                + ", ".join(f"{k}={len(v)}" for k, v in cols.items()))
        return pa.table(cols) if cols else pa.table({})
    raise UnreadableInputError(
        f"cannot read a {type(source).__name__}: expected a file path, a pyarrow Table, a "
        "pandas or polars DataFrame, an object with __arrow_c_stream__, or a mapping of columns")


def read_raw(source: Any, *, encoding: str | None = None, sheet: str | int | None = None,
             allow_empty: bool = False, name: str | None = None) -> RawTable:
    """Read a file or an in-memory table as a :class:`RawTable`.

    Raises :class:`~zwxmt.errors.EmptyInputError` for an empty file or one without data rows
    (unless ``allow_empty``), :class:`~zwxmt.errors.HeaderError` for a column given twice and
    :class:`~zwxmt.errors.UnreadableInputError` for anything else that cannot be read; every
    message names the file.
    """
    if isinstance(source, RawTable):
        return source
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        label = name or path.name
        if not path.is_file():
            raise UnreadableInputError(f"{label}: no such file")
        fmt = file_format(path)
        try:
            if fmt == "csv":
                raw = _read_csv(path, encoding, allow_empty)
            elif fmt == "json":
                raw = _read_json(path, encoding, allow_empty)
            elif fmt == "parquet":
                raw = _read_parquet(path, allow_empty)
            else:
                raw = _read_xlsx(path, sheet, allow_empty)
        except PermissionError:
            raise UnreadableInputError(f"{label}: permission denied") from None
        except MemoryError:
            raise UnreadableInputError(f"{label}: too large to read into memory") from None
        except OSError as exc:
            raise UnreadableInputError(f"{label}: cannot be read ({exc.strerror or exc})") \
                from None
        return raw if name is None else RawTable(raw.table, raw.row_numbers, name, raw.notices)
    label = name or _name(source)
    table = _from_memory(source)
    rows = np.arange(2, table.num_rows + 2, dtype=np.int64)
    return _finish(table, rows, label, allow_empty=allow_empty)


def iter_raw_batches(source: Any, *, batch_rows: int = 1 << 20,
                     encoding: str | None = None) -> Iterator[RawTable]:
    """Read a CSV, JSON lines or Parquet file (or an Arrow stream) in batches of about
    ``batch_rows`` rows, so memory grows with one batch, not the file. Row numbers continue
    across batches. Spreadsheets are read whole (they are bounded by 1,048,576 rows)."""
    if not isinstance(source, str | os.PathLike):
        if hasattr(source, "__arrow_c_stream__") and not isinstance(source, pa.Table):
            reader = pa.RecordBatchReader.from_stream(source)
            yield from _batches(reader, _name(source), first_row=2, batch_rows=batch_rows)
            return
        raw = read_raw(source, allow_empty=True)
        yield from _slices(raw, batch_rows)
        return
    path = Path(source)
    if not path.is_file():
        raise UnreadableInputError(f"{path.name}: no such file")
    fmt = file_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            # pre_buffer=False: with it, iter_batches keeps every row group's buffers cached
            # and memory grows with the file (about 16 MB per million posts), not one batch
            pf = pq.ParquetFile(path, pre_buffer=False)
            reader = pa.RecordBatchReader.from_batches(
                pf.schema_arrow, pf.iter_batches(batch_size=batch_rows))
        except (pa.ArrowInvalid, OSError) as exc:
            raise UnreadableInputError(f"{path.name}: not a Parquet file ({exc})") from None
        yield from _batches(reader, path.name, first_row=2, batch_rows=batch_rows)
    elif fmt == "csv":
        yield from _csv_batches(path, encoding, batch_rows)
    elif fmt == "json" and path.stat().st_size:
        import pyarrow.json as pj

        with path.open("rb") as f:
            first = f.read(_SNIFF).lstrip(codecs.BOM_UTF8).lstrip()
        if first.startswith(b"["):
            yield from _slices(read_raw(path, allow_empty=True), batch_rows)
            return
        try:
            reader = pj.open_json(path, read_options=pj.ReadOptions(block_size=_BLOCK * 4))
            yield from _batches(reader, path.name, first_row=1, batch_rows=batch_rows)
        except pa.ArrowInvalid:
            yield from _slices(read_raw(path, allow_empty=True), batch_rows)
    else:
        yield from _slices(read_raw(path, allow_empty=True), batch_rows)


def _slices(raw: RawTable, batch_rows: int) -> Iterator[RawTable]:
    for start in range(0, max(raw.num_rows, 1), batch_rows):
        yield RawTable(raw.table.slice(start, batch_rows),
                       raw.row_numbers[start:start + batch_rows], raw.source)


def _batches(reader: pa.RecordBatchReader, source: str, *, first_row: int,
             batch_rows: int) -> Iterator[RawTable]:
    """Re-cut a reader's record batches into tables of ``batch_rows`` rows."""
    row = first_row
    names = _unique_header(list(reader.schema.names), source)
    pending: list[pa.RecordBatch] = []
    size = 0
    batch_rows = max(int(batch_rows), 1)

    def cut(t: pa.Table) -> RawTable:
        nonlocal row
        out = RawTable(t.rename_columns(names),
                       np.arange(row, row + t.num_rows, dtype=np.int64), source)
        row += t.num_rows
        return out

    try:
        for batch in reader:
            pending.append(batch)
            size += batch.num_rows
            if size >= batch_rows:
                t = pa.Table.from_batches(pending, schema=reader.schema)
                whole = (t.num_rows // batch_rows) * batch_rows
                for start in range(0, whole, batch_rows):
                    yield cut(t.slice(start, batch_rows))
                rest = t.slice(whole)
                pending = rest.to_batches()
                size = rest.num_rows
    except pa.ArrowInvalid as exc:
        text = str(exc)
        if "UTF8" in text.upper() or "utf-8" in text:
            raise UnreadableInputError(
                f"{source}: not UTF-8 past its first block; give the encoding "
                "(--encoding gb18030)") from None
        ragged = re.search(r"Expected \d+ columns, got \d+", text)
        if ragged:
            raise UnreadableInputError(
                f"{source}: not a well-formed CSV file ({ragged.group(0)})") from None
        raise UnreadableInputError(f"{source}: cannot be read "
                                   f"({text.splitlines()[0][:200]})") from None
    if size or row == first_row:
        yield cut(pa.Table.from_batches(pending, schema=reader.schema) if pending
                  else reader.schema.empty_table())


def _csv_batches(path: Path, encoding: str | None, batch_rows: int) -> Iterator[RawTable]:
    import pyarrow.csv as pcsv

    if path.stat().st_size == 0:
        raise EmptyInputError(f"{path.name}: the file is empty")
    enc = _sniff_encoding(path, encoding)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    header = _csv_header(path, enc, delimiter)
    if header is None:
        raise EmptyInputError(f"{path.name}: the file is empty")
    names = _unique_header(header, path.name)
    # Cells up to the longest post must fit in one block; a record of 30 columns of ~30 bytes
    # is ~1 KB, so blocks of a few MiB stream well.
    read, parse, convert = _csv_options(path, enc, len(header), _BLOCK)
    try:
        reader = pcsv.open_csv(path, read_options=read, parse_options=parse,
                               convert_options=convert)
    except pa.ArrowInvalid as exc:
        raise _csv_error(path, exc) from None
    first = True
    row = 2
    for raw in _batches(reader, path.name, first_row=1, batch_rows=batch_rows):
        t = raw.table
        if first:
            t = t.slice(1)
            first = False
        t = t.rename_columns(names)
        fixed = _finish(t, np.arange(row, row + t.num_rows, dtype=np.int64), path.name,
                        allow_empty=True, unquote=True)
        row += t.num_rows
        yield fixed
