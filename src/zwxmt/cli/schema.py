"""``zwxmt schema MODEL``: the JSON Schema of a public model."""

from __future__ import annotations

import argparse
import json
from typing import Any

from zwxmt.cli._common import out
from zwxmt.models import PUBLIC_MODELS

__all__ = ["register"]


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.model not in PUBLIC_MODELS:
        out(f"unknown model {args.model!r}; models: {', '.join(sorted(PUBLIC_MODELS))}")
        return 1
    schema = PUBLIC_MODELS[args.model].model_json_schema(by_alias=False)
    out(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of a public model")
    p.add_argument("model", help="a model name, e.g. OpeningApplication")
    p.set_defaults(handler=_cmd_schema)
