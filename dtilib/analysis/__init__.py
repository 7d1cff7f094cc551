"""Analyses on scored DTI data: tidy DataFrames in, tidy DataFrames out.

One module per question, all re-exported here:

==============  =======================================================================
module          functions
==============  =======================================================================
``change``      :func:`change`, :func:`movers`, :func:`rank_change_explained`
``zeros``       :func:`zero_indicators`, :func:`missing_indicators`, :func:`zero_counts`,
                :func:`zeros_by_unit`
``lost``        :func:`points_lost`, :func:`appraisal_gap`
``peers``       :func:`peer_groups`, :func:`peer_stats`, :func:`region_map`, :func:`region_peers`,
                :func:`region_name`, :func:`region_table`, :func:`indicator_comparison`
``ranking``     :func:`ranking_table`, :func:`region_means`
``strengths``   :func:`strengths_weaknesses`
``planner``     :func:`improvement_plan`
``robustness``  :func:`rank_intervals`
==============  =======================================================================

No plotting library is imported here (``import dtilib.analysis`` stays fast).

>>> import dtilib.analysis as da
>>> callable(da.change) and callable(da.rank_intervals)
True
"""
from __future__ import annotations

from .change import change, movers, rank_change_explained
from .lost import appraisal_gap, points_lost
from .peers import indicator_comparison, peer_groups, peer_stats, region_map, region_name, region_peers, region_table
from .ranking import ranking_table, region_means
from .planner import improvement_plan
from .robustness import rank_intervals
from .strengths import strengths_weaknesses
from .zeros import missing_indicators, zero_counts, zero_indicators, zeros_by_unit

__all__ = [
    "change", "movers", "rank_change_explained",
    "zero_indicators", "missing_indicators", "zero_counts", "zeros_by_unit",
    "ranking_table", "region_means", "region_peers", "region_name", "region_table", "indicator_comparison",
    "points_lost", "appraisal_gap",
    "peer_groups", "peer_stats", "region_map", "strengths_weaknesses",
    "improvement_plan", "rank_intervals",
]
