"""Index frameworks as data: the tree of indicators, their maxima and views.

A framework is read from a YAML (or CSV) file, validated, and held as a tidy
table of nodes: the total (depth 0), main indicators (depth 1), component
indicators (depth 2) and, for a user's own framework, deeper levels. Bundled:

=========  ====================================================================
id         what
=========  ====================================================================
dti-922    provincial DTI, Decision 922 (DTI 2021, 2022): 9 main, 98 components
dti-2020   DTI 2020 pilot: three pillars, weights unknown
dti-2024   DTI 2024: 8 main indicators, 47 components, maxima unknown
ict-index  Vietnam ICT Index sub-indices (0-1), aggregation unknown
=========  ====================================================================

>>> fw = load("dti-922")
>>> fw.indicators()[["code", "max_points"]].set_index("code")["max_points"].to_dict()
{'1': 100.0, '2': 100.0, '3': 100.0, '4': 100.0, '5': 100.0, '6': 0.0, '7': 200.0, '8': 150.0, '9': 150.0}
>>> fw.views.set_index("code")["max_points"].to_dict()
{'GOV': 700.0, 'ECO': 650.0, 'SOC': 650.0}
>>> fw.components_known
False
>>> len(fw.with_placeholder_components().components())
98
"""
from __future__ import annotations

from .model import DEFAULT, Framework, available, default, for_year, load, load_file

__all__ = ["DEFAULT", "Framework", "available", "default", "for_year", "load", "load_file"]
