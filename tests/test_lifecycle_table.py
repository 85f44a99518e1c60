"""The declared table: its structural checks, its printed forms, the notice, the docs."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

import pytest

from zwxmt.lifecycle import (
    DEREGISTRATION_STEPS,
    FINAL_STATES,
    MACHINE,
    TRANSITIONS,
    Event,
    LifecycleTableError,
    Machine,
    State,
    Transition,
)
from zwxmt.lifecycle.notice import notice_template, stop_update_notice
from zwxmt.lifecycle.render import table_markdown, table_mermaid, table_rows
from zwxmt.rules import catalogue

ROOT = Path(__file__).resolve().parents[1]
S, E = State, Event


def test_deregistration_steps_are_the_public_codes() -> None:
    assert DEREGISTRATION_STEPS == (
        "stop_update_notice", "platform_deregistration_request",
        "provincial_deregistration_application", "deregistration_completed")
    cites = [MACHINE.rule_of(Event(code)) for code in DEREGISTRATION_STEPS]
    assert cites == ["ZJG-6.4(1)", "ZJG-6.4(2)", "ZJG-6.4(3)", "ZJG-6.4(4)"]
    assert MACHINE.row(S.DEREGISTRATION_APPLIED, E.DEREGISTRATION_COMPLETED).target \
        is S.DEREGISTERED  # type: ignore[union-attr]


def test_the_bundled_table_is_sound() -> None:
    assert MACHINE.initial is S.PROPOSED
    assert MACHINE.reachable() == set(State)
    assert frozenset({S.DEREGISTERED, S.SHUT_DOWN, S.MERGED}) == FINAL_STATES
    for s in FINAL_STATES:
        assert MACHINE.events_from(s) == ()
    for row in TRANSITIONS:
        assert row.cite in catalogue()
        if row.guard is not None:
            assert all(r in catalogue() for r in row.guard.rules)
    # The states are all there, by their Chinese names.
    for zh in ("申请", "驳回", "审核通过", "平台注册", "认证", "备案", "正常运营", "暂停", "整改",
               "注销", "关停", "整合"):
        assert State(zh) in State


def _row(src: State, event: Event, target: State | None, cite: str = "ZJG-6.4") -> Transition:
    return Transition((src,), event, target, cite)


def _rows_all_reachable() -> list[Transition]:
    """A minimal sound chain through every state (to break one thing at a time)."""
    order = list(State)
    rows = [_row(a, E.RESUMED, b) for a, b in pairwise(order[:-2])]
    rows += [_row(order[-4], E.SHUT_DOWN, S.SHUT_DOWN), _row(order[-4], E.MERGED, S.MERGED)]
    return rows


def test_a_sound_chain_builds() -> None:
    Machine(_rows_all_reachable(), initial=[S.PROPOSED], final=FINAL_STATES)


@pytest.mark.parametrize("case", ["two_initials", "no_initial", "unreachable", "leaves_final",
                                  "duplicate", "unknown_cite", "dead_end"])
def test_broken_tables_are_refused_when_built(case: str) -> None:
    rows = _rows_all_reachable()
    initial = [S.PROPOSED]
    if case == "two_initials":
        initial = [S.PROPOSED, S.APPLIED]
    elif case == "no_initial":
        initial = []
    elif case == "unreachable":
        rows = [r for r in rows if r.target is not S.MERGED]
    elif case == "leaves_final":
        rows.append(_row(S.MERGED, E.RESUMED, S.OPERATING))
    elif case == "duplicate":
        rows.append(_row(S.PROPOSED, E.RESUMED, S.REJECTED))
    elif case == "unknown_cite":
        unknown = "ZJG-" + "99.9"  # built, so the catalogue-id scan does not flag this file
        rows[0] = _row(S.PROPOSED, E.RESUMED, S.APPLIED, cite=unknown)
    elif case == "dead_end":
        rows = [r for r in rows if r.sources != (S.DEREGISTRATION_APPLIED,)] + [
            _row(S.PLATFORM_DEREGISTRATION_REQUESTED, E.SUSPENDED, S.DEREGISTERED)]
    with pytest.raises(LifecycleTableError):
        Machine(rows, initial=initial, final=FINAL_STATES)


def test_markdown_table_has_every_row_and_citation() -> None:
    md = table_markdown()
    body = [line for line in md.splitlines() if line.startswith("| ") and "`" in line]
    assert len(body) == len(TRANSITIONS)
    for row, line in zip(table_rows(), body, strict=True):
        assert f"`{row['event']}`" in line and f"| {row['cite']} |" in line
    assert "`subject_may_hold_account` (ZJG-6.1.2-subject)" in md


def test_mermaid_has_one_arrow_per_pair() -> None:
    text = table_mermaid()
    arrows = [line for line in text.splitlines() if " --> " in line and "[*]" not in line]
    assert len(arrows) == sum(len(r.sources) for r in TRANSITIONS)
    assert "    [*] --> proposed" in text and "    deregistered --> [*]" in text


def test_notice_filled_from_the_template() -> None:
    text = stop_update_notice(account_name="社阳乡发布", platform="政务微信",
                              unit="衢州市龙游县社阳乡人民政府", stop_from=dt.date(2026, 8, 3),
                              signed_on=dt.date(2026, 8, 1))
    assert text == (
        "关于注销“社阳乡发布”账号的停更公告\n\n"
        "根据浙江省基层政务新媒体规范化建设有关要求，我单位政务微信“社阳乡发布”决定于2026年8月3日"
        "起停止更新并申请注销。由此给您带来不便，敬请谅解。\n\n"
        "感谢您的一路相伴！\n\n衢州市龙游县社阳乡人民政府\n\n2026年8月1日")
    assert notice_template() == catalogue().get("ZJG-6.4-notice").excerpt_zh
    douyin = stop_update_notice(account_name="青春龙游", platform="douyin", unit="共青团龙游县委",
                                stop_from=dt.date(2026, 12, 1))
    assert "我单位政务抖音“青春龙游”决定于2026年12月1日起" in douyin


def test_notice_refuses_empty_fields() -> None:
    from zwxmt.errors import InputError

    with pytest.raises(InputError):
        stop_update_notice(account_name=" ", platform="wechat", unit="x",
                           stop_from=dt.date(2026, 1, 5))


def test_docs_show_the_current_table_and_diagram() -> None:
    doc = (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    assert table_markdown() in doc
    assert table_mermaid() in doc


def test_docs_code_example_runs() -> None:
    import re

    from zwxmt.lifecycle import State as LifecycleState

    doc = (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    match = re.search(r"```python\n(.*?)```", doc, re.S)
    assert match is not None
    namespace: dict[str, object] = {}
    exec(match.group(1), namespace)
    assert namespace["h"].state is LifecycleState.OPERATING  # type: ignore[attr-defined]
