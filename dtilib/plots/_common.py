"""Small data helpers shared by the chart modules (no drawing here)."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..errors import DtiError
# the rules asked of a scores table, decided once in dtilib.schema (re-exported for the chart modules)
from ..schema import indicator_name, main_indicators, require, unit_key, unit_name, with_ranks  # noqa: F401


@lru_cache(maxsize=1)
def region_map() -> dict[str, str]:
    """unit → GSO region code (old provinces and post-2025 units), as :func:`dtilib.analysis.region_map`."""
    from ..analysis.peers import region_map as regions

    return regions().to_dict()


def peer_summary(data: pd.DataFrame, unit: str, year: int, level: str = "indicator",
                 peers="region") -> pd.DataFrame:
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
    st = peer_stats(data, unit, year, peers=peers, level=level)
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


def comparison(data: pd.DataFrame, year: int, lang: str) -> tuple[str, dict[str, str]]:
    """How a unit is compared in ``data``: the peer kind (``"region"`` among the registry's
    provinces, ``"national"`` — all units of the data — otherwise) and the legend label of
    each comparison series. A mean is "national" only when every province is there; else
    it names how many units it covers, and so does the best. Regional means only exist
    for provinces.

    >>> from dtilib.plots._examples import example_scores
    >>> kind, labels = comparison(example_scores(), 2022, "en")
    >>> kind, labels["national_mean"], labels["best"]
    ('region', 'National mean', 'Best')
    """
    from ..dataset import dataset_of
    from ..findings import REGISTRY_SIZE, mean_label
    from ..labels import label
    from ..provinces import era_of_keys
    from ..schema import total_code

    ds = dataset_of(data)
    era = ds.era if ds is not None else era_of_keys(data["unit"].astype(str).unique())
    t = data[(data["indicator"].astype(str) == total_code(data)) & (data["year"].astype(int) == int(year))]
    n = int(t["points"].notna().sum()) if len(t) else int(data["unit"].nunique())
    complete = era in REGISTRY_SIZE and n == REGISTRY_SIZE[era]
    mean = mean_label(n, era, lang)
    labels = {"national_mean": mean[:1].upper() + mean[1:],
              "regional_mean": label("regional_mean", lang),
              "best": label("best", lang) if complete else label("best_of_units", lang).format(n=n),
              "max_points": label("max_points", lang)}
    return ("region" if era in REGISTRY_SIZE else "national"), labels
