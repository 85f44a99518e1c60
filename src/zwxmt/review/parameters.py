"""The ``[review]`` section of a rulebook: the parameters of content review and compliance.

Everything the checks of :mod:`zwxmt.review` need that is a choice rather than a mechanism
lives here, each value with the clause it comes from: the roles of 一审/二审/三审
(``ZJG-8.2.1-roles``), the reply time limit the seeds only call 限时 (``ZJG-7.3.3``), the
repost-source and advertising lists (``ZJG-7.1-sources``, ``ZJG-7.1-opinion-ads``), how lexicon
hits are counted, the accepted entrusted operators (``ZJO-2.4``) and the severity of every
finding code. The bundled values are in ``data/rulebooks/zhejiang/review.toml``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator, model_validator

from zwxmt.models import OperatorKind
from zwxmt.review.elements import ReviewerRole
from zwxmt.review.findings import CODES, Severity
from zwxmt.rulebook import Cited, RulebookSection, load_rulebook, register_section

__all__ = ["ReviewParameters", "review_parameters"]

CountMode = Literal["occurrences", "posts"]


@register_section
class ReviewParameters(RulebookSection):
    """Parameters of 三审, content, interaction and entrusted-operation checks."""

    SECTION = "review"

    # 三审 (ZJG-8.2.1): the roles in level order, the role names accepted for each.
    roles: Cited[list[ReviewerRole]]
    role_aliases: dict[str, Cited[list[str]]]
    distinct_reviewers: Cited[bool]
    review_at_publication_counts: Cited[bool]
    # content (ZJG-7.1-sources, LN-3.2-sources, ZJG-7.1-opinion-ads)
    repost_source_domains: Cited[list[str]]
    repost_source_names: Cited[list[str]]
    advertising_domains: Cited[list[str]]
    advertising_terms: Cited[list[str]]
    opinion_terms: Cited[list[str]]
    lexicon_count: Cited[CountMode]
    # interaction (ZJG-7.3.3, HN-3.2)
    reply_limit_working_days: Cited[int]
    min_response_rate: Cited[float]
    min_due_for_rate: Cited[int]
    # entrusted operation (ZJO-2.4, ZJG-5.2.5) and security items (ZJG-6.1.1-security)
    allowed_operator_kinds: Cited[list[OperatorKind]]
    qualification_required: Cited[list[OperatorKind]]
    placeholder_texts: Cited[list[str]]
    # severity of each finding code, and which codes are veto candidates
    severity: dict[str, Cited[Severity]]
    veto_candidates: Cited[list[str]]

    @field_validator("roles")
    @classmethod
    def _three_roles(cls, v: Cited[list[ReviewerRole]]) -> Cited[list[ReviewerRole]]:
        if len(v.value) != 3 or len(set(v.value)) != 3:
            raise ValueError("roles must name three distinct roles, for 一审, 二审 and 三审")
        return v

    @field_validator("reply_limit_working_days")
    @classmethod
    def _positive_limit(cls, v: Cited[int]) -> Cited[int]:
        if v.value < 1:
            raise ValueError("reply_limit_working_days must be at least 1")
        return v

    @field_validator("min_response_rate")
    @classmethod
    def _rate(cls, v: Cited[float]) -> Cited[float]:
        if not 0.0 <= v.value <= 1.0:
            raise ValueError("min_response_rate must lie in [0, 1]")
        return v

    @model_validator(mode="after")
    def _every_code_has_a_severity(self) -> ReviewParameters:
        missing = sorted(set(CODES) - set(self.severity))
        unknown = sorted(set(self.severity) - set(CODES))
        if missing or unknown:
            raise ValueError(f"severity: missing codes {missing}, unknown codes {unknown}")
        bad = sorted(set(self.veto_candidates.value) - set(CODES))
        if bad:
            raise ValueError(f"veto_candidates: unknown codes {bad}")
        unknown_roles = set(self.role_aliases) - {r.value for r in ReviewerRole}
        if unknown_roles:
            raise ValueError(f"role_aliases: unknown roles {sorted(unknown_roles)}")
        return self

    def severities(self) -> dict[str, Severity]:
        return {code: c.value for code, c in self.severity.items()}

    def vetoes(self) -> frozenset[str]:
        return frozenset(self.veto_candidates.value)

    def role_lookup(self) -> dict[str, ReviewerRole]:
        """Accepted role text (the code or a Chinese alias, folded to lower case) -> role."""
        out: dict[str, ReviewerRole] = {}
        for role in ReviewerRole:
            out[role.value] = role
            out[role.zh] = role
            for alias in self.role_aliases.get(role.value, Cited(value=[], cite=self.roles.cite)
                                               ).value:
                out[alias.strip().lower()] = role
        return out

    def expected_role(self, level: int) -> ReviewerRole:
        """The role that performs review ``level`` (1, 2, 3)."""
        return self.roles.value[level - 1]


def review_parameters(rulebook: str = "zhejiang") -> ReviewParameters:
    """The ``[review]`` section of a bundled rulebook (or a rulebook file or folder)."""
    return load_rulebook(rulebook).section(ReviewParameters)
