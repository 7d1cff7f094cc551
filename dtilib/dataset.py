"""The Dataset: one object that carries an index's data through every layer.

Modelled on COINr's *coin*: a framework, the tidy points (with their stage:
self-assessed, appraised, final), the scored and ranked tables, the units they
are about (the 63 pre-2025 provinces, the 34 post-2025 units, or a user's own
communes and departments) and where every figure comes from. Analyses, plots,
the chart deck, the report notebooks and the explorer take a Dataset (or a
table it made, which carries it in ``DataFrame.attrs``) and ask it for labels,
maxima, scored indicators, years, era and unit names — nothing below guesses
them again.

Built from

* the demo generator: :meth:`Dataset.demo` (illustrative, marked everywhere);
* a user's file and framework: :meth:`Dataset.from_file`, or points already in
  memory: :meth:`Dataset.from_points`;
* any of these by name or path: :func:`open_dataset` (what notebooks and the
  ``dti`` command call, with the data source passed as a plain string).

>>> ds = Dataset.demo()
>>> ds.era, ds.years, ds.synthetic, ds.framework.total_code
('pre2025', [2020, 2021, 2022, 2023], True, 'TOTAL')
>>> ds.unit("bac kan"), ds.unit_name("06", "en")
('06', 'Bac Kan')
>>> dataset_of(ds.scores[ds.scores["year"] == 2022]) is ds   # tables carry their dataset
True
"""
from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .errors import DtiError
from .frameworks import Framework

STAGES = ("self_assessed", "appraised", "final")
KINDS = ("published", "derived", "file", "illustrative")


@dataclass(frozen=True, eq=False)
class Provenance:
    """Where a dataset's figures come from.

    ``kind`` is ``"published"`` (with its sources), ``"derived"`` (``note`` says
    how), ``"file"`` (a user's file: ``files`` holds ``(path, sha256)``) or
    ``"illustrative"`` (synthetic; shown with the mark).

    >>> p = Provenance("file", files=(("diem.csv", "ab12" * 16),))
    >>> p.describe("en")
    'From your file: diem.csv (sha256 ab12ab12ab12)'
    """

    kind: str
    sources: tuple[str, ...] = ()
    files: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown provenance kind {self.kind!r}; expected one of {', '.join(KINDS)}")

    def __deepcopy__(self, memo: dict) -> "Provenance":
        return self  # immutable; travels in DataFrame.attrs

    def describe(self, lang: str = "vi") -> str:
        """One line saying where the figures come from, in ``lang``.

        >>> Provenance("illustrative", note="dtilib.demo seed=2022").describe("vi")
        'Dữ liệu minh họa (tổng hợp): dtilib.demo seed=2022'
        """
        from .labels import label

        head = label(f"provenance_{self.kind}", lang)
        parts = [f"{Path(p).name} (sha256 {h[:12]})" for p, h in self.files]
        parts += list(self.sources)
        if self.note:
            parts.append(self.note)
        return f"{head}: {'; '.join(parts)}" if parts else head


MARKS = {"illustrative": "*", "seed_only": "†"}


@dataclass(frozen=True)
class Shown:
    """One figure as a page shows it: the value, what kind of figure it is and its source.

    ``kind``: ``"published"`` (a published figure, ``citation`` says where), ``"seed_only"``
    (published only in a news article, unverified: marked ``†``), ``"illustrative"`` (from
    the demo generator, no published figure: marked ``*``), ``"file"`` (the user's own
    data), or ``"missing"``. :meth:`text` writes the value with its mark.

    >>> Shown(57.0, "illustrative").text(), Shown(63.0, "published").text(), Shown(394.13, "seed_only").text(".2f")
    ('57*', '63', '394.13†')
    """

    value: float | None
    kind: str
    status: str = ""
    citation: str = ""
    computed: float | None = None

    @property
    def mark(self) -> str:
        return MARKS.get(self.kind, "")

    def text(self, fmt: str = ".0f") -> str:
        if self.value is None or self.value != self.value:
            return "–"
        return format(self.value, fmt) + self.mark


def _headline_stage(points: pd.DataFrame) -> str | None:
    if "stage" not in points.columns:
        return None
    present = set(points["stage"].dropna().astype(str))
    for st in ("final", "appraised", "self_assessed"):
        if st in present:
            return st
    return None


class Dataset:
    """Framework + points + ranked scores + units + provenance, flowing through every verb.

    Build one with :meth:`demo`, :meth:`from_file`, :meth:`from_points` or
    :func:`open_dataset`. The ranked scores of the headline stage (final when
    present, else appraised, else self-assessed) are :attr:`scores`; other
    stages are :meth:`scores_at`.

    >>> import pandas as pd
    >>> from dtilib.frameworks import load_file
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "mine.csv").write_text("code,parent,name_vi,name_en,max_points\\n"
    ...     "1,,Hạ tầng cơ sở,Basic infrastructure,60\\n2,,Dịch vụ công,Public services,40\\n", encoding="utf-8")
    >>> pts = pd.DataFrame({"unit": ["Xã Tân Phú", "Phường Hòa Bình"] * 2, "year": 2025,
    ...                     "indicator": ["1", "1", "2", "2"], "points": [30.0, 50.0, 10.0, 20.0]})
    >>> ds = Dataset.from_points(pts, load_file(d / "mine.csv"))
    >>> ds.era, ds.unit("xa tan phu"), ds.indicator_name("1", "en")
    ('own', 'Xã Tân Phú', 'Basic infrastructure')
    >>> ds.totals()[["unit", "points", "rank"]].values.tolist()
    [['Phường Hòa Bình', 70.0, 1], ['Xã Tân Phú', 40.0, 2]]
    """

    def __init__(self, framework: Framework, points: pd.DataFrame, *, era: str | None = None,
                 provenance: Provenance | None = None, name: str | None = None,
                 extra: dict[str, Any] | None = None, scores: pd.DataFrame | None = None,
                 unit_names: dict[str, str] | None = None):
        from .provinces import era_of_keys

        self.framework = framework
        self.points = points
        self.headline_stage = _headline_stage(points)
        keys = sorted(points["unit"].astype(str).unique()) if len(points) else []
        self.era = era or era_of_keys(keys) or "own"
        self.provenance = provenance or Provenance("derived", note="points given in memory")
        self.name = name or framework.id
        self.extra = dict(extra or {})
        self._unit_names = dict(unit_names or {})
        self._scores: dict[str | None, pd.DataFrame] = {}
        if scores is not None:
            self._scores[self.headline_stage] = self._tag(scores)

    # -- construction ---------------------------------------------------------------
    @classmethod
    def from_points(cls, points: pd.DataFrame, framework: Framework | str | None = None, **kw) -> "Dataset":
        """A dataset from tidy points (``unit, year, indicator, points`` [, ``stage``]).

        ``framework``: a Framework, a bundled id or a file path; default the national
        framework (with placeholder components when its list is not public).
        """
        return cls(_framework(framework, points), points, **kw)

    @classmethod
    def from_scores(cls, scores: pd.DataFrame, framework: Framework | None = None, **kw) -> "Dataset":
        """A dataset around a scores table made elsewhere (``scoring.score`` output): the table
        itself when it already carries one, else one whose points are the table's leaf rows.

        >>> from dtilib.plots._examples import example_scores
        >>> Dataset.from_scores(example_scores()).years
        [2020, 2021, 2022, 2023]
        """
        from .scoring import framework_of

        ds = dataset_of(scores)
        if ds is not None:
            return ds
        fw = framework or framework_of(scores)
        if fw is None:
            from .frameworks import default

            fw = default().with_components_or_placeholders()
        leaves = set(fw.leaves()["code"].astype(str))
        pts = scores[scores["indicator"].astype(str).isin(leaves)]
        cols = [c for c in ("unit", "year", "indicator", "points", "stage", "synthetic") if c in pts]
        kw.setdefault("provenance", Provenance("illustrative" if bool(pts.get("synthetic", pd.Series(False)).any())
                                               else "derived", note="a scores table given in memory"))
        # a shallow copy: the caller's table keeps its own attrs (it may be a cached frame)
        return cls(fw, pts[cols].reset_index(drop=True), scores=scores.copy(deep=False), **kw)

    @classmethod
    def from_file(cls, path: str | os.PathLike, framework: Framework | str | None = None,
                  years: Iterable[int] | None = None, unit: str | None = None,
                  year: int | None = None, lang: str | None = None) -> "Dataset":
        """A dataset from a user's file (CSV/Excel, long or wide; see ``dti validate``).

        Problems in the file raise :class:`~dtilib.ValidationError` listing every one, worded
        in ``lang`` (default: English for a points file, Vietnamese for a working sheet).
        """
        from .files import sha256

        p = Path(path)
        if not p.exists():
            raise DtiError(f"{p}: no such file or folder")
        sheet = _sheet_reader()
        if sheet is not None and sheet.is_working_sheet(p):
            return sheet.dataset(p, unit=unit, year=year, **({"lang": lang} if lang else {}))
        if p.is_dir():
            raise DtiError(f"{p}: a folder; expected a points file (CSV/XLSX) or a folder of working sheets")
        from .io import read_points

        fw = _framework(framework, None)
        pts = read_points(p, fw, years=list(years) if years is not None else None, lang=lang or "en")
        fw = _framework(fw, pts)
        return cls(fw, pts, provenance=Provenance("file", files=((str(p), sha256(p)),)),
                   name=p.stem)

    @classmethod
    def demo(cls, seed: int = 2022) -> "Dataset":
        """The bundled illustrative set (:mod:`dtilib.demo`): 63 provinces × 2020–2023,
        synthetic components agreeing with every published figure; marked everywhere."""
        return _demo(int(seed))

    # -- the data ----------------------------------------------------------------------
    @property
    def scores(self) -> pd.DataFrame:
        """Ranked scores of the headline stage (one row per unit × year × node)."""
        return self.scores_at(self.headline_stage)

    def scores_at(self, stage: str | None) -> pd.DataFrame:
        """Ranked scores of one stage (``"self_assessed"``, ``"appraised"``, ``"final"``)."""
        if stage is not None and stage not in STAGES:
            raise DtiError(f"unknown stage {stage!r}; expected one of {', '.join(STAGES)}")
        if stage not in self._scores:
            from .scoring import ranks, score

            if stage is not None and "stage" in self.points and stage not in set(self.points["stage"]):
                have = sorted(set(self.points["stage"].astype(str)))
                raise DtiError(f"{self.name}: no {stage} points; stages present: {', '.join(have)}")
            self._scores[stage] = self._tag(ranks(score(self.points, self.framework, stage=stage)))
        return self._scores[stage]

    def _tag(self, df: pd.DataFrame) -> pd.DataFrame:
        df.attrs["framework"] = self.framework
        df.attrs["dataset"] = self
        return df

    def __deepcopy__(self, memo: dict) -> "Dataset":
        return self  # travels in DataFrame.attrs as a reference

    def totals(self, year: int | None = None) -> pd.DataFrame:
        """The total rows, ranked, by year then rank (one row per unit × year)."""
        def build():
            s = self.scores
            t = s[s["indicator"] == self.framework.total_code]
            if year is not None:
                t = t[t["year"] == int(year)]
            return t.sort_values(["year", "rank", "unit"], kind="stable").reset_index(drop=True)

        # asked for several times a page; a shallow copy each time (pandas copies on write)
        return self.memo(("totals", None if year is None else int(year)), build).copy(deep=False)

    def year(self, year: int | None = None) -> int:
        """``year`` checked against the data (default: the latest year in the data); a clear
        error naming the years that have scores otherwise.

        >>> Dataset.demo().year(), Dataset.demo().year(2021)
        (2023, 2021)
        """
        if not self.years:
            raise DtiError(f"{self.name}: no scores in the data")
        y = max(self.years) if year is None else int(year)
        if y not in self.years:
            raise DtiError(f"no scores for {y} in {self.name}; years in the data: {', '.join(map(str, self.years))}")
        return y

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.points["year"].unique()) if len(self.points) else []

    @property
    def synthetic(self) -> bool:
        from .labels import is_synthetic

        return self.provenance.kind == "illustrative" or is_synthetic(self.points)

    @property
    def unit_keys(self) -> list[str]:
        # asked for on every name lookup: kept with the points table it was read from (not in
        # memo(), which would score the data first)
        pts = self.points
        kept = self.__dict__.get("_unit_keys")
        if kept is None or kept[0] is not pts:
            kept = (pts, sorted(pts["unit"].astype(str).unique()) if len(pts) else [])
            self.__dict__["_unit_keys"] = kept
        return list(kept[1])

    @property
    def has_components(self) -> bool:
        """True when the scores hold component rows (level below the main indicators)."""
        s = self.scores
        return bool((s["level"] == "component").any())

    @property
    def registry(self) -> bool:
        """True when the units are provinces of the registry (either era)."""
        return self.era in ("pre2025", "post2025")

    # -- the one resolver and the one vocabulary ------------------------------------------
    def unit(self, name: Any) -> str:
        """The unit key ``name`` stands for, in this dataset's era (:func:`dtilib.provinces.key`)."""
        from .provinces import key

        return key(name, among=self.unit_keys, era=self.era)

    def units(self, names: Iterable[Any]) -> list[str]:
        """Many names → keys (each resolved once, duplicates dropped, order kept)."""
        return list(dict.fromkeys(self.unit(n) for n in names))

    def unit_name(self, key: str, lang: str = "vi") -> str:
        """Display name of a unit key: the registry's name in ``lang``, or the user's own name."""
        from .labels import check_lang
        from .provinces import display_name

        check_lang(lang)
        k = str(key)
        if k in self._unit_names:
            return self._unit_names[k]
        return display_name(k, lang)

    # -- published beats generated -------------------------------------------------------
    @property
    def published(self) -> pd.DataFrame:
        """The published figures about this dataset's units and years (one preferred version
        each; :func:`dtilib.datasets.published_figures`): for the bundled illustrative data,
        so that every page shows the published value where one exists. Empty for a user's
        own data."""
        if "_published" not in self.__dict__:
            pub = pd.DataFrame(columns=["unit", "year", "indicator", "measure", "value", "status", "citation"])
            if self.registry and self.provenance.kind in ("illustrative", "derived"):
                from . import datasets

                try:
                    f = datasets.published_figures()
                except Exception:  # noqa: BLE001 - the bundled data missing: nothing published to show
                    f = None
                if f is not None:
                    group = "63_provinces" if self.era == "pre2025" else "34_provinces_post_merger"
                    f = f[f["preferred"] & (f["ranking_group"] == group) & f["year"].isin(self.years)
                          & (f["framework"] != "ict-index")]
                    pub = f.reset_index(drop=True)
            self.__dict__["_published"] = pub
        return self.__dict__["_published"]

    def figure(self, unit: str, year: int, measure: str = "rank", indicator: str | None = None,
               lang: str = "vi") -> Shown:
        """The figure a page shows for ``unit`` in ``year``: the published one when it exists
        (with its status and citation), else the dataset's own value — marked illustrative
        for the demo data.

        >>> ds = Dataset.demo()
        >>> ds.figure("06", 2022).text(), ds.figure("06", 2022, "points").text(".2f"), ds.figure("06", 2023).text()
        ('63', '394.13†', '60*')
        """
        code = str(indicator or self.framework.total_code)
        if measure not in ("rank", "points", "index"):
            raise KeyError(measure)
        computed = self._computed(code).get((str(unit), int(year)), {}).get(measure)
        h = self._published_index().get((str(unit), int(year), code, measure))
        if h is not None:
            kind = "seed_only" if h["status"] == "seed_only" else "published"
            cite = h.get("citation" if lang == "vi" else "citation_en", h.get("citation", ""))
            return Shown(float(h["value"]), kind, str(h["status"]), str(cite or ""), computed)
        if computed is None:
            return Shown(None, "missing")
        kind = "file" if self.provenance.kind == "file" else ("illustrative" if self.synthetic else "file")
        return Shown(computed, kind, computed=computed)

    def memo(self, key: Any, build):
        """``build()``, computed once per dataset and scores table and kept: the year's tables
        that every report of a batch asks for (a year's rows, its post-2025 re-aggregation)
        are made by the first report and reused by the rest in the same warm process.
        ``key`` names what is built; the value must not be changed in place by its user
        (pandas copies on write, so a derived table never changes the kept one).

        >>> ds = Dataset.demo()
        >>> calls = []
        >>> a = ds.memo(("example", 1), lambda: calls.append(1) or 42)
        >>> b = ds.memo(("example", 1), lambda: calls.append(1) or 42)
        >>> a, b, len(calls)
        (42, 42, 1)
        """
        s = self.scores
        kept = self.__dict__.setdefault("_memo", {})
        if kept.get("scores") is not s:  # the scores were recomputed (another stage): start again
            kept.clear()
            kept["scores"] = s
        if key not in kept:
            kept[key] = build()
        return kept[key]

    def _computed(self, code: str) -> dict:
        """(unit, year) → {rank, points, index} of indicator ``code`` in the scores: built once
        per indicator, so that the figures of a page are looked up, not filtered for."""
        def build() -> dict:
            s = self.scores
            rows = s[s["indicator"].astype(str) == code]
            cols = {m: rows[m].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
                    for m in ("rank", "points", "index") if m in rows.columns}
            table: dict = {}
            for i, (u, y) in enumerate(zip(rows["unit"].astype(str), rows["year"].astype(int))):
                if (u, y) not in table:  # the first row, as a filter's .iloc[0]
                    table[(u, y)] = {m: float(v[i]) for m, v in cols.items() if not np.isnan(v[i])}
            return table

        return self.memo(("figures", code), build)

    def _published_index(self) -> dict:
        """(unit, year, indicator, measure) → the first published row shown as that figure.
        A figure whose year or group is ambiguous, or only a band, is not shown as this figure."""
        def build() -> dict:
            pub = self.published
            index: dict = {}
            if len(pub):
                shown = pub[~pub["status"].isin(["ambiguous", "published_band"])]
                for rec in shown.to_dict("records"):
                    index.setdefault((str(rec["unit"]), int(rec["year"]), str(rec["indicator"]),
                                      str(rec["measure"])), rec)
            return index

        return self.memo(("published",), build)

    def number(self, value: float, fmt: str = ".2f") -> str:
        """A number computed from the data, with the illustrative mark when the data are.

        >>> Dataset.demo().number(560.4)
        '560.40*'
        """
        text = format(value, fmt).replace("-", "−")  # a true minus sign
        return text + (MARKS["illustrative"] if self.synthetic else "")

    def indicator_name(self, code: str, lang: str = "vi") -> str:
        """Display name of a node of the framework (the code when the framework has none)."""
        return indicator_name(code, lang, self.framework)

    def describe(self, lang: str = "vi") -> str:
        """One line: what the data are and where they come from."""
        return self.provenance.describe(lang)

    def __repr__(self) -> str:
        yrs = self.years
        span = f"{yrs[0]}–{yrs[-1]}" if len(yrs) > 1 else (str(yrs[0]) if yrs else "no years")
        return (f"<Dataset {self.name}: {len(self.unit_keys)} units ({self.era}), {span}, "
                f"framework {self.framework.id}, {self.provenance.kind}>")


def indicator_name(code: str, lang: str, framework: Framework | None) -> str:
    """Display name of node ``code`` in ``framework``; the total's label for the total;
    the code itself when the framework does not name it (never another framework's name).

    >>> from dtilib.frameworks import default
    >>> indicator_name("7", "en", default()), indicator_name("7", "en", None)
    ('Digital government activities', '7')
    """
    from .labels import label

    total = framework.total_code if framework is not None else "TOTAL"
    if str(code) == total:
        return label("total", lang)
    if framework is not None:
        names = _names(framework)
        hit = names.get(str(code))
        if hit is not None:
            v = hit[0 if lang == "vi" else 1]
            if isinstance(v, str) and v.strip():
                return v
    if framework is not None and len(framework.views):
        v = framework.views.set_index("code")
        if str(code) in v.index:
            return str(v.at[str(code), f"name_{lang}"])
    return str(code)


_NAMES: "weakref.WeakKeyDictionary[Framework, dict]" = weakref.WeakKeyDictionary()


def _names(framework: Framework) -> dict[str, tuple[str, str]]:
    """code → (name_vi, name_en), built once per framework object."""
    cache = _NAMES.get(framework)
    if cache is None:
        n = framework.nodes
        cache = dict(zip(n["code"].astype(str), zip(n["name_vi"], n["name_en"])))
        _NAMES[framework] = cache
    return cache


def dataset_of(data: Any) -> Dataset | None:
    """The Dataset a table came from (``DataFrame.attrs["dataset"]``), the Dataset
    itself, or ``None`` for a table built by hand.

    >>> import pandas as pd
    >>> dataset_of(pd.DataFrame()) is None
    True
    """
    if isinstance(data, Dataset):
        return data
    attrs = getattr(data, "attrs", None) or {}
    ds = attrs.get("dataset")
    return ds if isinstance(ds, Dataset) else None


def kept(scores: pd.DataFrame, key: Any, build):
    """``build()``, kept by the dataset when ``scores`` is that dataset's own scores table
    (:meth:`Dataset.memo`: made once for every report of a batch); built afresh for any
    other table (one filtered, changed or made by hand could hold other figures).

    >>> ds = Dataset.demo()
    >>> kept(ds.scores, ("example", "kept"), lambda: [1]) is kept(ds.scores, ("example", "kept"), lambda: [2])
    True
    >>> kept(ds.scores.head(3), ("example", "kept"), lambda: [2])
    [2]
    """
    ds = dataset_of(scores)
    if ds is not None and ds.scores is scores:
        return ds.memo(key, build)
    return build()


def as_scores(data: Any) -> pd.DataFrame:
    """A scores table from a Dataset or a scores table (returned as it is).

    >>> as_scores(Dataset.demo()) is Dataset.demo().scores
    True
    """
    if isinstance(data, Dataset):
        return data.scores
    if isinstance(data, pd.DataFrame):
        return data
    raise DtiError(f"expected a dtilib Dataset or a scores DataFrame, got {type(data).__name__}")


def open_dataset(source: str | os.PathLike | Dataset | None = "demo",
                 framework: Framework | str | None = None, unit: str | None = None,
                 year: int | None = None, years: Iterable[int] | None = None,
                 lang: str | None = None) -> Dataset:
    """Open a dataset by name or path — the one entry point for notebooks and commands.

    ``source``: ``"demo"`` (the bundled illustrative set; also ``None``), a path to a
    points file (CSV/XLSX) or a working sheet, or a folder of working sheets.
    ``framework``: a bundled id or a framework file, for a points file. ``lang``: the language
    of the problems a bad file raises ("vi" or "en"; see :meth:`Dataset.from_file`).

    >>> open_dataset("demo") is Dataset.demo()
    True
    >>> open_dataset("no/such.csv")
    Traceback (most recent call last):
    ...
    dtilib.errors.DtiError: no/such.csv: no such file or folder
    """
    if isinstance(source, Dataset):
        return source
    if source is None or str(source).strip().lower() in ("demo", "illustrative", "synthetic", ""):
        if framework is not None:
            raise DtiError("the bundled illustrative data use the national framework; "
                           "--framework applies to your own --points file")
        return Dataset.demo()
    return Dataset.from_file(source, framework=framework, years=years, unit=unit, year=year, lang=lang)


# ---------------------------------------------------------------------------
def _framework(framework: Framework | str | None, points: pd.DataFrame | None) -> Framework:
    """Resolve a framework argument; attach placeholder components when the points
    are at component level and the official list is not public."""
    from .frameworks import default, load

    fw = framework if isinstance(framework, Framework) else (default() if framework is None else load(framework))
    if points is not None and len(points):
        codes = set(points["indicator"].astype(str))
        if codes <= set(fw.leaves()["code"].astype(str)):
            return fw
        fw2 = fw.with_components_or_placeholders()
        if codes <= set(fw2.leaves()["code"].astype(str)):
            return fw2
        if codes <= set(fw.indicators()["code"].astype(str)):
            return fw.main_indicators_only()  # points entered per main indicator
    elif points is None:
        return fw.with_components_or_placeholders()
    return fw


def _sheet_reader():
    """The working-sheet reader (:mod:`dtilib.io.sheet`) when this installation has it."""
    try:
        from .io import sheet
    except ImportError:
        return None
    return sheet if hasattr(sheet, "is_working_sheet") and hasattr(sheet, "dataset") else None


_DEMO: dict[int, Dataset] = {}


def _demo(seed: int) -> Dataset:
    if seed not in _DEMO:
        from . import demo

        fw = demo._framework()
        pts = demo._points(seed, demo.YEARS, False)
        _DEMO[seed] = Dataset(fw, pts, era="pre2025", name="demo",
                              provenance=Provenance("illustrative", note=f"dtilib.demo seed={seed}"),
                              scores=demo._scores(seed))
    return _DEMO[seed]
