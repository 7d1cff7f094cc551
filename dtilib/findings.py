"""Findings: the computed one-line sentences that title slides and lead report sections.

One function, :func:`findings`, for the deck, the report notebooks and the
explorer alike, so a figure is computed once and said the same way everywhere.
It takes a :class:`~dtilib.dataset.Dataset` (or a scores table that carries
one) and asks it for names, eras and units: on a user's own framework the
sentences use the user's indicator and unit names, and findings that need what
the data lack (components, a previous year, a map of provinces) are left out.
A mean is called national only when every unit of the registry is there;
otherwise it names how many units it covers.

>>> from dtilib.plots._examples import example_scores
>>> f = findings(example_scores(), "Bắc Kạn", 2022, lang="en")
>>> f["change"]
'Bac Kan 2021→2022: +0.52 points but −5 places (54 → 59)'
>>> f["score_distribution"]
'Bac Kan 2022: 359.68 points, rank 59 of 63; national mean 599.42 (94 of 98 indicators reported)'
"""
from __future__ import annotations

import pandas as pd

from .errors import DtiError
from .labels import check_lang, label

REGISTRY_SIZE = {"pre2025": 63, "post2025": 34}


def signed(x: float, fmt: str = ".2f") -> str:
    """A signed number with a true minus sign: ``+74.02``, ``−12``.

    >>> signed(74.02), signed(-12, "d")
    ('+74.02', '−12')
    """
    return format(x, "+" + fmt).replace("-", "−")


def mean_label(n: int, era: str | None, lang: str = "vi") -> str:
    """What to call a mean over ``n`` units: "national mean" only when all the units of
    the registry are there, else "mean of n units".

    >>> mean_label(63, "pre2025", "en"), mean_label(2, "pre2025", "en"), mean_label(12, "own", "vi")
    ('national mean', 'mean of 2 units', 'trung bình 12 đơn vị')
    """
    if era in REGISTRY_SIZE and n == REGISTRY_SIZE[era]:
        return label("national_mean", lang).lower()
    return label("mean_of_units", lang).format(n=n)


def coverage(scores: pd.DataFrame, unit: str, year: int) -> tuple[int, int]:
    """``(reported, in framework)``: leaves with a value for ``unit`` in ``year``, of all
    the leaves below its total.

    >>> from dtilib.plots._examples import example_scores
    >>> coverage(example_scores(), "06", 2022)
    (94, 98)
    """
    from .analysis._common import year_rows
    from .schema import total_code

    try:
        leaves = year_rows(scores, year, "coverage")  # the year's slice, made once per batch
    except DtiError:  # no scores that year
        return 0, 0
    leaves = leaves[leaves["unit"] == unit]
    t = leaves[leaves["indicator"].astype(str) == total_code(scores)]
    if t.empty:
        return 0, 0
    from .scoring import framework_of

    fw = framework_of(scores)
    n_all = len(fw.leaves()) if fw is not None else int(leaves["level"].isin(["component"]).sum())
    missing = int(t["n_missing"].iloc[0]) if "n_missing" in t else 0
    return max(n_all - missing, 0), n_all


def findings(data, unit: str, year: int, lang: str = "vi",
             intervals: pd.DataFrame | None = None) -> dict[str, str]:
    """One computed sentence per chart of the set, keyed by chart name.

    Findings that cannot be made for this unit-year (no previous year, no
    components, no map for the data's units, no intervals) have no entry.

    >>> from dtilib.plots._examples import example_scores
    >>> f = findings(example_scores(), "Bắc Kạn", 2022, lang="en")
    >>> f["tile_map_post2025"]
    'On the 34-unit map, Bac Kan is part of Thai Nguyen: rank 31 of 34'
    >>> "change" in findings(example_scores(), "06", 2020, lang="en")  # no 2019 to compare with
    False
    """
    from .analysis.peers import region_peers
    from .dataset import dataset_of
    from .plots._common import peer_summary
    from .provinces import era_of_keys
    from .schema import indicator_name, scores_of, total_code, unit_key, unit_name, with_ranks

    check_lang(lang)
    scores = scores_of(data)
    key = unit_key(unit, scores)
    year = int(year)
    ds = dataset_of(scores)
    era = ds.era if ds is not None else era_of_keys(scores["unit"].astype(str).unique())

    def name(k: str) -> str:
        return unit_name(k, lang, scores)

    code = total_code(scores)
    tot = with_ranks(scores[scores["indicator"].astype(str) == code])
    mine = tot[tot["unit"] == key].sort_values("year")
    if mine.empty or year not in set(mine["year"].astype(int)):
        have = sorted(int(y) for y in mine["year"].unique())
        raise DtiError(f"no total score for {name(key)} in {year}"
                       + (f"; years with a score: {', '.join(map(str, have))}" if have else ""))
    out: dict[str, str] = {}
    years = mine["year"].astype(int).tolist()

    def rank_text(k: str, y: int, r) -> str:  # the published rank where there is one, else marked
        return ds.figure(k, y, "rank").text() if ds is not None else (str(int(r)) if pd.notna(r) else "–")

    def num(x: float, fmt: str = ".2f") -> str:  # a figure computed from the data
        return ds.number(x, fmt) if ds is not None else format(x, fmt)

    ranks = [rank_text(key, y, r) for y, r in zip(years, mine["rank"])]
    out["rank_trajectories"] = label("finding_rank_path", lang).format(
        province=name(key), path=" → ".join(ranks) + (f" ({years[0]}–{years[-1]})" if len(years) > 1 else f" ({years[0]})"))
    by_year = mine.set_index(mine["year"].astype(int))
    if year - 1 in by_year.index:
        a, b = by_year.loc[year - 1], by_year.loc[year]
        dp, dr, p_mark, r_mark, r0, r1 = float(b["points"] - a["points"]), int(a["rank"] - b["rank"]), "", "", None, None
        if ds is not None:
            pa, pb = ds.figure(key, year - 1, "points"), ds.figure(key, year, "points")
            ra, rb = ds.figure(key, year - 1, "rank"), ds.figure(key, year, "rank")
            dp = pb.value - pa.value
            p_mark = max(pa.mark, pb.mark, key=lambda m: m == "*")  # the weaker of the two
            dr = int(ra.value - rb.value)  # positive = moved up
            r_mark = max(ra.mark, rb.mark, key=lambda m: m == "*")
            r0, r1 = ra.text(), rb.text()
        conj = "conj_but" if dp * dr < 0 else "conj_and"
        out["change"] = label("finding_change_one" if abs(dr) == 1 else "finding_change", lang).format(
            province=name(key), from_year=year - 1, to_year=year, points=signed(dp) + p_mark,
            conj=label(conj, lang), places=(signed(dr, "d") if dr else "0") + r_mark,
            r0=r0 or int(a["rank"]), r1=r1 or int(b["rank"]))
    registry = era in REGISTRY_SIZE
    ty = tot[tot["year"].astype(int) == year]
    ps = peer_summary(scores, key, year, peers="region" if registry else "national")
    ok = ps.dropna(subset=["points_index"])
    if len(ok):
        weak = ok.loc[ok["points_index"].idxmin()]
        strong = ok.loc[ok["points_index"].idxmax()]
        out["indicator_profile"] = label("finding_profile", lang).format(
            province=name(key), year=year, weakest=indicator_name(weak["indicator"], lang, scores),
            weak_pct=num(weak["points_index"], ".0%"), strongest=indicator_name(strong["indicator"], lang, scores),
            strong_pct=num(strong["points_index"], ".0%"))
        below = int((ok["points"] < ok["national_mean"]).sum())
        out["indicator_radar"] = label("finding_radar_of", lang).format(
            province=name(key), year=year, n=num(float(below), ".0f"), m=len(ps), mean=mean_label(len(ty), era, lang))
    from .schema import is_scored

    comp = scores[(scores["unit"] == key) & (scores["year"].astype(int) == year)
                  & (scores["level"] == "component")]
    comp = comp[is_scored(comp)]
    if len(comp):
        out["component_heatmap"] = label("finding_heatmap", lang).format(
            province=name(key), year=year, zeros=num(float((comp["points"] == 0).sum()), ".0f"),
            missing=num(float(comp["points"].isna().sum()), ".0f"))
        if registry:
            peers, region = region_peers(scores, key, year, lang)
            if len(peers) > 1:
                pc = scores[(scores["unit"].isin(peers)) & (scores["year"].astype(int) == year)
                            & (scores["level"] == "component")]
                pc = pc[is_scored(pc)]
                per_unit = (pc["points"] == 0).groupby(pc["unit"]).sum()
                out["component_heatmap_region"] = label("finding_heatmap_region", lang).format(
                    year=year, province=name(key), zeros=num(float((comp["points"] == 0).sum()), ".0f"),
                    region=region, mean=num(per_unit.mean(), ".1f"))
    me = ty[ty["unit"] == key].iloc[0]
    reported, n_all = coverage(scores, key, year)
    cov = "" if reported >= n_all else label("finding_coverage", lang).format(reported=reported, n=n_all)
    my_points = ds.figure(key, year, "points").text(".2f") if ds is not None else f"{me['points']:.2f}"
    my_rank = rank_text(key, year, me["rank"])
    out["score_distribution"] = label("finding_distribution_of", lang).format(
        province=name(key), year=year, points=my_points, rank=my_rank, n=len(ty),
        mean_label=mean_label(len(ty), era, lang), mean=num(ty["points"].mean())) + cov
    if registry:
        best = ty.sort_values(["rank", "unit"]).iloc[0]["unit"]
        out["tile_map"] = label("finding_tile_map", lang).format(
            year=year, province=name(key), rank=my_rank, n=len(ty), best=name(best))
    if era == "pre2025":
        from .provinces import predecessors, successor
        from .scoring import ranks as _ranks, reaggregate

        def post2025() -> pd.DataFrame:  # the year's 34-unit totals: the same for every unit of a batch
            new = reaggregate(scores[scores["year"].astype(int) == year])
            return _ranks(new[new["indicator"] == code])

        from .dataset import kept

        nt = kept(scores, ("post2025_totals", year), post2025)
        succ = successor(key).key
        row = nt[nt["unit"] == succ]
        if len(row):
            same = [p.key for p in predecessors(succ)] == [key]
            out["tile_map_post2025"] = label("finding_tile_map_same" if same else "finding_tile_map_new",
                                             lang).format(province=name(key), successor=unit_name(succ, lang),
                                                          rank=num(float(row["rank"].iloc[0]), ".0f"), n=len(nt))
    if intervals is not None and key in set(intervals["unit"]):
        r = intervals[intervals["unit"] == key].iloc[0]
        out["rank_intervals"] = label("finding_intervals", lang).format(
            province=name(key), year=year, rank=my_rank, level="90%", lo=num(float(r["lo"]), ".0f"),
            hi=num(float(r["hi"]), ".0f"))
    return out
