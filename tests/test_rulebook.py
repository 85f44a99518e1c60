"""Rulebooks: dated, cited, validated when loaded."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from zwxmt.cli import main
from zwxmt.errors import RulebookError, RulebookNotInForce
from zwxmt.rulebook import Cited, RulebookSection, load_rulebook


class _Demo(RulebookSection):
    SECTION = "demo_section"
    threshold: Cited[float]


BOOK = """
[meta]
name = "test-book"
title = "test"
version = "1"
jurisdiction = "浙江省"
effective_from = 2023-01-01
effective_to = 2024-12-31
cite = "ZJG-9.2"

[demo_section]
threshold = { value = 0.01, cite = "ZJG-6.5.1(5)", note = "1% of the population" }
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "book.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_rulebook_file_loads_with_citations(tmp_path: Path) -> None:
    book = load_rulebook(_write(tmp_path, BOOK), on=dt.date(2024, 6, 1))
    section = book.section(_Demo)
    assert section.threshold.value == 0.01
    assert section.threshold.cite == "ZJG-6.5.1(5)"


def test_out_of_force_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulebookNotInForce, match="not on 2025-01-01"):
        load_rulebook(_write(tmp_path, BOOK), on=dt.date(2025, 1, 1))
    with pytest.raises(RulebookNotInForce):
        load_rulebook("zhejiang-2023", on=dt.date(2022, 2, 28))
    # dates in force per part (issue 10, item 10): chapter 6 from 2022-03, 表2 from 2023-01
    load_rulebook("zhejiang-2023", on=dt.date(2022, 3, 1), part="cleanup")
    load_rulebook("zhejiang-2023", on=dt.date(2022, 3, 1), part="lifecycle")
    with pytest.raises(RulebookNotInForce, match="part 'scoring' is in force from 2023-01-01"):
        load_rulebook("zhejiang-2023", on=dt.date(2022, 12, 31), part="scoring")
    load_rulebook("zhejiang-2023", on=dt.date(2023, 1, 1), part="scoring")


@pytest.mark.parametrize(("bad", "message"), [
    ('threshold = { value = 0.01 }', "cite"),
    ('threshold = { value = 0.01, cite = "ZJG-' + '99" }', "unknown rule id"),
    ('threshold = { value = "much", cite = "ZJG-6.5.1(5)" }', "threshold"),
    ('threshold = { value = 0.01, cite = "ZJG-6.5.1(5)" }\nextra = 1', "extra"),
])
def test_invalid_sections_fail_loudly(tmp_path: Path, bad: str, message: str) -> None:
    text = BOOK.split("[demo_section]")[0] + "[demo_section]\n" + bad + "\n"
    book = load_rulebook(_write(tmp_path, text))
    with pytest.raises(RulebookError, match=message):
        book.section(_Demo)


def test_missing_meta_and_missing_section(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="meta"):
        load_rulebook(_write(tmp_path, "[demo_section]\n"))
    book = load_rulebook(_write(tmp_path, BOOK.split("[demo_section]")[0]))
    with pytest.raises(RulebookError, match="no section"):
        book.section(_Demo)
    with pytest.raises(RulebookError, match="not a bundled name"):
        load_rulebook(tmp_path / "nope.toml")


def test_folder_rulebook_refuses_a_table_defined_twice(tmp_path: Path) -> None:
    (tmp_path / "meta.toml").write_text(BOOK.split("[demo_section]")[0], encoding="utf-8")
    (tmp_path / "a.toml").write_text("[x]\nv = 1\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text("[x]\nv = 2\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="defined twice"):
        load_rulebook(tmp_path)


def test_rulebook_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rulebook", "show", "zhejiang-2023", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meta"]["name"] == "zhejiang"   # zhejiang-2023 is its former name
    assert data["meta"]["effective_from"] == "2022-03-01"
    assert data["meta"]["parts"]["scoring"]["effective_from"] == "2023-01-01"
