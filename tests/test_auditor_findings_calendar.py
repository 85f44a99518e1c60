"""Issue 10 (findings an auditor would sign), item 11: one calendar policy, and new years from
a holiday schedule file without a release."""

from __future__ import annotations

import datetime as dt
import warnings
from importlib import resources
from pathlib import Path

import pytest

from zwxmt.calendar import (
    EXAMPLE_HOLIDAYS,
    CalendarFallbackWarning,
    add_working_days,
    calendar_range,
    holiday_name,
    holiday_schedule,
    is_working_day,
    read_holidays,
)
from zwxmt.cli import main
from zwxmt.errors import CalendarOutOfRange, InputError
from zwxmt.lifecycle import Event, EventRecord, obligations, replay
from zwxmt.lifecycle.payloads import AccountChanged
from zwxmt.lifecycle.scenarios import opening_records
from zwxmt.models import Platform

D = dt.date

#: An illustrative 2027 schedule (not the State Council's notice): 春节 2027-02-05..02-11,
#: make-up workdays 2027-01-31 (Sun) and 2027-02-20 (Sat).
SCHEDULE_2027 = "date,kind,name\n" + "".join(
    f"2027-02-{d:02d},holiday,春节\n" for d in range(5, 12)) + (
    "2027-01-01,holiday,元旦\n2027-01-31,workday,调休上班\n2027-02-20,workday,调休上班\n")


@pytest.fixture
def schedule_2027(tmp_path: Path) -> Path:
    path = tmp_path / "holidays-2027.csv"
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    return path


def _changed_on(day: D) -> list[object]:
    h = replay(opening_records(host_unit_id="U-1", unit_name="龙游县农业农村局", name="龙游农业",
                               platform=Platform.WECHAT, applied_on=D(2025, 3, 3)),
               account_id="A1")
    from zwxmt.lifecycle import apply

    h = apply(h, EventRecord(event=Event.ACCOUNT_CHANGED, on=day, actor="U-1",
                             payload=AccountChanged(fields=("name",), new_name="龙游农业发布")))
    return [h]


def test_calendar_and_lifecycle_share_one_policy_refuse_unless_asked() -> None:
    assert calendar_range()[1] == D(2026, 12, 31)
    with pytest.raises(CalendarOutOfRange, match="--holidays"):
        add_working_days(D(2027, 2, 3), 7)
    histories = _changed_on(D(2027, 2, 3))
    with pytest.raises(CalendarOutOfRange, match="--holidays"):    # today's main: Feb 12
        obligations(histories, on=D(2027, 3, 1))                     # silently
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = obligations(histories, on=D(2027, 3, 1), fallback=True)
    assert any(issubclass(w.category, CalendarFallbackWarning) for w in caught)
    row = next(o for o in table.rows() if o.kind == "change_filing")
    assert row.fallback and row.due_on == D(2027, 2, 12)


def test_a_loaded_schedule_counts_the_new_year(schedule_2027: Path) -> None:
    with holiday_schedule(schedule_2027):
        assert calendar_range()[1] == D(2027, 12, 31)
        # 2027-02-03 (Wed): 02-04, then 春节 02-05..02-11, then 02-12, 15, 16, 17, 18, 19
        assert add_working_days(D(2027, 2, 3), 7) == D(2027, 2, 19)
        assert is_working_day(D(2027, 2, 20)) and not is_working_day(D(2027, 2, 8))
        assert holiday_name(D(2027, 2, 8)) == "春节"
        row = next(o for o in obligations(_changed_on(D(2027, 2, 3)), on=D(2027, 3, 1)).rows()
                   if o.kind == "change_filing")
        assert row.due_on == D(2027, 2, 19) and not row.fallback
    assert calendar_range()[1] == D(2026, 12, 31)          # the block's schedule is gone


def test_holidays_option_on_the_calendar_command(schedule_2027: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2027-02-03", "--add", "7"]) == 1
    assert "--holidays" in capsys.readouterr().err
    assert main(["calendar", "2027-02-03", "--add", "7", "--holidays", str(schedule_2027)]) == 0
    assert capsys.readouterr().out.strip() == "2027-02-19"
    assert main(["--holidays", str(schedule_2027), "calendar", "2027-02-08"]) == 0
    assert capsys.readouterr().out.strip() == "2027-02-08 is not a working day (春节)"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalendarFallbackWarning)
        assert main(["calendar", "2027-02-03", "--add", "7", "--fallback"]) == 0
    assert capsys.readouterr().out.strip() == "2027-02-12"


def test_the_shipped_example_schedule_matches_the_package_for_2025_and_2026() -> None:
    path = resources.files("zwxmt") / "data" / "calendar" / EXAMPLE_HOLIDAYS
    sched = read_holidays(Path(str(path)))
    assert sched.years == frozenset({2025, 2026})
    days = [D(2025, 1, 1) + dt.timedelta(days=i) for i in range(730)]
    before = [is_working_day(d) for d in days]
    with holiday_schedule(Path(str(path))):
        assert [is_working_day(d) for d in days] == before
        assert holiday_name(D(2026, 10, 1)) == "国庆节"


def test_bad_schedules_name_the_row_and_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,name\n2027-02-05,holiday,春节\n2027-02-06,maybe,\n",
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"row 2: kind"):
        read_holidays(bad)
    bad.write_text("date,kind\n2027-02-03,workday\n", encoding="utf-8")   # a Wednesday
    with pytest.raises(InputError, match=r"row 1: kind: .*Saturday or Sunday"):
        read_holidays(bad)
    gap = tmp_path / "gap.csv"
    gap.write_text("date,kind\n2028-01-01,holiday\n", encoding="utf-8")
    with pytest.raises(InputError, match="2027 has no holiday data"), holiday_schedule(gap):
        pass
