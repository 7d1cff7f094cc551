"""The year's ranking of every unit, and means by region: the tables an overview opens with."""
from __future__ import annotations

import pandas as pd

from ..errors import DtiError


def ranking_table(data, year: int) -> pd.DataFrame:
    """Every unit's total in ``year``, best first: ``unit, rank, points, index``, the
    coverage (``n_reported`` of ``n_indicators`` leaves with a value), the region (for
    provinces), the change against the previous year when the data have it
    (``rank_change`` positive = moved up, ``points_change``), and ``synthetic``.

    >>> from dtilib.plots._examples import example_scores
    >>> t = ranking_table(example_scores(), 2022)
    >>> t.columns.tolist()
    ['unit', 'rank', 'points', 'index', 'n_reported', 'n_indicators', 'region', 'rank_change', 'points_change', 'synthetic']
    >>> len(t), t["rank"].is_monotonic_increasing
    (63, True)
    """
    from ..dataset import dataset_of
    from ..provinces import era_of_keys
    from ..schema import scores_of, total_code, with_ranks
    from ..scoring import framework_of
    from .change import change
    from .peers import region_map

    s = scores_of(data)
    code = total_code(s)
    t = with_ranks(s[(s["indicator"].astype(str) == code)])
    ty = t[t["year"].astype(int) == int(year)].sort_values(["rank", "unit"], kind="stable")
    if ty.empty:
        years = sorted(int(y) for y in t["year"].unique())
        raise DtiError(f"ranking_table: no totals for {year}; years in the data: {years}")
    fw = framework_of(s)
    n_leaves = len(fw.leaves()) if fw is not None else pd.NA
    ds = dataset_of(s)
    era = ds.era if ds is not None else era_of_keys(ty["unit"].astype(str))
    out = pd.DataFrame({
        "unit": ty["unit"].to_numpy(), "rank": ty["rank"].to_numpy(), "points": ty["points"].to_numpy(float),
        "index": ty["index"].to_numpy(float),
        "n_reported": (n_leaves - ty["n_missing"]).to_numpy() if "n_missing" in ty else n_leaves,
        "n_indicators": n_leaves,
        "region": ty["unit"].map(region_map()).to_numpy() if era in ("pre2025", "post2025") else pd.NA,
    })
    prev = int(year) - 1
    if prev in set(t["year"].astype(int)):
        ch = change(s, prev, int(year))[["unit", "rank_change", "points_change"]]
        out = out.merge(ch, on="unit", how="left")
    else:
        out["rank_change"], out["points_change"] = pd.NA, float("nan")
    out["synthetic"] = ty["synthetic"].to_numpy() if "synthetic" in ty else False
    return out.reset_index(drop=True)


def region_means(data, year: int, lang: str = "vi") -> pd.DataFrame:
    """Mean total by GSO region in ``year``, highest first: ``region`` (its name in ``lang``),
    ``n_provinces`` (with a total), ``regional_mean``. Only for provinces.

    >>> from dtilib.plots._examples import example_scores
    >>> r = region_means(example_scores(), 2022, lang="en")
    >>> int(r["n_provinces"].sum()), r.columns.tolist()
    (63, ['region', 'n_provinces', 'regional_mean', 'synthetic'])
    """
    from ..labels import check_lang
    from ..provinces import provinces
    from .peers import region_map

    check_lang(lang)
    t = ranking_table(data, year)
    if t["region"].isna().all():
        raise DtiError("region_means: regions apply to provinces; these data are about other units")
    names = provinces("pre2025").drop_duplicates("region").set_index("region")[f"region_{lang}"]
    g = t.assign(region=t["unit"].map(region_map())).groupby("region")
    out = pd.DataFrame({"n_provinces": g["unit"].size(), "regional_mean": g["points"].mean().round(2),
                        "synthetic": g["synthetic"].any()}).reset_index()
    out["region"] = out["region"].map(names).fillna(out["region"])
    return out.sort_values("regional_mean", ascending=False, kind="stable").reset_index(drop=True)
