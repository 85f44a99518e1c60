"""Cleanup and consolidation (清理整合): activity, exit criteria, measures, inventory form.

- :mod:`~zwxmt.activity.compute`: post-level activity per account and month, and the no-update
  runs of 14 days or more (``ZJG-9.2-T2-V1``, ``ZJG-6.5.1(3)``).
- :mod:`~zwxmt.cleanup.criteria`: the six criteria of ``ZJG-6.5.1``, ``ZJG-6.1.2``'s immediate
  disqualification and one-year check, ``ZJO-2.1``'s zombie, dormant, weak and voluntarily closed
  accounts, and the classes of ``HN-4.1``, each a vectorised predicate with its evidence.
- :mod:`~zwxmt.cleanup.recommend`: one measure per account, with the deregistration steps of
  ``ZJG-6.4``.
- :mod:`~zwxmt.cleanup.inventory`: the form 排查及清理整合情况表 (``HN-A2``) and its summary.
"""

from zwxmt.activity.compute import (
    ACTIVITY_COLUMNS,
    Activity,
    Gaps,
    MonthGrid,
    PostColumns,
    compute_activity,
)
from zwxmt.cleanup.criteria import (
    CRITERIA,
    CRITERION_FUNCTIONS,
    CriterionResult,
    Findings,
    evaluate,
)
from zwxmt.cleanup.history import AccountTable, Events, History, PeerStats, peer_stats
from zwxmt.cleanup.inputs import (
    ACCOUNTS,
    EVENTS,
    PROFILES,
    SCORES,
    AccountProfile,
    Scores,
    scores_from_columns,
)
from zwxmt.cleanup.inventory import (
    inventory_form,
    inventory_rows,
    inventory_table,
    summary_by_county,
    write_inventory,
)
from zwxmt.cleanup.parameters import DEREGISTRATION_EVENTS, CleanupParams
from zwxmt.cleanup.pipeline import (
    CleanupRun,
    PreparedCleanup,
    finish_cleanup,
    prepare_cleanup,
    run_cleanup,
)
from zwxmt.cleanup.recommend import CriterionHit, LifecycleStep, Recommendation, recommendations
from zwxmt.cleanup.results import CriteriaFindings, Inventory, Measures, measures_table

__all__ = [
    "ACCOUNTS",
    "ACTIVITY_COLUMNS",
    "CRITERIA",
    "CRITERION_FUNCTIONS",
    "DEREGISTRATION_EVENTS",
    "EVENTS",
    "PROFILES",
    "SCORES",
    "AccountProfile",
    "AccountTable",
    "Activity",
    "CleanupParams",
    "CleanupRun",
    "CriteriaFindings",
    "CriterionHit",
    "CriterionResult",
    "Events",
    "Findings",
    "Gaps",
    "History",
    "Inventory",
    "LifecycleStep",
    "Measures",
    "MonthGrid",
    "PeerStats",
    "PostColumns",
    "PreparedCleanup",
    "Recommendation",
    "Scores",
    "compute_activity",
    "evaluate",
    "finish_cleanup",
    "inventory_form",
    "inventory_rows",
    "inventory_table",
    "measures_table",
    "peer_stats",
    "prepare_cleanup",
    "recommendations",
    "run_cleanup",
    "scores_from_columns",
    "summary_by_county",
    "write_inventory",
]
