"""Every published figure as one tidy table, each with its own status, source and citation.

:func:`published_figures` gathers the figures of ``data/raw/`` — DTI totals (rank, index,
points = index × 1000), pillar views (``GOV``/``ECO``/``SOC``: rank, index), main
indicators (``"1"``..``"9"``: rank, index, points) and the ICT Index (``TOTAL`` and its
sub-indices: rank, index) — into one row per ``unit × year × ranking_group × indicator ×
measure``. The same figure stated by two tables (the 2022 group indices appear in two
files) is one row, its sources joined; versions that disagree beyond rounding are one row
each, all ``conflicting``, exactly one ``preferred`` by the rule of :mod:`dtilib.datasets`.

``framework`` says which index the figure belongs to: ``dti-2020`` (pilot, three pillars;
its pillars are given the 922 view codes GOV/ECO/SOC), ``dti-922`` (2021–2023),
``dti-2024`` (8 main indicators; 63-unit and 34-unit rankings) and ``ict-index``.

>>> f = published_figures()
>>> ls = f[(f.unit == "20") & (f.framework == "ict-index") & (f.indicator == "TOTAL")]
>>> ls[ls.measure == "rank"][["year", "value", "status"]].values.tolist()
[[2016, 61.0, 'published'], [2017, 58.0, 'published'], [2018, 32.0, 'published'], [2020, 21.0, 'seed_only']]
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import datasets as D
from .citations import cite

COLUMNS = ["unit", "name_vi", "year", "ranking_group", "framework", "indicator", "measure", "value",
           "status", "preferred", "source", "citation", "citation_en", "note", "table", "line"]
PILLARS = {"GOV": "digital_gov", "ECO": "digital_econ", "SOC": "digital_soc"}
ICT_CODES = {"ICT": "TOTAL"}
_TABLE_ORDER = {"dti_results": 0, "dti_2022_group_indices": 1, "dti_group_ranks": 2, "ict_index_results": 3}


def _dti_framework(year: int) -> str:
    """The bundled DTI framework of ``year``: the frameworks' own ``years`` decide (one place)."""
    from .frameworks import for_year

    return for_year(int(year), "DTI").id


def _records(raw: Path) -> list[dict]:
    recs: list[dict] = []

    def add(r, bas, forced, table, group, fw, ind, measure, col, value=None, digits=None):
        s = r[col] if col else ""
        if value is None:
            if s == "":
                return
            value, digits = float(s), D._decimals(s)
        recs.append({"unit": r["unit"], "name_vi": r["name_vi"], "year": int(r["year_"]), "ranking_group": group,
                     "framework": fw, "indicator": ind, "measure": measure, "value": float(value),
                     "digits": int(digits), "basis": bas[col] if col else bas["_v"],
                     "forced": bool(forced[col]) if col else False, "source": r["source"], "note": r["note"],
                     "table": table, "line": int(r["_row"])})

    # DTI totals and pillars
    df = D._split_status(D._read("dti_results", raw))
    era = df["ranking_group"].map(lambda g: "post2025" if g.startswith("34") else "pre2025")
    df = D._units(df, "province_vi", era)
    bas, forced = D._basis(df, "dti_results.csv", D.DTI_FIGURES)
    df["year_"] = df["year"]
    for i, r in df.iterrows():
        y, g = int(r["year"]), r["ranking_group"]
        fw = _dti_framework(y)
        b, fo = bas.loc[i], forced.loc[i]
        add(r, b, fo, "dti_results", g, fw, "TOTAL", "rank", "rank")
        add(r, b, fo, "dti_results", g, fw, "TOTAL", "index", "score_0_1")
        if r["score_points_1000"]:
            add(r, b, fo, "dti_results", g, fw, "TOTAL", "points", "score_points_1000")
        elif r["score_0_1"]:
            d = D._decimals(r["score_0_1"])
            b2 = b.copy()
            b2["_v"] = b["score_0_1"]
            add(r, b2, fo, "dti_results", g, fw, "TOTAL", "points", None,
                round(float(r["score_0_1"]) * 1000, max(d - 3, 0)), max(d - 3, 0))
        for code, stem in PILLARS.items():
            add(r, b, fo, "dti_results", g, fw, code, "rank", f"{stem}_rank")
            add(r, b, fo, "dti_results", g, fw, code, "index", f"{stem}_score")

    # 2022 main-indicator indices and points (and the totals they add up to)
    df = D._units(D._split_status(D._read("dti_group_points", raw).assign(note="")), "province_vi")
    bas, forced = D._basis(df, "dti_2022_group_indices.csv", ["group_index_0_1", "group_points"])
    computed = df["note"].str.contains("points = index x max_points", regex=False)
    bas.loc[computed & (bas["group_points"] == "published"), "group_points"] = "derived"
    df["year_"] = df["year"]
    for i, r in df.iterrows():
        code = "TOTAL" if r["group_code"] == "TOTAL_PDTI" else r["group_code"].split("_")[0]
        fw = _dti_framework(int(r["year"]))
        add(r, bas.loc[i], forced.loc[i], "dti_2022_group_indices", "63_provinces", fw, code, "index",
            "group_index_0_1")
        add(r, bas.loc[i], forced.loc[i], "dti_2022_group_indices", "63_provinces", fw, code, "points",
            "group_points")

    # main-indicator ranks (and indices, points)
    df = D._split_status(D._read("dti_group_ranks", raw))
    df["ranking_group"] = df.apply(D._group_ranking, axis=1)
    era = df["ranking_group"].map(lambda g: "post2025" if g.startswith("34") else "pre2025")
    df = D._units(df, "province_vi", era)
    cols = ["group_rank", "group_score_0_1", "group_points"]
    bas, forced = D._basis(df, "dti_group_ranks.csv", cols)
    df["year_"] = df["year"]
    for i, r in df.iterrows():
        code, fw = r["group_code"].split("_")[0], _dti_framework(int(r["year"]))
        for col, measure in zip(cols, ("rank", "index", "points")):
            add(r, bas.loc[i], forced.loc[i], "dti_group_ranks", r["ranking_group"], fw, code, measure, col)

    # ICT Index
    df = D._units(D._split_status(D._read("ict_results", raw)), "province_vi")
    cols = [c for pair in D.ICT_MEASURES.values() for c in (pair[1], pair[0])]
    bas, forced = D._basis(df, "ict_index_results.csv", cols)
    df["year_"] = df["report_year"]
    for i, r in df.iterrows():
        for ind, (icol, rcol) in D.ICT_MEASURES.items():
            code = ICT_CODES.get(ind, ind)
            add(r, bas.loc[i], forced.loc[i], "ict_index_results", "63_provinces", "ict-index", code, "rank", rcol)
            add(r, bas.loc[i], forced.loc[i], "ict_index_results", "63_provinces", "ict-index", code, "index", icol)
    return recs


def _key(v: dict) -> tuple:
    return D._pref_key(v["basis"], v["source"], 0)[:3] + (_TABLE_ORDER[v["table"]], v["line"])


def _merge(versions: list[dict]) -> list[dict]:
    """One row per agreeing cluster of versions; conflicting clusters marked, one preferred."""
    clusters: list[list[dict]] = []
    for v in sorted(versions, key=lambda v: -v["digits"]):
        for c in clusters:
            if D._same(c[0]["value"], c[0]["digits"], v["value"], v["digits"]):
                c.append(v)
                break
        else:
            clusters.append([v])
    conflict = len(clusters) > 1 or any(v["forced"] for v in versions)
    rows = []
    for c in clusters:
        best = min(c, key=_key)
        srcs: list[str] = []
        for v in sorted(c, key=_key):
            for p in v["source"].split(" ; "):
                if p.strip() and p.strip() not in srcs:
                    srcs.append(p.strip())
        row = dict(best)
        row["value"] = c[0]["value"]  # the most precise version
        row["source"] = " ; ".join(srcs)
        row["status"] = "conflicting" if conflict else best["basis"]
        row["_k"] = _key(best)
        rows.append(row)
    win = min(range(len(rows)), key=lambda j: rows[j]["_k"])
    for j, row in enumerate(rows):
        row["preferred"] = j == win
    return rows


def _build(raw: Path) -> pd.DataFrame:
    recs = pd.DataFrame(_records(raw))
    keys = ["unit", "year", "ranking_group", "framework", "indicator", "measure"]
    out = []
    for _, g in recs.groupby(keys, sort=False):
        out.extend(_merge(g.to_dict("records")))
    df = pd.DataFrame(out)
    df["citation"] = df["source"].map(lambda s: cite(s, "vi"))
    df["citation_en"] = df["source"].map(lambda s: cite(s, "en"))
    df["year"] = df["year"].astype("int64")
    order = {"rank": 0, "index": 1, "points": 2}
    df["_m"] = df["measure"].map(order)
    df["_f"] = df["framework"].str.startswith("ict").astype(int)
    df = df.sort_values(["_f", "year", "ranking_group", "unit", "indicator", "_m", "preferred"],
                        ascending=[True, True, True, True, True, True, False], kind="stable")
    return df[COLUMNS].reset_index(drop=True)


_built = D._cached(_build)


def published_figures(raw: str | Path | None = None) -> pd.DataFrame:
    """Every published figure of ``data/raw/``: ``unit, name_vi, year, ranking_group,
    framework, indicator, measure`` (``rank``, ``index``, ``points``), ``value, status``
    (per figure: :func:`dtilib.datasets.figure_statuses`), ``preferred`` (False only for
    the losing versions of a conflict), ``source`` (pages, ``" ; "``-separated),
    ``citation`` / ``citation_en`` (publisher, title, date: never a file path), ``note,
    table, line`` (the raw file and line of the preferred version).

    Computations use ``f[f.preferred]``: then one row per unit × year × ranking ×
    indicator × measure.

    >>> f = published_figures()
    >>> one = f[f.preferred]
    >>> bool(one.duplicated(["unit", "year", "ranking_group", "framework", "indicator", "measure"]).any())
    False
    >>> f[(f.unit == "06") & (f.year == 2021) & (f.indicator == "7")][["measure", "value", "status"]].values.tolist()
    [['rank', 62.0, 'published']]
    """
    return _built(raw)


def conflicts(raw: str | Path | None = None) -> pd.DataFrame:
    """The figures whose sources disagree (status ``conflicting``): every version, with its
    value, source, citation and ``preferred`` (the one computations use).

    >>> c = conflicts()
    >>> c[(c.unit == "91") & (c.year == 2020)][["indicator", "measure", "value", "preferred"]].values.tolist()
    [['TOTAL', 'rank', 9.0, True], ['TOTAL', 'rank', 8.0, False]]
    """
    f = published_figures(raw)
    return f[f["status"] == "conflicting"].reset_index(drop=True)


def preferred_value(figures: pd.DataFrame, unit: str, year: int, indicator: str = "TOTAL",
                    measure: str = "rank", framework: str | None = None,
                    ranking_group: str = "63_provinces") -> pd.Series | None:
    """The preferred published figure (a row of :func:`published_figures`), or None when
    none is published — the question every report headline asks first.

    >>> f = published_figures()
    >>> preferred_value(f, "06", 2023) is None  # no 2023 rank of Bắc Kạn is published
    True
    >>> r = preferred_value(f, "06", 2022, measure="points")
    >>> float(r["value"]), r["status"]
    (394.13, 'seed_only')
    """
    m = ((figures["unit"] == unit) & (figures["year"] == int(year)) & (figures["indicator"] == indicator)
         & (figures["measure"] == measure) & (figures["ranking_group"] == ranking_group) & figures["preferred"])
    if framework is not None:
        m &= figures["framework"] == framework
    else:
        m &= ~figures["framework"].str.startswith("ict")
    hit = figures[m]
    return None if hit.empty else hit.iloc[0]


__all__ = ["published_figures", "conflicts", "preferred_value", "COLUMNS"]
