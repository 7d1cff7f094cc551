"""The published facts the synthetic DTI data reproduce, and the check that they do.

``dtilib/data/demo_facts.csv`` (built by ``scripts/make_demo_facts.py`` from
``data/raw/``) holds one row per fact: ``unit, name_vi, year, indicator, measure,
value, tolerance, status, source_file, source_row, note``. Measures:

- ``rank``: rank among the 63 provinces of the indicator's index (TOTAL, a pillar
  view GOV/ECO/SOC, or a main indicator), index rounded to 4 decimals, ties share;
- ``index``: the 0–1 value (points ÷ maximum), within ``tolerance``;
- ``points``: points on the indicator's own scale, within ``tolerance``;
- ``provincial_mean``: mean over the 63 provinces of total ÷ 1000;
- ``n_zero``: number of scored components at exactly 0 points (final stage).

>>> f = facts()
>>> sorted(f["measure"].unique())
['index', 'n_zero', 'points', 'provincial_mean', 'rank']
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

FACT_COLUMNS = ["unit", "name_vi", "year", "indicator", "measure", "value", "tolerance", "status",
                "source_file", "source_row", "note"]


@lru_cache(maxsize=1)
def _facts() -> pd.DataFrame:
    with resources.files("dtilib.data").joinpath("demo_facts.csv").open("rb") as fh:
        df = pd.read_csv(fh, dtype={"unit": str, "indicator": str, "source_row": str,
                                    "name_vi": str, "note": str}, keep_default_na=False)
    df["year"] = df["year"].astype(int)
    df["value"] = df["value"].astype(float)
    df["tolerance"] = df["tolerance"].astype(float)
    return df[FACT_COLUMNS]


def facts() -> pd.DataFrame:
    """The published facts (one row each) that :func:`dtilib.demo.points` reproduces.

    Bắc Kạn's published total ranks, and the article's count of its zero components
    (kept marked ``seed_only``: it comes from a news article, not an official table):

    >>> f = facts()
    >>> bk = f[(f.unit == "06") & (f.indicator == "TOTAL")]
    >>> bk[bk.measure == "rank"].set_index("year")["value"].sort_index().to_dict()
    {2020: 59.0, 2021: 51.0, 2022: 63.0}
    >>> bk[bk.measure == "n_zero"][["year", "value", "status"]].values.tolist()
    [[2022, 34.0, 'seed_only']]
    """
    return _facts().copy()


def unmet() -> pd.DataFrame:
    """The published figures the synthetic data do not reproduce, each with its reason
    (``dtilib/data/demo_unmet.csv``, written by ``scripts/make_demo_facts.py``): DTI 2024
    (another framework and unit set), the losing versions of conflicts, and the few
    figures that cannot hold together with the others on the layout used here.

    >>> u = unmet()
    >>> sorted(u.columns)[:4], bool((u["year"] == 2024).any())
    (['indicator', 'measure', 'name_vi', 'ranking_group'], True)
    """
    with resources.files("dtilib.data").joinpath("demo_unmet.csv").open("rb") as fh:
        df = pd.read_csv(fh, dtype={"unit": str, "indicator": str, "source_row": str, "name_vi": str},
                         keep_default_na=False)
    df["year"] = df["year"].astype(int)
    df["value"] = df["value"].astype(float)
    return df


def check(points: pd.DataFrame, framework=None) -> pd.DataFrame:
    """Each fact with the value ``points`` achieve (``achieved``) and ``ok``.

    ``points`` is a tidy points table (as from :func:`dtilib.demo.points`); only
    the final stage is scored. Ranks are computed with :func:`dtilib.scoring.ranks`
    (index rounded to 4 decimals, ties share the rank).

    >>> from dtilib import demo
    >>> c = demo.check(demo.points())
    >>> bool(c["ok"].all()), len(c) == len(demo.facts())
    (True, True)
    """
    from .. import scoring

    if framework is None:
        from . import framework as _fw

        framework = _fw()
    f = facts()
    sc = scoring.score(points, framework)
    sc = scoring.ranks(sc[sc["level"] != "component"])
    achieved = np.full(len(f), np.nan)
    # rank / index / points of one unit × year × indicator: a lookup on the scores
    one = f["measure"].isin(["rank", "index", "points"]).to_numpy()
    look = sc.set_index(["unit", "year", "indicator"])[["rank", "index", "points"]].astype(float)
    keys = pd.MultiIndex.from_frame(f.loc[one, ["unit", "year", "indicator"]])
    got = look.reindex(keys)
    m = f.loc[one, "measure"].to_numpy()
    achieved[one] = np.choose(np.searchsorted(["index", "points", "rank"], m),
                              [got["index"].to_numpy(), got["points"].to_numpy(), got["rank"].to_numpy()])
    # provincial means: mean of index over the units scored that year
    for i in np.flatnonzero(f["measure"].to_numpy() == "provincial_mean"):
        r = f.iloc[i]
        t = sc[(sc["year"] == r["year"]) & (sc["indicator"] == r["indicator"])]
        if len(t):
            achieved[i] = float((t["points"] / t["max_points"]).mean())
    # zero-scoring scored components (final stage)
    zi = np.flatnonzero(f["measure"].to_numpy() == "n_zero")
    if len(zi):
        pts = points[points["stage"] == "final"] if "stage" in points else points
        mx = pts["indicator"].map(framework.maxima()).to_numpy(dtype=float)
        zero = pts[(pts["points"].to_numpy(dtype=float) == 0) & (mx > 0)]
        counts = zero.groupby(["unit", "year"]).size()
        present = pts.groupby(["unit", "year"]).size()
        for i in zi:
            key = (f.at[i, "unit"], int(f.at[i, "year"]))
            if key in present.index:
                achieved[i] = float(counts.get(key, 0))
    out = f.copy()
    out["achieved"] = achieved
    out["ok"] = np.abs(out["achieved"] - out["value"]) <= out["tolerance"] + 1e-9
    return out
