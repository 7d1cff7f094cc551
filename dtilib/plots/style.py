"""The house style for every dtilib chart: one font, one palette, 16:9 sizes.

* **Font**: DejaVu Sans (ships with matplotlib; covers every Vietnamese letter
  with its tone marks — ``tests/test_plots.py`` checks each glyph).
* **Palette**: Okabe–Ito, safe for the common forms of colour blindness.
* **Sizes**: 16:9 figures (13.33 × 7.5 in, the PowerPoint widescreen slide) and
  large type, readable on a meeting-room projector.

:func:`apply_style` sets it globally (for your own charts); every chart function
in :mod:`dtilib.plots` draws inside :func:`house_style` so it looks the same
whether or not you called it. Charts built on synthetic rows carry
:data:`dtilib.labels.SYNTHETIC_MARK` in the figure corner (:func:`mark_synthetic`).

>>> from dtilib.plots import style
>>> round(style.FIGSIZE["slide"][0], 3), style.FIGSIZE["slide"][1], style.PALETTE[0]
(13.333, 7.5, '#0072B2')
"""
from __future__ import annotations

import contextlib
import functools
from typing import Any, Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns

from ..labels import SYNTHETIC_MARK, check_lang, is_synthetic

FONT = "DejaVu Sans"
# Okabe & Ito (2008): blue, orange, bluish green, vermillion, reddish purple, sky blue,
# yellow, black.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
UP = "#0072B2"        # gains
DOWN = "#D55E00"      # losses
NEUTRAL = "#7F7F7F"   # totals, context
FAINT = "#C8C8C8"     # the rest (bump chart background lines)
ZERO = "#8B0000"      # a component scored zero (heatmap)
MISSING = "#E6E6E6"   # not reported (heatmap, tile map), drawn hatched
SEQUENTIAL = "cividis"  # colour-blind-safe sequential colour map
FIGSIZE = {"slide": (40 / 3, 7.5), "half": (8.0, 4.5)}  # 16:9; "slide" = PowerPoint widescreen
# Figures on screen are drawn at the size a report page shows them: its column is about
# 1036 px wide (dtilib/report/report.css: 1100 px less 2 x 2em padding), and a slide-wide
# figure of 13.33 in at 78 dpi is 1040 px. Drawing at 100 dpi only for the browser to
# scale it down cost a third more pixels to render and encode. Files (PNG/SVG/PPTX)
# keep savefig.dpi.
SCREEN_DPI = 78
MARK_GID = "dti-synthetic-mark"


def house_rc() -> dict[str, Any]:
    """The matplotlib rcParams of the house style (a fresh copy each call).

    >>> rc = house_rc()
    >>> rc["font.sans-serif"], rc["font.size"], rc["savefig.dpi"], rc["figure.dpi"]
    (['DejaVu Sans'], 16, 300, 78)
    """
    return dict(_house_rc())


@functools.lru_cache(maxsize=1)
def _house_rc() -> dict[str, Any]:
    # built once: every chart enters this style, and seaborn rebuilds its dicts on each call
    rc = {**sns.axes_style("ticks"), **sns.plotting_context("notebook")}  # seaborn's theme, then ours
    rc.update({
        "font.family": "sans-serif",
        "font.sans-serif": [FONT],
        "font.size": 16,
        "axes.titlesize": 22,
        "axes.titleweight": "bold",
        "axes.titlepad": 14,
        "axes.labelsize": 17,
        "xtick.labelsize": 14,
        "ytick.labelsize": 14,
        "legend.fontsize": 14,
        "legend.frameon": False,
        "figure.titlesize": 24,
        "figure.figsize": FIGSIZE["slide"],
        "figure.dpi": SCREEN_DPI,
        "figure.constrained_layout.use": True,  # your own figures fit their canvas too (no tight crop)
        "savefig.dpi": 300,
        "savefig.bbox": "standard",
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "grid.color": "#DDDDDD",
        "grid.linewidth": 0.8,
        "axes.edgecolor": "#444444",
        "axes.labelcolor": "#222222",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "lines.linewidth": 2.5,
        "lines.markersize": 8,
        "image.cmap": SEQUENTIAL,
        "svg.fonttype": "path",
        "axes.unicode_minus": True,
    })
    return rc


def apply_style() -> None:
    """Set the house style globally through seaborn (font, palette, 16:9 size, projector-sized type).

    ``sns.set_theme`` with the Okabe–Ito palette, DejaVu Sans and the house
    rcParams, so your own seaborn and matplotlib charts match dtilib's.

    >>> apply_style(); import matplotlib as mpl
    >>> mpl.rcParams["font.sans-serif"][0], mpl.rcParams["figure.figsize"][1]
    ('DejaVu Sans', 7.5)
    """
    sns.set_theme(style="ticks", palette=PALETTE, font=FONT, rc=house_rc())
    # the house style lays every figure out with constrained layout, so each tight_layout() call
    # (seaborn's figure-level grids make one: relplot, catplot, ...; so do many analysts' own
    # notebooks) now warns that the figure switched to tight. It was asked for: the layout
    # asked for is used, as it is without the house style, and that one warning is not shown.
    import warnings

    warnings.filterwarnings("ignore", message="The figure layout has changed to tight", category=UserWarning)
    inline_output()


def inline_output() -> bool:
    """In Jupyter, show figures as drawn: the whole 16:9 canvas, PNG at :data:`SCREEN_DPI`.

    The inline backend's default crops each figure to its "tight" box, which
    draws every figure twice (once to measure, once to paint). House figures
    lay themselves out inside their canvas (constrained layout), so the crop
    only costs time and makes figures of one kind differ in size. The PNG is
    written by :func:`dtilib.plots.png.inline_png` (one fast zlib pass, no row
    filters). Returns False outside IPython (nothing to set).

    >>> inline_output()  # a plain Python session
    False
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook dependencies
        return False
    shell = get_ipython()
    if shell is None or "inline" not in str(mpl.get_backend()).lower():
        return False
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    from matplotlib.figure import Figure

    from .png import inline_png

    set_matplotlib_formats("png", bbox_inches=None)
    # the PNG itself written by dtilib.plots.png: the same pixels, a third of Pillow's time
    shell.display_formatter.formatters["image/png"].for_type(Figure, inline_png)
    return True


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Draw inside the house style without changing the global settings.

    >>> import matplotlib as mpl
    >>> with mpl.rc_context({"font.size": 10}):
    ...     with house_style():
    ...         print(mpl.rcParams["font.size"])
    ...     print(mpl.rcParams["font.size"])
    16.0
    10.0
    """
    with mpl.rc_context(house_rc()):
        yield


def chart(func):
    """Decorator: run a chart function inside :func:`house_style` and check ``lang``.

    Your own chart in the house style, with the dtilib conventions:

    >>> import pandas as pd
    >>> @chart
    ... def points_bar(data, ax=None, lang="vi"):
    ...     ax = new_axes(ax)
    ...     ax.bar(data["unit"], data["points"])
    ...     return finish(ax, data, lang, title="DTI 2022")
    >>> ax = points_bar(pd.DataFrame({"unit": ["06", "20"], "points": [394.1, 520.5]}), lang="en")
    >>> ax.title.get_fontsize()  # the house title size, whatever the global settings
    22.0
    >>> points_bar(pd.DataFrame({"unit": [], "points": []}), lang="fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr'; expected 'vi' or 'en'
    >>> plt.close("all")
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        check_lang(kwargs.get("lang", "vi"))
        with house_style():
            return func(*args, **kwargs)

    return wrapper


def new_axes(ax=None, size: str = "slide", polar: bool = False):
    """``ax`` if given, else the Axes of a new house-style figure of ``FIGSIZE[size]``.

    >>> ax = new_axes(size="half")
    >>> ax.figure.get_size_inches().tolist()
    [8.0, 4.5]
    >>> new_axes(ax) is ax
    True
    >>> plt.close(ax.figure)
    """
    if ax is not None:
        return ax
    from .layers import LayeredFigure  # a field shared across a batch's figures, see plots.layers

    fig = plt.figure(figsize=FIGSIZE[size], layout="constrained", FigureClass=LayeredFigure)
    return fig.add_subplot(projection="polar" if polar else None)


def mark_synthetic(target, lang: str = "vi"):
    """Write the "illustrative data — not official" mark in the figure's lower-right corner.

    ``target`` is an Axes or a Figure. Idempotent (one mark per figure); returns the Text.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> mark_synthetic(ax, "en").get_text()
    'Illustrative data — not official'
    >>> len([t for t in fig.texts if t.get_gid() == MARK_GID]); plt.close(fig)
    1
    """
    check_lang(lang)
    fig = target.get_figure(root=True)
    for t in fig.texts:
        if t.get_gid() == MARK_GID:
            t.set_text(SYNTHETIC_MARK[lang])
            return t
    kw = dict(ha="right", va="bottom", fontsize=13, color="#B00020", fontstyle="italic",
              fontweight="bold", gid=MARK_GID, zorder=100,
              bbox={"facecolor": "white", "edgecolor": "#B00020", "alpha": 0.85,
                    "boxstyle": "round,pad=0.25"})
    if getattr(fig, "_supxlabel", None) is None:
        # a figure-level x label is given room by constrained layout, so the mark
        # never sits on the chart; it is also one of ``fig.texts``
        return fig.supxlabel(SYNTHETIC_MARK[lang], x=0.995, **kw)
    return fig.text(0.995, 0.005, SYNTHETIC_MARK[lang], **kw)


def fit_title(title: str, ax) -> str:
    """``title`` broken into lines that fit the figure's width at the title's size.

    A long province name made some titles wider than the slide (cut off at its
    edge); a line holds about as many letters as the figure is wide in average
    bold letters (0.62 em each, DejaVu Sans), and a title with its own line
    breaks is left as it is.

    >>> with house_style():
    ...     fig, ax = plt.subplots(figsize=FIGSIZE["slide"])
    ...     print(fit_title("Lạng Sơn 2022", ax))
    ...     print(fit_title("Bà Rịa - Vũng Tàu: thay đổi điểm 2021→2022 (+135.62 điểm) theo chỉ số chính", ax))
    Lạng Sơn 2022
    Bà Rịa - Vũng Tàu: thay đổi điểm 2021→2022
    (+135.62 điểm) theo chỉ số chính
    >>> plt.close(fig)
    """
    import math
    import textwrap

    size = mpl.font_manager.FontProperties(size=mpl.rcParams["axes.titlesize"]).get_size_in_points()
    room = int(ax.get_figure(root=True).get_figwidth() * 72 / (size * 0.62))
    if "\n" in title or len(title) <= room:
        return title
    lines = math.ceil(len(title) / room)  # as few lines as fit, of about equal length
    return textwrap.fill(title, min(room, math.ceil(len(title) / lines) + 4), break_long_words=False)


def finish(ax, data, lang: str, title: str | None = None, xlabel: str | None = None,
           ylabel: str | None = None, synthetic: bool | None = None):
    """Set title and axis labels; add the synthetic mark when the data are synthetic.

    >>> import pandas as pd
    >>> ax = finish(new_axes(), pd.DataFrame({"synthetic": [True]}), "en", title="DTI 2022", ylabel="Rank")
    >>> ax.get_title(), ax.get_ylabel()
    ('DTI 2022', 'Rank')
    >>> SYNTHETIC_MARK["en"] in [t.get_text() for t in ax.figure.texts]
    True
    >>> plt.close(ax.figure)
    """
    if title is not None:
        ax.set_title(fit_title(title, ax))
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if synthetic if synthetic is not None else is_synthetic(data):
        mark_synthetic(ax, lang)
    return ax
