"""Writers (写出): CSV, Parquet, JSON lines and XLSX on whole columns, atomically.

* CSV: UTF-8 with a BOM by default so Excel opens Chinese text correctly (``bom=False`` for
  tools that dislike it); written by ``pyarrow.csv``.
* Parquet: ``pyarrow.parquet``.
* JSON lines: built on whole columns with ``pyarrow.compute`` (no per-row ``json.dumps``).
* XLSX: ``xlsxwriter`` (the ``xlsx`` extra) with ``strings_to_formulas``, ``strings_to_urls`` and
  ``strings_to_numbers`` off and a fixed creation time, so two runs give the same bytes.

Formula injection (CSV/XLSX injection, OWASP): a text cell that begins with ``=``, ``+``,
``-``, ``@``, tab or carriage return is written to XLSX as a string (never a formula) and to CSV
with a leading ``'`` (a number column is never touched, so ``-1`` stays a number). The readers
of :mod:`zwxmt.table.read` drop that one quote, so everything written reads back equal.

Month ordinals (columns whose field metadata marks kind ``month``) are written as ``YYYY-MM``.

Every file is written to a temporary file beside its target and moved into place with
``os.replace``, with the permissions the umask gives a new file. :class:`OutputSet` makes the
outputs of one run appear together: all are staged, then moved, then ``manifest.json`` (files,
sizes, SHA-256, zwxmt version) is written last. A full disk, a read-only folder or a permission
error is an :class:`~zwxmt.errors.OutputError` naming the file, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.errors import OutputError

__all__ = [
    "FORMULA_PREFIXES",
    "OutputSet",
    "as_table",
    "atomic_path",
    "write_csv",
    "write_jsonl",
    "write_parquet",
    "write_table",
    "write_xlsx",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_RE = r"^'*[=+\-@\t\r]"
_JSON_ROWS = 1 << 17  # rows per slice: keeps one slice's text under 2 GiB (int32 offsets)
_XLSX_CREATED = dt.datetime(2000, 1, 1)
_XLSX_MAX_ROWS = 1_048_576
_XLSX_MAX_CELL = 32_767
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "the target is a folder",
}


def _output_error(path: Path, exc: OSError) -> OutputError:
    reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"cannot write {path}: {reason}")


def _umask() -> int:
    """The process umask: read from /proc where it is shown (no change, so no race with other
    threads creating files), else set and restored at once."""
    with contextlib.suppress(OSError, ValueError), \
            open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target``; on success it replaces ``target`` (mode
    ``0o666 & ~umask``), on failure it is removed. OSErrors become :class:`OutputError`."""
    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise _output_error(path, exc) from None
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _output_error(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def as_table(data: Any) -> pa.Table:
    """A pyarrow Table of a Table, a result with ``to_arrow()``, an Arrow stream or a mapping
    of columns."""
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if hasattr(data, "to_arrow") and not isinstance(data, Mapping):
        out = data.to_arrow()
        if isinstance(out, pa.Table):
            return out
    if hasattr(data, "__arrow_c_stream__"):
        return pa.RecordBatchReader.from_stream(data).read_all()
    if isinstance(data, Mapping):
        from zwxmt.table.parse import column_array

        return pa.table({str(k): column_array(v) for k, v in data.items()})
    raise TypeError(f"cannot write a {type(data).__name__} as a table")


def _month_columns(table: pa.Table) -> pa.Table:
    """Month ordinals as 'YYYY-MM' labels."""
    from zwxmt.table.convert import label_months

    return label_months(table)


def _text_columns(table: pa.Table) -> list[int]:
    return [i for i, f in enumerate(table.schema)
            if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or pa.types.is_string_view(f.type)]


def _csv_safe(table: pa.Table) -> pa.Table:
    """Text cells that a spreadsheet would run as a formula get a leading ``'``."""
    for i in _text_columns(table):
        col = table.column(i).cast(pa.string())
        table = table.set_column(i, table.schema.field(i).with_type(pa.string()), col)
        # the first character alone settles almost every cell; the pattern runs on the rest
        first = pc.utf8_slice_codeunits(col, 0, 1)
        risky = pc.is_in(first, value_set=pa.array([*FORMULA_PREFIXES, "'"]))
        if not pc.any(risky).as_py():
            continue
        quoted = pc.equal(first, "'")
        if pc.any(quoted).as_py():
            risky = pc.if_else(quoted, pc.match_substring_regex(col, _FORMULA_RE), risky)
        if pc.any(risky).as_py():
            col = pc.if_else(risky, pc.binary_join_element_wise("'", col, ""), col)
        table = table.set_column(i, table.schema.field(i).with_type(pa.string()), col)
    return table


def write_csv(table: Any, path: str | Path, *, bom: bool = True) -> Path:
    """CSV, UTF-8 (with BOM unless ``bom=False``), formula-safe."""
    import pyarrow.csv as pcsv

    t = _csv_safe(_month_columns(as_table(table)))
    target = Path(path)
    with atomic_path(target) as tmp, tmp.open("wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        pcsv.write_csv(t, f, write_options=pcsv.WriteOptions(
            include_header=True, quoting_style="needed"))
    return target


def write_parquet(table: Any, path: str | Path) -> Path:
    """Parquet (month ordinals as labels, so any tool reads them)."""
    import pyarrow.parquet as pq

    t = _month_columns(as_table(table))
    target = Path(path)
    with atomic_path(target) as tmp:
        pq.write_table(t, tmp)
    return target


def _json_strings(col: pa.Array) -> pa.Array:
    """Each text cell as a JSON string literal (quotes and escapes), null as ``null``."""
    s = col.cast(pa.string())
    s = pc.replace_substring(s, "\\", "\\\\")
    s = pc.replace_substring(s, '"', '\\"')
    if pc.any(pc.match_substring_regex(s, r"[\x00-\x1f\x{2028}\x{2029}]")).as_py():
        for code in (*range(0x20), 0x2028, 0x2029):
            ch = chr(code)
            esc = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\u{code:04x}")
            s = pc.replace_substring(s, ch, esc)
    quoted = pc.binary_join_element_wise('"', s, '"', "")
    return pc.fill_null(quoted, "null")


def _json_cells(col: pa.ChunkedArray) -> pa.Array:
    arr = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    t = arr.type
    if pa.types.is_boolean(t):
        return pc.fill_null(pc.if_else(arr, "true", "false"), "null")
    if pa.types.is_integer(t):
        return pc.fill_null(pc.cast(arr, pa.string()), "null")
    if pa.types.is_floating(t) or pa.types.is_decimal(t):
        x = pc.cast(arr, pa.float64())
        finite = pc.is_finite(x)
        text = pc.cast(x, pa.string())
        return pc.fill_null(pc.if_else(finite, text, pa.scalar(None, pa.string())), "null")
    if pa.types.is_null(t):
        return pa.array(["null"] * len(arr), pa.string())
    if pa.types.is_timestamp(t):
        text = pc.strftime(arr, format="%Y-%m-%dT%H:%M:%S")
        return _json_strings(text)
    if pa.types.is_date(t):
        return _json_strings(pc.strftime(arr, format="%Y-%m-%d"))
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return _json_strings(arr)
    from zwxmt.table.parse import _to_text

    return _json_strings(_to_text(arr))


def write_jsonl(table: Any, path: str | Path) -> Path:
    """JSON lines, one object per row, UTF-8 (non-ASCII text kept as is)."""
    t = _month_columns(as_table(table))
    target = Path(path)
    with atomic_path(target) as tmp, tmp.open("wb") as f:
        if t.num_columns:
            keys = [("{" if i == 0 else ",") + json.dumps(name, ensure_ascii=False) + ":"
                    for i, name in enumerate(t.column_names)]
            for start in range(0, t.num_rows, _JSON_ROWS):
                part = t.slice(start, _JSON_ROWS)
                pieces: list[Any] = []
                for i in range(part.num_columns):
                    pieces += [keys[i], _json_cells(part.column(i))]
                lines = pc.binary_join_element_wise(*pieces, "}\n", "")
                f.write(_string_bytes(lines))
    return target


def _string_bytes(arr: pa.Array) -> memoryview:
    """The bytes of a string array's cells, concatenated (its data buffer, no copy)."""
    _, offsets, data = arr.buffers()
    off = np.frombuffer(offsets, dtype=np.int32)[arr.offset:arr.offset + len(arr) + 1]
    return memoryview(data)[int(off[0]):int(off[-1])] if data is not None else memoryview(b"")


def write_xlsx(table: Any, path: str | Path, *, sheet: str = "Sheet1") -> Path:
    """XLSX by ``xlsxwriter``: text cells as strings (never formulas or links), dates and times
    as Excel dates, a fixed creation time (byte-identical runs)."""
    try:
        import xlsxwriter
    except ImportError:
        raise OutputError(f"cannot write {path}: XLSX needs the xlsx extra: "
                          "pip install 'zwxmt[xlsx]'") from None
    t = _month_columns(as_table(table))
    target = Path(path)
    if t.num_rows + 1 > _XLSX_MAX_ROWS:
        raise OutputError(f"cannot write {target}: {t.num_rows} rows exceed the "
                          f"{_XLSX_MAX_ROWS - 1:,} data rows of a sheet; write CSV or Parquet")
    for i in _text_columns(t):
        longest = pc.max(pc.utf8_length(t.column(i).cast(pa.string()))).as_py() or 0
        if longest > _XLSX_MAX_CELL:
            raise OutputError(
                f"cannot write {target}: column {t.column_names[i]!r} holds text of {longest} "
                f"characters, over the {_XLSX_MAX_CELL} a spreadsheet cell holds; write CSV, "
                "JSON lines or Parquet")
    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {
            "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "nan_inf_to_errors": True})
        book.set_properties({"created": _XLSX_CREATED})
        ws = book.add_worksheet(sheet)
        header = book.add_format({"bold": True})
        date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
        time_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        ws.write_row(0, 0, t.column_names, header)
        for j, name in enumerate(t.column_names):
            col = t.column(name)
            typ = col.type
            fmt = None
            if pa.types.is_timestamp(typ):
                values = col.cast(pa.timestamp("s", tz=typ.tz)).to_pylist()
                values = [None if v is None else v.replace(tzinfo=None) for v in values]
                fmt = time_fmt
            elif pa.types.is_date(typ):
                values = col.to_pylist()
                fmt = date_fmt
            elif pa.types.is_floating(typ):
                x = col.to_numpy(zero_copy_only=False)
                values = [None if not np.isfinite(v) else float(v) for v in x]
            else:
                values = col.to_pylist()
            for i, v in enumerate(values):
                if v is None:
                    continue
                if isinstance(v, str):
                    ws.write_string(i + 1, j, v)
                elif isinstance(v, bool):
                    ws.write_boolean(i + 1, j, v)
                elif isinstance(v, dt.date):
                    ws.write_datetime(i + 1, j, v, fmt or date_fmt)
                elif isinstance(v, int | float):
                    ws.write_number(i + 1, j, v)
                else:
                    ws.write_string(i + 1, j, str(v))
        book.close()
    return target


def write_table(table: Any, path: str | Path, *, bom: bool = True,
                sheet: str = "Sheet1") -> Path:
    """Write a table by the suffix of ``path``: .csv/.tsv, .parquet/.pq, .jsonl/.ndjson/.json
    (JSON lines) or .xlsx."""
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".txt"):
        return write_csv(table, path, bom=bom)
    if suffix in (".parquet", ".pq"):
        return write_parquet(table, path)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return write_jsonl(table, path)
    if suffix in (".xlsx", ".xlsm"):
        return write_xlsx(table, path, sheet=sheet)
    raise OutputError(f"cannot write {path}: unknown file type {suffix or '(none)'!r}; "
                      "expected .csv, .parquet, .jsonl or .xlsx")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class OutputSet:
    """The outputs of one run, appearing together or not at all.

    Use as a context manager: ``stage(target)`` gives a temporary path beside ``target`` (or
    ``write(target, table)`` writes one); when the block ends without an error every staged
    file is moved into place and then ``manifest.json`` (in ``folder``, when given) is written
    last, listing each file with its size and SHA-256 and the zwxmt version. On an error
    nothing staged is kept. A reader that finds the manifest knows the set is complete.
    """

    def __init__(self, folder: str | Path | None = None, *,
                 manifest: str | None = "manifest.json") -> None:
        self.folder = Path(folder) if folder is not None else None
        self.manifest_name = manifest
        self._staged: dict[Path, Path] = {}
        self._done: list[Path] = []

    def __enter__(self) -> OutputSet:
        return self

    def _resolve(self, target: str | Path) -> Path:
        """A relative target is in the folder; one already under it (``out/x.csv`` of the
        folder ``out``, as :meth:`write` passes it on to :meth:`stage`) is not joined twice."""
        p = Path(target)
        if not p.is_absolute() and self.folder is not None \
                and p.parts[:len(self.folder.parts)] != self.folder.parts:
            p = self.folder / p
        return p

    def staged(self, target: str | Path) -> Path | None:
        """The temporary path ``target`` is already staged at, if it is (to add to it)."""
        return self._staged.get(self._resolve(target))

    def stage(self, target: str | Path) -> Path:
        """A temporary path to write ``target`` to (moved into place when the set commits)."""
        path = self._resolve(target)
        if path in self._staged:
            raise OutputError(f"cannot write {path}: it is written twice in one run")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # hidden, beside the target, with its suffix (the writers choose the format by it)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix,
                                       dir=path.parent)
            os.close(fd)
        except OSError as exc:
            raise _output_error(path, exc) from None
        self._staged[path] = Path(tmp)
        return Path(tmp)

    def write(self, target: str | Path, table: Any, *, bom: bool = True) -> Path:
        """Write ``table`` as ``target`` (format by suffix) into the set."""
        path = self._resolve(target)
        write_table(table, self.stage(path), bom=bom)
        return path

    def commit(self) -> list[Path]:
        """Move every staged file into place, then write the manifest; returns the targets."""
        mask = 0o666 & ~_umask()
        entries = []
        manifest = self.folder is not None and bool(self.manifest_name)
        try:
            for path, tmp in self._staged.items():
                os.chmod(tmp, mask)
                if manifest:  # hashing is only for the manifest (it costs a read of each file)
                    entries.append({"file": _relative(path, self.folder),
                                    "bytes": tmp.stat().st_size, "sha256": _sha256(tmp)})
            for path, tmp in self._staged.items():
                os.replace(tmp, path)
                self._done.append(path)
        except OSError as exc:
            failing = next((p for p in self._staged if p not in self._done), Path("?"))
            self.abort()
            raise _output_error(failing, exc) from None
        self._staged.clear()
        if self.folder is not None and self.manifest_name:
            from zwxmt import __version__

            body = json.dumps({"zwxmt_version": __version__, "files": entries},
                              ensure_ascii=False, indent=2) + "\n"
            target = self.folder / self.manifest_name
            with atomic_path(target) as tmp:
                tmp.write_text(body, encoding="utf-8")
            self._done.append(target)
        return list(self._done)

    def abort(self) -> None:
        """Remove every staged file."""
        for tmp in self._staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._staged.clear()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None:
            self.abort()
            return
        self.commit()


def _relative(path: Path, folder: Path | None) -> str:
    if folder is not None:
        with contextlib.suppress(ValueError):
            return str(path.relative_to(folder))
    return str(path)
