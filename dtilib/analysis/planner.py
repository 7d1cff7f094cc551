"""Improvement planner: which component gains reach a target rank or total, at least effort."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DtiError
from ._common import DECIMALS, rank_among, unit_key

PLAN_COLUMNS = ["order", "component", "name", "indicator", "current", "max_points", "gain", "effort",
                "gain_per_effort", "cumulative_gain", "cumulative_points", "projected_rank", "focal_unit",
                "synthetic"]


def _efforts(effort, codes: np.ndarray, known: set) -> np.ndarray:
    if effort is None:
        return np.ones(len(codes))
    e = pd.Series(effort, dtype=float) if isinstance(effort, dict) else pd.Series(effort).astype(float)
    unknown = sorted(set(map(str, e.index)) - known)
    if unknown:
        raise DtiError(f"improvement_plan: effort given for unknown component(s) {', '.join(unknown[:10])}")
    out = e.reindex(codes).fillna(1.0).to_numpy(float)
    if (out <= 0).any():
        bad = list(np.asarray(codes)[out <= 0][:5])
        raise DtiError(f"improvement_plan: effort must be positive (inf = cannot improve); got ≤ 0 for {bad}")
    return out


def improvement_plan(points: pd.DataFrame, framework, unit: str, year: int, target_rank: int | None = None,
                     target_points: float | None = None, effort=None, lang: str = "vi") -> pd.DataFrame:
    """The component gains that lift a unit to a target rank (or total), in order of payoff.

    Every other unit is held at its ``year`` total. Each component the unit can
    still improve offers ``gap = max_points − current`` points (an unreported
    component counts as 0, as in the official total); ``effort`` (a mapping
    component → effort to close that component's whole gap; default 1 each;
    ``inf`` = cannot be improved; unlisted components 1) gives the payoff
    ``gain_per_effort = gap ÷ effort``. Components are taken in decreasing
    payoff (ties: larger gap, then framework order) until the points needed
    are reached; the last one only by what is still needed (its effort
    prorated). With equal effort this is the **smallest possible set** of
    components (largest gaps first); with unequal effort it is the greedy
    payoff order (the usual knapsack heuristic), not guaranteed cheapest.

    Target: ``target_rank`` *r* needs the unit's total, as a 0-1 index rounded
    to 4 decimals, to be at least the *r*-th best other unit's (ties share the
    rank); ``target_points`` a total on the framework's scale. One row per
    step: ``order``, ``component``, ``name`` (in ``lang``), main ``indicator``,
    ``current``, ``max_points``, ``gain``, ``effort``, ``gain_per_effort``,
    ``cumulative_gain``, ``cumulative_points`` (the unit's total after the step),
    ``projected_rank`` (its rank then), and an empty ``focal_unit`` column to
    assign each step to a department. ``df.attrs`` holds ``current_points``,
    ``current_rank``, ``target_points``, ``target_rank``, ``needed`` and
    ``illustrative_order`` (true while the component maxima are placeholders,
    not published: the order then says nothing about which component is
    cheapest). ``points`` may be a :class:`~dtilib.dataset.Dataset` (its points
    and framework are used; ``framework`` may then be None). A framework
    without components plans on its main indicators. A target
    already met gives an empty plan; one out of reach raises DtiError.

    >>> import pandas as pd
    >>> from dtilib.frameworks import default
    >>> fw = default().with_placeholder_components()
    >>> p = pd.DataFrame({"unit": ["06", "06", "20"], "year": 2022, "indicator": ["1.01", "7.01", "7.01"],
    ...                   "points": [2.0, 1.0, 30.0]})
    >>> plan = improvement_plan(p, fw, "Bắc Kạn", 2022, target_rank=1)
    >>> plan[["order", "component", "current", "max_points", "gain", "cumulative_points", "projected_rank"]].to_string(index=False)
    ' order component  current  max_points  gain  cumulative_points  projected_rank\\n     1      9.01      0.0        19.0  19.0               22.0               2\\n     2      9.02      0.0        19.0   8.0               30.0               1'
    """
    from ..dataset import Dataset
    from ..scoring import score

    if isinstance(points, Dataset):  # the dataset carries its points and framework
        points, framework = points.points, framework or points.framework
    if (target_rank is None) == (target_points is None):
        raise DtiError("improvement_plan: give exactly one of target_rank= or target_points=")
    u = unit_key(unit, points)
    pts = points[points["year"].astype(int) == int(year)]
    if pts.empty:
        raise DtiError(f"improvement_plan: no points for year {year}")
    s = score(pts, framework, views=False)
    tc = framework.total_code
    tot = s[s["indicator"] == tc]
    if u not in set(tot["unit"]):
        raise DtiError(f"improvement_plan: no points for unit {u} in {year}")
    tmax = float(tot["max_points"].iloc[0])
    x = float(np.nan_to_num(tot.loc[tot["unit"] == u, "points"].iloc[0]))
    others = np.round(tot.loc[tot["unit"] != u, "points"].fillna(0).to_numpy(float) / tmax, DECIMALS)

    def rank(total: float) -> int:
        return rank_among(total / tmax, others)

    r0 = rank(x)
    if target_rank is not None:
        target_rank = int(target_rank)
        if not 1 <= target_rank <= len(others) + 1:
            raise DtiError(f"improvement_plan: target_rank must be between 1 and {len(others) + 1}")
        bar = np.sort(others)[::-1][target_rank - 1] if target_rank <= len(others) else 0.0
        goal = float(bar) * tmax
    else:
        goal = float(target_points)
    needed = round(goal - x, 6)
    leaves = set(map(str, framework.leaves()["code"]))  # components, or main indicators when none
    comp = s[(s["unit"] == u) & s["indicator"].astype(str).isin(leaves) & (s["max_points"] > 0)]
    codes = comp["indicator"].to_numpy(dtype=object)
    cur = comp["points"].fillna(0.0).to_numpy(float)
    mx = comp["max_points"].to_numpy(float)
    gap = np.round(mx - cur, 6)
    eff = _efforts(effort, codes, set(map(str, framework.leaves()["code"])))
    payoff = np.where(np.isfinite(eff), gap / eff, 0.0)
    ok = (gap > 0) & np.isfinite(eff)
    pos = np.arange(len(codes))
    order = np.lexsort((pos, -gap, -payoff))
    order = order[ok[order]]
    synthetic = bool("synthetic" in pts and pts.loc[pts["unit"] == u, "synthetic"].astype(bool).any())
    attrs = {"unit": u, "year": int(year), "current_points": round(x, 6), "current_rank": r0,
             "target_rank": target_rank, "target_points": goal, "needed": max(needed, 0.0),
             # placeholder component maxima (an even split, not published): the order is illustrative
             "illustrative_order": bool(framework.placeholder)}
    if needed <= 0 or (target_rank is not None and r0 <= target_rank):
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in PLAN_COLUMNS})
        out.attrs.update(attrs, needed=0.0)
        return out
    cum = np.cumsum(gap[order])
    if len(cum) == 0 or cum[-1] < needed - 1e-9:
        best = x + (cum[-1] if len(cum) else 0.0)
        raise DtiError(f"improvement_plan: target out of reach for {u} in {year}: {needed:g} points "
                       f"needed, at most {best - x:g} recoverable (total {best:g}, rank {rank(best)})")
    k = int(np.searchsorted(cum, needed - 1e-9)) + 1
    take = order[:k]
    gain = gap[take].copy()
    gain[-1] = round(needed - (cum[k - 2] if k > 1 else 0.0), 6)
    cum_gain = np.round(np.cumsum(gain), 6)
    totals = np.round(x + cum_gain, 6)
    parent = dict(zip(framework.nodes["code"], framework.nodes["parent"]))
    anc = framework.ancestor_at(1)
    from ..labels import check_lang

    names = dict(zip(framework.nodes["code"], framework.nodes["name_" + check_lang(lang)]))
    out = pd.DataFrame({
        "order": np.arange(1, k + 1), "component": codes[take],
        "name": [names.get(c, "") for c in codes[take]],
        "indicator": [anc.get(c, parent.get(c)) for c in codes[take]],
        "current": cur[take], "max_points": mx[take], "gain": gain,
        "effort": np.round(eff[take] * gain / gap[take], 6), "gain_per_effort": np.round(payoff[take], 6),
        "cumulative_gain": cum_gain, "cumulative_points": totals,
        "projected_rank": [rank(t) for t in totals], "focal_unit": "", "synthetic": synthetic,
    })
    out.attrs.update(attrs)
    return out
