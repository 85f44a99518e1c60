"""The monthly 通报 page: self-contained, renders in Chromium cleanly, numbers = the tables."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.browser import load
from zwxmt import catalogue, views
from zwxmt.cli import main
from zwxmt.errors import InputError
from zwxmt.examples import example_regions
from zwxmt.examples.job import example_job
from zwxmt.report import CSP, report_data, report_html


class Tables(html.parser.HTMLParser):
    """Every ``<table data-table=NAME>``: its rows as {data-col: text}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[dict[str, str]]] = {}
        self._table: str | None = None
        self._col: str | None = None
        self._row: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("data-table"):
            self._table = a["data-table"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = {}
        elif tag == "td" and self._row is not None:
            self._col = a.get("data-col")
            if self._col:
                self._row[self._col] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._table and self._row:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "td":
            self._col = None

    def handle_data(self, data: str) -> None:
        if self._row is not None and self._col:
            self._row[self._col] += data


def tables(page: str) -> dict[str, list[dict[str, str]]]:
    p = Tables()
    p.feed(page)
    return p.tables


@pytest.fixture(scope="module")
def page() -> str:
    return report_html(example_job(), regions=example_regions())


def _check_numbers(page: str, *, scope: str, period: str) -> None:
    """The page's ranking, vetoes, regions and measures equal the result tables."""
    job = example_job()
    got = tables(page)
    cols = views.score_columns(job.scores)
    mine = cols["period"] == period
    if scope != "province":
        level = "county" if scope in set(cols["county"].tolist()) else "city"
        mine &= cols[level] == scope
    rows = views.take(cols, mine)
    order = np.lexsort((rows["account_id"], -rows["total"]))
    ranking = got["ranking"]
    assert len(ranking) == int(mine.sum()) > 0
    for shown, i in zip(ranking, order, strict=True):
        for col in (*views.INDEX_COLUMNS, "total"):
            assert shown[col] == f"{rows[col][i]:.2f}", (col, shown)
        assert shown["county_rank"] == str(rows["county_rank"][i])
        assert shown["province_platform_rank"] == str(rows["province_platform_rank"][i])
    assert ranking[0]["rank"] == "1"
    vetoed = rows["vetoes"] != ""
    assert len(got.get("vetoes", [])) == int(vetoed.sum())
    assert sum(1 for r in ranking if r["vetoes_zh"]) == int(vetoed.sum())
    reg = views.region_columns(job.scores)
    names = report_data(job, scope=scope, period=period, regions=example_regions()).region_names
    codes = {name: code for code, name in names.items()}
    assert len(got["regions"]) == {"county": 1, "city": 2, "province": 3}[
        "province" if scope == "province" else "county" if scope == "330825" else "city"]
    for shown in got["regions"]:
        row = views.select(reg, region=codes[shown["region_name"]], period=period)
        for col in ("total", "health_index", "health_deduction", "health_index_before_deduction"):
            assert shown[col] == f"{row[col][0]:.2f}"
        assert shown["accounts"] == str(row["accounts"][0])
    measures = views.measure_columns(job.cleanup, keep=False)
    assert len(got["measures"]) == len(measures["account_id"]) > 0
    assert {r["account_id"] for r in got["measures"]} == set(measures["account_id"].tolist())
    for shown in got["measures"]:
        cited = shown["citations"].split()
        assert cited and all(c in catalogue() for c in cited), shown


def test_page_is_self_contained(page: str) -> None:
    assert f'content="{CSP}"' in page
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", page)
    assert "@import" not in page and "url(" not in page
    assert page.count('src="data:image/svg+xml;base64,') == 3
    assert "@page{size:A4" in page and "@media print" in page
    assert '<html lang="zh-CN">' in page


def test_page_sections_in_chinese(page: str) -> None:
    for heading in ("总体情况", "账号排名", "一票否决", "地区考核结果", "主办单位考核结果",
                    "清理整合措施", "内容审核发现"):
        assert heading in page
    # the host units (ZJG-9.1) of the county in the month, one row each, as the job has them
    hu = example_job().host_units().columns
    mine = (np.asarray(hu["county"]).astype(str) == "330825") & \
        (np.asarray(hu["period"]).astype(str) == "2026-10")
    shown = tables(page)["host_units"]
    assert len(shown) == int(mine.sum()) > 0
    assert {r["host_unit"] for r in shown} == set(np.asarray(hu["host_unit"])[mine].tolist())


def test_numbers_equal_the_result_tables(page: str) -> None:
    _check_numbers(page, scope="330825", period="2026-10")


def test_other_scope_and_period() -> None:
    job = example_job()
    page = report_html(job, scope="330800", period="2026-02", regions=example_regions(),
                       charts=False)
    _check_numbers(page, scope="330800", period="2026-02")
    data = report_data(job, scope="province", period="2026-02")
    assert data.scope_level == "province" and len(data.regions["region"]) == 3
    with pytest.raises(InputError, match="period"):
        report_data(job, period="2031-01")
    with pytest.raises(InputError, match="scope"):
        report_data(job, scope="110000")


def test_review_findings_of_the_month(page: str) -> None:
    job = example_job()
    assert job.review is not None
    f = views.review_finding_columns(job.review)
    n = int(np.count_nonzero(f["period"] == "2026-10"))
    counts = tables(page)["finding_counts"]
    assert sum(int(r["count"]) for r in counts) == n > 0
    assert len(tables(page)["findings"]) == n


def test_renders_in_chromium_without_errors(page: str) -> None:
    seen = load(page)
    assert seen.errors == [] and seen.log_errors == []
    assert seen.images == 3
    # what the browser parsed is the same page: its numbers still equal the tables
    _check_numbers(seen.dom, scope="330825", period="2026-10")


def test_the_browser_check_catches_broken_images_and_loads() -> None:
    bad = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
           f'content="{CSP}"></head><body><img alt="a" src="data:image/png;base64,AAAA">'
           '<img alt="b" src="https://example.invalid/x.png"></body></html>')
    seen = load(bad)
    assert any("broken image: a" in e for e in seen.errors)
    assert any(e.startswith("csp:") for e in seen.errors)


def test_cli_report_and_assess_report(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--example", "--no-charts", "-o", str(out), "--quiet"]) == 0
    assert str(out) in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert "龙游县政务新媒体考核通报" in text and "未绘制图表" not in text
    folder = tmp_path / "inputs"
    folder.mkdir()
    from zwxmt.examples import example_file
    from zwxmt.examples.job import EXAMPLE_INPUTS

    for name in EXAMPLE_INPUTS.values():
        (folder / name).write_bytes(example_file(name).read_bytes())
    out2 = tmp_path / "from-folder.html"
    assert main(["report", str(folder), "--as-of", "2026-10-31", "--with-example-townships",
                 "--period", "2026-09", "--no-charts", "-o", str(out2)]) == 0
    _check_numbers(out2.read_text(encoding="utf-8"), scope="330825", period="2026-09")
    out3 = tmp_path / "assess"
    assert main(["assess", "--example", "-o", str(out3), "--report",
                 str(out3 / "report.html")]) == 0
    assert (out3 / "scores.csv").is_file()
    assert "龙游县" in (out3 / "report.html").read_text(encoding="utf-8")
    assert main(["report", str(tmp_path / "nowhere"), "-o", str(out2)]) == 1
