"""The main job on files.

:func:`run_main_job_files` runs :func:`~zwxmt.pipeline.job.run_main_job` on paths (CSV in
UTF-8 or GB18030, JSON lines, Parquet or XLSX), reading the review logs as well when their
publication log is given. The accounts may be an HN-A2 inventory or HN-A1 records
(:mod:`zwxmt.forms.accounts`): the form is read once, and its accounts columns go to the
cleanup's reader and the review's alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from zwxmt.cleanup.pipeline import SourceCount
from zwxmt.errors import InputError
from zwxmt.pipeline.job import MainJob, run_main_job
from zwxmt.regions import RegionIndex
from zwxmt.review.inputs import load_inputs
from zwxmt.review.parameters import review_parameters
from zwxmt.rulebook import DEFAULT_RULEBOOK
from zwxmt.table import Failures

__all__ = ["run_main_job_files"]

#: Review inputs: main-job role -> role of :func:`zwxmt.review.inputs.load_inputs`.
REVIEW_ROLES: Mapping[str, str] = {
    "review_posts": "posts", "reviews": "reviews", "messages": "messages",
    "lexicon": "lexicon", "inspection": "inspection",
}


def run_main_job_files(accounts: Any, metrics: str | Path, regions: RegionIndex,
                       as_of: dt.date, *, posts: str | Path | None = None,
                       events: str | Path | None = None, profiles: str | Path | None = None,
                       review_posts: str | Path | None = None,
                       reviews: str | Path | None = None, messages: str | Path | None = None,
                       lexicon: str | Path | None = None, inspection: str | Path | None = None,
                       province_averages: str | Path | None = None,
                       first_month: str | None = None,
                       rulebook: str | Path = DEFAULT_RULEBOOK,
                       encoding: str | None = None,
                       progress: Callable[[str], None] | None = None) -> MainJob:
    """:func:`~zwxmt.pipeline.job.run_main_job` on files. The review audit runs when its
    publication log (``review_posts``) is given; the registry's accounts and operators are
    then also checked for entrusted operation (``ZJO-2.4``). ``progress`` is called with
    the name of each step as it begins (:data:`zwxmt.pipeline.job.STEPS`)."""
    if progress is not None:
        progress("read")
    from zwxmt.forms.accounts import read_form_accounts

    form = read_form_accounts(accounts)  # None for a table
    registry: Any = form if form is not None else accounts
    review = None
    counts: list[SourceCount] = []
    parts: list[Failures] = []
    given = {"review_posts": review_posts, "reviews": reviews, "messages": messages,
             "lexicon": lexicon, "inspection": inspection}
    if review_posts is not None:
        files: dict[str, Any] = {REVIEW_ROLES[k]: Path(v) for k, v in given.items()
                                 if v is not None}
        files["accounts"] = form.raw if form is not None else Path(accounts)
        review, loaded = load_inputs(files, review_parameters(str(rulebook)), as_of=as_of,
                                     encoding=encoding)
        for item in loaded:
            if item.role == "accounts":
                continue  # the registry is counted once, by the cleanup's reader
            counts.append(SourceCount.of(f"review {item.name}", item.counts))
            parts.append(item.failures)
    elif any(v is not None for v in given.values()):
        raise InputError("the review files need the review's publication log (review posts)")
    return run_main_job(registry, metrics, regions, as_of, posts=posts, review=review,
                        review_counts=counts, review_failures=Failures.concat(parts),
                        events=events, profiles=profiles, province_averages=province_averages,
                        first_month=first_month, rulebook=rulebook, encoding=encoding,
                        progress=progress)
