"""Benchmark of ``zwxmt review`` file to file (not a pytest test), as a user runs it.

Generates a large review folder (deterministic, seed 9) and times the command in a child
process, reading and writing included; prints the wall time, the peak RSS of the child and the
rows per second. Files: ``review_posts`` (``--posts N`` posts of 60 CJK characters over 1,000
accounts and 12 months), ``reviews`` (three per post, shuffled, ~0.6% planted violations),
``messages`` (N/20) and a lexicon of 2,000 terms; ``--format csv|parquet``.

Run: ``python benchmarks/bench_review_files.py`` (``--posts 100000`` for a quick look). The
folder is kept in ``--dir`` (default a temporary folder) so a second run reuses it.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ELEMENTS = ("political", "policy", "business", "legal", "textual", "confidentiality",
            "public_opinion")
ROLES = np.array(["editor", "office_leader", "leader_in_charge"], dtype=object)


def _texts(n: int, length: int, rng: np.random.Generator) -> list[str]:
    alphabet = np.arange(0x4E00, 0x4E00 + 3000)
    weights = 1.0 / np.arange(1, 3001)
    cdf = np.cumsum(weights / weights.sum())
    codes = alphabet[np.minimum(np.searchsorted(cdf, rng.random(n * length)), 2999)]
    big = codes.astype(np.uint32).tobytes().decode("utf-32-le")
    return [big[i * length:(i + 1) * length] for i in range(n)]


def generate(folder: Path, n: int, fmt: str) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    rng = np.random.default_rng(9)
    folder.mkdir(parents=True, exist_ok=True)
    post_id = np.char.add("P", rng.permutation(n).astype(str)).astype(object)
    accounts = np.char.add("ACC-", rng.integers(0, 1000, n).astype(str)).astype(object)
    base = np.datetime64("2025-01-01T08:00:00", "s")
    published = base + rng.integers(0, 360 * 86400, n).astype("timedelta64[s]")
    posts = pa.table({
        "post_id": post_id, "account_id": accounts,
        "published_at": np.datetime_as_string(published, unit="m").astype(object),
        "text": _texts(n, 60, rng),
        "is_repost": np.where(rng.random(n) < 0.1, "是", "否").astype(object),
        "source": np.where(rng.random(n) < 0.05, "新华社", "").astype(object),
    })
    level = np.tile(np.array([1, 2, 3]), n)
    when = np.repeat(published, 3) - np.tile([3600, 1800, 600], n).astype("timedelta64[s]")
    u = rng.random(3 * n)
    when[u > 0.998] += np.timedelta64(7200, "s")
    people = np.repeat(rng.integers(0, 5000, n), 3) * 10 + np.tile([1, 2, 3], n)
    role = ROLES[level - 1]
    shuffle = rng.permutation(3 * n)
    reviews = {"post_id": np.repeat(post_id, 3)[shuffle], "level": level[shuffle],
               "reviewer": np.char.add("R", people.astype(str))[shuffle].astype(object),
               "role": role[shuffle],
               "reviewed_at": np.datetime_as_string(when, unit="m")[shuffle].astype(object)}
    for k, e in enumerate(ELEMENTS):
        ok = ~((u < 0.002) & (k == 5))
        reviews[e] = np.where(ok, "是", "否")[shuffle].astype(object)
    m = max(n // 20, 1)
    received = base + rng.integers(0, 360 * 86400, m).astype("timedelta64[s]")
    replied = received + rng.integers(3600, 12 * 86400, m).astype("timedelta64[s]")
    replied_text = np.datetime_as_string(replied, unit="m").astype(object)
    replied_text[rng.random(m) < 0.05] = ""
    messages = pa.table({
        "message_id": np.char.add("M", np.arange(m).astype(str)).astype(object),
        "account_id": np.char.add("ACC-", rng.integers(0, 1000, m).astype(str)).astype(object),
        "channel": np.full(m, "comment", dtype=object),
        "received_at": np.datetime_as_string(received, unit="m").astype(object),
        "replied_at": replied_text})
    alphabet = np.arange(0x4E00, 0x4E00 + 3000)
    terms = sorted({"".join(map(chr, rng.choice(alphabet, size=int(k))))
                    for k in rng.integers(2, 6, 2500)})[:2000]
    lexicon = pa.table({"term": terms,
                        "tag": np.array(["serious", "general", "advertising", "opinion"],
                                        dtype=object)[np.arange(len(terms)) % 4]})
    for name, table in (("review_posts", posts), ("reviews", pa.table(reviews)),
                        ("messages", messages)):
        if fmt == "parquet":
            pq.write_table(table, folder / f"{name}.parquet")
        else:
            pacsv.write_csv(table, folder / f"{name}.csv")
    pacsv.write_csv(lexicon, folder / "lexicon.csv")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--dir", help="folder for the generated files (kept)")
    args = parser.parse_args()
    folder = Path(args.dir or tempfile.mkdtemp(prefix="zwxmt-review-bench-"))
    marker = folder / f".generated-{args.posts}-{args.format}"
    if not marker.exists():
        t = time.perf_counter()
        generate(folder, args.posts, args.format)
        marker.touch()
        print(f"generated {args.posts:,} posts in {folder} ({time.perf_counter() - t:.1f} s)")
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    out = folder / "out" / "findings.csv"
    ext = args.format
    cmd = [sys.executable, "-m", "zwxmt.cli", "review", str(folder / f"review_posts.{ext}"),
           "--reviews", str(folder / f"reviews.{ext}"),
           "--messages", str(folder / f"messages.{ext}"),
           "--lexicon", str(folder / "lexicon.csv"), "-o", str(out), "--as-of", "2025-12-31"]
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ))
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(done.stdout.strip())
    if done.returncode not in (0,):
        print(done.stderr.strip()[-2000:])
    print(f"zwxmt review, {args.posts:,} posts + {3 * args.posts:,} reviews "
          f"({args.format}, {size / 1e6:,.0f} MB in): {wall:.1f} s, peak RSS {peak:,.0f} MB, "
          f"{args.posts / wall:,.0f} posts/s; exit {done.returncode}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
