"""Rank charts: trajectories over years (bump chart) and Monte Carlo rank intervals."""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..errors import DtiError
from ..labels import label
from . import layers, style
from ._common import indicator_name, require, unit_key, unit_name, with_ranks


def _keys(units: Iterable[str] | str | None, data=None) -> list[str]:
    if units is None:
        return []
    if isinstance(units, str):
        units = [units]
    return [unit_key(u, data) for u in units]


@style.chart
def rank_trajectories(data: pd.DataFrame, highlight: Iterable[str] | str | None = None,
                      indicator: str = "TOTAL", ax=None, lang: str = "vi",
                      title: str | None = None, annotate: bool = True, synthetic: bool | None = None):
    """Bump chart of ranks over years: ``highlight`` provinces in colour, the rest faint.

    ``data`` is a scores frame (``dtilib.scoring.score`` output, with ``rank`` or
    ranked here); ``indicator`` picks the series ("TOTAL" or a main indicator).
    Rank 1 is at the top. Highlighted lines carry gid ``"highlight:<unit>"``,
    faint ones ``"context:<unit>"``; with ``annotate`` each highlighted point is
    labelled with its rank and each line with the province name at its end.

    >>> from dtilib.plots._examples import example_scores
    >>> ax = rank_trajectories(example_scores(), highlight=["Bắc Kạn"], lang="en")
    >>> sum(1 for l in ax.lines if (l.get_gid() or "").startswith("highlight:"))
    1
    """
    require(data, ["unit", "year", "indicator"], "rank_trajectories")
    from ..dataset import kept

    def ranks_by_year() -> pd.DataFrame:  # year x unit; the same table for every page of a batch
        d = data[data["indicator"].astype(str) == str(indicator)]
        if d.empty:
            raise DtiError(f"rank_trajectories: no rows for indicator {indicator!r}")
        return with_ranks(d).pivot_table(index="year", columns="unit", values="rank", aggfunc="first").sort_index()

    wide = kept(data, ("rank_trajectories", str(indicator)), ranks_by_year)
    keys = _keys(highlight, data)
    absent = [k for k in keys if k not in wide.columns]
    if absent:
        raise DtiError("rank_trajectories: no ranks for " + ", ".join(unit_name(k, "en", data) for k in absent))
    own = ax is None
    ax = style.new_axes(ax)
    years = wide.index.astype(int).to_numpy()
    # every unit's line in grey (the field, the same for every report of a batch), highlighted ones
    # drawn over theirs (the overlay): see dtilib.plots.layers
    from matplotlib.lines import Line2D

    values = wide.to_numpy(float)
    for j, u in enumerate(wide.columns):  # the Line2D ax.plot makes, without its argument parsing
        ax.add_line(Line2D(years, values[:, j], color=style.FAINT, linewidth=1.0, alpha=0.8,
                           zorder=1, gid=f"context:{u}"))
    n = int(np.nanmax(values)) if np.isfinite(values).any() else 1
    from ..dataset import dataset_of

    ds = dataset_of(data)
    # on illustrative totals, a rank no one published is drawn hollow: the legend says so on every
    # such chart with a highlight, whether or not this unit has a hollow point
    marks = bool(keys) and ds is not None and ds.synthetic and str(indicator) == ds.framework.total_code
    overlay = []
    for i, u in enumerate(keys):
        colour = style.PALETTE[i % len(style.PALETTE)]
        y = wide[u].to_numpy(float)
        name = unit_name(u, lang, data)
        overlay += ax.plot(years, y, color=colour, linewidth=3.5, marker="o", markersize=11, zorder=3,
                           gid=f"highlight:{u}", label=name)
        if marks:
            hollow = [(x, r) for x, r in zip(years, y) if np.isfinite(r)
                      and ds.figure(u, int(x), "rank").kind == "illustrative"]
            if hollow:
                overlay.append(ax.scatter([h[0] for h in hollow], [h[1] for h in hollow], s=130,
                                          facecolors="white", edgecolors=colour, linewidths=2.5, zorder=5,
                                          gid=f"illustrative:{u}"))
        if annotate:
            for x, r in zip(years, y):
                if np.isfinite(r):
                    # alternate sides between provinces, but never past the bottom or top of the axis
                    up = True if r >= n - 2 else False if r <= 2 else i % 2 == 0
                    overlay.append(ax.annotate(f"{int(r)}", (x, r), xytext=(0, 13 if up else -13),
                                               textcoords="offset points", ha="center",
                                               va="bottom" if up else "top", fontsize=14, fontweight="bold",
                                               color=colour, zorder=4))
            ok = np.isfinite(y)
            if ok.any():
                overlay.append(ax.annotate(name, (years[ok][-1], y[ok][-1]), xytext=(14, 0),
                                           textcoords="offset points", ha="left", va="center", fontsize=15,
                                           fontweight="bold", color=colour, zorder=4))
    if marks:
        handles = [Line2D([], [], marker="o", linestyle="", markersize=11, color="#555555",
                          label=label("figure_published", lang)),
                   Line2D([], [], marker="o", linestyle="", markersize=11, markerfacecolor="white",
                          markeredgecolor="#555555", markeredgewidth=2.5, label=label("rank_illustrative", lang))]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=12,
                  frameon=False)  # below the year axis, clear of every line
    ax.set_ylim(n + 2, -1)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years.min() - 0.25, years.max() + (0.9 if annotate and keys else 0.25))
    step = 10 if n > 30 else 5 if n > 10 else 1
    ax.set_yticks([1] + list(range(step, n + 1, step)))
    ax.grid(axis="y")
    ax.spines["bottom"].set_visible(False)
    ttl = title or label("chart_rank_trajectories", lang).format(indicator=indicator_name(indicator, lang, data))
    ax = style.finish(ax, data, lang, ttl, label("year", lang), label("rank", lang), synthetic)
    if own:  # the grey field is drawn once for every chart of these ranks; see dtilib.plots.layers
        layers.layer(ax.figure, overlay, "rank_trajectories", wide, bool(keys))
    return ax


@style.chart
def rank_intervals(data: pd.DataFrame, highlight: Iterable[str] | str | None = None,
                   units: Iterable[str] | None = None, around: int | None = None, ax=None,
                   lang: str = "vi", title: str | None = None, level: float = 0.9,
                   synthetic: bool | None = None):
    """Rank robustness: each province's published rank, median rank and interval.

    ``data`` is the output of ``dtilib.analysis.rank_intervals`` (columns unit,
    rank, median_rank, lo, hi; optionally year, synthetic). Provinces run down
    the chart in rank order (rank 1 on top); the bar spans ``lo``–``hi``, the dot
    is the median rank, the cross the actual rank. ``units`` restricts the rows;
    ``around=n`` keeps the ``n`` places either side of the first highlighted
    province. Interval lines carry gid ``"interval:<unit>"``.

    >>> import pandas as pd
    >>> iv = pd.DataFrame({"unit": ["01", "79", "06"], "rank": [1, 2, 3],
    ...                    "median_rank": [1.0, 2.0, 3.0], "lo": [1, 1, 2], "hi": [2, 3, 3]})
    >>> ax = rank_intervals(iv, highlight="Bắc Kạn", lang="en")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Ha Noi', 'Ho Chi Minh City', 'Bac Kan']
    """
    require(data, ["unit", "rank", "median_rank", "lo", "hi"], "rank_intervals")
    d = data.sort_values(["rank", "median_rank"]).reset_index(drop=True)
    n_ranked = int(max(d["hi"].max(), d["rank"].max(), len(d)))  # ranks run 1..n, never past n
    keys = _keys(highlight, data)
    if units is not None:
        want = set(_keys(list(units), data)) | set(keys)
        d = d[d["unit"].isin(want)]
    if around is not None and keys:
        r = d.loc[d["unit"] == keys[0], "rank"]
        if len(r):
            d = d[(d["rank"] - float(r.iloc[0])).abs() <= around]
    if d.empty:
        raise DtiError("rank_intervals: no provinces to show")
    d = d.reset_index(drop=True)
    ax = style.new_axes(ax)
    ypos = np.arange(len(d))
    for i, row in d.iterrows():
        hot = row["unit"] in keys
        colour = style.DOWN if hot else style.UP
        ax.plot([row["lo"], row["hi"]], [i, i], color=colour, linewidth=6 if hot else 4,
                alpha=1.0 if hot else 0.55, solid_capstyle="round", gid=f"interval:{row['unit']}")
    ax.scatter(d["median_rank"], ypos, s=190, facecolor="white", edgecolor="black", linewidths=2,
               zorder=3, label=label("median_rank", lang))
    ax.scatter(d["rank"], ypos, s=90, marker="x", color=style.DOWN, linewidths=2.5, zorder=4,
               label=label("rank", lang))
    ax.set_yticks(ypos, [unit_name(u, lang, data) for u in d["unit"]])
    fs = 14 if len(d) <= 25 else 11 if len(d) <= 40 else 7
    ax.tick_params(axis="y", labelsize=fs)
    for t, u in zip(ax.get_yticklabels(), d["unit"]):
        if u in keys:
            t.set_fontweight("bold")
            t.set_color(style.DOWN)
    ax.set_ylim(len(d) - 0.5, -0.5)
    lo_x = float(min(d["lo"].min(), d["rank"].min()))
    hi_x = float(max(d["hi"].max(), d["rank"].max()))
    ax.set_xlim(max(0.5, lo_x - 1.5), min(n_ranked + 0.5, hi_x + 1.5))
    ax.xaxis.set_ticks_position("top")
    ax.xaxis.set_label_position("top")
    ax.grid(axis="x")
    lo_v, hi_v = ax.get_xlim()
    ticks = [int(v) for v in MaxNLocator(integer=True).tick_values(lo_v, hi_v) if 1 <= v <= n_ranked]
    ax.set_xticks(ticks)  # whole ranks from 1 to n only (no 0, no 64 of 63)
    ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.0), ncol=2)
    ttl = title or label("chart_rank_intervals", lang).format(level=f"{level:.0%}")
    ax.set_title(ttl, pad=40)
    return style.finish(ax, data, lang, None, label("rank", lang), None, synthetic)
