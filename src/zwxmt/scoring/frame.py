"""The scoring frame (考核数据): one row per account and month, as typed numpy columns.

A :class:`ScoringFrame` is the in-memory form of a validated scoring input
(:mod:`zwxmt.scoring.inputs`): identity columns as integer-coded categoricals with sorted
labels, the period as a month of :mod:`zwxmt.months`, and either raw metrics (the raw layer)
or the twelve sub-index scores of 表2 (the audit layer, ``ZJG-9.2-T2``), plus the four 一票否决
flags as a bit mask. :func:`frame_from_table` builds it from the validated Arrow table on whole
columns (``pyarrow.compute.dictionary_encode`` for the categoricals; no loop over rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt import months
from zwxmt.arrays import F64, I8, I32, I64
from zwxmt.errors import InputError
from zwxmt.scoring.parameters import PLATFORMS, SUBSCORES, ScoringSection
from zwxmt.vocabulary import AdminLevel

__all__ = [
    "LEVELS",
    "LEVELS_ZH",
    "RAW_METRICS",
    "Categorical",
    "ScoringFrame",
    "frame_from_table",
]


#: Administrative levels of a host unit, in code order (level code = position): the codes of
#: the one vocabulary (:class:`zwxmt.vocabulary.AdminLevel`).
LEVELS: tuple[str, ...] = tuple(m.value for m in AdminLevel)
LEVELS_ZH: dict[str, str] = {
    "province": "省级", "city": "市级", "county": "县级", "township": "乡镇（街道）"}

#: Raw metrics the engine reads (the raw layer, without the given indices).
RAW_METRICS: tuple[str, ...] = (
    "posts", "original_posts", "posting_days", "serious_errors", "general_errors",
    "poor_responses", "service_availability", "coordination_rate", "platform_misuse",
    "reads", "reads_headline", "reads_max", "looks", "looks_headline", "looks_max", "likes",
    "likes_headline", "likes_max", "reposts", "comments", "shares", "shares_headline",
    "shares_max")
#: Given communication indices and the platform codes each serves (ZJG-9.2-T2-operation).
_GIVEN: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("wci", (0,)), ("bci", (1, 2)), ("dci", (3,)))


@dataclass(frozen=True)
class Categorical:
    """An integer-coded column: ``labels[codes]`` is the text column. Labels are sorted."""

    codes: I32
    labels: npt.NDArray[np.str_]

    @classmethod
    def from_values(cls, values: Sequence[str] | npt.NDArray[Any]) -> Categorical:
        arr = np.asarray(values, dtype=np.str_)
        labels, codes = np.unique(arr, return_inverse=True)
        return cls(codes.astype(np.int32).reshape(-1), labels)

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def take(self, rows: npt.NDArray[np.intp] | slice) -> Categorical:
        return Categorical(self.codes[rows], self.labels)

    def values(self) -> npt.NDArray[np.str_]:
        return self.labels[self.codes]

    def code_of(self, label: str) -> int:
        i = int(np.searchsorted(self.labels, label))
        if i < len(self.labels) and self.labels[i] == label:
            return i
        return -1


@dataclass(frozen=True)
class ScoringFrame:
    """Typed scoring input. ``mode`` says which layer the metrics belong to.

    ``metrics`` holds float64 columns: raw metrics (``mode == "raw"``; plus ``given_index``, a
    given WCI/BCI/DCI or NaN) or the sub-index scores (``mode == "subscores"``). ``vetoes`` is
    the 一票否决 bit mask (bits from the rulebook). ``period`` holds months of :mod:`zwxmt.months`
    (months since 1970-01). ``rows`` are the input's spreadsheet row numbers (header = 1).
    """

    mode: Literal["raw", "subscores"]
    account: Categorical
    period: I32
    platform: I8
    level: I8
    city: Categorical
    county: Categorical
    metrics: Mapping[str, F64]
    vetoes: I8
    rows: npt.NDArray[np.int64]
    sources: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.period.shape[0])

    def take(self, rows: npt.NDArray[np.intp] | slice) -> ScoringFrame:
        """A sub-frame sharing this frame's category labels (so peer statistics still apply)."""
        return ScoringFrame(
            self.mode, self.account.take(rows), self.period[rows], self.platform[rows],
            self.level[rows], self.city.take(rows), self.county.take(rows),
            {k: v[rows] for k, v in self.metrics.items()}, self.vetoes[rows], self.rows[rows],
            self.sources)

    def partitioned(self) -> ScoringFrame:
        """The same rows, stably grouped by platform (the storage layout the engine prefers:
        each platform's rows are one run, so per-platform weights and formulas apply to
        slices without gathers). ``rows`` still gives each row's input number."""
        if len(self) < 2 or bool(np.all(self.platform[1:] >= self.platform[:-1])):
            return self
        order = np.argsort(self.platform, kind="stable")
        return self.take(order)

    def chunks(self, size: int) -> list[ScoringFrame]:
        """Consecutive sub-frames of at most ``size`` rows."""
        if size < 1:
            raise ValueError("chunk size must be at least 1")
        return [self.take(slice(i, i + size)) for i in range(0, max(len(self), 1), size)]

    def period_range(self) -> tuple[dt.date, dt.date]:
        """The first days of the first and the last month."""
        return (months.first_day(int(self.period.min())),
                months.first_day(int(self.period.max())))


def _categorical(col: pa.ChunkedArray | pa.Array, *, blank: str | None = None) -> Categorical:
    """An Arrow text column as a :class:`Categorical` with sorted labels: one
    ``dictionary_encode``, then the (few) distinct values sorted and the codes remapped.
    Nulls become ``blank`` (an error when None)."""
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if blank is not None:
        arr = pc.fill_null(arr, blank)
    n = len(arr)
    if n == 0:
        return Categorical(np.zeros(0, dtype=np.int32), np.array([blank or ""], dtype=np.str_))
    enc = pc.dictionary_encode(arr)
    dictionary = enc.dictionary
    order = np.asarray(pc.sort_indices(dictionary).to_numpy(zero_copy_only=False),
                       dtype=np.int64)
    rank = np.empty(order.size, dtype=np.int32)
    rank[order] = np.arange(order.size, dtype=np.int32)
    labels = np.asarray(dictionary.take(pa.array(order)).to_numpy(zero_copy_only=False),
                        dtype=np.str_)
    if labels.size == 0:
        labels = np.array([""], dtype=np.str_)
    codes = rank[np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)]
    return Categorical(codes, labels)


def _coded(col: pa.ChunkedArray | pa.Array, names: Sequence[str], what: str) -> I8:
    """A column of codes (text) as int8 positions in ``names``."""
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    enc = pc.dictionary_encode(arr)
    lut = {k: i for i, k in enumerate(names)}
    try:
        table = np.array([lut[str(v)] for v in enc.dictionary.to_pylist()], dtype=np.int8)
    except KeyError as exc:
        raise InputError(f"{what} {exc.args[0]!r} is not one of {', '.join(names)}",
                         field=what) from None
    if table.size == 0:
        return np.zeros(len(arr), dtype=np.int8)
    out: I8 = table[np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)]
    return out


def _floats(table: pa.Table, name: str) -> F64:
    """A numeric column as float64, null (unknown) as NaN."""
    col = table.column(name)
    if col.null_count:
        col = pc.fill_null(pc.cast(col, pa.float64()), np.nan)
    return np.asarray(col.to_numpy(), dtype=np.float64)


def frame_from_table(table: pa.Table, section: ScoringSection, *,
                     mode: Literal["raw", "subscores"], rows: I64 | None = None,
                     partition: bool = True) -> ScoringFrame:
    """Build a frame from a validated table (:mod:`zwxmt.scoring.inputs`) on whole columns.

    ``table`` has the typed columns of the ``metrics`` or ``subscores`` schema: ``platform``
    and ``level`` as vocabulary codes (four platforms), ``period`` as months, required values
    present. A null metric stays NaN (unknown); the input checks have refused every row
    whose score would read one. A null veto flag is no finding (no veto). ``rows`` are the
    spreadsheet row numbers.
    """
    n = table.num_rows
    account = _categorical(table.column("account_id"))
    city = _categorical(table.column("city"), blank="")
    county = _categorical(table.column("county"), blank="")
    platform = _coded(table.column("platform"), PLATFORMS, "platform")
    level = _coded(table.column("level"), LEVELS, "level")
    period = np.asarray(pc.fill_null(table.column("period"), 0).to_numpy(), dtype=np.int32)
    vetoes = np.zeros(n, dtype=np.int8)
    names = set(table.column_names)
    for item in section.vetoes.items:
        if item.column not in names:
            raise InputError(f"the rulebook's veto column {item.column!r} ({item.label_zh}) is "
                             "not a column of the scoring input", field=item.column)
        flag = np.asarray(pc.fill_null(table.column(item.column), False).to_numpy(),
                          dtype=np.bool_)
        vetoes |= flag.astype(np.int8) * np.int8(item.bit)
    metrics: dict[str, F64] = {}
    if mode == "raw":
        for name in RAW_METRICS:
            metrics[name] = _floats(table, name)
        given = np.full(n, np.nan)
        for name, codes in _GIVEN:
            col = _floats(table, name)
            mask = np.isin(platform, codes)
            given[mask] = col[mask]
        metrics["given_index"] = given
    else:
        for name in SUBSCORES:
            metrics[name] = _floats(table, name)
    frame = ScoringFrame(
        mode, account, period, platform, level, city, county, metrics, vetoes,
        np.arange(2, n + 2, dtype=np.int64) if rows is None else np.asarray(rows, np.int64))
    return frame.partitioned() if partition else frame
