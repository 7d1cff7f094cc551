"""Strengths and weaknesses of a unit, in the manner of COINr's ``get_str_weak`` table."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DtiError
from .peers import peer_stats


def strengths_weaknesses(scores: pd.DataFrame, unit: str, year: int, peers="region", n: int = 3,
                         level: str = "indicator", framework=None, lang: str = "vi") -> pd.DataFrame:
    """The ``n`` indicators a unit ranks best on (strengths) and worst on (weaknesses).

    As in COINr's strengths-and-weaknesses table, indicators are ordered by the
    unit's **national rank** on each (ties broken by the gap to the national
    mean on the 0-1 index), with one rule so that a word never contradicts the
    figures beside it: a **strength** is an indicator where the unit is at or
    above its peers' mean (best-ranked first, at most ``n``), a **weakness** one
    where it is below (worst-ranked first, at most ``n``). An indicator is never
    both; a unit above its peers everywhere has no weakness. Each row also places the
    unit against its peers (see :func:`dtilib.analysis.peer_stats` for
    ``peers``), the national mean and the best: ``vs_peers = index −
    peer_mean_index``, ``vs_national = index − national_mean_index``,
    ``vs_best = index − best_index`` (all on the 0-1 index). ``level``:
    ``"indicator"`` (main indicators) or ``"component"``. With ``framework``,
    a ``name`` column in ``lang`` is added.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"unit": ["06", "19"] * 3, "year": 2022, "indicator": ["1", "1", "2", "2", "3", "3"],
    ...     "level": "indicator", "points": [90.0, 50.0, 10.0, 40.0, 30.0, 30.0], "max_points": 100.0})
    >>> strengths_weaknesses(s, "06", 2022, n=1)[["type", "indicator", "rank", "vs_peers"]].to_string(index=False)
    '    type indicator  rank  vs_peers\\nstrength         1     1      0.20\\nweakness         2     2     -0.15'
    """
    if n < 1:
        raise DtiError("strengths_weaknesses: n must be at least 1")
    ps = peer_stats(scores, unit, year, peers=peers, level=level)
    ps = ps[ps["index"].notna()].copy()
    if ps.empty:
        raise DtiError(f"strengths_weaknesses: no {level} values for {unit} in {year}")
    ps["vs_peers"] = (ps["index"] - ps["peer_mean_index"]).round(10)
    ps["vs_national"] = (ps["index"] - ps["national_mean_index"]).round(10)
    ps["vs_best"] = (ps["index"] - ps["best_index"]).round(10)
    ranked = ps.sort_values(["rank", "vs_national", "indicator"], ascending=[True, False, True], kind="stable")
    # The words never contradict the figures beside them: a strength is at or above its
    # peers' mean, a weakness below it; among those, the best (worst) national ranks first.
    above = ranked[ranked["vs_peers"] >= 0]
    below = ranked[ranked["vs_peers"] < 0]
    strong = above.head(n).assign(type="strength")
    weak = below.iloc[::-1].head(n).assign(type="weakness")
    out = pd.concat([strong, weak], ignore_index=True)
    if framework is not None:
        from ..labels import check_lang

        col = "name_" + check_lang(lang)
        names = dict(zip(framework.nodes["code"], framework.nodes[col]))
        out["name"] = out["indicator"].map(names)
    cols = ["unit", "year", "type", "indicator"] + (["name"] if "name" in out else []) + [
        "points", "max_points", "index", "rank", "rank_in_peers", "peer_group", "peer_mean_index",
        "national_mean_index", "best_index", "best_unit", "vs_peers", "vs_national", "vs_best", "synthetic"]
    return out[cols]
