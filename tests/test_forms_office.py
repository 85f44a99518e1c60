"""Forms as offices fill them: XLSX files typed by hand in a spreadsheet program (numbers as
numbers or as text, Excel dates and serial numbers, full-width digits, ticks, spacer and
sample rows, headers over several rows), built here cell by cell with xlsxwriter."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

xlsxwriter = pytest.importorskip("xlsxwriter")
pytest.importorskip("python_calamine")

from zwxmt.cli import main  # noqa: E402
from zwxmt.forms import read_form  # noqa: E402
from zwxmt.forms.hn_a1 import FORM as HN_A1  # noqa: E402
from zwxmt.forms.hn_a2 import NOTES  # noqa: E402
from zwxmt.forms.sheet import SheetForm  # noqa: E402
from zwxmt.forms.zjg_t1 import FORM as ZJG_T1  # noqa: E402
from zwxmt.forms.zjg_t1 import posts_per_month  # noqa: E402

Cells = dict[tuple[int, int], Any]


def _book(path: Path, sheets: dict[str, Cells], merges: dict[str, list[tuple[int, ...]]]
          | None = None) -> Path:
    """Write cells as an office types them: str as text, int/float as numbers, date as an
    Excel date, ("serial", n) as a bare serial number."""
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "yyyy/m/d"})
    for name, cells in sheets.items():
        ws = wb.add_worksheet(name)
        for rng in (merges or {}).get(name, []):
            ws.merge_range(*rng, "")
        for (r, c), v in cells.items():
            if isinstance(v, tuple):
                ws.write_number(r, c, v[1])
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, v)
    wb.close()
    return path


HEADERS = ["名称", "认证主体", "主办单位", "运营单位", "运营模式", "经费保障", "粉丝量", "阅读量",
           "推送频率", "开通时间", "运营人数", "运营状态", "基本功能", "平台类型", "整改措施"]


def _row(r: int, values: list[Any]) -> Cells:
    return {(r, c): v for c, v in enumerate(values) if v is not None}


@pytest.fixture
def hn_a2_office(tmp_path: Path) -> Path:
    cells: Cells = {(0, 0): "衡南县政务新媒体排查及清理整合情况表",
                    (1, 0): "填表单位（盖章）：衡南县教育局   填报人：李四   "
                            "联系电话：0734-8550119"}
    cells |= _row(2, HEADERS)
    # the header over three rows, as the seed prints it: 负责人及 / 联系电话; （元/年）
    cells |= {(3, 2): "负责人及", (3, 3): "联系人及", (3, 5): "（元/年）",
              (4, 2): "联系电话", (4, 3): "联系电话"}
    # row 5: a blank spacer row; row 6: the printed sample row
    cells |= _row(6, ["例：衡南县XX局政务微信", "衡南县XX局", None, None, "自营"])
    cells[(7, 0)] = "一、微信类"
    cells |= _row(8, [
        "衡南教育", "衡南县教育局", "衡南县教育局 张三 0734-8550120",
        "衡南县融媒体中心\n王五 １３８１２３４５６７８", "委托运营", "１２，０００", "1,234",
        "5678", "每周3条", dt.date(2018, 5, 20), "有专人，2人", "正常", "发布、互动", "微信",
        "保留"])
    cells[(10, 0)] = "二、微博"  # row 9: another spacer
    cells |= _row(11, [
        "衡南教育微博", "衡南县教育局", "衡南县教育局", None, "自营", 0, 1234.0, "约1.2万",
        None, ("serial", 44957), "无专人", "停止运营", "发布", "新浪", "注销"])
    cells |= _row(12, [
        "衡南教育头条", "衡南县教育局", "衡南县教育局 张三 12345", None, "自营", None,
        "很多", None, None, "2023年1月5日", "2", "注销", "发布", "其他（字节跳动）", "关停"])
    cells[(13, 0)] = NOTES.format("2023年1月31日")
    merges = {"Sheet1": [(0, 0, 0, 14), (1, 0, 1, 14), (7, 0, 7, 14), (10, 0, 10, 14),
                         (13, 0, 13, 14)]}
    return _book(tmp_path / "hn_a2.xlsx", {"Sheet1": cells}, merges)


def test_hn_a2_as_offices_fill_it(hn_a2_office: Path) -> None:
    got = read_form(hn_a2_office)
    assert got.form == "hn-a2"
    # spacer rows, the sample row and the two group rows are not accounts
    assert got.skipped == {"blank": 2, "sample": 1, "group": 2}
    assert len(got.records) == 2 and got.rejected == 1
    edu, weibo = got.records
    assert edu["region_name"] == "衡南县" and edu["filing_unit"] == "衡南县教育局"
    assert edu["filled_by"] == "李四" and edu["phone"] == "0734-8550119"
    assert edu["cutoff"] == dt.date(2023, 1, 31)  # note 9
    assert edu["category"] == "微信" and weibo["category"] == "微博"  # the group rows
    assert (edu["host_unit"], edu["host_head"], edu["host_phone"]) == (
        "衡南县教育局", "张三", "0734-8550120")
    assert (edu["operator_unit"], edu["operator_contact"], edu["operator_phone"]) == (
        "衡南县融媒体中心", "王五", "13812345678")  # full-width digits
    assert edu["operation_mode"] == "购买服务"  # 委托运营
    assert edu["funding_per_year"] == 12000.0  # full-width digits and comma
    assert edu["fans"] == 1234 and edu["reads"] == 5678  # "1,234"; a number stored as text
    assert edu["opened_on"] == dt.date(2018, 5, 20)  # an Excel date
    assert (edu["has_dedicated_staff"], edu["operators_count"]) == (True, 2)  # 有专人，2人
    assert edu["status"] == "正常运营" and edu["functions"] == ("发布", "互动")
    assert edu["platform_vendor"] == "腾讯" and edu["measure"] == "保留"  # 微信 → 腾讯 (note 7)
    assert weibo["opened_on"] == dt.date(2023, 1, 31)  # serial 44957 in a General cell
    assert weibo["fans"] == 1234 and weibo["reads"] == 12000  # 1234.0; 约1.2万
    assert weibo["funding_per_year"] == 0.0  # 0 written is 0; blank would be None
    assert weibo["host_head"] is None and weibo["operator_unit"] is None
    assert (weibo["has_dedicated_staff"], weibo["operators_count"]) == (False, None)
    bad = {(r.cell, r.field): r for r in got.rejects}
    assert set(bad) == {("C13", "host_phone"), ("G13", "fans"), ("L13", "status")}
    assert bad[("C13", "host_phone")].value == "衡南县教育局 张三 12345"
    assert bad[("L13", "status")].allowed == "one of 正常运营/停止运营"  # HN-A2(5)
    assert all(r.sheet == "Sheet1" for r in got.rejects)


def _office_sheet(form: SheetForm, values: dict[str, Any], *, shift: tuple[int, int] = (0, 0),
                  ) -> tuple[Cells, list[tuple[int, ...]]]:
    """The printed form with ``values`` typed into it, moved by ``shift`` (rows an office
    inserted above, a column to the left)."""
    dr, dc = shift
    cells: Cells = {}
    merges: list[tuple[int, ...]] = []
    for box in form.layout:
        r, c = box.r + dr, box.c + dc
        if (box.r2, box.c2) != (box.r, box.c):
            merges.append((r, c, box.r2 + dr, box.c2 + dc))
        key = (box.composite and "account_name") or box.field
        if key is None:
            cells[(r, c)] = box.text
        elif "{}" in box.text:
            cells[(r, c)] = box.text.replace("{}", str(values.get(key, "")))
        elif key in values:
            cells[(r, c)] = values[key]
        elif box.boxes:
            cells[(r, c)] = form.by_key[key].render_boxes(None)  # the print, not ticked
    return cells, merges


def test_hn_a1_as_offices_fill_it(tmp_path: Path) -> None:
    values = {
        "region_name": "衡南县", "unit_name": "衡南县教育局", "filled_on": "2023.2.1",
        "account_name": "衡南教育（ID：gh_12345abc）",
        "registered_on": dt.date(2016, 3, 15), "platform": "微视",
        "certified": "√是", "news_qualification": "否", "supervisor_unit": "衡南县人民政府办公室",
        "host_unit": "衡南县教育局", "host_leader": "李四 副局长", "host_phone": "(0734)8550119",
        "platform_functions": "☑微博□微信（服务号/订阅号/小程序）☑微视□移动客户端（APP）\n"
                              "其他类型（如：今日头条、一点资讯、抖音等）抖音、一点资讯",
        "wechat_account_type": "□服务号■订阅号☑小程序",
        "team_1_name": "张三", "team_1_unit_and_post": "教育局办公室 科员",
        "team_1_mobile": "138 1234 5678", "team_1_qq": 124396930, "team_1_wechat": "zhang_san1",
        "reason": "开办", "host_signatory": "王局长", "host_signed_on": ("serial", 44958),
        "operating_since": "2016年4月1日", "fans": "１２，３４５", "status": "□正常☑暂停□注销□关停",
    }
    cells, merges = _office_sheet(HN_A1, values, shift=(2, 1))
    cells[(0, 0)] = "附件1："  # what offices keep above the form
    ok = _book(tmp_path / "a1.xlsx", {"衡南教育": cells}, {"衡南教育": merges})
    got = read_form(ok)
    assert got.form == "hn-a1" and not got.rejects, got.rejects
    rec = got.records[0]
    assert rec["account_name"] == "衡南教育" and rec["platform_account_id"] == "gh_12345abc"
    assert rec["platform"] == "微视"  # 发布平台 as written
    assert rec["certified"] is True and rec["news_qualification"] is False  # √是; 否
    assert rec["platform_functions"] == ("微博", "微视")
    assert rec["platform_functions_other"] == "抖音、一点资讯"
    assert rec["wechat_account_type"] == ("订阅号", "小程序")  # ■ and ☑ both tick
    assert rec["host_phone"] == "0734-8550119" and rec["team_1_mobile"] == "13812345678"
    assert rec["team_1_qq"] == "124396930"  # a number cell
    assert rec["filled_on"] == dt.date(2023, 2, 1)
    assert rec["registered_on"] == dt.date(2016, 3, 15)
    assert rec["host_signed_on"] == dt.date(2023, 2, 1)  # serial 44958
    assert rec["operating_since"] == dt.date(2016, 4, 1)
    assert rec["fans"] == 12345 and rec["status"] == "暂停"
    assert rec["unit_name"] == "衡南县教育局" and rec["region_name"] == "衡南县"

    # a value outside the printed options names the sheet, the cell and what is allowed
    bad, merges = _office_sheet(HN_A1, {**values, "certified": "也许", "team_1_qq": "QQ123"},
                                shift=(2, 1))
    path = _book(tmp_path / "bad.xlsx", {"衡南教育": bad}, {"衡南教育": merges})
    got = read_form(path)
    assert got.records == [] and got.rejected == 1
    where = {(r.sheet, r.cell, r.field): r.allowed for r in got.rejects}
    assert where == {("衡南教育", "F6", "certified"): "one of 是/否",
                     ("衡南教育", "G23", "team_1_qq"): "5 to 12 digits, not starting with 0"}


def test_zjg_t1_commitment_as_written(tmp_path: Path) -> None:
    values = {"unit_name": "龙游县教育局", "proposed_name": "龙游教育",
              "account_type": "微信公众号",
              "funding_amount": "5万元", "commit_fans": "5000人", "commit_frequency": "每周5条",
              "commit_average_reads": "1.2万", "commit_other": "留言24小时内回复",
              "leader_signatory": "王局长", "leader_signed_on": "2022年3月1日"}
    cells, merges = _office_sheet(ZJG_T1, values)
    got = read_form(_book(tmp_path / "t1.xlsx", {"表1": cells}, {"表1": merges}))
    assert got.form == "zjg-t1" and not got.rejects
    rec = got.records[0]
    assert rec["funding_amount"] == 50000.0 and rec["commit_fans"] == 5000
    assert rec["commit_average_reads"] == 12000 and rec["commit_other"] == "留言24小时内回复"
    assert rec["leader_signatory"] == "王局长" and rec["leader_signed_on"] == dt.date(2022, 3, 1)
    assert posts_per_month(rec["commit_frequency"]) == pytest.approx(5 * 52 / 12)


def test_cli_read_writes_rejects_beside(hn_a2_office: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "records.csv"
    assert main(["forms", "read", str(hn_a2_office), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "hn-a2: records read = 3 = 2 processed + 1 rejected" in text
    assert "cell L13, status" in text
    rejects = (tmp_path / "records.rejects.csv").read_text(encoding="utf-8-sig")
    assert next(csv.reader(rejects.splitlines())) == ["sheet", "cell", "field", "value",
                                                      "reason", "allowed"]
    assert len(rejects.splitlines()) == 4


def test_a_row_added_to_a_printed_table_is_refused_not_dropped(tmp_path: Path) -> None:
    cells, merges = _office_sheet(HN_A1, {"account_name": "衡南教育", "team_1_name": "张三"})
    top = next(b.r for b in HN_A1.layout if b.text == "管理员姓名")
    last = top + 5  # the fifth printed row of 管理队伍
    moved = {((r + 1 if r > last else r), c): v for (r, c), v in cells.items()}
    moved[(last + 1, 1)] = "第六位管理员"
    merges = [(m[0] + (m[0] > last), m[1], m[2] + (m[2] > last), m[3]) for m in merges]
    got = read_form(_book(tmp_path / "six.xlsx", {"S": moved}, {"S": merges}))
    assert got.records == [] and got.rejected == 1
    (rej,) = got.rejects
    assert (rej.field, rej.allowed) == ("管理员姓名", "at most 5 rows (file further ones on a "
                                                     "second form)")


def test_hn_a2_platform_written_in_its_platform_type(tmp_path: Path) -> None:
    """No group rows, and 平台类型 holding the platform (政务微信) as offices often write it: the
    vendor of note 7 (腾讯) and the platform's category both come from it."""
    cells: Cells = _row(0, HEADERS)
    cells |= _row(1, ["衡南发布", "衡南县人民政府办公室", "衡南县人民政府办公室", None, "自营",
                      None, 100, None, None, "2020-01-01", "1", "正常运营", "发布", "政务微信",
                      "保留"])
    cells |= _row(2, ["衡南微博", "衡南县人民政府办公室", "衡南县人民政府办公室", None, "自营",
                      None, 100, None, None, "2020-01-01", "1", "正常运营", "发布", "新浪微博",
                      "保留"])
    got = read_form(_book(tmp_path / "p.xlsx", {"S": cells}))
    assert [(r["category"], r["platform_vendor"]) for r in got.records] == [
        ("微信", "腾讯"), ("微博", "新浪")]


def test_an_office_hn_a2_is_an_accounts_input_with_one_failures_table(
        hn_a2_office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from zwxmt.cleanup.inputs import read_accounts
    from zwxmt.examples import example_regions
    from zwxmt.forms import AccountsForm

    form = AccountsForm(hn_a2_office, {"region_code": "330825", "level": "county"})
    got = read_accounts(form, example_regions())
    # 3 records held: 2 passed on and valid, 1 refused by the form reader (3 cells)
    assert (got.read.counts.read, got.read.counts.used, got.read.counts.rejected) == (3, 2, 1)
    fails = got.read.failures.table.to_pylist()
    assert {(f["row"], f["column"], f["check"]) for f in fails} == {
        (13, "host_phone", "form_value"), (13, "fans", "form_value"),
        (13, "status", "form_value")}
    status = next(f for f in fails if f["column"] == "status")
    assert status["message"].startswith("Sheet1!L13 status:")
    assert status["message"].endswith("allowed: one of 正常运营/停止运营")
    assert status["file"] == "hn_a2.xlsx"
    # a value not given stays unknown, never 0 (无专人 without a count); 0 written stays 0
    by_name = {r["name"]: r for r in got.accounts.to_pylist()}
    assert by_name["衡南教育"]["fans"] == 1234 and by_name["衡南教育"]["operators_count"] == 2
    assert by_name["衡南教育微博"]["operators_count"] is None
    assert by_name["衡南教育微博"]["has_dedicated_staff"] is False
    assert by_name["衡南教育微博"]["funding_per_year"] == 0.0
    # the command line: the same through --region-code/--level, failures beside the form
    out = tmp_path / "inv.csv"
    assert main(["cleanup", str(hn_a2_office), "--with-example-townships", "--region-code",
                 "330825", "--level", "county", "--as-of", "2026-10-31", "-o",
                 str(out)]) == 0
    assert "accounts: rows read = 3 = 2 processed + 1 rejected" in capsys.readouterr().out
    text = (tmp_path / "inv.failures.csv").read_text(encoding="utf-8-sig")
    assert "Sheet1!L13 status" in text and "form_value" in text
