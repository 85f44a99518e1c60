"""Charts (图表) of the results, as matplotlib figures, with Chinese text in a CJK font.

Four charts an analyst would otherwise draw by hand:

- :func:`ranking_chart`: the accounts of a period ranked by total (总分), each bar split into
  the points each index contributes (index × its 表2 weight, ``ZJG-9.2-T2``);
- :func:`account_chart`: one account's five indices (and total) over the months;
- :func:`region_chart`: a region's total and 健康指数 over the months, with the 一票否决
  deductions (``ZJG-9.2-T2-VD``) marked;
- :func:`measures_chart`: the cleanup measures (整改措施) per county.

Each returns a :class:`matplotlib.figure.Figure` built without pyplot (no global state, no
display needed: offline and in threads); :func:`to_png` and :func:`to_svg` render one. The
optional extra ``zwxmt[charts]`` installs matplotlib.

Chinese text needs a CJK font. :func:`cjk_font` takes the file named by the environment
variable ``ZWXMT_CJK_FONT``, else the first installed of :data:`CJK_FAMILIES` (Debian:
``apt-get install fonts-noto-cjk``, SIL Open Font License 1.1), else raises
:class:`FontMissing`; a chart never falls back to tofu boxes silently. SVG output draws the
glyphs as paths, so an SVG shows the same text where the font is not installed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from zwxmt import views
from zwxmt.errors import ZwxmtError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from zwxmt.cleanup.pipeline import CleanupRun
    from zwxmt.regions import RegionIndex
    from zwxmt.scoring.result import ScoreResult

__all__ = [
    "CJK_FAMILIES",
    "FontMissing",
    "account_chart",
    "cjk_font",
    "measures_chart",
    "ranking_chart",
    "region_chart",
    "to_png",
    "to_svg",
]

#: CJK font families tried in order (simplified Chinese faces first).
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK JP",
)
#: Environment variable naming a font file to use instead.
FONT_VARIABLE = "ZWXMT_CJK_FONT"

_INDEX_COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#76b7b2", "#edc948")
_MEASURE_COLORS = {"keep": "#59a14f", "change": "#76b7b2", "rectify": "#edc948",
                   "merge": "#b07aa1", "shut_down": "#f28e2b", "deregister": "#e15759"}


class FontMissing(ZwxmtError):
    """No font with Chinese glyphs is installed for the charts."""

    code = "font_missing"


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - the extra is installed in tests
        raise ZwxmtError("charts need matplotlib: pip install 'zwxmt[charts]'") from exc
    return matplotlib


@cache
def cjk_font() -> str:
    """The family name of the CJK font the charts use (see the module docs)."""
    _matplotlib()
    from matplotlib import font_manager

    path = os.environ.get(FONT_VARIABLE)
    if path:
        if not os.path.isfile(path):
            raise FontMissing(f"{FONT_VARIABLE}={path!r} is not a font file")
        font_manager.fontManager.addfont(path)
        return str(font_manager.FontProperties(fname=path).get_name())
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    raise FontMissing(
        "no CJK font for the charts' Chinese text: install one (Debian: apt-get install "
        f"fonts-noto-cjk) or name a font file in {FONT_VARIABLE}")


@contextmanager
def _style() -> Iterator[None]:
    mpl = _matplotlib()
    with mpl.rc_context({
        "font.family": [cjk_font(), "DejaVu Sans"],
        "axes.unicode_minus": False,     # U+2212 is missing from some CJK fonts
        "svg.fonttype": "path",          # glyphs as paths: no font needed to view the SVG
        "svg.hashsalt": "zwxmt",         # stable ids: the same chart gives the same SVG
        "figure.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }):
        yield


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def to_png(fig: Figure, *, dpi: int = 120) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    with _style():
        fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def to_svg(fig: Figure) -> str:
    """The figure as an SVG document, text drawn as paths."""
    buf = io.StringIO()
    with _style():
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def _latest(periods: npt.NDArray[Any]) -> str:
    return str(np.sort(np.asarray(periods, dtype=np.str_))[-1])


def _index_labels() -> list[str]:
    from zwxmt.scoring.parameters import INDEXES, INDEXES_ZH

    return [INDEXES_ZH[i] for i in INDEXES]


def ranking_chart(result: ScoreResult, period: str | None = None, *,
                  county: str | None = None, names: Mapping[str, str] | None = None,
                  top: int = 40) -> Figure:
    """The accounts of ``period`` (default: the latest) ranked by total (总分), each bar split
    into the points of the five indices; vetoed accounts (一票否决) are marked. ``county``
    limits it to one county's accounts, ``names`` labels accounts by name, ``top`` keeps the
    first ones."""
    from zwxmt.scoring.parameters import INDEXES

    cols = views.score_columns(result)
    period = period or _latest(cols["period"])
    scope: dict[str, Any] = {"period": period}
    if county is not None:
        scope["county"] = county
    rows = views.select(cols, **scope)
    if len(rows["total"]) == 0:
        raise ValueError(f"no account result for {scope}")
    order = np.argsort(-rows["total"], kind="stable")[:top]
    rows = views.take(rows, order)
    points = views.contributions(result, rows)
    from zwxmt.scoring.parameters import PLATFORMS_ZH

    names = names or {}
    labels = [f"{names.get(str(a), str(a))}（{PLATFORMS_ZH[str(p)].removeprefix('政务')}）"
              + ("（否决）" if v else "")
              for a, p, v in zip(rows["account_id"], rows["platform"], rows["vetoes"],
                                 strict=True)]
    n = len(labels)
    with _style():
        fig = _figure(9, 1.6 + 0.32 * n)
        ax = fig.add_subplot()
        y = np.arange(n)[::-1]
        left = np.zeros(n)
        for name, zh, color in zip(INDEXES, _index_labels(), _INDEX_COLORS, strict=True):
            width = np.nan_to_num(points[f"{name}_points"])
            ax.barh(y, width, left=left, color=color, label=zh, height=0.7)
            left += width
        for yi, total in zip(y, rows["total"], strict=True):
            ax.text(total + 0.5, yi, f"{total:.2f}", va="center", fontsize=8)
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_xlim(0, 105)
        ax.set_xlabel("得分（各指数得分 = 指数 × 权重）")
        where = f"{county} " if county else ""
        ax.set_title(f"{where}{period} 账号考核排名（总分）")
        ax.legend(ncols=5, loc="lower center", bbox_to_anchor=(0.5, 1.02 + 0.6 / n),
                  fontsize=8, frameon=False)
    return fig


def account_chart(result: ScoreResult, account_id: str, *, name: str | None = None) -> Figure:
    """One account's five indices and total over the periods; vetoed periods marked."""
    cols = views.select(views.score_columns(result), account_id=account_id)
    if len(cols["total"]) == 0:
        raise ValueError(f"no result for account {account_id!r}")
    cols = views.take(cols, np.argsort(cols["period"], kind="stable"))
    x = np.arange(len(cols["period"]))
    with _style():
        fig = _figure(9, 4.2)
        ax = fig.add_subplot()
        for col, zh, color in zip(views.INDEX_COLUMNS, _index_labels(), _INDEX_COLORS,
                                  strict=True):
            ax.plot(x, cols[col], marker="o", ms=3, color=color, label=zh)
        ax.plot(x, cols["total"], color="black", lw=2, ls="--", label="总分")
        vetoed = np.flatnonzero(cols["vetoes"] != "")
        if vetoed.size:
            ax.scatter(x[vetoed], cols["health_index"][vetoed], marker="x", s=60,
                       color="#d62728", zorder=5, label="一票否决")
        ax.set_xticks(x, cols["period"], rotation=45, fontsize=8)
        ax.set_ylim(0, 105)
        ax.set_ylabel("指数")
        ax.set_title(f"{name or account_id} 五项指数逐期变化")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def _region_name(code: str, level: str, regions: RegionIndex | None) -> str:
    if level == "province":
        return "全省"
    if regions is not None and code in regions:
        return str(regions[code].name)
    return code


def region_chart(result: ScoreResult, region: str, *, level: str | None = None,
                 regions: RegionIndex | None = None) -> Figure:
    """A region's (``province``, a city or county code) total and 健康指数 over the periods,
    the 健康指数 before the 一票否决 deduction dotted and each deduction marked with its
    size (``ZJG-9.2-T2-VD``)."""
    cols = views.region_columns(result)
    scope: dict[str, Any] = {"region": region}
    if level is not None:
        scope["region_level"] = level
    rows = views.select(cols, **scope)
    if len(rows["total"]) == 0:
        raise ValueError(f"no region result for {scope}")
    rows = views.take(rows, np.argsort(rows["period"], kind="stable"))
    x = np.arange(len(rows["period"]))
    title = _region_name(region, str(rows["region_level"][0]), regions)
    with _style():
        fig = _figure(9, 4.2)
        ax = fig.add_subplot()
        ax.plot(x, rows["total"], marker="o", color="black", lw=2, label="总分")
        for col, zh, color in zip(views.INDEX_COLUMNS, _index_labels(), _INDEX_COLORS,
                                  strict=True):
            ax.plot(x, rows[col], marker=".", color=color, lw=1, label=zh)
        ax.plot(x, rows["health_index_before_deduction"], color=_INDEX_COLORS[2], ls=":",
                label="扣分前健康指数")
        cut = np.flatnonzero(rows["health_deduction"] > 0)
        if cut.size:
            ax.scatter(x[cut], rows["health_index"][cut], marker="v", s=70, color="#d62728",
                       zorder=5, label="一票否决扣分")
            for i in cut:
                ax.annotate(f"扣{rows['health_deduction'][i]:.2f}",
                            (x[i], rows["health_index"][i]), textcoords="offset points",
                            xytext=(0, 8), ha="center", fontsize=8, color="#d62728")
        ax.set_xticks(x, rows["period"], rotation=45, fontsize=8)
        ax.set_ylim(0, 105)
        ax.set_ylabel("得分")
        ax.set_title(f"{title} 考核结果逐期变化")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def measures_chart(run: CleanupRun, *, regions: RegionIndex | None = None) -> Figure:
    """The cleanup measures (整改措施) per county: accounts by measure, stacked."""
    from zwxmt.models import Measure

    cols = views.measures_by_county(run, regions)
    counties = [_region_name(str(c), "county", regions) for c in cols["county"]]
    n = len(counties)
    with _style():
        fig = _figure(max(6.0, 1.2 + 0.9 * n), 4.2)
        ax = fig.add_subplot()
        x = np.arange(n)
        bottom = np.zeros(n)
        for m in Measure:
            count = np.asarray(cols[m.value], dtype=np.float64)
            if not count.any():
                continue
            ax.bar(x, count, bottom=bottom, color=_MEASURE_COLORS.get(m.value), label=m.zh,
                   width=0.6)
            for xi, b, c in zip(x, bottom, count, strict=True):
                if c:
                    ax.text(float(xi), b + c / 2, f"{int(c)}", ha="center", va="center", fontsize=8)
            bottom += count
        ax.set_xticks(x, counties)
        ax.set_ylabel("账号数")
        ax.set_title(f"清理整合措施（评估日 {run.as_of}）")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig
