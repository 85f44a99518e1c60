"""The cleanup run (清理整合): inputs to activity, history, peers, findings, recommendations.

:func:`run_cleanup` takes the account registry and, optionally, posts, events, scores, province
averages and profiles (each as a header and rows), and returns a :class:`CleanupRun` with
every intermediate result and every rejected input row. It is :func:`prepare_cleanup` (inputs
and activity) followed by :func:`finish_cleanup` (scores, findings, measures); the main job
(:mod:`zwxmt.pipeline`) runs the two halves with the scoring engine in between.
:func:`run_cleanup_files` reads the same from files; :func:`zwxmt.examples.job.example_run` is
the main job's cleanup of the bundled example county (龙游县).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from dateutil.relativedelta import relativedelta

from zwxmt.activity.compute import Activity, MonthGrid, ReadPosts, compute_activity, prepare_posts
from zwxmt.cleanup.criteria import Findings, evaluate
from zwxmt.cleanup.history import AccountTable, Events, History, PeerStats, peer_stats
from zwxmt.cleanup.inputs import (
    AccountProfile,
    AccountRecord,
    Scores,
    account_table,
    read_accounts,
    read_averages,
    read_events,
    read_scores,
)
from zwxmt.cleanup.parameters import CleanupParams
from zwxmt.cleanup.recommend import Recommendation, recommendations
from zwxmt.errors import InputError
from zwxmt.io import Reject, read_optional_table
from zwxmt.regions import RegionIndex
from zwxmt.rulebook import DEFAULT_RULEBOOK, load_rulebook

__all__ = [
    "CleanupRun",
    "PreparedCleanup",
    "finish_cleanup",
    "prepare_cleanup",
    "run_cleanup",
    "run_cleanup_files",
]

Rows = tuple[Sequence[str], Sequence[Sequence[Any]]]

@dataclass(frozen=True)
class SourceCount:
    """Rows read from one input and how many were used."""

    name: str
    read: int
    processed: int

    @property
    def rejected(self) -> int:
        return self.read - self.processed

    def line(self) -> str:
        return (f"{self.name}: rows read = {self.read} = {self.processed} processed + "
                f"{self.rejected} rejected")


@dataclass(frozen=True)
class CleanupRun:
    """Everything a cleanup run produced."""

    as_of: dt.date
    params: CleanupParams
    records: tuple[AccountRecord, ...]
    history: History
    activity: Activity | None
    peers: PeerStats
    findings: Findings
    recommendations: tuple[Recommendation, ...]
    rejects: Mapping[str, tuple[Reject, ...]] = field(default_factory=dict)
    counts: tuple[SourceCount, ...] = ()

    def summary_lines(self) -> list[str]:
        return [c.line() for c in self.counts]

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


def _profiles(rows: Rows | None) -> tuple[dict[str, AccountProfile], list[Reject], int]:
    if rows is None:
        return {}, [], 0
    header, data = rows
    out: dict[str, AccountProfile] = {}
    rejects: list[Reject] = []
    for r, raw in enumerate(data, start=1):
        values = {h: v for h, v in zip(header, raw, strict=False) if v not in ("", None)}
        aid = str(values.pop("account_id", values.pop("账号编码", "")))
        if not aid:
            rejects.append(Reject(r, "account_id", "missing value: expected an account id"))
            continue
        if aid in out:
            rejects.append(Reject(r, "account_id", "profile given twice", aid))
            continue
        try:
            out[aid] = AccountProfile.model_validate(values)
        except ValueError as exc:
            rejects.append(Reject(r, "profile", str(exc).splitlines()[0], aid))
    return out, rejects, len(data)


@dataclass(frozen=True)
class PreparedCleanup:
    """The cleanup inputs read and checked, before any score is needed: the account table,
    the month grid, the activity from the posts and the events (:func:`prepare_cleanup`).

    The main job (:mod:`zwxmt.pipeline`) scores the accounts from this activity, then finishes
    the run with those scores (:func:`finish_cleanup`)."""

    as_of: dt.date
    params: CleanupParams
    grid: MonthGrid
    records: tuple[AccountRecord, ...]
    table: AccountTable
    activity: Activity | None
    events: Events
    rejects: Mapping[str, tuple[Reject, ...]]
    counts: tuple[SourceCount, ...]

    @property
    def index(self) -> dict[str, int]:
        """Account id -> row of the account table."""
        return self.table.index()


def prepare_cleanup(accounts: Rows, regions: RegionIndex, as_of: dt.date, *,
                    first_month: str | None = None, posts: Rows | None = None,
                    events: Rows | None = None, profiles: Rows | None = None,
                    rulebook: str | Path = DEFAULT_RULEBOOK) -> PreparedCleanup:
    """Read accounts, profiles, posts and events; compute the activity (first half of
    :func:`run_cleanup`)."""
    book = load_rulebook(rulebook, on=as_of, part="cleanup")
    params = book.section(CleanupParams)
    if first_month is None:
        first_month = (as_of - relativedelta(months=12)).strftime("%Y-%m")
    grid = MonthGrid.between(first_month, as_of)

    prof, prof_rejects, prof_read = _profiles(profiles)
    records, acc_rejects = read_accounts(accounts[0], accounts[1], regions, prof)
    unknown_prof = [Reject(0, "account_id", "profile of an account not in the registry", a)
                    for a in sorted(set(prof) - {r.account.account_id for r in records})]
    table = account_table(records, regions)
    index = table.index()
    counts = [SourceCount("accounts", len(accounts[1]), len(records))]
    rejects: dict[str, tuple[Reject, ...]] = {"accounts": tuple(acc_rejects)}
    if profiles is not None:
        counts.append(SourceCount("profiles", prof_read, len(prof) - len(unknown_prof)))
        rejects["profiles"] = tuple(sorted([*prof_rejects, *unknown_prof]))

    activity = None
    if posts is not None:
        read: ReadPosts = prepare_posts(posts[0], posts[1], index, as_of)
        # a posts file without one accepted post tells nothing (a log that lists no post of
        # any account is indistinguishable from no log): the activity stays unknown
        if len(read.posts):
            activity = compute_activity(read.posts, table.opened, grid,
                                        gap_days=params.gap_days.value)
        counts.append(SourceCount("posts", read.rows_read, len(read.posts)))
        rejects["posts"] = read.rejects

    ev = Events.empty()
    if events is not None:
        ev, ev_rejects = read_events(events[0], events[1], index, as_of)
        counts.append(SourceCount("events", len(events[1]), len(ev)))
        rejects["events"] = tuple(ev_rejects)
    return PreparedCleanup(as_of, params, grid, tuple(records), table, activity, ev, rejects,
                           tuple(counts))


def finish_cleanup(prepared: PreparedCleanup, *, scores: Rows | None = None,
                   averages: Rows | None = None, score_grids: Scores | None = None,
                   given_averages: Mapping[tuple[str, str], float] | None = None,
                   ) -> CleanupRun:
    """History, peers, findings and recommendations (second half of :func:`run_cleanup`).

    Scores come either as a table (``scores``, the scoring engine's output file) or as
    accounts x months grids already aligned with ``prepared`` (``score_grids``, see
    :func:`~zwxmt.cleanup.inputs.scores_from_columns`); province same-type averages either as
    a table (``averages``) or as a mapping ``(platform, YYYY-MM) -> value`` of the effect
    index (``given_averages``)."""
    if scores is not None and score_grids is not None:
        raise InputError("give the scores either as a table or as grids, not both")
    if averages is not None and given_averages is not None:
        raise InputError("give the averages either as a table or as a mapping, not both")
    params, grid, table = prepared.params, prepared.grid, prepared.table
    counts = list(prepared.counts)
    rejects = dict(prepared.rejects)
    op = total = None
    if scores is not None:
        sc, sc_rejects = read_scores(scores[0], scores[1], prepared.index, grid)
        op, total = sc.operation_index, sc.total
        counts.append(SourceCount("scores", sc.rows_read, sc.accepted))
        rejects["scores"] = tuple(sc_rejects)
    elif score_grids is not None:
        op, total = score_grids.operation_index, score_grids.total

    history = History.build(table, grid, operation_index=op, total=total,
                            activity=prepared.activity)
    given = None if given_averages is None else dict(given_averages)
    if averages is not None:
        given, av_rejects = read_averages(averages[0], averages[1], grid,
                                          params.effect_index.value)
        bad_rows = {r.row for r in av_rejects}
        counts.append(SourceCount("averages", len(averages[1]),
                                  len(averages[1]) - len(bad_rows)))
        rejects["averages"] = tuple(av_rejects)
    peers = peer_stats(history, effect_index=params.effect_index.value,
                       same_type=params.same_type.value, rank_scope=params.rank_scope.value,
                       averages=given)
    findings = evaluate(history, prepared.events, peers, params)
    recs = recommendations(findings, params, month_labels=grid.labels)
    return CleanupRun(prepared.as_of, params, prepared.records, history, prepared.activity,
                      peers, findings, tuple(recs), rejects, tuple(counts))


def run_cleanup(accounts: Rows, regions: RegionIndex, as_of: dt.date, *,
                first_month: str | None = None, posts: Rows | None = None,
                events: Rows | None = None, scores: Rows | None = None,
                averages: Rows | None = None, profiles: Rows | None = None,
                rulebook: str | Path = DEFAULT_RULEBOOK) -> CleanupRun:
    """Run the cleanup at ``as_of`` over the months from ``first_month`` (default: 12 months
    before ``as_of``'s month, 13 months in all)."""
    prepared = prepare_cleanup(accounts, regions, as_of, first_month=first_month, posts=posts,
                               events=events, profiles=profiles, rulebook=rulebook)
    return finish_cleanup(prepared, scores=scores, averages=averages)



def run_cleanup_files(accounts: str | Path, regions: RegionIndex, as_of: dt.date, *,
                      posts: str | Path | None = None, events: str | Path | None = None,
                      scores: str | Path | None = None, averages: str | Path | None = None,
                      profiles: str | Path | None = None, first_month: str | None = None,
                      rulebook: str | Path = DEFAULT_RULEBOOK) -> CleanupRun:
    """:func:`run_cleanup` on files (CSV, JSON lines or Parquet)."""
    read = read_optional_table
    acc = read(accounts)
    if acc is None:  # pragma: no cover - accounts is required
        raise InputError("no accounts file")
    return run_cleanup(acc, regions, as_of, first_month=first_month, posts=read(posts),
                       events=read(events), scores=read(scores), averages=read(averages),
                       profiles=read(profiles), rulebook=rulebook)
