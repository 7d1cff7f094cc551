"""Small data helpers shared by the chart modules (no drawing here)."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..errors import DtiError
from ..labels import label


def unit_name(key: str, lang: str) -> str:
    """Display name of a registry key; the key itself if unknown."""
    from ..provinces import name

    return name(str(key), lang, default=str(key))  # a user's own unit (department, commune) keeps its code


def unit_key(unit: str) -> str:
    """Registry key of a province typed any way ("Bắc Kạn", "bac kan", "06", "N19")."""
    from ..provinces import resolve

    u = str(unit)
    return resolve(u, era="post2025" if u.startswith("N") and u[1:].isdigit() else "pre2025").key


@lru_cache(maxsize=1)
def region_map() -> dict[str, str]:
    """unit → GSO region code (old provinces and post-2025 units), as :func:`dtilib.analysis.region_map`."""
    from ..analysis.peers import region_map as regions

    return regions().to_dict()


@lru_cache(maxsize=4)
def indicator_names(framework_id: str = "dti-922") -> pd.DataFrame:
    """code → name_vi, name_en, max_points, scored, order of a framework's nodes."""
    from ..frameworks import load

    nodes = load(framework_id).nodes
    return nodes.set_index("code")[["name_vi", "name_en", "max_points", "scored", "order", "depth"]]


def indicator_name(code: str, lang: str, framework_id: str = "dti-922") -> str:
    """Display name of an indicator code ("7" → "Hoạt động chính quyền số"); the code if unknown."""
    if code == "TOTAL":
        return label("total", lang)
    names = indicator_names(framework_id)
    if code in names.index:
        return str(names.at[code, f"name_{lang}"])
    return label(code, lang)


def require(data: pd.DataFrame, columns: list[str], what: str) -> None:
    """Raise DtiError naming the missing columns."""
    if not isinstance(data, pd.DataFrame):
        raise DtiError(f"{what}: data must be a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise DtiError(f"{what}: data lacks column(s) {', '.join(missing)}; "
                       f"expected the output of dtilib.scoring.score (see docs/data-model.md)")


def with_ranks(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with a ``rank`` column (computed with dtilib.scoring.ranks when absent)."""
    if "rank" in data.columns and data["rank"].notna().any():
        return data
    from ..scoring import ranks

    return ranks(data)


def main_indicators(data: pd.DataFrame) -> pd.DataFrame:
    """Scored main-indicator rows (level == "indicator", max_points > 0)."""
    d = data[data["level"] == "indicator"]
    return d[d["max_points"].astype(float) > 0]


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
        raise DtiError(f"no {level} scores for {unit_name(unit, 'en')} ({unit}) in {year}")
    st = peer_stats(data, unit, year, peers="region", level=level)
    out = st.rename(columns={"index": "points_index", "peer_mean": "regional_mean",
                             "peer_mean_index": "regional_mean_index"})
    out = out[["indicator", "max_points", "points", "national_mean", "regional_mean", "best",
               "points_index", "national_mean_index", "regional_mean_index", "best_index"]]
    order = {c: i for i, c in enumerate(indicator_names()["order"].sort_values().index)}
    out = out.assign(_o=out["indicator"].map(order).fillna(len(order)))
    return out.sort_values(["_o", "indicator"]).drop(columns="_o").reset_index(drop=True)
