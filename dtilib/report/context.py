"""What a report notebook opens first: the dataset, the year, the unit, checked once.

Every report notebook receives its data source as a papermill parameter (a
name such as ``"demo"`` or a path, passed as data, never as code) and starts
with :func:`open_report`. The language, the year and the unit are checked
here, once, with messages that name what would work; the notebook then only
tells the story.

>>> ctx = open_report("demo", year=2022, lang="en", unit="bac kan")
>>> ctx.unit, ctx.name(ctx.unit), ctx.prev, len(ctx.total)
('06', 'Bac Kan', 2021, 63)
>>> open_report("demo", year=2017)
Traceback (most recent call last):
...
dtilib.errors.DtiError: no scores for 2017 in demo; years in the data: 2020, 2021, 2022, 2023
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..dataset import Dataset, open_dataset
from ..errors import DtiError


@dataclass
class ReportContext:
    """The dataset a report is about, with the year, the unit and the small lookups every
    section needs (names, the year's ranked totals, figures with their marks).

    >>> ctx = open_report("demo", year=2023, unit="Bắc Kạn")
    >>> ctx.fig("rank").text(), ctx.num(567.98), ctx.indicator("7")
    ('60*', '567.98*', '7. Hoạt động chính quyền số')
    """

    ds: Dataset
    year: int
    lang: str
    unit: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def scores(self) -> pd.DataFrame:
        return self.ds.scores

    @property
    def total(self) -> pd.DataFrame:
        """The year's totals, ranked, best first."""
        return self.ds.totals(self.year)

    @property
    def prev(self) -> int | None:
        """The previous year when the data have it."""
        return self.year - 1 if self.year - 1 in self.ds.years else None

    @property
    def registry(self) -> bool:
        """True when the units are provinces (maps, regions and published ranks apply)."""
        return self.ds.registry

    def name(self, key: str) -> str:
        return self.ds.unit_name(key, self.lang)

    def names(self, keys) -> str:
        """``"06, 20"`` or a list of keys → their names, comma-separated."""
        items = str(keys).split(", ") if isinstance(keys, str) else list(keys)
        return ", ".join(self.name(k) for k in items if k)

    def indicator(self, code: str) -> str:
        """``"7. Hoạt động chính quyền số"``: a code with its name in the dataset's framework."""
        name = self.ds.indicator_name(code, self.lang)
        return name if name == str(code) else f"{code}. {name}"

    @property
    def index_name(self) -> str:
        """The index's name in the report language: the framework's own name."""
        meta = self.ds.framework.meta
        return str(meta.get(f"name_{self.lang}") or meta.get("name_vi") or self.ds.framework.id)

    def say(self, key: str, **values: Any) -> str:
        """The report sentence ``key`` (:func:`dtilib.report.text.say`); for a user's own units
        the ``<key>_own`` variant when there is one, with ``index`` (the framework's name) and
        ``max`` (its maximum) filled in."""
        from .text import has, say

        if not self.registry and has(f"{key}_own"):
            key = f"{key}_own"
        mx = self.ds.framework.max_points
        values = {"index": self.index_name, "max": f"{mx:g}" if mx == mx else "?", **values}
        return say(key, self.lang, **values)

    def coverage(self, unit: str | None = None) -> tuple[int, int]:
        """``(reported, in framework)`` indicators of ``unit`` (default the report's unit)."""
        from ..findings import coverage

        return coverage(self.scores, unit or self.unit, self.year)

    def published(self, unit: str | None = None) -> pd.DataFrame:
        """The published DTI result rows of ``unit`` in the report's year (empty for a
        user's own data, or where nothing is published)."""
        if not self.registry or self.ds.provenance.kind == "file":
            return pd.DataFrame()
        from .. import datasets

        pub = datasets.dti_results()
        return pub[(pub["unit"] == (unit or self.unit)) & (pub["year"] == self.year)]

    def fig(self, measure: str = "rank", unit: str | None = None, year: int | None = None,
            indicator: str | None = None):
        """The figure a sentence states (:meth:`dtilib.dataset.Dataset.figure`): published where
        it exists, else the data's own, marked when illustrative."""
        return self.ds.figure(unit or self.unit, year or self.year, measure, indicator, self.lang)

    def num(self, x: float, fmt: str = ".2f") -> str:
        """A number computed from the data, marked ``*`` when the data are illustrative."""
        return self.ds.number(x, fmt)

    def marked(self, table: pd.DataFrame, columns: dict[str, str] | None = None, year=None,
               unit_col: str = "unit", year_col: str = "year") -> pd.DataFrame:
        """``table`` with each figure replaced by the published one where it exists and a
        ``<col>_mark`` column beside it (``*`` illustrative, ``†`` one news article only),
        which :func:`dtilib.table_style.styled` shows after the value, where it stands.
        ``columns`` maps table column → measure (default rank and points); ``year`` is
        the year of every row (else the ``year`` column, else the report's year).

        >>> ctx = open_report("demo", year=2023, unit="06")
        >>> t = ctx.marked(ctx.total.query("unit in ['48', '06']")[["unit", "rank", "points"]])
        >>> t.columns.tolist(), t["rank_mark"].tolist()   # Đà Nẵng's 2023 rank is published, Bắc Kạn's is not
        (['unit', 'rank', 'rank_mark', 'points', 'points_mark'], ['', '*'])
        """
        if not self.ds.synthetic:
            return table
        cols = columns or {c: c for c in ("rank", "points", "index", "rank_change", "points_change")
                           if c in table.columns}
        out = table.copy()
        for col, measure in cols.items():
            values, marks = [], []
            for i, row in out.iterrows():
                y = int(year if year is not None else (row[year_col] if year_col in out.columns else self.year))
                u = str(row[unit_col])
                if measure in ("rank_change", "points_change"):  # a change is as good as its weaker end
                    m = measure.split("_")[0]
                    a, b = self.ds.figure(u, y - 1, m, lang=self.lang), self.ds.figure(u, y, m, lang=self.lang)
                    ends = {a.mark, b.mark}
                    values.append(row[col])
                    marks.append("*" if "*" in ends or a.value is None else ("†" if "†" in ends else ""))
                    continue
                f = self.ds.figure(u, y, measure, lang=self.lang)
                values.append(f.value if f.value is not None else row[col])
                marks.append(f.mark)
            if measure in ("rank_change", "points_change"):
                pass
            elif col == "rank" or str(out[col].dtype) == "Int64":
                out[col] = pd.array(values, dtype="Float64").round().astype("Int64")
            else:
                out[col] = values
            out.insert(out.columns.get_loc(col) + 1, f"{col}_mark", marks)
        return out

    def history(self, unit: str | None = None):
        """The unit's totals over the years beside the published rank and score, each with its
        status and source (the table under a rank trajectory)."""
        from ..labels import label

        u = unit or self.unit
        t = self.ds.totals().query("unit == @u")[["unit", "year", "points", "index", "rank", "synthetic"]]
        rows = []
        for y in t["year"]:
            r, p = self.ds.figure(u, int(y), "rank", lang=self.lang), self.ds.figure(u, int(y), "points", lang=self.lang)
            rows.append({"published_rank": r.value if r.kind in ("published", "seed_only") else None,
                         "rank_status": label(f"figure_{r.kind}", self.lang),
                         "published_points": p.value if p.kind in ("published", "seed_only") else None,
                         "points_status": label(f"figure_{p.kind}", self.lang),
                         "source": r.citation or p.citation})
        extra = pd.DataFrame(rows, index=t.index)
        out = pd.concat([t, extra], axis=1).reset_index(drop=True)
        out["published_rank"] = out["published_rank"].astype("Float64").astype("Int64")
        return out

    @staticmethod
    def fmt(x: float) -> str:
        return f"{x:.2f}"

    @staticmethod
    def pct(x: float) -> str:
        return f"{x:.0%}"


def open_report(data: Any = "demo", framework: Any = None, year: int | None = None,
                lang: str = "vi", unit: Any = None, **params: Any) -> ReportContext:
    """Open the data a report is about and check the language, year and unit once.

    ``data``: ``"demo"`` (the bundled illustrative set) or a path to a user's file or
    folder; ``framework``: a bundled id or a framework file for that file; ``year``:
    default the latest year in the data; ``unit``: any spelling of a unit of the data.

    >>> open_report("demo", unit="lang son").unit
    '20'
    """
    from ..labels import check_lang

    try:
        check_lang(lang)
    except ValueError as exc:
        raise DtiError(str(exc)) from None
    ds = open_dataset(data, framework)
    y = ds.year(year)
    key = ds.unit(unit) if unit not in (None, "") else None
    if key is not None and key not in set(ds.totals(y)["unit"]):
        raise DtiError(f"no scores for {ds.unit_name(key, 'en')} in {y}")
    return ReportContext(ds, y, lang, key, dict(params))
