"""Heatmap of component scores: zeros and unreported components drawn differently.

A component scored **zero** is a dark red cell (with a "0" when cells are big
enough to hold text); a component **not reported** (missing) is a hatched grey
cell. Other cells are coloured by their share of the component's maximum
(colour-blind-safe ``cividis``), drawn with ``seaborn.heatmap``, a thin white
line round every cell so neighbouring zeros stay apart. Wide grids name each
main indicator above its block of components. The legend names both.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd
from matplotlib.patches import Patch, Rectangle

from ..errors import DtiError
from ..labels import label
from . import layers, style
from ._common import indicator_name, require, unit_key, unit_name


def _component_order(codes: Iterable[str]) -> list[str]:
    def key(c: str):
        parts = str(c).split(".")
        return [int(p) if p.isdigit() else p for p in parts]

    return sorted(set(map(str, codes)), key=key)


def heatmap_matrix(data: pd.DataFrame, unit: str | None = None, year: int | None = None,
                   units: Iterable[str] | None = None, indicator: str | None = None) -> pd.DataFrame:
    """The matrix a :func:`component_heatmap` draws: rows (provinces or years) ×
    component codes, values = index (share of the maximum), NaN = not reported.

    >>> from dtilib.plots._examples import example_scores
    >>> m = heatmap_matrix(example_scores(), unit="06", indicator="1")
    >>> m.shape, float(m.loc[2022, "1.01"])
    ((4, 10), 0.0)
    """
    require(data, ["unit", "year", "indicator", "level", "index"], "component_heatmap")
    from ..dataset import kept

    def scored_components() -> pd.DataFrame:  # the same rows for every unit's heatmap of a batch
        d = data[data["level"] == "component"]
        return d[d["max_points"].astype(float) > 0] if "max_points" in d.columns else d

    d = kept(data, ("heatmap_components",), scored_components)
    if indicator is not None:
        d = d[d["indicator"].astype(str).str.split(".").str[0] == str(indicator)]
    if unit is not None and year is None:
        key = unit_key(unit, data)
        d = d[d["unit"] == key]
        rows = "year"
    elif year is not None:
        d = d[d["year"].astype(int) == int(year)]
        if units is not None:
            keep = [unit_key(u, data) for u in units]
            if unit is not None and unit_key(unit, data) not in keep:
                keep.append(unit_key(unit, data))
            d = d[d["unit"].isin(keep)]
        rows = "unit"
    else:
        raise DtiError("component_heatmap: give unit= (years × components) or year= (provinces × components)")
    if d.empty:
        raise DtiError("component_heatmap: no component scores for this selection")
    m = d.pivot_table(index=rows, columns="indicator", values="index", aggfunc="first", dropna=False)
    m = m.reindex(columns=_component_order(m.columns))
    if rows == "unit":
        if units is not None:
            m = m.reindex([k for k in keep if k in m.index])
        elif "rank" in data.columns:
            tot = data[(data["level"] == "total") & (data["year"].astype(int) == int(year))]
            order = tot.sort_values("rank")["unit"].tolist()
            m = m.reindex([u for u in order if u in m.index] + [u for u in m.index if u not in order])
    return m


@style.chart
def component_heatmap(data: pd.DataFrame, unit: str | None = None, year: int | None = None,
                      units: Iterable[str] | None = None, indicator: str | None = None, ax=None,
                      lang: str = "vi", title: str | None = None, annotate: bool | None = None,
                      synthetic: bool | None = None):
    """Heatmap of component scores, zeros and missing values visibly different.

    * ``unit=`` (no ``year``): one province, years × components;
    * ``year=``: provinces × components (``units=`` to choose and order them,
      else all, by rank when ranks are present); with ``unit=`` too, that
      province's row label is highlighted.

    ``indicator="7"`` keeps one main indicator's components. Values are shares
    of each component's maximum. Zero cells are dark red (text "0" when
    ``annotate``, default when the grid is small); missing cells hatched grey.

    >>> from dtilib.plots._examples import example_scores
    >>> ax = component_heatmap(example_scores(), unit="Bắc Kạn", lang="en")
    >>> [p.get_label() for p in ax.get_legend().get_patches()]
    ['Zero', 'Not reported']
    """
    m = heatmap_matrix(data, unit=unit, year=year, units=units, indicator=indicator)
    nr, nc = m.shape
    vals = m.to_numpy(float)
    own = ax is None
    ax = style.new_axes(ax)
    # missing: a hatched grey background shows through the masked cells
    ax.add_patch(Rectangle((-0.5, -0.5), nc, nr, facecolor=style.MISSING, edgecolor="#9A9A9A",
                           hatch="///", linewidth=0, zorder=0, gid="missing"))
    # seaborn draws the cells in one mesh: values on the sequential map, zeros in their own colour
    # (below the map's range: its "under" colour), missing left out (the hatched background shows
    # through); cells are centred on whole numbers like the rest of the chart. One call, not a layer
    # each: seaborn draws the whole figure inside every heatmap() call (to check its tick labels).
    import seaborn as sns
    from matplotlib import colormaps
    from matplotlib.transforms import Affine2D

    cmap = colormaps[style.SEQUENTIAL].with_extremes(under=style.ZERO)
    frame = pd.DataFrame(np.where(vals == 0, -1.0, vals))
    with layers.sketching(ax.get_figure()):  # our own tick labels follow: seaborn need not draw to check its own
        sns.heatmap(frame, mask=np.isnan(vals), cmap=cmap, vmin=0, vmax=1, cbar=False, ax=ax,
                    xticklabels=False, yticklabels=False, square=False)
    img = ax.collections[-1]
    img.set_transform(Affine2D().translate(-0.5, -0.5) + ax.transData)
    img.set_gid("values")
    img.set_zorder(1)
    # a thin white line round every cell: neighbouring zeros stay separate cells, not one red bar
    # the cells and the lines over them are each figure's own (the overlay); the frame round them
    # — labels, colour bar, legend — is the same for every unit of a batch (see dtilib.plots.layers)
    overlay = [img]
    overlay.append(ax.vlines(np.arange(nc + 1) - 0.5, -0.5, nr - 0.5, colors="white",
                             linewidth=0.8 if nc > 40 else 1.5, zorder=3.5, gid="cell-grid"))
    overlay.append(ax.hlines(np.arange(nr + 1) - 0.5, -0.5, nc - 0.5, colors="white", linewidth=1.5, zorder=3.5))
    if annotate is None:  # "0" only where a cell is wide enough to hold it on a slide ("00000" otherwise)
        annotate = nc <= 40 and nr * nc <= 600
    if annotate:
        for r, c in zip(*np.nonzero(vals == 0)):
            overlay.append(ax.text(c, r, "0", ha="center", va="center", color="white", fontsize=11,
                                   fontweight="bold", zorder=3))
    # main-indicator groups: separators and labels
    groups = pd.Series([str(c).split(".")[0] for c in m.columns])
    starts = groups.ne(groups.shift()).to_numpy().nonzero()[0]
    for s in starts[1:]:
        overlay.append(ax.axvline(s - 0.5, color="white", linewidth=2.5, zorder=4))
    if nc <= 30:
        ax.set_xticks(range(nc), list(m.columns), rotation=90, fontsize=11)
    else:
        ends = list(starts[1:]) + [nc]
        centres = [(a + b - 1) / 2 for a, b in zip(starts, ends)]
        import textwrap

        # each main indicator's number and name under its block of components (readable on a slide)
        def named(code: str, width_cols: int) -> str:
            wrap = max(6, int(width_cols * 1.1))
            return "\n".join([code] + textwrap.wrap(indicator_name(code, lang, data), wrap, break_long_words=False))

        ax.set_xticks(centres, [named(groups[a], b - a) for a, b in zip(starts, ends)], fontsize=12,
                      linespacing=1.0)
        ax.tick_params(axis="x", length=0)
    if m.index.name == "unit":
        ylabels = [unit_name(u, lang, data) for u in m.index]
    else:
        ylabels = [str(int(y)) for y in m.index]
    fs = 14 if nr <= 20 else 11 if nr <= 35 else 7
    ax.set_yticks(range(nr), ylabels, fontsize=fs)
    if m.index.name == "unit" and unit is not None:
        hot = unit_key(unit, data)
        for t, u in zip(ax.get_yticklabels(), m.index):
            if u == hot:
                t.set_fontweight("bold")
                t.set_color(style.DOWN)
    ax.set_xlim(-0.5, nc - 0.5)
    ax.set_ylim(nr - 0.5, -0.5)
    for sp in ax.spines.values():
        sp.set_visible(False)
    cbar = ax.get_figure().colorbar(img, ax=ax, fraction=0.03, pad=0.01)
    cbar.set_label(label("share_of_max", lang))
    handles = [Patch(facecolor=style.ZERO, edgecolor="none", label=label("zero", lang)),
               Patch(facecolor=style.MISSING, edgecolor="#9A9A9A", hatch="///", label=label("missing", lang))]
    # column labels and the axis label on top, the legend alone below: neither can cover the other
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.015), ncol=2, handlelength=2.2,
              handleheight=1.2)
    if title is None:
        if m.index.name == "unit":
            title = label("chart_heatmap_units", lang).format(year=year)
        else:
            title = label("chart_heatmap_years", lang).format(province=unit_name(unit_key(unit, data), lang, data))
        if indicator is not None:
            title += f" — {indicator_name(str(indicator), lang, data)}"
    xlabel = label("component", lang) if nc <= 30 else label("main_indicator", lang)
    ax = style.finish(ax, data, lang, title, xlabel, None, synthetic)
    if own:
        layers.layer(ax.get_figure(), overlay, "component_heatmap", list(m.index), list(m.columns),
                     m.index.name, unit_key(unit, data) if unit is not None and m.index.name == "unit" else None,
                     placed=[ax.title])
    return ax
