"""``zwxmt score``: the assessment of ZJG-9.2-T2 from the command line.

``zwxmt score INPUT -o OUTPUT`` reads raw metrics or sub-index scores (CSV in UTF-8 or GBK,
JSON lines, Parquet or XLSX; columns in ``docs/schema.md``), writes one result row per account
and period (CSV with a BOM unless ``--no-bom``, Parquet, JSON lines or XLSX, by the suffix), and
the failure cases of every refused row to ``OUTPUT-stem.rejects.csv``. ``--regions`` and
``--averages`` also write the region results (ZJG-9.1) and the province same-type averages.
The outputs of a run appear together or not at all; exit status 3 when every row is refused or
the refused rows exceed ``--max-rejects``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zwxmt import months
from zwxmt.calendar import parse_period
from zwxmt.cli._common import out
from zwxmt.errors import EmptyInputError, HeaderError, InputError
from zwxmt.provenance import write_provenance
from zwxmt.rulebook import DEFAULT_RULEBOOK, Rulebook, load_rulebook
from zwxmt.scoring.engine import out_of_force, score
from zwxmt.scoring.inputs import ScoringInput, read_input
from zwxmt.scoring.parameters import ScoringSection
from zwxmt.scoring.result import ScoreResult
from zwxmt.table.failures import EXIT_REJECTS, Counts, Failures, rejects_verdict
from zwxmt.table.options import TableOptions, add_arguments
from zwxmt.table.write import OutputSet, write_table

__all__ = ["add_input_options", "lean_memory", "load_scores", "read_scoring_input", "register",
           "rejects_path"]


def rejects_path(output: str | Path) -> Path:
    """``NAME.rejects.csv`` beside the output ``NAME.ext``: the failure-cases table."""
    p = Path(output)
    return p.with_name(f"{p.stem}.rejects.csv")


class InputRefused(Exception):
    """The whole input was refused (no header, a column given twice, a required column
    absent): its one failure case, to write and stop with exit status 3."""

    def __init__(self, error: InputError, file: str) -> None:
        super().__init__(str(error))
        self.failures = Failures.from_error(error, file=file)


def read_scoring_input(args: argparse.Namespace, book: Rulebook) -> ScoringInput:
    """The validated input of ``args.input`` (``--encoding``, ``--sheet``)."""
    opts = TableOptions.from_args(args)
    try:
        return read_input(args.input, book.section(ScoringSection), encoding=opts.encoding,
                          sheet=opts.sheet)
    except (HeaderError, EmptyInputError) as exc:
        raise InputRefused(exc, Path(args.input).name) from None


def load_scores(args: argparse.Namespace) -> tuple[ScoreResult, ScoringInput]:
    """Read, validate and score ``args.input`` with ``args.rulebook``; rows of months the
    rulebook's scoring part does not cover (``ZJG-9.2``) are refused row by row."""
    book = load_rulebook(args.rulebook)
    got = read_scoring_input(args, book)
    bad, reason = out_of_force(got.frame, book)
    if bad.any():
        frame = got.frame
        failed = Failures.from_mask(
            file=got.source, rows=np.asarray(frame.rows, dtype=np.int64), column="period",
            values=pa.array(months.labels(np.asarray(frame.period, dtype=np.int64))),
            mask=bad, check="not_in_force", message=reason)
        n_bad = int(bad.sum())
        got = dataclasses.replace(
            got, frame=frame.take(np.flatnonzero(~bad)),
            failures=Failures.concat([got.failures, failed]),
            counts=Counts(got.counts.read, got.counts.used - n_bad,
                          got.counts.rejected + n_bad))
    period = np.asarray(got.frame.period, dtype=np.int64)
    if period.size:
        # dated values: those in force at the end of the latest month scored
        book = book.at(months.last_day(int(period.max())))
    return score(got.frame, book), got


def _notices(got: ScoringInput) -> None:
    for line in got.notices:
        sys.stderr.write(f"zwxmt: {line}\n")


def _refused(args: argparse.Namespace, failures: Failures, reason: str) -> int:
    """Write the failure cases alone and stop with exit status 3."""
    path = rejects_path(args.output)
    with OutputSet() as outputs:
        outputs.write(path, failures.table, bom=TableOptions.from_args(args).bom)
    sys.stderr.write(f"zwxmt: {reason}; nothing scored; failure cases -> {path}\n")
    return EXIT_REJECTS


def lean_memory() -> None:
    """Give freed Arrow memory back to the system at once (jemalloc, decay 0) where pyarrow
    has jemalloc: a run holds the raw text, the typed columns and the results in turn, and a
    caching allocator would keep the peak of all three (measured: 1.1 GB -> 0.85 GB peak RSS
    scoring 1M rows, benchmarks/bench_score_file.py)."""
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except (NotImplementedError, pa.ArrowNotImplementedError):  # pragma: no cover - platform
        return
    pa.set_memory_pool(pool)


#: The suffixes :func:`zwxmt.table.write.write_table` writes.
OUTPUT_SUFFIXES = (".csv", ".txt", ".parquet", ".pq", ".jsonl", ".ndjson", ".json", ".xlsx",
                   ".xlsm")


def _check_outputs(*paths: str | None) -> None:
    """Refuse an output of unknown type before any work is done."""
    for path in paths:
        if path is not None and Path(path).suffix.lower() not in OUTPUT_SUFFIXES:
            raise InputError(f"cannot write {path}: unknown file type "
                             f"{Path(path).suffix or '(none)'!r}; expected .csv, .parquet, "
                             ".jsonl or .xlsx", field="output")


def _cmd_score(args: argparse.Namespace) -> int:
    _check_outputs(args.output, args.regions, args.averages)
    lean_memory()
    opts = TableOptions.from_args(args)
    try:
        result, got = load_scores(args)
    except InputRefused as exc:
        return _refused(args, exc.failures, str(exc))
    _notices(got)
    verdict = rejects_verdict(got.counts, opts.max_rejects, name=got.source)
    if verdict is not None:
        return _refused(args, got.failures, verdict)
    if args.period != "month":
        result = result.aggregate(args.period)
    rej_path = rejects_path(args.output)
    bom = opts.bom
    book = load_rulebook(args.rulebook)
    table = result.to_arrow()
    # the latest period label of the result (one kind per result: lexicographic order works)
    last = pc.max(table.column("period")).as_py() if "period" in table.column_names \
        and table.num_rows else None
    as_of = parse_period(str(last)).end if last else dt.date.today()
    with OutputSet() as outputs:
        outputs.write(args.output, table, bom=bom)
        outputs.write(rej_path, got.failures.table, bom=bom)
        written = [Path(p) for p in (args.output, rej_path, args.regions, args.averages) if p]
        prov = write_provenance(args.output, book.stamp(), as_of=as_of, files=written,
                                command="score", outputs=outputs)
        if args.regions:
            outputs.write(args.regions, result.regions().to_arrow(), bom=bom)
        if args.averages:
            # the form the cleanup rules read (ZJG-6.5.1(1)): the averages under the
            # account-result names operation_index and total
            outputs.write(args.averages, result.province_platform_averages().cleanup_columns(),
                          bom=bom)
    c = got.counts
    vetoed = int(np.count_nonzero(result.vetoes))
    out(f"rows read = {c.read} = scored {c.used} + rejected {c.rejected}; "
        f"{len(result)} {args.period} results ({vetoed} with a veto) -> {args.output}; "
        f"rejects -> {rej_path} (rulebook {result.rulebook}, hash {book.content_hash}; "
        f"provenance -> {prov})")
    return 0


def add_input_options(p: Any) -> None:
    """The options of reading a scoring input (``explain``; ``score`` adds every shared
    table option, :func:`zwxmt.table.options.add_arguments`)."""
    p.add_argument("--rulebook", default=DEFAULT_RULEBOOK, help="bundled name or a file")
    p.add_argument("--encoding", help="encoding of a CSV input (default: UTF-8 with or "
                                      "without BOM, else GB18030/GBK)")
    p.add_argument("--sheet", help="sheet of an XLSX input, by name or number from 1 "
                                   "(default: the first)")


def register(sub: Any) -> None:
    """Add ``score`` to the ``zwxmt`` command line."""
    p = sub.add_parser("score", help="score accounts (ZJG-9.2-T2): raw metrics or sub-scores")
    p.add_argument("input", help="CSV, JSON lines, Parquet or XLSX (columns: docs/schema.md)")
    p.add_argument("-o", "--output", required=True,
                   help="result file (.csv, .parquet, .jsonl or .xlsx)")
    p.add_argument("--rulebook", default=DEFAULT_RULEBOOK, help="bundled name or a file")
    p.add_argument("--period", choices=("month", "quarter", "year"), default="month",
                   help="monthly results, or quarterly/yearly from the months (ZJG-9.2)")
    p.add_argument("--regions", help="also write county/city/province results here")
    p.add_argument("--averages", help="also write province same-platform averages here")
    add_arguments(p)
    p.set_defaults(handler=_cmd_score)


def write_result(result: ScoreResult, path: str | Path, *, bom: bool = True) -> Path:
    """Write account results as ``zwxmt score`` does (format by the suffix), atomically."""
    return write_table(result.to_arrow(), path, bom=bom)
