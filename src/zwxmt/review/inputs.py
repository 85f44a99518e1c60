"""Reading the files of a review audit, with every bad row rejected by name (house rule 4).

The files (CSV, JSON lines or Parquet; English or Chinese headers):

- ``review_posts.csv`` (发布记录): post_id 稿件编号, account_id 账号编码, published_at 发布时间,
  text 正文, is_repost 是否转载, source 来源, source_url 来源链接, links 链接;
- ``reviews.csv`` (审核记录): post_id, level 审级 (1/2/3 or 一审/二审/三审), reviewer 审核人,
  role 审核人员角色 (code or Chinese), reviewed_at 审核时间 and one column per element
  (political 政治要素 … public_opinion 舆情要素: 是/否; blank is not confirmed), note 说明;
- ``messages.csv`` (留言记录): message_id 留言编号, account_id, channel 渠道, received_at 收到时间,
  replied_at 回复时间 (blank: no reply);
- ``lexicon.csv`` (词库): term 词条, tag 类别 (serious 严重 / general 一般 / advertising 广告 /
  opinion 个人观点), note 说明;
- ``accounts.csv`` (账号清单, the foundation's format with operator_* columns);
- ``inspection.csv`` (检查记录): account_id and any of operator_news_qualification,
  operator_subcontracts, operator_rights_agreed, operator_confidentiality, comments_open,
  messages_open, password_custody, handover, duty_rota, bought_fans, forced_likes (blank: not
  inspected).

Each reader returns the typed log of the accepted rows and the rejects of the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from zwxmt.io import ColumnSpec, Reject, coerce_columns, read_table, resolve_header
from zwxmt.models import Account
from zwxmt.review.elements import Element
from zwxmt.review.entrusted import Inspection
from zwxmt.review.interaction import InteractionSettings
from zwxmt.review.lexicon import TAGS, Lexicon, normalise_tag, term_problem
from zwxmt.review.logs import ROLE_CODES, MessageLog, PostLog, ReviewLog
from zwxmt.review.parameters import ReviewParameters
from zwxmt.review.report import ReviewInputs

__all__ = [
    "AccountSet",
    "InspectionSet",
    "Loaded",
    "read_accounts",
    "read_inspections",
    "read_lexicon",
    "read_messages",
    "read_posts",
    "read_reviews",
]

_TRUE = {"true", "1", "yes", "y", "t", "是", "√"}
_FALSE = {"false", "0", "no", "n", "f", "否", "×"}


@dataclass
class Loaded:
    """What a reader accepted, how many rows it read, and the rejects (file-prefixed fields)."""

    name: str
    rows: int
    value: Any
    rejects: list[Reject] = field(default_factory=list)
    kept: npt.NDArray[np.int64] = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    @property
    def processed(self) -> int:
        return self.rows - len({r.row for r in self.rejects})

    def summary_line(self) -> str:
        return (f"{self.name}: rows read = {self.rows} = processed {self.processed} + "
                f"rejected {self.rows - self.processed}")


def _datetimes(raw: Sequence[Any], name: str, required: bool, rejects: list[Reject],
               ok: npt.NDArray[np.bool_], first_row: int = 1) -> npt.NDArray[np.datetime64]:
    """Parse ISO date-times (``2026-09-01 08:30[:00]``); blank is NaT unless required."""
    text = ["" if v is None else str(v).strip() for v in raw]
    try:
        out = np.array(text, dtype="datetime64[s]")
        bad_rows: list[int] = []
    except ValueError:
        out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
        bad_rows = []
        for i, v in enumerate(text):  # the error path only: find which rows are bad
            try:
                out[i] = np.datetime64(v, "s")
            except ValueError:
                bad_rows.append(i)
    for i in bad_rows:
        rejects.append(Reject(i + first_row, name,
                              "not a date-time: expected YYYY-MM-DD HH:MM[:SS]", text[i]))
        ok[i] = False
    if required:
        for j in np.flatnonzero(np.isnat(out) & ok):
            rejects.append(Reject(int(j) + first_row, name,
                                  "missing value: expected a date-time YYYY-MM-DD HH:MM", ""))
            ok[j] = False
    return out


def _raw_column(header: list[str], rows: list[list[Any]], spec: ColumnSpec) -> list[Any]:
    index = resolve_header(header, [spec])
    col = index.get(spec.name)
    if col is None:
        return [None] * len(rows)
    return [r[col] if col < len(r) else None for r in rows]


def _prefixed(name: str, rejects: list[Reject]) -> list[Reject]:
    return [Reject(r.row, f"{name}:{r.field}", r.reason, r.value) for r in rejects]


POST_SPECS = (
    ColumnSpec("post_id", "稿件编号", "str"),
    ColumnSpec("account_id", "账号编码", "str"),
    ColumnSpec("text", "正文", "str", required=False, default=""),
    ColumnSpec("is_repost", "是否转载", "bool", required=False, default=False,
               cite="ZJG-8.1.2"),
    ColumnSpec("source", "来源", "str", required=False, default="", cite="ZJG-7.1-sources"),
    ColumnSpec("source_url", "来源链接", "str", required=False, default=""),
    ColumnSpec("links", "链接", "str", required=False, default=""),
)
_PUBLISHED = ColumnSpec("published_at", "发布时间", "str")


def _unique_ids(ids: npt.NDArray[Any], ok: npt.NDArray[np.bool_], name: str,
                rejects: list[Reject]) -> None:
    """Reject every repeat of an id after its first accepted row."""
    seen: set[str] = set()
    for i in np.flatnonzero(ok):  # id bookkeeping: a set, one pass, only to name duplicates
        key = str(ids[i])
        if key in seen:
            rejects.append(Reject(int(i) + 1, name, "id given twice: expected a unique id",
                                  key))
            ok[i] = False
        seen.add(key)


def read_posts(path: str | Path) -> Loaded:
    header, rows = read_table(path)
    got = coerce_columns(header, rows, POST_SPECS)
    resolve_header(header, [_PUBLISHED])
    rejects = list(got.rejects)
    ok = got.ok.copy()
    published = _datetimes(_raw_column(header, rows, _PUBLISHED), "published_at", True,
                           rejects, ok)
    _unique_ids(got.columns["post_id"], ok, "post_id", rejects)
    c = got.columns
    keep = np.flatnonzero(ok)
    log = PostLog(post_id=c["post_id"][keep], account_id=c["account_id"][keep],
                  published_at=published[keep], is_repost=c["is_repost"][keep],
                  source=c["source"][keep], source_url=c["source_url"][keep],
                  text=c["text"][keep], links=c["links"][keep])
    return Loaded(Path(path).name, len(rows), log, _prefixed(Path(path).name, rejects), keep)


def _level_choices() -> dict[str, str]:
    out = {"1": "1", "2": "2", "3": "3", "一审": "1", "二审": "2", "三审": "3",
           "1.0": "1", "2.0": "2", "3.0": "3"}
    return out


def read_reviews(path: str | Path, params: ReviewParameters) -> Loaded:
    roles = {k: v.value for k, v in params.role_lookup().items()}
    specs = [
        ColumnSpec("post_id", "稿件编号", "str"),
        ColumnSpec("level", "审级", "str", choices=_level_choices(), cite="ZJG-8.2.1"),
        ColumnSpec("reviewer", "审核人", "str"),
        ColumnSpec("role", "审核人员角色", "str", choices=roles, cite="ZJG-8.2.1-roles"),
        *[ColumnSpec(e.value, e.zh, "bool", cite=e.rule) for e in Element],
        ColumnSpec("note", "说明", "str", required=False, default=""),
    ]
    reviewed = ColumnSpec("reviewed_at", "审核时间", "str")
    header, rows = read_table(path)
    resolve_header(header, [reviewed])
    got = coerce_columns(header, rows, specs)
    rejects = list(got.rejects)
    ok = got.ok.copy()
    when = _datetimes(_raw_column(header, rows, reviewed), "reviewed_at", True, rejects, ok)
    c = got.columns
    keep = np.flatnonzero(ok)
    confirmed = np.zeros(len(rows), dtype=np.uint8)
    for e in Element:
        confirmed |= c[e.value].astype(np.uint8) << e.position
    role_code = {r.value: code for r, code in ROLE_CODES.items()}
    role_arr = np.array([role_code.get(str(v), 0) for v in c["role"]], dtype=np.int8) \
        if len(rows) else np.empty(0, dtype=np.int8)
    level = np.array([int(v) if v else 1 for v in c["level"]], dtype=np.int8) \
        if len(rows) else np.empty(0, dtype=np.int8)
    log = ReviewLog(post_id=c["post_id"][keep], level=level[keep],
                    reviewer=c["reviewer"][keep], role=role_arr[keep],
                    reviewed_at=when[keep], confirmed=confirmed[keep])
    return Loaded(Path(path).name, len(rows), log, _prefixed(Path(path).name, rejects), keep)


MESSAGE_SPECS = (
    ColumnSpec("message_id", "留言编号", "str"),
    ColumnSpec("account_id", "账号编码", "str"),
    ColumnSpec("channel", "渠道", "str", required=False, default="message"),
)


def read_messages(path: str | Path) -> Loaded:
    header, rows = read_table(path)
    received_spec = ColumnSpec("received_at", "收到时间", "str")
    replied_spec = ColumnSpec("replied_at", "回复时间", "str", required=False)
    resolve_header(header, [received_spec, replied_spec])
    got = coerce_columns(header, rows, MESSAGE_SPECS)
    rejects = list(got.rejects)
    ok = got.ok.copy()
    received = _datetimes(_raw_column(header, rows, received_spec), "received_at", True,
                          rejects, ok)
    replied = _datetimes(_raw_column(header, rows, replied_spec), "replied_at", False,
                         rejects, ok)
    before = ok & ~np.isnat(replied) & (replied < received)
    for i in np.flatnonzero(before):
        rejects.append(Reject(int(i) + 1, "replied_at",
                              "reply before the message: expected a time after received_at",
                              str(replied[i])))
        ok[i] = False
    _unique_ids(got.columns["message_id"], ok, "message_id", rejects)
    c = got.columns
    keep = np.flatnonzero(ok)
    log = MessageLog(message_id=c["message_id"][keep], account_id=c["account_id"][keep],
                     channel=c["channel"][keep], received_at=received[keep],
                     replied_at=replied[keep])
    return Loaded(Path(path).name, len(rows), log, _prefixed(Path(path).name, rejects), keep)


def read_lexicon(path: str | Path) -> Loaded:
    choices = {t: t for t in TAGS}
    choices.update({k.lower(): normalise_tag(k) for k in
                    ("严重", "严重表述错误", "一般", "一般表述错误", "广告", "商业广告", "个人观点",
                     "观点")})
    specs = (ColumnSpec("term", "词条", "str"),
             ColumnSpec("tag", "类别", "str", choices=choices),
             ColumnSpec("note", "说明", "str", required=False, default=""))
    header, rows = read_table(path)
    got = coerce_columns(header, rows, specs)
    rejects = list(got.rejects)
    ok = got.ok.copy()
    seen: set[str] = set()
    terms = got.columns["term"]
    for i in np.flatnonzero(ok):  # a lexicon is small (thousands of terms)
        term = str(terms[i])
        problem = term_problem(term) or (f"term {term!r} is listed twice" if term in seen
                                         else None)
        if problem:
            rejects.append(Reject(int(i) + 1, "term", problem, term))
            ok[i] = False
        seen.add(term)
    keep = np.flatnonzero(ok)
    lex = Lexicon(tuple(str(t) for t in terms[keep]),
                  tuple(str(g) for g in got.columns["tag"][keep]))
    return Loaded(Path(path).name, len(rows), lex, _prefixed(Path(path).name, rejects), keep)


_OPERATOR_COLUMNS = (("operator_news_qualification", "news_qualification"),
                     ("operator_subcontracts", "subcontracts"),
                     ("operator_rights_agreed", "rights_agreed"),
                     ("operator_confidentiality", "confidentiality_agreement"))


@dataclass(frozen=True)
class AccountSet:
    """Accounts read from a register, and which operator facts each row recorded."""

    accounts: tuple[Account, ...]
    facts: dict[str, frozenset[str]]


def _account_dict(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in row.items()
                            if v not in ("", None) and not k.startswith("operator_")}
    if row.get("operator_name"):
        op: dict[str, Any] = {"name": row["operator_name"],
                              "kind": row.get("operator_kind") or "other"}
        for col, key in _OPERATOR_COLUMNS:
            if row.get(col):
                op[key] = row[col]
        data["operator"] = op
    return data


def read_accounts(path: str | Path) -> Loaded:
    """Accounts (the foundation's accounts.csv format); each row validated as an Account."""
    header, rows = read_table(path)
    out: list[Account] = []
    facts: dict[str, frozenset[str]] = {}
    rejects: list[Reject] = []
    kept: list[int] = []
    for i, raw in enumerate(rows, start=1):  # a register of accounts: model validation per row
        row = {h: ("" if v is None else str(v)) for h, v in zip(header, raw, strict=False)}
        try:
            account = Account.model_validate(_account_dict(row))
            out.append(account)
            facts[account.account_id] = frozenset(
                key for col, key in _OPERATOR_COLUMNS if row.get(col, "").strip())
            kept.append(i - 1)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(x) for x in err["loc"]) or "row"
                rejects.append(Reject(i, where, err["msg"], str(err.get("input", ""))[:80]))
    return Loaded(Path(path).name, len(rows), AccountSet(tuple(out), facts),
                  _prefixed(Path(path).name, rejects), np.asarray(kept, dtype=np.int64))


_TRI_BOOL = ("operator_news_qualification", "operator_subcontracts", "operator_rights_agreed",
             "operator_confidentiality", "comments_open", "messages_open", "bought_fans",
             "forced_likes")
_INSPECTION_ZH = {
    "account_id": "账号编码", "operator_news_qualification": "是否取得互联网新闻信息服务资质",
    "operator_subcontracts": "是否再次转包", "operator_rights_agreed": "是否明确约定权责",
    "operator_confidentiality": "是否签订保密协议", "comments_open": "留言评论功能是否开启",
    "messages_open": "私信功能是否开启", "password_custody": "账号及密码保管机制",
    "handover": "工作交接机制", "duty_rota": "值班值守机制", "bought_fans": "是否购买粉丝",
    "forced_likes": "是否强制点赞转发",
}


@dataclass(frozen=True)
class InspectionSet:
    """Inspections per account and the comment/message settings they recorded."""

    inspections: tuple[Inspection, ...]
    settings: InteractionSettings


def read_inspections(path: str | Path) -> Loaded:
    header, rows = read_table(path)
    specs = [ColumnSpec(k, zh, "str", required=(k == "account_id"))
             for k, zh in _INSPECTION_ZH.items()]
    index = resolve_header(header, specs)
    rejects: list[Reject] = []
    found: list[Inspection] = []
    kept: list[int] = []
    comments: list[bool] = []
    messages: list[bool] = []
    for i, raw in enumerate(rows, start=1):  # inspections are per account: a small table
        def cell(name: str, raw: Sequence[Any] = raw) -> str | None:
            col = index.get(name)
            v = raw[col] if col is not None and col < len(raw) else None
            text = "" if v is None else str(v).strip()
            return text or None

        values: dict[str, Any] = {}
        bad = False
        for name in _TRI_BOOL:
            v = cell(name)
            if v is None:
                values[name] = None
            elif v.lower() in _TRUE:
                values[name] = True
            elif v.lower() in _FALSE:
                values[name] = False
            else:
                rejects.append(Reject(i, name, "expected true/false (是/否) or blank", v))
                bad = True
        account = cell("account_id")
        if account is None:
            rejects.append(Reject(i, "account_id", "missing value: expected an account id", ""))
            bad = True
        if bad:
            continue
        found.append(Inspection(
            account_id=str(account),
            operator_news_qualification=values["operator_news_qualification"],
            operator_subcontracts=values["operator_subcontracts"],
            operator_rights_agreed=values["operator_rights_agreed"],
            operator_confidentiality=values["operator_confidentiality"],
            password_custody=cell("password_custody"), handover=cell("handover"),
            duty_rota=cell("duty_rota"), bought_fans=values["bought_fans"],
            forced_likes=values["forced_likes"]))
        # Not inspected (blank) counts as open: only a recorded 否 is a closed channel.
        comments.append(values["comments_open"] is not False)
        messages.append(values["messages_open"] is not False)
        kept.append(i - 1)
    settings = InteractionSettings(np.array([x.account_id for x in found], dtype=object),
                                   np.array(comments, dtype=np.bool_),
                                   np.array(messages, dtype=np.bool_))
    return Loaded(Path(path).name, len(rows), InspectionSet(tuple(found), settings),
                  _prefixed(Path(path).name, rejects), np.asarray(kept, dtype=np.int64))


#: File names looked up in an input folder, by role.
FOLDER_FILES: dict[str, tuple[str, ...]] = {
    "posts": ("review_posts.csv", "posts.csv", "review_posts.jsonl", "posts.jsonl"),
    "reviews": ("reviews.csv", "reviews.jsonl"),
    "messages": ("messages.csv", "messages.jsonl"),
    "lexicon": ("lexicon.csv", "lexicon.jsonl"),
    "accounts": ("accounts.csv", "accounts.jsonl"),
    "inspection": ("inspection.csv", "inspection.jsonl"),
}


def find_inputs(source: str | Path, **given: str | Path | None) -> dict[str, Path]:
    """The files of an audit: ``source`` is a folder (files found by name) or the posts file.

    Keyword arguments (``reviews=``, ``messages=``, …) name files explicitly and win.
    """
    src = Path(source)
    found: dict[str, Path] = {}
    if src.is_dir():
        for role, names in FOLDER_FILES.items():
            for name in names:
                if (src / name).is_file():
                    found[role] = src / name
                    break
    elif src.is_file():
        found["posts"] = src
    else:
        raise FileNotFoundError(f"no such file or folder: {src}")
    for role, path in given.items():
        if path is not None:
            if role not in FOLDER_FILES:
                raise ValueError(f"unknown input {role!r}")
            found[role] = Path(path)
    if "posts" not in found:
        raise FileNotFoundError(
            f"{src}: no publication log ({' or '.join(FOLDER_FILES['posts'])})")
    return found


def load_inputs(files: dict[str, Path], params: ReviewParameters) -> tuple[Any, list[Loaded]]:
    """Read every file of ``files``; returns (ReviewInputs, what each reader loaded)."""
    loaded: list[Loaded] = []
    posts = read_posts(files["posts"])
    loaded.append(posts)
    parts: dict[str, Any] = {"posts": posts.value}
    if "reviews" in files:
        got = read_reviews(files["reviews"], params)
        loaded.append(got)
        parts["reviews"] = got.value
    if "messages" in files:
        got = read_messages(files["messages"])
        loaded.append(got)
        parts["messages"] = got.value
    if "lexicon" in files:
        got = read_lexicon(files["lexicon"])
        loaded.append(got)
        parts["lexicon"] = got.value
    if "accounts" in files:
        got = read_accounts(files["accounts"])
        loaded.append(got)
        parts["accounts"] = got.value.accounts
        parts["operator_facts"] = got.value.facts
    if "inspection" in files:
        got = read_inspections(files["inspection"])
        loaded.append(got)
        parts["inspections"] = got.value.inspections
        parts["settings"] = got.value.settings
    return ReviewInputs(**parts), loaded
