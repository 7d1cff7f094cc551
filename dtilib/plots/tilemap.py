"""A tile map of Vietnam: one square per province, placed roughly geographically.

Layouts are data: ``dtilib/data/tiles_pre2025.csv`` (63 provinces) and
``tiles_post2025.csv`` (34 units after the 2025 merger), columns key, row, col,
label (a three-letter short name; row 0 is the north). The Hoàng Sa and Trường
Sa archipelagos are written in the sea (``dtilib/data/plot_style.yaml``).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Iterable

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_rgb
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import TransformedPatchPath

from ..errors import DtiError
from ..labels import label
from ..package_data import package_yaml
from . import layers, style
from ._common import indicator_name, unit_key


@lru_cache(maxsize=2)
def tiles(era: str = "pre2025") -> pd.DataFrame:
    """The tile layout of one map: key, row, col, label.

    >>> len(tiles("pre2025")), len(tiles("post2025"))
    (63, 34)
    >>> tiles().set_index("key").loc["06", "label"]
    'BKA'
    """
    if era not in ("pre2025", "post2025"):
        raise DtiError(f"unknown era {era!r}; expected 'pre2025' or 'post2025'")
    with resources.files("dtilib").joinpath(f"data/tiles_{era}.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={"key": str, "label": str})


def _layout() -> dict:
    return package_yaml("plot_style.yaml")


def _place(row: float, col: float, era: str, fold: bool) -> tuple[float, float]:
    """Display position of a grid cell: the south drawn beside the north when folded."""
    f = _layout().get("tile_fold", {}).get(era) if fold else None
    if f and row >= f["row"] - 0.5:
        return row - f["row"], col + f["shift"]
    return row, col


def tile_values(data: pd.DataFrame, value: str = "index", year: int | None = None,
                indicator: str | None = "TOTAL") -> pd.Series:
    """unit → value to colour by, from a scores frame or any frame with ``unit`` and ``value``.

    >>> import pandas as pd
    >>> tile_values(pd.DataFrame({"unit": ["06", "20"], "rank": [63, 40]}), value="rank").to_dict()
    {'06': 63.0, '20': 40.0}
    >>> from dtilib.plots._examples import example_scores
    >>> len(tile_values(example_scores(), year=2022))  # TOTAL of every province
    63
    >>> tile_values(example_scores())
    Traceback (most recent call last):
    ...
    dtilib.errors.DtiError: tile_map: data hold several years [2020, 2021, 2022, 2023]; pass year=
    """
    if "unit" not in data.columns or value not in data.columns:
        raise DtiError(f"tile_map: data needs columns 'unit' and {value!r}")
    d = data
    if indicator is not None and "indicator" in d.columns:
        d = d[d["indicator"].astype(str) == str(indicator)]
    if "year" in d.columns:
        years = sorted(int(y) for y in d["year"].dropna().unique())
        if year is None:
            if len(years) > 1:
                raise DtiError(f"tile_map: data hold several years {years}; pass year=")
        else:
            d = d[d["year"].astype(int) == int(year)]
    if d["unit"].duplicated().any():
        raise DtiError("tile_map: several rows per unit; choose indicator= and year=")
    return d.set_index("unit")[value].astype(float)


def _text_colour(rgb) -> str:
    r, g, b = to_rgb(rgb)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


@style.chart
def tile_map(data: pd.DataFrame, value: str = "index", year: int | None = None,
             indicator: str | None = "TOTAL", era: str | None = None,
             highlight: Iterable[str] | str | None = None, ax=None, lang: str = "vi",
             cmap: str = style.SEQUENTIAL, vmin: float | None = None, vmax: float | None = None,
             show_values: bool = True, fmt: str | None = None, fold: bool = True,
             title: str | None = None, synthetic: bool | None = None):
    """Tile map of Vietnam coloured by ``value`` (63 old provinces or 34 new units).

    ``data``: a scores frame (``indicator`` and ``year`` select the rows) or any
    frame with ``unit`` and the ``value`` column. ``era`` defaults to the map of
    the data's keys ("N.." keys → post2025). Each tile is a Rectangle with gid
    ``"tile:<key>"`` and the province's short label; units without a value are
    hatched grey. ``highlight`` outlines provinces in vermillion (a Rectangle with
    gid ``"highlight:<key>"`` over the tile). With ``fold``
    (default) the long country is drawn in two columns, the south beside the
    north, so the tiles are large enough to read on a 16:9 slide.

    >>> from dtilib.plots._examples import example_scores
    >>> ax = tile_map(example_scores(), year=2022, highlight="Bắc Kạn", lang="en")
    >>> sum(1 for p in ax.patches if (p.get_gid() or "").startswith("tile:"))
    63
    """
    vals = tile_values(data, value, year, indicator)
    from ..provinces import ERAS, era_of, era_of_keys, key as any_key, successor

    if era is None:
        era = era_of_keys(vals.index) or "pre2025"
    if era not in ERAS:
        raise DtiError("tile_map: the map shows the 63 provinces or the 34 post-2025 units; "
                       "these data are about other units")
    t = tiles(era)
    unknown = sorted(set(vals.index) - set(t["key"]))
    if unknown:
        raise DtiError(f"tile_map: units not on the {era} map: {', '.join(unknown[:5])}")
    keys = set()
    if highlight is not None:
        for h in [highlight] if isinstance(highlight, str) else highlight:
            try:
                k = unit_key(h, data)
            except DtiError:  # a pre-2025 province highlighted on the 34-unit map
                k = any_key(h)
            if era == "post2025" and era_of(k) == "pre2025":
                k = successor(k).key
            keys.add(k)
    own = ax is None
    ax = style.new_axes(ax)
    pos = {r.key: _place(r.row, r.col, era, fold) for r in t.itertuples()}
    rows_shown = max(p[0] for p in pos.values()) + 1
    big = rows_shown <= 12  # room for larger type
    finite = vals[np.isfinite(vals)]
    lo = vmin if vmin is not None else (float(finite.min()) if len(finite) else 0.0)
    hi = vmax if vmax is not None else (float(finite.max()) if len(finite) else 1.0)
    norm = Normalize(lo, hi if hi > lo else lo + 1e-9)
    cm = colormaps[cmap]
    if fmt is None:
        fmt = ".2f" if value == "index" else ".0f" if value in ("rank", "points") else ".1f"
    any_missing = False
    shown = vals.reindex(t["key"]).to_numpy(float)
    faces = dict(zip(t["key"], map(tuple, cm(norm(np.where(np.isfinite(shown), shown, lo))))))  # one colour lookup
    # texts are not clipped (ax.text's default): given the Axes' clip path once, each skips
    # building a transformed box of the Axes for itself (half the cost of a label)
    clip = TransformedPatchPath(ax.patch)
    for r, v in zip(t.itertuples(), shown):
        ok = bool(np.isfinite(v))
        any_missing |= not ok
        face = faces[r.key] if ok else style.MISSING
        row, col = pos[r.key]
        # add_artist, not add_patch: the limits are set below, and add_patch's update of the data
        # limits (per patch) was a third of building the map
        ax.add_artist(Rectangle((col - 0.46, row - 0.46), 0.92, 0.92, facecolor=face, edgecolor="white",
                                linewidth=1, hatch=None if ok else "///", gid=f"tile:{r.key}", zorder=2))
        tc = _text_colour(face) if ok else "#333333"
        ax.text(col, row - (0.14 if show_values and ok else 0), r.label, ha="center", va="center",
                fontsize=13 if big else 9, fontweight="bold", color=tc, zorder=4, clip_path=clip)
        if show_values and ok:
            ax.text(col, row + 0.24, format(v, fmt), ha="center", va="center",
                    fontsize=12 if big else 7.5,
                    color=tc, zorder=4, clip_path=clip)
    # a highlighted unit is outlined over its tile (the overlay: the tiles are the same for every
    # report of the year, see dtilib.plots.layers)
    overlay = [ax.add_patch(Rectangle((pos[k][1] - 0.46, pos[k][0] - 0.46), 0.92, 0.92, facecolor="none",
                                      edgecolor=style.DOWN, linewidth=4, gid=f"highlight:{k}", zorder=5))
               for k in sorted(keys) if k in pos]
    xs = [c for _, c in pos.values()]
    ys = [r for r, _ in pos.values()]
    for isl in _layout().get("islands", {}).get(era, []):
        row, col = _place(isl["row"], isl["col"], era, fold)
        ax.text(col, row, isl[f"name_{lang}"], ha="center", va="center", fontsize=12 if big else 10,
                fontstyle="italic", color="#4A6FA5", gid="island")
        ax.plot([col - 0.3, col, col + 0.3], [row + 0.35] * 3, ".", color="#4A6FA5", markersize=5)
        xs.append(col + 0.8)
    f = _layout().get("tile_fold", {}).get(era) if fold else None
    if f:
        row_of = dict(zip(t["key"], t["row"]))  # the tile's row before folding
        north = [c for (_, c), k in zip(pos.values(), pos) if row_of[k] < f["row"]]
        sep = (max(north) + f["shift"]) / 2 + 0.5
        ax.axvline(sep, color="#BBBBBB", linewidth=1.5, linestyle=(0, (4, 4)), zorder=0)
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(max(ys) + 0.7, min(ys) - 0.7)
    ax.set_aspect("equal")
    ax.set_axis_off()
    sm = ScalarMappable(norm=norm, cmap=cm)
    cax = ax.inset_axes([1.0, 0.25, 0.035, 0.5])
    cbar = ax.get_figure().colorbar(sm, cax=cax)
    vlabel = label(value, lang)
    cbar.set_label(vlabel)
    if value == "rank":
        cbar.ax.invert_yaxis()
    if any_missing:
        ax.legend(handles=[Patch(facecolor=style.MISSING, edgecolor="#9A9A9A", hatch="///",
                                 label=label("missing", lang))], loc="lower right")  # inside: the empty south-east corner
    if title is None:
        what = indicator_name(str(indicator), lang, data) if indicator else vlabel
        title = label("chart_tile_map", lang).format(
            indicator=what, year=year if year is not None else "", n=len(t)).replace("  ", " ")
    ax.set_title(title)
    ax = style.finish(ax, data, lang, None, None, None, synthetic)
    if own:
        layers.layer(ax.figure, overlay, "tile_map", vals, era, fold, show_values, fmt, cmap, lo, hi, lang)
    return ax
