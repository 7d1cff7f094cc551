"""Waterfall of a province's score change between two years, by main indicator."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DtiError
from ..labels import label
from . import style
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
    ax = style.new_axes(ax)
    start = float(total["points_from"])
    changes = steps["points_change"].fillna(0.0).to_numpy(float)
    level = start + np.concatenate([[0.0], np.cumsum(changes)])
    x = np.arange(len(steps) + 2)
    bar_w = 0.7
    b = ax.bar(0, start, width=bar_w, color=style.NEUTRAL)
    b[0].set_gid(f"total:{from_year}")
    for i, (code, ch) in enumerate(zip(steps["indicator"], changes), start=1):
        lo, hi = sorted((level[i - 1], level[i]))
        colour = style.UP if ch >= 0 else style.DOWN
        b = ax.bar(i, max(hi - lo, 1e-9), bottom=lo, width=bar_w, color=colour)
        b[0].set_gid(f"step:{code}")
        ax.plot([i - 1 + bar_w / 2, i - bar_w / 2], [level[i - 1]] * 2, color="#555555",
                linewidth=1, linestyle=":")
        txt = f"{ch:+.1f}".replace("-", "−")
        ax.annotate(txt, (i, hi), xytext=(0, 5), textcoords="offset points", ha="center",
                    va="bottom", fontsize=14, fontweight="bold", color=colour)
    end = float(total["points_to"])
    b = ax.bar(x[-1], end, width=bar_w, color=style.NEUTRAL)
    b[0].set_gid(f"total:{to_year}")
    ax.plot([x[-2] + bar_w / 2, x[-1] - bar_w / 2], [level[-1]] * 2, color="#555555", linewidth=1,
            linestyle=":")
    for xi, v in ((0, start), (x[-1], end)):
        ax.annotate(f"{v:.1f}", (xi, v), xytext=(0, 5), textcoords="offset points", ha="center",
                    va="bottom", fontsize=15, fontweight="bold", color="#333333")
    names = [str(from_year)] + [_short(c, lang, data) for c in steps["indicator"]] + [str(to_year)]
    ax.set_xticks(x, names, rotation=0, fontsize=12, linespacing=1.0)
    lo_all = min(level.min(), end)
    hi_all = max(level.max(), end)
    pad = max((hi_all - lo_all) * 0.15, 10)
    ax.set_ylim(max(0.0, lo_all - pad * 2), hi_all + pad)
    ax.grid(axis="y")
    change = end - start
    ttl = title or label("chart_change_waterfall", lang).format(
        province=unit_name(key, lang, data), from_year=from_year, to_year=to_year,
        change=f"{change:+.2f}".replace("-", "−"))
    return style.finish(ax, data, lang, ttl, None, label("points", lang), synthetic)


def _short(code: str, lang: str, data=None) -> str:
    """Tick label: the indicator name wrapped to short lines."""
    import textwrap

    return "\n".join(textwrap.wrap(indicator_name(code, lang, data), 12, break_long_words=False))
