"""Hypothesis strategies that build valid instances of any zwxmt model from its fields."""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from typing import Any

import annotated_types
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from zwxmt.models import base

TEXT = st.text(alphabet="政务新媒体龙游县发布abcXYZ0123 ", min_size=1, max_size=12).map(
    str.strip).filter(bool)
MOBILE = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
LANDLINE = st.from_regex(r"\A0[1-9][0-9]{1,2}-[1-9][0-9]{6,7}\Z")
PAST = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2025, 12, 31))
# strings with a pattern, by field name
PATTERNED = {"qq": st.from_regex(r"\A[1-9][0-9]{4,11}\Z"),
             "url": st.just("https://www.longyou.gov.cn/")}


def _bounds(meta: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in meta:
        for attr in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            if hasattr(m, attr) and getattr(m, attr) is not None:
                out[attr] = getattr(m, attr)
        if isinstance(m, annotated_types.Ge):
            out["ge"] = m.ge
        if isinstance(m, annotated_types.Le):
            out["le"] = m.le
        if isinstance(m, annotated_types.MinLen):
            out["min_length"] = m.min_length
    return out


def _validators(meta: list[Any]) -> set[Any]:
    return {m.func for m in meta if isinstance(m, AfterValidator)}


def for_type(tp: Any, meta: list[Any], name: str) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = st.one_of(*[for_type(a, meta, name) for a in args])
        return st.one_of(st.none(), inner) if len(args) < len(typing.get_args(tp)) else inner
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(tp))
    if origin is tuple:
        (item, _ellipsis) = typing.get_args(tp)
        low = _bounds(meta).get("min_length", 0)
        return st.lists(for_type(item, [], name), min_size=low, max_size=3).map(tuple)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(tp)
        return for_type(inner, [*meta, *extra], name)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return model_strategy(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    validators = _validators(meta)
    b = _bounds(meta)
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(min_value=int(b.get("ge", -(10**9))),
                           max_value=int(b.get("le", 10**9)))
    if tp is float:
        return st.floats(min_value=float(b.get("ge", -1e9)), max_value=float(b.get("le", 1e9)),
                         allow_nan=False, allow_infinity=False)
    if tp is dt.date:
        return PAST
    if tp is str:
        if base._phone in validators:
            return st.one_of(MOBILE, LANDLINE)
        if base._region in validators:
            return st.from_regex(r"\A33[0-9]{4}\Z")
        if name in PATTERNED:
            return PATTERNED[name]
        return TEXT if b.get("min_length", 0) else st.one_of(st.just(""), TEXT)
    raise TypeError(f"no strategy for {tp!r} ({name})")


def _field(name: str, info: FieldInfo) -> st.SearchStrategy[Any]:
    return for_type(info.annotation, list(info.metadata), name)


def field_values(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Valid-looking values by English field name (model validators may still refuse)."""
    return st.fixed_dictionaries(
        {name: _field(name, info) for name, info in model.model_fields.items()
         if not info.exclude})


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    """Instances of ``model``; drafts that a model validator refuses are filtered out."""

    def build(values: dict[str, Any]) -> Any:
        try:
            return model.model_validate(values)
        except ValueError:
            return None

    return field_values(model).map(build).filter(lambda m: m is not None)
