"""The data spine's acceptance figures (issue #9), printed in one run.

Runs, one after another and each as its own child process (file to file, as the CLI runs):

1. ``bench_score_file.py``: ``zwxmt score`` on a 1,000,000-row raw-metrics CSV against the
   floor (pyarrow reading that file and writing a CSV of the result's size): ratio <= 4, peak
   RSS <= 1.5 GB.
2. ``bench_assess_file.py``: ``zwxmt assess`` on the synthetic province (20,000 accounts x 24
   months, 10,000,000 posts): <= 20 s from CSV, <= 10 s from Parquet, peak RSS <= 2 GB.
3. ``bench_activity_stream.py``: 100,000,000 posts from Parquet to activity: peak RSS <= 2 GB.
4. ``bench_scoring.py``: the in-memory scoring figure, <= 15x the memory-read floor.

The generated inputs are kept in the temporary folder between runs. ``--small`` runs each at
a smoke size. The figures go to docs/performance.md.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

RUNS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("bench_score_file.py", (), ("20000",)),
    ("bench_assess_file.py", (), ("--small",)),
    ("bench_activity_stream.py", (), ("--small",)),
    ("bench_scoring.py", (), ("100000",)),
)


def main() -> int:
    small = "--small" in sys.argv[1:]
    failed = []
    for script, args, smoke in RUNS:
        cmd = [sys.executable, str(HERE / script), *(smoke if small else args)]
        print(f"\n=== {script} {' '.join(cmd[2:])}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.run(cmd, check=False).returncode
        print(f"=== {script}: exit {rc}, {time.perf_counter() - t0:.1f} s wall in all",
              flush=True)
        if rc:
            failed.append(script)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
