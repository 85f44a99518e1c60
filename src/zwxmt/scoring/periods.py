"""Assessment periods (考核周期, ``ZJG-9.2``): months, quarters and years as integer ordinals.

A month is the one month type of zwxmt (:mod:`zwxmt.months`: months since 1970-01, so
2026-03 is 674). Quarters and years are scoring's own: a quarter ordinal is
``year·4 + quarter - 1``, a year ordinal the year itself (:func:`quarter_of`,
:func:`year_of` map months onto them). ``period_label`` renders one, ``parse_period_label``
reads one back.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from zwxmt import months
from zwxmt.arrays import I32

__all__ = ["PeriodKind", "parse_period_label", "period_label", "period_labels", "period_of"]

PeriodKind = Literal["month", "quarter", "year"]

_MONTHS_PER = {"month": 1, "quarter": 3, "year": 12}


def period_of(kind: PeriodKind, month: Any) -> Any:
    """The ``kind`` ordinal of a month ordinal (int or array): itself, ``year·4 + q - 1``
    or the year."""
    if kind == "month":
        return month
    return (month + months.EPOCH_YEAR * 12) // _MONTHS_PER[kind]


def period_label(kind: PeriodKind, ordinal: int) -> str:
    """The text of a period ordinal: ``2026-03``, ``2026-Q1`` or ``2026``."""
    if kind == "month":
        return months.label(ordinal)
    if kind == "quarter":
        return f"{ordinal // 4:04d}-Q{ordinal % 4 + 1}"
    return f"{ordinal:04d}"


def parse_period_label(text: str) -> tuple[PeriodKind, int]:
    """A period label read back: ``2026-03`` (any spelling of :func:`zwxmt.months.parse`),
    ``2026-Q1`` or ``2026``."""
    text = text.strip()
    if len(text) == 7 and text[4] == "-" and text[5] == "Q" and text[:4].isdigit() \
            and text[6] in "1234":
        return "quarter", int(text[:4]) * 4 + int(text[6]) - 1
    if len(text) == 4 and text.isdigit():
        return "year", int(text)
    try:
        return "month", months.parse(text)
    except ValueError:
        raise ValueError(f"not a period: {text!r} (expected YYYY-MM, YYYY-Qn or YYYY)") \
            from None


def period_labels(kind: PeriodKind, ordinals: I32) -> npt.NDArray[np.str_]:
    """Labels of an ordinal column (each distinct ordinal rendered once)."""
    if kind == "month":
        if ordinals.size == 0:
            return np.zeros(0, dtype="<U7")
        lo = int(ordinals.min())
        table = months.labels(np.arange(lo, int(ordinals.max()) + 1))
        month_labels: npt.NDArray[np.str_] = table[ordinals - lo]
        return month_labels
    uniq, inv = np.unique(ordinals, return_inverse=True)
    names = np.array([period_label(kind, int(u)) for u in uniq], dtype=np.str_)
    out: npt.NDArray[np.str_] = names[inv.reshape(-1)]
    return out
