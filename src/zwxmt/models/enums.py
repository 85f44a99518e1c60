"""Closed vocabularies of the domain: a re-export of :mod:`zwxmt.vocabulary` (the one vocabulary).

Kept so existing imports (``from zwxmt.models.enums import Platform``) keep working.
"""

from __future__ import annotations

from zwxmt.vocabulary import (
    AccountKind,
    AccountStatus,
    AdminLevel,
    BasicFunction,
    Measure,
    OperationMode,
    OperatorKind,
    Platform,
    UnitKind,
    UnitRole,
    ZhEnum,
    register_labels,
)

__all__ = [
    "AccountKind",
    "AccountStatus",
    "AdminLevel",
    "BasicFunction",
    "Measure",
    "OperationMode",
    "OperatorKind",
    "Platform",
    "UnitKind",
    "UnitRole",
    "ZhEnum",
    "register_labels",
]
