"""Content review and compliance (内容审核与合规): 三审, the seven review elements, repost sources,
advertising, interaction and entrusted operation.

- :mod:`~zwxmt.review.workflow`: the 三审 state machine of one post (``ZJG-8.2.1``);
- :mod:`~zwxmt.review.audit`: the vectorised audit of a publication log;
- :mod:`~zwxmt.review.content`, :mod:`~zwxmt.review.lexicon`: content rules and lexicon matching
  (``ZJG-7.1-sources``, ``ZJG-8.1.2``, ``ZJG-7.1-opinion-ads``, ``ZJG-9.2-T2-health``);
- :mod:`~zwxmt.review.interaction`: reply limits and response rates (``ZJG-7.3.3``, ``HN-3.2``);
- :mod:`~zwxmt.review.entrusted`: operators and security items (``ZJO-2.4``, ``ZJG-5.2.5``);
- :mod:`~zwxmt.review.report`: :func:`run_review` and the per-account-period health-index inputs;
- :mod:`~zwxmt.review.schemas`, :mod:`~zwxmt.review.inputs`: the declared inputs and
  :func:`load_inputs` (any file or in-memory table, validated on the table layer).

See ``docs/review.md``.
"""

from __future__ import annotations

from zwxmt.review.audit import ReviewAudit, audit_reviews
from zwxmt.review.content import ContentResult, check_content
from zwxmt.review.elements import ALL_ELEMENTS_MASK, Element, ReviewerRole, ReviewLevel
from zwxmt.review.entrusted import (
    Inspection,
    check_application,
    check_inspection,
    check_operator,
    check_security_items,
)
from zwxmt.review.errors import (
    PublishedBeforeReview,
    ReviewAfterPublication,
    ReviewError,
    ReviewOutOfOrder,
    SameReviewer,
    WrongReviewerRole,
)
from zwxmt.review.findings import CODES, Finding, FindingCode, FindingTable, Severity
from zwxmt.review.inputs import load_inputs
from zwxmt.review.interaction import (
    InteractionResult,
    InteractionSettings,
    check_interaction,
    check_settings,
)
from zwxmt.review.lexicon import Lexicon, Matches, choose_engine, match_lexicon
from zwxmt.review.logs import MessageLog, PostLog, ReviewLog
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.review.report import (
    SUMMARY_COLUMNS,
    ReviewInputs,
    ReviewReport,
    ReviewSummary,
    account_period_summary,
    run_review,
)
from zwxmt.review.workflow import ElementCheck, PostState, Review, ReviewWorkflow

__all__ = [
    "ALL_ELEMENTS_MASK",
    "CODES",
    "SUMMARY_COLUMNS",
    "ContentResult",
    "Element",
    "ElementCheck",
    "Finding",
    "FindingCode",
    "FindingTable",
    "Inspection",
    "InteractionResult",
    "InteractionSettings",
    "Lexicon",
    "Matches",
    "MessageLog",
    "PostLog",
    "PostState",
    "PublishedBeforeReview",
    "Review",
    "ReviewAfterPublication",
    "ReviewAudit",
    "ReviewError",
    "ReviewInputs",
    "ReviewLevel",
    "ReviewLog",
    "ReviewOutOfOrder",
    "ReviewParameters",
    "ReviewReport",
    "ReviewSummary",
    "ReviewWorkflow",
    "ReviewerRole",
    "SameReviewer",
    "Severity",
    "WrongReviewerRole",
    "account_period_summary",
    "audit_reviews",
    "check_application",
    "check_content",
    "check_inspection",
    "check_interaction",
    "check_operator",
    "check_security_items",
    "check_settings",
    "choose_engine",
    "load_inputs",
    "match_lexicon",
    "review_parameters",
    "run_review",
]
