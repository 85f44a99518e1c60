"""Coverage of the rule catalogue (条款覆盖): which clause is enforced, by which rule.

Every catalogued clause is, in this order:

- ``enforced`` by one or more declared rules (:mod:`zwxmt.declarations`); with a rulebook,
  only by the rules it enables;
- ``not_checkable``: a rule no input of zwxmt can show, with the reason
  (``data/coverage.toml``);
- ``not_rule_bearing``: an aim, a definition or an assignment of competence, catalogued for
  citation only (``data/coverage.toml``);
- ``catalogued`` only: none of the above (work left).

The share that counts is ``(enforced + not_checkable) / rule-bearing`` per source document.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from zwxmt.declarations import Declaration, declarations
from zwxmt.rulebook import Rulebook
from zwxmt.rules import SOURCES, catalogue

__all__ = ["ClauseCoverage", "DocumentCoverage", "clause_coverage", "document_coverage",
           "exemptions", "render"]

Status = Literal["enforced", "not_checkable", "not_rule_bearing", "catalogued"]


@dataclass(frozen=True)
class ClauseCoverage:
    clause: str
    source: str
    status: Status
    rules: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class DocumentCoverage:
    source: str
    clauses: int
    enforced: int
    not_checkable: int
    not_rule_bearing: int

    @property
    def rule_bearing(self) -> int:
        return self.clauses - self.not_rule_bearing

    @property
    def catalogued_only(self) -> int:
        return self.rule_bearing - self.enforced - self.not_checkable

    @property
    def share(self) -> float:
        """Enforced or declared not checkable, over the rule-bearing clauses."""
        return (self.enforced + self.not_checkable) / self.rule_bearing if self.rule_bearing \
            else 1.0


@cache
def exemptions() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """(not checkable, not rule-bearing): clause id -> reason."""
    text = (resources.files("zwxmt") / "data" / "coverage.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    return dict(raw.get("not_checkable", {})), dict(raw.get("not_rule_bearing", {}))


_SECTION_OF_KIND = {"criterion": "cleanup", "check": "checks", "verdict": "checks",
                    "form": "cleanup", "score": "scoring", "obligation": "lifecycle"}


def _active(decl: Declaration, book: Rulebook) -> tuple[str, ...]:
    """The clauses ``decl`` enforces under ``book`` (none if the book does not enable it)."""
    raw: Mapping[str, Any] = book.raw_values()
    if decl.kind in ("criterion", "check"):
        section = "cleanup" if decl.kind == "criterion" else "checks"
        enabled = raw.get(section, {}).get("enabled", {})
        # the clause the rulebook names and the declaration's others (the report keeps
        # only the rulebook's own documents)
        return (str(enabled[decl.code]), *decl.clauses) if decl.code in enabled else ()
    if decl.kind == "verdict":
        checks = raw.get("checks", {})
        if "verdict_rule" not in checks:
            return ()
        on_fail = checks.get("on_fail", {})
        named = tuple(str(c) for c in (checks["verdict_rule"], on_fail.get("cite")) if c)
        return (*named, *decl.clauses)
    sections = {p.split(".", 1)[0] for p in decl.params} or {_SECTION_OF_KIND[decl.kind]}
    for p in decl.params:
        sec, _, key = p.partition(".")
        if sec not in raw or (key and key not in raw[sec]):
            return ()
    if not all(s in raw for s in sections):
        return ()
    return decl.clauses


def _sources_of(book: Rulebook) -> set[str]:
    """The documents a rulebook implements: those of the clauses it enables and cites."""
    raw = book.raw_values()
    cited = {str(book.meta.cite)}
    for section in ("cleanup", "checks"):
        cited |= {str(v) for v in raw.get(section, {}).get("enabled", {}).values()}
    return {c.split("-", 1)[0] for c in cited}


def clause_coverage(book: Rulebook | None = None) -> list[ClauseCoverage]:
    """Every catalogued clause (of the rulebook's documents, with ``book``) and its status."""
    by_clause: dict[str, list[str]] = {}
    for decl in declarations().values():
        clauses = decl.clauses if book is None else _active(decl, book)
        for clause in dict.fromkeys(clauses):
            by_clause.setdefault(clause, []).append(decl.code)
    not_checkable, not_rule_bearing = exemptions()
    sources = set(SOURCES) if book is None else _sources_of(book)
    out = []
    for rule in catalogue():
        if rule.source not in sources:
            continue
        if rule.id in by_clause:
            out.append(ClauseCoverage(rule.id, rule.source, "enforced",
                                      tuple(by_clause[rule.id])))
        elif rule.id in not_checkable:
            out.append(ClauseCoverage(rule.id, rule.source, "not_checkable",
                                      reason=not_checkable[rule.id]))
        elif rule.id in not_rule_bearing:
            out.append(ClauseCoverage(rule.id, rule.source, "not_rule_bearing",
                                      reason=not_rule_bearing[rule.id]))
        else:
            out.append(ClauseCoverage(rule.id, rule.source, "catalogued"))
    return out


def document_coverage(rows: Iterable[ClauseCoverage]) -> list[DocumentCoverage]:
    """Counts per source document, in the catalogue's order of sources."""
    rows = list(rows)
    out = []
    for source in SOURCES:
        mine = [r for r in rows if r.source == source]
        if not mine:
            continue
        count = {s: sum(r.status == s for r in mine) for s in
                 ("enforced", "not_checkable", "not_rule_bearing")}
        out.append(DocumentCoverage(source, len(mine), count["enforced"],
                                    count["not_checkable"], count["not_rule_bearing"]))
    return out


def render(rows: list[ClauseCoverage]) -> str:
    """The text report of ``zwxmt rules --coverage``."""
    lines = []
    for r in rows:
        if r.status == "enforced":
            lines.append(f"{r.clause:<26} enforced by {', '.join(r.rules)}")
        elif r.status == "catalogued":
            lines.append(f"{r.clause:<26} catalogued only")
        else:
            lines.append(f"{r.clause:<26} {r.status.replace('_', ' ')}: {r.reason}")
    lines.append("")
    for d in document_coverage(rows):
        lines.append(
            f"{d.source}: {d.clauses} clauses, {d.rule_bearing} rule-bearing: {d.enforced} "
            f"enforced + {d.not_checkable} not checkable = {d.share:.0%}; "
            f"{d.catalogued_only} catalogued only")
    return "\n".join(lines)
