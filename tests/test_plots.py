"""dtilib.plots: every chart rendered on bundled data, asserted on the Axes."""
from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from dtilib import plots  # noqa: E402
from dtilib.errors import DtiError  # noqa: E402
from dtilib.labels import SYNTHETIC_MARK, label  # noqa: E402
from dtilib.plots._examples import example_scores  # noqa: E402
from dtilib.provinces import provinces  # noqa: E402


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return example_scores()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _gids(artists, prefix):
    return [a.get_gid() for a in artists if (a.get_gid() or "").startswith(prefix)]


def _texts(fig):
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


@pytest.mark.e2e
def test_import_dtilib_does_not_import_matplotlib():
    code = ("import sys, dtilib; "
            "bad = [m for m in ('matplotlib', 'seaborn', 'pptx') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_apply_style_sets_font_palette_and_16_9():
    with matplotlib.rc_context():
        plots.apply_style()
        rc = matplotlib.rcParams
        assert rc["font.sans-serif"][0] == "DejaVu Sans"
        w, h = rc["figure.figsize"]
        assert abs(w / h - 16 / 9) < 0.01
        assert rc["font.size"] >= 14
        colours = [c["color"] for c in rc["axes.prop_cycle"]]
        assert colours[:4] == ["#0072B2", "#E69F00", "#009E73", "#D55E00"]  # Okabe–Ito


def test_charts_use_house_style_without_global_change(scores):
    before = matplotlib.rcParams["font.size"]
    ax = plots.rank_trajectories(scores, highlight="Bắc Kạn")
    assert ax.title.get_fontname() == "DejaVu Sans"
    w, h = ax.figure.get_size_inches()
    assert abs(w / h - 16 / 9) < 0.01
    assert matplotlib.rcParams["font.size"] == before


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_rank_trajectories(scores, lang):
    ax = plots.rank_trajectories(scores, highlight=["Bắc Kạn", "lang son"], lang=lang)
    assert _gids(ax.lines, "highlight:") == ["highlight:06", "highlight:20"]
    assert len(_gids(ax.lines, "context:")) == 63  # every unit in grey; the highlighted ones drawn over theirs
    lo, hi = ax.get_ylim()
    assert lo > hi  # rank 1 at the top
    assert ax.get_title() == label("chart_rank_trajectories", lang).format(indicator=label("total", lang))
    assert ax.get_ylabel() == label("rank", lang)
    bk = scores[(scores.unit == "06") & (scores.indicator == "TOTAL")].sort_values("year")
    line = next(ln for ln in ax.lines if ln.get_gid() == "highlight:06")
    assert list(line.get_ydata()) == list(bk["rank"].astype(float))
    name = "Bắc Kạn" if lang == "vi" else "Bac Kan"
    assert name in _texts(ax.figure)
    assert SYNTHETIC_MARK[lang] in [t.get_text() for t in ax.figure.texts]


def test_synthetic_mark_only_on_synthetic_data(scores):
    real = scores.assign(synthetic=False)
    ax = plots.rank_trajectories(real, highlight="06", lang="en")
    assert not any(SYNTHETIC_MARK[k] in _texts(ax.figure) for k in ("vi", "en"))
    ax = plots.rank_trajectories(real, highlight="06", lang="en", synthetic=True)
    assert SYNTHETIC_MARK["en"] in [t.get_text() for t in ax.figure.texts]


def test_indicator_profile_values_and_labels(scores):
    ax = plots.indicator_profile(scores, "Bắc Kạn", 2022, lang="vi")
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names[0] == "Nhận thức số (100)" and names[-1] == "Hoạt động xã hội số (150)"
    assert len(names) == 8  # smart city (6) is not scored
    unit = next(c for c in ax.collections if c.get_gid() == "unit")
    want = scores[(scores.unit == "06") & (scores.year == 2022) & (scores.level == "indicator")
                  & (scores.max_points > 0)].sort_values("indicator")["points"].to_numpy()
    np.testing.assert_allclose(unit.get_offsets()[:, 0], want)
    best = next(c for c in ax.collections if c.get_gid() == "best")
    d = scores[(scores.year == 2022) & (scores.level == "indicator") & (scores.max_points > 0)]
    np.testing.assert_allclose(best.get_offsets()[:, 0], d.groupby("indicator")["points"].max().to_numpy())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Bắc Kạn", "Trung bình cả nước", "Trung bình vùng", "Cao nhất", "Điểm tối đa"]


def test_indicator_radar(scores):
    ax = plots.indicator_radar(scores, "Lạng Sơn", 2022, lang="en")
    assert ax.name == "polar"
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "Digital awareness"
    unit = next(ln for ln in ax.lines if ln.get_gid() == "unit")
    assert len(unit.get_ydata()) == 9  # 8 indicators, closed polygon
    assert 0 <= np.nanmin(unit.get_ydata()) and np.nanmax(unit.get_ydata()) <= 1


def _pixel(ax, x, y):
    fig = ax.figure
    fig.canvas.draw()
    buf = np.asarray(fig.canvas.buffer_rgba())
    px, py = ax.transData.transform((x, y))
    h = buf.shape[0]
    return tuple(buf[int(round(h - py)), int(round(px)), :3])


def test_heatmap_zero_and_missing_cells_look_different(scores):
    ax = plots.component_heatmap(scores, unit="Bắc Kạn", lang="vi")
    m = plots.heatmap_matrix(scores, unit="06")
    zero_col = list(m.columns).index("1.01")  # Bắc Kạn scored 0 on 1.01
    miss_col = list(m.columns).index("8.01")  # … and did not report 8.01
    assert m.iloc[0, zero_col] == 0 and np.isnan(m.iloc[0, miss_col])
    zero_px = _pixel(ax, zero_col, 0)
    miss_px = _pixel(ax, miss_col, 0)
    ok_col = next(i for i, v in enumerate(m.iloc[0]) if v > 0.05)
    ok_px = _pixel(ax, ok_col, 0)
    assert zero_px != miss_px != ok_px and zero_px != ok_px
    assert zero_px[0] > 100 and zero_px[1] < 40  # dark red
    legend = [p.get_label() for p in ax.get_legend().get_patches()]
    assert legend == ["Điểm 0", "Không có số liệu"]
    assert ax.get_title() == "Bắc Kạn: điểm chỉ số thành phần qua các năm"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2020", "2021", "2022", "2023"]


def test_heatmap_provinces_by_components(scores):
    units = ["Bắc Kạn", "Lạng Sơn", "Hà Nội"]
    ax = plots.component_heatmap(scores, year=2022, units=units, indicator="1", lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Bac Kan", "Lang Son", "Ha Noi"]
    assert len(ax.get_xticklabels()) == 10
    assert "0" in _texts(ax.figure)  # zero cells are written as "0" when the grid is small
    ax = plots.component_heatmap(scores, year=2022, unit="Bắc Kạn", units=["Lạng Sơn", "Hà Nội"], lang="vi")
    labels = {t.get_text(): t for t in ax.get_yticklabels()}
    assert set(labels) == {"Bắc Kạn", "Lạng Sơn", "Hà Nội"}
    assert labels["Bắc Kạn"].get_color() == plots.style.DOWN and labels["Hà Nội"].get_color() != plots.style.DOWN
    with pytest.raises(DtiError, match="unit= .* or year="):
        plots.component_heatmap(scores)


def test_change_waterfall_adds_up(scores):
    ax = plots.change_waterfall(scores, "Bắc Kạn", 2021, 2022, lang="en")
    steps = plots.score_steps(scores, "06", 2021, 2022)
    total = steps.set_index("indicator").loc["TOTAL"]
    bars = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    assert len([g for g in bars if g.startswith("step:")]) == 8
    assert bars["total:2021"].get_height() == pytest.approx(total["points_from"])
    assert bars["total:2022"].get_height() == pytest.approx(total["points_to"])
    # each step is as tall as the indicator's change and coloured by its sign
    for row in steps[steps.indicator != "TOTAL"].itertuples():
        bar = bars[f"step:{row.indicator}"]
        assert bar.get_height() == pytest.approx(abs(row.points_change), abs=1e-6)
        want = plots.style.UP if row.points_change >= 0 else plots.style.DOWN
        assert matplotlib.colors.to_hex(bar.get_facecolor()) == want.lower()
    assert ax.get_title().startswith("Bac Kan: score change 2021→2022")


def test_score_distribution_marks_provinces(scores):
    ax = plots.score_distribution(scores, 2022, highlight=["Bắc Kạn", "Đà Nẵng"], lang="vi")
    assert _gids(ax.lines, "highlight:") == ["highlight:06", "highlight:48"]
    tot = scores[(scores.indicator == "TOTAL") & (scores.year == 2022)]
    mean = next(ln for ln in ax.lines if ln.get_gid() == "mean")
    assert mean.get_xdata()[0] == pytest.approx(tot["points"].mean())
    bk = tot[tot.unit == "06"].iloc[0]
    assert any(f"{bk['points']:.1f} · xếp hạng {int(bk['rank'])}" in t for t in _texts(ax.figure))
    assert sum(p.get_height() for p in ax.patches) == 63


def test_tile_layouts_are_complete_and_roughly_geographic():
    for era, n in (("pre2025", 63), ("post2025", 34)):
        t = plots.tiles(era)
        assert len(t) == n and t["key"].is_unique
        assert set(t["key"]) == set(provinces(era)["key"])
        assert not t.duplicated(["row", "col"]).any()
        assert t["label"].is_unique
    t = plots.tiles("pre2025").set_index("key")
    reg = provinces("pre2025").set_index("key")["region"]
    mean_row = t["row"].groupby(reg).mean()
    assert max(mean_row["NMM"], mean_row["RRD"]) < mean_row["NCC"] < mean_row["SE"] < mean_row["MRD"]
    # north → south: Hà Giang, Hà Nội, Đà Nẵng, Hồ Chí Minh, Cà Mau
    assert list(t.loc[["02", "01", "48", "79", "96"], "row"]) == sorted(t.loc[["02", "01", "48", "79", "96"], "row"])
    # the new map keeps the old one's order: each new unit's row and column follow
    # the mean row and column of its old provinces (rank correlation)
    new = plots.tiles("post2025").set_index("key")
    succ = provinces("pre2025").set_index("key")["successor"]
    for axis, floor in (("row", 0.98), ("col", 0.9)):
        d = pd.DataFrame({"new": new[axis], "old": t[axis].groupby(succ).mean()})
        assert d.corr("spearman").iloc[0, 1] > floor, axis


def test_tile_map_63_and_34(scores):
    ax = plots.tile_map(scores, year=2022, highlight="Bắc Kạn", lang="vi")
    tiles = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("tile:")}
    assert len(tiles) == 63
    outlines = [p for p in ax.patches if (p.get_gid() or "").startswith("highlight:")]
    assert [p.get_gid() for p in outlines] == ["highlight:06"]  # Bắc Kạn outlined over its tile
    assert matplotlib.colors.to_hex(outlines[0].get_edgecolor()) == plots.style.DOWN.lower()
    assert outlines[0].get_xy() == tiles["tile:06"].get_xy()
    tot = scores[(scores.indicator == "TOTAL") & (scores.year == 2022)].set_index("unit")["index"]
    hi, lo = tot.idxmax(), tot.idxmin()
    assert tiles[f"tile:{hi}"].get_facecolor() != tiles[f"tile:{lo}"].get_facecolor()
    texts = _texts(ax.figure)
    assert "BKA" in texts and "QĐ. Hoàng Sa" in texts and "QĐ. Trường Sa" in texts
    assert "Tổng điểm 2022 — 63 tỉnh/thành phố" == ax.get_title()

    from dtilib.scoring import reaggregate
    new = reaggregate(scores)
    ax = plots.tile_map(new, year=2022, highlight="Bắc Kạn", lang="en")
    tiles = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("tile:")}
    assert len(tiles) == 34
    # Bắc Kạn is part of Thái Nguyên (N19) after 2025
    outline = next(p for p in ax.patches if p.get_gid() == "highlight:N19")
    assert matplotlib.colors.to_hex(outline.get_edgecolor()) == plots.style.DOWN.lower()
    assert outline.get_xy() == tiles["tile:N19"].get_xy()
    assert SYNTHETIC_MARK["en"] in [t.get_text() for t in ax.figure.texts]


def test_tile_map_missing_units_are_hatched():
    vals = pd.DataFrame({"unit": ["06", "20"], "rank": [63, 21]})
    ax = plots.tile_map(vals, value="rank", lang="en")
    tiles = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("tile:")}
    assert len(tiles) == 63
    assert tiles["tile:01"].get_hatch() == "///" and tiles["tile:06"].get_hatch() is None
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Not reported"]
    assert SYNTHETIC_MARK["en"] not in _texts(ax.figure)


def test_rank_intervals_from_engine(scores):
    from dtilib.analysis import rank_intervals
    iv = rank_intervals(scores, 2022, draws=500, seed=1)
    ax = plots.rank_intervals(iv, highlight="Bắc Kạn", around=8, lang="en")
    shown = [t.get_text() for t in ax.get_yticklabels()]
    r = int(iv.set_index("unit").at["06", "rank"])
    assert "Bac Kan" in shown
    assert len(shown) == ((iv["rank"] - r).abs() <= 8).sum()
    line = next(ln for ln in ax.lines if ln.get_gid() == "interval:06")
    row = iv.set_index("unit").loc["06"]
    assert list(line.get_xdata()) == [row["lo"], row["hi"]]
    assert SYNTHETIC_MARK["en"] in [t.get_text() for t in ax.figure.texts]
    ax = plots.rank_intervals(iv, lang="vi")
    assert len(ax.get_yticklabels()) == 63
    assert ax.get_title().startswith("Độ vững của xếp hạng")


def test_bad_input_gives_clear_errors(scores):
    with pytest.raises(DtiError, match="lacks column"):
        plots.indicator_profile(pd.DataFrame({"unit": ["06"]}), "06", 2022)
    with pytest.raises(Exception, match="(?i)xyz"):
        plots.rank_trajectories(scores, highlight="Xyz province")
    with pytest.raises(DtiError, match="no scores for Bac Kan in 1999"):
        plots.change_waterfall(scores, "06", 1999, 2022)
    with pytest.raises(ValueError, match="unknown language"):
        plots.rank_trajectories(scores, lang="fr")


def test_font_has_every_glyph_we_show():
    """The font the charts use covers every character of every province name, label and mark."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font
    import yaml
    from importlib import resources

    with plots.house_style():
        path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]),
                                     fallback_to_default=False)
    assert "DejaVuSans" in path.replace(" ", "")
    charmap = FT2Font(path).get_charmap()
    with resources.files("dtilib").joinpath("data/labels.yaml").open(encoding="utf-8") as fh:
        labels = yaml.safe_load(fh)
    texts = []
    for era in ("pre2025", "post2025"):
        p = provinces(era)
        texts += list(p["name_vi"]) + list(p["name_en"]) + list(plots.tiles(era)["label"])
    texts += [v for entry in labels.values() for v in entry.values()]
    texts += list(SYNTHETIC_MARK.values())
    with resources.files("dtilib").joinpath("data/plot_style.yaml").open(encoding="utf-8") as fh:
        isl = yaml.safe_load(fh)["islands"]
    texts += [i[k] for era in isl.values() for i in era for k in ("name_vi", "name_en")]
    texts += ["−", "→", "·", "▲", "▼"]
    chars = {c for t in texts for c in str(t) if not c.isspace()}
    assert len(chars) > 90  # the Vietnamese letters are in there
    missing = sorted(c for c in chars if ord(c) not in charmap)
    assert not missing, f"no glyph for {missing}"


@pytest.fixture(scope="module")
def demo_scores() -> pd.DataFrame:
    try:
        from dtilib import demo

        return demo.scores()
    except Exception as exc:  # built by dtilib.demo
        pytest.skip(f"dtilib.demo.scores() unavailable: {exc}")


def test_every_chart_on_the_bundled_demo_data(demo_scores):
    """Bắc Kạn's published story drawn from the bundled synthetic set: 59 → 51 → 63,
    +74.02 points 2021→2022, 34 zero components in 2022; every chart marked synthetic."""
    s = demo_scores
    axes = []
    ax = plots.rank_trajectories(s, highlight=["Bắc Kạn"], lang="vi")
    line = next(ln for ln in ax.lines if ln.get_gid() == "highlight:06")
    assert list(line.get_ydata()[:3]) == [59, 51, 63]
    axes.append(ax)
    ax = plots.change_waterfall(s, "Bắc Kạn", 2021, 2022, lang="en")
    assert "(+74.02 points)" in ax.get_title()
    axes.append(ax)
    ax = plots.component_heatmap(s, unit="Bắc Kạn", lang="vi")
    m = plots.heatmap_matrix(s, unit="06")
    assert int((m.loc[2022] == 0).sum()) == 34
    axes.append(ax)
    axes.append(plots.component_heatmap(s, year=2022, lang="en"))
    axes.append(plots.indicator_profile(s, "Bắc Kạn", 2022, lang="vi"))
    axes.append(plots.indicator_radar(s, "Bắc Kạn", 2022, lang="en"))
    axes.append(plots.score_distribution(s, 2022, highlight=["Bắc Kạn", "Đà Nẵng"], lang="vi"))
    axes.append(plots.tile_map(s, year=2022, highlight="Bắc Kạn", lang="vi"))
    from dtilib.scoring import reaggregate
    ax = plots.tile_map(reaggregate(s[s.year == 2022]), year=2022, lang="en")
    assert len(_gids(ax.patches, "tile:")) == 34
    axes.append(ax)
    from dtilib.analysis import rank_intervals
    axes.append(plots.rank_intervals(rank_intervals(s, 2022, draws=300), highlight="Bắc Kạn", lang="en"))
    for ax in axes:
        marks = [t.get_text() for t in ax.figure.texts if t.get_gid() == plots.style.MARK_GID]
        assert marks and marks[0] in SYNTHETIC_MARK.values()
        assert ax.get_title()


def test_charts_for_a_projector_axes_and_legends(scores):
    """Axes start where the data make sense and legends stay inside the figure."""
    from dtilib.analysis import rank_intervals

    ax = plots.change_waterfall(scores, "Bắc Kạn", 2021, 2022, lang="vi")
    # the totals' bars from zero, or a clearly broken axis whose foot says 0 (not a plain axis from 300)
    broken = [a for a in [*ax.patches, *ax.lines] if a.get_gid() == "axis-break"]
    assert ax.get_ylim()[0] == 0 or (broken and ax.get_yticklabels()[0].get_text() == "0")
    assert broken  # Bắc Kạn's +74 on 320 points would be invisible from zero
    ticks = ax.get_yticks()
    assert ticks[0] == ax.get_ylim()[0] and ticks[1] > ticks[0]  # "0" at the foot, real values above
    iv = rank_intervals(scores, 2022, draws=200, seed=0)
    ax = plots.rank_intervals(iv, highlight="Bắc Kạn", around=10, lang="vi")  # Bắc Kạn is near 63/63
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and min(ticks) >= 1 and max(ticks) <= 63 and ax.get_xlim()[1] <= 63.5
    sparse = scores[~((scores.indicator == "TOTAL") & scores.unit.isin(["01", "79"]))]
    ax = plots.tile_map(sparse, year=2022, highlight=["Bắc Kạn"], lang="vi")
    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.x1 and box.y0 >= 0 and box.y1 <= fig.bbox.y1


def test_heatmap_zero_cells_stay_separate(scores):
    ax = plots.component_heatmap(scores, unit="Bắc Kạn", lang="vi")
    assert any(c.get_gid() == "cell-grid" for c in ax.collections)  # white line round every cell
    assert "0" not in _texts(ax.figure)  # 98 narrow columns: no "00000" run of digits


def test_house_theme_is_set_through_seaborn():
    import tomllib
    from pathlib import Path

    import seaborn as sns

    deps = tomllib.loads(Path(__file__).resolve().parents[1].joinpath("pyproject.toml").read_text())
    assert any(d.startswith("seaborn") for d in deps["project"]["dependencies"])
    with matplotlib.rc_context():
        sns.reset_orig()
        plots.apply_style()
        assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][:2] == plots.PALETTE[:2]
        assert sns.color_palette()[0] == matplotlib.colors.to_rgb(plots.PALETTE[0])


def test_seaborn_grids_in_the_house_style_say_nothing():
    import warnings

    import pandas as pd
    import seaborn as sns

    plots.apply_style()
    df = pd.DataFrame({"year": [2020, 2021] * 2, "points": [1.0, 2.0, 3.0, 4.0], "region": ["A", "A", "B", "B"]})
    with warnings.catch_warnings(record=True) as caught:
        grid = sns.relplot(data=df, x="year", y="points", col="region", kind="line")
    plt.close(grid.figure)
    assert not [w for w in caught if "layout has changed" in str(w.message)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_long_province_name_never_pushes_a_title_off_the_slide(lang):
    from dtilib.dataset import Dataset

    s = Dataset.demo().scores
    for unit in ("Bà Rịa - Vũng Tàu", "Thừa Thiên Huế"):
        for ax in (plots.change_waterfall(s, unit, 2021, 2022, lang=lang),
                   plots.indicator_profile(s, unit, 2022, lang=lang),
                   plots.component_heatmap(s, unit=unit, lang=lang)):
            fig = ax.figure
            fig.canvas.draw()
            box = ax.title.get_window_extent(fig.canvas.get_renderer())
            plt.close(fig)
            assert 0 <= box.x0 and box.x1 <= fig.bbox.width, ax.get_title()
