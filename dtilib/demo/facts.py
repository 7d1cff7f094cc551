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
    """The published facts (one row each) that :func:`dtilib.demo.points` reproduces."""
    return _facts().copy()


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
    sc = scoring.ranks(scoring.score(points, framework))
    sc = sc.set_index(["unit", "year", "indicator"])
    achieved = np.full(len(f), np.nan)
    for i, r in enumerate(f.itertuples(index=False)):
        if r.measure == "provincial_mean":
            t = sc.xs((r.year, r.indicator), level=("year", "indicator"))
            achieved[i] = float((t["points"] / t["max_points"]).mean())
            continue
        if r.measure == "n_zero":
            pts = points
            if "stage" in pts:
                pts = pts[pts["stage"] == "final"]
            mx = framework.maxima()
            sel = pts[(pts["unit"] == r.unit) & (pts["year"] == r.year)]
            scored = sel["indicator"].map(mx).to_numpy(dtype=float) > 0
            achieved[i] = float(((sel["points"].to_numpy(dtype=float) == 0) & scored).sum())
            continue
        key = (r.unit, r.year, r.indicator)
        if key not in sc.index:
            continue
        row = sc.loc[key]
        achieved[i] = {"rank": row["rank"], "index": row["index"], "points": row["points"]}[r.measure]
    out = f.copy()
    out["achieved"] = achieved
    out["ok"] = np.abs(out["achieved"] - out["value"]) <= out["tolerance"] + 1e-9
    return out
