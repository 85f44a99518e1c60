"""The core command line and the bundled example county."""

from __future__ import annotations

import subprocess
import sys

import pytest

from zwxmt import __version__
from zwxmt.cli import main
from zwxmt.examples import EXAMPLE_COUNTY, example_accounts, example_regions
from zwxmt.models import AccountKind, Platform


def test_demo_prints_the_inventory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "龙游县 (330825)" in out and "360,229" in out and "accounts: 31 validated" in out


def test_calendar_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2026-09-30", "--add", "1"]) == 0
    assert capsys.readouterr().out.strip() == "2026-10-08"
    assert main(["calendar", "2027-01-04"]) == 1


def test_console_script_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "zwxmt.cli", "--version"],
                         capture_output=True, text=True, check=True)
    assert __version__ in out.stdout


def test_example_county_is_a_full_matrix() -> None:
    accounts = example_accounts()
    main_accounts = [a for a in accounts if a.kind is AccountKind.MAIN]
    assert {a.platform for a in main_accounts} == {
        Platform.WECHAT, Platform.WEIBO, Platform.TOUTIAO, Platform.DOUYIN}
    assert any(a.kind is AccountKind.TOWNSHIP for a in accounts)
    assert all(a.county_code == EXAMPLE_COUNTY for a in accounts)
    regions = example_regions()
    assert regions.population(EXAMPLE_COUNTY) == 360_229
    for a in accounts:
        assert a.region_code in regions
