"""The exit criteria (退出标准), each a vectorised predicate over account histories.

``ZJG-6.5.1`` 账号清理标准: 政务新媒体账号开设1年以上，出现以下6种情况之一时，应当予以注销.
Beside the six criteria this module evaluates the immediate disqualification and the one-year
commitment check of ``ZJG-6.1.2``, the zombie, dormant, weak and voluntarily closed accounts
of ``ZJO-2.1``, and the shutdown, merge and rectify classes of ``HN-4.1``.

Each criterion is a pure function ``(history, events, peers, params) -> Outcome``: the mask of
accounts for which the condition holds and its evidence, one array per value, indexed by
account. Other accounts enter only through :class:`~zwxmt.cleanup.history.PeerStats`. The
one-year gate (``after_first_year`` of each criterion in the rulebook) is applied once, in
:func:`evaluate`, which returns the :class:`Findings` of every account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from dateutil.relativedelta import relativedelta

from zwxmt import display
from zwxmt.activity.compute import NO_DAY, day_number
from zwxmt.arrays import F64, I64, B
from zwxmt.cleanup.history import Events, History, PeerStats, type_keys
from zwxmt.cleanup.parameters import CleanupParams
from zwxmt.declarations import criterion
from zwxmt.models import AccountKind, Measure

__all__ = [
    "CRITERIA",
    "CRITERION_FUNCTIONS",
    "CriterionResult",
    "Findings",
    "Outcome",
    "age_eligible",
    "evaluate",
]

Evidence = dict[str, npt.NDArray[np.generic]]


#: Why a criterion could not be evaluated for an account (house rule 4: unknown is never 0).
NO_POSTS = "posts not given (更新情况 unknown)"
NO_READS = "reads not given"
NO_FANS = "粉丝量 not given"
NO_SUPERVISOR = "主管单位 not given (监督管理 unknown)"
NO_STAFF = "运营人数 not given"
NO_SCORES = "no assessment score in the window"
NO_AVERAGES = ("province same-type averages (全省同类型账号平均值) not given: pass "
               "--province-averages")
NO_TYPE_AVERAGE = "no province average for the account's type in the window"


@dataclass(frozen=True)
class Outcome:
    """What a criterion function returns: where its condition holds, and the evidence.

    ``unknown`` maps a reason to the accounts for which the criterion cannot be decided for
    that reason (a value it needs was not given); the condition never holds there.
    ``evaluated=False`` marks every account unknown for ``reason``.
    """

    holds: B
    evidence: Evidence
    evaluated: bool = True   # False when the data it needs was not given at all
    unknown: Mapping[str, B] = field(default_factory=dict)
    reason: str = NO_POSTS


@dataclass(frozen=True)
class CriterionResult:
    """One criterion over all accounts, after the one-year gate."""

    code: str
    cite: str
    label_zh: str
    measure: Measure
    after_first_year: bool
    holds: B
    met: B
    evidence: Evidence
    evaluated: bool
    unknown: B = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))
    why: npt.NDArray[np.object_] = field(default_factory=lambda: np.zeros(0, dtype=object))


@dataclass(frozen=True)
class Findings:
    """Every criterion for every account of a history, at its assessment date."""

    account_ids: npt.NDArray[np.object_]
    as_of: dt.date
    eligible: B               # open for min_age_years or more (ZJG-6.5.1)
    results: tuple[CriterionResult, ...]

    def __repr__(self) -> str:
        return display.findings_text(self)

    def _repr_html_(self) -> str:
        return display.findings_html(self)

    def __getitem__(self, code: str) -> CriterionResult:
        for r in self.results:
            if r.code == code:
                return r
        raise KeyError(code)

    def met_matrix(self) -> B:
        """accounts x criteria (in ``results`` order)."""
        return np.column_stack([r.met for r in self.results]) if self.results else \
            np.zeros((len(self.account_ids), 0), dtype=np.bool_)

    @property
    def not_evaluated(self) -> tuple[str, ...]:
        """Criteria evaluated for no account."""
        return tuple(r.code for r in self.results if not r.evaluated)

    def unknown_matrix(self) -> B:
        """accounts x criteria: not evaluated (in ``results`` order)."""
        return np.column_stack([r.unknown for r in self.results]) if self.results else \
            np.zeros((len(self.account_ids), 0), dtype=np.bool_)


# --- windows ------------------------------------------------------------------------------

def _months_back(as_of: dt.date, months: int) -> int:
    """Day number of the day ``months`` months before ``as_of``: windows are (that, as_of]."""
    return day_number(as_of - relativedelta(months=months))


def _last_cols(history: History, months: int) -> slice:
    return slice(max(history.grid.n - months, 0), history.grid.n)


def _count_events(history: History, events: Events, kind: str, lo: int, hi: int,
                  extra: B | None = None) -> tuple[I64, I64]:
    """Per account: how many events of ``kind`` dated in (lo, hi], and the latest day."""
    m = (events.kind == kind) & (events.day > lo) & (events.day <= hi)
    if extra is not None:
        m &= extra
    n = len(history)
    count = np.bincount(events.account[m], minlength=n).astype(np.int64)
    last = np.full(n, NO_DAY, dtype=np.int64)
    np.maximum.at(last, events.account[m], events.day[m])
    return count, last


def age_eligible(history: History, years: int) -> B:
    """开设1年以上 (``ZJG-6.5.1``): the anniversary (+``years`` years) is on or before as_of.

    Compared as YYYYMMDD numbers, so an opening on 29 February reaches its anniversary on
    1 March of a common year.
    """
    opened = history.accounts.opened.astype("datetime64[D]")
    y = opened.astype("datetime64[Y]").astype(np.int64) + 1970
    m = opened.astype("datetime64[M]").astype(np.int64) % 12 + 1
    d = (opened - opened.astype("datetime64[M]")).astype(np.int64) + 1
    as_of = history.grid.as_of_date
    ymd = y * 10000 + m * 100 + d
    return np.asarray((as_of.year * 10000 + as_of.month * 100 + as_of.day) - ymd
                      >= years * 10000)


# --- ZJG-6.5.1 ----------------------------------------------------------------------------

@criterion("below_average", "ZJG-6.5.1(1)",
           label_zh="运营效果指数连续2次考核低于全省同类型账号平均值",
           measure="deregister", after_first_year=True,
           params=("below_average_window_months", "consecutive_assessments", "effect_index",
                   "same_type", "min_age_years"))
def below_average(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """（1）在全省政务新媒体管理平台的运营效果指数连续2次考核低于全省同类型账号平均值。"""
    k = p.value("consecutive_assessments")
    cols = _last_cols(h, p.value("below_average_window_months"))
    x = h.effect_index(peers.effect_index)[:, cols]
    avg = peers.average_for(type_keys(h.accounts, peers.same_type))[:, cols]
    below = np.isfinite(x) & np.isfinite(avg) & (x < avg)
    run = np.cumsum(below, axis=1)
    # a run of k ends at column t when the k columns up to t are all below
    padded = np.concatenate([np.zeros((len(h), k), dtype=run.dtype), run], axis=1)
    ends = (padded[:, k:] - padded[:, :-k]) == k
    holds = ends.any(axis=1)
    n_w = ends.shape[1]
    last = np.where(holds, n_w - 1 - np.argmax(ends[:, ::-1], axis=1), 0) if n_w else \
        np.zeros(len(h), dtype=np.int64)
    rows = np.arange(len(h))
    first_col = (cols.start or 0)
    if not peers.given_average:
        # a county's own mean is not the province's (ZJG-6.5.1(1)): not evaluated
        return Outcome(np.zeros(len(h), dtype=np.bool_), {}, evaluated=False,
                       reason=NO_AVERAGES)
    scored = np.asarray(np.isfinite(x).any(axis=1), dtype=np.bool_)
    no_average = np.asarray(~np.isfinite(avg).any(axis=1), dtype=np.bool_)
    unknown = {NO_SCORES: ~scored, NO_TYPE_AVERAGE: scored & no_average}
    return Outcome(holds, {
        "below_through": np.where(holds, last + first_col, -1),
        "value": np.where(holds, x[rows, last], np.nan) if n_w else np.full(len(h), np.nan),
        "average": np.where(holds, avg[rows, last], np.nan) if n_w else np.full(len(h), np.nan),
        "months_below": below.sum(axis=1),
    }, unknown=unknown)


@criterion("notified_twice", "ZJG-6.5.1(2)",
           label_zh="上一年度2次被上级通报",
           measure="deregister", after_first_year=True,
           params=("notification_count", "notification_window"))
def notified_twice(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """（2）上一年度2次被上级通报的问题账号。"""
    as_of = h.grid.as_of_date
    if p.value("notification_window") == "previous_calendar_year":
        lo = day_number(dt.date(as_of.year - 1, 1, 1)) - 1
        hi = day_number(dt.date(as_of.year - 1, 12, 31))
    else:
        lo, hi = _months_back(as_of, 12), h.grid.as_of
    count, last = _count_events(h, ev, "notification", lo, hi)
    return Outcome(count >= p.value("notification_count"),
                   {"notifications": count, "last_notified": last})


@criterion("no_update_or_unrectified", "ZJG-6.5.1(3)",
           label_zh="出现14天未更新情况2次或晾晒后3天内未整改",
           measure="deregister", after_first_year=True,
           params=("exposure_window_months", "gap_occurrences", "gap_window_months",
                   "rectify_days"))
def no_update_or_unrectified(h: History, ev: Events, peers: PeerStats,
                             p: CleanupParams) -> Outcome:
    """（3）出现14天未更新情况2次或被浙江省政务新媒体管理平台“晾晒”后3天内未整改。"""
    gaps = h.gaps_14d[:, _last_cols(h, p.value("gap_window_months"))].sum(axis=1)
    twice = gaps >= p.value("gap_occurrences")
    as_of = h.grid.as_of
    lo = _months_back(h.grid.as_of_date, p.value("exposure_window_months"))
    limit = p.value("rectify_days")
    exposure = (ev.kind == "exposure") & (ev.day > lo) & (ev.day <= as_of)
    done = ev.rectified != NO_DAY
    delay = np.where(done, ev.rectified - ev.day, as_of - ev.day)
    late = exposure & (delay > limit)
    n = len(h)
    n_late = np.bincount(ev.account[late], minlength=n).astype(np.int64)
    worst = np.full(n, -1, dtype=np.int64)
    np.maximum.at(worst, ev.account[late], delay[late])
    unrectified = np.bincount(ev.account[late & ~done], minlength=n).astype(np.int64)
    exposed_late = n_late > 0
    if not h.has_activity:
        # the exposure branch is evaluated on the events; the 14-day branch is unknown, so
        # the criterion holds on a late exposure and is not evaluated for the others
        return Outcome(exposed_late, {
            "gaps_14d": np.full(n, np.nan), "late_exposures": n_late,
            "worst_delay_days": worst, "unrectified_exposures": unrectified,
        }, unknown={NO_POSTS: ~exposed_late})
    return Outcome(twice | exposed_late, {
        "gaps_14d": gaps, "late_exposures": n_late, "worst_delay_days": worst,
        "unrectified_exposures": unrectified,
    })


@criterion("security_incident", "ZJG-6.5.1(4)",
           label_zh="出现安全、泄密事故等严重问题",
           measure="deregister", after_first_year=True,
           params=("incident_window_months",))
def security_incident(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """（4）出现安全、泄密事故等严重问题。"""
    lo = _months_back(h.grid.as_of_date, p.value("incident_window_months"))
    count, last = _count_events(h, ev, "incident", lo, h.grid.as_of)
    return Outcome(count > 0, {"incidents": count, "last_incident": last})


@criterion("department_fans", "ZJG-6.5.1(5)",
           label_zh="部门账号粉丝数低于所在县（市、区）常住人口数1%",
           measure="deregister", after_first_year=True,
           params=("department_fans_percent",))
def department_fans(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """（5）部门账号粉丝数低于所在县（市、区）常住人口数1%。"""
    a = h.accounts
    pct = p.value("department_fans_percent")
    # fans / population < pct / 100, compared without dividing: exact at the threshold
    below = a.fans * 100.0 < a.county_population * pct
    department = a.kind == AccountKind.DEPARTMENT.value
    holds = department & below        # NaN fans compare False: never held on an unknown
    return Outcome(holds, {
        "fans": a.fans, "population": a.county_population,
        "threshold": a.county_population * pct / 100.0,
    }, unknown={NO_FANS: department & np.isnan(a.fans)})


@criterion("township_account", "ZJG-6.5.1(6)",
           label_zh="乡镇（街道）账号原则上一律取消",
           measure="deregister", after_first_year=True,
           params=("long_term_months", "township_fans_percent", "township_top_rank",
                   "rank_scope", "effect_index", "min_age_years"))
def township_account(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """（6）乡镇（街道）账号除粉丝数大于辖区内常住人口20%，且运营效果指数长期保持在本县（市、区）前5名
    的账号外，原则上一律取消。"""
    a = h.accounts
    pct = p.value("township_fans_percent")
    many_fans = a.fans * 100.0 > a.region_population * pct
    months = p.value("long_term_months")
    ranks = peers.county_rank[:, _last_cols(h, months)]
    in_top = (ranks >= 1) & (ranks <= p.value("township_top_rank"))
    kept = in_top.sum(axis=1)
    long_term = (kept == months) if ranks.shape[1] == months else np.zeros(len(h), np.bool_)
    township = a.kind == AccountKind.TOWNSHIP.value
    fans_unknown = np.isnan(a.fans)
    scores_unknown = ~np.isfinite(h.effect_index(peers.effect_index)[
        :, _last_cols(h, months)]).any(axis=1)
    # the exemption needs both; either known to fail is enough for the criterion to hold
    holds = township & ((~fans_unknown & ~many_fans) | (~scores_unknown & ~long_term))
    share = np.full(len(h), np.nan)
    np.divide(a.fans, a.region_population, out=share, where=a.region_population > 0)
    return Outcome(holds, {
        "fans": a.fans, "population": a.region_population, "fans_share": share,
        "months_in_top": kept, "months_required": np.full(len(h), months),
    }, unknown={NO_FANS: township & ~holds & fans_unknown,
                NO_SCORES: township & ~holds & scores_unknown})


# --- ZJG-6.1.2 ----------------------------------------------------------------------------

@criterion("disqualified", "ZJG-6.1.2-disqualify",
           label_zh="安全泄密事故、内容不更新或互动回应差，视为不合格账号立即注销",
           measure="deregister", after_first_year=False,
           params=("dormant_days", "incident_window_months"))
def disqualified(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """账号运营期间，如出现安全、泄密事故，内容不更新，互动回应差等严重问题，应视为不合格账号并立即注销。"""
    lo = _months_back(h.grid.as_of_date, p.value("incident_window_months"))
    incidents, _ = _count_events(h, ev, "incident", lo, h.grid.as_of)
    poor, _ = _count_events(h, ev, "poor_interaction", lo, h.grid.as_of)
    stopped = h.current_gap_days >= p.value("dormant_days") if h.has_activity else \
        np.zeros(len(h), dtype=np.bool_)
    holds = (incidents > 0) | stopped | (poor > 0)
    return Outcome(holds, {
        "incidents": incidents, "stopped_updating": stopped,
        "days_without_update": h.current_gap_days if h.has_activity else np.full(len(h), np.nan),
        "poor_interaction": poor,
    }, unknown={NO_POSTS: ~holds & (not h.has_activity)})


@criterion("commitment_unmet", "ZJG-6.1.2-ban",
           label_zh="开设1年后未实现账号开设承诺事项",
           measure="deregister", after_first_year=True,
           params=("commitment_window_months",))
def commitment_unmet(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """开设1年后……未实现账号开设承诺事项，应予以注销处理。

    承诺栏 (``ZJG-6.1.1-T1``): 粉丝数、发布频率、平均阅读量, each compared when committed.
    """
    a = h.accounts
    cols = _last_cols(h, p.value("commitment_window_months"))
    n_months = cols.stop - (cols.start or 0)
    posts = h.posts[:, cols].sum(axis=1)
    per_month = posts / max(n_months, 1)
    avg_reads = np.zeros(len(h))
    np.divide(h.reads[:, cols].sum(axis=1), posts, out=avg_reads, where=posts > 0)
    fans_short = np.isfinite(a.commit_fans) & (a.fans < a.commit_fans)
    posts_short = np.isfinite(a.commit_posts_per_month) & (per_month < a.commit_posts_per_month)
    reads_short = np.isfinite(a.commit_average_reads) & (avg_reads < a.commit_average_reads)
    if not h.has_activity:
        posts_short = np.zeros(len(h), dtype=np.bool_)
    if not h.has_reads:
        reads_short = np.zeros(len(h), dtype=np.bool_)
    holds = fans_short | posts_short | reads_short
    no_activity = np.full(len(h), not h.has_activity)
    no_reads = np.full(len(h), not h.has_reads)
    unknown = {
        NO_FANS: ~holds & np.isfinite(a.commit_fans) & np.isnan(a.fans),
        NO_POSTS: ~holds & np.isfinite(a.commit_posts_per_month) & no_activity,
        NO_READS: ~holds & np.isfinite(a.commit_average_reads) & no_reads,
    }
    return Outcome(holds, {
        "fans": a.fans, "committed_fans": a.commit_fans, "posts_per_month": per_month,
        "committed_posts_per_month": a.commit_posts_per_month, "average_reads": avg_reads,
        "committed_average_reads": a.commit_average_reads,
    }, unknown=unknown)


# --- ZJO-2.1 ------------------------------------------------------------------------------

def _last_post(h: History) -> I64:
    return h.last_post_day[:, -1] if h.grid.n else np.full(len(h), NO_DAY, dtype=np.int64)


@criterion("zombie", "ZJO-2.1",
           label_zh="长期无更新的僵尸账号",
           measure="deregister", after_first_year=False,
           params=("zombie_days",))
def zombie(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """注销清理长期无更新的“僵尸”……账号: ``zombie_days`` or more without an update."""
    holds = (h.current_gap_days >= p.value("zombie_days")) & h.has_activity
    return Outcome(holds, {"days_without_update": h.current_gap_days,
                           "last_post": _last_post(h)}, evaluated=h.has_activity)


@criterion("dormant", "ZJO-2.1",
           label_zh="长期无更新的休眠账号",
           measure="deregister", after_first_year=False,
           params=("dormant_days", "zombie_days"))
def dormant(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """……“休眠”账号: ``dormant_days`` or more without an update (short of a zombie)."""
    g = h.current_gap_days
    holds = (g >= p.value("dormant_days")) & (g < p.value("zombie_days")) & h.has_activity
    return Outcome(holds, {"days_without_update": g, "last_post": _last_post(h)},
                   evaluated=h.has_activity)


@criterion("closure_requested", "ZJO-2.1",
           label_zh="主动申请关停的账号",
           measure="deregister", after_first_year=False,
           params=())
def closure_requested(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """……和主动申请关停的账号。"""
    count, last = _count_events(h, ev, "closure_requested", NO_DAY, h.grid.as_of)
    return Outcome(count > 0, {"requested_on": last})


def _avg_reads(h: History, months: int) -> F64:
    cols = _last_cols(h, months)
    posts = h.posts[:, cols].sum(axis=1)
    out = np.zeros(len(h))
    np.divide(h.reads[:, cols].sum(axis=1), posts, out=out, where=posts > 0)
    return out


@criterion("weak", "ZJO-2.1",
           label_zh="粉丝数量少、影响范围小、运营力量无保障的弱运营账号",
           measure="merge", after_first_year=True,
           params=("weak_fans_percent", "weak_reads_per_post"))
def weak(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """归集整合粉丝数量少、影响范围小、运营力量无保障的弱运营账号 (not the county main account)."""
    a = h.accounts
    few_fans = a.fans * 100.0 < a.county_population * p.value("weak_fans_percent")
    reads = _avg_reads(h, 12)
    small_reach = (reads < p.value("weak_reads_per_post")) & h.has_reads
    no_staff = a.operators == 0
    subject = a.kind != AccountKind.MAIN.value
    holds = subject & (few_fans | small_reach | no_staff)
    open_ = subject & ~holds
    return Outcome(holds, {"few_fans": few_fans, "fans": a.fans, "small_reach": small_reach,
                           "reads_per_post": reads if h.has_reads else np.full(len(h), np.nan),
                           "no_staff": no_staff},
                   unknown={NO_FANS: open_ & np.isnan(a.fans),
                            NO_READS: open_ & (not h.has_reads),
                            NO_STAFF: open_ & (a.operators < 0)})


# --- HN-4.1 -------------------------------------------------------------------------------

@criterion("shut_down_class", "HN-4.1",
           label_zh="信息长期不更新、不互动回应、监督管理不到位",
           measure="shut_down", after_first_year=False,
           params=("dormant_days", "incident_window_months"))
def shut_down_class(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """对……信息长期不更新、不互动回应、监督管理不到位等突出问题的，要坚决关停。

    Three tests: 长期不更新 (``dormant_days`` without an update, from the posts), 不互动回应
    (a ``no_interaction`` event: messages due and none answered, or interaction closed), and
    监督管理不到位, which no input shows: a supervising unit on record answers it, a blank one
    leaves it unknown (never "unsupervised").
    """
    lo = _months_back(h.grid.as_of_date, p.value("incident_window_months"))
    silent, _ = _count_events(h, ev, "no_interaction", lo, h.grid.as_of)
    stale = (h.current_gap_days >= p.value("dormant_days")) & h.has_activity
    holds = stale | (silent > 0)
    return Outcome(holds, {
        "long_without_update": stale, "no_interaction": silent,
    }, unknown={NO_POSTS: ~holds & (not h.has_activity),
                NO_SUPERVISOR: ~holds & ~h.accounts.supervised})


@criterion("merge_class", "HN-4.1",
           label_zh="功能相近（同一主办单位同一平台多个账号）或用户关注度和利用率低",
           measure="merge", after_first_year=False,
           params=("weak_fans_percent", "weak_reads_per_post"))
def merge_class(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """对功能相近、用户关注度和利用率低的，请清理整合.

    功能相近: a second account of one host unit on one platform merges into the strongest
    (``LN-3.1-one-account``). 用户关注度和利用率低: fans below ``weak_fans_percent`` of the
    county's population and fewer than ``weak_reads_per_post`` reads per post, both known.
    """
    a = h.accounts
    similar = np.asarray(peers.merge_into != "", dtype=np.bool_)
    low_attention = a.fans * 100.0 < a.county_population * p.value("weak_fans_percent")
    reads = _avg_reads(h, 12)
    low_use = (reads < p.value("weak_reads_per_post")) & h.has_reads
    subject = a.kind != AccountKind.MAIN.value
    little_used = subject & low_attention & low_use
    holds = similar | little_used
    # little use is decided once both are known, or once either is known to be false
    open_ = subject & ~holds & ~(~np.isnan(a.fans) & ~low_attention) & \
        ~(h.has_reads & ~low_use)
    return Outcome(holds, {"merge_into": peers.merge_into, "low_attention": low_attention,
                           "reads_per_post": reads if h.has_reads else np.full(len(h), np.nan)},
                   unknown={NO_FANS: open_ & np.isnan(a.fans),
                            NO_READS: open_ & (not h.has_reads)})


@criterion("rectify_class", "HN-4.1",
           label_zh="信息更新慢（含出现14天未更新1次）或互动交流差",
           measure="rectify", after_first_year=False,
           params=("gap_window_months", "incident_window_months", "slow_update_months",
                   "slow_update_posts_per_month"))
def rectify_class(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """对信息更新慢、内容推送迟、互动交流差、办事效率低的，要限期采取措施整改到位。

    信息更新慢: fewer than ``slow_update_posts_per_month`` posts a month, or a 14-day gap
    (from the posts); 互动交流差: a ``weak_interaction`` or ``poor_interaction`` event (the
    review audit's low response rate). 内容推送迟 and 办事效率低 have no input and are not
    tested (docs/assumptions.md).
    """
    months = p.value("slow_update_months")
    cols = _last_cols(h, months)
    per_month = h.posts[:, cols].sum(axis=1) / max(cols.stop - (cols.start or 0), 1)
    slow = (per_month < p.value("slow_update_posts_per_month")) & h.has_activity
    gaps = h.gaps_14d[:, _last_cols(h, p.value("gap_window_months"))].sum(axis=1)
    one_gap = (gaps >= 1) & h.has_activity
    lo = _months_back(h.grid.as_of_date, p.value("incident_window_months"))
    weak, _ = _count_events(h, ev, "weak_interaction", lo, h.grid.as_of)
    poor, _ = _count_events(h, ev, "poor_interaction", lo, h.grid.as_of)
    poor += weak
    holds = slow | one_gap | (poor > 0)
    nan = np.full(len(h), np.nan)
    return Outcome(holds, {
        "posts_per_month": per_month if h.has_activity else nan, "slow_update": slow,
        "gaps_14d": gaps if h.has_activity else nan, "poor_interaction": poor,
    }, unknown={NO_POSTS: ~holds & (not h.has_activity)})


@criterion("host_changed", "LN-3.1-host-change",
           label_zh="主办单位变更，应及时变更账号信息",
           also=("HN-4.1-host-change",),
           measure="change", after_first_year=False,
           params=())
def host_changed(h: History, ev: Events, peers: PeerStats, p: CleanupParams) -> Outcome:
    """主办单位发生变化的，应及时注销账号或变更相关信息，并向社会公告 (``LN-3.1-host-change``)."""
    lo = _months_back(h.grid.as_of_date, 12)
    count, last = _count_events(h, ev, "host_unit_changed", lo, h.grid.as_of)
    return Outcome(count > 0, {"changed_on": last})


CriterionFn = Callable[[History, Events, PeerStats, CleanupParams], Outcome]


def _declared() -> dict[str, CriterionFn]:
    from zwxmt.declarations import _DECLARED

    return {d.code: d.fn for d in _DECLARED.values() if d.kind == "criterion" and d.fn}


#: The function of each criterion code, from the declarations above (in report order).
CRITERION_FUNCTIONS: Mapping[str, CriterionFn] = _declared()
#: Every criterion declared, in report order.
CRITERIA: tuple[str, ...] = tuple(CRITERION_FUNCTIONS)


def evaluate(history: History, events: Events, peers: PeerStats, params: CleanupParams,
             *, only: tuple[str, ...] | None = None) -> Findings:
    """Every criterion the rulebook enables (or those in ``only``) for every account, with
    the one-year gate."""
    if only is None:
        only = params.enabled_criteria
    gated = any(params.criteria[c].after_first_year for c in only)
    eligible = age_eligible(history, params.value("min_age_years")) if gated else \
        np.ones(len(history), dtype=np.bool_)
    results = []
    n = len(history)
    for code in only:
        spec = params.criteria[code]
        out = CRITERION_FUNCTIONS[code](history, events, peers, params)
        why = np.full(n, "", dtype=object)
        unknown = np.zeros(n, dtype=np.bool_)
        reasons = dict(out.unknown) if out.evaluated else {out.reason: np.ones(n, np.bool_)}
        for reason, mask in reasons.items():
            mask = np.broadcast_to(np.asarray(mask, dtype=np.bool_), (n,))
            why[mask] = np.where(why[mask] == "", reason, why[mask] + "; " + reason)
            unknown |= mask
        holds = out.holds & ~unknown        # never held on a value not given
        evaluated = out.evaluated and (n == 0 or not bool(unknown.all()))
        met = holds & eligible if spec.after_first_year else holds
        if spec.after_first_year:
            unknown &= eligible             # an account not yet subject needs no data
            why[~unknown] = ""
        results.append(CriterionResult(code, spec.cite, spec.label_zh, spec.measure,
                                       spec.after_first_year, holds, met, out.evidence,
                                       evaluated, unknown, why))
    return Findings(history.accounts.account_id, history.grid.as_of_date, eligible,
                    tuple(results))
