"""The per-account-period summary: the health-index inputs handed to scoring
(ZJG-9.2-T2-health: serious_errors, general_errors, poor_responses)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from zwxmt.review.lexicon import Lexicon
from zwxmt.review.logs import MessageLog, PostLog
from zwxmt.review.report import SUMMARY_COLUMNS, ReviewInputs, run_review


def test_summary_rows_from_posts_and_from_messages() -> None:
    posts = PostLog(
        post_id=np.array(["P1", "P2", "P3"], dtype=object),
        account_id=np.array(["A", "A", "C"], dtype=object),
        published_at=np.array(["2026-09-03T10:00", "2026-09-20T10:00", "2026-10-02T10:00"],
                              dtype="datetime64[s]"),
        text=np.array(["台湾总统、截止目前", "截止目前；截止目前", "正常"], dtype=object))
    messages = MessageLog(
        message_id=np.array(["M1", "M2"], dtype=object),
        account_id=np.array(["B", "A"], dtype=object),
        channel=np.array(["message", "comment"], dtype=object),
        received_at=np.array(["2026-10-09T09:00", "2026-09-01T09:00"], dtype="datetime64[s]"),
        replied_at=np.array(["NaT", "2026-09-02T09:00"], dtype="datetime64[s]"))
    lex = Lexicon.of([("台湾总统", "serious"), ("截止目前", "general")])
    report = run_review(ReviewInputs(posts=posts, messages=messages, lexicon=lex),
                        as_of=dt.date(2026, 11, 30))
    s = report.summary
    assert tuple(s) == SUMMARY_COLUMNS
    table = {(a, p): i for i, (a, p) in enumerate(zip(s["account_id"], s["period"],
                                                      strict=True))}
    assert set(table) == {("A", "2026-09"), ("B", "2026-10"), ("C", "2026-10")}
    a, b, c = table["A", "2026-09"], table["B", "2026-10"], table["C", "2026-10"]
    assert (s["serious_errors"][a], s["general_errors"][a], s["poor_responses"][a]) == (1, 3, 0)
    assert (s["posts"][a], s["messages_received"][a], s["replied_on_time"][a]) == (2, 1, 1)
    assert (s["serious_errors"][b], s["poor_responses"][b], s["posts"][b]) == (0, 1, 0)
    assert (s["posts"][c], s["messages_received"][c]) == (1, 0)
    assert np.isnan(s["response_rate"][c])
    assert s["response_rate"][b] == 0.0
