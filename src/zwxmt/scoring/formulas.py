"""运营指数 raw layer: the communication indices WCI, BCI and DCI (传播指数), vectorised.

``ZJG-9.2-T2-operation``: "运营指数 (35%)  WCI 等综合折算  100%" (政务微信), "BCI 等综合折算"
(政务微博, 政务头条), "DCI 等综合折算" (政务抖音). 表2 names the indices but not their formulas;
zwxmt encodes the published 清博指数 formulas as versioned rulebook parameters
(``[scoring.operation_formulas]``) and applies the one each platform table names. Every input is
an array of raw counts for one period; ``ln(x+1)`` is computed literally as published.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from zwxmt.arrays import F64
from zwxmt.scoring.parameters import BciFormula, OperationFormula, WciV2Formula, WciV14Formula

__all__ = ["OPERATION_INPUTS", "SHARE_INPUTS", "communication_index", "formula_inputs"]


#: Shares (转发, RE) of the current WCI V14.2: total, of headline posts, of the top post.
SHARE_INPUTS: tuple[str, ...] = ("shares", "shares_headline", "shares_max")

#: Raw operation counts each formula kind reads (column names of the raw layer); a WCI V14.2
#: with a share term also reads :data:`SHARE_INPUTS` (:func:`formula_inputs`).
OPERATION_INPUTS: dict[str, tuple[str, ...]] = {
    "wci_v14": ("posts", "reads", "reads_headline", "reads_max", "looks", "looks_headline",
                "looks_max", "likes", "likes_headline", "likes_max"),
    "wci_v2": ("posts", "reads", "reads_max", "likes", "likes_max"),
    "bci": ("posts", "reposts", "comments", "likes"),
}


def formula_inputs(formula: OperationFormula) -> tuple[str, ...]:
    """The raw columns ``formula`` reads."""
    if isinstance(formula, WciV14Formula) and len(formula.term_weights.value) == 4:
        return OPERATION_INPUTS[formula.kind] + SHARE_INPUTS
    return OPERATION_INPUTS[formula.kind]


def _plus1(x: F64, multiplier: float = 1.0) -> F64:
    """multiplier·x + 1 into a fresh array (the argument of a published ln(·+1))."""
    out = x * multiplier if multiplier != 1.0 else x + 0.0
    out += 1.0
    return out


def _ln1(x: F64, multiplier: float = 1.0) -> F64:
    """ln(multiplier·x + 1), as the published formulas write it, into a fresh array."""
    out = _plus1(x, multiplier)
    np.log(out, out=out)
    return out


#: ln(k) for the whole numbers k below the table size, computed by the same ``np.log``: the
#: logarithm of ``count + 1`` (a whole number) is looked up instead of recomputed.
_LN_TABLE_SIZE = 1 << 16
_LN_TABLE = np.concatenate(([0.0], np.log(np.arange(1, _LN_TABLE_SIZE, dtype=np.float64))))
_LN_TABLE.flags.writeable = False


def _ln_whole(y: F64) -> F64:
    """ln(y) for y ≥ 1; whole values below the table size come from the table."""
    iy = y.astype(np.int64)
    hit = iy < _LN_TABLE_SIZE
    hit &= iy == y
    if hit.all():
        out: F64 = _LN_TABLE.take(iy)
        return out
    out = np.log(y)
    out[hit] = _LN_TABLE.take(iy[hit])
    return out


def _log_sum(terms: list[tuple[float, F64, bool]]) -> F64:
    """Σ coef·ln(y) over fresh arrays y ≥ 1 (``whole``: y is m·count + 1 with m whole).

    Terms with equal coefficients share one logarithm (ln a + ln b = ln ab); a lone term over
    whole numbers is looked up in the table of logarithms.
    """
    merged: dict[float, list[tuple[F64, bool]]] = {}
    for coef, y, whole in terms:
        merged.setdefault(coef, []).append((y, whole))
    acc: F64 | None = None
    for coef, group in merged.items():
        if len(group) == 1 and group[0][1]:
            x = _ln_whole(group[0][0])
        else:
            x = group[0][0]
            for y, _ in group[1:]:
                x *= y
            np.log(x, out=x)
        x *= coef
        if acc is None:
            acc = x
        else:
            acc += x
    assert acc is not None
    return acc


def _per(x: F64, n: F64) -> F64:
    """x / n, and 0 where n is 0 (an account with no post has no per-post figure)."""
    out = np.zeros_like(x)
    np.divide(x, n, out=out, where=n > 0)
    return out


def _safe_count(n: F64) -> F64:
    """n with 0 replaced by +inf, so that x / n is 0 for an account without posts."""
    out: F64 = np.where(n > 0, n, np.inf)
    return out


def _wci_v14(f: WciV14Formula, c: Mapping[str, F64]) -> F64:
    """WCI V14.2 = (Σ_g G_g·(a·ln(R_g+1) + b·ln(m·Z_g+1) + c·ln(m·L_g+1)
    [+ r·ln(m·RE_g+1)]))^e × s.

    Dimensions g: 整体 (R/d, Z/d, L/d, RE/d), 篇均 (R/n, Z/n, L/n, RE/n), 头条 (Rt/d, Zt/d,
    Lt/d, REt/d), 峰值 (Rmax, Zmax, Lmax, REmax; its like weight is ``peak_like_weight``). The
    share term r (RE = shares, 转发) is the current form's (0.70/0.09/0.06/0.15, s = 1.2 × 10);
    the 2021 copy has none (0.85/0.09/0.06, s = 10).
    """
    g0, g1, g2, g3 = f.group_weights.value
    weights = f.term_weights.value
    a, b, cl = weights[0], weights[1], weights[2]
    m = f.interaction_multiplier.value
    d = f.period_days.value
    n = _safe_count(c["posts"])
    per_post = [c["reads"] / n, c["looks"] / n, c["likes"] / n]
    whole_m = float(m).is_integer()
    terms = [
        (g0 * a, _plus1(c["reads"], 1.0 / d), False), (g0 * b, _plus1(c["looks"], m / d), False),
        (g0 * cl, _plus1(c["likes"], m / d), False),
        (g1 * a, _plus1(per_post[0]), False), (g1 * b, _plus1(per_post[1], m), False),
        (g1 * cl, _plus1(per_post[2], m), False),
        (g2 * a, _plus1(c["reads_headline"], 1.0 / d), False),
        (g2 * b, _plus1(c["looks_headline"], m / d), False),
        (g2 * cl, _plus1(c["likes_headline"], m / d), False),
        (g3 * a, _plus1(c["reads_max"]), True), (g3 * b, _plus1(c["looks_max"], m), whole_m),
        (g3 * f.peak_like_weight.value, _plus1(c["likes_max"], m), whole_m),
    ]
    if len(weights) == 4:
        r = weights[3]
        terms += [
            (g0 * r, _plus1(c["shares"], m / d), False),
            (g1 * r, _plus1(c["shares"] / n, m), False),
            (g2 * r, _plus1(c["shares_headline"], m / d), False),
            (g3 * r, _plus1(c["shares_max"], m), whole_m),
        ]
    del per_post
    s = _log_sum(terms)
    if f.exponent.value == 2.0:
        s *= s
    else:
        s **= f.exponent.value
    s *= f.scale.value
    return s


def _wci_v2(f: WciV2Formula, c: Mapping[str, F64]) -> F64:
    """WCI V2.0 = (0.8·阅读指数 + 0.2·点赞指数)^2 × 10, each index 0.4·ln(总+1) + 0.45·ln(均+1)
    + 0.15·ln(最高+1)."""
    wr, wl = f.index_weights.value
    t0, t1, t2 = f.term_weights.value
    n = c["posts"]
    read = (t0 * _ln1(c["reads"]) + t1 * _ln1(_per(c["reads"], n))
            + t2 * _ln1(c["reads_max"]))
    like = (t0 * _ln1(c["likes"]) + t1 * _ln1(_per(c["likes"], n))
            + t2 * _ln1(c["likes_max"]))
    out: F64 = (wr * read + wl * like) ** f.exponent.value * f.scale.value
    return out


def _bci(f: BciFormula, c: Mapping[str, F64]) -> F64:
    """BCI = (0.2·ln(发博数+1) + 0.8·(0.4·ln(转发+1) + 0.4·ln(评论+1) + 0.2·ln(点赞+1))) × 160."""
    t0, t1, t2 = f.term_weights.value
    sw = f.spread_weight.value
    out = _log_sum([(f.activity_weight.value, _plus1(c["posts"]), True),
                    (sw * t0, _plus1(c["reposts"]), True),
                    (sw * t1, _plus1(c["comments"]), True),
                    (sw * t2, _plus1(c["likes"]), True)])
    out *= f.scale.value
    return out


def communication_index(formula: OperationFormula, columns: Mapping[str, F64]) -> F64:
    """The formula's index for every row of ``columns`` (raw counts of one period each)."""
    if isinstance(formula, WciV14Formula):
        return _wci_v14(formula, columns)
    if isinstance(formula, WciV2Formula):
        return _wci_v2(formula, columns)
    return _bci(formula, columns)
