"""The main job (主流程): one assessment over one set of inputs, across every area.

Posts -> activity (``zwxmt.cleanup``); review logs -> health inputs (``zwxmt.review``);
monthly metrics with those replacing their own columns (:data:`PRECEDENCE`) -> scores
(``zwxmt.scoring``); scores and province averages -> cleanup findings, measures and the
inventory form (``zwxmt.cleanup``). See ``docs/pipeline.md``.

- :func:`run_main_job` over tables, :func:`run_main_job_files` over files (the bundled
  example county: :func:`zwxmt.examples.job.example_job`);
- :class:`MainJob` keeps every intermediate (activity, review report, frame and its column
  sources, score result, cleanup run) and the per-input row counts.
"""

from __future__ import annotations

from zwxmt.pipeline.files import run_main_job_files
from zwxmt.pipeline.job import (
    ACTIVITY_FIELDS,
    PRECEDENCE,
    REVIEW_FIELDS,
    ColumnSource,
    MainJob,
    apply_precedence,
    run_main_job,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "PRECEDENCE",
    "REVIEW_FIELDS",
    "ColumnSource",
    "MainJob",
    "apply_precedence",
    "run_main_job",
    "run_main_job_files",
]
