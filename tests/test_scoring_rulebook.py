"""The scoring section of the rulebook: 表2 as data, validated strictly (ZJG-9.2-T2)."""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scoring_oracle import frame_from_rows
from zwxmt.cli import main
from zwxmt.errors import RulebookError, RulebookNotInForce
from zwxmt.rulebook import load_rulebook
from zwxmt.scoring import PLATFORMS, ScoringSection, score

FOLDER = resources.files("zwxmt") / "data" / "rulebooks" / "zhejiang"
META = (FOLDER / "meta.toml").read_text(encoding="utf-8")
SCORING = (FOLDER / "scoring.toml").read_text(encoding="utf-8")


def _book(tmp_path: Path, scoring_text: str) -> Path:
    path = tmp_path / "book.toml"
    path.write_text(META + "\n" + scoring_text, encoding="utf-8")
    return path


def test_the_bundled_tables_are_table_2_as_printed() -> None:
    s = load_rulebook().section(ScoringSection)
    top = {p: [s.platforms[p].index_weights[i].value for i in  # type: ignore[index]
               ("operation", "diligence", "health", "cluster", "growth")] for p in PLATFORMS}
    assert top == {"wechat": [0.35, 0.2, 0.3, 0.1, 0.05], "weibo": [0.35, 0.2, 0.3, 0.1, 0.05],
                   "toutiao": [0.35, 0.2, 0.3, 0.1, 0.05],
                   "douyin": [0.45, 0.3, 0.1, 0.1, 0.05]}
    health = {p: [s.platforms[p].sub_weight(k) for k in  # type: ignore[index]
                  ("serious_errors_score", "service_score", "poor_response_score",
                   "general_errors_score")] for p in PLATFORMS}
    assert health == {"wechat": [0.4, 0.2, 0.3, 0.1], "weibo": [0.5, 0.0, 0.4, 0.1],
                      "toutiao": [0.5, 0.0, 0.4, 0.1], "douyin": [0.4, 0.0, 0.4, 0.2]}
    for p in PLATFORMS:
        t = s.platforms[p]  # type: ignore[index]
        assert [t.sub_weight(k) for k in ("posts_score", "original_score",
                                          "posting_days_score")] == [0.3, 0.4, 0.3]
        assert [t.sub_weight(k) for k in ("coordination_score", "platform_use_score")] == [
            0.2, 0.8]
        assert [t.sub_weight(k) for k in ("operation_yoy_score", "diligence_yoy_score")] == [
            0.6, 0.4]
        assert all(str(w.cite).startswith("ZJG-9.2-T2-") for w in t.index_weights.values())
    assert [v.cite for v in s.vetoes.items] == [
        "ZJG-9.2-T2-V1", "ZJG-9.2-T2-V2", "ZJG-9.2-T2-V3", "ZJG-9.2-T2-V4"]


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=0.0, max_value=1.0).filter(lambda x: abs(x - 0.35) > 1e-6))
def test_weights_that_do_not_sum_to_one_are_refused(new: float) -> None:
    """Any 政务微信 operation weight but 0.35 breaks the sum of the index weights."""
    text = SCORING.replace('operation = { value = 0.35, cite = "ZJG-9.2-T2-operation" }',
                           f'operation = {{ value = {new!r}, cite = "ZJG-9.2-T2-operation" }}', 1)
    assert text != SCORING
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, pytest.raises(RulebookError, match="sum to"):
        load_rulebook(_book(Path(tmp), text)).section(ScoringSection)


def test_sub_weights_that_do_not_sum_to_one_are_refused(tmp_path: Path) -> None:
    text = SCORING.replace('original_score = { value = 0.40, cite = "ZJG-9.2-T2-diligence" }',
                           'original_score = { value = 0.45, cite = "ZJG-9.2-T2-diligence" }', 1)
    with pytest.raises(RulebookError, match="diligence sub-index weights sum to"):
        load_rulebook(_book(tmp_path, text)).section(ScoringSection)


def test_a_missing_platform_is_refused(tmp_path: Path) -> None:
    start = SCORING.index("[scoring.platforms.douyin]")
    end = SCORING.index("# ---", start)
    with pytest.raises(RulebookError, match="douyin"):
        load_rulebook(_book(tmp_path, SCORING[:start] + SCORING[end:])).section(ScoringSection)


def test_an_uncited_value_is_refused(tmp_path: Path) -> None:
    text = SCORING.replace('posting_days_target = { value = 22.0, cite = "ZJG-9.2-T2-diligence",',
                           'posting_days_target = { value = 22.0,', 1)
    with pytest.raises(RulebookError, match="cite"):
        load_rulebook(_book(tmp_path, text)).section(ScoringSection)
    bare = SCORING.replace('health = { value = 0.30, cite = "ZJG-9.2-T2-health" }',
                           "health = 0.30", 1)
    with pytest.raises(RulebookError):
        load_rulebook(_book(tmp_path, bare)).section(ScoringSection)


def test_an_unknown_citation_is_refused(tmp_path: Path) -> None:
    unknown = "ZJG-" + "99.9"  # spelled apart so that the catalogue scan does not see it
    text = SCORING.replace('cite = "ZJG-9.2-T2-growth" }', f'cite = "{unknown}" }}', 1)
    with pytest.raises(RulebookError):
        load_rulebook(_book(tmp_path, text)).section(ScoringSection)


def test_an_undefined_formula_is_refused(tmp_path: Path) -> None:
    text = SCORING.replace('value = "zwxmt-dci-1"', 'value = "qingbo-dci-9"', 1)
    with pytest.raises(RulebookError, match="not defined"):
        load_rulebook(_book(tmp_path, text)).section(ScoringSection)


def test_a_period_before_the_rulebook_is_in_force_is_refused() -> None:
    row = {"account_id": "A", "platform": "weibo", "period": "2022-12", "level": "county",
           "city": "330800", "county": "330825", "coordination_rate": 1.0}
    with pytest.raises(RulebookNotInForce):
        score(frame_from_rows([row]))


def test_a_user_rulebook_file_changes_the_score(tmp_path: Path) -> None:
    text = SCORING.replace('serious_error_penalty = { value = 50.0,',
                           'serious_error_penalty = { value = 100.0,', 1)
    book = load_rulebook(_book(tmp_path, text))
    row = {"account_id": "A", "platform": "weibo", "period": "2026-01", "level": "county",
           "city": "330800", "county": "330825", "serious_errors": 1, "coordination_rate": 1.0}
    assert score(frame_from_rows([row]), book).subscores["serious_errors_score"][0] == 0.0
    assert score(frame_from_rows([row])).subscores["serious_errors_score"][0] == 50.0


def test_rulebook_show_prints_the_scoring_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rulebook", "show", "zhejiang-2023", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    wechat = data["scoring"]["platforms"]["wechat"]
    assert wechat["index_weights"]["health"] == {"value": 0.3, "cite": "ZJG-9.2-T2-health",
                                                 "note": ""}
    assert data["scoring"]["operation_formulas"]["qingbo-wci-v2.0"]["kind"] == "wci_v2"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=1000), min_size=5, max_size=5))
def test_any_table_that_sums_to_one_loads_and_scores_in_range(parts: list[int]) -> None:
    """A 政务抖音 column with any index weights summing to 1 is accepted, its weights sum to 1,
    and a row of perfect sub-scores then totals 100."""
    total = sum(parts)
    weights = [p / total for p in parts[:4]]
    weights.append(1.0 - sum(weights))
    text = SCORING
    start = text.index("[scoring.platforms.douyin.index_weights]")
    end = text.index("[scoring.platforms.douyin.sub_weights]")
    names = ("operation", "diligence", "health", "cluster", "growth")
    table = "[scoring.platforms.douyin.index_weights]\n" + "".join(
        f'{n} = {{ value = {w!r}, cite = "ZJG-9.2-T2-{n}" }}\n' for n, w in zip(
            names, weights, strict=True)) + "\n"
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        try:
            book = load_rulebook(_book(Path(tmp), text[:start] + table + text[end:]))
            section = book.section(ScoringSection)
        except RulebookError:
            # only a float sum off by more than the tolerance may be refused
            assert abs(math.fsum(weights) - 1.0) > 1e-9
            return
        got = section.platforms["douyin"].index_weights  # type: ignore[index]
        assert math.fsum(w.value for w in got.values()) == pytest.approx(1.0, abs=1e-9)
        row = {"account_id": "A", "platform": "douyin", "period": "2026-01", "level": "county",
               "city": "330800", "county": "330825", "operation": 100.0}
        row.update({s: 100.0 for s in ("posts_score", "original_score", "posting_days_score",
                                       "serious_errors_score", "poor_response_score",
                                       "general_errors_score", "coordination_score",
                                       "platform_use_score", "operation_yoy_score",
                                       "diligence_yoy_score")})
        result = score(frame_from_rows([row], mode="subscores"), book)
        assert result.total[0] == pytest.approx(100.0, abs=1e-9)
        assert 0.0 <= result.total[0] <= 100.0 + 1e-9
