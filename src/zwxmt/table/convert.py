"""Results as tables (结果表): Arrow, pandas, polars and the Arrow C stream from one method.

A result class derives from :class:`TableResult` and implements :meth:`TableResult.to_arrow`;
it then offers :meth:`~TableResult.to_pandas`, :meth:`~TableResult.to_polars`,
:meth:`~TableResult.write` and ``__arrow_c_stream__`` (so ``polars.DataFrame(result)``,
``pyarrow.table(result)`` and duckdb read it directly). pandas and polars are imported only
when asked for: ``import zwxmt`` works without them (extras ``pandas``, ``polars``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from zwxmt import months

__all__ = ["MONTH_METADATA", "TableResult", "label_months", "table_from_columns", "to_pandas",
           "to_polars"]

#: Field metadata that marks a month-ordinal column (written and shown as YYYY-MM).
MONTH_METADATA = {b"zwxmt.kind": b"month"}


def table_from_columns(columns: Mapping[str, Any], *,
                       month_columns: tuple[str, ...] = ()) -> pa.Table:
    """A pyarrow Table of a mapping of name -> numpy array (or Arrow array or sequence).

    Float NaN stays NaN (a computed "not evaluated" is the caller's to mark as null first);
    numpy ``datetime64[D]`` becomes ``date32``; the ``month_columns`` (month ordinals) carry the
    ``month`` kind so writers show them as ``YYYY-MM``.
    """
    from zwxmt.table.parse import column_array

    fields = []
    arrays = []
    for name, values in columns.items():
        if isinstance(values, np.ndarray) and values.dtype.kind == "M":
            unit = np.datetime_data(values.dtype)[0]
            arr = pa.array(values.astype("datetime64[D]") if unit == "D" else values)
        else:
            arr = column_array(values)
        meta = None
        if name in month_columns:
            arr = arr.cast(pa.int32())
            meta = MONTH_METADATA
        fields.append(pa.field(name, arr.type, metadata=meta))
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def to_pandas(table: pa.Table) -> Any:
    """A pandas DataFrame of an Arrow table (month ordinals as 'YYYY-MM' text)."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise ImportError("to_pandas() needs pandas: pip install 'zwxmt[pandas]'") from None
    return label_months(table).to_pandas()


def to_polars(table: pa.Table) -> Any:
    """A polars DataFrame of an Arrow table (month ordinals as 'YYYY-MM' text)."""
    try:
        import polars
    except ImportError:
        raise ImportError("to_polars() needs polars: pip install 'zwxmt[polars]'") from None
    return polars.from_arrow(label_months(table))


def label_months(table: pa.Table) -> pa.Table:
    """Month-ordinal columns (field metadata ``zwxmt.kind = month``) as 'YYYY-MM' text."""
    for i, f in enumerate(table.schema):
        if (f.metadata or {}).get(b"zwxmt.kind") == b"month" and pa.types.is_integer(f.type):
            col = table.column(i)
            mask = col.is_null().to_numpy(zero_copy_only=False)
            text = pa.array(months.labels(col.fill_null(0).to_numpy(zero_copy_only=False)),
                            pa.string(), mask=mask)
            table = table.set_column(i, pa.field(f.name, pa.string(), metadata=f.metadata),
                                     text)
    return table


class TableResult(ABC):
    """Mixin of every tabular result: implement :meth:`to_arrow`, get the rest."""

    @abstractmethod
    def to_arrow(self) -> pa.Table:
        """The result as a pyarrow Table keyed by its identity columns."""

    def to_pandas(self) -> Any:
        return to_pandas(self.to_arrow())

    def to_polars(self) -> Any:
        return to_polars(self.to_arrow())

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self.to_arrow().__arrow_c_stream__(requested_schema)

    def write(self, path: str | Path, *, bom: bool = True) -> Path:
        """Write the result (CSV, Parquet, JSON lines or XLSX by the suffix), atomically."""
        from zwxmt.table.write import write_table

        return write_table(self.to_arrow(), path, bom=bom)
