"""Write the example county's posts, account events and cleanup inputs (deterministic).

For the 31 bundled accounts of 龙游县 (``data/example/accounts.csv``) this writes, into
``src/zwxmt/data/example/``:

- ``posts.csv``: every post from 2025-10-01 to 2026-10-31 (``post_id, account_id,
  published_at, original, reads``). Regular accounts post most days and never leave a week
  empty, except the scripted cases: 市场监督管理局 has one 16-day gap (one 14天未更新),
  人力社保局 two (February and July), 农业农村局 a 13-day gap (no veto), 社阳乡发布 one in
  October 2026 (the township veto of the monthly report) and 公安局抖音 stops on 2026-07-20
  (dormant at the assessment date 2026-10-31). 东华街道发布 posts nearly every day, as often as
  a main account.
- ``account_events.csv``: notifications (通报), exposures (晾晒) with their rectification dates,
  a security incident, a voluntary closure request and a host-unit change.
- ``cleanup_profiles.csv``: staff, funding and contacts for the inventory form (HN-A2) and the
  one-year commitment of the young account.

The scores the cleanup reads are not written here: the main job (``zwxmt.pipeline``) scores
the accounts from ``monthly_metrics.csv`` and these posts and feeds the cleanup with them.

All of it is illustrative: not real accounts or posts. Run:
``python tools/make_example_posts.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "zwxmt" / "data" / "example"
FIRST = dt.date(2025, 10, 1)
LAST = dt.date(2026, 10, 31)
SEED = 20261031

# Days per account with no post at all (scripted gaps), inclusive ranges.
GAPS: dict[str, list[tuple[dt.date, dt.date]]] = {
    "LY-MARKET-WECHAT": [(dt.date(2026, 5, 3), dt.date(2026, 5, 18))],        # 16 days
    "LY-HRSS-WECHAT": [(dt.date(2026, 2, 10), dt.date(2026, 2, 25)),          # 16 days
                       (dt.date(2026, 7, 1), dt.date(2026, 7, 15))],          # 15 days or more
    "LY-AGRI-WECHAT": [(dt.date(2026, 3, 2), dt.date(2026, 3, 14))],          # 13 days
    "LY-POLICE-DOUYIN": [(dt.date(2026, 7, 21), LAST)],                       # dormant
    "LY-T200-WECHAT": [(dt.date(2026, 10, 9), dt.date(2026, 10, 24))],        # 16 days
}
#: Posting rate (share of days with a post) by account kind, and the accounts that differ.
RATE = {"main": 0.95, "department": 0.6, "township": 0.5}
RATE_OF = {"LY-T001-WECHAT": 0.9}  # 东华街道发布: a township account run like a main one

EVENTS = [  # account_id, event, date, rectified_on, note
    ("LY-HEALTH-WECHAT", "notification", "2025-04-18", "", "市政府办公室通报：留言回复超期"),
    ("LY-HEALTH-WECHAT", "notification", "2025-11-06", "", "市政府办公室通报：错别字"),
    ("LY-EDU-WECHAT", "exposure", "2026-06-09", "2026-06-15", "省平台晾晒：栏目长期空白"),
    ("LY-AGRI-WECHAT", "exposure", "2026-08-10", "2026-08-12", "省平台晾晒：外链失效"),
    ("LY-AGRI-TOUTIAO", "exposure", "2026-09-22", "2026-09-25", "省平台晾晒：简介未更新"),
    ("LY-CULTURE-WEIBO", "incident", "2026-04-16", "", "误发内部工作文件截图（泄密事故）"),
    ("LY-EMERGENCY-TOUTIAO", "closure_requested", "2026-09-01", "", "主办单位申请关停"),
    ("LY-LAND-WECHAT", "host_unit_changed", "2026-06-30", "", "机构改革，主办单位更名"),
    # the exposure the lifecycle example records (zwxmt.examples.lifecycle_history), not rectified
    ("LY-T101-WECHAT", "exposure", "2026-10-13", "", "省平台晾晒：栏目长期未更新"),
]

def _accounts() -> list[dict[str, str]]:
    with open(OUT / "accounts.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _post_days(rng: random.Random, acc: dict[str, str]) -> list[dt.date]:
    opened = dt.date.fromisoformat(acc["opened_on"])
    rate = RATE_OF.get(acc["account_id"], RATE[acc["kind"]])
    blocked = {d for a, b in GAPS.get(acc["account_id"], []) for d in _days(a, b)}
    out: list[dt.date] = []
    quiet = 0
    for day in _days(max(FIRST, opened), LAST):
        if day in blocked:
            quiet = 99  # the scripted gap ends with a post on the next day
            continue
        # never a week without a post, outside the scripted gaps
        if rng.random() < rate or quiet >= 5:
            out.append(day)
            quiet = 0
        else:
            quiet += 1
    return out


def write_posts(rng: random.Random, accounts: list[dict[str, str]]) -> None:
    with open(OUT / "posts.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["post_id", "account_id", "published_at", "original", "reads"])
        for acc in accounts:
            main = acc["kind"] == "main" or acc["account_id"] in RATE_OF
            n = 0
            for day in _post_days(rng, acc):
                for _ in range(rng.choice((1, 2, 3)) if main else 1):
                    n += 1
                    t = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randint(0, 59)))
                    original = rng.random() < (0.7 if main else 0.5)
                    reads = int(rng.lognormvariate(8.0 if main else 5.5, 0.6))
                    w.writerow([f"{acc['account_id']}-{n:05d}", acc["account_id"],
                                t.strftime("%Y-%m-%d %H:%M"), "true" if original else "false",
                                reads])


def write_events() -> None:
    with open(OUT / "account_events.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["account_id", "event", "date", "rectified_on", "note"])
        w.writerows(EVENTS)


def write_profiles(rng: random.Random, accounts: list[dict[str, str]]) -> None:
    with open(OUT / "cleanup_profiles.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["account_id", "host_contact", "operator_contact", "funding_per_year",
                    "operators_count", "has_dedicated_staff", "commit_fans",
                    "commit_posts_per_month", "commit_average_reads"])
        for acc in accounts:
            aid = acc["account_id"]
            main = acc["kind"] == "main"
            staff = 0 if aid == "LY-AGRI-TOUTIAO" else (4 if main else rng.choice((1, 1, 2)))
            phone = f"0570-70{rng.randrange(10**5):05d}"
            young = aid == "LY-YOUTH-DOUYIN"
            mobile = f"1{rng.randrange(3, 10)}{rng.randrange(10**9):09d}"
            w.writerow([
                aid, f"办公室主任 {phone}", f"运营专员 {mobile}",
                120000 if main else rng.choice((0, 5000, 10000, 20000)), staff,
                "true" if staff >= 2 else "false", 5000 if young else "",
                20 if young else "", 300 if young else "",
            ])


def main() -> None:
    rng = random.Random(SEED)
    accounts = _accounts()
    write_posts(rng, accounts)
    write_events()
    write_profiles(rng, accounts)


if __name__ == "__main__":
    main()
