"""The 三审 state machine of one post (ZJG-8.2.1, ZJG-8.2.1-roles, ZJG-8.2.2)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from zwxmt.review.elements import Element, ReviewerRole
from zwxmt.review.errors import (
    PublishedBeforeReview,
    ReviewAfterPublication,
    ReviewOutOfOrder,
    SameReviewer,
    WrongReviewerRole,
)
from zwxmt.review.workflow import (
    ElementCheck,
    PostState,
    Review,
    ReviewWorkflow,
    transition_table,
)

T = dt.datetime(2026, 9, 1, 9, 0)
EDITOR, OFFICE, LEADER = (ReviewerRole.EDITOR, ReviewerRole.OFFICE_LEADER,
                          ReviewerRole.LEADER_IN_CHARGE)


def at(minutes: int) -> dt.datetime:
    return T + dt.timedelta(minutes=minutes)


def failing(level: int, who: str, role: ReviewerRole, when: dt.datetime,
            element: Element) -> Review:
    checks = tuple(ElementCheck(element=e, confirmed=e is not element,
                                note="涉密信息" if e is element else "") for e in Element)
    return Review(level=level, reviewer=who, role=role, at=when, checks=checks)


def reviewed() -> ReviewWorkflow:
    wf = ReviewWorkflow("P1")
    wf = wf.submit(Review.passing(1, "甲", EDITOR, at(0)))
    wf = wf.submit(Review.passing(2, "乙", OFFICE, at(10)))
    return wf.submit(Review.passing(3, "丙", LEADER, at(20)))


def test_three_passing_reviews_then_publication() -> None:
    wf = reviewed()
    assert wf.state is PostState.APPROVED
    done = wf.publish(at(30))
    assert done.state is PostState.PUBLISHED
    assert done.published_at == at(30)
    assert [r.level.zh for r in done.history] == ["一审", "二审", "三审"]


def test_publication_before_third_review_is_refused_with_the_rule() -> None:
    wf = ReviewWorkflow("P1").submit(Review.passing(1, "甲", EDITOR, at(0)))
    wf = wf.submit(Review.passing(2, "乙", OFFICE, at(10)))
    with pytest.raises(PublishedBeforeReview) as err:
        wf.publish(at(30))
    assert err.value.rule == "ZJG-8.2.1"
    assert err.value.code == "review_incomplete"
    assert "一审、二审" in str(err.value) or "一审, 二审" in str(err.value)


def test_publication_time_before_the_third_review_is_refused() -> None:
    with pytest.raises(PublishedBeforeReview):
        reviewed().publish(at(15))


def test_second_and_third_review_by_the_same_person_is_refused() -> None:
    wf = ReviewWorkflow("P1").submit(Review.passing(1, "甲", EDITOR, at(0)))
    wf = wf.submit(Review.passing(2, "乙", OFFICE, at(10)))
    review = Review.passing(3, "乙", LEADER, at(20))
    assert wf.may_submit(review) is not None
    with pytest.raises(SameReviewer) as err:
        wf.submit(review)
    assert err.value.rule == "ZJG-8.2.1-roles"


def test_wrong_role_is_refused() -> None:
    wf = ReviewWorkflow("P1").submit(Review.passing(1, "甲", EDITOR, at(0)))
    with pytest.raises(WrongReviewerRole) as err:
        wf.submit(Review.passing(2, "乙", LEADER, at(10)))
    assert err.value.rule == "ZJG-8.2.1-roles"
    assert "办公室或指定科室领导" in err.value.message


def test_skipping_a_level_is_out_of_order() -> None:
    wf = ReviewWorkflow("P1").submit(Review.passing(1, "甲", EDITOR, at(0)))
    with pytest.raises(ReviewOutOfOrder) as err:
        wf.submit(Review.passing(3, "丙", LEADER, at(10)))
    assert "Can't 三审 when in 一审通过" in err.value.message


def test_a_review_earlier_than_the_previous_one_is_out_of_order() -> None:
    wf = ReviewWorkflow("P1").submit(Review.passing(1, "甲", EDITOR, at(10)))
    with pytest.raises(ReviewOutOfOrder):
        wf.submit(Review.passing(2, "乙", OFFICE, at(5)))


def test_a_failed_element_sends_the_post_back_to_draft() -> None:
    wf = ReviewWorkflow("P1").submit(Review.passing(1, "甲", EDITOR, at(0)))
    wf = wf.submit(failing(2, "乙", OFFICE, at(10), Element.CONFIDENTIALITY))
    assert wf.state is PostState.DRAFT
    assert wf.returns == 1
    assert wf.round == ()
    with pytest.raises(ReviewOutOfOrder):  # the next round starts again at 一审
        wf.submit(Review.passing(2, "乙", OFFICE, at(20)))
    wf = wf.submit(Review.passing(1, "甲", EDITOR, at(30)))
    wf = wf.submit(Review.passing(2, "乙", OFFICE, at(40)))
    wf = wf.submit(Review.passing(3, "丙", LEADER, at(50)))
    assert wf.publish(at(60)).state is PostState.PUBLISHED
    assert len(wf.history) == 5


def test_a_failed_review_records_which_element_and_why() -> None:
    review = failing(1, "甲", EDITOR, at(0), Element.POLITICAL)
    assert review.failed == (Element.POLITICAL,)
    assert not review.passed
    assert review.checks[0].note == "涉密信息"


def test_no_review_after_publication() -> None:
    done = reviewed().publish(at(30))
    with pytest.raises(ReviewAfterPublication):
        done.submit(Review.passing(1, "甲", EDITOR, at(40)))


def test_a_review_must_record_all_seven_elements() -> None:
    checks = tuple(ElementCheck(element=e, confirmed=True) for e in list(Element)[:6])
    with pytest.raises(ValidationError, match="seven elements"):
        Review(level=1, reviewer="甲", role=EDITOR, at=at(0), checks=checks)


def test_reviews_accept_chinese_aliases() -> None:
    review = Review.model_validate({
        "审级": 1, "审核人": "甲", "审核人员角色": "editor", "审核时间": at(0),
        "审核要素": [{"审核要素": e.value, "是否确认": True} for e in Element]})
    assert review.passed


def test_transition_table_lists_every_step() -> None:
    table = transition_table()
    assert "draft" in table and "published" in table and "fail" in table
    assert len(table.splitlines()) == 5


def test_elements_carry_their_sub_clauses() -> None:
    assert [e.rule for e in Element] == [
        "ZJG-8.2.2(1)", "ZJG-8.2.2(2)", "ZJG-8.2.2(3)", "ZJG-8.2.2(4)", "ZJG-8.2.2(5)",
        "ZJG-8.2.2(6)", "ZJG-8.2.2(7)"]
    assert Element.CONFIDENTIALITY.zh == "保密要素"
