"""The lifecycle section of ``zwxmt demo``: the example county's accounts through their life."""

from __future__ import annotations

from collections import Counter

from zwxmt.examples.job import example_job
from zwxmt.examples.lifecycle_history import (
    DEREGISTERED_ACCOUNT,
    EXAMPLE_DAY,
    application_record,
    example_registry,
)
from zwxmt.lifecycle.errors import TransitionNotAllowed
from zwxmt.lifecycle.payloads import StopUpdateNotice
from zwxmt.lifecycle.states import State
from zwxmt.models import Platform, UnitKind

__all__ = ["demo_section"]


def demo_section() -> str:
    registry = example_registry()
    states = Counter(h.state for h in registry.histories)
    lines = [
        f"== 账号生命周期 / lifecycle: {len(registry.histories)} histories replayed, "
        f"as of {EXAMPLE_DAY}",
        "states: " + ", ".join(f"{s.zh} {states[s]}" for s in State if states[s]),
    ]
    gone = registry.history(DEREGISTERED_ACCOUNT)
    lines.append(f"{DEREGISTERED_ACCOUNT} (township, exit criteria ZJG-6.5.1(6)) — the four "
                 "steps of ZJG-6.4:")

    cleanup = example_job().cleanup
    reco = next((r for r in cleanup.recommendations if r.account_id == DEREGISTERED_ACCOUNT),
                None)
    if reco is not None:
        lines.append(f"  the main job's cleanup at {cleanup.as_of} recommended {reco.measure.zh} "
                     "(" + ", ".join(c.cite for c in reco.criteria) + "); live until then")
    for rec in gone.records[-5:]:
        lines.append(f"  {rec.on}  {rec.event.value:<38} {rec.event.zh}  by {rec.actor}")
    notice = next(r.payload for r in gone.records if isinstance(r.payload, StopUpdateNotice))
    body = notice.notice.splitlines()
    lines.append(f"  notice (ZJG-6.4-notice): {body[0]} / {body[2]}")
    # ZJG-6.1.2-ban: the township may not apply again within one year.
    ban = registry.bans()[gone.records[0].actor]
    again = application_record(host_unit_id=ban.host_unit_id, unit_name="社阳乡人民政府",
                               name="社阳发布", platform=Platform.DOUYIN,
                               kind=UnitKind.TOWNSHIP, on=EXAMPLE_DAY)
    try:
        registry.apply("LY-T200-NEW", again)
        lines.append("  re-application: accepted")
    except TransitionNotAllowed as exc:
        lines.append(f"  re-application on {EXAMPLE_DAY} refused [{exc.rule}]: banned through "
                     f"{ban.until}")
    lines.append(f"overdue obligations on {EXAMPLE_DAY}:")
    for o in registry.overdue(on=EXAMPLE_DAY).rows():
        lines.append(f"  {o.account_id:<16} {o.kind:<14} [{o.rule}] opened {o.opened_on}, due "
                     f"{o.due_on}, {o.days_late} days overdue")
    lines.append("registry checks (ZJO-2.2):")
    findings = registry.check()
    for f in findings:
        lines.append(f"  {f.severity}: {f.message} [{f.rule}]")
    if not any(f.code.startswith("matrix") for f in findings):
        lines.append("  1+N matrix: one main account and its department accounts, complete")
    # one account per platform is Liaoning's rule (LN-3.1-one-account), not Zhejiang's
    lines.append("the same registry under the liaoning rulebook (LN-3.1-one-account):")
    for f in registry.model_copy(update={"rulebook": "liaoning"}).check():
        lines.append(f"  {f.severity}: {f.message} [{f.rule}]")
    return "\n".join(lines)
