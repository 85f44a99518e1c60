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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zwxmt import display, months
from zwxmt.cleanup.history import Events
from zwxmt.cleanup.inputs import Scores
from zwxmt.cleanup.pipeline import (
    CleanupRun,
    PreparedCleanup,
    SourceCount,
    finish_cleanup,
    prepare_cleanup,
)
from zwxmt.cleanup.responses import interaction_events
from zwxmt.regions import RegionIndex
from zwxmt.review.parameters import review_parameters
from zwxmt.review.report import ReviewInputs, ReviewReport, run_review
from zwxmt.rulebook import DEFAULT_RULEBOOK, load_rulebook
from zwxmt.rules import cite
from zwxmt.scoring.engine import out_of_force, score
from zwxmt.scoring.frame import LEVELS, ScoringFrame
from zwxmt.scoring.hosts import HostUnitResults, host_unit_results
from zwxmt.scoring.inputs import read_input
from zwxmt.scoring.parameters import PLATFORMS, ScoringSection
from zwxmt.scoring.result import ScoreResult
from zwxmt.table import Failures

__all__ = [
    "ACTIVITY_FIELDS",
    "PRECEDENCE",
    "REVIEW_FIELDS",
    "ColumnSource",
    "MainJob",
    "apply_precedence",
    "run_main_job",
]

RULE_DILIGENCE = cite("ZJG-9.2-T2-diligence")
RULE_VETO = cite("ZJG-9.2-T2-V1")
RULE_HEALTH = cite("ZJG-9.2-T2-health")
RULE_AVERAGE = cite("ZJG-6.5.1(1)")

#: Scoring columns the activity derives from the posts (勤勉指数 and 14天未更新).
#: The steps of the main job, as its ``progress`` callback names them.
STEPS: tuple[str, ...] = ("read", "activity", "review", "scores", "cleanup")

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
    #: every input row refused, in one failure-cases table (file, row, column, value, check)
    failures: Failures
    #: account-months a derived source has but the metrics file lacks (not scored)
    unscored: Mapping[str, int]
    #: where the cleanup's province same-type averages (ZJG-6.5.1(1)) came from
    averages_source: str = ""
    #: columns ignored and other notices of the readers
    notices: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return display.main_job_text(self)

    def _repr_html_(self) -> str:
        return display.main_job_html(self)

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


def _metrics_frame(metrics: Any, section: ScoringSection, prepared: PreparedCleanup, *,
                   encoding: str | None = None, rulebook: object = None,
                   ) -> tuple[ScoringFrame, Failures, SourceCount, tuple[str, ...]]:
    """The metrics input as a scoring frame (validated by the scoring input ``metrics``), and
    checked against the account registry: a row of an unknown account, of another platform or
    level than the registry's, of a month after the assessment date, or of a month
    before 表2 is in force (``ZJG-9.2``, ``not_in_force``) is refused row by row."""
    got = read_input(metrics, section, layer="raw", encoding=encoding,
                     source_name=None if not isinstance(metrics, Mapping) else "<metrics>")
    frame = got.frame
    table = prepared.table
    code = registry_codes(frame.account.labels, table.account_id)[frame.account.codes]
    known = code >= 0
    safe = np.where(known, code, 0)
    platform = np.array(PLATFORMS, dtype=object)[frame.platform]
    level = np.array(LEVELS, dtype=object)[frame.level]
    if len(table) == 0:  # no account kept: every row is of an unknown account
        reg_platform = reg_level = np.full(len(frame), "", dtype=object)
    else:
        reg_platform, reg_level = table.platform[safe], table.level[safe]
    last = months.of_date(prepared.as_of)
    checks = (
        (~known, "account_id", "unknown_account",
         "账号ID (account_id) is not in the account registry",
         lambda i: frame.account.labels[frame.account.codes[i]]),
        (known & (platform != reg_platform), "platform", "registry_mismatch",
         "平台 (platform) differs from the account registry's", lambda i: platform[i]),
        (known & (level != reg_level), "level", "registry_mismatch",
         "层级 (level) differs from the account registry's", lambda i: level[i]),
        (frame.period > last, "period", "date_out_of_range",
         f"考核周期 (period) is after the assessment date {prepared.as_of}",
         lambda i: months.labels(np.asarray(frame.period, dtype=np.int64)[i])),
    )
    bad = np.zeros(len(frame), dtype=np.bool_)
    parts = [got.failures]
    for mask, column, check, message, render in checks:
        m = mask & ~bad
        idx = np.flatnonzero(m)
        if len(idx):  # only the failing rows are rendered
            parts.append(Failures.from_mask(
                file=got.source, rows=frame.rows[idx], column=column,
                values=pa.array(np.asarray(render(idx), dtype=object).astype(str), pa.string()),
                mask=np.ones(len(idx), dtype=np.bool_), check=check, message=message))
        bad |= m
    # months before 表2 is in force (ZJG-9.2): refused row by row, the other rows scored
    early, reason = out_of_force(frame, rulebook)
    early &= ~bad
    if early.any():
        parts.append(Failures.from_mask(
            file=got.source, rows=np.asarray(frame.rows, dtype=np.int64), column="period",
            values=pa.array(months.labels(np.asarray(frame.period, dtype=np.int64))),
            mask=early, check="not_in_force", message=reason))
        bad |= early
    if bad.any():
        frame = frame.take(np.flatnonzero(~bad))
    count = SourceCount("metrics", got.counts.read, len(frame))
    return frame, Failures.concat(parts), count, got.notices


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


def _score_grids(result: ScoreResult, prepared: PreparedCleanup) -> Scores:
    """The monthly scores as accounts x months grids of the cleanup, straight from the
    result's arrays (account codes mapped once per distinct account)."""
    grid = prepared.grid
    n = len(prepared.table)
    code = registry_codes(result.account.labels, prepared.table.account_id)[result.account.codes]
    month = np.asarray(result.period, dtype=np.int64) - grid.first
    ok = (code >= 0) & (month >= 0) & (month < grid.n)
    cell = code[ok] * grid.n + month[ok]
    out = []
    for values in (result.indices["operation"], result.total):
        g = np.full(n * grid.n, np.nan)
        g[cell] = np.asarray(values, dtype=np.float64)[ok]
        out.append(g.reshape(n, grid.n))
    return Scores(out[0], out[1], len(code), int(ok.sum()))


def _averages(result: ScoreResult, effect_index: str) -> dict[tuple[str, str], float]:
    """The province same-platform averages of the effect index, as the cleanup reads them."""
    avg = result.province_platform_averages().columns
    column = ("province_platform_average_operation" if effect_index == "operation_index"
              else "province_platform_average_total")
    return {(str(p), str(m)): float(v) for p, m, v in
            zip(avg["platform"], avg["period"], avg[column], strict=True)}


def run_main_job(accounts: Any, metrics: Any, regions: RegionIndex, as_of: dt.date, *,
                 posts: Any = None, review: ReviewInputs | None = None,
                 review_counts: Sequence[SourceCount] = (),
                 review_failures: Failures | None = None,
                 events: Any = None, profiles: Any = None,
                 province_averages: Any = None, first_month: str | None = None,
                 province_wide: bool = False,
                 rulebook: str | Path = DEFAULT_RULEBOOK, encoding: str | None = None,
                 batch_rows: int = 1 << 20,
                 progress: Callable[[str], None] | None = None) -> MainJob:
    """Run the main job at ``as_of`` (the assessment date, the end of the last month).

    ``accounts``, ``metrics``, ``posts``, ``events``, ``profiles`` and ``province_averages``
    are any tabular source (a path to CSV, JSON lines, Parquet or XLSX; a pyarrow, pandas or
    polars table; a mapping of columns; English or Chinese headers), validated as files are;
    the posts are streamed in batches of ``batch_rows`` and the activity computed once, for
    scoring and cleanup alike. ``review`` holds the typed review logs
    (:func:`zwxmt.review.inputs.load_inputs`), whose per-file counts and failures the caller
    passes on in ``review_counts`` and ``review_failures``.

    The province same-type averages of ``ZJG-6.5.1(1)`` are those the provincial platform
    publishes, given as ``province_averages`` (``platform, period, operation_index, total``).
    Only when ``metrics`` holds the whole province (``province_wide``) are they the score
    result's own; otherwise, without the file, ``ZJG-6.5.1(1)`` is not evaluated: a county's
    own mean is not 全省同类型账号平均值.

    The review audit's interaction measures reach the cleanup as events (互动回应差 and
    不互动回应, :func:`~zwxmt.cleanup.responses.interaction_events`) for ``ZJG-6.1.2`` and
    ``HN-4.1``.

    ``progress``, if given, is called with the name of each step (:data:`STEPS`) as it begins.
    """
    step = progress or (lambda name: None)
    book = load_rulebook(rulebook, on=as_of)
    section = book.section(ScoringSection)
    step("activity")
    prepared = prepare_cleanup(accounts, regions, as_of, first_month=first_month, posts=posts,
                               events=events, profiles=profiles, rulebook=rulebook,
                               encoding=encoding, batch_rows=batch_rows)
    step("review")
    report = None
    if review is not None:
        report = run_review(review, review_parameters(str(rulebook)), as_of=as_of)
    frame, metric_failures, metric_count, metric_notices = _metrics_frame(
        metrics, section, prepared, encoding=encoding, rulebook=book)
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
    step("scores")
    result = score(frame, book)
    step("cleanup")
    grids = _score_grids(result, prepared)
    if province_averages is not None:
        run = finish_cleanup(prepared, score_grids=grids, averages=province_averages,
                             encoding=encoding)
        averages_source = "the province averages file"
    elif province_wide:
        run = finish_cleanup(prepared, score_grids=grids, given_averages=_averages(
            result, prepared.params.peer_setting("effect_index")))
        averages_source = (f"the score result over the {len(frame)} scored account-months "
                           "(the whole province)")
    else:
        run = finish_cleanup(prepared, score_grids=grids)
        averages_source = ("not given: ZJG-6.5.1(1) not evaluated (a county's own mean is not "
                           "the province's; pass --province-averages)")
    counts = [*prepared.counts, metric_count, *review_counts,
              *(c for c in run.counts if c.name == "averages")]
    failures = Failures.concat([run.failures, metric_failures,
                                *([review_failures] if review_failures is not None else [])])
    return MainJob(as_of, str(rulebook), prepared, report, frame, sources, result, run,
                   tuple(counts), failures, unscored, averages_source,
                   (*run.notices, *metric_notices))
