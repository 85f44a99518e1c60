"""Write the bundled example county's accounts and townships (deterministic).

The example is 龙游县 (Longyou county, Quzhou, 330825; resident population 360,229 in the 2020
census). Account names, fans and dates are illustrative, not real accounts. Township
populations are illustrative shares of the county's census total (the census file has no
township rows); they are marked so in ``data/example/README.md``.

Run: ``python tools/make_example_accounts.py`` (writes into src/zwxmt/data/example/).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "zwxmt" / "data" / "example"
COUNTY = "330825"
SUPERVISOR = "U-330825-GOV-OFFICE"

TOWNSHIPS = [  # code, name, illustrative resident population
    ("330825001", "东华街道", 61200), ("330825002", "龙洲街道", 58400),
    ("330825100", "湖镇镇", 54300), ("330825101", "溪口镇", 23600),
    ("330825102", "横山镇", 27900), ("330825200", "社阳乡", 4100),
]

# (unit id suffix, unit name, kind, platforms)
DEPARTMENTS = [
    ("EDU", "龙游县教育局", ["wechat", "douyin"]),
    ("HEALTH", "龙游县卫生健康局", ["wechat", "weibo"]),
    ("POLICE", "龙游县公安局", ["wechat", "weibo", "douyin"]),
    ("MARKET", "龙游县市场监督管理局", ["wechat"]),
    ("HRSS", "龙游县人力资源和社会保障局", ["wechat"]),
    ("MEDINS", "龙游县医疗保障局", ["wechat"]),
    ("TRANSPORT", "龙游县交通运输局", ["wechat"]),
    ("LAND", "龙游县自然资源和规划局", ["wechat"]),
    ("AGRI", "龙游县农业农村局", ["wechat", "toutiao"]),
    ("CULTURE", "龙游县文化和广电旅游体育局", ["wechat", "weibo", "douyin"]),
    ("CIVIL", "龙游县民政局", ["wechat"]),
    ("EMERGENCY", "龙游县应急管理局", ["wechat", "toutiao"]),
]

#: Departments whose accounts stayed small (fans below 1% of the county's population).
FEW_FANS = {"CIVIL": 1_500, "MEDINS": 2_000}

#: A township account with more fans than 20% of its township (ZJG-6.5.1(6); it also stays
#: in the county's top 5, see tools/make_example_metrics.py): its fan share.
STRONG_TOWNSHIPS = {"330825001": 0.31}

PLATFORM_ZH = {"wechat": "微信", "weibo": "微博", "toutiao": "头条", "douyin": "抖音"}


# Services (办事) offered in the account: the main account and the departments with online
# services; every account publishes, disseminates and interacts (LN-2, HN-A2(6)).
SERVICE_UNITS = {"HRSS", "MEDINS", "POLICE", "MARKET", "TRANSPORT"}


def _functions(kind: str, suffix: str, platform: str) -> str:
    items = ["发布", "传播", "互动"]
    if kind == "main":
        items += ["引导", "办事"]
    elif suffix in SERVICE_UNITS and platform == "wechat":
        items.append("办事")
    return "、".join(items)


def main() -> None:
    rng = random.Random(20261123)
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []

    def add(suffix: str, name: str, platform: str, kind: str, host_id: str, host: str,
            region: str, fans: int, opened: str, mode: str = "self_operated",
            operator: str = "") -> None:
        rows.append({
            "account_id": f"LY-{suffix}-{platform.upper()}",
            "name": name, "platform": platform, "platform_uid": f"ly{rng.randrange(10**8):08d}",
            "kind": kind, "level": "county" if kind != "township" else "township",
            "host_unit_id": host_id, "host_unit_name": host,
            "supervisor_unit_id": SUPERVISOR, "region_code": region, "county_code": COUNTY,
            "opened_on": opened, "certified": "true", "status": "normal",
            "operation_mode": mode, "operator_name": operator,
            "operator_kind": "news_media" if operator else "",
            "fans": fans, "functions": _functions(kind, suffix, platform),
        })

    for platform, fans in (("wechat", 168_400), ("weibo", 52_300), ("toutiao", 31_900),
                           ("douyin", 97_600)):
        add("MAIN", "龙游政务", platform, "main", "U-330825-GOV-OFFICE",
            "龙游县人民政府办公室", COUNTY, fans, "2016-03-15", "purchased_service",
            "龙游县融媒体中心")
    for suffix, unit, platforms in DEPARTMENTS:
        # A county that went through the 2022 cleanup: most department accounts have more fans
        # than 1% of the county's population (3,602), the few in FEW_FANS fewer (ZJG-6.5.1(5)).
        base = rng.choice([7_500, 9_000, 12_000, 16_000, 25_000, 38_000, 60_000])
        if suffix in FEW_FANS:
            base = FEW_FANS[suffix]
        for platform in platforms:
            fans = int(base * rng.uniform(0.5, 1.6))
            year = rng.randrange(2016, 2024)
            add(suffix, f"{unit.removeprefix('龙游县')}{PLATFORM_ZH[platform]}"
                if platform != "wechat" else unit.removeprefix("龙游县"),
                platform, "department", f"U-330825-{suffix}", unit, COUNTY, fans,
                f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}")
    for code, town, pop in TOWNSHIPS:
        share = STRONG_TOWNSHIPS.get(code, rng.choice([0.05, 0.12, 0.18, 0.24]))
        add(f"T{code[-3:]}", f"{town}发布", "wechat", "township", f"U-{code}", f"{town}办事处"
            if town.endswith("街道") else f"{town}人民政府", code, int(pop * share),
            f"{rng.randrange(2017, 2022)}-{rng.randrange(1, 13):02d}-10")
    # one young account, opened less than a year before the last example month
    add("YOUTH", "青春龙游", "douyin", "department", "U-330825-YOUTH", "共青团龙游县委",
        COUNTY, 2_100, "2026-03-01")

    with open(OUT / "accounts.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with open(OUT / "townships.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent_code", "population", "census_year"])
        for code, town, pop in TOWNSHIPS:
            writer.writerow([code, town, "township", COUNTY, pop, 2020])
    print(f"wrote {len(rows)} accounts and {len(TOWNSHIPS)} townships to {OUT}")


if __name__ == "__main__":
    main()
