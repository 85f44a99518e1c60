"""Cells that hold more than one field, as the forms print them (复合单元格).

- 账号ID及名称 (``HN-A1``): the account's name and the platform's own account id;
- 主办单位 / 负责人及联系电话 and 运营单位 / 联系人及联系电话 (``HN-A2``): a unit, a person
  and a phone number;
- 运营人数 (``HN-A2(4)``: 有无专人运营和负责运营人数): dedicated staff and how many.

Each composite renders its fields into one cell's text and splits a cell's text back into
raw values, which the fields' own parsers then validate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from zwxmt.forms.cells import parse_staff

__all__ = ["COMPOSITES", "Composite", "split_phone"]

_FOLD = str.maketrans("０１２３４５６７８９－（）＋", "0123456789-()+")
_PHONE = re.compile(r"(?:\+?86[- ]?)?1[3-9]\d{9}|\(?0\d{2,3}\)?[- ]?\d{7,8}(?:(?:转|-)\d{1,6})?"
                    r"|\d*\*+\d+(?:-\d*\*+\d+)?|0\d{2,3}-\**\d+")
_SEP = " \t\r\n,，;；:：、/|"


def split_phone(text: str) -> tuple[str, str | None]:
    """Split "张三 0734-8550119" into the rest ("张三") and the phone number (None if none).

    Digits may be full-width; the rest keeps its own characters (full-width brackets stay)."""
    folded = text.translate(_FOLD)  # one character for one: positions stay
    found = None
    for hit in _PHONE.finditer(folded):
        found = hit  # the last number: names come first
    if found is None:
        return text.strip(_SEP), None
    rest = (text[:found.start()] + " " + text[found.end():]).strip(_SEP)
    rest = re.sub(r"(联系)?电话[:：]?\s*$", "", rest).strip(_SEP)
    rest = re.sub(r"^(负责人|联系人)[:：]\s*", "", rest).strip(_SEP)
    return rest, folded[found.start():found.end()].replace(" ", "")


@dataclass(frozen=True)
class Composite:
    """Fields ``keys`` written together in one cell."""

    name: str
    keys: tuple[str, ...]
    render: Callable[[Mapping[str, Any]], str | None]
    split: Callable[[str], dict[str, Any]]


def _render_unit(keys: tuple[str, str, str]) -> Callable[[Mapping[str, Any]], str | None]:
    def render(values: Mapping[str, Any]) -> str | None:
        unit, person, phone = (values.get(k) for k in keys)
        second = " ".join(str(x) for x in (person, phone) if x)
        if not unit and not second:
            return None
        return f"{unit or ''}\n{second}" if second else str(unit)
    return render


def _split_unit(keys: tuple[str, str, str]) -> Callable[[str], dict[str, Any]]:
    def split(text: str) -> dict[str, Any]:
        lines = [ln.strip() for ln in text.rstrip().splitlines()]
        if not any(lines):
            return dict.fromkeys(keys)
        if len(lines) > 1:  # the unit on the first line (blank when not given), then the rest
            unit, rest = lines[0], " ".join(ln for ln in lines[1:] if ln)
            person, phone = split_phone(rest)
        else:
            rest, phone = split_phone(lines[0])
            parts = re.split(r"[\s,，;；、]+", rest, maxsplit=1)
            unit, person = parts[0], parts[1] if len(parts) > 1 else ""
        person = re.sub(r"^(负责人|联系人)\s*[:：]\s*", "", person or "")
        if phone is None:  # digits that are not a phone number: let the phone field refuse them
            digits = re.search(r"\d[\d\s-]{3,}\d", (person or "").translate(_FOLD))
            if digits is not None:
                phone = digits.group()
                person = (person[:digits.start()] + person[digits.end():]).strip(_SEP)
        return {keys[0]: unit or None, keys[1]: person or None, keys[2]: phone}
    return split


_ID = re.compile(r"(?:账号)?ID\s*[:：]\s*([^\s）)]+)", re.I)
_NAME = re.compile(r"名称\s*[:：]\s*(.+)")
_ASCII_ID = re.compile(r"^[A-Za-z0-9_.@-]+$")


def _render_id_name(values: Mapping[str, Any]) -> str | None:
    name, uid = values.get("account_name"), values.get("platform_account_id")
    lines = ([f"名称：{name}"] if name else []) + ([f"ID：{uid}"] if uid else [])
    return "\n".join(lines) or None


def _split_id_name(text: str) -> dict[str, Any]:
    uid = None
    m = _ID.search(text)
    if m is not None:
        uid = m.group(1)
        text = (text[:m.start()] + text[m.end():])
    n = _NAME.search(text)
    if n is not None:
        name = n.group(1).strip()
    else:
        tokens = [t for t in re.split(r"[\s/|]+", text.strip()) if t]
        if uid is None:
            ids = [t for t in tokens if _ASCII_ID.match(t)]
            if ids and len(tokens) > 1:
                uid = ids[-1]
                tokens = [t for t in tokens if t != uid]
        name = " ".join(tokens)
    name = re.sub(r"[（(]\s*[)）]$", "", name).strip(_SEP)
    return {"account_name": name or None, "platform_account_id": uid}


def _render_staff(values: Mapping[str, Any]) -> str | None:
    dedicated, count = values.get("has_dedicated_staff"), values.get("operators_count")
    head = {True: "有专人", False: "无专人", None: ""}[dedicated]
    tail = f"{count}人" if count is not None else ""
    return "，".join(x for x in (head, tail) if x) or None


def _split_staff(text: str) -> dict[str, Any]:
    dedicated, count = parse_staff(text)
    return {"has_dedicated_staff": dedicated, "operators_count": count}


#: The composites of the forms, by name.
COMPOSITES: Mapping[str, Composite] = {
    "id_and_name": Composite("id_and_name", ("account_name", "platform_account_id"),
                             _render_id_name, _split_id_name),
    "host_unit": Composite("host_unit", ("host_unit", "host_head", "host_phone"),
                           _render_unit(("host_unit", "host_head", "host_phone")),
                           _split_unit(("host_unit", "host_head", "host_phone"))),
    "operator_unit": Composite(
        "operator_unit", ("operator_unit", "operator_contact", "operator_phone"),
        _render_unit(("operator_unit", "operator_contact", "operator_phone")),
        _split_unit(("operator_unit", "operator_contact", "operator_phone"))),
    "staff": Composite("staff", ("has_dedicated_staff", "operators_count"), _render_staff,
                       _split_staff),
}
