"""``zwxmt demo`` (``make demo``): the main job on the bundled example county.

With ``-o DIR`` it also writes the main job's output files there, as ``zwxmt assess`` does,
the inventory as the printed form ``DIR/inventory.xlsx`` (``HN-A2``, with the ``xlsx`` extra),
and the county's monthly 通报 beside them (``DIR/report.html``), and says where.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from zwxmt.cli._common import out
from zwxmt.cli.assess import write_outputs
from zwxmt.examples import example_regions
from zwxmt.examples.demo import run_demo
from zwxmt.examples.job import example_job
from zwxmt.report import write_report

__all__ = ["register"]


def _has_xlsx() -> bool:
    try:
        import python_calamine  # noqa: F401
        import xlsxwriter  # noqa: F401
    except ImportError:
        return False
    return True


def _cmd_demo(args: argparse.Namespace) -> int:
    out(run_demo())
    if args.output is not None:
        job, regions = example_job(), example_regions()
        lines, _ = write_outputs(job, args.output, regions, printed_form=_has_xlsx())
        report = write_report(job, args.output / "report.html", regions=regions)
        written = list(dict.fromkeys(x for x in lines if x.startswith("wrote ")))
        out("\n".join(["", f"== outputs of the example county in {args.output}/", *written,
                       f"wrote the 通报 (monthly report, open it in a browser): {report}"]))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="run the main job on the bundled example county")
    p.add_argument("-o", "--output", type=Path,
                   help="also write the output files and the 通报 report.html to this folder")
    p.set_defaults(handler=_cmd_demo)
