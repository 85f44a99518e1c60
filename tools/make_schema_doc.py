"""Write docs/schema.md from the declared input schemas (``python tools/make_schema_doc.py``)."""

from __future__ import annotations

from pathlib import Path

from zwxmt.table.document import schemas_markdown

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "docs" / "schema.md"
    target.write_text(schemas_markdown(), encoding="utf-8")
    print(f"wrote {target}")
