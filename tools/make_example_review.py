"""Write the example county's review data (deterministic): posts, reviews, messages, lexicon.

For the 31 bundled accounts of 龙游县 over 2026-09 and 2026-10 this writes, under
src/zwxmt/data/example/:

- ``review_posts.csv``: the publication log the review audits: the posts of ``posts.csv``
  (``tools/make_example_posts.py``, run it first) of these two months, same ids, times and
  originality, with their texts, repost sources and links;
- ``reviews.csv``: the 三审 records of each post;
- ``messages.csv``: public messages and their replies;
- ``lexicon.csv``: an illustrative lexicon of wrong expressions tagged serious/general;
- ``inspection.csv``: an illustrative inspection record of a few accounts.

Everything else is illustrative, with violations planted at known rates so that
``zwxmt demo`` shows each kind of finding. Run: ``python tools/make_example_review.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "zwxmt" / "data" / "example"
START, END = dt.date(2026, 9, 1), dt.date(2026, 10, 31)
ELEMENTS = ("political", "policy", "business", "legal", "textual", "confidentiality",
            "public_opinion")

# (term, tag, note): illustrative wrong expressions (after common newsroom usage lists).
LEXICON = [
    ("台湾总统", "serious", "应为“台湾地区领导人”"),
    ("中华民国", "serious", "不得使用，涉台用语规范"),
    ("北朝鲜", "serious", "应为“朝鲜”"),
    ("中港两地", "serious", "应为“内地与香港”"),
    ("大陆和台湾两国", "serious", "涉台用语错误"),
    ("香港回归中国", "serious", "应为“香港回归祖国”"),
    ("截止目前", "general", "应为“截至目前”"),
    ("按装", "general", "应为“安装”"),
    ("既使", "general", "应为“即使”"),
    ("做为", "general", "应为“作为”"),
    ("再接再励", "general", "应为“再接再厉”"),
    ("迫不急待", "general", "应为“迫不及待”"),
    ("一股作气", "general", "应为“一鼓作气”"),
    ("美仑美奂", "general", "应为“美轮美奂”"),
    ("默守成规", "general", "应为“墨守成规”"),
    ("其它", "general", "规范用字为“其他”"),
]

TOPICS = ["秋季开学", "防汛防台", "医保缴费", "垃圾分类", "文明城市创建", "稻谷收割",
          "国庆假期出行", "安全生产", "招聘公告", "政策解读", "乡村振兴",
          "共同富裕示范区建设", "疫苗接种", "消防演练"]
ACTIONS = ["召开专题会议", "发布通知", "开展集中宣传", "部署重点工作", "举办便民服务活动",
           "公布办理指南"]
DETAILS = ["请广大市民相互转告", "详情请见附件", "欢迎群众积极参与", "具体安排如下",
           "请提前做好准备", "咨询电话0570-7012345"]
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹"
            "彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈")
GOOD_SOURCES = [("新华社", "https://www.news.cn/politics/2026-09/{n}.htm"),
                ("人民日报", "http://paper.people.com.cn/rmrb/html/{n}.htm"),
                ("浙江发布", ""),
                ("中国政府网", "https://www.gov.cn/zhengce/{n}.htm"),
                ("衢州市人民政府", "http://www.qz.gov.cn/art/{n}.html")]
BAD_SOURCES = [("某某生活圈", "https://mp.example-life.com/s/{n}"),
               ("本地吃喝玩乐", "")]


#: Model accounts (as in tools/make_example_metrics.py): no planted content violation, replies
#: within two days.
MODEL = {"LY-T001-WECHAT"}


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华")


def _at(day: dt.date, minutes: int) -> str:
    return (dt.datetime.combine(day, dt.time(0)) + dt.timedelta(minutes=minutes)).strftime(
        "%Y-%m-%d %H:%M")


def main() -> None:
    rng = random.Random(20260901)
    with open(OUT / "accounts.csv", encoding="utf-8") as fh:
        accounts = list(csv.DictReader(fh))
    people: dict[str, tuple[str, str, str]] = {}
    for a in accounts:
        unit = a["host_unit_id"]
        if unit not in people:
            people[unit] = (_name(rng), _name(rng), _name(rng))
    posts, reviews, messages = [], [], []
    n_post = n_msg = 0
    days = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]
    published: dict[str, list[dict[str, str]]] = {}
    with open(OUT / "posts.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if START.isoformat() <= row["published_at"][:10] <= END.isoformat():
                published.setdefault(row["account_id"], []).append(row)
    for a in accounts:
        kind = a["kind"]
        editor, office, leader = people[a["host_unit_id"]]
        for post in sorted(published.get(a["account_id"], []),
                           key=lambda r: (r["published_at"], r["post_id"])):
            n_post += 1
            pid = post["post_id"]
            stamp = dt.datetime.strptime(post["published_at"], "%Y-%m-%d %H:%M")
            day = stamp.date()
            pub_min = stamp.hour * 60 + stamp.minute
            text = (f"【{rng.choice(TOPICS)}】{a['host_unit_name']}{rng.choice(ACTIONS)}，"
                    f"{rng.choice(DETAILS)}。")
            is_repost, source, url, links = post["original"] != "true", "", "", ""
            r = rng.random()
            if is_repost and r < 0.03:
                s, u = rng.choice(BAD_SOURCES)
                source, url = s, u.format(n=n_post)
            elif is_repost and r < 0.045:
                pass  # a repost without any source mark
            elif is_repost:
                s, u = rng.choice(GOOD_SOURCES)
                source, url = s, u.format(n=n_post)
            planted = rng.random()
            if a["account_id"] in MODEL:
                pass  # a model account: no planted content violation
            elif planted < 0.006:
                term = rng.choice([t for t, g, _ in LEXICON if g == "serious"])
                text += f"报道中提到{term}相关情况。"
            elif planted < 0.025:
                term = rng.choice([t for t, g, _ in LEXICON if g == "general"])
                text += f"{term}，各项工作有序推进。"
            elif planted < 0.028:
                text += "本店秋季新品限时抢购，详见链接。"
                links = f"https://item.taobao.com/item.htm?id={600000 + n_post}"
            elif planted < 0.031:
                text += "小编认为这项政策来得太晚了。"
            elif planted < 0.035:
                links = f"https://www.longyou.gov.cn/art/2026/{n_post}.html"
            posts.append({"post_id": pid, "account_id": a["account_id"],
                          "published_at": _at(day, pub_min), "text": text,
                          "is_repost": "true" if is_repost else "false", "source": source,
                          "source_url": url, "links": links})
            # 三审: 一审, 二审, 三审 at increasing times before publication.
            times = sorted(rng.sample(range(pub_min - 240, pub_min - 5), 3))
            chain = [(1, editor, "editor"), (2, office, "office_leader"),
                     (3, leader, "leader_in_charge")]
            failed = {lv: () for lv in (1, 2, 3)}
            v = rng.random()
            if v < 0.010:
                chain = chain[:2]  # published without 三审
            elif v < 0.016:
                chain[2] = (3, office, "leader_in_charge")  # 二审 and 三审 by one person
            elif v < 0.022:
                chain[2] = (3, _name(rng), "office_leader")  # 三审 by the wrong role
            elif v < 0.027:
                times = [times[1], times[0], times[2]]  # 二审 before 一审
            elif v < 0.032:
                failed[2] = ("confidentiality",)  # published although 二审 failed 保密要素
            elif v < 0.036:
                times[2] = pub_min + 90  # 三审 after publication
            elif v < 0.06:
                # sent back by 二审 for a wording problem, then reviewed again: compliant
                early = sorted(rng.sample(range(pub_min - 600, pub_min - 300), 2))
                reviews.append(_review(pid, 1, editor, "editor", day, early[0], ()))
                reviews.append(_review(pid, 2, office, "office_leader", day, early[1],
                                       ("textual",)))
            for (lv, who, role), t in zip(chain, times, strict=False):
                reviews.append(_review(pid, lv, who, role, day, t, failed[lv]))
        # messages: a few a week; township accounts answer slowly
        slow = a["account_id"] in ("LY-T200-WECHAT", "LY-LAND-WECHAT")
        prompt = a["account_id"] in MODEL
        for day in days:
            if rng.random() >= (0.5 if kind == "main" else 0.25):
                continue
            n_msg += 1
            received = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(
                minutes=rng.randrange(0, 24 * 60))
            q = rng.random()
            if slow and q < 0.5:
                delay = None if q < 0.2 else rng.randint(8, 15)
            elif prompt:
                delay = rng.randint(0, 2)
            elif q < 0.03:
                delay = None
            elif q < 0.10:
                delay = rng.randint(8, 12)
            else:
                delay = rng.randint(0, 4)
            replied = "" if delay is None else (received + dt.timedelta(
                days=delay, hours=rng.randint(0, 6))).strftime("%Y-%m-%d %H:%M")
            messages.append({"message_id": f"LY-M{n_msg:05d}", "account_id": a["account_id"],
                             "channel": rng.choice(["comment", "message", "private_message"]),
                             "received_at": received.strftime("%Y-%m-%d %H:%M"),
                             "replied_at": replied})
    _write("review_posts.csv", posts)
    _write("reviews.csv", reviews)
    _write("messages.csv", messages)
    _write("lexicon.csv", [{"term": t, "tag": g, "note": n} for t, g, n in LEXICON])
    full = {"password_custody": "专人保管账号密码，每季度更换，离岗即交接",
            "handover": "人员变动时填写交接清单，由分管领导签字确认",
            "duty_rota": "工作日8:30-17:30专人值守，节假日轮班"}
    _write("inspection.csv", [
        {"account_id": "LY-MAIN-DOUYIN", "operator_subcontracts": "是", **full},
        {"account_id": "LY-MAIN-WECHAT", "operator_subcontracts": "否", **full},
        {"account_id": "LY-CULTURE-DOUYIN", "comments_open": "否", "messages_open": "是",
         **full},
        {"account_id": "LY-T101-WECHAT", **full, "duty_rota": "待定"},
        {"account_id": "LY-T002-WECHAT", **full, "password_custody": "无"},
        {"account_id": "LY-AGRI-TOUTIAO", "forced_likes": "是", **full},
    ])


def _review(pid: str, level: int, who: str, role: str, day: dt.date, minute: int,
            failed: tuple[str, ...]) -> dict[str, str]:
    row = {"post_id": pid, "level": str(level), "reviewer": who, "role": role,
           "reviewed_at": _at(day, minute)}
    for e in ELEMENTS:
        row[e] = "false" if e in failed else "true"
    row["note"] = "退回修改" if failed else ""
    return row


def _write(name: str, rows: list[dict[str, str]]) -> None:
    keys: list[str] = []
    for r in rows:
        keys.extend(k for k in r if k not in keys)
    with open(OUT / name, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=keys, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {OUT / name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
