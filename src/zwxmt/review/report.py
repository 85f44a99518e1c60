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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zwxmt import months
from zwxmt.review.audit import ReviewAudit, audit_reviews
from zwxmt.review.content import ContentResult, check_content
from zwxmt.review.entrusted import OPERATOR_FACTS, check_inspection, check_operator
from zwxmt.review.findings import Finding, FindingTable
from zwxmt.review.inputs import Loaded, ReviewInputs, load_inputs
from zwxmt.review.interaction import InteractionResult, check_interaction, check_settings
from zwxmt.review.lexicon import Engine
from zwxmt.review.logs import PostLog
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.rules import cite
from zwxmt.table import Failures, TableResult, table_from_columns

__all__ = [
    "SUMMARY_COLUMNS",
    "ReviewInputs",
    "ReviewReport",
    "ReviewSummary",
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


class ReviewSummary(Mapping[str, npt.NDArray[Any]], TableResult):
    """One row per (account, month) with the health-index inputs (审核汇总), keyed by
    ``account_id`` and ``period``.

    A read-only mapping of column name -> numpy array (``summary["serious_errors"]``), and a
    table: :meth:`to_arrow` (``period`` a month of :mod:`zwxmt.months`, shown ``YYYY-MM``;
    a response rate with nothing due is null), ``to_pandas()``, ``to_polars()`` and the Arrow
    C stream. :meth:`health_inputs` keeps the scoring contract's five columns.
    """

    def __init__(self, columns: Mapping[str, npt.NDArray[Any]]) -> None:
        self.columns: dict[str, npt.NDArray[Any]] = dict(columns)

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        return self.columns[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    @property
    def num_rows(self) -> int:
        return len(self.columns["account_id"]) if "account_id" in self.columns else 0

    def health_inputs(self) -> ReviewSummary:
        """The health-index inputs per account-month (``ZJG-9.2-T2-health``): the columns the
        scoring engine reads."""
        return ReviewSummary({k: self.columns[k] for k in SUMMARY_COLUMNS[:5]})

    def to_arrow(self) -> pa.Table:
        cols: dict[str, Any] = {}
        for name, values in self.columns.items():
            if name == "period":
                ordinals, ok = months.parse_array(values)
                cols[name] = pa.array(ordinals.astype(np.int32), pa.int32(), mask=~ok)
            elif values.dtype.kind == "f":
                cols[name] = pa.array(values, pa.float64(), mask=np.isnan(values))
            elif values.dtype.kind == "O":
                cols[name] = pa.array(values.astype(str), pa.string())
            else:
                cols[name] = values
        return table_from_columns(cols, month_columns=("period",))


@dataclass(frozen=True)
class ReviewReport:
    """Findings of every check, the per-account-period summary and how it was computed."""

    findings: FindingTable
    summary: ReviewSummary
    audit: ReviewAudit | None
    content: ContentResult
    interaction: InteractionResult | None
    engine: str
    as_of: dt.date
    #: What each input loaded, when :func:`run_review` read the inputs itself.
    loaded: tuple[Loaded, ...] = ()

    @property
    def failures(self) -> Failures:
        """The failure cases of the inputs :func:`run_review` read (empty for typed logs)."""
        return Failures.concat([item.failures for item in self.loaded])

    @property
    def health_inputs(self) -> ReviewSummary:
        """The audit's health-index inputs per account-month (see :class:`ReviewSummary`)."""
        return self.summary.health_inputs()


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


def _group_keys(accounts: list[npt.NDArray[Any]], month_keys: list[npt.NDArray[np.int64]]
                ) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64], list[npt.NDArray[np.int64]]]:
    """A shared (account, month) coding: the accounts, the first month, and keys per input."""
    sizes = [len(a) for a in accounts]
    allacc = (np.concatenate([a.astype(str) for a in accounts]) if sum(sizes)
              else np.empty(0, dtype=str))
    uacc, inv = np.unique(allacc, return_inverse=True)
    inv = inv.reshape(-1)
    allm = np.concatenate(month_keys) if sum(sizes) else np.empty(0, dtype=np.int64)
    m0 = int(allm.min()) if len(allm) else 0
    nm = int(allm.max()) - m0 + 1 if len(allm) else 1
    keys, start = [], 0
    for size, mon in zip(sizes, month_keys, strict=True):
        keys.append(inv[start:start + size].astype(np.int64) * nm + (mon - m0))
        start += size
    return uacc, np.array([m0, nm], dtype=np.int64), keys


def account_period_summary(posts: PostLog, *, serious: npt.NDArray[np.int64],
                           general: npt.NDArray[np.int64],
                           flagged: npt.NDArray[np.bool_] | None = None,
                           interaction: InteractionResult | None = None,
                           findings: FindingTable | None = None) -> ReviewSummary:
    """One row per (account, month) seen in posts or messages, with the health-index inputs."""
    pm = months.of_days(posts.published_at.astype("datetime64[D]"))
    accounts = [posts.account_id]
    month_keys = [pm]
    g = interaction.groups if interaction is not None else None
    if g is not None and len(g["account_id"]):
        accounts.append(g["account_id"])
        month_keys.append(months.parse_array(g["period"])[0])
    uacc, (m0, nm), keys = _group_keys(accounts, month_keys)
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
    labels = months.labels(np.arange(int(m0), int(m0) + int(nm))).astype(object)
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
    return ReviewSummary({k: out[k] for k in SUMMARY_COLUMNS})


def run_review(inputs: ReviewInputs | Mapping[str, Any], params: ReviewParameters | None = None,
               *, as_of: dt.date | None = None, engine: Engine = "auto") -> ReviewReport:
    """Run every check the inputs allow; findings sorted by account, period and subject.

    ``inputs`` is the typed :class:`ReviewInputs`, or a mapping of role (``posts``,
    ``reviews``, ``messages``, ``lexicon``, ``accounts``, ``inspection``) to any tabular
    source (a path, pyarrow, pandas, polars, a mapping of columns), validated exactly as files
    are (:func:`~zwxmt.review.inputs.load_inputs`); the report then carries what each input
    loaded (``report.loaded``, ``report.failures``).
    """
    p = params if params is not None else review_parameters()
    loaded: tuple[Loaded, ...] = ()
    if not isinstance(inputs, ReviewInputs):
        typed, got = load_inputs(inputs, p, as_of=as_of)
        inputs, loaded = typed, tuple(got)
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
    operators = {a.account_id: a.operator for a in inputs.accounts if a.operator is not None}
    operators.update(inputs.operators or {})
    for account_id, operator in operators.items():  # a register of accounts, not a hot path
        op = operator
        known = (inputs.operator_facts or {}).get(account_id, OPERATOR_FACTS)
        if account_id in facts:
            op = facts[account_id].applied_to(op)
            known = known | facts[account_id].facts()
        found.extend(check_operator(account_id, op, p, period=period, known=known))
    for inspection in inputs.inspections:
        found.extend(check_inspection(inspection, p, period=period))
    tables.append(FindingTable.from_findings(found))
    findings = FindingTable.concat(tables).sorted()
    summary = account_period_summary(
        inputs.posts, serious=content.serious, general=content.general,
        flagged=audit.flagged if audit is not None else None, interaction=interaction,
        findings=findings)
    return ReviewReport(findings, summary, audit, content, interaction, content.engine, day,
                        loaded)
