"""Rules declared once; dated, cited values; extends; content hash; diff; coverage."""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import json
from pathlib import Path

import pytest

from zwxmt.checks import ChecksParams
from zwxmt.cleanup.parameters import CleanupParams
from zwxmt.cli import main
from zwxmt.coverage import clause_coverage, document_coverage, exemptions
from zwxmt.declarations import declarations
from zwxmt.errors import RulebookError, RulebookNotInForce
from zwxmt.rulebook import ALIASES, bundled_rulebooks, load_rulebook
from zwxmt.rulebook_diff import diff_rulebooks
from zwxmt.rules import catalogue

ROOT = Path(__file__).parent.parent


def test_every_declaration_sits_on_its_function_with_its_clause() -> None:
    """grep for a clause id lands on its code: the declaring module names it."""
    for d in declarations().values():
        assert d.fn is not None, d.code
        for clause in d.clauses:
            assert clause in catalogue(), clause
        if d.kind in ("criterion", "check"):
            source = inspect.getsource(inspect.getmodule(d.fn))  # type: ignore[arg-type]
            assert f'"{d.clause}"' in source and d.code in source, d.code


def test_each_bundled_rulebook_enables_declared_rules_with_their_parameters() -> None:
    for name in bundled_rulebooks():
        book = load_rulebook(name)
        for model in (CleanupParams, ChecksParams):
            if book.has_section(model.SECTION):
                params = book.section(model)
                for code in params.enabled:
                    for p in declarations()[code].params:
                        assert getattr(params, p) is not None, (name, code, p)


def test_an_enabled_rule_without_its_parameter_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "b.toml"
    book.write_text('[meta]\nextends = "national-2019"\nname = "x"\nversion = "1"\n'
                    '[checks.enabled]\nknowledge_base_stale = "GZ-2.2-kb"\n', encoding="utf-8")
    with pytest.raises(RulebookError, match="knowledge_base_update_months"):
        load_rulebook(book).section(ChecksParams)
    book.write_text('[meta]\nextends = "national-2019"\nname = "x"\nversion = "1"\n'
                    '[checks.enabled]\nsecurity_veto = "ZJG-6.5.1(5)"\n', encoding="utf-8")
    with pytest.raises(RulebookError, match="not a clause of the check"):
        load_rulebook(book).section(ChecksParams)


def test_zhejiang_enables_no_hn_or_ln_clause() -> None:
    book = load_rulebook("zhejiang")
    cited = [str(v) for v in book.section(CleanupParams).enabled.values()]
    raw = book.raw_values()
    text = json.dumps({k: raw[k] for k in ("cleanup", "lifecycle", "scoring")},
                      ensure_ascii=False)
    assert all(c.startswith(("ZJG-", "ZJO-")) for c in cited)
    # the cleanup, lifecycle and scoring parameters cite Hengnan only for the HN-A2 form
    # zwxmt writes (platform vendors); the review's severities keep the clauses that state
    # each ban outright (docs/assumptions.md)
    assert '"HN-A2(7)"' in text and '"LN-' not in text and '"HN-4.1' not in text
    assert '"HN-A1(2)"' not in text
    assert ALIASES["zhejiang-2023"] == "zhejiang"
    assert load_rulebook("zhejiang-2023").content_hash == book.content_hash


# -- extends, one changed weight, the hash in the outputs ------------------------------------

SCORE_HEADER = ("account_id,platform,period,level,city_code,county_code,operation_index,"
                "posts,original_posts,posts_by_county_main,serious_errors,general_errors,"
                "service_score,response_rate,notified,wci_reads,wci_top_reads,wci_likes,"
                "wci_looks,wci_shares,wci_top_likes,wci_top_shares,zero_fans")


def test_a_user_rulebook_extending_zhejiang_changes_one_weight(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_scoring_cli import GOOD, HEADER

    mine = tmp_path / "my.toml"
    mine.write_text('''[meta]
extends = "zhejiang"
name = "my-county"
version = "2027.1"

[scoring.platforms.wechat.index_weights]
health = { value = 0.40, cite = "ZJG-9.2-T2-health", note = "local weighting" }
operation = { value = 0.25, cite = "ZJG-9.2-T2-operation", note = "local weighting" }
''', encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text(HEADER + "\n" + "\n".join(GOOD) + "\n", encoding="utf-8")
    totals = {}
    for name, book in (("base", "zhejiang"), ("mine", str(mine))):
        out = tmp_path / f"{name}.csv"
        assert main(["score", str(src), "-o", str(out), "--rulebook", book]) == 0
        with open(out, encoding="utf-8-sig") as fh:
            totals[name] = {r["account_id"]: (float(r["total"]), r) for r in csv.DictReader(fh)}
        prov = json.loads((tmp_path / f"{name}.provenance.json").read_text(encoding="utf-8"))
        assert prov["rulebook_hash"] == load_rulebook(book).content_hash
    capsys.readouterr()
    # the weibo account is untouched; the wechat one moves by 0.10 x (health - operation)
    assert totals["mine"]["B"][0] == pytest.approx(totals["base"]["B"][0])
    row = totals["base"]["A"][1]
    health, operation = float(row["health_index"]), float(row["operation_index"])
    assert totals["mine"]["A"][0] == pytest.approx(
        totals["base"]["A"][0] + 0.10 * (health - operation), abs=0.051)
    assert load_rulebook(mine).content_hash != load_rulebook("zhejiang").content_hash
    # the diff shows exactly the two lines
    changes = diff_rulebooks(load_rulebook("zhejiang"), load_rulebook(mine))
    params = [c.path for c in changes if not c.path.startswith("meta.")]
    assert params == ["scoring.platforms.wechat.index_weights.health",
                      "scoring.platforms.wechat.index_weights.operation"]
    assert main(["rulebook", "diff", "zhejiang", str(mine)]) == 0
    assert "~ scoring.platforms.wechat.index_weights.health: 0.3 [ZJG-9.2-T2-health] -> " \
           "0.4 [ZJG-9.2-T2-health]" in capsys.readouterr().out


def test_dated_values_apply_from_their_own_start(tmp_path: Path) -> None:
    book = tmp_path / "dated.toml"
    book.write_text('''[meta]
extends = "national-2019"
name = "dated"
version = "1"

[checks]
no_update_days = [
  { value = 14, cite = "NAT-V2", since = 2019-04-01 },
  { value = 10, cite = "NAT-V2", since = 2026-01-01, note = "a stricter local line" },
]
''', encoding="utf-8")
    early = load_rulebook(book, on=dt.date(2025, 6, 30)).section(ChecksParams)
    late = load_rulebook(book, on=dt.date(2026, 6, 30)).section(ChecksParams)
    assert early.value("no_update_days") == 14 and late.value("no_update_days") == 10
    assert late.no_update_days is not None and late.no_update_days.since == dt.date(2026, 1, 1)
    with pytest.raises(RulebookNotInForce):
        load_rulebook(book, on=dt.date(2019, 1, 1))


def test_a_cycle_of_extends_is_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(f'[meta]\nextends = "{b}"\nname = "a"\nversion = "1"\n', encoding="utf-8")
    b.write_text(f'[meta]\nextends = "{a}"\nname = "b"\nversion = "1"\n', encoding="utf-8")
    with pytest.raises(RulebookError, match="cycle"):
        load_rulebook(a)


# -- coverage ----------------------------------------------------------------------------------

def test_coverage_at_least_80_percent_of_each_document() -> None:
    for d in document_coverage(clause_coverage()):
        assert d.share >= 0.8, d
    for name, source in (("zhejiang", "ZJG"), ("zhejiang", "ZJO"), ("hengnan", "HN"),
                         ("liaoning", "LN"), ("guizhou", "GZ"), ("national-2019", "NAT")):
        (d,) = [x for x in document_coverage(clause_coverage(load_rulebook(name)))
                if x.source == source]
        assert d.share >= 0.8, (name, d)


def test_a_rulebook_covers_its_own_documents_only() -> None:
    rows = clause_coverage(load_rulebook("hengnan"))
    assert {r.source for r in rows} == {"HN"}
    shut = next(r for r in rows if r.clause == "HN-4.1")
    assert shut.status == "enforced" and "shut_down_class" in shut.rules


def test_exemptions_are_catalogued_and_not_enforced() -> None:
    enforced = {c for d in declarations().values() for c in d.clauses}
    for table in exemptions():
        for clause, reason in table.items():
            assert clause in catalogue() and reason, clause
            assert clause not in enforced, clause


def test_rules_coverage_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--coverage", "--rulebook", "national-2019"]) == 0
    out = capsys.readouterr().out
    assert "NAT-V2" in out and "enforced by no_update_veto" in out
    assert "NAT: 4 clauses, 4 rule-bearing: 4 enforced" in out
    assert main(["rules", "--coverage", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["source"] for d in data["documents"]} == {"ZJO", "LN", "HN", "GZ", "ZJG", "NAT"}


def test_score_resolves_dated_weights_at_its_latest_month(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_scoring_cli import GOOD, HEADER

    src = tmp_path / "in.csv"      # months 2026-03
    src.write_text(HEADER + "\n" + "\n".join(GOOD) + "\n", encoding="utf-8")
    totals = {}
    for since in ("2026-01-01", "2026-06-01"):
        book = tmp_path / f"dated-{since}.toml"
        book.write_text(f'''[meta]
extends = "zhejiang"
name = "dated"
version = "1"

[scoring.platforms.wechat.index_weights]
health = [
  {{ value = 0.30, cite = "ZJG-9.2-T2-health", since = 2023-01-01 }},
  {{ value = 0.40, cite = "ZJG-9.2-T2-health", since = {since} }},
]
operation = [
  {{ value = 0.35, cite = "ZJG-9.2-T2-operation", since = 2023-01-01 }},
  {{ value = 0.25, cite = "ZJG-9.2-T2-operation", since = {since} }},
]
''', encoding="utf-8")
        out = tmp_path / f"{since}.csv"
        assert main(["score", str(src), "-o", str(out), "--rulebook", str(book)]) == 0
        with open(out, encoding="utf-8-sig") as fh:
            totals[since] = {r["account_id"]: float(r["total"]) for r in csv.DictReader(fh)}
    capsys.readouterr()
    base = tmp_path / "base.csv"
    assert main(["score", str(src), "-o", str(base), "--rulebook", "zhejiang"]) == 0
    with open(base, encoding="utf-8-sig") as fh:
        plain = {r["account_id"]: float(r["total"]) for r in csv.DictReader(fh)}
    assert totals["2026-06-01"] == plain                  # not yet in force in 2026-03
    assert totals["2026-01-01"]["A"] != plain["A"]        # in force: the new weights apply
    assert totals["2026-01-01"]["B"] == plain["B"]        # weibo untouched
