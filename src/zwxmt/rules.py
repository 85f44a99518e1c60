"""The rule catalogue (规则目录): every clause of the five seed documents, and of the national
spot-check indicators (国办秘函〔2019〕19号, key ``NAT``, from public sources: docs/national.md).

Each rule has a stable id in citation form (``ZJG-6.5.1(5)``: the document key, then the
document's own section number, then an item or a suffix), the source document, the section as
printed, a verbatim Chinese excerpt and an English summary. Code and rulebook data refer to
rules only by these ids; :func:`cite` checks an id when a module is imported, and a test scans
the source tree for ids the catalogue lacks.

The data lives in ``zwxmt/data/rules/*.toml`` (one file per source document).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from zwxmt import display
from zwxmt.errors import CatalogueError, UnknownRuleError

__all__ = [
    "RULE_ID_PATTERN",
    "SOURCES",
    "Catalogue",
    "Rule",
    "RuleId",
    "SourceKey",
    "catalogue",
    "cite",
]

SourceKey = Literal["ZJO", "LN", "HN", "GZ", "ZJG", "NAT"]

#: The five seed documents, by citation key (see docs/rules.md for the full titles).
SOURCES: dict[str, str] = {
    "ZJO": (
        "浙江省人民政府办公厅关于全面推进基层政务新媒体规范化建设工作的实施意见"
        "（浙政办发〔2022〕15号）"
    ),
    "LN": "辽宁省推进政务新媒体健康有序发展实施方案（2019）",
    "HN": (
        "衡南县政务公开政务服务领导小组办公室关于进一步规范和加强政务新媒体管理工作的通知"
        "（清公开办函〔2023〕2号）"
    ),
    "GZ": "贵州省关于推进政务新媒体健康有序发展的实施意见（2019，公开节选本）",
    "ZJG": "浙江省基层政务新媒体规范化建设指南（2022年3月）",
    "NAT": (
        "国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知"
        "（国办秘函〔2019〕19号）：政务新媒体检查指标（单项否决部分；不在种子文件中）"
    ),
}

#: Citation form: key, section numbers, an optional item ``(n)``, an optional suffix ``-T2``.
RULE_ID_PATTERN = re.compile(
    r"(?:ZJO|LN|HN|GZ|ZJG|NAT)-[0-9A-Z]+(?:\.[0-9]+)*(?:\([0-9]+\))?(?:-[A-Za-z0-9]+)*"
)

Topic = Literal[
    "definitions", "roles", "opening", "filing", "change", "deregistration", "cleanup",
    "matrix", "content", "review", "interaction", "service", "entrusted", "security",
    "assessment", "veto", "supervision", "training", "general",
]


class Rule(BaseModel):
    """One clause of a seed document (条款)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    source: SourceKey
    section: str
    title_zh: str = ""
    excerpt_zh: str
    summary_en: str
    topics: tuple[Topic, ...] = ()

    def as_public_dict(self) -> dict[str, str]:
        """The public JSON contract of ``zwxmt rules --format json``."""
        return {
            "id": self.id,
            "source": self.source,
            "section": self.section,
            "excerpt_zh": self.excerpt_zh,
            "summary_en": self.summary_en,
        }

    def __repr__(self) -> str:
        return display.rule_text(self)

    def _repr_html_(self) -> str:
        return display.rule_html(self)


class Catalogue:
    """The loaded catalogue: an ordered, read-only mapping from id to :class:`Rule`."""

    def __init__(self, rules: list[Rule]) -> None:
        by_id: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in by_id:
                raise CatalogueError(f"duplicate rule id {rule.id!r}")
            if not RULE_ID_PATTERN.fullmatch(rule.id):
                raise CatalogueError(f"rule id {rule.id!r} is not in citation form")
            if rule.id.split("-", 1)[0] != rule.source:
                raise CatalogueError(f"rule {rule.id!r} has source {rule.source!r}")
            by_id[rule.id] = rule
        self._rules = by_id

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, rule_id: str) -> Rule:
        """The rule with this id; raises :class:`UnknownRuleError` if there is none."""
        try:
            return self._rules[rule_id]
        except KeyError:
            raise UnknownRuleError(f"no rule {rule_id!r} in the catalogue") from None

    def ids(self) -> tuple[str, ...]:
        return tuple(self._rules)

    def by_topic(self, topic: str) -> tuple[Rule, ...]:
        return tuple(r for r in self._rules.values() if topic in r.topics)


def _load_file(name: str, text: str) -> list[Rule]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{name}: not valid TOML: {exc}") from exc
    rules = []
    for i, entry in enumerate(raw.get("rule", [])):
        entry = dict(entry)
        entry.setdefault("source", str(entry.get("id", "")).split("-", 1)[0])
        try:
            rules.append(Rule.model_validate(entry))
        except ValidationError as exc:
            raise CatalogueError(f"{name}: rule #{i + 1}: {exc}") from exc
    return rules


@cache
def catalogue() -> Catalogue:
    """The bundled catalogue, loaded and validated once per process."""
    folder = resources.files("zwxmt") / "data" / "rules"
    rules: list[Rule] = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            rules.extend(_load_file(item.name, item.read_text(encoding="utf-8")))
    return Catalogue(rules)


def cite(rule_id: str) -> str:
    """Return ``rule_id`` after checking that the catalogue holds it.

    Use it where a module names a rule, so a typo fails at import time, not in an audit::

        FANS_RULE = cite("ZJG-6.5.1(5)")
    """
    catalogue().get(rule_id)
    return rule_id


def _known(rule_id: str) -> str:
    if rule_id not in catalogue():
        raise ValueError(f"unknown rule id {rule_id!r}: not in the rule catalogue")
    return rule_id


#: A pydantic field type for a citation: a string that must be a catalogue id.
RuleId = Annotated[str, AfterValidator(_known)]
