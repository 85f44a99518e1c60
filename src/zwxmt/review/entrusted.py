"""Entrusted operation (委托运营) and the security items of an account (安全保障).

- ``ZJO-2.4``: 受委托方应为主办单位下属企事业单位，或主流新闻媒体、具有互联网新闻信息
  采编发布服务资质的主流新闻网站等。不得将内容运营业务外包给社会组织、社会企业等无新闻采编
  发布服务资质的单位，合规受委托方不得将内容运营业务再次转包。双方须明确约定有关权责，
  签订保密协议。
- ``ZJG-5.2.5``: the same for 第三方运营机构 (需与主办单位明确约定有关权责，签订保密协议).
- ``ZJG-6.1.1-security``: 账号及密码保管机制、工作交接机制、值班值守机制等 (items of 表1);
  ``LN-3.3-password``: 加强对账号密码的安全管理 (``LN-3.3``: 落实安全管理责任).
- ``LN-3.4-fans`` (also ``HN-4.4-fans``): 严禁购买“粉丝”等数据造假行为，不得强制要求群众下载使用
  移动客户端或点赞、转发信息, checked where an inspection records it.

These checks run per account (a register of accounts is small); they read the foundation's
:class:`~zwxmt.models.Operator` and :class:`~zwxmt.models.OpeningApplication`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zwxmt.models import Account, OpeningApplication, Operator
from zwxmt.review.findings import CODES, Finding, FindingTable
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.rules import cite

__all__ = [
    "OPERATOR_FACTS",
    "Inspection",
    "check_accounts",
    "check_application",
    "check_inspection",
    "check_operator",
    "check_security_items",
]

RULE_ENTRUST = cite("ZJO-2.4")
RULE_OPERATOR = cite("ZJG-5.2.5")
RULE_SECURITY = cite("ZJG-6.1.1-security")
RULE_PASSWORD = cite("LN-3.3-password")
RULE_FANS = cite("LN-3.4-fans")


def _finding(code: str, p: ReviewParameters, account_id: str, period: str, subject: str,
             evidence: str) -> Finding:
    return Finding(code=code, rule=CODES[code].rule, severity=p.severities()[code],
                   account_id=account_id, period=period, subject=subject, evidence=evidence,
                   veto_candidate=code in p.vetoes())


#: The facts about an operator that a register may or may not record.
OPERATOR_FACTS: frozenset[str] = frozenset(
    {"news_qualification", "subcontracts", "rights_agreed", "confidentiality_agreement"})


def check_operator(account_id: str, operator: Operator, params: ReviewParameters | None = None,
                   *, period: str = "", known: frozenset[str] = OPERATOR_FACTS) -> list[Finding]:
    """Every breach of ``ZJO-2.4`` / ``ZJG-5.2.5`` by the operator of one account.

    ``known`` names the facts of :data:`OPERATOR_FACTS` that the data actually records; a fact
    the data does not carry is not judged (its model default is not evidence).
    """
    p = params if params is not None else review_parameters()
    out: list[Finding] = []
    who = f"{operator.name}（{operator.kind.zh}）"
    if operator.kind not in p.allowed_operator_kinds.value:
        out.append(_finding(
            "operator_not_qualified", p, account_id, period, operator.name,
            f"{who}不是下属企事业单位、主流新闻媒体或主流新闻网站"
            + ("" if operator.news_qualification else "，且无互联网新闻信息服务资质")))
    elif (operator.kind in p.qualification_required.value and "news_qualification" in known
          and not operator.news_qualification):
        out.append(_finding(
            "operator_not_qualified", p, account_id, period, operator.name,
            f"{who}未取得互联网新闻信息采编发布服务资质"))
    if "subcontracts" in known and operator.subcontracts:
        out.append(_finding("operator_subcontracts", p, account_id, period, operator.name,
                            f"{who}将内容运营业务再次转包"))
    if "rights_agreed" in known and not operator.rights_agreed:
        out.append(_finding("operator_rights_not_agreed", p, account_id, period, operator.name,
                            f"与{who}未明确约定有关权责"))
    if "confidentiality_agreement" in known and not operator.confidentiality_agreement:
        out.append(_finding("operator_no_confidentiality", p, account_id, period,
                            operator.name, f"与{who}未签订保密协议"))
    return out


def check_accounts(accounts: Iterable[Account], params: ReviewParameters | None = None, *,
                   period: str = "") -> FindingTable:
    """The entrusted-operation checks for every account that has an operator."""
    p = params if params is not None else review_parameters()
    found: list[Finding] = []
    for account in accounts:
        if account.operator is not None:
            found.extend(check_operator(account.account_id, account.operator, p, period=period))
    return FindingTable.from_findings(found)


def _missing(text: str | None, p: ReviewParameters) -> bool:
    if text is None:
        return True
    clean = text.strip().lower()
    return not clean or clean in {t.lower() for t in p.placeholder_texts.value}


def check_security_items(account_id: str, *, password_custody: str | None,
                         handover: str | None, duty_rota: str | None,
                         params: ReviewParameters | None = None, period: str = ""
                         ) -> list[Finding]:
    """The three security items of 表1: each must describe a mechanism (not empty or '无')."""
    p = params if params is not None else review_parameters()
    out: list[Finding] = []
    for code, text, label in (
        ("password_custody_missing", password_custody, "账号及密码保管机制"),
        ("handover_missing", handover, "工作交接机制"),
        ("duty_rota_missing", duty_rota, "值班值守机制"),
    ):
        if _missing(text, p):
            shown = "空" if not (text or "").strip() else f"“{(text or '').strip()}”"
            out.append(_finding(code, p, account_id, period, account_id,
                                f"{label}：{shown}"))
    return out


def check_application(account_id: str, application: OpeningApplication,
                      params: ReviewParameters | None = None, *, period: str = ""
                      ) -> list[Finding]:
    """The security items of an opening application (``ZJG-6.1.1-security``)."""
    return check_security_items(
        account_id, password_custody=application.password_custody,
        handover=application.handover, duty_rota=application.duty_rota, params=params,
        period=period)


@dataclass(frozen=True)
class Inspection:
    """What an inspection (检查) recorded for one account; ``None`` where it did not look."""

    account_id: str
    operator_news_qualification: bool | None = None
    operator_subcontracts: bool | None = None
    operator_rights_agreed: bool | None = None
    operator_confidentiality: bool | None = None
    password_custody: str | None = None
    handover: str | None = None
    duty_rota: str | None = None
    bought_fans: bool | None = None
    forced_likes: bool | None = None

    def facts(self) -> frozenset[str]:
        """The operator facts this inspection recorded."""
        return frozenset(k for k, v in (
            ("news_qualification", self.operator_news_qualification),
            ("subcontracts", self.operator_subcontracts),
            ("rights_agreed", self.operator_rights_agreed),
            ("confidentiality_agreement", self.operator_confidentiality)) if v is not None)

    def applied_to(self, operator: Operator) -> Operator:
        """``operator`` with the facts this inspection recorded."""
        changes = {k: v for k, v in (
            ("news_qualification", self.operator_news_qualification),
            ("subcontracts", self.operator_subcontracts),
            ("rights_agreed", self.operator_rights_agreed),
            ("confidentiality_agreement", self.operator_confidentiality)) if v is not None}
        return operator.model_copy(update=changes)


def check_inspection(inspection: Inspection, params: ReviewParameters | None = None, *,
                     period: str = "", security: bool = True) -> list[Finding]:
    """Security items and 数据造假 / 强制点赞 where the inspection recorded them."""
    p = params if params is not None else review_parameters()
    out: list[Finding] = []
    if security and any(x is not None for x in (
            inspection.password_custody, inspection.handover, inspection.duty_rota)):
        out.extend(check_security_items(
            inspection.account_id, password_custody=inspection.password_custody,
            handover=inspection.handover, duty_rota=inspection.duty_rota, params=p,
            period=period))
    if inspection.bought_fans:
        out.append(_finding("bought_fans", p, inspection.account_id, period,
                            inspection.account_id, "检查发现购买粉丝等数据造假"))
    if inspection.forced_likes:
        out.append(_finding("forced_likes", p, inspection.account_id, period,
                            inspection.account_id, "检查发现强制要求群众下载、点赞或转发"))
    return out
