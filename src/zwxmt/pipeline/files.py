"""The main job on files.

:func:`run_main_job_files` reads each input (CSV, JSON lines or Parquet) and runs
:func:`~zwxmt.pipeline.job.run_main_job`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Mapping
from pathlib import Path

from zwxmt.cleanup.pipeline import Rows, SourceCount, with_form_count
from zwxmt.errors import InputError
from zwxmt.forms.accounts import read_accounts_input
from zwxmt.io import Reject, read_optional_table, write_table
from zwxmt.models import Account
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
                       form_defaults: Mapping[str, str | None] | None = None) -> MainJob:
    """:func:`~zwxmt.pipeline.job.run_main_job` on files. The review audit runs when its
    publication log (``review_posts``) is given; the registry's accounts and operators are
    then also checked for entrusted operation (``ZJO-2.4``). The accounts may be an HN-A2
    or HN-A1 form (:func:`zwxmt.forms.forms_to_accounts`; ``form_defaults`` gives what such
    a form does not hold: ``region_code``, ``county_code``, ``level``, ``kind``)."""
    acc, form_rejects, held = read_accounts_input(accounts, **(form_defaults or {}))
    met = read_optional_table(metrics)
    if met is None:  # pragma: no cover - required
        raise InputError("the metrics file is required")
    with tempfile.TemporaryDirectory(prefix="zwxmt-accounts-") as tmp:
        if held is not None and review_posts is not None:
            # the review reads the registry from a file: give it the form's accounts table
            accounts = Path(tmp) / "accounts.csv"
            keep = [i for i, h in enumerate(acc[0]) if h in _REGISTRY_COLUMNS]
            write_table(accounts, {acc[0][i]: [row[i] for row in acc[1]] for i in keep})
        job = _run(acc, met, accounts, regions, as_of, posts=posts, events=events,
                   profiles=profiles, review_posts=review_posts, reviews=reviews,
                   messages=messages, lexicon=lexicon, inspection=inspection,
                   province_averages=province_averages, first_month=first_month,
                   rulebook=rulebook)
    if held is None:
        return job
    from zwxmt.forms.accounts import FORM_SOURCE

    cleanup = with_form_count(job.cleanup, acc, form_rejects, held)
    return dataclasses.replace(
        job, cleanup=cleanup, rejects={FORM_SOURCE: tuple(form_rejects), **job.rejects},
        counts=(SourceCount(FORM_SOURCE, held, len(acc[1])), *job.counts))


#: The registry's columns (the review reads these; the profile columns are the cleanup's).
_REGISTRY_COLUMNS = frozenset(Account.model_fields) | {"operator_name", "operator_kind"}


def _run(acc: Rows, met: Rows, accounts: str | Path, regions: RegionIndex, as_of: dt.date, *,
         posts: str | Path | None, events: str | Path | None, profiles: str | Path | None,
         review_posts: str | Path | None, reviews: str | Path | None,
         messages: str | Path | None, lexicon: str | Path | None,
         inspection: str | Path | None, province_averages: str | Path | None,
         first_month: str | None, rulebook: str | Path) -> MainJob:
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
                        first_month=first_month, rulebook=rulebook)
