"""Display: every result object has a short ``__repr__`` and a bounded ``_repr_html_``."""

from __future__ import annotations

import datetime as dt
import html.parser
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zwxmt import catalogue, display, load_rulebook, views
from zwxmt.examples.job import example_job
from zwxmt.lifecycle import History, apply
from zwxmt.lifecycle.scenarios import opening_records
from zwxmt.models import Platform
from zwxmt.review.findings import FindingTable
from zwxmt.scoring import ScoringSection, score

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_scoring.py"


def _history() -> History:
    h = History.new("LY-AGRI-WECHAT")
    for record in opening_records(host_unit_id="U-330825-AGRI", unit_name="龙游县农业农村局",
                                  name="龙游农业", platform=Platform.WECHAT,
                                  applied_on=dt.date(2025, 3, 3)):
        h = apply(h, record)
    return h


def _objects() -> dict[str, Any]:
    job = example_job()
    cols = job.scores.to_columns()
    return {
        "MainJob": job,
        "ScoreResult": job.scores,
        "RegionResults": job.scores.regions(),
        "quarter ScoreResult": job.scores.aggregate("quarter"),
        "Activity": job.activity,
        "Findings": job.cleanup.findings,
        "CleanupRun": job.cleanup,
        "Recommendation": next(r for r in job.cleanup.recommendations if r.criteria),
        "Explanation": job.scores.explain(str(cols["account_id"][0]), str(cols["period"][0])),
        "Rulebook": load_rulebook("zhejiang-2023"),
        "Rule": catalogue().get("ZJG-6.5.1(5)"),
        "History": _history(),
        "FindingTable": job.review.findings if job.review is not None else None,
    }


class _Parser(html.parser.HTMLParser):
    """Counts the table rows and collects the text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.rows = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.rows += tag == "tr"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("name", list(_objects()))
def test_short_repr_and_bounded_html(name: str) -> None:
    obj = _objects()[name]
    assert obj is not None
    text = repr(obj)
    assert text.startswith("<") and text.endswith(">"), text
    assert len(text.splitlines()) <= 6 and len(text) <= 1200, text
    page = obj._repr_html_()
    assert len(page.encode()) <= display.MAX_HTML_BYTES
    parser = _Parser()
    parser.feed(page)
    words = "".join(parser.text)
    # Chinese labels, and the summary names the object
    assert any("\u4e00" <= ch <= "\u9fff" for ch in words), words[:200]


def test_score_head_matches_the_table() -> None:
    """The first rows shown are the result table's first rows, numbers at 2 decimals."""
    job = example_job()
    page = job.scores._repr_html_()
    cols = views.score_columns(job.scores)
    for i in range(display.HEAD_ROWS):
        assert f"<td>{cols['total'][i]:.2f}</td>" in page
        assert f">{cols['account_id'][i]}<" in page
    assert "总分" in page and "运营指数" in page and f"共 {len(job.scores):,} 行" in page


def _big_result() -> Any:
    spec = importlib.util.spec_from_file_location("bench_scoring", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    book = load_rulebook("zhejiang-2023")
    return score(bench.make_frame(1_000_000, book.section(ScoringSection)), book)


def test_html_bounded_on_a_million_rows() -> None:
    result = _big_result()
    assert len(result) == 1_000_000
    for obj in (result, result.regions()):
        page = obj._repr_html_()
        assert len(page.encode()) <= display.MAX_HTML_BYTES
        parser = _Parser()
        parser.feed(page)
        assert parser.rows <= display.HEAD_ROWS + 10  # the head and the summary rows
        assert len(repr(obj)) <= 400
    assert "1,000,000" in repr(result) and "1,000,000 行" in result._repr_html_()
    n = 1_000_000
    findings = FindingTable({
        "code": np.full(n, "reply_overdue", dtype=object),
        "rule": np.full(n, "ZJG-7.3.3", dtype=object),
        "severity": np.full(n, "general", dtype=object),
        "veto_candidate": np.zeros(n, dtype=np.bool_),
        "account_id": np.full(n, "A" * 200, dtype=object),   # long cells are cut
        "period": np.full(n, "2026-10", dtype=object),
        "subject": np.arange(n).astype(str).astype(object),
        "evidence": np.full(n, "证" * 200, dtype=object),
    })
    assert len(findings._repr_html_().encode()) <= display.MAX_HTML_BYTES


def test_bounded_drops_what_does_not_fit() -> None:
    parts = ["<p>" + "x" * 40_000 + "</p>"] * 5
    page = display.bounded(parts)
    assert len(page.encode()) <= display.MAX_HTML_BYTES
    assert page.count("x" * 40_000) == 2 and "其余内容从略" in page


def test_cells_are_escaped() -> None:
    cols = {"account_id": np.array(["<script>alert(1)</script>"], dtype=object)}
    page = display.html_table(cols)
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("kind", ["month", "quarter"])
def test_score_head_equals_the_whole_table_cut(kind: str) -> None:
    result = example_job().scores.aggregate(kind)  # type: ignore[arg-type]
    head = views.score_head(result, 25)
    whole = views.score_columns(result)
    assert set(head) <= set(whole)
    for name, values in head.items():
        assert len(values) == 25
        assert np.array_equal(values, whole[name][:25]), name
