"""The main job (主流程): activity, review audit, scoring and cleanup over one set of inputs.

One county's (or province's) files go through the four areas in order, each reading the
previous one's output instead of its own illustrative data:

1. activity (更新情况) from the posts: ``zwxmt.cleanup`` (:func:`~zwxmt.cleanup.prepare_cleanup`),
   per account-month ``posts``, ``original_posts``, ``posting_days`` and the veto
   ``veto_no_update_14d`` (``ZJG-9.2-T2-diligence``, ``ZJG-9.2-T2-V1``);
2. the review audit (内容审核): :func:`zwxmt.review.run_review`, per account-month
   ``serious_errors``, ``general_errors``, ``poor_responses`` (``ZJG-9.2-T2-health``);
3. the scoring frame: the monthly metrics file, with the columns of (1) and (2) replacing its
   own where they cover an account-month (:data:`PRECEDENCE`);
4. the scores (考核评价): :func:`zwxmt.scoring.score` (``ZJG-9.1``, ``ZJG-9.2-T2``);
5. the cleanup (清理整合): :func:`zwxmt.cleanup.finish_cleanup` fed with those scores and the
   province same-platform averages of (4) (``ZJG-6.5.1(1)``).

:class:`MainJob` keeps every intermediate. Every input row is accounted for: each source's
rows read = used + rejected, and each reject names row, field and expectation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt import months
from zwxmt.cleanup.history import Events
from zwxmt.cleanup.inputs import scores_from_columns
from zwxmt.cleanup.pipeline import (
    CleanupRun,
    PreparedCleanup,
    SourceCount,
    finish_cleanup,
    prepare_cleanup,
)
from zwxmt.cleanup.responses import interaction_events
from zwxmt.errors import InputError
from zwxmt.io import Reject, reject_rows
from zwxmt.regions import RegionIndex
from zwxmt.review.parameters import review_parameters
from zwxmt.review.report import ReviewInputs, ReviewReport, run_review
from zwxmt.rulebook import DEFAULT_RULEBOOK, load_rulebook
from zwxmt.rules import cite
from zwxmt.scoring.engine import reject_out_of_force, score
from zwxmt.scoring.frame import LEVELS, ScoringFrame
from zwxmt.scoring.hosts import HostUnitResults, host_unit_results
from zwxmt.scoring.inputs import read_input
from zwxmt.scoring.parameters import PLATFORMS, ScoringSection
from zwxmt.scoring.result import ScoreResult

__all__ = [
    "ACTIVITY_FIELDS",
    "PRECEDENCE",
    "REVIEW_FIELDS",
    "ColumnSource",
    "MainJob",
    "Rows",
    "apply_precedence",
    "run_main_job",
]

RULE_DILIGENCE = cite("ZJG-9.2-T2-diligence")
RULE_VETO = cite("ZJG-9.2-T2-V1")
RULE_HEALTH = cite("ZJG-9.2-T2-health")
RULE_AVERAGE = cite("ZJG-6.5.1(1)")

Rows = tuple[Sequence[str], Sequence[Sequence[Any]]]

#: Scoring columns the activity derives from the posts (勤勉指数 and 14天未更新).
ACTIVITY_FIELDS: tuple[str, ...] = ("posts", "original_posts", "posting_days",
                                    "veto_no_update_14d")
#: Scoring columns the review audit derives (健康指数: 表述错误, 互动回应差).
REVIEW_FIELDS: tuple[str, ...] = ("serious_errors", "general_errors", "poor_responses")

#: The precedence rule, per column: the first source covering an account-month supplies it;
#: the monthly metrics file is the last resort for every column.
PRECEDENCE: Mapping[str, tuple[str, ...]] = {
    **{c: ("activity", "metrics") for c in ACTIVITY_FIELDS},
    **{c: ("review", "metrics") for c in REVIEW_FIELDS},
}

_VETO_COLUMN = "veto_no_update_14d"


@dataclass(frozen=True)
class ColumnSource:
    """Where a scoring column came from: rows taken from the derived source, rows from the
    metrics file, and the months the derived source covered."""

    column: str
    source: str
    derived_rows: int
    metrics_rows: int
    months: tuple[str, str] | None

    def line(self) -> str:
        if self.derived_rows == 0:
            return f"{self.column}: monthly metrics file ({self.metrics_rows} rows)"
        span = "" if self.months is None else f" for {self.months[0]}..{self.months[1]}"
        rest = (f", otherwise the monthly metrics file ({self.metrics_rows} rows)"
                if self.metrics_rows else "")
        return f"{self.column}: {self.source} ({self.derived_rows} rows{span}){rest}"


@dataclass(frozen=True)
class MainJob:
    """Everything the main job produced, for reports and notebooks."""

    as_of: dt.date
    rulebook: str
    prepared: PreparedCleanup
    review: ReviewReport | None
    frame: ScoringFrame
    sources: tuple[ColumnSource, ...]
    scores: ScoreResult
    cleanup: CleanupRun
    counts: tuple[SourceCount, ...]
    rejects: Mapping[str, tuple[Reject, ...]]
    #: account-months a derived source has but the metrics file lacks (not scored)
    unscored: Mapping[str, int]
    #: where the cleanup's province same-type averages (ZJG-6.5.1(1)) came from
    averages_source: str = ""

    @property
    def activity(self) -> Any:
        """The post-level activity (:class:`zwxmt.cleanup.Activity`), or None without posts."""
        return self.prepared.activity

    def summary_lines(self) -> list[str]:
        """One line per input: rows read = used + rejected."""
        return [c.line() for c in self.counts]

    def source_lines(self) -> list[str]:
        """Which source each derived scoring column came from, and the averages'."""
        return [*(s.line() for s in self.sources),
                f"province same-type averages (ZJG-6.5.1(1)): {self.averages_source}"]

    def host_units(self, kind: str = "month") -> HostUnitResults:
        """Host-unit (主办单位) results per period, ranked within county (``ZJG-9.1``), from
        the registry's host unit of each account; ``kind`` month, quarter or year."""
        result = self.scores if kind == "month" else self.scores.aggregate(
            "quarter" if kind == "quarter" else "year")
        table = self.prepared.table
        return host_unit_results(result, table.account_id, table.host_unit)

    def score_columns(self) -> dict[str, npt.NDArray[Any]]:
        """The scores in input order of the metrics file."""
        return self.scores.to_columns(input_order=True)


def registry_codes(ids: npt.NDArray[Any], registry: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """The row of each id in the registry's account ids (-1 if absent), by a sorted search."""
    reg = np.asarray(registry, dtype=np.str_)
    order = np.argsort(reg, kind="stable")
    keys = np.asarray(ids, dtype=np.str_)
    if reg.size == 0:
        return np.full(keys.shape[0], -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(reg[order], keys), reg.size - 1)
    found = reg[order][at] == keys
    out: npt.NDArray[np.int64] = np.where(found, order[at], -1).astype(np.int64)
    return out


def _month_index(period: npt.NDArray[np.int32], first: int) -> npt.NDArray[np.int64]:
    """Months (:mod:`zwxmt.months`) -> month index of a cleanup grid."""
    return period.astype(np.int64) - first


def _metrics_frame(metrics: Rows, section: ScoringSection, prepared: PreparedCleanup,
                   rulebook: object = None) -> tuple[ScoringFrame, list[Reject], int]:
    """The metrics file as a scoring frame (validated as :func:`zwxmt.scoring.read_frame`
    does), and checked against the account registry: a row of an unknown account, of another
    platform or level than the registry's, or of a month after the assessment date is
    refused."""
    header, rows = metrics
    columns = {h: [r[i] if i < len(r) else None for r in rows] for i, h in enumerate(header)}
    got = read_input(columns, section, source_name="metrics")
    frame, read = got.frame, got.counts.read
    # the job's rejects keep its numbering (first data row = 1)
    rejects = [Reject(int(f["row"]) - 1, str(f["column"]), str(f["message"]),
                      "" if f["value"] is None else str(f["value"]))
               for f in got.failures.table.to_pylist()]
    if frame.mode != "raw":
        raise InputError("the monthly metrics file must hold raw metrics (docs/schema.md), "
                         "not sub-index scores: the main job derives some of them")
    table = prepared.table
    code = registry_codes(frame.account.labels, table.account_id)[frame.account.codes]
    known = code >= 0
    safe = np.where(known, code, 0)
    platform = np.array(PLATFORMS, dtype=object)[frame.platform]
    level = np.array(LEVELS, dtype=object)[frame.level]
    last = months.of_date(prepared.as_of)
    checks = (
        (~known, "account_id", "unknown account: not in the account registry",
         frame.account.values()),
        (known & (platform != table.platform[safe]), "platform",
         "platform differs from the account registry's", platform),
        (known & (level != table.level[safe]), "level",
         "level differs from the account registry's", level),
        (frame.period > last, "period", f"after the assessment date {prepared.as_of}",
         np.asarray(frame.period, dtype=np.int64).astype("datetime64[M]")),
    )
    ok = np.ones(len(frame), dtype=np.bool_)
    rejects += reject_rows(ok, checks, frame.rows - 1)
    if not ok.all():
        frame = frame.take(np.flatnonzero(ok))
    # months before 表2 (ZJG-9.2), numbered as the job numbers (first data row = 1)
    frame, out_of_force = reject_out_of_force(frame, rulebook, row_offset=-1)
    return frame, sorted([*rejects, *out_of_force]), read


def _keys(account: npt.NDArray[Any], period: npt.NDArray[Any]) -> npt.NDArray[np.str_]:
    return np.char.add(np.char.add(np.asarray(account, dtype=np.str_), "\x1f"),
                       np.asarray(period, dtype=np.str_))


def apply_precedence(frame: ScoringFrame, section: ScoringSection, *,
                     prepared: PreparedCleanup, review: Mapping[str, npt.NDArray[Any]] | None,
                     measured: Sequence[str] = REVIEW_FIELDS,
                     ) -> tuple[ScoringFrame, tuple[ColumnSource, ...], dict[str, int]]:
    """The scoring frame with the derived columns replacing the metrics file's (the rule
    :data:`PRECEDENCE`): the activity covers every account-month of its month grid (the posts
    file is the complete publication log of the registry's accounts), the review audit every
    account-month its summary has a row for (a post or a message in its logs that month),
    and only for the ``measured`` columns: a column the audit did not measure (e.g.
    ``poor_responses`` without a message log) never overrides the metrics file.
    Returns the frame, the source of each column, and the derived account-months the frame
    lacks (they have no metrics row and are not scored)."""
    metrics = {k: v.copy() for k, v in frame.metrics.items()}
    vetoes = frame.vetoes.copy()
    sources: list[ColumnSource] = []
    unscored: dict[str, int] = {}
    n = len(frame)
    ids = frame.account.values()
    labels = months.labels(np.unique(frame.period))
    period_text = labels[np.searchsorted(np.unique(frame.period), frame.period)]
    act = prepared.activity
    if act is not None:
        grid = act.grid
        code = registry_codes(frame.account.labels,
                              prepared.table.account_id)[frame.account.codes]
        month = _month_index(frame.period, grid.first)
        hit = (code >= 0) & (month >= 0) & (month < grid.n)
        a, m = code[hit], month[hit]
        for name, grid_values in (("posts", act.posts), ("original_posts", act.original_posts),
                                  ("posting_days", act.posting_days)):
            metrics[name][hit] = grid_values[a, m].astype(np.float64)
        bit = np.int8(next(v.bit for v in section.vetoes.items if v.column == _VETO_COLUMN))
        flag = act.veto_no_update_14d[a, m].astype(np.int8) * bit
        vetoes[hit] = (vetoes[hit] & ~bit) | flag
        span = (grid.labels[0], grid.labels[-1])
        for name in ACTIVITY_FIELDS:
            sources.append(ColumnSource(name, "posts (activity)", int(hit.sum()),
                                        n - int(hit.sum()), span))
        # account-months from each account's opening month on, without a metrics row
        opened_month = act.grid.month_codes(prepared.table.opened)
        live = np.arange(grid.n)[None, :] >= opened_month[:, None]
        covered = np.zeros((act.n_accounts, grid.n), dtype=np.bool_)
        covered[a, m] = True
        unscored["activity"] = int((live & ~covered).sum())
    else:
        sources += [ColumnSource(c, "posts (activity)", 0, n, None) for c in ACTIVITY_FIELDS]
    if review is not None and len(review["account_id"]):
        rkeys = _keys(review["account_id"], review["period"])
        order = np.argsort(rkeys)
        fkeys = _keys(ids, period_text)
        pos = np.searchsorted(rkeys[order], fkeys)
        pos_c = np.minimum(pos, len(order) - 1)
        hit = rkeys[order][pos_c] == fkeys
        src = order[pos_c[hit]]
        for name in REVIEW_FIELDS:
            if name in measured:
                metrics[name][hit] = np.asarray(review[name], dtype=np.float64)[src]
        periods = np.unique(np.asarray(review["period"], dtype=np.str_))
        months_r = (str(periods[0]), str(periods[-1]))
        for name in REVIEW_FIELDS:
            taken = int(hit.sum()) if name in measured else 0
            sources.append(ColumnSource(name, "the review audit", taken, n - taken,
                                        months_r if taken else None))
        unscored["review"] = int(len(rkeys) - np.unique(src).size)
    else:
        sources += [ColumnSource(c, "the review audit", 0, n, None) for c in REVIEW_FIELDS]
    described = {s.column: s.line() for s in sources}
    out = dataclasses.replace(frame, metrics=metrics, vetoes=vetoes, sources=described)
    return out, tuple(sources), unscored


def _measured(review: ReviewInputs | None, report: ReviewReport | None) -> tuple[str, ...]:
    """The health columns the review audit measured (a missing source never overrides a
    present one): 表述错误 only with a lexicon and the posts' text, 互动回应差 only with a
    message log."""
    if review is None or report is None:
        return ()
    out: list[str] = []
    if review.lexicon is not None and len(review.lexicon.terms) and review.posts.text is not None:
        out += ["serious_errors", "general_errors"]
    if report.interaction is not None:
        out.append("poor_responses")
    return tuple(out)


def _averages(result: ScoreResult, effect_index: str) -> dict[tuple[str, str], float]:
    """The province same-platform averages of the effect index, as the cleanup reads them."""
    avg = result.province_platform_averages().columns
    column = ("province_platform_average_operation" if effect_index == "operation_index"
              else "province_platform_average_total")
    return {(str(p), str(m)): float(v) for p, m, v in
            zip(avg["platform"], avg["period"], avg[column], strict=True)}


def run_main_job(accounts: Rows, metrics: Rows, regions: RegionIndex, as_of: dt.date, *,
                 posts: Rows | None = None, review: ReviewInputs | None = None,
                 review_counts: Sequence[SourceCount] = (),
                 review_rejects: Mapping[str, tuple[Reject, ...]] | None = None,
                 events: Rows | None = None, profiles: Rows | None = None,
                 province_averages: Rows | None = None, first_month: str | None = None,
                 province_wide: bool = False,
                 rulebook: str | Path = DEFAULT_RULEBOOK) -> MainJob:
    """Run the main job at ``as_of`` (the assessment date, the end of the last month).

    ``accounts``, ``metrics``, ``posts``, ``events`` and ``profiles`` are tables (a header and
    rows, English or Chinese headers); ``review`` the typed review logs
    (:func:`zwxmt.review.inputs.load_inputs`), whose per-file counts and rejects the caller
    passes on in ``review_counts`` and ``review_rejects``.

    The province same-type averages of ``ZJG-6.5.1(1)`` are those the provincial platform
    publishes, given as ``province_averages`` (``platform, period, operation_index, total``).
    Only when ``metrics`` holds the whole province (``province_wide``) are they the score
    result's own; otherwise, without the file, ``ZJG-6.5.1(1)`` is not evaluated: a county's
    own mean is not 全省同类型账号平均值.

    The review audit's interaction measures reach the cleanup as events (互动回应差 and
    不互动回应, :func:`~zwxmt.cleanup.responses.interaction_events`) for ``ZJG-6.1.2`` and
    ``HN-4.1``.
    """
    book = load_rulebook(rulebook, on=as_of)
    section = book.section(ScoringSection)
    prepared = prepare_cleanup(accounts, regions, as_of, first_month=first_month, posts=posts,
                               events=events, profiles=profiles, rulebook=rulebook)
    report = None
    if review is not None:
        report = run_review(review, review_parameters(str(rulebook)), as_of=as_of)
    frame, metric_rejects, read = _metrics_frame(metrics, section, prepared, book)
    measured = _measured(review, report)
    frame, sources, unscored = apply_precedence(
        frame, section, prepared=prepared, review=None if report is None else report.summary,
        measured=measured)
    if report is not None:
        found = interaction_events(report.summary, report.findings.columns, prepared.index,
                                   as_of, prepared.params)
        if len(found):
            prepared = dataclasses.replace(
                prepared, events=Events.concat([prepared.events, found]))
    result = score(frame, book)
    cols = result.to_columns(include_subscores=False)
    grids = scores_from_columns(cols["account_id"], cols["period"], cols["operation_index"],
                                cols["total"], prepared.index, prepared.grid)
    if province_averages is not None:
        run = finish_cleanup(prepared, score_grids=grids, averages=province_averages)
        averages_source = "the province averages file"
    elif province_wide:
        run = finish_cleanup(prepared, score_grids=grids, given_averages=_averages(
            result, prepared.params.effect_index.value))
        averages_source = (f"the score result over the {len(frame)} scored account-months "
                           "(the whole province)")
    else:
        run = finish_cleanup(prepared, score_grids=grids)
        averages_source = ("not given: ZJG-6.5.1(1) not evaluated (a county's own mean is not "
                           "the province's; pass --province-averages)")
    counts = [*prepared.counts, SourceCount("metrics", read, len(frame)), *review_counts,
              *(c for c in run.counts if c.name == "averages")]
    rejects = {**run.rejects, "metrics": tuple(metric_rejects), **(review_rejects or {})}
    return MainJob(as_of, str(rulebook), prepared, report, frame, sources, result, run,
                   tuple(counts), rejects, unscored, averages_source)
