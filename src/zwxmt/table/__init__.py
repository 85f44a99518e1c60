"""The table layer (数据表层): one columnar Arrow spine for every input and output.

* :func:`read_raw` / :func:`iter_raw_batches`: files (CSV in UTF-8 or GB18030, JSON lines,
  Parquet, XLSX) and in-memory tables (pyarrow, pandas, polars, the Arrow C stream, mappings)
  as a :class:`RawTable` with spreadsheet row numbers.
* :class:`InputSchema` / :class:`Column`: declared inputs; :meth:`InputSchema.validate` gives a
  :class:`Validated` (typed table, row numbers, :class:`Failures`, :class:`Counts`, notices).
* :mod:`zwxmt.table.parse`: the vectorised column parsers.
* :func:`write_table`, :class:`OutputSet`: atomic, formula-safe writers.
* :class:`TableResult`: ``to_arrow()``, ``to_pandas()``, ``to_polars()``, Arrow C stream.

See ``docs/table.md``.
"""

from __future__ import annotations

from zwxmt.table.convert import TableResult, table_from_columns, to_pandas, to_polars
from zwxmt.table.failures import (
    CHECKS,
    EXIT_REJECTS,
    Counts,
    Failures,
    RejectPolicy,
    check_rejects,
    is_contact_name,
    mask_contacts,
    rejects_verdict,
    stop_reasons,
)
from zwxmt.table.inputs import SCHEMAS, get_schema, register, schema_json
from zwxmt.table.options import TableOptions, add_arguments
from zwxmt.table.parse import Parsed
from zwxmt.table.read import RawTable, file_format, iter_raw_batches, read_raw
from zwxmt.table.schema import KINDS, Column, InputSchema, Validated
from zwxmt.table.write import (
    OutputSet,
    as_table,
    atomic_path,
    write_csv,
    write_jsonl,
    write_parquet,
    write_table,
    write_xlsx,
)

__all__ = [
    "CHECKS",
    "EXIT_REJECTS",
    "KINDS",
    "SCHEMAS",
    "Column",
    "Counts",
    "Failures",
    "InputSchema",
    "OutputSet",
    "Parsed",
    "RawTable",
    "RejectPolicy",
    "TableOptions",
    "TableResult",
    "Validated",
    "add_arguments",
    "as_table",
    "atomic_path",
    "check_rejects",
    "file_format",
    "get_schema",
    "is_contact_name",
    "iter_raw_batches",
    "mask_contacts",
    "read_raw",
    "register",
    "rejects_verdict",
    "schema_json",
    "stop_reasons",
    "table_from_columns",
    "to_pandas",
    "to_polars",
    "write_csv",
    "write_jsonl",
    "write_parquet",
    "write_table",
    "write_xlsx",
]
