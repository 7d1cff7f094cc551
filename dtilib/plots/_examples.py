"""A small seeded synthetic scores frame for the docstring examples (flagged synthetic).

Real charts use ``dtilib.demo.scores()`` or scores of your own points; this
exists so each example runs in well under a second without other modules.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd


@lru_cache(maxsize=2)
def example_points(years: tuple[int, ...] = (2020, 2021, 2022, 2023), seed: int = 7) -> pd.DataFrame:
    """Seeded random component points for all 63 provinces (synthetic=True).

    Bắc Kạn ("06") has a zero on component 1.01 and nothing reported on 8.01 in
    every year, so zero and missing can be told apart.
    """
    from ..frameworks import default
    from ..provinces import provinces

    fw = default().with_placeholder_components()
    leaves = fw.leaves()
    leaves = leaves[leaves["max_points"].astype(float) > 0]
    units = provinces("pre2025")["key"].tolist()
    rng = np.random.default_rng(seed)
    skill = rng.uniform(0.25, 0.85, len(units))
    rows = []
    for t, y in enumerate(years):
        level = np.clip(skill + rng.normal(0.03 * t, 0.06, len(units)), 0.05, 0.98)
        share = np.clip(level[:, None] + rng.normal(0, 0.2, (len(units), len(leaves))), 0, 1)
        share[share < 0.08] = 0.0
        pts = np.round(share * leaves["max_points"].to_numpy(float)[None, :], 2)
        df = pd.DataFrame(pts, index=units, columns=leaves["code"]).stack().rename("points").reset_index()
        df.columns = ["unit", "indicator", "points"]
        df["year"] = y
        rows.append(df)
    out = pd.concat(rows, ignore_index=True)
    bk = out["unit"] == "06"
    out.loc[bk & (out["indicator"] == "1.01"), "points"] = 0.0
    out.loc[bk & (out["indicator"] == "8.01"), "points"] = np.nan
    out["synthetic"] = True
    return out[["unit", "year", "indicator", "points", "synthetic"]]


@lru_cache(maxsize=2)
def example_scores(years: tuple[int, ...] = (2020, 2021, 2022, 2023), seed: int = 7) -> pd.DataFrame:
    """``scoring.ranks(scoring.score(example_points()))`` — a complete, synthetic scores frame."""
    from ..frameworks import default
    from ..scoring import ranks, score

    fw = default().with_placeholder_components()
    return ranks(score(example_points(years, seed), fw))
