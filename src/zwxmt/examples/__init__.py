"""The bundled example county (龙游县, Quzhou): accounts, townships and activity data.

``make demo`` runs the main job on it. The account registry is illustrative (see
``data/example/README.md``); the county's resident population is the real 2020 census figure.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from pydantic import ValidationError

from zwxmt.errors import InputError
from zwxmt.models import Account, Region
from zwxmt.regions import RegionIndex, zhejiang_regions

__all__ = [
    "EXAMPLE_COUNTY",
    "example_accounts",
    "example_file",
    "example_regions",
    "read_example_csv",
]

#: Division code of the example county, 龙游县.
EXAMPLE_COUNTY = "330825"


def example_file(name: str) -> Traversable:
    """A file of the bundled example data (``accounts.csv``, ``townships.csv``, …)."""
    item = resources.files("zwxmt") / "data" / "example" / name
    if not item.is_file():
        raise FileNotFoundError(f"no bundled example file {name!r}")
    return item


def read_example_csv(name: str) -> list[dict[str, str]]:
    """Rows of a bundled example CSV as dictionaries."""
    return list(csv.DictReader(io.StringIO(example_file(name).read_text(encoding="utf-8"))))


def _account(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in row.items() if v != "" and not k.startswith(
        "operator_")}
    if row.get("operator_name"):
        data["operator"] = {"name": row["operator_name"], "kind": row["operator_kind"],
                            "rights_agreed": True, "confidentiality_agreement": True}
    return data


@cache
def example_accounts() -> tuple[Account, ...]:
    """The example county's accounts, validated (an invalid row raises :class:`InputError`)."""
    out = []
    for i, row in enumerate(read_example_csv("accounts.csv"), start=1):
        try:
            out.append(Account.model_validate(_account(row)))
        except ValidationError as exc:
            raise InputError(str(exc), row=i) from exc
    return tuple(out)


@cache
def example_regions() -> RegionIndex:
    """Zhejiang's census regions plus the example county's townships."""
    towns = [Region.model_validate(r) for r in read_example_csv("townships.csv")]
    return zhejiang_regions().with_regions(towns)
