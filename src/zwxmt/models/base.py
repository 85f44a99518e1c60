"""The base model and the constrained field types shared by every zwxmt model.

Models are frozen and forbid unknown fields. A field that appears on an official form takes
the form's Chinese header as its alias; either the alias or the English snake_case name is
accepted on input, and output (``model_dump``, JSON) uses the English names.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "Count",
    "ListText",
    "Money",
    "PastDate",
    "PhoneNumber",
    "Ratio",
    "RegionCode",
    "YesNo",
    "ZwxmtModel",
    "zh_field",
]


class ZwxmtModel(BaseModel):
    """Frozen, strict-keyed base; accepts Chinese aliases and English names alike."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=False,
        str_strip_whitespace=True,
        use_enum_values=False,
    )

    @classmethod
    def chinese_headers(cls) -> dict[str, str]:
        """Map each field's English name to its Chinese header (fields that have one)."""
        return {
            name: info.alias for name, info in cls.model_fields.items()
            if info.alias and info.alias != name
        }


def zh_field(header: str, description: str = "", **kwargs: Any) -> Any:
    """A field whose alias is the Chinese header of the official form.

    The header also opens the field's description, so the JSON Schema shows it.
    """
    text = f"{header}: {description}" if description and description != header else header
    return Field(alias=header, description=text, **kwargs)


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


#: A date that is not after today (a registration, an opening, a signature).
PastDate = Annotated[dt.date, AfterValidator(_not_future)]

#: A count (fans, posts, staff): a whole number, never negative.
Count = Annotated[int, Field(ge=0, description="a count: a whole number >= 0")]

#: A share in [0, 1] (a rate, a proportion).
Ratio = Annotated[float, Field(ge=0.0, le=1.0, description="a ratio between 0 and 1")]

#: An amount of money in yuan, never negative.
Money = Annotated[float, Field(ge=0.0, description="an amount in yuan, >= 0")]

_MOBILE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}[- ]?\d{7,8}(?:[- ]?(?:转|ext\.?|-)?\d{1,6})?$")


def _phone(value: str) -> str:
    compact = value.strip().replace("（", "(").replace("）", ")")
    compact = re.sub(r"^\((0\d{2,3})\)", r"\1-", compact)
    if _MOBILE.match(compact) or _LANDLINE.match(compact):
        return compact
    raise ValueError(
        f"{value!r} is not a phone number: expected a mobile number (11 digits, 1[3-9]…) "
        "or a landline with its area code (e.g. 0734-8550119)")


#: A mainland China mobile or landline number.
PhoneNumber = Annotated[str, AfterValidator(_phone)]

_REGION = re.compile(r"^\d{6}(?:\d{3}(?:\d{3})?)?$")


def _region(value: str) -> str:
    if not _REGION.match(value):
        raise ValueError(
            f"{value!r} is not a region code: expected 6, 9 or 12 digits (e.g. 330102)")
    return value


#: An administrative division code (区划代码): 6 digits to the county, 9 or 12 below.
RegionCode = Annotated[str, AfterValidator(_region)]


_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def _split_list(value: Any) -> Any:
    """A list written in one cell, as the forms do ("发布、互动"), becomes a list of items."""
    if isinstance(value, str):
        return [item for item in _SEPARATORS.split(value.strip()) if item]
    return value


#: Marks a tuple field that also accepts its items written in one cell, separated by 、 , ; or
#: spaces (基本功能填写发布、传播、互动、引导、办事等, ``HN-A2(6)``).
ListText = BeforeValidator(_split_list)


#: 是/否 as the forms print and offices write it (``□是□否`` with one ticked, 有/无).
_YES_NO: dict[str, bool] = {
    "是": True, "否": False, "有": True, "无": False, "☑是□否": True, "□是☑否": False,
    "√是": True, "√否": False, "是√": True, "否√": False, "☑是": True, "☑否": False,
}


def _yes_no(value: Any) -> Any:
    if isinstance(value, str):
        return _YES_NO.get("".join(value.split()), value)
    return value


#: A yes/no field that also takes 是/否, 有/无 and the ticked boxes of the printed form.
YesNo = Annotated[bool, BeforeValidator(_yes_no)]

