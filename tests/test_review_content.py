"""Content rules: repost sources (ZJG-7.1-sources), source marking (ZJG-8.1.2), advertising
and opinion (ZJG-7.1-opinion-ads), wording errors (ZJG-9.2-T2-health)."""

from __future__ import annotations

import numpy as np
import pytest

from zwxmt.review.content import check_content, host_in, host_of
from zwxmt.review.lexicon import Lexicon
from zwxmt.review.logs import PostLog


def log(rows: list[dict[str, object]]) -> PostLog:
    def col(name: str, default: object = "") -> np.ndarray:
        return np.array([r.get(name, default) for r in rows], dtype=object)

    return PostLog(
        post_id=col("id"), account_id=col("account", "A"),
        published_at=np.array([r.get("at", "2026-09-01T10:00") for r in rows],
                              dtype="datetime64[s]"),
        is_repost=np.array([bool(r.get("repost", False)) for r in rows]),
        source=col("source"), source_url=col("url"), text=col("text"), links=col("links"))


def found(rows: list[dict[str, object]], lexicon: Lexicon | None = None) -> dict[str, int]:
    return check_content(log(rows), lexicon).findings.count_by_code()


def test_a_repost_without_source_is_flagged() -> None:
    res = check_content(log([{"id": "P1", "repost": True, "text": "转发"}]))
    assert res.findings.count_by_code() == {"repost_without_source": 1}
    assert next(iter(res.findings)).rule == "ZJG-8.1.2"


def test_an_original_post_needs_no_source() -> None:
    assert found([{"id": "P1", "text": "本单位原创"}]) == {}


@pytest.mark.parametrize("row", [
    {"source": "新华社"},
    {"url": "https://www.gov.cn/zhengce/1.htm"},
    {"source": "衢州市人民政府", "url": "http://www.qz.gov.cn/art/1.html"},
    {"source": "人民网", "url": "http://paper.people.com.cn/rmrb/1.htm"},
])
def test_reposts_from_designated_sources_pass(row: dict[str, object]) -> None:
    assert found([{"id": "P1", "repost": True, **row}]) == {}


@pytest.mark.parametrize("row", [
    {"source": "某某生活圈", "url": "https://mp.example-life.com/s/1"},
    {"source": "本地吃喝玩乐"},
    {"source": "假冒", "url": "https://gov.cn.example.com/x"},
    {"source": "假冒", "url": "https://notgov.cn/x"},
])
def test_reposts_from_other_sources_are_flagged(row: dict[str, object]) -> None:
    res = check_content(log([{"id": "P1", "repost": True, **row}]))
    assert res.findings.count_by_code() == {"repost_unapproved_source": 1}
    assert next(iter(res.findings)).rule == "ZJG-7.1-sources"


def test_a_link_to_an_advertising_domain_is_flagged() -> None:
    res = check_content(log([
        {"id": "P1", "links": "https://item.taobao.com/item.htm?id=1"},
        {"id": "P2", "text": "详见 https://www.longyou.gov.cn/art/1.html 。"},
        {"id": "P3", "text": "购买请点 www.jd.com/123 谢谢"},
    ]))
    f = res.findings
    assert f.count_by_code() == {"advertising_link": 2}
    assert sorted(f.columns["subject"].tolist()) == ["P1", "P3"]
    assert {r.rule for r in f} == {"ZJG-7.1-opinion-ads"}


def test_hosts_and_domains() -> None:
    assert host_of("https://Item.Taobao.com/x?id=1") == "item.taobao.com"
    assert host_of("www.jd.com/123") == "www.jd.com"
    assert host_of("") == ""
    assert host_in("item.taobao.com", ["taobao.com"])
    assert not host_in("nottaobao.com", ["taobao.com"])
    assert not host_in("taobao.com.example.cn", ["taobao.com"])


def test_opinion_and_advertising_phrases_from_the_rulebook() -> None:
    got = found([{"id": "P1", "text": "小编认为这项政策很好"},
                 {"id": "P2", "text": "本店限时抢购"}])
    assert got == {"personal_opinion": 1, "advertising_text": 1}


def test_wording_errors_are_counted_per_post_for_the_health_index() -> None:
    lex = Lexicon.of([("台湾总统", "serious"), ("截止目前", "general"), ("按装", "general")])
    res = check_content(log([
        {"id": "P1", "text": "截止目前，按装完成；截止目前无异常"},
        {"id": "P2", "text": "所谓台湾总统"},
        {"id": "P3", "text": "截至目前一切正常"},
    ]), lex)
    assert res.serious.tolist() == [0, 1, 0]
    assert res.general.tolist() == [3, 0, 0]
    f = res.findings
    assert f.count_by_code() == {"general_expression_error": 1, "serious_expression_error": 1}
    general = next(r for r in f if r.code == "general_expression_error")
    assert general.evidence == "“截止目前”×2、“按装”"
    assert general.rule == "ZJG-9.2-T2-health"
