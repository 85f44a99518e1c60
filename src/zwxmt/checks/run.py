"""A check run (抽查检查): every enabled item for every account, and the verdict.

One failing item makes the account 不合格 (单项否决); no failing item and every item decided
makes it 合格; no failing item but an item that could not be decided (an input not given)
leaves it 待定 (house rule 4: unknown is never a pass). Only the failing accounts' evidence is
rendered one by one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.activity.model import NO_DAY
from zwxmt.arrays import B
from zwxmt.checks.items import CheckContext, ItemOutcome
from zwxmt.checks.parameters import ChecksParams
from zwxmt.cleanup.history import History
from zwxmt.cleanup.pipeline import SourceCount, read_cleanup_inputs
from zwxmt.declarations import declarations
from zwxmt.regions import RegionIndex
from zwxmt.rulebook import Rulebook, load_rulebook
from zwxmt.rules import cite
from zwxmt.table.failures import Failures

__all__ = ["FAIL", "PASS", "PENDING", "CheckRun", "ItemResult", "evaluate_checks", "run_check"]

PASS, FAIL, PENDING = "合格", "不合格", "待定"

#: The no-update run length the activity is computed with when the rulebook enables no
#: ``no_update_days`` (``NAT-V2``: 2周); no item then reads the gaps.
_GAP_DAYS = 14
_GAP_RULE = cite("NAT-V2")


@dataclass(frozen=True)
class ItemResult:
    """One enabled item over all accounts."""

    code: str
    clause: str
    label_zh: str
    fails: B
    unknown: B
    why: npt.NDArray[np.object_]
    evidence: Mapping[str, npt.NDArray[Any]]


@dataclass(frozen=True)
class CheckRun:
    """The verdict of every account under a rulebook's checks."""

    as_of: dt.date
    params: ChecksParams
    account_ids: npt.NDArray[np.object_]
    items: tuple[ItemResult, ...]
    stamp: Mapping[str, str]
    failures: Failures = field(default_factory=Failures.empty)
    counts: tuple[SourceCount, ...] = ()
    notices: tuple[str, ...] = ()

    @property
    def failed(self) -> B:
        if not self.items:
            return np.zeros(len(self.account_ids), dtype=np.bool_)
        return np.asarray(np.column_stack([i.fails for i in self.items]).any(axis=1),
                          dtype=np.bool_)

    @property
    def pending(self) -> B:
        if not self.items:
            return np.zeros(len(self.account_ids), dtype=np.bool_)
        undecided = np.column_stack([i.unknown for i in self.items]).any(axis=1)
        return np.asarray(~self.failed & undecided, dtype=np.bool_)

    @property
    def verdict(self) -> npt.NDArray[np.object_]:
        return np.where(self.failed, FAIL, np.where(self.pending, PENDING, PASS)).astype(object)

    def failing_items(self) -> list[dict[str, Any]]:
        """One row per failing item of an account: its clause and evidence (the only place
        rows are rendered one by one)."""
        rows = []
        for item in self.items:
            for i in np.nonzero(item.fails)[0]:
                rows.append({"account_id": str(self.account_ids[i]), "item": item.code,
                             "clause": item.clause, "label_zh": item.label_zh,
                             "evidence": _evidence(item.evidence, int(i))})
        rows.sort(key=lambda r: (r["account_id"], r["item"]))
        return rows

    def table(self) -> dict[str, Any]:
        """Per account: verdict, failing items with clause, items not decided, consequence
        (whole columns; only the failing cells' evidence is rendered one by one)."""
        n = len(self.account_ids)
        failed = np.full(n, "", dtype=object)
        pending = np.full(n, "", dtype=object)
        for item in self.items:
            cell = np.full(n, "", dtype=object)
            rows = np.nonzero(item.fails)[0]
            cell[rows] = [f"{item.code} [{item.clause}]: {_evidence(item.evidence, int(i))}"
                          for i in rows]
            failed = _join(failed, cell)
            open_ = item.unknown & ~self.failed
            why = np.where(open_, f"{item.code} [{item.clause}]: " + item.why.astype(str), "")
            pending = _join(pending, why.astype(object))
        on_fail = self.params.on_fail
        consequence = f"{on_fail.action_zh}（{on_fail.cite}）" if on_fail else ""
        verdict = self.verdict
        return {
            "account_id": self.account_ids.astype(str),
            "verdict": verdict.astype(str),
            "failed_items": failed.astype(str),
            "not_evaluated": pending.astype(str),
            "consequence": np.where(verdict == FAIL, consequence, ""),
            "verdict_rule": np.full(n, self.params.verdict_rule),
            "as_of": np.full(n, self.as_of.isoformat()),
            **{k: np.full(n, v) for k, v in self.stamp.items()},
        }

    def summary_lines(self) -> list[str]:
        v = self.verdict
        lines = [c.line() for c in self.counts]
        lines.append(f"{self.params.title_zh}: {len(v)} accounts: {PASS} {int((v == PASS).sum())}"
                     f", {FAIL} {int((v == FAIL).sum())}, {PENDING} {int((v == PENDING).sum())}"
                     f" ({self.params.verdict_rule}: one failing item is {FAIL})")
        for item in self.items:
            lines.append(f"  {item.code} [{item.clause}] {item.label_zh}: "
                         f"{int(item.fails.sum())} failing, {int(item.unknown.sum())} not "
                         "evaluated")
        return lines


def _join(left: npt.NDArray[np.object_], right: npt.NDArray[np.object_]
          ) -> npt.NDArray[np.object_]:
    """Cell by cell ``left; right``, either side possibly empty."""
    both = (left != "") & (right != "")
    out: npt.NDArray[np.object_] = np.where(both, left + "; " + right,
                                            np.where(left == "", right, left))
    return out


def _evidence(evidence: Mapping[str, npt.NDArray[Any]], i: int) -> str:
    parts = []
    for key, values in evidence.items():
        v = values[i]
        if isinstance(v, (np.integer, int)) and key.startswith(("last", "host_changed")):
            v = "-" if int(v) == NO_DAY else str(np.datetime64(int(v), "D"))
        elif isinstance(v, (np.floating, float)):
            v = "unknown" if np.isnan(v) else f"{float(v):g}"
        elif isinstance(v, (np.bool_, bool)):
            v = "yes" if v else "no"
        parts.append(f"{key}={v}")
    return ", ".join(parts)


def evaluate_checks(ctx: CheckContext, params: ChecksParams) -> tuple[ItemResult, ...]:
    decls = declarations()
    out = []
    for code in params.enabled_checks:
        decl = decls[code]
        assert decl.fn is not None
        got: ItemOutcome = decl.fn(ctx, params)
        why = np.full(ctx.n, "", dtype=object)
        unknown = np.zeros(ctx.n, dtype=np.bool_)
        for reason, mask in got.unknown.items():
            mask = np.broadcast_to(np.asarray(mask, dtype=np.bool_), (ctx.n,))
            why[mask] = np.where(why[mask] == "", reason, why[mask] + "; " + reason)
            unknown |= mask
        fails = np.asarray(got.fails, dtype=np.bool_) & ~unknown
        out.append(ItemResult(code, params.enabled[code], decl.label_zh, fails, unknown, why,
                              got.evidence))
    return tuple(out)


def run_check(accounts: Any, regions: RegionIndex, as_of: dt.date, *,
              rulebook: str | Path | Rulebook, posts: Any = None, events: Any = None,
              profiles: Any = None, first_month: str | None = None,
              encoding: str | None = None) -> CheckRun:
    """Read the inputs as ``zwxmt cleanup`` does (any tabular source: a path, an Arrow,
    pandas or polars table, a mapping of columns) and run the rulebook's checks at ``as_of``."""
    book = rulebook if isinstance(rulebook, Rulebook) else \
        load_rulebook(rulebook, on=as_of, part="checks")
    params = book.section(ChecksParams)
    gap_days = params.value("no_update_days") if params.no_update_days else _GAP_DAYS
    got = read_cleanup_inputs(accounts, regions, as_of, gap_days=gap_days,
                              first_month=first_month, posts=posts, events=events,
                              profiles=profiles, encoding=encoding)
    history = History.build(got.table, got.grid, activity=got.activity)
    ctx = CheckContext(history, got.events, got.events_given, as_of)
    items = evaluate_checks(ctx, params)
    return CheckRun(as_of, params, history.accounts.account_id, items, book.stamp(),
                    got.failures, got.counts, got.notices)
