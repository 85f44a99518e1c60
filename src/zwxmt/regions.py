"""Regions and resident population (常住人口) shipped with zwxmt.

The bundled table is Zhejiang's 2020 census (see ``data/population/README.md`` for origin and
licence). It feeds the fan-share cleanup rules, ``ZJG-6.5.1(5)`` (a department account's fans
against 1% of its county's resident population) and ``ZJG-6.5.1(6)`` (a township account's
fans against 20% of its area's). Callers with other regions pass their own :class:`Region`
objects or a region file (:func:`read_regions`); nothing here is global state, and no other
jurisdiction is ever given Zhejiang's figures.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from zwxmt.errors import InputError
from zwxmt.models import AdminLevel, Region

__all__ = ["RegionIndex", "read_regions", "zhejiang_regions"]


class RegionIndex(Mapping[str, Region]):
    """Regions by code, with the population look-ups the cleanup rules need."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_code: dict[str, Region] = {}
        for region in regions:
            if region.code in self._by_code:
                raise InputError(f"region code {region.code} given twice", field="code")
            self._by_code[region.code] = region

    def __getitem__(self, code: str) -> Region:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"no region with code {code!r}") from None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def population(self, code: str) -> int:
        """Resident population of the region ``code``."""
        return self[code].population

    def with_regions(self, extra: Iterable[Region]) -> RegionIndex:
        """A new index with ``extra`` regions added (e.g. townships of a county)."""
        return RegionIndex([*self._by_code.values(), *extra])

    def children(self, code: str) -> tuple[Region, ...]:
        return tuple(r for r in self._by_code.values() if r.parent_code == code)


@cache
def zhejiang_regions() -> RegionIndex:
    """Zhejiang province, its cities and counties with 2020 census resident population."""
    text = (resources.files("zwxmt") / "data" / "population" /
            "zhejiang_county_population_census2020.csv").read_text(encoding="utf-8")
    regions = []
    for row in csv.DictReader(io.StringIO(text)):
        code = row["区划代码"].strip()
        if not code:
            continue  # 温州经济技术开发区 has no division code
        if code.endswith("0000"):
            level, parent = AdminLevel.PROVINCE, None
        elif code.endswith("00"):
            level, parent = AdminLevel.CITY, code[:2] + "0000"
        else:
            level, parent = AdminLevel.COUNTY, code[:4] + "00"
        regions.append(Region(
            code=code, name=row["区县"], level=level, parent_code=parent,
            population=int(row["人口数_合计"]), census_year=2020,
        ))
    return RegionIndex(regions)


#: Columns of a user region file (English or the Chinese form labels).
_REGION_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "code": ("code", "区划代码"), "name": ("name", "名称"), "level": ("level", "层级"),
    "parent_code": ("parent_code", "上级区划代码"), "population": ("population", "常住人口"),
    "census_year": ("census_year", "普查年份"),
}


def read_regions(path: str | Path) -> RegionIndex:
    """A user region file (CSV, UTF-8): one row per division with its resident population and
    the census it comes from, for jurisdictions whose census zwxmt does not ship (Hengnan,
    Liaoning, Guizhou). Columns: code, name, level (province/city/county/township), parent_code,
    population, census_year (or 区划代码, 名称, 层级, 上级区划代码, 常住人口, 普查年份)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{p}: cannot read the region file: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    where = {}
    for field_name, names in _REGION_COLUMNS.items():
        hit = next((h for h in header if h.strip() in names), None)
        if hit is None and field_name not in ("parent_code", "census_year"):
            raise InputError(f"{p}: no column {' / '.join(names)} (expected "
                             "code, name, level, parent_code, population, census_year)")
        where[field_name] = hit
    regions = []
    for row_no, row in enumerate(reader, start=2):
        values = {k: (row.get(h) or "").strip() for k, h in where.items() if h is not None}
        values = {k: v for k, v in values.items() if v != ""}
        try:
            regions.append(Region.model_validate(values))
        except ValueError as exc:
            first = str(exc).splitlines()
            raise InputError(f"{p}: row {row_no}: {' '.join(first[:3])}") from exc
    return RegionIndex(regions)
