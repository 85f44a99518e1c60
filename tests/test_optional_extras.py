"""`import zwxmt` and the main job work without any optional extra installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Setting a module to None in sys.modules makes its import fail, as if it were not installed.
SCRIPT = """
import sys
for name in ("pyarrow", "pyarrow.parquet", "openpyxl", "ahocorasick", "pandas", "matplotlib",
             "matplotlib.figure", "mkdocs", "nbclient", "nbformat", "ipykernel"):
    sys.modules[name] = None
import zwxmt, zwxmt.lifecycle, zwxmt.scoring, zwxmt.cleanup, zwxmt.review
import zwxmt.display, zwxmt.charts, zwxmt.report, zwxmt.progress
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
