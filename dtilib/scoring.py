"""Scoring: component points → main indicators → total and pillar views; ranks.

Input is a tidy *points* table, one row per unit × year × component (see
``docs/data-model.md``): ``unit, year, indicator, points`` and optionally
``stage`` and ``synthetic``. A missing ``points`` value (NaN) means "not
reported" and is kept apart from a zero: aggregates sum the reported points
and count the unreported leaves in ``n_missing``.

>>> import pandas as pd
>>> from dtilib.frameworks import default
>>> fw = default().with_placeholder_components()
>>> pts = pd.DataFrame({"unit": "06", "year": 2022, "indicator": ["1.01", "1.02", "7.01"],
...                     "points": [10.0, 0.0, 9.0]})
>>> s = score(pts, fw)
>>> s.set_index("indicator").loc[["1", "7", "TOTAL", "GOV"], ["points", "max_points"]]
           points  max_points
indicator
1            10.0       100.0
7             9.0       200.0
TOTAL        19.0      1000.0
GOV          19.0       700.0
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .frameworks import Framework

_TREE_CACHE: dict[int, tuple] = {}
KEYS = ["unit", "year"]
SCORE_COLUMNS = ["unit", "year", "indicator", "level", "points", "max_points", "index",
                 "n_missing", "synthetic"]


def _tree_arrays(framework: Framework):
    """Precomputed arrays for a framework: output node codes, levels, maxima and
    the (leaf column, output column) pairs linking each leaf to itself, every
    ancestor and every view that contains it. Cached per framework object."""
    key = id(framework)
    hit = _TREE_CACHE.get(key)
    if hit is not None and hit[0] is framework:
        return hit[1]
    nodes = framework.nodes
    leaves = framework.leaves()
    leaf_codes = leaves["code"].to_numpy(dtype=object)
    codes = list(nodes["code"])
    col = {c: i for i, c in enumerate(codes)}
    parent = dict(zip(nodes["code"], nodes["parent"]))
    depth = dict(zip(nodes["code"], nodes["depth"]))
    levels = ["total" if d == 0 else ("indicator" if d == 1 else "component") for d in nodes["depth"]]
    maxima = list(nodes["max_points"].astype(float))
    ind_of_leaf = {}
    leaf_idx, out_idx = [], []
    for li, c in enumerate(leaf_codes):
        a = c
        while a is not None and a in col:
            leaf_idx.append(li)
            out_idx.append(col[a])
            if depth[a] == 1:
                ind_of_leaf[li] = a
            a = parent[a] if depth[a] > 0 else None
    views = framework.views if len(framework.views) else None
    if views is not None:
        for v in views.itertuples():
            vi = len(codes)
            codes.append(str(v.code))
            levels.append("view")
            maxima.append(float(v.max_points))
            members = set(v.indicators)
            for li in range(len(leaf_codes)):
                if ind_of_leaf.get(li) in members:
                    leaf_idx.append(li)
                    out_idx.append(vi)
    leaf_idx_a = np.array(leaf_idx, dtype=np.intp)
    out_idx_a = np.array(out_idx, dtype=np.intp)
    is_node = np.array(levels, dtype=object) != "view"

    def links(keep: np.ndarray):
        # the leaf → (node, view) incidence as (leaf, output column) pairs, columns renumbered
        new_col = np.cumsum(keep) - 1
        sel = keep[out_idx_a]
        n_out = int(keep.sum())
        return leaf_idx_a[sel], new_col[out_idx_a[sel]], n_out, np.bincount(new_col[out_idx_a[sel]],
                                                                             minlength=n_out)

    arrays = {
        "links_views": links(np.ones(len(codes), dtype=bool)),
        "links_nodes": links(is_node),
        "leaf_codes": leaf_codes,
        "leaf_pos": {c: i for i, c in enumerate(leaf_codes)},
        "codes": np.array(codes, dtype=object),
        "levels": np.array(levels, dtype=object),
        "maxima": np.array(maxima, dtype=float),
    }
    if len(_TREE_CACHE) > 32:
        _TREE_CACHE.clear()
    _TREE_CACHE[key] = (framework, arrays)
    return arrays


def _stage_filter(points: pd.DataFrame, stage: str | None) -> pd.DataFrame:
    if "stage" not in points.columns or stage is None:
        return points
    codes, uniques = pd.factorize(points["stage"])
    hit = np.flatnonzero(np.asarray(uniques, dtype=object) == stage)
    if len(hit) == len(uniques):
        return points
    return points[codes == (hit[0] if len(hit) else -2)]


def score(points: pd.DataFrame, framework: Framework, stage: str | None = "final",
          views: bool = True) -> pd.DataFrame:
    """Aggregate leaf points up the framework tree.

    Returns one row per unit × year × node: components (as given), every
    ancestor (``level`` "indicator" for main indicators, "total" for the
    total), and, when ``views`` is true, each pillar view (``level`` "view").
    ``index`` = points ÷ max_points (NaN where the maximum is 0 or unknown).
    A node's points are the sum of the reported leaves below it (NaN when none
    is reported); ``n_missing`` counts the unreported leaves below it. Rows are
    ordered by year, unit, then framework order (views last). Units × years
    with no rows in ``points`` do not appear. Several rows for the same
    unit × year × leaf are added up.

    Implementation: a unit-year × leaf matrix summed through a precomputed,
    cached leaf → (node, view) incidence (the product with the 0/1 membership
    matrix, done as one ``bincount``); no group-by.

    >>> import pandas as pd
    >>> from dtilib.frameworks import default
    >>> fw = default().with_placeholder_components()
    >>> pts = pd.DataFrame({"unit": "06", "year": 2022, "indicator": ["1.01", "9.08"],
    ...                     "points": [4.0, float("nan")]})
    >>> s = score(pts, fw).set_index("indicator")
    >>> s.loc[["1", "9", "TOTAL"], ["points", "n_missing"]]
               points  n_missing
    indicator
    1             4.0          9
    9             NaN          8
    TOTAL         4.0         97
    """
    pts = _stage_filter(points, stage)
    tree = _tree_arrays(framework)
    ind_codes, ind_vals = pd.factorize(pts["indicator"])
    leaf_pos = tree["leaf_pos"]
    pos = np.array([leaf_pos.get(str(c), -1) for c in ind_vals], dtype=np.intp)
    if (pos < 0).any():
        from .errors import FrameworkError

        unknown = sorted(str(c) for c in np.asarray(ind_vals, dtype=object)[pos < 0])
        raise FrameworkError(f"indicator code(s) not leaves of framework {framework.id}: "
                             f"{', '.join(unknown[:10])}{' …' if len(unknown) > 10 else ''}")
    li = pos[ind_codes]
    codes, levels, maxima = tree["codes"], tree["levels"], tree["maxima"]
    keep = np.ones(len(codes), dtype=bool) if views else (levels != "view")
    if len(pts) == 0:
        return tag(pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            SCORE_COLUMNS, [str, "int64", str, str, float, float, float, "int64", bool])}), framework)
    # unit-year keys, ordered by year then unit
    u_codes, u_vals = pd.factorize(pts["unit"], sort=True)
    years = pts["year"].astype(int).to_numpy()
    y_codes, y_vals = pd.factorize(years, sort=True)
    uy = y_codes.astype(np.int64) * len(u_vals) + u_codes
    # unique unit-year keys without sorting: mark presence, then look up positions
    present = np.zeros(len(y_vals) * len(u_vals), dtype=bool)
    present[uy] = True
    uy_keys = np.flatnonzero(present)
    lookup = np.cumsum(present) - 1
    uy_inv = lookup[uy]
    n_uy, n_leaf = len(uy_keys), len(tree["leaf_codes"])
    # unit-year × leaf matrix: sum of reported points, NaN where none reported
    flat = uy_inv * n_leaf + li
    vals = pts["points"].to_numpy(dtype=float)
    reported = ~np.isnan(vals)
    size = n_uy * n_leaf
    total = np.bincount(flat, weights=np.where(reported, vals, 0.0), minlength=size)
    count = np.bincount(flat, weights=reported.astype(float), minlength=size)
    leaf_vals = total.reshape(n_uy, n_leaf)
    leaf_missing = (count == 0).reshape(n_uy, n_leaf).astype(float)
    # incidence: leaf → itself, its ancestors and its views. Summed with one bincount
    # over (unit-year, output column) pairs — the product with the 0/1 leaf × node
    # matrix, without BLAS (whose threads stall on a busy machine).
    l_leaf, l_out, n_out_cols, n_below = tree["links_views" if views else "links_nodes"]
    flat_out = (np.arange(n_uy)[:, None] * n_out_cols + l_out[None, :]).ravel()
    node_pts = np.bincount(flat_out, weights=leaf_vals[:, l_leaf].ravel(),
                           minlength=n_uy * n_out_cols).reshape(n_uy, n_out_cols)
    node_miss = np.bincount(flat_out, weights=leaf_missing[:, l_leaf].ravel(),
                            minlength=n_uy * n_out_cols).reshape(n_uy, n_out_cols)
    node_pts[node_miss >= n_below] = np.nan
    mx = maxima[keep]
    with np.errstate(divide="ignore", invalid="ignore"):
        idx = np.where(mx > 0, node_pts / mx, np.nan)
    synth_col = pts["synthetic"].astype(bool).to_numpy() if "synthetic" in pts else np.zeros(len(pts), bool)
    synth = np.bincount(uy_inv, weights=synth_col.astype(float), minlength=n_uy) > 0
    n_out = int(keep.sum())
    year_of = np.asarray(y_vals)[uy_keys // len(u_vals)].astype("int64")
    # string columns: take from small arrays (fast for pandas' arrow strings)
    units = pd.Series(u_vals).array
    node_codes = pd.array(list(codes[keep]), dtype="str")
    node_levels = pd.array(list(levels[keep]), dtype="str")
    tile = np.tile(np.arange(n_out), n_uy)
    out = pd.DataFrame({
        "unit": units.take(np.repeat(uy_keys % len(u_vals), n_out)),
        "year": np.repeat(year_of, n_out),
        "indicator": node_codes.take(tile),
        "level": node_levels.take(tile),
        "points": node_pts.ravel(),
        "max_points": np.tile(mx, n_uy),
        "index": idx.ravel(),
        "n_missing": np.rint(node_miss).astype("int64").ravel(),
        "synthetic": np.repeat(synth, n_out),
    }, columns=SCORE_COLUMNS)
    return tag(out, framework)


def tag(scores: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Attach ``framework`` to a scores table (``DataFrame.attrs["framework"]``), so that
    every layer below takes names, maxima and scored flags from it; pandas keeps attrs
    through filtering, copies, merges and group-bys. Returns the same frame.

    >>> import pandas as pd
    >>> from dtilib.frameworks import default
    >>> framework_of(tag(pd.DataFrame({"unit": ["06"]}), default())).id == default().id
    True
    """
    scores.attrs["framework"] = framework
    return scores


def framework_of(data) -> Framework | None:
    """The framework a scores table (or a :class:`~dtilib.dataset.Dataset`) was scored
    against, or ``None`` when it carries none (a table built by hand).

    >>> import pandas as pd
    >>> framework_of(pd.DataFrame({"unit": ["06"]})) is None
    True
    """
    fw = getattr(data, "framework", None)
    if isinstance(fw, Framework):
        return fw
    attrs = getattr(data, "attrs", None) or {}
    fw = attrs.get("framework")
    if fw is None and attrs.get("dataset") is not None:
        fw = attrs["dataset"].framework
    return fw if isinstance(fw, Framework) else None


def ranks(scores: pd.DataFrame, by: str = "index", decimals: int | None = 4,
          peers: pd.Series | dict | None = None, ascending: bool = False) -> pd.DataFrame:
    """Add ``rank`` per year × indicator (and per peer group when given).

    Official rule: ties share a rank and the next rank is skipped (two 15ths,
    no 16th). Values are rounded to ``decimals`` first, as published (the DTI
    is published to 4 decimals on the 0-1 scale). ``peers`` maps unit → peer
    group (a region, a rank band, a user list) to rank within each group; a
    ``peer_group`` column is then added. Missing values get no rank.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"unit": list("abcd"), "year": 2022, "indicator": "TOTAL",
    ...                   "index": [0.61, 0.6, 0.6, 0.5]})
    >>> ranks(s)["rank"].tolist()
    [1, 2, 2, 4]
    """
    out = scores.copy()
    val = out[by].astype(float)
    if decimals is not None:
        val = val.round(decimals)
    keys = ["year", "indicator"]
    if peers is not None:
        peers = pd.Series(peers) if isinstance(peers, dict) else peers
        out["peer_group"] = out["unit"].map(peers)
        out = out[out["peer_group"].notna()].copy()
        val = val.loc[out.index]
        keys = keys + ["peer_group"]
    out["rank"] = val.groupby([out[k] for k in keys]).rank(method="min", ascending=ascending).astype("Int64")
    return out


def totals(scores: pd.DataFrame, framework: Framework | None = None) -> pd.DataFrame:
    """The total rows of :func:`score` output, ranked: one row per unit × year.

    Convenience for the most common question ("where does each province stand?").

    >>> import pandas as pd
    >>> s = pd.DataFrame({"unit": ["06", "20"], "year": 2022, "indicator": "TOTAL",
    ...                   "points": [394.13, 500.0], "index": [0.39413, 0.5]})
    >>> totals(s)[["unit", "rank"]].to_string(index=False)
    'unit  rank\\n  20     1\\n  06     2'
    """
    code = framework.total_code if framework is not None else "TOTAL"
    t = scores[scores["indicator"] == code]
    return ranks(t).sort_values(["year", "rank"], kind="stable").reset_index(drop=True)


def reaggregate(scores: pd.DataFrame, to: str = "post2025") -> pd.DataFrame:
    """Re-express pre-2025 provincial scores on the 34 post-2025 units.

    The method MOST used for DTI 2024: a new unit's value on each indicator
    (component, main indicator, pillar view) is the **average** over its old
    provinces that have a value; its total is the **sum of those averaged main
    indicators** (so the total is not simply averaged when a province lacks a
    main indicator). Units become ``"N.."`` registry keys
    (:func:`dtilib.provinces.merger_map`); ``n_units`` says how many old
    provinces were averaged and ``index`` is recomputed. Rows already on
    ``"N.."`` keys pass through unchanged. Rank the result with :func:`ranks`.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"unit": ["06", "19", "06", "19"], "year": 2022,
    ...     "indicator": ["1", "1", "TOTAL", "TOTAL"], "level": ["indicator"] * 2 + ["total"] * 2,
    ...     "points": [60.0, 80.0, 60.0, 80.0], "max_points": [100.0, 100.0, 1000.0, 1000.0]})
    >>> r = reaggregate(s)
    >>> r[["unit", "indicator", "points", "index", "n_units"]].to_string(index=False)
    'unit indicator  points  index  n_units\\n N19         1    70.0   0.70        2\\n N19     TOTAL    70.0   0.07        2'
    """
    if to != "post2025":
        from .errors import DtiError

        raise DtiError(f"reaggregate: unknown target map {to!r}; expected 'post2025'")
    from .provinces import merger_map

    m = merger_map()
    succ = dict(zip(m["old_key"], m["new_key"]))
    df = scores.copy()
    new_unit = df["unit"].map(succ)
    from .provinces import era_of

    already = df["unit"].astype(str).map(era_of).eq("post2025")
    unknown = new_unit.isna() & ~already
    if unknown.any():
        from .errors import DtiError

        raise DtiError("reaggregate: unit key(s) not pre-2025 provinces: "
                       + ", ".join(sorted(df.loc[unknown, "unit"].astype(str).unique())[:10]))
    passthrough = df[already]
    df = df[~already].assign(unit=new_unit[~already])
    if "synthetic" not in df:
        df["synthetic"] = False
    if "n_missing" not in df:
        df["n_missing"] = 0
    keys = ["unit", "year", "indicator"]
    g = df.groupby(keys, sort=False)
    out = pd.DataFrame({
        "level": g["level"].first(), "points": g["points"].mean(), "max_points": g["max_points"].first(),
        "n_missing": g["n_missing"].sum(), "synthetic": g["synthetic"].any(),
        "n_units": g["points"].count(),
    }).reset_index()
    is_total = out["level"] == "total"
    ind = out[out["level"] == "indicator"]
    tot = ind.groupby(["unit", "year"])["points"].sum(min_count=1)
    tkey = pd.MultiIndex.from_frame(out.loc[is_total, ["unit", "year"]])
    out.loc[is_total, "points"] = tot.reindex(tkey).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["index"] = np.where(out["max_points"] > 0, out["points"] / out["max_points"], np.nan)
    order = {c: i for i, c in enumerate(pd.unique(scores["indicator"]))}
    out = out.sort_values(["year", "unit"], kind="stable")
    out = out.iloc[np.lexsort((out["indicator"].map(order).to_numpy(), out["unit"].to_numpy(),
                               out["year"].to_numpy()))]
    cols = [c for c in SCORE_COLUMNS if c in out] + ["n_units"]
    res = out[cols]
    res.attrs.pop("dataset", None)  # other units than the dataset's: keep only the framework
    if len(passthrough):
        res = pd.concat([res, passthrough.assign(n_units=1)[[c for c in cols if c in passthrough] + ["n_units"]]],
                        ignore_index=True)
    res = res.reset_index(drop=True)
    res.attrs.pop("dataset", None)
    return res
