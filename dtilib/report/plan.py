"""Which reports a run makes, how a batch is split into shards, and their fingerprints.

Notebook kinds (``--notebooks``):

============  ===============================  =================================
kind          notebook                         one report per
============  ===============================  =================================
overview      01_overview.ipynb                year
profile       02_province_profile.ipynb        province (default: all 63)
trajectories  03_rank_trajectories.ipynb       index (DTI and ICT)
zeros         04_zero_indicators.ipynb         year, and each ``--provinces`` given
============  ===============================  =================================

On a working sheet (``dti report --points FILE|DIR``, :func:`sheet_plan`): ``sheet``
(05_unit_assessment.ipynb, one per unit) and ``units`` (06_unit_ranking.ipynb, when there are
several units).

>>> parse_kinds("overview,profiles"), parse_kinds(None)
(['overview', 'profile'], ['overview', 'profile', 'trajectories'])

``plan(2022, provinces=["Lạng Sơn", "bac kan"])`` gives the reports ``overview``,
``profile-06-bac-kan`` and ``profile-20-lang-son`` (and the two trajectories); the
last profile's parameters are ``{"year": 2022, "lang": "vi", "data": "demo", "province": "20"}``
(the unit is resolved once, here, and passed by its key). ``shard(reports, "2/2")``
keeps every second of them, in file-stem order.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import DtiError
from ..files import sha256
from ..text import strip_diacritics
from . import params as _params

DEFAULT_YEAR = 2022
KINDS: dict[str, dict[str, Any]] = {
    "overview": {"file": "01_overview.ipynb", "title": {"vi": "Tổng quan {index} {year}",
                                                      "en": "{index} {year}: overview"}},
    "profile": {"file": "02_province_profile.ipynb", "title": {"vi": "{name} — hồ sơ {index} {year}",
                                                              "en": "{name} — {index} {year} profile"}},
    "trajectories": {"file": "03_rank_trajectories.ipynb",
                     "title": {"vi": "Quỹ đạo xếp hạng {index}", "en": "{index} rank trajectories"}},
    "zeros": {"file": "04_zero_indicators.ipynb",
              "title": {"vi": "Chỉ số thành phần điểm 0 — {year}{suffix}",
                        "en": "Zero-scoring components — {year}{suffix}"}},
}
DEFAULT_KINDS = ("overview", "profile", "trajectories")
# a user's own data: the published trajectories are about the bundled record, not the user's file
DEFAULT_KINDS_OWN = ("overview", "profile")
ALIASES = {"overview": "overview", "01": "overview", "profile": "profile", "profiles": "profile",
           "02": "profile", "trajectories": "trajectories", "trajectory": "trajectories",
           "03": "trajectories", "zeros": "zeros", "zero": "zeros", "04": "zeros",
           "zero_indicators": "zeros"}


def notebooks_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The notebooks folder: ``explicit``, else the workspace's, the checkout's or the package's.

    See :func:`dtilib.paths.notebooks_dir`.

    >>> (notebooks_dir() / "02_province_profile.ipynb").is_file()
    True
    """
    from .. import paths

    return paths.notebooks_dir(explicit)


def slug(text: str) -> str:
    """ASCII file-name slug: ``"Bà Rịa - Vũng Tàu"`` → ``"ba-ria-vung-tau"``.

    >>> slug("Bà Rịa - Vũng Tàu"), slug("Đắk Lắk")
    ('ba-ria-vung-tau', 'dak-lak')
    """
    t = strip_diacritics(text).lower()
    out, dash = [], False
    for c in t:
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


@dataclass(frozen=True)
class Report:
    """One report of a run: notebook kind, parameters, output file stem, title.

    >>> r = Report("profile", notebooks_dir() / "02_province_profile.ipynb",
    ...            {"province": "Bắc Kạn", "year": 2022, "lang": "vi"}, "profile-06-bac-kan", "Bắc Kạn")
    >>> fp, inputs = r.fingerprint("data-digest", "0.1.0")
    >>> len(fp), sorted(inputs)
    (64, ['data', 'dtilib', 'kind', 'notebook', 'params'])
    >>> r.fingerprint("other-data", "0.1.0")[0] == fp
    False
    """

    kind: str
    notebook: Path
    params: dict = field(hash=False)
    stem: str
    title: str
    unit: str | None = None
    source_digest: str = ""  # the checksum of a user's data file(s), when the report reads one

    def fingerprint(self, data_digest: str, code_version: str) -> tuple[str, dict]:
        """``(sha256, inputs)``: changes iff data, notebook, parameters or dtilib change."""
        data = data_digest + (f"+{self.source_digest}" if self.source_digest else "")
        inputs = {"data": data, "notebook": sha256(self.notebook),
                  "params": self.params, "dtilib": code_version, "kind": self.kind}
        blob = json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest(), inputs

    def task(self, out_dir: Path, data_digest: str, code_version: str) -> dict[str, Any]:
        """Everything a worker needs to render this report (plain, picklable data)."""
        fp, inputs = self.fingerprint(data_digest, code_version)
        return {"kind": self.kind, "notebook": str(self.notebook), "params": self.params,
                "stem": self.stem, "title": self.title, "unit": self.unit,
                "out_dir": str(out_dir), "fingerprint": fp, "inputs": inputs}


def parse_kinds(kinds: str | Iterable[str] | None, default: Iterable[str] = DEFAULT_KINDS) -> list[str]:
    """``"overview,profile"`` → ``["overview", "profile"]``; unknown names are an error.

    >>> parse_kinds("01,zeros"), parse_kinds("all")
    (['overview', 'zeros'], ['overview', 'profile', 'trajectories', 'zeros'])
    """
    if kinds is None:
        return list(default)
    items = kinds.split(",") if isinstance(kinds, str) else list(kinds)
    out = []
    for k in (x.strip().lower() for x in items):
        if not k:
            continue
        if k == "all":
            return list(KINDS)
        if k not in ALIASES:
            raise DtiError(f"unknown notebook {k!r}; choose from {', '.join(KINDS)} (or 'all')")
        if ALIASES[k] not in out:
            out.append(ALIASES[k])
    if not out:
        raise DtiError("no notebook chosen")
    return out


def _source(data) -> tuple[Any, str]:
    """The data parameter of the reports and the checksum of the user's file(s) behind it."""
    if data is None or str(data).strip().lower() in ("", "demo"):
        return "demo", ""
    p = Path(data).expanduser().resolve()
    if not p.exists():
        raise DtiError(f"{data}: no such file or folder")
    files = [p] if p.is_file() else sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith((".", "~$")))
    h = hashlib.sha256()
    for f in files:
        h.update(f"{f.name}\0{sha256(f)}\n".encode())
    return str(p), h.hexdigest()


def _units(ds, provinces: Sequence[str] | None, year: int) -> tuple[list[str], bool]:
    """The unit keys to profile: those named (resolved once, by the dataset's rule), or all
    units with a total in ``year``."""
    if not provinces:
        return list(ds.totals(year)["unit"]) if ds is not None else [], False
    return ds.units(provinces), True


def _registry_units(provinces: Sequence[str] | None, year: int) -> tuple[list[str], bool]:
    """For the bundled data: the registry's provinces (pre- or post-2025 by the year)."""
    from ..provinces import key, provinces as registry

    era = "post2025" if year >= 2025 else "pre2025"
    if not provinces:
        return list(registry(era=era)["key"]), False
    return list(dict.fromkeys(key(name, era=era) for name in provinces)), True


def plan(year: int | None = None, provinces: Sequence[str] | None = None,
         kinds: str | Iterable[str] | None = None, lang: str = "vi",
         notebooks: str | os.PathLike | None = None, extra: dict | None = None,
         data: str | os.PathLike | None = None, framework: str | os.PathLike | None = None) -> list[Report]:
    """The reports of a run, sorted by file stem.

    ``data``: the reports' data — ``None``/``"demo"`` for the bundled data, or a path
    to a user's points file, working sheet or folder of sheets (then ``framework`` is
    its framework: a bundled id or a file). The path is passed to the notebooks as a
    parameter (data, never code); the units and years come from the data.
    ``extra`` adds parameters to every report (plain data only, see
    :mod:`dtilib.report.params`).

    >>> reps = plan(2022, provinces=["Lạng Sơn", "bac kan"], kinds="overview,profile")
    >>> [r.stem for r in reps]
    ['overview', 'profile-06-bac-kan', 'profile-20-lang-son']
    >>> reps[2].params, reps[2].title
    ({'year': 2022, 'lang': 'vi', 'province': '20', 'data': 'demo'}, 'Lạng Sơn — hồ sơ DTI 2022')
    >>> len(plan(2022))
    66
    """
    from ..labels import check_lang

    try:
        check_lang(lang)
    except ValueError as exc:
        raise DtiError(str(exc)) from None
    source, digest = _source(data)
    own = source != "demo"
    if framework is not None and not own:
        raise DtiError("--framework applies to your own --points data; the bundled data use the "
                       "national DTI framework (add --points FILE, or leave --framework out)")
    ds = None
    if own:
        from ..dataset import open_dataset

        ds = open_dataset(source, framework, lang=lang)
        year = ds.year(year)
    else:
        year = DEFAULT_YEAR if year is None else int(year)
        if not 2016 <= year <= 2100:
            raise DtiError(f"year {year} is outside the range of the indices (2016 on)")
    folder = notebooks_dir(notebooks)
    kinds = parse_kinds(kinds, DEFAULT_KINDS_OWN if own else DEFAULT_KINDS)
    if own and "trajectories" in kinds:
        raise DtiError("the trajectories report shows the published DTI and ICT ranks; "
                       "it does not read --points (choose overview, profile or zeros)")
    suffix = "" if lang == "vi" else f".{lang}"
    extra = dict(extra or {})
    if framework is not None and Path(framework).expanduser().is_file():  # a framework file: absolute,
        fw_path = Path(framework).expanduser().resolve()                # and its checksum in the fingerprint
        framework, digest = str(fw_path), hashlib.sha256(f"{digest}\0{sha256(fw_path)}".encode()).hexdigest()
    src = {"data": source, **({"framework": str(framework)} if framework is not None else {})}
    if {"profile", "zeros"} & set(kinds):
        units, explicit = _units(ds, provinces, year) if own else _registry_units(provinces, year)
    else:
        units, explicit = [], False
    reports: list[Report] = []
    # the index's name in titles: "DTI" for the national index, a user framework's own name otherwise
    index_name = "DTI"
    if ds is not None and ds.framework.units == "own":
        meta = ds.framework.meta
        index_name = str(meta.get(f"name_{lang}") or meta.get("name_vi") or ds.framework.id)

    def add(kind: str, stem: str, params: dict, unit=None, **fmt) -> None:
        nb = folder / KINDS[kind]["file"]
        if not nb.is_file():
            raise DtiError(f"notebook {nb} is missing")
        p = _params.normalise({**params, **extra})
        fmt.setdefault("index", index_name)
        title = KINDS[kind]["title"][lang].format(year=year, **fmt)
        reports.append(Report(kind, nb, p, stem + suffix, title, unit, digest))

    def label_of(key: str) -> str:
        from ..provinces import display_name

        return ds.unit_name(key, lang) if ds is not None else display_name(key, lang)

    def stem_of(key: str) -> str:
        from ..provinces import era_of

        vi = ds.unit_name(key, "vi") if ds is not None else label_of(key) if lang == "vi" else None
        if vi is None:
            from ..provinces import display_name

            vi = display_name(key, "vi")
        return f"{key}-{slug(vi)}" if era_of(key) != "own" else (slug(vi) or "unit")

    for kind in kinds:
        if kind == "overview":
            add(kind, "overview", {"year": year, "lang": lang, **src})
        elif kind == "profile":
            for u in units:
                add(kind, f"profile-{stem_of(u)}", {"year": year, "lang": lang, "province": u, **src},
                    unit=u, name=label_of(u))
        elif kind == "trajectories":
            for index in ("DTI", "ICT"):
                add(kind, f"trajectories-{index.lower()}", {"index": index, "lang": lang}, index=index)
        elif kind == "zeros":
            add(kind, "zeros", {"year": year, "lang": lang, "province": None, **src}, suffix="")
            if explicit:
                for u in units:
                    add(kind, f"zeros-{stem_of(u)}", {"year": year, "lang": lang, "province": u, **src}, unit=u,
                        suffix=f" — {label_of(u)}")
    return sorted(reports, key=lambda r: r.stem)


SHEET_KINDS: dict[str, dict[str, Any]] = {
    "sheet": {"file": "05_unit_assessment.ipynb", "title": {"vi": "{name} — bảng chấm điểm {year}",
                                                            "en": "{name} — working sheet {year}"}},
    "units": {"file": "06_unit_ranking.ipynb", "title": {"vi": "Xếp hạng các đơn vị {year}",
                                                         "en": "Units ranked {year}"}},
}


def sheet_plan(data: str | os.PathLike, units: Sequence[str] | None = None, year: int | None = None,
               lang: str = "vi", notebooks: str | os.PathLike | None = None) -> list[Report]:
    """The reports on a working sheet (file or folder): one ``sheet`` report (05) per unit (or per
    unit of ``units``, any spelling), and a ``units`` ranking (06) when the data hold several units.
    The sheet is read first, so a bad sheet is a :class:`~dtilib.errors.ValidationError` before
    anything is written.

    >>> from dtilib.report.sheet import example_path
    >>> reps = sheet_plan(example_path())
    >>> [r.stem for r in reps], reps[0].title
    (['sheet-xa-hoa-binh', 'sheet-xa-phu-minh', 'sheet-xa-tan-lap', 'units'], 'Xã Hòa Bình — bảng chấm điểm 2026')
    >>> sorted(reps[0].params)
    ['data', 'data_sha256', 'lang', 'unit', 'year']
    >>> [r.stem for r in sheet_plan(example_path(), units=["xa phu minh"], lang="en")]
    ['sheet-xa-phu-minh.en', 'units.en']
    """
    from ..errors import ValidationError
    from ..io.sheet import read_sheet
    from ..labels import check_lang
    from ..text import fold

    try:
        check_lang(lang)
    except ValueError as exc:
        raise DtiError(str(exc)) from None
    folder = notebooks_dir(notebooks)
    names = list(units or [])
    one = names[0] if len(names) == 1 else None
    d = read_sheet(data, unit=one, year=year, lang=lang)      # a sheet naming no unit takes the one given
    every = d
    if one is not None:
        try:
            every = read_sheet(data, year=year, lang=lang)
        except ValidationError:   # one unit, named only by --unit
            every = d
    chosen = d.units
    if len(names) > 1:
        by_fold = {fold(u): u for u in every.units}
        missing = [n for n in names if fold(n) not in by_fold]
        if missing:
            raise DtiError(f"no unit {', '.join(map(repr, missing))} in {data}; units: {', '.join(every.units)}")
        chosen = list(dict.fromkeys(by_fold[fold(n)] for n in names))
    y = int(year) if year is not None else max(d.years)
    blob = "".join(sorted(f"{Path(f).name}:{sha256(f)}" for f in d.files if Path(f).is_file()))
    digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()
    path = str(Path(data).resolve())
    suffix = "" if lang == "vi" else f".{lang}"
    reports = []
    for kind, items in (("sheet", chosen), ("units", [None] if len(every.units) > 1 else [])):
        nb = folder / SHEET_KINDS[kind]["file"]
        if items and not nb.is_file():
            raise DtiError(f"notebook {nb} is missing")
        for u in items:
            params = _params.normalise({"data": path, "unit": u if kind == "sheet" else one, "year": year,
                                        "lang": lang, "data_sha256": digest})
            stem = (f"sheet-{slug(u) or 'unit'}" if kind == "sheet" else "units") + suffix
            title = SHEET_KINDS[kind]["title"][lang].format(name=u, year=y)
            reports.append(Report(kind, nb, params, stem, title, u))
    return sorted(reports, key=lambda r: r.stem)


def parse_shard(text: str | None) -> tuple[int, int]:
    """``"2/4"`` → ``(2, 4)``; ``None`` → ``(1, 1)``.

    >>> parse_shard("3/4")
    (3, 4)
    >>> parse_shard("5/4")
    Traceback (most recent call last):
    ...
    dtilib.errors.DtiError: --shard 5/4: expected i/n with 1 <= i <= n, e.g. 1/4
    """
    if text is None:
        return 1, 1
    try:
        i, n = (int(x) for x in str(text).split("/"))
    except ValueError:
        i, n = 0, 0
    if not 1 <= i <= n:
        raise DtiError(f"--shard {text}: expected i/n with 1 <= i <= n, e.g. 1/4")
    return i, n


def shard(reports: Sequence[Report], spec: str | tuple[int, int] | None) -> list[Report]:
    """The ``i``-th of ``n`` disjoint parts of ``reports`` (round-robin over stems).

    Every report lands in exactly one shard, whatever machine computes the
    split, because the order is the sorted file stems.

    >>> reps = plan(2022, provinces=["Lạng Sơn", "Bắc Kạn"], kinds="overview,profile")
    >>> [r.stem for r in shard(reps, "1/2")], [r.stem for r in shard(reps, (2, 2))]
    (['overview', 'profile-20-lang-son'], ['profile-06-bac-kan'])
    """
    i, n = spec if isinstance(spec, tuple) else parse_shard(spec)
    ordered = sorted(reports, key=lambda r: r.stem)
    return ordered[i - 1::n]
