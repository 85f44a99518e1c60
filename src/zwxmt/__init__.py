"""zwxmt: the rules for Chinese government new-media accounts (政务新媒体) as code.

Models of accounts and the official forms, the rule catalogue, a working-day calendar,
rulebooks of dated and cited parameters, and (in subpackages) the account lifecycle, the
vectorised assessment indices, the cleanup criteria and content review.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from zwxmt.calendar import Period, add_working_days, is_working_day, parse_period
from zwxmt.errors import (
    CalendarOutOfRange,
    CatalogueError,
    EmptyInputError,
    HeaderError,
    InputError,
    OutputError,
    RejectsExceeded,
    RulebookError,
    RulebookNotInForce,
    UnknownRuleError,
    UnreadableInputError,
    ZwxmtError,
)
from zwxmt.rulebook import Cited, Rulebook, load_rulebook
from zwxmt.rules import Rule, catalogue, cite

try:
    __version__ = version("zwxmt")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "CalendarOutOfRange",
    "CatalogueError",
    "Cited",
    "EmptyInputError",
    "HeaderError",
    "InputError",
    "OutputError",
    "Period",
    "RejectsExceeded",
    "Rule",
    "Rulebook",
    "RulebookError",
    "RulebookNotInForce",
    "UnknownRuleError",
    "UnreadableInputError",
    "ZwxmtError",
    "__version__",
    "add_working_days",
    "catalogue",
    "cite",
    "is_working_day",
    "load_rulebook",
    "parse_period",
]
