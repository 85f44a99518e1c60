"""Provenance of an output (出处): which rulebook, in which content, by which zwxmt.

Every command that writes results also writes ``NAME.provenance.json`` beside them, holding the
rulebook's name, its content hash (:attr:`zwxmt.rulebook.Rulebook.content_hash`), the zwxmt
version, the assessment date and the files written, so a result can be traced to the exact
values that produced it (a user rulebook that changed one weight has its own hash). Within an
:class:`~zwxmt.table.write.OutputSet` it is committed with the other files, or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from zwxmt.io import atomic_open

if TYPE_CHECKING:
    from zwxmt.table.write import OutputSet

__all__ = ["provenance_path", "write_provenance"]


def provenance_path(output: str | Path) -> Path:
    out = Path(output)
    return out.with_name(f"{out.name.split('.')[0]}.provenance.json")


def write_provenance(output: str | Path, stamp: Mapping[str, str], *, as_of: dt.date,
                     files: Sequence[Path], command: str,
                     outputs: OutputSet | None = None) -> Path:
    """Write the provenance of ``files`` beside ``output`` (into ``outputs`` when given);
    returns its path."""
    path = provenance_path(output)
    names = [Path(p).name for p in files]
    earlier = outputs.staged(path) if outputs is not None else None
    if earlier is not None:
        # a second output of the same name in one set (the form as .xlsx and as .csv): one
        # provenance lists both
        prior = json.loads(earlier.read_text(encoding="utf-8"))
        names = list(dict.fromkeys([*prior.get("files", []), *names]))
    record = {**stamp, "command": command, "as_of": as_of.isoformat(), "files": names}
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if earlier is not None:
        earlier.write_text(text, encoding="utf-8")
    elif outputs is not None:
        outputs.stage(path).write_text(text, encoding="utf-8")
    else:
        with atomic_open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return path
