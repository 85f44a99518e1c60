"""`import zwxmt` and the main job work without any optional extra installed (pyarrow is core)."""

from __future__ import annotations

import subprocess
import sys

# A meta-path finder that refuses the extras makes their import fail as if not installed
# (``sys.modules[name] = None`` would trip pyarrow's own pandas probe instead).
SCRIPT = """
import sys
BLOCKED = ("openpyxl", "ahocorasick", "pandas", "polars", "fastexcel", "xlsxwriter")
class Absent:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Absent())
import zwxmt, zwxmt.lifecycle, zwxmt.scoring, zwxmt.cleanup, zwxmt.review
from zwxmt.cli import main
sys.exit(main(["demo"]))
"""


def test_import_and_demo_without_extras() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert "龙游县" in out.stdout
