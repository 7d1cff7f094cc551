"""Waterfall of a province's score change between two years, by main indicator."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DtiError
from ..labels import label
from . import layers, style
from ._common import indicator_name, main_indicators, require, unit_key, unit_name


def score_steps(data: pd.DataFrame, unit: str, from_year: int, to_year: int) -> pd.DataFrame:
    """The steps of a :func:`change_waterfall`: indicator, points_from, points_to, points_change,
    for each scored main indicator, plus the totals of both years (``indicator == "TOTAL"``).

    >>> from dtilib.plots._examples import example_scores
    >>> st = score_steps(example_scores(), "06", 2021, 2022)
    >>> bool(abs(st.iloc[:-1]["points_change"].sum() - st.iloc[-1]["points_change"]) < 1e-9)
    True
    """
    require(data, ["unit", "year", "indicator", "level", "points", "max_points"], "change_waterfall")
    key = unit_key(unit, data)
    d = data[data["unit"] == key]
    out = {}
    for y in (from_year, to_year):
        dy = d[d["year"].astype(int) == int(y)]
        if dy.empty:
            raise DtiError(f"change_waterfall: no scores for {unit_name(key, 'en', data)} in {y}")
        ind = main_indicators(dy).set_index("indicator")["points"]
        tot = dy.loc[dy["level"] == "total", "points"]
        ind["TOTAL"] = float(tot.iloc[0]) if len(tot) else ind.sum()
        out[y] = ind
    st = pd.DataFrame({"points_from": out[from_year], "points_to": out[to_year]})
    st["points_change"] = st["points_to"] - st["points_from"]
    order = [i for i in st.index if i != "TOTAL"]
    order = sorted(order, key=lambda c: (int(c) if str(c).isdigit() else 99, str(c))) + ["TOTAL"]
    return st.loc[order].rename_axis("indicator").reset_index()


@style.chart
def change_waterfall(data: pd.DataFrame, unit: str, from_year: int, to_year: int, ax=None,
                     lang: str = "vi", title: str | None = None, synthetic: bool | None = None):
    """Waterfall: the total of ``from_year``, one step per main indicator (gain
    blue, loss vermillion), the total of ``to_year``. Each bar carries gid
    ``"step:<indicator>"`` (totals: ``"total:<year>"``) and its value label.

    >>> from dtilib.plots._examples import example_scores
    >>> ax = change_waterfall(example_scores(), "Bắc Kạn", 2021, 2022, lang="en")
    >>> len([p for p in ax.patches if (p.get_gid() or "").startswith("step:")])
    8
    """
    st = score_steps(data, unit, from_year, to_year)
    key = unit_key(unit, data)
    steps = st[st["indicator"] != "TOTAL"]
    total = st[st["indicator"] == "TOTAL"].iloc[0]
    own = ax is None
    ax = style.new_axes(ax)
    start = float(total["points_from"])
    changes = steps["points_change"].fillna(0.0).to_numpy(float)
    level = start + np.concatenate([[0.0], np.cumsum(changes)])
    x = np.arange(len(steps) + 2)
    bar_w = 0.7
    end = float(total["points_to"])
    # every bar in one call (one container, one autoscale), every connector in one collection
    lows = np.minimum(level[:-1], level[1:])
    highs = np.maximum(level[:-1], level[1:])
    colours = [style.UP if ch >= 0 else style.DOWN for ch in changes]
    bars = ax.bar(x, np.r_[start, np.maximum(highs - lows, 1e-9), end], bottom=np.r_[0.0, lows, 0.0],
                  width=bar_w, color=[style.NEUTRAL, *colours, style.NEUTRAL])
    before = set(map(id, ax.get_children()))
    gids = [f"total:{from_year}", *(f"step:{code}" for code in steps["indicator"]), f"total:{to_year}"]
    for bar, gid in zip(bars, gids):
        bar.set_gid(gid)
    from matplotlib.collections import LineCollection

    ax.add_collection(LineCollection(
        [[(i - 1 + bar_w / 2, level[i - 1]), (i - bar_w / 2, level[i - 1])] for i in range(1, len(x))],
        colors="#555555", linewidths=1, linestyles=":", gid="connectors"), autolim=False)
    for i, (ch, hi, colour) in enumerate(zip(changes, highs, colours), start=1):
        ax.annotate(f"{ch:+.1f}".replace("-", "−"), (i, hi), xytext=(0, 5), textcoords="offset points",
                    ha="center", va="bottom", fontsize=14, fontweight="bold", color=colour)
    for xi, v in ((0, start), (x[-1], end)):
        ax.annotate(f"{v:.1f}", (xi, v), xytext=(0, 5), textcoords="offset points", ha="center",
                    va="bottom", fontsize=15, fontweight="bold", color="#333333")
    names = [str(from_year)] + [_short(c, lang, data) for c in steps["indicator"]] + [str(to_year)]
    ax.set_xticks(x, names, rotation=0, fontsize=12, linespacing=1.0)
    _value_axis(ax, float(min(level.min(), end)), float(max(level.max(), end)), x[[0, -1]], bar_w)
    ax.grid(axis="y")
    change = end - start
    ttl = title or label("chart_change_waterfall", lang).format(
        province=unit_name(key, lang, data), from_year=from_year, to_year=to_year,
        change=f"{change:+.2f}".replace("-", "−"))
    ax = style.finish(ax, data, lang, ttl, None, label("points", lang), synthetic)
    if own:
        # the field: the background and the named steps along the bottom, the same for every unit
        # of these years; each unit's bars, labels, break marks, value axis and title are its
        # overlay, and so are the spines, which are drawn over the bars (the field lies under all)
        added = [a for a in ax.get_children() if id(a) not in before]  # connectors, labels, break
        layers.layer(ax.figure, [*bars, *added, ax.yaxis, *ax.spines.values()], "change_waterfall", names,
                     list(x), bar_w, lang, placed=[ax.title, ax.yaxis])
    return ax


def _value_axis(ax, lo: float, hi: float, total_x, bar_w: float) -> None:
    """The points axis: from 0 when the steps show at that scale, else a clearly broken axis.

    A broken axis keeps "0" at its foot, then a break mark (two slashes on the
    axis and a zigzag cut through both totals' bars, gid ``"axis-break"``), then
    the real values — so nobody reads a total cut at 300 as a short bar.
    """
    from matplotlib.patches import Polygon
    from matplotlib.ticker import MaxNLocator

    top = hi + max((hi - lo) * 0.12, 5)
    if lo <= 0 or (hi - lo) >= 0.25 * hi:  # the changes are visible from zero: no break needed
        ax.set_ylim(min(0.0, lo * 1.1), top)
        return
    ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(lo - (hi - lo) * 0.5, top)
    step = ticks[1] - ticks[0]
    first = ticks[ticks <= lo - (hi - lo) * 0.3][-1] if (ticks <= lo - (hi - lo) * 0.3).any() else ticks[0]
    bottom = first - step  # the foot of the axis, labelled 0; the break sits between it and `first`
    ax.set_ylim(bottom, top)
    shown = [v for v in ticks if first <= v <= top]
    ax.set_yticks([bottom] + shown, ["0"] + [f"{v:g}" for v in shown])
    y_break = bottom + step * 0.5
    h = step * 0.12
    for xc in total_x:  # a white zigzag cut through each total's bar
        xs = np.linspace(xc - bar_w / 2 - 0.04, xc + bar_w / 2 + 0.04, 7)
        up = [y_break + (h if i % 2 else 0) for i in range(len(xs))]
        poly = Polygon(np.column_stack([np.r_[xs, xs[::-1]], np.r_[up, [u - h * 1.6 for u in up][::-1]]]),
                       closed=True, facecolor="white", edgecolor="#555555", linewidth=1.2, zorder=5,
                       gid="axis-break")
        ax.add_patch(poly)
    trans = ax.get_yaxis_transform()  # x in axes coordinates, y in data: two slashes on the y axis
    for dy in (-h * 0.8, h * 0.8):
        ax.plot([-0.012, 0.012], [y_break + dy - h * 0.6, y_break + dy + h * 0.6], transform=trans,
                color="#444444", linewidth=1.5, clip_on=False, zorder=6, gid="axis-break")


def _short(code: str, lang: str, data=None) -> str:
    """Tick label: the indicator name wrapped to short lines."""
    import textwrap

    return "\n".join(textwrap.wrap(indicator_name(code, lang, data), 12, break_long_words=False))
