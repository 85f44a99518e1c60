"""``zwxmt demo`` (``make demo``): the main job on the bundled example county."""

from __future__ import annotations

import argparse
from typing import Any

from zwxmt.cli._common import out
from zwxmt.examples.demo import run_demo

__all__ = ["register"]


def _cmd_demo(args: argparse.Namespace) -> int:
    out(run_demo())
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="run the main job on the bundled example county")
    p.set_defaults(handler=_cmd_demo)
