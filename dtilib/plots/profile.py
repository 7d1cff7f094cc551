"""One province's main indicators against the maximum, the national mean, its
region's mean and the best province: a dot plot and a radar variant."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..labels import label
from . import layers, style
from ._common import comparison, indicator_name, peer_summary, require, unit_key, unit_name

# marker, colour, size of each comparison series
_SERIES = [
    ("national_mean", "o", style.NEUTRAL, 150),
    ("regional_mean", "s", style.PALETTE[0], 150),
    ("best", "^", style.PALETTE[2], 190),
    ("points", "D", style.DOWN, 260),
]


@style.chart
def indicator_profile(data: pd.DataFrame, unit: str, year: int, ax=None, lang: str = "vi",
                      scale: str = "points", title: str | None = None,
                      synthetic: bool | None = None):
    """Dot plot: the province's points on each scored main indicator, on a grey
    bar up to the maximum, beside the national mean, the regional mean and the best.

    ``data`` is a scores frame (all provinces of ``year``, ``level == "indicator"``
    rows are used). ``scale="index"`` plots shares of the maximum (0–1) instead of
    points. The province's markers carry gid ``"unit"``; the comparison series
    are labelled in the legend.

    >>> from dtilib.plots._examples import example_scores
    >>> ax = indicator_profile(example_scores(), "Bắc Kạn", 2022, lang="en")
    >>> ax.get_title()
    'Bac Kan 2022: main indicators against peers'
    >>> len(ax.get_yticklabels())
    8
    """
    require(data, ["unit", "year", "indicator", "level", "points", "max_points"], "indicator_profile")
    key = unit_key(unit, data)
    peers, names_of = comparison(data, year, lang)
    ps = peer_summary(data, key, year, peers=peers)
    series = [s for s in _SERIES if peers == "region" or s[0] != "regional_mean"]
    idx = scale == "index"
    sfx = "_index" if idx else ""
    own = ax is None
    ax = style.new_axes(ax)
    y = np.arange(len(ps))
    full = np.ones(len(ps)) if idx else ps["max_points"].to_numpy(float)
    ax.barh(y, full, height=0.55, color="#EDEDED", edgecolor="#BBBBBB", zorder=0,
            label=label("max_points", lang), gid="max")
    # the unit's and its region's markers are each figure's own (the overlay); the maxima, the
    # national mean and the best are the same for every unit of a batch (see dtilib.plots.layers)
    overlay = []
    for col, marker, colour, size in series:
        vals = ps[col + sfx].to_numpy(float)
        lab = unit_name(key, lang, data) if col == "points" else names_of[col]
        dots = ax.scatter(vals, y, marker=marker, s=size, color=colour, edgecolor="white", linewidths=1.2,
                          zorder=4 if col == "points" else 3, label=lab, gid="unit" if col == "points" else col)
        if col in ("points", "regional_mean"):
            overlay.append(dots)
    for yi, v, m in zip(y, ps["points" + sfx], full):
        if np.isfinite(v):
            overlay.append(ax.annotate(f"{v:.2f}" if idx else f"{v:.1f}", (m, yi), xytext=(8, 0),
                                       textcoords="offset points", va="center", ha="left", fontsize=14,
                                       fontweight="bold", color=style.DOWN))
        else:
            overlay.append(ax.annotate(label("missing", lang), (0, yi), xytext=(4, 0), textcoords="offset points",
                                       va="center", fontsize=13, color=style.NEUTRAL, fontstyle="italic"))
    names = [f"{indicator_name(c, lang, data)} ({m:.0f})" if not idx else indicator_name(c, lang, data)
             for c, m in zip(ps["indicator"], ps["max_points"])]
    ax.set_yticks(y, names)
    ax.set_ylim(len(ps) - 0.4, -0.6)
    ax.set_xlim(0, float(np.nanmax(full)) * 1.12)
    ax.grid(axis="x")
    h, lab = ax.get_legend_handles_labels()
    by = dict(zip(lab, h))
    want = [unit_name(key, lang, data)] + [names_of[c] for c, *_ in series if c != "points"] + [
        names_of["max_points"]]
    legend = ax.legend([by[w] for w in want], want, loc="upper left",
                       bbox_to_anchor=(1.01, 1.0), handletextpad=0.4, labelspacing=1.0)
    ttl = title or label("chart_indicator_profile" if peers == "region" else "chart_indicator_profile_own",
                         lang).format(province=unit_name(key, lang, data), year=year)
    ax = style.finish(ax, data, lang, ttl, label("index" if idx else "points", lang), None, synthetic)
    if own:
        field = ps[["indicator", "max_points", "national_mean" + sfx, "best" + sfx]].set_index("indicator")
        layers.layer(ax.get_figure(), overlay, "indicator_profile", field, names, idx,
                     [s[0] for s in series], placed=[ax.title, legend])
    return ax


@style.chart
def indicator_radar(data: pd.DataFrame, unit: str, year: int, ax=None, lang: str = "vi",
                    title: str | None = None, synthetic: bool | None = None):
    """Radar chart of the scored main indicators as shares of their maximum (0–1):
    the province, the national mean, the regional mean and the best.

    ``ax`` must be a polar Axes if given (``fig.add_subplot(projection="polar")``).
    The province's polygon carries gid ``"unit"``.

    >>> from dtilib.plots._examples import example_scores
    >>> ax = indicator_radar(example_scores(), "Lạng Sơn", 2022, lang="vi")
    >>> ax.name, len(ax.get_xticks())
    ('polar', 8)
    """
    require(data, ["unit", "year", "indicator", "level", "points", "max_points"], "indicator_radar")
    key = unit_key(unit, data)
    peers, names_of = comparison(data, year, lang)
    ps = peer_summary(data, key, year, peers=peers)
    own_figure = ax is None
    ax = style.new_axes(ax, polar=True)
    n = len(ps)
    theta = np.linspace(0, 2 * np.pi, n, endpoint=False)
    closed = np.append(theta, theta[0])
    for col, _marker, colour, _size in [s for s in _SERIES if peers == "region" or s[0] != "regional_mean"]:
        vals = ps[col + "_index"].to_numpy(float)
        vals = np.append(vals, vals[0])
        hot = col == "points"
        lab = unit_name(key, lang, data) if hot else names_of[col]
        ax.plot(closed, vals, color=colour, linewidth=4 if hot else 2,
                linestyle="-" if hot or col == "best" else "--", marker="o" if hot else None,
                label=lab, gid="unit" if hot else col, zorder=3 if hot else 2)
        if hot:
            ax.fill(closed, np.nan_to_num(vals), color=colour, alpha=0.15, zorder=1)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(theta, [indicator_name(c, lang, data) for c in ps["indicator"]])
    ax.tick_params(axis="x", labelsize=14, pad=10)
    for lab, t in zip(ax.get_xticklabels(), theta):
        x = np.sin(t)  # clockwise from the top: > 0 on the right half
        lab.set_horizontalalignment("left" if x > 0.1 else "right" if x < -0.1 else "center")
    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0], ["0.25", "0.5", "0.75", "1"])
    ax.tick_params(axis="y", labelsize=11, labelcolor=style.NEUTRAL)
    ax.spines["polar"].set_visible(False)
    ax.grid(color="#CCCCCC")
    h, lab = ax.get_legend_handles_labels()
    if own_figure:  # the figure's right edge, below the title: clear of the axis names round the circle
        ax.legend(h[-1:] + h[:-1], lab[-1:] + lab[:-1], loc="upper right", bbox_to_anchor=(0.99, 0.9),
                  bbox_transform=ax.get_figure(root=True).transFigure)
    else:
        ax.legend(h[-1:] + h[:-1], lab[-1:] + lab[:-1], loc="upper left", bbox_to_anchor=(1.12, 1.0))
    ttl = title or label("chart_indicator_radar", lang).format(province=unit_name(key, lang, data), year=year)
    return style.finish(ax, data, lang, ttl, None, None, synthetic)
