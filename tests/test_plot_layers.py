"""A chart drawn over a field kept from an earlier figure is the chart drawn whole.

The yearly batch draws one bump-chart field and one tile map per year and paints
each report's highlight over it (dtilib.plots.layers). These tests hold that
speed-up to the rule "speed never changes a result": pixel for pixel the same
image, the same artists, and a different field never reused.
"""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from dtilib import plots  # noqa: E402
from dtilib.dataset import Dataset  # noqa: E402
from dtilib.plots import layers  # noqa: E402


@pytest.fixture(scope="module")
def scores():
    return Dataset.demo().scores


def _png(ax, dpi=78) -> np.ndarray:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=dpi)
    plt.close(ax.figure)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGBA"))


CHARTS = {
    "bump": lambda s, u, year=2022: plots.rank_trajectories(s, highlight=[u], lang="vi"),
    "tiles": lambda s, u, year=2022: plots.tile_map(s, year=year, highlight=[u], lang="vi"),
    "heatmap": lambda s, u, year=2022: plots.component_heatmap(s, unit=u, lang="vi"),
    "profile": lambda s, u, year=2022: plots.indicator_profile(s, u, year, lang="vi"),
    "waterfall": lambda s, u, year=2022: plots.change_waterfall(s, u, year - 1, year, lang="vi"),
}


@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_drawn_over_a_kept_field_equals_drawn_whole(scores, chart):
    draw = CHARTS[chart]
    with layers.shared_fields(False):
        whole = _png(draw(scores, "20"))  # Lạng Sơn, every artist painted
        whole_first = _png(draw(scores, "10"))
        assert layers.cache_info()["fields"] == 0
    with layers.shared_fields(True):
        first = _png(draw(scores, "10"))  # Lào Cai paints the field and keeps it
        assert layers.cache_info()["fields"] == 1
        hits = layers.cache_info()["hits"]
        kept = _png(draw(scores, "20"))  # Lạng Sơn: the field restored, only its highlight painted
        assert layers.cache_info()["hits"] == hits + 1
    assert kept.shape == whole.shape
    assert np.array_equal(kept, whole)
    assert np.array_equal(first, whole_first)  # keeping the field changed nothing in the figure that kept it
    ax = draw(scores, "20")
    ax.figure._dti_token = None  # an ordinary figure: every artist painted by matplotlib, in zorder
    assert np.array_equal(_png(ax), whole)  # field first and overlay over it is that same picture


def test_waterfalls_on_a_broken_axis_share_their_own_field(scores):
    # Bắc Kạn and Hà Nội both start their value axis above zero (the axis is broken): their cut
    # marks widen the x axis, so they share a field of their own, never the unbroken one
    draw = CHARTS["waterfall"]
    with layers.shared_fields(False):
        whole = _png(draw(scores, "06"))
    with layers.shared_fields(True):
        _png(draw(scores, "10"))
        _png(draw(scores, "01"))
        hits = layers.cache_info()["hits"]
        kept = _png(draw(scores, "06"))
        assert layers.cache_info() == {"fields": 2, "hits": hits + 1, "misses": layers.cache_info()["misses"]}
    ax = draw(scores, "06")
    ax.figure._dti_token = None
    assert np.array_equal(kept, whole) and np.array_equal(_png(ax), whole)


@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_the_highlight_is_painted_on_the_field(scores, chart):
    draw = CHARTS[chart]
    with layers.shared_fields(True):
        a = _png(draw(scores, "06"))
        b = _png(draw(scores, "20"))
    assert not np.array_equal(a, b)  # each report shows its own unit


def _field_artist(ax):
    """One of the chart's own artists that is painted in its field (not its overlay)."""
    mine = getattr(ax.figure, "_dti_overlay", [])
    return [a for a in ax.get_children()
            if hasattr(a, "set_alpha") and a is not ax.patch and all(a is not o for o in mine)][0]


TOUCHES = {  # what an analyst does to a returned chart before showing it, one thing at a time
    "own text": lambda ax: ax.text(0.5, 0.5, "ghi chú của tôi", transform=ax.transAxes, fontsize=30, color="red"),
    "field artist": lambda ax: _field_artist(ax).set_alpha(0.2),
    "suptitle": lambda ax: ax.figure.suptitle("Sở TT&TT"),
    "axis label": lambda ax: ax.xaxis.label.set_color("red"),
    "figure text": lambda ax: ax.figure.texts[0].set_fontsize(30),
}


@pytest.mark.parametrize("touch", sorted(TOUCHES))
@pytest.mark.parametrize("chart", sorted(CHARTS))
def test_a_chart_changed_after_it_was_drawn_is_drawn_as_changed(scores, chart, touch):
    # the field is named when the chart is built; what you change afterwards must show, and
    # must not be handed to the next chart
    draw, change = CHARTS[chart], TOUCHES[touch]

    def changed(unit):
        ax = draw(scores, unit)
        change(ax)
        return ax

    with layers.shared_fields(False):
        whole = _png(changed("20"))
        plain = _png(draw(scores, "04"))
    with layers.shared_fields(True):
        _png(draw(scores, "10"))  # the field kept
        after_change = _png(changed("20"))
        after = _png(draw(scores, "04"))
        assert layers.cache_info()["fields"] == 1  # the changed figure kept no field of its own
    assert np.array_equal(after_change, whole)
    assert np.array_equal(after, plain)


def test_a_background_asked_for_when_saving_is_painted(scores):
    with layers.shared_fields(False):
        ax = plots.tile_map(scores, year=2022, highlight="20", lang="vi")
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=78, facecolor="#FFEEDD")
        whole = np.asarray(Image.open(buf))
        plt.close(ax.figure)
    with layers.shared_fields(True):
        _png(plots.tile_map(scores, year=2022, highlight="06", lang="vi"))
        ax = plots.tile_map(scores, year=2022, highlight="20", lang="vi")
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=78, facecolor="#FFEEDD")
        plt.close(ax.figure)
    assert np.array_equal(np.asarray(Image.open(buf)), whole)


def test_another_year_or_language_is_another_field(scores):
    with layers.shared_fields(True):
        y22 = _png(plots.tile_map(scores, year=2022, highlight="06", lang="vi"))
        misses = layers.cache_info()["misses"]
        y21 = _png(plots.tile_map(scores, year=2021, highlight="06", lang="vi"))
        en = _png(plots.tile_map(scores, year=2022, highlight="06", lang="en"))
        assert layers.cache_info()["misses"] == misses + 2  # neither reused 2022's Vietnamese field
    with layers.shared_fields(False):
        assert np.array_equal(y21, _png(plots.tile_map(scores, year=2021, highlight="06", lang="vi")))
        assert np.array_equal(en, _png(plots.tile_map(scores, year=2022, highlight="06", lang="en")))
    assert not np.array_equal(y22, y21)


def test_changed_scores_are_another_field(scores):
    changed = scores.copy()
    changed.attrs = dict(scores.attrs)
    tot = (changed["indicator"] == "TOTAL") & (changed["year"] == 2022)
    changed.loc[tot & (changed["unit"] == "01"), "index"] = 0.0  # Hà Nội's 2022 tile changes colour
    with layers.shared_fields(True):
        before = _png(plots.tile_map(scores, year=2022, highlight="06", lang="vi"))
        after = _png(plots.tile_map(changed, year=2022, highlight="06", lang="vi"))
    assert not np.array_equal(before, after)


def test_files_and_own_axes_draw_every_artist(scores):
    # an SVG paints every artist (no pixels to keep); a chart on your own Axes is an ordinary figure
    with layers.shared_fields(True):
        ax = plots.tile_map(scores, year=2022, highlight="06", lang="vi")
        buf = io.StringIO()
        ax.figure.savefig(buf, format="svg")
        plt.close(ax.figure)
        assert layers.cache_info()["fields"] == 0
        fig, mine = plt.subplots()
        plots.rank_trajectories(scores, highlight="06", ax=mine, lang="vi")
        fig.canvas.draw()
        plt.close(fig)
        assert layers.cache_info()["fields"] == 0
    assert 'id="highlight:06"' in buf.getvalue()


def test_a_field_let_go_between_layout_and_paint_is_painted_anyway(scores):
    with layers.shared_fields(True):
        _png(plots.component_heatmap(scores, unit="10", lang="vi"))
        ax = plots.component_heatmap(scores, unit="20", lang="vi")
        ax.figure.draw_without_rendering()  # laid out over the kept field
    with layers.shared_fields(True):  # a new block: the kept fields are gone
        ax.figure.canvas.draw()
        assert layers.cache_info()["fields"] == 1
    plt.close(ax.figure)
