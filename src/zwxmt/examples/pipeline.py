"""Demo section: the main job's inputs and where each derived scoring column came from.

The sections after it (scoring, cleanup, review) all read the same
:func:`~zwxmt.pipeline.example_job`, so their numbers agree.
"""

from __future__ import annotations

from zwxmt.examples import EXAMPLE_COUNTY
from zwxmt.examples.job import example_job

__all__ = ["demo_section"]


def demo_section() -> str:
    job = example_job()
    lines = [
        f"== 主流程 / main job: 龙游县 ({EXAMPLE_COUNTY}) at {job.as_of}: posts -> activity, "
        "review logs -> health inputs, metrics -> scores -> cleanup",
        "inputs (rows read = used + rejected):",
        *(f"  {line}" for line in job.summary_lines()),
        "scoring columns by source (precedence: activity, review audit, then the metrics file):",
        *(f"  {line}" for line in job.source_lines()),
    ]
    missing = {k: v for k, v in job.unscored.items() if v}
    if missing:
        lines.append("account-months without a metrics row (not scored): " + ", ".join(
            f"{k} {v}" for k, v in missing.items()))
    return "\n".join(lines)
