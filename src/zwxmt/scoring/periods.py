"""Assessment periods (考核周期, ``ZJG-9.2``): months, quarters and years as integer ordinals.

A month ordinal is ``year·12 + month - 1``, a quarter ordinal ``year·4 + quarter - 1``, a year
ordinal the year itself; ``period_label`` renders one, ``parse_period_label`` reads one back.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from zwxmt.arrays import I32
from zwxmt.scoring.frame import format_month

__all__ = ["PeriodKind", "parse_period_label", "period_label", "period_labels"]

PeriodKind = Literal["month", "quarter", "year"]


def period_label(kind: PeriodKind, ordinal: int) -> str:
    """The text of a period ordinal: ``2026-03``, ``2026-Q1`` or ``2026``."""
    if kind == "month":
        return format_month(ordinal)
    if kind == "quarter":
        return f"{ordinal // 4:04d}-Q{ordinal % 4 + 1}"
    return f"{ordinal:04d}"


def parse_period_label(text: str) -> tuple[PeriodKind, int]:
    text = text.strip()
    if len(text) == 7 and text[4] == "-" and text[5] != "Q":
        return "month", int(text[:4]) * 12 + int(text[5:7]) - 1
    if len(text) == 7 and text[5] == "Q":
        return "quarter", int(text[:4]) * 4 + int(text[6]) - 1
    if len(text) == 4:
        return "year", int(text)
    raise ValueError(f"not a period: {text!r} (expected YYYY-MM, YYYY-Qn or YYYY)")


def period_labels(kind: PeriodKind, ordinals: I32) -> npt.NDArray[np.str_]:
    uniq, inv = np.unique(ordinals, return_inverse=True)
    names = np.array([period_label(kind, int(u)) for u in uniq], dtype=np.str_)
    out: npt.NDArray[np.str_] = names[inv.reshape(-1)]
    return out
