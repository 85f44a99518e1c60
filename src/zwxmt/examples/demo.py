"""``zwxmt demo`` / ``make demo``: the main job on the bundled example county.

The report is made of sections; the inventory summary is here, and each library area adds
its own section through a module of this package that defines ``demo_section() -> str``,
listed in :data:`SECTIONS`.
"""

from __future__ import annotations

from collections import Counter

from zwxmt.examples import (
    EXAMPLE_COUNTY,
    cleanup,
    example_accounts,
    example_regions,
    forms,
    lifecycle,
    pipeline,
    review,
    scoring,
)
from zwxmt.models import AccountKind

__all__ = ["SECTIONS", "inventory_summary", "run_demo"]

#: Modules contributing a demo section, in report order.
SECTIONS = (lifecycle, pipeline, scoring, cleanup, forms, review)


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
    sections.extend(module.demo_section() for module in SECTIONS)
    return "\n\n".join(sections)
