"""The vectorised 三审 audit of a publication log (ZJG-8.2.1, ZJG-8.2.1-roles, ZJG-8.2.2)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.review_helpers import ROLES, T0, chain, posts, reviews, without
from zwxmt.errors import InputError
from zwxmt.review.audit import audit_reviews
from zwxmt.review.elements import ALL_ELEMENTS_MASK, Element, ReviewerRole
from zwxmt.review.logs import PostLog, ReviewLog

PUB = T0 + dt.timedelta(hours=2)


def codes(post_rows: list[tuple[str, str, dt.datetime]], review_rows: list) -> dict[str, int]:
    return audit_reviews(posts(post_rows), reviews(review_rows)).findings().count_by_code()


def test_a_complete_chain_has_no_finding() -> None:
    assert codes([("P1", "A", PUB)], chain("P1", T0)) == {}


def test_a_missing_third_review_is_incomplete() -> None:
    audit = audit_reviews(posts([("P1", "A", PUB)]), reviews(chain("P1", T0)[:2]))
    f = audit.findings()
    assert f.count_by_code() == {"review_incomplete": 1}
    row = next(iter(f))
    assert (row.rule, row.severity.value, row.account_id, row.period, row.subject) == (
        "ZJG-8.2.1", "serious", "A", "2026-09", "P1")
    assert row.evidence == "发布前缺少三审"


def test_a_review_after_publication_does_not_count() -> None:
    rows = chain("P1", T0)
    rows[2] = (*rows[2][:4], PUB + dt.timedelta(minutes=5), ALL_ELEMENTS_MASK)
    f = audit_reviews(posts([("P1", "A", PUB)]), reviews(rows)).findings()
    assert f.count_by_code() == {"review_incomplete": 1}
    assert "发布后补审1次" in next(iter(f)).evidence


def test_a_review_at_the_second_of_publication_counts() -> None:
    rows = chain("P1", T0)
    rows[2] = (*rows[2][:4], PUB, ALL_ELEMENTS_MASK)
    assert codes([("P1", "A", PUB)], rows) == {}


def test_second_and_third_review_by_one_person() -> None:
    f = audit_reviews(posts([("P1", "A", PUB)]),
                      reviews(chain("P1", T0, ("甲", "乙", "乙")))).findings()
    assert f.count_by_code() == {"review_same_person": 1}
    assert next(iter(f)).evidence == "二审与三审均由乙审核"
    assert next(iter(f)).rule == "ZJG-8.2.1-roles"


def test_different_people_in_order_pass() -> None:
    assert codes([("P1", "A", PUB)], chain("P1", T0, ("甲", "乙", "丙"))) == {}


def test_wrong_role_at_third_review() -> None:
    rows = chain("P1", T0)
    rows[2] = (rows[2][0], 3, rows[2][2], ReviewerRole.OFFICE_LEADER, rows[2][4], rows[2][5])
    f = audit_reviews(posts([("P1", "A", PUB)]), reviews(rows)).findings()
    assert f.count_by_code() == {"review_wrong_role": 1}
    assert next(iter(f)).evidence == "三审应由分管领导负责"


def test_second_review_before_first_is_out_of_order() -> None:
    rows = chain("P1", T0)
    rows[0], rows[1] = ((*rows[0][:4], T0 + dt.timedelta(minutes=15), rows[0][5]),
                        (*rows[1][:4], T0 + dt.timedelta(minutes=5), rows[1][5]))
    assert codes([("P1", "A", PUB)], rows) == {"review_out_of_order": 1}


def test_an_unconfirmed_element_is_named_with_its_sub_clause() -> None:
    rows = chain("P1", T0)
    rows[1] = (*rows[1][:5], without(ALL_ELEMENTS_MASK, Element.CONFIDENTIALITY))
    f = audit_reviews(posts([("P1", "A", PUB)]), reviews(rows)).findings()
    assert f.count_by_code() == {"element_confidentiality": 1}
    row = next(iter(f))
    assert (row.rule, row.evidence) == ("ZJG-8.2.2(6)", "二审未确认保密要素")


def test_sent_back_and_reviewed_again_from_the_first_level_passes() -> None:
    failed = [("P1", 1, "编辑甲", ROLES[0], T0 - dt.timedelta(hours=3), ALL_ELEMENTS_MASK),
              ("P1", 2, "主任乙", ROLES[1], T0 - dt.timedelta(hours=2),
               without(ALL_ELEMENTS_MASK, Element.TEXTUAL))]
    assert codes([("P1", "A", PUB)], failed + chain("P1", T0)) == {}


def test_sent_back_but_not_restarted_at_the_first_level() -> None:
    rows = chain("P1", T0)
    failed = ("P1", 2, "主任乙", ROLES[1], T0 + dt.timedelta(minutes=5),
              without(ALL_ELEMENTS_MASK, Element.TEXTUAL))
    f = audit_reviews(posts([("P1", "A", PUB)]), reviews([*rows, failed])).findings()
    assert f.count_by_code() == {"review_out_of_order": 1}
    assert next(iter(f)).evidence == "退回修改后未从一审重新审核"


def test_reviews_of_unknown_posts_are_orphans() -> None:
    audit = audit_reviews(posts([("P1", "A", PUB)]), reviews(chain("P1", T0) + chain("PX", T0)))
    assert audit.orphans.tolist() == [3, 4, 5]
    assert audit.findings().count_by_code() == {}


def test_duplicate_post_ids_are_refused() -> None:
    with pytest.raises(InputError, match="given twice"):
        audit_reviews(posts([("P1", "A", PUB), ("P1", "B", PUB)]), reviews(chain("P1", T0)))


def test_integer_ids_take_the_dense_path_and_agree() -> None:
    p = PostLog(np.array([7, 3, 5]), np.array(["A", "A", "B"]),
                np.array([PUB] * 3, dtype="datetime64[s]"))
    r = ReviewLog(np.array([3, 3, 3, 5, 5]), np.array([1, 2, 3, 1, 2]),
                  np.array(["x", "y", "z", "x", "y"]), np.array([0, 1, 2, 0, 1]),
                  np.array([T0] * 5, dtype="datetime64[s]"),
                  np.full(5, ALL_ELEMENTS_MASK))
    audit = audit_reviews(p, r)
    assert audit.missing.tolist() == [7, 0, 4]


# Hypothesis: valid chains are never flagged; removing any one review always is.
chains = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(1, 600), st.integers(1, 600),
              st.integers(0, 600), st.permutations([0, 1, 2])),
    min_size=1, max_size=30)


def _build(spec: list[tuple[int, int, int, int, list[int]]]) -> tuple[list, list]:
    post_rows, review_rows = [], []
    for i, (start, gap1, gap2, lead, order) in enumerate(spec):
        t1 = T0 + dt.timedelta(minutes=start)
        times = [t1, t1 + dt.timedelta(minutes=gap1),
                 t1 + dt.timedelta(minutes=gap1 + gap2)]
        pid = f"P{i}"
        post_rows.append((pid, f"A{i % 3}", times[2] + dt.timedelta(minutes=lead)))
        people = (f"编辑{i}", f"主任{i}", f"领导{i}")
        rows = [(pid, lv + 1, people[lv], ROLES[lv], times[lv], ALL_ELEMENTS_MASK)
                for lv in range(3)]
        review_rows.extend(rows[k] for k in order)  # any row order
    return post_rows, review_rows


@settings(max_examples=60, deadline=None)
@given(chains)
def test_valid_chains_are_never_flagged(spec: list) -> None:
    post_rows, review_rows = _build(spec)
    audit = audit_reviews(posts(post_rows), reviews(review_rows))
    assert not audit.flagged.any()
    assert len(audit.findings()) == 0


@settings(max_examples=60, deadline=None)
@given(chains, st.data())
def test_removing_any_one_review_is_always_flagged(spec: list, data: st.DataObject) -> None:
    post_rows, review_rows = _build(spec)
    drop = data.draw(st.integers(0, len(review_rows) - 1))
    victim = review_rows[drop][0]
    kept = review_rows[:drop] + review_rows[drop + 1:]
    audit = audit_reviews(posts(post_rows), reviews(kept))
    flagged = {post_rows[i][0] for i in np.flatnonzero(audit.flagged)}
    assert flagged == {victim}
    found = audit.findings()
    assert found.count_by_code() == {"review_incomplete": 1}
    assert next(iter(found)).subject == victim


def test_text_ids_through_hashes_and_through_the_sorted_fallback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import zwxmt.review.logs as logs

    keys = np.array(["LY-P1", "LY-P22", "X", "长编号-0001"])
    queries = np.array(["X", "LY-P22", "nope", "长编号-0001", "LY-P2"])
    expected = [2, 1, -1, 3, -1]
    assert logs.lookup(keys, queries).tolist() == expected
    monkeypatch.setattr(logs, "_P", np.uint64(0))  # every hash = the last two characters
    assert logs.lookup(keys, queries).tolist() == expected
    with pytest.raises(InputError, match="given twice"):
        logs.lookup(np.array(["A1", "B1", "A1"]), queries)


@pytest.mark.parametrize("element", list(Element))
def test_each_unconfirmed_element_fails_with_its_own_rule(element: Element) -> None:
    rows = chain("P1", T0)
    rows[2] = (*rows[2][:5], without(ALL_ELEMENTS_MASK, element))
    f = audit_reviews(posts([("P1", "A", PUB)]), reviews(rows)).findings()
    assert f.count_by_code() == {element.finding_code: 1}
    row = next(iter(f))
    assert row.rule == element.rule
    assert row.evidence == f"三审未确认{element.zh}"


def scalar_audit(post_rows: list, review_rows: list) -> dict[str, set[str]]:
    """A plain per-post oracle of the audit's definitions (docs/review.md)."""
    out: dict[str, set[str]] = {}
    for pid, _account, pub in post_rows:
        mine = [r for r in review_rows if r[0] == pid and r[4] <= pub]
        decisive: dict[int, tuple] = {}
        for r in sorted(mine, key=lambda r: r[4]):  # stable: the last one at a level wins
            decisive[r[1]] = r
        codes: set[str] = set()
        if len(decisive) < 3:
            codes.add("review_incomplete")
        levels = sorted(decisive)
        if any(decisive[a][4] > decisive[b][4] for a in levels for b in levels if a < b):
            codes.add("review_out_of_order")
        elif 1 in decisive:
            chosen = {id(r) for r in decisive.values()}
            fails = [r[4] for r in mine if id(r) not in chosen and r[5] != ALL_ELEMENTS_MASK]
            if fails and max(fails) > decisive[1][4]:
                codes.add("review_out_of_order")
        if any(r[3] is not ROLES[lv - 1] for lv, r in decisive.items()):
            codes.add("review_wrong_role")
        who = [decisive[lv][2] for lv in levels]
        if len(set(who)) < len(who):
            codes.add("review_same_person")
        for e in Element:
            if any(not (r[5] & e.bit) for r in decisive.values()):
                codes.add(e.finding_code)
        out[pid] = codes
    return out


review_row = st.tuples(st.integers(0, 4), st.integers(1, 3), st.sampled_from(["甲", "乙", "丙"]),
                       st.sampled_from(ROLES), st.integers(0, 50),
                       st.sampled_from([ALL_ELEMENTS_MASK, ALL_ELEMENTS_MASK & ~1,
                                        ALL_ELEMENTS_MASK & ~(1 << 5)]))


@settings(max_examples=150, deadline=None)
@given(st.lists(review_row, max_size=25), st.lists(st.integers(0, 60), min_size=5, max_size=5))
def test_the_vectorised_audit_equals_a_scalar_oracle(rows: list, pubs: list[int]) -> None:
    post_rows = [(f"P{i}", "A", T0 + dt.timedelta(minutes=m)) for i, m in enumerate(pubs)]
    # distinct times per post keep "the last review" unambiguous for the oracle
    seen: set[tuple[int, int]] = set()
    review_rows = []
    for post, level, who, role, minute, mask in rows:
        if (post, minute) in seen:
            continue
        seen.add((post, minute))
        review_rows.append((f"P{post}", level, who, role, T0 + dt.timedelta(minutes=minute),
                            mask))
    want = scalar_audit(post_rows, review_rows)
    found = audit_reviews(posts(post_rows), reviews(review_rows)).findings()
    got: dict[str, set[str]] = {p[0]: set() for p in post_rows}
    for f in found:
        got[f.subject].add(f.code)
    assert got == want
