"""Rulebooks (规则参数集): versioned, dated, cited parameter files.

A rulebook is the data side of the rules: weights, thresholds, deadlines and every
interpretation zwxmt had to choose where the seeds are silent. Each value is a :class:`Cited`
value: the value next to the citation id of the clause it comes from (OpenFisca style), and
the loader refuses a value without one.

A bundled rulebook is a folder ``zwxmt/data/rulebooks/NAME/`` of TOML files: ``meta.toml``
(name, title, effective dates) and one file per section (``scoring.toml``, ``lifecycle.toml``,
…). A user rulebook is either such a folder or one TOML file holding ``[meta]`` and the
section tables. Each library area declares its section as a :class:`RulebookSection` subclass
and reads it with :meth:`Rulebook.section`; validation is strict (no unknown keys, no silent
default) and happens when the section is first read.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from zwxmt import display
from zwxmt.errors import RulebookError, RulebookNotInForce
from zwxmt.rules import RuleId

__all__ = [
    "DEFAULT_RULEBOOK",
    "Cited",
    "PartInForce",
    "Rulebook",
    "RulebookMeta",
    "RulebookSection",
    "bundled_rulebooks",
    "load_rulebook",
    "register_section",
    "registered_sections",
]

#: The rulebook used when a caller names none (``ZJG-9.2``: the new indices apply from 2023-01).
DEFAULT_RULEBOOK = "zhejiang-2023"

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

    def __init__(self, meta: RulebookMeta, raw: Mapping[str, Any], origin: str) -> None:
        self.meta = meta
        self.origin = origin
        self._raw = dict(raw)
        self._cache: dict[str, RulebookSection] = {}

    @property
    def name(self) -> str:
        return self.meta.name

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


def _read_toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulebookError(f"{origin}: not valid TOML: {exc}") from exc


def _from_tables(tables: dict[str, Any], origin: str) -> Rulebook:
    if "meta" not in tables:
        raise RulebookError(f"{origin}: no [meta] table")
    try:
        meta = RulebookMeta.model_validate(tables.pop("meta"))
    except ValidationError as exc:
        raise RulebookError(f"{origin}: [meta] is invalid:\n{exc}") from exc
    return Rulebook(meta, tables, origin)


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


@cache
def _load_bundled(name: str) -> Rulebook:
    folder = resources.files("zwxmt") / "data" / "rulebooks" / name
    return _from_folder(folder, f"bundled rulebook {name!r}")


def load_rulebook(source: str | Path = DEFAULT_RULEBOOK, *, on: dt.date | None = None,
                  part: str | None = None) -> Rulebook:
    """Load a bundled rulebook by name, or a user rulebook from a TOML file or a folder.

    With ``on``, also check that the rulebook (or its ``part``) is in force on that date.
    """
    if isinstance(source, str) and source in bundled_rulebooks():
        book = _load_bundled(source)
    else:
        path = Path(source)
        if path.is_dir():
            book = _from_folder(path, str(path))
        elif path.is_file():
            book = _from_tables(_read_toml(path.read_text(encoding="utf-8"), str(path)), str(path))
        else:
            raise RulebookError(
                f"no rulebook {str(source)!r}: not a bundled name "
                f"({', '.join(bundled_rulebooks())}) nor a file or folder")
    if on is not None:
        book.check_in_force(on, part)
    return book
