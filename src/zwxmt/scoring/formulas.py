"""运营指数 raw layer: the communication indices WCI, BCI and DCI (传播指数), vectorised.

``ZJG-9.2-T2-operation``: "运营指数 (35%)  WCI 等综合折算  100%" (政务微信), "BCI 等综合折算"
(政务微博, 政务头条), "DCI 等综合折算" (政务抖音). 表2 names the indices but not their formulas;
zwxmt encodes the published 清博指数 formulas as versioned rulebook parameters
(``[scoring.operation_formulas]``) and applies the one each platform table names. Every input is
an array of raw counts for one period; ``ln(x+1)`` is computed as ``log1p``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from zwxmt.scoring.tables import BciFormula, OperationFormula, WciV2Formula, WciV14Formula

__all__ = ["OPERATION_INPUTS", "communication_index", "formula_inputs"]

F64 = npt.NDArray[np.float64]

#: Raw operation counts each formula kind reads (column names of the raw layer).
OPERATION_INPUTS: dict[str, tuple[str, ...]] = {
    "wci_v14": ("posts", "reads", "reads_headline", "reads_max", "looks", "looks_headline",
                "looks_max", "likes", "likes_headline", "likes_max"),
    "wci_v2": ("posts", "reads", "reads_max", "likes", "likes_max"),
    "bci": ("posts", "reposts", "comments", "likes"),
}


def formula_inputs(formula: OperationFormula) -> tuple[str, ...]:
    return OPERATION_INPUTS[formula.kind]


def _per(x: F64, n: F64) -> F64:
    """x / n, and 0 where n is 0 (an account with no post has no per-post figure)."""
    out = np.zeros_like(x)
    np.divide(x, n, out=out, where=n > 0)
    return out


def _wci_v14(f: WciV14Formula, c: Mapping[str, F64]) -> F64:
    """WCI V14.2 = (Σ_g G_g·(a·ln(R_g+1) + b·ln(m·Z_g+1) + c·ln(m·L_g+1)))^e × s.

    Dimensions g: 整体 (R/d, Z/d, L/d), 篇均 (R/n, Z/n, L/n), 头条 (Rt/d, Zt/d, Lt/d),
    峰值 (Rmax, Zmax, Lmax; its like weight is ``peak_like_weight``).
    """
    g0, g1, g2, g3 = f.group_weights.value
    a, b, cl = f.term_weights.value
    m = f.interaction_multiplier.value
    d = f.period_days.value
    n = c["posts"]

    def term(r: F64, z: F64, lk: F64, like_weight: float) -> F64:
        return a * np.log1p(r) + b * np.log1p(m * z) + like_weight * np.log1p(m * lk)

    s = (g0 * term(c["reads"] / d, c["looks"] / d, c["likes"] / d, cl)
         + g1 * term(_per(c["reads"], n), _per(c["looks"], n), _per(c["likes"], n), cl)
         + g2 * term(c["reads_headline"] / d, c["looks_headline"] / d,
                     c["likes_headline"] / d, cl)
         + g3 * term(c["reads_max"], c["looks_max"], c["likes_max"], f.peak_like_weight.value))
    out: F64 = s ** f.exponent.value * f.scale.value
    return out


def _wci_v2(f: WciV2Formula, c: Mapping[str, F64]) -> F64:
    """WCI V2.0 = (0.8·阅读指数 + 0.2·点赞指数)^2 × 10, each index 0.4·ln(总+1) + 0.45·ln(均+1)
    + 0.15·ln(最高+1)."""
    wr, wl = f.index_weights.value
    t0, t1, t2 = f.term_weights.value
    n = c["posts"]
    read = (t0 * np.log1p(c["reads"]) + t1 * np.log1p(_per(c["reads"], n))
            + t2 * np.log1p(c["reads_max"]))
    like = (t0 * np.log1p(c["likes"]) + t1 * np.log1p(_per(c["likes"], n))
            + t2 * np.log1p(c["likes_max"]))
    out: F64 = (wr * read + wl * like) ** f.exponent.value * f.scale.value
    return out


def _bci(f: BciFormula, c: Mapping[str, F64]) -> F64:
    """BCI = (0.2·ln(发博数+1) + 0.8·(0.4·ln(转发+1) + 0.4·ln(评论+1) + 0.2·ln(点赞+1))) × 160."""
    t0, t1, t2 = f.term_weights.value
    spread = (t0 * np.log1p(c["reposts"]) + t1 * np.log1p(c["comments"])
              + t2 * np.log1p(c["likes"]))
    out: F64 = (f.activity_weight.value * np.log1p(c["posts"])
                + f.spread_weight.value * spread) * f.scale.value
    return out


def communication_index(formula: OperationFormula, columns: Mapping[str, F64]) -> F64:
    """The formula's index for every row of ``columns`` (raw counts of one period each)."""
    if isinstance(formula, WciV14Formula):
        return _wci_v14(formula, columns)
    if isinstance(formula, WciV2Formula):
        return _wci_v2(formula, columns)
    return _bci(formula, columns)
