"""docs/schema.md is generated from the declared schemas and must match them."""

from __future__ import annotations

from pathlib import Path

from zwxmt.table.document import schemas_markdown
from zwxmt.table.inputs import SCHEMAS

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def test_schema_doc_is_generated_from_the_declared_schemas() -> None:
    assert DOC.read_text(encoding="utf-8") == schemas_markdown(), (
        "docs/schema.md is stale: run `python tools/make_schema_doc.py`")


def test_every_registered_input_has_a_section() -> None:
    text = schemas_markdown()
    assert SCHEMAS, "no input schema registered"
    for name, schema in SCHEMAS.items():
        assert f"## `{name}`" in text
        for col in schema.columns:
            assert f"| `{col.name}` |" in text
