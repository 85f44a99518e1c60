"""Review findings (审核发现): what a check found, where, under which rule, how serious.

Every check of :mod:`zwxmt.review` reports its results as findings: the finding ``code`` (a
stable English name), the ``rule`` it breaks (a citation id of the catalogue), the severity
(严重 serious / 一般 general, a rulebook parameter per code), the account, the period (YYYY-MM),
the subject (a post, message or account id) and the evidence in words. A batch keeps them as a
columnar :class:`FindingTable` (numpy arrays), so an audit of a million posts never builds a
Python object per post.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from zwxmt import display, months
from zwxmt.rules import cite
from zwxmt.table import TableResult, table_from_columns

__all__ = [
    "CODES",
    "FINDING_COLUMNS",
    "Finding",
    "FindingCode",
    "FindingTable",
    "Severity",
]


class Severity(StrEnum):
    """How serious a finding is: 严重 (serious) or 一般 (general)."""

    SERIOUS = "serious"
    GENERAL = "general"

    @property
    def zh(self) -> str:
        return {"serious": "严重", "general": "一般"}[self.value]


@dataclass(frozen=True)
class FindingCode:
    """A kind of finding: its code, the clause it enforces and a Chinese title."""

    code: str
    rule: str
    zh: str
    area: str


def _code(code: str, rule: str, zh: str, area: str) -> FindingCode:
    return FindingCode(code, cite(rule), zh, area)


#: Every kind of finding, with the clause it enforces. Severities are rulebook data.
CODES: Mapping[str, FindingCode] = {c.code: c for c in (
    # 三审 (ZJG-8.2.1, ZJG-8.2.1-roles) and the seven elements (ZJG-8.2.2)
    _code("review_incomplete", "ZJG-8.2.1", "未经三审即发布", "review"),
    _code("review_out_of_order", "ZJG-8.2.1", "三审顺序错误或退回后未重审", "review"),
    _code("review_wrong_role", "ZJG-8.2.1-roles", "审核人员角色不符", "review"),
    _code("review_same_person", "ZJG-8.2.1-roles", "不同审级由同一人审核", "review"),
    _code("element_political", "ZJG-8.2.2(1)", "政治要素未确认", "review"),
    _code("element_policy", "ZJG-8.2.2(2)", "政策要素未确认", "review"),
    _code("element_business", "ZJG-8.2.2(3)", "业务要素未确认", "review"),
    _code("element_legal", "ZJG-8.2.2(4)", "法律要素未确认", "review"),
    _code("element_textual", "ZJG-8.2.2(5)", "文字要素未确认", "review"),
    _code("element_confidentiality", "ZJG-8.2.2(6)", "保密要素未确认", "review"),
    _code("element_public_opinion", "ZJG-8.2.2(7)", "舆情要素未确认", "review"),
    # content (ZJG-7.1-sources, ZJG-8.1.2, ZJG-7.1-opinion-ads, health index inputs)
    _code("repost_without_source", "ZJG-8.1.2", "转载未标注来源", "content"),
    _code("repost_unapproved_source", "ZJG-7.1-sources", "转载非规定稿源", "content"),
    _code("advertising_link", "ZJG-7.1-opinion-ads", "链接商业广告页面", "content"),
    _code("advertising_text", "ZJG-7.1-opinion-ads", "刊登商业广告", "content"),
    _code("personal_opinion", "ZJG-7.1-opinion-ads", "发布个人观点、意见及情绪", "content"),
    _code("serious_expression_error", "ZJG-9.2-T2-health", "严重表述错误", "content"),
    _code("general_expression_error", "ZJG-9.2-T2-health", "一般表述错误", "content"),
    # interaction (ZJG-7.3.3, HN-3.2)
    _code("reply_overdue", "ZJG-7.3.3", "留言逾期回复", "interaction"),
    _code("no_reply", "ZJG-7.3.3", "留言逾期未回复", "interaction"),
    _code("low_response_rate", "ZJG-6.1.2-disqualify", "互动回应差", "interaction"),
    _code("interaction_closed", "HN-3.2", "关闭留言、评论或私信功能", "interaction"),
    # entrusted operation (ZJO-2.4, ZJG-5.2.5)
    _code("operator_not_qualified", "ZJO-2.4", "受委托方不符合条件", "entrusted"),
    _code("operator_subcontracts", "ZJO-2.4", "受委托方再次转包", "entrusted"),
    _code("operator_rights_not_agreed", "ZJG-5.2.5", "未明确约定权责", "entrusted"),
    _code("operator_no_confidentiality", "ZJG-5.2.5", "未签订保密协议", "entrusted"),
    # security items and supervision (ZJG-6.1.1-security, LN-3.3-password, LN-3.4-fans)
    _code("password_custody_missing", "LN-3.3-password", "无账号及密码保管机制", "security"),
    _code("handover_missing", "ZJG-6.1.1-security", "无工作交接机制", "security"),
    _code("duty_rota_missing", "ZJG-6.1.1-security", "无值班值守机制", "security"),
    _code("bought_fans", "LN-3.4-fans", "购买粉丝等数据造假", "security"),
    _code("forced_likes", "LN-3.4-fans", "强制下载、点赞、转发", "security"),
)}

#: Column order of a findings table (CSV / JSON lines output).
FINDING_COLUMNS: tuple[str, ...] = (
    "code", "rule", "severity", "veto_candidate", "account_id", "period", "subject",
    "evidence", "title_zh",
)


@dataclass(frozen=True)
class Finding:
    """One finding: the code, its rule, severity, where (account, period, subject), evidence."""

    code: str
    rule: str
    severity: Severity
    account_id: str
    period: str
    subject: str
    evidence: str
    veto_candidate: bool = False

    @property
    def title_zh(self) -> str:
        return CODES[self.code].zh

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "rule": self.rule, "severity": self.severity.value,
            "veto_candidate": self.veto_candidate, "account_id": self.account_id,
            "period": self.period, "subject": self.subject, "evidence": self.evidence,
            "title_zh": self.title_zh,
        }


def _obj(values: Iterable[Any] | npt.NDArray[Any], n: int) -> npt.NDArray[np.object_]:
    out = np.empty(n, dtype=object)
    out[:] = values if isinstance(values, np.ndarray) else list(values)
    return out


class FindingTable(TableResult):
    """Findings as columns (one numpy array per field of :class:`Finding`).

    Also a table (:class:`~zwxmt.table.TableResult`): :meth:`to_arrow`, ``to_pandas()``,
    ``to_polars()`` and the Arrow C stream, one row per finding keyed by ``account_id``,
    ``period`` (a month of :mod:`zwxmt.months`, shown ``YYYY-MM``; null for a finding of no
    period), ``subject`` and ``code``.
    """

    def __repr__(self) -> str:
        return display.finding_table_text(self)

    def _repr_html_(self) -> str:
        return display.finding_table_html(self)

    def __init__(self, columns: Mapping[str, npt.NDArray[Any]]) -> None:
        n = len(columns["code"]) if "code" in columns else 0
        missing = set(FINDING_COLUMNS) - set(columns) - {"title_zh"}
        if missing:
            raise ValueError(f"findings table lacks columns {sorted(missing)}")
        self.columns: dict[str, npt.NDArray[Any]] = {
            k: np.asarray(columns[k]) for k in FINDING_COLUMNS if k != "title_zh"}
        for name, col in self.columns.items():
            if len(col) != n:
                raise ValueError(f"column {name!r} has {len(col)} rows, expected {n}")

    @classmethod
    def empty(cls) -> FindingTable:
        cols = {k: np.empty(0, dtype=object) for k in FINDING_COLUMNS if k != "title_zh"}
        cols["veto_candidate"] = np.empty(0, dtype=np.bool_)
        return cls(cols)

    @classmethod
    def build(
        cls, *, code: str | npt.NDArray[Any], severity: Mapping[str, Severity],
        account_id: npt.NDArray[Any], period: npt.NDArray[Any], subject: npt.NDArray[Any],
        evidence: npt.NDArray[Any] | str, veto: frozenset[str] = frozenset(),
    ) -> FindingTable:
        """Columns for ``n`` findings; ``code`` and ``evidence`` may be one value for all."""
        n = len(account_id)
        codes = np.full(n, code, dtype=object) if isinstance(code, str) else _obj(code, n)
        uniq = {str(c) for c in set(codes.tolist())}
        for c in uniq:
            if c not in CODES:
                raise KeyError(f"unknown finding code {c!r}")
        rule_of = {c: CODES[c].rule for c in uniq}
        sev_of = {c: severity[c].value for c in uniq}
        if len(uniq) == 1:
            only = next(iter(uniq))
            rules = np.full(n, rule_of[only], dtype=object)
            sevs = np.full(n, sev_of[only], dtype=object)
            vetoes = np.full(n, only in veto, dtype=np.bool_)
        else:
            names = np.array(sorted(uniq), dtype=object)
            idx = np.searchsorted(names, codes)
            rules = np.array([rule_of[c] for c in names], dtype=object)[idx]
            sevs = np.array([sev_of[c] for c in names], dtype=object)[idx]
            vetoes = np.array([c in veto for c in names], dtype=np.bool_)[idx]
        ev = np.full(n, evidence, dtype=object) if isinstance(evidence, str) else \
            _obj(evidence, n)
        return cls({
            "code": codes, "rule": rules, "severity": sevs, "veto_candidate": vetoes,
            "account_id": _obj(account_id, n), "period": _obj(period, n),
            "subject": _obj(subject, n), "evidence": ev,
        })

    @classmethod
    def concat(cls, tables: Sequence[FindingTable]) -> FindingTable:
        if not tables:
            return cls.empty()
        return cls({k: np.concatenate([t.columns[k] for t in tables])
                    for k in FINDING_COLUMNS if k != "title_zh"})

    @classmethod
    def from_findings(cls, findings: Iterable[Finding]) -> FindingTable:
        items = list(findings)
        if not items:
            return cls.empty()
        cols: dict[str, npt.NDArray[Any]] = {}
        for k in FINDING_COLUMNS:
            if k == "title_zh":
                continue
            vals = [f.as_dict()[k] for f in items]
            cols[k] = np.array(vals, dtype=np.bool_ if k == "veto_candidate" else object)
        return cls(cols)

    def __len__(self) -> int:
        return len(self.columns["code"])

    def __iter__(self) -> Iterator[Finding]:
        c = self.columns
        for i in range(len(self)):
            yield Finding(
                code=str(c["code"][i]), rule=str(c["rule"][i]),
                severity=Severity(c["severity"][i]), account_id=str(c["account_id"][i]),
                period=str(c["period"][i]), subject=str(c["subject"][i]),
                evidence=str(c["evidence"][i]), veto_candidate=bool(c["veto_candidate"][i]))

    def sorted(self) -> FindingTable:
        """Ordered by account, period, subject and code (a stable, reproducible report)."""
        c = self.columns
        order = np.lexsort(tuple(c[k].astype(str) for k in
                                 ("code", "subject", "period", "account_id")))
        return FindingTable({k: v[order] for k, v in c.items()})

    def where(self, mask: npt.NDArray[np.bool_]) -> FindingTable:
        return FindingTable({k: v[mask] for k, v in self.columns.items()})

    def count_by_code(self) -> dict[str, int]:
        codes, counts = np.unique(self.columns["code"].astype(str), return_counts=True)
        return {str(k): int(v) for k, v in zip(codes, counts, strict=True)}

    def to_arrow(self) -> pa.Table:
        cols: dict[str, Any] = {}
        for name, values in self.as_columns().items():
            if name == "period":
                ordinals, ok = months.parse_array(values.astype(str))
                cols[name] = pa.array(ordinals.astype(np.int32), pa.int32(), mask=~ok)
            elif name == "veto_candidate":
                cols[name] = pa.array(values.astype(np.bool_), pa.bool_())
            else:
                cols[name] = pa.array(values.astype(str), pa.string())
        return table_from_columns(cols, month_columns=("period",))

    def as_columns(self) -> dict[str, npt.NDArray[Any]]:
        """Columns for :func:`zwxmt.io.write_table`, with the Chinese title of each code."""
        out = dict(self.columns)
        # one lookup per distinct code, spread back to the rows
        codes, at = np.unique(self.columns["code"].astype(str), return_inverse=True)
        titles = np.array([CODES[c].zh for c in codes.tolist()], dtype=object)
        out["title_zh"] = titles[at.reshape(-1)]
        return {k: out[k] for k in FINDING_COLUMNS}
