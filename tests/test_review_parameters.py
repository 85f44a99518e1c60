"""The [review] rulebook section: every value cited, every finding code with a severity."""

from __future__ import annotations

from pathlib import Path

import pytest

from zwxmt.errors import RulebookError
from zwxmt.review.findings import CODES
from zwxmt.review.parameters import ReviewParameters, review_parameters
from zwxmt.rulebook import load_rulebook
from zwxmt.rules import catalogue

BOOK = Path(__file__).resolve().parents[1] / "src/zwxmt/data/rulebooks/zhejiang"


def test_the_bundled_section_validates() -> None:
    p = review_parameters()
    assert [r.value for r in p.roles.value] == ["editor", "office_leader", "leader_in_charge"]
    assert set(p.severities()) == set(CODES)
    assert p.vetoes() == {"low_response_rate", "interaction_closed"}
    assert p.lexicon_count.value == "occurrences"


def test_every_finding_code_cites_a_catalogue_rule() -> None:
    known = set(catalogue().ids())
    assert {c.rule for c in CODES.values()} <= known


def test_a_section_missing_a_severity_is_refused(tmp_path: Path) -> None:
    (tmp_path / "meta.toml").write_text((BOOK / "meta.toml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    text = (BOOK / "review.toml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("bought_fans =")]
    (tmp_path / "review.toml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="bought_fans"):
        load_rulebook(tmp_path).section(ReviewParameters)


def test_a_role_list_must_name_three_roles(tmp_path: Path) -> None:
    (tmp_path / "meta.toml").write_text((BOOK / "meta.toml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    text = (BOOK / "review.toml").read_text(encoding="utf-8").replace(
        'roles = { value = ["editor", "office_leader", "leader_in_charge"]',
        'roles = { value = ["editor", "editor", "leader_in_charge"]')
    (tmp_path / "review.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError, match="three distinct roles"):
        load_rulebook(tmp_path).section(ReviewParameters)
