"""Small data helpers shared by the chart modules (no drawing here)."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..errors import DtiError


def unit_name(key: str, lang: str, data=None) -> str:
    """Display name of a unit key (:func:`dtilib.schema.unit_name`)."""
    from ..schema import unit_name as name

    return name(key, lang, data)


def unit_key(unit: str, data=None) -> str:
    """The unit key a name stands for in ``data`` (:func:`dtilib.schema.unit_key`, the one rule)."""
    from ..schema import unit_key as key

    return key(unit, data)


@lru_cache(maxsize=1)
def region_map() -> dict[str, str]:
    """unit → GSO region code (old provinces and post-2025 units), as :func:`dtilib.analysis.region_map`."""
    from ..analysis.peers import region_map as regions

    return regions().to_dict()


def indicator_name(code: str, lang: str, data=None) -> str:
    """Display name of an indicator code in ``data``'s framework (:func:`dtilib.schema.indicator_name`)."""
    from ..schema import indicator_name as name

    return name(code, lang, data)


def require(data: pd.DataFrame, columns: list[str], what: str) -> None:
    """Raise DtiError naming the missing columns (:func:`dtilib.schema.require`)."""
    from ..schema import require as req

    req(data, columns, what)


def with_ranks(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with a ``rank`` column (:func:`dtilib.schema.with_ranks`)."""
    from ..schema import with_ranks as ranked

    return ranked(data)


def main_indicators(data: pd.DataFrame) -> pd.DataFrame:
    """Scored main-indicator rows (:func:`dtilib.schema.main_indicators`)."""
    from ..schema import main_indicators as mains

    return mains(data)


def peer_summary(data: pd.DataFrame, unit: str, year: int, level: str = "indicator") -> pd.DataFrame:
    """Per indicator: the unit's points and index beside the national mean, its
    region's mean and the best, for one year.

    Columns: indicator, max_points, points, national_mean, regional_mean, best,
    and the same four as ``*_index`` (÷ max_points). The figures are those of
    :func:`dtilib.analysis.peer_stats` with the unit's GSO region as peers (one
    computation for charts, tables and reports), in the framework's order.
    """
    from ..analysis import peer_stats

    require(data, ["unit", "year", "indicator", "level", "points", "max_points"], "peer_summary")
    d = data[(data["year"].astype(int) == int(year)) & (data["level"] == level)]
    if unit not in set(d.loc[d["max_points"].astype(float) > 0, "unit"]):
        raise DtiError(f"no {level} scores for {unit_name(unit, 'en', data)} ({unit}) in {year}")
    st = peer_stats(data, unit, year, peers="region", level=level)
    out = st.rename(columns={"index": "points_index", "peer_mean": "regional_mean",
                             "peer_mean_index": "regional_mean_index"})
    out = out[["indicator", "max_points", "points", "national_mean", "regional_mean", "best",
               "points_index", "national_mean_index", "regional_mean_index", "best_index"]]
    from ..scoring import framework_of

    fw = framework_of(data)
    codes = list(fw.nodes.sort_values("order")["code"].astype(str)) if fw is not None else []
    order = {c: i for i, c in enumerate(codes)}
    out = out.assign(_o=out["indicator"].map(order).fillna(len(order)))
    return out.sort_values(["_o", "indicator"]).drop(columns="_o").reset_index(drop=True)
