"""Forms as inputs: the example county's HN-A2 (as ``make demo``'s main job writes it) reads
back as its accounts input; HN-A1 records are an accounts input; the cleanup and the main job
take a form; files are deterministic; nothing outside the printed options is written;
contacts are masked on request."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("xlsxwriter")
pytest.importorskip("python_calamine")

from zwxmt.cleanup.inputs import account_records, read_accounts, read_profiles
from zwxmt.cleanup.inventory import write_inventory
from zwxmt.cli import main
from zwxmt.cli.assess import write_outputs
from zwxmt.errors import InputError
from zwxmt.examples import example_file, example_regions
from zwxmt.examples.job import example_job, example_run
from zwxmt.forms import AccountsForm, forms_to_accounts, read_form, workbook_bytes, write_form
from zwxmt.forms.xlsx import read_grids


@pytest.fixture(scope="module")
def demo_form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example county's HN-A2 as ``make demo`` writes it (out/example/inventory.xlsx)."""
    out = tmp_path_factory.mktemp("demo")
    lines, stop = write_outputs(example_job(), out, example_regions(), printed_form=True)
    assert not stop and f"wrote {out / 'inventory.xlsx'}" in lines
    return out / "inventory.xlsx"


def test_demo_hn_a2_reads_back_as_its_accounts_input(demo_form: Path) -> None:
    regions = example_regions()
    from_form = read_accounts(demo_form, regions)
    assert from_form.read.counts.read == 31 == from_form.read.counts.used
    assert len(from_form.read.failures) == 0
    # the example's own accounts input: the registry with its profiles beside it
    profiles, _, _ = read_profiles(str(example_file("cleanup_profiles.csv")))
    original = read_accounts(str(example_file("accounts.csv")), regions, profiles=profiles)
    assert len(original.read.failures) == 0

    def models(got: Any) -> dict[str, Any]:
        return {r.account.account_id: (r.account, r.profile)
                for r in account_records(got.accounts, got.rows)}

    assert models(from_form) == models(original)


def test_cleanup_on_the_form_gives_the_same_measures(demo_form: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    for name, accounts in (("csv", str(example_file("accounts.csv"))), ("form", str(demo_form))):
        args = ["cleanup", accounts, "--example", "-o", str(tmp_path / f"{name}.jsonl")]
        if name == "csv":
            args += ["--profiles", str(example_file("cleanup_profiles.csv"))]
        assert main(args) == 0
    assert "accounts: rows read = 31 = 31 processed + 0 rejected" in capsys.readouterr().out

    def measures(name: str) -> dict[str, str]:
        with open(tmp_path / f"{name}.jsonl", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        return {r["账号编码"]: r["整改措施"] for r in rows}

    assert measures("form") == measures("csv")


def test_the_main_job_takes_the_form(demo_form: Path, tmp_path: Path) -> None:
    assert main(["assess", "--example", "--accounts", str(demo_form), "-o",
                 str(tmp_path / "form")]) == 0
    assert main(["assess", "--example", "-o", str(tmp_path / "csv")]) == 0
    def lines(name: str) -> list[str]:  # the form lists accounts grouped by platform
        text = (tmp_path / name / "recommendations.csv").read_text(encoding="utf-8-sig")
        return sorted(text.splitlines())

    assert lines("form") == lines("csv")


def test_two_runs_write_the_same_bytes(demo_form: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    write_inventory(example_run(), again, regions=example_regions())
    assert again.read_bytes() == demo_form.read_bytes()


def _a1(name: str, uid: str, **kw: Any) -> dict[str, Any]:
    return {"account_name": name, "platform_account_id": uid, "platform": "微信公众号",
            "host_unit": "衡南县教育局", "supervisor_unit": "衡南县人民政府办公室",
            "registered_on": dt.date(2019, 5, 1), "certified": True, "status": "正常",
            "fans": 2300, "host_leader": "李四", "host_phone": "0734-8550119", **kw}


def test_hn_a1_records_are_an_accounts_input(tmp_path: Path) -> None:
    path = tmp_path / "filings.xlsx"
    write_form("hn-a1", [_a1("衡南教育", "gh_1234"),
                         _a1("衡南教育微视", "ws_99", platform="微视", status="暂停"),
                         _a1("衡南教育小程序", "wx_mini", platform="小程序",
                             operator_unit="衡南县融媒体中心", operator_leader="王五")], path)
    cols, rejects = forms_to_accounts(path)
    assert not rejects and cols["region_code"] == [None] * 3 and cols["level"] == [None] * 3
    # an office's form has no region and no level: the accounts input refuses each record,
    # naming the form's sheet and how to give what is missing, in the one failures table
    regions = example_regions()
    got = read_accounts(path, regions)
    assert (got.read.counts.read, got.read.counts.used) == (3, 0)
    fails = got.read.failures.table.to_pylist()
    assert {(f["column"], f["check"]) for f in fails} == {("level", "missing_value"),
                                                          ("region_code", "missing_value")}
    assert all(f["message"].startswith("sheet ") for f in fails)
    assert any("give --level" in f["message"] for f in fails)
    county = "330825"  # the example county (regions with a population)
    got = read_accounts(AccountsForm(path, {"region_code": county, "level": "county"}), regions)
    assert (got.read.counts.used, len(got.read.failures)) == (3, 0)
    assert sorted(got.accounts.column("platform_uid").to_pylist()) == [
        "gh_1234", "ws_99", "wx_mini"]  # the platform's own 账号ID, apart from the key
    cols, rejects = forms_to_accounts(path, region_code="430422", level="county")
    assert not rejects
    assert cols["platform"] == ["wechat", "other", "wechat"]  # 微视 → other, 小程序 → wechat
    assert cols["account_id"] == ["wechat-衡南教育", "other-衡南教育微视", "wechat-衡南教育小程序"]
    assert cols["platform_uid"] == ["gh_1234", "ws_99", "wx_mini"]  # the platform's 账号ID
    assert cols["status"] == ["normal", "suspended", "normal"]
    assert cols["operation_mode"][2] == "purchased_service"
    assert cols["operator_name"][2] == "衡南县融媒体中心"
    assert cols["host_contact"][0] == "李四 0734-8550119"


def test_values_outside_the_printed_options_are_never_written(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"运营状态.*注销.*正常运营/停止运营"):
        write_form("hn-a2", [{"name": "衡南发布", "status": "注销"}], tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
    run = example_run()
    data = workbook_bytes("hn-a2", [])
    assert data  # the template writes
    # the cleanup maps its deregistered accounts onto 停止运营 (the registry status beside)
    got = read_form(_write(tmp_path, run))
    assert {r["status"] for r in got.records} <= {"正常运营", "停止运营"}
    assert {r["platform_vendor"] for r in got.records} <= {"新浪", "腾讯", "人民网", "其他"}


def _write(tmp: Path, run: Any) -> Path:
    out = tmp / "inv.xlsx"
    write_inventory(run, out)
    return out


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    write_form("zjg-t1", [{"unit_name": "=1+1", "reason": "+86 办理", "proposed_name": "@衡南",
                           "account_type": "-"}], path)
    rec = read_form(path).records[0]
    assert (rec["unit_name"], rec["reason"], rec["proposed_name"], rec["account_type"]) == (
        "=1+1", "+86 办理", "@衡南", "-")


def test_mask_contacts_in_every_output(demo_form: Path, tmp_path: Path) -> None:
    out = tmp_path / "masked.jsonl"
    assert main(["forms", "read", str(demo_form), "-o", str(out), "--mask-contacts"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "0570-7018143" not in text and "0570-***8143" in text
    assert main(["forms", "write", str(out), "--form", "hn-a2", "-o",
                 str(tmp_path / "m.xlsx")]) == 0  # a masked form reads and writes back
    plain = tmp_path / "plain.jsonl"
    assert main(["forms", "read", str(demo_form), "-o", str(plain)]) == 0
    assert main(["forms", "write", str(plain), "--form", "hn-a2", "-o",
                 str(tmp_path / "m2.xlsx"), "--mask-contacts"]) == 0
    cells = {str(v) for g in read_grids(tmp_path / "m2.xlsx") for row in g.rows for v in row}
    assert not any("0570-7018143" in c for c in cells)
    assert any("0570-***8143" in c for c in cells)
    assert main(["cleanup", "--example", "-o", str(tmp_path / "c.csv"), "--mask-contacts"]) == 0
    assert "0570-7018143" not in (tmp_path / "c.csv").read_text(encoding="utf-8-sig")


def test_cli_template_and_unknown_files(tmp_path: Path) -> None:
    for code in ("zjg-t1", "hn-a1", "hn-a2"):
        a, b = tmp_path / f"{code}.xlsx", tmp_path / f"{code}.2.xlsx"
        assert main(["forms", "template", code, "-o", str(a)]) == 0
        assert main(["forms", "template", code, "-o", str(b)]) == 0
        assert a.read_bytes() == b.read_bytes()
    other = tmp_path / "other.xlsx"
    write_form("zjg-t1", [], other)
    assert main(["forms", "read", str(other), "--form", "hn-a2", "-o",
                 str(tmp_path / "r.csv")]) == 0  # no HN-A2 sheet in it: no records
    with pytest.raises(InputError, match="not an accounts input"):
        forms_to_accounts(other)


def test_form_options_are_shared_input_options_of_assess_and_report() -> None:
    from zwxmt.cli import build_parser
    from zwxmt.cli._inputs import accounts_source

    parser = build_parser()
    for command in ("assess", "report"):
        args = parser.parse_args([command, "-o", "x", "--accounts", "f.xlsx", "--region-code",
                                  "330825", "--level", "county"])
        src = accounts_source(args.accounts, args)
        assert isinstance(src, AccountsForm) and src.defaults["level"] == "county"
    args = parser.parse_args(["assess", "-o", "x", "--accounts", "a.csv", "--mask-contacts"])
    assert accounts_source(args.accounts, args) == Path("a.csv") and args.mask_contacts


def test_the_printed_form_keeps_unknowns_blank_and_says_what_was_not_evaluated(
        tmp_path: Path) -> None:
    from zwxmt.cleanup.pipeline import run_cleanup
    from zwxmt.examples.job import EXAMPLE_AS_OF

    # the registry alone: no posts, no averages, no profiles
    run = run_cleanup(str(example_file("accounts.csv")), example_regions(), EXAMPLE_AS_OF)
    out = tmp_path / "inv.xlsx"
    write_inventory(run, out, regions=example_regions())
    got = read_form(out)
    assert len(got.records) == 31 and not got.rejects
    for rec in got.records:  # 阅读量, 推送频率 and the profile are unknown: blank, never 0
        assert rec["reads"] is None and rec["push_frequency"] is None
        assert rec["funding_per_year"] is None and rec["has_dedicated_staff"] is None
        assert "posts not given" in rec["not_evaluated"]  # on zwxmt's sheet
