"""A field of an official form (表单字段): its printed label, kind, printed options, clause.

A record of a form is a flat mapping ``field key -> value``; a value not given is None
(unknown, never 0 or 否). The same parser reads a cell of the XLSX form and a column of a
records file, so a record written by ``zwxmt forms read`` reads back the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from zwxmt.forms.cells import (
    CellValueError,
    is_blank,
    parse_count,
    parse_date,
    parse_money,
    parse_yes_no,
    pick_choice,
    pick_ticks,
    render_ticks,
)
from zwxmt.forms.contacts import parse_phone, parse_qq, parse_wechat

__all__ = ["CONTACT_KINDS", "Field", "Kind", "Record"]

Kind = Literal["text", "count", "money", "date", "yesno", "choice", "ticks", "phone", "qq",
               "wechat"]
Record = dict[str, Any]

#: Kinds that hold a person's contact: validated on input, masked on request.
CONTACT_KINDS: frozenset[str] = frozenset({"phone", "qq", "wechat"})


def _masked(value: Any) -> str | None:
    """A contact already masked by ``--mask-contacts`` (138****5678) reads back as written."""
    text = str(value).strip()
    if "*" in text and all(ch.isalnum() or ch in "*-_" for ch in text):
        return text
    return None


@dataclass(frozen=True)
class Field:
    """One field: ``key`` in records, ``label`` as printed, ``options`` as printed."""

    key: str
    label: str
    kind: Kind
    cite: str
    options: tuple[str, ...] = ()
    synonyms: Mapping[str, str] = field(default_factory=dict)
    other_label: str | None = None  # ticks: the printed 其他… after which free text follows
    other_hint: str = ""  # ticks: printed after other_label (（如：今日头条、…）)
    description: str = ""

    def parse(self, raw: Any) -> Any:
        """The value of a cell (or a records column); None for a blank one.

        Raises :class:`~zwxmt.forms.cells.CellValueError` naming what is allowed."""
        if is_blank(raw):
            return () if self.kind == "ticks" else None
        kind = self.kind
        if kind == "text":
            text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
            return text.strip() or None
        if kind == "count":
            return parse_count(raw)
        if kind == "money":
            return parse_money(raw)
        if kind == "date":
            return parse_date(raw)
        if kind == "yesno":
            return parse_yes_no(raw)
        if kind == "choice":
            return pick_choice(raw, self.options, self.synonyms)
        if kind == "ticks":
            if isinstance(raw, list | tuple):
                raw = "、".join(str(x) for x in raw)
            return pick_ticks(raw, self.options, self.synonyms)[0]
        masked = _masked(raw)
        if masked is not None:
            return masked
        if kind == "phone":
            return parse_phone(raw)
        if kind == "qq":
            return parse_qq(raw)
        if kind == "wechat":
            return parse_wechat(raw)
        raise AssertionError(kind)  # pragma: no cover

    def check_option(self, value: Any) -> None:
        """Refuse a value outside the printed options before it is written into the form."""
        if value is None or not self.options:
            return
        values = value if isinstance(value, tuple | list) else (value,)
        bad = [v for v in values if v not in self.options]
        if bad:
            raise CellValueError(f"{bad[0]!r} is not a printed option of {self.label}",
                                 "one of " + "/".join(self.options))

    def render_boxes(self, value: Any) -> str:
        """The printed boxes with the value ticked (``☑是□否``)."""
        if self.kind == "yesno":
            return render_ticks(("是", "否"), None if value is None else
                                ("是" if value else "否"))
        return render_ticks(self.options, value)

    def to_json(self, value: Any) -> Any:
        """The value in a records file (JSON lines, CSV, Parquet)."""
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return "、".join(value) if value else None
        return value
