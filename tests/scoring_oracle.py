"""A plain, per-row implementation of the scoring rules, kept in the tests as an oracle.

It reads the same rulebook section but computes every row with Python floats and loops, the
published formulas written out literally (one ``math.log`` per term), so the vectorised
engine can be checked against it. Also: helpers that build small frames.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from zwxmt.rulebook import load_rulebook
from zwxmt.scoring import PLATFORMS, ScoringFrame, ScoringSection, frame_from_columns
from zwxmt.scoring.parameters import INDEX_SUBS, INDEXES

SECTION = load_rulebook().section(ScoringSection)

RAW_KEYS = ("posts", "original_posts", "posting_days", "serious_errors", "general_errors",
            "poor_responses", "service_availability", "coordination_rate", "platform_misuse",
            "reads", "reads_headline", "reads_max", "looks", "looks_headline", "looks_max",
            "likes", "likes_headline", "likes_max", "reposts", "comments", "shares",
            "shares_headline", "shares_max")
VETO_KEYS = ("veto_no_update_14d", "veto_major_negative_opinion", "veto_leak_incident",
             "veto_notified")


def ln1(x: float) -> float:
    return math.log(x + 1.0)


def wci_v14(f: Any, r: dict[str, float]) -> float:
    g0, g1, g2, g3 = f.group_weights.value
    a, b, c = f.term_weights.value[:3]
    e = f.term_weights.value[3] if len(f.term_weights.value) == 4 else 0.0
    m = f.interaction_multiplier.value
    d = f.period_days.value
    n = r["posts"]
    per = (lambda x: x / n) if n > 0 else (lambda x: 0.0)
    shares = (g0 * e * ln1(m * r["shares"] / d) + g1 * e * ln1(m * per(r["shares"]))
              + g2 * e * ln1(m * r["shares_headline"] / d) + g3 * e * ln1(m * r["shares_max"])
              ) if e else 0.0
    s = shares + (
        g0 * (a * ln1(r["reads"] / d) + b * ln1(m * r["looks"] / d) + c * ln1(m * r["likes"] / d))
         + g1 * (a * ln1(per(r["reads"])) + b * ln1(m * per(r["looks"]))
                 + c * ln1(m * per(r["likes"])))
         + g2 * (a * ln1(r["reads_headline"] / d) + b * ln1(m * r["looks_headline"] / d)
                 + c * ln1(m * r["likes_headline"] / d))
         + g3 * (a * ln1(r["reads_max"]) + b * ln1(m * r["looks_max"])
                 + f.peak_like_weight.value * ln1(m * r["likes_max"])))
    return float(s ** f.exponent.value * f.scale.value)


def wci_v2(f: Any, r: dict[str, float]) -> float:
    wr, wl = f.index_weights.value
    t0, t1, t2 = f.term_weights.value
    n = r["posts"]
    read = t0 * ln1(r["reads"]) + t1 * ln1(r["reads"] / n if n else 0.0) + t2 * ln1(r["reads_max"])
    like = t0 * ln1(r["likes"]) + t1 * ln1(r["likes"] / n if n else 0.0) + t2 * ln1(r["likes_max"])
    return float((wr * read + wl * like) ** f.exponent.value * f.scale.value)


def bci(f: Any, r: dict[str, float]) -> float:
    t0, t1, t2 = f.term_weights.value
    spread = t0 * ln1(r["reposts"]) + t1 * ln1(r["comments"]) + t2 * ln1(r["likes"])
    return float((f.activity_weight.value * ln1(r["posts"]) + f.spread_weight.value * spread)
                 * f.scale.value)


def communication_index(section: ScoringSection, platform: str, r: dict[str, float]) -> float:
    f = section.formula_for(platform)
    return {"wci_v14": wci_v14, "wci_v2": wci_v2, "bci": bci}[f.kind](f, r)


def subscores_no_peer(section: ScoringSection, platform: str,
                      r: dict[str, float]) -> dict[str, float]:
    conv = section.conversion
    posts = r["posts"]
    return {
        "posts_score": min(100.0, posts * (100.0 / conv.posts_targets[platform].value)),  # type: ignore[index]
        "original_score": min(100.0, r["original_posts"] * 100.0 / posts) if posts > 0 else 0.0,
        "posting_days_score": min(100.0, r["posting_days"] * (
            100.0 / conv.posting_days_target.value)),
        "serious_errors_score": max(100.0 - conv.serious_error_penalty.value
                                    * r["serious_errors"], 0.0),
        "service_score": r.get("service_availability", math.nan) * 100.0,
        "poor_response_score": max(100.0 - conv.poor_response_penalty.value
                                   * r["poor_responses"], 0.0),
        "general_errors_score": max(100.0 - conv.general_error_penalty.value
                                    * r["general_errors"], 0.0),
        "coordination_score": r["coordination_rate"] * 100.0,
        "platform_use_score": max(100.0 - conv.platform_misuse_penalty.value
                                  * r["platform_misuse"], 0.0),
    }


def index(section: ScoringSection, platform: str, name: str, subs: dict[str, float]) -> float:
    table = section.platforms[platform]  # type: ignore[index]
    total = 0.0
    first = True
    for sub in INDEX_SUBS[name]:
        w = table.sub_weights.get(sub)
        if w is None:
            continue
        term = w.value * subs[sub]
        total = term if first else total + term
        first = False
    return total


def combine(section: ScoringSection, platform: str, subs: dict[str, float],
            vetoed: bool) -> dict[str, float]:
    """The audit layer, per row: sub-scores → indices → total."""
    table = section.platforms[platform]  # type: ignore[index]
    out = {name: index(section, platform, name, subs) for name in INDEXES}
    if vetoed:
        out["health"] = section.vetoes.account_health_after_veto.value
    total = 0.0
    for i, name in enumerate(INDEXES):
        term = table.index_weights[name].value * out[name]
        total = term if i == 0 else total + term
    out["total"] = total
    return out


def score_rows(section: ScoringSection, rows: list[dict[str, Any]]) -> list[dict[str, float]]:
    """The raw layer for a list of row dicts (the whole province), one result per row."""
    conv = section.conversion
    raw = []
    for r in rows:
        given = r.get("given_index")
        raw.append(given if given is not None and not math.isnan(given)
                   else communication_index(section, r["platform"], r))
    peer: dict[tuple[str, str], float] = {}
    for r, v in zip(rows, raw, strict=True):
        key = (r["period"], r["platform"])
        peer[key] = max(peer.get(key, 0.0), v)
    first: list[dict[str, float]] = []
    for r, v in zip(rows, raw, strict=True):
        subs = subscores_no_peer(section, r["platform"], r)
        ref = peer[(r["period"], r["platform"])] if conv.operation_mode.value == "peer_max" \
            else conv.operation_targets[r["platform"]].value  # type: ignore[index]
        subs["operation"] = min(v * 100.0 / ref, 100.0) if ref > 0 else 0.0
        subs["_operation"] = index(section, r["platform"], "operation", subs)
        subs["_diligence"] = index(section, r["platform"], "diligence", subs)
        first.append(subs)
    baseline = {(r["account_id"], r["period"]): s for r, s in zip(rows, first, strict=True)}
    lag = conv.growth_lag_months.value
    neutral = conv.growth_neutral.value
    k = conv.growth_points_per_index_point.value
    out = []
    for r, subs in zip(rows, first, strict=True):
        y, m = int(r["period"][:4]), int(r["period"][5:7])
        o = y * 12 + m - 1 - lag
        before = baseline.get((r["account_id"], f"{o // 12:04d}-{o % 12 + 1:02d}"))
        for name, key in (("operation_yoy_score", "_operation"),
                          ("diligence_yoy_score", "_diligence")):
            subs[name] = neutral if before is None else min(max(
                neutral + k * (subs[key] - before[key]), 0.0), 100.0)
        vetoed = any(bool(r.get(v)) for v in VETO_KEYS)
        out.append(combine(section, r["platform"], subs, vetoed))
    return out


def frame_from_rows(rows: list[dict[str, Any]], section: ScoringSection = SECTION,
                    *, mode: str = "raw") -> ScoringFrame:
    """A frame from row dicts (English column names)."""
    cols: dict[str, Any] = {}
    keys = ["account_id", "platform", "period", "level", "city", "county"]
    for key in keys:
        cols[key] = np.array([r.get(key, "") for r in rows], dtype=np.str_)
    if mode == "raw":
        for key in RAW_KEYS:
            default = math.nan if key == "service_availability" else 0.0
            cols[key] = np.array([float(r.get(key, default)) for r in rows])
        if any("given_index" in r for r in rows):
            for col, plats in (("wci", ("wechat",)), ("bci", ("weibo", "toutiao")),
                               ("dci", ("douyin",))):
                cols[col] = np.array([float(r.get("given_index", math.nan))
                                      if r["platform"] in plats else math.nan for r in rows])
    else:
        from zwxmt.scoring import SUBSCORES

        for key in SUBSCORES:
            cols[key] = np.array([float(r.get(key, math.nan)) for r in rows])
    for key in VETO_KEYS:
        cols[key] = np.array([bool(r.get(key, False)) for r in rows])
    return frame_from_columns(cols, section, mode=mode)  # type: ignore[arg-type]


def platform_codes() -> dict[str, int]:
    return {p: i for i, p in enumerate(PLATFORMS)}
