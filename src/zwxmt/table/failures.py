"""The one failure-cases table (拒收记录) of every entry point, and the rejects policy.

A :class:`Failures` is an Arrow table with one row per failing cell, in the pandera model:

=========  ===============================================================================
file       the input's name (file name, or ``<pandas.DataFrame>`` and the like)
row        the row as a spreadsheet numbers it: header = 1, first data row = 2
column     the column as the schema names it (the English name)
value      the cell as read, at most 200 characters; contact columns masked (``138****78``)
check      a stable code: ``missing_value``, ``not_a_number``, ``out_of_range``, ...
message    a human sentence: the column's Chinese and English names and what was expected
=========  ===============================================================================

It is built from masks, whole columns at a time: nothing is rendered for a row that passed.
:func:`rejects_verdict` applies ``--max-rejects N|P%`` and the rule that an input whose every row
was rejected stops the run (exit status 3, :data:`EXIT_REJECTS`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt.arrays import I64, B
from zwxmt.errors import InputError, RejectsExceeded

__all__ = [
    "CHECKS",
    "EXIT_REJECTS",
    "FAILURE_SCHEMA",
    "VALUE_MAX_LENGTH",
    "Counts",
    "Failures",
    "RejectPolicy",
    "check_rejects",
    "is_contact_name",
    "mask_contacts",
    "rejects_verdict",
    "stop_reasons",
]

#: Exit status of a run stopped by its rejects (issue #9).
EXIT_REJECTS = 3
#: Longest value copied into a failure record.
VALUE_MAX_LENGTH = 200

FAILURE_SCHEMA = pa.schema([
    ("file", pa.string()), ("row", pa.int64()), ("column", pa.string()),
    ("value", pa.string()), ("check", pa.string()), ("message", pa.string()),
])

#: Every stable check code, with what it means (``docs/table.md`` lists the same).
CHECKS: dict[str, str] = {
    "missing_column": "a required column is absent from the header",
    "duplicate_column": "two columns of the header name the same field",
    "missing_value": "a required cell is blank",
    "not_a_number": "the cell is not a number",
    "not_an_integer": "the cell is a number but not a whole number",
    "not_a_bool": "the cell is not a yes/no value",
    "not_a_date": "the cell is not a date",
    "not_a_time": "the cell is not a date and time",
    "not_a_month": "the cell is not a month YYYY-MM",
    "out_of_range": "the number lies outside the column's bounds",
    "date_out_of_range": "the date lies outside the accepted period",
    "too_long": "the text is longer than the column allows",
    "duplicate_key": "the row repeats the key of an earlier row",
    "unknown_<vocabulary>": "the cell is not a spelling of the vocabulary (unknown_platform, ...)",
    "unknown_account": "the account is not in the account registry (posts, events, metrics, ...)",
    "unknown_region": "the region (county) has no resident population in the census table",
    "registry_mismatch": "the row's platform or level differs from the account registry's",
    "unknown_event": "the event is not one of the cleanup's account events",
    "not_an_exposure": "only an exposure (晾晒) has a rectification date",
    "review_rejected": "refused by a review reader (its message says why)",
    "form_value": "a cell of an official form (表1, HN-A1, HN-A2) is refused; the message names "
                  "the sheet, the cell and the values allowed (zwxmt.forms)",
}

_CONTACT = re.compile(
    r"(电话|手机|联系方式|联系电话|座机|传真|qq|微信号|微信id|wechatid|phone|mobile|tel|fax|email|"
    r"e-mail|邮箱|电子邮件)", re.IGNORECASE)


def is_contact_name(name: str) -> bool:
    """True for a column name that holds personal contacts (电话, 手机, QQ, 微信号, phone...)."""
    return bool(_CONTACT.search(name.replace(" ", "").replace("_", "")))


def mask_contacts(values: pa.Array) -> pa.Array:
    """Mask contact values on the whole column: first three and last two characters kept when
    the value is longer than eight, ``****`` otherwise."""
    text = pc.cast(values, pa.string()) if not pa.types.is_string(values.type) else values
    n = pc.utf8_length(text)
    long = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(text, 0, 3), "****",
        pc.utf8_slice_codeunits(text, -2, 2**31 - 1), "")
    return pc.if_else(pc.greater(n, 8), long, pa.scalar("****"))


def _truncate(values: pa.Array) -> pa.Array:
    cut = pc.utf8_slice_codeunits(values, 0, VALUE_MAX_LENGTH)
    over = pc.greater(pc.utf8_length(values), VALUE_MAX_LENGTH)
    return pc.if_else(over, pc.binary_join_element_wise(cut, "…", ""), values)


@dataclass(frozen=True)
class Failures:
    """The failure cases of one or more inputs (see the module docstring for the columns)."""

    table: pa.Table

    @classmethod
    def empty(cls) -> Failures:
        return cls(FAILURE_SCHEMA.empty_table())

    @classmethod
    def from_mask(cls, *, file: str, rows: I64, column: str,
                  values: pa.Array | pa.ChunkedArray | None,
                  mask: B, check: str, message: str, contact: bool = False) -> Failures:
        """The failures of one column and one check: ``rows``, ``values`` and ``mask`` are
        aligned with the input; only the rows where ``mask`` holds are taken."""
        idx = np.flatnonzero(mask)
        n = len(idx)
        if n == 0:
            return cls.empty()
        if values is None:
            shown: pa.Array = pa.nulls(n, pa.string())
        else:
            picked = values.take(pa.array(idx))
            if isinstance(picked, pa.ChunkedArray):
                picked = picked.combine_chunks()
            if not pa.types.is_string(picked.type):
                from zwxmt.table.parse import _to_text  # the one text rendering of a cell

                picked = _to_text(picked)
            shown = mask_contacts(picked) if contact else _truncate(picked)
        return cls(pa.table({
            "file": pa.repeat(file, n).cast(pa.string()),
            "row": pa.array(np.asarray(rows)[idx], pa.int64()),
            "column": pa.repeat(column, n).cast(pa.string()),
            "value": shown,
            "check": pa.repeat(check, n).cast(pa.string()),
            "message": pa.repeat(message, n).cast(pa.string()),
        }, schema=FAILURE_SCHEMA))

    @classmethod
    def from_error(cls, error: InputError, *, file: str) -> Failures:
        """One failure record for an error that refuses a whole input (header, empty file)."""
        check = getattr(error, "check", error.code)
        return cls(pa.table({
            "file": [file], "row": [1 if error.row is None else error.row],
            "column": [error.field or ""], "value": [None], "check": [check],
            "message": [error.reason],
        }, schema=FAILURE_SCHEMA))

    @classmethod
    def concat(cls, parts: Iterable[Failures]) -> Failures:
        """All failure cases of ``parts``, ordered by file, row and then the order given."""
        tables = [p.table for p in parts if p.table.num_rows]
        if not tables:
            return cls.empty()
        t = pa.concat_tables(tables)
        t = t.append_column("_seq", pa.array(np.arange(t.num_rows)))
        order = pc.sort_indices(t, [("file", "ascending"), ("row", "ascending"),
                                    ("_seq", "ascending")])
        return cls(t.take(order).drop_columns(["_seq"]))

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def to_arrow(self) -> pa.Table:
        return self.table

    def rows(self) -> I64:
        """The distinct spreadsheet rows that failed."""
        return np.unique(np.asarray(self.table.column("row").to_numpy(), dtype=np.int64))

    def counts_by_check(self) -> dict[str, int]:
        """How many failure cases each check code has."""
        if not len(self):
            return {}
        vc = pc.value_counts(self.table.column("check")).to_pylist()
        return {str(d["values"]): int(d["counts"]) for d in vc}

    def write(self, path: str | Path, *, bom: bool = True) -> Path:
        """Write the failure cases (CSV, JSON lines, Parquet or XLSX by the suffix), atomically."""
        from zwxmt.table.write import write_table

        return write_table(self.table, path, bom=bom)

    def head_text(self, limit: int = 10) -> list[str]:
        """The first ``limit`` failure cases as short lines for a log (values already masked)."""
        out = []
        for rec in self.table.slice(0, limit).to_pylist():
            value = "" if rec["value"] is None else f" {rec['value']!r}"
            out.append(f"{rec['file']}, row {rec['row']}, {rec['column']}:{value} "
                       f"[{rec['check']}] {rec['message']}")
        return out


@dataclass(frozen=True)
class Counts:
    """Rows read = used + rejected, for one input."""

    read: int
    used: int
    rejected: int

    def __post_init__(self) -> None:
        if self.read != self.used + self.rejected:
            raise ValueError(f"rows read {self.read} != used {self.used} + rejected "
                             f"{self.rejected}")


@dataclass(frozen=True)
class RejectPolicy:
    """``--max-rejects``: at most ``rows`` rejected rows, or at most ``share`` (0-1) of the rows
    read; None allows any number (but never every row of a required input)."""

    rows: int | None = None
    share: float | None = None

    @classmethod
    def parse(cls, text: str | None) -> RejectPolicy:
        """``"100"`` (rows) or ``"5%"`` (share of rows read); None or ``""`` allows any."""
        if text is None or not str(text).strip():
            return cls()
        s = str(text).strip()
        try:
            if s.endswith("%"):
                share = float(s[:-1]) / 100.0
                if not 0.0 <= share <= 1.0:
                    raise ValueError
                return cls(share=share)
            rows = int(s)
            if rows < 0:
                raise ValueError
            return cls(rows=rows)
        except ValueError:
            raise InputError(f"--max-rejects {text!r}: expected a number of rows (100) or a "
                             "percentage (5%)", field="max-rejects") from None


def rejects_verdict(counts: Counts, policy: RejectPolicy = RejectPolicy(), *,
                    required: bool = True, name: str = "input") -> str | None:
    """Why the run must stop with exit status 3, or None when it may go on."""
    if required and counts.used == 0:
        if counts.read == 0:
            return f"{name}: no data rows"
        return f"{name}: every one of its {counts.read} rows was rejected"
    if policy.rows is not None and counts.rejected > policy.rows:
        return (f"{name}: {counts.rejected} rows rejected, more than --max-rejects "
                f"{policy.rows}")
    if policy.share is not None and counts.read and \
            counts.rejected / counts.read > policy.share:
        return (f"{name}: {counts.rejected} of {counts.read} rows rejected "
                f"({counts.rejected / counts.read:.1%}), more than --max-rejects "
                f"{policy.share:.1%}")
    return None


class _Source(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def counts(self) -> Counts: ...


def stop_reasons(sources: Iterable[_Source], policy: RejectPolicy = RejectPolicy(), *,
                 required: Collection[str] = ()) -> list[str]:
    """:func:`rejects_verdict` of every input of a run (each with ``name`` and ``counts``):
    the reasons to stop with exit status 3, empty when the run may go on; the inputs named in
    ``required`` stop it when every row was rejected."""
    verdicts = (rejects_verdict(s.counts, policy, required=s.name in required, name=s.name)
                for s in sources)
    return [v for v in verdicts if v is not None]


def check_rejects(counts: Counts, policy: RejectPolicy = RejectPolicy(), *,
                  required: bool = True, name: str = "input") -> None:
    """Raise :class:`RejectsExceeded` (exit status 3) when :func:`rejects_verdict` says stop."""
    reason = rejects_verdict(counts, policy, required=required, name=name)
    if reason is not None:
        raise RejectsExceeded(reason)
