"""Distribution of one year's scores across provinces, with chosen provinces marked (seaborn histogram)."""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd
import seaborn as sns

from ..errors import DtiError
from ..labels import label
from . import style
from ._common import indicator_name, require, unit_key, unit_name, with_ranks


@style.chart
def score_distribution(data: pd.DataFrame, year: int, highlight: Iterable[str] | str | None = None,
                       indicator: str = "TOTAL", ax=None, lang: str = "vi", bins: int = 15,
                       title: str | None = None, synthetic: bool | None = None):
    """Histogram of a year's scores (points) with a rug of every province, the
    national mean (dashed) and each ``highlight`` province as a labelled line
    (gid ``"highlight:<unit>"``) showing its points and rank.

    >>> from dtilib.plots._examples import example_scores
    >>> ax = score_distribution(example_scores(), 2022, highlight=["Bắc Kạn", "Đà Nẵng"], lang="en")
    >>> sorted(l.get_gid() for l in ax.lines if (l.get_gid() or "").startswith("highlight:"))
    ['highlight:06', 'highlight:48']
    """
    require(data, ["unit", "year", "indicator", "points"], "score_distribution")
    d = data[(data["indicator"].astype(str) == str(indicator)) & (data["year"].astype(int) == int(year))]
    d = d[d["points"].notna()]
    if d.empty:
        raise DtiError(f"score_distribution: no {indicator} scores in {year}")
    d = with_ranks(d)
    keys = [] if highlight is None else [unit_key(u, data) for u in ([highlight] if isinstance(highlight, str) else highlight)]
    ax = style.new_axes(ax)
    v = d["points"].to_numpy(float)
    counts, edges = np.histogram(v, bins=bins)
    sns.histplot(x=v, bins=edges, ax=ax, color=style.PALETTE[5], edgecolor="white", linewidth=1.2,
                 alpha=0.9, zorder=1)
    top = counts.max()
    ax.plot(v, np.full_like(v, -0.04 * top), "|", color="#333333", markersize=14, alpha=0.6,
            gid="rug", zorder=2)
    mean = float(v.mean())
    ax.axvline(mean, color=style.NEUTRAL, linestyle="--", linewidth=2, gid="mean", zorder=2)
    from ._common import comparison

    _kind, names_of = comparison(data, year, lang)  # "national" only when every province is there
    ax.annotate(f"{names_of['national_mean']}\n{mean:.1f}", (mean, top * 1.13), ha="center",
                va="bottom", fontsize=13, color="#555555",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    for i, k in enumerate(keys):
        row = d[d["unit"] == k]
        if row.empty:
            raise DtiError(f"score_distribution: no {indicator} score for {unit_name(k, 'en', data)} in {year}")
        x = float(row["points"].iloc[0])
        r = row["rank"].iloc[0]
        colour = [style.DOWN, style.PALETTE[4], style.PALETTE[2], style.PALETTE[1]][i % 4]
        h = top * (1.02 - 0.28 * (i % 3))
        ax.plot([x, x], [0, h], color=colour, linewidth=3.5, gid=f"highlight:{k}",
                zorder=3)
        rank_txt = f" · {label('rank', lang).lower()} {int(r)}" if pd.notna(r) else ""
        ax.annotate(f"{unit_name(k, lang, data)}\n{x:.1f}{rank_txt}", (x, h),
                    xytext=(6 if x < edges.mean() else -6, 0), textcoords="offset points",
                    ha="left" if x < edges.mean() else "right",
                    va="top", fontsize=15, fontweight="bold", color=colour,
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    ax.set_ylim(-0.08 * top, top * 1.25)
    ax.grid(axis="y")
    ax.yaxis.get_major_locator().set_params(integer=True)
    own = _kind != "region"  # a user's own units, not provinces
    ttl = title or label("chart_score_distribution_own" if own else "chart_score_distribution", lang).format(
        indicator=indicator_name(str(indicator), lang, data), year=year, n=len(d))
    return style.finish(ax, data, lang, ttl, label("points", lang),
                        label("n_units_axis" if own else "n_provinces", lang), synthetic)
