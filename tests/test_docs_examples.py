"""Every ```python block of the docs runs: the blocks of a page in order, in one namespace.

Pages run in a fresh folder holding the bundled example county's files (and
``metrics.csv``, the name the scoring page uses for its monthly metrics), so examples that
read files read real ones. The notebook of docs/notebooks/ runs in test_notebook.py.
"""

from __future__ import annotations

import os
import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from zwxmt.examples import example_file
from zwxmt.examples.job import EXAMPLE_INPUTS

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)


def blocks(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in BLOCK.finditer(text)]


PAGES = sorted(p for p in DOCS.rglob("*.md") if blocks(p))


def test_the_docs_have_examples() -> None:
    assert len(PAGES) >= 8, PAGES


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_examples_run(page: Path, tmp_path: Path, monkeypatch: Any) -> None:
    for name in {*EXAMPLE_INPUTS.values(), "townships.csv"}:
        (tmp_path / name).write_bytes(example_file(name).read_bytes())
    (tmp_path / "metrics.csv").write_bytes(example_file("monthly_metrics.csv").read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # a real module, so that pydantic finds the names a model's annotations use
    module = types.ModuleType(f"docs_{page.stem}")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    namespace = module.__dict__
    for line, code in blocks(page):
        try:
            exec(compile(code, f"{page.relative_to(DOCS)}:{line}", "exec"), namespace)
        except Exception as exc:  # name the page and line of the failing block
            raise AssertionError(f"docs/{page.relative_to(DOCS)} line {line}: "
                                 f"{type(exc).__name__}: {exc}") from exc
    assert os.getcwd() == str(tmp_path)
