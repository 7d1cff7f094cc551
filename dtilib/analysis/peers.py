"""Peer groups: which provinces a province is compared with.

A peer grouping is a Series mapping unit → group label, usable directly as
``dtilib.scoring.ranks(scores, peers=...)``.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from ..errors import DtiError

KINDS = ("region", "post2025", "national", "rank_band")


def region_map() -> pd.Series:
    """unit → GSO region code, for the 63 old provinces and the 34 post-2025 units
    (a new unit takes the region most of its old provinces belong to).

    >>> r = region_map()
    >>> r["06"], r["N19"], len(r)
    ('NMM', 'NMM', 97)
    """
    return _region_map().copy()  # a copy: the registry's answer is not the caller's to change


@lru_cache(maxsize=1)
def _region_map() -> pd.Series:
    from ..provinces import provinces

    old = provinces("pre2025")
    reg = pd.Series(old["region"].to_numpy(), index=old["key"])
    # a post-2025 unit takes the region most of its old provinces belong to
    new = old.groupby("successor")["region"].agg(lambda s: s.mode().iloc[0])
    return pd.concat([reg, new])


def peer_groups(kind: str | Iterable[str] = "region", year: int | None = None,
                scores: pd.DataFrame | None = None, band: int = 10) -> pd.Series:
    """Map each unit to its peer group; returns a Series ``unit → peer_group``.

    ``kind`` is one of

    * ``"region"`` — the six GSO socio-economic regions (``"NMM"``, ``"RRD"``, …;
      a post-2025 ``"N.."`` unit takes the region of most of its old provinces);
    * ``"post2025"`` — the post-merger unit each pre-2025 province became part of
      (rank old provinces within their new unit);
    * ``"national"`` — every unit in one group ``"national"``;
    * ``"rank_band"`` — bands of ``band`` places on the total rank of ``year``
      (``"1-10"``, ``"11-20"``, …); needs ``scores`` (output of
      :func:`dtilib.scoring.score`) and ``year``;
    * a list of province names or keys — those units, in group ``"selected"``.

    >>> g = peer_groups("region")
    >>> from dtilib.provinces import era_of
    >>> g["06"], g["79"], int((g[g.index.map(era_of) == "pre2025"] == "NMM").sum())
    ('NMM', 'SE', 14)
    >>> peer_groups(["Hà Nội", "hcm"]).to_dict()
    {'01': 'selected', '79': 'selected'}
    """
    from ..provinces import era_of_keys, key, merger_map, provinces

    if not isinstance(kind, str):
        names = [str(n) for n in kind]
        era = "post2025" if era_of_keys(names) == "post2025" else None
        ks = list(dict.fromkeys(key(n, era=era) for n in names))
        return pd.Series("selected", index=pd.Index(ks, name="unit"), name="peer_group")
    if kind == "region":
        s = region_map()
    elif kind == "post2025":
        m = merger_map()
        s = pd.Series(m["new_key"].to_numpy(), index=m["old_key"])
    elif kind == "national":
        keys_all = list(provinces("pre2025")["key"]) + list(provinces("post2025")["key"])
        s = pd.Series("national", index=keys_all)
    elif kind == "rank_band":
        if scores is None or year is None:
            raise DtiError("peer_groups('rank_band') needs scores= and year=")
        from ..scoring import totals

        t = totals(scores)
        t = t[t["year"] == int(year)]
        if t.empty:
            raise DtiError(f"peer_groups('rank_band'): no totals for year {year}")
        lo = ((t["rank"].astype(int) - 1) // band) * band + 1
        s = pd.Series([f"{a}-{a + band - 1}" for a in lo], index=t["unit"].to_numpy())
    else:
        raise DtiError(f"unknown peer group kind {kind!r}; expected one of {', '.join(KINDS)} "
                       "or a list of provinces")
    s.index.name = "unit"
    return s.rename("peer_group")


def _peer_map(peers, scores: pd.DataFrame, year: int) -> pd.Series:
    if isinstance(peers, pd.Series):
        return peers
    if isinstance(peers, dict):
        return pd.Series(peers)
    if isinstance(peers, str) and peers == "rank_band":
        return peer_groups("rank_band", year=year, scores=scores)
    if isinstance(peers, str) and peers == "national":  # every unit of the data, whoever they are
        return pd.Series("national", index=pd.unique(scores["unit"].astype(str)), name="peer_group")
    return peer_groups(peers)


def peer_stats(scores: pd.DataFrame, unit: str, year: int, peers="region",
               level: str | tuple = ("indicator", "total")) -> pd.DataFrame:
    """A unit against its peers, the nation and the best, on each main indicator and the total.

    ``peers``: a :func:`peer_groups` kind (``"region"``, ``"rank_band"``,
    ``"post2025"``, ``"national"``), a list of provinces (the unit's peers are
    then that list), or a Series/dict unit → group. Means are over the units
    with a value in ``year`` — the peer mean *includes* the unit itself (as a
    regional mean is usually quoted); ``best`` is the highest value nationally
    and ``best_unit`` who holds it (first key on ties). Values are in points
    (``points``, ``peer_mean``, ``national_mean``, ``best``) and on the 0-1
    index (``index``, ``peer_mean_index``, ``national_mean_index``,
    ``best_index``); ``rank`` is the national rank, ``rank_in_peers`` the rank
    within the peer group. Unscored indicators (maximum 0) are left out.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"unit": ["06", "19", "01"], "year": 2022, "indicator": "1",
    ...     "level": "indicator", "points": [40.0, 60.0, 90.0], "max_points": 100.0})
    >>> r = peer_stats(s, "Bắc Kạn", 2022)
    >>> r[["indicator", "points", "peer_group", "n_peers", "peer_mean", "national_mean", "best", "best_unit"]].to_string(index=False)
    'indicator  points peer_group  n_peers  peer_mean  national_mean  best best_unit\\n        1    40.0        NMM        2       50.0      63.333333  90.0        01'
    """
    from ._common import need_columns, unit_key

    need_columns(scores, ["unit", "year", "indicator", "level", "points", "max_points"], "peer_stats")
    u = unit_key(unit, scores)
    levels = (level,) if isinstance(level, str) else tuple(level)
    if not isinstance(peers, str):  # a list or mapping of peers: not a key to keep it by
        return _peer_stats(scores, u, year, peers, levels)
    from ..dataset import kept

    # a page asks for the same unit's peer figures several times (its findings, a chart, two
    # tables): made once per dataset, handed out as copies
    return kept(scores, ("peer_stats", u, int(year), peers, levels),
                lambda: _peer_stats(scores, u, year, peers, levels)).copy()


def _peer_stats(scores: pd.DataFrame, u: str, year: int, peers, levels: tuple) -> pd.DataFrame:
    from ..dataset import kept
    from ._common import synthetic_flag

    # what is the same for every unit of the year (national means, ranks, the best) and for every
    # unit of a peer group (its means and ranks) is made once per batch, not once per page
    df, national, best_i, units = kept(scores, ("peer_year", int(year), levels),
                                       lambda: _year_base(scores, year, levels))
    if u not in units:
        raise DtiError(f"peer_stats: no scores for unit {u} in {year}")
    if isinstance(peers, str) or isinstance(peers, (pd.Series, dict)):
        pm = _peer_map(peers, scores, year)
        group = pm.get(u)
        if group is None or (isinstance(group, float) and pd.isna(group)):
            raise DtiError(f"peer_stats: unit {u} has no peer group in {peers!r}")
        members = set(pm.index[pm == group]) | {u}
    else:
        pm = peer_groups(peers)
        group = "selected"
        members = set(pm.index) | {u}
    n_peers, peer_mean, peer_mean_index, peer_rank = kept(
        scores, ("peer_group", int(year), levels, tuple(sorted(members))), lambda: _group_part(df, members))
    mine = (df["unit"] == u).to_numpy()
    me = df[mine].set_index("indicator")
    out = pd.DataFrame({
        "unit": u, "year": int(year), "indicator": me.index, "level": me["level"].to_numpy(),
        "max_points": me["max_points"].to_numpy(float),
        "points": me["points"].to_numpy(float), "index": me["index"].to_numpy(float),
        "rank": me["rank"].to_numpy(),
        "rank_in_peers": peer_rank.loc[df.index[mine]].astype("Int64").to_numpy(),
        "peer_group": group,
        "n_peers": n_peers.reindex(me.index).to_numpy(),
        "peer_mean": peer_mean.reindex(me.index).to_numpy(),
        "national_mean": national["points"].reindex(me.index).to_numpy(),
        "best": best_i["points"].reindex(me.index).to_numpy(float),
        "best_unit": best_i["unit"].reindex(me.index).to_numpy(),
        "peer_mean_index": peer_mean_index.reindex(me.index).to_numpy(),
        "national_mean_index": national["index"].reindex(me.index).to_numpy(),
        "best_index": best_i["index"].reindex(me.index).to_numpy(float),
        "synthetic": synthetic_flag(df),
    })
    return out.reset_index(drop=True)


def _year_base(scores: pd.DataFrame, year: int, levels: tuple):
    """The year's scored rows at ``levels`` with index and national rank, the national means,
    the best of each indicator, and the units with a value."""
    from ..scoring import ranks
    from ._common import is_scored, year_rows

    df = year_rows(scores, year, "peer_stats")
    df = df[df["level"].isin(levels)]
    df = df[is_scored(df)].copy()
    df["index"] = df["points"].astype(float) / df["max_points"].astype(float)
    df = ranks(df.drop(columns=[c for c in ("rank", "peer_group") if c in df]))
    national = df.groupby("indicator", sort=False)[["points", "index"]].mean()
    best_i = df.sort_values(["index", "unit"], ascending=[False, True], kind="stable").groupby(
        "indicator", sort=False).head(1).set_index("indicator")
    return df, national, best_i, frozenset(df["unit"])


def _group_part(df: pd.DataFrame, members: set):
    """A peer group's count, means (points, index) and each member's rank in the group."""
    peer = df["unit"].isin(members)
    gp = df[peer].groupby("indicator", sort=False)
    peer_rank = df.loc[peer, "index"].round(4).groupby(df.loc[peer, "indicator"]).rank(
        method="min", ascending=False)
    return gp["index"].count(), gp["points"].mean(), gp["index"].mean(), peer_rank


def region_peers(scores: pd.DataFrame, unit: str, year: int, lang: str = "vi") -> tuple[list[str], str]:
    """The units of ``unit``'s GSO region with a total in ``year`` (best rank first), and
    the region's name in ``lang``.

    >>> from dtilib.plots._examples import example_scores
    >>> units, name = region_peers(example_scores(), "06", 2022, "en")
    >>> len(units), "06" in units, name
    (14, True, 'Northern Midlands and Mountains')
    """
    from ..provinces import provinces
    from ..schema import total_code, with_ranks

    reg = region_map().to_dict()
    code = reg.get(unit)
    old = provinces("pre2025").drop_duplicates("region").set_index("region")
    name = str(old.at[code, f"region_{lang}"]) if code in old.index else str(code)
    from ..dataset import kept

    def ranked():  # the year's totals best first: one table for every unit's page
        ty = scores[(scores["indicator"].astype(str) == total_code(scores)) & (scores["year"].astype(int) == int(year))]
        return list(with_ranks(ty).sort_values(["rank", "unit"])["unit"])

    return [u for u in kept(scores, ("ranked_units", int(year)), ranked) if reg.get(u) == code], name


def region_name(unit: str, lang: str = "vi") -> str:
    """The name of a province's GSO region in ``lang``.

    >>> region_name("06", "en")
    'Northern Midlands and Mountains'
    """
    from ..provinces import provinces

    code = region_map().get(str(unit))
    old = provinces("pre2025").drop_duplicates("region").set_index("region")
    return str(old.at[code, f"region_{lang}"]) if code in old.index else str(code)


def region_table(data, unit: str, year: int) -> pd.DataFrame:
    """The provinces of ``unit``'s region in ``year``, best first: ``unit, rank, points, index,
    synthetic`` (the national rank).

    >>> from dtilib.plots._examples import example_scores
    >>> t = region_table(example_scores(), "06", 2022)
    >>> len(t), "06" in set(t["unit"])
    (14, True)
    """
    from ..schema import scores_of, total_code, unit_key, with_ranks

    s = scores_of(data)
    key = unit_key(unit, s)
    members, _ = region_peers(s, key, year)
    t = with_ranks(s[(s["indicator"].astype(str) == total_code(s)) & (s["year"].astype(int) == int(year))])
    t = t[t["unit"].isin(members)].sort_values(["rank", "unit"], kind="stable")
    return t[["unit", "rank", "points", "index", "synthetic"]].reset_index(drop=True)


def indicator_comparison(data, unit: str, year: int) -> pd.DataFrame:
    """A unit's main indicators beside the mean of all units, its region's mean (provinces
    only) and the best: the table under an indicator profile. ``n_units`` says how many
    units each mean covers.

    >>> from dtilib.plots._examples import example_scores
    >>> t = indicator_comparison(example_scores(), "06", 2022)
    >>> t.columns.tolist()
    ['indicator', 'points', 'max_points', 'national_mean', 'regional_mean', 'best', 'best_unit', 'rank', 'n_units', 'synthetic']
    """
    from ..dataset import dataset_of
    from ..provinces import era_of_keys
    from ..schema import scores_of

    s = scores_of(data)
    ds = dataset_of(s)
    era = ds.era if ds is not None else era_of_keys(s["unit"].astype(str).unique())
    registry = era in ("pre2025", "post2025")
    ps = peer_stats(s, unit, year, peers="region" if registry else "national", level="indicator")
    yr = s[(s["year"].astype(int) == int(year)) & (s["level"] == "indicator")]
    n_units = yr.groupby("indicator")["points"].count()
    out = ps.rename(columns={"peer_mean": "regional_mean"}).assign(n_units=ps["indicator"].map(n_units).to_numpy())
    from ..findings import REGISTRY_SIZE

    mean = "national_mean"
    if not (registry and int(out["n_units"].max()) == REGISTRY_SIZE[era]):
        mean = "mean"  # not every province: a mean of the units with data, never "national"
        out = out.rename(columns={"national_mean": "mean"})
    cols = ["indicator", "points", "max_points", mean] + (["regional_mean"] if registry else []) + [
        "best", "best_unit", "rank", "n_units", "synthetic"]
    return out[cols].reset_index(drop=True)
