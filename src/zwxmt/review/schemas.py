"""The declared inputs of a review audit (审核输入格式), registered with :mod:`zwxmt.table`.

Six inputs, each an :class:`~zwxmt.table.InputSchema` (``zwxmt schema NAME`` prints one):

- ``review_posts`` (发布记录): the publication log, one row per post; key ``post_id``;
- ``reviews`` (审核记录): one row per review of a post (三审, ``ZJG-8.2.1``), with one yes/no
  column per review element (``ZJG-8.2.2``);
- ``messages`` (留言记录): public messages and their replies (``ZJG-7.3.3``); key
  ``message_id``;
- ``lexicon`` (词库): terms tagged serious / general / advertising / opinion; key ``term``;
- ``review_accounts`` (账号清单): the operator columns of the accounts register (``ZJO-2.4``,
  ``ZJG-5.2.5``); the register's other columns are accepted and not read (the main job
  validates them as the ``accounts`` input); key ``account_id``;
- ``inspection`` (检查记录): what an inspection recorded per account; blank = not inspected;
  key ``account_id``.

Bounds (issue #9): ids and names at most 256 characters; post texts, notes, links and
descriptions at most 200,000 (:data:`~zwxmt.table.parse.TEXT_MAX_LENGTH`); times from
2000-01-01 to the audit date. A naive time is Beijing time; an aware one is converted to
Asia/Shanghai before its date is taken.
"""

from __future__ import annotations

from zwxmt.review.elements import Element, LexiconTag, ReviewerRole, ReviewLevelCode
from zwxmt.table import Column, InputSchema, register
from zwxmt.table.parse import TEXT_MAX_LENGTH
from zwxmt.vocabulary import OperationMode, OperatorKind

__all__ = [
    "ELEMENT_COLUMNS",
    "INSPECTION",
    "INSPECTION_FLAGS",
    "LEXICON",
    "MESSAGES",
    "OPERATOR_FACT_COLUMNS",
    "REVIEWS",
    "REVIEW_ACCOUNTS",
    "REVIEW_POSTS",
    "REVIEW_SCHEMAS",
]

TEXT = TEXT_MAX_LENGTH

REVIEW_POSTS = register(InputSchema(
    name="review_posts", zh="发布记录", key=("post_id",), cite="ZJG-8.2.1",
    description="the publication log of a review audit: one row per published post",
    columns=(
        Column("post_id", "稿件编号", "text", aliases=("稿件ID", "信息编号"),
               description="the post's id, unique in the log"),
        Column("account_id", "账号编码", "text", description="the account that published it"),
        Column("published_at", "发布时间", "datetime",
               description="when it was published (Beijing time when no offset is given)"),
        Column("text", "正文", "text", required=False, default="", max_length=TEXT,
               description="the post's text (lexicon matching, links)"),
        Column("is_repost", "是否转载", "bool", required=False, default=False, cite="ZJG-8.1.2",
               description="a repost (blank: not a repost)"),
        Column("source", "来源", "text", required=False, default="", cite="ZJG-7.1-sources",
               description="the source named by a repost"),
        Column("source_url", "来源链接", "text", required=False, default="", max_length=TEXT,
               description="the link to the source of a repost"),
        Column("links", "链接", "text", required=False, default="", max_length=TEXT,
               description="links of the post, separated by spaces"),
    ),
))

#: The yes/no column of each review element (``ZJG-8.2.2``), in :class:`Element` order.
ELEMENT_COLUMNS: tuple[str, ...] = tuple(e.value for e in Element)

REVIEWS = register(InputSchema(
    name="reviews", zh="审核记录", cite="ZJG-8.2.1",
    description="review records: one row per review of a post (一审, 二审, 三审); every element "
                "column must be present, a blank cell is an element not confirmed",
    columns=(
        Column("post_id", "稿件编号", "text", aliases=("稿件ID", "信息编号"),
               description="the post reviewed"),
        Column("level", "审级", "enum", vocabulary=ReviewLevelCode, cite="ZJG-8.2.1",
               description="1/2/3 or 一审/二审/三审"),
        Column("reviewer", "审核人", "text", description="who reviewed"),
        Column("role", "审核人员角色", "enum", vocabulary=ReviewerRole, cite="ZJG-8.2.1-roles",
               description="the reviewer's role (the rulebook's role_aliases are accepted too)"),
        Column("reviewed_at", "审核时间", "datetime", description="when the review was made"),
        *(Column(e.value, e.zh, "bool", required=False, default=False, cite=e.rule,
                 description=f"{e.zh} confirmed (blank: not confirmed)") for e in Element),
        Column("note", "说明", "text", required=False, default="", max_length=TEXT),
    ),
))

MESSAGES = register(InputSchema(
    name="messages", zh="留言记录", key=("message_id",), cite="ZJG-7.3.3",
    description="public messages, comments and consultations, with their replies",
    columns=(
        Column("message_id", "留言编号", "text"),
        Column("account_id", "账号编码", "text"),
        Column("channel", "渠道", "text", required=False, default="message",
               description="comment, private_message, message ... (blank: message)"),
        Column("received_at", "收到时间", "datetime"),
        Column("replied_at", "回复时间", "datetime", required=False,
               description="blank: not replied; never before received_at; may follow the "
                           "audit date (not after today)"),
    ),
))

LEXICON = register(InputSchema(
    name="lexicon", zh="词库", key=("term",), cite="ZJG-9.2-T2-health",
    description="terms to find in post texts, each tagged serious / general (表述错误), "
                "advertising or opinion (ZJG-7.1-opinion-ads)",
    columns=(
        Column("term", "词条", "text", description="the exact text to find (no control "
                                                    "characters)"),
        Column("tag", "类别", "enum", vocabulary=LexiconTag),
        Column("note", "说明", "text", required=False, default="", max_length=TEXT),
    ),
))

#: Operator facts of the register: column -> the fact of ``OPERATOR_FACTS`` it records.
OPERATOR_FACT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("operator_news_qualification", "news_qualification"),
    ("operator_subcontracts", "subcontracts"),
    ("operator_rights_agreed", "rights_agreed"),
    ("operator_confidentiality", "confidentiality_agreement"),
)
_FACT_ZH = {
    "operator_news_qualification": "是否取得互联网新闻信息服务资质",
    "operator_subcontracts": "是否再次转包",
    "operator_rights_agreed": "是否明确约定权责",
    "operator_confidentiality": "是否签订保密协议",
}
# The register's other columns: accepted (so no notice) and not read by the review.
_REGISTER_COLUMNS = (
    ("name", "账号名称"), ("platform", "平台"), ("platform_uid", "账号ID"), ("kind", "账号类别"),
    ("level", "层级"), ("host_unit_id", "主办单位编码"), ("host_unit_name", "主办单位"),
    ("supervisor_unit_id", "主管单位编码"), ("region_code", "区划代码"),
    ("county_code", "县（市、区）区划代码"), ("opened_on", "开通时间"),
    ("certified", "是否通过认证"), ("status", "运行状态"), ("fans", "粉丝量"),
    ("functions", "基本功能"),
)

REVIEW_ACCOUNTS = register(InputSchema(
    name="review_accounts", zh="账号清单（运营单位）", key=("account_id",), cite="ZJO-2.4",
    description="the accounts register as the review reads it: the operator of each account; "
                "the register's other columns are accepted and not read here",
    columns=(
        Column("account_id", "账号编码", "text"),
        Column("operation_mode", "运营模式", "enum", vocabulary=OperationMode, required=False,
               description="购买服务 needs an operator (运营单位)"),
        Column("operator_name", "运营单位", "text", required=False,
               description="the entrusted operator (blank: none)"),
        Column("operator_kind", "运营单位类型", "enum", vocabulary=OperatorKind, required=False,
               description="blank: other"),
        *(Column(col, _FACT_ZH[col], "bool", required=False, cite="ZJG-5.2.5",
                 description="blank: not recorded (the fact is then not judged)")
          for col, _ in OPERATOR_FACT_COLUMNS),
        *(Column(name, zh, "text", required=False, max_length=TEXT,
                 description="accepted, not read by the review")
          for name, zh in _REGISTER_COLUMNS),
    ),
))

#: Inspection columns that record a yes/no (blank: not inspected).
INSPECTION_FLAGS: tuple[str, ...] = (
    "operator_news_qualification", "operator_subcontracts", "operator_rights_agreed",
    "operator_confidentiality", "comments_open", "messages_open", "bought_fans", "forced_likes")

INSPECTION = register(InputSchema(
    name="inspection", zh="检查记录", key=("account_id",), cite="ZJG-6.1.1-security",
    description="what an inspection recorded per account; a blank cell was not inspected",
    columns=(
        Column("account_id", "账号编码", "text"),
        *(Column(col, _FACT_ZH[col], "bool", required=False, cite="ZJO-2.4")
          for col, _ in OPERATOR_FACT_COLUMNS),
        Column("comments_open", "留言评论功能是否开启", "bool", required=False, cite="HN-3.2"),
        Column("messages_open", "私信功能是否开启", "bool", required=False, cite="HN-3.2"),
        Column("password_custody", "账号及密码保管机制", "text", required=False, max_length=TEXT,
               cite="LN-3.3-password"),
        Column("handover", "工作交接机制", "text", required=False, max_length=TEXT,
               cite="ZJG-6.1.1-security"),
        Column("duty_rota", "值班值守机制", "text", required=False, max_length=TEXT,
               cite="ZJG-6.1.1-security"),
        Column("bought_fans", "是否购买粉丝", "bool", required=False, cite="LN-3.4-fans"),
        Column("forced_likes", "是否强制点赞转发", "bool", required=False, cite="LN-3.4-fans"),
    ),
))

#: The schema of each role of :func:`zwxmt.review.inputs.load_inputs`.
REVIEW_SCHEMAS: dict[str, InputSchema] = {
    "posts": REVIEW_POSTS, "reviews": REVIEWS, "messages": MESSAGES,
    "lexicon": LEXICON, "accounts": REVIEW_ACCOUNTS, "inspection": INSPECTION,
}
