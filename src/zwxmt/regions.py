"""Regions and resident population (常住人口) shipped with zwxmt.

The bundled table is Zhejiang's 2020 census (see ``data/population/README.md`` for origin and
licence). It feeds the fan-share cleanup rules, ``ZJG-6.5.1(5)`` (a department account's fans
against 1% of its county's resident population) and ``ZJG-6.5.1(6)`` (a township account's
fans against 20% of its area's). Callers with other regions pass their own :class:`Region`
objects; nothing here is global state.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

from zwxmt.errors import InputError
from zwxmt.models import AdminLevel, Region

__all__ = ["RegionIndex", "zhejiang_regions"]


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
