"""Declared input schemas (输入格式): columns, kinds, aliases, bounds, and validation.

An :class:`InputSchema` declares one batch input: its columns (:class:`Column`: English name,
Chinese name, kind, aliases, bounds, vocabulary) and its key. :meth:`InputSchema.validate`
reads any source (:func:`zwxmt.table.read.read_raw`), matches the header against the declared
names (NFKC, case and spaces folded), parses every column on whole columns
(:mod:`zwxmt.table.parse`) and returns a :class:`Validated`: the typed table of the rows kept,
their spreadsheet row numbers, the failure cases of the rows rejected, the counts (read = used +
rejected) and notices (extra columns ignored).

Kinds and their Arrow types:

=========  ==================  ===============================================================
kind       Arrow type          accepts
=========  ==================  ===============================================================
text       string              any text; trimmed; at most ``max_length`` (default 256) chars
count      int64               whole number, ``0 <= x <= 1e12`` unless ``min``/``max`` given
int        int64               whole number, ``-1e12 <= x <= 1e12``
float      float64             finite number, ``-1e12 <= x <= 1e12``
rate       float64             number in ``[0, 1]``; ``85%`` reads 0.85
bool       bool                是/否, 有/无, √/×, true/false, 1/0 ...
enum       string (the code)   a code or alias of ``vocabulary`` (:mod:`zwxmt.vocabulary`)
date       date32              2012-11-01, 2012/11/1, 2012年11月1日, Excel serial, dates
datetime   timestamp[s]        2020-01-01 08:55[:00][+08:00]; Beijing wall-clock time
month      int32 (ordinal)     2026-03, 2026/3, 2026年3月 (:mod:`zwxmt.months`)
=========  ==================  ===============================================================

Blank cells are unknown (null) unless the column has a ``default``; a blank cell in a
``required`` column rejects the row (``missing_value``). A row whose key repeats the key of an
earlier kept row is rejected (``duplicate_key``) and the message names the row kept: the first
row wins, as a spreadsheet's "remove duplicates" keeps it, and nothing is dropped unseen.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt import months
from zwxmt.arrays import I64, B
from zwxmt.errors import HeaderError
from zwxmt.table.failures import Counts, Failures, is_contact_name
from zwxmt.table.parse import (
    COUNT_MAX,
    DATE_MIN,
    ID_MAX_LENGTH,
    Parsed,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_enum,
    parse_float,
    parse_int,
    parse_month,
    parse_rate,
    parse_text,
)
from zwxmt.table.read import iter_raw_batches, read_raw
from zwxmt.vocabulary import VOCABULARIES, ZhEnum, accepted, normalise, vocabulary_name

__all__ = [
    "KINDS",
    "Column",
    "InputSchema",
    "Kind",
    "Validated",
]

Kind = Literal["text", "count", "int", "float", "rate", "bool", "enum", "date", "datetime",
               "month"]
KINDS: dict[str, pa.DataType] = {
    "text": pa.string(), "count": pa.int64(), "int": pa.int64(), "float": pa.float64(),
    "rate": pa.float64(), "bool": pa.bool_(), "enum": pa.string(), "date": pa.date32(),
    "datetime": pa.timestamp("s"), "month": pa.int32(),
}
_EXPECTED: dict[str, str] = {
    "text": "text", "count": "a whole number", "int": "a whole number",
    "float": "a number", "rate": "a rate (85% reads 0.85)",
    "bool": "是/否 (yes/no)", "enum": "one of", "date": "a date YYYY-MM-DD",
    "datetime": "a date and time YYYY-MM-DD HH:MM", "month": "a month YYYY-MM",
}
#: Field metadata that marks a column's kind in a validated table (writers read it: a month
#: ordinal is written as its label).
KIND_METADATA = b"zwxmt.kind"

Bound = float | int | dt.date | str | None


@dataclass(frozen=True)
class Column:
    """One declared column of an input.

    ``default`` fills blank cells (None: blank stays unknown, never 0); ``min``/``max`` bound
    numbers (floats), dates (``datetime.date``) or months (``"YYYY-MM"``); ``contact`` marks a
    personal contact (masked in every failure record and log); ``max_length`` bounds text
    (default 256 for text and enums).
    """

    name: str
    zh: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    required: bool = True
    default: Any = None
    min: Bound = None
    max: Bound = None
    vocabulary: type[ZhEnum] | str | None = None
    contact: bool = False
    max_length: int | None = None
    cite: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise TypeError(f"column {self.name}: unknown kind {self.kind!r}")
        if self.kind == "enum" and self.vocabulary is None:
            raise TypeError(f"column {self.name}: an enum column needs a vocabulary")
        if isinstance(self.vocabulary, str) and self.vocabulary not in VOCABULARIES:
            raise TypeError(f"column {self.name}: unknown vocabulary {self.vocabulary!r}")
        if not self.contact and (is_contact_name(self.name) or is_contact_name(self.zh)):
            object.__setattr__(self, "contact", True)

    @property
    def names(self) -> tuple[str, ...]:
        """Every header spelling accepted for this column."""
        return (self.name, self.zh, *self.aliases)

    @property
    def enum(self) -> type[ZhEnum] | None:
        v = self.vocabulary
        return VOCABULARIES[v] if isinstance(v, str) else v

    @property
    def arrow_type(self) -> pa.DataType:
        return KINDS[self.kind]

    @property
    def label(self) -> str:
        """``阅读数 (reads)``, as messages name the column."""
        return f"{self.zh} ({self.name})" if self.zh and self.zh != self.name else self.name

    def expected(self, as_of: dt.date | None = None) -> str:
        """What the column accepts, in words (for messages and the schema JSON)."""
        if self.kind == "enum":
            enum = self.enum
            assert enum is not None
            return "one of " + ", ".join(f"{code} ({labels[0]})"
                                         for code, labels in accepted(enum).items())
        lo, hi = self.bounds(as_of)
        text = _EXPECTED[self.kind]
        if self.kind in ("count", "int", "float", "rate"):
            return f"{text} from {_num(lo)} to {_num(hi)}"
        if self.kind in ("date", "datetime"):
            return f"{text} from {lo} to {hi or 'the assessment date'}"
        if self.kind == "month":
            return f"{text} from {months.label(int(lo))}" + (
                f" to {months.label(int(hi))}" if hi is not None else "")
        if self.kind == "text":
            return f"text of at most {self.text_limit} characters"
        return text

    @property
    def text_limit(self) -> int:
        return self.max_length if self.max_length is not None else ID_MAX_LENGTH

    def bounds(self, as_of: dt.date | None = None) -> tuple[Any, Any]:
        """(min, max) in the column's own units, the defaults of its kind filled in."""
        lo, hi = self.min, self.max
        if self.kind == "count":
            return (0.0 if lo is None else lo, COUNT_MAX if hi is None else hi)
        if self.kind in ("int", "float"):
            return (-COUNT_MAX if lo is None else lo, COUNT_MAX if hi is None else hi)
        if self.kind == "rate":
            return (0.0 if lo is None else lo, 1.0 if hi is None else hi)
        if self.kind in ("date", "datetime"):
            return (DATE_MIN if lo is None else _date(lo), as_of if hi is None else _date(hi))
        if self.kind == "month":
            mlo = months.of_date(DATE_MIN) if lo is None else _month(lo)
            mhi = (months.of_date(as_of) if as_of is not None else None) if hi is None \
                else _month(hi)
            return mlo, mhi
        return lo, hi

    def parse(self, values: Any, as_of: dt.date | None = None) -> Parsed:
        """Parse one raw column by this column's kind and bounds."""
        lo, hi = self.bounds(as_of)
        k = self.kind
        if k == "text":
            return parse_text(values, max_length=self.text_limit)
        if k in ("count", "int"):
            return parse_int(values, min=lo, max=hi)
        if k == "float":
            return parse_float(values, min=lo, max=hi)
        if k == "rate":
            return parse_rate(values, min=lo, max=hi)
        if k == "bool":
            return parse_bool(values)
        if k == "enum":
            enum = self.enum
            assert enum is not None
            name = self.vocabulary if isinstance(self.vocabulary, str) else None
            return parse_enum(values, enum, name=name)
        if k == "date":
            return parse_date(values, min=lo, max=hi)
        if k == "datetime":
            return parse_datetime(values, min=lo, max=hi)
        return parse_month(values, min=lo, max=hi)

    def to_json(self) -> dict[str, Any]:
        """The column as the ``zwxmt schema`` JSON publishes it."""
        lo, hi = self.bounds(None)
        out: dict[str, Any] = {
            "name": self.name, "zh": self.zh, "kind": self.kind,
            "type": str(self.arrow_type), "aliases": list(self.aliases),
            "required": self.required, "default": _jsonable(self.default),
            "min": _jsonable(lo if self.kind != "month" or lo is None
                             else months.label(int(lo))),
            "max": _jsonable(hi if self.kind != "month" or hi is None
                             else months.label(int(hi))),
            "contact": self.contact, "cite": self.cite, "description": self.description,
        }
        if self.kind == "text":
            out["max_length"] = self.text_limit
        if self.kind == "enum":
            enum = self.enum
            assert enum is not None
            out["vocabulary"] = (self.vocabulary if isinstance(self.vocabulary, str)
                                 else vocabulary_name(enum))
            out["values"] = {code: list(labels) for code, labels in accepted(enum).items()}
        return out


def header_key(name: str) -> str:
    """How header names compare: NFKC, case folded, spaces, ``_`` and ``-`` removed
    (``Account ID``, ``account_id`` and ``ACCOUNT-ID`` name one column)."""
    return normalise(name).replace("_", "").replace("-", "")


def _num(x: Any) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:g}" if isinstance(x, float) else str(x)


def _date(x: Any) -> dt.date:
    return x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x))


def _month(x: Any) -> int:
    return int(x) if isinstance(x, int) else months.parse(str(x))


def _jsonable(x: Any) -> Any:
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, float) and not np.isfinite(x):
        return None
    return x


@dataclass(frozen=True)
class Validated:
    """The result of validating one input against its schema."""

    schema: InputSchema
    source: str
    table: pa.Table
    row_numbers: I64
    failures: Failures
    counts: Counts
    notices: tuple[str, ...] = ()

    def column(self, name: str) -> Any:
        """One column as numpy (nulls as NaN for numbers, None for objects)."""
        return self.table.column(name).to_numpy()

    def reject(self, mask: Any, *, column: str, check: str, message: str,
               values: pa.Array | None = None) -> Validated:
        """Move the kept rows where ``mask`` holds into the rejects, with one failure record
        each: for the checks a schema cannot state alone (a row contradicting the registry,
        ``original_posts > posts``). ``values`` defaults to ``column``'s cells (masked when the
        column is a contact); ``mask`` is aligned with :attr:`table`."""
        hit = np.asarray(mask, dtype=bool)
        if hit.shape != (self.table.num_rows,):
            raise ValueError(f"mask of {hit.shape} for {self.table.num_rows} kept rows")
        if not hit.any():
            return self
        contact = False
        if values is None and column in self.table.column_names:
            values = _chunk(self.table.column(column))
            contact = any(c.contact for c in self.schema.columns if c.name == column)
            if (self.table.schema.field(column).metadata or {}).get(KIND_METADATA) == b"month":
                values = pa.array(months.labels(values.fill_null(0).to_numpy(
                    zero_copy_only=False)), mask=values.is_null().to_numpy(
                    zero_copy_only=False))
        extra = Failures.from_mask(file=self.source, rows=self.row_numbers, column=column,
                                   values=values, mask=hit, check=check, message=message,
                                   contact=contact)
        keep = ~hit
        n = int(hit.sum())
        return replace(
            self, table=self.table.filter(pa.array(keep)), row_numbers=self.row_numbers[keep],
            failures=Failures.concat([self.failures, extra]),
            counts=Counts(read=self.counts.read, used=self.counts.used - n,
                          rejected=self.counts.rejected + n))

    def __len__(self) -> int:
        return int(self.table.num_rows)


@dataclass(frozen=True)
class InputSchema:
    """A declared batch input: its columns and key (the columns that identify a row)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""
    cite: str = ""
    zh: str = ""
    _index: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "key", tuple(self.key))
        index: dict[str, Column] = {}
        for col in self.columns:
            for spelling in col.names:
                k = header_key(spelling)
                if k in index and index[k] is not col:
                    raise TypeError(f"schema {self.name}: {spelling!r} names both "
                                    f"{index[k].name} and {col.name}")
                index[k] = col
        names = [c.name for c in self.columns]
        for k in self.key:
            if k not in names:
                raise TypeError(f"schema {self.name}: key column {k!r} is not declared")
        object.__setattr__(self, "_index", index)

    def __getitem__(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def arrow_schema(self) -> pa.Schema:
        """The Arrow schema of :attr:`Validated.table` (field metadata marks each kind)."""
        return pa.schema([pa.field(c.name, c.arrow_type, metadata={KIND_METADATA: c.kind})
                          for c in self.columns])

    def match(self, header: Sequence[str], *, file: str = "") -> tuple[dict[str, str],
                                                                        list[str]]:
        """Map header names to declared columns: ({raw name: column name}, extra names).

        Raises :class:`HeaderError` when two header columns name one declared column
        (``duplicate_column``) or a required column is absent (``missing_column``).
        """
        found: dict[str, str] = {}
        by_column: dict[str, str] = {}
        extras: list[str] = []
        for raw in header:
            col = self._index.get(header_key(raw))
            if col is None:
                extras.append(raw)
                continue
            if col.name in by_column:
                raise HeaderError(
                    f"column {col.label} is given twice (as {by_column[col.name]!r} and "
                    f"{raw!r})", check="duplicate_column", file=file or None, field=col.name)
            by_column[col.name] = raw
            found[raw] = col.name
        missing = [c for c in self.columns if c.required and c.name not in by_column]
        if missing:
            names = "; ".join(f"{c.label}, accepted as: {', '.join(c.names)}" for c in missing)
            raise HeaderError(f"the {self.name} input lacks required column(s): {names}",
                              check="missing_column", file=file or None,
                              field=missing[0].name)
        return found, extras

    def validate(self, source: Any, *, as_of: dt.date | None = None,
                 source_name: str | None = None, encoding: str | None = None,
                 sheet: str | int | None = None, allow_empty: bool = False) -> Validated:
        """Read and validate ``source`` (a path, a :class:`RawTable` or any in-memory table).

        Raises the :class:`~zwxmt.errors.InputError` family only for what refuses the whole
        input (unreadable or empty file, duplicate or missing column); a bad cell rejects its
        row into :attr:`Validated.failures`.
        """
        raw = read_raw(source, encoding=encoding, sheet=sheet, allow_empty=allow_empty,
                       name=source_name)
        file = raw.source
        found, extras = self.match(raw.column_names, file=file)
        notices = list(raw.notices)
        if extras:
            contacts = [e for e in extras if is_contact_name(e)]
            notices.append(
                f"{file}: column(s) not part of the {self.name} input, ignored and not copied: "
                + ", ".join(repr(e) for e in extras)
                + (f" (contact column(s) {', '.join(map(repr, contacts))} not read)"
                   if contacts else ""))
        n = raw.num_rows
        rows = raw.row_numbers
        by_name = {v: k for k, v in found.items()}
        arrays: list[pa.Array] = []
        parts: list[Failures] = []
        rejected = np.zeros(n, dtype=bool)
        for col in self.columns:
            if col.name not in by_name:
                arrays.append(_filled(pa.nulls(n, col.arrow_type), col))
                continue
            values = raw.table.column(by_name[col.name])
            parsed = _parse_chunked(col, values, as_of)
            masks = dict(parsed.failures)
            if col.required and parsed.missing.any():
                masks["missing_value"] = parsed.missing
            for check, mask in masks.items():
                rejected |= mask
                parts.append(Failures.from_mask(
                    file=file, rows=rows, column=col.name,
                    values=_failing_values(values) if check != "missing_value" else None,
                    mask=mask, check=check, contact=col.contact,
                    message=_message(col, check, as_of)))
            arrays.append(_filled(parsed.values, col))
        table = pa.Table.from_arrays(arrays, schema=self.arrow_schema)
        if self.key and n:
            dup, first = _duplicates(table, self.key, ~rejected)
            if dup.any():
                kept_row = np.zeros(n, dtype=np.int64)
                kept_row[dup] = rows[first[dup]]
                key_text = _key_text(table, self.key)
                parts.extend(_duplicate_failures(file, rows, key_text, dup, kept_row, self))
                rejected |= dup
        keep = ~rejected
        return Validated(
            schema=self, source=file,
            table=table.filter(pa.array(keep)) if rejected.any() else table,
            row_numbers=rows[keep], failures=Failures.concat(parts),
            counts=Counts(read=n, used=int(keep.sum()), rejected=int(rejected.sum())),
            notices=tuple(notices))

    def validate_batches(self, source: Any, *, as_of: dt.date | None = None,
                         batch_rows: int = 1 << 20,
                         encoding: str | None = None) -> Iterator[Validated]:
        """Validate a CSV, JSON lines or Parquet file batch by batch
        (:func:`~zwxmt.table.read.iter_raw_batches`), so memory grows with one batch. Row
        numbers continue across batches; the key is checked within each batch only (fold
        duplicates across batches in the caller's per-key state); notices come with the first
        batch."""
        first = True
        for raw in iter_raw_batches(source, batch_rows=batch_rows, encoding=encoding):
            v = self.validate(raw, as_of=as_of, allow_empty=True)
            if not first and v.notices:
                v = replace(v, notices=())
            first = False
            yield v

    def to_json(self) -> dict[str, Any]:
        """The schema as ``zwxmt schema NAME`` publishes it."""
        return {"name": self.name, "zh": self.zh, "description": self.description,
                "cite": self.cite, "key": list(self.key),
                "columns": [c.to_json() for c in self.columns]}

    def json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=indent)


#: A text column larger than this is parsed chunk by chunk (one Arrow string array holds at
#: most 2 GiB of text; a posts file can hold more).
CHUNKED_BYTES = 1 << 30


def _parse_chunked(col: Column, values: pa.ChunkedArray | pa.Array,
                   as_of: dt.date | None) -> Parsed:
    if not isinstance(values, pa.ChunkedArray) or values.num_chunks < 2 \
            or values.nbytes <= CHUNKED_BYTES:
        return col.parse(values, as_of)
    parts = [col.parse(chunk, as_of) for chunk in values.chunks]
    codes = {code for p in parts for code in p.failures}
    failures = {code: np.concatenate([p.failures.get(code, np.zeros(len(p.missing), bool))
                                      for p in parts]) for code in codes}
    return Parsed(pa.chunked_array([p.values for p in parts], type=col.arrow_type),
                  np.concatenate([p.missing for p in parts]), failures)


def _failing_values(values: pa.ChunkedArray | pa.Array) -> pa.Array | pa.ChunkedArray:
    if isinstance(values, pa.ChunkedArray) and values.nbytes > CHUNKED_BYTES:
        return values  # taken from chunk by chunk; only the failing cells are gathered
    return _chunk(values)


def _chunk(values: pa.ChunkedArray | pa.Array) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    return values


def _filled(values: pa.Array, col: Column) -> pa.Array:
    """Blank cells filled with the column's default (none: they stay null, unknown)."""
    if col.default is None:
        return values.cast(col.arrow_type)
    default = col.default
    if col.kind == "month" and isinstance(default, str):
        default = months.parse(default)
    return pc.fill_null(values.cast(col.arrow_type), pa.scalar(default, col.arrow_type))


def _message(col: Column, check: str, as_of: dt.date | None) -> str:
    what = {
        "missing_value": "is blank but required",
        "too_long": "is too long",
        "out_of_range": "is out of range",
        "date_out_of_range": "is outside the accepted period",
        "not_an_integer": "is not a whole number",
    }.get(check, "is not understood" if check.startswith("unknown_") else "is not valid")
    return f"{col.label} {what}; expected {col.expected(as_of)}"


def _duplicates(table: pa.Table, key: Sequence[str], ok: B) -> tuple[B, I64]:
    """Rows (among ``ok``) whose key repeats an earlier ``ok`` row's, and for every row the
    index of the first ``ok`` row with its key."""
    n = table.num_rows
    if len(key) == 1:
        return _duplicates_sorted(table.column(key[0]), ok)
    codes = np.zeros(n, dtype=np.int64)
    for name in key:
        enc = pc.dictionary_encode(table.column(name).combine_chunks())
        idx = np.asarray(pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False),
                         dtype=np.int64) + 1
        codes = codes * (len(enc.dictionary) + 1) + idx
        # re-densify so the product never overflows on many key columns
        _, codes = np.unique(codes, return_inverse=True)
    where = np.flatnonzero(ok)
    first = np.zeros(n, dtype=np.int64)
    dup = np.zeros(n, dtype=bool)
    if len(where):
        sub = codes[where]
        _, first_pos, inverse = np.unique(sub, return_index=True, return_inverse=True)
        first_idx = where[first_pos][inverse]
        first[where] = first_idx
        dup[where] = first_idx != where
    return dup, first


def _duplicates_sorted(column: pa.ChunkedArray, ok: B) -> tuple[B, I64]:
    """:func:`_duplicates` for a one-column key by a stable sort instead of a hash table:
    Arrow hashes a million distinct strings (post ids) in about 1 s, sorts them in 0.25 s."""
    n = len(column)
    first = np.zeros(n, dtype=np.int64)
    dup = np.zeros(n, dtype=bool)
    where = np.flatnonzero(ok)
    if len(where) < 2:
        first[where] = where
        return dup, first
    sub = _chunk(column).take(pa.array(where))
    order = np.asarray(pc.sort_indices(sub).to_numpy(), dtype=np.int64)  # stable
    ordered = sub.take(pa.array(order))
    same = np.zeros(len(order), dtype=bool)
    eq = pc.equal(ordered.slice(1), ordered.slice(0, len(order) - 1))
    both_null = pc.and_(pc.is_null(ordered.slice(1)), pc.is_null(ordered.slice(0, len(order) - 1)))
    same[1:] = np.asarray(pc.or_kleene(pc.fill_null(eq, False), both_null).to_numpy(
        zero_copy_only=False), dtype=bool)
    group_start = np.flatnonzero(~same)
    gid = np.cumsum(~same) - 1
    rows = where[order]
    first[rows] = rows[group_start[gid]]
    dup[rows[same]] = True
    return dup, first


def _key_text(table: pa.Table, key: Sequence[str]) -> pa.Array:
    from zwxmt.table.parse import _to_text

    parts = []
    for name in key:
        col = _chunk(table.column(name))
        field_kind = table.schema.field(name).metadata or {}
        if field_kind.get(KIND_METADATA) == b"month":
            text = pa.array(months.labels(col.fill_null(0).to_numpy(zero_copy_only=False)))
        else:
            text = _to_text(col)
        parts.append(pc.fill_null(text, ""))
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, " / ")


def _duplicate_failures(file: str, rows: I64, key_text: pa.Array, dup: B, kept_row: I64,
                        schema: InputSchema) -> list[Failures]:
    """duplicate_key records; the message names the row kept (rendered for failing rows only)."""
    idx = np.flatnonzero(dup)
    contact = any(schema[k].contact for k in schema.key)
    base = Failures.from_mask(file=file, rows=rows, column="+".join(schema.key),
                              values=key_text, mask=dup, check="duplicate_key",
                              message="", contact=contact)
    label = " + ".join(schema[k].label for k in schema.key)
    messages = pc.binary_join_element_wise(
        f"the key {label} repeats row ", pc.cast(pa.array(kept_row[idx]), pa.string()),
        " (the first row is kept)", "")
    t = base.table.set_column(5, "message", messages)
    return [Failures(t)]
