"""The main job on the bundled example county (龙游县) at :data:`EXAMPLE_AS_OF`.

Cached: the demo sections and notebooks share one result, so their numbers agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from contextlib import ExitStack
from functools import cache
from importlib import resources

from zwxmt.cleanup.pipeline import CleanupRun
from zwxmt.examples import example_file, example_regions
from zwxmt.pipeline.files import run_main_job_files
from zwxmt.pipeline.job import MainJob

__all__ = ["EXAMPLE_AS_OF", "EXAMPLE_FILES", "EXAMPLE_INPUTS", "example_job", "example_run"]

#: The example county's assessment date: the end of its data.
EXAMPLE_AS_OF = dt.date(2026, 10, 31)

#: The bundled example files of each input of the main job.
EXAMPLE_INPUTS: Mapping[str, str] = {
    "accounts": "accounts.csv", "metrics": "monthly_metrics.csv", "posts": "posts.csv",
    "events": "account_events.csv", "profiles": "cleanup_profiles.csv",
    "review_posts": "review_posts.csv", "reviews": "reviews.csv", "messages": "messages.csv",
    "lexicon": "lexicon.csv", "inspection": "inspection.csv",
    "province_averages": "province_averages.csv",     # illustrative (issue 10, item 2)
}

#: The example files that ``zwxmt cleanup --example`` reads.
EXAMPLE_FILES: Mapping[str, str] = {
    k: EXAMPLE_INPUTS[k] for k in ("accounts", "posts", "events", "profiles")}


@cache
def example_job() -> MainJob:
    """The main job on the bundled example county at :data:`EXAMPLE_AS_OF` (2026-10-31)."""
    with ExitStack() as stack:
        p = {k: stack.enter_context(resources.as_file(example_file(v)))
             for k, v in EXAMPLE_INPUTS.items()}
        return run_main_job_files(
            p["accounts"], p["metrics"], example_regions(), EXAMPLE_AS_OF, posts=p["posts"],
            events=p["events"], profiles=p["profiles"], review_posts=p["review_posts"],
            reviews=p["reviews"], messages=p["messages"], lexicon=p["lexicon"],
            inspection=p["inspection"], province_averages=p["province_averages"])


def example_run() -> CleanupRun:
    """The cleanup of the bundled example county at :data:`EXAMPLE_AS_OF`: the main job's,
    fed with the scores of the example's metrics."""
    return example_job().cleanup
