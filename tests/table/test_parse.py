"""Each column parser: accepted spellings, failure codes, typed inputs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zwxmt.table.parse import (
    Parsed,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_enum,
    parse_float,
    parse_int,
    parse_month,
    parse_rate,
    parse_text,
)
from zwxmt.vocabulary import AdminLevel, Platform


def codes(p: Parsed) -> list[str | None]:
    """The one failure code of each row (None when it passed or was blank)."""
    out: list[str | None] = [None] * len(p.missing)
    for code, mask in p.failures.items():
        for i in np.flatnonzero(mask):
            assert out[i] is None, "a row fails one check per column"
            out[i] = code
    return out


@pytest.mark.parametrize(("text", "value"), [
    ("1234", 1234), ("1,234", 1234), ("1,234,567", 1234567), ("１２３", 123), ("1.0", 1),
    ("+5", 5), (" 7 ", 7), ("1e3", 1000), ("1000000000000", 10**12), ("０", 0),
    ("１，２３４", 1234),
])
def test_int_spellings(text: str, value: int) -> None:
    p = parse_int([text])
    assert p.values.to_pylist() == [value]
    assert codes(p) == [None] and not p.missing.any()


@pytest.mark.parametrize(("text", "code"), [
    ("1e19", "out_of_range"), ("1e308", "out_of_range"), ("1e400", "out_of_range"),
    ("-1", "out_of_range"), ("1000000000001", "out_of_range"), ("1.5", "not_an_integer"),
    ("x", "not_a_number"), ("1,2", "not_a_number"), ("nan", "not_a_number"),
    ("inf", "not_a_number"), ("12345678901234567890", "out_of_range"), ("1 2", "not_a_number"),
    ("10" * 20, "out_of_range"), ("是", "not_a_number"),
])
def test_int_failures(text: str, code: str) -> None:
    p = parse_int([text])
    assert codes(p) == [code]
    assert p.values.to_pylist() == [None]


def test_blank_is_unknown_never_zero() -> None:
    p = parse_int(["", "  ", None])
    assert p.missing.tolist() == [True, True, True]
    assert p.values.to_pylist() == [None, None, None]
    assert codes(p) == [None, None, None]


def test_typed_numbers_and_pandas_nan() -> None:
    p = parse_int(pa.array([1.0, np.nan, 1e19, 3.0]))
    assert p.values.to_pylist() == [1, None, None, 3]
    assert p.missing.tolist() == [False, True, False, False]
    assert codes(p) == [None, None, "out_of_range", None]
    f = parse_float(pa.array([np.inf, -2.5], pa.float64()), min=-10.0)
    assert codes(f) == ["out_of_range", None]
    assert parse_int(pa.array([True])).failures["not_a_number"].tolist() == [True]


def test_rates_accept_percentages() -> None:
    p = parse_rate(["85%", "0.5", "1", "0", "85", "101%", "-0.1", "８５％"])
    assert p.values.to_pylist() == [0.85, 0.5, 1.0, 0.0, None, None, None, 0.85]
    assert codes(p) == [None] * 4 + ["out_of_range"] * 3 + [None]


def test_float_bounds_default_to_1e12() -> None:
    p = parse_float(["-3.5", "1e12", "1.0000001e12"])
    assert p.values.to_pylist() == [-3.5, 1e12, None]
    assert codes(p) == [None, None, "out_of_range"]


@pytest.mark.parametrize("text", ["是", "true", "TRUE", "Yes", "y", "1", "1.0", "有", "√",
                                  "✓", "☑", "对"])
def test_true_spellings(text: str) -> None:
    assert parse_bool([text]).values.to_pylist() == [True]


@pytest.mark.parametrize("text", ["否", "false", "No", "n", "0", "无", "×", "□", "☐", "错"])
def test_false_spellings(text: str) -> None:
    assert parse_bool([text]).values.to_pylist() == [False]


def test_bool_blank_and_garbage() -> None:
    p = parse_bool(["", "maybe", "2"])
    assert p.values.to_pylist() == [None, None, None]
    assert codes(p) == [None, "not_a_bool", "not_a_bool"]
    assert p.missing.tolist() == [True, False, False]
    q = parse_bool(pa.array([1, 0, 2, None]))
    assert q.values.to_pylist() == [True, False, None, None]
    assert codes(q) == [None, None, "not_a_bool", None]


def test_enum_codes_and_failure_code_names_the_vocabulary() -> None:
    p = parse_enum(["公众号", "头条号", "WECHAT", "抖音", "x", ""], Platform)
    assert p.values.to_pylist() == ["wechat", "toutiao", "wechat", "douyin", None, None]
    assert codes(p) == [None] * 4 + ["unknown_platform", None]
    q = parse_enum(["区", "县市区", "省"], AdminLevel)
    assert q.values.to_pylist() == ["county", "county", "province"]
    assert "unknown_admin_level" in parse_enum(["?"], AdminLevel).failures


@pytest.mark.parametrize(("text", "day"), [
    ("2012-11-01", dt.date(2012, 11, 1)), ("2012/11/1", dt.date(2012, 11, 1)),
    ("2012.11.1", dt.date(2012, 11, 1)), ("2012年11月1日", dt.date(2012, 11, 1)),
    ("20121101", dt.date(2012, 11, 1)), ("41214", dt.date(2012, 11, 1)),
    ("２０１２－１１－０１", dt.date(2012, 11, 1)),
    ("2026-10-01 02:00+08:00", dt.date(2026, 10, 1)),
    ("2026-09-30T18:00Z", dt.date(2026, 10, 1)),
    ("2026-09-30T18:00:00+00:00", dt.date(2026, 10, 1)),
    ("2026-09-30 15:59:59+0000", dt.date(2026, 9, 30)),
    ("2020/1/1 8:55", dt.date(2020, 1, 1)),
])
def test_date_spellings(text: str, day: dt.date) -> None:
    p = parse_date([text])
    assert p.values.to_pylist() == [day], codes(p)


@pytest.mark.parametrize(("text", "code"), [
    ("2026-02-30", "not_a_date"), ("2026-13-01", "not_a_date"), ("1999-12-31", "date_out_of_range"),
    ("yesterday", "not_a_date"), ("10" * 15, "not_a_date"), ("-1", "not_a_date"),
    ("2026-10-01 25:00", "not_a_date"), ("2027-01-01", "date_out_of_range"),
])
def test_date_failures(text: str, code: str) -> None:
    assert codes(parse_date([text], max=dt.date(2026, 11, 29))) == [code]


@pytest.mark.parametrize(("text", "moment"), [
    ("2020-01-01T08:55:00", dt.datetime(2020, 1, 1, 8, 55)),
    ("2020/1/1 8:55", dt.datetime(2020, 1, 1, 8, 55)),
    ("2020-01-01 08:55:30.123", dt.datetime(2020, 1, 1, 8, 55, 30)),
    ("2020年1月1日 8时55分", dt.datetime(2020, 1, 1, 8, 55)),
    ("2020年1月1日8:55:07", dt.datetime(2020, 1, 1, 8, 55, 7)),
    ("2026-10-01 02:00+08:00", dt.datetime(2026, 10, 1, 2, 0)),
    ("2026-09-30T18:00Z", dt.datetime(2026, 10, 1, 2, 0)),
    ("2026-09-30T12:00-06:00", dt.datetime(2026, 10, 1, 2, 0)),
    ("2020-01-01", dt.datetime(2020, 1, 1)),
    ("43831.37152777778", dt.datetime(2020, 1, 1, 8, 55)),
])
def test_datetime_spellings_in_beijing_time(text: str, moment: dt.datetime) -> None:
    p = parse_datetime([text])
    assert p.values.to_pylist() == [moment], codes(p)


def test_typed_times_are_converted_to_beijing() -> None:
    aware = pa.array([dt.datetime(2026, 9, 30, 18)], pa.timestamp("us", tz="UTC"))
    assert parse_datetime(aware).values.to_pylist() == [dt.datetime(2026, 10, 1, 2)]
    assert parse_date(aware).values.to_pylist() == [dt.date(2026, 10, 1)]
    naive = pa.array([dt.datetime(2026, 9, 30, 18)], pa.timestamp("ns"))
    assert parse_date(naive).values.to_pylist() == [dt.date(2026, 9, 30)]
    days = pa.array([dt.date(2020, 5, 1), None])
    assert parse_date(days).values.to_pylist() == [dt.date(2020, 5, 1), None]
    assert parse_date(pa.array([41214.0])).values.to_pylist() == [dt.date(2012, 11, 1)]


def test_datetime_failures() -> None:
    p = parse_datetime(["bad", "2026-10-01 02:60", "1e30", "20261001", "2026-10-01 02:00+08:00"],
                       max=dt.date(2026, 9, 30))
    assert codes(p) == ["not_a_time", "not_a_time", "not_a_time", "date_out_of_range",
                        "date_out_of_range"]


def test_months_typed_and_text() -> None:
    p = parse_month(["2026-03", "2026/3", "2026年3月", "1999-12", "2026-3-2", "", "674"],
                    max=674)
    assert p.values.to_pylist() == [674, 674, 674, None, None, None, None]
    assert codes(p) == [None, None, None, "date_out_of_range", "not_a_month", None,
                        "not_a_month"]
    d = parse_month(pa.array([dt.date(2026, 3, 1), dt.date(2026, 3, 5)]))
    assert d.values.to_pylist() == [674, None]
    assert codes(d) == [None, "not_a_month"]


def test_text_trim_length_and_typed_ids() -> None:
    p = parse_text(["  a ", "x" * 257, "", "x" * 256])
    assert p.values.to_pylist() == ["a", None, None, "x" * 256]
    assert codes(p) == [None, "too_long", None, None]
    assert parse_text(pa.array([12.0, 1.5, None])).values.to_pylist() == ["12", "1.5", None]
    assert parse_text(pa.array([7, 8])).values.to_pylist() == ["7", "8"]
    long = parse_text(["y" * 200_000], max_length=200_000)
    assert codes(long) == [None]
    assert parse_text([1, "a"]).values.to_pylist() == ["1", "a"]


def _oracle_int(text: str) -> int | None:
    """A scalar oracle: the accepted integer spellings, by plain Python."""
    s = text.strip().replace(",", "")
    try:
        x = float(s)
    except ValueError:
        return None
    if x != x or x in (float("inf"), float("-inf")) or not 0 <= x <= 1e12:
        return None
    return int(x) if x == int(x) else None


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(
    st.integers(min_value=-10, max_value=10**13).map(str),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}"),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr)), max_size=20))
def test_int_parser_agrees_with_a_scalar_oracle(cells: list[str]) -> None:
    p = parse_int(cells)
    assert p.values.to_pylist() == [_oracle_int(c) for c in cells]
