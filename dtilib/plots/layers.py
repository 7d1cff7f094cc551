"""Charts drawn as a field shared by a batch and an overlay of their own.

In the yearly batch, the 63 profile reports each draw the same bump-chart field
(every province's rank line in grey, the axes, the title) and the same tile map
(63 tiles coloured by the year's scores); they differ only in the unit
highlighted on top. Matplotlib paints every artist of every figure, so each
report paid for the whole field again: about half the cost of those two charts.

A :class:`LayeredFigure` paints its *field* (every artist but the overlay) and
keeps the pixels and the axes' positions in a small cache keyed by what the
field shows (:func:`field_token`: the chart's data and texts, the canvas size,
the matplotlib settings). A later figure with the same field restores those
pixels and paints only its overlay. This is matplotlib's own blitting
(``copy_from_bbox`` / ``restore_region``), across figures instead of across
animation frames; the figure keeps all its artists, so what a chart holds (its
lines, tiles, labels) is the same with or without the cache.

Both paths paint the field first and the overlay above it, and the overlay
never takes part in the layout (``set_in_layout(False)``), so a figure drawn
from the cache is pixel for pixel the figure drawn without it
(``tests/test_plot_layers.py``). Only the Agg raster path (PNG, inline output)
uses the cache; SVG, PDF and the deck paint every artist, in zorder.

>>> import matplotlib.pyplot as plt
>>> fig = plt.figure(FigureClass=LayeredFigure, figsize=(4, 2.25))
>>> ax = fig.add_subplot()
>>> _ = ax.plot([0, 1], [0, 1], color="grey")
>>> hot, = ax.plot([0, 1], [1, 0], color="red")
>>> layer(fig, [hot], "example", [0, 1])
True
>>> fig.canvas.draw(); len(_FIELDS) >= 1
True
>>> plt.close(fig)
"""
from __future__ import annotations

import contextlib
import hashlib
from collections import OrderedDict
from typing import Any, Iterable, Iterator

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

MAX_FIELDS = 8  # a batch uses one field per chart kind and year; a few spare for the deck's sizes
MAX_PIXELS = 4_200_000  # a slide-wide figure up to ~200 dpi; larger canvases (300 dpi files) are not kept
_FIELDS: "OrderedDict[tuple, tuple]" = OrderedDict()
_STATE = {"enabled": True, "hits": 0, "misses": 0}


def _digest(parts: Iterable[Any]) -> str:
    h = hashlib.sha1()
    for p in parts:
        if isinstance(p, np.ndarray):
            h.update(str(p.dtype).encode())
            h.update(str(p.shape).encode())
            h.update(np.ascontiguousarray(p).tobytes())
        elif hasattr(p, "to_numpy") and hasattr(p, "index"):  # a pandas Series or DataFrame
            h.update(repr(list(p.index)).encode("utf-8"))
            if hasattr(p, "columns"):
                h.update(repr(list(p.columns)).encode("utf-8"))
            h.update(np.ascontiguousarray(p.to_numpy(float)).tobytes())
        else:
            h.update(repr(p).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _settings() -> str:
    """A digest of every matplotlib setting: a field drawn under other settings is another field."""
    return _digest(sorted((k, repr(v)) for k, v in mpl.rcParams.items()))


def field_token(fig: Figure, *parts: Any, overlay: Iterable[Any] = ()) -> str:
    """The identity of a figure's field: the chart's own ``parts`` (its data, its
    choices) plus what the figure says outside the ``overlay`` (each Axes' title,
    labels, limits and texts, the figure texts), its size, and the matplotlib
    settings it was built under.

    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure(FigureClass=LayeredFigure)
    >>> ax = fig.add_subplot(); _ = ax.set_title("A")
    >>> a = field_token(fig, "chart", [1, 2])
    >>> a == field_token(fig, "chart", [1, 2]), a == field_token(fig, "chart", [1, 3])
    (True, False)
    >>> plt.close(fig)
    """
    mine = {id(a) for a in overlay}
    said = []
    for ax in fig.axes:
        said.append((ax.get_title(), ax.get_title("left"), ax.get_title("right"), ax.get_xlabel(),
                     ax.get_ylabel(), ax.get_xlim(), ax.get_ylim(), ax.get_aspect(),
                     [t.get_text() for t in ax.texts if id(t) not in mine]))
        leg = ax.get_legend()
        if leg is not None:
            said.append([t.get_text() for t in leg.get_texts()])
    said.append([t.get_text() for t in fig.texts])
    return _digest([*parts, said, tuple(fig.get_size_inches()), fig.dpi, _settings()])


def layer(fig: Figure, overlay: Iterable[Any], *parts: Any) -> bool:
    """Mark ``overlay`` (artists already on ``fig``) as the part drawn per figure;
    the rest is the field, known by :func:`field_token` of ``parts`` (everything
    the chart drew the field from). The overlay leaves the layout to the field.
    Returns False (nothing done) when ``fig`` is not a :class:`LayeredFigure` — a
    figure of your own passed as ``ax=`` is drawn the ordinary way.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> layer(fig, [], "x")  # not a LayeredFigure
    False
    >>> plt.close(fig)
    """
    if not isinstance(fig, LayeredFigure):
        return False
    overlay = list(overlay)
    for a in overlay:
        a.set_in_layout(False)
    fig._dti_overlay = overlay
    fig._dti_token = field_token(fig, *parts, overlay=overlay)
    return True


@contextlib.contextmanager
def shared_fields(enabled: bool = True) -> Iterator[None]:
    """Use (default) or bypass the field cache inside the block; always start empty.

    >>> with shared_fields(False):
    ...     _STATE["enabled"]
    False
    """
    before = _STATE["enabled"]
    _FIELDS.clear()
    _STATE["enabled"] = enabled
    try:
        yield
    finally:
        _STATE["enabled"] = before
        _FIELDS.clear()


def cache_info() -> dict[str, int]:
    """Fields kept, and how often a figure found its field drawn (hits) or drew it (misses).

    >>> sorted(cache_info())
    ['fields', 'hits', 'misses']
    """
    return {"fields": len(_FIELDS), "hits": _STATE["hits"], "misses": _STATE["misses"]}


@contextlib.contextmanager
def sketching(fig: Figure) -> Iterator[None]:
    """Inside the block, drawing ``fig`` paints nothing: the chart is still being built.

    seaborn's ``heatmap`` draws the whole figure to see whether tick labels
    overlap; a chart that gives it no tick labels (and sets its own) has nothing
    to learn from that draw, and a :class:`LayeredFigure` skips it. Any other
    figure draws as usual.

    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure(FigureClass=LayeredFigure)
    >>> with sketching(fig):
    ...     fig.canvas.draw()  # returns at once
    >>> plt.close(fig)
    """
    was = getattr(fig, "_dti_sketch", False)
    fig._dti_sketch = True
    try:
        yield
    finally:
        fig._dti_sketch = was


class LayeredFigure(Figure):
    """A Figure whose field is painted once per batch and whose overlay is painted per figure.

    Without :func:`layer` it is an ordinary Figure.

    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure(FigureClass=LayeredFigure)
    >>> isinstance(fig, Figure), fig._dti_token is None
    (True, True)
    >>> plt.close(fig)
    """

    def __init__(self, *args, **kwargs):
        self._dti_laid_out = False
        self._dti_sketch = False
        super().__init__(*args, **kwargs)
        self._dti_overlay: list = []
        self._dti_token: str | None = None

    @property
    def stale(self):
        return self._stale

    @stale.setter
    def stale(self, val):
        if val:  # changed since it was laid out: the next paint lays it out again
            self._dti_laid_out = False
        Figure.stale.fset(self, val)

    def get_layout_engine(self):
        # None only while painting right after the dry run that laid the figure out (see draw)
        return None if self._dti_laid_out else super().get_layout_engine()

    def draw(self, renderer):
        from matplotlib.backends.backend_agg import RendererAgg

        if self._dti_sketch:
            return
        dry = _is_dry(renderer)
        if self._dti_token is None or not isinstance(renderer, RendererAgg) or not self.get_visible():
            return self._paint(renderer, dry)
        shown = [a for a in self._dti_overlay if a.get_visible()]
        key = (self._dti_token, renderer.width, renderer.height, renderer.dpi, len(self.axes), _settings())
        kept = _FIELDS.get(key) if _STATE["enabled"] else None
        if kept is None:
            for a in shown:
                a.set_visible(False)
            try:
                self._paint(renderer, dry)  # the field: layout, then every other artist
            finally:
                for a in shown:
                    a.set_visible(True)
            if dry:
                return
            _STATE["misses"] += 1
            if _STATE["enabled"] and renderer.width * renderer.height <= MAX_PIXELS:
                where = [(ax.get_position(original=True), ax.get_position(original=False)) for ax in self.axes]
                _FIELDS[key] = (renderer.copy_from_bbox(self.bbox), where)
                while len(_FIELDS) > MAX_FIELDS:
                    _FIELDS.popitem(last=False)
        else:
            region, where = kept
            with self._render_lock:
                for ax, (original, active) in zip(self.axes, where):
                    ax._set_position(original, which="original")
                    ax._set_position(active, which="active")
                    ax._unstale_viewLim()
            if dry:  # laid out as the kept field was: nothing else to measure
                return
            _STATE["hits"] += 1
            _FIELDS.move_to_end(key)
            renderer.restore_region(region)
        for a in sorted(shown, key=lambda a: a.get_zorder()):
            a.draw(renderer)
        self.stale = False

    def _paint(self, renderer, dry: bool) -> None:
        """Figure.draw, without laying the figure out a second time.

        ``savefig`` (and so Jupyter's inline output) first draws a figure that
        has a layout engine on a renderer that paints nothing, to lay it out,
        then draws it again to paint, and the second draw runs the layout again
        on the figure the first one just laid out. Painting right after the dry
        run skips that second, identical layout (a third of a chart's cost).
        """
        if dry:
            self._dti_laid_out = False
            super().draw(renderer)
            self._dti_laid_out = True
            return
        try:
            super().draw(renderer)
        finally:
            self._dti_laid_out = False


def _is_dry(renderer) -> bool:
    """True for the renderer ``savefig`` lays a figure out with (its draw methods are no-ops)."""
    return "draw_path" in vars(renderer)
