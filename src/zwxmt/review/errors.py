"""Typed errors of the 三审 workflow; each names the rule it enforces and a finding code."""

from __future__ import annotations

from zwxmt.errors import ZwxmtError

__all__ = [
    "PublishedBeforeReview",
    "ReviewAfterPublication",
    "ReviewError",
    "ReviewOutOfOrder",
    "SameReviewer",
    "WrongReviewerRole",
]


class ReviewError(ZwxmtError):
    """A step of the 三审 workflow that the rules do not allow."""

    code = "review_error"


class ReviewOutOfOrder(ReviewError):
    """A review at a level the post is not waiting for (``ZJG-8.2.1``)."""

    code = "review_out_of_order"


class WrongReviewerRole(ReviewError):
    """A review by someone not in the role of that level (``ZJG-8.2.1-roles``)."""

    code = "review_wrong_role"


class SameReviewer(ReviewError):
    """Two levels of one review round by the same person (``ZJG-8.2.1-roles``)."""

    code = "review_same_person"


class PublishedBeforeReview(ReviewError):
    """Publication before all three reviews passed (``ZJG-8.2.1``, 先审后发)."""

    code = "review_incomplete"


class ReviewAfterPublication(ReviewError):
    """A review of a post that is already published (``ZJG-8.2.1``, 先审后发)."""

    code = "review_after_publication"
