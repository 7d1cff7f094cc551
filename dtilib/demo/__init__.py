"""Synthetic, seeded component-level DTI data that agree with every published fact.

The 98 component scores of the provincial DTI (Decision 922) are not public. This
package generates a complete, illustrative set — 63 provinces × 2020–2023 × 98
components — that reproduces the published figures we hold (``facts()``: ranks
incl. the tie at 15 in 2022, the 2022 group profiles of the top five and Bắc Kạn,
Bắc Kạn's ranks and its 34 zero components, published scores, pillar values and
ranks, provincial means). Everything else is drawn from a ``numpy`` generator
seeded by ``seed``, so the data are deterministic. Every row says
``synthetic=True``, ``status="synthetic"``; anything shown from them must carry
:data:`dtilib.labels.SYNTHETIC_MARK`.

Not reproducible facts are not invented: component names stay placeholders
except the few named in a news article (``name_status="seed_named"``). 2020 was
scored under the pilot framework; here it is laid out on the Decision 922
structure (illustrative), with its published ranks, scores and means kept.

>>> from dtilib import demo
>>> pts = demo.points()
>>> sorted(pts.columns)
['indicator', 'points', 'source', 'stage', 'status', 'synthetic', 'unit', 'year']
>>> s = demo.scores()
>>> t = s[(s.year == 2022) & (s.indicator == "TOTAL")].set_index("unit")
>>> int(t.loc["06", "rank"]), round(float(t.loc["06", "points"]), 2)
(63, 394.13)
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import pandas as pd

from ..package_data import package_yaml
from .facts import check, facts, unmet

__all__ = ["framework", "points", "scores", "facts", "check", "unmet", "YEARS", "STAGES"]

YEARS = (2020, 2021, 2022, 2023)
STAGES = ("self_assessed", "appraised", "final")


def _spec() -> dict:
    return package_yaml("demo_components.yaml")


@lru_cache(maxsize=1)
def _framework():
    from ..frameworks import default

    fw = default().with_placeholder_components()
    spec = _spec()
    comps = {str(c["code"]): c for c in spec["components"]}
    nodes = fw.nodes.copy()
    hit = nodes["code"].isin(list(comps)) & (nodes["level"] == "component")
    for col in ("name_vi", "name_en"):
        nodes.loc[hit, col] = nodes.loc[hit, "code"].map(lambda c: comps[c][col])
    nodes.loc[hit, "name_status"] = "seed_named"
    meta = dict(fw.meta, components="placeholder, some seed_named",
                seed_named_source=spec.get("source", ""), seed_named_note=spec.get("note_en", ""))
    fw = dataclasses.replace(fw, meta=meta, nodes=nodes)
    return fw


def framework():
    """The Decision 922 framework with placeholder components, those named in the
    seed article renamed (``name_status="seed_named"``; placement inferred).

    >>> fw = framework()
    >>> fw.nodes.set_index("code").loc["3.01", ["name_en", "name_status"]].tolist()
    ['Share of households with a digital address', 'seed_named']
    """
    return _framework().copy()


@lru_cache(maxsize=4)
def _generated(seed: int):
    from ..provinces import provinces
    from .generate import build

    units = sorted(provinces(era="pre2025")["key"].astype(str))
    leaves = _framework().leaves()[["code", "max_points"]]
    return build(seed, leaves, facts(), _spec()["parameters"], units)


@lru_cache(maxsize=8)
def _points(seed: int, years: tuple, stages: bool) -> pd.DataFrame:
    res = _generated(seed)
    n_u, n_l = len(res.units), len(res.leaves)
    keep = [i for i, y in enumerate(res.years) if y in years]
    rows = np.concatenate([np.arange(i * n_u, (i + 1) * n_u) for i in keep])
    year = np.repeat(np.repeat(np.array(res.years)[keep], n_u), n_l)
    unit = np.tile(np.repeat(np.array(res.units, dtype=object), n_l), len(keep))
    ind = np.tile(np.array(res.leaves, dtype=object), len(rows))
    blocks = [("final", res.final[rows].ravel())]
    if stages:
        blocks = [("self_assessed", res.self_assessed[rows].ravel()),
                  ("appraised", res.final[rows].ravel())] + blocks
    parts = []
    for stage, vals in blocks:
        parts.append(pd.DataFrame({"unit": unit, "year": year.astype("int64"), "indicator": ind,
                                   "points": vals, "stage": stage}))
    df = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    for col in ("unit", "indicator", "stage"):
        df[col] = df[col].astype("str")
    df["synthetic"] = True
    df["status"] = "synthetic"
    df["source"] = f"dtilib.demo seed={seed}"
    return df


def points(seed: int = 2022, years=YEARS, stages: bool = False) -> pd.DataFrame:
    """Synthetic component points: one row per province × year × component (× stage).

    Columns ``unit, year, indicator, points, stage, synthetic, status, source``.
    ``stage`` is ``"final"``; with ``stages=True`` also ``"self_assessed"`` (what the
    province claimed: often above final, now and then below) and ``"appraised"`` (after
    the ministry's appraisal; in this set equal to final), so points lost at appraisal
    can be analysed. ``points`` is NaN where a component was not reported (a few
    components of two provinces in 2020, none in any published aggregate): missing
    is not zero. Smart-city components (main indicator 6, unscored) are 0 of 0.

    >>> p = points(years=(2022,))
    >>> len(p), p["unit"].nunique(), bool(p["synthetic"].all())
    (6174, 63, True)
    """
    from ..errors import DtiError

    ys = tuple(sorted({int(y) for y in ([years] if np.isscalar(years) else years)}))
    bad = [y for y in ys if y not in YEARS]
    if bad or not ys:
        raise DtiError(f"dtilib.demo.points: years must be among {list(YEARS)}, got {list(bad) or ys}")
    return _points(int(seed), ys, bool(stages)).copy()


@lru_cache(maxsize=4)
def _scores(seed: int) -> pd.DataFrame:
    from .. import scoring

    return scoring.ranks(scoring.score(_points(seed, YEARS, False), _framework()))


def scores(seed: int = 2022) -> pd.DataFrame:
    """``scoring.ranks(scoring.score(points(seed), framework()))``: every province ×
    year × node (component, main indicator, pillar view, total) with its rank.

    >>> s = scores()
    >>> s[(s.year == 2022) & (s.indicator == "TOTAL") & (s["rank"] == 15)]["unit"].tolist()
    ['15', '38']
    """
    return _scores(int(seed)).copy()
