"""Demo section: the cleanup of the example county (清理整合, ``ZJG-6.5.1``, ``HN-A2``), as the
main job runs it (its input row counts are in the main job's section)."""

from __future__ import annotations

from zwxmt.activity.compute import from_day_number
from zwxmt.cleanup.inventory import SUMMARY_HEADERS, summary_by_county
from zwxmt.examples import example_regions
from zwxmt.examples.job import example_job, example_run
from zwxmt.models import Measure

__all__ = ["demo_section"]


def demo_section() -> str:

    job = example_job()
    run = example_run()  # the main job's cleanup
    h = run.history
    names = {r.account.account_id: r.account.name for r in run.records}
    lines = [
        f"== 清理整合 / cleanup at {run.as_of} ({h.grid.labels[0]}..{h.grid.labels[-1]}), "
        "criteria of ZJG-6.5.1, ZJG-6.1.2, ZJO-2.1, HN-4.1",
        f"scores: the main job's ({len(job.scores)} account-months, ZJG-9.2-T2); province "
        f"same-type averages: {job.averages_source}",
    ]
    if run.activity is not None:
        gaps = run.activity.gaps
        ids = h.accounts.account_id
        lines.append("no-update runs of 14 days or more (ZJG-9.2-T2-V1, ZJG-6.5.1(3)):")
        for a, s, e, d, o in zip(gaps.account, gaps.start, gaps.end, gaps.days, gaps.open,
                                 strict=True):
            lines.append(f"  {ids[a]:<22} {from_day_number(s)}..{from_day_number(e)} "
                         f"{d:>3} days{' (still open)' if o else ''}")
    lines.append("recommended measures (整改措施, HN-A2(8)):")
    for reco in run.recommendations:
        grounds = "; ".join(f"{c.code} {c.cite}" for c in reco.criteria) or "-"
        lines.append(f"  {reco.measure.zh.ljust(4, '　')} {reco.account_id:<22} {grounds}"
                     f"  [{names[reco.account_id]}]")
    shown = next((r for r in run.recommendations if len(r.criteria) >= 2), None)
    if shown is not None:
        lines.append(f"evidence for {shown.account_id}:")
        for c in shown.criteria:
            values = ", ".join(f"{k}={v}" for k, v in c.evidence.items())
            lines.append(f"  {c.cite} {c.label_zh}: {values}")
    dereg = [r for r in run.recommendations if r.measure is Measure.DEREGISTER]
    if dereg:
        steps = " -> ".join(f"{s.event} ({s.cite})" for s in dereg[0].lifecycle_events)
        lines.append(f"deregistration steps (ZJG-6.4): {steps}")
    missing = run.not_evaluated_lines()
    lines.append("not evaluated, per criterion (a value not given is unknown, never 0; every "
                 "measure above rests on criteria evaluated on given data):")
    lines += [f"  {x}" for x in missing] or ["  none: every criterion evaluated for every "
                                             "account"]
    summary = summary_by_county(run, example_regions())
    lines.append("排查及清理整合情况表 summary per county (HN-A2):")
    for i, county in enumerate(summary["county"]):
        counts = ", ".join(f"{SUMMARY_HEADERS[m]} {summary[m][i]}"
                           for m in list(SUMMARY_HEADERS)[3:])
        lines.append(f"  {county} {summary['county_name'][i]}: {summary['accounts'][i]} "
                     f"accounts: {counts}")
    return "\n".join(lines)
