"""Charts: each renders to PNG and SVG with every glyph found (checked, not assumed)."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from zwxmt import charts, views
from zwxmt.examples import example_regions
from zwxmt.examples.job import example_job

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _font_or_fail() -> None:
    """A machine without a CJK font fails under CI and skips elsewhere, saying why."""
    try:
        charts.cjk_font()
    except charts.FontMissing as exc:
        message = f"{exc}: run `make system-deps` (apt-get install fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _charts() -> dict[str, Callable[[], Any]]:
    job = example_job()
    names = views.account_names(job)
    regions = example_regions()
    return {
        "ranking": lambda: charts.ranking_chart(job.scores, names=names),
        "ranking of a county and month": lambda: charts.ranking_chart(
            job.scores, "2026-02", county="330825", names=names, top=5),
        "account": lambda: charts.account_chart(job.scores, "LY-T200-WECHAT",
                                                name=names["LY-T200-WECHAT"]),
        "region": lambda: charts.region_chart(job.scores, "330825", regions=regions),
        "province": lambda: charts.region_chart(job.scores, "province"),
        "measures": lambda: charts.measures_chart(job.cleanup, regions=regions),
    }


@pytest.mark.parametrize("name", list(_charts()))
def test_chart_renders_without_missing_glyphs(name: str) -> None:
    _font_or_fail()
    with warnings.catch_warnings():
        # matplotlib warns "Glyph N (...) missing from font(s) ..." for a tofu box: an error
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("error", message=".*findfont.*")
        fig = _charts()[name]()
        png = charts.to_png(fig)
        svg = charts.to_svg(fig)
    assert png.startswith(PNG_MAGIC) and len(png) > 10_000
    assert svg.lstrip().startswith("<?xml") and "<path" in svg
    # the Chinese title is drawn: its text is in the figure
    texts = [t.get_text() for ax in fig.axes for t in (ax.title, *ax.get_yticklabels())]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)


def test_the_glyph_check_catches_tofu() -> None:
    """Drawn with a Latin-only font, the same chart raises: the check above is real."""
    from matplotlib.figure import Figure

    fig = Figure()
    fig.add_subplot().set_title("龙游县", family="DejaVu Sans")
    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        fig.savefig(__import__("io").BytesIO(), format="png")


def test_ranking_bars_are_the_index_points_and_sum_to_the_total() -> None:
    job = example_job()
    fig = charts.ranking_chart(job.scores, "2026-10", top=3)
    ax = fig.axes[0]
    cols = views.select(views.score_columns(job.scores), period="2026-10")
    best = np.argsort(-cols["total"], kind="stable")[:3]
    # bars are drawn index by index, each for the three accounts (top first)
    widths = np.array([p.get_width() for p in ax.patches]).reshape(5, 3)
    assert np.allclose(widths.sum(axis=0), cols["total"][best])
    # by hand for the best account: 运营指数 × its weight on its platform
    section = job.scores.section
    first = views.take(cols, best[:1])
    from zwxmt.scoring.parameters import PLATFORMS

    w = section.index_weight_array("operation")[PLATFORMS.index(str(first["platform"][0]))]
    assert widths[0][0] == pytest.approx(w * first["operation_index"][0])


def test_region_chart_marks_each_deduction() -> None:
    job = example_job()
    fig = charts.region_chart(job.scores, "330825", regions=example_regions())
    reg = views.select(views.region_columns(job.scores), region="330825")
    cuts = reg["health_deduction"][reg["health_deduction"] > 0]
    notes = [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("扣")]
    assert sorted(notes) == sorted(f"扣{c:.2f}" for c in cuts) and len(notes) > 0
    assert fig.axes[0].get_title() == "龙游县 考核结果逐期变化"


def test_measures_chart_counts() -> None:
    job = example_job()
    fig = charts.measures_chart(job.cleanup)
    heights = sum(p.get_height() for p in fig.axes[0].patches)
    assert heights == len(job.cleanup.recommendations)


def test_unknown_selection_is_a_clear_error() -> None:
    job = example_job()
    with pytest.raises(ValueError, match="no result for account"):
        charts.account_chart(job.scores, "NOPE")
    with pytest.raises(ValueError, match="no region result"):
        charts.region_chart(job.scores, "999999")
