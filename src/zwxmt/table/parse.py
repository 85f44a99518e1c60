"""Vectorised column parsers (列解析): raw cells in, typed Arrow columns and failure masks out.

Each parser takes one column as read (text from CSV, JSON lines or XLSX; any Arrow type from
Parquet or a data frame) and returns a :class:`Parsed`: the typed values (null where the cell was
blank or failed), the mask of blank cells and one mask per failure code. Work is done on whole
columns with ``pyarrow.compute`` and numpy; enums and booleans loop over the *distinct* values
only. Nothing is rendered here: :mod:`zwxmt.table.failures` renders the failing rows.

Accepted spellings are listed in ``docs/table.md``; the essentials:

* numbers: ``1234``, ``1,234`` (groups of three), ``１２３`` (full width), ``1.0``, ``1e3``;
  counts are integers, finite, ``0 <= x <= 1e12``; rates are in ``[0, 1]`` and also accept a
  percentage ``85%`` (= 0.85). A typed float NaN (pandas' missing value) is blank, not 0.
* booleans: true/false, t/f, yes/no, y/n, 1/0, 是/否, 有/无, 对/错, √ ✓ ✔ ☑ / × ✗ ✘ □ ☐.
* dates: ``2012-11-01``, ``2012/11/1``, ``2012.11.1``, ``2012年11月1日``, ``20121101``, a date
  with a time of day (its date is taken after the time-zone rule below), an Excel serial number
  (``41214``), Arrow/pandas/polars dates and timestamps.
* times: ``2020-01-01T08:55:00``, ``2020/1/1 8:55``, with or without seconds, optional fraction
  (dropped), optional offset ``Z``, ``+08:00``, ``+0800``. A naive time is Beijing time; an aware
  time is converted to Asia/Shanghai (UTC+8, no daylight saving since 1991) before its date is
  taken. Typed values come out as ``timestamp[s]`` holding Beijing wall-clock time.
* months: see :mod:`zwxmt.months`.

Blank means unknown: ``""``, whitespace only, or null. It is never read as 0 or False.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.arrays import F64, I64, B
from zwxmt.months import MONTH_PATTERN
from zwxmt.vocabulary import ZhEnum, lookup, normalise, vocabulary_name

__all__ = [
    "BOOL_SPELLINGS",
    "COUNT_MAX",
    "DATE_MIN",
    "ID_MAX_LENGTH",
    "TEXT_MAX_LENGTH",
    "Parsed",
    "column_array",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_enum",
    "parse_float",
    "parse_int",
    "parse_month",
    "parse_rate",
    "parse_text",
]

#: Counts and other numbers are finite and at most this in absolute value (issue #9: a count
#: of 1e308 must not become a province maximum).
COUNT_MAX = 1e12
#: Earliest date accepted in any input (issue #9; government new-media accounts postdate it).
DATE_MIN = dt.date(2000, 1, 1)
#: Longest id, name or code; longest free text (a post's body).
ID_MAX_LENGTH = 256
TEXT_MAX_LENGTH = 200_000

_EPOCH = dt.date(1970, 1, 1)
_BEIJING = 8 * 3600  # UTC+8, fixed since 1991
_EXCEL_EPOCH_DAYS = -25569  # 1899-12-30 in days since 1970-01-01
_EXCEL_MAX_SERIAL = 2958466  # 9999-12-31 + 1


@dataclass(frozen=True)
class Parsed:
    """One parsed column: typed ``values`` (null where blank or failed), ``missing`` (blank
    cells) and ``failures`` (check code -> mask; disjoint from ``missing``)."""

    values: pa.Array | pa.ChunkedArray
    missing: B
    failures: Mapping[str, B] = field(default_factory=dict)

    @property
    def failed(self) -> B:
        """Rows that failed any check (blank rows excluded)."""
        out = np.zeros(len(self.missing), dtype=bool)
        for mask in self.failures.values():
            out |= mask
        return out


# --- helpers --------------------------------------------------------------------------------


def _array(values: Any) -> pa.Array:
    """One contiguous Arrow array; dictionary columns decoded."""
    if isinstance(values, pa.ChunkedArray):
        values = (values.combine_chunks() if values.num_chunks != 1 else values.chunk(0))
    elif not isinstance(values, pa.Array):
        values = column_array(values)
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    if pa.types.is_large_string(values.type) or pa.types.is_string_view(values.type):
        values = values.cast(pa.string())
    return values


def column_array(values: Any) -> pa.Array:
    """An Arrow array of any in-memory column (list, numpy array, pandas/polars series). A
    Python list mixing types (``[1, "a"]``) becomes text, each cell as ``str`` would show it."""
    if hasattr(values, "__arrow_c_array__") or hasattr(values, "__arrow_c_stream__"):
        try:
            got = pa.array(values)
            return got.combine_chunks() if isinstance(got, pa.ChunkedArray) else got
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
            pass
    try:
        got = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError,
            ValueError, OverflowError):
        cells = values.tolist() if hasattr(values, "tolist") else list(values)
        # a float NaN in a mixed column is pandas' "missing", not the text "nan"
        got = pa.array([None if v is None or (isinstance(v, float) and v != v) else str(v)
                         for v in cells], pa.string())
    return got.combine_chunks() if isinstance(got, pa.ChunkedArray) else got


def _empty_cells(arr: pa.Array) -> B:
    """Cells that are null or the empty string, from the offsets alone (no comparison pass)."""
    if pa.types.is_string(arr.type) and arr.null_count == 0:
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset:arr.offset
                                                                   + len(arr) + 1]
        return np.asarray(offsets[1:] == offsets[:-1])
    return _np_bool(pc.equal(arr, ""), null=True)


def _masked_array(values: Any, keep: B, type: pa.DataType | None = None) -> pa.Array:
    """An Arrow array of a numpy column, null where ``keep`` is False (no bitmap when none)."""
    if keep.all():
        return pa.array(values, type=type)
    return pa.array(values, type=type, mask=~keep)


def _np_bool(values: pa.Array | pa.ChunkedArray, null: bool = False) -> B:
    return np.asarray(pc.fill_null(values, null).to_numpy(zero_copy_only=False), dtype=bool)


def _mask(values: pa.Array, keep: B) -> pa.Array:
    """``values`` with null where ``keep`` is False."""
    return pc.if_else(pa.array(keep), values, pa.nulls(len(values), values.type))


def _is_text(arr: pa.Array) -> bool:
    return bool(pa.types.is_string(arr.type))


def _trimmed(arr: pa.Array, *, fold: bool) -> tuple[pa.Array, B]:
    """Whitespace-trimmed text (NFKC-folded when ``fold`` and any cell is not ASCII), and the
    blank mask."""
    ascii_only = bool(pc.all(pc.fill_null(pc.string_is_ascii(arr), True)).as_py())
    if fold and not ascii_only:
        arr = pc.utf8_normalize(arr, "NFKC")
    arr = pc.ascii_trim_whitespace(arr) if ascii_only else pc.utf8_trim_whitespace(arr)
    return arr, _empty_cells(arr)


def _to_text(arr: pa.Array) -> pa.Array:
    """Any typed column as text: integral floats lose their ``.0`` so an id typed as a number in
    a spreadsheet reads the same as in a CSV."""
    if _is_text(arr):
        return arr
    if pa.types.is_floating(arr.type):
        vals = arr.to_numpy(zero_copy_only=False)
        with np.errstate(invalid="ignore"):
            integral = np.isfinite(vals) & (np.abs(vals) < 2.0**53) & (vals == np.floor(vals))
        as_int = pc.cast(_mask(arr, integral).fill_null(0), pa.int64()).cast(pa.string())
        return pc.if_else(pa.array(integral), as_int, pc.cast(arr, pa.string()))
    if pa.types.is_null(arr.type):
        return pa.nulls(len(arr), pa.string())
    if pa.types.is_binary(arr.type) or pa.types.is_large_binary(arr.type):
        return pc.cast(arr, pa.string(), safe=False)
    try:
        return pc.cast(arr, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        # Nested or exotic types: one string per cell (a fallback, not a hot path).
        return pa.array([None if v is None else str(v) for v in arr.to_pylist()], pa.string())


def _unique_map(text: pa.Array, table: Callable[[str], Any], out_type: pa.DataType) -> pa.Array:
    """Map each distinct value of ``text`` through ``table`` (a Python function over the
    distinct values only) and spread the result back to every row."""
    enc = pc.dictionary_encode(text)
    mapped = pa.array([table(v) for v in enc.dictionary.to_pylist()], type=out_type)
    return pc.take(mapped, enc.indices)


def _failures(**masks: B) -> dict[str, B]:
    return {k: v for k, v in masks.items() if v.any()}


# --- text -----------------------------------------------------------------------------------


def parse_text(values: Any, *, max_length: int = ID_MAX_LENGTH) -> Parsed:
    """Text (文本): trimmed; blank is unknown; longer than ``max_length`` characters fails
    ``too_long``."""
    arr, blank = _trimmed(_to_text(_array(values)), fold=False)
    too_long = _np_bool(pc.greater(pc.utf8_length(arr), max_length)) & ~blank
    keep = ~blank & ~too_long
    return Parsed(_mask(arr, keep), blank, _failures(too_long=too_long))


# --- numbers --------------------------------------------------------------------------------

_NUMBER = r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = f"^{_NUMBER}$"
_PERCENT_RE = f"^{_NUMBER}%$"


def _numbers(values: Any, *, percent: bool = False) -> tuple[F64, B, B]:
    """(float values, blank, not_a_number) of any column; values are NaN where not valid."""
    arr = _array(values)
    n = len(arr)
    if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type) \
            or pa.types.is_decimal(arr.type):
        out = pc.cast(arr, pa.float64(), safe=False).to_numpy(zero_copy_only=False)
        out = np.asarray(out, dtype=np.float64)
        blank = np.isnan(out)  # null, and pandas' NaN for "missing"
        return out, blank, np.zeros(n, dtype=bool)
    if pa.types.is_null(arr.type):
        return np.full(n, np.nan), np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    if not _is_text(arr):  # booleans, dates...: not numbers
        blank = _np_bool(pc.is_null(arr))
        return np.full(n, np.nan), blank, ~blank
    # Fastest path: cells as machines write them (no spaces, ASCII): Arrow's parser alone.
    blank0 = _empty_cells(arr)
    try:
        x = np.array(pc.cast(_mask(arr, ~blank0) if blank0.any() else arr, pa.float64())
                     .to_numpy(zero_copy_only=False), dtype=np.float64)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    else:
        if np.isfinite(x[~blank0]).all():
            return x, blank0, np.zeros(n, dtype=bool)
    text, blank = _trimmed(arr, fold=True)
    if not (percent and pc.any(pc.match_substring(text, "%")).as_py()):
        # Fast path: Arrow's own parser takes every plain number; it also takes nan and inf,
        # so the rows that come out non-finite are checked against the pattern below.
        try:
            cells = _mask(text, ~blank) if blank.any() else text
            x = np.array(pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False),
                         dtype=np.float64)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            odd = np.flatnonzero(~np.isfinite(x) & ~blank)
            bad = np.zeros(n, dtype=bool)
            if len(odd):
                ok = _np_bool(pc.match_substring_regex(text.take(pa.array(odd)), _NUMBER_RE))
                bad[odd[~ok]] = True
                x[odd[~ok]] = np.nan
            return x, blank, bad
    # Slow path, on the rows that are not plain digits only ("1,234", "85%", "x").
    x = np.full(n, np.nan)
    plain = _np_bool(pc.ascii_is_decimal(text)) & ~blank
    if plain.any():
        x[plain] = pc.cast(text.filter(pa.array(plain)), pa.float64()).to_numpy(
            zero_copy_only=False)
    rest = np.flatnonzero(~plain & ~blank)
    bad = np.zeros(n, dtype=bool)
    if len(rest):
        vals, ok = _number_texts(text.take(pa.array(rest)), percent=percent)
        x[rest] = vals
        bad[rest] = ~ok
    return x, blank, bad


def _number_texts(text: pa.Array, *, percent: bool) -> tuple[F64, B]:
    """(values, ok) of trimmed, non-blank number texts by the accepted pattern."""
    ok = _np_bool(pc.match_substring_regex(text, _NUMBER_RE))
    pct = np.zeros(len(text), dtype=bool)
    if percent:
        pct = _np_bool(pc.match_substring_regex(text, _PERCENT_RE))
        text = pc.replace_substring(text, "%", "")
        ok |= pct
    text = _mask(pc.replace_substring(text, ",", ""), ok)
    out = np.array(pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False),
                   dtype=np.float64)
    out[pct] /= 100.0
    return out, ok


def _bounded(x: F64, bad: B, lo: float | None, hi: float | None) -> B:
    with np.errstate(invalid="ignore"):
        out = ~np.isfinite(x)
        if lo is not None:
            out |= x < lo
        if hi is not None:
            out |= x > hi
    return out & ~bad


def parse_float(values: Any, *, min: float | None = -COUNT_MAX,
                max: float | None = COUNT_MAX) -> Parsed:
    """A real number (数值): finite and within ``[min, max]`` (default ±1e12)."""
    x, blank, nan = _numbers(values)
    oor = _bounded(x, blank | nan, min, max)
    keep = ~blank & ~nan & ~oor
    return Parsed(_masked_array(x, keep), blank,
                  _failures(not_a_number=nan, out_of_range=oor))


def parse_rate(values: Any, *, min: float | None = 0.0,
               max: float | None = 1.0) -> Parsed:
    """A rate (比率) in ``[0, 1]``; ``85%`` is read as 0.85, ``85`` is out of range."""
    x, blank, nan = _numbers(values, percent=True)
    oor = _bounded(x, blank | nan, min, max)
    keep = ~blank & ~nan & ~oor
    return Parsed(_masked_array(x, keep), blank,
                  _failures(not_a_number=nan, out_of_range=oor))


def parse_int(values: Any, *, min: float | None = 0.0,
              max: float | None = COUNT_MAX) -> Parsed:
    """A whole number (整数; counts by default: ``0 <= x <= 1e12``). ``1.0`` is accepted,
    ``1.5`` fails ``not_an_integer``."""
    x, blank, nan = _numbers(values)
    oor = _bounded(x, blank | nan, min, max)
    with np.errstate(invalid="ignore"):
        frac = (np.floor(x) != x) & ~blank & ~nan & ~oor
    keep = ~blank & ~nan & ~oor & ~frac
    ints = (x if keep.all() else np.where(keep, x, 0.0)).astype(np.int64)
    return Parsed(_masked_array(ints, keep), blank,
                  _failures(not_a_number=nan, out_of_range=oor, not_an_integer=frac))


# --- booleans and enums ---------------------------------------------------------------------

_TRUE = ("true", "t", "yes", "y", "1", "1.0", "是", "有", "对", "√", "✓", "✔", "☑", "☑是",
         "■", "已")
_FALSE = ("false", "f", "no", "n", "0", "0.0", "否", "无", "没有", "错", "×", "✗", "✘", "□",
          "☐", "☑否", "未")
BOOL_SPELLINGS: Mapping[str, bool] = {normalise(k): True for k in _TRUE} | {
    normalise(k): False for k in _FALSE}


def parse_bool(values: Any) -> Parsed:
    """A yes/no (是否); blank is unknown (null), never False."""
    arr = _array(values)
    n = len(arr)
    if pa.types.is_boolean(arr.type):
        blank = _np_bool(pc.is_null(arr))
        return Parsed(arr, blank, {})
    if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type):
        x, blank, _ = _numbers(arr)
        bad = ~blank & (x != 0) & (x != 1)
        keep = ~blank & ~bad
        return Parsed(pa.array(x == 1, mask=~keep), blank, _failures(not_a_bool=bad))
    text, blank = _trimmed(_to_text(arr), fold=False)
    def spell(v: str | None) -> int:
        b = None if v is None else BOOL_SPELLINGS.get(normalise(v))
        return -1 if b is None else int(b)

    code = _unique_map(text, spell, pa.int8())
    c = np.asarray(pc.fill_null(code, -1).to_numpy(zero_copy_only=False))
    bad = (c < 0) & ~blank
    return Parsed(pa.array(c == 1, mask=(c < 0)), blank,
                  _failures(not_a_bool=bad) if n else {})


def parse_enum(values: Any, vocabulary: type[ZhEnum], *, name: str | None = None) -> Parsed:
    """A member of a vocabulary (词表), written as its code, Chinese term or any alias; the
    value is the English code. Unknown spellings fail ``unknown_<name>`` (``name`` defaults to
    the vocabulary's: ``unknown_platform``, ``unknown_admin_level``)."""
    text, blank = _trimmed(_to_text(_array(values)), fold=False)
    table = lookup(vocabulary)
    codes = _unique_map(text, lambda v: None if v is None else table.get(normalise(v)),
                        pa.string())
    bad = _np_bool(pc.is_null(codes)) & ~blank
    label = name or vocabulary_name(vocabulary)
    return Parsed(codes, blank, _failures(**{f"unknown_{label}": bad}))


# --- dates and times ------------------------------------------------------------------------

_MOMENT_RE = (
    r"^(?P<y>\d{4})(?:[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})|(?P<m8>\d{2})(?P<d8>\d{2}))"
    r"(?:(?:日[T ]*|[T ]+)(?P<H>\d{1,2})[:时点](?P<M>\d{1,2})"
    r"(?:[:分](?P<S>\d{1,2})(?:\.\d{1,9})?秒?|分)?|日)?"
    r"\s*(?P<tz>[zZ]|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?)?$"
)
_SERIAL_RE = r"^\d{1,7}(?:\.\d+)?$"


def _field(struct: pa.StructArray, name: str) -> I64:
    col = struct.field(name)
    num = pc.cast(pc.if_else(pc.equal(col, ""), None, col), pa.int64())
    return np.asarray(pc.fill_null(num, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _moments(values: Any) -> tuple[I64, B, B]:
    """(Beijing wall-clock seconds since 1970-01-01, blank, not parsed) of any column."""
    arr = _array(values)
    n = len(arr)
    secs = np.zeros(n, dtype=np.int64)
    if pa.types.is_timestamp(arr.type):
        unit_secs = pc.cast(arr.cast(pa.timestamp(arr.type.unit, tz=arr.type.tz)),
                            pa.timestamp("s", tz=arr.type.tz), safe=False)
        raw = np.asarray(pc.cast(unit_secs, pa.int64()).fill_null(0)
                         .to_numpy(zero_copy_only=False), dtype=np.int64)
        shift = _BEIJING if arr.type.tz is not None else 0
        blank = _np_bool(pc.is_null(arr))
        return raw + shift, blank, np.zeros(n, dtype=bool)
    if pa.types.is_date(arr.type):
        days = np.asarray(pc.cast(arr.cast(pa.date32()), pa.int32()).fill_null(0)
                          .to_numpy(zero_copy_only=False), dtype=np.int64)
        return days * 86400, _np_bool(pc.is_null(arr)), np.zeros(n, dtype=bool)
    if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type):
        x, blank, _ = _numbers(arr)
        return _serial(x, blank)
    if pa.types.is_null(arr.type):
        return secs, np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    if not _is_text(arr):
        blank = _np_bool(pc.is_null(arr))
        return secs, blank, ~blank
    return _per_distinct(arr, _moment_texts)


def _per_distinct(arr: pa.Array, fn: Callable[[pa.Array], tuple[Any, B, B]]) \
        -> tuple[Any, B, B]:
    """``fn`` over the distinct values of a text column, spread back to every row, when the
    column repeats itself (dates, months); over the column itself otherwise."""
    n = len(arr)
    if n < 4096:
        return fn(arr)
    enc = pc.dictionary_encode(arr)
    k = len(enc.dictionary)
    if k > n // 4:
        return fn(arr)
    values = pa.concat_arrays([enc.dictionary, pa.nulls(1, arr.type)])
    idx = np.asarray(pc.fill_null(enc.indices, k).to_numpy(zero_copy_only=False),
                     dtype=np.int64)
    a, blank, bad = fn(values)
    return a[idx], blank[idx], bad[idx]


_ISO_RE = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$"


def _moment_texts(arr: pa.Array) -> tuple[I64, B, B]:
    """Seconds, blank, bad of date/time texts: ISO-shaped cells (what machines write) by
    fixed-position slices, the rest by the general pattern."""
    n = len(arr)
    text, blank = _trimmed(arr, fold=True)
    iso = _np_bool(pc.match_substring_regex(text, _ISO_RE)) & ~blank
    if not iso.any():
        return _moment_general(text, blank)
    secs = np.zeros(n, dtype=np.int64)
    bad = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(iso)
    sub = text.take(pa.array(rows)) if len(rows) < n else text

    def part(start: int, stop: int) -> I64:
        piece = pc.utf8_slice_codeunits(sub, start, stop)
        got = pc.cast(pc.if_else(pc.equal(piece, ""), "0", piece), pa.int64())
        return np.asarray(got.to_numpy(zero_copy_only=False), dtype=np.int64)

    y, m, d = part(0, 4), part(5, 7), part(8, 10)
    hh, mi, ss = part(11, 13), part(14, 16), part(17, 19)
    local, valid = _civil(y, m, d, hh, mi, ss)
    secs[rows] = local
    bad[rows] = ~valid
    rest = np.flatnonzero(~iso & ~blank)
    if len(rest):
        g_secs, _, g_bad = _moment_general(text.take(pa.array(rest)), np.zeros(len(rest), bool))
        secs[rest] = g_secs
        bad[rest] = g_bad
    return secs, blank, bad


def _civil(y: I64, m: I64, d: I64, hh: I64, mi: I64, ss: I64) -> tuple[I64, B]:
    """Seconds since 1970-01-01 of civil fields, and which fields form a real date and time."""
    valid = (m >= 1) & (m <= 12) & (d >= 1) & (hh < 24) & (mi < 60) & (ss < 60) & (y >= 0)
    month = np.where(valid, (y - 1970) * 12 + m - 1, 0)
    start = month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    length = (month + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) \
        - start
    valid &= d <= length
    return (start + d - 1) * 86400 + hh * 3600 + mi * 60 + ss, valid


def _moment_general(text: pa.Array, blank: B) -> tuple[I64, B, B]:
    """Every accepted date/time spelling, by one regular expression (trimmed text)."""
    n = len(text)
    secs = np.zeros(n, dtype=np.int64)
    hit = pc.extract_regex(text, _MOMENT_RE)
    matched = _np_bool(hit.is_valid()) & ~blank
    serial = _np_bool(pc.match_substring_regex(text, _SERIAL_RE)) & ~matched & ~blank
    if serial.any():
        x = np.asarray(pc.cast(_mask(text, serial), pa.float64()).fill_null(np.nan)
                       .to_numpy(zero_copy_only=False), dtype=np.float64)
        s_secs, _, s_bad = _serial(x, ~serial)
        secs = np.where(serial, s_secs, secs)
        bad_serial = s_bad & serial
    else:
        bad_serial = np.zeros(n, dtype=bool)
    if matched.any():
        struct = pc.fill_null(hit, pa.scalar({k: "" for k in _GROUPS}, hit.type))
        y = _field(struct, "y")
        m = np.where(_field(struct, "m") >= 0, _field(struct, "m"), _field(struct, "m8"))
        d = np.where(_field(struct, "d") >= 0, _field(struct, "d"), _field(struct, "d8"))
        hh, mi, ss = (np.maximum(_field(struct, k), 0) for k in ("H", "M", "S"))
        local, valid = _civil(y, m, d, hh, mi, ss)
        valid &= matched
        tz = struct.field("tz")
        aware = _np_bool(pc.not_equal(tz, "")) & valid
        if aware.any():
            local = local - _offsets(tz) + _BEIJING * aware
        secs = np.where(valid, local, secs)
        bad_text = matched & ~valid
    else:
        bad_text = np.zeros(n, dtype=bool)
    not_parsed = (~matched & ~serial & ~blank) | bad_text | bad_serial
    return secs, blank, not_parsed


_GROUPS = ("y", "m", "d", "m8", "d8", "H", "M", "S", "tz")


def _offsets(tz: pa.Array) -> I64:
    """Seconds east of UTC of each offset text (``Z``, ``+08:00``, ``+0800``, ``UTC+8``);
    0 where none is given."""
    parts = pc.extract_regex(
        pc.fill_null(tz, ""), r"^(?:UTC|GMT)?(?P<sign>[+-]?)(?P<h>\d{0,2}):?(?P<mm>\d{0,2})$")
    parts = pc.fill_null(parts, pa.scalar({"sign": "", "h": "", "mm": ""}, parts.type))
    h = np.maximum(_field(parts, "h"), 0)
    mm = np.maximum(_field(parts, "mm"), 0)
    sign = np.where(_np_bool(pc.equal(parts.field("sign"), "-")), -1, 1)
    return np.asarray(sign * (h * 3600 + mm * 60), dtype=np.int64)


def _serial(x: F64, blank: B) -> tuple[I64, B, B]:
    """Excel serial day numbers (1899-12-30 = 0; the fraction is the time of day)."""
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(x) & (x >= 0) & (x < _EXCEL_MAX_SERIAL) & ~blank
    secs = np.where(ok, np.round((np.where(ok, x, 0.0) + _EXCEL_EPOCH_DAYS) * 86400.0), 0)
    return secs.astype(np.int64), blank, ~ok & ~blank


def _date_bounds(days: I64, ok: B, lo: dt.date | None, hi: dt.date | None) -> B:
    out = np.zeros(len(days), dtype=bool)
    if lo is not None:
        out |= days < (lo - _EPOCH).days
    if hi is not None:
        out |= days > (hi - _EPOCH).days
    return out & ok


def parse_date(values: Any, *, min: dt.date | None = DATE_MIN,
               max: dt.date | None = None) -> Parsed:
    """A date (日期) as ``date32``; out of ``[min, max]`` fails ``date_out_of_range``."""
    secs, blank, bad = _moments(values)
    days = np.floor_divide(secs, 86400)
    oor = _date_bounds(days, ~blank & ~bad, min, max)
    keep = ~blank & ~bad & ~oor
    return Parsed(pa.array(np.where(keep, days, 0).astype(np.int32), pa.int32(), mask=~keep)
                  .cast(pa.date32()), blank, _failures(not_a_date=bad, date_out_of_range=oor))


def parse_datetime(values: Any, *, min: dt.date | None = DATE_MIN,
                   max: dt.date | None = None) -> Parsed:
    """A time (时间) as ``timestamp[s]`` of Beijing wall-clock time; its date must lie in
    ``[min, max]`` (``date_out_of_range``)."""
    secs, blank, bad = _moments(values)
    oor = _date_bounds(np.floor_divide(secs, 86400), ~blank & ~bad, min, max)
    keep = ~blank & ~bad & ~oor
    return Parsed(pa.array(np.where(keep, secs, 0), pa.int64(), mask=~keep)
                  .cast(pa.timestamp("s")), blank,
                  _failures(not_a_time=bad, date_out_of_range=oor))


def _month_texts(arr: pa.Array) -> tuple[I64, B, B]:
    n = len(arr)
    text, blank = _trimmed(arr, fold=True)
    hit = pc.extract_regex(text, MONTH_PATTERN)
    matched = _np_bool(hit.is_valid()) & ~blank
    ordinal = np.zeros(n, dtype=np.int64)
    bad = ~matched & ~blank
    if matched.any():
        struct = pc.fill_null(hit, pa.scalar({k: "" for k in ("y", "m", "d", "m2")}, hit.type))
        y = _field(struct, "y")
        m = np.where(_field(struct, "m") >= 0, _field(struct, "m"), _field(struct, "m2"))
        d = _field(struct, "d")
        valid = matched & (m >= 1) & (m <= 12) & ((d == -1) | (d == 1))
        ordinal = np.where(valid, (y - 1970) * 12 + m - 1, 0)
        bad = (matched & ~valid) | bad
    return ordinal, blank, bad


def parse_month(values: Any, *, min: int | None = None,
                max: int | None = None) -> Parsed:
    """A month (月份) as an ``int32`` ordinal (:mod:`zwxmt.months`); out of ``[min, max]``
    fails ``date_out_of_range``."""
    arr = _array(values)
    n = len(arr)
    if pa.types.is_date(arr.type) or pa.types.is_timestamp(arr.type):
        secs, blank, bad = _moments(arr)
        day = np.floor_divide(secs, 86400).astype("datetime64[D]")
        ordinal = day.astype("datetime64[M]").astype(np.int64)
        bad = bad | ((day != ordinal.astype("datetime64[M]").astype("datetime64[D]")) & ~blank)
    elif _is_text(arr) or pa.types.is_null(arr.type) or pa.types.is_integer(arr.type):
        ordinal, blank, bad = _per_distinct(_to_text(arr), _month_texts)
    else:
        blank = _np_bool(pc.is_null(arr))
        ordinal, bad = np.zeros(n, dtype=np.int64), ~blank
    lo = (DATE_MIN.year - 1970) * 12 if min is None else min
    oor = ~blank & ~bad & (ordinal < lo)
    if max is not None:
        oor |= ~blank & ~bad & (ordinal > max)
    keep = ~blank & ~bad & ~oor
    return Parsed(pa.array(np.where(keep, ordinal, 0).astype(np.int32), pa.int32(), mask=~keep),
                  blank, _failures(not_a_month=bad, date_out_of_range=oor))
