"""Round trip per form, as a property: template → filled → read → written → read gives equal
records (``ZJG-6.1.1-T1``, ``HN-A1``, ``HN-A2``); and the same records write the same bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("xlsxwriter")
pytest.importorskip("python_calamine")

from zwxmt.forms import form_fields, read_form, workbook_bytes, write_template
from zwxmt.forms.fields import Field
from zwxmt.forms.hn_a2 import CATEGORIES, HEADER_FIELDS
from zwxmt.forms.records import read_records, write_records

# Characters that spell no printed label, note or option of the three forms, so a generated
# value cannot be taken for the print (offices do not fill a cell with a printed label).
_CJK = "甲乙丙丁戊己庚辛壬癸东西北春夏秋冬梅兰竹菊"
TEXT = st.text(alphabet=_CJK + "abcxyzABC", min_size=1, max_size=10)
IDS = st.from_regex(r"\A[a-z][a-z0-9_]{3,12}\Z")
MOBILE = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
LANDLINE = st.from_regex(r"\A0[1-9][0-9]{1,2}-[1-9][0-9]{6,7}\Z")
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2026, 11, 1))


def _value(f: Field) -> st.SearchStrategy[Any]:
    kind = f.kind
    if f.key == "platform_account_id":
        return IDS
    if kind == "text":
        return TEXT
    if kind == "count":
        return st.integers(0, 10**9)
    if kind == "money":
        return st.integers(0, 10**8).map(float)
    if kind == "date":
        return DATES
    if kind == "yesno":
        return st.booleans()
    if kind == "choice":
        return st.sampled_from(f.options)
    if kind == "ticks":
        return st.sets(st.sampled_from(f.options)).map(
            lambda s, f=f: tuple(o for o in f.options if o in s))
    if kind == "phone":
        return MOBILE | LANDLINE
    if kind == "qq":
        return st.from_regex(r"\A[1-9][0-9]{4,11}\Z")
    if kind == "wechat":
        return st.from_regex(r"\A[a-z][a-z0-9_]{5,15}\Z")
    raise AssertionError(kind)


def _maybe(f: Field) -> st.SearchStrategy[Any]:
    empty: Any = () if f.kind == "ticks" else None
    return st.one_of(st.just(empty), _value(f))


def _record(fields: tuple[Field, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({f.key: _maybe(f) for f in fields})


def _roundtrip(tmp: Path, code: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    filled = tmp / "filled.xlsx"
    filled.write_bytes(workbook_bytes(code, records))
    first = read_form(filled)
    assert first.form == code and not first.rejects and first.rejected == 0
    # the records file and the form written again from it read the same
    write_records(tmp / "records.jsonl", code, first.records, first.sources)
    again, rejects = read_records(tmp / "records.jsonl", code)
    assert not rejects and again == first.records
    (tmp / "again.xlsx").write_bytes(workbook_bytes(code, again))
    second = read_form(tmp / "again.xlsx")
    assert second.records == first.records
    assert (tmp / "again.xlsx").read_bytes() == filled.read_bytes()  # deterministic
    return first.records


SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.mark.parametrize("code", ["zjg-t1", "hn-a1"])
def test_template_reads_as_one_empty_record(tmp_path: Path, code: str) -> None:
    write_template(code, tmp_path / "blank.xlsx")
    got = read_form(tmp_path / "blank.xlsx")
    assert got.form == code and len(got.records) == 1 and not got.rejects
    assert all(v in (None, ()) for v in got.records[0].values())


def test_hn_a2_template_reads_as_no_rows(tmp_path: Path) -> None:
    write_template("hn-a2", tmp_path / "blank.xlsx")
    got = read_form(tmp_path / "blank.xlsx")
    assert got.form == "hn-a2" and got.records == [] and got.skipped["blank"] == 4


@SETTINGS
@given(records=st.lists(_record(form_fields("zjg-t1")), min_size=1, max_size=3))
def test_zjg_t1_round_trip(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    assert _roundtrip(tmp_path, "zjg-t1", records) == records


@SETTINGS
@given(records=st.lists(_record(form_fields("hn-a1")), min_size=1, max_size=3))
def test_hn_a1_round_trip(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    assert _roundtrip(tmp_path, "hn-a1", records) == records


_A2_ROW = tuple(f for f in form_fields("hn-a2") if f not in HEADER_FIELDS)


@SETTINGS
@given(header=_record(HEADER_FIELDS),
       rows=st.lists(_record(_A2_ROW).filter(lambda r: r["name"] is not None), max_size=6))
def test_hn_a2_round_trip(tmp_path: Path, header: dict[str, Any],
                          rows: list[dict[str, Any]]) -> None:
    records = [{**header, **row} for row in rows]
    got = _roundtrip(tmp_path, "hn-a2", records)
    # the form groups rows by platform category in printed order (HN-A2(1)), stably
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    expected = sorted(records, key=lambda r: rank.get(r["category"], -1))
    assert got == expected
