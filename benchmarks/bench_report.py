"""Benchmark: the displays on 1,000,000 account-periods and the 通报 of the example county.

Prints, in one run: the time of ``repr`` and ``_repr_html_`` of a 1,000,000-row score result
and of its region results (first call, then a second one with the ranks cached) and their
sizes (bound 100 KB, issue 13); the time of the example county's 通报 (main job excluded)
with and without its three charts, and the page's size. Not a pytest test.

Run: ``python benchmarks/bench_report.py [rows]``.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from typing import Any

from zwxmt.rulebook import load_rulebook
from zwxmt.scoring import ScoringSection, score


def _timed(label: str, fn: Any) -> Any:
    t = time.perf_counter()
    out = fn()
    print(f"{label:<58} {1000 * (time.perf_counter() - t):9.0f} ms")
    return out


def main(rows: int) -> None:
    spec = importlib.util.spec_from_file_location(
        "bench_scoring", Path(__file__).with_name("bench_scoring.py"))
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    book = load_rulebook("zhejiang-2023")
    result = score(bench.make_frame(rows, book.section(ScoringSection)), book)
    text = _timed(f"repr(ScoreResult), {rows:,} rows", lambda: repr(result))
    page = _timed("ScoreResult._repr_html_(), first call", result._repr_html_)
    _timed("ScoreResult._repr_html_(), second call", result._repr_html_)
    regions = result.regions()
    rpage = _timed("RegionResults._repr_html_()", regions._repr_html_)
    print(f"sizes: repr {len(text)} chars; html {len(page.encode()):,} B; "
          f"regions html {len(rpage.encode()):,} B (bound 100,000 B)")

    from zwxmt.examples import example_regions
    from zwxmt.examples.job import example_job
    from zwxmt.report import report_html

    job = _timed("example county: the main job (for reference)", example_job)
    plain = _timed("example county: the 通报 without charts", lambda: report_html(
        job, regions=example_regions(), charts=False))
    full = _timed("example county: the 通报 with its three charts", lambda: report_html(
        job, regions=example_regions()))
    print(f"page sizes: {len(plain.encode()):,} B without charts, {len(full.encode()):,} B with")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
