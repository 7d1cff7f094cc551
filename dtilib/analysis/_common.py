"""Shared helpers for the analysis modules (private).

Ranking follows :func:`dtilib.scoring.ranks`: values compared on the 0-1
``index`` rounded to 4 decimals; ties share a rank and the next is skipped.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DtiError
# the rules asked of a scores table, decided once in dtilib.schema (re-exported for the analyses)
from ..schema import is_scored, total_code, unit_key, with_ranks  # noqa: F401

DECIMALS = 4


def need_columns(df: pd.DataFrame, cols, what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise DtiError(f"{what}: input lacks column(s) {', '.join(missing)}; "
                       f"expected the output of dtilib.scoring.score")


def year_rows(scores: pd.DataFrame, year: int, what: str) -> pd.DataFrame:
    from ..dataset import kept

    return kept(scores, ("year_rows", int(year)), lambda: _year_rows(scores, year, what))  # one slice a year


def _year_rows(scores: pd.DataFrame, year: int, what: str) -> pd.DataFrame:
    out = scores[scores["year"].astype(int) == int(year)]
    if out.empty:
        years = sorted(int(y) for y in scores["year"].unique())
        raise DtiError(f"{what}: no scores for year {year}; years present: {years}")
    return out


def rank_values(values: np.ndarray) -> np.ndarray:
    """Official ranks of a 1-D array of 0-1 values (higher first, NaN unranked → -1).

    >>> rank_values(np.array([0.61, 0.6, 0.6, np.nan, 0.5])).tolist()
    [1, 2, 2, -1, 4]
    """
    v = np.round(np.asarray(values, dtype=float), DECIMALS)
    ok = ~np.isnan(v)
    s = np.sort(v[ok])[::-1]
    # rank = 1 + number of values strictly greater
    r = np.full(len(v), -1, dtype=np.int64)
    r[ok] = 1 + np.searchsorted(-s, -v[ok], side="left")
    return r


def rank_among(value: float, others: np.ndarray) -> int:
    """Rank a single 0-1 value would have among ``others`` (ties share, min rule)."""
    v = round(float(value), DECIMALS)
    o = np.round(np.asarray(others, dtype=float), DECIMALS)
    o = o[~np.isnan(o)]
    return int(1 + np.count_nonzero(o > v))


def main_indicators(scores: pd.DataFrame) -> pd.DataFrame:
    """Main-indicator rows (``level == "indicator"``) with a positive maximum."""
    need_columns(scores, ["unit", "year", "indicator", "level", "points"], "analysis")
    from ..schema import main_indicators as mains

    return mains(scores)


def synthetic_flag(df: pd.DataFrame) -> bool:
    return bool("synthetic" in df and df["synthetic"].astype(bool).any())
