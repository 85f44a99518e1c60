"""``zwxmt assess`` file to file on the synthetic province (figures in docs/performance.md).

The province of :mod:`benchmarks.synth` (20,000 accounts across Zhejiang's counties × 24 months
of raw metrics, 10,000,000 posts) is generated once into a folder (kept between runs), then
``zwxmt assess`` runs as a subprocess from CSV and from Parquet, reading and writing included.
Peak RSS is the child's ``ru_maxrss`` (resource.getrusage(RUSAGE_CHILDREN)), so each run is its
own child of a fresh measuring process.

Acceptance (issue #9): at most 20 s from CSV and 10 s from Parquet, peak RSS at most 2 GB.

Run: ``python benchmarks/bench_assess_file.py [--dir DIR] [--accounts N] [--posts N]``
(``--small`` for a smoke run: 500 accounts, 200,000 posts).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ZWXMT = [sys.executable, "-m", "zwxmt.cli"]


def ensure_province(folder: Path, accounts: int, posts: int) -> None:
    stamp = folder / "synth.json"
    want = {"accounts": accounts, "posts": posts, "seed": 7}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return
    subprocess.run([sys.executable, str(HERE / "synth.py"), str(folder), "--accounts",
                    str(accounts), "--posts", str(posts)], check=True)
    stamp.write_text(json.dumps(want))


def measure(cmd: list[str]) -> tuple[float, float, int, float]:
    """Wall time (s), peak RSS (MB), exit status and CPU time (s, user + system: less
    sensitive than wall time to other work on the machine) of ``cmd``."""
    probe = ("import resource, subprocess, sys, time, json\n"
             "t = time.perf_counter()\n"
             "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
             "t = time.perf_counter() - t\n"
             "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(json.dumps([t, u.ru_maxrss / 1024, p.returncode, u.ru_utime + u.ru_stime]))\n")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], check=True, capture_output=True,
                         text=True)
    t, mb, rc, cpu = json.loads(out.stdout.strip().splitlines()[-1])
    return float(t), float(mb), int(rc), float(cpu)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "zwxmt-province")
    p.add_argument("--accounts", type=int, default=20_000)
    p.add_argument("--posts", type=int, default=10_000_000)
    p.add_argument("--small", action="store_true")
    a = p.parse_args()
    if a.small:
        a.accounts, a.posts = 500, 200_000
        a.dir = a.dir.with_name(a.dir.name + "-small")
    a.dir.mkdir(parents=True, exist_ok=True)
    ensure_province(a.dir, a.accounts, a.posts)
    limits = {"csv": 20.0, "parquet": 10.0}
    for ext in ("csv", "parquet"):
        with tempfile.TemporaryDirectory() as out:
            cmd = [*ZWXMT, "assess", "-o", out, "--as-of", "2026-10-31", "--from", "2024-11",
                   "--accounts", str(a.dir / f"accounts.{ext}"),
                   "--metrics", str(a.dir / f"metrics.{ext}"),
                   "--posts", str(a.dir / f"posts.{ext}")]
            t, mb, rc, cpu = measure(cmd)
        ok = "ok" if rc == 0 and t <= limits[ext] and mb <= 2048 else "OVER"
        print(f"assess from {ext:<7}: {a.accounts:,} accounts x 24 months, {a.posts:,} posts: "
              f"{t:6.1f} s (CPU {cpu:5.1f} s), peak RSS {mb:6.0f} MB, exit {rc} "
              f"(target <= {limits[ext]:.0f} s, <= 2048 MB: {ok})")


if __name__ == "__main__":
    main()
