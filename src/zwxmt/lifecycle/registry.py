"""The account registry of a region (账号登记册): accounts, their histories, cross-account checks.

Some rules need more than one account:

- one account per platform per unit, in principle (``LN-3.1-one-account``: 一个单位原则上在同一
  平台只开设一个政务新媒体账号); the rulebook setting ``one_account_per_platform`` makes a breach a
  warning or an error (an error also refuses the application);
- the county "1+N" matrix (``ZJO-2.2``): one main county account (on as many platforms as it
  likes) and department accounts around it;
- the re-application ban of ``ZJG-6.1.2-ban``: a host unit whose account was deregistered for
  the exit criteria or an unmet commitment may not apply again within one year.

A :class:`Registry` is immutable: :meth:`Registry.apply` returns a new registry. It hands the
guards a :class:`~zwxmt.lifecycle.guards.LifecycleContext` built from the other accounts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, model_validator

from zwxmt.lifecycle.deadlines import ObligationTable, obligations, overdue
from zwxmt.lifecycle.errors import RegistryError
from zwxmt.lifecycle.guards import Ban, LifecycleContext
from zwxmt.lifecycle.history import History, apply
from zwxmt.lifecycle.parameters import Severity, lifecycle_settings
from zwxmt.lifecycle.payloads import ApplicationSubmitted, StopUpdateNotice
from zwxmt.lifecycle.records import EventRecord
from zwxmt.lifecycle.states import State
from zwxmt.lifecycle.table import FINAL_STATES
from zwxmt.models import Account, AccountKind, AccountStatus
from zwxmt.rulebook import DEFAULT_RULEBOOK
from zwxmt.rules import cite

__all__ = ["Finding", "Registry"]

ONE_ACCOUNT_RULE = cite("LN-3.1-one-account")
MATRIX_RULE = cite("ZJO-2.2")
BAN_RULE = cite("ZJG-6.1.2-ban")

#: States that do not hold a platform slot: nothing opened yet, or refused.
_NOT_HOLDING = frozenset({State.PROPOSED, State.REJECTED}) | FINAL_STATES


@dataclass(frozen=True)
class Finding:
    """A registry check that failed: its rule, severity, a message and the accounts involved."""

    code: str
    rule: str
    severity: Severity
    message: str
    account_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Slot:
    account_id: str
    host_unit_id: str
    platform: str
    kind: str
    name: str
    live: bool


class Registry(BaseModel):
    """The accounts of one region and their histories (keyed by ``account_id``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region_code: str = Field(min_length=1)
    accounts: tuple[Account, ...] = ()
    histories: tuple[History, ...] = ()
    rulebook: str = DEFAULT_RULEBOOK

    @model_validator(mode="after")
    def _unique(self) -> Registry:
        for what, ids in (("account", [a.account_id for a in self.accounts]),
                          ("history", [h.account_id for h in self.histories])):
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    raise ValueError(f"{what} {i!r} appears twice in the registry")
                seen.add(i)
        return self

    # -- lookups -------------------------------------------------------------------------
    def account(self, account_id: str) -> Account | None:
        return next((a for a in self.accounts if a.account_id == account_id), None)

    def history(self, account_id: str) -> History:
        """The account's history (empty if none is recorded yet)."""
        found = next((h for h in self.histories if h.account_id == account_id), None)
        return found if found is not None else History.new(account_id)

    def _slots(self) -> list[_Slot]:
        by_id: dict[str, _Slot] = {}
        for a in self.accounts:
            live = a.status in (AccountStatus.NORMAL, AccountStatus.SUSPENDED)
            by_id[a.account_id] = _Slot(a.account_id, a.host_unit_id, a.platform.value,
                                        a.kind.value, a.name, live)
        for h in self.histories:
            known = by_id.get(h.account_id)
            applied = next((r.payload for r in reversed(h.records)
                            if isinstance(r.payload, ApplicationSubmitted)), None)
            if known is not None:
                host, platform, kind, name = known.host_unit_id, known.platform, known.kind, \
                    known.name
            elif applied is not None:
                host, platform = applied.host_unit_id, applied.application.account_type.value
                kind, name = AccountKind.OTHER.value, applied.application.proposed_name
            else:
                continue
            live = h.state not in _NOT_HOLDING if h.records else \
                (known is not None and known.live)
            by_id[h.account_id] = _Slot(h.account_id, host, platform, kind, name, live)
        return list(by_id.values())

    # -- the guards' context -------------------------------------------------------------
    def bans(self) -> dict[str, Ban]:
        """Re-application bans (``ZJG-6.1.2-ban``) by host unit: the latest one wins."""
        settings = lifecycle_settings(self.rulebook)
        if settings.reapplication_ban_years is None or settings.ban_reasons is None:
            return {}        # no re-application ban in the rulebook's jurisdiction
        years = settings.reapplication_ban_years.value
        reasons = set(settings.ban_reasons.value)
        hosts = {s.account_id: s.host_unit_id for s in self._slots()}
        out: dict[str, Ban] = {}
        for h in self.histories:
            if h.state is not State.DEREGISTERED or h.account_id not in hosts:
                continue
            notice = next(r.payload for r in reversed(h.records)
                          if isinstance(r.payload, StopUpdateNotice))
            if notice.reason not in reasons:
                continue
            done = h.records[-1].on
            # 1年内: counted from the next day, ending on the same date a year on (the
            # Civil Code's reckoning; see docs/assumptions.md).
            until: dt.date = done + relativedelta(years=years)
            host = hosts[h.account_id]
            if host not in out or out[host].until < until:
                out[host] = Ban(host, until, h.account_id, done, notice.reason)
        return out

    def context(self, *, excluding: str | None = None) -> LifecycleContext:
        """The context for a guard acting on ``excluding`` (its own slot does not count)."""
        occupied = frozenset((s.host_unit_id, s.platform) for s in self._slots()
                             if s.live and s.account_id != excluding)
        return LifecycleContext(bans=self.bans(), occupied=occupied)

    # -- changes -------------------------------------------------------------------------
    def apply(self, account_id: str, record: EventRecord | Mapping[str, Any]) -> Registry:
        """A new registry with ``record`` applied to the account's history (or refused)."""
        current = self.history(account_id)
        new = apply(current, record, context=self.context(excluding=account_id),
                    rulebook=self.rulebook)
        others = tuple(h for h in self.histories if h.account_id != account_id)
        return Registry.model_construct(
            region_code=self.region_code, accounts=self.accounts, histories=(*others, new),
            rulebook=self.rulebook)

    # -- checks --------------------------------------------------------------------------
    def check(self) -> tuple[Finding, ...]:
        """Every cross-account finding (one account per platform; the 1+N matrix)."""
        return self._one_account_per_platform() + self._matrix()

    def raise_for_errors(self) -> None:
        """Raise :class:`RegistryError` if a finding has severity ``error``."""
        errors = [f for f in self.check() if f.severity == "error"]
        if errors:
            raise RegistryError("; ".join(f.message for f in errors), rule=errors[0].rule)

    def _one_account_per_platform(self) -> tuple[Finding, ...]:
        # LN-3.1-one-account: 一个单位原则上在同一平台只开设一个政务新媒体账号。
        setting = lifecycle_settings(self.rulebook).one_account_per_platform
        if setting is None:       # not a rule of the rulebook's jurisdiction
            return ()
        severity = setting.value
        live = [s for s in self._slots() if s.live]
        if not live:
            return ()
        keys = np.array([f"{s.host_unit_id}\x1f{s.platform}" for s in live])
        uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        out = []
        for k in np.nonzero(counts > 1)[0]:
            members = tuple(live[i].account_id for i in np.nonzero(inverse == k)[0])
            host, platform = str(uniq[k]).split("\x1f")
            out.append(Finding(
                "one_account_per_platform", ONE_ACCOUNT_RULE, severity,
                f"unit {host} has {len(members)} live accounts on {platform}: "
                f"{', '.join(members)} (one per platform, in principle)", members))
        return tuple(out)

    def _matrix(self) -> tuple[Finding, ...]:
        # ZJO-2.2: 打造以县(市、区)政府主账号为龙头,部门精品账号为支撑的政务新媒体矩阵体系
        settings = lifecycle_settings(self.rulebook)
        if settings.matrix_check is None or settings.matrix_min_department_accounts is None:
            return ()        # no 1+N matrix in the rulebook's jurisdiction
        severity = settings.matrix_check.value
        live = [s for s in self._slots() if s.live]
        main = [s for s in live if s.kind == AccountKind.MAIN.value]
        departments = [s for s in live if s.kind == AccountKind.DEPARTMENT.value]
        out = []
        if not main:
            out.append(Finding(
                "matrix_no_main_account", MATRIX_RULE, severity,
                f"region {self.region_code} has no live county main account (the 1 of 1+N)", ()))
        else:
            identities = sorted({(s.name, s.host_unit_id) for s in main})
            if len(identities) > 1:
                out.append(Finding(
                    "matrix_several_main_accounts", MATRIX_RULE, severity,
                    f"region {self.region_code} has {len(identities)} main accounts: "
                    + ", ".join(f"{n} ({h})" for n, h in identities) + " (one is expected)",
                    tuple(s.account_id for s in main)))
        need = settings.matrix_min_department_accounts.value
        if len(departments) < need:
            out.append(Finding(
                "matrix_too_few_department_accounts", MATRIX_RULE, severity,
                f"region {self.region_code} has {len(departments)} live department accounts; "
                f"the matrix needs at least {need} (the N of 1+N)",
                tuple(s.account_id for s in departments)))
        return tuple(out)

    # -- deadlines -----------------------------------------------------------------------
    def obligations(self, *, on: dt.date) -> ObligationTable:
        return obligations(self.histories, on=on, rulebook=self.rulebook)

    def overdue(self, *, on: dt.date) -> ObligationTable:
        return overdue(self.histories, on=on, rulebook=self.rulebook)
