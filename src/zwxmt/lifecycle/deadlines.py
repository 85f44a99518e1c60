"""Open obligations and their deadlines (时限), vectorised over many histories.

Some events open an obligation that a later event closes: a change must be filed within 7
working days (``HN-A1(2)``, ``ZJG-6.3``), a change of host unit resolved (``LN-3.1-host-change``),
an exposed account rectified within 3 days (``ZJG-6.5.1(3)``), and each deregistration step
followed by the next (``ZJG-6.4``). :data:`OBLIGATIONS` declares them; the periods come from
the rulebook. :func:`obligations` finds every obligation in many histories at once (numpy: a
search for the next closing event of the same history, no loop per account), and
:func:`overdue` keeps the open ones past their due date on a given day.

A due date is the last day on which the obligation is met on time; an obligation still open
the day after is overdue. Working days come from :mod:`zwxmt.calendar` (its one policy: a
deadline beyond the holiday data, package or loaded with ``--holidays``, is refused with
:class:`~zwxmt.errors.CalendarOutOfRange`; with ``fallback=True`` Monday to Friday are counted,
with a :class:`~zwxmt.calendar.CalendarFallbackWarning`, and every row it touched is flagged
``fallback``).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from zwxmt.calendar import CalendarFallbackWarning, calendar_range, working_day_table
from zwxmt.errors import CalendarOutOfRange
from zwxmt.lifecycle.history import EVENT_CODES, History, HistoryColumns, history_columns
from zwxmt.lifecycle.parameters import LifecycleSettings, lifecycle_settings
from zwxmt.lifecycle.states import Event
from zwxmt.rulebook import DEFAULT_RULEBOOK, Cited, load_rulebook
from zwxmt.rules import cite

__all__ = [
    "OBLIGATIONS",
    "STATUSES",
    "Obligation",
    "ObligationKind",
    "ObligationTable",
    "due_dates",
    "obligations",
    "overdue",
]

#: Status of an obligation on the day asked: ``open`` (not yet due), ``overdue`` (open past
#: its due date), ``met`` (closed on time), ``late`` (closed after its due date); an advisory
#: step period (set by zwxmt, not by the guide) is ``past_advisory`` when still open after
#: it, never ``overdue`` or ``late``.
STATUSES: tuple[str, ...] = ("open", "overdue", "met", "late", "past_advisory")

_CLOSED = (Event.DEREGISTRATION_COMPLETED, Event.SHUT_DOWN, Event.MERGED)


@dataclass(frozen=True)
class ObligationKind:
    """An obligation: which events open and close it, its period, its rule."""

    code: str
    zh: str
    opened_by: tuple[Event, ...]
    closed_by: tuple[Event, ...]
    rule: str     # the clause that sets the obligation when the rulebook's period cites none
    period: Callable[[LifecycleSettings], Cited[int] | None]
    working_days: bool
    #: the period is not the seeds' (the guide orders the steps of ZJG-6.4 without periods):
    #: shown as a guide, never reported as an overdue obligation
    advisory: bool = False


OBLIGATIONS: tuple[ObligationKind, ...] = (
    # HN-A1(2) 账号ID及名称、管理队伍人员或维护方式发生变更，应在7个工作日内以书面形式
    # 报主管单位备案。
    ObligationKind(
        "change_filing", "变更备案", (Event.ACCOUNT_CHANGED,), (Event.CHANGE_FILED, *_CLOSED),
        cite("HN-A1(2)"), lambda s: s.change_filing_working_days, True),
    # LN-3.1-host-change 应及时注销或变更账号信息,并向社会公告。
    ObligationKind(
        "host_change", "主办单位变化后变更或注销", (Event.HOST_UNIT_CHANGED,),
        (Event.CHANGE_FILED, Event.STOP_UPDATE_NOTICE, *_CLOSED),
        cite("LN-3.1-host-change"), lambda s: s.host_change_working_days, True),
    # ZJG-6.5.1(3) 被浙江省政务新媒体管理平台“晾晒”后3天内未整改
    ObligationKind(
        "rectification", "晾晒后整改", (Event.PUBLIC_EXPOSURE,),
        (Event.RECTIFICATION_COMPLETED, Event.STOP_UPDATE_NOTICE, *_CLOSED),
        cite("ZJG-6.5.1(3)"), lambda s: s.rectification_days, False),
    # ZJG-6.4(2) 向相关新媒体平台申请注销。
    ObligationKind(
        "deregistration_request", "向平台申请注销", (Event.STOP_UPDATE_NOTICE,),
        (Event.PLATFORM_DEREGISTRATION_REQUEST,),
        cite("ZJG-6.4(2)"), lambda s: s.deregistration_request_working_days, True, True),
    # ZJG-6.4(3) 在浙江省政务新媒体管理平台提交拟注销申请
    ObligationKind(
        "deregistration_application", "提交拟注销申请", (Event.PLATFORM_DEREGISTRATION_REQUEST,),
        (Event.PROVINCIAL_DEREGISTRATION_APPLICATION,),
        cite("ZJG-6.4(3)"), lambda s: s.deregistration_application_working_days, True, True),
    # ZJG-6.4(4) 由各级主管单位完成该账号在浙江省政务新媒体管理平台上的注销流程
    ObligationKind(
        "deregistration_completion", "完成注销", (Event.PROVINCIAL_DEREGISTRATION_APPLICATION,),
        (Event.DEREGISTRATION_COMPLETED,),
        cite("ZJG-6.4(4)"), lambda s: s.deregistration_completion_working_days, True, True),
)


@dataclass(frozen=True)
class Obligation:
    """One obligation of one account (a row of :class:`ObligationTable`)."""

    account_id: str
    kind: str
    rule: str
    opened_on: dt.date
    due_on: dt.date
    closed_on: dt.date | None
    status: str
    days_late: int
    fallback: bool
    advisory: bool = False


@dataclass(frozen=True)
class ObligationTable:
    """Obligations as columns; ``history`` indexes the input histories."""

    history: npt.NDArray[np.int64]
    account_id: npt.NDArray[np.str_]
    kind: npt.NDArray[np.str_]
    rule: npt.NDArray[np.str_]
    opened_on: npt.NDArray[np.datetime64]
    due_on: npt.NDArray[np.datetime64]
    closed_on: npt.NDArray[np.datetime64]
    status: npt.NDArray[np.str_]
    days_late: npt.NDArray[np.int64]
    fallback: npt.NDArray[np.bool_]
    advisory: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.history)

    def select(self, mask: npt.NDArray[np.bool_] | npt.NDArray[np.int64]) -> ObligationTable:
        return ObligationTable(**{name: getattr(self, name)[mask] for name in _FIELDS})

    def columns(self) -> dict[str, npt.NDArray[np.generic]]:
        """The columns for :func:`zwxmt.io.write_table` (history index left out)."""
        return {name: getattr(self, name) for name in _FIELDS if name != "history"}

    def rows(self) -> list[Obligation]:
        out = []
        for i in range(len(self)):
            closed = self.closed_on[i]
            out.append(Obligation(
                account_id=str(self.account_id[i]), kind=str(self.kind[i]),
                rule=str(self.rule[i]), opened_on=self.opened_on[i].astype(dt.date),
                due_on=self.due_on[i].astype(dt.date),
                closed_on=None if np.isnat(closed) else closed.astype(dt.date),
                status=str(self.status[i]), days_late=int(self.days_late[i]),
                fallback=bool(self.fallback[i]), advisory=bool(self.advisory[i])))
        return out


_FIELDS = tuple(ObligationTable.__dataclass_fields__)


def due_dates(days: npt.NDArray[np.datetime64], n: int, *, working: bool,
              fallback: bool = False,
              ) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.bool_]]:
    """Due dates ``n`` working (or calendar) days after ``days``, and a fallback mask.

    A due date beyond the holiday data is refused (:class:`CalendarOutOfRange`), unless
    ``fallback``: then Monday to Friday are counted past it, with a warning, and flagged.
    """
    days = np.asarray(days, dtype="datetime64[D]")
    none = np.zeros(days.shape, dtype=np.bool_)
    if not working:
        return days + np.timedelta64(n, "D"), none
    lo, hi = (np.datetime64(d, "D") for d in calendar_range())
    if days.size and days.min() < lo:
        raise CalendarOutOfRange(
            f"{days.min()} is before the official holiday data ({lo}); no deadline can be "
            "counted in working days")
    if n == 0:
        return days.copy(), none
    work = _working_day_table()
    inside = days <= hi
    pos = np.searchsorted(work, np.where(inside, days, hi), side="right") + n - 1
    beyond = ~inside | (pos >= len(work))
    due = work[np.minimum(pos, len(work) - 1)]
    if beyond.any() and not fallback:
        first = days[beyond].min()
        raise CalendarOutOfRange(
            f"a deadline {n} working days after {first} falls beyond the holiday data "
            f"({hi}): load that year's schedule (--holidays FILE) or ask for the "
            "Monday-Friday fallback")
    if beyond.any():
        warnings.warn(
            f"deadlines beyond {hi} count Monday-Friday as working days (holidays unknown)",
            CalendarFallbackWarning, stacklevel=3)
        # Working days still to count past the end of the data, then Monday-Friday.
        counted = np.where(inside, len(work) - np.searchsorted(work, days, side="right"), 0)
        start = np.where(inside, hi, days)
        rest = n - counted
        fb = np.busday_offset(start[beyond], 0, roll="backward", weekmask="1111100")
        fb = np.busday_offset(fb, rest[beyond], roll="forward", weekmask="1111100")
        due = due.copy()
        due[beyond] = fb
    return due, beyond


def _working_day_table() -> npt.NDArray[np.datetime64]:
    """Every working day of the holiday data (loaded schedules included), sorted."""
    return working_day_table()


def obligations(histories: Sequence[History] | HistoryColumns, *, on: dt.date,
                rulebook: str = DEFAULT_RULEBOOK, fallback: bool = False) -> ObligationTable:
    """Every obligation opened on or before ``on`` in ``histories``, with its status on ``on``.

    Events dated after ``on`` are ignored (the histories are read as of that day).
    """
    cols = histories if isinstance(histories, HistoryColumns) else history_columns(histories)
    # The deadlines are those of the rulebook in force on the day asked.
    load_rulebook(rulebook, on=on, part="lifecycle")
    settings = lifecycle_settings(rulebook)
    today = np.datetime64(on, "D")
    seen = cols.day <= today
    parts: list[dict[str, npt.NDArray[np.generic]]] = []
    for kind in OBLIGATIONS:
        opener = np.nonzero(np.isin(cols.event, [EVENT_CODES[e] for e in kind.opened_by])
                            & seen)[0]
        if not opener.size:
            continue
        closer = np.nonzero(np.isin(cols.event, [EVENT_CODES[e] for e in kind.closed_by])
                            & seen)[0]
        # The first closing event after each opening one, if it belongs to the same history.
        nxt = np.searchsorted(closer, opener, side="right")
        has = nxt < closer.size
        nxt_idx = closer[np.minimum(nxt, max(closer.size - 1, 0))] if closer.size else opener
        closed = has & (cols.history[nxt_idx] == cols.history[opener])
        opened_on = cols.day[opener]
        given = kind.period(settings)
        if given is None:      # not an obligation of this rulebook's jurisdiction
            continue
        period = given.value
        due_on, fell_back = due_dates(opened_on, period, working=kind.working_days,
                                      fallback=fallback)
        closed_on = np.where(closed, cols.day[nxt_idx], np.datetime64("NaT", "D"))
        late_days = np.where(closed, (closed_on - due_on).astype(np.int64),
                             (today - due_on).astype(np.int64))
        status = np.where(closed, np.where(late_days > 0, "late", "met"),
                          np.where(late_days > 0, "overdue", "open"))
        if kind.advisory:
            # an advisory period: past it is shown, never an obligation missed
            status = np.where(closed, "met", np.where(late_days > 0, "past_advisory", "open"))
            late_days = np.where(closed, 0, late_days)
        hist = cols.history[opener]
        parts.append({
            "history": hist,
            "account_id": cols.account_ids[hist],
            "kind": np.full(opener.size, kind.code),
            "rule": np.full(opener.size, given.cite),
            "opened_on": opened_on,
            "due_on": due_on,
            "closed_on": closed_on,
            "status": status.astype(np.str_),
            "days_late": np.maximum(late_days, 0),
            "fallback": fell_back,
            "advisory": np.full(opener.size, kind.advisory),
        })
    if not parts:
        return _empty()
    merged = {name: np.concatenate([p[name] for p in parts]) for name in _FIELDS}
    order = np.lexsort((merged["opened_on"], merged["history"]))
    return ObligationTable(**{name: merged[name][order] for name in _FIELDS})


def _empty() -> ObligationTable:
    s = np.empty(0, dtype=np.str_)
    d = np.empty(0, dtype="datetime64[D]")
    return ObligationTable(np.empty(0, dtype=np.int64), s, s, s, d, d, d, s,
                           np.empty(0, dtype=np.int64), np.empty(0, dtype=np.bool_),
                           np.empty(0, dtype=np.bool_))


def overdue(histories: Sequence[History] | HistoryColumns, *, on: dt.date,
            rulebook: str = DEFAULT_RULEBOOK, fallback: bool = False) -> ObligationTable:
    """The obligations still open after their due date on ``on``, each with its rule.

    Advisory step periods (``past_advisory``) are not among them: the seeds set no period."""
    table = obligations(histories, on=on, rulebook=rulebook, fallback=fallback)
    return table.select(table.status == "overdue")
