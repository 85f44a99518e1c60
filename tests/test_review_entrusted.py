"""Entrusted operation (ZJO-2.4, ZJG-5.2.5), security items (ZJG-6.1.1-security,
LN-3.3-password) and bought fans / forced likes (LN-3.4-fans)."""

from __future__ import annotations

import datetime as dt

import pytest

from zwxmt.models import OpeningApplication, Operator, OperatorKind
from zwxmt.review.entrusted import (
    Inspection,
    check_application,
    check_inspection,
    check_operator,
    check_security_items,
)


def op(kind: OperatorKind, **kw: bool) -> Operator:
    base = {"rights_agreed": True, "confidentiality_agreement": True}
    base.update(kw)
    return Operator(name="某运营单位", kind=kind, **base)


def codes(findings: list) -> list[str]:
    return sorted(f.code for f in findings)


@pytest.mark.parametrize("kind", [OperatorKind.SUBORDINATE, OperatorKind.NEWS_MEDIA])
def test_subordinate_units_and_news_media_may_operate(kind: OperatorKind) -> None:
    assert check_operator("A", op(kind)) == []


def test_a_news_website_needs_the_news_qualification() -> None:
    assert check_operator("A", op(OperatorKind.NEWS_WEBSITE, news_qualification=True)) == []
    found = check_operator("A", op(OperatorKind.NEWS_WEBSITE))
    assert codes(found) == ["operator_not_qualified"]
    assert found[0].rule == "ZJO-2.4"


@pytest.mark.parametrize("kind", [OperatorKind.COMPANY, OperatorKind.SOCIAL_ORGANISATION,
                                  OperatorKind.OTHER])
def test_companies_and_social_organisations_may_not(kind: OperatorKind) -> None:
    found = check_operator("A", op(kind, news_qualification=True))
    assert codes(found) == ["operator_not_qualified"]
    assert found[0].severity.value == "serious"


def test_an_operator_that_subcontracts() -> None:
    found = check_operator("A", op(OperatorKind.NEWS_MEDIA, subcontracts=True))
    assert codes(found) == ["operator_subcontracts"]
    assert "再次转包" in found[0].evidence


def test_rights_and_confidentiality_agreements() -> None:
    found = check_operator("A", op(OperatorKind.NEWS_MEDIA, rights_agreed=False,
                                   confidentiality_agreement=False))
    assert codes(found) == ["operator_no_confidentiality", "operator_rights_not_agreed"]
    assert {f.rule for f in found} == {"ZJG-5.2.5"}


def test_facts_the_data_does_not_carry_are_not_judged() -> None:
    bare = Operator(name="融媒体中心", kind=OperatorKind.NEWS_MEDIA)
    assert len(check_operator("A", bare)) == 2
    assert check_operator("A", bare, known=frozenset()) == []


def test_an_inspection_overrides_the_register() -> None:
    insp = Inspection("A", operator_subcontracts=True)
    updated = insp.applied_to(op(OperatorKind.NEWS_MEDIA))
    assert updated.subcontracts
    assert insp.facts() == frozenset({"subcontracts"})


@pytest.mark.parametrize("text", ["", "无", "暂无", " 待定 ", "N/A"])
def test_placeholder_security_items_are_missing(text: str) -> None:
    found = check_security_items("A", password_custody=text, handover="交接清单签字确认",
                                 duty_rota="专人值守")
    assert codes(found) == ["password_custody_missing"]
    assert found[0].rule == "LN-3.3-password"


def test_described_security_items_pass() -> None:
    assert check_security_items("A", password_custody="专人保管，定期更换",
                                handover="交接清单", duty_rota="节假日轮班") == []


def _application(duty_rota: str) -> OpeningApplication:
    return OpeningApplication.model_validate({
        "unit_name": "龙游县某局", "proposed_name": "龙游某局", "account_type": "wechat",
        "reason": "发布政务信息", "operation_plan": "目标、运营方式、风险及对策",
        "organisation": "分管领导、岗位设置、人员配置", "content_assurance": "三审",
        "password_custody": "专人保管", "handover": "交接清单", "duty_rota": duty_rota,
        "funding": {"amount_yuan": 10000, "source": "财政"},
        "commitment": {"fans": 5000, "posts_per_month": 20, "average_reads": 300,
                       "signed": {"signed_by": "张三", "signed_on": dt.date(2026, 1, 5)}},
    })


def test_an_opening_application_with_no_duty_rota() -> None:
    assert check_application("A", _application("节假日轮班值守")) == []
    found = check_application("A", _application("无"))
    assert codes(found) == ["duty_rota_missing"]
    assert found[0].rule == "ZJG-6.1.1-security"


def test_bought_fans_and_forced_likes_where_inspected() -> None:
    assert check_inspection(Inspection("A")) == []
    found = check_inspection(Inspection("A", bought_fans=True, forced_likes=True))
    assert codes(found) == ["bought_fans", "forced_likes"]
    assert {f.rule for f in found} == {"LN-3.4-fans"}
