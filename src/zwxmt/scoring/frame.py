"""The scoring input (考核数据): one row per account and month, as typed numpy columns.

A :class:`ScoringFrame` is the in-memory form of the input described in ``docs/schema.md``:
identity columns as integer-coded categoricals (coded once, ``np.unique(return_inverse=True)``),
the period as a month ordinal, and either raw metrics (the raw layer) or the twelve sub-index
scores of 表2 (the audit layer, ``ZJG-9.2-T2``), plus the four 一票否决 flags as a bit mask.
:func:`read_frame` reads CSV, JSON lines or Parquet and returns the frame with every refused
row as a :class:`zwxmt.io.Reject`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from zwxmt.arrays import F64, I8, I32
from zwxmt.errors import InputError
from zwxmt.io import ColumnSpec, Reject, coerce_columns, read_table
from zwxmt.scoring.parameters import PLATFORMS, SUBSCORES, SUBSCORES_ZH, ScoringSection

__all__ = [
    "ID_COLUMNS",
    "LEVELS",
    "RAW_COLUMNS",
    "SUBSCORE_COLUMNS",
    "Categorical",
    "ScoringFrame",
    "format_month",
    "frame_from_columns",
    "frame_from_rows",
    "month_ordinal",
    "read_frame",
]


#: Administrative levels of a host unit, in code order (level code = position).
LEVELS: tuple[str, ...] = ("province", "city", "county", "township")
LEVELS_ZH: dict[str, str] = {
    "province": "省级", "city": "市级", "county": "县级", "township": "乡镇（街道）"}
_LEVEL_CHOICES = {k: k for k in LEVELS} | {
    "省": "province", "省级": "province", "省本级": "province", "市": "city", "市级": "city",
    "地市": "city", "县": "county", "县级": "county", "县（市、区）": "county",
    "乡镇": "township", "街道": "township", "乡镇（街道）": "township"}
_PLATFORM_CHOICES = {k: k for k in PLATFORMS} | {
    "微信": "wechat", "政务微信": "wechat", "微博": "weibo", "政务微博": "weibo",
    "头条": "toutiao", "今日头条": "toutiao", "政务头条": "toutiao",
    "抖音": "douyin", "政务抖音": "douyin"}

ID_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("account_id", "账号编码", "str",
               description="zwxmt's key of the account (not the platform's own 账号ID)"),
    ColumnSpec("platform", "平台", "str", choices=_PLATFORM_CHOICES,
               description="wechat, weibo, toutiao or douyin", cite="ZJG-9.2-T2"),
    ColumnSpec("period", "考核周期", "month", description="the month assessed, YYYY-MM",
               cite="ZJG-9.2"),
    ColumnSpec("level", "层级", "str", choices=_LEVEL_CHOICES,
               description="the host unit's level", cite="ZJG-9.2-T2-VD"),
    ColumnSpec("city", "所属地市", "str", required=False, default="",
               description="city (地市) code or name; blank for provincial accounts"),
    ColumnSpec("county", "所属县（市、区）", "str", required=False, default="",
               description="county code or name; blank for provincial and city accounts"),
)

def _raw(name: str, zh: str, cite: str, description: str, *, required: bool = False,
         maximum: float | None = None) -> ColumnSpec:
    return ColumnSpec(name, zh, "float", required=required, default=None if required else 0.0,
                      min=0.0, max=maximum, description=description, cite=cite)


#: Raw metrics (the raw layer), with the seed's term as the Chinese alias.
RAW_COLUMNS: tuple[ColumnSpec, ...] = (
    _raw("posts", "编发数量", "ZJG-9.2-T2-diligence", "posts published in the month",
         required=True),
    _raw("original_posts", "原创数量", "ZJG-9.2-T2-diligence",
         "original posts (原创比例 = original_posts / posts)", required=True),
    _raw("posting_days", "编发天数", "ZJG-9.2-T2-diligence", "days with at least one post",
         required=True, maximum=31.0),
    _raw("serious_errors", "严重表述错误", "ZJG-9.2-T2-health", "serious expression errors",
         required=True),
    _raw("general_errors", "一般表述错误", "ZJG-9.2-T2-health", "general expression errors",
         required=True),
    _raw("poor_responses", "互动回应差", "ZJG-9.2-T2-health", "poor-response findings",
         required=True),
    ColumnSpec("service_availability", "办事服务", "float", required=False, default=math.nan,
               min=0.0, max=1.0, cite="ZJG-9.2-T2-health",
               description="share of service functions available, 0-1 (政务微信 only)"),
    ColumnSpec("coordination_rate", "内部协同完成率", "float", min=0.0, max=1.0,
               cite="ZJG-9.2-T2-cluster", description="internal coordination tasks done, 0-1"),
    _raw("platform_misuse", "未按要求使用平台", "ZJG-9.2-T2-cluster",
         "findings of not using the management platform as required", required=True),
    _raw("reads", "阅读数", "ZJG-9.2-T2-operation", "total reads (WCI R)"),
    _raw("reads_headline", "头条阅读数", "ZJG-9.2-T2-operation", "reads of headline posts (Rt)"),
    _raw("reads_max", "最高阅读数", "ZJG-9.2-T2-operation", "reads of the most-read post (Rmax)"),
    _raw("looks", "在看数", "ZJG-9.2-T2-operation", "total 在看 (WCI Z)"),
    _raw("looks_headline", "头条在看数", "ZJG-9.2-T2-operation", "在看 of headline posts (Zt)"),
    _raw("looks_max", "最高在看数", "ZJG-9.2-T2-operation", "highest 在看 of a post (Zmax)"),
    _raw("likes", "点赞数", "ZJG-9.2-T2-operation", "total likes (WCI L, BCI/DCI likes)"),
    _raw("likes_headline", "头条点赞数", "ZJG-9.2-T2-operation", "likes of headline posts (Lt)"),
    _raw("likes_max", "最高点赞数", "ZJG-9.2-T2-operation", "highest likes of a post (Lmax)"),
    _raw("reposts", "转发数", "ZJG-9.2-T2-operation", "reposts / shares (BCI, DCI)"),
    _raw("comments", "评论数", "ZJG-9.2-T2-operation", "comments (BCI, DCI)"),
    ColumnSpec("wci", "WCI", "float", required=False, default=math.nan, min=0.0,
               cite="ZJG-9.2-T2-operation",
               description="a given WCI (政务微信), instead of counts"),
    ColumnSpec("bci", "BCI", "float", required=False, default=math.nan, min=0.0,
               cite="ZJG-9.2-T2-operation",
               description="a given BCI (政务微博, 政务头条), instead of counts"),
    ColumnSpec("dci", "DCI", "float", required=False, default=math.nan, min=0.0,
               cite="ZJG-9.2-T2-operation",
               description="a given DCI (政务抖音), instead of counts"),
)
RAW_METRICS: tuple[str, ...] = tuple(
    s.name for s in RAW_COLUMNS if s.name not in ("wci", "bci", "dci"))

#: The sub-index scores of 表2 (the audit layer), each 0-100.
SUBSCORE_COLUMNS: tuple[ColumnSpec, ...] = tuple(
    ColumnSpec(s, SUBSCORES_ZH[s], "float", required=s != "service_score",
               default=None if s != "service_score" else math.nan, min=0.0, max=100.0,
               cite="ZJG-9.2-T2",
               description="sub-index score 0-100" + (" (政务微信 only)" if s == "service_score"
                                                      else ""))
    for s in SUBSCORES)

VETO_ZH: dict[str, str] = {
    "veto_no_update_14d": "14天未更新", "veto_major_negative_opinion": "引发重大负面舆情",
    "veto_leak_incident": "出现泄密安全事故", "veto_notified": "被通报"}


def _veto_specs(section: ScoringSection) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(v.column, VETO_ZH.get(v.column, v.label_zh), "bool", required=False,
                            default=False, cite=str(v.cite), description=f"一票否决: {v.label_zh}")
                 for v in section.vetoes.items)


def month_ordinal(text: str) -> int:
    """``"2026-03"`` -> year·12 + month - 1."""
    year, month = int(text[:4]), int(text[5:7])
    return year * 12 + month - 1


def format_month(ordinal: int) -> str:
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


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
    the 一票否决 bit mask (bits from the rulebook). ``rows`` are the input row numbers.
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
        lo, hi = int(self.period.min()), int(self.period.max())
        return dt.date(lo // 12, lo % 12 + 1, 1), dt.date(hi // 12, hi % 12 + 1, 1)


def _mode_of(header: Sequence[str]) -> Literal["raw", "subscores"]:
    names = set(header)
    subs = [s for s in SUBSCORE_COLUMNS if s.name in names or s.zh in names]
    return "subscores" if len(subs) > 1 else "raw"


def _given_index(columns: Mapping[str, F64], platform: I8) -> F64:
    """The given WCI/BCI/DCI of each row (by its platform), NaN where none is given."""
    n = platform.shape[0]
    out = np.full(n, np.nan)
    for name, codes in (("wci", (0,)), ("bci", (1, 2)), ("dci", (3,))):
        col = columns.get(name)
        if col is None:
            continue
        mask = np.isin(platform, codes)
        out[mask] = col[mask]
    return out


def frame_from_columns(
    columns: Mapping[str, Any], section: ScoringSection, *,
    mode: Literal["raw", "subscores"] | None = None,
    rows: npt.NDArray[np.int64] | None = None,
    partition: bool = True,
) -> ScoringFrame:
    """Build a frame from already-typed columns (text identity columns, numeric metrics).

    ``columns`` uses the English names of ``docs/schema.md``; ``platform`` and ``level`` may be
    given as codes (int arrays) or canonical text. Missing optional metrics default as the
    schema says. The frame is partitioned by platform (see :meth:`ScoringFrame.partitioned`);
    ``rows`` keeps each row's input number. Values are taken as given (no bounds check: a NaN
    where a score needs a number gives a NaN score); files go through :func:`read_frame`,
    which validates every field.
    """
    n = len(columns["account_id"])
    if mode is None:
        mode = "subscores" if "posts_score" in columns else "raw"

    def cat(name: str) -> Categorical:
        value = columns.get(name)
        if value is None:
            return Categorical(np.zeros(n, dtype=np.int32), np.array([""]))
        if isinstance(value, Categorical):
            return value
        return Categorical.from_values(value)

    def coded(name: str, labels: tuple[str, ...]) -> I8:
        value = np.asarray(columns[name])
        if value.dtype.kind in "iu":
            if value.size and (value.min() < 0 or value.max() >= len(labels)):
                raise InputError(f"{name} codes must be in [0, {len(labels)})", field=name)
            return value.astype(np.int8)
        lookup = {k: i for i, k in enumerate(labels)}
        try:
            uniq, inv = np.unique(value.astype(np.str_), return_inverse=True)
            codes = np.array([lookup[str(u)] for u in uniq], dtype=np.int8)
        except KeyError as exc:
            raise InputError(f"unknown {name} {exc}; expected one of {', '.join(labels)}",
                             field=name) from None
        return codes[inv.reshape(-1)]

    period_in = np.asarray(columns["period"])
    if period_in.dtype.kind in "iu":
        period = period_in.astype(np.int32)
    else:
        uniq, inv = np.unique(period_in.astype(np.str_), return_inverse=True)
        period = np.array([month_ordinal(str(u)) for u in uniq], dtype=np.int32)[inv.reshape(-1)]
    platform = coded("platform", PLATFORMS)
    level = coded("level", LEVELS)
    vetoes = np.zeros(n, dtype=np.int8)
    for item in section.vetoes.items:
        flag = columns.get(item.column)
        if flag is not None:
            vetoes |= np.asarray(flag, dtype=np.bool_).astype(np.int8) * np.int8(item.bit)
    metrics: dict[str, F64] = {}
    if mode == "raw":
        for spec in RAW_COLUMNS:
            if spec.name in ("wci", "bci", "dci"):
                continue
            col = columns.get(spec.name)
            if col is None:
                if spec.required:
                    raise InputError(f"missing column {spec.name!r} ({spec.zh})",
                                     field=spec.name)
                fill = np.nan if spec.name == "service_availability" else 0.0
                metrics[spec.name] = np.full(n, fill)
            else:
                metrics[spec.name] = np.asarray(col, dtype=np.float64)
        metrics["given_index"] = _given_index(
            {k: np.asarray(columns[k], dtype=np.float64) for k in ("wci", "bci", "dci")
             if k in columns}, platform)
    else:
        for spec in SUBSCORE_COLUMNS:
            col = columns.get(spec.name)
            if col is None:
                if spec.required:
                    raise InputError(f"missing column {spec.name!r} ({spec.zh})",
                                     field=spec.name)
                metrics[spec.name] = np.full(n, np.nan)
            else:
                metrics[spec.name] = np.asarray(col, dtype=np.float64)
    frame = ScoringFrame(
        mode, cat("account_id"), period, platform, level, cat("city"), cat("county"),
        metrics, vetoes, np.arange(1, n + 1, dtype=np.int64) if rows is None else rows)
    return frame.partitioned() if partition else frame


def read_frame(path: str | Path, section: ScoringSection) -> tuple[ScoringFrame, list[Reject], int]:
    """Read a scoring input file: the frame of valid rows, the rejects, and rows read.

    Rows are numbered from 1 (the first data row). A row is refused when a field fails its
    type or bounds, when a county or township row lacks its county (or any row below the
    province its city), when a 政务微信 row lacks 办事服务 (``service_availability``, raw
    layer) or ``service_score`` (audit layer), when original posts exceed posts, or when the
    same account and period appear twice (both rows are refused).
    """
    header, rows = read_table(path)
    return frame_from_rows(header, rows, section)


def frame_from_rows(header: Sequence[str], rows: Sequence[Sequence[Any]],
                    section: ScoringSection) -> tuple[ScoringFrame, list[Reject], int]:
    """:func:`read_frame` on a table already read (a header and rows): the frame of valid
    rows, the rejects, and rows read."""
    if "账号ID" in header and not {"account_id", "账号编码"} & set(header):
        raise InputError("column 账号ID: in the forms 账号ID is the platform's own account id; "
                         "the key that joins zwxmt's tables is account_id (账号编码), "
                         "see docs/forms.md")
    mode = _mode_of(header)
    specs = list(ID_COLUMNS) + (list(RAW_COLUMNS) if mode == "raw" else list(SUBSCORE_COLUMNS))
    specs += list(_veto_specs(section))
    coerced = coerce_columns(header, rows, specs)
    cols = dict(coerced.columns)
    ok = coerced.ok.copy()
    rejects = list(coerced.rejects)
    n = len(rows)
    wechat = cols["platform"] == "wechat"
    need = "service_availability" if mode == "raw" else "service_score"
    given = {s.name for s in specs if s.name in header or s.zh in header}
    missing = wechat & np.isnan(np.asarray(cols[need], dtype=np.float64)) & ok
    for r in np.flatnonzero(missing):
        rejects.append(Reject(int(r) + 1, need, f"missing value: {need} is required for "
                              "政务微信 (表2 办事服务, ZJG-9.2-T2-health)", ""))
    ok &= ~missing
    # the region a veto deducts from (ZJG-9.2-T2-VD) must be known: 县（市、区）所辖账号 name
    # their county, and every account below the province its city
    level = cols["level"]
    for name, needs in (("county", ("county", "township")), ("city", ("city", "county",
                                                                       "township"))):
        blank = ok & np.isin(level, needs) & (np.char.str_len(
            cols[name].astype(np.str_)) == 0)
        for r in np.flatnonzero(blank):
            rejects.append(Reject(int(r) + 1, name, f"missing value: {name} is required for "
                                  f"{level[r]} accounts (the region of the veto deduction, "
                                  "ZJG-9.2-T2-VD)", ""))
        ok &= ~blank
    if mode == "raw":
        over = ok & (cols["original_posts"] > cols["posts"])
        for r in np.flatnonzero(over):
            rejects.append(Reject(int(r) + 1, "original_posts",
                                  "original posts exceed posts: expected original_posts <= posts",
                                  str(cols["original_posts"][r])))
        ok &= ~over
    # One row per account, platform and period: duplicates are ambiguous, refuse them all.
    keys = np.char.add(np.char.add(cols["account_id"].astype(np.str_), "\x1f"),
                       cols["period"].astype(np.str_))
    _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    dup = (counts[inverse.reshape(-1)] > 1) & ok
    for r in np.flatnonzero(dup):
        rejects.append(Reject(int(r) + 1, "account_id", "duplicate account and period: "
                              "expected one row per account per month", str(keys[r]).replace(
                                  "\x1f", " ")))
    ok &= ~dup
    keep = np.flatnonzero(ok)
    typed: dict[str, Any] = {k: v[keep] for k, v in cols.items()}
    if mode == "raw":
        for k in ("wci", "bci", "dci"):
            if k not in given:
                typed.pop(k, None)
    frame = frame_from_columns(typed, section, mode=mode,
                               rows=(keep + 1).astype(np.int64))
    return frame, sorted(rejects), n
