"""Progress: a bar on a terminal's stderr, none with --quiet, none in redirected output."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from zwxmt.pipeline.job import STEPS
from zwxmt.progress import Progress, enabled


def _run(args: list[str], *, tty: bool, cwd: Path) -> tuple[int, str, str]:
    """Run ``zwxmt ARGS`` with stderr on a pseudo-terminal (``tty``) or a pipe."""
    cmd = [sys.executable, "-m", "zwxmt.cli", *args]
    env = {**os.environ, "COLUMNS": "100"}
    if not tty:
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env,
                              timeout=300)
        return done.returncode, done.stdout, done.stderr
    main, child = pty.openpty()
    # a terminal of 24 rows and 100 columns (a new pseudo-terminal reports 0 x 0)
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=child, cwd=cwd, env=env) as p:
        os.close(child)
        chunks = []
        while True:
            try:
                data = os.read(main, 4096)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        out = p.stdout.read().decode() if p.stdout else ""
        code = p.wait(timeout=300)
    os.close(main)
    return code, out, b"".join(chunks).decode(errors="replace")


def test_bar_on_a_terminal_only(tmp_path: Path) -> None:
    args = ["report", "--example", "--no-charts", "-o", str(tmp_path / "r.html")]
    code, out, err = _run(args, tty=True, cwd=tmp_path)
    assert code == 0, err
    assert "zwxmt report" in err and "%|" in err and "/6" in err
    assert "wrote the 通报" in out and "%|" not in out
    code, out, err = _run([*args, "--quiet"], tty=True, cwd=tmp_path)
    assert code == 0 and err.strip() == "", err
    code, out, err = _run(args, tty=False, cwd=tmp_path)
    assert code == 0 and err == "" and "%|" not in out


def test_steps_advance_in_order() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    with Progress(STEPS, stream=stream) as step:
        for name in STEPS:
            step(name)
        assert step._bar.n == len(STEPS) - 1   # the last step is running
    text = stream.getvalue()
    assert "4/5" in text and ", cleanup" in text and text.endswith("\r")  # cleared
    assert not enabled(io.StringIO()) and not enabled(Tty(), quiet=True) and enabled(Tty())
