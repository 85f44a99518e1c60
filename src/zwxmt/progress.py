"""Progress (进度) of long command-line runs: a bar on standard error, only on a terminal.

:class:`Progress` shows a tqdm bar over the named steps of a run when standard error is a
terminal and the user did not ask for ``--quiet``; redirected to a file or a pipe, it writes
nothing, so logs and captured output stay clean. Library code reports its steps through a
plain callback (``progress: Callable[[str], None]``), so it neither knows nor imports tqdm.

tqdm: a small pure-Python library with no dependencies of its own, maintained for a decade
and among the most used on PyPI; it handles terminal width and cleans its line on exit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import IO, Any

__all__ = ["Progress", "StepCallback", "enabled"]

#: What library functions accept to report the step they begin.
StepCallback = Callable[[str], None]


def enabled(stream: IO[str] | None = None, *, quiet: bool = False) -> bool:
    """Whether a bar is shown: not quiet, and ``stream`` (stderr) is a terminal."""
    stream = sys.stderr if stream is None else stream
    if quiet:
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _width(stream: IO[str]) -> int:
    """The terminal's width; 80 when it reports none (a new pseudo-terminal reports 0)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, OSError, ValueError):
        return 80


class Progress:
    """A bar over ``steps`` (their names, in order); call the object with a step's name when
    the step begins. Unknown names advance by one. Use it as a context manager."""

    def __init__(self, steps: Sequence[str], *, quiet: bool = False,
                 stream: IO[str] | None = None, description: str = "zwxmt") -> None:
        self.steps = tuple(steps)
        self.stream = sys.stderr if stream is None else stream
        self.active = enabled(self.stream, quiet=quiet)
        self._bar: Any = None
        self._done = 0
        self._description = description

    def __enter__(self) -> Progress:
        if self.active:
            from tqdm import tqdm

            self._bar = tqdm(total=len(self.steps), file=self.stream, desc=self._description,
                             unit="步", leave=False, ncols=_width(self.stream),
                             bar_format="{desc}: {percentage:3.0f}%|{bar}| {n}/{total} "
                                        "{postfix} [{elapsed}]")
        return self

    def __call__(self, step: str) -> None:
        if self._bar is None:
            return
        at = self.steps.index(step) if step in self.steps else self._done
        self._bar.update(max(at - self._done, 0))
        self._done = max(at, self._done)
        self._bar.set_postfix_str(step, refresh=True)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._bar is not None:
            if kind is None:
                self._bar.update(len(self.steps) - self._done)
            self._bar.close()
            self._bar = None
