"""Contacts on the forms (联系方式): phone numbers, QQ numbers and WeChat ids.

Validated when read (a cell that is not one is a reject naming the cell) and masked on
request in every output (``--mask-contacts``), so a form can be shared without the staff's
numbers: ``13812345678`` → ``138****5678``, ``0734-8550119`` → ``0734-***0119``,
``124396930`` → ``12*****30``, ``ly_office2023`` → ``ly*********23``.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from zwxmt.forms.cells import CellValueError, norm

__all__ = ["ContactKind", "mask", "parse_phone", "parse_qq", "parse_wechat"]

ContactKind = Literal["phone", "qq", "wechat"]

_MOBILE = re.compile(r"(?:\+?86[- ]?)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(?:(?:转|-)\d{1,6})?")
_QQ = re.compile(r"[1-9]\d{4,11}")
# WeChat: 6-20 characters, a letter first, then letters, digits, _ or -; or a mobile number
_WECHAT = re.compile(r"[A-Za-z][A-Za-z0-9_-]{5,19}")

PHONE_ALLOWED = ("a mobile number (11 digits, 1[3-9]…) or a landline with its area code "
                 "(0734-8550119)")


def _clean(value: Any) -> str:
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = norm(text)
    m = re.fullmatch(r"\((0\d{2,3})\)-?(.*)", text)  # (0734)8550119
    return f"{m[1]}-{m[2]}" if m else text


def parse_phone(value: Any) -> str:
    """A mainland mobile or landline number, as written (full-width folded)."""
    text = _clean(value)
    if _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text):
        return text
    raise CellValueError(f"{value!r} is not a phone number", PHONE_ALLOWED)


def parse_qq(value: Any) -> str:
    """A QQ number: 5 to 12 digits, not starting with 0."""
    text = _clean(value)
    if _QQ.fullmatch(text):
        return text
    raise CellValueError(f"{value!r} is not a QQ number", "5 to 12 digits, not starting with 0")


def parse_wechat(value: Any) -> str:
    """A WeChat id (6-20 characters: a letter, then letters, digits, _ or -) or a mobile."""
    text = _clean(value)
    if _WECHAT.fullmatch(text) or _MOBILE.fullmatch(text):
        return text
    raise CellValueError(
        f"{value!r} is not a WeChat id",
        "6 to 20 characters: a letter, then letters, digits, _ or -; or a mobile number")


def mask(value: str | None, kind: ContactKind) -> str | None:
    """The contact with its middle hidden; the ends stay so that a reader can tell two apart."""
    if value is None or value == "":
        return value
    if kind == "phone":
        if _MOBILE.fullmatch(value):
            return value[:-8] + "****" + value[-4:]
        head, _, tail = value.rpartition("-") if "-" in value else ("", "", value)
        if head:
            return f"{head}-" + "*" * (len(tail) - 4) + tail[-4:]
        return value[:4] + "*" * max(len(value) - 8, 1) + value[-4:]
    keep = 2
    if len(value) <= 2 * keep:
        return "*" * len(value)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]
