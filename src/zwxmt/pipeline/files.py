"""The main job on files.

:func:`run_main_job_files` reads each input (CSV, JSON lines or Parquet) and runs
:func:`~zwxmt.pipeline.job.run_main_job`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from zwxmt.cleanup.pipeline import SourceCount
from zwxmt.errors import InputError
from zwxmt.io import Reject, read_optional_table
from zwxmt.pipeline.job import MainJob, run_main_job
from zwxmt.regions import RegionIndex
from zwxmt.review.inputs import load_inputs
from zwxmt.review.parameters import review_parameters
from zwxmt.rulebook import DEFAULT_RULEBOOK

__all__ = ["run_main_job_files"]

#: Review inputs: main-job role -> role of :func:`zwxmt.review.inputs.load_inputs`.
REVIEW_ROLES: Mapping[str, str] = {
    "review_posts": "posts", "reviews": "reviews", "messages": "messages",
    "lexicon": "lexicon", "inspection": "inspection",
}



def run_main_job_files(accounts: str | Path, metrics: str | Path, regions: RegionIndex,
                       as_of: dt.date, *, posts: str | Path | None = None,
                       events: str | Path | None = None, profiles: str | Path | None = None,
                       review_posts: str | Path | None = None,
                       reviews: str | Path | None = None, messages: str | Path | None = None,
                       lexicon: str | Path | None = None, inspection: str | Path | None = None,
                       province_averages: str | Path | None = None,
                       first_month: str | None = None,
                       rulebook: str | Path = DEFAULT_RULEBOOK,
                       progress: Callable[[str], None] | None = None) -> MainJob:
    """:func:`~zwxmt.pipeline.job.run_main_job` on files. The review audit runs when its
    publication log (``review_posts``) is given; the registry's accounts and operators are
    then also checked for entrusted operation (``ZJO-2.4``). ``progress`` is called with
    the name of each step as it begins (:data:`zwxmt.pipeline.job.STEPS`)."""
    if progress is not None:
        progress("read")
    acc = read_optional_table(accounts)
    met = read_optional_table(metrics)
    if acc is None or met is None:  # pragma: no cover - both are required
        raise InputError("the accounts and metrics files are required")
    review = None
    counts: list[SourceCount] = []
    rejects: dict[str, tuple[Reject, ...]] = {}
    given = {"review_posts": review_posts, "reviews": reviews, "messages": messages,
             "lexicon": lexicon, "inspection": inspection}
    if review_posts is not None:
        files = {REVIEW_ROLES[k]: Path(v) for k, v in given.items() if v is not None}
        files["accounts"] = Path(accounts)
        review, loaded = load_inputs(files, review_parameters(str(rulebook)))
        for item in loaded:
            if item.name == Path(accounts).name:
                continue  # the registry is counted once, by the cleanup's reader
            counts.append(SourceCount(f"review {item.name}", item.rows, len(item.kept)))
            rejects[f"review {item.name}"] = tuple(item.rejects)
    elif any(v is not None for v in given.values()):
        raise InputError("the review files need the review's publication log (review posts)")
    read = read_optional_table
    return run_main_job(acc, met, regions, as_of, posts=read(posts), review=review,
                        review_counts=counts, review_rejects=rejects, events=read(events),
                        profiles=read(profiles), province_averages=read(province_averages),
                        first_month=first_month, rulebook=rulebook, progress=progress)
