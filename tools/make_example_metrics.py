"""Write the example county's monthly assessment metrics (deterministic, illustrative).

One row per account and month, 2025-10..2026-10 (13 months, so that 2026-10 has a 同比
baseline), for the 31 accounts of ``data/example/accounts.csv`` (the account opened on
2026-03-01 only from that month). Columns are the raw layer of ``docs/schema.md``: diligence,
health, cluster and operation counts, and the four 一票否决 flags (ZJG-9.2-T2-V1..V4). The figures
are invented from a seeded generator per account, except the diligence counts (posts, original
posts, posting days) and the veto 14天未更新, which are the activity of ``posts.csv`` computed by
``zwxmt.cleanup`` (so the file agrees with the main job's activity; run
``tools/make_example_posts.py`` first). One more veto is placed on purpose: 卫生健康局微博 is
notified in 2026-05. 东华街道发布 is a model township account (``QUALITY``: a fixed high reach
factor, a steady reach, no expression errors, full coordination): with more fans than 20% of
its township (``tools/make_example_accounts.py``) it stays in the county's top 5 and passes
``ZJG-6.5.1(6)``.

Run: ``.venv/bin/python tools/make_example_metrics.py`` (needs zwxmt installed; writes
src/zwxmt/data/example/monthly_metrics.csv).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import zlib
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "src" / "zwxmt" / "data" / "example"
CITY = "330800"  # 衢州市
FIRST, LAST = (2025, 10), (2026, 10)

#: (account_id, month) -> veto column set to true (14天未更新 comes from the posts).
VETOES = {
    ("LY-HEALTH-WEIBO", "2026-05"): "veto_notified",
}
#: Model accounts: the stable quality factor fixed rather than drawn (see the docstring).
QUALITY = {"LY-T001-WECHAT": 28.0}
AS_OF = dt.date(2026, 10, 31)
#: Illustrative activity of an account kind (1 = the main account's pace).
PACE = {"main": 1.0, "department": 0.55, "township": 0.35}
COLUMNS = [
    "account_id", "platform", "period", "level", "city", "county",
    "posts", "original_posts", "posting_days", "serious_errors", "general_errors",
    "poor_responses", "service_availability", "coordination_rate", "platform_misuse",
    "reads", "reads_headline", "reads_max", "looks", "looks_headline", "looks_max",
    "likes", "likes_headline", "likes_max", "reposts", "comments",
    "shares", "shares_headline", "shares_max",
    "veto_no_update_14d", "veto_major_negative_opinion", "veto_leak_incident", "veto_notified",
]
#: Posts a month at full pace, per platform.
POSTS = {"wechat": 34, "weibo": 80, "toutiao": 36, "douyin": 16}


def months() -> list[str]:
    out = []
    y, m = FIRST
    while (y, m) <= LAST:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def activity() -> dict[tuple[str, str], dict[str, Any]]:
    """(account_id, month) -> posts, original_posts, posting_days, veto_no_update_14d, as the
    cleanup computes them from posts.csv."""
    from zwxmt.cleanup import run_cleanup
    from zwxmt.examples import example_regions

    run = run_cleanup(DATA / "accounts.csv", example_regions(), AS_OF, first_month=months()[0],
                      posts=DATA / "posts.csv")
    act = run.activity
    assert act is not None
    table = act.table(run.history.accounts.account_id)
    return {(str(a), str(p)): {k: table[k][i] for k in
                               ("posts", "original_posts", "posting_days", "veto_no_update_14d")}
            for i, (a, p) in enumerate(zip(table["account_id"], table["period"], strict=True))}


def shares(account_id: str, period: str, reads: int, posts: int) -> dict[str, object]:
    """WeChat shares (转发, RE of the current WCI V14.2), from their own seed so that the other
    columns keep their draws: 0.3%..1.5% of reads, a third to a half on headline posts."""
    rnd = random.Random(zlib.crc32(f"shares|{account_id}|{period}".encode()))
    total = round(reads * rnd.uniform(0.003, 0.015))
    return {"shares": total, "shares_headline": round(total * rnd.uniform(0.3, 0.5)),
            "shares_max": min(total, round(total / max(posts, 1) * rnd.uniform(2.0, 5.0)))}


def row(account: dict[str, str], period: str,
        derived: dict[str, Any] | None = None) -> dict[str, object]:
    seed = zlib.crc32(f"{account['account_id']}|{period}".encode())
    rnd = random.Random(seed)
    base = random.Random(zlib.crc32(account["account_id"].encode()))
    quality = 0.6 + 0.8 * base.random()  # a stable per-account factor
    quality = QUALITY.get(account["account_id"], quality)
    pace = PACE.get(account["kind"], 0.5) * quality
    platform = account["platform"]
    # a slow upward trend over the year, so that 同比 is mostly positive
    trend = 1.0 + 0.02 * (months().index(period) if period in months() else 0)
    posts = max(1, round(POSTS[platform] * pace * trend * rnd.uniform(0.7, 1.2)))
    original = min(posts, round(posts * rnd.uniform(0.25, 0.9)))
    days = min(30, max(1, round(min(posts, 26) * rnd.uniform(0.6, 1.0))))
    fans = float(account.get("fans") or 1000)
    # a model account reaches its fans steadily (a narrower band of the same draw)
    lo = 0.05 if account["account_id"] in QUALITY else 0.02
    reach = fans * rnd.uniform(lo, 0.08) * trend
    reads = round(reach * posts)
    out: dict[str, object] = {
        "account_id": account["account_id"], "platform": platform, "period": period,
        "level": account["level"], "city": CITY, "county": account["county_code"],
        "posts": posts, "original_posts": original, "posting_days": days,
        "serious_errors": 1 if rnd.random() < 0.04 else 0,
        "general_errors": rnd.choice([0, 0, 0, 1, 1, 2]),
        "poor_responses": rnd.choice([0, 0, 0, 0, 1]),
        "service_availability": round(rnd.uniform(0.8, 1.0), 2) if platform == "wechat" else "",
        "coordination_rate": round(rnd.uniform(0.7, 1.0), 2),
        "platform_misuse": 1 if rnd.random() < 0.08 else 0,
        "reads": reads,
        "reads_headline": round(reads * rnd.uniform(0.3, 0.5)),
        "reads_max": round(reads / posts * rnd.uniform(2.0, 5.0)),
        "looks": round(reads * rnd.uniform(0.005, 0.02)),
        "looks_headline": round(reads * rnd.uniform(0.002, 0.008)),
        "looks_max": round(reads / posts * rnd.uniform(0.02, 0.08)),
        "likes": round(reads * rnd.uniform(0.01, 0.04)),
        "likes_headline": round(reads * rnd.uniform(0.004, 0.015)),
        "likes_max": round(reads / posts * rnd.uniform(0.05, 0.2)),
        "reposts": round(reads * rnd.uniform(0.002, 0.01)),
        "comments": round(reads * rnd.uniform(0.001, 0.006)),
    }
    if account["account_id"] in QUALITY:  # a model account: no errors, full coordination
        out.update(serious_errors=0, general_errors=0, poor_responses=0, platform_misuse=0,
                   coordination_rate=round(rnd.uniform(0.97, 1.0), 2))
    for peak, whole in (("reads_max", "reads"), ("looks_max", "looks"), ("likes_max", "likes")):
        out[peak] = min(int(out[peak]), int(out[whole]))  # type: ignore[call-overload]
    for col in ("veto_no_update_14d", "veto_major_negative_opinion", "veto_leak_incident",
                "veto_notified"):
        out[col] = "false"
    veto = VETOES.get((account["account_id"], period))
    if veto:
        out[veto] = "true"
    if derived is not None:  # the diligence counts and 14天未更新 of the posts
        for k in ("posts", "original_posts", "posting_days"):
            out[k] = int(derived[k])
        out["veto_no_update_14d"] = "true" if derived["veto_no_update_14d"] else "false"
    out.update(shares(account["account_id"], period, reads, int(out["posts"]))  # type: ignore[call-overload]
               if platform == "wechat" else {"shares": "", "shares_headline": "", "shares_max": ""})
    return out


def main() -> None:
    with open(DATA / "accounts.csv", encoding="utf-8") as fh:
        accounts = list(csv.DictReader(fh))
    derived = activity()
    rows = []
    for period in months():
        for account in accounts:
            if account["opened_on"][:7] > period:
                continue  # not yet open
            rows.append(row(account, period, derived[(account["account_id"], period)]))
    with open(DATA / "monthly_metrics.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {DATA / 'monthly_metrics.csv'}")


if __name__ == "__main__":
    main()
