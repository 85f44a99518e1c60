"""The vocabulary of 三审: review levels (审级), reviewer roles (审核人员) and the seven review
elements (审核要素).

- ``ZJG-8.2.1-roles``: “一审”由各单位新媒体编辑人员负责；“二审”由各单位办公室或指定科室领导负责；
  “三审”由各单位分管领导负责。
- ``ZJG-8.2.2``: 审核要素包括政治要素、政策要素、业务要素、法律要素、文字要素、
  保密要素、舆情要素等7项内容。
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from zwxmt.rules import cite

__all__ = ["ALL_ELEMENTS_MASK", "Element", "ReviewLevel", "ReviewerRole"]


class ReviewLevel(IntEnum):
    """审级: 一审, 二审, 三审 (``ZJG-8.2.1``)."""

    FIRST = 1
    SECOND = 2
    THIRD = 3

    @property
    def zh(self) -> str:
        return ("一审", "二审", "三审")[self.value - 1]


class ReviewerRole(StrEnum):
    """The role a reviewer holds (``ZJG-8.2.1-roles``)."""

    EDITOR = "editor"
    OFFICE_LEADER = "office_leader"
    LEADER_IN_CHARGE = "leader_in_charge"

    @property
    def zh(self) -> str:
        return {"editor": "新媒体编辑人员", "office_leader": "办公室或指定科室领导",
                "leader_in_charge": "分管领导"}[self.value]


class Element(StrEnum):
    """One of the seven review elements (``ZJG-8.2.2``); ``bit`` is its place in a mask."""

    POLITICAL = "political"
    POLICY = "policy"
    BUSINESS = "business"
    LEGAL = "legal"
    TEXTUAL = "textual"
    CONFIDENTIALITY = "confidentiality"
    PUBLIC_OPINION = "public_opinion"

    @property
    def position(self) -> int:
        return list(Element).index(self)

    @property
    def bit(self) -> int:
        return 1 << self.position

    @property
    def zh(self) -> str:
        return _ELEMENT_ZH[self.position]

    @property
    def rule(self) -> str:
        """The sub-clause stating what the element requires, ``ZJG-8.2.2(1)`` … ``(7)``."""
        return _ELEMENT_RULES[self.position]

    @property
    def finding_code(self) -> str:
        return f"element_{self.value}"


_ELEMENT_ZH = ("政治要素", "政策要素", "业务要素", "法律要素", "文字要素", "保密要素", "舆情要素")
_ELEMENT_RULES = tuple(cite(r) for r in (
    "ZJG-8.2.2(1)", "ZJG-8.2.2(2)", "ZJG-8.2.2(3)", "ZJG-8.2.2(4)", "ZJG-8.2.2(5)",
    "ZJG-8.2.2(6)", "ZJG-8.2.2(7)"))

#: The mask of a review that confirmed all seven elements.
ALL_ELEMENTS_MASK = (1 << len(Element)) - 1
