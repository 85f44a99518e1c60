"""`import zwxmt` and the main job work without any optional extra installed."""

from __future__ import annotations

import subprocess
import sys

# Setting a module to None in sys.modules makes its import fail, as if it were not installed.
SCRIPT = """
import sys
for name in ("pyarrow", "pyarrow.parquet", "openpyxl", "ahocorasick", "pandas", "xlsxwriter",
             "python_calamine"):
    sys.modules[name] = None
import zwxmt, zwxmt.lifecycle, zwxmt.scoring, zwxmt.cleanup, zwxmt.review, zwxmt.forms
from zwxmt.cli import main
sys.exit(main(["demo"]))
"""


def test_import_and_demo_without_extras() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert "龙游县" in out.stdout
