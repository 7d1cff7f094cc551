"""Zero-scoring and unreported indicators. Missing (NaN, not reported) is never a zero.

Accepts either scores (output of :func:`dtilib.scoring.score`, all levels) or a
points table (one row per unit × year × component). Unscored nodes (maximum 0,
such as DTI indicator 6 "smart city") are never listed as zero.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DtiError
from ._common import is_scored, need_columns, unit_key

_OUT = ["unit", "year", "indicator", "level", "points", "max_points", "synthetic"]


def _select(data: pd.DataFrame, unit, year, level: str | None, framework, what: str) -> pd.DataFrame:
    need_columns(data, ["unit", "year", "indicator", "points"], what)
    df = data
    if "stage" in df and (df["stage"] == "final").any():
        df = df[df["stage"] == "final"]
    if "level" not in df:
        # a points table: every row is a component
        if framework is not None:
            from ..scoring import score

            df = score(df, framework, stage=None)
        else:
            df = df.assign(level="component")
    if level is not None:
        df = df[df["level"] == level]
    if unit is not None:
        df = df[df["unit"] == unit_key(unit, data)]
    if year is not None:
        df = df[df["year"].astype(int) == int(year)]
    if "max_points" not in df:
        if framework is not None:
            df = df.assign(max_points=df["indicator"].map(framework.maxima()))
        else:
            df = df.assign(max_points=np.nan)
    if "synthetic" not in df:
        df = df.assign(synthetic=False)
    return df[is_scored(df)]


def zero_indicators(data: pd.DataFrame, unit: str | None = None, year: int | None = None,
                    level: str | None = "component", framework=None) -> pd.DataFrame:
    """Rows scoring exactly zero (reported, 0 points), one per unit × year × indicator.

    ``data``: scores or points (see module doc); ``unit`` (key or name) and
    ``year`` narrow the rows; ``level`` (``"component"`` by default,
    ``"indicator"`` for main indicators, None for all). ``framework`` fills
    ``max_points`` for a points table (and, given with a points table, scores it
    first so that any level can be asked for). Rows sorted by year, unit,
    indicator order of the input. Unreported (NaN) rows are *not* zeros: see
    :func:`missing_indicators`.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"unit": "06", "year": 2022, "indicator": ["1.01", "1.02", "1.03"],
    ...                   "points": [0.0, float("nan"), 5.0]})
    >>> zero_indicators(p)["indicator"].tolist()
    ['1.01']
    """
    df = _select(data, unit, year, level, framework, "zero_indicators")
    z = df[df["points"].astype(float) == 0]
    return z[_OUT].sort_values(["year", "unit"], kind="stable").reset_index(drop=True)


def missing_indicators(data: pd.DataFrame, unit: str | None = None, year: int | None = None,
                       level: str | None = "component", framework=None) -> pd.DataFrame:
    """Rows not reported (``points`` NaN), one per unit × year × indicator.

    Same arguments as :func:`zero_indicators`. With a points table, only rows
    present with NaN are found unless ``framework`` is given (then absent
    components count as missing too).

    >>> import pandas as pd
    >>> p = pd.DataFrame({"unit": "06", "year": 2022, "indicator": ["1.01", "1.02", "1.03"],
    ...                   "points": [0.0, float("nan"), 5.0]})
    >>> missing_indicators(p)["indicator"].tolist()
    ['1.02']
    """
    df = _select(data, unit, year, level, framework, "missing_indicators")
    z = df[df["points"].isna()]
    return z[_OUT].sort_values(["year", "unit"], kind="stable").reset_index(drop=True)


def zero_counts(data: pd.DataFrame, year: int | None = None, level: str | None = "component",
                framework=None) -> pd.DataFrame:
    """How many units score zero (and how many did not report) on each indicator.

    One row per year × indicator: ``n_units`` (rows present), ``n_reported``,
    ``n_zero``, ``n_missing``, ``share_zero`` = n_zero ÷ n_reported (NaN when none
    reported) and ``units_zero`` (the zero-scoring unit keys, comma-separated).
    Sorted by year, then most zeros first (ties in input order).

    >>> import pandas as pd
    >>> p = pd.DataFrame({"unit": ["a", "b", "c", "a", "b", "c"], "year": 2022,
    ...     "indicator": ["1.01"] * 3 + ["1.02"] * 3, "points": [0, 0, 1, 2, None, 0]})
    >>> zero_counts(p)[["indicator", "n_zero", "n_missing", "share_zero", "units_zero"]].to_string(index=False)
    'indicator  n_zero  n_missing  share_zero units_zero\\n     1.01       2          0         0.666667       a, b\\n     1.02       1          1         0.500000          c'
    """
    df = _select(data, None, year, level, framework, "zero_counts")
    if df.empty:
        raise DtiError("zero_counts: no rows for the requested year/level")
    pts = df["points"].astype(float)
    df = df.assign(_zero=(pts == 0), _miss=pts.isna(), _rep=pts.notna())
    order = {c: i for i, c in enumerate(pd.unique(df["indicator"]))}
    g = df.groupby(["year", "indicator"], sort=False)
    out = pd.DataFrame({
        "level": g["level"].first(), "max_points": g["max_points"].first(),
        "n_units": g.size(), "n_reported": g["_rep"].sum(), "n_zero": g["_zero"].sum(),
        "n_missing": g["_miss"].sum(), "synthetic": g["synthetic"].any(),
    }).reset_index()
    zu = df[df["_zero"]].groupby(["year", "indicator"], sort=False)["unit"].agg(lambda s: ", ".join(sorted(s)))
    out["units_zero"] = pd.MultiIndex.from_frame(out[["year", "indicator"]]).map(zu.to_dict().get)
    out["units_zero"] = out["units_zero"].fillna("")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_zero"] = np.where(out["n_reported"] > 0, out["n_zero"] / out["n_reported"].clip(lower=1), np.nan)
    for c in ("n_units", "n_reported", "n_zero", "n_missing"):
        out[c] = out[c].astype("int64")
    out["_o"] = out["indicator"].map(order)
    out = out.sort_values(["year", "n_zero", "_o"], ascending=[True, False, True], kind="stable")
    cols = ["year", "indicator", "level", "max_points", "n_units", "n_reported", "n_zero", "n_missing",
            "share_zero", "units_zero", "synthetic"]
    return out[cols].reset_index(drop=True)


def zeros_by_unit(data, year: int, level: str = "component") -> pd.DataFrame:
    """Per unit in ``year``: how many indicators score zero and the points they forgo, with
    the unit's total rank and points; most zeros first (ties by rank).

    >>> from dtilib.plots._examples import example_scores
    >>> z = zeros_by_unit(example_scores(), 2022)
    >>> z.columns.tolist(), bool((z["n_zero"].diff().dropna() <= 0).all())
    (['unit', 'n_zero', 'points_lost', 'rank', 'points'], True)
    """
    from ..schema import scores_of, total_code, with_ranks

    s = scores_of(data)
    zi = zero_indicators(s, year=year, level=level)
    tot = with_ranks(s[(s["indicator"].astype(str) == total_code(s)) & (s["year"].astype(int) == int(year))])
    g = zi.groupby("unit")
    per = pd.DataFrame({"n_zero": g.size(), "points_lost": g["max_points"].sum()})
    per = tot.set_index("unit")[["rank", "points"]].join(per, how="left")
    per["n_zero"] = per["n_zero"].fillna(0).astype("int64")
    per["points_lost"] = per["points_lost"].fillna(0.0)
    per = per.reset_index().sort_values(["n_zero", "rank", "unit"], ascending=[False, True, True], kind="stable")
    return per[["unit", "n_zero", "points_lost", "rank", "points"]].reset_index(drop=True)
