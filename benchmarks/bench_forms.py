"""Benchmark of the forms (issue 12, figures in docs/performance.md), file to file as the CLI
runs them:

1. ``zwxmt forms write`` of an HN-A2 inventory of 10,000 accounts (records CSV → XLSX);
2. ``zwxmt forms read`` of it (XLSX → records CSV, with rejects);
3. the same form as the accounts input: its columns (:func:`zwxmt.forms.forms_to_accounts`),
   and read and validated as the cleanup reads it (:func:`zwxmt.cleanup.inputs.read_accounts`:
   the form's columns through the accounts schema);
4. 200 HN-A1 filing records (one sheet each) written and read.

Run: ``python benchmarks/bench_forms.py`` (``--small`` for a quick smoke run).
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from zwxmt.cleanup.inputs import read_accounts
from zwxmt.cli import main
from zwxmt.examples import example_regions
from zwxmt.forms import AccountsForm, forms_to_accounts, write_form
from zwxmt.forms.hn_a2 import CATEGORIES
from zwxmt.forms.records import write_records


def hn_a2_records(n: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(20261031)
    cats = rng.choice(len(CATEGORIES), n)
    fans = rng.integers(0, 200_000, n)
    opened = rng.integers(0, 3000, n)
    header = {"region_name": "龙游县", "filing_unit": "龙游县人民政府办公室", "filled_by": "张三",
              "phone": "0570-7012345", "cutoff": dt.date(2026, 10, 31)}
    return [{
        **header, "category": CATEGORIES[int(cats[i])], "name": f"龙游县单位{i}政务号",
        "certified_subject": f"龙游县单位{i}", "host_unit": f"龙游县单位{i}",
        "host_head": "办公室主任", "host_phone": f"0570-70{i % 100000:05d}",
        "operator_unit": f"龙游县单位{i}", "operator_contact": "运营专员",
        "operator_phone": f"138{i % 100000000:08d}", "operation_mode": "自营",
        "funding_per_year": float(i % 7 * 10000), "fans": int(fans[i]), "reads": int(fans[i] * 3),
        "push_frequency": "月均20条",
        "opened_on": dt.date(2018, 1, 1) + dt.timedelta(days=int(opened[i])),
        "has_dedicated_staff": bool(i % 2), "operators_count": i % 4 + 1,
        "status": "正常运营" if i % 9 else "停止运营", "functions": ("发布", "互动"),
        "platform_vendor": "腾讯", "measure": "保留", "account_id": f"A{i:06d}",
        "zwxmt_platform": "wechat", "level": "county", "region_code": "330825",
    } for i in range(n)]


def timed(label: str, fn: Any) -> float:
    t = time.perf_counter()
    fn()
    wall = time.perf_counter() - t
    print(f"{label:<58} {wall:7.2f} s")
    return wall


def run(n_accounts: int, n_filings: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        records = d / "records.csv"
        write_records(records, "hn-a2", hn_a2_records(n_accounts))
        form = d / "inventory.xlsx"
        timed(f"forms write hn-a2, {n_accounts:,} accounts (CSV -> XLSX)",
              lambda: main(["forms", "write", str(records), "--form", "hn-a2", "-o", str(form)]))
        print(f"{'':<58} {form.stat().st_size / 2**20:7.2f} MB")
        timed(f"forms read hn-a2, {n_accounts:,} accounts (XLSX -> CSV)",
              lambda: main(["forms", "read", str(form), "-o", str(d / "back.csv")]))
        timed(f"forms_to_accounts, {n_accounts:,} accounts", lambda: forms_to_accounts(form))
        regions = example_regions()
        source = AccountsForm(form, {"region_code": "330825", "level": "county"})
        timed(f"read_accounts (form -> accounts schema), {n_accounts:,} accounts",
              lambda: read_accounts(source, regions))
        filings = [{"account_name": f"衡南单位{i}", "platform_account_id": f"gh_{i:06d}",
                    "platform": "微信公众号", "certified": True, "status": "正常",
                    "host_unit": f"衡南县单位{i}", "fans": i} for i in range(n_filings)]
        a1 = d / "filings.xlsx"
        timed(f"write hn-a1, {n_filings} records (one sheet each)",
              lambda: write_form("hn-a1", filings, a1))
        timed(f"forms read hn-a1, {n_filings} sheets",
              lambda: main(["forms", "read", str(a1), "-o", str(d / "a1.csv")]))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'maximum resident set size':<58} {rss:7.0f} MB")


if __name__ == "__main__":
    small = "--small" in sys.argv
    run(500 if small else 10_000, 20 if small else 200)
