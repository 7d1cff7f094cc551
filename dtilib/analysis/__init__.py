"""Analyses on scored DTI data: tidy DataFrames in, tidy DataFrames out.

One module per question, all re-exported here:

========================  ==================================================
module                    functions
========================  ==================================================
``change``                :func:`change`, :func:`movers`, :func:`rank_change_explained`
``zeros``                 :func:`zero_indicators`, :func:`missing_indicators`, :func:`zero_counts`
``peers``                 :func:`peer_groups`, :func:`peer_stats`
========================  ==================================================

No plotting library is imported here (``import dtilib.analysis`` stays fast).

>>> import dtilib.analysis as da
>>> callable(da.change) and callable(da.peer_stats)
True
"""
from __future__ import annotations

from .change import change, movers, rank_change_explained
from .peers import peer_groups, peer_stats
from .zeros import missing_indicators, zero_counts, zero_indicators

__all__ = [
    "change", "movers", "rank_change_explained",
    "zero_indicators", "missing_indicators", "zero_counts",
    "peer_groups", "peer_stats",
]
