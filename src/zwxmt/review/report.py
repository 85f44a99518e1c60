"""One review audit over all inputs, and the per-account-period figures it yields.

:func:`run_review` runs every check that its inputs allow: the 三审 audit (posts and reviews),
the content checks (posts, with the lexicon), the interaction check (messages, settings),
entrusted operation (accounts with operators, inspection facts) and the security and
supervision items of inspections. It returns all findings and :func:`account_period_summary`:
one row per account and month with the raw health-index inputs of ``ZJG-9.2-T2-health``,
under the column names the scoring engine reads: ``serious_errors`` (严重表述错误),
``general_errors`` (一般表述错误) and ``poor_responses`` (互动回应差).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from zwxmt.models import Account
from zwxmt.review.audit import ReviewAudit, audit_reviews
from zwxmt.review.content import ContentResult, check_content
from zwxmt.review.entrusted import (
    OPERATOR_FACTS,
    Inspection,
    check_inspection,
    check_operator,
)
from zwxmt.review.findings import Finding, FindingTable
from zwxmt.review.interaction import (
    InteractionResult,
    InteractionSettings,
    check_interaction,
    check_settings,
)
from zwxmt.review.lexicon import Engine, Lexicon
from zwxmt.review.logs import MessageLog, PostLog, ReviewLog
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.rules import cite

__all__ = [
    "SUMMARY_COLUMNS",
    "ReviewInputs",
    "ReviewReport",
    "account_period_summary",
    "run_review",
]

RULE_HEALTH = cite("ZJG-9.2-T2-health")

#: Columns of the per-account-period summary (the first five are the scoring contract).
SUMMARY_COLUMNS: tuple[str, ...] = (
    "account_id", "period", "serious_errors", "general_errors", "poor_responses", "posts",
    "posts_review_flagged", "messages_received", "messages_due", "replied_on_time",
    "response_rate", "veto_candidate",
)


@dataclass(frozen=True)
class ReviewInputs:
    """Everything a review audit can read; only the posts are required."""

    posts: PostLog
    reviews: ReviewLog | None = None
    messages: MessageLog | None = None
    lexicon: Lexicon | None = None
    accounts: tuple[Account, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    settings: InteractionSettings | None = None
    #: account id -> the operator facts its register records (absent: all of them)
    operator_facts: dict[str, frozenset[str]] | None = None


@dataclass(frozen=True)
class ReviewReport:
    """Findings of every check, the per-account-period summary and how it was computed."""

    findings: FindingTable
    summary: dict[str, npt.NDArray[Any]]
    audit: ReviewAudit | None
    content: ContentResult
    interaction: InteractionResult | None
    engine: str
    as_of: dt.date


def _latest(inputs: ReviewInputs) -> dt.date:
    days: list[np.datetime64] = []
    if len(inputs.posts):
        days.append(inputs.posts.published_at.max().astype("datetime64[D]"))
    m = inputs.messages
    if m is not None and len(m):
        days.append(m.received_at.max().astype("datetime64[D]"))
        replied = m.replied_at[~np.isnat(m.replied_at)]
        if len(replied):
            days.append(replied.max().astype("datetime64[D]"))
    if not days:  # nothing to audit: any day in force gives the same empty answer
        return dt.date(2023, 1, 1)
    latest: dt.date = max(days).astype(dt.date)
    return latest


def _group_keys(accounts: list[npt.NDArray[Any]], months: list[npt.NDArray[np.int64]]
                ) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64], list[npt.NDArray[np.int64]]]:
    """A shared (account, month) coding: the accounts, the first month, and keys per input."""
    sizes = [len(a) for a in accounts]
    allacc = (np.concatenate([a.astype(str) for a in accounts]) if sum(sizes)
              else np.empty(0, dtype=str))
    uacc, inv = np.unique(allacc, return_inverse=True)
    inv = inv.reshape(-1)
    allm = np.concatenate(months) if sum(sizes) else np.empty(0, dtype=np.int64)
    m0 = int(allm.min()) if len(allm) else 0
    nm = int(allm.max()) - m0 + 1 if len(allm) else 1
    keys, start = [], 0
    for size, mon in zip(sizes, months, strict=True):
        keys.append(inv[start:start + size].astype(np.int64) * nm + (mon - m0))
        start += size
    return uacc, np.array([m0, nm], dtype=np.int64), keys


def account_period_summary(posts: PostLog, *, serious: npt.NDArray[np.int64],
                           general: npt.NDArray[np.int64],
                           flagged: npt.NDArray[np.bool_] | None = None,
                           interaction: InteractionResult | None = None,
                           findings: FindingTable | None = None) -> dict[str, npt.NDArray[Any]]:
    """One row per (account, month) seen in posts or messages, with the health-index inputs."""
    pm = posts.published_at.astype("datetime64[M]").astype(np.int64)
    accounts = [posts.account_id]
    months = [pm]
    g = interaction.groups if interaction is not None else None
    if g is not None and len(g["account_id"]):
        accounts.append(g["account_id"])
        months.append(np.array(g["period"].astype("datetime64[M]"), dtype="datetime64[M]"
                               ).astype(np.int64))
    uacc, (m0, nm), keys = _group_keys(accounts, months)
    size = max(len(uacc) * int(nm), 1)

    def add(key: npt.NDArray[np.int64], w: npt.NDArray[Any] | None) -> npt.NDArray[np.int64]:
        return np.bincount(key, weights=None if w is None else w.astype(np.float64),
                           minlength=size).astype(np.int64)

    present = add(keys[0], None)
    cols: dict[str, npt.NDArray[np.int64]] = {
        "posts": present,
        "posts_review_flagged": add(keys[0], flagged) if flagged is not None
        else np.zeros(size, np.int64),
        "serious_errors": add(keys[0], serious),
        "general_errors": add(keys[0], general),
    }
    zero = np.zeros(size, dtype=np.int64)
    cols.update(messages_received=zero.copy(), messages_due=zero.copy(),
                replied_on_time=zero.copy(), poor_responses=zero.copy())
    if g is not None and len(keys) > 1:
        k = keys[1]
        cols["messages_received"][k] = g["received"]
        cols["messages_due"][k] = g["due"]
        cols["replied_on_time"][k] = g["on_time"]
        cols["poor_responses"][k] = g["poor_responses"]
        present = present + np.bincount(k, minlength=size)
    used = np.flatnonzero(present > 0)
    labels = np.array([str(np.datetime64(int(m0) + i, "M")) for i in range(int(nm))],
                      dtype=object)
    out: dict[str, npt.NDArray[Any]] = {
        "account_id": uacc[used // nm].astype(object), "period": labels[used % nm]}
    for name in SUMMARY_COLUMNS[2:]:
        if name in cols:
            out[name] = cols[name][used]
    due = out["messages_due"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["response_rate"] = np.where(due > 0, out["replied_on_time"] / np.maximum(due, 1),
                                        np.nan)
    veto = np.zeros(len(used), dtype=np.bool_)
    if findings is not None and len(findings):
        f = findings.columns
        hit = f["veto_candidate"].astype(bool)
        pairs = {(str(a), str(p)) for a, p in zip(f["account_id"][hit], f["period"][hit],
                                                  strict=True)}
        veto = np.array([(str(a), str(p)) in pairs for a, p in
                         zip(out["account_id"], out["period"], strict=True)], dtype=np.bool_)
    out["veto_candidate"] = veto
    return {k: out[k] for k in SUMMARY_COLUMNS}


def run_review(inputs: ReviewInputs, params: ReviewParameters | None = None, *,
               as_of: dt.date | None = None, engine: Engine = "auto") -> ReviewReport:
    """Run every check the inputs allow; findings sorted by account, period and subject."""
    p = params if params is not None else review_parameters()
    day = as_of if as_of is not None else _latest(inputs)
    period = f"{day.year:04d}-{day.month:02d}"
    tables: list[FindingTable] = []
    audit = None
    if inputs.reviews is not None:
        audit = audit_reviews(inputs.posts, inputs.reviews, p)
        tables.append(audit.findings())
    content = check_content(inputs.posts, inputs.lexicon, p, engine=engine)
    tables.append(content.findings)
    interaction = None
    if inputs.messages is not None:
        interaction = check_interaction(inputs.messages, p, as_of=day)
        tables.append(interaction.findings)
    if inputs.settings is not None:
        tables.append(check_settings(inputs.settings, p, period=period))
    facts = {i.account_id: i for i in inputs.inspections}
    found: list[Finding] = []
    for account in inputs.accounts:  # a register of accounts, not a hot path
        if account.operator is not None:
            op = account.operator
            known = (inputs.operator_facts or {}).get(account.account_id, OPERATOR_FACTS)
            if account.account_id in facts:
                op = facts[account.account_id].applied_to(op)
                known = known | facts[account.account_id].facts()
            found.extend(check_operator(account.account_id, op, p, period=period,
                                        known=known))
    for inspection in inputs.inspections:
        found.extend(check_inspection(inspection, p, period=period))
    tables.append(FindingTable.from_findings(found))
    findings = FindingTable.concat(tables).sorted()
    summary = account_period_summary(
        inputs.posts, serious=content.serious, general=content.general,
        flagged=audit.flagged if audit is not None else None, interaction=interaction,
        findings=findings)
    return ReviewReport(findings, summary, audit, content, interaction, content.engine, day)
