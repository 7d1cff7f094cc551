"""Change between two years: points and rank, movers, and why a rank changed.

``rank_change`` is positive when a unit moved **up** (rank 51 → 39 is +12).
"""
from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd

from ..errors import DtiError
from ._common import DECIMALS, main_indicators, need_columns, rank_among, total_code, unit_key, with_ranks, year_rows

CHANGE_COLUMNS = ["unit", "indicator", "level", "from_year", "to_year", "points_from", "points_to",
                  "points_change", "index_from", "index_to", "rank_from", "rank_to", "rank_change",
                  "score_up_rank_down", "synthetic"]


def change(scores: pd.DataFrame, from_year: int, to_year: int, level: str | None = "total") -> pd.DataFrame:
    """Points and rank change of every unit and indicator between two years.

    ``scores`` is the output of :func:`dtilib.scoring.score` (ranked or not: a
    missing ``rank`` column is computed per year × indicator by the official
    rule). ``level`` keeps one level (``"total"``, ``"indicator"``, ``"view"``,
    ``"component"``) or all when None. Only units × indicators present in both
    years are returned. ``points_change = points_to − points_from``;
    ``rank_change = rank_from − rank_to`` (positive = moved up);
    ``score_up_rank_down`` flags more points but a worse rank.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"unit": ["a", "b", "a", "b"], "year": [2021, 2021, 2022, 2022],
    ...     "indicator": "TOTAL", "level": "total", "points": [300.0, 320.0, 374.0, 500.0],
    ...     "max_points": 1000.0, "index": [0.3, 0.32, 0.374, 0.5]})
    >>> change(s, 2021, 2022)[["unit", "points_change", "rank_from", "rank_to", "rank_change",
    ...                        "score_up_rank_down"]].to_string(index=False)
    'unit  points_change  rank_from  rank_to  rank_change  score_up_rank_down\\n   a           74.0          2        2            0               False\\n   b          180.0          1        1            0               False'
    """
    need_columns(scores, ["unit", "year", "indicator", "points"], "change")
    df = scores
    if level is not None:
        need_columns(scores, ["level"], "change")
        df = df[df["level"] == level]
    if "index" not in df:
        df = df.assign(index=df["points"] / df["max_points"])
    df = with_ranks(df)
    a = year_rows(df, from_year, "change")
    b = year_rows(df, to_year, "change")
    keys = ["unit", "indicator"]
    cols = ["points", "index", "rank"] + [c for c in ("level", "synthetic") if c in df]
    m = a[keys + cols].merge(b[keys + cols], on=keys, suffixes=("_from", "_to"), how="inner", sort=False)
    out = pd.DataFrame({
        "unit": m["unit"].to_numpy(), "indicator": m["indicator"].to_numpy(),
        "level": m["level_to"].to_numpy() if "level_to" in m else level,
        "from_year": int(from_year), "to_year": int(to_year),
        "points_from": m["points_from"].to_numpy(float), "points_to": m["points_to"].to_numpy(float),
    })
    out["points_change"] = (out["points_to"] - out["points_from"]).round(6)
    out["index_from"] = m["index_from"].to_numpy(float)
    out["index_to"] = m["index_to"].to_numpy(float)
    out["rank_from"] = m["rank_from"].astype("Int64").to_numpy()
    out["rank_to"] = m["rank_to"].astype("Int64").to_numpy()
    out["rank_change"] = (out["rank_from"] - out["rank_to"]).astype("Int64")
    out["score_up_rank_down"] = ((out["points_change"] > 0) & (out["rank_change"] < 0)).fillna(False).astype(bool)
    synth = np.zeros(len(m), bool)
    for c in ("synthetic_from", "synthetic_to"):
        if c in m:
            synth |= m[c].fillna(False).astype(bool).to_numpy()
    out["synthetic"] = synth
    return out.sort_values(keys, kind="stable").reset_index(drop=True)[CHANGE_COLUMNS]


def movers(scores: pd.DataFrame, from_year: int, to_year: int, n: int = 5,
           level: str = "total") -> pd.DataFrame:
    """The ``n`` biggest risers and ``n`` biggest fallers in rank between two years.

    Rows of :func:`change` with a ``direction`` column (``"up"`` then ``"down"``),
    risers ordered by largest ``rank_change`` first, fallers by most negative;
    ties broken by ``points_change``, then unit key. Units whose rank did not
    change are never listed.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"unit": list("abcabc"), "year": [1] * 3 + [2] * 3, "indicator": "TOTAL",
    ...     "level": "total", "points": [3.0, 2.0, 1.0, 1.0, 2.0, 3.0], "max_points": 10.0})
    >>> movers(s, 1, 2, n=1)[["unit", "rank_change", "direction"]].to_string(index=False)
    'unit  rank_change direction\\n   c            2        up\\n   a           -2      down'
    """
    c = change(scores, from_year, to_year, level=level)
    c = c[c["rank_change"].notna()]
    up = c[c["rank_change"] > 0].sort_values(["rank_change", "points_change", "unit"],
                                             ascending=[False, False, True], kind="stable").head(n)
    down = c[c["rank_change"] < 0].sort_values(["rank_change", "points_change", "unit"],
                                               ascending=[True, True, True], kind="stable").head(n)
    return pd.concat([up.assign(direction="up"), down.assign(direction="down")], ignore_index=True)


def _natural(code: str):
    """Sort key putting "2" before "10" and "7.02" before "7.10"."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(code).split(".")]


def _shapley(value, n_players: int, exact_up_to: int = 12, permutations: int = 4000) -> np.ndarray:
    """Shapley values of a set function ``value(frozenset) -> float``.

    Exact (every subset, once) up to ``exact_up_to`` players; beyond, the mean
    marginal effect over ``permutations`` random orders drawn with a fixed seed
    (deterministic), which still adds up exactly to ``v(all) − v(∅)``.
    """
    cache: dict[frozenset, float] = {}

    def v(s: frozenset) -> float:
        if s not in cache:
            cache[s] = value(s)
        return cache[s]

    phi = np.zeros(n_players)
    players = range(n_players)
    if n_players <= exact_up_to:
        nf = factorial(n_players)
        weight = [factorial(k) * factorial(n_players - k - 1) / nf for k in range(n_players)]
        for i in players:
            rest = [p for p in players if p != i]
            for k in range(len(rest) + 1):
                for sub in combinations(rest, k):
                    s = frozenset(sub)
                    phi[i] += weight[k] * (v(s | {i}) - v(s))
        return phi
    rng = np.random.default_rng(0)
    for _ in range(permutations):
        s: frozenset = frozenset()
        before = v(s)
        for i in rng.permutation(n_players):
            s = s | {int(i)}
            after = v(s)
            phi[i] += after - before
            before = after
    return phi / permutations


def rank_change_explained(scores: pd.DataFrame, unit: str, from_year: int, to_year: int) -> pd.DataFrame:
    """Why a unit's total rank changed: each main indicator's part and the others' progress.

    A rank depends on the unit's own total *and* on everybody else's. The
    change is split among "players": each main indicator *k* (the unit's own
    change Δₖ in points on *k*) and ``"others"`` (every other unit's total
    moving from ``from_year`` to ``to_year``). With ``R(S)`` the rank the unit
    would have if only the players in *S* had changed::

        R(S) = 1 + #{other units j : T_j(S) > x_from + Σ_{k∈S} Δₖ}

    (``T_j(S)`` the other unit's ``to_year`` total if "others" ∈ S, else its
    ``from_year`` total; totals compared on the 0-1 index rounded to 4
    decimals, as the official ranks), each player's part is its exact
    **Shapley value** — its marginal effect on the rank averaged over every
    order in which the changes could be applied. The parts add up exactly to
    the observed ``rank_change`` (positive = places gained); with more than 12
    main indicators the Shapley values are estimated from 4,000 random orders
    (fixed seed). ``share`` is the
    part ÷ the total change (NaN when the rank did not change); it can be
    negative or exceed 1 when parts pull in opposite directions.

    Two plain counterfactuals are also given per row: ``rank_if_alone`` — the
    rank had only this player changed (for ``"others"``: had the unit stood
    still while the others moved) — and ``places_if_alone`` = ``rank_from −
    rank_if_alone``.

    For ``"others"``, ``points_change`` is the mean change of the other units'
    totals. Units present in only one year are counted among the others in
    that year only.

    >>> import pandas as pd
    >>> rows = [("a", 1, "1", 10.0), ("a", 1, "2", 10.0), ("b", 1, "1", 12.0), ("b", 1, "2", 12.0),
    ...         ("a", 2, "1", 20.0), ("a", 2, "2", 10.0), ("b", 2, "1", 20.0), ("b", 2, "2", 20.0)]
    >>> p = pd.DataFrame(rows, columns=["unit", "year", "indicator", "points"])
    >>> s = pd.concat([p.assign(level="indicator", max_points=50.0),
    ...     p.groupby(["unit", "year"], as_index=False)["points"].sum().assign(
    ...         indicator="TOTAL", level="total", max_points=100.0)])
    >>> e = rank_change_explained(s, "a", 1, 2)
    >>> e[["player", "points_change", "rank_if_alone", "places"]].to_string(index=False)
    'player  points_change  rank_if_alone  places\\n     1           10.0              1     0.5\\n     2            0.0              2     0.0\\nothers           16.0              2    -0.5'
    """
    need_columns(scores, ["unit", "year", "indicator", "level", "points", "max_points"],
                 "rank_change_explained")
    u = unit_key(unit, scores)
    tc = total_code(scores)
    tot = scores[scores["indicator"] == tc]
    a = year_rows(tot, from_year, "rank_change_explained")
    b = year_rows(tot, to_year, "rank_change_explained")
    if u not in set(a["unit"]) or u not in set(b["unit"]):
        raise DtiError(f"rank_change_explained: unit {u} lacks a total in {from_year} or {to_year}")
    tmax = float(a["max_points"].iloc[0])
    x0 = float(a.loc[a["unit"] == u, "points"].fillna(0).iloc[0])
    x1 = float(b.loc[b["unit"] == u, "points"].fillna(0).iloc[0])
    o0 = np.round(a.loc[a["unit"] != u, "points"].to_numpy(float) / tmax, DECIMALS)
    o1 = np.round(b.loc[b["unit"] != u, "points"].to_numpy(float) / tmax, DECIMALS)
    o0, o1 = o0[~np.isnan(o0)], o1[~np.isnan(o1)]
    ind = main_indicators(scores)
    ind = ind[ind["unit"] == u]
    ia = ind[ind["year"].astype(int) == int(from_year)].set_index("indicator")["points"]
    ib = ind[ind["year"].astype(int) == int(to_year)].set_index("indicator")["points"]
    codes = sorted(set(ia.index) | set(ib.index), key=_natural)
    delta = np.array([float(np.nan_to_num(ib.get(k, 0.0))) - float(np.nan_to_num(ia.get(k, 0.0)))
                      for k in codes])
    # own total change not carried by main indicators (rounding, unlisted nodes)
    rest = (x1 - x0) - delta.sum()
    if abs(rest) > 1e-6:
        codes.append("other_own")
        delta = np.append(delta, rest)
    n_own = len(codes)

    def rank(own: float, others: np.ndarray) -> int:
        return rank_among(own / tmax, others)

    def value(s: frozenset) -> float:
        own = x0 + sum(delta[i] for i in s if i < n_own)
        # value = places gained relative to the from-year rank
        return float(rank(x0, o0) - rank(own, o1 if n_own in s else o0))

    r0, r1 = rank(x0, o0), rank(x1, o1)
    phi = _shapley(value, n_own + 1)
    alone = [rank(x0 + delta[i], o0) for i in range(n_own)] + [rank(x0, o1)]
    players = codes + ["others"]
    pc = list(delta) + [float(np.mean(o1) - np.mean(o0)) * tmax if len(o0) and len(o1) else np.nan]
    total = r0 - r1
    out = pd.DataFrame({
        "unit": u, "from_year": int(from_year), "to_year": int(to_year), "player": players,
        "points_change": np.round(pc, 6), "rank_from": r0, "rank_to": r1,
        "rank_if_alone": alone, "places_if_alone": [r0 - x for x in alone],
        "places": np.round(phi, 10),
    })
    out["share"] = out["places"] / total if total != 0 else np.nan
    out["synthetic"] = bool("synthetic" in scores and scores.loc[scores["unit"] == u, "synthetic"].any())
    return out
