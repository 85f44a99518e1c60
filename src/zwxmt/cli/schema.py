"""``zwxmt schema NAME``: the declared batch input ``NAME`` (``metrics``, ``subscores``,
``averages``, ``rejects``, …) as JSON, or the JSON Schema of a public model."""

from __future__ import annotations

import argparse
import json
from typing import Any

from zwxmt.cli._common import out
from zwxmt.models import PUBLIC_MODELS
from zwxmt.table.inputs import SCHEMAS, schema_json

__all__ = ["register"]


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.model in SCHEMAS:
        out(schema_json(args.model))
        return 0
    if args.model not in PUBLIC_MODELS:
        out(f"unknown input or model {args.model!r}; inputs: {', '.join(sorted(SCHEMAS))}; "
            f"models: {', '.join(sorted(PUBLIC_MODELS))}")
        return 1
    schema = PUBLIC_MODELS[args.model].model_json_schema(by_alias=False)
    out(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("schema", help="print a declared input (metrics, ...) or a model as JSON")
    p.add_argument("model", help="an input name, e.g. metrics, or a model, e.g. "
                                 "OpeningApplication")
    p.set_defaults(handler=_cmd_schema)
