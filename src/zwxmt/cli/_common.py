"""What every command module shares: writing to standard output."""

from __future__ import annotations

import sys

__all__ = ["out"]


def out(text: str) -> None:
    """Write ``text`` and a newline to standard output."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
