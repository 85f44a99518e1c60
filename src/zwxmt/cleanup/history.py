"""Account histories (账号历史): accounts x assessment months, the input of the exit criteria.

A :class:`History` holds, for every account, its static facts (platform, kind, county, fans,
opening date, host unit, …) and, per assessment month, the scores the scoring engine writes
(``operation_index``, ``total``: 运营指数 and 总分 of ``ZJG-9.2-T2``) and the activity metrics of
:mod:`zwxmt.activity.compute`. :class:`Events` are the dated facts the criteria count:
上级通报 (``ZJG-6.5.1(2)``), 晾晒 and 整改 (``ZJG-6.5.1(3)``), 安全、泄密事故 (``ZJG-6.5.1(4)``),
互动回应差 (``ZJG-6.1.2-disqualify``), 主动申请关停 (``ZJO-2.1``),
主办单位变更 (``LN-3.1-host-change``).

:class:`PeerStats` is the one place where an account's result depends on other accounts
(``ZJG-6.5.1(1)`` 全省同类型账号平均值, ``ZJG-6.5.1(6)`` 本县前5名, and the strongest account of the
same host unit and platform for ``HN-4.1`` 功能相近): it is computed in a first pass by
:func:`peer_stats` (or given, e.g. the province averages from the scoring engine) and then frozen,
so each criterion is a pure per-account function of the history and these statistics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.activity.compute import NO_DAY, Activity, MonthGrid
from zwxmt.arrays import F64, I64, B
from zwxmt.rules import cite

__all__ = [
    "EVENT_KINDS",
    "AccountTable",
    "Events",
    "History",
    "PeerStats",
    "peer_stats",
    "type_keys",
]

Obj = npt.NDArray[Any]

#: Kinds of account events and the clause each one serves.
EVENT_KINDS: Mapping[str, str] = {
    "notification": cite("ZJG-6.5.1(2)"),        # 被上级通报
    "exposure": cite("ZJG-6.5.1(3)"),            # 被管理平台“晾晒” (with its rectification date)
    "incident": cite("ZJG-6.5.1(4)"),            # 安全、泄密事故
    "poor_interaction": cite("ZJG-6.1.2-disqualify"),  # 互动回应差 (严重问题)
    "weak_interaction": cite("HN-4.1"),          # 互动交流差 (限期整改)
    "no_interaction": cite("HN-4.1"),            # 不互动回应 (no answer at all, or closed)
    "closure_requested": cite("ZJO-2.1"),        # 主动申请关停
    # events read by the spot checks (zwxmt.checks) of each jurisdiction
    "filing_form_signed": cite("HN-A1-host"),    # 备案登记表经单位主要负责人签字
    "filing_approved": cite("HN-4.1-filing"),    # 主管单位审批
    "national_filed": cite("HN-4.1-filing"),     # 全国政务新媒体信息报送系统备案
    "filed": cite("LN-3.1-filing"),              # 向同级政府办公部门 / 上一级备案
    "account_changed": cite("HN-A1(2)"),         # 账号ID及名称、管理队伍或维护方式变更
    "change_filed": cite("HN-A1(2)"),            # 变更以书面形式报主管单位备案
    "host_change_announced": cite("LN-3.1-host-change"),  # 主办单位变化后向社会公告
    "deregistered": cite("LN-3.1-host-change"),  # 账号注销
    "content_violation": cite("LN-3.2-opinion-ads"),  # 个人观点、商业广告、不良信息
    "fan_buying": cite("LN-3.4-fans"),           # 购买“粉丝”等数据造假
    "knowledge_base_updated": cite("GZ-2.2-kb"),  # 知识库动态更新
    "host_unit_changed": cite("LN-3.1-host-change"),   # 主办单位变更
}


@dataclass(frozen=True)
class AccountTable:
    """Static facts of each account, one entry per account code."""

    account_id: Obj
    platform: Obj            # Platform values
    kind: Obj                # AccountKind values
    level: Obj               # AdminLevel values
    county: Obj              # county division code
    county_population: I64   # resident population of the county (常住人口)
    region_population: I64   # of the account's own region (a township's, for ZJG-6.5.1(6))
    fans: F64                # NaN when not given (unknown, never 0)
    opened: I64              # day number of the opening date
    host_unit: Obj
    supervised: B            # a supervising unit (主管单位) is on record (blank: unknown)
    operators: I64           # number of operators, -1 when unknown
    commit_fans: F64         # one-year commitment (承诺栏, ZJG-6.1.1-T1); NaN when none
    commit_posts_per_month: F64
    commit_average_reads: F64

    def __len__(self) -> int:
        return len(self.account_id)

    def take(self, idx: I64 | B) -> AccountTable:
        return AccountTable(**{k: getattr(self, k)[idx] for k in self.__dataclass_fields__})

    def index(self) -> dict[str, int]:
        return {str(a): i for i, a in enumerate(self.account_id)}


@dataclass(frozen=True)
class History:
    """Accounts x months: scores and activity, with the assessment grid."""

    accounts: AccountTable
    grid: MonthGrid
    operation_index: F64     # NaN where no score
    total: F64
    posts: I64
    reads: I64
    gaps_14d: I64
    last_post_day: I64
    current_gap_days: I64    # days without update at the assessment date
    has_activity: bool = True
    has_reads: bool = True

    @classmethod
    def build(cls, accounts: AccountTable, grid: MonthGrid, *,
              operation_index: F64 | None = None, total: F64 | None = None,
              activity: Activity | None = None) -> History:
        shape = (len(accounts), grid.n)
        nan = np.full(shape, np.nan)
        zeros = np.zeros(shape, dtype=np.int64)
        if activity is None:
            return cls(accounts, grid, nan if operation_index is None else operation_index,
                       nan if total is None else total, zeros, zeros, zeros,
                       np.full(shape, NO_DAY, dtype=np.int64),
                       np.zeros(len(accounts), dtype=np.int64), False, False)
        return cls(accounts, grid, nan if operation_index is None else operation_index,
                   nan if total is None else total, activity.posts, activity.reads,
                   activity.gaps_14d, activity.last_post_day, activity.current_gap_days, True,
                   bool(activity.reads.any()))

    def __len__(self) -> int:
        return len(self.accounts)

    def take(self, idx: I64 | B) -> History:
        return replace(
            self, accounts=self.accounts.take(idx), operation_index=self.operation_index[idx],
            total=self.total[idx], posts=self.posts[idx], reads=self.reads[idx],
            gaps_14d=self.gaps_14d[idx], last_post_day=self.last_post_day[idx],
            current_gap_days=self.current_gap_days[idx])

    def effect_index(self, which: str) -> F64:
        """运营效果指数 as the rulebook reads it (``ZJG-6.5.1(1)``): total or operation_index."""
        return self.total if which == "total" else self.operation_index


@dataclass(frozen=True)
class Events:
    """Dated account events: account code, kind, day, and the rectification day of an exposure."""

    account: I64
    kind: Obj
    day: I64
    rectified: I64           # NO_DAY when not rectified (or not an exposure)

    def __len__(self) -> int:
        return len(self.account)

    @classmethod
    def empty(cls) -> Events:
        return cls(np.empty(0, dtype=np.int64), np.empty(0, dtype=object),
                   np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))

    @classmethod
    def concat(cls, parts: list[Events]) -> Events:
        """The events of every part, in order."""
        return cls(*(np.concatenate([getattr(p, f) for p in parts])
                     for f in ("account", "kind", "day", "rectified")))

    def take_accounts(self, idx: I64) -> Events:
        """Events of the accounts ``idx`` (old codes), renumbered to their positions in ``idx``."""
        new = np.full(int(max(self.account.max(initial=-1), idx.max(initial=-1))) + 1, -1,
                      dtype=np.int64)
        new[idx] = np.arange(len(idx))
        code = new[self.account] if len(self.account) else self.account
        keep = code >= 0
        return Events(code[keep], self.kind[keep], self.day[keep], self.rectified[keep])


def type_keys(accounts: AccountTable, same_type: str) -> Obj:
    """同类型 key of each account: its platform, or platform and level (``ZJG-6.5.1(1)``)."""
    if same_type == "platform":
        return np.asarray(accounts.platform, dtype=object)
    return _join(accounts.platform, accounts.level, "|")


@dataclass(frozen=True)
class PeerStats:
    """The declared peer statistics, frozen after the first pass.

    ``types``/``average``: the province average of the effect index per same-type key and month
    (NaN where none). ``county_rank``: competition rank of each account's effect index in its
    ranking pool per month (0 = no score). ``merge_into``: the account id of the strongest
    account of the same host unit and platform, or "" when the account is that one.
    """

    effect_index: str
    same_type: str
    types: tuple[str, ...]
    average: F64
    county_rank: I64
    merge_into: Obj
    given_average: bool = field(default=False)

    def __post_init__(self) -> None:
        # frozen in fact, not only in name: a criterion cannot alter what others see
        for arr in (self.average, self.county_rank, self.merge_into):
            arr.flags.writeable = False

    def take(self, idx: I64 | B) -> PeerStats:
        return replace(self, county_rank=self.county_rank[idx], merge_into=self.merge_into[idx])

    def average_for(self, keys: Obj) -> F64:
        """The average row of each account's type (NaN rows for a type with no average)."""
        types = np.array(self.types, dtype=str)  # sorted
        k = np.asarray(keys, dtype=str)
        at = np.minimum(np.searchsorted(types, k), max(len(types) - 1, 0))
        found = (types[at] == k) if len(types) else np.zeros(len(k), dtype=np.bool_)
        idx = np.where(found, at, -1)
        padded = np.vstack([self.average, np.full((1, self.average.shape[1]), np.nan)])
        return padded[idx]


def _join(a: Obj, b: Obj, sep: str) -> Obj:
    """Element-wise ``a + sep + b`` as strings (vectorised)."""
    return np.char.add(np.char.add(np.asarray(a, dtype=str), sep), np.asarray(b, dtype=str))


def _factorize(values: Obj) -> tuple[I64, Obj]:
    uniq, codes = np.unique(np.asarray(values, dtype=str), return_inverse=True)
    return codes.ravel().astype(np.int64), uniq


def _competition_rank(value: F64, group: I64) -> I64:
    """Rank 1 = highest value within each group; ties share the better rank; NaN gets 0."""
    n_a, n_p = value.shape
    flat = value.ravel()
    ok = np.isfinite(flat)
    cells = np.flatnonzero(ok)
    gkey = (np.repeat(group, n_p) * n_p + np.tile(np.arange(n_p), n_a))[cells]
    v = flat[cells]
    # two stable sorts (by value, then by group) instead of a slower lexsort on floats
    by_value = np.argsort(-v)  # ties need no order: equal values share a rank
    small = gkey.astype(np.uint16) if gkey.max(initial=0) < 2**16 else gkey
    order = by_value[np.argsort(small[by_value], kind="stable")]
    gs, vs = gkey[order], v[order]
    pos = np.arange(len(order))
    new_group = np.ones(len(order), dtype=np.bool_)
    new_group[1:] = gs[1:] != gs[:-1]
    new_value = new_group.copy()
    new_value[1:] |= vs[1:] != vs[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, pos, 0))
    tie_start = np.maximum.accumulate(np.where(new_value, pos, 0))
    rank = np.zeros(n_a * n_p, dtype=np.int64)
    rank[cells[order]] = tie_start - group_start + 1
    return rank.reshape(n_a, n_p)


def _merge_targets(accounts: AccountTable) -> Obj:
    """Per (host unit, platform) group of two or more: the id of the account with most fans."""
    host, _ = _factorize(accounts.host_unit)
    platform, names = _factorize(accounts.platform)
    group = host * max(len(names), 1) + platform
    ident, _ = _factorize(accounts.account_id)
    # unknown fans rank last: the strongest account is one whose fans are known
    order = np.lexsort((ident, np.nan_to_num(-accounts.fans, nan=np.inf), group))
    first = np.ones(len(order), dtype=np.bool_)
    first[1:] = group[order][1:] != group[order][:-1]
    head = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
    target = np.empty(len(order), dtype=object)
    target[order] = accounts.account_id[order[head]]
    sizes = np.bincount(group) if len(group) else np.zeros(0, dtype=np.int64)
    out = np.where((target != accounts.account_id) & (sizes[group] > 1), target, "")
    return np.asarray(out, dtype=object)


def peer_stats(history: History, *, effect_index: str, same_type: str, rank_scope: str,
               averages: Mapping[tuple[str, str], float] | None = None) -> PeerStats:
    """First pass: the province same-type averages, county ranks and merge targets.

    ``averages`` maps (same-type key, ``YYYY-MM``) to the province average (the provincial
    platform publishes them; the scoring engine computes them over a whole province). Without
    them the averages are the mean over the history's scored accounts of each type and month,
    for information only: ``ZJG-6.5.1(1)`` is evaluated only against given averages
    (``given_average``), since a county's own mean is not the province's.
    """
    acc = history.accounts
    x = history.effect_index(effect_index)
    keys = type_keys(acc, same_type)
    labels = history.grid.labels
    if averages is not None:
        types = tuple(sorted({t for t, _ in averages}))
        avg = np.full((len(types), history.grid.n), np.nan)
        col = {lab: j for j, lab in enumerate(labels)}
        row = {t: i for i, t in enumerate(types)}
        for (t, period), value in averages.items():
            if period in col:
                avg[row[t], col[period]] = value
    else:
        codes, uniq = _factorize(keys) if len(acc) else (np.empty(0, np.int64), np.empty(0))
        types = tuple(str(u) for u in uniq)
        scored = np.isfinite(x)
        n_t = len(types)
        sums = np.zeros((n_t, history.grid.n))
        counts = np.zeros((n_t, history.grid.n))
        np.add.at(sums, codes, np.where(scored, x, 0.0))
        np.add.at(counts, codes, scored.astype(np.float64))
        avg = np.full_like(sums, np.nan)
        np.divide(sums, counts, out=avg, where=counts > 0)
    if rank_scope == "county":
        group, _ = _factorize(acc.county)
    else:
        county, _ = _factorize(acc.county)
        platform, names = _factorize(acc.platform)
        group = county * max(len(names), 1) + platform
    rank = _competition_rank(x, group) if len(acc) else np.zeros((0, history.grid.n), np.int64)
    return PeerStats(effect_index, same_type, types, avg, rank, _merge_targets(acc),
                     averages is not None)


def as_of_date(history: History) -> dt.date:
    return history.grid.as_of_date
