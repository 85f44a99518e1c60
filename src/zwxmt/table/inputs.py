"""The registry of declared inputs (输入登记): every batch input's :class:`InputSchema` by name.

Each domain package declares its inputs next to its code and registers them here
(``register(ACCOUNTS)``); ``zwxmt schema NAME`` publishes :func:`schema_json` of any of them.
The failure-cases table itself is registered as ``rejects``, so a rejects file reads back.
"""

from __future__ import annotations

import json
from typing import Any

from zwxmt.table.schema import Column, InputSchema

__all__ = ["REJECTS", "SCHEMAS", "get_schema", "register", "schema_json"]

#: Every registered input schema by name.
SCHEMAS: dict[str, InputSchema] = {}


def register(schema: InputSchema, *, replace: bool = False) -> InputSchema:
    """Add ``schema`` to :data:`SCHEMAS`; a second schema of the same name is an error unless
    ``replace``. Returns the schema (so ``X = register(InputSchema(...))`` reads well)."""
    if schema.name in SCHEMAS and SCHEMAS[schema.name] is not schema and not replace:
        raise ValueError(f"an input schema named {schema.name!r} is already registered")
    SCHEMAS[schema.name] = schema
    return schema


def get_schema(name: str) -> InputSchema:
    """The registered schema ``name``; KeyError lists the names registered."""
    try:
        return SCHEMAS[name]
    except KeyError:
        raise KeyError(f"no input named {name!r}; known inputs: "
                       f"{', '.join(sorted(SCHEMAS)) or '(none)'}") from None


def schema_json(name: str, *, indent: int | None = 2) -> str:
    """The schema ``name`` as JSON (what ``zwxmt schema NAME`` prints)."""
    return json.dumps(get_schema(name).to_json(), ensure_ascii=False, indent=indent)


def schemas_json() -> dict[str, Any]:
    """Every registered schema, by name."""
    return {name: s.to_json() for name, s in sorted(SCHEMAS.items())}


#: The failure-cases table (:mod:`zwxmt.table.failures`) as an input: a rejects file that zwxmt
#: wrote reads back through the same layer.
REJECTS = register(InputSchema(
    name="rejects", zh="拒收记录",
    description="failure cases: one row per failing cell of an input",
    columns=(
        Column("file", "文件", "text", max_length=1024, description="the input's name"),
        Column("row", "行号", "count", min=1.0,
               description="the row as a spreadsheet numbers it (header = 1)"),
        Column("column", "列", "text", required=False, description="the column's name"),
        Column("value", "值", "text", required=False, max_length=1024,
               description="the cell as read, truncated, contacts masked"),
        Column("check", "检查", "text", description="the stable check code"),
        Column("message", "说明", "text", max_length=4096, description="what was expected"),
    ),
))
