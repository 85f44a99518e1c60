"""The command-line options every table-reading command shares (表格选项).

``add_arguments(parser)`` adds ``--encoding``, ``--sheet``, ``--max-rejects N|P%`` and
``--no-bom``; ``TableOptions.from_args(namespace)`` reads them back, so each command (score,
assess, cleanup, review) spells and checks them the same way.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

from zwxmt.table.failures import EXIT_REJECTS, RejectPolicy

__all__ = ["EXIT_REJECTS", "TableOptions", "add_arguments"]


@dataclass(frozen=True)
class TableOptions:
    """How inputs are read and outputs written: encoding of CSV inputs (None: detect UTF-8 /
    GB18030), the sheet of XLSX inputs, the rejects policy and the CSV byte-order mark."""

    encoding: str | None = None
    sheet: str | int | None = None
    max_rejects: RejectPolicy = field(default_factory=RejectPolicy)
    bom: bool = True

    @classmethod
    def from_args(cls, args: Any) -> TableOptions:
        sheet = getattr(args, "sheet", None)
        if isinstance(sheet, str) and sheet.isdigit():
            sheet = int(sheet) - 1  # --sheet 1 is the first sheet, as a person counts
        return cls(encoding=getattr(args, "encoding", None) or None, sheet=sheet,
                   max_rejects=RejectPolicy.parse(getattr(args, "max_rejects", None)),
                   bom=not getattr(args, "no_bom", False))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the shared table options to a command's parser."""
    group = parser.add_argument_group("tables")
    group.add_argument("--encoding", default=None,
                       help="encoding of CSV inputs (default: UTF-8 with or without BOM, "
                            "else GB18030/GBK)")
    group.add_argument("--sheet", default=None,
                       help="sheet of XLSX inputs, by name or number from 1 (default: first)")
    group.add_argument("--max-rejects", default=None, metavar="N|P%",
                       help=f"stop with exit status {EXIT_REJECTS} when more than N rows (or "
                            "P%% of the rows read) of an input are rejected; a required input "
                            "whose every row is rejected always stops the run")
    group.add_argument("--no-bom", action="store_true",
                       help="write CSV without the UTF-8 byte-order mark (default: with, so "
                            "Excel shows Chinese text)")
