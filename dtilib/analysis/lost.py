"""Points lost (maximum − achieved) and the self-assessed → appraised → final gap."""
from __future__ import annotations

import pandas as pd

from ..errors import DtiError
from ._common import is_scored, need_columns, synthetic_flag, unit_key, year_rows

STAGES = ("self_assessed", "appraised", "final")


def points_lost(scores: pd.DataFrame, unit: str, year: int, level: str = "indicator") -> pd.DataFrame:
    """Where a unit lost points in a year, largest loss first.

    One row per node of ``level`` (``"indicator"`` main indicators,
    ``"component"``, ``"view"``) with a positive maximum:
    ``points_lost = max_points − points``, an unreported node (NaN) counting as
    0 achieved (``missing`` True) — what the official total does. ``share_lost``
    is the node's share of all points lost at that level, ``cum_share`` its
    running sum; ``rank_lost`` 1 = biggest loss (ties share, min rule).

    >>> import pandas as pd
    >>> s = pd.DataFrame({"unit": "06", "year": 2022, "indicator": ["1", "7", "9"],
    ...     "level": "indicator", "points": [60.0, 120.0, None], "max_points": [100.0, 200.0, 150.0]})
    >>> points_lost(s, "06", 2022)[["indicator", "points_lost", "share_lost", "rank_lost", "missing"]].to_string(index=False)
    'indicator  points_lost  share_lost  rank_lost  missing\\n        9        150.0    0.555556          1     True\\n        7         80.0    0.296296          2    False\\n        1         40.0    0.148148          3    False'
    """
    need_columns(scores, ["unit", "year", "indicator", "level", "points", "max_points"], "points_lost")
    u = unit_key(unit, scores)
    df = year_rows(scores, year, "points_lost")
    df = df[(df["unit"] == u) & (df["level"] == level)]
    if df.empty:
        raise DtiError(f"points_lost: no {level} rows for unit {u} in {year}")
    df = df[is_scored(df)]
    pts = df["points"].astype(float)
    mx = df["max_points"].astype(float)
    out = pd.DataFrame({
        "unit": u, "year": int(year), "indicator": df["indicator"].to_numpy(), "level": level,
        "points": pts.to_numpy(), "max_points": mx.to_numpy(),
        "points_lost": (mx - pts.fillna(0.0)).round(6).to_numpy(), "missing": pts.isna().to_numpy(),
    })
    total = out["points_lost"].sum()
    out["share_lost"] = out["points_lost"] / total if total > 0 else 0.0
    out = out.sort_values("points_lost", ascending=False, kind="stable").reset_index(drop=True)
    out["cum_share"] = out["share_lost"].cumsum()
    out["rank_lost"] = out["points_lost"].rank(method="min", ascending=False).astype("int64")
    out["synthetic"] = synthetic_flag(df)
    return out


def appraisal_gap(points: pd.DataFrame, framework=None, level: str = "component") -> pd.DataFrame:
    """Self-assessed vs appraised vs final points, where those stages exist.

    ``points``: a points table with a ``stage`` column (``self_assessed``,
    ``appraised``, ``final``). One row per unit × year × indicator with a
    column per stage present and the gaps ``appraised_gap = appraised −
    self_assessed``, ``final_gap = final − self_assessed`` and
    ``final_vs_appraised = final − appraised`` (negative = points cut), where
    both stages exist. With ``framework`` the stages are first scored
    (:func:`dtilib.scoring.score`) and ``level`` picks the level
    (``"indicator"``, ``"total"``, ``"component"``). Sorted by the largest cut
    (most negative ``appraised_gap``) first. Raises DtiError when fewer than
    two stages are present.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"unit": "06", "year": 2022, "indicator": ["1.01", "1.01", "1.02", "1.02"],
    ...     "stage": ["self_assessed", "appraised"] * 2, "points": [8.0, 5.0, 6.0, 6.0]})
    >>> appraisal_gap(p)[["indicator", "self_assessed", "appraised", "appraised_gap"]].to_string(index=False)
    'indicator  self_assessed  appraised  appraised_gap\\n     1.01            8.0        5.0           -3.0\\n     1.02            6.0        6.0            0.0'
    """
    need_columns(points, ["unit", "year", "indicator", "points", "stage"], "appraisal_gap")
    stages = [s for s in STAGES if (points["stage"] == s).any()]
    if len(stages) < 2:
        raise DtiError(f"appraisal_gap: needs at least two of the stages {', '.join(STAGES)}; "
                       f"found {sorted(map(str, points['stage'].unique()))}")
    if framework is not None:
        from ..scoring import score

        parts = [score(points, framework, stage=s, views=False).assign(stage=s) for s in stages]
        df = pd.concat(parts, ignore_index=True)
        df = df[df["level"] == level]
    else:
        df = points[points["stage"].isin(stages)]
    if "synthetic" not in df:
        df = df.assign(synthetic=False)
    order = {c: i for i, c in enumerate(pd.unique(df["indicator"]))}
    # sum(min_count=1): an unreported stage stays NaN (missing is not zero)
    wide = df.groupby(["unit", "year", "indicator", "stage"], sort=False)["points"].sum(min_count=1)
    wide = wide.unstack("stage").reindex(columns=stages).reset_index()
    wide.columns.name = None
    if "self_assessed" in wide and "appraised" in wide:
        wide["appraised_gap"] = (wide["appraised"] - wide["self_assessed"]).round(6)
    if "self_assessed" in wide and "final" in wide:
        wide["final_gap"] = (wide["final"] - wide["self_assessed"]).round(6)
    if "appraised" in wide and "final" in wide:
        wide["final_vs_appraised"] = (wide["final"] - wide["appraised"]).round(6)
    synth = df.groupby(["unit", "year", "indicator"])["synthetic"].any()
    wide["synthetic"] = pd.MultiIndex.from_frame(wide[["unit", "year", "indicator"]]).map(synth.to_dict().get)
    wide["synthetic"] = wide["synthetic"].fillna(False).astype(bool)
    key = next(c for c in ("appraised_gap", "final_gap", "final_vs_appraised") if c in wide)
    wide["_o"] = wide["indicator"].map(order)
    wide = wide.sort_values([key, "year", "unit", "_o"], na_position="last", kind="stable")
    return wide.drop(columns="_o").reset_index(drop=True)
