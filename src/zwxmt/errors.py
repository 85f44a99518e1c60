"""Typed errors of zwxmt.

Every error carries a stable machine ``code`` and a human message, and, where a rule is
involved, the citation id of that rule (``rule``), so a caller can both branch on it and show
an auditor where it comes from.
"""

from __future__ import annotations


class ZwxmtError(Exception):
    """Base of every error raised by zwxmt."""

    code: str = "zwxmt_error"

    def __init__(self, message: str, *, rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule

    def __str__(self) -> str:
        suffix = f" [{self.rule}]" if self.rule else ""
        return f"{self.code}: {self.message}{suffix}"


class UnknownRuleError(ZwxmtError, KeyError):
    """A citation id that the rule catalogue does not hold."""

    code = "unknown_rule"


class CatalogueError(ZwxmtError):
    """The bundled rule catalogue is malformed (duplicate id, bad id, missing field)."""

    code = "catalogue_invalid"


class RulebookError(ZwxmtError):
    """A rulebook file failed validation when it was loaded."""

    code = "rulebook_invalid"


class RulebookNotInForce(RulebookError):
    """A rulebook was asked for a date outside its period of force."""

    code = "rulebook_not_in_force"


class CalendarOutOfRange(ZwxmtError):
    """A date lies outside the years for which official holiday data exists."""

    code = "calendar_out_of_range"


class InputError(ZwxmtError):
    """A row of input data failed validation; names the row, the field and what was expected."""

    code = "input_invalid"

    def __init__(
        self, message: str, *, row: int | None = None, field: str | None = None,
        rule: str | None = None,
    ) -> None:
        where = []
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        full = f"{', '.join(where)}: {message}" if where else message
        super().__init__(full, rule=rule)
        self.row = row
        self.field = field
        self.reason = message


class HeaderError(InputError):
    """The header of an input names a column twice or lacks a required column.

    ``check`` is the stable failure code (``duplicate_column`` or ``missing_column``).
    """

    code = "input_header"

    def __init__(self, message: str, *, check: str, file: str | None = None,
                 field: str | None = None) -> None:
        super().__init__(f"{file}: {message}" if file else message, row=None, field=field)
        self.check = check
        self.file = file


class EmptyInputError(InputError):
    """An input file is empty, or holds a header and no data rows."""

    code = "input_empty"


class UnreadableInputError(InputError):
    """An input cannot be read at all (missing file, unknown format, malformed CSV or JSON)."""

    code = "input_unreadable"


class OutputError(ZwxmtError):
    """An output could not be written (read-only folder, full disk, permission denied)."""

    code = "output_failed"


class RejectsExceeded(ZwxmtError):
    """More input rows were rejected than the ``--max-rejects`` policy allows (exit status 3)."""

    code = "rejects_exceeded"
