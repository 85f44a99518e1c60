"""The 三审 workflow of one post (信息发布“三审”制度), as a small state machine.

``ZJG-8.2.1``: 各主办单位应建立信息发布“三审”制度 … 严格内容发布审核，坚持分级分类审核、先审后发。
``ZJG-8.2.1-roles``: “一审”由各单位新媒体编辑人员负责；“二审”由各单位办公室或指定科室领导负责；
“三审”由各单位分管领导负责。
``ZJG-8.2.2``: 审核要素包括政治要素、政策要素、业务要素、法律要素、文字要素、
保密要素、舆情要素等7项内容。

A post moves draft → 一审 → 二审 → 三审 → published. Each review records the reviewer, the
role, the time and the seven elements, each confirmed or failed with a note. A review that
fails any element sends the post back to draft (退回): the next round starts again at 一审.
Validators raise typed errors naming the rule; :meth:`ReviewWorkflow.may_submit` answers
without acting. The transition table is plain data (:data:`TRANSITIONS`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from pydantic import model_validator

from zwxmt.models import ZwxmtModel, zh_field
from zwxmt.review.elements import Element, ReviewerRole, ReviewLevel
from zwxmt.review.errors import (
    PublishedBeforeReview,
    ReviewAfterPublication,
    ReviewError,
    ReviewOutOfOrder,
    SameReviewer,
    WrongReviewerRole,
)
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.rules import cite

__all__ = [
    "TRANSITIONS",
    "ElementCheck",
    "PostState",
    "Review",
    "ReviewWorkflow",
    "transition_table",
]

RULE_SYSTEM = cite("ZJG-8.2.1")
RULE_ROLES = cite("ZJG-8.2.1-roles")
RULE_ELEMENTS = cite("ZJG-8.2.2")


class PostState(StrEnum):
    """Where a post stands in 三审."""

    DRAFT = "draft"
    FIRST_PASSED = "first_passed"
    SECOND_PASSED = "second_passed"
    APPROVED = "approved"
    PUBLISHED = "published"

    @property
    def zh(self) -> str:
        return {"draft": "草稿", "first_passed": "一审通过", "second_passed": "二审通过",
                "approved": "三审通过", "published": "已发布"}[self.value]


#: (state, event, next state): a passed review at a level, or publication. A failed review
#: from any unpublished state goes back to draft (退回).
TRANSITIONS: tuple[tuple[PostState, str, PostState], ...] = (
    (PostState.DRAFT, "pass 一审", PostState.FIRST_PASSED),
    (PostState.FIRST_PASSED, "pass 二审", PostState.SECOND_PASSED),
    (PostState.SECOND_PASSED, "pass 三审", PostState.APPROVED),
    (PostState.APPROVED, "publish", PostState.PUBLISHED),
)
_NEXT_LEVEL = {PostState.DRAFT: ReviewLevel.FIRST, PostState.FIRST_PASSED: ReviewLevel.SECOND,
               PostState.SECOND_PASSED: ReviewLevel.THIRD}
_AFTER = {s: t for s, _, t in TRANSITIONS}


def transition_table() -> str:
    """The machine as a table (state, event, next state)."""
    rows = [f"{s.value:<14} {e:<10} {t.value}" for s, e, t in TRANSITIONS]
    rows.append(f"{'(unpublished)':<14} {'fail':<10} {PostState.DRAFT.value}")
    return "\n".join(rows)


class ElementCheck(ZwxmtModel):
    """One element of one review: confirmed or failed, with a note."""

    element: Element = zh_field("审核要素")
    confirmed: bool = zh_field("是否确认")
    note: str = zh_field("说明", default="")


class Review(ZwxmtModel):
    """One review of a post: level, reviewer, role, time and the seven elements."""

    level: ReviewLevel = zh_field("审级")
    reviewer: str = zh_field("审核人", min_length=1)
    role: ReviewerRole = zh_field("审核人员角色")
    at: dt.datetime = zh_field("审核时间")
    checks: tuple[ElementCheck, ...] = zh_field("审核要素")

    @model_validator(mode="after")
    def _seven_elements(self) -> Review:
        seen = [c.element for c in self.checks]
        if sorted(seen) != sorted(Element):
            missing = [e.zh for e in Element if e not in seen]
            twice = sorted({e.zh for e in seen if seen.count(e) > 1})
            raise ValueError(
                f"a review records each of the seven elements once ({RULE_ELEMENTS}); "
                f"missing {missing}, repeated {twice}")
        return self

    @classmethod
    def passing(cls, level: int, reviewer: str, role: ReviewerRole | str,
                at: dt.datetime) -> Review:
        """A review confirming all seven elements."""
        return cls(level=ReviewLevel(level), reviewer=reviewer, role=ReviewerRole(role), at=at,
                   checks=tuple(ElementCheck(element=e, confirmed=True) for e in Element))

    @property
    def failed(self) -> tuple[Element, ...]:
        return tuple(c.element for c in self.checks if not c.confirmed)

    @property
    def passed(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class ReviewWorkflow:
    """The review history of one post; each step returns a new workflow (immutable)."""

    post_id: str
    state: PostState = PostState.DRAFT
    round: tuple[Review, ...] = ()
    history: tuple[Review, ...] = ()
    returns: int = 0
    published_at: dt.datetime | None = None
    params: ReviewParameters | None = None

    def _params(self) -> ReviewParameters:
        return self.params if self.params is not None else review_parameters()

    def _check(self, review: Review) -> ReviewError | None:
        p = self._params()
        if self.state is PostState.PUBLISHED:
            return ReviewAfterPublication(
                f"post {self.post_id}: {review.level.zh} after publication; 先审后发",
                rule=RULE_SYSTEM)
        expected = _NEXT_LEVEL.get(self.state)
        if review.level is not expected:
            want = expected.zh if expected else "publication"
            return ReviewOutOfOrder(
                f"Can't {review.level.zh} when in {self.state.zh}: post {self.post_id} "
                f"awaits {want}", rule=RULE_SYSTEM)
        role = p.expected_role(review.level.value)
        if review.role is not role:
            return WrongReviewerRole(
                f"post {self.post_id}: {review.level.zh} is done by the {role.zh}, "
                f"not the {review.role.zh}", rule=RULE_ROLES)
        if self.history and review.at < self.history[-1].at:
            return ReviewOutOfOrder(
                f"post {self.post_id}: {review.level.zh} at {review.at.isoformat()} is before "
                f"the previous review ({self.history[-1].at.isoformat()})", rule=RULE_SYSTEM)
        if p.distinct_reviewers.value:
            for earlier in self.round:
                if earlier.reviewer == review.reviewer:
                    return SameReviewer(
                        f"post {self.post_id}: {earlier.level.zh} and {review.level.zh} both "
                        f"by {review.reviewer}", rule=RULE_ROLES)
        return None

    def may_submit(self, review: Review) -> str | None:
        """Why ``review`` would be refused, or None if it can be submitted."""
        error = self._check(review)
        return None if error is None else error.message

    def submit(self, review: Review) -> ReviewWorkflow:
        """Record ``review``: advance on a pass, send back to draft on any failed element."""
        error = self._check(review)
        if error is not None:
            raise error
        history = (*self.history, review)
        if not review.passed:
            return replace(self, state=PostState.DRAFT, round=(), history=history,
                           returns=self.returns + 1)
        return replace(self, state=_AFTER[self.state], round=(*self.round, review),
                       history=history)

    def publish(self, at: dt.datetime) -> ReviewWorkflow:
        """Publish; refused unless all three reviews of the current round passed before ``at``."""
        if self.state is not PostState.APPROVED:
            done = ", ".join(r.level.zh for r in self.round) or "none"
            raise PublishedBeforeReview(
                f"Can't publish when in {self.state.zh}: post {self.post_id} has passed "
                f"{done} of 一审, 二审, 三审 (先审后发)", rule=RULE_SYSTEM)
        last = self.round[-1].at
        if at < last:
            raise PublishedBeforeReview(
                f"post {self.post_id}: publication at {at.isoformat()} precedes 三审 at "
                f"{last.isoformat()}", rule=RULE_SYSTEM)
        return replace(self, state=PostState.PUBLISHED, published_at=at)
