"""What every command module shares: writing to standard output, and stopping with exit
status 3 when only the failure cases were written."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from zwxmt.table.failures import EXIT_REJECTS

__all__ = ["out", "stopped"]


def out(text: str) -> None:
    """Write ``text`` and a newline to standard output."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def stopped(lines: Sequence[str], reasons: Sequence[str]) -> int:
    """Print ``lines``, say on standard error why the run stopped (``reasons``, from
    :func:`zwxmt.table.failures.stop_reasons`) and return exit status 3."""
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stderr.write("zwxmt: stopped, nothing but the failure cases written: "
                     + "; ".join(reasons) + "\n")
    return EXIT_REJECTS
