"""The cleanup run (清理整合): inputs to activity, history, peers, findings, recommendations.

:func:`run_cleanup` takes the account registry and, optionally, posts, events, scores, province
averages and profiles (each any tabular source: a path to CSV, JSON lines, Parquet or XLSX, or
a pyarrow, pandas or polars table or a mapping of columns), and returns a :class:`CleanupRun`
with every intermediate result and one failure-cases table of the rows refused. It is
:func:`prepare_cleanup` (inputs and the activity, posts streamed) followed by
:func:`finish_cleanup` (scores, findings, measures); the main job (:mod:`zwxmt.pipeline`) runs
the two halves with the scoring engine in between. :func:`zwxmt.examples.job.example_run` is
the main job's cleanup of the bundled example county (龙游县).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from dateutil.relativedelta import relativedelta

from zwxmt import display
from zwxmt.activity.model import Activity, MonthGrid
from zwxmt.activity.posts import read_activity
from zwxmt.arrays import I64
from zwxmt.cleanup.criteria import Findings, evaluate
from zwxmt.cleanup.history import AccountTable, Events, History, PeerStats, peer_stats
from zwxmt.cleanup.inputs import (
    AccountRecord,
    Read,
    Scores,
    account_records,
    read_accounts,
    read_averages,
    read_events,
    read_profiles,
    read_scores,
    unknown_profiles,
)
from zwxmt.cleanup.parameters import CleanupParams
from zwxmt.cleanup.recommend import Recommendation, recommendations
from zwxmt.errors import InputError
from zwxmt.regions import RegionIndex
from zwxmt.rulebook import DEFAULT_RULEBOOK, load_rulebook
from zwxmt.table import Counts, Failures

__all__ = [
    "CleanupRun",
    "PreparedCleanup",
    "SourceCount",
    "finish_cleanup",
    "prepare_cleanup",
    "run_cleanup",
]


@dataclass(frozen=True)
class SourceCount:
    """Rows read from one input and how many were used (read = used + rejected)."""

    name: str
    read: int
    processed: int

    @classmethod
    def of(cls, name: str, counts: Counts) -> SourceCount:
        return cls(name, counts.read, counts.used)

    @property
    def rejected(self) -> int:
        return self.read - self.processed

    @property
    def counts(self) -> Counts:
        return Counts(self.read, self.processed, self.rejected)

    def line(self) -> str:
        return (f"{self.name}: rows read = {self.read} = {self.processed} processed + "
                f"{self.rejected} rejected")


@dataclass(frozen=True)
class CleanupRun:
    """Everything a cleanup run produced."""

    as_of: dt.date
    params: CleanupParams
    #: the validated accounts, one row per account code (``zwxmt schema accounts``)
    accounts: pa.Table
    account_rows: I64
    history: History
    activity: Activity | None
    peers: PeerStats
    findings: Findings
    recommendations: tuple[Recommendation, ...]
    failures: Failures
    counts: tuple[SourceCount, ...] = ()
    notices: tuple[str, ...] = ()
    stamp: Mapping[str, str] = field(default_factory=dict)   # Rulebook.stamp()

    def __repr__(self) -> str:
        return display.cleanup_run_text(self)

    def _repr_html_(self) -> str:
        return display.cleanup_run_html(self)

    def summary_lines(self) -> list[str]:
        return [c.line() for c in self.counts]

    @functools.cached_property
    def records(self) -> tuple[AccountRecord, ...]:
        """The accounts as models (the inventory form's object API; built on first use)."""
        return account_records(self.accounts, self.account_rows)

    def not_evaluated_lines(self, *, limit: int = 8) -> list[str]:
        """Per criterion, the accounts it could not be evaluated for and why (house rule 4):
        ``code [cite]: N accounts — reason: id, id, ...`` (at most ``limit`` ids a reason)."""
        ids = np.asarray(self.findings.account_ids, dtype=object)
        lines = []
        for r in self.findings.results:
            if not r.unknown.any():
                continue
            lines.append(f"{r.code} [{r.cite}]: {int(r.unknown.sum())} accounts not evaluated")
            reasons, inverse = np.unique(r.why[r.unknown].astype(str), return_inverse=True)
            who = ids[r.unknown]
            for k, reason in enumerate(reasons):
                some = who[inverse.reshape(-1) == k]
                more = f" (+{len(some) - limit} more)" if len(some) > limit else ""
                lines.append(f"  {reason}: {', '.join(str(a) for a in some[:limit])}{more}")
        return lines


@dataclass(frozen=True)
class PreparedCleanup:
    """The cleanup inputs read and checked, before any score is needed: the account table,
    the month grid, the activity from the posts and the events (:func:`prepare_cleanup`).

    The main job (:mod:`zwxmt.pipeline`) scores the accounts from this activity, then finishes
    the run with those scores (:func:`finish_cleanup`)."""

    as_of: dt.date
    params: CleanupParams
    grid: MonthGrid
    #: the validated accounts, one row per account code (``zwxmt schema accounts``)
    accounts: pa.Table
    account_rows: I64
    table: AccountTable
    activity: Activity | None
    events: Events
    failures: Failures
    counts: tuple[SourceCount, ...]
    notices: tuple[str, ...] = ()
    stamp: Mapping[str, str] = field(default_factory=dict)   # Rulebook.stamp()

    @functools.cached_property
    def records(self) -> tuple[AccountRecord, ...]:
        """The accounts as models (built on first use)."""
        return account_records(self.accounts, self.account_rows)

    @property
    def index(self) -> dict[str, int]:
        """Account id -> row of the account table."""
        return self.table.index()


def _add(reads: list[tuple[str, Read]], name: str, read: Read) -> None:
    reads.append((name, read))


@dataclass(frozen=True)
class CleanupInputs:
    """The inputs of a cleanup (or of a check, :mod:`zwxmt.checks`) read and checked."""

    grid: MonthGrid
    accounts: pa.Table
    account_rows: I64
    table: AccountTable
    activity: Activity | None
    events: Events
    events_given: bool
    failures: Failures
    counts: tuple[SourceCount, ...]
    notices: tuple[str, ...]


def read_cleanup_inputs(accounts: Any, regions: RegionIndex, as_of: dt.date, *,
                        gap_days: int, first_month: str | None = None, posts: Any = None,
                        events: Any = None, profiles: Any = None, encoding: str | None = None,
                        batch_rows: int = 1 << 20) -> CleanupInputs:
    """Read accounts, profiles, posts (streamed) and events; compute the activity. No
    rulebook is needed but the no-update run length ``gap_days``."""
    if first_month is None:
        first_month = (as_of - relativedelta(months=12)).strftime("%Y-%m")
    grid = MonthGrid.between(first_month, as_of)
    reads: list[tuple[str, Read]] = []
    prof_table = prof_rows = prof_read = None
    if profiles is not None:
        prof_table, prof_rows, prof_read = read_profiles(profiles, encoding=encoding)
    got = read_accounts(accounts, regions, profiles=prof_table, encoding=encoding)
    table = got.table
    _add(reads, "accounts", got.read)
    if prof_table is not None and prof_read is not None and prof_rows is not None:
        bad, unknown = unknown_profiles(prof_table, prof_rows, table, source=prof_read.source)
        c = prof_read.counts
        _add(reads, "profiles", Read(Failures.concat([prof_read.failures, unknown]),
                                     Counts(c.read, c.used - int(bad.sum()),
                                            c.rejected + int(bad.sum())),
                                     prof_read.notices, prof_read.source))

    activity = None
    if posts is not None:
        pr = read_activity(posts, pa.array(table.account_id.astype(object), pa.string()),
                           table.opened, grid, gap_days=gap_days,
                           batch_rows=batch_rows, encoding=encoding)
        # a posts file without one accepted post tells nothing (a log that lists no post of
        # any account is indistinguishable from no log): the activity stays unknown
        activity = pr.activity if pr.counts.used else None
        _add(reads, "posts", Read(pr.failures, pr.counts, pr.notices, pr.source))

    ev = Events.empty()
    if events is not None:
        ev, ev_read = read_events(events, table, as_of, encoding=encoding)
        _add(reads, "events", ev_read)
    return CleanupInputs(grid, got.accounts, got.rows, table, activity, ev, events is not None,
                         Failures.concat(r.failures for _, r in reads),
                         tuple(SourceCount.of(n, r.counts) for n, r in reads),
                         tuple(n for _, r in reads for n in r.notices))


def prepare_cleanup(accounts: Any, regions: RegionIndex, as_of: dt.date, *,
                    first_month: str | None = None, posts: Any = None, events: Any = None,
                    profiles: Any = None, rulebook: str | Path = DEFAULT_RULEBOOK,
                    encoding: str | None = None, batch_rows: int = 1 << 20,
                    ) -> PreparedCleanup:
    """Read accounts, profiles, posts (streamed) and events; compute the activity (first half
    of :func:`run_cleanup`)."""
    book = load_rulebook(rulebook, on=as_of, part="cleanup")
    params = book.section(CleanupParams)
    got = read_cleanup_inputs(accounts, regions, as_of, gap_days=params.gap_days.value,
                              first_month=first_month, posts=posts, events=events,
                              profiles=profiles, encoding=encoding, batch_rows=batch_rows)
    return PreparedCleanup(as_of, params, got.grid, got.accounts, got.account_rows, got.table,
                           got.activity, got.events, got.failures, got.counts, got.notices,
                           book.stamp())


def finish_cleanup(prepared: PreparedCleanup, *, scores: Any = None, averages: Any = None,
                   score_grids: Scores | None = None,
                   given_averages: Mapping[tuple[str, str], float] | None = None,
                   encoding: str | None = None) -> CleanupRun:
    """History, peers, findings and recommendations (second half of :func:`run_cleanup`).

    Scores come either as a table (``scores``, the scoring engine's output) or as accounts x
    months grids already aligned with ``prepared`` (``score_grids``, see
    :func:`~zwxmt.cleanup.inputs.scores_from_columns`); province same-type averages either as
    a table (``averages``) or as a mapping ``(platform, YYYY-MM) -> value`` of the effect
    index (``given_averages``)."""
    if scores is not None and score_grids is not None:
        raise InputError("give the scores either as a table or as grids, not both")
    if averages is not None and given_averages is not None:
        raise InputError("give the averages either as a table or as a mapping, not both")
    params, grid, table = prepared.params, prepared.grid, prepared.table
    counts = list(prepared.counts)
    parts = [prepared.failures]
    notices = list(prepared.notices)
    op = total = None
    if scores is not None:
        sc, sc_read = read_scores(scores, table, grid, encoding=encoding)
        op, total = sc.operation_index, sc.total
        counts.append(SourceCount.of("scores", sc_read.counts))
        parts.append(sc_read.failures)
        notices += sc_read.notices
    elif score_grids is not None:
        op, total = score_grids.operation_index, score_grids.total

    history = History.build(table, grid, operation_index=op, total=total,
                            activity=prepared.activity)
    given = None if given_averages is None else dict(given_averages)
    if averages is not None:
        given, av_read = read_averages(averages, grid, params.peer_setting("effect_index"),
                                       encoding=encoding)
        counts.append(SourceCount.of("averages", av_read.counts))
        parts.append(av_read.failures)
        notices += av_read.notices
    peers = peer_stats(history, effect_index=params.peer_setting("effect_index"),
                       same_type=params.peer_setting("same_type"),
                       rank_scope=params.peer_setting("rank_scope"), averages=given)
    findings = evaluate(history, prepared.events, peers, params)
    recs = recommendations(findings, params, month_labels=grid.labels)
    return CleanupRun(prepared.as_of, params, prepared.accounts, prepared.account_rows, history,
                      prepared.activity,
                      peers, findings, tuple(recs), Failures.concat(parts), tuple(counts),
                      tuple(notices), prepared.stamp)


def run_cleanup(accounts: Any, regions: RegionIndex, as_of: dt.date, *,
                first_month: str | None = None, posts: Any = None, events: Any = None,
                scores: Any = None, averages: Any = None, profiles: Any = None,
                rulebook: str | Path = DEFAULT_RULEBOOK,
                encoding: str | None = None) -> CleanupRun:
    """Run the cleanup at ``as_of`` over the months from ``first_month`` (default: 12 months
    before ``as_of``'s month, 13 months in all). Every input is any tabular source (a path,
    a pyarrow/pandas/polars table, a mapping of columns), validated as files are."""
    prepared = prepare_cleanup(accounts, regions, as_of, first_month=first_month, posts=posts,
                               events=events, profiles=profiles, rulebook=rulebook,
                               encoding=encoding)
    return finish_cleanup(prepared, scores=scores, averages=averages, encoding=encoding)
