"""The account lifecycle (账号生命周期): from application to deregistration, as a history.

Every government account passes through the same life: applied for (申请), reviewed (驳回 /
审核通过), registered (平台注册), certified (认证), filed (备案), operated (正常运营), suspended
(暂停), rectified (整改), and finally deregistered in the four steps of ``ZJG-6.4`` (注销), shut
down (关停) or merged (整合). This package keeps that life as an event-sourced history and refuses
what the rules forbid:

- :data:`TRANSITIONS` — the one declared table (state, event, guard, target, citation), checked
  when built (:class:`Machine`);
- :func:`apply`, :func:`may`, :func:`replay`, :class:`History` — append-only dated histories,
  JSON in and out, deterministic replay; a refusal is a :class:`TransitionNotAllowed`;
- guards from the seeds (:mod:`zwxmt.lifecycle.guards`), each a named, cited predicate;
- :func:`obligations`, :func:`overdue` — deadlines of open obligations, vectorised;
- :class:`Registry` — checks across accounts (one account per platform per unit, the 1+N
  matrix, the re-application ban);
- :func:`stop_update_notice` — the stop-update notice filled from the guide's template.
"""

from __future__ import annotations

from zwxmt.lifecycle.deadlines import (
    OBLIGATIONS,
    Obligation,
    ObligationKind,
    ObligationTable,
    obligations,
    overdue,
)
from zwxmt.lifecycle.engine import Machine, Transition
from zwxmt.lifecycle.errors import LifecycleTableError, RegistryError, TransitionNotAllowed
from zwxmt.lifecycle.guards import Ban, Guard, LifecycleContext
from zwxmt.lifecycle.history import (
    History,
    HistoryColumns,
    apply,
    history_columns,
    may,
    replay,
    state_after,
)
from zwxmt.lifecycle.notice import stop_update_notice
from zwxmt.lifecycle.parameters import LifecycleSettings, lifecycle_settings
from zwxmt.lifecycle.records import EventRecord
from zwxmt.lifecycle.registry import Finding, Registry
from zwxmt.lifecycle.states import DEREGISTRATION_STEPS, Event, State
from zwxmt.lifecycle.table import FINAL_STATES, INITIAL_STATE, LIVE_STATES, MACHINE, TRANSITIONS
from zwxmt.models import PUBLIC_MODELS

# ``zwxmt schema History`` / ``EventRecord`` (the public JSON contract of a history).
PUBLIC_MODELS.setdefault("History", History)
PUBLIC_MODELS.setdefault("EventRecord", EventRecord)

__all__ = [
    "DEREGISTRATION_STEPS",
    "FINAL_STATES",
    "INITIAL_STATE",
    "LIVE_STATES",
    "MACHINE",
    "OBLIGATIONS",
    "TRANSITIONS",
    "Ban",
    "Event",
    "EventRecord",
    "Finding",
    "Guard",
    "History",
    "HistoryColumns",
    "LifecycleContext",
    "LifecycleSettings",
    "LifecycleTableError",
    "Machine",
    "Obligation",
    "ObligationKind",
    "ObligationTable",
    "Registry",
    "RegistryError",
    "State",
    "Transition",
    "TransitionNotAllowed",
    "apply",
    "history_columns",
    "lifecycle_settings",
    "may",
    "obligations",
    "overdue",
    "replay",
    "state_after",
    "stop_update_notice",
]
