"""Charts for review meetings: one house style, bilingual, projector-ready.

Every chart takes a tidy frame as ``data=`` (the output of
:func:`dtilib.scoring.score` / :func:`dtilib.scoring.ranks`, or of the engine for
:func:`rank_intervals`), an optional ``ax=``, ``lang="vi"`` or ``"en"``, and
returns the matplotlib Axes. Charts on synthetic rows carry the
"illustrative data — not official" mark. This package imports matplotlib; it is
imported only on demand (``import dtilib`` does not load it).

>>> from dtilib import plots
>>> from dtilib.plots._examples import example_scores
>>> ax = plots.rank_trajectories(example_scores(), highlight=["Bắc Kạn", "Lạng Sơn"], lang="vi")
>>> ax.get_title()
'Xếp hạng qua các năm: Tổng điểm'
>>> plots.SYNTHETIC_MARK["vi"] in [t.get_text() for t in ax.figure.texts]
True
>>> plots.close_all()
"""
from __future__ import annotations

from ..labels import SYNTHETIC_MARK
from .change import change_waterfall, score_steps
from .distribution import score_distribution
from .heatmap import component_heatmap, heatmap_matrix
from .profile import indicator_profile, indicator_radar
from .ranks import rank_intervals, rank_trajectories
from .style import FIGSIZE, FONT, PALETTE, apply_style, house_style, is_synthetic, mark_synthetic
from .tilemap import tile_map, tiles


def close_all() -> None:
    """Close every open figure (free memory after a batch of charts).

    >>> import matplotlib.pyplot as plt
    >>> _ = plt.figure(), plt.figure()
    >>> close_all()
    >>> plt.get_fignums()
    []
    """
    import matplotlib.pyplot as plt

    plt.close("all")


__all__ = [
    "FIGSIZE", "FONT", "PALETTE", "SYNTHETIC_MARK", "apply_style", "change_waterfall", "close_all",
    "component_heatmap", "heatmap_matrix", "house_style", "indicator_profile", "indicator_radar",
    "is_synthetic", "mark_synthetic", "rank_intervals", "rank_trajectories", "score_distribution",
    "score_steps", "tile_map", "tiles",
]
