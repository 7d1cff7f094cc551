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
uses the cache; SVG, PDF and the deck paint every artist, in zorder. A chart
changed after its function returned it (your own ``ax.text``, a recoloured
line, a suptitle, another background when saving) is drawn whole and keeps
nothing: the field was named before the change (``LayeredFigure._watch``).

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

# a batch uses one field per chart kind and year (the waterfall two: its value axis broken or not), a few spare
MAX_FIELDS = 12
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
        titles = [t.get_text() for t in _all_titles(ax) if id(t) not in mine]
        # an Axis drawn in the overlay (a value axis of its own per figure) takes its label and
        # limits with it: nothing in the field may then be placed by that axis' data coordinates
        x = () if id(ax.xaxis) in mine else (ax.get_xlabel(), ax.get_xlim())
        y = () if id(ax.yaxis) in mine else (ax.get_ylabel(), ax.get_ylim())
        said.append((titles, x, y, ax.get_aspect(), [t.get_text() for t in ax.texts if id(t) not in mine]))
        leg = ax.get_legend()
        if leg is not None and id(leg) not in mine:
            said.append([t.get_text() for t in leg.get_texts()])
    said.append([t.get_text() for t in fig.texts])
    return _digest([*parts, said, tuple(fig.get_size_inches()), fig.dpi, _settings()])


def layer(fig: Figure, overlay: Iterable[Any], *parts: Any, placed: Iterable[Any] = ()) -> bool:
    """Mark ``overlay`` (artists already on ``fig``) as the part drawn per figure;
    the rest is the field, known by :func:`field_token` of ``parts`` (everything
    the chart drew the field from). The overlay leaves the layout to the field,
    except the ``placed`` artists among it (a title naming the unit, a legend
    beside the axes, a value axis whose ticks differ per figure): they keep
    their room, and a kept field serves only a figure whose placed artists take
    the same room (their size is part of the key; a title must also fit within
    the width the field's axes span). An Axes' ``xaxis`` or ``yaxis`` in the
    overlay leaves that axis' limits and label out of the field's identity, so
    the field must hold nothing placed by that axis' data coordinates.
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
    placed = list(placed)
    keep = {id(a) for a in placed}
    for a in overlay:
        if id(a) not in keep:
            a.set_in_layout(False)
    fig._dti_overlay = overlay + [a for a in placed if all(a is not b for b in overlay)]
    fig._dti_placed = placed
    fig._dti_token = field_token(fig, *parts, overlay=fig._dti_overlay)
    fig._watch()
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
        self._dti_placed: list = []
        self._dti_token: str | None = None
        self._dti_alone = False  # laid out on its own: neither takes nor keeps a field
        self._dti_changes = 0  # changes to the Axes' artists since layer() (see _watch)
        self._dti_busy = False  # inside draw: its own changes (overlay hidden, layout) are not counted
        self._dti_state: tuple = ()
        self._dti_taken: tuple | None = None  # (key, field) the dry run took, for the paint after it

    def _watch(self) -> None:
        """Notice any change made to the chart after :func:`layer` named its field.

        The token describes the chart as its function built it; an analyst's own
        additions afterwards (``ax.axvline(...)``, another title, a line recoloured,
        an axis label restyled, ``fig.suptitle(...)``) are not in it. Every artist
        of an Axes reports a change to its Axes (matplotlib's ``stale``
        callbacks), except the axis labels and offset texts, and the figure's own
        texts report to the figure: counting what reaches the figure through any
        of them, and comparing the figure's children and colours, tells a figure
        as built from one changed since. A changed figure is drawn whole and
        keeps no field.
        """
        self._dti_changes = 0
        for ax in _all_axes(self):
            self._count(ax)
            for axis in (ax.xaxis, ax.yaxis):
                self._count(axis.label)
                self._count(axis.offsetText)
        for a in self.get_children():
            if a is not self.patch and a not in self.axes:
                self._count(a)
        self._dti_state = self._own_state()

    def _count(self, artist) -> None:
        """Count the changes ``artist`` reports (through its stale callback) outside draw."""
        inner = artist.stale_callback
        if getattr(inner, "_dti_watch", None) is self:
            return

        def counted(a, val, inner=inner):
            if val and not self._dti_busy:
                self._dti_changes += 1
            if inner is not None:
                inner(a, val)

        counted._dti_watch = self
        artist.stale_callback = counted

    def _own_state(self) -> tuple:
        """What the figure itself holds outside its Axes: its children, texts and colours."""
        return (tuple(map(id, self.get_children())), tuple(t.get_text() for t in self.texts),
                tuple(self.patch.get_facecolor()), tuple(self.patch.get_edgecolor()))

    def _changed(self) -> bool:
        return self._dti_changes > 0 or self._own_state() != self._dti_state

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
        if not self._dti_alone and self._changed():  # changed after layer(): not the token's field
            self._dti_alone = True
        self._dti_busy = True
        try:
            self._draw_layered(renderer, dry)
        finally:
            self._dti_busy = False

    def _draw_layered(self, renderer, dry: bool) -> None:
        taken, self._dti_taken = self._dti_taken, None
        if (not dry and self._dti_laid_out and taken is not None and _STATE["enabled"]
                and taken[0][1:4] == (renderer.width, renderer.height, renderer.dpi)
                and _FIELDS.get(taken[0]) is taken[1]):
            key, kept = taken  # the dry run just now took this field's layout, and nothing changed since
        else:
            key = (self._dti_token, renderer.width, renderer.height, renderer.dpi, len(self.axes), _settings(),
                   self._footprint(renderer))
            kept = _FIELDS.get(key) if _STATE["enabled"] and not self._dti_alone else None
            if kept is not None and not self._reuse(kept, renderer):
                kept, self._dti_alone = None, True  # its title would need other room: drawn whole, not kept
        if dry:  # savefig's layout pass: lay out, unless the kept field's layout was just taken
            if kept is None:
                self._paint(renderer, dry=True)
            else:
                self._dti_laid_out = True
                self._dti_taken = (key, kept)
            return
        shown = [a for a in self._dti_overlay if a.get_visible()]
        if kept is None:
            if not self._dti_laid_out:  # no layout pass before: lay out with the placed overlay in
                engine = self.get_layout_engine()
                if self.axes and engine is not None:
                    engine.execute(self)
            for a in shown:
                a.set_visible(False)
            self._dti_laid_out = True  # (hiding made the figure stale; the layout stands)
            try:
                self._paint(renderer, dry=False)  # the field: every artist but the overlay
            finally:
                for a in shown:
                    a.set_visible(True)
            for ax in self.axes:  # a title placed while hidden sits nowhere (its extent is a unit box)
                if self._titles(ax):
                    ax._update_title_position(renderer)
            _STATE["misses"] += 1
            if _STATE["enabled"] and not self._dti_alone and renderer.width * renderer.height <= MAX_PIXELS:
                where = [(ax.get_position(original=True), ax.get_position(original=False)) for ax in self.axes]
                spans = [self._span(ax, renderer) for ax in self.axes]
                if self._fits(renderer, spans):  # else its own overlay set the layout: not for sharing
                    titled = [[t.get_position() for t in _all_titles(ax)] for ax in self.axes]
                    _FIELDS[key] = (renderer.copy_from_bbox(self.bbox), where, spans, titled)
                    while len(_FIELDS) > MAX_FIELDS:
                        _FIELDS.popitem(last=False)
        else:
            _STATE["hits"] += 1
            _FIELDS.move_to_end(key)
            renderer.restore_region(kept[0])
            self._dti_laid_out = False
        for a in sorted(shown, key=lambda a: a.get_zorder()):
            a.draw(renderer)
        self.stale = False

    def _titles(self, ax) -> list:
        return [t for t in _all_titles(ax) if any(t is p for p in self._dti_placed)]

    def _stacked(self, ax) -> list:
        """The placed overlay above or below ``ax`` (its titles, its x axis): it takes height."""
        return self._titles(ax) + ([ax.xaxis] if any(ax.xaxis is p for p in self._dti_placed) else [])

    def _placed_on(self, ax) -> list:
        """The placed overlay of ``ax``: its titles, its legend and its axes, when they are placed."""
        leg = ax.get_legend()
        return self._titles(ax) + [a for a in (leg, ax.xaxis, ax.yaxis)
                                   if a is not None and any(a is p for p in self._dti_placed)]

    def _footprint(self, renderer) -> tuple:
        """The room the placed overlay takes from the layout: a title's (or x axis') height
        (above or below its axes; its width must fit within the axes' span, checked in
        _reuse), a legend's (or y axis') width (beside its axes; its height must fit within
        the span), in pixels."""
        out = []
        titles = {id(t) for ax in self.axes for t in self._stacked(ax)}
        for a in self._dti_placed:
            if not a.get_visible() or (hasattr(a, "get_text") and not a.get_text()):
                out.append(None)
                continue
            bb = _extent(a, renderer)
            out.append(("h", round(bb.height, 1)) if id(a) in titles else ("w", round(bb.width, 1)))
        return tuple(out)

    def _span(self, ax, renderer):
        """The extent (x0, x1, y0, y1) of ``ax`` and its decorations without its placed overlay."""
        mine = [a for a in self._placed_on(ax) if a.get_visible()]
        if not self._placed_on(ax):
            return None
        for a in mine:
            a.set_visible(False)
        try:
            bb = ax.get_tightbbox(renderer)
        finally:
            for a in mine:
                a.set_visible(True)
            if self._titles(ax):  # get_tightbbox placed the hidden title nowhere: place it again
                ax._update_title_position(renderer)
        return (bb.x0, bb.x1, bb.y0, bb.y1) if bb is not None else None

    def _fits(self, renderer, spans) -> bool:
        """True when no placed overlay sets a margin by more than its footprint: each title
        lies within the width of its axes' decorations and legend, each legend within the
        height of the decorations and titles. The layout then depends on the placed
        overlay only through the footprint in the key, the same for every figure sharing it."""
        for ax, span in zip(self.axes, spans):
            placed = [a for a in self._placed_on(ax)
                      if a.get_visible() and not (hasattr(a, "get_text") and not a.get_text())]
            if not placed:
                continue
            if span is None:
                return False
            ids = {id(t) for t in self._stacked(ax)}
            boxes = [(id(a) in ids, _extent(a, renderer)) for a in placed]
            x0 = min([span[0]] + [b.x0 for t, b in boxes if not t])
            x1 = max([span[1]] + [b.x1 for t, b in boxes if not t])
            y0 = min([span[2]] + [b.y0 for t, b in boxes if t])
            y1 = max([span[3]] + [b.y1 for t, b in boxes if t])
            for is_title, b in boxes:
                if is_title and (b.x0 < x0 - 0.5 or b.x1 > x1 + 0.5):
                    return False
                if not is_title and (b.y0 < y0 - 0.5 or b.y1 > y1 + 0.5):
                    return False
        return True

    def _reuse(self, kept, renderer) -> bool:
        """Take the kept field's layout; False when this figure's placed overlay would set a
        margin of its own (it is then laid out on its own, and keeps no field)."""
        _, where, spans, titled = kept
        with self._render_lock:
            for ax, (original, active) in zip(self.axes, where):
                ax._set_position(original, which="original")
                ax._set_position(active, which="active")
                ax._unstale_viewLim()
            # a title's height above its axes depends on the axes' place and what sits on top of
            # them, all of it the field's: the kept figure's title positions, instead of measuring
            # the top tick labels again (a fifth of drawing a heatmap over its field)
            for ax, positions in zip(self.axes, titled):
                if self._titles(ax):
                    for t, xy in zip(_all_titles(ax), positions):
                        t.set_position(xy)
        return self._fits(renderer, spans)

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


def _all_axes(fig) -> list:
    """The figure's Axes and, within each, its child Axes (an inset colour bar)."""
    out, todo = [], list(fig.axes)
    while todo:
        ax = todo.pop(0)
        out.append(ax)
        todo += list(getattr(ax, "child_axes", []))
    return out


def _all_titles(ax) -> tuple:
    return ax.title, ax._left_title, ax._right_title


def _extent(artist, renderer):
    """The room ``artist`` takes on the canvas: an Axis with its ticks, labels and label."""
    from matplotlib.axis import Axis

    return artist.get_tightbbox(renderer) if isinstance(artist, Axis) else artist.get_window_extent(renderer)


def _is_dry(renderer) -> bool:
    """True for the renderer ``savefig`` lays a figure out with (its draw methods are no-ops)."""
    return "draw_path" in vars(renderer)
