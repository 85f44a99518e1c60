"""Content rules (内容规范): repost sources, source marking, advertising, personal opinion and
wording errors, checked over a whole publication log.

- ``ZJG-7.1-sources`` (also ``LN-3.2-sources``): 原则上只转载党委和政府网站及有关主管部门和宣传、
  网信部门确定的稿源单位，以及本单位认可的权威科研机构等发布的信息。 The accepted sources are the
  rulebook lists ``repost_source_domains`` and ``repost_source_names``.
- ``ZJG-8.1.2``: 转载信息应遵守知识产权相关规定，标注信息来源。 A repost with neither a source
  name nor a source link is unmarked.
- ``ZJG-7.1-opinion-ads`` (also ``LN-3.2-opinion-ads``, ``HN-4.2-opinion-ads``): 不得擅自发布
  代表个人观点、意见及情绪的言论，不得刊登商业广告或链接商业广告页面。 Links in the text or the
  links column whose host is on ``advertising_domains``; lexicon terms tagged ``advertising``
  or ``opinion`` (the rulebook's ``advertising_terms`` and ``opinion_terms`` are always added).
- ``ZJG-9.2-T2-health``: terms tagged ``serious`` / ``general`` count as 严重 / 一般表述错误;
  :class:`ContentResult` keeps the per-post counts that feed the health index.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from zwxmt.review.findings import FindingTable
from zwxmt.review.lexicon import TAGS, Engine, Lexicon, Matches, match_lexicon
from zwxmt.review.logs import PostLog, month_labels
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.rules import cite

__all__ = ["ContentResult", "check_content", "host_in", "host_of"]

RULE_SOURCES = cite("ZJG-7.1-sources")
RULE_MARK = cite("ZJG-8.1.2")
RULE_ADS = cite("ZJG-7.1-opinion-ads")
RULE_HEALTH = cite("ZJG-9.2-T2-health")

_URL = re.compile(r"(?:https?://|www\.)[^\s\x00<>\"'，。；、）)】]+", re.IGNORECASE)
_TAG_CODE = {"serious": "serious_expression_error", "general": "general_expression_error",
             "advertising": "advertising_text", "opinion": "personal_opinion"}


def host_of(url: str) -> str:
    """The lower-case host of a URL (``www.`` links without a scheme included), or ''."""
    text = url.strip()
    if not text:
        return ""
    if "://" not in text:
        text = "http://" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def host_in(host: str, domains: Sequence[str]) -> bool:
    """Whether ``host`` is one of ``domains`` or a subdomain of one."""
    return any(host == d or host.endswith("." + d) for d in domains)


@dataclass(frozen=True)
class ContentResult:
    """Findings of the content checks and the per-post wording-error counts."""

    findings: FindingTable
    serious: npt.NDArray[np.int64]
    general: npt.NDArray[np.int64]
    engine: str
    terms: int


def _period(posts: PostLog) -> npt.NDArray[Any]:
    months, labels = month_labels(posts.published_at)
    if len(months) == 0:
        return np.empty(0, dtype=object)
    out: npt.NDArray[Any] = np.array(labels, dtype=object)[months - months.min()]
    return out


def _classify(values: npt.NDArray[Any], fn: Any) -> npt.NDArray[Any]:
    """Apply ``fn`` to each distinct value once and spread the answers back (few distinct)."""
    if len(values) == 0:
        return np.empty(0, dtype=object)
    uniq, inv = np.unique(values.astype(str), return_inverse=True)
    answers = np.array([fn(str(u)) for u in uniq], dtype=object)
    out: npt.NDArray[Any] = answers[inv.reshape(-1)]
    return out


def _links(posts: PostLog) -> tuple[npt.NDArray[np.int64], list[str]]:
    """Every URL in the text and links columns: (post index, url)."""
    n = len(posts)
    parts = []
    if posts.text is not None:
        parts.append(posts.text.astype(str).astype(object))
    if posts.links is not None:
        parts.append(posts.links.astype(str).astype(object))
    if not parts or n == 0:
        return np.empty(0, dtype=np.int64), []
    joined = parts[0] if len(parts) == 1 else parts[0] + " " + parts[1]
    docs = [str(x) for x in joined]
    big = "\x00".join(docs)
    found = [(m.start(), m.group(0)) for m in _URL.finditer(big)]
    if not found:
        return np.empty(0, dtype=np.int64), []
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    starts[1:] = np.cumsum(lengths[:-1] + 1)
    pos = np.array([s for s, _ in found], dtype=np.int64)
    return np.searchsorted(starts, pos, side="right") - 1, [u for _, u in found]


def _term_evidence(matches: Matches, lexicon: Lexicon, keep: npt.NDArray[np.bool_]
                   ) -> tuple[npt.NDArray[np.int64], npt.NDArray[Any], npt.NDArray[np.int64]]:
    """For the kept matches: the posts, an evidence text per post and the count per post."""
    doc, term, count = matches.doc[keep], matches.term[keep], matches.count[keep]
    if len(doc) == 0:
        return doc, np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    posts, first = np.unique(doc, return_index=True)
    totals = np.add.reduceat(count, first)
    bounds = [*first.tolist(), len(doc)]
    words = [f"“{lexicon.terms[t]}”" + (f"×{c}" if c > 1 else "")
             for t, c in zip(term.tolist(), count.tolist(), strict=True)]
    evidence = np.array(["、".join(words[a:b]) for a, b in itertools.pairwise(bounds)],
                        dtype=object)
    return posts, evidence, totals


def check_content(posts: PostLog, lexicon: Lexicon | None = None,
                  params: ReviewParameters | None = None, *, engine: Engine = "auto"
                  ) -> ContentResult:
    """Run the content checks over ``posts`` with ``lexicon`` (plus the rulebook lists)."""
    p = params if params is not None else review_parameters()
    sev, veto = p.severities(), p.vetoes()
    n = len(posts)
    period = _period(posts)
    tables: list[FindingTable] = []

    def add(code: str, idx: npt.NDArray[np.int64], evidence: npt.NDArray[Any] | str) -> None:
        if len(idx) == 0:
            return
        tables.append(FindingTable.build(
            code=code, severity=sev, veto=veto, account_id=posts.account_id[idx].astype(object),
            period=period[idx], subject=posts.post_id[idx].astype(str).astype(object),
            evidence=evidence))

    # 转载: source marked (ZJG-8.1.2) and from an accepted source (ZJG-7.1-sources).
    if posts.is_repost is not None:
        source = (posts.source if posts.source is not None else np.full(n, "", dtype=object))
        url = (posts.source_url if posts.source_url is not None
               else np.full(n, "", dtype=object))
        source = np.char.strip(source.astype(str))
        url = np.char.strip(url.astype(str))
        repost = posts.is_repost.astype(np.bool_)
        unmarked = repost & (source == "") & (url == "")
        add("repost_without_source", np.flatnonzero(unmarked), "转载信息未标注来源")
        marked = np.flatnonzero(repost & ~unmarked)
        names = set(p.repost_source_names.value)
        domains = p.repost_source_domains.value
        by_name = np.isin(source[marked], list(names))
        host = _classify(url[marked], host_of)
        by_host = _classify(host.astype(str), lambda h: bool(h) and host_in(h, domains))
        bad = marked[~(by_name | by_host.astype(bool))]
        ev = ("来源“" + source[bad].astype(object) + "”" + np.where(
            url[bad] != "", "（" + url[bad].astype(object) + "）", "").astype(object)
            + "不在规定稿源之列")
        add("repost_unapproved_source", bad, ev)

    # 链接商业广告页面 (ZJG-7.1-opinion-ads).
    doc, urls = _links(posts)
    if urls:
        hosts = _classify(np.array(urls, dtype=object), host_of)
        ad = _classify(hosts.astype(str), lambda h: bool(h) and host_in(
            h, p.advertising_domains.value)).astype(bool)
        ad_docs = doc[ad]
        ad_urls = np.array(urls, dtype=object)[ad]
        if len(ad_docs):
            uniq, first = np.unique(ad_docs, return_index=True)
            add("advertising_link", uniq, "链接商业广告页面 " + ad_urls[first])

    # Lexicon terms: 表述错误 (health index), advertising and opinion phrases.
    lex = lexicon if lexicon is not None else Lexicon((), ())
    lex = lex.merged([(t, "advertising") for t in p.advertising_terms.value])
    lex = lex.merged([(t, "opinion") for t in p.opinion_terms.value])
    serious = np.zeros(n, dtype=np.int64)
    general = np.zeros(n, dtype=np.int64)
    engine_used = "none"
    if posts.text is not None and n and len(lex):
        matches = match_lexicon(posts.text, lex.terms, mode=p.lexicon_count.value,
                                engine=engine)
        engine_used = matches.engine
        tag_of = lex.tag_codes()[matches.term]
        for tag, code in _TAG_CODE.items():
            keep = tag_of == TAGS.index(tag)
            idx, ev, totals = _term_evidence(matches, lex, keep)
            add(code, idx, ev)
            if tag == "serious":
                serious[idx] = totals
            elif tag == "general":
                general[idx] = totals
    return ContentResult(FindingTable.concat(tables), serious, general, engine_used, len(lex))
