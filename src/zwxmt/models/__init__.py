"""Typed, frozen domain models of zwxmt (pydantic v2).

Every model accepts the official forms' Chinese headers as aliases and the English snake_case
names; ``PUBLIC_MODELS`` lists what ``zwxmt schema MODEL`` can print.
"""

from __future__ import annotations

from pydantic import BaseModel

from zwxmt.models.base import (
    Count,
    Money,
    PastDate,
    PhoneNumber,
    Ratio,
    RegionCode,
    YesNo,
    ZwxmtModel,
    zh_field,
)
from zwxmt.models.enums import (
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
)
from zwxmt.models.forms import (
    Commitment,
    FilingRegistration,
    FundingPlan,
    InventoryForm,
    InventoryRow,
    MenuItem,
    OpeningApplication,
    Signature,
    TeamMember,
)
from zwxmt.models.organisation import Account, AccountSnapshot, Contact, Operator, Region, Unit

__all__ = [
    "PUBLIC_MODELS",
    "Account",
    "AccountKind",
    "AccountSnapshot",
    "AccountStatus",
    "AdminLevel",
    "BasicFunction",
    "Commitment",
    "Contact",
    "Count",
    "FilingRegistration",
    "FundingPlan",
    "InventoryForm",
    "InventoryRow",
    "Measure",
    "MenuItem",
    "Money",
    "OpeningApplication",
    "OperationMode",
    "Operator",
    "OperatorKind",
    "PastDate",
    "PhoneNumber",
    "Platform",
    "Ratio",
    "Region",
    "RegionCode",
    "Signature",
    "TeamMember",
    "Unit",
    "UnitKind",
    "UnitRole",
    "YesNo",
    "ZhEnum",
    "ZwxmtModel",
    "zh_field",
]

#: Public models by name, for ``zwxmt schema`` (other packages register theirs here too).
PUBLIC_MODELS: dict[str, type[BaseModel]] = {
    cls.__name__: cls
    for cls in (
        Account, AccountSnapshot, Commitment, Contact, FilingRegistration, FundingPlan,
        InventoryForm, InventoryRow, MenuItem, OpeningApplication, Operator, Region,
        Signature, TeamMember, Unit,
    )
}
