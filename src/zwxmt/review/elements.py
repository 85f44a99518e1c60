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
from zwxmt.vocabulary import ZhEnum, register_labels

__all__ = ["ALL_ELEMENTS_MASK", "Element", "LexiconTag", "ReviewLevel", "ReviewLevelCode",
           "ReviewerRole"]


class ReviewLevel(IntEnum):
    """审级: 一审, 二审, 三审 (``ZJG-8.2.1``)."""

    FIRST = 1
    SECOND = 2
    THIRD = 3

    @property
    def zh(self) -> str:
        return ("一审", "二审", "三审")[self.value - 1]


class ReviewLevelCode(ZhEnum):
    """审级 as a file writes it (``ZJG-8.2.1``): ``1``/``2``/``3`` or 一审/二审/三审; the code
    is the level number (:class:`ReviewLevel`)."""

    FIRST = "1"
    SECOND = "2"
    THIRD = "3"


register_labels(ReviewLevelCode, {
    ReviewLevelCode.FIRST: ("一审", "初审", "第一审", "一级审核"),
    ReviewLevelCode.SECOND: ("二审", "复审", "第二审", "二级审核"),
    ReviewLevelCode.THIRD: ("三审", "终审", "第三审", "三级审核"),
})


class ReviewerRole(ZhEnum):
    """The role a reviewer holds (``ZJG-8.2.1-roles``). A rulebook's ``role_aliases`` add
    spellings for its own offices (see :mod:`zwxmt.review.inputs`)."""

    EDITOR = "editor"
    OFFICE_LEADER = "office_leader"
    LEADER_IN_CHARGE = "leader_in_charge"


register_labels(ReviewerRole, {
    ReviewerRole.EDITOR: ("新媒体编辑人员", "新媒体编辑", "编辑"),
    ReviewerRole.OFFICE_LEADER: ("办公室或指定科室领导", "办公室领导", "科室领导", "指定科室领导"),
    ReviewerRole.LEADER_IN_CHARGE: ("分管领导", "分管负责人"),
})


class LexiconTag(ZhEnum):
    """The tag of a lexicon term (词库类别): the two 表述错误 grades of ``ZJG-9.2-T2-health``,
    advertising and personal opinion (``ZJG-7.1-opinion-ads``)."""

    SERIOUS = "serious"
    GENERAL = "general"
    ADVERTISING = "advertising"
    OPINION = "opinion"


register_labels(LexiconTag, {
    LexiconTag.SERIOUS: ("严重", "严重表述错误"),
    LexiconTag.GENERAL: ("一般", "一般表述错误"),
    LexiconTag.ADVERTISING: ("广告", "商业广告"),
    LexiconTag.OPINION: ("个人观点", "观点"),
})


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
