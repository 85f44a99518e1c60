"""What offices write in a form's cell, turned into a value (单元格取值).

Offices fill the forms by hand in a spreadsheet program; the same answer comes in many
spellings. One parser per kind of field takes them all:

- yes/no (``是否…``): 是/否, 有/无, ☑是□否, √是, 是√, ■否, true/false;
- a printed choice (``□正常□暂停``, ``运营模式填写自营或购买服务``): the printed option, an
  accepted synonym, or the option ticked among the printed boxes;
- ticks (``□微博□微信…``): every option ticked, and the text after 其他;
- numbers: full-width digits (１２３), thousands separators (``1,234``, ``1，234``), units
  (``2人``, ``5000元``, ``1.2万``), numbers stored as text;
- dates: Excel dates, Excel serial numbers, ``2023-01-31``, ``2023/1/31``, ``2023.1.31``,
  ``2023年1月31日``; the printed blank ``年月日`` is no date;
- staff (运营人数, ``HN-A2(4)``): ``有专人，2人``, ``无专人``, ``2``, ``专人2名``.

Columns are parsed one distinct value at a time (:func:`parse_column`): a column of a
thousand rows that says 是 or 否 is two parses, and the failures come back with their
positions, rendered one by one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = [
    "TICKS",
    "CellValueError",
    "flexible_pattern",
    "is_blank",
    "norm",
    "parse_column",
    "parse_count",
    "parse_date",
    "parse_money",
    "parse_staff",
    "parse_yes_no",
    "pick_choice",
    "pick_ticks",
    "render_date",
    "render_ticks",
]


class CellValueError(ValueError):
    """A cell's value is not one the field takes; ``allowed`` says what it takes."""

    def __init__(self, message: str, allowed: str) -> None:
        super().__init__(message)
        self.allowed = allowed


#: Marks an office uses for a ticked box.
TICKS = "☑■√✓✔☒✅▣●◉"
_EMPTY_BOX = "□☐○"
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 date system, after its 1900 bug)
_DIGITS = re.compile(r"[+-]?\d+(?:\.\d+)?")


def norm(text: str) -> str:
    """Fold full-width forms (ＡＰＰ, １２３, （）→()) and drop all whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _variants(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return "(?:" + "|".join(sorted({re.escape(ch), re.escape(folded)})) + ")"


def flexible_pattern(text: str) -> str:
    """A regex for printed ``text`` that tolerates spaces, line breaks and full/half width."""
    return r"\s*".join(_variants(ch) for ch in text if not ch.isspace())


def is_blank(value: Any) -> bool:
    """None, NaN, empty or spaces-only text."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any, what: str, allowed: str) -> float:
    if isinstance(value, bool):
        raise CellValueError(f"{value!r} is a yes/no, not {what}", allowed)
    if isinstance(value, int | float):
        f = float(value)
    else:
        text = norm(_text(value)).replace(",", "").replace("，", "")
        scale = 1.0
        if text.endswith("万") or "万" in text[-3:]:
            scale = 10000.0
        match = _DIGITS.search(text)
        rest = _DIGITS.sub("", text, count=1) if match else text
        # what may stand beside the number: units and the 万 multiplier, nothing else
        if match is None or re.sub(r"[约余多个人名条次篇元/年月万+]", "", rest):
            raise CellValueError(f"{_text(value)!r} is not {what}", allowed)
        f = float(match.group()) * scale
    if math.isnan(f) or math.isinf(f):
        raise CellValueError(f"{_text(value)!r} is not {what}", allowed)
    return f


def parse_count(value: Any) -> int:
    """A whole number >= 0: ``1,234``, ``１２３４``, ``2人``, ``1.2万``, 1234.0."""
    allowed = "a whole number >= 0 (e.g. 1234, 1,234, 1.2万)"
    f = _number(value, "a whole number", allowed)
    if f < 0 or not float(f).is_integer():
        raise CellValueError(f"{_text(value)!r} is not a whole number >= 0", allowed)
    return int(f)


def parse_money(value: Any) -> float:
    """An amount in yuan >= 0: ``120,000``, ``12万``, ``5000元``."""
    allowed = "an amount in yuan >= 0 (e.g. 120000, 120,000, 12万)"
    f = _number(value, "an amount", allowed)
    if f < 0:
        raise CellValueError(f"{_text(value)!r} is negative", allowed)
    return f


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> dt.date | None:
    """A date; None for the printed blank (``年月日``, ``年  月  日``)."""
    allowed = "a date (2023-01-31, 2023/1/31, 2023年1月31日 or an Excel date)"
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellValueError(f"{value!r} is not a date", allowed)
    if isinstance(value, int | float):
        if not float(value).is_integer() or not 1 <= value <= 2958465:
            raise CellValueError(f"{value!r} is not an Excel date serial number", allowed)
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = norm(str(value)).replace("T00:00:00", "")
    if text in ("年月日", "年月", "__年__月__日") or not text.strip("_年月日"):
        return None
    if text.isdigit() and len(text) == 8:
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    elif text.isdigit() and len(text) <= 6:
        return parse_date(int(text))
    m = _DATE.match(text)
    if m is None:
        raise CellValueError(f"{value!r} is not a date", allowed)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise CellValueError(f"{value!r} is not a date of the calendar", allowed) from None


def render_date(value: dt.date | None) -> str:
    """A date as the forms print it: ``2023年1月31日``; the blank is ``年  月  日``."""
    if value is None:
        return "    年  月  日"
    return f"{value.year}年{value.month}月{value.day}日"


def _ticked_labels(text: str, labels: Sequence[str]) -> tuple[set[str], str]:
    """The labels ticked in ``text`` and the text with every label taken out.

    A tick is a mark just before the label when the boxes are printed or the text starts
    with a mark (☑是□否, √是), otherwise just after it (是√ 否)."""
    spans: list[tuple[int, int, str]] = []
    rest = text
    for lab in sorted(labels, key=len, reverse=True):
        start = rest.find(lab) if lab else -1
        while start >= 0:
            spans.append((start, start + len(lab), lab))
            rest = rest[:start] + "\0" * len(lab) + rest[start + len(lab):]
            start = rest.find(lab, start + len(lab))
    # printed boxes (□是☑否) or a leading mark (√是) put the tick before its label
    if (text[:1] and text[0] in TICKS) or any(b in text for b in _EMPTY_BOX):
        return {lab for s, _, lab in spans if s > 0 and text[s - 1] in TICKS}, rest
    return {lab for _, e, lab in spans if e < len(text) and text[e] in TICKS}, rest


def pick_choice(value: Any, options: Sequence[str], synonyms: Mapping[str, str]) -> str | None:
    """The one printed option a cell names or ticks; None when the cell is the empty print.

    ``synonyms`` maps accepted spellings (normalised by :func:`norm`) to a printed option.
    """
    allowed = "one of " + "/".join(options)
    if isinstance(value, bool):
        raise CellValueError(f"{value!r} is not one of the printed options", allowed)
    raw = _text(value)
    text = norm(raw)
    by_norm = {norm(o): o for o in options}
    by_norm.update({norm(k): v for k, v in synonyms.items()})
    if text in by_norm:
        return by_norm[text]
    other = norm("其他")
    if other in by_norm and re.fullmatch(re.escape(other) + r"\(.*\)", text):
        return by_norm[other]  # 其他（字节跳动）: the printed 其他, what it is in brackets
    if any(t in text for t in TICKS) or any(b in text for b in _EMPTY_BOX):
        hits, rest = _ticked_labels(text, list(by_norm))
        ticked = list(dict.fromkeys(by_norm[h] for h in hits))
        leftover = re.sub(rf"[\0{TICKS}{_EMPTY_BOX}\s、,;/]", "", rest)
        if len(ticked) == 1 and not leftover:
            return ticked[0]
        if not ticked and not leftover and not any(t in text for t in TICKS):
            return None  # the printed boxes, none ticked
        if len(ticked) > 1:
            raise CellValueError(f"{raw!r} ticks {len(ticked)} options; tick one", allowed)
    raise CellValueError(f"{raw!r} is not one of the printed options", allowed)


def pick_ticks(value: Any, options: Sequence[str], synonyms: Mapping[str, str],
               other_label: str | None = None) -> tuple[tuple[str, ...], str]:
    """Every printed option ticked (or named, separated by 、,;/ or spaces) and the text
    written after ``other_label`` (其他…) if any; options come back in printed order."""
    allowed = "any of " + "/".join(options) + (f", {other_label}…" if other_label else "")
    raw = _text(value)
    text = norm(raw)
    other = ""
    if other_label is not None:
        found = re.search(flexible_pattern(other_label), raw)
        if found is not None:
            tail = re.sub(r"^\s*[（(]\s*如[^)）]*[)）]", "", raw[found.end():])
            tail = tail.strip().strip("_:：").strip()
            if tail[:1] in "（(" and tail[-1:] in "）)":
                tail = tail[1:-1].strip()
            other = tail
            text = norm(raw[:found.start()])
    by_norm = {norm(o): o for o in options}
    by_norm.update({norm(k): v for k, v in synonyms.items()})
    labels = sorted(by_norm, key=len, reverse=True)
    chosen: set[str] = set()
    if any(t in text for t in TICKS) or any(b in text for b in _EMPTY_BOX):
        hits, rest = _ticked_labels(text, labels)
        chosen = {by_norm[h] for h in hits}
        leftover = re.sub(rf"[\0{TICKS}{_EMPTY_BOX}\s、,;/]", "", rest)
        if leftover:
            raise CellValueError(f"{leftover!r} in {raw!r} is not a printed option", allowed)
    else:
        for lab in labels:  # whole labels first: a printed option may hold a "/"
            if lab and lab in text:
                chosen.add(by_norm[lab])
                text = text.replace(lab, "\0")
        for item in re.split(r"[、,，;；/\s\0]+", text):
            if item:
                raise CellValueError(f"{item!r} in {raw!r} is not a printed option", allowed)
    return tuple(o for o in options if o in chosen), other


def render_ticks(options: Sequence[str], chosen: Sequence[str] | str | None) -> str:
    """The printed boxes with the chosen options ticked: ``☑是□否``."""
    picked = {chosen} if isinstance(chosen, str) else set(chosen or ())
    return "".join(("☑" if o in picked else "□") + o for o in options)


_YES = ("是", "有", "true", "yes", "y", "1", "已认证", "已取得")
_NO = ("否", "无", "false", "no", "n", "0", "未认证", "未取得")


def parse_yes_no(value: Any) -> bool | None:
    """是/否 in any of its spellings; None for the empty print ``□是□否``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = norm(_text(value)).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    got = pick_choice(text, ("是", "否"), {"有": "是", "无": "否"})
    return None if got is None else got == "是"


_STAFF_NUMBER = re.compile(r"(\d+)\s*(?:人|名|个)?")


def parse_staff(value: Any) -> tuple[bool | None, int | None]:
    """运营人数 (``HN-A2(4)``: 有无专人运营和负责运营人数) as (dedicated staff?, how many).

    ``有专人，2人`` → (True, 2); ``无专人`` → (False, None); ``3`` → (None, 3);
    ``无专人，兼职1人`` → (False, 1)."""
    allowed = "有专人/无专人 and the number of operators, e.g. 有专人，2人"
    if isinstance(value, bool):
        raise CellValueError(f"{value!r} is not a staffing", allowed)
    if isinstance(value, int | float):
        return None, parse_count(value)
    text = norm(_text(value))
    dedicated: bool | None = None
    if re.search(r"(无|没有|未设)专[人职]", text):
        dedicated = False
    elif re.search(r"(有)?专[人职]", text):
        dedicated = True
    numbers = _STAFF_NUMBER.findall(text)
    rest = re.sub(r"(有|无|没有|未设)?专[人职](运营)?|兼职|负责|运营|人数|[，,;；、:：]"
                  r"|\d+\s*(人|名|个)?", "", text)
    if rest or len(numbers) > 1 or (dedicated is None and not numbers):
        raise CellValueError(f"{_text(value)!r} is not a staffing", allowed)
    return dedicated, int(numbers[0]) if numbers else None


def parse_column(values: Sequence[Any], parse: Callable[[Any], Any],
                 ) -> tuple[list[Any], dict[int, CellValueError]]:
    """Parse a column, each distinct value once; blank cells give None.

    Returns the parsed values and, by position, the error of each value that failed."""
    cache: dict[tuple[type, Any], Any] = {}
    out: list[Any] = []
    errors: dict[int, CellValueError] = {}
    for i, v in enumerate(values):
        if is_blank(v):
            out.append(None)
            continue
        key = (type(v), tuple(v) if isinstance(v, list) else v)  # a JSON array: its items
        if key not in cache:
            try:
                cache[key] = parse(v)
            except CellValueError as exc:
                cache[key] = exc
        got = cache[key]
        if isinstance(got, CellValueError):
            errors[i] = got
            out.append(None)
        else:
            out.append(got)
    return out, errors
