"""Explore the DTI and the ICT Index interactively: the logic behind ``notebooks/00_explore.ipynb``.

An :class:`Explorer` holds one question — index (``"DTI"`` or ``"ICT"``), year,
province(s), peer set (``"region"``, ``"rank_band"``, ``"national"``,
``"post2025"`` = the 34 new units) and language — and the answer to it, a
:class:`View`: a title, messages, tables (rich :class:`dtilib.display.Table`
objects) and a figure. Change the question with :meth:`Explorer.update` or with
the widget callbacks (``on_year(change)``, ``on_units(change)``, …), which are
plain methods: a test calls them with a new value and looks at ``explorer.view``.

In JupyterLab ``display(explorer)`` shows ipywidgets controls driving the view
live; a headless run (papermill, nbconvert) stores the same object's static
HTML (tables and the chart as an embedded PNG), so the notebook reads well
without a widget front-end.

>>> import pandas as pd
>>> from dtilib.frameworks import default
>>> from dtilib.scoring import score
>>> fw = default().with_placeholder_components()
>>> pts = pd.DataFrame({"unit": ["06", "20", "48"], "year": 2022, "indicator": "1.01",
...                     "points": [2.0, 5.0, 9.0], "synthetic": True})
>>> ex = Explorer(scores=score(pts, fw), units=["Bắc Kạn"], year=2022, peers="national", lang="en")
>>> ex.view.tables["overview"][["unit", "rank", "peer_rank", "n_peers"]].values.tolist()
[['06', 3, 3, 3]]
>>> ex.on_units({"new": ["Lạng Sơn"]}).tables["overview"]["rank"].tolist()
[2]
"""
from __future__ import annotations

import base64
import html as _html
import io
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .display import as_table
from .errors import DtiError, UnknownProvinceError
from .package_data import package_yaml

INDEXES = ("DTI", "ICT")
PEER_KINDS = ("region", "rank_band", "national", "post2025")
LANGS = ("vi", "en")
ICT_TOTAL = "ICT"


def _spec() -> dict[str, Any]:
    return package_yaml("explore.yaml")


def text(section: str, key: str, lang: str = "vi", **fields: Any) -> str:
    """A label or message of the explorer from ``dtilib/data/explore.yaml``, filled in.

    >>> text("peers", "post2025", "en")
    'The 34 new units (after the 2025 merger)'
    >>> text("messages", "no_data", "vi", index="DTI", provinces="Bắc Kạn", year=2019)
    'Không có số liệu DTI cho Bắc Kạn năm 2019.'
    """
    entry = _spec()[section][key]
    return entry[lang].format(**fields) if fields else entry[lang]


def defaults() -> dict[str, Any]:
    """The explorer's default question (from ``explore.yaml``).

    >>> d = defaults(); d["index"], d["year"], d["units"], d["peers"]
    ('DTI', 2022, ['Bắc Kạn'], 'region')
    """
    return dict(_spec()["defaults"])


def unit_keys(units: str | Iterable[str], dataset=None) -> list[str]:
    """Unit keys for names or keys, in order, once each: the dataset's resolver when one is
    given, else :func:`dtilib.provinces.key` (old provinces, then the new ``N..`` units).

    >>> unit_keys(["Bac Kan", "lạng sơn", "N19", "06"])
    ['06', '20', 'N19']
    >>> unit_keys("Hà Nội")
    ['01']
    """
    from .provinces import key

    if isinstance(units, str):
        units = [units]
    out: list[str] = []
    for u in units:
        k = dataset.unit(u) if dataset is not None else key(str(u).strip())
        if k not in out:
            out.append(k)
    return out


def _unit_name(key: str, lang: str) -> str:
    from .provinces import name

    return name(key, lang, default=str(key))


# ---------------------------------------------------------------------------------------------
# data


def _default_scores() -> pd.DataFrame:
    try:
        from . import demo
    except ImportError as exc:  # pragma: no cover - only before dtilib.demo is installed
        raise DtiError("no DTI component data: pass scores= (dtilib.demo is not available)") from exc
    return demo.scores()


def _default_ict() -> pd.DataFrame:
    try:
        from . import datasets
    except ImportError:  # pragma: no cover - only before dtilib.datasets is installed
        return pd.DataFrame(columns=["unit", "year", "indicator", "rank", "index", "status", "source"])
    return datasets.ict_results()


def _ranked(scores: pd.DataFrame) -> pd.DataFrame:
    from .scoring import ranks

    if "rank" in scores.columns and "peer_group" not in scores.columns:
        return scores
    return ranks(scores.drop(columns=[c for c in ("rank", "peer_group") if c in scores.columns]))


def _peer_rank(peer_totals: pd.DataFrame) -> pd.Series:
    """unit → rank within the given totals, ordered by the national rank (ties share)."""
    r = peer_totals.set_index("unit")["rank"].astype("Float64")
    return r.rank(method="min", ascending=True)


def _tidy_ict(ict: pd.DataFrame) -> pd.DataFrame:
    """ICT results as a scores-like table: level ``total`` for the overall index."""
    df = ict.copy()
    if "year" not in df.columns and "report_year" in df.columns:
        df = df.rename(columns={"report_year": "year"})
    df["indicator"] = df["indicator"].astype(str).replace({"TOTAL": ICT_TOTAL, "ict_index": ICT_TOTAL})
    df["level"] = np.where(df["indicator"] == ICT_TOTAL, "total", "indicator")
    if "synthetic" not in df.columns:
        df["synthetic"] = False
    for c in ("rank", "index"):
        if c not in df.columns:
            df[c] = np.nan
    df["year"] = df["year"].astype(int)
    return df


def _tiny_scores() -> pd.DataFrame:
    """Three provinces, two years, one component: fast data for the examples in this module."""
    from .frameworks import default
    from .scoring import score

    fw = default().with_placeholder_components()
    pts = pd.DataFrame({"unit": ["06", "19", "20"] * 2, "year": [2021] * 3 + [2022] * 3,
                        "indicator": "7.01", "points": [3.0, 2.0, 1.0, 1.0, 2.0, 3.0], "synthetic": True})
    return score(pts, fw)


# ---------------------------------------------------------------------------------------------
# the view


@dataclass
class View:
    """The explorer's answer to one question: title, messages, tables and a figure.

    >>> v = View(index="DTI", year=2022, units=["06"], peers="region", lang="en", title="DTI 2022")
    >>> v.tables == {}, "DTI 2022" in v.to_html()
    (True, True)
    """

    index: str
    year: int | None
    units: list[str]
    peers: str
    lang: str
    title: str
    messages: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figure_factory: Any = field(default=None, repr=False)
    synthetic: bool = False
    _png: bytes | None = field(default=None, repr=False)
    _figure: Any = field(default=None, repr=False)

    @property
    def figure(self):
        """The view's matplotlib Figure, drawn on first use (None when there is nothing to draw)."""
        if self._figure is None and self.figure_factory is not None:
            self._figure = self.figure_factory()
        return self._figure

    def png(self) -> bytes | None:
        """The figure as PNG bytes (None when there is no figure)."""
        if self.figure is None:
            return None
        if self._png is None:
            buf = io.BytesIO()
            self.figure.savefig(buf, format="png", dpi=72)
            self._png = buf.getvalue()
        return self._png

    def table_html(self) -> str:
        """All tables as HTML, each under its heading."""
        parts = []
        for key, t in self.tables.items():
            parts.append(f"<h4>{_html.escape(text('tables', key, self.lang))}</h4>")
            parts.append(t.dti.html(self.lang))
        return "\n".join(parts)

    def messages_html(self) -> str:
        """The messages as an HTML list ('' when there are none)."""
        if not self.messages:
            return ""
        items = "".join(f"<li>{_html.escape(m)}</li>" for m in self.messages)
        return f'<ul class="dti-messages">{items}</ul>'

    def image_html(self) -> str:
        """The figure as an ``<img>`` with the PNG embedded ('' when there is none)."""
        png = self.png()
        if png is None:
            return ""
        b64 = base64.b64encode(png).decode("ascii")
        return f'<img alt="{_html.escape(self.title)}" src="data:image/png;base64,{b64}"/>'

    def to_html(self) -> str:
        """The whole view as one self-contained HTML fragment (the static view)."""
        return (f'<div class="dti-explore"><h3>{_html.escape(self.title)}</h3>'
                f"{self.messages_html()}{self.image_html()}{self.table_html()}</div>")

    def _repr_html_(self) -> str:
        return self.to_html()


# ---------------------------------------------------------------------------------------------
# the explorer


class Explorer:
    """Interactive explorer: index × year × provinces × peer set → tables and charts.

    ``scores`` is DTI scores (output of :func:`dtilib.scoring.score`, ranked or
    not; default :func:`dtilib.demo.scores`, the labelled synthetic
    component-level set); ``ict`` is published ICT Index results (default
    :func:`dtilib.datasets.ict_results`); ``published`` is published DTI
    results shown beside the computed ranks as ``published_rank`` (default
    :func:`dtilib.datasets.dti_results`). Every other argument is the first
    question; missing ones come from :func:`defaults`.

    >>> import pandas as pd
    >>> from dtilib.frameworks import default
    >>> from dtilib.scoring import score
    >>> fw = default().with_placeholder_components()
    >>> pts = pd.DataFrame({"unit": ["06", "20"] * 2, "year": [2021, 2021, 2022, 2022],
    ...                     "indicator": "7.01", "points": [3.0, 1.0, 1.0, 3.0]})
    >>> ex = Explorer(scores=score(pts, fw), units="Bắc Kạn", year=2022, peers="national")
    >>> ex.view.tables["overview"][["rank", "rank_change"]].values.tolist()
    [[2, -1]]
    >>> ex.update(year=2021).tables["overview"]["rank"].tolist()
    [1]
    """

    def __init__(self, scores: pd.DataFrame | None = None, ict: pd.DataFrame | None = None, *,
                 data: Any = None, framework: Any = None,
                 index: str | None = None, year: int | None = None,
                 units: str | Iterable[str] | None = None, peers: str | None = None,
                 lang: str | None = None, band: int | None = None, top: int | None = None,
                 published: pd.DataFrame | None = None):
        from .dataset import Dataset, open_dataset

        d = defaults()
        if data is not None:  # a Dataset, "demo" or the path of a user's file
            self.dataset = open_dataset(data, framework)
            scores = self.dataset.scores
        elif scores is not None:
            self.dataset = Dataset.from_scores(scores)
        else:
            self.dataset = Dataset.demo()
        # a user's own file: its units and framework only (no ICT Index, no published ranks)
        ds = self.dataset
        self.own = ds is not None and (ds.provenance.kind == "file" or not ds.registry)
        if self.own:
            units = units if units else ds.unit_keys[:1]
            peers = "national"
            year = year if year is not None else max(ds.years)
        self._scores_in = scores
        self._ict_in = ict
        self._data: dict[str, pd.DataFrame] = {}
        self._published_in = published
        self._published: dict | None = None
        self.band = int(band if band is not None else d["band"])
        self.top = int(top if top is not None else d["top"])
        self.state: dict[str, Any] = {"index": None, "year": None, "units": [], "peers": None, "lang": None}
        self.view: View | None = None
        self.controls: dict[str, Any] = {}
        self._outputs: dict[str, Any] = {}
        self._box = None
        self._syncing = False
        self.update(index=index or d["index"], year=year, units=units if units is not None else d["units"],
                    peers=peers or d["peers"], lang=lang or d["lang"])

    # -- data ------------------------------------------------------------------------------
    def data(self, index: str = "DTI", post2025: bool = False) -> pd.DataFrame:
        """The ranked table behind ``index`` (scores for DTI, results for ICT); cached.

        ``post2025=True`` gives DTI scores re-aggregated to the 34 new units
        (:func:`dtilib.scoring.reaggregate`) and ranked among them.

        >>> ex = Explorer(scores=_tiny_scores(), units="06")
        >>> sorted(ex.data("DTI", post2025=True)["unit"].unique())   # Bắc Kạn + Thái Nguyên, Lạng Sơn
        ['N19', 'N20']
        """
        key = f"{index}:{post2025}"
        if key not in self._data:
            if index == "DTI" and post2025:
                from .scoring import reaggregate

                base = self.data("DTI")
                base = base.drop(columns=[c for c in ("rank", "peer_group") if c in base.columns])
                self._data[key] = _ranked(reaggregate(base))
            elif index == "DTI":
                raw = self._scores_in if self._scores_in is not None else self.dataset.scores
                self._data[key] = _ranked(raw)
            else:
                raw = self._ict_in if self._ict_in is not None else _default_ict()
                self._data[key] = _tidy_ict(raw)
        return self._data[key]

    def years(self, index: str | None = None) -> list[int]:
        """Years with data for ``index`` (default: the current one).

        >>> Explorer(scores=_tiny_scores(), units="06").years()
        [2021, 2022]
        """
        df = self.data(index or self.state["index"])
        if df.empty:
            return []
        return sorted(int(y) for y in df.loc[df["level"] == "total", "year"].unique())

    # -- the question ----------------------------------------------------------------------
    def update(self, **changes: Any) -> View:
        """Change any of ``index``, ``year``, ``units``, ``peers``, ``lang``; recompute and refresh.

        Bad values raise :class:`~dtilib.errors.DtiError` (an unknown
        province raises ``UnknownProvinceError``) and leave the state as it was.
        A year without data for the index is kept and reported in the view's
        messages, with the years that have data.
        """
        new = dict(self.state)
        for k, v in changes.items():
            if k not in new:
                raise DtiError(f"unknown explorer setting {k!r}; expected one of {', '.join(new)}")
            new[k] = v
        if str(new["index"]).upper() not in self.indexes:
            raise DtiError(f"unknown index {new['index']!r}; expected {' or '.join(self.indexes)}")
        new["index"] = str(new["index"]).upper()
        if new["peers"] not in self.peer_kinds:
            raise DtiError(f"unknown peer set {new['peers']!r}; expected one of {', '.join(self.peer_kinds)}")
        from .labels import check_lang

        try:
            check_lang(new["lang"])
        except ValueError as exc:
            raise DtiError(str(exc)) from None
        new["units"] = unit_keys(new["units"] or [], self.dataset if new["index"] == "DTI" else None)
        years = self.years(new["index"])
        if new["year"] is None or (changes.get("index") and "year" not in changes and new["year"] not in years):
            default_year = defaults()["year"]
            new["year"] = default_year if default_year in years or not years else years[-1]
        try:
            new["year"] = int(new["year"])
        except (TypeError, ValueError):
            raise DtiError(f"year must be a whole number, got {new['year']!r}") from None
        self.state = new
        self.view = self._compute()
        self._refresh()
        return self.view

    @property
    def indexes(self) -> tuple[str, ...]:
        """The indexes this explorer shows: the DTI (the dataset) and, for the bundled data, the ICT Index."""
        return ("DTI",) if self.own else INDEXES

    @property
    def peer_kinds(self) -> tuple[str, ...]:
        """Peer sets that apply: regions, bands and the 2025 units are about provinces."""
        return ("national",) if self.own else PEER_KINDS

    def index_label(self, index: str, lang: str) -> str:
        """The name of an index in the title: "DTI", "ICT", or a user framework's own name."""
        if index == "DTI" and self.own:
            meta = self.dataset.framework.meta
            return str(meta.get(f"name_{lang}") or meta.get("name_vi") or self.dataset.framework.id)
        return index

    def name(self, key: str, lang: str) -> str:
        """Display name of a unit key (the dataset's own names for a user's units)."""
        if self.dataset is not None and self.state.get("index") != "ICT":
            return self.dataset.unit_name(key, lang)
        return _unit_name(key, lang)

    def on_index(self, change: dict) -> View:
        """Widget callback: the index control changed (``change["new"]`` is "DTI" or "ICT")."""
        return self.update(index=change["new"])

    def on_year(self, change: dict) -> View:
        """Widget callback: the year control changed."""
        return self.update(year=change["new"])

    def on_units(self, change: dict) -> View:
        """Widget callback: the province selection changed (names or keys)."""
        return self.update(units=list(change["new"]))

    def on_peers(self, change: dict) -> View:
        """Widget callback: the peer set changed ("region", "rank_band", "national", "post2025")."""
        return self.update(peers=change["new"])

    def on_lang(self, change: dict) -> View:
        """Widget callback: the language changed ("vi" or "en")."""
        return self.update(lang=change["new"])

    # -- computing -------------------------------------------------------------------------
    def _compute(self) -> View:
        st = self.state
        index, year, lang, kind = st["index"], st["year"], st["lang"], st["peers"]
        units = list(st["units"])
        messages: list[str] = []
        if index == "ICT" and kind == "post2025":
            messages.append(text("messages", "ict_post2025", lang))
            kind = "national"
        post = index == "DTI" and kind == "post2025"
        from .provinces import era_of

        if post:
            from .provinces import get

            mapped = []
            for u in units:
                if era_of(u) == "pre2025":
                    new = get(u).successor
                    if _unit_name(u, lang) != _unit_name(new, lang):  # a renamed or merged-away province
                        messages.append(text("messages", "successor", lang, old=_unit_name(u, lang),
                                             new=_unit_name(new, lang)))
                    u = new
                if u not in mapped:
                    mapped.append(u)
            units = mapped
        else:
            from .provinces import merger_map

            back = merger_map().groupby("new_key")["old_key"].agg(list)
            units = list(dict.fromkeys(k for u in units
                                       for k in (back.get(u, [u]) if era_of(u) == "post2025" else [u])))
        if index == "ICT":
            messages.append(text("messages", "ict_sparse", lang))
        names = ", ".join(self.name(u, lang) for u in units)
        peers_text = text("messages", "all_units", lang, n=len(self.dataset.unit_keys)) if self.own else text(
            "peers", kind, lang)
        title = text("messages", "title", lang, index=self.index_label(index, lang), year=year,
                     provinces=names or "–", peers=peers_text)
        view = View(index=index, year=year, units=units, peers=kind, lang=lang, title=title,
                    messages=messages)
        data = self.data(index, post2025=post)
        if data.empty:
            messages.append(text("messages", "no_index_data", lang, index=index))
            return view
        if not units:
            messages.append(text("messages", "no_province", lang))
            return view
        tot = data[data["level"] == "total"]
        have = tot[tot["unit"].isin(units)]
        if have.empty:
            messages.append(text("messages", "never", lang, provinces=names, index=index))
            return view
        tot_y = tot[tot["year"] == year]
        if tot_y.empty or not tot_y["unit"].isin(units).any():
            messages.append(text("messages", "no_data", lang, index=index, provinces=names, year=year))
            yrs = sorted(have["year"].unique())
            messages.append(text("messages", "no_data_years", lang, years=", ".join(str(y) for y in yrs)))
            view.tables["history"] = as_table(self._history(tot, units), lang)
            view.synthetic = bool(have["synthetic"].any())
            return view
        absent = [u for u in units if u not in set(tot_y["unit"])]
        if absent:
            messages.append(text("messages", "no_data", lang, index=index, year=year,
                                 provinces=", ".join(self.name(u, lang) for u in absent)))
            units = [u for u in units if u not in absent]
        members = self._peer_members(kind, units, tot_y, post)
        view.synthetic = bool(data.loc[data["year"] == year, "synthetic"].any())
        view.tables["overview"] = as_table(self._overview(tot, tot_y, units, members), lang)
        prof = self._profile(data[data["year"] == year], units, members)
        if len(prof):
            view.tables["profile"] = as_table(prof, lang)
            sw = self._strengths(data[data["year"] == year], prof, units[0], members)
            if len(sw):
                view.tables["strengths_weaknesses"] = as_table(sw, lang)
        why = self._why(data, units[0])
        if len(why):
            view.tables["why"] = as_table(why, lang)
        zeros = self._zeros(data[data["year"] == year], units)
        if len(zeros):
            view.tables["zeros"] = as_table(zeros, lang)
        view.tables["peers"] = as_table(self._peers_table(tot_y, units, members), lang)
        view.tables["history"] = as_table(self._history(tot, units), lang)
        pub, names = self._published_ranks(), self._indicator_names()  # of this question, not a later one
        view.figure_factory = lambda: self._figure(view, prof, tot, units, pub, names)
        return view

    def _peer_members(self, kind: str, units: list[str], tot_y: pd.DataFrame, post: bool) -> list[str]:
        """Units compared with (the first of) ``units`` in the year's totals, selected units included.

        Region and rank band come from :func:`dtilib.analysis.peer_groups`
        (the DTI rank band on the year's total rank; for the ICT Index the same
        bands on its published rank).
        """
        from .analysis import peer_groups

        present = list(tot_y["unit"])
        first = units[0]
        if kind in ("national", "post2025"):
            members = present
        elif kind == "region" or (kind == "rank_band" and self.state["index"] == "DTI"):
            groups = (peer_groups("region") if kind == "region" else
                      peer_groups("rank_band", year=self.state["year"], band=self.band,
                                  scores=self.data("DTI")))
            g = groups.get(first)
            members = [u for u in present if g is not None and groups.get(u) == g]
        else:  # ICT rank band: bands of ``self.band`` places on the published rank
            r = tot_y.set_index("unit")["rank"]
            rank = r.get(first)
            if rank is None or pd.isna(rank):
                members = present
            else:
                lo = ((int(rank) - 1) // self.band) * self.band + 1
                members = [u for u in present if not pd.isna(r[u]) and lo <= int(r[u]) < lo + self.band]
        return list(dict.fromkeys(members + [u for u in units if u in present]))

    def _overview(self, tot: pd.DataFrame, tot_y: pd.DataFrame, units: list[str],
                  members: list[str]) -> pd.DataFrame:
        year = self.state["year"]
        prev_years = sorted(y for y in tot["year"].unique() if y < year)
        rows = tot_y[tot_y["unit"].isin(units)].copy()
        rows["_order"] = rows["unit"].map({u: i for i, u in enumerate(units)})
        rows = rows.sort_values("_order")
        if prev_years and self.state["index"] == "DTI":
            from .analysis import change

            ch = change(tot, prev_years[-1], year).set_index("unit")
            rows["points_change"] = rows["unit"].map(ch["points_change"])
            rows["rank_change"] = rows["unit"].map(ch["rank_change"]).astype("Int64")
        elif prev_years:
            prev = tot[tot["year"] == prev_years[-1]].set_index("unit")["rank"]
            rows["rank_change"] = (rows["unit"].map(prev).astype("Float64") - rows["rank"].astype("Float64")
                                   ).astype("Int64")
        else:
            rows["rank_change"] = pd.array([pd.NA] * len(rows), dtype="Int64")
        peer = tot_y[tot_y["unit"].isin(members)]
        rows["peer_rank"] = rows["unit"].map(_peer_rank(peer)).astype("Int64")
        rows["n_peers"] = len(peer)
        pub = self._published_ranks()
        if pub is not None:
            rows["published_rank"] = pd.array(
                [pub.get((u, year), pd.NA) for u in rows["unit"]], dtype="Int64")
        cols = ["unit", "year", "points", "points_change", "index", "rank", "rank_change", "peer_rank",
                "n_peers", "published_rank", "status", "unverified", "synthetic"]
        if self.state["index"] == "ICT":
            cols.remove("points")
        return rows[[c for c in cols if c in rows.columns]].reset_index(drop=True)

    def _profile(self, data_y: pd.DataFrame, units: list[str], members: list[str]) -> pd.DataFrame:
        """Per main indicator: each selected unit against the peer mean, national mean and best."""
        ind = data_y[data_y["level"] == "indicator"]
        if "max_points" in ind.columns:
            ind = ind[ind["max_points"].fillna(1) > 0]  # smart city is reported, not scored
        if ind.empty:
            return pd.DataFrame()
        if self.state["index"] == "DTI":
            from .analysis import peer_stats

            peers = dict.fromkeys(members, "peers")
            frames = [peer_stats(data_y, u, self.state["year"], peers=peers, level="indicator")
                      for u in units if u in set(ind["unit"])]
            ps = pd.concat(frames, ignore_index=True)
            ps["indicator_name"] = ps["indicator"].map(self._indicator_names())
            lang = self.state["lang"]
            ps["best_unit"] = ps["best_unit"].map(lambda k: self.name(k, lang))  # a name, not a registry code
            cols = ["unit", "indicator", "indicator_name", "points", "max_points", "index", "rank",
                    "rank_in_peers", "peer_mean", "national_mean", "best", "best_unit", "synthetic"]
            return ps[cols]
        value = "index"
        g_all = ind.groupby("indicator", sort=False)[value]
        g_peer = ind[ind["unit"].isin(members)].groupby("indicator", sort=False)[value]
        mine = ind[ind["unit"].isin(units)].copy()
        mine["_order"] = mine["unit"].map({u: i for i, u in enumerate(units)})
        mine = mine.sort_values(["_order"], kind="stable")
        sfx = "" if value == "points" else "_index"
        mine["peer_mean" + sfx] = mine["indicator"].map(g_peer.mean())
        # the ICT Index is published for a few provinces a year: a mean of those, never "national"
        mine["mean" + sfx] = mine["indicator"].map(g_all.mean())
        mine["best" + sfx] = mine["indicator"].map(g_all.max())
        mine["n_units"] = mine["indicator"].map(g_all.count()).astype("int64")
        mine["indicator_name"] = mine["indicator"].map(self._indicator_names())
        cols = ["unit", "indicator", "indicator_name", "points", "max_points", "index", "rank",
                "peer_mean" + sfx, "mean" + sfx, "best" + sfx, "n_units", "status", "synthetic"]
        if value == "index":
            cols = [c for c in cols if c not in ("points", "max_points")]
        return mine[[c for c in cols if c in mine.columns]].reset_index(drop=True)

    def _indicator_names(self) -> dict[str, str]:
        from .frameworks import load

        lang = self.state["lang"]
        fw = self.dataset.framework if self.state["index"] == "DTI" else load("ict-index")
        names = dict(zip(fw.nodes["code"].astype(str), fw.nodes["name_" + lang]))
        if self.state["index"] == "ICT":
            names[ICT_TOTAL] = names.get(fw.total_code, ICT_TOTAL)
        return names

    def _strengths(self, data_y: pd.DataFrame, prof: pd.DataFrame, unit: str,
                   members: list[str]) -> pd.DataFrame:
        """The unit's ``top`` strongest and weakest main indicators.

        DTI: :func:`dtilib.analysis.strengths_weaknesses` (by national rank, as
        COINr does; ``vs_peers`` = index − peer mean). ICT Index (sparse
        published sub-indices): ordered by the gap to the peer mean.
        """
        from .labels import label

        lang = self.state["lang"]
        if self.state["index"] == "DTI":
            from .analysis import strengths_weaknesses

            sw = strengths_weaknesses(data_y, unit, self.state["year"], peers=dict.fromkeys(members, "peers"),
                                      n=self.top)
            sw["label"] = [label(t, lang) for t in sw["type"]]
            sw["indicator_name"] = sw["indicator"].map(self._indicator_names())
            cols = ["unit", "label", "indicator", "indicator_name", "points", "max_points", "index", "rank",
                    "rank_in_peers", "vs_peers", "vs_national", "synthetic"]
            return sw[cols]
        p = prof[prof["unit"] == unit].copy()
        p["vs_peers"] = p["index"] - p["peer_mean_index"]
        p = p.dropna(subset=["vs_peers"]).sort_values("vs_peers", ascending=False, kind="stable")
        n = min(self.top, len(p) // 2)
        best = p.head(n).assign(label=label("strength", lang))
        worst = p.tail(n).iloc[::-1].assign(label=label("weakness", lang))
        cols = ["unit", "label", "indicator", "indicator_name", "index", "rank", "vs_peers", "status",
                "synthetic"]
        out = pd.concat([best, worst])
        return out[[c for c in cols if c in out.columns]].reset_index(drop=True)

    def _why(self, data: pd.DataFrame, unit: str) -> pd.DataFrame:
        """Why the unit's DTI rank changed since the previous year: each main indicator's part and
        the others' progress (:func:`dtilib.analysis.rank_change_explained`); empty for the ICT Index
        or without an earlier year."""
        year = self.state["year"]
        earlier = sorted(y for y in data.loc[data["unit"] == unit, "year"].unique() if y < year)
        if self.state["index"] != "DTI" or not earlier:
            return pd.DataFrame()
        from .analysis import rank_change_explained

        why = rank_change_explained(data, unit, int(earlier[-1]), year)
        names = self._indicator_names()
        names["others"] = text("chart", "others", self.state["lang"])
        why = why.rename(columns={"player": "indicator"})
        why["indicator_name"] = why["indicator"].map(names)
        cols = ["unit", "from_year", "to_year", "indicator", "indicator_name", "points_change",
                "places_if_alone", "places", "share", "synthetic"]
        return why[cols]

    def _zeros(self, data_y: pd.DataFrame, units: list[str]) -> pd.DataFrame:
        """Per main indicator of each selected unit: components scored 0 and components not reported.

        Counts of :func:`dtilib.analysis.zero_indicators` and
        :func:`~dtilib.analysis.missing_indicators` (missing is never a zero).
        """
        from .analysis import missing_indicators, zero_indicators

        comp = data_y[(data_y["level"] == "component") & data_y["unit"].isin(units)]
        if comp.empty:
            return pd.DataFrame()
        comp = comp[comp["max_points"].fillna(1) > 0]  # smart city components are reported, not scored
        if comp.empty:
            return pd.DataFrame()
        main = comp["indicator"].astype(str).str.split(".").str[0]
        keys = pd.MultiIndex.from_arrays([comp["unit"], main], names=["unit", "indicator"])
        n = pd.Series(1, index=keys).groupby(level=[0, 1], sort=False).sum()

        def count(found: pd.DataFrame) -> pd.Series:
            k = pd.MultiIndex.from_arrays([found["unit"], found["indicator"].astype(str).str.split(".").str[0]])
            return pd.Series(1, index=k).groupby(level=[0, 1]).sum().reindex(n.index, fill_value=0)

        out = pd.DataFrame({"n_components": n, "n_zero": count(zero_indicators(comp)),
                            "n_missing": count(missing_indicators(comp)),
                            "synthetic": comp.groupby([comp["unit"], main], sort=False)["synthetic"].any()
                            }).reset_index()
        out["indicator_name"] = out["indicator"].map(self._indicator_names())
        out["_order"] = out["unit"].map({u: i for i, u in enumerate(units)})
        out = out.sort_values("_order", kind="stable")
        return out[["unit", "indicator", "indicator_name", "n_components", "n_zero", "n_missing",
                    "synthetic"]].reset_index(drop=True)

    def _peers_table(self, tot_y: pd.DataFrame, units: list[str], members: list[str]) -> pd.DataFrame:
        p = tot_y[tot_y["unit"].isin(members)].copy()
        p["peer_rank"] = p["unit"].map(_peer_rank(p)).astype("Int64")
        cols = ["unit", "points", "index", "rank", "peer_rank", "status", "unverified", "synthetic"]
        if self.state["index"] == "ICT":
            cols.remove("points")
        p = p.sort_values(["peer_rank", "unit"], kind="stable")
        return p[[c for c in cols if c in p.columns]].reset_index(drop=True)

    def _history(self, tot: pd.DataFrame, units: list[str]) -> pd.DataFrame:
        h = tot[tot["unit"].isin(units)].copy()
        h["_order"] = h["unit"].map({u: i for i, u in enumerate(units)})
        h = h.sort_values(["_order", "year"], kind="stable")
        pub = self._published_ranks()
        if pub is not None:
            h["published_rank"] = pd.array([pub.get((u, y), pd.NA) for u, y in zip(h["unit"], h["year"])],
                                           dtype="Int64")
        cols = ["unit", "year", "points", "index", "rank", "published_rank", "status", "unverified",
                "synthetic"]
        if self.state["index"] == "ICT":
            cols.remove("points")
        return h[[c for c in cols if c in h.columns]].reset_index(drop=True)

    def _published_ranks(self) -> dict | None:
        """(unit, year) → published DTI rank among the 63 (None for ICT and the 34 new units)."""
        if self.state["index"] != "DTI" or self.state["peers"] == "post2025" or self.own:
            return None
        if self._published is None:
            pub = self._published_in
            if pub is None:
                from . import datasets

                pub = datasets.dti_results()
            if "ranking_group" in pub.columns:
                pub = pub[pub["ranking_group"] == "63_provinces"]
            pub = pub.dropna(subset=["rank"])
            self._published = {(u, int(y)): int(r) for u, y, r in zip(pub["unit"], pub["year"], pub["rank"])}
        return self._published or None

    # -- the chart -------------------------------------------------------------------------
    def _figure(self, view: View, prof: pd.DataFrame, tot: pd.DataFrame, units: list[str],
                pub: dict | None, names: dict[str, str]):
        """Main indicators (0–1) of the selected units against their peers, the nation and the
        best, above their rank over the years (:func:`dtilib.plots.rank_trajectories`), in the
        house style of :mod:`dtilib.plots`. A matplotlib Figure outside pyplot (no global state,
        nothing displayed twice in a notebook)."""
        from matplotlib.figure import Figure

        from . import plots
        from .plots import style

        lang = view.lang
        with plots.house_style():
            fig = Figure(figsize=(style.FIGSIZE["slide"][0], 11.5), layout="constrained")
            ax1, ax2 = fig.subplots(2, 1, height_ratios=[3, 2])
            if len(prof):
                self._profile_axes(ax1, prof, units, lang, names)
            ax1.set_title(view.title.replace(" — ", "\n", 1), loc="left", fontsize=18)
            ranked = [u for u in units if tot.loc[tot["unit"] == u, "rank"].notna().any()]
            if ranked:
                code = str(tot["indicator"].iloc[0])
                plots.rank_trajectories(tot, highlight=ranked, indicator=code, ax=ax2, lang=lang,
                                        synthetic=False, title=text("chart", "history", lang))
                if pub:
                    for i, u in enumerate(ranked):
                        pts = sorted((y, r) for (k, y), r in pub.items() if k == u)
                        if pts:
                            ax2.scatter([p[0] for p in pts], [p[1] for p in pts], marker="s", s=260,
                                        facecolors="none", edgecolors=style.PALETTE[i % len(style.PALETTE)],
                                        linewidths=2, zorder=5,
                                        label=text("chart", "published", lang) if i == 0 else None,
                                        gid="published")
                    marks = [h for h in ax2.collections if h.get_gid() == "published"][:1]
                    if marks:
                        ax2.legend(marks, [text("chart", "published", lang)], loc="upper left",
                                   bbox_to_anchor=(1.01, 1.0), fontsize=13)
            else:
                ax2.set_axis_off()
            if view.synthetic:
                plots.mark_synthetic(fig, lang)
        return fig

    def _profile_axes(self, ax, prof: pd.DataFrame, units: list[str], lang: str,
                      names: dict[str, str]) -> None:
        """Horizontal bars of each unit's index per main indicator; markers for the comparisons."""
        from .plots import style

        sfx = "" if "max_points" in prof.columns else "_index"
        codes = list(dict.fromkeys(prof["indicator"]))
        y = np.arange(len(codes))
        height = 0.8 / max(len(units), 1)
        for i, u in enumerate(units):
            pu = prof[prof["unit"] == u].set_index("indicator").reindex(codes)
            ax.barh(y - 0.4 + height * (i + 0.5), pu["index"], height=height * 0.95,
                    label=self.name(u, lang), color=style.PALETTE[i % len(style.PALETTE)])
        first = prof[prof["unit"] == units[0]].set_index("indicator").reindex(codes)
        scale = first["max_points"] if sfx == "" else 1.0
        mean = "national_mean" if "national_mean" + sfx in first.columns else "mean"
        n = int(prof["n_units"].max()) if "n_units" in prof.columns and prof["n_units"].notna().any() else None
        for col, marker, color in (("peer_mean", "D", "#000000"), (mean, "|", style.NEUTRAL),
                                   ("best", "*", style.PALETTE[2])):
            name = text("chart", col, lang, n=n) if col == "mean" else text("chart", col, lang)
            if col == "national_mean" and self.own:  # a user's own units: the mean of those units
                name = text("chart", "mean_units", lang, n=len(self.dataset.unit_keys))
            if col == "best" and n is not None:
                name = text("chart", "best_of", lang, n=n)
            ax.scatter(first[col + sfx] / scale, y, marker=marker, color=color, s=180, linewidths=2.5,
                       zorder=3, label=name)
        ax.set_yticks(y, [f"{c}. {names.get(c, c)}" for c in codes])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.grid(axis="x")
        ax.set_xlabel(text("chart", "profile", lang))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=13)

    # -- widgets ---------------------------------------------------------------------------
    def widget(self):
        """The ipywidgets box: controls wired to the callbacks, and the live view.

        Setting a control calls the matching ``on_*`` method; the view's title,
        messages, chart and tables follow (``tests/test_explore.py`` drives it).
        """
        if self._box is not None:
            return self._box
        import ipywidgets as w

        from .provinces import provinces
        from .text import sort_key_vi

        st = self.state
        if self.own:  # the user's own units, as named in their file
            keys = sorted(self.dataset.unit_keys, key=lambda k: sort_key_vi(self.name(k, "vi")))
            opts = [(self.name(k, "vi"), k) for k in keys]
        else:
            old = provinces("pre2025")
            opts = sorted(((r.name_vi, r.key) for r in old.itertuples()), key=lambda o: sort_key_vi(o[0]))
        valid = {o[1] for o in opts}
        self.controls = {
            "index": w.ToggleButtons(options=list(self.indexes), value=st["index"]),
            "year": w.Dropdown(options=self.years(st["index"]) or [st["year"]], value=st["year"]),
            "units": w.SelectMultiple(options=opts, value=tuple(u for u in st["units"] if u in valid), rows=8),
            "peers": w.Dropdown(options=[(text("peers", k, st["lang"]), k) for k in self.peer_kinds],
                                value=st["peers"]),
            "lang": w.ToggleButtons(options=list(LANGS), value=st["lang"]),
        }
        for c in self.controls.values():
            c.style.description_width = "initial"  # full Vietnamese labels, never cut off
        for key, cb in (("index", self.on_index), ("year", self.on_year), ("units", self.on_units),
                        ("peers", self.on_peers), ("lang", self.on_lang)):
            self.controls[key].observe(self._guarded(cb), names="value")
        self._outputs = {"title": w.HTML(), "messages": w.HTML(), "figure": w.Image(format="png"),
                         "tables": w.HTML()}
        left = w.VBox([self.controls[k] for k in ("index", "year", "peers", "lang")])
        self._box = w.VBox([w.HBox([left, self.controls["units"]]), self._outputs["title"],
                            self._outputs["messages"], self._outputs["figure"], self._outputs["tables"]])
        self._refresh()
        return self._box

    def _guarded(self, callback):
        def handler(change):
            if self._syncing:
                return
            try:
                callback(change)
            except DtiError as exc:  # a bad value shows as a message, never a traceback
                if "messages" in self._outputs:
                    self._outputs["messages"].value = f"<b>{_html.escape(str(exc))}</b>"
        return handler

    def _refresh(self) -> None:
        """Bring the widgets (when built) in line with the state and the view."""
        if not self._outputs or self.view is None:
            return
        st, v = self.state, self.view
        self._syncing = True
        try:
            c = self.controls
            for key in ("index", "year", "units", "peers", "lang"):
                c[key].description = text("controls", "provinces" if key == "units" else key, st["lang"])
            c["index"].value = st["index"]
            years = self.years(st["index"]) or [st["year"]]
            if st["year"] not in years:
                years = sorted(set(years) | {st["year"]})
            if list(c["year"].options) != years:
                c["year"].options = years
            c["year"].value = st["year"]
            c["peers"].options = [(text("peers", k, st["lang"]), k) for k in self.peer_kinds]
            c["peers"].value = st["peers"]
            c["lang"].value = st["lang"]
            valid = {o[1] for o in c["units"].options}
            c["units"].value = tuple(u for u in st["units"] if u in valid)
        finally:
            self._syncing = False
        self._outputs["title"].value = f"<h3>{_html.escape(v.title)}</h3>"
        self._outputs["messages"].value = v.messages_html()
        png = v.png()
        self._outputs["figure"].value = png or b""
        self._outputs["figure"].layout.display = None if png else "none"
        self._outputs["tables"].value = v.table_html()

    def show(self):
        """Display the explorer (widgets live in JupyterLab, static HTML elsewhere) and return it."""
        from IPython.display import display

        display(self)
        return self

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/html": self.view.to_html() if self.view is not None else "",
                "text/plain": self.view.title if self.view is not None else "Explorer"}
        try:
            bundle = self.widget()._repr_mimebundle_()
        except Exception:  # pragma: no cover - no widget support: the static view stays
            bundle = None
        if bundle:
            extra = bundle[0] if isinstance(bundle, tuple) else bundle
            data.update({k: v for k, v in extra.items() if k != "text/plain"})
        return data
