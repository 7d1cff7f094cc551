"""The bundled published figures (``data/raw/``) as tidy tables, provenance kept.

Every loader returns one row per unit × year (× measure) with the registry ``unit`` key
(names resolved era-aware through :func:`dtilib.provinces.resolve`: ``"06"`` for the
63 pre-2025 provinces, ``"N.."`` for the 34 units of the 2024 post-merger ranking) and
the provenance of the row: the raw ``status`` of the row (``sourced``, ``derived``, …;
a remark the raw file wrote into it, ``"sourced (points = index x max_points,
computed)"``, moves to ``note``), ``note``, ``source`` and ``line`` (the CSV line).

**Status is per figure, not per row.** Each figure gets its own status column
(``rank_status``, ``score_status``, ``gov_rank_status``, ``index_status`` …) with one of
the values of :func:`figure_statuses`: ``published``, ``published_list_order``,
``derived``, ``ambiguous``, ``secondary``, ``seed_only``, ``published_band`` or
``conflicting`` (empty where the figure is not given). They come from the row status
(``dtilib/data/figure_status.yaml``: ``sourced_rank+seed_score`` → rank ``published``,
score ``seed_only``) refined figure by figure where the row's note says which figure
rests on what (``dtilib/data/figure_status_overrides.csv``). ``unverified`` is kept
for old callers: True when the row's headline figure (its rank; a row without a rank:
its value) is seed-only.

**Conflicts are shown, with one rule.** Rows that disagree stay separate rows (both
values, both sources); a figure whose versions disagree has the status ``conflicting``
and :func:`conflicts` lists them. Of the rows about the same unit and year, exactly one
has ``preferred`` True, chosen by ONE rule applied key by key until one differs:

1. the basis of the figure (the status it would have alone): published >
   published_list_order > secondary > derived > ambiguous > seed_only — a figure stated
   somewhere, even in a third-party compilation, over our own arithmetic on other
   figures (Quảng Ninh 2020: the compilation's pillar values agree with its published
   total under the pilot's 0.4/0.3/0.3 weights and with its stated tie with Bắc Giang;
   the values derived from "2022 value minus stated gain" do not);
2. the publisher tier of the best page on the row (:mod:`dtilib.citations`): official
   (ministry, dti.gov.vn) > provincial government portal > press > secondary compilation
   > seed article;
3. more pages stating it;
4. the earlier row of the raw file.

Computations use the preferred row (``df[df.preferred]``); :func:`published_figures`
applies the same rule figure by figure. See ``data/raw/SOURCES.md``.

The raw folder is the project's ``data/raw/`` (in a checkout; an installed package
carries a copy), see :mod:`dtilib.paths`; ``DTILIB_RAW`` points elsewhere.

>>> r = dti_results()
>>> r[(r.year == 2022) & (r["rank"] <= 3)][["unit", "name_vi", "rank", "index"]].to_string(index=False)
'unit    name_vi  rank  index\\n  48    Đà Nẵng     1 0.8002\\n  79 Hồ Chí Minh     2 0.7163\\n  22 Quảng Ninh     3 0.7024'
>>> bk = r[(r.unit == "06") & (r.year == 2022)].iloc[0]
>>> int(bk["rank"]), bk["rank_status"], float(bk["points"]), bk["score_status"]
(63, 'published', 394.1, 'seed_only')
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DtiError, Problem, UnknownProvinceError, ValidationError
from .provinces import resolve

RAW_FILES = {
    "dti_results": "dti_results.csv",
    "dti_group_points": "dti_2022_group_indices.csv",
    "dti_group_ranks": "dti_group_ranks.csv",
    "aggregates": "dti_aggregates.csv",
    "ict_results": "ict_index_results.csv",
    "it_application_2017": "mic_egov_it_application_2017.csv",
    "dti_framework_groups": "dti_framework_groups.csv",
    "province_merger_2025": "province_merger_2025.csv",
}
DTI_FIGURES = ["rank", "score_0_1", "score_points_1000", "digital_gov_rank", "digital_gov_score",
               "digital_econ_rank", "digital_econ_score", "digital_soc_rank", "digital_soc_score"]
ICT_MEASURES = {  # tidy indicator → (index column, rank column) of ict_index_results.csv
    "ICT": ("ict_index", "rank"),
    "tech_infra": ("tech_infra_index", "tech_infra_rank"),
    "hr_infra": ("hr_infra_index", "hr_infra_rank"),
    "it_application": ("it_application_index", "it_application_rank"),
    "online_public_services": ("online_public_services_index", "online_public_services_rank"),
}
_STATUS_RE = re.compile(r"^\s*([A-Za-z0-9_+]+)\s*(?:\((.*)\))?\s*$", re.S)


def raw_dir() -> Path:
    """The folder holding the bundled published CSV files (:func:`dtilib.paths.raw_dir`).

    ``DTILIB_RAW`` if set, else a workspace's ``data/raw`` holding them, else the
    checkout's ``data/raw``, else the copy inside the installed package.

    >>> (raw_dir() / "dti_results.csv").exists()
    True
    """
    from . import paths

    return paths.raw_dir()


def raw_files(raw: str | Path | None = None) -> list[Path]:
    """Paths of the bundled raw CSV files, sorted by name (for checksums).

    >>> [p.name for p in raw_files()][:2]
    ['dti_2022_group_indices.csv', 'dti_aggregates.csv']
    """
    d = Path(raw) if raw is not None else raw_dir()
    return sorted(p for p in d.glob("*.csv") if p.is_file())


# ---------------------------------------------------------------------------
# reading helpers
# ---------------------------------------------------------------------------
def _read(name: str, raw: Path) -> pd.DataFrame:
    """A raw file as strings ('' for empty cells); ``_row`` is the CSV line."""
    path = raw / RAW_FILES[name]
    if not path.exists():
        raise DtiError(f"{path}: bundled data file missing (expected in {raw})")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df["_row"] = np.arange(2, len(df) + 2)
    df.attrs["path"] = str(path)
    return df


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.replace("", np.nan), errors="raise").astype(float)


def _int(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.replace("", np.nan), errors="raise").astype("Int64")


def _split_status(df: pd.DataFrame) -> pd.DataFrame:
    """Cut "word (remark)" statuses to the word; the remark joins the note."""
    status, extra = [], []
    for s in df["status"]:
        m = _STATUS_RE.match(s)
        if m:
            status.append(m.group(1))
            extra.append((m.group(2) or "").strip())
        else:
            status.append(s.strip())
            extra.append("")
    note = df["note"] if "note" in df else pd.Series("", index=df.index)
    df = df.copy()
    df["status"] = status
    df["note"] = ["; ".join(x for x in (n, e) if x) for n, e in zip(note, extra)]
    return df


# ---------------------------------------------------------------------------
# per-figure status, conflicts and the preference rule
# ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _status_spec() -> dict:
    from .package_data import package_yaml

    return package_yaml("figure_status.yaml")


def figure_statuses() -> pd.DataFrame:
    """The per-figure statuses, best first (the order the preference rule uses), with the
    labels and marks readers see (``dtilib/data/figure_status.yaml``).

    >>> figure_statuses()["status"].tolist()[:3]
    ['published', 'published_list_order', 'secondary']
    >>> figure_statuses().set_index("status").loc["seed_only", ["en", "mark"]].tolist()
    ['one news article only, unverified', '†']
    """
    rows = [{"status": k, **v} for k, v in _status_spec()["statuses"].items()]
    return pd.DataFrame(rows)[["status", "vi", "en", "mark"]]


def _order(status: str) -> int:
    order = list(_status_spec()["statuses"])
    return order.index(status) if status in order else len(order)


def _is_rank(col: str) -> bool:
    return col == "rank" or col.endswith("_rank") or col.startswith("group_rank")


def _basis(df: pd.DataFrame, file: str, cols: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-figure basis (the status a figure has on its own) and forced conflicts.

    From the raw row status (``figure_status.yaml``) refined by the rows of
    ``figure_status_overrides.csv`` for this file (checked against the row's year and
    province, later override rows win)."""
    import fnmatch

    spec = _status_spec()["raw"]
    problems = []
    basis = pd.DataFrame(index=df.index, columns=cols, dtype=object)
    for col in cols:
        kind = "rank" if _is_rank(col) else "value"
        vals = []
        for row, st in zip(df["_row"], df["status"]):
            if st not in spec:
                problems.append(Problem(df.attrs.get("path", file), int(row), "status", st,
                                        "a status listed in dtilib/data/figure_status.yaml"))
                vals.append("published")
            else:
                vals.append(spec[st][kind])
        basis[col] = vals
    forced = pd.DataFrame(False, index=df.index, columns=cols)
    ov = _overrides()
    ov = ov[ov["file"] == file]
    by_line = {int(r): i for i, r in zip(df.index, df["_row"])}
    for o in ov.itertuples(index=False):
        i = by_line.get(int(o.line))
        where = f"dtilib/data/figure_status_overrides.csv (line {o.csv_line})"
        if i is None or str(df.at[i, "year" if "year" in df else "report_year"]) != str(o.year) \
                or df.at[i, "province_vi"] != o.province_vi:
            problems.append(Problem(where, int(o.line), "province_vi", o.province_vi,
                                    f"row {o.line} of {file} to be {o.province_vi} {o.year}"))
            continue
        hit = [c for c in cols if fnmatch.fnmatchcase(c, o.figure)]
        if not hit:
            problems.append(Problem(where, int(o.line), "figure", o.figure, f"a figure column of {file}"))
        for c in hit:
            if o.basis:
                basis.at[i, c] = o.basis
            if o.conflict == "1":
                forced.at[i, c] = True
    if problems:
        raise ValidationError(problems)
    return basis, forced


@lru_cache(maxsize=1)
def _overrides() -> pd.DataFrame:
    from importlib import resources

    with resources.files("dtilib").joinpath("data", "figure_status_overrides.csv").open("rb") as fh:
        ov = pd.read_csv(fh, dtype=str, keep_default_na=False)
    ov["csv_line"] = np.arange(2, len(ov) + 2)
    bad = ov[~ov["basis"].isin(list(_status_spec()["statuses"]) + [""])]
    if len(bad):
        raise DtiError(f"dtilib/data/figure_status_overrides.csv:{int(bad['csv_line'].iloc[0])}:basis: "
                       f"{bad['basis'].iloc[0]!r} is not a status of dtilib/data/figure_status.yaml")
    return ov


def _decimals(s: str) -> int:
    s = str(s).strip()
    return len(s.split(".")[1]) if "." in s else 0


def _same(a: float, da: int, b: float, db: int) -> bool:
    """Two published values agree up to the rounding of the coarser one."""
    return abs(a - b) <= 0.5 * 10 ** (-min(da, db)) + 1e-9


def _pref_key(basis: str, source: str, line: int) -> tuple:
    """The preference rule (module docstring): basis, publisher tier, pages, row order."""
    from .citations import source_tier, split_source

    return (_order(basis), source_tier(source), -len(split_source(source)), int(line))


def _figure_status(df: pd.DataFrame, file: str, keys: list[str], cols: list[str]):
    """Status of every figure (``conflicting`` where versions disagree, else its basis)
    and ``preferred`` per row: within each group of rows about the same unit and year
    (``keys``), the row whose headline figure (the first of ``cols`` it has) wins the
    preference rule."""
    basis, forced = _basis(df, file, cols)
    status = basis.copy()
    conflict = forced.copy()
    pref = pd.Series(True, index=df.index)
    for _, g in df.groupby(keys, sort=False, dropna=False):
        if len(g) < 2:
            continue
        for c in cols:
            vals = [(i, float(df.at[i, c]), _decimals(df.at[i, c])) for i in g.index if df.at[i, c] != ""]
            if any(not _same(v, d, w, e) for _, v, d in vals for _, w, e in vals):
                conflict.loc[[i for i, _, _ in vals], c] = True
        def key(i):
            head = next((c for c in cols if df.at[i, c] != ""), cols[0])
            return _pref_key(basis.at[i, head], df.at[i, "source"], df.at[i, "_row"])
        best = min(g.index, key=key)
        pref.loc[g.index] = False
        pref.loc[best] = True
    status = status.where(~conflict, "conflicting")
    for c in cols:  # a figure not given has no status (a band is kept: "top 10", "bottom 3")
        empty = (df[c] == "").to_numpy()
        status.loc[empty & (status[c] != "published_band").to_numpy(), c] = ""
    return status, basis, pref


def _seed_only(status: pd.Series, fallback: pd.Series, has_head: pd.Series) -> pd.Series:
    """``unverified``: the row's headline figure (its rank, else its value) is seed-only."""
    head = np.where(has_head, status, fallback)
    return pd.Series(head == "seed_only", index=status.index)


def _units(df: pd.DataFrame, col: str, era: str | pd.Series = "pre2025") -> pd.DataFrame:
    """Add ``unit`` and ``name_vi`` from the registry; all failures reported together."""
    eras = era if isinstance(era, pd.Series) else pd.Series(era, index=df.index)
    units, names, problems = [], [], []
    for row, name, e in zip(df["_row"], df[col], eras):
        try:
            p = resolve(name, e)
            units.append(p.key)
            names.append(p.name_vi)
        except UnknownProvinceError as exc:
            problems.append(Problem(df.attrs.get("path", "?"), int(row), col, repr(name), str(exc)))
            units.append(None)
            names.append(None)
    if problems:
        raise ValidationError(problems)
    df = df.copy()
    df["unit"] = units
    df["name_vi"] = names
    return df


def _raw(raw: str | Path | None) -> Path:
    return Path(raw) if raw is not None else raw_dir()


def _cached(fn):
    """Cache a loader per raw folder (and file times); hand out copies."""
    @lru_cache(maxsize=16)
    def inner(raw: str, stamp: tuple):
        return fn(Path(raw))

    def wrapper(raw: str | Path | None = None) -> pd.DataFrame:
        d = _raw(raw)
        stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in raw_files(d))
        return inner(str(d), stamp).copy()

    wrapper.__doc__ = fn.__doc__
    wrapper.__name__ = fn.__name__
    wrapper.__wrapped__ = fn
    return wrapper


# ---------------------------------------------------------------------------
# loaders
# ---------------------------------------------------------------------------
@_cached
def dti_results(raw: Path) -> pd.DataFrame:
    """Provincial DTI results by year: rank, index (0–1), points (1000 scale),
    pillar ranks and indices where known, each figure with its own status.

    Columns: ``unit, name_vi, year, ranking_group, rank, index, points, gov_rank,
    gov_index, eco_rank, eco_index, soc_rank, soc_index, status`` (the raw row's),
    ``rank_status, score_status`` (index and points), ``gov_rank_status,
    gov_index_status, eco_rank_status, eco_index_status, soc_rank_status,
    soc_index_status, preferred, unverified, note, source, line``. ``ranking_group``
    is ``63_provinces`` or, for DTI 2024, ``34_provinces_post_merger`` (units are then
    ``"N.."`` keys). ``points`` is as published (never derived here: the 2020 pilot had
    no known 1000-point scale). Conflicting versions are separate rows; one per unit,
    year and ranking is ``preferred``.

    >>> r = dti_results()
    >>> r[(r.year == 2022)].shape[0], r[(r.year == 2022) & (r["rank"] == 15)]["name_vi"].tolist()
    (63, ['Thanh Hóa', 'Yên Bái'])
    >>> r[(r.year == 2020) & (r.unit == "27")][["index", "points", "gov_index"]].values.tolist()
    [[0.4096, 409.6, 0.4449]]
    >>> r[(r.year == 2020) & (r.unit == "91")][["rank", "rank_status", "preferred"]].values.tolist()
    [[8, 'conflicting', False], [9, 'conflicting', True]]
    """
    df = _split_status(_read("dti_results", raw))
    era = df["ranking_group"].map(lambda g: "post2025" if g.startswith("34") else "pre2025")
    df = _units(df, "province_vi", era)
    st, _, pref = _figure_status(df, "dti_results.csv", ["unit", "year", "ranking_group"], DTI_FIGURES)
    score = st["score_0_1"].where(df["score_0_1"] != "", st["score_points_1000"])
    out = pd.DataFrame({
        "unit": df["unit"], "name_vi": df["name_vi"], "year": _int(df["year"]),
        "ranking_group": df["ranking_group"], "rank": _int(df["rank"]),
        "index": _num(df["score_0_1"]), "points": _num(df["score_points_1000"]),
        "gov_rank": _int(df["digital_gov_rank"]), "gov_index": _num(df["digital_gov_score"]),
        "eco_rank": _int(df["digital_econ_rank"]), "eco_index": _num(df["digital_econ_score"]),
        "soc_rank": _int(df["digital_soc_rank"]), "soc_index": _num(df["digital_soc_score"]),
        "status": df["status"], "rank_status": st["rank"], "score_status": score,
        "gov_rank_status": st["digital_gov_rank"], "gov_index_status": st["digital_gov_score"],
        "eco_rank_status": st["digital_econ_rank"], "eco_index_status": st["digital_econ_score"],
        "soc_rank_status": st["digital_soc_rank"], "soc_index_status": st["digital_soc_score"],
        "preferred": pref, "unverified": _seed_only(st["rank"], score, df["rank"] != ""),
        "note": df["note"], "source": df["source"], "line": df["_row"],
    })
    return out.sort_values(["year", "ranking_group", "rank", "line"], kind="stable",
                           na_position="last").reset_index(drop=True)


@_cached
def dti_group_points(raw: Path) -> pd.DataFrame:
    """DTI 2022 main-indicator ("group") indices and points, Decision 922 codes.

    Columns: ``unit, name_vi, year, indicator`` ("1".."9"; smart city "6" is not
    published), ``index`` (0–1), ``points``, ``max_points``, ``dti_rank``,
    ``status, unverified, note, source``. The published total is in
    :func:`dti_results`. Points are index × maximum as published (Bắc Kạn's are
    the seed article's points, ``unverified``).

    >>> g = dti_group_points()
    >>> sorted(g["indicator"].unique())
    ['1', '2', '3', '4', '5', '7', '8', '9']
    """
    df = _read("dti_group_points", raw)
    df["note"] = ""
    df = _units(_split_status(df), "province_vi")
    st, _, pref = _figure_status(df, "dti_2022_group_indices.csv", ["unit", "year", "group_code"],
                                 ["group_index_0_1", "group_points"])
    # "sourced (points = index x max_points, computed)": the index is stated, the points computed
    computed = df["note"].str.contains("points = index x max_points", regex=False)
    st.loc[computed & (st["group_points"] == "published"), "group_points"] = "derived"
    keep = df["group_code"] != "TOTAL_PDTI"
    df, st, pref = df[keep], st[keep], pref[keep]
    code = df["group_code"].str.extract(r"^(\d+)_", expand=False)
    out = pd.DataFrame({
        "unit": df["unit"], "name_vi": df["name_vi"], "year": _int(df["year"]), "indicator": code,
        "index": _num(df["group_index_0_1"]), "points": _num(df["group_points"]),
        "max_points": _num(df["max_points"]), "dti_rank": _int(df["dti_rank"]),
        "status": df["status"], "index_status": st["group_index_0_1"], "points_status": st["group_points"],
        "preferred": pref, "unverified": st["group_points"] == "seed_only",
        "note": df["note"], "source": df["source"], "line": df["_row"],
    })
    return out.sort_values(["year", "dti_rank", "indicator"], kind="stable").reset_index(drop=True)


@_cached
def dti_group_ranks(raw: Path) -> pd.DataFrame:
    """Main-indicator results: rank, index (0–1) and points where published.

    Columns: ``unit, name_vi, year, ranking_group, indicator`` (Decision 922 codes
    "1".."9"), ``rank, index, points, status, rank_status, index_status, points_status,
    preferred, unverified, note, source, line``. 2024 rows state their ranking in the
    note; those of units that exist only after the merger use ``"N.."`` keys
    (``ranking_group`` ``34_provinces_post_merger``).

    >>> g = dti_group_ranks()
    >>> bk = g[(g.unit == "06") & (g.year == 2021)].set_index("indicator")
    >>> int(bk.loc["7", "rank"]), bk.loc["7", "rank_status"]
    (62, 'published')
    """
    df = _read("dti_group_ranks", raw)
    df = _split_status(df)
    group = df.apply(lambda r: _group_ranking(r), axis=1)
    df["ranking_group"] = group
    era = group.map(lambda g: "post2025" if g.startswith("34") else "pre2025")
    df = _units(df, "province_vi", era)
    cols = ["group_rank", "group_score_0_1", "group_points"]
    st, _, pref = _figure_status(df, "dti_group_ranks.csv", ["unit", "year", "ranking_group", "group_code"], cols)
    return pd.DataFrame({
        "unit": df["unit"], "name_vi": df["name_vi"], "year": _int(df["year"]),
        "ranking_group": df["ranking_group"],
        "indicator": df["group_code"].str.extract(r"^(\d+)_", expand=False),
        "rank": _int(df["group_rank"]), "index": _num(df["group_score_0_1"]), "points": _num(df["group_points"]),
        "status": df["status"], "rank_status": st["group_rank"], "index_status": st["group_score_0_1"],
        "points_status": st["group_points"], "preferred": pref,
        "unverified": _seed_only(st["group_rank"], st["group_score_0_1"], df["group_rank"] != ""),
        "note": df["note"], "source": df["source"], "line": df["_row"],
    }).reset_index(drop=True)


def _group_ranking(r) -> str:
    """The ranking a main-indicator row belongs to: 2024 rows of merged units are on the
    34-unit ranking (their notes say "34-unit ranking"); all others on the 63 provinces."""
    if str(r["year"]) == "2024" and ("34-unit" in r["note"] or "presumably merged" in r["note"]):
        return "34_provinces_post_merger"
    return "63_provinces"


@_cached
def aggregates(raw: Path) -> pd.DataFrame:
    """Provincial means and the national DTI by year: ``year, measure, value``
    (0–1), ``status, unverified, note, source``. The raw file has no status
    column; ``status`` is ``"unstated"`` (each row cites its source).

    >>> a = aggregates()
    >>> a[(a.year == 2021) & (a.measure == "provincial_mean")]["value"].item()
    0.4014
    """
    df = _read("aggregates", raw)
    df["status"] = "unstated"
    df = _split_status(df)
    return pd.DataFrame({
        "year": _int(df["year"]), "measure": df["measure"], "value": _num(df["value_0_1"]),
        "status": df["status"], "unverified": False, "note": df["note"], "source": df["source"],
    }).reset_index(drop=True)


@_cached
def ict_results(raw: Path) -> pd.DataFrame:
    """Vietnam ICT Index results, long: one row per unit × year × indicator
    (``ICT`` and the sub-indices ``tech_infra, hr_infra, it_application,
    online_public_services``) with ``rank`` and ``index``; ``year`` is the
    report year. The ``ICT`` row is kept for every province listed, even when
    only a place ("top 10", "bottom 3") is known (status says which);
    sub-index rows only where a figure exists.

    >>> ict = ict_results()
    >>> ict[(ict.unit == "20") & (ict.indicator == "ICT")][["year", "rank"]].values.tolist()
    [[2016, 61], [2017, 58], [2018, 32], [2020, 21]]
    """
    df = _units(_split_status(_read("ict_results", raw)), "province_vi")
    cols = [c for pair in ICT_MEASURES.values() for c in (pair[1], pair[0])]
    st, _, pref = _figure_status(df, "ict_index_results.csv", ["unit", "report_year"], cols)
    parts = []
    for ind, (icol, rcol) in ICT_MEASURES.items():
        part = pd.DataFrame({
            "unit": df["unit"], "name_vi": df["name_vi"], "year": _int(df["report_year"]),
            "indicator": ind, "rank": _int(df[rcol]), "index": _num(df[icol]),
            "status": df["status"], "rank_status": st[rcol], "index_status": st[icol], "preferred": pref,
            "unverified": _seed_only(st[rcol], st[icol], df[rcol] != ""), "note": df["note"],
            "source": df["source"], "line": df["_row"], "_ord": list(ICT_MEASURES).index(ind),
        })
        if ind != "ICT":
            part = part[part["rank"].notna() | part["index"].notna()]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True).sort_values(["line", "_ord"], kind="stable")
    return out.drop(columns=["_ord"]).reset_index(drop=True)


@_cached
def it_application_2017(raw: Path) -> pd.DataFrame:
    """MIC's 2017 ranking of IT application and e-government (ranks 1–53 of
    63 with the overall index; a different ranking from the ICT Index, kept
    apart): ``unit, name_vi, year, rank, index, table_row, status, unverified,
    note, source``.

    >>> it = it_application_2017()
    >>> len(it), int(it["rank"].max())
    (53, 53)
    """
    df = _units(_split_status(_read("it_application_2017", raw)), "province_vi")
    return pd.DataFrame({
        "unit": df["unit"], "name_vi": df["name_vi"], "year": _int(df["year"]),
        "rank": _int(df["rank"]), "index": _num(df["overall_index"]),
        "table_row": _int(df["table_row"]), "status": df["status"], "unverified": False,
        "note": df["note"], "source": df["source"],
    }).reset_index(drop=True)


@_cached
def dti_framework_groups(raw: Path) -> pd.DataFrame:
    """The DTI structures by version as published (groups, component counts,
    maxima), numbers parsed, provenance kept. The frameworks themselves are
    :mod:`dtilib.frameworks`.

    >>> f = dti_framework_groups()
    >>> float(f[f.group_code == "TOTAL"]["max_points"].iloc[0])
    1000.0
    """
    df = _split_status(_read("dti_framework_groups", raw))
    df["n_component_indicators"] = _int(df["n_component_indicators"])
    df["max_points"] = _num(df["max_points"])
    return df.drop(columns=["_row"]).reset_index(drop=True)


@_cached
def province_merger_2025(raw: Path) -> pd.DataFrame:
    """The 2025 merger table as published (63 rows), with registry keys
    ``old_key`` and ``new_key`` added and checked against the registry.

    >>> m = province_merger_2025()
    >>> m.loc[m.old_key == "06", "new_key"].item()
    'N19'
    """
    df = _read("province_merger_2025", raw)
    df = _units(df, "old_province_vi")
    problems = []
    new_keys = []
    for row, old, new in zip(df["_row"], df["unit"], df["new_province_vi"]):
        key = resolve(new, "post2025").key
        new_keys.append(key)
        succ = resolve(old).successor
        if succ != key:
            problems.append(Problem(df.attrs["path"], int(row), "new_province_vi", new,
                                    f"the registry's successor {succ}"))
    if problems:
        raise ValidationError(problems)
    df["new_key"] = new_keys
    df = df.rename(columns={"unit": "old_key"}).drop(columns=["name_vi", "_row"])
    df["unverified"] = False
    return df.reset_index(drop=True)


def published_figures(raw: str | Path | None = None) -> pd.DataFrame:
    """Every published figure, one row per unit × year × indicator × measure (conflicting
    versions: one row each, one ``preferred``). See :func:`dtilib.figures.published_figures`.

    >>> f = published_figures()
    >>> f[(f.unit == "06") & (f.year == 2022) & (f.indicator == "TOTAL")][["measure", "value", "status"]].values.tolist()
    [['rank', 63.0, 'published'], ['index', 0.3941, 'seed_only'], ['points', 394.13, 'seed_only']]
    """
    from .figures import published_figures as _pf

    return _pf(raw)


def conflicts(raw: str | Path | None = None) -> pd.DataFrame:
    """The published figures whose sources disagree: every version with its value, source,
    citation and ``preferred``. See :func:`dtilib.figures.conflicts`.

    >>> c = conflicts()
    >>> c[(c.unit == "01") & (c.year == 2023)][["value", "preferred"]].values.tolist()
    [[6.0, True], [5.0, False]]
    """
    from .figures import conflicts as _c

    return _c(raw)


def cite(source: str, lang: str = "vi", urls: bool = False) -> str:
    """A ``source`` field as publisher, title, date (:func:`dtilib.citations.cite`).

    >>> cite("https://dti.gov.vn/xep-hang-2022", "en")
    'Bộ TT&TT — dti.gov.vn: DTI 2022 ranking table of the 63 provinces (page xep-hang-2022), Jul 2023'
    """
    from .citations import cite as _cite

    return _cite(source, lang, urls)


LOADERS = {
    "dti_results": dti_results,
    "dti_group_points": dti_group_points,
    "dti_group_ranks": dti_group_ranks,
    "aggregates": aggregates,
    "ict_results": ict_results,
    "it_application_2017": it_application_2017,
    "dti_framework_groups": dti_framework_groups,
    "province_merger_2025": province_merger_2025,
    "published_figures": published_figures,
}
_STEMS = {Path(f).stem: k for k, f in RAW_FILES.items()}


def published(name: str, raw: str | Path | None = None) -> pd.DataFrame:
    """A bundled table by loader name or raw file stem.

    >>> published("dti_2022_group_indices").equals(dti_group_points())
    True
    >>> published("nope")
    Traceback (most recent call last):
    ...
    dtilib.errors.DtiError: no published table 'nope'; known: aggregates, ...
    """
    key = name if name in LOADERS else _STEMS.get(name)
    if key is None:
        raise DtiError(f"no published table {name!r}; known: " + ", ".join(sorted(LOADERS)
                       + sorted(s for s in _STEMS if s not in LOADERS)))
    return LOADERS[key](raw)


def load_all(raw: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every bundled table, by loader name (raises on any problem in the data).

    >>> sorted(load_all())[:3]
    ['aggregates', 'dti_framework_groups', 'dti_group_points']
    """
    return {k: fn(raw) for k, fn in LOADERS.items()}
