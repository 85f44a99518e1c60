"""`import zwxmt` and the main job work without any optional extra installed."""

from __future__ import annotations

import subprocess
import sys

# A finder that refuses these names makes their import fail as if they were not installed.
# pyarrow is a core dependency (issue #9): the table layer and scoring's input are Arrow.
SCRIPT = """
import sys, importlib.abc
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("openpyxl", "ahocorasick", "pandas", "polars", "xlsxwriter",
                                  "fastexcel", "dask", "distributed"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, NotInstalled())
import zwxmt, zwxmt.lifecycle, zwxmt.scoring, zwxmt.cleanup, zwxmt.review, zwxmt.distributed
import zwxmt.distributed.passes
from zwxmt.cli import main
sys.exit(main(["demo"]))
"""


def test_import_and_demo_without_extras() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert "龙游县" in out.stdout
