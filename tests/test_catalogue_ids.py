"""Every citation id that code, data or docs mention must be in the rule catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from zwxmt.rules import RULE_ID_PATTERN, catalogue

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("src", "docs", "tests", "benchmarks", "README.md")
SUFFIXES = {".py", ".toml", ".md", ".csv", ".json"}
# An id inside text: not preceded or followed by an id character.
_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_.-])(" + RULE_ID_PATTERN.pattern + r")(?![A-Za-z0-9(])")
_RULES_DIR = ROOT / "src" / "zwxmt" / "data" / "rules"


def _files() -> list[Path]:
    out: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            out.extend(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    seeds = ROOT / "tests" / "data"  # verbatim copies of the documents, not citations
    return [p for p in out if _RULES_DIR not in p.parents and seeds not in p.parents
            and p.name != Path(__file__).name]


def test_every_cited_id_is_in_the_catalogue() -> None:
    known = set(catalogue().ids())
    unknown: dict[str, set[str]] = {}
    for path in _files():
        for match in _IN_TEXT.finditer(path.read_text(encoding="utf-8", errors="replace")):
            rule_id = match.group(1).rstrip(".-")
            if rule_id not in known:
                unknown.setdefault(rule_id, set()).add(str(path.relative_to(ROOT)))
    assert not unknown, f"ids not in the catalogue: {unknown}"


def test_scanner_finds_ids(tmp_path: Path) -> None:
    text = "see ZJG-6.5.1(5) and HN-A1(2), not ZJG-99.9"
    found = [m.group(1) for m in _IN_TEXT.finditer(text)]
    assert found == ["ZJG-6.5.1(5)", "HN-A1(2)", "ZJG-99.9"]
    assert "ZJG-99.9" not in catalogue()
