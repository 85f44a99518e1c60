"""Rulebooks (规则参数集): versioned, dated, cited parameter files.

A rulebook is the data side of the rules: weights, thresholds, deadlines and every
interpretation zwxmt had to choose where the seeds are silent. Each value is a :class:`Cited`
value: the value next to the citation id of the clause it comes from (OpenFisca style), and
the loader refuses a value without one.

A bundled rulebook is a folder ``zwxmt/data/rulebooks/NAME/`` of TOML files: ``meta.toml``
(name, title, effective dates) and one file per section (``scoring.toml``, ``lifecycle.toml``,
…); there is one per jurisdiction (``zhejiang``, ``hengnan``, ``liaoning``, ``guizhou``,
``national-2019``). A user rulebook is either such a folder or one TOML file holding
``[meta]`` and the section tables; with ``extends = "zhejiang"`` in its ``[meta]`` it starts
from that rulebook and overrides only the values it gives (a changed weight is one line).

A value may be dated: an array of cited values each with ``since``, the one in force on the
assessment date applies (``load_rulebook(name, on=DATE)``; without a date, the latest).

Each library area declares its section as a :class:`RulebookSection` subclass and reads it
with :meth:`Rulebook.section`; validation is strict (no unknown keys, no silent default) and
happens when the section is first read. :attr:`Rulebook.content_hash` identifies the resolved
content; every output records it with the name and the zwxmt version (:meth:`Rulebook.stamp`).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
)

from zwxmt import display
from zwxmt.errors import RulebookError, RulebookNotInForce
from zwxmt.rules import RuleId

__all__ = [
    "ALIASES",
    "DEFAULT_RULEBOOK",
    "Cited",
    "PartInForce",
    "Rulebook",
    "RulebookMeta",
    "RulebookSection",
    "bundled_rulebooks",
    "canonical_name",
    "load_rulebook",
    "register_section",
    "registered_sections",
]

#: The rulebook used when a caller names none (``ZJG-9.2``: the new indices apply from 2023-01).
DEFAULT_RULEBOOK = "zhejiang"

#: Former names of bundled rulebooks, still accepted.
ALIASES: Mapping[str, str] = {"zhejiang-2023": "zhejiang"}

T = TypeVar("T")
S = TypeVar("S", bound="RulebookSection")


class Cited(BaseModel, Generic[T]):
    """A parameter value with the clause it comes from (and, for an interpretation, why)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: T
    cite: RuleId
    note: str = Field(
        default="",
        description="Why this value, where the clause leaves it open (see docs/assumptions.md).",
    )
    since: dt.date | None = Field(
        default=None,
        description="First day the value applies, when the parameter is a dated list.",
    )

    @model_serializer(mode="wrap")
    def _drop_undated(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        out: dict[str, Any] = handler(self)
        if out.get("since") is None:
            out.pop("since", None)
        return out


class PartInForce(BaseModel):
    """When one part of a rulebook (a section, e.g. ``scoring``) applies from, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    effective_from: dt.date
    cite: RuleId
    note: str = ""


class RulebookMeta(BaseModel):
    """Identity and period of force of a rulebook, and of its parts.

    ``effective_from`` is the earliest date any part applies; ``parts`` gives a later start
    to a section (``ZJG-9.2``: the new indices from 2023-01 while chapter 6 of the guide
    applies from 2022-03)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    title: str
    version: str
    jurisdiction: str
    extends: str | None = Field(
        default=None, description="The rulebook this one starts from (a bundled name or path).")
    effective_from: dt.date
    effective_to: dt.date | None = None
    cite: RuleId
    parts: dict[str, PartInForce] = Field(default_factory=dict)

    def start(self, part: str | None = None) -> tuple[dt.date, str]:
        """The first day ``part`` (or the rulebook) applies, and the clause that says so."""
        if part is not None and part in self.parts:
            p = self.parts[part]
            return max(p.effective_from, self.effective_from), str(p.cite)
        return self.effective_from, str(self.cite)

    def in_force(self, on: dt.date, part: str | None = None) -> bool:
        start, _ = self.start(part)
        return start <= on and (self.effective_to is None or on <= self.effective_to)


class RulebookSection(BaseModel):
    """Base of a rulebook section; subclasses set ``SECTION`` (the TOML table name)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    SECTION: ClassVar[str] = ""


_SECTIONS: dict[str, type[RulebookSection]] = {}


def register_section(model: type[S]) -> type[S]:
    """Class decorator: declare a rulebook section so ``zwxmt rulebook show`` prints it."""
    if not model.SECTION:
        raise TypeError(f"{model.__name__} has no SECTION name")
    _SECTIONS[model.SECTION] = model
    return model


def registered_sections() -> Mapping[str, type[RulebookSection]]:
    return dict(_SECTIONS)


class Rulebook:
    """A loaded rulebook: its metadata and its (lazily validated) sections."""

    def __init__(self, meta: RulebookMeta, raw: Mapping[str, Any], origin: str,
                 on: dt.date | None = None) -> None:
        self.meta = meta
        self.origin = origin
        self.on = on
        self._dated = dict(raw)
        self._raw = _resolve(self._dated, on, origin)
        self._cache: dict[str, RulebookSection] = {}

    @property
    def name(self) -> str:
        return self.meta.name

    def at(self, on: dt.date) -> Rulebook:
        """This rulebook with each dated value resolved to the one in force on ``on``."""
        return Rulebook(self.meta, self._dated, self.origin, on)

    @property
    def content_hash(self) -> str:
        """SHA-256 (first 16 hex digits) of the metadata and the dated values, canonical JSON:
        two rulebooks with the same hash apply the same rules."""
        text = json.dumps({"meta": self.meta.model_dump(mode="json"), **self._dated},
                          sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def stamp(self) -> dict[str, str]:
        """What every output records: the rulebook's name, content hash and zwxmt version."""
        from zwxmt import __version__

        return {"rulebook": self.name, "rulebook_hash": self.content_hash,
                "zwxmt_version": __version__}

    def raw_values(self) -> dict[str, Any]:
        """The section tables as loaded (after ``extends``), dated values unresolved."""
        return copy.deepcopy(self._dated)

    def section_names(self) -> tuple[str, ...]:
        return tuple(sorted(self._raw))

    def has_section(self, name: str) -> bool:
        return name in self._raw

    def section(self, model: type[S]) -> S:
        """The section ``model.SECTION``, validated against ``model`` (cached)."""
        name = model.SECTION
        hit = self._cache.get(name)
        if hit is not None:
            if not isinstance(hit, model):
                raise RulebookError(f"section {name!r} was read with two models")
            return hit
        if name not in self._raw:
            raise RulebookError(f"rulebook {self.name!r} ({self.origin}) has no section {name!r}")
        try:
            value = model.model_validate(self._raw[name])
        except ValidationError as exc:
            raise RulebookError(
                f"rulebook {self.name!r} section {name!r} is invalid:\n{exc}") from exc
        self._cache[name] = value
        return value

    def check_in_force(self, on: dt.date, part: str | None = None) -> None:
        """Raise :class:`RulebookNotInForce` unless the rulebook (or its ``part``, a section
        name) applies on ``on``."""
        if not self.meta.in_force(on, part):
            start, rule = self.meta.start(part)
            end = self.meta.effective_to.isoformat() if self.meta.effective_to else "open"
            what = f"rulebook {self.name!r}" + (f" part {part!r}" if part in self.meta.parts
                                                else "")
            raise RulebookNotInForce(
                f"{what} is in force from {start} to {end}, not on {on.isoformat()}",
                rule=rule,
            )

    def as_dict(self) -> dict[str, Any]:
        """Every validated section (registered ones) plus the metadata, JSON-ready."""
        out: dict[str, Any] = {"meta": self.meta.model_dump(mode="json")}
        for name in self.section_names():
            model = _SECTIONS.get(name)
            if model is None:
                out[name] = self._raw[name]
            else:
                out[name] = self.section(model).model_dump(mode="json")
        return out

    def __repr__(self) -> str:
        return display.rulebook_text(self)

    def _repr_html_(self) -> str:
        return display.rulebook_html(self)


def _is_dated(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, dict) and "since" in v and "value" in v for v in value)


def _resolve(tables: Mapping[str, Any], on: dt.date | None, origin: str,
             path: str = "") -> dict[str, Any]:
    """Replace each dated list by the value in force on ``on`` (the latest without a date)."""
    out: dict[str, Any] = {}
    for key, value in tables.items():
        where = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            out[key] = _resolve(value, on, origin, where)
        elif _is_dated(value):
            ordered = sorted(value, key=lambda v: v["since"])
            applies = [v for v in ordered if on is None or v["since"] <= on]
            if not applies:
                raise RulebookNotInForce(
                    f"{origin}: {where} has no value in force on {on} (first from "
                    f"{ordered[0]['since']})", rule=str(ordered[0].get("cite", "")) or None)
            out[key] = dict(applies[-1])
        else:
            out[key] = value
    return out


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base`` table by table; a cited value or a list replaces whole."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and "value" not in value:
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _read_toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulebookError(f"{origin}: not valid TOML: {exc}") from exc


def _from_tables(tables: dict[str, Any], origin: str, seen: tuple[str, ...] = ()) -> Rulebook:
    if "meta" not in tables:
        raise RulebookError(f"{origin}: no [meta] table")
    raw_meta = tables.pop("meta")
    parent = raw_meta.get("extends") if isinstance(raw_meta, dict) else None
    if isinstance(parent, str):
        if parent in seen:
            raise RulebookError(f"{origin}: extends {parent!r} in a cycle")
        base = _load_source(parent, (*seen, parent))
        # the child's [meta] gives its own identity; periods of force not given are inherited
        inherited = base.meta.model_dump()
        inherited.pop("extends", None)
        raw_meta = {**inherited, **raw_meta}
        tables = _merge(base.raw_values(), tables)
    try:
        meta = RulebookMeta.model_validate(raw_meta)
    except ValidationError as exc:
        raise RulebookError(f"{origin}: [meta] is invalid:\n{exc}") from exc
    try:
        return Rulebook(meta, tables, origin)
    except ValueError as exc:
        raise RulebookError(f"{origin}: {exc}") from exc


def _from_folder(folder: Traversable | Path, origin: str) -> Rulebook:
    tables: dict[str, Any] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".toml"):
            continue
        for key, value in _read_toml(item.read_text(encoding="utf-8"), item.name).items():
            if key in tables:
                raise RulebookError(f"{origin}: table [{key}] defined twice ({item.name})")
            tables[key] = value
    return _from_tables(tables, origin)


def bundled_rulebooks() -> tuple[str, ...]:
    folder = resources.files("zwxmt") / "data" / "rulebooks"
    return tuple(sorted(p.name for p in folder.iterdir() if p.is_dir()))


def canonical_name(source: str | Path) -> str:
    """A bundled rulebook's current name (an alias resolved); a path as given."""
    return ALIASES.get(str(source), str(source))


@cache
def _load_bundled(name: str) -> Rulebook:
    folder = resources.files("zwxmt") / "data" / "rulebooks" / name
    return _from_folder(folder, f"bundled rulebook {name!r}")


def _load_source(source: str | Path, seen: tuple[str, ...] = ()) -> Rulebook:
    name = canonical_name(source) if isinstance(source, str) else source
    if isinstance(name, str) and name in bundled_rulebooks():
        return _load_bundled(name)
    path = Path(name)
    if path.is_dir():
        return _from_folder(path, str(path))
    if path.is_file():
        return _from_tables(_read_toml(path.read_text(encoding="utf-8"), str(path)), str(path),
                            seen)
    raise RulebookError(
        f"no rulebook {str(source)!r}: not a bundled name "
        f"({', '.join(bundled_rulebooks())}) nor a file or folder")


def load_rulebook(source: str | Path = DEFAULT_RULEBOOK, *, on: dt.date | None = None,
                  part: str | None = None) -> Rulebook:
    """Load a bundled rulebook by name (or a former name, :data:`ALIASES`), or a user
    rulebook from a TOML file or a folder (which may ``extends`` another).

    With ``on``, also check that the rulebook (or its ``part``) is in force on that date, and
    resolve each dated value to the one in force then.
    """
    book = _load_source(source)
    if on is not None:
        book.check_in_force(on, part)
        book = book.at(on)
    return book
