"""``zwxmt demo`` / ``make demo``: the main job on the bundled example county.

The report is made of sections; the inventory summary is here, and each library area adds
its own section through a module listed in ``_SECTION_MODULES`` that defines
``demo_section() -> str``.
"""

from __future__ import annotations

import importlib
from collections import Counter

from zwxmt.examples import EXAMPLE_COUNTY, example_accounts, example_regions
from zwxmt.models import AccountKind

__all__ = ["inventory_summary", "run_demo"]

#: Modules contributing a demo section, in report order.
_SECTION_MODULES: tuple[str, ...] = (
    "zwxmt.lifecycle.demo", "zwxmt.pipeline.demo", "zwxmt.scoring.demo", "zwxmt.cleanup.demo",
    "zwxmt.review.demo",
)


def inventory_summary() -> str:
    """The validated inventory of the example county: accounts by platform and kind."""
    accounts = example_accounts()
    regions = example_regions()
    county = regions[EXAMPLE_COUNTY]
    by_platform = Counter(a.platform.zh for a in accounts)
    by_kind = Counter(a.kind.zh for a in accounts)
    main = [a for a in accounts if a.kind is AccountKind.MAIN]
    lines = [
        f"== 政务新媒体账号清单 / account inventory: {county.name} ({county.code}), "
        f"常住人口 {county.population:,} (2020 census)",
        f"accounts: {len(accounts)} validated; main account: "
        f"{main[0].name if main else '-'} on {len(main)} platforms",
        "by platform: " + ", ".join(f"{k} {v}" for k, v in sorted(by_platform.items())),
        "by kind:     " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())),
        f"townships:   {len(regions.children(EXAMPLE_COUNTY))} with population",
    ]
    return "\n".join(lines)


def run_demo() -> str:
    sections = [inventory_summary()]
    for name in _SECTION_MODULES:
        sections.append(importlib.import_module(name).demo_section())
    return "\n\n".join(sections)
