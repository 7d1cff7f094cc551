"""Rank robustness: how much a rank moves when the main-indicator weights are uncertain."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DtiError
from ._common import DECIMALS, main_indicators, rank_values, synthetic_flag, year_rows

_CHUNK = 20000


def _min_ranks(s: np.ndarray) -> np.ndarray:
    """Row-wise official ranks (higher first; ties share the smallest rank), 1-based."""
    order = np.argsort(-s, axis=1, kind="stable")
    sv = np.take_along_axis(s, order, axis=1)
    n = s.shape[1]
    start = np.ones(sv.shape, dtype=bool)
    start[:, 1:] = sv[:, 1:] != sv[:, :-1]
    pos = np.where(start, np.arange(n), 0)
    np.maximum.accumulate(pos, axis=1, out=pos)
    out = np.empty_like(pos)
    np.put_along_axis(out, order, pos + 1, axis=1)
    return out


def rank_intervals(scores: pd.DataFrame, year: int, draws: int = 10000, spread: float = 0.25,
                   seed: int = 0, weights: dict | pd.Series | None = None, level: float = 0.90) -> pd.DataFrame:
    """Median rank and interval of each unit when the main-indicator weights are perturbed.

    The total is a weighted sum of the main-indicator indices,
    ``T = Σₖ wₖ Iₖ`` with nominal weights ``wₖ = max_pointsₖ ÷ Σ max_points``
    (the official 1000-point total on the 0-1 scale) or ``weights``. Each of
    ``draws`` Monte Carlo draws multiplies every weight by an independent
    ``U(1 − spread, 1 + spread)`` factor and renormalises the weights to sum to
    1 (the uncertainty analysis of the JRC/OECD handbook and COINr); all units
    are ranked per draw by the official rule (totals rounded to 4 decimals,
    ties share the smaller rank). An unreported main indicator counts as 0.

    Returns one row per unit, best nominal rank first: ``index`` and ``rank``
    (nominal), ``median_rank``, and ``lo``/``hi`` — the ranks bounding the
    central ``level`` (90 %) of draws (the 5 % and 95 % quantiles, taken as
    observed ranks: the smallest rank with at least that share of draws at or
    below it), ``width = hi − lo``. The same ``seed`` gives the same result.
    Vectorised: 10,000 draws for 63 provinces take well under a second.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"unit": list("aabbcc"), "year": 2022, "indicator": ["1", "2"] * 3,
    ...     "level": "indicator", "points": [90.0, 10.0, 10.0, 80.0, 40.0, 40.0], "max_points": 100.0})
    >>> rank_intervals(s, 2022, draws=2000)[["unit", "rank", "median_rank", "lo", "hi"]].to_string(index=False)
    'unit  rank  median_rank  lo  hi\\n   a     1            1   1   2\\n   b     2            2   1   3\\n   c     3            3   2   3'
    """
    if draws < 1:
        raise DtiError("rank_intervals: draws must be at least 1")
    if not 0 <= spread < 1:
        raise DtiError("rank_intervals: spread must be in [0, 1)")
    if not 0 < level < 1:
        raise DtiError("rank_intervals: level must be between 0 and 1")
    ind = main_indicators(year_rows(scores, year, "rank_intervals"))
    if ind.empty:
        raise DtiError(f"rank_intervals: no main-indicator rows in {year}")
    idx = ind["points"].astype(float) / ind["max_points"].astype(float)
    wide = ind.assign(_i=idx).pivot_table(index="unit", columns="indicator", values="_i", aggfunc="first",
                                          dropna=False, sort=True)
    codes = list(wide.columns)
    units = wide.index.to_numpy()
    mat = np.nan_to_num(wide.to_numpy(dtype=float))  # units × K
    if weights is None:
        mx = ind.groupby("indicator")["max_points"].first().reindex(codes).to_numpy(float)
        w0 = mx / mx.sum()
    else:
        w0 = pd.Series(weights, dtype=float).reindex(codes).fillna(0.0).to_numpy()
        if w0.sum() <= 0:
            raise DtiError("rank_intervals: weights must have a positive sum over the main indicators")
        w0 = w0 / w0.sum()
    nominal = mat @ w0
    n_u = len(units)
    rng = np.random.default_rng(seed)
    hist = np.zeros((n_u, n_u), dtype=np.int64)
    u_off = np.arange(n_u) * n_u
    done = 0
    while done < draws:
        m = min(_CHUNK, draws - done)
        w = w0 * rng.uniform(1.0 - spread, 1.0 + spread, size=(m, len(codes)))
        w /= w.sum(axis=1, keepdims=True)
        t = np.round(np.einsum("dk,uk->du", w, mat), DECIMALS)  # m × units (no BLAS threads)
        r = _min_ranks(t)
        hist += np.bincount((r - 1 + u_off).ravel(), minlength=n_u * n_u).reshape(n_u, n_u)
        done += m
    cum = np.cumsum(hist, axis=1)
    tail = (1.0 - level) / 2.0

    def q(p: float) -> np.ndarray:
        return (cum < p * draws - 1e-9).sum(axis=1) + 1

    out = pd.DataFrame({
        "unit": units, "year": int(year), "index": np.round(nominal, 6),
        "rank": rank_values(nominal), "median_rank": q(0.5), "lo": q(tail), "hi": q(1.0 - tail),
    })
    out["width"] = out["hi"] - out["lo"]
    out["draws"], out["spread"] = int(draws), float(spread)
    out["synthetic"] = synthetic_flag(ind)
    return out.sort_values(["rank", "unit"], kind="stable").reset_index(drop=True)
