"""The bundled published figures (``data/raw/``) as tidy tables, provenance kept.

Every loader returns one row per unit × year × measure with the registry
``unit`` key (names resolved through :func:`dtilib.provinces.resolve`) and the
provenance of the row: ``status`` (``sourced``, ``sourced_list_order``,
``derived``, ``seed_unverified``, …), ``note`` and ``source``. Where the raw
file wrote a remark into the status (``"sourced (points = index x max_points,
computed)"``) the status is cut to its first word and the remark moves to the
note. ``unverified`` is True when a figure on the row rests on a news article
(a *seed*) alone: such rows must be shown marked. See ``data/raw/SOURCES.md``.

The raw folder is the project's ``data/raw/`` (in a checkout; an installed
package carries a copy), see :mod:`dtilib.paths`; ``DTILIB_RAW`` points elsewhere.

>>> r = dti_results()
>>> r[(r.year == 2022) & (r["rank"] <= 3)][["unit", "name_vi", "rank", "index"]].to_string(index=False)
'unit    name_vi  rank  index\\n  48    Đà Nẵng     1 0.8002\\n  79 Hồ Chí Minh     2 0.7163\\n  22 Quảng Ninh     3 0.7024'
>>> g = dti_group_points()
>>> float(round(g[(g.unit == "06") & (g.year == 2022)]["points"].sum(), 2)), bool(g[g.unit == "06"]["unverified"].all())
(394.13, True)
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
    df["unverified"] = [_unverified(s) for s in status]
    return df


def _unverified(status: str) -> bool:
    """True when a figure on the row rests on a news article (seed) alone."""
    return "seed" in status and status != "seed_corroborated"


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
    pillar ranks and indices where known.

    Columns: ``unit, name_vi, year, ranking_group, rank, index, points,
    gov_rank, gov_index, eco_rank, eco_index, soc_rank, soc_index, status,
    unverified, note, source``. ``ranking_group`` is ``63_provinces`` or, for
    DTI 2024, ``34_provinces_post_merger`` (units are then ``"N.."`` keys).
    ``points`` is as published (never derived here: the 2020 pilot had no
    known 1000-point scale).

    >>> r = dti_results()
    >>> r[(r.year == 2022)].shape[0], r[(r.year == 2022) & (r["rank"] == 15)]["name_vi"].tolist()
    (63, ['Thanh Hóa', 'Yên Bái'])
    >>> r[(r.year == 2020) & (r.unit == "27")][["index", "points", "gov_index"]].values.tolist()
    [[0.4096, nan, 0.4449]]
    """
    df = _split_status(_read("dti_results", raw))
    era = df["ranking_group"].map(lambda g: "post2025" if g.startswith("34") else "pre2025")
    df = _units(df, "province_vi", era)
    out = pd.DataFrame({
        "unit": df["unit"], "name_vi": df["name_vi"], "year": _int(df["year"]),
        "ranking_group": df["ranking_group"], "rank": _int(df["rank"]),
        "index": _num(df["score_0_1"]), "points": _num(df["score_points_1000"]),
        "gov_rank": _int(df["digital_gov_rank"]), "gov_index": _num(df["digital_gov_score"]),
        "eco_rank": _int(df["digital_econ_rank"]), "eco_index": _num(df["digital_econ_score"]),
        "soc_rank": _int(df["digital_soc_rank"]), "soc_index": _num(df["digital_soc_score"]),
        "status": df["status"], "unverified": df["unverified"], "note": df["note"], "source": df["source"],
    })
    return out.sort_values(["year", "ranking_group", "rank"], kind="stable",
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
    df = df[df["group_code"] != "TOTAL_PDTI"]
    code = df["group_code"].str.extract(r"^(\d+)_", expand=False)
    out = pd.DataFrame({
        "unit": df["unit"], "name_vi": df["name_vi"], "year": _int(df["year"]), "indicator": code,
        "index": _num(df["group_index_0_1"]), "points": _num(df["group_points"]),
        "max_points": _num(df["max_points"]), "dti_rank": _int(df["dti_rank"]),
        "status": df["status"], "unverified": df["unverified"], "note": df["note"], "source": df["source"],
    })
    return out.sort_values(["year", "dti_rank", "indicator"], kind="stable").reset_index(drop=True)


@_cached
def dti_group_ranks(raw: Path) -> pd.DataFrame:
    """Ranks on each main indicator (of 63): ``unit, name_vi, year, indicator,
    rank, dti_rank, status, unverified, note, source``.

    >>> dti_group_ranks().set_index("indicator")["rank"].to_dict()["7"]
    62
    """
    df = _read("dti_group_ranks", raw)
    df["note"] = ""
    df = _units(_split_status(df), "province_vi")
    return pd.DataFrame({
        "unit": df["unit"], "name_vi": df["name_vi"], "year": _int(df["year"]),
        "indicator": df["group_code"].str.extract(r"^(\d+)_", expand=False),
        "rank": _int(df["group_rank_of_63"]), "dti_rank": _int(df["dti_rank"]),
        "status": df["status"], "unverified": df["unverified"], "note": df["note"], "source": df["source"],
    }).reset_index(drop=True)


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
        "status": df["status"], "unverified": df["unverified"], "note": df["note"], "source": df["source"],
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
    parts = []
    for ind, (icol, rcol) in ICT_MEASURES.items():
        part = pd.DataFrame({
            "unit": df["unit"], "name_vi": df["name_vi"], "year": _int(df["report_year"]),
            "indicator": ind, "rank": _int(df[rcol]), "index": _num(df[icol]),
            "status": df["status"], "unverified": df["unverified"], "note": df["note"],
            "source": df["source"], "_row": df["_row"], "_ord": list(ICT_MEASURES).index(ind),
        })
        if ind != "ICT":
            part = part[part["rank"].notna() | part["index"].notna()]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True).sort_values(["_row", "_ord"], kind="stable")
    return out.drop(columns=["_row", "_ord"]).reset_index(drop=True)


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
        "table_row": _int(df["table_row"]), "status": df["status"], "unverified": df["unverified"],
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


LOADERS = {
    "dti_results": dti_results,
    "dti_group_points": dti_group_points,
    "dti_group_ranks": dti_group_ranks,
    "aggregates": aggregates,
    "ict_results": ict_results,
    "it_application_2017": it_application_2017,
    "dti_framework_groups": dti_framework_groups,
    "province_merger_2025": province_merger_2025,
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
