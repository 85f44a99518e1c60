"""Benchmark of zwxmt.review: the 三审 audit and lexicon matching (not a pytest test).

Targets (issue 6): audit of 1,000,000 posts with their reviews in under 3 s; lexicon matching
of 1,000,000 posts against 10,000 terms in under 10 s. Prints the figures, the engine used and
the peak memory; ``--posts N`` scales the run down for a quick look.

Synthetic data, deterministic (seed 6): posts of 1,000 accounts over 300 days; three reviews
per post in shuffled order with about 0.6% planted violations; post texts of 80 CJK characters
drawn from 3,000 characters with Zipf-like frequencies (the length of the real excerpts in
data/cctv_news_weibo_posts_2020H1.csv); 10,000 distinct terms of 2 to 6 characters.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import numpy as np

from zwxmt.review.audit import audit_reviews
from zwxmt.review.elements import ALL_ELEMENTS_MASK
from zwxmt.review.lexicon import available_engine, choose_engine, match_lexicon
from zwxmt.review.logs import PostLog, ReviewLog
from zwxmt.review.parameters import review_parameters

AUDIT_TARGET_S = 3.0
LEXICON_TARGET_S = 10.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_logs(n: int, rng: np.random.Generator) -> tuple[PostLog, ReviewLog]:
    post_id = rng.permutation(n).astype(np.int64) + 10_000_000
    accounts = np.array([f"ACC-{i:04d}" for i in range(1000)])[rng.integers(0, 1000, n)]
    base = np.datetime64("2026-01-01T08:00:00", "s")
    published = base + rng.integers(0, 300 * 86400, n).astype("timedelta64[s]")
    posts = PostLog(post_id, accounts, published)
    level = np.tile(np.array([1, 2, 3], dtype=np.int8), n)
    when = np.repeat(published, 3) - np.tile([3600, 1800, 600], n).astype("timedelta64[s]")
    people = np.repeat(rng.integers(0, 5000, n), 3) * 10 + np.tile([1, 2, 3], n)
    role = (level - 1).astype(np.int8)
    confirmed = np.full(3 * n, ALL_ELEMENTS_MASK, dtype=np.uint8)
    u = rng.random(3 * n)
    confirmed[u < 0.002] = ALL_ELEMENTS_MASK & ~(1 << 5)       # 保密要素 not confirmed
    when[u > 0.998] += np.timedelta64(7200, "s")                 # reviewed after publication
    people[(u > 0.5) & (u < 0.501) & (level == 3)] -= 1          # 二审 and 三审 by one person
    role[(u > 0.6) & (u < 0.601) & (level == 3)] = 1             # 三审 by the wrong role
    shuffle = rng.permutation(3 * n)
    reviews = ReviewLog(np.repeat(post_id, 3)[shuffle], level[shuffle], people[shuffle],
                        role[shuffle], when[shuffle], confirmed[shuffle])
    return posts, reviews


def bench_audit(n: int) -> bool:
    rng = np.random.default_rng(6)
    posts, reviews = make_logs(n, rng)
    params = review_parameters()
    times = []
    for _ in range(3):
        t = time.perf_counter()
        audit = audit_reviews(posts, reviews, params)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    findings = audit.findings()
    t_findings = time.perf_counter() - t
    text_posts = PostLog(posts.post_id.astype(str), posts.account_id, posts.published_at)
    text_reviews = ReviewLog(reviews.post_id.astype(str), reviews.level, reviews.reviewer,
                             reviews.role, reviews.reviewed_at, reviews.confirmed)
    t = time.perf_counter()
    audit_reviews(text_posts, text_reviews, params)
    t_text = time.perf_counter() - t
    best = min(times)
    print(f"三审 audit: {n:,} posts, {len(reviews):,} reviews")
    print(f"  audit (integer post ids): best {best:.2f} s, runs "
          f"{', '.join(f'{x:.2f}' for x in times)} s  (target < {AUDIT_TARGET_S:g} s)")
    print(f"  findings table: {len(findings):,} findings on {int(audit.flagged.sum()):,} posts "
          f"in {t_findings:.2f} s")
    print(f"  audit with text post ids (64-bit hash + binary search): {t_text:.2f} s")
    return best < AUDIT_TARGET_S


def make_texts(n: int, length: int, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    alphabet = np.arange(0x4E00, 0x4E00 + 3000)
    weights = 1.0 / np.arange(1, 3001)
    cdf = np.cumsum(weights / weights.sum())
    codes = alphabet[np.minimum(np.searchsorted(cdf, rng.random(n * length)), 2999)]
    big = codes.astype(np.uint32).tobytes().decode("utf-32-le")
    texts = [big[i * length:(i + 1) * length] for i in range(n)]
    terms: set[str] = set()
    while len(terms) < 10_000:
        k = int(rng.integers(2, 7))
        terms.add("".join(map(chr, rng.choice(alphabet, size=k))))
    return texts, sorted(terms)


def bench_lexicon(n: int) -> bool:
    rng = np.random.default_rng(6)
    texts, terms = make_texts(n, 80, rng)
    auto = choose_engine(terms)
    print(f"lexicon: {n:,} posts of 80 characters, {len(terms):,} terms; auto engine = {auto} "
          f"(installed: {available_engine()})")
    results = {}
    ok = True
    for engine in ("aho-corasick", "numpy"):
        if engine == "aho-corasick" and available_engine() != "aho-corasick":
            print("  aho-corasick: skipped (pip install 'zwxmt[fast]')")
            continue
        t = time.perf_counter()
        m = match_lexicon(texts, terms, engine=engine)  # type: ignore[arg-type]
        dt = time.perf_counter() - t
        results[engine] = m
        print(f"  {engine}: {dt:.2f} s, {int(m.count.sum()):,} occurrences in "
              f"{len(np.unique(m.doc)):,} posts  (target < {LEXICON_TARGET_S:g} s)")
        if engine == auto:
            ok = dt < LEXICON_TARGET_S
    if len(results) == 2:
        a, b = results["aho-corasick"], results["numpy"]
        same = (np.array_equal(a.doc, b.doc) and np.array_equal(a.term, b.term)
                and np.array_equal(a.count, b.count))
        print(f"  engines agree: {same}")
        ok = ok and same
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    args = parser.parse_args()
    ok_audit = bench_audit(args.posts)
    ok_lex = bench_lexicon(args.posts)
    print(f"peak memory: {peak_mb():,.0f} MB")
    print(f"targets met: audit {ok_audit}, lexicon {ok_lex}")
    return 0 if (ok_audit and ok_lex) or args.posts != 1_000_000 else 1


if __name__ == "__main__":
    sys.exit(main())
