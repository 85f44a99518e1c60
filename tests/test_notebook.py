"""The notebook of the docs executes from start to end (nbclient, ipykernel)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "notebooks" / "example_county.ipynb"


def test_notebook_executes(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "commit the notebook without outputs"
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    kinds = {k for o in outputs for k in o.get("data", {})}
    assert {"text/html", "image/png"} <= kinds          # the HTML views and the charts
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("考核结果" in h for h in html)
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 4
    text = "".join(o.get("text", "") for o in outputs)
    assert "report.html" in text and "总分 total" in text
