"""`import zwxmt` and the main job work without any optional extra installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# A finder that refuses these names makes their import fail as if they were not installed.
# pyarrow is a core dependency (issue #9): the table layer and scoring's input are Arrow.
SCRIPT = """
import sys, importlib.abc
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("openpyxl", "ahocorasick", "pandas", "polars", "xlsxwriter",
                                  "fastexcel", "matplotlib", "mkdocs", "nbclient", "nbformat",
                                  "ipykernel", "python_calamine", "dask", "distributed"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, NotInstalled())
import zwxmt, zwxmt.lifecycle, zwxmt.scoring, zwxmt.cleanup, zwxmt.review, zwxmt.forms
import zwxmt.display, zwxmt.charts, zwxmt.report, zwxmt.progress
import zwxmt.distributed, zwxmt.distributed.passes
from zwxmt.cli import main
sys.exit(main(["demo", "-o", sys.argv[1]]))
"""


def test_import_and_demo_without_extras(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "龙游县" in out.stdout
    # the report is written without the charts, and says why
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "龙游县政务新媒体考核通报" in page and "zwxmt[charts]" in page
    assert f"{tmp_path / 'report.html'}" in out.stdout
