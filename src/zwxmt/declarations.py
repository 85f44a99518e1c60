"""Rule declarations (规则声明): each rule zwxmt enforces, declared once, with its clause.

A declaration ties together what used to live in three or four places: the clause id it
enforces (``ZJG-6.5.1(5)``), the kind of rule (a cleanup ``criterion``, a pass/fail ``check``
of a spot check, an ``obligation`` of the lifecycle, a ``score`` table), the rulebook
parameters it reads, and the function that evaluates it. The declaration sits on the function,
whose docstring quotes the clause (the Catala habit)::

    @criterion("department_fans", "ZJG-6.5.1(5)", label_zh="部门账号粉丝数低于…",
               measure="deregister", after_first_year=True,
               params=("department_fans_percent",))
    def department_fans(h, ev, peers, p): ...

A rulebook enables rules by code (``[cleanup] enabled = [...]``, ``[checks] enabled =
[...]``) and carries the values of their parameters; loading a rulebook checks that every
enabled rule exists and that every parameter it reads is given. ``zwxmt rules --coverage``
reads the declarations to say which catalogued clause is enforced by which rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from zwxmt.rules import cite

__all__ = [
    "Declaration",
    "Kind",
    "check",
    "criterion",
    "declarations",
    "declare",
    "of_kind",
]

Kind = Literal["criterion", "check", "verdict", "obligation", "score", "form"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Declaration:
    """One rule: its code, the clause it enforces, its parameters and its function."""

    code: str
    clause: str
    kind: Kind
    label_zh: str
    params: tuple[str, ...] = ()
    also: tuple[str, ...] = ()       # further clauses the same function enforces
    measure: str = ""                # criteria: the measure it calls for (zwxmt.models.Measure)
    after_first_year: bool = False   # criteria: waits for the account's first anniversary
    fn: Callable[..., Any] | None = field(default=None, compare=False, repr=False)

    @property
    def clauses(self) -> tuple[str, ...]:
        return (self.clause, *self.also)


_DECLARED: dict[str, Declaration] = {}


def declare(decl: Declaration) -> Declaration:
    """Register ``decl``; its clause ids must be in the catalogue and its code unique."""
    for clause in decl.clauses:
        cite(clause)
    if decl.code in _DECLARED and _DECLARED[decl.code].fn is not decl.fn:
        raise ValueError(f"rule {decl.code!r} declared twice")
    _DECLARED[decl.code] = decl
    return decl


def criterion(code: str, clause: str, *, label_zh: str, measure: str,
              after_first_year: bool, params: tuple[str, ...] = (),
              also: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Decorator: declare a cleanup criterion (退出标准 / 清理整合类别)."""
    def wrap(fn: F) -> F:
        declare(Declaration(code, clause, "criterion", label_zh, params, also, measure,
                            after_first_year, fn))
        return fn
    return wrap


def check(code: str, clause: str, *, label_zh: str, params: tuple[str, ...] = (),
          also: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Decorator: declare a pass/fail check item (检查指标; a failing item makes the account
    不合格)."""
    def wrap(fn: F) -> F:
        declare(Declaration(code, clause, "check", label_zh, params, also, fn=fn))
        return fn
    return wrap


def _load_all() -> None:
    # the modules that declare rules; imported here so the registry is complete when read
    import zwxmt.checks.items
    import zwxmt.cleanup.criteria
    import zwxmt.obligations  # noqa: F401


def declarations() -> Mapping[str, Declaration]:
    """Every declared rule, by code, in declaration order."""
    _load_all()
    return dict(_DECLARED)


def of_kind(kind: Kind) -> Iterator[Declaration]:
    return (d for d in declarations().values() if d.kind == kind)
