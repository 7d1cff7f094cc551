"""Composite-index methods: normalisation, weights, aggregation (JRC/OECD handbook, COINr style).

For the ICT Index and users' own indices. Tidy in, tidy out: ``data`` has one
row per unit × (year ×) indicator with a numeric ``value`` column (name it with
``value=``). Normalisation works per indicator (and per year when a ``year``
column is present) across units; aggregation per unit (× year) across
indicators. Missing values (NaN) stay missing and are skipped by aggregation.

>>> import pandas as pd
>>> d = pd.DataFrame({"unit": list("abcabc"), "indicator": ["x"] * 3 + ["y"] * 3,
...                   "value": [1.0, 2.0, 3.0, 10.0, 30.0, 20.0]})
>>> n = normalise(d, "minmax")
>>> aggregate(n, {"x": 1, "y": 1})[["unit", "value"]].to_string(index=False)
'unit  value\\n   a   0.00\\n   b   0.75\\n   c   0.75'
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import DtiError

METHODS = ("minmax", "zscore", "rank", "target", "frontier")
AGGREGATIONS = ("arithmetic", "geometric")


def _groups(data: pd.DataFrame, value: str) -> list[str]:
    for c in ("unit", "indicator", value):
        if c not in data:
            raise DtiError(f"composite: input lacks column {c!r} (tidy: unit, indicator, {value})")
    return ["year", "indicator"] if "year" in data else ["indicator"]


def normalise(data: pd.DataFrame, method: str = "minmax", value: str = "value", direction=None,
              target=None, bounds: tuple[float, float] = (0.0, 1.0)) -> pd.DataFrame:
    """Normalise each indicator across units; returns ``data`` with ``value`` replaced.

    The raw value is kept in ``raw`` and the method in ``normalisation``.
    ``direction`` maps indicator → +1 (higher is better, default) or −1 (lower
    is better: the value is negated first, as COINr does). For *x* the values
    of one indicator (in one year) across units:

    * ``"minmax"``:   y = (x − min x) / (max x − min x) × (u − l) + l, with
      (l, u) = ``bounds`` (default 0-1); NaN when all x are equal.
    * ``"zscore"``:   y = (x − mean x) / sd x × s + m (sample sd, n − 1), with
      (m, s) = ``bounds`` read as (mean, sd) (default 0, 1 → standard scores).
    * ``"rank"``:     y = rank of x, 1 = lowest, ties share the smallest rank
      (COINr ``n_rank``: the best unit gets the highest number).
    * ``"target"``:   distance to a target, y = (x − min x) / (target − min x),
      capped at 1 (units at or beyond the target score 1); ``target`` is a
      number or a mapping indicator → number.
    * ``"frontier"``: share of the frontier (the best unit), y = x / max x
      (1 = on the frontier; distance to the frontier = 1 − y). Needs x ≥ 0.

    >>> import pandas as pd
    >>> d = pd.DataFrame({"unit": list("abc"), "indicator": "x", "value": [2.0, 4.0, 10.0]})
    >>> normalise(d, "minmax")["value"].tolist()
    [0.0, 0.25, 1.0]
    >>> normalise(d, "zscore")["value"].round(4).tolist()
    [-0.8006, -0.3203, 1.1209]
    >>> normalise(d, "rank")["value"].tolist(), normalise(d, "frontier")["value"].tolist()
    ([1.0, 2.0, 3.0], [0.2, 0.4, 1.0])
    >>> normalise(d, "target", target=6)["value"].tolist()
    [0.0, 0.5, 1.0]
    """
    if method not in METHODS:
        raise DtiError(f"normalise: unknown method {method!r}; expected one of {', '.join(METHODS)}")
    keys = _groups(data, value)
    out = data.copy()
    x = out[value].astype(float)
    if direction is not None:
        sign = out["indicator"].map(pd.Series(direction, dtype=float)).fillna(1.0)
        if not sign.isin([1.0, -1.0]).all():
            raise DtiError("normalise: direction values must be +1 or -1")
        x = x * sign
    else:
        sign = pd.Series(1.0, index=out.index)
    g = x.groupby([out[k] for k in keys], sort=False)
    lo, hi = bounds
    if method == "minmax":
        mn, mx = g.transform("min"), g.transform("max")
        rng = (mx - mn).where(mx > mn)
        y = (x - mn) / rng * (hi - lo) + lo
    elif method == "zscore":
        # bounds read as (mean, sd) of the result: default (0, 1) = standard scores
        y = (x - g.transform("mean")) / g.transform("std", ddof=1) * hi + lo
    elif method == "rank":
        y = g.rank(method="min", ascending=True)
    elif method == "target":
        if target is None:
            raise DtiError("normalise(method='target') needs target= (a number or indicator → number)")
        tg = (out["indicator"].map(pd.Series(target, dtype=float)) if isinstance(target, (dict, pd.Series))
              else pd.Series(float(target), index=out.index))
        if tg.isna().any():
            raise DtiError("normalise: no target for indicator(s) "
                           + ", ".join(sorted(map(str, out.loc[tg.isna(), "indicator"].unique()))))
        tg = tg * sign
        mn = g.transform("min")
        den = (tg - mn).where(tg > mn)
        y = ((x - mn) / den).clip(upper=1.0)
    else:  # frontier
        if (x < 0).any():
            raise DtiError("normalise(method='frontier') needs non-negative values")
        mx = g.transform("max")
        y = x / mx.where(mx > 0)
    out["raw"] = data[value].astype(float)
    out[value] = y.astype(float)
    out["normalisation"] = method
    return out


def equal_weights(data: pd.DataFrame) -> pd.Series:
    """Weight 1 for every indicator in ``data`` (aggregation divides by the sum).

    >>> import pandas as pd
    >>> equal_weights(pd.DataFrame({"indicator": ["x", "y", "x"]})).to_dict()
    {'x': 1.0, 'y': 1.0}
    """
    return pd.Series(1.0, index=pd.Index(pd.unique(data["indicator"]), name="indicator"), name="weight")


def framework_weights(framework, depth: int = 1) -> pd.Series:
    """Nominal weights implied by a framework: each node's maximum ÷ the sum at ``depth``.

    For DTI 922 the main indicators weigh 100/1000 … 200/1000 (indicator 6: 0).

    >>> from dtilib.frameworks import default
    >>> framework_weights(default())[["1", "7", "6"]].tolist()
    [0.1, 0.2, 0.0]
    """
    n = framework.nodes[framework.nodes["depth"] == depth]
    mx = n["max_points"].astype(float)
    if mx.isna().any() or mx.sum() <= 0:
        raise DtiError(f"framework_weights: maxima unknown at depth {depth} in {framework.id}")
    return pd.Series((mx / mx.sum()).to_numpy(), index=pd.Index(n["code"], name="indicator"), name="weight")


def aggregate(data: pd.DataFrame, weights=None, method: str = "arithmetic", value: str = "value",
              name: str = "composite") -> pd.DataFrame:
    """Aggregate indicators into one composite per unit (× year).

    With weights wᵢ over the indicators *i* a unit has a value for (missing
    ones skipped, weights renormalised over the rest, as COINr does):

    * ``"arithmetic"``: y = Σ wᵢ xᵢ / Σ wᵢ (fully compensatory);
    * ``"geometric"``:  y = exp(Σ wᵢ ln xᵢ / Σ wᵢ) = Π xᵢ^(wᵢ/Σw) (partly
      compensatory; needs every xᵢ > 0 — normalise to a positive range first,
      e.g. ``bounds=(1, 100)``).

    ``weights``: mapping indicator → weight (None = equal; indicators not
    listed get weight 0 and are left out). Returns ``unit, (year,) indicator``
    (= ``name``), ``value``, ``n_used`` (indicators aggregated) and
    ``aggregation``.

    >>> import pandas as pd
    >>> d = pd.DataFrame({"unit": ["a", "a", "b", "b"], "indicator": ["x", "y"] * 2,
    ...                   "value": [1.0, 4.0, 2.0, None]})
    >>> aggregate(d, {"x": 1, "y": 3})["value"].tolist()
    [3.25, 2.0]
    >>> aggregate(d, method="geometric")["value"].tolist()
    [2.0, 2.0]
    """
    if method not in AGGREGATIONS:
        raise DtiError(f"aggregate: unknown method {method!r}; expected one of {', '.join(AGGREGATIONS)}")
    keys = ["unit", "year"] if "year" in data else ["unit"]
    _groups(data, value)
    w = equal_weights(data) if weights is None else pd.Series(weights, dtype=float)
    if (w < 0).any():
        raise DtiError("aggregate: weights must be non-negative")
    x = data[value].astype(float)
    wi = data["indicator"].map(w).fillna(0.0).astype(float)
    use = x.notna() & (wi > 0)
    if method == "geometric":
        if (x[use] <= 0).any():
            raise DtiError("aggregate(method='geometric') needs all values > 0; "
                           "normalise to a positive range first (e.g. bounds=(1, 100))")
        term = np.log(x.where(use, 1.0))
    else:
        term = x.where(use, 0.0)
    df = pd.DataFrame({k: data[k] for k in keys})
    df["_wx"] = (wi * term).where(use, 0.0)
    df["_w"] = wi.where(use, 0.0)
    df["_n"] = use.astype(int)
    g = df.groupby(keys, sort=True)
    s = g[["_wx", "_w", "_n"]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        val = s["_wx"] / s["_w"].where(s["_w"] > 0)
    if method == "geometric":
        val = np.exp(val)
    out = s.reset_index()[keys]
    out["indicator"] = name
    out["value"] = val.to_numpy()
    out["n_used"] = s["_n"].to_numpy().astype("int64")
    out["aggregation"] = method
    if "synthetic" in data:
        out["synthetic"] = data.groupby(keys, sort=True)["synthetic"].any().to_numpy()
    return out
